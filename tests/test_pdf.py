"""PDF output through LibreOffice: marked, skipped where LibreOffice is absent."""

from __future__ import annotations

import re

import pytest

from conftest import SAMPLE
from docxxml import paragraph_texts
from uprreport import api
from uprreport.errors import UprError

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return api.build(SAMPLE, tmp_path_factory.mktemp("pdf"))


def _text(pdf) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def _squash(s: str) -> str:
    return re.sub(r"\W+", "", s)


def test_build_writes_docx_and_pdf(built):
    assert [p.suffix for p in built.outputs] == [".docx", ".pdf"]
    from pypdf import PdfReader

    pages = PdfReader(built.outputs[1]).pages
    assert 10 < len(pages) < 60
    # the first page is portrait A4, the last annex page landscape
    first, annex = pages[0].mediabox, pages[len(pages) - 2].mediabox
    assert round(float(first.width)) == 595 and round(float(first.height)) == 842
    assert float(annex.width) > float(annex.height)


def test_pdf_holds_every_fragment_paragraph_in_order(built, validated):
    text = _squash(_text(built.outputs[1]))
    position = 0
    fragments = sorted((SAMPLE / "contributions").rglob("*.md"))
    doc = validated(SAMPLE).compiled.doc
    paras = [b for top in doc.body for s in top.walk() for b in s.blocks if getattr(b, "number", None)]
    assert len(paras) == built.paragraphs and fragments
    for p in paras:
        needle = _squash(p.plain())[:60]
        found = text.find(needle, position)
        assert found >= 0, f"paragraph {p.number} ({p.id}) missing or out of order"
        position = found


def test_notes_are_printed_before_the_annex_and_pages_run_on(built):
    from pypdf import PdfReader

    pages = PdfReader(built.outputs[1]).pages
    texts = [p.extract_text() for p in pages]
    annex_page = next(i for i, t in enumerate(texts) if "Matrix of recommendations" in t)
    note_page = next(i for i, t in enumerate(texts) if "National Institute of Public Health" in t)
    assert note_page < annex_page
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in pages[annex_page:])
    # page numbers continue into the annex: the footer of the annex's first page
    assert str(annex_page + 1) in texts[annex_page].split()


def test_table_of_contents_gives_the_pages_headings_are_on(sample_copy, tmp_path):
    from pypdf import PdfReader

    m = sample_copy / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + "toc: true\n", encoding="utf-8")
    result = api.build(sample_copy, tmp_path)
    texts = [p.extract_text() for p in PdfReader(result.outputs[1]).pages]
    toc = texts[0][texts[0].index("Contents"):]
    for title in ("Developments since the previous review", "Right to health",
                  "Matrix of recommendations and their implementation"):
        line = next(l for l in toc.splitlines() if title in l)
        page = int(re.search(r"(\d+)\s*$", line).group(1))
        # the heading itself is on that page (after the contents page)
        assert any(title in t for t in texts[page - 1:page]), f"{title}: contents says page {page}"
    # the Word file shows the same page numbers before anyone updates its fields
    word = {}
    for line in paragraph_texts(result.outputs[0]):
        m = re.match(r"^(?:[IVX]+\.|[A-Z]{1,2}\.|Annex)?\t?(.+?)\t(\d+)$", line)
        if m:
            word[m.group(1).strip()] = int(m.group(2))
    for title in ("Developments since the previous review", "Right to health",
                  "Matrix of recommendations and their implementation"):
        line = next(l for l in toc.splitlines() if title in l)
        assert word[next(k for k in word if title in k)] == int(re.search(r"(\d+)\s*$", line).group(1))


def test_page_limit_is_measured_on_the_pdf(tmp_path):
    root = tmp_path / "p"
    api.init(root, "national")
    long_text = "\n\n".join("This paragraph reports at length on the measures taken. " * 12 for _ in range(30))
    frag = root / "contributions" / "justice" / "justice.md"
    frag.write_text(frag.read_text(encoding="utf-8") + "\n" + long_text + "\n", encoding="utf-8")
    m = root / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + "limits:\n  pages: 2\n", encoding="utf-8")
    with pytest.raises(UprError) as exc:
        api.build(root, tmp_path / "out")
    over = next(d for d in exc.value.diagnostics if d.code == "over-page-limit")
    assert "more than the 2 allowed" in over.message and "Ministry of Justice" in over.message
    assert not (tmp_path / "out" / "p.pdf").exists()
    draft = api.build(root, tmp_path / "out", draft=True)
    assert draft.pages > 2 and any(d.code == "over-page-limit" for d in draft.report.warnings)
