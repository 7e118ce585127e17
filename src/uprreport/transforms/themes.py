"""Resolve the project's themes: those report.yaml declares, or else those the register uses.

A register may name a theme by its key or by its title ("Equality & non-discrimination",
as OHCHR writes it); values are turned into keys here, so every later pass sees keys.
"""

from __future__ import annotations

import re
import unicodedata

from uprreport.model.manifest import Theme
from uprreport.model.project import Project


def slug(title: str) -> str:
    """'Equality & non-discrimination' -> 'equality-non-discrimination'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "theme"


def resolve(declared: list[Theme], recommendations) -> list[Theme]:
    """Return the effective themes and rewrite each recommendation's themes as keys.

    With declared themes, a value matching a key or a title (case-insensitive) becomes
    that key; other values are left for the references check to report. Without declared
    themes, every value becomes a theme (title = the value, key = its slug), in order of
    first appearance.
    """
    if declared:
        lookup = {t.key.lower(): t.key for t in declared} | {t.title.lower(): t.key for t in declared}
        for rec in recommendations:
            rec.themes = [lookup.get(v.lower(), v) for v in rec.themes]
        return list(declared)
    found: dict[str, Theme] = {}
    for rec in recommendations:
        keys = []
        for value in rec.themes:
            key = value if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value) else slug(value)
            found.setdefault(key, Theme(key=key, title=value))
            keys.append(key)
        rec.themes = keys
    return list(found.values())


def apply(project: Project):
    """Set ``project.themes`` and turn the register's theme values into keys."""
    declared = getattr(project.manifest, "themes", None) or []
    project.themes = resolve(declared, project.recommendations)
    return ()
