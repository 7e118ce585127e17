"""Read CSV and XLSX tables as rows of text cells, each with its spreadsheet row number."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make


@dataclass
class TableData:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, cells)
    shown: str = ""                   # the file, as messages name it
    sheet: str | None = None          # the worksheet read, when the workbook has several
    numeric: set[tuple[int, str]] = field(default_factory=set)   # (row, column) of cells Excel holds as numbers

    def at(self, row: int | None = None, field: str | None = None) -> Location:
        """Where a cell is, for a message: file, sheet, row, column."""
        return Location(self.shown, row=row, field=field, sheet=self.sheet)


def normalise_header(name) -> str:
    """'Responsible body ' -> 'responsible_body', so headers may be written as people write them."""
    text = "" if name is None else str(name)
    return "_".join(text.strip().lower().replace("-", " ").split())


def _headers(header, distinct: bool) -> list[str]:
    """The normalised column names of a header row. With ``distinct``, a name met again is
    numbered ("Rgrp", "Org" twice: ``rgrp``, ``org``, then ``rgrp_2``, ``org_2``), so that no
    column's cells are lost; otherwise the last column of a name gives its cells."""
    columns = [normalise_header(h) for h in header]
    if not distinct:
        return columns
    seen: dict[str, int] = {}
    out = []
    for c in columns:
        seen[c] = seen.get(c, 0) + 1
        out.append(f"{c}_{seen[c]}" if c and seen[c] > 1 else c)
    return out


