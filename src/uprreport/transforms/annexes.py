"""Build the annexes a profile asks for: the matrix of recommendations and implementation."""

from __future__ import annotations

from uprreport import i18n
from uprreport.diagnostics import Location, make
from uprreport.i18n import N_
from uprreport.model.links import SHOWN
from uprreport.model.nodes import BOLD, ITALIC, Cell, Document, Heading, Para, Rows, Run, Section, Table
from uprreport.model.project import Project
from uprreport.transforms import previously, responsibility
from uprreport.transforms.implementation import NOT_REPORTED, Implementation, consolidate

# LibreOffice lays out one long table in quadratic time (docs/toolchain.md): every
# generated table is cut after this many rows, with its header row repeated.
MAX_ROWS = 100


def bounded(header: list[Cell], rows: list[list[Cell]], widths: list[float] | None) -> list[Table]:
    """``rows`` as tables of at most MAX_ROWS rows, each opening with ``header``."""
    return [Table([list(header)] + rows[start:start + MAX_ROWS], header_rows=1, widths=widths)
            for start in range(0, len(rows), MAX_ROWS)]


def bounded_rows(header: list[str], rows: list, widths: list[float] | None) -> list[Rows]:
    """The same for a table given as plain rows (the matrix): Rows of at most MAX_ROWS rows."""
    return [Rows(header, rows[start:start + MAX_ROWS], widths) for start in range(0, len(rows), MAX_ROWS)]


def _text_cell(text: str, italic: bool = False) -> Cell:
    return Cell([Para([Run(text, italic=italic)], numbered=False)])


COLUMNS = {   # matrix column -> (heading, relative width)
    "recommendation": (N_("Recommendation"), 46),
    "position": (N_("Position"), 10),
    "status": (N_("Implementation status"), 13),
    "body": (N_("Responsible body"), 14),
    "actions": (N_("Actions taken"), 24),
    "indicators": (N_("Indicators and evidence"), 17),
}


def _cell(key: str, imp: Implementation, t, lead: str = "", before=()) -> list[list[tuple[str, int]]]:
    """The matrix cell of column ``key``: its paragraphs of (text, flags) runs. ``lead``: the
    body that answers for the recommendation (shown, in italics, when no body reported on it);
    ``before``: the earlier recommendations it repeats (transforms/previously.py)."""
    rec = imp.rec
    if key == "recommendation":
        states = " ".join(f"({s})" for s in rec.states)
        paras = [[(f"{rec.id} ", BOLD), (rec.text + (f" {states}" if states else ""), 0)]]
        if before:
            paras.append([(previously.sentence(list(before), t), ITALIC)])
        if rec.related:
            paras.append([(t("Related: "), ITALIC), (", ".join(rec.related), 0)])
        if rec.note:   # OHCHR's own comment on the row
            paras.append([(t("Note: "), ITALIC), (rec.note, 0)])
        return paras
    if key == "position":
        return [[(t(rec.position.value).capitalize(), 0)]]
    if key == "status":
        text = imp.detail or t(imp.status)
        return [[(text[:1].upper() + text[1:], ITALIC if imp.status == NOT_REPORTED else 0)]]
    if key == "body":
        if not imp.bodies and lead:   # a noted recommendation owes no report: its lead, nothing more
            return [[(t("{body} (has not reported)", body=lead) if rec.position.answered else lead, ITALIC)]]
        return [[("; ".join(imp.bodies), 0)]]
    if key == "actions":
        return [[("; ".join(imp.actions), 0)]]
    return [[("; ".join(imp.indicators + imp.evidence), 0)]]


CLUSTER_LABELS = {"theme": N_("Theme"), "sdg": N_("Sustainable Development Goal"),
                  "affected_persons": N_("Persons affected"), "body": N_("Responsible body"), "mechanism": N_("Source")}


