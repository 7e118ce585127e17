"""The web application: Flask, its pages in two blueprints (``public``: the consultation;
``manage``: the coordinator's and owners' pages), and the protections every page gets.

One application serves one project. Nothing of a project is kept in memory between
requests except what cannot change while it runs (the frozen draft of a round as HTML):
every comment and decision goes straight to the project's comment register, so the
command line and the web page can be used side by side.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from uprreport import i18n
from uprreport.web import security
from uprreport.web.site import Settings, Site


def _site(project: Path, settings: Settings) -> Site:
    from uprreport.api import consultation

    f = consultation.facts(project)
    return Site(project=f.project, settings=settings, language=i18n.Language(f.language), lead=f.lead,
                title=f.title, owners=set(f.owners))


def create_app(project: Path, settings: Settings | None = None):
    """The Flask application serving ``project``."""
    from flask import Flask
    from markupsafe import Markup

    from uprreport.api import consultation
    from uprreport.web import manage, public

    project = Path(project).resolve()
    settings = settings or Settings()
    site = _site(project, settings)
    app = Flask("uprreport.web", root_path=str(Path(__file__).parent))
    app.config.update(
        SECRET_KEY=settings.secret or consultation.secret_key(project),
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
    # every value a page prints goes out without what HTML cannot hold (a comment pasted from
    # a PDF may carry control characters); HTML made by the writers is clean already
    app.jinja_env.finalize = lambda v: consultation.clean(v) if isinstance(v, str) and not isinstance(v, Markup) else v
    app.jinja_env.globals["site"] = site
    english = i18n.Language("en")

    @app.context_processor
    def _words():   # the public pages speak the report's language; the coordinator's, English
        from flask import request

        return {"t": english if request.blueprint == "manage" else site.language}

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
    security.limit_views(app, settings)
    return app


def serve(app, host: str = "127.0.0.1", port: int = 8080, threads: int = 8, ready=None) -> None:
    """Serve ``app`` (create_app's) with waitress until interrupted, holding the project's
    serve lock: a second ``serve`` of the same project is refused (UsageError naming the
    one that runs), and so is an address that cannot be listened on. ``ready()`` is called
    once the lock is held and the address bound, before serving."""
    import errno

    import waitress

    from uprreport.api import consultation
    from uprreport.errors import UsageError

    with consultation.serving(app.extensions["uprreport"].project, host, port):
        try:
            # connection_limit: waitress's default (100) lets kept-alive connections starve the others
            # when more commenters than that are on the page at once (benchmarks/web_load.py)
            server = waitress.create_server(app, host=host, port=port, threads=threads, ident="uprreport",
                                            connection_limit=1000, max_request_body_size=1 << 20,
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
