"""Regenerate samples/national-arcadia from tools/sample_data.py and tools/sample_text.py.

Deterministic (fixed seed): running it twice gives the same files. The output is
committed; run `python tools/make_sample.py` only after changing the sample's sources.
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from sample_data import ACTIONS, CONTRIBUTORS, INDICATORS, PREFIXES, RECS, STATES, THEMES  # noqa: E402
from sample_text import FRAGMENTS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "samples" / "national-arcadia"
PARAGRAPH = 140


def supported_by_theme(recs: list[dict]) -> dict[str, list[str]]:
    """Ids of the recommendations that are not noted, by first theme, in register order."""
    out: dict[str, list[str]] = {}
    for r in sorted(recs, key=lambda r: int(r["id"].split(".")[1])):
        if r["position"] != "noted":
            out.setdefault(r["themes"][0], []).append(r["id"])
    return out


def citing(supported: dict[str, list[str]], cited: list[str]):
    """A re.sub callback turning {cite:theme:n} into "A/HRC/44/12, para. <id>", noting the id."""
    def cite(m):
        rid = supported[m.group(1)][int(m.group(2))]
        cited.append(rid)
        return f"A/HRC/44/12, para. {rid}"
    return cite


def recommendations(rng: random.Random) -> list[dict]:
    recs = []
    for theme, bases in RECS.items():
        for text, sdgs, persons, noted_prone in bases:
            variants = [text]
            for prefix in rng.sample(PREFIXES, k=rng.choice([0, 1, 1, 2, 2, 3])):
                variants.append(prefix.format(text[0].lower() + text[1:]))
            for wording in variants:
                if noted_prone and wording == text:
                    position = "noted" if rng.random() < 0.8 else "supported"
                else:
                    r = rng.random()
                    position = "noted" if r < 0.08 else "partially supported" if r < 0.11 else "supported"
                states = rng.sample(STATES, k=rng.choice([1, 1, 1, 2, 2, 3]))
                extra = [t for t in rng.sample([k for k, _ in THEMES if k != theme], k=1) if rng.random() < 0.2]
                recs.append({"text": wording, "states": states, "position": position,
                             "themes": [theme] + extra, "sdgs": sdgs, "affected_persons": persons})
    rng.shuffle(recs)
    for i, rec in enumerate(recs, 1):
        rec["id"] = f"{PARAGRAPH}.{i}"
    return recs


def write_register(recs: list[dict]) -> None:
    with open(OUT / "recommendations.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "states", "position", "themes", "sdgs", "affected_persons"])
        for r in recs:
            w.writerow([r["id"], r["text"], "; ".join(r["states"]), r["position"], "; ".join(r["themes"]),
                        "; ".join(str(s) for s in r["sdgs"]), "; ".join(r["affected_persons"])])


def implementation(rng: random.Random, recs: list[dict], slug: str, themes: list[str]) -> list[list[str]]:
    name, short = CONTRIBUTORS[slug][0], CONTRIBUTORS[slug][1]
    others = [c[1] for k, c in CONTRIBUTORS.items() if k != slug]
    rows = []
    for r in recs:
        if r["themes"][0] not in themes:
            continue
        chance = 0.3 if r["position"] == "noted" else 0.93
        if rng.random() > chance:
            continue
        roll = rng.random()
        status = ("fully implemented" if roll < 0.33 else "partially implemented" if roll < 0.85
                  else "not implemented")
        action = rng.choice(ACTIONS[status]).format(y=rng.choice([2021, 2022, 2023, 2024]),
                                                   n=rng.randint(4, 40), p=rng.randint(5, 45))
        partners = rng.sample(others, k=rng.choice([0, 1, 2]))
        rows.append([r["id"], status, action, rng.choice(INDICATORS), f"{name} ({short})",
                     "; ".join(partners), rng.choice(["2021–2023", "2022–2025", "2023–2027", "ongoing"]),
                     rng.choice(["Official Gazette", "Annual report 2023", "Government decision", ""])])
    return rows


HEADER = ["recommendation", "status", "actions", "indicators", "responsible_body", "partners", "timeframe",
          "evidence"]


def write_contributions(rng: random.Random, recs: list[dict]) -> None:
    by_theme: dict[str, list[str]] = {}
    for r in sorted(recs, key=lambda r: int(r["id"].split(".")[1])):
        if r["position"] != "noted":
            by_theme.setdefault(r["themes"][0], []).append(r["id"])
    for slug, (name, short, kind, sections, lead, themes, description) in CONTRIBUTORS.items():
        folder = OUT / "contributions" / slug
        folder.mkdir(parents=True)
        data = {"name": name, "short_name": short, "kind": kind, "lead": lead, "sections": sections,
                "description": description,
                "contact": {"name": "UPR focal point", "email": f"upr.{slug}@example.gov.arc"}}
        if not lead:
            del data["lead"]
        (folder / "contributor.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                                                 encoding="utf-8")
        rows = implementation(rng, recs, slug, themes)
        if rows and slug == "health":   # one contribution sends Excel, as many will
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "Implementation"
            ws.append(HEADER)
            for row in rows:
                ws.append(row)
            wb.save(folder / "implementation.xlsx")
        elif rows:
            with open(folder / "implementation.csv", "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(HEADER)
                w.writerows(rows)
    for (slug, filename), (meta, body) in FRAGMENTS.items():
        meta = dict(meta)
        take = meta.pop("take", 0)
        if take:
            meta["recommendations"] = by_theme.get(meta["theme"], [])[:take]
        if (slug, filename) in WORD_FRAGMENTS:
            word_fragment(OUT / "contributions" / slug / filename, meta, body)
            continue
        front = yaml.safe_dump(meta, sort_keys=False, default_flow_style=None, allow_unicode=True)
        # recommendation ids written flow-style and quoted so YAML never reads 140.10 as a number
        if take:
            ids = ", ".join(f'"{i}"' for i in meta["recommendations"])
            front = "\n".join(l for l in front.splitlines() if not l.startswith("recommendations:"))
            front += f"\nrecommendations: [{ids}]\n"
        (OUT / "contributions" / slug / filename).write_text(f"---\n{front}---\n{body.lstrip()}",
                                                             encoding="utf-8")


# Contributions sent as Word files, with the ministry's own paragraph style, as in practice.
WORD_FRAGMENTS = {("health", "health.md")}
MINISTRY_STYLE = "MoH Body Text"


def word_fragment(md_path: Path, meta: dict, body: str) -> None:
    """Write ``body`` as a Word file (pandoc keeps the footnotes) whose body paragraphs use
    a ministry style, and a sidecar .yaml with the placement."""
    import pypandoc
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    docx_path = md_path.with_suffix(".docx")
    pypandoc.convert_text(body, "docx", format="markdown", outputfile=str(docx_path))
    doc = Document(docx_path)
    style = doc.styles.add_style(MINISTRY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Body Text"]
    for p in doc.paragraphs:
        if p.style.name in ("Body Text", "First Paragraph"):
            p.style = style
    doc.core_properties.author = "Ministry of Health"
    doc.save(docx_path)
    md_path.with_suffix(".yaml").write_text(
        "# Where the Word file health.docx goes in the report\n"
        + yaml.safe_dump(meta, sort_keys=False, default_flow_style=None), encoding="utf-8")


MANIFEST = """\
# Report manifest of the sample project: the Republic of Arcadia's national report for its
# fourth-cycle review. Arcadia is fictional; ARC is not a real ISO code.
kind: national
name: arcadia-national-report-2025
state: Republic of Arcadia
iso3: ARC
cycle: 4
wg_session: 48
symbol: A/HRC/WG.6/48/ARC/1
previous_review: A/HRC/44/12
language: en
date: 2024-10-28
session_start: 2025-01-20
session_end: 2025-01-31
register: recommendations.csv
themes:
{themes}
limits:
  words: 10700
