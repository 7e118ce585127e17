"""Valid inputs of every kind a reader takes, made by the tests themselves (nothing
downloaded): the fuzzing starts from them and mutates them, so that its inputs reach past
the first check of each parser."""

from __future__ import annotations

import io
import json
import zipfile
from email.message import EmailMessage
from pathlib import Path

from docx import Document

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4b80000000049454e44ae426082")
RECS = [("140.1", "Ratify the Optional Protocol to the Convention against Torture", "Denmark; Chile", "supported",
         "health"),
        ("140.2", "Adopt a comprehensive anti-discrimination law", "Canada", "noted", "health"),
        ("140.10", "Strengthen the national human rights institution", "Portugal", "partially supported", "")]

REPORT_YAML = """kind: national
state: Republic of Arcadia
iso3: ARC
cycle: 4
wg_session: 48
symbol: A/HRC/WG.6/48/ARC/1
previous_review: A/HRC/44/12
language: en
date: 2024-10-28
session_start: 2025-01-20
register: recommendations.csv
themes:
  - key: health
    title: Right to health
limits:
  words: 10700
styles:
  MoH Body Text: Body Text
import_terms:
  columns:
    position: [Stellungnahme, Position]
  positions:
    Angenommen: supported
"""

CONTRIBUTOR_YAML = """name: Ministry of Health
short_name: MoH
kind: ministry
sections:
- D.health
contact:
  name: UPR focal point
  email: upr.health@example.gov.arc
"""

FRAGMENT_MD = """---
section: D
theme: health
recommendations: ["140.1", "140.2"]
---
The Health Act (2023) guarantees *free* primary care to **all** residents,[^1] and
[the strategy](https://example.org) covers 140.1:

- clinics in every district;
    1. nested item
- > a quote in a list

![Clinics by district](clinics.png){width=5cm height=3cm}

| Year | Clinics |
|------|---------|
| 2023 | 12      |

[^1]: Official Gazette 12/2023.
"""

IMPLEMENTATION_CSV = ("recommendation,status,actions,indicators,responsible_body,partners,timeframe,evidence\n"
                      "140.1,fully implemented,Measure in place,Share (%),Ministry of Health,OGEN; HRO,2022–2025,"
                      "Decision\n140.2,partially implemented,Pilot,,Ministry of Health,,ongoing,\n")

UPRINFO_CSV = ("To,Text,From,Response,Action,Issue,Session\n"
               "Arcadia,Ratify the Optional Protocol to the Convention against Torture,Denmark,Supported,4,"
               '"Torture, Detention",48\n'
               "Arcadia,Adopt a comprehensive anti-discrimination law,Canada,Noted,5,Equality,48\n")

IMPACT_CSV = ("Reference,Title,Recommending States,Support Level,Response,Human Rights Body,Document,Themes,SDGs\n"
              '"A/HRC/44/12, para. 140.1",Ratify the Optional Protocol,Denmark; Chile,Supported,,UPR,A/HRC/44/12,'
              "health,16\n140.2,Adopt a law,Canada,Supported in part,Under way,UPR,,,\n")

WG_REPORT = [
    "A/HRC/59/15",
    "II. Conclusions and/or recommendations",
    "140. The following recommendations will be examined by Arcadia:",
    "140.1 Ratify the Optional Protocol to the Convention against Torture (Denmark) (Chile);",
    "140.2 Consider ratifying the ILO Domestic Workers Convention, 2011 (No. 189) (Philippines);",
    "140.3 Continue its efforts to combat trafficking in persons (Venezuela (Bolivarian Republic of));",
    "141. All conclusions and/or recommendations contained in the present report reflect the position of the "
    "submitting State(s) and/or the State under review.",
]
WG_ADDENDUM = ["A/HRC/59/15/Add.1", "1. Arcadia supports recommendations 140.1 and 140.3.",
               "2. Arcadia notes recommendation 140.2."]

COMMENT_FORM_CSV = ("paragraph_id,paragraph_number,excerpt,comment,proposed_wording,commenter,organisation,type\n"
                    ",1,The Health Act (2023) guarantees free primary care,Say which year it came into force,,"
                    "A. Reviewer,NGO,editorial\n")

PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language: fr\\n"\n\n'
      '#. Ministry of Health\n#: contributions/health/health.md:0\nmsgctxt "p-health-1"\n'
      'msgid "The Health Act (2023) guarantees <i>free</i> primary care.<note>Gazette</note>"\n'
      'msgstr "La loi sur la santé (2023) garantit des soins <i>gratuits</i>.<note>Journal</note>"\n\n'
      '#, fuzzy\nmsgctxt "p-health-2"\nmsgid "Second"\nmsgstr "Deuxième"\n')

PACK_REGISTER = {"packs": [{"id": "0f" * 16, "slug": "health", "version": 1, "sent": "2024-06-01",
                            "deadline": "2024-06-30",
                            "returns": [{"file": "answers.xlsx", "kind": "workbook", "at": "2024-06-20T10:00:00+00:00"}]}]}
APPROVALS = {"approvals": [{"body": "health", "sha256": "ab" * 32, "by": "J. Novak, State Secretary",
                            "at": "2024-06-21T09:00:00+00:00"}]}


def register_rows() -> list[dict]:
    return [{"id": i, "text": t, "states": s, "position": p, "themes": th} for i, t, s, p, th in RECS]


