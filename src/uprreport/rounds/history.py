"""What was done to a round's comments and to the round itself, kept in the register's
``history`` (docs/store.md, "History"): each decision and each change of it (recorded by
rounds/respond.py), each reassignment of a comment to another owner, each extension of the
round's deadline (no comment). Reassigning and extending are here.

Every function writes inside the caller's transaction, or opens its own: a reassignment and
its history row, a new deadline and its row, are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from uprreport.errors import UsageError
from uprreport.rounds import store

DECISION, REASSIGNED, DEADLINE = "decision", "reassigned", "deadline"


@dataclass(frozen=True)
class Entry:
    """One row of the history: ``what`` changed from ``old`` to ``new`` (decisions, owners,
    dates), why, who, when (UTC, ISO 8601); ``comment`` None for the round's own changes."""

    comment: int | None
    round: int
    what: str
    old: str
    new: str
    reason: str
    by: str
    at: str


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def add(conn, n: int, comment: int | None, what: str, old: str, new: str, reason: str, by: str,
        at: str | None = None) -> None:
    """One row, inside the caller's transaction."""
    conn.execute('INSERT INTO history (comment, round, what, old, new, reason, "by", "at") '
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (comment, n, what, old or "", new or "", reason or "", by or "", at or now()))


def _entry(r) -> Entry:
    return Entry(r["comment"], r["round"], r["what"], r["old"], r["new"], r["reason"], r["by"], r["at"])


def of_comment(conn, number: int) -> list[Entry]:
    """Comment ``number``'s history, oldest first, with that of the comments it was carried
    from (the same comment in earlier rounds)."""
    chain, seen, at = [], set(), number
    while at is not None and at not in seen and len(chain) < 100:
        seen.add(at)
        chain.append(at)
        row = conn.execute("SELECT carried_from FROM comments WHERE id = ?", (at,)).fetchone()
        at = None if row is None else row["carried_from"]
    marks = ", ".join("?" * len(chain))
    return [_entry(r) for r in conn.execute(
        f"SELECT * FROM history WHERE comment IN ({marks}) ORDER BY round, id", chain)]


def of_round(conn, n: int) -> list[Entry]:
    """Round ``n``'s own changes (its deadline's extensions), oldest first."""
    return [_entry(r) for r in conn.execute(
        "SELECT * FROM history WHERE round = ? AND comment IS NULL ORDER BY id", (n,))]


def _open_comment(conn, number: int):
    """Comment ``number`` when it is in the open round; UsageError otherwise."""
    row = conn.execute("SELECT id, round, owner FROM comments WHERE id = ?", (number,)).fetchone()
    if row is None:
        raise UsageError(f"there is no comment {number}", hint="see the comments with: uprreport round status")
    current = store.current_round(conn)
    if current is None or current["n"] != row["round"]:
        raise UsageError(f"comment {number} is in round {row['round']}, which is closed: it can no longer be "
                         "reassigned", hint="an open or deferred comment is carried into the next round when it "
                                            "opens; reassign it there")
    return row


def reassign(conn, number: int, owner: str, by: str, owners: set[str], reason: str = "") -> tuple[str, str] | None:
    """Give comment ``number`` of the open round to ``owner`` (one of ``owners``: the project's
    contribution folders and store.COORDINATOR), with a history row, in one transaction; (old
    owner, new owner), or None when it was already ``owner``'s. Its decision, if it has one,
    stays: the new owner may change it. UsageError for an owner not in ``owners`` or a comment
    not in the open round."""
    owner = owner.strip()
    if owner not in owners:
        raise UsageError(f"'{owner}' is not a contribution of this project",
                         hint="give a folder of contributions/, or " + store.COORDINATOR
                              + f"; they are: {', '.join(sorted(owners))}")
    with store.transaction(conn):
        row = _open_comment(conn, number)
        if row["owner"] == owner:
            return None
        conn.execute("UPDATE comments SET owner = ? WHERE id = ?", (owner, number))
        add(conn, row["round"], number, REASSIGNED, row["owner"], owner, reason.strip(), by)
        return row["owner"], owner


def extend(conn, deadline: dt.date, by: str, today: dt.date, reason: str = "") -> tuple[str, str]:
    """Move the open round's deadline to ``deadline``, a later date than it has and not before
    ``today``, with a history row (no comment), in one transaction; (old, new) as ISO dates.
    Comments are then taken on the web page until the new date, and returned files received
    by it are not late. UsageError when no round is open or the date is not later."""
    with store.transaction(conn):
        row = store.require_open(conn)
        old = dt.date.fromisoformat(row["deadline"])
        if deadline <= old:
            raise UsageError(f"the deadline of round {row['n']} is {old.isoformat()}; a new one must be later "
                             f"than that ({deadline.isoformat()} is not)",
                             hint="a deadline can only be extended; close the round to end it early")
        if deadline < today:
            raise UsageError(f"{deadline.isoformat()} has passed already (today is {today.isoformat()})",
                             hint="give a date from today on")
        conn.execute("UPDATE rounds SET deadline = ? WHERE n = ? AND closed IS NULL", (deadline.isoformat(), row["n"]))
        add(conn, row["n"], None, DEADLINE, old.isoformat(), deadline.isoformat(), reason.strip(), by)
        return old.isoformat(), deadline.isoformat()
