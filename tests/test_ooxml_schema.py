"""Every Word and Excel file uprreport writes validates against ECMA-376 (what Microsoft
Word checks before it offers to "repair" a file); see tests/data/ooxml-xsd/ORIGIN.md."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from lxml import etree

import ooxml_schema
from conftest import REALDATA, ROOT, SAMPLE
from uprreport import api
from uprreport.ooxml import write as ox

SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if (p / "report.yaml").is_file())
ROUND = ROOT / "samples" / "round-arcadia"
XSD = "{http://www.w3.org/2001/XMLSchema}"


def _sequence(name: str) -> list[str]:
    """The element names of complex type ``name`` of wml.xsd, in order (groups and base types
    expanded)."""
    root = etree.parse(str(ooxml_schema.SCHEMAS / "wml.xsd")).getroot()
    types = {e.get("name"): e for e in root if e.tag in (f"{XSD}complexType", f"{XSD}group")}
    out: list[str] = []

    def walk(node):
        for c in node:
            if c.tag == f"{XSD}element":
                out.append(c.get("name"))
            elif c.tag == f"{XSD}group":
                walk(types[c.get("ref").split(":")[-1]])
            elif c.tag == f"{XSD}extension":
                walk(types[c.get("base").split(":")[-1]])
                walk(c)
            elif c.tag in (f"{XSD}sequence", f"{XSD}choice", f"{XSD}complexContent"):
                walk(c)

    walk(types[name])
    return out


@pytest.mark.parametrize("tag, xsd_type", [("pPr", "CT_PPr"), ("rPr", "CT_RPr"), ("tblPr", "CT_TblPr"),
                                           ("tcPr", "CT_TcPr"), ("sectPr", "CT_SectPr"), ("pBdr", "CT_PBdr"),
                                           ("tblBorders", "CT_TblBorders")])
def test_the_writers_child_order_is_the_schemas(tag, xsd_type):
    assert list(ox.ORDER[tag]) == _sequence(xsd_type)


def test_the_check_finds_what_word_refuses(tmp_path):
    """The validator itself: a table whose tblLook comes first is an error."""
    from docx import Document

    d = Document()
    t = d.add_table(rows=1, cols=1)
    look = t._tbl.tblPr.find(ox.qn("w:tblLook"))
    t._tbl.tblPr.remove(look)
    t._tbl.tblPr.insert(0, look)
    d.save(tmp_path / "bad.docx")
    errors = ooxml_schema.errors(tmp_path / "bad.docx")
    assert any(e.startswith("word/document.xml") and "tblW': This element is not expected" in e for e in errors)
    # python-docx's own default settings lack the zoom percentage the schema requires
    assert any(e.startswith("word/settings.xml") and "percent" in e for e in errors)


@pytest.mark.parametrize("name", ["national.docx", "submission.docx"])
def test_shipped_templates_validate(name):
    assert ooxml_schema.errors(ROOT / "templates" / name) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_kinds_report_validates(sample, tmp_path):
    out = api.build(sample, tmp_path, pdf=False).outputs[0]
    assert ooxml_schema.errors(out) == []


@pytest.fixture(scope="module")
def closed_round(tmp_path_factory):
    """The sample comment round, run from review copy to the redlined next draft."""
    project = tmp_path_factory.mktemp("round") / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    api.round_open(project, today=dt.date(2024, 3, 3))
    api.round_ingest(project, sorted((ROUND / "returned").iterdir()),
                     received=dt.datetime(2024, 3, 28, 12, tzinfo=dt.timezone.utc))
    api.round_respond(project, export=True)
    api.round_respond(project, files=sorted((ROUND / "responses").glob("*.xlsx")))
    for src in (ROUND / "updated" / "contributions").iterdir():
        shutil.copytree(src, project / "contributions" / src.name, dirs_exist_ok=True)
    api.round_close(project, today=dt.date(2024, 4, 20))
    for what in ("register", "matrix", "impact"):
        api.export(project, what, project / "exports" / f"{what}.xlsx")
    api.export_assignments(project, project / "exports" / "assignments.xlsx")   # its lists on a hidden sheet
    return project


def test_round_outputs_and_exports_validate(closed_round):
    written = sorted((closed_round / "rounds" / "round-1").glob("*.*x")) + \
        sorted((closed_round / "exports").glob("*.xlsx"))
    kinds = {p.suffix for p in written}
    names = " ".join(p.name for p in written)
    assert kinds == {".docx", ".xlsx"} and "for-comment" in names and "redline" in names
    assert "comment-form" in names and "responses-" in names and "comment-response-matrix" in names
    bad = {p.name: ooxml_schema.errors(p) for p in written}
    assert {k: v for k, v in bad.items() if v} == {}


def _out_of_order_fragment(path: Path) -> None:
    """A Word file with run and paragraph properties out of the schema's order, as some
    LibreOffice exports and hand-edited files have them."""
    from docx import Document
    from docx.shared import Pt

    d = Document()
    p = d.add_paragraph()
    r = p.add_run("Bold, large and coloured words")
    r.bold, r.font.size = True, Pt(14)
    r.font.color.rgb = None
    p.paragraph_format.space_after = Pt(6)
    p.alignment = 1
    rpr = r._r.rPr
    for child in reversed(list(rpr)):   # reverse every property list
        rpr.remove(child)
        rpr.append(child)
    ppr = p._p.pPr
    for child in reversed(list(ppr)):
        ppr.remove(child)
        ppr.append(child)
    d.save(path)


def test_an_invalid_contributor_file_still_gives_a_valid_report(sample_copy, tmp_path):
    frag = sample_copy / "contributions" / "justice" / "odd.docx"
    _out_of_order_fragment(frag)
    assert ooxml_schema.errors(frag)   # the file given is itself invalid
    frag.with_suffix(".yaml").write_text("section: D\ntheme: justice\n", encoding="utf-8")
    out = api.build(sample_copy, tmp_path, pdf=False).outputs[0]
    assert ooxml_schema.errors(out) == []


@pytest.mark.realdata
def test_reports_carrying_every_real_word_file_validate(sample_copy, tmp_path):
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is absent")
    folder = sample_copy / "contributions" / "justice"
    for i, source in enumerate(sorted((REALDATA / "docx").glob("*.docx"))):
        (folder / source.name).write_bytes(source.read_bytes())
        (folder / f"{source.stem}.yaml").write_text(f"section: D\ntheme: justice\norder: {i}\n", encoding="utf-8")
    out = api.build(sample_copy, tmp_path, pdf=False).outputs[0]
    assert ooxml_schema.errors(out) == []


@pytest.mark.parametrize("sample", ["national-arcadia", "national-belvedere-fr", "midterm-qamar-ar"])
def test_input_packs_in_each_language_validate(sample, tmp_path):
    """The packs' workbooks and Word files, with their sheets, headers and texts in the report's
    language (an Arabic sheet name, French headers), are what Excel and Word accept."""
    project = tmp_path / sample
    shutil.copytree(ROOT / "samples" / sample, project, ignore=shutil.ignore_patterns("build", "requests"))
    done = api.request(project, dt.date(2026, 4, 1), dt.date(2026, 3, 1))
    written = [f for p in done.packs for f in (p.workbook, p.narrative)]
    assert written
    bad = {f.name: ooxml_schema.errors(f) for f in written}
    assert {k: v for k, v in bad.items() if v} == {}
