"""The coordinators' workbooks speak the report's language: the first sheet of the links
workbook (`export links`) and of the assignments workbook (`export assignments`) in French
for a French report; their column names stay as the imports read them."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from uprreport import api
from uprreport.api import linking

from earlierkit import ARCADIA_EARLIER, add_rows

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _first_sheet(path: Path) -> tuple[str, list[str]]:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    return sheet.title, [str(c.value) for row in sheet.iter_rows() for c in row if c.value]


def test_the_assignments_workbook_in_french(tmp_path):
    root = tmp_path / "belvedere"
    shutil.copytree(SAMPLES / "national-belvedere-fr", root, ignore=shutil.ignore_patterns("build"))
    api.export_assignments(root, tmp_path / "affectations.xlsx")
    _title, lines = _first_sheet(tmp_path / "affectations.xlsx")
    text = "\n".join(lines)
    assert "recommandation" in text.lower() and "Who answers for each recommendation" not in text
    assert "uprreport import assignments" in text                      # the command as it is typed
    book = openpyxl.load_workbook(tmp_path / "affectations.xlsx")
    assert [c.value for c in book["Assignments"][1]][:2] == ["id", "text"]


def test_the_links_workbook_in_french_and_english(tmp_path):
    import csv

    for sample, english in (("national-belvedere-fr", False), ("national-arcadia", True)):
        root = tmp_path / sample
        shutil.copytree(SAMPLES / sample, root, ignore=shutil.ignore_patterns("build"))
        register = next(p for p in root.glob("*.csv") if p.name != "assignments.csv")
        with register.open(encoding="utf-8-sig", newline="") as f:
            first = list(csv.DictReader(f))[:2]      # received again: the same words at the earlier review
        add_rows(register, ["cycle"], ARCADIA_EARLIER + [{**r, "id": f"99.{n}", "cycle": "3"}
                                                         for n, r in enumerate(first, 1)])
        linking.link(root)
        out = tmp_path / f"{sample}-links.xlsx"
        linking.export_links(root, out)
        _title, lines = _first_sheet(out)
        text = "\n".join(lines)
        said = "For each row, choose in the 'confirmed' column" in text
        assert said == english, text
        assert "uprreport import links FILE -p PROJECT" in text


def test_every_subject_has_its_words_for_the_evidence():
    from uprreport import linking
    from uprreport.model import subjects

    assert set(linking.SUBJECT_WORDS) == set(subjects.KEYS)


def test_the_evidence_in_the_readers_language():
    from uprreport import i18n, linking

    said = ("CEDAW and UPR; becoming party to OP-CAT; subject: discrimination, roma; key terms: ratify option; "
            "same recommending State: Denmark, Chile; a note written by hand")
    english = linking.evidence_in(said, i18n.Language("en"))
    assert english == said.replace("discrimination, roma", "discrimination and roma").replace(
        "Denmark, Chile", "Denmark and Chile")                             # lists as English writes them
    french = linking.evidence_in(said, i18n.Language("fr"))
    assert "subject:" not in french and "same recommending State" not in french and "becoming party" not in french
    assert "OP-CAT" in french and "Denmark et Chile" in french and "ratify option" in french
    assert french.endswith("; a note written by hand")                     # a part it does not know, as it is
    arabic = linking.evidence_in(said, i18n.Language("ar"))
    assert "roma" not in arabic and "discrimination" not in arabic
