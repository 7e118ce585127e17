"""Input packs for contributing bodies: packs out, returns in, progress and reminders."""

from __future__ import annotations

import datetime as dt
import email
import json
from email import policy

from docx import Document
from openpyxl import load_workbook

import ooxml_schema
from uprreport import api


def test_every_body_with_something_to_answer_gets_a_pack_it_can_fill_in_and_that_says_whose_it_is(sample_copy):
    done = api.request(sample_copy, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1))
    v = api.validate(sample_copy)
    asked = {c.slug for c in v.project.contributions
             if (c.contributor and c.contributor.sections) or c.implementation}
    assert {p.slug for p in done.packs} == asked
    assert set(done.skipped) == {c.display_name for c in v.project.contributions if c.slug not in asked}
    reg = json.loads((sample_copy / "requests" / "register.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in reg["packs"]} == {p.id for p in done.packs}
    justice = next(p for p in done.packs if p.slug == "justice")
    wb = load_workbook(justice.workbook)
    assert wb.sheetnames == ["Instructions", "Implementation"]
    assert {p.name: p.value for p in wb.custom_doc_props}["uprreport-pack"] == justice.id
    ws = wb["Implementation"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    contribution = next(c for c in v.project.contributions if c.slug == "justice")
    reported = {row.recommendation: row.status for _l, row in contribution.implementation}
    assert len(rows) == justice.recommendations >= len(reported)
    assert all(isinstance(r["recommendation"], str) for r in rows)          # ids stay text
    assert all(r["previous_status"] == reported[r["recommendation"]] for r in rows if r["recommendation"] in reported)
    assert ws.protection.sheet and ws["A2"].protection.locked and not ws["E2"].protection.locked
    (rule,) = ws.data_validations.dataValidation
    assert "fully implemented" in rule.formula1 and str(rule.sqref).startswith("E2")
    doc = Document(justice.narrative)
    assert doc.core_properties.identifier == justice.id
    assert any(p.style.name.startswith("Heading") and "Administration of justice" in p.text for p in doc.paragraphs)
    msg = email.message_from_bytes(justice.email.read_bytes(), policy=policy.default)
    assert msg["To"] and "30 June 2024" in msg["Subject"]
    assert sorted(a.get_filename() for a in msg.iter_attachments()) == sorted([justice.workbook.name,
                                                                               justice.narrative.name])
    assert ooxml_schema.errors(justice.workbook) == [] and ooxml_schema.errors(justice.narrative) == []


def test_sending_again_records_a_new_version(sample_copy):
    api.request(sample_copy, today=dt.date(2024, 6, 1))
    api.request(sample_copy, today=dt.date(2024, 6, 8))
    reg = json.loads((sample_copy / "requests" / "register.json").read_text(encoding="utf-8"))
    versions = [p["version"] for p in reg["packs"] if p["slug"] == "health"]
    assert versions == [1, 2]


def _fill(workbook, statuses: dict[str, str], typed_over: dict[str, str] | None = None):
    """The workbook as a ministry saves it from Excel: statuses chosen, rows sorted by status."""
    wb = load_workbook(workbook)
    ws = wb["Implementation"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        rid = row[header.index("recommendation")].value
        if rid in statuses:
            row[header.index("status")].value = statuses[rid]
            row[header.index("actions")].value = f"Action on {rid}"
        if typed_over and rid in typed_over:
            row[header.index("recommendation")].value = typed_over[rid]
    wb.create_sheet("My notes")   # a sheet of their own
    wb.save(workbook)


def test_returned_packs_come_in_by_their_id_and_the_earlier_version_is_kept(sample_copy, tmp_path):
    import shutil

    done = api.request(sample_copy, today=dt.date(2024, 6, 1))
    justice = next(p for p in done.packs if p.slug == "justice")
    returned = tmp_path / "from-justice"
    returned.mkdir()
    wb = shutil.copy(justice.workbook, returned / "MoJ answers FINAL(2).xlsx")   # renamed by the ministry
    _fill(wb, {"140.2": "partially implemented", "140.4": "fully implemented"})
    doc = Document(justice.narrative)
    heading = next(p for p in doc.paragraphs if p.text.startswith("D.justice"))
    heading.insert_paragraph_before("")   # (keep the heading where it is)
    after = next(p for p in doc.paragraphs if p.text == "" and p._p.getprevious() is heading._p)
    after.text = "Courts cleared 3,100 old cases in 2024 thanks to the new case management system."
    doc.save(returned / "text.docx")
    before = (sample_copy / "contributions" / "justice" / "implementation.csv").read_text(encoding="utf-8")
    got = api.collect(sample_copy, [returned])
    assert not [d for d in got.diagnostics if d.severity.value == "error"], [d.render() for d in got.diagnostics]
    kinds = {r.kind: r for r in got.returns}
    assert set(kinds) == {"workbook", "narrative"} and all(r.slug == "justice" for r in got.returns)
    (added,) = [d for d in got.diagnostics if d.code == "pack-text-added"]     # D.justice had text already
    assert "justice.md" in added.message and "D.justice" in added.message
    assert "140.4" in kinds["workbook"].changed
    v = api.validate(sample_copy)
    contribution = next(c for c in v.project.contributions if c.slug == "justice")
    rows = {row.recommendation: row for _l, row in contribution.implementation}
    assert rows["140.4"].status == "fully implemented" and rows["140.4"].actions == "Action on 140.4"
    assert len(rows) >= before.count("\n") - 1          # rows for other recommendations stay
    history = list((sample_copy / "contributions" / "justice" / ".history").iterdir())
    assert history and history[0].read_text(encoding="utf-8") == before
    texts = [p.plain() for f in contribution.fragments for p in f.blocks if hasattr(p, "plain")]
    assert any("Courts cleared 3,100 old cases" in t for t in texts)
    assert any("first-instance civil proceedings" in t for t in texts)          # the earlier text stays
    assert not v.report.has_errors(), [d.render() for d in v.report.errors]


def test_a_pack_with_an_id_typed_over_is_refused_naming_the_row(sample_copy, tmp_path):
    done = api.request(sample_copy, today=dt.date(2024, 6, 1))
    health = next(p for p in done.packs if p.slug == "health")
    wb = load_workbook(health.workbook)
    first = wb["Implementation"]["A2"].value
    _fill(health.workbook, {first: "fully implemented"}, typed_over={first: "999.9"})
    before = sorted(p.name for p in (sample_copy / "contributions" / "health").iterdir())
    got = api.collect(sample_copy, [health.workbook])
    errors = [d for d in got.diagnostics if d.severity.value == "error"]
    assert any(d.code == "rec-unknown" and d.location.sheet == "Implementation" and d.location.row for d in errors)
    assert not got.returns
    assert sorted(p.name for p in (sample_copy / "contributions" / "health").iterdir()) == before


def test_a_file_of_another_project_is_not_taken(sample_copy, tmp_path):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "stranger.xlsx")
    got = api.collect(sample_copy, [tmp_path / "stranger.xlsx"])
    (d,) = got.diagnostics
    assert d.code == "file-refused" and "not an input pack of this project" in d.message


def test_progress_counts_what_came_back_and_who_is_late(sample_copy):
    from uprreport.collection import collect as collecting

    done = api.request(sample_copy, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1))
    justice = next(p for p in done.packs if p.slug == "justice")
    before = {b.slug: b for b in api.progress(sample_copy, dt.date(2024, 6, 20)).bodies}
    assert before["justice"].state == "waiting" and before["justice"].days_late == 0
    missing = before["justice"].missing
    assert missing and before["justice"].recommendations == justice.recommendations
    _fill(justice.workbook, {rid: "partially implemented" for rid in missing})
    collecting.collect(sample_copy, [justice.workbook], today=dt.date(2024, 6, 25))    # collected that day
    after = {b.slug: b for b in api.progress(sample_copy, dt.date(2024, 7, 3)).bodies}
    assert after["justice"].missing == [] and after["justice"].returns == 1
    assert after["justice"].last_return.startswith("2024-06-2") and after["justice"].later == 0
    assert after["justice"].words == before["justice"].words > 0
    assert after["justice"].state == "complete" and after["justice"].days_late == 0   # its text was there already
    late = [b for b in after.values() if b.missing]
    assert late and all(b.state == "late" and b.days_late == 3 for b in late)
    asked = {p.slug for p in done.packs}
    assert all(b.state == "not asked" for b in after.values() if b.slug not in asked)


def test_reminders_go_to_those_owing_input_with_the_same_pack_again(sample_copy):
    api.request(sample_copy, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1))
    assert api.progress(sample_copy, dt.date(2024, 6, 10), remind=True).reminders == []   # not due yet
    state = api.progress(sample_copy, dt.date(2024, 6, 28), remind=True)
    owing = {b.slug for b in state.bodies if b.state not in ("complete", "not asked")}
    assert {p.parent.name for p in state.reminders} == owing
    health = next(b for b in state.bodies if b.slug == "health")
    path = next(p for p in state.reminders if p.parent.name == "health")
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    body = msg.get_body(("plain",)).get_content()
    assert "is due" in msg["Subject"] and all(rid in body for rid in health.missing)
    (xlsx,) = [a for a in msg.iter_attachments() if a.get_filename().endswith(".xlsx")]
    again = sample_copy.parent / "again.xlsx"
    again.write_bytes(xlsx.get_content())
    _fill(again, {health.missing[0]: "not implemented"})
    got = api.collect(sample_copy, [again])
    assert [r.slug for r in got.returns] == ["health"]


def test_rows_sorted_in_excel_and_a_later_return_both_come_in(sample_copy, tmp_path):
    done = api.request(sample_copy, today=dt.date(2024, 6, 1))
    health = next(p for p in done.packs if p.slug == "health")
    wb = load_workbook(health.workbook)
    ws = wb["Implementation"]
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    rows.sort(key=lambda r: str(r[header.index("text")]), reverse=True)    # Data > Sort on the text column
    for i, values in enumerate(rows, start=2):
        for j, v in enumerate(values, start=1):
            ws.cell(i, j).value = v
    first, second = rows[0][0], rows[1][0]
    ws.cell(2, header.index("status") + 1).value = "fully implemented"
    wb.save(tmp_path / "first.xlsx")
    ws.cell(3, header.index("status") + 1).value = "not implemented"
    wb.save(tmp_path / "second.xlsx")
    api.collect(sample_copy, [tmp_path / "first.xlsx"])
    got = api.collect(sample_copy, [tmp_path / "second.xlsx"])
    assert got.returns[0].version == 2 and got.returns[0].changed == [second]
    v = api.validate(sample_copy)
    contribution = next(c for c in v.project.contributions if c.slug == "health")
    status = {row.recommendation: row.status for _l, row in contribution.implementation}
    assert status[first] == "fully implemented" and status[second] == "not implemented"
    assert len(list((sample_copy / "requests" / "health" / "returns").iterdir())) == 2


def test_a_narrative_sent_back_blank_takes_nothing_and_counts_as_not_returned(sample_copy):
    done = api.request(sample_copy, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1))
    health = next(p for p in done.packs if p.slug == "health")
    before = sorted(p.name for p in (sample_copy / "contributions" / "health").iterdir())
    got = api.collect(sample_copy, [health.narrative])
    assert [d.code for d in got.diagnostics] == ["pack-empty"] and not got.returns
    assert sorted(p.name for p in (sample_copy / "contributions" / "health").iterdir()) == before
    (standing,) = [b for b in api.progress(sample_copy, dt.date(2024, 6, 2)).bodies if b.slug == "health"]
    assert standing.returns == 0


