"""The service behind the web pages: the public consultation and the coordinator's pages.

Each call opens the project's comment register, does one thing and closes it (about 0.2 ms
to open), so the pages keep no connection and no state; the command line and the pages can
be used side by side. Within one request (``request``: the web opens it around each), the
calls share one connection, opened when first needed and closed when the request ends. Comments and answers go through the same code as ingested files and
worksheets (rounds/submit.py, rounds/respond.py), with the same rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from uprreport.errors import UsageError
from uprreport.rounds import accounts, store, submit
from uprreport.rounds.accounts import Locked, User
from uprreport.rounds.publication import Publication
from uprreport.rounds.submit import MAX_COMMENT, MAX_FIELD, TYPES, ConsultationClosed, Receipt, Refused

__all__ = ["Facts", "Round", "Answer", "User", "Receipt", "Refused", "ConsultationClosed", "TYPES", "MAX_COMMENT",
           "MAX_FIELD", "DECISIONS", "STATES", "facts", "secret_key", "serving", "request", "latest", "state",
           "draft_html",
           "paragraph", "send", "receipt", "answers", "review_copy", "user", "sign_in", "comments", "comment",
           "answer", "status", "outputs", "round_files", "clean", "receipt_token", "receipt_by_number", "published_round",
           "publication", "moderate", "Publication", "closing", "signed_in", "sign_out", "Locked", "Mail", "mail",
           "decide", "notify_answers"]

DECISIONS = store.DECISIONS
STATES = [s.value for s in store.State]
SECRET_FILE = ".web-secret"     # in rounds/: the key that signs session cookies


@dataclass(frozen=True)
class Facts:
    """What the pages need to know of the project, read once when the application starts."""

    project: Path
    language: str       # the report's language (the public pages speak it)
    lead: str           # who answers comments on the whole draft
    title: str          # the State under review
    owners: frozenset   # the contribution folders an owner account may answer for


@dataclass(frozen=True)
class Round:
    n: int
    opened: str
    deadline: str
    closed: str | None
    draft: str

    def __getitem__(self, key: str):   # templates written for the register's rows read round["n"]
        return getattr(self, key)


@dataclass(frozen=True)
class Answer:
    """What became of an answer sent from the comment's page."""

    recorded: bool
    problem: tuple[str, str] | None = None   # (the field at fault, what to do): nothing recorded
    closed: bool = False                      # its round closed meanwhile: nothing recorded
    changed: bool = False                     # recorded, and not the decision and reason it had


def clean(text: str) -> str:
    """``text`` without what HTML cannot hold (C0 controls but tab and line feed, U+FFFE/U+FFFF,
    lone surrogates), as the writers clean it (docs/text-safety.md)."""
    from uprreport.ooxml.chars import clean as cleaned

    return cleaned(text)


_REQUEST = threading.local()   # the connection shared by the calls of the request this thread serves


@contextlib.contextmanager
def request(project: Path):
    """One request's calls share one connection to ``project``'s register, closed at the end."""
    _REQUEST.project, _REQUEST.conn = Path(project), None
    try:
        yield
    finally:
        conn, _REQUEST.project, _REQUEST.conn = getattr(_REQUEST, "conn", None), None, None
        if conn is not None:
            conn.close()


@contextlib.contextmanager
def _register(project: Path, create: bool = False):
    """The register for one call (the request's, when one is open for ``project``; else
    opened for the call and closed after); None when no round was ever opened."""
    shared = getattr(_REQUEST, "project", None) == Path(project)
    if shared and _REQUEST.conn is not None:
        yield _REQUEST.conn
        return
    try:
        conn = store.connect(project, create=create)
    except store.NoRegister:
        yield None
        return
    if shared:
        _REQUEST.conn = conn   # closed when the request ends
        yield conn
        return
    try:
        yield conn
    finally:
        conn.close()


def _round(row) -> Round | None:
    return None if row is None else Round(row["n"], row["opened"], row["deadline"], row["closed"], row["draft"])


def facts(project: Path) -> Facts:
    """The project's language, lead, title and contributions; UsageError when it is not a
    readable project."""
    from uprreport.readers.project import contribution_folders, lead_contribution, read_manifest

    project = Path(project).resolve()
    manifest, _pos, _diags = read_manifest(project)
    if manifest is None:
        raise UsageError(f"{project} has no readable report.yaml", hint="run `uprreport validate` on it first")
    return Facts(project, manifest.language, lead_contribution(project) or store.COORDINATOR, manifest.state,
                 frozenset(p.name for p in contribution_folders(project)))


def secret_key(project: Path) -> str:
    """The project's session key: made once, kept beside the register, readable by its owner only."""
    from uprreport.fsutil import PRIVATE_MODE, write_text

    path = store.folder(project) / SECRET_FILE
    if path.is_file():
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    key = secrets.token_hex(32)
    write_text(path, key + "\n", mode=PRIVATE_MODE)   # on Windows the file inherits its folder's permissions
    return key


def serving(project: Path, host: str = "127.0.0.1", port: int = 8080):
    """The lock that lets one ``uprreport serve`` run per project (rounds/serving.py)."""
    from uprreport.rounds import serving as lock

    return lock.serving(Path(project), host, port)


def latest(project: Path) -> Round | None:
    """The latest round, open or closed; None before the first."""
    with _register(project) as conn:
        return None if conn is None else _round(store.current_round(conn, open_only=False))


