"""The cells of a large workbook, kept between runs, so that `validate` and `build` do not
read the same workbook again while it has not changed.

A register of a whole UPR database is an .xlsx of about 6 MB: calamine takes about 0.9 s to
read its 100,000 rows, which every command paid again; kept, they come back in about a tenth
of that (docs/toolchain.md, "What is kept between runs"). Only workbooks of SMALLEST bytes or
more are kept, and only when they were read without a problem to report.

One file per workbook in the user's cache folder (fsutil.cache_folder: UPRREPORT_CACHE names
another folder, or "off"), named by the SHA-256 of the workbook's bytes and of how it was read
(the worksheet asked for, the test that chose it, the options, this Python's version): a
changed cell, another worksheet or another Python misses. The cells are written with marshal
(text, numbers and containers only: nothing in it can run) and compressed by zlib, whose
checksum refuses a damaged file. Whatever goes wrong with the folder or a file is ignored:
the workbook is read again, as without a cache. When a workbook's cells are kept, those kept
before for the same path, read the same way, are removed (a register edited every day leaves one file, not one a
day), and so are any not used for 30 days.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
import zlib
from pathlib import Path

from uprreport.errors import FileInUse
from uprreport.fsutil import atomic_path, cache_folder

SMALLEST = 256 * 1024   # bytes: a smaller workbook is read faster than this file's name is made
DRAWN = 2               # bump when what is kept changes shape


def _file(path: Path, source: bytes, how: str) -> Path | None:
    where = cache_folder()
    if where is None:
        return None
    from uprreport import __version__

    tag = hashlib.sha256(source)   # uprreport's release: a later one may read cells otherwise
    tag.update(f"\0{DRAWN}|{__version__}|{sys.version}|{marshal.version}|{how}".encode("utf-8"))
    return where / "workbooks" / f"{_place(path, how)}-{tag.hexdigest()[:32]}.cells"


def _place(path: Path, how: str) -> str:
    """The workbook's path and how it is read: the part of the name its versions share."""
    return hashlib.sha256(f"{path.resolve()}\0{how}".encode("utf-8", "surrogatepass")).hexdigest()[:12]


def how(sheet: str | None, fits, distinct: bool, formulas: bool) -> str:
    """What, besides the bytes, decides the cells read: the arguments of readers.tables."""
    test = "" if fits is None else f"{getattr(fits, '__module__', '')}.{getattr(fits, '__qualname__', repr(fits))}"
    return f"{sheet!r}|{test}|{distinct}|{formulas}"


CHUNK = 5_000   # rows a record: the cells are written and read a part at a time, never whole


def get(path: Path, how_read: str) -> tuple[tuple | None, list | None, Path | None]:
    """(what was kept with the cells, the rows, the file they are kept in) for the workbook at
    ``path`` read as ``how_read``: the first two are None when nothing is kept, the file is
    None when nothing can be (a small workbook, no cache folder)."""
    if cache_folder() is None:
        return None, None, None
    try:
        if path.stat().st_size < SMALLEST:
            return None, None, None
        source = path.read_bytes()
    except OSError:
        return None, None, None
    file = _file(path, source, how_read)
    if file is None:
        return None, None, None
    try:
        data = memoryview(zlib.decompress(file.read_bytes()))
        records, at = [], 0
        while at < len(data):   # records, each after its length (marshal.load of a stream reads piece by piece)
            size = int.from_bytes(data[at:at + 8], "little")
            records.append(marshal.loads(data[at + 8:at + 8 + size]))
            at += 8 + size
        head, rows = records[0], [row for chunk in records[1:] for row in chunk]
    except (OSError, ValueError, EOFError, TypeError, IndexError, zlib.error):
        return None, None, file
    try:
        os.utime(file)   # used: kept another 30 days
    except OSError:
        pass
    return (head, rows, file) if isinstance(head, tuple) else (None, None, file)


def put(file: Path, head: tuple, rows: list, path: Path | None = None, how_read: str = "") -> None:
    """Keep ``head`` and ``rows`` (text, numbers, lists, tuples, dicts and sets of them) in
    ``file``, compressed a part at a time. Given the workbook's ``path`` (and ``how_read``),
    nothing is kept when the workbook changed since ``get`` named ``file`` (saved meanwhile by
    Excel or a sync client): the cells read may be the new version's."""
    if path is not None:
        try:
            if _file(path, path.read_bytes(), how_read) != file:
                return
        except OSError:
            return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        squeeze = zlib.compressobj(1)
        with atomic_path(file, 0o600) as tmp, open(tmp, "wb") as out:   # the register's text: the user's alone
            for record in [head] + [rows[start:start + CHUNK] for start in range(0, len(rows), CHUNK)]:
                data = marshal.dumps(record)
                out.write(squeeze.compress(len(data).to_bytes(8, "little")))
                out.write(squeeze.compress(data))
            out.write(squeeze.flush())
    except (OSError, ValueError, FileInUse):   # FileInUse: Windows, another process holds the file
        return
    _forget_others(file)


def _forget_others(file: Path) -> None:
    """Remove the cells kept before for the same path, those not used for 30 days, and parts
    of files left a day ago by a process that ended while writing them."""
    month_ago, day_ago = time.time() - 30 * 24 * 3600, time.time() - 24 * 3600
    same_place = file.name.split("-")[0] + "-"
    try:
        for other in file.parent.glob("*.cells"):
            if other != file and (other.name.startswith(same_place) or other.stat().st_mtime < month_ago):
                other.unlink(missing_ok=True)
        for part in file.parent.glob(".*.cells.*.part"):
            if part.stat().st_mtime < day_ago:
                part.unlink(missing_ok=True)
    except OSError:
        pass
