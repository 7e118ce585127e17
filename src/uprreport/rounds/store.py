"""The comment register: an SQLite database inside the project (rounds/register.sqlite).

This module owns its schema: a version number in the database (PRAGMA user_version) and the
ordered migrations that bring a register written by an earlier release up to date, run once
when a connection finds it older (docs/store.md).

Every ingest is one transaction (BEGIN IMMEDIATE, so two ingests at once queue instead of
interleaving); a comment is unique on (file, place in the file), so ingesting a file
again adds nothing. Original files are kept content-addressed beside it (rounds/files/),
from which the register can be rebuilt. Files that say what the register holds (a round's
draft, its response matrix) are written to a staging folder and put in place, all or none,
inside the transaction that changes the register (``stage``, ``publish``).
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from uprreport.errors import UprError, UsageError
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


# The schema, as ordered migrations: MIGRATIONS[i] takes a register from version i to i + 1
# (PRAGMA user_version; see docs/store.md). Version 0 is every register written before the
# schema had a version: unversioned, with the approvals table (never used: approvals are kept
# in requests/approvals.json), with or without the web tables (they were created lazily, on
# the first comment sent through the web page or the first account). A new register is a
# version-0 register without tables: the same migrations build it.
_TABLES_1 = (
    """CREATE TABLE IF NOT EXISTS rounds (
  n INTEGER PRIMARY KEY, opened TEXT NOT NULL, deadline TEXT NOT NULL, closed TEXT,
  draft TEXT NOT NULL                      -- file name of the frozen draft in rounds/round-N/
)""",
    """CREATE TABLE IF NOT EXISTS paragraphs (
  round INTEGER NOT NULL, pid TEXT NOT NULL, position TEXT NOT NULL, mark TEXT NOT NULL,
  number INTEGER, section TEXT, owner TEXT, text TEXT NOT NULL,
  PRIMARY KEY (round, pid)
)""",
    """CREATE TABLE IF NOT EXISTS files (
  sha TEXT NOT NULL, round INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  received TEXT NOT NULL, late INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sha, round)
)""",
    """CREATE TABLE IF NOT EXISTS comments (
  id INTEGER PRIMARY KEY, round INTEGER NOT NULL, file_sha TEXT, source_ref TEXT NOT NULL,
  kind TEXT NOT NULL,                      -- comment, reply, proposal (tracked changes), form, email
  pid TEXT, anchor TEXT NOT NULL,          -- bookmark, paragraph-id, paragraph-number, quote, none
  quote TEXT, comment TEXT NOT NULL DEFAULT '', proposed TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL DEFAULT '', organisation TEXT NOT NULL DEFAULT '', date TEXT,
  classification TEXT NOT NULL, owner TEXT NOT NULL, parent INTEGER, late INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'assigned',  -- assigned, answered, deferred, withdrawn
  decision TEXT, reason TEXT, decided_by TEXT, decided_at TEXT, carried_from INTEGER,
  UNIQUE (round, file_sha, source_ref)
)""",
    # a comment sent through the web page: its one-time token (a resend adds nothing) and the
    # e-mail address, kept apart from the comment because it is never published or exported
    """CREATE TABLE IF NOT EXISTS web_submissions (
  token TEXT PRIMARY KEY, round INTEGER NOT NULL, comment INTEGER NOT NULL, email TEXT NOT NULL DEFAULT '',
  received TEXT NOT NULL
)""",
    # the accounts of the coordinator pages (rounds/accounts.py): scrypt hashes, never passwords
    """CREATE TABLE IF NOT EXISTS web_users (
  name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL, owns TEXT NOT NULL DEFAULT ''
)""",
)


def _to_1(conn: sqlite3.Connection) -> None:
    """0 → 1: every table present (the web tables of a register that had none), approvals gone."""
    for sql in _TABLES_1:
        conn.execute(sql)
    conn.execute("DROP TABLE IF EXISTS approvals")


def _to_2(conn: sqlite3.Connection) -> None:
    """1 → 2: the role of a contributing body's account is called "focal-point" (the
    workspace's word, rounds/accounts.py); accounts made as "owner" keep their body."""
    conn.execute("UPDATE web_users SET role = 'focal-point' WHERE role = 'owner'")


