"""Every change in a returned review copy accounted for (issue 27): tracked changes in notes,
paragraph marks read as Word writes them, moves from one place to another, changes of spaces,
edits made without Track Changes, copies and forms that come back with nothing, comments on
table cells. Returned copies are built as Word and LibreOffice write them: the review copy's
own XML, changed where a reviewer would change it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import zipfile
from collections import Counter

import pytest

from conftest import SAMPLE
from uprreport import api

RECEIVED = dt.datetime(2024, 3, 28, 12, tzinfo=dt.timezone.utc)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WHEN = 'w:date="2024-03-20T10:00:00Z"'
PARA = re.compile(r"<w:p>(?:(?!<w:p>).)*?</w:p>", re.S)


@pytest.fixture
def opened(tmp_path):
    project = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    o = api.round_open(project, today=dt.date(2024, 3, 3))
    return project, o.review_copy


def _db(project):
    from uprreport.rounds import store

    return store.connect(project, create=False)     # SQLite or PostgreSQL, as the test's backend is


def _rows(project, kind=None):
    rows = _db(project).execute("SELECT * FROM comments ORDER BY id").fetchall()
    return [r for r in rows if kind is None or r["kind"] == kind]


def _pid(project, mark):
    return _db(project).execute("SELECT pid FROM paragraphs WHERE mark = ?", (mark,)).fetchone()[0]


def _number(project, pid):
    return _db(project).execute("SELECT number FROM paragraphs WHERE pid = ?", (pid,)).fetchone()[0]


def _returned(review_copy, out, edits):
    """The review copy saved as ``out`` after each ``edits[part](xml)`` changed that part."""
    with zipfile.ZipFile(review_copy) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    for name, edit in edits.items():
        parts[name] = edit(parts[name].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def _paragraph(xml, words):
    """The span of the one w:p of the body holding ``words``."""
    (m,) = [m for m in PARA.finditer(xml) if words in m.group(0)]
    return m.start(), m.end()


def _mark_of(paragraph_xml):
    return re.search(r'w:name="(upr_[0-9a-f]{12})"', paragraph_xml).group(1)


# 1. a tracked change inside an endnote ------------------------------------------------------
def test_a_tracked_insertion_in_an_endnote_is_a_proposal_on_the_paragraph_holding_the_note(opened, tmp_path):
    project, copy = opened
    with zipfile.ZipFile(copy) as z:
        doc = z.read("word/document.xml").decode("utf-8")
    a, b = [(m.start(), m.end()) for m in PARA.finditer(doc) if 'w:endnoteReference w:id="2"' in m.group(0)][0]
    pid = _pid(project, _mark_of(doc[a:b]))

    def note(xml):
        start = xml.index('<w:endnote w:id="2">')
        end = xml.index("</w:p></w:endnote>", start)
        return (xml[:end] + f'<w:ins w:id="801" w:author="N. Ote" {WHEN}><w:r><w:t xml:space="preserve"> See also the '
                'annual report for 2023.</w:t></w:r></w:ins>' + xml[end:])

    got = api.round_ingest(project, [_returned(copy, tmp_path / "note.docx", {"word/endnotes.xml": note})],
                           received=RECEIVED)
    (row,) = _rows(project)
    assert row["pid"] == pid and row["anchor"] == "bookmark" and row["reviewer"] == "N. Ote"
    assert row["comment"] == "Tracked changes in endnote 2: inserts \u201c See also the annual report for 2023.\u201d"
    assert row["proposed"].endswith("44/2022. See also the annual report for 2023.")
    assert got.tracked == Counter({"insertion": 1}) and not got.untracked


# 2. paragraph marks -------------------------------------------------------------------------
def test_a_paragraph_marks_formatting_change_is_formatting_and_its_old_insertion_no_split(opened, tmp_path):
    """Word keeps a mark inserted earlier (and accepted since) in the old properties of a later
    formatting change of that mark: w:pPr/w:rPr/w:rPrChange/w:rPr/w:ins. It is no split."""
    project, copy = opened

    def edit(xml):
        a, b = _paragraph(xml, "The Judicial Council Act (2023)")
        p = xml[a:b]
        assert p.count("</w:pPr>") == 1 and "<w:rPr>" not in p[:p.index("</w:pPr>")]
        p = p.replace("</w:pPr>", f'<w:rPr><w:b/><w:rPrChange w:id="811" w:author="F. Ormat" {WHEN}><w:rPr>'
                      '<w:ins w:id="810" w:author="F. Ormat" w:date="2024-03-19T09:00:00Z"/></w:rPr></w:rPrChange>'
                      "</w:rPr></w:pPr>", 1)
        return xml[:a] + p + xml[b:]

    got = api.round_ingest(project, [_returned(copy, tmp_path / "mark.docx", {"word/document.xml": edit})],
                           received=RECEIVED)
    (row,) = _rows(project)
    assert row["comment"] == "Tracked changes: changes the formatting (1 change: the paragraph mark's formatting)"
    assert row["pid"] == "justice/justice/p3" and got.tracked == Counter({"formatting": 1})


def test_a_paragraph_added_with_tracking_is_not_a_split(opened, tmp_path):
    """Enter at the end of a paragraph and words typed, Track Changes on: the paragraph's mark
    is inserted and the new paragraph's words are."""
    project, copy = opened

    def edit(xml):
        a, b = _paragraph(xml, "The Judicial Council Act (2023)")
        p = xml[a:b].replace("</w:pPr>", f'<w:rPr><w:ins w:id="821" w:author="A. Dder" {WHEN}/></w:rPr></w:pPr>', 1)
        new = (f'<w:p><w:pPr><w:pStyle w:val="UNParagraph"/></w:pPr><w:ins w:id="822" w:author="A. Dder" {WHEN}>'
               "<w:r><w:t>Judges receive training on the Istanbul Convention.</w:t></w:r></w:ins></w:p>")
        return xml[:a] + p + new + xml[b:]

    got = api.round_ingest(project, [_returned(copy, tmp_path / "added.docx", {"word/document.xml": edit})],
                           received=RECEIVED)
    (row,) = _rows(project)
    assert row["comment"] == ("Tracked changes: inserts \u201cJudges receive training on the Istanbul Convention.\u201d; "
                              "adds a new paragraph")
    assert row["pid"] == "justice/justice/p3" and row["proposed"].endswith("\nJudges receive training on the "
                                                                             "Istanbul Convention.")
    assert "[justice/justice/p3]" not in row["proposed"] and "2022.\nJudges" in row["proposed"]
    assert got.tracked == Counter({"insertion": 1, "paragraph added": 1}) and not got.untracked


