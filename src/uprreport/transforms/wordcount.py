"""Count words the way the limits are applied, by section and by contributor.

Rule: a word is a run of characters between white space that holds at least one letter
or digit. So "A/HRC/47/11", "2,815", "non-discrimination" and "www.ohchr.org" are one
word each; a lone dash or bullet is none. This agrees with Word's count on ordinary
prose. Counted: headings and text of the body, including lists and tables, and the notes
where the kind's profile says so (``limits.counts: body+notes``). Never counted: the
cover and the annexes (OHCHR excludes the annexed matrix and the endnotes of national reports).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from uprreport.model.nodes import Document, Heading, ListBlock, NoteRef, Para, Run, Section, Table

_WORD = re.compile(r"\S+")
_HAS_ALNUM = re.compile(r"\w", re.UNICODE)


# Characters of scripts written without spaces between words (Han, Hiragana, Katakana,
# Hangul syllables): each counts as one word, as Microsoft Word counts them.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f]")


def count_words(text: str) -> int:
    """Words of ``text``: runs between spaces holding a letter or digit; in Chinese (and
    Japanese, Korean) text each character is a word, as Word counts (docs/limits.md)."""
    n = 0
    for tok in _WORD.findall(text):
        cjk = len(_CJK.findall(tok))
        if cjk:
            rest = _CJK.sub(" ", tok)
            n += cjk + sum(1 for part in rest.split() if _HAS_ALNUM.search(part))
        elif _HAS_ALNUM.search(tok):
            n += 1
    return n


@dataclass
class WordCount:
    counted: str = "cover, annexes and notes not counted"
    total: int = 0
    by_section: Counter = field(default_factory=Counter)
    by_contributor: Counter = field(default_factory=Counter)


def _para_text(p: Para) -> str:
    return "".join(r.text for r in p.inlines if isinstance(r, Run))


def _blocks(blocks, section_key: str, wc: WordCount, owner: str | None = None, notes: bool = False) -> None:
    for b in blocks:
        if isinstance(b, Para):
            n = count_words(_para_text(b))
            who = b.contributor or owner or "(generated)"
            if notes:
                for r in b.inlines:
                    if isinstance(r, NoteRef):
                        n += sum(count_words(_para_text(p)) for p in r.blocks if isinstance(p, Para))
        elif isinstance(b, Heading):
            n, who = count_words(b.text), "(headings)"
        elif isinstance(b, ListBlock):
            for item in b.items:
                _blocks(item, section_key, wc, b.contributor or owner, notes)
            continue
        elif isinstance(b, Table):
            for row in b.rows:
                for cell in row:
                    _blocks(cell.blocks, section_key, wc, b.contributor or owner, notes)
            continue
        else:
            continue
        wc.total += n
        wc.by_section[section_key] += n
        wc.by_contributor[who] += n


def count_blocks(blocks) -> int:
    """Words of loose blocks (a fragment's text), counted as in the report body."""
    wc = WordCount()
    _blocks(blocks, "", wc)
    return wc.total


def _section(s: Section, wc: WordCount, notes: bool) -> None:
    heading = count_words(f"{s.label or ''} {s.heading}")
    wc.total += heading
    wc.by_section[s.key] += heading
    wc.by_contributor["(headings)"] += heading
    _blocks(s.blocks, s.key, wc, notes=notes)
    for child in s.children:
        _section(child, wc, notes)


def count(doc: Document, notes: bool = False) -> WordCount:
    """Words of the body; the cover and annexes never count, the notes only if ``notes``."""
    wc = WordCount(counted="cover and annexes not counted" if notes else "cover, annexes and notes not counted")
    for s in doc.body:
        _section(s, wc, notes)
    return wc


def apply(doc: Document, ctx):
    """Count the body's words as the kind's limits count them (into ``ctx.words``)."""
    ctx.words = count(doc, notes=ctx.project.profile.limits.counts == "body+notes")
    if ctx.project.manifest.language == "zh":
        ctx.words.counted += "; each Chinese character counts as a word, as in Word"
    return ()
