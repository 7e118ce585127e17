"""Everything a translated report prints is translated, or named: the French sample built into
English after a whole translate round trip keeps no French outside the recommendations (quoted
as received); an incomplete translation is reported text by text, where each comes from, and
a final build refuses it."""

from __future__ import annotations

import re
import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from docxxml import paragraph_texts
from uprreport import api
from uprreport.errors import UprError

from conftest import ROOT

SAMPLE = ROOT / "samples" / "national-belvedere-fr"

# Real English for a few of the data texts; the others get a plain English stand-in.
ENGLISH = {
    "Instruments internationaux et coopération avec les mécanismes des droits de l’homme":
        "International instruments and cooperation with human rights mechanisms",
    "Administration de la justice et procès équitable": "Administration of justice and fair trial",
    "Droit à la santé": "Right to health",
    "Ministère des affaires étrangères": "Ministry of Foreign Affairs",
    "Ministère de la justice": "Ministry of Justice",
    "Ministère de la santé": "Ministry of Health",
    "Administration pénitentiaire": "Prison Administration",
    "République de Belvédère": "Republic of Belvedere",
}


@pytest.fixture
def belvedere(tmp_path):
    dest = tmp_path / "belvedere"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("build", "translations"))
    return dest


def _fill(po, which=lambda m: True):
    """A translator's pass: English for every entry ``which`` takes; the others left empty."""
    with open(po, "rb") as f:
        catalog = read_po(f)
    n = 0
    for m in catalog:
        if not m.id or not which(m):
            continue
        n += 1
        if "/" in m.context:   # a paragraph: English words, no French left in it
            m.string = f"Translated paragraph {n}."
        else:
            m.string = ENGLISH.get(m.id, f"English {m.context} {n}")
        m.flags.discard("fuzzy")
    with open(po, "wb") as f:
        write_po(f, catalog)


def _entries(po):
    with open(po, "rb") as f:
        return [m for m in read_po(f) if m.id]


def test_export_carries_the_data_driven_texts_with_what_each_is(belvedere):
    exported = api.translate_export(belvedere, "en")
    assert exported.paragraphs == 12 and exported.texts > 0
    kinds = {}
    for m in _entries(exported.path):
        kinds.setdefault(m.context if "/" not in m.context else "paragraph", set()).add(m.id)
    assert kinds["theme title"] == {t for t in ENGLISH if t.startswith(("Instruments", "Administration de", "Droit"))}
    assert {"Ministère de la justice", "Administration pénitentiaire"} <= kinds["body name"]
    assert kinds["State under review"] == {"République de Belvédère"}   # BLV: no ISO name
    assert "Contrôle trimestriel des dossiers de détention provisoire" in kinds["action text"]
    assert "Nombre de bénéficiaires" in kinds["indicator"]
    # statuses that say the kind's degrees are the catalogs', States with an ISO code CLDR's
    assert "status" not in kinds and "recommending State" not in kinds
    comments = {m.id: " ".join(m.auto_comments) for m in _entries(exported.path)}
    assert "contributions/justice/implementation.csv:row 5 (responsible_body)" in comments["Administration pénitentiaire"]


def test_the_french_sample_built_into_english_keeps_no_french_outside_the_recommendations(belvedere, tmp_path):
    source = paragraph_texts(api.build(belvedere, tmp_path / "fr", pdf=False).outputs[0])
    exported = api.translate_export(belvedere, "en")
    _fill(exported.path)
    imported = api.translate_import(belvedere, exported.path)
    assert not imported.diagnostics and imported.added == exported.paragraphs + exported.texts
    again = api.translate_export(belvedere, "en")
    assert again.translated == again.paragraphs + again.texts and again.stale == 0

    result = api.build(belvedere, tmp_path / "en", pdf=False, language="en")
    assert not [d for d in result.report.items if d.code.startswith("translation-")]
    texts = paragraph_texts(result.outputs[0])

    project = api.validate(belvedere).project
    quoted = sorted((r.text for r in project.recommendations), key=len, reverse=True)
    french = [
        *ENGLISH,                                                    # theme titles, bodies, the State
        "pleinement mise en œuvre", "partiellement mise en œuvre", "non mise en œuvre",   # the vocabulary
        "Danemark", "Chili", "Lettonie", "Sénégal", "Maroc", "Belgique", "Suisse", "Tunisie", "Irlande",
        "Contrôle trimestriel", "Nombre de bénéficiaires",
    ]
    # what the French build printed that is French is in the source build (the test is not empty)
    assert all(any(f.lower() in t.lower() for t in source) for f in french if f not in
               ("Contrôle trimestriel", "Nombre de bénéficiaires"))   # the national matrix prints no actions
    left = []
    for t in texts:
        for q in quoted:   # the recommendations are quoted as received
            t = t.replace(q, "")
        low = t.lower()
        left += [f for f in french if f.lower() in low]
        if re.search(r"\b(?:de la|des|du|les|et|le|la)\b", t) or re.search(r"[éèàçœêâû]", t.replace("Côte", "")):
            left.append(t)
    assert not left, left
    assert "Republic of Belvedere" in texts
    assert any(t.startswith("118.1 ") and t.endswith("(Denmark) (Chile)") for t in texts)
    assert "Partially implemented" in texts and "Fully implemented" in texts and "Not implemented" in texts
    assert any(t.endswith("Prison Administration") for t in texts)
    import zipfile

    with zipfile.ZipFile(result.outputs[0]) as z:     # the cover names the language it was written in
        cover = z.read("word/document.xml").decode("utf-8")
    assert "Original: French" in cover and "Original: English" not in cover


