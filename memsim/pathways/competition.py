"""Chapter 1, model 2: synaptic competition, after Song, Miller & Abbott (2000).

1000 Poisson inputs with additive STDP drive one conductance-based leaky
integrate-and-fire neuron. The synapses compete: the weights are driven to 0
or to ``g_max``, and inputs that fire together win. Several independent
learners run side by side in one compiled network; :func:`competition_suite`
runs the chapter's four experiments (rate sweep, frozen control, correlation
grid, practice population) together.

References
----------
Song S, Miller KD, Abbott LF (2000). Nat Neurosci 3:919-926.
:cite:`song2000competitive`
"""

from __future__ import annotations

import math
import multiprocessing
import os
from dataclasses import dataclass
from typing import Any

import brian2 as b2
import numpy as np

from memsim import literature
from memsim.core.fields import quantity_field
from memsim.core.spiking import CompiledNetwork, run_time_controls
from memsim.core.validation import (
    check_integer,
    check_number,
    check_quantity,
    check_quantity_array,
)

__all__ = [
    "COMPETITION",
    "competition_experiment",
    "COMPETITION_PARAMETERS",
    "COMPETITION_DT",
    "competition_suite",
    "COMPETITION_PROVENANCE",
    "CompetitionProtocol",
    "CompetitionResult",
    "CompetitionSuite",
    "LEARNERS_PER_RUN",
    "MAX_COMPETITION_DURATION",
    "ModelParameter",
    "N_INPUTS",
    "SHARED_RATE_CORRELATION_TIME",
    "SNAPSHOT_INTERVAL",
    "SONG_PARAMETERS",
    "SongParameters",
    "weight_bands",
    "WeightBands",
]

# ---------------------------------------------------------------------------
# Competition: Song, Miller & Abbott (2000)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelParameter:
    """One parameter of the competition model, with where its value comes from.

    Attributes
    ----------
    name, symbol : str
        What it is, and its symbol in the chapter's equations.
    value : str
        The value this model uses, with its unit.
    song2000 : tuple of str
        Keys of :mod:`memsim.literature` holding Song et al.'s (2000) value(s);
        empty where the paper has no such parameter or we could not check it.
    brian2_example : str
        The value in Brian2's ``examples/synapses/STDP.py`` ("—": not used).
    reason : str
        Why this model uses its value.
    """

    name: str
    symbol: str
    value: str
    song2000: tuple[str, ...]
    brian2_example: str
    reason: str


#: Longest run the compiled network allows; shorter runs stop early.
MAX_COMPETITION_DURATION = 1200.0 * b2.second
#: Interval between the weight snapshots a run records.
SNAPSHOT_INTERVAL = 2.0 * b2.second


@dataclass(frozen=True, eq=False)
class SongParameters:
    """Parameters of the competition model: Song, Miller & Abbott's (2000) neuron and STDP rule.

    Every field is read from :mod:`memsim.literature`. Conductances are in
    units of the leak conductance (dimensionless).

    Attributes
    ----------
    n_inputs : int
        Excitatory (plastic) inputs per learner.
    n_inhibitory : int
        Inhibitory inputs per learner (not plastic).
    inhibitory_rate : brian2.Quantity
        Firing rate of each inhibitory input (Hz).
    g_inhibitory : float
        Inhibitory conductance per spike.
    tau_m : brian2.Quantity
        Membrane time constant (time).
    v_rest, v_threshold, v_reset : brian2.Quantity
        Resting, threshold and reset potentials (voltage).
    e_ex, e_in : brian2.Quantity
        Excitatory and inhibitory reversal potentials (voltage).
    tau_ex, tau_in : brian2.Quantity
        Excitatory and inhibitory synaptic time constants (time).
    tau_stdp : brian2.Quantity
        STDP time constants, ``tau_+ = tau_-`` (time).
    g_max : float
        Peak excitatory conductance.
    a_plus : float
        Potentiation per pre-before-post pair, as a fraction of ``g_max``.
    ltd_ratio : float
        Depression/potentiation amplitude ratio ``A_-/A_+``.
    """

    n_inputs: int = literature.sourced("song2000.n_inputs")
    n_inhibitory: int = literature.sourced("song2000.n_inhibitory")
    inhibitory_rate: b2.Quantity = literature.sourced("song2000.inhibitory_rate", quantity=True)
    g_inhibitory: float = literature.sourced("song2000.g_inhibitory")
    tau_m: b2.Quantity = literature.sourced("song2000.tau_m", quantity=True)
    v_rest: b2.Quantity = literature.sourced("song2000.v_rest", quantity=True)
    v_threshold: b2.Quantity = literature.sourced("song2000.v_threshold", quantity=True)
    v_reset: b2.Quantity = literature.sourced("song2000.v_reset", quantity=True)
    e_ex: b2.Quantity = literature.sourced("song2000.e_ex", quantity=True)
    e_in: b2.Quantity = literature.sourced("song2000.e_in", quantity=True)
    tau_ex: b2.Quantity = literature.sourced("song2000.tau_synapse", quantity=True)
    tau_in: b2.Quantity = literature.sourced("song2000.tau_synapse", quantity=True)
    tau_stdp: b2.Quantity = literature.sourced("song2000.tau_stdp", quantity=True)
    g_max: float = literature.sourced("song2000.g_max")
    a_plus: float = literature.sourced("song2000.a_plus")
    ltd_ratio: float = literature.sourced("song2000.ltd_ratio")

    def __post_init__(self) -> None:
        check_integer("n_inputs", self.n_inputs, low=1, high=10_000)
        check_integer("n_inhibitory", self.n_inhibitory, low=0, high=10_000)
        check_quantity("inhibitory_rate", self.inhibitory_rate, b2.Hz, low=0.0, high=1000.0)
        check_number("g_inhibitory", self.g_inhibitory, low=0.0, high=10.0)
        check_number("g_max", self.g_max, low=0.0, high=10.0, low_inclusive=False)
        check_number("a_plus", self.a_plus, low=0.0, high=1.0)
        check_number("ltd_ratio", self.ltd_ratio, low=0.0, high=10.0)
        for name in ("tau_m", "tau_ex", "tau_in", "tau_stdp"):
            check_quantity(name, getattr(self, name), b2.ms, low=0.0, high=1000.0, low_inclusive=False)
        for name in ("v_rest", "v_threshold", "v_reset", "e_ex", "e_in"):
            check_quantity(name, getattr(self, name), b2.mV, low=-200.0, high=200.0)

    def namespace(self) -> dict[str, Any]:
        """The constants of the neuron's and the synapses' equations, by their names there."""
        names = ("tau_m", "v_rest", "v_threshold", "v_reset", "e_ex", "e_in", "tau_ex", "tau_in", "tau_stdp")
        return {**{name: getattr(self, name) for name in names}, "g_max": self.g_max, "ltd_ratio": self.ltd_ratio}


