"""Returned input packs read as they come back from Excel, LibreOffice and Word: formula
cells, edits to the grey (locked) columns, the words of a Word return, status words, and
the progress board on a replayed date (docs/returns.md)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from uprreport import api
from uprreport.collection import collect as collecting
from uprreport.readers import tables
from uprreport.transforms import statuses

FR_SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "national-belvedere-fr"


def _rows(workbook: Path, sheet: str = "Implementation") -> tuple:
    wb = load_workbook(workbook)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    return wb, ws, {name: i + 1 for i, name in enumerate(header)}


def _pack(root: Path, slug: str = "justice"):
    done = api.request(root, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1))
    return next(p for p in done.packs if p.slug == slug)


def _implementation(root: Path, slug: str) -> dict:
    v = api.validate(root)
    contribution = next(c for c in v.project.contributions if c.slug == slug)
    return {row.recommendation: row for _l, row in contribution.implementation}


def _resave_in_libreoffice(src: Path, out_dir: Path) -> Path:
    """``src`` opened and saved again as .xlsx by LibreOffice Calc, headless."""
    from lotools import resave

    return resave(src, out_dir)


# -- 1. cells beginning with '=' ------------------------------------------------------------

TYPED = {                      # what a focal point types -> what the report must hold
    "= 100% of schools covered": "= 100% of schools covered",
    "=see annex": "=see annex",
    "=-ongoing work": "-ongoing work",   # typed "-ongoing work": Excel and LibreOffice put the '=' before it
    "=SUM(2,3)": "=SUM(2,3)",            # saved without a value: its text, not nothing
}


def test_formula_cells_saved_without_a_value_are_read_as_typed_and_named(sample_copy, tmp_path):
    pack = _pack(sample_copy)
    wb, ws, col = _rows(pack.workbook)
    ids = {}
    for n, typed in enumerate(TYPED, start=2):
        ids[typed] = ws.cell(n, col["recommendation"]).value
        ws.cell(n, col["status"]).value = "partially implemented"
        ws.cell(n, col["actions"]).value = typed            # openpyxl writes a formula, with no value
    ws.cell(len(TYPED) + 2, col["indicators"]).value = "=no status on this row"   # a row not taken
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)

    got = api.collect(sample_copy, [returned])
    assert [r.kind for r in got.returns] == ["workbook"], [d.render() for d in got.diagnostics]
    notes = [d for d in got.diagnostics if d.code == "cell-formula"]
    assert len(notes) == len(TYPED)                          # one a cell; none for the row not taken
    for d, typed in zip(notes, TYPED):
        assert d.severity.value == "warning" and d.location.sheet == "Implementation"
        assert d.location.field == "actions" and "column 'actions'" in d.message
        assert f"(cell F{d.location.row})" in d.message and "saved without a value" in d.message
    rows = _implementation(sample_copy, "justice")
    for typed, text in TYPED.items():
        assert rows[ids[typed]].actions == text                # never dropped


def test_without_being_asked_a_table_reads_formula_cells_as_before(sample_copy, tmp_path):
    """Other readers of tables (registers, imports, comment forms) see what they saw."""
    pack = _pack(sample_copy)
    wb, ws, col = _rows(pack.workbook)
    ws.cell(2, col["actions"]).value = "=see annex"
    ws.cell(3, col["actions"]).value = "plain text"
    wb.save(tmp_path / "f.xlsx")
    plain, diags = tables.read_table(tmp_path / "f.xlsx", "f.xlsx", sheet="Implementation")
    assert diags == [] and plain.formulas == {}
    assert [c["actions"] for _n, c in plain.rows[:2]] == ["", "plain text"]
    asked, diags = tables.read_table(tmp_path / "f.xlsx", "f.xlsx", sheet="Implementation", formulas=True)
    assert [c["actions"] for _n, c in asked.rows[:2]] == ["=see annex", "plain text"]
    assert asked.formulas == {(2, "actions"): "=see annex"} and [d.location.row for d in diags] == [2]


@pytest.mark.libreoffice
def test_a_pack_saved_again_by_libreoffice_keeps_its_formula_cells_values_and_id(sample_copy, tmp_path):
    """LibreOffice saves every formula with a value it worked out: an error (#VALUE!,
    #NAME?) for text typed with '=', a number or a text for a real formula. calamine
    reads an error as an empty cell; the text must come back, the values be read."""
    pack = _pack(sample_copy)
    wb, ws, col = _rows(pack.workbook)
    ids = [ws.cell(n, col["recommendation"]).value for n in range(2, 7)]
    cells = {2: ("status", "partially implemented", "actions", "= 100% of schools covered"),
             3: ("status", "partially implemented", "actions", "=see annex"),
             4: ("status", "partially implemented", "indicators", "=SUM(2,3)"),
             5: ("status", "partially implemented", "evidence", "=-ongoing work"),
             6: ("status", '="fully implemented"', "actions", "chosen by a formula")}
    for n, (c1, v1, c2, v2) in cells.items():
        ws.cell(n, col[c1]).value = v1
        ws.cell(n, col[c2]).value = v2
    edited = tmp_path / "edited" / "MoJ answers.xlsx"
    edited.parent.mkdir()
    wb.save(edited)
    resaved = _resave_in_libreoffice(edited, tmp_path / "resaved")

    got = api.collect(sample_copy, [resaved])
    assert [(r.slug, r.kind) for r in got.returns] == [("justice", "workbook")], [d.render() for d in got.diagnostics]
    notes = {(d.location.row, d.location.field): d.message for d in got.diagnostics if d.code == "cell-formula"}
    assert set(notes) == {(2, "actions"), (3, "actions"), (4, "indicators"), (5, "evidence"), (6, "status")}
    assert "the error #" in notes[(3, "actions")] and "'=see annex', was read as typed" in notes[(3, "actions")]
    assert "the value saved with it, '5', was read" in notes[(4, "indicators")]
    assert not [d for d in got.diagnostics if d.code == "pack-locked-changed"]   # LibreOffice changed no grey cell
    rows = _implementation(sample_copy, "justice")
    assert rows[ids[0]].actions.startswith("=") and "100% of schools covered" in rows[ids[0]].actions
    assert rows[ids[1]].actions == "=see annex"
    assert rows[ids[2]].indicators == "5"
    assert rows[ids[3]].evidence == "-ongoing work"
    assert rows[ids[4]].status == "fully implemented" and rows[ids[4]].actions == "chosen by a formula"


# -- 2. the grey columns ----------------------------------------------------------------------

def test_edits_to_grey_columns_are_named_by_row_and_the_rest_of_the_row_is_read(sample_copy, tmp_path):
    pack = _pack(sample_copy)
    wb, ws, col = _rows(pack.workbook)
    ws.protection.sheet = False                       # as an office that unprotects the sheet
    first, second, third = (ws.cell(n, col["recommendation"]).value for n in (2, 3, 4))
    ws.cell(2, col["text"]).value = "Our own wording of the recommendation"
    ws.cell(2, col["status"]).value = "fully implemented"
    ws.cell(2, col["actions"]).value = "Done in 2024"
    ws.cell(3, col["position"]).value = "noted"
    ws.cell(3, col["previous_status"]).value = "fully implemented" \
        if ws.cell(3, col["previous_status"]).value != "fully implemented" else "not implemented"
    ws.cell(3, col["status"]).value = "partially implemented"
    ws.cell(4, col["text"]).value = "  " + ws.cell(4, col["text"]).value.replace(" ", "\n", 1) + " "  # spacing only
    ws.cell(4, col["status"]).value = "not implemented"
    returned = tmp_path / "back.xlsx"
    wb.save(returned)

    got = api.collect(sample_copy, [returned])
    assert got.returns and not [d for d in got.diagnostics if d.severity.value == "error"]
    changed = {d.location.row: d for d in got.diagnostics if d.code == "pack-locked-changed"}
    assert set(changed) == {2, 3}                     # not row 4: the same text, spaced otherwise
    assert changed[2].severity.value == "warning" and changed[2].location.sheet == "Implementation"
    assert changed[2].message.startswith(f"row 2: the text of {first} was changed in the return")
    assert "not taken" in changed[2].message and "actions column" in changed[2].message
    assert changed[3].message.startswith(f"row 3: the position and previous status of {second} were changed")
    rows = _implementation(sample_copy, "justice")
    assert rows[first].status == "fully implemented" and rows[first].actions == "Done in 2024"
    assert rows[second].status == "partially implemented" and rows[third].status == "not implemented"
    v = api.validate(sample_copy)
    assert v.project.recommendation_map()[first].text != "Our own wording of the recommendation"


def test_a_return_of_a_pack_sent_again_is_held_to_the_register(sample_copy, tmp_path):
    """Sending the pack again replaces its workbook in requests/: an earlier pack coming back
    is compared with the register's text and position."""
    first_pack = _pack(sample_copy)
    kept = tmp_path / "first-pack.xlsx"
    shutil.copy(first_pack.workbook, kept)
    api.request(sample_copy, today=dt.date(2024, 6, 8))
    wb, ws, col = _rows(kept)
    rid = ws.cell(2, col["recommendation"]).value
    ws.cell(2, col["text"]).value = "Shortened"
    ws.cell(2, col["status"]).value = "fully implemented"
    ws.cell(3, col["status"]).value = "not implemented"
    wb.save(kept)
    got = api.collect(sample_copy, [kept])
    (d,) = [d for d in got.diagnostics if d.code == "pack-locked-changed"]
    assert d.location.row == 2 and d.message.startswith(f"row 2: the text of {rid} is not the register's")
    assert got.returns and _implementation(sample_copy, "justice")[rid].status == "fully implemented"


# -- 3. the words of a Word return ------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def _xml(fragment: str):
    from docx.oxml import parse_xml

    return parse_xml(fragment)


def _word_return(narrative: Path, dest: Path) -> int:
    """The pack's Word file with text under D.justice as Word saves it (runs split inside
    words, a table, a list, a content control, a link field, tracked changes, a text box
    Word writes twice for older programs), and the number of words a reader sees there,
    counted from the visible strings themselves."""
    doc = Document(narrative)
    heading = next(p for p in doc.paragraphs if p.text.startswith("D.justice"))
    visible: list[str] = []
    blocks = []

    def para(text: str):
        p = doc.add_paragraph(text)
        visible.append(text)
        blocks.append(p._p)
        return p

    para("Courts cleared three thousand old cases in 2024 under the new case management system.")
    split = doc.add_paragraph()                             # "Legal" split across runs, as Word's rsids do
    for piece in ("Le", "gal aid offices ", "opened in every region."):
        split.add_run(piece)
    visible.append("Legal aid offices opened in every region.")
    blocks.append(split._p)
    table = doc.add_table(rows=2, cols=3)
    for r, cells in enumerate((("Region", "Cases closed", "Legal aid"), ("North", "1,200", "340 persons"))):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
            visible.append(text)
    blocks.append(table._tbl)
    for item in ("First item of a list", "Second item of the list"):
        p = para(item)
        p.style = doc.styles["List Bullet"]
    blocks.append(_xml(f'<w:sdt {NS}><w:sdtPr><w:alias w:val="Answer"/></w:sdtPr><w:sdtContent><w:p><w:r>'
                       '<w:t>Text written inside a content control</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    visible.append("Text written inside a content control")
    blocks.append(_xml(f'<w:p {NS}><w:r><w:t xml:space="preserve">See </w:t></w:r>'
                       '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                       '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/annual-report" '
                       '</w:instrText></w:r>'
                       '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the annual report</w:t></w:r>'
                       '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'))
    visible.append("See the annual report")
    blocks.append(_xml(f'<w:p {NS}><w:r><w:t xml:space="preserve">The budget was </w:t></w:r>'
                       '<w:del w:id="1" w:author="Focal point" w:date="2024-06-20T10:00:00Z"><w:r>'
                       '<w:delText>cut by a third in the spring</w:delText></w:r></w:del>'
                       '<w:ins w:id="2" w:author="Focal point" w:date="2024-06-20T10:00:00Z"><w:r>'
                       '<w:t>doubled</w:t></w:r></w:ins></w:p>'))
    visible.append("The budget was doubled")
    box = ('<w:txbxContent><w:p><w:r><w:t>Words in a text box</w:t></w:r></w:p></w:txbxContent>')
    blocks.append(_xml(
        f'<w:p {NS}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline>'
        '<wp:extent cx="1828800" cy="457200"/><wp:docPr id="7" name="Text Box 7"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:spPr/><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>'
        '</wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:144pt;height:36pt">'
        f'<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>'))
    visible.append("Words in a text box")
    anchor = heading._p
    for el in blocks:
        anchor.addnext(el)
        anchor = el
    doc.save(dest)
    return sum(len(text.split()) for text in visible)


def test_a_word_return_counts_each_word_once(sample_copy, tmp_path):
    pack = _pack(sample_copy)
    expected = _word_return(pack.narrative, tmp_path / "MoJ text.docx")
    assert expected == 59                                     # the visible strings above, word by word
    got = api.collect(sample_copy, [tmp_path / "MoJ text.docx"])
    (back,) = got.returns
    assert back.kind == "narrative" and back.fragments == ["justice-D-justice.docx"]
    assert back.words == expected


def test_the_words_collect_reports_are_the_words_the_report_counts(sample_copy, tmp_path):
    """Plain prose, a table and a list: what collect says it took is what progress (and the
    report's word count) then finds in the new fragment."""
    pack = _pack(sample_copy)
    doc = Document(pack.narrative)
    heading = next(p for p in doc.paragraphs if p.text.startswith("D.justice"))
    text = ("In 2024 the Ministry opened twelve legal aid offices; 4,200 persons were advised in the first "
            "six months, two thirds of them women.")
    p = doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Offices opened", "12 in 2024"
    heading._p.addnext(p._p)
    p._p.addnext(table._tbl)
    doc.save(tmp_path / "text.docx")
    before = {b.slug: b.words for b in api.progress(sample_copy).bodies}["justice"]
    got = api.collect(sample_copy, [tmp_path / "text.docx"])
    after = {b.slug: b.words for b in api.progress(sample_copy).bodies}["justice"]
    assert got.returns[0].words == len(text.split()) + 5 == after - before


# -- 4. status words --------------------------------------------------------------------------

EN = ["fully implemented", "partially implemented", "not implemented"]
FR = ["pleinement mise en œuvre", "partiellement mise en œuvre", "non mise en œuvre"]
ES = ["plenamente implementada", "parcialmente implementada", "no implementada"]
SAID = {   # typed -> the degree, as index into EN, FR, ES
    "Implemented": 0, "implemented": 0, "done": 0, "Done": 0, "completed": 0, "Fully Implemented.": 0,
    "fully implemented": 0, "mis en œuvre": 0, "mise en œuvre": 0, "Réalisé": 0, "terminé": 0,
    "implementado": 0, "cumplido": 0, "implmented": 0,
    "ongoing": 1, "in progress": 1, "en cours": 1, "en curso": 1, "en proceso": 1, "partially": 1, "partly": 1,
    "partiellement": 1, "parcialmente": 1, "en parte": 1, "Partialy implemented": 1, "not fully implemented": 1,
    "not started": 2, "no iniciado": 2, "sin iniciar": 2, "non commencé": 2, "pas mis en œuvre": 2,
    "non mise en oeuvre": 2, "not implemented": 2, "unimplemented": 2, "no implementado": 2,
    "n'a pas été mis en œuvre": 2, "hasn't started": 2,
}


@pytest.mark.parametrize("vocabulary", [EN, FR, ES], ids=["en", "fr", "es"])
def test_status_words_are_offered_the_status_that_says_the_same(vocabulary):
    for typed, degree in SAID.items():
        assert statuses.best(typed, vocabulary) == vocabulary[degree], typed


@pytest.mark.parametrize("vocabulary", [EN, FR, ES, ["implemented", "in progress", "not started"],
                                        ["done", "not done"]], ids=["en", "fr", "es", "three", "two"])
def test_a_suggestion_never_differs_from_the_text_only_by_a_negation(vocabulary):
    words = list(SAID) + vocabulary + ["nto implemented", "yes", "pending", "pendiente", "see actions"]
    for typed in words:
        found = statuses.best(typed, vocabulary)
        if found is not None:
            assert not statuses.opposite_by_negation(typed, found), (typed, found)
            assert statuses.degree(typed) in (None, statuses.degree(found),
                                              *statuses._INSTEAD[statuses.degree(found)]), (typed, found)
    assert statuses.best("partially", ["done", "not done"]) is None      # no such status: nothing offered
    assert statuses.opposite_by_negation("Implemented", "not implemented")
    assert statuses.opposite_by_negation("mise en œuvre", "non mise en œuvre")
    assert statuses.opposite_by_negation("iniciado", "no iniciado")
    assert statuses.opposite_by_negation("commencé", "pas commencé")


def test_a_return_with_implemented_typed_is_told_fully_implemented(sample_copy, tmp_path):
    pack = _pack(sample_copy)
    wb, ws, col = _rows(pack.workbook)
    ws.cell(2, col["status"]).value = "Implemented"
    ws.cell(3, col["status"]).value = "ongoing"
    wb.save(tmp_path / "back.xlsx")
    got = api.collect(sample_copy, [tmp_path / "back.xlsx"])
    said = {d.location.row: d.message for d in got.diagnostics if d.code == "status-invalid"}
    assert "did you mean 'fully implemented'?" in said[2] and "'not implemented'?" not in said[2]
    assert "did you mean 'partially implemented'?" in said[3]


def test_a_french_project_suggests_in_its_own_vocabulary(tmp_path):
    root = tmp_path / "belvedere"
    shutil.copytree(FR_SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    done = api.request(root, deadline=dt.date(2025, 1, 31), today=dt.date(2025, 1, 2))
    pack = next(p for p in done.packs if p.recommendations)
    wb, ws, col = _rows(pack.workbook, "Mise en œuvre")          # a French project's pack is French
    for n, typed in enumerate(("mis en œuvre", "en cours", "pas commencé"), start=2):
        ws.cell(n, col["statut"]).value = typed
    wb.save(tmp_path / "retour.xlsx")
    got = api.collect(root, [tmp_path / "retour.xlsx"])
    said = {d.location.row: d.message for d in got.diagnostics if d.code == "status-invalid"}
    assert "did you mean 'pleinement mise en œuvre'?" in said[2]
    assert "did you mean 'partiellement mise en œuvre'?" in said[3]
    assert "did you mean 'non mise en œuvre'?" in said[4]


def test_validate_suggests_the_spanish_status_for_english_words(sample_copy):
    manifest = sample_copy / "report.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "status_vocabulary: [" + ", ".join(ES) + "]\n",
                        encoding="utf-8")
    v = api.validate(sample_copy)
    said = [d.message for d in v.report.items if d.code == "status-invalid"]
    assert said
    for message in said:
        typed = message.split("'")[1]
        assert f"did you mean '{ES[EN.index(typed)]}'?" in message, message


# -- 5. progress on a replayed date -----------------------------------------------------------

def _fill_one(workbook: Path, dest: Path) -> None:
    wb, ws, col = _rows(workbook)
    ws.cell(2, col["status"]).value = "fully implemented"
    wb.save(dest)


def test_a_return_collected_after_the_day_replayed_is_not_its_last_return(sample_copy, tmp_path):
    pack = _pack(sample_copy)
    _fill_one(pack.workbook, tmp_path / "back.xlsx")
    api.collect(sample_copy, [tmp_path / "back.xlsx"])                   # collected now
    real = dt.date.today()
    past = {b.slug: b for b in api.progress(sample_copy, dt.date(2024, 7, 3)).bodies}["justice"]
    assert past.last_return == "" and past.returns == 0 and past.later == 1
    assert past.to_json()["last_return"] is None and past.to_json()["returns_later"] == 1
    for day in (None, real, real + dt.timedelta(days=30)):
        now = {b.slug: b for b in api.progress(sample_copy, day).bodies}["justice"]
        assert now.returns == 1 and now.later == 0 and now.last_return
        stamp = dt.datetime.fromisoformat(now.last_return).astimezone().date()
        assert stamp == real and stamp <= (day or real)


def test_a_replayed_collection_is_dated_the_day_it_replays(sample_copy, tmp_path):
    pack = _pack(sample_copy)
    _fill_one(pack.workbook, tmp_path / "back.xlsx")
    collecting.collect(sample_copy, [tmp_path / "back.xlsx"], today=dt.date(2024, 6, 20))
    reg = json.loads((sample_copy / "requests" / "register.json").read_text(encoding="utf-8"))
    (back,) = [r for p in reg["packs"] for r in p.get("returns", [])]
    assert dt.datetime.fromisoformat(back["at"]).astimezone().date() == dt.date(2024, 6, 20)
    board = {d: {b.slug: b for b in api.progress(sample_copy, d).bodies}["justice"]
             for d in (dt.date(2024, 6, 19), dt.date(2024, 6, 20), dt.date(2024, 7, 3))}
    assert board[dt.date(2024, 6, 19)].returns == 0 and board[dt.date(2024, 6, 19)].last_return == ""
    for d in (dt.date(2024, 6, 20), dt.date(2024, 7, 3)):
        assert board[d].returns == 1
        assert dt.datetime.fromisoformat(board[d].last_return).astimezone().date() == dt.date(2024, 6, 20) <= d


def test_the_command_line_dates_a_replayed_collection(sample_copy, tmp_path):
    from click.testing import CliRunner

    from uprreport.cli import main

    pack = _pack(sample_copy)
    _fill_one(pack.workbook, tmp_path / "back.xlsx")
    got = CliRunner().invoke(main, ["collect", str(sample_copy), str(tmp_path / "back.xlsx"), "--today", "2024-06-20"])
    assert got.exit_code == 0, got.output
    board = {b.slug: b for b in api.progress(sample_copy, dt.date(2024, 7, 3)).bodies}["justice"]
    assert board.returns == 1 and board.last_return.startswith("2024-06-20")


def test_an_answer_without_a_status_is_said_not_dropped_silently(sample_copy, tmp_path):
    pack = _pack(sample_copy)
    wb, ws, col = _rows(pack.workbook)
    ws.cell(2, col["status"]).value = "fully implemented"
    ws.cell(3, col["actions"]).value = "A law was adopted in May"   # no status chosen
    wb.save(tmp_path / "back.xlsx")
    second = ws.cell(3, col["recommendation"]).value
    got = api.collect(sample_copy, [tmp_path / "back.xlsx"])
    (said,) = [d for d in got.diagnostics if d.code == "status-missing"]
    assert said.location.row == 3 and said.location.field == "status" and second in said.message
    assert "actions" in said.message and "no status" in said.message
    assert len(got.returns) == 1   # the rest of the file is taken


def test_the_same_file_sent_twice_is_taken_once(sample_copy, tmp_path):
    pack = _pack(sample_copy)
    _fill_one(pack.workbook, tmp_path / "back.xlsx")
    first = api.collect(sample_copy, [tmp_path / "back.xlsx"])
    again = api.collect(sample_copy, [tmp_path / "back.xlsx"])
    assert len(first.returns) == 1 and not again.returns
    (said,) = [d for d in again.diagnostics if d.code == "pack-repeated"]
    assert "already taken in" in said.message
    reg = json.loads((sample_copy / "requests" / "register.json").read_text(encoding="utf-8"))
    assert sum(len(p.get("returns", [])) for p in reg["packs"]) == 1
