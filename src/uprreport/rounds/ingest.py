"""Register returned comments: Word copies, comment forms (XLSX/CSV) and e-mails (.txt/.eml).

Each comment is anchored to a paragraph id (by the review copy's bookmark, the id or
paragraph number written in a form or e-mail, or, failing those, by matching the quoted
words against the draft, which is flagged), attributed, classified, and routed to the
contributor that owns the paragraph. One call is one transaction; a file already
registered in this round adds nothing; files received after the deadline are marked late.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
import re
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.errors import UprError
from uprreport.model.ids import PARAGRAPH_ID
from uprreport.ooxml.ns import qn
from uprreport.ooxml.read import cell_text
from uprreport.readers import package, review_docx, tables
from uprreport.rounds import store
from uprreport.rounds.classify import classify


PARA_IN_TEXT = re.compile(r"\bpara(?:graph)?s?\.?\s*(\d{1,4})\b", re.I)
FORM_ALIASES = {"paragraph": "paragraph_id", "id": "paragraph_id", "para": "paragraph_number",
                "number": "paragraph_number", "proposed": "proposed_wording", "proposal": "proposed_wording",
                "name": "commenter", "reviewer": "commenter", "organization": "organisation",
                "classification": "type"}


@dataclass
class Incoming:
    source_ref: str
    kind: str
    comment: str
    proposed: str = ""
    reviewer: str = ""
    organisation: str = ""
    date: str = ""
    pid: str | None = None
    number: int | None = None
    quote: str = ""
    context: str = ""           # text of the paragraph the reviewer saw, for quote matching
    parent_ref: str | None = None
    classification: str | None = None


@dataclass
class Ingested:
    round: int
    files: int = 0
    skipped: list[str] = field(default_factory=list)     # already registered
    late: list[str] = field(default_factory=list)
    comments: int = 0
    unanchored: int = 0
    by_quote: int = 0
    unanchored_items: list[str] = field(default_factory=list)   # "file: what", for the coordinator to place
    tracked: Counter = field(default_factory=Counter)             # tracked changes read, by kind
    untracked: Counter = field(default_factory=Counter)           # edits made without tracking, by kind
    cosmetic: list[str] = field(default_factory=list)             # "file: where: what": changes leaving the words
    diagnostics: list[Diagnostic] = field(default_factory=list)


# readers of each kind of returned file ------------------------------------------------------
def _quoted(texts: list[str]) -> str:
    return "\u201c" + " … ".join(t for t in texts if t.strip()) + "\u201d"


def _q(text: str, limit: int = 160) -> str:
    text = _squash(text)
    return "\u201c" + (text[:limit] + "…" if len(text) > limit else text) + "\u201d"


def _placed(what: str, before: str, after: str) -> str:
    """'a space between “a” and “b”': where a change without words sits."""
    if before and after:
        return f"{what} between {_q(before)} and {_q(after)}"
    if before:
        return f"{what} after {_q(before)}"
    return f"{what} before {_q(after)}" if after else what


def _count(n: int, one: str, many: str) -> str:
    return one if n == 1 else f"{n} {many}"


# changes that leave the words as they were: listed in the ingest summary, not registered
_INVISIBLE = ("nothing visible", "a comment's mark", "an optional hyphen")


def _cosmetic(r) -> bool:
    if r.kind not in ("insertion", "deletion") or r.former:
        return False
    if r.paragraph_mark:
        return (r.new_paragraph and r.what == "an empty paragraph") or (r.whole_paragraph and not r.text.strip())
    return not r.text.strip() and (r.what in _INVISIBLE or _blank_what(r.what))


def _blank_what(what: str) -> bool:
    return bool(what) and all(re.fullmatch(r"(?:a|\d+) (?:spaces?|tabs?|line breaks?|page breaks?)", part)
                              for part in what.split(" and "))


def _summary(changes: list, number: int | None = None) -> str:
    """What one reviewer's tracked changes in one paragraph (or one note) do, in words: every
    kind is said (paragraphs split, joined, added or removed, moves, rows, spaces, formatting),
    none is left out and none is said empty. The words quoted leave out the review copy's id
    labels and the paragraph's ``number``."""
    words = [c for c in changes if not c.paragraph_mark and c.kind != "formatting"]
    texts = [c for c in words if c.text.strip() and c.what not in ("a table row", "a table cell")]
    said = lambda c: _unlabelled(c.text, number)  # noqa: E731
    inserted = [said(c) for c in texts if c.kind == "insertion"]
    deleted = [said(c) for c in texts if c.kind == "deletion"]
    moved_here = [said(c) for c in texts if c.kind == "move" and c.move_to]
    moved_away = [said(c) for c in texts if c.kind == "move" and not c.move_to]
    inserted, deleted, moved_here, moved_away = ([t for t in ts if t.strip()]
                                                 for ts in (inserted, deleted, moved_here, moved_away))
    parts = []
    if inserted:
        parts.append(f"inserts {_quoted(inserted)}")
    if deleted:
        parts.append(f"deletes {_quoted(deleted)}")
    if moved_away:
        parts.append(f"moves {_quoted(moved_away)} elsewhere")
    if moved_here:
        parts.append(f"moves {_quoted(moved_here)} here")
    for c in words:   # changes without words: spaces, breaks, note references, pictures, fields
        if c.text.strip() and c.what not in ("a table row", "a table cell"):
            continue
        verb = {"insertion": "inserts", "deletion": "deletes"}.get(c.kind, "moves")
        if c.what == "a table row":
            parts.append(f"{verb} a table row" + (f" {_q(c.text)}" if c.text.strip(" |") else ""))
        else:
            parts.append(f"{verb} " + _placed(c.what or "nothing visible", _unlabelled(c.before, number).strip(),
                                              _unlabelled(c.after, number).strip()))
    marks = [c for c in changes if c.paragraph_mark and c.kind != "formatting"]
    splits = sum(c.kind == "insertion" and not c.new_paragraph for c in marks)
    added = [c for c in marks if c.kind == "insertion" and c.new_paragraph]
    joins = sum(c.kind == "deletion" and not c.whole_paragraph for c in marks)
    removed = [c for c in marks if c.kind == "deletion" and c.whole_paragraph]
    if splits:
        parts.append("splits the paragraph" + (f" ({splits} times)" if splits > 1 else ""))
    full = sum(c.what != "an empty paragraph" for c in added)
    if full:
        parts.append("adds " + _count(full, "a new paragraph", "new paragraphs"))
    if len(added) - full:
        parts.append("adds " + _count(len(added) - full, "an empty paragraph", "empty paragraphs"))
    if joins:
        parts.append("joins the paragraph with the next")
    if any(c.text.strip() for c in removed):
        parts.append("removes the paragraph")
    if any(not c.text.strip() for c in removed):
        parts.append("removes " + _count(sum(not c.text.strip() for c in removed), "an empty paragraph",
                                         "empty paragraphs"))
    if any(c.kind == "move" for c in marks) and not (moved_here or moved_away):
        parts.append("moves a paragraph mark")
    formatting = [c for c in changes if c.kind == "formatting"]
    if formatting:
        kinds = sorted({c.what for c in formatting if c.what})
        parts.append(f"changes the formatting ({len(formatting)} change{'s' * (len(formatting) != 1)}"
                     + (f": {', '.join(kinds)}" if kinds else "") + ")")
    return "; ".join(parts) or "makes a tracked change that shows nothing"