def test_a_final_build_waits_for_every_body_to_approve_its_latest_text(sample_copy):
    import pytest

    from uprreport.errors import UprError

    with pytest.raises(UprError) as refused:
        api.build(sample_copy, pdf=False, final=True)
    named = {d.location.path for d in refused.value.diagnostics if d.code == "not-approved"}
    assert "contributions/justice" in named and not (sample_copy / "build" / "arcadia.docx").exists()
    v = api.validate(sample_copy)
    for c in v.project.contributions:
        api.approve(sample_copy, c.slug, "Focal point")
    result = api.build(sample_copy, pdf=False, final=True)
    assert result.approvals and all(a.state == "approved" for a in result.approvals)
    md = sample_copy / "contributions" / "justice" / "justice.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    again = api.build(sample_copy, pdf=False)                     # a draft build shows it, and goes on
    (changed,) = [a for a in again.approvals if a.state != "approved"]
    assert changed.slug == "justice" and changed.state == "changed since approved" and changed.by == "Focal point"
    with pytest.raises(UprError) as refused:
        api.build(sample_copy, pdf=False, final=True)
    assert [d.location.path for d in refused.value.diagnostics if d.code == "not-approved"] == ["contributions/justice"]


def test_approving_an_unknown_body_says_which_ones_there_are(sample_copy):
    import pytest

    from uprreport.errors import UprError

    with pytest.raises(UprError) as refused:
        api.approve(sample_copy, "justise", "X")
    assert "justice" in str(refused.value.hint)


