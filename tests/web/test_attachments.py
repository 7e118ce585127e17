"""Files sent with a comment (PDF, DOCX, ODT; at most 3, 10 MB each): each through the gate
(rounds/attachments.py), kept in rounds/files/, listed in the register, on the receipt and in
the response matrix; a refused file gives the form back with the text typed and the reason
beside the field; nothing public serves them."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from .webkit import comment_form, field, make_app, register

P1 = "justice/framework/p1"
ODT_MIME = "application/vnd.oasis.opendocument.text"


def pdf(javascript: str = "") -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    if javascript:   # a document-level script: the catalog's name tree /Names /JavaScript
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject(javascript)})
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), action])})
        root = getattr(w, "root_object", None) or w._root_object
        root[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def docx(text: str = "Our evidence.", macro: bool = False) -> bytes:
    from docx import Document

    buf = io.BytesIO()
    d = Document()
    d.add_paragraph(text)
    d.save(buf)
    if not macro:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


def odt(mimetype: str = ODT_MIME, extra: dict | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)          # first and stored, as ODF asks
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                   'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type'
                   f'="{mimetype}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
                   '"text/xml"/></manifest:manifest>')
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
                                  '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def post(client, files, paragraph=P1, **fields):
    data = comment_form(client, paragraph)
    data.update({"consent": "yes", "comment": "See the attached evidence.", **fields})
    data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post("/comment", data=data, content_type="multipart/form-data")


def test_a_pdf_a_docx_and_an_odt_are_kept_listed_and_shown_on_the_receipt(project, client):
    files = [("Evidence 2024.pdf", pdf()), ("report.docx", docx()), ("notes.odt", odt())]
    r = post(client, files)
    assert r.status_code == 303, r.get_data(as_text=True)[:2000]
    (c,) = register(project, "SELECT id FROM comments")
    rows = register(project, "SELECT * FROM attachments WHERE comment = ? ORDER BY n", c["id"])
    assert [(a["n"], a["name"], a["type"]) for a in rows] == [
        (1, "Evidence 2024.pdf", "application/pdf"),
        (2, "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (3, "notes.odt", ODT_MIME)]
    import hashlib

    for a, (_name, content) in zip(rows, files):
        assert a["size"] == len(content) and a["sha"] == hashlib.sha256(content).hexdigest()
        kept = project / "rounds" / "files" / f"{a['sha']}.{_name.rsplit('.', 1)[1]}"
        assert kept.read_bytes() == content
    receipt = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Files you sent" in receipt
    for name in ("Evidence 2024.pdf", "report.docx", "notes.odt"):
        assert name in receipt
    assert "/files/" not in receipt and 'href="/rounds/files' not in receipt   # a name, never a link

    # a coordinator reaches the file through the service layer (the comment page's download)
    from uprreport.api import consultation

    path, name, kind = consultation.attachment_file(project, c["id"], 1)
    assert path.read_bytes() == files[0][1] and name == "Evidence 2024.pdf" and kind == "application/pdf"
    assert consultation.attachment_file(project, c["id"], 9) is None
    assert [a["label"] for a in consultation.attachments(project, c["id"])] == ["PDF", "Word", "OpenDocument"]


def test_a_comment_without_files_still_works_and_an_empty_file_input_is_no_file(project, client):
    data = comment_form(client, P1)
    data.update(consent="yes", comment="No files.", files=(io.BytesIO(b""), ""))
    r = client.post("/comment", data=data, content_type="multipart/form-data")
    assert r.status_code == 303
    assert register(project, "SELECT * FROM attachments") == []


REFUSED = [
    ("macro docx", [("letter.docx", docx(macro=True))], "letter.docx contains macros"),
    ("fake pdf", [("scan.pdf", b"MZ\x90\x00 not a pdf at all")], "scan.pdf is not a PDF, Word (.docx) or OpenDocument"),
    ("too big", [("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))], "big.pdf is larger than 10 MB"),
    ("odt of another kind", [("sheet.odt", odt("application/vnd.oasis.opendocument.spreadsheet"))],
     "sheet.odt is not a PDF, Word (.docx) or OpenDocument"),
    ("odt with macros", [("macro.odt", odt(extra={"Basic/Standard/Module1.xml": "<x/>"}))], "macro.odt contains macros"),
    ("damaged odt", [("broken.odt", odt()[:200])], "broken.odt is damaged or cannot be read"),
    ("pdf with javascript", [("js.pdf", pdf("app.alert('x');"))], "js.pdf contains a script"),
    ("too many", [("a.pdf", pdf()), ("b.pdf", pdf()), ("c.pdf", pdf()), ("d.pdf", pdf())],
     "At most 3 files can be sent with a comment."),
]


@pytest.mark.parametrize("files,reason", [pytest.param(f, r, id=i) for i, f, r in REFUSED])
def test_a_refused_file_gives_the_form_back_with_the_text_and_the_reason_beside_the_field(project, client, files,
                                                                                         reason):
    r = post(client, files, comment="My words stay.", proposed="A better wording.", name="Ana")
    page = r.get_data(as_text=True)
    assert r.status_code == 422, page[:1500]
    assert reason in page
    assert re.search(r'<p class="field-error" id="files-error">[^<]*' + re.escape(reason.split(" ")[0]), page)
    assert 'aria-invalid="true"' in page and 'href="#files"' in page
    assert ">My words stay.</textarea>" in page and ">A better wording.</textarea>" in page
    assert 'value="Ana"' in page and "The files were not kept: choose them again." in page
    assert register(project, "SELECT id FROM comments") == [] and register(project, "SELECT * FROM attachments") == []
    assert not (project / "rounds" / "files").exists() or not any((project / "rounds" / "files").iterdir())
    # sent again without the file, with the same form: taken
    data = comment_form(client, P1)
    data.update(token=field(page, "token"), consent="yes", comment="My words stay.")
    assert client.post("/comment", data=data).status_code == 303


def test_a_pdf_whose_launch_action_is_hidden_from_its_bytes_is_refused(tmp_path):
    from uprreport.rounds import attachments

    # /Launch spelt with a # escape (a name the PDF reader decodes): not in the file's bytes as such
    objects = [b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /L#61unch /F (calc.exe) >> >>",
               b"<< /Type /Pages /Kids [] /Count 0 >>"]
    body, offsets = b"%PDF-1.4\n", []
    for k, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (k, obj)
    xref = len(body)
    body += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    assert b"/Launch" not in body
    path = tmp_path / "x.pdf"
    path.write_bytes(body)
    with pytest.raises(attachments.FileRefused) as refused:
        attachments.check(path, "x.pdf")
    assert refused.value.why == "script"
    path.write_bytes(pdf())
    assert attachments.check(path, "../../etc/x.pdf").name == "x.pdf"      # a name is shown, never a path


def test_the_french_page_gives_the_reason_in_french(project):
    text = (project / "report.yaml").read_text(encoding="utf-8").replace("language: en", "language: fr")
    (project / "report.yaml").write_text(text, encoding="utf-8")
    client = make_app(project).test_client()
    page = post(client, [("lettre.docx", docx(macro=True))]).get_data(as_text=True)
    assert "lettre.docx contient des macros" in page and "Fichiers (facultatif)" in page


def test_the_files_are_named_in_the_matrix_and_never_published(project):
    from openpyxl import load_workbook

    from uprreport import api

    client = make_app(project).test_client()
    assert post(client, [("Evidence.pdf", pdf()), ("annex; part 2.odt", odt())]).status_code == 303
    assert post(client, [], comment="no files").status_code == 303
    api.round_close(project, dt.date(2026, 4, 20))
    ws = load_workbook(project / "rounds" / "round-1" / "comment-response-matrix-round-1.xlsx").active
    header = [c.value for c in ws[1]]
    column = header.index("attachments")
    cells = sorted((row[column] or "") for row in ws.iter_rows(min_row=2, values_only=True))
    assert cells == ["", "Evidence.pdf; annex; part 2.odt"]
    public = make_app(project, publish_answers=True, today=dt.date(2026, 4, 21)).test_client()
    page = public.get("/rounds/1/answers").get_data(as_text=True)
    assert "See the attached evidence." in page and "Evidence.pdf" not in page


def test_the_files_are_downloaded_from_the_comments_page_by_those_who_may_see_it(project, client, app):
    from .webkit import PASSWORDS, field

    r = post(client, [("Evidence 2024.pdf", pdf())])
    assert r.status_code == 303
    (c,) = register(project, "SELECT id, owner FROM comments")

    def signed(name):
        b = app.test_client()
        page = b.get("/manage/login").get_data(as_text=True)
        b.post("/manage/login", data={"csrf_token": field(page, "csrf_token"), "name": name,
                                      "password": PASSWORDS[name]})
        return b

    coord = signed("coord")
    page = coord.get(f"/manage/comments/{c['id']}").get_data(as_text=True)
    assert "Evidence 2024.pdf" in page and f"/manage/comments/{c['id']}/files/1" in page
    got = coord.get(f"/manage/comments/{c['id']}/files/1")
    assert got.status_code == 200 and got.data == pdf() and "attachment" in got.headers["Content-Disposition"]
    assert coord.get(f"/manage/comments/{c['id']}/files/2").status_code == 404
    other = "health" if c["owner"] != "health" else "justice"
    assert signed(other).get(f"/manage/comments/{c['id']}/files/1").status_code == 404   # another body's
    assert app.test_client().get(f"/manage/comments/{c['id']}/files/1").status_code in (302, 303)
