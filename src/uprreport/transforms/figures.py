"""Summary figures of implementation: counts and shares by status and theme, the statuses
each responsible body reported, and a stacked bar chart of status by theme (as data:
writers/chart.py draws it). The counts are a few hundred rows' cross-tabulation, made with
``collections.Counter``: pandas, which did it before, took longer to import (about 0.3 s of a
mid-term report's 0.8 s build) than the counting takes."""

from __future__ import annotations

from collections import Counter

from uprreport import i18n
from uprreport.i18n import Language
from uprreport.model.ids import GENERATED, paragraph_id
from uprreport.model.nodes import Cell, Chart, Para, Run, Table
from uprreport.model.project import Project
from uprreport.transforms.implementation import NOT_REPORTED, consolidate
from uprreport.transforms.statuses import vocabulary

# Colours from most to least advanced status, then "not reported" in grey.
PALETTE = ["#1b7837", "#a6dba0", "#f4a582", "#ca0020", "#92c5de", "#4393c3"]
GREY = "#bdbdbd"


def frame(project: Project) -> list[dict]:
    """One row per recommendation: id, theme title, status (the least advanced reported),
    position. The statuses by body are ``reports``'s: a recommendation may have several."""
    titles, t = project.theme_titles(), i18n.of(project)
    return [{"id": i.rec.id, "theme": titles.get(i.theme) or t("Other"), "status": i.status,
             "position": i.rec.position.value}
            for i in consolidate(project).values()]


def reports(project: Project, consolidated=None) -> list[dict]:
    """One row per status reported (an implementation row with a status): the body it is
    credited to (the responsible body the row names, else the body that sent it) and that
    status; a recommendation no body reported on is one row under "(none reported)"."""
    t = i18n.of(project)
    rows = []
    for i in (consolidated or consolidate(project)).values():
        rows += [{"id": i.rec.id, "body": body, "status": status} for body, status in i.reports] or \
            [{"id": i.rec.id, "body": t("(none reported)"), "status": NOT_REPORTED}]
    return rows


def _statuses(project: Project, rows: list[dict]) -> list[str]:
    present = {r["status"] for r in rows}
    return [s for s in vocabulary(project) + [NOT_REPORTED] if s in present]


def _crosstab(rows: list[dict], by: str) -> dict[str, Counter]:
    """For each value of column ``by`` (sorted), how many rows of each status it has."""
    tab: dict[str, Counter] = {}
    for r in rows:
        tab.setdefault(r[by], Counter())[r["status"]] += 1
    return {k: tab[k] for k in sorted(tab)}


def _cell(text: str, bold: bool = False) -> Cell:
    return Cell([Para([Run(text, bold=bold)], numbered=False)])


