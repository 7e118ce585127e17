"""Read recommendations from a Working Group report (A/HRC/NN/NN) and positions from its
addendum (…/Add.1): the only sources before OHCHR issues its thematic list.

The report's conclusions list each recommendation as a numbered sub-paragraph,
"140.7 Ratify the Optional Protocol … (Maldives) (Portugal);", under the paragraph that
introduces them; the list ends with the next paragraph ("141. All conclusions and/or
recommendations …"). The addendum says which the State supports and which it notes,
naming them by number and range ("140.1–140.5, 140.8 and 140.12"). Word (.docx), PDF
(text extracted with pypdf) and plain text are read alike; docs/ohchr-lists.md says more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.readers import package
from uprreport.readers.ohchr_matrix import parse_recommendation

_START = re.compile(r"(?m)^[ \t]*(\d{1,3})\.(\d{1,3})\.?[ \t]+(?=\S)")
_SYMBOL = re.compile(r"A/HRC/\d+/\d+")
_RANGE = re.compile(r"(\d{1,3}\.\d{1,3})\s*(?:[-–—]|to|à|a)\s*(\d{1,3}\.\d{1,3})|(\d{1,3}\.\d{1,3})")
SUPPORT = re.compile(r"\b(support|supports|supported|accept|accepts|accepted|appui|soutient|accepte|apoya|acepta)",
                     re.I)
NOTE = re.compile(r"\b(note|notes|noted|prend note|toma nota)", re.I)


@dataclass
class WgRecommendation:
    id: str
    text: str
    states: list[str]
    position: str = ""
    source: str = ""


@dataclass
class Read:
    recommendations: list[WgRecommendation] = field(default_factory=list)
    symbol: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def text_of(path: Path, shown: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a .docx, .pdf or .txt document, one paragraph (or PDF line) a line."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from uprreport.ooxml import read as ooxml

        gate = package.check(path, "Word")
        if gate.problem:
            return None, [make("file-refused", Location(shown), f"this file {gate.problem}")]
        try:
            with ooxml.Package(path) as pkg:
                doc = pkg.document()
        except package.DAMAGED:
            return None, [make("file-unreadable", Location(shown), "not a Word file that can be read")]
        return "\n".join(ooxml.text(p, deleted=False) for p in ooxml.body_paragraphs(doc)), []
    if suffix not in (".pdf", ".txt"):
        return None, [make("file-unreadable", Location(shown), "give the report as .docx, .pdf or .txt")]
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [make("file-unreadable", Location(shown), f"cannot read it: {exc.strerror or exc}")]
    limit = package.MAX_FILE if suffix == ".pdf" else package.MAX_TEXT
    if size > limit:
        return None, [make("file-refused", Location(shown), f"this file is {size // (1024 * 1024)} MB, more than "
                           f"the {limit // (1024 * 1024)} MB accepted")]
    if suffix == ".pdf":
        from pypdf import PdfReader

        try:
            reader = PdfReader(path)
            return "\n".join(page.extract_text() or "" for page in reader.pages), []
        except Exception as exc:   # noqa: BLE001 - pypdf raises its own kinds and KeyError, TypeError … on damaged files
            return None, [make("file-unreadable", Location(shown), f"this PDF cannot be read ({type(exc).__name__}: "
                               f"{str(exc)[:200]}); download it again, or give the report as .docx")]
    try:
        return path.read_text(encoding="utf-8", errors="replace"), []
    except OSError as exc:
        return None, [make("file-unreadable", Location(shown), f"cannot read it: {exc.strerror or exc}")]


def recommendations(text: str, shown: str) -> Read:
    """The numbered recommendations of a report's conclusions."""
    out = Read()
    symbols = _SYMBOL.findall(text)
    out.symbol = max(set(symbols), key=symbols.count) if symbols else ""
    starts = list(_START.finditer(text))
    # the paragraph holding most sub-paragraphs is the list of recommendations
    counts: dict[str, int] = {}
    for m in starts:
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        out.diagnostics.append(make("import-layout", Location(shown), "no numbered recommendations (140.1 …) were "
                                    "found; is this a Working Group report?", severity=Severity.ERROR))
        return out
    para = max(counts, key=counts.get)
    mine = [m for m in starts if m.group(1) == para]
    for k, m in enumerate(mine):
        end = mine[k + 1].start() if k + 1 < len(mine) else len(text)
        chunk = text[m.start():end]
        closing = re.search(rf"(?m)^[ \t]*{int(para) + 1}\.[ \t]", chunk)   # the next paragraph ends the list
        if closing:
            chunk = chunk[:closing.start()]
        chunk = re.sub(r"-\n(?=[a-z])", "", chunk)            # words hyphenated at a PDF line end
        parsed = parse_recommendation(" ".join(chunk.split()))
        if parsed is None:
            continue
        rec_id, body, states, _ps, _src = parsed
        out.recommendations.append(WgRecommendation(rec_id, body, states, source=out.symbol))
    missing = [r.id for r in out.recommendations if not r.states]
    if missing:
        out.diagnostics.append(make("import-layout", Location(shown),
                                    f"{len(missing)} recommendations name no recommending State in parentheses "
                                    f"({', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}); check them"))
    return out


