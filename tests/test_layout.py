"""The package layout keeps its promises: one-way imports, complete re-exports, plumbing that sees every file.

* the models never import :mod:`memsim.render` (the book's helpers), and the
  shared layer (:mod:`memsim.core`) imports no model;
* each chapter subpackage re-exports exactly its modules' public names;
* the Makefile's cache stamp depends on every file of every subpackage, so a
  model change still clears the book's execution cache.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "memsim"
CHAPTERS = ("pathways", "retention", "myonuclei", "sleep", "sensory", "systems")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every memsim module a source file imports (``from memsim import x`` counts as ``memsim.x``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "memsim" or name.startswith("memsim.")}


SOURCES = sorted(PACKAGE.rglob("*.py"))
MODELS = [p for p in SOURCES if p.relative_to(PACKAGE).parts[0] in CHAPTERS]


def test_the_walk_sees_every_chapter():
    assert {p.relative_to(PACKAGE).parts[0] for p in MODELS} == set(CHAPTERS)


@pytest.mark.parametrize("path", [p for p in SOURCES if "render" not in p.parts], ids=_module_name)
def test_no_model_imports_the_book_helpers(path):
    assert not {name for name in _imports(path) if name.startswith("memsim.render")}


@pytest.mark.parametrize("path", sorted((PACKAGE / "core").glob("*.py")), ids=_module_name)
def test_the_shared_layer_imports_no_model_and_no_table(path):
    assert all(name.startswith("memsim.core") for name in _imports(path) - {"memsim"})


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_reexports_exactly_its_models_public_names(chapter):
    package = importlib.import_module(f"memsim.{chapter}")
    modules = sorted(p.stem for p in (PACKAGE / chapter).glob("*.py") if p.stem != "__init__")
    public = set()
    for stem in modules:
        module = importlib.import_module(f"memsim.{chapter}.{stem}")
        assert set(module.__all__) <= set(vars(module)), f"{module.__name__}.__all__ names a missing object"
        for name in module.__all__:
            assert getattr(package, name) is getattr(module, name), f"memsim.{chapter}.{name}"
        overlap = public & set(module.__all__)
        assert not overlap, f"{module.__name__} exports names another module of the chapter exports: {overlap}"
        public |= set(module.__all__)
    assert set(package.__all__) == public


def test_the_cache_stamp_depends_on_every_file_of_the_package():
    database = subprocess.run(
        ["make", "-pn", "check-tools"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout
    (line,) = [line for line in database.splitlines() if line.startswith("MEMSIM_SOURCES :=")]
    stamped = set(line.split(":=", 1)[1].split())
    tracked = set(
        subprocess.run(
            ["git", "ls-files", "memsim"], capture_output=True, text=True, cwd=ROOT, check=True
        ).stdout.split()
    )
    assert tracked <= stamped, f"not in the Makefile's MEMSIM_SOURCES: {sorted(tracked - stamped)}"
