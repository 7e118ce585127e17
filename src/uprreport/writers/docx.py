"""Write the document tree into a docxtpl template as a Word report.

The template carries the cover furniture (``{{ symbol }}``, ``{{ date }}`` ...) and one
paragraph ``{{ body }}`` where the report text goes. The text is generated as
WordprocessingML in one pass (python-docx's per-cell API is far too slow for big
matrices) using the template's own styles, looked up by name so offices can restyle.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from docx.oxml import parse_xml

from uprreport.diagnostics import Location, Report, make
from uprreport.errors import UprError
from uprreport.fsutil import atomic_path
from uprreport.model.nodes import (BOLD, ITALIC, Cell, Chart, Document, Heading, Image, ListBlock, ListLevel, NoteRef,
                                   Para, Rows, Run, Section, Table, iter_paras)
from uprreport.ooxml import chars
from uprreport.ooxml import write as ox

BODY_INDENT = 1134   # twips (2 cm): where body text starts, after the paragraph number
LIST_INDENT = 397    # twips (0.7 cm) per list level
# The report's own list levels, for lists that bring none (Markdown's bullets) and for the
# levels below those a list brings: bullets •, ◦, ▪ and numbers 1., (a), (i), in turn.
BULLETS = ("\u2022", "\u25e6", "\u25aa")
NUMBERS = (("decimal", "%{n}."), ("lowerLetter", "(%{n})"), ("lowerRoman", "(%{n})"))
CHAR_TWIPS = 105     # the width of a character of 10-point text, about (labels, words in cells)
CELL_MARGINS = 230   # twips: a cell's left and right margins and its border
BODY_ANCHOR = "\u2063uprreport-body\u2063"
# The plain text styles: a numbered paragraph in one of them (a Word fragment's own body style
# mapped to Body Text) is laid out as the report's numbered paragraphs are, UN Paragraph with the
# number hanging in the margin; in Body Text its number sat inline, out of line with the rest.
PLAIN = ("Body Text", "Normal")

def _label(label: str | None, long_sep: str) -> str:
    """The runs of a heading's label: a numbering label ("IV.", "B.", "3-") is followed by a
    tab to the heading's text; an Arabic one in words ("رابعاً -", "باء -"), wider than the
    tab stops set for "IV.", by a space; a word ("Annex", "Annex II") by ``long_sep`` (a line
    break in the heading, as issued UN documents set it; a space in the contents)."""
    if not label:
        return ""
    if label.endswith(" -"):
        sep = '<w:t xml:space="preserve"> </w:t>'
    else:
        sep = "<w:tab/>" if label.endswith((".", "-")) else long_sep
    return f"<w:r><w:t>{ox.text(label)}</w:t></w:r><w:r>{sep}</w:r>"


@lru_cache(maxsize=None)
def _run_props(code: bool, bold: bool, italic: bool, link: bool, underline: bool, sup: bool, sub: bool,
               rtl: bool = False) -> str:
    """A run's rPr for its format (one per format, cached: runs are the most numerous)."""
    children = {"rtl": "<w:rtl/>"} if rtl else {}
    if code:
        children["rFonts"] = '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
    if bold:
        children["b"], children["bCs"] = "<w:b/>", "<w:bCs/>"
    if italic:
        children["i"], children["iCs"] = "<w:i/>", "<w:iCs/>"
    if link:
        children["color"] = '<w:color w:val="0563C1"/>'
    if underline or link:
        children["u"] = '<w:u w:val="single"/>'
    if sup or sub:
        children["vertAlign"] = f'<w:vertAlign w:val="{"superscript" if sup else "subscript"}"/>'
    return ox.props("rPr", children)


