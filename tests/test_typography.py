"""Built reports print the labels, ordinals and dates of their language as UN documents do
(docs/languages.md, "UN typography"): the Arabic sample, an Arabic national report's cover,
a French cover."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, SAMPLE
from docxxml import NS, part, paragraph_texts
from uprreport import api

ARABIC = ROOT / "samples" / "midterm-qamar-ar"
FRENCH = ROOT / "samples" / "national-belvedere-fr"


def _copy(src, tmp_path, **changes):
    root = tmp_path / src.name
    shutil.copytree(src, root, ignore=shutil.ignore_patterns("build"))
    m = root / "report.yaml"
    text = m.read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
    m.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def arabic_sample(tmp_path_factory):
    return api.build(ARABIC, tmp_path_factory.mktemp("ar"), pdf=False).outputs[0]


def test_the_arabic_samples_chapters_sections_and_paragraphs(arabic_sample):
    texts = paragraph_texts(arabic_sample)
    contents = texts.index("المحتويات\tالصفحة")
    lines = [t.rpartition("\t")[0] for t in texts[contents + 1:contents + 6]]   # without the page
    assert lines == ["أولاً - مقدمة ومنهجية", "ثانياً - لمحة عامة عن التنفيذ", "ثالثاً - التنفيذ حسب الموضوع",
                     "ألف - إقامة العدل والمحاكمة العادلة", "باء - الحق في التعليم"]
    body = texts[texts.index("أولاً - مقدمة ومنهجية"):]
    headings = [t for t in body if re.match(r"^\S+ - ", t)]
    assert [h.split(" - ")[0] for h in headings[:6]] == ["أولاً", "ثانياً", "ثالثاً", "ألف", "باء", "رابعاً"]
    assert headings[3].startswith("ألف - إقامة العدل والمحاكمة العادلة")
    numbers = [int(m.group(1)) for t in body if (m := re.match(r"^(\d+)-\t", t))]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 5
    assert not any(re.match(r"^([IVX]+|[A-Z]|\d+)\.\t", t) for t in texts)   # no Latin labels left


def test_the_arabic_labels_read_right_to_left_with_their_paragraph(arabic_sample):
    body = part(arabic_sample, "word/document.xml")
    for p in body.iter(f"{{{NS['w']}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{NS['w']}}}t"))
        if text.startswith(("أولاً -", "ألف -", "1-")):
            assert p.find("w:pPr/w:bidi", NS) is not None, text


def test_the_arabic_samples_cover(arabic_sample):
    texts = paragraph_texts(arabic_sample)[:6]
    assert "توصيات الجولة الثالثة" in texts            # the cycle in words, feminine with الجولة
    assert "15 أيلول/سبتمبر 2023" in texts              # the date with the month's two names


def test_an_arabic_national_reports_cover_spells_the_session(tmp_path):
    out = api.build(_copy(SAMPLE, tmp_path, language="ar"), tmp_path / "out", pdf=False).outputs[0]
    texts = paragraph_texts(out)
    assert "الدورة الثامنة والأربعون" in texts
    assert "جنيف، 20-31 كانون الثاني/يناير 2025" in texts
    assert any(t.startswith("المرفق\n") for t in texts)


def test_a_french_cover_writes_1er(tmp_path):
    root = _copy(FRENCH, tmp_path, date="2025-04-01", session_start="2025-05-01", session_end="2025-05-12")
    texts = paragraph_texts(api.build(root, tmp_path / "out", pdf=False).outputs[0])
    assert "1er avril 2025" in texts
    assert "Genève, 1er-12 mai 2025" in texts
    assert any(t.startswith("I.\t") for t in texts) and any(re.match(r"^1\.\t", t) for t in texts)
