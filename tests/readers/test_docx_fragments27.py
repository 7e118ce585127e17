"""Issue 27: a contributor's Word file arrives whole in the report, or every loss is named
with the file and the place. Each file is built as Word (and, where it differs, LibreOffice)
writes it, in raw WordprocessingML: lists of nine levels with their own labels, restarts and
start values; symbols of symbol fonts; landscape sections; tables whose rows need more
columns than their grid declares; the pictures (WMF, EMF) of embedded objects; column widths."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import ooxml_schema
from uprreport import api
from uprreport.model.nodes import Image, ListBlock, Run, Table, iter_paras
from uprreport.readers import docx as docx_reader

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
SHOWN = "contributions/justice/f.docx"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# building files as Word and LibreOffice write them ---------------------------------------
def package(path: Path, body: str, numbering: str = "", styles: str = "", files: dict | None = None,
            rels: list[tuple[str, str, str]] = ()) -> Path:
    """A .docx holding ``body`` (w:body's content) and the parts given."""
    decl = (f'xmlns:w="{W}" xmlns:r="{REL}" xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office"')
    over = {"document": "document.main", "numbering": "numbering", "styles": "styles"}
    parts = {"document": f'<w:document {decl}><w:body>{body}</w:body></w:document>'}
    if numbering:
        parts["numbering"] = f'<w:numbering {decl}>{numbering}</w:numbering>'
    if styles:
        parts["styles"] = f'<w:styles {decl}>{styles}</w:styles>'
    types = "".join(f'<Override PartName="/word/{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                    f'wordprocessingml.{over[n]}+xml"/>' for n in parts)
    links = [(f"rId{n}", f"{REL}/{n}", f"{n}.xml") for n in parts if n != "document"] + list(rels)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats'
                   '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                   'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Default Extension="wmf" ContentType="image/x-wmf"/><Default Extension="emf" ContentType='
                   '"image/x-emf"/><Default Extension="bin" ContentType="application/vnd.openxmlformats-'
                   f'officedocument.oleObject"/>{types}</Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
                   '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                   f'{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in links)
                   + "</Relationships>")
        for name, xml in parts.items():
            z.writestr(f"word/{name}.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
        for name, data in (files or {}).items():
            z.writestr(name, data)
    return path


def p(text: str, num: int | None = None, ilvl: int = 0, ppr: str = "") -> str:
    numpr = f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>' if num else ""
    style = '<w:pStyle w:val="ListParagraph"/>' if num else ""
    return f'<w:p><w:pPr>{style}{numpr}{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def lvl(k: int, fmt: str, text: str, start: int = 1, font: str = "", libreoffice: bool = False) -> str:
    """A w:lvl as Word writes it, or as LibreOffice does (w:suff, a num tab, w:cs in rFonts)."""
    left = 720 * (k + 1)
    if libreoffice:
        rpr = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:hint="default"/></w:rPr>'
               if font else "")
        return (f'<w:lvl w:ilvl="{k}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:suff w:val="tab"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" '
                f'w:pos="{left}"/></w:tabs><w:ind w:left="{left}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>')
    rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>' if font else ""
    return (f'<w:lvl w:ilvl="{k}" w:tplc="04090001"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="360"/>'
            f'</w:pPr>{rpr}</w:lvl>')


BULLETS = [("\uf0b7", "Symbol"), ("o", "Courier New"), ("\uf0a7", "Wingdings")]
OUTLINE = [("upperRoman", "%1."), ("upperLetter", "%2."), ("decimal", "%3."), ("lowerLetter", "%4)"),
           ("lowerRoman", "(%5)"), ("decimal", "(%6)"), ("lowerLetter", "%7."), ("lowerRoman", "%8."), ("decimal", "%9.")]
# what each paragraph must be labelled with in the report: (numFmt, lvlText, its start)
EXPECTED = {"b0 one": ("bullet", "\u2022"), "b1 two": ("bullet", "o"), "b2 three": ("bullet", "\u25aa"),
            "b0 four": ("bullet", "\u2022"), "I one": ("upperRoman", "%1."), "A two": ("upperLetter", "%2."),
            "1 three": ("decimal", "%3."), "a four": ("lowerLetter", "%4)"), "i five": ("lowerRoman", "(%5)"),
            "II six": ("upperRoman", "%1."), "five": ("decimal", "%1."), "six": ("decimal", "%1.")}


def lists_file(path: Path, libreoffice: bool = False) -> Path:
    """Bullets at levels 0-2 with three symbols, an outline I./A./1./a)/(i), a list restarting at 5."""
    bullets = "".join(lvl(k, "bullet", BULLETS[k % 3][0], font=BULLETS[k % 3][1], libreoffice=libreoffice)
                      for k in range(9))
    outline = "".join(lvl(k, f, t, libreoffice=libreoffice) for k, (f, t) in enumerate(OUTLINE))
    decimal = "".join(lvl(k, "decimal", f"%{k + 1}.", libreoffice=libreoffice) for k in range(9))
    head = ('<w:nsid w:val="{:08X}"/><w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="0409000F"/>'
            if not libreoffice else "")
    numbering = (f'<w:abstractNum w:abstractNumId="0">{head.format(0x1A2B3C01)}{bullets}</w:abstractNum>'
                 f'<w:abstractNum w:abstractNumId="1">{head.format(0x1A2B3C02)}{outline}</w:abstractNum>'
                 f'<w:abstractNum w:abstractNumId="2">{head.format(0x1A2B3C03)}{decimal}</w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
                 '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
                 # Word's "Restart numbering" / "Set numbering value: 5": a num of the same list
                 '<w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0">'
                 '<w:startOverride w:val="5"/></w:lvlOverride></w:num>')
    body = (p("Bullets:") + p("b0 one", 1, 0) + p("b1 two", 1, 1) + p("b2 three", 1, 2) + p("b0 four", 1, 0)
            + p("Outline:") + "".join(p(t, 2, k) for t, k in (("I one", 0), ("A two", 1), ("1 three", 2),
                                                               ("a four", 3), ("i five", 4), ("II six", 0)))
            + p("Restart:") + p("five", 4, 0) + p("six", 4, 0))
    return package(path, body, numbering)


def project(tmp_path: Path, *sources: Path) -> Path:
    root = tmp_path / "p"
    api.init(root, "national")
    folder = root / "contributions" / "justice"
    for i, src in enumerate(sources):
        shutil.copy(src, folder / src.name)
        (folder / f"{src.stem}.yaml").write_text(f'section: D\ntheme: justice\nrecommendations: ["140.2"]\norder: {i}\n')
    return root


def build(tmp_path: Path, *sources: Path, pdf: bool = False):
    result = api.build(project(tmp_path, *sources), tmp_path / "out", pdf=pdf)
    docx = next(o for o in result.outputs if o.suffix == ".docx")
    assert ooxml_schema.errors(docx) == []
    return result, docx


def xml(docx: Path, part: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(part))


def read(path: Path):
    blocks, diags = docx_reader.read(path, SHOWN, {}, "accept")
    assert blocks is not None, diags
    return blocks, diags


def labels(docx: Path) -> dict[str, tuple]:
    """Each numbered paragraph's text -> (numFmt, lvlText, start counted) as the report's
    numbering.xml defines its level."""
    doc, numbering = xml(docx, "word/document.xml"), xml(docx, "word/numbering.xml")
    abstracts = {a.get(f"{{{W}}}abstractNumId"): a for a in numbering.findall("w:abstractNum", NS)}
    nums = {n.get(f"{{{W}}}numId"): n for n in numbering.findall("w:num", NS)}
    out = {}
    for para in doc.iter(f"{{{W}}}p"):
        num = para.find("w:pPr/w:numPr/w:numId", NS)
        if num is None or num.get(f"{{{W}}}val") == "0":
            continue
        ilvl = para.find("w:pPr/w:numPr/w:ilvl", NS).get(f"{{{W}}}val")
        n = nums[num.get(f"{{{W}}}val")]
        a = abstracts[n.find("w:abstractNumId", NS).get(f"{{{W}}}val")]
        level = a.find(f'w:lvl[@w:ilvl="{ilvl}"]', NS)
        assert level is not None, f"level {ilvl} undefined for {''.join(para.itertext())!r}"
        start = n.find(f'w:lvlOverride[@w:ilvl="{ilvl}"]/w:startOverride', NS)
        start = start if start is not None else level.find("w:start", NS)
        out["".join(para.itertext()).strip()] = (level.find("w:numFmt", NS).get(f"{{{W}}}val"),
                                                 level.find("w:lvlText", NS).get(f"{{{W}}}val"),
                                                 int(start.get(f"{{{W}}}val")))
    return out


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is absent")


# 1. lists --------------------------------------------------------------------------------
@pytest.mark.parametrize("libreoffice", [False, True], ids=["word", "libreoffice"])
def test_nested_lists_keep_every_levels_label_and_restarts(tmp_path, libreoffice):
    source = lists_file(tmp_path / "lists.docx", libreoffice)
    blocks, _ = read(source)
    bullets, outline, restart = [b for b in blocks if isinstance(b, ListBlock)]
    assert [lv.text for lv in bullets.levels[:3]] == ["\u2022", "o", "\u25aa"]   # Symbol and Wingdings as Unicode
    assert restart.start == 5 and restart.levels[0].format == "decimal"
    _, docx = build(tmp_path, source)
    got = labels(docx)
    for text, (fmt, label) in EXPECTED.items():
        assert got[text][:2] == (fmt, label), text
    assert got["five"][2] == 5 and got["I one"][2] == 1


def test_a_list_interrupted_by_a_paragraph_goes_on_counting(tmp_path):
    numbering = ('<w:abstractNum w:abstractNumId="0">' + "".join(lvl(k, f, t) for k, (f, t) in enumerate(OUTLINE))
                 + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    source = package(tmp_path / "cont.docx", p("one", 1) + p("two", 1) + p("An aside.") + p("three", 1), numbering)
    _, docx = build(tmp_path, source)
    got = labels(docx)
    assert got["one"] == ("upperRoman", "%1.", 1) and got["three"] == ("upperRoman", "%1.", 3)


@pytest.mark.libreoffice
@needs_pdftotext
@pytest.mark.parametrize("libreoffice", [False, True], ids=["word", "libreoffice"])
def test_the_pdf_prints_the_labels_the_contributor_saw(tmp_path, libreoffice):
    result, _ = build(tmp_path, lists_file(tmp_path / "lists.docx", libreoffice), pdf=True)
    text = pdf_text(next(o for o in result.outputs if o.suffix == ".pdf"))
    lines = {re.sub(r"\s+", " ", line).strip() for line in text.splitlines()}
    for expected in ("\u2022 b0 one", "o b1 two", "\u25aa b2 three", "I. I one", "A. A two", "1. 1 three",
                     "a) a four", "(i) i five", "II. II six", "5. five", "6. six"):
        assert expected in lines, expected


# 2. symbols --------------------------------------------------------------------------------
def test_symbols_of_symbol_fonts_become_unicode_and_the_rest_are_named(tmp_path):
    styles = ('<w:style w:type="character" w:styleId="Tick"><w:name w:val="Tick"/><w:rPr><w:rFonts '
              'w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr></w:style>')

    def sym(font, char):
        return f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>'

    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{label} </w:t></w:r>{x}</w:p>' for label, x in [
        ("Done:", sym("Wingdings", "F0FC")),                          # a check mark in a form
        ("Tel.:", sym("Wingdings", "F028")),                          # the telephone sign
        ("Angle:", sym("Symbol", "F061")),
        ("Styled:", '<w:r><w:rPr><w:rStyle w:val="Tick"/></w:rPr><w:t>\uf0fc</w:t></w:r>'),   # the style's font
        ("Segoe:", sym("Segoe UI Symbol", "2714")),                   # a Unicode character: itself
        ("Marlett:", sym("Marlett", "F061")),                         # no table: named
        ("Private:", '<w:r><w:t>\ue123</w:t></w:r>'),                 # a private-use character: named
    ])
    blocks, diags = read(package(tmp_path / "f.docx", body, styles=styles))
    texts = [para.plain() for para in iter_paras(blocks)]
    assert texts[:5] == ["Done: \u2714", "Tel.: \U0001f57f", "Angle: \u03b1", "Styled: \u2714", "Segoe: \u2714"]
    (loss,) = [d for d in diags if d.code == "fragment-loss"]
    assert loss.location.path == SHOWN
    assert "Marlett F061 in paragraph 6 ('Marlett:')" in loss.message and "E123 in paragraph 7" in loss.message


