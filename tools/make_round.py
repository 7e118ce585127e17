"""Regenerate samples/round-arcadia: what reviewers send back in a public hearing on the
Arcadia national report, and the owners' answers.

It opens round 1 on a throw-away copy of samples/national-arcadia, then writes, as reviewers
would: Word copies of the review copy with comments and tracked changes, filled comment
forms, and e-mails (one of them late). It ingests them, as the README does, exports the
owners' response worksheets and fills in decisions. Every organisation, person and comment
is invented; a fixed seed makes the output the same each time.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from uprreport import api  # noqa: E402
from uprreport.readers.tables import read_table  # noqa: E402
from uprreport.rounds.respond import DECISIONS  # noqa: E402

OUT = ROOT / "samples" / "round-arcadia"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

WORD_REVIEWERS = [
    ("Human Rights Ombudsperson of Arcadia", "Mira Kovač"),
    ("Arcadian Platform of Human Rights Organizations", "Jonas Berg"),
    ("Rainbow Arcadia", "Alex Dorn"),
    ("SOS Helpline for Women", "Lena Varga"),
    ("Disability Rights Arcadia", "Tomas Reyes"),
    ("Refugee Legal Aid Arcadia", "Sara Haddad"),
    ("University of Arcadia, Faculty of Law", "Prof. Ilse Marin"),
]
FORM_REVIEWERS = [
    ("Arcadian Bar Association", "Petra Lund"),
    ("Children's Rights Coalition Arcadia", "Noah Ferrer"),
    ("Confederation of Arcadian Trade Unions", "Ana Rossi"),
]
COMMENTS = {
    "critical": [
        "The figure given here is incorrect; the latest official report gives a different number.",
        "This paragraph omits the situation of Roma women, which the recommendation addresses directly.",
        "The statement that the law is fully implemented is misleading: no implementing regulation has been adopted.",
        "The paragraph contradicts the annual report of the Ombudsperson for the same year.",
    ],
    "substantive": [
        "Please add the number of complaints received and how many were upheld.",
        "The report should say which body is responsible and what budget was allocated.",
        "Please explain how civil society was involved in preparing this measure.",
        "Add the results of the evaluation announced in the previous report.",
        "The paragraph should mention the regional disparities in access to the service.",
        "Please give the source of these figures in a note.",
        "It would help to say when the measure will be extended to the whole country.",
        "Please mention the follow-up to the recommendations of the treaty bodies as well.",
    ],
    "editorial": [
        "Wording: 'since the previous review' would read better here.",
        "Typo in the name of the act; please check the spelling.",
        "Please rephrase the last sentence, which is hard to follow.",
        "Punctuation: a comma is missing after the introductory phrase.",
    ],
}
INSERTIONS = [" and in all regions", " in cooperation with civil society", " by the end of 2025",
              " (data disaggregated by sex and age)"]
REASONS = {
    "accepted": "",
    "accepted with modification": "Accepted in substance; the wording was adjusted to keep within the word limit.",
    "rejected": "The figures in the report are those of the official statistics for the period.",
    "noted": "",
    "deferred": "To be addressed in the next draft, once the 2024 figures are published.",
}


def _comment(rng: random.Random) -> str:
    kind = rng.choices(list(COMMENTS), weights=[1, 4, 2])[0]
    return rng.choice(COMMENTS[kind])


def _numbered(doc) -> list:
    """Body paragraphs of the review copy that carry a paragraph id bookmark."""
    return [p for p in doc.paragraphs if p._p.find(f"{{{W}}}bookmarkStart") is not None and len(p.runs) > 3]


def _track(paragraph, author: str, date: str, rng: random.Random, ids: list[int]) -> None:
    """A tracked insertion before the id label, and a tracked deletion of one word."""
    runs = [r for r in paragraph.runs if r.text.strip() and not r.text.startswith(" [")]
    text_run = max(runs, key=lambda r: len(r.text))
    ids[0] += 1
    label = next(r for r in paragraph.runs if r.text.startswith(" ["))
    ins = etree.SubElement(paragraph._p, f"{{{W}}}ins", {f"{{{W}}}id": str(ids[0]), f"{{{W}}}author": author,
                                                        f"{{{W}}}date": date})
    r = etree.SubElement(ins, f"{{{W}}}r")
    t = etree.SubElement(r, f"{{{W}}}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    t.text = rng.choice(INSERTIONS)
    label._r.addprevious(ins)
    words = text_run.text.split(" ")
    if len(words) > 6:
        k = rng.randrange(2, len(words) - 2)
        before, word, after = " ".join(words[:k]) + " ", words[k] + " ", " ".join(words[k + 1:])
        text_run.text = before
        ids[0] += 1
        dele = etree.Element(f"{{{W}}}del", {f"{{{W}}}id": str(ids[0]), f"{{{W}}}author": author, f"{{{W}}}date": date})
        dr = etree.SubElement(dele, f"{{{W}}}r")
        etree.SubElement(dr, f"{{{W}}}delText", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = word
        text_run._r.addnext(dele)
        tail = etree.Element(f"{{{W}}}r")
        etree.SubElement(tail, f"{{{W}}}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = after
        dele.addnext(tail)


def _set_company(path: Path, company: str) -> None:
    """Word records the author's organisation in docProps/app.xml; so do our reviewers."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<Company>.*?</Company>|<Company/>", "", text)
                text = text.replace("</Properties>", f"<Company>{company}</Company></Properties>")
                data = text.encode("utf-8")
            dst.writestr(item, data)
    tmp.replace(path)


