"""Commands on a report project: init, validate, build, coverage, schema, codes, template."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from uprreport.cli.boundary import EXIT_ERRORS, EXIT_OK, format_option
from uprreport.cli.output import (Severity, breakdown, echo_json, library, listing, render_diagnostics,
                                  summary)
from uprreport.diagnostics import to_json

PROJECT = click.argument("project", type=click.Path(path_type=Path), default=".")


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kind", default="national", show_default=True, help="report kind to start")
@click.option("--from", "from_list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="start from OHCHR's thematic list of recommendations (.docx): the register and its themes")
def init(folder: Path, kind: str, from_list: Path | None) -> None:
    """Create a new report project in FOLDER with commented examples of every file."""
    written = library().init(folder, kind, from_list)
    for path in written:
        click.echo(f"  created {path}")
    if from_list:
        click.echo(f"  the register comes from {from_list.name}; the examples address no recommendation yet")
    click.echo(f"\nNext: edit {folder}/report.yaml, then run `uprreport validate {folder}`.")


@click.command()
@PROJECT
@format_option
@click.option("--draft", is_flag=True, help="check as a draft: being over a length limit is a warning")
@click.option("--words", "show_words", is_flag=True, help="also show the word count by contributor and section")
def validate(project: Path, fmt: str, draft: bool, show_words: bool) -> None:
    """List every problem in a report project (exit 1 if there are errors)."""
    api = library()
    v = api.validate(project, draft=draft, furniture=False)
    diags = v.report.sorted()
    words = v.compiled.words if v.compiled else None
    if fmt == "json":
        echo_json({**to_json(diags), "words": words.total if words else None,
                   "words_by_contributor": dict(words.by_contributor) if words else None,
                   "words_by_section": dict(words.by_section) if words else None})
    else:
        render_diagnostics(diags, fmt)
        if words and show_words:
            breakdown(words, api.word_limit(v.project), v.names)
        p = v.project
        stats = (f"{len(p.recommendations)} recommendations, {len(p.contributions)} contributions, "
                 f"{sum(len(c.fragments) for c in p.contributions)} fragments")
        click.echo(f"{project}: {stats}: {summary(diags)}", err=True)
    sys.exit(EXIT_ERRORS if v.report.has_errors() else EXIT_OK)


@click.command()
@PROJECT
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="output folder (default: PROJECT/build)")
@click.option("--no-pdf", is_flag=True, help="write the Word file only (no LibreOffice needed)")
@click.option("--draft", is_flag=True, help="a draft: being over the length limit is a warning, not an error")
@format_option
@click.option("--language", help="build the report in this language, with the translations imported "
                                 "(`uprreport translate`): en fr es ar ru zh")
@click.option("--final", is_flag=True, help="refuse unless every contributing body approved its latest text")
@click.option("--watch", is_flag=True, help="stay and build again each time a file of the project is saved "
                                            "(Ctrl+C stops)")
def build(project: Path, out: Path | None, no_pdf: bool, draft: bool, fmt: str, language: str | None,
          final: bool, watch: bool) -> None:
    """Build the report's DOCX and PDF into PROJECT/build."""
    api = library()   # api.build starts LibreOffice first (the installed command, entry.py, earlier still)
    options = api.BuildOptions(out=out, pdf=not no_pdf, draft=draft, language=language, final=final)
    if watch:
        _watch(project, options)
        return
    result = api.build(project, **options.as_kwargs())
    diags = result.report.sorted()
    if fmt == "json":
        echo_json(to_json(diags, outputs=[str(p) for p in result.outputs], removed=[str(p) for p in result.removed],
                          words=result.words.total, word_limit=result.word_limit,
                          words_by_section=dict(result.words.by_section),
                          words_by_contributor=dict(result.words.by_contributor),
                          pages=result.pages, page_limit=result.page_limit,
                          paragraphs=result.paragraphs, seconds=round(result.seconds, 3),
                          approvals=[a.to_json() for a in result.approvals] if result.approvals is not None else None,
                          progress=result.progress.to_json() if result.progress is not None else None))
        return
    render_diagnostics([d for d in diags if d.severity is not Severity.INFO])
    for path in result.outputs:
        click.echo(f"wrote {path}")
    for path in result.removed:
        click.echo(f"removed {path}: an earlier build made it and it no longer matches the Word file "
                   "(build without --no-pdf to make it again)")
    if result.pages is not None:
        of = f" of {result.page_limit} allowed" if result.page_limit else ""
        click.echo(f"{result.pages} page{'s' * (result.pages != 1)} of text{of} (cover, contents and annexes not counted)")
    click.echo(f"{result.paragraphs} numbered paragraphs; built in {result.seconds:.1f} s")
    breakdown(result.words, result.word_limit, result.names)
    if result.progress is not None:
        bodies = result.progress.bodies
        asked = [b for b in bodies if b.state != "not asked"]
        late = [b.name for b in bodies if b.state == "late"]
        click.echo(f"input: {sum(b.state == 'complete' for b in asked)} of {len(asked)} bodies complete"
                   + (f"; late: {listing(late, most=4)}" if late else "") + " (`uprreport progress` for details)")
    if result.approvals is not None:
        ok = [a for a in result.approvals if a.state == "approved"]
        click.echo(f"approvals: {len(ok)} of {len(result.approvals)} bodies approved their latest text")
        for a in result.approvals:
            if a.state != "approved":
                click.echo(f"  {a.name}: {a.state}" + (f" (last by {a.by}, {a.at[:10]})" if a.by else ""))


