"""Builds in the background, for the workspace's pages: one at a time per project, each in
a folder of its own under the project, ``builds/<when>/`` (the Word file, the PDF, and
``build.json``: who asked, with which options, how it went), so that the history of builds
stays and every one of them can be downloaded again.

A build runs ``api.build`` in a worker thread, and the page asking for it returns at once;
the build's page reads ``build.json`` (and the running build in memory) to say where it
stands. A build recorded as running that no thread of this process runs any more (the
server stopped while it ran) is shown as interrupted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from uprreport.errors import UprError, UsageError

FOLDER = "builds"
RECORD = "build.json"
ID = re.compile(r"^\d{8}T\d{6}Z(?:-\d{1,3})?$")
OUTPUTS = (".docx", ".pdf")


@dataclass
class Build:
    id: str
    by: str
    pdf: bool
    final: bool
    state: str = "running"              # running, done, failed, interrupted
    started: str = ""
    finished: str = ""
    message: str = ""
    outputs: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)   # severity, where, code, message
    words: int | None = None
    word_limit: int | None = None
    pages: int | None = None
    page_limit: int | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _problems(diagnostics) -> list[dict]:
    return [{"severity": d.severity.value, "where": str(d.location), "code": d.code, "message": d.message}
            for d in diagnostics]


class Builder:
    """The builds of the projects one server runs. ``build``: the function that builds
    (``api.build``'s arguments), replaced in tests; ``lock(path)``: the project's build lock,
    which the closing of a comment round takes too (they write the same files)."""

    def __init__(self, lock: Callable[[Path], threading.Lock], build: Callable | None = None):
        self._lock = lock
        self._build = build
        self._running: dict[Path, Build] = {}
        self._threads: dict[Path, threading.Thread] = {}

    def start(self, path: Path, by: str, pdf: bool, final: bool,
              finished: Callable[[Build], None] | None = None) -> Build:
        """Start a build of the project at ``path``; UsageError when one is running."""
        path = Path(path).resolve()
        lock = self._lock(path)
        if not lock.acquire(blocking=False):
            raise UsageError("a build of this project (or the closing of its comment round) is running; wait for "
                             "it to finish",
                             hint="its page shows when it is done")
        try:
            now = _now()
            folder = path / FOLDER
            stamp = now.strftime("%Y%m%dT%H%M%SZ")
            name, n = stamp, 1
            while (folder / name).exists():
                n += 1
                name = f"{stamp}-{n}"
            (folder / name).mkdir(parents=True)
            b = Build(name, by, pdf, final, started=now.isoformat(timespec="seconds"))
            self._save(path, b)
            self._running[path] = b
            t = threading.Thread(target=self._run, args=(path, b, lock, finished), daemon=True,
                                 name=f"uprreport-build-{path.name}")
            self._threads[path] = t
            t.start()
        except BaseException:
            self._running.pop(path, None)
            lock.release()
            raise
        return b

    def _run(self, path: Path, b: Build, lock: threading.Lock, finished) -> None:
        try:
            build = self._build
            if build is None:
                from uprreport import api

                build = api.build
            try:
                r = build(path, path / FOLDER / b.id, pdf=b.pdf, draft=not b.final, final=b.final)
            except UprError as exc:
                b.state, b.message = "failed", str(exc) + (f" ({exc.hint})" if exc.hint else "")
                b.problems = _problems(getattr(exc, "diagnostics", None) or [])
            except Exception as exc:   # noqa: BLE001 - a fault of uprreport: kept in a crash report
                from uprreport import crashes
                from uprreport.errors import from_os_error

                said = from_os_error(exc) if isinstance(exc, OSError) else None
                b.state = "failed"
                if said is not None:   # a file in use, a full disk: said as the command line says it
                    b.message = str(said) + (f" ({said.hint})" if said.hint else "")
                else:
                    saved = crashes.save(exc, context=f"build of {path}")
                    b.message = ("the build failed because of a fault in uprreport, not of the project; the "
                                 f"details were saved in {saved}" if saved else
                                 "the build failed because of a fault in uprreport")
            else:
                b.state = "done"
                b.outputs = [p.name for p in r.outputs]
                b.problems = _problems([d for d in r.report.sorted() if d.severity.value != "info"])
                b.words = r.words.total if r.words else None
                b.word_limit, b.pages, b.page_limit = r.word_limit, r.pages, r.page_limit
                b.message = f"built in {r.seconds:.1f} s"
            b.finished = _now().isoformat(timespec="seconds")
            self._save(path, b)
        finally:
            self._running.pop(path, None)
            lock.release()
        if finished is not None:
            finished(b)

    def wait(self, path: Path, timeout: float | None = None) -> None:
        """Until the project's running build is over (for tests and a stopping server)."""
        t = self._threads.get(Path(path).resolve())
        if t is not None:
            t.join(timeout)

    @staticmethod
    def _save(path: Path, b: Build) -> None:
        from uprreport.fsutil import write_text

        write_text(path / FOLDER / b.id / RECORD, json.dumps(asdict(b), indent=1, ensure_ascii=False) + "\n")

    def running(self, path: Path) -> Build | None:
        return self._running.get(Path(path).resolve())

    def get(self, path: Path, build_id: str) -> Build | None:
        """The build ``build_id`` of the project (None: no such build; a name that is not a
        build's is none)."""
        if not isinstance(build_id, str) or not ID.match(build_id):
            return None
        path = Path(path).resolve()
        live = self._running.get(path)
        if live is not None and live.id == build_id:
            return live
        record = path / FOLDER / build_id / RECORD
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            b = Build(**{k: v for k, v in data.items() if k in Build.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            return None
        if b.running:   # recorded as running, run by no thread here: the server stopped meanwhile
            b.state, b.message = "interrupted", "the server stopped while it ran; nothing of it was kept"
        return b

    def history(self, path: Path, most: int = 50) -> list[Build]:
        """The project's builds, newest first."""
        folder = Path(path).resolve() / FOLDER
        ids = sorted((p.name for p in folder.iterdir() if p.is_dir() and ID.match(p.name)), reverse=True) \
            if folder.is_dir() else []
        return [b for b in (self.get(path, i) for i in ids[:most]) if b is not None]

    def file(self, path: Path, build_id: str, name: str) -> Path | None:
        """The output ``name`` of build ``build_id``, if that build made it."""
        b = self.get(path, build_id)
        if b is None or b.running or name not in b.outputs or Path(name).suffix not in OUTPUTS:
            return None
        found = Path(path).resolve() / FOLDER / build_id / name
        return found if found.is_file() else None
