"""The exercise checks of Chapter 1 (pathways, STDP) and Chapter 4 (sleep and replay).

Each check is run on the value the book's solution computes (it must say
"right") and on wrong answers; the memsim call behind it is replaced by a
fake to show that the verdict follows the model, not a stored number; ``None``
says "no answer yet" without running a model; a bad type raises, naming the
parameter. The code check runs a right function, two wrong ones and one that
raises. The last tests read the two notebooks: every exercise has its check,
its learner's cell and a solution that ends by calling the check.

Tests that run a Brian2 network (the pairing network of Chapter 1, the
sequence network of Chapter 4) are marked ``slow``; their values are computed
once per module.
"""

from __future__ import annotations

import dataclasses
import json
import re
from types import SimpleNamespace

import brian2 as b2
import numpy as np
import pytest

from memsim import check, pathways, sleep
from memsim.check import chapter1, chapter4
from tests.conftest import ROOT

BAD_NUMBERS = ("2.0", True, float("nan"))


def _model_must_not_run(*args, **kwargs):
    raise AssertionError("the check ran a model for an answer it should have turned away first")


# ---------------------------------------------------------------------------
# The values the solutions compute, as the notebooks compute them
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ltd_ratio() -> float:
    """ex-ch1-ratio: fitted LTD amplitude with A- doubled over the chapter's (Brian2)."""
    rule = pathways.STDPRule()
    one_hz = pathways.pairing_experiment(protocol=pathways.PAIRING, rule=rule, seed=2026)
    fit_1hz = pathways.fit_stdp_window(one_hz.delta_t, one_hz.weight_change)
    double_ltd = pathways.STDPRule(a_plus=rule.a_plus, a_minus=2 * rule.a_minus)
    doubled = pathways.pairing_experiment(protocol=pathways.PAIRING, rule=double_ltd, seed=2026)
    doubled_fit = pathways.fit_stdp_window(doubled.delta_t, doubled.weight_change)
    return doubled_fit.amplitude_minus / fit_1hz.amplitude_minus


@pytest.fixture(scope="module")
def lowest_hz() -> float:
    """ex-ch1-scheme: the lowest sweep frequency where the schemes differ by more than 1 point (Brian2)."""
    protocol = pathways.FREQUENCY_EXPERIMENT
    sweep = pathways.frequency_sweep(protocol=protocol, rule=pathways.STDPRule(), seed=2026)
    minus = float(protocol.delta_t.min() / b2.ms)
    difference_pp = {}
    for f in protocol.frequencies:
        by_scheme = [
            100 * sub.weight_change[np.isclose(sub.delta_t / b2.ms, minus)].mean()
            for s in pathways.PAIRING_SCHEMES
            for sub in [sweep.select(pairing=s, frequency=f)]
        ]
        difference_pp[float(f / b2.Hz)] = abs(by_scheme[0] - by_scheme[1])
    return min(f for f, difference in difference_pp.items() if difference > 1.0)


@pytest.fixture(scope="module")
def naive_error_pct() -> float:
    """ex-ch4-naive: recall errors (%) after the naive network slept (Brian2)."""
    naive_sleep = sleep.sleep(sleep.initial_weights(0), seed=sleep.NIGHT.sleep_seed_offset)
    return 100 * sleep.recall_test(naive_sleep.weights, seed=sleep.NIGHT.test_seed_offset).error_rate


@pytest.fixture(scope="module")
def uniform_factor() -> float:
    """ex-ch4-uniform: forward/backward ratio after uniform downscaling over before (Brian2)."""
    w = sleep.night_vs_day(seed=0).slept.weights
    uniform = sleep.downscale(w, sleep.DOWNSCALING.strength, spare_percentile=100.0)
    return sleep.signal_to_noise(uniform) / sleep.signal_to_noise(w)


