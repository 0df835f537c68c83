"""Chapter 1's Song et al. (2000) network in Brian2 and in NEST 3.10: the cross-check.

``benchmarks/song_nest.py`` builds the chapter's competition network in NEST
(``iaf_cond_exp``, ``parrot_neuron`` inputs, ``stdp_synapse``) and runs it
beside the chapter's Brian2 network. Here:

* (a) both simulators run the same short protocol with the same parameters and
  agree within the tolerance rule of :mod:`memsim.pathways.crosscheck`, while
  a NEST network with a 20 % larger ``g_max`` does not;
* (b) the stored comparison ``memsim/data/song_crosscheck.json`` loads, was
  made with the current model, is consistent, and its two simulators agree;
* (c) bad input fails early, with a message that names the parameter.

NEST is a test and benchmark dependency only (requirements-dev.txt); the book
never imports it.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import os

import brian2 as b2
import nest
import numpy as np
import pytest

from benchmarks import song_nest
from memsim.pathways import COMPETITION_DT, SONG_PARAMETERS, crosscheck
from tests.conftest import requires_compiler

# ---------------------------------------------------------------------------
# (a) Both simulators, one short protocol
# ---------------------------------------------------------------------------

_PROTOCOL = crosscheck.crosscheck_protocol()
#: The lowest and the highest rate of the chapter's sweep (Hz).
CHECK_RATES = [min(_PROTOCOL["rates_hz"]), max(_PROTOCOL["rates_hz"])]
#: Simulated time (s). The weights have not settled by then (the code check
#: needs only the same time in both), but at the highest rate the fast phase is
#: over: the output rate has fallen from about 250 Hz to its plateau and the
#: mean weight from 0.5 to about 0.14 g_max, where a 20 s run still catches the
#: output rate on its way down, the part that depends most on fractions of a
#: time step. About 6 s of NEST time per seed at a 0.5 ms step.
CHECK_DURATION_S = 60.0
#: Six seeds a simulator: each standard error has 5 degrees of freedom. The
#: seeds are fixed, so the test gives the same numbers every time.
CHECK_SEEDS = (1, 2, 3, 4, 5, 6)
#: NEST threads (NEST's numbers depend on it; fixed here for that reason).
CHECK_THREADS = 2
# The tolerance rule is crosscheck.crosscheck_agreement, the one the stored
# file is held to: |mean_nest - mean_brian2| <= 4 combined standard errors +
# the systematic allowance of crosscheck.CROSSCHECK_ALLOWANCE (0.5 Hz + 5 % for
# the output rate, 0.01 g_max for the mean weight, 0.01 for each share). Set
# from runs of both simulators at this protocol (20 and 40 Hz, 60 s, 0.5 ms,
# 8 seeds each): the seed-to-seed s.d. was 0.9-1.4 Hz for the output rate,
# 0.0005-0.0017 g_max for the mean weight, 0.006-0.011 for share_low and
# 0.0006-0.006 for share_high; the differences of the means were at most 2.7
# standard errors (NEST - Brian2: -1.3 Hz at 40 Hz, +0.0015 g_max and -0.010
# share_low at 20 Hz), about what the two implementations' known differences
# give (NEST's stdp_synapse changes the weight before it sends the spike, and
# its dendritic delay shifts every pair by one step). The allowances are a
# floor for statistics whose spread is near zero (share_high at 40 Hz). In the
# stored 1200 s sweep the same differences leave NEST's output rate 12-15 %
# lower at 30 and 40 Hz in every seed (4-5 standard errors, inside the bound of
# 2.9-3.2 Hz); sending after the weight change in a scratch copy of the Brian2
# network took 40 Hz from 15.1 to 13.5 Hz, NEST's 13.5 Hz. With 4 NEST seeds against Brian2's 8, a NEST network
# with g_max 20 % larger or smaller fails on the mean weight at both rates
# (it moves by 0.02-0.07 g_max, 1.7-5 times the bound), and one with
# A-/A+ = 1.10 instead of 1.05 on the output rate (5 instead of 24 Hz at 20 Hz);
# A+ 20 % larger moves only the 20 Hz output rate (-15 %), about as far as
# the bound, because in 60 s A+ sets the pace, not the balance, of learning.


def _statistics(runs: list[dict]) -> crosscheck.CrossCheckStatistics:
    return crosscheck.CrossCheckStatistics.from_learners(
        [crosscheck.crosscheck_learner_statistics(run["weights"], run["output_rate_hz"]) for run in runs]
    )


@pytest.fixture(scope="module")
def brian2_short() -> crosscheck.CrossCheckStatistics:
    runs = [
        song_nest.run_brian2(CHECK_RATES, duration_s=CHECK_DURATION_S, seed=seed, a_plus=_PROTOCOL["a_plus"], workers=1)
        for seed in CHECK_SEEDS
    ]
    return _statistics(runs)


def _nest_short(parameters=SONG_PARAMETERS, seeds=CHECK_SEEDS) -> crosscheck.CrossCheckStatistics:
    threads = min(CHECK_THREADS, os.cpu_count() or 1)
    runs = [
        song_nest.run_nest(
            CHECK_RATES,
            duration_s=CHECK_DURATION_S,
            seed=seed,
            a_plus=_PROTOCOL["a_plus"],
            threads=threads,
            parameters=parameters,
        )
        for seed in seeds
    ]
    return _statistics(runs)


@pytest.mark.slow
@requires_compiler
def test_brian2_and_nest_agree_on_a_short_run_of_the_lowest_and_highest_rate(brian2_short):
    nest_stats = _nest_short()
    agreement = crosscheck.crosscheck_agreement(brian2_short, nest_stats, CHECK_RATES)
    assert agreement.failures() == []
    # Not agreement by doing nothing: in both, the highest rate's weights fell
    # from the uniform start (mean 0.5 g_max) and its neuron fires; the
    # lowest rate's weights moved less.
    for stats in (brian2_short, nest_stats):
        mean_weight = stats.mean("mean_weight")
        assert mean_weight[1] < 0.3
        assert mean_weight[1] < mean_weight[0] <= 0.55
        assert stats.mean("output_rate_hz")[1] > 3.0
        assert np.all(stats.mean("share_low") > 0.1)


@pytest.mark.slow
@requires_compiler
def test_a_20_percent_larger_g_max_in_nest_breaks_the_agreement(brian2_short):
    stronger = dataclasses.replace(SONG_PARAMETERS, g_max=1.2 * SONG_PARAMETERS.g_max)
    nest_stats = _nest_short(stronger, seeds=CHECK_SEEDS[:3])
    agreement = crosscheck.crosscheck_agreement(brian2_short, nest_stats, CHECK_RATES)
    failed = agreement.failures()
    assert {line.split(" at ")[0] for line in failed} >= {"mean_weight", "share_low"}, failed
    # A larger g_max drives the neuron harder and STDP pulls the weights down:
    # below the bound at both rates, and at the lowest far below it.
    difference, bound = agreement.difference["mean_weight"], agreement.bound["mean_weight"]
    assert np.all(difference < -bound)
    assert difference[0] < -2 * bound[0]


def test_the_tolerance_rule_is_k_standard_errors_plus_the_allowance():
    values = {
        "output_rate_hz": np.array([[9.0, 10.0, 11.0]]),
        "mean_weight": np.array([[0.4, 0.5, 0.6]]),
        "share_low": np.array([[0.2, 0.2, 0.2]]),
        "share_high": np.array([[0.1, 0.1, 0.1]]),
    }
    brian2 = crosscheck.CrossCheckStatistics(**values)
    shifted = crosscheck.CrossCheckStatistics(**{**values, "output_rate_hz": values["output_rate_hz"] + 3.0})
    agreement = crosscheck.crosscheck_agreement(brian2, shifted, [20.0])
    # s.d. 1 Hz in both, 3 seeds each: standard error sqrt(2/3) Hz.
    expected = crosscheck.CROSSCHECK_K * math.sqrt(2 / 3) + 0.5 + 0.05 * (10.0 + 13.0) / 2
    assert agreement.bound["output_rate_hz"][0] == pytest.approx(expected)
    assert agreement.difference["output_rate_hz"][0] == pytest.approx(3.0)
    assert agreement.agrees()  # 3 Hz < 4.42 Hz
    far = crosscheck.CrossCheckStatistics(**{**values, "share_high": values["share_high"] + 0.03})
    failures = crosscheck.crosscheck_agreement(brian2, far, [20.0]).failures()
    assert len(failures) == 1 and failures[0].startswith("share_high at 20 Hz")


def test_learner_statistics_counts_the_bands():
    weights = np.array([[0.0, 0.05, 0.1, 0.5, 0.9, 0.95, 1.0, 0.5], [0.2] * 8])
    stats = crosscheck.crosscheck_learner_statistics(weights, np.array([4.0, 0.0]))
    assert stats["mean_weight"] == pytest.approx([4.0 / 8, 0.2])
    assert stats["share_low"] == pytest.approx([2 / 8, 0.0])  # below 0.1 g_max, strictly
    assert stats["share_high"] == pytest.approx([2 / 8, 0.0])  # above 0.9 g_max, strictly
    assert stats["output_rate_hz"].tolist() == [4.0, 0.0]


def test_the_nest_model_is_songs_model_in_nest_units():
    model = song_nest.nest_model(a_plus=0.005)
    neuron, stdp, inhibition = model["neuron"], model["stdp"], model["inhibition"]
    assert neuron["C_m"] / neuron["g_L"] == pytest.approx(float(SONG_PARAMETERS.tau_m / b2.ms))
    assert neuron["t_ref"] == 0.0
    assert neuron["V_m"] == neuron["E_L"] == pytest.approx(float(SONG_PARAMETERS.v_rest / b2.mV))
    assert neuron["tau_syn_ex"] == neuron["tau_syn_in"] == pytest.approx(float(SONG_PARAMETERS.tau_ex / b2.ms))
    assert neuron["tau_minus"] == stdp["tau_plus"] == pytest.approx(float(SONG_PARAMETERS.tau_stdp / b2.ms))
    assert stdp["Wmax"] == pytest.approx(SONG_PARAMETERS.g_max * neuron["g_L"])
    assert (stdp["mu_plus"], stdp["mu_minus"], stdp["lambda"]) == (0.0, 0.0, 0.005)
    assert stdp["alpha"] == pytest.approx(SONG_PARAMETERS.ltd_ratio)
    assert stdp["delay"] == inhibition["delay"] == pytest.approx(float(COMPETITION_DT / b2.ms))
    assert inhibition["rate_hz"] == pytest.approx(200 * 10.0)
    assert inhibition["weight"] == pytest.approx(-SONG_PARAMETERS.g_inhibitory * neuron["g_L"])
    # NEST takes t_ref = 0 as it is (no refractory period, as in Song's neuron).
    nest.ResetKernel()
    created = nest.Create("iaf_cond_exp", params=neuron)
    assert created.get("t_ref") == 0.0
    assert created.get("C_m") == pytest.approx(neuron["C_m"])


def test_nest_owes_exactly_the_potentiation_its_next_input_spike_applies():
    """What run_nest adds to NEST's final weights is what NEST itself adds at the next input spike."""
    dt = 0.5
    model = song_nest.nest_model(a_plus=0.01, resolution_ms=dt)

    def run(extra_input_ms: list[float], until_ms: float):
        nest.ResetKernel()
        nest.resolution = dt
        post = nest.Create("iaf_cond_exp", params=model["neuron"])
        inputs = nest.Create("spike_generator", params={"spike_times": [10.0, 50.0, *extra_input_ms]})
        parrot = nest.Create("parrot_neuron")
        nest.Connect(inputs, parrot, syn_spec={"delay": dt})
        nest.Connect(parrot, post, syn_spec={**model["stdp"], "weight": 0.5 * model["stdp"]["Wmax"]})
        drive = nest.Create("spike_generator", params={"spike_times": [60.0, 70.0]})
        nest.Connect(drive, post, syn_spec={"weight": 300.0, "delay": dt})
        post_spikes, input_spikes = nest.Create("spike_recorder"), nest.Create("spike_recorder")
        nest.Connect(post, post_spikes)
        nest.Connect(parrot, input_spikes)
        nest.Simulate(until_ms)
        synapse = nest.GetConnections(parrot, post)
        return (
            synapse.get("weight"),
            synapse.get("Kplus"),
            np.asarray(post_spikes.get("events")["times"]),
            np.asarray(input_spikes.get("events")["times"]),
        )

    weight, kplus, post_times, input_times = run([], 100.0)
    assert post_times.size >= 2 and input_times.max() < post_times.min()  # every pairing is owed
    owed = song_nest._owed_potentiation(np.array([input_times.max()]), np.array([kplus]), post_times, model, dt)[0]
    assert owed > 0.01 * model["stdp"]["Wmax"]
    later_weight, *_ = run([280.0], 300.0)
    # The input spike at 280 ms first applies what is owed, then depresses by
    # the postsynaptic trace just before 280 ms (input stamped 280.5 ms, less
    # the dendritic delay of one step).
    trace = np.exp(-(280.5 - dt - post_times) / model["stdp"]["tau_plus"]).sum()
    depression = model["stdp"]["alpha"] * model["stdp"]["lambda"] * model["stdp"]["Wmax"] * trace
    assert later_weight == pytest.approx(weight + owed - depression, rel=1e-9)


