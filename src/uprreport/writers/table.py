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

    openpyxl makes the workbook (styles, header, widths, validation, protection, the other
    sheets) with the sheet's header row and one row of empty cells that registers each
    column's style; the data rows are then written as SpreadsheetML text into the saved
    package in place of that row (``_rows_xml``), as openpyxl writes them (inline strings,
    every cell with its column's style), at a fraction of the time: openpyxl makes an object
    of each cell and hashes its style, some 30 s for a matrix of 100,000 recommendations.
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
    styles = []            # each column's cell style (an index of styles.xml), set on a row of empty cells
    for c, name in enumerate(columns, 1):
        cell = ws.cell(row=2, column=c)
        cell.alignment = wrap
        if locked is not None:
            if name in locked:
                cell.fill = PatternFill("solid", fgColor="E7E6E6")
            else:
                cell.protection = Protection(locked=False)
        styles.append(cell.style_id)
    if locked is not None:
        ws.protection.sheet = True
        ws.protection.formatColumns = ws.protection.autoFilter = ws.protection.sort = False
    for name, value in (properties or {}).items():
        wb.custom_doc_props.append(StringProperty(name=clean(name), value=clean(value)))
    for c, name in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(c)].width = (widths or {}).get(name, 60 if name == "text" else 18)
    ws.freeze_panes = "A2"
    dimension = f"A1:{get_column_letter(max(len(columns), 1))}{len(rows) + 1}"
    ws.auto_filter.ref = dimension
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
            made_cell = info.cell(row=info.max_row, column=1)
            made_cell.data_type = "s"    # a line starting with = is text too
            made_cell.alignment = wrap   # a long line wraps in the column, not past the window's edge
        info.column_dimensions["A"].width = 100
    made = io.BytesIO()
    wb.save(made)
    cut: list[Diagnostic] = []
    with atomic_path(path) as tmp:
        _splice(made, tmp, ws.path.lstrip("/"), dimension,
                _rows_xml(columns, rows, styles, Path(path).name, cut))
    return cut


def _splice(made: io.BytesIO, out: Path, part: str, dimension: str, rows_xml) -> None:
    """The package openpyxl ``made``, written to ``out`` with the data rows (``rows_xml``:
    chunks of SpreadsheetML rows, from row 2) in its worksheet ``part`` in place of the
    row of empty cells that registered the styles, and the sheet's ``dimension``."""
    import re
    import zipfile

    with zipfile.ZipFile(made) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != part:
                dst.writestr(info.filename, data)
                continue
            xml = data.decode("utf-8")
            end = xml.index("</sheetData>")
            at = xml.find('<row r="2"')
            head, tail = xml[:at if 0 <= at < end else end], xml[end:]
            head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', head, count=1)
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            _write_part(dst, entry, [head.encode("utf-8")], rows_xml, [tail.encode("utf-8")])


def _write_part(dst, entry, head: list[bytes], chunks, tail: list[bytes]) -> None:
    """Write the part ``entry`` of the zip ``dst``: ``head``, then ``chunks`` (text, made
    in this thread) and ``tail``, compressed in another thread (zlib lets go of the
    interpreter while it compresses: making the rows and compressing them overlap)."""
    import queue
    import threading

    pending: queue.Queue = queue.Queue(maxsize=8)
    failed: list[BaseException] = []

    def compress():
        try:
            with dst.open(entry, "w", force_zip64=True) as f:
                for data in head:
                    f.write(data)
                while (data := pending.get()) is not None:
                    f.write(data)
                for data in tail:
                    f.write(data)
        except BaseException as exc:   # noqa: BLE001 (raised again in the caller's thread)
            failed.append(exc)
            while pending.get() is not None:
                pass

    worker = threading.Thread(target=compress, name="xlsx-compress", daemon=True)
    worker.start()
    try:
        for chunk in chunks:
            if failed:
                break
            pending.put(chunk.encode("utf-8"))
    finally:
        pending.put(None)
        worker.join()
    if failed:
        raise failed[0]


def _rows_xml(columns: list[str], rows: list[dict], styles: list[int], shown: str, cut: list[Diagnostic]):
    """The data rows as SpreadsheetML, in chunks of rows, as openpyxl writes cells: a number
    as a number, anything else as an inline string (never a formula, whatever the text
    starts with), an empty cell with its style only (so that typing into it wraps, and an
    open column stays open on a protected sheet). Each cell cut to fit is added to ``cut``."""
    from openpyxl.compat import safe_string
    from openpyxl.utils import get_column_letter

    # each column's cell up to its row number, and what follows it when empty; a column's short values
    # recur (positions, States, themes, bodies): each is written once, then looked up
    cells = [(name, f'<c r="{get_column_letter(c)}', f'" s="{s}"', f'" s="{s}"/>', {})
             for c, (name, s) in enumerate(zip(columns, styles), 1)]
    parts: list[str] = []
    for r, row in enumerate(rows, 2):
        rs = str(r)
        parts.append(f'<row r="{rs}">')
        for name, head, style, empty, seen in cells:
            value = row.get(name)
            if value is None or value == "":
                parts.append(head + rs + empty)
                continue
            kind = type(value)
            if kind is str:
                key = value
            elif (kind is list or kind is tuple) and all(type(v) is str for v in value):
                key = tuple(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                parts.append(f'{head}{rs}{style} t="n"><v>{safe_string(value)}</v></c>')
                continue
            else:
                key = None
            if key is not None:
                known = seen.get(key)
                if known is not None:
                    parts.append(head + rs + known)
                    continue
            text = _text(value)
            if len(text) > EXCEL_CELL:
                full = len(text)
                text, _cut = fit_cell(text)
                cut.append(make("cell-cut", Location(shown, row=r, field=name),
                                f"the {name} in this row has {full:,} characters, more than the "
                                f"{EXCEL_CELL:,} an Excel cell holds: it was cut at a word and marked "
                                "'cut here'. Export to .csv to keep the whole text"))
                key = None
            if not text:
                cell = empty
            else:
                space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
                if "&" in text or "<" in text or ">" in text:
                    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                cell = f'{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
            if key is not None and len(text) < 200 and len(seen) < 20_000:
                seen[key] = cell
            parts.append(head + rs + cell)
        parts.append("</row>")
        if len(parts) > 20_000:
            yield "".join(parts)
            parts = []
    yield "".join(parts)


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
