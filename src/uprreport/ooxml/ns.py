"""Namespaces of the parts uprreport reads and writes, and the one XML parser set-up.

Every parser is made by ``parser()``: entities are never resolved and nothing is fetched
from the network, whoever wrote the file (see SECURITY.md).
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PREFIXES = {"w": W, "r": R, "w14": W14, "w15": W15, "mc": MC}
NSDECL = f'xmlns:w="{W}" xmlns:r="{R}"'


def qn(tag: str) -> str:
    """'w:p' -> '{http://…/main}p' (Clark notation, as lxml wants it)."""
    prefix, _, local = tag.partition(":")
    return f"{{{PREFIXES[prefix]}}}{local}"


def local(el) -> str:
    """The local name of an element ('p' for a w:p)."""
    return etree.QName(el).localname


_PARSERS: dict[bool, etree.XMLParser] = {}


def parser(huge: bool = False) -> etree.XMLParser:
    """The XML parser for package parts. ``huge`` lifts lxml's size limits: only for XML
    uprreport generated itself (a 10,000-row matrix), never for files it was given."""
    if huge not in _PARSERS:
        _PARSERS[huge] = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=huge,
                                         remove_blank_text=False)
    return _PARSERS[huge]


def parse(data: bytes, huge: bool = False):
    """Parse ``data`` with the safe parser; raises etree.XMLSyntaxError on bad XML."""
    return etree.fromstring(data, parser(huge))