def state(project: Path, today: dt.date | None = None) -> tuple[Round | None, bool]:
    """(the latest round, whether it takes comments today): (None, False) before the first."""
    with _register(project) as conn:
        if conn is None:
            return None, False
        row, is_open = submit.consultation(conn, today)
        return _round(row), is_open


def draft_html(project: Path, n: int, link: Callable[[str, int | None], str], t) -> tuple[str, str]:
    """Round ``n``'s frozen draft as HTML, ``link(pid, number)`` after each paragraph, with the
    document's title; the paragraphs as frozen for a round opened before the tree was kept."""
    from markupsafe import escape

    from uprreport.rounds.review_copy import load_tree
    from uprreport.writers import html

    tree = load_tree(Path(project), n)
    if tree is not None:
        doc, stable = tree
        title = str(doc.meta.fields.get("title") or "").strip()
        return html.body(doc, stable, link, notes_heading=t("Notes"), note_label=t("Note")), title
    with _register(project) as conn:
        rows = [] if conn is None else conn.execute(
            "SELECT pid, number, text FROM paragraphs WHERE round = ? ORDER BY seq", (n,)).fetchall()
    return "".join(f'<div class="para"><p id="para-{escape(r["pid"])}">'
                   + (f'<span class="number">{r["number"]}.</span> ' if r["number"] else "")
                   + f'{escape(clean(r["text"]))}</p>{link(r["pid"], r["number"])}</div>' for r in rows), ""


def paragraph(project: Path, n: int, pid: str | None) -> dict | None:
    """Paragraph ``pid`` of round ``n`` (pid, number, text), or None."""
    if not pid:
        return None
    with _register(project) as conn:
        row = None if conn is None else conn.execute(
            "SELECT pid, number, text FROM paragraphs WHERE round = ? AND pid = ?", (n, pid)).fetchone()
    return None if row is None else dict(row)


def send(project: Path, token: str, comment: str, paragraph: str | None = None, proposed: str = "",
         kind: str = "", name: str = "", organisation: str = "", email: str = "", lead: str = store.COORDINATOR,
         today: dt.date | None = None, name_consent: bool = False, files=()) -> Receipt:
    """Register a comment typed on the page (rounds/submit.py); ``Refused`` or
    ``ConsultationClosed`` (with nothing registered) when it cannot be taken. ``files``: its
    attachments, as ``attach`` gave them."""
    with _register(project) as conn:
        if conn is None:
            raise ConsultationClosed()
        return submit.submit(conn, token, comment, paragraph=paragraph, proposed=proposed, kind=kind, name=name,
                             organisation=organisation, email=email, lead=lead, today=today,
                             name_consent=name_consent, files=files)


def receipt(project: Path, token: str) -> dict | None:
    """The comment registered under ``token``, with its paragraph's number; None if none."""
    with _register(project) as conn:
        row = None if conn is None else submit.receipt(conn, token)
    return None if row is None else dict(row)


def receipt_token(key: str, number: int) -> str:
    """The secret that opens comment ``number``'s receipt page: an HMAC of the number with the
    application's key (nothing to store; a guessed number alone opens nothing)."""
    import hashlib
    import hmac

    return hmac.new(key.encode("utf-8"), f"receipt {number}".encode("ascii"), hashlib.sha256).hexdigest()[:32]


def receipt_by_number(project: Path, key: str, number: int, token: str) -> dict | None:
    """Comment ``number`` for its receipt page (its paragraph's number, its state, decision and
    answer, whether it is published) when ``token`` is its receipt's (compared in constant
    time); None otherwise, as for a comment that does not exist."""
    import hmac

    if not 0 < number < 2 ** 63 or not isinstance(token, str) or not token.isascii() or not hmac.compare_digest(
            receipt_token(key, number), token):
        return None
    from uprreport.rounds import publication as pub

    with _register(project) as conn:
        if conn is None:
            return None
        row = conn.execute("SELECT c.*, p.number, r.closed AS round_closed FROM comments c "
                           "LEFT JOIN paragraphs p ON p.round = c.round AND p.pid = c.pid "
                           "JOIN rounds r ON r.n = c.round WHERE c.id = ?", (number,)).fetchone()
        if row is None:
            return None
        return dict(row, publication=pub.get(conn, number))


def answers(project: Path) -> tuple[Round, list[dict]] | None:
    """The round whose answers are shown at /answers (the latest closed one) and its published
    rows; None before any round closed."""
    with _register(project) as conn:
        row = None if conn is None else conn.execute(
            "SELECT * FROM rounds WHERE closed IS NOT NULL ORDER BY n DESC LIMIT 1").fetchone()
    return None if row is None else published_round(project, row["n"])


def published_round(project: Path, n: int) -> tuple[Round, list[dict]] | None:
    """Round ``n`` and its response matrix as published (rounds/publication.py: hidden and spam
    left out, redacted texts, names only by consent) once it is closed; None otherwise. A
    closed round's answers stay published for good."""
    from uprreport.rounds import publication as pub
    from uprreport.rounds.close import matrix_rows

    if not 0 < n < 2 ** 63:
        return None
    with _register(project) as conn:
        row = None if conn is None else conn.execute("SELECT * FROM rounds WHERE n = ?", (n,)).fetchone()
        if row is None or row["closed"] is None:
            return None
        return _round(row), pub.published(conn, n, matrix_rows(conn, n))


