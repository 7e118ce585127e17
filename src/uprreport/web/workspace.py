"""The workspace's own pages: signing in and out, the projects (and starting one from an
OHCHR list), one's password, the accounts and the log. Who is signed in is the workspace's
session (the account's name and its stamp: a changed password, role or body ends it).

Every view checks who may see it before calling the service (api/workspace.py); a page
someone may not see answers "not found", as for one that does not exist.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from markupsafe import Markup, escape

from uprreport.api import workspace as ws
from uprreport.api.workspace import User
from uprreport.errors import UprError
from uprreport.i18n import N_
from uprreport.web.languages import words
from uprreport.web.security import (begin_code_step, begin_session, code_step, local_path, locked_text,
                                    session_fresh, wrong_code_text)
from uprreport.web.site import workspace as site

blueprint = Blueprint("workspace", __name__)

# The fixed words the pages show for codes (a form still posts the code): each translated where
# it is shown, ``word("role", user.role)`` in a template; a code not listed is shown as it is.
WORDS = {
    "role": {"coordinator": N_("coordinator"), "focal-point": N_("focal point"), "reviewer": N_("reviewer")},
    "standing": {"not asked": N_("not asked"), "complete": N_("complete"), "late": N_("late"),
                 "waiting": N_("waiting"), "partial": N_("partial")},
    "build": {"running": N_("running"), "done": N_("done"), "failed": N_("failed"),
              "interrupted": N_("interrupted")},
    "severity": {"error": N_("error"), "warning": N_("warning"), "info": N_("info")},
    "mail": {"pack": N_("input pack"), "reminder": N_("reminder")},
    "return": {"workbook": N_("workbook"), "narrative": N_("narrative")},
    # NOTE: the kinds of report (national, midterm, joint, nhri, stakeholder) as a list of choices names them
    "report kind": {"national": N_("national"), "midterm": N_("midterm"), "joint": N_("joint"),
                    "nhri": N_("nhri"), "stakeholder": N_("stakeholder")},
    "body kind": {"ministry": N_("ministry"), "nhri": N_("national human rights institution"),
                  "cso": N_("civil society organisation"), "un_agency": N_("United Nations agency"),
                  "parliament": N_("parliament"), "other": N_("other")},
    "language": {"en": N_("English"), "fr": N_("French"), "es": N_("Spanish"), "ar": N_("Arabic"),
                 "ru": N_("Russian"), "zh": N_("Chinese")},
    # NOTE: how a recommendation followed up is linked to an earlier one: it asks the same thing, or a related one
    "relation": {"same": N_("the same"), "related": N_("related")},
}


def word(group: str, code) -> str:
    """The page's word for ``code`` of ``group`` (WORDS); the code itself when it has none."""
    label = WORDS.get(group, {}).get(code)
    return words()(label) if label else ("" if code is None else code)


def marked(text: str, **fields) -> Markup:
    """A translated sentence that holds markup: ``text`` (a translation, its fields not filled
    in) escaped, then its ``{fields}`` filled in, escaped unless they are Markup (a ``{% set %}``
    block of the template)."""
    return Markup(escape(text)).format(**fields)


@blueprint.app_context_processor
def _signed_in_user():
    return {"me": current(), "word": word, "marked": marked}


def current() -> User | None:
    """Who is signed in, as the account stands now (None: nobody, or an account changed since)."""
    if "_me" in request.environ:
        return request.environ["_me"]
    user = ws.account(site().root, session.get("user", ""), session.get("stamp", "")) \
        if session_fresh(session) else None
    if user is None and session.get("user"):
        session.clear()   # removed or changed since this sign-in
    request.environ["_me"] = user
    return user


def signed_in(coordinator: bool = False):
    """The view for signed-in people (coordinators only, if asked), given the user."""
    def wrap(view):
        @functools.wraps(view)
        def inner(*args, **kwargs):
            user = current()
            if user is None:
                return redirect(url_for("workspace.login", next=request.path))
            if coordinator and not (user.coordinator and not user.project):
                abort(404)
            return view(user, *args, **kwargs)
        return inner
    return wrap


