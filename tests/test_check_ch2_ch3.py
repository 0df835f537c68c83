"""The exercise checks of Chapters 2 and 3 (:mod:`memsim.check.chapter2`, :mod:`memsim.check.chapter3`).

Each check is run on the book's own solution value, computed here as the
solution computes it (must say "right"), on wrong answers (must not), on
``None`` ("no answer yet") and on answers of the wrong type (an error naming
the parameter). Each check's verdict must follow the memsim call it makes:
with the call replaced by a fake, the old right answer is wrong and the
faked one right. No check may show the expected value. The notebooks'
exercise cells must have the layout the student edition's filter expects.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from memsim import check, myonuclei, retention
from memsim.check import chapter2, chapter3
from tests.conftest import ROOT

# --------------------------------------------------------------------------- the solutions, as the notebooks do


@pytest.fixture(scope="module")
def practice_ratio() -> float:
    """Chapter 2's practice solution: lifetime after 64 repetitions over that after 32."""
    practice = retention.PRACTICE
    cascade = retention.cascade_synapse(practice.n_levels)
    lifetime = {k: retention.memory_lifetime(cascade, practice.n_synapses, k, practice.spacing) for k in (32, 64)}
    return lifetime[64] / lifetime[32]


def washout_bisection() -> int:
    """Chapter 2's washout solution: bisection for the first washout with a savings ratio below 1.1."""
    low, high = 0, retention.SAVINGS.long_washout
    while high - low > 1:
        middle = (low + high) // 2
        if retention.savings(washout=middle).ratio < 1.1:
            high = middle
        else:
            low = middle
    return high


@pytest.fixture(scope="module")
def washout_trials() -> int:
    return washout_bisection()


def half_life_bisection() -> float:
    """Chapter 3's half-life solution: bisection on a log scale for 20 % treated growth at the retest."""
    params = myonuclei.DEFAULT

    def treated_growth(half_life_days: float) -> float:
        return myonuclei.egner_protocol(replace(params, half_life_days=half_life_days))["treated_growth_pct"]

    low, high = 1.0, params.half_life_days
    while high / low > 1.000001:
        middle = math.sqrt(low * high)
        if treated_growth(middle) >= 20:
            high = middle
        else:
            low = middle
    return high


@pytest.fixture(scope="module")
def shortest_half_life() -> float:
    return half_life_bisection()


@pytest.fixture(scope="module")
def first_to_rise() -> str:
    """Chapter 3's order solution: which rises 10 % first in Bruusgaard's overload."""
    b = myonuclei.bruusgaard_protocol()
    rise = myonuclei.BRUUSGAARD.onset_rise
    onset = {name: myonuclei.onset_day(b.t_days, getattr(b, name), rise) for name in ("nuclei", "area")}
    if onset["nuclei"] < onset["area"]:
        return "nuclei"
    return "size" if onset["area"] < onset["nuclei"] else "together"


DESIGN_LOAD, DESIGN_WEEKS = 1.5, myonuclei.PSILANDER.train_weeks  # the solution's design


def design_run(load: float, weeks: float, params: myonuclei.FibreParameters) -> dict:
    return myonuclei.regrowth_advantage(weeks, myonuclei.PSILANDER.detrain_weeks, 1, params, load=load)


def extra_nuclei_pct(run: dict, weeks: float) -> float:
    before_retraining = run["trained"].t_days <= 7 * (weeks + myonuclei.PSILANDER.detrain_weeks)
    return float(100 * (run["trained"].nuclei[before_retraining].max() - 1))


@pytest.fixture(scope="module")
def ceiling() -> myonuclei.FibreParameters:
    return myonuclei.with_domain_ceiling(myonuclei.DEFAULT)


@pytest.fixture(scope="module")
def design_difference(ceiling) -> float:
    """Chapter 3's design solution: long minus short half-life regrowth advantage (pp)."""
    long_run = design_run(DESIGN_LOAD, DESIGN_WEEKS, ceiling)
    short_run = design_run(DESIGN_LOAD, DESIGN_WEEKS, myonuclei.short_half_life(ceiling))
    assert extra_nuclei_pct(long_run, DESIGN_WEEKS) >= 10  # the solution's design does what it must
    return long_run["advantage_pp"] - short_run["advantage_pp"]


