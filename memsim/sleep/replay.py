"""Chapter 4: sleep, replay and the rewiring at night.

A small spiking network learns a five-element finger-tapping sequence while
awake, replays it, compressed in time, while asleep, and the replay
strengthens it further through the same spike-timing-dependent plasticity
(STDP) that laid it down. The comparison with an equal time awake follows the
design of Walker et al. (2002); whether sleep really *enhances* motor
sequences, or only stabilises them, is contested (Rickard et al. 2008;
Nettersheim et al. 2015), and the chapter says so.

The network
-----------
Five groups of ``N_PER_GROUP`` leaky integrate-and-fire neurons with spike-
frequency adaptation, one group per element of the sequence 4-1-3-2-4 of
Walker et al. (2002). Element 4 appears twice, so the model uses five
distinct groups, one per *position*. Excitatory synapses connect neurons
within a group (fixed) and between neighbouring groups in both directions
(plastic, pair-based additive STDP as in Chapter 1). A pool of inhibitory
neurons receives from and projects to every excitatory neuron.

* **Practice** drives each group in turn with an external cue for
  ``NIGHT.element_interval`` (150 ms), five elements, a pause, repeated. STDP
  strengthens the forward connections (group k fires just before group k+1
  starts) and weakens the backward ones.
* **Recall test** kicks group 1 briefly and measures when each group
  becomes active: the sequence time is the time from the kick to the
  activation of group 5; a trial with a missing or out-of-order element is an
  error.
* **Sleep** removes the cues. Up states are modelled as brief, weak kicks to
  a randomly chosen group at random times (a caricature of the noise-driven
  ignition of an up state or a sharp wave); membrane noise is always present.
  What happens after the kick is up to the network: with learned forward
  weights, activity sweeps forward along the chain, much faster than in
  practice. These sweeps are the replay events, scored by their rank order
  (Spearman correlation of group index and activation time) and their speed
  (compression factor = practice interval / replay interval between groups).
* **Wake control** is the *same* network, with the same weights, the same
  recurrent efficacy and the same STDP, for the same time. It differs from
  sleep only in its ongoing activity, the one difference the model keeps
  from the biology: waking cortex is "activated", with continuous,
  asynchronous input, while non-REM sleep is dominated by synchronous up
  states (Steriade et al. 2001). So awake there are no up-state ignitions
  and the unstructured membrane noise is larger (``wake_sigma``). Whether
  the wake period replays, and what it does to the chain, is up to the
  network. The previous edition's control, which also scaled the recurrent
  synapses by ``cholinergic_gain`` (a caricature of the cholinergic
  suppression of recurrent excitation in waking, an assumption), is still
  available through ``wake(..., recurrent_gain=...)`` as an illustration: it
  suppresses replay by construction.
* **Sleep against wake, synapse by synapse** (:func:`sleep_wake_weight_difference`,
  :func:`sleep_wake_difference_by_size`): de Vivo et al. (2017) compared
  synapse sizes after sleep with those after wake. The model makes the same
  comparison on its plastic weights, after the same practised network slept
  or stayed awake. Nothing in the model was set to produce a difference, or
  to spare the large synapses: the sign and the pattern come out of STDP
  acting on the activity of each state.
* **Downscaling by hand** (:func:`downscale`, an illustration of the synaptic
  homeostasis hypothesis) is applied to the weight matrix in numpy between
  runs: every plastic weight below a percentile is scaled down, the
  strongest are spared. Its size and its sparing are put in by hand.
* **A second sequence** (:func:`interference`) cues the same groups in
  reverse order on top of the first, with or without downscaling before it,
  and tests both. With only neighbour links, the reversed order is the one
  that most directly opposes the first: it drives the backward synapses.

The whole network is compiled once with ``cpp_standalone``; every phase,
seed, schedule and parameter is passed with ``run_args`` (state variables and
``TimedArray`` values), so re-running costs a fraction of a second. Runs are
deterministic given their inputs and seed, and recent ones are remembered
(:func:`clear_run_cache`), so a chapter that asks for the same run twice
pays once.

Dreams as test data
-------------------
:func:`dream_generalisation` is a small numpy model of Hoel's (2021)
overfitted-brain hypothesis: a linear readout trained on few examples, with
and without noisy, corrupted "dreamed" copies of them added to training.

References
----------
Walker MP, Brakefield T, Morgan A, Hobson JA, Stickgold R (2002). Neuron
35:205-211. :cite:`walker2002practice`
Rickard TC, Cai DJ, Rieth CA, Jones J, Ard MC (2008). J Exp Psychol Learn Mem
Cogn 34:834-842. :cite:`rickard2008sleep`
Nettersheim A, Hallschmid M, Born J, Diekelmann S (2015). J Neurosci.
:cite:`nettersheim2015role`
Euston DR, Tatsuno M, McNaughton BL (2007). Science 318:1147-1150.
:cite:`euston2007fast`
Lee AK, Wilson MA (2002). Neuron. :cite:`lee2002memory`
Davidson TJ, Kloosterman F, Wilson MA (2009). Neuron 63:497-507.
:cite:`davidson2009hippocampal`
de Vivo L et al. (2017). Science 355:507-510. :cite:`devivo2017ultrastructural`
Hoel E (2021). Patterns 2:100244. :cite:`hoel2021overfitted`
Brooks PL, Peever JH (2012). J Neurosci 32:9785-9795. :cite:`brooks2012identification`
Steriade M, Timofeev I, Grenier F (2001). J Neurophysiol 85:1969-1985.
:cite:`steriade2001natural`
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import brian2 as b2
import numpy as np
from scipy.ndimage import gaussian_filter1d
from scipy.stats import spearmanr

from memsim import literature
from memsim.core.fields import quantity_field
from memsim.core.spiking import CompiledNetwork, run_time_controls
from memsim.core.validation import (
    check_integer,
    check_number,
    check_quantity,
    check_seed,
)

__all__ = [
    "DOWNSCALING_MODEL",
    "REPLAY_MODEL",
    "replay_durations",
    "sleep_wake_difference_by_size",
    "sleep_wake_weight_difference",
    "N_INH",
    "N_EXC",
    "build_network",
    "clear_run_cache",
    "compression_factor",
    "detect_events",
    "downscale",
    "DOWNSCALING",
    "DownscalingProtocol",
    "initial_weights",
    "interference",
    "INTERFERENCE",
    "InterferenceProtocol",
    "InterferenceResult",
    "loop_time",
    "MAX_RUN",
    "N_GROUPS",
    "N_PER_GROUP",
    "NEURON",
    "NIGHT",
    "night_vs_day",
    "NightProtocol",
    "NightResult",
    "PARAMETERS",
    "pathway_mask",
    "population_rates",
    "practice",
    "recall_test",
    "RecallResult",
    "ReplayParameters",
    "SEQUENCE",
    "signal_to_noise",
    "sleep",
    "SleepResult",
    "SYNAPTIC_DELAY",
    "wake",
]

#: The finger-tapping sequence of Walker et al. (2002); one group per position.
SEQUENCE: tuple[int, ...] = (4, 1, 3, 2, 4)
N_GROUPS = len(SEQUENCE)
#: Excitatory neurons per group.
N_PER_GROUP = 40
N_EXC = N_GROUPS * N_PER_GROUP
N_INH = 50
#: Delay of the excitatory synapses.
SYNAPTIC_DELAY = 3.0 * b2.ms
#: Longest run the compiled binary can do (one phase at a time).
MAX_RUN = 8.0 * b2.second


@dataclass(frozen=True)
class NightProtocol:
    """Practice, recall tests, then sleep or an equal time awake (after Walker et al. 2002).

    Attributes
    ----------
    element_interval : brian2.Quantity
        Time each element is cued during practice (time): a behavioural pace.
    practice_repetitions : int
        Passes through the sequence in practice.
    practice_pause : brian2.Quantity
        Pause after each pass (time).
    test_trials : int
        Recall trials per test.
    test_period : brian2.Quantity
        Time between recall trials (time): adaptation recovers in between.
    test_window : brian2.Quantity
        Time after the kick in which the sequence must complete (time); a
        failed trial counts as this long.
    sleep_duration : brian2.Quantity
        Length of the sleep and wake periods (simulated time).
    up_state_rate : brian2.Quantity
        Mean rate of up-state ignitions in sleep (rate).
    sleep_noise : brian2.Quantity
        Standard deviation of the membrane noise in sleep (voltage).
    seeds : tuple of int
        Seeds of the chapter's repetitions of the experiment.
    test_seed_offset, sleep_seed_offset : int
        The recall tests and the offline periods of the experiment with seed
        ``s`` use seeds ``s + test_seed_offset`` and ``s + sleep_seed_offset``.
    """

    element_interval: b2.Quantity = quantity_field(150.0 * b2.ms)
    practice_repetitions: int = 7
    practice_pause: b2.Quantity = quantity_field(0.25 * b2.second)
    test_trials: int = 6
    test_period: b2.Quantity = quantity_field(0.4 * b2.second)
    test_window: b2.Quantity = quantity_field(0.3 * b2.second)
    sleep_duration: b2.Quantity = quantity_field(3.0 * b2.second)
    up_state_rate: b2.Quantity = quantity_field(4.0 * b2.Hz)
    sleep_noise: b2.Quantity = quantity_field(3.0 * b2.mV)
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    test_seed_offset: int = 1000
    sleep_seed_offset: int = 2000


#: The chapter's sleep-versus-wake experiment.
NIGHT = NightProtocol()


@dataclass(frozen=True)
class InterferenceProtocol:
    """A second sequence practised on top of the first (:func:`interference`).

    Attributes
    ----------
    order : tuple of int
        The second, interfering sequence: the same groups cued in reverse
        order. The network only connects neighbouring groups, so reversing
        the order is the permutation that most directly opposes what was
        learned: it potentiates the backward synapses and depresses the
        forward ones.
    repetitions : int
        Passes through the interfering sequence.
    practice_seed_offset : int
        Practice of the second sequence in the experiment with seed ``s``
        uses seed ``s + practice_seed_offset``.
    """

    order: tuple[int, ...] = tuple(reversed(range(N_GROUPS)))
    repetitions: int = 2
    practice_seed_offset: int = 3000


#: The chapter's interference experiment.
INTERFERENCE = InterferenceProtocol()


@dataclass(frozen=True)
class DownscalingProtocol:
    """Sleep downscaling of the weights (:func:`downscale`), after the synaptic homeostasis hypothesis.

    Attributes
    ----------
    strength : float
        Fraction removed from the scaled weights (dimensionless).
    spare_percentile : float
        Percentile of the plastic weights above which they are spared (0 to 100).
    strengths : tuple of float
        Strengths the chapter compares.
    """

    strength: float = 0.2
    spare_percentile: float = 80.0
    strengths: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.5)


#: The chapter's downscaling.
DOWNSCALING = DownscalingProtocol()

_DT = 0.2 * b2.ms
_CUE_DT = 5.0 * b2.ms
_N_CUE = int(round(float(MAX_RUN / _CUE_DT))) + 1
_GROUP = np.repeat(np.arange(N_GROUPS), N_PER_GROUP)


#: Neuron and synapse constants of the compiled network (illustrative, cortex-like).
NEURON: dict[str, b2.Quantity] = dict(
    tau_m=20 * b2.ms,
    tau_e=10 * b2.ms,
    tau_i=10 * b2.ms,
    tau_a=300 * b2.ms,
    tau_stdp=20 * b2.ms,
    v_th=-50 * b2.mV,
    v_r=-60 * b2.mV,
    e_l=-65 * b2.mV,
    j_ee=4.0 * b2.mV,
    j_ei=0.4 * b2.mV,
    j_ie=0.6 * b2.mV,
)


@dataclass(frozen=True)
class ReplayParameters:
    """Weights, plasticity, drive and read-out of the sequence network (model assumptions).

    Weights and STDP steps are fractions of the synaptic jump ``NEURON["j_ee"]``
    (dimensionless). The module reads :data:`PARAMETERS` once, at import: they
    are the model's, documented here and public so that the chapter can quote
    them, not settings of a run.

    Attributes
    ----------
    w_within : float
        Fixed recurrent weight inside a group: an assembly, not an attractor.
    w_between : float
        Initial forward and backward weight between neighbouring groups
        (jittered by +-50 %).
    w_cap : float
        Upper bound of the plastic weights.
    a_plus : float
        Potentiation per spike pair.
    a_minus : float
        Depression per spike pair: a slightly depression-dominated window.
    cue_amplitude : brian2.Quantity
        Practice cue (voltage).
    test_kick : brian2.Quantity
        Recall cue to the first group of the sequence (voltage), lasting ``test_kick_duration``.
    test_kick_duration : brian2.Quantity
        Length of the recall cue (time).
    sleep_kick : brian2.Quantity
        Up-state ignition (voltage), lasting ``sleep_kick_duration``.
    sleep_kick_duration : brian2.Quantity
        Length of an up-state ignition (time).
    rate_threshold : brian2.Quantity
        A group counts as active above this population rate (rate).
    startup : brian2.Quantity
        Time at the start of a run in which no event is counted (time).
    wake_sigma : brian2.Quantity
        Unstructured ongoing input while awake (voltage, standard deviation):
        the continuous, asynchronous activity of waking cortex, larger than
        the membrane noise between up states in sleep.
    cholinergic_gain : float
        Recurrent efficacy of the previous edition's wake control
        (dimensionless), a caricature of the cholinergic suppression of
        recurrent excitation in waking: used only for the illustration that
        shows that such a control suppresses replay by construction; the
        chapter's wake control keeps the recurrent efficacy at 1.
    test_sigma : brian2.Quantity
        Membrane noise during recall tests (voltage).
    """

    w_within: float = 0.2
    w_between: float = 0.05
    w_cap: float = 0.5
    a_plus: float = 0.02
    a_minus: float = 0.024
    cue_amplitude: b2.Quantity = quantity_field(20.0 * b2.mV)
    test_kick: b2.Quantity = quantity_field(30.0 * b2.mV)
    test_kick_duration: b2.Quantity = quantity_field(0.02 * b2.second)
    sleep_kick: b2.Quantity = quantity_field(25.0 * b2.mV)
    sleep_kick_duration: b2.Quantity = quantity_field(0.01 * b2.second)
    rate_threshold: b2.Quantity = quantity_field(40.0 * b2.Hz)
    startup: b2.Quantity = quantity_field(0.05 * b2.second)
    wake_sigma: b2.Quantity = quantity_field(5.0 * b2.mV)
    cholinergic_gain: float = 0.5
    test_sigma: b2.Quantity = quantity_field(2.0 * b2.mV)


#: The parameters the compiled network and the analysis use.
PARAMETERS = ReplayParameters()

# Private float copies in the units the schedules and the analysis work in.
_W_WITHIN = PARAMETERS.w_within
_W_BETWEEN = PARAMETERS.w_between
_W_CAP = PARAMETERS.w_cap
_A_PLUS = PARAMETERS.a_plus
_A_MINUS = PARAMETERS.a_minus

# Phase settings (membrane noise, drive, adaptation, recurrent gain; mV and dimensionless).
_BASE = dict(mu=10.0, sigma=3.0, b_adapt=3.0, gain=1.0, g_inh=0.5)
_CUE_AMPLITUDE = float(PARAMETERS.cue_amplitude / b2.mV)
_TEST_KICK = float(PARAMETERS.test_kick / b2.mV)
_TEST_KICK_S = float(PARAMETERS.test_kick_duration / b2.second)
_TEST_PERIOD = float(NIGHT.test_period / b2.second)
_TEST_WINDOW = float(NIGHT.test_window / b2.second)
_SLEEP_KICK = float(PARAMETERS.sleep_kick / b2.mV)
_SLEEP_KICK_S = float(PARAMETERS.sleep_kick_duration / b2.second)
_RATE_THRESHOLD = float(PARAMETERS.rate_threshold / b2.Hz)
_STARTUP = float(PARAMETERS.startup / b2.second)
_WAKE_SIGMA = float(PARAMETERS.wake_sigma / b2.mV)
_TEST_SIGMA = float(PARAMETERS.test_sigma / b2.mV)


class _ReplayNetwork(CompiledNetwork):
    """The compiled network: every phase is one run with its own run_args.

    Every run is deterministic given its inputs and seed, and a chapter asks
    for the same run more than once (the default frame of an explorable is the
    night of the main text; a second sequence is learned on top of the same
    practised network), so recent runs are remembered (see
    :func:`clear_run_cache`).
    """

    notebook = "04_sleep_replay"
    model = "sequence_network"
    memo_size = 64

    def define(self, device) -> None:
        self.cue = b2.TimedArray(np.zeros((_N_CUE, N_GROUPS)) * b2.mV, dt=_CUE_DT)
        # Initial weights as a TimedArray, read by synapse index i*N+j: a
        # TimedArray can be replaced through run_args, and the lookup does not
        # depend on the order in which the synapses were created.
        self.w_init = b2.TimedArray(np.zeros((1, N_EXC * N_EXC)), dt=1 * b2.second)
        b2.defaultclock.dt = _DT
        self.controls = run_time_controls(device, check_every=10 * b2.ms)
        ns = dict(NEURON, cue=self.cue, w_init=self.w_init, n_exc=N_EXC)
        self.exc = b2.NeuronGroup(
            N_EXC,
            """
            dv/dt = (e_l - v + ge - g_inh * gi - adapt + mu + cue(t, group)) / tau_m
                    + sigma * sqrt(2 / tau_m) * xi : volt (unless refractory)
            dge/dt = -ge / tau_e : volt
            dgi/dt = -gi / tau_i : volt
            dadapt/dt = -adapt / tau_a : volt
            group : integer (constant)
            mu : volt (constant)
            sigma : volt (constant)
            b_adapt : volt (constant)
            gain : 1 (constant)
            g_inh : 1 (constant)
            plastic : 1 (constant)
            a_plus : 1 (constant)
            a_minus : 1 (constant)
            w_cap : 1 (constant)
            """,
            threshold="v > v_th",
            reset="v = v_r; adapt += b_adapt",
            refractory=2 * b2.ms,
            method="euler",
            namespace=ns,
            name="exc",
        )
        self.inh = b2.NeuronGroup(
            N_INH,
            """
            dv/dt = (e_l - v + ge + 5*mV) / (10*ms) + 2*mV * sqrt(2 / (10*ms)) * xi : volt (unless refractory)
            dge/dt = -ge / tau_e : volt
            """,
            threshold="v > v_th",
            reset="v = v_r",
            refractory=1 * b2.ms,
            method="euler",
            namespace=ns,
            name="inh",
        )
        self.exc.group = _GROUP
        self.ee = b2.Synapses(
            self.exc,
            self.exc,
            """
            w : 1
            between : 1 (constant)
            dapre/dt = -apre / tau_stdp : 1 (event-driven)
            dapost/dt = -apost / tau_stdp : 1 (event-driven)
            """,
            on_pre="""
            ge_post += gain_post * w * j_ee
            apre += a_plus_post
            w = clip(w + between * plastic_post * apost, 0, w_cap_post)
            """,
            on_post="""
            apost -= a_minus_post
            w = clip(w + between * plastic_post * apre, 0, w_cap_post)
            """,
            delay=SYNAPTIC_DELAY,
            namespace=ns,
            name="ee",
        )
        self.ee.connect(condition="i != j and abs(group_pre - group_post) <= 1")
        self.ee.between = "int(group_pre != group_post)"
        self.ee.w = "w_init(0*second, i * n_exc + j)"
        self.ei = b2.Synapses(self.exc, self.inh, on_pre="ge_post += j_ei", namespace=ns, name="ei")
        self.ei.connect()
        self.ie = b2.Synapses(self.inh, self.exc, on_pre="gi_post += j_ie", namespace=ns, name="ie")
        self.ie.connect()
        self.exc.v = "e_l + rand() * (v_th - e_l)"
        self.inh.v = "e_l + rand() * (v_th - e_l)"
        self.spikes = b2.SpikeMonitor(self.exc, name="exc_spikes")
        network = b2.Network(self.controls, self.exc, self.inh, self.ee, self.ei, self.ie, self.spikes)
        network.run(MAX_RUN)

    def run_args(
        self,
        *,
        weights: np.ndarray,
        cue_mv: np.ndarray,
        duration_s: float,
        seed: int,
        plastic: bool,
        mu: float,
        sigma: float,
        b_adapt: float,
        gain: float,
        g_inh: float,
    ) -> dict:
        """One phase's weights, cue schedule (mV), seed, length (s) and settings as run-time values."""
        full = np.zeros((_N_CUE, N_GROUPS))
        full[: cue_mv.shape[0]] = cue_mv[:_N_CUE]
        per_neuron = lambda value: np.full(N_EXC, float(value))  # noqa: E731
        return {
            self.controls.seed: seed,
            self.controls.stop_at: duration_s * b2.second,
            self.cue: full * b2.mV,
            self.w_init: weights.reshape(1, -1),
            self.exc.mu: per_neuron(mu) * b2.mV,
            self.exc.sigma: per_neuron(sigma) * b2.mV,
            self.exc.b_adapt: per_neuron(b_adapt) * b2.mV,
            self.exc.gain: per_neuron(gain),
            self.exc.g_inh: per_neuron(g_inh),
            self.exc.plastic: per_neuron(1.0 if plastic else 0.0),
            self.exc.a_plus: per_neuron(_A_PLUS),
            self.exc.a_minus: per_neuron(_A_MINUS),
            self.exc.w_cap: per_neuron(_W_CAP),
        }

    def collect(self, **settings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Final weights, spike indices and spike times (s)."""
        final = np.zeros((N_EXC, N_EXC))
        final[np.asarray(self.ee.i[:]), np.asarray(self.ee.j[:])] = np.asarray(self.ee.w[:])
        return final, np.asarray(self.spikes.i[:]).copy(), np.asarray(self.spikes.t[:] / b2.second).copy()


def build_network() -> None:
    """Compile the chapter's network now, so that no later call pays for it.

    A cold build takes tens of seconds; a warm build folder, about a second.
    Every phase function builds it on first use anyway.
    """
    _ReplayNetwork.shared()


def loop_time() -> tuple[int, float]:
    """Runs of the compiled network in this process, and the seconds spent in its simulation loop.

    Repeats answered from the run cache (see :func:`clear_run_cache`) are not
    counted: they did not run. The rest of a run's cost is process start-up,
    reading and writing the run-time values and results, and Python.
    """
    network = _ReplayNetwork.shared()
    return network.runs, network.loop_seconds


def clear_run_cache() -> None:
    """Forget remembered runs, so that the next call of every phase really runs the network."""
    _ReplayNetwork.forget_runs()


def _run_phase(weights, cue_mv, duration_s, seed, *, plastic, **overrides):
    settings = dict(_BASE)
    settings.update(overrides)
    return _ReplayNetwork.shared().simulate(
        weights=weights, cue_mv=cue_mv, duration_s=duration_s, seed=seed, plastic=plastic, **settings
    )


# ---------------------------------------------------------------------------
# Weights and schedules
# ---------------------------------------------------------------------------


def _connected() -> np.ndarray:
    """Mask of existing synapses: within a group and between neighbouring groups."""
    near = np.abs(_GROUP[:, None] - _GROUP[None, :]) <= 1
    np.fill_diagonal(near, False)
    return near


def pathway_mask(offset: int) -> np.ndarray:
    """Boolean mask ``(N_EXC, N_EXC)`` of the synapses from group k to group k + ``offset``.

    Rows are presynaptic, as in the weight matrices. ``offset=+1`` selects the
    forward synapses (the practised direction), ``-1`` the backward ones, ``0``
    those within a group (diagonal included). Synapses exist only for
    ``|offset| <= 1``; other offsets select entries that are always zero.
    """
    offset = check_integer("offset", offset, low=-(N_GROUPS - 1), high=N_GROUPS - 1)
    return (_GROUP[None, :] - _GROUP[:, None]) == offset


def initial_weights(seed: int | None = 0) -> np.ndarray:
    """Weight matrix of the naive network, ``(N_EXC, N_EXC)``, rows = presynaptic.

    Within-group weights are fixed at 0.2; forward and backward weights between
    neighbouring groups start equal on average (0.05, jittered by ±50 %), so the
    naive network has no preferred direction. Weights are fractions of the
    synaptic jump (4 mV); absent synapses are 0.
    """
    rng = np.random.default_rng(check_seed("seed", seed, allow_none=True))
    between = _W_BETWEEN * rng.uniform(0.5, 1.5, (N_EXC, N_EXC))
    same = _GROUP[:, None] == _GROUP[None, :]
    weights = np.where(same, _W_WITHIN, between) * _connected()
    return weights


def _steps(seconds: float) -> int:
    return int(round(seconds / float(_CUE_DT / b2.second)))


def _practice_cues(
    repetitions: int, element_s: float, pause_s: float, order: tuple[int, ...] = tuple(range(N_GROUPS))
) -> tuple[np.ndarray, float]:
    total = 0.1 + repetitions * (N_GROUPS * element_s + pause_s)
    cues = np.zeros((_steps(total) + 1, N_GROUPS))
    t = 0.1
    for _ in range(repetitions):
        for k in order:
            cues[_steps(t) : _steps(t + element_s), k] = _CUE_AMPLITUDE
            t += element_s
        t += pause_s
    return cues, total


def _test_cues(trials: int, first: int = 0) -> tuple[np.ndarray, float, np.ndarray]:
    total = 0.1 + trials * _TEST_PERIOD
    cues = np.zeros((_steps(total) + 1, N_GROUPS))
    onsets = 0.1 + _TEST_PERIOD * np.arange(trials)
    for onset in onsets:
        cues[_steps(onset) : _steps(onset + _TEST_KICK_S), first] = _TEST_KICK
    return cues, total, onsets


def _sleep_kicks(duration_s: float, rate_hz: float, rng: np.random.Generator) -> np.ndarray:
    """Up-state ignitions: 10 ms kicks to random groups, at least 150 ms apart."""
    cues = np.zeros((_steps(duration_s) + 1, N_GROUPS))
    t = 0.1
    while True:
        t += rng.exponential(1.0 / rate_hz) + 0.15 if rate_hz > 0 else np.inf
        if t > duration_s - 0.2:
            return cues
        cues[_steps(t) : _steps(t + _SLEEP_KICK_S), rng.integers(N_GROUPS)] = _SLEEP_KICK


# ---------------------------------------------------------------------------
# Analysis of spike trains
# ---------------------------------------------------------------------------


def _check_spikes(spike_index: np.ndarray, spike_time: b2.Quantity) -> tuple[np.ndarray, np.ndarray]:
    """Check a spike train of the excitatory neurons and return it as (int, float in s) arrays.

    Indices must be whole numbers in ``[0, N_EXC - 1]``; times (a time
    quantity) must be finite and non-negative. Both are 1-D arrays of one length, possibly
    empty. Times after the run's nominal length are allowed (and not counted
    by :func:`population_rates`): a compiled run stops at the first check
    (every 10 ms) at or after its stop time.
    """
    if not isinstance(spike_time, b2.Quantity):
        raise TypeError(
            f"spike_time must be a Brian2 quantity in units of second (e.g. times * b2.second), "
            f"got a plain {type(spike_time).__name__}"
        )
    if not b2.have_same_dimensions(spike_time, b2.second):
        raise b2.DimensionMismatchError("spike_time must have the units of second", spike_time.dim, b2.second.dim)
    index, time = np.asarray(spike_index), np.asarray(spike_time / b2.second)
    for name, array in (("spike_index", index), ("spike_time", time)):
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{name} must be an array of real numbers, got dtype {array.dtype}")
        if array.ndim != 1:
            raise ValueError(f"{name} must be a 1-D array, got shape {array.shape}")
    if index.shape != time.shape:
        raise ValueError(f"spike_index and spike_time must have the same length, got {index.size} and {time.size}")
    if not np.all(np.isfinite(time)):
        raise ValueError("spike_time must contain only finite values (no NaN or inf)")
    if time.size and time.min() < 0:
        raise ValueError(f"spike_time must be >= 0 s (time since the run's start), got {time.min()}")
    if not np.all(np.isfinite(index)) or np.any(index != np.round(index)):
        raise ValueError(f"spike_index must hold whole neuron indices in [0, {N_EXC - 1}] (no NaN, inf or fractions)")
    if index.size and (index.min() < 0 or index.max() > N_EXC - 1):
        raise ValueError(
            f"spike_index must lie within [0, {N_EXC - 1}] (the excitatory neurons), "
            f"got values from {index.min()} to {index.max()}"
        )
    return index.astype(int), time.astype(float)


def population_rates(
    spike_index: np.ndarray, spike_time: b2.Quantity, duration: b2.Quantity, bin_width: b2.Quantity = 2.0 * b2.ms
) -> tuple[b2.Quantity, b2.Quantity]:
    """Smoothed population rate of each group.

    Parameters
    ----------
    spike_index : numpy.ndarray
        Excitatory neuron index (whole numbers in ``[0, N_EXC - 1]``) of every spike.
    spike_time : brian2.Quantity
        Spike time of every spike (time, finite, >= 0; spikes after
        ``duration`` are not counted): a 1-D array as long as
        ``spike_index``, empty if nothing fired.
    duration : brian2.Quantity
        Length of the run (time, > 0).
    bin_width : brian2.Quantity
        Bin width (time, 0.1 to 100 ms); rates are smoothed with a Gaussian of two bins.

    Returns
    -------
    rates : brian2.Quantity
        ``(N_GROUPS, n_bins)`` rates per neuron (rate).
    times : brian2.Quantity
        Left edge of each bin (time).

    Raises
    ------
    TypeError
        If the spike arrays do not hold real numbers.
    ValueError
        If an argument is out of range, or the spike arrays are not 1-D
        arrays of one length with finite values in range.
    """
    duration_s = check_quantity("duration", duration, b2.second, low=0.0, low_inclusive=False)
    bin_s = check_quantity("bin_width", bin_width, b2.second, low=1e-4, high=0.1)
    rates, times = _population_rates(*_check_spikes(spike_index, spike_time), duration_s, bin_s)
    return rates * b2.Hz, times * b2.second


def _population_rates(
    spike_index: np.ndarray, spike_time: np.ndarray, duration_s: float, bin_s: float = 0.002
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`population_rates` in floats: rates (Hz) and bin edges (s) of a checked spike train."""
    edges = np.arange(0.0, duration_s + bin_s, bin_s)
    groups = _GROUP[spike_index]
    counts = np.array([np.histogram(spike_time[groups == k], edges)[0] for k in range(N_GROUPS)])
    rates = gaussian_filter1d(counts.astype(float) / (N_PER_GROUP * bin_s), 2.0, axis=1)
    return rates, edges[:-1]


