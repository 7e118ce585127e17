"""Compare the report's length with its limits and budgets, and say who writes the most.

Limits come from the kind's profile, overridden by ``limits:`` in report.yaml: words
(counted by transforms.wordcount) and rendered pages (counted on the PDF, from the page
where the text starts to the end of the text: the cover, the contents and the annexes
never count). Budgets (``budgets:`` in report.yaml) cap the words of one contributor
or one section. Over a limit or budget is an error, or a warning in a draft.
"""

from __future__ import annotations

from uprreport.diagnostics import Location, Severity, make
from uprreport.model.project import Project
from uprreport.transforms.wordcount import WordCount

WORDS_PER_PAGE = 535   # the UN's equivalence for documents it does not write (10,700 = 20 pages)


def word_limit(project: Project) -> int | None:
    return project.manifest.limits.words or project.profile.limits.words


def page_limit(project: Project) -> int | None:
    return project.manifest.limits.pages or project.profile.limits.pages


def _severity(draft: bool):
    return Severity.WARNING if draft else None


def _largest(project: Project, wc: WordCount, n: int = 3) -> str:
    names = {c.slug: c.display_name for c in project.contributions}
    top = [(names.get(k, k), v) for k, v in wc.by_contributor.most_common() if not k.startswith("(")][:n]
    return "; ".join(f"{name} {v:,} words" for name, v in top)


def budget_targets(project: Project) -> dict[str, tuple[str, str]]:
    """Every key a budget may name -> ("contributor" | "section", the key in WordCount)."""
    targets: dict[str, tuple[str, str]] = {}
    for c in project.contributions:
        targets[c.slug] = ("contributor", c.slug)
        if c.contributor:
            targets[c.contributor.name] = ("contributor", c.slug)
            if c.contributor.short_name:
                targets[c.contributor.short_name] = ("contributor", c.slug)
    for spec in project.profile.outline:
        targets[spec.key] = ("section", spec.key)
    for theme in project.themes:
        for spec in project.profile.outline:
            if spec.by_theme:
                targets[f"{spec.key}.{theme.key}"] = ("section", f"{spec.key}.{theme.key}")
    return targets


def section_words(wc: WordCount, key: str) -> int:
    """Words of section ``key`` including its sub-sections ("D" counts "D.health")."""
    return sum(n for k, n in wc.by_section.items() if k == key or k.startswith(key + "."))


def check_words(project: Project, wc: WordCount, draft: bool):
    limit = word_limit(project)
    if limit:
        if wc.total <= limit:
            yield make("limit-info", Location("report.yaml"),
                       f"{wc.total:,} words of {limit:,} allowed ({limit - wc.total:,} to spare)")
        else:
            yield make("over-limit", Location("report.yaml"),
                       f"the report has {wc.total:,} words, {wc.total - limit:,} over the limit of {limit:,} "
                       f"({wc.counted}). Largest contributions: {_largest(project, wc)}",
                       severity=_severity(draft))
    targets = budget_targets(project)
    for key, budget in project.manifest.budgets.items():
        where = Location("report.yaml", field=f"budgets.{key}")
        if key not in targets:
            yield make("budget-unknown", where,
                       f"budget for '{key}', which is neither a contribution folder, a contributor's name "
                       f"nor a section key; use one of: {', '.join(sorted(targets))}")
            continue
        kind, ref = targets[key]
        used = wc.by_contributor.get(ref, 0) if kind == "contributor" else section_words(wc, ref)
        if used > budget:
            yield make("over-budget", where,
                       f"{key} has {used:,} words, {used - budget:,} over its budget of {budget:,}",
                       severity=_severity(draft))


def apply(doc, ctx):
    """The word limit and the budgets, on the words ``wordcount`` counted."""
    return check_words(ctx.project, ctx.words, ctx.options.draft)


def check_pages(project: Project, pages: int, wc: WordCount, draft: bool):
    """Diagnostics for ``pages`` counted pages of the rendered text."""
    limit = page_limit(project)
    if not limit:
        return
    if pages <= limit:
        yield make("limit-info", Location("report.yaml"), f"{pages} pages of {limit} allowed")
        return
    yield make("over-page-limit", Location("report.yaml"),
               f"the text runs to {pages} pages, {pages - limit} more than the {limit} allowed "
               f"(cover, contents and annexes not counted; about {WORDS_PER_PAGE} words make a page). "
               f"Shorten it by about {(pages - limit) * WORDS_PER_PAGE:,} words; "
               f"the largest contributions are: {_largest(project, wc)}",
               severity=_severity(draft))
