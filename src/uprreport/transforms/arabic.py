"""Arabic numbers in words as UN Arabic documents print them: chapter adverbs (أولاً), the
abjad names of section letters (ألف، باء), and definite ordinals, feminine for a session
(الدورة الثامنة والأربعون) and masculine for an annex (المرفق الأول). None past what the
rules below cover; the callers then print digits. docs/languages.md gives the sources."""

from __future__ import annotations

TANWEEN = "\u064b"   # the fathatan written after the final alif: أولاً
_UNITS_M = ["", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
_UNITS_F = ["", "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة",
            "العاشرة"]
_TENS = ["", "", "العشرون", "الثلاثون", "الأربعون", "الخمسون", "الستون", "السبعون", "الثمانون", "التسعون"]
# hundreds as they follow بعد ("the twenty-seventh after the hundred"), and alone
_HUNDREDS_AFTER = ["", "المائة", "المائتين", "الثلاثمائة", "الأربعمائة", "الخمسمائة", "الستمائة", "السبعمائة",
                   "الثمانمائة", "التسعمائة"]
_HUNDREDS = ["", "المائة", "المائتان", *_HUNDREDS_AFTER[3:]]
# the abjad order, in which UN Arabic documents letter sections
ABJAD = ["ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام", "ميم", "نون",
         "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء", "ثاء", "خاء", "ذال", "ضاد", "ظاء", "غين"]


def _below_100(n: int, feminine: bool) -> str:
    units = _UNITS_F if feminine else _UNITS_M
    if n <= 10:
        return units[n]
    tens, unit = divmod(n, 10)
    # a one in a compound is الحادي / الحادية, not الأول / الأولى
    first = ("الحادية" if feminine else "الحادي") if unit == 1 else units[unit]
    if tens == 1:
        return f"{first} {'عشرة' if feminine else 'عشر'}"
    return _TENS[tens] if unit == 0 else f"{first} و{_TENS[tens]}"


def ordinal(n: int, feminine: bool = True) -> str | None:
    """48 -> 'الثامنة والأربعون' (feminine, nominative, as after الدورة or الجولة); 1 -> 'الأول'
    with ``feminine=False``; 127 -> 'السابعة والعشرون بعد المائة'. None outside 1-999."""
    if not 0 < n < 1000:
        return None
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest, feminine)
    if rest == 0:
        return _HUNDREDS[hundreds]
    return f"{_below_100(rest, feminine)} بعد {_HUNDREDS_AFTER[hundreds]}"


_ADVERBS = ["", "أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا"]
_INDEF_UNITS = ["", "حادي", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع"]


def chapter(n: int) -> str | None:
    """1 -> 'أولاً', 11 -> 'حادي عشر', 21 -> 'حادي وعشرون': the word that numbers a chapter.
    None outside 1-99."""
    if not 0 < n < 100:
        return None
    if n <= 10:
        return _ADVERBS[n] + TANWEEN
    tens, unit = divmod(n, 10)
    if tens == 1:
        return f"{_INDEF_UNITS[unit]} عشر"
    tens_word = _TENS[tens][2:]   # without the article: عشرون
    return tens_word if unit == 0 else f"{_INDEF_UNITS[unit]} و{tens_word}"


def letter(n: int) -> str | None:
    """1 -> 'ألف', 2 -> 'باء': the n-th section letter. None past the 28 letters."""
    return ABJAD[n - 1] if 0 < n <= len(ABJAD) else None
