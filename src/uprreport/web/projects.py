"""One project's pages in the workspace (``/p/<project>/…``): where it stands (progress and
problems by body, words against the limit), its facts, its bodies and their focal points,
the recommendations and who answers for them, the input packs, the returns, a body's own
page, and the builds.

Who may do what: a coordinator everything; a reviewer reads every page and changes nothing
(a form sent is refused, 403); a focal point sees only its own body's page of its own
project: any other page, body or project is "not found" (404), as one that does not exist.
The project's and the body's names in an address are looked up among the folders on disk
(api/workspace.py) before anything is read.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from uprreport.api import workspace as ws
from uprreport.errors import UprError
from uprreport.web.site import workspace as site
from uprreport.web.workspace import said, current, saved

blueprint = Blueprint("project", __name__)
MAX_FILES = 10      # files in one upload


def opened(body_page: bool = False):
    """The view of one project (``body_page``: of one of its bodies), given (user, path); the
    refusals of the module's docstring."""
    def wrap(view):
        @functools.wraps(view)
        def inner(project: str, *args, **kwargs):
            user = current()
            if user is None:
                return redirect(url_for("workspace.login", next=request.path))
            path = ws.project_path(site().root, project)
            if path is None or not ws.may_open(user, project):
                abort(404)
            if body_page:
                body = kwargs.get("body")
                if (user.focal_point and body != user.owns) or ws.body_of(path, body) is None:
                    abort(404)
            elif user.focal_point:
                if request.endpoint == "project.overview" and request.method == "GET":
                    return redirect(url_for("project.body", project=project, body=user.owns))
                abort(404)
            if request.method == "POST" and user.reviewer:
                abort(403)
            return view(user, path, project, *args, **kwargs)
        return inner
    return wrap


def _files(folder: Path) -> list[tuple[Path, str]]:
    uploads = [f for f in request.files.getlist("files") if f and f.filename][:MAX_FILES]
    return [saved(f, folder) for f in uploads]


@blueprint.get("/")
@opened()
def overview(user, path, project):
    return render_template("workspace/overview.html", project=project, board=ws.board(path),
                           bodies=ws.bodies(path), rounds=ws.round_state(path), active="overview")


@blueprint.post("/rounds")
@opened()
def open_round(user, path, project):
    from uprreport import api

    text = request.form.get("deadline", "").strip()
    try:
        deadline = api.parse_date(text) if text else None
    except ValueError as exc:
        flash(f"No round was opened: {exc}.")
        return redirect(url_for("project.overview", project=project) + "#rounds", code=303)
    try:
        opened_ = ws.open_round(path, deadline, user.name, project, site().root)
    except UprError as exc:
        flash("No round was opened: " + said(exc))
    else:
        site().forget(project)    # its consultation pages show the new draft
        flash(f"Round {opened_.round} is open until {opened_.deadline.isoformat()}: the public page shows its draft "
              f"({opened_.paragraphs} paragraphs); the review copy and the comment form are in "
              f"rounds/round-{opened_.round}/.")
    return redirect(url_for("project.overview", project=project) + "#rounds", code=303)


@blueprint.route("/facts", methods=["GET", "POST"])
@opened()
def facts(user, path, project):
    problems, status = {}, 200
    values = ws.facts(path)
    if request.method == "POST":
        values = {f.key: request.form.get(f.key, "") for f in ws.FACTS}
        problems = ws.set_facts(path, values, user.name, project, site().root)
        if not problems:
            site().forget(project)   # the consultation pages read the language and the State anew
            flash("The report's facts were saved in report.yaml.")
            return redirect(url_for("project.facts", project=project), code=303)
        status = 422
    return render_template("workspace/facts.html", project=project, facts=ws.FACTS, values=values,
                           problems=problems, kinds=ws.kinds(), languages=ws.languages(), active="facts"), status


@blueprint.route("/bodies", methods=["GET", "POST"])
@opened()
def bodies(user, path, project):
    problems, status, made = {}, 200, None
    values = {k: request.form.get(k, "").strip() for k in ("folder", "name", "short_name", "kind", "sections",
                                                            "contact", "email", "focal_point")}
    if request.method == "POST":
        problems = ws.add_body(path, values, user.name, project, site().root)
        if not problems:
            added = f"The body {values['name']} was added (contributions/{values['folder']}/contributor.yaml)."
            if values["focal_point"]:
                made, refused = _focal_point(user, project, values["folder"], values["focal_point"])
                if refused:
                    added += f" Its focal point's account was not made: {refused['focal_point']}"
            flash(added)
            if made is None:
                return redirect(url_for("project.bodies", project=project), code=303)
        status = 422 if problems else 201
    return _bodies_page(path, project, values=values if problems else {}, problems=problems, made=made), status


def _bodies_page(path, project, values=None, problems=None, made=None):
    return render_template("workspace/bodies.html", project=project, bodies=ws.bodies(path, site().root, project),
                           values=values or {}, problems=problems or {}, made=made, kinds=ws.body_kinds(),
                           mail=ws.mailing_state(path, site().settings.smtp), active="bodies")