def shown(value: float) -> list[str]:
    """Ways a message could show a value (a whole number as itself, a fraction rounded)."""
    if value == round(value):
        return [f"{value:.0f}"]
    return [f"{value:.1f}", f"{value:.2f}", f"{value:.3g}", f"{value:g}"]


def assert_hidden(feedback: check.Feedback, value: float) -> None:
    text = str(feedback) + repr(feedback)
    for form in shown(value):
        assert not re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", text), (form, text)


# --------------------------------------------------------------------------- registry


def test_the_checks_are_registered_by_label_and_name():
    expected = {
        "ex-ch2-practice": "ch2_practice",
        "ex-ch2-single": "ch2_single",
        "ex-ch2-washout": "ch2_washout",
        "ex-ch3-halflife": "ch3_halflife",
        "ex-ch3-order": "ch3_order",
        "ex-ch3-design": "ch3_design",
    }
    assert {**chapter2.CHECKS, **chapter3.CHECKS}.keys() == expected.keys()
    for label, name in expected.items():
        assert check.CHECKS[label].__name__ == name
        assert getattr(check, name) is check.CHECKS[label]


# --------------------------------------------------------------------------- Chapter 2: practice


def test_practice_right_on_the_solution(practice_ratio):
    assert check.ch2_practice(practice_ratio).verdict == "right"
    assert check.ch2_practice(round(practice_ratio, 2)).verdict == "right"


def test_practice_close_and_wrong(practice_ratio):
    assert check.ch2_practice(1.03 * practice_ratio).verdict == "close"
    for wrong in (2 * practice_ratio, 1.0, practice_ratio / 1.2):
        feedback = check.ch2_practice(wrong)
        assert feedback.verdict == "wrong"
        assert "Hint:" in feedback.message
        assert_hidden(feedback, practice_ratio)


def test_practice_follows_the_model(monkeypatch, practice_ratio):
    # a fake cascade whose lifetime grows as the square root of the practice: ratio sqrt(2)
    monkeypatch.setattr(retention, "memory_lifetime", lambda model, n, repetitions, spacing: 100 * repetitions**0.5)
    assert check.ch2_practice(practice_ratio).verdict == "wrong"
    assert check.ch2_practice(math.sqrt(2)).verdict == "right"


def test_practice_no_answer_and_bad_types():
    assert check.ch2_practice(None).verdict == "no answer yet"
    for bad, error in (("2.2", TypeError), (True, TypeError), (math.nan, ValueError), (math.inf, ValueError)):
        with pytest.raises(error, match="ratio"):
            check.ch2_practice(bad)


# --------------------------------------------------------------------------- Chapter 2: single state


def clamp_output(a, x0, n):
    return a**n * x0


def test_single_right_on_the_solution():
    feedback = check.ch2_single(clamp_output)
    assert feedback.verdict == "right"
    assert check.ch2_single(lambda a, x0, n: x0 * math.exp(n * math.log(a))).verdict == "right"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda a, x0, n: a * n * x0,  # linear, not a power
        lambda a, x0, n: a ** (n + 1) * x0,  # one trial too many
        lambda a, x0, n: a**n * abs(x0),  # loses the sign of the start
        lambda a, x0, n: x0 * math.exp(-n * (1 - a)),  # the continuous-time approximation
    ],
)
def test_single_wrong_functions(wrong):
    feedback = check.ch2_single(wrong)
    assert feedback.verdict == "wrong"
    assert "Hint:" in feedback.message


def test_single_a_function_that_raises_is_wrong_not_an_error():
    def broken(a, x0, n):
        raise ZeroDivisionError("oops")

    feedback = check.ch2_single(broken)
    assert feedback.verdict == "wrong"
    assert "ZeroDivisionError" in feedback.message
    assert check.ch2_single(lambda a, x0: a * x0).verdict == "wrong"  # wrong signature


def test_single_runs_unseen_cases():
    # the solution's own examples, and the published single-state retention factor
    shown_retention = {retention.SMITH2006_SINGLE_STATE.retention[0], 0.95, 0.999}
    cases = chapter2._CLAMP_CASES
    assert len(cases) >= 3
    assert not {case["a"] for case in cases} & shown_retention
    assert {np.sign(case["x0"]) for case in cases} == {-1.0, 1.0}


