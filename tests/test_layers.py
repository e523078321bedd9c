"""The import rules of ARCHITECTURE.md, read from every module's syntax tree (module-level and
function-level imports alike, type-only imports included):

- ``media_jobs`` is an ffmpeg library: nothing of the app, its database, web stack or queue;
- the subpackages of ``archive`` form no import cycle (``create_app`` ↔ ``cli`` excepted);
- Whoosh's private API is reached from one module only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Top-level packages ``media_jobs`` may never import.
FORBIDDEN_IN_MEDIA_JOBS = {
    "archive", "config", "flask", "flask_babel", "flask_login", "flask_sqlalchemy", "flask_wtf",
    "werkzeug", "jinja2", "sqlalchemy", "alembic", "huey", "redis", "psycopg", "boto3",
    "botocore", "whoosh",
}  # fmt: skip
#: Whoosh modules that are implementation, not API.
WHOOSH_PRIVATE_MODULES = ("whoosh.codec", "whoosh.filedb", "whoosh.util", "whoosh.support",
                          "whoosh.system", "whoosh.matching.mcore")  # fmt: skip
WHOOSH_INTERNALS = "archive.search.engine.whoosh_internals"
#: The one edge allowed against the grain: the app factory registers the CLI, the CLI builds the app.
ALLOWED_EDGES = {("archive.cli", "archive")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: str) -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / package).rglob("*.py"))}


def imports(name: str, path: Path) -> Iterator[tuple[str, list[str], int]]:
    """(imported module, imported names, line) for every import statement in the module."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            yield module, [alias.name for alias in node.names], node.lineno


ALL_MODULES = {**modules("archive"), **modules("media_jobs")}


def targets(module: str, names: list[str]) -> set[str]:
    """The project modules an import statement loads (``from a import b`` may name module a.b)."""
    found = {f"{module}.{n}" for n in names if f"{module}.{n}" in ALL_MODULES}
    if len(found) < len(names) or not names:
        while module and module not in ALL_MODULES:
            module = module.rpartition(".")[0]
        if module:
            found.add(module)
    return found


def subpackage(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def test_media_jobs_imports_nothing_of_the_app() -> None:
    """``import media_jobs`` reads like ``import ffmpeg``: nothing of the app comes with it."""
    bad = [
        f"{name}:{line} imports {module}"
        for name, path in modules("media_jobs").items()
        for module, _names, line in imports(name, path)
        if module.split(".")[0] in FORBIDDEN_IN_MEDIA_JOBS
    ]
    assert bad == []


def import_graph() -> dict[str, dict[str, list[str]]]:
    """Edges between the first-level subpackages (and modules) of ``archive``, with witnesses."""
    graph: dict[str, dict[str, list[str]]] = {}
    for name, path in modules("archive").items():
        source = subpackage(name)
        for module, names, line in imports(name, path):
            if not module.startswith("archive"):
                continue
            for target in targets(module, names):
                sink = subpackage(target)
                if sink != source and (source, sink) not in ALLOWED_EDGES:
                    graph.setdefault(source, {}).setdefault(sink, []).append(f"{name}:{line}")
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_archive_subpackages_form_no_cycle() -> None:
    """Each area of the app depends on lower ones only, so each can be read and changed alone."""
    graph = import_graph()
    report = [
        f"{a} -> {b} ({', '.join(graph[a][b][:3])})"
        for component in cycles(graph)
        for a in component
        for b in graph.get(a, {})
        if b in component
    ]
    assert report == []


def test_the_cycle_check_finds_a_cycle() -> None:
    """The checker itself: a two-node loop is reported, a chain is not."""
    assert cycles({"a": {"b": []}, "b": {"a": []}}) == [["a", "b"]]
    assert cycles({"a": {"b": []}, "b": {"c": []}}) == []


def test_whoosh_private_api_in_one_module() -> None:
    """Only the internals module, which documents each name it relies on, reaches past the API."""
    bad = []
    for name, path in ALL_MODULES.items():
        if name == WHOOSH_INTERNALS:
            continue
        for module, names, line in imports(name, path):
            if not module.startswith("whoosh"):
                continue
            private = [n for n in names if n.startswith("_")]
            if module.startswith(WHOOSH_PRIVATE_MODULES) or private:
                bad.append(f"{name}:{line} imports {module} {private or ''}")
    assert bad == []
    assert WHOOSH_INTERNALS in ALL_MODULES
