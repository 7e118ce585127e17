"""Reports in the report's language: catalogs complete and current, no English furniture left."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, SAMPLE
from uprreport import api
from uprreport.i18n import LOCALE_DIR, Language
from uprreport.model.nodes import ITALIC, Heading, Para, Rows, Table, iter_paras

COMPLETE = ["fr", "es", "ar", "ru", "zh"]   # the languages whose catalogs are complete (docs/languages.md)
EXTRA_FIELDS = {"monthnum", "month1num", "month2num"}   # fields a language may use that English does not


def _catalog(name: str):
    with open(LOCALE_DIR / name, "rb") as f:
        return read_po(f)


def test_the_template_catalog_is_current():
    sys.path.insert(0, str(ROOT / "tools"))
    from extract_messages import template

    extracted = {(m.context, m.id) for m in template() if m.id}
    assert extracted == {(m.context, m.id) for m in _catalog("uprreport.pot") if m.id}, \
        "run `python tools/extract_messages.py` and translate the new entries"


@pytest.mark.parametrize("code", COMPLETE)
def test_every_message_is_translated(code):
    pot = {(m.context, m.id) for m in _catalog("uprreport.pot") if m.id}
    cat = _catalog(f"{code}.po")
    translated = {(m.context, m.id) for m in cat
                  if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)}
    assert pot - translated == set()
    for m in cat:   # a translation may leave a field out, never name one the message has not
        if m.id and not isinstance(m.id, tuple) and m.id != "ordinal-style":
            assert set(re.findall(r"\{(\w+)\}", m.string)) <= set(re.findall(r"\{(\w+)\}", m.id)) | EXTRA_FIELDS, m.id


def _generated_texts(doc) -> list[str]:
    """What uprreport writes itself: cover fields, labels, headings of sections and annexes,
    generated paragraphs, the annexes' tables."""
    out = [str(v) for k, v in doc.meta.fields.items() if isinstance(v, str) and k not in ("state", "symbol")]
    out += list(doc.meta.labels.values())
    for top in doc.body + doc.annexes:
        for s in top.walk():
            if not s.key.startswith(("D.", "themes.")):   # theme titles are the register's own words
                out.append(f"{s.label or ''} {s.title}")
            for b in s.blocks:
                if isinstance(b, Para) and "/entries-" in b.id:   # labels only: the rest is the register's
                    out += [r.text for r in b.inlines[:1] + [r for r in b.inlines if getattr(r, "italic", False)]]
                elif isinstance(b, Para) and b.id.startswith("generated/keywords"):   # the label: the words are
                    out += [r.text for r in b.inlines[:1]]                            # report.yaml's own
                elif isinstance(b, Para) and (b.id.startswith("generated/") or s.key.startswith("annex")):
                    out.append(b.plain())
                elif isinstance(b, Heading) and s.key.startswith("annex"):
                    out.append(re.split("[:：]", b.text)[0])
                elif isinstance(b, Table) and s.key.startswith("annex"):
                    out += [p.plain() for p in iter_paras(b.rows[0][0].blocks)]
                elif isinstance(b, Rows):   # the matrix: its headings, and the labels it sets in italics
                    out += b.header + [text for row in b.rows for cell in row for para in cell
                                       for text, flags in para if flags & ITALIC and text.endswith(": ")]
    return out


def _english_phrases(code: str) -> set[str]:
    """The English words of every message (fragments of 8+ letters between its fields) that
    its translation into ``code`` does not share ("Original" is French too)."""
    phrases = set()
    for m in _catalog(f"{code}.po"):
        if not m.id or m.id == "ordinal-style":
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = " ".join(m.string) if isinstance(m.string, tuple) else m.string
        for msgid in ids:
            for part in re.split(r"\{\w+\}", msgid):
                part = part.strip(" .:,()–-")
                if len(part) >= 8 and part not in strings:
                    phrases.add(part)
    return phrases


