"""`round import` of a file that is not a register export, or not quite one: a located
UprError saying what to do, and nothing imported."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from conftest import SAMPLE
from uprreport.errors import UprError
from uprreport.rounds import exchange, store


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A real export: round 1 opened and one comment sent through the web page."""
    from uprreport.rounds import review_copy, submit

    root = tmp_path_factory.mktemp("exchange")
    project = root / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    review_copy.open_round(project, today=dt.date(2024, 3, 3))
    conn = store.connect(project)
    submit.submit(conn, "t" * 24, "A remark.", today=dt.date(2024, 3, 4))
    conn.close()
    out = root / "register.json"
    exchange.export_json(project, out)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def target(tmp_path):
    dest = tmp_path / "other"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("build", "rounds"))
    return dest


def _nothing_imported(project):
    if not store.path(project).exists():
        return True
    conn = store.connect(project)
    try:
        return all(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] == 0 for t in exchange.TABLES)
    finally:
        conn.close()


def test_an_export_imports_whole(export, target, tmp_path):
    source = tmp_path / "register.json"
    source.write_text(json.dumps(export), encoding="utf-8")
    counts = exchange.import_json(target, source)
    assert counts == {t: len(export[t]) for t in exchange.TABLES} and counts["comments"] == 1
    assert "approvals" not in export


def test_an_export_from_before_the_schema_version_imports(export, target, tmp_path):
    source = tmp_path / "old.json"
    source.write_text(json.dumps({**export, "approvals": []}), encoding="utf-8")   # as earlier releases wrote
    assert exchange.import_json(target, source)["rounds"] == 1


@pytest.mark.parametrize("text, line, column", [
    ('{"format": "uprreport-comment-register/1",\n "rounds": [\n  {"n": 1,, "opened": "2024-03-03"}\n ]\n}\n', 3, 11),
    ('{"format": "uprreport-comment-register/1",\n "rounds": [\n  {"n": 1', 3, 10),            # cut short
    ('{"format": "uprreport-comment-register/1"\n "rounds": []}\n', 2, 2),                       # a comma missing
], ids=["double-comma", "cut-short", "comma-missing"])
def test_json_that_cannot_be_read_is_refused_with_its_line_and_column(target, tmp_path, text, line, column):
    source = tmp_path / "register.json"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(UprError) as exc:
        exchange.import_json(target, source)
    assert str(exc.value).startswith(f"register.json, line {line}, column {column}: not valid JSON (")
    assert "nothing was imported" in str(exc.value) and "uprreport round export" in exc.value.hint
    assert not store.path(target).exists()          # refused before the register was touched


def test_a_file_that_is_not_utf8_is_refused(target, tmp_path):
    source = tmp_path / "register.json"
    source.write_bytes(b'{"format": "uprreport-comment-register/1", "rounds": [{"draft": "\xe9t\xe9"}]}')
    with pytest.raises(UprError, match="not UTF-8"):
        exchange.import_json(target, source)
    assert _nothing_imported(target)


@pytest.mark.parametrize("change, where, words", [
    (lambda d: d.update(comments={"id": 1}), "comments", "expected a list of rows, found dict"),
    (lambda d: d["comments"].append("a comment"), "comments[1]", "expected a row (an object), found str"),
    (lambda d: d["comments"][0].update(colour="red"), "comments[0].colour", "'colour' is not a column of comments"),
    (lambda d: d["rounds"][0].update(n=[1]), "rounds[0].n", "expected text, a number or null"),
    (lambda d: d.update(web_users=[]), "web_users", "'web_users' is not a table of the comment register"),
    (lambda d: d.update(approvals=[{"round": 1}]), "approvals", "no longer part of the register"),
    (lambda d: d["comments"][0].pop("owner"), "comments[0]", "NOT NULL constraint failed: comments.owner"),
    (lambda d: d["paragraphs"].append(dict(d["paragraphs"][0])), "paragraphs[", "UNIQUE constraint failed"),
], ids=["table-not-list", "row-not-object", "unknown-column", "list-value", "unknown-table", "approvals-rows",
        "missing-value", "duplicate-row"])
def test_an_export_of_the_wrong_shape_is_refused_where_it_is_wrong_and_nothing_imported(export, target, tmp_path,
                                                                                     change, where, words):
    data = json.loads(json.dumps(export))
    change(data)
    source = tmp_path / "register.json"
    source.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(UprError) as exc:
        exchange.import_json(target, source)
    message = str(exc.value)
    assert message.startswith(f"register.json, {where}") and words in message, message
    assert "nothing was imported" in message and exc.value.hint
    assert _nothing_imported(target)


def test_a_json_that_is_not_an_export_is_refused(target, tmp_path):
    for text in ('[1, 2, 3]', '{"format": "something else"}', '"text"'):
        source = tmp_path / "register.json"
        source.write_text(text, encoding="utf-8")
        with pytest.raises(UprError, match="is not a comment register export"):
            exchange.import_json(target, source)
    assert not store.path(target).exists()


def test_the_command_line_names_the_place_and_exits_1(target, tmp_path):
    from click.testing import CliRunner

    from uprreport.cli import main

    source = tmp_path / "register.json"
    source.write_text('{"format": "uprreport-comment-register/1",\n "rounds": [}\n', encoding="utf-8")
    run = CliRunner().invoke(main, ["round", "import", str(target), str(source)])
    assert run.exit_code == 1 and "register.json, line 2, column 13: not valid JSON" in run.output, run.output
    assert "Traceback" not in run.output