def test_nest_pairs_spikes_one_step_later_than_they_fall():
    """NEST's stdp_synapse, with its dendritic delay of one step, shifts every pair by that step.

    A pair whose postsynaptic spike comes ``k`` steps after the presynaptic
    one changes the weight by ``A+ exp(-(k + 1) dt / tau)`` for ``k >= 0``
    (so a pair in the same step potentiates almost fully), by nothing for
    ``k = -1``, and by ``-A- exp((k + 1) dt / tau)`` for ``k <= -2``. The
    chapter's Brian2 network splits a same-step pair evenly, (A+ - A-)/2,
    and pairs ``k = +-1`` at one step. Summed over all steps, the two differ
    by (A+ - A-) dt / 2, 1.3 % of the window's integral (A+ - A-) tau at 0.5 ms.
    """
    dt = 0.5
    model = song_nest.nest_model(a_plus=0.01, resolution_ms=dt)
    stdp = model["stdp"]
    changes = {}
    for k in range(-3, 4):
        nest.ResetKernel()
        nest.resolution = dt
        post = nest.Create("iaf_cond_exp", params=model["neuron"])
        kick = nest.Create("spike_generator", params={"spike_times": [20.0]})
        nest.Connect(kick, post, syn_spec={"weight": 20.0, "delay": dt})  # one spike, stamped 25.5 ms
        post_spikes = nest.Create("spike_recorder")
        nest.Connect(post, post_spikes)
        # The input spike is stamped one step after its generator's time; a
        # second one, long after, collects the potentiation owed.
        inputs = nest.Create("spike_generator", params={"spike_times": [25.5 - k * dt - dt, 400.0]})
        parrot = nest.Create("parrot_neuron")
        nest.Connect(inputs, parrot, syn_spec={"delay": dt})
        nest.Connect(parrot, post, syn_spec={**stdp, "weight": 0.5 * stdp["Wmax"]})
        nest.Simulate(500.0)
        assert post_spikes.get("events")["times"].tolist() == [25.5]
        weight = nest.GetConnections(parrot, post).get("weight")
        changes[k] = (weight - 0.5 * stdp["Wmax"]) / (stdp["lambda"] * stdp["Wmax"])
    tau = stdp["tau_plus"]
    for k, change in changes.items():
        if k >= 0:
            expected = math.exp(-(k + 1) * dt / tau)
        elif k == -1:
            expected = 0.0
        else:
            expected = -stdp["alpha"] * math.exp((k + 1) * dt / tau)
        assert change == pytest.approx(expected, abs=1e-6), k


