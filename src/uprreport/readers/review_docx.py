"""Read what a reviewer left in a returned Word copy: comments with their reply threads,
and tracked changes (insertions, deletions, moves, paragraphs split, joined, added or
removed, table rows and cells, formatting), each with author, date and anchor, in the body
and in its footnotes and endnotes.

python-docx sees comments but neither reply threads (``commentsExtended.xml``,
``w15:paraIdParent``), tracked changes nor notes, so this reads the package XML. The anchor
of each remark is the paragraph it sits in (a change in a note: the paragraph holding the
note's reference), with the bookmarks that start in it (the review copy marks every
paragraph with one).

A paragraph here is one paragraph of the copy *as it was before the reviewer's tracked
changes*: a paragraph mark the reviewer inserted (Enter pressed with Track Changes on)
splits nothing that was there, so the pieces it made are read as one paragraph, whose text
before the changes (``Paragraph.original``) is what the review copy had.

Paragraph marks, read as Word writes them: a ``w:ins``/``w:del`` directly in
``w:pPr/w:rPr`` inserts or deletes the mark (the paragraph is split, joined, added or
removed); one inside ``w:rPrChange/w:rPr`` is part of the mark's *old* properties, kept by a
formatting change, and no change of its own (``Remark.former``); a ``w:rPrChange`` in
``w:pPr/w:rPr`` changes the mark's formatting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprreport.ooxml import read as ooxml
from uprreport.ooxml.ns import W, local, qn

REVISION_KINDS = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move",
                  "cellIns": "insertion", "cellDel": "deletion"}
# Formatting changes Word tracks, and what each changes.
FORMATTING = {"rPrChange": "character formatting", "pPrChange": "paragraph formatting",
              "tblPrChange": "table formatting", "tblPrExChange": "table formatting",
              "tblGridChange": "table formatting", "trPrChange": "table row formatting",
              "tcPrChange": "table cell formatting", "sectPrChange": "page layout",
              "cellMerge": "table cells merged or split"}
NOTE_PARTS = (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote"))
# field results that programs compute again when they open or save a file (page numbers,
# dates, cross-references): left out of the text compared with the review copy
KEPT_FIELDS = ("HYPERLINK",)

_P, _R, _T, _DEL_TEXT = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:delText")
_PPR, _RPR, _RPR_CHANGE = qn("w:pPr"), qn("w:rPr"), qn("w:rPrChange")
_TR, _TC, _TBL, _TRPR, _NUMPR = qn("w:tr"), qn("w:tc"), qn("w:tbl"), qn("w:trPr"), qn("w:numPr")
_INS, _DEL, _MOVE_FROM, _MOVE_TO = qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")
_ADDED, _REMOVED = (_INS, _MOVE_TO), (_DEL, _MOVE_FROM)
_MARKS = {_INS: "ins", _DEL: "del", _MOVE_FROM: "moveFrom", _MOVE_TO: "moveTo"}
_FLD_CHAR, _FLD_SIMPLE = qn("w:fldChar"), qn("w:fldSimple")
_INSTR = (qn("w:instrText"), qn("w:delInstrText"))
_TEXT_NODES = (_T, _DEL_TEXT, qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen"), _FLD_CHAR, *_INSTR)


@dataclass
class Anchor:
    index: int | None = None            # the paragraph (ReviewedCopy.paragraphs) in reading order (None: not found)
    text: str = ""                      # its text as the reviewer saw it (deletions shown); a note's text for a note
    bookmarks: list[str] = field(default_factory=list)
    quote: str = ""                     # the commented words (comments only)
    note: str = ""                      # "footnote 2": the remark is in this note, referenced from the paragraph
    new: bool = False                   # the remark's own w:p holds nothing the copy had (added or moved there)
    piece: int = 0                      # which of the paragraph's pieces (Paragraph.pieces) holds the remark


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
    move: str = ""                      # a move's name (w:name of its range): where words left and went share it
    what: str = ""                      # what a change holds besides words ("a table row", "a footnote reference",
                                        # "a space"), or what a formatting change changes
    before: str = ""                    # the word just before a change of spaces, tabs or breaks
    after: str = ""                     # and the word just after it
    former: bool = False                # a w:ins/w:del in w:rPrChange/w:rPr: an old property, no change
    new_paragraph: bool = False         # an inserted paragraph mark that adds a paragraph (not a split)
    whole_paragraph: bool = False       # a deleted paragraph mark whose paragraph is deleted too (not a join)


@dataclass
class Paragraph:
    """A paragraph of the copy as it was before the reviewer's tracked changes."""

    pieces: list = field(repr=False)    # its w:p elements now (several where tracked marks split it)
    bookmarks: list[str]                # bookmarks starting in it
    original: str                       # its text before the tracked changes (volatile field results left out)
    inserted: bool                      # all of it is tracked insertions: it was not in the copy
    notes: list[str]                    # the notes referenced in it ("footnote 1"), in order
    in_table: bool = False
    parts: list = field(repr=False, default_factory=list)   # per piece: (bookmarks, original text, notes)


