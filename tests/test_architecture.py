"""The architecture is a failing check, not a convention: the core/GUI boundary, no import
circle between our modules, no `except ImportError` around our own code."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("package", ["caption_studio.core", "caption_studio.cli"])
def test_core_and_cli_never_import_qt(package):
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- the import graph of our own modules ---------------------------------------------------

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "caption_studio"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Our modules that `name` imports when it runs, at the top or inside a function (an
    import deferred into a function is still a dependency); not those under TYPE_CHECKING."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    targets: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                targets.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[:len(anchor) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in child.names:
                    # `from pkg import mod` imports the module pkg.mod; `from mod import x`
                    # imports mod.
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules
                                else base)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {t for t in targets if t in modules and t != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_the_cycle_finder_finds_a_circle_through_a_deferred_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _imports("caption_studio.core.media.importer",
                    _modules()["caption_studio.core.media.importer"], _modules()) >= {
        "caption_studio.core.media.import_writer", "caption_studio.core.project.file"}
    # a deferred import (inside a function) counts: the worker's initializer loads metadata
    assert "caption_studio.core.media.metadata" in _graph()["caption_studio.core.media.importer"]


def test_no_import_circle_between_our_modules():
    assert _cycles(_graph()) == []


def _guarded_imports_of_ours(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        caught = {getattr(h.type, "id", None) for h in node.handlers} | {
            getattr(e, "id", None) for h in node.handlers if isinstance(h.type, ast.Tuple)
            for e in h.type.elts}
        if not caught & {"ImportError", "ModuleNotFoundError"}:
            continue
        for inner in ast.walk(ast.Module(body=node.body, type_ignores=[])):
            module = getattr(inner, "module", None) if isinstance(inner, ast.ImportFrom) else \
                next((a.name for a in inner.names), None) if isinstance(inner, ast.Import) \
                else None
            if (module or "").startswith(PACKAGE) or getattr(inner, "level", 0):
                lines.append(inner.lineno)
    return lines


def test_no_except_import_error_around_our_own_modules():
    found = [f"{path.relative_to(SRC)}:{line}" for path in _modules().values()
             for line in _guarded_imports_of_ours(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []
