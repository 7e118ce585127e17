"""The benchmark suite: how validate, build (DOCX, PDF) and comment ingest grow with the work.

    python benchmarks/run.py            # the full suite (several minutes), writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick    # the two smallest projects and 50 copies
    python benchmarks/run.py --large    # registers of a whole UPR database: 10,000, 30,000, 100,000
                                        # recommendations (about 10 minutes); writes LARGE.md and its
                                        # section of RESULTS.md

Every figure is measured in this run, beside pandoc (Markdown -> DOCX of an equivalent
matrix) and LibreOffice's own DOCX -> PDF conversion of our output, so that the targets
are ratios that hold on any machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

SIZES = [(250, 12), (1000, 50), (2500, 50), (10000, 200)]
QUICK = [(250, 12), (1000, 50)]
LARGE = [10_000, 30_000, 100_000]     # recommendations of a whole UPR database (generate.database)


def measure(*args: str) -> dict:
    """Run ``uprreport ARGS`` in a fresh Python process; its time and peak memory."""
    proc = subprocess.run([sys.executable, str(HERE / "_measure.py"), *args], capture_output=True, text=True)
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    if result["exit"] not in (0, None):
        raise RuntimeError(f"uprreport {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return result


def timed(cmd: list[str], **kw) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    return time.perf_counter() - started


def pandoc_matrix(project: Path, work: Path) -> float:
    """pandoc's time for the same matrix: every recommendation as a row of a pipe table."""
    import csv

    import pypandoc

    lines = ["| Recommendation | Position | Implementation status | Responsible body |", "|---|---|---|---|"]
    with open(project / "recommendations.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lines.append(f"| **{row['id']}** {row['text']} ({row['states']}) | {row['position']} "
                         "| Partially implemented | Ministry number 1 |")
    md = work / "matrix.md"
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return timed([pypandoc.get_pandoc_path(), str(md), "-o", str(work / "matrix.docx")])


def libreoffice(docx: Path, work: Path) -> float:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = Path(tempfile.mkdtemp(prefix="bench-lo-"))
    try:
        return timed([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                      "--outdir", str(work), str(docx)])
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def build_rows(sizes, work: Path, pdf: bool) -> list[dict]:
    rows = []
    for recs, contribs in sizes:
        project = generate.project(work / f"p{recs}-{contribs}", recs, contribs)
        out = work / f"out{recs}-{contribs}"
        v = measure("validate", str(project))
        # the DOCX build and pandoc: medians of 3 (this machine's timings wander by a third)
        runs = [measure("build", str(project), "--no-pdf", "-o", str(out)) for _ in range(3)]
        d = sorted(runs, key=lambda r: r["seconds"])[1]
        row = {"recs": recs, "contributors": contribs, "validate_s": v["seconds"], "validate_mb": v["peak_mb"],
               "docx_s": d["seconds"], "docx_mb": max(r["peak_mb"] for r in runs),
               "pandoc_s": statistics.median(pandoc_matrix(project, work) for _ in range(3))}
        if pdf:
            full = measure("build", str(project), "-o", str(out))
            row.update(pdf_s=full["seconds"] - d["seconds"], pdf_mb=full["peak_mb"],
                       lo_s=libreoffice(out / "bench.docx", work))
        rows.append(row)
        print(row, flush=True)
    return rows


def ingest_rows(work: Path, copies_list) -> list[dict]:
    import datetime as dt

    sys.path.insert(0, str(ROOT / "src"))
    from uprreport import api

    rows = []
    for copies in copies_list:
        project = generate.project(work / f"round-{copies}", 250, 12)
        opened = api.round_open(project, today=dt.date(2024, 3, 3))
        files = generate.returned_copies(opened.review_copy, work / f"copies-{copies}", copies)
        r = measure("round", "ingest", str(project), *map(str, files), "--received", "2024-03-20")
        rows.append({"copies": copies, "comments": copies * 10, "ingest_s": r["seconds"], "ingest_mb": r["peak_mb"]})
        print(rows[-1], flush=True)
    return rows


