"""Number the document: chapter labels (I., A., 1.) and continuous paragraph numbers."""

from __future__ import annotations

from uprreport import i18n
from uprreport.model.nodes import Document, Para, Section

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


_LABELS = {1: roman, 2: letter, 3: str}


def _label(sections: list[Section]) -> None:
    for i, s in enumerate(sections, 1):
        fmt = _LABELS.get(s.level)
        s.label = f"{fmt(i)}." if fmt else None
        _label(s.children)


def apply(doc: Document, ctx):
    """Label body sections (I., A., 1.) and annexes ("Annex", or "Annex I", "Annex II"), and
    number the body's top-level paragraphs 1, 2, 3 ... (the count goes to ``ctx.paragraphs``).

    Headings, list items, table cells and notes are not numbered, as in UN documents.
    """
    _label(doc.body)
    t = i18n.of(ctx.project)
    for i, annex in enumerate(doc.annexes, 1):   # "Annex", or "Annex I", "Annex II" when several
        annex.label = t("Annex") if len(doc.annexes) == 1 else t("Annex {number}", number=roman(i))
    n = 0
    for top in doc.body:
        for s in top.walk():
            for b in s.blocks:
                if isinstance(b, Para) and b.numbered:
                    n += 1
                    b.number = n
    ctx.paragraphs = n
    return ()
