"""Closing a round is one transaction: a comment sent while the round closes is either in the
response matrix (XLSX and Word annex) or refused with "the consultation has closed"; none is
lost, none counted twice. A closing that fails leaves the round open and no file replaced."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import threading
import time

import pytest

from conftest import SAMPLE
from uprreport.errors import UprError
from uprreport.rounds import close, review_copy, store, submit

OPENED = dt.date(2024, 3, 3)
DAY = dt.date(2024, 3, 10)          # within the comment period


@pytest.fixture(scope="module")
def opened_template(tmp_path_factory):
    root = tmp_path_factory.mktemp("close") / "arcadia"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build", "rounds"))
    review_copy.open_round(root, today=OPENED)
    return root


@pytest.fixture
def project(opened_template, tmp_path):
    dest = tmp_path / "arcadia"
    shutil.copytree(opened_template, dest)
    return dest


def _pids(project) -> list[str]:
    conn = store.connect(project)
    try:
        return [r["pid"] for r in conn.execute("SELECT pid FROM paragraphs WHERE round = 1 ORDER BY seq")]
    finally:
        conn.close()


def _matrix_numbers(path) -> list[int]:
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True).active
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    at = header.index("no")
    return [int(r[at]) for r in rows if r[at] is not None]


def _annex_numbers(path) -> list[int]:
    from docx import Document

    out = []
    for table in Document(path).tables:
        for row in table.rows[1:]:          # the header row repeats on each table
            text = row.cells[0].text.strip()
            if text.isdigit():
                out.append(int(text))
    return out


def _comments_while_closing(project, senders: int, pause: float, seed: int):
    """Several senders (each with its own connection, as the web server's threads) send
    comments until refused, while the round closes. Returns (closed, receipts, refusals,
    sent after the close began)."""
    pids = _pids(project) + [None]
    receipts, refusals, during = [], [], []
    lock = threading.Lock()
    started = threading.Event()
    closing_from: list[float] = []
    failures: list[BaseException] = []

    def sender(k: int):
        rng = random.Random(seed * 100 + k)
        conn = store.connect(project)
        try:
            i = 0
            while True:
                i += 1
                token = f"sender{k:02d}-comment{i:05d}-{seed:04d}"
                try:
                    got = submit.submit(conn, token, f"Comment {i} from sender {k}.", paragraph=rng.choice(pids),
                                        name=f"Sender {k}", today=DAY)
                except submit.Refused as exc:
                    with lock:
                        refusals.append(exc)
                    return
                with lock:
                    receipts.append(got)
                    if closing_from:
                        during.append(got)
                if len(receipts) >= senders * 3:
                    started.set()
                time.sleep(rng.uniform(0, pause))
        except BaseException as exc:   # shown by the assertion in the test
            failures.append(exc)
            started.set()
        finally:
            conn.close()

    threads = [threading.Thread(target=sender, args=(k,)) for k in range(senders)]
    for t in threads:
        t.start()
    assert started.wait(60)
    closing_from.append(time.monotonic())
    try:
        closed = close.close_round(project, DAY)
    finally:
        for t in threads:
            t.join(120)
    assert failures == [] and not any(t.is_alive() for t in threads)
    return closed, receipts, refusals, during


def _check(project, closed, receipts, refusals, senders):
    numbers = [r.number for r in receipts]
    assert len(set(numbers)) == len(numbers) and not any(r.repeated for r in receipts)
    in_matrix = _matrix_numbers(closed.matrix_xlsx)
    assert sorted(in_matrix) == sorted(numbers)             # every receipt there, once, and nothing else
    assert sorted(_annex_numbers(closed.matrix_docx)) == sorted(numbers)
    assert len(refusals) == senders                          # each sender went on until refused
    assert all(isinstance(r, submit.ConsultationClosed) and "the consultation has closed" in str(r)
               for r in refusals)
    conn = store.connect(project)
    try:
        registered = [r[0] for r in conn.execute("SELECT id FROM comments WHERE round = 1")]
        assert sorted(registered) == sorted(numbers)         # nothing registered after the close
        assert store.current_round(conn) is None
    finally:
        conn.close()


def test_comments_sent_while_the_round_closes_are_in_the_matrix_or_refused(project):
    closed, receipts, refusals, during = _comments_while_closing(project, senders=4, pause=0.01, seed=1)
    _check(project, closed, receipts, refusals, senders=4)
    assert during, "no comment was sent while the round closed: the test did not test anything"


@pytest.mark.slow
@pytest.mark.parametrize("run", range(8))
def test_comments_sent_while_the_round_closes_again_and_again(project, run):
    senders = 2 + run % 4 * 2
    closed, receipts, refusals, during = _comments_while_closing(project, senders=senders, pause=0.02 * (run % 3),
                                                                 seed=run + 2)
    _check(project, closed, receipts, refusals, senders=senders)
    assert during


def test_a_comment_sent_after_the_close_is_refused_and_a_resend_of_an_earlier_one_gets_its_receipt(project):
    conn = store.connect(project)
    first = submit.submit(conn, "t" * 24, "Before the close.", today=DAY)
    close.close_round(project, DAY)
    with pytest.raises(submit.ConsultationClosed) as exc:
        submit.submit(conn, "u" * 24, "After the close.", today=DAY)
    assert str(exc.value) == "the consultation has closed; comments can no longer be sent"
    again = submit.submit(conn, "t" * 24, "Before the close.", today=DAY)
    assert again.repeated and again.number == first.number
    conn.close()


def _round_files(project) -> dict[str, bytes]:
    folder = review_copy.round_folder(project, 1)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_closing_that_fails_writing_leaves_the_round_open_and_no_file_changed(project, monkeypatch):
    from uprreport.writers import docx as docx_writer

    conn = store.connect(project)
    submit.submit(conn, "v" * 24, "A comment.", today=DAY)
    before = _round_files(project)
    real = docx_writer.write

    def failing(doc, template, out, report, options=None):
        if options is not None and getattr(options, "part", None) == "annexes":
            raise UprError("the annex could not be written (a test)")
        return real(doc, template, out, report, *([options] if options is not None else []))

    monkeypatch.setattr(docx_writer, "write", failing)
    with pytest.raises(UprError, match="annex"):
        close.close_round(project, DAY)
    assert store.current_round(conn)["n"] == 1                # still open
    assert _round_files(project) == before                     # nothing written, nothing left behind
    assert submit.submit(conn, "w" * 24, "Still open.", today=DAY).number
    conn.close()


def test_a_closing_whose_files_cannot_be_put_in_place_leaves_the_round_open(project, monkeypatch):
    from uprreport import fsutil
    from uprreport.errors import FileInUse

    conn = store.connect(project)
    submit.submit(conn, "x" * 24, "A comment.", today=DAY)
    before = _round_files(project)

    def in_use(moves, remove=()):
        raise FileInUse("comment-response-matrix-round-1.xlsx is open in another program", path=moves[0][1])

    monkeypatch.setattr(fsutil, "replace_together", in_use)
    with pytest.raises(FileInUse):
        close.close_round(project, DAY)
    assert store.current_round(conn)["n"] == 1 and _round_files(project) == before
    conn.close()


def test_files_ingested_while_the_round_closes_are_refused_whole(project, tmp_path, monkeypatch):
    """ingest reads its files outside the register's lock (they may be large): a round closed
    meanwhile refuses them all, instead of adding comments its matrix no longer shows."""
    from uprreport import api
    from uprreport.errors import UprError
    from uprreport.rounds import store

    mail = tmp_path / "late.eml"
    mail.write_text("From: Ana <ana@example.org>\nSubject: draft\nDate: Tue, 10 Mar 2026 10:00:00 +0100\n\n"
                    "Para. 3 forgets the islands.\n", encoding="utf-8")
    real = store.content_sha

    def close_meanwhile(path):
        conn = store.connect(project)
        conn.execute("UPDATE rounds SET closed = '2026-03-10' WHERE closed IS NULL")
        conn.close()
        return real(path)

    monkeypatch.setattr(store, "content_sha", close_meanwhile)
    with pytest.raises(UprError, match="round 1 was closed while these files were being read"):
        api.round_ingest(project, [mail])
    conn = store.connect(project)
    assert conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    conn.close()
