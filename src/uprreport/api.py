"""The library behind the CLI: validate, build, init and schema, each one call."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from uprreport import resources
from uprreport.diagnostics import Location, Report
from uprreport.errors import UprError, UsageError
from uprreport.model.project import Project
from uprreport.readers import project as project_reader
from uprreport.transforms import CHECKS, annexes, assemble, cover, limits, numbering, wordcount
from uprreport.transforms.wordcount import WordCount


@dataclass
class Compiled:
    """The document tree of a valid project, numbered, with annexes, and its word count."""

    doc: object
    context: dict
    words: WordCount
    paragraphs: int


@dataclass
class Validation:
    project: Project
    report: Report
    compiled: Compiled | None = None   # None when the project has errors

    @property
    def names(self) -> dict[str, str]:
        return {c.slug: c.display_name for c in self.project.contributions}


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    words: WordCount | None = None
    word_limit: int | None = None
    pages: int | None = None          # counted pages of the rendered text (with a PDF)
    page_limit: int | None = None
    paragraphs: int = 0
    names: dict[str, str] = field(default_factory=dict)   # contribution slug -> body's name
    report: Report = field(default_factory=Report)
    seconds: float = 0.0


def _compile(project: Project, report: Report, draft: bool) -> Compiled:
    ctx = cover.context(project.manifest, project.profile)
    doc = assemble.build(project, ctx)
    paragraphs = numbering.apply(doc)
    annexes.apply(doc, project)
    words = wordcount.count(doc, notes=project.profile.limits.counts == "body+notes")
    report.extend(limits.check_words(project, words, draft))
    return Compiled(doc, ctx, words, paragraphs)


def validate(root: Path, draft: bool = False) -> Validation:
    """Read ``root`` and run every check, the length limits included (as for a final
    build unless ``draft``); all problems are in the returned report."""
    report = Report()
    project = project_reader.read(Path(root), report)
    v = Validation(project, report)
    if project.manifest is not None and project.profile is not None:
        for check in CHECKS:
            report.extend(check(project))
        if not report.has_errors():
            v.compiled = _compile(project, report, draft)
    return v


def build(root: Path, out_dir: Path | None = None, pdf: bool = True, draft: bool = False) -> BuildResult:
    """Validate, assemble and write DOCX (and PDF) into ``out_dir`` (default ``root/build``).

    Outputs are replaced only when everything succeeded: a failed build leaves the
    previous DOCX and PDF as they were. Raises UprError carrying the diagnostics.
    """
    started = time.perf_counter()
    v = validate(root, draft)
    project, report, compiled = v.project, v.report, v.compiled
    if compiled is None:
        raise UprError("the project has errors; nothing was built", diagnostics=report.sorted(),
                       hint="fix the errors listed above (run `uprreport validate` to see them again)")
    result = BuildResult(report=report, names=v.names, words=compiled.words, paragraphs=compiled.paragraphs,
                         word_limit=limits.word_limit(project), page_limit=limits.page_limit(project))
    if report.has_errors():
        raise UprError("the report is over its length limit; nothing was built",
                       diagnostics=report.sorted(),
                       hint="shorten the largest contributions, or build a draft with --draft")

    from uprreport.writers import docx as docx_writer

    doc, ctx = compiled.doc, compiled.context
    out_dir = Path(out_dir) if out_dir else Path(root) / "build"
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_stale_staging(out_dir)
    template = resources.template(Path(root), project.profile.template)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as staging:
        staged_docx = Path(staging) / f"{project.name}.docx"
        docx_writer.write(doc, template, staged_docx, ctx, report)
        staged = [staged_docx]
        if pdf:
            staged_pdf = staged_docx.with_suffix(".pdf")
            result.pages = _pdf(doc, template, ctx, report, staged_docx, staged_pdf)
            staged.append(staged_pdf)
            report.extend(limits.check_pages(project, result.pages, compiled.words, draft))
            if report.has_errors():
                raise UprError("the report is over its page limit; nothing was built",
                               diagnostics=report.sorted(),
                               hint="shorten the largest contributions, or build a draft with --draft")
        elif result.page_limit:
            report.emit("limit-info", Location("report.yaml"),
                        f"the page limit ({result.page_limit}) is checked on the PDF; it was not made (--no-pdf)")
        for f in staged:
            target = out_dir / f.name
            f.replace(target)
            result.outputs.append(target)
    result.seconds = time.perf_counter() - started
    return result


def _clear_stale_staging(out_dir: Path, age: float = 600) -> None:
    """Remove staging folders an interrupted build left behind (older than ``age`` seconds)."""
    import shutil

    now = time.time()
    for d in out_dir.glob(".staging-*"):
        try:
            if now - d.stat().st_mtime > age:
                shutil.rmtree(d, ignore_errors=True)
        except OSError:
            pass


def _pdf(doc, template: Path, ctx: dict, report: Report, docx: Path, pdf: Path) -> int:
    """Convert the report to PDF and return the number of pages of its text.

    With endnotes, the text is converted from a copy whose notes are printed after the
    text under a short rule, as in issued UN documents (LibreOffice would put them on a
    page of their own after the last annex), and the annexes from a second file whose page
    numbers continue the text's; the two PDFs are joined. Pages of text are counted from
    the first heading's page to the end of the text (cover, contents and annexes not)."""
    from uprreport.writers import docx as docx_writer
    from uprreport.writers import pdf as pdf_writer

    if doc.meta.get("notes", "endnotes").rstrip("s") != "endnote":
        pdf_writer.convert(docx, pdf)
        return _text_pages(pdf, doc)
    work = docx.parent
    body_docx, annex_docx = work / "_text.docx", work / "_annexes.docx"
    body_pdf, annex_pdf = body_docx.with_suffix(".pdf"), annex_docx.with_suffix(".pdf")
    marks = {s.key: mark for s, mark in docx_writer.toc_entries(doc)} if doc.meta.get("toc") else {}
    annex_marks = [marks[a.key] for a in doc.annexes if a.key in marks]

    def text(pages: dict) -> int:
        doc.meta["toc_pages"] = pages
        docx_writer.write(doc, template, body_docx, ctx, Report(), part="body")
        pdf_writer.convert(body_docx, body_pdf)
        return pdf_writer.page_count(body_pdf)

    def annexes(first: int) -> dict:
        docx_writer.write(doc, template, annex_docx, ctx, Report(), part="annexes", first_page=first)
        pdf_writer.convert(annex_docx, annex_pdf)
        starts = [page for _title, page in pdf_writer.outline(annex_pdf)]
        return {mark: str(first + page) for mark, page in zip(annex_marks, starts)}

    # The text's contents list the annexes, whose pages are known only once the text is
    # laid out: the text with placeholders, the annexes, then the text again with their
    # pages (and the annexes again only if that changed the text's length).
    pages = text({mark: "00" for mark in annex_marks})
    if not doc.annexes:
        body_pdf.replace(pdf)
        return _text_pages(pdf, None)
    annex_pages = annexes(pages + 1)
    if annex_marks:
        again = text(annex_pages)
        if again != pages:
            text(annexes(again + 1))
    pdf_writer.merge([body_pdf, annex_pdf], pdf)
    return _text_pages(body_pdf, None)


