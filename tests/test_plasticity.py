"""Chapter 1's model: the STDP pairing protocol, the window fit, and bad input."""

from __future__ import annotations

import brian2 as b2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memsim import literature, pathways
from memsim.pathways import pairing
from tests.conftest import requires_compiler

# Most tests here compile or run a spiking network, so the module is left out of make check.
pytestmark = pytest.mark.slow

#: Bi & Poo's protocol as the chapter runs it: 60 pairings at 1 Hz, every 5 ms from -100 to +100 ms.
PAIRING = pathways.PAIRING
DELTA_T = PAIRING.delta_t


@pytest.fixture(scope="module")
def one_hz():
    return pathways.pairing_experiment(protocol=PAIRING, seed=7)


@pytest.fixture(scope="module")
def twenty_hz():
    return pathways.pairing_experiment(
        protocol=pathways.HIGH_FREQUENCY_PAIRING, pairings=pathways.PAIRING_SCHEMES, seed=7
    )


def test_isolated_pair_window_values():
    rule = pathways.STDPRule()
    window = pathways.stdp_window(np.array([-rule.tau_minus / b2.ms, 0.0, rule.tau_plus / b2.ms]) * b2.ms, rule)
    np.testing.assert_allclose(window, [-rule.a_minus / np.e, 0.0, rule.a_plus / np.e])


@requires_compiler
def test_protocol_without_jitter_matches_the_isolated_pair_window_exactly():
    """At 1 Hz each pair acts alone: 60 pairings give 60 times the single-pair change."""
    result = pathways.pairing_experiment(DELTA_T, n_cells=1, jitter_sd=0 * b2.ms, seed=0)
    assert PAIRING.n_pairings == 60
    expected = PAIRING.n_pairings * pathways.stdp_window(result.delta_t)
    ordered = result.delta_t != 0 * b2.ms  # simultaneous spikes have no order
    np.testing.assert_allclose(result.weight_change[ordered], expected[ordered], rtol=1e-9, atol=1e-12)


@requires_compiler
def test_fit_recovers_the_rules_time_constants_within_10_percent_at_1hz(one_hz):
    rule = pathways.STDPRule()
    fit = pathways.fit_stdp_window(one_hz.delta_t, one_hz.weight_change)
    assert float(fit.tau_plus / b2.ms) == pytest.approx(float(rule.tau_plus / b2.ms), rel=0.10)
    assert float(fit.tau_minus / b2.ms) == pytest.approx(float(rule.tau_minus / b2.ms), rel=0.10)


@requires_compiler
def test_fit_reproduces_the_published_time_constants_within_their_tolerance(one_hz):
    fit = pathways.fit_stdp_window(one_hz.delta_t, one_hz.weight_change)
    model = pathways.PAIRING_PROVENANCE
    rows = [
        literature.compare("bi2001.tau_plus", float(fit.tau_plus / b2.ms), provenance=model),
        literature.compare("bi2001.tau_minus", float(fit.tau_minus / b2.ms), provenance=model),
    ]
    assert all(row.agrees for row in rows)
    # The rule was given these values: agreement is by construction, not evidence.
    assert [row.kind for row in rows] == ["input", "input"]


def test_the_rule_and_the_protocol_take_their_published_values_from_the_table():
    rule = pathways.STDPRule()
    assert rule.tau_plus == literature.published("bi2001.tau_plus", quantity=True)
    assert rule.tau_minus == literature.published("bi2001.tau_minus", quantity=True)
    assert PAIRING.n_pairings == literature.published("bi1998.n_pairings")
    assert PAIRING.frequency == literature.published("bi1998.pairing_frequency", quantity=True)
    assert pathways.FREQUENCY_EXPERIMENT.n_pairings == PAIRING.n_pairings


@requires_compiler
def test_fitted_amplitudes_are_n_pairings_times_the_per_pair_amplitudes(one_hz):
    rule = pathways.STDPRule()
    fit = pathways.fit_stdp_window(one_hz.delta_t, one_hz.weight_change)
    # Jitter of 1 ms slightly lowers the peak; 5 % covers it, a wrong count would not pass.
    assert fit.amplitude_plus == pytest.approx(PAIRING.n_pairings * rule.a_plus, rel=0.05)
    assert fit.amplitude_minus == pytest.approx(PAIRING.n_pairings * rule.a_minus, rel=0.05)


