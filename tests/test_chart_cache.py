"""A chart's picture is drawn once: a rebuild whose figures did not change takes it from the
user's cache folder (writers/chart.py), and anything wrong with what is kept there is drawn
again."""

from __future__ import annotations

import pytest

from uprreport.model.nodes import Chart
from uprreport.writers import chart as charts


def _chart(values=(3, 1)) -> Chart:
    return Chart(["Right to health", "Justice"], [("Implemented", "#1b7837", list(values))],
                 "Number of recommendations", "status-by-theme.png", alt="Status by theme")


def test_the_same_chart_is_drawn_once_and_another_is_drawn_anew(monkeypatch, tmp_path):
    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    first = charts.render(_chart())
    assert first.data.startswith(b"\x89PNG") and first.alt == "Status by theme"

    def refuse(_chart):
        raise AssertionError("drawn again")

    monkeypatch.setattr(charts, "_draw", refuse)
    assert charts.render(_chart()).data == first.data
    with pytest.raises(AssertionError, match="drawn again"):
        charts.render(_chart(values=(2, 2)))        # other figures: another picture


def test_a_damaged_picture_in_the_cache_is_drawn_again_and_no_cache_works(monkeypatch, tmp_path):
    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    first = charts.render(_chart())
    (kept,) = (tmp_path / "cache" / "charts").glob("*.png")
    kept.write_bytes(b"not a picture")
    assert charts.render(_chart()).data == first.data
    assert kept.read_bytes() == first.data
    monkeypatch.setenv("UPRREPORT_CACHE", "off")
    assert charts.render(_chart()).data == first.data
