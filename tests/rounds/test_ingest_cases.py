"""Returned copies as reviewers really send them: every change accounted for, nothing guessed,
nothing invented, a refused file named and the exit status saying so."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import sqlite3
import zipfile

import pytest

from conftest import SAMPLE
from uprreport import api
from uprreport.errors import UprError

RECEIVED = dt.datetime(2024, 3, 28, 12, tzinfo=dt.timezone.utc)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture
def opened(tmp_path):
    project = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    o = api.round_open(project, today=dt.date(2024, 3, 3))
    return project, o.review_copy


def _rows(project):
    from uprreport.rounds import store

    with store.opened(project) as conn:     # SQLite or PostgreSQL, as the test's backend is
        return conn.execute("SELECT * FROM comments ORDER BY id").fetchall()


def _edit_copy(review_copy, out, edit):
    """The review copy as the reviewer saves it after ``edit`` changed its document.xml text."""
    with zipfile.ZipFile(review_copy) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def _first_numbered_paragraph(xml: str) -> tuple[int, int]:
    """Start and end of the first numbered paragraph (its text starts '1.')."""
    for m in re.finditer(r"<w:p>.*?</w:p>", xml, re.S):
        if "<w:t>1.</w:t>" in m.group(0):
            return m.start(), m.end()
    raise AssertionError("no numbered paragraph")


def test_splits_joins_moves_and_formatting_are_all_registered(opened, tmp_path):
    project, copy = opened

    def edit(xml):
        a, b = _first_numbered_paragraph(xml)
        p = xml[a:b]
        # a paragraph mark inserted (the paragraph split), a formatting change, a move out
        assert "</w:pPr>" in p
        p = p.replace("</w:pPr>", '<w:rPr><w:ins w:id="901" w:author="R. Viewer" '
                      'w:date="2024-03-20T10:00:00Z"/></w:rPr></w:pPr>', 1)
        runs = list(re.finditer(r"<w:r>(?:(?!</w:r>).)*?<w:t[^>]*>[^<]{20,}</w:t></w:r>", p, re.S))
        run = runs[0].group(0)
        assert "<w:rPr>" not in run
        moved = run.replace("<w:r>", '<w:r><w:rPr><w:b/><w:rPrChange w:id="902" w:author="R. Viewer" '
                            'w:date="2024-03-20T10:01:00Z"><w:rPr/></w:rPrChange></w:rPr>', 1)
        p = p.replace(run, f'<w:moveFrom w:id="903" w:author="R. Viewer" w:date="2024-03-20T10:02:00Z">'
                      f'{moved}</w:moveFrom>', 1)
        return xml[:a] + p + xml[b:]

    returned = _edit_copy(copy, tmp_path / "viewer.docx", edit)
    got = api.round_ingest(project, [returned], received=RECEIVED)
    (row,) = [r for r in _rows(project) if r["kind"] == "proposal"]
    assert "splits the paragraph" in row["comment"] and "changes the formatting" in row["comment"]
    assert re.search(r"moves \u201c.+\u201d elsewhere", row["comment"]) and "inserts" not in row["comment"]
    assert got.tracked["split or join"] == 1 and got.tracked["formatting"] == 1 and got.tracked["move"] == 1
    assert row["date"] == "2024-03-20T10:02:00Z"


def test_a_change_without_a_date_gets_no_date(opened, tmp_path):
    project, copy = opened

    def edit(xml):
        a, b = _first_numbered_paragraph(xml)
        return xml[:b - len("</w:p>")] + '<w:ins w:id="990" w:author="No Date"><w:r><w:t> Added.</w:t></w:r>' \
            '</w:ins></w:p>' + xml[b:]

    api.round_ingest(project, [_edit_copy(copy, tmp_path / "nodate.docx", edit)], received=RECEIVED)
    (row,) = _rows(project)
    assert row["date"] is None and row["reviewer"] == "No Date" and "inserts \u201c Added.\u201d" in row["comment"]


def test_the_same_document_zipped_again_adds_nothing(opened, tmp_path):
    project, copy = opened

    def edit(xml):
        a, b = _first_numbered_paragraph(xml)
        return xml[:b - len("</w:p>")] + '<w:ins w:id="991" w:author="A" w:date="2024-03-20T10:00:00Z"><w:r>' \
            '<w:t> More.</w:t></w:r></w:ins></w:p>' + xml[b:]

    first = _edit_copy(copy, tmp_path / "a.docx", edit)
    again = tmp_path / "b.docx"   # the same parts, stored without compression and in another order
    with zipfile.ZipFile(first) as z, zipfile.ZipFile(again, "w", zipfile.ZIP_STORED) as out:
        for info in reversed(z.infolist()):
            out.writestr(info.filename, z.read(info))
    assert first.read_bytes() != again.read_bytes()
    api.round_ingest(project, [first], received=RECEIVED)
    second = api.round_ingest(project, [again], received=RECEIVED)
    assert second.comments == 0 and second.skipped == ["b.docx"] and len(_rows(project)) == 1


def _form(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Comments"
    ws.append(["paragraph_id", "paragraph_number", "section", "excerpt", "comment", "proposed_wording", "type",
               "commenter", "organisation", "email"])
    for r in rows:
        ws.append(r)
    wb.save(path)


def test_short_or_repeated_quotes_anchor_nowhere_and_are_named(opened, tmp_path):
    project, _copy = opened
    form = tmp_path / "form.xlsx"
    _form(form, [[None, None, None, "more", "Say more about this.", None, None, "A", "Org", None],
                 [None, None, None, "Ministry of Justice", "Which ministry?", None, None, "A", "Org", None],
                 [None, None, None, "the backlog of cases older than three years was reduced by 44 per cent",
                  "Give the number of cases.", None, None, "A", "Org", None]])
    got = api.round_ingest(project, [form], received=RECEIVED)
    rows = _rows(project)
    assert [r["anchor"] for r in rows] == ["none", "none", "quote"]
    assert rows[2]["owner"] == "justice" and rows[0]["pid"] is None
    assert got.unanchored == 2 and any("Say more about this." in u for u in got.unanchored_items)


def test_refused_files_are_named_and_the_command_exits_1(opened, tmp_path):
    from click.testing import CliRunner

    from uprreport.cli import main

    project, _copy = opened
    fake = tmp_path / "comments.docx"
    fake.write_text("I am not a Word file", encoding="utf-8")
    empty = tmp_path / "empty.eml"
    empty.write_text("From: A <a@x.org>\nSubject: comments\nContent-Type: text/plain\n\n\n", encoding="utf-8")
    binary = tmp_path / "notes.txt"
    binary.write_bytes(b"\x00\x01\x02PK binary junk" * 20)
    good = tmp_path / "good.eml"
    good.write_text("From: B <b@y.org>\nSubject: comments\nContent-Type: text/plain\n\nOn para. 3: please cite "
                    "the act.\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["round", "ingest", str(project), str(fake), str(empty), str(binary), str(good),
                                    "--received", "2024-03-28"])
    assert run.exit_code == 1, run.output
    for name in ("comments.docx", "empty.eml", "notes.txt"):
        assert re.search(rf"{name}: error \[file-refused\] not registered", run.output), name
    assert "holds no text" in run.output and "not text" in run.output
    assert [r["reviewer"] for r in _rows(project)] == ["B"]


def test_comments_with_clashing_ids_are_all_kept(opened, tmp_path):
    project, copy = opened
    with zipfile.ZipFile(copy) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">'
                '<w:comment w:id="1" w:author="A" w:date="2024-03-20T10:00:00Z"><w:p><w:r><w:t>First remark.</w:t>'
                '</w:r></w:p></w:comment><w:comment w:id="1" w:author="B" w:date="2024-03-21T10:00:00Z"><w:p><w:r>'
                '<w:t>Second remark, same id.</w:t></w:r></w:p></w:comment></w:comments>')
    parts["word/comments.xml"] = comments.encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Id="rIdC9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/comments" Target="comments.xml"/></Relationships>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.comments+xml"/></Types>').encode()
    out = tmp_path / "clash.docx"
    with zipfile.ZipFile(out, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    api.round_ingest(project, [out], received=RECEIVED)
    assert sorted(r["comment"] for r in _rows(project)) == ["First remark.", "Second remark, same id."]


@pytest.mark.sqlite_only     # the same on PostgreSQL: tests/test_database.py
def test_a_register_held_by_another_program_says_what_to_do(opened, monkeypatch):
    from uprreport.rounds import store

    project, _copy = opened
    monkeypatch.setattr(store, "WAIT", 0.2)
    holder = sqlite3.connect(project / "rounds" / "register.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        mail = project.parent / "m.eml"
        mail.write_text("From: C <c@z.org>\nContent-Type: text/plain\n\nOn para. 2: fine.\n", encoding="utf-8")
        with pytest.raises(UprError) as exc:
            api.round_ingest(project, [mail], received=RECEIVED)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "in use by another program" in str(exc.value) and "close the other program" in exc.value.hint


def test_a_quote_across_paragraphs_keeps_a_separator():
    from docx import Document

    from uprreport.readers import review_docx

    d = Document()
    d.add_paragraph("End of the first paragraph.")
    d.add_paragraph("Start of the second one.")
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(buf) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    xml = parts["word/document.xml"].decode()
    xml = xml.replace("<w:r><w:t>End", '<w:commentRangeStart w:id="0"/><w:r><w:t>End', 1)
    xml = xml.replace("second one.</w:t></w:r>", 'second one.</w:t></w:r><w:commentRangeEnd w:id="0"/>'
                      '<w:r><w:commentReference w:id="0"/></w:r>', 1)
    parts["word/document.xml"] = xml.encode()
    parts["word/comments.xml"] = (f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="A"><w:p><w:r><w:t>Why?'
                                  '</w:t></w:r></w:p></w:comment></w:comments>').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as t:
        f = Path(t) / "q.docx"
        f.write_bytes(out.getvalue())
        (c,) = review_docx.read(f).remarks
    assert c.anchor.quote == "End of the first paragraph.\nStart of the second one."


def test_a_form_row_placed_by_its_excerpt_alone_is_anchored(opened, tmp_path):
    from openpyxl import load_workbook

    project, _copy = opened
    form = next((project / "rounds" / "round-1").glob("comment-form-*.xlsx"))
    wb = load_workbook(form)
    ws = wb["Comments"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("paragraph_number")].value == 19)
    excerpt = row[header.index("excerpt")].value
    assert excerpt.endswith("…")
    last = ws.max_row + 1   # the reviewer copies the excerpt into a new row and comments there
    ws.cell(last, header.index("excerpt") + 1, excerpt)
    ws.cell(last, header.index("comment") + 1, "Give the figures for 2024 too.")
    wb.save(tmp_path / "form.xlsx")
    api.round_ingest(project, [tmp_path / "form.xlsx"], received=RECEIVED)
    (r,) = _rows(project)
    assert r["anchor"] == "quote" and r["pid"] == row[header.index("paragraph_id")].value


@pytest.mark.parametrize("text, clean", [
    ("12.\tThe Ministry adopted a plan.", "The Ministry adopted a plan."),
    ("12-\tاعتمدت الوزارة خطة.", "اعتمدت الوزارة خطة."),          # UN Arabic paragraph numbers
    ("2025-2030 strategy adopted.", "2025-2030 strategy adopted."),
    ("3.5 million people.", "3.5 million people."),
])
def test_a_returned_paragraph_loses_its_number_as_either_script_prints_it(text, clean):
    from uprreport.rounds.ingest import _clean, _unlabelled

    assert _clean(text) == clean
    assert _unlabelled(text, 12) == clean
