"""Write rows to CSV, a formatted XLSX, YAML or JSON, atomically and formula-safe.

A cell that starts with = + - @ (or a tab or carriage return) would run as a formula when
the file is opened in Excel or LibreOffice Calc. In CSV such a cell is written with a
leading apostrophe (which readers.tables strips again); in XLSX it is stored as text.

Control characters (text pasted from a PDF: form feeds, ESC) are cleaned in XLSX and CSV
cells by ``ooxml.chars.clean`` (a vertical tab or form feed becomes a line break, the others
are dropped), and kept in YAML and JSON, which escape them; see docs/text-safety.md.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.fsutil import atomic_path
from uprreport.model.register import join_list
from uprreport.ooxml.chars import clean, deep, encodable

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL = 32_767   # the most characters an Excel cell holds (Excel cuts longer text silently)


def fit_cell(text: str) -> tuple[str, bool]:
    """``text`` cut at a word to fit an Excel cell, with a visible mark saying so, and
    whether it was cut."""
    if len(text) <= EXCEL_CELL:
        return text, False
    mark = f" [… cut here: the text has {len(text):,} characters, more than an Excel cell holds]"
    room = EXCEL_CELL - len(mark)
    at = text.rfind(" ", 0, room)
    at = at if at > room - 500 else room
    return text[:at].rstrip() + mark, True


def _text(value) -> str:
    """The text of a cell, cleaned of what XLSX cannot hold and a CSV opened in Excel should
    not (docs/text-safety.md)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return clean(join_list(value))
    return clean(str(value))


def _sheet_name(name: str) -> str:
    """A worksheet's name on one line, cleaned, in the 31 characters Excel allows."""
    return " ".join(clean(name).split())[:31]


def csv_safe(text: str) -> str:
    return "'" + text if text.startswith(DANGEROUS) else text


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([clean(c) for c in columns])
    for row in rows:
        w.writerow([csv_safe(_text(row.get(c))) for c in columns])
    with atomic_path(path) as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8")


# Excel refuses a list of choices written in the formula itself longer than 255 characters
# ("We found a problem with some content"); longer lists are kept in a hidden sheet (docs/toolchain.md).
LIST_FORMULA = 255


def write_xlsx(path: Path, columns: list[str], rows: list[dict], sheet: str = "Register",
               widths: dict[str, int] | None = None, choices: dict[str, list[str]] | None = None,
               instructions: tuple[str, list[str]] | None = None, spare_rows: int = 0,
               locked: list[str] | None = None, properties: dict[str, str] | None = None) -> list[Diagnostic]:
    """A sheet people can work in: bold frozen header, autofilter, sensible widths, wrapping.

    ``choices``: column -> the values a drop-down list offers in that column (on every row
    written and ``spare_rows`` more). ``instructions``: (sheet title, lines) of a first
    sheet telling people what to do. ``locked``: columns shaded grey that cannot be typed
    over (the sheet is protected, without a password; the other columns stay open, and
    filtering and sorting stay allowed). ``properties``: custom document properties (File >
    Info > Properties in Excel). Returns a warning for each cell whose text was longer than
    an Excel cell holds (cut at a word and marked).
    """
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns_shown = [clean(c) for c in columns]
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(sheet)
    ws.append(columns_shown)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    cut: list[Diagnostic] = []
    for r, row in enumerate(rows, 2):
        for c, name in enumerate(columns, 1):
            value = row.get(name)
            cell = ws.cell(row=r, column=c)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value = value
            else:
                text, was_cut = fit_cell(_text(value))
                cell.value = text
                cell.data_type = "s"      # never a formula, whatever the text starts with
                if was_cut:
                    cut.append(make("cell-cut", Location(Path(path).name, row=r, field=name),
                                    f"the {name} in this row has {len(_text(value)):,} characters, more than the "
                                    f"{EXCEL_CELL:,} an Excel cell holds: it was cut at a word and marked "
                                    "'cut here'. Export to .csv to keep the whole text"))
            cell.alignment = wrap
            if locked is not None:
                if name in locked:
                    cell.fill = PatternFill("solid", fgColor="E7E6E6")
                else:
                    cell.protection = Protection(locked=False)
    if locked is not None:
        ws.protection.sheet = True
        ws.protection.formatColumns = ws.protection.autoFilter = ws.protection.sort = False
    for name, value in (properties or {}).items():
        wb.custom_doc_props.append(StringProperty(name=clean(name), value=clean(value)))
    for c, name in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(c)].width = (widths or {}).get(name, 60 if name == "text" else 18)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    lists = None
    for name, values in (choices or {}).items():
        letter = get_column_letter(columns.index(name) + 1)
        values = [clean(v) for v in values]
        inline = ",".join(values)
        if len(inline) <= LIST_FORMULA and not any("," in v or '"' in v for v in values):
            formula = f'"{inline}"'
        else:   # longer than Excel takes in a list formula, or a value holds a comma: a hidden sheet of values
            if lists is None:
                lists = wb.create_sheet("Lists")
                lists.sheet_state = "hidden"
            col = get_column_letter(lists.max_column + (1 if lists.max_row > 1 or lists["A1"].value else 0))
            for i, v in enumerate(values, 1):
                lists[f"{col}{i}"].value = v
                lists[f"{col}{i}"].data_type = "s"
            formula = f"Lists!${col}$1:${col}${max(len(values), 1)}"
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        ws.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{max(len(rows) + 1 + spare_rows, 2)}")   # a sheet with no rows yet: row 2
    if instructions:
        title, lines = instructions
        info = wb.create_sheet(_sheet_name(title), 0)
        for line in lines:
            info.append([clean(line)])
        info.column_dimensions["A"].width = 100
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return cut


def _data(columns: list[str], rows: list[dict]) -> list[dict]:
    """The rows as YAML and JSON hold them: every character kept (both escape control
    characters), but a lone surrogate, which UTF-8 cannot write, made U+FFFD."""
    return [deep({c: row[c] for c in columns if row.get(c) not in (None, "", [])}, encodable) for row in rows]


def write_yaml(path: Path, columns: list[str], rows: list[dict]) -> None:
    import yaml

    data = _data(columns, rows)
    with atomic_path(path) as tmp:
        tmp.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def write_json(path: Path, columns: list[str], rows: list[dict]) -> None:
    data = _data(columns, rows)
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


WRITERS = {".csv": write_csv, ".xlsx": write_xlsx, ".yaml": write_yaml, ".yml": write_yaml, ".json": write_json}


def write(path: Path, columns: list[str], rows: list[dict]) -> list[Diagnostic]:
    """Write by the file's ending (ValueError for others); returns the warnings (XLSX cells cut)."""
    try:
        writer = WRITERS[Path(path).suffix.lower()]
    except KeyError:
        raise ValueError(f"cannot write {Path(path).suffix} files; use .csv, .xlsx, .yaml or .json") from None
    return writer(Path(path), columns, rows) or []
