"""The library behind the CLI: validate, build, init and schema, each one call."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from uprreport import resources
from uprreport.diagnostics import Report
from uprreport.errors import UprError, UsageError
from uprreport.model.project import Project
from uprreport.readers import project as project_reader
from uprreport.transforms import CHECKS, annexes, assemble, cover, limits, numbering, wordcount
from uprreport.transforms.wordcount import WordCount


@dataclass
class Validation:
    project: Project
    report: Report


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    words: WordCount | None = None
    word_limit: int | None = None
    paragraphs: int = 0
    names: dict[str, str] = field(default_factory=dict)   # contribution slug -> body's name
    report: Report = field(default_factory=Report)
    seconds: float = 0.0


def validate(root: Path) -> Validation:
    """Read ``root`` and run every check; all problems are in the returned report."""
    report = Report()
    project = project_reader.read(Path(root), report)
    if project.manifest is not None and project.profile is not None:
        for check in CHECKS:
            report.extend(check(project))
    return Validation(project, report)


def build(root: Path, out_dir: Path | None = None, pdf: bool = True, draft: bool = False) -> BuildResult:
    """Validate, assemble and write DOCX (and PDF) into ``out_dir`` (default ``root/build``).

    Outputs are replaced only when everything succeeded: a failed build leaves the
    previous DOCX and PDF as they were. Raises UprError carrying the diagnostics.
    """
    started = time.perf_counter()
    v = validate(root)
    project, report = v.project, v.report
    if report.has_errors() or project.manifest is None or project.profile is None:
        raise UprError("the project has errors; nothing was built", diagnostics=report.sorted(),
                       hint="fix the errors listed above (run `uprreport validate` to see them again)")
    ctx = cover.context(project.manifest, project.profile)
    doc = assemble.build(project, ctx)
    result = BuildResult(report=report, names={c.slug: c.display_name for c in project.contributions})
    result.paragraphs = numbering.apply(doc)
    annexes.apply(doc, project)
    result.words = wordcount.count(doc)
    result.word_limit = limits.word_limit(project)
    report.extend(limits.check(project, result.words, draft))
    if report.has_errors():
        raise UprError("the report is over its length limit; nothing was built",
                       diagnostics=report.sorted(),
                       hint="shorten the largest contributions, or build a draft with --draft")

    from uprreport.writers import docx as docx_writer
    from uprreport.writers import pdf as pdf_writer

    out_dir = Path(out_dir) if out_dir else Path(root) / "build"
    out_dir.mkdir(parents=True, exist_ok=True)
    template = resources.template(Path(root), project.profile.template)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as staging:
        staged_docx = Path(staging) / f"{project.name}.docx"
        docx_writer.write(doc, template, staged_docx, ctx, report)
        staged = [staged_docx]
        if pdf:
            staged_pdf = staged_docx.with_suffix(".pdf")
            _pdf(doc, template, ctx, report, staged_docx, staged_pdf)
            staged.append(staged_pdf)
        for f in staged:
            target = out_dir / f.name
            f.replace(target)
            result.outputs.append(target)
    result.seconds = time.perf_counter() - started
    return result


def _pdf(doc, template: Path, ctx: dict, report: Report, docx: Path, pdf: Path) -> None:
    """Convert the report to PDF. With endnotes and annexes, text and annexes are converted
    apart and joined, so that the notes come before the annexes as in Word (LibreOffice
    would print them after the last annex); the annexes' page numbers continue the text's."""
    from uprreport.writers import docx as docx_writer
    from uprreport.writers import pdf as pdf_writer

    if not doc.annexes or doc.meta.get("notes", "endnotes").rstrip("s") != "endnote":
        pdf_writer.convert(docx, pdf)
        return
    work = docx.parent
    body_docx, annex_docx = work / "_text.docx", work / "_annexes.docx"
    body_pdf, annex_pdf = body_docx.with_suffix(".pdf"), annex_docx.with_suffix(".pdf")
    marks = {s.key: mark for s, mark in docx_writer.toc_entries(doc)} if doc.meta.get("toc") else {}
    # The text's table of contents lists the annexes, whose pages are known only once the
    # text is laid out: a first pass with placeholders, then the annexes, then the text again.
    doc.meta["toc_pages"] = {marks[a.key]: "00" for a in doc.annexes if a.key in marks}
    for _attempt in range(2):
        docx_writer.write(doc, template, body_docx, ctx, Report(), part="body")
        pdf_writer.convert(body_docx, body_pdf)
        first = pdf_writer.page_count(body_pdf) + 1
        docx_writer.write(doc, template, annex_docx, ctx, Report(), part="annexes", first_page=first)
        pdf_writer.convert(annex_docx, annex_pdf)
        if not marks:
            break
        found = pdf_writer.find_pages(annex_pdf, [a.title for a in doc.annexes])
        pages = {marks[a.key]: str(first + found[i]) for i, a in enumerate(doc.annexes)
                 if a.key in marks and found[i] is not None}
        if pages == doc.meta["toc_pages"]:
            break
        doc.meta["toc_pages"] = pages
    pdf_writer.merge([body_pdf, annex_pdf], pdf)


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