def csv_text(columns: list[str], rows: list[dict]) -> str:
    import csv

    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def xlsx(rows: list[list], sheet: str = "Sheet", instructions: bool = False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if instructions:
        ws.title = "Instructions"
        ws.append(["Fill in one row per recommendation on the next sheet."])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ods(rows: list[list]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Register")
    for row in rows:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def register_files() -> dict[str, bytes]:
    """The register in each format it is read in."""
    rows = register_rows()
    columns = ["id", "text", "states", "position", "themes"]
    table = [columns] + [[r[c] for c in columns] for r in rows]
    return {".csv": csv_text(columns, rows).encode("utf-8"),
            ".xlsx": xlsx(table, "Register", instructions=True),
            ".ods": ods(table),
            ".yaml": ("recommendations:\n" + "".join(
                f"  - id: '{r['id']}'\n    text: {r['text']}\n    states: [{r['states']}]\n"
                f"    position: {r['position']}\n    themes: [{r['themes']}]\n" for r in rows)).encode("utf-8"),
            ".json": json.dumps(rows, indent=1).encode("utf-8")}


def docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    d = Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = t.add_row().cells
            for c, text in zip(cells, row):
                c.text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def fragment_docx() -> bytes:
    """A Word fragment with a styled paragraph, a list, a table, a note-like superscript."""
    d = Document()
    d.add_heading("Right to health", level=2)
    d.add_paragraph("The Health Act (2023) guarantees free primary care.", style="List Bullet")
    d.add_paragraph("Clinics opened in every district.").add_run(" 1").font.superscript = True
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(1, 0).text, t.cell(1, 1).text = "Year", "Clinics", "2023", "12"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def ohchr_list_docx() -> bytes:
    """A thematic list of recommendations as OHCHR lays it out (third cycle)."""
    d = Document()
    d.add_paragraph("UPR of Arcadia (4th Cycle – 48th session)")
    t = d.add_table(rows=1, cols=4)
    for c, h in zip(t.rows[0].cells, ["Recommendation", "Position", "Full list of themes",
                                      "Assessment/comments on level of implementation"]):
        c.text = h
    row = t.add_row().cells
    merged = row[0].merge(row[3])
    merged.text = "Theme: A12 Acceptance of international norms"
    for rid, text, state, pos in [("140.1", "Ratify the Optional Protocol", "Denmark", "Supported"),
                                  ("140.2", "Adopt a law", "Canada", "Noted")]:
        row = t.add_row().cells
        row[0].text = f"{rid} {text} ({state});\nSource of Position: A/HRC/44/12/Add.1"
        row[1].text = pos
        row[2].text = "A12 Acceptance of international norms\nAffected persons:\n- general\nSDGs:\n- 16 - PEACE"
        row[3].text = ""
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def review_copy_docx() -> bytes:
    """A returned review copy: bookmarks per paragraph, a comment with a reply, tracked
    insertions, deletions and a move."""
    base = docx(["x"])
    body = (f'<w:p><w:bookmarkStart w:id="1" w:name="upr_p1"/><w:r><w:t>1. The Health Act guarantees care.</w:t></w:r>'
            f'<w:bookmarkEnd w:id="1"/></w:p>'
            f'<w:p><w:bookmarkStart w:id="2" w:name="upr_p2"/><w:commentRangeStart w:id="0"/>'
            f'<w:r><w:t xml:space="preserve">2. Clinics opened </w:t></w:r>'
            f'<w:ins w:id="10" w:author="R. Viewer" w:date="2024-03-20T10:00:00Z"><w:r><w:t>in 2023 </w:t></w:r></w:ins>'
            f'<w:del w:id="11" w:author="R. Viewer" w:date="2024-03-20T10:01:00Z"><w:r><w:delText>soon</w:delText></w:r></w:del>'
            f'<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
            f'<w:moveFrom w:id="12" w:author="R. Viewer" w:date="2024-03-20T10:02:00Z"><w:r><w:t>moved</w:t></w:r></w:moveFrom>'
            f'<w:bookmarkEnd w:id="2"/></w:p>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}'
                f'<w:sectPr/></w:body></w:document>').encode("utf-8")
    comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {W}>'
                f'<w:comment w:id="0" w:author="R. Viewer" w:date="2024-03-20T10:03:00Z" w:initials="RV">'
                f'<w:p><w:r><w:t>Say which year.</w:t></w:r></w:p></w:comment>'
                f'<w:comment w:id="1" w:author="A. Drafter" w:date="2024-03-21T10:03:00Z">'
                f'<w:p><w:r><w:t>Done.</w:t></w:r></w:p></w:comment></w:comments>').encode("utf-8")
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = document
            elif name == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/comments.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
            elif name == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdC" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
                                    b"</Relationships>")
            z.writestr(name, data)
        z.writestr("word/comments.xml", comments)
    return out.getvalue()


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF holding ``lines`` as text (written by hand: small, so that mutations
    reach its objects)."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 9 Tf 40 800 Td 11 TL " + " ".join(f"({esc(line[:110])}) '" for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def email(text: str = "On paragraph 1: say which year the Health Act came into force.",
          attachments: list[tuple[str, bytes]] = ()) -> bytes:
    msg = EmailMessage()
    msg["From"] = "A. Reviewer <a.reviewer@ngo.example>"
    msg["Date"] = "Mon, 25 Mar 2024 10:00:00 +0000"
    msg["Subject"] = "Comments on the draft"
    msg.set_content(text)
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return bytes(msg)


def project(root: Path) -> Path:
    """A small national project that validates without errors."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "report.yaml").write_text(REPORT_YAML, encoding="utf-8")
    (root / "recommendations.csv").write_bytes(register_files()[".csv"])
    health = root / "contributions" / "health"
    health.mkdir(parents=True, exist_ok=True)
    (health / "contributor.yaml").write_text(CONTRIBUTOR_YAML, encoding="utf-8")
    (health / "health.md").write_text(FRAGMENT_MD, encoding="utf-8")
    (health / "implementation.csv").write_text(IMPLEMENTATION_CSV, encoding="utf-8")
    (health / "clinics.png").write_bytes(PNG)
    return root
