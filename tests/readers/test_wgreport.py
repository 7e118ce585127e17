"""Recommendations from a Working Group report and positions from its addendum, as issued."""

from __future__ import annotations

import csv
import re

import pytest
import wgpdf   # tests/readers/wgpdf.py
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



@pytest.mark.libreoffice
def test_a_report_issued_as_pdf(tmp_path):
    from uprreport.libreoffice import convert

    convert(_docx(tmp_path / "r.docx", REPORT), tmp_path / "r.pdf")
    convert(_docx(tmp_path / "a.docx", ADDENDUM), tmp_path / "a.pdf")
    got = wgreport.read(tmp_path / "r.pdf", tmp_path / "a.pdf")
    assert [r.id for r in got.recommendations] == ["140.1", "140.2", "140.3", "140.4", "140.5"]
    assert [r.position for r in got.recommendations] == ["supported", "noted", "supported", "supported", "supported"]
    assert got.recommendations[1].text == "Consider ratifying the ILO Domestic Workers Convention, 2011 (No. 189)"


# A report typeset as a PDF (tests/readers/wgpdf.py): three A4 pages, words parted by gaps
# and never by a space character, kerning gaps inside words, the symbol in the first page's
# masthead, running heads (a title, and the symbol with the page number, mirrored on odd and
# even pages), a job number, barcode and "Please recycle" in the first page's foot, page
# numbers at the foot of the others, a footnote and its mark.
TYPESET = [
    [(400, 800, 10, "A/HRC/25/5"),
     (72, 760, 10, "Report of the Working Group on the Universal Periodic Review"),
     (72, 740, 10, "140.\tThe following recommendations will be examined by Arcadia:"),
     (72, 720, 10, "140.1\tGuarantee an impa|rtial investigation of all allegations of ill-"),
     (72, 708, 10, "treatment (Denmark);"),
     (72, 690, 10, "140.2\tEnsure the right to a defe|nce for every person deprived of liberty"),
     (72, 678, 10, "from the first hour of police custody and strengthen the indepen-"),
     (72, 60, 8, "GE.14-12345 (E) 120314 130314"),
     (72, 48, 8, "*1412345*"), (450, 48, 8, "Please recycle")],
    [(72, 815, 9, "Universal Periodic Review"),
     (72, 800, 10, "A/HRC/25/5"), (510, 800, 10, "2"),
     (72, 760, 10, "dence of the judiciary (Chile) (Venezuela (Bolivarian Republic of));"),
     (72, 742, 10, "140.3\tAdopt a comprehensive anti-discrimination law, in line with its"),
     (72, 730, 10, "obligations under the Convention^1 (Canada);"),
     (72, 712, 10, "140.4~Consider ratifying the ILO Domestic Workers Convention, 2011"),
     (72, 90, 8, "1 See A/HRC/WG.6/18/ARC/1, para. 12, and the report of 2013."),
     (290, 40, 10, "- 2 -")],
    [(72, 815, 9, "Universal Periodic Review"),
     (72, 800, 10, "3"), (480, 800, 10, "A/HRC/25/5"),
     (72, 760, 10, "(No. 189) (Philippines);"),
     (72, 742, 10, "141.\tAll conclusions and/or recommendations contained in the present report"),
     (290, 40, 10, "- 3 -")],
]