def _kind_counted(r) -> str:
    """The kind a tracked change is counted under in the ingest summary."""
    if r.kind == "formatting":
        return "formatting"
    if r.paragraph_mark and r.kind != "move":
        if r.kind == "insertion" and r.new_paragraph:
            return "paragraph added"
        if r.kind == "deletion" and r.whole_paragraph:
            return "paragraph removed"
        return "split or join"
    if r.what == "a table row":
        return "table row"
    return r.kind


@dataclass
class _Round:
    """What reading a round's returned Word copies needs: the review copy's bookmarks and
    paragraphs, and the review copy itself (read once, for edits made without tracking)."""

    n: int
    marks: dict[str, str]                   # bookmark -> paragraph id
    by_pid: dict
    review_copy: Path | None
    _reference: object = None

    def reference(self):
        if self._reference is None and self.review_copy is not None:
            try:
                self._reference = review_docx.read(self.review_copy)
            except (OSError, *package.DAMAGED):
                self.review_copy = None
        return self._reference

    def number(self, pid: str | None) -> int | None:
        """Paragraph ``pid``'s number in the review copy (None: none, or no such paragraph)."""
        row = self.by_pid.get(pid) if pid else None
        return row["number"] if row is not None else None

    def where(self, pid: str | None) -> str:
        """'paragraph 12 (justice/justice/p3)'; a paragraph without number by its id alone."""
        if not pid:
            return "a paragraph without id"
        row = self.by_pid.get(pid)
        number = row["number"] if row is not None else None
        return f"paragraph {number} ({pid})" if number is not None else f"paragraph {pid}"


NOBODY = "\x00"   # an author no change has: accepted_text(p, NOBODY) is the text before every change
REVIEW_MARK = re.compile(r"upr_[0-9a-f]{12}")


