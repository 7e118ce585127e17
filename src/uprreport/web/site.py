"""What the pages of one running application share: how it runs (``Settings``) and the
project it serves (``Site``), or the workspace of projects (``WorkspaceSite``), reached from a
request by ``current()``."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from uprreport import i18n


@dataclass
class Settings:
    """How ``uprreport serve`` runs; the defaults suit a public consultation."""

    publish_answers: bool = False       # show the response matrix once the round is closed
    proxies: int = 0                    # reverse proxies in front whose X-Forwarded-* to trust
    secure_cookies: bool = False        # cookies only over HTTPS (set behind a TLS proxy)
    comment_rate: str = "10 per minute;200 per day"    # per address, comments sent
    # per address, sign-in attempts: looser than the lock of one account (rounds/accounts.py,
    # 10 wrong in a row), so that many wrong tries from an office's address lock no one else out
    login_rate: str = "30 per minute;300 per day"
    secret: str | None = None           # session key; default: kept in rounds/.web-secret
    today: Callable[[], dt.date] = dt.date.today
    upload_rate: str = "30 per minute;500 per day"     # per address, files uploaded (workspace)
    # where rate limits are counted (Flask-Limiter's storage): this process's memory, a Redis, or
    # a workspace's PostgreSQL database (api.workspace.limits_storage), shared by several servers
    limits: str = "memory://"
    limits_options: dict = field(default_factory=dict)
    # the SMTP server mail goes out through (mailing.Server: --smtp or UPRREPORT_SMTP), or None:
    # no e-mail is sent (docs/email.md)
    smtp: Any = None
    # A project's pages served inside a workspace: who is signed in comes from the workspace's
    # session (``account(session) -> User | None``), and signing in and out happen there.
    account: Callable[[Any], Any] | None = None
    sign_in: str | None = None          # the workspace's sign-in page
    sign_out: Callable[[str], None] | None = None   # the workspace's: end every session of an account
    home: str | None = None             # the project's page in the workspace


@dataclass
class Site:
    """What the pages share: the project, its language, the lead contribution."""

    project: Path
    settings: Settings
    language: i18n.Language
    lead: str
    title: str
    owners: set[str]
    build_lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict = field(default_factory=dict)        # round n -> its draft as HTML (frozen, never changes)
    cache_lock: threading.Lock = field(default_factory=threading.Lock)


def current() -> Site:
    from flask import current_app

    return current_app.extensions["uprreport"]


@dataclass
class WorkspaceSite:
    """What the workspace's pages share: the folder, the builds running, and each project's
    consultation pages (made when first asked for)."""

    root: Path
    settings: Settings
    builder: Any                          # api.builds.Builder
    title: str = i18n.N_("UPR reports")   # shown in the reader's language (base.html)
    apps: dict = field(default_factory=dict)           # project name -> its consultation application
    apps_lock: threading.Lock = field(default_factory=threading.Lock)
    held: contextlib.ExitStack | None = None           # while served: the projects' serve locks
    address: tuple[str, int] = ("127.0.0.1", 8080)

    def forget(self, name: str) -> None:
        """Drop a project's consultation application (its facts changed: language, State), to
        be made anew when next asked for."""
        with self.apps_lock:
            app = self.apps.pop(name, None)
        mail = getattr(app, "extensions", {}).get("uprreport-mail") if app is not None else None
        if mail is not None:
            mail.outbox.stop()     # its thread ends once what it holds is sent


def workspace() -> WorkspaceSite:
    from flask import current_app

    return current_app.extensions["uprreport-workspace"]
