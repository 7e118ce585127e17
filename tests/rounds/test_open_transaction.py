"""`round open` checks for an open round in the transaction that opens one: two opens at once
make one round, and the other is refused saying which round is open."""

from __future__ import annotations

import datetime as dt
import shutil
import threading

import pytest

from conftest import SAMPLE
from uprreport.errors import UsageError
from uprreport.rounds import review_copy, store


@pytest.fixture
def project(tmp_path):
    dest = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("build", "rounds"))
    store.connect(dest).close()     # the register exists: the only transaction below is the opening's
    return dest


def _both_at_once(project, monkeypatch, deadlines):
    """Open a round from two threads that both get past the early check, prepare their files,
    and only then ask for the register, together."""
    real = store.transaction
    barrier = threading.Barrier(len(deadlines))

    def together(conn):
        barrier.wait(60)
        return real(conn)

    monkeypatch.setattr(store, "transaction", together)
    results: list = [None] * len(deadlines)

    def run(i):
        try:
            results[i] = review_copy.open_round(project, deadline=deadlines[i], today=dt.date(2024, 3, 3))
        except Exception as exc:   # compared below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(deadlines))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_two_opens_at_once_make_one_round(project, monkeypatch):
    results = _both_at_once(project, monkeypatch, [dt.date(2024, 4, 2), dt.date(2024, 4, 9)])
    opened = [r for r in results if isinstance(r, review_copy.Opened)]
    refused = [r for r in results if not isinstance(r, review_copy.Opened)]
    assert len(opened) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], UsageError) and str(refused[0]) == "round 1 is still open"
    won = opened[0]
    conn = store.connect(project)
    rounds = conn.execute("SELECT n, deadline FROM rounds").fetchall()
    paragraphs = conn.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
    conn.close()
    assert [tuple(r) for r in rounds] == [(1, won.deadline.isoformat())] and paragraphs == won.paragraphs
    # the round's files are the winner's, whole, and no staging folder is left behind
    folder = review_copy.round_folder(project, 1)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [won.draft.name, won.review_copy.name, won.form.name, review_copy.TREE])
    assert not list(store.folder(project).glob(".staging-*"))
    lost = ({dt.date(2024, 4, 2), dt.date(2024, 4, 9)} - {won.deadline}).pop()
    text = _package_text(won.review_copy)
    assert _day(won.deadline) in text and _day(lost) not in text    # the title says the winner's deadline


def _day(d: dt.date) -> str:
    return f"comments by {d.day} {d:%B} {d.year}"


def _package_text(path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_opening_while_a_round_is_open_is_refused_before_anything_is_written(project):
    review_copy.open_round(project, today=dt.date(2024, 3, 3))
    folder = review_copy.round_folder(project, 1)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    with pytest.raises(UsageError) as exc:
        review_copy.open_round(project, today=dt.date(2024, 3, 4))
    assert str(exc.value) == "round 1 is still open" and "round close" in exc.value.hint
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    assert not review_copy.round_folder(project, 2).exists()