def best_dream_noise() -> float:
    """ex-ch4-dreams: the grid's noise level with the best mean held-out accuracy (numpy, fast)."""
    held_out = {}
    for noise in (0.1, 0.5, 1.0, 2.0, 5.0):
        held_out[noise] = sleep.dream_generalisation(n_seeds=sleep.DREAMS.n_seeds, dream_noise=noise).test_dream.mean()
    return max(held_out, key=lambda noise: held_out[noise])


def better_laws() -> tuple[str, str]:
    """ex-ch1-averaging: the better law for rates spanning 3 and 100 (fits only, fast)."""
    trials_n = np.arange(1, 31.0)
    better = {}
    for span in (3, 100):
        rates_ = np.geomspace(1.0 / span, 1.0, 8)
        mean_curve = np.mean([2 + 10 * np.exp(-a * (trials_n - 1)) for a in rates_], axis=0)
        sse = {law: pathways.fit_practice_law(trials_n, mean_curve, law).sse for law in pathways.PRACTICE_LAWS}
        better[span] = min(sse, key=lambda law: sse[law])
    return better[3], better[100]


def uniform_start() -> tuple[float, float]:
    """ex-ch1-uniform: the share near 0 and its density ratio of evenly spaced weights (fast)."""
    bands = pathways.weight_bands((np.arange(100_000) + 0.5) / 100_000)
    return float(bands.low), float(bands.density_ratios()[0])


def net_drift(a_plus, tau_plus, a_minus, tau_minus):
    """The book's solution of ex-ch1-balance."""
    return a_plus * tau_plus - a_minus * tau_minus


# ---------------------------------------------------------------------------
# Fakes of the memsim calls: the verdict must follow them
# ---------------------------------------------------------------------------


def fake_pairing_experiment(delta_t=None, *, protocol, rule, seed, **_):
    """Isolated pairs, but with LTD growing as the square of A-: doubling A- quadruples the fitted LTD."""
    base = pathways.STDPRule()
    squared = dataclasses.replace(rule, a_minus=rule.a_minus**2 / base.a_minus)
    n = protocol.delta_t.size
    return pathways.PairingResult(
        delta_t=protocol.delta_t,
        frequency=np.full(n, float(protocol.frequency / b2.Hz)) * b2.Hz,
        pairing=np.full(n, rule.pairing),
        weight_change=protocol.n_pairings * pathways.stdp_window(protocol.delta_t, squared),
        n_pairings=protocol.n_pairings,
    )


def fake_frequency_sweep(*, protocol, rule, seed, differ_from_hz=40.0):
    """Both schemes depress by 20 %, except that nearest-neighbour depresses by 10 % from ``differ_from_hz`` on."""
    rows = [
        (float(dt / b2.ms), float(f / b2.Hz), scheme)
        for f in protocol.frequencies
        for scheme in pathways.PAIRING_SCHEMES
        for dt in protocol.delta_t
    ]
    change = [-0.1 if (scheme == "nearest" and f >= differ_from_hz) else -0.2 for _, f, scheme in rows]
    return pathways.PairingResult(
        delta_t=np.array([r[0] for r in rows]) * b2.ms,
        frequency=np.array([r[1] for r in rows]) * b2.Hz,
        pairing=np.array([r[2] for r in rows]),
        weight_change=np.array(change),
        n_pairings=protocol.n_pairings,
    )


# ---------------------------------------------------------------------------
# The checks are collected and named as the book calls them
# ---------------------------------------------------------------------------


def test_checks_are_collected_by_label_and_named_after_it():
    for chapter in (chapter1, chapter4):
        for label, function in chapter.CHECKS.items():
            assert function.__name__ == label.removeprefix("ex-").replace("-", "_")
            assert check.CHECKS[label] is function
            assert getattr(check, function.__name__) is function
    assert set(chapter1.CHECKS) == {f"ex-ch1-{s}" for s in ("ratio", "scheme", "balance", "uniform", "averaging")}
    assert set(chapter4.CHECKS) == {f"ex-ch4-{s}" for s in ("naive", "uniform", "dreams")}