_TABLES_3 = (
    # what is published of a comment (docs/store.md, "Publication"): whether its sender agreed to
    # have the name and organisation published (a web comment's own box; none for a Word copy, a
    # form or an e-mail unless set here), whether a coordinator hid it (with the reason kept) or
    # flagged it as spam, and the text published in place of the sender's when personal data was
    # taken out (the comment as sent stays in ``comments``, for the register and the matrix)
    """CREATE TABLE IF NOT EXISTS publication (
  comment INTEGER PRIMARY KEY, name_consent INTEGER NOT NULL DEFAULT 0,
  hidden INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '', spam INTEGER NOT NULL DEFAULT 0,
  comment_text TEXT, proposed_text TEXT,   -- NULL: published as sent
  by TEXT NOT NULL DEFAULT '', at TEXT NOT NULL DEFAULT ''
)""",
    # an account's sign-in state (rounds/accounts.py): its session version (raised on signing out
    # and on a new password: every session signed in before ends) and failed sign-ins (locked for
    # a while after too many)
    """CREATE TABLE IF NOT EXISTS account_state (
  name TEXT PRIMARY KEY, sessions INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NOT NULL DEFAULT ''
)""",
)


def _to_3(conn: sqlite3.Connection) -> None:
    """2 → 3: the publication of each comment (name consent, hidden, spam, redacted text) and
    the accounts' sign-in state. A comment sent from the web page before had ticked the one
    consent box, which covered its name: it keeps its name published."""
    for sql in _TABLES_3:
        conn.execute(sql)
    conn.execute("INSERT INTO publication (comment, name_consent) SELECT id, 1 FROM comments "
                 "WHERE kind = 'web' ON CONFLICT DO NOTHING")


def _to_4(conn: sqlite3.Connection) -> None:
    """3 → 4: a paragraph's place in its draft (``seq``), which the register kept only as SQLite's
    row order: a register on PostgreSQL (database/) has no such order. Filled from that order."""
    if getattr(conn, "postgresql", False):
        conn.execute("ALTER TABLE paragraphs ADD COLUMN IF NOT EXISTS seq INTEGER")
    elif "seq" not in [r[1] for r in conn.execute("PRAGMA table_info(paragraphs)")]:
        conn.execute("ALTER TABLE paragraphs ADD COLUMN seq INTEGER")
        conn.execute("UPDATE paragraphs SET seq = rowid")