@dataclass
class ReviewedCopy:
    """Everything read from one returned copy."""

    remarks: list[Remark]
    company: str                        # docProps/app.xml's Company: the reviewer's organisation
    paragraphs: list[Paragraph] = field(default_factory=list)
    saved_by: str = ""                  # docProps/core.xml: who saved it last (else who made it)
    saved: str = ""                     # and when
    notes: dict = field(repr=False, default_factory=dict)   # label -> w:footnote/w:endnote element

    def paragraph_text(self, index: int) -> str:
        """Paragraph ``index`` as the reviewer saw it (deleted words shown)."""
        return "\n".join(ooxml.text(p) for p in self.paragraphs[index].pieces)

    def proposal(self, index: int, author: str, pieces: slice = slice(None)) -> str:
        """Paragraph ``index`` (its ``pieces``) with ``author``'s tracked changes accepted (the
        paragraphs they make of it on lines of their own)."""
        texts = [ooxml.accepted_text(p, author, _symbol) for p in self.paragraphs[index].pieces[pieces]]
        return "\n".join(t for t in texts if t.strip()) if len(texts) > 1 else texts[0]

    def note_text(self, label: str, view: str = "shown", author: str | None = None) -> str:
        """Note ``label``'s text: as shown, as it was before the changes ('original'), or
        with ``author``'s changes accepted ('accepted')."""
        note = self.notes.get(label)
        if note is None:
            return ""
        paras = list(note.iter(_P))
        if view == "original":
            return " ".join(_original(p, []) for p in paras).strip()
        if view == "accepted":
            return " ".join(ooxml.accepted_text(p, author, _symbol) for p in paras).strip()
        return " ".join(ooxml.text(p) for p in paras).strip()


