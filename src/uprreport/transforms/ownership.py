"""Check that each contributor writes only into the sections it owns."""

from __future__ import annotations

from uprreport.diagnostics import Location, make
from uprreport.model.project import Project


def owns(sections: list[str], section: str, theme: str | None) -> bool:
    """True when ``sections`` (e.g. ["B", "D.health"]) covers ``section``/``theme``."""
    return section in sections or (theme is not None and f"{section}.{theme}" in sections)


def check(project: Project):
    seen: dict[str, str] = {}
    for contrib in project.contributions:
        c = contrib.contributor
        if c is None:
            continue
        if c.name in seen:
            yield make("contributor-duplicate", Location(f"{contrib.path}/contributor.yaml"),
                       f"'{c.name}' is also the name in {seen[c.name]}/contributor.yaml; merge the two folders")
        seen.setdefault(c.name, contrib.path)
        for frag in contrib.fragments:
            if not owns(c.sections, frag.meta.section, frag.meta.theme):
                target = frag.meta.section + (f".{frag.meta.theme}" if frag.meta.theme else "")
                yield make("section-not-owned", frag.meta_location,
                           f"{c.name} does not own section {target}; its contributor.yaml lists "
                           f"{', '.join(c.sections) or 'no sections'}. Add '{target}' there if the "
                           "coordinator agrees, or move this text to the owning contribution")