def test_single_follows_the_model(monkeypatch):
    real = retention.simulate_adaptation

    def doubled(*args, **kwargs):  # a fake model whose output is twice the simulated one
        run = real(*args, **kwargs)
        return retention.AdaptationRun(run.perturbation, run.clamp, 2 * run.states)

    monkeypatch.setattr(retention, "simulate_adaptation", doubled)
    assert check.ch2_single(clamp_output).verdict == "wrong"
    assert check.ch2_single(lambda a, x0, n: 2 * a**n * x0).verdict == "right"


def test_single_no_answer_and_bad_types():
    assert check.ch2_single(None).verdict == "no answer yet"
    for bad in ("a**n * x0", 0.5):
        with pytest.raises(TypeError, match="clamp_output"):
            check.ch2_single(bad)


# --------------------------------------------------------------------------- Chapter 2: washout


def test_washout_answer_is_the_first_washout_below_the_threshold(washout_trials):
    assert retention.savings(washout=washout_trials).ratio < 1.1
    assert retention.savings(washout=washout_trials - 1).ratio >= 1.1


def test_washout_right_on_the_solution(washout_trials):
    assert check.ch2_washout(washout_trials).verdict == "right"
    assert check.ch2_washout(float(washout_trials)).verdict == "right"


def test_washout_close_and_wrong(washout_trials):
    assert check.ch2_washout(washout_trials - 1).verdict == "close"
    assert check.ch2_washout(washout_trials + 8).verdict == "close"
    slow_half_life = math.log(0.5) / math.log(retention.SMITH2006_TWO_STATE.retention[1])
    for wrong in (round(slow_half_life), retention.SAVINGS.long_washout, washout_trials + 50):
        feedback = check.ch2_washout(wrong)
        assert feedback.verdict == "wrong"
        assert_hidden(feedback, washout_trials)


def test_washout_follows_the_model(monkeypatch, washout_trials):
    # a fake model whose savings ratio falls by 0.01 per washout trial: below 1.1 from 91 trials
    monkeypatch.setattr(retention, "savings", lambda washout: SimpleNamespace(ratio=2.0 - washout / 100))
    assert check.ch2_washout(washout_trials).verdict == "wrong"
    assert check.ch2_washout(91).verdict == "right"


def test_washout_no_answer_and_bad_types():
    assert check.ch2_washout(None).verdict == "no answer yet"
    for bad, error in (("311", TypeError), (False, TypeError), (math.nan, ValueError)):
        with pytest.raises(error, match="trials"):
            check.ch2_washout(bad)


# --------------------------------------------------------------------------- Chapter 3: half-life


def test_halflife_right_on_the_solution(shortest_half_life):
    assert check.ch3_halflife(shortest_half_life).verdict == "right"
    assert check.ch3_halflife(5 * round(shortest_half_life / 5)).verdict == "right"  # to the nearest 5 days


def test_halflife_close_and_wrong(shortest_half_life):
    assert check.ch3_halflife(1.07 * shortest_half_life).verdict == "close"
    for wrong in (
        myonuclei.short_half_life().half_life_days,
        myonuclei.DEFAULT.half_life_days,
        myonuclei.EGNER.withdrawal_days,
    ):
        feedback = check.ch3_halflife(wrong)
        assert feedback.verdict == "wrong"
        assert_hidden(feedback, shortest_half_life)


def test_halflife_follows_the_model(monkeypatch, shortest_half_life):
    # a fake retest whose treated growth is 0.4 % per day of half-life: 20 % at 50 days
    monkeypatch.setattr(myonuclei, "egner_protocol", lambda p: {"treated_growth_pct": 0.4 * p.half_life_days})
    assert check.ch3_halflife(shortest_half_life).verdict == "wrong"
    assert check.ch3_halflife(50.0).verdict == "right"


def test_halflife_no_answer_and_bad_types():
    assert check.ch3_halflife(None).verdict == "no answer yet"
    for bad, error in (("155", TypeError), (True, TypeError), (math.nan, ValueError)):
        with pytest.raises(error, match="half_life_days"):
            check.ch3_halflife(bad)


