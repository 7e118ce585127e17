"""Read a project's translations: translations/<language>.po, one entry a paragraph (its
id as the message context, its source text as the message, the translation)."""

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


def read(root: Path, language: str) -> dict[str, Entry]:
    """Paragraph id -> Entry, for the translations of ``language`` the project holds.
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
        return {m.context: Entry(m.id, m.string, m.fuzzy) for m in catalog
                if m.id and isinstance(m.context, str) and m.context and isinstance(m.string, str) and m.string}
    except UnicodeDecodeError as exc:
        why, line = f"it is not in the character set it names (byte {exc.start})", None
    except (OSError, ValueError, LookupError, PoFileError) as exc:   # Babel's kinds for a damaged PO file
        why, line = f"{type(exc).__name__}: {exc}", getattr(exc, "lineno", None)
    diag = make("translation-invalid", Location(shown, line=line), f"this translation file cannot be read ({why})")
    raise UprError(f"{shown} cannot be read ({why})", diagnostics=[diag],
                   hint=f"import the translator's file again (`uprreport translate import PROJECT FILE.po`), "
                        f"or delete {shown} and export a new one to translate")
