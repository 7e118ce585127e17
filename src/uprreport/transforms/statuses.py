"""Check implementation statuses against the report's vocabulary."""

from __future__ import annotations

from uprreport.diagnostics import Location, make
from uprreport.model.project import Project


def vocabulary(project: Project) -> list[str]:
    if project.manifest and project.manifest.status_vocabulary:
        return project.manifest.status_vocabulary
    return project.profile.statuses if project.profile else []


def check(project: Project):
    allowed = vocabulary(project)
    lower = {s.lower(): s for s in allowed}
    for contrib in project.contributions:
        for loc, row in contrib.implementation:
            key = " ".join(row.status.lower().split())
            if key in lower:
                row.status = lower[key]
            elif allowed:
                yield make("status-invalid", Location(loc.path, row=loc.row, field="status"),
                           f"status '{row.status}' is not allowed; use one of: {', '.join(allowed)}")
