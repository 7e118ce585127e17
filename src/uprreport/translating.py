"""Translate a report: export its narrative paragraphs, and every data-driven text it prints,
as a PO file for translators, bring their work back into the project
(translations/<language>.po), by stable paragraph id.

Beside the paragraphs come the texts the report prints from its data (transforms/translate.py
``texts``): theme titles, names of bodies, actions, indicators, evidence, statuses of the
project's own vocabulary that the kind's statuses do not say, names of States CLDR does not
know. Their context says what each is ("theme title", "body name", "action text"…), their
message is the text (one translation serves every place it is printed), their comment where
it comes from. Statuses that say a degree of the kind's statuses, and States with an ISO
code, are not asked of translators: the catalogs and CLDR give them in every language.

PO files are read and written by Babel; every CAT tool (OmegaT, Trados, memoQ, Poedit,
Weblate) opens them. Each entry's context is the paragraph id, its message the paragraph's
text with tags (model/tagged.py), its comment the contributor and file. An entry whose
source changed since it was translated is marked fuzzy, with the earlier translation kept
for the translator to revise.

Control characters cannot go into a PO file (gettext cuts a message at a NUL and warns of
the others; CAT tools keep their memories as XML): every message written is cleaned by
``ooxml.chars.clean``, and a paragraph's source is compared with its translation's in that
form (docs/text-safety.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.errors import UprError, UsageError
from uprreport.fsutil import atomic_path
from uprreport.model.manifest import LANGUAGES
from uprreport.model.nodes import iter_paras
from uprreport.model.tagged import TagError, parse, tagged
from uprreport.ooxml.chars import clean
from uprreport.readers import translations
from uprreport.transforms import translate


@dataclass
class Exported:
    path: Path
    paragraphs: int = 0
    texts: int = 0          # data-driven texts (theme titles, body names, actions…) beside the paragraphs
    translated: int = 0
    stale: int = 0


@dataclass
class Imported:
    path: Path
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _validated(root: Path):
    from uprreport import pipeline

    v = pipeline.validate(root, draft=True)
    if v.compiled is None:
        raise UprError("the project has errors; fix them before exporting it for translation",
                       diagnostics=v.report.sorted())
    return v


def _units(root: Path, v=None):
    """(paragraph id, tagged source, contributor's name, source file) of every narrative paragraph."""
    v = v or _validated(root)
    names = {c.slug: c.display_name for c in v.project.contributions}
    for top in v.compiled.doc.body:
        for section in top.walk():
            for p in iter_paras(section.blocks):
                if p.id and p.contributor:
                    yield p.id, tagged(p.inlines), names.get(p.contributor, p.contributor), p.source or ""


def _language(code: str) -> str:
    if code not in LANGUAGES:
        raise UsageError(f"'{code}' is not a UN language code", hint=f"use one of {', '.join(LANGUAGES)}")
    return code


def export(root: Path, language: str, out: Path | None = None) -> Exported:
    """Write the PO file a translator fills in (the project's earlier translations kept)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    root, language = Path(root), _language(language)
    done = translations.read(root, language)
    out = Path(out) if out else root / translations.FOLDER / f"for-translation-{language}.po"
    catalog = Catalog(locale=language, project=root.resolve().name, charset="utf-8")
    result = Exported(out)
    v = _validated(root)
    for pid, source, who, path in _units(root, v):
        source = clean(source)   # as the PO file holds it, so that it compares with a translation's
        entry = done.get(pid)
        target, fuzzy = "", False
        if entry is not None:
            target = entry.target
            fuzzy = entry.source != source or entry.fuzzy
            result.translated += not fuzzy
            result.stale += fuzzy
        flags = {"fuzzy"} if fuzzy else set()
        catalog.add(source, clean(target), context=clean(pid), auto_comments=[clean(who)],
                    locations=[(clean(path), 0)] if path else [], flags=flags,
                    previous_id=[clean(entry.source)] if fuzzy and entry is not None else ())
        result.paragraphs += 1
    names = {c.slug: c.display_name for c in v.project.contributions}
    for text in translate.texts(v.project) + translate.captions(v.compiled.doc, names):
        source = clean(text.source)
        entry = done.get(translations.key(text.kind, source))
        if entry is not None and not entry.fuzzy:
            result.translated += 1
        files = list(dict.fromkeys(p.path for p in text.places if p.path))
        catalog.add(source, clean(entry.target) if entry is not None else "", context=text.kind,
                    auto_comments=[clean(f"{translate.KINDS[text.kind]}; printed from {text.where()}")],
                    locations=[(clean(f), 0) for f in files[:5]],
                    flags={"fuzzy"} if entry is not None and entry.fuzzy else set())
        result.texts += 1
    with atomic_path(out) as tmp, open(tmp, "wb") as f:
        write_po(f, catalog, width=0, include_previous=True)
    return result


def import_(root: Path, po: Path) -> Imported:
    """Take a translator's PO file into translations/<language>.po (its language from the file)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    root, po = Path(root), Path(po)
    try:
        with open(po, "rb") as f:
            incoming = read_po(f)
    except Exception as exc:   # Babel raises several kinds for a broken PO file
        raise UprError(f"{po.name} is not a PO file that can be read ({exc})",
                       hint="export it again with `uprreport translate export`") from None
    language = _language(str(incoming.locale.language) if incoming.locale else "")
    v = _validated(root)
    known = {pid: source for pid, source, _who, _path in _units(root, v)}
    # a data text is kept by its text even when the report no longer prints it (changed since
    # exported): its translation serves again if the text comes back
    target = translations.path(root, language)
    current = translations.read(root, language)
    result = Imported(target)
    catalog = Catalog(locale=language, charset="utf-8")
    for k, entry in current.items():
        catalog.add(clean(entry.source), clean(entry.target), context=clean(k.split("\x04")[0]),
                    flags={"fuzzy"} if entry.fuzzy else set())
    for m in incoming:
        if not m.id or not m.context or not m.string:
            continue
        where = Location(po.name, line=m.lineno, field=m.context)
        k = translations.key(m.context, m.id)
        if k != m.context and m.context not in translate.KINDS:
            result.diagnostics.append(make("translation-invalid", where, f"'{m.context}' is neither a paragraph id "
                                           "nor a kind of text uprreport exports; its translation is not taken",
                                           severity=Severity.WARNING))
            continue
        if k == m.context and k not in known:
            result.diagnostics.append(make("translation-invalid", where, f"paragraph {m.context} is not in the "
                                           "report any more; its translation is not taken", severity=Severity.WARNING))
            continue
        try:
            if k == m.context:   # a paragraph's tagged text (data texts are plain)
                parse(m.string)
        except TagError as exc:
            result.diagnostics.append(make("translation-invalid", where, f"the translation of {m.context}: {exc}; "
                                           "keep the tags <b>, <i>, <u>, <a>, <note> as pairs, as in the source"))
            continue
        old = current.get(k)
        if old is None:
            result.added += 1
        elif (old.source, old.target, old.fuzzy) != (m.id, m.string, m.fuzzy):
            result.changed += 1
        else:
            result.unchanged += 1
        if old is not None:   # one translation a paragraph: the latest
            catalog.delete(clean(old.source), context=clean(m.context))
        catalog.add(clean(m.id), clean(m.string), context=clean(m.context), flags={"fuzzy"} if m.fuzzy else set())
    with atomic_path(target) as tmp, open(tmp, "wb") as f:
        write_po(f, catalog, width=0, sort_output=True)
    return result
