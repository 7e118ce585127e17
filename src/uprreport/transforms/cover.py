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


def the_state(state: str) -> str:
    """'Republic of Arcadia' -> 'the Republic of Arcadia'; 'Slovenia' stays as it is."""
    return f"the {state}" if " of " in state and not state.lower().startswith("the ") else state


def cardinal_ordinal(n: int) -> str:
    """4 -> 'fourth' (for cycles)."""
    return ordinal_words(n).lower()


def context(m: Manifest, profile: Profile) -> dict:
    """Template fields: the UN cover of a national report, the title block of a submission."""
    author = m.author.name if m.author else ""
    fill = {"state": the_state(m.state), "author": author, "session_ordinal": ordinal_words(m.wg_session),
            "cycle_ordinal": cardinal_ordinal(m.cycle)}
    title = m.title or profile.title.format(**fill)
    submitted = ""
    if m.author:
        submitted = f"Submitted by {m.author.name}" + (f" ({m.author.acronym})" if m.author.acronym else "")
        if m.accreditation:
            submitted += f", national human rights institution with ‘{m.accreditation}’ status"
    return {
        "symbol": m.symbol or "",
        "date": un_date(m.date),
        "original": LANGUAGES[m.language],
        "session_ordinal": ordinal_words(m.wg_session),
        "session_when": session_when(m),
        "title": title,
        "subtitle": profile.subtitle.format(**fill),
        "submitted_by": submitted,
        "contact": (m.author.email or m.author.website or "") if m.author else "",
        "short_title": f"{m.author.acronym or m.author.name} – UPR of {the_state(m.state)}" if m.author else m.state,
        "state": m.state,
        "iso3": m.iso3,
        "cycle": m.cycle,
        "previous_review": m.previous_review,
    }


def apply(doc, ctx):
    """Fill the document's template fields from the manifest."""
    doc.meta.fields = context(ctx.project.manifest, ctx.project.profile)
    return ()
