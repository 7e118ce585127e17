"""The library behind the CLI: one call per command, each returning a result to render.

The compiler itself is ``pipeline`` (readers, checks and passes); this module runs it and
hands its document to the writers, keeping a failed build from touching earlier outputs.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from uprreport import resources
from uprreport.diagnostics import Location, Report, make
from uprreport.errors import UprError, UsageError
from uprreport.pipeline import Validation, validate
from uprreport.transforms import limits
from uprreport.transforms.wordcount import WordCount

__all__ = ["validate", "build", "export", "init", "write_schemas", "Validation", "BuildResult"]


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
    docx_seconds: float = 0.0         # until the Word file was written (the PDF takes the rest)
    removed: list[Path] = field(default_factory=list)     # an earlier build's PDF that no longer matches
    approvals: list | None = None     # each body's approval (collection.approvals.Approval), once any recorded
    progress: object | None = None    # collection.progress.Progress, once input packs were sent


def build(root: Path, out_dir: Path | None = None, pdf: bool = True, draft: bool = False,
          language: str | None = None, final: bool = False) -> BuildResult:
    """Validate, assemble and write DOCX (and PDF) into ``out_dir`` (default ``root/build``);
    with ``language``, the report in that language with the project's translations, its files
    named <name>-<language>.

    Outputs are replaced only when everything succeeded: a failed build leaves the
    previous DOCX and PDF as they were. Raises UprError carrying the diagnostics. With
    ``final``, refuses while a contributing body has not approved its latest text.
    """
    from uprreport.writers import docx as docx_writer
    from uprreport.writers import pdf as pdf_writer

    started = time.perf_counter()
    if pdf:   # LibreOffice starts while the project is read and the Word file written
        from uprreport import libreoffice, office

        office.warm_up(libreoffice.soffice())
    v = validate(root, draft, language)
    project, report, compiled = v.project, v.report, v.compiled
    if compiled is None:
        raise UprError("the project has errors; nothing was built", diagnostics=report.sorted(),
                       hint="fix the errors listed above (run `uprreport validate` to see them again)")
    result = BuildResult(report=report, names=v.names, words=compiled.words, paragraphs=compiled.paragraphs,
                         word_limit=limits.word_limit(project), page_limit=limits.page_limit(project))
    _stop_on_errors(report)
    _approvals(Path(root), project, result, final)

    doc = compiled.doc
    out_dir = Path(out_dir) if out_dir else Path(root) / "build"
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_stale_staging(out_dir)
    template = resources.template(Path(root), project.profile.template, project.manifest.template)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as staging:
        staged_docx = Path(staging) / f"{project.name}{f'-{language}' if language else ''}.docx"
        docx_writer.write(doc, template, staged_docx, report)
        result.docx_seconds = time.perf_counter() - started
        staged = [staged_docx]
        if pdf:
            from uprreport.writers import fonts

            report.extend(fonts.check(doc))
            staged_pdf = staged_docx.with_suffix(".pdf")
            written = pdf_writer.write(doc, template, staged_docx, staged_pdf)
            result.pages = written.pages
            staged.append(staged_pdf)
            if written.contents:   # Word shows the contents' page numbers without updating fields
                docx_writer.write(doc, template, staged_docx, Report(), docx_writer.Options(toc_pages=written.contents))
            report.extend(limits.check_pages(project, result.pages, compiled.words, draft))
            _stop_on_errors(report)
        elif result.page_limit:
            report.emit("limit-info", Location("report.yaml"),
                        f"the page limit ({result.page_limit}) is checked on the PDF; it was not made (--no-pdf)")
        for f in staged:
            target = out_dir / f.name
            f.replace(target)
            result.outputs.append(target)
        stale = staged_docx.with_suffix(".pdf")
        stale = out_dir / stale.name
        if not pdf and stale.exists():   # it shows the text of an earlier build: not beside this one
            stale.unlink()
            result.removed.append(stale)
    result.seconds = time.perf_counter() - started
    return result


LIMIT_CODES = {"over-limit": "word limit", "over-budget": "word budgets", "over-page-limit": "page limit"}


def _approvals(root: Path, project, result: BuildResult, final: bool) -> None:
    """Collection progress and each body's approval into ``result``; for a final build, an
    error per body not approved."""
    from uprreport.collection import approvals

    from uprreport.collection import packs, progress

    if packs.register(root)["packs"]:
        result.progress = progress.of_project(root, project)
    if not (final or approvals.recorded(root)):
        return
    result.approvals = approvals.standing(root, project)
    if not final:
        return
    for a in result.approvals:
        if a.state != "approved":
            since = f" (approved by {a.by} on {a.at[:10]}, changed since)" if a.by else ""
            result.report.add(make("not-approved", Location(f"contributions/{a.slug}"),
                                   f"{a.name} has not approved its latest text{since}"))
    if result.report.has_errors():
        raise UprError("the report is not final: some bodies have not approved their text; nothing was built",
                       diagnostics=result.report.sorted(),
                       hint="once a body approves, record it with `uprreport approve PROJECT BODY --by NAME`; "
                            "or build without --final")


def _stop_on_errors(report: Report) -> None:
    """Raise UprError when ``report`` has errors, saying what they are about."""
    errors = report.errors
    if not errors:
        return
    if all(d.code in LIMIT_CODES for d in errors):
        what = " and ".join(dict.fromkeys(LIMIT_CODES[d.code] for d in errors))
        raise UprError(f"the report is over its {what}; nothing was built", diagnostics=report.sorted(),
                       hint="shorten the largest contributions, or build a draft with --draft")
    raise UprError("the build found errors; nothing was built", diagnostics=report.sorted(),
                   hint="fix the errors listed above")


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


@dataclass
class Exported:
    rows: int
    diagnostics: list = field(default_factory=list)


def export(root: Path, what: str, out: Path) -> Exported:
    """Write the register, the matrix (register + consolidated implementation) or the
    IMPACT OSS exchange file to ``out`` (.csv or .xlsx; the register also .yaml/.json)."""
    from uprreport import exporting, pipeline
    from uprreport.writers import table as table_writer

    project, report = pipeline.check(root)
    if project.manifest is None or not project.recommendations:
        raise UprError("the project's register could not be read", diagnostics=report.sorted())
    columns, rows = exporting.rows(project, what)
    return Exported(len(rows), table_writer.write(Path(out), columns, rows))


def import_ohchr(docx: Path, root: Path):
    """Import OHCHR's thematic list of recommendations (.docx) into the project's register."""
    from uprreport import importing

    return importing.import_ohchr(docx, root)


def import_uprinfo(export: Path, root: Path, state: str, session: str | None = None, paragraph: int | None = None):
    """Import a UPR Info export for one State (see importing.import_uprinfo)."""
    from uprreport import importing

    return importing.import_uprinfo(export, root, state, session, paragraph)


def import_wgreport(report: Path, root: Path, addendum: Path | None = None):
    """Import a Working Group report's recommendations (and its addendum's positions)."""
    from uprreport import importing

    return importing.import_wgreport(report, root, addendum)


def import_impact(csv_path: Path, root: Path):
    """Import an IMPACT OSS recommendations CSV into the project's register."""
    from uprreport import importing

    return importing.import_impact(csv_path, root)


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


