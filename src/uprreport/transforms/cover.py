"""The cover furniture of a UN document, as template fields, in the report's language."""

from __future__ import annotations

import datetime as dt

from uprreport import i18n
from uprreport.i18n import Language, N_
from uprreport.model.manifest import LANGUAGES, Manifest
from uprreport.model.profile import Profile
from uprreport.transforms import labels

# The furniture of an issued UN document's cover, as the catalogs translate it.
FURNITURE = {"united_nations": N_("United Nations"), "general_assembly": N_("General Assembly"),
             "distribution": N_("Distr.: General"), "council": N_("Human Rights Council"),
             "working_group": N_("Working Group on the Universal Periodic Review")}
# The manifest's languages, by name, for "Original: …" (translated in the report's language).
LANGUAGE_NAMES = [N_("English"), N_("French"), N_("Spanish"), N_("Arabic"), N_("Russian"), N_("Chinese")]


def ordinal_words(n: int, t: Language | None = None) -> str:
    """48 -> 'Forty-eighth', as on UN covers (in the report's language with ``t``; Arabic's
    feminine ordinal, الثامنة والأربعون, from transforms/labels.py)."""
    t = t or Language()
    return labels.ordinal(n, t.code) or t.ordinal(n)


def un_date(d: dt.date, t: Language | None = None) -> str:
    """'30 June 2027' (CLDR's long date in the report's language with ``t``)."""
    return (t or Language()).date(d)


def session_when(m: Manifest, t: Language | None = None) -> str:
    """'Geneva, 20–31 January 2025' from the session dates (the place alone if unknown)."""
    t = t or Language()
    months = t.month_names()
    place = t(m.session_place)
    a, b = m.session_start, m.session_end
    if not a:
        return place
    if not b or a == b:
        return t("{place}, {date}", place=place, date=t.date(a))
    if (a.year, a.month) == (b.year, b.month):
        span = t("{day1}\u2013{day2} {month} {year}", day1=t.day(a), day2=t.day(b), month=months[b.month], year=b.year,
                 monthnum=b.month)
    elif a.year == b.year:
        span = t("{day1} {month1}\u2013{day2} {month2} {year}", day1=t.day(a), month1=months[a.month], day2=t.day(b),
                 month2=months[b.month], year=b.year, month1num=a.month, month2num=b.month)
    else:
        span = t("{date1}\u2013{date2}", date1=t.date(a), date2=t.date(b))
    return t("{place}, {date}", place=place, date=span)


def the_state(state: str) -> str:
    """'Republic of Arcadia' -> 'the Republic of Arcadia'; 'Slovenia' stays as it is (English)."""
    return Language().the_state(state)


# the cover's "Submitted by …": its participle agrees with the kind's document in some languages
# (French "Présenté par" a rapport, "Présentée par" a communication): one entry a kind in the
# catalogs (msgctxt: the kind), besides this plain one (tools/extract_messages.py)
SUBMITTED_BY = N_("Submitted by {author}")


def context(m: Manifest, profile: Profile, original: str | None = None) -> dict:
    """Template fields: the UN cover of a national report, the title block of a submission.
    ``original``: the language the report was written in, when this is a translation of it (the
    cover's "Original: French", named in the translation's language)."""
    t = Language(m.language)
    # the author as a sentence names it: French "le Médiateur" when report.yaml gives its article
    author = t.named(m.author.name, m.author.article) if m.author else ""
    session = ordinal_words(m.wg_session, t)
    fill = {"state": t.the_state(m.state), "author": author, "session_ordinal": session,
            "cycle_ordinal": ordinal_words(m.cycle, t).lower()}
    title = m.title or t(profile.title, **fill)
    submitted = ""
    if m.author:
        name = author + (f" ({m.author.acronym})" if m.author.acronym else "")
        submitted = t.of_kind(profile.kind, SUBMITTED_BY, author=name)
        if m.accreditation:
            submitted += t(", national human rights institution with \u2018{status}\u2019 status", status=m.accreditation)
    original = t(LANGUAGES.get(original or m.language, LANGUAGES[m.language]))
    return {
        **{key: t(text) for key, text in FURNITURE.items()},
        "symbol": m.symbol or "",
        "date": t.date(m.date),
        "original": original,
        "original_line": t("Original: {language}", language=original),
        "session_ordinal": session,
        "session_line": t("{ordinal} session", ordinal=session),
        "session_when": session_when(m, t),
        "title": title,
        "subtitle": t(profile.subtitle, **fill) if profile.subtitle else "",
        "submitted_by": submitted,
        "contact": (m.author.email or m.author.website or "") if m.author else "",
        "short_title": t("{who} \u2013 UPR of {state}", who=m.author.acronym or m.author.name,
                         state=t.the_state(m.state)) if m.author else m.state,
        "state": m.state,
        "iso3": m.iso3,
        "cycle": m.cycle,
        "previous_review": m.previous_review,
    }


def apply(doc, ctx):
    """Fill the document's template fields and its labels from the manifest. A run that only
    checks leaves the fields out: they change no count and no diagnostic, and spelling the
    dates and ordinals (CLDR's data, num2words) is a third of a sample's validation."""
    if ctx.options.furniture:
        doc.meta.fields = context(ctx.project.manifest, ctx.project.profile, ctx.options.original)
    t = i18n.of(ctx.project)
    doc.meta.labels = {"contents": t("Contents"), "page": t("Page")}
    doc.meta.rtl = t.rtl
    return ()