# ---------------------------------------------------------------------------
# ex-ch1-ratio
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_ratio_accepts_the_solution_and_rejects_wrong_ratios(ltd_ratio):
    assert check.ch1_ratio(ltd_ratio).verdict == "right"
    assert check.ch1_ratio(round(ltd_ratio, 2)).verdict == "right"
    assert check.ch1_ratio(1.05 * ltd_ratio).verdict == "close"
    assert check.ch1_ratio(1.0).verdict == "wrong"  # "A- does not matter"
    assert check.ch1_ratio(0.5).verdict == "wrong"  # inverted
    assert check.ch1_ratio(4.0).verdict == "wrong"


def test_ratio_follows_the_pairing_model(monkeypatch):
    monkeypatch.setattr(pathways, "pairing_experiment", fake_pairing_experiment)
    assert check.ch1_ratio(2.0).verdict == "wrong"
    assert check.ch1_ratio(4.0).verdict == "right"


def test_ratio_without_an_answer_runs_no_model(monkeypatch):
    monkeypatch.setattr(pathways, "pairing_experiment", _model_must_not_run)
    assert check.ch1_ratio(None).verdict == "no answer yet"


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_ratio_rejects_a_bad_type(monkeypatch, bad):
    monkeypatch.setattr(pathways, "pairing_experiment", _model_must_not_run)
    with pytest.raises((TypeError, ValueError), match="ratio"):
        check.ch1_ratio(bad)


# ---------------------------------------------------------------------------
# ex-ch1-scheme
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_scheme_accepts_the_solution_and_rejects_other_frequencies(lowest_hz):
    assert check.ch1_scheme(lowest_hz).verdict == "right"
    others = [float(f / b2.Hz) for f in pathways.FREQUENCY_EXPERIMENT.frequencies if float(f / b2.Hz) != lowest_hz]
    assert len(others) >= 2
    for other in others:
        assert check.ch1_scheme(other).verdict == "wrong"


def test_scheme_follows_the_sweep(monkeypatch):
    monkeypatch.setattr(pathways, "frequency_sweep", fake_frequency_sweep)
    assert check.ch1_scheme(10.0).verdict == "wrong"
    assert check.ch1_scheme(40.0).verdict == "right"
    monkeypatch.setattr(pathways, "frequency_sweep", lambda **kw: fake_frequency_sweep(**kw, differ_from_hz=5.0))
    assert check.ch1_scheme(40.0).verdict == "wrong"
    assert check.ch1_scheme(5.0).verdict == "right"


def test_scheme_says_when_the_model_gives_no_answer(monkeypatch):
    monkeypatch.setattr(pathways, "frequency_sweep", lambda **kw: fake_frequency_sweep(**kw, differ_from_hz=1e9))
    with pytest.raises(RuntimeError, match="never differ"):
        check.ch1_scheme(10.0)


def test_scheme_without_an_answer_runs_no_model(monkeypatch):
    monkeypatch.setattr(pathways, "frequency_sweep", _model_must_not_run)
    assert check.ch1_scheme(None).verdict == "no answer yet"


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_scheme_rejects_a_bad_type(monkeypatch, bad):
    monkeypatch.setattr(pathways, "frequency_sweep", _model_must_not_run)
    with pytest.raises((TypeError, ValueError), match="frequency_hz"):
        check.ch1_scheme(bad)


# ---------------------------------------------------------------------------
# ex-ch1-balance (a code answer)
# ---------------------------------------------------------------------------


def test_balance_accepts_the_closed_form():
    assert check.ch1_balance(net_drift).verdict == "right"


def test_balance_runs_cases_the_exercise_does_not_show():
    default = pathways.STDPRule()
    shown = {default.a_plus, default.a_minus, float(default.tau_plus / b2.ms), float(default.tau_minus / b2.ms)}
    for case in chapter1.BALANCE_CASES:
        assert not shown & set(case.values())


