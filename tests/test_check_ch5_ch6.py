"""The exercise checks of Chapters 5 and 6 (:mod:`memsim.check.chapter5`, :mod:`memsim.check.chapter6`).

Each check is run on the value that the book's solution computes (computed
here the same way: it must say "right"), on wrong answers (never "right"),
on ``None`` ("no answer yet") and on answers of the wrong type (an error that
names the parameter). Each check's memsim call is then replaced by a fake:
the verdict must follow the fake, which shows that the expected value is
computed from memsim when the check runs and not stored. The two code
answers are run with a right function, wrong ones and one that raises.
Only the giraffe's reflex runs Brian2 (marked ``slow``); its fast tests use
a fake reflex model.
"""

from __future__ import annotations

import json
import math
import re
from types import SimpleNamespace

import brian2 as b2
import numpy as np
import pytest

from memsim import check, literature, retention, sensory, systems
from memsim.check import chapter5, chapter6
from tests.conftest import ROOT

RIGHT, CLOSE, WRONG, NONE = "right", "close", "wrong", "no answer yet"


def shows(feedback: check.Feedback, value: float) -> bool:
    """Whether a feedback's text shows ``value`` to three significant figures or to one decimal."""
    text = str(feedback)
    return any(form in text for form in (f"{value:.3g}", f"{value:.1f}"))


# ----------------------------------------------------------------------------------- the book's own values


@pytest.fixture(scope="module")
def giraffe_slr_ms() -> float:
    """The giraffe's SLR as the solution computes it (ms): Brian2, tripled paths, default seed."""
    base = sensory.ReflexParameters()
    p = sensory.ReflexParameters(afferent_path=3 * base.afferent_path, efferent_path=3 * base.efferent_path)
    return float(sensory.reflex_latencies(p)["SLR"] / b2.ms)


def cue_gain_pct() -> float:
    sigma_v, ratio = 0.75, 4
    _, _, s = sensory.mle_weights(sigma_v, ratio * sigma_v)
    return 100 * (1 - s / sigma_v)


def soft_delay_ms() -> float:
    soft = dict(position_gain=sensory.POSITION_GAIN / 4, velocity_gain=sensory.VELOCITY_GAIN / 4)
    return sensory.critical_delay_ms(**soft)


@pytest.fixture(scope="module")
def smallest_trace() -> float:
    conditioning = systems.ConditioningSchedule(n_trials=200, omitted=(199,))
    peaks = {}
    for trace in np.round(np.arange(0.0, 1.01, 0.1), 1):
        run = systems.condition(systems.TDLearner(trace_decay=float(trace)), conditioning)
        peaks[float(trace)] = run.intermediate_peak()
    return min(trace for trace, peak in peaks.items() if peak < 0.1)


@pytest.fixture(scope="module")
def weeks_to_half() -> float:
    rest = systems.practise_map(systems.MotorMap(), systems.PracticeSchedule(rest_days=52 * 7))
    extra = rest.of("digits") - rest.of("digits")[0]
    peak_day = rest.schedule.training_days
    half = peak_day + int(np.nonzero(extra[peak_day:] <= extra[peak_day] / 2)[0][0])
    return (half - peak_day) / 7


@pytest.fixture(scope="module")
def b_slow_needed() -> float:
    two_state = retention.SMITH2006_TWO_STATE
    sing_range = literature.get("sing2010.saturation")
    low, high = sing_range.value * (1 - sing_range.rel_tolerance), sing_range.value * (1 + sing_range.rel_tolerance)
    longest_a = int(literature.get("sing2010.longest_a").value)
    sing_window = int(literature.get("sing2010.window").value)
    fitting = []
    for b_slow in (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5):
        model = retention.AdaptationModel(two_state.retention, (two_state.learning_rate[0], b_slow), "two-state")
        if low <= systems.interference_saturation(model, longest_a, window=sing_window) <= high:
            fitting.append(b_slow)
    return min(fitting)


def correction(prism_deg, learning_rate, n):
    """The solution's closed form (degrees)."""
    return prism_deg * (1 - (1 - learning_rate) ** n)