class _Body:
    def __init__(self, document, notes_kind: str, report: Report, template_name: str):
        self.doc = document
        self.report = report
        self.styles = {}
        for s in document.styles:   # a style the template lacks: Normal (readers/template.py warns)
            self.styles[s.name] = s.style_id
        self.notes = ox.NotesPart(notes_kind, document)
        self.note_tag = notes_kind
        self.numbering = ox.Numbering(document, self.sid("List Number"))
        self.links: dict[str, str] = {}
        self.shape_id = 0
        self.static_notes: list[str] | None = None
        self.bookmarks: dict[str, str] = {}   # section key -> bookmark name (headings in the TOC)
        self.bookmark_id = 0
        self.marks: dict[str, tuple[str, str]] = {}   # paragraph id -> (label shown, bookmark name)
        self.labels: dict[str, str] = {}
        self.rtl = False       # Arabic: paragraphs, runs and tables right to left
        self.in_cell = False   # table cells carry no id label (too cramped); comments there match by quote
        self.max_width_emu = 6 * 914400   # updated to the text width of the section being written
        self.max_height_emu = 9 * 914400  # and to its text height
        self.sectpr = None      # the body's section properties, when its tables may turn landscape
        self.turned = 0         # landscape sections made in the body so far

    def sid(self, name: str) -> str:
        return self.styles.get(name) or self.styles.get("Normal", "Normal")

    # inline content ---------------------------------------------------------------
    def _rpr(self, r: Run) -> str:
        return _run_props(r.code, r.bold, r.italic, bool(r.link), r.underline, r.superscript, r.subscript, self.rtl)

    def _ppr(self, style_id: str, props: dict[str, str] | None = None) -> str:
        """A paragraph's pPr: its style, its other properties, right to left when the report is."""
        children = {"pStyle": f'<w:pStyle w:val="{style_id}"/>', **(props or {})}
        if self.rtl:
            children["bidi"] = "<w:bidi/>"
        return ox.props("pPr", children)

    def _link_id(self, url: str) -> str:
        url = chars.clean(url)
        if url not in self.links:
            self.links[url] = self.doc.part.relate_to(url, ox.RT.HYPERLINK, is_external=True)
        return self.links[url]

    def runs(self, inlines, in_note: bool = False) -> str:
        out: list[str] = []
        pages = not in_note and not self.in_cell   # a form feed breaks the page only in running text
        i = 0
        while i < len(inlines):
            item = inlines[i]
            if isinstance(item, Chart):
                from uprreport.writers import chart

                item = chart.render(item)
            if isinstance(item, Image):
                if in_note:   # pictures belong in the text, not in notes
                    self.report.emit("image-missing", Location(item.filename),
                                     "a picture inside a note is left out; place it in the text instead")
                    out.append(f"<w:r>{ox.t(f'[image: {item.alt or item.filename}]')}</w:r>")
                else:
                    out.append(self.image(item))
                i += 1
                continue
            if isinstance(item, NoteRef):
                if in_note:   # a note inside a note: keep its text inline, in brackets
                    inner = [r for b in item.blocks if isinstance(b, Para) for r in b.inlines]
                    out.append(self.runs([Run(" (")] + inner + [Run(")")], in_note=True))
                else:
                    out.append(self.note_ref(item))
                i += 1
                continue
            if item.link and not item.link.startswith("#"):
                j = i
                group = []
                while j < len(inlines) and isinstance(inlines[j], Run) and inlines[j].link == item.link:
                    group.append(inlines[j])
                    j += 1
                body = "".join(f"<w:r>{self._rpr(r)}{ox.t(r.text, pages)}</w:r>" for r in group)
                rid = (self.notes.link_id(item.link) if in_note and self.static_notes is None
                       else self._link_id(item.link))
                out.append(f'<w:hyperlink r:id="{rid}">{body}</w:hyperlink>')
                i = j
                continue
            out.append(f"<w:r>{self._rpr(item)}{ox.t(item.text, pages)}</w:r>")
            i += 1
        return "".join(out)

    def image(self, img: Image) -> str:
        """An inline picture, no wider than the text (its aspect ratio kept)."""
        import io

        from docx.oxml.shape import CT_Inline

        try:
            rid, pic = self.doc.part.get_or_add_image(io.BytesIO(img.data))
        except Exception:   # not an image format python-docx knows (EMF, SVG...)
            self.report.emit("image-missing", Location(img.filename),
                             f"image '{img.filename}' is in a format that cannot be placed; save it as PNG or JPEG")
            return f"<w:r>{ox.t(f'[image: {img.alt or img.filename}]')}</w:r>"
        cx, cy = img.width_emu or pic.width, img.height_emu or pic.height
        if img.width_emu and not img.height_emu:
            cy = int(pic.height * img.width_emu / pic.width)
        # no wider than the text, no taller than most of the page (a caption goes with it)
        scale = min(1.0, self.max_width_emu / cx, 0.85 * self.max_height_emu / cy) if cx and cy else 1.0
        cx, cy = int(cx * scale), int(cy * scale)
        self.shape_id += 1
        inline = CT_Inline.new_pic_inline(self.shape_id, rid, chars.clean(img.filename), cx, cy)
        if img.alt:
            inline.docPr.set("descr", chars.clean(img.alt))
        from lxml import etree

        return f"<w:r><w:drawing>{etree.tostring(inline).decode()}</w:drawing></w:r>"

    def note_ref(self, note: NoteRef) -> str:
        ref_style = self.sid(f"{self.note_tag.capitalize()} Reference")
        text_style = self.sid(f"{self.note_tag.capitalize()} Text")
        paras = [b for b in note.blocks if isinstance(b, Para)] or [Para([])]
        sup = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        if self.static_notes is not None:   # printed notes: plain numbers, text after the body
            n = len(self.static_notes) + 1
            for k, p in enumerate(paras):
                mark = f"<w:r>{sup}<w:t>{n}</w:t></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>" if k == 0 else ""
                self.static_notes.append(f'<w:p>{self._ppr(text_style)}{mark}'
                                         f'{self.runs(p.inlines, in_note=True)}</w:p>')
            return f"<w:r>{sup}<w:t>{n}</w:t></w:r>"
        body = []
        for k, p in enumerate(paras):
            mark = (f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:{self.note_tag}Ref/></w:r>'
                    f'<w:r><w:t xml:space="preserve"> </w:t></w:r>') if k == 0 else ""
            body.append(f'<w:p>{self._ppr(text_style)}{mark}'
                        f'{self.runs(p.inlines, in_note=True)}</w:p>')
        note_id = self.notes.add("".join(body))
        return (f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr>'
                f'<w:{self.note_tag}Reference w:id="{note_id}"/></w:r>')

    # blocks -------------------------------------------------------------------------
    def para(self, p: Para, style: str | None = None, props: dict[str, str] | None = None) -> str:
        """A paragraph; ``props``: more of its properties (local name -> XML) besides its style."""
        own = p.style if p.style not in PLAIN else None   # a fragment's plain text, mapped to Body Text or Normal
        style_id = self.sid(style or own or ("UN Paragraph" if p.number is not None else p.style or "Body Text"))
        # the number as the language prints it ("12.", Arabic "12-"), then a tab
        shown = self.labels.get("paragraph", "{n}.").format(n=p.number)
        prefix = f"<w:r><w:t>{ox.text(shown)}</w:t></w:r><w:r><w:tab/></w:r>" if p.number is not None else ""
        start = end = ""
        if p.id and p.id in self.marks:
            # review copies: a bookmark spans the paragraph (it survives Word editing) and its id
            # is shown in small grey print, so reviewers can cite it; a table cell's paragraph
            # has the bookmark alone (a comment on the cell lands on it; no label in the column)
            label, name = self.marks[p.id]
            self.bookmark_id += 1
            start = f'<w:bookmarkStart w:id="{self.bookmark_id}" w:name="{name}"/>'
            grey = ox.props("rPr", {"color": '<w:color w:val="808080"/>', "sz": '<w:sz w:val="14"/>'})
            shown = "" if self.in_cell else f'<w:r>{grey}<w:t xml:space="preserve"> [{ox.text(label)}]</w:t></w:r>'
            end = f'{shown}<w:bookmarkEnd w:id="{self.bookmark_id}"/>'
        return f"<w:p>{self._ppr(style_id, props)}{start}{prefix}{self.runs(p.inlines)}{end}</w:p>"

    def heading(self, h: Heading, bookmark: str | None = None) -> str:
        level = min(max(h.level, 1), 4)
        label = _label(h.label, "<w:br/>")
        mark_start = mark_end = ""
        if bookmark:
            self.bookmark_id += 1
            mark_start = f'<w:bookmarkStart w:id="{self.bookmark_id}" w:name="{bookmark}"/>'
            mark_end = f'<w:bookmarkEnd w:id="{self.bookmark_id}"/>'
        return (f'<w:p>{self._ppr(self.sid(f"Heading {level}"))}'
                f"{mark_start}{label}<w:r>{ox.t(h.text)}</w:r>{mark_end}</w:p>")

    def toc(self, entries: list[tuple[Section, str]], pages: dict[str, str], present: set[str]) -> list[str]:
        """A table of contents: one line per section, its page a PAGEREF field to the
        heading's bookmark (LibreOffice and Word compute it when they lay the pages out),
        or a page number given in ``pages`` for headings not in this file."""
        out = [f'<w:p>{self._ppr(self.sid("TOC Heading"))}'
               f'<w:r><w:t>{ox.text(self.labels.get("contents", "Contents"))}</w:t></w:r><w:r><w:tab/></w:r>'
               f'<w:r><w:rPr><w:b w:val="0"/><w:i/></w:rPr><w:t>{ox.text(self.labels.get("page", "Page"))}</w:t>'
               '</w:r></w:p>']
        for section, mark in entries:
            style = self.sid("TOC 1" if section.level == 1 else "TOC 2")
            label = _label(section.label, '<w:t xml:space="preserve"> </w:t>')
            cached = ox.text(pages.get(mark, ""))
            if mark in present:
                page = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                        f' PAGEREF {mark} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                        f'<w:r><w:t>{cached}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
            else:
                page = f"<w:r><w:t>{cached}</w:t></w:r>"
            out.append(f'<w:p>{self._ppr(style)}{label}<w:r>{ox.t(section.title)}</w:r>'
                       f"<w:r><w:tab/></w:r>{page}</w:p>")
        return out

    def list_block(self, lst: ListBlock, depth: int = 0, num: tuple[int, tuple] | None = None) -> str:
        """A list and its sub-lists. ``num``: the numbering (w:num id, its nine levels) of the
        list this one is a sub-list of: it goes on in it when its level there looks as its own,
        else it gets a numbering of its own with the levels above kept (for labels such as 1.2)."""
        style = "List Number" if lst.ordered else "List Bullet"
        levels = _levels(lst, depth, num[1] if num else None)
        if num is None or num[1][depth][:2] != levels[depth][:2]:
            abstract = self.numbering.define(levels)
            num = (self.numbering.start(abstract, depth, lst.start if lst.ordered else None), levels)
        num_id, levels = num
        left, hanging = levels[depth][4], levels[depth][5]
        out = []
        for item in lst.items:
            first = True
            for b in item:
                if isinstance(b, Para):
                    props = {}
                    if first:
                        props["numPr"] = f'<w:numPr><w:ilvl w:val="{depth}"/><w:numId w:val="{num_id}"/></w:numPr>'
                    else:   # a second paragraph in the same item: no bullet or number
                        props["numPr"] = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
                    # Direct indentation: the text of every level lines up with the body text.
                    props["ind"] = f'<w:ind w:left="{left}" w:hanging="{hanging}"/>'
                    out.append(self.para(b, style=style, props=props))
                    first = False
                elif isinstance(b, ListBlock):
                    out.append(self.list_block(b, depth + 1, num))
                else:
                    out.append(self.block(b))
        return "".join(out)

    def table(self, tbl: Table, width: int) -> str:
        ncols = max((sum(c.colspan for c in row) for row in tbl.rows), default=1)
        rel = list(tbl.widths or [1.0] * ncols)
        mean = sum(rel) / len(rel) if rel else 1.0
        rel = (rel + [mean] * ncols)[:ncols]   # columns the widths do not name: as wide as the others on average
        total = sum(rel) or 1.0
        cols = _fit([int(width * w / total) for w in rel], _longest_words(tbl, ncols), width)
        grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
        rows_xml = []
        pending: dict[int, int] = {}   # column -> rows still covered by a vertical merge above
        for r, row in enumerate(tbl.rows):
            header = r < tbl.header_rows
            cells_xml, col, it = [], 0, iter(row)
            while col < ncols:
                if pending.get(col, 0) > 0:
                    span = pending.get(("span", col), 1)
                    pending[col] -= 1
                    cells_xml.append(self._cell(Cell([]), sum(cols[col:col + span]), span, "continue", header))
                    col += span
                    continue
                cell = next(it, None)
                if cell is None:
                    cell = Cell([])
                span = max(1, min(cell.colspan, ncols - col))
                merge = None
                if cell.rowspan > 1:
                    pending[col] = cell.rowspan - 1
                    pending[("span", col)] = span
                    merge = "restart"
                cells_xml.append(self._cell(cell, sum(cols[col:col + span]), span, merge, header))
                col += span
            trpr = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
            rows_xml.append(f"<w:tr>{trpr}{''.join(cells_xml)}</w:tr>")
        return self._table_xml(tbl.style, width, grid, rows_xml)

    def _table_xml(self, style: str, width: int, grid: str, rows_xml: list[str]) -> str:
        tblpr = ox.props("tblPr", {
            "tblStyle": f'<w:tblStyle w:val="{self.sid(style)}"/>',
            "tblW": f'<w:tblW w:w="{width}" w:type="dxa"/>',
            "tblLayout": '<w:tblLayout w:type="fixed"/>',
            **({"bidiVisual": "<w:bidiVisual/>"} if self.rtl else {}),
            "tblLook": '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
                       'w:noHBand="0" w:noVBand="1"/>'})
        return (f"<w:tbl>{tblpr}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows_xml)}</w:tbl>"
                f'<w:p>{self._ppr(self.sid("Body Text"))}</w:p>')

    def rows(self, rt: Rows, width: int) -> str:
        """A Rows table, straight from its text: the same XML as the Table of the same cells,
        with the properties of each column, style and run format made once."""
        ncols = len(rt.header)
        rel = rt.widths or [1.0] * ncols
        total = sum(rel) or 1.0
        cols = [int(width * w / total) for w in (list(rel) + [1.0] * ncols)[:ncols]]
        grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
        tcpr = [ox.props("tcPr", {"tcW": f'<w:tcW w:w="{c}" w:type="dxa"/>'}) for c in cols]
        head_ppr, text_ppr = self._ppr(self.sid("Table Heading")), self._ppr(self.sid("Table Text"))
        rpr = {f: _run_props(False, bool(f & BOLD), bool(f & ITALIC), False, False, False, False, self.rtl)
               for f in range(4)}
        t = ox.t

        def cell(k: int, paras, ppr: str) -> str:
            inner = "".join(f"<w:p>{ppr}" + "".join(f"<w:r>{rpr[f]}{t(text)}</w:r>" for text, f in runs) + "</w:p>"
                            for runs in paras)
            return f"<w:tc>{tcpr[k]}{inner or f'<w:p>{ppr}</w:p>'}</w:tc>"

        rows_xml = ["<w:tr><w:trPr><w:tblHeader/></w:trPr>"
                    + "".join(cell(k, [[(h, BOLD)]], head_ppr) for k, h in enumerate(rt.header)) + "</w:tr>"]
        rows_xml += ["<w:tr>" + "".join(cell(k, paras, text_ppr) for k, paras in enumerate(row)) + "</w:tr>"
                     for row in rt.rows]
        return self._table_xml("Table Grid", width, grid, rows_xml)

    def _cell(self, cell: Cell, width: int, span: int, merge: str | None, header: bool) -> str:
        props = {"tcW": f'<w:tcW w:w="{width}" w:type="dxa"/>'}
        if span > 1:
            props["gridSpan"] = f'<w:gridSpan w:val="{span}"/>'
        if merge == "restart":
            props["vMerge"] = '<w:vMerge w:val="restart"/>'
        elif merge == "continue":
            props["vMerge"] = "<w:vMerge/>"
        style = "Table Heading" if header else "Table Text"
        inner = []
        outer, self.in_cell = self.in_cell, True
        for b in cell.blocks:
            if isinstance(b, Para):
                # a cell's text takes the table's styles: an indented paragraph read as a quote,
                # or any body style, would squeeze the text of a narrow column
                inner.append(self.para(b, style=style))
            elif isinstance(b, ListBlock):
                inner.append(self.list_block(b))
            elif isinstance(b, Table):
                inner.append(self.table(b, max(width - 200, 1000)))
        self.in_cell = outer
        if not inner or not inner[-1].endswith("</w:p>"):
            inner.append(f'<w:p>{self._ppr(self.sid(style))}</w:p>')
        return f"<w:tc>{ox.props('tcPr', props)}{''.join(inner)}</w:tc>"

    def block(self, b, width: int = 9000) -> str:
        if isinstance(b, Para):
            return self.para(b)
        if isinstance(b, Heading):
            return self.heading(b)
        if isinstance(b, ListBlock):
            return self.list_block(b)
        if isinstance(b, Table):
            # a contributor's table's caption (Markdown's ": Caption"): above the table, as UN
            # documents title their tables, kept with it
            caption = self.para(Para([Run(b.caption)], numbered=False, style="Caption"),
                                props={"keepNext": "<w:keepNext/>"}) if b.caption else ""
            return caption + self.table(b, width)
        if isinstance(b, Rows):
            return self.rows(b, width)
        raise TypeError(f"cannot write {type(b).__name__}")

    def section(self, s: Section, width: int, out: list[str]) -> None:
        self.max_width_emu = width * 635   # twips -> EMU
        out.append(self.heading(Heading(s.heading, s.level, label=s.label), self.bookmarks.get(s.key)))
        i = 0
        while i < len(s.blocks):
            b = s.blocks[i]
            if isinstance(b, Table) and b.landscape and self.sectpr is not None:
                j = _landscape_run(s.blocks, i)
                self.landscape(s.blocks[i:j], width, out)
                i = j
                continue
            if isinstance(b, ListBlock) and self.sectpr is not None:
                self._fitted(b)
            out.append(self.block(b, width))
            i += 1
        for child in s.children:
            self.section(child, width, out)

    def landscape(self, blocks: list, width: int, out: list[str]) -> None:
        """Tables a contributor set on landscape pages, in a landscape section of their own:
        the portrait section so far ends before them (the first such break ends the cover's
        section: the later ones have no title page), the landscape one after them."""
        out.append(ox.turned_section_break_xml(self.sectpr, False, self.rtl))
        if not self.turned:   # the cover and the first page number belong to the first section only
            ox.no_title_page(self.sectpr)
            for restart in self.sectpr.findall(ox.qn("w:pgNumType")):
                self.sectpr.remove(restart)
        self.turned += 1
        turned = copy.deepcopy(self.sectpr)
        ox.make_landscape(turned)
        wide = ox.text_width_twips(turned)
        self.max_width_emu, height = wide * 635, self.max_height_emu
        self.max_height_emu = ox.text_height_twips(turned) * 635
        out.extend(self.block(b, wide) for b in blocks)
        out.append(ox.turned_section_break_xml(self.sectpr, True, self.rtl))
        self.max_width_emu, self.max_height_emu = width * 635, height

    def _fitted(self, lst: ListBlock) -> None:
        """Landscape tables inside a list cannot have pages of their own: they are fitted to
        the portrait page, and said so."""
        for item in lst.items:
            for b in item:
                if isinstance(b, Table) and b.landscape:
                    source = next((p.source for p in iter_paras([b]) if p.source), None)
                    self.report.emit("fragment-adapted", Location(source or ""),
                                     "a table from a landscape section of the file lies inside a list item: it is "
                                     "set on the portrait page, its columns fitted to the words they hold "
                                     "(move it out of the list to have it on a landscape page)")
                elif isinstance(b, ListBlock):
                    self._fitted(b)


