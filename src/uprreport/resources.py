"""Find the files uprreport ships: profiles, templates, schemas, scaffolds."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    """Installed wheels carry data under uprreport/_data; a source checkout has it at the top."""
    for candidate in (_PKG / "_data" / name, _PKG.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"uprreport's {name}/ folder is missing from this installation")


def templates_dir() -> Path:
    return _data_dir("templates")


def schemas_dir() -> Path:
    return _data_dir("schemas")


def profiles_dir() -> Path:
    return _PKG / "profiles"


def scaffold_dir() -> Path:
    return _PKG / "scaffold"


def kinds() -> list[str]:
    return sorted(p.stem for p in profiles_dir().glob("*.yaml"))


def template(project_root: Path, name: str, chosen: str | None = None) -> Path:
    """The Word template to build with: the one report.yaml names (``chosen``), else the
    project's own templates/<name>, else the shipped one, so that offices can restyle."""
    if chosen:
        return Path(project_root) / chosen
    own = Path(project_root) / "templates" / name
    return own if own.is_file() else templates_dir() / name
