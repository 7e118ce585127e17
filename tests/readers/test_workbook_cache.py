"""A large workbook's cells kept between runs (readers/workbook_cache.py): read once, the
same cells come back without calamine; a changed workbook, a damaged or absent cache, and a
workbook read with a problem to report are read again."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from uprreport.readers import register, tables, workbook_cache


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(workbook_cache, "SMALLEST", 0)     # the test's small workbooks are kept too
    return tmp_path / "cache" / "workbooks"


def _register(path, rows=3, instructions=False, numbers=False):
    """A register as Excel saves one: a sheet of instructions first when asked, ids typed as
    numbers when asked (Excel keeps them as numbers)."""
    wb = Workbook()
    ws = wb.active
    if instructions:
        ws.title = "Instructions"
        ws.append(["Fill in the second sheet."])
        ws = wb.create_sheet("Register")
    ws.append(["id", "text", "position", "states"])
    for i in range(1, rows + 1):
        ws.append([float(f"140.{i}") if numbers else f"140.{i}", f"Ratify treaty number {i}", "supported",
                   "France; Chile"])
    wb.save(path)
    return path


def _no_calamine(monkeypatch):
    import python_calamine

    def refuse(*_a, **_k):
        raise AssertionError("read by calamine")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)


def _same(a, b):
    assert (a.columns, a.rows, a.numeric, a.sheet, a.shown) == (b.columns, b.rows, b.numeric, b.sheet, b.shown)


def test_a_workbook_read_again_gives_the_same_cells_without_calamine(cache, tmp_path, monkeypatch):
    path = _register(tmp_path / "register.xlsx", instructions=True, numbers=True)
    first, diags = tables.read_table(path, "register.xlsx", fits=register._fits)
    assert diags == [] and first.sheet == "Register" and first.numeric
    (kept,) = cache.glob("*.cells")
    _no_calamine(monkeypatch)
    again, diags = tables.read_table(path, "shown elsewhere.xlsx", fits=register._fits)
    assert diags == []
    assert again.shown == "shown elsewhere.xlsx" and again.at(row=2).path == "shown elsewhere.xlsx"
    again.shown = first.shown
    _same(first, again)
    # the register read from the kept cells is the one read from the workbook
    recs, where, diags, _earlier = register.read_cycles(path, "register.xlsx")
    assert [r.id for r in recs] == ["140.1", "140.2", "140.3"] and recs[0].states == ["France", "Chile"]
    assert where["140.2"].row == 3 and where["140.2"].sheet == "Register"


def test_a_changed_workbook_is_read_again_and_replaces_what_was_kept(cache, tmp_path):
    path = _register(tmp_path / "register.xlsx", rows=3)
    tables.read_table(path, "register.xlsx")
    (before,) = cache.glob("*.cells")
    _register(path, rows=4)
    table, _ = tables.read_table(path, "register.xlsx")
    assert len(table.rows) == 4
    (after,) = cache.glob("*.cells")          # one file for the workbook, not one a version
    assert after != before


def test_another_way_of_reading_is_kept_apart(cache, tmp_path):
    path = _register(tmp_path / "register.xlsx", instructions=True)
    chosen, _ = tables.read_table(path, "r.xlsx", fits=register._fits)
    first, _ = tables.read_table(path, "r.xlsx")                  # no test: the first sheet
    assert chosen.sheet == "Register" and first.sheet == "Instructions"
    assert len(list(cache.glob("*.cells"))) == 2
    assert tables.read_table(path, "r.xlsx", fits=register._fits)[0].sheet == "Register"


def test_a_damaged_cache_file_is_read_again_and_no_cache_works(cache, tmp_path, monkeypatch):
    path = _register(tmp_path / "register.xlsx")
    first, _ = tables.read_table(path, "register.xlsx")
    (kept,) = cache.glob("*.cells")
    for damage in (b"", b"not compressed", kept.read_bytes()[:-20]):
        kept.write_bytes(damage)
        again, diags = tables.read_table(path, "register.xlsx")
        assert diags == []
        _same(first, again)
    monkeypatch.setenv("UPRREPORT_CACHE", "off")
    _same(first, tables.read_table(path, "register.xlsx")[0])


def test_small_workbooks_and_workbooks_with_problems_are_not_kept(cache, tmp_path, monkeypatch):
    path = _register(tmp_path / "register.xlsx")
    monkeypatch.setattr(workbook_cache, "SMALLEST", 10 ** 9)
    tables.read_table(path, "register.xlsx")
    assert not list(cache.glob("*.cells"))
    monkeypatch.setattr(workbook_cache, "SMALLEST", 0)
    wb = Workbook()
    wb.active.append(["id", "text", "position"])
    wb.active.append(["140.1", "=A1", "supported"])     # a formula: reported each time it is read
    wb.save(tmp_path / "formula.xlsx")
    for _ in range(2):
        _table, diags = tables.read_table(tmp_path / "formula.xlsx", "formula.xlsx", formulas=True)
        assert [d.code for d in diags] == ["cell-formula"]
    assert not list(cache.glob("*.cells"))


def test_a_workbook_saved_again_while_it_is_read_is_not_kept(cache, tmp_path, monkeypatch):
    """Excel or a sync client may save the workbook between the cache's look at its bytes and
    calamine's reading: the cells read are then kept under no version's name."""
    import python_calamine

    path = _register(tmp_path / "register.xlsx", rows=3)
    opened = python_calamine.CalamineWorkbook.from_path

    def saved_meanwhile(name):
        _register(path, rows=5)           # the next version, saved as the first is being read
        return opened(name)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", saved_meanwhile)
    table, _ = tables.read_table(path, "register.xlsx")
    assert len(table.rows) == 5 and not list(cache.glob("*.cells"))
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", opened)
    assert len(tables.read_table(path, "register.xlsx")[0].rows) == 5
    assert len(list(cache.glob("*.cells"))) == 1      # unchanged while read: kept


def test_a_cache_file_another_program_holds_is_no_failure(cache, tmp_path, monkeypatch):
    """On Windows a file another process holds cannot be replaced (fsutil raises FileInUse):
    the cells are then not kept, and the workbook is read all the same."""
    from uprreport.errors import FileInUse

    path = _register(tmp_path / "register.xlsx")

    def held(_target, *_a, **_k):
        raise FileInUse("held")

    monkeypatch.setattr(workbook_cache, "atomic_path", held)
    table, diags = tables.read_table(path, "register.xlsx")
    assert diags == [] and len(table.rows) == 3 and not list(cache.glob("*.cells"))


def test_an_error_reading_the_contributions_waits_for_the_registers_thread(sample_copy, monkeypatch):
    """The register kept as a workbook is read on a thread while the contributions are read:
    an error in the contributions goes on to the caller once that thread has ended."""
    import threading
    import time

    from uprreport.diagnostics import Report
    from uprreport.readers import contribution
    from uprreport.readers import project as project_reader

    _register(sample_copy / "recommendations.xlsx", rows=40)
    manifest = sample_copy / "report.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "register: recommendations.xlsx\n", encoding="utf-8")
    ended = []
    read_cycles = register.read_cycles

    def slow_register(*args):
        out = read_cycles(*args)
        time.sleep(0.2)                   # still reading when the contributions fail
        ended.append(threading.current_thread().name)
        return out

    def broken(*_a, **_k):
        raise RuntimeError("a contribution that cannot be read")

    monkeypatch.setattr(register, "read_cycles", slow_register)
    monkeypatch.setattr(contribution, "read", broken)
    with pytest.raises(RuntimeError, match="cannot be read"):
        project_reader.read(sample_copy, Report())
    assert ended == ["uprreport-register"]
