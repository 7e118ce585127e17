"""The package layout keeps its promises: no import cycles, and each stage imports only
the stages before it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "uprreport"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PKG.rglob("*.py")}


def _imports(name: str, path: Path) -> set[str]:
    """Every uprreport module ``path`` imports, at top level or inside a function."""
    out = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        out.update(t for t in targets if t in MODULES and t != name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_read_from_the_sources():
    assert "uprreport.pipeline" in GRAPH and "uprreport.transforms.assemble" in GRAPH["uprreport.pipeline"]
    assert "uprreport.rounds.review_copy" in GRAPH["uprreport.api"]   # lazy imports count too


def test_no_import_cycles():
    assert _cycles() == []


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else parts[-1]


# What each stage may import (besides itself and the leaf modules every stage uses).
LEAVES = {"diagnostics", "errors", "fsutil", "resources", "libreoffice", "i18n"}
ALLOWED = {
    "model": set(),
    "ooxml": set(),
    "readers": {"model", "ooxml"},
    "transforms": {"model"},
    "writers": {"model", "ooxml"},
}


def test_each_stage_imports_only_what_comes_before_it():
    wrong = []
    for module, targets in GRAPH.items():
        stage = _stage(module)
        if stage not in ALLOWED:
            continue
        for t in targets:
            other = _stage(t)
            if other != stage and other not in LEAVES and other not in ALLOWED[stage]:
                wrong.append(f"{module} imports {t}")
    assert wrong == []
