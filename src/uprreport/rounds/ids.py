"""Paragraph ids that stay put across drafts, and the bookmarks that carry them in Word.

A paragraph's reading id is positional (``justice/justice/p3``: contribution, file,
ordinal). When a later draft is frozen, each paragraph keeps the stable id of the
paragraph it continues: the same text anywhere in the same contribution, else the same
position with similar text, else the most similar paragraph of the same contribution.
Paragraphs that continue none get new ids.
"""

from __future__ import annotations

import difflib
import hashlib

from uprreport.model.ids import renewed


def bookmark(pid: str) -> str:
    """A Word bookmark name for a paragraph id (letters, digits, underscores; < 40 chars)."""
    return "upr_" + hashlib.sha1(pid.encode("utf-8")).hexdigest()[:12]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def carry(previous: dict[str, tuple[str, str]], current: list[tuple[str, str, str]], round_n: int) -> dict[str, str]:
    """Map each current paragraph's position to a stable id.

    ``previous``: stable id -> (position, text) of the last frozen draft.
    ``current``: (position, owner, text) of the new draft, in order.
    """
    by_text: dict[str, str] = {}
    by_position: dict[str, str] = {}
    for pid, (position, text) in previous.items():
        by_text.setdefault(text, pid)
        by_position[position] = pid
    taken: set[str] = set()
    out: dict[str, str] = {}
    pending = []
    for position, owner, text in current:
        pid = by_text.get(text)
        if pid is None or pid in taken:
            same = by_position.get(position)
            pid = same if same and same not in taken and _ratio(previous[same][1], text) >= 0.6 else None
        if pid is None:
            pending.append((position, owner, text))
            continue
        taken.add(pid)
        out[position] = pid
    for position, owner, text in pending:
        prefix = position.split("/")[0] + "/"
        candidates = [(pid, t) for pid, (pos, t) in previous.items() if pid not in taken and pos.startswith(prefix)]
        best = max(candidates, key=lambda c: _ratio(c[1], text), default=None)
        if best is not None and _ratio(best[1], text) >= 0.75:
            taken.add(best[0])
            out[position] = best[0]
        else:
            pid = position if position not in previous and position not in out.values() else renewed(position, round_n)
            out[position] = pid
    return out
