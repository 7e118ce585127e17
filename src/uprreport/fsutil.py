"""Atomic file writes: a reader never sees half a file, a failure leaves the old one.

Files get the mode a file the user saved would get: ``FILE_MODE`` less the user's umask, which
is read once, when this module is first imported (before any thread of a server runs: reading
the umask means setting it, which would race with threads writing files at that moment).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

from uprreport.errors import FileInUse

FILE_MODE = 0o666        # as open() asks for a new file; the user's umask takes off the rest
PRIVATE_MODE = 0o600     # the owner only (keys, registers with password hashes)


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _read_umask()    # once, at import (see above)


@contextlib.contextmanager
def atomic_path(target: Path, mode: int = FILE_MODE):
    """Yield a temporary path beside ``target``; on success it replaces ``target`` at once,
    with ``mode`` less the user's umask (mkstemp's own are owner-only). On Windows only the
    read-only bit of a mode means anything, and the file otherwise inherits its folder's
    permissions. A system error (disk full, no permission) names ``target``, not the
    temporary file."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _named(exc, target) from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, mode & ~UMASK)
        _replace(Path(tmp), target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, FileInUse):
            raise _named(exc, target) from None
        raise


def _named(exc: OSError, target: Path) -> OSError:
    """``exc`` as about ``target``: what the user knows, not the temporary file beside it."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror, str(target))


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


def aside_name(path: Path, tag: str) -> Path:
    """Where ``replace_together`` puts ``path`` aside: ``.NAME.<8 hex digits>.old`` beside it."""
    return path.with_name(f".{path.name}.{tag}.old")


def left_aside(folder: Path, names) -> list[Path]:
    """Files ``replace_together`` set aside for the files ``names`` of ``folder`` and could not
    delete (a viewer held them a moment, on Windows), and nothing else."""
    import re

    wanted = {re.escape(n) for n in names}
    if not wanted:
        return []
    pattern = re.compile(rf"^\.(?:{'|'.join(sorted(wanted))})\.[0-9a-f]{{8}}\.old$")
    return [p for p in folder.glob(".*.old") if pattern.match(p.name)]


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
        moved = aside_name(path, tag)
        try:
            os.replace(path, moved)
        except OSError as exc:
            put_back()
            if isinstance(exc, PermissionError):
                raise _in_use(path, exc) from None
            raise _named(exc, path) from None
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


def cache_folder() -> Path | None:
    """The user's cache folder of uprreport (platformdirs: ~/.cache/uprreport on Linux,
    ~/Library/Caches/uprreport on macOS, %LOCALAPPDATA%\\uprreport\\Cache on Windows), or the one
    UPRREPORT_CACHE names; None when UPRREPORT_CACHE is "off". What is kept there can always
    be made again: pandoc's readings, the charts' pictures."""
    named = os.environ.get("UPRREPORT_CACHE")
    if named:
        return None if named.lower() == "off" else Path(named)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("uprreport", appauthor=False))