def console_script() -> str:
    """The console script pip installed beside this Python (not a version manager's shim,
    which adds a start-up of its own)."""
    script = Path(sys.executable).with_name("uprreport.exe" if os.name == "nt" else "uprreport")
    return str(script) if script.exists() else (shutil.which("uprreport") or "uprreport")


def wall(*args: str, n: int = 5) -> float:
    """Median wall time of ``uprreport ARGS`` as a user runs it: a fresh process each time,
    Python's own start included."""
    return statistics.median(timed([console_script(), *args]) for _ in range(n))


def startup() -> float:
    """`uprreport --version`, median of 5."""
    return wall("--version")


def sample(pdf: bool = True) -> dict:
    """The national sample as a drafter runs it: wall times of the command, each in a fresh process."""
    out = Path(tempfile.mkdtemp(prefix="bench-sample-"))
    project = str(ROOT / "samples" / "national-arcadia")
    first = wall("validate", project, n=1)     # pandoc's cache still empty
    row = {"validate_first_s": first,
           "validate_s": wall("validate", project),   # again, nothing changed
           "python_s": statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(5)),
           "docx_s": wall("build", project, "--no-pdf", "-o", str(out), n=3)}
    if pdf:
        # ours and LibreOffice's own conversion taken in turn, 5 of each, so that the machine's
        # drift over the minute falls on both alike
        docx = out / "arcadia-national-report-2025.docx"
        ours, theirs = [], []
        for _ in range(5):
            ours.append(timed([console_script(), "build", project, "-o", str(out)]))
            theirs.append(libreoffice(docx, out))
        row.update(pdf_build_s=statistics.median(ours), lo_s=statistics.median(theirs))
        row.update(watch(pdf))
    return row


def watch(pdf: bool, sample: str = "national-arcadia") -> dict:
    """`build --watch` on a copy of ``sample``: the rebuild after one fragment is saved
    (median of 5 saves), DOCX and PDF, in this process as the watch runs it. The fragment is
    the national sample's justice/framework.md, another sample's first Markdown fragment."""
    import threading

    sys.path.insert(0, str(ROOT / "src"))
    from uprreport import api, office
    from uprreport.watching import watch as run

    project = Path(tempfile.mkdtemp(prefix="bench-watch-")) / sample
    shutil.copytree(ROOT / "samples" / sample, project, ignore=shutil.ignore_patterns("build"))
    events, stop = [], threading.Event()
    thread = threading.Thread(target=run, args=(project, lambda: api.build(project, pdf=pdf), events.append),
                              kwargs={"stop": stop}, daemon=True)
    thread.start()
    fragment = project / "contributions" / "justice" / "framework.md"
    if not fragment.is_file():
        fragment = sorted((project / "contributions").rglob("*.md"))[0]

    def wait(n: int) -> None:
        deadline = time.monotonic() + 120
        while len(events) < n and time.monotonic() < deadline:
            time.sleep(0.02)

    wait(1)
    for k in range(5):
        fragment.write_text(fragment.read_text(encoding="utf-8") + f"\nA sentence saved while watching ({k}).\n",
                            encoding="utf-8")
        wait(k + 2)
    stop.set()
    thread.join(timeout=30)
    office.shutdown()
    saves = [e for e in events[1:] if e.error is None]
    return {"watch_docx_s": statistics.median(e.result.docx_seconds for e in saves),
            "watch_total_s": statistics.median(e.result.seconds for e in saves),
            "watch_pdf_s": statistics.median(e.result.seconds - e.result.docx_seconds for e in saves)}