_TABLES_5 = (
    # what was done to a comment, and to the round, over time (docs/store.md, "History"): each
    # decision and its change (old and new decision, the reason), each reassignment (old and new
    # owner), each extension of the round's deadline (comment NULL); who and when
    """CREATE TABLE IF NOT EXISTS history (
  id INTEGER PRIMARY KEY, comment INTEGER, round INTEGER NOT NULL,
  what TEXT NOT NULL,                      -- decision, reassigned, deadline
  old TEXT NOT NULL DEFAULT '', new TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
  by TEXT NOT NULL DEFAULT '', at TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS history_by_comment ON history (comment, id)",
    # files sent with a comment from the web page (kept content-addressed in rounds/files/, as
    # returned copies are): their names as sent, size and type, in the order given
    """CREATE TABLE IF NOT EXISTS attachments (
  comment INTEGER NOT NULL, n INTEGER NOT NULL, name TEXT NOT NULL, sha TEXT NOT NULL,
  size INTEGER NOT NULL, type TEXT NOT NULL,
  PRIMARY KEY (comment, n)
)""",
    # two-step sign-in of a project's own accounts (serve PROJECT), as a workspace's
    # (rounds/twofactor.py)
    """CREATE TABLE IF NOT EXISTS totp (
  name TEXT PRIMARY KEY, secret TEXT NOT NULL, confirmed INTEGER NOT NULL DEFAULT 0,
  last_step INTEGER NOT NULL DEFAULT 0, changed TEXT NOT NULL DEFAULT ''
)""",
)


def _to_5(conn: sqlite3.Connection) -> None:
    """4 → 5: the history of decisions, reassignments and deadlines; attachments of web comments;
    two-step sign-in of the project's accounts."""
    for sql in _TABLES_5:
        conn.execute(sql)


MIGRATIONS = [_to_1, _to_2, _to_3, _to_4, _to_5]
VERSION = len(MIGRATIONS)      # the schema version this code writes
FILE = "register.sqlite"


def folder(project: Path) -> Path:
    return Path(project) / "rounds"


def path(project: Path) -> Path:
    """Where the register of ``project`` is (it may not exist yet)."""
    return folder(project) / FILE


WAIT = 60   # seconds to wait for another program holding the register


def _locked(exc: sqlite3.DatabaseError, db: Path | None = None):
    """What SQLite's refusal means to the user: the register busy, unwritable or damaged
    (a UprError saying what to do); anything else is raised as it is (a fault of uprreport)."""
    from uprreport.errors import FileInUse

    text = str(exc)
    where = str(db) if db is not None else f"rounds/{FILE}"
    if "locked" in text or "busy" in text:
        return UprError(f"the comment register (rounds/{FILE}) stayed in use by another program for "
                        f"{WAIT} s; nothing was changed",
                        hint="close the other program that has it open (a database viewer, another uprreport "
                             "command) and run the command again")
    if any(w in text for w in ("readonly", "read-only", "unable to open", "disk I/O", "disk is full")):
        return FileInUse(f"the comment register {where} cannot be opened or written ({text}); nothing was changed",
                         hint="check that you may write to the project's rounds/ folder (not a read-only copy, "
                              "the network share still connected, space left on the disk), then run it again",
                         path=db)
    if isinstance(exc, sqlite3.DatabaseError) and any(
            w in text for w in ("not a database", "malformed", "no such table", "no such column", "corrupt")):
        return UprError(f"the comment register {where} is damaged ({text}); nothing was changed",
                        hint="restore rounds/register.sqlite from a backup; or move the damaged file away and "
                             "rebuild the register from a JSON export (uprreport round import PROJECT FILE)")
    return exc


def _db_of(conn: sqlite3.Connection) -> Path | None:
    if getattr(conn, "postgresql", False):
        return None
    try:
        return Path(conn.execute("PRAGMA database_list").fetchone()[2])
    except sqlite3.Error:
        return None


class NoRegister(UsageError):
    """A report project in which no comment round has been opened: it has no register yet."""


def connect(project: Path, create: bool = True) -> sqlite3.Connection:
    """A connection to the register of ``project``, its schema brought up to date (once, in a
    transaction, when it was written by an earlier release).

    ``create``: make the register when the project has none (the commands that write: open a
    round, import, add an account). Without it, a project without a register raises
    ``NoRegister``, so that a command that only reads leaves no file behind. A folder without
    report.yaml is refused either way.

    A project in a workspace on PostgreSQL (database/) has its register there, in a schema of
    its own; the connection speaks as SQLite's does (database/postgresql.py)."""
    project = Path(project)
    if not (project / "report.yaml").is_file():
        raise UsageError(f"{project} is not a report project (no report.yaml)",
                         hint="give the folder that holds report.yaml, or start a project with `uprreport init`")
    from uprreport import database

    db = path(project)
    target = database.for_project(project)
    if target is not None:
        config, schema = target
        conn = open_postgresql(config.url, schema, VERSION, MIGRATIONS, lambda found: _newer(db, found),
                               create=create, sqlite=db, sqlite_open=lambda: connect_sqlite(project, db),
                               claim=lambda conn, fresh: _claim(conn, project, fresh))
        if conn is None:
            raise NoRegister(f"no comment round has been opened in {project} yet",
                             hint=f"open one first: uprreport round open {project}")
        return conn
    if not create and not db.is_file():
        raise NoRegister(f"no comment round has been opened in {project} yet",
                         hint=f"open one first: uprreport round open {project}")
    return connect_sqlite(project, db)


def connect_sqlite(project: Path, db: Path) -> sqlite3.Connection:
    db.parent.mkdir(parents=True, exist_ok=True)
    private_file(db)
    return open_versioned(db, VERSION, MIGRATIONS, _locked, lambda found: _newer(db, found), foreign_keys=True)


ID_FILE = "register.id"    # in rounds/: which register in a workspace's database is this folder's


def _claim(conn, project: Path, fresh: bool) -> None:
    """Tie the register in the database to the project folder: a folder made anew under the name
    of a project that had a register there must not take over that project's comments."""
    import secrets

    from uprreport.fsutil import write_text

    file = folder(project) / ID_FILE
    try:
        mine = file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        mine = None
    theirs = conn.meta("project")
    if theirs is None and fresh:
        if not mine:
            mine = secrets.token_hex(8)
            write_text(file, mine + "\n")
        conn.set_meta("project", mine)
        conn.set_meta("folder", project.name)
    elif theirs != mine:
        raise UprError(f"the workspace's database holds the comment register of an earlier project named "
                       f"'{project.name}', not of this folder (rounds/{ID_FILE} "
                       f"{'is missing' if not mine else 'differs'}); nothing was changed",
                       hint="give this project folder another name; or, if that earlier register is no longer "
                            f"wanted, ask the database's administrator to remove it (DROP SCHEMA \"{conn.schema}\" "
                            "CASCADE); or put back the folder's rounds/register.id from a backup")


def user_version(conn) -> int:
    if getattr(conn, "postgresql", False):
        return conn.user_version()
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _set_user_version(conn, version: int) -> None:
    if getattr(conn, "postgresql", False):
        conn.set_user_version(version)
    else:
        conn.execute(f"PRAGMA user_version = {int(version)}")


def renumber(conn) -> None:
    """After rows were written with their own ids: a store on PostgreSQL moves its id counters past
    them (SQLite numbers from the highest id by itself)."""
    if getattr(conn, "postgresql", False):
        conn.renumber()


def migrate(conn, version: int, migrations, newer, fresh=None) -> None:
    """Bring the store on ``conn`` to ``version`` by ``migrations[found:]`` in one transaction
    (the version read again once the store is held: another process may have migrated it
    meanwhile); ``newer(found)`` is raised for a store a newer uprreport wrote. ``fresh(conn,
    made)`` runs inside that transaction (``made``: the store was empty before it)."""
    def found() -> int:
        n = user_version(conn)
        if n > version:
            raise newer(n)
        return n

    if found() < version:
        with transaction(conn):
            start = found()
            for step in migrations[start:]:
                step(conn)
            _set_user_version(conn, version)
            if fresh is not None:
                fresh(conn, start == 0)
    elif fresh is not None:
        fresh(conn, False)


def open_versioned(db: Path, version: int, migrations, error, newer, foreign_keys: bool = False
                   ) -> sqlite3.Connection:
    """A connection to the SQLite file ``db`` (the journal chosen as ``_journal`` says), its
    schema brought to ``version`` (``migrate``). The comment register and a workspace's accounts
    are opened so. ``error(exc, db)`` turns SQLite's errors into the user's; ``newer(found)`` is
    raised for a file a newer uprreport wrote."""
    try:
        conn = _open(db)
    except sqlite3.DatabaseError as exc:
        raise error(exc, db) from None
    try:
        _journal(conn, db)
        if foreign_keys:
            conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn, version, migrations, newer)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise error(exc, db) from None
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


