"""Read the recommendations register from CSV, XLSX, YAML or JSON."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.register import Recommendation, from_row
from uprreport.readers import package, schema, tables, yamlfile

COLUMNS = set(Recommendation.model_fields)
# Header spellings seen in practice, mapped to field names.
ALIASES = {"recommendation": "text", "recommending_states": "states", "recommending_state": "states",
           "state": "states", "theme": "themes", "sdg": "sdgs", "affected_groups": "affected_persons",
           "groups_of_persons": "affected_persons", "ref": "id", "reference": "id"}
# Columns `uprreport export register` writes that are worked out from others (the first
# theme's title, an estimated category, the earlier recommendations it repeats): read back,
# they are left aside.
EXPORTED = {"action_category_estimated", "previously"}


def _fields(cells: dict) -> dict:
    """A row's known fields by their names: a header spelt another way ('theme',
    'recommendation') is read as the field, unless the row has the field under its own name
    too (an export has 'theme', the first theme's title, beside 'themes', all of them)."""
    out = {k: v for k, v in cells.items() if k in COLUMNS}
    for k, v in cells.items():
        name = ALIASES.get(k)
        if name is not None and name not in out:
            out[name] = v
    return out


def _fits(columns: list[str]) -> bool:
    """A header row of a register (a worksheet of instructions has none)."""
    return {"id", "text"} <= {ALIASES.get(c, c) for c in columns}


def _numbers(numeric: set[int], ids: list[tuple[Location, object]]) -> list[Diagnostic]:
    """Ids Excel holds as numbers lose trailing zeros (140.10 becomes 140.1): an error where
    the paragraph has ten recommendations or more, so that the id may have lost one.
    ``ids``: (location, the row's id cell, or None for a row that is no set of fields)."""
    if not numeric:
        return []
    per_paragraph: dict[str, int] = {}
    for _loc, rid in ids:
        para = str(rid).split(".")[0] if rid is not None else ""
        per_paragraph[para] = per_paragraph.get(para, 0) + 1
    bad = [loc for loc, rid in ids if loc.row in numeric and rid is not None
           and per_paragraph.get(str(rid).split(".")[0], 0) >= 10]
    if not bad:
        return []
    rows = ", ".join(str(loc.row) for loc in bad[:30]) + (" …" if len(bad) > 30 else "")
    return [make("id-as-number", replace(bad[0], field="id"),
                 f"{len(bad)} id{'s' * (len(bad) != 1)} (rows {rows}) are numbers in Excel, which drops trailing "
                 "zeros: 140.10 is stored as 140.1, another recommendation. Format the id column as Text "
                 "(select it, Format Cells > Text) and type those ids again")]


def read(path: Path, shown: str) -> tuple[list[Recommendation], dict[str, Location], list[Diagnostic]]:
    """Return (recommendations, id -> location, diagnostics); bad rows are left out. The
    recommendations are those the project follows up: an earlier cycle's, kept in the
    register to link to (``read_cycles``), are not among them."""
    recs, where, diags, _earlier = read_cycles(path, shown)
    return recs, where, diags


def current_cycle(recs) -> int | None:
    """The cycle of the recommendations followed up: rows without a cycle when there are
    any (an import without --cycle leaves it empty), else the latest cycle written."""
    cycles = {r.cycle for r in recs}
    return None if None in cycles or not cycles else max(cycles)


def read_cycles(path: Path, shown: str) -> tuple[list[Recommendation], dict[str, Location], list[Diagnostic],
                                                 list[Recommendation]]:
    """``read``'s (recommendations, id -> location, diagnostics) and the earlier cycles'
    recommendations: ids are unique within a cycle (docs/linking.md)."""
    if not package.is_file(path):
        return [], {}, [make("file-missing", Location(shown),
                             "the recommendations register is missing; create it or set 'register:' "
                             "in report.yaml to its path")], []
    suffix = path.suffix.lower()
    entries: list[tuple[Location, dict]] = []
    diags: list[Diagnostic] = []
    line_of = None
    numeric: set[int] = set()   # rows whose id Excel holds as a number (workbooks only)
    if suffix in (".yaml", ".yml", ".json"):
        pos, diags = yamlfile.read_positioned(path, shown)
        if pos is None:
            return [], {}, diags, []
        data = pos.data.get("recommendations") if isinstance(pos.data, dict) else pos.data
        offset = ("recommendations",) if isinstance(pos.data, dict) else ()
        if not isinstance(data, list):
            return [], {}, diags + [make("field-invalid", Location(shown, line=1),
                                         "expected a list of recommendations")], []
        for i, item in enumerate(data):
            if isinstance(item, dict):   # own names kept, so that a misspelt key is reported
                item = {k: v for k, v in item.items() if k in COLUMNS or k not in ALIASES and k not in EXPORTED} \
                    | {k: v for k, v in _fields(item).items() if k not in item}
            entries.append((Location(shown, line=pos.line_of(offset + (i,))), item))
        line_of = lambda loc, i: pos.line_of(offset + (i,) + tuple(loc))  # noqa: E731
    else:
        table, diags = tables.read_table(path, shown, fits=_fits)
        if table is None:
            return [], {}, diags, []
        columns = [ALIASES.get(c, c) for c in table.columns]
        id_column = next((c for c in table.columns if ALIASES.get(c, c) == "id"), None)
        numeric = {n for n, c in table.numeric if c == id_column}
        for need in ("id", "text", "position"):
            if need not in columns:
                diags.append(make("table-missing-column", table.at(row=1),
                                  f"no '{need}' column; the register needs columns id, text, position "
                                  "(and optionally states, themes, sdgs, affected_persons, mechanism, source)"))
        if any(d.code == "table-missing-column" for d in diags):
            return [], {}, diags, []
        for c in columns:
            # Columns of your own (notes, status...) are kept and ignored; one that looks like
            # a misspelt known column is reported.
            near = difflib.get_close_matches(c, COLUMNS, n=1, cutoff=0.8) if c and c not in COLUMNS else []
            if near:
                diags.append(make("table-unknown-column", table.at(row=1, field=c),
                                  f"column '{c}' is not used; did you mean '{near[0]}'?"))
        plan = None   # (field, column) for every row: a table's rows all have its columns
        as_read = False   # the columns are the fields, and no other: a row's cells are its fields
        for n, cells in table.rows:
            if plan is None:
                plan = list(_fields({c: c for c in cells}).items())
                as_read = len(plan) == len(cells) and all(name == c for name, c in plan)
            entries.append((table.at(row=n), cells if as_read else {name: cells[c] for name, c in plan}))
        del table

    recs: list[Recommendation] = []
    where: dict[str, Location] = {}
    # each row's cells are let go once its recommendation is made, so that the two are not
    # all held at once (a 100,000-row register: tens of MB); the ids Excel held as numbers
    # are checked on (location, id) pairs kept apart
    ids = [(loc, item.get("id", "") if isinstance(item, dict) else None) for loc, item in entries] \
        if numeric else []
    seen: dict = {}   # list cells and the names in them, shared by this reading's rows (model/register._split)
    for i, (loc, item) in enumerate(entries):
        entries[i] = None
        if not isinstance(item, dict):
            diags.append(make("field-invalid", loc, "each recommendation must be a set of 'key: value' fields"))
            continue
        rec = from_row(item, stripped=True, seen=seen) if line_of is None else None   # a table's row (cells stripped)
        if rec is None:
            if line_of is not None:
                rec, more = schema.validate(Recommendation, item, loc, line_of=lambda l, i=i: line_of(l, i))
            else:
                rec, more = schema.validate(Recommendation, item, loc)
            diags.extend(more)
            if rec is None:
                continue
        key = rec.id if rec.cycle is None else (rec.cycle, rec.id)   # ids are unique within a cycle
        if key in where and loc.row in numeric:
            continue   # reported below: Excel turned 140.10 into 140.1
        if key in where:
            of = "" if rec.cycle is None else f" of cycle {rec.cycle}"
            diags.append(make("rec-duplicate", loc, f"recommendation {rec.id}{of} is already defined at "
                              f"{where[key]}; keep one row per id (merge the recommending States)"))
            continue
        where[key] = loc
        recs.append(rec)
    diags.extend(_numbers(numeric, ids))
    if not entries and not diags:
        diags.append(make("register-empty", Location(shown), "the register has no recommendations"))
    current = current_cycle(recs)
    if current is None and not any(r.cycle is not None for r in recs):
        return recs, where, diags, []
    now = [r for r in recs if r.cycle == current]
    earlier = [r for r in recs if r.cycle != current]
    return now, {r.id: where[r.id if r.cycle is None else (r.cycle, r.id)] for r in now}, diags, earlier