# 3. moves -----------------------------------------------------------------------------------
def _move_edit(moved_text, libreoffice=False):
    """Paragraph 'The Judicial Council Act (2023)' moved with tracking after the paragraph on
    the prison population, as Word writes it (each range starts before its first w:moveFrom/
    w:moveTo) or as LibreOffice does (the range starts inside the first one)."""
    moved = "The Judicial Council Act (2023)"

    def edit(xml):
        a, b = _paragraph(xml, moved)
        p = xml[a:b]
        run = re.search(r"<w:r>(?:(?!</w:r>).)*?" + re.escape(moved) + r".*?</w:r>", p, re.S).group(0)
        moved_text["t"] = re.search(r"<w:t[^>]*>([^<]*)</w:t>", run).group(1)
        p = p.replace("</w:pPr>", f'<w:rPr><w:moveFrom w:id="831" w:author="M. Over" {WHEN}/></w:rPr></w:pPr>', 1)
        start_from = f'<w:moveFromRangeStart w:id="830" w:author="M. Over" {WHEN} w:name="move1"/>'
        start_to = f'<w:moveToRangeStart w:id="833" w:author="M. Over" {WHEN} w:name="move1"/>'
        if libreoffice:
            p = p.replace(run, f'<w:moveFrom w:id="832" w:author="M. Over" {WHEN}>{start_from}{run}</w:moveFrom>'
                               '<w:moveFromRangeEnd w:id="830"/>', 1)
        else:
            p = p.replace(run, f'{start_from}<w:moveFrom w:id="832" w:author="M. Over" {WHEN}>{run}</w:moveFrom>'
                               '<w:moveFromRangeEnd w:id="830"/>', 1)
        xml = xml[:a] + p + xml[b:]
        # where it goes: a paragraph of its own after the paragraph on the prison population
        c, d = _paragraph(xml, "The prison population fell")
        moved_to = (f'<w:moveTo w:id="835" w:author="M. Over" {WHEN}>{start_to}{run}</w:moveTo>' if libreoffice else
                    f'{start_to}<w:moveTo w:id="835" w:author="M. Over" {WHEN}>{run}</w:moveTo>')
        there = (f'<w:p><w:pPr><w:pStyle w:val="UNParagraph"/><w:rPr><w:moveTo w:id="834" w:author="M. Over" {WHEN}/>'
                 f'</w:rPr></w:pPr>{moved_to}<w:moveToRangeEnd w:id="833"/></w:p>')
        return xml[:d] + there + xml[d:]

    return edit