def _focal_point(user, project: str, body: str, name: str) -> tuple[tuple[str, str] | None, dict]:
    """Make the focal point account ``name`` of ``body``: (name, its password, shown once), or problems."""
    password = ws.new_password()
    try:
        ws.add_user(site().root, name, password, "focal-point", project, body, by=user.name)
    except UprError as exc:
        return None, {"focal_point": str(exc)}
    return (name, password), {}


@blueprint.post("/bodies/<body>/focal-point")
@opened()
def focal_point(user, path, project, body: str):
    if ws.body_of(path, body) is None:
        abort(404)
    made, problems = _focal_point(user, project, body, request.form.get("name", "").strip())
    status = 422 if problems else 201
    return _bodies_page(path, project, problems={f"focal_point-{body}": problems.get("focal_point", "")} if problems
                        else {}, made=made), status


@blueprint.post("/packs")
@opened()
def packs(user, path, project):
    deadline = None
    text = request.form.get("deadline", "").strip()
    if text:
        try:
            from uprreport import api

            deadline = api.parse_date(text)
        except ValueError as exc:
            flash(f"The packs were not sent: {exc}.")
            return redirect(url_for("project.bodies", project=project), code=303)
    server = site().settings.smtp if request.form.get("send") else None
    try:
        done = ws.send_packs(path, deadline, user.name, project, site().root, server=server)
    except UprError as exc:
        flash("The packs were not sent: " + said(exc))
    else:
        flash(f"{len(done.packs)} input packs were made, due {done.deadline.isoformat()}: each body's focal point "
              "downloads its own from its page." + (f" Nothing to ask of: {', '.join(done.skipped)}."
                                                   if done.skipped else ""))
        _said_mail(done.mailed, done.mail_error)
    return redirect(url_for("project.bodies", project=project), code=303)


def _said_mail(mailed, error: str = "") -> None:
    """Flash what became of the e-mails: sent, skipped (no address, already sent), refused."""
    if error:
        flash("No e-mail was sent: " + error)
        return
    if mailed is None:
        return
    parts = []
    if mailed.sent:
        parts.append(f"e-mailed to {len(mailed.sent)} bodies ({', '.join(o.body for o in mailed.sent)})")
    no_address = [o.body for o in mailed.skipped if not o.ok]
    if no_address:
        parts.append(f"not e-mailed, no contact e-mail: {', '.join(no_address)}")
    again = [o.body for o in mailed.skipped if o.ok]
    if again:
        parts.append(f"already e-mailed before: {', '.join(again)}")
    for o in mailed.refused:
        parts.append(f"refused by the mail server for {o.body} ({o.to}): {o.reason}")
    flash("E-mail: " + "; ".join(parts) + "." if parts else "E-mail: nothing to send.")


@blueprint.post("/reminders")
@opened()
def reminders(user, path, project):
    server = site().settings.smtp
    if server is None:
        abort(404)
    try:
        state, mailed = ws.remind_now(path, server, user.name, project, site().root)
    except UprError as exc:
        flash("No reminder was sent: " + said(exc))
    else:
        if not state.reminders:
            flash("No reminder needed: no body is late or due within 3 days.")
        _said_mail(mailed)
    return redirect(url_for("project.bodies", project=project) + "#mail", code=303)


@blueprint.post("/reminders/schedule")
@opened()
def reminder_schedule(user, path, project):
    problems = ws.set_reminders(path, request.form.get("on") == "yes", request.form.get("before", ""),
                                request.form.get("every", ""), user.name, project, site().root)
    if problems:
        return _bodies_page(path, project, problems={f"reminders-{k}": v for k, v in problems.items()}), 422
    flash("The schedule of reminders was saved." + ("" if site().settings.smtp else
          " No mail server is set, so none will be sent: start the server with --smtp (docs/email.md)."))
    return redirect(url_for("project.bodies", project=project) + "#mail", code=303)


@blueprint.route("/recommendations", methods=["GET", "POST"])
@opened()
def recommendations(user, path, project):
    f = {k: (request.values.get(k) or "").strip() for k in ("theme", "state", "text")}
    status = 200
    if request.method == "POST":
        body, role = request.form.get("body", ""), request.form.get("role", "lead")
        ids = request.form.getlist("ids")
        every = request.form.get("scope") == "all"
        try:
            if not every and not ids:
                raise UprError("tick the recommendations to assign, or choose 'every recommendation shown'")
            done = ws.assign(path, body, () if every else ids, *(("", "", "") if not every else
                                                                 (f["theme"], f["state"], f["text"])),
                             role=role, by=user.name, project=project, root=site().root)
        except UprError as exc:
            flash("Nothing was changed: " + said(exc))
            status = 422
        else:
            what = {"lead": "as lead", "support": "as a supporting body", "remove": "taken from it"}[role]
            flash(f"{done.body}: {len(done.changed)} recommendations {what}"
                  + (f" ({done.ranges})" if done.changed else "") + (f"; {len(done.unchanged)} were so already"
                                                                   if done.unchanged else "") + ".")
            return redirect(url_for("project.recommendations", project=project, **{k: v for k, v in f.items() if v}),
                            code=303)
    try:
        listing = ws.recommendations(path, **f)
    except UprError as exc:
        flash(said(exc))
        listing = None
    return render_template("workspace/recommendations.html", project=project, listing=listing, f=f,
                           active="recommendations"), status


