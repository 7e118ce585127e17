"""Bring recommendations from outside sources into a project's register, in place.

Rows are matched on (source document, id). An import sets the columns it knows (text,
States, position, themes ...) and leaves every other column of existing rows as it was
(a drafter's status or notes column survives); rows it does not bring are kept. Running
the same import twice changes nothing and does not even rewrite the file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location
from uprreport.errors import UprError, UsageError
from uprreport.readers import tables, yamlfile
from uprreport.writers import table as table_writer

REGISTER_COLUMNS = ["id", "text", "states", "position", "themes", "sdgs", "affected_persons", "mechanism",
                    "source", "position_source", "response", "action_category", "related"]


@dataclass
class ImportResult:
    path: Path
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: int = 0                       # rows of the register the import did not bring
    diagnostics: list[Diagnostic] = field(default_factory=list)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value).strip()


def read_raw(path: Path, shown: str) -> tuple[list[str], list[dict]]:
    """The register as it is on disk: its columns in order and its rows as text cells."""
    if not path.is_file():
        return [], []
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        pos, diags = yamlfile.read_positioned(path, shown)
        if pos is None:
            raise UprError(f"cannot read the register {shown}", diagnostics=diags)
        data = pos.data.get("recommendations") if isinstance(pos.data, dict) else pos.data
        rows = [{k: cell(v) for k, v in item.items()} for item in data or [] if isinstance(item, dict)]
        columns = list(dict.fromkeys(k for row in rows for k in row))
        return columns, rows
    data, diags = tables.read_table(path, shown)
    if data is None:
        raise UprError(f"cannot read the register {shown}", diagnostics=diags)
    return list(data.columns), [row for _n, row in data.rows]


def project_register(root: Path) -> tuple[Path, str, str]:
    """(register path, shown name, default source symbol) of the project at ``root``."""
    manifest = Path(root) / "report.yaml"
    pos, diags = yamlfile.read_positioned(manifest, "report.yaml")
    if pos is None or not isinstance(pos.data, dict):
        raise UsageError(f"'{root}' is not a report project (no readable report.yaml)", diagnostics=diags,
                         hint="create one with `uprreport init`, or give the project folder")
    name = str(pos.data.get("register") or "recommendations.csv")
    return Path(root) / name, name, str(pos.data.get("previous_review") or "")


def merge(root: Path, incoming: list[dict], owned: list[str]) -> ImportResult:
    """Merge ``incoming`` rows (register fields) into the register of the project at ``root``."""
    path, shown, default_source = project_register(root)
    columns, rows = read_raw(path, shown)
    key = lambda row: (cell(row.get("source")) or default_source, cell(row.get("id")))  # noqa: E731
    index = {key(row): row for row in rows}
    result = ImportResult(path)
    seen = set()
    for new in incoming:
        new = {c: cell(v) for c, v in new.items()}
        k = key(new)
        if k in seen:
            continue
        seen.add(k)
        old = index.get(k)
        if old is None:
            rows.append(new)
            index[k] = new
            result.added.append(new["id"])
            continue
        diff = [c for c in owned if cell(old.get(c)) != new.get(c, "")]
        for c in owned:
            old[c] = new.get(c, "")
        (result.changed if diff else result.unchanged).append(new["id"])
    result.kept = len(rows) - len(seen & set(index))
    if result.added or result.changed or not path.is_file():
        order = columns + [c for c in REGISTER_COLUMNS if c not in columns and any(r.get(c) for r in rows)]
        order += [c for r in rows for c in r if c not in order]
        table_writer.write(path, list(dict.fromkeys(order)), rows)
    return result


def located(diags: list[Diagnostic], shown: str) -> list[Diagnostic]:
    return [d if d.location.path else Diagnostic(d.code, d.severity, Location(shown), d.message) for d in diags]


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def match_texts(register: list[dict], wanted: list[tuple[str, str]], cutoff: float = 0.85):
    """For each (recommending State, text), the register row of that State whose text is
    the same or nearly (difflib ratio >= ``cutoff``), or None. Returns (matches, count of
    rows left unmatched)."""
    by_state: dict[str, list[tuple[str, dict]]] = {}
    for row in register:
        for state in re.split(r"\s*;\s*", row.get("states", "")):
            by_state.setdefault(state.lower(), []).append((_norm(row.get("text", "")), row))
    out = []
    for state, text in wanted:
        norm = _norm(text)
        candidates = by_state.get(state.lower(), [])
        best, best_ratio = None, cutoff
        for reg_text, row in candidates:
            if reg_text == norm or norm in reg_text:
                best = row
                break
            ratio = difflib.SequenceMatcher(None, norm, reg_text).ratio()
            if ratio >= best_ratio:
                best, best_ratio = row, ratio
        out.append(best)
    return out, sum(1 for m in out if m is None)
