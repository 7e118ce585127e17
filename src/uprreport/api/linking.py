"""The service layer's commands for several cycles in one register and their links
(docs/linking.md): the front ends call these, never ``uprreport.linking`` itself."""

from __future__ import annotations

from pathlib import Path


def import_ohchr(docx: Path, root: Path, cycle: int | None = None):
    """Import OHCHR's thematic list, as ``api.import_ohchr``; with ``cycle``, an earlier
    review's list kept beside the recommendations followed up."""
    from uprreport import importing

    return importing.import_ohchr(docx, root, cycle)


def link(root: Path, same: float | None = None, related: float | None = None):
    from uprreport import linking

    return linking.link(root, linking.SAME if same is None else same,
                        linking.RELATED if related is None else related)


def export_links(root: Path, out: Path) -> int:
    from uprreport import linking

    return linking.export_links(root, out)


def import_links(root: Path, workbook: Path):
    from uprreport import linking

    return linking.import_links(root, workbook)


def links(root: Path) -> list[dict]:
    """The rows of the project's links.csv (none before `link` has run), as text cells."""
    from uprreport import linking

    return linking.read_links(Path(root) / linking.LINKS_FILE)


def key(row: dict) -> tuple[str, str, str, str]:
    """A link's identity (id, earlier cycle, earlier mechanism, earlier id), as links.csv and
    its workbook know it."""
    from uprreport import linking

    return linking.key(row)


def confirm(root: Path, decisions: dict):
    """The drafter's yes, no or undecided on links (their ``key`` -> the word) into links.csv."""
    from uprreport import linking

    return linking.confirm(root, decisions)


def evidence_in(text: str, t) -> str:
    """A link's evidence in the language of ``t`` (linking.evidence_in)."""
    from uprreport import linking

    return linking.evidence_in(text, t)