def saved(upload, folder: Path) -> tuple[Path, str]:
    """An uploaded file saved into ``folder`` under a safe name; (the file, its name as sent)."""
    from werkzeug.utils import secure_filename

    shown = Path(upload.filename or "").name or "file"
    name = secure_filename(shown) or "file"
    suffix = Path(shown).suffix.lower()
    if Path(name).suffix.lower() != suffix and suffix.isascii():   # kept: the gate and readers go by it
        name = f"{Path(name).stem or 'file'}{suffix}"
    target = folder / name
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    upload.save(target)
    return target, shown


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    error = None
    target = request.args.get("next", "")
    if request.method == "POST":
        session.pop("pending", None)     # a password step begun before is over
        try:
            found = ws.sign_in(site().root, request.form.get("name", "").strip(), request.form.get("password", ""))
        except ws.Locked as exc:
            found, error = None, locked_text(words(), exc.minutes)
        if found is None:
            error = error or words()("The name or the password is wrong.")
        else:
            user, stamp = found
            if ws.two_step(site().root, user.name):      # a code from the authenticator app next
                begin_code_step(session, user.name, stamp, target if local_path(target) else "")
                return redirect(url_for("workspace.login_code"), code=303)
            begin_session(session, user=user.name, stamp=stamp)
            return redirect(target if local_path(target) else url_for("workspace.home"), code=303)
    elif current() is not None:
        return redirect(target if local_path(target) else url_for("workspace.home"), code=303)
    return render_template("workspace/login.html", error=error), (401 if error else 200)


