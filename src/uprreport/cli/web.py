"""The web consultation and its accounts: serve, user add / list / remove."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from uprreport.cli.output import library
from uprreport.errors import UsageError


def _rate(_ctx, param, value: str) -> str:
    """A rate limit as Flask-Limiter reads it ("10 per minute;200 per day"), checked now: one it
    cannot read would leave the comment form with no limit at all."""
    from limits import parse_many

    try:
        if parse_many(value):
            return value
    except ValueError:
        pass
    raise click.BadParameter(f"'{value}' is not a rate; write it as '10 per minute;200 per day'", param=param)


@click.command()
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; keep 127.0.0.1 behind a reverse proxy on the same machine")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256), help="requests served at once")
@click.option("--publish-answers", is_flag=True, help="once the round is closed, show the response matrix publicly")
@click.option("--behind-proxy", "proxies", default=0, type=click.IntRange(0, 10), metavar="N",
              help="trust the client address and scheme from N reverse proxies (X-Forwarded-For/-Proto); "
                   "also sends cookies over HTTPS only")
@click.option("--comment-rate", default="10 per minute;200 per day", show_default=True, callback=_rate,
              help="comments one address may send; raise it when many commenters share one address "
                   "(an office behind one router)")
def serve(project: Path, host: str, port: int, threads: int, publish_answers: bool, proxies: int,
          comment_rate: str) -> None:
    """Serve the public consultation on the open round's draft, and the coordinator's pages.

    \b
    Public page:       http://HOST:PORT/          (read the draft, comment, get a receipt)
    Coordinator pages: http://HOST:PORT/manage/   (accounts: uprreport user add)
    SECURITY.md says how to put it on the internet (TLS at the proxy).
    """
    from uprreport.web.app import create_app, serve as run
    from uprreport.web.site import Settings

    api = library()
    settings = Settings(publish_answers=publish_answers, proxies=proxies, secure_cookies=proxies > 0,
                        comment_rate=comment_rate)
    app = create_app(project, settings)   # a bad project fails here, with a plain message
    if not api.user_list(project):
        click.echo("no accounts yet, so nobody can sign in to /manage/: add one with "
                   f"`uprreport user add {project} NAME --role coordinator`")
    run(app, host, port, threads, ready=lambda: click.echo(
        f"serving {project} on http://{host}:{port}/ (coordinator pages: /manage/); Ctrl+C stops"))


@click.group()
def user() -> None:
    """Accounts for the coordinator pages of `uprreport serve`: add, list, remove."""


@user.command(name="add")
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("name")
@click.option("--role", type=click.Choice(["coordinator", "owner"]), required=True,
              help="coordinator: everything; owner: answers the comments routed to one contribution")
@click.option("--owns", default="", help="owner: the contribution folder it answers for, e.g. justice")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input (for scripts)")
def user_add(project: Path, name: str, role: str, owns: str, password_stdin: bool) -> None:
    """Create (or reset) the account NAME; asks for its password twice."""
    api = library()
    api.check_project(project)   # not a project: say so before asking for a password
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    u = api.user_add(project, name, password, role, owns)
    click.echo(f"{u.name}: {u.role}" + (f" of {u.owns}" if u.owns else "") + "; signs in at /manage/login")


@user.command(name="list")
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path))
def user_list(project: Path) -> None:
    """The accounts of PROJECT."""
    for u in library().user_list(project):
        click.echo(f"{u.name}\t{u.role}\t{u.owns}")


@user.command(name="remove")
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("name")
def user_remove(project: Path, name: str) -> None:
    """Delete the account NAME (its sessions end at their next request)."""
    if not library().user_remove(project, name):
        raise UsageError(f"there is no account '{name}'", hint="see them with: uprreport user list PROJECT")
    click.echo(f"{name}: removed")


COMMANDS = [serve, user]