def _clusters(project: Project, consolidated, by: str):
    """Group the recommendations for the matrix: (groups, order of keys, key -> title)."""
    groups: dict[str, list] = {}
    titles: dict[str, str] = {}
    leads = _leads(project) if by == "body" else {}
    for rec in sorted(project.recommendations, key=lambda r: r.sort_key()):
        imp = consolidated[rec.id]
        if by == "theme":
            key = imp.theme
        elif by == "sdg":
            key = f"{rec.sdgs[0]:02d}" if rec.sdgs else ""
            titles[key] = f"SDG {rec.sdgs[0]}" if rec.sdgs else ""
        elif by == "affected_persons":
            key = rec.affected_persons[0] if rec.affected_persons else ""
        elif by == "body":
            key = imp.bodies[0] if imp.bodies else leads.get(rec.id, "")   # unreported: under its lead body
        else:
            key = f"{rec.mechanism} {rec.source or project.manifest.previous_review}"
        groups.setdefault(key, []).append(imp)
    if by == "theme":
        titles = project.theme_titles()
        order = [t.key for t in project.themes]
    else:
        titles = {**{k: k for k in groups if k}, **{k: v for k, v in titles.items() if k}}
        order = sorted(k for k in groups if k)
    return groups, order + ([""] if "" in groups else []), titles


def _leads(project: Project) -> dict[str, str]:
    """Recommendation id -> the name of the body that leads on it under the one rule
    (transforms/responsibility.py), for the recommendations that have one."""
    names = {c.slug: c.display_name for c in project.contributions}
    return {rid: names.get(r.lead, r.lead) for rid, r in responsibility.rule(project).items() if r.lead}


def matrix(project: Project, cells: bool = True) -> Section:
    """One landscape annex: recommendations grouped by their first theme, tables bounded.
    Without ``cells`` (a run that only checks: nothing of the annex is counted or written)
    the annex is its title and introduction: grouping 100,000 recommendations by what their
    bodies reported costs about a second, for nothing a check reports."""
    m, t = project.manifest, i18n.of(project)
    columns = project.profile.matrix_columns
    annex = Section("annex.matrix", t("Matrix of recommendations and their implementation"), level=1,
                    landscape=True)
    label = t(CLUSTER_LABELS[m.matrix_group])
    intro = t("Recommendations received in the previous review ({symbol}), grouped by {cluster}, with the "
              "position of the State and the status of implementation reported by the contributing bodies.",
              symbol=m.previous_review, cluster=label.lower())
    annex.blocks.append(Para([Run(intro)], numbered=False))
    if not cells:
        return annex
    consolidated = consolidate(project)
    leads = _leads(project) if "body" in columns else {}
    before = previously.earlier(project)
    groups, order, titles = _clusters(project, consolidated, m.matrix_group)
    header = [t(COLUMNS[c][0]) for c in columns]
    other = t("Other recommendations")
    widths = [COLUMNS[c][1] for c in columns]
    for key in order:
        items = groups.get(key)
        if not items:
            continue
        annex.blocks.append(Heading(t("{label}: {title}", label=label, title=titles.get(key) or other), 2))
        rows = [[_cell(c, imp, t, leads.get(imp.rec.id, ""), before.get(imp.rec.id, ())) for c in columns]
                for imp in items]
        annex.blocks.extend(bounded_rows(header, rows, widths))
    return annex


def members(project: Project) -> Section:
    """The annex of a joint submission presenting every coalition member."""
    t = i18n.of(project)
    annex = Section("annex.members", t("Members of the coalition"), level=1)
    groups = {c.slug: c.display_name for c in project.contributions}
    header = [Cell([Para([Run(t(h), bold=True)], numbered=False)]) for h in (N_("Organization"), N_("Description"),
                                                                               N_("Thematic group"))]
    rows = []
    for mem in project.members:
        name = [Run(mem.name, bold=True)] + ([Run(f" ({mem.acronym})")] if mem.acronym else [])
        if mem.website:
            name += [Run("\n"), Run(mem.website, link=mem.website if "://" in mem.website else f"https://{mem.website}")]
        rows.append([Cell([Para(name, numbered=False)]), _text_cell(mem.description),
                     _text_cell(groups.get(mem.group, mem.group))])
    annex.blocks.extend(bounded(header, rows, [30, 50, 20]))
    return annex


