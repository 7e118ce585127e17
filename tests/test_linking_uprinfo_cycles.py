"""UPR Info exports carry each recommendation's session: the rows of an earlier cycle's
sessions are kept as that cycle's, as `import ohchr --cycle` keeps an earlier list
(docs/linking.md, "Cycles and sessions")."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from uprreport import api
from uprreport.cli import main
from uprreport.errors import UsageError
from uprreport.model import cycles
from uprreport.readers import register

HEADER = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action", "Issue",
          "Session"]


def _row(text, by, session, response="Accepted", action="5"):
    return ["Slovenia", "EEG", "EU", text, by, "WEOG", "EU", response, action, "Trafficking", str(session)]


ROWS = [
    # session 20: the second cycle
    _row("Ratify the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights",
         "Portugal", 20),
    _row("Combat trafficking in human beings, in particular by identifying victims", "Belarus", 20, action="4"),
    # session 34: the third cycle, one wording made again by the same State
    _row("Ratify the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights",
         "Portugal", 34),
    _row("Adopt a national strategy against trafficking in persons", "Philippines", 34, response="Noted"),
]


def _export(path, rows=ROWS):
    """A CSV laid out as UPR Info's database exports it (CRLF, UPR Info's headings)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _project(tmp_path, cycle=4):
    """A national report for the coming review of ``cycle`` (so it follows up cycle - 1)."""
    root = tmp_path / "p"
    api.init(root, "national")
    (root / "recommendations.csv").unlink()
    yaml = (root / "report.yaml").read_text(encoding="utf-8")
    import re
    (root / "report.yaml").write_text(re.sub(r"(?m)^cycle: \d+", f"cycle: {cycle}", yaml, count=1), encoding="utf-8")
    return root


def _rows(root):
    with (root / "recommendations.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("session,cycle", [("1", 1), ("12", 1), ("13", 2), ("20", 2), ("UPR 20", 2), ("20th", 2),
                                           (27, 3), ("40", 3), ("41", 4), ("54", 4), ("55", None), ("", None),
                                           ("18-20", None), ("1" * 5000, None), ("²", None), ("٢٠", None)])
def test_the_cycle_of_a_session(session, cycle):
    assert cycles.of_session(session) == cycle


def test_an_earlier_sessions_rows_are_kept_as_that_cycles(tmp_path):
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)                               # follows up cycle 3
    now = api.import_uprinfo(export, root, "Slovenia", "34", paragraph=121)
    assert now.added == ["121.1", "121.2"] and now.earlier == {}
    before = api.import_uprinfo(export, root, "Slovenia", "20", paragraph=115)
    assert before.added == ["115.1", "115.2"] and before.earlier == {2: 2}
    rows = {(r["cycle"], r["id"]): r for r in _rows(root)}
    assert set(rows) == {("", "121.1"), ("", "121.2"), ("2", "115.1"), ("2", "115.2")}
    followed, _where, _diags = register.read(root / "recommendations.csv", "recommendations.csv")
    assert sorted(r.id for r in followed) == ["121.1", "121.2"]        # the earlier cycle is not answered again
    # importing again changes nothing
    again = api.import_uprinfo(export, root, "Slovenia", "20", paragraph=115)
    assert again.unchanged == ["115.1", "115.2"] and not again.added and not again.changed


def test_two_reviews_are_not_numbered_as_one_list(tmp_path):
    """UPR Info gives no paragraph numbers: the rows of two reviews numbered from one paragraph
    would give the recommendations followed up ids after the earlier review's."""
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)
    with pytest.raises(UsageError) as caught:
        api.import_uprinfo(export, root, "Slovenia", paragraph=100)
    assert "several reviews (sessions 20, 34)" in str(caught.value) and "--session" in caught.value.hint
    assert not (root / "recommendations.csv").exists()


def test_enriching_finds_rows_followed_up_that_say_their_cycle(tmp_path):
    """A register whose every row says its cycle: those of the cycle followed up are found."""
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)
    api.import_uprinfo(export, root, "Slovenia", "34", paragraph=121, cycle=3)
    api.import_uprinfo(export, root, "Slovenia", "20", paragraph=115)
    with (root / "recommendations.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["cycle"] = row["cycle"] or "3"
    with (root / "recommendations.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    done = api.import_uprinfo(export, root, "Slovenia")
    assert sorted(done.unchanged) == ["115.1", "115.2", "121.1", "121.2"]
    assert not [d for d in done.diagnostics if d.code.startswith("import-")]


def test_enriching_matches_each_row_in_its_own_cycle(tmp_path):
    """Portugal made the same recommendation at both reviews: each export row enriches the
    register's row of its own cycle, not the first of the same words."""
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)
    api.import_uprinfo(export, root, "Slovenia", "34", paragraph=121)
    api.import_uprinfo(export, root, "Slovenia", "20", paragraph=115)
    changed = [[*r[:8], "3", *r[9:]] for r in ROWS]        # UPR Info revised every action category to 3
    enriched = api.import_uprinfo(_export(tmp_path / "revised.csv", changed), root, "Slovenia")
    assert sorted(enriched.changed) == ["115.1", "115.2", "121.1", "121.2"]
    assert not [d for d in enriched.diagnostics if d.code.startswith("import-")]
    assert {r["action_category"] for r in _rows(root)} == {"3"}


def test_an_earlier_cycle_the_register_lacks_is_said_once(tmp_path):
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)
    api.import_uprinfo(export, root, "Slovenia", "34", paragraph=121)
    done = api.import_uprinfo(export, root, "Slovenia")
    absent = [d for d in done.diagnostics if d.code == "import-cycle-absent"]
    assert len(absent) == 1 and "2 rows of the export are of cycle 2" in absent[0].message
    assert "import ohchr LIST --cycle 2" in absent[0].message
    assert not [d for d in done.diagnostics if d.code == "import-unmatched"]
    assert done.unchanged == ["121.1", "121.2"]


