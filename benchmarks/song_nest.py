"""Cross-check of Chapter 1's Song, Miller & Abbott (2000) network in NEST 3.10.

The chapter simulates Song et al.'s (2000) synaptic competition in Brian2
(:mod:`memsim.pathways.competition`). This module builds the same network in
NEST (Gewaltig & Diesmann 2007), runs both simulators with identical
parameters and several seeds, and compares what the chapter reports: the
output rate, the mean weight and the shares of weak and strong weights. It is
a test and benchmark tool only: the book never imports NEST; it reads the
stored comparison (``memsim/data/song_crosscheck.json``) through
:mod:`memsim.pathways.crosscheck`.

The NEST network, per learner:

* one ``iaf_cond_exp`` neuron, ``t_ref = 0`` (Song's neuron has no refractory
  period; NEST accepts 0), ``g_L`` = :data:`G_L_NS` and ``C_m = tau_m * g_L``,
  so that conductances "in units of the leak conductance" become nS by one
  factor, ``g_L``; ``E_L``, ``V_th``, ``V_reset``, ``E_ex``, ``E_in``,
  ``tau_syn_ex = tau_syn_in`` from :data:`~memsim.pathways.SONG_PARAMETERS`,
  ``V_m`` starts at ``E_L``;
* 1000 ``parrot_neuron`` s fed by one ``poisson_generator`` (a generator sends
  an independent train to each target), connected with ``stdp_synapse``:
  additive (``mu_plus = mu_minus = 0``), ``lambda = A+``,
  ``alpha = A-/A+``, ``tau_plus`` = the neuron's ``tau_minus`` = ``tau_stdp``,
  ``Wmax = g_max * g_L``, initial weights uniform in ``[0, Wmax]``, delay one
  time step (NEST's smallest);
* one ``poisson_generator`` at ``n_inhibitory * inhibitory_rate`` onto the
  neuron with a static weight ``-g_inhibitory * g_L`` (``iaf_cond_exp`` takes
  a negative weight as inhibitory).

The resolution is :data:`~memsim.pathways.COMPETITION_DT`. Several learners
(one per rate) share one kernel, each with its own inputs.

What the two implementations still do differently, each checked in
``tests/test_song_nest.py``:

* NEST's ``stdp_synapse`` has only a dendritic delay: it pairs a presynaptic
  spike stamped ``t_pre`` with a postsynaptic one at ``t_post`` as if
  ``dt = t_post + d - t_pre``, with ``d`` one step. A pair in the same step
  potentiates by ``A+ exp(-d / tau)``; a postsynaptic spike one step before
  the presynaptic one changes nothing. Brian2's network (see
  :mod:`memsim.pathways.competition`) splits a same-step pair evenly,
  ``(A+ - A-) / 2``. Summed over the window the two differ by ``(A+ - A-) d / 2``
  (1.3 % of the window's integral at 0.5 ms). The input also reaches the NEST
  neuron one step later, so NEST pairs a caused output spike two steps
  later than Brian2 does (``exp(-2 d / tau)``: 5 % less causal potentiation
  at 0.5 ms, 1 % at 0.1 ms).
* NEST changes a weight at a presynaptic spike before it sends the spike;
  Brian2's ``on_pre`` sends first. NEST's spikes are therefore weaker by the
  depression ``A- g_max K-`` (``K-`` the postsynaptic trace): about 1 % of
  the mean weight at Song's ``A+`` once the output rate has settled, but 10 %
  at ``A+ = 0.02``, where it lowers the output rate by a quarter.
* NEST applies the potentiation due to a postsynaptic spike only at the
  synapse's next presynaptic spike. :func:`run_nest` applies what is owed at
  the end of the run (:func:`_owed_potentiation`), so that its final weights
  are those Brian2 reports.

Usage::

    python benchmarks/song_nest.py --write     # the chapter's rate sweep -> memsim/data/song_crosscheck.json
    python benchmarks/song_nest.py --rates 10 40 --duration 20 --seeds 1 2 3   # print a quick comparison

References
----------
Song S, Miller KD, Abbott LF (2000). Competitive Hebbian learning through
spike-timing-dependent synaptic plasticity. Nat Neurosci 3:919-926.
:cite:`song2000competitive`

Gewaltig M-O, Diesmann M (2007). NEST (NEural Simulation Tool).
Scholarpedia 2(4):1430. :cite:`gewaltig2007nest`
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("PYNEST_QUIET", "1")  # no banner on import

import brian2 as b2
import nest
import numpy as np

from memsim.core import spiking
from memsim.core.validation import check_integer, check_number, check_seed
from memsim.pathways import crosscheck
from memsim.pathways.competition import (
    COMPETITION_DT,
    MAX_COMPETITION_DURATION,
    SNAPSHOT_INTERVAL,
    SONG_PARAMETERS,
    SongParameters,
    competition_experiment,
)

ROOT = Path(__file__).resolve().parent.parent
#: Where ``--write`` puts the stored comparison.
CROSSCHECK_PATH = ROOT / "memsim" / crosscheck.CROSSCHECK_FILE

#: Leak conductance of the NEST neuron (nS). Any value gives the same model:
#: every conductance is scaled by it, and ``C_m = tau_m * g_L``.
G_L_NS = 10.0
#: Input rates either simulator accepts (Hz), as :func:`competition_experiment`.
RATE_RANGE_HZ = (1.0, 80.0)
#: Longest run :func:`run_nest` accepts (s); the Brian2 network allows ``MAX_COMPETITION_DURATION``.
MAX_DURATION_S = 3600.0
#: Seeds NEST accepts: ``rng_seed`` must be positive.
SEED_RANGE = (1, 2**31 - 1)
#: The Brian2 network's entry in :func:`memsim.core.spiking.run_statistics`.
_BRIAN2_NETWORK = "01_pathways/competition"


def _dt_ms() -> float:
    """The competition network's time step (ms), read from the model every time."""
    return float(COMPETITION_DT / b2.ms)