def closed_rounds(project: Path) -> list[int]:
    """The rounds whose answers are published, newest first."""
    with _register(project) as conn:
        return [] if conn is None else [r[0] for r in conn.execute(
            "SELECT n FROM rounds WHERE closed IS NOT NULL ORDER BY n DESC")]


def publication(project: Path, number: int) -> Publication:
    """What is published of comment ``number``."""
    from uprreport.rounds import publication as pub

    with _register(project) as conn:
        return Publication() if conn is None else pub.get(conn, number)


def moderate(project: Path, number: int, p: Publication, by: str) -> bool:
    """Set what is published of comment ``number`` (a coordinator's choice, kept with who and
    when); False when there is no such comment."""
    from uprreport.rounds import publication as pub

    with _register(project) as conn:
        if conn is None:
            return False
        with store.transaction(conn):
            if conn.execute("SELECT 1 FROM comments WHERE id = ?", (number,)).fetchone() is None:
                return False
            pub.moderate(conn, number, p, by)
    return True


@dataclass(frozen=True)
class Closing:
    """What the coordinator is told before closing a round."""

    round: int
    deadline: str
    before_deadline: bool
    comments: int
    unanswered: int


def closing(project: Path, today: dt.date) -> Closing | None:
    """The open round's deadline and how many of its comments are still unanswered; None when
    no round is open."""
    with _register(project) as conn:
        row = None if conn is None else store.current_round(conn)
        if row is None:
            return None
        total, open_ = conn.execute("SELECT COUNT(*), COALESCE(SUM(CASE WHEN state IN (?, ?) THEN 1 ELSE 0 END), 0) "
                                    "FROM comments WHERE round = ?",
                                    (*store.OPEN, row["n"])).fetchone()
        return Closing(row["n"], row["deadline"], today <= dt.date.fromisoformat(row["deadline"]), total, open_)


def review_copy(project: Path, r: Round) -> Path | None:
    """The Word review copy of round ``r`` that commenters download, if it is there."""
    from uprreport.rounds.review_copy import round_folder

    path = round_folder(Path(project), r.n) / r.draft.replace(".docx", "-for-comment.docx")
    return path if path.is_file() else None


# --- the coordinator's pages --------------------------------------------------------------

def user(project: Path, name: str) -> User | None:
    """The account ``name`` as it stands now, or None."""
    with _register(project) as conn:
        return None if conn is None else accounts.get(conn, name)


def sign_in(project: Path, name: str, password: str) -> tuple[User, str] | None:
    """(the account, its sessions' stamp) if ``password`` is its password (as slow for an
    unknown name); ``accounts.Locked`` after too many wrong passwords in a row."""
    with _register(project) as conn:
        return accounts.sign_in(conn, name, password)


def signed_in(project: Path, name: str, stamp: str) -> User | None:
    """The account ``name`` if it still stands as when its session signed in (same stamp:
    password, role, body and session version), compared in constant time."""
    if not name or not stamp:
        return None
    with _register(project) as conn:
        now = None if conn is None else accounts.project_stamp(conn, name)
        if now is None or not secrets.compare_digest(now, stamp):
            return None
        return accounts.get(conn, name)


def sign_out(project: Path, name: str) -> None:
    """End every session of ``name`` (this browser's and any other)."""
    with _register(project) as conn:
        if conn is not None:
            with store.transaction(conn):
                accounts.end_sessions(conn, name)


def status(project: Path):
    """api.RoundStatus of the latest round, or None before the first."""
    from uprreport import api

    return None if latest(project) is None else api.round_status(project)


def comments(project: Path, owner: str = "", state: str = "", paragraph: str = "", classification: str = "",
             owners_of: str | None = None) -> tuple[Round | None, list[dict], list[str]]:
    """The latest round's comments matching the filters (a paragraph by its number or its id),
    in the matrix's order, and the owners to filter by; ``owners_of``: an owner's own only."""
    with _register(project) as conn:
        row = None if conn is None else store.current_round(conn, open_only=False)
        if row is None:
            return None, [], []
        if owners_of is not None:
            owner = owners_of
        where, args = ["c.round = ?"], [row["n"]]
        for value, column in ((owner, "c.owner"), (state, "c.state"), (classification, "c.classification")):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        if paragraph:
            if paragraph.isascii() and paragraph.isdigit() and len(paragraph) < 10:
                where.append("p.number = ?")
                args.append(int(paragraph))
            else:
                where.append("c.pid = ?")
                args.append(paragraph)
        rows = conn.execute("SELECT c.*, p.number, pb.hidden AS pub_hidden, pb.spam AS pub_spam, "
                            "(pb.comment_text IS NOT NULL OR pb.proposed_text IS NOT NULL) AS pub_redacted "
                            "FROM comments c LEFT JOIN paragraphs p ON p.round = c.round AND p.pid = c.pid "
                            "LEFT JOIN publication pb ON pb.comment = c.id "
                            f"WHERE {' AND '.join(where)} ORDER BY COALESCE(p.number, 100000), c.id",
                            args).fetchall()
        owners = [owners_of] if owners_of is not None else [
            r[0] for r in conn.execute("SELECT DISTINCT owner FROM comments WHERE round = ? ORDER BY owner",
                                       (row["n"],))]
        return _round(row), [dict(r) for r in rows], owners


