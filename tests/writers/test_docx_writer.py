"""The DOCX writer on small hand-made document trees."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document as Docx

from docxxml import NS, W, part, text_of
from uprreport import resources
from uprreport.diagnostics import Report
from uprreport.model.nodes import Cell, Document, DocumentMeta, ListBlock, NoteRef, Para, Run, Section, Table
from uprreport.writers import docx as writer

CTX = {"symbol": "A/HRC/WG.6/1/XYZ/1", "date": "1 January 2025", "original": "English",
       "session_ordinal": "First", "session_when": "Geneva", "title": "T", "state": "S"}


def _write(tmp_path, blocks, notes="endnote", annexes=()):
    tmp_path.mkdir(parents=True, exist_ok=True)
    doc = Document(DocumentMeta(fields=CTX, notes=notes), body=[Section("A", "Section", 1, blocks=blocks, label="I.")],
                   annexes=list(annexes))
    out = tmp_path / "out.docx"
    writer.write(doc, resources.templates_dir() / "national.docx", out, Report())
    Docx(out)
    return out


def _rels(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode()


@pytest.mark.parametrize("kind", ["endnote", "footnote"])
def test_notes_go_to_the_kind_the_profile_asks_for(tmp_path, kind):
    note = NoteRef([Para([Run("See "), Run("the site", link="https://example.org/x")])])
    out = _write(tmp_path, [Para([Run("Text."), note], number=1)], notes=kind)
    body = part(out, "word/document.xml")
    assert len(body.findall(f".//w:{kind}Reference", NS)) == 1
    notes = part(out, f"word/{kind}s.xml")
    real = [n for n in notes.findall(f"w:{kind}", NS) if n.get(f"{{{W}}}type") is None]
    assert len(real) == 1 and "See the site" in "".join(real[0].itertext())
    # the link inside the note is a relationship of the notes part, not of document.xml
    rid = real[0].find(".//w:hyperlink", NS).get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert f'Id="{rid}"' in _rels(out, f"word/_rels/{kind}s.xml.rels")
    assert "https://example.org/x" in _rels(out, f"word/_rels/{kind}s.xml.rels")


def test_each_ordered_list_restarts_at_one(tmp_path):
    lists = [ListBlock(True, [[Para([Run("a")], numbered=False)], [Para([Run("b")], numbered=False)]]),
             Para([Run("between")], number=1),
             ListBlock(True, [[Para([Run("c")], numbered=False)]])]
    out = _write(tmp_path, lists)
    body = part(out, "word/document.xml")
    ids = [n.get(f"{{{W}}}val") for n in body.findall(".//w:numPr/w:numId", NS)]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]
    numbering = part(out, "word/numbering.xml")
    for num_id in {ids[0], ids[2]}:
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS).get(f"{{{W}}}val") == "1"


def test_merged_cells_become_grid_spans_and_vertical_merges(tmp_path):
    c = lambda t, **kw: Cell([Para([Run(t)], numbered=False)], **kw)  # noqa: E731
    table = Table([[c("h1"), c("h2"), c("h3")],
                   [c("wide", colspan=2), c("tall", rowspan=2)],
                   [c("x"), c("y")]], header_rows=1)
    out = _write(tmp_path, [table])
    tbl = next(t for t in part(out, "word/document.xml").iter(f"{{{W}}}tbl") if "wide" in "".join(t.itertext()))
    rows = tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:tc/w:tcPr/w:gridSpan", NS).get(f"{{{W}}}val") == "2"
    assert rows[1].findall("w:tc", NS)[1].find("w:tcPr/w:vMerge", NS).get(f"{{{W}}}val") == "restart"
    last = rows[2].findall("w:tc", NS)
    assert len(last) == 3 and last[2].find("w:tcPr/w:vMerge", NS) is not None
    assert [text_of(tc) for tc in last] == ["x", "y", ""]


def test_numbered_paragraphs_carry_their_number_and_a_tab(tmp_path):
    out = _write(tmp_path, [Para([Run("One")], number=1), Para([Run("Two")], number=2)])
    texts = [text_of(p) for p in part(out, "word/document.xml").iter(f"{{{W}}}p")]
    assert "1.\tOne" in texts and "2.\tTwo" in texts and "I.\tSection" in texts


def test_template_without_body_paragraph_is_refused_with_a_diagnostic(tmp_path):
    from docx import Document as New

    bare = tmp_path / "bare.docx"
    New().save(bare)
    with pytest.raises(writer.TemplateError) as exc:
        writer.write(Document(DocumentMeta(fields=CTX)), bare, tmp_path / "o.docx", Report())
    (d,) = exc.value.diagnostics
    assert d.code == "template-invalid" and d.location.path == "bare.docx" and "{{ body }}" in d.message
    assert not (tmp_path / "o.docx").exists()


def test_template_lacking_a_style_still_writes_with_normal(tmp_path):
    from docx import Document as New

    bare = tmp_path / "bare.docx"
    d = New()
    d.add_paragraph("{{ body }}")
    d.save(bare)
    report = Report()
    writer.write(Document(DocumentMeta(fields=CTX), body=[Section("A", "S", 1, blocks=[Para([Run("x")])])]),
                 bare, tmp_path / "o.docx", report)
    assert not report.has_errors()   # readers/template.py reports the missing styles at validation
    assert "x" in [text_of(p) for p in part(tmp_path / "o.docx", "word/document.xml").iter(f"{{{W}}}p")]


def test_plain_rows_are_written_as_the_table_of_the_same_cells(tmp_path):
    """The matrix's Rows fast path gives the very XML the general Table path gives."""
    from uprreport.model.nodes import BOLD, ITALIC, Rows

    header = ["Recommendation", "Position", "Status"]
    rows = [[[[("140.1 ", BOLD), ("Ratify the Convention (Utopia)", 0)], [("Related: ", ITALIC), ("140.2", 0)]],
             [[("Supported", 0)]], [[("Not reported", ITALIC)]]],
            [[[("140.2 ", BOLD), ("Tabs\tand\nbreaks & <signs>", 0)]], [], [[("", 0)]]]]

    def cell(paras):
        return Cell([Para([Run(text, bold=bool(f & BOLD), italic=bool(f & ITALIC)) for text, f in p], numbered=False)
                     for p in paras])

    table = Table([[cell([[(h, BOLD)]]) for h in header]] + [[cell(c) for c in row] for row in rows],
                  header_rows=1, widths=[46, 10, 13])
    as_table = _write(tmp_path / "t", [Para([Run("x")])], annexes=[Section("annex.m", "M", 1, blocks=[table])])
    as_rows = _write(tmp_path / "r", [Para([Run("x")])],
                     annexes=[Section("annex.m", "M", 1, blocks=[Rows(header, rows, [46, 10, 13])])])
    with zipfile.ZipFile(as_table) as a, zipfile.ZipFile(as_rows) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")