# 3. landscape sections -----------------------------------------------------------------------
def _sect(landscape: bool) -> str:
    size = ('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' if landscape
            else '<w:pgSz w:w="11906" w:h="16838"/>')
    return (f'<w:sectPr>{size}<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" '
            'w:footer="708" w:gutter="0"/></w:sectPr>')


def tc(text: str, width: int | None = None, span: int = 1, vmerge: str | None = None) -> str:
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>' if width else ""
    pr += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    pr += {None: "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[vmerge]
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p>{run}</w:p></w:tc>"


def table(rows: list[list[str]], grid: list[int] | None, row_props: dict[int, str] | None = None) -> str:
    cols = f'<w:tblGrid>{"".join(f"<w:gridCol w:w={chr(34)}{w}{chr(34)}/>" for w in grid)}</w:tblGrid>' \
        if grid is not None else ""
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>{cols}'
            + "".join(f"<w:tr>{(row_props or {}).get(i, '')}{''.join(r)}</w:tr>" for i, r in enumerate(rows))
            + "</w:tbl>")


def budget_file(path: Path) -> Path:
    """A portrait page, then a landscape section holding a table of ten years of amounts."""
    head = [tc("Programme", 1300)] + [tc(str(2014 + i), 1300) for i in range(10)]
    rows = [head] + [[tc(f"Line {r}", 1300)] + [tc(f"3 {649 + r + i},87", 1300) for i in range(10)] for r in range(3)]
    body = (p("Budget in brief.") + f"<w:p><w:pPr>{_sect(False)}</w:pPr></w:p>" + p("Table 1: Budget by year")
            + table(rows, [1300] * 11) + f"<w:p><w:pPr>{_sect(True)}</w:pPr></w:p>" + p("After the table.")
            + _sect(False))
    return package(path, body)