# --------------------------------------------------------------------------- Chapter 3: order


def test_order_right_on_the_solution(first_to_rise):
    assert check.ch3_order(first_to_rise).verdict == "right"
    assert check.ch3_order(f" {first_to_rise.upper()} ").verdict == "right"


def test_order_wrong_answers(first_to_rise):
    wrong = [option for option in ("nuclei", "size", "together") if option != first_to_rise]
    assert len(wrong) == 2
    for answer in wrong:
        feedback = check.ch3_order(answer)
        assert feedback.verdict == "wrong"
        assert first_to_rise not in feedback.message.split("Hint:")[0]


def test_order_follows_the_model(monkeypatch, first_to_rise):
    t = np.arange(0.0, 30.0)
    size_first = SimpleNamespace(t_days=t, area=1 + 0.02 * t, nuclei=1 + 0.005 * t)
    monkeypatch.setattr(myonuclei, "bruusgaard_protocol", lambda: size_first)
    assert check.ch3_order("size").verdict == "right"
    assert check.ch3_order("nuclei").verdict == "wrong"
    together = SimpleNamespace(t_days=t, area=1 + 0.02 * t, nuclei=1 + 0.02 * t)
    monkeypatch.setattr(myonuclei, "bruusgaard_protocol", lambda: together)
    assert check.ch3_order("together").verdict == "right"
    assert check.ch3_order(first_to_rise).verdict == "wrong"


def test_order_no_answer_and_bad_types():
    assert check.ch3_order(None).verdict == "no answer yet"
    for bad in ("muscle", 1, True):
        with pytest.raises(ValueError, match="first"):
            check.ch3_order(bad)


# --------------------------------------------------------------------------- Chapter 3: design


def test_design_right_on_the_solution(design_difference):
    assert check.ch3_design(DESIGN_LOAD, DESIGN_WEEKS).verdict == "right"
    feedback = check.ch3_design(DESIGN_LOAD, DESIGN_WEEKS, design_difference)
    assert feedback.verdict == "right"
    assert check.ch3_design(DESIGN_LOAD, DESIGN_WEEKS, round(design_difference, 1)).verdict == "right"


def test_design_that_adds_no_nuclei_is_wrong(ceiling):
    for load, weeks in ((1.0, 10.0), (ceiling.d_thr - 0.01, 10.0), (DESIGN_LOAD, 0.1)):
        feedback = check.ch3_design(load, weeks)
        assert feedback.verdict == "wrong", (load, weeks)
        assert "Hint:" in feedback.message
        assert check.ch3_design(load, weeks, 0.0).verdict == "wrong"  # a right-looking difference does not rescue it


def test_design_just_short_of_the_bar_is_close(ceiling):
    # the load at which 10 weeks add 9.5 % nuclei, found by bisection on the model
    low, high = ceiling.d_thr, DESIGN_LOAD
    for _ in range(30):
        middle = (low + high) / 2
        if extra_nuclei_pct(design_run(middle, 10.0, ceiling), 10.0) < 9.5:
            low = middle
        else:
            high = middle
    assert check.ch3_design(high, 10.0).verdict == "close"


def test_design_difference_close_and_wrong(design_difference):
    assert check.ch3_design(DESIGN_LOAD, DESIGN_WEEKS, 1.1 * design_difference).verdict == "close"
    for wrong in (0.0, 2 * design_difference, -design_difference):
        feedback = check.ch3_design(DESIGN_LOAD, DESIGN_WEEKS, wrong)
        assert feedback.verdict == "wrong"
        assert_hidden(feedback, design_difference)


