import shutil

import pytest

from uprreport.model.nodes import Document, Para, Run, Section
from uprreport.writers import fonts

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")


def _doc(text: str) -> Document:
    return Document(body=[Section("A", "A", 1, blocks=[Para([Run(text)], source="contributions/x/f.md")])])


def test_characters_no_font_has_are_named_with_the_file():
    cov = fonts._coverage()
    hieroglyph = "\U00013000"
    if fonts._covered(ord(hieroglyph), cov):
        pytest.skip("this machine has a font with Egyptian hieroglyphs")
    (d,) = fonts.check(_doc(f"A sign: {hieroglyph}."))
    assert d.code == "font-missing" and d.location.path == "contributions/x/f.md"
    assert "U+13000" in d.message and "apt-get install" in d.message


def test_chinese_and_arabic_have_fonts_after_setup():
    # scripts/setup.sh installs fonts-wqy-microhei and fonts-hosny-amiri
    assert fonts.check(_doc("人权理事会第四十八届会议 مجلس حقوق الإنسان")) == []


@pytest.mark.libreoffice
def test_a_chinese_fragment_prints_in_the_pdf(sample_copy, tmp_path):
    from pypdf import PdfReader

    from uprreport import api

    frag = sample_copy / "contributions" / "justice" / "zh.md"
    frag.write_text("---\nsection: D\ntheme: justice\n---\n司法部于2023年设立了人权培训方案。\n", encoding="utf-8")
    result = api.build(sample_copy, tmp_path)
    assert not [d for d in result.report.items if d.code == "font-missing"]
    text = "".join(p.extract_text() or "" for p in PdfReader(result.outputs[1]).pages)
    assert "人权培训方案" in text
