"""A comment typed on the public consultation page, into the same register as returned Word
copies and forms: source ``web``, anchored by the paragraph id the page sent (no quote
matching), classified and routed to the paragraph's owner like any other comment.

Each submission carries a one-time token from the page it was typed on; sending the same
token again (a double click, a browser resending after a lost answer) returns the first
receipt and adds nothing. The e-mail address, which is never published, is kept apart
from the comment, in ``web_submissions`` (rounds/store.py owns the schema).

Whether the round is open is read in the transaction that adds the comment, which waits for
a closing in progress: a comment is either in the closed round's response matrix, or
refused with ``ConsultationClosed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from uprreport import mailing
from uprreport.errors import UsageError
from uprreport.i18n import N_
from uprreport.rounds import store
from uprreport.rounds.classify import classify

WEB = "web"              # file_sha and kind of every comment that came through the web page
MAX_COMMENT = 10_000     # characters in a comment or a proposed wording
MAX_FIELD = 200          # characters in a name, organisation or e-mail address
TYPES = (N_("editorial"), N_("substantive"), N_("critical"))

class Refused(UsageError):
    """The comment cannot be taken; ``field`` names the form field at fault (or ''), ``limit``
    the most characters it takes when it was too long."""

    def __init__(self, message: str, field: str = "", limit: int | None = None):
        super().__init__(message)
        self.field = field
        self.limit = limit


class ConsultationClosed(Refused):
    """The round is closed, or its deadline has passed: the comment was not taken."""

    def __init__(self):
        super().__init__("the consultation has closed; comments can no longer be sent")


@dataclass
class Receipt:
    number: int          # the comment's number in the register (and in the response matrix)
    round: int
    token: str
    repeated: bool       # this token had been sent before: nothing was added


def consultation(conn, today: dt.date | None = None):
    """(round row, open for comments?) of the latest round, or (None, False)."""
    row = store.current_round(conn, open_only=False)
    if row is None:
        return None, False
    today = today or dt.date.today()
    return row, row["closed"] is None and today <= dt.date.fromisoformat(row["deadline"])


def _clean(text: str | None, limit: int, name: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if len(text) > limit:
        raise Refused(f"the {name} is {len(text):,} characters long; the most this page takes is {limit:,}",
                      name.replace(" ", "_"), limit)
    return text


def submit(conn, token: str, comment: str, paragraph: str | None = None, proposed: str = "",
           kind: str = "", name: str = "", organisation: str = "", email: str = "",
           lead: str = store.COORDINATOR, now: dt.datetime | None = None, today: dt.date | None = None,
           name_consent: bool = False, files=()) -> Receipt:
    """Register one comment in the open round (one transaction). ``lead``: who answers the
    comments on the whole draft and on the coordinator's own paragraphs (as ingest routes
    them: the lead contribution). ``today``: the date the deadline is judged by (default: now's).
    ``name_consent``: the sender agreed to have the name and organisation published.
    ``files``: the files sent with it that passed the gate (rounds/attachments.py, already
    kept in rounds/files/), listed under the comment in ``attachments``."""
    from uprreport.rounds import publication

    now = now or dt.datetime.now(dt.timezone.utc)
    comment = _clean(comment, MAX_COMMENT, "comment")
    proposed = _clean(proposed, MAX_COMMENT, "proposed wording")
    name, organisation, email = (_clean(name, MAX_FIELD, "name"), _clean(organisation, MAX_FIELD, "organisation"),
                                 _clean(email, MAX_FIELD, "email"))
    if not comment and not proposed:
        raise Refused("the comment is empty; write your comment, or a wording you propose", "comment")
    if kind and kind not in TYPES:
        raise Refused(f"'{kind}' is not a type of comment; choose {', '.join(TYPES)}", "type")
    if email and not mailing.valid_address(email):   # one an e-mail can go to (rounds/notify.py)
        raise Refused("this does not look like an e-mail address; correct it or leave the field empty", "email")
    with store.transaction(conn):
        known = conn.execute("SELECT round, comment FROM web_submissions WHERE token = ?", (token,)).fetchone()
        if known:
            return Receipt(known["comment"], known["round"], token, True)
        row, is_open = consultation(conn, today or now.date())
        if not is_open:
            raise ConsultationClosed()
        n = row["n"]
        text = ""
        if paragraph:
            para = conn.execute("SELECT owner, text FROM paragraphs WHERE round = ? AND pid = ?",
                                (n, paragraph)).fetchone()
            if para is None:
                raise Refused(f"paragraph {paragraph} is not in the draft under consultation", "paragraph")
            owner, text = para["owner"], para["text"]
        else:
            owner = store.COORDINATOR
        if owner == store.COORDINATOR:
            owner = lead
        cur = conn.execute(
            "INSERT INTO comments (round, file_sha, source_ref, kind, pid, anchor, quote, comment, proposed, reviewer,"
            " organisation, date, classification, owner, late) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, 0)",
            (n, WEB, token, WEB, paragraph or None, "paragraph-id" if paragraph else "none", comment, proposed,
             name, organisation, now.date().isoformat(), kind or classify(comment, proposed, text), owner))
        number = cur.lastrowid
        conn.execute("INSERT INTO web_submissions (token, round, comment, email, received) VALUES (?, ?, ?, ?, ?)",
                     (token, n, number, email, now.isoformat(timespec="seconds")))
        publication.consent(conn, number, name_consent)
        for k, f in enumerate(files, 1):
            conn.execute("INSERT INTO attachments (comment, n, name, sha, size, type) VALUES (?, ?, ?, ?, ?, ?)",
                         (number, k, f.name, f.sha, f.size, f.type))
    return Receipt(number, n, token, False)


def receipt(conn, token: str):
    """The comment registered under ``token`` (its row), or None."""
    return conn.execute("SELECT c.*, p.number FROM web_submissions w JOIN comments c ON c.id = w.comment "
                        "LEFT JOIN paragraphs p ON p.round = c.round AND p.pid = c.pid WHERE w.token = ?",
                        (token,)).fetchone()
