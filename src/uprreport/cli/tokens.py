"""API tokens of a workspace, for the HTTP API (docs/api.md): token create / list / revoke."""

from __future__ import annotations

from pathlib import Path

import click

from uprreport.cli.output import visible
from uprreport.errors import UsageError

WORKSPACE = click.option("--workspace", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
                         help="the workspace folder (its accounts' tokens)")


@click.group()
def token() -> None:
    """API tokens: what a ministry's system or a script sends instead of a password
    (Authorization: Bearer TOKEN). A token acts as its account, with its role."""


@token.command(name="create")
@click.argument("name")
@WORKSPACE
@click.option("--label", default="", help="what the token is for (e.g. the ministry's tracker), shown in the listing")
def token_create(name: str, workspace: Path, label: str) -> None:
    """Make a token for the account NAME and print it (shown this once: only its hash is kept).

    \b
    uprreport token create justice-fp --label "the ministry's tracker" --workspace DIR
    """
    from uprreport.api import workspace as ws

    record, secret = ws.create_token(workspace, name, label, by="(command line)")
    click.echo(secret)
    click.echo(f"token {record.id} acts as {visible(record.name)}; it is shown only this once: keep it now "
               f"(revoke it with: uprreport token revoke {record.id} --workspace {workspace})", err=True)


@token.command(name="list")
@WORKSPACE
def token_list(workspace: Path) -> None:
    """The workspace's tokens: id, account, created, last used, label (never the token itself)."""
    from uprreport.api import workspace as ws

    for t in ws.token_listing(workspace):
        click.echo(f"{t.id}\t{visible(t.name)}\t{t.created}\t{t.used or '-'}\t{visible(t.label)}")


@token.command(name="revoke")
@click.argument("ident", metavar="ID")
@WORKSPACE
def token_revoke(ident: str, workspace: Path) -> None:
    """End the token ID at once (its next call is refused)."""
    from uprreport.api import workspace as ws

    if not ws.revoke_token(workspace, ident, by="(command line)"):
        raise UsageError(f"there is no token '{visible(ident)}' in the workspace",
                         hint=f"see them with: uprreport token list --workspace {workspace}")
    click.echo(f"{visible(ident if len(ident) <= 12 else ident[4:16])}: revoked")


COMMANDS = [token]
