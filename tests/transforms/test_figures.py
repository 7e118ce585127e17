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


def test_the_summary_sentence_has_verbs_and_never_says_zero_per_cent_of_something():
    text = figures.sentence(270, {"fully implemented": 3, "in progress": 1, "not reported": 266},
                            ["fully implemented", "in progress", "not reported"])
    assert text == ("Of the 270 recommendations of the previous review, 3 (1 per cent) are fully implemented, "
                    "1 (less than 1 per cent) is in progress and 266 (99 per cent) have no reported status.")
    assert figures.share(999, 1000) == "more than 99 per cent" and figures.share(0, 5) == "0 per cent"


def _themed_project(n_themes: int):
    """The mid-term sample with its recommendations spread over ``n_themes`` long-named themes."""
    project, _report = pipeline.check(MIDTERM)
    from uprreport.model.manifest import Theme

    project.themes = [Theme(key=f"t{i}", title=f"Theme {i}: rights of persons in a long OHCHR-style wording "
                                               f"number {i}") for i in range(n_themes)]
    project.recommendations = [rec.model_copy(update={"themes": [f"t{i % n_themes}"]})
                               for i, rec in enumerate(project.recommendations)]
    return project


def test_sixty_themes_make_charts_that_each_fit_a_page():
    from uprreport.writers.chart import render

    project = _themed_project(60)
    blocks = figures.summary(project)
    drawn = [i for b in blocks if isinstance(b, Para) for i in b.inlines if isinstance(i, Chart)]
    assert len(drawn) == 3 and all(len(c.categories) <= figures.MAX_BARS for c in drawn)
    assert sorted(t for c in drawn for t in c.categories) == sorted(t.title for t in project.themes)
    captions = [b.plain() for b in blocks if isinstance(b, Para) and b.style == "Caption"]
    assert "Figure 1. Implementation status by theme (3 of 3)" in captions
    from PIL import Image as Pil
    import io

    w, h = Pil.open(io.BytesIO(render(drawn[0]).data)).size
    assert h / w < 1.4   # 16 cm wide: under 23 cm tall, inside an A4 page's text


def test_a_picture_taller_than_the_page_is_scaled_to_fit(tmp_path):
    from docx import Document as Docx

    from uprreport import resources
    from uprreport.diagnostics import Report
    from uprreport.model.nodes import Document, DocumentMeta, Image, Section
    from uprreport.writers import docx as writer
    from uprreport.writers.chart import render

    tall = render(Chart([f"t{i}" for i in range(80)], [("Done", "#1b7837", [1] * 80)], "n", "tall.png"))
    doc = Document(DocumentMeta(fields={"title": "T"}), body=[Section("A", "A", 1, blocks=[Para([tall])])])
    out = tmp_path / "o.docx"
    writer.write(doc, resources.templates_dir() / "national.docx", out, Report())
    shape = Docx(out).inline_shapes[0]
    section = Docx(out).sections[0]
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert shape.height <= text_height and shape.width <= section.page_width
