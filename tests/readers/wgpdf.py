"""Working Group reports as PDFs: made as the UN makes them (a Word document, A4, justified,
the symbol and page number in the running head, odd and even pages mirrored, a job number in
the footer, footnotes, hyphenation, that LibreOffice turns into a PDF), or typeset directly
(`typeset`: lines placed where given, words parted by gaps and no space characters)."""

from __future__ import annotations

from pathlib import Path

import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

SYMBOL = "A/HRC/25/5"
JOB = "GE.14-12345 (E)"
SHY = "\u00ad"   # a soft hyphen in a word: where Word and LibreOffice may break it

# Parts of recommendations, combined into long ones that run over page breaks. Soft hyphens
# mark the words that may be broken at a line end; the hyphens in words stay hyphens.
VERBS = ["Ratify the Optional Protocol to the Convention against Torture and establish an "
         "indepen\u00addent national preventive mechanism",
         "Strengthen the independence and the resources of the National Human Rights Institution "
         "in full compliance with the Paris Principles",
         "Adopt a comprehensive anti-discrimination law that covers all prohibited grounds, "
         "including sexual orientation and gender identity",
         "Continue its efforts to combat trafficking in persons, in particular women and children, "
         "and to provide assistance to victims",
         "Consider ratifying the ILO Domestic Workers Convention, 2011 (No. 189), and the "
         "Convention on the Rights of Persons with Disabilities",
         "Ensure that human rights defenders, journalists and members of non-governmental "
         "organizations can carry out their work without fear of reprisals",
         "Guarantee an impar\u00adtial and effective investigation of all allegations of torture "
         "and ill-treatment by law enforcement officials",
         "Take further measures to guarantee the right to a defence for every person deprived "
         "of liberty, from the first hour of police custody"]
TAILS = ["and report on the progress made in its next national report",
         "in consultation with civil society and with the support of the United Nations country team",
         "by allocating adequate human, technical and finan\u00adcial resources to the bodies concerned",
         "with a view to eliminating all forms of discrimination against women and girls",
         "and ensure that the perpetrators are brought to justice and the victims receive redress",
         "including through awareness-raising campaigns and the training of judges, prosecutors and police"]
STATES = [["Denmark"], ["Chile", "Portugal"], ["Venezuela (Bolivarian Republic of)"], ["Canada"],
          ["Netherlands (Kingdom of the)"], ["Sierra Leone", "Togo", "Uruguay"], ["Iran (Islamic Republic of)"],
          ["Republic of Moldova"]]


def recommendations(count: int = 60, para: int = 140) -> list[tuple[str, str, list[str]]]:
    """``count`` recommendations as (id, text as written in Word, States), long enough (four
    to seven lines) that many of them cross a page break."""
    out = []
    for k in range(count):
        parts = [VERBS[k % len(VERBS)], TAILS[k % len(TAILS)]]
        if k % 3:
            parts.append(TAILS[(k * 5 + 1) % len(TAILS)])
        if k % 2:
            verb = VERBS[(k + 3) % len(VERBS)]
            parts += [verb[0].lower() + verb[1:], TAILS[(k + 2) % len(TAILS)]]
        out.append((f"{para}.{k + 1}", ", ".join(parts), STATES[k % len(STATES)]))
    return out


def plain(text: str) -> str:
    """The text as the thematic list holds it: soft hyphens are no characters of it."""
    return text.replace(SHY, "")


def _run_text(paragraph, text: str) -> None:
    """Add ``text`` with its soft hyphens as Word's <w:softHyphen/>."""
    run = paragraph.add_run()
    for k, piece in enumerate(text.split(SHY)):
        if k:
            run._r.append(parse_xml(f"<w:softHyphen {nsdecls('w')}/>"))
        t = parse_xml(f"<w:t {nsdecls('w')} xml:space=\"preserve\"/>")
        t.text = piece
        run._r.append(t)


def _field(paragraph, instr: str) -> None:
    paragraph._p.append(parse_xml(f"<w:fldSimple {nsdecls('w')} w:instr=\" {instr} \"><w:r><w:t>1</w:t></w:r>"
                                  "</w:fldSimple>"))


