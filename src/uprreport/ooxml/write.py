"""Writing WordprocessingML that python-docx has no API for: notes parts, numbering,
sections, and the parsing of the generated body into the template.

The writers speak in terms of the document tree and python-docx objects; the raw XML they
need is made here.
"""

from __future__ import annotations

import copy
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from uprreport.ooxml.chars import PAGE, clean, unsafe
from uprreport.ooxml.ns import NSDECL, R, W, local, parse, qn

# The order ECMA-376 (transitional, wml.xsd) gives the children of the elements uprreport
# writes or edits. Word refuses (offers to "repair") a file whose children are out of this
# order; tests/test_ooxml_schema.py checks these lists against the schema itself.
ORDER: dict[str, tuple[str, ...]] = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
            "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
            "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
              "tblCaption", "tblDescription", "tblPrChange"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
             "tcPrChange"),
    "sectPr": ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tblBorders": ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV"),
}
# rPr inside a paragraph's pPr (the paragraph mark's run properties) has the same children
# as a run's; rPr of styles and numbering levels too.
_RANK = {tag: {name: i for i, name in enumerate(names)} for tag, names in ORDER.items()}


def props(tag: str, children: dict[str, str]) -> str:
    """``<w:tag>`` holding ``children`` (local name -> its XML) in the schema's order, or ''
    when there are none. The one way the writers build property elements."""
    if not children:
        return ""
    rank = _RANK[tag]
    inner = "".join(xml for _name, xml in sorted(children.items(), key=lambda kv: rank[kv[0]]))
    return f"<w:{tag}>{inner}</w:{tag}>"


def insert(parent, child) -> None:
    """Put the element ``child`` into ``parent`` (a property element) where the schema's
    order wants it, replacing a child of the same name."""
    tag = local(parent)
    name = local(child)
    rank = _RANK[tag]
    for old in [c for c in parent if local(c) == name]:
        parent.remove(old)
    after = [c for c in parent if isinstance(c.tag, str) and rank.get(local(c), -1) > rank[name]]
    if after:
        after[0].addprevious(child)
    else:
        parent.append(child)


def reorder(root) -> int:
    """Sort the children of every property element under ``root`` (itself included) into the
    schema's order, keeping the relative order of equals; return how many were out of order.
    For XML uprreport did not write itself (templates, python-docx defaults)."""
    moved = 0
    for el in root.iter(*(qn(f"w:{tag}") for tag in ORDER)):
        rank = _RANK[local(el)]
        children = [c for c in el if isinstance(c.tag, str)]
        keyed = sorted(children, key=lambda c: rank.get(local(c), len(rank)))
        if keyed != children:
            moved += 1
            for c in children:
                el.remove(c)
            el.extend(keyed)
    return moved


def conform(document) -> None:
    """Bring a python-docx Document made from its default template into the schema Word
    checks: property children in order, and the zoom percentage settings.xml must have."""
    parts = [document.element, document.styles.element] + [
        h._element for sec in document.sections
        for h in (sec.header, sec.footer, sec.first_page_header, sec.first_page_footer)
        if h.is_linked_to_previous is False]
    for root in parts:
        reorder(root)
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


