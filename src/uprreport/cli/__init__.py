"""The `uprreport` command. Each command is thin: parse options, call `api`, render.

One module per group of commands (project, registers, rounds, collection, translation,
web, tokens); `boundary.py` is the one place where failures are handled.

Exit status:
  0   success
  1   the project has errors, or the command could not do what was asked (nothing changed)
  2   the command was used wrongly (no such folder, not a project, unknown kind or option)
  3   a required program (LibreOffice, pandoc) is missing
  70  uprreport itself failed (a crash report was saved; its path is printed)
  74  a file could not be read or written (open in another program, no permission, disk full)
"""

from __future__ import annotations

import click

from uprreport import __version__
from uprreport.cli import assignment, collection, project, registers, rounds, tokens, translation, web
from uprreport.cli.boundary import (EXIT_CRASH, EXIT_ERRORS, EXIT_IO, EXIT_OK, EXIT_TOOL, EXIT_USAGE,
                                    Boundary)


@click.group(cls=Boundary, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="uprreport")
def main() -> None:
    """Compile Universal Periodic Review reports from many contributions into Word and PDF.

    \b
    Start:     uprreport init my-report --kind national
    Check:     uprreport validate my-report
    Build:     uprreport build my-report
    """


for _module in (project, registers, assignment, rounds, collection, web, tokens, translation):
    for _command in _module.COMMANDS:
        main.add_command(_command)

__all__ = ["main", "EXIT_OK", "EXIT_ERRORS", "EXIT_USAGE", "EXIT_TOOL", "EXIT_CRASH", "EXIT_IO"]

if __name__ == "__main__":
    main()