def comment(project: Path, number: int) -> tuple[dict, bool] | None:
    """Comment ``number`` with its paragraph and the sender's e-mail, and whether it can still
    be answered (its round is the open one); None when there is no such comment."""
    if not 0 < number < 2 ** 63:
        return None
    with _register(project) as conn:
        if conn is None:
            return None
        row = conn.execute("SELECT c.*, p.number, p.text AS paragraph_text, w.email FROM comments c "
                           "LEFT JOIN paragraphs p ON p.round = c.round AND p.pid = c.pid "
                           "LEFT JOIN web_submissions w ON w.comment = c.id WHERE c.id = ?", (number,)).fetchone()
        if row is None:
            return None
        current = store.current_round(conn)
        return dict(row), current is not None and current["n"] == row["round"]


def answer(project: Path, number: int, decision: str, reason: str, by: str) -> Answer:
    """Record ``by``'s decision on comment ``number``, with the worksheets' rules, if its
    round is still the open one when the decision is written."""
    from uprreport.rounds import respond

    wrong = respond.problem(decision, reason)
    if wrong:
        return Answer(False, problem=wrong)
    with _register(project) as conn:
        if conn is None:
            return Answer(False, closed=True)
        with store.transaction(conn):   # the round is read again where the decision is written
            row = conn.execute("SELECT round FROM comments WHERE id = ?", (number,)).fetchone()
            current = store.current_round(conn)
            if row is None or current is None or current["n"] != row["round"]:
                return Answer(False, closed=True)
            changed = respond.record(conn, row["round"], number, respond.normal(decision), reason.strip(), by)
    return Answer(True, changed=changed)


def outputs(project: Path) -> tuple[Path, list[str]]:
    """The build folder and the Word and PDF files in it."""
    folder = Path(project) / "build"
    return folder, sorted(p.name for p in folder.glob("*") if p.suffix in (".docx", ".pdf") and p.is_file())


def round_files(project: Path, n: int) -> tuple[Path, list[str]]:
    """Round ``n``'s folder and the documents in it (review copy, form, matrix, drafts)."""
    from uprreport.rounds.review_copy import round_folder

    folder = round_folder(Path(project), n)
    return folder, sorted(p.name for p in folder.glob("*") if p.suffix in (".docx", ".xlsx", ".pdf") and p.is_file())


# --- e-mail (docs/email.md, "The consultation") ----------------------------------------------

def _mail_done(msg, sent) -> None:
    """What became of a message the web application sent: in the server's log."""
    import logging

    log = logging.getLogger("uprreport")
    if sent.ok:
        log.info("e-mail sent: %s", msg["Subject"])
    else:
        log.warning("e-mail '%s' not sent: %s", msg["Subject"], sent.reason)


class Mail:
    """The consultation's e-mail from one web application: the receipt of a comment and the
    answer to it, to a sender who gave an address, and the notices to the bodies comments are
    routed to (rounds/notify.py). Messages go out through a ``mailing.Outbox`` (a thread of its
    own): the pages never wait for the mail server, and nothing here fails a comment or an
    answer (a message that cannot be made is left in the server's log)."""

    def __init__(self, project: Path, server, language, title: str = "", done=None, window: float | None = None):
        from uprreport import mailing
        from uprreport.rounds import notify

        self.project, self.server, self.t, self.title = Path(project), server, language, title
        self.outbox = mailing.Outbox(server, done=done or _mail_done)
        self.digest = notify.Digest(self._tell_owner, notify.WINDOW if window is None else window)

    def comment_sent(self, number: int, receipt_url: str, manage_url: str) -> None:
        """A comment was registered: its receipt to its sender (with an address), a notice to
        the body it is routed to (with a contact)."""
        from uprreport.rounds import notify

        try:
            with _register(self.project) as conn:
                c = None if conn is None else notify.commenter(conn, number)
                where = None if conn is None else notify.routed(conn, number)
            if c is not None:
                self.outbox.put(notify.confirmation(self.server, self.t, c, receipt_url))
            if where is not None:
                self.digest.add(where[0], (number, where[1], manage_url))
        except Exception:    # noqa: BLE001 - mail never fails a comment
            _mail_failed(number)

    def answered(self, number: int, receipt_url: str) -> bool:
        """Comment ``number`` got a decision (a new one, or a new reason): the answer to its
        sender, if the sender gave an address; whether a message was queued."""
        from uprreport.rounds import notify

        try:
            with _register(self.project) as conn:
                c = None if conn is None else notify.commenter(conn, number)
            if c is not None and c.decision:
                self.outbox.put(notify.answered(self.server, self.t, c, receipt_url))
                return True
        except Exception:    # noqa: BLE001 - mail never fails an answer
            _mail_failed(number)
        return False

    def _tell_owner(self, owner: str, items: list) -> None:
        from uprreport.rounds import notify

        try:
            to = notify.contact(self.project, owner)
            if to is not None:
                self.outbox.put(notify.owner_notice(self.server, to, owner, self.title, items))
        except Exception:    # noqa: BLE001 - a notice is never worth a failed page
            _mail_failed(items[0][0] if items else 0)

    def wait(self, timeout: float = 30) -> bool:
        """Until every message queued so far is sent or given up (tests; stopping)."""
        return self.outbox.wait(timeout)


def _mail_failed(number: int) -> None:
    import logging

    logging.getLogger("uprreport").exception("the e-mail about comment %s could not be made", number)


def mail(project: Path, server, language, title: str = "", done=None) -> Mail | None:
    """The consultation's e-mail for a web application, or None without a mail server."""
    return None if server is None else Mail(project, server, language, title, done)


