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
@click.option("--cycle", type=click.IntRange(1, 9),
              help="an earlier review's list: kept beside the recommendations followed up, to link to "
                   "(`uprreport link`), not answered again")
@IN_PROJECT
def import_ohchr(docx: Path, cycle: int | None, project: Path) -> None:
    """Import OHCHR's thematic list of recommendations (Word, 2nd to 4th cycle layouts)."""
    if cycle is None:
        _imported(library().import_ohchr(docx, project), docx.name)
        return
    from uprreport.api import linking

    _imported(linking.import_ohchr(docx, project, cycle), f"{docx.name} (cycle {cycle})")


@import_.command(name="links")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@IN_PROJECT
def import_links(workbook: Path, project: Path) -> None:
    """Bring back the links workbook (`export links`): the drafter's yes/no in 'confirmed'."""
    from uprreport.api import linking

    done = linking.import_links(project, workbook)
    click.echo(f"{workbook.name} into {done.path}: {done.changed} link{'s' * (done.changed != 1)} decided anew")
    for what, items in (("rows that are no link of the project", done.unknown),
                        ("values of 'confirmed' that are neither yes nor no", done.refused)):
        if items:
            click.echo(f"  {len(items)} {what}: {', '.join(items[:10])}{' …' if len(items) > 10 else ''}")


@click.command()
@IN_PROJECT
@click.option("--same", type=click.FloatRange(0, 1), help="the score from which a link is 'same' (default 0.85)")
@click.option("--related", type=click.FloatRange(0, 1), help="the score from which a link is 'related' (default 0.6)")
def link(project: Path, same: float | None, related: float | None) -> None:
    """Propose, for each recommendation followed up, the earlier cycles' recommendations that
    ask the same or a related thing, and the treaty bodies' and special procedures' ones in the
    register that ask a related thing (written to links.csv in the project; docs/linking.md)."""
    from uprreport.api import linking

    done = linking.link(project, same, related)
    click.echo(f"wrote {done.path}: {done.same} 'same' and {done.related} 'related' links to earlier cycles"
               + (f", {done.other} 'related' to other mechanisms' recommendations" if done.other else "")
               + (f", {done.kept} decisions of yours kept" if done.kept else ""))


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
@click.option("--paragraph", type=click.IntRange(1, 9999),
              help="build the register from the export: ids PARAGRAPH.1, PARAGRAPH.2 … in its order")
@click.option("--cycle", type=click.IntRange(1, 9),
              help="the rows' cycle, if not their sessions' (rows of an earlier cycle than the project's are "
                   "kept to link to, not answered again)")
@IN_PROJECT
def import_uprinfo(export: Path, state: str, session: str | None, paragraph: int | None, cycle: int | None,
                   project: Path) -> None:
    """Import a UPR Info database export (CSV, XLSX or UPR Info's XLS): action categories and issues."""
    result = library().import_uprinfo(export, project, state, session, paragraph, cycle)
    _imported(result, export.name)
    earlier = getattr(result, "earlier", {})
    for of_cycle, count in sorted(earlier.items()):
        click.echo(f"  {count} of them of cycle {of_cycle} (an earlier review): kept apart, to link to "
                   "(`uprreport link`), not answered again" if paragraph is not None else
                   f"  {count} of them of cycle {of_cycle} (an earlier review), matched among that cycle's")
    if paragraph is not None and result.added and len(earlier) == 1 \
            and sum(earlier.values()) == len(result.added) + len(result.changed) + len(result.unchanged):
        (of_cycle,) = earlier    # every row built is an earlier review's: report.yaml's cycle may be left as it came
        click.echo(f"  if this report follows them up, set 'cycle: {of_cycle + 1}' in report.yaml (the cycle of "
                   "the coming review) and import again")
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
@click.argument("what", type=click.Choice(["register", "matrix", "impact", "assignments", "links"]))
@click.option("-p", "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="output file: .xlsx (formatted, filterable) or .csv; the register also .yaml or .json")
def export(what: str, project: Path, out: Path) -> None:
    """Export the register, the implementation matrix, the IMPACT OSS exchange CSV, or the
    assignments workbook (who answers for each recommendation, bodies as drop-down lists)."""
    if what == "links":
        from uprreport.api import linking

        click.echo(f"wrote {out}: {linking.export_links(project, out)} links")
        return
    if what == "assignments":
        click.echo(f"wrote {out}: {library().export_assignments(project, out)} recommendations")
        return
    done = library().export(project, what, out)
    render_diagnostics(done.diagnostics)
    click.echo(f"wrote {out}: {done.rows} recommendations")


COMMANDS = [import_, export, link]
