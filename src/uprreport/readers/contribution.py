"""Read one contribution folder: contributor.yaml, implementation table, fragments."""

from __future__ import annotations

from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.contribution import Contributor, ImplementationRow
from uprreport.model.project import Contribution, Fragment
from uprreport.readers import markdown, schema, tables, yamlfile

IMPL_COLUMNS = set(ImplementationRow.model_fields)
IMPL_ALIASES = {"recommendation_id": "recommendation", "id": "recommendation", "rec": "recommendation",
                "action": "actions", "actions_taken": "actions", "indicator": "indicators",
                "responsible": "responsible_body", "partner": "partners"}
IGNORED = {".ds_store", "readme.md", "readme.txt", "thumbs.db"}


def read(folder: Path, root: Path) -> tuple[Contribution, list[tuple[Fragment, str]], list[Diagnostic]]:
    """Return the contribution, its Markdown fragments' bodies still to parse, and diagnostics."""
    slug = folder.name
    shown_dir = folder.relative_to(root).as_posix()
    contributor, _pos, diags = yamlfile.read_model(Contributor, folder / "contributor.yaml",
                                                   f"{shown_dir}/contributor.yaml")
    contrib = Contribution(slug, shown_dir, contributor)
    pending: list[tuple[Fragment, str]] = []
    impl_files = []
    for f in sorted(folder.iterdir()):
        if f.name.startswith((".", "~$")) or f.name.lower() in IGNORED or f.name == "contributor.yaml":
            continue
        shown = f"{shown_dir}/{f.name}"
        if f.stem.lower() == "implementation" and f.suffix.lower() in (".csv", ".xlsx"):
            impl_files.append((f, shown))
        elif f.suffix.lower() == ".md":
            text, err = _read_text(f, shown)
            if err:
                diags.append(err)
                continue
            split, more = markdown.split(text, shown)
            diags.extend(more)
            if split.meta is None:
                continue
            if not split.body.strip():
                diags.append(make("fragment-empty", Location(shown, line=split.body_line),
                                  "this fragment has front matter but no text"))
            frag = Fragment(split.meta, [], shown, slug, split.meta_location)
            pending.append((frag, split.body))
            contrib.fragments.append(frag)
        elif f.is_file():
            diags.append(make("fragment-format", Location(shown),
                              f"'{f.suffix or f.name}' files are not read; narrative text goes in .md files "
                              "and implementation data in implementation.csv or .xlsx"))
    if len(impl_files) > 1:
        diags.append(make("file-unreadable", Location(impl_files[1][1]),
                          f"two implementation tables ({impl_files[0][0].name}, {impl_files[1][0].name}); keep one"))
    for f, shown in impl_files[:1]:
        rows, more = _implementation(f, shown)
        contrib.implementation = rows
        diags.extend(more)
    return contrib, pending, diags


def _read_text(path: Path, shown: str) -> tuple[str, Diagnostic | None]:
    try:
        return path.read_text(encoding="utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return "", make("file-unreadable", Location(shown),
                        f"not UTF-8 text (byte {exc.start}); save it as UTF-8")


def _implementation(path: Path, shown: str):
    table, diags = tables.read_table(path, shown)
    if table is None:
        return [], diags
    columns = [IMPL_ALIASES.get(c, c) for c in table.columns]
    for need in ("recommendation", "status"):
        if need not in columns:
            diags.append(make("table-missing-column", Location(shown, row=1),
                              f"no '{need}' column; implementation tables need recommendation and status "
                              "(and optionally actions, indicators, responsible_body, partners, timeframe, evidence)"))
            return [], diags
    for c in columns:
        if c and c not in IMPL_COLUMNS:
            diags.append(make("table-unknown-column", Location(shown, row=1, field=c),
                              f"column '{c}' is not used; known columns: {', '.join(sorted(IMPL_COLUMNS))}"))
    rows = []
    for n, cells in table.rows:
        data = {IMPL_ALIASES.get(k, k): v for k, v in cells.items() if IMPL_ALIASES.get(k, k) in IMPL_COLUMNS}
        loc = Location(shown, row=n)
        row, more = schema.validate(ImplementationRow, data, loc)
        diags.extend(more)
        if row is not None:
            rows.append((loc, row))
    return rows, diags
