"""The service layer: one call per thing a user does, each returning a typed result.

The command line (``cli/``), the web pages (``web/``) and programs using uprreport as a
library call these functions and nothing below them. The compiler itself is ``pipeline``
(readers, checks and passes); this module runs it and hands its document to the writers,
keeping a failed build from touching earlier outputs. Every failure a user can fix is a
``UprError`` (errors.py); the front ends handle them in one place each.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from uprreport import resources
from uprreport.diagnostics import Location, Report, make
from uprreport.errors import UprError, UsageError
from uprreport.fsutil import replace_together
from uprreport.pipeline import Validation
from uprreport.pipeline import validate as _validate
from uprreport.transforms import limits
from uprreport.transforms.wordcount import WordCount

if TYPE_CHECKING:   # the result types of the modules each call runs (imported there, when called)
    from uprreport import importing, mailing, translating
    from uprreport.collection import approvals, assigning, packs, sending
    from uprreport.collection import collect as collecting
    from uprreport.collection import progress as standing
    from uprreport.rounds import close, ingest, respond, review_copy
    from uprreport.rounds import accounts

__all__ = ["validate", "build", "watch", "export", "init", "write_schemas", "Validation", "BuildResult",
           "BuildOptions"]


FIRST_YEAR, LAST_YEAR = 1990, 2200   # dates a report, a round or a pack can have (the UPR began in 2008)


def parse_date(value: str):
    """A date as offices write it (2025-03-31, 31/03/2025, 31 March 2025), of a year a report
    can have; ValueError saying why not."""
    from uprreport.model import dates

    d = dates.parse(value)
    if not FIRST_YEAR <= d.year <= LAST_YEAR:
        raise ValueError(f"'{value}' is not a date of a UPR report (years {FIRST_YEAR} to {LAST_YEAR})")
    return d


def check_project(root: Path, readable: bool = True) -> None:
    """UsageError unless ``root`` is a report project (a folder with a readable report.yaml)."""
    from uprreport.readers.project import read_manifest

    manifest, _pos, diags = read_manifest(Path(root))
    if manifest is None and readable:
        raise UsageError(f"the report.yaml of {root} cannot be read", diagnostics=diags,
                         hint="fix what is listed above (`uprreport validate` shows it again)")


def validate(root: Path, draft: bool = False, language: str | None = None, furniture: bool = True) -> Validation:
    """Read, check and compile the project at ``root`` (nothing is written). ``furniture=False``
    only checks: the cover's date and ordinal are not spelt (see pipeline.validate)."""
    _check_language(language)
    return _validate(root, draft, language, furniture)


def word_limit(project) -> int | None:
    """The report's word limit (its kind's, or report.yaml's), or None when it has none."""
    return limits.word_limit(project)


def _check_language(language: str | None) -> None:
    from uprreport.model.manifest import LANGUAGES

    if language is not None and language not in LANGUAGES:
        raise UsageError(f"'{language}' is not a language uprreport writes reports in",
                         hint=f"use one of {', '.join(LANGUAGES)} ({', '.join(LANGUAGES.values())})")


@dataclass
class BuildOptions:
    """How to build: where, with or without the PDF, as a draft, in which language, final."""

    out: Path | None = None
    pdf: bool = True
    draft: bool = False
    language: str | None = None
    final: bool = False

    def as_kwargs(self) -> dict:
        return {"out_dir": self.out, "pdf": self.pdf, "draft": self.draft, "language": self.language,
                "final": self.final}


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

    _check_language(language)
    started = time.perf_counter()
    if pdf:   # LibreOffice starts while the project is read and the Word file written
        from uprreport import libreoffice, office

        office.warm_up(libreoffice.soffice())
    v = _validate(root, draft, language)
    project, report, compiled = v.project, v.report, v.compiled
    if compiled is None:
        raise UprError("the project has errors; nothing was built", diagnostics=report.sorted(),
                       hint="fix the errors listed above (run `uprreport validate` to see them again)")
    result = BuildResult(report=report, names=v.names, words=compiled.words, paragraphs=compiled.paragraphs,
                         word_limit=limits.word_limit(project), page_limit=limits.page_limit(project))
    _stop_on_errors(report)
    if final and language:   # a final translated report has nothing left in the source language
        left = [d for d in report.items if d.code in ("translation-missing", "translation-stale")]
        if left:
            raise UprError(f"the translation into {language} is not complete: {len(left)} text"
                           f"{'s' * (len(left) != 1)} not translated; nothing was built", diagnostics=left,
                           hint=f"export them (`uprreport translate export PROJECT --to {language}`), have them "
                                f"translated and import the file, or build without --final")
    _approvals(Path(root), project, result, final)

    doc = compiled.doc
    out_dir = Path(out_dir) if out_dir else Path(root) / "build"
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"{project.name}{f'-{language}' if language else ''}"
    _clear_stale_staging(out_dir, [f"{name}.docx", f"{name}.pdf"])
    template = resources.template(Path(root), project.profile.template, project.manifest.template)
    try:
        staging_dir = tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir)
    except OSError as exc:   # the output folder cannot be written: say which, not the staging name
        raise OSError(exc.errno, exc.strerror, str(out_dir)) from None
    with staging_dir as staging:
        staged_docx = Path(staging) / f"{name}.docx"
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
        stale = out_dir / staged_docx.with_suffix(".pdf").name
        # the Word file and its PDF are replaced both or neither; without a PDF, an earlier
        # build's PDF shows an earlier text: it goes with the same move
        result.removed = [stale] if not pdf and stale.exists() else []
        result.outputs = replace_together([(f, out_dir / f.name) for f in staged], remove=result.removed)
    result.seconds = time.perf_counter() - started
    return result


