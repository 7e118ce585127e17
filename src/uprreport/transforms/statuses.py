"""Implementation statuses against the report's vocabulary: ``normalise`` gives a project
whose accepted statuses are in the vocabulary's own spelling; ``check`` reports the others."""

from __future__ import annotations

from dataclasses import replace

from uprreport.diagnostics import did_you_mean, make
from uprreport.model.project import Project


def vocabulary(project: Project) -> list[str]:
    if project.manifest and project.manifest.status_vocabulary:
        return project.manifest.status_vocabulary
    return project.profile.statuses if project.profile else []


def _canonical(project: Project) -> dict[str, str]:
    return {s.lower(): s for s in vocabulary(project)}


def _key(status: str) -> str:
    return " ".join(status.lower().split())


def normalise(project: Project):
    """'Fully Implemented ' -> 'fully implemented' (as the vocabulary spells it): a new
    project, its rows new where their status is spelt otherwise; ``project`` is left as it is."""
    canonical = _canonical(project)

    def spelt(_contribution, _loc, row):
        status = canonical.get(_key(row.status), row.status)
        return row if status == row.status else row.model_copy(update={"status": status})

    return project.with_rows(spelt), ()


def check(project: Project):
    allowed = vocabulary(project)
    canonical = _canonical(project)
    if not allowed:
        return
    for contrib in project.contributions:
        for loc, row in contrib.implementation:
            if _key(row.status) not in canonical:
                yield make("status-invalid", replace(loc, field="status"),
                           f"status '{row.status}' is not allowed; {did_you_mean(row.status, allowed)}"
                           f"use one of: {', '.join(allowed)}")
