"""Classify a comment as editorial, substantive or critical, when the reviewer did not.

Editorial: a proposed wording that changes little of the paragraph (typos, style) or a
comment about wording. Critical: the comment says the text is wrong, misleading or
leaves out something essential. Otherwise substantive. The owner can reclassify.
"""

from __future__ import annotations

import difflib
import re

CRITICAL = re.compile(r"\b(incorrect|inaccurate|wrong|false|untrue|mislead\w*|omit\w*|omission|contradict\w*|"
                      r"not true|violat\w*|must be (?:removed|deleted|corrected)|factually|unacceptable)\b", re.I)
EDITORIAL = re.compile(r"\b(typo\w*|spelling|grammar|punctuation|wording|word order|format\w*|capitali[sz]\w*|"
                       r"rephrase|editorial|style|comma)\b", re.I)


QUOTED = re.compile(r"\u201c[^\u201d]*\u201d")


# the summaries round ingest writes of a returned copy's changes (rounds/ingest.py)
GENERATED = re.compile(r"^(?:Tracked changes(?: in (?:foot|end)note \d+)?|Untracked changes): ")


def classify(comment: str, proposed: str = "", paragraph: str = "") -> str:
    """The words a generated summary of changes quotes (the words a change inserts or deletes:
    deleting "false" says nothing about the text being false) are not read; a reviewer's own
    comment is read whole, quotes too (Word makes typed quotes curly)."""
    comment = comment or ""
    if GENERATED.match(comment):
        comment = QUOTED.sub("", comment)
    if CRITICAL.search(comment):
        return "critical"
    if proposed and paragraph:
        if difflib.SequenceMatcher(None, paragraph, proposed, autojunk=False).ratio() >= 0.9:
            return "editorial"
    if EDITORIAL.search(comment):
        return "editorial"
    return "substantive"