def _onsets(rates: np.ndarray, times: np.ndarray, start: int, stop: int) -> np.ndarray:
    """First time each group's rate crosses the threshold in bins [start, stop); NaN if never."""
    window = rates[:, start:stop] > _RATE_THRESHOLD
    out = np.full(N_GROUPS, np.nan)
    for k in range(N_GROUPS):
        hits = np.nonzero(window[k])[0]
        if hits.size:
            out[k] = times[start + hits[0]]
    return out


def detect_events(
    spike_index: np.ndarray, spike_time: b2.Quantity, duration: b2.Quantity, min_groups: int = 3
) -> dict[str, np.ndarray]:
    """Find replay events and score their order and speed.

    An event is a stretch in which at least one group's population rate is
    above ``PARAMETERS.rate_threshold`` (40 Hz; not counting the first
    ``PARAMETERS.startup``, 50 ms, of a run, its start-up transient); each
    group's onset is its first crossing within the event (or within 50 ms
    after it ends, so that a slow next group is not missed).

    Parameters
    ----------
    spike_index : numpy.ndarray
        Excitatory neuron index of every spike, as for :func:`population_rates`.
    spike_time : brian2.Quantity
        Spike time of every spike (time), as for :func:`population_rates`.
    duration : brian2.Quantity
        Length of the run (time, > 0).
    min_groups : int
        Active groups an event needs to be scored (2 to ``N_GROUPS``).

    Returns
    -------
    dict
        ``onsets`` (``(n_events, N_GROUPS)`` times, NaN for groups not
        active), ``durations`` (times), and for events with at least
        ``min_groups`` groups: ``rank_correlation`` (Spearman, group index vs
        onset; +1 = forward order; dimensionless), ``interval`` (mean time
        between consecutive groups, times), and ``scored`` (boolean mask of
        those events).

    Raises
    ------
    TypeError, ValueError
        If an argument is out of range or malformed (see :func:`population_rates`).
    """
    min_groups = check_integer("min_groups", min_groups, low=2, high=N_GROUPS)
    duration_s = check_quantity("duration", duration, b2.second, low=0.0, low_inclusive=False)
    events = _detect_events(*_check_spikes(spike_index, spike_time), duration_s, min_groups)
    for name in ("onsets", "durations", "interval"):
        events[name] = events[name] * b2.second
    return events


