"""The cover furniture of a UN document, as template fields, from the manifest."""

from __future__ import annotations

import datetime as dt

from uprreport.model.manifest import LANGUAGES, Manifest
from uprreport.model.profile import Profile

_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TENS_ORD = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
             "eightieth", "ninetieth"]


def ordinal_words(n: int) -> str:
    """48 -> 'Forty-eighth' (1 to 199), as on UN covers."""
    prefix = ""
    if n >= 100:
        prefix = "one hundred and " if n % 100 else "one hundredth"
        if n == 100:
            return "One hundredth"
        n %= 100
    if n < 10:
        word = _UNITS[n]
    elif n < 20:
        word = _TEENS[n - 10]
    elif n % 10 == 0:
        word = _TENS_ORD[n // 10]
    else:
        word = f"{_TENS[n // 10]}-{_UNITS[n % 10]}"
    text = prefix + word
    return text[:1].upper() + text[1:]


def un_date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def session_when(m: Manifest) -> str:
    """'Geneva, 20–31 January 2025' from the session dates (empty if unknown)."""
    a, b = m.session_start, m.session_end
    if not a:
        return m.session_place
    if not b or a == b:
        return f"{m.session_place}, {un_date(a)}"
    if (a.year, a.month) == (b.year, b.month):
        span = f"{a.day}\u2013{b.day} {b:%B %Y}"
    elif a.year == b.year:
        span = f"{a.day} {a:%B}\u2013{b.day} {b:%B %Y}"
    else:
        span = f"{un_date(a)}\u2013{un_date(b)}"
    return f"{m.session_place}, {span}"


def context(m: Manifest, profile: Profile) -> dict:
    return {
        "symbol": m.symbol,
        "date": un_date(m.date),
        "original": LANGUAGES[m.language],
        "session_ordinal": ordinal_words(m.wg_session),
        "session_when": session_when(m),
        "title": m.title or profile.title,
        "state": m.state,
        "iso3": m.iso3,
        "cycle": m.cycle,
        "previous_review": m.previous_review,
    }
