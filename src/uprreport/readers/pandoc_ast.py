"""Map pandoc's JSON AST onto uprreport's document blocks.

Supported: paragraphs, headers (kept as bold paragraphs: the outline owns headings),
bullet and ordered lists, tables (with row/col spans), block quotes, emphasis, strong,
underline, super/subscript, code, links, notes, line breaks. Ignored, with their text
kept where they have any: raw blocks, images (for now), divs and spans (unwrapped).
"""

from __future__ import annotations

from dataclasses import replace

from uprreport.model.nodes import Cell, ListBlock, NoteRef, Para, Run, Table


def _inlines(items, fmt: Run, out: list) -> None:
    for it in items:
        t, c = it["t"], it.get("c")
        if t == "Str":
            out.append(replace(fmt, text=c))
        elif t in ("Space", "SoftBreak"):
            out.append(replace(fmt, text=" "))
        elif t == "LineBreak":
            out.append(replace(fmt, text="\n"))
        elif t == "Emph":
            _inlines(c, replace(fmt, italic=True), out)
        elif t == "Strong":
            _inlines(c, replace(fmt, bold=True), out)
        elif t == "Underline":
            _inlines(c, replace(fmt, underline=True), out)
        elif t == "Superscript":
            _inlines(c, replace(fmt, superscript=True), out)
        elif t == "Subscript":
            _inlines(c, replace(fmt, subscript=True), out)
        elif t in ("Strikeout", "SmallCaps"):
            _inlines(c, fmt, out)
        elif t == "Code":
            out.append(replace(fmt, text=c[1], code=True))
        elif t == "Link":
            _inlines(c[1], replace(fmt, link=c[2][0]), out)
        elif t == "Image":
            _inlines(c[1], fmt, out)
        elif t == "Quoted":
            q = ("\u201c", "\u201d") if c[0]["t"] == "DoubleQuote" else ("\u2018", "\u2019")
            out.append(replace(fmt, text=q[0]))
            _inlines(c[1], fmt, out)
            out.append(replace(fmt, text=q[1]))
        elif t == "Cite":
            _inlines(c[1], fmt, out)
        elif t == "Span":
            _inlines(c[1], fmt, out)
        elif t == "Math":
            out.append(replace(fmt, text=c[1]))
        elif t == "RawInline":
            pass
        elif t == "Note":
            out.append(NoteRef(blocks(c, numbered=False)))


def inlines(items) -> list:
    """Return flat runs for pandoc inlines, adjacent runs of equal format merged."""
    raw: list = []
    _inlines(items, Run(""), raw)
    merged: list = []
    for r in raw:
        if (merged and isinstance(r, Run) and isinstance(merged[-1], Run)
                and replace(merged[-1], text="") == replace(r, text="")):
            merged[-1].text += r.text
        else:
            merged.append(r)
    return merged


def _table(c) -> Table:
    _attr, _caption, colspecs, head, bodies, foot = c
    rows: list[list[Cell]] = []

    def add_rows(rowlist):
        for _rattr, cells in rowlist:
            rows.append([Cell(blocks(cell[4], numbered=False), colspan=cell[3], rowspan=cell[2])
                         for cell in cells])

    add_rows(head[1])
    header_rows = len(rows)
    for body in bodies:
        add_rows(body[2])
        add_rows(body[3])
    add_rows(foot[1])
    widths = [cs[1].get("c") if isinstance(cs[1], dict) and cs[1].get("t") == "ColWidth" else None
              for cs in colspecs]
    return Table(rows, header_rows=header_rows, widths=widths if all(widths) else None)


def blocks(items, numbered: bool = True) -> list:
    """Return document blocks for pandoc blocks; ``numbered`` marks body paragraphs."""
    out: list = []
    for it in items:
        t, c = it["t"], it.get("c")
        if t in ("Para", "Plain"):
            runs = inlines(c)
            if any(isinstance(r, NoteRef) or r.text.strip() for r in runs):
                out.append(Para(runs, numbered=numbered))
        elif t == "Header":
            out.append(Para([replace(r, bold=True) if isinstance(r, Run) else r for r in inlines(c[2])],
                            numbered=False, style="Heading 4"))
        elif t == "BulletList":
            out.append(ListBlock(False, [blocks(item, numbered=False) for item in c]))
        elif t == "OrderedList":
            out.append(ListBlock(True, [blocks(item, numbered=False) for item in c[1]]))
        elif t == "BlockQuote":
            for b in blocks(c, numbered=False):
                if isinstance(b, Para):
                    b.style = "Quote"
                out.append(b)
        elif t == "Table":
            out.append(_table(c))
        elif t == "Div":
            out.extend(blocks(c[1], numbered))
        elif t == "LineBlock":
            for line in c:
                out.append(Para(inlines(line), numbered=numbered))
        elif t == "CodeBlock":
            out.append(Para([Run(c[1], code=True)], numbered=False))
        elif t == "DefinitionList":
            for term, defs in c:
                out.append(Para([replace(r, bold=True) if isinstance(r, Run) else r for r in inlines(term)],
                                numbered=False))
                for d in defs:
                    out.extend(blocks(d, numbered))
        # HorizontalRule, RawBlock, Figure captions etc. carry no report text
        elif t == "Figure":
            out.extend(blocks(c[2], numbered))
    return out
