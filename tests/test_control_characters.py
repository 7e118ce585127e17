"""A comment holding control characters (text pasted from a PDF: a form feed, an ANSI
colour code, every other C0 character) goes through a whole round: ingest, the response
worksheets, close, the response matrix and its Word annex. The files show it cleaned
(ooxml/chars.py, docs/text-safety.md); the register keeps it as it was sent."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3

import pytest

import ooxml_schema
from conftest import SAMPLE
from docxxml import W, part, text_of
from uprreport import api
from uprreport.ooxml import chars

C0 = "".join(chr(c) for c in range(0x20))
SENT = "Pasted from the PDF:\x0cpage two says \x1b[0mnothing\x1b[1m of the sort; " + C0 + " end of the comment."
PROPOSED = "Say\x0bwhat the\x0creport\x07 says."
CLEANED = chars.clean(SENT)
RECEIVED = dt.datetime(2024, 3, 28, 12, tzinfo=dt.timezone.utc)


def _as_excel_saves(text: str) -> str:
    """``text`` as Excel writes it into a workbook: each character XML cannot hold, and CR, as
    _xHHHH_ (ECMA-376 Part 1, 22.9.2.19 ST_Xstring; MS-OI29500 2.1.1747). Readers decode it."""
    return "".join(f"_x{ord(ch):04X}_" if ord(ch) < 0x20 and ch not in "\t\n" else ch for ch in text)


def _register(project):
    conn = sqlite3.connect(project / "rounds" / "register.sqlite")
    conn.row_factory = sqlite3.Row
    return conn


@pytest.fixture(scope="module")
def round_(tmp_path_factory):
    """The sample's round with one comment form carrying control characters, and the same
    text sent through the web page, exported for response and closed."""
    from openpyxl import load_workbook

    from uprreport.rounds import store, submit

    project = tmp_path_factory.mktemp("controls") / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    opened = api.round_open(project, today=dt.date(2024, 3, 3))

    form = project / "returned-form.xlsx"
    wb = load_workbook(opened.form)
    ws = wb["Comments"]
    header = [c.value for c in ws[1]]
    row = 2
    pid = ws.cell(row, header.index("paragraph_id") + 1).value
    ws.cell(row, header.index("comment") + 1).value = _as_excel_saves(SENT)
    ws.cell(row, header.index("proposed_wording") + 1).value = _as_excel_saves(PROPOSED)
    ws.cell(row, header.index("commenter") + 1).value = _as_excel_saves("A\x0cReviewer")
    ws.cell(row, header.index("organisation") + 1).value = "Rainbow Arcadia"
    wb.save(form)
    ingested = api.round_ingest(project, [form], received=RECEIVED)

    conn = store.connect(project)
    web = submit.submit(conn, "token-controls", SENT, paragraph=pid, name="Web\x1b[0m reviewer",
                        now=dt.datetime(2024, 3, 10, 9, tzinfo=dt.timezone.utc), today=dt.date(2024, 3, 10))
    conn.close()

    sheets = api.round_respond(project, export=True)
    closed = api.round_close(project, today=dt.date(2024, 4, 20))
    return project, ingested, web, sheets, closed


def test_the_register_keeps_the_comment_as_it_was_sent(round_):
    project, ingested, web, _sheets, _closed = round_
    assert ingested.comments == 1
    rows = _register(project).execute("SELECT id, comment, proposed, reviewer FROM comments ORDER BY id").fetchall()
    by_id = {r["id"]: r for r in rows}
    form = next(r for r in rows if r["id"] != web.number)
    assert form["comment"] == SENT                 # every C0 character, NUL included
    assert form["proposed"] == PROPOSED and form["reviewer"] == "A\x0cReviewer"
    from_web = by_id[web.number]["comment"]
    assert "\x0c" in from_web and "\x1b[0m" in from_web and "\x1b[1m" in from_web


def test_the_response_worksheets_show_it_cleaned(round_):
    from openpyxl import load_workbook

    *_, sheets, _closed = round_
    assert sheets.paths and not sheets.diagnostics
    comments = [c.value for path in sheets.paths for row in load_workbook(path)["Responses"].iter_rows(min_row=2)
                for c in row[6:7]]
    assert CLEANED in comments
    for path in sheets.paths:
        assert ooxml_schema.errors(path) == []


def test_close_writes_the_matrix_with_the_text_cleaned(round_):
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    *_, closed = round_
    assert not closed.diagnostics
    for path in (closed.matrix_xlsx, closed.matrix_docx, closed.next_draft):
        assert ooxml_schema.errors(path) == [], path.name
    ws = load_workbook(closed.matrix_xlsx).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    form = next(r for r in rows if r["commenter"] == "A\nReviewer")
    assert form["comment"] == CLEANED and form["proposed_wording"] == chars.clean(PROPOSED)
    assert CLEANED == ("Pasted from the PDF:\npage two says [0mnothing[1m of the sort; \t\n\n\n\n end of the comment.")
    sheet = CalamineWorkbook.from_path(str(closed.matrix_xlsx)).get_sheet_by_index(0).to_python()
    assert any(CLEANED in r for r in sheet)


def test_the_word_annex_shows_it_cleaned_with_line_breaks(round_):
    *_, closed = round_
    body = part(closed.matrix_docx, "word/document.xml")
    cells = [text_of(p) for tc in body.iter(f"{{{W}}}tc") for p in tc.iter(f"{{{W}}}p")]
    assert CLEANED in cells
    assert "Proposed: " + chars.clean(PROPOSED) in cells
    assert body.find(f".//{{{W}}}tc//{{{W}}}br[@{{{W}}}type='page']") is None
    from docx import Document

    Document(closed.matrix_docx)
    if closed.redline is not None:
        Document(closed.redline)


def test_a_po_file_for_translators_holds_the_paragraph_cleaned_and_its_translation_comes_back(tmp_path):
    """Pandoc keeps a form feed or ESC typed into a Markdown body; the PO file cannot hold them."""
    import re
    import subprocess

    from babel.messages.pofile import read_po, write_po

    from uprreport import translating

    project = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    frag = project / "contributions" / "justice" / "justice.md"
    _, head, body = frag.read_text(encoding="utf-8").split("---\n", 2)
    pasted = "Pasted\x0cfrom a PDF \x1b[0mwith\x07 controls" + C0.replace("\n", "").replace("\r", "") + " end."
    frag.write_text(f"---\n{head}---\n{pasted}\n\n{body}", encoding="utf-8")
    out = tmp_path / "for-translation.po"
    assert translating.export(project, "fr", out).paragraphs > 50
    raw = out.read_bytes().decode("utf-8")
    assert re.search("[\x00-\x08\x0b-\x1f]", raw) is None and "[0mwith controls" in raw
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(out)], capture_output=True, text=True)
        assert check.returncode == 0 and "escape sequence" not in check.stderr, check.stderr
    catalog = read_po(out.open("rb"))
    (entry,) = [m for m in catalog if m.context == "justice/justice/p1"]
    entry.string = "Collé d'un PDF : " + entry.id
    done = tmp_path / "done.po"
    with done.open("wb") as f:
        write_po(f, catalog, width=0)
    assert translating.import_(project, done).added == 1
    again = translating.export(project, "fr", tmp_path / "again.po")
    assert again.translated == 1 and again.stale == 0   # compared as the PO file holds it


def test_input_packs_and_approval_forms_take_text_pasted_from_a_pdf(sample_copy):
    """The packs and approval forms are written with python-docx, which refuses such text
    when it is set (lxml): a body's text with a form feed and an escape sequence still gives
    every body its form, the text cleaned."""
    import docx

    from uprreport import api

    fragment = sample_copy / "contributions" / "justice" / "framework.md"
    fragment.write_text(fragment.read_text(encoding="utf-8") + "\nPasted from a PDF:\x0c page two\x1b[0m.\n",
                        encoding="utf-8")
    written = api.request_approval(sample_copy, today=dt.date(2024, 6, 1))
    form = next(p for p in written if p.suffix == ".docx" and "justice" in p.parts)
    text = "\n".join(p.text for p in docx.Document(str(form)).paragraphs)
    assert "page two[0m." in text and "\x0c" not in text and "\x1b" not in text
    assert api.request(sample_copy, today=dt.date(2024, 6, 1)).packs


def test_control_characters_in_a_fragment_are_a_located_warning(sample_copy):
    """A form feed pasted from a PDF breaks the page mid-paragraph: never silently."""
    fragment = sample_copy / "contributions" / "justice" / "framework.md"
    fragment.write_text(fragment.read_text(encoding="utf-8") + "\nPasted:\x0c more\x1b[0m and\x07 this.\n",
                        encoding="utf-8")
    v = api.validate(sample_copy)
    (d,) = [d for d in v.report.sorted() if d.code == "pasted-control"]
    assert d.location.path == "contributions/justice/framework.md" and d.severity.value == "warning"
    assert "1 form feed (a page break in the report" in d.message and "2 other control characters" in d.message
    assert v.compiled is not None   # a warning: the report still builds
