"""The label of the n-th chapter, section, sub-section, paragraph or annex in a report's
language, as issued UN documents in that language print it (docs/languages.md, "UN
typography", gives the sources). Latin-script languages: I. A. 1. and "1."; Arabic: أولاً -
ألف - and "1-"; Chinese: 一. A. 1. and "1."."""

from __future__ import annotations

from uprreport.transforms import arabic

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_CJK = "〇一二三四五六七八九"


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def cjk(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 48 -> 四十八 (Chinese numerals; digits past 99)."""
    if not 0 < n < 100:
        return str(n)
    tens, unit = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CJK[tens] + "十")
    return head + (_CJK[unit] if unit else "")


def section(level: int, n: int, language: str = "en") -> str | None:
    """The label of the n-th section at ``level`` (1 chapter, 2 section, 3 sub-section):
    'IV.', 'B.', '3.'; Arabic 'رابعاً -', 'باء -', '3-'; Chinese '四.', 'B.', '3.'. None below
    level 3 (those headings are not numbered)."""
    if language == "ar":
        if level > 3:
            return None
        word = {1: arabic.chapter, 2: arabic.letter}.get(level, lambda _: None)(n)
        return f"{word} -" if word else f"{n}-"   # a sub-section, or past the words: digits
    fmt = {1: cjk if language == "zh" else roman, 2: letter, 3: str}.get(level)
    return f"{fmt(n)}." if fmt else None


def paragraph(language: str = "en") -> str:
    """How a numbered paragraph's number is printed, with ``{n}`` for it: '{n}.', Arabic '{n}-'."""
    return "{n}-" if language == "ar" else "{n}."


def annex_number(n: int, language: str = "en") -> str:
    """The number of the n-th of several annexes: 'II'; Arabic 'الثاني' (المرفق الثاني);
    Chinese '二' (附件二)."""
    if language == "ar":
        return arabic.ordinal(n, feminine=False) or str(n)
    return cjk(n) if language == "zh" else roman(n)


def ordinal(n: int, language: str) -> str | None:
    """A session's or cycle's ordinal where UN documents spell it in words that the catalogs'
    num2words cannot give: Arabic feminine ordinals (الدورة الثامنة والأربعون). None for the
    other languages (their catalog's ``ordinal-style`` says how)."""
    return arabic.ordinal(n, feminine=True) if language == "ar" else None
