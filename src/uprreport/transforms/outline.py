"""Warn about outline sections that no fragment fills (they are left out of the report)."""

from __future__ import annotations

from uprreport.diagnostics import Location, make
from uprreport.model.project import Project


def check(project: Project):
    filled = {f.meta.section for c in project.contributions for f in c.fragments}
    titles = project.manifest.outline
    for spec in project.profile.outline:
        if spec.key in filled or spec.generated:
            continue
        owners = [c.display_name for c in project.contributions if c.contributor and any(
            s == spec.key or s.startswith(spec.key + ".") for s in c.contributor.sections)]
        who = f"{', '.join(owners)} own(s) it" if owners else "no contributor owns it yet"
        yield make("section-empty", Location("report.yaml"),
                   f"section {spec.key} '{titles.get(spec.key, spec.title)}' has no text yet and will be left "
                   f"out ({who}); add a fragment with 'section: {spec.key}'")
