"""The links page in a real browser: a coordinator opens "Earlier recommendations" from the
project's menu, adds the earlier review's list (OHCHR's, as cycle 2), proposes the links,
refuses one and confirms another by clicking the choices' labels, saves, and sees what the report will print; checked with axe-core (no serious or
critical WCAG 2.1 AA violation) and photographed (PNG in the test's folder, or in
UPRREPORT_SCREENSHOTS)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from .browser import WCAG, browser, served, shoot
from .test_workspace_links import PROJECT
from .workspacekit import PASSWORDS, make_app, make_workspace, ohchr_list, post, sign_in

pytestmark = pytest.mark.browser


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page, options=WCAG)
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def test_deciding_on_links_in_chromium(tmp_path):
    root = make_workspace(tmp_path / "workspace")
    setup = make_app(root).test_client()
    sign_in(setup, "coord")
    post(setup, "/new", {"name": PROJECT, "kind": "national", "list": (io.BytesIO(ohchr_list()), "list.docx")},
         content_type="multipart/form-data")
    earlier = tmp_path / "cycle-2-list.docx"       # the earlier review's list, added on the page
    earlier.write_bytes(ohchr_list())
    shots = Path(os.environ.get("UPRREPORT_SCREENSHOTS") or tmp_path / "screens")
    problems: list[str] = []
    with served(make_app(root)) as base, browser() as b:
        page = b.new_page(viewport={"width": 1200, "height": 900})
        page.goto(base + "/login")
        page.fill("#name", "coord")
        page.fill("#password", PASSWORDS["coord"])
        page.click("button[type=submit]")
        page.goto(base + f"/p/{PROJECT}/")
        page.click("nav.project-nav >> text=Earlier recommendations")
        assert page.url == base + f"/p/{PROJECT}/links"
        assert page.locator("details.add-earlier").get_attribute("open") is not None   # nothing earlier yet
        problems += _serious(page)
        shoot(page, shots, "ws-links-empty")
        page.check("#source-ohchr")
        page.set_input_files("#earlier", str(earlier))
        page.select_option("#cycle", "2")
        page.click("button:text('Add them')")
        assert "cycle-2-list.docx: 6 recommendations of cycle 2" in page.locator(".notice").inner_text()
        page.click("button:text('Propose the links')")
        assert "Links proposed: 6 of the same recommendation" in page.locator(".notice").inner_text()
        problems += _serious(page)
        shoot(page, shots, "ws-links-proposed")
        # the treaty pair is refused, the health pair confirmed: by the labels, as a person clicks
        table = page.locator("table.links", has_text="140.1")
        table.locator("label", has_text="no").first.click()
        health = page.locator("table.links", has_text="Improve access to primary health care")
        health.locator("label", has_text="yes").first.click()
        page.click("button:text('Save the decisions')")
        assert "2 decisions saved." in page.locator(".notice").inner_text()
        assert "printed in the report: 5." in page.locator("main").inner_text()   # the refused one is not
        problems += _serious(page)
        shoot(page, shots, "ws-links-decided")
    with (root / PROJECT / "links.csv").open(encoding="utf-8-sig", newline="") as f:
        decided = {(r["id"], r["earlier_id"]): r["confirmed"] for r in csv.DictReader(f)}
    assert decided[("140.1", "140.1")] == "no" and decided[("140.4", "140.4")] == "yes"
    assert problems == []