LIMIT_CODES = {"over-limit": "word limit", "over-budget": "word budgets", "over-page-limit": "page limit"}


def _approvals(root: Path, project, result: BuildResult, final: bool) -> None:
    """Collection progress and each body's approval into ``result``; for a final build, an
    error per body not approved. A damaged requests/register.json or approvals.json is a
    warning for a draft (it shows no progress or approvals then: the report does not depend
    on them) and stops a final build (collection/approvals.py says so). A final build warns,
    naming them, of the bodies asked for input that returned none."""
    from uprreport.collection import approvals, packs, progress

    sent, damaged = packs.read_register(root)
    result.report.extend(damaged)
    if sent is not None and sent["packs"]:
        result.progress = progress.of_project(root, project)
    if final:   # asked: a pack was sent, or it answers for recommendations; returned: any return, any content
        from uprreport.transforms import responsibility

        sent_packs = sent["packs"] if sent else []
        asked = {p["slug"] for p in sent_packs} | {b for r in responsibility.rule(project).values() for b in r.bodies}
        returned = {p["slug"] for p in sent_packs if p.get("returns")}
        silent = [c.display_name for c in project.contributions
                  if c.slug in asked and c.slug not in returned and not (c.fragments or c.implementation)]
        if silent:
            result.report.add(make("not-returned", Location("contributions"),
                                   f"asked for input, {len(silent)} bod{'ies' if len(silent) > 1 else 'y'} "
                                   f"returned none: {'; '.join(silent)}"))
    if not final:
        records, damaged = approvals.read(root)
        result.report.extend(damaged)
        if records is None or not records["approvals"]:
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


def _clear_stale_staging(out_dir: Path, outputs: list[str], age: float = 600) -> None:
    """Remove what an interrupted build left behind (older than ``age`` seconds): staging
    folders as tempfile names them, and the earlier ``outputs`` fsutil.replace_together set
    aside and could not delete. Nothing else of the folder (``-o`` may be any folder)."""
    import re
    import shutil

    from uprreport.fsutil import left_aside

    now = time.time()
    staging = re.compile(r"^\.staging-[a-z0-9_]{8}$")   # tempfile's names: 8 of [a-z0-9_]
    for d in [*(d for d in out_dir.glob(".staging-*") if staging.match(d.name) and d.is_dir()),
              *left_aside(out_dir, outputs)]:
        try:
            if now - d.stat().st_mtime > age:
                if d.is_dir():
                    shutil.rmtree(d, ignore_errors=True)
                else:
                    d.unlink()
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

    out = Path(out)
    if out.suffix.lower() not in table_writer.WRITERS:
        raise UsageError(f"'{out.name}' cannot be written: exports are .xlsx or .csv files (the register "
                         "also .yaml or .json)", hint=f"name it {out.stem or 'export'}.xlsx, for Excel")
    project, report = pipeline.check(root)
    if project.manifest is None or not project.recommendations:
        raise UprError("the project's register could not be read", diagnostics=report.sorted())
    columns, rows = exporting.rows(project, what)
    return Exported(len(rows), table_writer.write(out, columns, rows))


