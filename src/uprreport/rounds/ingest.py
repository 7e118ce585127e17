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
import re
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.ids import PARAGRAPH_ID
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
    diagnostics: list[Diagnostic] = field(default_factory=list)


# readers of each kind of returned file ------------------------------------------------------
def _from_docx(path: Path, marks: dict[str, str]) -> list[Incoming]:
    """The comments, replies and tracked changes of a returned Word copy; ``marks`` maps the
    review copy's bookmark names to paragraph ids."""
    copy = review_docx.read(path)
    out: list[Incoming] = []
    groups: dict[tuple[int | None, str], list] = {}
    for r in copy.remarks:
        if r.kind in ("comment", "reply"):
            out.append(Incoming(f"comment:{r.ref}", r.kind, r.text, reviewer=r.author, organisation=copy.company,
                                date=r.date, pid=_mark_pid(r.anchor.bookmarks, marks), quote=r.anchor.quote,
                                context=r.anchor.text, parent_ref=f"comment:{r.parent}" if r.parent else None))
        elif not r.paragraph_mark or r.text:
            groups.setdefault((r.anchor.index, r.author), []).append(r)
    for (index, author), changes in groups.items():
        inserted = [c.text for c in changes if c.kind == "insertion" or (c.kind == "move" and c.move_to)]
        deleted = [c.text for c in changes if c.kind == "deletion" or (c.kind == "move" and not c.move_to)]
        summary = "; ".join(x for x in (
            f"inserts \u201c{' … '.join(t for t in inserted if t.strip())}\u201d" if any(t.strip() for t in inserted) else "",
            f"deletes \u201c{' … '.join(t for t in deleted if t.strip())}\u201d" if any(t.strip() for t in deleted) else "")
            if x)
        proposed = _clean(copy.proposal(index, author)) if index is not None else ""
        anchor = changes[0].anchor
        out.append(Incoming(f"changes:{index}:{author}", "proposal", f"Tracked changes: {summary}" if summary else
                            "Tracked changes", proposed=proposed, reviewer=author, organisation=copy.company,
                            date=max(c.date for c in changes), pid=_mark_pid(anchor.bookmarks, marks),
                            context=copy.paragraph_text(index) if index is not None else ""))
    return out


def _clean(text: str) -> str:
    """A paragraph's text without the review copy's furniture: its number and its id label."""
    label = re.compile(rf"\s*\[{PARAGRAPH_ID.pattern}\]\s*$")
    return label.sub("", re.sub(r"^\d+\.\s*", "", text)).strip()


def _mark_pid(bookmarks: list[str], marks: dict[str, str]) -> str | None:
    return next((marks[b] for b in bookmarks if b in marks), None)


def _from_form(path: Path, shown: str) -> tuple[list[Incoming], list[Diagnostic]]:
    data, diags = tables.read_table(path, shown, sheet="Comments")
    if data is None:
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
                            int(number) if number.isdigit() else None,
                            quote=row.get("excerpt", "") if not row.get("paragraph_id") else "",
                            classification=kind if kind in ("editorial", "substantive", "critical") else None))
    return out, diags


def _from_email(path: Path) -> tuple[Incoming, dt.datetime | None]:
    raw = path.read_bytes()
    received = None
    if path.suffix.lower() == ".eml":
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        body_part = msg.get_body(preferencelist=("plain",))
        text = body_part.get_content() if body_part is not None else ""
        name, address = parseaddr(str(msg.get("From", "")))
        try:
            received = parsedate_to_datetime(str(msg.get("Date"))) if msg.get("Date") else None
        except (TypeError, ValueError):
            received = None
        reviewer, organisation = name or address, address.split("@")[-1] if "@" in address else ""
    else:
        text = raw.decode("utf-8", errors="replace")
        reviewer = organisation = ""
        head = re.match(r"(?is)\A((?:[A-Za-z-]+:[^\n]*\n)+)\n", text)
        if head:   # a pasted e-mail: headers, a blank line, the body
            headers = dict(re.findall(r"(?m)^([A-Za-z-]+):\s*(.*)$", head.group(1)))
            name, address = parseaddr(headers.get("From", ""))
            reviewer, organisation = name or address, headers.get("Organisation", headers.get("Organization", ""))
            text = text[head.end():]
    pid = PARAGRAPH_ID.search(text)
    number = PARA_IN_TEXT.search(text)
    quote = re.search(r"\u201c([^\u201d]{12,})\u201d|\"([^\"]{12,})\"", text)
    return Incoming("email", "email", text.strip(), reviewer=reviewer, organisation=organisation,
                    date=received.isoformat() if received else "", pid=pid.group(0) if pid else None,
                    number=int(number.group(1)) if number and not pid else None,
                    quote=(quote.group(1) or quote.group(2)) if quote else ""), received