def _number_width(fmt: str, largest: int) -> int:
    """How many characters the number ``largest`` takes in the format ``fmt`` (at most)."""
    if fmt in ("lowerRoman", "upperRoman"):
        return max(len(_roman(n)) for n in range(1, max(largest, 1) + 1)) if largest < 400 else 6
    if fmt in ("lowerLetter", "upperLetter"):
        return 1 + (largest - 1) // 26
    if fmt in ("bullet", "none"):
        return 0
    return len(str(max(largest, 1))) + (2 if fmt not in ("decimal", "decimalZero") else 0)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _renumber(text: str, shift: int) -> str:
    """A level's label moved ``shift`` levels down: %1 becomes %(1+shift); a number of a
    level above the list's first (which the report's list does not have) is left out."""
    dropped = False

    def sub(m) -> str:
        nonlocal dropped
        n = int(m.group(1)) + shift
        if 1 <= n <= 9:
            return f"%{n}"
        dropped = True
        return ""

    out = re.sub(r"%([1-9])", sub, text)
    return out.lstrip(".-): ") if dropped else out


def _default_level(ordered: bool, k: int) -> ListLevel:
    if ordered:
        fmt, text = NUMBERS[k % len(NUMBERS)]
        return ListLevel(fmt, text.format(n=k + 1))
    return ListLevel("bullet", BULLETS[k % len(BULLETS)])