def _text_pages(pdf: Path, doc) -> int:
    """Pages from the first heading's page to the end of the text, read from the PDF's
    bookmarks (one per Heading 1: contents and cover have none). When ``doc`` is given the
    PDF holds its annexes too, and the text ends where the first annex begins."""
    from uprreport.writers import pdf as pdf_writer

    marks = pdf_writer.outline(pdf)
    total = pdf_writer.page_count(pdf)
    if not marks:
        return total
    start = marks[0][1]
    end = total
    if doc is not None and doc.annexes:
        n = len(doc.body)
        end = marks[n][1] if len(marks) > n else total
    return max(end - start, 1)


def import_ohchr(docx: Path, root: Path):
    """Import OHCHR's thematic list of recommendations (.docx) into the project's register."""
    from uprreport import importing
    from uprreport.readers import ohchr_matrix

    rows, diags = ohchr_matrix.read(Path(docx), Path(docx).name)
    if not rows:
        raise UprError(f"no recommendations found in {Path(docx).name}", diagnostics=diags)
    incoming = []
    for r in rows:
        themes = [r.group] + [t for t in r.themes if t != r.group]
        incoming.append({"id": r.id, "text": r.text, "states": r.states, "position": r.position,
                         "themes": themes, "sdgs": r.sdgs, "affected_persons": r.affected_persons,
                         "mechanism": "UPR", "source": r.source, "position_source": r.position_source})
    owned = ["text", "states", "position", "themes", "sdgs", "affected_persons", "mechanism", "position_source"]
    result = importing.merge(Path(root), incoming, owned)
    result.diagnostics = diags
    return result


