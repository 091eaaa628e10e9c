"""The import layering (issue 12), read from the source with `ast`:

- the pure packages (PURE: charts, data_access, metrics, briefing, loading, config) import neither
  Streamlit (nor the Streamlit component packages) nor `ui`, directly or through any module of
  another top-level package they import (the whole chain is followed, imports inside functions
  included: a lazy import still runs);
- the top-level packages and modules found on disk form no cycle (a package added later is
  covered without editing this file; the PURE rule applies to it once it is named there);
- bench imports nothing from tests (helpers both need live in testkit/).

Imports that never run on import are skipped: those under `if TYPE_CHECKING:` and those inside a
module-level `__getattr__` (PEP 562 lazy re-exports, as auth/__init__.py does: they run only when
the importer asks for that name, and the importer's own import of it is followed).
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE = ("charts", "data_access", "metrics", "briefing", "loading", "config")
STREAMLIT = ("streamlit", "streamlit_authenticator", "extra_streamlit_components")
FORBIDDEN_LOCAL = ("ui",)
SKIP_DIRS = {".venv", ".git", "node_modules", "__pycache__", ".ruff_cache"}


def _tops(root: Path) -> dict[str, Path]:
    """Top-level packages (a folder with __init__.py) and modules (a .py file) of the project."""
    found = {p.name: p for p in root.iterdir() if p.is_dir() and p.name not in SKIP_DIRS and (p / "__init__.py").exists()}
    found.update({p.stem: p for p in root.glob("*.py")})
    return found


def _modules(root: Path) -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for name, path in _tops(root).items():
        if path.is_file():
            modules[name] = path
            continue
        for file in path.rglob("*.py"):
            if SKIP_DIRS & set(file.relative_to(root).parts):
                continue
            parts = list(file.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = file
    return modules


def _executed_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    def visit(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                yield from (n for body in child.orelse for n in visit_one(body))
                continue
            if node is tree and isinstance(child, ast.FunctionDef) and child.name == "__getattr__":
                continue
            yield from visit_one(child)

    def visit_one(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        yield from visit(node)

    yield from visit(tree)


def _imports(module: str, path: Path) -> set[str]:
    """Dotted names `module` imports (relative imports resolved; `from a import b` gives a and a.b)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in _executed_imports(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        if base in ("", "__future__"):
            continue
        names.add(base)
        names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _resolve(name: str, modules: dict[str, Path]) -> list[str]:
    """The project modules that importing `name` runs (its packages' __init__ too), or [] if external."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1) if ".".join(parts[:i]) in modules]


def import_graph(root: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(project module -> project modules it runs, project module -> external top-level names)."""
    modules = _modules(root)
    local: dict[str, set[str]] = {}
    external: dict[str, set[str]] = {}
    for module, path in modules.items():
        parents = [".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)]
        local[module] = {m for m in parents if m in modules}
        external[module] = set()
        for name in _imports(module, path):
            resolved = _resolve(name, modules)
            if resolved:
                local[module].update(resolved)
            elif name.split(".")[0] not in modules:
                external[module].add(name.split(".")[0])
        local[module].discard(module)
    return local, external


def layering_violations(root: Path) -> list[str]:
    local, external = import_graph(root)
    found = []
    for start in sorted(m for m in local if m.split(".")[0] in PURE):
        chain = {start: [start]}
        todo = [start]
        while todo:
            module = todo.pop()
            bad_ext = sorted(external[module] & set(STREAMLIT))
            bad_local = module.split(".")[0] in FORBIDDEN_LOCAL
            if bad_ext or bad_local:
                found.append(" -> ".join(chain[module] + bad_ext))
                break
            for nxt in sorted(local[module]):
                if nxt not in chain:
                    chain[nxt] = [*chain[module], nxt]
                    todo.append(nxt)
    return found


def package_cycles(root: Path) -> list[list[str]]:
    """Cycles among top-level packages/modules (strongly connected components of size > 1)."""
    local, _ = import_graph(root)
    edges: dict[str, set[str]] = {}
    for module, targets in local.items():
        edges.setdefault(module.split(".")[0], set()).update(
            t.split(".")[0] for t in targets if t.split(".")[0] != module.split(".")[0])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def strongconnect(node: str) -> None:  # Tarjan
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                strongconnect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            strongconnect(node)
    return cycles


def test_pure_packages_import_neither_streamlit_nor_ui():
    assert layering_violations(ROOT) == []


def test_top_level_packages_form_no_cycle():
    assert package_cycles(ROOT) == []


def test_bench_imports_nothing_from_tests():
    local, _ = import_graph(ROOT)
    assert sorted((m, t) for m, targets in local.items() if m.split(".")[0] == "bench"
                  for t in targets if t.split(".")[0] == "tests") == []


def test_every_pure_package_present_is_walked():
    """The rule is not vacuous: the named packages on disk are found and their imports read."""
    local, external = import_graph(ROOT)
    present = {m.split(".")[0] for m in local} & set(PURE)
    assert {"charts", "data_access", "briefing", "loading", "config"} <= present
    assert {"data_access", "data_access.models", "data_access.scope"} <= local["data_access.budget"]
    assert "sqlalchemy" in external["data_access.db"]


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_walk_finds_an_indirect_streamlit_import_and_a_cycle(tmp_path):
    root = _tree(tmp_path, {
        "charts/__init__.py": "",
        "charts/bar.py": "def draw():\n    from helpers.widgets import box\n",
        "helpers/__init__.py": "",
        "helpers/widgets.py": "from . import util\nimport streamlit as st\n",
        "helpers/util.py": "import ui\n",
        "ui/__init__.py": "import charts.bar\n",
        "config/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import streamlit\n",
        "loading/__init__.py": "def __getattr__(name):\n    from ui import x\n",
    })
    assert layering_violations(root) == ["charts.bar -> helpers.widgets -> streamlit"]
    assert package_cycles(root) == [["charts", "helpers", "ui"]]
