"""What pandoc made of each Markdown body, kept between runs, so that `validate` and
`build` do not start pandoc for text that did not change since the last run.

The cache is one SQLite file in the user's cache folder (platformdirs: ~/.cache/uprreport on
Linux, ~/Library/Caches/uprreport on macOS, %LOCALAPPDATA%\\uprreport\\Cache on Windows;
UPRREPORT_CACHE names another folder, or "off"). A body is found by the SHA-256 of the
pandoc program's identity (path, size, time), the reading options and the body, so another
pandoc, other options or one changed character miss. Whatever goes wrong with the file
(unwritable folder, damaged database, another program holding it) is ignored: the body is
parsed again, as without a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from functools import cache
from pathlib import Path

from uprreport.fsutil import cache_folder

LIMIT = 50_000      # bodies kept; the oldest tenth goes when there are more


def folder() -> Path | None:
    return cache_folder()


@cache
def _identity(pandoc: str, options: str) -> str:
    try:
        st = os.stat(pandoc)
        return f"{pandoc}|{st.st_size}|{st.st_mtime_ns}|{options}"
    except OSError:
        return f"{pandoc}|?|{options}"


def key(pandoc: str, options: str, body: str) -> str:
    return hashlib.sha256(f"{_identity(pandoc, options)}\0{body}".encode("utf-8")).hexdigest()


def _connect() -> sqlite3.Connection | None:
    where = folder()
    if where is None:
        return None
    try:
        where.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(where / "pandoc.sqlite", timeout=2, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, blocks TEXT NOT NULL, "
                     "stored REAL NOT NULL)")
        return conn
    except (OSError, sqlite3.Error):
        return None


def get(keys: list[str]) -> dict[str, list]:
    """The blocks of each key found."""
    conn = _connect()
    if conn is None or not keys:
        return {}
    found: dict[str, list] = {}
    try:
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = conn.execute(f"SELECT key, blocks FROM bodies WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for k, blocks in rows:
                found[k] = json.loads(blocks)
    except (sqlite3.Error, ValueError, RecursionError):
        return {}
    finally:
        conn.close()
    return found


def put(entries: dict[str, list]) -> None:
    conn = _connect()
    if conn is None or not entries:
        return
    try:
        now = time.time()
        rows = []
        for k, v in entries.items():
            try:
                rows.append((k, json.dumps(v, separators=(",", ":")), now))
            except RecursionError:   # a text nested too deeply to keep: read again next time
                continue
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR REPLACE INTO bodies (key, blocks, stored) VALUES (?, ?, ?)", rows)
        (count,) = conn.execute("SELECT COUNT(*) FROM bodies").fetchone()
        if count > LIMIT:
            conn.execute("DELETE FROM bodies WHERE key IN (SELECT key FROM bodies ORDER BY stored LIMIT ?)",
                         (count - LIMIT + LIMIT // 10,))
        conn.execute("COMMIT")
    except sqlite3.Error:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
    finally:
        conn.close()
