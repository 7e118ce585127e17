from pathlib import Path

from uprreport import pipeline
from uprreport.model.nodes import Chart, Para, Table
from uprreport.transforms import figures

MIDTERM = Path(__file__).resolve().parents[2] / "samples" / "midterm-arcadia-nhri"


def test_summary_figures_count_every_recommendation_once():
    project, _report = pipeline.check(MIDTERM)
    blocks = figures.summary(project)
    df = figures.frame(project)
    assert len(df) == len(project.recommendations)
    text = blocks[0].plain()
    assert text.startswith(f"Of the {len(df)} recommendations")
    chart = next(i for b in blocks if isinstance(b, Para) for i in b.inlines if isinstance(i, Chart))
    assert sum(sum(values) for _l, _c, values in chart.series) == len(df)
    by_theme = next(b for b in blocks if isinstance(b, Table))
    total_row = by_theme.rows[-1]
    assert total_row[-1].blocks[0].plain() == str(len(df))


def test_the_chart_is_drawn_by_the_writer_as_a_png():
    from uprreport.writers.chart import render

    img = render(Chart(["B", "A"], [("Done", "#1b7837", [2, 1]), ("Not reported", "#bdbdbd", [0, 3])],
                       "Number of recommendations", "c.png", alt="x"))
    assert img.data[:8] == b"\x89PNG\r\n\x1a\n" and img.filename == "c.png" and img.alt == "x"