def test_design_follows_the_model(monkeypatch, ceiling, design_difference):
    def fake(nuclei: float, long_pp: float, short_pp: float):
        def regrowth_advantage(train_weeks, off_weeks, retrain_weeks, params, load=None):
            t = np.linspace(0.0, 7 * (train_weeks + off_weeks + retrain_weeks), 50)
            trained = SimpleNamespace(t_days=t, nuclei=np.full_like(t, nuclei), area=np.ones_like(t))
            advantage = long_pp if params.half_life_days == ceiling.half_life_days else short_pp
            return {"trained": trained, "naive": trained, "advantage_pp": advantage}

        return regrowth_advantage

    monkeypatch.setattr(myonuclei, "regrowth_advantage", fake(1.0, 0.0, 0.0))  # no nuclei added
    assert check.ch3_design(DESIGN_LOAD, DESIGN_WEEKS).verdict == "wrong"
    monkeypatch.setattr(myonuclei, "regrowth_advantage", fake(1.2, 4.0, 1.0))  # a difference of 3 pp
    assert check.ch3_design(1.0, 1.0).verdict == "right"
    assert check.ch3_design(DESIGN_LOAD, DESIGN_WEEKS, design_difference).verdict == "wrong"
    assert check.ch3_design(DESIGN_LOAD, DESIGN_WEEKS, 3.0).verdict == "right"


def test_design_no_answer_and_bad_types():
    assert check.ch3_design(None, None).verdict == "no answer yet"
    assert check.ch3_design(DESIGN_LOAD, None).verdict == "no answer yet"
    assert check.ch3_design(None, DESIGN_WEEKS, 3.0).verdict == "no answer yet"
    for args, error, name in (
        (("1.5", 10), TypeError, "load"),
        ((11.0, 10), ValueError, "load"),
        ((1.5, True), TypeError, "train_weeks"),
        ((1.5, 0), ValueError, "train_weeks"),
        ((1.5, math.nan), ValueError, "train_weeks"),
        ((1.5, 10, "5"), TypeError, "difference_pp"),
        ((1.5, 10, math.nan), ValueError, "difference_pp"),
    ):
        with pytest.raises(error, match=name):
            check.ch3_design(*args)


# --------------------------------------------------------------------------- the notebooks' exercise cells

NOTEBOOK_EXERCISES = {
    "02_retention.ipynb": ("ex-ch2-practice", "ex-ch2-single", "ex-ch2-washout"),
    "03_myonuclei.ipynb": ("ex-ch3-halflife", "ex-ch3-order", "ex-ch3-design"),
}


def _cells(name: str) -> list[dict]:
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return [{**cell, "text": "".join(cell["source"])} for cell in notebook["cells"]]


@pytest.mark.parametrize("name", NOTEBOOK_EXERCISES)
def test_notebook_imports_the_checks(name):
    assert any(
        re.search(r"^from memsim import (.*, )?check\b", cell["text"], re.M)
        for cell in _cells(name)
        if cell["cell_type"] == "code" and not {"remove-cell", "exercise-check"} & set(cell["metadata"].get("tags", []))
    )


@pytest.mark.parametrize(
    ("name", "label"), [(n, label) for n, labels in NOTEBOOK_EXERCISES.items() for label in labels]
)
def test_exercise_cells_follow_the_layout(name, label):
    cells = _cells(name)
    function = label.removeprefix("ex-").replace("-", "_")
    start = next(i for i, c in enumerate(cells) if f":label: {label}\n" in c["text"])
    exercise, answer, solution = cells[start : start + 3]
    assert exercise["cell_type"] == "markdown" and exercise["text"].rstrip().endswith("````")
    box = exercise["text"][exercise["text"].rindex("````{exercise}") :]
    assert f"`check.{function}(" in box
    assert "{cite" not in box and "memsim." not in box
    assert answer["cell_type"] == "code" and answer["metadata"]["tags"] == ["remove-cell", "exercise-check"]
    lines = answer["text"].splitlines()
    assert lines[0].startswith("# Your answer:") and "Replace None, then run this cell." in answer["text"]
    assert re.fullmatch(rf"check\.{function}\((your_\w+(, )?)+\)", lines[-1])
    assert all(re.fullmatch(r"your_\w+ = None", line) for line in lines if not line.startswith(("#", "check.")))
    assert solution["text"].startswith(f"````{{solution-start}} {label}\n:class: dropdown\n````")
    end = next(i for i in range(start + 3, len(cells)) if "{solution-end}" in cells[i]["text"])
    code = cells[start + 3 : end]
    assert code and all(c["cell_type"] == "code" for c in code)
    assert code[-1]["text"].splitlines()[-1].startswith(f"check.{function}(")
    assert cells[end]["text"].strip() == "````{solution-end}\n````"
