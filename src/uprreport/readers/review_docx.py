"""Read what a reviewer left in a returned Word copy: comments with their reply threads,
and tracked changes (insertions, deletions, moves), each with author, date and anchor.

python-docx sees comments but neither reply threads (``commentsExtended.xml``,
``w15:paraIdParent``) nor tracked changes, so this reads the package XML. The anchor of
each remark is the body paragraph it sits in: its index in reading order, its text, and
the bookmarks that start in it (the review copy marks every paragraph with one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprreport.ooxml import read as ooxml
from uprreport.ooxml.ns import local, qn

REVISION_KINDS = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move"}
# Formatting changes Word tracks (of runs, paragraphs, tables, rows, cells, sections).
FORMATTING = ("rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange")


@dataclass
class Anchor:
    index: int | None = None            # body paragraph in reading order (None: not found)
    text: str = ""                      # the paragraph's text as the reviewer saw it (deletions shown)
    bookmarks: list[str] = field(default_factory=list)
    quote: str = ""                     # the commented words (comments only)


@dataclass
class Remark:
    kind: str                           # comment, reply, insertion, deletion, move, formatting
    ref: str                            # the id Word gave it (w:id), unique per kind family
    author: str
    date: str
    text: str                           # comment text, or the inserted/deleted/moved words
    anchor: Anchor
    parent: str | None = None           # replies: the ref of the comment answered
    done: bool = False                  # comments Word marks resolved
    paragraph_mark: bool = False        # a change to a paragraph mark only (no words)
    move_to: bool = False


@dataclass
class ReviewedCopy:
    """Everything read from one returned copy."""

    remarks: list[Remark]
    company: str                        # docProps/app.xml's Company: the reviewer's organisation
    _paragraphs: list = field(repr=False, default_factory=list)

    def paragraph_text(self, index: int) -> str:
        """Body paragraph ``index`` as the reviewer saw it (deleted words shown)."""
        return ooxml.text(self._paragraphs[index])

    def proposal(self, index: int, author: str) -> str:
        """Body paragraph ``index`` with ``author``'s tracked changes accepted."""
        return ooxml.accepted_text(self._paragraphs[index], author)


def read(path: Path) -> ReviewedCopy:
    """Every comment, reply and tracked change of the .docx at ``path``, in document order.

    Raises one of readers.package.DAMAGED for a file that is not a Word document.
    """
    with ooxml.Package(path) as pkg:
        doc = pkg.document()
        comments = pkg.part("word/comments.xml")
        extended = pkg.part("word/commentsExtended.xml")
        company = pkg.app_property("Company")
    body = doc.find(qn("w:body"))
    if body is None:   # a document part without a body is no Word document
        raise KeyError("word/document.xml has no body")
    paragraphs = ooxml.body_paragraphs(doc)
    index = {p: i for i, p in enumerate(paragraphs)}

    def anchor_of(el) -> Anchor:
        p = el if local(el) == "p" else next((a for a in el.iterancestors() if a.tag == qn("w:p")), None)
        if p is None:   # a comment range that starts between paragraphs: the next paragraph
            p = next((s for s in el.itersiblings() if s.tag == qn("w:p")), None)
        if p is None:
            return Anchor()
        marks = [b.get(qn("w:name")) for b in p.iter(qn("w:bookmarkStart"))
                 if not b.get(qn("w:name"), "").startswith("_")]
        return Anchor(index.get(p), ooxml.text(p), marks)

    remarks: list[Remark] = []
    # comments and replies ----------------------------------------------------------------
    if comments is not None:
        starts = {el.get(qn("w:id")): el for el in body.iter(qn("w:commentRangeStart"))}
        ends = {el.get(qn("w:id")): el for el in body.iter(qn("w:commentRangeEnd"))}
        refs = {el.get(qn("w:id")): el for el in body.iter(qn("w:commentReference"))}
        para_to_comment, parent_para, done = {}, {}, set()
        for c in comments.findall(qn("w:comment")):
            for p in c.iter(qn("w:p")):
                pid = p.get(qn("w14:paraId"))
                if pid:
                    para_to_comment[pid] = c.get(qn("w:id"))
        if extended is not None:
            for ex in extended.iter(qn("w15:commentEx")):
                pid = ex.get(qn("w15:paraId"))
                if ex.get(qn("w15:paraIdParent")):
                    parent_para[pid] = ex.get(qn("w15:paraIdParent"))
                if ex.get(qn("w15:done")) == "1":
                    done.add(pid)
        comment_parent = {para_to_comment.get(child): para_to_comment.get(par) for child, par in parent_para.items()}
        comment_done = {para_to_comment.get(pid) for pid in done}
        for c in comments.findall(qn("w:comment")):
            cid = c.get(qn("w:id"))
            start = starts.get(cid) if cid in starts else refs.get(cid)
            anchor = anchor_of(start) if start is not None else Anchor()
            if cid in starts and cid in ends:
                anchor.quote = _quote(body, starts[cid], ends[cid])
            text = "\n".join(ooxml.text(p) for p in c.iter(qn("w:p"))).strip()
            parent = comment_parent.get(cid)
            remarks.append(Remark("reply" if parent else "comment", cid, c.get(qn("w:author"), ""),
                                  c.get(qn("w:date"), ""), text, anchor, parent, cid in comment_done))
    # tracked changes ---------------------------------------------------------------------
    for name, kind in REVISION_KINDS.items():
        for el in body.iter(qn(f"w:{name}")):
            mark = local(el.getparent()) == "rPr"
            remarks.append(Remark(kind, el.get(qn("w:id"), ""), el.get(qn("w:author"), ""),
                                  el.get(qn("w:date"), ""), ooxml.text(el), anchor_of(el),
                                  paragraph_mark=mark, move_to=name == "moveTo"))
    for name in FORMATTING:
        for el in body.iter(qn(f"w:{name}")):
            if local(el.getparent().getparent()) == "pPr" and name == "rPrChange":
                continue   # the paragraph mark's formatting: part of the paragraph's own change
            remarks.append(Remark("formatting", el.get(qn("w:id"), ""), el.get(qn("w:author"), ""),
                                  el.get(qn("w:date"), ""), "", anchor_of(el)))
    remarks.sort(key=lambda r: (r.anchor.index if r.anchor.index is not None else 10**9))
    return ReviewedCopy(remarks, company, paragraphs)


def _quote(body, start, end) -> str:
    """The text between a comment's range start and end, in document order; a new line
    where the range crosses from one paragraph into the next."""
    out, inside = [], False
    for el in body.iter():
        if el is start:
            inside = True
        elif el is end:
            break
        elif inside and el.tag in (qn("w:t"), qn("w:delText")):
            out.append(el.text or "")
        elif inside and el.tag == qn("w:p") and out and not out[-1].endswith("\n"):
            out.append("\n")
    return "".join(out).strip()
