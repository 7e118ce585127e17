"""The coordinator's and owners' pages (sign-in needed): where the round stands, the
comments with filters, each comment's decision and reason, the project's validation,
closing the round, and building and downloading the report.

A focal point (an "owner") sees, and can answer, only the comments routed to its
contribution; asking for another's gets "not found", the same answer as for a comment that
does not exist. A reviewer reads every comment and answers none. Only a coordinator closes
the round, builds, or sees the validation.

The coordinators' tools (docs/web.md): each comment's history (decisions, reassignments), a
comment given to another owner, the deadline extended, similar comments grouped
(rounds/grouping.py), one answer given to many comments, the filtered list as CSV. Changing
something one may see but not change (a reviewer answering, a focal point reassigning its
comment or extending the deadline) is refused with 403.

The pages speak the language the person chose, else the project's (web/languages.py): every
word of the templates and of the views' own messages goes through the catalog (``t(...)``);
what the service layer says when it refuses something stays English, and the codes the forms
post (decisions, states, owners) stay the same whatever the words shown for them (LABELS).
"""

from __future__ import annotations

import functools
from urllib.parse import quote

from flask import (Blueprint, abort, flash, redirect, render_template, request, send_file, send_from_directory,
                   session, url_for)
from markupsafe import Markup, escape

from uprreport.api import consultation
from uprreport.api.consultation import User
from uprreport.i18n import N_
from uprreport.web.languages import words
from uprreport.web.security import (begin_code_step, begin_session, code_step, locked_text, session_fresh,
                                    wrong_code_text)
from uprreport.web.site import current as site

blueprint = Blueprint("manage", __name__)

# The fixed words these pages show for codes (the forms post the codes, the pages show the
# words in the page's language; a code not listed is shown as it is).
LABELS = {
    # NOTE: where a comment stands (the comments list's filter "State")
    "state": {"assigned": N_("assigned"), "answered": N_("answered"), "deferred": N_("deferred"),
              "withdrawn": N_("withdrawn")},
    # NOTE: an owner's answer to a comment ("Decision"); "(open)": no answer yet
    "decision": {"accepted": N_("accepted"), "accepted with modification": N_("accepted with modification"),
                 "rejected": N_("rejected"), "noted": N_("noted"), "deferred": N_("deferred"), "": N_("(open)")},
    # NOTE: a comment's type ("Type")
    "type": {"editorial": N_("editorial"), "substantive": N_("substantive"), "critical": N_("critical")},
    # NOTE: where a comment came from ("Source"): the web page, a Word comment, a reply to one, tracked changes
    # (a proposal), a form (spreadsheet), an e-mail
    "source": {"web": N_("web"), "comment": N_("comment"), "reply": N_("reply"), "proposal": N_("proposal"),
               "form": N_("form"), "email": N_("email")},
    # NOTE: how grave a validation message is
    "severity": {"error": N_("error"), "warning": N_("warning"), "info": N_("info")},
    # NOTE: the owner of the comments no contribution owns
    "owner": {consultation.store.COORDINATOR: N_("(coordinator)")},
}


def label(kind: str, code) -> str:
    """The word the page shows for ``code`` of the vocabulary ``kind`` (LABELS)."""
    code = "" if code is None else str(code)
    known = LABELS[kind].get(code)
    return words()(known) if known is not None else code


def fill(text: str, **fields) -> Markup:
    """A translated sentence (``t("...")`` without its fields) with ``{fields}`` that hold
    markup (``auto``): the sentence escaped, then the fields put in."""
    return escape(text).format(**fields)


def auto(text) -> Markup:
    """A text of the people's own (a reason) inside a sentence: its direction its own."""
    return Markup('<span dir="auto">{}</span>').format("" if text is None else text)


@blueprint.context_processor
def _signed_in_user():
    return {"user": _user(), "label": label, "fill": fill, "auto": auto}


def _user() -> User | None:
    if session.get("user") and not session_fresh(session):
        session.clear()   # signed in more than 8 hours ago
        return None
    account = site().settings.account
    if account is not None:   # inside a workspace: its session says who is signed in
        return account(session)
    user = consultation.signed_in(site().project, session.get("user", ""), session.get("stamp", ""))
    if user is None and session.get("user"):
        session.clear()   # signed out elsewhere, or the account was removed or changed since this sign-in
    return user


