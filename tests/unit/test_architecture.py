"""The import graph, read from the code: layers hold and there are no loops."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["services_directory", "textsafety", "reporting", "generated", "actions", "bot",
            "webhook", "ops"]
# What each package may import of ours (docs/architecture.md).
ALLOWED = {
    "services_directory": set(),
    "textsafety": set(),
    "reporting": {"services_directory"},  # names services and areas in the report
    "generated": set(),
    "actions": {"services_directory", "textsafety", "generated"},
    "bot": {"textsafety", "reporting", "services_directory", "generated"},
    "webhook": {"textsafety", "reporting", "services_directory", "generated"},
    "ops": set(),
}


def imports_of(package: str) -> dict:
    """{module path: set of our packages it imports}."""
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names & set(PACKAGES) - {package}
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_only_the_layers_below_it(package):
    for module, ours in imports_of(package).items():
        assert ours <= ALLOWED[package], f"{module} imports {sorted(ours - ALLOWED[package])}"


def test_the_gateway_never_imports_bot():
    for module, ours in imports_of("webhook").items():
        assert "bot" not in ours, module


def test_no_import_loops_between_packages():
    graph = {p: set().union(*imports_of(p).values()) if imports_of(p) else set()
             for p in PACKAGES}

    def reaches(start: str, target: str, seen: set) -> bool:
        for nxt in graph[start] - seen:
            if nxt == target or reaches(nxt, target, seen | {nxt}):
                return True
        return False

    assert not [p for p in PACKAGES if reaches(p, p, set())]
