"""Read a built DOCX's package XML directly (counts that python-docx cannot see)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from uprreport.ooxml.ns import W

NS = {"w": W}


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        if name not in z.namelist():
            return None
        return etree.fromstring(z.read(name))


def text_of(p) -> str:
    """A paragraph's text with w:tab as a tab and w:br as a newline."""
    out = []
    for el in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
        out.append(el.text or "" if el.tag == f"{{{W}}}t" else "\t" if el.tag == f"{{{W}}}tab" else "\n")
    return "".join(out)


def paragraph_texts(path: Path) -> list[str]:
    body = part(path, "word/document.xml")
    return [text_of(p) for p in body.iter(f"{{{W}}}p")]


def real_notes(path: Path, kind: str) -> list[str]:
    root = part(path, f"word/{kind}s.xml")
    if root is None:
        return []
    return ["".join(n.itertext()).strip() for n in root.findall(f"w:{kind}", NS)
            if n.get(f"{{{W}}}type") in (None, "normal")]
