"""The public consultation: the draft under consultation, a comment form for a paragraph or
for the whole draft, a receipt, and, once the round is closed, the published answers.

No sign-in, no upload. A comment goes straight into the round's register, through the
service layer (api/consultation.py, then rounds/submit.py).
The page closes itself after the deadline: the form is no longer offered, and a comment
sent from a page left open is refused with a plain message, its text shown back.
"""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from markupsafe import Markup, escape

from uprreport.api import consultation
from uprreport.i18n import N_
from uprreport.web.site import current as site

blueprint = Blueprint("public", __name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
TRAP = "website"     # a field people never see (hidden by the style sheet); robots fill it in


def _draft_html(n: int) -> Markup:
    """Round ``n``'s frozen draft as HTML with an action after each paragraph (made once)."""
    s = site()
    with s.cache_lock:
        if n not in s.cache:
            t = s.language

            # NOTE: the label before a paragraph's stable id ("id justice/framework/p1")
            label = t("id")   # outside the f-string below, where the catalog's extractor cannot see it

            def link(pid: str, number: int | None) -> str:
                words = t("Comment on paragraph {n}", n=number) if number else t("Comment on this part")
                # the stable id in small print too, as in the review copy: people cite it in e-mails
                return (f'<p class="act"><a class="comment-link" href="{escape(url_for(".comment", paragraph=pid))}">'
                        f'{escape(words)}</a> <span class="pid">{escape(label)} {escape(pid)}</span></p>')

            html, title = consultation.draft_html(s.project, n, link, t)
            s.cache[n] = Markup(html)
            s.cache[("title", n)] = title
        return s.cache[n]


def _state():
    return consultation.state(site().project, site().settings.today())


@blueprint.get("/")
def draft():
    row, is_open = _state()
    if row is None:
        return render_template("public/none.html")
    s = site()
    body = _draft_html(row.n)
    return render_template("public/draft.html", round=row, is_open=is_open, body=body,
                           doc_title=s.cache.get(("title", row.n), ""),
                           deadline=s.language.date(_date(row.deadline)),
                           answers=s.settings.publish_answers and bool(consultation.closed_rounds(s.project)))


def _date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


@blueprint.route("/comment", methods=["GET", "POST"])
def comment():
    row, is_open = _state()
    s = site()
    form = request.form if request.method == "POST" else {}
    pid = (request.form.get("paragraph") if request.method == "POST" else request.args.get("paragraph")) or None
    if row is None:
        return render_template("public/none.html")
    para = consultation.paragraph(s.project, row.n, pid)
    if pid and para is None:
        abort(404)
    if not is_open:
        return render_template("public/closed.html", round=row, text=_typed(form)), \
            (409 if request.method == "POST" else 200)
    error = field = None
    if request.method == "POST":
        token = form.get("token", "")
        if form.get(TRAP):   # a robot: thank it, keep nothing
            return render_template("public/thanks.html")
        if not TOKEN.match(token):
            abort(400)
        if form.get("consent") != "yes":
            error, field = s.language(N_("Tick the box to agree that your comment may be published.")), "consent"
        else:
            try:
                got = consultation.send(s.project, token, form.get("comment", ""), paragraph=pid,
                                        proposed=form.get("proposed", ""), kind=form.get("type", ""),
                                        name=form.get("name", ""), organisation=form.get("organisation", ""),
                                        email=form.get("email", ""), lead=s.lead, today=s.settings.today(),
                                        name_consent=form.get("publish_name") == "yes")
            except consultation.ConsultationClosed:   # closed since the form was shown: the text given back
                return render_template("public/closed.html", round=row, text=_typed(form)), 409
            except consultation.Refused as exc:
                error, field = _refusal(exc), exc.field or "comment"
            if error is None:
                if not got.repeated:
                    _mail_sent(got.number)
                return redirect(_receipt_url(got.number), code=303)
    return form_page(row, para, form, error, field, 422 if error else 200)


def form_page(row, para, form, error, field, status: int):
    """The comment form, with what was typed and the error (if any) said above it."""
    s = site()
    return render_template("public/comment.html", round=row, paragraph=para, form=form, error=error,
                           field=field, token=form.get("token") or secrets.token_urlsafe(24),
                           deadline=s.language.date(_date(row.deadline)), types=consultation.TYPES,
                           max_comment=consultation.MAX_COMMENT, max_field=consultation.MAX_FIELD), status


def refused_form(status: int, message: str):
    """The comment form shown again with the text typed, after a refusal that came before the
    view (too many comments from this address, an expired form): None when the request was
    not the comment form's, or no round takes comments."""
    if request.endpoint != "public.comment" or request.method != "POST":
        return None
    row, is_open = _state()
    if row is None or not is_open:
        return None
    pid = request.form.get("paragraph") or None
    para = consultation.paragraph(site().project, row.n, pid)
    if pid and para is None:
        return None
    return form_page(row, para, request.form, message, "comment", status)


def _receipt_url(number: int) -> str:
    from flask import current_app

    return url_for(".receipt", number=number, t=consultation.receipt_token(current_app.secret_key, number))


def _mail_sent(number: int) -> None:
    """The receipt to the sender (when an address was given) and a notice to the body the
    comment is routed to, queued for the mail server (none without one: docs/email.md)."""
    from flask import current_app

    mail = current_app.extensions.get("uprreport-mail")
    if mail is not None:   # the links as this request reached the site (--behind-proxy: the proxy's)
        mail.comment_sent(number, receipt_link(number), url_for("manage.comment", number=number, _external=True))


def receipt_link(number: int) -> str:
    """The receipt's address as a link in an e-mail: absolute, from the address of this request."""
    from flask import current_app

    return url_for("public.receipt", number=number, t=consultation.receipt_token(current_app.secret_key, number),
                   _external=True)


def _typed(form) -> str:
    """What the visitor typed (the comment, and the wording proposed), to give it back."""
    return "\n\n".join(t for t in (form.get("comment", "").strip(), form.get("proposed", "").strip()) if t)


def _refusal(exc: consultation.Refused) -> str:
    """The refusal in the page's language (the register's messages are English)."""
    t = site().language
    words = {"comment": t("Write your comment, or a wording you propose."),
             "email": t("This does not look like an e-mail address; correct it or leave the field empty."),
             "type": t("Choose a type of comment from the list."),
             "paragraph": t("This paragraph is not in the draft under consultation."),
             "": t("The consultation is closed; comments can no longer be sent.")}
    if exc.limit is not None:
        return t("This text is too long: the most this page takes is {n} characters.", n=t.number(exc.limit))
    return words.get(exc.field, str(exc))


@blueprint.get("/receipt/<int:number>")
def receipt(number: int):
    from flask import current_app

    got = consultation.receipt_by_number(site().project, current_app.secret_key, number, request.args.get("t", ""))
    if got is None:
        abort(404)
    return render_template("public/receipt.html", c=got, answers=site().settings.publish_answers)


@blueprint.get("/receipt/<token>")
def receipt_by_token(token: str):
    """A receipt link of an earlier release (the form's one-time token): to the receipt page."""
    if not TOKEN.match(token):
        abort(404)
    got = consultation.receipt(site().project, token)
    if got is None:
        abort(404)
    return redirect(_receipt_url(got["id"]), code=301)


@blueprint.get("/answers")
def answers():
    s = site()
    published = consultation.answers(s.project) if s.settings.publish_answers else None
    if published is None:
        abort(404)
    return _answers_page(*published)


@blueprint.get("/rounds/<int:n>/answers")
def round_answers(n: int):
    s = site()
    published = consultation.published_round(s.project, n) if s.settings.publish_answers else None
    if published is None:
        abort(404)
    return _answers_page(*published)


def _answers_page(row, rows):
    rounds = consultation.closed_rounds(site().project)
    return render_template("public/answers.html", round=row, rows=rows, rounds=rounds)


@blueprint.get("/draft.docx")
def download():
    row, _open = _state()
    review = consultation.review_copy(site().project, row) if row is not None else None
    if review is None:
        abort(404)
    return send_file(review, as_attachment=True, download_name=review.name)
