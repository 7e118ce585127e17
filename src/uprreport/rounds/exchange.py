"""The comment register as JSON, for review in git, and back."""

from __future__ import annotations

import json
from pathlib import Path

from uprreport.errors import UprError
from uprreport.fsutil import write_text
from uprreport.rounds import store

TABLES = ["rounds", "paragraphs", "files", "comments", "approvals"]
FORMAT = "uprreport-comment-register/1"


def export_json(project: Path, out: Path) -> dict[str, int]:
    conn = store.connect(project)
    data = {"format": FORMAT}
    for table in TABLES:
        data[table] = [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    conn.close()
    write_text(Path(out), json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return {t: len(data[t]) for t in TABLES}


def import_json(project: Path, source: Path) -> dict[str, int]:
    """Rebuild an empty register from an export (refused if the register holds anything)."""
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise UprError(f"{Path(source).name} is not a comment register export ({FORMAT})")
    conn = store.connect(project)
    if conn.execute("SELECT COUNT(*) FROM rounds").fetchone()[0]:
        raise UprError("the project's comment register is not empty; nothing was imported",
                       hint="import into a project without rounds/register.sqlite")
    with store.transaction(conn):
        for table in TABLES:
            for row in data.get(table, []):
                cols = list(row)
                conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                             [row[c] for c in cols])
    conn.close()
    return {t: len(data.get(t, [])) for t in TABLES}