def test_a_landscape_sections_table_is_set_on_a_landscape_page(tmp_path):
    source = budget_file(tmp_path / "budget.docx")
    blocks, diags = read(source)
    (tbl,) = [b for b in blocks if isinstance(b, Table)]
    assert tbl.landscape
    assert any(d.code == "fragment-adapted" and "table 1 lies in a landscape section" in d.message for d in diags)
    result, docx = build(tmp_path, source)
    body = xml(docx, "word/document.xml").find("w:body", NS)
    # the table lies between a section break ending the portrait pages and one ending its landscape page
    children = list(body)
    at = next(i for i, el in enumerate(children) if el.tag == f"{{{W}}}tbl" and "3 649,87" in "".join(el.itertext()))
    before = [el for el in children[:at] if el.find("w:pPr/w:sectPr", NS) is not None][-1]
    after = next(el for el in children[at:] if el.find("w:pPr/w:sectPr", NS) is not None)
    assert before.find("w:pPr/w:sectPr/w:pgSz", NS).get(f"{{{W}}}orient") is None
    assert after.find("w:pPr/w:sectPr/w:pgSz", NS).get(f"{{{W}}}orient") == "landscape"
    assert after.find("w:pPr/w:sectPr/w:noEndnote", NS) is not None   # the endnotes wait for the body's end