def decide(project: Path, number: int, decision: str, reason: str, by: str) -> bool:
    """Record one decision as ``uprreport round respond --comment`` does (rounds/respond.py);
    whether it changed the comment's decision or reason (False: it was already so)."""
    from uprreport.rounds import respond

    return respond.decide(Path(project), number, decision, reason, by)


def notify_answers(project: Path, server, numbers: list[int], public_url: str | None = None) -> list[tuple[int, bool, str]]:
    """Send now the answers to comments ``numbers`` to their senders who gave an address (the
    command line: no outbox); a link to each receipt when ``public_url`` (where the consultation
    is served) is given. (comment, sent?, why not) for each message; the mail server that cannot
    be reached is said, not raised: the decisions stay recorded."""
    from uprreport import i18n, mailing
    from uprreport.errors import UprError
    from uprreport.rounds import notify

    if server is None or not numbers:
        return []
    t = i18n.Language(facts(project).language)
    key = _receipt_key(Path(project), public_url) if public_url else ""
    todo = []
    with _register(project) as conn:
        for n in numbers:
            c = None if conn is None else notify.commenter(conn, n)
            if c is not None and c.decision:
                url = f"{public_url.rstrip('/')}/receipt/{n}?t={receipt_token(key, n)}" if public_url else None
                todo.append((n, notify.answered(server, t, c, url)))
    if not todo:
        return []
    try:
        sent = mailing.send(server, [m for _n, m in todo])
    except UprError as exc:
        return [(n, False, str(exc)) for n, _m in todo]
    return [(n, s.ok, s.reason) for (n, _m), s in zip(todo, sent)]


def _receipt_key(project: Path, public_url: str) -> str:
    """The key the receipts of ``project`` are signed with where ``public_url`` serves them: a
    workspace's (``…/p/<project>/consultation``, api/workspace.py's key, only read here) or the
    project's own."""
    from urllib.parse import urlsplit

    project = Path(project).resolve()
    kept = project.parent / accounts.WORKSPACE_FOLDER / "web-secret"      # api.workspace.SECRET_FILE
    if f"/p/{project.name}/consultation" in urlsplit(public_url).path and kept.is_file():
        key = kept.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    return secret_key(project)


# --- the public page ---------------------------------------------------------------------------

@dataclass(frozen=True)
class About:
    """What the page /about says of the consultation: report.yaml's ``consultation:`` texts (None:
    the page's default text in the report's language) and who runs it."""

    organiser: str          # report.yaml's consultation.organiser, else its author, else the State
    state: str              # the State under review
    about: str | None       # in place of the default paragraphs on the UPR
    privacy: str | None     # in place of the default privacy notice
    contact: str | None     # whom to write to (the author's e-mail when none is given)


def about(project: Path) -> About:
    """The consultation's own words, as report.yaml gives them now."""
    from uprreport.readers.project import read_manifest

    manifest, _pos, _diags = read_manifest(Path(project))
    if manifest is None:
        raise UsageError(f"{project} has no readable report.yaml", hint="run `uprreport validate` on it first")
    c, author = manifest.consultation, manifest.author
    organiser = c.organiser or (author.name if author is not None else "") or manifest.state
    return About(organiser, manifest.state, c.about or None, c.privacy or None,
                 c.contact or (author.email if author is not None and author.email else None))


def comment_counts(project: Path, n: int) -> dict[str, int]:
    """How many comments each paragraph of round ``n`` received in it, as the public may count
    them: comments hidden or flagged as spam by a coordinator, and those carried from an
    earlier round, are not counted."""
    with _register(project) as conn:
        if conn is None:
            return {}
        return {r[0]: r[1] for r in conn.execute(
            "SELECT c.pid, COUNT(*) FROM comments c LEFT JOIN publication p ON p.comment = c.id "
            "WHERE c.round = ? AND c.pid IS NOT NULL AND c.carried_from IS NULL "
            "AND COALESCE(p.hidden, 0) = 0 AND COALESCE(p.spam, 0) = 0 GROUP BY c.pid", (n,))}


@dataclass(frozen=True)
class Heading:
    """A heading of a draft, for its contents: its anchor on the page (``sec-<key>``), label,
    text and level (1: a chapter)."""

    key: str
    label: str
    text: str
    level: int


def contents(project: Path, n: int, depth: int = 2) -> list[Heading]:
    """The headings of round ``n``'s frozen draft down to ``depth``, in order (none for a round
    opened before the tree was kept)."""
    from uprreport.rounds.review_copy import load_tree

    tree = load_tree(Path(project), n)
    if tree is None:
        return []
    out: list[Heading] = []

    def walk(sections, level: int) -> None:
        for s in sections:
            out.append(Heading(s.key, s.label or "", s.heading, level))
            if level < depth:
                walk(s.children, level + 1)

    walk(tree[0].body, 1)
    return out


from uprreport.rounds.attachments import MAX_FILES, MAX_SIZE as MAX_FILE_SIZE  # noqa: E402 - files with a comment

MAX_SEARCH = 200        # characters of a search
MAX_FOUND = 200         # paragraphs a search shows