def _levels(lst: ListBlock, depth: int, above: tuple | None) -> tuple:
    """The nine levels of the numbering for ``lst`` written at ``depth``: those above it as
    its parent list has them, its own and the deeper ones as its source defined them (labels
    renumbered for the depth), the report's defaults for what the source leaves undefined;
    each (numFmt, lvlText, start, font, left indent, hanging indent)."""
    source = [ListLevel(*lv) for lv in lst.levels] if lst.levels else []
    count = max(len(lst.items), 1)
    out = list(above[:depth]) if above else []
    for k in range(len(out), 9):
        i = lst.level + (k - depth)
        if k >= depth and 0 <= i < len(source):
            lv = source[i]
            lv = lv._replace(text=_renumber(lv.text, depth - lst.level))
        else:
            lv = _default_level(lst.ordered, k)
        # the label's width: the hanging indent holds it, the text of the level lines up after it
        largest = (lst.start if lst.ordered else 1) + count - 1 if k == depth else lv.start + 9
        chars = len(re.sub(r"%[1-9]", "", lv.text)) + sum(
            _number_width(lv.format if int(m) - 1 == k else "decimal", largest if int(m) - 1 == k else 9)
            for m in re.findall(r"%([1-9])", lv.text))
        hanging = max(LIST_INDENT, CHAR_TWIPS * chars + 120)
        left = BODY_INDENT + LIST_INDENT * k + hanging
        out.append((lv.format, lv.text, lv.start, lv.font, left, hanging))
    return tuple(out)


