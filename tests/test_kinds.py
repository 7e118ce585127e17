"""Each report kind builds from its starter project and keeps its structural rules."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT
from docxxml import NS, W, part, paragraph_texts
from uprreport import api, resources
from uprreport.errors import UprError

JOINT = ROOT / "samples" / "joint-arcadia"


@pytest.mark.parametrize("kind", resources.kinds())
def test_every_kind_starts_validates_and_builds(tmp_path, kind):
    root = tmp_path / kind
    api.init(root, kind)
    v = api.validate(root)
    assert not v.report.has_errors(), [d.render() for d in v.report.errors]
    assert not [d for d in v.report.warnings], [d.render() for d in v.report.warnings]
    docx = api.build(root, tmp_path / "out", pdf=False).outputs[0]
    texts = paragraph_texts(docx)
    assert not any("{{" in t for t in texts)
    numbers = [int(m.group(1)) for t in texts if (m := re.match(r"^(\d+)\.\t", t))]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers


@pytest.fixture(scope="module")
def joint_built(tmp_path_factory):
    return api.build(JOINT, tmp_path_factory.mktemp("joint"), pdf=False)


def test_joint_names_all_members_at_the_start(joint_built, validated):
    texts = paragraph_texts(joint_built.outputs[0])
    first = next(t for t in texts if re.match(r"^1\.\t", t))
    members = validated(JOINT).project.members
    assert len(members) >= 20
    for m in members:
        assert m.name in first, f"{m.name} is not named in paragraph 1"


def test_joint_has_at_least_five_thematic_groups_and_closes_each_with_recommendations(joint_built, validated):
    v = validated(JOINT)
    groups = [c for c in v.project.contributions if any(f.meta.section == "themes" for f in c.fragments)]
    assert len(groups) >= 5
    texts = paragraph_texts(joint_built.outputs[0])
    chapters = [i for i, t in enumerate(texts) if re.match(r"^[IVX]+\.\t", t)]
    for start, end in zip(chapters[2:], chapters[3:] + [len(texts)]):
        chapter = texts[start:end]
        if "Annex" in chapter[0]:
            break
        intro = max(i for i, t in enumerate(chapter) if "recommends that the Government of the Republic of Arcadia:" in t)
        assert intro > 0 and len(chapter) - intro >= 2   # the list follows the introducing sentence


def test_joint_member_annex_lists_every_member(joint_built, validated):
    body = part(joint_built.outputs[0], "word/document.xml")
    tables = [t for t in body.iter(f"{{{W}}}tbl") if "Organization" in "".join(t.find("w:tr", NS).itertext())]
    rows = sum(len(t.findall("w:tr", NS)) - 1 for t in tables)
    assert rows == len(validated(JOINT).project.members)


def test_keywords_follow_the_summary(joint_built):
    texts = paragraph_texts(joint_built.outputs[0])
    kw = next(i for i, t in enumerate(texts) if t.startswith("Key words:"))
    assert "civic space" in texts[kw]
    assert texts[kw - 2].startswith("II.") or "Summary" in "".join(texts[kw - 3:kw])


def test_citations_are_checked_against_the_register(tmp_path):
    root = tmp_path / "j"
    shutil.copytree(JOINT, root, ignore=shutil.ignore_patterns("build"))
    frag = root / "contributions" / "women" / "women.md"
    frag.write_text(frag.read_text() + "\nSee also A/HRC/44/12, para. 140.999 and A/HRC/30/1, para. 99.1.\n")
    errors = [d for d in api.validate(root).report.errors if d.code == "citation-unknown"]
    assert len(errors) == 2
    assert all(d.location.path == "contributions/women/women.md" for d in errors)
    assert any("140.999" in d.message for d in errors) and any("check the symbol" in d.message for d in errors)


def test_kind_specific_fields_are_required(tmp_path):
    root = tmp_path / "n"
    api.init(root, "nhri")
    m = root / "report.yaml"
    m.write_text(m.read_text().replace("accreditation: A", "# accreditation: A"))
    d = next(d for d in api.validate(root).report.errors if d.code == "field-missing")
    assert "accreditation" in d.message and "Paris Principles" in d.message


def test_nhri_states_its_accreditation(tmp_path):
    root = tmp_path / "n"
    api.init(root, "nhri")
    texts = paragraph_texts(api.build(root, tmp_path / "o", pdf=False).outputs[0])
    assert any("accredited with 'A' status" in t for t in texts)


@pytest.mark.libreoffice
def test_joint_over_its_page_limit_tells_the_coordinator_what_to_do(tmp_path):
    root = tmp_path / "j"
    shutil.copytree(JOINT, root, ignore=shutil.ignore_patterns("build"))
    m = root / "report.yaml"
    m.write_text(m.read_text() + "limits:\n  pages: 2\n")
    with pytest.raises(UprError) as exc:
        api.build(root, tmp_path / "out")
    d = next(d for d in exc.value.diagnostics if d.code == "over-page-limit")
    assert re.search(r"the text runs to \d+ pages, \d+ more than the 2 allowed", d.message)
    assert "Shorten it by about" in d.message and "Working group on" in d.message


MIDTERM = ROOT / "samples" / "midterm-arcadia-nhri"


@pytest.fixture(scope="module")
def midterm_built(tmp_path_factory):
    return api.build(MIDTERM, tmp_path_factory.mktemp("midterm"), pdf=False)


def test_midterm_has_a_chart_and_figures_that_add_up(midterm_built, validated):
    docx = midterm_built.outputs[0]
    body = part(docx, "word/document.xml")
    assert len(body.findall(".//w:drawing", NS)) >= 1
    import zipfile

    assert any(n.startswith("word/media/") and n.endswith(".png") for n in zipfile.ZipFile(docx).namelist())
    v = validated(MIDTERM)
    total = len(v.project.recommendations)
    texts = paragraph_texts(docx)
    overview = next(t for t in texts if t.startswith("5.\tOf the ") or "recommendations of the previous review" in t)
    counts = [int(n) for n in re.findall(r"(\d+) \(\d+ per cent\) (?:are|is|have|has) (?:fully|partially|not|no)", overview)]
    assert sum(counts) == total == 270


def test_midterm_has_an_entry_and_a_matrix_row_for_every_recommendation(midterm_built, validated):
    texts = paragraph_texts(midterm_built.outputs[0])
    v = validated(MIDTERM)
    entries = [m.group(1) for t in texts if (m := re.match(r"^Recommendation (\d+\.\d+): ", t))]
    body = part(midterm_built.outputs[0], "word/document.xml")
    tables = [t for t in body.iter(f"{{{W}}}tbl")
              if "".join(t.find("w:tr", NS).itertext()).startswith("RecommendationPosition")]
    # recommendations nobody reported on are listed in one table per theme (two columns)
    unreported = [re.match(r"^(\d+\.\d+) ", "".join(tr.find("w:tc", NS).itertext())).group(1)
                  for t in tables if len(t.find("w:tr", NS).findall("w:tc", NS)) == 2
                  for tr in t.findall("w:tr", NS)[1:]]
    assert unreported and sorted(entries + unreported) == sorted(r.id for r in v.project.recommendations)
    matrix = [t for t in tables if len(t.find("w:tr", NS).findall("w:tc", NS)) > 2]
    assert sum(len(t.findall("w:tr", NS)) - 1 for t in matrix) == len(v.project.recommendations)


@pytest.mark.parametrize("mode", ["entries", "omit"])
def test_midterm_unreported_recommendations_as_the_manifest_says(tmp_path, mode):
    from uprreport.model.nodes import Para
    from uprreport.transforms.implementation import NOT_REPORTED, consolidate

    root = tmp_path / "m"
    shutil.copytree(MIDTERM, root, ignore=shutil.ignore_patterns("build"))
    (root / "report.yaml").write_text((root / "report.yaml").read_text(encoding="utf-8")
                                      + f"unreported: {mode}\n", encoding="utf-8")
    v = api.validate(root)
    unreported = [i.rec.id for i in consolidate(v.project).values() if i.status == NOT_REPORTED]
    texts = [b.plain() for top in v.compiled.doc.body for s in top.walk() for b in s.blocks if isinstance(b, Para)]
    shown = [t for t in texts if t.startswith("Position: ") and "Status: not reported" in t]
    assert len(shown) == (len(unreported) if mode == "entries" else 0)
    summary = next(t for t in texts if t.startswith("Of the "))
    assert f"{len(unreported)} (" in summary and "no reported status" in summary   # always counted


def test_midterm_status_takes_the_least_advanced_when_bodies_disagree(tmp_path):
    root = tmp_path / "m"
    api.init(root, "midterm")
    impl = root / "contributions" / "coordination" / "implementation.csv"
    impl.write_text(impl.read_text() + "140.3,not implemented,Courts still slow,,Ministry of Finance,\n")
    from uprreport.transforms.implementation import consolidate

    imp = consolidate(api.validate(root).project)["140.3"]
    assert imp.status == "not implemented" and "fully implemented (Ministry of Justice)" in imp.detail


SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if (p / "report.yaml").is_file())


def test_every_kind_has_a_sample():
    import yaml

    kinds = {yaml.safe_load((p / "report.yaml").read_text())["kind"] for p in SAMPLES}
    assert kinds == set(resources.kinds())


@pytest.mark.libreoffice
@pytest.mark.parametrize("sample", [p for p in SAMPLES if p.name != "national-arcadia"], ids=lambda p: p.name)
def test_every_sample_builds_to_pdf(sample, tmp_path, validated):
    from pypdf import PdfReader

    result = api.build(sample, tmp_path)
    assert not result.report.has_errors()
    reader = PdfReader(result.outputs[1])
    # spaces compared out: PDF text extraction drops them between Arabic words
    text = "".join("".join((page.extract_text() or "").split()) for page in reader.pages)
    doc = validated(sample).compiled.doc
    position = 0
    for section in doc.body + doc.annexes:   # every chapter and annex heading, in order
        found = text.find("".join(section.title.split())[:30], position)
        assert found >= 0, f"{section.title!r} is not in the PDF after character {position}"
        position = found
    assert 0 < result.pages <= len(reader.pages)
