"""Recommending States as entities: every spelling of a State resolved to one ISO 3166 code.

OHCHR's lists, UPR Info's exports and ministries' registers write the same State in many
ways ("Iran (Islamic Republic of)", "Iran", "Lao People's Democratic Republic" with a
straight or a curly apostrophe, "Cape Verde" / "Cabo Verde", "the former Yugoslav Republic
of Macedonia"). The names and their variants come from country_converter's maintained
table (its regular expression per country, tested by its authors against UN, official and
common names); this module reads that table and adds what a UPR register needs:

- a written name resolves to at most one ``Entity`` (the table's English patterns, then
  CLDR's names in the UN's six languages, through Babel) (ISO 3166-1 alpha-3 code, a short
  canonical name, UN membership); the written spelling stays what is printed;
- a bracket holding several States ("Portugal, Slovakia") is split;
- what is not a State (a treaty's acronym or name, "Add.1", "para. 3") does not resolve;
- UN regional groups and the organisations UPR Info lists (EU, OIF, …) are groups, not
  States (``GROUPS``; docs/ohchr-lists.md gives the sources).

The table is read from the package's data file rather than through its pandas API: that
API costs a quarter of a second to import and breaks on pandas 3, which reads Namibia's
code "NA" as missing (docs/ohchr-lists.md, "Recommending States").
"""

from __future__ import annotations

import csv
import difflib
import functools
import hashlib
import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entity:
    code: str             # ISO 3166-1 alpha-3 ("LAO"); a group's own abbreviation ("EU")
    name: str             # a short canonical name ("Laos"), for messages and matching
    kind: str = "state"   # "state" (a UN Member State), "observer" (Holy See, State of Palestine …), "group"
    alpha2: str = ""      # ISO 3166-1 alpha-2, the key of CLDR's names in every language (Babel)

    @property
    def is_state(self) -> bool:
        return self.kind != "group"


# UN regional groups and the organisations UPR Info's export names in its "Rgrp" and "Org"
# columns (docs/ohchr-lists.md): abbreviation -> name. They recommend nothing themselves.
GROUPS = {
    "WEOG": "Western European and other States", "GRULAC": "Latin American and Caribbean States",
    "EEG": "Eastern European States", "Asia": "Asia-Pacific States", "Africa": "African States",
    "Observer": "Observer States", "EU": "European Union", "OIF": "Organisation internationale de la Francophonie",
    "OIC": "Organisation of Islamic Cooperation", "AU": "African Union", "AL": "League of Arab States",
    "ASEAN": "Association of Southeast Asian Nations", "PIF": "Pacific Islands Forum",
    "Commonwealth": "Commonwealth of Nations", "OAS": "Organization of American States",
    "OEI": "Organization of Ibero-American States", "ACS": "Association of Caribbean States",
    "CARICOM": "Caribbean Community", "CIS": "Commonwealth of Independent States",
}

# Words that make a bracket something other than a State's name: the names of instruments
# and references end recommendations too ("(Optional Protocol to the Convention against
# Torture)", "(ILO Convention No. 189)", "(Add.1)", "(para. 3)").
_NOT_A_NAME = re.compile(r"\b(?:convention|protocol|covenant|charter|statute|treaty|rules|principles|declaration|"
                         r"act|law|code|agenda|article|arts?|para|paras|paragraph|add|no|resolution|optional|"
                         r"recommendation|goal|sdg|target|guidelines|programme|plan|strategy|pledge|commitment|voluntary)\b\.?", re.I)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
                              "\u00a0": " ", "\u2011": "-", "\u2010": "-"})


def norm(name: str) -> str:
    """A name as compared: apostrophes straight, spaces single, case folded, accents kept."""
    return " ".join(unicodedata.normalize("NFC", str(name)).translate(_APOSTROPHES).split()).casefold()


@dataclass(frozen=True)
class _Country:
    entity: Entity
    pattern: re.Pattern
    names: tuple[str, ...]    # the table's short and official names (for the closest names)


@functools.lru_cache(maxsize=1)
def _table() -> tuple[_Country, ...]:
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("country_converter is not installed (pip install country_converter)")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("obsolete", "").strip():
                continue   # the USSR, Yugoslavia, the Netherlands Antilles: gone before the UPR began
            kind = "state" if row.get("UNmember", "").strip() else "observer"
            entity = Entity(_code(row["ISO3"]), row["name_short"].strip(), kind, _code(row["ISO2"]))
            out.append(_Country(entity, re.compile(row["regex"], re.I),
                                (row["name_short"].strip(), row["name_official"].strip())))
    return tuple(out)


