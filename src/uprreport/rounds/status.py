"""Where a round stands: per owner and overall, comments open, answered, deferred, late."""

from __future__ import annotations

from pathlib import Path

from uprreport.rounds import store
from uprreport.rounds.store import State


def status(project: Path) -> dict:
    """Where the latest round stands; UsageError for a project in which no round was opened
    (no register is made: this only reads)."""
    conn = store.connect(project, create=False)
    current = store.current_round(conn, open_only=False)
    if current is None:
        conn.close()
        raise store.NoRegister(f"no comment round has been opened in {project} yet",
                               hint=f"open one first: uprreport round open {project}")
    n = current["n"]
    rows = conn.execute(
        "SELECT owner, COUNT(*) AS total, SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) AS open,"
        " SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) AS answered, SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) AS deferred,"
        " SUM(late) AS late, SUM(CASE WHEN anchor = 'none' THEN 1 ELSE 0 END) AS unanchored,"
        " SUM(CASE WHEN classification = 'critical' THEN 1 ELSE 0 END) AS critical"
        " FROM comments WHERE round = ? GROUP BY owner ORDER BY open DESC, owner",
        (State.ASSIGNED.value, State.ANSWERED.value, State.DEFERRED.value, n)).fetchall()
    files = conn.execute("SELECT COUNT(*) AS files, SUM(late) AS late FROM files WHERE round = ?", (n,)).fetchone()
    conn.close()
    owners = [dict(r) for r in rows]
    keys = ("total", "open", "answered", "deferred", "late", "unanchored", "critical")
    overall = {k: sum(o[k] or 0 for o in owners) for k in keys}
    return {"round": n, "opened": current["opened"], "deadline": current["deadline"], "closed": current["closed"],
            "files": files["files"], "late_files": files["late"] or 0, "owners": owners, "overall": overall}
