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
from uprreport.web.languages import words
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

    t = words()
    text = request.form.get("deadline", "").strip()
    try:
        deadline = api.parse_date(text) if text else None
    except ValueError as exc:
        flash(t("No round was opened: {reason}.", reason=exc))
        return redirect(url_for("project.overview", project=project) + "#rounds", code=303)
    try:
        opened_ = ws.open_round(path, deadline, user.name, project, site().root)
    except UprError as exc:
        flash(t("No round was opened: {reason}", reason=said(exc)))
    else:
        site().forget(project)    # its consultation pages show the new draft
        folder = f"rounds/round-{opened_.round}/"
        flash(t.plural("Round {round} is open until {date}: the public page shows its draft ({n} paragraph); the "
                       "review copy and the comment form are in {folder}.",
                       "Round {round} is open until {date}: the public page shows its draft ({n} paragraphs); the "
                       "review copy and the comment form are in {folder}.", opened_.paragraphs,
                       round=opened_.round, date=opened_.deadline.isoformat(),
                       folder=folder))
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
            flash(words()("The report's facts were saved in report.yaml."))
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
            t = words()
            file = f"contributions/{values['folder']}/contributor.yaml"   # a path: the same in every language
            added = t("The body {name} was added ({file}).", name=values["name"], file=file)
            if values["focal_point"]:
                made, refused = _focal_point(user, project, values["folder"], values["focal_point"])
                if refused:
                    added = t("The body {name} was added ({file}). Its focal point's account was not made: "
                              "{reason}", name=values["name"], file=file, reason=refused["focal_point"])
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
    t = words()
    deadline = None
    text = request.form.get("deadline", "").strip()
    if text:
        try:
            from uprreport import api

            deadline = api.parse_date(text)
        except ValueError as exc:
            flash(t("The packs were not sent: {reason}.", reason=exc))
            return redirect(url_for("project.bodies", project=project), code=303)
    server = site().settings.smtp if request.form.get("send") else None
    try:
        done = ws.send_packs(path, deadline, user.name, project, site().root, server=server)
    except UprError as exc:
        flash(t("The packs were not sent: {reason}", reason=said(exc)))
    else:
        fields = {"date": done.deadline.isoformat(), "skipped": ", ".join(done.skipped)}
        flash(t.plural("{n} input pack was made, due {date}: each body's focal point downloads its own from its "
                       "page. Nothing to ask of: {skipped}.",
                       "{n} input packs were made, due {date}: each body's focal point downloads its own from its "
                       "page. Nothing to ask of: {skipped}.", len(done.packs), **fields) if done.skipped else
              t.plural("{n} input pack was made, due {date}: each body's focal point downloads its own from its "
                       "page.",
                       "{n} input packs were made, due {date}: each body's focal point downloads its own from its "
                       "page.", len(done.packs), **fields))
        _said_mail(done.mailed, done.mail_error)
    return redirect(url_for("project.bodies", project=project), code=303)


def _said_mail(mailed, error: str = "") -> None:
    """Flash what became of the e-mails: sent, skipped (no address, already sent), refused; one
    sentence each."""
    t = words()
    if error:
        flash(t("No e-mail was sent: {reason}", reason=error))
        return
    if mailed is None:
        return
    said_any = False
    if mailed.sent:
        flash(t.plural("E-mail: e-mailed to {n} body ({bodies}).", "E-mail: e-mailed to {n} bodies ({bodies}).",
                       len(mailed.sent), bodies=", ".join(o.body for o in mailed.sent)))
        said_any = True
    no_address = [o.body for o in mailed.skipped if not o.ok]
    if no_address:
        flash(t("E-mail: not e-mailed, no contact e-mail: {bodies}.", bodies=", ".join(no_address)))
        said_any = True
    again = [o.body for o in mailed.skipped if o.ok]
    if again:
        flash(t("E-mail: already e-mailed before: {bodies}.", bodies=", ".join(again)))
        said_any = True
    for o in mailed.refused:
        flash(t("E-mail: refused by the mail server for {body} ({to}): {reason}.", body=o.body, to=o.to,
                reason=o.reason))
        said_any = True
    if not said_any:
        flash(t("E-mail: nothing to send."))