@pytest.mark.libreoffice
@needs_pdftotext
def test_the_landscape_table_prints_on_a_landscape_page_without_breaking_numbers(tmp_path):
    from pypdf import PdfReader

    result, _ = build(tmp_path, budget_file(tmp_path / "budget.docx"), pdf=True)
    pdf = next(o for o in result.outputs if o.suffix == ".pdf")
    pages = PdfReader(pdf).pages
    page = next(pg for pg in pages if "Programme" in pg.extract_text())
    assert page.mediabox.width > page.mediabox.height
    text = pdf_text(pdf)
    assert all(f"3 {649 + i},87" in text for i in range(10))   # every amount on one line
    after = next(pg for pg in pages if "After the table." in pg.extract_text())
    assert after.mediabox.width < after.mediabox.height


# 4. grids ----------------------------------------------------------------------------------
def test_a_three_column_table_with_empty_spanning_cells_keeps_its_grid(tmp_path):
    # no w:tblGrid (as some converters write it): pandoc kept two columns and dropped 'c'
    rows = [[tc("", span=2), tc("c")], [tc("a"), tc("", span=2)], [tc("p", vmerge="restart"), tc("q"), tc("r")],
            [tc("", vmerge="continue"), tc("s"), tc("")]]
    blocks, _ = read(package(tmp_path / "grid.docx", table(rows, None)))
    (tbl,) = blocks
    assert [[(c.colspan, "".join(x.plain() for x in iter_paras(c.blocks))) for c in row] for row in tbl.rows] == [
        [(2, ""), (1, "c")], [(1, "a"), (2, "")], [(1, "p"), (1, "q"), (1, "r")], [(1, "s"), (1, "")]]
    assert tbl.rows[2][0].rowspan == 2
    _, docx = build(tmp_path, tmp_path / "grid.docx")
    out = next(t for t in xml(docx, "word/document.xml").iter(f"{{{W}}}tbl") if "q" in "".join(t.itertext()))
    assert len(out.findall("w:tblGrid/w:gridCol", NS)) == 3
    for row in out.findall("w:tr", NS):
        spans = [int(c.find("w:tcPr/w:gridSpan", NS).get(f"{{{W}}}val")) if c.find("w:tcPr/w:gridSpan", NS) is not None
                 else 1 for c in row.findall("w:tc", NS)]
        assert sum(spans) == 3


