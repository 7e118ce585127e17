"""Check that every recommendation, theme and section a file refers to exists."""

from __future__ import annotations

from dataclasses import replace

from uprreport.diagnostics import Location, Severity, did_you_mean, listing, make
from uprreport.model.ids import compress
from uprreport.model.project import Project


def _near(rec_id: str, known) -> str:
    para = rec_id.split(".")[0]
    same = sorted((k for k in known if k.split(".")[0] == para), key=lambda k: int(k.split(".")[1]))
    if same:
        return f" (the register's paragraph {para} runs {same[0]} to {same[-1]})"
    return " (check the register for the right paragraph number)"


def check(project: Project):
    known = project.recommendation_map()
    themes = project.theme_titles() if project.manifest else None
    declared = bool(getattr(project.manifest, "themes", None))
    sections = {s.key: s for s in project.profile.outline} if project.profile else None

    if declared:   # undeclared themes are taken from the register itself (readers.themes)
        unknown: dict[str, list[str]] = {}
        for rec in project.recommendations:
            for t in rec.themes:
                if t not in themes:
                    unknown.setdefault(t, []).append(rec.id)
        for t, ids in unknown.items():
            first = project.rec_locations[ids[0]]
            yield make("theme-unknown", first,
                       f"theme '{t}' ({len(ids)} recommendation{'s' * (len(ids) != 1)}: {compress(ids)}) is not "
                       f"declared under 'themes:' in report.yaml; {did_you_mean(t, themes)}"
                       f"(declared: {_themes(themes)}). "
                       "Declare it (key and title; the title may be written in the register), or remove "
                       "'themes:' from report.yaml to take the themes from the register")

    for rec in project.recommendations:
        for other in rec.related:
            if other not in known:
                yield make("rec-unknown", project.rec_locations[rec.id],
                           f"recommendation {rec.id} is related to '{other}', which is not in the register")

    if not known and project.register_path:   # the register's own error says why; one line for the rest
        refs = sum(len(c.implementation) + sum(len(f.meta.recommendations) for f in c.fragments)
                   for c in project.contributions)
        if refs:
            yield make("rec-unknown", Location(project.register_path),
                       f"{refs} references to recommendations in implementation tables and front matter cannot be "
                       "checked until the register can be read (see its error)", severity=Severity.WARNING)
        known = None

    for contrib in project.contributions:
        yield from _contributor_sections(project, contrib, sections, themes)
        for loc, row in contrib.implementation:
            if known is not None and row.recommendation not in known:
                yield make("rec-unknown", replace(loc, field="recommendation"),
                           f"recommendation '{row.recommendation}' is not in the register "
                           f"{project.register_path}{_near(row.recommendation, known)}")
        for frag in contrib.fragments:
            where = frag.meta_location
            for rid in frag.meta.recommendations:
                if known is not None and rid not in known:
                    yield make("rec-unknown", where, f"front matter names recommendation '{rid}', which is not "
                               f"in the register {project.register_path}{_near(rid, known)}")
            if sections is None:
                continue
            section = sections.get(frag.meta.section)
            if section is None:
                yield make("section-unknown", where, f"section '{frag.meta.section}' is not in the "
                           f"{project.profile.label.lower()} outline; {did_you_mean(frag.meta.section, sections)}"
                           f"use one of {', '.join(sections)}")
            elif section.by_theme and themes is not None:
                if not frag.meta.theme:
                    yield make("theme-unknown", where, f"section {section.key} is organised by theme: add "
                               f"'theme:' with one of {_themes(themes) if themes else '(declare themes in report.yaml)'}")
                elif frag.meta.theme not in themes:
                    yield make("theme-unknown", where, f"theme '{frag.meta.theme}' is not a theme of the report; "
                               f"{did_you_mean(frag.meta.theme, themes)}(themes: {_themes(themes)})")


def _contributor_sections(project: Project, contrib, sections, themes):
    """Every entry of contributor.yaml's 'sections:' names a section, or a section and theme."""
    if contrib.contributor is None or sections is None:
        return
    where = Location(f"{contrib.path}/contributor.yaml", field="sections")
    for entry in contrib.contributor.sections:
        key, _, theme = entry.partition(".")
        if key not in sections:
            yield make("section-unknown", where, f"'{entry}' in sections: '{key}' is not a section of the "
                       f"{project.profile.label.lower()}; {did_you_mean(key, sections)}use one of {', '.join(sections)}")
        elif theme and themes is not None and theme not in themes:
            yield make("theme-unknown", where, f"'{entry}' in sections: '{theme}' is not a theme of the report; "
                       f"{did_you_mean(theme, themes)}(themes: {_themes(themes)})")


def _themes(themes) -> str:
    """The report's theme keys for a message: all of them, or the first and where to see the rest."""
    said = listing(themes)
    return said + ("; `uprreport themes PROJECT` lists them all, with titles and owners" if len(list(themes)) > 12
                   else "")
