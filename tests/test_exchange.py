"""Exports (register, matrix, IMPACT OSS) and the IMPACT round trip; formula safety."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from uprreport import api
from uprreport.readers.tables import read_csv


def test_impact_round_trip(tmp_path):
    first = tmp_path / "a.csv"
    assert api.export(SAMPLE, "impact", first).rows == 270
    root = tmp_path / "p"
    api.init(root, "national")
    (root / "recommendations.csv").unlink()
    result = api.import_impact(first, root)
    assert len(result.added) == 270
    second = tmp_path / "b.csv"
    api.export(root, "impact", second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    again = api.import_impact(first, root)
    assert len(again.unchanged) == 270 and not again.changed


def test_matrix_export_is_a_filterable_sheet(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "m.xlsx"
    api.export(SAMPLE, "matrix", out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["id", "text", "states", "position"] and "status" in header
    assert ws.max_row == 271 and ws.auto_filter.ref and ws.freeze_panes == "A2"
    # what contributors enter comes out: partners and timeframe too (justice: 140.2 with OGEN; HRO, 2022–2025)
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "140.2")
    values = dict(zip(header, row))
    assert values["partners"] == "OGEN; HRO" and values["timeframe"] == "2022–2025"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cells_that_look_like_formulas_never_run(tmp_path, suffix):
    root = tmp_path / "p"
    api.init(root, "national")
    reg = root / "recommendations.csv"
    reg.write_text(reg.read_text() + '140.9,"=HYPERLINK(""http://evil"",""x"")",France,noted,intl,,\n')
    out = tmp_path / f"r{suffix}"
    api.export(root, "register", out)
    if suffix == ".csv":
        assert "'=HYPERLINK" in out.read_text()
        data, _ = read_csv(out, "r.csv")
        assert any(row["text"].startswith("=HYPERLINK") for _n, row in data.rows)   # read back as text
    else:
        from openpyxl import load_workbook

        ws = load_workbook(out).active
        cell = next(c for row in ws.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
        assert cell.data_type == "s"


def test_coverage_groups_unaddressed_recommendations_by_owner(validated):
    from uprreport.transforms.coverage import unaddressed_by_owner

    v = validated(SAMPLE)
    groups = unaddressed_by_owner(v.project)
    warned = next(d for d in v.report.items if d.code == "rec-not-addressed")
    ids = {i for g in groups.values() for i in g}
    assert len(ids) == int(warned.message.split()[0]) > 0
    assert all(owner.startswith(("Ministry", "Office", "Government", "(no owner)")) for owner in groups)


@pytest.mark.parametrize("group,heading", [("sdg", "Sustainable Development Goal: SDG "),
                                           ("body", "Responsible body: Ministry"),
                                           ("mechanism", "Source: UPR A/HRC/44/12")])
def test_matrix_can_be_grouped_by_other_clusters(sample_copy, tmp_path, group, heading):
    from docxxml import paragraph_texts

    m = sample_copy / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + f"matrix_group: {group}\n", encoding="utf-8")
    docx = api.build(sample_copy, tmp_path, pdf=False).outputs[0]
    assert any(t.startswith(heading) for t in paragraph_texts(docx))


def test_related_recommendations_are_checked_and_shown(sample_copy, tmp_path):
    reg = sample_copy / "recommendations.csv"
    lines = reg.read_text(encoding="utf-8").splitlines()
    lines[0] += ",related"
    lines[1] += ",140.2; CRC-99"
    reg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = [d for d in api.validate(sample_copy).report.errors if d.code == "rec-unknown"]
    assert len(errors) == 1 and "CRC-99" in errors[0].message
