"""pypandoc, pointed at the pandoc that pypandoc-binary bundles.

Left to itself, pypandoc looks for pandoc in six or more places on the first call of a
process and runs `pandoc --version` in each it finds (about 15 ms apiece), then takes the
newest. Naming the bundled binary through pypandoc's own PYPANDOC_PANDOC variable makes
that one probe, and makes every machine use the pandoc version the tests ran with, not
whatever is on PATH (docs/toolchain.md). A PYPANDOC_PANDOC the user set is kept.
"""

from __future__ import annotations

import os
from pathlib import Path


def program() -> str:
    """The pandoc binary pypandoc will run (named in PYPANDOC_PANDOC), found without
    importing pypandoc: a run whose text is all cached need not import it."""
    if "PYPANDOC_PANDOC" not in os.environ:
        from importlib.util import find_spec

        spec = find_spec("pypandoc")
        if spec is not None and spec.origin:
            bundled = Path(spec.origin).parent / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
            if bundled.is_file():
                os.environ["PYPANDOC_PANDOC"] = str(bundled)
    return os.environ.get("PYPANDOC_PANDOC", "pandoc")


def pypandoc():
    """The pypandoc module, ready to call."""
    program()
    import pypandoc as module

    return module