def _from_docx(path: Path, rnd: _Round, result: "Ingested") -> list[Incoming]:
    """The comments, replies, tracked and untracked changes of a returned Word copy. Each
    reviewer's tracked changes in one paragraph (or one of its notes) become one proposal, a
    move one proposal from where the words were to where they went; changes that leave the
    words as they were (a space doubled, an empty paragraph) are listed in ``result.cosmetic``;
    edits made without Track Changes are found by comparing each paragraph with the review
    copy's paragraph of the same id. Refused when the copy holds nothing at all."""
    copy = review_docx.read(path)
    marks = rnd.marks
    out: list[Incoming] = []
    groups: dict[tuple, list] = {}
    seen: Counter = Counter()
    moves: dict[tuple[str, str], list] = {}
    for r in copy.remarks:
        if r.kind in ("comment", "reply"):
            seen[r.ref] += 1   # Word's ids are unique in a file, but not every program's
            ref = f"comment:{r.ref}" + (f"#{seen[r.ref]}" if seen[r.ref] > 1 else "")
            out.append(Incoming(ref, r.kind, r.text, reviewer=r.author, organisation=copy.company,
                                date=r.date, pid=_mark_pid(r.anchor.bookmarks, marks), quote=r.anchor.quote,
                                context=r.anchor.text, parent_ref=f"comment:{r.parent}" if r.parent else None))
        elif r.former:
            continue   # an old property kept by a formatting change: said by that change
        elif r.kind == "move":
            moves.setdefault((r.move, r.author), []).append(r)
        else:
            groups.setdefault((r.anchor.index, r.author, r.anchor.note, _added_before(copy, r.anchor, marks)),
                              []).append(r)
    # moves: where the words left and where they went, paired by the move's name (or, where
    # the program named none, by the words themselves)
    for (name, author), parts in moves.items():
        away = [m for m in parts if not m.move_to]
        here = [m for m in parts if m.move_to]
        words = lambda ms: _squash(_unlabelled(" ".join(m.text for m in ms if not m.paragraph_mark),  # noqa: E731
                                               rnd.number(_mark_pid(ms[0].anchor.bookmarks, marks))))
        if not away or not here or (not name and words(away) != words(here)):
            for m in parts:   # half a move: said in its paragraph
                groups.setdefault((m.anchor.index, author, m.anchor.note, 0), []).append(m)
            continue
        result.tracked["move"] += 1
        out.append(_move(copy, rnd, name, author, away, here, words(away)))
    for (index, author, note, lead), changes in groups.items():
        for c in changes:
            result.tracked[_kind_counted(c)] += 1
        anchor = changes[0].anchor
        pid = _mark_pid(anchor.bookmarks, marks)
        if lead:   # paragraphs added before one without id (a heading): after the paragraph before them
            pid = _previous_pid(copy, index, marks)
            heading = _clean(copy.paragraphs[index].parts[lead][1])
            proposed = _clean(copy.proposal(index, author, slice(0, lead)))
            dates = [c.date for c in changes if c.date]
            out.append(Incoming(f"changes:{index}:{author}:before", "proposal",
                                f"Tracked changes: {_summary(changes)} (before {_q(heading, 60)})",
                                proposed=proposed, reviewer=author, organisation=copy.company,
                                date=max(dates) if dates else "", pid=pid, context=proposed))
            continue
        if index is not None and note:
            proposed = copy.note_text(note, "accepted", author)
            before = copy.note_text(note, "accepted", NOBODY)
        elif index is not None:
            proposed = _clean(copy.proposal(index, author))
            before = _clean(copy.proposal(index, NOBODY))
        else:
            proposed = before = ""
        summary = _summary(changes, rnd.number(pid) if not note else None)
        if all(_cosmetic(c) for c in changes) and proposed.split() == before.split():
            result.cosmetic.append(f"{path.name}: {rnd.where(pid) if pid else 'the draft'}"
                                   f"{' (' + note + ')' if note else ''}: {summary} ({author or 'no author'})")
            continue
        dates = [c.date for c in changes if c.date]
        what = f"Tracked changes in {note}: " if note else "Tracked changes: "
        out.append(Incoming(f"changes:{index}:{author}" + (f":{note}" if note else ""), "proposal", what + summary,
                            proposed=proposed, reviewer=author, organisation=copy.company,
                            date=max(dates) if dates else "", pid=pid,
                            context=(anchor.text if note else copy.paragraph_text(index)) if index is not None else ""))
    untracked, unchecked = _untracked(path, copy, rnd, result)
    out.extend(untracked)
    if not out and not any(c.startswith(f"{path.name}: ") for c in result.cosmetic):
        raise Refused(("holds no comment and no change: it reads as the review copy as it was sent out"
                       if unchecked is None else "holds no comment and no tracked change (and edits made without "
                       "tracking cannot be looked for in it: " + unchecked.message.split(": ", 1)[1].split(";")[0] + ")")
                      + "; the reviewer may have sent the wrong file (ask them for the copy they worked on)")
    if unchecked is not None:
        result.diagnostics.append(unchecked)
    return out


def _previous_pid(copy, index: int, marks: dict) -> str | None:
    """The id of the closest paragraph with one before paragraph ``index`` of ``copy``."""
    return next((p for k in range(index - 1, -1, -1) if (p := _mark_pid(copy.paragraphs[k].bookmarks, marks))), None)


def _added_before(copy, anchor, marks: dict) -> int:
    """When ``anchor`` is in paragraphs the reviewer added (with tracking) just before a
    paragraph without id (Enter typed at the start of a heading: the pieces with the inserted
    marks come first and join the heading's paragraph), how many pieces they are; else 0."""
    if anchor.index is None or anchor.note:
        return 0
    u = copy.paragraphs[anchor.index]
    lead = next((k for k, (_b, text, _n) in enumerate(u.parts) if text.strip()), len(u.parts))
    if not 0 < lead < len(u.parts) or anchor.piece >= lead or _mark_pid(u.bookmarks, marks):
        return 0
    return lead if _previous_pid(copy, anchor.index, marks) else 0