def repeated(project: Project, cells: bool = True) -> Section | None:
    """The annex of the recommendations followed up that were received in an earlier cycle
    too (report.yaml ``repeated: true``; links.csv, transforms/previously.py): how many, how
    many remain at the least advanced status, a chart and a table by theme and status, and
    the list with the earlier recommendations. None when no link is shown."""
    from dataclasses import replace

    from uprreport.transforms import figures
    from uprreport.transforms.statuses import vocabulary

    before = previously.earlier(project)
    if not before:
        return None
    t = i18n.of(project)
    annex = Section("annex.repeated", t("Recommendations received in earlier cycles"), level=1)
    consolidated = consolidate(project)
    imps = [consolidated[r.id] for r in sorted(project.recommendations, key=lambda r: r.sort_key())
            if r.id in before and r.id in consolidated]
    n = len(imps)
    text = [t.plural("{n} recommendation of the previous review had already been received in an earlier cycle.",
                     "{n} recommendations of the previous review had already been received in an earlier cycle.",
                     n)]
    least = vocabulary(project)[-1] if vocabulary(project) else None   # "not implemented"
    k = sum(i.status == least for i in imps)
    if k:
        status = t(least)
        text.append(t.plural("{n} recommendation received in both cycles remains {status}.",
                             "{n} recommendations received in both cycles remain {status}.", k, status=status))
    unreported = sum(i.status == NOT_REPORTED for i in imps)
    if unreported:
        text.append(t.plural("{n} recommendation received in both cycles has no reported status.",
                             "{n} recommendations received in both cycles have no reported status.", unreported))
    annex.blocks.append(Para([Run(" ".join(text))], numbered=False))
    if not cells:   # a run that only checks: nothing of the annex is counted or written
        return annex
    rows = [r for r in figures.frame(project) if r["id"] in before]
    statuses = figures._statuses(project, rows)
    caption = lambda text: Para([Run(text, italic=True)], numbered=False, style="Caption")  # noqa: E731
    drawn = figures.charts(project, rows, statuses)
    for k, c in enumerate(drawn, 1):
        more = t(" ({k} of {n})", k=k, n=len(drawn)) if len(drawn) > 1 else ""
        title = t("Implementation status of the recommendations received in earlier cycles, by theme") + more
        annex.blocks += [caption(title), Para([replace(c, filename="repeated-" + c.filename, alt=title)],
                                              numbered=False)]
    titles = [theme.title for theme in project.themes]
    annex.blocks += [caption(t("Recommendations received in earlier cycles, by theme and implementation status")),
                     figures._crosstab_table(rows, "theme", statuses, t("Theme"), t, order=titles + [t("Other")])]
    header = [Cell([Para([Run(t(h), bold=True)], numbered=False)])
              for h in (N_("Recommendation"), N_("Received earlier as"), N_("Implementation status"))]
    rows = []
    for imp in imps:
        rec = imp.rec
        states = "".join(f" ({x})" for x in rec.states)
        status = imp.detail or t(imp.status)
        rows.append([Cell([Para([Run(f"{rec.id} ", bold=True), Run(rec.text + states)], numbered=False)]),
                     _text_cell(t.join([previously.item(e, t) for e in before[rec.id]])),
                     _text_cell(status[:1].upper() + status[1:], italic=imp.status == NOT_REPORTED)])
    annex.blocks.extend(bounded(header, rows, [55, 27, 18]))
    return annex


BUILDERS = {"matrix": matrix, "members": members}


def apply(doc: Document, ctx):
    """Add the annexes the report kind's profile names (the matrix's rows empty in a run
    that only checks, ``Options.furniture=False``: 100,000 rows of cells cost seconds)."""
    for name in ctx.project.profile.annexes:
        if name == "matrix":
            doc.annexes.append(matrix(ctx.project, cells=ctx.options.furniture))
        else:
            doc.annexes.append(BUILDERS[name](ctx.project))
    if getattr(ctx.project.manifest, "repeated", False):
        annex = repeated(ctx.project, cells=ctx.options.furniture)
        if annex is None:
            return [make("repeated-none", Location("links.csv"),
                         "report.yaml asks for the annex of repeated recommendations ('repeated: true'), but no "
                         "link of links.csv says that a recommendation followed up is the same as an earlier one "
                         f"(confirmed yes, or proposed at {SHOWN:g} or more): propose links with `uprreport link`, "
                         "confirm them, or remove 'repeated:'")]
        doc.annexes.append(annex)
    return ()
