"""Exceptions for the few cases where uprreport cannot go on."""

from __future__ import annotations


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
