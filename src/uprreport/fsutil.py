"""Atomic file writes: a reader never sees half a file, a failure leaves the old one.

Files get their mode set explicitly (``FILE_MODE``: what a file a user saves gets under the
usual umask of 022), never by reading the process's umask: reading it means setting it, which
races with other threads of a server writing files at the same moment.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

from uprreport.errors import FileInUse

FILE_MODE = 0o644        # owner writes, everyone reads, as a saved document
PRIVATE_MODE = 0o600     # the owner only (keys, registers with password hashes)


@contextlib.contextmanager
def atomic_path(target: Path, mode: int = FILE_MODE):
    """Yield a temporary path beside ``target``; on success it replaces ``target`` at once,
    with ``mode`` (mkstemp's own are owner-only). On Windows only the read-only bit of a
    mode means anything, and the file otherwise inherits its folder's permissions."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, mode)
        _replace(Path(tmp), target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(target: Path, content: str, mode: int = FILE_MODE) -> None:
    with atomic_path(target, mode) as tmp:
        tmp.write_text(content, encoding="utf-8")


def _in_use(target: Path, exc: OSError) -> FileInUse:
    return FileInUse(f"{target} is open in another program (Word, Excel, Acrobat or a viewer), so it could "
                     f"not be replaced ({exc.strerror or type(exc).__name__}); nothing was replaced",
                     hint=f"close {target.name} there and run the command again", path=target)


def _replace(source: Path, target: Path) -> None:
    """``os.replace``; a target another program holds open (Windows) is a FileInUse error."""
    try:
        os.replace(source, target)
    except PermissionError as exc:
        raise _in_use(target, exc) from None


def replace_together(moves: list[tuple[Path, Path]], remove: list[Path] = ()) -> list[Path]:
    """Move each staged file onto its target and delete ``remove``: all of it, or none.

    Each existing target (and each file to remove) is first renamed aside in its own
    folder. On Windows that rename is what fails when Word or Acrobat holds the file open,
    and it fails before anything was replaced, so nothing is; the names set aside are then
    put back. Once every target is free, the staged files move in (a rename within one
    folder or volume) and the set-aside files are deleted. Returns the targets."""
    aside: list[tuple[Path, Path]] = []   # (original, set-aside name)
    tag = uuid.uuid4().hex[:8]

    def put_back() -> None:
        for original, moved in reversed(aside):
            with contextlib.suppress(OSError):
                os.replace(moved, original)

    for path in [t for _s, t in moves] + list(remove):
        path = Path(path)
        if not path.exists():
            continue
        moved = path.with_name(f".{path.name}.{tag}.old")
        try:
            os.replace(path, moved)
        except PermissionError as exc:
            put_back()
            raise _in_use(path, exc) from None
        aside.append((path, moved))
    done: list[Path] = []
    try:
        for source, target in moves:
            os.replace(source, target)
            done.append(Path(target))
    except BaseException:
        for target in done:
            with contextlib.suppress(OSError):
                os.unlink(target)
        put_back()
        raise
    for _original, moved in aside:
        with contextlib.suppress(OSError):   # a viewer that only reads it may keep it a moment (Windows)
            os.unlink(moved)
    return done
