"""A register or a UPR Info export kept as CSV may be larger than the 20 MB of text taken
of a YAML, Markdown or e-mail file (a whole UPR database is about 35 MB as CSV): CSV
tables have their own limit, readers/package.py MAX_TABLE, and a file past it is refused
with a message naming it. The limits are made small here so that the test stays fast."""

from __future__ import annotations

import csv

import pytest

from uprreport.readers import package, register
from uprreport.readers.tables import read_table


def _register(path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "position"])
        for i in range(1, rows + 1):
            w.writerow([f"140.{i}", f"Strengthen the national mechanism for reporting and follow-up, step {i}",
                        "supported"])


def test_limits_are_what_the_docs_say():
    assert package.MAX_TEXT == 20 * 2**20 and package.MAX_TABLE == 100 * 2**20
    assert package.MAX_TABLE > 35 * 2**20      # a register of 100,000 recommendations as CSV


def test_a_csv_register_larger_than_a_text_file_is_read(tmp_path, monkeypatch):
    f = tmp_path / "recommendations.csv"
    _register(f, 400)
    size = f.stat().st_size
    monkeypatch.setattr(package, "MAX_TEXT", size // 4)      # past the limit of a text file ...
    monkeypatch.setattr(package, "MAX_TABLE", size + 1)      # ... within that of a table
    recs, _where, diags = register.read(f, "recommendations.csv")
    assert [d for d in diags if d.code == "file-refused"] == []
    assert len(recs) == 400 and recs[-1].id == "140.400"


def test_a_csv_table_past_the_limit_is_refused_naming_the_file(tmp_path, monkeypatch):
    f = tmp_path / "export.csv"
    _register(f, 400)
    monkeypatch.setattr(package, "MAX_TABLE", 2**20)
    f.write_text(f.read_text(encoding="utf-8") * 40, encoding="utf-8")
    assert f.stat().st_size > 2**20
    data, diags = read_table(f, "uprinfo/export.csv")
    assert data is None and [d.code for d in diags] == ["file-refused"]
    shown = diags[0].render()
    assert shown.startswith("uprinfo/export.csv: error [file-refused] this file is ")
    mb = -(-f.stat().st_size // 2**20)
    assert f"this file is {mb} MB, more than the 1 MB a CSV table may have; split it" in shown


@pytest.mark.parametrize("size, refused", [(2**20, False), (2**20 + 1, True)])
def test_the_limit_is_inclusive(tmp_path, size, refused):
    f = tmp_path / "t.csv"
    f.write_bytes(b"a,b\n" + b"x" * (size - 4))
    assert (package.too_large(f, 2**20, "a CSV table") is not None) is refused