def signed_in(coordinator: bool = False):
    def wrap(view):
        @functools.wraps(view)
        def inner(*args, **kwargs):
            user = _user()
            if user is None:
                if site().settings.account is not None and session.get("user"):
                    abort(404)   # signed in to the workspace, with nothing to do in this project
                return redirect(url_for(".login", next=request.path))
            if coordinator and not user.coordinator:
                abort(404)
            return view(user, *args, **kwargs)
        return inner
    return wrap


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if site().settings.sign_in:   # inside a workspace: one sign-in, the workspace's
        return redirect(site().settings.sign_in + "?next=" + quote(request.script_root + request.args.get(
            "next", "/manage/")), code=303)
    error, t = None, words()
    if request.method == "POST":
        session.pop("pending", None)     # a password step begun before is over
        try:
            found = consultation.sign_in(site().project, request.form.get("name", "").strip(),
                                         request.form.get("password", ""))
        except consultation.Locked as exc:
            found, error = None, locked_text(t, exc.minutes)
        if found is None:
            error = error or t("The name or the password is wrong.")
        else:
            user, stamp = found
            target = request.args.get("next", "")
            # only a path of this site: never send a signed-in user to another site
            if not target.startswith("/manage") or "//" in target or "\\" in target:
                target = url_for(".dashboard")
            if consultation.two_step(site().project, user.name):   # a code from the app next
                begin_code_step(session, user.name, stamp, target)
                return redirect(url_for(".login_code"), code=303)
            begin_session(session, user=user.name, stamp=stamp)
            return redirect(target, code=303)
    return render_template("manage/login.html", error=error), (401 if error else 200)


@blueprint.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step of signing in, for an account with two-step sign-in on."""
    pending = code_step(session)
    if pending is None:
        return redirect(url_for(".login"), code=303)
    error, t = None, words()
    if request.method == "POST":
        try:
            found = consultation.sign_in_code(site().project, pending["name"], pending["stamp"],
                                              request.form.get("code", ""))
        except consultation.Locked as exc:
            session.pop("pending", None)
            return render_template("manage/login.html", error=locked_text(t, exc.minutes, codes=True)), 401
        if found is None:
            error = wrong_code_text(t)
        else:
            user, stamp = found
            begin_session(session, user=user.name, stamp=stamp)
            return redirect(pending.get("next") or url_for(".dashboard"), code=303)
    return render_template("manage/code.html", error=error), (401 if error else 200)


@blueprint.route("/account", methods=["GET", "POST"])
@signed_in()
def account(user):
    """One's password and two-step sign-in (a project's own accounts; in a workspace, its page)."""
    if site().settings.account is not None:
        abort(404)
    project, t = site().project, words()
    error, two_step_error, status = None, None, 200
    if request.method == "POST":
        action, step = request.form.get("action"), request.form.get("step", "")
        try:
            if action == "password":
                new = request.form.get("new", "")
                if new != request.form.get("again", ""):
                    raise consultation.UsageError(t("the two new passwords differ; type the same one twice"))
                session["stamp"] = consultation.change_password(project, user.name, request.form.get("old", ""), new)
                flash(t("Your password was changed; your other sessions have ended."))
                return redirect(url_for(".account"), code=303)
            if action == "two-step" and step == "start":
                consultation.two_step_enrol(project, user.name)
                return redirect(url_for(".account") + "#two-step", code=303)
            if action == "two-step" and step == "confirm":
                stamp = consultation.two_step_confirm(project, user.name, request.form.get("code", ""))
                if stamp is None:
                    raise consultation.UsageError(t("the code is wrong: type the six digits your app shows now"))
                session["stamp"] = stamp
                flash(t("Two-step sign-in is on: from now on you give a code from your app after your password."))
                return redirect(url_for(".account"), code=303)
            if action == "two-step" and step == "off":
                session["stamp"] = consultation.two_step_off(project, user.name, request.form.get("password", ""))
                flash(t("Two-step sign-in is off: your password alone signs you in."))
                return redirect(url_for(".account"), code=303)
            abort(400)
        except consultation.UsageError as exc:
            status = 422
            if action == "password":
                error = str(exc)
            else:
                two_step_error = str(exc)
    on = consultation.two_step(project, user.name)
    pending = None if on else consultation.two_step_pending(project, user.name)
    return render_template("manage/account.html", user=user, error=error, two_step_error=two_step_error,
                           two_step_on=on, pending=pending,
                           qr=consultation.two_step_qr(pending.uri) if pending else ""), status


@blueprint.post("/logout")
def logout():
    user, settings = _user(), site().settings
    if user is not None:   # every session of the account ends (the workspace's, inside one)
        if settings.account is None:
            consultation.sign_out(site().project, user.name)
        elif settings.sign_out is not None:
            settings.sign_out(user.name)
    session.clear()
    return redirect(site().settings.sign_in or url_for(".login"), code=303)


@blueprint.get("/")
@signed_in()
def dashboard(user):
    return _dashboard(user)


def _dashboard(user, deadline_error: str | None = None, status: int = 200):
    import datetime as dt

    st = consultation.status(site().project)   # None before the first round: the page says so
    if st and user.focal_point:
        st.owners = [o for o in st.owners if o["owner"] == user.owns]
    earliest = ""   # the first date the deadline can be moved to: the day after it, and not before today
    if st and not st.closed:
        earliest = max(dt.date.fromisoformat(st.deadline) + dt.timedelta(days=1), site().settings.today()).isoformat()
    return render_template("manage/dashboard.html", st=st, outputs=_outputs() if user.coordinator else [],
                           round_files=_round_files(st.round) if st and user.coordinator else [],
                           extensions=consultation.round_history(site().project, st.round) if st else [],
                           deadline_error=deadline_error, form=request.form, earliest=earliest), status


@blueprint.post("/round/deadline")
@signed_in()
def extend(user):
    """A coordinator moves the open round's deadline to a later date (the public page shows it at once)."""
    import datetime as dt

    from uprreport.errors import UsageError

    if not user.coordinator:
        abort(403)
    t = words()
    text = request.form.get("deadline", "").strip()
    try:
        deadline = dt.date.fromisoformat(text)
    except ValueError:
        return _dashboard(user, t("'{text}' is not a date: write it as YYYY-MM-DD (2026-05-31).", text=text[:40]), 422)
    try:
        old, new = consultation.extend(site().project, deadline, user.name, site().settings.today(),
                                       request.form.get("reason", "").strip()[:2000])
    except UsageError as exc:
        return _dashboard(user, _said(exc), 422)
    flash(t("The deadline is now {new} (it was {old}); the public page says so.", new=new, old=old))
    return redirect(url_for(".dashboard"), code=303)