def read(path: Path) -> ReviewedCopy:
    """Every comment, reply and tracked change of the .docx at ``path``, in document order.

    Raises one of readers.package.DAMAGED for a file that is not a Word document.
    """
    with ooxml.Package(path) as pkg:
        doc = pkg.document()
        comments = pkg.part("word/comments.xml")
        extended = pkg.part("word/commentsExtended.xml")
        company = pkg.app_property("Company")
        core = pkg.part("docProps/core.xml")
        note_parts = [(pkg.part(name), kind) for name, kind in NOTE_PARTS]
    body = doc.find(qn("w:body"))
    if body is None:   # a document part without a body is no Word document
        raise KeyError("word/document.xml has no body")
    paragraphs, unit_of = _paragraphs(body)
    splits = _splits(paragraphs)

    # notes: each labelled by its place among the references of its kind ("footnote 2")
    note_ref: dict[tuple[str, str], tuple[str, int]] = {}   # (kind, w:id) -> (label, paragraph)
    counts = {"footnote": 0, "endnote": 0}
    for el in body.iter(qn("w:footnoteReference"), qn("w:endnoteReference")):
        kind = local(el)[:-len("Reference")]
        p = next(el.iterancestors(_P), None)
        if p is None or (kind, el.get(qn("w:id"))) in note_ref:
            continue
        counts[kind] += 1
        label = f"{kind} {counts[kind]}"
        note_ref[(kind, el.get(qn("w:id")))] = (label, unit_of[p])
        paragraphs[unit_of[p]].notes.append(label)
        unit = paragraphs[unit_of[p]]
        unit.parts[unit.pieces.index(p)][2].append(label)
    notes, stories = {}, [(body, None)]
    for root, kind in note_parts:
        if root is None:
            continue
        stories.append((root, kind))
        for note in root.findall(qn(f"w:{kind}")):
            found = note_ref.get((kind, note.get(qn("w:id"))))
            if found:
                notes[found[0]] = note

    def anchor_of(el) -> Anchor:
        root = el.getroottree().getroot()
        if root is not doc:   # in a note: the paragraph holding its reference
            note = next((a for a in el.iterancestors() if a.tag in (qn("w:footnote"), qn("w:endnote"))), None)
            found = note_ref.get((local(note), note.get(qn("w:id")))) if note is not None else None
            if found is None:
                return Anchor()
            label, k = found
            return Anchor(k, " ".join(ooxml.text(p) for p in note.iter(_P)).strip(),
                          list(paragraphs[k].bookmarks), note=label)
        p = _paragraph_for(el)
        if p is None or p not in unit_of:
            return Anchor()
        k = unit_of[p]
        return Anchor(k, "\n".join(ooxml.text(x) for x in paragraphs[k].pieces), list(paragraphs[k].bookmarks),
                      new=not _had_text(p) and _has_new_text(p), piece=paragraphs[k].pieces.index(p))

    remarks: list[Remark] = []
    # comments and replies ----------------------------------------------------------------
    if comments is not None:
        starts, ends, refs = {}, {}, {}
        for root, _kind in stories:
            starts.update((el.get(qn("w:id")), el) for el in root.iter(qn("w:commentRangeStart")))
            ends.update((el.get(qn("w:id")), el) for el in root.iter(qn("w:commentRangeEnd")))
            refs.update((el.get(qn("w:id")), el) for el in root.iter(qn("w:commentReference")))
        para_to_comment, parent_para, done = {}, {}, set()
        for c in comments.findall(qn("w:comment")):
            for p in c.iter(_P):
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
            if cid in starts and cid in ends and starts[cid].getroottree().getroot() is ends[cid].getroottree().getroot():
                anchor.quote = _quote(starts[cid].getroottree().getroot(), starts[cid], ends[cid])
            text = "\n".join(ooxml.text(p) for p in c.iter(_P)).strip()
            parent = comment_parent.get(cid)
            remarks.append(Remark("reply" if parent else "comment", cid, c.get(qn("w:author"), ""),
                                  c.get(qn("w:date"), ""), text, anchor, parent, cid in comment_done))
    # tracked changes ---------------------------------------------------------------------
    for root, _kind in stories:
        names = _move_names(root)
        for el in root.iter(*(qn(f"w:{n}") for n in REVISION_KINDS)):
            remarks.append(_revision(el, anchor_of(el), names.get(el, ""), splits))
        for name, what in FORMATTING.items():
            for el in root.iter(qn(f"w:{name}")):
                parent = el.getparent()
                mark = el.tag == _RPR_CHANGE and _tag(parent) == _RPR and _tag(parent.getparent()) == _PPR
                remarks.append(Remark("formatting", el.get(qn("w:id"), ""), el.get(qn("w:author"), ""),
                                      el.get(qn("w:date"), ""), "", anchor_of(el), paragraph_mark=mark,
                                      what="the paragraph mark's formatting" if mark else what))
    remarks.sort(key=lambda r: (r.anchor.index if r.anchor.index is not None else 10**9))
    props = {local(e): (e.text or "").strip() for e in core if isinstance(e.tag, str)} if core is not None else {}
    return ReviewedCopy(remarks, company, paragraphs, notes=notes,
                        saved_by=props.get("lastModifiedBy") or props.get("creator", ""), saved=props.get("modified", ""))