def _watch(project: Path, options) -> None:
    import time

    def emit(r) -> None:
        stamp = time.strftime("%H:%M:%S")
        what = f" after {listing(r.changed, most=3)} changed" if r.changed else ""
        if r.error is not None:
            render_diagnostics(getattr(r.error, "diagnostics", []) or [])
            click.secho(f"{stamp} not built{what}: {r.message} (the previous files are unchanged)", fg="red")
            if getattr(r.error, "hint", ""):
                click.echo(f"  hint: {r.error.hint}")
        else:
            res = r.result
            shown = [d for d in res.report.sorted() if d.severity is not Severity.INFO]
            render_diagnostics(shown)
            pdf_part = f", PDF {res.seconds - res.docx_seconds:.2f} s" if res.pages is not None else ""
            click.secho(f"{stamp} built{what}: DOCX {res.docx_seconds:.2f} s{pdf_part}"
                        + (f" ({summary(shown)})" if shown else ""), fg="green")
        click.echo(f"watching {project} for saved changes; Ctrl+C stops")

    library().watch(project, options, emit)


@click.command()
@PROJECT
@format_option
def coverage(project: Path, fmt: str) -> None:
    """Supported recommendations that no contribution addresses, by the body that owns them."""
    c = library().coverage(project)
    if fmt == "json":
        echo_json(c.unaddressed)
        return
    click.echo(f"{c.supported - c.total} of {c.supported} supported recommendations are addressed; "
               f"{c.total} are not:")
    for owner, ids in c.unaddressed.items():
        click.echo(f"  {len(ids):>4}  {owner}: {c.ranges[owner]}")


@click.command()
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
              show_default=True, help="folder to write the .schema.json files into")
def schema(out: Path) -> None:
    """Write the JSON Schemas of every project file format."""
    for path in library().write_schemas(out):
        click.echo(f"wrote {path}")


@click.command()
def codes() -> None:
    """List every diagnostic code with its default severity and meaning."""
    from uprreport.diagnostics import CATALOGUE

    width = max(len(c) for c in CATALOGUE)
    for code, (severity, text) in CATALOGUE.items():
        click.echo(f"{code:<{width}}  {severity.value:<7}  {text}")


@click.group()
def template() -> None:
    """The Word template a report is built with, for offices to restyle."""


@template.command(name="export")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kind", help="the report kind whose template to write (default: the project's, or national)")
@click.option("--force", is_flag=True, help="replace a template of the same name")
def template_export(target: Path, kind: str | None, force: bool) -> None:
    """Write a kind's Word template into TARGET to restyle in Word.

    \b
    uprreport template export my-report          into my-report/templates/ (builds use it)
    uprreport template export shared --kind joint   into the folder shared/
    """
    done = library().template_export(target, kind, force)
    click.echo(f"wrote {done.path}")
    if done.in_project:
        click.echo("  the project builds with it from now on. Restyle it in Word: change Normal's font once and "
                   "every style follows; keep the {{ body }} paragraph and the {{ ... }} cover fields.")
    else:
        click.echo(f"  to build a project with it, add to its report.yaml:  template: {done.path.as_posix()}"
                   "  (a path from the project folder)")


COMMANDS = [init, validate, build, coverage, schema, codes, template]
