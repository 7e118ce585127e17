"""The comment register as JSON, for review in git, and back.

An import is checked whole before anything is written: a file that is not JSON is refused
with the line and column where reading stopped; one of the wrong shape with the place in it
(``comments[3].owner``); a row the register refuses (a duplicate, a missing value) with its
place too. Nothing is imported unless everything is.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from uprreport.errors import UprError
from uprreport.fsutil import write_text
from uprreport.rounds import store

# publication: what of each comment is published (names by consent, hidden, spam, redacted
# texts); an export made before it existed (register version 2) has none, and its web comments
# get the consent their one box gave, as the migration gives it (store._to_3)
TABLES = ["rounds", "paragraphs", "files", "comments", "publication", "history", "attachments"]
FORMAT = "uprreport-comment-register/1"
# the order of each table's rows in an export (the same on SQLite and PostgreSQL)
ORDER = {"rounds": "n", "paragraphs": "round, seq, pid", "files": "round, received, sha", "comments": "id",
         "publication": "comment", "history": "id", "attachments": "comment, n"}
# Keys an export may hold besides TABLES: the approvals table, always empty, that exports
# carried before the schema had a version (it is gone: approvals live in requests/).
RETIRED = ("approvals",)
HINT = "export the register again with `uprreport round export PROJECT -o FILE`, or correct the file at that place"


def export_json(project: Path, out: Path) -> dict[str, int]:
    """Write the register of ``project`` as JSON (UsageError, and no file made, when the
    project has no register)."""
    data = {"format": FORMAT}
    with store.opened(project) as conn:
        for table in TABLES:
            data[table] = [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {ORDER[table]}")]
    write_text(Path(out), json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return {t: len(data[t]) for t in TABLES}


def _read(source: Path):
    name = source.name
    try:
        text = source.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UprError(f"{source}: cannot be read ({exc.strerror or exc})",
                       hint="check that the file exists and that you may read it") from None
    except UnicodeDecodeError as exc:
        raise UprError(f"{name}: byte {exc.start + 1} is not UTF-8 text, so this is not a comment register export",
                       hint=HINT) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UprError(f"{name}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}); "
                       "nothing was imported", hint=HINT) from None
    except RecursionError:
        raise UprError(f"{name}: nested too deeply to be a comment register export; nothing was imported",
                       hint=HINT) from None


def _rows(data: dict, name: str, columns: dict[str, list[str]]) -> dict[str, list[dict]]:
    """The rows of each table, checked against the register's columns; UprError at the first
    thing out of place, located by its path in the file."""
    def wrong(where: str, what: str):
        return UprError(f"{name}, {where}: {what}; nothing was imported", hint=HINT)

    for key in data:
        if key != "format" and key not in TABLES and key not in RETIRED:
            raise wrong(key, f"'{key}' is not a table of the comment register (it has {', '.join(TABLES)})")
    for key in RETIRED:
        if data.get(key) not in (None, []):
            raise wrong(key, f"the {key} table is no longer part of the register and must be empty")
    out = {}
    for table in TABLES:
        rows = data.get(table, [])
        if not isinstance(rows, list):
            raise wrong(table, f"expected a list of rows, found {type(rows).__name__}")
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise wrong(f"{table}[{i}]", f"expected a row (an object), found {type(row).__name__}")
            if not row:
                raise wrong(f"{table}[{i}]", "an empty row")
            for col, value in row.items():
                if col not in columns[table]:
                    raise wrong(f"{table}[{i}].{col}", f"'{col}' is not a column of {table} "
                                f"(it has {', '.join(sorted(columns[table]))})")
                if isinstance(value, (dict, list)) or isinstance(value, bool):
                    raise wrong(f"{table}[{i}].{col}", f"expected text, a number or null, found {json.dumps(value)[:60]}")
        out[table] = rows
    return out


def import_json(project: Path, source: Path) -> dict[str, int]:
    """Rebuild an empty register from an export (refused if the register holds anything)."""
    source = Path(source)
    data = _read(source)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UprError(f"{source.name} is not a comment register export (its \"format\" is not {FORMAT}); "
                       "nothing was imported", hint="give a file written by `uprreport round export`")
    tables = _rows(data, source.name, store.columns())
    conn = store.connect(project)
    try:
        if conn.execute("SELECT COUNT(*) FROM rounds").fetchone()[0]:
            raise UprError("the project's comment register is not empty; nothing was imported",
                           hint="import into a project without rounds/register.sqlite")
        with store.transaction(conn):
            for table in TABLES:
                for i, row in enumerate(tables[table]):
                    if table == "paragraphs" and row.get("seq") is None:
                        row = {**row, "seq": i + 1}    # an export of register version 3 or before: its order
                    cols = list(row)
                    try:
                        conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) "
                                     f"VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols])
                    except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError) as exc:
                        raise UprError(f"{source.name}, {table}[{i}]: the register refuses this row ({exc}); "
                                       "nothing was imported", hint=HINT) from None
            if "publication" not in data:
                conn.execute("INSERT INTO publication (comment, name_consent) SELECT id, 1 FROM comments "
                             "WHERE kind = 'web' ON CONFLICT DO NOTHING")
            store.renumber(conn)
    finally:
        conn.close()
    return {t: len(tables[t]) for t in TABLES}
