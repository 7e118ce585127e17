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


def _contribution_files(folder: Path, share: list, theme: str, c: int, rng: random.Random) -> None:
    """A generated body's implementation table (its ``share`` of the register) and two fragments."""
    with open(folder / "implementation.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["recommendation", "status", "actions", "responsible_body"])
        for rid, _t, _p in share:
            w.writerow([rid, rng.choice(["fully implemented", "partially implemented", "not implemented"]),
                        "Measures adopted and funded", f"Ministry number {c}"])
    ids = ", ".join(f'"{r[0]}"' for r in share[:5])
    (folder / "follow-up.md").write_text(
        f"---\nsection: D\ntheme: {theme}\nrecommendations: [{ids}]\n---\n" + (PARAGRAPH * 3 + "\n\n") * 2,
        encoding="utf-8")
    (folder / "developments.md").write_text("---\nsection: B\n---\n" + PARAGRAPH * 2 + "[^1]\n\n[^1]: A source.\n",
                                            encoding="utf-8")


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
        _contribution_files(folder, share, mine[0], c, rng)
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


# The register of a whole UPR database (``database``) and a UPR Info-style export of it
# (``uprinfo_export``): recommendations of many cycles and sources, of 120 recommending
# States written as registers write them (variants and curly apostrophes included), 40
# themes, every position, texts of realistic lengths (about 60 to 900 characters).
DB_STATES = [
    "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan",
    "Bahamas", "Bahrain", "Bangladesh", "Belarus", "Belgium", "Benin", "Bolivia (Plurinational State of)",
    "Bosnia and Herzegovina", "Botswana", "Brazil", "Bulgaria", "Burkina Faso", "Burundi", "Cabo Verde", "Cambodia",
    "Cameroon", "Canada", "Chad", "Chile", "China", "Colombia", "Congo", "Costa Rica", "Côte d'Ivoire", "Croatia",
    "Cuba", "Cyprus", "Czechia", "Democratic People's Republic of Korea", "Denmark", "Djibouti", "Ecuador", "Egypt",
    "El Salvador", "Estonia", "Ethiopia", "Fiji", "Finland", "France", "Gabon", "Georgia", "Germany", "Ghana",
    "Greece", "Guatemala", "Haiti", "Holy See", "Honduras", "Hungary", "Iceland", "India", "Indonesia",
    "Iran (Islamic Republic of)", "Iraq", "Ireland", "Israel", "Italy", "Japan", "Jordan", "Kazakhstan", "Kenya",
    "Kuwait", "Lao People’s Democratic Republic", "Latvia", "Lebanon", "Libya", "Lithuania", "Luxembourg",
    "Madagascar", "Malaysia", "Maldives", "Mali", "Malta", "Mexico", "Montenegro", "Morocco", "Mozambique",
    "Namibia", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "Norway", "Oman", "Pakistan",
    "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Republic of Korea",
    "Republic of Moldova", "Romania", "Russian Federation", "Rwanda", "Saudi Arabia", "Senegal", "Serbia",
    "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "South Africa", "Spain", "Sri Lanka", "State of Palestine",
    "Sudan", "Sweden", "Switzerland", "Syrian Arab Republic", "Thailand", "Timor-Leste", "Togo",
    "Trinidad and Tobago", "Tunisia", "Türkiye", "Uganda", "Ukraine", "United Arab Emirates",
    "United Kingdom of Great Britain and Northern Ireland", "United Republic of Tanzania",
    "United States of America", "Uruguay", "Uzbekistan", "Venezuela (Bolivarian Republic of)", "Viet Nam", "Yemen",
    "Zambia", "Zimbabwe",
]
DB_THEMES = [
    "Equality & non-discrimination", "Rights of women", "Rights of the child", "Persons with disabilities",
    "Migrants, refugees and asylum-seekers", "Indigenous peoples", "Minorities", "Human rights defenders",
    "Freedom of expression", "Freedom of association and peaceful assembly", "Freedom of religion or belief",
    "Administration of justice & fair trial", "Torture and other cruel, inhuman or degrading treatment",
    "Conditions of detention", "Death penalty", "Enforced disappearances", "Trafficking in persons",
    "Right to education", "Right to health", "Right to work", "Right to social security",
    "Right to an adequate standard of living", "Right to water and sanitation", "Right to food", "Environment",
    "Business & human rights", "Corruption", "National human rights institution", "Cooperation with treaty bodies",
    "Cooperation with special procedures", "Ratification of international instruments", "Constitutional framework",
    "Human rights education", "Sexual orientation and gender identity", "Domestic violence", "Child labour",
    "Birth registration", "Statelessness", "Counter-terrorism", "Development & human rights",
]
DB_GROUPS = ["Women", "Children", "Persons with disabilities", "Migrants", "Refugees", "Indigenous peoples",
             "Minorities", "Older persons", "LGBTI persons", "Persons deprived of liberty", "Rural population"]
DB_CLAUSES = [
    "in line with its international obligations", "and allocate adequate human, technical and financial resources "
    "to that end", "in consultation with civil society and the national human rights institution",
    "as recommended during the previous cycle", "including by adopting comprehensive legislation",
    "and ensure that perpetrators are brought to justice", "with particular attention to rural and remote areas",
    "and provide the relevant training to law enforcement officials, judges and prosecutors",
    "by establishing an effective monitoring mechanism with clear indicators",
    "taking into account the recommendations of the treaty bodies and special procedures",
]
DB_POSITIONS = [("supported", 0.70), ("noted", 0.24), ("partially supported", 0.04), ("voluntary pledge", 0.02)]
PER_SOURCE = 250    # recommendations of one Working Group report (one State, one cycle)


def _db_text(rng: random.Random) -> str:
    text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 5, 8))):
        text += f", {rng.choice(DB_CLAUSES)}"
    return text + "."