_NOTE_KINDS = {
    "endnote": (RT.ENDNOTES, "/word/endnotes.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"),
    "footnote": (RT.FOOTNOTES, "/word/footnotes.xml",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
}


_QUOT = {'"': "&quot;"}


def text(s: str) -> str:
    """Escape text for an XML text node or attribute value, without the characters XML
    cannot hold (``chars.clean``: docs/text-safety.md)."""
    return escape(clean(s), _QUOT)


def text_attr(s: str) -> str:
    """Escape text for an attribute value (``text``), keeping a tab or line break in it as a
    character reference (an attribute's own would be read as a space)."""
    return text(s).replace("\t", "&#9;").replace("\n", "&#10;")


def t(s: str, pages: bool = False) -> str:
    """A run's text element(s): tabs and line breaks become w:tab / w:br, and what XML
    cannot hold is cleaned as Word reads pasted text (docs/text-safety.md): a vertical tab
    is a line break, a form feed a page break when ``pages`` (running text of the body) and
    a line break otherwise (cells, notes, headings), other control characters are dropped."""
    if unsafe(s) is not None:
        s = clean(s, pages=pages)
        if pages and PAGE in s:
            return '<w:br w:type="page"/>'.join(_t(part) for part in s.split(PAGE))
    return _t(s)


def _t(s: str) -> str:
    if "\n" not in s and "\t" not in s:   # most runs: one text element
        return f'<w:t xml:space="preserve">{escape(s, _QUOT)}</w:t>' if s else ""
    out = []
    for i, line in enumerate(s.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if chunk:
                out.append(f'<w:t xml:space="preserve">{escape(chunk, _QUOT)}</w:t>')
    return "".join(out)


class NotesPart:
    """Collects endnotes (or footnotes) as XML and writes them into the package at the end.

    The part exists from the start, so that hyperlinks inside notes get relationships
    of the notes part itself (a link in a note must not point into document.xml.rels).
    """

    def __init__(self, kind: str, document):
        self.kind = kind
        self.items: list[str] = []
        self.document = document
        rel_type, partname, content_type = _NOTE_KINDS[kind]
        main = document.part
        self.part = next((rel.target_part for rel in main.rels.values() if rel.reltype == rel_type), None)
        if self.part is None:
            self.part = Part(PackURI(partname), content_type, b"", main.package)
            main.relate_to(self.part, rel_type)
        self._links: dict[str, str] = {}

    def link_id(self, url: str) -> str:
        url = clean(url)
        if url not in self._links:
            self._links[url] = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return self._links[url]

    def add(self, body_xml: str) -> int:
        """Register a note whose paragraphs are ``body_xml``; return its id (1-based)."""
        self.items.append(body_xml)
        return len(self.items)

    def attach(self) -> None:
        """Write the notes into the part (separators included) and declare them in settings."""
        tag = f"w:{self.kind}"
        sep = (f'<{tag} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
               f'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></{tag}>'
               f'<{tag} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
               f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></{tag}>')
        notes = "".join(f'<{tag} w:id="{i}">{body}</{tag}>' for i, body in enumerate(self.items, 1))
        self.part._blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f'<{tag}s {NSDECL}>{sep}{notes}</{tag}s>').encode("utf-8")
        _note_settings(self.document, self.kind)


def _note_settings(document, kind: str) -> None:
    """Declare the separator notes and continuous numbering in settings.xml."""
    settings = document.settings.element
    tag = qn(f"w:{kind}Pr")
    for old in settings.findall(tag):
        settings.remove(old)
    # Endnotes are collected at the end of each section, so that the body's notes come
    # before a landscape annex rather than after it.
    pos = '<w:pos w:val="sectEnd"/>' if kind == "endnote" else ""
    pr = parse_xml(f'<w:{kind}Pr {NSDECL}>{pos}<w:numFmt w:val="decimal"/><w:numRestart w:val="continuous"/>'
                   f'<w:{kind} w:id="-1"/><w:{kind} w:id="0"/></w:{kind}Pr>')
    # Schema order: footnotePr/endnotePr come after w:characterSpacingControl etc.; placing
    # them before w:compat keeps Word's validator happy.
    anchor = settings.find(qn("w:compat"))
    if anchor is not None:
        anchor.addprevious(pr)
    else:
        settings.append(pr)


class Numbering:
    """Gives each ordered list its own w:num so that its numbering restarts at 1; defines the
    numbering of lists that bring their own levels (``define``, ``start``)."""

    def __init__(self, document, ordered_style_id: str):
        self.part = document.part.numbering_part
        self.el = self.part.element
        style = document.styles.element.get_by_id(ordered_style_id)
        num_id = style.xpath("./w:pPr/w:numPr/w:numId/@w:val") if style is not None else []
        self.abstract = None
        if num_id:
            num = self.el.xpath(f'./w:num[@w:numId="{num_id[0]}"]')
            if num:
                self.abstract = num[0].xpath("./w:abstractNumId/@w:val")[0]
        self.next_id = max([int(x) for x in self.el.xpath("./w:num/@w:numId")] or [0]) + 1
        self.next_abstract = max([int(x) for x in self.el.xpath("./w:abstractNum/@w:abstractNumId")] or [-1]) + 1
        self._defined: dict[tuple, str] = {}

    def define(self, levels: tuple) -> str:
        """The w:abstractNumId of a numbering of nine levels (made once for equal ones): each
        level (numFmt, lvlText, start, font or None, left indent, hanging indent), twips."""
        if levels in self._defined:
            return self._defined[levels]
        abstract = str(self.next_abstract)
        self.next_abstract += 1
        lvls = []
        for k, (fmt, text, start, font, left, hanging) in enumerate(levels):
            rpr = (f'<w:rPr><w:rFonts w:ascii="{escape(font, _QUOT)}" w:hAnsi="{escape(font, _QUOT)}" '
                   f'w:cs="{escape(font, _QUOT)}" w:hint="default"/></w:rPr>') if font else ""
            lvls.append(f'<w:lvl w:ilvl="{k}"><w:start w:val="{max(0, int(start))}"/><w:numFmt w:val="{fmt}"/>'
                        f'<w:lvlText w:val="{text_attr(text)}"/><w:lvlJc w:val="left"/>'
                        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs><w:ind w:left="{left}" '
                        f'w:hanging="{hanging}"/></w:pPr>{rpr}</w:lvl>')
        el = parse_xml(f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract}">'
                       f'<w:multiLevelType w:val="multilevel"/>{"".join(lvls)}</w:abstractNum>')
        first_num = self.el.find(qn("w:num"))   # abstractNum come before every num (schema)
        if first_num is not None:
            first_num.addprevious(el)
        else:
            self.el.append(el)
        self._defined[levels] = abstract
        return abstract

    def start(self, abstract: str, level: int = 0, start: int | None = None) -> int:
        """A new w:num of ``abstract``: a list of its own, counting at ``level`` from ``start``
        (its level's own start when None)."""
        num_id = self.next_id
        self.next_id += 1
        override = (f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{max(0, int(start))}"/></w:lvlOverride>'
                    if start is not None else "")
        self.el.append(parse_xml(f'<w:num {NSDECL} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                                 f'{override}</w:num>'))
        return num_id

    def restart(self) -> int | None:
        """Return a fresh numId that restarts the ordered-list numbering, or None if unknown."""
        if self.abstract is None:
            return None
        num_id = self.next_id
        self.next_id += 1
        self.el.append(parse_xml(
            f'<w:num {NSDECL} w:numId="{num_id}"><w:abstractNumId w:val="{self.abstract}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return num_id


# The text of the paragraph a saved package is cut at to put the body in (``splice``).
SPLICE = "\u2063uprreport-splice\u2063"


def mark_for_splice(anchor) -> None:
    """Leave in ``anchor`` (a w:p) only a run holding SPLICE: ``splice`` puts the body there."""
    for child in list(anchor):
        anchor.remove(child)
    anchor.append(parse_xml(f"<w:r {NSDECL}><w:t>{SPLICE}</w:t></w:r>"))


WORD_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def splice(package: bytes, xml, out=None, part: str = "word/document.xml") -> bytes | None:
    """``package`` (a saved .docx) with the paragraph marked by ``mark_for_splice`` in ``part``
    replaced by ``xml`` (body-level elements using the prefixes w and r, declared on the root):
    a str, or the pieces of one in order. Written to ``out`` (a binary file open for writing,
    seekable), or returned as bytes without it.

    The body of a large report is tens of thousands of elements generated as text: putting
    it into the document tree meant parsing it and moving every element into the tree
    (0.8 s of a 10,000-recommendation build), only for python-docx to write it out as text
    again. Here it goes into the saved XML as the text it already is, a megabyte at a time:
    joined whole, then encoded, the body of 100,000 recommendations was held three times over
    (its pieces, the joined text, its UTF-8), some 300 MB more at the build's peak.

    Every member is dated 1980-01-01 00:00, the earliest date a zip file holds and the one
    Word itself writes into every .docx: the same report built twice is the same bytes.
    """
    import io
    import zipfile

    pieces = [xml] if isinstance(xml, str) else xml
    target = out if out is not None else io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as zin:
        text = zin.read(part).decode("utf-8")
        at = text.index(SPLICE)
        start = max(text.rfind("<w:p>", 0, at), text.rfind("<w:p ", 0, at))
        end = text.index("</w:p>", at) + len("</w:p>")
        root = text.index("<w:document")
        root_end = text.index(">", root)
        head = text[:root_end]
        for prefix, uri in (("w", W), ("r", R)):
            if f'xmlns:{prefix}="' not in head[root:]:
                head += f' xmlns:{prefix}="{uri}"'
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                info.date_time = WORD_ZIP_DATE
                info.compress_type = zipfile.ZIP_DEFLATED
                if info.filename != part:
                    zout.writestr(info, zin.read(info.filename))
                    continue
                # the size is not known beforehand: ZIP64 headers are written for a part that
                # could pass 2 GB, counting 4 bytes a character (UTF-8's most), and for
                # pieces that cannot be counted before they are written
                chars = len(text) + sum(map(len, pieces)) if isinstance(pieces, (list, tuple)) else None
                large = chars is None or 4 * chars * 1.05 > zipfile.ZIP64_LIMIT
                with zout.open(info, "w", force_zip64=large) as dst:
                    dst.write((head + text[root_end:start]).encode("utf-8"))
                    batch: list[str] = []
                    size = 0
                    for piece in pieces:
                        batch.append(piece)
                        size += len(piece)
                        if size >= 1 << 20:
                            dst.write("".join(batch).encode("utf-8"))
                            batch, size = [], 0
                    dst.write("".join(batch).encode("utf-8"))
                    dst.write(text[end:].encode("utf-8"))
    return target.getvalue() if out is None else None


def section_break_xml(body_sectpr, rtl: bool = False) -> str:
    """A paragraph ending a section laid out like ``body_sectpr`` (the document's last);
    ``rtl``: the paragraph reads right to left, as every paragraph of such a report."""
    from lxml import etree

    bidi = "<w:bidi/>" if rtl else ""
    return f"<w:p {NSDECL}><w:pPr>{bidi}{etree.tostring(copy.deepcopy(body_sectpr)).decode()}</w:pPr></w:p>"


def turned_section_break_xml(body_sectpr, landscape: bool, rtl: bool = False) -> str:
    """A paragraph ending a section of the body set apart for a landscape table: laid out like
    ``body_sectpr``, turned when ``landscape``; its endnotes wait for the body's last section
    (w:noEndnote), where the rest of the body's are."""
    from lxml import etree

    sect = copy.deepcopy(body_sectpr)
    if landscape:
        make_landscape(sect)
    insert(sect, parse_xml(f"<w:noEndnote {NSDECL}/>"))
    bidi = "<w:bidi/>" if rtl else ""
    return f"<w:p {NSDECL}><w:pPr>{bidi}{etree.tostring(sect).decode()}</w:pPr></w:p>"


def make_landscape(sectpr) -> None:
    """Turn a w:sectPr landscape, margins rotated, and drop its title-page setting."""
    pg = sectpr.find(qn("w:pgSz"))
    w, h = pg.get(qn("w:w")), pg.get(qn("w:h"))
    if int(w) < int(h):
        pg.set(qn("w:w"), h)
        pg.set(qn("w:h"), w)
    pg.set(qn("w:orient"), "landscape")
    mar = sectpr.find(qn("w:pgMar"))
    if mar is not None:
        top, right, bottom, left = (mar.get(qn(f"w:{k}")) for k in ("top", "right", "bottom", "left"))
        mar.set(qn("w:top"), left)
        mar.set(qn("w:bottom"), right)
        mar.set(qn("w:left"), top)
        mar.set(qn("w:right"), bottom)
    no_title_page(sectpr)


def no_title_page(sectpr) -> None:
    """Use the running header and footer on the section's first page too."""
    title = sectpr.find(qn("w:titlePg"))
    if title is not None:
        sectpr.remove(title)


def text_width_twips(sectpr) -> int:
    pg, mar = sectpr.find(qn("w:pgSz")), sectpr.find(qn("w:pgMar"))
    return int(pg.get(qn("w:w"))) - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right")))


def text_height_twips(sectpr) -> int:
    pg, mar = sectpr.find(qn("w:pgSz")), sectpr.find(qn("w:pgMar"))
    return int(pg.get(qn("w:h"))) - abs(int(mar.get(qn("w:top")))) - abs(int(mar.get(qn("w:bottom"))))


def section_note_format(sectpr, kind: str) -> None:
    """Arabic note numbers in this section (LibreOffice reads the format per section)."""
    insert(sectpr, parse_xml(f'<w:{kind}Pr {NSDECL}><w:numFmt w:val="decimal"/></w:{kind}Pr>'))


def drop_before(anchor) -> None:
    """Remove every body element before ``anchor`` (the cover furniture)."""
    for el in list(anchor.itersiblings(preceding=True)):
        el.getparent().remove(el)