def test_the_whole_loop_from_the_sample(sample_copy, tmp_path):
    """request -> three bodies answer (one with a typed-over id, one with its Word text, one
    late) -> collect -> progress -> build, and nothing is lost or put under the wrong body."""
    done = {p.slug: p for p in api.request(sample_copy, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1)).packs}
    first = {s: load_workbook(done[s].workbook)["Implementation"]["A2"].value for s in ("justice", "health", "labour")}
    _fill(done["health"].workbook, {first["health"]: "fully implemented"}, typed_over={first["health"]: "140.1O"})
    _fill(done["justice"].workbook, {first["justice"]: "not implemented"})
    doc = Document(done["justice"].narrative)
    heading = next(p for p in doc.paragraphs if p.text.startswith("B"))
    heading._p.addnext(Document().add_paragraph("A new Legal Aid Office opened in every region in 2024.")._p)
    doc.save(done["justice"].narrative)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for p in (done["health"].workbook, done["justice"].workbook, done["justice"].narrative):
        (inbox / f"RE {p.name}").write_bytes(p.read_bytes())
    got = api.collect(sample_copy, [inbox])
    assert {r.slug for r in got.returns} == {"justice"}
    errors = [d for d in got.diagnostics if d.severity.value == "error"]
    assert {d.code for d in errors} == {"rec-unknown", "file-refused"}
    assert all(d.location.path.startswith("RE health-input-pack.xlsx") for d in errors)
    _fill(done["labour"].workbook, {first["labour"]: "partially implemented"})
    api.collect(sample_copy, [done["labour"].workbook])                  # after the deadline
    state = {b.slug: b for b in api.progress(sample_copy, dt.date(2024, 7, 5)).bodies}
    assert first["justice"] not in state["justice"].missing and first["labour"] not in state["labour"].missing
    assert first["health"] in state["health"].missing and state["health"].returns == 0
    assert state["labour"].state == "late" and state["labour"].days_late == 5
    result = api.build(sample_copy, pdf=False)
    shown = {b.slug: b.state for b in result.progress.bodies}                # build shows where input stands
    assert shown["labour"] in ("late", "partial", "waiting") and "justice" in shown
    text = "\n".join(p.text for p in Document(result.outputs[0]).paragraphs)
    assert "A new Legal Aid Office opened in every region in 2024." in text
    v = api.validate(sample_copy)
    status = {(c.slug, row.recommendation): row.status for c in v.project.contributions for _l, row in c.implementation}
    assert status[("justice", first["justice"])] == "not implemented"
    assert status[("labour", first["labour"])] == "partially implemented"
    assert ("health", first["health"]) not in status or status[("health", first["health"])] != "fully implemented"


