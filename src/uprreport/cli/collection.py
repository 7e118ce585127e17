"""Collecting input from the contributing bodies: request, collect, progress, approve."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from uprreport.cli.boundary import EXIT_ERRORS, format_option
from uprreport.cli.output import DATE, echo_json, has_errors, library, render_diagnostics

SEND = click.option("--send", is_flag=True,
                    help="e-mail them through the SMTP server of --smtp or UPRREPORT_SMTP (docs/email.md)")
SMTP = click.option("--smtp", metavar="URL",
                    help="the SMTP server: smtp://USER:PASSWORD@HOST:587?from=ADDRESS (default: UPRREPORT_SMTP)")


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--deadline", type=DATE, help="the date the packs are due, YYYY-MM-DD (default: in three weeks)")
@click.option("--today", type=DATE, help="the date the packs are sent, YYYY-MM-DD (default: today)")
@click.option("--approval", is_flag=True,
              help="instead of input packs, an approval form per body: its text as it stands, to sign and return")
@SEND
@SMTP
def request(project: Path, deadline, today, approval: bool, send: bool, smtp: str | None) -> None:
    """Write an input pack for every contributing body: a workbook to fill in, a Word file for
    its text and a draft e-mail with both, into PROJECT/requests/<body>/; with --send, e-mail
    each to its body's contact."""
    api = library()
    server = _server(api, send, smtp)
    if approval:
        written = api.request_approval(project, deadline, today)
        for f in written:
            click.echo(f"wrote {f}")
        click.echo(f"{len(written) // 2} approval forms; signed forms come back with `uprreport collect`")
        return
    done = api.request(project, deadline, today)
    for p in done.packs:
        click.echo(f"{p.name}: {p.recommendations} recommendation{'s' * (p.recommendations != 1)}")
        for f in (p.workbook, p.narrative, p.email):
            click.echo(f"  wrote {f}")
    for name in done.skipped:
        click.echo(f"{name}: no pack (it has no sections and no recommendations to answer for)")
    if server is None:
        click.echo(f"{len(done.packs)} packs, due {done.deadline.isoformat()}; send the .eml files (open them in "
                   "your e-mail program), or run this again with --send")
        return
    click.echo(f"{len(done.packs)} packs, due {done.deadline.isoformat()}")
    _said(api.send_packs(project, server, [p.slug for p in done.packs]), server)


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--today", type=DATE, help="the date the files came back, YYYY-MM-DD (default: today)")
def collect(project: Path, files: tuple[Path, ...], today) -> None:
    """Take returned input packs (workbooks, Word files, folders or e-mails with them) into
    the contributions they belong to; earlier versions are kept."""
    done = library().collect(project, list(files), today)
    render_diagnostics(done.diagnostics)
    for r in done.returns:
        what = (f"{len(r.changed)} recommendation{'s' * (len(r.changed) != 1)} changed" if r.kind == "workbook"
                else f"{len(r.fragments)} section{'s' * (len(r.fragments) != 1)}, {r.words:,} words")
        label = "workbook" if r.kind == "workbook" else "Word file"
        click.echo(f"{r.file}: {label} {r.version} from {r.slug}: {what}")
    for a in done.approvals:
        click.echo(f"{a.name}: text approved by {a.by} ({a.at[:10]})")
    if has_errors(done.diagnostics):
        sys.exit(EXIT_ERRORS)


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--remind", is_flag=True,
              help="write a reminder e-mail (with the pack again) to every body late or due within 3 days")
@click.option("--today", type=DATE, help="count lateness from this date instead of today")
@SEND
@SMTP
@format_option
def progress(project: Path, remind: bool, today, send: bool, smtp: str | None, fmt: str) -> None:
    """Show which bodies have sent their input, what each still owes and who is late; with
    --remind, write reminders (and with --send, e-mail them)."""
    api = library()
    if send and not remind:
        raise click.UsageError("--send sends the reminders: give --remind with it")
    server = _server(api, send, smtp)
    sent = None
    if server is not None:
        state, sent = api.send_reminders(project, server, today)
    else:
        state = api.progress(project, today, remind)
    if fmt == "json":
        echo_json({**state.to_json(), **({"sending": sent.to_dict()} if sent else {})})
        return
    width = max((len(b.name) for b in state.bodies), default=4)
    for b in state.bodies:
        owed = []
        if b.missing:
            owed.append(f"{len(b.missing)} of {b.recommendations} recommendation{'s' * (b.recommendations != 1)}")
        if not b.narrative:
            owed.append("text")
        due = f"due {b.deadline:%d %b %Y}" if b.deadline else ""
        late = f", {b.days_late} day{'s' * (b.days_late != 1)} late" if b.days_late else ""
        tail = f"owes {' and '.join(owed)}" if owed and b.sent else ""
        words = f"{b.words:,} words" + (f" of {b.budget:,}" if b.budget else "") if b.words or b.budget else ""
        back = f"last return {b.last_return[:10]}" if b.last_return else ""
        extra = "; ".join(x for x in (words, back, tail) if x)
        click.echo(f"{b.name:<{width}}  {b.state:<9}  {due}{late}{'  ' if extra else ''}{extra}".rstrip())
    done = sum(b.state == "complete" for b in state.bodies)
    click.echo(f"{done} of {len(state.bodies)} bodies complete")
    for p in state.reminders:
        click.echo(f"wrote {p}")
    if remind and not state.reminders:
        click.echo("no reminders needed: nobody is late or due within 3 days")
    if sent is not None:
        _said(sent, server)


def _server(api, send: bool, smtp: str | None):
    """The server to send through when --send is given; a usage error saying how to name one."""
    if not send:
        if smtp:
            raise click.UsageError("--smtp names the server to send through: give --send with it")
        return None
    server = api.mail_server(smtp)
    if server is None:
        raise click.UsageError("--send needs an SMTP server: give --smtp smtp://USER:PASSWORD@HOST:587?from=ADDRESS "
                               "or set UPRREPORT_SMTP")
    return server


def _said(done, server) -> None:
    for o in done.sent:
        click.echo(f"{o.body}: sent to {o.to} ({o.file})")
    for o in done.skipped:
        click.echo(f"{o.body}: not sent, {o.reason}" + (f" ({o.to})" if o.to else ""))
    for o in done.refused:
        click.echo(f"{o.body}: refused by the mail server for {o.to}: {o.reason}", err=True)
    click.echo(f"{len(done.sent)} sent through {server.shown}" + (f", {len(done.refused)} refused" if done.refused
                                                                  else ""))
    if done.refused:
        sys.exit(EXIT_ERRORS)


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("body")
@click.option("--by", required=True, help="who approved, e.g. 'J. Novak, State Secretary'")
def approve(project: Path, body: str, by: str) -> None:
    """Record that BODY (its folder name under contributions/) approved its text as it stands."""
    a = library().approve(project, body, by)
    click.echo(f"{a.name}: its text as it stands now approved by {a.by} ({a.at}); a change to its files "
               "needs a new approval before `build --final`")


COMMANDS = [request, collect, progress, approve]
