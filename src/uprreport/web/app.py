"""The web applications: Flask, and the protections every page gets.

``create_app`` serves one project: its pages in two blueprints (``public``: the
consultation; ``manage``: the coordinator's and owners' pages). ``create_workspace_app``
serves every project of a folder: the workspace's pages (``workspace``: sign-in, the
projects, accounts, the log; ``project``: one project's facts, bodies, assignments, packs,
returns, progress, problems and builds), and under ``/p/<project>/consultation/`` each
project's own consultation application, whose signed-in pages take the workspace's
accounts.

Nothing of a project is kept in memory between requests except what cannot change while it
runs (the frozen draft of a round as HTML, the builds running): every comment, decision and
upload goes straight to the project's files, so the command line and the web pages can be
used side by side.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from pathlib import Path

from uprreport import i18n
from uprreport.web import languages, security
from uprreport.web.site import Settings, Site, WorkspaceSite


def _site(project: Path, settings: Settings) -> Site:
    from uprreport.api import consultation

    f = consultation.facts(project)
    return Site(project=f.project, settings=settings, language=i18n.Language(f.language), lead=f.lead,
                title=f.title, owners=set(f.owners))


def _flask(secret: str, settings: Settings):
    """A Flask application with the configuration every page relies on."""
    from flask import Flask
    from markupsafe import Markup

    from uprreport.api import consultation

    app = Flask("uprreport.web", root_path=str(Path(__file__).parent))
    app.config.update(
        SECRET_KEY=secret,
        MAX_CONTENT_LENGTH=security.MAX_REQUEST,     # security.py allows more to the upload forms
        SESSION_COOKIE_NAME="uprreport_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(seconds=security.SESSION_LIFETIME),
        SESSION_REFRESH_EACH_REQUEST=False,  # the cookie's expiry does not slide; security.session_fresh checks
        WTF_CSRF_TIME_LIMIT=12 * 3600,       # a long comment may take an afternoon to write
        WTF_CSRF_SSL_STRICT=settings.secure_cookies,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_env.autoescape = True
    app.jinja_env.globals["language_choices"] = languages.choices
    # every value a page prints goes out without what HTML cannot hold (a comment pasted from
    # a PDF may carry control characters); HTML made by the writers is clean already
    app.jinja_env.finalize = lambda v: consultation.clean(v) if isinstance(v, str) and not isinstance(v, Markup) else v
    return app


def create_app(project: Path, settings: Settings | None = None):
    """The Flask application serving ``project``."""
    from uprreport.api import consultation
    from uprreport.web import manage, public

    project = Path(project).resolve()
    settings = settings or Settings()
    site = _site(project, settings)
    app = _flask(settings.secret or consultation.secret_key(project), settings)
    app.extensions["uprreport"] = site
    # the consultation's e-mail (receipts, answers, notices to bodies), with a mail server only
    app.extensions["uprreport-mail"] = consultation.mail(project, settings.smtp, site.language, site.title)
    app.jinja_env.globals["site"] = site
    @app.context_processor
    def _words():   # the public pages speak the report's language; the coordinator's, their own (web/languages.py)
        from flask import request

        public = request.blueprint in ("public", None)
        t = languages.words()
        return {"t": t, "plural": t.plural, "chooser": not public}

    @app.before_request
    def _one_connection():   # the request's calls to the register share one connection
        from flask import g

        g.uprreport_request = consultation.request(site.project)
        g.uprreport_request.__enter__()

    @app.teardown_request
    def _close_connection(_exc=None):
        from flask import g

        scope = g.pop("uprreport_request", None)
        if scope is not None:
            scope.__exit__(None, None, None)

    security.protect(app, settings)
    app.register_blueprint(public.blueprint)
    app.register_blueprint(manage.blueprint, url_prefix="/manage")
    app.register_blueprint(languages.blueprint)
    security.limit_views(app, settings)
    return app


def serve(app, host: str = "127.0.0.1", port: int = 8080, threads: int = 8, ready=None) -> None:
    """Serve ``app`` (create_app's) with waitress until interrupted, holding the project's
    serve lock: a second ``serve`` of the same project is refused (UsageError naming the
    one that runs), and so is an address that cannot be listened on. ``ready()`` is called
    once the lock is held and the address bound, before serving."""
    from uprreport.api import consultation

    with consultation.serving(app.extensions["uprreport"].project, host, port):
        _run(app, host, port, threads, security.MAX_COMMENT_REQUEST + (1 << 20), ready)   # a comment with its files


def serve_workspace(app, host: str = "127.0.0.1", port: int = 8080, threads: int = 8, ready=None) -> None:
    """Serve ``app`` (create_workspace_app's) as ``serve`` does, holding the workspace's serve
    lock, and each project's own as its consultation pages are first asked for."""
    from uprreport.api import workspace as ws

    site = app.extensions["uprreport-workspace"]
    with ws.serving(site.root, host, port), contextlib.ExitStack() as held:
        site.held, site.address = held, (host, port)
        # the scheduled reminders (docs/email.md), when there is a mail server to send them through
        reminders = ws.start_reminders(site.root, site.settings.smtp) if site.settings.smtp else None
        try:
            _run(app, host, port, threads, security.MAX_UPLOAD + (1 << 20), ready)
        finally:
            site.held = None
            if reminders is not None:
                reminders.set()


def _run(app, host: str, port: int, threads: int, body: int, ready=None) -> None:
    """Serve ``app`` with waitress until interrupted (requests of at most ``body`` bytes)."""
    import errno

    import waitress

    from uprreport.errors import UsageError

    try:
        # connection_limit: waitress's default (100) lets kept-alive connections starve the others
        # when more commenters than that are on the page at once (benchmarks/web_load.py)
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="uprreport",
                                        connection_limit=1000, max_request_body_size=body,
                                        clear_untrusted_proxy_headers=True)
    except OSError as exc:
        taken = exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1))
        raise UsageError(f"cannot listen on {host}:{port}: " + ("another program already uses this port"
                                                                if taken else (exc.strerror or str(exc))),
                         hint="choose another port with --port (e.g. --port 8081)" if taken else
                         "use an address of this computer with --host (127.0.0.1 behind a reverse proxy) and a "
                         "port from 1024 up") from None
    except ValueError as exc:   # not an address at all
        raise UsageError(f"cannot listen on {host}:{port}: {exc}",
                         hint="give --host an address of this computer, e.g. 127.0.0.1") from None
    if ready is not None:
        ready()
    try:
        server.run()
    finally:
        server.close()


