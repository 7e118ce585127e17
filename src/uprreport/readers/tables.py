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
    # (row, column) -> the formula a cell holds ("=see annex"), when read with formulas=True
    formulas: dict[tuple[int, str], str] = field(default_factory=dict)

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
    from uprreport.readers import package

    try:
        refused = package.too_large(path, package.MAX_TABLE, "a CSV table")
        if refused:
            return None, [make("file-refused", Location(shown), f"{refused}; split it, or save it as .xlsx "
                               "(compressed)")]
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


def read_xlsx(path: Path, shown: str, sheet: str | None = None, fits=None, *, distinct: bool = False,
              formulas: bool = False) -> tuple[TableData | None, list[Diagnostic]]:
    """A worksheet of the workbook: the one named ``sheet``, else the first whose header row
    ``fits`` (a test of the normalised column names), else the first. Offices put a sheet of
    instructions first, or keep a table on its third sheet. The file passes the package
    gate (zip bombs, macros, encryption) before it is opened. With ``formulas``, cells
    holding a formula are read as ``_formula_cells`` says and each is reported (``cell-formula``)."""
    from uprreport.readers import package

    gate = package.check(path, "Excel")
    if gate.problem:
        return None, [make("file-refused", Location(shown), f"this file {gate.problem}")]
    return _read_workbook(path, shown, sheet, fits, "open it in Excel and save it again as .xlsx", distinct,
                          formulas)


def read_other_workbook(path: Path, shown: str, sheet: str | None = None, fits=None, *, distinct: bool = False):
    """An Excel 97-2003 (.xls) or OpenDocument (.ods) workbook."""
    from uprreport.readers.package import MAX_FILE

    if path.stat().st_size > MAX_FILE:
        return None, [make("file-refused", Location(shown), f"this file is larger than {MAX_FILE // (1024 * 1024)} "
                           "MB; split it")]
    return _read_workbook(path, shown, sheet, fits,
                          "open it in Excel or LibreOffice and save it again as .xlsx", distinct)


def _read_workbook(path: Path, shown: str, sheet: str | None, fits, remedy: str, distinct: bool = False,
                   formulas: bool = False):
    """Any workbook (.xlsx, .xlsm, .xls, .ods) through calamine: the values saved with the
    file (no macros run, no formulas computed), rows counted from A1 as Excel numbers them.
    calamine is a compiled reader that imports in milliseconds, where openpyxl (and numpy
    behind it) takes a fifth of a second: validation of a project with a workbook pays only
    for reading it (docs/toolchain.md). calamine gives a formula's saved value only: nothing
    for a formula saved without one or whose value is an error, so with ``formulas`` the
    worksheet's own XML is read for them too (.xlsx and .xlsm)."""
    from python_calamine import CalamineWorkbook

    from uprreport.readers import workbook_cache

    how_read = workbook_cache.how(sheet, fits, distinct, formulas)
    head, kept, cache_file = workbook_cache.get(path, how_read)
    if kept is not None and len(head) == 4:
        columns, numeric, chosen, several = head
        data = TableData(list(columns), kept, shown=shown, sheet=chosen if several else None,
                         numeric=set(numeric))
        return data, []
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        read: dict[str, list] = {}   # a worksheet looked at to choose is not read again

        def rows(name):
            if name not in read:
                read[name] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            return read[name]

        chosen = _choose(names, sheet, fits, rows)
        values = rows(chosen) if chosen else []
        read.clear()
    except Exception as exc:   # calamine raises its own kinds for damaged files
        return None, [make("xlsx-unreadable", Location(shown),
                           f"cannot read this workbook ({type(exc).__name__}); {remedy}")]
    data = TableData([], shown=shown, sheet=chosen if len(names) > 1 else None)
    found: dict[tuple[int, int], _Formula] = {}
    if formulas and chosen and path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            found = _formula_cells(path, chosen)
        except Exception:    # what calamine read, it read; a part it skipped is not a reason to fail
            found = {}
    if not values:
        return data, []
    diags: list[Diagnostic] = []
    header, rows_iter = values[0], _consumed(values)
    del values
    data = _from_values(header, rows_iter, data, distinct, found, diags)
    if cache_file is not None and not diags and not data.formulas:   # kept as read without a problem
        workbook_cache.put(cache_file, (data.columns, sorted(data.numeric), chosen, len(names) > 1), data.rows,
                           path, how_read)
    return data, diags


def _consumed(values: list):
    """The rows after the header of ``values``, each let go once read, so that a large
    worksheet is not held twice (as calamine's values and as the table's cells)."""
    for i in range(1, len(values)):
        row, values[i] = values[i], None
        yield row


def _choose(names: list[str], sheet: str | None, fits, rows) -> str | None:
    if sheet and sheet in names:
        return sheet
    if fits is not None:
        for name in names:
            values = rows(name)
            if values and fits([normalise_header(h) for h in values[0]]):
                return name
    return names[0] if names else None


