"""The sample round's returned copies were made from the draft the sample builds today: when
the draft changes (generated text, numbering), `python tools/make_round.py` makes them again.
Stale copies would have their comments land on the wrong paragraphs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from uprreport import api

ROOT = Path(__file__).resolve().parents[2]


def test_the_sample_returned_copies_match_the_sample_draft(tmp_path):
    project = tmp_path / "arcadia"
    shutil.copytree(ROOT / "samples" / "national-arcadia", project, ignore=shutil.ignore_patterns("build", "rounds"))
    api.round_open(project, today=dt.date(2024, 3, 3))
    words = sorted((ROOT / "samples" / "round-arcadia" / "returned").glob("*.docx"))
    got = api.round_ingest(project, words, received=dt.datetime(2024, 3, 28, 12, tzinfo=dt.timezone.utc))
    stale = [d for d in got.diagnostics if d.code == "untracked-unchecked"]
    assert words and not stale, "run `python tools/make_round.py`: " + "; ".join(d.message for d in stale[:2])
