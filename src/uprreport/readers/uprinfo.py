"""Read a UPR Info database export: one row per recommendation with the State under review,
the recommending State, the response, UPR Info's action category (1 to 5), its issues
(comma-joined) and the Working Group session.

Two layouts are read (docs/ohchr-lists.md, "UPR Info exports"): the CSV export (To, To-Rgrp,
To-Org, Text, From, From-Rgrp, From-Org, Response, Action, Issue, Session) and UPR Info's
original .xls export (SuR, Rgrp, Org, Recommendation, RS, Rgrp, Org, Response, Action, Issue,
Session), whose "Rgrp" and "Org" headings appear twice: the pair after SuR is the State under
review's, the pair after RS the recommending State's. Regional groups and organisations are
attributes of the States, never States themselves. A "Voluntary Pledge" response is a pledge
the State made, kept as such (position ``voluntary pledge``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.model import states
from uprreport.model.register import Position, parse_position
from uprreport.readers import tables


@dataclass
class UprInfoRow:
    row: int
    state_under_review: str
    text: str
    recommending_state: str
    response: str               # a register position ("supported", "noted", "voluntary pledge"), else as written
    action_category: int | None
    issues: list[str] = field(default_factory=list)
    session: str = ""
    state_group: str = ""       # the State under review's regional group (Asia, WEOG …)
    state_orgs: list[str] = field(default_factory=list)          # its organisations (OIC, EU …)
    recommending_group: str = ""
    recommending_orgs: list[str] = field(default_factory=list)

    @property
    def is_pledge(self) -> bool:
        return self.response == Position.PLEDGE.value


# Headings (normalised: tables.normalise_header) -> what the column holds. "rgrp" and "org"
# alone belong to the State named by the column before them (see roles()).
HEADINGS = {
    "to": "to", "sur": "to", "state_under_review": "to",
    "text": "text", "recommendation": "text",
    "from": "from", "rs": "from", "recommending_state": "from",
    "response": "response", "action": "action", "action_category": "action",
    "issue": "issue", "issues": "issue", "session": "session",
    "to_rgrp": "to_rgrp", "to_org": "to_org", "sur_rgrp": "to_rgrp", "sur_org": "to_org",
    "from_rgrp": "from_rgrp", "from_org": "from_org", "rs_rgrp": "from_rgrp", "rs_org": "from_org",
}
REQUIRED = {"to": "To (or SuR)", "text": "Text (or Recommendation)", "from": "From (or RS)", "response": "Response"}


def roles(columns: list[str]) -> dict[str, str]:
    """What each column holds, from its heading and its place: role -> column name. A
    heading "Rgrp" or "Org" (numbered "rgrp_2", "org_2" when repeated) is the regional
    group or organisations of the State whose column comes before it (SuR/To or RS/From)."""
    out: dict[str, str] = {}
    owner = "to"
    for column in columns:
        bare = re.sub(r"_\d+$", "", column)
        role = HEADINGS.get(column) or HEADINGS.get(bare)
        if role in ("to", "from"):
            owner = role
        elif role is None and bare in ("rgrp", "org"):
            role = f"{owner}_{bare}"
        if role and role not in out:
            out[role] = column
    return out


def _position(response: str) -> str:
    """UPR Info's response as a register position ("Accepted" is supported, "Voluntary
    Pledge" a pledge); another response is kept as written, for the register's check."""
    try:
        return parse_position(response).value
    except ValueError:
        return " ".join(response.split())


def _names(cell: str) -> list[str]:
    return [n.strip() for n in cell.split(",") if n.strip()]


