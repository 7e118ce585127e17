"""Arrange a validated project into the document tree, following the kind's outline."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import PurePosixPath

from uprreport import i18n
from uprreport.model.contribution import ContributorKind
from uprreport.transforms.implementation import NOT_REPORTED, consolidate
from uprreport.model.ids import GENERATED, compress, paragraph_id
from uprreport.model.nodes import Cell, Document, Heading, ListBlock, Para, Run, Section, Table
from uprreport.model.project import Fragment, Project

SOURCE = "(generated)"   # the source of text uprreport writes itself
_KIND_ORDER = [ContributorKind.MINISTRY, ContributorKind.PARLIAMENT, ContributorKind.NHRI,
               ContributorKind.UN_AGENCY, ContributorKind.CSO, ContributorKind.OTHER]


def contributors_paragraph(project: Project) -> list[Para]:
    """The generated methodology paragraph listing who took part, by kind of body."""
    contribs = [c.contributor for c in project.contributions if c.contributor]
    lead = next((c for c in contribs if c.lead), None)
    groups = {k: [c.name for c in contribs if c.kind == k and c is not lead] for k in _KIND_ORDER}
    # Bodies of the author's own kind (a State's ministries, an NHRI's departments) contribute;
    # the others (for a State: the NHRI, UN agencies, civil society) are consulted.
    own = {lead.kind} if lead else {ContributorKind.MINISTRY}
    if own & {ContributorKind.MINISTRY, ContributorKind.OTHER}:
        own = {ContributorKind.MINISTRY, ContributorKind.OTHER}
    t = i18n.of(project)
    paras = []
    if lead:
        paras.append(t("The present report was prepared under the coordination of {lead}.", lead=t.the(lead.name)))
    contributed = [n for k in _KIND_ORDER if k in own for n in groups[k]]
    if contributed:
        paras.append(t("The following contributed text and implementation data: {bodies}.",
                       bodies=t.names(contributed)))
    if groups[ContributorKind.PARLIAMENT] and ContributorKind.PARLIAMENT not in own:
        paras.append(t("Contributions were also received from {bodies}.",
                       bodies=t.names(groups[ContributorKind.PARLIAMENT])))
    consulted = [n for k in (ContributorKind.NHRI, ContributorKind.UN_AGENCY, ContributorKind.CSO)
                 if k not in own for n in groups[k]]
    if consulted:
        paras.append(t("The following were consulted on the draft: {bodies}.", bodies=t.names(consulted)))
    return [Para([Run(text)], id=paragraph_id(GENERATED, "contributors", i), source=SOURCE)
            for i, text in enumerate(paras, 1)]


def _owned(blocks: list, frag: Fragment, stem: str, ordinal: Iterator[int], top: bool = True) -> list:
    """Copies of a fragment's blocks for the document: each paragraph (in lists and tables
    too, in ``iter_paras``'s order) with its id, contributor and source, the lists and tables
    holding them new, the top ones marked with the contributor. Runs, notes, pictures and
    headings are shared: no pass changes them. The fragment is left as the reader gave it."""
    out = []
    for b in blocks:
        if isinstance(b, Para):
            b = replace(b, id=paragraph_id(frag.contributor, stem, next(ordinal)), contributor=frag.contributor,
                        source=frag.path)
        elif isinstance(b, ListBlock):
            b = replace(b, items=[_owned(item, frag, stem, ordinal, False) for item in b.items],
                        contributor=frag.contributor if top else b.contributor)
        elif isinstance(b, Table):
            b = replace(b, rows=[[replace(cell, blocks=_owned(cell.blocks, frag, stem, ordinal, False)) for cell in row]
                                 for row in b.rows], contributor=frag.contributor if top else b.contributor)
        out.append(b)
    return out


def _fragment_blocks(frag: Fragment) -> list:
    blocks = [Heading(frag.meta.title, 4)] if frag.meta.title else []
    return blocks + _owned(frag.blocks, frag, PurePosixPath(frag.path).stem, itertools.count(1))


def _order(frags: list[Fragment]) -> list[Fragment]:
    return sorted(frags, key=lambda f: (f.meta.order, f.contributor, f.path))


def members_paragraph(project: Project) -> list[Para]:
    """The generated opening of a joint submission naming every coalition member."""
    m, t = project.manifest, i18n.of(project)
    names = [mem.label for mem in project.members]
    if not names:
        return []
    author = t.the(m.author.name) if m.author else t("the coalition")
    acronym = f" ({m.author.acronym})" if m.author and m.author.acronym else ""
    text = t("This joint submission is made by {author}, a coalition of {n} organizations: {members}. "
             "The organizations are presented in the annex.", author=author + acronym, n=len(names),
             members=t.join(names))
    return [Para([Run(text)], id=paragraph_id(GENERATED, "members", 1), source=SOURCE)]


def accreditation_paragraph(project: Project) -> list[Para]:
    m, t = project.manifest, i18n.of(project)
    if not (m.author and m.accreditation):
        return []
    author = t.the(m.author.name)
    text = t("{author} is the national human rights institution of {state}, accredited with '{status}' status "
             "by the Global Alliance of National Human Rights Institutions under the Paris Principles.",
             author=author[:1].upper() + author[1:], state=t.the_state(m.state), status=m.accreditation)
    return [Para([Run(text)], id=paragraph_id(GENERATED, "accreditation", 1), source=SOURCE)]


def keywords_paragraph(project: Project) -> list[Para]:
    words = project.manifest.keywords
    if not words:
        return []
    t = i18n.of(project)
    return [Para([Run(t("Key words: "), italic=True), Run(", ".join(words) + ".")], numbered=False,
                 id=paragraph_id(GENERATED, "keywords", 1), source=SOURCE)]


def proposals_blocks(project: Project, frags: list[Fragment]) -> list:
    """The submission's own recommendations closing a section, as an introduced list."""
    items = [p for f in frags for p in f.meta.proposals]
    if not items:
        return []
    m, profile, t = project.manifest, project.profile, i18n.of(project)
    author = t.the(m.author.name) if m.author else t("the author")
    intro = t(profile.proposals_intro, author=author, state=t.the_state(m.state)).replace("The the ", "The ")
    intro = intro[:1].upper() + intro[1:]
    owner = frags[0].contributor
    return [Para([Run(intro)], id=paragraph_id(owner, "proposals", 1), contributor=owner, source=frags[0].path),
            ListBlock(True, [[Para([Run(text)], numbered=False, contributor=owner, source=frags[0].path,
                                   id=paragraph_id(owner, "proposals", i))] for i, text in enumerate(items, 2)],
                      contributor=owner)]


