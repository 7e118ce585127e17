"""A project's input packs, their e-mails and its reminders speak the report's language (a
French project's are French), and what comes back is read whatever language its headers are
in."""

from __future__ import annotations

import datetime as dt
import email
import shutil
from email.policy import default
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT
from uprreport import api

FRENCH = ROOT / "samples" / "national-belvedere-fr"


@pytest.fixture
def french(tmp_path) -> Path:
    dest = tmp_path / "belvedere"
    shutil.copytree(FRENCH, dest, ignore=shutil.ignore_patterns("build", "requests"))
    return dest


def _pack(project: Path, body: str = "justice") -> Path:
    return project / "requests" / body / f"{body}-input-pack.xlsx"


def test_a_french_projects_pack_is_french(french):
    done = api.request(french, dt.date(2026, 4, 1), dt.date(2026, 3, 1))
    assert done.packs
    wb = openpyxl.load_workbook(_pack(french))
    assert wb.sheetnames == ["Instructions", "Mise en œuvre"]
    header = [c.value for c in wb["Mise en œuvre"][1]]
    assert header[:5] == ["recommandation", "texte", "position", "statut précédent", "statut"]
    assert "organisme responsable" in header and "rôle" in header
    instructions = "\n".join(str(r[0].value or "") for r in wb["Instructions"].iter_rows())
    assert "Veuillez renvoyer ce classeur au plus tard le 1er avril 2026" in instructions
    assert "pleinement mise en œuvre" in instructions                        # the statuses, in French
    role = [c.value for c in wb["Mise en œuvre"]["L"]][1:]
    assert role and set(role) <= {"chef de file", "déjà rendu compte"} | {r for r in role if r.startswith("appui")}
    positions = {c.value for c in wb["Mise en œuvre"]["C"]} - {"position"}
    assert positions <= {"acceptée", "notée", "engagement volontaire"}
    from docx import Document

    narrative = Document(str(french / "requests" / "justice" / "justice-narrative.docx"))
    assert "Veuillez renvoyer ce fichier au plus tard le 1er avril 2026" in "\n".join(p.text for p in narrative.paragraphs)
    mail = email.message_from_bytes((french / "requests" / "justice" / "justice-request.eml").read_bytes(),
                                    policy=default)
    assert str(mail["Subject"]).startswith("Rapport EPU") and "1er avril 2026" in str(mail["Subject"])
    assert mail["Content-Language"] == "fr"
    assert "Veuillez trouver ci-joint le dossier de contribution" in mail.get_body(("plain",)).get_content()


def test_a_french_pack_filled_in_comes_back_in(french, tmp_path):
    api.request(french, dt.date(2026, 4, 1), dt.date(2026, 3, 1))
    wb = openpyxl.load_workbook(_pack(french))
    ws = wb["Mise en œuvre"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    ws.cell(2, col["statut"]).value = "partiellement mise en œuvre"
    ws.cell(2, col["mesures"]).value = "Une loi a été adoptée en 2025."
    rid = ws.cell(2, col["recommandation"]).value
    filled = tmp_path / "retour.xlsx"
    wb.save(filled)
    done = api.collect(french, [filled], dt.date(2026, 3, 20))
    assert not [d for d in done.diagnostics if d.severity.value == "error"], [d.render() for d in done.diagnostics]
    (taken,) = done.returns
    assert rid in taken.changed
    # an English-headed table is read as well (the headers of any language are known)
    from uprreport.readers.contribution import aliases

    assert aliases()["statut"] == "status" and aliases()["меры"] == "actions"
    assert aliases()["الحالة"] == "status" and aliases()["状况"] == "status"


def test_a_french_reminder_is_french(french):
    api.request(french, dt.date(2026, 3, 10), dt.date(2026, 3, 1))
    state = api.progress(french, dt.date(2026, 3, 12), remind=True)
    assert state.reminders
    mail = email.message_from_bytes(state.reminders[0].read_bytes(), policy=default)
    assert "rappel, votre contribution était attendue le 10 mars 2026" in str(mail["Subject"])
    body = mail.get_body(("plain",)).get_content()
    assert "Il nous manque encore" in body and "Le dossier est de nouveau joint" in body


def test_an_english_projects_pack_is_as_before(sample_copy):
    api.request(sample_copy, dt.date(2026, 4, 1), dt.date(2026, 3, 1))
    wb = openpyxl.load_workbook(_pack(sample_copy))
    assert wb.sheetnames == ["Instructions", "Implementation"]
    assert [c.value for c in wb["Implementation"][1]][:5] == ["recommendation", "text", "position", "previous_status",
                                                               "status"]
