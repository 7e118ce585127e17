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
        conn.execute("INSERT OR REPLACE INTO web_users (name, hash, role, owns) VALUES (?, ?, ?, ?)",
                     (name, generate_password_hash(password), role, owns))
    return User(name, role, owns)


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


WORKSPACE_MIGRATIONS = [_workspace_to_1]
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
    import sqlite3

    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"'{root}' is not a folder", hint="give the workspace folder: the one holding the projects")
    db = workspace_path(root)
    if not db.is_file():
        if not create:
            return None
        _private(db)
    try:
        conn = store._open(db)
    except sqlite3.DatabaseError as exc:
        raise _workspace_error(exc, db) from None
    try:
        store._journal(conn, db)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > WORKSPACE_VERSION:
            from uprreport.errors import UprError

            raise UprError(f"the workspace's accounts ({db}) were written by a newer uprreport (version {version}; "
                           f"this one knows up to {WORKSPACE_VERSION}); nothing was changed",
                           hint="upgrade uprreport on this computer")
        if version < WORKSPACE_VERSION:
            with store.transaction(conn):   # read again once held: another process may have migrated
                for step in WORKSPACE_MIGRATIONS[conn.execute("PRAGMA user_version").fetchone()[0]:]:
                    step(conn)
                conn.execute(f"PRAGMA user_version = {WORKSPACE_VERSION}")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _workspace_error(exc, db) from None
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


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


def stamp(row) -> str:
    """What a signed-in session remembers of its account: it changes when the account's role,
    project, body or password does, which ends the sessions signed in before."""
    import hashlib

    return hashlib.sha256("\0".join((row["hash"], row["role"], row["project"], row["body"])).encode()).hexdigest()[:24]


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
        conn.execute("INSERT OR REPLACE INTO users (name, hash, role, project, body, created, changed) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", (name, generate_password_hash(password), role, project, body,
                                                      had["created"] if had else now, now))
    return User(name, role, body, project)


def workspace_remove(root, name: str) -> bool:
    with _workspace(root, create=False) as conn:
        if conn is None:
            return False
        with store.transaction(conn):
            return bool(conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount)


def workspace_listing(root) -> list[User]:
    with _workspace(root, create=False) as conn:
        rows = [] if conn is None else conn.execute(
            "SELECT * FROM users ORDER BY role, project, body, name").fetchall()
    return [_ws_user(r) for r in rows]


def workspace_check(root, name: str, password: str) -> tuple[User, str] | None:
    """(the account, its stamp) if ``password`` is its password, else None (in about the same time)."""
    from werkzeug.security import check_password_hash, generate_password_hash

    with _workspace(root) as conn:
        row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        if not _DUMMY:
            _DUMMY.append(generate_password_hash("not a password of anyone"))
        check_password_hash(_DUMMY[0], password)
        return None
    if not check_password_hash(row["hash"], password):
        return None
    return _ws_user(row), stamp(row)


def workspace_get(root, name: str) -> tuple[User, str] | None:
    """(the account ``name`` as it stands now, its stamp), or None."""
    with _workspace(root, create=False) as conn:
        row = None if conn is None else conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return None if row is None else (_ws_user(row), stamp(row))


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
        return stamp(conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone())


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
