"""Read a project's translations: translations/<language>.po, one entry a paragraph (its
id as the message context, its source text as the message, the translation), and one entry a
data-driven text the report prints (what it is as the context, "theme title", "body name"…;
the text as the message; transforms/translate.py ``KINDS``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from uprreport.diagnostics import Location, make
from uprreport.errors import UprError

FOLDER = "translations"


@dataclass
class Entry:
    source: str            # the paragraph's tagged text when it was translated
    target: str            # its translation
    fuzzy: bool = False    # the translator marked it as needing review


def path(root: Path, language: str) -> Path:
    return Path(root) / FOLDER / f"{language}.po"


def key(context: str, source: str) -> str:
    """The key of an entry: a paragraph's id (every paragraph id holds a "/"), or a data text's
    context and source joined by EOT, as gettext joins them."""
    return context if "/" in context else f"{context}\x04{source}"


def read(root: Path, language: str) -> dict[str, Entry]:
    """Paragraph id (or data text's ``key``) -> Entry, for the translations of ``language`` the project holds.
    UprError (the file, what to do) when the file cannot be read: a build in that language
    cannot go on without it."""
    f = path(root, language)
    from uprreport.readers import package

    if not package.is_file(f):
        return {}
    from babel.messages.pofile import PoFileError, read_po

    shown = f"{FOLDER}/{f.name}"
    try:
        with open(f, "rb") as fh:
            catalog = read_po(fh)
        return {key(m.context, m.id): Entry(m.id, m.string, m.fuzzy) for m in catalog
                if m.id and isinstance(m.context, str) and m.context and isinstance(m.string, str) and m.string}
    except UnicodeDecodeError as exc:
        why, line = f"it is not in the character set it names (byte {exc.start})", None
    except (OSError, ValueError, LookupError, PoFileError) as exc:   # Babel's kinds for a damaged PO file
        why, line = f"{type(exc).__name__}: {exc}", getattr(exc, "lineno", None)
    diag = make("translation-invalid", Location(shown, line=line), f"this translation file cannot be read ({why})")
    raise UprError(f"{shown} cannot be read ({why})", diagnostics=[diag],
                   hint=f"import the translator's file again (`uprreport translate import PROJECT FILE.po`), "
                        f"or delete {shown} and export a new one to translate")
