"""The document tree every reader produces and every writer consumes.

Inline content is a flat list of runs (text with formatting flags, or a note reference),
which maps one-to-one onto Word runs. Every citable paragraph carries a stable ``id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Union


@dataclass(slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    superscript: bool = False
    subscript: bool = False
    code: bool = False
    link: str | None = None


@dataclass(slots=True)
class NoteRef:
    """A note anchored at this point; writers make it an endnote or footnote."""

    blocks: list["Block"]


@dataclass(slots=True)
class Image:
    """A picture placed inline; ``data`` holds the image file's bytes."""

    data: bytes
    filename: str
    width_emu: int | None = None    # None: the picture's own size, shrunk to the text width
    height_emu: int | None = None
    alt: str = ""


@dataclass(slots=True)
class Chart:
    """A stacked horizontal bar chart, as data: one bar per category, one segment per
    series. Writers draw it (writers/chart.py), so nothing before them draws pictures."""

    categories: list[str]               # bottom to top
    series: list[tuple[str, str, list[int]]]   # (label, colour, one value per category)
    x_label: str
    filename: str
    alt: str = ""
    x_max: int | None = None            # the value axis runs to this (charts of one figure share it)


Inline = Union[Run, NoteRef, Image, Chart]


@dataclass(slots=True)
class Para:
    inlines: list[Inline]
    id: str = ""
    numbered: bool = True          # UN paragraph numbering applies
    number: int | None = None      # set by transforms.numbering
    contributor: str | None = None  # slug of the owning contribution
    source: str | None = None      # project-relative path it came from
    style: str | None = None       # template style name override (e.g. "Quote")

    def plain(self) -> str:
        return "".join(i.text for i in self.inlines if isinstance(i, Run))


class ListLevel(NamedTuple):
    """One level of a list's numbering, as Word defines it (``w:lvl``): ``format`` is its
    ``w:numFmt`` ("decimal", "upperRoman", "lowerLetter", "bullet" ...), ``text`` its
    ``w:lvlText`` ("%1.", "(%2)", "%1.%2." where %n is the number of level n counted from 1,
    or a bullet's character), ``start`` its first number, ``font`` the font a bullet's
    character needs when it has no Unicode equivalent (None: the text's own font).
    A tuple, so that model/serialize writes it as a plain list."""

    format: str
    text: str
    start: int = 1
    font: str | None = None


@dataclass(slots=True)
class ListBlock:
    ordered: bool
    items: list[list["Block"]]
    contributor: str | None = None
    start: int = 1                          # the number of its first item (ordered lists)
    # The numbering levels as the source defined them (None: the report's own), and which of
    # them is this list's: the deeper ones are its sub-lists'.
    levels: list[ListLevel] | None = None
    level: int = 0


@dataclass(slots=True)
class Cell:
    blocks: list["Block"]
    colspan: int = 1
    rowspan: int = 1


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]]
    header_rows: int = 1
    widths: list[float] | None = None   # relative column widths
    caption: str | None = None
    contributor: str | None = None
    style: str = "Table Grid"
    landscape: bool = False            # set on a landscape page, as the contributor's file had it


BOLD, ITALIC = 1, 2     # flags of a run of Rows


@dataclass(slots=True)
class Rows:
    """A generated table given as plain rows, for the thousands of rows of the annex matrix:
    no node per cell, paragraph and run, and written straight to WordprocessingML.

    ``rows[r][c]`` is a cell: a list of paragraphs, each a list of runs ``(text, flags)``
    (flags: BOLD | ITALIC). The header row is one bold paragraph per column, repeated on
    every page. Nothing in it is citable or counted (annexes only)."""

    header: list[str]
    rows: list[list[list[list[tuple[str, int]]]]]
    widths: list[float] | None = None   # relative column widths


@dataclass(slots=True)
class Heading:
    text: str
    level: int
    id: str = ""
    label: str | None = None   # "A.", "I." ... set by numbering


Block = Union[Para, ListBlock, Table, Rows, Heading]


@dataclass(slots=True)
class Section:
    """An outline section: heading, its blocks, then its sub-sections."""

    key: str
    title: str
    level: int
    blocks: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    label: str | None = None
    suffix: str = ""            # shown after the title in the heading, not in the contents
    recommendations: list[str] = field(default_factory=list)
    landscape: bool = False   # annexes: print this section landscape

    @property
    def heading(self) -> str:
        return f"{self.title} {self.suffix}" if self.suffix else self.title

    def walk(self):
        """Yield this section and every section below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class DocumentMeta:
    """What a writer needs besides the text: the template's fields (cover furniture), the
    kind of notes, and whether a table of contents follows the cover."""

    fields: dict[str, object] = field(default_factory=dict)
    notes: str = "endnote"           # "endnote" or "footnote"
    toc: bool = False
    labels: dict[str, str] = field(default_factory=dict)   # the writer's own words: contents, page
    rtl: bool = False                # written right to left (Arabic)


@dataclass(slots=True)
class Document:
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    body: list[Section] = field(default_factory=list)
    annexes: list[Section] = field(default_factory=list)


def iter_paras(blocks):
    """Yield every Para in ``blocks``, descending into lists and tables, not notes."""
    for b in blocks:
        if isinstance(b, Para):
            yield b
        elif isinstance(b, ListBlock):
            for item in b.items:
                yield from iter_paras(item)
        elif isinstance(b, Table):
            for row in b.rows:
                for cell in row:
                    yield from iter_paras(cell.blocks)
