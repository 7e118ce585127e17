"""Who may sign in to the coordinator pages: a coordinator sees and does everything; a focal
point (of one contributing body; called "owner" before) sees and answers only the comments
routed to its contribution; a reviewer reads everything and changes nothing.

Accounts live in the project's comment register (table ``web_users``, whose schema
rounds/store.py owns), never in the JSON export. Passwords are stored as scrypt hashes (Werkzeug's default: deliberately slow,
salted), never as text.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from uprreport.errors import UsageError
from uprreport.rounds import store

ROLES = ("coordinator", "focal-point", "reviewer")
ALIASES = {"owner": "focal-point"}     # the role's earlier name (register version 1 and before)
MIN_PASSWORD = 12
NAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")

LOCK_AFTER = 10          # wrong passwords in a row that lock an account...
LOCK_MINUTES = 15        # ...for this long (the per-address limit, security.py, stays looser)

# A hash to check against when the name is unknown, so that a wrong name costs as long as a
# wrong password and the answer time does not tell which names exist.
_DUMMY: list[str] = []


def role_of(value: str) -> str:
    """The role ``value`` names (its earlier name read as today's); UsageError if none."""
    role = ALIASES.get(value, value)
    if role not in ROLES:
        raise UsageError(f"'{value}' is not a role", hint=f"use one of: {', '.join(ROLES)}")
    return role


@dataclass(frozen=True)
class User:
    name: str
    role: str
    owns: str = ""      # contribution folder (the body), for a focal point
    project: str = ""   # in a workspace: the project folder it is limited to ("" every project)

    @property
    def coordinator(self) -> bool:
        return self.role == "coordinator"

    @property
    def focal_point(self) -> bool:
        return self.role == "focal-point"

    @property
    def reviewer(self) -> bool:
        return self.role == "reviewer"

    def may_see(self, owner: str) -> bool:
        return self.coordinator or self.reviewer or owner == self.owns

    def may_answer(self, owner: str) -> bool:
        """Whether it may change what concerns ``owner`` (a reviewer changes nothing)."""
        return self.coordinator or (self.focal_point and owner == self.owns)


def add(project, name: str, password: str, role: str, owns: str = "", known_owners: set[str] | None = None) -> User:
    """Create or replace the account ``name``."""
    from werkzeug.security import generate_password_hash

    role = _checked(name, password, role, owns, known_owners)
    with contextlib.closing(store.connect(project)) as conn, store.transaction(conn):
        conn.execute("INSERT INTO web_users (name, hash, role, owns) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE "
                     "SET hash = excluded.hash, role = excluded.role, owns = excluded.owns",
                     (name, generate_password_hash(password), role, owns))
        _renewed(conn, name)
    return User(name, role, owns)


def _renewed(conn, name: str) -> None:
    """A new password: the sessions signed in before end, and a lock is lifted."""
    end_sessions(conn, name)
    conn.execute("UPDATE account_state SET failures = 0, locked_until = '' WHERE name = ?", (name,))


def _checked(name: str, password: str, role: str, owns: str, known_owners: set[str] | None) -> str:
    """The role of a new account, once its name, body and password are found right."""
    if not NAME.match(name):
        raise UsageError(f"'{name}' cannot be a user name", hint="use 2–64 letters, digits, dots, dashes or @")
    role = role_of(role)
    if role == "focal-point":
        if not owns:
            raise UsageError("a focal point's account needs the body (contribution) it answers for",
                             hint="give it with --body FOLDER (a folder under contributions/)")
        if known_owners is not None and owns not in known_owners:
            raise UsageError(f"'{owns}' is not a contribution of this project",
                             hint="use one of: " + ", ".join(sorted(known_owners)) if known_owners else
                             "add the body first (a folder under contributions/ with its contributor.yaml)")
    elif owns:
        raise UsageError(f"a {role}'s account is not tied to one body; leave out --body")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password is {len(password)} characters long; use at least {MIN_PASSWORD}")
    return role


def remove(project, name: str) -> bool:
    """Delete the account ``name``; False when there is none (a project without a register
    has none, and gets none made)."""
    try:
        conn = store.connect(project, create=False)
    except store.NoRegister:
        return False
    with contextlib.closing(conn), store.transaction(conn):
        gone = conn.execute("DELETE FROM web_users WHERE name = ?", (name,)).rowcount
        conn.execute("DELETE FROM totp WHERE name = ?", (name,))
    return bool(gone)


def listing(project) -> list[User]:
    """The accounts of ``project``: none when it has no register (and none is made)."""
    try:
        conn = store.connect(project, create=False)
    except store.NoRegister:
        return []
    with contextlib.closing(conn):
        rows = conn.execute("SELECT name, role, owns FROM web_users ORDER BY role, name").fetchall()
    return [User(r["name"], r["role"], r["owns"]) for r in rows]


def check(conn, name: str, password: str) -> User | None:
    """The account if ``password`` is its password, else None (in about the same time).
    ``conn`` None: a project without a register, where no name exists."""
    from werkzeug.security import check_password_hash, generate_password_hash

    row = None if conn is None else conn.execute("SELECT * FROM web_users WHERE name = ?", (name,)).fetchone()
    if row is None:
        if not _DUMMY:
            _DUMMY.append(generate_password_hash("not a password of anyone"))
        check_password_hash(_DUMMY[0], password)
        return None
    if not check_password_hash(row["hash"], password):
        return None
    return User(row["name"], row["role"], row["owns"])


# --- sign-in state: one mechanism for a project's accounts and a workspace's ----------------
# Both stores have the table ``account_state`` (name, sessions, failures, locked_until): the
# session version, raised on signing out and on a new password so that every session signed in
# before ends (it is part of the stamp a session keeps), and the wrong passwords in a row, which
# lock the account for LOCK_MINUTES after LOCK_AFTER of them. Names that are no account's are
# counted in memory the same way, so that a lock says nothing of which names exist.

_UNKNOWN: dict[str, tuple[int, str]] = {}      # name -> (failures, locked_until), at most 10,000 names


def _utcnow():
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc)


