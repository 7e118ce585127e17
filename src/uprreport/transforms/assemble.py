"""Arrange a validated project into the document tree, following the kind's outline."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath

from uprreport import i18n
from uprreport.diagnostics import Location, make
from uprreport.model.contribution import ContributorKind
from uprreport.model.manifest import Replacement
from uprreport.transforms.implementation import NOT_REPORTED, consolidate
from uprreport.model.ids import GENERATED, compress, paragraph_id
from uprreport.model.nodes import Cell, Document, Heading, ListBlock, Para, Run, Section, Table
from uprreport.model.project import Contribution, Fragment, Project

SOURCE = "(generated)"   # the source of text uprreport writes itself
_KIND_ORDER = [ContributorKind.MINISTRY, ContributorKind.PARLIAMENT, ContributorKind.NHRI,
               ContributorKind.UN_AGENCY, ContributorKind.CSO, ContributorKind.OTHER]


# The sentences of the methodology paragraph, each with its own ordinal: a sentence keeps its
# id (generated/contributors/pN) whichever others are printed, so that a drafter's replacement
# (report.yaml ``generated:``) and a comment stay with the sentence they were written for.
LEAD, BOTH, DATA, TEXT, ALSO, CONSULTED = 1, 2, 3, 4, 5, 6


def received(contribution: Contribution) -> tuple[bool, bool]:
    """What a body sent: (narrative text: a fragment with text, implementation data: a row
    with a status)."""
    return (any(f.blocks for f in contribution.fragments),
            any(row.status.strip() for _loc, row in contribution.implementation))


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def contributors_paragraph(project: Project) -> list[Para]:
    """The generated methodology paragraph: who coordinated, and who contributed what, from
    what each body actually sent (text, implementation data, both); a body that sent nothing
    is not named as a contributor. Bodies of the author's own kind (a State's ministries, an
    NHRI's departments) contribute; the others (for a State: the NHRI, UN agencies, civil
    society) are named as consulted, a parliament's committee as having sent contributions."""
    contribs = [c for c in project.contributions if c.contributor]
    lead = next((c for c in contribs if c.contributor.lead), None)
    ordered = [c for k in _KIND_ORDER for c in contribs if c.contributor.kind == k and c is not lead]
    own = {lead.contributor.kind} if lead else {ContributorKind.MINISTRY}
    if own & {ContributorKind.MINISTRY, ContributorKind.OTHER}:
        own = {ContributorKind.MINISTRY, ContributorKind.OTHER}
    sent = {c.slug: received(c) for c in ordered}

    def named(kinds, what) -> list[str]:
        return [c.contributor.name for c in ordered if c.contributor.kind in kinds and what(sent[c.slug])]

    t = i18n.of(project)
    paras = {}
    if lead:
        paras[LEAD] = t("The present report was prepared under the coordination of {lead}.",
                        lead=t.the(lead.contributor.name))
    both = named(own, lambda s: s == (True, True))
    if both:
        paras[BOTH] = t.plural("{bodies} contributed text and implementation data.",
                               "The following contributed text and implementation data: {bodies}.",
                               len(both), bodies=t.names(both))
    data_only = named(own, lambda s: s == (False, True))
    if data_only:
        paras[DATA] = t.plural("{bodies} contributed implementation data.",
                               "The following contributed implementation data: {bodies}.",
                               len(data_only), bodies=t.names(data_only))
    text_only = named(own, lambda s: s == (True, False))
    if text_only:
        paras[TEXT] = t.plural("{bodies} contributed text.", "The following contributed text: {bodies}.",
                               len(text_only), bodies=t.names(text_only))
    also = named({ContributorKind.PARLIAMENT} - own, any)
    if also:
        paras[ALSO] = t("Contributions were also received from {bodies}.", bodies=t.names(also))
    consulted = named({ContributorKind.NHRI, ContributorKind.UN_AGENCY, ContributorKind.CSO} - own, lambda s: True)
    if consulted:
        paras[CONSULTED] = t("The following were consulted on the draft: {bodies}.", bodies=t.names(consulted))
    return [Para([Run(_capital(text))], id=paragraph_id(GENERATED, "contributors", i), source=SOURCE)
            for i, text in sorted(paras.items())]


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