def folded(text: str) -> str:
    """``text`` for matching: case folded and without accents or other marks (é → e, ё → е,
    Arabic vowel marks dropped), in Unicode's compatibility form (ﬁ → fi)."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()


def search_words(query: str) -> list[str]:
    """The words of a search as typed (cut at MAX_SEARCH characters, at most 10, folded): each
    is looked for as it is, never as a pattern."""
    return [folded(w) for w in clean(query or "")[:MAX_SEARCH].split()][:10]


def search(project: Path, n: int, query: str, index: list[tuple[dict, str]] | None = None) -> list[dict]:
    """The paragraphs of round ``n`` holding every word of ``query`` (case and accents aside),
    in the draft's order (pid, number, text), at most MAX_FOUND. ``index``: the round's
    ``search_index``, when the caller keeps it (a round's paragraphs never change)."""
    words = search_words(query)
    if not words:
        return []
    found = []
    for row, text in search_index(project, n) if index is None else index:
        if all(w in text for w in words):
            found.append(dict(row))
            if len(found) >= MAX_FOUND:
                break
    return found


def search_index(project: Path, n: int) -> list[tuple[dict, str]]:
    """Round ``n``'s paragraphs in the draft's order, each (pid, number, text) with its text
    folded for matching (``folded``): made once for a round, its paragraphs frozen when it
    opened (folding every paragraph was most of a search's cost)."""
    with _register(project) as conn:
        rows = [] if conn is None else conn.execute(
            "SELECT pid, number, text FROM paragraphs WHERE round = ? ORDER BY seq", (n,)).fetchall()
    return [(dict(r), folded(r["text"])) for r in rows]


def attach(project: Path, files: list[tuple[Path, str]]):
    """The files sent with a comment (``(path, name as sent)``) through the gate
    (rounds/attachments.py) and kept in rounds/files/, for ``send``; ``attachments.FileRefused``
    (a ``Refused``) names the first refused and why, and nothing is kept."""
    from uprreport.rounds import attachments as files_

    passed = files_.check_all(files)
    files_.keep(Path(project), passed)
    return passed


def attachments(project: Path, number: int) -> list[dict]:
    """The files sent with comment ``number`` (n, name, sha, size, type, and ``label``: PDF,
    Word, OpenDocument), in the order given."""
    from uprreport.rounds import attachments as files_

    with _register(project) as conn:
        rows = [] if conn is None or not 0 < number < 2 ** 63 else files_.listed(conn, number)
    return [dict(r, label=files_.LABEL.get(r["type"], r["type"])) for r in rows]


def attachment_file(project: Path, number: int, n: int) -> tuple[Path, str, str] | None:
    """(where it is kept, its name as sent, its type) of file ``n`` of comment ``number``, for a
    signed-in person who may see the comment (never the public); None if there is none."""
    from uprreport.rounds import attachments as files_

    row = next((r for r in attachments(project, number) if r["n"] == n), None)
    path = None if row is None else files_.path_of(Path(project), row)
    return None if path is None else (path, row["name"], row["type"])


# --- coordinators' tools -----------------------------------------------------------------------
# The history of each comment and of the round, reassigning a comment, extending the deadline,
# similar comments in groups, answering many at once and a filtered list as CSV (docs/web.md).

def comment_history(project: Path, number: int) -> list:
    """Comment ``number``'s history (rounds/history.py ``Entry``: decisions, reassignments),
    oldest first, with that of the comments it was carried from."""
    from uprreport.rounds import history

    with _register(project) as conn:
        return [] if conn is None or not 0 < number < 2 ** 63 else history.of_comment(conn, number)


def round_history(project: Path, n: int) -> list:
    """Round ``n``'s own history (the extensions of its deadline), oldest first."""
    from uprreport.rounds import history

    with _register(project) as conn:
        return [] if conn is None else history.of_round(conn, n)


def owner_choices(project: Path) -> list[str]:
    """Whom a comment can be given to: the project's contribution folders, and the coordinator."""
    return sorted(facts(project).owners) + [store.COORDINATOR]


@dataclass(frozen=True)
class Reassigned:
    number: int
    old: str
    new: str
    changed: bool      # False: the comment was that owner's already, nothing written


def reassign(project: Path, number: int, owner: str, by: str, reason: str = "") -> Reassigned:
    """Give comment ``number`` of the open round to ``owner`` (a contribution folder, or
    store.COORDINATOR), with a row in its history; UsageError (nothing changed) for another
    owner, or a comment not in the open round."""
    from uprreport.rounds import history

    with _register(project) as conn:
        if conn is None:
            raise store.NoRegister(f"no comment round has been opened in {project} yet",
                                   hint=f"open one first: uprreport round open {project}")
        done = history.reassign(conn, number, owner, by, set(owner_choices(project)), reason)
    return Reassigned(number, *(done or (owner, owner)), changed=done is not None)


def extend(project: Path, deadline: dt.date, by: str, today: dt.date, reason: str = "") -> tuple[str, str]:
    """Move the open round's deadline to the later date ``deadline`` (history: a row without a
    comment); (old, new) as ISO dates. UsageError (nothing changed) when no round is open, or
    the date is not later than the deadline or has passed."""
    from uprreport.rounds import history

    with _register(project) as conn:
        if conn is None:
            raise store.NoRegister(f"no comment round has been opened in {project} yet",
                                   hint=f"open one first: uprreport round open {project}")
        return history.extend(conn, deadline, by, today, reason)


def tell_owner(mail: Mail | None, number: int, manage_url: str) -> bool:
    """Tell the body comment ``number`` is routed to now (a reassignment) by the notice of
    rounds/notify.py, through the web application's e-mail (at most one notice an hour, as for
    new comments); whether the body has a contact to tell."""
    from uprreport.rounds import notify

    if mail is None:
        return False
    with _register(mail.project) as conn:
        where = None if conn is None else notify.routed(conn, number)
    if where is None or notify.contact(mail.project, where[0]) is None:
        return False
    mail.digest.add(where[0], (number, where[1], manage_url))
    return True


def notify_owner(project: Path, server, number: int, public_url: str | None = None) -> tuple[bool, str]:
    """Send now the notice of comment ``number`` to the body it is routed to (the command line:
    no outbox); a link to the comment's page when ``public_url`` is given. (sent?, why not)."""
    from uprreport import mailing
    from uprreport.errors import UprError
    from uprreport.rounds import notify

    if server is None:
        return False, "no mail server given"
    with _register(project) as conn:
        where = None if conn is None else notify.routed(conn, number)
    to = None if where is None else notify.contact(project, where[0])
    if to is None:
        return False, "the body has no contact with an e-mail address in its contributor.yaml"
    url = f"{public_url.rstrip('/')}/manage/comments/{number}" if public_url else "(sign in to the coordinator pages)"
    try:
        (sent,) = mailing.send(server, [notify.owner_notice(server, to, where[0], facts(project).title,
                                                            [(number, where[1], url)])])
    except UprError as exc:
        return False, str(exc)
    return sent.ok, sent.reason


@dataclass(frozen=True)
class Grouped:
    """The similar comments of a round (rounds/grouping.py), with what they were grouped from."""

    round: int
    key: tuple             # the round, its number of comments and its highest comment number
    groups: object         # grouping.Groups


def comment_groups(project: Path, known: Grouped | None = None) -> Grouped | None:
    """The groups of similar comments in the latest round; ``known`` as it is when the round
    has the same comments as when it was made (comments are never edited, only added: their
    number and the highest id tell). None before the first round."""
    from uprreport.rounds import grouping

    with _register(project) as conn:
        row = None if conn is None else store.current_round(conn, open_only=False)
        if row is None:
            return None
        count, top = conn.execute("SELECT COUNT(*), MAX(id) FROM comments WHERE round = ?", (row["n"],)).fetchone()
        key = (row["n"], count, top)
        if known is not None and known.key == key:
            return known
        rows = conn.execute("SELECT id, pid, comment, proposed FROM comments WHERE round = ?", (row["n"],)).fetchall()
    return Grouped(row["n"], key, grouping.group(
        (r["id"], r["pid"] or "", f"{r['comment'] or ''}\n{r['proposed'] or ''}") for r in rows))


@dataclass(frozen=True)
class Filters:
    """What the comments list is narrowed to (every one optional)."""

    owner: str = ""
    state: str = ""
    paragraph: str = ""
    classification: str = ""
    kind: str = ""          # the source: web, word, form, email…
    search: str = ""        # words the comment, the wording proposed or the commenter hold
    group: int | None = None    # the comments in the group of this comment


def listing(project: Path, f: Filters, owners_of: str | None = None, grouped: Grouped | None = None
            ) -> tuple[Round | None, list[dict], list[str], list[str]]:
    """``comments`` with the filters of ``f`` (kind, words, a group besides), each row with its
    group (``group``, the group's first comment, and ``similar``, its size) from ``grouped``;
    and the owners and the sources to filter by."""
    row, rows, owners = comments(project, f.owner, f.state, f.paragraph, f.classification, owners_of)
    if row is None:
        return None, [], [], []
    with _register(project) as conn:
        kinds = [r[0] for r in conn.execute("SELECT DISTINCT kind FROM comments WHERE round = ? ORDER BY kind",
                                            (row.n,))]
    groups = grouped.groups if grouped is not None and grouped.round == row.n else None
    words = [w.casefold() for w in clean(f.search).split()][:10]
    out = []
    for r in rows:
        r["group"] = groups.of.get(r["id"]) if groups is not None else None
        r["similar"] = groups.size(r["id"]) if groups is not None else 0
        if f.kind and r["kind"] != f.kind or f.group is not None and r["group"] != f.group:
            continue
        if words:
            text = " ".join((r["comment"] or "", r["proposed"] or "", r["reviewer"] or "",
                             r["organisation"] or "")).casefold()
            if not all(w in text for w in words):
                continue
        out.append(r)
    return row, out, owners, kinds


@dataclass(frozen=True)
class Answers:
    """What became of one decision given to many comments: all recorded, or none."""

    changed: tuple[int, ...] = ()            # recorded, a new decision or reason
    unchanged: tuple[int, ...] = ()          # they had this decision and reason already
    problem: tuple[str, str] | None = None   # (the field at fault, what to do)
    refused: tuple[int, ...] = ()            # not there, or not the user's to answer
    closed: bool = False                     # their round is not the open one

    @property
    def recorded(self) -> bool:
        return bool(self.changed or self.unchanged)


MAX_MANY = 10_000    # comments answered at once


def answer_many(project: Path, numbers: list[int], decision: str, reason: str, user: User) -> Answers:
    """Give ``user``'s decision and reason to each of comments ``numbers``, each checked as one
    answer is (respond.problem: some decisions need a reason; the user may answer it: a focal
    point its body's only, a reviewer none), in one transaction: all are recorded, each with
    its history row, or none (a comment the user may not answer, or not in the open round)."""
    from uprreport.rounds import respond

    wrong = respond.problem(decision, reason)
    if wrong:
        return Answers(problem=wrong)
    numbers = sorted({n for n in numbers if 0 < n < 2 ** 63})
    if not numbers:
        return Answers(problem=("comments", "choose at least one comment"))
    if len(numbers) > MAX_MANY:
        return Answers(problem=("comments", f"choose at most {MAX_MANY:,} comments at once"))
    decision, reason = respond.normal(decision), reason.strip()
    with _register(project) as conn:
        if conn is None:
            return Answers(closed=True)
        with store.transaction(conn):   # the round is read again where the decisions are written
            current = store.current_round(conn)
            found = {}
            for at in range(0, len(numbers), 500):
                part = numbers[at:at + 500]
                found.update((r["id"], r) for r in conn.execute(
                    f"SELECT id, round, owner FROM comments WHERE id IN ({', '.join('?' * len(part))})", part))
            refused = tuple(n for n in numbers if n not in found or not user.may_answer(found[n]["owner"]))
            if refused:
                return Answers(refused=refused)
            if current is None or any(r["round"] != current["n"] for r in found.values()):
                return Answers(closed=True)
            changed, unchanged = [], []
            for n in numbers:
                (changed if respond.record(conn, current["n"], n, decision, reason, user.name) else unchanged).append(n)
    return Answers(tuple(changed), tuple(unchanged))


# an e-mail address wherever it is in a cell (a commenter whose e-mail gave no name is known by it)
ADDRESS = r"[^\s<>()\[\]{},;:\"']+@[^\s<>()\[\]{},;:\"']+\.[^\s<>()\[\]{},;:\"']+"


def comments_csv(project: Path, n: int, numbers: list[int], groups: dict[int, int] | None = None) -> bytes:
    """Comments ``numbers`` of round ``n``, in that order, as CSV for Excel: UTF-8 with a byte
    order mark, the response matrix's columns (rounds/close.py) with the owner and the group
    besides; a cell that would run as a formula begins with an apostrophe (writers/table.py),
    and e-mail addresses are left out, wherever they are (a commenter known by an address)."""
    import csv
    import io
    import re

    from uprreport.rounds.close import MATRIX_COLUMNS, matrix_rows
    from uprreport.writers.table import csv_safe

    with _register(project) as conn:
        rows = [] if conn is None else matrix_rows(conn, n)
        owners = {} if conn is None else {r[0]: r[1] for r in conn.execute(
            "SELECT id, owner FROM comments WHERE round = ?", (n,))}
    by_number = {r["no"]: r for r in rows}
    columns = [*MATRIX_COLUMNS, "owner", "group"]
    buf = io.StringIO(newline="")
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(columns)
    for number in numbers:
        r = by_number.get(number)
        if r is None:
            continue
        r = dict(r, owner=owners.get(number, ""), group=(groups or {}).get(number, ""))
        out.writerow([csv_safe(re.sub(ADDRESS, "(e-mail address left out)", clean(str(r.get(c, "") or ""))))
                      for c in columns])
    return "\ufeff".encode("utf-8") + buf.getvalue().encode("utf-8")


# --- a project's own accounts: password and two-step sign-in (serve PROJECT) --------------------

def change_password(project: Path, name: str, old: str, new: str) -> str:
    """The account's new stamp (its other sessions end); UsageError saying what is wrong."""
    with _register(project) as conn:
        if conn is None:
            raise UsageError("the present password is wrong; nothing was changed")
        return accounts.change_password(conn, name, old, new)


def two_step(project: Path, name: str) -> bool:
    """Whether ``name`` gives a code from its authenticator app after its password."""
    from uprreport.rounds import twofactor

    return twofactor.on(Path(project), name)


def sign_in_code(project: Path, name: str, stamp: str, code: str) -> tuple[User, str] | None:
    """The second step of signing in: (the account, its stamp) when ``code`` is right and the
    account stands as when its password was given; None if not; Locked after too many."""
    from uprreport.rounds import twofactor

    user = signed_in(project, name, stamp)
    if user is None or not twofactor.verify(Path(project), name, code):
        return None
    return user, stamp


def two_step_enrol(project: Path, name: str):
    """The secret (twofactor.Enrolment) ``name``'s app is to take, not yet in force."""
    from uprreport.rounds import twofactor

    return twofactor.pending(Path(project), name) or twofactor.enrol(Path(project), name)


def two_step_pending(project: Path, name: str):
    from uprreport.rounds import twofactor

    return twofactor.pending(Path(project), name)


def two_step_qr(uri: str) -> str:
    from uprreport.rounds import twofactor

    return twofactor.qr_svg(uri)


def two_step_confirm(project: Path, name: str, code: str) -> str | None:
    """Put two-step sign-in in force when ``code`` is right: the account's new stamp, or None."""
    from uprreport.rounds import twofactor

    if not twofactor.confirm(Path(project), name, code):
        return None
    with _register(project) as conn:
        return accounts.project_stamp(conn, name)


def two_step_off(project: Path, name: str, password: str) -> str:
    """Turn two-step sign-in off, given the password: the account's new stamp."""
    from uprreport.rounds import twofactor

    with _register(project) as conn:
        if conn is None or accounts.check(conn, name, password) is None:
            raise UsageError("the password is wrong; two-step sign-in stays on")
    if not twofactor.turn_off(Path(project), name):
        raise UsageError(f"two-step sign-in is not on for '{name}'")
    with _register(project) as conn:
        return accounts.project_stamp(conn, name)