def _db_position(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for position, share in DB_POSITIONS:
        acc += share
        if x < acc:
            return position
    return "supported"


def write_rows(path: Path, header: list[str], rows) -> Path:
    """Rows into a .csv, or a plain .xlsx (openpyxl's write-only mode, as a database export
    is: no styles), by the path's ending."""
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Sheet1")
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(path)
        return path
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def read_rows(path: Path) -> list[dict]:
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        values = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        return [dict(zip(values[0], (str(v) for v in row))) for row in values[1:]]
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def database(root: Path, recs: int, contributors: int = 50, seed: int = 11, fmt: str = "xlsx") -> Path:
    """A project whose register (recommendations.xlsx, or .csv) holds ``recs``
    recommendations of a whole UPR database: PER_SOURCE per Working Group report (its own
    paragraph, its own document symbol), 1 to 4 recommending States (UPR), 1 to 3 themes
    written as titles, SDGs, affected groups; ``contributors`` bodies report on the
    supported recommendations of their themes (one row each, as in ``project``) and write
    two fragments. A register of 100,000 recommendations of these lengths is about 35 MB
    as CSV (readers take a CSV table up to 100 MB: readers/package.py, MAX_TABLE) and about
    12 MB as a workbook."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    keys = [f"t{i:02d}" for i in range(len(DB_THEMES))]
    (root / "report.yaml").write_text(
        "kind: national\nname: bench\nstate: Republic of Benchmark\niso3: BEN\ncycle: 4\nwg_session: 48\n"
        "symbol: A/HRC/WG.6/48/BEN/1\nprevious_review: A/HRC/44/99\ndate: 2024-10-28\n"
        f"register: recommendations.{fmt}\nlimits:\n  words: 100000000\nsuppress: [rec-not-addressed, section-empty]\nthemes:\n"
        + "".join(f"  - key: {k}\n    title: \"{t}\"\n" for k, t in zip(keys, DB_THEMES)), encoding="utf-8")
    rows, cells = [], []
    for i in range(recs):
        block, index = divmod(i, PER_SOURCE)
        rid = f"{100 + block}.{index + 1}"
        source = f"A/HRC/{7 + block % 50}/{10 + block // 50 * 50 + block % 50}"
        picked = rng.sample(range(len(DB_THEMES)), rng.randint(1, 3))
        position = _db_position(rng)
        rows.append((rid, keys[picked[0]], position))
        cells.append([rid, _db_text(rng), "; ".join(rng.sample(DB_STATES, rng.choice((1, 1, 1, 2, 3, 4)))),
                      position, "; ".join(DB_THEMES[p] for p in picked),
                      "; ".join(str(s) for s in sorted(rng.sample(range(1, 18), rng.randint(0, 3)))),
                      "; ".join(rng.sample(DB_GROUPS, rng.randint(0, 2))), source])
    write_rows(root / f"recommendations.{fmt}",
               ["id", "text", "states", "position", "themes", "sdgs", "affected_persons", "source"], cells)
    _contributions(root, rng, keys, rows, contributors)
    return root


def _contributions(root: Path, rng: random.Random, themes: list[str], rows, contributors: int) -> None:
    """``contributors`` bodies, as ``project`` writes them, over themes of the given keys."""
    for c in range(contributors):
        slug = f"body-{c:03d}"
        mine = [t for i, t in enumerate(themes) if i % contributors == c] if contributors <= len(themes) \
            else [themes[c % len(themes)]]
        folder = root / "contributions" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "contributor.yaml").write_text(
            f"name: Ministry number {c}\nkind: ministry\nsections: [{', '.join(['B'] + [f'D.{t}' for t in mine])}]\n"
            + ("lead: true\n" if c == 0 else ""), encoding="utf-8")
        share = [r for r in rows if r[1] in mine and r[2] == "supported"]
        if contributors > len(themes):
            share = share[(c // len(themes))::-(-contributors // len(themes))]
        _contribution_files(folder, share, mine[0], c, rng)


UPRINFO_RESPONSES = {"supported": "Accepted", "noted": "Noted", "partially supported": "Noted",
                     "voluntary pledge": "Voluntary Pledge"}


def uprinfo_export(project_root: Path, out: Path, state: str = "Kenya", seed: int = 5) -> Path:
    """A UPR Info-style export (.xlsx or .csv, by ``out``'s ending) (To, To-Rgrp, To-Org, Text, From, From-Rgrp, From-Org,
    Response, Action, Issue, Session) with one row per (recommendation, recommending State)
    of the register at ``project_root``, all of ``state`` under review (so that `import
    uprinfo --state` keeps every row), until there are as many rows as recommendations.
    Two rows in a hundred are worded a little differently, one in two hundred has a State
    the register does not name: the matching does real work."""
    rng = random.Random(seed)
    register = read_rows(next(project_root.glob("recommendations.*")))
    out_rows = []
    for n, row in enumerate(register):
        names = [s.strip() for s in row["states"].split(";")]
        source = rng.choice(names)
        text = row["text"]
        x = rng.random()
        if x < 0.02:
            text = text.replace("Ensure", "Guarantee").replace("the ", "all the ", 1)
        elif x < 0.025:
            source = rng.choice([s for s in DB_STATES if s not in names])
        issues = ", ".join(t.split(" &")[0].split(",")[0] for t in row["themes"].split("; "))
        out_rows.append([state, "Africa", "AU, OIF", text, source, rng.choice(["WEOG", "GRULAC", "Asia", "Africa"]),
                         rng.choice(["EU", "OIC", "", "OIF"]), UPRINFO_RESPONSES[row["position"]],
                         rng.randint(1, 5), issues, 7 + (n // PER_SOURCE) % 40])
    return write_rows(out, ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response",
                            "Action", "Issue", "Session"], out_rows)
