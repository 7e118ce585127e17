"""Full builds of the sample (DOCX only here; the PDF tests need LibreOffice)."""

from __future__ import annotations

import re

import pytest
from docx import Document

from conftest import SAMPLE
from docxxml import NS, part, paragraph_texts, real_notes
from uprreport import api
from uprreport.errors import ToolMissing, UprError
from uprreport.transforms.annexes import MAX_ROWS


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = api.build(SAMPLE, out, pdf=False)
    return result, result.outputs[0]


def test_build_writes_one_docx_named_after_the_manifest(built):
    result, docx = built
    assert [p.name for p in result.outputs] == ["arcadia-national-report-2025.docx"]
    Document(docx)  # re-opens in python-docx


def test_cover_furniture_comes_from_the_manifest(built):
    texts = paragraph_texts(built[1])
    joined = "\n".join(texts[:30])
    for expected in ("A/HRC/WG.6/48/ARC/1", "General Assembly", "Distr.: General", "28 October 2024",
                     "Original: English", "Forty-eighth session", "Geneva, 20\u201331 January 2025",
                     "National report submitted pursuant to Human Rights Council resolutions 5/1 and 16/21",
                     "Republic of Arcadia"):
        assert expected in joined
    assert not any("{{" in t for t in texts)


def test_paragraphs_are_numbered_continuously(built):
    numbers = [int(m.group(1)) for t in paragraph_texts(built[1]) if (m := re.match(r"^(\d+)\.\t", t))]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == built[0].paragraphs > 40


def test_outline_headings_and_theme_subheadings(built):
    texts = paragraph_texts(built[1])
    assert "I.\tMethodology and consultation process" in texts
    theme = next(t for t in texts if t.startswith("A.\tInternational instruments"))
    assert re.search(r"\(Recommendations 140\.\d+(, 140\.\d+|\u2013140\.\d+)*\)$", theme)
    contributors = next(t for t in texts if "contributed text and implementation data" in t)
    assert "the Ministry of Health" in contributors


def test_every_footnote_of_every_fragment_becomes_an_endnote(built):
    markdown = sum(len(re.findall(r"^\[\^[^\]]+\]:", f.read_text(encoding="utf-8"), re.M))
                   for f in (SAMPLE / "contributions").rglob("*.md"))
    word = sum(len(real_notes(f, "footnote")) for f in (SAMPLE / "contributions").rglob("*.docx"))
    assert word > 0   # the sample has a Word fragment with a footnote
    expected = markdown + word
    notes = real_notes(built[1], "endnote")
    assert len(notes) == expected > 0
    body = part(built[1], "word/document.xml")
    assert len(body.findall(".//w:endnoteReference", NS)) == expected


def test_annex_matrix_has_every_recommendation_in_bounded_tables(built, validated):
    body = part(built[1], "word/document.xml")
    v = validated(SAMPLE)
    tables = body.findall(".//w:tbl", NS)
    matrix = [t for t in tables if "".join(t.find("w:tr", NS).itertext()).startswith("Recommendation")]
    rows = [tr for t in matrix for tr in t.findall("w:tr", NS)[1:]]
    assert len(rows) == len(v.project.recommendations)
    assert all(len(t.findall("w:tr", NS)) <= MAX_ROWS + 1 for t in matrix)
    assert all(t.find("w:tr/w:trPr/w:tblHeader", NS) is not None for t in matrix)
    ids = ["".join(tr.find("w:tc", NS).itertext()).split(" ")[0] for tr in rows]
    assert sorted(ids) == sorted(r.id for r in v.project.recommendations)


def test_annex_is_a_landscape_section(built):
    body = part(built[1], "word/document.xml")
    sects = body.findall(".//w:sectPr", NS)
    assert len(sects) == 2
    first, last = (s.find("w:pgSz", NS) for s in sects)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert int(first.get(w + "w")) < int(first.get(w + "h"))
    assert last.get(w + "orient") == "landscape"


def test_word_count_excludes_annex_and_notes(built):
    result = built[0]
    assert 1500 < result.words.total < result.word_limit == 10700
    assert sum(result.words.by_contributor.values()) == result.words.total


def test_failed_build_leaves_previous_outputs_intact(sample_copy, tmp_path):
    out = tmp_path / "out"
    api.build(sample_copy, out, pdf=False)
    before = (out / "arcadia-national-report-2025.docx").read_bytes()
    _bad = sample_copy / "contributions" / "justice" / "implementation.csv"
    _bad.write_text(_bad.read_text(encoding="utf-8") + "140.1,finished,,,,,,\n", encoding="utf-8")
    with pytest.raises(UprError) as exc:
        api.build(sample_copy, out, pdf=False)
    assert any(d.code == "status-invalid" for d in exc.value.diagnostics)
    assert (out / "arcadia-national-report-2025.docx").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["arcadia-national-report-2025.docx"]


def test_over_the_limit_fails_a_final_build_but_not_a_draft(sample_copy, tmp_path):
    m = sample_copy / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8").replace("words: 10700", "words: 1000"), encoding="utf-8")
    with pytest.raises(UprError) as exc:
        api.build(sample_copy, tmp_path, pdf=False)
    over = next(d for d in exc.value.diagnostics if d.code == "over-limit")
    assert "Ministry of Foreign Affairs" in over.message
    result = api.build(sample_copy, tmp_path, pdf=False, draft=True)
    assert any(d.code == "over-limit" for d in result.report.warnings)


def test_word_fragment_in_the_ministrys_own_style_is_body_text(built, validated):
    texts = paragraph_texts(built[1])
    assert any(t.endswith("access to a family doctor within 14 days.") or "family doctor within 14 days" in t
               for t in texts)
    v = validated(SAMPLE)
    assert not [d for d in v.report.items if d.code == "style-unknown"]


def test_text_with_xml_special_characters_survives(sample_copy, tmp_path):
    frag = sample_copy / "contributions" / "statistics" / "indicators.md"
    frag.write_text(frag.read_text(encoding="utf-8") + "\nR&D <draft> \"quoted\" & more.\n", encoding="utf-8")
    result = api.build(sample_copy, tmp_path, pdf=False)
    assert any("R&D <draft> \u201cquoted\u201d & more." in t or "R&D <draft> \"quoted\" & more." in t
               for t in paragraph_texts(result.outputs[0]))


# Not marked 'libreoffice': this must run where LibreOffice is absent too.
def test_missing_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("UPRREPORT_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ToolMissing) as exc:
        api.build(SAMPLE, tmp_path)
    assert "apt-get install" in exc.value.hint and "--no-pdf" in exc.value.hint
    assert list(tmp_path.iterdir()) == []   # nothing half-written


def test_outputs_get_the_users_normal_permissions(tmp_path):
    import os

    probe = tmp_path / "probe"
    probe.write_text("x")
    docx = api.build(SAMPLE, tmp_path / "out", pdf=False).outputs[0]
    if os.name == "posix":
        assert docx.stat().st_mode & 0o777 == probe.stat().st_mode & 0o777


def test_no_pdf_removes_an_earlier_pdf_that_would_no_longer_match(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = out / "arcadia-national-report-2025.pdf"
    old.write_bytes(b"%PDF-1.4 an earlier build")
    result = api.build(SAMPLE, out, pdf=False)
    assert not old.exists() and result.removed == [old]
    from click.testing import CliRunner

    from uprreport.cli import main

    old.write_bytes(b"%PDF-1.4 an earlier build")
    run = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(out), "--no-pdf"])
    assert run.exit_code == 0 and f"removed {old}" in run.output and "no longer matches" in run.output
