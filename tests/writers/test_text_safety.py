"""Text that XML cannot hold (C0 controls, U+FFFE, U+FFFF, lone surrogates) is cleaned at the
writers' boundary, in one function (ooxml/chars.py), and never stops a file being written.
See docs/text-safety.md."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser

import pytest
import yaml
from lxml import etree

import ooxml_schema
from docxxml import NS, W, part, real_notes, text_of
from uprreport import resources
from uprreport.diagnostics import Report
from uprreport.model.nodes import (Cell, Chart, Document, DocumentMeta, Heading, ListBlock, NoteRef, Para, Rows, Run,
                                   Section, Table)
from uprreport.ooxml import chars
from uprreport.ooxml import write as ox
from uprreport.writers import docx as docx_writer
from uprreport.writers import html, table

C0 = "".join(chr(c) for c in range(0x20))
NONCHARS = "\ufffe\uffff"
LONE = "\ud800"
EVERYTHING = "a" + C0 + "b" + NONCHARS + "c" + LONE + "d"
# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What XML cannot hold and what clean also takes out: CR (which XML parsers read as LF)
UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


# the function --------------------------------------------------------------------------

@pytest.mark.parametrize("code", range(0x20))
def test_each_c0_character_is_cleaned_as_word_reads_it(code):
    ch = chr(code)
    expected = {0x09: "\t", 0x0A: "\n", 0x0B: "\n", 0x0C: "\n", 0x0D: "\n"}.get(code, "")
    assert chars.clean(f"x{ch}y") == f"x{expected}y"
    paged = "\f" if code == 0x0C else expected   # the caller makes it a page break
    assert chars.clean(f"x{ch}y", pages=True) == f"x{paged}y"


def test_noncharacters_are_dropped_and_surrogates_replaced_or_joined():
    assert chars.clean("a\ufffeb\uffffc") == "abc"
    assert chars.clean("a\ud800b") == "a\ufffdb"
    assert chars.clean("\udfff") == "\ufffd"
    assert chars.clean("a\ud83d\ude00b") == "a\U0001F600b"   # a pair split in two is the character again
    assert chars.clean("\r\nx\ry") == "\nx\ny"                # CR LF is one line break, not two
    assert chars.encodable("a\x0c\x00\ud800\ufffe") == "a\x0c\x00\ufffd\ufffe"   # only what UTF-8 cannot write


def test_clean_text_is_returned_unchanged_and_the_result_is_always_xml():
    text = "Ordinary text, ünïcödé, 中文, العربية, \U0001F600, tab\there\nand a line"
    assert chars.clean(text) is text
    for code in list(range(0x20)) + [0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFE, 0xFFFF, 0xFFFD, 0x85, 0x7F]:
        for pages in (False, True):
            out = chars.clean(f"x{chr(code)}y", pages)
            assert not NOT_XML.search(out.replace("\f", "")) and "\r" not in out
            assert UNCLEAN.search(out.replace("\f", "") if pages else out) is None


def test_deep_cleans_the_strings_inside_lists_and_dicts_only():
    import datetime as dt

    value = {"a\x0c": ["x\x1b", ("y\x00", 3)], "n": 1, "d": dt.date(2024, 1, 1), "none": None}
    assert chars.deep(value) == {"a\n": ["x", ("y", 3)], "n": 1, "d": dt.date(2024, 1, 1), "none": None}


def test_runs_make_line_and_page_breaks_of_vertical_tabs_and_form_feeds():
    assert ox.t("a\x0bb") == '<w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t>'
    assert ox.t("a\x0cb") == '<w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t>'
    assert ox.t("a\x0cb", pages=True) == ('<w:t xml:space="preserve">a</w:t><w:br w:type="page"/>'
                                          '<w:t xml:space="preserve">b</w:t>')
    assert ox.t("\x1b[0mred & \x07bell") == '<w:t xml:space="preserve">[0mred &amp; bell</w:t>'
    assert ox.text('"\x00<\x0c>') == "&quot;&lt;\n&gt;"


# (a) a register row to every table format -----------------------------------------------

COLUMNS = ["no", "text", "themes", "status"]


def _row() -> dict:
    return {"no": 1, "text": EVERYTHING, "themes": ["x\x0cy", "z\x1b"], "status": "=SUM(A1)\x07"}


@pytest.mark.parametrize("ext", [".xlsx", ".csv", ".yaml", ".json"])
def test_a_register_row_with_every_control_character_is_written(tmp_path, ext):
    out = tmp_path / f"register{ext}"
    assert table.write(out, COLUMNS, [_row()]) == []
    assert out.stat().st_size > 0
    if ext == ".xlsx":
        return   # read back below
    raw = out.read_bytes().decode("utf-8")
    if ext == ".csv":
        assert UNCLEAN.search(raw) is None
        (row,) = list(csv.DictReader(io.StringIO(raw, newline="")))
        assert row["text"] == "a\t\n\n\n\nb" + "c\ufffdd"
        assert row["themes"] == "x\ny; z"
        assert row["status"] == "'=SUM(A1)"   # still formula-safe after cleaning
    elif ext == ".json":
        (row,) = json.loads(raw)
        assert row["text"] == "a" + C0 + "b" + NONCHARS + "c\ufffdd"   # kept, escaped; the lone half replaced
        assert "\\f" in raw and "\\u001b" in raw
    elif ext == ".yaml":
        (row,) = yaml.safe_load(raw)
        assert row["text"] == "a" + C0 + "b" + NONCHARS + "c\ufffdd"
        assert row["themes"] == ["x\x0cy", "z\x1b"]


def test_the_xlsx_reads_back_cleaned_with_openpyxl_and_calamine(tmp_path):
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    out = tmp_path / "register.xlsx"
    table.write_xlsx(out, COLUMNS, [_row()], sheet="Reg\x0cister", properties={"pack\x00": "id\x1b1"},
                     choices={"status": ["open", "clo\x07sed"]}, instructions=("Read\x0b me", ["Line\x0c one"]))
    assert ooxml_schema.errors(out) == []
    cleaned = "a\t\n\n\n\nb" + "c\ufffdd"   # TAB, LF kept; VT, FF, CR (and LF) as line breaks; the rest dropped
    wb = load_workbook(out)
    assert wb.sheetnames == ["Read me", "Reg ister"]   # a sheet's name on one line
    ws = wb["Reg ister"]
    assert [c.value for c in ws[2]] == [1, cleaned, "x\ny; z", "=SUM(A1)"]
    assert ws["D2"].data_type == "s"          # text, not a formula
    assert wb["Read me"]["A1"].value == "Line\n one"
    assert [p.value for p in wb.custom_doc_props.props] == ["id1"]
    calamine = CalamineWorkbook.from_path(str(out))
    assert calamine.get_sheet_by_name("Reg ister").to_python()[1][:2] == [1, cleaned]
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                assert NOT_XML.search(z.read(name).decode("utf-8")) is None, name


# (b) a document tree to Word ------------------------------------------------------------

CTX = {"symbol": "A/HRC/WG.6/1/XYZ/1\x0c", "date": "1 January\x0b2025", "original": "English",
       "session_ordinal": "First", "session_when": "Geneva\x1b[0m", "title": "The \x0ctitle\x00" + LONE,
       "state": "S\x07", "council": "Council", "united_nations": "United Nations", "working_group": "WG",
       "general_assembly": "GA", "distribution": "General", "original_line": "Original: English",
       "session_line": "First session\ufffe"}


def _tree() -> Document:
    note = NoteRef([Para([Run("A note\x0cwith" + C0 + "controls"), Run(" linked", link="https://example.org/\x1bx")])])
    cell = lambda text: Cell([Para([Run(text)], numbered=False)])  # noqa: E731
    body = [
        Para([Run("Before\x0cafter the page" + C0 + "end" + NONCHARS + LONE), note], id="p1", number=1),
        Heading("A heading\x0c\x1b[1m", 2),
        ListBlock(False, [[Para([Run("item\x0b\x08one")], numbered=False)]]),
        Table([[cell("head\x0c"), cell("er\x1b")], [cell("cell\x0cbreak"), cell("x" + C0 + "y")]], header_rows=1),
        Para([Chart(["cat\x0c1", "cat\x1b2"], [("series\x00", "#336699", [1, 2])], "count\x0c", "c.png",
                    alt="chart\x0b alt")], numbered=False),
    ]
    annex = Section("annex.m", "Matrix\x0c", 1, label="Annex\x1b",
                    blocks=[Rows(["No\x0c", "Text"], [[[[("1\x07", 1)]], [[("row\x0ctext" + C0, 0)]]]])])
    return Document(DocumentMeta(fields=CTX), body=[Section("A", "Section\x0c one\x1b", 1, blocks=body, label="I.")],
                    annexes=[annex])


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx") / "controls.docx"
    docx_writer.write(_tree(), resources.templates_dir() / "national.docx", out, Report())
    return out


def test_a_tree_full_of_control_characters_writes_a_valid_word_file(written):
    from docx import Document as Docx

    assert ooxml_schema.errors(written) == []
    Docx(written)
    with zipfile.ZipFile(written) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                assert NOT_XML.search(z.read(name).decode("utf-8")) is None, name


def test_its_text_reads_back_cleaned_with_breaks_where_word_puts_them(written):
    body = part(written, "word/document.xml")
    texts = [text_of(p) for p in body.iter(f"{{{W}}}p")]
    # running text: the form feed a page break, inside the paragraph; the rest dropped
    para = next(p for p in body.iter(f"{{{W}}}p") if "Before" in text_of(p))
    assert para.find(".//w:br[@w:type='page']", NS) is not None
    assert "1.\tBefore\nafter the page\t\n\n\n\nend\ufffd" in texts
    assert "A heading\n[1m" in texts                                   # a heading: a line break, no page
    assert "I.\tSection\n one" in texts
    assert "item\none" in texts
    cells = {text_of(p) for tc in body.iter(f"{{{W}}}tc") for p in tc.iter(f"{{{W}}}p")}
    assert {"head\n", "er", "cell\nbreak", "x\t\n\n\n\ny", "No\n", "1", "row\ntext\t\n\n\n\n"} <= cells
    for tc in body.iter(f"{{{W}}}tc"):
        assert tc.find(".//w:br[@w:type='page']", NS) is None          # no page break in a cell
    assert "Annex\nMatrix\n" in texts
    (note,) = real_notes(written, "endnote")
    assert "A note" in note and "with" in note and "controls linked" in note
    notes = part(written, "word/endnotes.xml")
    assert notes.find(".//w:br[@w:type='page']", NS) is None            # no page break in a note
    with zipfile.ZipFile(written) as z:
        rels = z.read("word/_rels/endnotes.xml.rels").decode()
    assert "https://example.org/x" in rels
    picture = body.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert picture.get("descr") == "chart\n alt"


def test_the_cover_fields_and_properties_are_cleaned(written):
    from docx import Document as Docx

    d = Docx(written)
    texts = [p.text for p in d.paragraphs]
    assert any("The \ntitle\ufffd" in t for t in texts)
    assert any("Geneva[0m" in t for t in texts)
    header = part(written, "word/header1.xml")
    assert "A/HRC/WG.6/1/XYZ/1\n" in "".join(text_of(p) for p in header.iter(f"{{{W}}}p"))
    assert d.core_properties.title == "The \ntitle\ufffd"
    assert d.core_properties.subject == "A/HRC/WG.6/1/XYZ/1\n"


def test_the_printed_copy_for_the_pdf_is_valid_too(tmp_path):
    """The copy the PDF is made from prints the notes after the text (writers/pdf.py)."""
    out = tmp_path / "printed.docx"
    docx_writer.write(_tree(), resources.templates_dir() / "national.docx", out, Report(),
                      docx_writer.Options(part="printed"))
    assert ooxml_schema.errors(out) == []
    body = part(out, "word/document.xml")
    assert any("A note\nwith" in text_of(p) for p in body.iter(f"{{{W}}}p"))


# (c) the same tree as HTML ---------------------------------------------------------------

class _Strict(HTMLParser):
    """Collects the text; fails on a start tag left open at the end."""

    VOID = {"br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_the_same_tree_as_html_is_well_formed_and_clean():
    doc = _tree()
    out = html.body(doc, stable={"p1": "stable1"}, comment_link=lambda pid, n: f'<a href="#c-{pid}">comment</a>',
                    notes_heading="Notes\x0c", note_label="Note\x1b")
    assert UNCLEAN.search(out) is None and "\r" not in out
    etree.fromstring(f"<div>{out}</div>")            # well-formed (an XML parser accepts it)
    parser = _Strict()
    parser.feed(out)
    parser.close()
    assert parser.open == []
    text = "".join(parser.text)
    assert "Before" in text and "after the page\t" in text and "A heading\n[1m" in text
    assert "Before<br/>after the page" in out and "cell<br/>break" in out
    assert "A note<br/>with" in out and "Note " in text


def test_html_keeps_markdown_line_breaks_as_the_word_file_does():
    doc = Document(body=[Section("A", "S", 1, blocks=[Para([Run("one\ntwo & <three>")], id="p", number=1)])])
    out = html.body(doc)
    assert "one<br/>two &amp; &lt;three&gt;" in out


@pytest.mark.libreoffice
def test_libreoffice_opens_it_and_breaks_the_page_at_the_form_feed(written, tmp_path):
    from pypdf import PdfReader

    from uprreport.libreoffice import convert

    pdf = tmp_path / "controls.pdf"
    convert(written, pdf)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    before = next(i for i, p in enumerate(pages) if "Before" in p)
    assert "after the page" not in pages[before] and "after the page" in pages[before + 1]