# the comments list's filters, as its address carries them (kept by the pages it leads to)
FILTERS = ("owner", "state", "paragraph", "classification", "kind", "q", "group")


def _filters(user) -> dict[str, str]:
    f = {k: request.args.get(k, "").strip()[:200] for k in FILTERS}
    if user.focal_point:
        f["owner"] = user.owns
    if not (f["group"].isascii() and f["group"].isdigit() and len(f["group"]) < 19):
        f["group"] = ""
    return f


def _listing(user, f: dict[str, str]):
    """(the round, its comments matching ``f`` with their groups, owners, sources, groups)."""
    grouped = _groups()
    row, rows, owners, kinds = consultation.listing(site().project, consultation.Filters(
        f["owner"], f["state"], f["paragraph"], f["classification"], f["kind"], f["q"],
        int(f["group"]) if f["group"] else None), owners_of=user.owns if user.focal_point else None, grouped=grouped)
    return row, rows, owners, kinds, grouped


def _groups():
    """The round's groups of similar comments, made again only when comments came since."""
    s = site()
    with s.cache_lock:
        known = s.cache.get("comment-groups")
    grouped = consultation.comment_groups(s.project, known)
    if grouped is not known:
        with s.cache_lock:
            s.cache["comment-groups"] = grouped
    return grouped


@blueprint.get("/comments")
@signed_in()
def comments(user):
    return _comments_page(user)


def _comments_page(user, error: str | None = None, status: int = 200):
    f = _filters(user)
    row, rows, owners, kinds, _grouped = _listing(user, f)
    if row is None:
        f = {}
    shown = {k: v for k, v in f.items() if v and not (k == "owner" and user.focal_point)}
    answerable = row is not None and row.closed is None and (user.coordinator or user.focal_point)
    return render_template("manage/comments.html", rows=rows, round=row, owners=owners, states=consultation.STATES,
                           kinds=kinds, f=f, shown=shown, answerable=answerable, decisions=consultation.DECISIONS,
                           error=error, form=request.form, picked=set(request.form.getlist("c"))), status


