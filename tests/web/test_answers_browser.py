"""Issue 29's published answers in Chromium: 115 comments with long answers read as blocks the
width of the text column (the table they were in gave the comment ~100 px, split words and made
the page 43,000 px tall), no scroll area out of the keyboard's reach, and axe finds nothing
serious or critical on /answers, /rounds/1/answers, a receipt and the moderation pages."""

from __future__ import annotations

import datetime as dt

import pytest

from .browser import WCAG, browser, served
from .webkit import PASSWORDS, make_app, register, send

pytestmark = pytest.mark.browser

COMMENT = ("The paragraph says the Act was adopted in 2019, but the Official Gazette shows it was promulgated "
           "in March 2021 after the second reading; please correct the year and cite the Gazette number. ")
REASON = "Corrected in the next draft, with the Gazette's number and the date of promulgation in a note. "


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    found = Axe().run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']})" for v in found if v["impact"] in ("serious", "critical")]


def test_115_answers_read_as_blocks_and_pass_axe(project):
    from uprreport import api

    client = make_app(project, comment_rate="1000 per minute").test_client()
    for k in range(115):
        r = send(client, "justice/framework/p1", comment=f"{k}: " + COMMENT * 2, name=f"Commenter {k}",
                 publish_name="yes" if k % 2 else "")
        assert r.status_code == 303, r.status_code
    receipt = r.headers["Location"]
    for row in register(project, "SELECT id FROM comments"):
        api.round_respond(project, comment=row["id"], decision="rejected", reason=REASON * 2, by="justice")
    api.round_close(project, dt.date(2026, 4, 20))
    app = make_app(project, publish_answers=True, today=dt.date(2026, 4, 21), comment_rate="1000 per minute")
    problems = {}
    with served(app) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        for url in ("/answers", "/rounds/1/answers", receipt):
            page.goto(base + url)
            problems[url] = _serious(page)
        page.goto(base + "/answers")
        box = page.evaluate("(r => [r.width, r.height])(document.querySelector('.answer-comment')"
                            ".getBoundingClientRect())")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert box[0] >= 500, box                 # the text column, not a narrow table cell
        assert box[1] < 200, box                  # 390 characters in about 5 lines (a 100 px column: ~40)
        assert height < 115 * 400, height         # the whole page: the comments' own text, not more
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        # no element scrolls on its own (axe's scrollable-region-focusable has nothing to find)
        scrolling = page.evaluate("""[...document.querySelectorAll('main *')].filter(e => {
            const s = getComputedStyle(e); return /(auto|scroll)/.test(s.overflowX + s.overflowY)
              && (e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight); }).length""")
        assert scrolling == 0
        coord = b.new_page(viewport={"width": 1280, "height": 900})
        coord.goto(base + "/manage/login")
        coord.fill("#name", "coord")
        coord.fill("#password", PASSWORDS["coord"])
        coord.click("button[type=submit]")
        coord.goto(base + "/manage/comments")
        problems["comments"] = _serious(coord)
        coord.goto(base + "/manage/comments/1")
        problems["moderation"] = _serious(coord)
        coord.check("#pub-hidden")
        coord.click("text=Save the publication")          # no reason: refused, said on the page
        problems["moderation-error"] = _serious(coord)
        assert "Say why" in coord.locator(".error-summary").inner_text()
    assert {k: v for k, v in problems.items() if v} == {}
