"""What a project does with its links (docs/linking.md): `validate` checks links.csv row by
row; the register export and the matrix annex say "previously received as"; a mid-term or
stakeholder report can carry the table of repeated recommendations."""

from __future__ import annotations

import csv
from pathlib import Path

import earlierkit
from uprreport import api
from uprreport.readers import links as links_reader

LINKS_HEADER = "id,earlier_id,earlier_cycle,relation,score,confirmed,evidence,text,earlier_text\n"

EARLIER = earlierkit.ARCADIA_EARLIER


def with_earlier(root: Path, links: str | None = None, earlier_status: str | None = None) -> Path:
    """The sample at ``root`` with earlier cycles in its register, and the links.csv rows and
    earlier/cycle-3.csv given."""
    return earlierkit.with_earlier(root, "recommendations.csv", EARLIER,
                                   LINKS_HEADER + links if links is not None else None, earlier_status)


def _link_diags(root: Path):
    v = api.validate(root)
    return [d for d in v.report.items if d.location.path == "links.csv"]


def test_a_valid_links_file_says_nothing(sample_copy):
    root = with_earlier(sample_copy, "140.1,115.12,3,same,0.96,,,,\n140.2,98.3,2,related,0.7,no,,,\n"
                                     "140.6,115.40,,same,,yes,,,\n")
    assert _link_diags(root) == []
    v = api.validate(root)
    assert [(lk.id, lk.earlier_cycle, lk.earlier_id) for lk in v.project.links] == [
        ("140.1", 3, "115.12"), ("140.2", 2, "98.3"), ("140.6", 3, "115.40")]
    assert {(r.cycle, r.id) for r in v.project.earlier} == {(3, "115.12"), (3, "115.40"), (2, "98.3")}


def test_each_wrong_row_is_named_with_what_to_do(sample_copy):
    root = with_earlier(sample_copy, (
        "999.1,115.12,3,same,0.9,,,,\n"        # row 2: unknown current id
        "140.1,115.99,3,same,0.9,,,,\n"        # row 3: unknown earlier id
        "140.1,115.12,2,same,0.9,,,,\n"        # row 4: the id is of another cycle
        "140.1,115.12,3,identical,0.9,,,,\n"   # row 5: unknown relation
        "140.1,115.12,3,same,1.7,,,,\n"        # row 6: score out of range
        "140.1,115.12,3,same,0.9,maybe,,,\n"   # row 7: confirmed neither yes nor no
        "140.1,115.12,3,same,0.9,yes,,,\n"     # row 8: valid
        "140.1,115.12,3,related,0.7,,,,\n"     # row 9: the same two recommendations again
        "140.2,98.3,x,related,high,,,,\n"))    # row 10: bad cycle and bad score
    got = [(d.code, d.location.row, d.location.field, d.severity.value) for d in _link_diags(root)]
    assert got == [("link-invalid", 2, "id", "warning"), ("link-invalid", 3, "earlier_id", "warning"),
                   ("link-invalid", 4, "earlier_id", "warning"), ("link-invalid", 5, "relation", "warning"),
                   ("link-invalid", 6, "score", "warning"), ("link-invalid", 7, "confirmed", "warning"),
                   ("link-duplicate", 9, "earlier_id", "warning"),
                   ("link-invalid", 10, "earlier_cycle", "warning"), ("link-invalid", 10, "score", "warning")]
    messages = {d.location.row: d.message for d in _link_diags(root)}
    assert "'999.1' is no recommendation followed up" in messages[2] and "uprreport link" in messages[2]
    assert "'115.99' is no recommendation of cycle 3" in messages[3]
    assert "(it is one of cycle 3)" in messages[4]
    assert "neither 'same' nor 'related'" in messages[5]
    assert "from 0 to 1" in messages[6]
    assert "neither yes nor no" in messages[7]
    assert "already at links.csv:row 8" in messages[9]
    v = api.validate(root)
    assert [(lk.id, lk.earlier_id, lk.confirmed) for lk in v.project.links] == [("140.1", "115.12", "yes")]
    assert not v.report.has_errors()   # a wrong row is left out; the report still builds


