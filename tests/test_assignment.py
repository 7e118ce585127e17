"""Who answers for what: the one rule, `assign`, `themes`, and the assignments workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from uprreport import api, pipeline
from uprreport.cli import main
from uprreport.collection import packs
from uprreport.errors import UprError, UsageError
from uprreport.transforms import coverage, responsibility

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "national-arcadia"


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build", "output", "requests", ".uprreport"))
    return root


def _checked(root):
    p, report = pipeline.check(root)
    return p, report


def test_every_theme_counts_and_the_first_owned_theme_leads(project):
    p, _ = _checked(project)
    who = responsibility.rule(p)
    owners = responsibility.theme_owners(p)
    for rec in p.recommendations:
        expected = [b for t in rec.themes for b in owners.get(t, [])]
        expected = list(dict.fromkeys(expected))
        assert list(who[rec.id].bodies) == expected, rec.id
        assert who[rec.id].how == ("theme" if expected else "nobody")


def test_coverage_equals_packs(project):
    """For every body, what coverage says it owes is what its pack asks and is not answered."""
    p, _ = _checked(project)
    done = coverage.addressed(p)
    groups = coverage.unaddressed_by_owner(p)
    for c in p.contributions:
        in_pack = {r.id for r in packs.owned(p, c) if r.position.answered and r.id not in done}
        assert set(groups.get(c.display_name, [])) == in_pack, c.slug


def test_assign_by_ids_ranges_theme_state_and_text(project):
    done = api.assign(project, "health", ["140.1-140.5", "140.9"])
    assert done.changed == ["140.1", "140.2", "140.3", "140.4", "140.5", "140.9"] and done.role == "lead"
    p, report = _checked(project)
    who = responsibility.rule(p)
    assert all(who[i].lead == "health" and who[i].how == "assigned" for i in done.changed)
    assert not report.has_errors()
    stamp = (project / "assignments.csv").stat().st_mtime_ns
    again = api.assign(project, "Ministry of Health", ["140.1-140.5", "140.9"])   # by its name: nothing to do
    assert not again.changed and len(again.unchanged) == 6
    assert (project / "assignments.csv").stat().st_mtime_ns == stamp
    state = p.recommendations[0].states[0]
    by_state = api.assign(project, "justice", state=state.upper(), support=True)
    assert by_state.changed and all(state in p.recommendation_map()[i].states for i in by_state.changed)
    theme = p.themes[0]
    by_theme = api.assign(project, "education", theme=theme.title, text="ratif")
    p, _ = _checked(project)
    assert by_theme.changed == [r.id for r in sorted(p.recommendations, key=lambda r: r.sort_key())
                                if theme.key in r.themes and "ratif" in r.text.lower()]
    taken = api.assign(project, "health", ["140.1"], remove=True)
    assert taken.changed == ["140.1"] and responsibility.rule(_checked(project)[0])["140.1"].lead is None


def test_assign_refuses_what_is_not_there(project):
    with pytest.raises(UsageError, match="did you mean 'health'"):
        api.assign(project, "healht", ["140.1"])
    with pytest.raises(UsageError, match="not in the register: 150.1"):
        api.assign(project, "health", ["150.1"])
    with pytest.raises(UsageError, match="no theme"):
        api.assign(project, "health", theme="nosuch")
    with pytest.raises(UsageError, match="say which"):
        api.assign(project, "health")
    with pytest.raises(UprError, match="no recommendation of the register meets"):
        api.assign(project, "health", ["140.1"], text="zzzz-no-such-words")
    assert not (project / "assignments.csv").exists()


def test_a_wrong_assignments_file_is_located_and_never_rewritten(project):
    path = project / "assignments.csv"
    path.write_text("id,lead,support\n140.1,Ministry of Jstice,\n999.9,health,\n", encoding="utf-8")
    said = [d for d in api.validate(project).report.sorted() if d.code == "assignment-invalid"]
    assert [(d.location.path, d.location.row) for d in said] == [("assignments.csv", 2), ("assignments.csv", 3)]
    assert "Ministry of Justice" in said[0].message
    with pytest.raises(UprError, match="nothing was changed"):
        api.assign(project, "health", ["140.2"])
    assert "Jstice" in path.read_text(encoding="utf-8")


def test_the_workbook_round_trip(project, tmp_path):
    out = tmp_path / "a.xlsx"
    assert api.export_assignments(project, out) == 270
    wb = openpyxl.load_workbook(out)
    ws = wb["Assignments"]
    header = [c.value for c in ws[1]]
    assert header == ["id", "text", "states", "themes", "lead", "support", "by"]
    rule = ws.data_validations.dataValidation[0]
    assert str(rule.sqref).startswith("E2") and rule.formula1.startswith("Lists!")   # 14 names: too long inline
    assert wb["Lists"].sheet_state == "hidden"
    nothing = api.import_assignments(project, out)   # unchanged: nothing written, defaults stay defaults
    assert not nothing.changed and nothing.unchanged == 270 and not (project / "assignments.csv").exists()
    ws["E2"].value = "Ministry of Justice"
    ws["F2"].value = "MoH; Ministry of Jstice"
    ws["A3"].value = "999.1"
    wb.save(out)
    with pytest.raises(UprError, match="2 rows to correct") as refused:
        api.import_assignments(project, out)
    assert {d.location.row for d in refused.value.diagnostics} == {2, 3}
    assert not (project / "assignments.csv").exists()   # all or nothing
    ws["F2"].value = "Ministry of Health"
    ws["A3"].value = "140.2"
    wb.save(out)
    done = api.import_assignments(project, out)
    assert done.changed == ["140.1"]
    who = responsibility.rule(_checked(project)[0])["140.1"]
    assert (who.lead, who.support) == ("justice", ("health",))


def test_themes_lists_keys_counts_and_owners(project):
    rows = api.themes(project)
    p, _ = _checked(project)
    assert [r.key for r in rows] == [t.key for t in p.themes]
    for r in rows:
        assert r.recommendations == sum(1 for rec in p.recommendations if r.key in rec.themes)
        assert sum(r.leads.values()) == r.recommendations


def test_the_command_line_in_three_lines(project, tmp_path):
    runner = CliRunner()
    listed = runner.invoke(main, ["themes", str(project)])
    assert listed.exit_code == 0 and "owned by" in listed.output
    given = runner.invoke(main, ["assign", str(project), "--to", "health", "140.1-140.3"])
    assert given.exit_code == 0 and "3 recommendations given to Ministry of Health as lead body" in given.output
    wrong = runner.invoke(main, ["assign", str(project), "--to", "nobody-here", "140.1"])
    assert wrong.exit_code == 2 and "no contributing body" in wrong.output
    out = tmp_path / "a.xlsx"
    assert runner.invoke(main, ["export", "assignments", "-p", str(project), "-o", str(out)]).exit_code == 0
    back = runner.invoke(main, ["import", "assignments", str(out), "-p", str(project)])
    assert back.exit_code == 0 and "0 recommendations given new bodies, 270 as they were" in back.output


def test_approval_forms_list_what_the_body_answers_for(project):
    import datetime as dt

    from docx import Document

    p, _ = _checked(project)
    health = next(c for c in p.contributions if c.slug == "health")
    reported = {row.recommendation for _loc, row in health.implementation}
    new = next(r.id for r in p.recommendations if r.position.answered and r.id not in reported
               and "health" not in responsibility.rule(p)[r.id].bodies)
    api.assign(project, "health", [new])
    written = api.request_approval(project, today=dt.date(2024, 7, 1))
    form = next(w for w in written if w.name == "health-approval-form.docx")
    rows = {r.cells[0].text: r.cells[1].text for t in Document(form).tables for r in t.rows}
    assert rows[new] == "(no answer yet)"
    assert reported <= set(rows)


def test_the_matrix_export_names_who_answers(project, tmp_path):
    import csv

    api.assign(project, "health", ["140.2"])
    api.assign(project, "justice", ["140.2"], support=True)
    api.export(project, "matrix", tmp_path / "m.csv")
    with open(tmp_path / "m.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["id"] == "140.2")
    assert (row["lead_body"], row["supporting_bodies"]) == ("Ministry of Health", "Ministry of Justice")


def test_a_matrix_grouped_by_body_puts_an_unreported_recommendation_under_its_lead(project):
    from uprreport.model.nodes import Heading, Rows
    from uprreport.transforms import annexes

    manifest = project / "report.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\nmatrix_group: body\n", encoding="utf-8")
    p, _ = _checked(project)
    unreported = next(r.id for r in p.recommendations if r.id not in coverage.addressed(p))
    api.assign(project, "health", [unreported])
    p, _ = _checked(project)
    heading, where = None, {}
    for block in annexes.matrix(p).blocks:
        if isinstance(block, Heading):
            heading = block.text if hasattr(block, "text") else str(block)
        elif isinstance(block, Rows):
            for row in block.rows:
                where[row[0][0][0][0].split()[0]] = heading
    assert "Ministry of Health" in where[unreported]


def test_assign_keeps_what_the_drafter_typed_in_the_file(project):
    path = project / "assignments.csv"
    path.write_text("id,lead,support,note\n140.1,Ministry of Justice,,agreed with MoJ on 3 May\n", encoding="utf-8")
    api.assign(project, "health", ["140.5"])
    text = path.read_text(encoding="utf-8")
    assert "agreed with MoJ on 3 May" in text and "Ministry of Justice" in text   # other rows as written
    assert "140.5,health" in text
    kept = list((project / ".history").glob("assignments-*.csv"))
    assert len(kept) == 1 and "140.5" not in kept[0].read_text(encoding="utf-8")   # the file as it was


def test_wholesale_changes_are_asked_again_and_empty_patterns_refused(project):
    with pytest.raises(UsageError, match="--text is empty"):
        api.assign(project, "labour", text=" ")
    with pytest.raises(UsageError, match="another lead body; nothing was changed"):
        api.assign(project, "labour", text=".")          # every text: more than 50 new leads
    assert not (project / "assignments.csv").exists()
    assert len(api.assign(project, "labour", text=".", yes=True).changed) == 270
    with pytest.raises(UsageError, match="from the lower number to the higher"):
        api.assign(project, "health", ["140.20-140.7"])
    assert api.assign(project, "health", theme="  " + _checked(project)[0].themes[0].title.upper() + " ").changed


def test_a_supported_recommendation_left_without_lead_is_said(project):
    done = api.assign(project, "health", ["140.1"])
    taken = api.assign(project, "health", ["140.1"], remove=True)
    assert done.changed == ["140.1"] and taken.leaderless == ["140.1"]


def test_export_refuses_a_broken_assignments_file(project, tmp_path):
    (project / "assignments.csv").write_text("id,lead,support\n140.7,helth,\n", encoding="utf-8")
    with pytest.raises(UprError, match="cannot be read"):
        api.export_assignments(project, tmp_path / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()


def test_several_bodies_written_with_commas_are_told_to_use_semicolons(project):
    (project / "assignments.csv").write_text("id,lead,support\n140.7,health,\"Ministry of Justice, "
                                             "Ministry of the Interior\"\n", encoding="utf-8")
    said = [d for d in api.validate(project).report.sorted() if d.code == "assignment-invalid"]
    assert len(said) == 1 and "separate them with ';'" in said[0].message


def test_each_pack_says_what_the_body_is_for_each_recommendation(project):
    import datetime as dt

    api.assign(project, "health", ["140.2"])
    api.assign(project, "justice", ["140.2"], support=True)
    sent = {p.slug: p for p in api.request(project, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1)).packs}

    def role(slug):
        ws = openpyxl.load_workbook(sent[slug].workbook)["Implementation"]
        header = [c.value for c in ws[1]]
        return {r[0].value: r[header.index("role")].value for r in ws.iter_rows(min_row=2) if r[0].value}

    assert role("health")["140.2"] == "lead"
    assert role("justice")["140.2"] == "support (lead: Ministry of Health)"


def test_remove_takes_nothing_from_a_body_that_never_had_it(project):
    p, _ = _checked(project)
    rec = next(r for r in p.recommendations if "health" not in responsibility.rule(p)[r.id].bodies)
    done = api.assign(project, "health", [rec.id], remove=True)
    assert not done.changed and done.unchanged == [rec.id] and not (project / "assignments.csv").exists()


def test_themes_refuses_a_broken_assignments_file(project):
    (project / "assignments.csv").write_text("id,lead,support\n140.7,helth,\n", encoding="utf-8")
    with pytest.raises(UprError, match="cannot be read"):
        api.themes(project)


def test_control_characters_in_what_a_message_quotes_are_shown_not_sent_to_the_terminal(project):
    got = CliRunner().invoke(main, ["assign", str(project), "--to", "\x1b[31mhealth\x0c", "140.1"])
    assert got.exit_code == 2 and "\\x1b[31mhealth\\x0c" in got.output and "\x1b" not in got.output
