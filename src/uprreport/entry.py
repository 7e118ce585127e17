"""The `uprreport` command as installed (and `python -m uprreport`).

Two things around the command line (`cli.py`), both about time a drafter waits for:
- Before anything else is imported, a build that will make a PDF starts LibreOffice, which
  takes about 1 s to start against about 0.05 s for click and the command-line module to
  import. The build command asks for the same office again; it is started once (office.py).
- When the command is done, the process ends without tearing the interpreter down: freeing
  every object of a build one by one took 0.03-0.08 s after the work was done. Exit
  handlers still run (the warm office is told to close) and the output is flushed first.
  docs/toolchain.md has the measurements.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["build"] and not {"--no-pdf", "-h", "--help"} & set(args):
        from uprreport import libreoffice, office

        office.warm_up(libreoffice.soffice())
    from uprreport.cli import main as command_line

    try:
        command_line()
    except SystemExit as exc:
        leave(exc.code)
    leave(0)


def leave(code) -> None:
    """End the process with ``code`` as ``sys.exit(code)`` would, skipping the teardown."""
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)   # CPython's; elsewhere exit as usual
    if run_handlers is None:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):   # sys.exit prints a message and exits with 1
        print(code, file=sys.stderr)
        code = 1
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a closed pipe (`uprreport validate | head`)
            pass
    os._exit(code)