def read(path: Path, shown: str, state: str | None = None, session: str | None = None
         ) -> tuple[list[UprInfoRow], list[Diagnostic]]:
    """The rows of the export, in its order: those of one State under review (any spelling)
    and/or one session, or all of them."""
    data, diags = tables.read_table(path, shown, distinct=True)
    if data is None:
        return [], diags
    got = roles(data.columns)
    missing = [said for role, said in REQUIRED.items() if role not in got]
    if missing:
        return [], diags + [make("table-missing-column", data.at(row=1),
                                 f"not a UPR Info export: no {', '.join(missing)} column. The first row must "
                                 "head the columns as UPR Info's export does (To, Text, From, Response, Action, "
                                 "Issue, Session; or SuR, Recommendation, RS …): export the State's "
                                 "recommendations again from UPR Info's database, or correct the headings")]
    col = {role: got.get(role, "") for role in (*REQUIRED, "action", "issue", "session", "to_rgrp", "to_org",
                                                 "from_rgrp", "from_org")}
    wanted = states.key(state) if state else None
    out = []
    for n, r in data.rows:
        def get(role: str) -> str:
            return r.get(col[role], "").strip() if col[role] else ""

        if state and states.key(get("to")) != wanted and not same_state(get("to"), state):
            continue
        if session and not same_session(get("session"), session):
            continue
        action = get("action")
        out.append(UprInfoRow(n, " ".join(get("to").split()), " ".join(get("text").split()),
                              " ".join(get("from").split()), _position(get("response")),
                              int(action) if action in ("1", "2", "3", "4", "5") else None,
                              _names(get("issue")), get("session"), get("to_rgrp"), _names(get("to_org")),
                              get("from_rgrp"), _names(get("from_org"))))
    return out, diags


def same_session(value: str, wanted: str) -> bool:
    """Whether a Session cell is the session asked for: "18" is "18", "UPR 18" and "18th"."""
    value, wanted = value.strip(), str(wanted).strip()
    if value.casefold() == wanted.casefold():
        return True
    digits = re.findall(r"[0-9]+", value)
    return (re.fullmatch(r"[0-9]{1,6}", wanted) is not None and len(digits) == 1 and len(digits[0]) <= 6
            and int(digits[0]) == int(wanted))


def same_state(written: str, wanted: str) -> bool:
    """Whether two spellings name one State ("Iran" and "Iran (Islamic Republic of)")."""
    return states.key(written) == states.key(wanted) or states.norm(written) == states.norm(wanted)


def select(rows: list[UprInfoRow], state: str | None = None, session: str | None = None) -> list[UprInfoRow]:
    """The rows of one State under review (any spelling) and/or one session."""
    wanted = states.key(state) if state else None
    return [r for r in rows
            if (not state or states.key(r.state_under_review) == wanted or same_state(r.state_under_review, state))
            and (not session or same_session(r.session, session))]


def read_all(path: Path, shown: str) -> tuple[list[UprInfoRow], list[Diagnostic]]:
    """Every row of the export."""
    return read(path, shown)


def check(rows: list[UprInfoRow], shown: str) -> list[Diagnostic]:
    """Responses that are no position uprreport knows, each located."""
    out = []
    for r in rows:
        try:
            parse_position(r.response)
        except ValueError:
            said = f"'{r.response}' is not a response uprreport knows" if r.response else "no response"
            out.append(make("position-invalid", Location(shown, row=r.row, field="Response"),
                            f"{said} (UPR Info writes Accepted, Noted or Voluntary Pledge): the row is imported "
                            "with it as written; correct the position in the register", Severity.WARNING))
    return out


# Register columns set when a register is built from the export (``register_row``), and
# those added to matching rows of an existing register (``enrichment``).
OWNED = ["text", "states", "position", "themes", "action_category", "mechanism", "uprinfo_issues"]
ENRICHED = ["action_category", "uprinfo_issues"]


def recommending_states(r: UprInfoRow) -> list[str]:
    """The row's recommending States as written: none for a group or organisation (EU, OIF),
    nor for a pledge the State under review made itself."""
    name = r.recommending_state
    if not name:
        return []
    entity = states.resolve(name)
    if entity is not None and not entity.is_state:
        return []
    if r.is_pledge and states.key(name) == states.key(r.state_under_review):
        return []
    return [name]


def register_row(r: UprInfoRow, rec_id: str) -> dict:
    return {"id": rec_id, "text": r.text, "states": recommending_states(r), "position": r.response,
            "themes": r.issues, "action_category": r.action_category or "", "mechanism": "UPR",
            "uprinfo_issues": ", ".join(r.issues)}


def enrichment(r: UprInfoRow) -> dict:
    return {"action_category": r.action_category or "", "uprinfo_issues": ", ".join(r.issues)}
