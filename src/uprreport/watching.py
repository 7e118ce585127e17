"""``build --watch``: build, then build again each time a file of the project is saved.

Changes are seen by watchfiles (the operating system's file events: inotify, FSEvents,
ReadDirectoryChangesW), gathered for a moment so that one save of several files is one
rebuild. What the build writes, and what Word and LibreOffice write beside an open
document (lock files), is not watched. The process stays up, so each rebuild reuses what
is already loaded: Python's imports, pandoc's reading of every Markdown body that did not
change (readers/markdown.py), and, with the PDF, the LibreOffice kept running (office.py).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# Folders a build writes or that hold no input of the build.
NOT_INPUT = {"build", "rounds", "requests", "returns", ".history", ".git", "__pycache__", "node_modules"}


def is_input(path: Path, root: Path, out_dir: Path) -> bool:
    """Whether a change to ``path`` can change the report."""
    try:
        rel = path.resolve().relative_to(root)
    except ValueError:
        return False
    if out_dir in path.resolve().parents:
        return False
    parts = rel.parts
    if not parts or parts[0] in NOT_INPUT or any(p.startswith(".") for p in parts):
        return False
    name = parts[-1]
    # Word's owner files (~$report.docx), LibreOffice's lock files (.~lock.x#), editors' backups
    return not (name.startswith("~$") or name.endswith(("~", ".tmp", ".part", ".swp", "#")))


@dataclass
class Rebuild:
    """One build of the watch: what changed, what it made, or why it failed."""

    changed: list[str] = field(default_factory=list)
    result: object | None = None      # api.BuildResult
    error: Exception | None = None
    seconds: float = 0.0
    crash_report: Path | None = None  # where an unexpected error's details were saved

    @property
    def message(self) -> str:
        """What went wrong, as the user reads it."""
        from uprreport import crashes
        from uprreport.errors import UprError

        if self.error is None or isinstance(self.error, UprError):
            return str(self.error or "")
        return crashes.message(self.error, self.crash_report)


def watch(root: Path, build: Callable[[], object], emit: Callable[[Rebuild], None],
          out_dir: Path | None = None, stop: threading.Event | None = None, debounce_ms: int = 200) -> None:
    """Run ``build`` now and after each change of an input file under ``root``, passing each
    outcome to ``emit``, until ``stop`` is set or the user interrupts."""
    import watchfiles

    from uprreport import crashes
    from uprreport.errors import UprError, from_os_error

    root = Path(root).resolve()
    out = Path(out_dir).resolve() if out_dir else root / "build"

    def once(changed: list[str]) -> None:
        started = time.perf_counter()
        outcome = Rebuild(changed=changed)
        try:
            outcome.result = build()
        except UprError as exc:   # the project has errors: say so and keep watching
            outcome.error = exc
        except OSError as exc:    # a file open elsewhere, a share gone: say so and keep watching
            outcome.error = from_os_error(exc) or exc
            if outcome.error is exc:
                outcome.crash_report = crashes.save(exc)
        except Exception as exc:  # noqa: BLE001 - a fault of uprreport: report it, keep watching
            if crashes.debugging():
                raise
            outcome.error = exc
            outcome.crash_report = crashes.save(exc)
        outcome.seconds = time.perf_counter() - started
        emit(outcome)

    once([])
    for changes in watchfiles.watch(root, watch_filter=lambda _change, path: is_input(Path(path), root, out),
                                    debounce=debounce_ms, step=50, stop_event=stop, raise_interrupt=False,
                                    rust_timeout=500, yield_on_timeout=False):
        changed = sorted({Path(p).resolve().relative_to(root).as_posix() for _c, p in changes})
        once(changed)