@pytest.mark.parametrize("style", ["word", "libreoffice"])
def test_a_moved_paragraph_is_one_proposal_from_where_it_was_to_after_the_paragraph_before_it(opened, tmp_path, style):
    project, copy = opened
    moved_text = {}
    edit = _move_edit(moved_text, libreoffice=style == "libreoffice")
    got = api.round_ingest(project, [_returned(copy, tmp_path / "move.docx", {"word/document.xml": edit})],
                           received=RECEIVED)
    (row,) = _rows(project)
    src, dest = "justice/justice/p3", "interior/detention/p2"
    assert row["pid"] == src and row["anchor"] == "bookmark" and row["reviewer"] == "M. Over"
    words = moved_text["t"].strip()
    assert row["comment"] == (f"Tracked changes: moves the paragraph \u201c{words[:160]}…\u201d from "
                              f"paragraph {_number(project, src)} ({src}) to after paragraph "
                              f"{_number(project, dest)} ({dest})")
    assert row["quote"] == words
    assert got.tracked == Counter({"move": 1}) and not got.untracked


# 4. changes of spaces -----------------------------------------------------------------------
def test_an_inserted_space_is_said_where_it_is_and_a_doubled_one_is_listed_as_cosmetic(opened, tmp_path):
    project, copy = opened

    def edit(xml):
        # a space typed into a word: it makes two words
        xml = xml.replace("first-instance civil proceedings", "first-instance civil proceed"
                          f'</w:t></w:r><w:ins w:id="841" w:author="S. Pace" {WHEN}><w:r><w:t xml:space="preserve"> '
                          '</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">ings', 1)
        # a second space after a space: the words stay as they were
        return xml.replace("The Judicial Council Act (2023) ", "The Judicial Council Act (2023) </w:t></w:r>"
                           f'<w:ins w:id="842" w:author="S. Pace" {WHEN}><w:r><w:t xml:space="preserve"> </w:t></w:r>'
                           '</w:ins><w:r><w:t xml:space="preserve">', 1)

    got = api.round_ingest(project, [_returned(copy, tmp_path / "spaces.docx", {"word/document.xml": edit})],
                           received=RECEIVED)
    (row,) = _rows(project)
    assert row["comment"] == "Tracked changes: inserts a space between \u201cproceed\u201d and \u201cings\u201d"
    assert row["pid"] == "justice/justice/p1" and "civil proceed ings fell" in row["proposed"]
    (listed,) = got.cosmetic
    assert listed.startswith("spaces.docx: paragraph 22 (justice/justice/p3): inserts a space between "
                             "\u201c(2023)\u201d and \u201cprovides\u201d") and listed.endswith("(S. Pace)")
    assert not any(r["comment"].rstrip().endswith(":") for r in _rows(project))
    (kept,) = _ingest_log(project)   # kept with the round, not only printed
    assert kept["file"] == "spaces.docx" and kept["cosmetic"] == [listed[len("spaces.docx: "):]]
    assert kept["warnings"] == [] and kept["received"].startswith("2024-03-28")


def _ingest_log(project):
    import json

    path = project / "rounds" / "round-1" / "ingest-log.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# 5. edits made without Track Changes --------------------------------------------------------