def _landscape_run(blocks: list, i: int) -> int:
    """The end of the landscape tables starting at ``i``: the tables that follow, with at
    most two paragraphs between two of them (a title, a source line)."""
    j = i + 1
    while j < len(blocks):
        if isinstance(blocks[j], Table) and blocks[j].landscape:
            j += 1
            continue
        k = j
        while k < len(blocks) and k - j < 2 and isinstance(blocks[k], Para):
            k += 1
        if j < k < len(blocks) and isinstance(blocks[k], Table) and blocks[k].landscape:
            j = k + 1
            continue
        break
    return j


def _longest_words(tbl: Table, ncols: int) -> list[int]:
    """The longest word (in characters) of each column's cells that span it alone: a column
    narrower than its longest word breaks the word (a number over three lines)."""
    longest = [0] * ncols
    for row in tbl.rows:
        col = 0
        for cell in row:
            if cell.colspan == 1 and col < ncols:
                for p in iter_paras(cell.blocks):
                    for word in p.plain().split():
                        longest[col] = max(longest[col], len(word))
            col += max(cell.colspan, 1)
    return longest


def _fit(cols: list[int], longest: list[int], width: int) -> list[int]:
    """Column widths no narrower than their longest words where the table's width allows:
    what a narrow column needs is taken from the columns wider than they need."""
    need = [min(CHAR_TWIPS * n + CELL_MARGINS, width) if n else 0 for n in longest]
    short = sum(max(0, n - c) for c, n in zip(cols, need))
    if not short:
        return cols
    spare = sum(max(0, c - n) for c, n in zip(cols, need))
    if spare <= 0:
        return cols
    take = min(1.0, short / spare)
    fitted = [max(c, n) if n > c else c - int((c - n) * take) for c, n in zip(cols, need)]
    return fitted


