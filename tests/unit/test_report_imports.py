"""reporting/ is one package with no import loop: formats import only the report (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "reporting"
FORMATS = sorted(PACKAGE.glob("format_*.py"))


def imported_modules(path: Path) -> set:
    """Every module a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def reporting_imports(path: Path) -> set:
    """The reporting modules a file imports (`reporting.x`, whether as module or name)."""
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    found = set()
    for name in imported_modules(path):
        parts = name.split(".")
        if parts[0] == "reporting" and len(parts) > 1 and parts[1] in modules:
            found.add(parts[1])
    return found - {path.stem}


def test_there_is_one_formatter_per_format():
    assert [p.stem for p in FORMATS] == ["format_csv", "format_html", "format_json",
                                         "format_prometheus"]


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_each_formatter_imports_only_the_report(path):
    assert reporting_imports(path) == {"report"}


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.stem)
def test_reporting_imports_nothing_from_bot_or_the_gateway(path):
    assert not {name for name in imported_modules(path)
                if name.split(".")[0] in ("bot", "webhook", "actions", "ops")}


def test_no_import_loop_inside_reporting():
    graph = {p.stem: reporting_imports(p) for p in PACKAGE.glob("*.py")}

    def reaches(start: str, target: str, seen: set) -> bool:
        for module in graph.get(start, ()):
            if module == target:
                return True
            if module not in seen and reaches(module, target, seen | {module}):
                return True
        return False

    assert not [module for module in graph if reaches(module, module, set())]


def test_the_gateway_only_serves_the_report():
    assert sorted(p.name for p in (ROOT / "webhook" / "stats").glob("*.py")) == [
        "__init__.py", "router.py"]
    assert not {name for name in imported_modules(ROOT / "webhook" / "stats" / "router.py")
                if name.split(".")[0] == "bot"}
