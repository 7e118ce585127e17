"""What every page gets, so that the application can face the internet behind a reverse
proxy (SECURITY.md says what this guarantees and what the proxy must do):

- CSRF tokens on every form (Flask-WTF), checked on every POST;
- rate limits per address on sending comments and on signing in (Flask-Limiter), counted
  in memory, per process; in the workspace, on signing in and on uploads too;
- a cap on the size of any request: 64 KB, and 60 MB for the workspace's upload forms
  (whose files then pass the package gate, readers/package.py, through api/workspace.py);
- headers: a Content Security Policy that allows no script at all and nothing from other
  sites, no framing, no MIME sniffing, no referrer to other sites, no caching of the
  coordinator's pages;
- with ``proxies``, the client address and scheme taken from that many proxies'
  X-Forwarded-For / X-Forwarded-Proto (Werkzeug's ProxyFix), and from nowhere else;
- the web side's one error boundary: a ``UprError`` is a page saying what went wrong (the
  text typed given back), anything else a page saying the fault is uprreport's, its
  traceback kept in a crash report on the server (crashes.py), never shown.
"""

from __future__ import annotations

import time

from uprreport.errors import FileInUse, UprError, UsageError, from_os_error
from uprreport.i18n import N_

MAX_REQUEST = 64 * 1024     # bytes: every form but the comment form and the uploads
# The comment form: a comment and a proposed wording of 10,000 characters each, of any script
# (4 bytes a character in UTF-8 at most, 3 characters a byte once the form encodes it), with
# room to spare; the limits themselves are counted in characters (rounds/submit.py). With them,
# up to 3 attached files of 10 MB each (rounds/attachments.py), each then held to its gate; a
# request larger than all that cannot be read, and its text is not given back.
MAX_COMMENT_TEXT = 512 * 1024
MAX_COMMENT_REQUEST = MAX_COMMENT_TEXT + 3 * 10 * 1024 * 1024 + 64 * 1024
COMMENT_FORMS = {"public.comment"}
MAX_UPLOAD = 60 * 1024 * 1024   # bytes: a form with files (a list; a workbook and a Word file): each file is
#                                 then held to the package gate's 50 MB and the rest of its limits
# The views that take files (the workspace's): the only ones given more than MAX_REQUEST.
UPLOADS = {"workspace.new_project", "project.collect", "project.returns"}
# Blueprints whose pages are for signed-in people: never cached.
PRIVATE = {"manage", "workspace", "project"}
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
LIMITED = {"public.comment": "comment_rate", "manage.login": "login_rate", "workspace.login": "login_rate",
           **{endpoint: "upload_rate" for endpoint in UPLOADS}}


SESSION_LIFETIME = 8 * 3600    # seconds a sign-in lasts, from the moment it was made (not sliding)


def _now() -> float:
    return time.time()


def local_path(target: str) -> bool:
    """Whether ``target`` is a path of this site, to send a signed-in user to (never another
    site). Browsers drop tabs and line breaks from an address and read a backslash as a
    slash, so "/\t/evil.example" would go to //evil.example: a control character, white
    space or a backslash anywhere makes it not one."""
    return target.startswith("/") and not target.startswith("//") \
        and not any(c == "\\" or c.isspace() or not c.isprintable() for c in target)


def locked_text(t, minutes: int, codes: bool = False) -> str:
    """What a sign-in page says to an account locked for ``minutes`` (``codes``: at the code
    step), in the page's language ``t``."""
    if codes:
        return t.plural("This account is locked for {n} more minute after too many wrong passwords or codes.",
                        "This account is locked for {n} more minutes after too many wrong passwords or codes.",
                        minutes)
    return t.plural("This account is locked for {n} more minute after too many wrong passwords. Wait, or ask a "
                    "coordinator to set a new password.",
                    "This account is locked for {n} more minutes after too many wrong passwords. Wait, or ask a "
                    "coordinator to set a new password.", minutes)


def wrong_code_text(t) -> str:
    """What the code step says to a wrong or used code."""
    return t("The code is wrong, or was used already: type the code your app shows now.")


def begin_session(session, **values) -> None:
    """A new signed-in session (``values``: who, and the account's stamp), dated: it ends
    SESSION_LIFETIME after this, however busy it is (the stamp ends it sooner: signing out,
    a new password, a changed or removed account)."""
    session.clear()
    session.update(values, issued=int(_now()))
    session.permanent = True


CODE_WAIT = 300     # seconds from the password to the code of two-step sign-in (rounds/twofactor.py)


def begin_code_step(session, name: str, stamp: str, target: str) -> None:
    """The password was right and a code must follow: nobody is signed in yet; the session
    remembers who gave it (and the account's stamp then) for CODE_WAIT seconds."""
    session.clear()
    session["pending"] = {"name": name, "stamp": stamp, "at": int(_now()), "next": target}


def code_step(session) -> dict | None:
    """The password step waiting for its code (name, stamp, next), or None (none, or too old: the
    password is asked again)."""
    pending = session.get("pending")
    if isinstance(pending, dict) and 0 <= _now() - pending.get("at", 0) < CODE_WAIT:
        return pending
    session.pop("pending", None)
    return None


def session_fresh(session) -> bool:
    """Whether the session was signed in less than SESSION_LIFETIME ago (one without a date,
    from an earlier release, is not)."""
    issued = session.get("issued")
    return isinstance(issued, int) and 0 <= _now() - issued < SESSION_LIFETIME