def entries(project: Project, ids: list[str], imps) -> list:
    """Mid-term reports: one entry per recommendation, its position, status and actions."""
    t = i18n.of(project)
    out = []
    for rid in ids:
        imp = imps[rid]
        rec = imp.rec
        states = " ".join(f"({x})" for x in rec.states)
        part = f"entries-{rec.id}"
        out.append(Para([Run(t("Recommendation {id}: ", id=rec.id), bold=True),
                         Run(rec.text + (f" {states}" if states else ""), bold=True)],
                        numbered=False, id=paragraph_id(GENERATED, part, 1), source=project.register_path))
        status = imp.detail or t(imp.status)
        facts = [Run(t("Position: "), italic=True), Run(f"{t(rec.position.value)}. "),
                 Run(t("Status: "), italic=True), Run(f"{status}.")]
        if imp.bodies:
            facts += [Run(t(" Responsible: "), italic=True), Run("; ".join(imp.bodies) + ".")]
        out.append(Para(facts, numbered=False, id=paragraph_id(GENERATED, part, 2), source=SOURCE))
        for n, (label, values) in enumerate(((t("Actions taken: "), imp.actions), (t("Indicators: "), imp.indicators),
                                             (t("Evidence: "), imp.evidence)), 3):
            if values:
                out.append(Para([Run(label, italic=True), Run("; ".join(values) + ".")], numbered=False,
                                id=paragraph_id(GENERATED, part, n), source=SOURCE))
    return out