def _untracked_edits(xml):
    """What a reviewer does with Track Changes off: a word replaced, a paragraph deleted, one
    typed, a paragraph split in two, a table cell changed; and what re-saving does (a soft
    hyphen, smart quotes, a non-breaking space)."""
    xml = xml.replace("The average length of first-instance", "The mean length of first-instance", 1)
    a, b = _paragraph(xml, "Under the Act on Free Legal Aid")
    xml = xml[:a] + xml[b:]
    a, b = _paragraph(xml, "The Judicial Council Act (2023)")
    xml = xml[:b] + "<w:p><w:r><w:t>Judges are appointed for life.</w:t></w:r></w:p>" + xml[b:]
    a, b = _paragraph(xml, "An independent Police Complaints Commission")
    p = xml[a:b]
    cut = re.search(r"(<w:t[^>]*>)(An independent Police Complaints Commission[^.<]*\. )", p)
    assert cut, "the first sentence of the paragraph"
    p = p.replace(cut.group(0), cut.group(0) + "</w:t></w:r></w:p><w:p><w:r>" + cut.group(1), 1)
    xml = xml[:a] + p + xml[b:]
    assert xml.count('<w:t xml:space="preserve">13.9</w:t>') == 1
    xml = xml.replace('<w:t xml:space="preserve">13.9</w:t>', '<w:t xml:space="preserve">14.0</w:t>', 1)
    xml = xml.replace("defines torture", "defines tor\u00adture", 1)
    xml = xml.replace("journalists\u2019 associations", "journalists' associations", 1)
    return xml.replace("per cent between 2019", "per\u00a0cent between 2019", 1)


def _expected_untracked(project):
    return {
        ("justice/justice/p1", "Untracked changes: replaces \u201caverage\u201d with \u201cmean\u201d"),
        ("justice/justice/p2", "Untracked changes: deletes the paragraph \u201cUnder the Act on Free Legal Aid,"),
        ("justice/justice/p3", f"Untracked changes: adds a paragraph after paragraph {_number(project, 'justice/justice/p3')} "
                               "(justice/justice/p3): \u201cJudges are appointed for life.\u201d"),
        ("interior/detention/p3", "Untracked changes: splits the paragraph in 2"),
        ("statistics/indicators/p6", "Untracked changes: replaces \u201c13.9\u201d with \u201c14.0\u201d"),
    }


def _check_untracked(project, got):
    rows = _rows(project, "proposal")
    said = {(r["pid"], r["comment"]) for r in rows}
    for pid, start in _expected_untracked(project):
        assert any(p == pid and c.startswith(start) for p, c in said), (pid, start, said)
    assert len(rows) == 5, said
    assert got.untracked == Counter({"paragraph changed": 3, "paragraph added": 1, "paragraph deleted": 1})
    assert {r["anchor"] for r in rows} == {"bookmark"}


def test_edits_made_without_track_changes_are_proposals_with_their_difference(opened, tmp_path):
    project, copy = opened
    got = api.round_ingest(project, [_returned(copy, tmp_path / "untracked.docx", {"word/document.xml": _untracked_edits})],
                           received=RECEIVED)
    _check_untracked(project, got)
    (cell,) = [r for r in _rows(project) if r["pid"] == "statistics/indicators/p6"]
    assert cell["proposed"] == "14.0" and cell["owner"] == "statistics"
    (split,) = [r for r in _rows(project) if r["pid"] == "interior/detention/p3"]
    assert split["proposed"].count("\n") == 1


def test_a_word_copy_of_another_draft_is_not_compared_and_says_so(opened, tmp_path):
    project, copy = opened

    def other_draft(xml):   # a paragraph id this round does not have, as a copy of another round has
        return xml.replace(_mark_of(xml[slice(*_paragraph(xml, "The Judicial Council Act (2023)"))]),
                           "upr_000000000000", 1).replace("The average length", "The mean length", 1).replace(
            "</w:body>", f'<w:p><w:ins w:id="851" w:author="O. Ld" {WHEN}><w:r><w:t>More.</w:t></w:r></w:ins></w:p>'
                         "</w:body>")

    got = api.round_ingest(project, [_returned(copy, tmp_path / "old.docx", {"word/document.xml": other_draft})],
                           received=RECEIVED)
    assert not got.untracked
    (d,) = [d for d in got.diagnostics if d.code == "untracked-unchecked"]
    assert "paragraph ids of another draft" in d.message and got.comments == 1 and d.severity.value == "warning"
    (kept,) = _ingest_log(project)
    assert kept["file"] == "old.docx" and kept["warnings"] == [{"code": "untracked-unchecked", "message": d.message}]


@pytest.mark.libreoffice
def test_a_copy_resaved_by_libreoffice_gives_nothing_but_its_edits(opened, tmp_path):
    from lotools import resave

    project, copy = opened
    untouched = resave(copy, tmp_path / "lo", to="docx")
    got = api.round_ingest(project, [untouched], received=RECEIVED)
    assert got.comments == 0 and not got.untracked and not got.tracked and not got.cosmetic
    (refused,) = got.diagnostics
    assert refused.code == "file-refused" and "holds no comment and no change" in refused.message
    edited = _returned(copy, tmp_path / "edited.docx", {"word/document.xml": _untracked_edits})
    got = api.round_ingest(project, [resave(edited, tmp_path / "lo2", to="docx")], received=RECEIVED)
    _check_untracked(project, got)