def init(target: Path, kind: str, from_list: Path | None = None) -> list[Path]:
    """Scaffold a new project of ``kind`` in ``target``; with ``from_list`` (an OHCHR list),
    its register comes from the list and the examples fit it (see starting.py)."""
    from uprreport import starting

    return starting.init(target, kind, from_list)


@dataclass
class TemplateExported:
    path: Path
    in_project: bool          # written into a project's templates/ folder, which builds use


def template_export(target: Path, kind: str | None = None, force: bool = False) -> TemplateExported:
    """Copy a kind's Word template for restyling: into PROJECT/templates/ when ``target`` is a
    report project (its kind by default), else into the folder ``target``."""
    import shutil

    from uprreport.readers import profile
    from uprreport.readers.project import read_manifest

    target = Path(target)
    in_project = (target / "report.yaml").is_file()
    if in_project and kind is None:
        manifest, _pos, diags = read_manifest(target)
        kind = getattr(manifest, "kind", None)
        if not kind:
            raise UsageError(f"cannot tell the kind of the project '{target}'", diagnostics=diags,
                             hint="give it with --kind")
    name = profile.read(kind or "national").template
    dest = (target / "templates" / name) if in_project else target / name
    if dest.exists() and not force:
        raise UsageError(f"'{dest}' exists already; nothing was overwritten",
                         hint="give another folder, or --force to replace it with the shipped template")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(resources.templates_dir() / name, dest)
    return TemplateExported(dest, in_project)


def translate_export(root: Path, language: str, out: Path | None = None):
    """Write the PO file of the report's paragraphs for translators (see translating.py)."""
    from uprreport import translating

    return translating.export(Path(root), language, out)


def translate_import(root: Path, po: Path):
    """Bring a translator's PO file into the project's translations."""
    from uprreport import translating

    return translating.import_(Path(root), Path(po))


def request(root: Path, deadline=None, today=None):
    """Write an input pack (workbook, Word file, draft e-mail) for every contributing body."""
    from uprreport.collection import packs

    return packs.request(Path(root), deadline, today)


def collect(root: Path, files: list[Path]):
    """Take returned input packs (files, folders, e-mails) into the contributions."""
    from uprreport.collection import collect as collecting

    return collecting.collect(Path(root), [Path(f) for f in files])


def progress(root: Path, today=None, remind: bool = False):
    """Where collection stands for every body; with ``remind``, reminder e-mails for those owing input."""
    from uprreport.collection import progress as standing

    return (standing.remind if remind else standing.progress)(Path(root), today)


def request_approval(root: Path, deadline=None, today=None) -> list[Path]:
    """Write an approval form (the body's text as it stands, to sign) and e-mail per body."""
    from uprreport.collection import approvals

    return approvals.forms(Path(root), deadline, today)


def approve(root: Path, body: str, by: str):
    """Record that ``body`` approved its text as it stands now."""
    from uprreport.collection import approvals

    return approvals.approve(Path(root), body, by)


def write_schemas(out_dir: Path) -> list[Path]:
    """Write the JSON Schema of every project file format into ``out_dir``."""
    from uprreport.schemas import write_all

    return write_all(Path(out_dir))
