from openpyxl import load_workbook

from uprreport.writers import table


def test_a_text_longer_than_an_excel_cell_is_cut_at_a_word_and_marked(tmp_path):
    long = ("word " * 20_000).strip()           # 99,999 characters
    out = tmp_path / "t.xlsx"
    warnings = table.write_xlsx(out, ["no", "comment"], [{"no": 1, "comment": long}, {"no": 2, "comment": "short"}])
    cell = load_workbook(out)["Register"]["B2"].value
    assert len(cell) <= table.EXCEL_CELL and cell.endswith("more than an Excel cell holds]")
    assert cell.split(" [… cut here")[0].endswith("word")          # not cut inside a word
    assert "99,999 characters" in cell
    (w,) = warnings
    assert w.code == "cell-cut" and w.location.row == 2 and w.location.field == "comment" and ".csv" in w.message
    assert load_workbook(out)["Register"]["B3"].value == "short"


def test_csv_keeps_every_character(tmp_path):
    long = "x" * 40_000
    out = tmp_path / "t.csv"
    assert table.write(out, ["comment"], [{"comment": long}]) == []
    assert long in out.read_text(encoding="utf-8")


# The data rows of write_xlsx are written as SpreadsheetML text into the package openpyxl
# made (writers/table.py, _rows_xml): what openpyxl wrote cell by cell before, read back the same.

def _sheet(tmp_path, rows, **kw):
    out = tmp_path / "t.xlsx"
    table.write_xlsx(out, ["id", "text", "n", "states", "status"], rows, **kw)
    return out, load_workbook(out)


def test_cells_read_back_as_written(tmp_path):
    rows = [{"id": "140.1", "text": "=HYPERLINK(\"x\")", "n": 3, "states": ["France", "Chad; Mali"], "status": True},
            {"id": "140.2", "text": "  a & <b> \x0b c\x1b  ", "n": 2.5, "states": [], "status": None},
            {"id": "140.3", "text": "+1", "n": -7, "states": ("Chad",), "status": ""},
            {"id": "140.4", "text": "@x", "n": False, "states": ["France", "Chad; Mali"], "status": "done"}]
    out, wb = _sheet(tmp_path, rows)
    ws = wb["Register"]
    assert [c.value for c in ws[1]] == ["id", "text", "n", "states", "status"] and ws["A1"].font.b
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        ["140.1", '=HYPERLINK("x")', 3, 'France; "Chad; Mali"', "True"],
        ["140.2", "  a & <b> \n c  ", 2.5, None, None],
        ["140.3", "+1", -7, "Chad", None],
        ["140.4", "@x", "False", 'France; "Chad; Mali"', "done"]]
    assert ws["B2"].data_type == "s" and ws["C2"].data_type == "n"          # a formula's text is text
    assert all(c.alignment.wrap_text for row in ws.iter_rows(min_row=2) for c in row)   # empty cells too
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E5" and ws.max_row == 5
    assert ws.column_dimensions["B"].width == 60 and ws.column_dimensions["A"].width == 18


def test_a_protected_sheet_keeps_its_open_and_locked_columns_on_every_row(tmp_path):
    rows = [{"id": f"140.{i}", "text": "t", "status": "" if i % 2 else "done"} for i in range(1, 6)]
    out, wb = _sheet(tmp_path, rows, locked=["id", "text"], choices={"status": ["done", "not done"]},
                     instructions=("Read me", ["Fill in the status", "=not a formula"]), spare_rows=10)
    ws = wb["Register"]
    assert wb.sheetnames == ["Read me", "Register"] and wb["Read me"]["A2"].value == "=not a formula"
    assert wb["Read me"]["A2"].data_type == "s"
    assert all(c.alignment.wrap_text for (c,) in wb["Read me"].iter_rows())   # long lines wrap in the column
    assert ws.protection.sheet
    for row in ws.iter_rows(min_row=2):
        assert row[0].protection.locked and row[0].fill.fgColor.rgb.endswith("E7E6E6")
        assert not row[4].protection.locked and not row[3].protection.locked   # empty or not
    (rule,) = ws.data_validations.dataValidation
    assert str(rule.sqref) == "E2:E16"


def test_an_empty_register_is_a_header(tmp_path):
    out, wb = _sheet(tmp_path, [])
    ws = wb["Register"]
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:E1"


def test_the_workbook_validates_against_ecma_376(tmp_path):
    """Every part against the schema; a text with a space at an end (above) is written as
    openpyxl and Excel write it, <t xml:space="preserve">, which the schema's ST_Xstring does
    not declare (Excel would drop the spaces without it); it is left out here."""
    from ooxml_schema import errors

    rows = [{"id": f"140.{i}", "text": f"x & y <{i}>", "n": i / 3, "states": ["A", "B"]} for i in range(1, 300)]
    out, _wb = _sheet(tmp_path, rows, locked=["id"], choices={"status": ["a" * 200, "b" * 200]},
                      properties={"round": "2"}, instructions=("Read me", ["x"]))
    assert errors(out) == []


def test_a_failure_while_writing_leaves_no_file(tmp_path):
    class Broken:
        def __str__(self):
            raise RuntimeError("no text")

    out = tmp_path / "t.xlsx"
    rows = [{"id": f"140.{i}", "text": "t" * 100} for i in range(5000)] + [{"id": Broken()}]
    try:
        table.write_xlsx(out, ["id", "text"], rows)
    except RuntimeError as exc:
        assert str(exc) == "no text"
    else:
        raise AssertionError("no error")
    assert not out.exists()
