"""A LibreOffice kept running between conversions, so that a build's two to four
conversions, and the next builds' under ``build --watch`` or ``serve``, do not each start
LibreOffice (about 1.5 s every time; docs/toolchain.md).

LibreOffice's own listener does the work: office_worker.py, run by a Python that can
``import uno`` (LibreOffice's own on Windows and macOS, the system's with python3-uno on
Linux), starts a private headless LibreOffice (its own profile in a temporary folder)
listening on a named pipe only this process knows, and converts one document per request.
(unoserver does the same over XML-RPC, but waits in steps of 2 s while LibreOffice starts,
which made a single build slower than starting LibreOffice cold.) One office per process, one
conversion at a time (a lock); each document is loaded, exported and closed, so documents of
different projects never meet. A conversion that outlasts its timeout, or an office that
died, is ended and the next conversion starts a new one. Without a Python that has uno, or
when the office cannot start, ``convert`` returns False and the caller converts cold
(libreoffice.convert), as before. UPRREPORT_WARM=0 turns the warm office off.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import queue
import secrets
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

START_TIMEOUT = 60       # seconds for the office to answer after starting
# Where LibreOffice's installers put a Python that has uno (Windows, macOS), then the system's.
PYTHONS = [r"C:\Program Files\LibreOffice\program\python.exe",
           r"C:\Program Files (x86)\LibreOffice\program\python.exe",
           "/Applications/LibreOffice.app/Contents/Resources/python",
           "/usr/bin/python3", "/usr/local/bin/python3"]

_lock = threading.Lock()
_office: "Office | None" = None
_broken = False          # the office could not be started in this process: do not try again
_python: str | None = None   # the Python whose worker started, once one has
_registered: list[bool] = []   # the exit handler, once per process


def candidates() -> list[str]:
    """The Pythons that may have uno: UPRREPORT_UNO_PYTHON alone when set, else the usual places."""
    named = os.environ.get("UPRREPORT_UNO_PYTHON")
    return [named] if named else [p for p in PYTHONS if Path(p).is_file()]


@functools.cache
def uno_python() -> str | None:
    """The first candidate that can ``import uno`` (a check of its own, for tests and
    diagnosis: starting the office needs none, the worker says when it has no uno)."""
    for exe in candidates():
        try:
            if subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0:
                return exe
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


class NoUno(RuntimeError):
    """The worker's Python has no ``uno`` module."""


class Office:
    """One running LibreOffice, driven through office_worker.py."""

    def __init__(self, soffice: str, python: str):
        self.soffice, self.python = soffice, python
        self.work = Path(tempfile.mkdtemp(prefix="uprreport-office-"))
        self.proc: subprocess.Popen | None = None
        self.office_pid: int | None = None
        self.answers: queue.Queue = queue.Queue()

    def start(self) -> None:
        worker = Path(__file__).with_name("office_worker.py")
        pipe = f"uprreport-{os.getpid()}-{secrets.token_hex(6)}"
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env["HOME"] = str(self.work)
        with open(self.work / "worker.log", "wb") as log:   # the worker keeps its own handle
            self.proc = subprocess.Popen([self.python, str(worker), self.soffice, str(self.work / "profile"), pipe],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env,
                                         text=True, encoding="utf-8", bufsize=1)
        threading.Thread(target=self._read, daemon=True).start()
        first = self._answer(START_TIMEOUT)
        if first.get("no_uno"):
            raise NoUno(first.get("error", "no uno"))
        if not first.get("ready"):
            raise RuntimeError(first.get("error", "LibreOffice did not start"))
        self.office_pid = first.get("pid")

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self.answers.put(json.loads(line))
            except ValueError:
                continue
        self.answers.put({"ok": False, "error": "the office stopped", "gone": True})

    def _answer(self, timeout: float) -> dict:
        try:
            return self.answers.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"LibreOffice took longer than {timeout:.0f} s") from None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def convert(self, src: Path, out: Path, filter_name: str, timeout: float) -> None:
        """Convert ``src`` into ``out``; raises on any failure (TimeoutError when it hangs)."""
        self.proc.stdin.write(json.dumps({"src": str(src), "out": str(out), "filter": filter_name}) + "\n")
        self.proc.stdin.flush()
        answer = self._answer(timeout)
        if answer.get("gone"):
            self.proc.wait(timeout=15)   # the worker ends when LibreOffice is gone
        if not answer.get("ok"):
            raise RuntimeError(answer.get("error", "conversion failed"))
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError("the office wrote nothing")

    def stop(self, wait: bool = True) -> None:
        """Close LibreOffice (the worker does, when its input ends, then removes its folder), or
        end both. ``wait=False``: only tell the worker to end (a process that is exiting need
        not wait for LibreOffice to close)."""
        if not wait and self.alive():
            try:
                self.proc.stdin.close()
                return
            except OSError:
                pass
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.office_pid:   # whatever became of the worker, LibreOffice must not outlive it
            _end(self.office_pid)
        shutil.rmtree(self.work, ignore_errors=True)


def _end(pid: int) -> None:
    """End LibreOffice's process group (its launcher and soffice.bin) started by the worker."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(pid)], capture_output=True)
        return
    import signal

    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def enabled() -> bool:
    return os.environ.get("UPRREPORT_WARM", "1") != "0" and not _broken


def _ensure(soffice: str) -> "Office | None":
    """This process's office, started if need be (call with _lock held); None when it cannot be."""
    global _office, _broken, _python
    if _office is not None and _office.alive():
        return _office
    if _office is not None:
        _office.stop()
        _office = None
    if not _registered:
        atexit.register(_at_exit)
        _registered.append(True)
    # No separate check that a Python has uno (a process of its own before LibreOffice could
    # start): the worker says so, and the next candidate is tried.
    for python in [_python] if _python else candidates():
        office = Office(soffice, python)
        try:
            office.start()
        except NoUno:
            office.stop()
            continue
        except Exception:
            office.stop()
            break
        _python, _office = python, office
        return office
    _broken = True
    return None


def warm_up(soffice: str | None) -> None:
    """Start the office in the background now, so that it is ready when the first conversion
    comes (``build`` calls this before it reads the project when it will make a PDF)."""
    if soffice is None or not enabled() or (_office is not None and _office.alive()):
        return

    def start() -> None:
        with _lock:
            if enabled():   # a start asked for twice (entry.py, then api.build) is tried once
                _ensure(soffice)

    threading.Thread(target=start, name="uprreport-office", daemon=True).start()


def convert(soffice: str, src: Path, out: Path, filter_name: str, timeout: int) -> bool:
    """Convert through the warm office; False when there is none (the caller goes cold)."""
    global _office
    if not enabled():
        return False
    with _lock:
        for _attempt in (1, 2):
            office = _ensure(soffice)
            if office is None:
                return False
            try:
                office.convert(Path(src).resolve(), Path(out).resolve(), filter_name, timeout)
                return True
            except Exception as exc:
                if office.alive() and not isinstance(exc, TimeoutError):
                    return False   # the office is well, the document is not: the cold path says why
                office.stop()      # dead, or hung past the timeout: a new one, once
                _office = None
        return False


def shutdown(wait: bool = True) -> None:
    """Stop this process's office, if one runs."""
    global _office
    with _lock:
        if _office is not None:
            _office.stop(wait)
            _office = None


def _at_exit() -> None:
    # On POSIX the worker closes LibreOffice and removes its folder after we are gone; on
    # Windows its open files would keep the folder, so wait there.
    shutdown(wait=os.name == "nt")