@blueprint.post("/collect")
@opened()
def collect(user, path, project):
    """A coordinator's upload of returned files of any body (workbooks, Word files, e-mails)."""
    with tempfile.TemporaryDirectory(prefix="uprreport-upload-") as folder:
        files = _files(Path(folder))
        if not files:
            flash("Choose the returned files to upload.")
            return redirect(url_for("project.overview", project=project), code=303)
        result = ws.collect(path, files, user.name, None, project, site().root)
    return render_template("workspace/collected.html", project=project, result=result, active="overview"), \
        422 if any(d.severity.value == "error" for d in result.diagnostics) else 200


# --- a body's page --------------------------------------------------------------------------

def _body_page(user, path, project, body, result=None, status=200):
    folder, names = ws.pack_files(path, body)
    try:
        approval = ws.approval(path, body)
    except UprError:
        approval = None
    board = ws.board(path, body)
    standing = next((s for s in board.progress.bodies if s.slug == body), None) if board.progress else None
    return render_template("workspace/body.html", project=project, b=ws.body_of(path, body), standing=standing,
                           pack=names, approval=approval, board=board, result=result, active="bodies"), status


@blueprint.get("/body/<body>")
@opened(body_page=True)
def body(user, path, project, body: str):
    return _body_page(user, path, project, body)


@blueprint.get("/body/<body>/pack/<name>")
@opened(body_page=True)
def pack_file(user, path, project, body: str, name: str):
    folder, names = ws.pack_files(path, body)
    if name not in names:
        abort(404)
    ws.log(site().root, user.name, "pack downloaded", project, body, name)
    return send_file(folder / name, as_attachment=True, download_name=name)


@blueprint.post("/body/<body>/returns")
@opened(body_page=True)
def returns(user, path, project, body: str):
    with tempfile.TemporaryDirectory(prefix="uprreport-upload-") as folder:
        files = _files(Path(folder))
        if not files:
            flash("Choose the filled workbook or Word file to upload.")
            return redirect(url_for("project.body", project=project, body=body), code=303)
        result = ws.collect(path, files, user.name, body, project, site().root)
    errors = any(d.severity.value == "error" for d in result.diagnostics)
    return _body_page(user, path, project, body, result, 422 if errors else 200)


@blueprint.post("/body/<body>/approve")
@opened(body_page=True)
def approve(user, path, project, body: str):
    try:
        done = ws.approve(path, body, user.name, project, site().root)
    except UprError as exc:
        flash("The approval was not recorded: " + said(exc))
    else:
        flash(f"{done.name} approved its text as it stands now ({done.at[:10]}, by {done.by}). A change to its files "
              "shows as 'changed since approved'.")
    return redirect(url_for("project.body", project=project, body=body), code=303)


# --- builds ---------------------------------------------------------------------------------

@blueprint.route("/builds", methods=["GET", "POST"])
@opened()
def builds(user, path, project):
    s = site()
    if request.method == "POST":
        final = request.form.get("final") == "yes"
        pdf = request.form.get("pdf") == "yes"
        root = s.root

        def finished(b):
            ws.log(root, b.by, f"build {b.state}", project, detail=", ".join(b.outputs) or b.message)

        try:
            b = s.builder.start(path, user.name, pdf, final, finished)
        except UprError as exc:
            flash(str(exc))
            return redirect(url_for("project.builds", project=project), code=303)
        ws.log(s.root, user.name, "build started", project, detail=("final" if final else "draft")
               + (", with the PDF" if pdf else ", Word only"))
        return redirect(url_for("project.build", project=project, build_id=b.id), code=303)
    return render_template("workspace/builds.html", project=project, running=s.builder.running(path),
                           history=s.builder.history(path), pdf=ws.pdf_possible(), active="builds")


@blueprint.get("/builds/<build_id>")
@opened()
def build(user, path, project, build_id: str):
    b = site().builder.get(path, build_id)
    if b is None:
        abort(404)
    seconds = None
    if b.running:
        seconds = int((dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(b.started)).total_seconds())
    return render_template("workspace/build.html", project=project, b=b, seconds=seconds, active="builds")


@blueprint.get("/builds/<build_id>/<name>")
@opened()
def build_file(user, path, project, build_id: str, name: str):
    found = site().builder.file(path, build_id, name)
    if found is None:
        abort(404)
    ws.log(site().root, user.name, "build downloaded", project, detail=f"{build_id}/{name}")
    return send_file(found, as_attachment=True, download_name=name)