def _detect_events(
    spike_index: np.ndarray, spike_time: np.ndarray, duration_s: float, min_groups: int
) -> dict[str, np.ndarray]:
    """:func:`detect_events` in floats (s) on a checked spike train."""
    rates, times = _population_rates(spike_index, spike_time, duration_s)
    active = (rates > _RATE_THRESHOLD).any(axis=0)
    edges = np.diff(np.r_[0, active.astype(int), 0])
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    rows, durations = [], []
    for start, end in zip(starts, ends, strict=True):
        if times[start] < _STARTUP:
            continue  # the start-up transient of every run (random initial voltages), not an event
        rows.append(_onsets(rates, times, start, min(end + 25, times.size)))
        durations.append((end - start) * (times[1] - times[0]))
    onsets = np.array(rows).reshape(-1, N_GROUPS)
    n_active = np.sum(~np.isnan(onsets), axis=1)
    scored = n_active >= min_groups
    rho, interval = [], []
    for row in onsets[scored]:
        ok = ~np.isnan(row)
        # Groups that cross together have no order: score them 0, not NaN.
        same = np.ptp(row[ok]) == 0
        rho.append(0.0 if same else float(spearmanr(np.arange(N_GROUPS)[ok], row[ok])[0]))
        interval.append((np.nanmax(row) - np.nanmin(row)) / (ok.sum() - 1))
    return {
        "onsets": onsets,
        "durations": np.array(durations),
        "scored": scored,
        "rank_correlation": np.array(rho),
        "interval": np.array(interval),
    }