def test_an_incomplete_translation_is_reported_text_by_text_and_a_final_build_refuses_it(belvedere, tmp_path):
    exported = api.translate_export(belvedere, "en")
    # the paragraphs but one, and no theme titles
    _fill(exported.path, lambda m: m.context not in ("theme title", "affaires-etrangeres/priorites/p1"))
    api.translate_import(belvedere, exported.path)
    result = api.build(belvedere, tmp_path / "draft", pdf=False, language="en")
    missing = [d for d in result.report.items if d.code == "translation-missing"]
    assert len(missing) == 3 + 1   # one warning a text
    (para,) = [d for d in missing if d.location.field == "affaires-etrangeres/priorites/p1"]
    assert para.location.path.endswith("priorites.md") and "paragraph affaires-etrangeres/priorites/p1" in para.message
    themes = sorted(d.location.field for d in missing if d.location.field != para.location.field)
    assert themes == ["themes.intl", "themes.justice", "themes.sante"]
    assert all(d.location.path == "report.yaml" for d in missing if d is not para)
    assert any("theme title 'Droit à la santé' has no translation into en" in d.message for d in missing)
    with pytest.raises(UprError) as refused:
        api.build(belvedere, tmp_path / "final", pdf=False, language="en", final=True)
    assert "not complete: 4 texts not translated" in str(refused.value)
    assert len(refused.value.diagnostics) == 4
    assert not (tmp_path / "final").exists() or not list((tmp_path / "final").glob("*.docx"))


def test_key_words_and_the_captions_of_contributors_tables_are_exported_and_printed_translated(belvedere, tmp_path):
    manifest = belvedere / "report.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "keywords: [détention provisoire, aide juridictionnelle]\n",
                        encoding="utf-8")
    fragment = belvedere / "contributions" / "justice" / "justice.md"
    fragment.write_text(fragment.read_text(encoding="utf-8") + "\n\n| Année | Mois |\n|---|---|\n| 2020 | 14 |\n"
                        "| 2024 | 9 |\n\n: Durée moyenne de la détention provisoire\n", encoding="utf-8")
    exported = api.translate_export(belvedere, "en")
    kinds = {}
    for m in _entries(exported.path):
        kinds.setdefault(m.context, set()).add(m.id)
    assert kinds["key word"] == {"détention provisoire", "aide juridictionnelle"}
    assert kinds["table caption"] == {"Durée moyenne de la détention provisoire"}
    comments = {m.id: " ".join(m.auto_comments) for m in _entries(exported.path)}
    assert "justice.md" in comments["Durée moyenne de la détention provisoire"]

    # untranslated: named where it comes from
    result = api.build(belvedere, tmp_path / "draft", pdf=False, language="en")
    missing = {d.message for d in result.report.items if d.code == "translation-missing"}
    assert any("table caption 'Durée moyenne de la détention provisoire'" in m for m in missing)
    assert any("key word 'aide juridictionnelle'" in m for m in missing)

    _fill(exported.path)
    api.translate_import(belvedere, exported.path)
    result = api.build(belvedere, tmp_path / "en", pdf=False, language="en")
    assert not [d for d in result.report.items if d.code.startswith("translation-")]
    texts = paragraph_texts(result.outputs[0])
    assert not [t for t in texts if "Durée moyenne" in t]
    assert any(t.startswith("English table caption") for t in texts)
    from uprreport.readers import translations
    from uprreport.transforms import translate

    localised, _ = translate.localise(api.validate(belvedere).project, "en", translations.read(belvedere, "en"))
    assert localised.manifest.keywords and all(w.startswith("English key word") for w in localised.manifest.keywords)


