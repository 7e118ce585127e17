"""The report's language: every generated word comes from a gettext catalog
(``locale/<language>.po``, compiled by Babel when first used), dates, numbers and lists
follow CLDR (Babel), session ordinals are spelt by num2words. docs/languages.md says how
to correct a term and where the terms come from.

Messages to the user stay in English; only what goes into the report is translated.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import struct
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# CLDR locales for the UN's English (day month year, no serial comma) and the other five.
CLDR = {"en": "en_GB", "fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh": "zh_Hans"}


def N_(msgid: str) -> str:
    """Mark a string for extraction where it is defined; it is translated where it is used."""
    return msgid


# The months as UN Arabic documents write them: the Levantine name, then the one used in
# Egypt and the Gulf (كانون الثاني/يناير), with يونيه and يوليه (docs/languages.md).
UN_ARABIC_MONTHS = ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيه",
                    "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
                    "كانون الأول/ديسمبر"]


# NOTE: not words of the report: how this language writes a session's ordinal, as "words"
# (Quarante-huitième), "words-feminine" (Сорок восьмая), "numerals:" and the num2words
# language whose numerals to use (Chinese numerals below 100 are those of "ja": 四十八), or
# "number:" and a pattern ({n}º).
ORDINAL_STYLE = N_("ordinal-style")


@cache
def catalog(code: str) -> gettext.NullTranslations:
    """The compiled catalog of language ``code`` (English needs none: msgids are English).
    Babel compiles the .po file; the compiled catalog is kept in the user's cache folder
    (named by a hash of the .po file's bytes, so an edited catalog is compiled again): reading
    a .po file costs about 20 ms a language, which every command that reads a contribution paid
    for all five (the packs' headers are known in every language)."""
    po = LOCALE_DIR / f"{code}.po"
    if code == "en" or not po.is_file():
        return gettext.NullTranslations()
    source = po.read_bytes()
    kept = _compiled_file(code, source)
    if kept is not None:
        try:
            return gettext.GNUTranslations(io.BytesIO(kept.read_bytes()))
        except (OSError, ValueError, IndexError, struct.error):
            pass   # absent, or not a catalog: compiled again below
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = read_po(io.BytesIO(source), locale=CLDR.get(code, code))
    buf = io.BytesIO()
    write_mo(buf, compiled, use_fuzzy=False)
    if kept is not None:
        _keep(kept, buf.getvalue())
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _compiled_file(code: str, source: bytes) -> Path | None:
    """Where the catalog compiled from ``source`` is kept, or None when nothing is kept."""
    import hashlib

    from uprreport.fsutil import cache_folder

    where = cache_folder()
    if where is None:
        return None
    return where / f"catalog-{code}-{hashlib.sha256(source).hexdigest()[:16]}.mo"


def _keep(file: Path, data: bytes) -> None:
    from uprreport.errors import FileInUse
    from uprreport.fsutil import atomic_path

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(file) as tmp:
            tmp.write_bytes(data)
        code = file.name.split("-")[1]
        for old in file.parent.glob(f"catalog-{code}-*.mo"):   # those of a catalog since edited
            if old != file:
                old.unlink(missing_ok=True)
    except (OSError, FileInUse):   # FileInUse: Windows, another process holds the file
        pass   # compiled again next time


class Language:
    """Words, dates and numbers of the report in language ``code`` (en, fr, es, ar, ru, zh)."""

    def __init__(self, code: str = "en"):
        self.code = code
        self.locale = CLDR.get(code, code)
        self._catalog = catalog(code)
        self.rtl = code == "ar"   # written right to left

    def __call__(self, msgid: str, **fields) -> str:
        """``msgid`` in this language, with ``{fields}`` filled in."""
        text = self._catalog.gettext(msgid)
        return text.format(**fields) if fields else text

    def of_kind(self, kind: str, msgid: str, **fields) -> str:
        """``msgid`` as the report kind ``kind`` says it (the catalog's entry of context ``kind``):
        a sentence whose grammar follows the document's own noun, French "Présenté par" for a
        rapport, "Présentée par" for a communication; the plain entry where the kind has none."""
        text = self._catalog.pgettext(kind, msgid)
        if text == msgid:
            text = self._catalog.gettext(msgid)
        return text.format(**fields) if fields else text

    def plural(self, singular: str, plural: str, n: int, **fields) -> str:
        text = self._catalog.ngettext(singular, plural, n)
        return text.format(n=n, **fields)

    def date(self, d: dt.date) -> str:
        """'20 January 2025', '1er avril 2026', '20 de enero de 2025', '1 апреля 2026 года',
        '15 أيلول/سبتمبر 2023': CLDR's long date, in the forms UN documents print
        (docs/languages.md, "UN typography")."""
        if self.code == "ar":   # UN Arabic names each month twice: أيلول/سبتمبر
            return f"{d.day} {self.month_names()[d.month]} {d.year}"
        from babel.dates import format_date

        text = format_date(d, "long", locale=self.locale)
        if self.code == "fr" and d.day == 1:    # le premier du mois: 1er avril
            text = "1er" + text[1:]
        if self.code == "ru" and text.endswith("г."):   # 1 апреля 2026 года, not г.
            text = text[:-2].rstrip() + " года"
        return text

    def day(self, d: dt.date) -> str:
        """The day of the month as a date prints it: '1', French '1er'."""
        return "1er" if self.code == "fr" and d.day == 1 else str(d.day)

    def month_names(self) -> dict[int, str]:
        """The months as a date names them (CLDR's; UN Arabic's double names: شباط/فبراير)."""
        if self.code == "ar":
            return dict(enumerate(UN_ARABIC_MONTHS, 1))
        from babel.dates import get_month_names

        return dict(get_month_names("wide", context="format", locale=self.locale))

    def month_span(self, a: dt.date, b: dt.date) -> str:
        """The dates of a session: '20–31 January 2025' (CLDR's interval formats)."""
        from babel.dates import format_interval

        return format_interval(a, b, "yMMMMd", locale=self.locale)

    def number(self, n: int | float) -> str:
        from babel.numbers import format_decimal

        return format_decimal(n, locale=self.locale)

    def join(self, items: list[str]) -> str:
        """'a, b and c' as the language writes a list."""
        from babel.lists import format_list

        return format_list(list(items), locale=self.locale) if items else ""

    def ordinal(self, n: int) -> str:
        """48 -> 'Forty-eighth', 'Quarante-huitième', '48º', as session lines write it."""
        style = self(ORDINAL_STYLE)   # the catalog says how: words (feminine or not) or a number
        if style.startswith("number:"):
            return style.split(":", 1)[1].format(n=n)
        from num2words import num2words

        if style.startswith("numerals:"):   # a number in another numeral system, e.g. 四十八
            return num2words(n, lang=style.split(":", 1)[1])
        try:
            word = num2words(n, to="ordinal", lang=self.code,
                             **({"gender": "f"} if style == "words-feminine" else {}))
        except (NotImplementedError, TypeError):
            return str(n)
        return word[:1].upper() + word[1:]

    # English grammar of names, kept out of the other languages (their catalogs phrase
    # sentences so that a name needs no article)
    def the(self, name: str) -> str:
        """'the Ministry of Justice' in English; the name as it is in the other languages."""
        if self.code != "en":
            return name
        return name if name.lower().startswith("the ") else f"the {name}"

    def named(self, name: str, article: str | None = None) -> str:
        """A body's name as a French sentence names it, with the article the body gives in
        report.yaml (``author.article``): 'le Médiateur', 'l’Institution'. The name as written
        without one, and in the other languages (English messages hold their own 'the')."""
        if self.code != "fr" or not article:
            return name
        article = article.replace("'", "\u2019")
        return f"{article}{name}" if article.endswith("\u2019") else f"{article} {name}"

    def the_state(self, state: str) -> str:
        """'the Republic of Arcadia', 'Slovenia' (English); the State's name elsewhere."""
        if self.code != "en":
            return state
        return f"the {state}" if " of " in state and not state.lower().startswith("the ") else state

    def names(self, names: list[str]) -> str:
        """Bodies listed in a sentence: 'the A, the B and the C' in English."""
        return self.join([self.the(n) for n in names])


def of(project) -> Language:
    """The language of ``project``'s report."""
    return Language(getattr(project.manifest, "language", None) or "en")
