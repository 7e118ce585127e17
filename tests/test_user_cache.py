"""What is kept in the user's cache folder between runs (fsutil.cache_folder): a chart's
picture, drawn once for the same figures (writers/chart.py), and the index of States' names
(model/states.py); anything wrong with what is kept there is made again."""

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


def test_the_index_of_state_names_is_made_once_and_kept(monkeypatch, tmp_path):
    from uprreport.model import states

    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    states._names.cache_clear()
    made = states._names()
    assert made[states.norm("Fédération de Russie")].code == "RUS"
    (kept,) = (tmp_path / "cache").glob("state-names-*.json")

    def refuse(_by_alpha2):
        raise AssertionError("made again")

    monkeypatch.setattr(states, "_made_names", refuse)
    states._names.cache_clear()
    assert states._names() == made                  # from the cache folder
    kept.write_text("{not json", encoding="utf-8")  # damaged: made again
    states._names.cache_clear()
    with pytest.raises(AssertionError, match="made again"):
        states._names()
    states._names.cache_clear()


def test_a_compiled_catalog_is_kept_and_compiled_again_when_edited_or_damaged(monkeypatch, tmp_path):
    from uprreport import i18n

    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    locale = tmp_path / "locale"
    locale.mkdir()
    po = locale / "fr.po"
    po.write_bytes((i18n.LOCALE_DIR / "fr.po").read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.catalog.cache_clear()
    try:
        assert i18n.catalog("fr").gettext("Annex") == "Annexe"
        (kept,) = (tmp_path / "cache").glob("catalog-fr-*.mo")
        i18n.catalog.cache_clear()
        kept.write_bytes(b"not a catalog")          # damaged: compiled again, and kept again
        assert i18n.catalog("fr").gettext("Annex") == "Annexe"
        assert kept.read_bytes()[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
        # an edited catalog: compiled again, and the one kept before is gone
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Annexe"', 'msgstr "Annexe (édition)"', 1),
                      encoding="utf-8")
        i18n.catalog.cache_clear()
        assert i18n.catalog("fr").gettext("Annex") == "Annexe (édition)"
        assert [p.name for p in (tmp_path / "cache").glob("catalog-fr-*.mo")] != [kept.name]
        assert len(list((tmp_path / "cache").glob("catalog-fr-*.mo"))) == 1
        # what is kept is read, not compiled: Babel's reader is not called
        import babel.messages.pofile as pofile

        monkeypatch.setattr(pofile, "read_po", lambda *a, **k: (_ for _ in ()).throw(AssertionError("compiled")))
        i18n.catalog.cache_clear()
        assert i18n.catalog("fr").gettext("Annex") == "Annexe (édition)"
    finally:
        i18n.catalog.cache_clear()


def test_a_catalog_file_another_program_holds_is_no_failure(monkeypatch, tmp_path):
    from uprreport import fsutil, i18n
    from uprreport.errors import FileInUse

    def held(_target, *_a, **_k):
        raise FileInUse("held")

    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fsutil, "atomic_path", held)
    i18n.catalog.cache_clear()
    try:
        assert i18n.catalog("fr").gettext("Annex") == "Annexe"
    finally:
        i18n.catalog.cache_clear()