def test_a_later_cycle_than_the_project_follows_is_refused(tmp_path):
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path, cycle=3)                      # follows up cycle 2: session 34 is after it
    with pytest.raises(UsageError) as caught:
        api.import_uprinfo(export, root, "Slovenia", paragraph=100)
    assert "2 rows of the export for Slovenia (session 34) are of cycle 3, after cycle 2" in str(caught.value)
    assert "--session" in caught.value.hint and not (root / "recommendations.csv").exists()


def test_cycle_says_it_for_sessions_not_yet_known(tmp_path):
    export = _export(tmp_path / "export.csv", [_row("Ratify the ICRMW", "Mexico", 60)])
    root = _project(tmp_path)
    done = api.import_uprinfo(export, root, "Slovenia", paragraph=9, cycle=2)
    assert done.earlier == {2: 1} and _rows(root)[0]["cycle"] == "2"
    plain = api.import_uprinfo(export, _project(tmp_path / "other"), "Slovenia", paragraph=9)
    assert plain.earlier == {}                               # a session of no known cycle: followed up
    with pytest.raises(UsageError, match="--cycle 4 is not an earlier cycle"):
        api.import_uprinfo(export, root, "Slovenia", paragraph=9, cycle=4)


def test_the_command_says_what_was_kept_and_link_uses_it(tmp_path):
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["import", "uprinfo", str(export), "--state", "Slovenia", "--session", "34",
                                 "--paragraph", "121", "-p", str(root)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, ["import", "uprinfo", str(export), "--state", "Slovenia", "--session", "20",
                                  "--paragraph", "115", "-p", str(root)])
    assert second.exit_code == 0, second.output
    assert "2 of them of cycle 2 (an earlier review): kept apart" in second.output
    linked = runner.invoke(main, ["link", "-p", str(root)])
    assert linked.exit_code == 0, linked.output
    with (root / "links.csv").open(encoding="utf-8-sig", newline="") as f:
        links = {(r["id"], r["earlier_id"], r["earlier_cycle"]): r["relation"] for r in csv.DictReader(f)}
    assert links[("121.1", "115.1", "2")] == "same"           # the same treaty asked at both reviews


def test_a_project_whose_cycle_was_left_as_it_came_is_told(tmp_path):
    """All the rows kept as an earlier cycle's: the drafter may have left report.yaml's cycle
    as `init` wrote it; the command says how to follow them up instead."""
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)
    done = CliRunner().invoke(main, ["import", "uprinfo", str(export), "--state", "Slovenia", "--session", "20",
                                     "--paragraph", "115", "-p", str(root)])
    assert done.exit_code == 0, done.output
    assert "set 'cycle: 3' in report.yaml" in done.output


def test_enriching_leaves_a_later_cycles_rows_aside_and_says_so(tmp_path):
    """An export of every session of the State: adding UPR Info's categories to the cycle the
    project follows up goes on; the later review's rows, which have no recommendation here,
    are named once."""
    export = _export(tmp_path / "export.csv", ROWS + [_row("Ratify the ICRMW", "Mexico", 45)])
    root = _project(tmp_path)
    api.import_uprinfo(export, root, "Slovenia", "34", paragraph=121)
    done = api.import_uprinfo(export, root, "Slovenia", "34")
    assert done.unchanged == ["121.1", "121.2"]
    every = api.import_uprinfo(export, root, "Slovenia")
    later = [d for d in every.diagnostics if d.code == "import-cycle-later"]
    assert len(later) == 1 and "1 row of the export for Slovenia (session 45) is of cycle 4, after cycle 3" in \
        later[0].message and "not imported (give --session to choose the sessions, or correct 'cycle:' in " \
        "report.yaml" in later[0].message
    assert every.unchanged == ["121.1", "121.2"]
    # --cycle says the rows are those followed up: the register built from the whole export
    plain = _project(tmp_path / "whole")
    api.import_uprinfo(export, plain, "Slovenia", paragraph=7, cycle=3)
    assert {r.get("cycle", "") for r in _rows(plain)} == {""} and len(_rows(plain)) == 5


def test_enriching_says_what_it_matched_and_gives_no_advice_to_change_the_cycle(tmp_path):
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)
    api.import_uprinfo(export, root, "Slovenia", "20", paragraph=115)
    done = CliRunner().invoke(main, ["import", "uprinfo", str(export), "--state", "Slovenia", "--session", "20",
                                     "-p", str(root)])
    assert done.exit_code == 0, done.output
    assert "2 of them of cycle 2 (an earlier review), matched among that cycle's" in done.output
    assert "set 'cycle:" not in done.output and "kept apart" not in done.output


def test_a_paragraph_number_that_is_none_is_refused_before_anything_is_read(tmp_path):
    export = _export(tmp_path / "export.csv")
    root = _project(tmp_path)
    done = CliRunner().invoke(main, ["import", "uprinfo", str(export), "--state", "Slovenia", "--paragraph", "0",
                                     "-p", str(root)])
    assert done.exit_code == 2 and "--paragraph" in done.output and "0" in done.output
    assert not (root / "recommendations.csv").exists()
