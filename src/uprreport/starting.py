"""Start a report project: the kind's starter files, or the starter adapted to a real list.

``init`` copies the kind's scaffold (commented examples of every file). With an OHCHR list,
the register is imported from it and the examples are made to fit the real register, so
that the new project validates at once: report.yaml takes the themes from the register and
follows up the Working Group report the list gives; the example texts keep their place but
address no recommendation yet and sit under the list's first themes; the example
implementation rows are removed.
"""

from __future__ import annotations

import re
from pathlib import Path

from uprreport import resources
from uprreport.errors import UsageError


def init(target: Path, kind: str, from_list: Path | None = None) -> list[Path]:
    """Scaffold a new project of ``kind`` in ``target`` (which must not hold a project yet);
    with ``from_list``, its register comes from that OHCHR list."""
    from uprreport.readers import profile

    profile.read(kind)  # raises UsageError for unknown kinds
    source = resources.scaffold_dir() / kind
    if not source.is_dir():
        raise UsageError(f"there is no starter project for kind '{kind}' yet")
    target = Path(target)
    if (target / "report.yaml").exists():
        raise UsageError(f"'{target}' already holds a report project (report.yaml exists)",
                         hint="choose a new folder name; nothing was overwritten")
    written = []
    for src in sorted(source.rglob("*")):
        if src.is_file():
            dest = target / src.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists():
                continue
            text = src.read_text(encoding="utf-8").replace("{{FOLDER}}", target.resolve().name)
            dest.write_text(text, encoding="utf-8")
            written.append(dest)
    if from_list is not None:
        _from_list(target, Path(from_list))
    return written


def _from_list(target: Path, listing: Path) -> None:
    from uprreport import importing
    from uprreport.readers import register
    from uprreport.transforms.themes import resolve

    (target / "recommendations.csv").unlink()
    importing.import_ohchr(listing, target)
    recs, _where, _diags = register.read(target / "recommendations.csv", "recommendations.csv")
    themes = [t.key for t in resolve([], recs)]
    sources = sorted({r.source for r in recs if r.source})
    manifest = target / "report.yaml"
    text = manifest.read_text(encoding="utf-8")
    examples = re.findall(r"(?m)^  - key: (\S+)", text)
    old_symbol = re.search(r"(?m)^previous_review: (\S+)", text)
    text = _drop_block(text, "themes")
    new_symbol = sources[0] if sources else None
    if new_symbol:
        text = re.sub(r"(?m)^previous_review: \S+", f"previous_review: {new_symbol}", text)
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