def test_validate_on_the_command_line_names_links_csv_and_its_row(sample_copy):
    from click.testing import CliRunner

    from uprreport.cli import main

    root = with_earlier(sample_copy, "140.1,115.12,3,same,0.9,perhaps,,,\n")
    got = CliRunner().invoke(main, ["validate", str(root)])
    assert "links.csv:row 2" in got.output and "[link-invalid]" in got.output, got.output


def test_a_links_file_without_its_columns(sample_copy):
    root = with_earlier(sample_copy)
    (root / "links.csv").write_text("id,other\n140.1,x\n", encoding="utf-8")
    got = _link_diags(root)
    assert [d.code for d in got] == ["table-missing-column"] and "'earlier_id', 'relation'" in got[0].message


def test_no_links_file_no_earlier_cycle(sample_copy):
    links, diags = links_reader.read(sample_copy, {"140.1"}, set())
    assert links == [] and diags == []


SHOWN = ("140.1,115.12,3,same,0.96,,,,\n"       # proposed at 0.95 or above, not decided: shown
         "140.2,98.3,2,related,0.7,,,,\n"        # related: not shown
         "140.6,115.40,3,same,,yes,,,\n"         # confirmed: shown
         "140.3,115.12,3,same,0.95,no,,,\n"      # refused: not shown
         "140.4,115.40,3,same,0.9,,,,\n")        # "same" but under 0.95, not confirmed: not shown
EARLIER_STATUS = ("id,text,position,status,actions\n"
                  "115.12,Adopt comprehensive anti-discrimination legislation,supported,partially implemented,"
                  "Draft law tabled\n")