def _decode(raw: bytes, shown: str, diags: list[Diagnostic]) -> str:
    """The text of a CSV as Excel and other programs save it: UTF-16 with a byte-order mark
    (Excel's "Unicode text"), UTF-8 with or without a mark, UTF-8's mark followed by
    8-bit bytes (a UTF-8 file edited by an older program), else one of the 8-bit encodings
    of Western text: Windows-1252, Mac Roman (Excel for Mac before 2016, and the older UPR
    Info exports: "Habr\x8e" is "Habré"), or Latin-1, which decodes anything. Which one is
    judged by the letters each decoding gives (``_plausibility``), Windows-1252 winning
    unless another is clearly better; the encoding used is said, since accents may come
    out wrong."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    body = raw[3:] if bom else raw
    best = None
    for encoding, label, prior in EIGHT_BIT:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text) + prior
        if best is None or score > best[0]:
            best = (score, label, text)
    _score, label, text = best   # latin-1 decodes every byte
    how = (f"it begins as UTF-8 but holds {label} characters (probably edited in another program); read as "
           f"{label}" if bom else f"not UTF-8; read as {label}")
    diags.append(make("csv-encoding", Location(shown),
                      f"{how}. Check the accented letters, and save it as 'CSV UTF-8' in Excel to be sure"))
    return text


# The 8-bit encodings a CSV may be in, in order of preference, with the head start each has
# (ties go to the first): Windows-1252 is what Excel for Windows writes; Latin-1 is read as
# before when Windows-1252 cannot be (a byte it leaves undefined) and Mac Roman is no better.
EIGHT_BIT = (("cp1252", "Windows-1252", 1.0), ("latin-1", "Latin-1 (ISO-8859-1)", 0.0),
             ("mac_roman", "Mac Roman", 0.0))

_LOWER = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœ")
_UPPER = frozenset(c.upper() for c in _LOWER if len(c.upper()) == 1 and c.upper() != c)
_INITIAL = frozenset("ÉÀÁÓÍÚÖÄÜÅØÆÎ")          # capitals that begin words ("État", "Ángel", "Öcalan")
_RARE = frozenset("šžŠŽŸðþÐÞ")                  # letters of Western text, but seldom
_PUNCT = frozenset("’‘“”–—…«»·•\u00a0‚„¡¿§©®£ºª")
_UNITS = frozenset("€°")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _plausibility(text: str, limit: int = 5000) -> float:
    """How much the non-ASCII characters of ``text`` (the first ``limit``) look like those
    of Western text: accented letters and typographic punctuation score, what a wrong
    decoding gives (a capital inside a word, "HabrŽ", "CÙte"; a small letter inside
    capitals; a dash or symbol between letters, "Espa–a"; control characters) costs."""
    score = 0.0
    for n, found in enumerate(_NON_ASCII.finditer(text)):
        if n >= limit:
            break
        i = found.start()
        ch = text[i]
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in _LOWER or ch in _UPPER or ch in _RARE:
            if ch.isupper():
                if before.islower() or (before.isalpha() and after.islower()):
                    score -= 2
                elif not before.isalpha() and after.islower():
                    score += 1 if ch in _INITIAL else 0
                elif before.isalpha() or after.isalpha():
                    score += 1 if ch in _UPPER else 0.5
            elif (before.isupper() and after.isupper()) or (ch == "œ" and not after.isalpha()) \
                    or (ch == "ç" and after.isalpha() and after not in "aouAOU"):
                score -= 2      # "CïTE"; œ only inside words ("cœur"); ç only before a, o, u
            else:
                score += 1 if ch in _LOWER else 0.5
        elif ch in _PUNCT:
            if not (before.isalpha() and after.isalpha()):
                score += 1
            elif ch in "’‘" and not _odd_elision(text, i):
                score += 1      # "State’s", "d’Ivoire"
            else:
                score -= 2
        elif ch in _UNITS:
            score += -2 if before.isalpha() or after.isalpha() else 1
        elif unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"):
            score -= 5
        else:
            score -= 2
    return score


def _odd_elision(text: str, i: int) -> bool:
    """An apostrophe no language writes: after a long word and before one letter that no
    contraction ends with ("Defensor’a", where Mac Roman's í was read as Windows-1252)."""
    head = re.search(r"[^\W\d_]+$", text[max(0, i - 20):i])
    tail = re.match(r"[^\W\d_]+", text[i + 1:i + 20])
    return bool(head and tail and len(head.group()) >= 3 and len(tail.group()) == 1
                and tail.group() not in "sStTdDmM")


SEPARATORS = (",", ";", "\t")


def _separator(text: str) -> str:
    """The field separator: ',' (Excel in most of the world), ';' (Excel where the decimal
    separator is a comma, as in most of Europe and Latin America) or a tab (Unicode text).
    The one that splits the header into the most columns and the next lines alike wins."""
    lines = text.splitlines()[:20]
    if not lines:
        return ","
    best, score = ",", (0, 0)
    for sep in SEPARATORS:
        rows = list(csv.reader(lines, delimiter=sep))
        width = len(rows[0]) if rows else 0
        if width < 2:
            continue
        alike = sum(1 for r in rows[1:] if len(r) == width)
        if (width, alike) > score and (alike or len(rows) == 1):
            best, score = sep, (width, alike)
    return best


def _unguard(text: str) -> str:
    """Undo the apostrophe writers.table puts before a cell that would run as a formula."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def read_csv(path: Path, shown: str, *, distinct: bool = False) -> tuple[TableData | None, list[Diagnostic]]:
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
    sep = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return TableData([], shown=shown), diags
        columns = _headers(header, distinct)
        data = TableData(columns, shown=shown)
        for n, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
                what = {",": "comma", ";": "semicolon", "\t": "tab"}[sep]
                diags.append(make("csv-syntax", Location(shown, row=n),
                                  f"this row has {len(cells)} cells but the header has {len(columns)}; "
                                  f"a cell probably holds an unquoted {what} (the file's separator): "
                                  "put the cell in double quotes"))
                continue
            padded = cells + [""] * (len(columns) - len(cells))
            data.rows.append((n, {c: _unguard(v.strip()) for c, v in zip(columns, padded) if c}))
    except csv.Error as exc:
        diags.append(make("csv-syntax", Location(shown, line=reader.line_num),
                          f"the CSV cannot be parsed here ({exc}); check quotes on this line"))
        return None, diags
    return data, diags


def read_xlsx(path: Path, shown: str, sheet: str | None = None, fits=None, *, distinct: bool = False
              ) -> tuple[TableData | None, list[Diagnostic]]:
    """A worksheet of the workbook: the one named ``sheet``, else the first whose header row
    ``fits`` (a test of the normalised column names), else the first. Offices put a sheet of
    instructions first, or keep a table on its third sheet. The file passes the package
    gate (zip bombs, macros, encryption) before it is opened."""
    from uprreport.readers import package

    gate = package.check(path, "Excel")
    if gate.problem:
        return None, [make("file-refused", Location(shown), f"this file {gate.problem}")]
    return _read_workbook(path, shown, sheet, fits, "open it in Excel and save it again as .xlsx", distinct)


def read_other_workbook(path: Path, shown: str, sheet: str | None = None, fits=None, *, distinct: bool = False):
    """An Excel 97-2003 (.xls) or OpenDocument (.ods) workbook."""
    from uprreport.readers.package import MAX_FILE

    if path.stat().st_size > MAX_FILE:
        return None, [make("file-refused", Location(shown), f"this file is larger than {MAX_FILE // (1024 * 1024)} "
                           "MB; split it")]
    return _read_workbook(path, shown, sheet, fits,
                          "open it in Excel or LibreOffice and save it again as .xlsx", distinct)


def _read_workbook(path: Path, shown: str, sheet: str | None, fits, remedy: str, distinct: bool = False):
    """Any workbook (.xlsx, .xlsm, .xls, .ods) through calamine: the values saved with the
    file (no macros run, no formulas computed), rows counted from A1 as Excel numbers them.
    calamine is a compiled reader that imports in milliseconds, where openpyxl (and numpy
    behind it) takes a fifth of a second: validation of a project with a workbook pays only
    for reading it (docs/toolchain.md)."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)

        def rows(name):
            return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)

        chosen = _choose(names, sheet, fits, rows)
        values = rows(chosen) if chosen else []
    except Exception as exc:   # calamine raises its own kinds for damaged files
        return None, [make("xlsx-unreadable", Location(shown),
                           f"cannot read this workbook ({type(exc).__name__}); {remedy}")]
    data = TableData([], shown=shown, sheet=chosen if len(names) > 1 else None)
    if not values:
        return data, []
    return _from_values(values[0], iter(values[1:]), data, distinct), []


