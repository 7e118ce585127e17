"""The package layout keeps its promises: no import cycles, each stage of the compiler
imports only the stages before it, and the layers above it (the workflows around the
compiler, the service layer, the front ends) call downwards only, the front ends through
the service layer (docs/architecture.md, "Rules the code keeps")."""

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
LEAVES = {"diagnostics", "errors", "fsutil", "resources", "libreoffice", "i18n", "crashes", "uprreport"}
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


# The layers above the compiler, from the bottom up. A module may import its own layer's
# modules, the leaves, and the layers below its own, with the exceptions listed.
COMPILER = {"model", "ooxml", "readers", "transforms", "writers", "pipeline", "office", "office_worker"}
WORKFLOWS = {"database", "mailing", "rounds", "collection", "importing", "exporting", "starting", "translating", "watching", "schemas",
             "linking"}
SERVICE = {"api"}
FRONT_ENDS = {"cli", "web", "entry", "__main__"}
# What a front end may import besides the service layer and the leaves: the command line
# starts the web server (web.app, web.site) and entry starts LibreOffice before the rest.
FRONT_END_EXTRA = {"cli": {"uprreport.web.app", "uprreport.web.site"},
                   "entry": {"uprreport.cli", "uprreport.office"},
                   "__main__": {"uprreport.entry"}}


def _layer(stage: str) -> str | None:
    for name, members in (("compiler", COMPILER), ("workflows", WORKFLOWS), ("service", SERVICE),
                          ("front ends", FRONT_ENDS)):
        if stage in members:
            return name
    return None


ORDER = ["compiler", "workflows", "service", "front ends"]


def test_every_module_belongs_to_a_layer():
    lost = sorted(m for m in GRAPH if _stage(m) not in LEAVES and _layer(_stage(m)) is None)
    assert lost == [], "add these to a layer above (and to docs/architecture.md)"


def test_layers_call_downwards_only():
    wrong = []
    for module, targets in GRAPH.items():
        own = _layer(_stage(module))
        for t in targets:
            other = _layer(_stage(t))
            if own is None or other is None or _stage(t) in LEAVES:
                continue
            if ORDER.index(other) > ORDER.index(own):
                wrong.append(f"{module} ({own}) imports {t} ({other})")
    assert wrong == []


def test_front_ends_go_through_the_service_layer():
    wrong = []
    for module, targets in GRAPH.items():
        stage = _stage(module)
        if stage not in FRONT_ENDS:
            continue
        for t in targets:
            other = _stage(t)
            if other == stage or other in LEAVES or other in SERVICE or t in FRONT_END_EXTRA.get(stage, set()):
                continue
            wrong.append(f"{module} imports {t}")
    assert wrong == []


def test_nothing_but_the_front_ends_imports_the_service_layer():
    wrong = [f"{m} imports {t}" for m, ts in GRAPH.items() for t in ts
             if _stage(t) in SERVICE and _stage(m) not in FRONT_ENDS | SERVICE]
    assert wrong == []


def test_one_error_boundary_in_the_command_line():
    """Commands raise; only cli/boundary.py catches what they raise (no try/except UprError
    per command). Turning a bad option value into click's message is the option type's job."""
    handlers = []
    for name, path in MODULES.items():
        if not name.startswith("uprreport.cli.") or name == "uprreport.cli.boundary":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and (node.type is None or any(
                    isinstance(n, ast.Name) and n.id in {"UprError", "UsageError", "Exception", "BaseException"}
                    for n in ast.walk(node.type))):
                handlers.append(f"{name}:{node.lineno}")
    assert handlers == []