def protect(app, settings) -> None:
    from flask import render_template, request
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address
    from flask_wtf.csrf import CSRFError, CSRFProtect

    if settings.proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies,
                                x_host=settings.proxies)
    @app.before_request
    def _size():   # before CSRFProtect's check, which reads the form
        request.max_content_length = (MAX_UPLOAD if request.endpoint in UPLOADS else MAX_COMMENT_REQUEST
                                      if request.endpoint in COMMENT_FORMS else MAX_REQUEST)

    CSRFProtect(app)
    limiter = Limiter(get_remote_address, app=app, storage_uri=settings.limits,
                      storage_options=dict(settings.limits_options), default_limits=[], headers_enabled=True)
    app.extensions["uprreport-limiter"] = limiter

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.blueprint in PRIVATE or request.method == "POST":
            response.headers["Cache-Control"] = "no-store"
        if settings.secure_cookies:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response

    def page(status: int, title: str, message: str, text: str = ""):
        return render_template("error.html", status=status, title=title, message=message, text=text), status

    def form_again(status: int, message: str):
        """The comment form shown again with what was typed, the refusal said above it (None:
        not the comment form)."""
        if request.endpoint not in COMMENT_FORMS or not _readable():
            return None
        from uprreport.web import public
        from uprreport.web.site import current

        return public.refused_form(status, current().language(message))

    @app.errorhandler(CSRFError)
    def _csrf(exc):
        again = form_again(400, N_("The form was open too long, or was not sent from this site. Check your text "
                                   "below and send it again."))
        if again is not None:
            return again
        # The text typed is shown back (escaped) so that nothing written is lost.
        return page(400, N_("This form could not be accepted"),
                    N_("The form was not sent from this site, or it was open too long (over 12 hours). Copy your "
                       "text below, open the page again, and send it from there."),
                    request.form.get("comment", "") if _readable() else "")

    @app.errorhandler(413)
    def _too_large(_exc):
        if request.endpoint in UPLOADS:   # the workspace's pages are in English: no catalog entry
            return page(413, "Too large", "These files are larger than the page takes (60 MB at once, 50 MB a "
                                          "file). Send them one at a time, or make them smaller (large pictures).")
        if request.endpoint in COMMENT_FORMS:
            return page(413, N_("Too large"), N_("This form holds more than the page takes: too much text, or files "
                                                 "too large (three at most, of 10 MB each). Go back, shorten the "
                                                 "text or attach smaller files, and send it again."))
        return page(413, N_("Too much text"), N_("This form holds more text than the page takes. Shorten the "
                                                 "text and send it again."))

    @app.errorhandler(403)
    def _forbidden(_exc):
        # only the signed-in pages refuse so, and they are in English: no catalog entry
        return page(403, "Not allowed", "Your account may read this project but not change it.")

    @app.errorhandler(429)
    def _too_many(exc):
        again = form_again(429, N_("This address has sent too many comments in a short time. Your comment was "
                                   "not sent yet: it is below. Wait a minute and send it again."))
        if again is not None:
            return again
        return page(429, N_("Too many at once"),
                    N_("This address has sent too many forms in a short time. Everything sent before was kept. "
                       "Wait a minute and send again."))

    @app.errorhandler(404)
    def _missing(_exc):
        return page(404, N_("Not found"), N_("There is no page at this address."))

    @app.errorhandler(405)
    def _method(_exc):
        return page(405, N_("Not allowed"), N_("This page cannot be used this way."))

    @app.errorhandler(UprError)
    def _refused(exc):
        status = 409 if isinstance(exc, FileInUse) else 400 if isinstance(exc, UsageError) else 422
        return page(status, N_("This could not be done"), str(exc) + (f" ({exc.hint})" if exc.hint else ""),
                    _typed())

    @app.errorhandler(Exception)
    def _fault(exc):
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):   # Flask's own answers (400, 404, 413...) as they are
            return exc
        if isinstance(exc, OSError) and from_os_error(exc) is not None:   # a file in use, a full disk
            return _refused(from_os_error(exc))
        import logging

        from uprreport import crashes

        if crashes.debugging() or app.testing and app.config.get("PROPAGATE_EXCEPTIONS"):
            raise exc
        path = crashes.save(exc, context=f"{request.method} {request.path}")
        logging.getLogger("uprreport").error("a page failed (%s: %s); the details are in %s",
                                             type(exc).__name__, exc, path)
        return page(500, N_("Something went wrong"),
                    N_("This page failed because of a fault in uprreport, not because of anything you did. "
                       "Nothing you typed was lost: it is shown below. The fault was recorded for the people "
                       "who run this site; try again in a moment."), _typed())

    def _readable() -> bool:
        """Whether the request's form may be read (a POST within its size limit)."""
        limit = request.max_content_length or MAX_REQUEST
        return request.method == "POST" and bool(request.content_length) and request.content_length <= limit

    def _typed() -> str:
        """What was typed into the form, to give back (escaped by the page)."""
        if not _readable():
            return ""
        return "\n\n".join(v.strip() for k in ("comment", "proposed", "reason") if (v := request.form.get(k, "")))


def limit_views(app, settings) -> None:
    """Put the rate limits on the views that take them (after the blueprints are registered)."""
    limiter = app.extensions["uprreport-limiter"]
    for endpoint, setting in LIMITED.items():
        view = app.view_functions.get(endpoint)
        if view is None:   # a page this application does not have (the workspace's, or the project's)
            continue
        app.view_functions[endpoint] = limiter.limit(getattr(settings, setting), methods=["POST"])(view)
