"""The web application: Flask, its pages in two blueprints (``public``: the consultation;
``manage``: the coordinator's and owners' pages), and the protections every page gets.

One application serves one project. Nothing of a project is kept in memory between
requests except what cannot change while it runs (the frozen draft of a round as HTML):
every comment and decision goes straight to the project's comment register, so the
command line and the web page can be used side by side.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from uprreport import i18n
from uprreport.web import security

SECRET_FILE = ".web-secret"     # in rounds/: the key that signs session cookies


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


def secret_key(project: Path) -> str:
    """The project's session key: made once, kept beside the register, readable by its owner only."""
    from uprreport.fsutil import write_text
    from uprreport.rounds import store

    path = store.folder(project) / SECRET_FILE
    if path.is_file():
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    key = secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, key + "\n")
    try:
        path.chmod(0o600)
    except OSError:   # Windows: the file inherits the folder's permissions
        pass
    return key


def _site(project: Path, settings: Settings) -> Site:
    from uprreport.errors import UsageError
    from uprreport.readers.project import lead_contribution
    from uprreport.readers.project import read_manifest
    from uprreport.rounds import store

    manifest, _pos, _diags = read_manifest(project)
    if manifest is None:
        raise UsageError(f"{project} has no readable report.yaml", hint="run `uprreport validate` on it first")
    folder = project / "contributions"
    owners = {p.name for p in folder.iterdir() if (p / "contributor.yaml").is_file()} if folder.is_dir() else set()
    return Site(project=project, settings=settings, language=i18n.Language(manifest.language),
                lead=lead_contribution(project) or store.COORDINATOR, title=manifest.state,
                owners=owners)


def create_app(project: Path, settings: Settings | None = None):
    """The Flask application serving ``project``."""
    from flask import Flask

    from uprreport.web import manage, public

    project = Path(project).resolve()
    settings = settings or Settings()
    site = _site(project, settings)
    app = Flask("uprreport.web", root_path=str(Path(__file__).parent))
    app.config.update(
        SECRET_KEY=settings.secret or secret_key(project),
        MAX_CONTENT_LENGTH=security.MAX_REQUEST,
        SESSION_COOKIE_NAME="uprreport_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=12 * 3600,       # a long comment may take an afternoon to write
        WTF_CSRF_SSL_STRICT=settings.secure_cookies,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["uprreport"] = site
    app.jinja_env.autoescape = True
    app.jinja_env.globals["site"] = site
    english = i18n.Language("en")

    @app.context_processor
    def _words():   # the public pages speak the report's language; the coordinator's, English
        from flask import request

        return {"t": english if request.blueprint == "manage" else site.language}

    security.protect(app, settings)
    app.register_blueprint(public.blueprint)
    app.register_blueprint(manage.blueprint, url_prefix="/manage")
    security.limit_views(app, settings)
    return app


def site() -> Site:
    from flask import current_app

    return current_app.extensions["uprreport"]
