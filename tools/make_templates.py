"""Regenerate templates/*.docx: the docxtpl templates offices may restyle in Word.

Run `python tools/make_templates.py` after changing this file; tests check that the
committed templates carry every placeholder and style the writer relies on.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from uprreport.ooxml import write as ox

OUT = Path(__file__).resolve().parents[1] / "templates"
FONT = "Times New Roman"


def _font(style, size, bold=None, italic=None):
    """Size and emphasis of ``style``; the typeface only on Normal, which every other style
    is based on, so that changing Normal's font in Word changes the whole report."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if style.name == "Normal":
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            ox.insert(rpr, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
    elif fonts is not None:
        rpr.remove(fonts)
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic


def _para_style(doc, name, base="Normal", size=10, bold=None, italic=None):
    styles = doc.styles
    try:
        st = styles[name]
    except KeyError:
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        st.base_style = styles[base]
    _font(st, size, bold, italic)
    return st


def _bottom_border(paragraph, size=12):
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ox.insert(ppr, bdr)


def _field(paragraph, instr):
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    ox.insert(tbl_pr, borders)


def styles(doc):
    normal = _para_style(doc, "Normal", size=10)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size, before, after, bold, italic, indent in (
        ("Heading 1", 12, 12, 6, True, False, 0),
        ("Heading 2", 10, 10, 6, True, False, 1.0),
        ("Heading 3", 10, 8, 4, False, True, 1.0),
        ("Heading 4", 10, 6, 4, False, True, 2.0),
    ):
        st = _para_style(doc, name, size=size, bold=bold, italic=italic)
        st.font.color.rgb = None
        pf = st.paragraph_format
        pf.space_before, pf.space_after, pf.keep_with_next = Pt(before), Pt(after), True
        pf.left_indent = Cm(indent + 1.0)
        pf.first_line_indent = Cm(-1.0)
        rpr = st.element.get_or_add_rPr()
        for tag in ("w:color",):
            el = rpr.find(qn(tag))
            if el is not None:
                rpr.remove(el)
    # UN numbered paragraph: the number hangs at the margin, text at 2 cm.
    para = _para_style(doc, "UN Paragraph", size=10)
    pf = para.paragraph_format
    pf.left_indent, pf.first_line_indent = Cm(2.0), Cm(-1.0)
    pf.space_after, pf.alignment = Pt(6), WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.tab_stops.add_tab_stop(Cm(2.0), WD_TAB_ALIGNMENT.LEFT)
    body = _para_style(doc, "Body Text", size=10)
    body.paragraph_format.left_indent, body.paragraph_format.space_after = Cm(2.0), Pt(6)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, indent in (("List Bullet", 2.5), ("List Number", 2.5)):
        st = _para_style(doc, name, size=10)
        st.paragraph_format.left_indent, st.paragraph_format.first_line_indent = Cm(indent), Cm(-0.5)
        st.paragraph_format.space_after = Pt(3)
    quote = _para_style(doc, "Quote", size=10, italic=False)
    quote.paragraph_format.left_indent, quote.paragraph_format.right_indent = Cm(2.5), Cm(1.0)
    quote.paragraph_format.space_after = Pt(6)
    cell = _para_style(doc, "Table Text", size=9)
    cell.paragraph_format.space_before, cell.paragraph_format.space_after = Pt(2), Pt(2)
    _para_style(doc, "Table Heading", base="Table Text", size=9, italic=True)
    caption = _para_style(doc, "Caption", size=9, italic=True)   # figure and table titles
    caption.paragraph_format.keep_with_next = True
    caption.font.color.rgb = None
    caption.font.bold = False
    caption.paragraph_format.space_before, caption.paragraph_format.space_after = Pt(6), Pt(3)
    _para_style(doc, "Endnote Text", size=9).paragraph_format.left_indent = Cm(1.0)
    _para_style(doc, "Footnote Text", size=9).paragraph_format.left_indent = Cm(1.0)
    for name in ("Endnote Reference", "Footnote Reference"):
        try:
            st = doc.styles[name]
        except KeyError:
            st = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        st.font.superscript = True
    # Table of contents: label at 1 cm, title, dotted leader to the page number at the margin.
    toc_head = _para_style(doc, "TOC Heading", size=12, bold=True)
    toc_head.paragraph_format.space_before, toc_head.paragraph_format.space_after = Pt(12), Pt(6)
    toc_head.paragraph_format.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT)
    for name, indent in (("TOC 1", 1.0), ("TOC 2", 2.0)):
        st = _para_style(doc, name, size=10)
        pf = st.paragraph_format
        pf.left_indent, pf.first_line_indent, pf.right_indent = Cm(indent), Cm(-1.0), Cm(1.0)
        pf.space_after = Pt(3)
        pf.tab_stops.add_tab_stop(Cm(indent), WD_TAB_ALIGNMENT.LEFT)
        pf.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    title = _para_style(doc, "Report Title", size=17, bold=True)
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(18), Pt(12)
    title.paragraph_format.left_indent = Cm(1.0)
    _para_style(doc, "Annex Title", base="Heading 1", size=12, bold=True)
    doc.styles["Annex Title"].paragraph_format.page_break_before = False
    _para_style(doc, "Cover", size=10)
    _para_style(doc, "Header", size=9, bold=True)
    _para_style(doc, "Footer", size=9, bold=True)


