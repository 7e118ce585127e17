"""Read Markdown narrative fragments: YAML front matter plus pandoc-parsed text.

All fragments of a build go through one pandoc call (each wrapped in its own fenced
div, footnote labels made unique per fragment), since pandoc start-up dominates. What pandoc
made of each body is kept, keyed by the body's content: in memory for a process that
builds again (``build --watch``, ``serve``), and on disk between runs (pandoc_cache.py).
Only changed bodies go to pandoc again, and pandoc does not start when none changed.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.readers import schema, yamlpos
from uprreport.readers.pandoc_ast import TOO_DEEP, Mapper, TooDeep
from uprreport.model.contribution import FragmentMeta

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
_NOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")
PANDOC_FORMAT = "markdown-auto_identifiers-implicit_figures-raw_html-raw_attribute-citations-yaml_metadata_block"
CACHE_SIZE = 4096     # bodies whose pandoc output is kept (a 10,000-recommendation project has ~2,000)
_cache: OrderedDict[str, list] = OrderedDict()   # sha256 of a body -> pandoc's blocks for it
_cache_lock = threading.Lock()


@dataclass
class SplitFragment:
    meta: FragmentMeta | None
    body: str
    body_line: int            # line of the file where the body starts
    meta_location: Location


def split(text: str, shown: str) -> tuple[SplitFragment, list[Diagnostic]]:
    """Separate front matter from body and validate the front matter."""
    m = _FRONT.match(text)
    if not m:
        return SplitFragment(None, text, 1, Location(shown, line=1)), [make(
            "front-matter", Location(shown, line=1),
            "no front matter; start the file with a block like\n---\nsection: D\ntheme: health\n"
            "recommendations: [140.1, 140.2]\n---")]
    front = m.group(1)
    body_line = text[: m.end()].count("\n") + 1
    try:
        pos = yamlpos.load(front)
    except yamlpos.YamlSyntaxError as exc:
        line = (exc.line or 0) + 1
        return SplitFragment(None, text[m.end():], body_line, Location(shown, line=line)), [
            make("front-matter", Location(shown, line=line, col=exc.col),
                 f"front matter is not valid YAML: {exc}")]
    if not isinstance(pos.data, dict):
        return SplitFragment(None, text[m.end():], body_line, Location(shown, line=2)), [
            make("front-matter", Location(shown, line=2), "front matter must be 'key: value' lines")]
    meta, diags = schema.validate(FragmentMeta, pos.data, Location(shown),
                                  line_of=lambda loc: (pos.line_of(loc) or 0) + 1)
    return SplitFragment(meta, text[m.end():], body_line, Location(shown, line=2)), diags


# Text pandoc's Markdown reader takes very long over (its time grows exponentially with the
# depth of nested brackets, jgm/pandoc#1735 and #4217, and steeply with the indentation of
# nested lists): refused before pandoc sees it, with the line (docs/fuzzing.md has the timings).
MAX_BRACKETS = 8      # [[[…]]] nested deeper: 50 such groups of 10 take pandoc 6 s, of 16 one takes 25 s
MAX_INDENT = 256      # columns of indentation: a list nested 500 levels by two spaces takes 4 s, 1,000 take 28 s


def check_body(body: str) -> tuple[int, str] | None:
    """(line of ``body``, what to do) when the body holds text pandoc would take minutes (or
    all its memory) to read; None for any text people write."""
    depth, stack = 0, 0
    for number, line in enumerate(body.splitlines(), 1):
        if not line.strip():
            stack = 0   # brackets pair up within a paragraph
            continue
        if line[0] in " \t":
            indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
            if indent > MAX_INDENT:
                return number, (f"this line is indented {indent} columns (lists nested hundreds of levels deep, "
                                "or text pasted with its spacing): too deep to be read; remove the indentation")
        if not stack and "[" not in line:
            continue
        escaped = False
        for ch in line:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == "[":
                stack += 1
            elif ch == "]" and stack:   # a pair closed at this depth (brackets left open cost nothing)
                depth = max(depth, stack)
                stack -= 1
        if depth > MAX_BRACKETS:
            return number, (f"square brackets are nested more than {MAX_BRACKETS} deep here ([[[…]]]), which "
                            "pandoc takes minutes to read; write fewer brackets inside one another, or put a "
                            "backslash before those that are plain text (\\[)")
    return None


def to_blocks(bodies: list[str], roots: list[Path]) -> list[tuple[list, Mapper]]:
    """Parse many Markdown bodies with one pandoc run; return (blocks, mapper) for each.

    ``roots`` are the folders the bodies' relative image paths are resolved against. A body
    that cannot be read (pandoc runs out of memory on it, or it nests too deeply) has no
    blocks and its mapper's ``failure`` says why; the others are read as usual. pandoc
    missing is ToolMissing.
    """
    if not bodies:
        return []
    from uprreport.readers import pandoc_cache
    from uprreport.readers.pandoc import program

    extra_args = ["--sandbox", "+RTS", "-M1024m", "-RTS"]
    keys = [pandoc_cache.key(program(), PANDOC_FORMAT + " " + " ".join(extra_args), body) for body in bodies]
    with _cache_lock:
        known = {k: _cache[k] for k in keys if k in _cache}
    missing = [k for k in dict.fromkeys(keys) if k not in known]
    if missing:
        stored = pandoc_cache.get(missing)
        known.update(stored)
        with _cache_lock:
            _cache.update(stored)
    first: dict[str, int] = {}   # a body written twice is read once
    for n, k in enumerate(keys):
        if k not in known:
            first.setdefault(k, n)
    todo = list(first.values())
    failed: dict[str, tuple[str, str]] = {}
    if todo:
        parsed = _pandoc(bodies, todo, extra_args, failed, keys)
        known.update(parsed)
        with _cache_lock:
            for key, blocks in parsed.items():
                _cache[key] = blocks
                _cache.move_to_end(key)
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        pandoc_cache.put(parsed)
    out = []
    for key, root in zip(keys, roots):
        mapper = Mapper(media_root=root)
        if key in failed:
            mapper.failure = failed[key]
            out.append(([], mapper))
            continue
        try:
            out.append((mapper.blocks(known.get(key, [])), mapper))
        except (TooDeep, RecursionError):
            mapper = Mapper(media_root=root)
            mapper.failure = ("fragment-nesting", TOO_DEEP)
            out.append(([], mapper))
    return out


def _pandoc(bodies: list[str], todo: list[int], extra_args: list[str], failed: dict, keys: list[str]) -> dict:
    """pandoc's blocks for the bodies ``todo`` (indexes), by key, from one run; when that run
    fails, the bodies are halved until the ones pandoc cannot read are found, each put in
    ``failed`` with the reason (a few more runs, and only when something failed)."""
    from uprreport.readers import pandoc

    parts = []
    for n in todo:
        body = _NOTE_LABEL.sub(lambda m, n=n: f"[^u{n}x{m.group(1)}]", bodies[n])
        parts.append(f"::::::::: {{#uprfrag{n}}}\n\n{body}\n\n:::::::::\n")
    try:
        ast = json.loads(pandoc.convert_text("\n".join(parts), PANDOC_FORMAT, extra_args))
    except (pandoc.Failed, RecursionError) as exc:
        if len(todo) > 1:
            half = len(todo) // 2
            return _pandoc(bodies, todo[:half], extra_args, failed, keys) | \
                _pandoc(bodies, todo[half:], extra_args, failed, keys)
        if isinstance(exc, RecursionError):
            failed[keys[todo[0]]] = ("fragment-nesting", TOO_DEEP)
        else:
            failed[keys[todo[0]]] = ("file-unreadable", f"{exc}, reading this text; look for very long runs of "
                                     "brackets, lists or quotes inside one another, or split the file")
        return {}
    found = {}
    for blk in ast["blocks"]:
        if blk["t"] == "Div" and blk["c"][0][0].startswith("uprfrag"):
            found[keys[int(blk["c"][0][0][7:])]] = blk["c"][1]
    return {keys[n]: found.get(keys[n], []) for n in todo}
