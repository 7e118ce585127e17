"""The public consultation: the draft under consultation, a comment form for a paragraph or
for the whole draft, a receipt, and, once the round is closed, the published answers.

No sign-in. A comment, and up to three files with it (PDF, Word, OpenDocument: each through
the gate of rounds/attachments.py), go straight into the round's register, through the
service layer (api/consultation.py, then rounds/submit.py). The page /about says what the
UPR is, who runs the consultation and what becomes of a comment, with a privacy notice
(report.yaml's ``consultation:`` texts, else the catalogs' in the report's language); the
draft shows its contents, how many comments each paragraph has, and a search (words, never
patterns, case and accents aside), all without script.
The page closes itself after the deadline: the form is no longer offered, and a comment
sent from a page left open is refused with a plain message, its text shown back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
import tempfile
import time
from pathlib import Path

from flask import Blueprint, abort, has_request_context, redirect, render_template, request, send_file, url_for
from markupsafe import Markup, escape
from werkzeug.http import is_resource_modified

from uprreport.api import consultation
from uprreport.i18n import N_
from uprreport.web.site import current as site

blueprint = Blueprint("public", __name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
TRAP = "website"     # a field people never see (hidden by the style sheet); robots fill it in
MAX_FILES = consultation.MAX_FILES                 # files with a comment
MAX_SIZE = consultation.MAX_FILE_SIZE              # bytes a file


COUNT = "\x00"   # where a paragraph's count of comments goes in the cached draft (no text holds it: cleaned)


def _frozen(n: int) -> tuple[list[str], list[str]]:
    """Round ``n``'s frozen draft as HTML, made once and kept in Site.cache with its title and
    digest: the pieces between the places of the counts, and the paragraph of each place."""
    s = site()
    with s.cache_lock:
        if n not in s.cache:
            t = s.language

            # NOTE: the label before a paragraph's stable id ("id justice/framework/p1")
            label = t("id")   # outside the f-string below, where the catalog's extractor cannot see it
            pids: list[str] = []

            def link(pid: str, number: int | None) -> str:
                words = t("Comment on paragraph {n}", n=number) if number else t("Comment on this part")
                pids.append(pid)
                # the stable id in small print too, as in the review copy: people cite it in e-mails
                return (f'<p class="act"><a class="comment-link" href="{escape(url_for(".comment", paragraph=pid))}">'
                        f'{escape(words)}</a> <span class="pid">{escape(label)} {escape(pid)}</span>'
                        f'{COUNT}{len(pids) - 1}{COUNT}</p>')

            html, title = consultation.draft_html(s.project, n, link, t)
            parts = html.split(COUNT)   # html, index, html, index, ..., html
            s.cache[n] = (parts[0::2], [pids[int(k)] for k in parts[1::2]])
            s.cache[("title", n)] = title
            s.cache[("digest", n)] = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
        return s.cache[n]


def _with_counts(texts: list[str], pids: list[str], counts: dict[str, int]) -> Markup:
    """The cached draft's pieces with each paragraph's count of comments between them."""
    out = [texts[0]]
    for pid, text in zip(pids, texts[1:]):
        if counts.get(pid):
            out.append(f' <span class="count">{escape(_count(counts[pid]))}</span>')
        out.append(text)
    return Markup("".join(out))


def _count(n: int) -> str:
    t = site().language
    return t.plural("{number} comment so far", "{number} comments so far", n, number=t.number(n))


def _state():
    """(the latest round, whether it takes comments today). A page that only shows it (GET,
    HEAD) takes what was read in the last COUNTS_AGE seconds: reading it opens the register,
    which was half of what a reader's request cost under 200 readers asking again as soon as
    answered (py-spy; benchmarks/WEB.md). A request that may change anything (sending a
    comment) reads it afresh, and any such request makes the next reader's read it afresh too
    (``_changed``)."""
    s = site()
    today = s.settings.today()
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return consultation.state(s.project, today)
    return _recent(("state", today), lambda: consultation.state(s.project, today))


def _recent(key, read):
    """What ``read()`` gave in the last COUNTS_AGE seconds, kept under ``key`` in the site's
    cache (dropped by ``_changed``), else what it gives now."""
    s = site()
    now = time.monotonic()
    with s.cache_lock:
        kept = s.cache.get(key)
    if kept is not None and 0 <= now - kept[0] < COUNTS_AGE:
        return kept[1]
    got = read()
    with s.cache_lock:
        s.cache[key] = (now, got)
    return got


@blueprint.get("/")
def draft():
    """The draft under consultation, with each paragraph's count of comments. Sent with a
    strong ETag of what it shows and Last-Modified, and answered 304 when the copy a browser
    or a proxy holds is still the page (_conditional; docs/web.md, "Caching")."""
    row, is_open = _state()
    if row is None:
        return render_template("public/none.html")
    s = site()
    texts, pids = _frozen(row.n)          # made once, with its digest
    counts = _counts(row.n)
    answers = s.settings.publish_answers and bool(consultation.closed_rounds(s.project))
    shown = ("draft", row.n, row.deadline, is_open, answers, s.cache[("digest", row.n)],
             sorted(counts.items()))

    def page():
        return render_template("public/draft.html", round=row, is_open=is_open, body=_with_counts(texts, pids, counts),
                               doc_title=s.cache.get(("title", row.n), ""), contents=_contents(row.n),
                               deadline=s.language.date(_date(row.deadline)), answers=answers)

    return _conditional(("draft", row.n), shown, page)


SHARED_AGE = 10    # seconds a shared cache (a reverse proxy, a CDN) may serve the draft page without asking
COUNTS_AGE = 2.0   # seconds the draft page's counts of comments are used before they are counted again


def _counts(n: int) -> dict[str, int]:
    """Round ``n``'s comments by paragraph, counted at most once every COUNTS_AGE seconds.
    Counting is a query over all the round's comments, which every reader of the draft page
    asked for: 200 readers asking again as soon as they were answered cut the comments sent
    meanwhile from 92 to 3 a second (benchmarks/WEB.md). Whatever this process changes (a
    comment sent, a comment hidden: any request that is not a GET) is counted at once
    (``_changed``); another process's changes show within COUNTS_AGE seconds."""
    return _recent(("counts", n), lambda: consultation.comment_counts(site().project, n))


