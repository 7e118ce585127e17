"""pypandoc, pointed at the pandoc that pypandoc-binary bundles.

Left to itself, pypandoc looks for pandoc in six or more places on the first call of a
process and runs `pandoc --version` in each it finds (about 15 ms apiece), then takes the
newest. Naming the bundled binary through pypandoc's own PYPANDOC_PANDOC variable makes
that one probe, and makes every machine use the pandoc version the tests ran with, not
whatever is on PATH (docs/toolchain.md). A PYPANDOC_PANDOC the user set is kept.

A pandoc that is missing or cannot run is ``ToolMissing`` (exit 3), with the remedy;
pandoc failing on a text (out of memory) is ``Failed``, for the reader to report on
that file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from uprreport.errors import ToolMissing

_bundled: str | None = None   # the binary program() named itself (not a PYPANDOC_PANDOC of the user's)
REINSTALL = "reinstall pypandoc-binary, which bundles pandoc: `pip install --force-reinstall pypandoc-binary`"


class Failed(Exception):
    """pandoc ran and gave up on its input; the message is pandoc's own last line."""


def program() -> str:
    """The pandoc binary pypandoc will run (named in PYPANDOC_PANDOC), found without
    importing pypandoc: a run whose text is all cached need not import it."""
    if "PYPANDOC_PANDOC" not in os.environ:
        from importlib.util import find_spec

        spec = find_spec("pypandoc")
        if spec is not None and spec.origin:
            bundled = Path(spec.origin).parent / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
            if bundled.is_file():
                global _bundled
                os.environ["PYPANDOC_PANDOC"] = _bundled = str(bundled)
    return os.environ.get("PYPANDOC_PANDOC", "pandoc")


def _missing(why: str) -> ToolMissing:
    named = os.environ.get("PYPANDOC_PANDOC")
    if named and named != _bundled:
        hint = f"PYPANDOC_PANDOC names {named}: correct it, or unset it to use the pandoc pypandoc-binary bundles"
    else:
        hint = REINSTALL
    return ToolMissing(f"pandoc, which reads the Markdown and Word fragments, {why}", hint=hint)


def pypandoc():
    """The pypandoc module, ready to call; ToolMissing when there is no pandoc that can run
    (checked here, before pypandoc searches and logs its own errors)."""
    name = program()
    found = shutil.which(name) if os.sep not in name and not (os.altsep and os.altsep in name) else name
    if found is None or not Path(found).is_file():
        raise _missing(f"is not installed ({name} was not found)")
    if not os.access(found, os.X_OK):
        raise _missing(f"cannot be run ({found} is not executable)")
    import logging

    import pypandoc as module

    # pypandoc runs `pandoc --version` once (then remembers the path), and logs a traceback
    # when that fails: the user is told once, by ToolMissing
    log = logging.getLogger("pypandoc")
    was, log.disabled = log.disabled, True
    try:
        module.get_pandoc_path()
    except OSError:
        raise _missing(f"cannot be run ({found} does not start as pandoc)") from None
    finally:
        log.disabled = was
    return module


def convert_text(text: str, fmt: str, extra_args: list[str]) -> str:
    """pandoc's JSON for ``text`` read as ``fmt``."""
    return _run(lambda m: m.convert_text(text, "json", format=fmt, extra_args=extra_args))


def convert_file(path: Path, fmt: str, extra_args: list[str]) -> str:
    """pandoc's JSON for the file at ``path`` read as ``fmt``."""
    return _run(lambda m: m.convert_file(str(path), "json", format=fmt, extra_args=extra_args))


def _run(call) -> str:
    import logging

    module = pypandoc()
    # pypandoc logs pandoc's own warnings to stderr, in the terms of the one document all
    # bodies are read as ("Duplicate note reference 'u0x1' at line 62"): nobody could act
    # on them, and what matters is said as diagnostics
    log = logging.getLogger("pypandoc")
    was, log.disabled = log.disabled, True
    try:
        return call(module)
    except RuntimeError as exc:   # pypandoc's word for pandoc's non-zero exit
        raise Failed(_reason(str(exc))) from None
    except OSError as exc:        # found, but the system would not start it (another platform's binary)
        raise _missing(f"cannot be run ({exc.strerror or exc})") from None
    finally:
        log.disabled = was


def _reason(message: str) -> str:
    """pandoc's complaint in a few words: "Heap exhausted" is the memory it is given (1 GB)."""
    if "Heap exhausted" in message:
        return "pandoc ran out of the memory it is given (1 GB)"
    lines = [line.removeprefix("pandoc:").strip() for line in message.strip().splitlines() if line.strip()]
    return f"pandoc stopped: {lines[-1]}" if lines else "pandoc stopped"