def test_a_markdown_tables_caption_is_printed_above_it_and_the_report_validates(belvedere, tmp_path):
    import zipfile

    import ooxml_schema

    fragment = belvedere / "contributions" / "justice" / "justice.md"
    fragment.write_text(fragment.read_text(encoding="utf-8") + "\n\n| Année | Mois |\n|---|---|\n| 2020 | 14 |\n\n"
                        ": Durée moyenne de la *détention* provisoire\n", encoding="utf-8")
    out = api.build(belvedere, tmp_path / "out", pdf=False).outputs[0]
    texts = paragraph_texts(out)
    at = texts.index("Durée moyenne de la détention provisoire")
    assert texts[at + 1] == "Année"          # above its table
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    before = xml[:xml.index("Durée moyenne")]
    assert before.rfind("<w:keepNext/>") > before.rfind("<w:p>")     # kept with the table
    assert ooxml_schema.errors(out) == []


@pytest.mark.parametrize("code, word", [("ar", "نص"), ("zh", "文本")])
def test_the_english_sample_built_into_arabic_and_chinese_keeps_no_english_outside_the_recommendations(
        tmp_path, code, word):
    arcadia = tmp_path / "arcadia"
    shutil.copytree(ROOT / "samples" / "national-arcadia", arcadia, ignore=shutil.ignore_patterns("build", "translations"))
    exported = api.translate_export(arcadia, code)
    with open(exported.path, "rb") as f:
        catalog = read_po(f)
    for n, m in enumerate(catalog):
        if m.id:
            m.string = f"{word} {n}"
    with open(exported.path, "wb") as f:
        write_po(f, catalog)
    api.translate_import(arcadia, exported.path)
    result = api.build(arcadia, tmp_path / code, pdf=False, language=code)
    assert not [d for d in result.report.items if d.code.startswith("translation-")]
    quoted = sorted((r.text for r in api.validate(arcadia).project.recommendations), key=len, reverse=True)
    left = []
    for t in paragraph_texts(result.outputs[0]):
        for q in quoted:
            t = t.replace(q, "")
        # UN covers in Arabic and Chinese keep "Distr.: General" and "Original: English" in English
        # (docs/languages.md); document symbols are Latin in every language
        t = re.sub(r"\bA/HRC/[\w./]+|^Distr\.: General$|^Original: English$", "", t)
        if re.search(r"[A-Za-z]{2,}", t):
            left.append(t)
    assert not left, left


def test_a_word_tables_caption_paragraph_is_kept_printed_above_it_and_offered_for_translation(tmp_path):
    """Word writes a table's caption as a paragraph in its Caption style beside the table
    (Insert Caption); pandoc takes it for the table's own caption, which was lost."""
    import zipfile

    import ooxml_schema
    from docx import Document

    root = tmp_path / "arcadia"
    shutil.copytree(ROOT / "samples" / "national-arcadia", root, ignore=shutil.ignore_patterns("build", "translations"))
    folder = root / "contributions" / "labour"
    d = Document()
    d.add_paragraph("The inspectorate's caseload grew.")
    d.add_paragraph("Table 1: Cases by year", style="Caption")
    table = d.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Year", "Cases", "2024", "7"]):
        cell.text = text
    d.save(folder / "caseload.docx")
    (folder / "caseload.yaml").write_text("section: D\ntheme: disabilities\n", encoding="utf-8")
    out = api.build(root, tmp_path / "out", pdf=False).outputs[0]
    texts = paragraph_texts(out)
    at = texts.index("Table 1: Cases by year")
    assert texts[at + 1] == "Year" and texts.count("Table 1: Cases by year") == 1
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml[:xml.index("Table 1: Cases by year")].rfind("<w:keepNext/>") > 0
    assert ooxml_schema.errors(out) == []
    exported = api.translate_export(root, "fr")
    assert "Table 1: Cases by year" in {m.id for m in _entries(exported.path) if m.context == "table caption"}