def test_rows_short_of_the_grid_and_old_merges_keep_cells_in_their_columns(tmp_path):
    before = '<w:trPr><w:gridBefore w:val="1"/><w:wBefore w:w="2000" w:type="dxa"/></w:trPr>'
    rows = [[tc("a"), tc("b"), tc("c")], [tc("e"), tc("f")],
            ['<w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>h</w:t></w:r></w:p></w:tc>',
             '<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>', tc("i")]]
    blocks, diags = read(package(tmp_path / "f.docx", table(rows, [2000] * 3, {1: before})))
    (tbl,) = blocks
    cells = [["".join(x.plain() for x in iter_paras(c.blocks)) + "/" + str(c.colspan) for c in row] for row in tbl.rows]
    assert cells == [["a/1", "b/1", "c/1"], ["/1", "e/1", "f/1"], ["h/2", "i/1"]]
    assert any(d.code == "fragment-adapted" and "table 1" in d.message and d.location.path == SHOWN for d in diags)


@pytest.mark.realdata
def test_real_merged_cells_keep_their_grid(tmp_path, realdata):
    source = realdata / "docx" / "docx2python__merged_cells.docx"
    shutil.copy(source, tmp_path / "merged.docx")
    _, docx = build(tmp_path, tmp_path / "merged.docx")
    out = next(t for t in xml(docx, "word/document.xml").iter(f"{{{W}}}tbl") if "34-123" in "".join(t.itertext()))
    assert len(out.findall("w:tblGrid/w:gridCol", NS)) == 4
    for row in out.findall("w:tr", NS):
        spans = [int(c.find("w:tcPr/w:gridSpan", NS).get(f"{{{W}}}val")) if c.find("w:tcPr/w:gridSpan", NS) is not None
                 else 1 for c in row.findall("w:tc", NS)]
        assert sum(spans) == 4


