"""Start a report project: the kind's starter files, or the starter adapted to a real list.

``init`` copies the kind's scaffold (commented examples of every file). With an OHCHR list,
the register is imported from it and the examples are made to fit the real register, so
that the new project validates at once: report.yaml takes the themes from the register and
follows up the Working Group report the list gives; the example texts keep their place but
address no recommendation yet and sit under the list's first themes; the example
implementation rows are removed.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from pathlib import Path

from uprreport import fsutil, resources
from uprreport.errors import UsageError


def init(target: Path, kind: str, from_list: Path | None = None, importer=None) -> list[Path]:
    """Scaffold a new project of ``kind`` in ``target`` (which must not hold a project yet);
    with ``from_list``, its register comes from that OHCHR list, or, with ``importer``
    (``importer(folder) -> importing.ImportResult``: a Working Group report's or a UPR Info
    export's import into that folder), from what it imports.

    All or nothing: the project is made in a staging folder first and moved in only once
    every step has worked, so a refused list leaves ``target`` as it was and a second
    ``init`` can run. Files already in ``target`` are kept, never overwritten."""
    from uprreport.readers import profile

    profile.read(kind)  # raises UsageError for unknown kinds
    source = resources.scaffold_dir() / kind
    if not source.is_dir():
        raise UsageError(f"there is no starter project for kind '{kind}' yet")
    target = Path(target)
    if (target / "report.yaml").exists():
        raise UsageError(f"'{target}' already holds a report project (report.yaml exists)",
                         hint="choose a new folder name; nothing was overwritten")
    if importer is None and from_list is not None and \
            Path(from_list).suffix.lower() in (".csv", ".xlsx", ".xls", ".ods", ".tsv"):
        raise UsageError(f"'{Path(from_list).name}' is a table: --from takes OHCHR's thematic list of "
                         "recommendations (Word, .doc, .odt or .rtf)",
                         hint=f"for a UPR Info export: `uprreport init {target} --kind {kind}`, then `uprreport "
                              f"import uprinfo {Path(from_list).name} --state STATE --paragraph N -p {target}`")
    files = [src for src in sorted(source.rglob("*")) if src.is_file()]
    there = [target / src.relative_to(source) for src in files if (target / src.relative_to(source)).exists()]
    if there and from_list is not None:   # the list's register and the fitted examples would not all land
        raise UsageError(f"'{target}' already holds {', '.join(str(p.relative_to(target)) for p in there[:5])}"
                         f"{' …' if len(there) > 5 else ''}; nothing was written",
                         hint="start the project from the list in a new, empty folder")
    folder_name = target.resolve().name
    with tempfile.TemporaryDirectory(prefix="uprreport-init-") as staging:
        stage = Path(staging) / "project"
        for src in files:
            dest = stage / src.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(src.read_text(encoding="utf-8").replace("{{FOLDER}}", folder_name), encoding="utf-8")
        if from_list is not None or importer is not None:
            _from_list(stage, Path(from_list) if from_list is not None else None, importer)
        return _move_in(stage, target)


def _move_in(stage: Path, target: Path) -> list[Path]:
    """Copy the staged project into ``target``: files not there yet, each written
    atomically; on a failure, what was written and the folders made are removed again."""
    written: list[Path] = []
    made: list[Path] = []
    try:
        for src in sorted(stage.rglob("*")):
            if not src.is_file():
                continue
            dest = target / src.relative_to(stage)
            if dest.exists():
                continue
            missing = [d for d in [dest.parent, *dest.parent.parents] if not d.exists()]
            dest.parent.mkdir(parents=True, exist_ok=True)
            made.extend(reversed(missing))
            with fsutil.atomic_path(dest) as tmp:
                shutil.copyfile(src, tmp)
            written.append(dest)
    except BaseException:
        for path in reversed(written):
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return written


def _from_list(target: Path, listing: Path | None, importer=None) -> None:
    from uprreport import importing
    from uprreport.readers import register
    from uprreport.transforms.themes import resolve

    (target / "recommendations.csv").unlink()
    imported = importer(target) if importer is not None else importing.import_ohchr(listing, target)
    recs, _where, _diags = register.read(target / "recommendations.csv", "recommendations.csv")
    themes = [t.key for t in resolve([], recs)]
    sources = sorted({r.source for r in recs if r.source})
    manifest = target / "report.yaml"
    text = manifest.read_text(encoding="utf-8")
    examples = re.findall(r"(?m)^  - key: (\S+)", text)
    old_symbol = re.search(r"(?m)^previous_review: (\S+)", text)
    if themes:    # the list's themes replace the examples'; a register without any keeps the examples'
        text = _drop_block(text, "themes")
    new_symbol = sources[0] if sources else None
    if new_symbol:
        text = re.sub(r"(?m)^previous_review: \S+", f"previous_review: {new_symbol}", text)
    if imported.review is not None:
        text = _the_review(text, imported.review)
    manifest.write_text(text, encoding="utf-8")
    # the examples' themes become the list's first themes, in order
    mapping = {old: themes[i % len(themes)] for i, old in enumerate(examples)} if themes else {}
    for folder in sorted((target / "contributions").iterdir()):
        for f in folder.iterdir():
            if f.name == "implementation.csv":
                f.write_text(f.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
            elif f.suffix in (".md", ".yaml"):
                body = f.read_text(encoding="utf-8")
                body = re.sub(r'(?m)^recommendations: \[[^\]]*\]', "recommendations: []", body)
                if old_symbol and new_symbol and recs:   # the examples cite the Working Group report
                    body = re.sub(rf"{re.escape(old_symbol.group(1))}, para\. \d+\.\d+",
                                  f"{new_symbol}, para. {recs[0].id}", body)
                for old, new in mapping.items():
                    body = re.sub(rf"(?m)^theme: {re.escape(old)}\b", f"theme: {new}", body)
                    body = re.sub(rf"(\.){re.escape(old)}\b", rf"\g<1>{new}", body) if f.name == "contributor.yaml" \
                        else body
                f.write_text(body, encoding="utf-8")


def _the_review(text: str, review) -> str:
    """report.yaml with the State the list is of (its name as the list writes it, its code in
    iso3 and the symbol); a mid-term report, which follows that review up, takes its cycle and
    session too (the others are of the coming review, which the list does not know)."""
    if review is None:
        return text
    old = re.search(r"(?m)^iso3: (\S+)", text)
    text = re.sub(r"(?m)^state: [^#\n]*?(\s*#.*)?$", lambda m: f"state: {review.state}{m.group(1) or ''}", text,
                  count=1)
    text = re.sub(r"(?m)^iso3: \S+", f"iso3: {review.iso3}", text, count=1)
    if old:
        text = re.sub(rf"(?m)^(symbol: \S*/){re.escape(old.group(1))}/", rf"\g<1>{review.iso3}/", text, count=1)
    if re.search(r"(?m)^kind: midterm\b", text):
        text = re.sub(r"(?m)^cycle: \d+", f"cycle: {review.cycle}", text, count=1)
        text = re.sub(r"(?m)^wg_session: \d+", f"wg_session: {review.session}", text, count=1)
        text = re.sub(r"(?m)^(symbol: A/HRC/WG\.6/)\d+/", rf"\g<1>{review.session}/", text, count=1)
    else:
        import logging

        logging.getLogger("uprreport").warning(
            "report.yaml: the State is set from the list (%s, %s); set 'cycle' and 'wg_session' to those of the "
            "coming review (the list is of cycle %s, session %s)", review.state, review.iso3, review.cycle,
            review.session)
    return text


def _drop_block(text: str, key: str) -> str:
    """``text`` without the top-level YAML block ``key:`` (its indented lines too), with a
    comment saying where the values come from now."""
    lines = text.splitlines(keepends=True)
    out, skipping = [], False
    for line in lines:
        if re.match(rf"^{key}:\s*(#.*)?$", line):
            skipping = True
            out.append(f"# {key}: taken from the register (the list's own themes); declare them here to choose\n")
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            if not line.strip():
                skipping = False
                out.append(line)
            continue
        skipping = False
        out.append(line)
    return "".join(out)
