"""Comments, reply threads and tracked changes of the real Word files, counted from the XML."""

from __future__ import annotations

import re
import zipfile
from collections import Counter

import pytest

from uprreport.readers import review_docx

pytestmark = pytest.mark.realdata


def _xml_counts(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        doc = z.read("word/document.xml").decode("utf-8")
        comments = z.read("word/comments.xml").decode("utf-8") if "word/comments.xml" in names else ""
        ext = z.read("word/commentsExtended.xml").decode("utf-8") if "word/commentsExtended.xml" in names else ""
    return {"comments": len(re.findall(r"<w:comment ", comments)),
            "replies": len(re.findall(r"w15:paraIdParent=", ext)),
            "insertion": len(re.findall(r"<w:ins ", doc)), "deletion": len(re.findall(r"<w:del ", doc)),
            "move": len(re.findall(r"<w:move(?:From|To) ", doc))}


def test_every_remark_the_xml_holds_is_found(realdata):
    for path in sorted((realdata / "docx").glob("*.docx")):
        remarks = review_docx.read(path).remarks
        kinds = Counter(r.kind for r in remarks)
        xml = _xml_counts(path)
        assert kinds["comment"] + kinds["reply"] == xml["comments"], path.name
        assert kinds["reply"] == xml["replies"], path.name
        for k in ("insertion", "deletion", "move"):
            assert kinds[k] == xml[k], (path.name, k)
        assert all(r.anchor.index is not None for r in remarks), path.name


def test_reply_threads_authors_and_anchors(realdata):
    remarks = review_docx.read(realdata / "docx" / "docx2python__comments.docx").remarks
    by_ref = {r.ref: r for r in remarks}
    replies = [r for r in remarks if r.kind == "reply"]
    assert len(replies) == 4 and {r.author for r in remarks} == {"Randy Bartels", "Shay Hill"}
    assert all(by_ref[r.parent].kind == "comment" for r in replies)
    first = by_ref["1"]
    assert first.text == "COMMENT" and first.anchor.quote.startswith("Lorem ipsum")


def test_libreoffice_comment_without_a_range(realdata):
    (c,) = review_docx.read(realdata / "docx" / "poi__comment_libreoffice.docx").remarks
    assert c.kind == "comment" and c.author == "Unbekannter Autor" and c.date.startswith("2019-10-11")
    assert "first line" in c.text and c.anchor.index is not None


def test_tracked_changes_have_author_date_and_words(realdata):
    remarks = review_docx.read(realdata / "docx" / "poi__58067.docx").remarks
    assert {r.author for r in remarks} == {"Henning Femmer"}
    assert all(r.date.startswith("2015-06-19") for r in remarks)
    assert any(r.kind == "deletion" and r.text.strip() for r in remarks)