def _choose(names: list[str], sheet: str | None, fits, rows) -> str | None:
    if sheet and sheet in names:
        return sheet
    if fits is not None:
        for name in names:
            values = rows(name)
            if values and fits([normalise_header(h) for h in values[0]]):
                return name
    return names[0] if names else None


def _from_values(header, rows, data: TableData, distinct: bool = False) -> TableData:
    """``data`` filled from a workbook's cell values: the header row, then rows of values
    (None for an empty cell); numbers are remembered (an id typed as a number loses zeros)."""
    data.columns = columns = _headers(header, distinct)
    for n, values in enumerate(rows, start=2):
        cells = ["" if v is None or v == "" else _cell_text(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        for c, v in zip(columns, values):
            if c and isinstance(v, (int, float)) and not isinstance(v, bool):
                data.numeric.add((n, c))
        padded = cells + [""] * (len(columns) - len(cells))
        data.rows.append((n, {c: v.strip() for c, v in zip(columns, padded) if c}))
    return data


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def read_table(path: Path, shown: str, sheet: str | None = None, fits=None, *, distinct: bool = False
               ) -> tuple[TableData | None, list[Diagnostic]]:
    """Read a .csv or .xlsx file (``sheet``, ``fits``: which worksheet, see read_xlsx;
    ``distinct``: number repeated column names, see _headers); other endings are refused."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, shown, distinct=distinct)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, shown, sheet, fits, distinct=distinct)
    if suffix in (".xls", ".ods"):
        return read_other_workbook(path, shown, sheet, fits, distinct=distinct)
    return None, [make("file-unreadable", Location(shown), "tables must be .csv, .xlsx, .xls or .ods files")]