def _crosstab_table(rows: list[dict], by: str, statuses: list[str], label: str, t, order=None,
                    last=None) -> Table:
    tab = _crosstab(rows, by)
    total = {name: sum(counts[s] for s in statuses) for name, counts in tab.items()}
    if order:
        names = [o for o in order if o in tab]
    else:   # the largest first, ties as sorted
        names = sorted(tab, key=lambda name: -total[name])
    if last in names:
        names = [n for n in names if n != last] + [last]
    header = [_cell(label, bold=True)] + [_cell(t(s).capitalize(), bold=True) for s in statuses] + \
        [_cell(t("Total"), bold=True)]
    out = [header]
    for name in names:
        out.append([_cell(str(name))] + [_cell(str(tab[name][s])) for s in statuses] + [_cell(str(total[name]))])
    sums = [sum(tab[name][s] for name in names) for s in statuses]
    out.append([_cell(t("Total"), bold=True)] + [_cell(str(n), bold=True) for n in sums]
               + [_cell(str(sum(sums)), bold=True)])
    width = 40
    return Table(out, header_rows=1, widths=[width] + [max(60 // max(len(statuses), 1), 8)] * len(statuses) + [9])


# A chart holds at most this many themes, so that it fits a page with its caption
# (0.3 inch a bar); more themes make several charts.
MAX_BARS = 25


def charts(project: Project, rows: list[dict], statuses: list[str]) -> list[Chart]:
    """Stacked horizontal bars, one per theme, one segment per status (drawn by the writer),
    in the themes' order; split into charts of at most MAX_BARS themes of similar size."""
    present = {r["theme"] for r in rows}
    order = [t.title for t in project.themes if t.title in present]
    order += sorted(present - set(order))
    tab = _crosstab(rows, "theme")
    t = i18n.of(project)
    colours = [GREY if s == NOT_REPORTED else PALETTE[i % len(PALETTE)] for i, s in enumerate(statuses)]
    x_max = max((sum(tab[name][s] for s in statuses) for name in order), default=None)
    parts = -(-len(order) // MAX_BARS)
    size = -(-len(order) // parts)
    out = []
    for k, start in enumerate(range(0, len(order), size), 1):
        part = order[start:start + size][::-1]    # the first theme at the top
        series = [(t(status).capitalize(), colour, [tab[name][status] for name in part])
                  for status, colour in zip(statuses, colours)]
        name = "status-by-theme.png" if parts == 1 else f"status-by-theme-{k}.png"
        out.append(Chart([str(c) for c in part], series, t("Number of recommendations"), name,
                         alt=t("Implementation status of the recommendations by theme")
                         + (t(" ({k} of {n})", k=k, n=parts) if parts > 1 else ""), x_max=x_max if parts > 1 else None))
    return out


def share(n: int, total: int, t: Language | None = None) -> str:
    """'12 per cent'; a share that rounds to 0 or 100 without being so says so."""
    t = t or Language()
    pct = 100 * n / total
    if 0 < pct < 0.5:
        return t("less than 1 per cent")
    if 99.5 <= pct < 100:
        return t("more than 99 per cent")
    return t("{pct} per cent", pct=round(pct))


def _part(n: int, status: str, total: int, t: Language) -> str:
    pct, name = share(n, total, t), t(status)   # (computed first: message extraction reads literal calls)
    if status == NOT_REPORTED:
        return t.plural("{n} ({share}) has no reported status", "{n} ({share}) have no reported status", n, share=pct)
    return t.plural("{n} ({share}) is {status}", "{n} ({share}) are {status}", n, share=pct, status=name)


def sentence(total: int, counts: dict[str, int], statuses: list[str], t: Language | None = None) -> str:
    """'Of the 270 recommendations of the previous review, 3 (1 per cent) are fully
    implemented, … and 224 (83 per cent) have no reported status.'"""
    t = t or Language()
    parts = [_part(counts.get(s, 0), s, total, t) for s in statuses]
    return t("Of the {total} recommendations of the previous review, {parts}.", total=total, parts=t.join(parts))


def summary(project: Project) -> list:
    """The blocks of the overview: a paragraph of figures, three tables and the chart."""
    rows = frame(project)
    if not rows:
        return []
    t = i18n.of(project)
    statuses = _statuses(project, rows)
    counts = dict(Counter(r["status"] for r in rows))
    text = sentence(len(rows), counts, statuses, t)
    titles = [theme.title for theme in project.themes]
    caption = lambda text: Para([Run(text, italic=True)], numbered=False, style="Caption")  # noqa: E731
    figure = []
    drawn = charts(project, rows, statuses)
    for k, c in enumerate(drawn, 1):
        more = t(" ({k} of {n})", k=k, n=len(drawn)) if len(drawn) > 1 else ""
        figure += [caption(t("Figure 1. Implementation status by theme") + more), Para([c], numbered=False)]
    return [
        Para([Run(text)], id=paragraph_id(GENERATED, "figures", 1), source="(generated)"),
        *figure,
        caption(t("Table 1. Recommendations by theme and implementation status")),
        _crosstab_table(rows, "theme", statuses, t("Theme"), t, order=titles + [t("Other")]),
        *by_body(project),
    ]


def by_body(project: Project) -> list:
    """Table 2: for each body, the statuses it reported (one count per implementation row);
    the recommendations no body reported on once under "(none reported)", last."""
    t = i18n.of(project)
    consolidated = consolidate(project)
    rows = reports(project, consolidated)
    blocks = [Para([Run(t("Table 2. Recommendations by responsible body and implementation status"), italic=True)],
                   numbered=False, style="Caption"),
              _crosstab_table(rows, "body", _statuses(project, rows), t("Responsible body"), t,
                              last=t("(none reported)"))]
    if any(len({body for body, _s in i.reports}) > 1 for i in consolidated.values()):
        blocks.append(Para([Run(t("A recommendation on which several bodies reported is counted once for each of "
                                  "them, with the status each reported."), italic=True)], numbered=False))
    return blocks