# The Ministry of Health writes in Word with its own paragraph style: set it as body text.
styles:
  MoH Body Text: Body Text
"""


JOINT = OUT.parent / "joint-arcadia"
JOINT_MANIFEST = """\
# A joint stakeholder submission by a coalition of 24 Arcadian organizations in six thematic
# working groups, on the same review as samples/national-arcadia (the same register).
kind: joint
name: aphro-joint-submission-2024
state: Republic of Arcadia
iso3: ARC
cycle: 4
wg_session: 48
previous_review: A/HRC/44/12
language: en
date: 2024-07-01
session_start: 2025-01-20
session_end: 2025-01-31
register: recommendations.csv
author:
  name: {name}
  acronym: {acronym}
  email: {email}
  website: {website}
members: members.csv
keywords: [{keywords}]
themes:
{themes}
"""


def joint(recs: list[dict]) -> None:
    """The joint submission sample: coordination + six thematic groups, 24 members."""
    import sample_joint as sj

    if JOINT.exists():
        shutil.rmtree(JOINT)
    (JOINT / "contributions").mkdir(parents=True)
    titles = dict(THEMES)
    # all themes of the register are declared (the register uses them); the coalition's
    # six groups write six of them, which become the submission's chapters, in this order
    written = [key for _n, key, _m in sj.GROUPS.values()]
    order = written + [k for k, _t in THEMES if k not in written]
    themes = "\n".join(f"  - key: {key}\n    title: {titles[key]}" for key in order)
    (JOINT / "report.yaml").write_text(JOINT_MANIFEST.format(
        themes=themes, keywords=", ".join(sj.KEYWORDS), **sj.COALITION), encoding="utf-8")
    shutil.copy(OUT / "recommendations.csv", JOINT / "recommendations.csv")
    supported = supported_by_theme(recs)
    with open(JOINT / "members.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "acronym", "description", "website", "group"])
        w.writerow([sj.COALITION["name"] + " (secretariat)", "", "Coordinates the Platform and its submission.",
                    sj.COALITION["website"], "coordination"])
        for slug, (_name, _theme, members) in sj.GROUPS.items():
            for name, acronym, description in members:
                w.writerow([name, acronym, description, "", slug])
    coord = JOINT / "contributions" / "coordination"
    coord.mkdir()
    (coord / "contributor.yaml").write_text(
        "name: Secretariat of the Platform\nkind: cso\nlead: true\nsections: [intro, summary]\n", encoding="utf-8")
    (coord / "introduction.md").write_text("---\nsection: intro\n---\n" + sj.INTRO.lstrip(), encoding="utf-8")
    (coord / "summary.md").write_text("---\nsection: summary\n---\n" + sj.SUMMARY.lstrip(), encoding="utf-8")
    for slug, (name, theme, _members) in sj.GROUPS.items():
        folder = JOINT / "contributions" / slug
        folder.mkdir()
        (folder / "contributor.yaml").write_text(
            f"name: {name}\nkind: cso\nsections: [themes.{theme}]\n", encoding="utf-8")
        text, proposals = sj.TEXTS[slug]
        cited: list[str] = []
        body = re.sub(r"\{cite:(\w+):(\d+)\}", citing(supported, cited), text).strip()
        notes = [n for k, n in sj.NOTES.items() if k in body]
        front = {"section": "themes", "theme": theme}
        lines = ["---"] + [f"{k}: {v}" for k, v in front.items()]
        lines.append("recommendations: [" + ", ".join(f'"{r}"' for r in cited) + "]")
        lines.append("proposals:")
        lines.extend("  - " + json.dumps(p, ensure_ascii=False) for p in proposals)
        lines.append("---")
        (folder / f"{slug}.md").write_text("\n".join(lines) + "\n" + body + "\n\n" + "\n".join(notes) + "\n",
                                           encoding="utf-8")
    print(f"wrote {JOINT}: {sum(len(m) for _n, _t, m in sj.GROUPS.values()) + 1} members, {len(sj.GROUPS)} groups")


MIDTERM = OUT.parent / "midterm-arcadia-nhri"
MIDTERM_MANIFEST = """\
# A mid-term report by the national human rights institution: its independent assessment,
# two years on, of the implementation of the recommendations of Arcadia's third review
# (the same register as samples/national-arcadia, whose report follows them up later).
kind: midterm
name: hro-midterm-report-2022
state: Republic of Arcadia
iso3: ARC
cycle: 3
wg_session: 34
previous_review: A/HRC/44/12
language: en
date: 2022-06-30
register: recommendations.csv
author:
  name: {name}
  acronym: {acronym}
  email: {email}
  website: {website}
