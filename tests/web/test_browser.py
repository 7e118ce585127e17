"""The consultation in a real browser, as people use it: a commenter reads the draft and
comments on a paragraph with the keyboard alone; an owner signs in and answers; the
coordinator closes the round and downloads the response matrix; the public reads the
answers. Each page is checked with axe-core (WCAG 2.1 AA) and photographed (PNG in the
test's folder, or in UPRREPORT_SCREENSHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import accessibility, browser, served, shoot
from .webkit import PASSWORDS, make_app, register

pytestmark = pytest.mark.browser


def _tab_to(page, test, limit: int = 400) -> None:
    """Press Tab until the focused element passes ``test`` (a JS predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => ({test}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def test_comment_answer_close_and_publish_in_chromium(project, tmp_path):
    shots = Path(os.environ.get("UPRREPORT_SCREENSHOTS") or tmp_path / "screens")
    app = make_app(project, publish_answers=True)
    problems: dict[str, list[str]] = {}
    with served(app) as base, browser() as b:
        page = b.new_page(viewport={"width": 1100, "height": 900})

        # 1. the public reads the draft
        page.goto(base + "/")
        assert page.locator("h1").inner_text() == "Draft 1 for comment"
        assert page.locator("#para-justice\\/framework\\/p1").count() == 1
        problems["draft"] = accessibility(page)
        shoot(page, shots, "1-draft")

        # 2. ... and comments on paragraph 9 by keyboard alone
        number = register(project, "SELECT number FROM paragraphs WHERE pid = 'justice/framework/p1'")[0]["number"]
        _tab_to(page, f"e.textContent === 'Comment on paragraph {number}'")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/comment?paragraph=" in url)
        problems["form"] = accessibility(page)
        _tab_to(page, "e.id === 'comment'")
        page.keyboard.type("The Act dates from 2021. <script>document.title='owned'</script>")
        _tab_to(page, "e.id === 'name'")
        page.keyboard.type("Ana Perić")
        _tab_to(page, "e.id === 'consent'")
        page.keyboard.press("Space")
        shoot(page, shots, "2-form")
        _tab_to(page, "e.type === 'submit'")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/receipt/" in url)
        receipt = page.url
        number_shown = page.locator(".receipt-number").inner_text()
        assert page.title() != "owned" and "<script>" in page.locator("dd.text").first.inner_text()
        problems["receipt"] = accessibility(page)
        shoot(page, shots, "3-receipt")
        (c,) = register(project, "SELECT id, pid, owner, kind FROM comments")
        assert (str(c["id"]), c["pid"], c["owner"], c["kind"]) == (number_shown, "justice/framework/p1", "justice", "web")

        # 3. the owner signs in and answers
        owner = b.new_page(viewport={"width": 1100, "height": 900})
        owner.goto(base + "/manage/")
        owner.fill("#name", "justice")
        owner.fill("#password", PASSWORDS["justice"])
        problems["login"] = accessibility(owner)
        owner.click("button[type=submit]")
        owner.click("text=Comments")
        problems["comments"] = accessibility(owner)
        shoot(owner, shots, "4-owner-comments")
        owner.click(f"a[aria-label^='Comment {number_shown}:']")
        owner.select_option("#decision", "accepted with modification")
        owner.fill("#reason", "The year is corrected; the rest stands.")
        problems["answer"] = accessibility(owner)
        shoot(owner, shots, "5-answer")
        owner.click("text=Save the answer")
        assert "decision recorded" in owner.locator(".notice").inner_text()

        # 4. the coordinator closes the round and downloads the response matrix
        coord = b.new_page(viewport={"width": 1100, "height": 900}, accept_downloads=True)
        coord.goto(base + "/manage/login")
        coord.fill("#name", "coord")
        coord.fill("#password", PASSWORDS["coord"])
        coord.click("button[type=submit]")
        problems["dashboard"] = accessibility(coord)
        shoot(coord, shots, "6-dashboard")
        # the moderation form on a comment's page: the name published (the sender ticked the box?
        # no: the coordinator records it), the comment's text redacted
        coord.goto(base + f"/manage/comments/{number_shown}")
        problems["moderation"] = accessibility(coord)
        coord.check("#pub-consent")
        coord.fill("#pub-comment", "The Act dates from 2021. [script removed]")
        coord.click("text=Save the publication")
        assert "publication saved" in coord.locator(".notice").inner_text()
        coord.goto(base + "/manage/")
        coord.click("text=Close round 1")
        # closing asks first, saying the deadline and what is unanswered
        assert "The only comment is answered." in coord.locator(".notice").inner_text()
        problems["close"] = accessibility(coord)
        coord.click("text=Close round 1 now")
        assert "Round 1 closed" in coord.locator(".notice").inner_text()
        with coord.expect_download() as got:
            coord.click("text=comment-response-matrix-round-1.xlsx")
        saved = tmp_path / "matrix.xlsx"
        got.value.save_as(saved)
        from uprreport.readers import tables
        data, _ = tables.read_table(saved, saved.name)
        ((_n, row),) = data.rows
        assert row["decision"] == "accepted with modification" and row["commenter"] == "Ana Perić"

        # 5. the public reads the answers; the form is gone
        page.goto(base + "/")
        assert page.locator("a.comment-link:visible").count() == 0
        page.click("text=Read the answers to the comments")
        published = page.locator(f"#comment-{number_shown}").inner_text()
        assert "The year is corrected" in published and "[script removed]" in published and "Ana Perić" in published
        problems["answers"] = accessibility(page)
        shoot(page, shots, "7-answers")
        page.goto(base + "/rounds/1/answers")
        assert "The year is corrected" in page.locator(f"#comment-{number_shown}").inner_text()
        problems["round-answers"] = accessibility(page)
        page.goto(receipt)          # the receipt page shows the answer now
        assert "The year is corrected" in page.locator(".comment-answer").inner_text()
        problems["receipt-answered"] = accessibility(page)
    assert {k: v for k, v in problems.items() if v} == {}


def test_an_arabic_consultation_reads_right_to_left(tmp_path):
    """The page of a report in Arabic: right to left, nothing pushed out of view (a skip link
    hidden far to the left once made a right-to-left page open on empty space), accessible."""
    import datetime as dt
    import shutil

    from uprreport import api
    from .webkit import ROOT

    root = tmp_path / "qamar"
    shutil.copytree(ROOT / "samples" / "midterm-qamar-ar", root, ignore=shutil.ignore_patterns("build"))
    api.round_open(root, dt.date(2026, 4, 1), dt.date(2026, 3, 2))
    shots = Path(os.environ.get("UPRREPORT_SCREENSHOTS") or tmp_path / "screens")
    with served(make_app(root)) as base, browser() as b:
        page = b.new_page(viewport={"width": 1000, "height": 900})
        page.goto(base + "/")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1000
        assert page.locator("h1").is_visible() and page.locator("h1").bounding_box()["x"] >= 0
        assert accessibility(page) == []
        shoot(page, shots, "8-arabic-draft")
        page.locator("a.comment-link").first.click()
        assert page.locator("label[for=comment]").inner_text() == "تعليقك"
        assert accessibility(page) == []