# 6. a copy or a form that comes back with nothing -------------------------------------------
def test_the_unchanged_review_copy_and_a_blank_form_are_refused_and_the_command_exits_1(opened, tmp_path):
    from click.testing import CliRunner

    from uprreport.cli import main

    project, copy = opened
    form = next((project / "rounds" / "round-1").glob("comment-form-*.xlsx"))
    sent_back = tmp_path / "comments-ngo.docx"
    shutil.copy(copy, sent_back)
    blank = tmp_path / "form-ngo.xlsx"
    shutil.copy(form, blank)
    run = CliRunner().invoke(main, ["round", "ingest", str(project), str(sent_back), str(blank),
                                    "--received", "2024-03-28"])
    assert run.exit_code == 1, run.output
    assert re.search(r"comments-ngo\.docx: error \[file-refused\] not registered: this file holds no comment and "
                     r"no change: it reads as the review copy as it was sent out; the reviewer may have sent the "
                     r"wrong file", run.output)
    assert re.search(r"form-ngo\.xlsx: error \[file-refused\] not registered: this file holds no comment: no row "
                     r"has a comment or a proposed wording \(a blank comment form\)", run.output)
    assert "0 comments from 0 new files" in run.output and not _rows(project)
    assert not _db(project).execute("SELECT COUNT(*) FROM files").fetchone()[0]


# 7. a comment on a table cell ---------------------------------------------------------------
def test_a_comment_on_a_table_cell_lands_on_that_cell(opened, tmp_path):
    project, copy = opened
    cell = '<w:t xml:space="preserve">13.9</w:t></w:r>'

    def document(xml):
        assert xml.count(cell) == 1
        i = xml.index(cell)
        run_start = xml.rindex("<w:r>", 0, i)
        return (xml[:run_start] + '<w:commentRangeStart w:id="5"/>' + xml[run_start:i + len(cell)]
                + '<w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="5"/></w:r>' + xml[i + len(cell):])

    def rels(xml):
        return xml.replace("</Relationships>", '<Relationship Id="rIdC9" Type="http://schemas.openxmlformats.org/'
                           'officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>')

    def types(xml):
        return xml.replace("</Types>", '<Override PartName="/word/comments.xml" ContentType="application/'
                           'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')

    out = _returned(copy, tmp_path / "cell.docx", {"word/document.xml": document, "word/_rels/document.xml.rels": rels,
                                                        "[Content_Types].xml": types})
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("word/comments.xml", f'<w:comments xmlns:w="{W}"><w:comment w:id="5" w:author="T. Able" {WHEN}>'
                   "<w:p><w:r><w:t>Which year is this rate for?</w:t></w:r></w:p></w:comment></w:comments>")
    api.round_ingest(project, [out], received=RECEIVED)
    (row,) = _rows(project)
    assert row["pid"] == "statistics/indicators/p6" and row["anchor"] == "bookmark" and row["owner"] == "statistics"
    assert row["quote"] == "13.9"


def test_the_review_copy_gives_every_table_cell_its_id(opened):
    project, copy = opened
    with zipfile.ZipFile(copy) as z:
        doc = z.read("word/document.xml").decode("utf-8")
    cells = _db(project).execute("SELECT mark FROM paragraphs WHERE pid IN (%s)" % ", ".join(
        f"'statistics/indicators/p{n}'" for n in range(2, 20))).fetchall()
    assert len(cells) == 18 and all(f'w:name="{m[0]}"' in doc for m in cells)
    assert "[statistics/indicators/p6]" not in doc   # no label printed in a cell


