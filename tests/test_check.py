"""The exercise checks: their machinery (``memsim.check._core``) and their place in the chapters.

Each chapter's checks are tested against the models in ``test_check_ch*.py``;
here: the verdicts of the three kinds of check on numbers built for the
purpose, that no message shows the expected value, and that every exercise
of every chapter has a check, says how to call it, is followed by the
learner's check cell and has a solution that calls it.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from memsim import check
from memsim.check._core import Feedback, Tolerance, choice, code, numeric
from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXERCISE = re.compile(r"^(`{3,})\{exercise\}[^\n]*\n:label: (ex-[\w-]+)\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
TOLERANCE = Tolerance(right=0.02, close=0.10)


def ask(answer, expected=40.0, tolerance=TOLERANCE):
    return numeric(
        "ex-test", answer, expected, name="trials", what="the number of trials", tolerance=tolerance, hint="an idea"
    )


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [(40.0, "right"), (40.7, "right"), (39.3, "right"), (42.0, "close"), (36.5, "close"), (45, "wrong"), (0, "wrong")],
)
def test_numeric_verdicts_follow_the_stated_tolerances(answer, verdict):
    assert ask(answer).verdict == verdict


def test_numeric_never_shows_the_expected_value():
    expected = 37.123
    for answer in (expected, 39.0, 80.0, -5.0):
        message = str(ask(answer, expected))
        assert "37.1" not in message and "37" not in message.replace("2 %", ""), message
    assert "too large" in ask(80.0, expected).message and "too small" in ask(-5.0, expected).message
    assert "Hint: an idea" in ask(80.0, expected).message


def test_numeric_absolute_tolerance_works_where_the_answer_is_zero():
    tolerance = Tolerance(right=0.01, close=0.05, relative=False)
    assert ask(0.004, expected=0.0, tolerance=tolerance).verdict == "right"
    assert ask(0.03, expected=0.0, tolerance=tolerance).verdict == "close"
    assert ask(-0.2, expected=0.0, tolerance=tolerance).verdict == "wrong"
    assert tolerance.describe("mm") == ("to within 0.01 mm", "within 0.05 mm")
    assert Tolerance(right=0, close=1, relative=False).describe("") == ("exactly", "within 1")
    assert TOLERANCE.describe("") == ("to within 2 %", "within 10 %")


def test_no_answer_yet_and_bad_answers():
    assert ask(None).verdict == "no answer yet"
    assert "replace None with the number of trials" in str(ask(None))
    for bad in ("40", True, [40]):
        with pytest.raises(TypeError, match=r"trials must be a number \(the number of trials\)"):
            ask(bad)
    for bad in (math.nan, math.inf):
        with pytest.raises(ValueError, match="trials must be a finite number"):
            ask(bad)


@pytest.mark.parametrize(("right", "close"), [(-0.1, 0.1), (0.2, 0.1), (0.1, math.inf)])
def test_tolerance_refuses_inconsistent_bounds(right, close):
    with pytest.raises(ValueError, match="need 0 <= right <= close < inf"):
        Tolerance(right=right, close=close)


def test_feedback_refuses_an_unknown_verdict():
    with pytest.raises(ValueError, match="verdict must be one of"):
        Feedback("ex-test", "maybe", "")


def test_choice():
    options = ("power", "exponential")
    asked = {answer: choice("ex-t", answer, "power", name="law", options=options, hint="h") for answer in options}
    assert asked["power"].right and asked["exponential"].verdict == "wrong"
    assert choice("ex-t", " Power ", "power", name="law", options=options, hint="h").right
    assert choice("ex-t", None, "power", name="law", options=options, hint="h").verdict == "no answer yet"
    with pytest.raises(ValueError, match=r"law must be one of \['power', 'exponential'\], got 'linear'"):
        choice("ex-t", "linear", "power", name="law", options=options, hint="h")
    with pytest.raises(ValueError, match="expected must be one of"):
        choice("ex-t", "power", "linear", name="law", options=options, hint="h")


def test_code_runs_the_learners_function_on_the_cases():
    cases = [{"x": 2.0}, {"x": -3.0}, {"x": 0.5}]

    def reference(x):
        return x**2

    def run(function):
        return code("ex-t", function, reference, cases, name="square", tolerance=TOLERANCE, hint="h")

    assert run(lambda x: x * x).verdict == "right"
    assert run(lambda x: x * x * 1.05).verdict == "close"
    assert run(lambda x: 2 * x).verdict == "wrong"
    assert run(lambda x: abs(x) ** 2 if x > 0 else math.nan).verdict == "wrong"
    failed = run(lambda x: 1 / 0)
    assert failed.verdict == "wrong" and "square(x=2.0) raised ZeroDivisionError" in failed.message
    assert run(None).verdict == "no answer yet"
    with pytest.raises(TypeError, match="square must be a function, got float"):
        run(3.0)


# --------------------------------------------------------------------------- the chapters


def exercises() -> list[tuple[str, str, str, list[dict]]]:
    """Every exercise: notebook, label, its text, and the cells after it."""
    found = []
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                found += [(path.name, m.group(2), m.group(3), cells[index + 1 :]) for m in EXERCISE.finditer(text)]
    return found


EXERCISES = exercises()


def test_every_chapter_has_exercises_and_every_exercise_a_check():
    chapters = {name for name, *_ in EXERCISES}
    assert chapters == {path.name for path in NOTEBOOKS}
    labels = [label for _, label, _, _ in EXERCISES]
    assert sorted(labels) == sorted(check.CHECKS), "one check per exercise, keyed by its label"
    for label, function in check.CHECKS.items():
        assert function.__name__ == label.removeprefix("ex-").replace("-", "_")
        assert getattr(check, function.__name__) is function
        assert function.__doc__, f"{function.__name__} has no docstring"


@pytest.mark.parametrize(("notebook", "label", "text", "after"), EXERCISES, ids=[e[1] for e in EXERCISES])
def test_each_exercise_says_how_to_check_and_is_followed_by_its_check_cell(notebook, label, text, after):
    name = label.removeprefix("ex-").replace("-", "_")
    assert f"`check.{name}(" in text, f"{label}: the exercise must say how to call check.{name}"
    learner = after[0]
    assert learner["cell_type"] == "code", f"{label}: the learner's check cell must follow the exercise"
    assert {"remove-cell", "exercise-check"} <= set(learner["metadata"].get("tags", []))
    learner_source = "".join(learner["source"])
    assert f"check.{name}(" in learner_source and "= None" in learner_source
    start = "".join(after[1]["source"])
    assert start.lstrip().startswith(("````{solution-start} " + label, "```{solution-start} " + label))
    solution_code = []
    for cell in after[2:]:
        if cell["cell_type"] == "markdown":
            assert "{solution-end}" in "".join(cell["source"]), f"{label}: prose inside the solution's code"
            break
        solution_code.append("".join(cell["source"]))
    assert solution_code, f"{label}: the solution has no code"
    assert f"check.{name}(" in solution_code[-1].strip().splitlines()[-1], (
        f"{label}: the solution's last line must run its check on the solution's answer"
    )