def nest_model(
    parameters: SongParameters = SONG_PARAMETERS, *, a_plus: float, resolution_ms: float | None = None
) -> dict[str, dict[str, Any]]:
    """The NEST parameters of one learner, derived from Song's parameters.

    Parameters
    ----------
    parameters : SongParameters
        The model's parameters (conductances in units of the leak
        conductance); default the chapter's.
    a_plus : float
        Potentiation per pre-before-post pair, as a fraction of ``g_max``.
    resolution_ms : float, optional
        NEST's time step, which sets the delays (ms); default the chapter's
        ``COMPETITION_DT``.

    Returns
    -------
    dict
        ``{"neuron": ..., "stdp": ..., "inhibition": ...}``: the
        ``iaf_cond_exp`` status (mV, ms, nS, pF), the ``stdp_synapse``
        specification without weights (``Wmax`` in nS, delay in ms) and the
        inhibitory generator's rate (Hz) and weight (nS, negative).
    """
    p = parameters
    dt = _dt_ms() if resolution_ms is None else float(resolution_ms)
    neuron = {
        "C_m": float(p.tau_m / b2.ms) * G_L_NS,  # pF = ms * nS
        "g_L": G_L_NS,
        "t_ref": 0.0,
        "E_L": float(p.v_rest / b2.mV),
        "V_th": float(p.v_threshold / b2.mV),
        "V_reset": float(p.v_reset / b2.mV),
        "E_ex": float(p.e_ex / b2.mV),
        "E_in": float(p.e_in / b2.mV),
        "tau_syn_ex": float(p.tau_ex / b2.ms),
        "tau_syn_in": float(p.tau_in / b2.ms),
        "tau_minus": float(p.tau_stdp / b2.ms),
        "V_m": float(p.v_rest / b2.mV),
        "I_e": 0.0,
    }
    stdp = {
        "synapse_model": "stdp_synapse",
        "Wmax": p.g_max * G_L_NS,
        "mu_plus": 0.0,
        "mu_minus": 0.0,
        "lambda": float(a_plus),
        "alpha": float(p.ltd_ratio),
        "tau_plus": float(p.tau_stdp / b2.ms),
        "delay": dt,
    }
    inhibition = {
        "rate_hz": p.n_inhibitory * float(p.inhibitory_rate / b2.Hz),
        "weight": -p.g_inhibitory * G_L_NS,
        "delay": dt,
    }
    return {"neuron": neuron, "stdp": stdp, "inhibition": inhibition}