def _code(cell: str) -> str:
    """A code of the table, which writes some as patterns ("^GB$|^UK$"): the first one."""
    return "".join(ch for ch in cell.split("|")[0] if ch.isalnum()).upper()


def _groups() -> dict[str, Entity]:
    out = {}
    for code, name in GROUPS.items():
        entity = Entity(code, name, "group")
        out[norm(code)] = entity
        out[norm(name)] = entity
    return out


@functools.lru_cache(maxsize=4096)
def resolve(written: str) -> Entity | None:
    """The one State (or group) a written name stands for, or None: no match, several
    matches ("Austria and Germany"), or words no State's name holds (a treaty's)."""
    key = norm(written)
    if not key or len(key) > 80 or re.search(r"\d", key):
        return None
    group = _groups().get(key)
    if group is not None:
        return group
    if _NOT_A_NAME.search(key):
        return None
    # The names of the six languages first: exact, so unambiguous, where the table's English
    # patterns would take "République dominicaine" for Dominica, "Guinea Ecuatorial" for Guinea
    bare = _ARTICLE.sub("", key)
    exact = _names().get(key) or _names().get(bare) or _names().get(_plain(bare))
    if exact is not None:
        return exact
    found = {c.entity for c in _table() if _names_it(c.pattern, key, written)}
    return found.pop() if len(found) == 1 else None


def _names_it(pattern: re.Pattern, key: str, written: str) -> bool:
    """Whether the table's pattern names the State in ``key``, not a word made from it: an
    acronym must be matched whole ("UK", never "LGBTI" for its "GB"), and a single word
    must not be a demonym ("Afghans", "Iraqi", "Nigerians")."""
    m = pattern.search(key)
    if m is None:
        return False
    if re.fullmatch(r"[A-Z][A-Z.+/&-]*", written.strip()):
        return m.start() == 0 and m.end() == len(key)
    if " " not in key:
        rest = re.match(r"[^\W\d_]*", key[m.end():]).group(0)
        if rest and re.fullmatch(r"(?:s|ns|ans|ians|is|i|ese|ites?)", rest):
            return False
    return True


# An article before a name, as sentences write it: "the Niger", "la République dominicaine".
_ARTICLE = re.compile(r"^(?:the|la|le|les|l'|el|los|las)\s*")


def _plain(text: str) -> str:
    """Without accents, for the second try ("Nigéria", as the UN's French writes it, is "Nigeria")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


# The UN's six languages: lists and registers in French, Spanish, Russian, Arabic or Chinese
# name States as CLDR does ("Allemagne", "Германия", "فرنسا", "法国") or as ISO 3166 does,
# short or official ("Fédération de Russie", "République islamique d'Iran", "Santa Sede").
UN_LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, Entity]:
    """Every State's names in the UN languages, compared as ``norm`` does (and without
    accents): CLDR's (Babel), and ISO 3166's short, official and common names with their
    translations (pycountry, from Debian's iso-codes), inverted ones ("Corée, République de")
    put in reading order ("République de Corée") and a parenthesis left off ("Saint-Siège
    (état de la cité du Vatican)"). Made once and kept in the user's cache folder (name ->
    ISO code, for these libraries' versions): loading six languages' CLDR data and catalogs
    took about 0.1 s of every command that names a State."""
    by_alpha2 = {c.entity.alpha2: c.entity for c in _table() if c.entity.alpha2}
    kept = _kept_names()
    if kept is not None and all(code in by_alpha2 for code in set(kept.values())):
        return {name: by_alpha2[code] for name, code in kept.items()}
    out = _made_names(by_alpha2)
    _keep_names({name: entity.alpha2 for name, entity in out.items()})
    return out


NAMES_DRAWN = 1     # bump when _made_names changes, so that a kept index is made again


def _names_file() -> Path | None:
    from importlib.metadata import PackageNotFoundError, version

    from uprreport.fsutil import cache_folder

    where = cache_folder()
    if where is None:
        return None
    try:
        made_by = "-".join(version(p) for p in ("babel", "pycountry", "country_converter"))
    except PackageNotFoundError:
        return None
    tag = hashlib.sha256(f"{NAMES_DRAWN}|{made_by}".encode()).hexdigest()[:16]
    return where / f"state-names-{tag}.json"


def _kept_names() -> dict[str, str] | None:
    file = _names_file()
    if file is None:
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and data and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())
    return data if ok else None


def _keep_names(names: dict[str, str]) -> None:
    from uprreport.errors import FileInUse

    file = _names_file()
    if file is None:
        return
    from uprreport.fsutil import atomic_path

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(file) as tmp:
            tmp.write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
    except (OSError, FileInUse):   # FileInUse: Windows, another process holds the file
        pass       # made again next time


def _made_names(by_alpha2: dict[str, Entity]) -> dict[str, Entity]:
    from babel import Locale

    out: dict[str, Entity] = {}

    def add(name: str, entity: Entity) -> None:
        for form in _forms(name):
            for k in (norm(form), _plain(norm(form))):
                out.setdefault(k, entity)

    for language in UN_LANGUAGES:
        for alpha2, name in Locale.parse(language).territories.items():
            if alpha2 in by_alpha2:
                add(name, by_alpha2[alpha2])
    for language, names in _iso_names().items():
        for alpha2, name in names:
            if alpha2 in by_alpha2:
                add(name, by_alpha2[alpha2])
    return out


def _iso_names() -> dict[str, list[tuple[str, str]]]:
    """language -> (alpha-2, name) for ISO 3166's names and their translations (pycountry)."""
    import gettext

    import pycountry

    english = [(c.alpha_2, n) for c in pycountry.countries
               for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)) if n]
    out = {"en": english}
    for language in UN_LANGUAGES[1:]:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:   # a pycountry without this language's catalog
            continue
        out[language] = [(alpha2, tr.gettext(name)) for alpha2, name in english]
    return out


