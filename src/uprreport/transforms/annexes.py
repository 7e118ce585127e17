"""Build the annexes a profile asks for: the matrix of recommendations and implementation."""

from __future__ import annotations

from uprreport.model.nodes import Cell, Document, Heading, Para, Run, Section, Table
from uprreport.model.project import Project

# LibreOffice lays out one long table in quadratic time (TOOLCHAIN-NOTES.md): every
# generated table is cut after this many rows, with its header row repeated.
MAX_ROWS = 100
HEADER = ["Recommendation", "Position", "Implementation status", "Responsible body"]
WIDTHS = [58, 11, 15, 16]


def _text_cell(text: str, italic: bool = False) -> Cell:
    return Cell([Para([Run(text, italic=italic)], numbered=False)])


def implementation_index(project: Project) -> dict[str, list[tuple[str, object]]]:
    """Map each recommendation id to [(contributor name, ImplementationRow)]."""
    index: dict[str, list] = {}
    for c in project.contributions:
        for _loc, row in c.implementation:
            index.setdefault(row.recommendation, []).append((c.display_name, row))
    return index


def _status(entries) -> tuple[str, str]:
    if not entries:
        return "Not reported", ""
    statuses = list(dict.fromkeys(row.status for _n, row in entries))
    bodies = list(dict.fromkeys(row.responsible_body or name for name, row in entries))
    if len(statuses) == 1:
        status = statuses[0]
    else:
        status = "; ".join(f"{row.status} ({row.responsible_body or name})" for name, row in entries)
    return status[:1].upper() + status[1:], "; ".join(bodies)


def matrix(project: Project) -> Section:
    """One landscape annex: recommendations grouped by their first theme, tables bounded."""
    m = project.manifest
    index = implementation_index(project)
    titles = m.theme_titles()
    order = [t.key for t in m.themes]
    groups: dict[str, list] = {}
    for rec in sorted(project.recommendations, key=lambda r: r.sort_key()):
        key = rec.themes[0] if rec.themes and rec.themes[0] in titles else ""
        groups.setdefault(key, []).append(rec)
    annex = Section("annex.matrix", "Matrix of recommendations and their implementation", level=1,
                    landscape=True, label="Annex")
    intro = (f"Recommendations received in the previous review ({m.previous_review}), grouped by theme, "
             "with the position of the State and the status of implementation reported by the "
             "contributing bodies.")
    annex.blocks.append(Para([Run(intro)], numbered=False))
    for key in order + ([""] if "" in groups else []):
        recs = groups.get(key)
        if not recs:
            continue
        annex.blocks.append(Heading(f"Theme: {titles.get(key, 'Other recommendations')}", 2))
        for start in range(0, len(recs), MAX_ROWS):
            rows = [[Cell([Para([Run(h, bold=True)], numbered=False)]) for h in HEADER]]
            for rec in recs[start:start + MAX_ROWS]:
                status, body = _status(index.get(rec.id, []))
                states = " ".join(f"({s})" for s in rec.states)
                text = Para([Run(f"{rec.id} ", bold=True), Run(rec.text + (f" {states}" if states else ""))],
                            numbered=False)
                rows.append([Cell([text]), _text_cell(rec.position.value.capitalize()),
                             _text_cell(status, italic=status == "Not reported"), _text_cell(body)])
            annex.blocks.append(Table(rows, header_rows=1, widths=WIDTHS))
    return annex


def members(project: Project) -> Section:
    """The annex of a joint submission presenting every coalition member."""
    annex = Section("annex.members", "Members of the coalition", level=1, label="Annex")
    groups = {c.slug: c.display_name for c in project.contributions}
    rows = [[Cell([Para([Run(h, bold=True)], numbered=False)]) for h in ("Organization", "Description",
                                                                           "Thematic group")]]
    for mem in project.members:
        name = [Run(mem.name, bold=True)] + ([Run(f" ({mem.acronym})")] if mem.acronym else [])
        if mem.website:
            name += [Run("\n"), Run(mem.website, link=mem.website if "://" in mem.website else f"https://{mem.website}")]
        rows.append([Cell([Para(name, numbered=False)]), _text_cell(mem.description),
                     _text_cell(groups.get(mem.group, mem.group))])
    for start in range(1, len(rows), MAX_ROWS):
        annex.blocks.append(Table([rows[0]] + rows[start:start + MAX_ROWS], header_rows=1, widths=[30, 50, 20]))
    return annex


BUILDERS = {"matrix": matrix, "members": members}


def apply(doc: Document, project: Project) -> None:
    for name in project.profile.annexes:
        doc.annexes.append(BUILDERS[name](project))