def _check_rates(rates_hz: Sequence[float] | np.ndarray) -> np.ndarray:
    rates = np.atleast_1d(np.asarray(rates_hz, dtype=float))
    low, high = RATE_RANGE_HZ
    if rates.ndim != 1 or rates.size == 0:
        raise ValueError(f"rates_hz must be a non-empty 1-D sequence of rates (Hz), got shape {rates.shape}")
    if not np.all(np.isfinite(rates)) or np.any(rates < low) or np.any(rates > high):
        raise ValueError(f"rates_hz must lie within [{low}, {high}] Hz, got {rates.tolist()}")
    return rates


def _check_durations(
    duration_s: float | Sequence[float] | np.ndarray, n: int, *, brian2: bool, step_s: float | None = None
) -> np.ndarray:
    """One duration per rate (s), each a whole number of time steps (and of Brian2's trials)."""
    durations = np.asarray(duration_s, dtype=float)
    if durations.ndim > 1 or (durations.ndim == 1 and durations.size not in (1, n)):
        raise ValueError(f"duration_s must be a scalar or have one value per rate ({n}), got shape {durations.shape}")
    durations = np.broadcast_to(durations, (n,)).copy()
    high = float(MAX_COMPETITION_DURATION / b2.second) if brian2 else MAX_DURATION_S
    nest_step = _dt_ms() / 1000.0 if step_s is None else step_s
    step = float(SNAPSHOT_INTERVAL / b2.second) if brian2 else nest_step
    for value in durations:
        check_number("duration_s", float(value), low=0.0, high=high, low_inclusive=False)
        if abs(value / step - round(value / step)) > 1e-6:
            what = "the Brian2 network's trial length" if brian2 else "the time step"
            raise ValueError(f"duration_s must be a multiple of {what} ({step:g} s), got {value:g}")
    return durations


def _check_common(a_plus: float, threads: int, seed: int) -> None:
    check_number("a_plus", a_plus, low=0.0, high=0.05)
    check_integer("threads", threads, low=1, high=max(1, os.cpu_count() or 1))
    check_seed("seed", seed)
    check_integer("seed", seed, low=SEED_RANGE[0], high=SEED_RANGE[1])


def run_nest(
    rates_hz: Sequence[float] | np.ndarray,
    *,
    duration_s: float | Sequence[float] | np.ndarray,
    seed: int,
    a_plus: float = SONG_PARAMETERS.a_plus,
    threads: int = 1,
    parameters: SongParameters = SONG_PARAMETERS,
    resolution_ms: float | None = None,
) -> dict[str, Any]:
    """Run Song et al.'s (2000) competition network in NEST, one learner per rate.

    Learners with the same duration share one kernel (one ``nest.Simulate``);
    each has its own 1000 inputs, inhibition and neuron.

    Parameters
    ----------
    rates_hz : sequence of float
        Rate of every excitatory input of each learner (Hz, 1 to 80).
    duration_s : float or sequence of float
        Simulated time (s, a multiple of the time step, at most 3600 s),
        scalar or one per rate.
    seed : int
        NEST's ``rng_seed`` (1 to 2**31 - 1; NEST needs a positive seed).
        The same seed, rates and ``threads`` give the same numbers.
    a_plus : float
        Potentiation per pre-before-post pair, as a fraction of ``g_max``
        (0 to 0.05); default Song's.
    threads : int
        NEST threads (1 to the number of CPU cores). NEST draws from one
        random stream per thread, so results depend on it.
    parameters : SongParameters
        The model's parameters; default the chapter's (a test changes one to
        show that the cross-check notices).
    resolution_ms : float, optional
        NEST's time step (ms, 0.01 to 1, a whole number of NEST's 0.001 ms
        tics); default the chapter's ``COMPETITION_DT``. Another value checks
        how NEST's answer depends on the step; the cross-check uses the default.

    Returns
    -------
    dict
        ``rates_hz`` (Hz) and ``duration_s`` (s), per learner;
        ``output_rate_hz``: each learner's output rate over the last fifth of
        its run (Hz); ``weights``: final weights in units of ``g_max``, shape
        ``(n_learners, n_inputs)``, ordered by input, as Brian2 has them: with
        the potentiation that NEST applies only at each input's next spike
        already applied (:func:`_owed_potentiation`); ``weights_as_stored``:
        the weights as NEST holds them, without it; ``simulate_s``: wall
        time of ``nest.Simulate`` alone (s, all kernels); ``call_s``: the
        whole call (s, building included).

    Raises
    ------
    ValueError, TypeError
        For out-of-range or mistyped arguments, before NEST is touched; the
        message names the parameter and its range.
    """
    rates = _check_rates(rates_hz)
    if resolution_ms is not None:
        check_number("resolution_ms", resolution_ms, low=0.01, high=1.0)
        if abs(resolution_ms * 1000 - round(resolution_ms * 1000)) > 1e-9:
            raise ValueError(f"resolution_ms must be a whole number of 0.001 ms, got {resolution_ms}")
    dt = _dt_ms() if resolution_ms is None else float(resolution_ms)
    durations = _check_durations(duration_s, rates.size, brian2=False, step_s=dt / 1000.0)
    _check_common(a_plus, threads, seed)
    if not isinstance(parameters, SongParameters):
        raise TypeError(f"parameters must be a SongParameters, got {type(parameters).__name__}")
    start = time.perf_counter()
    output_rate = np.zeros(rates.size)
    weights = np.zeros((rates.size, parameters.n_inputs))
    unsettled = np.zeros((rates.size, parameters.n_inputs))
    simulate_s = 0.0
    for duration in sorted(set(durations.tolist()), reverse=True):
        members = np.flatnonzero(durations == duration)
        rate_out, w, w_unsettled, seconds = _run_kernel(rates[members], duration, seed, a_plus, threads, parameters, dt)
        output_rate[members], weights[members], unsettled[members] = rate_out, w, w_unsettled
        simulate_s += seconds
    return {
        "rates_hz": rates,
        "duration_s": durations,
        "output_rate_hz": output_rate,
        "weights": weights,
        "weights_as_stored": unsettled,
        "simulate_s": simulate_s,
        "call_s": time.perf_counter() - start,
    }


