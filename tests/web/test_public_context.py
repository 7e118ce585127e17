"""The public page's context: /about (what the UPR is, who runs the consultation, its deadline,
what becomes of a comment, the privacy notice; report.yaml's texts in place of the defaults, in
the report's language), the count of comments under each paragraph (hidden and spam ones not
counted), the draft's contents and its search (words, case and accents aside, never patterns)."""

from __future__ import annotations

import re

from .webkit import make_app, register, send

P1, P2 = "justice/framework/p1", "health/health/p1"


def _set_language(project, code: str, extra: str = "") -> None:
    path = project / "report.yaml"
    text = re.sub(r"(?m)^language: \w+$", f"language: {code}", path.read_text(encoding="utf-8"))
    path.write_text(text + extra, encoding="utf-8")


def _write(project, sql: str, *args) -> None:
    from uprreport.rounds import store

    conn = store.connect(project)
    try:
        with store.transaction(conn):
            conn.execute(sql, args)
    finally:
        conn.close()


OVERRIDES = """
consultation:
  organiser: Ministère des affaires étrangères de l’Arcadie
  contact: consultation-epu@example.gov
  privacy: |
    Les commentaires sont conservés deux ans par le Ministère.

    Écrivez au délégué à la protection des données pour toute question.
"""


def test_the_about_page_in_english_says_what_the_upr_is_who_runs_it_and_the_deadline(project, client):
    page = client.get("/about").get_data(as_text=True)
    assert "<h1>About this consultation</h1>" in page
    assert "Universal Periodic Review (UPR)" in page and "193 Member States" in page
    assert "<dd dir=\"auto\">Republic of Arcadia</dd>" in page      # no author: the State runs it
    assert "Comments are open until 1 April 2026." in page
    assert "goes to the body that wrote that paragraph" in page
    assert "It is never published, and it is left out of every export of the comments." in page
    # linked from the header of the public pages and from the comment form
    for address in ("/", "/comment", f"/comment?paragraph={P1}"):
        assert 'href="/about"' in client.get(address).get_data(as_text=True), address
    assert 'aria-current="page">About this consultation' in page


def test_the_about_page_in_french_with_report_yaml_texts(project):
    _set_language(project, "fr", OVERRIDES)
    client = make_app(project).test_client()
    page = client.get("/about").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page and "<h1>À propos de cette consultation</h1>" in page
    assert "Ministère des affaires étrangères de l’Arcadie" in page and "consultation-epu@example.gov" in page
    # the privacy notice from report.yaml, its two paragraphs, in place of the default one
    assert "<p class=\"text\" dir=\"auto\">Les commentaires sont conservés deux ans par le Ministère.</p>" in page
    assert "protection des données pour toute question.</p>" in page
    assert "jamais publiée" not in page          # the default notice is not there
    # the defaults that report.yaml does not replace, in French
    assert "L’Examen périodique universel (EPU)" in page
    assert "Les commentaires sont ouverts jusqu’au 1er avril 2026." in page
    # report.yaml changed while the site runs: read again
    _set_language(project, "fr", "\nconsultation:\n  organiser: Commission interministérielle\n")
    page = client.get("/about").get_data(as_text=True)
    assert "Commission interministérielle" in page and "jamais publiée" in page


def test_the_about_page_in_arabic_is_right_to_left_and_translated(project):
    _set_language(project, "ar")
    page = make_app(project).test_client().get("/about").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and "الاستعراض الدوري الشامل" in page
    assert "About this consultation" not in page


def test_the_about_texts_are_escaped(project):
    _set_language(project, "en", "\nconsultation:\n  about: <script>alert(1)</script>\n")
    page = make_app(project).test_client().get("/about").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "193 Member States" not in page       # replaced by report.yaml's text


def _count_of(page: str, pid: str) -> str | None:
    m = re.search(rf'id {re.escape(pid)}</span>( <span class="count">([^<]*)</span>)?</p>', page)
    assert m, pid
    return m.group(2)