def _sign(form, name: str, title: str = "", date: str = ""):
    doc = Document(form)
    table = doc.tables[-1]
    for row, value in zip(table.rows, (name, title, date)):
        row.cells[1].text = value
    doc.save(form)


def test_approval_forms_come_back_signed_and_approve_the_text_they_showed(sample_copy, tmp_path):
    written = api.request_approval(sample_copy, today=dt.date(2024, 7, 1))
    forms = {p.parent.name: p for p in written if p.suffix == ".docx"}
    assert ooxml_schema.errors(forms["justice"]) == []
    shown = "\n".join(p.text for p in Document(forms["justice"]).paragraphs)
    assert "first-instance civil proceedings" in shown and "D.justice Administration of justice" in shown
    _sign(forms["justice"], "Marta Horvat", "State Secretary", "3 July 2024")
    _sign(forms["labour"], "Ivo Kranjc", "", "05.07.2024")
    md = sample_copy / "contributions" / "labour" / "labour.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nA late change.\n", encoding="utf-8")   # after the form went out
    got = api.collect(sample_copy, [forms["justice"], forms["labour"], forms["health"]])
    codes = sorted(d.code for d in got.diagnostics)
    assert codes == ["approval-stale", "approval-unsigned"]
    assert {a.slug: a.by for a in got.approvals} == {"justice": "Marta Horvat, State Secretary", "labour": "Ivo Kranjc"}
    state = {a.slug: a for a in api.build(sample_copy, pdf=False).approvals}
    assert state["justice"].state == "approved" and state["justice"].at.startswith("2024-07-03")
    assert state["labour"].state == "changed since approved" and state["health"].state == "not approved"


def test_the_readme_walkthrough_script_answers_as_it_says(sample_copy):
    import runpy
    from pathlib import Path

    api.request(sample_copy, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1))
    script = Path(__file__).resolve().parents[1] / "samples" / "collection-demo" / "answer.py"
    runpy.run_path(str(script), run_name="demo")["main"](sample_copy)
    got = api.collect(sample_copy, [sample_copy / "inbox"])
    assert sorted({(r.slug, r.kind) for r in got.returns}) == [("education", "narrative"), ("justice", "narrative"),
                                                              ("justice", "workbook")]
    assert {d.location.path.split(" ")[0] for d in got.diagnostics if d.severity.value == "error"} == {"Health_UPR.xlsx"}
    state = {b.slug: b.state for b in api.progress(sample_copy, dt.date(2024, 7, 3)).bodies}
    assert state["justice"] == "complete" and state["education"] == "late" and state["health"] == "late"