def washout_throws(learning_rate):
    """The solution's washout count (throws)."""
    return int(np.ceil(np.log(0.1) / np.log(1 - learning_rate) - 1e-9))


# ----------------------------------------------------------------------------------- the registry


def test_every_exercise_of_both_chapters_has_its_check_under_its_name():
    labels = {
        "ex-ch5-giraffe",
        "ex-ch5-cues",
        "ex-ch5-gains",
        "ex-ch6-lms",
        "ex-ch6-trace",
        "ex-ch6-rest",
        "ex-ch6-saturation",
        "ex-ch6-lesion",
    }
    assert set(chapter5.CHECKS) | set(chapter6.CHECKS) == labels
    for label, function in {**chapter5.CHECKS, **chapter6.CHECKS}.items():
        assert function.__name__ == label.removeprefix("ex-").replace("-", "_")
        assert check.CHECKS[label] is function and getattr(check, function.__name__) is function


@pytest.mark.parametrize("path", ["05_sensory_input.ipynb", "06_learning_systems.ipynb"])
def test_each_exercise_says_how_to_call_its_check_and_its_solution_calls_it(path):
    cells = json.loads((ROOT / "notebooks" / path).read_text(encoding="utf-8"))["cells"]
    text = ["".join(cell["source"]) for cell in cells]
    chapter = chapter5 if path.startswith("05") else chapter6
    for label, function in chapter.CHECKS.items():
        name = function.__name__
        question = next(i for i, t in enumerate(text) if f":label: {label}\n" in t)
        assert re.search(rf"`check\.{name}\(\w+\)`", text[question]), label
        learner = cells[question + 1]
        assert learner["metadata"]["tags"] == ["remove-cell", "exercise-check"], label
        assert re.search(rf"^your_\w+ = None\ncheck\.{name}\(your_\w+\)$", text[question + 1], re.M), label
        end = next(i for i in range(question, len(text)) if text[i] == "````{solution-end}\n````")
        assert text[end - 1].splitlines()[-1].startswith(f"check.{name}("), label


# ----------------------------------------------------------------------------------- wrong types, None


NUMERIC = [
    (check.ch5_giraffe, "latency_ms"),
    (check.ch5_cues, "gain_pct"),
    (check.ch5_gains, "delay_ms"),
    (check.ch6_trace, "trace_decay"),
    (check.ch6_rest, "weeks"),
    (check.ch6_saturation, "b_slow"),
]
CODE = [(check.ch6_lms, "correction"), (check.ch6_lesion, "washout_throws")]


@pytest.fixture
def fast_reflex(monkeypatch):
    """A stand-in for the Brian2 reflex model, so that tests of the giraffe's input handling stay fast."""
    monkeypatch.setattr(sensory, "reflex_latencies", lambda params, seed=0: {"SLR": 50.0 * b2.ms})


@pytest.mark.parametrize(("function", "name"), NUMERIC + CODE, ids=lambda x: getattr(x, "__name__", x))
def test_none_means_no_answer_yet(function, name, fast_reflex):
    feedback = function(None)
    assert feedback.verdict == NONE and "None" in feedback.message


@pytest.mark.parametrize(("function", "name"), NUMERIC, ids=lambda x: getattr(x, "__name__", x))
@pytest.mark.parametrize("bad", ["67", True, math.nan, [1.0]])
def test_a_numeric_check_refuses_a_bad_type_and_names_the_parameter(function, name, bad, fast_reflex):
    with pytest.raises((TypeError, ValueError), match=name):
        function(bad)


@pytest.mark.parametrize(("function", "name"), CODE, ids=lambda x: getattr(x, "__name__", x))
@pytest.mark.parametrize("bad", [3.0, "correction", True])
def test_a_code_check_refuses_what_is_not_a_function_and_names_the_parameter(function, name, bad):
    with pytest.raises(TypeError, match=name):
        function(bad)


# ----------------------------------------------------------------------------------- Chapter 5


