"""The document tree as an accessible HTML fragment: the body of a draft as the public
consultation page shows it.

Headings keep the report's labels (h2 for a top-level section: the page's own title is
the h1), paragraphs keep their UN numbers, notes become a numbered list at the end with
links both ways, a chart becomes the table of its figures (what a screen reader can read),
and a picture its description. After each citable paragraph, ``comment_link(pid, number)``
may add an action. Every piece of text is escaped here, and cleaned of the control
characters an HTML page cannot hold (``ooxml.chars.clean``: a vertical tab or form feed is a
line break, the others are dropped; docs/text-safety.md); links are kept only to http(s) and
mailto addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as _escape
from typing import Callable

from uprreport.model.nodes import (BOLD, ITALIC, Cell, Chart, Document, Heading, Image, ListBlock, NoteRef, Para,
                                   Rows, Run, Section, Table)
from uprreport.ooxml.chars import clean

SAFE_LINK = ("http://", "https://", "mailto:")


def escape(text: str) -> str:
    """``text`` for an HTML text node or attribute value: cleaned, then escaped."""
    return _escape(clean(text))


def _lines(text: str) -> str:
    """The text of a run: escaped, its line breaks (a Markdown hard break, a vertical tab)
    shown as <br/>, as the Word file shows them."""
    return "<br/>".join(escape(line) for line in clean(text).split("\n"))


@dataclass
class _Writer:
    stable: dict[str, str]                                   # position id -> stable id of the round
    comment_link: Callable[[str, int | None], str] | None
    note_label: str
    notes: list[str] = field(default_factory=list)
    in_table: int = 0
    table_pid: str | None = None    # the first citable paragraph of the table being written
    number_form: str = "{n}."       # how the language prints a paragraph's number ("{n}-" in Arabic)

    def runs(self, inlines) -> str:
        out = []
        for i in inlines:
            if isinstance(i, Run):
                text = _lines(i.text)
                for flag, tag in ((i.bold, "strong"), (i.italic, "em"), (i.underline, "u"), (i.superscript, "sup"),
                                  (i.subscript, "sub"), (i.code, "code")):
                    if flag:
                        text = f"<{tag}>{text}</{tag}>"
                if i.link and i.link.lower().startswith(SAFE_LINK):
                    text = f'<a href="{escape(i.link)}" rel="noopener nofollow">{text}</a>'
                out.append(text)
            elif isinstance(i, NoteRef):
                n = len(self.notes) + 1
                self.notes.append("")   # reserve the number before the note's own notes
                self.notes[n - 1] = "".join(self.block(b) for b in i.blocks)
                out.append(f'<sup><a href="#note-{n}" id="note-ref-{n}" class="note-ref">'
                           f'<span class="visually-hidden">{escape(self.note_label)} </span>{n}</a></sup>')
            elif isinstance(i, Image):
                out.append(f'<span class="figure">[{escape(i.alt or i.filename)}]</span>')
            elif isinstance(i, Chart):
                out.append(self.chart(i))
        return "".join(out)

    def chart(self, c: Chart) -> str:
        head = "".join(f'<th scope="col">{escape(label)}</th>' for label, _colour, _values in c.series)
        rows = "".join(f'<tr><th scope="row">{escape(cat)}</th>'
                       + "".join(f"<td>{values[k]}</td>" for _label, _colour, values in c.series) + "</tr>"
                       for k, cat in reversed(list(enumerate(c.categories))))   # top to bottom, as drawn
        return (f'<table class="chart"><caption>{escape(c.alt or c.x_label)}</caption>'
                f"<thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table>")

    def para(self, p: Para) -> str:
        number = f'<span class="number">{escape(self.number_form.format(n=p.number))}</span> ' if p.number else ""
        pid = self.stable.get(p.id) if p.id else None
        attrs = f' id="para-{escape(pid)}" data-paragraph="{escape(pid)}"' if pid else ""
        html = f"<p{attrs}>{number}{self.runs(p.inlines)}</p>"
        if pid and self.in_table:   # one action for the whole table, after it
            self.table_pid = self.table_pid or pid
        elif pid and self.comment_link:
            html = f'<div class="para">{html}{self.comment_link(pid, p.number)}</div>'
        return html

    def block(self, b) -> str:
        if isinstance(b, Para):
            return self.para(b)
        if isinstance(b, Heading):
            level = min(max(b.level + 1, 2), 6)
            label = f"{escape(b.label)} " if b.label else ""
            return f"<h{level}>{label}{escape(b.text)}</h{level}>"
        if isinstance(b, ListBlock):
            tag = "ol" if b.ordered else "ul"
            items = "".join("<li>" + "".join(self.block(x) for x in item) + "</li>" for item in b.items)
            return f"<{tag}>{items}</{tag}>"
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, Rows):
            return self.rows(b)
        return ""

    def rows(self, r: Rows) -> str:
        def run(text: str, flags: int) -> str:
            html = _lines(text)
            html = f"<strong>{html}</strong>" if flags & BOLD else html
            return f"<em>{html}</em>" if flags & ITALIC else html

        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in r.header)
        body = "".join("<tr>" + "".join("<td>" + "".join("<p>" + "".join(run(*x) for x in para) + "</p>"
                                                         for para in cell) + "</td>" for cell in row) + "</tr>"
                       for row in r.rows)
        return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'

    def table(self, t: Table) -> str:
        outermost = not self.in_table
        if outermost:
            self.table_pid = None
        self.in_table += 1
        try:
            html = self._table(t)
        finally:
            self.in_table -= 1
        if outermost and self.table_pid and self.comment_link:
            html = f'<div class="para">{html}{self.comment_link(self.table_pid, None)}</div>'
        return html

    def _table(self, t: Table) -> str:
        rows = []
        for k, row in enumerate(t.rows):
            header = k < t.header_rows
            rows.append("<tr>" + "".join(self.cell(c, header) for c in row) + "</tr>")
        head = "".join(rows[:t.header_rows])
        caption = f"<caption>{escape(t.caption)}</caption>" if t.caption else ""
        return (f'<div class="table-wrap"><table>{caption}'
                + (f"<thead>{head}</thead>" if head else "") + f"<tbody>{''.join(rows[t.header_rows:])}</tbody>"
                "</table></div>")

    def cell(self, c: Cell, header: bool) -> str:
        tag = "th" if header else "td"
        span = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
        scope = ' scope="col"' if header else ""
        return f"<{tag}{span}{scope}>" + "".join(self.block(b) for b in c.blocks) + f"</{tag}>"

    def section(self, s: Section) -> str:
        level = min(max(s.level + 1, 2), 6)
        label = f'<span class="label">{escape(s.label)}</span> ' if s.label else ""
        out = [f'<section aria-labelledby="sec-{escape(s.key)}">'
               f'<h{level} id="sec-{escape(s.key)}">{label}{escape(s.heading)}</h{level}>']
        out += [self.block(b) for b in s.blocks]
        out += [self.section(child) for child in s.children]
        out.append("</section>")
        return "".join(out)


def body(doc: Document, stable: dict[str, str] | None = None,
         comment_link: Callable[[str, int | None], str] | None = None,
         notes_heading: str = "Notes", note_label: str = "Note") -> str:
    """The body sections of ``doc`` (not the annexes) as HTML, then its notes."""
    w = _Writer(stable or {}, comment_link, note_label, number_form=doc.meta.labels.get("paragraph", "{n}."))
    out = [w.section(s) for s in doc.body]
    if w.notes:
        items = "".join(f'<li id="note-{n}">{text} <a href="#note-ref-{n}" class="note-back">'
                        f'<span aria-hidden="true">\u21a9</span><span class="visually-hidden">'
                        f"{escape(note_label)} {n}</span></a></li>"
                        for n, text in enumerate(w.notes, 1))
        out.append(f'<section aria-labelledby="notes"><h2 id="notes">{escape(notes_heading)}</h2>'
                   f'<ol class="notes">{items}</ol></section>')
    return "".join(out)
