"""Resolve the project's themes: those report.yaml declares, or else those the register uses.

A register may name a theme by its key or by its title ("Equality & non-discrimination",
as OHCHR writes it); values are turned into keys here, so every later pass sees keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from uprreport.model.manifest import Theme
from uprreport.model.register import with_themes
from uprreport.model.project import Project


MAX_KEY = 40


def slug(title: str) -> str:
    """'Equality & non-discrimination' -> 'equality-non-discrimination': a short key, cut
    at a word (at most 40 characters); for a title in a script without Latin letters, a
    key made from its code points ('theme-' and six hexadecimal digits), stable across runs."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w]
    key = ""
    for w in words:
        if key and len(key) + 1 + len(w) > MAX_KEY:
            break
        key = f"{key}-{w}" if key else w[:MAX_KEY]
    if not key:
        import hashlib

        key = "theme-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
    return key


def keyed(declared: list[Theme], recommendations, theme_map: dict[str, str] | None = None):
    """The effective themes, and the recommendations with their themes as keys: ``(themes,
    recommendations)``. A recommendation whose themes change is a new one (``with_themes``, a model_copy);
    the others are returned as they are. Nothing given is changed.

    With declared themes, a value matching a key or a title (case-insensitive) becomes
    that key; other values are left for the references check to report. Without declared
    themes, every value becomes a theme (title = the value, key = its slug), in order of
    first appearance. ``theme_map`` first turns a register's theme (title or key, in any
    case) into the one it is reported under; themes mapped onto the same one merge.
    """
    values = [rec.themes for rec in recommendations]
    if theme_map:
        mapped = {k.lower(): v for k, v in theme_map.items()}
        values = [list(dict.fromkeys(mapped.get(v.lower(), v) for v in vs)) for vs in values]
    if declared:
        lookup = {t.key.lower(): t.key for t in declared} | {t.title.lower(): t.key for t in declared}
        values = [[lookup.get(v.lower(), v) for v in vs] for vs in values]
        themes = list(declared)
    else:
        found: dict[str, Theme] = {}
        key_of: dict[str, str] = {}
        keyed_values = []
        for vs in values:
            keys = []
            for value in vs:
                if value not in key_of:
                    key = value if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value) else slug(value)
                    base, n = key, 2
                    while key in found and found[key].title != value:   # two titles, one key: number them
                        key, n = f"{base}-{n}", n + 1
                    key_of[value] = key
                    found.setdefault(key, Theme(key=key, title=value))
                keys.append(key_of[value])
            keyed_values.append(keys)
        values, themes = keyed_values, list(found.values())
    recs = [rec if keys == rec.themes else with_themes(rec, keys) for rec, keys in zip(recommendations, values)]
    return themes, recs


def resolve(declared: list[Theme], recommendations, theme_map: dict[str, str] | None = None) -> list[Theme]:
    """The effective themes (see ``keyed``); the recommendations are left as they are."""
    return keyed(declared, recommendations, theme_map)[0]


def apply(project: Project):
    """A new project whose ``themes`` are resolved and whose recommendations name their
    themes by key; ``project`` is left as it is."""
    declared = getattr(project.manifest, "themes", None) or []
    themes, recs = keyed(declared, project.recommendations, getattr(project.manifest, "theme_map", None))
    return replace(project, themes=themes, recommendations=recs), ()
