"""The labels, ordinals and dates of each language as UN documents print them
(docs/languages.md, "UN typography")."""

import datetime as dt

import pytest

from uprreport.i18n import Language
from uprreport.model.manifest import Manifest
from uprreport.readers import profile
from uprreport.transforms import arabic, cover, labels


@pytest.mark.parametrize("n, words", [
    (1, "الأولى"), (2, "الثانية"), (10, "العاشرة"), (11, "الحادية عشرة"), (12, "الثانية عشرة"),
    (19, "التاسعة عشرة"), (20, "العشرون"), (21, "الحادية والعشرون"), (40, "الأربعون"),
    (46, "السادسة والأربعون"), (48, "الثامنة والأربعون"), (65, "الخامسة والستون"),
    (78, "الثامنة والسبعون"), (95, "الخامسة والتسعون"), (100, "المائة"),
    (127, "السابعة والعشرون بعد المائة"),
])
def test_arabic_session_ordinals_are_feminine_words(n, words):
    assert arabic.ordinal(n) == words


def test_arabic_masculine_ordinals_and_the_limits():
    assert [arabic.ordinal(n, feminine=False) for n in (1, 2, 11, 23)] == \
        ["الأول", "الثاني", "الحادي عشر", "الثالث والعشرون"]
    assert arabic.ordinal(0) is None and arabic.ordinal(1000) is None


@pytest.mark.parametrize("n, word", [(1, "أولاً"), (2, "ثانياً"), (4, "رابعاً"), (10, "عاشراً"),
                                     (11, "حادي عشر"), (12, "ثاني عشر"), (20, "عشرون"), (21, "حادي وعشرون")])
def test_arabic_chapter_words(n, word):
    assert arabic.chapter(n) == word


def test_arabic_section_letters_follow_the_abjad_order():
    assert [arabic.letter(n) for n in (1, 2, 3, 4, 5)] == ["ألف", "باء", "جيم", "دال", "هاء"]
    assert len(set(arabic.ABJAD)) == 28 and arabic.letter(29) is None


@pytest.mark.parametrize("language, chapter, section, sub, para", [
    ("en", "II.", "B.", "2.", "2."), ("fr", "II.", "B.", "2.", "2."), ("es", "II.", "B.", "2.", "2."),
    ("ru", "II.", "B.", "2.", "2."), ("zh", "二.", "B.", "2.", "2."), ("ar", "ثانياً -", "باء -", "2-", "2-"),
])
def test_labels_by_language(language, chapter, section, sub, para):
    assert labels.section(1, 2, language) == chapter
    assert labels.section(2, 2, language) == section
    assert labels.section(3, 2, language) == sub
    assert labels.section(4, 2, language) is None
    assert labels.paragraph(language).format(n=2) == para


def test_labels_past_the_words_fall_back_to_digits():
    assert labels.section(2, 29, "ar") == "29-" and labels.section(1, 100, "ar") == "100-"
    assert labels.section(1, 14, "en") == "XIV." and labels.section(2, 27, "en") == "AA."
    assert [labels.cjk(n) for n in (1, 10, 11, 20, 48, 99, 100)] == ["一", "十", "十一", "二十", "四十八", "九十九", "100"]


def test_annex_numbers_by_language():
    assert [labels.annex_number(2, c) for c in ("en", "fr", "ar", "zh")] == ["II", "II", "الثاني", "二"]


def test_dates_as_un_documents_write_them():
    first, other = dt.date(2026, 4, 1), dt.date(2023, 9, 15)
    assert Language("fr").date(first) == "1er avril 2026" and Language("fr").date(other) == "15 septembre 2023"
    assert Language("es").date(first) == "1 de abril de 2026"
    assert Language("ru").date(first) == "1 апреля 2026 года"
    assert Language("ar").date(other) == "15 أيلول/سبتمبر 2023"
    assert Language("ar").date(dt.date(2025, 6, 3)) == "3 حزيران/يونيه 2025"
    assert Language("en").date(first) == "1 April 2026" and Language("zh").date(first) == "2026年4月1日"


def _manifest(**kw):
    base = dict(kind="national", state="X", iso3="ARC", cycle=4, wg_session=48, previous_review="A/HRC/44/12",
                date="2025-01-06", session_start="2025-04-28", session_end="2025-05-01")
    return Manifest.model_validate({**base, **kw})


def test_arabic_cover_spells_the_session_and_names_the_months_twice():
    fields = cover.context(_manifest(language="ar"), profile.read("national"))
    assert fields["session_line"] == "الدورة الثامنة والأربعون"
    assert fields["session_when"] == "جنيف، 28 نيسان/أبريل-1 أيار/مايو 2025"
    assert fields["date"] == "6 كانون الثاني/يناير 2025"


def test_french_cover_writes_1er_and_the_authors_article():
    fields = cover.context(_manifest(language="fr"), profile.read("national"))
    assert fields["session_when"] == "Genève, 28 avril-1er mai 2025"
    author = dict(name="Médiateur de la République", article="le")
    nhri = cover.context(_manifest(language="fr", kind="nhri", author=author, date="2025-04-01"), profile.read("nhri"))
    assert nhri["submitted_by"].startswith("Présentée par le Médiateur de la République")
    assert "présentée par le Médiateur de la République pour" in nhri["title"]
    assert nhri["date"] == "1er avril 2025"
    elided = cover.context(_manifest(language="fr", kind="nhri", author=dict(name="Institution", article="l'")),
                           profile.read("nhri"))
    assert elided["submitted_by"] == "Présentée par l\u2019Institution"
    bare = cover.context(_manifest(language="fr", kind="nhri", author=dict(name="Amnesty International")),
                         profile.read("nhri"))
    assert bare["submitted_by"] == "Présentée par Amnesty International"   # no article given: as written
    english = cover.context(_manifest(kind="nhri", author=author), profile.read("nhri"))
    assert english["submitted_by"] == "Submitted by Médiateur de la République"   # the article is French only
