"""The student edition (``make student``, ``book/_ext/student_edition.py``).

The filter is tested on small notebooks built here, where each way it can go
wrong is visible, and on the chapters themselves: every exercise and its
check cell are kept, every solution is gone. The student notebooks' execution
is ``make test``'s nbmake run over ``_build/student/notebooks``; the student
HTML book is built once here (marked ``book``) from the reader's book's
execution cache.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("student_edition", ROOT / "book" / "_ext" / "student_edition.py")
assert spec is not None and spec.loader is not None
student_edition = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student_edition)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXERCISE_LABEL = re.compile(r"^:label: (ex-[\w-]+)", re.MULTILINE)
SOLUTION_OF = re.compile(r"\{solution-start\} (ex-[\w-]+)")


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text: str, tags: tuple[str, ...] = ()) -> dict:
    return {
        "cell_type": "code",
        "metadata": {"tags": list(tags)},
        "source": text,
        "outputs": [{"output_type": "stream", "name": "stdout", "text": "old output\n"}],
        "execution_count": 3,
    }


def notebook(*cells: dict) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}


def sources(nb: dict) -> list[str]:
    return ["".join(cell["source"]) for cell in nb["cells"]]


def code_sources(nb: dict) -> list[str]:
    return ["".join(cell["source"]) for cell in nb["cells"] if cell["cell_type"] == "code"]


EXERCISE = "````{exercise} A question\n:label: ex-a\n\nWhat is it? Check it with `check.a(x)`.\n````\n"
START = "````{solution-start} ex-a\n:class: dropdown\n````\n\nThe SOLUTION's prose.\n"
END = "````{solution-end}\n````\n"


def test_strip_solutions_removes_the_solution_and_keeps_the_exercise_and_its_check():
    source = notebook(
        markdown("# Title\n\nIntro."),
        markdown(EXERCISE),
        code("your_x = None\ncheck.a(your_x)", ("remove-cell", "exercise-check")),
        markdown(START),
        code("x = solve()\ncheck.a(x)"),
        markdown(END),
        markdown("## Summary\n"),
    )
    student = student_edition.strip_solutions(source, "synthetic")
    text = "\n".join(sources(student))
    assert "SOLUTION" not in text and "solve()" not in text and "solution-" not in text
    assert EXERCISE.strip() in text and "check.a(your_x)" in text and "## Summary" in text
    assert sources(student)[0].startswith("# Title\n\n```{note}\nThis is the **student edition**")
    kept_code = [cell for cell in student["cells"] if cell["cell_type"] == "code"]
    assert [cell["metadata"]["tags"] for cell in kept_code] == [["remove-cell", "exercise-check"]]
    assert kept_code[0]["outputs"] == [] and kept_code[0]["execution_count"] is None
    assert source["cells"][2]["outputs"], "the source notebook must not be changed"


def test_strip_solutions_cuts_within_one_markdown_cell():
    source = notebook(markdown("# T\n"), markdown(f"Before.\n\n{START}\n{END}\nAfter the solution.\n"))
    student = student_edition.strip_solutions(source)
    assert sources(student)[1] == "Before.\n\nAfter the solution.\n"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ((markdown("# T"), markdown(START), code("x = 1")), r"notebook: a \{solution-start\} has no \{solution-end\}"),
        ((markdown("# T"), markdown(END)), r"notebook, cell 1: a \{solution-end\} with no \{solution-start\}"),
        ((markdown("# T"), markdown(START), markdown(START + END)), r"cell 2: a \{solution-start\} inside a solution"),
    ],
)
def test_strip_solutions_refuses_unmatched_directives(cells, message):
    with pytest.raises(ValueError, match=message):
        student_edition.strip_solutions(notebook(*cells))


def test_write_edition_refuses_to_overwrite_the_sources():
    for folder in (ROOT, ROOT / "notebooks"):
        with pytest.raises(ValueError, match="output must be a folder of its own"):
            student_edition.write_edition(folder)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_keeps_its_exercises_and_checks_and_loses_its_solutions(path):
    full = json.loads(path.read_text(encoding="utf-8"))
    student = student_edition.strip_solutions(full, path.name)
    full_text, student_text = "\n".join(sources(full)), "\n".join(sources(student))
    labels = EXERCISE_LABEL.findall(full_text)
    assert labels, f"{path.name} has no exercises"
    assert sorted(SOLUTION_OF.findall(full_text)) == sorted(labels), "each exercise has one gated solution"
    assert EXERCISE_LABEL.findall(student_text) == labels
    assert "{solution-start}" not in student_text and "{solution-end}" not in student_text
    checks = [cell for cell in student["cells"] if "exercise-check" in cell["metadata"].get("tags", [])]
    assert len(checks) == len(labels), "one learner's check cell per exercise"
    full_code = [s for cell, s in zip(full["cells"], sources(full), strict=True) if cell["cell_type"] == "code"]
    student_code = [
        s for cell, s in zip(student["cells"], sources(student), strict=True) if cell["cell_type"] == "code"
    ]
    removed = [s for s in full_code if s not in student_code]
    assert len(removed) >= len(labels), "each solution's code is gone"
    assert all(cell.get("outputs", []) == [] for cell in student["cells"] if cell["cell_type"] == "code")


@pytest.fixture(scope="module")
def student_book(book_build) -> Path:
    """Run ``make student`` after the reader's book, whose execution cache it reuses."""
    build = subprocess.run(["make", "--no-print-directory", "student"], capture_output=True, text=True, cwd=ROOT)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return ROOT / "_build" / "student" / "html"


@pytest.mark.book
def test_student_book_has_the_exercises_and_no_solutions(student_book):
    reader = ROOT / "_build" / "html" / "notebooks"
    pages = sorted((student_book / "notebooks").glob("*.html"))
    assert [page.name for page in pages] == sorted(page.name for page in reader.glob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "(student edition)" in html
        assert 'class="exercise' in html, f"{page.name}: no exercise"
        assert 'class="solution' not in html and "Solution to" not in html, f"{page.name} shows a solution"
        assert "Solution to" in (reader / page.name).read_text(encoding="utf-8"), "the reader's book keeps them"
        assert ".ipynb" not in html and "launch-buttons" not in html, f"{page.name} links the full notebook"
    assert not (student_book / "_sources").exists(), "the page sources would hand out the solutions"
    # Text that only a solution holds is not in the search index either.
    solution_only = "the hold error is several times larger than with the"
    assert solution_only in (ROOT / "notebooks" / "05_sensory_input.ipynb").read_text(encoding="utf-8")
    assert solution_only not in (student_book / "searchindex.js").read_text(encoding="utf-8")