def write_results(builds, ingests, start, smp, quick: bool) -> Path:
    lines = ["# Benchmark results", "",
             f"Generated by `python benchmarks/run.py{' --quick' if quick else ''}` on "
             f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores. Times are wall seconds, memory is the peak "
             "resident size of the uprreport process in MB (LibreOffice's own memory not included)."
             + " uprreport's modules are compiled to bytecode before the run, as pip does when it installs a "
               "copy (an editable checkout on a machine that sets PYTHONDONTWRITEBYTECODE would compile them at "
               "every start: about 0.05 s more).", "",
             "## Build", "",
             "| recommendations | contributors | validate s | validate MB | DOCX s | DOCX MB | pandoc s (same matrix) "
             "| DOCX / pandoc | PDF s (ours) | LibreOffice s (our DOCX) | PDF / LibreOffice |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in builds:
        pdf = (f"{r['pdf_s']:.1f} | {r['lo_s']:.1f} | {r['pdf_s'] / r['lo_s']:.2f}" if "pdf_s" in r else "– | – | –")
        lines.append(f"| {r['recs']:,} | {r['contributors']} | {r['validate_s']:.2f} | {r['validate_mb']:.0f} | "
                     f"{r['docx_s']:.2f} | {r['docx_mb']:.0f} | {r['pandoc_s']:.2f} | "
                     f"{r['docx_s'] / r['pandoc_s']:.2f} | {pdf} |")
    if len(builds) >= 2:
        small, big = builds[0], builds[-1]
        growth = (big["docx_s"] / small["docx_s"]) / (big["recs"] / small["recs"])
        lines += ["", f"Growth of the DOCX build from {small['recs']:,} to {big['recs']:,} recommendations: "
                      f"{big['docx_s'] / small['docx_s']:.1f}× the time for {big['recs'] / small['recs']:.0f}× the "
                      f"work ({growth:.2f} of linear)."]
    lines += ["", "## Comment rounds", "", "| returned copies | comments | ingest s | ingest MB |", "|---|---|---|---|"]
    for r in ingests:
        lines.append(f"| {r['copies']} | {r['comments']:,} | {r['ingest_s']:.1f} | {r['ingest_mb']:.0f} |")
    lines += ["", "## The sample and the CLI", "",
              f"- national sample, wall times of the console script pip installed, each in a fresh process "
              f"(Python's start and the imports included): validate "
              f"{smp.get('validate_first_s', smp['validate_s']):.2f} s the first time, "
              f"{smp['validate_s']:.2f} s again with nothing changed (pandoc's reading cached; median of 5), "
              f"DOCX build {smp['docx_s']:.2f} s (median of 3)"
              + (f". Python alone (`python -c pass`) takes {smp['python_s']:.2f} s here" if "python_s" in smp else ""),
              f"- CLI start-up (`uprreport --version`, median of 5): {start:.2f} s"]
    if "pdf_build_s" in smp:
        lines += [f"- national sample with PDF: `uprreport build` {smp['pdf_build_s']:.2f} s (LibreOffice started "
                  f"first, while the project is read), LibreOffice's own cold conversion of the final DOCX "
                  f"{smp['lo_s']:.2f} s (medians of 5, taken in turn): {smp['pdf_build_s'] / smp['lo_s']:.2f}×",
                  f"- `build --watch`, one fragment saved (median of 5): DOCX {smp['watch_docx_s']:.2f} s, "
                  f"PDF {smp['watch_pdf_s']:.2f} s more, {smp['watch_total_s']:.2f} s in all"]
    lines += [""]
    lines += targets(builds, ingests, start, smp)
    web = HERE / "WEB.md"   # written by benchmarks/web_load.py, which runs on its own
    if web.exists():
        lines += ["", web.read_text(encoding="utf-8").rstrip("\n")]
    kinds = HERE / "KINDS.md"   # written by `run.py --kinds`, which runs on its own
    if kinds.exists():
        lines += ["", kinds.read_text(encoding="utf-8").rstrip("\n")]
    large = HERE / "LARGE.md"   # written by `run.py --large`, which runs on its own
    if large.exists():
        lines += ["", large.read_text(encoding="utf-8").rstrip("\n")]
    notes = HERE / "PROFILE.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8")]
    path = HERE / "RESULTS.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (HERE / "_work").mkdir(exist_ok=True)
    (HERE / "_work" / "results.json").write_text(json.dumps(
        {"builds": builds, "ingests": ingests, "startup": start, "sample": smp}, indent=1), encoding="utf-8")
    return path


