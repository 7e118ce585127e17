"""Read one contribution folder: contributor.yaml, implementation table, fragments."""

from __future__ import annotations

import difflib
import functools
import tempfile
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.i18n import N_
from uprreport.model.contribution import Contributor, FragmentMeta, ImplementationRow
from uprreport.model.project import Contribution, Fragment
from uprreport.readers import docx as docx_reader
from uprreport.readers import legacy, markdown, schema, tables, yamlfile

IMPL_COLUMNS = set(ImplementationRow.model_fields)
IMPL_ALIASES = {"recommendation_id": "recommendation", "id": "recommendation", "rec": "recommendation",
                "action": "actions", "actions_taken": "actions", "indicator": "indicators",
                "responsible": "responsible_body", "partner": "partners"}
IGNORED = {".ds_store", "readme.md", "readme.txt", "thumbs.db"}
# The implementation table's columns as an input pack heads them, in the report's language
# (collection/packs.py); a header in any of the six languages is read back as its column.
IMPL_LABELS = {"recommendation": N_("recommendation"), "text": N_("text"), "position": N_("position"),
               "previous_status": N_("previous_status"), "status": N_("status"), "actions": N_("actions"),
               "indicators": N_("indicators"), "evidence": N_("evidence"), "partners": N_("partners"),
               "timeframe": N_("timeframe"), "responsible_body": N_("responsible_body"), "role": N_("role")}
# What an earlier cycle's project reported on the same recommendation received then, carried
# forward into a pack (collection/packs.py; docs/linking.md): grey and locked, never the body's
# answers. Known in any of the six languages so that they are read back as these keys, and left aside.
CARRIED_LABELS = {"earlier_cycle_status": N_("earlier_cycle_status"),
                  "earlier_cycle_actions": N_("earlier_cycle_actions"),
                  "earlier_cycle_evidence": N_("earlier_cycle_evidence")}


@functools.cache
def aliases() -> dict[str, str]:
    """Every header an implementation table may have for a column, normalised as tables read
    headers: IMPL_ALIASES, and the packs' headers in each of the report languages (those
    carried forward too: CARRIED_LABELS, read as their keys and never taken as answers)."""
    from uprreport import i18n
    from uprreport.readers.tables import normalise_header

    out = dict(IMPL_ALIASES)
    for code in i18n.CLDR:
        t = i18n.Language(code)
        for key, msgid in (IMPL_LABELS | CARRIED_LABELS).items():
            label = normalise_header(t(msgid))
            if label and label != key:
                out.setdefault(label, key)
    return out


OTHER_FORMATS = {".pdf": "a PDF cannot be merged; send the text as .docx or .md",
                 ".xls": "an old Excel file: save it as .xlsx", ".docm": "a macro-enabled Word file: save it as .docx"}


def read(folder: Path, root: Path, manifest=None) -> tuple[Contribution, list[tuple[Fragment, str]], list[Diagnostic]]:
    """Return the contribution, its Markdown fragments' bodies still to parse, and diagnostics.

    Word fragments are read here (one pandoc run each); Markdown bodies are returned so
    that the caller parses all of them in one pandoc run.
    """
    slug = folder.name
    shown_dir = folder.relative_to(root).as_posix()
    contributor, pos, diags = yamlfile.read_model(Contributor, folder / "contributor.yaml",
                                                  f"{shown_dir}/contributor.yaml")
    contrib = Contribution(slug, shown_dir, contributor)
    pending: list[tuple[Fragment, str]] = []
    impl_files = []
    files = sorted(f for f in folder.iterdir() if f.is_file())
    stems = {f.stem for f in files if f.suffix.lower() == ".docx" or f.suffix.lower() in legacy.FORMATS}
    for f in files:
        if f.name.startswith((".", "~$")) or f.name.lower() in IGNORED or f.name == "contributor.yaml":
            continue
        shown = f"{shown_dir}/{f.name}"
        suffix = f.suffix.lower()
        if f.stem.lower() == "implementation" and suffix in (".csv", ".xlsx"):
            impl_files.append((f, shown))
        elif suffix == ".md":
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
            contrib.fragments.append(frag)
            hard = markdown.check_body(split.body)
            if hard is not None:   # not given to pandoc: its placement is still checked, its text is empty
                line, message = hard
                diags.append(make("fragment-nesting", Location(shown, line=split.body_line + line - 1), message))
                continue
            pending.append((frag, split.body))
        elif suffix == ".docx" or suffix in legacy.FORMATS:
            frag, more = _word_fragment(f, shown, contributor, manifest)
            diags.extend(more)
            if frag is not None:
                contrib.fragments.append(Fragment(frag[0], frag[1], shown, slug, frag[2]))
        elif suffix in (".yaml", ".yml") and f.stem in stems:
            continue   # a Word fragment's sidecar, read with it
        elif suffix in (".yaml", ".yml"):
            diags.append(make("file-missing", Location(shown),
                              f"this file says where the Word file {f.stem}.docx goes, but there is no {f.stem}.docx "
                              "in this folder; add the Word file (saved as .docx), or remove this file"))
        else:
            hint = OTHER_FORMATS.get(suffix, "narrative text goes in .md or .docx files and implementation "
                                             "data in implementation.csv or .xlsx")
            diags.append(make("fragment-format", Location(shown), f"not read: {hint}"))
    names = {f.name for f in files}
    for name in (contributor.fragments if contributor is not None else {}):
        if name not in names:
            line = pos.line_of(("fragments", name)) if pos is not None else None
            diags.append(make("file-missing", Location(f"{shown_dir}/contributor.yaml", line=line,
                                                       field=f"fragments.{name}"),
                              f"'fragments:' places {name}, which is not in {shown_dir}/; add the file, or correct "
                              f"the name{_close(name, names)}"))
    if len(impl_files) > 1:
        diags.append(make("file-unreadable", Location(impl_files[1][1]),
                          f"two implementation tables ({impl_files[0][0].name}, {impl_files[1][0].name}); keep one"))
    for f, shown in impl_files[:1]:
        sheet = contributor.sheet if contributor is not None else None
        contrib.implementation, contrib.numeric_ids, more = _implementation(f, shown, sheet)
        diags.extend(more)
    return contrib, pending, diags