@blueprint.post("/comments/answer")
@signed_in()
def answer_many(user):
    """One decision and reason for the comments ticked on the list (or a whole group): each
    checked as one answer is; all recorded, each with its history and its e-mail, or none."""
    if not (user.coordinator or user.focal_point):
        abort(403)   # a reviewer changes nothing
    numbers = [int(v) for v in request.form.getlist("c") if v.isascii() and v.isdigit() and len(v) < 19]
    whole = request.form.get("whole_group", "")
    if whole.isascii() and whole.isdigit() and len(whole) < 19:
        f = dict(_filters(user), group=whole)
        numbers += [r["id"] for r in _listing(user, f)[1]]    # those of the group this user sees
    decision, reason = request.form.get("decision", ""), request.form.get("reason", "").strip()
    done = consultation.answer_many(site().project, numbers, decision, reason, user)
    t = words()
    if done.refused:
        abort(403)   # a comment the user may not answer (never on the user's list): nothing recorded
    if done.problem:   # the service's words (English)
        return _comments_page(user, done.problem[1][:1].upper() + done.problem[1][1:] + ".", 422)
    if done.closed:
        return _comments_page(user, t("The round has closed, so these answers were not recorded."), 409)
    mailed = sum(1 for n in done.changed if _mail_answer(n))
    chosen = label("decision", " ".join(decision.lower().split()))
    flash(t.plural("{n} comment answered ({decision}): {changed} changed, {unchanged} had this answer already.",
                   "{n} comments answered ({decision}): {changed} changed, {unchanged} had this answer already.",
                   len(done.changed) + len(done.unchanged), decision=chosen, changed=len(done.changed),
                   unchanged=len(done.unchanged)))
    if mailed:
        flash(t.plural("{n} answer goes to its sender by e-mail.", "{n} answers go to their senders by e-mail.",
                       mailed))
    return redirect(url_for(".comments", **_kept()), code=303)


def _said(exc) -> str:
    """A refusal of the service as a sentence: what is wrong; what to do."""
    text = str(exc) + (f"; {exc.hint}" if exc.hint else "")
    return text[:1].upper() + text[1:] + "."


def _kept() -> dict[str, str]:
    """The list's filters of this request's address, to go back to the same list."""
    return {k: v for k, v in request.args.items() if k in FILTERS and v}


@blueprint.get("/comments.csv")
@signed_in()
def comments_csv(user):
    """The list as filtered, as CSV for Excel (the response matrix's columns; no e-mail address)."""
    f = _filters(user)
    row, rows, _owners, _kinds, grouped = _listing(user, f)
    if row is None:
        abort(404)
    data = consultation.comments_csv(site().project, row.n, [r["id"] for r in rows],
                                     {r["id"]: r["group"] for r in rows if r["group"]})
    from flask import Response

    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="comments-round-{row.n}.csv"'})


@blueprint.route("/comments/<int:number>", methods=["GET", "POST"])
@signed_in()
def comment(user, number: int):
    found = consultation.comment(site().project, number)
    if found is None or not user.may_see(found[0]["owner"]):
        abort(404)   # another owner's comment is as absent as one that does not exist
    row, editable = found
    editable = editable and user.may_answer(row["owner"])   # a reviewer reads, never answers
    error, status, t = None, 200, words()
    if request.method == "POST" and not user.may_answer(row["owner"]):
        abort(403)
    if request.method == "POST":
        decision, reason = request.form.get("decision", ""), request.form.get("reason", "").strip()
        done = consultation.answer(site().project, number, decision, reason, user.name) if editable else None
        if done is not None and done.recorded:
            mailed = done.changed and _mail_answer(number)
            flash(t("Comment {number}: decision recorded; the answer goes to its sender by e-mail.", number=number)
                  if mailed else t("Comment {number}: decision recorded.", number=number))
            return redirect(url_for(".comments", **_kept()), code=303)
        if done is not None and done.problem:   # the service's words (English)
            error, status = done.problem[1], 422
        else:   # closed since the page was shown: nothing recorded, the answer given back
            editable = False
            error, status = t("Round {n} has closed, so this answer was not recorded (decision: {decision}; "
                              "reason: {reason}).", n=row["round"],
                              decision=label("decision", decision) if decision else t("(none)"),
                              reason=reason or t("(none)")), 409
    return _comment_page(user, row, editable, error, status)


