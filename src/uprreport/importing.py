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

from uprreport.diagnostics import Diagnostic, Location, Severity
from uprreport.errors import UprError, UsageError
from uprreport.model.register import join_list
from uprreport.readers import package, tables, yamlfile
from uprreport.writers import table as table_writer

REGISTER_COLUMNS = ["id", "text", "states", "position", "themes", "sdgs", "affected_persons", "mechanism",
                    "source", "position_source", "note", "response", "action_category", "related", "theme_codes"]


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
        return join_list(value)
    return str(value).strip()


def read_raw(path: Path, shown: str) -> tuple[list[str], list[dict]]:
    """The register as it is on disk: its columns in order and its rows as text cells."""
    if not package.is_file(path):
        return [], []
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        pos, diags = yamlfile.read_positioned(path, shown)
        if pos is None:
            raise UprError(f"cannot read the register {shown}", diagnostics=diags)
        data = pos.data.get("recommendations", pos.data or None) if isinstance(pos.data, dict) else pos.data
        if data is not None and not isinstance(data, list):   # an import would write over it
            raise UprError(f"the register {shown} is not a list of recommendations, so nothing was imported into it",
                           hint=f"correct {shown} (`uprreport validate` says where), or point 'register:' in "
                                "report.yaml at another file")
        rows = [{k: cell(v) for k, v in item.items()} for item in data or [] if isinstance(item, dict)]
        columns = list(dict.fromkeys(k for row in rows for k in row))
        return columns, rows
    data, diags = tables.read_table(path, shown)
    if data is None:
        raise UprError(f"cannot read the register {shown}", diagnostics=diags)
    return list(data.columns), [row for _n, row in data.rows]


def project_register(root: Path) -> tuple[Path, str, str]:
    """(register path, shown name, default source symbol) of the project at ``root``."""
    from uprreport.readers.project import read_manifest

    manifest, _pos, diags = read_manifest(Path(root))
    if manifest is None:
        raise UsageError(f"'{root}' is not a report project (no readable report.yaml)", diagnostics=diags,
                         hint="create one with `uprreport init`, or give the project folder")
    name = getattr(manifest, "register_file", None) or "recommendations.csv"
    if Path(name).suffix.lower() not in table_writer.WRITERS:   # an import writes the register back
        raise UprError(f"the register '{name}' named in report.yaml is not a .csv, .xlsx, .yaml or .json file, "
                       "so nothing can be imported into it",
                       hint="set 'register:' in report.yaml to a file ending in .csv, .xlsx, .yaml or .json")
    return Path(root) / name, name, getattr(manifest, "previous_review", None) or ""


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
        mine = [c for c in owned if c in new]   # a column the source does not give is left as it is
        diff = [c for c in mine if cell(old.get(c)) != new[c]]
        for c in mine:
            old[c] = new[c]
        (result.changed if diff else result.unchanged).append(new["id"])
    result.kept = len(rows) - len(seen & set(index))
    if result.added or result.changed or not package.is_file(path):
        order = columns + [c for c in REGISTER_COLUMNS if c not in columns and any(r.get(c) for r in rows)]
        order += [c for r in rows for c in r if c not in order]
        result.diagnostics = table_writer.write(path, list(dict.fromkeys(order)), rows)
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


def import_ohchr(docx: Path, root: Path) -> ImportResult:
    """Import OHCHR's thematic list of recommendations (.docx) into the project's register."""
    import tempfile

    from uprreport.readers import legacy, ohchr_matrix

    from uprreport.readers.project import read_manifest

    manifest, _pos, _diags = read_manifest(Path(root))
    terms = getattr(manifest, "import_terms", None)
    if Path(docx).suffix.lower() in legacy.FORMATS:   # Word 97 copies of the lists, RTF, OpenDocument
        with tempfile.TemporaryDirectory(prefix="uprreport-legacy-") as staging:
            converted, diags = legacy.to_docx(Path(docx), Path(docx).name, Path(staging))
            if converted is None:
                raise UprError(f"no recommendations imported from {Path(docx).name}", diagnostics=diags)
            rows, more = ohchr_matrix.read(converted, Path(docx).name, terms)
            diags += more
    else:
        rows, diags = ohchr_matrix.read(Path(docx), Path(docx).name, terms)
    if not rows or any(d.severity is Severity.ERROR for d in diags):
        raise UprError(f"no recommendations imported from {Path(docx).name}", diagnostics=diags)
    result = merge(Path(root), [ohchr_matrix.register_row(r) for r in rows], ohchr_matrix.OWNED)
    symbols = sorted({r.source for r in rows if r.source})
    followed = getattr(manifest, "previous_review", None)
    if symbols and followed and followed not in symbols:
        from uprreport.diagnostics import make

        diags.append(make("import-symbol", Location("report.yaml", field="previous_review"),
                          f"the list holds recommendations of {', '.join(symbols)}, but report.yaml follows up "
                          f"{followed}: set 'previous_review: {symbols[0]}' if this report follows up this list"))
    result.diagnostics = diags + result.diagnostics
    return result