def _close(name: str, names) -> str:
    from uprreport.diagnostics import did_you_mean

    near = did_you_mean(name, sorted(names))
    return f" ({near.strip()})" if near else ""


def _word_fragment(path: Path, shown: str, contributor, manifest):
    """Placement from a sidecar <name>.yaml or contributor.yaml's 'fragments:', then the
    text (a .doc, .rtf or .odt file through the .docx LibreOffice makes of it)."""
    sidecar = next((p for p in (path.with_suffix(".yaml"), path.with_suffix(".yml")) if p.is_file()), None)
    if sidecar is not None:
        side_shown = shown.rsplit("/", 1)[0] + "/" + sidecar.name
        meta, _pos, diags = yamlfile.read_model(FragmentMeta, sidecar, side_shown)
        where = Location(side_shown, line=1)
    elif contributor is not None and path.name in contributor.fragments:
        meta, diags = contributor.fragments[path.name], []
        where = Location(shown.rsplit("/", 1)[0] + "/contributor.yaml")
    else:
        return None, [make("front-matter", Location(shown),
                           f"nothing says where this Word file goes: add {path.stem}.yaml beside it with "
                           "'section:' (and 'theme:', 'recommendations:'), or list it under 'fragments:' "
                           "in contributor.yaml")]
    if meta is None:
        return None, diags
    styles = manifest.styles if manifest is not None and getattr(manifest, "styles", None) else {}
    policy = getattr(manifest, "tracked_changes", "accept") if manifest is not None else "accept"
    if path.suffix.lower() in legacy.FORMATS:
        with tempfile.TemporaryDirectory(prefix="uprreport-legacy-") as staging:
            converted, more = legacy.to_docx(path, shown, Path(staging))
            diags = diags + more
            if converted is None:
                return None, diags
            blocks, more = docx_reader.read(converted, shown, styles, policy)
    else:
        blocks, more = docx_reader.read(path, shown, styles, policy)
    diags = diags + more
    if blocks is None:
        return None, diags
    if not blocks:
        diags.append(make("fragment-empty", Location(shown), "this Word file has no text"))
    return (meta, blocks, where), diags


def _read_text(path: Path, shown: str) -> tuple[str, Diagnostic | None]:
    try:
        return path.read_text(encoding="utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return "", make("file-unreadable", Location(shown),
                        f"not UTF-8 text (byte {exc.start}); save it as UTF-8")


def _fits(columns: list[str]) -> bool:
    """A header row of an implementation table (a worksheet of instructions has none)."""
    names = {aliases().get(c, c) for c in columns}
    return {"recommendation", "status"} <= names


def _implementation(path: Path, shown: str, sheet: str | None = None):
    """(rows with their locations, rows whose id Excel holds as a number, diagnostics)."""
    table, diags = tables.read_table(path, shown, sheet=sheet, fits=_fits, formulas=True)
    if table is None:
        return [], set(), diags
    columns = [aliases().get(c, c) for c in table.columns]
    for need in ("recommendation", "status"):
        if need not in columns:
            where = f" on sheet '{table.sheet}' (the first; name the right one with 'sheet:' in contributor.yaml)" \
                if table.sheet else ""
            diags.append(make("table-missing-column", table.at(row=1),
                              f"no '{need}' column{where}; implementation tables need recommendation and status "
                              "(and optionally actions, indicators, responsible_body, partners, timeframe, evidence)"))
            return [], set(), diags
    for c in columns:
        if c and c not in IMPL_COLUMNS and c not in CARRIED_LABELS:   # a pack's carried columns: left aside
            near = difflib.get_close_matches(c, sorted(IMPL_COLUMNS), n=1, cutoff=0.75)
            hint = f"did you mean '{near[0]}'? " if near else ""
            diags.append(make("table-unknown-column", table.at(row=1, field=c),
                              f"column '{c}' is not used; {hint}known columns: {', '.join(sorted(IMPL_COLUMNS))}"))
    rows, numeric = [], set()
    id_column = next(c for c in table.columns if aliases().get(c, c) == "recommendation")
    known = aliases()
    keys = {c: known.get(c, c) for c in table.columns}   # each column's field, the table's rows all have them
    keys = {c: k for c, k in keys.items() if k in IMPL_COLUMNS}
    for n, cells in table.rows:
        data = {keys[c]: v for c, v in cells.items() if c in keys}
        loc = table.at(row=n)
        row, more = schema.validate(ImplementationRow, data, loc)
        diags.extend(more)
        if row is not None:
            rows.append((loc, row))
            if (n, id_column) in table.numeric:
                numeric.add(n)
    return rows, numeric, diags
