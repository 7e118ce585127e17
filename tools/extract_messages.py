"""Extract every word uprreport writes into reports to src/uprreport/locale/uprreport.pot, and
bring each language's catalog (locale/<language>.po) up to date with it (Babel).

Run `python tools/extract_messages.py` after changing generated text; then translate the new
entries of each .po file (a test lists what is missing). docs/languages.md explains.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "uprreport"
LOCALE = PKG / "locale"
KEYWORDS = {"t": None, "N_": None, "plural": (1, 2)}
# The web pages (web/templates): the public consultation pages speak the report's language, the
# coordinators' and the workspace's the language each person chose (web/languages.py): their
# `{{ t("...") }}` calls, read by Jinja.
WEB_PAGES = [("web/templates/**.html", "jinja2.ext:babel_extract")]
# Words of the profiles (report kinds) that reports show: titles, outline, statuses, positions.
PROFILE_KEYS = ("title", "subtitle", "proposals_intro", "label")


def _profile_messages():
    for path in sorted((PKG / "profiles").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        where = f"src/uprreport/profiles/{path.name}"
        for key in PROFILE_KEYS:
            if data.get(key):
                yield data[key], where
        for section in data.get("outline", []):
            yield section["title"], where
        for status in data.get("statuses", []):
            yield status, where
        # the kind's own form of the sentences whose grammar follows the document's noun
        # (i18n.Language.of_kind; msgctxt: the kind)
        from uprreport.transforms.cover import SUBMITTED_BY

        yield SUBMITTED_BY, where, data["kind"]
    from uprreport.model.register import Position

    for position in [p.value for p in Position] + ["not reported"]:
        yield position, "src/uprreport/model/register.py"
    yield "Geneva", "src/uprreport/model/manifest.py"


def template() -> Catalog:
    cat = Catalog(project="uprreport", msgid_bugs_address="", copyright_holder="uprreport",
                  charset="utf-8")
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(PKG), method_map=[("**.py", "python"), *WEB_PAGES], keywords=KEYWORDS, comment_tags=("NOTE:",)):
        cat.add(message, locations=[(f"src/uprreport/{filename}", lineno)], auto_comments=_comments)
    for message, where, *context in _profile_messages():
        cat.add(message, locations=[(where, 0)], context=context[0] if context else None)
    return cat


def main() -> None:
    pot = template()
    with open(LOCALE / "uprreport.pot", "wb") as f:
        write_po(f, pot, omit_header=False, sort_output=True, width=100)
    for po in sorted(LOCALE.glob("*.po")):
        with open(po, "rb") as f:
            cat = read_po(f, locale=po.stem)
        cat.update(pot, no_fuzzy_matching=True)
        with open(po, "wb") as f:
            write_po(f, cat, sort_output=True, width=100, ignore_obsolete=True)
        missing = sum(1 for m in cat if m.id and not m.string)
        print(f"{po.name}: {len(cat) - 1} messages, {missing} untranslated")
    print(f"wrote {LOCALE / 'uprreport.pot'}: {len(pot) - 1} messages")


if __name__ == "__main__":
    main()
