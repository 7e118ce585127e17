"""Compare the report's length with its kind's limit and say who writes the most."""

from __future__ import annotations

from uprreport.diagnostics import Location, Severity, make
from uprreport.model.project import Project
from uprreport.transforms.wordcount import WordCount


def word_limit(project: Project) -> int | None:
    if project.manifest.limits.words:
        return project.manifest.limits.words
    return project.profile.limits.words


def check(project: Project, wc: WordCount, draft: bool):
    limit = word_limit(project)
    if not limit:
        return
    names = {c.slug: c.display_name for c in project.contributions}
    if wc.total <= limit:
        yield make("limit-info", Location("report.yaml"),
                   f"{wc.total:,} words of {limit:,} allowed ({limit - wc.total:,} to spare)")
        return
    top = [(names.get(k, k), n) for k, n in wc.by_contributor.most_common() if not k.startswith("(")][:3]
    who = "; ".join(f"{name} {n:,}" for name, n in top)
    yield make("over-limit", Location("report.yaml"),
               f"the report has {wc.total:,} words, {wc.total - limit:,} over the limit of {limit:,} "
               f"(annexes and notes not counted). Largest contributions: {who}",
               severity=Severity.WARNING if draft else None)
