"""The consultation's e-mail (docs/email.md, "The consultation"): what a commenter who gave
an address is sent (the receipt of a comment sent on the web page, then the answer to it),
and what a contributing body is told when comments are routed to it.

The messages are built here, from the register; the web application queues them in its
``mailing.Outbox`` and the command line sends them itself. A commenter's address serves
these two messages and nothing else: without an address, nothing is sent. A commenter's
messages are in the report's language (the public pages' catalogs); a body's notice is in
English, like the coordinator's pages it points to.

A body is told at most once per ``Digest.window`` (an hour): the first comment routed to it
is told at once, those that follow within the hour go together in one notice at its end.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from uprreport import mailing
from uprreport.i18n import Language

WINDOW = 3600      # seconds: at most one notice to a body in this time


@dataclass(frozen=True)
class Commenter:
    """A web comment whose sender gave an address: what its messages say."""

    number: int
    email: str
    name: str
    pid: str | None
    paragraph: int | None       # the paragraph's number in its draft, if it has one
    comment: str
    proposed: str
    owner: str
    decision: str | None
    reason: str | None


def commenter(conn, number: int) -> Commenter | None:
    """Comment ``number`` and its sender's address, when it came through the web page with an
    address (in this round, or in an earlier one it was carried from, open or deferred); None
    otherwise: nothing is to be sent."""
    row = conn.execute("SELECT c.id, c.pid, c.comment, c.proposed, c.reviewer, c.owner, c.decision, c.reason, "
                       "c.carried_from, p.number FROM comments c "
                       "LEFT JOIN paragraphs p ON p.round = c.round AND p.pid = c.pid WHERE c.id = ?",
                       (number,)).fetchone()
    if row is None:
        return None
    sent, carried = row["id"], row["carried_from"]
    for _ in range(100):          # back to the comment as it was sent (carried round after round)
        if carried is None:
            break
        earlier = conn.execute("SELECT id, carried_from FROM comments WHERE id = ?", (carried,)).fetchone()
        if earlier is None:
            break
        sent, carried = earlier["id"], earlier["carried_from"]
    w = conn.execute("SELECT email FROM web_submissions WHERE comment = ?", (sent,)).fetchone()
    email = (w["email"] if w is not None else "") or ""
    if not mailing.valid_address(email.strip()):
        return None
    return Commenter(row["id"], email.strip(), row["reviewer"] or "", row["pid"], row["number"],
                     row["comment"] or "", row["proposed"] or "", row["owner"], row["decision"], row["reason"])


def routed(conn, number: int) -> tuple[str, str] | None:
    """(the owner, the paragraph as people name it) of comment ``number``, or None."""
    row = conn.execute("SELECT c.owner, c.pid, p.number FROM comments c LEFT JOIN paragraphs p "
                       "ON p.round = c.round AND p.pid = c.pid WHERE c.id = ?", (number,)).fetchone()
    if row is None:
        return None
    where = (f"paragraph {row['number']} ({row['pid']})" if row["number"] else
             f"paragraph {row['pid']}" if row["pid"] else "the whole draft")
    return row["owner"], where


def contact(project: Path, owner: str) -> tuple[str, str, str] | None:
    """(name, address) of the contact in ``contributions/<owner>/contributor.yaml`` and the
    body's name, or None when the body has none (or no such folder: the coordinator's own
    comments)."""
    from uprreport.model.contribution import Contributor
    from uprreport.readers import yamlfile

    if not owner or "/" in owner or "\\" in owner or owner.startswith("."):
        return None
    path = Path(project) / "contributions" / owner / "contributor.yaml"
    if not path.is_file():
        return None
    found, _pos, _diags = yamlfile.read_model(Contributor, path, owner)
    if found is None or found.contact is None or not mailing.valid_address((found.contact.email or "").strip()):
        return None
    return found.contact.name or found.name, found.contact.email.strip(), found.name


def _paragraph(t: Language, c: Commenter) -> str:
    if c.paragraph:
        return t.number(c.paragraph)
    return c.pid or t("the whole draft")


def _footer(t: Language) -> str:
    return t("You receive this message because you gave this address with your comment. It is used for "
             "nothing else: you get the receipt of your comment and the answer to it, nothing more.")


def confirmation(server: mailing.Server, t: Language, c: Commenter, receipt_url: str):
    """The receipt of a comment, to its sender."""
    lines = [t("Thank you for your comment on the draft report. It is registered under number {n}.", n=c.number),
             "", _field(t, t("Paragraph"), _paragraph(t, c))]
    if c.comment:
        lines += ["", _field(t, t("Your comment"), ""), c.comment]
    if c.proposed:
        lines += ["", _field(t, t("The wording you propose"), ""), c.proposed]
    lines += ["", t("Your receipt shows your comment and, once it is answered, the answer to it:"), receipt_url,
              "", "-- ", _footer(t)]
    return mailing.message(server, c.email, t("Comment {n} received", n=c.number), "\n".join(lines) + "\n",
                           to_name=c.name, language=t.code)


def answered(server: mailing.Server, t: Language, c: Commenter, receipt_url: str | None):
    """The answer to a comment (its decision and reason), to its sender."""
    lines = [t("Your comment {n} on the draft report has been answered.", n=c.number), "",
             _field(t, t("Paragraph"), _paragraph(t, c)),
             _field(t, t("Decision"), _capital(t(decision)) if (decision := c.decision) else "")]
    if c.reason:
        lines += [_field(t, t("Reason"), ""), c.reason]
    if c.comment:
        lines += ["", _field(t, t("Your comment"), ""), c.comment]
    lines += [""]
    if receipt_url:
        lines += [t("Your receipt shows your comment and the answer to it:"), receipt_url]
    else:
        lines += [t("The receipt page you were given when you sent it shows your comment and the answer to it.")]
    lines += ["", "-- ", _footer(t)]
    return mailing.message(server, c.email, t("Comment {n} answered", n=c.number), "\n".join(lines) + "\n",
                           to_name=c.name, language=t.code)


def _field(t: Language, label: str, value: str) -> str:
    """'Label: value', or 'Label:' before a text on the lines below, as the language writes
    them ('Paragraphe : 12')."""
    # NOTE: a label and its value on one line of an e-mail
    return t("{label}: {value}", label=label, value=value) if value else t("{label}:", label=label)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def owner_notice(server: mailing.Server, to: tuple[str, str, str], owner: str, title: str,
                 items: list[tuple[int, str, str]]):
    """The notice to body ``owner`` (``to``: its contact's name and address, the body's name)
    of the comments ``items`` (number, paragraph, the address of the comment's page) routed to it."""
    n, on = len(items), f" ({' '.join(title.split())})" if title.strip() else ""
    body = f"{Language('en').the(' '.join(to[2].split()))} ({owner})"
    head = (f"A comment on the draft report{on} has been routed to {body} for an answer:" if n == 1 else
            f"{n} comments on the draft report{on} have been routed to {body} for an answer:")
    lines = [head, ""]
    for number, where, url in items:
        lines += [f"- comment {number}, {where}: {url}"]
    lines += ["", "Sign in to answer each one (its decision, and the reason for it).", "", "-- ",
              f"uprreport tells the contact of {owner} (its contributor.yaml) of new comments: at once for the first, "
              "then at most one notice an hour."]
    subject = f"Comment {items[0][0]} to answer" if n == 1 else f"{n} comments to answer"
    return mailing.message(server, to[1], subject, "\n".join(lines) + "\n", to_name=to[0], language="en")


class Digest:
    """Notices to bodies, at most one per body per ``window`` seconds: ``add(owner, item)``
    sends at once when the body was told nothing within the window; otherwise the item waits,
    with the others that come, for one notice at the window's end (``send(owner, items)``).
    What waits is in memory: it is lost if the server process stops (docs/email.md)."""

    def __init__(self, send: Callable[[str, list], None], window: float = WINDOW, clock=time.monotonic):
        self.send = send
        self.window = window
        self.clock = clock
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._waiting: dict[str, list] = {}
        self._timers: dict[str, threading.Timer] = {}

    def add(self, owner: str, item) -> None:
        with self._lock:
            now = self.clock()
            last = self._last.get(owner)
            if owner not in self._waiting and (last is None or now - last >= self.window):
                self._last[owner] = now
            else:
                self._waiting.setdefault(owner, []).append(item)
                if owner not in self._timers:
                    timer = threading.Timer(max(0.0, (last or now) + self.window - now), self._flush, (owner,))
                    timer.daemon = True
                    self._timers[owner] = timer
                    timer.start()
                return
        self.send(owner, [item])

    def _flush(self, owner: str) -> None:
        with self._lock:
            self._timers.pop(owner, None)
            items = self._waiting.pop(owner, [])
            if items:
                self._last[owner] = self.clock()
        if items:
            self.send(owner, items)

    def flush(self) -> None:
        """Send what waits now (tests; a server stopping)."""
        with self._lock:
            owners = list(self._timers)
            for owner in owners:
                self._timers[owner].cancel()
        for owner in owners:
            self._flush(owner)