def _tag(el):
    return el.tag if el is not None else None


def _revision(el, anchor: Anchor, move: str, splits: dict) -> Remark:
    """One w:ins, w:del, w:moveFrom, w:moveTo, w:cellIns or w:cellDel, read by where it sits.
    ``splits``: each w:p whose mark the reviewer inserted -> (splits its paragraph, the
    paragraph it adds is empty) (``_splits``)."""
    name = local(el)
    parent = el.getparent()
    grand = parent.getparent() if parent is not None else None
    remark = Remark(REVISION_KINDS[name], el.get(qn("w:id"), ""), el.get(qn("w:author"), ""),
                    el.get(qn("w:date"), ""), "", anchor, move_to=name == "moveTo", move=move)
    if parent is None:   # a part that is nothing but a change: its words
        remark.text = ooxml.text(el)
        remark.what = "" if remark.text.strip() else _content(el)
        return remark
    if parent.tag == _RPR and _tag(grand) == _RPR_CHANGE:
        remark.former = True          # the old properties of a formatting change
        remark.paragraph_mark = _tag(grand.getparent()) == _RPR
        return remark
    if parent.tag == _RPR and _tag(grand) == _PPR:
        remark.paragraph_mark = True
        remark.what = "the paragraph mark"
        p = grand.getparent()
        if name in ("ins", "moveTo"):
            split, empty = splits.get(p, (True, False))
            remark.new_paragraph = not split
            if remark.new_paragraph and empty:
                remark.what = "an empty paragraph"
        else:
            remark.whole_paragraph = p is not None and not ooxml.accepted_text(p).strip()
            remark.text = ooxml.text(p) if remark.whole_paragraph else ""
        return remark
    if parent.tag == _TRPR:
        tr = parent.getparent()
        remark.what = "a table row"
        remark.text = " | ".join(ooxml.cell_text(tc) for tc in tr.findall(_TC)) if tr is not None else ""
        return remark
    if name in ("cellIns", "cellDel"):
        remark.what = "a table cell"
        return remark
    if parent.tag == _NUMPR:
        remark.kind, remark.what = "formatting", "numbering"
        return remark
    remark.text = ooxml.text(el)
    if any("\uf020" <= ch <= "\uf0ff" for ch in remark.text):   # a symbol as LibreOffice writes it
        remark.text = "".join(_symbol(n) if n.tag in (_T, _DEL_TEXT) else " "
                              for n in el.iter(_T, _DEL_TEXT, qn("w:tab"), qn("w:br")))
    if not remark.text.strip():
        remark.what = _content(el)
        p = el if el.tag == _P else next(el.iterancestors(_P), None)
        if p is not None:
            remark.before, remark.after = _around(el, p)
    return remark


def _paragraph_for(el):
    """The w:p a remark belongs to: its own; for a change of a table, row or cell, the first
    paragraph under it; for a range between paragraphs, the next paragraph. A paragraph of a
    table row the reviewer inserted or deleted stands for its row's first paragraph."""
    p = el if el.tag == _P else next(el.iterancestors(_P), None)
    if p is None:
        holder = next(el.iterancestors(_TC, _TR, _TBL), None)
        if holder is not None:
            p = next(holder.iter(_P), None)
        else:
            p = next((s for s in el.itersiblings() if s.tag == _P), None)
    if p is None:
        return None
    tr = next(p.iterancestors(_TR), None)
    if tr is not None:
        trpr = tr.find(_TRPR)
        if trpr is not None and any(c.tag in (_INS, _DEL) for c in trpr):
            p = next(tr.iter(_P), p)
    return p