themes:
{themes}
"""


def midterm(rng: random.Random, recs: list[dict]) -> None:
    """The mid-term sample: the NHRI's departments assess each recommendation."""
    import sample_midterm as sm

    if MIDTERM.exists():
        shutil.rmtree(MIDTERM)
    (MIDTERM / "contributions").mkdir(parents=True)
    themes = "\n".join(f"  - key: {k}\n    title: {t}" for k, t in THEMES)
    (MIDTERM / "report.yaml").write_text(MIDTERM_MANIFEST.format(themes=themes, **sm.AUTHOR), encoding="utf-8")
    shutil.copy(OUT / "recommendations.csv", MIDTERM / "recommendations.csv")
    ministry = {t: CONTRIBUTORS[slug][0] for slug, c in CONTRIBUTORS.items() for t in c[5]}
    supported = supported_by_theme(recs)
    coord = MIDTERM / "contributions" / "ombudsperson"
    coord.mkdir()
    (coord / "contributor.yaml").write_text(
        f"name: {sm.AUTHOR['name']}\nshort_name: HRO\nkind: nhri\nlead: true\nsections: [intro, conclusions]\n",
        encoding="utf-8")
    (coord / "introduction.md").write_text("---\nsection: intro\n---\n" + sm.INTRO.lstrip(), encoding="utf-8")
    (coord / "conclusions.md").write_text("---\nsection: conclusions\n---\n" + sm.CONCLUSIONS.lstrip(),
                                          encoding="utf-8")
    for slug, (name, dept_themes) in sm.DEPARTMENTS.items():
        folder = MIDTERM / "contributions" / slug
        folder.mkdir()
        sections = ", ".join(f"themes.{t}" for t in dept_themes)
        (folder / "contributor.yaml").write_text(f"name: {name}\nkind: nhri\nsections: [{sections}]\n",
                                                 encoding="utf-8")
        rows = []
        for r in recs:
            theme = r["themes"][0]
            if theme not in dept_themes or rng.random() > (0.97 if r["position"] != "noted" else 0.6):
                continue
            roll = rng.random()
            status = ("fully implemented" if roll < 0.3 else "partially implemented" if roll < 0.75
                      else "not implemented")
            action = rng.choice(ACTIONS[status]).format(y=rng.choice([2020, 2021, 2022]),
                                                       n=rng.randint(4, 40), p=rng.randint(5, 45))
            rows.append([r["id"], status, action, rng.choice(INDICATORS), ministry.get(theme, ""), "",
                         "2020–2022", rng.choice(["Ombudsperson's monitoring", "Ministry's reply", "Complaints"])])
        with open(folder / "implementation.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            w.writerows(rows)
        for theme in dept_themes:
            if theme not in sm.THEMES:
                continue
            ids = ", ".join(f'"{i}"' for i in supported.get(theme, [])[:3])
            (folder / f"{theme}.md").write_text(
                f"---\nsection: themes\ntheme: {theme}\nrecommendations: [{ids}]\n---\n" + sm.THEMES[theme].lstrip(),
                encoding="utf-8")
    print(f"wrote {MIDTERM}: {len(sm.DEPARTMENTS) + 1} contributions")


SUBMISSION_MANIFEST = """\
# {comment}
kind: {kind}
name: {name}
state: Republic of Arcadia
iso3: ARC
cycle: 4
wg_session: 48
previous_review: A/HRC/44/12
language: en
date: 2024-07-01
session_start: 2025-01-20
session_end: 2025-01-31
register: recommendations.csv
author:
  name: {author}
  acronym: {acronym}
{extra}keywords: [{keywords}]
themes:
{themes}
"""


def submission(kind: str, folder: str, name: str, author: tuple[str, str], comment: str, extra: str,
               keywords: list[str], chapters: list[tuple[str, str, list[str]]], intro: str, summary: str,
               recs: list[dict]) -> None:
    """An individual or NHRI submission: introduction, summary, chapters with proposals."""
    root = OUT.parent / folder
    if root.exists():
        shutil.rmtree(root)
    (root / "contributions").mkdir(parents=True)
    written = [t for t, _text, _p in chapters]
    order = written + [k for k, _t in THEMES if k not in written]
    titles = dict(THEMES)
    (root / "report.yaml").write_text(SUBMISSION_MANIFEST.format(
        comment=comment, kind=kind, name=name, author=author[0], acronym=author[1], extra=extra,
        keywords=", ".join(keywords), themes="\n".join(f"  - key: {k}\n    title: {titles[k]}" for k in order)),
        encoding="utf-8")
    shutil.copy(OUT / "recommendations.csv", root / "recommendations.csv")
    supported = supported_by_theme(recs)
    team = root / "contributions" / "team"
    team.mkdir()
    body_kind = "nhri" if kind == "nhri" else "cso"
    sections = ", ".join(["intro", "summary"] + [f"themes.{t}" for t in written])
    (team / "contributor.yaml").write_text(f"name: {author[0]}\nkind: {body_kind}\nlead: true\n"
                                           f"sections: [{sections}]\n", encoding="utf-8")
    (team / "introduction.md").write_text("---\nsection: intro\n---\n" + intro.strip() + "\n", encoding="utf-8")
    (team / "summary.md").write_text("---\nsection: summary\n---\n" + summary.strip() + "\n", encoding="utf-8")
    for theme, text, proposals in chapters:
        cited: list[str] = []
        body = re.sub(r"\{cite:(\w+):(\d+)\}", citing(supported, cited), text).strip()
        ids = ", ".join(f'"{r}"' for r in cited)
        lines = ["---", "section: themes", f"theme: {theme}", f"recommendations: [{ids}]", "proposals:"]
        lines += ["  - " + json.dumps(p, ensure_ascii=False) for p in proposals] + ["---"]
        (team / f"{theme}.md").write_text("\n".join(lines) + "\n" + body + "\n", encoding="utf-8")
    print(f"wrote {root}: {len(chapters)} chapters")


def submissions(recs: list[dict]) -> None:
    import sample_joint as sj
    import sample_midterm as sm

    civic, civic_p = sj.TEXTS["civic-space"]
    equality, equality_p = sj.TEXTS["equality"]
    strip_notes = lambda t: re.sub(r"\[\^\d\]", "", t)  # noqa: E731

    submission("stakeholder", "stakeholder-arcadia", "cfma-submission-2024", ("Centre for Free Media Arcadia", "CFMA"),
               "An individual stakeholder submission by one organization (two chapters).", "",
               ["freedom of expression", "journalists", "SLAPPs", "hate speech"],
               [("expression", strip_notes(civic), civic_p), ("equality", strip_notes(equality), equality_p)],
               "The Centre for Free Media Arcadia monitors attacks on journalists and gives legal support to media "
               "workers. This submission draws on its monitoring in 2020 to 2024.",
               "Protection of journalists has improved on paper; abusive lawsuits and hate speech continue to "
               "chill public debate.", recs)
    nhri_text = {t: sm.THEMES[t].strip() + " The Ombudsperson's assessment refers to the recommendation in "
                 f"{{cite:{t}:0}}." for t in ("torture", "women", "disabilities", "migrants")}
    submission("nhri", "nhri-arcadia", "hro-submission-2024", (sm.AUTHOR["name"], sm.AUTHOR["acronym"]),
               "The submission of the national human rights institution ('A' status) to the fourth review.",
               "accreditation: A\n", ["detention", "violence against women", "legal capacity", "asylum"],
               [(t, nhri_text[t], [f"Give priority to the recommendations on {dict(THEMES)[t].lower()}."])
                for t in nhri_text],
               "This submission draws on the Ombudsperson's complaints, monitoring visits and its mid-term "
               "report of 2022.",
               "Laws adopted since the previous review have yet to change practice in places of detention, "
               "services for victims of violence and social care homes.", recs)


def main() -> None:
    rng = random.Random(48)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    themes = "\n".join(f"  - key: {k}\n    title: {t}" for k, t in THEMES)
    (OUT / "report.yaml").write_text(MANIFEST.format(themes=themes), encoding="utf-8")
    recs = recommendations(rng)
    write_register(recs)
    write_contributions(rng, recs)
    counts = {p: sum(r["position"] == p for r in recs) for p in ("supported", "partially supported", "noted")}
    print(f"wrote {OUT}: {len(recs)} recommendations {counts}, {len(CONTRIBUTORS)} contributions")
    joint(recs)
    midterm(random.Random(34), recs)
    submissions(recs)


if __name__ == "__main__":
    main()
