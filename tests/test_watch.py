"""`build --watch`: what counts as a change, and rebuilding on save (DOCX only: fast)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from uprreport.watching import is_input


def test_outputs_lock_files_and_history_are_not_inputs(tmp_path):
    root, out = tmp_path, tmp_path / "build"
    assert is_input(root / "contributions" / "justice" / "framework.md", root, out)
    assert is_input(root / "report.yaml", root, out)
    for name in ("build/report.docx", "build/.staging-x/report.pdf", "rounds/register.sqlite",
                 "contributions/justice/~$amework.docx", "contributions/justice/.~lock.framework.docx#",
                 "contributions/justice/.history/framework.md", "contributions/justice/framework.md~"):
        assert not is_input(root / name, root, out), name
    assert not is_input(tmp_path.parent / "elsewhere.md", root, out)


def _wait(events: list, n: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(events) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(events) >= n, f"only {len(events)} builds in {timeout} s"


def test_saving_a_fragment_rebuilds_and_a_broken_save_keeps_the_last_report(sample_copy):
    from uprreport import api
    from uprreport.watching import watch

    events, stop = [], threading.Event()
    thread = threading.Thread(target=watch, args=(sample_copy, lambda: api.build(sample_copy, pdf=False),
                                                   events.append), kwargs={"stop": stop}, daemon=True)
    thread.start()
    try:
        _wait(events, 1)
        assert events[0].error is None and events[0].changed == []
        docx = sample_copy / "build" / "arcadia-national-report-2025.docx"
        first = docx.read_bytes()
        fragment = sample_copy / "contributions" / "justice" / "framework.md"
        fragment.write_text(fragment.read_text(encoding="utf-8") + "\nA sentence added while watching.\n",
                            encoding="utf-8")
        _wait(events, 2)
        assert events[1].changed == ["contributions/justice/framework.md"] and events[1].error is None
        assert docx.read_bytes() != first
        good = docx.read_bytes()
        fragment.write_text("---\nsection: [unclosed\n---\nText.\n", encoding="utf-8")   # a broken save
        _wait(events, 3)
        assert events[2].error is not None and docx.read_bytes() == good
        (sample_copy / "build" / "notes.txt").write_text("the build folder is not watched", encoding="utf-8")
        time.sleep(1.0)
        assert len(events) == 3
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_pandoc_reads_only_the_bodies_that_changed(monkeypatch):
    """In memory (the watch's process) and on disk (the next run's): tested here in one process,
    with the memory emptied to show the disk's share."""
    from uprreport.readers import markdown
    from uprreport.readers.pandoc import pypandoc

    import uuid

    tag = uuid.uuid4().hex   # bodies no earlier run has seen, in memory or on disk
    bodies = [f"First body with a note {tag}.[^a]\n\n[^a]: The note.", f"Second body {tag}, *emphasis*."]
    first = markdown.to_blocks(bodies, [Path("."), Path(".")])
    calls = []
    real = pypandoc().convert_text
    monkeypatch.setattr(pypandoc(), "convert_text", lambda text, *a, **k: calls.append(text) or real(text, *a, **k))
    again = markdown.to_blocks(bodies, [Path("."), Path(".")])
    assert calls == [] and [b for b, _m in again] == [b for b, _m in first]
    markdown._cache.clear()   # a new process: only the disk remembers
    from_disk = markdown.to_blocks(bodies, [Path("."), Path(".")])
    assert calls == [] and [b for b, _m in from_disk] == [b for b, _m in first]
    changed = markdown.to_blocks([bodies[0], f"Second body {tag}, changed."], [Path("."), Path(".")])
    assert len(calls) == 1 and f"Second body {tag}, changed." in calls[0] and "First body" not in calls[0]
    assert changed[0][0] == first[0][0]


def test_a_damaged_or_unwritable_cache_only_costs_a_pandoc_run(tmp_path, monkeypatch):
    from uprreport.readers import markdown, pandoc_cache

    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "pandoc.sqlite").write_bytes(b"this is not a database")
    monkeypatch.setenv("UPRREPORT_CACHE", str(folder))
    markdown._cache.clear()
    ((blocks, _m),) = markdown.to_blocks(["A body read *despite* a damaged cache."], [Path(".")])
    assert blocks and pandoc_cache.get(["anything"]) == {}
    monkeypatch.setenv("UPRREPORT_CACHE", "off")
    markdown._cache.clear()
    assert markdown.to_blocks(["Without a cache."], [Path(".")])[0][0]


def test_a_word_fragment_read_before_is_not_read_by_pandoc_again(tmp_path, monkeypatch):
    import shutil

    from uprreport.readers import docx
    from uprreport.readers.pandoc import pypandoc

    source = next(Path(__file__).resolve().parents[1].glob("samples/national-arcadia/contributions/*/*.docx"))
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    first, _d = docx.read(copy, copy.name, {}, "accept")
    monkeypatch.setattr(pypandoc(), "convert_file", lambda *a, **k: (_ for _ in ()).throw(AssertionError("ran")))
    again, diags = docx.read(copy, copy.name, {}, "accept")
    assert again == first and first