def _from_values(header, rows, data: TableData, distinct: bool = False, formulas=None,
                 diags: list[Diagnostic] | None = None) -> TableData:
    """``data`` filled from a workbook's cell values: the header row, then rows of values
    (None for an empty cell); numbers are remembered (an id typed as a number loses zeros).
    ``formulas`` ((row, column) from 0 -> _Formula) gives the text of formula cells saved
    without a value; each formula cell of a row read is reported into ``diags``."""
    data.columns = columns = _headers(header, distinct)
    by_row: dict[int, list] = {}
    for (r, j), formula in (formulas or {}).items():
        if j < len(columns) and columns[j]:
            by_row.setdefault(r + 1, []).append((j, formula))
    append = data.rows.append
    for n, values in enumerate(rows, start=2):
        # text as it is; other values (None, numbers, dates) as _cell_text says
        cells = [v if type(v) is str else "" if v is None else _cell_text(v) for v in values]
        notes = []
        if by_row and n in by_row:
            for j, formula in sorted(by_row[n], key=lambda x: x[0]):
                cells += [""] * (j + 1 - len(cells))
                if not formula.cached:
                    cells[j] = formula.typed
                notes.append((j, formula, cells[j]))
        if not any(c.strip() for c in cells):
            continue
        for j, formula, text in notes:
            data.formulas[(n, columns[j])] = "=" + formula.text
            if diags is not None:
                diags.append(make("cell-formula", data.at(row=n, field=columns[j]),
                                  formula.message(columns[j], f"{_letters(j)}{n}", text.strip())))
        if any(type(v) is not str and v is not None for v in values):
            for c, v in zip(columns, values):
                if c and isinstance(v, (int, float)) and not isinstance(v, bool):
                    data.numeric.add((n, c))
        if len(cells) < len(columns):
            cells += [""] * (len(columns) - len(cells))
        append((n, {c: v.strip() for c, v in zip(columns, cells) if c}))
    return data


@dataclass(frozen=True)
class _Formula:
    """A cell holding a formula, as its worksheet XML has it."""

    text: str             # the formula without its "=" ("" for a copy of a shared formula)
    cached: bool          # a value was saved with it (an error value is none)
    error: str = ""       # the error value saved with it ("#NAME?", "#VALUE!"), if any

    @property
    def typed(self) -> str:
        """What was most likely typed into the cell. Excel and LibreOffice make a formula of
        text that begins with '+' or '-' (Excel of '@' too) by putting '=' before it, so
        that '=' is dropped; any other formula was typed with its '=', which is kept."""
        shown = re.sub(r"_xl(?:fn|ws)\.", "", self.text)    # Excel's prefix of newer functions
        return shown if shown[:1] in ("+", "-", "@") else ("=" + shown if shown else "")

    def message(self, column: str, cell: str, text: str) -> str:
        where = f"column '{column}' (cell {cell}) holds a formula"
        shown = re.sub(r"_xl(?:fn|ws)\.", "", self.text)
        retype = ("if it is text, type it again with an apostrophe first ('=…), which Excel and LibreOffice "
                  "keep as text")
        if self.cached:
            return f"{where}, ={shown}: the value saved with it, '{text}', was read; {retype}"
        if not self.text:
            return (f"{where} copied from another cell, saved without a value: nothing could be read from it; "
                    "type the text again")
        why = f"whose value is the error {self.error}" if self.error else "saved without a value"
        return f"{where} {why}: its text, '{text}', was read as typed; {retype}"


def _letters(index: int) -> str:
    """0 -> 'A', 26 -> 'AA': a column as Excel names it."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


_CELL = re.compile(r"([A-Z]+)([0-9]+)$")
_SML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _formula_cells(path: Path, sheet: str) -> dict[tuple[int, int], _Formula]:
    """The formula cells of worksheet ``sheet`` of an .xlsx: (row, column) counted from 0 ->
    the formula, whether a value was saved with it, and the error saved. The worksheet's
    XML is parsed only when it holds a formula at all. Excel saves every formula with its
    value; LibreOffice too, an error value ('#NAME?' for "=see annex") included; openpyxl and
    other programs that write formulas without computing them save none."""
    import posixpath
    import zipfile

    from uprreport.ooxml.ns import parse

    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        book = parse(z.read("xl/workbook.xml"))
        rid = next((s.get(_REL) for s in book.iter(f"{_SML}sheet") if s.get("name") == sheet), None)
        rels = parse(z.read("xl/_rels/workbook.xml.rels"))
        target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
        if not target:
            return {}
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part not in names:
            return {}
        raw = z.read(part)
    if b"<f" not in raw and b":f" not in raw:
        return {}
    out: dict[tuple[int, int], _Formula] = {}
    row_no = 0
    for row in parse(raw).iter(f"{_SML}row"):
        row_no = int(row.get("r") or row_no + 1)
        col = -1
        for c in row.iter(f"{_SML}c"):
            ref = _CELL.match(c.get("r") or "")
            col = _index(ref.group(1)) if ref else col + 1
            f = c.find(f"{_SML}f")
            if f is None:
                continue
            v = c.find(f"{_SML}v")
            kind = c.get("t") or "n"
            value = v.text if v is not None else None
            error = (value or "") if kind == "e" else ""
            cached = kind != "e" and value is not None and (value != "" or kind == "str")
            out[(row_no - 1, col)] = _Formula(f.text or "", cached, error)
    return out


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")   # the endings read by calamine


def read_table(path: Path, shown: str, sheet: str | None = None, fits=None, *, distinct: bool = False,
               formulas: bool = False) -> tuple[TableData | None, list[Diagnostic]]:
    """Read a .csv or .xlsx file (``sheet``, ``fits``: which worksheet, see read_xlsx;
    ``distinct``: number repeated column names, see _headers; ``formulas``: read formula
    cells saved without a value as their text, and report every formula cell of an .xlsx,
    see _Formula); other endings are refused."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, shown, distinct=distinct)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, shown, sheet, fits, distinct=distinct, formulas=formulas)
    if suffix in (".xls", ".ods"):
        return read_other_workbook(path, shown, sheet, fits, distinct=distinct)
    return None, [make("file-unreadable", Location(shown), "tables must be .csv, .xlsx, .xls or .ods files")]
