from uprreport.readers.tables import normalise_header, read_csv, read_table


def test_headers_are_normalised():
    assert normalise_header(" Responsible Body ") == "responsible_body"
    assert normalise_header("Actions-taken") == "actions_taken"


def test_rows_are_numbered_as_in_excel_and_blank_rows_skipped(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,text\n1.1,a\n\n1.2,\"b, with comma\"\n", encoding="utf-8")
    data, diags = read_csv(f, "t.csv")
    assert diags == []
    assert [(n, row["id"]) for n, row in data.rows] == [(2, "1.1"), (4, "1.2")]
    assert data.rows[1][1]["text"] == "b, with comma"


def test_extra_cells_are_reported_with_the_row(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,text\n1.1,a,b\n", encoding="utf-8")
    data, diags = read_csv(f, "t.csv")
    assert [d.code for d in diags] == ["csv-syntax"]
    assert str(diags[0].location) == "t.csv:row 2"


def test_windows_1252_is_read_with_a_warning(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes("id,text\n1.1,Côte d’Ivoire\n".encode("cp1252"))
    data, diags = read_csv(f, "t.csv")
    assert data.rows[0][1]["text"] == "Côte d’Ivoire"
    assert [d.code for d in diags] == ["csv-encoding"]


def test_utf8_bom_is_invisible(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes("\ufeffid,text\n1.1,a\n".encode("utf-8"))
    data, diags = read_csv(f, "t.csv")
    assert data.columns == ["id", "text"] and not diags


def test_xlsx_rows_and_numbers(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["ID", "Text", "SDGs"])
    wb.active.append(["140.7", "a", 16])
    wb.active.append([None, None, None])
    wb.active.append(["140.8", "b", None])
    wb.save(tmp_path / "t.xlsx")
    data, diags = read_table(tmp_path / "t.xlsx", "t.xlsx")
    assert not diags
    assert [(n, r["id"], r["sdgs"]) for n, r in data.rows] == [(2, "140.7", "16"), (4, "140.8", "")]


def test_xlsx_cells_as_excel_stores_them(tmp_path):
    """Dates are numbers with a date format, times fractions of a day, TRUE a boolean, and
    long text shared strings: each is read as the text a person sees."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["recommendation", "timeframe", "done", "share", "actions"])
    ws.append(["140.10", dt.date(2027, 6, 30), True, 0.25, "x" * 5000])
    ws.append(["140.11", dt.datetime(2026, 1, 5, 14, 30), False, 3, "same"])
    ws.append(["140.12", None, None, None, "same"])       # a shared string used twice
    wb.save(tmp_path / "t.xlsx")
    data, diags = read_table(tmp_path / "t.xlsx", "t.xlsx")
    assert not diags
    rows = {r["recommendation"]: r for _n, r in data.rows}
    assert rows["140.10"]["timeframe"] == "2027-06-30" and rows["140.11"]["timeframe"] == "2026-01-05"
    assert rows["140.10"]["done"] == "True" and rows["140.11"]["done"] == "False"
    assert rows["140.10"]["share"] == "0.25" and rows["140.11"]["share"] == "3"
    assert len(rows["140.10"]["actions"]) == 5000 and rows["140.12"]["actions"] == "same"
    assert (3, "share") in data.numeric and (2, "recommendation") not in data.numeric


def test_damaged_xlsx_is_a_diagnostic(tmp_path):
    f = tmp_path / "t.xlsx"
    f.write_bytes(b"not a zip")
    data, diags = read_table(f, "t.xlsx")
    assert data is None and diags[0].code == "file-refused"
    assert "is not an Excel .xlsx file" in diags[0].message


ROWS = [["recommendation", "status", "actions"], ["140.2", "partially implemented", "Legal aid, extended"],
        ["140.3", "fully implemented", "Côte d’Ivoire visit; new courts"]]


def _excel_csv(rows, sep: str) -> str:
    """Rows as Excel writes a CSV: cells with the separator or quotes in double quotes, CRLF."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


import pytest  # noqa: E402


@pytest.mark.parametrize("sep, encoding, bom, warned", [
    (";", "utf-8", True, False),        # "CSV UTF-8" in a European Excel
    (";", "cp1252", False, True),       # plain "CSV" in a European Excel on Windows
    (",", "cp1252", False, True),
    ("\t", "utf-16", False, False),     # "Unicode text": UTF-16 LE with its mark, tab-separated
    (",", "utf-8", True, False),
])
def test_csv_as_excel_saves_it(tmp_path, sep, encoding, bom, warned):
    text = _excel_csv(ROWS, sep)
    data = ("\ufeff" if bom else "").encode("utf-8") + text.encode(encoding) if encoding != "utf-16" \
        else text.encode("utf-16")
    f = tmp_path / "implementation.csv"
    f.write_bytes(data)
    table, diags = read_csv(f, "implementation.csv")
    assert table.columns == ["recommendation", "status", "actions"]
    assert [r["actions"] for _n, r in table.rows] == ["Legal aid, extended", "Côte d’Ivoire visit; new courts"]
    assert [d.code for d in diags] == (["csv-encoding"] if warned else [])


def test_utf8_mark_followed_by_windows_1252_bytes_is_read_and_said(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes(b"\xef\xbb\xbf" + "id;text\r\n140.1;Côte d’Ivoire\r\n".encode("cp1252"))
    table, diags = read_csv(f, "t.csv")
    assert table.rows[0][1]["text"] == "Côte d’Ivoire"
    (d,) = diags
    assert d.code == "csv-encoding" and "begins as UTF-8" in d.message


def test_a_semicolon_file_with_a_stray_semicolon_names_the_semicolon(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id;text;position\n140.1;a;supported\n140.2;b; c;noted\n140.3;d;noted\n", encoding="utf-8")
    table, diags = read_csv(f, "t.csv")
    (d,) = diags
    assert d.location.row == 3 and "unquoted semicolon" in d.message