def word_copies(review: Path, returned: Path, rng: random.Random) -> None:
    for i, (org, person) in enumerate(WORD_REVIEWERS, 1):
        doc = Document(review)
        paras = _numbered(doc)
        date = f"2024-03-{10 + i:02d}T10:00:00Z"
        for p in rng.sample(paras, k=min(len(paras), rng.randint(8, 11))):
            words = [r for r in p.runs if r.text.strip() and not r.text.startswith(" [")]
            doc.add_comment(words, text=_comment(rng), author=person,
                            initials="".join(w[0] for w in person.replace("Prof. ", "").split()))
        ids = [9000]
        for p in rng.sample(paras, k=2):
            _track(p, person, date, rng, ids)
        doc.core_properties.author = person
        slug = re.sub(r"[^a-z]+", "-", org.lower()).strip("-")
        path = returned / f"{i:02d}-{slug}.docx"
        doc.save(path)
        _set_company(path, org)


def forms(form: Path, returned: Path, rng: random.Random) -> None:
    from openpyxl import load_workbook

    for i, (org, person) in enumerate(FORM_REVIEWERS, 1):
        wb = load_workbook(form)
        ws = wb["Comments"]
        rows = list(range(2, ws.max_row + 1))
        for r in sorted(rng.sample(rows, k=rng.randint(9, 12))):
            kind = rng.choices(list(COMMENTS), weights=[1, 4, 2])[0]
            ws.cell(r, 5).value = rng.choice(COMMENTS[kind])
            if kind == "editorial" and rng.random() < 0.6:
                ws.cell(r, 6).value = str(ws.cell(r, 4).value).rstrip("…") + " (as amended)"
            ws.cell(r, 7).value = kind
            ws.cell(r, 8).value = person
            ws.cell(r, 9).value = org
        end = ws.max_row + 1
        ws.cell(end, 5).value = "General comment: the draft should say more about the consultation of children."
        ws.cell(end, 8).value, ws.cell(end, 9).value = person, org
        slug = re.sub(r"[^a-z]+", "-", org.lower()).strip("-")
        wb.save(returned / f"{len(WORD_REVIEWERS) + i:02d}-{slug}-form.xlsx")


