"""Prepare a contributor's Word file for pandoc, so that nothing pandoc's reader drops is
lost without a word.

pandoc's Word reader (as of 3.9) silently loses: hyperlinks whose field lies inside a
tracked insertion; the text of text boxes (VML ``v:textbox`` and DrawingML ``wps:txbx``);
paragraphs in the Title, Subtitle, Author, Date and Abstract styles (it moves them into
the document's metadata); legacy form check boxes (a field with no text); the cells of a
table beyond the columns its ``w:tblGrid`` declares (and of every row but the first when
there is no grid), and the place of cells after ``w:gridBefore``; symbols whose font comes
from a style, and ``w:sym`` of fonts it does not know; and everything about list numbering
but an ordered level's number style (bullets' characters, ``%1.%2.`` labels, the nine
levels), the column widths it gives relative to a page, and each section's orientation.

``prepare`` writes a copy of the package in which run-level tracked changes are accepted,
text boxes' paragraphs follow the paragraph they were anchored in, those styles are renamed
so that they stay text, check boxes are the characters ☒ and ☐, every table has the grid its
rows need, and symbols are Unicode characters; it says what it changed. The first paragraph
of each numbered paragraph and of each table's first cell gets a marker (``MARK``): the
mapper (pandoc_ast.py) takes it out and finds here the list's levels and the table's
column widths and orientation (``Prepared.lists``, ``Prepared.tables``).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lxml import etree

from uprreport.model.nodes import ListLevel
from uprreport.ooxml.ns import MC, local, parse, qn

A = "http://schemas.openxmlformats.org/drawingml/2006/main"

STORY_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
# Styles pandoc turns into metadata, and what they are renamed to (readers/pandoc_ast.py maps them).
METADATA_STYLES = {"title": "Fragment Title", "subtitle": "Fragment Subtitle", "author": "Fragment Author",
                   "date": "Fragment Date", "abstract": "Fragment Abstract"}
CHECKED, UNCHECKED = "\u2612", "\u2610"
# The marker put at the start of a numbered paragraph ("L") or of a table's first cell ("T"):
# INVISIBLE SEPARATOR around a number, which pandoc keeps as text
MARK = "\u2063upr{kind}{n}\u2063"
MARK_RE = re.compile("\u2063upr([LT])(\\d+)\u2063")
# Fonts whose characters are pictures, not letters: their text is mapped to Unicode
SYMBOL_FONTS = ("symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings")
_NEUTRAL = "Times New Roman"   # the font a mapped symbol's run gets in the copy (pandoc ignores it)
_TEXT_WIDTH = 9360    # twips: Word's default Letter page less its margins, for a file without w:sectPr
_SHAPES = (qn("w:pict"), qn("w:drawing"), qn("w:object"))
_HEADER_FOOTER = re.compile(r"^word/(header|footer)\d*\.xml$")


@dataclass
class TableFacts:
    """What the mapper needs of a Word table that pandoc does not say."""

    place: str                        # "table 2", "table 2 (inside it)": where the drafter finds it
    widths: list[int] | None = None   # its columns' widths in twips, as its grid or cells give them
    landscape: bool = False           # in a landscape section of the file
    text_width: int = _TEXT_WIDTH     # the text width of that section, in twips


@dataclass
class Prepared:
    text_boxes: int = 0
    check_boxes: int = 0
    charts: int = 0                  # DrawingML charts and SmartArt: pandoc keeps neither
    headers_footers: list[str] = field(default_factory=list)   # "header", "footer" parts holding text
    metadata_styles: list[str] = field(default_factory=list)    # style names renamed
    # marker number -> (the list's levels, the paragraph's level in them)
    lists: dict[int, tuple[list[ListLevel], int]] = field(default_factory=dict)
    tables: dict[int, TableFacts] = field(default_factory=dict)   # marker number -> the table's facts
    symbols: int = 0                                  # symbol characters given as Unicode
    symbol_losses: list[tuple[str, str]] = field(default_factory=list)   # (place, "Wingdings F0FF")
    picture_bullets: int = 0                          # list levels whose bullet is a picture
    grid_filled: list[str] = field(default_factory=list)   # places of tables whose rows began or ended
    #                                                         short of the grid (w:gridBefore/After)
    metafiles: dict[str, list[str]] = field(default_factory=dict)   # a WMF/EMF's name -> the places it shows
    numbered_headings: list[str] = field(default_factory=list)   # places of headings a Word list numbers


def prepare(src: Path, dest: Path, symbols: Callable[[], dict] | None = None) -> Prepared:
    """Write the prepared copy of the .docx ``src`` to ``dest``; raises one of
    readers.package.DAMAGED for a damaged package. ``symbols`` gives the table of symbol
    fonts' characters ((font, code) -> text: readers/docx.py asks pandoc), called only for a
    file that uses such a font."""
    done = Prepared()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        names = set(zin.namelist())
        styles = _Styles(parse(zin.read("word/styles.xml")) if "word/styles.xml" in names else None)
        fonts = _SymbolMap(symbols)
        numbering = (_numbering(parse(zin.read("word/numbering.xml")), styles, fonts, done)
                     if "word/numbering.xml" in names else {})
        rels = "word/_rels/document.xml.rels"
        metafiles = _metafile_rels(parse(zin.read(rels))) if rels in names else {}
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in STORY_PARTS:
                root = parse(data)
                _accept_run_changes(root)
                done.check_boxes += _check_boxes(root)
                done.text_boxes += _text_boxes(root)
                done.charts += sum(1 for g in root.iter(f"{{{A}}}graphicData")
                                   if re.search(r"/(chart|diagram)$", g.get("uri", "")))
                places = _Places(root, info.filename)
                if info.filename == "word/document.xml":
                    _metafile_places(root, metafiles, places, done)
                _symbols(root, styles, fonts, places, done)
                _tables(root, places, done)
                _list_marks(root, styles, numbering, done, places)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "word/styles.xml":
                root = parse(data)
                done.metadata_styles = _rename_metadata_styles(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif _HEADER_FOOTER.match(info.filename):
                if "".join(t.text or "" for t in parse(data).iter(qn("w:t"))).strip():
                    done.headers_footers.append(_HEADER_FOOTER.match(info.filename).group(1))
            zout.writestr(info, data)
    return done


def _unwrap(el) -> None:
    parent = el.getparent()
    at = parent.index(el)
    for child in list(el):
        parent.insert(at, child)
        at += 1
    parent.remove(el)


def _accept_run_changes(root) -> None:
    """Accept insertions and deletions of runs (as Word's Accept All does); changes to
    paragraph marks, rows and formatting are left for pandoc's --track-changes=accept."""
    for el in list(root.iter(qn("w:del"), qn("w:moveFrom"))):
        if local(el.getparent()) in ("p", "hyperlink", "sdtContent", "smartTag", "fldSimple"):
            el.getparent().remove(el)
    for el in list(root.iter(qn("w:ins"), qn("w:moveTo"))):
        if el.getparent() is not None and local(el.getparent()) in ("p", "hyperlink", "sdtContent", "smartTag",
                                                                     "fldSimple"):
            _unwrap(el)


def _field_runs(begin_run):
    """The runs of the field that starts in ``begin_run`` (nested fields included)."""
    runs, depth = [], 0
    for r in begin_run.itersiblings(preceding=False):
        if r.tag != qn("w:r"):
            continue
        runs.append(r)
        for fc in r.iter(qn("w:fldChar")):
            kind = fc.get(qn("w:fldCharType"))
            depth += kind == "begin"
            if kind == "end":
                if depth == 0:
                    return runs
                depth -= 1
    return runs


def _check_boxes(root) -> int:
    """Legacy form check boxes (FORMCHECKBOX fields) become the character they show."""
    n = 0
    for box in list(root.iter(qn("w:checkBox"))):
        begin = next((a for a in box.iterancestors() if a.tag == qn("w:fldChar")), None)
        run = begin.getparent() if begin is not None else None
        if run is None or run.getparent() is None:
            continue
        state = box.find(qn("w:checked"))
        if state is None:
            state = box.find(qn("w:default"))
        ticked = state is not None and state.get(qn("w:val"), "1") not in ("0", "false")
        for other in _field_runs(run):
            other.getparent().remove(other)
        for child in [c for c in run if c.tag != qn("w:rPr")]:
            run.remove(child)
        t = etree.SubElement(run, qn("w:t"))
        t.text = CHECKED if ticked else UNCHECKED
        n += 1
    return n


def _text_boxes(root) -> int:
    """The paragraphs of each text box follow the paragraph the box is anchored in."""
    n = 0
    for content in list(root.iter(qn("w:txbxContent"))):
        if content.getroottree().getroot() is not root:
            continue   # removed with an enclosing box already (a Choice and its Fallback)
        anchor = next((a for a in content.iterancestors()
                       if a.tag == qn("w:p") and not any(x.tag == qn("w:txbxContent") for x in a.iterancestors())),
                      None)
        if anchor is None:
            continue
        # the whole shape goes: both renderings when Word wrote a DrawingML box with a VML fallback
        shape = next((a for a in content.iterancestors() if a.tag == f"{{{MC}}}AlternateContent"), None)
        if shape is None:
            shape = next((a for a in content.iterancestors() if a.tag in _SHAPES), content)
        blocks = [b for b in content if b.tag in (qn("w:p"), qn("w:tbl"))]
        at = anchor
        for b in blocks:
            at.addnext(b)
            at = b
        shape.getparent().remove(shape)
        n += 1
    return n


def _rename_metadata_styles(root) -> list[str]:
    renamed = []
    for style in root.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and (name.get(qn("w:val")) or "").lower() in METADATA_STYLES:
            renamed.append(name.get(qn("w:val")))
            name.set(qn("w:val"), METADATA_STYLES[name.get(qn("w:val")).lower()])
    return renamed


# styles -------------------------------------------------------------------------------
class _Styles:
    """The style sheet, for what a paragraph or run inherits: fonts and numbering."""

    def __init__(self, root):
        self.by_id: dict[str, object] = {}
        self.default_para: str | None = None
        self.doc_fonts: dict[str, str] = {}
        if root is None:
            return
        for st in root.iter(qn("w:style")):
            sid = st.get(qn("w:styleId"))
            if sid:
                self.by_id[sid] = st
                if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true", "on"):
                    self.default_para = sid
        rfonts = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        self.doc_fonts = _font_attrs(rfonts)

    def chain(self, sid: str | None):
        """The style ``sid`` and the styles it is based on, nearest first."""
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None

    def fonts(self, run, para) -> dict[str, str]:
        """The run's ascii and hAnsi fonts ('' for a theme font), as Word resolves them: the
        run's own, its character style's, its paragraph style's, the document's default."""
        found: dict[str, str] = {}

        def take(attrs: dict[str, str]) -> None:
            for k, v in attrs.items():
                found.setdefault(k, v)

        rpr = run.find(qn("w:rPr"))
        if rpr is not None:
            take(_font_attrs(rpr.find(qn("w:rFonts"))))
            rstyle = rpr.find(qn("w:rStyle"))
            for st in self.chain(rstyle.get(qn("w:val")) if rstyle is not None else None):
                take(_font_attrs(st.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")))
        pstyle = para.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if para is not None else None
        for st in self.chain(pstyle.get(qn("w:val")) if pstyle is not None else self.default_para):
            take(_font_attrs(st.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")))
        take(self.doc_fonts)
        return found

    def numbering(self, para) -> tuple[str | None, int]:
        """The paragraph's (numId, ilvl), its own or its style's; numId None when unnumbered."""
        num_id, ilvl = None, None
        ppr = para.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        sources = [numpr] if numpr is not None else []
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        sources += [st.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                    for st in self.chain(pstyle.get(qn("w:val")) if pstyle is not None else self.default_para)]
        for src in sources:
            if src is None:
                continue
            if num_id is None and src.find(qn("w:numId")) is not None:
                num_id = src.find(qn("w:numId")).get(qn("w:val"))
            if ilvl is None and src.find(qn("w:ilvl")) is not None:
                ilvl = src.find(qn("w:ilvl")).get(qn("w:val"))
        try:
            level = min(max(int(ilvl or 0), 0), 8)
        except ValueError:
            level = 0
        return (num_id if num_id not in (None, "0") else None), level


def _font_attrs(rfonts) -> dict[str, str]:
    """ascii and hAnsi of a w:rFonts ('' where a theme font is named, which is no symbol font)."""
    out: dict[str, str] = {}
    if rfonts is None:
        return out
    for k in ("ascii", "hAnsi"):
        if rfonts.get(qn(f"w:{k}Theme")) is not None:
            out[k] = ""
        elif rfonts.get(qn(f"w:{k}")) is not None:
            out[k] = rfonts.get(qn(f"w:{k}"))
    return out


# symbols ------------------------------------------------------------------------------
class _SymbolMap:
    """(font, code) -> Unicode text, for the symbol fonts; the table is asked for once, when
    a symbol font is first met."""

    def __init__(self, table: Callable[[], dict] | None):
        self._get = table
        self._table: dict | None = None

    def char(self, font: str, code: int) -> str | None:
        """The text for ``code`` (0x20-0xFF) of ``font``, or None when there is none."""
        if self._table is None:
            self._table = self._get() if self._get is not None else {}
        return self._table.get((font.lower(), code))


SymbolMap = _SymbolMap


def sym_char(font: str, value: int, fonts: _SymbolMap) -> str | None:
    """The Unicode text a ``w:sym`` of ``font`` and code ``value`` shows, or None when there is
    none (a symbol font's code the table lacks, or a private-use character in another font)."""
    code = _code(chr(value)) if 0 <= value <= 0xFFFF else None
    if font.lower() in SYMBOL_FONTS:
        return fonts.char(font, code) if code is not None else None
    if 0x20 <= value <= 0x10FFFF and not 0xE000 <= value <= 0xF8FF:
        return chr(value)   # a Unicode character in a font pandoc does not know: it is itself
    return None


def _code(ch: str) -> int | None:
    """A symbol font's code for ``ch``: Word stores them as U+F020-U+F0FF or as 0x20-0xFF."""
    n = ord(ch)
    if 0xF020 <= n <= 0xF0FF:
        return n - 0xF000
    return n if 0x20 <= n <= 0xFF else None


def _symbols(root, styles: _Styles, fonts: _SymbolMap, places: "_Places", done: Prepared) -> None:
    """Text in a symbol font (its own, its style's) and w:sym become the Unicode characters
    they show; what has none stays (a private-use character) and is named in ``done``."""
    any_symbol_font = _mentions_symbol_font(root, styles)
    for run in root.iter(qn("w:r")):
        texts = run.findall(qn("w:t"))
        private = [ch for t in texts for ch in t.text or "" if "\ue000" <= ch <= "\uf8ff"]
        if not texts or not (any_symbol_font or private):
            continue
        para = next(run.iterancestors(qn("w:p")), None)
        found = styles.fonts(run, para)
        ascii_font, hansi = found.get("ascii") or "", found.get("hAnsi") or ""
        if ascii_font.lower() not in SYMBOL_FONTS and hansi.lower() not in SYMBOL_FONTS:
            # a private-use character in a text font: a box in the report (and in most fonts)
            done.symbol_losses.extend((places.of(run), f"{hansi or ascii_font or 'the text font'} {ord(ch):04X}")
                                      for ch in private)
            continue
        changed = False
        for t in texts:
            out = []
            for ch in t.text or "":
                font = ascii_font if 0x20 <= ord(ch) <= 0x7F else hansi or ascii_font
                code = _code(ch) if font.lower() in SYMBOL_FONTS else None
                if code is None:
                    out.append(ch)
                    continue
                mapped = fonts.char(font, code)
                if mapped is None:
                    done.symbol_losses.append((places.of(run), f"{font} {0xF000 + code:04X}"))
                    mapped = chr(0xF000 + code)
                else:
                    done.symbols += 1
                out.append(mapped)
                changed = True
            t.text = "".join(out)
        if changed:   # the run's font is no symbol font any more (pandoc would map again)
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = etree.Element(qn("w:rPr"))
                run.insert(0, rpr)
            rfonts = rpr.find(qn("w:rFonts"))
            if rfonts is None:
                rfonts = etree.Element(qn("w:rFonts"))
                rstyle = rpr.find(qn("w:rStyle"))
                (rstyle.addnext if rstyle is not None else lambda e: rpr.insert(0, e))(rfonts)
            for k in ("ascii", "hAnsi", "cs", "eastAsia"):
                rfonts.attrib.pop(qn(f"w:{k}Theme"), None)
                rfonts.set(qn(f"w:{k}"), _NEUTRAL)
    for sym in list(root.iter(qn("w:sym"))):
        run = sym.getparent()
        font = sym.get(qn("w:font")) or ""
        try:
            value = int(sym.get(qn("w:char")) or "", 16)
        except ValueError:
            continue
        code = _code(chr(value)) if 0 <= value <= 0xFFFF else None
        text = sym_char(font, value, fonts)
        if text is None:   # kept as the private-use character Word stores, and named
            done.symbol_losses.append((places.of(run), f"{font} {value:04X}"))
            text = chr(0xF000 + code) if code is not None else chr(min(value, 0x10FFFF))
        else:
            done.symbols += 1
        t = etree.Element(qn("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        sym.addprevious(t)
        run.remove(sym)


def _mentions_symbol_font(root, styles: _Styles) -> bool:
    """Whether any run here, or any style, names a symbol font (most files: no)."""
    names = {v.lower() for v in styles.doc_fonts.values()}
    for st in styles.by_id.values():
        names |= {v.lower() for v in _font_attrs(st.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")).values()}
    if names & set(SYMBOL_FONTS):
        return True
    return any((rf.get(qn("w:ascii")) or "").lower() in SYMBOL_FONTS or (rf.get(qn("w:hAnsi")) or "").lower()
               in SYMBOL_FONTS for rf in root.iter(qn("w:rFonts")))


# places -------------------------------------------------------------------------------
class _Places:
    """Where an element is, in words a drafter can find in Word: "paragraph 12 ('Our
    ministry…')", "table 2, row 3, column 1", "footnote 4"."""

    def __init__(self, root, part: str):
        self.part = part
        self._paras: dict = {}
        self._tables: dict = {}
        n = t = 0
        for el in root.iter(qn("w:p"), qn("w:tbl")):
            if any(a.tag == qn("w:tbl") for a in el.iterancestors()):
                continue
            if el.tag == qn("w:tbl"):
                t += 1
                self._tables[el] = t
            else:
                n += 1
                self._paras[el] = n

    def of(self, el) -> str:
        note = next((a for a in el.iterancestors(qn("w:footnote"), qn("w:endnote"))), None)
        if note is not None:
            return f"{local(note)} {note.get(qn('w:id'))}"
        tables = [a for a in el.iterancestors(qn("w:tbl"))]
        if tables:
            return self.cell(tables[-1], el)
        para = el if el.tag == qn("w:p") else next(el.iterancestors(qn("w:p")), None)
        if para is None or para not in self._paras:
            return "the text"
        words = "".join(t.text or "" for t in para.iter(qn("w:t"))).strip()
        words = MARK_RE.sub("", words)
        quote = f" ('{words[:30]}{'…' * (len(words) > 30)}')" if words else ""
        return f"paragraph {self._paras[para]}{quote}"

    def table(self, tbl) -> str:
        outer = [a for a in tbl.iterancestors(qn("w:tbl"))]
        if outer:
            return f"table {self._tables.get(outer[-1], '?')} (a table inside it)"
        return f"table {self._tables.get(tbl, '?')}"

    def cell(self, tbl, el) -> str:
        row = next((a for a in el.iterancestors(qn("w:tr")) if any(x is tbl for x in a.iterancestors(qn("w:tbl")))),
                   None)
        if row is None:
            return self.table(tbl)
        rows = tbl.findall(qn("w:tr"))
        tc = next((a for a in el.iterancestors(qn("w:tc")) if a.getparent() is row), None)
        col = row.findall(qn("w:tc")).index(tc) + 1 if tc is not None else None
        where = f"{self.table(tbl)}, row {rows.index(row) + 1 if row in rows else '?'}"
        return where + (f", column {col}" if col else "")


# tables -------------------------------------------------------------------------------
def _twips(value) -> int | None:
    try:
        n = int(float(value))
    except (TypeError, ValueError):
        return None
    return n if n > 0 else None


def _span(tc) -> int:
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    try:
        return max(1, int(span.get(qn("w:val")))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _set_span(tc, n: int) -> None:
    tcpr = tc.find(qn("w:tcPr"))
    if tcpr is None:
        tcpr = etree.Element(qn("w:tcPr"))
        tc.insert(0, tcpr)
    span = tcpr.find(qn("w:gridSpan"))
    if n <= 1:
        if span is not None:
            tcpr.remove(span)
        return
    if span is None:
        span = etree.Element(qn("w:gridSpan"))
        tcw = tcpr.find(qn("w:tcW"))
        if tcw is not None:
            tcw.addnext(span)
        else:
            tcpr.insert(0, span)
    span.set(qn("w:val"), str(n))


def _empty_cell(span: int, width: int | None):
    tc = etree.Element(qn("w:tc"))
    tcpr = etree.SubElement(tc, qn("w:tcPr"))
    if width:
        w = etree.SubElement(tcpr, qn("w:tcW"))
        w.set(qn("w:w"), str(width))
        w.set(qn("w:type"), "dxa")
    _set_span(tc, span)
    etree.SubElement(tc, qn("w:p"))
    return tc


def _row_short(tr, side: str) -> tuple[int, int | None]:
    """w:gridBefore / w:gridAfter of a row: (grid columns skipped, their width)."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        return 0, None
    n = trpr.find(qn(f"w:grid{side}"))
    w = trpr.find(qn(f"w:w{side}"))
    try:
        count = int(n.get(qn("w:val"))) if n is not None else 0
    except (TypeError, ValueError):
        count = 0
    width = _twips(w.get(qn("w:w"))) if w is not None and w.get(qn("w:type"), "dxa") == "dxa" else None
    for el in (n, w):
        if el is not None:
            trpr.remove(el)
    return max(count, 0), width


def _merge_hmerge(tr) -> None:
    """Old-style horizontal merges (w:hMerge) as the one spanning cell they show."""
    cells = tr.findall(qn("w:tc"))
    head = None
    for tc in cells:
        hm = tc.find(f"{qn('w:tcPr')}/{qn('w:hMerge')}")
        if hm is None:
            head = None
            continue
        hm.getparent().remove(hm)
        if hm.get(qn("w:val")) == "restart" or head is None:
            head = tc
            continue
        _set_span(head, _span(head) + _span(tc))
        for block in tc:
            if block.tag in (qn("w:p"), qn("w:tbl")) and "".join(block.itertext()).strip():
                head.append(block)
        tr.remove(tc)


def _section_of_tables(root) -> dict:
    """Each table's section properties (w:sectPr), by the document's order: a section ends at
    the paragraph whose properties hold its sectPr; the body's own sectPr is the last one's."""
    out, pending = {}, []
    for el in root.iter(qn("w:tbl"), qn("w:sectPr")):
        if el.tag == qn("w:tbl"):
            pending.append(el)
        else:
            for t in pending:
                out[t] = el
            pending = []
    for t in pending:
        out[t] = None
    return out


def _page(sectpr) -> tuple[bool, int]:
    """(landscape, text width in twips) of a section."""
    if sectpr is None:
        return False, _TEXT_WIDTH
    pg, mar = sectpr.find(qn("w:pgSz")), sectpr.find(qn("w:pgMar"))
    w = _twips(pg.get(qn("w:w"))) if pg is not None else None
    h = _twips(pg.get(qn("w:h"))) if pg is not None else None
    landscape = pg is not None and (pg.get(qn("w:orient")) == "landscape" or bool(w and h and w > h))
    if w is None:
        return landscape, _TEXT_WIDTH
    margins = sum(_twips(str(mar.get(qn(f"w:{k}"), "0")).lstrip("-")) or 0 for k in ("left", "right")) \
        if mar is not None else 2880
    return landscape, max(w - margins, 1440)


def _tables(root, places: _Places, done: Prepared) -> None:
    """Give every table the grid its rows need (pandoc drops cells past the grid), place the
    cells of rows that begin or end short of it, and note each table's widths and page."""
    sections = _section_of_tables(root)
    for tbl in list(root.iter(qn("w:tbl"))):
        rows = tbl.findall(qn("w:tr"))
        filled = False
        for tr in rows:
            _merge_hmerge(tr)
            for side in ("Before", "After"):
                count, width = _row_short(tr, side)
                if count:
                    cell = _empty_cell(count, width)
                    cells = tr.findall(qn("w:tc"))
                    if side == "Before" and cells:
                        cells[0].addprevious(cell)
                    elif cells:
                        cells[-1].addnext(cell)
                    else:
                        tr.append(cell)
                    filled = True
        if filled:
            done.grid_filled.append(places.table(tbl))
        needed = max((sum(_span(tc) for tc in tr.findall(qn("w:tc"))) for tr in rows), default=0)
        widths = _grid(tbl, rows, needed)
        outer = [a for a in tbl.iterancestors(qn("w:tbl"))]
        landscape, text_width = _page(sections.get(outer[-1] if outer else tbl))
        n = len(done.tables)
        done.tables[n] = TableFacts(places.table(tbl), widths, landscape and not outer, text_width)
        first = next((tc for tr in rows for tc in tr.findall(qn("w:tc"))), None)
        para = first.find(qn("w:p")) if first is not None else None
        if para is not None:
            _mark(para, "T", n)


def _grid(tbl, rows, needed: int) -> list[int] | None:
    """Make the table's w:tblGrid hold ``needed`` columns; return their widths in twips (from
    the grid, else the cells' w:tcW, else the table's width shared), or None if unknown."""
    grid = tbl.find(qn("w:tblGrid"))
    if grid is None:
        grid = etree.Element(qn("w:tblGrid"))
        tblpr = tbl.find(qn("w:tblPr"))
        (tblpr.addnext if tblpr is not None else lambda e: tbl.insert(0, e))(grid)
    cols = grid.findall(qn("w:gridCol"))
    widths = [_twips(c.get(qn("w:w"))) for c in cols]
    if len(widths) >= needed and widths and all(widths):
        return widths
    # from the cells: the widths of cells spanning one column, row by row
    from_cells: list[int | None] = [None] * max(needed, len(widths))
    for tr in rows:
        col = 0
        for tc in tr.findall(qn("w:tc")):
            span = _span(tc)
            tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            if span == 1 and tcw is not None and tcw.get(qn("w:type"), "dxa") == "dxa" and col < len(from_cells):
                from_cells[col] = from_cells[col] or _twips(tcw.get(qn("w:w")))
            col += span
    merged = [(widths[i] if i < len(widths) and widths[i] else None) or from_cells[i] for i in range(len(from_cells))]
    known = [w for w in merged if w]
    tblw = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    total = _twips(tblw.get(qn("w:w"))) if tblw is not None and tblw.get(qn("w:type")) == "dxa" else None
    missing = [i for i, w in enumerate(merged) if not w]
    if missing:
        rest = (total - sum(known)) if total and total > sum(known) else None
        share = (rest // len(missing)) if rest else (sum(known) // len(known) if known else 1440)
        for i in missing:
            merged[i] = max(share, 144)
    for c in cols:
        grid.remove(c)
    for w in merged:
        etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(w))
    return merged if known else None


# lists --------------------------------------------------------------------------------
def _mark(para, kind: str, n: int) -> None:
    """Put the marker MARK at the start of the paragraph's text."""
    run = etree.Element(qn("w:r"))
    t = etree.SubElement(run, qn("w:t"))
    t.text = MARK.format(kind=kind, n=n)
    ppr = para.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(run)
    else:
        para.insert(0, run)


def _heading(para, styles: _Styles) -> bool:
    """Whether ``para`` is a heading: a heading style ("heading 1"-"heading 9", or a style
    based on one) or an outline level, its own or its style's."""
    ppr = para.find(qn("w:pPr"))
    pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
    chain = list(styles.chain(pstyle.get(qn("w:val")) if pstyle is not None else styles.default_para))
    for holder in ([ppr] if ppr is not None else []) + [st.find(qn("w:pPr")) for st in chain]:
        level = holder.find(qn("w:outlineLvl")) if holder is not None else None
        if level is not None and (level.get(qn("w:val")) or "").isdigit() and int(level.get(qn("w:val"))) < 9:
            return True
    names = [st.find(qn("w:name")) for st in chain]
    return any(re.fullmatch(r"heading [1-9]", (n.get(qn("w:val")) or "").lower()) for n in names if n is not None)


def _list_marks(root, styles: _Styles, numbering: dict, done: Prepared, places: "_Places | None" = None) -> None:
    for para in root.iter(qn("w:p")):
        num_id, ilvl = styles.numbering(para)
        if num_id is None or num_id not in numbering:
            continue
        levels = numbering[num_id]
        if places is not None and ilvl < len(levels) and levels[ilvl].format not in ("bullet", "none") and \
                _heading(para, styles):
            done.numbered_headings.append(places.of(para))
        n = len(done.lists)
        done.lists[n] = (numbering[num_id], ilvl)
        _mark(para, "L", n)


def _val(el, tag: str) -> str | None:
    """The w:val of ``el``'s child ``tag``, looking into mc:AlternateContent's fallback too
    (Word 2010 writes its own number formats there, with a standard one as fallback)."""
    child = el.find(qn(tag))
    if child is None:
        child = el.find(f"{{{MC}}}AlternateContent/{{{MC}}}Fallback/{qn(tag)}")
    return child.get(qn("w:val")) if child is not None else None


def _level(lvl, fonts: _SymbolMap, done: Prepared) -> ListLevel:
    fmt = _val(lvl, "w:numFmt") or "decimal"
    if not re.fullmatch(r"[A-Za-z0-9]{1,40}", fmt):   # none of ECMA-376's number formats
        fmt = "decimal"
    text = _val(lvl, "w:lvlText") or ""
    try:
        start = min(max(int(_val(lvl, "w:start") or 1), 0), 32767)
    except ValueError:
        start = 1
    text = text[:64]
    font = None
    if fmt == "bullet":
        if lvl.find(qn("w:lvlPicBulletId")) is not None or not text:
            done.picture_bullets += lvl.find(qn("w:lvlPicBulletId")) is not None
            return ListLevel("bullet", "\u2022", start)
        attrs = _font_attrs(lvl.find(f"{qn('w:rPr')}/{qn('w:rFonts')}"))
        named = attrs.get("hAnsi") or attrs.get("ascii") or ""
        if named.lower() in SYMBOL_FONTS:
            mapped = [fonts.char(named, _code(ch)) if _code(ch) is not None else ch for ch in text]
            if all(mapped):
                text = "".join(mapped)
            else:   # no Unicode character for it: the bullet keeps its font
                font = named
    return ListLevel(fmt, text, start, font)


def _numbering(root, styles: _Styles, fonts: _SymbolMap, done: Prepared) -> dict[str, list[ListLevel]]:
    """numId -> its nine levels (overrides applied) from numbering.xml."""
    abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
    nums = {n.get(qn("w:numId")): n for n in root.findall(qn("w:num"))}

    def abstract_of(num, seen=()) -> object | None:
        ref = num.find(qn("w:abstractNumId"))
        a = abstracts.get(ref.get(qn("w:val"))) if ref is not None else None
        link = a.find(qn("w:numStyleLink")) if a is not None else None
        if a is not None and link is not None and not a.findall(qn("w:lvl")):
            # a list style: the levels are those of the numbering its style names
            for st in styles.chain(link.get(qn("w:val"))):
                num_id = st.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
                target = nums.get(num_id.get(qn("w:val"))) if num_id is not None else None
                if target is not None and target is not num and target not in seen:
                    return abstract_of(target, seen + (num,))
        return a

    out = {}
    for num_id, num in nums.items():
        a = abstract_of(num)
        if a is None:
            continue
        lvls = {lv.get(qn("w:ilvl")): lv for lv in a.findall(qn("w:lvl"))}
        starts = {}
        for ov in num.findall(qn("w:lvlOverride")):
            k = ov.get(qn("w:ilvl"))
            if ov.find(qn("w:lvl")) is not None:
                lvls[k] = ov.find(qn("w:lvl"))
            so = ov.find(qn("w:startOverride"))
            if so is not None:
                starts[k] = so.get(qn("w:val"))
        levels: list[ListLevel] = []
        for k in range(9):
            lvl = lvls.get(str(k))
            if lvl is None:   # a level the file does not define: as the one above, one level down
                above = levels[-1] if levels else ListLevel("decimal", "%1.")
                levels.append(ListLevel(above.format, above.text if above.format == "bullet" else f"%{k + 1}.",
                                        1, above.font))
                continue
            level = _level(lvl, fonts, done)
            try:
                if str(k) in starts:
                    level = level._replace(start=min(max(int(starts[str(k)]), 0), 32767))
            except ValueError:
                pass
            levels.append(level)
        out[num_id] = levels
    return out


# pictures -----------------------------------------------------------------------------
_R_ATTRS = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")


def _metafile_rels(root) -> dict[str, str]:
    """Relationship id -> file name, for the document's pictures that are Windows metafiles."""
    return {r.get("Id"): r.get("Target", "").rsplit("/", 1)[-1] for r in root
            if r.get("Target", "").lower().endswith((".wmf", ".emf")) and r.get("TargetMode") != "External"}


def _metafile_places(root, rels: dict[str, str], places: _Places, done: Prepared) -> None:
    if not rels:
        return
    for el in root.iter():
        for attr in _R_ATTRS:
            name = rels.get(el.get(attr)) if el.get(attr) else None
            if name and local(el) in ("imagedata", "blip"):
                done.metafiles.setdefault(name, []).append(places.of(el))
