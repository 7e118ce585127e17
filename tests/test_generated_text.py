"""What uprreport writes itself says only what is true, and the drafter can replace it:
the methodology sentences follow what each body sent, every generated paragraph can be
replaced or removed (report.yaml ``generated:``), a final build names the bodies that never
answered, and the figures and the matrix credit each status to the body that gave it."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from uprreport import api
from uprreport.model.nodes import ITALIC, Para, Rows, Table
from uprreport.transforms import assemble, figures

MIDTERM = ROOT / "samples" / "midterm-arcadia-nhri"
SILENT = ["culture-media", "environment", "labour", "minorities"]   # ministries that will have sent nothing


def _empty(root: Path, slugs) -> None:
    """The bodies asked for input that sent nothing: their folders hold contributor.yaml only."""
    for slug in slugs:
        for f in (root / "contributions" / slug).iterdir():
            if f.name != "contributor.yaml":
                f.unlink()


def _contributors(v) -> dict[str, str]:
    section = v.compiled.doc.body[0]
    return {b.id: b.plain() for b in section.blocks if isinstance(b, Para) and "/contributors/" in b.id}


def _append_yaml(root: Path, text: str) -> None:
    m = root / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + text, encoding="utf-8")


def _language(root: Path, code: str) -> None:
    m = root / "report.yaml"
    m.write_text(re.sub(r"(?m)^language: \w+", f"language: {code}", m.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture
def quiet_ministries(sample_copy):
    """The national sample where four ministries sent nothing, the Ministry of Education only
    its implementation table, and the Statistical Office (as in the sample) only text."""
    _empty(sample_copy, SILENT)
    for md in (sample_copy / "contributions" / "education").glob("*.md"):
        md.unlink()
    return sample_copy


# --- 1. the methodology paragraph from what was received ---------------------------------

def test_the_methodology_names_each_body_for_what_it_sent_and_not_the_silent_ones(quiet_ministries):
    v = api.validate(quiet_ministries)
    paras = _contributors(v)
    joined = " ".join(paras.values())
    names = {c.slug: c.display_name for c in v.project.contributions}
    for slug in SILENT:
        assert names[slug] not in joined, slug        # asked, sent nothing: not named as contributing
    assert paras["generated/contributors/p1"] == \
        "The present report was prepared under the coordination of the Ministry of Foreign Affairs."
    assert paras["generated/contributors/p2"] == (
        "The following contributed text and implementation data: the Office for Gender Equality and "
        "Non-Discrimination, the Ministry of Health, the Ministry of the Interior and the Ministry of Justice.")
    assert paras["generated/contributors/p3"] == "The Ministry of Education and Science contributed implementation data."
    assert paras["generated/contributors/p4"] == "The National Statistical Office contributed text."
    # a sentence keeps its number whichever others are printed (a replacement stays with it)
    assert paras["generated/contributors/p5"].startswith("Contributions were also received from the Committee")


def test_a_body_of_another_kind_that_sent_nothing_is_not_said_to_have_contributed(sample_copy):
    _empty(sample_copy, ["parliament"])
    paras = _contributors(api.validate(sample_copy))
    assert "generated/contributors/p5" not in paras
    assert not any("National Assembly" in text for text in paras.values())


def test_the_sentences_agree_with_the_number_of_bodies_in_each_language(quiet_ministries):
    _language(quiet_ministries, "fr")
    paras = _contributors(api.validate(quiet_ministries))
    assert paras["generated/contributors/p2"].startswith("Ont fourni des textes et des données sur la mise en œuvre : ")
    assert paras["generated/contributors/p3"] == \
        "A fourni des données sur la mise en œuvre : Ministry of Education and Science."
    assert paras["generated/contributors/p4"] == "A fourni des textes : National Statistical Office."
    _language(quiet_ministries, "ar")
    paras = _contributors(api.validate(quiet_ministries))
    assert paras["generated/contributors/p3"].startswith("قدمت الجهة التالية")       # one body
    assert paras["generated/contributors/p2"].startswith("قدمت الجهات التالية")      # four


def test_what_a_body_sent_is_read_from_its_fragments_and_its_statuses(validated):
    v = validated()
    by_slug = {c.slug: c for c in v.project.contributions}
    assert assemble.received(by_slug["justice"]) == (True, True)
    assert assemble.received(by_slug["statistics"]) == (True, False)
    assert assemble.received(by_slug["cso-platform"]) == (False, False)


# --- 2. the drafter's replacements -------------------------------------------------------

def _codes(v, code: str) -> list[str]:
    return [d.message for d in v.report.items if d.code == code]


def test_a_replaced_paragraph_keeps_its_id_and_an_empty_one_is_removed(sample_copy):
    _append_yaml(sample_copy, "generated:\n"
                              "  contributors/p4: The National Statistical Office contributed the indicators of "
                              "section III.\n"
                              "  generated/contributors/p6: ''\n")
    v = api.validate(sample_copy)
    paras = _contributors(v)
    assert paras["generated/contributors/p4"] == \
        "The National Statistical Office contributed the indicators of section III."
    assert "generated/contributors/p6" not in paras
    assert paras["generated/contributors/p1"].startswith("The present report was prepared")   # the others stay
    assert len(_codes(v, "generated-replaced")) == 2 and not v.report.errors
    # validate gives the fingerprint to record with it
    fp = assemble.fingerprint(["The National Statistical Office contributed text."])
    assert any(f"replaces: {fp}" in m and "'contributors/p4'" in m for m in _codes(v, "generated-replaced"))


def test_a_replacement_says_when_the_generated_text_it_replaced_has_changed(sample_copy):
    fp = assemble.fingerprint(["The National Statistical Office contributed text."])
    _append_yaml(sample_copy, f"generated:\n  contributors/p4: {{text: 'Our own words.', replaces: {fp}}}\n")
    v = api.validate(sample_copy)
    assert _codes(v, "generated-stale") == [] and len(_codes(v, "generated-replaced")) == 1
    # the Office now also sends an implementation table: the sentence it replaced is another one
    (sample_copy / "contributions" / "statistics" / "implementation.csv").write_text(
        "recommendation,status,actions\n140.3,partially implemented,Indicators published\n", encoding="utf-8")
    v = api.validate(sample_copy)
    assert "generated/contributors/p4" not in _contributors(v)
    (unused,) = _codes(v, "generated-unknown")
    assert "contributors/p4" in unused and "not used" in unused
    # the office now contributes both: its replacement of p2 would be stale
    fp2 = assemble.fingerprint([_contributors(api.validate(sample_copy))["generated/contributors/p2"]])
    _empty(sample_copy, ["justice"])
    _append_yaml(sample_copy, f"  contributors/p2: {{text: 'Ministries contributed.', replaces: {fp2}}}\n")
    v = api.validate(sample_copy)
    (stale,) = _codes(v, "generated-stale")
    assert "generated.contributors/p2" in stale and f"replaces: {fp2}" in stale and "Ministry of Justice" not in stale
    assert _contributors(v)["generated/contributors/p2"] == "Ministries contributed."


def test_a_whole_block_is_replaced_from_a_file_its_paragraphs_numbered_in_order(sample_copy):
    (sample_copy / "generated").mkdir()
    (sample_copy / "generated" / "contributors.txt").write_text(
        "The report was prepared by the national mechanism.\n\nEvery ministry\ncontributed.\n", encoding="utf-8")
    _append_yaml(sample_copy, "generated:\n  contributors: {file: generated/contributors.txt}\n")
    v = api.validate(sample_copy)
    assert _contributors(v) == {"generated/contributors/p1": "The report was prepared by the national mechanism.",
                                "generated/contributors/p2": "Every ministry contributed."}
    section = v.compiled.doc.body[0]
    assert section.blocks[0].source == "generated/contributors.txt" and section.blocks[0].numbered


def test_a_replacement_file_that_is_missing_or_outside_the_project_is_an_error(sample_copy):
    _append_yaml(sample_copy, "generated:\n  contributors/p2: {file: generated/none.txt}\n"
                              "  contributors/p1: {file: ../../etc/passwd}\n")
    v = api.validate(sample_copy)
    assert sorted(d.code for d in v.report.errors) == ["file-missing", "file-refused"]
    assert _contributors(v)["generated/contributors/p1"].startswith("The present report")   # left as generated
    with pytest.raises(Exception):
        api.build(sample_copy, pdf=False)


def test_a_replacement_that_names_nothing_generated_is_a_warning_and_bad_keys_are_refused(sample_copy):
    _append_yaml(sample_copy, "generated:\n  members: Our coalition.\n")
    v = api.validate(sample_copy)
    (unused,) = _codes(v, "generated-unknown")
    assert "'members'" in unused and "contributors/p1" in unused
    m = sample_copy / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8").replace("members: Our", "Contributors paragraph 2: Our"),
                 encoding="utf-8")
    v = api.validate(sample_copy)
    assert any(d.location.path == "report.yaml" for d in v.report.errors)


def test_the_midterm_figures_sentence_and_an_entry_can_be_replaced(tmp_path):
    root = tmp_path / "m"
    shutil.copytree(MIDTERM, root, ignore=shutil.ignore_patterns("build"))
    _append_yaml(root, "generated:\n  figures/p1: Most recommendations are in progress.\n"
                       "  entries-140.13/p3: ''\n")
    v = api.validate(root)
    paras = {p.id: p.plain() for top in v.compiled.doc.body for s in top.walk() for p in s.blocks
             if isinstance(p, Para) and p.id}
    assert paras["generated/figures/p1"] == "Most recommendations are in progress."
    assert "generated/entries-140.13/p2" in paras and "generated/entries-140.13/p3" not in paras
    assert "generated/entries-140.13/p4" in paras


def test_every_generated_block_is_listed_in_the_documentation():
    doc = (ROOT / "docs" / "generated-text.md").read_text(encoding="utf-8")
    for name in assemble.GENERATED_BLOCKS:
        assert f"`{name}`" in doc, name
    assert "`entries-" in doc and "replaces:" in doc


# --- 3. a final build names the bodies that never answered -------------------------------

def test_a_final_build_warns_naming_the_bodies_asked_that_returned_nothing(sample_copy):
    _empty(sample_copy, SILENT)
    v = api.validate(sample_copy)
    for c in v.project.contributions:
        api.approve(sample_copy, c.slug, "Focal point")
    draft = api.build(sample_copy, pdf=False)
    assert not [d for d in draft.report.items if d.code == "not-returned"]
    result = api.build(sample_copy, pdf=False, final=True)
    (warning,) = [d for d in result.report.items if d.code == "not-returned"]
    names = {c.slug: c.display_name for c in v.project.contributions}
    assert warning.severity.value == "warning"
    for slug in SILENT:
        assert names[slug] in warning.message
    # the NHRI and the civil society platform were asked for nothing: they are not named
    assert names["ombudsperson"] not in warning.message and names["cso-platform"] not in warning.message


# --- 4. table 2 credits each status to the body that gave it -----------------------------

def _rows(table: Table) -> dict[str, list[str]]:
    return {r[0].blocks[0].plain(): [c.blocks[0].plain() for c in r[1:]] for r in table.rows}


def test_table_2_counts_for_each_body_the_statuses_it_reported(tmp_path):
    root = tmp_path / "m"
    shutil.copytree(MIDTERM, root, ignore=shutil.ignore_patterns("build"))
    # the Deputy Ombudsperson for Children reports on 140.2 too, with another status than the
    # Ministry of Justice's (reported by the Department for Civil and Political Rights)
    with open(root / "contributions" / "children" / "implementation.csv", "a", encoding="utf-8", newline="") as f:
        f.write("140.2,not implemented,Draft law withdrawn in 2021,,,,2021,Monitoring\n")
    v = api.validate(root)
    blocks = figures.by_body(v.project)
    table = next(b for b in blocks if isinstance(b, Table))
    rows = _rows(table)
    header = rows.pop("Responsible body")
    col = {h: i for i, h in enumerate(header)}
    # what the Ministry of Justice was credited with, from the rows that name it
    expected: dict[str, int] = {}
    for c in v.project.contributions:
        for _loc, row in c.implementation:
            if (row.responsible_body or c.display_name) == "Ministry of Justice":
                expected[row.status] = expected.get(row.status, 0) + 1
    justice = rows["Ministry of Justice"]
    for status, n in expected.items():
        assert justice[col[status.capitalize()]] == str(n), status
    assert rows["Deputy Ombudsperson for Children"][col["Not implemented"]] == "1"
    assert rows["Deputy Ombudsperson for Children"][col["Total"]] == "1"
    # 140.2 consolidated is "not implemented" (the least advanced): Justice is not credited with it
    assert v.project and {r["id"]: r["status"] for r in figures.frame(v.project)}["140.2"] == "not implemented"
    # the recommendations nobody reported on, once each, last
    unreported = sum(1 for r in figures.frame(v.project) if r["status"] == "not reported")
    assert list(rows)[-2:] == ["(none reported)", "Total"]
    assert rows["(none reported)"][col["Total"]] == str(unreported)
    rows_with_status = sum(1 for c in v.project.contributions for _l, r in c.implementation if r.status)
    assert rows["Total"][col["Total"]] == str(rows_with_status + unreported)
    assert "counted once for each of them" in blocks[-1].plain()


def test_table_2_has_no_note_when_each_recommendation_has_one_body(validated):
    blocks = figures.by_body(validated(MIDTERM).project)
    assert isinstance(blocks[-1], Table)


# --- 5. the matrix names who answers for what nobody reported on --------------------------

def test_the_matrix_shows_the_lead_body_of_an_unreported_recommendation_in_italics(quiet_ministries):
    from uprreport.transforms import responsibility

    v = api.validate(quiet_ministries)
    annex = next(a for a in v.compiled.doc.annexes if a.key == "annex.matrix")
    col = None
    cells = {}
    for rows in (b for b in annex.blocks if isinstance(b, Rows)):
        col = col if col is not None else rows.header.index("Responsible body")
        for row in rows.rows:
            rid = row[0][0][0][0].strip()
            cells[rid] = row[col][0]
    rule = responsibility.rule(v.project)
    names = {c.slug: c.display_name for c in v.project.contributions}
    reported = {r.recommendation for c in v.project.contributions for _l, r in c.implementation}
    unreported = [rid for rid in cells if rid not in reported and rule[rid].lead]
    assert unreported
    for rid in unreported:
        ((text, flags),) = cells[rid]
        owed = v.project.recommendation_map()[rid].position.answered   # a noted one owes no report
        expected = f"{names[rule[rid].lead]} (has not reported)" if owed else names[rule[rid].lead]
        assert text == expected and flags & ITALIC, rid
    some = next(rid for rid in cells if rid in reported)
    assert not any(flags & ITALIC for _t, flags in cells[some])


def test_the_sample_projects_load_without_csv_surprises():
    # the fixture data the tests above rely on
    with open(MIDTERM / "contributions" / "civil-political" / "implementation.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["recommendation"] == "140.2")
    assert row["responsible_body"] == "Ministry of Justice" and row["status"] == "partially implemented"
