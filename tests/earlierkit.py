"""A project with earlier cycles: their recommendations added to its register (a `cycle`
column), its links.csv and an earlier project's matrix (earlier/cycle-3.csv), as the tests of
linking, of the report's "previously received as" and of the packs' carried-forward columns
need them."""

from __future__ import annotations

import csv
from pathlib import Path


def with_earlier(root: Path, register: str, earlier: list[dict], links: str | None = None,
                 matrix: str | None = None) -> Path:
    """``root`` with the ``earlier`` rows in its ``register`` (CSV), and the links.csv text and
    earlier/cycle-3.csv text given."""
    path = root / register
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns = list(reader.fieldnames) + ["cycle"]
        rows = list(reader)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns)
        w.writeheader()
        w.writerows(rows)
        for e in earlier:
            w.writerow({c: e.get(c, "") for c in columns})
    if links is not None:
        (root / "links.csv").write_text(links, encoding="utf-8")
    if matrix is not None:
        (root / "earlier").mkdir(exist_ok=True)
        (root / "earlier" / "cycle-3.csv").write_text(matrix, encoding="utf-8")
    return root
