"""Reading Word packages: parts as XML trees, paragraph and cell text, document properties.

Readers use this instead of opening the zip and parsing parts themselves, so that every
part is parsed by the one safe parser (``ns.parser``). Callers pass the package through
``readers.package.check`` first; what a damaged package raises is ``readers.package.DAMAGED``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from uprreport.ooxml.ns import local, parse, qn

DOCUMENT = "word/document.xml"
STORY_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


class Package:
    """A .docx opened for reading; use as a context manager."""

    def __init__(self, path: Path):
        self._zip = zipfile.ZipFile(path)
        self.names = set(self._zip.namelist())

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self._zip.close()

    def part(self, name: str):
        """The root element of part ``name``, or None when the package has no such part."""
        return parse(self._zip.read(name)) if name in self.names else None

    def document(self):
        """The root of word/document.xml; KeyError when there is none (not a Word file)."""
        root = self.part(DOCUMENT)
        if root is None:
            raise KeyError(DOCUMENT)
        return root

    def app_property(self, name: str) -> str:
        """An extended property of docProps/app.xml ('Company', 'Application'), or ''."""
        root = self.part("docProps/app.xml")
        if root is None:
            return ""
        el = next((e for e in root if local(e) == name), None)
        return (el.text or "").strip() if el is not None else ""


def text(el, deleted: bool = True, tab: str = " ", br: str = " ") -> str:
    """The text under ``el``: w:t, w:delText (when ``deleted``), w:tab and w:br as given."""
    parts = []
    for node in el.iter(qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:br")):
        tag = local(node)
        if tag == "t" or (tag == "delText" and deleted):
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append(tab)
        elif tag == "br":
            parts.append(br)
    return "".join(parts)


def cell_text(tc) -> str:
    """A table cell's paragraphs joined by newlines (a line break is a newline too)."""
    return "\n".join(text(p, deleted=False, br="\n") for p in tc.iter(qn("w:p"))).strip()


def body_paragraphs(document) -> list:
    """Every w:p of the body in reading order (inside tables too)."""
    body = document.find(qn("w:body"))
    return list(body.iter(qn("w:p"))) if body is not None else []


def accepted_text(paragraph, author: str | None = None, symbol=None) -> str:
    """A paragraph's text with tracked changes accepted (only ``author``'s, when given).
    ``symbol``: a function giving a ``w:sym``'s text, and a ``w:t``'s text where it holds a
    symbol font's private-use codes (U+F020-U+F0FF, as LibreOffice writes symbols); without
    it, symbols are left out and text is as written."""
    ins_tags, del_tags = (qn("w:ins"), qn("w:moveTo")), (qn("w:del"), qn("w:moveFrom"))
    parts = []
    tags = (qn("w:t"), qn("w:delText")) + ((qn("w:sym"),) if symbol is not None else ())
    for el in paragraph.iter(*tags):
        ins = next((a for a in el.iterancestors() if a.tag in ins_tags), None)
        dele = next((a for a in el.iterancestors() if a.tag in del_tags), None)
        if el.tag == qn("w:delText") or dele is not None:
            if author is not None and dele is not None and dele.get(qn("w:author")) != author:
                parts.append(_read(el, symbol))   # someone else's deletion
            continue
        if ins is not None and author is not None and ins.get(qn("w:author")) != author:
            continue
        parts.append(_read(el, symbol))
    return "".join(parts)


def _read(el, symbol) -> str:
    if symbol is not None and (el.tag == qn("w:sym") or any("\uf020" <= ch <= "\uf0ff" for ch in el.text or "")):
        return symbol(el)
    return el.text or ""


def count_elements(root, tags: dict[str, str | None]) -> dict[str, int]:
    """How many elements of each local name in ``tags`` occur under ``root``, keyed by the
    label ``tags`` gives them (None: not counted)."""
    out: dict[str, int] = {}
    for name, label in tags.items():
        if label:
            n = sum(1 for _ in root.iter(qn(f"w:{name}")))
            if n:
                out[label] = out.get(label, 0) + n
    return out