@requires_compiler
def test_high_frequency_schemes_differ_by_more_than_the_fit_confidence(twenty_hz):
    fits = {
        s: pathways.fit_stdp_window(sub.delta_t, sub.weight_change)
        for s in pathways.PAIRING_SCHEMES
        for sub in [twenty_hz.select(pairing=s)]
    }
    a2a, nn = fits["all_to_all"].as_dict(), fits["nearest"].as_dict()
    separated = [abs(a2a[name][0] - nn[name][0]) > a2a[name][1] + nn[name][1] for name in a2a]
    assert any(separated), (a2a, nn)
    # The LTD amplitude in particular is larger with all-to-all pairing, where every
    # earlier postsynaptic spike adds depression.
    assert a2a["amplitude_minus"][0] - a2a["amplitude_minus"][1] > nn["amplitude_minus"][0] + nn["amplitude_minus"][1]


@requires_compiler
def test_at_1hz_the_schemes_agree():
    result = pathways.pairing_experiment(
        pathways.FREQUENCY_EXPERIMENT.delta_t,
        pairings=pathways.PAIRING_SCHEMES,
        n_cells=1,
        jitter_sd=0 * b2.ms,
        seed=3,
    )
    a2a = result.select(pairing="all_to_all").weight_change
    nn = result.select(pairing="nearest").weight_change
    np.testing.assert_allclose(a2a, nn, atol=1e-9)


@requires_compiler
def test_same_seed_gives_identical_arrays_and_another_seed_does_not():
    first = pathways.pairing_experiment(DELTA_T[:10], n_cells=3, seed=11)
    again = pathways.pairing_experiment(DELTA_T[:10], n_cells=3, seed=11)
    other = pathways.pairing_experiment(DELTA_T[:10], n_cells=3, seed=12)
    np.testing.assert_array_equal(first.weight_change, again.weight_change)
    assert not np.array_equal(first.weight_change, other.weight_change)


@requires_compiler
def test_stopping_after_the_last_spike_changes_no_weight(monkeypatch):
    """The binary stops once a fast protocol's last spike is past; running on idle changes nothing.

    Stopping 10 ms before the last spike does change the weights, so the
    comparison can tell.
    """

    def run(stop_shift_ms):
        original = pairing.last_spike_ms
        monkeypatch.setattr(pairing, "last_spike_ms", lambda *args: original(*args) + stop_shift_ms)
        result = pathways.pairing_experiment(
            np.linspace(-12, 12, 7) * b2.ms, frequency=40 * b2.Hz, pairings=pathways.PAIRING_SCHEMES, n_cells=2, seed=5
        )
        monkeypatch.undo()
        return result.weight_change

    early_stop = run(0.0)
    np.testing.assert_array_equal(early_stop, run(1e6))  # the whole compiled protocol length
    assert not np.array_equal(early_stop, run(-10.0))


def test_last_spike_bounds_every_cells_last_spike():
    settings = {
        "delta_t_ms": np.array([-30.0, 12.0, 0.0]),
        "period_ms": np.array([25.0, 25.0, 1000.0]),
        "n_pairings": np.array([60, 60, 0]),
    }
    jitter = np.array([[2.0, -1.0, 9.0]])
    # The pre cell 30 ms late, or the post cell 12 ms + 9 ms of jitter late; the unused row never fires.
    lead_in, half_step = 20.0, 0.125
    assert pairing.last_spike_ms(settings, jitter) == pytest.approx(lead_in + 59 * 25.0 + 30.0 + half_step)
    jitter[0, 1] = 20.0
    assert pairing.last_spike_ms(settings, jitter) == pytest.approx(lead_in + 59 * 25.0 + 32.0 + half_step)
    assert pairing.last_spike_ms({**settings, "n_pairings": np.zeros(3, int)}, jitter) == 0.0


@requires_compiler
def test_frequency_sweep_matches_what_chapter_1_says():
    """The chapter's prose describes these directions; they must hold."""
    protocol = pathways.FREQUENCY_EXPERIMENT
    frequencies = protocol.frequencies
    assert [float(f / b2.Hz) for f in frequencies] == [1, 5, 10, 20, 40]
    assert sorted(np.asarray(protocol.delta_t / b2.ms)) == [-10, 10]
    sweep = pathways.frequency_sweep(protocol=protocol, seed=2026)

    def mean_change(scheme, f, interval):
        sub = sweep.select(pairing=scheme, frequency=f)
        return sub.weight_change[np.isclose(sub.delta_t / b2.ms, interval)].mean()

    assert mean_change("nearest", frequencies[-1], -10) > 0
    assert mean_change("all_to_all", frequencies[-1], -10) < 0
    plus = [mean_change("all_to_all", f, 10) for f in frequencies]
    assert plus[-1] < 0.5 * plus[0]
    # From 10 Hz up, neighbouring pairs interact more and more: LTP keeps shrinking.
    assert plus[2] > plus[3] > plus[4]


