"""The `uprreport` command. Each command is thin: parse options, call `api`, render.

Exit status: 0 success; 1 the project has errors (or the build failed); 2 the command
was used wrongly (no such folder, unknown kind); 3 a required program (LibreOffice)
is missing.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import click

from uprreport import __version__
from uprreport.diagnostics import Severity, listing, to_json
from uprreport.errors import UprError, UsageError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_TOOL = 0, 1, 2, 3

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _library():
    """``uprreport.api``, imported when a command first needs it (``--help`` does not).

    What the import creates (modules, classes, pydantic's validators) lives as long as the
    command: ``gc.freeze`` takes it out of the collector's sight, so that each full
    collection walks only what the command itself made (docs/toolchain.md)."""
    from uprreport import api

    gc.freeze()
    return api


def _json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _render_diagnostics(diags, fmt: str) -> None:
    if fmt == "json":
        _json(to_json(diags))
        return
    for d in diags:
        head = click.style(f"{d.severity.value}", fg=_COLOURS[d.severity], bold=True)
        click.echo(f"{d.location}: {head} [{d.code}] {d.message}")


def _summary(diags) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    files = len({d.location.path for d in diags if d.severity is not Severity.INFO})
    if not errors and not warnings:
        return "no problems found"
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            f" in {files} file{'s' * (files != 1)}")


def _fail(exc: UprError, fmt: str = "text") -> None:
    if exc.diagnostics:
        _render_diagnostics(exc.diagnostics, fmt)
        if fmt == "json":
            sys.exit(exc.exit_code)
        click.echo(_summary(exc.diagnostics), err=True)
    click.echo(click.style("error: ", fg="red", bold=True) + str(exc), err=True)
    if exc.hint:
        click.echo(f"  hint: {exc.hint}", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="uprreport")
def main() -> None:
    """Compile Universal Periodic Review reports from many contributions into Word and PDF.

    \b
    Start:     uprreport init my-report --kind national
    Check:     uprreport validate my-report
    Build:     uprreport build my-report
    """


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kind", default="national", show_default=True, help="report kind to start")
@click.option("--from", "from_list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="start from OHCHR's thematic list of recommendations (.docx): the register and its themes")
def init(folder: Path, kind: str, from_list: Path | None) -> None:
    """Create a new report project in FOLDER with commented examples of every file."""
    api = _library()

    try:
        written = api.init(folder, kind, from_list)
    except UprError as exc:
        _fail(exc)
    for path in written:
        click.echo(f"  created {path}")
    if from_list:
        click.echo(f"  the register comes from {from_list.name}; the examples address no recommendation yet")
    click.echo(f"\nNext: edit {folder}/report.yaml, then run `uprreport validate {folder}`.")


def _breakdown(words, limit, names: dict[str, str]) -> None:
    """The word count against the limit, by contributor and by section."""
    of = f" of {limit:,} allowed" if limit else ""
    click.echo(f"{words.total:,} words{of} ({words.counted})")
    click.echo("by contributor:")
    for who, n in words.by_contributor.most_common():
        click.echo(f"  {n:>7,}  {names.get(who, who)}")
    click.echo("by section:")
    for key, n in sorted(words.by_section.items()):
        click.echo(f"  {n:>7,}  {key}")


@main.command()
@click.argument("project", type=click.Path(path_type=Path), default=".")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--draft", is_flag=True, help="check as a draft: being over a length limit is a warning")
@click.option("--words", "show_words", is_flag=True, help="also show the word count by contributor and section")
def validate(project: Path, fmt: str, draft: bool, show_words: bool) -> None:
    """List every problem in a report project (exit 1 if there are errors)."""
    api = _library()

    try:
        v = api.validate(project, draft=draft, furniture=False)
    except UprError as exc:
        _fail(exc, fmt)
    diags = v.report.sorted()
    words = v.compiled.words if v.compiled else None
    if fmt == "json":
        _json({**to_json(diags), "words": words.total if words else None,
               "words_by_contributor": dict(words.by_contributor) if words else None,
               "words_by_section": dict(words.by_section) if words else None})
    else:
        _render_diagnostics(diags, fmt)
        if words and show_words:
            from uprreport.transforms.limits import word_limit

            _breakdown(words, word_limit(v.project), v.names)
        p = v.project
        stats = (f"{len(p.recommendations)} recommendations, {len(p.contributions)} contributions, "
                 f"{sum(len(c.fragments) for c in p.contributions)} fragments")
        click.echo(f"{project}: {stats}: {_summary(diags)}", err=True)
    sys.exit(EXIT_ERRORS if v.report.has_errors() else EXIT_OK)


@main.command()
@click.argument("project", type=click.Path(path_type=Path), default=".")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="output folder (default: PROJECT/build)")
@click.option("--no-pdf", is_flag=True, help="write the Word file only (no LibreOffice needed)")
@click.option("--draft", is_flag=True, help="a draft: being over the length limit is a warning, not an error")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--language", help="build the report in this language, with the translations imported "
                                 "(`uprreport translate`): en fr es ar ru zh")
@click.option("--final", is_flag=True, help="refuse unless every contributing body approved its latest text")
@click.option("--watch", is_flag=True, help="stay and build again each time a file of the project is saved "
                                            "(Ctrl+C stops)")
def build(project: Path, out: Path | None, no_pdf: bool, draft: bool, fmt: str, language: str | None,
          final: bool, watch: bool) -> None:
    """Build the report's DOCX and PDF into PROJECT/build."""
    api = _library()   # api.build starts LibreOffice first (the installed command, entry.py, earlier still)

    if watch:
        _watch(project, out, not no_pdf, draft, language, final)
        return
    try:
        result = api.build(project, out, pdf=not no_pdf, draft=draft, language=language, final=final)
    except UprError as exc:
        _fail(exc, fmt)
    diags = result.report.sorted()
    if fmt == "json":
        _json(to_json(diags, outputs=[str(p) for p in result.outputs], removed=[str(p) for p in result.removed],
                      words=result.words.total, word_limit=result.word_limit,
                      words_by_section=dict(result.words.by_section),
                      words_by_contributor=dict(result.words.by_contributor),
                      pages=result.pages, page_limit=result.page_limit,
                      paragraphs=result.paragraphs, seconds=round(result.seconds, 3),
                      approvals=[a.to_json() for a in result.approvals] if result.approvals is not None else None,
                      progress=result.progress.to_json() if result.progress is not None else None))
        return
    _render_diagnostics([d for d in diags if d.severity is not Severity.INFO], fmt)
    for path in result.outputs:
        click.echo(f"wrote {path}")
    for path in result.removed:
        click.echo(f"removed {path}: an earlier build made it and it no longer matches the Word file "
                   "(build without --no-pdf to make it again)")
    if result.pages is not None:
        of = f" of {result.page_limit} allowed" if result.page_limit else ""
        click.echo(f"{result.pages} page{'s' * (result.pages != 1)} of text{of} (cover, contents and annexes not counted)")
    click.echo(f"{result.paragraphs} numbered paragraphs; built in {result.seconds:.1f} s")
    _breakdown(result.words, result.word_limit, result.names)
    if result.progress is not None:
        bodies = result.progress.bodies
        asked = [b for b in bodies if b.state != "not asked"]
        late = [b.name for b in bodies if b.state == "late"]
        click.echo(f"input: {sum(b.state == 'complete' for b in asked)} of {len(asked)} bodies complete"
                   + (f"; late: {listing(late, most=4)}" if late else "") + " (`uprreport progress` for details)")
    if result.approvals is not None:
        ok = [a for a in result.approvals if a.state == "approved"]
        click.echo(f"approvals: {len(ok)} of {len(result.approvals)} bodies approved their latest text")
        for a in result.approvals:
            if a.state != "approved":
                click.echo(f"  {a.name}: {a.state}" + (f" (last by {a.by}, {a.at[:10]})" if a.by else ""))


def _watch(project: Path, out: Path | None, pdf: bool, draft: bool, language: str | None, final: bool) -> None:
    import time

    api = _library()
    from uprreport.readers.project import read_manifest
    from uprreport.watching import watch

    try:
        read_manifest(project)   # not a project: say so once, do not watch
    except UprError as exc:
        _fail(exc)

    def emit(r) -> None:
        stamp = time.strftime("%H:%M:%S")
        what = f" after {listing(r.changed, most=3)} changed" if r.changed else ""
        if r.error is not None:
            _render_diagnostics(getattr(r.error, "diagnostics", []) or [], "text")
            click.secho(f"{stamp} not built{what}: {r.error} (the previous files are unchanged)", fg="red")
        else:
            res = r.result
            shown = [d for d in res.report.sorted() if d.severity is not Severity.INFO]
            _render_diagnostics(shown, "text")
            pdf_part = f", PDF {res.seconds - res.docx_seconds:.2f} s" if res.pages is not None else ""
            click.secho(f"{stamp} built{what}: DOCX {res.docx_seconds:.2f} s{pdf_part}"
                        + (f" ({_summary(shown)})" if shown else ""), fg="green")
        click.echo(f"watching {project} for saved changes; Ctrl+C stops")

    watch(project, lambda: api.build(project, out, pdf=pdf, draft=draft, language=language, final=final), emit,
          out_dir=out)


@main.command()
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
              show_default=True, help="folder to write the .schema.json files into")
