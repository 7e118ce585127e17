"""Registers in and out: import ohchr / wgreport / uprinfo / impact, and export."""

from __future__ import annotations

from pathlib import Path

import click

from uprreport.cli.output import leaderless, library, render_diagnostics

IN_PROJECT = click.option("-p", "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                          show_default=True, help="the report project whose register is updated")


def _imported(result, what: str) -> None:
    render_diagnostics(result.diagnostics)
    click.echo(f"{what} into {result.path}: {len(result.added)} added, {len(result.changed)} changed, "
               f"{len(result.unchanged)} unchanged" + (f", {result.kept} other rows kept" if result.kept else ""))
    if result.changed:
        click.echo(f"  changed: {', '.join(result.changed[:20])}{' …' if len(result.changed) > 20 else ''}")


@click.group(name="import")
def import_() -> None:
    """Bring recommendations into the project's register (re-running updates in place)."""


@import_.command(name="ohchr")
@click.argument("docx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@IN_PROJECT
def import_ohchr(docx: Path, project: Path) -> None:
    """Import OHCHR's thematic list of recommendations (Word, 2nd to 4th cycle layouts)."""
    _imported(library().import_ohchr(docx, project), docx.name)


@import_.command(name="wgreport")
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--addendum", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="the State's responses (…/Add.1): which recommendations it supports and notes")
@IN_PROJECT
def import_wgreport(report: Path, addendum: Path | None, project: Path) -> None:
    """Import the recommendations of a Working Group report (Word, PDF or text), before OHCHR's list exists."""
    _imported(library().import_wgreport(report, project, addendum), report.name)


@import_.command(name="uprinfo")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", required=True,
              help="the State under review, in any spelling ('Iran' or 'Iran (Islamic Republic of)')")
@click.option("--session", help="only this Working Group session")
@click.option("--paragraph", type=int,
              help="build the register from the export: ids PARAGRAPH.1, PARAGRAPH.2 … in its order")
@IN_PROJECT
def import_uprinfo(export: Path, state: str, session: str | None, paragraph: int | None, project: Path) -> None:
    """Import a UPR Info database export (CSV, XLSX or UPR Info's XLS): action categories and issues."""
    result = library().import_uprinfo(export, project, state, session, paragraph)
    _imported(result, export.name)
    unmatched = sum(1 for d in result.diagnostics if d.code == "import-unmatched")
    if unmatched:
        click.echo(f"  {unmatched} row{'s' * (unmatched != 1)} of the export matched no recommendation of the "
                   "register (each named above, with the reason)")
    pledges = getattr(result, "pledges", 0)
    if pledges:
        click.echo(f"  {pledges} voluntary pledge{'s' * (pledges != 1)} read"
                   + (" (position 'voluntary pledge')" if paragraph is not None
                      else ", not matched against recommendations"))


@import_.command(name="impact")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@IN_PROJECT
def import_impact(csv_file: Path, project: Path) -> None:
    """Import recommendations from an IMPACT OSS (or NRTD) CSV."""
    _imported(library().import_impact(csv_file, project), csv_file.name)


@import_.command(name="assignments")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@IN_PROJECT
def import_assignments(workbook: Path, project: Path) -> None:
    """Bring back the assignments workbook (`export assignments`): lead and supporting bodies."""
    done = library().import_assignments(project, workbook)
    click.echo(f"{workbook.name} into {done.path}: {len(done.changed)} recommendation"
               f"{'s' * (len(done.changed) != 1)} given new bodies, {done.unchanged} as they were")
    leaderless(done)


@click.command()
@click.argument("what", type=click.Choice(["register", "matrix", "impact", "assignments"]))
@click.option("-p", "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="output file: .xlsx (formatted, filterable) or .csv; the register also .yaml or .json")
def export(what: str, project: Path, out: Path) -> None:
    """Export the register, the implementation matrix, the IMPACT OSS exchange CSV, or the
    assignments workbook (who answers for each recommendation, bodies as drop-down lists)."""
    if what == "assignments":
        click.echo(f"wrote {out}: {library().export_assignments(project, out)} recommendations")
        return
    done = library().export(project, what, out)
    render_diagnostics(done.diagnostics)
    click.echo(f"wrote {out}: {done.rows} recommendations")


COMMANDS = [import_, export]
