"""Draw a Chart node as a PNG picture (matplotlib), for the writers that place pictures."""

from __future__ import annotations

import io
import textwrap

from uprreport.model.nodes import Chart, Image
from uprreport.ooxml.chars import clean


def render(chart: Chart) -> Image:
    """The chart as an inline picture, 16 cm wide, 200 dpi."""
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
    return Image(buf.getvalue(), chart.filename, alt=chart.alt)
