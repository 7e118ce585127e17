"""The workspace in a real browser, as its people use it: a coordinator signs in, starts a
project from an OHCHR list, sets its facts, adds two bodies with their focal points, assigns
recommendations and makes the packs; each focal point signs in, downloads its pack and
uploads it filled (one first with an error, said on the page, then corrected); the
coordinator builds (with the PDF where LibreOffice is installed) and downloads the files.
Every page is checked with axe-core (no serious or critical violation) and photographed (PNG
in the test's folder, or in UPRREPORT_SCREENSHOTS)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .browser import WCAG, browser, served, shoot
from .workspacekit import PASSWORDS, fill, make_app, make_workspace, ohchr_list

pytestmark = pytest.mark.browser


def _serious(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page, options=WCAG)
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def _sign_in(page, base: str, name: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


def _narrative(pack: Path, section: str, dest: Path) -> Path:
    """The pack's Word file with a paragraph written under the heading of ``section``."""
    from docx import Document

    doc = Document(str(pack))
    heading = next(p for p in doc.paragraphs if p.text.startswith(section + " ") or p.text == section)
    heading._p.addnext(Document().add_paragraph("Primary care now reaches every rural district.")._p)
    doc.save(dest)
    return dest


def _journey(root: Path, listing: Path, tmp_path: Path, words: str) -> None:
    from uprreport import api
    from uprreport.libreoffice import soffice

    shots = Path(os.environ.get("UPRREPORT_SCREENSHOTS") or tmp_path / "screens")
    problems: list[str] = []
    pdf = soffice() is not None
    with served(make_app(root)) as base, browser() as b:
        coord = b.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)

        # 1. the coordinator signs in and starts the project from the list
        coord.goto(base + "/")
        assert coord.url.startswith(base + "/login")
        problems += _serious(coord)
        _sign_in(coord, base, "coord", PASSWORDS["coord"])
        coord.click("text=Start a project from an OHCHR list")
        coord.fill("#name", "report")
        coord.set_input_files("#list", str(listing))
        problems += _serious(coord)
        shoot(coord, shots, "ws-1-new")
        coord.click("text=Start the project")
        assert coord.url == base + "/p/report/facts"

        # 2. ... sets its facts
        for field, value in {"#state": "Republic of Arcadia", "#iso3": "ARC", "#symbol": "A/HRC/WG.6/48/ARC/1",
                             "#date": "2026-10-28", "#limits-words": "12000"}.items():
            coord.fill(field, value)
        problems += _serious(coord)
        shoot(coord, shots, "ws-2-facts")
        coord.click("text=Save the facts")
        assert "were saved" in coord.locator(".notice").inner_text()

        # 3. ... adds two bodies with their focal points
        themes = api.themes(root / "report")
        theme = next((t.key for t in themes if words in t.title.lower()), themes[0].key)
        coord.click("nav.project-nav >> text=Bodies and packs")
        passwords = {}
        for folder, name, sections, point in [("health", "Ministry of Health", f"D.{theme}", "hanna"),
                                              ("interior", "Ministry of the Interior", "", "ivo")]:
            coord.fill("#name", name)
            coord.fill("#folder", folder)
            coord.fill("#sections", sections)
            coord.fill("#focal_point", point)
            coord.click("text=Add the body")
            passwords[point] = coord.locator("code.password").inner_text()
            problems += _serious(coord)
        shoot(coord, shots, "ws-3-bodies")

        # 4. ... assigns: every recommendation on health to health, two others ticked to interior
        coord.click("nav.project-nav >> text=Recommendations")
        coord.fill("#text", "health")
        coord.click("text=Filter")
        coord.select_option("#body", "health")
        coord.check("#scope-all")
        problems += _serious(coord)
        shoot(coord, shots, "ws-4-recommendations")
        coord.click("button:text('Assign')")
        assert "Ministry of Health:" in coord.locator(".notice").inner_text()
        coord.goto(base + "/p/report/recommendations?text=ratify")
        boxes = coord.locator("input[name=ids]")
        assert boxes.count() >= 2
        boxes.nth(0).check()
        boxes.nth(1).check()
        coord.select_option("#body", "interior")
        coord.click("button:text('Assign')")
        assert "Ministry of the Interior: 2 recommendations as lead" in coord.locator(".notice").inner_text()

        # 5. ... and makes the packs
        coord.click("nav.project-nav >> text=Bodies and packs")
        coord.fill("#deadline", "2099-03-31")
        coord.click("text=Make the packs")
        assert "input packs were made" in coord.locator(".notice").inner_text()

        # 6. the focal point of health: its pack, an upload with an error, then corrected
        hanna = b.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
        _sign_in(hanna, base, "hanna", passwords["hanna"])
        assert hanna.url == base + "/p/report/body/health"
        problems += _serious(hanna)
        shoot(hanna, shots, "ws-5-focal-point")
        got = {}
        for name in ("health-input-pack.xlsx", "health-narrative.docx"):
            with hanna.expect_download() as d:
                hanna.click(f"text={name}")
            got[name] = tmp_path / name
            d.value.save_as(got[name])
        wrong = fill(got["health-input-pack.xlsx"].read_bytes(), {2: "more or less done"}, tmp_path / "health.xlsx")
        hanna.set_input_files("#files", str(wrong))
        hanna.click("button:text('Upload')")
        result = hanna.locator("section.result").inner_text()
        assert "status-invalid" in result and "row 2" in result and "No file was taken" in result
        problems += _serious(hanna)
        shoot(hanna, shots, "ws-6-upload-refused")
        right = fill(got["health-input-pack.xlsx"].read_bytes(), {2: "fully implemented"}, tmp_path / "health.xlsx")
        narrative = _narrative(got["health-narrative.docx"], f"D.{theme}", tmp_path / "health.docx")
        hanna.set_input_files("#files", [str(right), str(narrative)])
        hanna.click("button:text('Upload')")
        result = hanna.locator("section.result").inner_text()
        assert "health.xlsx: taken" in result and "health.docx: taken" in result, result
        hanna.click("text=Approve the text as it stands")
        assert "approved its text" in hanna.locator(".notice").inner_text()
        shoot(hanna, shots, "ws-7-upload-taken")

        # 7. the focal point of interior
        ivo = b.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
        _sign_in(ivo, base, "ivo", passwords["ivo"])
        with ivo.expect_download() as d:
            ivo.click("text=interior-input-pack.xlsx")
        d.value.save_as(tmp_path / "interior-pack.xlsx")
        filled = fill((tmp_path / "interior-pack.xlsx").read_bytes(), {2: "partially implemented",
                                                                       3: "not implemented"}, tmp_path / "interior.xlsx")
        ivo.set_input_files("#files", str(filled))
        ivo.click("button:text('Upload')")
        assert "interior.xlsx: taken" in ivo.locator("section.result").inner_text()
        assert ivo.goto(base + "/p/report/body/health").status == 404      # not its body

        # 8. the coordinator reads the progress, builds and downloads
        coord.click("nav.project-nav >> text=Progress and problems")
        health = coord.locator("tr", has_text="Ministry of Health").first.inner_text()
        assert "partial" in health and "returned" in health            # one status of its recommendations, and text
        problems += _serious(coord)
        shoot(coord, shots, "ws-8-progress")
        coord.click("nav.project-nav >> text=Builds")
        if not pdf:
            assert coord.locator("#pdf").is_disabled()
        problems += _serious(coord)
        coord.click("text=Build the report")
        coord.wait_for_selector(".outcome", timeout=300_000)   # the page refreshes itself until the build ends
        outcome = coord.locator(".outcome").inner_text()
        assert outcome.startswith("Done"), coord.locator("main").inner_text()
        problems += _serious(coord)
        shoot(coord, shots, "ws-9-built")
        names = ["report.docx"] + (["report.pdf"] if pdf else [])
        for name in names:
            with coord.expect_download() as d:
                coord.click(f"main ul >> text={name}")
            saved = tmp_path / f"downloaded-{name}"
            d.value.save_as(saved)
            assert saved.read_bytes()[:4] == (b"%PDF" if name.endswith(".pdf") else b"PK\x03\x04")
        from docx import Document

        text = "\n".join(p.text for p in Document(str(tmp_path / "downloaded-report.docx")).paragraphs)
        assert "Ministry of Health" in text and "Primary care now reaches every rural district." in text
    assert problems == []


def test_the_workspace_journey_in_chromium(tmp_path):
    listing = tmp_path / "thematic-list.docx"
    listing.write_bytes(ohchr_list())
    _journey(make_workspace(tmp_path / "ws"), listing, tmp_path, "health")


@pytest.mark.realdata
def test_the_workspace_journey_from_the_real_slovenian_list(realdata, tmp_path):
    listing = realdata / "upr" / "slovenia-cycle4-thematic-list.docx"
    copy = tmp_path / "slovenia.docx"
    shutil.copyfile(listing, copy)
    _journey(make_workspace(tmp_path / "ws"), copy, tmp_path, "health")
