"""The public pages added for the consultation's context, in Chromium with axe-core: the draft
with its contents, counts and search box, /about, a search, the comment form refusing a file
(the reason beside the field) and a receipt listing the files sent; none has a serious or
critical violation, in English and in Arabic (right to left)."""

from __future__ import annotations

import re

import pytest

from .browser import WCAG, browser, served
from .test_attachments import docx, pdf
from .webkit import make_app, send

pytestmark = pytest.mark.browser
P1 = "justice/framework/p1"


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    found = Axe().run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_about_search_and_files_pass_axe(project, tmp_path, language):
    if language != "en":
        path = project / "report.yaml"
        path.write_text(re.sub(r"(?m)^language: \w+$", f"language: {language}", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    app = make_app(project)
    client = app.test_client()
    send(client, P1, comment="A first comment.")
    (tmp_path / "evidence.pdf").write_bytes(pdf())
    (tmp_path / "macro.docx").write_bytes(docx(macro=True))
    problems = {}
    with served(app) as base, browser() as b:
        page = b.new_page(viewport={"width": 1100, "height": 900})
        page.goto(base + "/")
        assert page.locator(".contents a").count() > 3 and page.locator(".count").count() == 1
        problems["draft"] = _serious(page)
        page.click("header.site nav a[href$='/about']")      # the header's link
        page.wait_for_url(lambda url: url.endswith("/about"))
        problems["about"] = _serious(page)
        page.goto(base + "/")
        page.fill("#q", "the")
        page.click("form.search button[type=submit]")
        page.wait_for_url(lambda url: "/search?q=the" in url)
        assert page.locator("ol.found li").count() > 3
        problems["search"] = _serious(page)
        page.goto(base + f"/comment?paragraph={P1}")
        page.fill("#comment", "With a file that has macros.")
        page.check("#consent")
        page.set_input_files("#files", [str(tmp_path / "macro.docx")])
        page.click("form[enctype] button[type=submit]")
        page.wait_for_load_state("load")
        assert "macro.docx" in page.locator("#files-error").inner_text()
        assert page.locator("#comment").input_value() == "With a file that has macros."
        problems["refused file"] = _serious(page)
        page.set_input_files("#files", [str(tmp_path / "evidence.pdf")])
        page.check("#consent")
        page.click("form[enctype] button[type=submit]")
        page.wait_for_url(lambda url: "/receipt/" in url)
        assert "evidence.pdf" in page.locator("ul.files").inner_text()
        problems["receipt"] = _serious(page)
    assert {k: v for k, v in problems.items() if v} == {}
