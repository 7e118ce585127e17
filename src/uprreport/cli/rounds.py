"""Comment rounds for public hearings: round open, ingest, respond, reassign, extend, status, close, export,
import."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from uprreport.cli.boundary import EXIT_ERRORS, format_option
from uprreport.cli.output import DATE, echo_json, has_errors, library, render_diagnostics
from uprreport.errors import UsageError

PROJECT = click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")


@click.group(name="round")
def round_() -> None:
    """Comment rounds for public hearings: open, ingest, respond, status, close."""


@round_.command(name="open")
@PROJECT
@click.option("--deadline", type=DATE, help="last day for comments, YYYY-MM-DD (default: today + comment_period_days)")
@click.option("--today", type=DATE, help="the opening date, YYYY-MM-DD (default: today)")
def round_open(project: Path, deadline, today) -> None:
    """Freeze the draft and write the review copy and the comment form."""
    o = library().round_open(project, deadline, today)
    click.echo(f"round {o.round} is open until {o.deadline.isoformat()}; {o.paragraphs} paragraphs have ids")
    click.echo(f"  send out: {o.review_copy}\n            {o.form}\n  frozen draft: {o.draft}")


@round_.command(name="ingest")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--received", type=DATE, help="when the files arrived, YYYY-MM-DD (default: e-mail date or now)")
@click.option("--organisation", help="organisation of the reviewer(s), when the files do not say")
def round_ingest(project: Path, files: tuple[Path, ...], received, organisation: str | None) -> None:
    """Register returned Word copies, comment forms (.xlsx/.csv) and e-mails (.txt/.eml)."""
    r = library().round_ingest(project, list(files), received, organisation)
    render_diagnostics(r.diagnostics)
    click.echo(f"round {r.round}: {r.comments} comments from {r.files} new files"
               + (f"; {len(r.skipped)} already registered ({', '.join(r.skipped)})" if r.skipped else "")
               + (f"; late: {', '.join(r.late)}" if r.late else ""))
    if r.tracked:
        click.echo("  tracked changes: " + ", ".join(_counted(n, kind) for kind, n in sorted(r.tracked.items()) if n))
    if r.untracked:
        click.echo("  changes made without Track Changes: "
                   + ", ".join(_counted(n, kind) for kind, n in sorted(r.untracked.items()) if n))
    if r.cosmetic:
        click.echo(f"  {len(r.cosmetic)} change{'s' * (len(r.cosmetic) != 1)} leaving the words as they were "
                   f"(not registered; kept in rounds/round-{r.round}/ingest-log.jsonl):")
        for item in r.cosmetic:
            click.echo(f"    {item}")
    if r.by_quote or r.unanchored:
        click.echo(f"  {r.by_quote} anchored by matching quoted text (check them), "
                   f"{r.unanchored} without a paragraph (sent to the coordinator to place):")
        for item in r.unanchored_items:
            click.echo(f"    {item}")
    if has_errors(r.diagnostics):
        sys.exit(EXIT_ERRORS)   # the others are registered; these were not


PLURALS = {"split or join": "splits or joins", "formatting": "formatting changes", "paragraph added": "paragraphs added",
           "paragraph removed": "paragraphs removed", "paragraph changed": "paragraphs changed",
           "paragraph deleted": "paragraphs deleted", "note changed": "notes changed",
           "paragraph moved": "paragraphs moved", "table row added": "table rows added"}


def _counted(n: int, kind: str) -> str:
    return f"{n} {kind if n == 1 else PLURALS.get(kind, kind + 's')}"


@round_.command(name="respond")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--export", "export_", is_flag=True, help="write one response worksheet per owner")
@click.option("--comment", type=click.IntRange(1, 2 ** 63 - 1), help="record the decision on one comment (its number)")
@click.option("--decision", help="accepted, accepted with modification, rejected, noted or deferred")
@click.option("--reason", default="", help="why (needed for rejected, modified and deferred)")
@click.option("--by", default="", help="who decides (the owner)")
@click.option("--smtp", metavar="URL",
              help="e-mail each new answer to the commenter who gave an address on the web page, through this "
                   "SMTP server (default: UPRREPORT_SMTP; without either, nothing is sent; docs/email.md)")
@click.option("--public-url", metavar="URL", envvar="UPRREPORT_PUBLIC_URL",
              help="where the consultation is served (https://consult.example.gov/), for the link to the "
                   "receipt in those e-mails; without it they have no link (default: UPRREPORT_PUBLIC_URL)")
def round_respond(project: Path, export_: bool, files: tuple[Path, ...], comment: int | None,
                  decision: str | None, reason: str, by: str, smtp: str | None, public_url: str | None) -> None:
    """Owners' decisions on the comments routed to them.

    \b
    uprreport round respond PROJECT --export          one worksheet per owner, to hand out
    uprreport round respond PROJECT sheets/*.xlsx     read the filled worksheets back
    uprreport round respond PROJECT --comment 12 --decision rejected --reason "..."
    """
    from uprreport.api import consultation

    api = library()
    server = None if export_ else api.mail_server(smtp)    # a wrong address is said before anything is recorded
    if public_url and not public_url.startswith(("https://", "http://")):
        raise UsageError(f"'{public_url}' is not a web address", hint="give it as https://consult.example.gov/")
    changed: list[int] = []
    if export_:
        out = api.round_respond_export(project)
        render_diagnostics(out.diagnostics)
        for path in out.paths:
            click.echo(f"wrote {path}")
    elif files:
        out = api.round_respond_import(project, list(files))
        render_diagnostics(out.diagnostics)
        click.echo(f"{out.decided} decisions recorded, {out.unchanged} unchanged")
        changed = out.changed
    elif comment is not None and decision is not None:
        if consultation.decide(project, comment, decision, reason, by):
            changed = [comment]
        click.echo(f"comment {comment}: {decision}")
    else:
        raise UsageError("say what to do", hint="--export, worksheet files, or --comment N --decision D --reason R")
    for number, ok, why in consultation.notify_answers(project, server, changed, public_url):
        click.echo(f"comment {number}: the answer e-mailed to its sender" if ok else
                   f"comment {number}: the answer could not be e-mailed ({why})", err=not ok)
    if files and has_errors(out.diagnostics):
        sys.exit(EXIT_ERRORS)


@round_.command(name="reassign")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("comment", type=click.IntRange(1, 2 ** 63 - 1))
@click.argument("owner")
@click.option("--reason", default="", help="why (kept in the comment's history)")
@click.option("--by", default="", help="who reassigns it (kept in the history)")
@click.option("--smtp", metavar="URL",
              help="tell the new owner's contact (its contributor.yaml) by e-mail through this SMTP server "
                   "(default: UPRREPORT_SMTP; without either, nothing is sent; docs/email.md)")
@click.option("--public-url", metavar="URL", envvar="UPRREPORT_PUBLIC_URL",
              help="where the consultation is served, for the link to the comment's page in that e-mail "
                   "(default: UPRREPORT_PUBLIC_URL)")
def round_reassign(project: Path, comment: int, owner: str, reason: str, by: str, smtp: str | None,
                   public_url: str | None) -> None:
    """Give a comment of the open round to another owner (a contribution folder, or "(coordinator)").

    \b
    uprreport round reassign PROJECT 12 health --reason "about the health budget"
    """
    from uprreport.api import consultation

    server = library().mail_server(smtp)    # a wrong address is said before anything is changed
    if public_url and not public_url.startswith(("https://", "http://")):
        raise UsageError(f"'{public_url}' is not a web address", hint="give it as https://consult.example.gov/")
    done = consultation.reassign(project, comment, owner, by, reason)
    if not done.changed:
        click.echo(f"comment {comment} is {done.new}'s already; nothing changed")
        return
    click.echo(f"comment {comment}: given to {done.new} (was {done.old})")
    if server is not None:
        ok, why = consultation.notify_owner(project, server, comment, public_url)
        click.echo(f"comment {comment}: {done.new} told by e-mail" if ok else
                   f"comment {comment}: {done.new} could not be told by e-mail ({why})", err=not ok)


@round_.command(name="extend")
@PROJECT
@click.option("--deadline", type=DATE, required=True, help="the new last day for comments, YYYY-MM-DD (later)")
@click.option("--reason", default="", help="why (kept in the round's history)")
@click.option("--by", default="", help="who extends it (kept in the history)")
@click.option("--today", type=DATE, help="today's date, YYYY-MM-DD (default: today)")
def round_extend(project: Path, deadline, reason: str, by: str, today) -> None:
    """Move the open round's deadline to a later date (the web page shows it at once)."""
    import datetime as dt

    from uprreport.api import consultation

    old, new = consultation.extend(project, deadline, by, today or dt.date.today(), reason)
    click.echo(f"the deadline is now {new} (it was {old})")


@round_.command(name="status")
@PROJECT
@format_option
def round_status(project: Path, fmt: str) -> None:
    """Comments open, answered, deferred and late, per owner and overall."""
    st = library().round_status(project)
    if fmt == "json":
        echo_json(st.to_json())
        return
    state = f"closed {st.closed}" if st.closed else f"open, deadline {st.deadline}"
    click.echo(f"round {st.round} ({state}): {st.files} files ({st.late_files} late)")
    click.echo(f"  {'owner':<28} {'total':>6} {'open':>6} {'answered':>9} {'deferred':>9} {'late':>5} {'critical':>9}")
    for o in st.owners + [{"owner": "all", **st.overall}]:
        click.echo(f"  {o['owner']:<28} {o['total']:>6} {o['open'] or 0:>6} {o['answered'] or 0:>9} "
                   f"{o['deferred'] or 0:>9} {o['late'] or 0:>5} {o['critical'] or 0:>9}")


@round_.command(name="close")
@PROJECT
@click.option("--today", type=DATE, help="the closing date, YYYY-MM-DD (default: today)")
def round_close(project: Path, today) -> None:
    """Write the comment-response matrix and the next draft with its redline."""
    c = library().round_close(project, today)
    render_diagnostics(c.diagnostics)
    for path in (c.matrix_xlsx, c.matrix_docx, c.next_draft, c.redline):
        if path:
            click.echo(f"wrote {path}")
    click.echo(f"round {c.round} closed; {c.open_comments} comments still open or deferred go to the next round")


@round_.command(name="export")
@PROJECT
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def round_export(project: Path, out: Path) -> None:
    """Write the comment register as JSON (to review it in git)."""
    counts = library().round_export(project, out)
    click.echo(f"wrote {out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@round_.command(name="import")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def round_import(project: Path, source: Path) -> None:
    """Rebuild an empty comment register from a JSON export."""
    counts = library().round_import(project, source)
    click.echo("imported " + ", ".join(f"{n} {t}" for t, n in counts.items()))


COMMANDS = [round_]