@blueprint.after_app_request
def _changed(response):
    """After any request that may change the register (not a GET, HEAD or OPTIONS), the
    round's state and the counts are read again at the next reading of a public page."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        s = site()
        with s.cache_lock:
            for key in [k for k in s.cache if isinstance(k, tuple) and k[:1] in (("counts",), ("state",))]:
                del s.cache[key]
    return response


def _conditional(key, shown, page):
    """The response of ``page()`` (a view's result) sent so that caches can keep it: a strong
    ETag of ``shown`` (everything that decides what the page shows) with what every page
    shares (the release, the report's language and title, the address the site is served at,
    the page's own address), Last-Modified, Cache-Control, and 304 Not Modified, made by
    werkzeug (``make_conditional``), without making the page, when the request's
    If-None-Match or If-Modified-Since says the copy held is the page.

    The public pages are the same for every reader but for one thing: the messages a
    coordinator's session carries from one page to the next (Flask's flashed messages,
    base.html). A request with a session is answered ``private`` (only a browser's own cache);
    one with messages waiting is made afresh and not kept at all. ``key``: which page, for
    its Last-Modified (_modified)."""
    from flask import make_response, session

    from uprreport import __version__

    if session.get("_flashes"):
        response = make_response(page())
        response.headers["Cache-Control"] = "no-store"
        return response
    s = site()
    digest = hashlib.sha256(repr((__version__, s.language.code, s.title, request.script_root, request.path,
                                  shown)).encode("utf-8", "surrogatepass")).hexdigest()[:40]
    modified = _modified(key, digest)
    # werkzeug's own reading of If-None-Match (which takes precedence) and If-Modified-Since
    if is_resource_modified(request.environ, etag=digest, last_modified=modified):
        with s.cache_lock:
            kept = s.cache.get(("page", key))
        if kept is not None and kept[0] == digest:   # the same page, made for an earlier reader
            body = kept[1]
        else:
            body = page()
            with s.cache_lock:
                s.cache[("page", key)] = (digest, body)
        response = make_response(body)
    else:
        response = make_response("")   # make_conditional makes it a 304: the page is not made
    response.set_etag(digest)
    if modified is not None:
        response.last_modified = modified
    # a session (a coordinator, or a visitor who opened the comment form: its CSRF token) makes the
    # answer this browser's own; Flask adds "Vary: Cookie" since the session was looked at
    response.headers["Cache-Control"] = ("private, no-cache" if session else
                                         f"public, max-age=0, s-maxage={SHARED_AGE}, must-revalidate")
    return response.make_conditional(request)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _modified(key, digest: str) -> dt.datetime | None:
    """Since when (to the second, UTC) the page ``key`` has been the version ``digest``, as
    this process has seen it: the first time it made that version. A version that replaced
    another within the second the other was dated (comments coming faster than one a
    second) is not dated (None: no Last-Modified, ETag alone) until a later second, so that a
    copy dated in that second is never taken for the new version; dates only grow. After a
    restart every page is dated anew (a copy held is then sent again once, in full)."""
    now = _now().replace(microsecond=0)
    s = site()
    with s.cache_lock:
        seen, since, given = s.cache.get(("modified", key), (None, None, None))
        if seen != digest:
            since = None
        if since is None and (given is None or now > given):
            since = given = now
        s.cache[("modified", key)] = (digest, since, given)
        return since


def _contents(n: int) -> list:
    """The chapters of round ``n``'s draft, each with its sections: [(heading, [headings])]
    (frozen: read once)."""
    s = site()
    with s.cache_lock:
        if ("contents", n) not in s.cache:
            tree: list = []
            for h in consultation.contents(s.project, n):
                if h.level == 1 or not tree:
                    tree.append((h, []))
                else:
                    tree[-1][1].append(h)
            s.cache[("contents", n)] = tree
        return s.cache[("contents", n)]


@blueprint.get("/about")
def about():
    """What the UPR is, who runs this consultation, its round and deadline, what becomes of a
    comment, and the privacy notice (report.yaml's texts in place of the defaults)."""
    row, is_open = _state()
    s = site()
    return render_template("public/about.html", round=row, is_open=is_open, a=_about(),
                           deadline=s.language.date(_date(row.deadline)) if row is not None else "",
                           answers=s.settings.publish_answers)


def _about():
    """report.yaml's consultation texts, read again when the file changes."""
    s = site()
    try:
        stamp = (s.project / "report.yaml").stat().st_mtime_ns
    except OSError:
        stamp = None
    with s.cache_lock:
        kept = s.cache.get("about")
        if kept is not None and kept[0] == stamp:
            return kept[1]
    got = consultation.about(s.project)
    with s.cache_lock:
        s.cache["about"] = (stamp, got)
    return got


@blueprint.get("/search")
def search():
    """The paragraphs of the draft that hold every word searched for (GET: a link to it works)."""
    row, is_open = _state()
    if row is None:
        return render_template("public/none.html")
    query = request.args.get("q", "")[:consultation.MAX_SEARCH]
    found = consultation.search(site().project, row.n, query, _search_index(row.n))
    return render_template("public/search.html", round=row, is_open=is_open, q=query, found=found,
                           searched=bool(consultation.search_words(query)), most=consultation.MAX_FOUND)


def _search_index(n: int) -> list:
    """Round ``n``'s paragraphs folded for searching (frozen: made once)."""
    s = site()
    with s.cache_lock:
        kept = s.cache.get(("search", n))
    if kept is None:
        kept = consultation.search_index(s.project, n)
        with s.cache_lock:
            s.cache[("search", n)] = kept
    return kept


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
                with _received() as files:
                    got = consultation.send(s.project, token, form.get("comment", ""), paragraph=pid,
                                            proposed=form.get("proposed", ""), kind=form.get("type", ""),
                                            name=form.get("name", ""), organisation=form.get("organisation", ""),
                                            email=form.get("email", ""), lead=s.lead, today=s.settings.today(),
                                            name_consent=form.get("publish_name") == "yes",
                                            files=consultation.attach(s.project, files) if files else ())
            except consultation.ConsultationClosed:   # closed since the form was shown: the text given back
                return render_template("public/closed.html", round=row, text=_typed(form)), 409
            except consultation.Refused as exc:
                error, field = _refusal(exc), exc.field or "comment"
            if error is None:
                if not got.repeated:
                    _mail_sent(got.number)
                return redirect(_receipt_url(got.number), code=303)
    return form_page(row, para, form, error, field, 422 if error else 200)


@contextlib.contextmanager
def _received():
    """The files sent with the comment form, saved under plain names in a folder of their own
    (removed after the request): [(path, name as sent)], at most MAX_FILES + 1 (one more says
    there were too many); a file input left empty sends a part without a name, which is no file."""
    sent = [f for f in request.files.getlist("files") if f and f.filename]
    if not sent:
        yield []
        return
    with tempfile.TemporaryDirectory(prefix="uprreport-files-") as tmp:
        got = []
        for k, f in enumerate(sent[:MAX_FILES + 1], 1):
            path = Path(tmp) / f"{k}.upload"
            f.save(path)
            got.append((path, f.filename))
        yield got


def form_page(row, para, form, error, field, status: int):
    """The comment form, with what was typed and the error (if any) said above it."""
    s = site()
    return render_template("public/comment.html", round=row, paragraph=para, form=form, error=error,
                           field=field, token=form.get("token") or secrets.token_urlsafe(24),
                           deadline=s.language.date(_date(row.deadline)), types=consultation.TYPES,
                           max_comment=consultation.MAX_COMMENT, max_field=consultation.MAX_FIELD,
                           max_files=MAX_FILES, max_mb=MAX_SIZE // (1024 * 1024),
                           files_sent=request.method == "POST" and any(f and f.filename for f in
                                                                       request.files.getlist("files"))), status


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
    if exc.field == "files":
        return _file_refusal(exc)
    return words.get(exc.field, str(exc))


def _file_refusal(exc) -> str:
    """Why a file was refused, in the page's language, naming it."""
    t = site().language
    why, name = getattr(exc, "why", ""), getattr(exc, "name", "")
    if why == "count":
        return t("At most {n} files can be sent with a comment.", n=t.number(MAX_FILES))
    words = {"size": t("{name} is larger than {n} MB, the most a file may be.", name=name,
                       n=t.number(MAX_SIZE // (1024 * 1024))),
             "type": t("{name} is not a PDF, Word (.docx) or OpenDocument (.odt) text file.", name=name),
             "macros": t("{name} contains macros; save it without them and attach it again.", name=name),
             "script": t("{name} contains a script or an action that starts a program; save it as a plain PDF "
                         "and attach it again.", name=name),
             "encrypted": t("{name} is protected by a password; remove the password and attach it again.", name=name)}
    return words.get(why, t("{name} is damaged or cannot be read; save it again and attach it again.", name=name))


@blueprint.get("/receipt/<int:number>")
def receipt(number: int):
    from flask import current_app

    got = consultation.receipt_by_number(site().project, current_app.secret_key, number, request.args.get("t", ""))
    if got is None:
        abort(404)
    return render_template("public/receipt.html", c=got, answers=site().settings.publish_answers,
                           files=consultation.attachments(site().project, number))


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
