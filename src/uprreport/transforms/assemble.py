"""Arrange a validated project into the document tree, following the kind's outline."""

from __future__ import annotations

from pathlib import PurePosixPath

from uprreport.model.contribution import ContributorKind
from uprreport.model.ids import compress, paragraph_id
from uprreport.model.nodes import Document, Heading, Para, Run, Section, iter_paras
from uprreport.model.project import Fragment, Project

_KIND_ORDER = [ContributorKind.MINISTRY, ContributorKind.PARLIAMENT, ContributorKind.NHRI,
               ContributorKind.UN_AGENCY, ContributorKind.CSO, ContributorKind.OTHER]


def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else f"the {name}"


def _join(names: list[str]) -> str:
    names = [_the(n) for n in names]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def contributors_paragraph(project: Project) -> list[Para]:
    """The generated methodology paragraph listing who took part, by kind of body."""
    contribs = [c.contributor for c in project.contributions if c.contributor]
    lead = next((c for c in contribs if c.lead), None)
    groups = {k: [c.name for c in contribs if c.kind == k and c is not lead] for k in _KIND_ORDER}
    paras = []
    if lead:
        paras.append(f"The present report was prepared under the coordination of {_the(lead.name)}.")
    government = groups[ContributorKind.MINISTRY] + groups[ContributorKind.OTHER]
    if government:
        paras.append(f"The following bodies contributed text and implementation data: {_join(government)}.")
    if groups[ContributorKind.PARLIAMENT]:
        paras.append(f"Contributions were also received from {_join(groups[ContributorKind.PARLIAMENT])}.")
    consulted = (groups[ContributorKind.NHRI] + groups[ContributorKind.UN_AGENCY] + groups[ContributorKind.CSO])
    if consulted:
        paras.append(f"The following were consulted on the draft: {_join(consulted)}.")
    return [Para([Run(text)], id=f"generated/contributors/p{i}", source="(generated)")
            for i, text in enumerate(paras, 1)]


def _fragment_blocks(frag: Fragment) -> list:
    blocks = []
    if frag.meta.title:
        blocks.append(Heading(frag.meta.title, 4))
    stem = PurePosixPath(frag.path).stem
    for n, p in enumerate(iter_paras(frag.blocks), 1):
        p.id = paragraph_id(frag.contributor, stem, n)
        p.contributor = frag.contributor
        p.source = frag.path
    blocks.extend(frag.blocks)
    for b in frag.blocks:
        if hasattr(b, "contributor") and not isinstance(b, Para):
            b.contributor = frag.contributor
    return blocks


def _order(frags: list[Fragment]) -> list[Fragment]:
    return sorted(frags, key=lambda f: (f.meta.order, f.contributor, f.path))


def build(project: Project, context: dict):
    """Return the Document for ``project``; empty outline sections are left out."""
    m, profile = project.manifest, project.profile
    titles = m.outline
    theme_titles = m.theme_titles()
    fragments = [f for c in project.contributions for f in c.fragments]
    toc = m.toc if m.toc is not None else profile.toc
    doc = Document(meta={**context, "notes": profile.notes.rstrip("s"), "toc": toc})
    for spec in profile.outline:
        section = Section(spec.key, titles.get(spec.key, spec.title), level=1)
        mine = _order([f for f in fragments if f.meta.section == spec.key])
        if spec.generated == "contributors":
            section.blocks.extend(contributors_paragraph(project))
        if spec.by_theme:
            keys = [t.key for t in m.themes]
            for key in keys + sorted({f.meta.theme for f in mine if f.meta.theme not in keys} - {None}):
                in_theme = [f for f in mine if f.meta.theme == key]
                if not in_theme:
                    continue
                recs = sorted({r for f in in_theme for r in f.meta.recommendations})
                suffix = f"(Recommendations {compress(recs)})" if recs else ""
                sub = Section(f"{spec.key}.{key}", theme_titles.get(key, key), level=2, suffix=suffix,
                              recommendations=recs)
                for f in in_theme:
                    sub.blocks.extend(_fragment_blocks(f))
                section.children.append(sub)
        else:
            for f in mine:
                section.blocks.extend(_fragment_blocks(f))
        if section.blocks or section.children:   # empty sections: see transforms.outline
            doc.body.append(section)
    return doc