def import_uprinfo(export: Path, root: Path, state: str, session: str | None = None,
                   paragraph: int | None = None):
    """Import a UPR Info export for one State (and session) into the project's register.

    UPR Info gives no paragraph numbers. With ``paragraph``, rows become recommendations
    ``paragraph.1``, ``paragraph.2`` … in the export's order (for a register built from UPR
    Info alone). Without it, each row is matched to a register recommendation of the same
    recommending State with (nearly) the same wording, and only the action category and
    UPR Info's issues are added; unmatched rows are reported, not invented.
    """
    from uprreport import importing
    from uprreport.diagnostics import make
    from uprreport.readers import uprinfo

    rows, diags = uprinfo.read(Path(export), Path(export).name, state, session)
    if not rows:
        raise UprError(f"no rows for '{state}'{f' in session {session}' if session else ''} in {Path(export).name}",
                       diagnostics=diags, hint="check the spelling of the State as in the export's 'To' column")
    if paragraph is not None:
        incoming = [{"id": f"{paragraph}.{i}", "text": r.text, "states": [r.recommending_state],
                     "position": r.response, "themes": r.issues, "action_category": r.action_category or "",
                     "mechanism": "UPR", "uprinfo_issues": ", ".join(r.issues)}
                    for i, r in enumerate(rows, 1)]
        owned = ["text", "states", "position", "themes", "action_category", "mechanism", "uprinfo_issues"]
        result = importing.merge(Path(root), incoming, owned)
        result.diagnostics = diags
        return result
    path, shown, _default = importing.project_register(Path(root))
    _columns, register = importing.read_raw(path, shown)
    matched, unmatched = importing.match_texts(register, [(r.recommending_state, r.text) for r in rows])
    incoming = []
    for r, reg_row in zip(rows, matched):
        if reg_row is None:
            continue
        incoming.append({**reg_row, "action_category": r.action_category or "", "uprinfo_issues": ", ".join(r.issues)})
    result = importing.merge(Path(root), incoming, ["action_category", "uprinfo_issues"])
    for r in (r for r, m in zip(rows, matched) if m is None):
        diags.append(make("import-unmatched", Location(Path(export).name, row=r.row),
                          f"no recommendation of {r.recommending_state} with this wording in the register: "
                          f"{r.text[:80]}…"))
    result.diagnostics = diags
    return result


def import_impact(csv_path: Path, root: Path):
    """Import an IMPACT OSS recommendations CSV into the project's register."""
    from uprreport import importing
    from uprreport.readers import impact

    rows, diags = impact.read(Path(csv_path), Path(csv_path).name)
    if not rows:
        raise UprError(f"no recommendations read from {Path(csv_path).name}", diagnostics=diags)
    owned = ["text", "states", "position", "response", "mechanism", "themes", "sdgs"]
    rows = [{k: v for k, v in r.items() if k in owned + ["id", "source"] and (v or k in owned)} for r in rows]
    result = importing.merge(Path(root), rows, owned)
    result.diagnostics = diags
    return result


