"""Chapter 1, second half: competition between synapses (Song et al. 2000) and practice curves.

The suite is the chapter's own set of experiments (one call, about 20-40 s
on two cores); the assertions are the issue's criteria, stated as numbers.
"""

from __future__ import annotations

import brian2 as b2
import numpy as np
import pytest

from memsim import literature, pathways
from memsim.render import markdown
from tests.conftest import requires_compiler

# Most tests here compile or run a spiking network, so the module is left out of make check.
pytestmark = pytest.mark.slow

#: Weights within 10 % of 0 or g_max must reach this fraction at every rate.
BIMODAL_TARGET = 0.70
#: The practised group's mean weight must exceed the others' by this much (g_max units).
GROUP_MARGIN = 0.15
#: Over the last 100 s, the lowest rate's bimodal fraction may move by at most this much.
SETTLE_TOLERANCE = 0.03


@pytest.fixture(scope="module")
def suite() -> pathways.CompetitionSuite:
    return pathways.competition_suite(pathways.COMPETITION)


@requires_compiler
def test_weights_become_bimodal_at_every_input_rate(suite):
    bimodal = pathways.bimodal_fraction(suite.sweep.weights)
    assert bimodal.shape == (len(pathways.COMPETITION.sweep_rates),)
    assert np.all(bimodal >= BIMODAL_TARGET), bimodal
    # They started uniform: about 20 % in the two end bands.
    start = np.array([pathways.bimodal_fraction(s[0]) for s in suite.sweep.snapshots])
    np.testing.assert_allclose(start, 0.2, atol=0.05)


@requires_compiler
def test_the_run_is_long_enough_for_the_lowest_rate_to_settle(suite):
    lowest = int(np.argmin(suite.sweep.input_rate))
    history = pathways.bimodal_fraction(suite.sweep.snapshots[lowest])
    per_snapshot = float(pathways.SNAPSHOT_INTERVAL / b2.second)
    back = int(round(100.0 / per_snapshot))
    assert abs(history[-1] - history[-1 - back]) <= SETTLE_TOLERANCE


@requires_compiler
def test_stdp_keeps_the_output_rate_flat_and_frozen_weights_do_not(suite):
    stdp = np.asarray(suite.sweep.output_rate() / b2.Hz)
    frozen = np.asarray(suite.frozen.output_rate(start=1 * b2.second) / b2.Hz)
    rates = np.asarray(suite.sweep.input_rate / b2.Hz)
    assert rates[0] == 10 and rates[-1] == 40
    assert stdp[-1] < 2 * stdp[0]
    assert frozen[-1] >= 3 * frozen[0] or (frozen[0] < 1 and frozen[-1] - frozen[0] >= 10)


@requires_compiler
def test_practised_group_wins_the_strong_weights(suite):
    grid = suite.grid
    group = grid.group_mask()
    strongest = np.isclose(grid.modulation, max(pathways.COMPETITION.grid_modulations))
    margin = grid.weights[strongest][:, group].mean(axis=1) - grid.weights[strongest][:, ~group].mean(axis=1)
    assert strongest.sum() == len(pathways.COMPETITION.sweep_rates)
    assert np.all(margin >= GROUP_MARGIN), margin
    # ... and the other inputs lose: their mean falls from the initial 0.5 g_max.
    assert np.all(grid.weights[strongest][:, ~group].mean(axis=1) < 0.5)


@requires_compiler
def test_every_learner_gets_faster_with_practice(suite):
    curves = pathways.practice_curves(suite.practice)
    assert curves.trial_length == pathways.PRACTICE_TEST.trial_length
    assert curves.cue_rate == pathways.PRACTICE_TEST.cue_rate
    latency_ms = np.asarray(curves.latency / b2.ms)
    assert np.all(np.isfinite(latency_ms))
    first, last = latency_ms[:, :3].mean(axis=1), latency_ms[:, -3:].mean(axis=1)
    assert np.all(last < first)


@requires_compiler
def test_exponential_fits_individuals_and_power_law_fits_the_average(suite):
    """The criterion: the sum of squared residuals of the 3-parameter laws."""
    curves = pathways.practice_curves(suite.practice)
    exponential_better = [
        pathways.fit_practice_law(curves.trials, latency, "exponential").sse
        < pathways.fit_practice_law(curves.trials, latency, "power").sse
        for latency in np.asarray(curves.latency / b2.ms)
    ]
    assert all(exponential_better)
    fraction = np.mean(exponential_better)
    row = literature.compare(
        "heathcote2000.exponential_better_fraction", fraction, provenance=pathways.PRACTICE_PROVENANCE
    )
    assert row.agrees and row.kind == "imposed"  # an illustration: the learners were built this way
    average_ms = np.asarray(curves.average() / b2.ms)
    average = {law: pathways.fit_practice_law(curves.trials, average_ms, law) for law in pathways.PRACTICE_LAWS}
    assert average["power"].sse < average["exponential"].sse