def _state(conn, name: str) -> tuple[int, int, str]:
    row = conn.execute("SELECT sessions, failures, locked_until FROM account_state WHERE name = ?", (name,)).fetchone()
    return (0, 0, "") if row is None else (row[0], row[1], row[2])


def sessions(conn, name: str) -> int:
    """The account's session version (part of its sessions' stamp)."""
    return _state(conn, name)[0]


def end_sessions(conn, name: str) -> None:
    """End every session of ``name`` signed in so far (inside the caller's transaction, or alone)."""
    conn.execute("INSERT INTO account_state (name, sessions) VALUES (?, 1) "
                 "ON CONFLICT (name) DO UPDATE SET sessions = account_state.sessions + 1", (name,))


def locked_for(conn, name: str, known: bool) -> int:
    """Minutes left of ``name``'s lock (0: not locked)."""
    import datetime as dt

    until = _state(conn, name)[2] if known else _UNKNOWN.get(name, (0, ""))[1]
    if not until:
        return 0
    left = (dt.datetime.fromisoformat(until) - _utcnow()).total_seconds()
    return max(0, -(-int(left) // 60))


def _failed(conn, name: str, known: bool) -> None:
    """One more wrong password for ``name``: locked after LOCK_AFTER in a row."""
    import datetime as dt

    until = (_utcnow() + dt.timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
    if not known:
        failures = _UNKNOWN.get(name, (0, ""))[0] + 1
        if len(_UNKNOWN) > 10_000:
            _UNKNOWN.clear()
        _UNKNOWN[name] = (0, until) if failures >= LOCK_AFTER else (failures, "")
        return
    with store.transaction(conn):
        conn.execute("INSERT INTO account_state (name, failures) VALUES (?, 1) "
                     "ON CONFLICT (name) DO UPDATE SET failures = account_state.failures + 1", (name,))
        conn.execute("UPDATE account_state SET failures = 0, locked_until = ? WHERE name = ? AND failures >= ?",
                     (until, name, LOCK_AFTER))


def _succeeded(conn, name: str) -> None:
    if _state(conn, name)[1:] != (0, ""):
        with store.transaction(conn):
            conn.execute("UPDATE account_state SET failures = 0, locked_until = '' WHERE name = ?", (name,))


class Locked(UsageError):
    """Too many wrong passwords in a row for this name: refused whatever the password."""

    def __init__(self, minutes: int):
        super().__init__(f"this account is locked for {minutes} more minute{'s' if minutes != 1 else ''} after "
                         f"{LOCK_AFTER} wrong passwords in a row",
                         hint="wait, then sign in again; a coordinator can set a new password meanwhile")
        self.minutes = minutes


def _attempt(conn, row, name: str, password: str, reset: bool = True):
    """The account's row if ``password`` is its password; None if not (counted); Locked when
    the name is locked. As slow whatever the case. ``reset``: a right password clears the count
    of failures (not when a code must follow it: the code's check does, rounds/twofactor.py)."""
    from werkzeug.security import check_password_hash, generate_password_hash

    known = row is not None
    if not _DUMMY:
        _DUMMY.append(generate_password_hash("not a password of anyone"))
    right = check_password_hash(row["hash"] if known else _DUMMY[0], password) and known
    minutes = locked_for(conn, name, known)
    if minutes:
        raise Locked(minutes)
    if not right:
        _failed(conn, name, known)
        return None
    if reset:
        _succeeded(conn, name)
    return row


def stamp_of(*parts) -> str:
    """What a signed-in session remembers of its account: a digest of what, changed, ends it."""
    import hashlib

    return hashlib.sha256("\0".join(str(p) for p in parts).encode()).hexdigest()[:24]


def project_stamp(conn, name: str) -> str | None:
    """The stamp of a project account's sessions (its password hash, role, body and session
    version); None when there is no such account."""
    row = conn.execute("SELECT * FROM web_users WHERE name = ?", (name,)).fetchone()
    return None if row is None else stamp_of(row["hash"], row["role"], row["owns"], sessions(conn, name))


def sign_in(conn, name: str, password: str) -> tuple[User, str] | None:
    """(the account, its sessions' stamp) if ``password`` is its password, else None (in about
    the same time); Locked after too many wrong ones. ``conn`` None: no register, no name."""
    if conn is None:
        check(None, name, password)
        return None
    row = conn.execute("SELECT * FROM web_users WHERE name = ?", (name,)).fetchone()
    two_step = row is not None and conn.execute("SELECT 1 FROM totp WHERE name = ? AND confirmed = 1",
                                                (name,)).fetchone() is not None
    if _attempt(conn, row, name, password, reset=not two_step) is None:
        return None
    return User(row["name"], row["role"], row["owns"]), project_stamp(conn, name)


def change_password(conn, name: str, old: str, new: str) -> str:
    """Change a project account's password, given its present one; its new stamp (its other
    sessions end). UsageError when the present password is wrong or the new one too short."""
    from werkzeug.security import check_password_hash, generate_password_hash

    if len(new) < MIN_PASSWORD:
        raise UsageError(f"the new password is {len(new)} characters long; use at least {MIN_PASSWORD}")
    with store.transaction(conn):
        row = conn.execute("SELECT * FROM web_users WHERE name = ?", (name,)).fetchone()
        if row is None or not check_password_hash(row["hash"], old):
            raise UsageError("the present password is wrong; nothing was changed")
        conn.execute("UPDATE web_users SET hash = ? WHERE name = ?", (generate_password_hash(new), name))
        _renewed(conn, name)
    return project_stamp(conn, name)


def get(conn, name: str) -> User | None:
    row = conn.execute("SELECT name, role, owns FROM web_users WHERE name = ?", (name,)).fetchone()
    return User(row["name"], row["role"], row["owns"]) if row else None


# --- a workspace's accounts and log (uprreport serve --workspace) --------------------------
# One SQLite file in the workspace folder, DIR/.uprreport/workspace.sqlite3, readable by its
# owner only: the accounts of every project served from DIR (coordinators, focal points of one
# body of one project, reviewers) and the log of what each did. Its schema is versioned as the
# comment register's is (PRAGMA user_version and ordered migrations, run once in a transaction);
# the journal mode is chosen by the register's own code (store._journal: write-ahead logging
# where it works).

WORKSPACE_FOLDER = ".uprreport"
WORKSPACE_FILE = "workspace.sqlite3"
PROJECT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")     # a project folder's name
BODY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")        # a contribution folder's name

_WORKSPACE_1 = (
    """CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL,
  project TEXT NOT NULL DEFAULT '',        -- '' : every project of the workspace
  body TEXT NOT NULL DEFAULT '',           -- a focal point's contribution folder
  created TEXT NOT NULL, changed TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS log (
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, project TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '', action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT ''
)""",
    "CREATE INDEX IF NOT EXISTS log_by_project ON log (project, id)",
)


def _workspace_to_1(conn) -> None:
    for sql in _WORKSPACE_1:
        conn.execute(sql)


def _workspace_to_2(conn) -> None:
    """1 → 2: the accounts' sign-in state (session versions, wrong passwords), as in a register."""
    conn.execute(store._TABLES_3[1])


def _workspace_to_3(conn) -> None:
    """2 → 3: API tokens (rounds/tokens.py): a token acts as its account, with its role; only a
    hash of its secret is kept."""
    conn.execute("""CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,                     -- the token's public part, shown in listings and the log
  hash TEXT NOT NULL,                      -- SHA-256 of the secret part (a random 32-byte value)
  name TEXT NOT NULL,                      -- the account it acts as
  label TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, used TEXT NOT NULL DEFAULT ''
)""")


def _workspace_to_4(conn) -> None:
    """3 → 4: two-step sign-in (rounds/twofactor.py): an account's TOTP secret (RFC 6238), whether
    it was confirmed with a code, and the last time step used (a code is taken once). The same
    table as a register's (store._TABLES_5)."""
    conn.execute(store._TABLES_5[3])


WORKSPACE_MIGRATIONS = [_workspace_to_1, _workspace_to_2, _workspace_to_3, _workspace_to_4]
WORKSPACE_VERSION = len(WORKSPACE_MIGRATIONS)


def workspace_path(root) -> Path:
    return Path(root) / WORKSPACE_FOLDER / WORKSPACE_FILE


def _private(db) -> None:
    """Make the (empty) store file readable and writable by its owner only, before SQLite
    opens it: SQLite gives its journal files the database file's permissions."""
    db.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    store.private_file(db)


def _workspace_error(exc, db) -> UsageError | Exception:
    from uprreport.errors import FileInUse, UprError

    text = str(exc)
    if "locked" in text or "busy" in text:
        return UprError(f"the workspace's accounts ({db}) stayed in use by another program for {store.WAIT} s; "
                        "nothing was changed", hint="close the program that has it open and try again")
    if any(w in text for w in ("readonly", "read-only", "unable to open", "disk I/O", "disk is full")):
        return FileInUse(f"the workspace's accounts ({db}) cannot be opened or written ({text})",
                         hint="check that you may write to the workspace folder and that the disk has space", path=db)
    if any(w in text for w in ("not a database", "malformed", "no such table", "no such column", "corrupt")):
        return UprError(f"the workspace's accounts ({db}) are damaged ({text}); nothing was changed",
                        hint="restore the file from a backup, or move it away and add the accounts again "
                             "with `uprreport user add`")
    return exc


def workspace(root, create: bool = True):
    """A connection to the workspace store of the folder ``root``, its schema brought up to
    date; None when it has none and ``create`` is False (a command that only reads makes none)."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"'{root}' is not a folder", hint="give the workspace folder: the one holding the projects")
    from uprreport import database
    from uprreport.errors import UprError

    db = workspace_path(root)

    def newer(found: int) -> UprError:
        return UprError(f"the workspace's accounts ({db}) were written by a newer uprreport (version {found}; "
                        f"this one knows up to {WORKSPACE_VERSION}); nothing was changed",
                        hint="upgrade uprreport on this computer")

    def sqlite():
        return store.open_versioned(db, WORKSPACE_VERSION, WORKSPACE_MIGRATIONS, _workspace_error, newer)

    config = database.config_of(root)
    if config is not None:     # the workspace is on PostgreSQL (database/): its schema w_<id>
        return store.open_postgresql(config.url, config.workspace_schema(), WORKSPACE_VERSION,
                                     WORKSPACE_MIGRATIONS, newer, create, db, sqlite)
    if not db.is_file():
        if not create:
            return None
        _private(db)
    return sqlite()


@contextlib.contextmanager
def _workspace(root, create: bool = True):
    conn = workspace(root, create)
    try:
        yield conn
    finally:
        if conn is not None:
            conn.close()


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def stamp(row, sessions: int = 0) -> str:
    """What a signed-in session remembers of its account: it changes when the account's role,
    project, body, password or session version does, which ends the sessions signed in before."""
    return stamp_of(row["hash"], row["role"], row["project"], row["body"], sessions)


def _ws_user(row) -> User:
    return User(row["name"], row["role"], row["body"], row["project"])


def workspace_add(root, name: str, password: str, role: str, project: str = "", body: str = "",
                  known_bodies: set[str] | None = None) -> User:
    """Create or replace the workspace account ``name``. A focal point needs a project and a body
    (``known_bodies``: that project's, to check against); a coordinator or a reviewer may be
    limited to one project."""
    from werkzeug.security import generate_password_hash

    if role_of(role) == "focal-point" and not project:
        raise UsageError("a focal point belongs to one project", hint="give it with --project FOLDER")
    if project and not PROJECT.match(project):
        raise UsageError(f"'{project}' cannot be a project folder's name")
    if body and not BODY.match(body):
        raise UsageError(f"'{body}' cannot be a body's folder name")
    role = _checked(name, password, role, body, known_bodies)
    now = _now()
    with _workspace(root) as conn, store.transaction(conn):
        had = conn.execute("SELECT created FROM users WHERE name = ?", (name,)).fetchone()
        conn.execute("INSERT INTO users (name, hash, role, project, body, created, changed) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, "
                     "role = excluded.role, project = excluded.project, body = excluded.body, "
                     "changed = excluded.changed", (name, generate_password_hash(password), role, project, body,
                                                      had["created"] if had else now, now))
        _renewed(conn, name)
    return User(name, role, body, project)


def workspace_remove(root, name: str) -> bool:
    with _workspace(root, create=False) as conn:
        if conn is None:
            return False
        with store.transaction(conn):
            conn.execute("DELETE FROM tokens WHERE name = ?", (name,))   # its API tokens end with it
            conn.execute("DELETE FROM totp WHERE name = ?", (name,))
            return bool(conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount)


def workspace_listing(root) -> list[User]:
    with _workspace(root, create=False) as conn:
        rows = [] if conn is None else conn.execute(
            "SELECT * FROM users ORDER BY role, project, body, name").fetchall()
    return [_ws_user(r) for r in rows]


def workspace_check(root, name: str, password: str) -> tuple[User, str] | None:
    """(the account, its stamp) if ``password`` is its password, else None (in about the same
    time); Locked after too many wrong ones in a row."""
    with _workspace(root) as conn:
        row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
        two_step = row is not None and conn.execute("SELECT 1 FROM totp WHERE name = ? AND confirmed = 1",
                                                    (name,)).fetchone() is not None
        if _attempt(conn, row, name, password, reset=not two_step) is None:
            return None
        return _ws_user(row), stamp(row, sessions(conn, name))


def workspace_end_sessions(root, name: str) -> None:
    """End every session of ``name`` (signing out)."""
    with _workspace(root, create=False) as conn:
        if conn is not None:
            with store.transaction(conn):
                end_sessions(conn, name)


def workspace_get(root, name: str) -> tuple[User, str] | None:
    """(the account ``name`` as it stands now, its stamp), or None."""
    with _workspace(root, create=False) as conn:
        row = None if conn is None else conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
        return None if row is None else (_ws_user(row), stamp(row, sessions(conn, name)))


def workspace_password(root, name: str, old: str, new: str) -> str:
    """Change ``name``'s password, given its present one; the new stamp. UsageError when the
    present password is wrong or the new one too short."""
    from werkzeug.security import check_password_hash, generate_password_hash

    if len(new) < MIN_PASSWORD:
        raise UsageError(f"the new password is {len(new)} characters long; use at least {MIN_PASSWORD}")
    with _workspace(root) as conn, store.transaction(conn):
        row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
        if row is None or not check_password_hash(row["hash"], old):
            raise UsageError("the present password is wrong; nothing was changed")
        conn.execute("UPDATE users SET hash = ?, changed = ? WHERE name = ?", (generate_password_hash(new), _now(), name))
        _renewed(conn, name)
        return stamp(conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone(), sessions(conn, name))


def log(root, who: str, action: str, project: str = "", body: str = "", detail: str = "") -> None:
    """Record that ``who`` did ``action`` (now, in UTC)."""
    with _workspace(root) as conn, store.transaction(conn):
        conn.execute("INSERT INTO log (at, who, project, body, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
                     (_now(), who, project, body, action, detail[:2000]))


def entries(root, project: str | None = None, limit: int = 500) -> list[dict]:
    """The latest ``limit`` entries of the log, newest first (of one project, if given)."""
    with _workspace(root, create=False) as conn:
        if conn is None:
            return []
        where, args = ("WHERE project = ?", [project]) if project else ("", [])
        rows = conn.execute(f"SELECT * FROM log {where} ORDER BY id DESC LIMIT ?", [*args, int(limit)]).fetchall()
    return [dict(r) for r in rows]
