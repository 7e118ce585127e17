"""Recommendations from a Working Group report and positions from its addendum, as issued."""

from __future__ import annotations

import csv

from docx import Document

from uprreport import api
from uprreport.readers import wgreport

REPORT = [
    "A/HRC/59/15",
    "Report of the Working Group on the Universal Periodic Review",
    "II. Conclusions and/or recommendations",
    "140. The following recommendations will be examined by Arcadia, which will provide responses in due "
    "time, but no later than the fifty-ninth session of the Human Rights Council:",
    "140.1 Ratify the Optional Protocol to the Convention against Torture (Denmark) (Chile);",
    "140.2 Consider ratifying the ILO Domestic Workers Convention, 2011 (No. 189) (Philippines);",
    "140.3 Continue its efforts to combat trafficking in persons (Venezuela (Bolivarian Republic of));",
    "140.4 Strengthen the independence of the National Human Rights Institution (Portugal);",
    "140.5 Adopt a comprehensive anti-discrimination law (Canada);",
    "141. All conclusions and/or recommendations contained in the present report reflect the position of the "
    "submitting State(s) and/or the State under review.",
]
ADDENDUM = [
    "A/HRC/59/15/Add.1",
    "1. Arcadia supports recommendations 140.1 and 140.3–140.5.",
    "2. Arcadia notes recommendation 140.2, since the Convention is under review by the Ministry of Labour.",
]


def _docx(path, paragraphs):
    d = Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)
    return path


def test_recommendations_and_positions_from_word(tmp_path):
    got = wgreport.read(_docx(tmp_path / "r.docx", REPORT), _docx(tmp_path / "a.docx", ADDENDUM))
    assert [r.id for r in got.recommendations] == ["140.1", "140.2", "140.3", "140.4", "140.5"]
    assert got.recommendations[0].states == ["Denmark", "Chile"]
    assert got.recommendations[2].states == ["Venezuela (Bolivarian Republic of)"]
    assert got.recommendations[4].text == "Adopt a comprehensive anti-discrimination law"
    assert [r.position for r in got.recommendations] == ["supported", "noted", "supported", "supported", "supported"]
    assert got.symbol == "A/HRC/59/15" and not got.diagnostics


def test_a_pdf_report_with_lines_broken_by_the_page(tmp_path):
    text = "\n".join(REPORT).replace("combat trafficking in persons", "combat traf-\nficking in\npersons")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    got = wgreport.read(tmp_path / "r.txt")
    assert got.recommendations[2].text == "Continue its efforts to combat trafficking in persons"
    (d,) = got.diagnostics   # no addendum: positions left to fill, said once
    assert "no addendum" in d.message and "5 recommendations" in d.message


def test_import_into_a_project(tmp_path):
    root = tmp_path / "p"
    api.init(root, "national")
    (root / "recommendations.csv").unlink()
    result = api.import_wgreport(_docx(tmp_path / "r.docx", REPORT), root, _docx(tmp_path / "a.docx", ADDENDUM))
    assert len(result.added) == 5
    rows = list(csv.DictReader(open(root / "recommendations.csv", encoding="utf-8")))
    assert [r["position"] for r in rows] == ["supported", "noted", "supported", "supported", "supported"]
    assert {r["source"] for r in rows} == {"A/HRC/59/15"}


import pytest  # noqa: E402


@pytest.mark.libreoffice
def test_a_report_issued_as_pdf(tmp_path):
    from uprreport.libreoffice import convert

    convert(_docx(tmp_path / "r.docx", REPORT), tmp_path / "r.pdf")
    convert(_docx(tmp_path / "a.docx", ADDENDUM), tmp_path / "a.pdf")
    got = wgreport.read(tmp_path / "r.pdf", tmp_path / "a.pdf")
    assert [r.id for r in got.recommendations] == ["140.1", "140.2", "140.3", "140.4", "140.5"]
    assert [r.position for r in got.recommendations] == ["supported", "noted", "supported", "supported", "supported"]
    assert got.recommendations[1].text == "Consider ratifying the ILO Domestic Workers Convention, 2011 (No. 189)"
