"""Who answers for what: assign, themes (and the assignments workbook, under export/import)."""

from __future__ import annotations

from pathlib import Path

import click

from uprreport.cli.output import echo_json, leaderless, library
from uprreport.cli.boundary import format_option


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("ids", nargs=-1)
@click.option("--to", "body", required=True, metavar="BODY",
              help="the body: its folder under contributions/, its name or its short name")
@click.option("--support", is_flag=True, help="as a supporting body (default: as the lead body)")
@click.option("--remove", is_flag=True, help="take these recommendations from the body")
@click.option("--theme", help="the recommendations of this theme (key or title; see `uprreport themes`)")
@click.option("--state", help="the recommendations of this recommending State (any spelling)")
@click.option("--text", "pattern", metavar="PATTERN", help="the recommendations whose text holds these words")
@click.option("--yes", is_flag=True, help="go ahead when more than 50 recommendations get another lead body")
def assign(project: Path, ids: tuple[str, ...], body: str, support: bool, remove: bool, theme: str | None,
           state: str | None, pattern: str | None, yes: bool) -> None:
    """Give recommendations to a body: IDS (140.7, or ranges 140.1-140.20), or all those of a
    --theme, a recommending --state or with --text; every criterion given must hold.

    \b
    uprreport assign my-report --to health 140.1-140.20 141.3
    uprreport assign my-report --to justice --support --theme right-to-a-fair-trial
    uprreport assign my-report --to "Ministry of Education" --text "school|education"
    """
    done = library().assign(project, body, ids, theme, state, pattern, support, remove, yes)
    what = {"lead": "as lead body", "support": "as a supporting body", "removed": "taken from"}[done.role]
    if done.role == "removed":
        click.echo(f"{len(done.changed)} recommendation{'s' * (len(done.changed) != 1)} taken from {done.body}"
                   + (f": {done.ranges}" if done.changed else ""))
    else:
        click.echo(f"{len(done.changed)} recommendation{'s' * (len(done.changed) != 1)} given to {done.body} "
                   f"{what}" + (f": {done.ranges}" if done.changed else ""))
    if done.unchanged:
        click.echo(f"{len(done.unchanged)} already so")
    if done.changed:
        click.echo(f"wrote {done.path} (the file as it was is kept under {done.path.parent / '.history'})")
    leaderless(done)



@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@format_option
def themes(project: Path, fmt: str) -> None:
    """List the report's themes: key, title, recommendations, and the bodies that own and lead them."""
    rows = library().themes(project)
    if fmt == "json":
        echo_json([{"key": r.key, "title": r.title, "recommendations": r.recommendations, "first": r.first,
                    "owners": r.owners, "leads": r.leads} for r in rows])
        return
    if not rows:
        click.echo("the report has no themes: declare them under 'themes:' in report.yaml, or give the register's "
                   "recommendations themes")
        return
    width = min(max(len(r.key) for r in rows), 40)
    for r in rows:
        click.echo(f"{r.key:<{width}}  {r.recommendations:>4}  {r.title}")
        owners = ", ".join(r.owners) or "no owner"
        ranked = sorted(r.leads.items(), key=lambda kv: -kv[1])
        leads = "; ".join(f"{name} {n}" for name, n in ranked[:3]) + (
            f"; {len(ranked) - 3} other bod{'ies' if len(ranked) > 4 else 'y'} {sum(n for _b, n in ranked[3:])}"
            if len(ranked) > 3 else "")
        click.echo(f"{'':<{width}}        owned by: {owners}; led by: {leads}")


COMMANDS = [assign, themes]
