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
from uprreport.readers.pandoc_ast import Mapper
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


def to_blocks(bodies: list[str], roots: list[Path]) -> list[tuple[list, Mapper]]:
    """Parse many Markdown bodies with one pandoc run; return (blocks, mapper) for each.

    ``roots`` are the folders the bodies' relative image paths are resolved against.
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
    todo = [n for n, k in enumerate(keys) if k not in known]
    if todo:
        from uprreport.readers.pandoc import pypandoc as load_pypandoc

        pypandoc = load_pypandoc()   # lazy: imported only when pandoc must run
        parts = []
        for n in todo:
            body = _NOTE_LABEL.sub(lambda m, n=n: f"[^u{n}x{m.group(1)}]", bodies[n])
            parts.append(f"::::::::: {{#uprfrag{n}}}\n\n{body}\n\n:::::::::\n")
        ast = json.loads(pypandoc.convert_text("\n".join(parts), "json", format=PANDOC_FORMAT,
                                               extra_args=extra_args))
        for blk in ast["blocks"]:
            if blk["t"] == "Div" and blk["c"][0][0].startswith("uprfrag"):
                known[keys[int(blk["c"][0][0][7:])]] = blk["c"][1]
        with _cache_lock:
            for n in todo:
                _cache[keys[n]] = known.get(keys[n], [])
                _cache.move_to_end(keys[n])
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        pandoc_cache.put({keys[n]: known.get(keys[n], []) for n in todo})
    out = []
    for key, root in zip(keys, roots):
        mapper = Mapper(media_root=root)
        out.append((mapper.blocks(known.get(key, [])), mapper))
    return out