@pytest.mark.parametrize(
    "wrong",
    [
        lambda a_plus, tau_plus, a_minus, tau_minus: a_plus * tau_plus + a_minus * tau_minus,  # sign of LTD lost
        lambda a_plus, tau_plus, a_minus, tau_minus: a_plus * tau_minus - a_minus * tau_plus,  # time constants swapped
        lambda a_plus, tau_plus, a_minus, tau_minus: (a_plus * tau_plus - a_minus * tau_minus) / 1000,  # in s
    ],
    ids=["sum", "swapped", "seconds"],
)
def test_balance_rejects_wrong_functions(wrong):
    assert check.ch1_balance(wrong).verdict == "wrong"


def test_balance_reports_a_function_that_raises():
    def broken(a_plus, tau_plus, a_minus, tau_minus):
        raise ZeroDivisionError("oops")

    feedback = check.ch1_balance(broken)
    assert feedback.verdict == "wrong"
    assert "ZeroDivisionError" in feedback.message


def test_balance_follows_the_window(monkeypatch):
    window = pathways.stdp_window
    monkeypatch.setattr(pathways, "stdp_window", lambda delta_t, rule=None: 3 * window(delta_t, rule))
    assert check.ch1_balance(net_drift).verdict == "wrong"
    assert check.ch1_balance(lambda **case: 3 * net_drift(**case)).verdict == "right"


def test_balance_without_an_answer():
    assert check.ch1_balance(None).verdict == "no answer yet"


@pytest.mark.parametrize("bad", ["net_drift", True, float("nan")])
def test_balance_rejects_a_bad_type(bad):
    with pytest.raises(TypeError, match="net_drift"):
        check.ch1_balance(bad)


# ---------------------------------------------------------------------------
# ex-ch1-uniform (two numbers)
# ---------------------------------------------------------------------------


def test_uniform_accepts_the_solution_and_the_prediction():
    share, ratio = uniform_start()
    assert check.ch1_uniform(share, ratio).verdict == "right"
    assert check.ch1_uniform(0.1, 1.0).verdict == "right"  # the prediction, to one decimal


def test_uniform_grades_each_part():
    assert check.ch1_uniform(0.1, 1.1).verdict == "close"  # a ratio as one noisy snapshot gives it
    assert check.ch1_uniform(10.0, 1.0).verdict == "wrong"  # a percentage, not a fraction
    assert check.ch1_uniform(0.1, 5.0).verdict == "wrong"  # a peak where there is none
    assert check.ch1_uniform(0.2, 1.0).verdict == "wrong"  # both end bands together


def test_uniform_follows_the_band_measure(monkeypatch):
    fake = pathways.WeightBands(margin=0.1, low=np.float64(0.3), middle=np.float64(0.5), high=np.float64(0.2))
    monkeypatch.setattr(pathways, "weight_bands", lambda weights, margin=0.1: fake)
    assert check.ch1_uniform(0.1, 1.0).verdict == "wrong"
    assert check.ch1_uniform(0.3, (0.3 / 0.1) / (0.5 / 0.8)).verdict == "right"


@pytest.mark.parametrize("answers", [(None, None), (None, 1.0), (0.1, None)])
def test_uniform_without_an_answer(monkeypatch, answers):
    monkeypatch.setattr(pathways, "weight_bands", _model_must_not_run)
    assert check.ch1_uniform(*answers).verdict == "no answer yet"


@pytest.mark.parametrize("bad", BAD_NUMBERS)
@pytest.mark.parametrize("position, name", [(0, "share"), (1, "ratio")])
def test_uniform_rejects_a_bad_type(monkeypatch, bad, position, name):
    monkeypatch.setattr(pathways, "weight_bands", _model_must_not_run)
    answers = [0.1, 1.0]
    answers[position] = bad
    with pytest.raises((TypeError, ValueError), match=name):
        check.ch1_uniform(*answers)


# ---------------------------------------------------------------------------
# ex-ch1-averaging (two choices)
# ---------------------------------------------------------------------------


def test_averaging_accepts_the_solution():
    assert better_laws() == ("exponential", "power")  # the exercise's point: the averaging artefact appears
    assert check.ch1_averaging(*better_laws()).verdict == "right"
    assert check.ch1_averaging(" Exponential ", "POWER").verdict == "right"