@dataclass
class Coverage:
    """Supported recommendations no contribution addresses, by the body that owns them."""

    supported: int                       # supported (or partially supported) recommendations
    unaddressed: dict[str, list[str]]    # owner -> ids
    ranges: dict[str, str]               # owner -> the ids as ranges (140.1-140.5, 141.2)

    @property
    def total(self) -> int:
        return len({i for ids in self.unaddressed.values() for i in ids})


def coverage(root: Path) -> Coverage:
    """Which supported recommendations no contribution addresses yet, by owner."""
    from uprreport import pipeline
    from uprreport.model.ids import compress
    from uprreport.transforms.coverage import unaddressed_by_owner

    checked, report = pipeline.check(root)
    if checked.profile is None:
        raise UprError("the project's manifest has errors", diagnostics=report.sorted(),
                       hint="run `uprreport validate` and fix report.yaml first")
    groups = unaddressed_by_owner(checked)
    supported = sum(1 for r in checked.recommendations if r.position.answered)
    return Coverage(supported, groups, {owner: compress(ids) for owner, ids in groups.items()})


def watch(root: Path, options: BuildOptions, emit) -> None:
    """Build now and again after each saved change of an input file, passing each outcome
    (watching.Rebuild) to ``emit``, until interrupted. A failed build is an outcome, never
    the end of the watch: an unexpected error is reported with its crash report's path."""
    from uprreport.watching import watch as watching

    check_project(root, readable=False)   # not a project: say so once, do not watch (a report.yaml
    # that does not read yet is a failed build, and the watch goes on until it is fixed)
    _check_language(options.language)
    watching(Path(root), lambda: build(root, **options.as_kwargs()), emit, out_dir=options.out)


def import_ohchr(docx: Path, root: Path) -> "importing.ImportResult":
    """Import OHCHR's thematic list of recommendations (.docx) into the project's register."""
    from uprreport import importing

    return importing.import_ohchr(docx, root)


def import_uprinfo(export: Path, root: Path, state: str, session: str | None = None,
                   paragraph: int | None = None, cycle: int | None = None) -> "importing.ImportResult":
    """Import a UPR Info export for one State (see importing.import_uprinfo)."""
    from uprreport import importing

    return importing.import_uprinfo(export, root, state, session, paragraph, cycle)


def import_wgreport(report: Path, root: Path, addendum: Path | None = None) -> "importing.ImportResult":
    """Import a Working Group report's recommendations (and its addendum's positions)."""
    from uprreport import importing

    return importing.import_wgreport(report, root, addendum)


def import_impact(csv_path: Path, root: Path) -> "importing.ImportResult":
    """Import an IMPACT OSS recommendations CSV into the project's register."""
    from uprreport import importing

    return importing.import_impact(csv_path, root)


def round_open(root: Path, deadline=None, today=None) -> "review_copy.Opened":
    """Freeze the draft as a new comment round: review copy, comment form, stable ids."""
    from uprreport.rounds import review_copy

    return review_copy.open_round(Path(root), deadline, today)


def round_ingest(root: Path, files: list[Path], received=None, organisation: str | None = None) -> "ingest.Ingested":
    """Register returned Word copies, comment forms and e-mails in the open round.
    ``received``: a date or datetime (a date counts as noon UTC that day)."""
    import datetime as dt

    from uprreport.rounds import ingest

    if isinstance(received, dt.date) and not isinstance(received, dt.datetime):
        received = dt.datetime.combine(received, dt.time(12), dt.timezone.utc)
    return ingest.ingest(Path(root), [Path(f) for f in files], received, organisation)


def round_respond_export(root: Path) -> "respond.Sheets":
    """One response worksheet per owner with comments in the open round."""
    from uprreport.rounds import respond

    return respond.export_sheets(Path(root))


def round_respond_import(root: Path, files: list[Path]) -> "respond.Answered":
    """Read filled response worksheets back into the register."""
    from uprreport.rounds import respond

    return respond.import_sheets(Path(root), [Path(f) for f in files])


@dataclass
class Decided:
    comment: int
    decision: str
    reason: str
    by: str


def round_decide(root: Path, comment: int, decision: str, reason: str = "", by: str = "") -> Decided:
    """Record an owner's decision on one comment."""
    from uprreport.rounds import respond

    respond.decide(Path(root), comment, decision, reason, by)
    return Decided(comment, decision, reason, by)