@blueprint.post("/reminders")
@opened()
def reminders(user, path, project):
    server = site().settings.smtp
    if server is None:
        abort(404)
    t = words()
    try:
        state, mailed = ws.remind_now(path, server, user.name, project, site().root)
    except UprError as exc:
        flash(t("No reminder was sent: {reason}", reason=said(exc)))
    else:
        if not state.reminders:
            flash(t("No reminder needed: no body is late or due within 3 days."))
        _said_mail(mailed)
    return redirect(url_for("project.bodies", project=project) + "#mail", code=303)


@blueprint.post("/reminders/schedule")
@opened()
def reminder_schedule(user, path, project):
    problems = ws.set_reminders(path, request.form.get("on") == "yes", request.form.get("before", ""),
                                request.form.get("every", ""), user.name, project, site().root)
    if problems:
        return _bodies_page(path, project, problems={f"reminders-{k}": v for k, v in problems.items()}), 422
    t = words()
    flash(t("The schedule of reminders was saved.") if site().settings.smtp else
          t("The schedule of reminders was saved. No mail server is set, so none will be sent: start the server "
            "with --smtp (docs/email.md)."))
    return redirect(url_for("project.bodies", project=project) + "#mail", code=303)


@blueprint.route("/recommendations", methods=["GET", "POST"])
@opened()
def recommendations(user, path, project):
    t = words()
    f = {k: (request.values.get(k) or "").strip() for k in ("theme", "state", "text")}
    status = 200
    if request.method == "POST":
        body, role = request.form.get("body", ""), request.form.get("role", "lead")
        ids = request.form.getlist("ids")
        every = request.form.get("scope") == "all"
        try:
            if not every and not ids:
                raise UprError(t("tick the recommendations to assign, or choose 'every recommendation shown'"))
            done = ws.assign(path, body, () if every else ids, *(("", "", "") if not every else
                                                                 (f["theme"], f["state"], f["text"])),
                             role=role, by=user.name, project=project, root=site().root)
        except UprError as exc:
            flash(t("Nothing was changed: {reason}", reason=said(exc)))
            status = 422
        else:
            for line in _assigned(t, role, done):
                flash(line)
            return redirect(url_for("project.recommendations", project=project, **{k: v for k, v in f.items() if v}),
                            code=303)
    try:
        listing = ws.recommendations(path, **f)
    except UprError as exc:
        flash(said(exc))   # the service's words (English)
        listing = None
    return render_template("workspace/recommendations.html", project=project, listing=listing, f=f,
                           active="recommendations"), status