def test_the_register_export_says_previously_received_as(sample_copy, tmp_path):
    root = with_earlier(sample_copy, SHOWN, EARLIER_STATUS)
    out = tmp_path / "register.csv"
    api.export(root, "register", out)
    rows = {r["id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert rows["140.1"]["previously"] == "115.12 (cycle 3, supported; partially implemented)"
    assert rows["140.6"]["previously"] == "115.40 (cycle 3, noted)"   # no earlier project's status: omitted
    assert {i for i, r in rows.items() if r["previously"]} == {"140.1", "140.6"}
    matrix = tmp_path / "matrix.csv"
    api.export(root, "matrix", matrix)
    rows = {r["id"]: r for r in csv.DictReader(matrix.open(encoding="utf-8-sig"))}
    assert rows["140.1"]["previously"] == "115.12 (cycle 3, supported; partially implemented)"
    # read back, the export is a register: the worked-out column is left aside
    from uprreport.readers import register

    recs, _where, diags = register.read(out, "register.csv")
    assert len(recs) == 270 and not [d for d in diags if d.severity.value == "error"]


def test_the_matrix_annex_says_previously_received_as_and_the_docx_validates(sample_copy, tmp_path):
    import re
    import zipfile

    from tests import ooxml_schema

    root = with_earlier(sample_copy, SHOWN, EARLIER_STATUS)
    out = api.build(root, tmp_path, pdf=False).outputs[0]
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    text = re.sub(r"<[^>]+>", "", xml)
    assert "Previously received as 115.12 (cycle 3, supported; partially implemented)." in text
    assert "Previously received as 115.40 (cycle 3, noted)." in text
    assert text.count("Previously received as") == 2
    assert ooxml_schema.errors(out) == []


MIDTERM = Path(__file__).resolve().parents[1] / "samples" / "midterm-arcadia-nhri"


def _as_midterm(tmp_path: Path, repeated: bool = True) -> Path:
    """A copy of the mid-term sample (the same register as the national one), with
    ``repeated: true`` in report.yaml."""
    import shutil

    root = tmp_path / "midterm"
    shutil.copytree(MIDTERM, root, ignore=shutil.ignore_patterns("build"))
    if repeated:
        with (root / "report.yaml").open("a", encoding="utf-8") as f:
            f.write("repeated: true\n")
    return root


def test_the_annex_of_repeated_recommendations(tmp_path):
    import re
    import zipfile

    from tests import ooxml_schema

    root = with_earlier(_as_midterm(tmp_path), SHOWN, EARLIER_STATUS)
    v = api.validate(root)
    assert not v.report.has_errors(), [d.render() for d in v.report.errors]
    annex = next(a for a in v.compiled.doc.annexes if a.key == "annex.repeated")
    first = annex.blocks[0].inlines[0].text
    assert first.startswith("2 recommendations of the previous review had already been received in an earlier cycle.")
    result = api.build(root, tmp_path / "out", pdf=False)
    out = result.outputs[0]
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    text = re.sub(r"<[^>]+>", "", xml)
    assert "Recommendations received in earlier cycles" in text
    assert "115.12 (cycle 3, supported; partially implemented)" in text   # the list of repeated recommendations
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(out).namelist())
    assert ooxml_schema.errors(out) == []


def test_the_sentence_counts_those_that_remain_not_implemented(tmp_path):
    from uprreport.transforms import annexes

    root = with_earlier(_as_midterm(tmp_path), SHOWN, EARLIER_STATUS)
    v = api.validate(root)
    project = v.compiled.project
    from uprreport.transforms.implementation import consolidate

    imps = consolidate(project)
    annex = annexes.repeated(project)
    sentence = annex.blocks[0].inlines[0].text
    for status, words in (("not implemented", "remain"), ("not reported", "no reported status")):
        k = sum(imps[i].status == status for i in ("140.1", "140.6"))
        if k:
            assert words in sentence, sentence


def test_repeated_without_links_says_so_and_national_refuses_it(tmp_path):
    root = _as_midterm(tmp_path)
    v = api.validate(root)
    assert [d.code for d in v.report.items if d.code == "repeated-none"] == ["repeated-none"]
    assert not [a for a in v.compiled.doc.annexes if a.key == "annex.repeated"]
    manifest = root / "report.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("kind: midterm", "kind: national"),
                        encoding="utf-8")
    v = api.validate(root)
    assert any("'repeated: true' is for mid-term reports" in d.message for d in v.report.errors)


def test_links_proposed_by_link_validate_and_are_shown(sample_copy, tmp_path):
    from click.testing import CliRunner

    from uprreport.cli import main

    root = with_earlier(sample_copy)
    runner = CliRunner()
    got = runner.invoke(main, ["link", "-p", str(root)])
    assert got.exit_code == 0, got.output
    assert _link_diags(root) == []
    v = api.validate(root)
    same = {(lk.id, lk.earlier_id) for lk in v.project.links if lk.shown}
    assert ("140.6", "115.40") in same   # both ask to join the Istanbul Convention
    got = runner.invoke(main, ["validate", str(root)])
    assert "links.csv" not in got.output, got.output


def test_a_damaged_links_file_or_earlier_matrix_is_a_diagnostic_not_a_fault(sample_copy):
    import random

    root = with_earlier(sample_copy)
    (root / "earlier").mkdir()
    rng = random.Random(31)
    samples = [b"", b"\x00\xff\xfe", b"id,earlier_id,relation\n" + bytes(rng.randrange(256) for _ in range(300)),
               b'id,earlier_id,relation,score,confirmed\n"140.1,115.12\n', b"PK\x03\x04not a zip",
               (LINKS_HEADER + "140.1,115.12,3,same,nan,,,,\n140.1,115.12,3,same,inf,YES,,,\n").encode()]
    for data in samples:
        (root / "links.csv").write_bytes(data)
        (root / "earlier" / "cycle-3.csv").write_bytes(data)
        v = api.validate(root)   # never raises
        assert all(d.location.path in ("links.csv", "earlier/cycle-3.csv") for d in v.report.items
                   if d.code.startswith(("link-", "csv-", "file-", "table-")))