def _move(copy, rnd: _Round, name: str, author: str, away: list, here: list, words: str) -> Incoming:
    """One proposal for one move: from the paragraph the words left to the place they went
    (after the paragraph before them, when they went as a paragraph of their own)."""
    marks = rnd.marks
    source = away[0].anchor
    src = _mark_pid(source.bookmarks, marks)
    dest = here[0].anchor
    if dest.new and dest.index is not None:   # a paragraph of its own: after the closest one with an id
        before = next((p for k in range(dest.index - 1, -1, -1)
                       if (p := _mark_pid(copy.paragraphs[k].bookmarks, marks)) and p != src), None)
        where = f"to after {rnd.where(before)}" if before else "to the start of the draft"
    else:
        target = _mark_pid(dest.bookmarks, marks)
        where = f"into {rnd.where(target)}" if target else "into a paragraph without id"
    if dest.note:
        where += f" ({dest.note})"
    origin = rnd.where(src) if src else "where they were"
    if source.note:
        origin += f" ({source.note})"
    dates = [m.date for m in away + here if m.date]
    whole = any(m.paragraph_mark for m in away)
    return Incoming(f"move:{name}:{author}", "proposal",
                    f"Tracked changes: moves {'the paragraph ' if whole else ''}{_q(words or '(no words)')} "
                    f"from {origin} {where}",
                    reviewer=author, organisation=copy.company, date=max(dates) if dates else "", pid=src,
                    quote=words, context=source.text if src else words)


# edits made without Track Changes ------------------------------------------------------------
_DROPPED = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))   # soft hyphen, zero-width spaces
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})


def _word(token: str) -> str:
    """A word as compared: what Word and LibreOffice change when they save a file again
    (smart quotes, soft hyphens, zero-width spaces, composed letters) made the same."""
    import unicodedata

    return unicodedata.normalize("NFC", token.translate(_DROPPED)).translate(_QUOTES)


def _words(text: str) -> list[str]:
    """The words of ``text`` as written (any space, non-breaking ones too, parts them)."""
    return [w for w in text.split() if _word(w)]


def _same(a: str, b: str) -> bool:
    return [_word(w) for w in _words(a)] == [_word(w) for w in _words(b)]


def _word_diff(old: str, new: str) -> str:
    """What turns ``old`` into ``new``, word by word: "replaces “a” with “b”; inserts “c” after “d”"."""
    a, b = _words(old), _words(new)
    ops = difflib.SequenceMatcher(None, [_word(w) for w in a], [_word(w) for w in b], autojunk=False).get_opcodes()
    parts = []
    for tag, i1, i2, j1, j2 in ops:
        gone, put = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "replace":
            parts.append(f"replaces {_q(gone)} with {_q(put)}")
        elif tag == "delete":
            parts.append("deletes " + _placed(_q(gone), a[i1 - 1] if i1 else "", a[i2] if i2 < len(a) else ""))
        elif tag == "insert":
            parts.append("inserts " + _placed(_q(put), a[i1 - 1] if i1 else "", a[i1] if i1 < len(a) else ""))
    return "; ".join(parts)


@dataclass
class _Segment:
    """A paragraph of a returned copy as compared with the review copy: one paragraph as it
    was before the tracked changes, cut where a piece of it starts another paragraph's id (a
    tracked paragraph mark between two paragraphs of the review copy splits nothing)."""

    marks: list[str]
    original: str
    notes: list[str]
    row: object = None          # the w:tr it is in (a table cell's paragraph)


def _segments(copy, marks: dict) -> list[_Segment]:
    out: list[_Segment] = []
    for u in copy.paragraphs:
        if u.inserted:
            continue   # a paragraph added with tracking: registered as such
        current = None
        for piece, (bookmarks, text, notes) in zip(u.pieces, u.parts):
            if current is None or (any(b in marks for b in bookmarks) and any(b in marks for b in current.marks)):
                current = _Segment(list(bookmarks), text, list(notes),
                                   next(piece.iterancestors(qn("w:tr")), None) if u.in_table else None)
                out.append(current)
            else:
                current.marks += bookmarks
                current.original += text
                current.notes += notes
    return out