@blueprint.route("/links", methods=["GET", "POST"])
@opened()
def links(user, path, project):
    """The links proposed between the recommendations followed up and earlier cycles' (or
    other mechanisms') ones: the drafter says yes or no to each (docs/linking.md)."""
    t = words()
    f = {"relation": request.values.get("relation", ""), "state": request.values.get("state", "")}
    f = {k: v if v in choices else "" for (k, v), choices in zip(f.items(), (("same", "related"),
                                                                          ("undecided", "yes", "no")))}
    page = request.values.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and len(page) < 19 else 1
    again = {**{k: v for k, v in f.items() if v}, **({"page": page} if page > 1 else {})}
    if request.method == "POST":
        try:
            if request.form.get("action") == "import":
                upload = request.files.get("earlier")
                if upload is None or not upload.filename:
                    raise UprError(t("choose the file of the earlier review's recommendations"))
                with tempfile.TemporaryDirectory(prefix="uprreport-upload-") as folder:
                    saved_path, shown = saved(upload, Path(folder))
                    done = ws.import_earlier(path, saved_path, shown, request.form.get("source", ""),
                                             *(request.form.get(k, "").strip() for k in ("cycle", "session",
                                                                                        "paragraph", "state")),
                                             by=user.name, project=project, root=site().root)
                for of_cycle, n in sorted(done.earlier.items()):
                    flash(t.plural("{file}: {n} recommendation of cycle {cycle}, kept apart to link to.",
                                   "{file}: {n} recommendations of cycle {cycle}, kept apart to link to.", n,
                                   file=shown, cycle=of_cycle))
            elif request.form.get("action") == "propose":
                done = ws.propose_links(path, by=user.name, project=project, root=site().root)
                flash(t("Links proposed: {same} of the same recommendation, {related} related ones; {kept} decisions "
                        "kept.", same=done.same, related=done.related + done.other, kept=done.kept))
            else:
                # only the decisions changed on the page: another coordinator's meanwhile on the others stand
                keys = request.form.getlist("key")
                decisions = {k: request.form.get(f"confirmed-{n}", "") for n, k in enumerate(keys)
                             if request.form.get(f"confirmed-{n}", "") != request.form.get(f"was-{n}", "")}
                done = ws.confirm_links(path, decisions, by=user.name, project=project, root=site().root)
                flash(t.plural("{n} decision saved.", "{n} decisions saved.", done.changed) if done.changed else
                      t("Nothing was changed."))
                if done.unknown:
                    flash(t.plural("{n} link was proposed again meanwhile and is no longer there; load the page again.",
                                   "{n} links were proposed again meanwhile and are no longer there; load the page "
                                   "again.", len(done.unknown)))
        except UprError as exc:
            flash(t("Nothing was changed: {reason}", reason=said(exc)))
        return redirect(url_for("project.links", project=project, **again), code=303)
    try:
        listing = ws.links(path, f["relation"], f["state"], page)
    except UprError as exc:
        flash(said(exc))
        listing = None
    from uprreport.api.linking import evidence_in

    followed = ws.followed_cycle(path)
    return render_template("workspace/links.html", project=project, listing=listing, f=f,
                           evidence=lambda text: evidence_in(text, t),
                           q={k: v for k, v in f.items() if v}, active="links", followed=followed,
                           state=ws.facts(path).get("state", "") if followed else "")


def _assigned(t, role: str, done) -> list[str]:
    """The sentences saying what assigning did: to whom, how many and which; how many were so already."""
    n, fields = len(done.changed), {"body": done.body, "ranges": done.ranges}
    if role == "lead":
        said_ = t.plural("{body}: {n} recommendation as lead ({ranges}).",
                         "{body}: {n} recommendations as lead ({ranges}).", n, **fields) if n else \
            t("{body}: no recommendation as lead.", **fields)
    elif role == "support":
        said_ = t.plural("{body}: {n} recommendation as a supporting body ({ranges}).",
                         "{body}: {n} recommendations as a supporting body ({ranges}).", n, **fields) if n else \
            t("{body}: no recommendation as a supporting body.", **fields)
    else:
        said_ = t.plural("{body}: {n} recommendation taken from it ({ranges}).",
                         "{body}: {n} recommendations taken from it ({ranges}).", n, **fields) if n else \
            t("{body}: no recommendation taken from it.", **fields)
    out = [said_]
    if done.unchanged:
        out.append(t.plural("{n} recommendation was so already.", "{n} recommendations were so already.",
                            len(done.unchanged)))
    return out


@blueprint.post("/collect")
@opened()
def collect(user, path, project):
    """A coordinator's upload of returned files of any body (workbooks, Word files, e-mails)."""
    with tempfile.TemporaryDirectory(prefix="uprreport-upload-") as folder:
        files = _files(Path(folder))
        if not files:
            flash(words()("Choose the returned files to upload."))
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
            flash(words()("Choose the filled workbook or Word file to upload."))
            return redirect(url_for("project.body", project=project, body=body), code=303)
        result = ws.collect(path, files, user.name, body, project, site().root)
    errors = any(d.severity.value == "error" for d in result.diagnostics)
    return _body_page(user, path, project, body, result, 422 if errors else 200)


@blueprint.post("/body/<body>/approve")
@opened(body_page=True)
def approve(user, path, project, body: str):
    t = words()
    try:
        done = ws.approve(path, body, user.name, project, site().root)
    except UprError as exc:
        flash(t("The approval was not recorded: {reason}", reason=said(exc)))
    else:
        flash(t("{body} approved its text as it stands now ({date}, by {name}). A change to its files shows as "
                "'changed since'.", body=done.name, date=done.at[:10], name=done.by))
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
            flash(str(exc))   # the service's words (English)
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
