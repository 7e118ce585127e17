"""The public consultation under load: many commenters at once on the loopback address.

    python benchmarks/web_load.py                       # 200 commenters, 10,000 comments
    python benchmarks/web_load.py --commenters 20 --comments 500    # a quick look
    python benchmarks/web_load.py --readers 200          # and 200 readers of the public pages meanwhile
    python benchmarks/web_load.py --readers 200 --revalidate --think 2 --commenters 20
                                        # readers that hold a copy (If-None-Match) and read 2 s a page

`uprreport serve` runs in its own process (waitress, 8 threads, the rate limit raised: every
commenter here shares 127.0.0.1). Each commenter opens the comment form (a fresh one-time
token and its CSRF token, as a browser does) and sends it, over and over. Afterwards, every
comment must be in the register exactly once, under the receipt number it was given; a
sample of forms is sent a second time, which must add nothing. Latency of the sends is
reported as percentiles; the figures go into benchmarks/WEB.md and RESULTS.md. With
``--readers N``, N more clients read the public pages while the comments are sent (the draft with
its counts and contents, the context page /about, a search), each page's latency reported apart;
``--revalidate``: they send the last ETag of each page, as a browser or a proxy holding a copy
does (the draft page answers 304 while its version holds); ``--think S``: they spend S seconds
on a page on average before the next, as people do (default: none, a stress test).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "samples" / "national-arcadia"
FIELD = re.compile(r'name="(csrf_token|token|paragraph)" value="([^"]*)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(work: Path) -> Path:
    project = work / "arcadia"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    subprocess.run([sys.executable, "-m", "uprreport", "round", "open", str(project), "--deadline", "2099-12-31"],
                   check=True, capture_output=True)
    return project


def server_cpu(pid: int) -> float | None:
    """Processor seconds (user + system) the process ``pid`` has used so far (Linux's /proc),
    None elsewhere: with the client on the same cores, and others' work on the machine, the
    wall time says less about the server's own cost than this."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def commenter(base: str, k: int, count: int, pids: list[str], out: dict, lock: threading.Lock) -> None:
    http = requests.Session()
    mine = []
    for n in range(count):
        pid = pids[(k * 7919 + n) % len(pids)]
        text = f"commenter {k} comment {n}"
        try:
            page = http.get(f"{base}/comment", params={"paragraph": pid}, timeout=60).text
            fields = dict(FIELD.findall(page))
            data = {**fields, "comment": text, "name": f"Commenter {k}", "consent": "yes"}
            started = time.perf_counter()
            r = http.post(f"{base}/comment", data=data, allow_redirects=False, timeout=60)
            took = time.perf_counter() - started
        except requests.RequestException as exc:
            with lock:
                out["errors"].append(f"{type(exc).__name__} for {text}")
            continue
        if r.status_code != 303:
            with lock:
                out["errors"].append(f"{r.status_code} for {text}")
            continue
        mine.append((text, fields["token"], r.headers["Location"], took, data))
    with lock:
        out["sent"].extend(mine)


READ = ("/", "/about", "/search?q=human+rights")    # what a reader opens, in turn


def reader(base: str, stop: threading.Event, out: dict, lock: threading.Lock, revalidate: bool = False,
           think: float = 0.0, seed: int = 0) -> None:
    """Open the public pages in turn until ``stop``; each page's time and any failure. With
    ``revalidate``, as a browser or a proxy holding a copy: the last ETag of each page is
    sent as If-None-Match, and 304 Not Modified is a good answer (counted apart). ``think``:
    seconds spent reading a page before the next, on average (0 to twice that, at random)."""
    http = requests.Session()
    tags: dict[str, str] = {}
    pause = random.Random(seed)
    k = 0
    while not stop.is_set():
        if think and k:
            stop.wait(pause.uniform(0, 2 * think))
            if stop.is_set():
                break
        page = READ[k % len(READ)]
        k += 1
        headers = {"If-None-Match": tags[page]} if revalidate and page in tags else {}
        t0 = time.perf_counter()
        try:
            r = http.get(base + page, timeout=60, headers=headers)
            ok = r.status_code == 200 or (r.status_code == 304 and bool(headers))
        except requests.RequestException as exc:
            ok, r = False, exc
        took = time.perf_counter() - t0
        with lock:
            if ok:
                out.setdefault(page, []).append(took)
                if r.status_code == 304:
                    out[f"{page} 304"] = out.get(f"{page} 304", 0) + 1
                if r.headers.get("ETag"):
                    tags[page] = r.headers["ETag"]
            else:
                out.setdefault("errors", []).append(f"{page}: {getattr(r, 'status_code', r)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commenters", type=int, default=200)
    ap.add_argument("--comments", type=int, default=10_000, help="in all")
    ap.add_argument("--threads", type=int, default=8, help="the server's")
    ap.add_argument("--readers", type=int, default=0, help="clients reading the public pages meanwhile")
    ap.add_argument("--revalidate", action="store_true",
                    help="readers send the last ETag of a page (If-None-Match), as a browser or a proxy does")
    ap.add_argument("--think", type=float, default=0.0,
                    help="seconds a reader spends on a page before the next, on average (default 0: at once)")
    args = ap.parse_args()
    work = HERE / "_work" / "web"
    work.mkdir(parents=True, exist_ok=True)
    project = prepare(work)
    port = free_port()
    log = open(work / "serve.log", "w", encoding="utf-8")   # a pipe nobody reads would block the server
    server = subprocess.Popen([sys.executable, "-m", "uprreport", "serve", str(project), "--port", str(port),
                               "--threads", str(args.threads), "--comment-rate", "1000000 per minute"],
                              stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        conn = sqlite3.connect(project / "rounds" / "register.sqlite")
        pids = [r[0] for r in conn.execute("SELECT pid FROM paragraphs WHERE number IS NOT NULL")]
        conn.close()
        out = {"sent": [], "errors": []}
        lock = threading.Lock()
        each, extra = divmod(args.comments, args.commenters)
        threads = [threading.Thread(target=commenter, args=(base, k, each + (k < extra), pids, out, lock))
                   for k in range(args.commenters)]
        reads: dict = {}
        stop = threading.Event()
        readers = [threading.Thread(target=reader, args=(base, stop, reads, lock, args.revalidate, args.think, k))
                   for k in range(args.readers)]
        cpu_before, load_before = server_cpu(server.pid), os.getloadavg()[0]
        started = time.perf_counter()
        for t in readers + threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        stop.set()
        for t in readers:
            t.join()
        cpu_after, load_after = server_cpu(server.pid), os.getloadavg()[0]
        # the same forms again (a double click, a resend): the same receipts, nothing added
        again = random.Random(1).sample(out["sent"], min(200, len(out["sent"])))
        http = requests.Session()
        resent_same = 0
        for text, token, location, _took, data in again:
            page = http.get(f"{base}/comment", timeout=60).text   # a session and CSRF token of its own
            csrf = dict(FIELD.findall(page))["csrf_token"]
            r = http.post(f"{base}/comment", data={**data, "csrf_token": csrf}, allow_redirects=False, timeout=60)
            resent_same += r.status_code == 303 and r.headers["Location"] == location
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    conn = sqlite3.connect(project / "rounds" / "register.sqlite")
    rows = conn.execute("SELECT c.id, c.comment, w.token FROM comments c JOIN web_submissions w ON w.comment = c.id"
                        ).fetchall()
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    total = conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0]
    conn.close()
    by_text = {}
    for cid, text, token in rows:
        by_text.setdefault(text, []).append((cid, token))
    sent = out["sent"]
    lost = [t for t, *_ in sent if t not in by_text]
    duplicated = [t for t, v in by_text.items() if len(v) > 1]
    # each sender's receipt is its own comment's page (/receipt/<number>?t=<secret>)
    wrong_receipt = [t for t, token, loc, *_ in sent if t in by_text
                     and f"/receipt/{by_text[t][0][0]}?t=" not in loc]
    latencies = sorted(took for _t, _tok, _loc, took, _d in sent) or [float("nan")]

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    report = [
        "## Web consultation under load", "",
        f"Generated by `python benchmarks/web_load.py{' ' if sys.argv[1:] else ''}{' '.join(sys.argv[1:])}` on "
        f"{time.strftime('%Y-%m-%d')}: "
        f"{args.commenters} commenters at once on 127.0.0.1, each opening the comment form and sending it, "
        f"{args.comments:,} comments in all; `uprreport serve` with {args.threads} threads in its own process "
        "(the client and the server share the machine's cores).", "",
        f"- accepted: {len(sent):,} of {args.comments:,}; refused or failed: {len(out['errors'])}",
        f"- in the register afterwards: {total:,} comments; lost: {len(lost)}; duplicated: {len(duplicated)}; "
        f"receipt not matching its comment: {len(wrong_receipt)}; SQLite integrity check: {integrity}",
        f"- {len(again)} forms sent a second time: {resent_same} got their first receipt back, "
        f"{total - len(sent)} comments added by them",
        f"- wall time {wall:.1f} s, {len(sent) / wall:.0f} comments/s (the machine's load average {load_before:.1f} "
        f"at the start, {load_after:.1f} at the end, on {os.cpu_count()} cores)",
        f"- latency of a send (POST to redirect), ms: p50 {pct(50):.0f}, p90 {pct(90):.0f}, p99 {pct(99):.0f}, "
        f"max {latencies[-1] * 1000:.0f}; mean {statistics.mean(latencies) * 1000:.0f}",
        "- each commenter sends again as soon as it has its answer (no time spent reading or writing), so "
        f"{args.commenters} requests are always waiting: the latency is mostly time in that queue", ""]
    served = 2 * len(sent) + sum(len(v) for k, v in reads.items() if k in READ)
    if cpu_before is not None and cpu_after is not None and served:
        used = cpu_after - cpu_before
        report.insert(-2, f"- the server's processor time meanwhile: {used:.1f} s for {served:,} requests "
                          f"({used / served * 1000:.1f} ms a request), {len(sent) / used:.0f} comments "
                          "per processor second")
    if args.readers:
        pace = (f"each {args.think:g} s on a page on average (0 to {2 * args.think:g} s) before the next"
                if args.think else "each as soon as the last had come")
        report += [f"Meanwhile {args.readers} readers opened the public pages in turn, {pace} "
                   f"(errors: {len(reads.get('errors', []))})"
                   + (", sending the last ETag of each page (If-None-Match), as a browser or a proxy holding a "
                      "copy does" if args.revalidate else ", without a copy (no If-None-Match)") + "; latency in ms:",
                   ""]
        for page in READ:
            got = sorted(reads.get(page, [])) or [float("nan")]
            at = lambda p: got[min(len(got) - 1, int(p / 100 * len(got)))] * 1000   # noqa: E731
            same = f" ({reads.get(f'{page} 304', 0):,} answered 304)" if args.revalidate else ""
            report.append(f"- `{page}`: {len(reads.get(page, [])):,} reads{same}; p50 {at(50):.0f}, p90 {at(90):.0f}, "
                          f"p99 {at(99):.0f}, max {got[-1] * 1000:.0f}")
        report.append("")
    text = "\n".join(report)
    print(text)
    if out["errors"]:
        print("errors:", out["errors"][:10], file=sys.stderr)
    (HERE / "WEB.md").write_text(text + "\n", encoding="utf-8")
    results = HERE / "RESULTS.md"
    if results.exists():
        old = results.read_text(encoding="utf-8")
        start = old.find("## Web consultation under load")
        if start >= 0:
            end = old.find("\n## ", start + 5)
            old = old[:start] + (old[end + 1:] if end >= 0 else "")
        results.write_text(old.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    ok = not lost and not duplicated and not wrong_receipt and total == len(sent) and integrity == "ok" \
        and resent_same == len(again) and not reads.get("errors")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