#: The competition model's parameters (compiled into the network).
SONG_PARAMETERS = SongParameters()

# Bi & Poo's values set the pairing model's rule in the same package; a value
# that sets any parameter of the package is declared by all of its models.
_PACKAGE_INPUTS = ("bi2001.tau_plus", "bi2001.tau_minus", "bi1998.n_pairings", "bi1998.pairing_frequency")

#: What the competition model was set from: Song et al.'s (2000) neuron and rule
#: (inputs, read from the table by :class:`SongParameters`). Nothing it produces
#: is compared with a published number: Song's bimodal weights and flat output
#: rate could be seen only as statements, so the chapter reports them as the
#: model's behaviour, not as evidence.
COMPETITION_PROVENANCE = literature.provenance(
    "pathways.competition",
    1,
    "Song, Miller & Abbott's (2000) competition model: conductance-based neuron with 1000 STDP inputs",
    parameters=(SongParameters,),
    inputs=_PACKAGE_INPUTS,
)
#: Inputs per learner (the postsynaptic neuron), as in Song et al. (2000).
N_INPUTS: int = SONG_PARAMETERS.n_inputs
#: Learners simulated side by side in one run of the compiled network.
LEARNERS_PER_RUN = 2

#: Time step of the competition network (not a published value; see the parameter table).
#: Halving it changes neither the output rate nor the weights (the chapter and
#: ``tests/test_competition.py`` show it), because spike pairs that fall in the
#: same step are split evenly between potentiation and depression (see
#: ``_CompetitionNetwork``).
COMPETITION_DT = 0.5 * b2.ms
#: Correlation time of the practised group's shared rate fluctuation (a model choice).
SHARED_RATE_CORRELATION_TIME = 20.0 * b2.ms


#: Every parameter of the competition model, its value here and its sources.
COMPETITION_PARAMETERS: tuple[ModelParameter, ...] = (
    ModelParameter("excitatory inputs", "$N$", f"{N_INPUTS}", ("song2000.n_inputs",), "1000", "as in both"),
    ModelParameter(
        "inhibitory inputs",
        "$N_\\mathrm{in}$",
        f"{SONG_PARAMETERS.n_inhibitory} at {SONG_PARAMETERS.inhibitory_rate / b2.Hz:g} Hz, "
        f"{SONG_PARAMETERS.g_inhibitory:g} each, not plastic",
        ("song2000.n_inhibitory", "song2000.inhibitory_rate", "song2000.g_inhibitory"),
        "—",
        "Song's background inhibition keeps the neuron in a fluctuation-driven regime",
    ),
    ModelParameter(
        "membrane time constant",
        "$\\tau_m$",
        f"{SONG_PARAMETERS.tau_m / b2.ms:g} ms",
        ("song2000.tau_m",),
        "10 ms",
        "Song",
    ),
    ModelParameter(
        "resting potential",
        "$V_\\mathrm{rest}$",
        f"{SONG_PARAMETERS.v_rest / b2.mV:g} mV",
        ("song2000.v_rest",),
        "−74 mV",
        "Song",
    ),
    ModelParameter(
        "threshold, reset",
        "$V_\\theta$, $V_\\mathrm{reset}$",
        f"{SONG_PARAMETERS.v_threshold / b2.mV:g}, {SONG_PARAMETERS.v_reset / b2.mV:g} mV",
        ("song2000.v_threshold", "song2000.v_reset"),
        "−54, −60 mV",
        "as in both",
    ),
    ModelParameter(
        "synaptic time constants",
        "$\\tau_\\mathrm{ex}$, $\\tau_\\mathrm{in}$",
        f"{SONG_PARAMETERS.tau_ex / b2.ms:g} ms",
        ("song2000.tau_synapse",),
        "5 ms",
        "as in both",
    ),
    ModelParameter(
        "peak conductance",
        "$g_\\max$",
        f"{SONG_PARAMETERS.g_max:g}",
        ("song2000.g_max",),
        "0.01",
        "Song",
    ),
    ModelParameter(
        "potentiation per pair",
        "$A_+$",
        f"{SONG_PARAMETERS.a_plus:g} $g_\\max$",
        ("song2000.a_plus",),
        "0.01 $g_\\max$",
        "Song; larger values speed learning but broaden the two peaks",
    ),
    ModelParameter(
        "depression/potentiation",
        "$A_-/A_+$",
        f"{SONG_PARAMETERS.ltd_ratio:g}",
        ("song2000.ltd_ratio",),
        "1.05",
        "as in both",
    ),
    ModelParameter(
        "STDP time constants",
        "$\\tau_+ = \\tau_-$",
        f"{SONG_PARAMETERS.tau_stdp / b2.ms:g} ms",
        ("song2000.tau_stdp",),
        "20 ms",
        "as in both",
    ),
    ModelParameter(
        "time step",
        "$\\Delta t$",
        f"{COMPETITION_DT / b2.ms:g} ms",
        (),
        "0.1 ms",
        "halving it changes nothing measured here, because pairs within one step are split evenly "
        "between potentiation and depression (below)",
    ),
)


