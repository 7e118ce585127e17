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
different projects never meet.

When things go wrong:
- Without a Python that has uno, ``convert`` returns False and the caller converts cold
  (libreoffice.convert), for the rest of the process.
- A start that fails (LibreOffice exits, or does not answer within START_TIMEOUT) is logged
  as a warning on the "uprreport" logger with what LibreOffice printed (kept in the office's
  folder until it is read), and the build converts cold. The next build (``warm_up``) tries
  again: at most one failed start per build.
- A conversion that outlasts its timeout is ended (the worker and LibreOffice's whole
  process group) and raises ``Hung``, which fails the build; it is not tried again, and the
  lock is released at once. The next conversion starts a new office.
- An office that died is replaced, once per conversion.
UPRREPORT_WARM=0 turns the warm office off.
"""

from __future__ import annotations

import atexit
import functools
import json
import logging
import os
import queue
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 60       # seconds for the office to answer after starting
WORKER = Path(__file__).with_name("office_worker.py")
# Where LibreOffice's installers put a Python that has uno (Windows, macOS), then the system's.
PYTHONS = [r"C:\Program Files\LibreOffice\program\python.exe",
           r"C:\Program Files (x86)\LibreOffice\program\python.exe",
           "/Applications/LibreOffice.app/Contents/Resources/python",
           "/usr/bin/python3", "/usr/local/bin/python3"]

log = logging.getLogger("uprreport")


@dataclass
class Failure:
    """A start of the office that failed: what happened, with what LibreOffice printed."""

    message: str
    reported: bool = False   # logged by a conversion; the next build's warm_up may try again


_lock = threading.Lock()
_office: "Office | None" = None
_no_uno = False          # no candidate Python has uno: conversions go cold for the process's life
_failure: Failure | None = None   # the last start, when it failed
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


class StartFailed(RuntimeError):
    """The office did not start; the message says how, with what LibreOffice printed."""


class Hung(TimeoutError):
    """A conversion outlasted its timeout; the office was ended."""

    def __init__(self, timeout: float):
        super().__init__(f"LibreOffice took longer than {timeout:g} s")
        self.timeout = timeout


class Office:
    """One running LibreOffice, driven through office_worker.py."""

    def __init__(self, soffice: str, python: str):
        self.soffice, self.python = soffice, python
        self.work = Path(tempfile.mkdtemp(prefix="uprreport-office-"))
        self.proc: subprocess.Popen | None = None
        self.office_pid: int | None = None   # LibreOffice's launcher, leader of its process group
        self.answers: queue.Queue = queue.Queue()

    def start(self) -> None:
        """Start the worker and wait until its LibreOffice answers; raise NoUno or StartFailed."""
        pipe = f"uprreport-{os.getpid()}-{secrets.token_hex(6)}"
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env["HOME"] = str(self.work)
        try:
            with open(self.work / "worker.log", "wb") as errors:   # the worker keeps its own handle
                self.proc = subprocess.Popen(
                    [self.python, str(WORKER), self.soffice, str(self.work / "profile"), pipe, str(START_TIMEOUT),
                     str(seed_profile(self.soffice) or "")],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, env=env,
                    text=True, encoding="utf-8", bufsize=1)
        except OSError as exc:
            raise StartFailed(f"{self.python}, the Python that drives it, could not be run "
                              f"({exc.strerror or exc})") from None
        threading.Thread(target=self._read, daemon=True).start()
        # The worker's own limit comes first; this one only catches a worker that hangs.
        deadline = time.monotonic() + START_TIMEOUT + 10
        while True:
            try:
                first = self._answer(max(deadline - time.monotonic(), 0.0))
            except TimeoutError:
                raise StartFailed(self._with_output(
                    f"it did not answer within {START_TIMEOUT:g} s of starting")) from None
            if "started" not in first:
                break
            self.office_pid = first["started"]
        if first.get("no_uno"):
            raise NoUno(first.get("error", "no uno"))
        if not first.get("ready"):
            what = first.get("error", "it did not start")
            if first.get("gone"):   # the worker ended without a word
                try:
                    code = self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    code = None
                what = f"the program that drives it ({WORKER.name}, run by {self.python}) ended with exit status {code}"
            raise StartFailed(self._with_output(what))
        self.office_pid = first.get("pid", self.office_pid)

    def printed(self) -> str:
        """What LibreOffice printed (office.log), and the worker if it printed anything
        (worker.log: a Python error), their last lines."""
        parts = []
        for name, who in (("office.log", "it printed"), ("worker.log", "the Python driving it printed")):
            try:
                text = (self.work / name).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if lines:
                said = " / ".join(lines[-6:])
                parts.append(f"{who}: {said if len(said) <= 600 else '...' + said[-600:]}")
        return "; ".join(parts)

    def _with_output(self, message: str) -> str:
        said = self.printed()
        return f"{message}; {said}" if said else f"{message}, printing nothing"

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self.answers.put(json.loads(line))
            except ValueError:
                continue
        self.answers.put({"ok": False, "error": "the office stopped", "gone": True})
        self.proc.stdout.close()

    def _answer(self, timeout: float) -> dict:
        try:
            return self.answers.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"LibreOffice took longer than {timeout:g} s") from None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def convert(self, src: Path, out: Path, filter_name: str, timeout: float) -> None:
        """Convert ``src`` into ``out``; raises Hung when it outlasts ``timeout`` (the office is
        then left as it is: the caller ends it), RuntimeError on any other failure."""
        try:
            self.proc.stdin.write(json.dumps({"src": str(src), "out": str(out), "filter": filter_name}) + "\n")
            self.proc.stdin.flush()
        except OSError:   # the worker is gone
            raise RuntimeError("the office stopped") from None
        try:
            answer = self._answer(timeout)
        except TimeoutError:
            raise Hung(timeout) from None
        if answer.get("gone"):
            try:
                self.proc.wait(timeout=15)   # the worker ends when LibreOffice is gone
            except subprocess.TimeoutExpired:
                pass
        if not answer.get("ok"):
            raise RuntimeError(answer.get("error", "conversion failed"))
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError("the office wrote nothing")

    def kill(self) -> None:
        """End LibreOffice's process group and the worker at once (a conversion hung), and
        remove the office's folder."""
        if self.office_pid:
            end_group(self.office_pid)
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            self._close_input()
        shutil.rmtree(self.work, ignore_errors=True)

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
        if self.proc is not None:
            self._close_input()
        # A worker that ended well has closed LibreOffice; otherwise it must not outlive it.
        if self.office_pid and (self.proc is None or self.proc.returncode != 0):
            end_group(self.office_pid)
        shutil.rmtree(self.work, ignore_errors=True)

    def _close_input(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass


def seed_profile(soffice: str) -> Path | None:
    """Where the profile a first office made is kept for the next ones (office_worker.py
    copies it there once, after LibreOffice closed cleanly, and copies it for each new office
    before LibreOffice starts): in the user's cache folder, one a LibreOffice (its program's
    path, size and time), or None when nothing is kept (docs/toolchain.md)."""
    from uprreport.fsutil import cache_folder

    where = cache_folder()
    if where is None:
        return None
    try:
        real = os.path.realpath(soffice)
        st = os.stat(real)
        identity = f"{real}|{st.st_size}|{st.st_mtime_ns}"
    except OSError:
        identity = soffice
    import hashlib

    return where / f"libreoffice-profile-{hashlib.sha256(identity.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


def end_group(pid: int) -> None:
    """End the process group led by ``pid`` (LibreOffice's launcher and soffice.bin), or on
    Windows the tree of processes under it."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(pid)], capture_output=True)
        return
    import signal

    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def enabled() -> bool:
    return os.environ.get("UPRREPORT_WARM", "1") != "0" and not _no_uno


def _ensure(soffice: str) -> "Office | None":
    """This process's office, started if need be (call with _lock held); None when there is
    none: no Python has uno, or this build's start failed (``_failure`` says why)."""
    global _office, _no_uno, _python, _failure
    if _office is not None and _office.alive():
        return _office
    if _office is not None:
        _office.stop()
        _office = None
    if _failure is not None:   # tried in this build already: warm_up tries again in the next
        return None
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
        except StartFailed as exc:
            office.stop()
            seed = seed_profile(soffice)
            if seed is not None:   # if the kept profile is at fault, the next start makes a new one
                shutil.rmtree(seed, ignore_errors=True)
            _failure = Failure(f"LibreOffice ({soffice}) did not start to stay running: {exc}")
            return None
        except BaseException:
            office.stop()
            raise
        _python, _office = python, office
        return office
    _no_uno = True
    log.info("no Python with LibreOffice's uno module (%s): each conversion starts LibreOffice",
             ", ".join(candidates()) or "none found")
    return None


def _report() -> None:
    """Log the failed start once, as the build that meets it converts cold."""
    if _failure is not None and not _failure.reported:
        _failure.reported = True
        log.warning("%s. This build starts LibreOffice for each conversion instead (slower); the next "
                    "build tries again (UPRREPORT_WARM=0 stops trying).", _failure.message)


def warm_up(soffice: str | None) -> threading.Thread | None:
    """Start the office in the background now, so that it is ready when the first conversion
    comes (``build`` calls this before it reads the project when it will make a PDF). A start
    that failed in an earlier build, once reported, is tried again; one that failed in this
    build (the installed command asks first, then ``build``) is not. Returns the thread."""
    global _failure
    if soffice is None or not enabled() or (_office is not None and _office.alive()):
        return None
    if _failure is not None:
        if not _failure.reported:
            return None
        _failure = None

    def start() -> None:
        with _lock:
            if enabled():   # a start asked for twice (entry.py, then api.build) is tried once
                _ensure(soffice)

    thread = threading.Thread(target=start, name="uprreport-office", daemon=True)
    thread.start()
    return thread


def convert(soffice: str, src: Path, out: Path, filter_name: str, timeout: float) -> bool:
    """Convert through the warm office; False when there is none (the caller goes cold).
    Raises Hung, having ended the office, when the conversion outlasts ``timeout``."""
    global _office
    if not enabled():
        return False
    src, out = Path(src).resolve(), Path(out).resolve()
    with _lock:
        for _attempt in (1, 2):
            office = _ensure(soffice)
            if office is None:
                _report()
                return False
            try:
                office.convert(src, out, filter_name, timeout)
                return True
            except Hung:
                office.kill()   # not tried again: the build fails, the next one gets a new office
                _office = None
                raise
            except RuntimeError:
                if office.alive():
                    return False   # the office is well, the document is not: the cold path says why
                office.stop()      # LibreOffice died: a new one, once
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