@requires_compiler
def test_same_seed_same_numbers_and_worker_count_does_not_matter():
    kwargs = dict(modulation=[0.0, 0.0, 1.0], duration=10 * b2.second, group_size=50)
    rates = np.array([10.0, 30.0, 20.0]) * b2.Hz
    a = pathways.competition_experiment(rates, seed=3, workers=1, **kwargs)
    b = pathways.competition_experiment(rates, seed=3, workers=2, **kwargs)
    c = pathways.competition_experiment(rates, seed=4, workers=1, **kwargs)
    np.testing.assert_array_equal(a.weights, b.weights)
    for sa, sb in zip(a.spike_times, b.spike_times, strict=True):
        np.testing.assert_array_equal(sa, sb)
    assert not np.array_equal(a.weights, c.weights)


@requires_compiler
def test_the_run_length_is_a_run_time_value():
    result = pathways.competition_experiment(
        np.array([20.0, 20.0]) * b2.Hz, duration=np.array([4.0, 10.0]) * b2.second, seed=0
    )
    per_snapshot = float(pathways.SNAPSHOT_INTERVAL / b2.second)
    assert [s.shape[0] for s in result.snapshots] == [int(4 / per_snapshot) + 1, int(10 / per_snapshot) + 1]
    # The run ends with the time step at which the stop time is reached.
    assert result.spike_times[0].max() <= 4.0 * b2.second < result.spike_times[1].max() <= 10.0 * b2.second
    np.testing.assert_array_equal(result.snapshots[1][-1], result.weights[1])


@requires_compiler
def test_frozen_weights_do_not_change():
    result = pathways.competition_experiment(np.array([30.0]) * b2.Hz, plastic=False, duration=4 * b2.second)
    np.testing.assert_array_equal(result.snapshots[0][0], result.weights[0])


def test_response_latency_matches_the_membrane_equation():
    """Integrate tau_m dV/dt = V_rest - V + g (E_ex - V) numerically and compare."""
    weight = np.array([40.0, 60.0, 100.0])  # summed pathway weight (g_max units), all above threshold
    latency = np.asarray(pathways.response_latency(weight, 40 * b2.Hz) / b2.ms)
    song = pathways.SONG_PARAMETERS
    g = float(song.tau_ex / b2.second) * 40.0 * weight * song.g_max
    v_rest, v_th, e_ex = (float(v / b2.mV) for v in (song.v_rest, song.v_threshold, song.e_ex))
    tau_m, dt = float(song.tau_m / b2.ms), 1e-3
    assert np.all(np.isfinite(latency))
    for g_k, expected in zip(g, latency, strict=True):
        v, t = v_rest, 0.0
        while v < v_th and t < 10 * expected:
            v += dt / tau_m * (v_rest - v + g_k * (e_ex - v))
            t += dt
        assert t == pytest.approx(expected, rel=1e-3)
    assert np.all(np.diff(latency) < 0)


def test_a_pathway_too_weak_to_reach_threshold_never_responds():
    latency = pathways.response_latency(np.array([0.0, 1.0]), 40 * b2.Hz)
    assert np.all(np.isinf(np.asarray(latency / b2.ms)))


def test_practice_law_fits_recover_their_own_parameters():
    trials = np.arange(1, 41.0)
    power = 3.0 + 12.0 * trials**-0.6
    exponential = 3.0 + 12.0 * np.exp(-0.15 * (trials - 1))
    fit_p = pathways.fit_practice_law(trials, power, "power")
    fit_e = pathways.fit_practice_law(trials, exponential, "exponential")
    assert (fit_p.asymptote, fit_p.amplitude, fit_p.shape) == pytest.approx((3.0, 12.0, 0.6), rel=1e-3)
    assert (fit_e.asymptote, fit_e.amplitude, fit_e.shape) == pytest.approx((3.0, 12.0, 0.15), rel=1e-3)
    assert pathways.fit_practice_law(trials, power, "exponential").sse > fit_p.sse
    np.testing.assert_allclose(fit_e.predict(trials), exponential, rtol=1e-6)


