"""Translating the report: paragraphs out to translators as PO files, translations back in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from uprreport.cli.boundary import EXIT_ERRORS
from uprreport.cli.output import has_errors, library, render_diagnostics


@click.group()
def translate() -> None:
    """Translate the report: paragraphs out to translators (PO files), translations back in."""


@translate.command(name="export")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--to", "language", required=True, help="the language to translate into: fr es ar ru zh en")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="the PO file to write (default: PROJECT/translations/for-translation-LANG.po)")
def translate_export(project: Path, language: str, out: Path | None) -> None:
    """Write every narrative paragraph, with its id, and every text the report prints from its data
    (theme titles, body names, actions, indicators…), as a PO file for a translator or CAT tool."""
    done = library().translate_export(project, language, out)
    click.echo(f"wrote {done.path}: {done.paragraphs} paragraphs and {done.texts} texts from the data, "
               f"{done.translated} translated already, "
               f"{done.stale} changed since translated (marked fuzzy)")


@translate.command(name="import")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("po", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def translate_import(project: Path, po: Path) -> None:
    """Take a translator's PO file into the project (build it with `build --language`)."""
    done = library().translate_import(project, po)
    render_diagnostics(done.diagnostics)
    click.echo(f"{po.name} into {done.path}: {done.added} added, {done.changed} changed, {done.unchanged} unchanged")
    if has_errors(done.diagnostics):
        sys.exit(EXIT_ERRORS)


COMMANDS = [translate]
