"""Translating a report: paragraphs out as PO, translations back, the report built in the
other language; changed paragraphs flagged stale by contributor."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po, write_po

from docxxml import paragraph_texts
from uprreport import api


def _translate(po, edit):
    """A translator's pass over the PO file, as a CAT tool saves it."""
    with open(po, "rb") as f:
        catalog = read_po(f)
    for m in catalog:
        if m.id:
            m.string = edit(m.id)
            m.flags.discard("fuzzy")
    with open(po, "wb") as f:
        write_po(f, catalog)


def test_round_trip_from_export_to_a_translated_build(sample_copy, tmp_path):
    exported = api.translate_export(sample_copy, "fr")
    assert exported.paragraphs > 40 and exported.translated == 0
    _translate(exported.path, lambda source: "FR " + source.replace("<note>", "<note>FR "))
    imported = api.translate_import(sample_copy, exported.path)
    assert imported.added == exported.paragraphs + exported.texts and not imported.diagnostics
    result = api.build(sample_copy, tmp_path, pdf=False, language="fr")
    out = result.outputs[0]
    assert out.name.endswith("-fr.docx")
    texts = paragraph_texts(out)
    assert "Nations Unies" in texts
    body = [t for t in texts if re.match(r"^\d+\.\t", t)]
    from uprreport.model.nodes import iter_paras
    from uprreport.transforms.assemble import SOURCE

    compiled = api.validate(sample_copy, language="fr").compiled   # what uprreport writes itself, in French
    ours = {p.plain() for top in compiled.doc.body for s in top.walk() for p in iter_paras(s.blocks)
            if p.source == SOURCE}
    generated = [t for t in body if t.split("\t", 1)[1] in ours]
    assert generated
    assert all(t.split("\t", 1)[1].startswith("FR ") for t in body if t not in generated)
    assert not [d for d in result.report.items if d.code.startswith("translation-")]
    # formatting and notes came back with the translation
    assert any("FR " in n for n in __import__("docxxml").real_notes(out, "endnote"))


def test_a_changed_paragraph_is_stale_until_translated_again(sample_copy, tmp_path):
    exported = api.translate_export(sample_copy, "fr")
    _translate(exported.path, lambda source: "FR " + source)
    api.translate_import(sample_copy, exported.path)
    frag = sample_copy / "contributions" / "justice" / "justice.md"
    text = frag.read_text(encoding="utf-8")
    frag.write_text(text.replace("fell from 412 days", "fell from 415 days", 1), encoding="utf-8")
    result = api.build(sample_copy, tmp_path, pdf=False, language="fr")
    (stale,) = [d for d in result.report.items if d.code == "translation-stale"]
    assert "Ministry of Justice: 1 paragraph changed since translated (justice/justice/p1)" in stale.message
    again = api.translate_export(sample_copy, "fr")
    assert again.stale == 1 and again.translated == again.paragraphs + again.texts - 1
    with open(again.path, "rb") as f:
        (fuzzy,) = [m for m in read_po(f) if m.fuzzy and m.id]
    assert fuzzy.context == "justice/justice/p1" and "415 days" in fuzzy.id and fuzzy.string.startswith("FR ")


def test_broken_tags_in_a_translation_are_refused_with_the_line(sample_copy):
    exported = api.translate_export(sample_copy, "es")
    _translate(exported.path, lambda source: "ES " + source.replace("</note>", "", 1))
    imported = api.translate_import(sample_copy, exported.path)
    bad = [d for d in imported.diagnostics if d.code == "translation-invalid"]
    assert bad and all(d.location.line for d in bad) and "not closed" in bad[0].message
    assert imported.added == exported.paragraphs + exported.texts - len(bad)
