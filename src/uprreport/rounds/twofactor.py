"""Two-step sign-in for a workspace's accounts: after the password, a six-digit code from an
authenticator app (TOTP, RFC 6238: 30-second steps, SHA-1, as Google Authenticator, Microsoft
Authenticator, FreeOTP and 1Password compute it), through pyotp.

An account turns it on from its own page: a secret is made and shown (as a QR code and as text),
and is kept only once the account has typed a code made from it (``confirm``), which ends the
account's other sessions. At sign-in a code is good for the step it was made in and the one
before and after (a phone's clock may be off by up to 30 seconds), and only once: the step used
last is kept, and a code of that step or an earlier one is refused. Wrong codes count with
wrong passwords towards the account's lock (rounds/accounts.py), and a right password does not
clear that count while a code is still to come. The secret is kept in the workspace's store
(table ``totp``, store version 4), which only its owner may read; a coordinator who lost their
phone is helped on the command line (``uprreport user reset-two-step NAME --workspace DIR``).

The same works for a project's own accounts (``serve PROJECT``): ``target`` is then the project
folder, and the secrets are in its comment register (table ``totp``, register version 5).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from uprreport.errors import UsageError
from uprreport.rounds import accounts, store

ISSUER = "uprreport"
STEP = 30


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Enrolment:
    secret: str        # base32, as authenticator apps take it typed in
    uri: str           # otpauth://totp/… (what the QR code holds)


@contextlib.contextmanager
def _opened(target, create: bool = False):
    """The store of ``target``'s accounts: a project's register (a folder with report.yaml) or a
    workspace's store; None when there is none yet and ``create`` is False."""
    if (Path(target) / "report.yaml").is_file():
        try:
            conn = store.connect(Path(target), create)
        except store.NoRegister:
            yield None
            return
        try:
            yield conn
        finally:
            conn.close()
    else:
        with accounts._workspace(target, create) as conn:
            yield conn


def _users(target) -> str:
    return "web_users" if (Path(target) / "report.yaml").is_file() else "users"


def _totp(secret: str):
    import pyotp

    return pyotp.TOTP(secret, interval=STEP)


def on(root, name: str) -> bool:
    """Whether ``name`` signs in with a code after its password."""
    with _opened(root) as conn:
        return conn is not None and conn.execute("SELECT 1 FROM totp WHERE name = ? AND confirmed = 1",
                                                 (name,)).fetchone() is not None


def enrol(root, name: str, label: str = "") -> Enrolment:
    """A new secret for ``name``, not in force until ``confirm`` (an earlier unconfirmed one is
    replaced; one in force stays until then)."""
    import pyotp

    secret = pyotp.random_base32(32)
    with _opened(root, create=True) as conn, store.transaction(conn):
        if conn.execute(f"SELECT 1 FROM {_users(root)} WHERE name = ?", (name,)).fetchone() is None:
            raise UsageError(f"there is no account '{name}' here")
        conn.execute("INSERT INTO totp (name, secret, confirmed, last_step, changed) VALUES (?, ?, 0, 0, ?) "
                     "ON CONFLICT (name) DO UPDATE SET secret = excluded.secret, changed = excluded.changed "
                     "WHERE totp.confirmed = 0", (name, secret, _now()))
        row = conn.execute("SELECT secret, confirmed FROM totp WHERE name = ?", (name,)).fetchone()
    if row["confirmed"]:
        raise UsageError("two-step sign-in is already on for this account",
                         hint="turn it off first to move it to another phone")
    uri = _totp(secret).provisioning_uri(name=label or name, issuer_name=ISSUER)
    return Enrolment(secret, uri)


def pending(root, name: str) -> Enrolment | None:
    """The secret made by ``enrol`` and not yet confirmed, if any."""
    with _opened(root) as conn:
        row = None if conn is None else conn.execute("SELECT secret FROM totp WHERE name = ? AND confirmed = 0",
                                                     (name,)).fetchone()
    if row is None:
        return None
    return Enrolment(row["secret"], _totp(row["secret"]).provisioning_uri(name=name, issuer_name=ISSUER))


def _step(secret: str, code: str, last: int, now: float) -> int | None:
    """The time step ``code`` was made in (this one, the one before or after), if it is later
    than ``last``; else None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = _totp(secret)
    here = int(now // STEP)
    for step in (here - 1, here, here + 1):
        if step > last and totp.at(step * STEP) == code:
            return step
    return None


def confirm(root, name: str, code: str, now: float | None = None) -> bool:
    """Put the pending secret in force when ``code`` is made from it; the account's other
    sessions end (they signed in without a code). False for a wrong code."""
    now = time.time() if now is None else now
    with _opened(root, create=True) as conn, store.transaction(conn):
        row = conn.execute("SELECT secret FROM totp WHERE name = ? AND confirmed = 0", (name,)).fetchone()
        step = None if row is None else _step(row["secret"], code, 0, now)
        if step is None:
            return False
        conn.execute("UPDATE totp SET confirmed = 1, last_step = ?, changed = ? WHERE name = ?", (step, _now(), name))
        accounts.end_sessions(conn, name)
    return True


def verify(root, name: str, code: str, now: float | None = None) -> bool:
    """Whether ``code`` is ``name``'s code now and not used before (then it is used up). A
    wrong code counts towards the account's lock; a right one clears the count. Locked (the
    accounts' error) when the account is locked."""
    now = time.time() if now is None else now
    with _opened(root, create=True) as conn:
        minutes = accounts.locked_for(conn, name, True)
        if minutes:
            raise accounts.Locked(minutes)
        with store.transaction(conn):
            row = conn.execute("SELECT secret, last_step FROM totp WHERE name = ? AND confirmed = 1",
                               (name,)).fetchone()
            step = None if row is None else _step(row["secret"], code, row["last_step"], now)
            if step is not None:
                conn.execute("UPDATE totp SET last_step = ? WHERE name = ?", (step, name))
        if step is None:
            accounts._failed(conn, name, True)
            return False
        accounts._succeeded(conn, name)
        return True


def turn_off(root, name: str) -> bool:
    """Remove ``name``'s secret (in force or pending); whether there was one. Its other sessions end."""
    with _opened(root) as conn:
        if conn is None:
            return False
        with store.transaction(conn):
            gone = bool(conn.execute("DELETE FROM totp WHERE name = ?", (name,)).rowcount)
            if gone:
                accounts.end_sessions(conn, name)
        return gone


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as an inline SVG element (no script, no image request)."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(uri, error="m").save(buf, kind="svg", scale=5, border=2, xmldecl=False, svgns=True,
                                    title="QR code for the authenticator app", dark="#000", light="#fff")
    return buf.getvalue().decode("utf-8")