def _untracked(path: Path, copy, rnd: _Round, result: "Ingested") -> tuple[list[Incoming], Diagnostic | None]:
    """Edits made without Track Changes, found by comparing the copy (read as it was before its
    tracked changes) with the round's review copy: each paragraph with the paragraph of the same
    id (its bookmark), and the paragraphs without id (headings, the annexes) in order. Field
    results programs compute again (page numbers, dates) and what re-saving changes (spaces,
    smart quotes, soft hyphens) count for nothing."""
    marks = rnd.marks
    found = {b for u in copy.paragraphs for b in u.bookmarks}
    strangers = sorted(b for b in found if REVIEW_MARK.fullmatch(b) and b not in marks)
    ref = rnd.reference() if not strangers and found & marks.keys() else None
    if ref is None:
        why = ("it holds paragraph ids of another draft" if strangers else
               "it holds none of the review copy's paragraph ids" if not found & marks.keys() else
               f"round {rnd.n}'s review copy is missing from its folder")
        return [], make("untracked-unchecked", Location(path.name),
                        f"edits made without Track Changes were not looked for: {why}; its comments and tracked "
                        "changes are registered")
    # no author or date of their own: who saved the copy last, and when (unless still the review copy's)
    who = dict(reviewer=copy.saved_by if copy.saved_by != ref.saved_by else "", organisation=copy.company,
               date=copy.saved if copy.saved != ref.saved else "")
    out: list[Incoming] = []

    def add(pid, comment, proposed, context, kind):
        result.untracked[kind] += 1
        out.append(Incoming(f"untracked:{len(out) + 1}", "proposal", f"Untracked changes: {comment}",
                            proposed=proposed, pid=pid, context=context, **who))

    ref_of = {}   # bookmark -> reference paragraph
    for k, u in enumerate(ref.paragraphs):
        for b in u.bookmarks:
            if b in marks:
                ref_of.setdefault(b, k)
    units = _segments(copy, marks)
    consumed: set[int] = set()
    matched: set[int] = set()   # reference paragraphs found
    # paragraphs moved without tracking (cut and paste carries the id's bookmark with them):
    # those out of the review copy's order, the fewest that explain it
    placed = [(i, min(ref_of[b] for b in u.marks if b in ref_of)) for i, u in enumerate(units)
              if any(b in ref_of for b in u.marks)]
    for i in _out_of_order(placed):
        pid = _mark_pid(units[i].marks, marks)
        prev = next((p for k in range(i - 1, -1, -1) if (p := _mark_pid(units[k].marks, marks))), None)
        add(pid, f"moves {rnd.where(pid)} " + (f"to after {rnd.where(prev)}" if prev else "to the start of the draft"),
            "", units[i].original, "paragraph moved")
    for i, u in enumerate(units):
        own = [ref_of[b] for b in u.marks if b in ref_of]
        if not own or i in consumed:
            continue
        own = sorted(set(own))
        matched.update(own)
        pid = _mark_pid(ref.paragraphs[own[0]].bookmarks, marks)
        old = " ".join(_clean(ref.paragraphs[k].original) for k in own)
        new = _clean(u.original)
        pieces = 1
        same = old == new or _same(old, new)   # most paragraphs: as they were, nothing to diff
        if not same:   # split without tracking: the next paragraphs, without id, complete it
            text, j = new, i + 1
            while j < len(units) and not any(b in ref_of for b in units[j].marks) and \
                    _squash(text) != _squash(old) and _squash(old).startswith(_squash(text)):
                text = f"{text} {_clean(units[j].original)}"
                j += 1
            if j > i + 1 and _same(old, text):
                consumed.update(range(i + 1, j))
                pieces = j - i
        what = []
        if len(own) > 1:
            what.append(f"joins {len(own)} paragraphs into one")
        if pieces > 1:
            what.append(f"splits the paragraph in {pieces}")
        diff = _word_diff(old, new) if pieces == 1 and not same else ""
        if diff:
            what.append(diff)
        if what:
            add(pid, "; ".join(what), new if pieces == 1 else "\n".join(_clean(units[k].original)
                                                                        for k in range(i, i + pieces)),
                u.original, "paragraph changed")
        # its notes, by their place
        ref_notes = [label for k in own for label in ref.paragraphs[k].notes]
        for n, label in enumerate(u.notes):
            before = ref.note_text(ref_notes[n], "original") if n < len(ref_notes) else ""
            after = copy.note_text(label, "original")
            if before != after and not _same(before, after):
                add(pid, f"in {label}: " + (_word_diff(before, after) if before else f"adds the note {_q(after)}"),
                    after, after, "note changed")
        for label in ref_notes[len(u.notes):]:
            add(pid, f"removes a note: {_q(ref.note_text(label, 'original'))}", "", u.original, "note changed")
    # the rest: paragraphs without id, added or deleted, in order
    rest_ref = [(k, _clean(u.original)) for k, u in enumerate(ref.paragraphs)
                if k not in matched and _words(u.original)]
    rest = [(i, _clean(u.original)) for i, u in enumerate(units)
            if i not in consumed and not any(b in ref_of for b in u.marks) and _words(u.original)]
    keys = lambda items: [" ".join(_word(w) for w in _words(t)) for _, t in items]  # noqa: E731
    ops = difflib.SequenceMatcher(None, keys(rest_ref), keys(rest), autojunk=False).get_opcodes()

    def after_pid(i: int) -> tuple[str | None, str]:
        """The paragraph with an id before returned paragraph ``i`` (else after it)."""
        for k in range(i - 1, -1, -1):
            pid = _mark_pid(units[k].marks, marks)
            if pid:
                return pid, f"after {rnd.where(pid)}"
        pid = next((p for u in units[i + 1:] if (p := _mark_pid(u.marks, marks))), None)
        return pid, f"before {rnd.where(pid)}" if pid else "in the draft"

    def deleted(k: int, text: str):
        pid = _mark_pid(ref.paragraphs[k].bookmarks, marks)
        add(pid, f"deletes the paragraph {_q(text)}", "", text, "paragraph deleted")

    # table rows whose paragraphs all came without id: rows added without tracking
    old_rows = {id(u.row) for u in units if u.row is not None and any(b in ref_of for b in u.marks)}
    rows_said: set[int] = set()

    def added(i: int, text: str):
        pid, where = after_pid(i)
        row = units[i].row
        if row is None or id(row) in old_rows:
            add(pid, f"adds a paragraph {where}: {_q(text)}", text, text, "paragraph added")
        elif id(row) not in rows_said:   # one proposal for the row, as a tracked row is
            rows_said.add(id(row))
            cells = " | ".join(cell_text(tc) for tc in row.findall(qn("w:tc")))
            add(pid, f"adds a table row {where}: {_q(cells)}", cells, cells, "table row added")

    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        gone, new = rest_ref[i1:i2], rest[j1:j2]
        while tag == "replace" and gone and new and \
                difflib.SequenceMatcher(None, gone[0][1], new[0][1], autojunk=False).ratio() >= 0.5:
            (k, old), (i, text) = gone.pop(0), new.pop(0)
            pid = _mark_pid(ref.paragraphs[k].bookmarks, marks)   # an id whose bookmark was lost
            add(pid, ("" if pid else f"in {_q(old, 60)}: ") + _word_diff(old, text), text, text, "paragraph changed")
        for k, text in gone:
            deleted(k, text)
        for i, text in new:
            added(i, text)
    return out, None