def unreported_table(imps: list, t) -> list:
    """Mid-term reports: the theme's recommendations no contribution reported on, in one
    table (``unreported: table`` in report.yaml, the default)."""
    if not imps:
        return []
    from uprreport.transforms.annexes import bounded

    def cell(runs):
        return Cell([Para(runs, numbered=False)])

    intro = Para([Run(t.plural("No implementation status was reported for the following recommendation of "
                               "this theme:", "No implementation status was reported for the following {n} "
                               "recommendations of this theme:", len(imps)))], numbered=False)
    header = [cell([Run(t("Recommendation"), bold=True)]), cell([Run(t("Position"), bold=True)])]
    rows = [[cell([Run(f"{i.rec.id} ", bold=True),
                   Run(i.rec.text + "".join(f" ({x})" for x in i.rec.states))]),
             cell([Run(t(i.rec.position.value).capitalize())])] for i in imps]
    return [intro, *bounded(header, rows, [85, 15])]


def _figures(project: Project) -> list:
    from uprreport.transforms import figures

    return figures.summary(project)


GENERATED_BLOCKS = {"contributors": contributors_paragraph, "members": members_paragraph,
              "accreditation": accreditation_paragraph, "keywords": keywords_paragraph, "figures": _figures}


def apply(doc: Document, ctx):
    """Fill ``doc`` with the project's text following the outline; empty sections are left out."""
    project = ctx.project
    m, profile = project.manifest, project.profile
    titles = m.outline
    theme_titles = project.theme_titles()
    fragments = [f for c in project.contributions for f in c.fragments]
    doc.meta.notes = profile.notes.rstrip("s")
    doc.meta.toc = m.toc if m.toc is not None else profile.toc
    t = i18n.of(project)
    for spec in profile.outline:
        section = Section(spec.key, titles.get(spec.key, t(spec.title)), level=1)
        mine = _order([f for f in fragments if f.meta.section == spec.key])
        generated = GENERATED_BLOCKS[spec.generated](project) if spec.generated else []
        if spec.generated != "keywords":
            section.blocks.extend(generated)
        if spec.by_theme:
            keys = [t.key for t in project.themes]
            imps = consolidate(project) if spec.entries else {}
            for key in keys + sorted({f.meta.theme for f in mine if f.meta.theme not in keys} - {None}):
                in_theme = [f for f in mine if f.meta.theme == key]
                in_key = [i for i in sorted(imps.values(), key=lambda i: i.rec.sort_key()) if i.theme == key]
                mode = m.unreported
                entry_ids = [i.rec.id for i in in_key if mode == "entries" or i.status != NOT_REPORTED]
                unreported = [i for i in in_key if i.status == NOT_REPORTED] if mode == "table" else []
                if not in_theme and not entry_ids and not unreported:
                    continue
                recs = sorted({r for f in in_theme for r in f.meta.recommendations})
                suffix = t("(Recommendations {ids})", ids=compress(recs)) if recs and not spec.inline else ""
                sub = Section(f"{spec.key}.{key}", theme_titles.get(key, key), level=1 if spec.inline else 2,
                              suffix=suffix, recommendations=recs)
                for f in in_theme:
                    sub.blocks.extend(_fragment_blocks(f))
                sub.blocks.extend(entries(project, entry_ids, imps))
                sub.blocks.extend(unreported_table(unreported, t))
                if spec.proposals:
                    sub.blocks.extend(proposals_blocks(project, in_theme))
                if spec.inline:
                    doc.body.append(sub)
                else:
                    section.children.append(sub)
        else:
            for f in mine:
                section.blocks.extend(_fragment_blocks(f))
            if spec.proposals:
                section.blocks.extend(proposals_blocks(project, mine))
        if spec.generated == "keywords":
            section.blocks.extend(generated)
        if (section.blocks or section.children) and not spec.inline:   # empty sections: see transforms.outline
            doc.body.append(section)
    return ()
