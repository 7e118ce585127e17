"""A project's translation file that cannot be read stops a build in that language with the
file and what to do; never a traceback."""

from __future__ import annotations

import pytest

from uprreport.errors import UprError
from uprreport.readers import translations

GOOD = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "justice/framework/p1"\nmsgid "Hello"\nmsgstr "Bonjour"\n')


@pytest.mark.parametrize("content,said", [
    (b'msgctxt "p-1"\nmsgid "Hello"\nmsgstr "Bonjour \xff\xfe"\n', "character set"),
    (GOOD.replace("utf-8", "x-unknown-42").encode("utf-8"), "x-unknown-42"),
    (b'msgid "a"\nmsgstr[0] "b"\nmsgstr[x] "c"\n', "ValueError"),
])
def test_a_translation_file_that_cannot_be_read_is_an_error_naming_it(tmp_path, content, said):
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "fr.po").write_bytes(content)
    with pytest.raises(UprError) as exc:
        translations.read(tmp_path, "fr")
    assert "translations/fr.po cannot be read" in str(exc.value) and said in str(exc.value)
    assert "uprreport translate import" in exc.value.hint
    (d,) = exc.value.diagnostics
    assert d.code == "translation-invalid" and d.location.path == "translations/fr.po"


def test_a_good_translation_file_is_read(tmp_path):
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "fr.po").write_text(GOOD, encoding="utf-8")
    assert {k: (e.source, e.target) for k, e in translations.read(tmp_path, "fr").items()} == {
        "justice/framework/p1": ("Hello", "Bonjour")}          # a paragraph: by its id
    assert translations.read(tmp_path, "es") == {}