def _out_of_order(placed: list[tuple[int, int]]) -> list[int]:
    """Of ``placed`` ((position in the copy, position in the review copy), in the copy's
    order), the positions in the copy not in a longest run that keeps the review copy's order:
    the paragraphs that were moved."""
    import bisect

    tails: list[int] = []      # tails[k]: index into placed of the smallest end of a run of k + 1
    ends: list[int] = []       # and that end
    back: list[int] = []       # each item's predecessor in its run
    for j, (_i, k) in enumerate(placed):
        at = bisect.bisect_left(ends, k)
        back.append(tails[at - 1] if at else -1)
        if at == len(tails):
            tails.append(j)
            ends.append(k)
        else:
            tails[at], ends[at] = j, k
    keep, j = set(), tails[-1] if tails else -1
    while j >= 0:
        keep.add(j)
        j = back[j]
    return [i for j, (i, _k) in enumerate(placed) if j not in keep]


_LABEL = re.compile(rf"[ \t\u00a0]*\[{PARAGRAPH_ID.pattern}\]")


def _clean(text: str) -> str:
    """A paragraph's text without the review copy's furniture: its number (at its start) and
    the id labels, wherever they are (a tracked split or an added paragraph puts the label
    between the paragraphs the proposal holds)."""
    return "\n".join(line.rstrip() for line in _LABEL.sub("", _NUMBER.sub("", text)).split("\n")).strip()


# A paragraph's number as the review copy prints it: "12." (and "12-" followed by a space or a
# tab, as UN Arabic documents write it: transforms/labels.py); never "2025-2030" or "3.5".
_NUMBER = re.compile(r"^\d+(?:\.(?!\d)|-(?=[\t ]))\s*")


def _unlabelled(text: str, number: int | None = None) -> str:
    """Words a change holds, quoted in its summary, without the id labels and (when they start
    with it) the paragraph's number ``number``."""
    text = _LABEL.sub("", text)
    return re.sub(rf"^\s*{number}(?:\.(?!\d)|-(?=[\t ]))\s*", "", text) if number is not None else text


def _mark_pid(bookmarks: list[str], marks: dict[str, str]) -> str | None:
    return next((marks[b] for b in bookmarks if b in marks), None)


def _from_form(path: Path, shown: str) -> tuple[list[Incoming], list[Diagnostic]]:
    data, diags = tables.read_table(path, shown, sheet="Comments")
    if data is None:
        return [], diags
    if not data.rows and any(d.severity.value == "error" for d in diags):
        return [], diags
    out = []
    for n, row in data.rows:
        row = {FORM_ALIASES.get(k, k): v for k, v in row.items()}
        comment, proposed = row.get("comment", "").strip(), row.get("proposed_wording", "").strip()
        if not comment and not proposed:
            continue
        number = row.get("paragraph_number", "").strip()
        kind = row.get("type", "").strip().lower()
        out.append(Incoming(f"row:{n}", "form", comment, proposed, row.get("commenter", ""),
                            row.get("organisation", ""), "", row.get("paragraph_id", "").strip() or None,
                            int(number) if number.isascii() and number.isdigit() and len(number) < 10 else None,
                            quote=row.get("excerpt", "") if not row.get("paragraph_id") else "",
                            classification=kind if kind in ("editorial", "substantive", "critical") else None))
    if not out:
        raise Refused("holds no comment: no row has a comment or a proposed wording (a blank comment form); the "
                      "reviewer may have sent the wrong file (ask them for the form they filled in)")
    return out, diags


class Refused(Exception):
    """A returned file that holds no comment to register; the message says why."""