@pytest.mark.realdata
@pytest.mark.parametrize("name", ["docx2python__example.docx", "poi__58067.docx", "poi__Bug54849.docx",
                                  "docx2python__comments.docx"])
def test_real_lists_print_at_levels_the_report_defines(tmp_path, realdata, name):
    source = realdata / "docx" / name
    shutil.copy(source, tmp_path / name)
    _, docx = build(tmp_path, tmp_path / name)
    labels(docx)   # every numbered paragraph's level is defined (asserted inside)


# 5. pictures of embedded objects ---------------------------------------------------------------
def wmf(width: int = 2000, height: int = 1000) -> bytes:
    """A placeable Windows metafile (1440 units an inch) drawing a blue rectangle."""
    def rec(func, *params):
        return struct.pack("<IH", 3 + len(params), func) + b"".join(struct.pack("<h", x) for x in params)

    records = (rec(0x020B, 0, 0) + rec(0x020C, height, width)
               + struct.pack("<IHH", 7, 0x02FC, 0) + bytes([0x33, 0x66, 0xCC, 0]) + struct.pack("<H", 0)
               + rec(0x012D, 0) + rec(0x041B, height - 50, width - 50, 50, 50) + rec(0x0000))
    header = struct.pack("<HHHIHIH", 1, 9, 0x0300, (18 + len(records)) // 2, 1, 7, 0)
    placeable = struct.pack("<IHhhhhHI", 0x9AC6CDD7, 0, 0, 0, width, height, 1440, 0)
    checksum = 0
    for i in range(0, 20, 2):
        checksum ^= struct.unpack("<H", placeable[i:i + 2])[0]
    return placeable + struct.pack("<H", checksum) + header + records


def emf(w: int = 200, h: int = 100) -> bytes:
    """An enhanced metafile (pixels at 96 dpi) drawing a red rectangle."""
    def rec(kind, data=b""):
        return struct.pack("<II", kind, 8 + len(data)) + data

    records = (rec(39, struct.pack("<II", 1, 0) + bytes([0xCC, 0x33, 0x33, 0]) + struct.pack("<I", 0))
               + rec(37, struct.pack("<I", 1)) + rec(43, struct.pack("<iiii", 5, 5, w - 5, h - 5))
               + rec(14, struct.pack("<III", 0, 16, 20)))
    header = (struct.pack("<II", 1, 88) + struct.pack("<iiii", 0, 0, w - 1, h - 1)
              + struct.pack("<iiii", 0, 0, w * 2540 // 96, h * 2540 // 96)
              + struct.pack("<IIIIHHIII", 0x464D4520, 0x10000, 88 + len(records), 5, 2, 0, 0, 0, 0)
              + struct.pack("<iiii", 1920, 1080, 508, 286))
    return header + records


def ole_file(path: Path) -> Path:
    """Two embedded objects as Word stores them: a VML shape showing the object's picture."""
    def obj(n: int, label: str) -> str:
        return (f'<w:p><w:r><w:t xml:space="preserve">{label} </w:t></w:r><w:r><w:object w:dxaOrig="2000" '
                f'w:dyaOrig="1000"><v:shape id="_x0000_i10{n}" type="#_x0000_t75" style="width:100pt;height:50pt" '
                f'o:ole=""><v:imagedata r:id="rIdImg{n}" o:title=""/></v:shape><o:OLEObject Type="Embed" '
                f'ProgID="Excel.Sheet.12" ShapeID="_x0000_i10{n}" DrawAspect="Content" ObjectID="_12{n}" '
                f'r:id="rIdOle{n}"/></w:object></w:r></w:p>')

    return package(path, p("Figures follow.") + obj(1, "Budget chart:") + obj(2, "Formula:"),
                   files={"word/media/image1.wmf": wmf(), "word/media/image2.emf": emf(),
                          "word/embeddings/oleObject1.bin": b"\0" * 64, "word/embeddings/oleObject2.bin": b"\0" * 64},
                   rels=[("rIdImg1", f"{REL}/image", "media/image1.wmf"), ("rIdImg2", f"{REL}/image", "media/image2.emf"),
                         ("rIdOle1", f"{REL}/oleObject", "embeddings/oleObject1.bin"),
                         ("rIdOle2", f"{REL}/oleObject", "embeddings/oleObject2.bin")])


@pytest.mark.libreoffice
def test_the_pictures_of_embedded_objects_are_converted_to_png(tmp_path):
    blocks, diags = read(ole_file(tmp_path / "f.docx"))
    images = [x for para in iter_paras(blocks) for x in para.inlines if isinstance(x, Image)]
    assert [i.filename for i in images] == ["image1.png", "image2.png"]
    assert all(i.data.startswith(b"\x89PNG") for i in images)
    (note,) = [d for d in diags if d.code == "fragment-adapted" and "metafile" in d.message]
    assert note.location.path == SHOWN
    assert "paragraph 2 ('Budget chart:') (image1.wmf)" in note.message and "paragraph 3 ('Formula:')" in note.message
    _, docx = build(tmp_path, tmp_path / "f.docx")
    with zipfile.ZipFile(docx) as z:
        assert sum(1 for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")) >= 2


def test_without_libreoffice_the_pictures_are_named_place_holders(tmp_path, monkeypatch):
    from uprreport import libreoffice

    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))   # none converted before
    blocks, diags = read(ole_file(tmp_path / "f.docx"))
    texts = [para.plain() for para in iter_paras(blocks)]
    assert texts[1] == "Budget chart: [picture not carried: WMF image]"
    assert texts[2] == "Formula: [picture not carried: EMF image]"
    (loss,) = [d for d in diags if d.code == "fragment-loss"]
    assert loss.location.path == SHOWN and "LibreOffice" in loss.message
    assert "paragraph 2 ('Budget chart:') (image1.wmf)" in loss.message
    assert not any(isinstance(x, Run) and "image1.wmf" in x.text for para in iter_paras(blocks) for x in para.inlines)


# 6. column widths ------------------------------------------------------------------------------
def form_file(path: Path) -> Path:
    """A form: a narrow number column, a wide text column, a narrow column holding a long word."""
    rows = [[tc("No.", 500), tc("Measure", 6500), tc("Responsible", 900)]] + [
        [tc(str(i), 500), tc("Training of judges and prosecutors on the new code", 6500), tc("Ministry", 900)]
        for i in range(1, 4)]
    return package(path, table(rows, [500, 6500, 900]))


def test_a_forms_column_widths_are_the_files_scaled_to_the_report(tmp_path):
    blocks, _ = read(form_file(tmp_path / "form.docx"))
    (tbl,) = blocks
    assert [round(w / tbl.widths[1], 3) for w in tbl.widths] == [round(500 / 6500, 3), 1.0, round(900 / 6500, 3)]
    _, docx = build(tmp_path, tmp_path / "form.docx")
    out = next(t for t in xml(docx, "word/document.xml").iter(f"{{{W}}}tbl") if "Measure" in "".join(t.itertext()))
    cols = [int(c.get(f"{{{W}}}w")) for c in out.findall("w:tblGrid/w:gridCol", NS)]
    assert cols[1] == max(cols) and cols[0] < cols[2]
    assert cols[2] >= 11 * 105   # 'Responsible' (11 characters) fits on one line: its column was widened


@pytest.mark.libreoffice
@needs_pdftotext
def test_a_forms_narrow_column_keeps_its_words_whole_in_the_pdf(tmp_path):
    result, _ = build(tmp_path, form_file(tmp_path / "form.docx"), pdf=True)
    text = pdf_text(next(o for o in result.outputs if o.suffix == ".pdf"))
    rows = [line.split() for line in text.splitlines() if "Training of judges" in line]
    assert len(rows) == 3 and all(row[-1] == "Ministry" for row in rows)   # the word whole, on the row's line
    assert any(line.split()[-1:] == ["Responsible"] for line in text.splitlines() if "Measure" in line)


# review findings ------------------------------------------------------------------------
def test_a_heading_numbered_by_a_word_list_is_named(tmp_path):
    """Word shows I, II (the heading, Heading 2 in the same list), III; the report prints the
    heading without its number: said, with the file and the heading."""
    outline = "".join(lvl(k, f, t) for k, (f, t) in enumerate(OUTLINE))
    numbering = (f'<w:abstractNum w:abstractNumId="1">{outline}</w:abstractNum>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    styles = ('<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>'
              '<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>')
    heading = ('<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>'
               '</w:pPr><w:r><w:t>Access to justice</w:t></w:r></w:p>')
    body = p("Measures:") + p("item one", 2, 0) + heading + p("item three", 2, 0)
    _blocks, diags = read(package(tmp_path / "head.docx", body, numbering, styles))
    (said,) = [d for d in diags if d.code == "fragment-adapted" and "numbered by a Word list" in d.message]
    assert str(said.location.path) == SHOWN and "Access to justice" in said.message and said.severity.value == "warning"
    _blocks, diags = read(lists_file(tmp_path / "lists.docx"))
    assert not [d for d in diags if "numbered by a Word list" in d.message]


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_a_symbol_font_bullet_no_font_has_is_named_by_font_missing():
    from uprreport.model.nodes import Document, ListLevel, Para, Section
    from uprreport.writers import fonts

    bullet, sign = "\uf0ff", "\U00013000"
    if fonts._covered(ord(bullet), fonts._coverage()) or fonts._covered(ord(sign), fonts._coverage()):
        pytest.skip("this machine has a font for them")
    item = Para([Run(f"an item with {sign}")], id="justice/f/p2", source=SHOWN)
    lst = ListBlock(False, [[item]], levels=[ListLevel("bullet", bullet, 1, "Wingdings")])
    (d,) = fonts.check(Document(body=[Section("D", "D", 1, blocks=[lst])]))
    assert d.code == "font-missing" and str(d.location.path) == SHOWN
    assert "2 characters of the text have no installed font" in d.message
    assert "U+13000 EGYPTIAN HIEROGLYPH A001 (in paragraph justice/f/p2)" in d.message
    assert "U+F0FF a private-use character (in the bullet of the list at paragraph justice/f/p2)" in d.message
    (one,) = fonts.check(Document(body=[Section("D", "D", 1, blocks=[Para([Run(sign)], source=SHOWN)])]))
    assert "1 character of the text has no installed font: U+13000 EGYPTIAN HIEROGLYPH A001;" in one.message


@pytest.mark.libreoffice
def test_metafiles_converted_once_are_taken_from_the_cache(tmp_path, monkeypatch):
    from uprreport import libreoffice

    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    first, _ = read(ole_file(tmp_path / "f.docx"))
    assert len(list((tmp_path / "cache" / "metafiles").glob("*.png"))) == 2
    calls = []
    monkeypatch.setattr(libreoffice, "convert", lambda *a, **k: calls.append(a))
    again, diags = read(ole_file(tmp_path / "g.docx"))
    assert not calls and not [d for d in diags if d.code == "fragment-loss"]
    pictures = lambda blocks: [x.data for para in iter_paras(blocks) for x in para.inlines  # noqa: E731
                               if isinstance(x, Image)]
    assert pictures(again) == pictures(first) and len(pictures(again)) == 2
    monkeypatch.undo()   # LibreOffice again, and no cache
    monkeypatch.setenv("UPRREPORT_CACHE", "off")
    shutil.rmtree(tmp_path / "cache")
    read(ole_file(tmp_path / "h.docx"))
    assert not (tmp_path / "cache").exists()
