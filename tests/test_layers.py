"""The generator's layers (generator/__init__.py): imports point one way, no module
imports another that imports it back, and each library stays in its layer."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
# Lowest first; a module may import from its own layer and those before it.
LAYERS = ["i18n", "contract", "domain", "reading", "words", "outputs", "rendering", "staging", "cli", "mkdocs_adapter"]
# Libraries only some layers may use.
ONLY_IN = {
    "mkdocs": {"mkdocs_adapter"},
    "material": {"mkdocs_adapter"},
    "mkdocs_static_i18n": {"mkdocs_adapter"},
    "jinja2": {"rendering"},
    "yaml": {"reading", "rendering"},
}


def modules() -> dict[str, Path]:
    return {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # `from . import i18n`
    return found


def layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "generator"


def test_every_module_is_in_a_layer():
    assert {layer(m) for m in modules() if m != "generator"} <= set(LAYERS)


def test_imports_point_down_and_libraries_stay_in_their_layer():
    known = modules()
    wrong = []
    for name, path in known.items():
        if name == "generator":
            continue
        here = LAYERS.index(layer(name))
        for target in imports(name, path):
            if target in known and target != "generator" and LAYERS.index(layer(target)) > here:
                wrong.append(f"{name} imports {target}, a layer above it")
            library = target.split(".")[0]
            if library in ONLY_IN and layer(name) not in ONLY_IN[library]:
                wrong.append(f"{name} imports {library}, which belongs to {', '.join(sorted(ONLY_IN[library]))}")
    assert wrong == []


def test_no_import_cycle():
    known = modules()
    graph = {name: {t for t in imports(name, path) if t in known and t != name and not name.startswith(t + ".")} for name, path in known.items()}
    state: dict[str, str] = {}
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_check_itself_sees_an_import_that_points_up(tmp_path):
    source = "from ..rendering.pages import render_pages\n"
    path = tmp_path / "x.py"
    path.write_text(source, encoding="utf-8")
    assert "generator.rendering.pages" in imports("generator.contract.x", path)