@pytest.mark.parametrize("sample", ["national-arcadia", "midterm-arcadia-nhri", "joint-arcadia", "nhri-arcadia"])
@pytest.mark.parametrize("code", COMPLETE)
def test_no_english_furniture_left(tmp_path, sample, code):
    root = tmp_path / "p"
    shutil.copytree(ROOT / "samples" / sample, root, ignore=shutil.ignore_patterns("build"))
    m = root / "report.yaml"
    m.write_text(re.sub(r"(?m)^language: \w+", f"language: {code}", m.read_text(encoding="utf-8")), encoding="utf-8")
    v = api.validate(root)
    names = [c.display_name for c in v.project.contributions] + [m.label for m in v.project.members] + \
        [v.project.manifest.state] + ([v.project.manifest.author.name] if v.project.manifest.author else [])
    texts = []
    for text in _generated_texts(v.compiled.doc):
        for name in sorted(names, key=len, reverse=True):   # the bodies' own names are theirs to give
            text = text.replace(name, "")
        texts.append(text)
    assert len(texts) > 10
    left = sorted({p for p in _english_phrases(code) for t in texts if p in t})
    assert left == []


def test_dates_numbers_and_sessions_follow_the_language():
    import datetime as dt

    fr, es, en = Language("fr"), Language("es"), Language("en")
    assert (en.date(dt.date(2025, 1, 6)), fr.date(dt.date(2025, 1, 6)), es.date(dt.date(2025, 1, 6))) == \
        ("6 January 2025", "6 janvier 2025", "6 de enero de 2025")
    assert (en.ordinal(48), fr.ordinal(48), es.ordinal(48)) == ("Forty-eighth", "Quarante-huitième", "48º")
    assert fr.number(10700) == "10\u202f700" and es.join(["a", "b", "c"]) == "a, b y c"


def test_the_french_report_builds_and_its_cover_reads_french(tmp_path):
    root = tmp_path / "fr"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    m = root / "report.yaml"
    m.write_text(re.sub(r"(?m)^language: \w+", "language: fr", m.read_text(encoding="utf-8")), encoding="utf-8")
    out = api.build(root, tmp_path / "out", pdf=False).outputs[0]
    from docxxml import paragraph_texts

    texts = paragraph_texts(out)
    for expected in ("Nations Unies", "Assemblée générale", "Distr. générale", "Original : français",
                     "Conseil des droits de l’homme", "Groupe de travail sur l’Examen périodique universel",
                     "Quarante-huitième session", "Genève, 20-31 janvier 2025"):
        assert expected in texts, expected
    assert "Annexe\nTableau des recommandations et de leur mise en œuvre" in texts


def test_arabic_reads_right_to_left_and_stays_valid(tmp_path):
    import ooxml_schema
    from docxxml import NS, part

    root = tmp_path / "ar"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    m = root / "report.yaml"
    m.write_text(re.sub(r"(?m)^language: \w+", "language: ar", m.read_text(encoding="utf-8")), encoding="utf-8")
    out = api.build(root, tmp_path / "out", pdf=False).outputs[0]
    body = part(out, "word/document.xml")
    paragraphs = body.findall(".//w:body/w:p", NS)
    assert all(p.find("w:pPr/w:bidi", NS) is not None for p in paragraphs)          # cover included
    assert body.find(".//w:body/w:sectPr/w:bidi", NS) is not None
    assert all(t.find("w:tblPr/w:bidiVisual", NS) is not None for t in body.findall(".//w:body/w:tbl", NS)
               if t.find(".//w:tblStyle", NS) is not None and t.find(".//w:tblHeader", NS) is not None)
    from docxxml import paragraph_texts

    texts = paragraph_texts(out)
    assert "الأمم المتحدة" in texts and "مجلس حقوق الإنسان" in texts
    assert ooxml_schema.errors(out) == []


