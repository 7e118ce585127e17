"""Write the report's PDF from its document tree (through LibreOffice) and count its pages.

With endnotes, the text is converted from a copy whose notes are printed after the text
under a short rule, as in issued UN documents (LibreOffice would put them on a page of
their own after the last annex), and the annexes from a second file whose page numbers
continue the text's; the two PDFs are joined. See docs/toolchain.md.
"""

from __future__ import annotations

from pathlib import Path

from uprreport.diagnostics import Report
from uprreport.model.nodes import Document
from uprreport.writers import docx as docx_writer
from uprreport.writers import libreoffice


def write(doc: Document, template: Path, docx: Path, pdf: Path) -> int:
    """Write ``pdf`` for ``doc`` (``docx`` is its Word file, already written) and return the
    number of pages of its text: from the first heading's page to the end of the text
    (cover, contents and annexes not counted)."""
    if doc.meta.notes != "endnote":
        libreoffice.convert(docx, pdf)
        return text_pages(pdf, doc)
    work = docx.parent
    body_docx, annex_docx = work / "_text.docx", work / "_annexes.docx"
    body_pdf, annex_pdf = body_docx.with_suffix(".pdf"), annex_docx.with_suffix(".pdf")
    marks = {s.key: mark for s, mark in docx_writer.toc_entries(doc)} if doc.meta.toc else {}
    annex_marks = [marks[a.key] for a in doc.annexes if a.key in marks]

    def text(pages: dict) -> int:
        docx_writer.write(doc, template, body_docx, Report(), docx_writer.Options(part="body", toc_pages=pages))
        libreoffice.convert(body_docx, body_pdf)
        return libreoffice.page_count(body_pdf)

    def annexes(first: int) -> dict:
        docx_writer.write(doc, template, annex_docx, Report(), docx_writer.Options(part="annexes", first_page=first))
        libreoffice.convert(annex_docx, annex_pdf)
        starts = [page for _title, page in libreoffice.outline(annex_pdf)]
        return {mark: str(first + page) for mark, page in zip(annex_marks, starts)}

    # The text's contents list the annexes, whose pages are known only once the text is
    # laid out: the text with placeholders, the annexes, then the text again with their
    # pages (and the annexes again only if that changed the text's length).
    pages = text({mark: "00" for mark in annex_marks})
    if not doc.annexes:
        body_pdf.replace(pdf)
        return text_pages(pdf, None)
    annex_pages = annexes(pages + 1)
    if annex_marks:
        again = text(annex_pages)
        if again != pages:
            text(annexes(again + 1))
    libreoffice.merge([body_pdf, annex_pdf], pdf)
    return text_pages(body_pdf, None)


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
