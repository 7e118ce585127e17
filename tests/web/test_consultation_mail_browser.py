"""A citizen followed by e-mail, in Chromium, with a real SMTP server (aiosmtpd on 127.0.0.1):
comment with an address → the receipt e-mail, whose link opens the receipt → a focal point
answers → the answer e-mail → the receipt page shows the answer → the coordinator closes the
round and the next opens → round 1's archived answers still show it. axe finds nothing serious
or critical on any page visited."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from mailkit import smtp_server
from uprreport import mailing

from .browser import WCAG, browser, served
from .webkit import PASSWORDS, make_app, register

pytestmark = pytest.mark.browser
pytest.importorskip("aiosmtpd")

PID = "justice/framework/p1"
CITIZEN = "citizen@example.org"
COMMENT = "The Act was adopted in 2021, not in 2022 as the paragraph says; the Official Gazette shows it."
REASON = "Corrected in the next draft, with the Gazette's number in a note."


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    found = Axe().run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']})" for v in found if v["impact"] in ("serious", "critical")]


def _text(msg) -> str:
    return msg.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _sign_in(b, base: str, name: str):
    page = b.new_page(viewport={"width": 1100, "height": 900})
    page.goto(base + "/manage/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def test_a_citizen_is_followed_by_e_mail_to_the_archived_answer(project, tmp_path):
    from uprreport import api

    problems: dict[str, list[str]] = {}
    with smtp_server(tmp_path) as (url, box):
        app = make_app(project, publish_answers=True, smtp=mailing.Server.from_url(url))
        mail = app.extensions["uprreport-mail"]
        with served(app) as base, browser() as b:
            # 1. the citizen comments on a paragraph, giving an address
            page = b.new_page(viewport={"width": 1100, "height": 900})
            page.goto(base + "/")
            problems["draft"] = _serious(page)
            number = register(project, "SELECT number FROM paragraphs WHERE pid = ?", PID)[0]["number"]
            page.click(f"text=Comment on paragraph {number}")
            page.wait_for_url(lambda u: "/comment?paragraph=" in u)
            problems["form"] = _serious(page)
            page.fill("#comment", COMMENT)
            page.fill("#name", "Ana Perić")
            page.fill("#email", CITIZEN)
            page.check("#consent")
            page.click("button[type=submit]")
            page.wait_for_url(lambda u: "/receipt/" in u)
            problems["receipt"] = _serious(page)
            shown = page.locator(".receipt-number").inner_text()

            # 2. the receipt arrives by e-mail; its link opens the receipt page
            assert mail.wait(15)
            (received,) = box.to(CITIZEN)
            assert received["Subject"] == f"Comment {shown} received" and COMMENT in _text(received)
            (link,) = re.findall(r"http://\S+/receipt/\S+", _text(received))
            assert link.startswith(base + "/receipt/")
            page.goto(link)
            assert page.locator(".receipt-number").inner_text() == shown
            assert page.locator(".comment-status").inner_text() == "Not answered yet"
            problems["receipt-from-mail"] = _serious(page)

            # 3. the focal point of justice answers on its page
            owner = _sign_in(b, base, "justice")
            owner.goto(base + "/manage/comments")
            problems["owner-comments"] = _serious(owner)
            owner.click(f"a[aria-label^='Comment {shown}:']")
            owner.select_option("#decision", "accepted with modification")
            owner.fill("#reason", REASON)
            problems["answer"] = _serious(owner)
            owner.click("text=Save the answer")
            assert "decision recorded; the answer goes to its sender by e-mail" in owner.locator(".notice").inner_text()
            problems["answer-saved"] = _serious(owner)

            # 4. the answer arrives by e-mail, and the receipt page shows it
            assert mail.wait(15)
            (answered,) = [m for m in box.to(CITIZEN) if m is not received]
            text = _text(answered)
            assert answered["Subject"] == f"Comment {shown} answered"
            assert "Decision: Accepted with modification" in text and REASON in text
            (again,) = re.findall(r"http://\S+/receipt/\S+", text)
            assert urlsplit(again) == urlsplit(link)
            page.goto(again)
            assert page.locator(".comment-status").inner_text() == "Accepted with modification"
            assert REASON in page.locator(".comment-answer").inner_text()
            problems["receipt-answered"] = _serious(page)

            # 5. the coordinator closes round 1, and round 2 opens
            coord = _sign_in(b, base, "coord")
            coord.goto(base + "/manage/")
            problems["dashboard"] = _serious(coord)
            coord.click("text=Close round 1")
            problems["close"] = _serious(coord)
            coord.click("text=Close round 1 now")
            assert "Round 1 closed" in coord.locator(".notice").inner_text()
            api.round_open(project, dt.date(2026, 5, 15), dt.date(2026, 3, 8))
            page.goto(base + "/")
            assert page.locator("h1").inner_text() == "Draft 2 for comment"
            problems["draft-2"] = _serious(page)

            # 6. round 1's answers stay published, with this one; the receipt still shows it
            page.goto(base + "/rounds/1/answers")
            published = page.locator(f"#comment-{shown}").inner_text()
            assert COMMENT in published and REASON in published and CITIZEN not in page.content()
            problems["archived-answers"] = _serious(page)
            page.goto(link)
            assert REASON in page.locator(".comment-answer").inner_text()
            problems["receipt-after"] = _serious(page)
            assert mail.wait(15)
    # the citizen got the receipt and the answer, nothing else; the body was told of the comment
    assert [m["Subject"] for m in box.to(CITIZEN)] == [f"Comment {shown} received", f"Comment {shown} answered"]
    assert [m["Subject"] for m in box.to("upr.justice@example.gov.arc")] == [f"Comment {shown} to answer"]
    assert {k: v for k, v in problems.items() if v} == {}
