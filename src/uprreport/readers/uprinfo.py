"""Read a UPR Info database export (CSV or XLSX): one row per recommendation with the State
under review (To), the recommending State (From), the response, UPR Info's action
category (1 to 5), its issues (comma-joined) and the Working Group session."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.register import parse_position
from uprreport.readers import tables



@dataclass
class UprInfoRow:
    row: int
    state_under_review: str
    text: str
    recommending_state: str
    response: str               # supported / noted, or as written (e.g. "Voluntary Pledge")
    action_category: int | None
    issues: list[str] = field(default_factory=list)
    session: str = ""


def _position(response: str) -> str:
    """UPR Info's response as a register position; other responses ("Voluntary Pledge")
    are kept as written, for the register's check to report."""
    try:
        return parse_position(response).value
    except ValueError:
        return response.strip()


def read(path: Path, shown: str, state: str | None = None, session: str | None = None
         ) -> tuple[list[UprInfoRow], list[Diagnostic]]:
    """Rows of the export, filtered to one State under review and/or one session."""
    data, diags = tables.read_table(path, shown)
    if data is None:
        return [], diags
    need = {"to", "text", "from", "response"}
    missing = need - set(data.columns)
    if missing:
        return [], diags + [make("table-missing-column", Location(shown, row=1),
                                 f"not a UPR Info export: no {', '.join(sorted(missing))} column "
                                 "(expected To, Text, From, Response, Action, Issue, Session)")]
    out = []
    for n, r in data.rows:
        if state and r.get("to", "").strip().lower() != state.strip().lower():
            continue
        if session and r.get("session", "").strip() != str(session).strip():
            continue
        action = r.get("action", "").strip()
        response = _position(r.get("response", ""))
        issues = [i.strip() for i in r.get("issue", "").split(",") if i.strip()]
        out.append(UprInfoRow(n, r.get("to", "").strip(), " ".join(r.get("text", "").split()),
                              r.get("from", "").strip(), response,
                              int(action) if action in ("1", "2", "3", "4", "5") else None,
                              issues, r.get("session", "").strip()))
    return out, diags


# Register columns set when a register is built from the export (``register_row``), and
# those added to matching rows of an existing register (``enrichment``).
OWNED = ["text", "states", "position", "themes", "action_category", "mechanism", "uprinfo_issues"]
ENRICHED = ["action_category", "uprinfo_issues"]


def register_row(r: UprInfoRow, rec_id: str) -> dict:
    return {"id": rec_id, "text": r.text, "states": [r.recommending_state], "position": r.response,
            "themes": r.issues, "action_category": r.action_category or "", "mechanism": "UPR",
            "uprinfo_issues": ", ".join(r.issues)}


def enrichment(r: UprInfoRow) -> dict:
    return {"action_category": r.action_category or "", "uprinfo_issues": ", ".join(r.issues)}