def round_respond(root: Path, export: bool = False, files=(), comment: int | None = None,
                  decision: str | None = None, reason: str = "", by: str = ""):
    """Hand out per-owner response worksheets, read them back, or record one decision
    (round_respond_export, round_respond_import, round_decide in one call)."""
    if export:
        return round_respond_export(root)
    if files:
        return round_respond_import(root, list(files))
    if comment is None or decision is None:
        raise UsageError("say what to do", hint="export the worksheets, read them back, or give a comment and "
                                                "its decision")
    return round_decide(root, comment, decision, reason, by)


@dataclass
class RoundStatus:
    """Where the latest round stands, per owner and overall."""

    round: int
    opened: str
    deadline: str
    closed: str | None
    files: int
    late_files: int
    owners: list[dict]     # owner, total, open, answered, deferred, late, unanchored, critical
    overall: dict

    def to_json(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def round_status(root: Path) -> RoundStatus:
    """Comments open, answered, deferred and late in the latest round, per owner and overall."""
    from uprreport.rounds import status

    return RoundStatus(**status.status(Path(root)))


def round_close(root: Path, today=None) -> "close.Closed":
    """Close the open round: response matrix, Word annex, next draft and its redline."""
    from uprreport.rounds import close

    return close.close_round(Path(root), today)


def round_export(root: Path, out: Path) -> dict[str, int]:
    """Write the comment register as JSON; returns the rows written per table."""
    from uprreport.rounds import exchange

    return exchange.export_json(Path(root), Path(out))


def round_import(root: Path, source: Path) -> dict[str, int]:
    """Rebuild an empty comment register from a JSON export; returns the rows per table."""
    from uprreport.rounds import exchange

    return exchange.import_json(Path(root), Path(source))


def user_add(root: Path, name: str, password: str, role: str, owns: str = "") -> "accounts.User":
    """Create or reset an account of the coordinator pages."""
    from uprreport.readers.project import contribution_folders
    from uprreport.rounds import accounts

    check_project(root)
    return accounts.add(Path(root), name, password, role, owns, {p.name for p in contribution_folders(Path(root))})


def user_list(root: Path) -> list["accounts.User"]:
    from uprreport.rounds import accounts

    return accounts.listing(Path(root))


def user_remove(root: Path, name: str) -> bool:
    """Delete an account; False when there is none of that name."""
    from uprreport.rounds import accounts

    return accounts.remove(Path(root), name)


SOURCES = {"ohchr": "OHCHR's thematic list", "wgreport": "the Working Group's report",
           "uprinfo": "a UPR Info export"}


def init(target: Path, kind: str, from_list: Path | None = None, source: str = "ohchr",
         addendum: Path | None = None, state: str | None = None, paragraph: int | None = None) -> list[Path]:
    """Scaffold a new project of ``kind`` in ``target``; with ``from_list``, its register comes
    from it and the examples fit it (see starting.py). ``source`` says what ``from_list`` is:
    an OHCHR list (``ohchr``), a Working Group report with its ``addendum`` of positions
    (``wgreport``), or a UPR Info export of the recommendations to ``state``, numbered from
    ``paragraph`` (``uprinfo``)."""
    from uprreport import importing, starting

    if source == "ohchr" or from_list is None:
        return starting.init(target, kind, from_list)
    if source == "wgreport":
        return starting.init(target, kind, importer=lambda folder: importing.import_wgreport(
            Path(from_list), folder, Path(addendum) if addendum else None))
    if source == "uprinfo":
        if not state or not paragraph:
            raise UsageError("a UPR Info export gives no paragraph numbers, and holds every State's "
                             "recommendations: say which State and which paragraph of the Working Group's "
                             "report they are in", hint="e.g. State 'Slovenia', paragraph 114")
        return starting.init(target, kind, importer=lambda folder: importing.import_uprinfo(
            Path(from_list), folder, state, None, paragraph, earlier_apart=False))
    raise UsageError(f"'{source}' is not a source of recommendations", hint="one of: " + ", ".join(SOURCES))


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


def translate_export(root: Path, language: str, out: Path | None = None) -> "translating.Exported":
    """Write the PO file of the report's paragraphs for translators (see translating.py)."""
    from uprreport import translating

    _check_language(language)
    return translating.export(Path(root), language, out)


def translate_import(root: Path, po: Path) -> "translating.Imported":
    """Bring a translator's PO file into the project's translations."""
    from uprreport import translating

    return translating.import_(Path(root), Path(po))


def assign(root: Path, body: str, ids=(), theme: str | None = None, state: str | None = None,
           text: str | None = None, support: bool = False, remove: bool = False,
           yes: bool = False) -> "assigning.Assigned":
    """Give recommendations (ids, ranges, a theme, a recommending State, words of the text) to a
    body as lead or support, or take them from it (see collection/assigning.py)."""
    from uprreport.collection import assigning

    if support and remove:
        raise UsageError("--support and --remove cannot be given together",
                         hint="--remove takes the body off the recommendations, lead or support")
    return assigning.assign(Path(root), body, ids, theme, state, text, support, remove, yes)


def themes(root: Path) -> list["assigning.ThemeRow"]:
    """The report's themes: key, title, count of recommendations, owners and leads."""
    from uprreport.collection import assigning

    return assigning.themes(Path(root))


def export_assignments(root: Path, out: Path) -> int:
    """Write the assignments workbook (one row per recommendation, bodies as drop-down lists)."""
    from uprreport.collection import assigning

    return assigning.export(Path(root), Path(out))


def import_assignments(root: Path, workbook: Path) -> "assigning.Imported":
    """Bring an edited assignments workbook back into the project (all or nothing)."""
    from uprreport.collection import assigning

    return assigning.import_(Path(root), Path(workbook))


def request(root: Path, deadline=None, today=None) -> "packs.Requested":
    """Write an input pack (workbook, Word file, draft e-mail) for every contributing body."""
    from uprreport.collection import packs

    return packs.request(Path(root), deadline, today)


def collect(root: Path, files: list[Path], today=None) -> "collecting.Collected":
    """Take returned input packs (files, folders, e-mails) into the contributions; ``today``
    dates the returns (a replayed date, as ``progress --today`` reads them)."""
    from uprreport.collection import collect as collecting

    return collecting.collect(Path(root), [Path(f) for f in files], parse_date(today) if today else None)


def progress(root: Path, today=None, remind: bool = False) -> "standing.Progress":
    """Where collection stands for every body; with ``remind``, reminder e-mails for those owing input."""
    from uprreport.collection import progress as standing

    return (standing.remind if remind else standing.progress)(Path(root), today)


def request_approval(root: Path, deadline=None, today=None) -> list[Path]:
    """Write an approval form (the body's text as it stands, to sign) and e-mail per body."""
    from uprreport.collection import approvals

    return approvals.forms(Path(root), deadline, today)


def approve(root: Path, body: str, by: str) -> "approvals.Approval":
    """Record that ``body`` approved its text as it stands now."""
    from uprreport.collection import approvals

    return approvals.approve(Path(root), body, by)


def write_schemas(out_dir: Path) -> list[Path]:
    """Write the JSON Schema of every project file format into ``out_dir``."""
    from uprreport.schemas import write_all

    return write_all(Path(out_dir))


def mail_server(given: str | None = None) -> "mailing.Server | None":
    """The SMTP server mail goes out through: ``given`` (a command's --smtp), else the one
    UPRREPORT_SMTP names, else None (no e-mail is sent). UsageError for an address that is not
    one (docs/email.md)."""
    from uprreport import mailing

    return mailing.configured(given)


def send_packs(root: Path, server: "mailing.Server", bodies: list[str] | None = None,
               force: bool = False) -> "sending.Sending":
    """E-mail the latest input pack of every body (or of ``bodies``) through ``server``: the
    drafts ``request`` wrote; one already sent is not sent again unless ``force``."""
    from uprreport.collection import sending

    return sending.send(Path(root), server, sending.pack_drafts(Path(root), bodies), force)


def send_reminders(root: Path, server: "mailing.Server", today=None, scheduled: bool = False
                   ) -> tuple["standing.Progress", "sending.Sending"]:
    """Write and e-mail reminders: to every body late or due within 3 days (``progress
    --remind``), or, ``scheduled``, to those the project's schedule says are due today
    (requests/reminders.json)."""
    import datetime as dt

    from uprreport.collection import progress as standing
    from uprreport.collection import sending

    root = Path(root)
    day = parse_date(today) if isinstance(today, str) else (today or dt.date.today())
    if scheduled:
        state = standing.remind(root, day, only=set(sending.due(root, day)))
    else:
        state = standing.remind(root, day)
    drafts = [(p.parent.name, "reminder", p) for p in state.reminders]
    return state, sending.send(root, server, drafts)
