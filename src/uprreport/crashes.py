"""Crash reports: what an unexpected error leaves behind for whoever fixes it.

An unexpected error is a fault of uprreport, never of the user's files; the user sees one
short paragraph and the path of a report to send (as Sphinx saves its tracebacks), never
the traceback itself. The report goes into the user's log folder (platformdirs:
``~/.local/state/uprreport/log`` on Linux, ``%LOCALAPPDATA%\\uprreport\\Logs`` on Windows,
``~/Library/Logs/uprreport`` on macOS), or the temporary folder when that cannot be written.
``UPRREPORT_DEBUG=1`` lets the traceback through instead, for developers.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

EXIT_CRASH = 70   # sysexits.h's EX_SOFTWARE: an internal software error


def debugging() -> bool:
    """Whether the developer asked to see tracebacks (UPRREPORT_DEBUG=1)."""
    return os.environ.get("UPRREPORT_DEBUG", "") not in ("", "0")


def _folders() -> list[Path]:
    try:
        from platformdirs import user_log_path

        return [user_log_path("uprreport", appauthor=False), Path(tempfile.gettempdir())]
    except Exception:   # noqa: BLE001 - the report must still be written somewhere
        return [Path(tempfile.gettempdir())]


def save(exc: BaseException, context: str = "") -> Path | None:
    """Write ``exc``'s traceback, the command and the versions into a new report file;
    return its path, or None when no folder could be written."""
    from uprreport import __version__

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")   # two faults in one second: two reports
    text = "\n".join([
        f"uprreport {__version__} crash report, {dt.datetime.now().isoformat(timespec='seconds')}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        f"command: {' '.join(sys.argv) if not context else context}",
        "",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    ])
    for folder in _folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"uprreport-crash-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def message(exc: BaseException, path: Path | None) -> str:
    """What the user reads about a crash: what broke, whose fault it is, what to send."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if len(what) > 200:
        what = what[:200] + "…"
    where = (f"The details are saved in {path}; please send that file to whoever looks after uprreport "
             "for you, or attach it to a new issue in uprreport's repository."
             if path else "No report could be saved (the log and temporary folders cannot be written); "
                          "run the command again with UPRREPORT_DEBUG=1 to see the details.")
    return (f"uprreport stopped on an unexpected error ({what}). This is a fault in uprreport, not in "
            f"your files. {where}")