@pytest.mark.parametrize("answers", [("power", "power"), ("exponential", "exponential"), ("power", "exponential")])
def test_averaging_rejects_wrong_choices_without_saying_which(answers):
    feedback = check.ch1_averaging(*answers)
    assert feedback.verdict == "wrong"
    assert "span" not in feedback.message


def test_averaging_follows_the_fits(monkeypatch):
    def exponential_always_wins(trials, times, law):
        return pathways.LawFit(law, 0.0, 1.0, 1.0, 0.0 if law == "exponential" else 1.0, 1.0)

    monkeypatch.setattr(pathways, "fit_practice_law", exponential_always_wins)
    assert check.ch1_averaging("exponential", "power").verdict == "wrong"
    assert check.ch1_averaging("exponential", "exponential").verdict == "right"


@pytest.mark.parametrize("answers", [(None, None), (None, "power"), ("exponential", None)])
def test_averaging_without_an_answer(monkeypatch, answers):
    monkeypatch.setattr(pathways, "fit_practice_law", _model_must_not_run)
    assert check.ch1_averaging(*answers).verdict == "no answer yet"


@pytest.mark.parametrize("bad", ["power law", True, float("nan")])
@pytest.mark.parametrize("position, name", [(0, "law_span_3"), (1, "law_span_100")])
def test_averaging_rejects_a_bad_answer(monkeypatch, bad, position, name):
    monkeypatch.setattr(pathways, "fit_practice_law", _model_must_not_run)
    answers = ["exponential", "power"]
    answers[position] = bad
    with pytest.raises(ValueError, match=name):
        check.ch1_averaging(*answers)


# ---------------------------------------------------------------------------
# ex-ch4-naive
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_naive_accepts_the_solution_and_rejects_wrong_rates(naive_error_pct):
    assert check.ch4_naive(naive_error_pct).verdict == "right"
    assert check.ch4_naive(round(naive_error_pct)).verdict == "right"
    one_trial = 100 / sleep.NIGHT.test_trials
    assert check.ch4_naive(naive_error_pct - 0.05 * one_trial).verdict == "close"
    assert check.ch4_naive(abs(naive_error_pct - 100)).verdict == "wrong"  # the opposite outcome
    assert check.ch4_naive(abs(naive_error_pct - one_trial)).verdict == "wrong"  # one trial off


def test_naive_follows_the_network(monkeypatch):
    monkeypatch.setattr(sleep, "sleep", lambda weights, seed: SimpleNamespace(weights=weights))
    monkeypatch.setattr(sleep, "recall_test", lambda weights, seed: SimpleNamespace(error_rate=0.25))
    assert check.ch4_naive(100.0).verdict == "wrong"
    assert check.ch4_naive(25.0).verdict == "right"


def test_naive_without_an_answer_runs_no_model(monkeypatch):
    monkeypatch.setattr(sleep, "sleep", _model_must_not_run)
    assert check.ch4_naive(None).verdict == "no answer yet"


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_naive_rejects_a_bad_type(monkeypatch, bad):
    monkeypatch.setattr(sleep, "sleep", _model_must_not_run)
    with pytest.raises((TypeError, ValueError), match="error_pct"):
        check.ch4_naive(bad)


# ---------------------------------------------------------------------------
# ex-ch4-uniform
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_uniform_downscaling_accepts_the_solution_and_rejects_wrong_factors(uniform_factor):
    assert check.ch4_uniform(uniform_factor).verdict == "right"
    assert check.ch4_uniform(round(uniform_factor, 2)).verdict == "right"
    assert check.ch4_uniform(1.03 * uniform_factor).verdict == "close"
    assert check.ch4_uniform((1 - sleep.DOWNSCALING.strength) * uniform_factor).verdict == "wrong"  # scaled like w
    selective = sleep.downscale(sleep.night_vs_day(seed=0).slept.weights, sleep.DOWNSCALING.strength)
    w = sleep.night_vs_day(seed=0).slept.weights
    assert check.ch4_uniform(sleep.signal_to_noise(selective) / sleep.signal_to_noise(w)).verdict == "wrong"