@pytest.mark.slow  # runs the Brian2 reflex network
def test_giraffe_is_right_on_the_solution_and_not_on_other_latencies(giraffe_slr_ms):
    assert check.ch5_giraffe(giraffe_slr_ms).verdict == RIGHT
    assert check.ch5_giraffe(round(giraffe_slr_ms)).verdict == RIGHT
    base = sensory.ReflexParameters()
    extra_ms = float((2 * base.afferent_delay + 2 * (base.efferent_delay - base.neuromuscular)) / b2.ms)
    assert check.ch5_giraffe(giraffe_slr_ms + 3).verdict == CLOSE
    assert check.ch5_giraffe(giraffe_slr_ms - extra_ms).verdict == WRONG  # the human arm's SLR
    assert check.ch5_giraffe(3 * giraffe_slr_ms).verdict == WRONG  # the whole latency tripled
    feedback = check.ch5_giraffe(extra_ms)  # the extra conduction time alone
    assert feedback.verdict == WRONG and "Hint:" in feedback.message


def test_giraffe_follows_the_reflex_model_and_passes_it_three_times_the_paths(monkeypatch):
    seen = []

    def fake(params, seed=0):
        seen.append(params)
        return {"SLR": 81.25 * b2.ms, "LLR": 120 * b2.ms, "voluntary": 180 * b2.ms}

    monkeypatch.setattr(sensory, "reflex_latencies", fake)
    assert check.ch5_giraffe(81.25).verdict == RIGHT
    wrong = check.ch5_giraffe(67)
    assert wrong.verdict == WRONG and not shows(wrong, 81.25)
    base = sensory.ReflexParameters()
    assert seen[0].afferent_path == 3 * base.afferent_path and seen[0].efferent_path == 3 * base.efferent_path


def test_cues_is_right_on_the_solution_and_not_on_variances_or_ratios():
    gain = cue_gain_pct()
    assert check.ch5_cues(gain).verdict == RIGHT
    assert check.ch5_cues(round(gain, 1)).verdict == RIGHT
    assert check.ch5_cues(gain + 0.5).verdict == CLOSE
    sigma_v = 0.75
    _, w_h, s = sensory.mle_weights(sigma_v, 4 * sigma_v)
    assert check.ch5_cues(100 * (1 - s**2 / sigma_v**2)).verdict == WRONG  # variances, not JNDs
    assert check.ch5_cues(100 * s / sigma_v).verdict == WRONG  # the ratio, not the gain
    assert check.ch5_cues(25.0).verdict == WRONG  # one over the noise ratio


def test_cues_follows_mle_weights(monkeypatch):
    gain = cue_gain_pct()
    monkeypatch.setattr(sensory, "mle_weights", lambda sv, sh: (0.5, 0.5, 0.6 * sv))
    assert check.ch5_cues(40.0).verdict == RIGHT
    old = check.ch5_cues(gain)
    assert old.verdict == WRONG and not shows(old, 40.0)


def test_gains_is_right_on_the_solution_and_not_on_the_default_gains():
    delay = soft_delay_ms()
    assert check.ch5_gains(delay).verdict == RIGHT
    assert check.ch5_gains(round(delay)).verdict == RIGHT
    assert check.ch5_gains(1.03 * delay).verdict == CLOSE
    assert check.ch5_gains(sensory.critical_delay_ms()).verdict == WRONG  # the default gains
    assert check.ch5_gains(4 * sensory.critical_delay_ms()).verdict == WRONG  # the delay scaled with the gains
    # only one gain softened
    assert check.ch5_gains(sensory.critical_delay_ms(position_gain=sensory.POSITION_GAIN / 4)).verdict == WRONG


def test_gains_follows_critical_delay_ms(monkeypatch):
    delay = soft_delay_ms()
    monkeypatch.setattr(sensory, "critical_delay_ms", lambda position_gain=25.0, velocity_gain=5.0: 333.0)
    assert check.ch5_gains(333).verdict == RIGHT
    old = check.ch5_gains(delay)
    assert old.verdict == WRONG and not shows(old, 333.0)


# ----------------------------------------------------------------------------------- Chapter 6: code answers


