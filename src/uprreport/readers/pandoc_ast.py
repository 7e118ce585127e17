"""Map pandoc's JSON AST onto uprreport's document blocks.

Supported: paragraphs, headers (kept as unnumbered sub-headings: the outline owns the
numbered headings), bullet and ordered lists, tables (with row and column spans), block
quotes, emphasis, strong, underline, super/subscript, code, links, notes, line breaks,
images, and Word paragraph styles (``docx+styles``: a Div with ``custom-style``), which
are mapped onto the report template's styles. Raw blocks, horizontal rules and
character styles carry no report text and are dropped (their text is kept).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from uprreport.model.nodes import Cell, Image, ListBlock, ListLevel, NoteRef, Para, Run, Table, iter_paras

# Word paragraph styles that need no mapping: body text in any of its usual names, list
# and note styles pandoc already interprets, and the heading styles. Value: the template
# style to use, or None for the default (body text).
KNOWN_STYLES: dict[str, str | None] = {
    **{name: None for name in (
        "normal", "body text", "body text 2", "body text 3", "body text indent", "first paragraph",
        "compact", "list paragraph", "list bullet", "list number", "list continue", "list bullet 2",
        "list number 2", "no spacing", "plain text", "footnote text", "endnote text", "caption",
        "table paragraph", "table contents", "text body", "standard", "default", "normal (web)",
        "title", "subtitle", "toc heading", "header", "footer", "normal indent", "list", "bibliography",
        "table heading", "table text", "un paragraph")},
    **{f"heading {n}": None for n in range(1, 10)},
    "quote": "Quote", "intense quote": "Quote", "block text": "Quote",
    # paragraphs pandoc would take for metadata, renamed by readers/docx_prepare.py
    "fragment title": "Heading 4", "fragment subtitle": "Heading 4", "fragment author": None,
    "fragment date": None, "fragment abstract": None,
}
# pandoc's number styles and delimiters of ordered lists, as Word's numFmt and lvlText
NUMBER_STYLES = {"Decimal": "decimal", "LowerRoman": "lowerRoman", "UpperRoman": "upperRoman",
                 "LowerAlpha": "lowerLetter", "UpperAlpha": "upperLetter", "Example": "decimal"}
DELIMITERS = {"Period": "%1.", "OneParen": "%1)", "TwoParens": "(%1)", "DefaultDelim": "%1."}
MARK_RE = re.compile("\u2063upr([LT])(\\d+)\u2063")   # readers/docx_prepare.py's markers
METAFILES = (".wmf", ".emf")   # Windows metafiles (the pictures of OLE objects): Word draws them, PDF cannot
EMU_PER_INCH = 914400
MAX_DEPTH = 64   # lists in quotes in tables in notes …: Word offers 9 list levels, a report needs fewer
_UNITS = {"in": EMU_PER_INCH, "cm": 360000, "mm": 36000, "pt": 12700, "px": 9525}


def _length(value: str | None) -> int | None:
    """A width or height in EMU, or None (the picture's own size) for one that is no length
    ("1.2.3in") or larger than a page could hold."""
    m = re.match(r"^\s*(\d{1,6}(?:\.\d*)?|\.\d+)\s*(in|cm|mm|pt|px)?\s*$", value or "")
    if not m:
        return None
    emu = int(float(m.group(1)) * _UNITS[m.group(2) or "px"])
    return emu if 0 < emu <= 100 * EMU_PER_INCH else None


def _text(fmt: Run, text: str) -> Run:
    """A run of ``text`` formatted as ``fmt`` (faster than dataclasses.replace, which this
    is called for at every word)."""
    return Run(text, fmt.bold, fmt.italic, fmt.underline, fmt.superscript, fmt.subscript, fmt.code, fmt.link)


def _format(r: Run) -> tuple:
    """Everything about a run but its text: runs with equal formats are merged."""
    return (r.bold, r.italic, r.underline, r.superscript, r.subscript, r.code, r.link)


class TooDeep(Exception):
    """The text nests more than MAX_DEPTH levels (lists in lists, quotes in quotes, tables in
    tables, emphasis in emphasis); the reader reports it on the file."""


TOO_DEEP = (f"the text nests lists, quotes, tables or emphasis more than {MAX_DEPTH} levels deep (one inside "
            "another), too deep to be read; flatten it (a report needs a few levels at most)")


class Mapper:
    """One mapping run; collects the Word styles it did not know in ``unknown_styles``.

    ``blocks`` raises TooDeep on text nested more than MAX_DEPTH levels (before Python's own
    recursion limit), so that no later stage meets a tree that deep."""

    def __init__(self, styles: dict[str, str] | None = None, media_root: Path | None = None, word=None,
                 pictures: dict[Path, Path | None] | None = None):
        """``word``: what readers/docx_prepare.py found in a Word file (``Prepared``: its lists'
        levels, its tables' widths and pages, by marker); ``pictures``: each Windows metafile
        of the media folder and the PNG it was converted to (None: it could not be)."""
        self.styles = {k.lower(): v for k, v in (styles or {}).items()}
        self.media_root = media_root
        self.word = word
        self.pictures = pictures or {}
        self.unknown_styles: Counter = Counter()
        self.missing_images: list[str] = []
        self.note_images: list[str] = []
        self.metafiles: list = []   # (Image converted or Run placeholder, the metafile's name)
        self.failure: tuple[str, str] | None = None   # (code, message) when the text could not be read
        self._depth = 0
        self._marks: list[tuple[str, int]] = []   # markers met, in order

    def _enter(self) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise TooDeep(TOO_DEEP)

    # inlines ------------------------------------------------------------------------
    def _inlines(self, items, fmt: Run, out: list) -> None:
        self._enter()
        try:
            self._inline_items(items, fmt, out)
        finally:
            self._depth -= 1

    def _inline_items(self, items, fmt: Run, out: list) -> None:
        for it in items:
            t, c = it["t"], it.get("c")
            if t == "Str":
                if self.word is not None and "\u2063upr" in c:
                    self._marks.extend((kind, int(n)) for kind, n in MARK_RE.findall(c))
                    c = MARK_RE.sub("", c)
                    if not c:
                        continue
                out.append(_text(fmt, c))
            elif t in ("Space", "SoftBreak"):
                out.append(_text(fmt, " "))
            elif t == "LineBreak":
                out.append(_text(fmt, "\n"))
            elif t == "Emph":
                self._inlines(c, replace(fmt, italic=True), out)
            elif t == "Strong":
                self._inlines(c, replace(fmt, bold=True), out)
            elif t == "Underline":
                self._inlines(c, replace(fmt, underline=True), out)
            elif t == "Superscript":
                self._inlines(c, replace(fmt, superscript=True), out)
            elif t == "Subscript":
                self._inlines(c, replace(fmt, subscript=True), out)
            elif t in ("Strikeout", "SmallCaps", "Cite"):
                self._inlines(c if t != "Cite" else c[1], fmt, out)
            elif t == "Code":
                out.append(replace(fmt, text=c[1], code=True))
            elif t == "Link":
                self._inlines(c[1], replace(fmt, link=c[2][0]), out)
            elif t == "Image":
                self._image(c, fmt, out)
            elif t == "Quoted":
                q = ("\u201c", "\u201d") if c[0]["t"] == "DoubleQuote" else ("\u2018", "\u2019")
                out.append(replace(fmt, text=q[0]))
                self._inlines(c[1], fmt, out)
                out.append(replace(fmt, text=q[1]))
            elif t == "Span":
                self._inlines(c[1], fmt, out)
            elif t == "Math":
                out.append(replace(fmt, text=c[1]))
            elif t == "Note":
                out.append(NoteRef(self._note(self.blocks(c, numbered=False))))
            # RawInline: no report text

    def _note(self, blocks: list) -> list:
        """A note's blocks with its pictures as '[image: …]' (a note holds text only); the
        pictures are listed in ``note_images`` for the reader to report."""
        for p in iter_paras(blocks):
            for k, item in enumerate(p.inlines):
                if isinstance(item, Image):
                    self.note_images.append(item.alt or item.filename)
                    p.inlines[k] = Run(f"[image: {item.alt or item.filename}]")
        return blocks

    def _image(self, c, fmt: Run, out: list) -> None:
        attrs = dict(c[0][2])
        src = c[2][0]
        path = Path(src)
        if not path.is_absolute() and self.media_root is not None:
            path = self.media_root / path
        # a picture must lie inside the fragment's folder (or the Word file's own media):
        # a path elsewhere on the machine ("/etc/...", "../../x") is never read
        root = self.media_root.resolve() if self.media_root is not None else None
        # a NUL in the name names no file on any system (and makes pathlib raise): missing
        if root is None or "\x00" in src or not path.resolve().is_relative_to(root):
            self.missing_images.append(src)
            alt_runs: list = []
            self._inlines(c[1], Run(""), alt_runs)
            out.append(replace(fmt, text=f"[image: {''.join(r.text for r in alt_runs if isinstance(r, Run)) or src}]"))
            return
        alt_runs: list = []
        self._inlines(c[1], Run(""), alt_runs)
        alt = "".join(r.text for r in alt_runs if isinstance(r, Run))
        name, metafile = path.name, path.suffix.lower() in METAFILES
        if metafile:
            png = self.pictures.get(path.resolve())
            if png is None:   # a visible, named place holder (readers/docx.py names it)
                run = replace(fmt, text=f"[picture not carried: {path.suffix[1:].upper()} image"
                              f"{', ' + alt if alt else ''}]")
                self.metafiles.append((run, name))
                out.append(run)
                return
            path, name = png, Path(name).with_suffix(".png").name
        try:
            data = path.read_bytes()
        except OSError:
            self.missing_images.append(src)
            out.append(replace(fmt, text=f"[image: {alt or src}]"))
            return
        out.append(Image(data, name, _length(attrs.get("width")), _length(attrs.get("height")), alt))
        if metafile:
            self.metafiles.append((out[-1], Path(src).name))

    def inlines(self, items) -> list:
        """Return flat runs for pandoc inlines, adjacent runs of equal format merged."""
        raw: list = []
        self._inlines(items, Run(""), raw)
        merged: list = []
        last_key = None
        for r in raw:
            key = _format(r) if isinstance(r, Run) else None
            if key is not None and key == last_key:
                merged[-1].text += r.text
            else:
                merged.append(r)
            last_key = key
        return merged

    # blocks -------------------------------------------------------------------------
    def _table(self, c) -> Table:
        _attr, caption, colspecs, head, bodies, foot = c
        rows: list[list[Cell]] = []
        before = len(self._marks)

        def add_rows(rowlist):
            for _rattr, cells in rowlist:
                rows.append([Cell(self.blocks(cell[4], numbered=False), colspan=cell[3], rowspan=cell[2])
                             for cell in cells])

        add_rows(head[1])
        header_rows = len(rows)
        for body in bodies:
            add_rows(body[2])
            add_rows(body[3])
        add_rows(foot[1])
        widths = [cs[1].get("c") if isinstance(cs[1], dict) and cs[1].get("t") == "ColWidth" else None
                  for cs in colspecs]
        table = Table(rows, header_rows=header_rows, widths=widths if all(widths) else None,
                      caption=self._caption(caption))
        # a Word table: its own grid's widths and page (the first marker is the outermost table's)
        marks = [n for kind, n in self._marks[before:] if kind == "T"]
        facts = self.word.tables.get(min(marks)) if self.word is not None and marks else None
        if facts is not None:
            table.landscape = facts.landscape
            if facts.widths:
                table.widths = [w / facts.text_width for w in facts.widths]
        return table

    def _caption(self, caption) -> str | None:
        """A table's caption as plain text: Markdown's ``: Caption`` under the table, or the
        paragraph in Word's Caption style that pandoc takes for the table's own (inside a Div
        of that style when the styles are read)."""
        parts: list[str] = []

        def take(blocks) -> None:
            for block in blocks:
                if block.get("t") in ("Para", "Plain"):
                    parts.append("".join(r.text for r in self.inlines(block["c"]) if isinstance(r, Run)))
                elif block.get("t") == "Div":
                    take(block["c"][1])

        take(caption[1] if isinstance(caption, list) and len(caption) > 1 else [])
        text = " ".join(p.strip() for p in parts if p.strip())
        return text or None

    def _list(self, ordered: bool, c) -> ListBlock:
        before = len(self._marks)
        items = c[1] if ordered else c
        lst = ListBlock(ordered, [self.blocks(item, numbered=False) for item in items])
        if ordered:
            start, style, delim = c[0][0], c[0][1]["t"], c[0][2]["t"]
            lst.start = start if isinstance(start, int) else 1
            if style in NUMBER_STYLES:
                lst.levels = [ListLevel(NUMBER_STYLES[style], DELIMITERS.get(delim, "%1."))]
        # a Word list: the levels of the list its first paragraph belongs to (the shallowest
        # level among its paragraphs: deeper ones are its sub-lists')
        found = [self.word.lists[n] for kind, n in self._marks[before:]
                 if kind == "L" and self.word is not None and n in self.word.lists]
        if found:
            levels, ilvl = min(found, key=lambda f: f[1])
            lst.levels, lst.level = levels, ilvl
        return lst

    def _styled(self, name: str, content, numbered: bool) -> list:
        key = name.lower()
        if key in self.styles:
            target = self.styles[key]
        elif key in KNOWN_STYLES:
            target = KNOWN_STYLES[key]
        else:
            self.unknown_styles[name] += 1
            target = None
        out = self.blocks(content, numbered)
        if target:
            for b in out:
                if isinstance(b, Para) and b.style is None:
                    b.style = target
                    b.numbered = b.numbered and target not in ("Quote", "Heading 4")
                    if target == "Heading 4":   # a sub-heading, as pandoc's own headers
                        b.inlines = [replace(r, bold=True) if isinstance(r, Run) else r for r in b.inlines]
        return out

    def _has_content(self, runs) -> bool:
        return any(not isinstance(r, Run) or r.text.strip() for r in runs)

    def blocks(self, items, numbered: bool = True) -> list:
        """Return document blocks for pandoc blocks; ``numbered`` marks body paragraphs."""
        self._enter()
        try:
            return self._block_items(items, numbered)
        finally:
            self._depth -= 1

    def _block_items(self, items, numbered: bool) -> list:
        out: list = []
        for it in items:
            t, c = it["t"], it.get("c")
            if t in ("Para", "Plain"):
                runs = self.inlines(c)
                if self._has_content(runs):
                    # a paragraph holding only pictures is a figure: not a numbered paragraph
                    text = any(isinstance(r, Run) and r.text.strip() for r in runs)
                    out.append(Para(runs, numbered=numbered and text))
            elif t == "Header":
                runs = [replace(r, bold=True) if isinstance(r, Run) else r for r in self.inlines(c[2])]
                if self._has_content(runs):
                    out.append(Para(runs, numbered=False, style="Heading 4"))
            elif t in ("BulletList", "OrderedList"):
                out.append(self._list(t == "OrderedList", c))
            elif t == "BlockQuote":
                for b in self.blocks(c, numbered=False):
                    if isinstance(b, Para):
                        b.style = "Quote"
                    out.append(b)
            elif t == "Table":
                out.append(self._table(c))
            elif t == "Div":
                style = dict(c[0][2]).get("custom-style")
                out.extend(self._styled(style, c[1], numbered) if style else self.blocks(c[1], numbered))
            elif t == "LineBlock":
                for line in c:
                    out.append(Para(self.inlines(line), numbered=numbered))
            elif t == "CodeBlock":
                out.append(Para([Run(c[1], code=True)], numbered=False))
            elif t == "DefinitionList":
                for term, defs in c:
                    out.append(Para([replace(r, bold=True) if isinstance(r, Run) else r
                                     for r in self.inlines(term)], numbered=False))
                    for d in defs:
                        out.extend(self.blocks(d, numbered))
            elif t == "Figure":
                out.extend(self.blocks(c[2], numbered))
            # HorizontalRule, RawBlock: no report text
        return out


def blocks(items, numbered: bool = True) -> list:
    """Map pandoc blocks with the default settings (no style map, no media folder)."""
    return Mapper().blocks(items, numbered)
