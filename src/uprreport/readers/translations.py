"""Read a project's translations: translations/<language>.po, one entry a paragraph (its
id as the message context, its source text as the message, the translation)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FOLDER = "translations"


@dataclass
class Entry:
    source: str            # the paragraph's tagged text when it was translated
    target: str            # its translation
    fuzzy: bool = False    # the translator marked it as needing review


def path(root: Path, language: str) -> Path:
    return Path(root) / FOLDER / f"{language}.po"


def read(root: Path, language: str) -> dict[str, Entry]:
    """Paragraph id -> Entry, for the translations of ``language`` the project holds."""
    f = path(root, language)
    if not f.is_file():
        return {}
    from babel.messages.pofile import read_po

    with open(f, "rb") as fh:
        catalog = read_po(fh)
    return {m.context: Entry(m.id, m.string, m.fuzzy) for m in catalog
            if m.id and m.context and isinstance(m.string, str) and m.string}