class _CompetitionNetwork(CompiledNetwork):
    """The compiled competition network: ``LEARNERS_PER_RUN`` independent learners.

    Each learner has its own 1000 Poisson inputs (a group of which shares a
    fluctuating rate), 200 inhibitory inputs and one postsynaptic neuron.
    Input rates, the group's rate modulation and size,
    the STDP amplitude, plasticity on/off, the seed and the run length are all
    run-time values, so one compilation serves every run of the chapter.
    """

    notebook = "01_pathways"
    model = "competition"
    #: The time step compiled into this network.
    time_step: b2.Quantity = COMPETITION_DT

    def define(self, device) -> None:
        b2.defaultclock.dt = self.time_step
        n_learners, n_inputs = LEARNERS_PER_RUN, N_INPUTS
        self.controls = run_time_controls(device, check_every=SNAPSHOT_INTERVAL / 4, name="controls")
        # The correlated group shares a fluctuating rate: every group input
        # fires at r * (1 + c * x(t)), where x is one Ornstein-Uhlenbeck
        # process per learner (zero mean, unit variance, correlation time
        # ``tau_shared``). Shared rate fluctuations correlate the inputs on the
        # time scale of the STDP window without exact synchrony, which would
        # drive the neuron at unrealistic rates.
        self.shared_rate = b2.NeuronGroup(
            n_learners,
            "dx/dt = -x / tau_shared + sqrt(2 / tau_shared) * xi : 1",
            method="euler",
            namespace={"tau_shared": SHARED_RATE_CORRELATION_TIME},
            name="shared",
        )
        self.inputs = b2.NeuronGroup(
            n_inputs * n_learners,
            """
            rate : Hz (constant)
            w_given : 1 (constant)
            modulation : 1 (constant)
            in_group : 1 (constant)
            next_spike : second
            x_shared : 1 (linked)
            """,
            # Independent inputs draw exponential intervals (one comparison per
            # step); the group needs a random draw per step for its varying rate.
            # Half a step earlier, so that step-rounded intervals keep the mean rate.
            threshold=(
                "(modulation == 0 and t >= next_spike) or "
                "(modulation > 0 and rand() < rate * clip(1 + modulation * x_shared, 0, 100) * dt)"
            ),
            reset="next_spike = t - log(rand()) / rate - 0.5*dt",
            name="inputs",
        )
        self.inputs.x_shared = b2.linked_var(self.shared_rate, "x", index=np.repeat(np.arange(n_learners), n_inputs))
        self.post = b2.NeuronGroup(
            n_learners,
            """
            dv/dt = (v_rest - v + g_ex*(e_ex - v) + g_in*(e_in - v)) / tau_m : volt
            dg_ex/dt = -g_ex / tau_ex : 1
            dg_in/dt = -g_in / tau_in : 1
            plastic : 1 (constant)
            a_plus : 1 (constant)
            initial_weight : 1 (constant)
            group_initial_weight : 1 (constant)
            """,
            threshold="v > v_threshold",
            reset="v = v_reset",
            # Runge-Kutta follows the conductances' decay within a step. Holding
            # them over the step (Euler, exponential Euler) overstates every
            # input by about dt / (2 tau_ex), which in this fluctuation-driven
            # regime raised the frozen output rate by a third at 0.5 ms.
            method="rk4",
            namespace=SONG_PARAMETERS.namespace(),
            name="post",
        )
        self.inhibition = b2.PoissonInput(
            self.post,
            "g_in",
            SONG_PARAMETERS.n_inhibitory,
            SONG_PARAMETERS.inhibitory_rate,
            weight=SONG_PARAMETERS.g_inhibitory,
        )
        self.synapses = b2.Synapses(
            self.inputs,
            self.post,
            """
            w : 1
            t_last_input : second
            dapre/dt = -apre / tau_stdp : 1 (event-driven)
            dapost/dt = -apost / tau_stdp : 1 (event-driven)
            """,
            # A pre- and a postsynaptic spike in the same step arrive in an
            # unknown order. Brian2 runs on_pre first, so on_post would count
            # every such pair as pre-before-post (+A+). Those pairs are split
            # evenly instead, (A+ - A-)/2: otherwise the bias, about N r dt A+
            # per output spike, rivals the slight excess of depression that
            # drives the competition, and the output rate depends on the step
            # (43 Hz at 0.5 ms, 16 Hz at 0.1 ms for 40 Hz input, without it).
            on_pre="""
            g_ex_post += w
            apre += a_plus_post * g_max
            w = clip(w + plastic_post * apost, 0, g_max)
            t_last_input = t
            """,
            on_post="""
            apost -= ltd_ratio * a_plus_post * g_max
            same_step = int(t_last_input == t)
            w = clip(w + plastic_post * (apre - same_step * 0.5 * (1 + ltd_ratio) * a_plus_post * g_max), 0, g_max)
            """,
            namespace=SONG_PARAMETERS.namespace(),
            name="synapses",
        )
        self.synapses.connect(i=np.arange(n_learners * n_inputs), j=np.repeat(np.arange(n_learners), n_inputs))
        self.post.v = SONG_PARAMETERS.v_rest
        # Initial weights uniform in [0, initial_weight * g_max] (1 is Brian2's
        # example), with a separate upper end for the group's inputs.
        # Or the run's own starting weights, where w_given is not negative (each
        # input has one synapse, so the input holds its synapse's starting weight).
        self.synapses.w = (
            "int(w_given_pre < 0) * rand() * g_max * (in_group_pre * group_initial_weight_post"
            " + (1 - in_group_pre) * initial_weight_post) + int(w_given_pre >= 0) * w_given_pre * g_max"
        )
        self.synapses.t_last_input = "-1 * second"
        self.inputs.next_spike = "-log(rand()) / rate"
        self.shared_rate.x = "randn()"
        self.spikes = b2.SpikeMonitor(self.post, name="post_spikes")
        self.snapshots = b2.StateMonitor(
            self.synapses,
            "w",
            record=np.arange(n_learners * n_inputs),
            dt=SNAPSHOT_INTERVAL,
            name="weight_snapshots",
        )
        network = b2.Network(
            self.controls,
            self.shared_rate,
            self.inputs,
            self.post,
            self.inhibition,
            self.synapses,
            self.spikes,
            self.snapshots,
        )
        network.run(MAX_COMPETITION_DURATION)

    def run_args(self, *, settings: dict[str, np.ndarray], duration_s: float, seed: int) -> dict:
        """Per-learner settings, the seed and the run length as run-time values."""
        rate = settings["rate_hz"]
        modulation_per_learner = settings["modulation"]
        modulation = np.zeros((LEARNERS_PER_RUN, N_INPUTS))
        modulation[:, : settings["group_size"]] = modulation_per_learner[:, None]
        in_group = np.zeros((LEARNERS_PER_RUN, N_INPUTS))
        in_group[:, : settings["group_size"]] = 1.0
        return {
            self.controls.seed: seed,
            self.controls.stop_at: duration_s * b2.second,
            self.inputs.rate: np.repeat(rate, N_INPUTS) * b2.Hz,
            self.inputs.modulation: modulation.ravel(),
            self.inputs.in_group: in_group.ravel(),
            self.post.plastic: settings["plastic"].astype(float),
            self.post.a_plus: settings["a_plus"],
            self.post.initial_weight: settings["initial_weight"],
            self.post.group_initial_weight: settings["group_initial_weight"],
            self.inputs.w_given: settings["given_weights"].ravel(),
        }

    def collect(self, *, duration_s: float, **settings) -> dict[str, Any]:
        """Read one run's results as plain arrays."""
        n_snapshots = int(round(duration_s / float(SNAPSHOT_INTERVAL / b2.second))) + 1
        weights = np.asarray(self.synapses.w[:])
        # The last row is the final state: a run that ends at the compiled length
        # stops before its last snapshot, and one stopped early completes one
        # more time step after it.
        recorded = self.recorded(self.snapshots, "w")[: n_snapshots - 1]
        recorded = np.vstack([recorded, weights[None, :]])
        snapshots = recorded.T / SONG_PARAMETERS.g_max
        spike_index = np.asarray(self.spikes.i[:])
        spike_time = np.asarray(self.spikes.t[:] / b2.second)
        # Plain arrays (s) here: this runs in a worker process, whose result is pickled.
        return {
            "weights": weights.reshape(LEARNERS_PER_RUN, N_INPUTS) / SONG_PARAMETERS.g_max,
            "snapshots": snapshots.reshape(LEARNERS_PER_RUN, N_INPUTS, -1).transpose(0, 2, 1),
            "spike_times": [spike_time[spike_index == k] for k in range(LEARNERS_PER_RUN)],
        }


