"""The comment register: an SQLite database inside the project (rounds/register.sqlite).

Every ingest is one transaction (BEGIN IMMEDIATE, so two ingests at once queue instead of
interleaving); a comment is unique on (file, place in the file), so ingesting a file
again adds nothing. Original files are kept content-addressed beside it (rounds/files/),
from which the register can be rebuilt.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import shutil
import sqlite3
from pathlib import Path

from uprreport.i18n import N_

class State(str, enum.Enum):
    """Where a comment stands. ``assigned``: routed to its owner, no answer yet."""

    ASSIGNED = "assigned"
    ANSWERED = "answered"
    DEFERRED = "deferred"
    WITHDRAWN = "withdrawn"


# Comments in these states are still open: they go into the next round when it opens.
OPEN = (State.ASSIGNED.value, State.DEFERRED.value)


class Decision(str, enum.Enum):
    """An owner's answer to a comment."""

    ACCEPTED = "accepted"
    MODIFIED = "accepted with modification"
    REJECTED = "rejected"
    NOTED = "noted"
    DEFERRED = "deferred"

    @property
    def needs_reason(self) -> bool:
        return self in (Decision.REJECTED, Decision.MODIFIED, Decision.DEFERRED)

    @property
    def state(self) -> State:
        return State.DEFERRED if self is Decision.DEFERRED else State.ANSWERED


DECISIONS = [d.value for d in Decision]
# The decisions as the response matrix shows them, for the catalogs (the sheets keep the English words).
DECISION_WORDS = [N_("accepted"), N_("accepted with modification"), N_("rejected"), N_("deferred"), N_("(open)")]
# Who gets the comments no paragraph of a contribution owns, when no contribution leads.
COORDINATOR = "(coordinator)"


SCHEMA = """
CREATE TABLE IF NOT EXISTS rounds (
  n INTEGER PRIMARY KEY, opened TEXT NOT NULL, deadline TEXT NOT NULL, closed TEXT,
  draft TEXT NOT NULL                      -- file name of the frozen draft in rounds/round-N/
);
CREATE TABLE IF NOT EXISTS paragraphs (
  round INTEGER NOT NULL, pid TEXT NOT NULL, position TEXT NOT NULL, mark TEXT NOT NULL,
  number INTEGER, section TEXT, owner TEXT, text TEXT NOT NULL,
  PRIMARY KEY (round, pid)
);
CREATE TABLE IF NOT EXISTS files (
  sha TEXT NOT NULL, round INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  received TEXT NOT NULL, late INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sha, round)
);
CREATE TABLE IF NOT EXISTS comments (
  id INTEGER PRIMARY KEY, round INTEGER NOT NULL, file_sha TEXT, source_ref TEXT NOT NULL,
  kind TEXT NOT NULL,                      -- comment, reply, proposal (tracked changes), form, email
  pid TEXT, anchor TEXT NOT NULL,          -- bookmark, paragraph-id, paragraph-number, quote, none
  quote TEXT, comment TEXT NOT NULL DEFAULT '', proposed TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL DEFAULT '', organisation TEXT NOT NULL DEFAULT '', date TEXT,
  classification TEXT NOT NULL, owner TEXT NOT NULL, parent INTEGER, late INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'assigned',  -- assigned, answered, deferred, withdrawn
  decision TEXT, reason TEXT, decided_by TEXT, decided_at TEXT, carried_from INTEGER,
  UNIQUE (round, file_sha, source_ref)
);
CREATE TABLE IF NOT EXISTS approvals (
  round INTEGER NOT NULL, owner TEXT NOT NULL, approved_by TEXT NOT NULL, at TEXT NOT NULL,
  draft_sha TEXT NOT NULL, PRIMARY KEY (round, owner)
);
"""


def folder(project: Path) -> Path:
    return Path(project) / "rounds"


WAIT = 60   # seconds to wait for another program holding the register


def _locked(exc: sqlite3.OperationalError):
    from uprreport.errors import UprError

    if "locked" in str(exc) or "busy" in str(exc):
        return UprError(f"the comment register (rounds/register.sqlite) stayed in use by another program for "
                        f"{WAIT} s; nothing was changed",
                        hint="close the other program that has it open (a database viewer, another uprreport "
                             "command) and run the command again")
    return exc


def connect(project: Path) -> sqlite3.Connection:
    path = folder(project) / "register.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=WAIT, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(SCHEMA)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise _locked(exc) from None
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection):
    """One all-or-nothing unit of work; writers wait for each other (BEGIN IMMEDIATE)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _locked(exc) from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def content_sha(path: Path) -> str:
    """What identifies a returned file: for a Word or Excel package, its parts (names and
    contents), so that the same document zipped again is the same file; else its bytes."""
    import zipfile

    from uprreport.readers.package import DAMAGED

    if zipfile.is_zipfile(path):
        try:
            h = hashlib.sha256(b"ooxml-parts\n")
            with zipfile.ZipFile(path) as z:
                for info in sorted(z.infolist(), key=lambda i: i.filename):
                    h.update(info.filename.encode("utf-8") + b"\0" + z.read(info) + b"\0")
            return h.hexdigest()
        except (*DAMAGED, RuntimeError):
            pass   # a damaged package: its bytes; the readers say what is wrong with it
    return sha256(path)


def keep_original(project: Path, path: Path, sha: str) -> Path:
    """Copy ``path`` into rounds/files/<sha><suffix> once (content-addressed)."""
    target = folder(project) / "files" / f"{sha}{path.suffix.lower()}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".part")
        shutil.copyfile(path, tmp)
        tmp.replace(target)
    return target


def current_round(conn: sqlite3.Connection, open_only: bool = True):
    row = conn.execute("SELECT * FROM rounds " + ("WHERE closed IS NULL " if open_only else "")
                       + "ORDER BY n DESC LIMIT 1").fetchone()
    return row


def require_open(conn: sqlite3.Connection):
    """The open round's row; UsageError saying how to open one if there is none."""
    from uprreport.errors import UsageError

    row = current_round(conn)
    if row is None:
        raise UsageError("no comment round is open", hint="open one first: uprreport round open")
    return row
