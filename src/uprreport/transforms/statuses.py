"""Implementation statuses against the report's vocabulary: ``normalise`` writes each
accepted status in the vocabulary's own spelling; ``check`` reports the others."""

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
    """'Fully Implemented ' -> 'fully implemented' (as the vocabulary spells it)."""
    canonical = _canonical(project)
    for contrib in project.contributions:
        for _loc, row in contrib.implementation:
            row.status = canonical.get(_key(row.status), row.status)
    return ()


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