def test_the_code_cases_are_not_the_ones_the_exercises_show():
    shown_rates = {0.2} | {systems.CerebellarLearner().sites[0].learning_rate * f for f in (1.0, 0.5, 0.3, 0.1)}
    for case in chapter6.LMS_CASES:
        assert case["prism_deg"] != systems.PrismSchedule().prism_deg and case["learning_rate"] not in shown_rates
    for case in chapter6.LESION_CASES:
        eta = case["learning_rate"]
        assert eta not in shown_rates and 0 < eta < 1
        count = math.log(0.1) / math.log(1 - eta)
        assert abs(count - round(count)) > 1e-3  # no count that floating-point noise could round either way


def test_lms_is_right_on_the_closed_form_and_wrong_on_wrong_forms():
    assert check.ch6_lms(correction).verdict == RIGHT
    off_by_one = check.ch6_lms(lambda prism_deg, learning_rate, n: prism_deg * (1 - (1 - learning_rate) ** (n - 1)))
    assert off_by_one.verdict == WRONG and "Hint:" in off_by_one.message
    linear = check.ch6_lms(lambda prism_deg, learning_rate, n: prism_deg * learning_rate * n)
    assert linear.verdict == WRONG
    # the error left, not the correction
    assert check.ch6_lms(lambda prism_deg, learning_rate, n: prism_deg * (1 - learning_rate) ** n).verdict == WRONG
    assert (
        check.ch6_lms(lambda prism_deg, learning_rate, n: 1.0005 * correction(prism_deg, learning_rate, n)).verdict
        == CLOSE
    )


def test_lms_says_wrong_when_the_function_raises():
    def broken(prism_deg, learning_rate, n):
        raise ZeroDivisionError("oops")

    feedback = check.ch6_lms(broken)
    assert feedback.verdict == WRONG and "ZeroDivisionError" in feedback.message
    assert check.ch6_lms(lambda prism_deg, eta, n: 0.0).verdict == WRONG  # wrong keyword names: a TypeError


def test_lms_follows_simulate_prism(monkeypatch):
    real = systems.simulate_prism

    def doubled(learner, schedule, target_sequence=None):
        return SimpleNamespace(correction=2 * real(learner, schedule, target_sequence).correction)

    monkeypatch.setattr(systems, "simulate_prism", doubled)
    assert check.ch6_lms(correction).verdict == WRONG
    assert check.ch6_lms(lambda prism_deg, learning_rate, n: 2 * correction(prism_deg, learning_rate, n)).right


def test_lesion_is_right_on_the_rounded_up_count_and_close_or_wrong_otherwise():
    assert check.ch6_lesion(washout_throws).verdict == RIGHT
    rounded = check.ch6_lesion(lambda learning_rate: round(math.log(0.1) / math.log(1 - learning_rate)))
    assert rounded.verdict == CLOSE  # to the nearest throw, not up
    assert check.ch6_lesion(lambda learning_rate: math.log(0.1) / math.log(1 - learning_rate)).verdict == CLOSE
    assert check.ch6_lesion(lambda learning_rate: 1 / learning_rate).verdict == WRONG
    assert check.ch6_lesion(lambda learning_rate: 2 * washout_throws(learning_rate)).verdict == WRONG
    assert check.ch6_lesion(lambda learning_rate: math.log(1 - learning_rate)).verdict == WRONG


def test_lesion_says_wrong_when_the_function_raises():
    feedback = check.ch6_lesion(lambda learning_rate: math.log(learning_rate - 1))  # a domain error
    assert feedback.verdict == WRONG and "ValueError" in feedback.message


def test_lesion_follows_trials_to_fraction(monkeypatch):
    real = systems.trials_to_fraction
    monkeypatch.setattr(systems, "trials_to_fraction", lambda errors, fraction: real(errors, fraction) + 5)
    assert check.ch6_lesion(washout_throws).verdict == WRONG
    assert check.ch6_lesion(lambda learning_rate: washout_throws(learning_rate) + 5).right


# ----------------------------------------------------------------------------------- Chapter 6: numbers


def test_trace_is_right_on_the_solution_and_not_a_step_off(smallest_trace):
    assert check.ch6_trace(smallest_trace).verdict == RIGHT
    assert check.ch6_trace(smallest_trace - 0.1).verdict == CLOSE  # the last lambda that fails
    assert check.ch6_trace(0.0).verdict == WRONG  # TD(0)
    assert check.ch6_trace(smallest_trace + 0.3).verdict == WRONG