# ---------------------------------------------------------------------------
# (b) The stored comparison
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stored() -> crosscheck.SongCrossCheck:
    return crosscheck.load_crosscheck()


@pytest.fixture
def stored_json() -> dict:
    return json.loads(song_nest.CROSSCHECK_PATH.read_text(encoding="utf-8"))


def test_the_stored_comparison_was_made_with_the_current_model(stored):
    mismatches = crosscheck.crosscheck_mismatches(stored)
    assert mismatches == (), (
        "memsim/data/song_crosscheck.json is stale; run `python benchmarks/song_nest.py --write`: "
        + "; ".join(mismatches)
    )
    assert stored.protocol.dt_ms == pytest.approx(float(COMPETITION_DT / b2.ms))
    assert stored.parameters["g_max"] == SONG_PARAMETERS.g_max


def test_the_stored_comparison_says_what_made_it(stored):
    assert stored.versions["nest"].startswith("3.10")
    assert stored.versions["brian2"] == b2.__version__
    assert len(stored.protocol.seeds) >= 3
    assert stored.protocol.nest_threads == 1 and stored.protocol.brian2_workers == 1
    assert stored.date[:2] == "20" and "T" in stored.date


def test_the_stored_numbers_are_consistent(stored):
    n_rates, n_seeds = len(stored.protocol.rates_hz), len(stored.protocol.seeds)
    for simulator in crosscheck.CROSSCHECK_SIMULATORS:
        stats = stored.statistics[simulator]
        low, high, mean = stats.share_low, stats.share_high, stats.mean_weight
        assert low.shape == high.shape == mean.shape == (n_rates, n_seeds)
        assert np.all((low >= 0) & (low <= 1) & (high >= 0) & (high <= 1))
        assert np.all(low + high <= 1)
        # A mean weight must fit its bands: weights above 0.9 give at least
        # 0.9 each, weights below 0.1 at most 0.1 each, the rest at most 1.
        assert np.all(mean >= crosscheck.CROSSCHECK_STRONG * high - 1e-12)
        assert np.all(mean <= crosscheck.CROSSCHECK_WEAK * low + (1 - low) + 1e-12)
        assert np.all(stats.output_rate_hz >= 0) and np.all(stats.output_rate_hz < 200)
    timing = stored.timing
    assert timing.ratio_call == pytest.approx(timing.brian2_call_s / timing.nest_call_s)
    assert timing.ratio_loop == pytest.approx(timing.brian2_loop_s / timing.nest_simulate_s)
    assert timing.brian2_loop_s <= timing.brian2_call_s and timing.nest_simulate_s <= timing.nest_call_s


