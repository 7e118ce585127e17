"""Draw a Chart node as a PNG picture (matplotlib), for the writers that place pictures."""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from pathlib import Path

from uprreport.errors import FileInUse
from uprreport.fsutil import atomic_path, cache_folder
from uprreport.model.nodes import Chart, Image
from uprreport.ooxml.chars import clean


# Bump when the drawing below changes, so that pictures kept in the cache are drawn again.
DRAWING = 1
KEPT = 500          # pictures kept in the cache; the oldest go when there are more


def render(chart: Chart) -> Image:
    """The chart as an inline picture, 16 cm wide, 200 dpi: drawn by matplotlib, or the
    picture drawn for the same chart before, from the user's cache folder (fsutil.cache_folder):
    a rebuild whose figures did not change does not start matplotlib (about a second)."""
    key = _key(chart)
    png = _kept(key)
    if png is None:
        png = _draw(chart)
        _keep(key, png)
    return Image(png, chart.filename, alt=chart.alt)


def _key(chart: Chart) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        drawn_by = version("matplotlib")
    except PackageNotFoundError:
        drawn_by = "?"
    what = [DRAWING, drawn_by, chart.categories, [list(s) for s in chart.series], chart.x_label, chart.x_max]
    return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def _folder() -> Path | None:
    where = cache_folder()
    return None if where is None else where / "charts"


def _kept(key: str) -> bytes | None:
    where = _folder()
    if where is None:
        return None
    try:
        png = (where / f"{key}.png").read_bytes()
    except OSError:
        return None
    return png if png.startswith(b"\x89PNG\r\n\x1a\n") else None


def _keep(key: str, png: bytes) -> None:
    """Keep the picture (whatever goes wrong, nothing is kept: it is drawn again next time)."""
    where = _folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        with atomic_path(where / f"{key}.png") as tmp:
            tmp.write_bytes(png)
        kept = sorted(where.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in kept[:max(len(kept) - KEPT, 0)]:
            old.unlink(missing_ok=True)
    except (OSError, FileInUse):   # FileInUse: Windows, another process holds the file
        pass


def _draw(chart: Chart) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    n = len(chart.categories)
    # long theme names (OHCHR's run to 90 characters) wrap onto two lines; every label is
    # cleaned of control characters and lone surrogates (docs/text-safety.md), which
    # matplotlib's font code refuses
    labels = ["\n".join(textwrap.wrap(c, 48, max_lines=2, placeholder="…")) or c
              for c in map(clean, chart.categories)]
    fig, ax = plt.subplots(figsize=(6.3, 0.28 * n + 1.2), dpi=200)
    left = [0] * n
    positions = list(range(n))
    for label, colour, values in chart.series:
        ax.barh(positions, values, left=left, color=colour, label=clean(label), height=0.7)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(positions, labels)
    if chart.x_max:
        ax.set_xlim(0, chart.x_max * 1.02)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(clean(chart.x_label), fontsize=7)
    ax.tick_params(labelsize=6.5)
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(fontsize=6, frameon=False, loc="upper center", ncol=len(chart.series))
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / (0.28 * n + 1.2)))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()