def test_trace_follows_condition(monkeypatch, smallest_trace):
    def fake(learner, schedule):
        return SimpleNamespace(intermediate_peak=lambda: 0.05 if learner.trace_decay >= 0.35 else 0.5)

    monkeypatch.setattr(systems, "condition", fake)
    assert check.ch6_trace(0.4).verdict == RIGHT
    assert check.ch6_trace(smallest_trace).verdict != RIGHT


def test_trace_refuses_to_guess_when_no_lambda_meets_the_criterion(monkeypatch):
    monkeypatch.setattr(systems, "condition", lambda learner, schedule: SimpleNamespace(intermediate_peak=lambda: 1.0))
    with pytest.raises(RuntimeError, match="needs rewriting"):
        check.ch6_trace(0.8)


def test_rest_is_right_on_the_solution_and_wrong_counted_from_the_start(weeks_to_half):
    assert check.ch6_rest(weeks_to_half).verdict == RIGHT
    assert check.ch6_rest(round(weeks_to_half, 1)).verdict == RIGHT
    assert check.ch6_rest(weeks_to_half + 0.3).verdict == CLOSE
    training_weeks = systems.PracticeSchedule().training_days / 7
    assert check.ch6_rest(weeks_to_half + training_weeks).verdict == WRONG  # counted from the start of training
    assert check.ch6_rest(7 * weeks_to_half).verdict == WRONG  # days, not weeks


def test_rest_follows_practise_map(monkeypatch, weeks_to_half):
    # a made-up map: 10 days of training add 0.1 to the digits' share, which then falls by 0.006 a day,
    # so that the extra share is first at most half of it 9 days after training
    digits = np.concatenate([np.linspace(0.2, 0.3, 11), 0.3 - 0.006 * np.arange(1, 41)])
    fake_run = SimpleNamespace(of=lambda movement: digits, schedule=SimpleNamespace(training_days=10))
    monkeypatch.setattr(systems, "practise_map", lambda motor_map, schedule: fake_run)
    assert check.ch6_rest(9 / 7).verdict == RIGHT
    old = check.ch6_rest(weeks_to_half)
    assert old.verdict == WRONG and not shows(old, 9 / 7)


def test_saturation_is_right_on_the_solution_and_wrong_on_its_neighbours(b_slow_needed):
    assert check.ch6_saturation(b_slow_needed).verdict == RIGHT
    grid = chapter6.SATURATION_GRID
    k = grid.index(b_slow_needed)
    for neighbour in grid[max(k - 1, 0) : k] + grid[k + 1 : k + 2]:
        assert check.ch6_saturation(neighbour).verdict == WRONG
    assert check.ch6_saturation(retention.SMITH2006_TWO_STATE.learning_rate[1]).verdict == WRONG  # Smith et al.'s


def test_saturation_follows_interference_saturation(monkeypatch, b_slow_needed):
    monkeypatch.setattr(
        systems,
        "interference_saturation",
        lambda model, longest, fraction=0.9, window=25: 30 if model.learning_rate[1] >= 0.05 else 300,
    )
    assert check.ch6_saturation(0.05).verdict == RIGHT
    if b_slow_needed != 0.05:
        assert check.ch6_saturation(b_slow_needed).verdict == WRONG
    monkeypatch.setattr(systems, "interference_saturation", lambda model, longest, fraction=0.9, window=25: 300)
    with pytest.raises(RuntimeError, match="needs rewriting"):
        check.ch6_saturation(0.2)


def test_saturation_takes_its_range_from_the_table_of_published_values(monkeypatch, b_slow_needed):
    real_get = literature.get

    def wider(key):
        entry = real_get(key)
        # a range that every grid value's saturation falls in: the smallest grid value becomes right
        return SimpleNamespace(value=1000.0, rel_tolerance=0.999) if key == "sing2010.saturation" else entry

    monkeypatch.setattr(literature, "get", wider)
    assert check.ch6_saturation(chapter6.SATURATION_GRID[0]).verdict == RIGHT
    assert check.ch6_saturation(b_slow_needed).verdict == WRONG
