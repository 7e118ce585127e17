"""The coordinators' tools in Chromium: the comments list with similar comments grouped and the
form answering many, its refusal, a comment's page with its history and the reassignment form
(and its refusal), the dashboard with the deadline form (and its refusal); axe-core finds
nothing serious or critical on any of them (WCAG 2.1 AA), and the forms work by keyboard alone."""

from __future__ import annotations

import pytest

from .browser import WCAG, browser, served
from .webkit import PASSWORDS, make_app, register, send

pytestmark = pytest.mark.browser

CAMPAIGN = ("We ask the Government to include in paragraph 12 the rights of persons with disabilities to "
            "accessible polling stations, as the Convention requires, and to report on the steps taken.")


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    found = Axe().run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found
            if v["impact"] in ("serious", "critical")]


def test_the_coordinators_tools_pass_axe_and_work(project):
    app = make_app(project, comment_rate="1000 per minute")
    public = app.test_client()
    for k in range(6):
        send(public, "justice/framework/p1", comment=CAMPAIGN + (f" Signed, commenter {k}." if k % 2 else ""))
    send(public, "health/health/p1", comment="The hospital figures in paragraph 40 are from 2019.")
    first = register(project, "SELECT MIN(id) AS n FROM comments")[0]["n"]
    problems = {}
    with served(app) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/manage/login")
        page.fill("#name", "coord")
        page.fill("#password", PASSWORDS["coord"])
        page.click("button[type=submit]")

        page.goto(base + "/manage/comments")
        problems["list"] = _serious(page)
        assert page.locator(f"a[href$='group={first}']").count() == 6
        page.goto(base + f"/manage/comments?group={first}")
        problems["group"] = _serious(page)
        page.check("#whole-group")
        page.select_option("#bulk-decision", "rejected")
        page.click("button:has-text('Answer the ticked comments')")           # no reason: refused, said on the page
        problems["bulk-error"] = _serious(page)
        assert "needs a reason" in page.locator(".error-summary").inner_text()
        page.select_option("#bulk-decision", "accepted with modification")
        page.fill("#bulk-reason", "Paragraph 12 now names accessible polling stations.")
        page.locator("#bulk-reason").focus()
        page.keyboard.press("Tab")                                # to the button, and Enter: the keyboard alone
        page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        assert "6 comments answered" in page.locator(".notice").inner_text()
        problems["bulk-done"] = _serious(page)

        page.goto(base + f"/manage/comments/{first}")
        problems["comment"] = _serious(page)
        assert page.locator("#history + .table-wrap tbody tr").count() == 1
        page.select_option("#new-owner", "health")
        page.fill("#owner-reason", "About polling stations in hospitals.")
        page.click("button:has-text('Reassign')")
        assert "given to health" in page.locator(".notice").inner_text()
        assert page.locator("#history + .table-wrap tbody tr").count() == 2
        problems["reassigned"] = _serious(page)

        page.goto(base + "/manage/")
        problems["dashboard"] = _serious(page)
        assert page.get_attribute("#new-deadline", "min") == "2026-04-02"
        # the browser refuses a date before that itself; without that check, the server says why
        page.evaluate("document.querySelector('#new-deadline').removeAttribute('min')")
        page.fill("#new-deadline", "2026-03-31")
        page.click("button:has-text('Extend the deadline')")
        assert "must be later" in page.locator(".error-summary").inner_text()
        problems["deadline-error"] = _serious(page)
        page.fill("#new-deadline", "2026-04-20")
        page.click("button:has-text('Extend the deadline')")
        assert "The deadline is now 2026-04-20" in page.locator(".notice").inner_text()
        problems["deadline-done"] = _serious(page)
    assert {k: v for k, v in problems.items() if v} == {}
    assert register(project, "SELECT deadline FROM rounds")[0]["deadline"] == "2026-04-20"