@dataclass(frozen=True)
class CompetitionResult:
    """Learners of the competition experiment, one row per learner.

    Weights are in units of ``g_max`` (0 to 1). The correlated group is the
    first ``group_size`` inputs of each learner.

    Attributes
    ----------
    input_rate : brian2.Quantity
        Rate of every excitatory input (Hz), per learner.
    modulation : numpy.ndarray
        Depth of the group's shared rate modulation (0 to 1), per learner.
    plastic : numpy.ndarray
        Whether STDP was on (bool), per learner.
    a_plus : numpy.ndarray
        Potentiation per pair, as a fraction of ``g_max``, per learner.
    initial_weight : numpy.ndarray
        Upper end of the uniform initial weights (fraction of ``g_max``).
    duration : brian2.Quantity
        Length of each learner's run (s).
    group_size : int
        Number of inputs in the correlated group.
    weights : numpy.ndarray
        Final weights, shape ``(n_learners, 1000)``.
    snapshots : tuple of numpy.ndarray
        Per learner, the weights every ``SNAPSHOT_INTERVAL``, shape
        ``(n_snapshots, 1000)``; row ``k`` is the state at
        ``k * SNAPSHOT_INTERVAL``, the last row the final state.
    spike_times : tuple of brian2.Quantity
        Per learner, the postsynaptic spike times (time).
    """

    input_rate: b2.Quantity
    modulation: np.ndarray
    plastic: np.ndarray
    a_plus: np.ndarray
    initial_weight: np.ndarray
    duration: b2.Quantity
    group_size: int
    weights: np.ndarray
    snapshots: tuple[np.ndarray, ...]
    spike_times: tuple[b2.Quantity, ...]

    @property
    def n_learners(self) -> int:
        return int(self.weights.shape[0])

    def group_mask(self) -> np.ndarray:
        """Boolean mask of the correlated ("practised") inputs, shape ``(1000,)``."""
        mask = np.zeros(N_INPUTS, dtype=bool)
        mask[: self.group_size] = True
        return mask

    def output_rate(self, start: b2.Quantity | None = None, end: b2.Quantity | None = None) -> b2.Quantity:
        """Postsynaptic firing rate of each learner between ``start`` and ``end`` (Hz).

        By default the last fifth of each run, when the weights have settled.
        """
        rates = []
        for k, spikes in enumerate(self.spike_times):
            length = float(self.duration[k] / b2.second)
            t0 = 0.8 * length if start is None else check_quantity("start", start, b2.second, low=0.0, high=length)
            t1 = length if end is None else check_quantity("end", end, b2.second, low=t0, high=length)
            if t1 <= t0:
                raise ValueError(f"end must be later than start, got [{t0}, {t1}] s")
            seconds = np.asarray(spikes / b2.second)
            rates.append(np.count_nonzero((seconds >= t0) & (seconds < t1)) / (t1 - t0))
        return np.array(rates) * b2.Hz

    def weights_after(self, elapsed: b2.Quantity) -> np.ndarray:
        """Weights of every learner after ``elapsed`` time, shape ``(n_learners, 1000)``."""
        shortest = float(np.min(self.duration / b2.second))
        seconds = check_quantity("elapsed", elapsed, b2.second, low=0.0, high=shortest)
        trial = float(SNAPSHOT_INTERVAL / b2.second)
        if not math.isclose(seconds / trial, round(seconds / trial), abs_tol=1e-9):
            raise ValueError(f"elapsed must be a multiple of the trial length {SNAPSHOT_INTERVAL}, got {elapsed}")
        return np.array([s[int(round(seconds / trial))] for s in self.snapshots])

    def select(self, mask: np.ndarray) -> CompetitionResult:
        """The learners where ``mask`` (bool, one per learner) is true."""
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (self.n_learners,):
            raise ValueError(f"mask must have shape ({self.n_learners},), got {mask.shape}")
        index = np.flatnonzero(mask)
        return CompetitionResult(
            input_rate=self.input_rate[mask],
            modulation=self.modulation[mask],
            plastic=self.plastic[mask],
            a_plus=self.a_plus[mask],
            initial_weight=self.initial_weight[mask],
            duration=self.duration[mask],
            group_size=self.group_size,
            weights=self.weights[mask],
            snapshots=tuple(self.snapshots[k] for k in index),
            spike_times=tuple(self.spike_times[k] for k in index),
        )