# the real Word files -------------------------------------------------------------------------
def _changes_in_xml(path):
    """Tracked changes the XML holds, counted from the text: insertions, deletions and moves
    (less those kept in a formatting change's old properties) and formatting changes."""
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in ("word/document.xml", "word/footnotes.xml",
                                                          "word/endnotes.xml") if n in z.namelist())
    former = sum(len(re.findall(r"<w:(?:ins|del) ", m)) for m in re.findall(r"<w:rPrChange\b.*?</w:rPrChange>", xml, re.S))
    changes = len(re.findall(r"<w:(?:ins|del|cellIns|cellDel) ", xml)) - former
    moves = len(re.findall(r"<w:move(?:From|To) ", xml))
    formatting = len(re.findall(r"<w:(?:rPrChange|pPrChange|tblPrChange|tblPrExChange|tblGridChange|trPrChange|"
                                r"tcPrChange|sectPrChange|cellMerge)\b", xml))
    return changes, moves, formatting


@pytest.mark.realdata
@pytest.mark.parametrize("name, expected", [
    ("poi__delins.docx", {"insertion": 13, "deletion": 2, "paragraph added": 13, "paragraph removed": 2,
                          "formatting": 46}),
    ("poi__58067.docx", {"deletion": 2, "paragraph removed": 1, "split or join": 1, "paragraph added": 3}),
])
def test_every_real_tracked_change_is_registered_or_listed(opened, realdata, name, expected):
    project, _copy = opened
    path = realdata / "docx" / name
    got = api.round_ingest(project, [path], received=RECEIVED)
    changes, moves, formatting = _changes_in_xml(path)
    assert moves == 0 and sum(got.tracked.values()) == changes + formatting
    assert dict(got.tracked) == expected
    rows = _rows(project, "proposal")
    assert rows and all(re.match(r"Tracked changes: \S", r["comment"]) for r in rows)
    # every change is in a registered proposal, or listed (a trailing space typed in poi__delins)
    said = " ".join(r["comment"] for r in rows)
    if expected.get("paragraph removed"):
        assert "removes the paragraph" in said
    assert "splits the paragraph" in said if expected.get("split or join") else "splits" not in said
    if name == "poi__delins.docx":
        assert "adds 12 new paragraphs; adds an empty paragraph" in said
        assert "the paragraph mark's formatting" in said
        assert got.cosmetic == ["poi__delins.docx: the draft: inserts a space after \u201cAbkhazia\u201d (pavel)"]
    else:
        assert not got.cosmetic


@pytest.mark.realdata
def test_real_notes_are_read_with_their_paragraphs(realdata):
    from uprreport.readers import review_docx

    copy = review_docx.read(realdata / "docx" / "poi__Bug54849.docx")
    labels = [label for p in copy.paragraphs for label in p.notes]
    assert labels == ["footnote 1", "endnote 1"]
    assert all(copy.note_text(label, "original") for label in labels)