def test_the_stored_simulators_agree(stored):
    agreement = stored.agreement()
    assert agreement.failures() == []
    # And both show the chapter's competition: after the sweep's run most
    # weights sit at one bound or the other, in both simulators.
    for simulator in crosscheck.CROSSCHECK_SIMULATORS:
        stats = stored.statistics[simulator]
        assert np.all(stats.mean("share_low") + stats.mean("share_high") > 0.5)


def test_a_stale_stored_comparison_is_caught(stored_json):
    changed = copy.deepcopy(stored_json)
    changed["parameters"]["g_max"] *= 1.2
    changed["protocol"]["dt_ms"] *= 2
    changed["protocol"]["rates_hz"] = changed["protocol"]["rates_hz"][:-1]
    changed["protocol"]["duration_s"] = changed["protocol"]["duration_s"][:-1]
    for name in crosscheck.CROSSCHECK_SIMULATORS:
        for stat in crosscheck.CROSSCHECK_STATISTICS:
            for key in ("values", "mean", "sd"):
                changed["statistics"][name][stat][key] = changed["statistics"][name][stat][key][:-1]
    mismatches = crosscheck.crosscheck_mismatches(crosscheck.parse_crosscheck(changed))
    assert [m.split(":")[0] for m in mismatches] == [
        "parameter g_max",
        "protocol rates_hz",
        "protocol duration_s",
        "protocol dt_ms",
    ]


