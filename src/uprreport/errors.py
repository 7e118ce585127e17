"""Exceptions for the few cases where uprreport cannot go on."""

from __future__ import annotations

import errno


class UprError(Exception):
    """A failure the user can fix; ``hint`` says how. Carries diagnostics when it has them."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "", diagnostics=None):
        super().__init__(message)
        self.hint = hint
        self.diagnostics = list(diagnostics or [])


class UsageError(UprError):
    """The command was called wrongly (bad path, unknown kind): exit status 2."""

    exit_code = 2


class ToolMissing(UprError):
    """An external program (LibreOffice) is not installed."""

    exit_code = 3


class FileInUse(UprError):
    """A file could not be replaced or written because another program holds it (Word,
    Excel or Acrobat on Windows), or the system refused it: exit status 74 (EX_IOERR)."""

    exit_code = 74

    def __init__(self, message: str, hint: str = "", diagnostics=None, path=None):
        super().__init__(message, hint, diagnostics)
        self.path = path


# What the system says when the disk, not uprreport, is the trouble: full, over quota,
# read-only, failing. Such an error often names no file (a write() that ran out of space).
DISK = {getattr(errno, n) for n in ("ENOSPC", "EDQUOT", "EROFS", "EIO") if hasattr(errno, n)}
DOCUMENTS = (".docx", ".doc", ".xlsx", ".xls", ".pdf", ".odt", ".csv", ".rtf")


def from_os_error(exc: OSError) -> "FileInUse | None":
    """An OSError about a file (or the disk), as the user reads it (exit 74); None when it
    names no file and is not the disk's: then it is a fault of uprreport. The command line,
    ``build --watch`` and the web pages all say it this way."""
    import os

    name = exc.filename if exc.filename2 is None else exc.filename2
    if name is None and exc.errno not in DISK:
        return None
    reason = exc.strerror or type(exc).__name__
    base = os.path.basename(str(name)) if name is not None else ""
    if name is None:
        what, hint = f"the disk refused to write: {reason}", "free some space (or ask for it), then run the command again"
    elif isinstance(exc, PermissionError) and base.lower().endswith(DOCUMENTS):
        what = f"'{name}' could not be read or written: {reason}"
        hint = (f"if {base} is open in Word, Excel, Acrobat or another program, close it there; check that you "
                "may write to its folder; then run the command again")
    elif isinstance(exc, PermissionError):
        what = f"'{name}' could not be read or written: {reason}"
        hint = "check that you may read it and write to its folder (or choose another folder), then run it again"
    elif isinstance(exc, FileNotFoundError):
        what = f"'{name}' could not be read or written: {reason}"
        hint = "check the path; a file that was there may have been moved or deleted meanwhile"
    else:
        what = f"'{name}' could not be read or written: {reason}"
        hint = "check the disk (free space, a network share still connected) and run the command again"
    return FileInUse(what, hint=hint, path=name)