def targets(builds, ingests, start, smp) -> list[str]:
    """The issue's targets, each met or not, from this run's figures."""
    out = ["## Targets", "", "| target | measured | met |", "|---|---|---|"]

    def row(name: str, measured: str, ok: bool) -> None:
        out.append(f"| {name} | {measured} | {'yes' if ok else '**no**'} |")

    big = builds[-1]
    row(f"DOCX build of {big['recs']:,} recommendations ≤ 0.5 × pandoc on the same matrix",
        f"{big['docx_s']:.2f} s vs pandoc {big['pandoc_s']:.2f} s ({big['docx_s'] / big['pandoc_s']:.2f}×)",
        big["docx_s"] <= 0.5 * big["pandoc_s"])
    base = next((b for b in builds if b["recs"] * 10 == big["recs"]), None)
    if base:
        g = big["docx_s"] / base["docx_s"]
        row(f"growth: 10× recommendations ({base['recs']:,} → {big['recs']:,}) ≤ 11× time", f"{g:.1f}×", g <= 11)
    if "pdf_s" in big:
        worst = max(b["pdf_s"] / b["lo_s"] for b in builds)
        row("generated projects: the PDF part of a build vs LibreOffice's own conversion of our DOCX "
            "(for the record, no target)", f"up to {worst:.2f}×", True)
    if "pdf_build_s" in smp:
        ratio = smp["pdf_build_s"] / smp["lo_s"]
        row("PDF build of the sample ≤ 1.1 × LibreOffice's own single cold conversion of the final DOCX",
            f"{smp['pdf_build_s']:.2f} s vs {smp['lo_s']:.2f} s ({ratio:.2f}×)", ratio <= 1.1)
        row("warm rebuild of the sample with PDF < 1.5 s", f"{smp['watch_total_s']:.2f} s",
            smp["watch_total_s"] < 1.5)
        row("`--watch` rebuild after one fragment is saved: DOCX < 0.3 s", f"{smp['watch_docx_s']:.2f} s",
            smp["watch_docx_s"] < 0.3)
        row("`--watch` rebuild after one fragment is saved: PDF < 1.5 s", f"{smp['watch_total_s']:.2f} s",
            smp["watch_total_s"] < 1.5)
    row("sample national report DOCX build < 1 s", f"{smp['docx_s']:.2f} s", smp["docx_s"] < 1)
    row("sample validate < 0.3 s in a fresh process", f"{smp['validate_s']:.2f} s (nothing changed since the last "
        f"run; {smp.get('validate_first_s', smp['validate_s']):.2f} s the first time)", smp["validate_s"] < 0.3)
    row("CLI start-up < 0.1 s", f"{start:.2f} s", start < 0.1)
    for r in ingests:
        if r["copies"] >= 500:
            row("500 returned copies ingested < 30 s", f"{r['ingest_s']:.1f} s", r["ingest_s"] < 30)
    peak = max([b[k] for b in builds for k in ("validate_mb", "docx_mb", "pdf_mb") if k in b]
               + [r["ingest_mb"] for r in ingests])
    row("peak memory < 500 MB in every case", f"{peak:.0f} MB", peak < 500)
    return out


