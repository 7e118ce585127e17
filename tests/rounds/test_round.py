"""A whole comment round on the Arcadia sample, with the sample's returned files."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import zipfile

import pytest

from conftest import ROOT, SAMPLE
from uprreport import api
from uprreport.errors import UsageError
from uprreport.rounds import store

ROUND = ROOT / "samples" / "round-arcadia"
RECEIVED = dt.datetime(2024, 3, 28, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def project(tmp_path):
    dest = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("build", "rounds"))
    return dest


def _db(project):
    from uprreport.rounds import store

    return store.connect(project, create=False)     # SQLite or PostgreSQL, as the test's backend is


def test_round_from_review_copy_to_redlined_next_draft(project):
    opened = api.round_open(project, today=dt.date(2024, 3, 3))
    assert opened.deadline == dt.date(2024, 4, 2) and opened.paragraphs > 50
    with zipfile.ZipFile(opened.review_copy) as z:
        doc = z.read("word/document.xml").decode("utf-8")
    assert doc.count('w:name="upr_') >= 50 and "[justice/justice/p1]" in doc

    files = sorted((ROUND / "returned").iterdir())
    assert len(files) >= 10
    got = api.round_ingest(project, files, received=RECEIVED)
    assert got.comments >= 100 and got.files == len(files) and got.late == ["14-email.eml"]
    again = api.round_ingest(project, files, received=RECEIVED)
    assert again.comments == 0 and len(again.skipped) == len(files)

    db = _db(project)
    anchors = dict(db.execute("SELECT anchor, COUNT(*) FROM comments GROUP BY anchor").fetchall())
    assert anchors["bookmark"] >= 70
    proposals = db.execute("SELECT proposed FROM comments WHERE kind = 'proposal'").fetchall()
    assert proposals and all(not p[0][:1].isdigit() and "/p" not in p[0][-30:] for p in proposals)
    owners = {r[0] for r in db.execute("SELECT DISTINCT owner FROM comments")}
    assert {"justice", "labour", "foreign-affairs"} <= owners
    orgs = {r[0] for r in db.execute("SELECT DISTINCT organisation FROM comments WHERE kind = 'comment'")}
    assert "Rainbow Arcadia" in orgs

    answered = api.round_respond(project, files=sorted((ROUND / "responses").glob("*.xlsx")))
    assert answered.decided >= 90 and not answered.diagnostics
    status = api.round_status(project)
    assert status.overall["total"] == got.comments
    assert status.overall["answered"] + status.overall["open"] + status.overall["deferred"] == got.comments

    shutil.copytree(ROUND / "updated" / "contributions", project / "contributions", dirs_exist_ok=True)
    closed = api.round_close(project, today=dt.date(2024, 4, 20))
    assert not closed.diagnostics
    with zipfile.ZipFile(closed.redline) as z:
        red = z.read("word/document.xml").decode("utf-8")
    assert red.count("<w:ins ") >= 3
    from openpyxl import load_workbook

    ws = load_workbook(closed.matrix_xlsx).active
    assert ws.max_row == got.comments + 1
    from docx import Document

    for path in (closed.matrix_docx, closed.next_draft, closed.redline):
        Document(path)

    # the next round carries the comments left open or deferred
    second = api.round_open(project, today=dt.date(2024, 5, 1))
    carried = _db(project).execute("SELECT COUNT(*) FROM comments WHERE round = 2").fetchone()[0]
    assert carried == closed.open_comments and second.round == 2


def test_paragraph_ids_survive_edits_and_insertions(project):
    api.round_open(project, today=dt.date(2024, 3, 3))
    api.round_close(project, today=dt.date(2024, 3, 4))
    before = {r["position"]: r["pid"] for r in _db(project).execute("SELECT * FROM paragraphs WHERE round = 1")}
    frag = project / "contributions" / "justice" / "justice.md"
    text = frag.read_text(encoding="utf-8")
    head, body = text.split("---\n", 2)[1], text.split("---\n", 2)[2]
    body = "A new opening paragraph on the reform of the courts.\n\n" + body.replace("412 days", "415 days")
    frag.write_text("---\n" + head + "---\n" + body, encoding="utf-8")
    api.round_open(project, today=dt.date(2024, 5, 1))
    after = {r["position"]: r["pid"] for r in _db(project).execute("SELECT * FROM paragraphs WHERE round = 2")}
    # the old first paragraph (edited) is now second and keeps its id; the new one gets a new id
    assert after["justice/justice/p2"] == before["justice/justice/p1"]
    assert after["justice/justice/p1"] not in before.values()
    assert after["health/health/p1"] == before["health/health/p1"]


def test_nothing_happens_without_an_open_round(project):
    with pytest.raises(UsageError, match="no comment round has been opened"):
        api.round_ingest(project, [ROUND / "returned" / "11-email.eml"])
    assert not (project / "rounds" / "register.sqlite").exists()   # nothing made by asking
    api.round_open(project, today=dt.date(2024, 3, 3))
    with pytest.raises(UsageError, match="still open"):
        api.round_open(project)


def test_decisions_are_checked(project, tmp_path):
    api.round_open(project, today=dt.date(2024, 3, 3))
    api.round_ingest(project, [ROUND / "returned" / "11-email.eml"], received=RECEIVED)
    sheet = api.round_respond(project, export=True).paths[0]
    from openpyxl import load_workbook

    wb = load_workbook(sheet)
    ws = wb["Responses"]
    ws.cell(2, 10).value = "maybe"
    wb.save(sheet)
    result = api.round_respond(project, files=[sheet])
    d = result.diagnostics[0]
    assert d.code == "decision-invalid" and d.location.row == 2 and "accepted, accepted with" in d.message
    ws.cell(2, 10).value = "rejected"
    wb.save(sheet)
    result = api.round_respond(project, files=[sheet])
    assert "needs a reason" in result.diagnostics[0].message


def test_the_command_line_checks_decisions_as_the_worksheets_do(project):
    from click.testing import CliRunner

    from uprreport.cli import main

    api.round_open(project, today=dt.date(2024, 3, 3))
    api.round_ingest(project, [ROUND / "returned" / "11-email.eml"], received=RECEIVED)
    run = CliRunner().invoke(main, ["round", "respond", str(project), "--comment", "1", "--decision", "rejected"])
    assert run.exit_code == 2 and "needs a reason" in run.output and "--reason" in run.output
    run = CliRunner().invoke(main, ["round", "respond", str(project), "--comment", "1", "--decision", "Rejected",
                                    "--reason", "Outside the scope of the report"])
    assert run.exit_code == 0, run.output
    assert api.round_status(project).overall["answered"] == 1


@pytest.mark.realdata
def test_real_word_files_give_exactly_their_comments_and_replies(project, realdata):
    from uprreport.readers import review_docx

    api.round_open(project, today=dt.date(2024, 3, 3))
    files = sorted((realdata / "docx").glob("*.docx"))
    api.round_ingest(project, files, received=RECEIVED)
    db = _db(project)
    for f in files:
        remarks = review_docx.read(f).remarks
        sha = store.content_sha(f)
        rows = db.execute("SELECT kind, reviewer, parent FROM comments WHERE file_sha = ?", (sha,)).fetchall()
        want = [r for r in remarks if r.kind in ("comment", "reply")]
        assert len([r for r in rows if r["kind"] in ("comment", "reply")]) == len(want), f.name
        assert sorted(r["reviewer"] for r in rows if r["kind"] in ("comment", "reply")) == sorted(r.author for r in want)
        assert sum(1 for r in rows if r["kind"] == "reply" and r["parent"]) == sum(1 for r in want if r.kind == "reply")
        if any(r.kind in ("insertion", "deletion", "move") and (r.text or not r.paragraph_mark) for r in remarks):
            assert any(r["kind"] == "proposal" for r in rows), f.name


@pytest.mark.libreoffice
def test_round_outputs_open_in_libreoffice(project, tmp_path):
    from uprreport.libreoffice import convert

    api.round_open(project, today=dt.date(2024, 3, 3))
    api.round_ingest(project, sorted((ROUND / "returned").iterdir()), received=RECEIVED)
    shutil.copytree(ROUND / "updated" / "contributions", project / "contributions", dirs_exist_ok=True)
    closed = api.round_close(project, today=dt.date(2024, 4, 20))
    for path in (closed.redline, closed.matrix_docx):
        convert(path, tmp_path / (path.stem + ".pdf"))
        assert (tmp_path / (path.stem + ".pdf")).stat().st_size > 1000


def test_register_json_round_trip(project, tmp_path):
    from uprreport.rounds import exchange

    api.round_open(project, today=dt.date(2024, 3, 3))
    api.round_ingest(project, sorted((ROUND / "returned").glob("*.eml")), received=RECEIVED)
    out = tmp_path / "register.json"
    counts = exchange.export_json(project, out)
    assert counts["comments"] == 4
    other = tmp_path / "other"
    shutil.copytree(SAMPLE, other, ignore=shutil.ignore_patterns("build", "rounds"))
    assert exchange.import_json(other, out) == counts
    again = tmp_path / "again.json"
    exchange.export_json(other, again)
    assert again.read_text() == out.read_text()


def test_two_ingests_at_once_neither_lose_nor_duplicate(project):
    import multiprocessing as mp

    api.round_open(project, today=dt.date(2024, 3, 3))
    files = [str(p) for p in sorted((ROUND / "returned").iterdir())]
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_ingest, args=(str(project), files)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    db = _db(project)
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == len(files)
    total = db.execute("SELECT COUNT(*) FROM comments").fetchone()[0]
    assert total >= 100
    assert total == db.execute("SELECT SUM(comments) FROM files").fetchone()[0]


def _ingest(project: str, files: list[str]) -> None:
    api.round_ingest(project, files, received=RECEIVED)


def test_a_comment_too_long_for_an_excel_cell_is_cut_in_the_sheets_and_kept_in_the_register(project, tmp_path):
    mail = tmp_path / "long.eml"
    body = "On para. 12: " + "the figures are disputed " * 2000
    mail.write_text(f"From: A Reviewer <a@example.org>\nDate: Thu, 28 Mar 2024 10:00:00 +0000\nSubject: comments\n"
                    f"Content-Type: text/plain; charset=utf-8\n\n{body}", encoding="utf-8")
    api.round_open(project, today=dt.date(2024, 3, 3))
    api.round_ingest(project, [mail], received=RECEIVED)
    sheets = api.round_respond(project, export=True)
    (w,) = sheets.diagnostics
    assert w.code == "cell-cut" and w.location.field == "comment"
    stored = _db(project).execute("SELECT comment FROM comments").fetchone()["comment"]
    assert len(stored) > 32_767   # the register keeps the whole comment