MOVED = ".moved-to-postgresql"    # the suffix of an SQLite store whose rows went into the database


def open_postgresql(url: str, schema: str, version: int, migrations, newer, create: bool, sqlite: Path,
                    sqlite_open, claim=None):
    """A connection to the store in ``schema`` of the database ``url``, brought to ``version``;
    None when there is none and ``create`` is False. A store made there while the SQLite file
    ``sqlite`` (the same store, from before the workspace moved to PostgreSQL) exists gets its
    rows, in the same transaction; the file is then renamed with ``MOVED`` and kept."""
    from uprreport.database import postgresql

    had_file = sqlite.is_file()
    conn = postgresql.connect(url, schema, create=create or had_file, wait=WAIT)
    if conn is None:
        return None
    moved = []

    def fresh(conn, made: bool) -> None:
        if claim is not None:
            claim(conn, made)
        if made and had_file:
            old = sqlite_open()
            try:
                _copy_rows(old, conn)
            finally:
                old.close()
            moved.append(sqlite)

    try:
        migrate(conn, version, migrations, newer, fresh)
    except BaseException:
        conn.close()
        raise
    for f in moved:
        _set_aside(f)
    return conn


def _copy_rows(old: sqlite3.Connection, conn) -> None:
    for table in conn.tables():
        rows = old.execute(f'SELECT * FROM "{table}"').fetchall()
        if rows:
            cols = rows[0].keys()
            conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                             [tuple(r) for r in rows])
    conn.renumber()