def _mail_answer(number: int) -> bool:
    """The answer to the comment's sender, when the sender gave an address and a mail server
    is given (docs/email.md; whether it was queued); the receipt's link as this request
    reached the site."""
    from flask import current_app

    from uprreport.web.public import receipt_link

    mail = current_app.extensions.get("uprreport-mail")
    return mail is not None and mail.answered(number, receipt_link(number))


def _comment_page(user, row, editable: bool, error: str | None, status: int, pub_error: str | None = None,
                  owner_error: str | None = None):
    s = site()
    pub = consultation.publication(s.project, row["id"])
    grouped = _groups() if user.may_see(row["owner"]) else None
    group = grouped.groups.of.get(row["id"]) if grouped is not None and grouped.round == row["round"] else None
    return render_template("manage/comment.html", c=row, decisions=consultation.DECISIONS, editable=editable,
                           error=error, form=request.form, pub=pub, pub_error=pub_error,
                           history=consultation.comment_history(s.project, row["id"]),
                           owners=consultation.owner_choices(s.project) if user.coordinator else [],
                           owner_error=owner_error, group=group,
                           similar=grouped.groups.size(row["id"]) if group else 0,
                           reassignable=editable or (user.coordinator and _open_round(row)),
                           files=consultation.attachments(s.project, row["id"])), status


@blueprint.get("/comments/<int:number>/files/<int:n>")
@signed_in()
def attachment(user, number: int, n: int):
    """A file sent with a comment, for those who may see the comment (never the public)."""
    found = consultation.comment(site().project, number)
    got = consultation.attachment_file(site().project, number, n) if found and user.may_see(found[0]["owner"]) \
        else None
    if got is None:
        abort(404)
    return send_file(got[0], mimetype=got[2], as_attachment=True, download_name=got[1])


def _open_round(row) -> bool:
    current = consultation.latest(site().project)
    return current is not None and current.closed is None and current.n == row["round"]


@blueprint.post("/comments/<int:number>/owner")
@signed_in()
def reassign(user, number: int):
    """A coordinator gives the comment to another owner (a contribution, or the coordinator);
    the new owner is told by e-mail when a mail server is set."""
    from flask import current_app

    from uprreport.errors import UsageError

    found = consultation.comment(site().project, number)
    if found is None or not user.may_see(found[0]["owner"]):
        abort(404)
    if not user.coordinator:
        abort(403)
    row, editable = found
    try:
        done = consultation.reassign(site().project, number, request.form.get("owner", ""), user.name,
                                     request.form.get("reason", "").strip()[:2000])
    except UsageError as exc:
        return _comment_page(user, row, editable, None, 422, owner_error=_said(exc))
    t = words()
    new, old = label("owner", done.new), label("owner", done.old)
    if not done.changed:
        flash(t("Comment {number} is {owner}'s already.", number=number, owner=new))
    else:
        told = consultation.tell_owner(current_app.extensions.get("uprreport-mail"), number,
                                       url_for(".comment", number=number, _external=True))
        flash(t("Comment {number} given to {new} (was {old}); its contact is told by e-mail.", number=number,
                new=new, old=old) if told else
              t("Comment {number} given to {new} (was {old}).", number=number, new=new, old=old))
    return redirect(url_for(".comment", number=number), code=303)


