"""No import cycles inside ``negotiation/`` or ``components/``.

The import graph is built from the source with :mod:`ast` (every ``import`` and
``from ... import``, at module level or inside a function), so a late import that
merely hides a cycle from Python counts as an edge too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("negotiation", "components")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The known modules that the module ``name`` imports."""
    out: set[str] = set()
    here = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports pkg.mod when it is a module
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            while target and target not in known:  # `import a.b.c` runs a, a.b and a.b.c
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def import_graph(package: str) -> dict[str, set[str]]:
    files = sorted((ROOT / package).rglob("*.py"))
    known = {module_name(f) for f in files}
    graph: dict[str, set[str]] = {}
    for f in files:
        name = module_name(f)
        tree = ast.parse(f.read_text(encoding="utf-8"), filename=str(f))
        graph[name] = imported(tree, name, f.name == "__init__.py", known)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path ``[a, b, ..., a]``, or None (iterative depth-first search)."""
    edges = graph
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(edges[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(edges.get(nxt, ()))))
    return None


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycles(package: str) -> None:
    cycle = find_cycle(import_graph(package))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_graph_sees_imports() -> None:
    graph = import_graph("components")
    assert "components.common" in graph["components.sidebar"]
    assert "components.sidebar" not in graph["components.common"]
    assert "negotiation.load.nodes" in import_graph("negotiation")["negotiation.load.yaml_read"]


def test_find_cycle_reports_a_cycle_and_a_late_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg.b import x\n")
    (pkg / "b.py").write_text("def f():\n    from pkg import c\n")
    (pkg / "c.py").write_text("from . import a\n")
    files = sorted(pkg.rglob("*.py"))
    known = {".".join(f.relative_to(tmp_path).with_suffix("").parts) for f in files}
    known = {k.removesuffix(".__init__") for k in known}
    graph = {}
    for f in files:
        name = ".".join(f.relative_to(tmp_path).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = imported(ast.parse(f.read_text()), name, f.name == "__init__.py", known)
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]
    (pkg / "c.py").write_text("import os\n")
    graph["pkg.c"] = imported(ast.parse("import os\n"), "pkg.c", False, known)
    assert find_cycle(graph) is None
