"""Each failure issue 24 reproduced, run as a user runs it (the command line): a located
message and a documented exit code, never a traceback, and nothing lost. The modules'
own tests go deeper; these hold the command line to what a user sees."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from click.testing import CliRunner

from conftest import SAMPLE
from uprreport.cli import EXIT_ERRORS, EXIT_OK, EXIT_TOOL, EXIT_USAGE, main


def run(*args, **kwargs):
    r = CliRunner().invoke(main, [str(a) for a in args], **kwargs)
    assert "Traceback" not in r.output and (r.exception is None or isinstance(r.exception, SystemExit)), r.output
    return r


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv", ".xlsx"])
def test_an_exported_register_validates_in_every_format(sample_copy, suffix):
    out = sample_copy / f"register{suffix}"
    assert run("export", "register", "-p", sample_copy, "-o", out).exit_code == EXIT_OK
    (sample_copy / "recommendations.csv").unlink()
    manifest = sample_copy / "report.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + f"\nregister: register{suffix}\n", encoding="utf-8")
    r = run("validate", sample_copy)
    assert r.exit_code == EXIT_OK, r.output
    assert "270 recommendations" in r.output and "0 errors" in r.output


def test_a_bad_date_in_report_yaml_is_located(sample_copy):
    manifest = sample_copy / "report.yaml"
    text = manifest.read_text(encoding="utf-8")
    line = text[:text.index("date: 2024-10-28")].count("\n") + 1
    manifest.write_text(text.replace("date: 2024-10-28", "date: 2024-13-45"), encoding="utf-8")
    r = run("validate", sample_copy)
    assert r.exit_code == EXIT_ERRORS
    assert f"report.yaml:{line}: error [field-invalid] 'date': '2024-13-45' is not a date" in r.output


def test_damaged_collection_records_stop_only_what_needs_them(sample_copy):
    assert run("request", sample_copy, "--deadline", "2025-01-10", "--today", "2024-12-01").exit_code == EXIT_OK
    (sample_copy / "requests" / "register.json").write_text('{"packs": [\n', encoding="utf-8")
    (sample_copy / "requests" / "approvals.json").write_text("[", encoding="utf-8")
    r = run("build", sample_copy, "--no-pdf")
    assert r.exit_code == EXIT_OK, r.output
    assert "requests/register.json:2:1: warning [record-unreadable]" in r.output
    assert "requests/approvals.json:1:2: warning [record-unreadable]" in r.output
    r = run("progress", sample_copy)
    assert r.exit_code == EXIT_ERRORS and "requests/register.json is damaged, and this command needs it" in r.output
    r = run("build", sample_copy, "--no-pdf", "--final")
    assert r.exit_code == EXIT_ERRORS and "requests/approvals.json is damaged" in r.output


def test_one_bodys_deeply_nested_text_does_not_stop_the_others(sample_copy):
    fragment = sample_copy / "contributions" / "culture-media" / "media.md"
    fragment.write_text(fragment.read_text(encoding="utf-8") + "\n" + ">" * 3000 + " deep\n", encoding="utf-8")
    (sample_copy / "recommendations.csv").open("a").write("140.1,Again,France,maybe,,,\n")
    r = run("validate", sample_copy)
    assert r.exit_code == EXIT_ERRORS
    assert "contributions/culture-media/media.md: error [fragment-nesting]" in r.output
    assert "[rec-duplicate]" in r.output or "[position-invalid]" in r.output   # the others still checked


def test_pandoc_missing_is_exit_3_with_the_remedy(sample_copy, monkeypatch, tmp_path):
    import pypandoc

    from uprreport.readers import markdown, pandoc

    monkeypatch.setenv("UPRREPORT_CACHE", "off")
    monkeypatch.setattr(markdown, "_cache", {})
    monkeypatch.setattr(pypandoc, "__pandoc_path", None)
    monkeypatch.setattr(pandoc, "_bundled", str(tmp_path / "pandoc"))
    monkeypatch.setenv("PYPANDOC_PANDOC", str(tmp_path / "pandoc"))
    r = run("validate", sample_copy)
    assert r.exit_code == EXIT_TOOL and "pip install --force-reinstall pypandoc-binary" in r.output


@pytest.fixture
def opened(sample_copy):
    r = run("round", "open", sample_copy, "--deadline", "2026-04-01", "--today", "2026-03-02")
    assert r.exit_code == EXIT_OK, r.output
    return sample_copy


def test_an_email_in_a_charset_python_does_not_know_is_read_with_a_warning(opened, tmp_path):
    mail = tmp_path / "comment.eml"
    mail.write_bytes(b"From: Ana <ana@example.org>\nSubject: Draft\nDate: Tue, 10 Mar 2026 10:00:00 +0100\n"
                     b"Content-Type: text/plain; charset=\"x-unknown-42\"\n\nPara. 12 forgets the islands.\n")
    r = run("round", "ingest", opened, mail)
    assert r.exit_code == EXIT_OK, r.output
    assert "comment.eml" in r.output and "x-unknown-42" in r.output and "1 comments" in r.output


def test_a_comment_with_control_characters_closes_the_round(opened, tmp_path):
    from uprreport.rounds import store, submit

    conn = store.connect(opened)
    submit.submit(conn, "t" * 24, "Pasted:\x0c page\x1b[0m two\x00\x07.", today=dt.date(2026, 3, 5))
    conn.close()
    assert run("round", "respond", opened, "--export").exit_code == EXIT_OK
    r = run("round", "close", opened, "--today", "2026-04-02")
    assert r.exit_code == EXIT_OK, r.output
    assert "round 1 closed" in r.output


def test_round_import_of_bad_json_names_line_and_column(sample_copy, tmp_path):
    bad = tmp_path / "register.json"
    bad.write_text('{"format": "uprreport-comment-register/1",\n "rounds": [}\n', encoding="utf-8")
    r = run("round", "import", sample_copy, bad)
    assert r.exit_code == EXIT_ERRORS and "register.json, line 2, column" in r.output
    assert not (sample_copy / "rounds" / "register.sqlite").exists()


def test_reading_commands_make_no_register_anywhere(tmp_path):
    folder = tmp_path / "not-a-project"
    folder.mkdir()
    for args in (["round", "export", folder, "-o", tmp_path / "x.json"], ["round", "status", folder],
                 ["user", "list", folder]):
        r = run(*args)
        assert r.exit_code == EXIT_USAGE and "not a report project" in r.output, args
    project = tmp_path / "p"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    r = run("round", "status", project)
    assert r.exit_code == EXIT_USAGE and "no comment round has been opened" in r.output
    assert run("user", "list", project).exit_code == EXIT_OK
    assert not (folder / "rounds").exists() and not (project / "rounds").exists()


def test_a_damaged_comment_register_is_named_with_what_to_do(opened):
    (opened / "rounds" / "register.sqlite").write_text("saved over by a text editor\n" * 200, encoding="utf-8")
    for path in (opened / "rounds").glob("register.sqlite-*"):
        path.unlink()
    for args in (["round", "status", opened], ["round", "open", opened], ["user", "list", opened]):
        r = run(*args)
        assert r.exit_code == EXIT_ERRORS, (args, r.output)
        assert "register.sqlite is damaged (file is not a database); nothing was changed" in r.output
        assert "round import" in r.output