def test_chinese_cover_dates_and_session():
    import datetime as dt

    from uprreport.model.manifest import Manifest
    from uprreport.readers import profile
    from uprreport.transforms import cover

    m = Manifest.model_validate(dict(kind="national", state="X", iso3="ARC", cycle=4, wg_session=48,
                                     previous_review="A/HRC/44/12", date="2025-01-06", language="zh",
                                     session_start="2025-01-20", session_end="2025-01-31"))
    fields = cover.context(m, profile.read("national"))
    assert fields["session_line"] == "第四十八届会议"
    assert fields["session_when"] == "日内瓦，2025年1月20日至31日"
    assert fields["date"] == cover.un_date(dt.date(2025, 1, 6), __import__("uprreport.i18n").i18n.Language("zh"))


def test_a_comment_round_speaks_the_reports_language(tmp_path):
    import datetime as dt

    from docx import Document
    from openpyxl import load_workbook

    root = tmp_path / "fr"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build", "rounds"))
    m = root / "report.yaml"
    m.write_text(re.sub(r"(?m)^language: \w+", "language: fr", m.read_text(encoding="utf-8")), encoding="utf-8")
    opened = api.round_open(root, today=dt.date(2024, 3, 3))
    assert "(projet 1 soumis pour observations, à envoyer avant le 2 avril 2024)" in \
        Document(opened.review_copy).core_properties.title
    wb = load_workbook(opened.form)
    assert wb.sheetnames[0] == "Mode d’emploi"   # a sheet name holds 31 characters at most
    assert wb.worksheets[0]["A3"].value == "Renvoyez ce formulaire avant le 2 avril 2024."
    assert [c.value for c in wb["Comments"][1]][:2] == ["paragraph_id", "paragraph_number"]   # read back as such


@pytest.mark.parametrize("code, iran, uk", [
    ("en", "Iran (Islamic Republic of)", "United Kingdom of Great Britain and Northern Ireland"),
    ("fr", "Iran (République islamique d’)", "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord"),
    ("es", "Irán (República Islámica del)", "Reino Unido de Gran Bretaña e Irlanda del Norte"),
    ("ru", "Иран (Исламская Республика)", "Соединенное Королевство Великобритании и Северной Ирландии"),
    ("ar", "إيران (جمهورية - الإسلامية)", "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية"),
    ("zh", "伊朗伊斯兰共和国", "大不列颠及北爱尔兰联合王国")])
def test_states_have_the_uns_short_names_in_every_language_and_cldrs_otherwise(code, iran, uk):
    from babel import Locale

    from uprreport.i18n import CLDR
    from uprreport.transforms.translate import state_name

    assert state_name("IR", code) == iran and state_name("GB", code) == uk
    assert state_name("CL", code) == Locale.parse(CLDR[code]).territories["CL"]   # Chile: CLDR's name


@pytest.mark.parametrize("kind, code, line", [
    ("midterm", "fr", "Présenté par le Médiateur"),          # un rapport
    ("nhri", "fr", "Présentée par le Médiateur"),            # une communication
    ("midterm", "es", "Presentado por el Defensor del Pueblo"),   # un informe
    ("stakeholder", "es", "Presentada por el Defensor del Pueblo"),  # una comunicación
    ("midterm", "en", "Submitted by Ombudsperson")])
def test_the_covers_submitted_by_agrees_with_the_kinds_document(kind, code, line):
    from uprreport.model.manifest import Manifest
    from uprreport.readers import profile
    from uprreport.transforms import cover

    name = {"fr": "Médiateur", "es": "Defensor del Pueblo", "en": "Ombudsperson"}[code]
    article = {"fr": "le", "es": None, "en": None}[code]
    author = {"name": name, "article": article} if article else {"name": name}
    if code == "es":
        author["name"] = "el Defensor del Pueblo"
    m = Manifest.model_validate(dict(kind=kind, state="X", iso3="ARC", cycle=4, wg_session=48,
                                     previous_review="A/HRC/44/12", date="2025-01-06", language=code,
                                     author=author))
    assert cover.context(m, profile.read(kind))["submitted_by"] == line