def _mark(p) -> str | None:
    """What the reviewer's tracked changes did to paragraph ``p``'s mark: 'ins', 'del',
    'moveFrom', 'moveTo', or None."""
    ppr = p.find(_PPR)
    rpr = ppr.find(_RPR) if ppr is not None else None
    if rpr is None:
        return None
    return next((_MARKS[c.tag] for c in rpr if c.tag in _MARKS), None)


def _own(p, *tags):
    """The elements ``tags`` of paragraph ``p`` itself (not of a paragraph inside it: a text box)."""
    for node in p.iter(*tags):
        if next(node.iterancestors(_P), None) is p:
            yield node


def _within(node, kinds) -> bool:
    return any(a.tag in kinds for a in node.iterancestors())


def _had_text(p) -> bool:
    """Whether ``p`` holds words that were there before the tracked changes."""
    return any((n.text or "").strip() for n in _own(p, _T, _DEL_TEXT) if n.tag == _DEL_TEXT or not _within(n, _ADDED))


def _has_new_text(p) -> bool:
    return any((n.text or "").strip() for n in _own(p, _T) if _within(n, _ADDED))


def _original(p, fields: list) -> str:
    """Paragraph ``p``'s text before the tracked changes, without the results of fields that
    programs compute again (page numbers, dates, cross-references). ``fields``: the fields
    open where ``p`` starts (a field may run over several paragraphs), updated."""
    out = []
    for node in _own(p, *_TEXT_NODES):
        tag = node.tag
        if tag == _FLD_CHAR:
            kind = node.get(qn("w:fldCharType"))
            if kind == "begin":
                fields.append(["", False])
            elif kind == "separate" and fields:
                fields[-1][1] = True
            elif kind == "end" and fields:
                fields.pop()
            continue
        if tag in _INSTR:
            if fields:
                fields[-1][0] += node.text or ""
            continue
        if any(result and not instr.strip().upper().startswith(KEPT_FIELDS) for instr, result in fields):
            continue
        simple = next(node.iterancestors(_FLD_SIMPLE), None)
        if simple is not None and not (simple.get(qn("w:instr")) or "").strip().upper().startswith(KEPT_FIELDS):
            continue
        if tag != _DEL_TEXT and _within(node, _ADDED):
            continue
        if tag in (_T, _DEL_TEXT):
            out.append(node.text or "")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
        elif tag in (qn("w:tab"), qn("w:br"), qn("w:cr")):
            out.append(" ")
    return "".join(out)


def _paragraphs(body) -> tuple[list[Paragraph], dict]:
    """The body's paragraphs as they were before the reviewer's tracked changes, and the
    paragraph each w:p belongs to."""
    units: list[Paragraph] = []
    unit_of: dict = {}
    current = None
    for p in body.iter(_P):
        if current is not None and current.pieces[-1].getparent() is p.getparent():
            current.pieces.append(p)
        else:
            current = Paragraph([p], [], "", False, [], in_table=next(p.iterancestors(_TC), None) is not None)
            units.append(current)
        unit_of[p] = len(units) - 1
        if _mark(p) not in ("ins", "moveTo"):
            current = None
    fields: list = []
    for u in units:
        for p in u.pieces:
            marks = [b.get(qn("w:name")) for b in _own(p, qn("w:bookmarkStart"))
                     if b.get(qn("w:name")) and not b.get(qn("w:name")).startswith("_")]
            u.parts.append((marks, _original(p, fields), []))
        u.bookmarks = [b for marks, _text, _notes in u.parts for b in marks]
        u.original = "".join(text for _marks, text, _notes in u.parts)
        u.inserted = not any(_had_text(p) for p in u.pieces) and any(_has_new_text(p) for p in u.pieces)
    return units, unit_of


