"""Put a translation's paragraphs in place of the source's, by stable paragraph id.

A paragraph is translated when the project's catalog has its id and the source text it was
translated from is the paragraph's text today; a paragraph whose text changed since is
stale, and stays in the source language. Both are reported by contributor.
"""

from __future__ import annotations

from uprreport.diagnostics import Location, make
from uprreport.model.nodes import iter_paras
from uprreport.model.tagged import TagError, parse, tagged


def apply(doc, ctx):
    language, entries = ctx.options.language, ctx.project.translations
    if not language or language == "en" and not entries:
        return ()
    missing: dict[str, int] = {}
    stale: dict[str, list[str]] = {}
    for top in doc.body:
        for section in top.walk():
            for p in iter_paras(section.blocks):
                if not p.id or not p.contributor:
                    continue   # generated text comes from the catalogs
                entry = entries.get(p.id)
                if entry is None:
                    missing[p.contributor] = missing.get(p.contributor, 0) + 1
                elif entry.source != tagged(p.inlines) or entry.fuzzy:
                    stale.setdefault(p.contributor, []).append(p.id)
                else:
                    try:
                        p.inlines = parse(entry.target)
                    except TagError:
                        stale.setdefault(p.contributor, []).append(p.id)
    names = {c.slug: c.display_name for c in ctx.project.contributions}
    out = []
    where = Location(f"translations/{language}.po")
    for who, n in sorted(missing.items()):
        out.append(make("translation-missing", where, f"{names.get(who, who)}: {n} paragraph{'s' * (n != 1)} not "
                        f"translated yet, left in the source language (export them with `uprreport translate "
                        f"export --to {language}`)"))
    for who, ids in sorted(stale.items()):
        out.append(make("translation-stale", where, f"{names.get(who, who)}: {len(ids)} paragraph"
                        f"{'s' * (len(ids) != 1)} changed since translated ({', '.join(ids[:5])}"
                        f"{' …' if len(ids) > 5 else ''}), left in the source language until translated again"))
    return out
