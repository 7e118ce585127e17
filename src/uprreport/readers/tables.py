"""Read CSV and XLSX tables as rows of text cells, each with its spreadsheet row number."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make


@dataclass
class TableData:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, cells)


def normalise_header(name) -> str:
    """'Responsible body ' -> 'responsible_body', so headers may be written as people write them."""
    text = "" if name is None else str(name)
    return "_".join(text.strip().lower().replace("-", " ").split())


def _decode(raw: bytes, shown: str, diags: list[Diagnostic]) -> str:
    """UTF-8 (with or without BOM); else Windows-1252; else Latin-1, which decodes anything."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO-8859-1)")):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        diags.append(make("csv-encoding", Location(shown),
                          f"not UTF-8; read as {label}. Save it as 'CSV UTF-8' in Excel to be sure "
                          "accented letters come out right"))
        return text
    raise AssertionError("latin-1 decodes every byte")


def _unguard(text: str) -> str:
    """Undo the apostrophe writers.table puts before a cell that would run as a formula."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def read_csv(path: Path, shown: str) -> tuple[TableData | None, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    from uprreport.readers.package import MAX_TEXT

    try:
        if path.stat().st_size > MAX_TEXT:
            return None, [make("file-refused", Location(shown), f"this file is larger than "
                               f"{MAX_TEXT // (1024 * 1024)} MB; split it")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [make("file-unreadable", Location(shown), f"cannot read the file: {exc.strerror}")]
    text = _decode(raw, shown, diags)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return TableData([]), diags
        columns = [normalise_header(h) for h in header]
        data = TableData(columns)
        for n, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
                diags.append(make("csv-syntax", Location(shown, row=n),
                                  f"this row has {len(cells)} cells but the header has {len(columns)}; "
                                  "a cell probably holds an unquoted comma: put the cell in double quotes"))
                continue
            padded = cells + [""] * (len(columns) - len(cells))
            data.rows.append((n, {c: _unguard(v.strip()) for c, v in zip(columns, padded) if c}))
    except csv.Error as exc:
        diags.append(make("csv-syntax", Location(shown, line=reader.line_num),
                          f"the CSV cannot be parsed here ({exc}); check quotes on this line"))
        return None, diags
    return data, diags


def read_xlsx(path: Path, shown: str, sheet: str | None = None) -> tuple[TableData | None, list[Diagnostic]]:
    """The sheet named ``sheet`` if the workbook has one, else its first sheet."""
    from openpyxl import load_workbook  # imported here: only spreadsheet projects pay for it

    from uprreport.readers import package

    gate = package.check(path, "Excel")
    if gate.problem:
        return None, [make("file-refused", Location(shown), f"this file {gate.problem}")]
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        return None, [make("xlsx-unreadable", Location(shown),
                           f"cannot open this Excel file ({type(exc).__name__}: {exc}); "
                           "open it in Excel and save it again as .xlsx")]
    try:
        return _rows_of(wb, sheet), []
    except Exception as exc:  # a damaged part shows only when its rows are read
        return None, [make("xlsx-unreadable", Location(shown),
                           f"cannot read this Excel file ({type(exc).__name__}); open it in Excel and save it again")]
    finally:
        wb.close()


def _rows_of(wb, sheet: str | None) -> TableData:
    ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return TableData([])
    columns = [normalise_header(h) for h in header]
    data = TableData(columns)
    for n, values in enumerate(rows, start=2):
        cells = ["" if v is None else _cell_text(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        padded = cells + [""] * (len(columns) - len(cells))
        data.rows.append((n, {c: v.strip() for c, v in zip(columns, padded) if c}))
    return data


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def read_table(path: Path, shown: str, sheet: str | None = None) -> tuple[TableData | None, list[Diagnostic]]:
    """Read a .csv or .xlsx file (``sheet``: the worksheet to prefer); other endings are refused."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, shown)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, shown, sheet)
    return None, [make("file-unreadable", Location(shown), "tables must be .csv or .xlsx files")]
