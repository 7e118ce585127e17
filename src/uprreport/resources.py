"""Find the files uprreport ships: profiles, templates, schemas, scaffolds."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from uprreport.errors import UsageError

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


@cache
def profile(kind: str):
    """Return the Profile for ``kind``; UsageError naming the known kinds if there is none."""
    import yaml

    from uprreport.model.profile import Profile

    path = profiles_dir() / f"{kind}.yaml"
    if not path.is_file():
        raise UsageError(f"unknown report kind '{kind}'",
                         hint=f"known kinds: {', '.join(kinds())}")
    return Profile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def template(project_root: Path, name: str) -> Path:
    """A project's own templates/<name> wins over the shipped one, so offices can restyle."""
    own = project_root / "templates" / name
    return own if own.is_file() else templates_dir() / name