def compression_factor(interval: b2.Quantity, element_interval: b2.Quantity = NIGHT.element_interval) -> float:
    """Practice interval between elements divided by the replay interval (dimensionless).

    Parameters
    ----------
    interval : brian2.Quantity
        Mean time between consecutive groups in replay (time, > 0).
    element_interval : brian2.Quantity
        Time between elements in practice (time, > 0); the chapter's by default.
    """
    interval_s = check_quantity("interval", interval, b2.second, low=0.0, low_inclusive=False)
    element_s = check_quantity("element_interval", element_interval, b2.second, low=0.0, low_inclusive=False)
    return element_s / interval_s


# ---------------------------------------------------------------------------
# The phases
# ---------------------------------------------------------------------------


def _check_weights(weights: np.ndarray) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (N_EXC, N_EXC):
        raise ValueError(f"weights must have shape ({N_EXC}, {N_EXC}), got {weights.shape}")
    if not np.all(np.isfinite(weights)) or weights.min() < 0:
        raise ValueError("weights must be finite and >= 0")
    return weights


def _check_order(order) -> tuple[int, ...]:
    """A sequence order: a permutation of the group indices ``0 .. N_GROUPS - 1``."""
    valid = f"the group indices 0 to {N_GROUPS - 1}"
    try:
        order = tuple(int(k) for k in order)
    except (TypeError, ValueError):
        raise TypeError(f"order must be a sequence of {valid}, got {order!r}") from None
    if sorted(order) != list(range(N_GROUPS)):
        raise ValueError(f"order must be a permutation of {valid}, got {order!r}")
    return order


