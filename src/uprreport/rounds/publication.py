"""What of a comment is published with the answers (the table ``publication``, whose schema
rounds/store.py owns; docs/store.md, "Publication").

- A name and an organisation are published only when their sender agreed: a web comment's
  own box ("my name may be published"), or a coordinator recording that the sender of a Word
  copy, a form or an e-mail agreed. Without a row, nothing but the comment is published.
- A coordinator may hide a comment from publication (the reason is kept), flag it as spam
  (hidden too), or publish a text with personal data taken out: the comment as sent stays in
  ``comments`` (the register, the response matrix, the sender's receipt), the redacted text
  is what the public pages show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Publication:
    name_consent: bool = False
    hidden: bool = False
    reason: str = ""
    spam: bool = False
    comment_text: str | None = None     # None: published as sent
    proposed_text: str | None = None
    by: str = ""
    at: str = ""

    @property
    def published(self) -> bool:
        return not (self.hidden or self.spam)

    @property
    def redacted(self) -> bool:
        return self.comment_text is not None or self.proposed_text is not None


def get(conn, number: int) -> Publication:
    row = conn.execute("SELECT * FROM publication WHERE comment = ?", (number,)).fetchone()
    if row is None:
        return Publication()
    return Publication(bool(row["name_consent"]), bool(row["hidden"]), row["reason"], bool(row["spam"]),
                       row["comment_text"], row["proposed_text"], row["by"], row["at"])


def consent(conn, number: int, yes: bool) -> None:
    """Record whether comment ``number``'s sender agreed to have the name published (inside the
    caller's transaction)."""
    conn.execute("INSERT INTO publication (comment, name_consent) VALUES (?, ?) "
                 "ON CONFLICT (comment) DO UPDATE SET name_consent = excluded.name_consent", (number, int(yes)))


def moderate(conn, number: int, p: Publication, by: str) -> None:
    """Set what is published of comment ``number`` (inside the caller's transaction)."""
    at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    conn.execute("INSERT INTO publication (comment, name_consent, hidden, reason, spam, comment_text, proposed_text, "
                 "by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (comment) DO UPDATE SET "
                 "name_consent = excluded.name_consent, hidden = excluded.hidden, reason = excluded.reason, "
                 "spam = excluded.spam, comment_text = excluded.comment_text, "
                 "proposed_text = excluded.proposed_text, by = excluded.by, at = excluded.at",
                 (number, int(p.name_consent), int(p.hidden), p.reason, int(p.spam), p.comment_text,
                  p.proposed_text, by, at))


def published(conn, n: int, rows: list[dict]) -> list[dict]:
    """Round ``n``'s response matrix (``rows``: rounds/close.py's ``matrix_rows``) as the public
    may read it: hidden and spam comments left out, redacted texts in place of the sent ones,
    names only where their senders agreed."""
    marks = {r["comment"]: r for r in conn.execute(
        "SELECT p.* FROM publication p JOIN comments c ON c.id = p.comment WHERE c.round = ?", (n,))}
    out = []
    for row in rows:
        m = marks.get(row["no"])
        if m is not None and (m["hidden"] or m["spam"]):
            continue
        consented = m is not None and bool(m["name_consent"])
        row = dict(row, commenter=row["commenter"] if consented else "",
                   organisation=row["organisation"] if consented else "")
        if m is not None and m["comment_text"] is not None:
            row["comment"] = m["comment_text"]
        if m is not None and m["proposed_text"] is not None:
            row["proposed_wording"] = m["proposed_text"]
        out.append(row)
    return out