class _Clock:
    """time.monotonic for the draft page's counts, moved by the test."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_each_paragraph_shows_its_comments_but_hidden_and_spam_are_not_counted(project, monkeypatch):
    from uprreport.api import consultation
    from uprreport.rounds.publication import Publication
    from uprreport.web import public

    monkeypatch.setattr(public, "COUNTS_AGE", 0)    # moderated below outside the site: counted again at once
    client = make_app(project, comment_rate="100 per minute").test_client()
    for k in range(4):
        assert send(client, P1, comment=f"comment {k}").status_code == 303
    assert send(client, P2, comment="one on health").status_code == 303
    assert send(client, comment="on the whole draft").status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert _count_of(page, P1) == "4 comments so far" and _count_of(page, P2) == "1 comment so far"
    assert _count_of(page, "justice/framework/p2") is None      # none yet: nothing said
    first, second = [r["id"] for r in register(project, "SELECT id FROM comments WHERE pid = ? ORDER BY id", P1)][:2]
    consultation.moderate(project, first, Publication(hidden=True, reason="abuse"), "coord")
    consultation.moderate(project, second, Publication(spam=True), "coord")
    page = client.get("/").get_data(as_text=True)
    assert _count_of(page, P1) == "2 comments so far"


def test_counts_are_kept_a_moment_and_a_change_through_the_site_shows_at_once(project, monkeypatch):
    """Counting is a query over every comment of the round: the draft page counts again at most
    every COUNTS_AGE seconds, at once after a request of this site that may change them (a
    comment sent, a moderation), and a change made elsewhere (another process) shows when the
    counts are made again."""
    from uprreport.api import consultation
    from uprreport.rounds.publication import Publication
    from uprreport.web import public

    clock = _Clock()
    monkeypatch.setattr(public, "time", clock)
    client = make_app(project, comment_rate="100 per minute").test_client()
    assert send(client, P1, comment="first").status_code == 303
    assert _count_of(client.get("/").get_data(as_text=True), P1) == "1 comment so far"
    assert send(client, P1, comment="second").status_code == 303      # through the site: shown at once
    assert _count_of(client.get("/").get_data(as_text=True), P1) == "2 comments so far"
    first = register(project, "SELECT id FROM comments WHERE pid = ? ORDER BY id", P1)[0]["id"]
    consultation.moderate(project, first, Publication(hidden=True, reason="abuse"), "coord")   # elsewhere
    clock.now += public.COUNTS_AGE / 2
    assert _count_of(client.get("/").get_data(as_text=True), P1) == "2 comments so far"    # kept a moment
    clock.now += public.COUNTS_AGE
    assert _count_of(client.get("/").get_data(as_text=True), P1) == "1 comment so far"     # then counted again


def test_counts_in_russian_take_the_plural_forms(project):
    _set_language(project, "ru")
    client = make_app(project, comment_rate="100 per minute").test_client()
    for k in range(2):
        send(client, P1, comment=f"комментарий {k}")
    send(client, P2, comment="один")
    page = client.get("/").get_data(as_text=True)
    assert _count_of(page, P1) == "получено 2 замечания" and _count_of(page, P2) == "получено 1 замечание"


def test_the_draft_has_its_contents_and_a_search_box(project, client):
    page = client.get("/").get_data(as_text=True)
    contents = page[page.index('<div class="contents"'):page.index('<div class="draft')]
    headings = re.findall(r'<h[2-6] id="(sec-[^"]+)"', page)
    links = re.findall(r'href="#(sec-[^"]+)"', contents)
    assert links and set(links) <= set(headings) and links == [h for h in headings if h in links]
    assert "Methodology" in contents
    assert '<form method="get" action="/search" role="search"' in page and '<label for="q">Search the draft</label>' in page


def test_the_search_finds_words_whatever_their_case_and_accents(project, client):
    _write(project, "UPDATE paragraphs SET text = ? WHERE round = 1 AND pid = ?",
           "Le Médiateur de la République a reçu 1 200 plaintes.", P1)
    for query in ("médiateur", "MEDIATEUR", "mediateur recu", "REÇU  médiateur"):
        page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        assert "Paragraphs found: 1" in page, query
        assert f'href="/#para-{P1}"' in page and f'href="/comment?paragraph={P1}"' in page
    page = client.get("/search", query_string={"q": "médiateur absentword"}).get_data(as_text=True)
    assert "Paragraphs found: 0" in page and "No paragraph holds all these words." in page
    page = client.get("/search", query_string={"q": "the"}).get_data(as_text=True)
    found = int(re.search(r"Paragraphs found: (\d+)", page).group(1))
    assert found > 5


def test_the_search_takes_regex_characters_as_they_are(project, client):
    _write(project, "UPDATE paragraphs SET text = ? WHERE round = 1 AND pid = ?",
           "Costs (a+b)* rose by 3.5% [see annex].", P1)
    for query in ("(a+b)*", "[see", "3.5%"):
        page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        assert "Paragraphs found: 1" in page, query
    page = client.get("/search", query_string={"q": "("}).get_data(as_text=True)   # a bracket, as written
    assert f'href="/#para-{P1}"' in page
    for query in (".*", "a+b)*x", "\\d", "^", "[a-z]+", "(?i)costs|x" * 30):
        r = client.get("/search", query_string={"q": query})
        assert r.status_code == 200, query
        assert "Paragraphs found: 0" in r.get_data(as_text=True), query
    r = client.get("/search", query_string={"q": "<script>alert(1)</script>"})
    assert "<script>alert" not in r.get_data(as_text=True)
    r = client.get("/search")              # nothing searched yet: the form alone
    assert r.status_code == 200 and "Paragraphs found" not in r.get_data(as_text=True)