def large_rows(work: Path, sizes) -> list[dict]:
    """Registers of a whole UPR database (generate.database: .xlsx, 50 contributors) and a
    UPR Info export of as many rows: validate, the DOCX build, `import uprinfo` (every row of
    the export matched against the register, into a copy of the project) and `export
    matrix` (.xlsx and .csv), each once in a fresh process."""
    rows = []
    # the run's own cache folder (main) starts empty: the first validate reads the register's
    # cells, the second finds them kept (readers/workbook_cache.py), as a user's second run does
    for recs in sizes:
        project = generate.database(work / f"db{recs}", recs)
        export = generate.uprinfo_export(project, work / f"uprinfo{recs}.xlsx")
        row = {"recs": recs, "register_mb": (project / "recommendations.xlsx").stat().st_size / 2 ** 20}
        for name, args in (("validate", ("validate", str(project))),
                           ("again", ("validate", str(project))),
                           ("docx", ("build", str(project), "--no-pdf", "-o", str(work / f"db-out{recs}"))),
                           ("export_xlsx", ("export", "matrix", "-p", str(project), "-o", str(work / f"m{recs}.xlsx"))),
                           ("export_csv", ("export", "matrix", "-p", str(project), "-o", str(work / f"m{recs}.csv")))):
            r = measure(*args)
            row.update({f"{name}_s": r["seconds"], f"{name}_cpu": r.get("cpu_seconds"), f"{name}_mb": r["peak_mb"]})
        copy = work / f"db{recs}-import"
        shutil.copytree(project, copy)
        # the register holds the whole database as the recommendations followed up (no
        # `cycle` column), and the export's sessions span four cycles: --cycle says the rows are
        # those, so that every row is matched (without it the rows of the other cycles' sessions
        # would be kept apart, docs/linking.md)
        r = measure("import", "uprinfo", str(export), "--state", "Kenya", "--cycle", "3", "-p", str(copy))
        row.update(import_s=r["seconds"], import_cpu=r.get("cpu_seconds"), import_mb=r["peak_mb"])
        row["load"] = os.getloadavg()[0]   # the machine's load meanwhile (others' work shares its cores)
        shutil.rmtree(copy, ignore_errors=True)
        rows.append(row)
        print(row, flush=True)
    return rows


