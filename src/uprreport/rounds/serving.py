"""One ``uprreport serve`` per project: an operating-system lock on rounds/serve.lock, held
while a server runs, and rounds/serve.json beside it naming the holder (docs/store.md)."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

LOCK_FILE = "serve.lock"       # in rounds/: held (an operating-system lock) while a serve runs
HOLDER_FILE = "serve.json"     # beside it: who holds it (host, process, port, since when)


@contextlib.contextmanager
def serving(project: Path, host: str = "127.0.0.1", port: int = 8080):
    """Hold the lock that lets one ``uprreport serve`` run per project, for as long as the
    block runs; UsageError naming the holder when another process holds it.

    The lock is the operating system's (filelock: flock on Linux and macOS, LockFileEx on
    Windows): a process that crashes or is killed releases it with its files, so it is never
    left stale; the holder file beside it only says who holds it, and is overwritten by the
    next holder. Where the drive cannot lock files at all, serving goes on with a warning."""
    import json
    import logging
    import os
    import socket

    import filelock

    from uprreport.errors import UsageError
    from uprreport.fsutil import write_text
    from uprreport.rounds import store

    folder = store.folder(project)
    folder.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(folder / LOCK_FILE, thread_local=False, fallback_to_soft=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise UsageError(f"{project} is already being served: {_holder(folder / HOLDER_FILE)}",
                         hint="use the page it serves, or stop that `uprreport serve` (Ctrl+C in its window, or end "
                              "the process named above) and start this one again") from None
    except OSError as exc:   # a drive without file locks (some network shares)
        logging.getLogger("uprreport").warning(
            "cannot lock %s (%s), so a second `uprreport serve` of this project would not be stopped; make sure "
            "only one runs", folder / LOCK_FILE, exc.strerror or exc)
        lock = None
    me = {"host": socket.gethostname(), "pid": os.getpid(), "port": port, "address": host,
          "since": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")}
    try:
        if lock is not None:
            write_text(folder / HOLDER_FILE, json.dumps(me, indent=1) + "\n")
        yield
    finally:
        if lock is not None:
            try:
                (folder / HOLDER_FILE).unlink(missing_ok=True)
            except OSError:
                pass
            lock.release()


def _holder(path: Path) -> str:
    """Who holds the serve lock, in words, from its holder file."""
    import json

    try:
        h = json.loads(path.read_text(encoding="utf-8"))
        return (f"process {int(h['pid'])} on {h['host']}, port {int(h['port'])}, since {h['since']}")
    except (OSError, ValueError, KeyError, TypeError):
        return "by another process (it has not said which yet)"