def test_the_body_goes_into_the_saved_package_where_the_anchor_was(tmp_path):
    """ooxml.splice: the generated body replaces the marked paragraph, whatever attributes
    Word gave that paragraph, and the rest of the package is kept."""
    import io

    from uprreport.ooxml import write as ox

    d = Docx()
    d.add_paragraph("before")
    anchor = d.add_paragraph("{{ body }}")._p
    anchor.set(f"{{{ox.W}}}rsidR", "00AB12CD")
    d.add_paragraph("after")
    ox.mark_for_splice(anchor)
    saved = io.BytesIO()
    d.save(saved)
    body = '<w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">C </w:t></w:r></w:p>'
    out = tmp_path / "spliced.docx"
    out.write_bytes(ox.splice(saved.getvalue(), body))
    assert [p.text for p in Docx(out).paragraphs] == ["before", "A & B", "C ", "after"]
    with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        assert all(a.read(n) == b.read(n) for n in a.namelist() if n != "word/document.xml")


def test_a_body_given_in_pieces_is_written_as_the_same_package(tmp_path):
    """ooxml.splice streams the body's pieces into the part a megabyte at a time, straight to
    the file: the body is in the part whole and in order, the other parts as they were, and
    the package the same bytes as with the body given joined, whatever the pieces' letters
    (Arabic and Chinese text in batches of a megabyte, each encoded on its own)."""
    import io

    from uprreport.ooxml import write as ox

    d = Docx()
    anchor = d.add_paragraph("{{ body }}")._p
    ox.mark_for_splice(anchor)
    saved = io.BytesIO()
    d.save(saved)
    pieces = [f"<w:p><w:r><w:t>{n} {'ا' * (n % 7)}{'中' * (n % 5)} Côte d’Ivoire</w:t></w:r></w:p>"
              for n in range(40_000)]                      # about 2.5 MB of text
    joined = ox.splice(saved.getvalue(), "".join(pieces))
    out = tmp_path / "streamed.docx"
    with out.open("wb") as f:
        assert ox.splice(saved.getvalue(), pieces, f) is None
    assert out.read_bytes() == joined            # a str and its pieces give one package
    with zipfile.ZipFile(out) as streamed, zipfile.ZipFile(io.BytesIO(saved.getvalue())) as original:
        xml = streamed.read("word/document.xml").decode("utf-8")
        assert "".join(pieces) in xml and ox.SPLICE not in xml    # whole, in order, where the anchor was
        assert all(streamed.read(n) == original.read(n) for n in original.namelist() if n != "word/document.xml")
        assert {i.date_time for i in streamed.infolist()} == {ox.WORD_ZIP_DATE}
    paragraphs = Docx(out).paragraphs
    assert len(paragraphs) == 40_000 and paragraphs[39_999].text == f"39999 {'ا' * (39_999 % 7)}{'中' * 4} Côte d’Ivoire"
