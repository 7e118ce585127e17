"""A project with earlier cycles: their recommendations added to its register (a `cycle`
column), its links.csv and an earlier project's matrix (earlier/cycle-3.csv), as the tests of
linking, of the report's "previously received as" and of the packs' carried-forward columns
need them."""

from __future__ import annotations

import csv
from pathlib import Path

# Earlier recommendations for the Arcadia sample's register: two of cycle 3, one of cycle 2.
ARCADIA_EARLIER = [
    {"id": "115.12", "text": "Adopt comprehensive anti-discrimination legislation covering all grounds",
     "states": "Ireland", "position": "supported", "themes": "equality", "cycle": "3"},
    {"id": "115.40", "text": "Ratify the Istanbul Convention", "states": "Netherlands (Kingdom of the)",
     "position": "noted", "themes": "women", "cycle": "3"},
    {"id": "98.3", "text": "Adopt a national human rights action plan", "states": "Tunisia",
     "position": "supported", "themes": "framework", "cycle": "2"},
]


def add_rows(path: Path, columns: list[str], added: list[dict]) -> None:
    """The CSV register at ``path`` with the new ``columns`` (empty in its own rows) and the
    ``added`` rows after its own."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        every = list(reader.fieldnames) + columns
        rows = list(reader)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, every)
        w.writeheader()
        w.writerows(rows)
        for row in added:
            w.writerow({c: row.get(c, "") for c in every})


def with_earlier(root: Path, register: str, earlier: list[dict], links: str | None = None,
                 matrix: str | None = None) -> Path:
    """``root`` with the ``earlier`` rows in its ``register`` (CSV), and the links.csv text and
    earlier/cycle-3.csv text given."""
    add_rows(root / register, ["cycle"], earlier)
    if links is not None:
        (root / "links.csv").write_text(links, encoding="utf-8")
    if matrix is not None:
        (root / "earlier").mkdir(exist_ok=True)
        (root / "earlier" / "cycle-3.csv").write_text(matrix, encoding="utf-8")
    return root
