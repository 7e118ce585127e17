"""The workspace's HTTP JSON API (``/api/…``), for ministries' own systems and for scripts:
start a project from an OHCHR list, send returned files, build and download the report.
docs/api.md says how to use it; web/openapi.py describes it (``GET /api/openapi.json``).

Who calls is the account of an API token (``Authorization: Bearer upr_…``, made with
``uprreport token create``), never a session cookie: the API has no cookies, so it has no
CSRF tokens either. The account's role applies exactly as on the pages (web/projects.py): a
coordinator everything (of every project, or of one), a reviewer reads and changes nothing
(403), a focal point sends the returns of its own body only; anything of another body or
project is "not found" (404), as one that does not exist. Uploads pass the same size limits
and package gate as the pages' (api/workspace.py), every change is logged as the pages log it
(with the token's id), and each token has a rate limit.

Every refusal is JSON, ``{"error": {"code", "message", "hint", "location"?}}``, with its
status; never a page or a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, g, jsonify, request, send_file, url_for

from uprreport.api import workspace as ws
from uprreport.errors import FileInUse, UprError, UsageError, from_os_error
from uprreport.web import security
from uprreport.web.site import workspace as site
from uprreport.web.workspace import saved

blueprint = Blueprint("api", __name__)
PREFIX = "/api"
RATE = "120 per minute;5000 per day"     # calls per token (per address, for calls without a valid one)
MAX_FILES = 10                            # files in one upload
UPLOADS = {"api.create_project", "api.returns"}   # the calls that take files (MAX_UPLOAD, the upload rate)
REALM = 'Bearer realm="uprreport"'
TOKEN_HINT = "send the header Authorization: Bearer <token>; a coordinator makes one with " \
             "`uprreport token create NAME --workspace DIR`"
STATES = ("running", "done", "failed")


class Refused(Exception):
    """A refusal, said as JSON with its status."""

    def __init__(self, status: int, code: str, message: str, hint: str = "", location: dict | None = None,
                 headers: dict | None = None, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.hint = status, code, message, hint
        self.location, self.headers, self.extra = location, headers or {}, extra


def _answer(status: int, code: str, message: str, hint: str = "", location: dict | None = None,
            headers: dict | None = None, found: list | None = None, **extra):
    error = {"code": code, "message": message, "hint": hint}
    if location:
        error["location"] = location
    if found:   # the diagnostics of a refusal, each located
        error["diagnostics"] = found
    response = jsonify({**extra, "error": error})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _not_found() -> Refused:
    # the same answer for what does not exist and for what the token may not see
    return Refused(404, "not-found", "there is nothing at this address that this token may see",
                   hint="GET /api/projects lists the projects this token may see")


# --- who calls ------------------------------------------------------------------------------

def _who():
    """(the account, the token's id) of the request's bearer token, or None (asked once per
    request: the rate limit's key and the view share it)."""
    if "uprreport_api_who" not in g:
        scheme, _, value = request.headers.get("Authorization", "").strip().partition(" ")
        value = value.strip()
        g.uprreport_api_who = ws.token_user(site().root, value) if scheme.lower() == "bearer" and value else None
    return g.uprreport_api_who


def _key() -> str:
    """The rate limit's key: the token, or the address for a call without a valid one."""
    from flask_limiter.util import get_remote_address

    who = _who()
    return f"token:{who[1]}" if who else f"address:{get_remote_address()}"


def _caller():
    """(the account, the token's id); 401 without a valid token (a session cookie is none)."""
    who = _who()
    if who is not None:
        return who
    if not request.headers.get("Authorization"):
        raise Refused(401, "token-missing", "this API takes a token, not a signed-in browser", hint=TOKEN_HINT,
                      headers={"WWW-Authenticate": REALM})
    raise Refused(401, "token-invalid", "the token is not one of this workspace's: mistyped, revoked, or its "
                  "account was removed", hint=TOKEN_HINT,
                  headers={"WWW-Authenticate": REALM + ', error="invalid_token"'})


def _changes(user) -> None:
    if user.reviewer:
        raise Refused(403, "read-only", "this token's account is a reviewer's: it reads and changes nothing",
                      hint="ask a coordinator for a token of an account that may make this change")


def _project(user, project: str, focal_point: bool = False) -> Path:
    """The project's folder, as web/projects.py's ``opened`` allows it (``focal_point``: a call
    a focal point may make, on its own body)."""
    path = ws.project_path(site().root, project)
    if path is None or not ws.may_open(user, project) or (user.focal_point and not focal_point):
        raise _not_found()
    if request.method == "POST":
        _changes(user)
    return path


# --- answers --------------------------------------------------------------------------------

def _located(exc: UprError, field: str | None = None) -> dict | None:
    where = {"input": field} if field else {}
    first = next((d for d in getattr(exc, "diagnostics", None) or [] if d.severity.value == "error"), None)
    if first is not None:
        where.update(first.location.to_dict())
    return where or None


def _refusal(exc: UprError, field: str | None = None):
    status, code = ((409, "file-in-use") if isinstance(exc, FileInUse) else (400, "bad-request")
                    if isinstance(exc, UsageError) else (422, "refused"))
    return _answer(status, code, str(exc), exc.hint or "", _located(exc, field),
                   found=[d.to_dict() for d in getattr(exc, "diagnostics", None) or []])


HTTP = {400: ("bad-request", "the request could not be read", ""),
        401: ("token-missing", "this API takes a token", TOKEN_HINT),
        403: ("forbidden", "this token's account may not do this", ""),
        404: ("not-found", "there is nothing at this address that this token may see",
              "GET /api/projects lists the projects this token may see"),
        405: ("method-not-allowed", "this address does not take this method", ""),
        413: ("too-large", "the request is larger than the API takes (60 MB at once, 50 MB a file)",
              "send the files one at a time, or make them smaller (large pictures)"),
        429: ("rate-limited", "too many calls with this token in a short time",
              "wait a minute and call again; everything sent before was kept")}


def _http(exc):
    """A werkzeug HTTPException as JSON."""
    code, message, hint = HTTP.get(exc.code or 500, ("error", exc.name, ""))
    headers = {}
    if exc.code == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)
        message = f"{request.path} does not take {request.method}; it takes " + ", ".join(exc.valid_methods)
    if exc.code == 400 and exc.description and "browser (or proxy) sent a request" not in exc.description:
        message = exc.description
    if exc.code == 429:
        message += f" ({exc.description})"
    return _answer(exc.code or 500, code, message, hint, headers=headers)


@blueprint.errorhandler(Refused)
def _refused(exc: Refused):
    return _answer(exc.status, exc.code, exc.message, exc.hint, exc.location, exc.headers, **exc.extra)


@blueprint.errorhandler(UprError)
def _upr(exc: UprError):
    return _refusal(exc)


@blueprint.errorhandler(Exception)
def _fault(exc):
    from flask import current_app
    from werkzeug.exceptions import HTTPException

    if isinstance(exc, HTTPException):
        return _http(exc)
    if isinstance(exc, OSError) and from_os_error(exc) is not None:   # a file in use, a full disk
        return _refusal(from_os_error(exc))
    import logging

    from uprreport import crashes

    app = current_app
    if crashes.debugging() or app.testing and app.config.get("PROPAGATE_EXCEPTIONS"):
        raise exc
    path = crashes.save(exc, context=f"{request.method} {request.path}")
    logging.getLogger("uprreport").error("an API call failed (%s: %s); the details are in %s",
                                         type(exc).__name__, exc, path)
    return _answer(500, "fault", "this call failed because of a fault in uprreport, not because of anything sent; "
                   "it was recorded for the people who run this site", "try again in a moment")


def _each_status(blueprint) -> None:
    """The app's own pages for 404, 413… would win over a blueprint's Exception handler: the
    API's answers are registered for every status."""
    from werkzeug.exceptions import default_exceptions

    for status in default_exceptions:
        blueprint.register_error_handler(status, _http)


_each_status(blueprint)


@blueprint.before_request
def _size():   # after security.py's: the calls that take files get the upload forms' limit
    request.max_content_length = security.MAX_UPLOAD if request.endpoint in UPLOADS else security.MAX_REQUEST


@blueprint.after_request
def _private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


# --- the description ------------------------------------------------------------------------

@blueprint.get("/openapi.json")
def openapi_document():
    from uprreport.web import openapi

    return jsonify(openapi.document())


# --- projects -------------------------------------------------------------------------------

def _links(project: str, user) -> dict:
    links = {"returns": url_for("api.returns", project=project)}
    if not user.focal_point:
        links.update(project=url_for("api.project", project=project), builds=url_for("api.builds", project=project))
    return links


@blueprint.get("/projects")
def projects():
    user, _token = _caller()
    out = []
    for c in ws.projects(site().root, user):
        card = {"id": c.name, "state": c.state or None, "kind": c.kind or None, "language": c.language or None,
                "cycle": c.cycle, "session": c.session, "bodies": c.bodies, "problem": c.problem or None,
                "links": _links(c.name, user)}
        if user.focal_point:
            card["body"] = user.owns
        out.append(card)
    return jsonify({"projects": out})


def _field(name: str, message: str, hint: str = "") -> Refused:
    return Refused(400, "bad-request", message, hint, {"input": name})


@blueprint.post("/projects")
def create_project():
    user, token = _caller()
    _changes(user)
    if not (user.coordinator and not user.project):
        raise Refused(403, "forbidden", "only a coordinator of every project starts projects",
                      hint="ask such a coordinator, or for a token of their account")
    root = site().root
    name, kind = request.form.get("name", "").strip(), request.form.get("kind", "national").strip() or "national"
    upload = request.files.get("list")
    if not ws.NEW_PROJECT.match(name):
        raise _field("name", f"'{name}' cannot be a project's folder name" if name else "the project's name is missing",
                     "use 2–63 small letters, digits, dashes or underscores, e.g. slovenia-2026")
    if kind not in ws.kinds():
        raise _field("kind", f"'{kind}' is not a report kind", "choose one of: " + ", ".join(ws.kinds()))
    source = request.form.get("source", "ohchr").strip() or "ohchr"
    if source not in ws.SOURCE_FILES:
        raise _field("source", f"'{source}' is not a source of recommendations",
                     "one of: " + ", ".join(ws.SOURCE_FILES))
    if upload is None or not upload.filename:
        raise _field("list", "the file of recommendations is missing", "send OHCHR's list (a Word .docx file), the "
                     "Working Group's report or a UPR Info export in the multipart field 'list', e.g. curl -F "
                     "list=@list.docx")
    if ws.project_path(root, name) is not None:
        raise Refused(409, "project-exists", f"the workspace already has a project '{name}'; nothing was written",
                      "choose another name", {"input": "name"})
    with tempfile.TemporaryDirectory(prefix="uprreport-upload-") as folder:
        path, shown = saved(upload, Path(folder))
        extra = request.files.get("addendum") if source == "wgreport" else None
        addendum = saved(extra, Path(folder)) if extra is not None and extra.filename else None
        try:
            ws.create_project(root, name, kind, path, shown, user.name, via=token, source=source, addendum=addendum,
                              state=request.form.get("state", ""), paragraph=request.form.get("paragraph", ""))
        except UsageError as exc:
            text = str(exc)
            where = ("list" if text.startswith(shown) else "addendum" if addendum and text.startswith(addendum[1])
                     else "paragraph" if "paragraph" in text else "state" if "State" in text else "name")
            return _refusal(exc, where)
        except UprError as exc:
            return _refusal(exc, "list")
    response = jsonify({"id": name, "recommendations": ws.recommendation_count(ws.project_path(root, name)),
                        "links": _links(name, user)})
    response.status_code = 201
    response.headers["Location"] = url_for("api.project", project=name)
    return response


@blueprint.get("/projects/<project>")
def project(project: str):
    user, _token = _caller()
    path = _project(user, project)
    facts, problem = None, None
    try:
        facts = ws.facts(path)
    except UprError as exc:
        problem = str(exc)
    bodies = ws.bodies(path, site().root, project)
    history = site().builder.history(path)
    return jsonify({"id": project, "facts": facts, "problem": problem,
                    "counts": {"recommendations": ws.recommendation_count(path), "bodies": len(bodies),
                               "builds": len(history)},
                    "bodies": [{"id": b.slug, "name": b.name or None, "lead": b.lead, "focal_points": b.focal_points,
                                "problem": b.problem or None} for b in bodies],
                    "links": _links(project, user)})


# --- returns --------------------------------------------------------------------------------

def _collected(result) -> dict:
    errors = sum(d.severity.value == "error" for d in result.diagnostics)
    return {"taken": [{"body": r.slug, "file": r.file, "kind": r.kind, "version": r.version, "changed": r.changed,
                       "fragments": r.fragments, "words": r.words} for r in result.returns],
            "approvals": [a.to_json() for a in result.approvals],
            "diagnostics": [d.to_dict() for d in result.diagnostics], "errors": errors,
            "warnings": sum(d.severity.value == "warning" for d in result.diagnostics)}


@blueprint.post("/projects/<project>/returns")
def returns(project: str):
    user, token = _caller()
    path = _project(user, project, focal_point=True)
    body = request.form.get("body", "").strip() or None
    if user.focal_point:
        if body not in (None, user.owns):
            raise _not_found()
        body = user.owns
    if body is not None and ws.body_of(path, body) is None:
        raise _not_found()
    uploads = [f for f in request.files.getlist("file") if f and f.filename]
    if not uploads:
        raise _field("file", "no returned file was sent", "send each file in the multipart field 'file', e.g. "
                     "curl -F file=@health.xlsx -F file=@health.docx")
    if len(uploads) > MAX_FILES:
        raise _field("file", f"{len(uploads)} files were sent; at most {MAX_FILES} are taken at once",
                     "send them in several calls")
    with tempfile.TemporaryDirectory(prefix="uprreport-upload-") as folder:
        files = [saved(f, Path(folder)) for f in uploads]
        result = ws.collect(path, files, user.name, body, project, site().root, via=token)
    data = _collected(result)
    if not data["errors"]:
        return jsonify(data)
    first = next(d for d in result.diagnostics if d.severity.value == "error")
    return _answer(422, "returns-refused", f"{data['errors']} problem{'s' * (data['errors'] != 1)} stopped a file: "
                   "what was taken is listed, the rest was not", "correct the files named in the diagnostics and "
                   "send them again", {"input": "file", **first.location.to_dict()}, **data)


# --- builds ---------------------------------------------------------------------------------

def _option(data: dict, name: str) -> bool:
    value = data.get(name, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("", "no", "false", "0", "yes", "true", "1"):
        return value.strip().lower() in ("yes", "true", "1")
    raise _field(name, f"'{name}' is true or false", "e.g. {\"final\": false, \"pdf\": true}")


def _build(project: str, b, whole: bool = True) -> dict:
    files = {"docx": None, "pdf": None}
    if b.state == "done":
        for name in b.outputs:
            kind = Path(name).suffix.lstrip(".").lower()
            if kind in files:
                files[kind] = url_for("api.build_file", project=project, build_id=b.id, name=name)
    out = {"id": b.id, "state": b.state if b.state in STATES else "failed", "final": b.final, "pdf": b.pdf,
           "by": b.by, "started": b.started, "finished": b.finished or None, "files": files,
           "url": url_for("api.build", project=project, build_id=b.id)}
    if whole:
        out["messages"] = ([b.message] if b.message else []) + [
            f"{p.get('where', '')}: {p.get('severity', '')} [{p.get('code', '')}] {p.get('message', '')}"
            for p in b.problems]
        out.update(problems=b.problems, interrupted=b.state == "interrupted", words=b.words,
                   word_limit=b.word_limit, pages=b.pages, page_limit=b.page_limit)
    return out


@blueprint.get("/projects/<project>/builds")
def builds(project: str):
    user, _token = _caller()
    path = _project(user, project)
    return jsonify({"builds": [_build(project, b, whole=False) for b in site().builder.history(path)]})


@blueprint.post("/projects/<project>/builds")
def start_build(project: str):
    user, token = _caller()
    path = _project(user, project)
    data = request.get_json(silent=True) if request.is_json else request.form.to_dict()
    if request.is_json and not isinstance(data, dict):
        raise Refused(400, "bad-request", "the request's body is not a JSON object",
                      'send {"final": false, "pdf": false}, or nothing')
    final, pdf = _option(data or {}, "final"), _option(data or {}, "pdf")
    if pdf and not ws.pdf_possible():
        raise _field("pdf", "this server cannot make PDFs (LibreOffice is not installed on it)",
                     'ask for the Word file only: {"pdf": false}')
    s = site()
    root, note = s.root, ws.token_note(token)

    def finished(b):
        ws.log(root, b.by, f"build {b.state}", project, detail=(", ".join(b.outputs) or b.message) + note)

    try:
        b = s.builder.start(path, user.name, pdf, final, finished)
    except UsageError as exc:
        raise Refused(409, "build-running", str(exc), exc.hint or "") from None
    ws.log(root, user.name, "build started", project,
           detail=("final" if final else "draft") + (", with the PDF" if pdf else ", Word only") + note)
    response = jsonify(_build(project, b))
    response.status_code = 202
    response.headers["Location"] = url_for("api.build", project=project, build_id=b.id)
    return response


@blueprint.get("/projects/<project>/builds/<build_id>")
def build(project: str, build_id: str):
    user, _token = _caller()
    path = _project(user, project)
    b = site().builder.get(path, build_id)
    if b is None:
        raise _not_found()
    return jsonify(_build(project, b))


@blueprint.get("/projects/<project>/builds/<build_id>/<name>")
def build_file(project: str, build_id: str, name: str):
    user, token = _caller()
    path = _project(user, project)
    found = site().builder.file(path, build_id, name)
    if found is None:
        raise _not_found()
    ws.log(site().root, user.name, "build downloaded", project, detail=f"{build_id}/{name}" + ws.token_note(token))
    return send_file(found, as_attachment=True, download_name=name)


# --- mounting -------------------------------------------------------------------------------

def register(app, settings) -> None:
    """Mount the API at /api on the workspace's application ``app`` (after security.protect):
    no CSRF (no cookies), one rate limit per token over every call, the upload rate on the
    calls that take files, and JSON for an /api/ address that has no route."""
    app.register_blueprint(blueprint, url_prefix=PREFIX)
    app.extensions["csrf"].exempt(blueprint)
    limiter = app.extensions["uprreport-limiter"]
    every = limiter.shared_limit(RATE, scope="api", key_func=_key)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith(f"{blueprint.name}."):
            view = every(view)
            if endpoint in UPLOADS:
                view = limiter.limit(settings.upload_rate, key_func=_key, methods=["POST"])(view)
            app.view_functions[endpoint] = view

    @app.before_request
    def _unrouted():
        exc = request.routing_exception
        if exc is not None and (request.path == PREFIX or request.path.startswith(PREFIX + "/")):
            response = _http(exc)
            response.headers["Cache-Control"] = "no-store"
            return response
        return None