def import_uprinfo(export: Path, root: Path, state: str, session: str | None = None,
                   paragraph: int | None = None) -> ImportResult:
    """Import a UPR Info export for one State (and session) into the project's register.

    UPR Info gives no paragraph numbers. With ``paragraph``, rows become recommendations
    ``paragraph.1``, ``paragraph.2`` … in the export's order (for a register built from UPR
    Info alone). Without it, each row is matched to a register recommendation of the same
    recommending State with (nearly) the same wording, and only the action category and
    UPR Info's issues are added; unmatched rows are reported, not invented.
    """
    from uprreport.diagnostics import make
    from uprreport.readers import uprinfo

    rows, diags = uprinfo.read(Path(export), Path(export).name, state, session)
    if not rows:
        raise UprError(f"no rows for '{state}'{f' in session {session}' if session else ''} in {Path(export).name}",
                       diagnostics=diags, hint="check the spelling of the State as in the export's 'To' column")
    if paragraph is not None:
        incoming = [uprinfo.register_row(r, f"{paragraph}.{i}") for i, r in enumerate(rows, 1)]
        result = merge(Path(root), incoming, uprinfo.OWNED)
        result.diagnostics = diags + result.diagnostics
        return result
    path, shown, _default = project_register(Path(root))
    _columns, register = read_raw(path, shown)
    matched, _unmatched = match_texts(register, [(r.recommending_state, r.text) for r in rows])
    incoming = [{**reg_row, **uprinfo.enrichment(r)} for r, reg_row in zip(rows, matched) if reg_row is not None]
    result = merge(Path(root), incoming, uprinfo.ENRICHED)
    for r in (r for r, m in zip(rows, matched) if m is None):
        diags.append(make("import-unmatched", Location(Path(export).name, row=r.row),
                          f"no recommendation of {r.recommending_state} with this wording in the register: "
                          f"{r.text[:80]}…"))
    result.diagnostics = diags + result.diagnostics
    return result


def import_impact(csv_path: Path, root: Path) -> ImportResult:
    """Import an IMPACT OSS recommendations CSV into the project's register."""
    from uprreport.readers import impact

    rows, diags = impact.read(Path(csv_path), Path(csv_path).name)
    if not rows:
        raise UprError(f"no recommendations read from {Path(csv_path).name}", diagnostics=diags)
    result = merge(Path(root), rows, impact.OWNED)
    result.diagnostics = diags + result.diagnostics
    return result


def import_wgreport(report: Path, root: Path, addendum: Path | None = None) -> ImportResult:
    """Import the recommendations of a Working Group report, with the positions its addendum gives."""
    from uprreport.readers import wgreport

    got = wgreport.read(Path(report), Path(addendum) if addendum else None)
    if not got.recommendations or any(d.severity is Severity.ERROR for d in got.diagnostics):
        raise UprError(f"no recommendations imported from {Path(report).name}", diagnostics=got.diagnostics)
    incoming = []
    for r in got.recommendations:
        row = {"id": r.id, "text": r.text, "states": r.states, "mechanism": "UPR", "source": r.source}
        if r.position:
            row["position"] = r.position
        incoming.append(row)
    result = merge(Path(root), incoming, ["text", "states", "position", "mechanism"])
    result.diagnostics = got.diagnostics + result.diagnostics
    return result