def _ids(sentence: str, known: set[str]) -> list[str]:
    """The recommendation ids a sentence names, ranges ("140.1–140.5") expanded."""
    out = []
    for a, b, single in _RANGE.findall(sentence):
        if single:
            out.append(single)
            continue
        (pa, ia), (pb, ib) = a.split("."), b.split(".")
        if pa == pb and int(ia) <= int(ib):
            out.extend(f"{pa}.{i}" for i in range(int(ia), int(ib) + 1))
    return [i for i in out if i in known]


def positions(text: str, known: set[str]) -> dict[str, str]:
    """Each recommendation's position as the addendum gives it, sentence by sentence: a
    sentence that supports names supported ones, a sentence that notes, noted ones; one that
    does both is split at the word 'note'."""
    out: dict[str, str] = {}
    for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z(])|\n\s*\n", text):
        has_support, has_note = SUPPORT.search(sentence), NOTE.search(sentence)
        if has_support and has_note:
            cut = has_note.start()
            parts = [(sentence[:cut], "supported"), (sentence[cut:], "noted")] if has_support.start() < cut \
                else [(sentence[:has_support.start()], "noted"), (sentence[has_support.start():], "supported")]
        elif has_support:
            parts = [(sentence, "supported")]
        elif has_note:
            parts = [(sentence, "noted")]
        else:
            continue
        for part, position in parts:
            for rid in _ids(part, known):
                out[rid] = "partially supported" if out.get(rid, position) != position else position
    return out


def read(report: Path, addendum: Path | None = None) -> Read:
    """The recommendations of ``report`` with the positions of ``addendum`` (if given)."""
    text, diags = text_of(report, report.name)
    if text is None:
        return Read(diagnostics=diags)
    out = recommendations(text, report.name)
    out.diagnostics[:0] = diags
    if addendum is not None:
        add_text, more = text_of(addendum, addendum.name)
        out.diagnostics += more
        if add_text is not None:
            found = positions(add_text, {r.id for r in out.recommendations})
            for r in out.recommendations:
                r.position = found.get(r.id, "")
    unknown = [r.id for r in out.recommendations if not r.position]
    if unknown and out.recommendations:
        where = f"the addendum {addendum.name} does not name" if addendum else "no addendum was given for"
        out.diagnostics.append(make("import-layout", Location(addendum.name if addendum else report.name),
                                    f"{where} the position of {len(unknown)} recommendation"
                                    f"{'s' * (len(unknown) != 1)} ({', '.join(unknown[:10])}"
                                    f"{' …' if len(unknown) > 10 else ''}); their position is left empty for you "
                                    "to fill in the register (supported, noted or partially supported)"))
    return out
