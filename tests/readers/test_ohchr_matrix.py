"""OHCHR thematic lists: the real 3rd and 4th cycle files, and a constructed 2nd cycle one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from docx import Document

from uprreport import api
from uprreport.readers import ohchr_matrix
from uprreport.readers.ohchr_matrix import parse_recommendation


def test_recommendation_cell_with_nested_state_names_and_merged_texts():
    rid, text, states, psource, source = parse_recommendation(
        "121.2 Complete the ratification of the Convention (Ukraine); Increase efforts towards it "
        "(Venezuela (Bolivarian Republic of));\nSource of Position: A/HRC/43/15/Add.1 - Para.3")
    assert rid == "121.2"
    assert text == "Complete the ratification of the Convention; Increase efforts towards it"
    assert states == ["Ukraine", "Venezuela (Bolivarian Republic of)"]
    assert (psource, source) == ("A/HRC/43/15/Add.1, para. 3", "A/HRC/43/15")


def test_parentheses_of_the_text_are_not_states():
    _rid, text, states, *_ = parse_recommendation("140.3 Ratify the ILO Convention, 2011 (No. 189) (Italy);")
    assert text == "Ratify the ILO Convention, 2011 (No. 189)" and states == ["Italy"]


def _second_cycle(path: Path) -> Path:
    doc = Document()
    t = doc.add_table(rows=1, cols=4)
    for c, h in zip(t.rows[0].cells, ["Recommendation", "Position", "Full list of themes",
                                      "Assessment/comments on level of implementation"]):
        c.text = h
    row = t.add_row().cells
    merged = row[0].merge(row[3])
    merged.text = "Theme: A12 Acceptance of international norms"
    row = t.add_row().cells
    row[0].text = "110.1 Ratify the Optional Protocol to the Convention against Torture (Denmark);\nSource of Position: A/HRC/30/9/Add.1"
    row[1].text = "Noted"
    row[2].text = "A12 Acceptance of international norms\nD25 Prohibition of torture\nAffected persons:\n- persons deprived of their liberty\nSDGs:\n- 16 - PEACE"
    row[3].text = "Under consideration"
    doc.save(path)
    return path


def test_second_cycle_layout_with_uhri_codes(tmp_path):
    rows, diags = ohchr_matrix.read(_second_cycle(tmp_path / "m.docx"), "m.docx")
    assert not diags and len(rows) == 1
    r = rows[0]
    assert (r.id, r.position, r.group, r.states) == ("110.1", "noted", "Acceptance of international norms", ["Denmark"])
    assert r.themes == ["Acceptance of international norms", "Prohibition of torture"] and r.uhri == ["A12", "D25"]
    assert r.affected_persons == ["persons deprived of their liberty"] and r.sdgs == [16]
    assert r.assessment == "Under consideration" and r.source == "A/HRC/30/9"


@pytest.mark.realdata
@pytest.mark.parametrize("name,total,supported,noted,para", [
    ("slovenia-cycle4-thematic-list.docx", 254, 217, 37, "140"),
    ("slovenia-cycle3-thematic-list.docx", 215, 182, 33, None),
])
def test_real_thematic_lists(realdata, name, total, supported, noted, para):
    rows, diags = ohchr_matrix.read(realdata / "upr" / name, name)
    assert not diags
    assert len(rows) == total == len({r.id for r in rows})
    assert Counter(r.position for r in rows) == {"supported": supported, "noted": noted}
    assert all(r.states and r.text and r.group and r.source for r in rows)
    if para:
        assert all(r.id.startswith(para + ".") for r in rows)
    assert not [s for r in rows for s in r.states if "(" in s and not s.endswith(")")]


@pytest.mark.realdata
def test_import_is_idempotent_and_keeps_hand_added_columns(realdata, tmp_path):
    root = tmp_path / "p"
    api.init(root, "national")
    reg = root / "recommendations.csv"
    reg.unlink()
    src = realdata / "upr" / "slovenia-cycle4-thematic-list.docx"
    first = api.import_ohchr(src, root)
    assert len(first.added) == 254
    before = reg.read_bytes()
    again = api.import_ohchr(src, root)
    assert (len(again.added), len(again.changed), len(again.unchanged)) == (0, 0, 254)
    assert reg.read_bytes() == before
    # a drafter adds a notes column and edits one text; the next import restores the text only
    lines = reg.read_text(encoding="utf-8").splitlines()
    lines[0] += ",notes"
    lines[1] = lines[1].replace("Ratify", "RATIFY", 1) + ",ask MFA"
    lines[2] += ",kept"
    reg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    third = api.import_ohchr(src, root)
    assert third.changed == ["140.7"]
    text = reg.read_text(encoding="utf-8")
    assert "ask MFA" in text and "kept" in text and "RATIFY" not in text


@pytest.mark.realdata
@pytest.mark.parametrize("kind", ["national", "midterm", "joint", "stakeholder", "nhri"])
def test_init_from_a_real_list_validates_at_once(realdata, tmp_path, kind):
    root = tmp_path / "p"
    api.init(root, kind, realdata / "upr" / "slovenia-cycle4-thematic-list.docx")
    v = api.validate(root)
    assert len(v.project.recommendations) == 254
    assert not v.report.has_errors(), [d.render() for d in v.report.errors]
    assert v.project.manifest.previous_review == "A/HRC/59/15"
    titles = [t.title for t in v.project.themes]
    assert "Ratification of & accession to international instruments" in titles
    assert not [t for t in titles if t in ("general principles", "protection")]   # names kept whole


@pytest.mark.realdata
def test_importing_a_list_of_another_review_says_so(realdata, tmp_path):
    root = tmp_path / "p"
    api.init(root, "national")
    (root / "recommendations.csv").unlink()
    result = api.import_ohchr(realdata / "upr" / "slovenia-cycle4-thematic-list.docx", root)
    (d,) = [d for d in result.diagnostics if d.code == "import-symbol"]
    assert "A/HRC/59/15" in d.message and "A/HRC/44/99" in d.message
