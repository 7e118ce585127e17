"""Write the report's PDF from its document tree (through LibreOffice) and count its pages.

With endnotes, the PDF is made from a copy whose notes are printed after the text under a
short rule, as in issued UN documents (LibreOffice would put them on a page of their own
after the last annex); the copy holds text, notes and annexes and is converted once, the
contents' page numbers (the annexes' too) being fields LibreOffice computes as it lays the
pages out. See docs/toolchain.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Report
from uprreport.model.nodes import Document
from uprreport.ooxml.chars import clean
from uprreport.writers import docx as docx_writer
from uprreport import libreoffice


@dataclass
class Written:
    pages: int                    # pages of text (cover, contents and annexes not counted)
    contents: dict[str, str] = field(default_factory=dict)   # contents bookmark -> page as printed


def write(doc: Document, template: Path, docx: Path, pdf: Path) -> Written:
    """Write ``pdf`` for ``doc`` (``docx`` is its Word file, already written), in one
    LibreOffice conversion. Returns the pages of its text, counted from the first heading's
    page to the end of the text, and the page of every heading the contents list (so the
    Word file can show them too)."""
    if doc.meta.notes != "endnote":
        libreoffice.convert(docx, pdf, document=docx.name)
        return Written(text_pages(pdf, doc), _contents(doc, pdf, doc.body, doc.annexes))
    # the notes printed after the text, then the annexes, in one file; the contents' pages,
    # the annexes' too, are PAGEREF fields LibreOffice computes as it lays the pages out
    printed = docx.parent / "_printed.docx"
    docx_writer.write(doc, template, printed, Report(), docx_writer.Options(part="printed"))
    libreoffice.convert(printed, pdf, document=docx.name)
    return Written(text_pages(pdf, doc), _contents(doc, pdf, doc.body, doc.annexes))


def _squash(text: str) -> str:
    """A title as the PDF's bookmark has it: cleaned as the Word file was (an ESC in a heading
    is not in the bookmark), spaces squashed."""
    return " ".join(clean(text).split()).lower()


def _contents(doc: Document, pdf: Path, body, annexes) -> dict[str, str]:
    """The printed page of each heading of the contents found in ``pdf``'s bookmarks (which
    LibreOffice makes from the headings), matched by their titles in reading order."""
    if not doc.meta.toc:
        return {}
    wanted = {s.key for top in list(body) + list(annexes) for s in (top, *top.children)}
    items = libreoffice.outline(pdf, nested=True)
    out, at = {}, 0
    for section, mark in docx_writer.toc_entries(doc):
        if section.key not in wanted:
            continue
        title = _squash(section.title)[:40]
        found = next((k for k in range(at, len(items)) if title in _squash(items[k][0])), None)
        if found is not None:
            out[mark] = str(items[found][1] + 1)   # pages are numbered from the first, 1
            at = found + 1
    return out


def text_pages(pdf: Path, doc: Document | None) -> int:
    """Pages from the first heading's page to the end of the text, read from the PDF's
    bookmarks (one per Heading 1: contents and cover have none). When ``doc`` is given the
    PDF holds its annexes too, and the text ends where the first annex begins."""
    marks = libreoffice.outline(pdf)
    total = libreoffice.page_count(pdf)
    if not marks:
        return total
    start = marks[0][1]
    end = total
    if doc is not None and doc.annexes:
        n = len(doc.body)
        end = marks[n][1] if len(marks) > n else total
    return max(end - start, 1)
