"""The web pages and their accounts: serve (one project, or a workspace of projects), user
add / list / remove."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from uprreport.cli.output import library
from uprreport.errors import UsageError

ROLES = ["coordinator", "focal-point", "reviewer", "owner"]   # owner: focal-point's earlier name


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


WORKSPACE = click.option("--workspace", type=click.Path(exists=True, file_okay=False, path_type=Path),
                         help="the workspace folder (every project folder under it, one set of accounts)")


@click.command()
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
@WORKSPACE
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
@click.option("--database", metavar="URL",
              help="with --workspace: keep the accounts, the log and the comment registers in this PostgreSQL "
                   "database (postgresql://USER@HOST/DB), shared by several serve processes; given once, "
                   "remembered in DIR/.uprreport/database (docs/database.md)")
@click.option("--smtp", metavar="URL",
              help="send e-mail through this SMTP server: smtp://USER:PASSWORD@HOST:587?from=ADDRESS (STARTTLS) "
                   "or smtps://…:465; default: UPRREPORT_SMTP; without either, no e-mail is sent (docs/email.md)")
@click.option("--limits", metavar="URL",
              help="where rate limits are counted: redis://HOST:PORT shares them between servers; default: the "
                   "workspace's database when it has one, else this process's memory")
def serve(project: Path | None, workspace: Path | None, host: str, port: int, threads: int, publish_answers: bool,
          proxies: int, comment_rate: str, database: str | None, smtp: str | None, limits: str | None) -> None:
    """Serve one project's consultation and coordinator pages, or (--workspace DIR) every
    project under DIR in the browser.

    \b
    uprreport serve PROJECT
      Public page:       http://HOST:PORT/          (read the draft, comment, get a receipt)
      Coordinator pages: http://HOST:PORT/manage/   (accounts: uprreport user add PROJECT ...)
    uprreport serve --workspace DIR [--database postgresql://USER@HOST/DB]
      Workspace:         http://HOST:PORT/          (accounts: uprreport user add NAME ... --workspace DIR)
      HTTP JSON API:     http://HOST:PORT/api/      (tokens: uprreport token create NAME --workspace DIR)
    SECURITY.md says how to put it on the internet (TLS at the proxy).
    """
    from uprreport.web.site import Settings

    if (project is None) == (workspace is None):
        raise UsageError("give either a PROJECT or --workspace DIR",
                         hint="uprreport serve my-report, or uprreport serve --workspace reports/")
    if database and workspace is None:
        raise UsageError("--database is for a workspace: its projects share the database",
                         hint=f"put the project in a folder and serve that: uprreport serve --workspace FOLDER "
                              f"--database {database}")
    api = library()
    settings = Settings(publish_answers=publish_answers, proxies=proxies, secure_cookies=proxies > 0,
                        comment_rate=comment_rate, smtp=api.mail_server(smtp))
    if workspace is not None:
        from uprreport.api import workspace as ws

        if database:
            click.echo(f"the workspace's accounts, log and comment registers are in {ws.use_database(workspace, database)}")
        settings.limits, settings.limits_options = ws.limits_storage(workspace, limits)
    elif limits:
        from uprreport.api import workspace as ws

        settings.limits, settings.limits_options = ws.limits_storage(project.parent, limits)
    if workspace is not None:
        _serve_workspace(workspace, settings, host, port, threads)
        return
    from uprreport.web.app import create_app, serve as run

    app = create_app(project, settings)   # a bad project fails here, with a plain message
    if not api.user_list(project):
        click.echo("no accounts yet, so nobody can sign in to /manage/: add one with "
                   f"`uprreport user add {project} NAME --role coordinator`")
    run(app, host, port, threads, ready=lambda: click.echo(
        f"serving {project} on http://{host}:{port}/ (coordinator pages: /manage/); Ctrl+C stops"))


def _serve_workspace(folder: Path, settings, host: str, port: int, threads: int) -> None:
    from uprreport.api import workspace as ws
    from uprreport.web.app import create_workspace_app, serve_workspace

    app = create_workspace_app(folder, settings)
    if not any(u.coordinator for u in ws.users(folder)):
        click.echo("no coordinator yet, so nobody can sign in: add one with "
                   f"`uprreport user add NAME --role coordinator --workspace {folder}`")
    n = len(ws.project_names(folder))
    where = ws.database_shown(folder)
    stores = f"; stores in {where}" if where else ""
    serve_workspace(app, host, port, threads, ready=lambda: click.echo(
        f"serving the workspace {folder} ({n} project{'s' * (n != 1)}{stores}) on http://{host}:{port}/; "
        "Ctrl+C stops"))


@click.group()
def user() -> None:
    """Accounts of the web pages: add, list, remove (of one project, or of a workspace)."""


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():   # a script or a pipe: no one to ask twice
        raise UsageError("there is no terminal to ask for the password",
                         hint="give it on standard input with --password-stdin: echo PASSWORD | uprreport user add …")
    return click.prompt("password", hide_input=True, confirmation_prompt=True)


@user.command(name="add")
@click.argument("first")
@click.argument("second", required=False)
@WORKSPACE
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="coordinator: everything; focal-point: one body of one project (its pack, returns, text, "
                   "and the comments on it); reviewer: reads everything, changes nothing ('owner' is the "
                   "focal point's earlier name)")
@click.option("--body", "--owns", "body", default="", help="a focal point's body: its folder under contributions/")
@click.option("--project", default="", help="with --workspace: the project folder the account is limited to "
                                            "(needed for a focal point)")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input (for scripts)")
def user_add(first: str, second: str | None, workspace: Path | None, role: str, body: str, project: str,
             password_stdin: bool) -> None:
    """Create (or reset) an account; asks for its password twice.

    \b
    uprreport user add PROJECT NAME --role coordinator|focal-point|reviewer [--body BODY]
    uprreport user add NAME --role coordinator|focal-point|reviewer [--project P] [--body BODY] --workspace DIR
    """
    api = library()
    if workspace is not None:
        from uprreport.api import workspace as ws

        if second is not None:
            raise UsageError("with --workspace, give only the account's NAME",
                             hint=f"uprreport user add {second} --role {role} --workspace {workspace}")
        ws.check_account(workspace, first, role, project, body)   # say what is wrong before asking
        u = ws.add_user(workspace, first, _password(password_stdin), role, project, body, by="(command line)")
        click.echo(f"{u.name}: {u.role}" + (f" of {u.owns}" if u.owns else "") + (f" in {u.project}" if u.project
                   else " in every project") + "; signs in at the workspace's /login")
        return
    if second is None:
        raise UsageError("give the PROJECT and the account's NAME (or --workspace DIR and the NAME)",
                         hint=f"uprreport user add my-report {first} --role {role}")
    if project:
        raise UsageError("--project is for a workspace's accounts", hint="add --workspace DIR, or leave out --project")
    folder = Path(first)
    if not folder.is_dir():
        raise UsageError(f"'{folder}' is not a folder", hint="give the project folder first, then the NAME")
    api.check_project(folder)   # not a project: say so before asking for a password
    u = api.user_add(folder, second, _password(password_stdin), role, body)
    click.echo(f"{u.name}: {u.role}" + (f" of {u.owns}" if u.owns else "") + "; signs in at /manage/login")


@user.command(name="list")
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
@WORKSPACE
def user_list(project: Path | None, workspace: Path | None) -> None:
    """The accounts of PROJECT (or of the workspace DIR)."""
    if workspace is not None:
        from uprreport.api import workspace as ws

        for u in ws.users(workspace):
            click.echo(f"{u.name}\t{u.role}\t{u.project or '*'}\t{u.owns}")
        return
    if project is None:
        raise UsageError("give the PROJECT, or --workspace DIR")
    for u in library().user_list(project):
        click.echo(f"{u.name}\t{u.role}\t{u.owns}")


@user.command(name="remove")
@click.argument("first")
@click.argument("second", required=False)
@WORKSPACE
def user_remove(first: str, second: str | None, workspace: Path | None) -> None:
    """Delete an account (its sessions end at their next request).

    \b
    uprreport user remove PROJECT NAME
    uprreport user remove NAME --workspace DIR
    """
    if workspace is not None:
        from uprreport.api import workspace as ws

        if second is not None or not ws.remove_user(workspace, first, by="(command line)"):
            raise UsageError(f"there is no account '{second or first}' in the workspace",
                             hint=f"see them with: uprreport user list --workspace {workspace}")
        click.echo(f"{first}: removed")
        return
    if second is None:
        raise UsageError("give the PROJECT and the account's NAME (or --workspace DIR and the NAME)")
    if not library().user_remove(Path(first), second):
        raise UsageError(f"there is no account '{second}'", hint="see them with: uprreport user list PROJECT")
    click.echo(f"{second}: removed")


@user.command(name="reset-two-step")
@click.argument("name")
@click.option("--workspace", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="the workspace folder")
def user_reset_two_step(name: str, workspace: Path) -> None:
    """Turn two-step sign-in off for NAME (a lost phone): its password alone signs it in again,
    and it may set up two-step sign-in anew on its account page."""
    from uprreport.api import workspace as ws

    ws.two_step_off(workspace, name, "", by="(command line)")
    click.echo(f"{name}: two-step sign-in is off; its sessions have ended")


COMMANDS = [serve, user]
