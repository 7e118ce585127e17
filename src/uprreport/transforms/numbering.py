"""Number the document: chapter labels (I., A., 1. in the report's language: transforms/labels.py)
and continuous paragraph numbers."""

from __future__ import annotations

from uprreport import i18n
from uprreport.model.nodes import Document, Para, Section
from uprreport.transforms import labels


def _label(sections: list[Section], language: str) -> None:
    for i, s in enumerate(sections, 1):
        s.label = labels.section(s.level, i, language)
        _label(s.children, language)


def apply(doc: Document, ctx):
    """Label body sections (I., A., 1.; أولاً - ألف - 1- in Arabic; 一. A. 1. in Chinese) and
    annexes ("Annex", or "Annex I", "Annex II" when several), number the body's top-level
    paragraphs 1, 2, 3 ... (the count goes to ``ctx.paragraphs``) and tell the writers how
    the language prints a paragraph's number ("1." or "1-").

    Headings, list items, table cells and notes are not numbered, as in UN documents.
    """
    t = i18n.of(ctx.project)
    _label(doc.body, t.code)
    for i, annex in enumerate(doc.annexes, 1):   # "Annex", or "Annex I", "Annex II" when several
        annex.label = t("Annex") if len(doc.annexes) == 1 else t("Annex {number}",
                                                                  number=labels.annex_number(i, t.code))
    doc.meta.labels = {**doc.meta.labels, "paragraph": labels.paragraph(t.code)}
    n = 0
    for top in doc.body:
        for s in top.walk():
            for b in s.blocks:
                if isinstance(b, Para) and b.numbered:
                    n += 1
                    b.number = n
    ctx.paragraphs = n
    return ()
