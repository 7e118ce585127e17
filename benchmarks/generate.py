"""Generate benchmark projects and returned comment copies of a chosen size.

A project of R recommendations and C contributors: a national report whose register has
R rows over 20 themes, each contributor owning some themes, reporting on the supported
recommendations of its themes and writing two fragments. Deterministic (seeded).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

THEMES = 20
VERBS = ["Ratify", "Adopt", "Strengthen", "Ensure", "Continue efforts to improve", "Consider establishing",
         "Take measures to combat", "Guarantee", "Reduce", "Establish"]
OBJECTS = ["the protection of human rights defenders", "access to justice in rural areas", "the rights of persons "
           "with disabilities", "the independence of the judiciary", "legal aid for all", "the national action plan",
           "conditions of detention", "the participation of women in public life", "inclusive education",
           "the rights of migrants and refugees", "the right to health", "the rights of the child"]
STATES = ["Austria", "Brazil", "Canada", "Chile", "Denmark", "Estonia", "France", "Ghana", "India", "Japan",
          "Kenya", "Mexico", "Nepal", "Norway", "Peru", "Portugal", "Senegal", "Spain", "Tunisia", "Uruguay"]
PARAGRAPH = ("The Ministry reports on the measures taken since the previous review, on the indicators used "
             "to follow them, and on the challenges that remain for the coming years. ")


def project(root: Path, recs: int, contributors: int, seed: int = 9) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    themes = [f"t{i:02d}" for i in range(THEMES)]
    (root / "report.yaml").write_text(
        "kind: national\nname: bench\nstate: Republic of Benchmark\niso3: BEN\ncycle: 4\nwg_session: 48\n"
        "symbol: A/HRC/WG.6/48/BEN/1\nprevious_review: A/HRC/44/99\ndate: 2024-10-28\nregister: recommendations.csv\n"
        "limits:\n  words: 10000000\nsuppress: [rec-not-addressed, section-empty]\nthemes:\n"
        + "".join(f"  - key: {t}\n    title: Theme {t[1:]}\n" for t in themes), encoding="utf-8")
    rows = []
    with open(root / "recommendations.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "states", "position", "themes", "sdgs"])
        for i in range(1, recs + 1):
            theme = themes[i % THEMES]
            position = "noted" if rng.random() < 0.15 else "supported"
            rid = f"{100 + (i - 1) // 1000}.{(i - 1) % 1000 + 1}"   # 1,000 per paragraph, as across reports
            rows.append((rid, theme, position))
            w.writerow([rid, f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                        "; ".join(rng.sample(STATES, rng.randint(1, 3))), position, theme, rng.randint(1, 17)])
    for c in range(contributors):
        slug = f"body-{c:03d}"
        if contributors <= THEMES:
            mine = [t for i, t in enumerate(themes) if i % contributors == c]
        else:
            mine = [themes[c % THEMES]]
        folder = root / "contributions" / slug
        folder.mkdir(parents=True, exist_ok=True)
        sections = ", ".join(["B"] + [f"D.{t}" for t in mine])
        (folder / "contributor.yaml").write_text(
            f"name: Ministry number {c}\nkind: ministry\nsections: [{sections}]\n" + ("lead: true\n" if c == 0 else ""),
            encoding="utf-8")
        share = [r for r in rows if r[1] in mine and r[2] == "supported"]
        if contributors > THEMES:   # several bodies per theme: split its recommendations
            per_theme = -(-contributors // THEMES)
            share = share[(c // THEMES)::per_theme]
        with open(folder / "implementation.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["recommendation", "status", "actions", "responsible_body"])
            for rid, _t, _p in share:
                w.writerow([rid, rng.choice(["fully implemented", "partially implemented", "not implemented"]),
                            "Measures adopted and funded", f"Ministry number {c}"])
        ids = ", ".join(f'"{r[0]}"' for r in share[:5])
        (folder / "follow-up.md").write_text(
            f"---\nsection: D\ntheme: {mine[0]}\nrecommendations: [{ids}]\n---\n" + (PARAGRAPH * 3 + "\n\n") * 2,
            encoding="utf-8")
        (folder / "developments.md").write_text("---\nsection: B\n---\n" + PARAGRAPH * 2 + "[^1]\n\n[^1]: A source.\n",
                                                encoding="utf-8")
    return root


def returned_copies(review_copy: Path, out: Path, copies: int, comments: int = 10, seed: int = 3) -> list[Path]:
    """``copies`` Word files made from the review copy, each with ``comments`` comments."""
    from docx import Document

    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    base = Document(review_copy)
    paras = [i for i, p in enumerate(base.paragraphs) if len(p.runs) > 3]
    paths = []
    for n in range(copies):
        doc = Document(review_copy)
        for i in rng.sample(paras, k=min(comments, len(paras))):
            runs = [r for r in doc.paragraphs[i].runs if r.text.strip() and not r.text.startswith(" [")]
            doc.add_comment(runs, text=f"Comment {n}-{i}: please add figures for 2023.", author=f"Reviewer {n}")
        path = out / f"copy-{n:03d}.docx"
        doc.save(path)
        paths.append(path)
    return paths