#: The chapter's held-out test (seed 2026, all-to-all pairing): model value and
#: outcome per Sjöström et al. (2001) row. Pinned whether it agrees or misses;
#: the rule was fixed before these data were compared, and is not tuned to them.
SJOSTROM_OUTCOMES = {
    "sjostrom2001.change_plus10_10hz": (0.312, False),
    "sjostrom2001.change_minus10_10hz": (-0.232, True),
    "sjostrom2001.change_plus10_20hz": (0.233, True),
    "sjostrom2001.change_minus10_20hz": (-0.229, True),
    "sjostrom2001.change_plus10_40hz": (0.073, False),
    "sjostrom2001.change_minus10_40hz": (-0.108, False),
}


@pytest.fixture(scope="module")
def chapter_sweep():
    return pathways.frequency_sweep(protocol=pathways.FREQUENCY_EXPERIMENT, seed=2026)


@requires_compiler
def test_the_sjostrom_predictions_come_out_as_the_chapter_reports(chapter_sweep):
    rows = pathways.frequency_comparisons(chapter_sweep)
    assert [row.measurement.key for row in rows] == list(SJOSTROM_OUTCOMES)
    for row in rows:
        value, agrees = SJOSTROM_OUTCOMES[row.measurement.key]
        assert row.kind == "prediction", row.row_id
        assert row.row_id == f"pathways.pairing:{row.measurement.key}"
        assert row.model_value == pytest.approx(value, abs=0.01), row.row_id
        assert row.agrees is agrees, row.row_id
    assert sum(row.agrees for row in rows) == 3


@requires_compiler
def test_the_pair_rule_cannot_make_potentiation_grow_with_rate(chapter_sweep):
    """The finding behind the misses, independent of the amplitudes' scale."""
    rows = {row.measurement.key: row for row in pathways.frequency_comparisons(chapter_sweep)}
    high, low = rows["sjostrom2001.change_plus10_40hz"], rows["sjostrom2001.change_plus10_10hz"]
    model_ratio = high.model_value / low.model_value
    published_ratio = high.measurement.value / low.measurement.value
    assert model_ratio == pytest.approx(0.23, abs=0.03)
    assert published_ratio > 3 > 1 > model_ratio
    # With nearest-neighbour pairing, post-before-pre at 40 Hz turns barely positive.
    nearest = {row.measurement.key: row for row in pathways.frequency_comparisons(chapter_sweep, "nearest")}
    assert nearest["sjostrom2001.change_minus10_40hz"].model_value == pytest.approx(0.019, abs=0.01)


def test_frequency_comparisons_reject_bad_input():
    result = pathways.PairingResult(
        delta_t=np.array([10.0]) * b2.ms,
        frequency=np.array([1.0]) * b2.Hz,
        pairing=np.array(["all_to_all"]),
        weight_change=np.array([0.1]),
        n_pairings=60,
    )
    with pytest.raises(ValueError, match="sweep must include 10 Hz"):
        pathways.frequency_comparisons(result)
    with pytest.raises(ValueError, match="pairing must be one of"):
        pathways.frequency_comparisons(result, "triplet")
    with pytest.raises(TypeError, match="sweep must be a PairingResult"):
        pathways.frequency_comparisons("sweep")


def test_the_chapters_provenances_declare_what_their_models_were_given():
    pairing, practice = pathways.PAIRING_PROVENANCE, pathways.PRACTICE_PROVENANCE
    assert pairing.kind("bi2001.tau_plus") == pairing.kind("bi2001.tau_minus") == "input"
    assert pairing.kind("bi1998.window") == "calibrated"
    assert pairing.kind("sjostrom2001.change_plus10_40hz") == "prediction"
    assert practice.kind("heathcote2000.exponential_better_fraction") == "imposed"
    assert pathways.COMPETITION_PROVENANCE.kind("song2000.tau_stdp") == "input"


