"""The table reader on a real UPR Info export: Latin-1, bare carriage returns."""

from __future__ import annotations

import pytest

from uprreport.readers.tables import read_csv

pytestmark = pytest.mark.realdata


def test_uprinfo_export_reads_every_row(realdata):
    path = realdata / "upr" / "uprinfo-export-sessions-18-20.csv"
    data, diags = read_csv(path, "uprinfo.csv")
    assert [d.code for d in diags] == ["csv-encoding"]   # not UTF-8: read as Windows-1252, said so
    assert data.columns[:4] == ["to", "to_rgrp", "to_org", "text"]
    assert len(data.rows) == 7984
    responses = {row["response"] for _n, row in data.rows}
    assert {"Accepted", "Noted"} <= responses
    assert sum(row["response"] == "Accepted" for _n, row in data.rows) == 6094
    # row numbers are those a spreadsheet shows: the header is row 1
    assert data.rows[0][0] == 2 and data.rows[-1][0] == 7985
    assert not any("\ufffd" in row["text"] for _n, row in data.rows)