def test_a_typeset_pdf_is_read_without_its_heads_feet_and_notes(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(wgpdf.typeset(TYPESET))
    text, diags = wgreport.text_of(path, "r.pdf")
    assert not diags and text.splitlines() == [
        "A/HRC/25/5",
        "Report of the Working Group on the Universal Periodic Review",
        "140. The following recommendations will be examined by Arcadia:",
        "140.1 Guarantee an impartial investigation of all allegations of ill-",
        "treatment (Denmark);",
        "140.2 Ensure the right to a defence for every person deprived of liberty",
        "from the first hour of police custody and strengthen the indepen-",
        "dence of the judiciary (Chile) (Venezuela (Bolivarian Republic of));",
        "140.3 Adopt a comprehensive anti-discrimination law, in line with its",
        "obligations under the Convention (Canada);",
        "140.4Consider ratifying the ILO Domestic Workers Convention, 2011",
        "(No. 189) (Philippines);",
        "141. All conclusions and/or recommendations contained in the present report"]
    got = wgreport.read(path)
    assert [(r.id, r.text, r.states) for r in got.recommendations] == [
        ("140.1", "Guarantee an impartial investigation of all allegations of ill-treatment", ["Denmark"]),
        ("140.2", "Ensure the right to a defence for every person deprived of liberty from the first hour of police "
                  "custody and strengthen the independence of the judiciary",
         ["Chile", "Venezuela (Bolivarian Republic of)"]),
        ("140.3", "Adopt a comprehensive anti-discrimination law, in line with its obligations under the Convention",
         ["Canada"]),
        ("140.4", "Consider ratifying the ILO Domestic Workers Convention, 2011 (No. 189)", ["Philippines"])]
    assert got.symbol == "A/HRC/25/5"


NOTES = {"140.9": "See A/HRC/WG.6/18/ARC/1, para. 12.", "140.30": "The Convention entered into force in 2013."}


@pytest.mark.libreoffice
@pytest.mark.parametrize("page_in_header", [True, False], ids=["number-in-head", "number-in-foot"])
def test_a_report_made_as_the_un_makes_them_is_read_word_for_word(tmp_path, page_in_header):
    import pdfplumber

    recs = wgpdf.recommendations(60)
    path = wgpdf.pdf(wgpdf.report(tmp_path / "r.docx", recs, page_in_header=page_in_header, notes=NOTES),
                     tmp_path / "r.pdf")
    with pdfplumber.open(path) as pdf:   # what the test is about: the PDF holds heads, feet and notes
        printed = [page.extract_text().splitlines() for page in pdf.pages]
    assert len(printed) >= 5 and all("A/HRC/25/5" in lines[0] for lines in printed[1:])
    assert any("GE.14-12345 (E)" in line for line in printed[0]) and any("2013." in p[-2] for p in printed)
    crossing = [k for k, lines in enumerate(printed[1:], 2) if not re.match(r"14[01]\.", lines[1])]
    assert len(crossing) >= 3   # pages that open in the middle of a recommendation
    got = wgreport.read(path)
    assert [(r.id, r.text, r.states) for r in got.recommendations] == [(i, wgpdf.plain(t), s) for i, t, s in recs]
    assert got.symbol == "A/HRC/25/5" and [d.code for d in got.diagnostics] == ["import-layout"]   # no addendum


DAMAGED = {"no PDF": lambda good: b"%PDF-1.4\n" + b"x" * 100,
           "cut in half": lambda good: good[:len(good) // 2],
           "a page box that is no box": lambda good: good.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox 7")}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_pdf_is_a_located_error(tmp_path, damage):
    path = tmp_path / "r.pdf"
    path.write_bytes(DAMAGED[damage](wgpdf.typeset(TYPESET)))
    text, (d,) = wgreport.text_of(path, "r.pdf")
    assert text is None and d.code == "file-unreadable" and d.location.path == "r.pdf"
    assert "cannot be read" in d.message and "download it again, or give the report as .docx" in d.message


def test_a_pdf_locked_by_a_password_or_without_text_says_so(tmp_path):
    locked = wgpdf.typeset(TYPESET).replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 "
                                                          b"/O (x) /U (y) /P -4 >> /ID [(a)(b)]")
    (tmp_path / "locked.pdf").write_bytes(locked)
    (tmp_path / "scan.pdf").write_bytes(wgpdf.typeset([[], []]))
    assert wgreport.text_of(tmp_path / "locked.pdf", "locked.pdf")[1][0].message.startswith(
        "this PDF is locked by a password")
    got = wgreport.read(tmp_path / "scan.pdf")
    assert not got.recommendations and [d.message for d in got.diagnostics] == [
        "this PDF holds no text (is it a scan?); give the report as .docx, or as a PDF with its text"]


@pytest.mark.parametrize("broken, whole", [
    ("indepen-\ndent", "independent"),            # hyphenation: the halves are no words
    ("traf-\nficking", "trafficking"),
    ("non-\ndiscrimination", "non-discrimination"),   # a first half UN English hyphenates
    ("awareness-\nraising", "awareness-raising"),     # both halves are words of the report
    ("Afro-\nDescendants", "Afro-Descendants"),       # a capital after the hyphen
    ("2016-\n2020", "2016-2020"),
    ("child-\nfriendly", "child-friendly"),           # the report writes it whole elsewhere
    ("fol-\nlow", "follow"),                          # the report writes "follow" elsewhere
    ("defen\u00ad\nders", "defenders"),               # a soft hyphen is hyphenation
])
def test_a_word_broken_at_a_line_end_is_made_whole_as_the_report_writes_it(tmp_path, broken, whole):
    lines = ["140. The following recommendations:",
             f"140.1 Ensure {broken} and raising of awareness (Chile);",
             "140.2 Follow up the child-friendly justice strategy and follow it (Peru);",
             "141. All conclusions."]
    (tmp_path / "r.txt").write_text("\n".join(lines), encoding="utf-8")
    got = wgreport.read(tmp_path / "r.txt")
    assert got.recommendations[0].text == f"Ensure {whole} and raising of awareness"