# --- the workspace ---------------------------------------------------------------------------

def create_workspace_app(root: Path, settings: Settings | None = None, build=None):
    """The Flask application serving every project of the folder ``root`` (``build``: what
    builds, api.build unless a test gives another)."""
    from uprreport.api import workspace as ws
    from uprreport.web import http_api, projects, workspace

    root = ws.check(root)
    settings = settings or Settings()
    settings = dataclasses.replace(settings, secret=settings.secret or ws.secret_key(root))
    site = WorkspaceSite(root, settings, ws.builder(build))
    app = _flask(settings.secret, settings)
    app.extensions["uprreport-workspace"] = site
    app.jinja_env.globals["site"] = site
    @app.context_processor
    def _words():   # the language each person chose, or the project's, or the browser's (web/languages.py)
        t = languages.words()
        return {"t": t, "plural": t.plural, "chooser": True}

    @app.before_request
    def _refused():   # a project's consultation pages that could not be made: said on a page
        from flask import request

        exc = request.environ.get("uprreport.refused")
        if exc is not None:
            raise exc

    security.protect(app, settings)
    app.register_blueprint(workspace.blueprint)
    app.register_blueprint(projects.blueprint, url_prefix="/p/<project>")
    app.register_blueprint(languages.blueprint)
    security.limit_views(app, settings)
    http_api.register(app, settings)   # the HTTP JSON API at /api (docs/api.md)
    app.wsgi_app = _Consultations(app.wsgi_app, site)
    return app


class _Consultations:
    """WSGI: ``/p/<project>/consultation/…`` goes to that project's consultation application
    (create_app's: the public page and /manage/), made when first asked for; the rest to the
    workspace. Its signed-in pages take the workspace's session: one sign-in for both."""

    PATH = re.compile(r"^/p/([^/]+)/consultation(/.*)?$")

    def __init__(self, wsgi, site: WorkspaceSite):
        self.wsgi, self.site = wsgi, site

    def __call__(self, environ, start_response):
        m = self.PATH.match(environ.get("PATH_INFO", ""))
        if not m:
            return self.wsgi(environ, start_response)
        name, rest = m.group(1), m.group(2)
        try:
            target = self._app(name)
        except Exception as exc:   # noqa: BLE001 - said on a page of the workspace (security.py's handlers)
            environ = dict(environ, **{"uprreport.refused": exc})
            return self.wsgi(environ, start_response)
        if target is None:
            return self.wsgi(environ, start_response)   # not a project: the workspace's "not found"
        if not rest:
            from werkzeug.utils import redirect

            return redirect(f"{environ.get('SCRIPT_NAME', '')}/p/{name}/consultation/", 308)(environ, start_response)
        environ = dict(environ, SCRIPT_NAME=f"{environ.get('SCRIPT_NAME', '')}/p/{name}/consultation", PATH_INFO=rest)
        return target(environ, start_response)

    def _app(self, name: str):
        from uprreport.api import workspace as ws

        path = ws.project_path(self.site.root, name)
        if path is None:
            return None
        with self.site.apps_lock:
            app = self.site.apps.get(name)
            if app is None:
                if self.site.held is not None:   # served: one server per project
                    ws.hold(self.site.held, path, *self.site.address)
                root = self.site.root
                def account(session, name=name):
                    found = ws.account(root, session.get("user", ""), session.get("stamp", ""))
                    if found is None and session.get("user"):
                        session.clear()   # signed out elsewhere, or the account changed: sign in again
                    return ws.as_project_user(found, name)

                settings = dataclasses.replace(
                    self.site.settings, sign_in="/login", home=f"/p/{name}/",
                    sign_out=lambda who: ws.sign_out(root, who), account=account)
                app = create_app(path, settings)
                app.extensions["uprreport"].build_lock = ws.build_lock(path)
                self.site.apps[name] = app
            return app
