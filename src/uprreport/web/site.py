"""What the pages of one running application share: how it runs (``Settings``) and the
project it serves (``Site``), reached from a request by ``current()``."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from uprreport import i18n


@dataclass
class Settings:
    """How ``uprreport serve`` runs; the defaults suit a public consultation."""

    publish_answers: bool = False       # show the response matrix once the round is closed
    proxies: int = 0                    # reverse proxies in front whose X-Forwarded-* to trust
    secure_cookies: bool = False        # cookies only over HTTPS (set behind a TLS proxy)
    comment_rate: str = "10 per minute;200 per day"    # per address, comments sent
    login_rate: str = "10 per minute;100 per day"      # per address, sign-in attempts
    secret: str | None = None           # session key; default: kept in rounds/.web-secret
    today: Callable[[], dt.date] = dt.date.today


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