def test_a_comment_in_an_endnote_lands_on_the_paragraph_holding_the_note(opened, tmp_path):
    project, copy = opened
    with zipfile.ZipFile(copy) as z:
        doc = z.read("word/document.xml").decode("utf-8")
    a, b = [(m.start(), m.end()) for m in PARA.finditer(doc) if 'w:endnoteReference w:id="3"' in m.group(0)][0]
    pid = _pid(project, _mark_of(doc[a:b]))

    def note(xml):
        start = xml.index('<w:endnote w:id="3">')
        end = xml.index("</w:p></w:endnote>", start)
        return xml[:end] + '<w:r><w:commentReference w:id="7"/></w:r>' + xml[end:]

    out = _returned(copy, tmp_path / "note-comment.docx", {
        "word/endnotes.xml": note,
        "word/_rels/document.xml.rels": lambda x: x.replace("</Relationships>", '<Relationship Id="rIdC9" Type="http://'
                                                            'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                                            'comments" Target="comments.xml"/></Relationships>'),
        "[Content_Types].xml": lambda x: x.replace("</Types>", '<Override PartName="/word/comments.xml" ContentType='
                                                   '"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                                                   'comments+xml"/></Types>')})
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("word/comments.xml", f'<w:comments xmlns:w="{W}"><w:comment w:id="7" w:author="E. Ndnote" {WHEN}>'
                   "<w:p><w:r><w:t>Give the publication's address.</w:t></w:r></w:p></w:comment></w:comments>")
    api.round_ingest(project, [out], received=RECEIVED)
    (row,) = _rows(project)
    assert row["pid"] == pid and row["anchor"] == "bookmark" and row["comment"] == "Give the publication's address."


# review findings (issue 27) ------------------------------------------------------------------
def test_a_paragraph_moved_without_tracking_is_a_move_proposal(opened, tmp_path):
    """Cut and paste with Track Changes off: the paragraph's w:p goes with its bookmark, so
    every paragraph still has its id; only their order tells the move."""
    project, copy = opened

    def edit(xml):
        a, b = _paragraph(xml, "The Judicial Council Act (2023)")
        moved, xml = xml[a:b], xml[:a] + xml[b:]
        _c, d = _paragraph(xml, "The prison population fell")
        return xml[:d] + moved + xml[d:]

    got = api.round_ingest(project, [_returned(copy, tmp_path / "umove.docx", {"word/document.xml": edit})],
                           received=RECEIVED)
    assert not [d for d in got.diagnostics if d.code == "file-refused"]
    (row,) = _rows(project)
    src, dest = "justice/justice/p3", "interior/detention/p2"
    assert row["pid"] == src and row["kind"] == "proposal"
    assert row["comment"] == (f"Untracked changes: moves paragraph {_number(project, src)} ({src}) to after "
                              f"paragraph {_number(project, dest)} ({dest})")
    assert got.untracked == Counter({"paragraph moved": 1}) and not got.tracked


@pytest.mark.libreoffice
def test_a_tracked_move_resaved_by_libreoffice_is_still_one_proposal(opened, tmp_path):
    from lotools import resave

    project, copy = opened
    moved = _returned(copy, tmp_path / "move.docx", {"word/document.xml": _move_edit({})})
    got = api.round_ingest(project, [resave(moved, tmp_path / "lo", to="docx")], received=RECEIVED)
    rows = _rows(project, "proposal")
    (row,) = rows   # LibreOffice keeps the moved words (not always the moved paragraph mark): one move
    assert re.match(r"Tracked changes: moves (the paragraph )?\u201cThe Judicial Council Act \(2023\)", row["comment"])
    assert " to after paragraph " in row["comment"]
    assert got.tracked == Counter({"move": 1}), (got.tracked, [r["comment"] for r in rows])


def test_a_paragraph_added_with_tracking_before_a_heading_is_placed_before_it(opened, tmp_path):
    """Typed at the start of the heading 'D. Prohibition of torture…' and Enter pressed, Track
    Changes on: the new paragraph's piece has the inserted mark and joins the heading's."""
    project, copy = opened

    def edit(xml):
        (a,) = [m.start() for m in PARA.finditer(xml) if 'w:val="Heading2"' in m.group(0)
                and "<w:t>D.</w:t>" in m.group(0) and "Prohibition of torture" in m.group(0)]
        new = (f'<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:rPr><w:ins w:id="861" w:author="H. Ead" {WHEN}/></w:rPr>'
               f'</w:pPr><w:ins w:id="862" w:author="H. Ead" {WHEN}><w:r><w:t>Courts publish every judgment within '
               'a month.</w:t></w:r></w:ins></w:p>')
        return xml[:a] + new + xml[a:]

    got = api.round_ingest(project, [_returned(copy, tmp_path / "before.docx", {"word/document.xml": edit})],
                           received=RECEIVED)
    (row,) = _rows(project)
    assert row["pid"] == "justice/justice/p3" and row["anchor"] == "bookmark"
    assert row["proposed"] == "Courts publish every judgment within a month."
    assert row["comment"].startswith("Tracked changes: inserts \u201cCourts publish every judgment within a month.\u201d; "
                                     "adds a new paragraph (before \u201cD. Prohibition of torture")
    assert got.tracked == Counter({"insertion": 1, "paragraph added": 1}) and not got.untracked


@pytest.mark.parametrize("inserted, what, shown", [
    ('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>', "a symbol between \u201cfell\u201d and \u201cfrom\u201d",
     "fell\u2714 from"),
    ('<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteReference w:id="2"/></w:r>',
     "an endnote reference between \u201cfell\u201d and \u201cfrom\u201d", "fell from"),
    # LibreOffice writes a symbol as its private-use code in a run of the symbol font
    ('<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>\uf0fc</w:t></w:r>',
     "\u201c\u2714\u201d", "fell\u2714 from"),
])
def test_a_change_without_words_is_placed_by_the_words_around_it(opened, tmp_path, inserted, what, shown):
    """A symbol or a note reference inserted between 'fell' and 'from': not 'after' the id label
    that ends the paragraph; a symbol reads as the character its font shows."""
    project, copy = opened

    def edit(xml):
        a, b = _paragraph(xml, "The prison population fell")
        p = xml[a:b]
        assert p.count("population fell from") == 1
        p = p.replace("population fell from", f'population fell</w:t></w:r><w:ins w:id="871" w:author="S. Ym" {WHEN}>'
                      f'{inserted}</w:ins><w:r><w:t xml:space="preserve"> from', 1)
        return xml[:a] + p + xml[b:]

    api.round_ingest(project, [_returned(copy, tmp_path / "sym.docx", {"word/document.xml": edit})], received=RECEIVED)
    (row,) = _rows(project, "proposal")
    assert row["comment"] == f"Tracked changes: inserts {what}"
    assert shown in row["proposed"] and "[interior" not in row["proposed"]


def test_a_reviewers_quoted_words_are_read_and_a_summarys_are_not():
    from uprreport.rounds.classify import classify

    assert classify("the claim is \u201cfactually incorrect and legally wrong\u201d") == "critical"
    assert classify('the claim is "factually incorrect"') == "critical"
    assert classify("Tracked changes: deletes \u201cfalse\u201d") != "critical"
    assert classify("Tracked changes in endnote 2: inserts \u201cwrong\u201d") != "critical"
    assert classify("Untracked changes: replaces \u201cincorrect\u201d with \u201caccurate\u201d") != "critical"


def test_a_paragraph_deleted_with_tracking_is_quoted_without_its_number_and_label(opened, tmp_path):
    project, copy = opened

    def edit(xml):
        a, b = _paragraph(xml, "The prison population fell")
        p = re.sub(r"<w:r>(.*?)</w:r>", lambda m: f'<w:del w:id="{880 + m.start() % 97}" w:author="D. El" {WHEN}><w:r>'
                   + re.sub(r"<(/?)w:t\b", r"<\1w:delText", m.group(1)) + "</w:r></w:del>",
                   xml[a:b])
        return xml[:a] + p + xml[b:]

    api.round_ingest(project, [_returned(copy, tmp_path / "del.docx", {"word/document.xml": edit})], received=RECEIVED)
    (row,) = _rows(project, "proposal")
    assert row["comment"].startswith("Tracked changes: deletes \u201cThe prison population fell from 4,310")
    assert "[interior/detention/p2]" not in row["comment"] and "24." not in row["comment"], row["comment"]
    assert row["comment"].endswith("; deletes a tab before \u201cThe\u201d") and row["proposed"] == ""


def test_a_table_row_added_without_tracking_is_one_proposal(opened, tmp_path):
    project, copy = opened

    def edit(xml):
        i = xml.index(">13.9<")
        a, b = xml.rindex("<w:tr>", 0, i), xml.index("</w:tr>", i) + len("</w:tr>")
        row = re.sub(r"<w:bookmark(?:Start|End) [^>]*/>", "", xml[a:b])
        row = row.replace("At-risk-of-poverty rate (%)", "Severe material deprivation (%)").replace(
            ">13.9<", ">4.2<").replace(">12.1<", ">3.8<")
        return xml[:b] + row + xml[b:]

    got = api.round_ingest(project, [_returned(copy, tmp_path / "row.docx", {"word/document.xml": edit})],
                           received=RECEIVED)
    (row,) = _rows(project, "proposal")
    assert row["comment"] == ("Untracked changes: adds a table row after paragraph statistics/indicators/p7: "
                              "\u201cSevere material deprivation (%) | 4.2 | 3.8\u201d")
    assert row["proposed"] == "Severe material deprivation (%) | 4.2 | 3.8" and row["pid"] == "statistics/indicators/p7"
    assert got.untracked == Counter({"table row added": 1})


def test_only_paragraphs_that_differ_from_the_review_copy_are_diffed(opened, tmp_path, monkeypatch):
    from uprreport.rounds import ingest

    project, copy = opened
    diffed = []
    real = ingest._word_diff
    monkeypatch.setattr(ingest, "_word_diff", lambda a, b: diffed.append(b) or real(a, b))
    edit = {"word/document.xml": lambda x: x.replace("The average length of first-instance",
                                                     "The mean length of first-instance", 1)}
    got = api.round_ingest(project, [_returned(copy, tmp_path / "one.docx", edit)], received=RECEIVED)
    assert got.untracked == Counter({"paragraph changed": 1})
    assert len(diffed) == 1 and diffed[0].startswith("The mean length")