def test_fit_recovers_exact_synthetic_window():
    dt = np.linspace(-80, 80, 33) * b2.ms
    rule = pathways.STDPRule(tau_plus=12 * b2.ms, tau_minus=40 * b2.ms, a_plus=0.02, a_minus=0.01)
    fit = pathways.fit_stdp_window(dt, pathways.stdp_window(dt, rule))
    assert float(fit.tau_plus / b2.ms) == pytest.approx(12.0, rel=1e-6)
    assert float(fit.tau_minus / b2.ms) == pytest.approx(40.0, rel=1e-6)
    assert fit.amplitude_plus == pytest.approx(0.02, rel=1e-6)
    assert fit.amplitude_minus == pytest.approx(0.01, rel=1e-6)


# ---- bad input: every public function names the parameter and its range ----


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"tau_plus": -5 * b2.ms}, ValueError, "tau_plus must be in"),
        ({"tau_plus": 0 * b2.ms}, ValueError, "tau_plus must be in"),
        ({"tau_minus": np.nan * b2.ms}, ValueError, "tau_minus must be finite"),
        ({"tau_minus": 20 * b2.mV}, b2.DimensionMismatchError, "tau_minus must have the units"),
        ({"tau_plus": 20.0}, TypeError, "tau_plus must be a Brian2 quantity"),
        ({"a_plus": 1.5}, ValueError, r"a_plus must be in \[0.0, 1.0\]"),
        ({"a_minus": -0.1}, ValueError, r"a_minus must be in \[0.0, 1.0\]"),
        ({"a_minus": float("nan")}, ValueError, "a_minus must be finite"),
        ({"pairing": "random"}, ValueError, "pairing must be one of"),
    ],
)
def test_rule_rejects_bad_parameters(kwargs, error, message):
    with pytest.raises(error, match=message):
        pathways.STDPRule(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"frequency": -1 * b2.Hz}, ValueError, "frequency must be in"),
        ({"frequency": 0 * b2.Hz}, ValueError, "frequency must be in"),
        ({"frequency": 1 * b2.ms}, b2.DimensionMismatchError, "frequency must have the units"),
        ({"frequency": np.nan * b2.Hz}, ValueError, "frequency must be finite"),
        ({"n_pairings": 0}, ValueError, r"n_pairings must be an integer in \[1, 100\]"),
        ({"n_pairings": 60.0}, TypeError, "n_pairings must be an integer"),
        ({"n_pairings": 100}, ValueError, "n_pairings / frequency must be at most"),
        ({"n_cells": 0}, ValueError, "n_cells must be an integer in"),
        ({"jitter_sd": -1 * b2.ms}, ValueError, "jitter_sd must be in"),
        ({"jitter_sd": 1 * b2.mV}, b2.DimensionMismatchError, "jitter_sd must have the units"),
        ({"seed": -3}, ValueError, "seed must be an integer"),
        ({"rule": "stdp"}, TypeError, "rule must be an STDPRule"),
        ({"protocol": "bi1998"}, TypeError, "protocol must be a PairingProtocol"),
        ({"pairings": ("all_to_all", "triplet")}, ValueError, "pairings must be one of"),
        ({"pairings": ()}, ValueError, "pairings must name at least one scheme"),
        ({"n_cells": 20}, ValueError, "must be at most 256"),
    ],
)
def test_pairing_experiment_rejects_bad_input(no_compiling, kwargs, error, message):
    with pytest.raises(error, match=message):
        pathways.pairing_experiment(DELTA_T, **kwargs)


@pytest.mark.parametrize(
    ("delta_t", "frequency", "error", "message"),
    [
        (np.array([30.0]) * b2.ms, 20 * b2.Hz, ValueError, "delta_t must lie within"),
        (np.array([np.nan]) * b2.ms, 1 * b2.Hz, ValueError, "delta_t must contain only finite"),
        (np.array([10.0]) * b2.mV, 1 * b2.Hz, b2.DimensionMismatchError, "delta_t must have the units"),
        (np.array([10.0]), 1 * b2.Hz, TypeError, "delta_t must be a Brian2 quantity"),
    ],
)
def test_pairing_experiment_rejects_bad_intervals(no_compiling, delta_t, frequency, error, message):
    with pytest.raises(error, match=message):
        pathways.pairing_experiment(delta_t, frequency=frequency)


def test_stdp_window_rejects_bad_input():
    with pytest.raises(b2.DimensionMismatchError, match="delta_t must have the units"):
        pathways.stdp_window(np.array([1.0]) * b2.Hz)
    with pytest.raises(ValueError, match="delta_t must contain only finite"):
        pathways.stdp_window(np.array([np.inf]) * b2.ms)