# anchoring ----------------------------------------------------------------------------------
def _anchor(item: Incoming, paras: list, by_pid: dict, by_number: dict) -> tuple[str | None, str]:
    if item.pid and item.pid in by_pid:
        return item.pid, "bookmark" if item.kind in ("comment", "reply", "proposal") else "paragraph-id"
    if item.number is not None and item.number in by_number:
        return by_number[item.number], "paragraph-number"
    probe = item.quote or item.context
    if probe:
        best, ratio = None, 0.0
        for p in paras:
            if probe in p["text"]:
                return p["pid"], "quote"
            r = difflib.SequenceMatcher(None, probe, p["text"], autojunk=False).quick_ratio()
            if r > ratio:
                best, ratio = p, r
        if best is not None and ratio >= 0.8 and difflib.SequenceMatcher(
                None, probe, best["text"], autojunk=False).ratio() >= 0.6:
            return best["pid"], "quote"
    return None, "none"


def ingest(project: Path, files: list[Path], received: dt.datetime | None = None,
           organisation: str | None = None) -> Ingested:
    """Register the comments in ``files`` in the open round, all in one transaction."""
    project = Path(project)
    conn = store.connect(project)
    current = store.require_open(conn)
    n = current["n"]
    deadline = dt.date.fromisoformat(current["deadline"])
    paras = conn.execute("SELECT * FROM paragraphs WHERE round = ?", (n,)).fetchall()
    by_pid = {p["pid"]: p for p in paras}
    by_number = {p["number"]: p["pid"] for p in paras if p["number"] is not None}
    marks = {p["mark"]: p["pid"] for p in paras}
    lead = _lead_owner(project)
    result = Ingested(n)
    parsed = []
    for path in files:
        path = Path(path)
        shown = path.name
        try:
            sha = store.sha256(path)
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
                items = _from_docx(path, marks)
                kind = "word"
            elif suffix in (".xlsx", ".csv"):
                items, diags = _from_form(path, shown)
                result.diagnostics.extend(diags)
                kind = "form"
            elif suffix in (".txt", ".eml"):
                item, sent = _from_email(path)
                items, kind = [item], "email"
                when = sent or when   # an e-mail's own date says when it arrived
            else:
                result.diagnostics.append(make("fragment-format", Location(shown),
                                               "not read: returned comments come as .docx, .xlsx, .csv, .txt or .eml"))
                continue
        except package.DAMAGED as exc:
            result.diagnostics.append(make("file-unreadable", Location(shown),
                                           f"not a Word file that can be read ({type(exc).__name__}); "
                                           "ask the reviewer to save it again as .docx"))
            continue
        when = when or dt.datetime.now(dt.timezone.utc)
        late = when.date() > deadline
        parsed.append((path, sha, kind, when, late, items))
    with store.transaction(conn):
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
                    "INSERT OR IGNORE INTO comments (round, file_sha, source_ref, kind, pid, anchor, quote, comment,"
                    " proposed, reviewer, organisation, date, classification, owner, parent, late)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (n, sha, item.source_ref, item.kind, pid, anchor, item.quote, item.comment, item.proposed,
                     item.reviewer, org, item.date or when.isoformat(),
                     item.classification or classify(item.comment, item.proposed, by_pid[pid]["text"] if pid else ""),
                     owner, refs.get(item.parent_ref) if item.parent_ref else None, int(late)))
                refs[item.source_ref] = cur.lastrowid
                result.comments += 1
                result.unanchored += anchor == "none"
                result.by_quote += anchor == "quote"
            conn.execute("INSERT INTO files (sha, round, name, kind, received, late, comments) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (sha, n, path.name, kind, when.isoformat(), int(late), len(items)))
            result.files += 1
            if late:
                result.late.append(path.name)
    conn.close()
    return result


def _lead_owner(project: Path) -> str:
    """The coordinating contribution's folder: unanchored comments go to it."""
    from uprreport.readers.project import lead_contribution

    return lead_contribution(project) or store.COORDINATOR
