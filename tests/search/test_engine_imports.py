"""The search engine knows Whoosh, numpy and the standard library only, read from its
syntax trees.

``archive.search.engine`` is imported by the app side of ``archive.search`` (the page, the
index accessor, the documents built from the catalogue), never the other way round.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "archive" / "search" / "engine"
ALLOWED_THIRD_PARTY = {"whoosh", "numpy"}


def imported_modules(path: Path) -> list[tuple[str, int]]:
    """Every module an import statement of ``path`` names (function-level ones included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}:{node.lineno}: relative import"
            found.append((node.module or "", node.lineno))
    return found


def test_engine_imports_only_itself_whoosh_numpy_and_the_standard_library() -> None:
    bad = []
    for path in sorted(ENGINE.glob("*.py")):
        for module, line in imported_modules(path):
            top = module.split(".")[0]
            if module == "archive.search.engine" or module.startswith("archive.search.engine."):
                continue
            if top in ALLOWED_THIRD_PARTY or top in sys.stdlib_module_names or top == "__future__":
                continue
            bad.append(f"{path.name}:{line} imports {module}")
    assert bad == []
    assert len(list(ENGINE.glob("*.py"))) > 20