def _damage(data: dict, how: str) -> dict:
    data = copy.deepcopy(data)
    if how == "no timing":
        del data["timing"]
    elif how == "share above 1":
        data["statistics"]["nest"]["share_high"]["values"][0][0] = 1.5
    elif how == "mean not of its values":
        data["statistics"]["brian2"]["mean_weight"]["mean"][0] += 0.1
    elif how == "seeds x rates mixed up":
        data["statistics"]["nest"]["output_rate_hz"]["values"] = data["statistics"]["nest"]["output_rate_hz"]["values"][
            :-1
        ]
    elif how == "ratio not of its times":
        data["timing"]["ratio_call"] *= 2
    elif how == "other schema":
        data["schema"] = crosscheck.CROSSCHECK_SCHEMA + 1
    return data


@pytest.mark.parametrize(
    ("how", "match"),
    [
        ("no timing", "has no 'timing'"),
        ("share above 1", "share_high must lie within"),
        ("mean not of its values", "mean_weight.mean does not follow"),
        ("seeds x rates mixed up", "output_rate_hz.values must be rates x seeds"),
        ("ratio not of its times", "ratio_call does not follow"),
        ("other schema", "schema"),
    ],
)
def test_a_damaged_stored_comparison_is_refused(stored_json, tmp_path, how, match):
    path = tmp_path / "song_crosscheck.json"
    path.write_text(json.dumps(_damage(stored_json, how)), encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        crosscheck.load_crosscheck(path)


def test_a_missing_or_unreadable_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="song_nest.py --write"):
        crosscheck.load_crosscheck(tmp_path / "absent.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": 1, "date": ', encoding="utf-8")
    with pytest.raises(ValueError, match="not JSON"):
        crosscheck.load_crosscheck(broken)


def test_writing_is_atomic_and_checked(stored_json, tmp_path):
    path = tmp_path / "song_crosscheck.json"
    song_nest.write_crosscheck(stored_json, path)
    assert crosscheck.load_crosscheck(path).date == stored_json["date"]
    with pytest.raises(ValueError, match="damaged"):
        song_nest.write_crosscheck(_damage(stored_json, "share above 1"), path)
    # The refused content left the earlier file whole, and no temporary file.
    assert crosscheck.load_crosscheck(path).date == stored_json["date"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["song_crosscheck.json"]


# ---------------------------------------------------------------------------
# (c) Bad input
# ---------------------------------------------------------------------------


@pytest.fixture
def no_nest_run(monkeypatch):
    """Make any attempt to build or run a NEST network fail loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError("NEST was reached before the arguments were checked")

    # _run_kernel is where run_nest first touches NEST (the nest module itself
    # refuses new attributes, so its functions cannot be replaced).
    monkeypatch.setattr(song_nest, "_run_kernel", refuse)


_DT_S = float(COMPETITION_DT / b2.second)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"rates_hz": [0.5]}, ValueError, r"rates_hz must lie within \[1.0, 80.0\] Hz"),
        ({"rates_hz": []}, ValueError, "rates_hz must be a non-empty"),
        ({"rates_hz": [20.0, np.nan]}, ValueError, "rates_hz must lie within"),
        ({"duration_s": 0.0}, ValueError, r"duration_s must be in \(0.0"),
        ({"duration_s": 4000.0}, ValueError, "duration_s must be in"),
        ({"duration_s": 1.0 + _DT_S / 2}, ValueError, "duration_s must be a multiple of the time step"),
        ({"duration_s": [1.0, 2.0, 3.0]}, ValueError, r"one value per rate \(2\)"),
        ({"seed": 0}, ValueError, r"seed must be an integer in \[1, 2147483647\]"),
        ({"seed": 1.5}, TypeError, "seed must be an integer"),
        ({"a_plus": 0.1}, ValueError, r"a_plus must be in \[0.0, 0.05\]"),
        ({"threads": 0}, ValueError, "threads must be an integer in"),
        ({"parameters": "song"}, TypeError, "parameters must be a SongParameters"),
        ({"resolution_ms": 2.0}, ValueError, r"resolution_ms must be in \[0.01, 1.0\]"),
        ({"resolution_ms": 0.1005}, ValueError, "resolution_ms must be a whole number of 0.001 ms"),
    ],
)
def test_run_nest_rejects_bad_input_before_nest_runs(no_nest_run, kwargs, error, match):
    arguments = {"rates_hz": [20.0, 40.0], "duration_s": 1.0, "seed": 1, **kwargs}
    with pytest.raises(error, match=match):
        song_nest.run_nest(**arguments)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"duration_s": 3.0}, ValueError, r"multiple of the Brian2 network's trial length \(2 s\)"),
        ({"seeds": []}, ValueError, "seeds must be a non-empty sequence of distinct integers"),
        ({"seeds": [1, 1]}, ValueError, "seeds must be a non-empty sequence of distinct integers"),
        ({"seeds": [0]}, ValueError, "seed must be an integer in"),
        ({"workers": 0}, ValueError, "workers must be an integer in"),
        ({"rates_hz": [100.0]}, ValueError, "rates_hz must lie within"),
    ],
)
def test_compare_rejects_bad_input_before_either_simulator_runs(no_nest_run, no_compiling, kwargs, error, match):
    arguments = {"rates_hz": [20.0, 40.0], "duration_s": 2.0, "seeds": [1, 2], **kwargs}
    with pytest.raises(error, match=match):
        song_nest.compare(**arguments)


def test_learner_statistics_rejects_what_is_not_weights_in_g_max():
    with pytest.raises(ValueError, match="within"):
        crosscheck.crosscheck_learner_statistics(np.array([[0.5, 1.5]]), np.array([1.0]))
    with pytest.raises(ValueError, match="one non-negative rate per learner"):
        crosscheck.crosscheck_learner_statistics(np.array([[0.5, 0.5]]), np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="2-D"):
        crosscheck.crosscheck_learner_statistics(np.array([0.5, 0.5]), np.array([1.0]))


def test_the_cli_refuses_to_store_another_protocol(capsys):
    with pytest.raises(SystemExit):
        song_nest.main(["--write", "--rates", "20"])
    assert "--write stores the chapter's protocol" in capsys.readouterr().err