def write_large(rows: list[dict]) -> Path:
    """benchmarks/LARGE.md from the rows of ``large_rows``, and its section of RESULTS.md."""
    lines = ["## Registers of a whole UPR database", "",
             f"Generated by `python benchmarks/run.py --large` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} "
             "cores: a register of invented recommendations (.xlsx: texts of 60 to 900 characters, 1 to 4 of 140 "
             "recommending States, 1 to 3 of 40 themes by title, SDGs, groups, one document symbol per 250), 50 "
             "contributing bodies reporting on the supported ones, and a UPR Info export (.xlsx) with a row per "
             "recommendation. Each command once, in a fresh process: wall seconds (Python's start and imports "
             "included) and peak resident MB. `import uprinfo` matches every row of the export to the register "
             "(`--state`, `--cycle 3`: the register holds every cycle's recommendations as followed up, so the rows "
             "of every session are matched; no `--paragraph`) and writes the register back.", "",
             "`validate` runs twice: the first reads the register's cells from the workbook, the second finds "
             "them kept in the user's cache folder (readers/workbook_cache.py), as every later run does until the "
             "workbook changes; the commands after them find them kept too.", "",
             "| recommendations | register MB (.xlsx) | validate s | validate MB | validate again s | again MB "
             "| DOCX s | DOCX MB "
             "| import uprinfo s | import MB | export matrix .xlsx s | .xlsx MB | export matrix .csv s | .csv MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    def secs(r: dict, name: str) -> str:
        """Wall seconds, and the processor's in brackets when measured (user + system)."""
        cpu = r.get(f"{name}_cpu")
        return f"{r[f'{name}_s']:.2f}" + (f" ({cpu:.2f})" if cpu is not None else "")

    for r in rows:
        lines.append(f"| {r['recs']:,} | {r['register_mb']:.1f} | {secs(r, 'validate')} | {r['validate_mb']:.0f} | "
                     f"{secs(r, 'again') if 'again_s' in r else '–'} | "
                     f"{format(r['again_mb'], '.0f') if 'again_mb' in r else '–'} | "
                     f"{secs(r, 'docx')} | {r['docx_mb']:.0f} | {secs(r, 'import')} | {r['import_mb']:.0f} | "
                     f"{secs(r, 'export_xlsx')} | {r['export_xlsx_mb']:.0f} | {secs(r, 'export_csv')} | "
                     f"{r['export_csv_mb']:.0f} |")
    if any(r.get("validate_cpu") is not None for r in rows):
        loads = [r["load"] for r in rows if r.get("load") is not None]
        lines += ["", "Seconds are wall time, with the processor's time (user + system) in brackets: the machine "
                      "was shared with other work" + (f" (load average {min(loads):.1f} to {max(loads):.1f} on "
                                                       f"{os.cpu_count()} cores)" if loads else "")
                  + ", which stretches the wall time of a command that waits for a core; the processor's time "
                    "is what the command itself costs."]
    # growth on the processor's time when every row has it (the wall time varies with others' load)
    unit = "_cpu" if all(r.get("validate_cpu") is not None for r in rows) else "_s"
    if len(rows) >= 2:
        small, big = rows[0], rows[-1]
        k = big["recs"] / small["recs"]
        lines += ["", f"Growth from {small['recs']:,} to {big['recs']:,} recommendations ({k:.0f}× the work): "
                      + ", ".join(f"{label} {big[key + unit] / small[key + unit]:.1f}×" for label, key in
                                  (("validate", "validate"), ("DOCX", "docx"), ("import uprinfo", "import"),
                                   ("export matrix .xlsx", "export_xlsx"), ("export matrix .csv", "export_csv")))
                      + (" the processor's time" if unit == "_cpu" else " the time")
                      + " (Python's start, about 0.3 s, is in every figure)."]
    big = next((r for r in rows if r["recs"] == 100_000), None)
    if big:
        lines += ["", "| target (100,000 recommendations, one run) | measured | met |", "|---|---|---|"]
        def timed(name: str, limit: float) -> tuple[str, str]:
            """The measure and whether the wall time is within ``limit`` (and, when it is not, whether
            the processor's time is: the rest was waiting for a core others used)."""
            wall, cpu = big[f"{name}_s"], big.get(f"{name}_cpu")
            shown = f"{wall:.2f} s" + (f" (processor {cpu:.2f} s)" if cpu is not None else "")
            met = "yes" if wall < limit else "**no**" + (" (processor time within it)" if cpu is not None
                                                          and cpu < limit else "")
            return shown, met

        for name, (measured, met) in (
                ("validate < 3 s (the first run: the register's cells read from the workbook)", timed("validate", 3)),
                ("validate < 400 MB (the first run)",
                 (f"{big['validate_mb']:.0f} MB", "yes" if big["validate_mb"] < 400 else "**no**")),
                ("validate < 3 s (a later run: the cells kept)", timed("again", 3)),
                ("validate < 400 MB (a later run)",
                 (f"{big['again_mb']:.0f} MB", "yes" if big["again_mb"] < 400 else "**no**")),
                ("`import uprinfo` of a 100,000-row export < 20 s", timed("import", 20)),
                ("`export matrix` < 10 s (.xlsx)", timed("export_xlsx", 10)),
                ("`export matrix` < 10 s (.csv)", timed("export_csv", 10))):
            lines.append(f"| {name} | {measured} | {met} |")
        small = rows[0]
        if small is not big:
            worst = max(big[key + unit] / small[key + unit] for key in ("validate", "docx", "import", "export_xlsx",
                                                                        "export_csv"))
            k = big["recs"] / small["recs"]
            lines.append(f"| growth linear ({k:.0f}× the work ≤ {k * 1.1:.0f}× the time) | at most {worst:.1f}× | "
                         f"{'yes' if worst <= k * 1.1 else '**no**'} |")
    notes = HERE / "LARGE-NOTES.md"    # what dominates, written by hand after profiling
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").rstrip("\n")]
    return _section(HERE / "LARGE.md", lines)


KIND_SAMPLES = ["national-arcadia", "midterm-arcadia-nhri", "nhri-arcadia", "stakeholder-arcadia", "joint-arcadia",
                "national-belvedere-fr", "midterm-qamar-ar"]


def kind_rows(work: Path) -> list[dict]:
    """Every kind's sample as a drafter rebuilds it: a copy built once (pandoc's reading, the
    charts and the first LibreOffice's profile kept, as after a first build), then the DOCX build (median of 3) and the build with
    its PDF, in turn with LibreOffice's own conversion of the final DOCX with a profile that
    already exists, as a user converting by hand has (medians of 3), each in a fresh process."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = Path(tempfile.mkdtemp(prefix="bench-lo-profile-"))
    env_profile = f"-env:UserInstallation={profile.as_uri()}"
    rows = []
    for name in KIND_SAMPLES:
        project = work / name
        shutil.copytree(ROOT / "samples" / name, project, ignore=shutil.ignore_patterns("build"))
        out = work / f"{name}-out"
        timed([console_script(), "build", str(project), "-o", str(out)])        # the first build
        docx = next(out.glob("*.docx"))
        lo_out = work / f"{name}-lo"
        timed([soffice, env_profile, "--headless", "--convert-to", "pdf", "--outdir", str(lo_out), str(docx)])
        row = {"sample": name, "docx_s": wall("build", str(project), "--no-pdf", "-o", str(out), n=3)}
        ours, theirs = [], []
        for _ in range(3):
            ours.append(timed([console_script(), "build", str(project), "-o", str(out)]))
            docx = next(out.glob("*.docx"))
            theirs.append(timed([soffice, env_profile, "--headless", "--convert-to", "pdf", "--outdir", str(lo_out),
                                 str(docx)]))
        row.update(pdf_build_s=statistics.median(ours), lo_s=statistics.median(theirs), load=os.getloadavg()[0])
        row.update(watch(True, name))
        rows.append(row)
        print(row, flush=True)
    shutil.rmtree(profile, ignore_errors=True)
    return rows


def write_kinds(rows: list[dict]) -> Path:
    """benchmarks/KINDS.md from ``kind_rows``, and its section of RESULTS.md."""
    lines = ["## Every kind's sample", "",
             f"Generated by `python benchmarks/run.py --kinds` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores: "
             "each sample copied and built once (pandoc's reading, the charts' pictures and the profile of the first "
             "LibreOffice kept, as after a first build), then `uprreport build --no-pdf` (median of 3) and `uprreport build` with its PDF taken in turn "
             "with LibreOffice's own conversion of the final DOCX, with a LibreOffice profile that already exists "
             "(medians of 3), each in a fresh process, Python's start included.", "",
             "`build --watch` (in the benchmark's process, the office kept running): one Markdown fragment saved "
             "five times, the rebuild with its PDF after each (median).", "",
             "| sample | DOCX s | with PDF s | LibreOffice alone s | ratio | `--watch` with PDF s | load |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        watched = f"{r['watch_total_s']:.2f}" if "watch_total_s" in r else "–"   # rows saved before it was measured
        lines.append(f"| {r['sample']} | {r['docx_s']:.2f} | {r['pdf_build_s']:.2f} | {r['lo_s']:.2f} | "
                     f"{r['pdf_build_s'] / r['lo_s']:.2f} | {watched} | {r['load']:.1f} |")
    worst_docx = max(rows, key=lambda r: r["docx_s"])
    worst_ratio = max(rows, key=lambda r: r["pdf_build_s"] / r["lo_s"])
    lines += ["", "| target | measured | met |", "|---|---|---|",
              f"| every kind's sample: DOCX alone < 0.6 s | at most {worst_docx['docx_s']:.2f} s "
              f"({worst_docx['sample']}) | {'yes' if worst_docx['docx_s'] < 0.6 else '**no**'} |",
              f"| every kind's sample: build with PDF ≤ 1.2 × LibreOffice's own conversion | at most "
              f"{worst_ratio['pdf_build_s'] / worst_ratio['lo_s']:.2f}× ({worst_ratio['sample']}) | "
              f"{'yes' if worst_ratio['pdf_build_s'] <= 1.2 * worst_ratio['lo_s'] else '**no**'} |"]
    watched = [r for r in rows if "watch_total_s" in r]
    if watched:
        worst_watch = max(watched, key=lambda r: r["watch_total_s"])
        lines.append(f"| every kind's sample: `--watch` rebuild with PDF < 1.5 s | at most "
                     f"{worst_watch['watch_total_s']:.2f} s ({worst_watch['sample']}) | "
                     f"{'yes' if worst_watch['watch_total_s'] < 1.5 else '**no**'} |")
    notes = HERE / "KINDS-NOTES.md"    # what is left, written by hand after measuring
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").rstrip("\n")]
    return _section(HERE / "KINDS.md", lines)


def _section(path: Path, lines: list[str]) -> Path:
    """Write ``lines`` (a "## " section) to ``path``, and in place of the section of the same
    heading in RESULTS.md (at its end when it has none)."""
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    results = HERE / "RESULTS.md"
    if results.exists():
        old = results.read_text(encoding="utf-8")
        start = old.find(lines[0])
        if start >= 0:   # the section as the last run wrote it (its notes are ### headings)
            end = old.find("\n## ", start + 5)
            old = old[:start] + (old[end + 1:] if end >= 0 else "")
        results.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two small projects and 50 copies only")
    parser.add_argument("--large", action="store_true",
                        help="only registers of a whole UPR database (10,000 to 100,000 recommendations; "
                             "with --quick, 10,000 and 30,000)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF and LibreOffice columns")
    parser.add_argument("--kinds", action="store_true",
                        help="only every kind's sample: DOCX, and with its PDF against LibreOffice alone")
    parser.add_argument("--render-large", metavar="JSON",
                        help="rewrite LARGE.md (and its section of RESULTS.md) from rows saved by --large")
    parser.add_argument("--render-kinds", metavar="JSON",
                        help="rewrite KINDS.md (and its section of RESULTS.md) from rows saved by --kinds")
    parser.add_argument("--render", action="store_true",
                        help="rewrite RESULTS.md from the last run's benchmarks/_work/results.json")
    args = parser.parse_args()
    if args.render_large:
        print(f"wrote {write_large(json.loads(Path(args.render_large).read_text(encoding='utf-8')))}")
        return
    if args.render_kinds:
        print(f"wrote {write_kinds(json.loads(Path(args.render_kinds).read_text(encoding='utf-8')))}")
        return
    if args.render:
        data = json.loads((HERE / "_work" / "results.json").read_text(encoding="utf-8"))
        print(f"wrote {write_results(data['builds'], data['ingests'], data['startup'], data['sample'], args.quick)}")
        return
    import compileall

    # bytecode for uprreport's modules, as an installed copy has (pip compiles at install)
    compileall.compile_dir(str(ROOT / "src" / "uprreport"), quiet=1)
    if args.kinds:
        work = HERE / "_work" / "kinds"     # never committed (.gitignore)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        os.environ["UPRREPORT_CACHE"] = str(work / "cache")
        rows = kind_rows(work)
        (HERE / "_work" / "kinds.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")   # for --render-kinds
        print(f"wrote {write_kinds(rows)}")
        shutil.rmtree(work, ignore_errors=True)
        return
    if args.large:
        work = HERE / "_work" / "large"     # generated here, never committed (.gitignore)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        os.environ["UPRREPORT_CACHE"] = str(work / "cache")
        rows = large_rows(work, LARGE[:2] if args.quick else LARGE)
        (HERE / "_work" / "large.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")   # for --render-large
        print(f"wrote {write_large(rows)}")
        shutil.rmtree(work, ignore_errors=True)
        return
    work = HERE / "_work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    # pandoc's cache (readers/pandoc_cache.py) starts empty: no figure depends on an earlier run
    os.environ["UPRREPORT_CACHE"] = str(work / "cache")
    builds = build_rows(QUICK if args.quick else SIZES, work, pdf=not args.no_pdf)
    ingests = ingest_rows(work, [50] if args.quick else [50, 500])
    path = write_results(builds, ingests, startup(), sample(pdf=not args.no_pdf), args.quick)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