@blueprint.post("/comments/<int:number>/publication")
@signed_in(coordinator=True)
def publication(user, number: int):
    """What is published of a comment: hidden (with a reason kept), spam, the sender's consent
    to the name, the text published with personal data taken out (the original kept)."""
    found = consultation.comment(site().project, number)
    if found is None:
        abort(404)
    row, editable = found
    f = request.form
    hidden, spam = f.get("hidden") == "yes", f.get("spam") == "yes"
    reason = f.get("reason", "").replace("\r\n", "\n").strip()

    def published(field: str, original: str) -> str | None:
        text = f.get(field)
        if text is None:
            return None
        text = text.replace("\r\n", "\n").strip()
        return None if text == (original or "").strip() else text

    comment_text, proposed_text = published("comment_text", row["comment"]), published("proposed_text", row["proposed"])
    problem, t = None, words()
    if hidden and not reason:
        problem = t("Say why the comment is hidden (the reason is kept in the register, never published).")
    elif len(reason) > 2000 or any(x is not None and len(x) > consultation.MAX_COMMENT
                                   for x in (comment_text, proposed_text)):
        problem = t("The reason takes at most {reason} characters, the texts {texts}.", reason=t.number(2000),
                    texts=t.number(consultation.MAX_COMMENT))
    if problem:
        return _comment_page(user, row, editable and user.may_answer(row["owner"]), None, 422, pub_error=problem)
    consultation.moderate(site().project, number, consultation.Publication(
        name_consent=f.get("name_consent") == "yes", hidden=hidden, reason=reason, spam=spam,
        comment_text=comment_text, proposed_text=proposed_text), user.name)
    flash(t("Comment {number}: publication saved.", number=number))
    return redirect(url_for(".comment", number=number), code=303)


@blueprint.get("/validation")
@signed_in(coordinator=True)
def validation(user):
    from uprreport import api

    v = api.validate(site().project, draft=True, furniture=False)
    return render_template("manage/validation.html", diagnostics=v.report.sorted(), ok=v.compiled is not None)


def _one_at_a_time(work, done, failed: str):
    """Run ``work()`` unless a build or a closing is running (they write the same files);
    flash ``done(result)``, or ``failed`` (a translated sentence whose ``{reason}`` is the
    service's, English); back to the dashboard."""
    from uprreport.errors import UprError

    s = site()
    if not s.build_lock.acquire(blocking=False):
        flash(words()("A build or a closing is already running; try again when it is done."))
        return redirect(url_for(".dashboard"), code=303)
    try:
        flash(done(work()))
    except UprError as exc:
        flash(failed.replace("{reason}", str(exc)))
    finally:
        s.build_lock.release()
    return redirect(url_for(".dashboard"), code=303)


@blueprint.route("/round/close", methods=["GET", "POST"])
@signed_in(coordinator=True)
def close(user):
    """Closing asks first: the page says the deadline and how many comments are unanswered;
    only its form (``confirm=yes``) closes the round."""
    from uprreport import api

    t = words()
    if request.method == "GET":
        closing = consultation.closing(site().project, site().settings.today())
        if closing is None:
            flash(t("No round is open."))
            return redirect(url_for(".dashboard"), code=303)
        return render_template("manage/close.html", closing=closing)
    if request.form.get("confirm") != "yes":
        return redirect(url_for(".close"), code=303)
    return _one_at_a_time(lambda: api.round_close(site().project, site().settings.today()),
                          lambda c: t.plural("Round {round} closed: {n} comment still open or deferred goes to "
                                             "the next round.",
                                             "Round {round} closed: {n} comments still open or deferred go to the "
                                             "next round.", c.open_comments, round=c.round),
                          t("The round could not be closed: {reason}"))


@blueprint.post("/build")
@signed_in(coordinator=True)
def build(user):
    from uprreport import api

    t = words()
    pdf = request.form.get("pdf") == "yes"
    return _one_at_a_time(lambda: api.build(site().project, pdf=pdf, draft=True),
                          lambda r: t("Built in {seconds} s: {files}.", seconds=t.number(round(r.seconds, 1)),
                                      files=t.join([p.name for p in r.outputs])),
                          t("The build failed; the previous files are unchanged. {reason}"))


def _outputs() -> list[str]:
    return consultation.outputs(site().project)[1]


def _round_files(n: int) -> list[str]:
    return consultation.round_files(site().project, n)[1]


@blueprint.get("/files/build/<name>")
@signed_in(coordinator=True)
def build_file(user, name: str):
    folder, names = consultation.outputs(site().project)
    if name not in names:
        abort(404)
    return send_from_directory(folder, name, as_attachment=True)


@blueprint.get("/files/round-<int:n>/<name>")
@signed_in(coordinator=True)
def round_file(user, n: int, name: str):
    folder, names = consultation.round_files(site().project, n)
    if name not in names:
        abort(404)
    return send_from_directory(folder, name, as_attachment=True)