def _forms(name: str) -> list[str]:
    """A name as written, without its parenthesis, and an inverted one in reading order."""
    forms = [name]
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    if bare and bare != name:
        forms.append(bare)
    for f in list(forms):
        if f.count(",") == 1:
            head, tail = (x.strip() for x in f.split(","))
            if tail:
                forms.append(f"{tail}{'' if tail.endswith(chr(39)) else ' '}{head}")
    return forms


def split(inner: str) -> list[str] | None:
    """The names of a bracket that holds one State or several ("Portugal, Slovakia", "Spain,
    Tunisia and Portugal"), as written; None when any part is not a State. Names that hold
    "and" themselves ("Trinidad and Tobago") stay whole."""
    inner = " ".join(inner.split())
    if _state(inner):
        return [inner]
    parts = [p.strip() for p in re.split(r"\s*[,;，；、]\s*", inner) if p.strip()]
    out = []
    for part in parts:
        if _state(part):
            out.append(part)
            continue
        pieces = [p.strip() for p in re.split(r"\s+(?:and|et|y|и)\s+", part) if p.strip()]
        if len(pieces) < 2 or not all(_state(p) for p in pieces):
            return None
        out.extend(pieces)
    return out if len(out) > 1 or (out and _state(out[0])) else None


def _state(name: str) -> bool:
    entity = resolve(name)
    return entity is not None and entity.is_state


@functools.lru_cache(maxsize=4096)
def key(written: str) -> str:
    """What two spellings of one State share: the ISO code, else the compared name."""
    entity = resolve(written)
    return entity.code if entity is not None else norm(written)


def unique(names) -> list[str]:
    """Names without repeats of one State, each first spelling kept ("Lao People's …" and
    "Lao People’s …" are one)."""
    seen, out = set(), []
    for name in names:
        k = key(name)
        if k not in seen:
            seen.add(k)
            out.append(name)
    return out


def codes(names) -> list[str]:
    """The ISO codes of the names that resolve, in order, without repeats."""
    return list(dict.fromkeys(e.code for n in names if (e := resolve(n)) is not None))


def closest(written: str, n: int = 3) -> list[str]:
    """The known names nearest to an unresolved one, for a message."""
    names = {norm(x): x for c in _table() for x in c.names}
    near = difflib.get_close_matches(norm(written), list(names), n=n, cutoff=0.6)
    return [names[x] for x in near]


def looks_like_name(inner: str) -> bool:
    """Whether a bracket could be a State's name that is misspelt: words only, no
    instrument word, not an acronym (ICPPED, OP-CAT, CEDAW)."""
    text = " ".join(inner.split())
    if not text or len(text) > 80 or re.search(r"\d", text) or _NOT_A_NAME.search(text):
        return False
    return not re.fullmatch(r"[A-Z][A-Z\-/&.]+", text)
