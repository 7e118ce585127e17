"""What the commands share: the library, option types and how results are printed."""

from __future__ import annotations

import gc
import json
import re

import click

from uprreport.diagnostics import Severity, listing, to_json

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def library():
    """``uprreport.api``, imported when a command first needs it (``--help`` does not).

    What the import creates (modules, classes, pydantic's validators) lives as long as the
    command: ``gc.freeze`` takes it out of the collector's sight, so that each full
    collection walks only what the command itself made (docs/toolchain.md)."""
    from uprreport import api

    gc.freeze()
    return api


class Date(click.ParamType):
    """A date as offices write it (2025-03-31, 31/03/2025, 31 March 2025)."""

    name = "date"

    def convert(self, value, param, ctx):
        if value is None or not isinstance(value, str):
            return value
        try:
            return library().parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = Date()


def echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


# Control characters a message may quote (a name pasted from a PDF, an escape sequence typed
# by mistake) shown as \xNN: printed raw, they would move the cursor, clear the screen or hide
# the very text the message is about (docs/text-safety.md).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text) -> str:
    """``text`` for a terminal: its control characters written as \\xNN."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def render_diagnostics(diags, fmt: str = "text") -> None:
    if fmt == "json":
        echo_json(to_json(diags))
        return
    for d in diags:
        head = click.style(f"{d.severity.value}", fg=_COLOURS[d.severity], bold=True)
        click.echo(f"{visible(d.location)}: {head} [{d.code}] {visible(d.message)}")


def summary(diags) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    files = len({d.location.path for d in diags if d.severity is not Severity.INFO})
    if not errors and not warnings:
        return "no problems found"
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            f" in {files} file{'s' * (files != 1)}")


def has_errors(diags) -> bool:
    return any(d.severity is Severity.ERROR for d in diags)


def breakdown(words, limit, names: dict[str, str]) -> None:
    """The word count against the limit, by contributor and by section."""
    of = f" of {limit:,} allowed" if limit else ""
    click.echo(f"{words.total:,} words{of} ({words.counted})")
    click.echo("by contributor:")
    for who, n in words.by_contributor.most_common():
        click.echo(f"  {n:>7,}  {names.get(who, who)}")
    click.echo("by section:")
    for key, n in sorted(words.by_section.items()):
        click.echo(f"  {n:>7,}  {key}")


__all__ = ["library", "DATE", "echo_json", "render_diagnostics", "summary", "has_errors", "breakdown", "listing",
           "Severity"]


def leaderless(done) -> None:
    """A note for supported recommendations an assignment left with no lead body."""
    ids = done.leaderless
    if ids:
        click.echo(f"note: {len(ids)} supported recommendation{'s' * (len(ids) != 1)} now "
                   f"ha{'ve' if len(ids) != 1 else 's'} no lead body: {done.leaderless_ranges}; give "
                   f"{'them' if len(ids) != 1 else 'it'} one with `uprreport assign PROJECT --to BODY IDS`", err=True)
