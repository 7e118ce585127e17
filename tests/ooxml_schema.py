"""Validate the parts of Word and Excel packages against the ECMA-376 schemas
(tests/data/ooxml-xsd, see ORIGIN.md there), as Microsoft Word checks them."""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "data" / "ooxml-xsd"
XSD = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# The parts each kind of package is checked for, and the schema that describes them.
WORD_PARTS = re.compile(r"^word/(document|styles|numbering|footnotes|endnotes|comments|settings|fontTable|"
                        r"webSettings|header\d*|footer\d*)\.xml$")
EXCEL_PARTS = re.compile(r"^xl/(workbook|styles|sharedStrings|worksheets/sheet\d+)\.xml$")


@cache
def schema(name: str) -> etree.XMLSchema:
    """The compiled schema ``name`` ("wml" or "sml"), its XML-namespace import made local."""
    tree = etree.parse(str(SCHEMAS / f"{name}.xsd"))
    for imp in tree.getroot().iter(f"{{{XSD}}}import"):
        if imp.get("namespace") == XML_NS and not imp.get("schemaLocation"):
            imp.set("schemaLocation", "xml.xsd")
    return etree.XMLSchema(tree)


def compatible(root):
    """``root`` as a consumer that knows no extension sees it (ECMA-376 Part 3): elements and
    attributes of the namespaces ``mc:Ignorable`` names are dropped, and each
    mc:AlternateContent is replaced by its mc:Fallback."""
    ignorable = set()
    for el in root.iter():
        value = el.get(f"{{{MC}}}Ignorable")
        if value:
            ignorable.update(el.nsmap.get(prefix) for prefix in value.split())
            del el.attrib[f"{{{MC}}}Ignorable"]
    for alt in list(root.iter(f"{{{MC}}}AlternateContent")):
        parent, fallback = alt.getparent(), alt.find(f"{{{MC}}}Fallback")
        at = parent.index(alt)
        for child in list(fallback) if fallback is not None else []:
            parent.insert(at, child)
            at += 1
        parent.remove(alt)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace in ignorable and el.getparent() is not None:
            el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            if attr.startswith("{") and etree.QName(attr).namespace in ignorable:
                del el.attrib[attr]
    return root


def errors(path: Path, allow=()) -> list[str]:
    """Schema errors of every checked part of the package at ``path``, as
    "part:line: message"; ``allow`` holds regular expressions of messages to accept."""
    word = str(path).endswith(".docx")
    parts, name = (WORD_PARTS, "wml") if word else (EXCEL_PARTS, "sml")
    out = []
    with zipfile.ZipFile(path) as z:
        for part in sorted(n for n in z.namelist() if parts.match(n)):
            root = compatible(etree.fromstring(z.read(part)))
            s = schema(name)
            if s.validate(root):
                continue
            for e in s.error_log:
                if not any(re.search(a, e.message) for a in allow):
                    out.append(f"{part}:{e.line}: {e.message}")
    return out
