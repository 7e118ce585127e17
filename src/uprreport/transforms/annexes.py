"""Build the annexes a profile asks for: the matrix of recommendations and implementation."""

from __future__ import annotations

from uprreport import i18n
from uprreport.i18n import N_
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
    each row is left empty."""
    m, t = project.manifest, i18n.of(project)
    columns = project.profile.matrix_columns
    consolidated = consolidate(project)
    leads = _leads(project) if "body" in columns else {}
    before = previously.earlier(project) if cells else {}
    groups, order, titles = _clusters(project, consolidated, m.matrix_group)
    annex = Section("annex.matrix", t("Matrix of recommendations and their implementation"), level=1,
                    landscape=True)
    label = t(CLUSTER_LABELS[m.matrix_group])
    intro = t("Recommendations received in the previous review ({symbol}), grouped by {cluster}, with the "
              "position of the State and the status of implementation reported by the contributing bodies.",
              symbol=m.previous_review, cluster=label.lower())
    annex.blocks.append(Para([Run(intro)], numbered=False))
    header = [t(COLUMNS[c][0]) for c in columns]
    other = t("Other recommendations")
    widths = [COLUMNS[c][1] for c in columns]
    for key in order:
        items = groups.get(key)
        if not items:
            continue
        annex.blocks.append(Heading(t("{label}: {title}", label=label, title=titles.get(key) or other), 2))
        rows = ([[_cell(c, imp, t, leads.get(imp.rec.id, ""), before.get(imp.rec.id, ())) for c in columns]
                 for imp in items] if cells else [[] for _imp in items])
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


BUILDERS = {"matrix": matrix, "members": members}


def apply(doc: Document, ctx):
    """Add the annexes the report kind's profile names (the matrix's rows empty in a run
    that only checks, ``Options.furniture=False``: 100,000 rows of cells cost seconds)."""
    for name in ctx.project.profile.annexes:
        if name == "matrix":
            doc.annexes.append(matrix(ctx.project, cells=ctx.options.furniture))
        else:
            doc.annexes.append(BUILDERS[name](ctx.project))
    return ()
