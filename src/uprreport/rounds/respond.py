"""Owners answer the comments routed to them: a worksheet each, read back, or the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.errors import UprError, UsageError
from uprreport.readers import tables
from uprreport.rounds import history, store
from uprreport.rounds.store import DECISIONS, Decision
SHEET_COLUMNS = ["comment_no", "paragraph_id", "paragraph_number", "classification", "commenter", "organisation",
                 "comment", "proposed_wording", "late", "decision", "reason"]


@dataclass
class Answered:
    decided: int = 0
    unchanged: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)    # the comments whose decision or reason changed


def _open_round(conn) -> int:
    return store.require_open(conn)["n"]


def _still_open(conn, n: int) -> None:
    """In the transaction that records decisions: round ``n`` is still open (a decision
    recorded after the round closed would be missing from its response matrix)."""
    current = store.current_round(conn)
    if current is None or current["n"] != n:
        raise UsageError(f"round {n} was closed while the decisions were read; nothing was recorded",
                         hint="its response matrix holds the decisions recorded before it closed")


@dataclass
class Sheets:
    paths: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)   # comments cut to fit a cell


def export_sheets(project: Path) -> Sheets:
    """One response worksheet per owner with comments in the open round."""
    from uprreport.rounds.review_copy import round_folder
    from uprreport.writers import table as table_writer

    with store.opened(project) as conn:
        n = _open_round(conn)
        rows = conn.execute("SELECT c.*, p.number FROM comments c LEFT JOIN paragraphs p ON p.round = c.round "
                            "AND p.pid = c.pid WHERE c.round = ? ORDER BY c.owner, c.id", (n,)).fetchall()
    by_owner: dict[str, list] = {}
    for r in rows:
        by_owner.setdefault(r["owner"], []).append(r)
    out = Sheets()
    for owner, items in by_owner.items():
        path = round_folder(project, n) / f"responses-{owner}.xlsx"
        out.diagnostics += table_writer.write_xlsx(path, SHEET_COLUMNS, [
            {"comment_no": r["id"], "paragraph_id": r["pid"] or "(whole draft)", "paragraph_number": r["number"] or "",
             "classification": r["classification"], "commenter": r["reviewer"], "organisation": r["organisation"],
             "comment": r["comment"], "proposed_wording": r["proposed"], "late": "late" if r["late"] else "",
             "decision": r["decision"] or "", "reason": r["reason"] or ""} for r in items],
            sheet="Responses", widths={"comment": 50, "proposed_wording": 40, "reason": 40, "decision": 24},
            choices={"decision": DECISIONS})
        out.paths.append(path)
    return out


def normal(decision: str) -> str:
    return " ".join(decision.lower().split())


def problem(decision: str, reason: str) -> tuple[str, str] | None:
    """What is wrong with recording ``decision`` (as written) with ``reason``: (the field at
    fault, what to do), or None when it can be recorded."""
    try:
        d = Decision(normal(decision))
    except ValueError:
        return "decision", f"'{decision}' is not a decision; use one of: {', '.join(DECISIONS)}"
    if d.needs_reason and not reason.strip():
        return "reason", f"a decision '{d.value}' needs a reason"
    return None


def record(conn, n: int, comment_id: int, decision: str, reason: str, by: str) -> bool:
    """Record ``by``'s decision on comment ``comment_id`` of round ``n`` (inside the caller's
    transaction), with a row in its history (the decision it had and the new one, the reason,
    who, when); whether it changed anything (False: it had this decision and reason already,
    and nothing is written). KeyError when the round has no such comment."""
    row = conn.execute("SELECT decision, reason FROM comments WHERE round = ? AND id = ?", (n, comment_id)).fetchone()
    if row is None:
        raise KeyError(comment_id)
    if (row["decision"] or "") == decision and (row["reason"] or "") == reason:
        return False
    state = Decision(decision).state.value
    at = history.now()
    conn.execute("UPDATE comments SET decision = ?, reason = ?, state = ?, decided_by = ?, decided_at = ? "
                 "WHERE round = ? AND id = ?", (decision, reason, state, by, at, n, comment_id))
    history.add(conn, n, comment_id, history.DECISION, row["decision"] or "", decision, reason, by, at)
    return True


def import_sheets(project: Path, files: list[Path]) -> Answered:
    """Read decisions back from response worksheets (one transaction for all of them, in the
    round still open when it runs: a closing in progress is waited for)."""
    with store.opened(project) as conn:
        return _import_sheets(conn, files)


def _import_sheets(conn, files: list[Path]) -> Answered:
    n = _open_round(conn)
    result = Answered()
    todo = []
    for path in files:
        shown = Path(path).name
        data, diags = tables.read_table(Path(path), shown, sheet="Responses", formulas=True)
        result.diagnostics.extend(diags)
        if data is None:
            continue
        owner = Path(path).stem.removeprefix("responses-")
        for row_n, row in data.rows:
            decision = normal(row.get("decision", ""))
            if not decision:
                continue
            where = Location(shown, row=row_n, field="decision")
            wrong = problem(row["decision"], row.get("reason", ""))
            if wrong:
                field, message = wrong
                result.diagnostics.append(make("decision-invalid", Location(shown, row=row_n, field=field),
                                               message + ("; write it in the reason column" if field == "reason" else "")))
                continue
            if not row.get("comment_no", "").isdigit():
                result.diagnostics.append(make("decision-invalid", Location(shown, row=row_n, field="comment_no"),
                                               "no comment number on this row; do not edit the comment_no column"))
                continue
            todo.append((int(row["comment_no"]), decision, row.get("reason", "").strip(), owner, where))
    with store.transaction(conn):
        _still_open(conn, n)
        for cid, decision, reason, owner, where in todo:
            try:
                changed = record(conn, n, cid, decision, reason, owner)
            except KeyError:
                result.diagnostics.append(make("decision-invalid", where, f"comment {cid} is not in round {n}"))
                continue
            result.decided += changed
            result.unchanged += not changed
            if changed:
                result.changed.append(cid)
    return result


def decide(project: Path, comment_id: int, decision: str, reason: str, by: str) -> bool:
    """Record one decision (the same rules as the worksheets: some decisions need a reason);
    whether it changed the comment's decision or reason."""
    wrong = problem(decision, reason)
    if wrong:
        field, message = wrong
        raise UsageError(message, hint="give it with --reason \"...\"" if field == "reason" else "")
    decision = normal(decision)
    with store.opened(project) as conn:
        n = _open_round(conn)
        with store.transaction(conn):
            _still_open(conn, n)
            try:
                return record(conn, n, comment_id, decision, reason, by)
            except KeyError:
                raise UprError(f"comment {comment_id} is not in round {n}") from None