def _line(paragraph, pieces: list[str]) -> None:
    """A header or footer line: pieces separated by a right-aligned tab; "PAGE" is the field."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(17.0 - 2 * 2.5), alignment=2)   # right
    for k, piece in enumerate(pieces):
        if k:
            paragraph.add_run("\t")
        if piece == "PAGE":
            _field(paragraph, "PAGE")
        else:
            paragraph.add_run(piece)


_FOOTNOTES = (f"<w:footnotes {nsdecls('w')}>"
              "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
              "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/>"
              "</w:r></w:p></w:footnote>{notes}</w:footnotes>")


def _footnotes(document, notes: list[str]) -> None:
    """A footnotes part holding ``notes`` (ids 1 …), set in 8 points as UN footnotes are."""
    body = "".join(f"<w:footnote w:id=\"{k}\"><w:p><w:pPr><w:ind w:left=\"1134\" w:right=\"1134\" "
                   "w:hanging=\"0\"/></w:pPr><w:r><w:rPr><w:sz w:val=\"16\"/><w:vertAlign w:val=\"superscript\"/>"
                   f"</w:rPr><w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val=\"16\"/></w:rPr><w:t xml:space=\"preserve\">"
                   f" {text}</w:t></w:r></w:p></w:footnote>" for k, text in enumerate(notes, 1))
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                _FOOTNOTES.format(notes=body).encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _note_ref(paragraph, note: int) -> None:
    paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr>"
                                  f"<w:footnoteReference w:id=\"{note}\"/></w:r>"))


def report(path: Path, recs: list[tuple[str, str, list[str]]], *, symbol: str = SYMBOL,
           page_in_header: bool = True, notes: dict[str, str] | None = None) -> Path:
    """Write a Working Group report as a .docx: the cover lines, paragraph 139, the
    recommendations of ``recs`` under paragraph 140, paragraph 141.

    With ``page_in_header`` the running head holds the symbol and the page number on one
    line (symbol right and number left on odd pages, mirrored on even pages) and every footer
    the job number; otherwise the head holds the symbol alone and the footer the page number,
    as A/HRC documents print them, and the job number and "Please recycle" are on the first
    page only. ``notes`` maps a recommendation id to a footnote set at its end (8 points)."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(10)
    style.paragraph_format.space_after = Pt(6)
    settings = doc.settings.element
    settings.append(parse_xml(f"<w:autoHyphenation {nsdecls('w')}/>"))   # as UN documents are set
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.8)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.2)
    section.different_first_page_header_footer = True
    odd = ["PAGE", symbol] if page_in_header else ["", symbol]
    even = [symbol, "PAGE"] if page_in_header else [symbol]
    _line(section.header.paragraphs[0], odd)
    _line(section.even_page_header.paragraphs[0], even)
    if page_in_header:
        _line(section.footer.paragraphs[0], [JOB])
        _line(section.even_page_footer.paragraphs[0], [JOB])
    else:
        _line(section.footer.paragraphs[0], ["", "PAGE"])
        _line(section.even_page_footer.paragraphs[0], ["PAGE"])
    first = section.first_page_footer.paragraphs[0]
    _line(first, [JOB])
    section.first_page_footer.add_paragraph("Please recycle")
    for text in ["United Nations", symbol, "General Assembly", "Distr.: General", "4 January 2014",
                 "Report of the Working Group on the Universal Periodic Review",
                 "II. Conclusions and/or recommendations"]:
        doc.add_paragraph(text)
    body = [("139.", "The recommendations formulated during the interactive dialogue and listed below have been "
             "examined by Arcadia and enjoy its support.")]
    for number, text in body:
        p = doc.add_paragraph(style=None)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _run_text(p, f"{number}\t{text}")
    intro = doc.add_paragraph()
    intro.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run_text(intro, "140.\tThe following recommendations will be examined by Arcadia, which will provide "
                     "responses in due time, but no later than the twenty-sixth session of the Human Rights Council:")
    note_texts = []
    for rid, text, states in recs:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = p.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Cm(3.25), Cm(-1.25)
        fmt.tab_stops.add_tab_stop(Cm(3.25))
        _run_text(p, f"{rid}\t{text}")
        if notes and rid in notes:   # the note's mark after the text, before the States
            note_texts.append(notes[rid])
            _note_ref(p, len(note_texts))
        _run_text(p, f" {' '.join(f'({s})' for s in states)};")
    closing = doc.add_paragraph()
    closing.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run_text(closing, "141.\tAll conclusions and/or recommendations contained in the present report reflect the "
                       "position of the submitting State(s) and/or the State under review. They should not be "
                       "construed as endorsed by the Working Group as a whole.")
    if note_texts:
        _footnotes(doc, note_texts)
    doc.save(path)
    return path


def pdf(docx: Path, out: Path) -> Path:
    """``docx`` made a PDF by LibreOffice (raises ToolMissing where it is absent)."""
    from uprreport.libreoffice import convert

    convert(docx, out)
    return out


def typeset(pages: list[list[tuple[float, float, float, str]]]) -> bytes:
    """A PDF (A4, Helvetica) of ``pages``, each a list of (x, y, size, line), as a typesetter
    places a justified line: no space characters, words parted by gaps of 3 to 4 points;
    "|" in a word is a kerning gap of 0.04 em, "\\t" a tab (20 points), "^1" a note mark set
    small and raised, "~" a gap of 0.05 em (a tab that found no room)."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    def line(x: float, y: float, size: float, text: str) -> str:
        ops = [f"BT /F1 {size} Tf {x} {y} Td"]
        array: list[str] = []
        for k, piece in enumerate(re.split(r"(\^\S| |\t|\||~)", text)):
            if piece == " ":
                array.append(str(-round((3 + k % 3 * 0.5) * 1000 / size)))
            elif piece in ("\t", "|", "~"):
                array.append({"\t": str(-round(20 * 1000 / size)), "|": "-40", "~": "-50"}[piece])
            elif piece.startswith("^"):
                ops += [f"[{' '.join(array)}] TJ", f"/F1 {size * 0.6:g} Tf {size * 0.35:g} Ts ({esc(piece[1:])}) Tj",
                        f"/F1 {size} Tf 0 Ts"]
                array = []
            elif piece:
                array.append(f"({esc(piece)})")
        return " ".join(ops + [f"[{' '.join(array)}] TJ ET"])

    streams = ["\n".join(line(*item) for item in page) for page in pages]
    n = len(pages)
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{4 + 2 * k} 0 R' for k in range(n))}] /Count {n} >>",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for k, stream in enumerate(streams):
        objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {5 + 2 * k} 0 R "
                    "/Resources << /Font << /F1 3 0 R >> >> >>",
                    f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{off:010d} 00000 n \n" for off in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
