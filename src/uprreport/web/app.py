"""The web application: Flask, its pages in two blueprints (``public``: the consultation;
``manage``: the coordinator's and owners' pages), and the protections every page gets.

One application serves one project. Nothing of a project is kept in memory between
requests except what cannot change while it runs (the frozen draft of a round as HTML):
every comment and decision goes straight to the project's comment register, so the
command line and the web page can be used side by side.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from pathlib import Path

from uprreport import i18n
from uprreport.web import security
from uprreport.web.site import Settings, Site, close_db

SECRET_FILE = ".web-secret"     # in rounds/: the key that signs session cookies


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
    return Site(project=project, settings=settings, language=i18n.Language(manifest.language),
                lead=lead_contribution(project) or store.COORDINATOR, title=manifest.state,
                owners=owners(project))


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

    app.teardown_appcontext(close_db)
    security.protect(app, settings)
    app.register_blueprint(public.blueprint)
    app.register_blueprint(manage.blueprint, url_prefix="/manage")
    security.limit_views(app, settings)
    return app


def serve(app, host: str = "127.0.0.1", port: int = 8080, threads: int = 8) -> None:
    """Serve ``app`` (create_app's) with waitress until interrupted, holding the project's
    serve lock (``serving``): a second ``serve`` of the same project is refused."""
    import waitress

    with serving(app.extensions["uprreport"].project, host, port):
        # connection_limit: waitress's default (100) lets kept-alive connections starve the others
        # when more commenters than that are on the page at once (benchmarks/web_load.py)
        waitress.serve(app, host=host, port=port, threads=threads, ident="uprreport", connection_limit=1000,
                       max_request_body_size=1 << 20, clear_untrusted_proxy_headers=True)


LOCK_FILE = "serve.lock"       # in rounds/: held (an operating-system lock) while a serve runs
HOLDER_FILE = "serve.json"     # beside it: who holds it (host, process, port, since when)


@contextlib.contextmanager
def serving(project: Path, host: str = "127.0.0.1", port: int = 8080):
    """Hold the lock that lets one ``uprreport serve`` run per project, for as long as the
    block runs; UsageError naming the holder when another process holds it.

    The lock is the operating system's (filelock: flock on Linux and macOS, LockFileEx on
    Windows): a process that crashes or is killed releases it with its files, so it is never
    left stale; the holder file beside it only says who holds it, and is overwritten by the
    next holder. Where the drive cannot lock files at all, serving goes on with a warning."""
    import json
    import logging
    import os
    import socket

    import filelock

    from uprreport.errors import UsageError
    from uprreport.fsutil import write_text
    from uprreport.rounds import store

    folder = store.folder(project)
    folder.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(folder / LOCK_FILE, thread_local=False, fallback_to_soft=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise UsageError(f"{project} is already being served: {_holder(folder / HOLDER_FILE)}",
                         hint="use the page it serves, or stop that `uprreport serve` (Ctrl+C in its window, or end "
                              "the process named above) and start this one again") from None
    except OSError as exc:   # a drive without file locks (some network shares)
        logging.getLogger("uprreport").warning(
            "cannot lock %s (%s), so a second `uprreport serve` of this project would not be stopped; make sure "
            "only one runs", folder / LOCK_FILE, exc.strerror or exc)
        lock = None
    me = {"host": socket.gethostname(), "pid": os.getpid(), "port": port, "address": host,
          "since": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")}
    try:
        if lock is not None:
            write_text(folder / HOLDER_FILE, json.dumps(me, indent=1) + "\n")
        yield
    finally:
        if lock is not None:
            try:
                (folder / HOLDER_FILE).unlink(missing_ok=True)
            except OSError:
                pass
            lock.release()


def _holder(path: Path) -> str:
    """Who holds the serve lock, in words, from its holder file."""
    import json

    try:
        h = json.loads(path.read_text(encoding="utf-8"))
        return (f"process {int(h['pid'])} on {h['host']}, port {int(h['port'])}, since {h['since']}")
    except (OSError, ValueError, KeyError, TypeError):
        return "by another process (it has not said which yet)"


def owners(project: Path) -> set[str]:
    """The contribution folders of ``project`` (who an owner account may answer for)."""
    from uprreport.readers.project import contribution_folders

    return {p.name for p in contribution_folders(project)}