@dataclass(frozen=True)
class WeightBands:
    """Shares of weights near each bound and in between, per learner.

    Attributes
    ----------
    margin : float
        Width of each end band, as a fraction of ``g_max``.
    low, middle, high : numpy.ndarray
        Fractions of each learner's weights at most ``margin`` (near 0),
        strictly between the bands, and at least ``1 - margin`` (near
        ``g_max``); they add up to 1.
    """

    margin: float
    low: np.ndarray
    middle: np.ndarray
    high: np.ndarray

    def density_ratios(self) -> tuple[np.ndarray, np.ndarray]:
        """Weights per unit of w in the low and in the high band, over that in the middle (ratio).

        Both above 1 means a U-shaped split: a peak at each bound. One near
        0 means no peak at that bound, which a share of weights "near 0 or
        ``g_max``" cannot tell (all weights at 0 would give 100 %). An empty
        middle gives ``inf``.
        """
        middle_density = self.middle / (1.0 - 2.0 * self.margin)
        with np.errstate(divide="ignore", invalid="ignore"):
            low = np.where(middle_density > 0, (self.low / self.margin) / middle_density, np.inf)
            high = np.where(middle_density > 0, (self.high / self.margin) / middle_density, np.inf)
        return low, high

    def bimodal(self) -> np.ndarray:
        """Whether each learner's weights peak at both bounds (bool): both ratios above 1."""
        low, high = self.density_ratios()
        return (low > 1.0) & (high > 1.0)


def weight_bands(weights: np.ndarray, margin: float = 0.1) -> WeightBands:
    """Shares of weights within ``margin`` of 0, within ``margin`` of ``g_max``, and in between.

    Parameters
    ----------
    weights : numpy.ndarray
        Weights in units of ``g_max`` (0 to 1), shape ``(..., n_inputs)``.
    margin : float
        Width of each end band, as a fraction of ``g_max`` (0 to 0.5, exclusive).
    """
    margin = check_number("margin", margin, low=0.0, high=0.5, low_inclusive=False, high_inclusive=False)
    w = np.asarray(weights, dtype=float)
    if w.size == 0 or not np.all(np.isfinite(w)):
        raise ValueError("weights must be a non-empty array of finite values")
    if np.any(w < 0) or np.any(w > 1):
        raise ValueError("weights must be in units of g_max, within [0, 1]")
    low = (w <= margin).mean(axis=-1)
    high = (w >= 1.0 - margin).mean(axis=-1)
    return WeightBands(margin=margin, low=low, middle=1.0 - low - high, high=high)


def _learner_table(
    input_rate: b2.Quantity,
    modulation: np.ndarray | float,
    plastic: np.ndarray | bool,
    a_plus: np.ndarray | float,
    initial_weight: np.ndarray | float,
    group_initial_weight: np.ndarray | float | None,
    duration: b2.Quantity,
) -> dict[str, np.ndarray]:
    """Broadcast the per-learner settings to one array each, validated."""
    rate_hz = np.atleast_1d(
        check_quantity_array("input_rate", np.atleast_1d(input_rate) * 1.0, b2.Hz, low=1.0, high=80.0)
    )
    n = rate_hz.size
    duration_s = check_quantity_array("duration", np.atleast_1d(duration) * 1.0, b2.second)
    trial = float(SNAPSHOT_INTERVAL / b2.second)
    if np.any(duration_s < trial) or np.any(duration_s > float(MAX_COMPETITION_DURATION / b2.second)):
        raise ValueError(f"duration must lie within [{SNAPSHOT_INTERVAL}, {MAX_COMPETITION_DURATION}], got {duration}")
    if not np.allclose(duration_s / trial, np.round(duration_s / trial)):
        raise ValueError(f"duration must be a multiple of the trial length {SNAPSHOT_INTERVAL}, got {duration}")
    table = {"rate_hz": rate_hz}
    settings = (
        ("modulation", modulation),
        ("a_plus", a_plus),
        ("initial_weight", initial_weight),
        ("group_initial_weight", initial_weight if group_initial_weight is None else group_initial_weight),
        ("plastic", plastic),
        ("duration_s", duration_s),
    )
    for name, value in settings:
        array = np.asarray(value)
        if array.ndim > 1 or (array.ndim == 1 and array.size not in (1, n)):
            raise ValueError(f"{name} must be a scalar or have one value per input_rate ({n}), got shape {array.shape}")
        table[name] = np.broadcast_to(array, (n,)).copy()
    if table["plastic"].dtype != bool:
        raise TypeError("plastic must be a bool or an array of bools")
    for k in range(n):
        check_number("modulation", float(table["modulation"][k]), low=0.0, high=1.0)
        check_number("a_plus", float(table["a_plus"][k]), low=0.0, high=0.05)
        check_number("initial_weight", float(table["initial_weight"][k]), low=0.0, high=1.0)
        check_number("group_initial_weight", float(table["group_initial_weight"][k]), low=0.0, high=1.0)
    for name in ("modulation", "a_plus", "initial_weight", "group_initial_weight"):
        table[name] = table[name].astype(float)
    return table


