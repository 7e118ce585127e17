"""Prepare a contributor's Word file for pandoc, so that nothing pandoc's reader drops is
lost without a word.

pandoc's Word reader (as of 3.9) silently loses: hyperlinks whose field lies inside a
tracked insertion; the text of text boxes (VML ``v:textbox`` and DrawingML ``wps:txbx``);
paragraphs in the Title, Subtitle, Author, Date and Abstract styles (it moves them into
the document's metadata); and legacy form check boxes (a field with no text). ``prepare``
writes a copy of the package in which run-level tracked changes are accepted, text boxes'
paragraphs follow the paragraph they were anchored in, those styles are renamed so that
they stay text, and check boxes are the characters ☒ and ☐; it says what it changed.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from uprreport.ooxml.ns import MC, local, parse, qn

A = "http://schemas.openxmlformats.org/drawingml/2006/main"

STORY_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
# Styles pandoc turns into metadata, and what they are renamed to (readers/pandoc_ast.py maps them).
METADATA_STYLES = {"title": "Fragment Title", "subtitle": "Fragment Subtitle", "author": "Fragment Author",
                   "date": "Fragment Date", "abstract": "Fragment Abstract"}
CHECKED, UNCHECKED = "\u2612", "\u2610"
_SHAPES = (qn("w:pict"), qn("w:drawing"), qn("w:object"))
_HEADER_FOOTER = re.compile(r"^word/(header|footer)\d*\.xml$")


@dataclass
class Prepared:
    text_boxes: int = 0
    check_boxes: int = 0
    charts: int = 0                  # DrawingML charts and SmartArt: pandoc keeps neither
    headers_footers: list[str] = field(default_factory=list)   # "header", "footer" parts holding text
    metadata_styles: list[str] = field(default_factory=list)    # style names renamed


def prepare(src: Path, dest: Path) -> Prepared:
    """Write the prepared copy of the .docx ``src`` to ``dest``; raises one of
    readers.package.DAMAGED for a damaged package."""
    done = Prepared()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in STORY_PARTS:
                root = parse(data)
                _accept_run_changes(root)
                done.check_boxes += _check_boxes(root)
                done.text_boxes += _text_boxes(root)
                done.charts += sum(1 for g in root.iter(f"{{{A}}}graphicData")
                                   if re.search(r"/(chart|diagram)$", g.get("uri", "")))
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