def test_fit_rejects_bad_input():
    dt = np.linspace(-50, 50, 11) * b2.ms
    with pytest.raises(ValueError, match="weight_change must have the same shape"):
        pathways.fit_stdp_window(dt, np.zeros(3))
    with pytest.raises(ValueError, match="weight_change must contain only finite"):
        pathways.fit_stdp_window(dt, np.full(11, np.nan))
    with pytest.raises(ValueError, match="delta_t needs at least 3 intervals"):
        pathways.fit_stdp_window(np.array([-5.0, 1.0, 2.0]) * b2.ms, np.array([-0.1, 0.2, 0.1]))


def test_frequency_sweep_rejects_bad_input():
    with pytest.raises(TypeError, match="frequencies must be a non-empty list"):
        pathways.frequency_sweep([])
    with pytest.raises(ValueError, match="frequency must be in"):
        pathways.frequency_sweep([500 * b2.Hz])
    with pytest.raises(TypeError, match="protocol must be a FrequencyProtocol"):
        pathways.frequency_sweep(protocol=pathways.PAIRING)


@pytest.mark.parametrize(
    ("protocol", "kwargs", "error", "message"),
    [
        (pathways.PairingProtocol, {"frequency": 0 * b2.Hz}, ValueError, "frequency must be in"),
        (pathways.PairingProtocol, {"n_pairings": 0}, ValueError, "n_pairings must be an integer in"),
        (pathways.PairingProtocol, {"n_cells": 21}, ValueError, "n_cells must be an integer in"),
        (pathways.PairingProtocol, {"jitter_sd": 1 * b2.mV}, b2.DimensionMismatchError, "jitter_sd must have"),
        (pathways.PairingProtocol, {"delta_t": np.array([10.0])}, TypeError, "delta_t must be a Brian2 quantity"),
        (pathways.FrequencyProtocol, {"frequencies": ()}, TypeError, "frequencies must be a non-empty tuple"),
        (pathways.FrequencyProtocol, {"frequencies": (500 * b2.Hz,)}, ValueError, "frequencies must be in"),
    ],
)
def test_protocols_reject_bad_settings(protocol, kwargs, error, message):
    with pytest.raises(error, match=message):
        protocol(**kwargs)


def test_result_select_rejects_bad_input():
    result = pathways.PairingResult(
        delta_t=np.array([1.0]) * b2.ms,
        frequency=np.array([1.0]) * b2.Hz,
        pairing=np.array(["all_to_all"]),
        weight_change=np.array([0.1]),
        n_pairings=60,
    )
    with pytest.raises(ValueError, match="pairing must be one of"):
        result.select(pairing="triplet")
    with pytest.raises(b2.DimensionMismatchError, match="frequency must have the units"):
        result.select(frequency=1 * b2.ms)


# ---- properties of the rule and the fit, over many parameter values ----

rules = st.builds(
    lambda tp, tm, ap, am: pathways.STDPRule(tau_plus=tp * b2.ms, tau_minus=tm * b2.ms, a_plus=ap, a_minus=am),
    st.floats(2.0, 60.0),
    st.floats(2.0, 80.0),
    st.floats(1e-3, 0.1),
    st.floats(1e-3, 0.1),
)


@given(rules)
@settings(max_examples=50, deadline=None)
def test_window_sign_follows_spike_order_and_decays(rule):
    dt = np.linspace(-100, 100, 81) * b2.ms
    window = pathways.stdp_window(dt, rule)
    after, before = dt > 0 * b2.ms, dt < 0 * b2.ms
    assert np.all(window[after] > 0) and np.all(window[before] < 0)
    assert np.all(np.diff(window[after]) < 0)  # LTP shrinks with the interval
    assert np.all(np.diff(window[before]) < 0)  # LTD shrinks towards long negative intervals
    assert window[after].max() <= rule.a_plus and -window[before].min() <= rule.a_minus


@given(rules)
@settings(max_examples=30, deadline=None)
def test_fit_recovers_any_rule_from_its_exact_window(rule):
    dt = np.linspace(-100, 100, 41) * b2.ms
    fit = pathways.fit_stdp_window(dt, pathways.stdp_window(dt, rule))
    assert float(fit.tau_plus / b2.ms) == pytest.approx(float(rule.tau_plus / b2.ms), rel=1e-3)
    assert float(fit.tau_minus / b2.ms) == pytest.approx(float(rule.tau_minus / b2.ms), rel=1e-3)
    assert fit.amplitude_plus == pytest.approx(rule.a_plus, rel=1e-3)
    assert fit.amplitude_minus == pytest.approx(rule.a_minus, rel=1e-3)