def fingerprint(texts: list[str]) -> str:
    """The fingerprint of generated text (a paragraph, or a block's paragraphs) that a
    replacement records as ``replaces:``, so that validate can say when that text changed."""
    return hashlib.sha256("\n\n".join(" ".join(x.split()) for x in texts).encode("utf-8")).hexdigest()[:12]


MAX_REPLACEMENT = 1 << 20   # bytes of a replacement file: a paragraph or a few, never a document


def _part(pid: str) -> tuple[str, int] | None:
    """("contributors", 2) for generated/contributors/p2; None for another owner's paragraph."""
    owner, _, rest = pid.partition("/")
    part, _, n = rest.rpartition("/p")
    return (part, int(n)) if owner == GENERATED and part and n.isdigit() else None


class Replacements:
    """The drafter's texts in place of generated blocks and paragraphs (report.yaml
    ``generated:``, docs/generated-text.md). A replaced paragraph keeps its id; an empty text
    removes it; a replacement of a whole block (``contributors``) gives its paragraphs the ids
    p1, p2, … in order. What is replaced is noted, the generated text a replacement no longer
    matches (its ``replaces:`` fingerprint) is a warning, and a key naming no paragraph the
    report generates is one too."""

    def __init__(self, project: Project, language: str | None):
        self.project, self.language = project, language
        self.wanted: dict[str, tuple[str, Replacement]] = {}   # "contributors" or "contributors/p2" -> (key, value)
        for key, value in (project.manifest.generated or {}).items():
            self.wanted[key.removeprefix(GENERATED + "/")] = (key, value)
        self.used: set[str] = set()
        self.generated: dict[str, list[int]] = {}        # part -> ordinals it generates
        self.diagnostics: list = []

    def _where(self, key: str) -> Location:
        return Location("report.yaml", field=f"generated.{key}")

    def _text(self, key: str, value) -> tuple[str, str] | None:
        """(the replacement's text in the build's language, its source), or None when its file
        cannot be read (an error is reported)."""
        if self.language and self.language in value.translations:
            return value.translations[self.language], "report.yaml"
        if self.language:
            self.diagnostics.append(make(
                "translation-missing", self._where(key),
                f"the text that replaces generated text '{key}' has no translation into {self.language} "
                f"('translations: {{{self.language}: ...}}'); it is printed as it was written"))
        if value.text is not None:
            return value.text, "report.yaml"
        root = Path(self.project.root).resolve()
        path = (root / value.file).resolve()
        if not path.is_relative_to(root):
            self.diagnostics.append(make("file-refused", self._where(key),
                                         f"'{value.file}' is outside the project; keep replacements in it"))
            return None
        try:
            if path.stat().st_size > MAX_REPLACEMENT:
                self.diagnostics.append(make("file-refused", self._where(key),
                                             f"'{value.file}' is too large for the text of a paragraph"))
                return None
            return path.read_text(encoding="utf-8-sig"), value.file
        except FileNotFoundError:
            self.diagnostics.append(make("file-missing", self._where(key),
                                         f"'{value.file}', the replacement of generated text '{key}', does not exist"))
        except (OSError, UnicodeDecodeError) as exc:
            self.diagnostics.append(make("file-unreadable", self._where(key),
                                         f"'{value.file}' cannot be read as UTF-8 text: {exc}"))
        return None

    def _check(self, key: str, value, generated: list[str]) -> None:
        """Say that ``key`` is in use, and whether the generated text it replaces changed."""
        if self.language:   # the fingerprint is of the report's own language
            return
        now = fingerprint(generated)
        recorded = value.replaces
        field = f"generated.{key}"
        if recorded is None:
            self.diagnostics.append(make(
                "generated-replaced", self._where(key),
                f"generated text '{key}' is replaced by the drafter's text; record the fingerprint of the text "
                f"it replaces (write it as '{{text: ..., replaces: {now}}}' or '{{file: ..., replaces: {now}}}') "
                f"so that validate says when that text changes"))
        elif recorded == now:
            self.diagnostics.append(make("generated-replaced", self._where(key),
                                         f"generated text '{key}' is replaced by the drafter's text ({field})"))
        else:
            shown = " / ".join(generated)
            shown = shown if len(shown) <= 400 else shown[:400] + " …"
            self.diagnostics.append(make(
                "generated-stale", self._where(key),
                f"the generated text that {field} replaces has changed since the replacement was written "
                f"(replaces: {recorded}, now {now}); it now reads: \"{shown}\". Check that the replacement still "
                f"says only what is true, then write 'replaces: {now}'"))

    def apply(self, blocks: list) -> list:
        """``blocks`` (a section's) with the generated paragraphs replaced as report.yaml asks."""
        mine: dict[str, list[Para]] = {}
        for b in blocks:
            if isinstance(b, Para) and (found := _part(b.id)):
                mine.setdefault(found[0], []).append(b)
                self.generated.setdefault(found[0], []).append(found[1])
        if not mine or not self.wanted:
            return blocks
        out = []
        for b in blocks:
            found = _part(b.id) if isinstance(b, Para) else None
            if found is None:
                out.append(b)
                continue
            part, n = found
            if part in self.wanted:                      # the whole block
                if b is mine[part][0]:
                    out.extend(self._block(part, mine[part]))
                continue
            key = f"{part}/p{n}"
            if key not in self.wanted:
                out.append(b)
                continue
            self.used.add(key)
            name, value = self.wanted[key]
            got = self._text(name, value)
            self._check(name, value, [b.plain()])
            if got is None:
                out.append(b)
                continue
            text, source = got
            if text.strip():
                out.append(replace(b, inlines=[Run(" ".join(text.split()))], source=source))
        return out

    def _block(self, part: str, paras: list[Para]) -> list[Para]:
        self.used.add(part)
        name, value = self.wanted[part]
        got = self._text(name, value)
        self._check(name, value, [p.plain() for p in paras])
        if got is None:
            return paras
        text, source = got
        first = paras[0]
        texts = [" ".join(x.split()) for x in re.split(r"\n\s*\n", text.strip())]
        return [replace(first, inlines=[Run(x)], id=paragraph_id(GENERATED, part, i), source=source)
                for i, x in enumerate((x for x in texts if x), 1)]

    def report(self) -> list:
        """The diagnostics: what was replaced, what changed since, and keys naming nothing."""
        known = sorted(f"{part}/p{n}" for part, ns in self.generated.items() if not part.startswith("entries-")
                       for n in ns)
        if any(part.startswith("entries-") for part in self.generated):
            known.append("entries-<recommendation>/pN")
        for key, (name, _value) in self.wanted.items():
            if key in self.used:
                continue
            part = key.partition("/")[0]
            if "/" in key and part in self.wanted:
                why = f"'{part}' replaces that whole block"
            else:
                why = (f"the report generates no such paragraph now (it generates {', '.join(known)})" if known
                       else "the report generates no text of its own")
            self.diagnostics.append(make("generated-unknown", self._where(name),
                                         f"the replacement of '{name}' is not used: {why}"))
        return self.diagnostics


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
    replacements = Replacements(project, ctx.options.language)
    for top in doc.body:
        for section in top.walk():
            section.blocks = replacements.apply(section.blocks)
    doc.body = [s for s in doc.body if s.blocks or s.children]   # a section a removal left empty
    return replacements.report()