def test_bimodal_fraction_counts_both_ends():
    weights = np.array([[0.0, 0.05, 0.5, 0.95, 1.0]])
    assert pathways.bimodal_fraction(weights)[0] == pytest.approx(0.8)
    assert pathways.bimodal_fraction(weights, margin=0.01)[0] == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(input_rate=np.array([-1.0]) * b2.Hz), ValueError, "input_rate"),
        (dict(input_rate=np.array([10.0])), TypeError, "input_rate"),
        (dict(input_rate=np.array([10.0]) * b2.ms), b2.DimensionMismatchError, "input_rate"),
        (dict(input_rate=np.array([np.nan]) * b2.Hz), ValueError, "input_rate"),
        (dict(modulation=1.5), ValueError, "modulation"),
        (dict(a_plus=-0.1), ValueError, "a_plus"),
        (dict(initial_weight=2.0), ValueError, "initial_weight"),
        (dict(group_initial_weight=-1.0), ValueError, "group_initial_weight"),
        (dict(plastic=np.array([1.0, 0.0])), TypeError, "plastic"),
        (dict(modulation=np.array([0.1, 0.2, 0.3])), ValueError, "modulation"),
        (dict(duration=3 * b2.second), ValueError, "duration"),
        (dict(duration=700 * b2.second), ValueError, "duration"),
        (dict(duration=10 * b2.Hz), b2.DimensionMismatchError, "duration"),
        (dict(group_size=1001), ValueError, "group_size"),
        (dict(group_size=10.0), TypeError, "group_size"),
        (dict(seed=-1), ValueError, "seed"),
        (dict(workers=0), ValueError, "workers"),
    ],
)
def test_competition_experiment_rejects_bad_input(no_compiling, kwargs, error, match):
    args = dict(input_rate=np.array([10.0, 20.0]) * b2.Hz)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        pathways.competition_experiment(args.pop("input_rate"), **args)


def test_other_new_functions_reject_bad_input():
    with pytest.raises(ValueError, match="margin"):
        pathways.bimodal_fraction(np.zeros((1, 3)), margin=0.6)
    with pytest.raises(ValueError, match="weights"):
        pathways.bimodal_fraction(np.array([0.5, 1.5]))
    with pytest.raises(ValueError, match="weights"):
        pathways.bimodal_fraction(np.array([0.5, np.nan]))
    with pytest.raises(ValueError, match="pathway_weight"):
        pathways.response_latency(np.array([-1.0]))
    with pytest.raises(ValueError, match="cue_rate"):
        pathways.response_latency(np.array([10.0]), 0 * b2.Hz)
    with pytest.raises(b2.DimensionMismatchError, match="cue_rate"):
        pathways.response_latency(np.array([10.0]), 40 * b2.ms)
    with pytest.raises(ValueError, match="law"):
        pathways.fit_practice_law(np.arange(1, 6.0), np.ones(5), "linear")
    with pytest.raises(ValueError, match="at least 4"):
        pathways.fit_practice_law(np.arange(1, 4.0), np.ones(3), "power")
    with pytest.raises(ValueError, match="times"):
        pathways.fit_practice_law(np.arange(1, 6.0), np.array([1, 2, np.inf, 1, 1.0]), "power")
    with pytest.raises(ValueError, match="trials"):
        pathways.fit_practice_law(np.array([1, 3, 2, 4, 5.0]), np.ones(5), "power")
    with pytest.raises(ValueError, match="same shape"):
        pathways.fit_practice_law(np.arange(1, 6.0), np.ones(4), "power")
    with pytest.raises(TypeError, match="result"):
        pathways.practice_curves("not a result")
    with pytest.raises(ValueError, match="grid_duration"):
        pathways.CompetitionProtocol(sweep_duration=100 * b2.second, grid_duration=200 * b2.second)
    with pytest.raises(ValueError, match="sweep_rates"):
        pathways.CompetitionProtocol(sweep_rates=np.array([0.5, 10.0]) * b2.Hz)
    with pytest.raises(ValueError, match="group_size"):
        pathways.CompetitionProtocol(group_size=0)
    with pytest.raises(TypeError, match="protocol must be a CompetitionProtocol"):
        pathways.competition_suite("the chapter's")
    with pytest.raises(ValueError, match="cue_rate"):
        pathways.PracticeTest(cue_rate=0 * b2.Hz)


def test_parameter_table_takes_song_values_from_the_literature():
    table = markdown.parameter_table(pathways.COMPETITION_PARAMETERS)
    assert table.count("\n") == len(pathways.COMPETITION_PARAMETERS) + 1
    for parameter in pathways.COMPETITION_PARAMETERS:
        for key in parameter.song2000:
            assert literature.get(key).citation == "song2000competitive"
    assert "| 0.015 |" in table  # Song's g_max, next to ours
    assert f"| {pathways.SONG_PARAMETERS.g_max:g} |" in table


def test_song_parameters_follow_the_table_except_where_they_say_why():
    from dataclasses import fields

    song = pathways.SONG_PARAMETERS
    for parameter in fields(song):
        key = parameter.metadata.get("source")
        if key is not None:
            quantity = parameter.metadata.get("quantity", False)
            assert getattr(song, parameter.name) == literature.published(key, quantity=quantity), parameter.name
        else:
            assert parameter.metadata["why"] and getattr(song, parameter.name) != literature.published(
                parameter.metadata["departs_from"]
            )
    assert pathways.N_INPUTS == song.n_inputs == 1000
