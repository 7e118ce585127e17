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