class _HalfStepCompetitionNetwork(_CompetitionNetwork):
    """The same network at half the time step: the check that the step has converged."""

    model = "competition_half_step"
    time_step = COMPETITION_DT / 2


#: The compiled time steps, and the network of each.
_NETWORKS: dict[float, type[_CompetitionNetwork]] = {
    float(network.time_step / b2.ms): network for network in (_CompetitionNetwork, _HalfStepCompetitionNetwork)
}


def _run_chunk(job: tuple[dict[str, np.ndarray], float, int, float]) -> dict[str, np.ndarray]:
    settings, duration_s, seed, time_step_ms = job
    return _NETWORKS[time_step_ms].shared().simulate(settings=settings, duration_s=duration_s, seed=seed)


def _given_weights(starting_weights: np.ndarray | None, n_learners: int) -> np.ndarray:
    """Starting weights per learner (units of g_max), or -1 where they are to be drawn."""
    if starting_weights is None:
        return np.full((n_learners, N_INPUTS), -1.0)
    weights = np.asarray(starting_weights, dtype=float)
    if weights.shape != (n_learners, N_INPUTS):
        raise ValueError(f"starting_weights must have shape ({n_learners}, {N_INPUTS}), got {weights.shape}")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or np.any(weights > 1):
        raise ValueError("starting_weights must be in units of g_max, within [0, 1]")
    return weights


def _compiled_steps(time_step: b2.Quantity, n_learners: int) -> np.ndarray:
    """Each learner's time step (ms), checked to be one that is compiled."""
    steps_ms = check_quantity_array("time_step", np.atleast_1d(time_step) * 1.0, b2.ms, low=0.0)
    if steps_ms.ndim != 1 or steps_ms.size not in (1, n_learners):
        raise ValueError(f"time_step must be a scalar or have one value per input_rate ({n_learners})")
    compiled = np.array(sorted(_NETWORKS))
    matched = []
    for step_ms in np.broadcast_to(steps_ms, (n_learners,)):
        close = np.isclose(compiled, step_ms)
        if not close.any():
            raise ValueError(f"time_step must be one of {compiled.tolist()} ms (compiled), got {step_ms:g} ms")
        matched.append(compiled[close][0])
    return np.array(matched)


def _chunks(
    table: dict[str, np.ndarray], group_size: int
) -> list[tuple[np.ndarray, dict[str, np.ndarray], float, float]]:
    """Split learners into compiled-size runs of equal duration and time step, costliest first."""
    runs = []
    keys = {(d, step) for d, step in zip(table["duration_s"].tolist(), table["step_ms"].tolist(), strict=True)}
    for duration_s, step_ms in sorted(keys, key=lambda key: key[0] / key[1], reverse=True):
        members = np.flatnonzero((table["duration_s"] == duration_s) & (table["step_ms"] == step_ms))
        for start in range(0, members.size, LEARNERS_PER_RUN):
            index = members[start : start + LEARNERS_PER_RUN]
            pad = LEARNERS_PER_RUN - index.size
            # Padding learners are silent and never fire, so they cost little.
            settings = {
                "rate_hz": np.concatenate([table["rate_hz"][index], np.full(pad, 1e-6)]),
                "modulation": np.concatenate([table["modulation"][index], np.zeros(pad)]),
                "plastic": np.concatenate([table["plastic"][index], np.zeros(pad, dtype=bool)]),
                "a_plus": np.concatenate([table["a_plus"][index], np.zeros(pad)]),
                "initial_weight": np.concatenate([table["initial_weight"][index], np.zeros(pad)]),
                "group_initial_weight": np.concatenate([table["group_initial_weight"][index], np.zeros(pad)]),
                "given_weights": np.concatenate([table["given_weights"][index], np.full((pad, N_INPUTS), -1.0)]),
                "group_size": group_size,
            }
            runs.append((index, settings, duration_s, step_ms))
    return runs