def _text_of(raw: bytes) -> str:
    """A .txt file's text (UTF-8, or Windows-1252 as Notepad saves 'ANSI'); Refused when it
    is no text at all."""
    if b"\x00" in raw[:8192]:
        raise Refused("is not text (it holds binary data); send the comments in the e-mail's text, a Word copy "
                      "or the comment form")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(2, len(text) // 100):
        raise Refused("is not text (it holds control characters); send the comments as text")
    return text


def _from_email(path: Path, diags: list[Diagnostic] | None = None) -> tuple[Incoming, dt.datetime | None]:
    """The comment of an e-mail (.eml, read by readers/mail.py: a character set it does not
    know is a warning in ``diags``, not a failure) or of a pasted one (.txt)."""
    raw = path.read_bytes()
    received = None
    if path.suffix.lower() == ".eml":
        from uprreport.readers import mail

        got, more = mail.parse(raw, path.name)
        if any(d.code == "file-unreadable" for d in more):
            raise Refused("is not an e-mail that can be read; save it again from the e-mail program")
        if diags is not None:
            diags.extend(more)
        text, received = got.text, got.date
        name, address = got.name, got.address
        reviewer, organisation = name or address, address.split("@")[-1] if "@" in address else ""
    else:
        text = _text_of(raw)
        reviewer = organisation = ""
        head = re.match(r"(?is)\A((?:[A-Za-z-]+:[^\n]*\n)+)\n", text)
        if head:   # a pasted e-mail: headers, a blank line, the body
            headers = dict(re.findall(r"(?m)^([A-Za-z-]+):\s*(.*)$", head.group(1)))
            name, address = parseaddr(headers.get("From", ""))
            reviewer, organisation = name or address, headers.get("Organisation", headers.get("Organization", ""))
            text = text[head.end():]
    if not text.strip():
        raise Refused("holds no text: an empty e-mail registers no comment")
    pid = PARAGRAPH_ID.search(text)
    number = PARA_IN_TEXT.search(text)
    quote = re.search(r"\u201c([^\u201d]{12,})\u201d|\"([^\"]{12,})\"", text)
    return Incoming("email", "email", text.strip(), reviewer=reviewer, organisation=organisation,
                    date=received.isoformat() if received else "", pid=pid.group(0) if pid else None,
                    number=int(number.group(1)) if number and not pid else None,
                    quote=(quote.group(1) or quote.group(2)) if quote else ""), received


# anchoring ----------------------------------------------------------------------------------
MIN_QUOTE = 20   # characters a quoted passage needs before it is matched: "more" is in every paragraph


def _squash(text: str) -> str:
    return " ".join(text.split())


def _anchor(item: Incoming, paras: list, by_pid: dict, by_number: dict) -> tuple[str | None, str]:
    """The paragraph a comment is about, and how it was found. Quoted words anchor only when
    they are long enough and occur in one paragraph alone (or, when long, resemble one
    paragraph clearly more than any other); otherwise the comment has no paragraph and goes
    to the coordinator, named in the ingest summary. Nothing is guessed."""
    if item.pid and item.pid in by_pid:
        return item.pid, "bookmark" if item.kind in ("comment", "reply", "proposal") else "paragraph-id"
    if item.number is not None and item.number in by_number:
        return by_number[item.number], "paragraph-number"
    label = PARAGRAPH_ID.search(item.context or "")
    if label and label.group(0) in by_pid:   # the review copy prints each paragraph's id
        return label.group(0), "paragraph-id"
    texts = [(p["pid"], _squash(p["text"])) for p in paras]
    # a form's excerpt ends with "…" where it was cut
    for probe in (_squash(item.quote or "").rstrip("…").strip(), _squash(_clean(item.context or ""))):
        if len(probe) < MIN_QUOTE:
            continue
        hits = [pid for pid, text in texts if probe in text]
        if len(hits) == 1:
            return hits[0], "quote"
        if hits or len(probe) < 2 * MIN_QUOTE:
            continue   # in several paragraphs, or too short to compare: no guess
        scored = sorted(((difflib.SequenceMatcher(None, probe, text, autojunk=False).ratio(), pid)
                         for pid, text in texts
                         if difflib.SequenceMatcher(None, probe, text, autojunk=False).quick_ratio() >= 0.6),
                        reverse=True)
        if scored and scored[0][0] >= 0.75 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.1):
            return scored[0][1], "quote"
    return None, "none"


def ingest(project: Path, files: list[Path], received: dt.datetime | None = None,
           organisation: str | None = None) -> Ingested:
    """Register the comments in ``files`` in the open round, all in one transaction."""
    project = Path(project)
    with store.opened(project) as conn:
        return _ingest(conn, project, files, received, organisation)


def _ingest(conn, project: Path, files: list[Path], received: dt.datetime | None,
            organisation: str | None) -> Ingested:
    current = store.require_open(conn)
    n = current["n"]
    deadline = dt.date.fromisoformat(current["deadline"])
    paras = conn.execute("SELECT * FROM paragraphs WHERE round = ?", (n,)).fetchall()
    by_pid = {p["pid"]: p for p in paras}
    by_number = {p["number"]: p["pid"] for p in paras if p["number"] is not None}
    marks = {p["mark"]: p["pid"] for p in paras}
    from uprreport.rounds.review_copy import review_copy_path

    rnd = _Round(n, marks, by_pid, review_copy_path(project, n))
    lead = _lead_owner(project)
    result = Ingested(n)
    parsed = []
    for path in files:
        path = Path(path)
        shown = path.name
        try:
            sha = store.content_sha(path)
        except OSError as exc:
            result.diagnostics.append(make("file-unreadable", Location(shown), f"cannot read it: {exc.strerror}"))
            continue
        when = received
        suffix = path.suffix.lower()
        if suffix in (".docx", ".xlsx"):
            gate = package.check(path, "Word" if suffix == ".docx" else "Excel")
            if gate.problem:
                result.diagnostics.append(make("file-refused", Location(shown), f"not registered: this file {gate.problem}"))
                continue
            result.diagnostics.extend(make("package-warning", Location(shown), w) for w in gate.warnings)
        elif path.stat().st_size > package.MAX_TEXT:
            result.diagnostics.append(make("file-refused", Location(shown), "not registered: larger than 20 MB"))
            continue
        try:
            if suffix == ".docx":
                items = _from_docx(path, rnd, result)
                kind = "word"
            elif suffix in (".xlsx", ".csv"):
                items, diags = _from_form(path, shown)
                result.diagnostics.extend(diags)
                kind = "form"
            elif suffix in (".txt", ".eml"):
                item, sent = _from_email(path, result.diagnostics)
                items, kind = [item], "email"
                when = sent or when   # an e-mail's own date says when it arrived
            else:
                result.diagnostics.append(make("file-refused", Location(shown),
                                               "not registered: returned comments come as .docx, .xlsx, .csv, .txt "
                                               "or .eml files"))
                continue
        except Refused as exc:
            result.diagnostics.append(make("file-refused", Location(shown), f"not registered: this file {exc}"))
            continue
        except package.DAMAGED as exc:
            result.diagnostics.append(make("file-unreadable", Location(shown),
                                           f"not a Word file that can be read ({type(exc).__name__}); "
                                           "ask the reviewer to save it again as .docx"))
            continue
        when = when or dt.datetime.now(dt.timezone.utc)
        late = when.date() > deadline
        parsed.append((path, sha, kind, when, late, items))
    _register(conn, project, n, parsed, paras, by_pid, by_number, lead, organisation, result)
    return result


