"""Input packs for contributing bodies (issue in progress: packs out; returns come next)."""

from __future__ import annotations

import datetime as dt
import email
import json
from email import policy

from docx import Document
from openpyxl import load_workbook

import ooxml_schema
from uprreport import api


def test_every_body_gets_a_pack_it_can_fill_in_and_that_says_whose_it_is(sample_copy):
    done = api.request(sample_copy, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1))
    v = api.validate(sample_copy)
    assert {p.slug for p in done.packs} == {c.slug for c in v.project.contributions}
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
