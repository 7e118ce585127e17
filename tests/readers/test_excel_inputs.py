"""Workbooks as offices make them: ids typed as numbers, a sheet of instructions first."""

from __future__ import annotations

import csv

from openpyxl import Workbook

from uprreport import api


def _implementation_xlsx(path, rows, instructions=True, sheet="Data"):
    """An implementation workbook as a ministry fills it in Excel: ids typed into cells that
    Excel formats as numbers (so 140.10 is stored as 140.1), a first sheet of instructions."""
    wb = Workbook()
    if instructions:
        info = wb.active
        info.title = "Instructions"
        info.append(["Fill in one row per recommendation on the next sheet."])
        ws = wb.create_sheet(sheet)
    else:
        ws = wb.active
        ws.title = sheet
    ws.append(["Recommendation", "Status", "Actions"])
    for rec, status, actions in rows:
        ws.append([float(rec) if isinstance(rec, str) and rec.replace(".", "").isdigit() else rec, status, actions])
    wb.save(path)


def _use_xlsx(project, rows, **kw):
    folder = project / "contributions" / "justice"
    (folder / "implementation.csv").unlink()
    _implementation_xlsx(folder / "implementation.xlsx", rows, **kw)


def test_a_number_id_that_can_be_two_recommendations_is_an_error_naming_rows_and_sheet(sample_copy):
    # the register has both 140.1 and 140.10: "140.10" typed as a number arrives as 140.1
    _use_xlsx(sample_copy, [("140.10", "fully implemented", "a"), ("140.2", "fully implemented", "b")])
    v = api.validate(sample_copy)
    (d,) = [d for d in v.report.errors if d.code == "id-as-number"]
    assert d.location.sheet == "Data" and d.location.row == 2 and "140.1 may be 140.1 or 140.10" in d.message
    assert "Format the recommendation column as Text" in d.message
    assert "[sheet Data]:row 2" in str(d.location)
    assert v.compiled is None   # nothing is built on a guess


def test_a_number_id_that_can_be_one_recommendation_only_is_read_as_it(sample_copy):
    reg = sample_copy / "recommendations.csv"
    rows = list(csv.DictReader(open(reg, encoding="utf-8")))
    ids = {r["id"] for r in rows}
    assert "140.123" in ids and "140.1230" not in ids          # 140.123 cannot have lost a zero
    with open(reg, "w", encoding="utf-8", newline="") as f:    # without 140.1 and 140.100, "140.1" is 140.10
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(r for r in rows if r["id"] not in ("140.1", "140.100"))
    _use_xlsx(sample_copy, [("140.123", "fully implemented", "a"), ("140.10", "fully implemented", "b")])
    v = api.validate(sample_copy)
    assert not [d for d in v.report.errors if d.code == "id-as-number"]
    justice = next(c for c in v.project.contributions if c.slug == "justice")
    assert [row.recommendation for _l, row in justice.implementation] == ["140.123", "140.10"]


def test_the_table_is_found_after_a_sheet_of_instructions_or_named(sample_copy):
    _use_xlsx(sample_copy, [("140.2", "fully implemented", "a")], sheet="Données")
    v = api.validate(sample_copy)
    justice = next(c for c in v.project.contributions if c.slug == "justice")
    assert len(justice.implementation) == 1 and justice.implementation[0][0].sheet == "Données"
    # a sheet named in contributor.yaml that lacks the columns: the message names it
    y = sample_copy / "contributions" / "justice" / "contributor.yaml"
    y.write_text(y.read_text(encoding="utf-8") + "sheet: Instructions\n", encoding="utf-8")
    (d,) = [d for d in api.validate(sample_copy).report.errors if d.code == "table-missing-column"]
    assert d.location.sheet == "Instructions"


def test_a_register_with_number_ids_says_so_not_merge_the_states(tmp_path):
    from uprreport.readers import register

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "text", "position"])
    for i in range(1, 13):   # 140.1 ... 140.12, typed as numbers: 140.10 is stored as 140.1
        ws.append([float(f"140.{i}"), f"Recommendation {i}", "supported"])
    wb.save(tmp_path / "r.xlsx")
    recs, _where, diags = register.read(tmp_path / "r.xlsx", "r.xlsx")
    assert [d.code for d in diags] == ["id-as-number"]
    assert "rows 2, 3" in diags[0].message and "Format the id column as Text" in diags[0].message
