"""Returned input packs: recognised by the pack id they carry, checked in the contributor's
terms (sheet, row, column), and moved into the contribution's folder, every earlier
version kept.

A workbook's filled rows replace that body's rows for the same recommendations in its
implementation table (in the table's own format, CSV or XLSX); rows for other
recommendations stay. A Word narrative is cut at its section headings into one fragment
per section, each with its sidecar. Originals are kept under requests/<body>/returns/, and
the files they replace under contributions/<body>/.history/.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.collection import approvals, packs
from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.fsutil import atomic_path, write_text
from uprreport.readers import mail, package, tables

IMPL_COLUMNS = ["recommendation", "status", "actions", "indicators", "evidence", "partners", "timeframe",
                "responsible_body"]


@dataclass
class Return:
    slug: str
    file: str
    kind: str                 # "workbook" or "narrative"
    version: int
    changed: list[str] = field(default_factory=list)   # recommendation ids whose row changed
    fragments: list[str] = field(default_factory=list)
    words: int = 0


@dataclass
class Collected:
    returns: list[Return] = field(default_factory=list)
    approvals: list = field(default_factory=list)     # approvals.Approval recorded from signed forms
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _files(paths: list[Path], staging: Path, diags: list[Diagnostic]) -> list[tuple[Path, str]]:
    """(file, name shown) of every returned file: folders walked, e-mails' attachments taken
    (an e-mail that cannot be read is said in ``diags``)."""
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out += _files(sorted(x for x in p.rglob("*") if x.is_file()), staging, diags)
        elif p.suffix.lower() == ".eml":
            got, more = mail.read(p, p.name)
            diags.extend(d for d in more if d.code != "email-charset")   # only the attachments are taken
            for k, part in enumerate(got.attachments if got is not None else []):
                if Path(part.name).suffix.lower() in (".xlsx", ".docx"):
                    target = staging / f"{len(out)}-{part.name}"   # unique: two e-mails may send one name
                    target.write_bytes(part.data)
                    out.append((target, f"{p.name} > {part.name}"))
        else:
            out.append((p, p.name))
    return out


# What openpyxl and python-docx raise on a damaged package besides package.DAMAGED: a worksheet
# that is not XML (ElementTree's ParseError, a SyntaxError), a relationship without a target
# (TypeError), a relationships part of another form (AttributeError, python-docx), a value of
# the wrong kind (ValueError).
UNREADABLE = package.DAMAGED + (ValueError, SyntaxError, TypeError, AttributeError)


def _pack_of(path: Path) -> str | None:
    """The pack id a returned workbook or Word file carries, or None."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        return next((p.value for p in wb.custom_doc_props if p.name == packs.PACK_PROPERTY), None)
    if path.suffix.lower() == ".docx":
        from docx import Document

        return Document(str(path)).core_properties.identifier or None
    return None