@dataclass(frozen=True)
class RecallResult:
    """A recall test: group 1 is kicked, the network must play the sequence.

    Attributes
    ----------
    onsets : brian2.Quantity
        ``(n_trials, N_GROUPS)`` activation time of each group after the
        kick (time), NaN where a group did not become active within
        ``NIGHT.test_window`` (300 ms).
    sequence_time : brian2.Quantity
        Per trial, time from the kick to group 5's activation (time); a
        failed trial counts as the full window.
    errors : numpy.ndarray
        Per trial, True if an element was missing or out of order.
    """

    onsets: b2.Quantity
    sequence_time: b2.Quantity
    errors: np.ndarray

    @property
    def mean_time(self) -> b2.Quantity:
        """Mean sequence time (time), failed trials counted as the window."""
        return float(np.asarray(self.sequence_time / b2.second).mean()) * b2.second

    @property
    def error_rate(self) -> float:
        """Fraction of trials with a missing or out-of-order element."""
        return float(self.errors.mean())


def recall_test(
    weights: np.ndarray,
    seed: int = 0,
    trials: int = NIGHT.test_trials,
    *,
    order: tuple[int, ...] = tuple(range(N_GROUPS)),
) -> RecallResult:
    """Kick the first group of ``order`` ``trials`` times, ``NIGHT.test_period`` apart, with plasticity off.

    Parameters
    ----------
    weights : numpy.ndarray
        Weight matrix ``(N_EXC, N_EXC)``.
    seed : int
        Seed of the membrane noise.
    trials : int
        Number of trials (1 to 19).
    order : tuple of int
        The sequence to recall, as 0-based group indices: the practised one
        by default, ``INTERFERENCE.order`` for the second sequence. Onsets are
        reported in this order.
    """
    weights = _check_weights(weights)
    seed = cast(int, check_seed("seed", seed))  # an int: None is rejected
    trials = check_integer("trials", trials, low=1, high=19)
    order = _check_order(order)
    cues, total, kick_times = _test_cues(trials, first=order[0])
    _, index, time = _run_phase(weights, cues, total, seed, plastic=False, sigma=_TEST_SIGMA)
    rates, times = _population_rates(*_check_spikes(index, time * b2.second), total)
    bin_s = times[1] - times[0]
    onsets = np.array(
        [
            _onsets(rates, times, int(round(k / bin_s)), int(round((k + _TEST_WINDOW) / bin_s)))[list(order)] - k
            for k in kick_times
        ]
    )
    complete = ~np.isnan(onsets).any(axis=1)
    ordered = np.array([np.all(np.diff(row) > 0) if ok else False for row, ok in zip(onsets, complete, strict=True)])
    errors = ~(complete & ordered)
    sequence_time = np.where(np.isnan(onsets[:, -1]), _TEST_WINDOW, onsets[:, -1])
    return RecallResult(onsets * b2.second, sequence_time * b2.second, errors)