def _set_aside(db: Path) -> None:
    log = logging.getLogger("uprreport")
    for suffix in ("", "-wal", "-shm", "-journal"):
        f = Path(f"{db}{suffix}")
        if f.exists():
            try:
                f.replace(Path(f"{db}{MOVED}{suffix}"))
            except OSError as exc:
                log.warning("%s was copied into the workspace's database but could not be renamed (%s); it is "
                            "no longer used: move it away", f, exc.strerror or exc)
                return
    log.warning("%s was copied into the workspace's database (PostgreSQL), which holds it from now on; the file "
                "is kept as %s%s", db, db.name, MOVED)


@contextlib.contextmanager
def opened(project: Path, create: bool = False):
    """``connect`` for a block, the connection closed after it whatever happens."""
    conn = connect(project, create)
    try:
        yield conn
    finally:
        conn.close()


def private_file(db: Path) -> None:
    """Make the store file ``db`` readable and writable by its owner only (0600 on POSIX; on
    Windows it takes its folder's permissions), before SQLite opens it: SQLite gives its journal
    files the database's permissions. A register made by an earlier release (0644) is narrowed."""
    try:
        fd = os.open(db, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        if os.name == "posix":
            for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
                with contextlib.suppress(OSError):
                    if os.stat(f).st_mode & 0o077:
                        os.chmod(f, 0o600)
        return
    except OSError:
        return   # a folder we may not write: SQLite says so when it opens the file
    os.close(fd)
    if os.name == "posix":
        os.chmod(db, 0o600)   # the umask cannot widen it, but a default ACL might


def _open(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db, timeout=WAIT, isolation_level=None)


def _newer(db: Path, found: int) -> UprError:
    return UprError(f"the comment register {db} was written by a newer uprreport (its schema is version "
                    f"{found}; this uprreport knows versions up to {VERSION}); nothing was changed",
                    hint="upgrade uprreport (pip install --upgrade uprreport) on this computer, as on the "
                         "one that wrote it")


def columns() -> dict[str, list[str]]:
    """The columns of each table of a register of this version (from a schema built in memory)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in MIGRATIONS:
            step(conn)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        conn.close()


# The journal mode chosen for each register this process opened ("wal" or "delete"); a
# register given the rollback journal is said once per process.
_MODES: dict[str, str] = {}
_MODES_LOCK = threading.Lock()


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _journal(conn: sqlite3.Connection, db: Path) -> str:
    """Write-ahead logging (WAL: readers never wait for a writer) where it works; else the
    rollback journal (DELETE), which works on any drive, said once per register per process.

    WAL needs memory shared by every program using the database, which a network share does
    not give: there SQLite keeps the old mode, or fails, or says "wal" and fails at the first
    write, or (a Windows network drive) works on each computer alone. So WAL is tried first on
    a scratch database beside the register, and never on a Windows network drive; a register
    already in WAL where that does not work (a project copied from a local drive) is turned
    back. docs/store.md has the sources."""
    key = str(db)
    if _MODES.get(key) == "delete":
        _rollback_journal(conn, db)
        return "delete"
    try:
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    except sqlite3.OperationalError as exc:
        if _busy(exc):
            raise
        return _fall_back(conn, db, f"SQLite: {exc}")       # a WAL register without shared memory
    remote = _network_drive(db)
    if mode == "wal" and not remote:
        _MODES[key] = "wal"
        return "wal"
    why = "a network drive" if remote else _wal_fails(db.parent)
    if not why:
        try:
            mode = str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise
            why = f"SQLite: {exc}"
        else:
            if mode == "wal":
                _MODES[key] = "wal"
                return "wal"
            why = f"SQLite kept the journal mode '{mode}'"
    return _fall_back(conn, db, why)


def _wal_fails(where: Path) -> str:
    """Why WAL does not work in the folder ``where`` ('' when it does): tried on a scratch
    database there, set to WAL, written and read back, then removed."""
    probe = where / f".wal-probe-{os.getpid()}-{threading.get_ident()}.sqlite"
    try:
        conn = _open(probe)
        try:
            mode = str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower()
            if mode != "wal":
                return f"SQLite kept the journal mode '{mode}'"
            conn.execute("CREATE TABLE probe (x)")
            conn.execute("INSERT INTO probe VALUES (1)")
            conn.execute("SELECT x FROM probe").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"SQLite: {exc}"
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{probe}{suffix}").unlink(missing_ok=True)
    return ""


def _fall_back(conn: sqlite3.Connection, db: Path, why: str) -> str:
    with _MODES_LOCK:
        said = _MODES.get(str(db)) == "delete"
        _MODES[str(db)] = "delete"
    if not said:
        logging.getLogger("uprreport").warning(
            "the comment register %s is on a drive where SQLite's write-ahead log does not work (%s); it uses "
            "the rollback journal instead, which is as safe but makes readers wait while a comment is written",
            db, why)
    _rollback_journal(conn, db)
    return "delete"


def _rollback_journal(conn: sqlite3.Connection, db: Path) -> None:
    """Put the register in the rollback journal (DELETE). A register in WAL that cannot share
    memory here can only be opened by a connection holding it alone (locking_mode EXCLUSIVE),
    which turns it back, then lets go."""
    try:
        if str(conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower() == "delete":
            return
    except sqlite3.OperationalError as exc:
        if _busy(exc):
            raise
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        mode = str(conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower()
        conn.execute("PRAGMA locking_mode=NORMAL")
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()    # lets go of the exclusive lock
    except sqlite3.OperationalError as exc:
        if _busy(exc):
            raise
        mode = f"SQLite: {exc}"
    if mode != "delete":
        raise UprError(f"the comment register {db} cannot be used on this drive: its write-ahead log needs "
                       f"memory shared between programs, which the drive does not give ({mode})",
                       hint="close every other program using the project (another uprreport, a database viewer) "
                            "and run the command again; if it goes on, copy the project to a local drive")


def _network_drive(db: Path) -> bool:
    """Whether ``db`` is on a Windows network share (a \\\\server\\share path or a mapped drive
    letter, GetDriveTypeW's DRIVE_REMOTE). Elsewhere it cannot be told portably: False, and
    the journal mode SQLite reports decides."""
    if os.name != "nt":
        return False
    drive = Path(os.path.abspath(db)).drive
    if drive.startswith("\\\\?\\"):
        drive = drive[4:]
        if drive.upper().startswith("UNC\\"):
            return True
    elif drive.startswith("\\\\"):
        return True
    if not drive:
        return False
    try:
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4   # DRIVE_REMOTE
    except (AttributeError, OSError):
        return False


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection):
    """One all-or-nothing unit of work; writers wait for each other (BEGIN IMMEDIATE)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as exc:
        raise _locked(exc, _db_of(conn)) from None
    try:
        yield conn
    except sqlite3.DatabaseError as exc:   # a write refused (read-only copy, disk full, damaged)
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        mapped = _locked(exc, _db_of(conn))
        if mapped is exc:
            raise
        raise mapped from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise _locked(exc, _db_of(conn)) from None


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
    row = current_round(conn)
    if row is None:
        raise UsageError("no comment round is open", hint="open one first: uprreport round open")
    return row


@contextlib.contextmanager
def stage(where: Path):
    """A staging folder inside ``where`` (on the same drive as the files it will replace, so
    that putting them in place is a rename), removed afterwards with whatever is left in it.
    Staging folders a killed process left behind (older than ten minutes) are removed."""
    where = Path(where)
    where.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in where.glob(".staging-*"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > 600:
                shutil.rmtree(old, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=where, ignore_cleanup_errors=True) as tmp:
        yield Path(tmp)


def publish(files: list[Path], into: Path) -> list[Path]:
    """Move ``files`` (staged) into the folder ``into``, replacing files of the same names:
    all of them, or none (fsutil.replace_together: a file open in Word or Excel on Windows is
    a FileInUse error naming it, and nothing is replaced)."""
    from uprreport.fsutil import replace_together

    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    try:
        return replace_together([(Path(f), into / Path(f).name) for f in files])
    except UprError:
        raise
    except OSError as exc:
        raise UprError(f"the files of {into} could not be put in place ({exc.strerror or exc}); nothing was "
                       "changed", hint=f"check that {into} can be written to, and run the command again") from None
