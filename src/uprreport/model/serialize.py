"""The document tree as JSON and back, so that a frozen draft can be shown again later
exactly as it was (the public consultation page of a round reads it).

Every node is written as an object with its class name in ``"node"`` and its fields; bytes
(pictures) as base64. Only the classes of ``model.nodes`` are read back: a file naming any
other class is refused, so a tampered file cannot make the reader build arbitrary objects.
"""

from __future__ import annotations

import base64
import dataclasses

from uprreport.model import nodes

FORMAT = "uprreport-document/1"
CLASSES = {cls.__name__: cls for cls in (nodes.Run, nodes.NoteRef, nodes.Image, nodes.Chart, nodes.Para,
                                         nodes.ListBlock, nodes.Cell, nodes.Table, nodes.Rows, nodes.Heading, nodes.Section,
                                         nodes.DocumentMeta, nodes.Document)}


def _dump(value):
    if dataclasses.is_dataclass(value):
        out = {"node": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _dump(getattr(value, f.name))
        return out
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)   # dates and the like in the cover fields: as the writer would print them


def _load(value):
    if isinstance(value, list):
        return [_load(v) for v in value]
    if isinstance(value, dict):
        if "node" in value:
            cls = CLASSES.get(value["node"])
            if cls is None:
                raise ValueError(f"unknown node {value['node']!r}")
            names = {f.name for f in dataclasses.fields(cls)}
            return cls(**{k: _load(v) for k, v in value.items() if k in names})
        if set(value) == {"bytes"}:
            return base64.b64decode(value["bytes"])
        return {k: _load(v) for k, v in value.items()}
    return value


def dump(doc: nodes.Document) -> dict:
    return {"format": FORMAT, "document": _dump(doc)}


def load(data: dict) -> nodes.Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} file")
    doc = _load(data["document"])
    if not isinstance(doc, nodes.Document):
        raise ValueError("the file holds no document")
    return doc
