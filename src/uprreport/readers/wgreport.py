"""Read recommendations from a Working Group report (A/HRC/NN/NN) and positions from its
addendum (…/Add.1): the only sources before OHCHR issues its thematic list.

The report's conclusions list each recommendation as a numbered sub-paragraph,
"140.7 Ratify the Optional Protocol … (Maldives) (Portugal);", under the paragraph that
introduces them; the list ends with the next paragraph ("141. All conclusions and/or
recommendations …"). The addendum says which the State supports and which it notes,
naming them by number and range ("140.1–140.5, 140.8 and 140.12"). Word (.docx), PDF and
plain text are read alike. A PDF's text is rebuilt from pdfplumber's character positions (a
word is parted only by a space drawn or a gap wider than a share of the font size), and what
is printed around the text, the running head (symbol, page number), the foot (page number,
job number "GE.14-12345 (E)", "Please recycle") and the footnotes, is left out by where it
stands on the page and by its repeating from page to page; docs/ohchr-lists.md says more.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.readers import package
from uprreport.readers.ohchr_matrix import parse_recommendation

# "140.7 Ratify …"; in a PDF the tab after a long number may leave no gap: "140.10Ratify …"
_START = re.compile(r"(?m)^[ \t]*(\d{1,3})\.(\d{1,3})\.?(?:[ \t]+(?=\S)|(?=[^\W\d_]))")
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
        return _pdf_text(path, shown)
    try:
        return path.read_text(encoding="utf-8", errors="replace"), []
    except OSError as exc:
        return None, [make("file-unreadable", Location(shown), f"cannot read it: {exc.strerror or exc}")]


# --- PDF: text rebuilt from character positions, without what is printed around it ---------

WORD_GAP = 0.15   # a gap between two characters wider than this share of the font size parts two words
EDGE = 0.15       # the share of the page height, at its top and its bottom, where heads and feet are sought
SAME_PLACE = 4.0  # points: a line repeating "at the same place" on another page is this close in height
_DOC_SYMBOL = re.compile(r"^[A-Z]{1,3}(?:/[A-Z0-9][\w.\-]*)+$")     # A/HRC/25/5, A/HRC/WG.6/18/ARC/1
_PAGE_WORD = re.compile(r"(?i)^(?:page|p\.|página|страница|الصفحة|第|页)$")
_PAGE_NUMBER = re.compile(r"^[-–—]?\s*\d{1,4}\s*[-–—]?$|^\d{1,4}\s*(?:/|of|de|sur)\s*\d{1,4}$", re.I)
_FOOT = re.compile(r"^GE\.\d{2}-\d{3,6}\b|^\*\d{5,}\*$|^please\s+recycle\b", re.I)   # job number, its barcode
_NOTE_MARKS = "*†‡§¶"


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    size: float   # the font size most of its characters are set in


def _pdf_text(path: Path, shown: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a PDF, one printed line a line, the running heads, feet and footnotes left
    out; a damaged PDF is a located diagnostic."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    pages: list[list[_Line]] = []
    heights: list[float] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                pages.append(_lines(page.chars))
                heights.append(float(page.height))
                page.close()   # its characters are read: free them
    # pdfminer's and pdfplumber's own kinds; pdfplumber reads a page's boxes itself and fails
    # with Python's kinds on a damaged object tree (a MediaBox that is no array: TypeError)
    except (PdfminerException, MalformedPDFException, PSException, TypeError, ValueError, KeyError,
            AttributeError, IndexError) as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(cause, PDFEncryptionError):
            return None, [make("file-unreadable", Location(shown), "this PDF is locked by a password; give the "
                               "report as a PDF without one, or as .docx")]
        why = f"{type(cause).__name__}: {str(cause)[:200]}" if str(cause) else type(cause).__name__
        return None, [make("file-unreadable", Location(shown), f"this PDF cannot be read ({why}); download it "
                           "again, or give the report as .docx")]
    if not any(pages):
        return None, [make("file-unreadable", Location(shown), "this PDF holds no text (is it a scan?); give the "
                           "report as .docx, or as a PDF with its text")]
    kept, symbols = _without_furniture(pages, heights)
    text = "\n".join(kept)
    # the symbol printed in the running heads stays once, at the top, when the text holds it nowhere else
    symbol = max(set(symbols), key=symbols.count) if symbols else ""
    return (f"{symbol}\n{text}" if symbol and symbol not in text else text), []


def _lines(chars: list[dict]) -> list[_Line]:
    """A page's characters as lines, top to bottom: characters whose vertical middles lie
    within 3 points are one line; footnote marks (small raised digits) are left out."""
    chars = sorted((c for c in chars if c.get("upright", True) and c.get("text")),
                   key=lambda c: (c["top"] + c["bottom"]) / 2)
    groups: list[list[dict]] = []
    last = None
    for c in chars:
        middle = (c["top"] + c["bottom"]) / 2
        if last is None or middle - last > 3:
            groups.append([])
        groups[-1].append(c)
        last = middle
    out = []
    for group in groups:
        ink = [c for c in group if not c["text"].isspace()]
        if not ink:
            continue
        sizes = Counter(round(c["size"], 1) for c in ink)
        size = max(sizes, key=lambda s: (sizes[s], s))
        bottoms = sorted(c["bottom"] for c in ink if round(c["size"], 1) == size)
        baseline = bottoms[len(bottoms) // 2]
        text = _words(sorted(group, key=lambda c: c["x0"]), size, baseline)
        if text:
            out.append(_Line(text, min(c["top"] for c in ink), max(c["bottom"] for c in ink), size))
    return out


def _words(chars: list[dict], size: float, baseline: float) -> str:
    """One line's characters (left to right) as text: a space where one is drawn or where
    the gap is wider than WORD_GAP of the font size (no more: letters of a justified or
    kerned word stand apart by less); raised small digits (note marks) and glyphs overprinted
    left out."""
    out: list[str] = []
    prev = None
    for c in chars:
        t = c["text"]
        if t.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if c["size"] < 0.8 * size and c["bottom"] < baseline - 0.2 * size and (t.isdigit() or t in _NOTE_MARKS):
            continue
        if prev is not None and t == prev["text"] and abs(c["x0"] - prev["x0"]) < 0.1 * size:
            continue   # a glyph printed twice, a little apart: bold faked by overprinting
        if prev is not None and out[-1] != " " and c["x0"] - prev["x1"] > WORD_GAP * max(c["size"], prev["size"]):
            out.append(" ")
        out.append(t)
        prev = c
    return "".join(out).strip()


def _key(text: str) -> tuple[str, ...]:
    """A line as it repeats from page to page: numbers as #, words in any order (odd pages
    print "21 A/HRC/25/5", even pages "A/HRC/25/5 22")."""
    return tuple(sorted(re.sub(r"\d+", "#", w) for w in text.split()))


def _shape(text: str) -> str:
    """"page" for a line only a page's margin holds (a page number, "- 3 -", "Page 3", a job
    number, its barcode, "Please recycle"); "symbol" for a document symbol, alone or with a
    page number; "" for any other line."""
    if _FOOT.match(text) or _PAGE_NUMBER.match(text):
        return "page"
    words = text.split()
    if not all(_DOC_SYMBOL.match(w) or _PAGE_NUMBER.match(w) or _PAGE_WORD.match(w) for w in words):
        return ""
    if any(_DOC_SYMBOL.match(w) for w in words):
        return "symbol"
    return "page" if any(_PAGE_NUMBER.match(w) for w in words) else ""


def _without_furniture(pages: list[list[_Line]], heights: list[float]) -> tuple[list[str], list[str]]:
    """The lines of all pages with the running heads, feet and footnotes left out, and the
    document symbols those held.

    Only lines in the top or bottom EDGE of a page, met from the edge inwards, can be a head
    or a foot: a page number or job number; a document symbol (alone or with a page number)
    on any page but the first, whose masthead prints it; or any line that recurs, numbers
    aside, at the same height on at least two pages and 40 % of them (heads that alternate
    between odd and even pages recur on half) and stands apart from the text. Footnotes are
    the lines under a page's last line in the body's font size, all set smaller than it."""
    weights: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            weights[line.size] += len(line.text)
    body = max(weights, key=lambda s: (weights[s], s)) if weights else 0.0
    seen: dict[tuple[str, ...], set[tuple[int, float]]] = {}
    for p, lines in enumerate(pages):
        for line in lines:
            if line.bottom <= EDGE * heights[p] or line.top >= (1 - EDGE) * heights[p]:
                seen.setdefault(_key(line.text), set()).add((p, line.top))
    need = max(2, math.ceil(0.4 * (len(pages) - 1)))

    def kind(p: int, line: _Line) -> str:
        """"yes" for a head or foot by its shape, "recurs" for a line that only recurs."""
        height = heights[p]
        if EDGE * height < line.bottom and line.top < (1 - EDGE) * height:
            return ""
        shape = _shape(line.text)
        recurs = len({q for q, top in seen.get(_key(line.text), ()) if abs(top - line.top) <= SAME_PLACE}) >= need
        if shape == "page" or (shape == "symbol" and (p > 0 or recurs)):
            return "yes"
        return "recurs" if recurs else ""

    def edge(lines: list[_Line], kinds: list[str]) -> int:
        """How many of ``lines`` (from the page's edge inwards) are its head or foot: those up
        to the last one known by its shape, and the recurring ones past it when a gap of more
        than one and a half lines parts them from the text."""
        block = next((i for i, k in enumerate(kinds) if not k), len(kinds))
        known = max((i + 1 for i in range(block) if kinds[i] == "yes"), default=0)
        if block == known or block == len(lines):
            return block
        gap = max(lines[block].top - lines[block - 1].bottom, lines[block - 1].top - lines[block].bottom)
        return block if gap > 1.5 * body else known

    kept: list[str] = []
    symbols: list[str] = []
    for p, lines in enumerate(pages):
        kinds = [kind(p, line) for line in lines]
        first = edge(lines, kinds)
        last = len(lines) - edge(lines[first:][::-1], kinds[first:][::-1])
        text_end = max((i for i in range(first, last) if lines[i].size >= body - 0.5), default=None)
        if text_end is not None and all(lines[i].size < body - 0.5 for i in range(text_end + 1, last)):
            last = text_end + 1   # the footnotes
        for line in lines[:first] + lines[last:]:
            symbols += [w for w in line.text.split() if _SYMBOL.fullmatch(w)]
        kept += [line.text for line in lines[first:last]]
    return kept, symbols


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
    words = _vocabulary(text)
    mine = [m for m in starts if m.group(1) == para]
    for k, m in enumerate(mine):
        end = mine[k + 1].start() if k + 1 < len(mine) else len(text)
        chunk = text[m.start():end]
        closing = re.search(rf"(?m)^[ \t]*{int(para) + 1}\.[ \t]", chunk)   # the next paragraph ends the list
        if closing:
            chunk = chunk[:closing.start()]
        chunk = f"{para}.{m.group(2)} " + _joined(chunk[m.end() - m.start():], words)
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


# Words broken at a line end: "indepen-\ndent", "ill-\ntreatment" (a PDF line a line)
_BROKEN = re.compile(r"(\w+)([-\u00ad])[ \t]*\n\s*(\w+)")
# first halves of compounds that UN English hyphenates ("non-governmental", "ill-treatment")
_PREFIXES = {"non", "anti", "self", "ill", "well"}


def _vocabulary(text: str) -> tuple[set[str], set[str]]:
    """The document's own words and hyphenated compounds (lower case), the halves of words
    broken at a line end aside."""
    whole = _BROKEN.sub(" ", text.replace("\u00ad", "")).lower()
    return set(re.findall(r"\w+", whole)), set(re.findall(r"\w+(?:-\w+)+", whole))


def _joined(text: str, vocabulary: tuple[set[str], set[str]]) -> str:
    """``text`` with the words broken at a line end made whole. A soft hyphen is dropped. A
    hyphen stays when the next line starts with a capital or a digit ("Afro-\nDescendants",
    "2016-\n2020"); otherwise whether the hyphen is the word's own is undecidable from the
    line, so the document decides: the hyphen stays when the document writes the compound
    whole elsewhere, goes when it writes the word joined elsewhere, stays after non, anti,
    self, ill and well or when both halves are words of the document, and goes otherwise
    (hyphenation is the commoner cause)."""
    words, compounds = vocabulary

    def whole(m: re.Match) -> str:
        left, mark, right = m.groups()
        if mark == "\u00ad":
            return left + right
        low = f"{left}-{right}".lower()
        keep = (not right[0].islower() or low in compounds
                or (f"{left}{right}".lower() not in words
                    and (left.lower() in _PREFIXES or (len(left) > 2 and {left.lower(), right.lower()} <= words))))
        return f"{left}-{right}" if keep else left + right

    return _BROKEN.sub(whole, text).replace("\u00ad", "")


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
