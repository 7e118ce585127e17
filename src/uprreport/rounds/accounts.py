"""Who may sign in to the coordinator pages: a coordinator sees and does everything; an
owner (a contributing body) sees and answers only the comments routed to its contribution.

Accounts live in the project's comment register (table ``web_users``, whose schema
rounds/store.py owns), never in the JSON export. Passwords are stored as scrypt hashes (Werkzeug's default: deliberately slow,
salted), never as text.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from uprreport.errors import UsageError
from uprreport.rounds import store

ROLES = ("coordinator", "owner")
MIN_PASSWORD = 12
NAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")

# A hash to check against when the name is unknown, so that a wrong name costs as long as a
# wrong password and the answer time does not tell which names exist.
_DUMMY: list[str] = []


@dataclass(frozen=True)
class User:
    name: str
    role: str
    owns: str = ""      # contribution folder, for an owner

    @property
    def coordinator(self) -> bool:
        return self.role == "coordinator"

    def may_see(self, owner: str) -> bool:
        return self.coordinator or owner == self.owns


def add(project, name: str, password: str, role: str, owns: str = "", known_owners: set[str] | None = None) -> User:
    """Create or replace the account ``name``."""
    from werkzeug.security import generate_password_hash

    if not NAME.match(name):
        raise UsageError(f"'{name}' cannot be a user name", hint="use 2–64 letters, digits, dots, dashes or @")
    if role not in ROLES:
        raise UsageError(f"'{role}' is not a role", hint=f"use one of: {', '.join(ROLES)}")
    if role == "owner":
        if not owns:
            raise UsageError("an owner account needs the contribution it answers for",
                             hint="give it with --owns FOLDER (a folder under contributions/)")
        if known_owners is not None and owns not in known_owners:
            raise UsageError(f"'{owns}' is not a contribution of this project",
                             hint="use one of: " + ", ".join(sorted(known_owners)))
    elif owns:
        raise UsageError("a coordinator account answers for every contribution; leave out --owns")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password is {len(password)} characters long; use at least {MIN_PASSWORD}")
    with contextlib.closing(store.connect(project)) as conn, store.transaction(conn):
        conn.execute("INSERT OR REPLACE INTO web_users (name, hash, role, owns) VALUES (?, ?, ?, ?)",
                     (name, generate_password_hash(password), role, owns))
    return User(name, role, owns)


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
