"""Read a YAML file into a pydantic model, with every problem located by line."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.readers import jsonfile, package, schema, yamlpos

M = TypeVar("M", bound=BaseModel)


def read_positioned(path: Path, shown: str) -> tuple[yamlpos.Positioned | None, list[Diagnostic]]:
    """The data of a YAML file (or a JSON one, by its ending: read as strict JSON) with the
    line of every key, or None and a located problem."""
    if not package.is_file(path):
        return None, [make("file-missing", Location(shown), f"{path.name} is missing; create it "
                           "(`uprreport init` writes a commented example)")]
    if path.suffix.lower() == ".json":
        return jsonfile.read(path, shown)
    try:
        if path.stat().st_size > jsonfile.MAX_TEXT:
            return None, [make("file-refused", Location(shown), f"this file is larger than "
                               f"{jsonfile.MAX_TEXT // (1024 * 1024)} MB; refused")]
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [make("file-unreadable", Location(shown),
                           f"not UTF-8 text (byte {exc.start}); save it as UTF-8")]
    except OSError as exc:
        return None, [make("file-unreadable", Location(shown), f"cannot read the file: {exc.strerror or exc}")]
    try:
        return yamlpos.load(text), []
    except yamlpos.YamlSyntaxError as exc:
        return None, [make("yaml-syntax", Location(shown, line=exc.line, col=exc.col),
                           f"not valid YAML: {exc}. Check indentation and that text containing "
                           "':' is in quotes")]


def read_model(model: type[M], path: Path, shown: str) -> tuple[M | None, yamlpos.Positioned | None, list[Diagnostic]]:
    pos, diags = read_positioned(path, shown)
    if pos is None:
        return None, None, diags
    if not isinstance(pos.data, dict):
        return None, pos, [make("yaml-syntax", Location(shown, line=1),
                                "expected 'key: value' lines at the top level")]
    obj, more = schema.validate(model, pos.data, Location(shown), line_of=pos.line_of)
    return obj, pos, more
