"""The drafter's journey, end to end: a real OHCHR list, bodies, assignments by every means,
packs, returns (one re-saved through LibreOffice with a formula cell), the build. The report
names only the bodies that sent something, coverage equals the packs, and every status is
credited to the body that gave it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from lotools import resave

from uprreport import api, pipeline
from uprreport.collection import packs
from uprreport.transforms import coverage, responsibility

LIST = "slovenia-cycle4-thematic-list.docx"
BODIES = {   # folder -> (name, sections)
    "health": ("Ministry of Health", []),
    "education": ("Ministry of Education", []),
    "labour": ("Ministry of Labour", []),
    "interior": ("Ministry of the Interior", []),
}


def _body(root: Path, slug: str, name: str, sections: list[str]) -> None:
    folder = root / "contributions" / slug
    folder.mkdir(parents=True)
    (folder / "contributor.yaml").write_text(f"name: {name}\nkind: ministry\nsections: [{', '.join(sections)}]\n",
                                             encoding="utf-8")


def _answer(workbook: Path, dest: Path, statuses: dict[int, str], formula_row: int | None = None) -> list[str]:
    """Fill some rows of a pack's workbook as a focal point does; the ids answered."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Implementation"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    ids = []
    for row, status in statuses.items():
        ws.cell(row, col["status"]).value = status
        ws.cell(row, col["actions"]).value = "A plan was adopted in 2024"
        ids.append(ws.cell(row, col["recommendation"]).value)
    if formula_row is not None:   # typed "= 100% of schools covered": a formula for Excel and LibreOffice
        ws.cell(formula_row, col["indicators"]).value = "= 100% of schools covered"
    wb.save(dest)
    return ids


@pytest.mark.realdata
@pytest.mark.libreoffice
def test_the_drafters_journey(realdata, tmp_path):
    root = tmp_path / "report"
    api.init(root, "national", realdata / "upr" / LIST)
    themes = api.themes(root)
    assert len(themes) > 40 and all(t.recommendations for t in themes)

    # bodies; education owns a theme (the default rule), the others are given recommendations
    owned = next(t for t in themes if 5 <= t.recommendations <= 15 and not t.owners)
    for slug, (name, sections) in BODIES.items():
        _body(root, slug, name, [f"D.{owned.key}"] if slug == "education" else sections)
    assert api.assign(root, "health", ["140.200-140.215"]).changed                    # ids and ranges
    trafficking = api.assign(root, "interior", text="traffick")                       # words of the text
    assert len(trafficking.changed) > 10
    portugal = api.assign(root, "Ministry of Labour", state="Portugal", support=True)  # a recommending State
    assert portugal.changed
    out = tmp_path / "who.xlsx"                                                        # the workbook
    api.export_assignments(root, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Assignments"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "140.1")
    ws.cell(row, 5).value = "Ministry of Health"
    wb.save(out)
    assert api.import_assignments(root, out).changed == ["140.1"]

    # packs, then returns: health in Excel, education through LibreOffice with a formula cell
    p, report = pipeline.check(root)
    assert not report.has_errors(), [d.render() for d in report.errors]
    sent = api.request(root, deadline=dt.date(2026, 3, 31), today=dt.date(2026, 3, 1))
    by = {pk.slug: pk for pk in sent.packs}
    for c in p.contributions:   # each pack asks exactly what the one rule gives the body
        if c.slug in by:
            wb = openpyxl.load_workbook(by[c.slug].workbook)
            asked = [r[0].value for r in wb["Implementation"].iter_rows(min_row=2) if r[0].value]
            assert asked == [r.id for r in packs.owned(p, c)], c.slug
    health = _answer(by["health"].workbook, tmp_path / "health-back.xlsx", {2: "fully implemented",
                                                                         3: "partially implemented"})
    (tmp_path / "lo").mkdir()
    education = _answer(by["education"].workbook, tmp_path / "lo" / "education-edited.xlsx",
                        {2: "partially implemented"}, formula_row=2)
    resaved = resave(tmp_path / "lo" / "education-edited.xlsx", tmp_path / "lo-out")
    got = api.collect(root, [tmp_path / "health-back.xlsx", resaved], today=dt.date(2026, 3, 20))
    assert len(got.returns) == 2 and not [d for d in got.diagnostics if d.severity.value == "error"]
    assert [d for d in got.diagnostics if d.code == "cell-formula"]   # said, and the text kept

    # the build
    built = api.build(root, tmp_path / "out", pdf=False)
    docx = next(o for o in built.outputs if o.suffix == ".docx")
    text = "\n".join(par.text for par in Document(docx).paragraphs)
    assert "Ministry of Health" in text and "Ministry of Education" in text
    assert "Ministry of Labour" not in text and "Ministry of the Interior" not in text   # they sent nothing

    # coverage equals the packs; every status credited to the body that gave it
    p, _report = pipeline.check(root)
    done = coverage.addressed(p)
    groups = coverage.unaddressed_by_owner(p)
    for c in p.contributions:
        owes = {r.id for r in packs.owned(p, c) if r.position.answered and r.id not in done}
        assert set(groups.get(c.display_name, [])) == owes, c.slug
    assert groups.get("Ministry of Labour") and groups.get("Ministry of the Interior")
    rows = {}
    api.export(root, "matrix", tmp_path / "matrix.csv")
    import csv

    with open(tmp_path / "matrix.csv", encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    for rec_id in health:
        assert rows[rec_id]["responsible_body"] == "Ministry of Health" and rows[rec_id]["status"]
    for rec_id in education:
        assert rows[rec_id]["responsible_body"] == "Ministry of Education"
    assert "100% of schools covered" in rows[education[0]]["indicators"]   # the formula cell's text kept
    who = responsibility.rule(p)
    assert who["140.1"].lead == "health" and who["140.200"].lead == "health"
