"""Every real Word file read as a fragment: notes, tables, list items, images and links
of the source are all in the built report. Counts come from the package XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from uprreport import api
from uprreport.readers.docx import inspect

pytestmark = pytest.mark.realdata


def _xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8") if part in z.namelist() else ""


def _notes(xml: str, kind: str) -> int:
    return len(re.findall(rf'<w:{kind} (?![^>]*w:type="(?:separator|continuationSeparator|continuationNotice)")', xml))


def counts(path: Path) -> dict:
    body = _xml(path, "word/document.xml")
    return {
        "notes": _notes(_xml(path, "word/footnotes.xml"), "footnote") + _notes(_xml(path, "word/endnotes.xml"), "endnote"),
        "tables": body.count("<w:tbl>"),
        "images": body.count("<w:drawing>"),
        "links": len(re.findall(r"<w:hyperlink [^>]*r:id=", body)),
    }


def list_items(path: Path) -> int:
    """Paragraphs that Word numbers or bullets (a w:numPr that is not numId 0) and that hold
    text once tracked changes are accepted (w:t, not w:delText): empty items carry nothing."""
    body = _xml(path, "word/document.xml")
    paras = re.findall(r"<w:p[ >].*?</w:p>", body, re.S)
    return sum(1 for p in paras if "<w:numPr>" in p and '<w:numId w:val="0"/>' not in p
               and "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)).strip()
               and "Heading" not in (re.search(r'<w:pStyle w:val="([^"]+)"', p) or [None, ""])[1])


@pytest.fixture
def project(tmp_path):
    api.init(tmp_path / "p", "national")
    return tmp_path / "p"


def _build(project: Path, out: Path) -> Path:
    return api.build(project, out, pdf=False).outputs[0]


FILES = sorted((Path(__file__).resolve().parents[3] / "shared" / "realdata" / "docx").glob("*.docx"))


@pytest.mark.parametrize("source", FILES, ids=[f.name for f in FILES])
def test_word_fragment_keeps_notes_tables_lists_images_links(project, tmp_path, source):
    baseline = _build(project, tmp_path / "base")
    folder = project / "contributions" / "justice"
    (folder / source.name).write_bytes(source.read_bytes())
    (folder / (source.stem + ".yaml")).write_text('section: D\ntheme: justice\nrecommendations: ["140.2"]\n')
    built = _build(project, tmp_path / "with")

    src, before, after = counts(source), counts(baseline), counts(built)
    out_notes = _notes(_xml(built, "word/endnotes.xml"), "endnote") - _notes(_xml(baseline, "word/endnotes.xml"), "endnote")
    assert out_notes == src["notes"]
    assert after["tables"] - before["tables"] == src["tables"]
    assert after["images"] - before["images"] == src["images"]
    # a link written as a HYPERLINK field in the source is a w:hyperlink in the report: at least as many
    assert after["links"] - before["links"] >= src["links"]
    added_items = _list_paragraphs(built) - _list_paragraphs(baseline)
    assert added_items == list_items(source)


def _list_paragraphs(path: Path) -> int:
    body = _xml(path, "word/document.xml")
    return len(re.findall(r'<w:pStyle w:val="List(?:Bullet|Number)"/><w:numPr><w:ilvl w:val="\d+"/>', body)) + \
        len(re.findall(r'<w:pStyle w:val="List(?:Bullet|Number)"/><w:ind ', body))


def test_revisions_and_comments_are_counted_from_the_xml(realdata):
    d = realdata / "docx"
    assert inspect(d / "poi__delins.docx").revisions == {"insertion": 32, "deletion": 4, "formatting change": 46}
    assert inspect(d / "docx2python__comments.docx").comments == 8
    assert inspect(d / "poi__comment_libreoffice.docx").comments == 1
    assert not inspect(d / "docx2python__example.docx").revisions


def test_tracked_changes_can_be_refused(project, realdata):
    folder = project / "contributions" / "justice"
    (folder / "delins.docx").write_bytes((realdata / "docx" / "poi__delins.docx").read_bytes())
    (folder / "delins.yaml").write_text("section: D\ntheme: justice\n")
    m = project / "report.yaml"
    m.write_text(m.read_text() + "tracked_changes: refuse\n")
    v = api.validate(project)
    err = next(d for d in v.report.errors if d.code == "fragment-revisions")
    assert err.location.path == "contributions/justice/delins.docx" and "32 insertions" in err.message


@pytest.mark.libreoffice
def test_all_word_fragments_together_build_to_pdf(project, tmp_path, realdata):
    from docx import Document
    from pypdf import PdfReader

    folder = project / "contributions" / "justice"
    for source in FILES:
        (folder / source.name).write_bytes(source.read_bytes())
        (folder / (source.stem + ".yaml")).write_text("section: D\ntheme: justice\n")
    result = api.build(project, tmp_path)
    docx, pdf = result.outputs
    Document(docx)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Tika" in text and "Rich_text_in_cell" in text.replace("\n", "")