def toc_entries(doc: Document) -> list[tuple[Section, str]]:
    """The sections a table of contents lists (two levels of the body, the annexes), with
    the bookmark name of each heading."""
    out = []
    for top in doc.body:
        out.append(top)
        out.extend(top.children)
    out.extend(doc.annexes)
    return [(s, f"_Toc_upr{i}") for i, s in enumerate(out, 1)]


def _find_anchor(document):
    for p in document.element.body.iter(ox.qn("w:p")):
        if BODY_ANCHOR in "".join(p.itertext()):
            return p
    return None


@dataclass(frozen=True)
class Options:
    """How to write a document (its content is the Document's own).

    ``part``: "all" (the deliverable), "annexes" (the annexes alone, no cover: a closed
    round's response tables) or "printed" (the deliverable with its notes printed after the
    text, before the annexes, from which the PDF is made). ``marks``: review copies,
    paragraph id -> (label shown, bookmark name). ``toc_pages``: contents page numbers known
    from a rendered PDF, by bookmark. ``fields``: template fields replacing the document's.
    """

    part: str = "all"
    marks: dict[str, tuple[str, str]] = field(default_factory=dict)
    toc_pages: dict[str, str] = field(default_factory=dict)
    fields: dict[str, object] | None = None


def write(doc: Document, template: Path, out: Path, report: Report, options: Options = Options()) -> None:
    """Render ``template`` with the document's fields and text; write ``out`` atomically.

    Raises TemplateError (with a diagnostic) when the template has no ``{{ body }}``
    paragraph or cannot be rendered."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    # the cover's fields go into the template's XML through Jinja: cleaned like any text
    # (docs/text-safety.md), a form feed or ESC in a title must not make the file unreadable
    fields = chars.deep(doc.meta.fields if options.fields is None else options.fields)
    try:
        tpl = DocxTemplate(str(template))
        tpl.render({**fields, "body": BODY_ANCHOR}, autoescape=True)
    except JinjaError as exc:
        raise TemplateError(template, f"its fields cannot be filled in ({exc}); check the {{{{ ... }}}} tags "
                            "you edited (each needs two braces on both sides)") from None
    document = tpl.docx
    anchor = _find_anchor(document)
    if anchor is None:
        raise TemplateError(template, "it has no paragraph holding {{ body }}, where the report text goes; "
                            "type {{ body }} alone on a line after the cover and save the template")

    body_el = document.element.body
    sectpr = body_el.find(ox.qn("w:sectPr"))
    width = ox.text_width_twips(sectpr)
    notes_kind = doc.meta.notes
    ox.section_note_format(sectpr, notes_kind)
    writer = _Body(document, notes_kind, report, template.name)
    writer.max_height_emu = ox.text_height_twips(sectpr) * 635
    writer.marks = options.marks
    writer.labels = doc.meta.labels
    writer.rtl = doc.meta.rtl
    if doc.meta.rtl:
        ox.insert(sectpr, parse_xml(f'<w:bidi {ox.NSDECL}/>'))
    writer.bookmark_id = 1000   # clear of the contents' bookmarks
    parts: list[str] = []
    part = options.part
    body = doc.body if part in ("all", "printed") else []
    annexes = doc.annexes if part in ("all", "annexes", "printed") else []
    if part == "annexes":
        ox.drop_before(anchor)   # no cover, so no first-page layout either
        ox.no_title_page(sectpr)
    if part == "printed":
        writer.static_notes = []
    if doc.meta.toc and part != "annexes":
        entries = toc_entries(doc)
        writer.bookmarks = {s.key: mark for s, mark in entries}
        present = {mark for s, mark in entries if s.key in {x.key for top in body + annexes for x in top.walk()}}
        parts.extend(writer.toc(entries, options.toc_pages, present))
    writer.sectpr = sectpr   # the body's landscape tables get sections of their own
    for s in body:
        writer.section(s, width, parts)
    rtl = {"bidi": "<w:bidi/>"} if doc.meta.rtl else {}   # every paragraph of an Arabic report
    if writer.static_notes:
        # the notes printed after the text under a short rule, as in issued UN documents
        parts.append("<w:p>" + ox.props("pPr", {
            "pBdr": '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000"/></w:pBdr>',
            "spacing": '<w:spacing w:before="240" w:after="120"/>',
            "ind": '<w:ind w:right="7370"/>', **rtl}) + "</w:p>")
        parts.extend(writer.static_notes)
    landscape = any(a.landscape for a in annexes)
    if annexes and landscape:
        if body:
            parts.append(ox.section_break_xml(sectpr, doc.meta.rtl))
        ox.make_landscape(sectpr)
        width = ox.text_width_twips(sectpr)
        writer.max_height_emu = ox.text_height_twips(sectpr) * 635
    if landscape:
        writer.sectpr = None   # the annexes' pages are landscape already
    for i, annex in enumerate(annexes):
        if i or (body and not landscape):
            parts.append(f'<w:p>{ox.props("pPr", rtl)}<w:r><w:br w:type="page"/></w:r></w:p>')
        writer.section(annex, width, parts)
    ox.mark_for_splice(anchor)   # the body goes in as text when the package is saved
    if doc.meta.rtl:   # the template's own paragraphs (cover, headers) read right to left too
        # (the body's carry <w:bidi/> from the writer: it goes in as text, after this)
        for part in [document.element.body] + [h._element for sec in document.sections
                                               for h in (sec.header, sec.footer, sec.first_page_header,
                                                         sec.first_page_footer) if not h.is_linked_to_previous]:
            for para in part.iter(ox.qn("w:p")):
                ppr = para.find(ox.qn("w:pPr"))
                if ppr is None:
                    ppr = parse_xml(f"<w:pPr {ox.NSDECL}/>")
                    para.insert(0, ppr)
                if ppr.find(ox.qn("w:bidi")) is None:
                    ox.insert(ppr, parse_xml(f'<w:bidi {ox.NSDECL}/>'))
    writer.notes.attach()
    document.core_properties.title = chars.clean(str(fields.get("title", "")))
    document.core_properties.subject = chars.clean(str(fields.get("symbol", "")))
    saved = io.BytesIO()
    document.save(saved)
    with atomic_path(out) as tmp, tmp.open("wb") as f:
        ox.splice(saved.getvalue(), parts, f)


class TemplateError(UprError):
    """The Word template cannot be used as it is."""

    def __init__(self, template: Path, problem: str):
        super().__init__(f"the template {template.name} cannot be used: {problem}",
                         hint=f"fix {template}, or remove it to use the shipped template",
                         diagnostics=[make("template-invalid", Location(template.name), problem)])
