"""YAML loading that remembers the line of every key, so diagnostics can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None, col: int | None):
        super().__init__(message)
        self.line, self.col = line, col


@dataclass
class Positioned:
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)   # path -> 1-based line

    def line_of(self, loc) -> int | None:
        """Return the line of the deepest known prefix of ``loc`` (a pydantic loc tuple)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


_constructor = yaml.SafeLoader.yaml_constructors
_LOADER = yaml.SafeLoader("")   # only its scalar constructors are used, which keep no state


MAX_NODES = 200_000   # a YAML "billion laughs" (aliases of aliases) expands past this
MAX_DEPTH = 100       # lists in lists in lists …: no file of a project nests a tenth as deep

# libyaml's parser when PyYAML was built with it (the wheels are), about ten times faster
# than the pure-Python one; both give the same nodes and marks (docs/toolchain.md).
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Scalars built into values; every other tag (!!binary, !!set or !!map written on a scalar,
# a tag of one's own) keeps the text as written.
_SCALARS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:timestamp")


def _scalar(node):
    """A scalar's value. Numbers like 140.10 would become the float 140.1 and lose their
    meaning (recommendation ids), so floats are kept as the text that was written; so is a
    value that looks like a date, a number or a boolean but is none (2027-02-30, ``!!int
    abc``): the field's own check then says what it expects, at its line."""
    if node.tag not in _SCALARS:
        return node.value
    try:
        return _constructor[node.tag](_LOADER, node)
    except (ValueError, KeyError, TypeError, OverflowError, AttributeError, yaml.YAMLError):
        return node.value   # (AttributeError: PyYAML's !!timestamp on text that is no date)


def _convert(node, path, lines, budget, depth=0):
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlSyntaxError("the file expands to too many values (aliases repeated inside aliases); "
                              "refused", None, None)
    if depth > MAX_DEPTH:
        raise YamlSyntaxError(f"values are nested more than {MAX_DEPTH} levels deep here (lists or 'key: value' "
                              "blocks inside one another); no setting needs that many: check the brackets and "
                              "the indentation", node.start_mark.line + 1, node.start_mark.column + 1)
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, path + (key,), lines, budget, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, budget, depth + 1) for i, item in enumerate(node.value)]
    return _scalar(node)


def load(text: str) -> Positioned:
    """Parse ``text``; raise YamlSyntaxError with the parser's line and column."""
    if len(text) > 20 * 1024 * 1024:
        raise YamlSyntaxError("the file is larger than 20 MB; refused", None, None)
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{problem} ({exc.context})"
        lines = text.splitlines()
        if line and line <= len(lines) and "\t" in lines[line - 1][:len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
            problem = ("this line is indented with a tab, and YAML indents with spaces only: replace the tab "
                       f"with spaces ({problem})")
        raise YamlSyntaxError(problem, line, col) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise YamlSyntaxError(str(exc) if not isinstance(exc, RecursionError) else "nested too deeply",
                              None, None) from None
    if node is None:
        return Positioned(None)
    lines: dict[tuple, int] = {}
    return Positioned(_convert(node, (), lines, [MAX_NODES]), lines)