def practice(
    seed: int = 0,
    repetitions: int = NIGHT.practice_repetitions,
    element: b2.Quantity = NIGHT.element_interval,
    *,
    order: tuple[int, ...] = tuple(range(N_GROUPS)),
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, float]]:
    """Cue a sequence ``repetitions`` times with STDP on.

    Parameters
    ----------
    seed : int
        Seed of the noise, and of the initial weights when ``weights`` is None.
    repetitions : int
        Passes through the sequence (at least 1; each pass lasts five
        elements plus a ``NIGHT.practice_pause`` of 250 ms, and all of practice must fit into
        ``MAX_RUN``: at most 7 passes at 150 ms per element).
    element : brian2.Quantity
        Cue length of each element (time, 50 to 300 ms).
    order : tuple of int
        Order in which the groups (0-based positions) are cued: a permutation
        of ``0 .. N_GROUPS - 1``. The default is the practised sequence;
        ``INTERFERENCE.order`` is the second, interfering sequence.
    weights : numpy.ndarray, optional
        Weights to start from (a network that has already learned
        something); None starts from the naive network of ``seed``.

    Returns
    -------
    weights : numpy.ndarray
        Weights after practice.
    spikes : tuple
        Spike indices, spike times (time) and the run length (time).
    """
    seed = cast(int, check_seed("seed", seed))  # an int: None is rejected
    element_s = check_quantity("element", element, b2.second, low=0.05, high=0.3)
    pause_s = float(NIGHT.practice_pause / b2.second)
    longest = int((float(MAX_RUN / b2.second) - 0.1) // (N_GROUPS * element_s + pause_s))
    repetitions = check_integer("repetitions", repetitions, low=1, high=longest)
    order = _check_order(order)
    start = initial_weights(seed) if weights is None else _check_weights(weights)
    cues, total = _practice_cues(repetitions, element_s, pause_s=pause_s, order=order)
    final, index, time = _run_phase(start, cues, total, seed, plastic=True)
    return final, (index, time * b2.second, total * b2.second)


@dataclass(frozen=True)
class SleepResult:
    """An offline period (sleep or wake) and what it did.

    Attributes
    ----------
    weights : numpy.ndarray
        Weights at the end of the period.
    events : dict
        Output of :func:`detect_events`.
    spikes : tuple
        Spike indices, spike times (time) and the run length (time).
    """

    weights: np.ndarray
    events: dict
    spikes: tuple

    @property
    def n_replays(self) -> int:
        """Events that recruited at least three groups."""
        return int(self.events["scored"].sum())

    @property
    def rank_correlation(self) -> float:
        """Mean rank correlation of the replays (NaN if none)."""
        rho = self.events["rank_correlation"]
        return float(rho.mean()) if rho.size else float("nan")

    @property
    def compression(self) -> float:
        """Compression factor of the forward replays (NaN if none)."""
        forward = self.events["rank_correlation"] > 0
        if not forward.any():
            return float("nan")
        return compression_factor(float(np.asarray(self.events["interval"][forward] / b2.second).mean()) * b2.second)

    @property
    def replay_duration(self) -> b2.Quantity:
        """Mean duration of the replays (time; NaN if none)."""
        durations = np.asarray(self.events["durations"][self.events["scored"]] / b2.second)
        return (float(durations.mean()) if durations.size else float("nan")) * b2.second


def _offline(weights, duration, seed, cues, **settings) -> SleepResult:
    weights = _check_weights(weights)
    duration_s = check_quantity("duration", duration, b2.second, low=0.5, high=float(MAX_RUN / b2.second))
    final, index, time = _run_phase(weights, cues, duration_s, seed, plastic=True, **settings)
    spike_time, run_length = time * b2.second, duration_s * b2.second
    return SleepResult(final, detect_events(index, spike_time, run_length), (index, spike_time, run_length))


def sleep(
    weights: np.ndarray,
    duration: b2.Quantity = NIGHT.sleep_duration,
    *,
    noise: b2.Quantity = NIGHT.sleep_noise,
    up_state_rate: b2.Quantity = NIGHT.up_state_rate,
    seed: int = 0,
) -> SleepResult:
    """Sleep: no cues, noise-driven up states, STDP on.

    Parameters
    ----------
    weights : numpy.ndarray
        Weights at sleep onset.
    duration : brian2.Quantity
        Length of the sleep period (time, 0.5 to 8 s of simulated time).
    noise : brian2.Quantity
        Standard deviation of the membrane noise (voltage, 0 to 8 mV).
    up_state_rate : brian2.Quantity
        Mean rate of up-state ignitions (Hz, 0 to 10).
    seed : int
        Seed of the ignition times and places and of the noise.
    """
    seed = cast(int, check_seed("seed", seed))  # an int: None is rejected
    sigma = check_quantity("noise", noise, b2.mV, low=0.0, high=8.0)
    rate = check_quantity("up_state_rate", up_state_rate, b2.Hz, low=0.0, high=10.0)
    duration_s = check_quantity("duration", duration, b2.second, low=0.5, high=float(MAX_RUN / b2.second))
    cues = _sleep_kicks(duration_s, rate, np.random.default_rng(seed))
    return _offline(weights, duration, seed, cues, sigma=sigma)


def wake(
    weights: np.ndarray,
    duration: b2.Quantity = NIGHT.sleep_duration,
    *,
    seed: int = 0,
    recurrent_gain: float = 1.0,
) -> SleepResult:
    """The matched wake period: the same network with the ongoing activity of waking, STDP on.

    No up-state ignitions, and larger unstructured membrane noise
    (``PARAMETERS.wake_sigma``): the continuous, asynchronous activity of
    waking cortex. Everything else (weights, recurrent efficacy, inhibition,
    adaptation, STDP) is that of sleep.

    Parameters
    ----------
    weights : numpy.ndarray
        Weights at the start of the period.
    duration : brian2.Quantity
        Length (time, 0.5 to 8 s).
    seed : int
        Seed of the noise.
    recurrent_gain : float
        Efficacy of the excitatory synapses (0 to 1, dimensionless). The
        chapter's control keeps 1; ``PARAMETERS.cholinergic_gain`` gives the
        previous edition's weakened control, an illustration.
    """
    seed = cast(int, check_seed("seed", seed))  # an int: None is rejected
    gain = check_number("recurrent_gain", recurrent_gain, low=0.0, high=1.0)
    check_quantity("duration", duration, b2.second, low=0.5, high=float(MAX_RUN / b2.second))
    return _offline(weights, duration, seed, np.zeros((1, N_GROUPS)), sigma=_WAKE_SIGMA, gain=gain)


@dataclass(frozen=True)
class NightResult:
    """Practice, then sleep or an equal time awake, for one seed.

    ``before``, ``after_sleep`` and ``after_wake`` are recall tests on the
    same noise seed.
    """

    seed: int
    practised: np.ndarray
    before: RecallResult
    slept: SleepResult
    woke: SleepResult
    after_sleep: RecallResult
    after_wake: RecallResult

    @property
    def sleep_gain(self) -> float:
        """Relative speed-up of the sequence after sleep, ``1 - after / before`` (dimensionless)."""
        return 1.0 - float(self.after_sleep.mean_time / self.before.mean_time)

    @property
    def wake_gain(self) -> float:
        """Relative speed-up of the sequence after the wake period (dimensionless)."""
        return 1.0 - float(self.after_wake.mean_time / self.before.mean_time)

    @property
    def sleep_speed_gain(self) -> float:
        """Relative increase of speed (1 / sequence time) after sleep, ``before / after - 1``.

        Walker et al. (2002) counted correct sequences per trial, a speed; this
        is the model's counterpart (dimensionless).
        """
        return float(self.before.mean_time / self.after_sleep.mean_time) - 1.0

    @property
    def wake_speed_gain(self) -> float:
        """Relative increase of speed after the wake period, ``before / after - 1`` (dimensionless)."""
        return float(self.before.mean_time / self.after_wake.mean_time) - 1.0

    @property
    def weight_difference(self) -> float:
        """How much smaller the plastic weights are after sleep than after wake (%).

        See :func:`sleep_wake_weight_difference`.
        """
        return sleep_wake_weight_difference(self.slept.weights, self.woke.weights)


def night_vs_day(
    seed: int = 0,
    sleep_duration: b2.Quantity = NIGHT.sleep_duration,
    noise: b2.Quantity = NIGHT.sleep_noise,
) -> NightResult:
    """Practice, test, then sleep or wake for the same time, and test again.

    Parameters
    ----------
    seed : int
        Seed of the whole experiment.
    sleep_duration : brian2.Quantity
        Length of both offline periods (time, 0.5 to 8 s).
    noise : brian2.Quantity
        Membrane noise during sleep (voltage, 0 to 8 mV).
    """
    seed = cast(int, check_seed("seed", seed))  # an int: None is rejected
    practised, _ = practice(seed)
    test_seed = seed + NIGHT.test_seed_offset
    slept = sleep(practised, sleep_duration, noise=noise, seed=seed + NIGHT.sleep_seed_offset)
    woke = wake(practised, sleep_duration, seed=seed + NIGHT.sleep_seed_offset)
    return NightResult(
        seed=seed,
        practised=practised,
        before=recall_test(practised, test_seed),
        slept=slept,
        woke=woke,
        after_sleep=recall_test(slept.weights, test_seed),
        after_wake=recall_test(woke.weights, test_seed),
    )


# ---------------------------------------------------------------------------
# Synaptic homeostasis
# ---------------------------------------------------------------------------


def _plastic_mask() -> np.ndarray:
    """Mask of the existing plastic synapses (between neighbouring groups, both directions)."""
    return _connected() & (_GROUP[:, None] != _GROUP[None, :])


def sleep_wake_weight_difference(slept: np.ndarray, woke: np.ndarray) -> float:
    """How much smaller the mean plastic weight is after sleep than after wake (%).

    The model's counterpart of de Vivo et al. (2017), who compared the
    axon-spine interface of synapses after sleep with that after wake:
    ``100 * (1 - mean(slept) / mean(woke))`` over every existing plastic
    synapse. Positive: sleep left the synapses weaker; negative: stronger.

    Parameters
    ----------
    slept, woke : numpy.ndarray
        Weight matrices ``(N_EXC, N_EXC)`` after sleep and after an equal
        time awake, from the same starting weights.
    """
    slept, woke = _check_weights(slept), _check_weights(woke)
    plastic = _plastic_mask()
    total = woke[plastic].mean()
    if total <= 0:
        raise ValueError("woke has no plastic weight: the difference is undefined")
    return float(100.0 * (1.0 - slept[plastic].mean() / total))


def sleep_wake_difference_by_size(
    start: np.ndarray, slept: np.ndarray, woke: np.ndarray, n_classes: int = 5
) -> np.ndarray:
    """:func:`sleep_wake_weight_difference` within size classes of the starting weights (%).

    The plastic synapses are sorted by their weight at the start of the
    offline period and split into ``n_classes`` classes of equal count, from
    the weakest to the strongest; for each, how much smaller their mean
    weight is after sleep than after wake. De Vivo et al. (2017) found the
    sleep-wake difference in small and medium synapses, not in the largest.

    Parameters
    ----------
    start, slept, woke : numpy.ndarray
        Weight matrices ``(N_EXC, N_EXC)``: at the start, after sleep, after wake.
    n_classes : int
        Number of size classes (2 to 20).

    Returns
    -------
    numpy.ndarray
        ``(n_classes,)`` differences in %, weakest class first; NaN for a
        class whose mean weight after wake is zero.
    """
    start, slept, woke = _check_weights(start), _check_weights(slept), _check_weights(woke)
    n_classes = check_integer("n_classes", n_classes, low=2, high=20)
    plastic = _plastic_mask()
    order = np.argsort(start[plastic], kind="stable")
    out = np.full(n_classes, np.nan)
    for k, members in enumerate(np.array_split(order, n_classes)):
        awake = woke[plastic][members].mean()
        if awake > 0:
            out[k] = 100.0 * (1.0 - slept[plastic][members].mean() / awake)
    return out


def replay_durations(results: list[SleepResult]) -> b2.Quantity:
    """Durations of every scored replay event of several sleep periods (time; empty if none)."""
    durations = [np.asarray(r.events["durations"][r.events["scored"]] / b2.second) for r in results]
    return np.concatenate(durations + [np.zeros(0)]) * b2.second


def downscale(
    weights: np.ndarray, strength: float, spare_percentile: float = DOWNSCALING.spare_percentile
) -> np.ndarray:
    """Sleep downscaling by hand, sparing the strongest synapses: an illustration.

    The size of the downscaling and its sparing of the strong synapses are
    put in here, not produced by a mechanism; the chapter labels comparisons
    with it "imposed" (:data:`DOWNSCALING_MODEL`).

    Every plastic (between-group) weight below the ``spare_percentile``-th
    percentile of the plastic weights is multiplied by ``1 - strength``; the
    rest are left alone. ``spare_percentile=100`` scales every plastic weight
    (uniform scaling). Within-group weights are not plastic in the model and
    are not touched.

    Parameters
    ----------
    weights : numpy.ndarray
        Weight matrix ``(N_EXC, N_EXC)``.
    strength : float
        Fraction removed from the scaled weights (0 to 1).
    spare_percentile : float
        Percentile (0 to 100) above which weights are spared.
    """
    weights = _check_weights(weights)
    strength = check_number("strength", strength, low=0.0, high=1.0)
    spare_percentile = check_number("spare_percentile", spare_percentile, low=0.0, high=100.0)
    plastic = _plastic_mask()
    scaled = weights.copy()
    if spare_percentile >= 100.0:
        weak = plastic  # nothing spared: uniform scaling
    else:
        weak = plastic & (weights < np.percentile(weights[plastic], spare_percentile))
    scaled[weak] *= 1.0 - strength
    return scaled


def signal_to_noise(weights: np.ndarray) -> float:
    """Mean forward (learned) weight over mean backward (unlearned) weight (dimensionless)."""
    weights = _check_weights(weights)
    forward = weights[pathway_mask(+1)].mean()
    backward = weights[pathway_mask(-1)].mean()
    if backward <= 0:
        raise ValueError("backward weights are all zero: signal-to-noise is undefined")
    return float(forward / backward)


@dataclass(frozen=True)
class InterferenceResult:
    """A second, reversed sequence practised on top of the first one.

    Attributes
    ----------
    strength : float
        Downscaling strength applied before the second sequence (0: none).
    start : numpy.ndarray
        Weights when the second sequence begins (after downscaling, if any).
    end : numpy.ndarray
        Weights after the second sequence.
    first_before, first_after : RecallResult
        Recall of the first sequence before and after the second one.
    second_after : RecallResult
        Recall of the second sequence after it was practised.
    """

    strength: float
    start: np.ndarray
    end: np.ndarray
    first_before: RecallResult
    first_after: RecallResult
    second_after: RecallResult

    @property
    def forward_change(self) -> float:
        """Relative change of the mean forward weight (the first sequence's links)."""
        forward = pathway_mask(+1)
        return float(self.end[forward].mean() / self.start[forward].mean() - 1.0)

    @property
    def backward_gain(self) -> float:
        """Increase of the mean backward weight (the second sequence's links), × j_ee."""
        backward = pathway_mask(-1)
        return float(self.end[backward].mean() - self.start[backward].mean())


def interference(
    weights: np.ndarray,
    strength: float = 0.0,
    *,
    seed: int = 0,
    repetitions: int = INTERFERENCE.repetitions,
    spare_percentile: float = DOWNSCALING.spare_percentile,
) -> InterferenceResult:
    """Optionally downscale, then practise the reversed sequence, and test both sequences.

    Parameters
    ----------
    weights : numpy.ndarray
        Weights of a network that has learned the first sequence (e.g. after sleep).
    strength : float
        Downscaling strength before the second sequence (0 to 1; 0 = none).
    seed : int
        Seed of the experiment: recall tests use ``seed + NIGHT.test_seed_offset``
        (as in :func:`night_vs_day`), practice of the second sequence
        ``seed + INTERFERENCE.practice_seed_offset``.
    repetitions : int
        Passes through the second sequence (1 to 7).
    spare_percentile : float
        Percentile of plastic weights above which downscaling spares them (0 to 100).
    """
    # An integer, not None: the phases' seeds are derived from it.
    seed = check_integer("seed", seed, low=0, high=2**31)
    start = downscale(weights, strength, spare_percentile)
    order = INTERFERENCE.order
    end, _ = practice(seed + INTERFERENCE.practice_seed_offset, repetitions, order=order, weights=start)
    test_seed = seed + NIGHT.test_seed_offset
    return InterferenceResult(
        strength=float(strength),
        start=start,
        end=end,
        first_before=recall_test(start, test_seed),
        first_after=recall_test(end, test_seed),
        second_after=recall_test(end, test_seed, order=order),
    )


# ---------------------------------------------------------------------------
# Provenance: what the models were set from
# ---------------------------------------------------------------------------

#: The sequence network of the chapter. No parameter was set from a published
#: value. The replay compression is a ratio of the chosen practice pace to the
#: network's replay interval, so its comparisons are marked imposed; the
#: sleep-wake differences (speed, weights) and the replay duration come out of
#: the network and are predictions.
REPLAY_MODEL = literature.provenance(
    "sleep.replay",
    4,
    "Spiking sequence network: practice, sleep with up-state ignitions, and the same network awake; "
    "no parameter set from a published value; the practice pace is chosen, so the compression is imposed.",
    parameters=(PARAMETERS, NIGHT),
    imposed=("euston2007.compression", "lee2002.compression"),
)

#: The downscaling by hand (:func:`downscale`): its size and sparing were put in.
DOWNSCALING_MODEL = literature.provenance(
    "sleep.downscaling",
    4,
    "Downscaling by hand: the weaker plastic synapses scaled down by a chosen fraction, the strongest spared.",
    parameters=(DOWNSCALING,),
    imposed=("devivo2017.asi_reduction",),
)