def _register(conn, project: Path, n: int, parsed, paras, by_pid, by_number, lead: str, organisation: str | None,
              result: Ingested) -> None:
    """The comments of the files read, into round ``n`` in one transaction; refused whole when
    the round closed while they were read (they would be missing from its response matrix)."""
    logged: list[dict] = []
    with store.transaction(conn):
        current = store.current_round(conn)   # read again where the comments are written
        if current is None or current["n"] != n:
            raise UprError(f"round {n} was closed while these files were being read; nothing was registered",
                           hint="its response matrix holds the comments registered before it closed; register "
                                "these in the next round once it is open (uprreport round open)")
        for path, sha, kind, when, late, items in parsed:
            if conn.execute("SELECT 1 FROM files WHERE sha = ? AND round = ?", (sha, n)).fetchone():
                result.skipped.append(path.name)
                continue
            store.keep_original(project, path, sha)
            refs: dict[str, int] = {}
            for item in items:
                pid, anchor = _anchor(item, paras, by_pid, by_number)
                owner = by_pid[pid]["owner"] if pid else lead
                if owner == store.COORDINATOR:
                    owner = lead
                org = item.organisation or organisation or ""
                cur = conn.execute(
                    "INSERT INTO comments (round, file_sha, source_ref, kind, pid, anchor, quote, comment,"
                    " proposed, reviewer, organisation, date, classification, owner, parent, late)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (n, sha, item.source_ref, item.kind, pid, anchor, item.quote, item.comment, item.proposed,
                     item.reviewer, org, item.date or None,
                     item.classification or classify(item.comment, item.proposed, by_pid[pid]["text"] if pid else ""),
                     owner, refs.get(item.parent_ref) if item.parent_ref else None, int(late)))
                refs[item.source_ref] = cur.lastrowid
                result.comments += 1
                result.unanchored += anchor == "none"
                result.by_quote += anchor == "quote"
                if anchor == "none":
                    words = _squash(item.comment)
                    result.unanchored_items.append(f"{path.name}: {item.kind} \u201c{words[:70]}"
                                                   f"{'…' if len(words) > 70 else ''}\u201d")
            conn.execute("INSERT INTO files (sha, round, name, kind, received, late, comments) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (sha, n, path.name, kind, when.isoformat(), int(late), len(items)))
            logged.append(_logged(path.name, sha, when, result))
            result.files += 1
            if late:
                result.late.append(path.name)
    _log(project, n, logged, result)


LOG = "ingest-log.jsonl"
LOGGED = ("untracked-unchecked", "package-warning")   # warnings about a file kept with the round


def _logged(name: str, sha: str, when: dt.datetime, result: Ingested) -> dict:
    """What the ingest summary says of file ``name`` and the register does not hold: the
    changes that left the words as they were, and the warnings (edits made without tracking
    not looked for)."""
    prefix = f"{name}: "
    return {"file": name, "sha": sha, "received": when.isoformat(),
            "ingested": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "cosmetic": [c[len(prefix):] for c in result.cosmetic if c.startswith(prefix)],
            "warnings": [{"code": d.code, "message": d.message} for d in result.diagnostics
                         if d.code in LOGGED and str(d.location.path) == name]}


def _log(project: Path, n: int, logged: list[dict], result: Ingested) -> None:
    """Keep ``logged`` with round ``n``: one JSON line per file registered, appended to
    round-N/ingest-log.jsonl once the files are registered."""
    import json

    from uprreport.rounds.review_copy import round_folder

    if not logged:
        return
    folder = round_folder(project, n)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / LOG, "a", encoding="utf-8") as f:
            f.write("".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in logged))
    except OSError as exc:   # the comments are registered all the same; the summary still says it all
        result.diagnostics.append(make("file-unreadable", Location(str(folder / LOG)),
                                       f"could not keep the ingest log: {exc.strerror}", severity=Severity.WARNING))


def _lead_owner(project: Path) -> str:
    """The coordinating contribution's folder: unanchored comments go to it."""
    from uprreport.readers.project import lead_contribution

    return lead_contribution(project) or store.COORDINATOR
