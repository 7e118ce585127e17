"""API tokens of a workspace: what a ministry's own system or a script shows instead of a
password (``Authorization: Bearer upr_<id>_<secret>``). A token acts as one account, with that
account's role and limits (a focal point's token reaches its body only); removing the account
ends its tokens. Only a SHA-256 hash of the secret is kept: the secret is 32 random bytes, so
a fast hash is enough (a password, which a person chose, gets scrypt instead). The table is
the workspace store's (rounds/accounts.py, version 3; docs/api.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from uprreport.errors import UsageError
from uprreport.rounds import store
from uprreport.rounds.accounts import User, _workspace, _ws_user

PREFIX = "upr_"
SHAPE = re.compile(r"^upr_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class Token:
    id: str
    name: str
    label: str
    created: str
    used: str


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def create(root, name: str, label: str = "") -> tuple[Token, str]:
    """A new token for the account ``name``: (its record, the token itself, shown this once)."""
    with _workspace(root) as conn, store.transaction(conn):
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
            raise UsageError(f"there is no account '{name}' in this workspace",
                             hint="add it first: uprreport user add NAME --role ROLE --workspace DIR")
        ident = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))
        secret = secrets.token_urlsafe(32)
        now = _now()
        conn.execute("INSERT INTO tokens (id, hash, name, label, created) VALUES (?, ?, ?, ?, ?)",
                     (ident, _digest(secret), name, label[:200], now))
    return Token(ident, name, label[:200], now, ""), f"{PREFIX}{ident}_{secret}"


def check(root, token: str) -> tuple[User, str] | None:
    """(the account the token acts as, the token's id), or None for a token that is malformed,
    unknown, revoked, or whose account is gone. The use is recorded (``used``)."""
    m = SHAPE.match(token or "")
    if not m:
        return None
    with _workspace(root, create=False) as conn:
        if conn is None:
            return None
        row = conn.execute("SELECT t.hash AS token_hash, u.* FROM tokens t JOIN users u ON u.name = t.name "
                           "WHERE t.id = ?", (m.group(1),)).fetchone()
        if row is None or not hmac.compare_digest(row["token_hash"], _digest(m.group(2))):
            return None
        with store.transaction(conn):
            conn.execute("UPDATE tokens SET used = ? WHERE id = ?", (_now(), m.group(1)))
        return _ws_user(row), m.group(1)


def listing(root, name: str | None = None) -> list[Token]:
    with _workspace(root, create=False) as conn:
        if conn is None:
            return []
        where, args = ("WHERE name = ?", (name,)) if name else ("", ())
        rows = conn.execute(f"SELECT id, name, label, created, used FROM tokens {where} ORDER BY name, created",
                            args).fetchall()
    return [Token(r["id"], r["name"], r["label"], r["created"], r["used"]) for r in rows]


def revoke(root, ident: str) -> bool:
    """End the token ``ident`` (its id, or the whole token); whether there was one."""
    m = SHAPE.match(ident)
    ident = m.group(1) if m else ident
    with _workspace(root, create=False) as conn:
        if conn is None:
            return False
        with store.transaction(conn):
            return bool(conn.execute("DELETE FROM tokens WHERE id = ?", (ident,)).rowcount)