def _splits(paragraphs: list[Paragraph]) -> dict:
    """Each piece whose mark the reviewer inserted -> (whether the mark splits text the
    paragraph had, whether the paragraph it adds is empty). A paragraph the reviewer made
    in N+1 pieces of which K hold words it had is split K-1 times, and the other pieces are
    paragraphs added: an inserted mark splits where words it had come both before it (in
    its piece) and after it."""
    out = {}
    for u in paragraphs:
        had = [_had_text(p) for p in u.pieces]
        for i, p in enumerate(u.pieces):
            if _mark(p) not in ("ins", "moveTo"):
                continue
            split = had[i] and any(had[i + 1:])
            added = p if not had[i] else (u.pieces[i + 1] if i + 1 < len(u.pieces) else p)
            out[p] = (split, not ooxml.text(added).strip())
    return out


def _move_names(root) -> dict:
    """Each w:moveFrom/w:moveTo of ``root`` -> the w:name of the move range it is in ('' when
    the program wrote no range: pair those by their words), whether the range starts before it
    (Word) or inside it (LibreOffice puts the range start in the first moved run's w:moveFrom/
    w:moveTo). A moved paragraph mark (in
    w:pPr/w:rPr, first in the XML but last in the paragraph) is in the range open where its
    paragraph ends, or else the one that closed in it."""
    from lxml import etree

    out: dict = {}
    open_ranges: dict[str, dict[str, str]] = {"moveFrom": {}, "moveTo": {}}
    starts = {qn("w:moveFromRangeStart"): "moveFrom", qn("w:moveToRangeStart"): "moveTo"}
    ends = {qn("w:moveFromRangeEnd"): "moveFrom", qn("w:moveToRangeEnd"): "moveTo"}
    moves = {_MOVE_FROM: "moveFrom", _MOVE_TO: "moveTo"}
    pending: dict = {}    # w:p -> its moved marks
    closed: dict = {}     # w:p -> (kind -> name of the last range closed in it)
    for event, el in etree.iterwalk(root, events=("start", "end"), tag=(*starts, *ends, *moves, _P)):
        if el.tag == _P:
            if event == "start":
                pending[el], closed[el] = [], {}
                continue
            for mark in pending.pop(el, []):
                kind = moves[mark.tag]
                names = list(open_ranges[kind].values())
                out[mark] = names[-1] if names else closed.get(el, {}).get(kind, "")
            closed.pop(el, None)
        elif event == "end":
            continue
        elif el.tag in starts:
            open_ranges[starts[el.tag]][el.get(qn("w:id"), "")] = el.get(qn("w:name"), "")
        elif el.tag in ends:
            name = open_ranges[ends[el.tag]].pop(el.get(qn("w:id"), ""), None)
            p = next(el.iterancestors(_P), None)
            if name is not None and p in closed:
                closed[p][ends[el.tag]] = name
        else:
            parent = el.getparent()
            p = parent.getparent().getparent() if _tag(parent) == _RPR and _tag(parent.getparent()) == _PPR else None
            if p is not None and p in pending:
                pending[p].append(el)
                continue
            names = list(open_ranges[moves[el.tag]].values())
            if not names:   # LibreOffice writes the range's start inside the first w:moveFrom/w:moveTo
                inner = next(el.iter(*(t for t, k in starts.items() if k == moves[el.tag])), None)
                names = [inner.get(qn("w:name"), "")] if inner is not None else []
            out[el] = names[-1] if names else ""
    return out


def _content(el) -> str:
    """What a change without words holds."""
    tags = {local(x) for x in el.iter() if isinstance(x.tag, str) and x.tag.startswith(f"{{{W}}}")}
    for names, what in ((("footnoteReference",), "a footnote reference"), (("endnoteReference",), "an endnote reference"),
                        (("drawing", "pict", "object"), "a picture"), (("fldChar", "fldSimple", "instrText"), "a field"),
                        (("sym",), "a symbol"), (("noBreakHyphen",), "a non-breaking hyphen"),
                        (("softHyphen",), "an optional hyphen"), (("commentReference",), "a comment's mark")):
        if any(n in tags for n in names):
            return what
    return _blank(el) or "nothing visible"


