"""What pandoc's Word reader would drop, built as Word writes it, is carried or named.

Each case is a construct Word itself writes (the XML shapes of Word 2007-2019), placed in
an otherwise plain document made with python-docx."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml

from uprreport.model.nodes import Para, Run, iter_paras
from uprreport.readers import docx as docx_reader

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NS = (f'{W_NS} xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"')


def _read(path: Path):
    blocks, diags = docx_reader.read(path, "contributions/x/f.docx", {}, "accept")
    assert blocks is not None, diags
    return blocks, diags


def _texts(blocks) -> list[str]:
    return [p.plain() for p in iter_paras(blocks)]


def _p(xml: str):
    return parse_xml(f"<w:p {NS}>{xml}</w:p>")


def test_a_hyperlink_field_inside_a_tracked_insertion_stays_a_link(tmp_path):
    d = Document()
    p = d.add_paragraph("See ")
    p._p.append(parse_xml(
        f'<w:ins {NS} w:id="7" w:author="Reviewer" w:date="2024-02-01T10:00:00Z">'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/act" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>the Act</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:ins>'))
    d.save(tmp_path / "f.docx")
    blocks, diags = _read(tmp_path / "f.docx")
    runs = [r for p in iter_paras(blocks) for r in p.inlines if isinstance(r, Run)]
    assert any(r.text == "the Act" and r.link == "https://example.org/act" for r in runs)
    assert any(d.code == "fragment-revisions" for d in diags)


def test_vml_text_box_text_follows_its_paragraph(tmp_path):
    d = Document()
    p = d.add_paragraph("Before the box.")
    p._p.append(parse_xml(
        f'<w:r {NS}><w:pict><v:shape id="Text Box 2" type="#_x0000_t202" style="width:200pt;height:60pt">'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed one.</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Boxed two.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    d.add_paragraph("After the box.")
    d.save(tmp_path / "f.docx")
    blocks, diags = _read(tmp_path / "f.docx")
    assert _texts(blocks) == ["Before the box.", "Boxed one.", "Boxed two.", "After the box."]
    (w,) = [x for x in diags if x.code == "fragment-adapted"]
    assert "1 text box" in w.message and w.location.path == "contributions/x/f.docx"


def test_drawingml_text_box_with_its_vml_fallback_gives_its_text_once(tmp_path):
    box = ('<w:txbxContent><w:p><w:r><w:t>Key figure: 42 shelters.</w:t></w:r></w:p></w:txbxContent>')
    d = Document()
    p = d.add_paragraph("Shelters.")
    p._p.append(parse_xml(
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2000000" cy="500000"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr/><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="Text Box 1" type="#_x0000_t202">'
        f'<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.save(tmp_path / "f.docx")
    blocks, _ = _read(tmp_path / "f.docx")
    assert _texts(blocks) == ["Shelters.", "Key figure: 42 shelters."]


def test_title_and_subtitle_paragraphs_stay_in_the_text_in_place(tmp_path):
    d = Document()
    d.add_paragraph("Report of the Ministry of Health", style="Title")
    d.add_paragraph("Contribution to the UPR", style="Subtitle")
    d.add_paragraph("Maternal mortality fell.")
    d.save(tmp_path / "f.docx")
    blocks, _ = _read(tmp_path / "f.docx")
    paras = list(iter_paras(blocks))
    assert [p.plain() for p in paras] == ["Report of the Ministry of Health", "Contribution to the UPR",
                                          "Maternal mortality fell."]
    assert not paras[0].numbered and paras[0].style == "Heading 4" and paras[2].numbered


@pytest.mark.parametrize("checked, mark", [('<w:default w:val="1"/>', "\u2612"), ('<w:default w:val="0"/>', "\u2610"),
                                           ('<w:default w:val="0"/><w:checked/>', "\u2612")])
def test_legacy_form_check_boxes_show_what_they_showed(tmp_path, checked, mark):
    d = Document()
    p = d.add_paragraph("Consulted civil society: ")
    for xml in (f'<w:r {NS}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
                f'<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>{checked}</w:checkBox></w:ffData></w:fldChar></w:r>',
                f'<w:r {NS}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>',
                f'<w:r {NS}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {NS}><w:fldChar w:fldCharType="end"/></w:r>'):
        p._p.append(parse_xml(xml))
    p.add_run(" yes")
    d.save(tmp_path / "f.docx")
    blocks, diags = _read(tmp_path / "f.docx")
    assert _texts(blocks) == [f"Consulted civil society: {mark} yes"]
    assert any(x.code == "fragment-adapted" and "check box" in x.message for x in diags)


def test_content_control_check_boxes_keep_their_mark(tmp_path):
    d = Document()
    p = d.add_paragraph("Published: ")
    p._p.append(parse_xml(
        f'<w:sdt {NS}><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/><w14:checkedState w14:val="2612" '
        'w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
        '<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" '
        'w:hint="eastAsia"/></w:rPr><w:t>\u2612</w:t></w:r></w:sdtContent></w:sdt>'))
    d.save(tmp_path / "f.docx")
    blocks, _ = _read(tmp_path / "f.docx")
    assert _texts(blocks) == ["Published: \u2612"]


def test_headers_and_footers_are_named_once_as_not_carried(tmp_path):
    d = Document()
    d.sections[0].header.paragraphs[0].text = "Ministry of Health - draft"
    d.sections[0].footer.paragraphs[0].text = "Confidential"
    d.add_paragraph("Text.")
    d.save(tmp_path / "f.docx")
    _, diags = _read(tmp_path / "f.docx")
    (w,) = [x for x in diags if x.code == "fragment-loss"]
    assert "headers and footers are not carried" in w.message


def test_a_picture_in_a_note_is_named_with_the_fragment(tmp_path):
    import io

    from PIL import Image as Pil

    buf = io.BytesIO()
    Pil.new("RGB", (20, 20), "red").save(buf, "PNG")
    d = Document()
    p = d.add_paragraph("Text with a note.")
    d.add_picture(io.BytesIO(buf.getvalue()))
    d.save(tmp_path / "pic.docx")
    # move the picture's run into a footnote, as Word stores one there
    import zipfile

    with zipfile.ZipFile(tmp_path / "pic.docx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode()
    start = doc.rindex("<w:p>", 0, doc.index("<w:drawing>"))
    end = doc.index("</w:p>", doc.index("</w:drawing>")) + len("</w:p>")
    picture_para = doc[start:end]
    doc = doc[:start] + doc[end:]
    doc = doc.replace("Text with a note.</w:t></w:r>", 'Text with a note.</w:t></w:r><w:r><w:rPr>'
                      '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>', 1)
    rels = parts["word/_rels/document.xml.rels"].decode()
    image_rel = next(r for r in rels.split("<Relationship ") if "media/" in r)
    rid = image_rel.split('Id="')[1].split('"')[0]
    parts["word/document.xml"] = doc.encode()
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS} '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1">{picture_para}</w:footnote></w:footnotes>').encode()
    parts["word/_rels/footnotes.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship {image_rel.split("/>")[0]}/></Relationships>').encode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", '<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/></Relationships>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/></Types>').encode()
    with zipfile.ZipFile(tmp_path / "f.docx", "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert rid
    blocks, diags = _read(tmp_path / "f.docx")
    (w,) = [x for x in diags if x.code == "fragment-loss"]
    assert w.location.path == "contributions/x/f.docx" and "inside notes" in w.message
    note = next(r for p in iter_paras(blocks) for r in p.inlines if not isinstance(r, Run))
    assert any(p.plain().startswith("[image:") for p in note.blocks if isinstance(p, Para))


def test_indented_paragraphs_in_table_cells_take_the_tables_style(sample_copy, tmp_path):
    from docx.shared import Cm

    from docxxml import NS as XNS, part
    from uprreport import api

    d = Document()
    t = d.add_table(rows=2, cols=3)
    for row in t.rows:
        for cell in row.cells:
            cell.paragraphs[0].text = "Contract clause"
            cell.paragraphs[0].paragraph_format.left_indent = Cm(1.5)   # read by pandoc as a quotation
    folder = sample_copy / "contributions" / "justice"
    d.save(folder / "contract.docx")
    (folder / "contract.yaml").write_text("section: D\ntheme: justice\n", encoding="utf-8")
    out = api.build(sample_copy, tmp_path, pdf=False).outputs[0]
    body = part(out, "word/document.xml")
    cells = [tc for tc in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")
             if "Contract clause" in "".join(tc.itertext())]
    styles = {p.find("w:pPr/w:pStyle", XNS).get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
              for tc in cells for p in tc.findall("w:p", XNS)}
    assert len(cells) == 6 and styles <= {"TableText", "TableHeading"}