def test_uniform_downscaling_follows_the_model(monkeypatch):
    weights = sleep.initial_weights(0)
    monkeypatch.setattr(sleep, "night_vs_day", lambda seed: SimpleNamespace(slept=SimpleNamespace(weights=weights)))

    def backward_only(w, strength, spare_percentile=80.0):
        scaled = w.copy()
        scaled[sleep.pathway_mask(-1)] *= 1 - strength
        return scaled

    monkeypatch.setattr(sleep, "downscale", backward_only)
    assert check.ch4_uniform(1.0).verdict == "wrong"
    assert check.ch4_uniform(1 / (1 - sleep.DOWNSCALING.strength)).verdict == "right"


def test_uniform_downscaling_without_an_answer_runs_no_model(monkeypatch):
    monkeypatch.setattr(sleep, "night_vs_day", _model_must_not_run)
    assert check.ch4_uniform(None).verdict == "no answer yet"


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_uniform_downscaling_rejects_a_bad_type(monkeypatch, bad):
    monkeypatch.setattr(sleep, "night_vs_day", _model_must_not_run)
    with pytest.raises((TypeError, ValueError), match="factor"):
        check.ch4_uniform(bad)


# ---------------------------------------------------------------------------
# ex-ch4-dreams
# ---------------------------------------------------------------------------


def test_dreams_accepts_the_solution_and_rejects_other_levels():
    best = best_dream_noise()
    assert check.ch4_dreams(best).verdict == "right"
    others = [noise for noise in chapter4.DREAM_NOISES if noise != best]
    for other in others:
        assert check.ch4_dreams(other).verdict == "wrong"
    assert check.ch4_dreams(sleep.DREAMS.dream_noise).verdict == "wrong"  # the chapter's level is not in the grid


def test_dreams_follows_the_model(monkeypatch):
    real_best = best_dream_noise()
    peak = next(noise for noise in chapter4.DREAM_NOISES if noise != real_best)

    def best_at_peak(n_seeds, dream_noise):
        return SimpleNamespace(test_dream=np.array([1.0 - abs(np.log(dream_noise / peak))]))

    monkeypatch.setattr(sleep, "dream_generalisation", best_at_peak)
    assert check.ch4_dreams(real_best).verdict == "wrong"
    assert check.ch4_dreams(peak).verdict == "right"


def test_dreams_without_an_answer_runs_no_model(monkeypatch):
    monkeypatch.setattr(sleep, "dream_generalisation", _model_must_not_run)
    assert check.ch4_dreams(None).verdict == "no answer yet"


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_dreams_rejects_a_bad_type(monkeypatch, bad):
    monkeypatch.setattr(sleep, "dream_generalisation", _model_must_not_run)
    with pytest.raises((TypeError, ValueError), match="noise"):
        check.ch4_dreams(bad)


# ---------------------------------------------------------------------------
# A check never shows the answer
# ---------------------------------------------------------------------------


def test_no_message_shows_the_expected_value(monkeypatch):
    """With a model faked to give an unmistakable value, no verdict's message contains it."""
    odd = 0.0371828
    monkeypatch.setattr(sleep, "sleep", lambda weights, seed: SimpleNamespace(weights=weights))
    monkeypatch.setattr(sleep, "recall_test", lambda weights, seed: SimpleNamespace(error_rate=odd))
    for answer in (100 * odd, 100 * odd * 1.05, 50.0):
        feedback = check.ch4_naive(answer)
        assert "3.7" not in str(feedback)
    fake = pathways.WeightBands(margin=0.1, low=np.float64(odd), middle=np.float64(0.9), high=np.float64(0.0629))
    monkeypatch.setattr(pathways, "weight_bands", lambda weights, margin=0.1: fake)
    for answers in ((odd, 0.5), (0.5, 0.5)):
        feedback = check.ch1_uniform(*answers)
        assert "0.037" not in str(feedback) and "3.7" not in str(feedback)


