"""The command line's one error boundary: how every failure reaches the user.

Commands raise; this group handles, as click does with its own exceptions:
- ``UprError`` (something the user can fix): its diagnostics, one line saying what went
  wrong, a hint, and its exit code;
- an ``OSError`` naming a file (open in another program, no permission, disk full): the
  file and the system's reason, exit 74;
- anything else is a fault of uprreport: a short message and the path of a crash report
  (crashes.py), exit 70. ``UPRREPORT_DEBUG=1`` shows the traceback instead.
Warnings the library logs on the "uprreport" logger (a journal mode that fell back, a
LibreOffice that would not start) are printed as notes on standard error.
"""

from __future__ import annotations

import logging

import click

from uprreport import crashes
from uprreport.errors import FileInUse, UprError, from_os_error

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_TOOL = 0, 1, 2, 3
EXIT_CRASH = crashes.EXIT_CRASH   # 70
EXIT_IO = FileInUse.exit_code    # 74, sysexits.h's EX_IOERR: a file could not be read or written

FORMAT = "uprreport.format"       # ctx.meta key: the --format the command was given


def remember_format(ctx: click.Context, _param, value):
    """--format's callback: errors are then rendered in that format too."""
    ctx.meta[FORMAT] = value
    return value


def format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, callback=remember_format, is_eager=True,
                        help="text for people, json for other programs")(f)


class _Notes(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        from uprreport.cli.output import visible

        click.echo(click.style("note: ", fg="cyan", bold=True) + visible(record.getMessage()), err=True)


def _listen_for_notes() -> None:
    log = logging.getLogger("uprreport")
    if not any(isinstance(h, _Notes) for h in log.handlers):
        log.addHandler(_Notes(logging.WARNING))
        log.setLevel(logging.INFO)
        log.propagate = False


def report(exc: UprError, fmt: str = "text") -> None:
    """Print an expected failure: its diagnostics, what went wrong and what to do."""
    from uprreport.cli.output import render_diagnostics, summary, visible

    if exc.diagnostics:
        render_diagnostics(exc.diagnostics, fmt)
        if fmt != "json":
            click.echo(summary(exc.diagnostics), err=True)
    click.echo(click.style("error: ", fg="red", bold=True) + visible(exc), err=True)
    if exc.hint:
        click.echo(f"  hint: {visible(exc.hint)}", err=True)


class Boundary(click.Group):
    """The top-level group: every command runs inside its error handling."""

    def invoke(self, ctx: click.Context):
        _listen_for_notes()
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                KeyboardInterrupt, SystemExit):
            raise
        except UprError as exc:
            report(exc, ctx.meta.get(FORMAT, "text"))
            ctx.exit(exc.exit_code)
        except BrokenPipeError:   # `uprreport validate | head`: the reader has gone, nothing to say
            ctx.exit(EXIT_ERRORS)
        except OSError as exc:
            error = from_os_error(exc)
            if error is None or crashes.debugging():
                raise self._crash(ctx, exc) from exc
            report(error, ctx.meta.get(FORMAT, "text"))
            ctx.exit(error.exit_code)
        except Exception as exc:   # noqa: BLE001 - the one place where anything else is caught
            raise self._crash(ctx, exc) from exc

    @staticmethod
    def _crash(ctx: click.Context, exc: BaseException) -> click.exceptions.Exit:
        if crashes.debugging():
            raise exc
        path = crashes.save(exc)
        click.echo(click.style("error: ", fg="red", bold=True) + crashes.message(exc, path), err=True)
        return click.exceptions.Exit(EXIT_CRASH)
