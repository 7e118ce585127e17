"""Hostile files, made by the tests themselves (nothing downloaded)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def plain_docx(text: str = "A harmless paragraph.") -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def rewrite(docx: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
            compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of the package with some parts replaced and others added."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as z:
        for info in src.infolist():
            z.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, data in (add or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def document_xml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f"<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>").encode("utf-8")


def xxe_docx(secret: Path) -> bytes:
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    return rewrite(plain_docx(), {"word/document.xml": document_xml("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", doctype)})


def laughs_docx(levels: int = 9) -> bytes:
    ents = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, levels + 1)]
    doctype = f"<!DOCTYPE w:document [{''.join(ents)}]>"
    return rewrite(plain_docx(), {"word/document.xml": document_xml(f"<w:p><w:r><w:t>&l{levels};</w:t></w:r></w:p>",
                                                                    doctype)})


def zip_bomb_docx(megabytes: int = 24) -> bytes:
    return rewrite(plain_docx(), add={"word/media/bomb.bin": b"\0" * (megabytes * 1024 * 1024)})


def traversal_docx() -> bytes:
    return rewrite(plain_docx(), add={"../../escaped.txt": b"should never be written", "/abs.txt": b"x"})


def macro_docx() -> bytes:
    docx = plain_docx()
    types = zipfile.ZipFile(io.BytesIO(docx)).read("[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    return rewrite(docx, {"[Content_Types].xml": types}, {"word/vbaProject.bin": b"\x00VBA"})


def ole_docx() -> bytes:
    return rewrite(plain_docx(), add={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 100})


def external_image_docx() -> bytes:
    docx = plain_docx("Text with a linked picture.")
    rels = zipfile.ZipFile(io.BytesIO(docx)).read("word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        b'Target="http://127.0.0.1:9/tracker.png" TargetMode="External"/></Relationships>')
    return rewrite(docx, {"word/_rels/document.xml.rels": rels})


OLE_ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096