def competition_experiment(
    input_rate: b2.Quantity,
    *,
    modulation: np.ndarray | float = 0.0,
    plastic: np.ndarray | bool = True,
    a_plus: np.ndarray | float = SONG_PARAMETERS.a_plus,
    initial_weight: np.ndarray | float = 1.0,
    group_initial_weight: np.ndarray | float | None = None,
    duration: b2.Quantity = MAX_COMPETITION_DURATION,
    group_size: int = 200,
    starting_weights: np.ndarray | None = None,
    time_step: b2.Quantity = COMPETITION_DT,
    seed: int = 0,
    workers: int | None = None,
) -> CompetitionResult:
    """Simulate learners of Song, Miller & Abbott's (2000) competition experiment.

    Each learner is one postsynaptic neuron with its own 1000 excitatory
    Poisson inputs (the first ``group_size`` of them correlated with each
    other) and 200 inhibitory ones. All the settings below except
    ``group_size``, ``seed`` and ``workers`` may be given per learner; scalars
    apply to every learner. Learners run ``LEARNERS_PER_RUN`` at a time in
    one compiled network, and independent runs go to separate processes.

    Parameters
    ----------
    input_rate : brian2.Quantity
        Rate of every excitatory input (Hz, 1 to 80), one value per learner.
    modulation : float or array
        Depth of the shared rate fluctuation of the group's inputs (0 to 1):
        the standard deviation of their common rate, as a fraction of the
        mean. 0 makes the group independent like the other inputs; larger
        values correlate the group more strongly.
    plastic : bool or array of bool
        STDP on (True) or weights frozen at their initial values (False).
    a_plus : float or array
        Potentiation per pre-before-post pair, as a fraction of ``g_max``
        (0 to 0.05). Default 0.005, Song et al.'s value.
    initial_weight : float or array
        Initial weights are uniform between 0 and ``initial_weight * g_max``
        (0 to 1). Default 1, as in Brian2's example; a smaller value starts
        a learner "untrained", with a weak pathway.
    group_initial_weight : float or array, optional
        The same for the group's inputs (0 to 1); default ``initial_weight``.
    duration : brian2.Quantity
        Run length (s, a multiple of ``SNAPSHOT_INTERVAL``, at most 600 s),
        scalar or per learner.
    group_size : int
        Inputs in the correlated group (0 to 1000).
    starting_weights : numpy.ndarray, optional
        Each learner's weights at the start, in units of ``g_max`` (0 to 1),
        shape ``(n_learners, 1000)``, for example the final weights of an
        earlier run; they replace ``initial_weight`` and
        ``group_initial_weight``. Default: drawn uniformly as those say.
    time_step : brian2.Quantity
        ``COMPETITION_DT`` (the chapter's) or half of it (the convergence
        check, compiled separately), scalar or per learner.
    seed : int
        Seed of every random draw (initial weights, spikes); the same seed
        and settings give the same numbers.
    workers : int, optional
        Processes to run in parallel; default: the number of CPU cores, at
        most 2. Results do not depend on it.

    Returns
    -------
    CompetitionResult

    Raises
    ------
    ValueError, TypeError, brian2.DimensionMismatchError
        For out-of-range values, wrong units or mismatched lengths; the
        message names the parameter.
    """
    table = _learner_table(input_rate, modulation, plastic, a_plus, initial_weight, group_initial_weight, duration)
    table["given_weights"] = _given_weights(starting_weights, table["rate_hz"].size)
    table["step_ms"] = _compiled_steps(time_step, table["rate_hz"].size)
    group_size = check_integer("group_size", group_size, low=0, high=N_INPUTS)
    seed = check_integer("seed", seed, low=0, high=2**31 - 1)
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    workers = check_integer("workers", workers, low=1, high=64)
    runs = _chunks(table, group_size)
    # One seed per run, derived from the run's position, so that splitting
    # the work over processes never changes the numbers.
    seeds = [int(np.random.SeedSequence([seed, k]).generate_state(1)[0] % 2**31) for k in range(len(runs))]
    jobs = [(settings, duration_s, seeds[k], step_ms) for k, (_, settings, duration_s, step_ms) in enumerate(runs)]
    for step_ms in sorted(set(table["step_ms"].tolist())):
        _NETWORKS[step_ms].shared()  # compile once, before any process is forked
    if workers == 1 or len(jobs) == 1:
        outputs = [_run_chunk(job) for job in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            outputs = pool.map(_run_chunk, jobs, chunksize=1)
    n = table["rate_hz"].size
    weights = np.zeros((n, N_INPUTS))
    snapshots: list[np.ndarray] = [np.empty(0)] * n
    spike_times: list[b2.Quantity] = [np.empty(0) * b2.second] * n
    for (index, _, _, _), output in zip(runs, outputs, strict=True):
        for row, learner in enumerate(index):
            weights[learner] = output["weights"][row]
            snapshots[learner] = output["snapshots"][row]
            spike_times[learner] = output["spike_times"][row] * b2.second
    return CompetitionResult(
        input_rate=table["rate_hz"] * b2.Hz,
        modulation=table["modulation"],
        plastic=table["plastic"],
        a_plus=table["a_plus"],
        initial_weight=table["initial_weight"],
        duration=table["duration_s"] * b2.second,
        group_size=group_size,
        weights=weights,
        snapshots=tuple(snapshots),
        spike_times=tuple(spike_times),
    )


# ---------------------------------------------------------------------------
# The chapter's experiments, run together
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CompetitionProtocol:
    """The chapter's competition experiments: rates, modulations, durations, group, seed.

    None of these numbers is a published value: they are the chapter's choice
    of experiments on Song et al.'s (2000) model, sized to its time budget.

    Attributes
    ----------
    sweep_rates : brian2.Quantity
        Input rates of the rate sweep and of the correlation grid (Hz, 1-D).
    grid_modulations : tuple of float
        Rate modulations of the practised group in the correlation grid
        (0 to 1; 0 is the sweep itself).
    practice_a_plus : tuple of float
        The practice learners' STDP amplitudes, as fractions of ``g_max``
        (over 1.5 decades, one learner each).
    sweep_duration, frozen_duration, grid_duration, practice_duration : brian2.Quantity
        Run lengths (s; multiples of ``SNAPSHOT_INTERVAL``, at most
        ``MAX_COMPETITION_DURATION``). ``grid_duration`` must not exceed
        ``sweep_duration``.
    step_check_duration : brian2.Quantity
        Length of the half-step check of the highest sweep rate (s; at most
        ``sweep_duration``).
    group_size : int
        Inputs in the practised group (1 to 1000).
    practice_rate : brian2.Quantity
        Input rate of the practice learners (Hz, 1 to 80).
    practice_initial_weight : float
        Upper end of the practice learners' uniform initial weights, as a
        fraction of ``g_max`` (their group starts at 1).
    seed : int
        Seed of the whole suite.
    """

    sweep_rates: b2.Quantity = quantity_field(np.array([20.0, 30.0, 40.0]) * b2.Hz)
    grid_modulations: tuple[float, ...] = (0.0, 0.5, 1.0)
    practice_a_plus: tuple[float, ...] = tuple(float(a) for a in np.geomspace(0.0003, 0.009, 6))
    sweep_duration: b2.Quantity = quantity_field(1200.0 * b2.second)
    frozen_duration: b2.Quantity = quantity_field(100.0 * b2.second)
    grid_duration: b2.Quantity = quantity_field(200.0 * b2.second)
    practice_duration: b2.Quantity = quantity_field(200.0 * b2.second)
    step_check_duration: b2.Quantity = quantity_field(200.0 * b2.second)
    group_size: int = 100
    practice_rate: b2.Quantity = quantity_field(20.0 * b2.Hz)
    practice_initial_weight: float = 0.4
    seed: int = 1

    def __post_init__(self) -> None:
        check_quantity_array("sweep_rates", self.sweep_rates, b2.Hz, low=1.0, high=80.0)
        for modulation in self.grid_modulations:
            check_number("grid_modulations", modulation, low=0.0, high=1.0)
        for a_plus in self.practice_a_plus:
            check_number("practice_a_plus", a_plus, low=0.0, high=0.05)
        longest = float(MAX_COMPETITION_DURATION / b2.second)
        sweep_s = check_quantity("sweep_duration", self.sweep_duration, b2.second, low=0.0, high=longest)
        check_quantity("frozen_duration", self.frozen_duration, b2.second, low=0.0, high=longest)
        check_quantity("grid_duration", self.grid_duration, b2.second, low=0.0, high=sweep_s)
        check_quantity("practice_duration", self.practice_duration, b2.second, low=0.0, high=longest)
        check_quantity("step_check_duration", self.step_check_duration, b2.second, low=0.0, high=sweep_s)
        check_integer("group_size", self.group_size, low=1, high=N_INPUTS)
        check_quantity("practice_rate", self.practice_rate, b2.Hz, low=1.0, high=80.0)
        check_number("practice_initial_weight", self.practice_initial_weight, low=0.0, high=1.0)
        check_integer("seed", self.seed, low=0, high=2**31 - 1)


#: The chapter's competition experiments.
COMPETITION = CompetitionProtocol()


@dataclass(frozen=True)
class CompetitionSuite:
    """The chapter's competition experiments, from one call.

    Attributes
    ----------
    sweep : CompetitionResult
        STDP on, no correlated group, one learner per rate of the protocol's
        ``sweep_rates``, ``sweep_duration`` long.
    frozen, frozen_half_step : CompetitionResult
        The weights frozen at those the sweep reached at its highest rate,
        at every sweep rate, ``frozen_duration`` long: at ``COMPETITION_DT``
        and at half of it.
    step_check : CompetitionResult
        The sweep's highest rate with the same seed at half the time step,
        ``step_check_duration`` long.
    grid : CompetitionResult
        STDP on, a group of ``group_size`` inputs with a shared rate
        modulation, every rate × every non-zero modulation of
        ``grid_modulations``, ``grid_duration`` long. (Modulation 0 is the
        sweep, read at ``grid_duration``.)
    practice : CompetitionResult
        Practice learners (one per value of ``practice_a_plus``) that start
        with weak weights and a stronger practised group.
    grid_duration : brian2.Quantity
        The grid's run length (s), at which the sweep stands for modulation 0.
    """

    sweep: CompetitionResult
    frozen: CompetitionResult
    frozen_half_step: CompetitionResult
    step_check: CompetitionResult
    grid: CompetitionResult
    practice: CompetitionResult
    grid_duration: b2.Quantity


def competition_suite(protocol: CompetitionProtocol = COMPETITION, *, workers: int | None = None) -> CompetitionSuite:
    """Run the rate sweep, the correlation grid, the practice population, the frozen control and the step checks.

    The plastic experiments run together in parallel processes; the frozen
    control starts from the weights the sweep reached, so it runs after them.

    Parameters
    ----------
    protocol : CompetitionProtocol
        Rates, modulations, durations, group size and seed; default
        :data:`COMPETITION`, the chapter's.
    workers : int, optional
        Parallel processes, as in :func:`competition_experiment`.
    """
    if not isinstance(protocol, CompetitionProtocol):
        raise TypeError(f"protocol must be a CompetitionProtocol, got {type(protocol).__name__}")
    rates = np.asarray(protocol.sweep_rates / b2.Hz)
    modulations = np.array([m for m in protocol.grid_modulations if m > 0])
    n_rates, n_practice = rates.size, len(protocol.practice_a_plus)
    n_grid = n_rates * modulations.size
    practice_hz = float(protocol.practice_rate / b2.Hz)
    # The sweep, the grid, the practice learners and the half-step check of
    # the highest rate run together, in parallel processes.
    rate = np.concatenate([rates, np.tile(rates, modulations.size), np.full(n_practice, practice_hz), rates[-1:]])
    modulation = np.concatenate([np.zeros(n_rates), np.repeat(modulations, n_rates), np.ones(n_practice), [0.0]])
    a_plus = np.concatenate(
        [np.full(n_rates + n_grid, SONG_PARAMETERS.a_plus), protocol.practice_a_plus, [SONG_PARAMETERS.a_plus]]
    )
    initial = np.concatenate([np.ones(n_rates + n_grid), np.full(n_practice, protocol.practice_initial_weight), [1.0]])
    durations = [protocol.sweep_duration, protocol.grid_duration, protocol.practice_duration]
    durations.append(protocol.step_check_duration)
    counts = [n_rates, n_grid, n_practice, 1]
    duration = np.concatenate([np.full(n, float(d / b2.second)) for d, n in zip(durations, counts, strict=True)])
    step = np.full(rate.size, float(COMPETITION_DT / b2.ms))
    step[-1] /= 2
    plastic = competition_experiment(
        rate * b2.Hz,
        modulation=modulation,
        a_plus=a_plus,
        initial_weight=initial,
        group_initial_weight=1.0,
        duration=duration * b2.second,
        group_size=protocol.group_size,
        time_step=step * b2.ms,
        seed=protocol.seed,
        workers=workers,
    )
    role = np.repeat(np.arange(4), counts)
    sweep, grid, practice, step_check = (plastic.select(role == k) for k in range(4))
    # Frozen at the weights the highest rate learned, so that the output never
    # exceeds what STDP itself produced there: a regime the step resolves.
    learned = np.tile(sweep.weights[-1], (2 * n_rates, 1))
    frozen_step = np.repeat([float(COMPETITION_DT / b2.ms), float(COMPETITION_DT / b2.ms) / 2], n_rates)
    frozen_both = competition_experiment(
        np.tile(rates, 2) * b2.Hz,
        plastic=False,
        starting_weights=learned,
        duration=protocol.frozen_duration,
        time_step=frozen_step * b2.ms,
        seed=protocol.seed,
        workers=workers,
    )
    half = np.repeat([False, True], n_rates)
    frozen, frozen_half_step = frozen_both.select(~half), frozen_both.select(half)
    return CompetitionSuite(
        sweep, frozen, frozen_half_step, step_check, grid, practice, grid_duration=protocol.grid_duration
    )