EMAILS = [
    ("Marta Ilic <marta.ilic@roma-women.example.org>", "Thu, 21 Mar 2024 09:12:00 +0100",
     "Comments on para 49",
     "Dear colleagues,\n\nOn paragraph 49: the legalization of settlements should also mention the 9 settlements "
     "where the process has stalled since 2022.\n\nKind regards,\nMarta Ilic\nRoma Women's Network\n"),
    ("Daniel Okafor <d.okafor@migrantunion.example.org>", "Fri, 29 Mar 2024 16:40:00 +0100",
     "Draft national report",
     "Hello,\n\nRegarding the text \u201cThe Labour Inspectorate recruited 60 new inspectors\u201d: the report should "
     "add that most of them are not yet trained for inspections in agriculture.\n\nDaniel Okafor\n"),
    ("Eva Novak <eva.novak@cfma.example.org>", "Mon, 01 Apr 2024 11:05:00 +0200",
     "Comment, paragraph 25",
     "Dear Ministry,\n\nParagraph 25 should mention that the media ownership register is not yet searchable online.\n\n"
     "Best,\nEva Novak\nCentre for Free Media Arcadia\n"),
    ("Hugo Lind <hugo.lind@example.net>", "Mon, 08 Apr 2024 08:30:00 +0200",
     "Late comment on the draft",
     "Sorry for the late reply. In para 40, the minimum wage figure should be compared with the cost of living "
     "in the capital, where it is much higher.\n\nHugo Lind\n"),
]


def emails(returned: Path) -> None:
    for i, (sender, date, subject, body) in enumerate(EMAILS, 1):
        n = len(WORD_REVIEWERS) + len(FORM_REVIEWERS) + i
        (returned / f"{n:02d}-email.eml").write_text(
            f"From: {sender}\nTo: upr@mfa.example.gov.arc\nDate: {date}\nSubject: {subject}\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}", encoding="utf-8")


def decisions(project: Path, responses: Path, rng: random.Random) -> None:
    from openpyxl import load_workbook

    sheets = api.round_respond(project, export=True).paths
    for sheet in sheets:
        wb = load_workbook(sheet)
        ws = wb["Responses"]
        for r in range(2, ws.max_row + 1):
            if rng.random() < 0.08:
                continue   # a few stay unanswered: they go to the next round
            d = rng.choices(DECISIONS, weights=[4, 3, 2, 2, 1])[0]
            ws.cell(r, 10).value = d
            ws.cell(r, 11).value = REASONS[d] or None
        wb.save(responses / sheet.name)


UPDATES = {   # the owners' updated text for draft 2 (accepted comments taken in)
    ("justice", "justice.md"): ("Mobile legal counselling days are held each month in 37 rural municipalities",
                                "Mobile legal counselling days are held each month in 37 rural municipalities and, "
                                "since 2024, in all regional centres"),
    ("labour", "labour.md"): ("The Labour Inspectorate recruited 60 new inspectors",
                              "The Labour Inspectorate recruited 60 new inspectors, whose training for inspections "
                              "in agriculture will be completed in 2025, and"),
    ("minorities", "minorities.md"): ("14 settlements were legalized during the period.",
                                      "14 settlements were legalized during the period; in 9 others the process "
                                      "has stalled since 2022 and will be resumed in 2025."),
}


def main() -> None:
    rng = random.Random(2024)
    if OUT.exists():
        shutil.rmtree(OUT)
    returned, responses, updated = OUT / "returned", OUT / "responses", OUT / "updated" / "contributions"
    for d in (returned, responses, updated):
        d.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "arcadia"
        shutil.copytree(ROOT / "samples" / "national-arcadia", project, ignore=shutil.ignore_patterns("build", "rounds"))
        opened = api.round_open(project, today=dt.date(2024, 3, 3))
        word_copies(opened.review_copy, returned, rng)
        forms(opened.form, returned, rng)
        emails(returned)
        result = api.round_ingest(project, sorted(returned.iterdir()),
                                  received=dt.datetime(2024, 3, 28, 12, tzinfo=dt.timezone.utc))
        decisions(project, responses, rng)
    for (slug, name), (old, new) in UPDATES.items():
        src = (ROOT / "samples" / "national-arcadia" / "contributions" / slug / name).read_text(encoding="utf-8")
        assert old in src, (slug, old)
        (updated / slug).mkdir(parents=True, exist_ok=True)
        (updated / slug / name).write_text(src.replace(old, new), encoding="utf-8")
    print(f"wrote {OUT}: {len(list(returned.iterdir()))} returned files, {result.comments} comments "
          f"({result.unanchored} without a paragraph), {len(list(responses.iterdir()))} response sheets")


if __name__ == "__main__":
    main()