def export(root: Path, what: str, out: Path) -> int:
    """Write the register, the matrix (register + consolidated implementation) or the
    IMPACT OSS exchange file to ``out`` (.csv or .xlsx; the register also .yaml/.json).
    Returns the number of rows written."""
    from uprreport.readers import impact
    from uprreport.transforms import action_category
    from uprreport.transforms.implementation import consolidate
    from uprreport.writers import table as table_writer

    v = validate(root)
    if v.project.manifest is None or not v.project.recommendations:
        raise UprError("the project's register could not be read", diagnostics=v.report.sorted())
    recs = sorted(v.project.recommendations, key=lambda r: r.sort_key())
    titles = v.project.theme_titles()
    if what == "impact":
        default = v.project.manifest.previous_review
        columns, rows = impact.EXPORT_COLUMNS, [impact.export_row(r, default) for r in recs]
    else:
        imps = consolidate(v.project) if v.project.profile else {}
        columns = ["id", "text", "states", "position", "theme", "themes", "sdgs", "affected_persons", "mechanism",
                   "source", "action_category", "action_category_estimated"]
        if what == "matrix":
            columns += ["status", "responsible_body", "actions", "indicators", "evidence"]
        rows = []
        for r in recs:
            row = {"id": r.id, "text": r.text, "states": r.states, "position": r.position.value,
                   "theme": titles.get(r.themes[0], r.themes[0]) if r.themes else "",
                   "themes": [titles.get(t, t) for t in r.themes], "sdgs": r.sdgs,
                   "affected_persons": r.affected_persons, "mechanism": r.mechanism,
                   "source": r.source or v.project.manifest.previous_review,
                   "action_category": r.action_category or "",
                   "action_category_estimated": action_category.estimate(r.text)}
            if what == "matrix" and r.id in imps:
                imp = imps[r.id]
                row.update(status=imp.detail or imp.status, responsible_body=imp.bodies, actions=imp.actions,
                           indicators=imp.indicators, evidence=imp.evidence)
            rows.append(row)
    table_writer.write(Path(out), columns, rows)
    return len(rows)


def round_open(root: Path, deadline=None, today=None):
    """Freeze the draft as a new comment round: review copy, comment form, stable ids."""
    from uprreport.rounds import review_copy

    return review_copy.open_round(Path(root), deadline, today)


def round_ingest(root: Path, files: list[Path], received=None, organisation: str | None = None):
    """Register returned Word copies, comment forms and e-mails in the open round."""
    from uprreport.rounds import ingest

    return ingest.ingest(Path(root), [Path(f) for f in files], received, organisation)


def round_respond(root: Path, export: bool = False, files=(), comment: int | None = None,
                  decision: str | None = None, reason: str = "", by: str = ""):
    """Hand out per-owner response worksheets, read them back, or record one decision."""
    from uprreport.rounds import respond

    if export:
        return respond.export_sheets(Path(root))
    if files:
        return respond.import_sheets(Path(root), [Path(f) for f in files])
    respond.decide(Path(root), comment, decision, reason, by)
    return None


def round_status(root: Path) -> dict:
    from uprreport.rounds import status

    return status.status(Path(root))


def round_close(root: Path, today=None):
    from uprreport.rounds import close

    return close.close_round(Path(root), today)


def init(target: Path, kind: str) -> list[Path]:
    """Scaffold a new project of ``kind`` in ``target`` (which must not hold a project yet)."""
    resources.profile(kind)  # raises UsageError for unknown kinds
    source = resources.scaffold_dir() / kind
    if not source.is_dir():
        raise UsageError(f"there is no starter project for kind '{kind}' yet")
    target = Path(target)
    if (target / "report.yaml").exists():
        raise UsageError(f"'{target}' already holds a report project (report.yaml exists)",
                         hint="choose a new folder name; nothing was overwritten")
    written = []
    for src in sorted(source.rglob("*")):
        if src.is_file():
            dest = target / src.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists():
                continue
            text = src.read_text(encoding="utf-8").replace("{{FOLDER}}", target.resolve().name)
            dest.write_text(text, encoding="utf-8")
            written.append(dest)
    return written


def write_schemas(out_dir: Path) -> list[Path]:
    """Write the JSON Schema of every project file format into ``out_dir``."""
    from uprreport.schemas import write_all

    return write_all(Path(out_dir))