# ---------------------------------------------------------------------------
# The notebooks: each exercise, its learner's cell and its solution
# ---------------------------------------------------------------------------

NOTEBOOKS = {
    chapter1: ROOT / "notebooks" / "01_pathways.ipynb",
    chapter4: ROOT / "notebooks" / "04_sleep_replay.ipynb",
}
SOLUTION_END = "````{solution-end}\n````"


def exercise_blocks(path):
    """Per exercise: its label, its markdown, the learner's cell, and the solution's code cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = ["".join(cell["source"]) for cell in cells]
    blocks = []
    for k, cell in enumerate(cells):
        found = re.search(r"````\{exercise\}.*?\n:label: (\S+)", text[k])
        if cell["cell_type"] != "markdown" or not found:
            continue
        label = found.group(1)
        assert text[k].rstrip().endswith("````"), f"{label}: the exercise's cell must end with the directive"
        answer = cells[k + 1]
        assert text[k + 2].startswith(f"````{{solution-start}} {label}\n:class: dropdown\n````"), label
        end = next(j for j in range(k + 3, len(cells)) if cells[j]["cell_type"] == "markdown")
        assert text[end] == SOLUTION_END, f"{label}: the solution must end with a solution-end cell alone"
        solution = [text[j] for j in range(k + 3, end)]
        assert solution and all(cells[j]["cell_type"] == "code" for j in range(k + 3, end)), label
        blocks.append((label, text[k], answer, solution))
    return blocks


@pytest.mark.parametrize("chapter", list(NOTEBOOKS), ids=lambda c: NOTEBOOKS[c].name)
def test_every_exercise_has_its_check_a_learner_cell_and_a_checked_solution(chapter):
    blocks = exercise_blocks(NOTEBOOKS[chapter])
    assert [label for label, *_ in blocks] == list(chapter.CHECKS)
    for label, exercise, answer, solution in blocks:
        name = chapter.CHECKS[label].__name__
        assert f"`check.{name}(" in exercise, f"{label}: the exercise must say how to call its check"
        assert "{cite" not in exercise and "memsim." not in exercise
        assert answer["cell_type"] == "code" and answer["metadata"]["tags"] == ["remove-cell", "exercise-check"]
        lines = "".join(answer["source"]).splitlines()
        assert lines[0].startswith("# Your answer: ") and lines[0].endswith(" Replace None, then run this cell.")
        assert all(re.fullmatch(r"your_\w+ = None", line) for line in lines[1:-1]), label
        assert re.fullmatch(rf"check\.{name}\((your_\w+(, )?)+\)", lines[-1]), label
        assert solution[-1].splitlines()[-1].startswith(f"check.{name}("), f"{label}: the solution must call the check"


@pytest.mark.parametrize("chapter", list(NOTEBOOKS), ids=lambda c: NOTEBOOKS[c].name)
def test_learner_cells_run_as_they_stand(chapter, monkeypatch):
    """With None in place, each learner's cell says "no answer yet", without running a model."""
    for module, names in ((pathways, ("pairing_experiment", "frequency_sweep")), (sleep, ("sleep", "night_vs_day"))):
        for name in names:
            monkeypatch.setattr(module, name, _model_must_not_run)
    for label, _, answer, _ in exercise_blocks(NOTEBOOKS[chapter]):
        *body, last = "".join(answer["source"]).splitlines()
        namespace = {"check": check}
        exec("\n".join(body), namespace)
        assert eval(last, namespace).verdict == "no answer yet", label


@pytest.mark.parametrize("path", NOTEBOOKS.values(), ids=lambda p: p.name)
def test_the_first_import_cell_imports_check(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    shown = [c for c in cells if c["cell_type"] == "code" and "remove-input" not in c["metadata"].get("tags", [])]
    first = next("".join(c["source"]) for c in shown if "from memsim import" in "".join(c["source"]))
    assert re.search(r"^from memsim import check, ", first, re.MULTILINE)
