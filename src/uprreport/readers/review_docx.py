"""Read what a reviewer left in a returned Word copy: comments with their reply threads,
and tracked changes (insertions, deletions, moves), each with author, date and anchor.

python-docx sees comments but neither reply threads (``commentsExtended.xml``,
``w15:paraIdParent``) nor tracked changes, so this reads the package XML. The anchor of
each remark is the body paragraph it sits in: its index in reading order, its text, and
the bookmarks that start in it (the review copy marks every paragraph with one).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
REVISION_KINDS = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move"}


def q(tag: str, ns: str = W) -> str:
    return f"{{{ns}}}{tag}"


@dataclass
class Anchor:
    index: int | None = None            # body paragraph in reading order (None: not found)
    text: str = ""                      # the paragraph's text as the reviewer saw it (deletions shown)
    bookmarks: list[str] = field(default_factory=list)
    quote: str = ""                     # the commented words (comments only)


@dataclass
class Remark:
    kind: str                           # comment, reply, insertion, deletion, move
    ref: str                            # the id Word gave it (w:id), unique per kind family
    author: str
    date: str
    text: str                           # comment text, or the inserted/deleted/moved words
    anchor: Anchor
    parent: str | None = None           # replies: the ref of the comment answered
    done: bool = False                  # comments Word marks resolved
    paragraph_mark: bool = False        # a change to a paragraph mark only (no words)
    move_to: bool = False


def _text(el, deleted: bool = True) -> str:
    parts = []
    for node in el.iter(q("t"), q("delText"), q("tab"), q("br")):
        tag = etree.QName(node).localname
        if tag == "t" or (tag == "delText" and deleted):
            parts.append(node.text or "")
        elif tag in ("tab", "br"):
            parts.append(" ")
    return "".join(parts)


def _load(z: zipfile.ZipFile, name: str):
    return etree.fromstring(z.read(name), _PARSER) if name in z.namelist() else None


def read(path: Path) -> list[Remark]:
    """Every comment, reply and tracked change of the .docx at ``path``, in document order.

    Raises zipfile.BadZipFile / KeyError for a file that is not a Word document.
    """
    with zipfile.ZipFile(path) as z:
        doc = _load(z, "word/document.xml")
        if doc is None:
            raise KeyError("word/document.xml")
        comments = _load(z, "word/comments.xml")
        extended = _load(z, "word/commentsExtended.xml")
    body = doc.find(q("body"))
    paragraphs = list(body.iter(q("p")))
    index = {p: i for i, p in enumerate(paragraphs)}

    def anchor_of(el) -> Anchor:
        p = el if etree.QName(el).localname == "p" else next(
            (a for a in el.iterancestors() if a.tag == q("p")), None)
        if p is None:   # a comment range that starts between paragraphs: the next paragraph
            p = next((s for s in el.itersiblings() if s.tag == q("p")), None)
        if p is None:
            return Anchor()
        marks = [b.get(q("name")) for b in p.iter(q("bookmarkStart")) if not b.get(q("name"), "").startswith("_")]
        return Anchor(index.get(p), _text(p), marks)

    remarks: list[Remark] = []
    # comments and replies ----------------------------------------------------------------
    if comments is not None:
        starts = {el.get(q("id")): el for el in body.iter(q("commentRangeStart"))}
        ends = {el.get(q("id")): el for el in body.iter(q("commentRangeEnd"))}
        refs = {el.get(q("id")): el for el in body.iter(q("commentReference"))}
        para_to_comment, parent_para, done = {}, {}, set()
        for c in comments.findall(q("comment")):
            for p in c.iter(q("p")):
                pid = p.get(q("paraId", W14))
                if pid:
                    para_to_comment[pid] = c.get(q("id"))
        if extended is not None:
            for ex in extended.iter(q("commentEx", W15)):
                pid = ex.get(q("paraId", W15))
                if ex.get(q("paraIdParent", W15)):
                    parent_para[pid] = ex.get(q("paraIdParent", W15))
                if ex.get(q("done", W15)) == "1":
                    done.add(pid)
        comment_parent = {para_to_comment.get(child): para_to_comment.get(par) for child, par in parent_para.items()}
        comment_done = {para_to_comment.get(pid) for pid in done}
        for c in comments.findall(q("comment")):
            cid = c.get(q("id"))
            start = starts.get(cid) if cid in starts else refs.get(cid)
            anchor = anchor_of(start) if start is not None else Anchor()
            if cid in starts and cid in ends:
                anchor.quote = _quote(body, starts[cid], ends[cid])
            text = "\n".join(_text(p) for p in c.iter(q("p"))).strip()
            parent = comment_parent.get(cid)
            remarks.append(Remark("reply" if parent else "comment", cid, c.get(q("author"), ""),
                                  c.get(q("date"), ""), text, anchor, parent, cid in comment_done))
    # tracked changes ---------------------------------------------------------------------
    for local, kind in REVISION_KINDS.items():
        for el in body.iter(q(local)):
            words = _text(el)
            mark = etree.QName(el.getparent()).localname == "rPr"
            remarks.append(Remark(kind, el.get(q("id"), ""), el.get(q("author"), ""), el.get(q("date"), ""),
                                  words, anchor_of(el), paragraph_mark=mark, move_to=local == "moveTo"))
    remarks.sort(key=lambda r: (r.anchor.index if r.anchor.index is not None else 10**9))
    return remarks


def _quote(body, start, end) -> str:
    """The text between a comment's range start and end, in document order."""
    out, inside = [], False
    for el in body.iter():
        if el is start:
            inside = True
        elif el is end:
            break
        elif inside and el.tag in (q("t"), q("delText")):
            out.append(el.text or "")
    return "".join(out).strip()


def accepted_text(paragraph_xml, author: str | None = None) -> str:
    """A paragraph's text with tracked changes accepted (only ``author``'s, when given)."""
    parts = []
    for el in paragraph_xml.iter(q("t"), q("delText")):
        ins = next((a for a in el.iterancestors() if a.tag in (q("ins"), q("moveTo"))), None)
        dele = next((a for a in el.iterancestors() if a.tag in (q("del"), q("moveFrom"))), None)
        if el.tag == q("delText") or dele is not None:
            if author is not None and dele is not None and dele.get(q("author")) != author:
                parts.append(el.text or "")   # someone else's deletion: not this proposal
            continue
        if ins is not None and author is not None and ins.get(q("author")) != author:
            continue
        parts.append(el.text or "")
    return "".join(parts)