def _save(doc, path: Path) -> None:
    """Save with every part in the schema's order, as Word would accept it."""
    ox.conform(doc)
    doc.save(path)


def _a4():
    """A new document with the house styles and an A4 page, its first page laid out apart."""
    doc = Document()
    styles(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.5)
    sec.left_margin, sec.right_margin = Cm(2.2), Cm(2.2)
    sec.header_distance, sec.footer_distance = Cm(1.5), Cm(1.5)
    sec.different_first_page_header_footer = True
    return doc, sec


def national():
    doc, sec = _a4()

    # Cover furniture (first page): United Nations | symbol; General Assembly | distribution.
    top = doc.add_table(rows=1, cols=2)
    _no_borders(top)
    top.alignment = WD_TABLE_ALIGNMENT.LEFT
    left, right = top.rows[0].cells
    p = left.paragraphs[0]
    p.add_run("{{ united_nations }}").font.size = Pt(14)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.add_run("{{ symbol }}").font.size = Pt(20)
    _bottom_border(doc.add_paragraph(), 18)

    mid = doc.add_table(rows=1, cols=2)
    _no_borders(mid)
    left, right = mid.rows[0].cells
    p = left.paragraphs[0]
    r = p.add_run("{{ general_assembly }}")
    r.bold, r.font.size = True, Pt(24)
    p = right.paragraphs[0]
    p.add_run("{{ distribution }}")
    right.add_paragraph("{{ date }}")
    right.add_paragraph("")
    right.add_paragraph("{{ original_line }}")
    _bottom_border(doc.add_paragraph(), 6)

    for text in ("{{ council }}", "{{ working_group }}", "{{ session_line }}", "{{ session_when }}"):
        p = doc.add_paragraph(style="Cover")
        r = p.add_run(text)
        r.bold = text != "{{ session_when }}"
    doc.add_paragraph(style="Report Title").add_run("{{ title }}")
    p = doc.add_paragraph(style="Report Title")
    p.add_run("{{ state }}").font.size = Pt(14)
    doc.add_paragraph("{{ body }}")

    # Running header (symbol) and footer (page number) after the first page.
    hp = sec.header.paragraphs[0]
    hp.style = doc.styles["Header"]
    hp.add_run("{{ symbol }}")
    _bottom_border(hp, 4)
    fp = sec.footer.paragraphs[0]
    fp.style = doc.styles["Footer"]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(fp, "PAGE")
    doc.core_properties.title = "UPR national report template (uprreport)"
    doc.core_properties.author = "uprreport"
    OUT.mkdir(exist_ok=True)
    _save(doc, OUT / "national.docx")


def submission():
    """Stakeholder, joint and NHRI submissions: a title block, no UN cover."""
    doc, sec = _a4()
    p = doc.add_paragraph(style="Report Title")
    p.paragraph_format.left_indent = Cm(0)
    p.add_run("{{ title }}")
    for text, italic in (("{{ subtitle }}", True), ("{{ submitted_by }}", False), ("{{ date }}", False),
                         ("{{ contact }}", False)):
        p = doc.add_paragraph(style="Cover")
        r = p.add_run(text)
        r.italic = italic
        p.paragraph_format.space_after = Pt(3)
    _bottom_border(doc.add_paragraph(), 6)
    doc.add_paragraph("{{ body }}")
    hp = sec.header.paragraphs[0]
    hp.style = doc.styles["Header"]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hp.add_run("{{ short_title }}")
    _bottom_border(hp, 4)
    for footer in (sec.footer, sec.first_page_footer):
        fp = footer.paragraphs[0]
        fp.style = doc.styles["Footer"]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(fp, "PAGE")
    doc.core_properties.title = "UPR submission template (uprreport)"
    doc.core_properties.author = "uprreport"
    _save(doc, OUT / "submission.docx")


if __name__ == "__main__":
    national()
    submission()
    print(f"wrote {OUT / 'national.docx'} and {OUT / 'submission.docx'}")