def _keep(src: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    target = folder / f"{stamp}-{name}"
    shutil.copyfile(src, target)
    return target


# The grey columns of a pack, as messages name them.
LOCKED_NAMES = {"text": "text", "position": "position", "previous_status": "previous status"}


def _same(a: str, b: str, exact: bool) -> bool:
    """Whether two cells say the same, as Excel or LibreOffice may save them again: spaces and
    line breaks, Unicode composition (and, unless ``exact``, letter case) aside."""
    a, b = (" ".join(unicodedata.normalize("NFC", x or "").split()) for x in (a, b))
    return a == b if exact else a.casefold() == b.casefold()


def _sent(root: Path, slug: str, pack_id: str, known, t=None) -> tuple[dict[str, dict], bool]:
    """What the pack put in the grey columns, by recommendation id, and whether that is the
    pack itself: its workbook under requests/<body>/ while it still carries ``pack_id``
    (sending the pack again replaces it); else the register's text and position, as the
    pack writes them (previous status not known then: not compared)."""
    from uprreport.ooxml.chars import clean
    from uprreport.readers.contribution import _fits, aliases
    from uprreport.writers.table import fit_cell

    sent = root / packs.FOLDER / slug / f"{slug}-input-pack.xlsx"
    try:
        same_pack = sent.is_file() and _pack_of(sent) == pack_id
    except UNREADABLE:
        same_pack = False
    if same_pack:
        table, _diags = tables.read_table(sent, sent.name, sheet=packs.SHEET, fits=_fits)
        if table is not None:
            rows = ({aliases().get(k, k): v for k, v in cells.items()} for _n, cells in table.rows)
            return {r.get("recommendation", ""): r for r in rows}, True
    t = t or (lambda word: word)
    return {rid: {"text": fit_cell(clean(rec.text))[0], "position": t(rec.position.value)}
            for rid, rec in known.items()}, False


def _locked_changes(row: dict, before: dict | None) -> list[str]:
    """The grey columns of ``row`` that say otherwise than the pack sent."""
    if before is None:
        return []
    return [name for name in LOCKED_NAMES if name in row and name in before
            and not _same(row[name], before[name], exact=name == "text")]


def _workbook(root: Path, path: Path, shown: str, slug: str, project, vocabulary, result: Return,
              diags: list[Diagnostic], pack_id: str = "") -> None:
    from uprreport.readers.contribution import _fits, aliases
    from uprreport.transforms.statuses import suggest

    table, more = tables.read_table(path, shown, sheet=packs.SHEET, fits=_fits, formulas=True)
    formulas = [d for d in more if d.code == "cell-formula"]
    diags += [d for d in more if d.code != "cell-formula"]
    if table is None:
        return
    known = project.recommendation_map()
    contribution = next(c for c in project.contributions if c.slug == slug)
    allowed = {" ".join(s.lower().split()): s for s in vocabulary}
    from uprreport import i18n

    sent, from_pack = _sent(root, slug, pack_id, known, i18n.of(project))
    start = len(diags)
    incoming: dict[str, dict] = {}
    read: set[int] = set()          # rows with a status: those the file gives
    bad = False
    for n, cells in table.rows:
        row = {aliases().get(k, k): v for k, v in cells.items()}
        rid, status = row.get("recommendation", "").strip(), row.get("status", "").strip()
        if not status:
            filled = [c for c in IMPL_COLUMNS[2:] if c != "responsible_body" and str(row.get(c, "")).strip()]
            if rid and filled:   # an answer without its status: said, and kept in the returned file
                diags.append(make("status-missing", table.at(row=n, field="status"),
                                  f"row {n}: {rid} has {' and '.join(filled[:2])} but no status, so the row was not "
                                  "taken; choose its status in the list and send the file again"))
            continue
        read.add(n)
        if rid not in known:
            diags.append(make("rec-unknown", table.at(row=n, field="recommendation"),
                              f"'{rid}' is not a recommendation of the register: the id was typed over; take it "
                              "from the pack sent"))
            bad = True
            continue
        key = " ".join(status.lower().split())
        if key not in allowed:
            diags.append(make("status-invalid", table.at(row=n, field="status"),
                              f"status '{status}' is not allowed; {suggest(status, vocabulary)}choose one of "
                              f"the list: {', '.join(vocabulary)}"))
            bad = True
            continue
        changed = _locked_changes(row, sent.get(rid))
        if changed:
            names = [LOCKED_NAMES[c] for c in changed]
            what = " and ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} and {names[-1]}"
            several = len(names) > 1
            how = (("were" if several else "was") + " changed in the return" if from_pack else
                   ("are" if several else "is") + " not the register's")
            diags.append(make("pack-locked-changed", table.at(row=n, field=changed[0]),
                              f"row {n}: the {what} of {rid} {how}; changes to grey columns are not taken (the rest "
                              "of the row is) — put comments in the actions column or write to the coordinator"))
        incoming[rid] = {c: row.get(c, "") for c in IMPL_COLUMNS} | {"status": allowed[key]}
    diags[start:] = sorted(diags[start:] + [d for d in formulas if d.location.row in read],
                           key=lambda d: d.location.row or 0)
    if bad:
        diags.append(make("file-refused", Location(shown), f"nothing of {shown} was taken in: correct the rows "
                          "named above and send it again", severity=Severity.ERROR))
        return
    current = {row.recommendation: row for _loc, row in contribution.implementation}
    for rid, row in incoming.items():
        old = current.get(rid)
        if old is None or any(str(getattr(old, c) if c != "partners" else "; ".join(old.partners)) != row[c]
                              for c in IMPL_COLUMNS[1:]):
            result.changed.append(rid)
    folder = root / "contributions" / slug
    existing = next((f for f in (folder / "implementation.csv", folder / "implementation.xlsx") if f.is_file()),
                    folder / "implementation.csv")
    if existing.is_file():
        _keep(existing, folder / ".history", existing.name)
    merged = [({c: getattr(r, c) if c != "partners" else r.partners for c in IMPL_COLUMNS})
              for rid, r in current.items() if rid not in incoming] + list(incoming.values())
    from uprreport.writers import table as table_writer

    table_writer.write(existing, IMPL_COLUMNS, sorted(merged, key=lambda r: known[r["recommendation"]].sort_key()
                                                      if r["recommendation"] in known else (9, 0, 0, "")))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What a block of a Word body holds that is not its text: text deleted or moved away under
# tracked changes (accepted, as the report takes them), and the copy of a text box or shape
# Word keeps for older programs beside the one it shows (mc:Fallback).
_NOT_TEXT = {f"{_W}del", f"{_W}moveFrom", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def _text(el) -> str:
    """The text of a block of a Word body (a paragraph, a table, a content control), each
    paragraph once and on a line of its own (table cells' too), a tab or line break a space;
    not the text of field codes (w:instrText) nor of deletions (w:delText), nor ``_NOT_TEXT``.
    Not ``itertext()``: python-docx's element classes answer ``.text`` for a paragraph, a run
    and a cell with the whole text under them, which lxml's ``itertext`` then yields again
    for each, so each word came two or three times (147 words counted as 388)."""
    from lxml import etree

    from uprreport.ooxml.ns import parse

    plain = parse(etree.tostring(el))      # plain lxml elements: .text is the element's own
    out: list[str] = []
    paragraph = None
    for node in plain.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if any(a.tag in _NOT_TEXT for a in node.iterancestors()):
            continue
        owner = next(node.iterancestors(f"{_W}p"), None)
        if owner is not paragraph:
            out.append("\n")
            paragraph = owner
        out.append(node.text or "" if node.tag == f"{_W}t" else " ")
    return "".join(out).strip()


def _narrative(root: Path, path: Path, shown: str, slug: str, project, result: Return,
               diags: list[Diagnostic]) -> None:
    """Cut the returned narrative at its section headings ("D.justice …") into fragments."""
    from docx import Document

    from uprreport.transforms.wordcount import count_words

    contribution = next(c for c in project.contributions if c.slug == slug)
    sections = contribution.contributor.sections if contribution.contributor else []
    doc = Document(str(path))
    body = doc.element.body
    blocks = [el for el in body if not el.tag.endswith("}sectPr")]
    starts = []
    for i, el in enumerate(blocks):
        if el.tag.endswith("}p"):
            text = _text(el)
            key = text.split(" ", 1)[0]
            style = el.find(".//{*}pStyle")
            if key in sections and style is not None and "Heading" in (style.get(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") or ""):
                starts.append((i, key))
    folder = root / "contributions" / slug
    earlier = {}      # section key -> the body's own fragments there (not made by collect)
    for f in contribution.fragments:
        key = f"{f.meta.section}.{f.meta.theme}" if f.meta.theme else f.meta.section
        if not Path(f.path).stem.startswith(f"{slug}-{key.replace('.', '-')}"):
            earlier.setdefault(key, []).append(Path(f.path).name)
    for k, (i, key) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(blocks)
        part = blocks[i + 1:end]
        words = sum(count_words(_text(el)) for el in part)
        if not words:
            continue
        copy = Document(str(path))
        copy_blocks = [el for el in copy.element.body if not el.tag.endswith("}sectPr")]
        for j, el in enumerate(copy_blocks):
            if not i < j < end:
                copy.element.body.remove(el)
        section, _, theme = key.partition(".")
        name = f"{slug}-{key.replace('.', '-')}"
        target = folder / f"{name}.docx"
        if target.is_file():
            _keep(target, folder / ".history", target.name)
        with atomic_path(target) as tmp:
            copy.save(str(tmp))
        order = "order: 100\n" if key in earlier else ""
        write_text(folder / f"{name}.yaml",
                   f"section: {section}\n" + (f"theme: {theme}\n" if theme else "") + order)
        if key in earlier:
            diags.append(make("pack-text-added", Location(shown), f"the text under {key} was added after the text "
                              f"{contribution.display_name} already had there ({', '.join(earlier[key])}); if it "
                              f"replaces that text, delete the older file from contributions/{slug}/"))
        result.fragments.append(target.name)
        result.words += words
    if starts and not result.fragments:
        diags.append(make("pack-empty", Location(shown), "nothing is written under the headings of this Word file; "
                          "nothing was taken from it"))
    if not starts:
        diags.append(make("front-matter", Location(shown), "no section heading of the pack was found in this "
                          "Word file: write under the headings the pack gave (they say where the text goes)"))


def collect(root: Path, paths: list[Path], today: dt.date | None = None) -> Collected:
    """Take returned packs (files, folders, e-mails) into the project at ``root``. Each
    return is recorded with the time it came in: now, or, for a date replayed (as
    ``request``'s and ``progress``'s ``today``), that day at the present time of day, so
    that ``progress`` on a later day counts it and on an earlier one does not."""
    from uprreport.transforms.statuses import vocabulary

    now = dt.datetime.now().astimezone()          # that day as the local calendar has it, kept in UTC
    if today is not None:
        now = dt.datetime.combine(today, now.time().replace(tzinfo=None)).astimezone()
    now = now.astimezone(dt.timezone.utc)
    root = Path(root)
    project = packs.load_project(root)
    reg = packs.register(root)
    by_id = {p["id"]: p for p in reg["packs"]}
    done = Collected()
    with tempfile.TemporaryDirectory(prefix="uprreport-collect-") as staging:
        for path, shown in _files(list(paths), Path(staging), done.diagnostics):
            if path.suffix.lower() not in (".xlsx", ".docx"):
                done.diagnostics.append(make("file-refused", Location(shown), "not taken: returned packs are the "
                                             ".xlsx workbook and the .docx Word file (or an e-mail with them)"))
                continue
            gate = package.check(path, "Excel" if path.suffix.lower() == ".xlsx" else "Word")
            if gate.problem:
                done.diagnostics.append(make("file-refused", Location(shown), f"not taken: this file {gate.problem}"))
                continue
            try:
                pack_id = _pack_of(path)
            except UNREADABLE:
                pack_id = None
            if (pack_id or "").startswith(approvals.FORM_PREFIX):
                diags = []
                try:
                    got = approvals.from_form(root, path, shown, pack_id, diags)
                except UNREADABLE as exc:
                    got = None
                    diags.append(make("file-unreadable", Location(shown),
                                      f"not taken: this approval form cannot be read ({type(exc).__name__}); ask for "
                                      "it to be saved again as .docx in Word, or record the approval with "
                                      "`uprreport approve`"))
                done.diagnostics += diags
                if got is not None:
                    done.approvals.append(got)
                continue
            pack = by_id.get(pack_id or "")
            if pack is None:
                done.diagnostics.append(make("file-refused", Location(shown), "not taken: this file is not an input "
                                             "pack of this project (it carries no pack id uprreport knows)"))
                continue
            slug = pack["slug"]
            returns = root / packs.FOLDER / slug / "returns"
            same = _kept_already(path, returns)
            if same is not None:   # the same file sent twice (a reminder answered with it again)
                done.diagnostics.append(make("pack-repeated", Location(shown),
                                             f"this is the file already taken in as {same.name}; nothing changed"))
                continue
            kind = path.suffix.lower()     # numbered by kind: the third workbook, the second Word file
            version = 1 + sum(1 for f in returns.glob("*") if f.suffix.lower() == kind) if returns.is_dir() else 1
            result = Return(slug, shown, "workbook" if path.suffix.lower() == ".xlsx" else "narrative", version)
            diags: list[Diagnostic] = []
            if result.kind == "workbook":
                _workbook(root, path, shown, slug, project, vocabulary(project), result, diags, pack_id or "")
            else:
                _narrative(root, path, shown, slug, project, result, diags)
            done.diagnostics += diags
            if not any(d.severity is Severity.ERROR or d.code == "pack-empty" for d in diags):
                _keep(path, returns, Path(shown.split(" > ")[-1]).name)
                pack.setdefault("returns", []).append({"file": shown, "kind": result.kind,
                                                       "at": now.isoformat(timespec="seconds")})
                done.returns.append(result)
    write_text(root / packs.FOLDER / packs.REGISTER, json.dumps(reg, indent=1, ensure_ascii=False) + "\n")
    return done


def _kept_already(path: Path, returns: Path) -> Path | None:
    """The returned file kept under ``returns`` with the same bytes as ``path``, if any."""
    import hashlib

    if not returns.is_dir():
        return None
    size = path.stat().st_size
    digest = None
    for kept in sorted(returns.iterdir()):
        if kept.is_file() and kept.stat().st_size == size:
            digest = digest or hashlib.sha256(path.read_bytes()).digest()
            if hashlib.sha256(kept.read_bytes()).digest() == digest:
                return kept
    return None
