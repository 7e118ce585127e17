"""Read a UPR Info database export (CSV or XLSX): one row per recommendation with the State
under review (To), the recommending State (From), the response, UPR Info's action
category (1 to 5), its issues (comma-joined) and the Working Group session."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.readers import tables

RESPONSES = {"accepted": "supported", "noted": "noted", "supported": "supported"}


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
        response = RESPONSES.get(r.get("response", "").strip().lower(), r.get("response", "").strip())
        issues = [i.strip() for i in r.get("issue", "").split(",") if i.strip()]
        out.append(UprInfoRow(n, r.get("to", "").strip(), " ".join(r.get("text", "").split()),
                              r.get("from", "").strip(), response,
                              int(action) if action.isdigit() and 1 <= int(action) <= 5 else None,
                              issues, r.get("session", "").strip()))
    return out, diags