def _blank(el) -> str:
    """Spaces, tabs and breaks a change holds, in words ('a space', '2 spaces and a tab')."""
    spaces = sum(sum(ch.isspace() for ch in (n.text or "")) for n in el.iter(_T, _DEL_TEXT))
    tabs = sum(1 for _ in el.iter(qn("w:tab")))
    pages = sum(1 for b in el.iter(qn("w:br")) if b.get(qn("w:type")) == "page")
    lines = sum(1 for _ in el.iter(qn("w:br"), qn("w:cr"))) - pages
    parts = []
    for n, one, many in ((spaces, "a space", "spaces"), (tabs, "a tab", "tabs"), (lines, "a line break", "line breaks"),
                         (pages, "a page break", "page breaks")):
        if n:
            parts.append(one if n == 1 else f"{n} {many}")
    return " and ".join(parts)


_SYMBOLS = None   # the symbol fonts' table (readers/docx_prepare.py), asked for when a w:sym is first read


def _symbol(sym) -> str:
    """A w:sym's text, its symbol font mapped to Unicode as a Word fragment's are ('' when it
    has none); or a w:t's text, where its run's own font is a symbol font (LibreOffice writes
    a symbol as its private-use code in a run of that font)."""
    global _SYMBOLS
    from uprreport.readers import docx, docx_prepare

    if _SYMBOLS is None:
        _SYMBOLS = docx_prepare.SymbolMap(docx.symbol_table)
    if sym.tag != qn("w:sym"):
        run = sym.getparent()
        fonts = run.find(f"{_RPR}/{qn('w:rFonts')}") if run is not None else None
        font = (fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:ascii")) or "") if fonts is not None else ""
        if font.lower() not in docx_prepare.SYMBOL_FONTS:
            return sym.text or ""
        return "".join(docx_prepare.sym_char(font, ord(ch), _SYMBOLS) or ch if "\uf020" <= ch <= "\uf0ff" else ch
                       for ch in sym.text or "")
    try:
        value = int(sym.get(qn("w:char")) or "", 16)
    except ValueError:
        return ""
    return docx_prepare.sym_char(sym.get(qn("w:font")) or "", value, _SYMBOLS) or ""


# what has a place in a paragraph's text without being words
_PLACES = (qn("w:sym"), qn("w:footnoteReference"), qn("w:endnoteReference"), qn("w:drawing"), qn("w:pict"),
           qn("w:object"))


def _around(el, p) -> tuple[str, str]:
    """The word before and the word after ``el`` in paragraph ``p`` as shown (a symbol, a note
    reference or a picture in ``el`` is where it is)."""
    before, after, seen = [], [], False
    for node in _own(p, _T, _DEL_TEXT, qn("w:tab"), qn("w:br"), *_PLACES):
        if node is el or el in node.iterancestors():
            seen = True
            continue
        if node.tag in _PLACES:
            text = _symbol(node) if node.tag == qn("w:sym") else ""
        else:
            text = node.text or "" if node.tag in (_T, _DEL_TEXT) else " "
        (after if seen else before).append(text)
    words_before, words_after = "".join(before).split(), "".join(after).split()
    return (words_before[-1] if words_before else ""), (words_after[0] if words_after else "")


def _quote(root, start, end) -> str:
    """The text between a comment's range start and end, in document order; a new line
    where the range crosses from one paragraph into the next."""
    out, inside = [], False
    for el in root.iter():
        if el is start:
            inside = True
        elif el is end:
            break
        elif inside and el.tag in (_T, _DEL_TEXT):
            out.append(el.text or "")
        elif inside and el.tag == _P and out and not out[-1].endswith("\n"):
            out.append("\n")
    return "".join(out).strip()