@blueprint.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step of signing in, for an account with two-step sign-in on."""
    t = words()
    had = "pending" in session
    pending = code_step(session)
    if pending is None:
        flash(t("Sign in again: the code was not given within five minutes of the password.") if had else
              t("Sign in with your name and password first."))
        return redirect(url_for("workspace.login"), code=303)
    error = None
    if request.method == "POST":
        try:
            found = ws.sign_in_code(site().root, pending["name"], pending["stamp"], request.form.get("code", ""))
        except ws.Locked as exc:
            session.pop("pending", None)
            return render_template("workspace/login.html", error=locked_text(t, exc.minutes, codes=True)), 401
        if found is None:
            error = wrong_code_text(t)
        else:
            user, stamp = found
            target = pending.get("next", "")
            begin_session(session, user=user.name, stamp=stamp)
            return redirect(target if local_path(target) else url_for("workspace.home"), code=303)
    return render_template("workspace/code.html", error=error), (401 if error else 200)


@blueprint.post("/logout")
def logout():
    user = current()
    if user is not None:
        ws.sign_out(site().root, user.name)   # every session of the account ends, logged
    session.clear()
    return redirect(url_for("workspace.login"), code=303)


@blueprint.get("/")
@signed_in()
def home(user):
    if user.focal_point:   # one body of one project: straight to it
        return redirect(url_for("project.body", project=user.project, body=user.owns))
    return render_template("workspace/home.html", cards=ws.projects(site().root, user))


@blueprint.route("/new", methods=["GET", "POST"])
@signed_in(coordinator=True)
def new_project(user):
    t = words()
    values = {k: request.form.get(k, "").strip() for k in ("name", "state", "paragraph")}
    values["kind"] = request.form.get("kind", "national")
    values["source"] = request.form.get("source", "ohchr")
    error, status = None, 200
    if request.method == "POST":
        upload = request.files.get("list")
        extra = request.files.get("addendum") if values["source"] == "wgreport" else None
        if upload is None or not upload.filename:
            error, status = t("Choose the file to start from: OHCHR's list, the Working Group's report or the "
                              "UPR Info export."), 422
        else:
            with tempfile.TemporaryDirectory(prefix="uprreport-upload-") as folder:
                path, shown = saved(upload, Path(folder))
                addendum = saved(extra, Path(folder)) if extra is not None and extra.filename else None
                try:
                    ws.create_project(site().root, values["name"], values["kind"], path, shown, user.name,
                                      source=values["source"], addendum=addendum, state=values["state"],
                                      paragraph=values["paragraph"])
                except UprError as exc:
                    error, status = said(exc), 422
        if error is None:
            flash(t("The project {name} was started from {file}. Set its facts, then add its bodies.",
                    name=values["name"], file=shown))
            return redirect(url_for("project.facts", project=values["name"]), code=303)
    return render_template("workspace/new.html", values=values, kinds=ws.kinds(), error=error), status


def said(exc: UprError) -> str:
    """A refusal in words: the message, its hint, and the problems it carries (the first few)."""
    lines = [str(exc) + (f" ({exc.hint})" if exc.hint else "")]
    lines += [d.render() for d in (getattr(exc, "diagnostics", None) or [])[:8]]
    return "\n".join(lines)


@blueprint.route("/account", methods=["GET", "POST"])
@signed_in()
def account(user):
    t = words()
    error, status = None, 200
    if request.method == "POST" and request.form.get("action") == "two-step":
        return _two_step(user)
    if request.method == "POST":
        new, again = request.form.get("new", ""), request.form.get("again", "")
        if new != again:
            error, status = t("The two new passwords differ; type the same one twice."), 422
        else:
            try:
                stamp = ws.change_password(site().root, user.name, request.form.get("old", ""), new)
            except UprError as exc:
                error, status = str(exc), 422
            else:
                session["stamp"] = stamp   # this session goes on; the others end
                flash(t("Your password was changed; your other sessions have ended."))
                return redirect(url_for("workspace.home"), code=303)
    return _account_page(user, error), status


def _account_page(user, error=None, two_step_error=None):
    root = site().root
    on = ws.two_step(root, user.name)
    pending = None if on else ws.two_step_pending(root, user.name)
    return render_template("workspace/account.html", error=error, two_step_on=on, pending=pending,
                           qr=ws.two_step_qr(pending.uri) if pending else "", two_step_error=two_step_error)


def _two_step(user):
    """Turn two-step sign-in on (a secret, then a code made from it) or off (with the password)."""
    t = words()
    root = site().root
    step = request.form.get("step", "")
    if step == "start":
        ws.two_step_enrol(root, user.name)
        return redirect(url_for("workspace.account") + "#two-step", code=303)
    if step == "confirm":
        stamp = ws.two_step_confirm(root, user.name, request.form.get("code", ""))
        if stamp is None:
            return _account_page(user, two_step_error=t("The code is wrong: type the six digits your app shows "
                                                       "for uprreport now.")), 422
        session["stamp"] = stamp   # this session goes on; the others (signed in without a code) end
        flash(t("Two-step sign-in is on: from now on you give a code from your app after your password. Your "
                "other sessions have ended."))
        return redirect(url_for("workspace.account"), code=303)
    if step == "off":
        try:
            stamp = ws.two_step_off(root, user.name, request.form.get("password", ""))
        except UprError as exc:
            return _account_page(user, two_step_error=str(exc)), 422
        session["stamp"] = stamp
        flash(t("Two-step sign-in is off: your password alone signs you in."))
        return redirect(url_for("workspace.account"), code=303)
    abort(400)


@blueprint.route("/accounts", methods=["GET", "POST"])
@signed_in(coordinator=True)
def accounts(user):
    """The workspace's accounts; a coordinator adds a focal point or a reviewer here (its
    password made by the workspace and shown once). Coordinators are added on the command line."""
    error, status, made = None, 200, None
    values = {k: request.form.get(k, "").strip() for k in ("name", "role", "project", "body")}
    if request.method == "POST":
        if values["role"] not in ("focal-point", "reviewer"):
            error, status = words()("Choose focal point or reviewer (coordinators are added with "
                                    "`uprreport user add`)."), 422
        else:
            password = ws.new_password()
            try:
                ws.add_user(site().root, values["name"], password, values["role"], values["project"],
                            values["body"] if values["role"] == "focal-point" else "", by=user.name)
            except UprError as exc:
                error, status = said(exc), 422
            else:
                made = (values["name"], password)
                status = 201
    return render_template("workspace/accounts.html", users=ws.users(site().root), error=error, made=made,
                           values=values, projects=ws.project_names(site().root)), status


@blueprint.post("/accounts/<name>/remove")
@signed_in(coordinator=True)
def remove_account(user, name: str):
    t = words()
    if name == user.name:
        flash(t("You cannot remove your own account here; another coordinator, or `uprreport user remove`, can."))
    elif ws.remove_user(site().root, name, by=user.name):
        flash(t("The account {name} was removed; its sessions have ended.", name=name))
    else:
        abort(404)
    return redirect(url_for("workspace.accounts"), code=303)


@blueprint.get("/log")
@signed_in()
def log(user):
    if not user.coordinator:
        abort(404)
    project = user.project or request.args.get("project", "").strip()   # a project's coordinator: its own
    if project and ws.project_path(site().root, project) is None:
        project = ""
    return render_template("workspace/log.html", entries=ws.entries(site().root, project), project=project,
                           projects=ws.project_names(site().root))