def schema(out: Path) -> None:
    """Write the JSON Schemas of every project file format."""
    api = _library()

    for path in api.write_schemas(out):
        click.echo(f"wrote {path}")


def _import_report(result, what: str) -> None:
    _render_diagnostics(result.diagnostics, "text")
    click.echo(f"{what} into {result.path}: {len(result.added)} added, {len(result.changed)} changed, "
               f"{len(result.unchanged)} unchanged" + (f", {result.kept} other rows kept" if result.kept else ""))
    if result.changed:
        click.echo(f"  changed: {', '.join(result.changed[:20])}{' …' if len(result.changed) > 20 else ''}")


@main.group(name="import")
def import_() -> None:
    """Bring recommendations into the project's register (re-running updates in place)."""


@import_.command(name="ohchr")
@click.argument("docx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-p", "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="the report project whose register is updated")
def import_ohchr(docx: Path, project: Path) -> None:
    """Import OHCHR's thematic list of recommendations (Word, 2nd to 4th cycle layouts)."""
    api = _library()

    try:
        result = api.import_ohchr(docx, project)
    except UprError as exc:
        _fail(exc)
    _import_report(result, f"{docx.name}")


@import_.command(name="wgreport")
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--addendum", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="the State's responses (…/Add.1): which recommendations it supports and notes")
@click.option("-p", "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="the report project whose register is updated")
def import_wgreport(report: Path, addendum: Path | None, project: Path) -> None:
    """Import the recommendations of a Working Group report (Word, PDF or text), before OHCHR's list exists."""
    api = _library()

    try:
        result = api.import_wgreport(report, project, addendum)
    except UprError as exc:
        _fail(exc)
    _import_report(result, report.name)


@import_.command(name="uprinfo")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", required=True, help="the State under review, as in the export's 'To' column")
@click.option("--session", help="only this Working Group session")
@click.option("--paragraph", type=int,
              help="build the register from the export: ids PARAGRAPH.1, PARAGRAPH.2 … in its order")
@click.option("-p", "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True)
def import_uprinfo(export: Path, state: str, session: str | None, paragraph: int | None, project: Path) -> None:
    """Import a UPR Info database export (CSV or XLSX): action categories and issues."""
    api = _library()

    try:
        result = api.import_uprinfo(export, project, state, session, paragraph)
    except UprError as exc:
        _fail(exc)
    _import_report(result, export.name)


@import_.command(name="impact")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-p", "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True)
def import_impact(csv_file: Path, project: Path) -> None:
    """Import recommendations from an IMPACT OSS (or NRTD) CSV."""
    api = _library()

    try:
        result = api.import_impact(csv_file, project)
    except UprError as exc:
        _fail(exc)
    _import_report(result, csv_file.name)


@main.command()
@click.argument("what", type=click.Choice(["register", "matrix", "impact"]))
@click.option("-p", "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="output file: .xlsx (formatted, filterable) or .csv")
def export(what: str, project: Path, out: Path) -> None:
    """Export the register, the implementation matrix, or the IMPACT OSS exchange CSV."""
    api = _library()

    try:
        done = api.export(project, what, out)
    except (UprError, ValueError) as exc:
        _fail(exc if isinstance(exc, UprError) else UprError(str(exc)))
    _render_diagnostics(done.diagnostics, "text")
    click.echo(f"wrote {out}: {done.rows} recommendations")


@main.command()
@click.argument("project", type=click.Path(path_type=Path), default=".")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def coverage(project: Path, fmt: str) -> None:
    """Supported recommendations that no contribution addresses, by the body that owns them."""
    from uprreport import pipeline
    from uprreport.model.ids import compress
    from uprreport.transforms.coverage import unaddressed_by_owner

    try:
        checked, report = pipeline.check(project)
    except UprError as exc:
        _fail(exc, fmt)
    if checked.profile is None:
        _fail(UprError("the project's manifest has errors", diagnostics=report.sorted()), fmt)
    groups = unaddressed_by_owner(checked)
    if fmt == "json":
        click.echo(json.dumps(groups, indent=2, ensure_ascii=False))
        return
    total = len({i for ids in groups.values() for i in ids})
    supported = sum(1 for r in checked.recommendations if r.position.value != "noted")
    click.echo(f"{supported - total} of {supported} supported recommendations are addressed; {total} are not:")
    for owner, ids in groups.items():
        click.echo(f"  {len(ids):>4}  {owner}: {compress(ids)}")


@main.group(name="round")
def round_() -> None:
    """Comment rounds for public hearings: open, ingest, respond, status, close."""


def _date(value: str | None):
    from uprreport.model import dates

    if value is None:
        return None
    try:
        return dates.parse(value)
    except ValueError as exc:
        _fail(UsageError(str(exc)))


@round_.command(name="open")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--deadline", help="last day for comments, YYYY-MM-DD (default: today + comment_period_days)")
@click.option("--today", help="the opening date, YYYY-MM-DD (default: today)")
def round_open(project: Path, deadline: str | None, today: str | None) -> None:
    """Freeze the draft and write the review copy and the comment form."""
    api = _library()

    try:
        o = api.round_open(project, _date(deadline), _date(today))
    except UprError as exc:
        _fail(exc)
    click.echo(f"round {o.round} is open until {o.deadline.isoformat()}; {o.paragraphs} paragraphs have ids")
    click.echo(f"  send out: {o.review_copy}\n            {o.form}\n  frozen draft: {o.draft}")


@round_.command(name="ingest")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--received", help="when the files arrived, YYYY-MM-DD (default: e-mail date or now)")
@click.option("--organisation", help="organisation of the reviewer(s), when the files do not say")
def round_ingest(project: Path, files: tuple[Path, ...], received: str | None, organisation: str | None) -> None:
    """Register returned Word copies, comment forms (.xlsx/.csv) and e-mails (.txt/.eml)."""
    import datetime as dt

    api = _library()

    when = _date(received)
    try:
        r = api.round_ingest(project, list(files),
                             dt.datetime.combine(when, dt.time(12), dt.timezone.utc) if when else None, organisation)
    except UprError as exc:
        _fail(exc)
    _render_diagnostics(r.diagnostics, "text")
    click.echo(f"round {r.round}: {r.comments} comments from {r.files} new files"
               + (f"; {len(r.skipped)} already registered ({', '.join(r.skipped)})" if r.skipped else "")
               + (f"; late: {', '.join(r.late)}" if r.late else ""))
    if r.tracked:
        click.echo("  tracked changes: " + ", ".join(f"{n} {kind}{'s' * (n != 1 and not kind.endswith('join'))}"
                                                     for kind, n in sorted(r.tracked.items()) if n))
    if r.by_quote or r.unanchored:
        click.echo(f"  {r.by_quote} anchored by matching quoted text (check them), "
                   f"{r.unanchored} without a paragraph (sent to the coordinator to place):")
        for item in r.unanchored_items:
            click.echo(f"    {item}")
    if any(d.severity is Severity.ERROR for d in r.diagnostics):
        sys.exit(EXIT_ERRORS)   # the others are registered; these were not


@round_.command(name="respond")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--export", "export_", is_flag=True, help="write one response worksheet per owner")
@click.option("--comment", type=int, help="record the decision on one comment (its number)")
@click.option("--decision", help="accepted, accepted with modification, rejected, noted or deferred")
@click.option("--reason", default="", help="why (needed for rejected, modified and deferred)")
@click.option("--by", default="", help="who decides (the owner)")
def round_respond(project: Path, export_: bool, files: tuple[Path, ...], comment: int | None,
                  decision: str | None, reason: str, by: str) -> None:
    """Owners' decisions on the comments routed to them.

    \b
    uprreport round respond PROJECT --export          one worksheet per owner, to hand out
    uprreport round respond PROJECT sheets/*.xlsx     read the filled worksheets back
    uprreport round respond PROJECT --comment 12 --decision rejected --reason "..."
    """
    api = _library()

    if not export_ and not files and (comment is None or decision is None):
        _fail(UprError("say what to do", hint="--export, worksheet files, or --comment N --decision D --reason R"))
    try:
        out = api.round_respond(project, export_, files, comment, decision, reason, by)
    except UprError as exc:
        _fail(exc)
    if export_:
        _render_diagnostics(out.diagnostics, "text")
        for path in out.paths:
            click.echo(f"wrote {path}")
    elif files:
        _render_diagnostics(out.diagnostics, "text")
        click.echo(f"{out.decided} decisions recorded, {out.unchanged} unchanged")
        if any(d.severity is Severity.ERROR for d in out.diagnostics):
            sys.exit(EXIT_ERRORS)
    else:
        click.echo(f"comment {comment}: {decision}")


@round_.command(name="status")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def round_status(project: Path, fmt: str) -> None:
    """Comments open, answered, deferred and late, per owner and overall."""
    api = _library()

    try:
        st = api.round_status(project)
    except UprError as exc:
        _fail(exc, fmt)
    if fmt == "json":
        click.echo(json.dumps(st, indent=2))
        return
    state = f"closed {st['closed']}" if st["closed"] else f"open, deadline {st['deadline']}"
    click.echo(f"round {st['round']} ({state}): {st['files']} files ({st['late_files']} late)")
    click.echo(f"  {'owner':<28} {'total':>6} {'open':>6} {'answered':>9} {'deferred':>9} {'late':>5} {'critical':>9}")
    for o in st["owners"] + [{"owner": "all", **st["overall"]}]:
        click.echo(f"  {o['owner']:<28} {o['total']:>6} {o['open'] or 0:>6} {o['answered'] or 0:>9} "
                   f"{o['deferred'] or 0:>9} {o['late'] or 0:>5} {o['critical'] or 0:>9}")


@round_.command(name="close")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--today", help="the closing date, YYYY-MM-DD (default: today)")
def round_close(project: Path, today: str | None) -> None:
    """Write the comment-response matrix and the next draft with its redline."""
    api = _library()

    try:
        c = api.round_close(project, _date(today))
    except UprError as exc:
        _fail(exc)
    _render_diagnostics(c.diagnostics, "text")
    for path in (c.matrix_xlsx, c.matrix_docx, c.next_draft, c.redline):
        if path:
            click.echo(f"wrote {path}")
    click.echo(f"round {c.round} closed; {c.open_comments} comments still open or deferred go to the next round")


@round_.command(name="export")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def round_export(project: Path, out: Path) -> None:
    """Write the comment register as JSON (to review it in git)."""
    from uprreport.rounds import exchange

    counts = exchange.export_json(project, out)
    click.echo(f"wrote {out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@round_.command(name="import")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def round_import(project: Path, source: Path) -> None:
    """Rebuild an empty comment register from a JSON export."""
    from uprreport.rounds import exchange

    try:
        counts = exchange.import_json(project, source)
    except UprError as exc:
        _fail(exc)
    click.echo("imported " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--deadline", help="the date the packs are due, YYYY-MM-DD (default: in three weeks)")
@click.option("--today", help="the date the packs are sent, YYYY-MM-DD (default: today)")
@click.option("--approval", is_flag=True,
              help="instead of input packs, an approval form per body: its text as it stands, to sign and return")
def request(project: Path, deadline: str | None, today: str | None, approval: bool) -> None:
    """Write an input pack for every contributing body: a workbook to fill in, a Word file for
    its text and a draft e-mail with both, into PROJECT/requests/<body>/."""
    api = _library()

    try:
        if approval:
            written = api.request_approval(project, _date(deadline), _date(today))
        else:
            done = api.request(project, _date(deadline), _date(today))
    except UprError as exc:
        _fail(exc)
    if approval:
        for f in written:
            click.echo(f"wrote {f}")
        click.echo(f"{len(written) // 2} approval forms; signed forms come back with `uprreport collect`")
        return
    for p in done.packs:
        click.echo(f"{p.name}: {p.recommendations} recommendations")
        for f in (p.workbook, p.narrative, p.email):
            click.echo(f"  wrote {f}")
    for name in done.skipped:
        click.echo(f"{name}: no pack (it has no sections and no recommendations to answer for)")
    click.echo(f"{len(done.packs)} packs, due {done.deadline.isoformat()}; send the .eml files (open them in your "
               "e-mail program)")


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def collect(project: Path, files: tuple[Path, ...]) -> None:
    """Take returned input packs (workbooks, Word files, folders or e-mails with them) into
    the contributions they belong to; earlier versions are kept."""
    api = _library()

    try:
        done = api.collect(project, list(files))
    except UprError as exc:
        _fail(exc)
    _render_diagnostics(done.diagnostics, "text")
    for r in done.returns:
        what = (f"{len(r.changed)} recommendation{'s' * (len(r.changed) != 1)} changed" if r.kind == "workbook"
                else f"{len(r.fragments)} section{'s' * (len(r.fragments) != 1)}, {r.words:,} words")
        label = "workbook" if r.kind == "workbook" else "Word file"
        click.echo(f"{r.file}: {label} {r.version} from {r.slug}: {what}")
    for a in done.approvals:
        click.echo(f"{a.name}: text approved by {a.by} ({a.at[:10]})")
    if any(d.severity is Severity.ERROR for d in done.diagnostics):
        sys.exit(EXIT_ERRORS)


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--remind", is_flag=True,
              help="write a reminder e-mail (with the pack again) to every body late or due within 3 days")
@click.option("--today", help="count lateness from this date instead of today")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def progress(project: Path, remind: bool, today: str | None, fmt: str) -> None:
    """Show which bodies have sent their input, what each still owes and who is late."""
    api = _library()

    try:
        state = api.progress(project, _date(today), remind)
    except UprError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps(state.to_json(), indent=1, ensure_ascii=False))
        return
    width = max((len(b.name) for b in state.bodies), default=4)
    for b in state.bodies:
        owed = []
        if b.missing:
            owed.append(f"{len(b.missing)} of {b.recommendations} recommendations")
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


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("body")
@click.option("--by", required=True, help="who approved, e.g. 'J. Novak, State Secretary'")
def approve(project: Path, body: str, by: str) -> None:
    """Record that BODY (its folder name under contributions/) approved its text as it stands."""
    api = _library()

    try:
        a = api.approve(project, body, by)
    except UprError as exc:
        _fail(exc)
    click.echo(f"{a.name}: its text as it stands now approved by {a.by} ({a.at}); a change to its files "
               "needs a new approval before `build --final`")


@main.command()
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; keep 127.0.0.1 behind a reverse proxy on the same machine")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="requests served at once")
@click.option("--publish-answers", is_flag=True, help="once the round is closed, show the response matrix publicly")
@click.option("--behind-proxy", "proxies", default=0, type=int, metavar="N",
              help="trust the client address and scheme from N reverse proxies (X-Forwarded-For/-Proto); "
                   "also sends cookies over HTTPS only")
@click.option("--comment-rate", default="10 per minute;200 per day", show_default=True,
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

    settings = Settings(publish_answers=publish_answers, proxies=proxies, secure_cookies=proxies > 0,
                        comment_rate=comment_rate)
    try:
        app = create_app(project, settings)   # a bad project fails here, with a plain message
    except UprError as exc:
        _fail(exc)
    from uprreport.web import accounts

    if not accounts.listing(project):
        click.echo("no accounts yet, so nobody can sign in to /manage/: add one with "
                   f"`uprreport user add {project} NAME --role coordinator`")
    click.echo(f"serving {project} on http://{host}:{port}/ (coordinator pages: /manage/); Ctrl+C stops")
    run(app, host, port, threads)


@main.group()
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
    from uprreport.readers.project import read_manifest
    from uprreport.web import accounts, app

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        read_manifest(project)   # a project, or a plain message saying it is not one
        u = accounts.add(project, name, password, role, owns, app.owners(project))
    except UprError as exc:
        _fail(exc)
    click.echo(f"{u.name}: {u.role}" + (f" of {u.owns}" if u.owns else "") + "; signs in at /manage/login")


@user.command(name="list")
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path))
def user_list(project: Path) -> None:
    """The accounts of PROJECT."""
    from uprreport.web import accounts

    for u in accounts.listing(project):
        click.echo(f"{u.name}\t{u.role}\t{u.owns}")


@user.command(name="remove")
@click.argument("project", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("name")
def user_remove(project: Path, name: str) -> None:
    """Delete the account NAME (its sessions end at their next request)."""
    from uprreport.web import accounts

    if not accounts.remove(project, name):
        _fail(UsageError(f"there is no account '{name}'", hint="see them with: uprreport user list PROJECT"))
    click.echo(f"{name}: removed")


@main.group()
def translate() -> None:
    """Translate the report: paragraphs out to translators (PO files), translations back in."""


@translate.command(name="export")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--to", "language", required=True, help="the language to translate into: fr es ar ru zh en")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="the PO file to write (default: PROJECT/translations/for-translation-LANG.po)")
def translate_export(project: Path, language: str, out: Path | None) -> None:
    """Write every narrative paragraph, with its id, as a PO file for a translator or CAT tool."""
    api = _library()

    try:
        done = api.translate_export(project, language, out)
    except UprError as exc:
        _fail(exc)
    click.echo(f"wrote {done.path}: {done.paragraphs} paragraphs, {done.translated} translated already, "
               f"{done.stale} changed since translated (marked fuzzy)")


@translate.command(name="import")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("po", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def translate_import(project: Path, po: Path) -> None:
    """Take a translator's PO file into the project (build it with `build --language`)."""
    api = _library()

    try:
        done = api.translate_import(project, po)
    except UprError as exc:
        _fail(exc)
    _render_diagnostics(done.diagnostics, "text")
    click.echo(f"{po.name} into {done.path}: {done.added} added, {done.changed} changed, {done.unchanged} unchanged")
    if any(d.severity is Severity.ERROR for d in done.diagnostics):
        sys.exit(EXIT_ERRORS)


@main.group()
def template() -> None:
    """The Word template a report is built with, for offices to restyle."""


@template.command(name="export")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kind", help="the report kind whose template to write (default: the project's, or national)")
@click.option("--force", is_flag=True, help="replace a template of the same name")
def template_export(target: Path, kind: str | None, force: bool) -> None:
    """Write a kind's Word template into TARGET to restyle in Word.

    \b
    uprreport template export my-report          into my-report/templates/ (builds use it)
    uprreport template export shared --kind joint   into the folder shared/
    """
    api = _library()

    try:
        done = api.template_export(target, kind, force)
    except UprError as exc:
        _fail(exc)
    click.echo(f"wrote {done.path}")
    if done.in_project:
        click.echo("  the project builds with it from now on. Restyle it in Word: change Normal's font once and "
                   "every style follows; keep the {{ body }} paragraph and the {{ ... }} cover fields.")
    else:
        click.echo(f"  to build a project with it, add to its report.yaml:  template: {done.path.as_posix()}"
                   "  (a path from the project folder)")


@main.command()
def codes() -> None:
    """List every diagnostic code with its default severity and meaning."""
    from uprreport.diagnostics import CATALOGUE

    width = max(len(c) for c in CATALOGUE)
    for code, (severity, text) in CATALOGUE.items():
        click.echo(f"{code:<{width}}  {severity.value:<7}  {text}")


if __name__ == "__main__":
    main()