def _run_kernel(
    rates: np.ndarray,
    duration_s: float,
    seed: int,
    a_plus: float,
    threads: int,
    parameters: SongParameters,
    dt: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """One NEST kernel with one learner per rate, all ``duration_s`` long, at time step ``dt`` (ms).

    Returns the output rates (Hz), the final weights with the potentiation
    still owed applied and without it (units of ``g_max``), and the time of
    ``nest.Simulate`` (s).
    """
    model = nest_model(parameters, a_plus=a_plus, resolution_ms=dt)
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.SetKernelStatus({"resolution": dt, "rng_seed": int(seed), "local_num_threads": int(threads)})
    nest.print_time = False
    wmax = model["stdp"]["Wmax"]
    end_ms = duration_s * 1000.0
    learners = []
    for rate in rates:
        post = nest.Create("iaf_cond_exp", params=model["neuron"])
        generator = nest.Create("poisson_generator", params={"rate": float(rate)})
        parrots = nest.Create("parrot_neuron", parameters.n_inputs)
        nest.Connect(generator, parrots, "all_to_all", syn_spec={"delay": dt})
        nest.Connect(parrots, post, "all_to_all", syn_spec={**model["stdp"], "weight": nest.random.uniform(0.0, wmax)})
        inhibition = nest.Create("poisson_generator", params={"rate": model["inhibition"]["rate_hz"]})
        nest.Connect(
            inhibition,
            post,
            syn_spec={"weight": model["inhibition"]["weight"], "delay": model["inhibition"]["delay"]},
        )
        # The inputs' last spikes (40 expected in the window, so every input has
        # one), and the output from the window on: enough to settle what is owed.
        # NEST wants recording times on the grid of steps.
        end_steps = round(end_ms / dt)
        window = min(end_steps, math.ceil(max(1000.0, 40_000.0 / float(rate)) / dt))
        inputs_recorder = nest.Create("spike_recorder", params={"start": (end_steps - window) * dt})
        nest.Connect(parrots, inputs_recorder)
        first = max(0, min(math.floor(0.8 * end_steps), end_steps - window - 1))
        recorder = nest.Create("spike_recorder", params={"start": first * dt})
        nest.Connect(post, recorder)
        learners.append((post, parrots, recorder, inputs_recorder))
    start = time.perf_counter()
    nest.Simulate(end_ms)
    seconds = time.perf_counter() - start
    output_rate = np.zeros(rates.size)
    weights = np.zeros((rates.size, parameters.n_inputs))
    unsettled = np.zeros((rates.size, parameters.n_inputs))
    for k, (post, parrots, recorder, inputs_recorder) in enumerate(learners):
        post_times = np.sort(np.asarray(recorder.get("events")["times"], dtype=float))
        output_rate[k] = np.count_nonzero(post_times > 0.8 * end_ms) / (0.2 * duration_s)
        status = nest.GetConnections(parrots, post, synapse_model="stdp_synapse").get(["source", "weight", "Kplus"])
        order = np.argsort(status["source"])
        first = int(np.min(status["source"]))  # the parrots of one Create call have consecutive ids
        w = np.asarray(status["weight"], dtype=float)[order]
        kplus = np.asarray(status["Kplus"], dtype=float)[order]
        events = inputs_recorder.get("events")
        last = np.full(parameters.n_inputs, -np.inf)
        np.maximum.at(last, np.asarray(events["senders"], dtype=int) - first, np.asarray(events["times"], dtype=float))
        owed = _owed_potentiation(last, kplus, post_times, model, dt)
        unsettled[k] = w / wmax
        weights[k] = np.minimum(w + owed, wmax) / wmax
    return output_rate, weights, unsettled, seconds


def _owed_potentiation(
    last_input_ms: np.ndarray, kplus: np.ndarray, post_times_ms: np.ndarray, model: dict[str, Any], dt: float
) -> np.ndarray:
    """Potentiation (nS) NEST owes each synapse at the end of a run.

    ``stdp_synapse`` applies the potentiation due to a postsynaptic spike only
    at the synapse's next presynaptic spike. At the end of a run the weights
    therefore lack it for every postsynaptic spike after each input's last
    spike, where Brian2 has applied it at once. This is what the next input
    spike would add: ``lambda * Wmax * Kplus * exp(-(t_post + d - t_last) /
    tau_plus)`` per postsynaptic spike later than ``t_last - d`` (additive,
    so clipping the sum at ``Wmax`` is clipping each step).
    """
    stdp = model["stdp"]
    tau = stdp["tau_plus"]
    owed = np.zeros(last_input_ms.size)
    for k, t_last in enumerate(last_input_ms):
        if not np.isfinite(t_last):
            continue  # no input spike in the window: the trace has decayed to nothing
        lo = np.searchsorted(post_times_ms, t_last - dt, side="right")
        hi = np.searchsorted(post_times_ms, t_last + 30.0 * tau, side="right")
        later = post_times_ms[lo:hi]
        owed[k] = np.exp(-(later + dt - t_last) / tau).sum()
    return stdp["lambda"] * stdp["Wmax"] * kplus * owed


def run_brian2(
    rates_hz: Sequence[float] | np.ndarray,
    *,
    duration_s: float | Sequence[float] | np.ndarray,
    seed: int,
    a_plus: float = SONG_PARAMETERS.a_plus,
    workers: int = 1,
) -> dict[str, Any]:
    """Run the chapter's Brian2 network (:func:`competition_experiment`), one learner per rate.

    Parameters
    ----------
    rates_hz, duration_s, seed, a_plus
        As :func:`run_nest`; ``duration_s`` must also be a multiple of the
        Brian2 network's trial (2 s) and at most 600 s.
    workers : int
        Brian2 processes. The loop time is known only with 1 (a worker
        process keeps its own statistics).

    Returns
    -------
    dict
        As :func:`run_nest`, with ``call_s`` (the call, any compilation in it
        excluded, s), ``loop_s`` (the compiled simulation loops, s; NaN with
        several workers) and ``build_s`` (compilation in this call, s).
    """
    rates = _check_rates(rates_hz)
    durations = _check_durations(duration_s, rates.size, brian2=True)
    _check_common(a_plus, 1, seed)
    check_integer("workers", workers, low=1, high=max(1, os.cpu_count() or 1))
    before = spiking.run_statistics().get(_BRIAN2_NETWORK)
    start = time.perf_counter()
    result = competition_experiment(
        rates * b2.Hz, duration=durations * b2.second, seed=seed, a_plus=a_plus, workers=workers
    )
    call_s = time.perf_counter() - start
    after = spiking.run_statistics()[_BRIAN2_NETWORK]
    build_s = after["build_seconds"] if before is None else 0.0
    loop_s = after["loop_seconds"] - (before["loop_seconds"] if before else 0.0)
    return {
        "rates_hz": rates,
        "duration_s": durations,
        "output_rate_hz": np.asarray(result.output_rate() / b2.Hz),
        "weights": np.asarray(result.weights),
        "call_s": call_s - build_s,
        "loop_s": loop_s if workers == 1 else float("nan"),
        "build_s": build_s,
    }


def compare(
    rates_hz: Sequence[float] | np.ndarray,
    *,
    duration_s: float | Sequence[float] | np.ndarray,
    seeds: Sequence[int],
    a_plus: float = SONG_PARAMETERS.a_plus,
    threads: int = 1,
    workers: int = 1,
    progress: bool = False,
) -> dict[str, Any]:
    """Run both simulators with identical parameters and seeds; the stored file's content.

    Each seed runs one learner per rate in each simulator (Brian2 seeds its
    compiled network with it, NEST its kernel); the statistics are
    :func:`memsim.pathways.crosscheck.crosscheck_learner_statistics`.

    Parameters
    ----------
    rates_hz : sequence of float
        Input rates (Hz, 1 to 80).
    duration_s : float or sequence of float
        Simulated time (s), scalar or one per rate; a multiple of the Brian2
        network's trial (2 s), at most 600 s.
    seeds : sequence of int
        Distinct seeds (1 to 2**31 - 1), at least one.
    a_plus : float
        Potentiation per pair, as a fraction of ``g_max`` (0 to 0.05).
    threads, workers : int
        NEST threads and Brian2 processes. Keep both 1 for a fair time ratio.
    progress : bool
        Print one line per run.

    Returns
    -------
    dict
        The JSON content of ``memsim/data/song_crosscheck.json`` (see
        :func:`memsim.pathways.crosscheck.parse_crosscheck`).
    """
    rates = _check_rates(rates_hz)
    durations = _check_durations(duration_s, rates.size, brian2=True)
    seeds = list(seeds)
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be a non-empty sequence of distinct integers, got {seeds}")
    for seed in seeds:
        _check_common(a_plus, threads, seed)
    check_integer("workers", workers, low=1, high=max(1, os.cpu_count() or 1))
    rows: dict[str, list[dict[str, np.ndarray]]] = {name: [] for name in crosscheck.CROSSCHECK_SIMULATORS}
    timing = dict.fromkeys(("brian2_call_s", "brian2_loop_s", "nest_call_s", "nest_simulate_s"), 0.0)
    for seed in seeds:
        b = run_brian2(rates, duration_s=durations, seed=seed, a_plus=a_plus, workers=workers)
        n = run_nest(rates, duration_s=durations, seed=seed, a_plus=a_plus, threads=threads)
        for name, run in (("brian2", b), ("nest", n)):
            rows[name].append(crosscheck.crosscheck_learner_statistics(run["weights"], run["output_rate_hz"]))
        timing["brian2_call_s"] += b["call_s"]
        timing["brian2_loop_s"] += b["loop_s"]
        timing["nest_call_s"] += n["call_s"]
        timing["nest_simulate_s"] += n["simulate_s"]
        if progress:
            print(
                f"seed {seed}: Brian2 {b['call_s']:.1f} s (loop {b['loop_s']:.1f} s), "
                f"NEST {n['call_s']:.1f} s (Simulate {n['simulate_s']:.1f} s); output rates "
                f"{np.round(b['output_rate_hz'], 1).tolist()} / {np.round(n['output_rate_hz'], 1).tolist()} Hz",
                flush=True,
            )
    timing["ratio_call"] = timing["brian2_call_s"] / timing["nest_call_s"]
    timing["ratio_loop"] = timing["brian2_loop_s"] / timing["nest_simulate_s"]
    versions = {
        "python": platform.python_version(),
        "brian2": b2.__version__,
        "nest": nest.__version__,
        "numpy": np.__version__,
    }
    return {
        "schema": crosscheck.CROSSCHECK_SCHEMA,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "versions": versions,
        "machine": {"cpus": os.cpu_count(), "load_average_1min": os.getloadavg()[0]},
        "protocol": {
            "rates_hz": rates.tolist(),
            "duration_s": durations.tolist(),
            "a_plus": float(a_plus),
            "dt_ms": _dt_ms(),
            "seeds": [int(s) for s in seeds],
            "nest_threads": int(threads),
            "brian2_workers": int(workers),
            "output_rate_window": "last fifth of each run",
            "weak_weight": crosscheck.CROSSCHECK_WEAK,
            "strong_weight": crosscheck.CROSSCHECK_STRONG,
        },
        "parameters": crosscheck.crosscheck_model_parameters(),
        "nest_model": nest_model(SONG_PARAMETERS, a_plus=a_plus),
        "statistics": {
            name: crosscheck.CrossCheckStatistics.from_learners(rows[name]).to_json()
            for name in crosscheck.CROSSCHECK_SIMULATORS
        },
        "timing": timing,
    }


#: Seeds of the stored comparison: 6 per simulator give each standard error 5
#: degrees of freedom (about 10 for the pair), enough for the tolerance rule's
#: 4 standard errors to keep a false alarm over all 12 comparisons under 3 %,
#: at about 7 min of NEST time per seed (3 rates x 1200 s at 0.5 ms; the whole
#: --write took 46 min on 2 cores).
STORED_SEEDS = (1, 2, 3, 4, 5, 6)


def write_crosscheck(content: dict[str, Any], path: Path = CROSSCHECK_PATH) -> Path:
    """Check ``content`` with the reader and write it atomically (a temporary file, then a rename).

    Parameters
    ----------
    content : dict
        :func:`compare`'s result.
    path : pathlib.Path
        Where to write; default ``memsim/data/song_crosscheck.json``.

    Raises
    ------
    ValueError
        If the reader refuses the content (nothing is written then).
    """
    crosscheck.parse_crosscheck(content)
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def summary(content: dict[str, Any]) -> str:
    """A plain-text table of :func:`compare`'s result: per rate and simulator, mean +/- s.d. over seeds."""
    check = crosscheck.parse_crosscheck(content)
    lines = [
        f"{'rate (Hz)':>9} {'simulator':>9} {'output (Hz)':>14} {'mean w/gmax':>14} "
        f"{'share <0.1':>14} {'share >0.9':>14}"
    ]
    for k, rate in enumerate(check.protocol.rates_hz):
        for simulator in crosscheck.CROSSCHECK_SIMULATORS:
            stats = check.statistics[simulator]
            cells = [f"{stats.mean(n)[k]:7.3f} ±{stats.sd(n)[k]:5.3f}" for n in crosscheck.CROSSCHECK_STATISTICS]
            lines.append(f"{rate:>9g} {simulator:>9} " + " ".join(f"{c:>14}" for c in cells))
    timing = check.timing
    lines.append(
        f"Brian2 {timing.brian2_call_s:.1f} s (loop {timing.brian2_loop_s:.1f} s), NEST {timing.nest_call_s:.1f} s "
        f"(Simulate {timing.nest_simulate_s:.1f} s): Brian2/NEST {timing.ratio_call:.3f} (calls), "
        f"{timing.ratio_loop:.3f} (loops)"
    )
    failures = check.agreement().failures()
    lines.append(
        "the simulators agree within the tolerance rule" if not failures else "DISAGREE: " + "; ".join(failures)
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="run the chapter's rate sweep and store the comparison")
    parser.add_argument("--output", type=Path, default=CROSSCHECK_PATH, help="where --write stores it")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(STORED_SEEDS))
    parser.add_argument("--rates", type=float, nargs="+", help="input rates (Hz); not with --write")
    parser.add_argument("--duration", type=float, nargs="+", help="simulated time (s), one or one per rate")
    parser.add_argument("--a-plus", type=float, help="A+ as a fraction of g_max; not with --write")
    parser.add_argument("--threads", type=int, default=1, help="NEST threads (1 for a fair time ratio)")
    parser.add_argument("--workers", type=int, default=1, help="Brian2 processes (1 for a fair time ratio)")
    args = parser.parse_args(argv)
    protocol = crosscheck.crosscheck_protocol()
    if args.write and (args.rates or args.duration or args.a_plus is not None):
        parser.error("--write stores the chapter's protocol; --rates, --duration and --a-plus are for quick looks")
    if args.workers != 1 and args.write:
        parser.error("--write needs --workers 1: the loop time of Brian2's worker processes is not known")
    rates = args.rates or protocol["rates_hz"]
    duration = args.duration or protocol["duration_s"]
    a_plus = protocol["a_plus"] if args.a_plus is None else args.a_plus
    start = time.perf_counter()
    content = compare(
        rates,
        duration_s=duration if len(duration) > 1 else duration[0],
        seeds=args.seeds,
        a_plus=a_plus,
        threads=args.threads,
        workers=args.workers,
        progress=True,
    )
    print(summary(content))
    if args.write:
        print(f"written to {write_crosscheck(content, args.output)} in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
