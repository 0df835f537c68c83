"""Chapter 1: how practice strengthens pathways (spike-timing-dependent plasticity).

The pairing protocol follows Bi & Poo (1998): a presynaptic spike and a
postsynaptic spike are paired at a fixed interval ``delta_t``, 60 times at
1 Hz, and the change in synaptic strength is measured afterwards. Bi & Poo
(2001) fitted exponentials to those data, with time constants of 16.8 ms
(potentiation) and 33.7 ms (depression). Sjöström, Turrigiano & Nelson (2001)
showed that the outcome also depends on the pairing frequency, which is where
the choice between all-to-all and nearest-neighbour spike pairing
(Morrison, Diesmann & Gerstner 2008) starts to matter.

The rule simulated here is the classic pair-based, additive STDP rule with
exponential traces:

* a presynaptic spike followed by a postsynaptic one ``delta_t > 0`` later
  adds ``a_plus * exp(-delta_t / tau_plus)`` to the weight;
* a postsynaptic spike followed by a presynaptic one ``|delta_t|`` later
  subtracts ``a_minus * exp(-|delta_t| / tau_minus)``;
* changes are additive (they do not depend on the current weight) and the
  weights are not bounded during the protocol;
* with ``all_to_all`` pairing every earlier spike contributes (the traces
  add up); with ``nearest`` pairing a spike resets its trace, so only the
  nearest earlier spike of the other cell counts.

Every (delta_t, cell, pairing-scheme, frequency) combination is an
independent synapse between its own pre- and postsynaptic spike generators,
so a whole experiment runs as one vectorised Brian2 network, compiled once
with ``cpp_standalone`` and re-run with ``run_args``.

References
----------
Bi G-q, Poo M-m (1998). J Neurosci 18:10464-10472. :cite:`bi1998synaptic`
Bi G-q, Poo M-m (2001). Annu Rev Neurosci 24:139-166. :cite:`bi2001synaptic`
Sjöström PJ, Turrigiano GG, Nelson SB (2001). Neuron 32:1149-1164.
:cite:`sjostrom2001rate`
Morrison A, Diesmann M, Gerstner W (2008). Biol Cybern 98:459-478.
:cite:`morrison2008phenomenological`
Song S, Miller KD, Abbott LF (2000). Nat Neurosci 3:919-926.
:cite:`song2000competitive`
Newell A, Rosenbloom PS (1981). In: Anderson JR (ed.), Cognitive Skills and
Their Acquisition, pp. 1-55. :cite:`newell1981mechanisms`
Heathcote A, Brown S, Mewhort DJK (2000). Psychon Bull Rev 7:185-207.
:cite:`heathcote2000power`

The second half of the module is the competition experiment of Song, Miller &
Abbott (2000): 1000 Poisson inputs with additive STDP onto one
conductance-based leaky integrate-and-fire neuron. The synapses compete: the
weights are driven to 0 or to ``g_max``, and inputs that fire together win.
The time the strengthened pathway takes to drive the neuron to threshold
gives a practice curve, which is fitted with the power law of Newell &
Rosenbloom (1981) and the exponential of Heathcote, Brown & Mewhort (2000).
"""

from __future__ import annotations

import math
import multiprocessing
import os
from dataclasses import dataclass, field

import brian2 as b2
import numpy as np
from scipy.optimize import curve_fit

from memsim import literature
from memsim.spiking import CompiledNetwork, run_time_controls
from memsim.validation import (
    check_choice,
    check_finite_array,
    check_integer,
    check_number,
    check_quantity,
    check_quantity_array,
    check_seed,
)

__all__ = [
    "COMPETITION_PARAMETERS",
    "CompetitionResult",
    "CompetitionSuite",
    "GRID_MODULATIONS",
    "LEARNERS_PER_RUN",
    "LawFit",
    "MAX_COMPETITION_DURATION",
    "ModelParameter",
    "N_INPUTS",
    "PAIRING_SCHEMES",
    "PRACTICE_A_PLUS",
    "parameter_table",
    "PRACTICE_LAWS",
    "PairingResult",
    "PracticeCurves",
    "SHARED_RATE_CORRELATION_TIME",
    "SNAPSHOT_INTERVAL",
    "STDPRule",
    "SWEEP_RATES_HZ",
    "WindowFit",
    "bimodal_fraction",
    "competition_experiment",
    "competition_suite",
    "fit_practice_law",
    "fit_stdp_window",
    "frequency_sweep",
    "pairing_experiment",
    "practice_curves",
    "response_latency",
    "stdp_window",
]

#: Spike-pairing schemes of Morrison et al. (2008) that the model implements.
PAIRING_SCHEMES: tuple[str, ...] = ("all_to_all", "nearest")

# Compiled protocol limits. The network is built once for this many synapses
# and this long a run, so that every experiment of the chapter (and every
# slider move) re-uses one binary instead of paying ~13 s of compilation.
_CAPACITY = 256
_MAX_PAIRINGS = 100
_PROTOCOL_LENGTH = 61.0 * b2.second
_LEAD_IN = 20.0 * b2.ms
_MAX_JITTER_SD = 5.0 * b2.ms
# 0.25 ms resolves the chapter's intervals (multiples of 1 ms) exactly, any
# other interval to within half a step, and the jitter finely enough, at
# under half the cost of Brian2's default 0.1 ms:
# the run time is dominated by the ~240 000 time steps of a 60 s protocol.
_DT = 0.25 * b2.ms


@dataclass(frozen=True)
class STDPRule:
    """Parameters of the pair-based additive STDP rule.

    Attributes
    ----------
    tau_plus : brian2.Quantity
        Decay time of potentiation (time). Default 16.8 ms, the Bi & Poo
        (2001) fit.
    tau_minus : brian2.Quantity
        Decay time of depression (time). Default 33.7 ms, the Bi & Poo
        (2001) fit.
    a_plus : float
        Weight change per pre-before-post pair at ``delta_t -> 0+``, as a
        fraction of the initial weight (dimensionless).
    a_minus : float
        Size of the weight change per post-before-pre pair at
        ``delta_t -> 0-``, as a fraction of the initial weight
        (dimensionless, positive; the change itself is negative).
    pairing : str
        ``"all_to_all"`` or ``"nearest"``.

    Notes
    -----
    The default amplitudes are illustrative, not fitted: 1 % per pair for
    potentiation and 0.5 % per pair for depression, so that
    ``a_plus * tau_plus`` and ``a_minus * tau_minus`` are nearly equal (the
    window integrates to about zero) and 60 pairings change the weight by
    tens of percent, the range of Bi & Poo's (1998) Fig. 7.
    """

    tau_plus: b2.Quantity = field(default_factory=lambda: 16.8 * b2.ms)
    tau_minus: b2.Quantity = field(default_factory=lambda: 33.7 * b2.ms)
    a_plus: float = 0.01
    a_minus: float = 0.005
    pairing: str = "all_to_all"

    def __post_init__(self) -> None:
        check_quantity("tau_plus", self.tau_plus, b2.ms, low=0.5, high=500.0)
        check_quantity("tau_minus", self.tau_minus, b2.ms, low=0.5, high=500.0)
        check_number("a_plus", self.a_plus, low=0.0, high=1.0)
        check_number("a_minus", self.a_minus, low=0.0, high=1.0)
        check_choice("pairing", self.pairing, PAIRING_SCHEMES)


def stdp_window(delta_t: b2.Quantity, rule: STDPRule | None = None) -> np.ndarray:
    """Weight change of one isolated spike pair, as a function of its timing.

    Parameters
    ----------
    delta_t : brian2.Quantity
        Post-minus-pre spike intervals (time, 1-D).
    rule : STDPRule, optional
        The rule; defaults to :class:`STDPRule()`.

    Returns
    -------
    numpy.ndarray
        Weight change per pair, as a fraction of the initial weight. Zero at
        ``delta_t == 0``, where the order of the two spikes is undefined.
    """
    rule = STDPRule() if rule is None else rule
    dt_ms = check_quantity_array("delta_t", delta_t, b2.ms)
    tau_p = float(rule.tau_plus / b2.ms)
    tau_m = float(rule.tau_minus / b2.ms)
    change = np.zeros_like(dt_ms)
    after = dt_ms > 0
    before = dt_ms < 0
    change[after] = rule.a_plus * np.exp(-dt_ms[after] / tau_p)
    change[before] = -rule.a_minus * np.exp(dt_ms[before] / tau_m)
    return change


@dataclass(frozen=True)
class PairingResult:
    """Outcome of a pairing experiment: one synapse per row.

    Attributes
    ----------
    delta_t : brian2.Quantity
        Nominal post-minus-pre interval of each synapse (time).
    frequency : brian2.Quantity
        Pairing frequency of each synapse (Hz).
    pairing : numpy.ndarray
        Pairing scheme of each synapse (strings).
    weight_change : numpy.ndarray
        Relative weight change after the protocol, ``w_after / w_before - 1``
        (dimensionless; 0.5 means +50 %).
    n_pairings : int
        Number of pairings delivered to every synapse.
    """

    delta_t: b2.Quantity
    frequency: b2.Quantity
    pairing: np.ndarray
    weight_change: np.ndarray
    n_pairings: int

    def select(self, *, pairing: str | None = None, frequency: b2.Quantity | None = None) -> "PairingResult":
        """Return the subset of synapses with this pairing scheme and/or frequency."""
        mask = np.ones(self.weight_change.size, dtype=bool)
        if pairing is not None:
            mask &= self.pairing == check_choice("pairing", pairing, PAIRING_SCHEMES)
        if frequency is not None:
            f_hz = check_quantity("frequency", frequency, b2.Hz, low=0.0, low_inclusive=False)
            mask &= np.isclose(np.asarray(self.frequency / b2.Hz), f_hz)
        return PairingResult(
            delta_t=self.delta_t[mask],
            frequency=self.frequency[mask],
            pairing=self.pairing[mask],
            weight_change=self.weight_change[mask],
            n_pairings=self.n_pairings,
        )

    def mean_by_delta_t(self) -> tuple[b2.Quantity, np.ndarray, np.ndarray]:
        """Average the cells at each interval.

        Returns
        -------
        delta_t : brian2.Quantity
            The distinct intervals, sorted (time).
        mean : numpy.ndarray
            Mean relative weight change at each interval.
        sem : numpy.ndarray
            Standard error of that mean (0 where only one cell was recorded).
        """
        dt_ms = np.round(np.asarray(self.delta_t / b2.ms), 6)
        levels = np.unique(dt_ms)
        means = np.array([self.weight_change[dt_ms == v].mean() for v in levels])
        sems = np.array([_sem(self.weight_change[dt_ms == v]) for v in levels])
        return levels * b2.ms, means, sems


def _sem(values: np.ndarray) -> float:
    return float(values.std(ddof=1) / np.sqrt(values.size)) if values.size > 1 else 0.0


class _PairingNetwork(CompiledNetwork):
    """The compiled pairing protocol: ``_CAPACITY`` independent synapses."""

    notebook = "01_pathways"
    model = "stdp_pairing"

    def define(self, device) -> None:
        # Post-spike jitter per pairing and synapse; a TimedArray can be
        # replaced through run_args, so the random draws stay in numpy (seeded)
        # and the binary never needs recompiling for a new seed.
        self.jitter = b2.TimedArray(
            np.zeros((_MAX_PAIRINGS, _CAPACITY)) * b2.ms, dt=1 * b2.second
        )
        spike_source = """
            offset : second (constant)
            period : second (constant)
            n_pairings : integer (constant)
            k : integer
        """
        jitter = self.jitter
        lead_in = _LEAD_IN
        self.pre = b2.NeuronGroup(
            _CAPACITY,
            spike_source,
            # Half a step of slack: fire on the step nearest the target time, so
            # floating-point rounding never delays one cell of a pair by a step.
            threshold="k < n_pairings and t + 0.5*dt >= lead_in + k*period + offset",
            reset="k += 1",
            namespace={"lead_in": lead_in},
            dt=_DT,
            name="pre",
        )
        self.post = b2.NeuronGroup(
            _CAPACITY,
            spike_source,
            threshold=(
                "k < n_pairings and "
                "t + 0.5*dt >= lead_in + k*period + offset + jitter(k*second, i)"
            ),
            reset="k += 1",
            namespace={"lead_in": lead_in, "jitter": jitter},
            dt=_DT,
            name="post",
        )
        self.synapses = b2.Synapses(
            self.pre,
            self.post,
            model="""
                w : 1
                tau_plus : second (constant)
                tau_minus : second (constant)
                a_plus : 1 (constant)
                a_minus : 1 (constant)
                accumulate : 1 (constant)  # 1: all-to-all, 0: nearest
                dapre/dt = -apre / tau_plus : 1 (event-driven)
                dapost/dt = -apost / tau_minus : 1 (event-driven)
            """,
            on_pre="apre = accumulate*apre + a_plus; w += apost",
            on_post="apost = accumulate*apost - a_minus; w += apre",
            dt=_DT,
            name="synapses",
        )
        self.synapses.connect(j="i")
        self.synapses.w = 1.0
        network = b2.Network(self.pre, self.post, self.synapses)
        network.run(_PROTOCOL_LENGTH)

    def run_args(self, *, settings: dict[str, np.ndarray], jitter: np.ndarray) -> dict:
        """Per-synapse settings and the jitter (ms) as run-time values."""
        pre_offset = np.maximum(0.0, -settings["delta_t_ms"])
        post_offset = np.maximum(0.0, settings["delta_t_ms"])
        return {
            self.pre.offset: pre_offset * b2.ms,
            self.post.offset: post_offset * b2.ms,
            self.pre.period: settings["period_ms"] * b2.ms,
            self.post.period: settings["period_ms"] * b2.ms,
            self.pre.n_pairings: settings["n_pairings"],
            self.post.n_pairings: settings["n_pairings"],
            self.synapses.tau_plus: settings["tau_plus_ms"] * b2.ms,
            self.synapses.tau_minus: settings["tau_minus_ms"] * b2.ms,
            self.synapses.a_plus: settings["a_plus"],
            self.synapses.a_minus: settings["a_minus"],
            self.synapses.accumulate: settings["accumulate"],
            self.jitter: jitter * b2.ms,
        }

    def collect(self, **settings) -> np.ndarray:
        """The final weights."""
        return np.asarray(self.synapses.w[:]).copy()


def _protocol_table(
    delta_t_ms: np.ndarray,
    frequencies_hz: np.ndarray,
    schemes: tuple[str, ...],
    n_cells: int,
) -> dict[str, np.ndarray]:
    """One row per synapse: every combination of interval, cell, scheme, frequency."""
    grid = np.array(
        [
            (dt, f, s)
            for f in frequencies_hz
            for s in range(len(schemes))
            for dt in delta_t_ms
            for _ in range(n_cells)
        ]
    )
    return {
        "delta_t_ms": grid[:, 0],
        "frequency_hz": grid[:, 1],
        "scheme_index": grid[:, 2].astype(int),
    }


def pairing_experiment(
    delta_t: b2.Quantity,
    *,
    frequency: b2.Quantity | list[b2.Quantity] = 1 * b2.Hz,
    n_pairings: int = 60,
    rule: STDPRule | None = None,
    pairings: tuple[str, ...] | None = None,
    n_cells: int = 4,
    jitter_sd: b2.Quantity = 1.0 * b2.ms,
    seed: int | None = 0,
) -> PairingResult:
    """Simulate Bi & Poo's pairing protocol at many intervals at once.

    Parameters
    ----------
    delta_t : brian2.Quantity
        Post-minus-pre intervals to test (time, 1-D). Each must be shorter
        than half the pairing period, so that "the pair" is unambiguous.
    frequency : brian2.Quantity or list of them
        Pairing frequency or frequencies (Hz). Default 1 Hz, as in Bi & Poo.
    n_pairings : int
        Number of pairings (1 to 100). Default 60, as in Bi & Poo.
        ``n_pairings / frequency`` must fit in the compiled protocol (60 s).
    rule : STDPRule, optional
        The plasticity rule; its ``pairing`` is used unless ``pairings`` is
        given.
    pairings : tuple of str, optional
        Pairing schemes to simulate side by side, e.g.
        ``("all_to_all", "nearest")``.
    n_cells : int
        Independent synapses ("cells") per interval (1 to 20).
    jitter_sd : brian2.Quantity
        Standard deviation of the postsynaptic spike latency from pairing to
        pairing (time, 0 to 5 ms; clipped at 3 standard deviations). It
        stands in for the trial-to-trial variability of evoking a spike.
    seed : int or None
        Seed of the jitter draws; the same seed gives the same numbers.

    Returns
    -------
    PairingResult

    Raises
    ------
    ValueError, TypeError, brian2.DimensionMismatchError
        For out-of-range values or wrong units; the message names the
        parameter.
    """
    rule = STDPRule() if rule is None else rule
    if not isinstance(rule, STDPRule):
        raise TypeError(f"rule must be an STDPRule, got {type(rule).__name__}")
    frequencies = frequency if isinstance(frequency, (list, tuple)) else [frequency]
    frequencies_hz = np.array(
        [check_quantity("frequency", f, b2.Hz, low=0.1, high=100.0) for f in frequencies]
    )
    n_pairings = check_integer("n_pairings", n_pairings, low=1, high=_MAX_PAIRINGS)
    n_cells = check_integer("n_cells", n_cells, low=1, high=20)
    jitter_ms = check_quantity("jitter_sd", jitter_sd, b2.ms, low=0.0, high=float(_MAX_JITTER_SD / b2.ms))
    seed = check_seed("seed", seed, allow_none=True)
    schemes = (rule.pairing,) if pairings is None else tuple(pairings)
    if not schemes:
        raise ValueError("pairings must name at least one scheme")
    for scheme in schemes:
        check_choice("pairings", scheme, PAIRING_SCHEMES)
    half_period_ms = 500.0 / frequencies_hz.max()
    delta_t_ms = check_quantity_array(
        "delta_t", delta_t, b2.ms, low=-half_period_ms + 1e-9, high=half_period_ms - 1e-9
    )
    protocol_s = float((_PROTOCOL_LENGTH - _LEAD_IN) / b2.second) - 0.5
    if n_pairings / frequencies_hz.min() > protocol_s:
        raise ValueError(
            f"n_pairings / frequency must be at most {protocol_s:.1f} s, got "
            f"{n_pairings} pairings at {frequencies_hz.min()} Hz"
        )
    table = _protocol_table(delta_t_ms, frequencies_hz, schemes, n_cells)
    n_synapses = table["delta_t_ms"].size
    if n_synapses > _CAPACITY:
        raise ValueError(
            f"len(delta_t) * n_cells * len(pairings) * len(frequency) must be at most "
            f"{_CAPACITY}, got {n_synapses}"
        )
    weights = _PairingNetwork.shared().simulate(
        settings=_settings(table, n_pairings, rule, schemes), jitter=_draw_jitter(n_synapses, jitter_ms, seed)
    )
    return PairingResult(
        delta_t=table["delta_t_ms"] * b2.ms,
        frequency=table["frequency_hz"] * b2.Hz,
        pairing=np.array(schemes)[table["scheme_index"]],
        weight_change=weights[:n_synapses] - 1.0,
        n_pairings=n_pairings,
    )


def _pad(values: np.ndarray, fill: float) -> np.ndarray:
    padded = np.full(_CAPACITY, fill, dtype=float)
    padded[: values.size] = values
    return padded


def _settings(
    table: dict[str, np.ndarray], n_pairings: int, rule: STDPRule, schemes: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Per-synapse run-time values, padded to the compiled capacity.

    Unused synapses get ``n_pairings = 0``, so their cells never fire.
    """
    n = table["delta_t_ms"].size
    accumulate = np.array([1.0 if s == "all_to_all" else 0.0 for s in schemes])
    return {
        "delta_t_ms": _pad(table["delta_t_ms"], 0.0),
        "period_ms": _pad(1000.0 / table["frequency_hz"], 1000.0),
        "n_pairings": _pad(np.full(n, n_pairings), 0).astype(np.int32),
        "tau_plus_ms": np.full(_CAPACITY, float(rule.tau_plus / b2.ms)),
        "tau_minus_ms": np.full(_CAPACITY, float(rule.tau_minus / b2.ms)),
        "a_plus": np.full(_CAPACITY, rule.a_plus),
        "a_minus": np.full(_CAPACITY, rule.a_minus),
        "accumulate": _pad(accumulate[table["scheme_index"]], 1.0),
    }


def _draw_jitter(n_synapses: int, jitter_sd_ms: float, seed: int | None) -> np.ndarray:
    """Postsynaptic latency jitter (ms), one value per pairing and synapse."""
    rng = np.random.default_rng(seed)
    jitter = np.zeros((_MAX_PAIRINGS, _CAPACITY))
    draws = rng.standard_normal((_MAX_PAIRINGS, n_synapses)) * jitter_sd_ms
    jitter[:, :n_synapses] = np.clip(draws, -3 * jitter_sd_ms, 3 * jitter_sd_ms)
    return jitter


@dataclass(frozen=True)
class WindowFit:
    """Exponential STDP window fitted to measured weight changes.

    ``change = amplitude_plus * exp(-delta_t / tau_plus)`` for
    ``delta_t > 0`` and ``-amplitude_minus * exp(delta_t / tau_minus)`` for
    ``delta_t < 0``. Amplitudes are total relative weight changes over the
    whole protocol (dimensionless); time constants are in ms. Each ``*_ci``
    is the half-width of the 95 % confidence interval from the fit's
    covariance.
    """

    amplitude_plus: float
    tau_plus_ms: float
    amplitude_minus: float
    tau_minus_ms: float
    amplitude_plus_ci: float
    tau_plus_ci: float
    amplitude_minus_ci: float
    tau_minus_ci: float

    def as_dict(self) -> dict[str, tuple[float, float]]:
        """Map each parameter name to ``(estimate, 95 % CI half-width)``."""
        return {
            "amplitude_plus": (self.amplitude_plus, self.amplitude_plus_ci),
            "tau_plus_ms": (self.tau_plus_ms, self.tau_plus_ci),
            "amplitude_minus": (self.amplitude_minus, self.amplitude_minus_ci),
            "tau_minus_ms": (self.tau_minus_ms, self.tau_minus_ci),
        }


def _decaying_exponential(x: np.ndarray, amplitude: float, tau: float) -> np.ndarray:
    return amplitude * np.exp(-x / tau)


def _initial_guess(x_ms: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Amplitude and time constant from a straight line through log(y).

    A start near the answer matters for short time constants, which only a
    few intervals sample; the line is weighted by y, so noisy small changes
    far from zero count little.
    """
    positive = y > 0
    if positive.sum() >= 2 and np.ptp(x_ms[positive]) > 0:
        slope, intercept = np.polyfit(x_ms[positive], np.log(y[positive]), 1, w=np.sqrt(y[positive]))
        if slope < 0:
            return float(np.exp(intercept)), float(np.clip(-1.0 / slope, 0.2, 900.0))
    return max(float(np.max(np.abs(y))), 1e-6), max(float(np.median(x_ms)), 1.0)


def _fit_branch(x_ms: np.ndarray, y: np.ndarray, branch: str) -> tuple[np.ndarray, np.ndarray]:
    if x_ms.size < 3:
        raise ValueError(f"delta_t needs at least 3 intervals with {branch} to fit, got {x_ms.size}")
    params, cov = curve_fit(
        _decaying_exponential, x_ms, y, p0=_initial_guess(x_ms, y), bounds=([0.0, 0.1], [np.inf, 1e3])
    )
    if not np.all(np.isfinite(cov)):
        raise ValueError(f"the {branch} branch could not be fitted (degenerate data)")
    return params, 1.96 * np.sqrt(np.diag(cov))


def fit_stdp_window(delta_t: b2.Quantity, weight_change: np.ndarray) -> WindowFit:
    """Fit the two-exponential STDP window to measured weight changes.

    The two branches are fitted separately by non-linear least squares
    (:func:`scipy.optimize.curve_fit`); pairs with ``delta_t == 0`` are left
    out, as their order is undefined.

    Parameters
    ----------
    delta_t : brian2.Quantity
        Post-minus-pre intervals (time, 1-D).
    weight_change : numpy.ndarray
        Relative weight change at each interval (dimensionless).

    Returns
    -------
    WindowFit
    """
    dt_ms = check_quantity_array("delta_t", delta_t, b2.ms)
    change = np.asarray(weight_change, dtype=float)
    if change.shape != dt_ms.shape:
        raise ValueError(
            f"weight_change must have the same shape as delta_t, got {change.shape} and {dt_ms.shape}"
        )
    if not np.all(np.isfinite(change)):
        raise ValueError("weight_change must contain only finite values (no NaN or inf)")
    after, before = dt_ms > 0, dt_ms < 0
    (a_p, tau_p), (a_p_ci, tau_p_ci) = _fit_branch(dt_ms[after], change[after], "delta_t > 0")
    (a_m, tau_m), (a_m_ci, tau_m_ci) = _fit_branch(-dt_ms[before], -change[before], "delta_t < 0")
    values = (a_p, tau_p, a_m, tau_m, a_p_ci, tau_p_ci, a_m_ci, tau_m_ci)
    return WindowFit(*(float(v) for v in values))


def frequency_sweep(
    frequencies: list[b2.Quantity],
    *,
    delta_t: b2.Quantity = np.array([-10.0, 10.0]) * b2.ms,
    n_pairings: int = 60,
    rule: STDPRule | None = None,
    n_cells: int = 4,
    jitter_sd: b2.Quantity = 1.0 * b2.ms,
    seed: int | None = 0,
) -> PairingResult:
    """Weight change at fixed intervals as the pairing frequency rises.

    Both pairing schemes are simulated side by side in one run. This is the
    model's version of Sjöström et al.'s (2001) frequency protocol.

    Parameters
    ----------
    frequencies : list of brian2.Quantity
        Pairing frequencies (Hz); the highest sets how long ``delta_t`` may be.
    delta_t, n_pairings, rule, n_cells, jitter_sd, seed
        As in :func:`pairing_experiment`.
    """
    if not isinstance(frequencies, (list, tuple)) or not frequencies:
        raise TypeError("frequencies must be a non-empty list of quantities in Hz")
    return pairing_experiment(
        delta_t,
        frequency=list(frequencies),
        n_pairings=n_pairings,
        rule=rule,
        pairings=PAIRING_SCHEMES,
        n_cells=n_cells,
        jitter_sd=jitter_sd,
        seed=seed,
    )


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


#: Inputs per learner (the postsynaptic neuron), as in Song et al. (2000).
N_INPUTS = 1000
#: Learners simulated side by side in one run of the compiled network.
LEARNERS_PER_RUN = 2
#: Longest run the compiled network allows; shorter runs stop early.
MAX_COMPETITION_DURATION = 600.0 * b2.second
#: Interval between the weight snapshots a run records.
SNAPSHOT_INTERVAL = 2.0 * b2.second

# 0.5 ms resolves the 5 ms synaptic and 20 ms STDP time constants; the run
# time is dominated by checking 1000 inputs per learner at every step, so a
# finer step would cost proportionally more in a chapter with a time budget.
_COMPETITION_DT = 0.5 * b2.ms
_G_MAX = 0.05  # peak excitatory conductance, in units of the leak conductance
_LTD_RATIO = 1.05
_A_PLUS = 0.005  # Song et al.'s potentiation per pair, as a fraction of g_max
_NEURON = {
    "tau_m": 20.0 * b2.ms,
    "v_rest": -70.0 * b2.mV,
    "v_threshold": -54.0 * b2.mV,
    "v_reset": -60.0 * b2.mV,
    "e_ex": 0.0 * b2.mV,
    "e_in": -70.0 * b2.mV,
    "tau_ex": 5.0 * b2.ms,
    "tau_in": 5.0 * b2.ms,
    "tau_stdp": 20.0 * b2.ms,
    "g_max": _G_MAX,
    "ltd_ratio": _LTD_RATIO,
}
#: Correlation time of the practised group's shared rate fluctuation.
SHARED_RATE_CORRELATION_TIME = 20.0 * b2.ms
_N_INHIBITORY = 200
_INHIBITORY_RATE = 10.0 * b2.Hz
_G_INHIBITORY = 0.05

#: Every parameter of the competition model, its value here and its sources.
COMPETITION_PARAMETERS: tuple[ModelParameter, ...] = (
    ModelParameter("excitatory inputs", "$N$", f"{N_INPUTS}", ("song2000.n_inputs",), "1000", "as in both"),
    ModelParameter(
        "inhibitory inputs", "$N_\\mathrm{in}$",
        f"{_N_INHIBITORY} at {_INHIBITORY_RATE / b2.Hz:g} Hz, {_G_INHIBITORY:g} each, not plastic",
        ("song2000.n_inhibitory", "song2000.inhibitory_rate", "song2000.g_inhibitory"), "—",
        "Song's background inhibition keeps the neuron in a fluctuation-driven regime",
    ),
    ModelParameter("membrane time constant", "$\\tau_m$", f"{_NEURON['tau_m'] / b2.ms:g} ms", ("song2000.tau_m",), "10 ms", "Song"),
    ModelParameter("resting potential", "$V_\\mathrm{rest}$", f"{_NEURON['v_rest'] / b2.mV:g} mV", ("song2000.v_rest",), "−74 mV", "Song"),
    ModelParameter(
        "threshold, reset", "$V_\\theta$, $V_\\mathrm{reset}$",
        f"{_NEURON['v_threshold'] / b2.mV:g}, {_NEURON['v_reset'] / b2.mV:g} mV",
        ("song2000.v_threshold", "song2000.v_reset"), "−54, −60 mV", "as in both",
    ),
    ModelParameter(
        "synaptic time constants", "$\\tau_\\mathrm{ex}$, $\\tau_\\mathrm{in}$",
        f"{_NEURON['tau_ex'] / b2.ms:g} ms", ("song2000.tau_synapse",), "5 ms", "as in both",
    ),
    ModelParameter(
        "peak conductance", "$g_\\max$", f"{_G_MAX:g}", ("song2000.g_max",), "0.01",
        f"larger than Song's, so that the weights settle within a {MAX_COMPETITION_DURATION / b2.second:g} s "
        "run at 10 Hz; with Song's value they had not settled by the end of such a run",
    ),
    ModelParameter(
        "potentiation per pair", "$A_+$", f"{_A_PLUS:g} $g_\\max$", ("song2000.a_plus",), "0.01 $g_\\max$",
        "Song; larger values speed learning but broaden the two peaks",
    ),
    ModelParameter("depression/potentiation", "$A_-/A_+$", f"{_LTD_RATIO:g}", ("song2000.ltd_ratio",), "1.05", "as in both"),
    ModelParameter("STDP time constants", "$\\tau_+ = \\tau_-$", f"{_NEURON['tau_stdp'] / b2.ms:g} ms", ("song2000.tau_stdp",), "20 ms", "as in both"),
    ModelParameter("time step", "$\\Delta t$", f"{_COMPETITION_DT / b2.ms:g} ms", (), "0.1 ms", "run-time budget; 1 ms made the neuron run away"),
)


def parameter_table() -> str:
    """The competition model's parameters as a Markdown table, with their sources.

    Song et al.'s values come from :mod:`memsim.literature`, where each is
    stored with how it was checked.
    """
    rows = [
        "| parameter | symbol | this model | Song et al. (2000) | Brian2 example | why this value |",
        "|---|---|---|---|---|---|",
    ]
    for p in COMPETITION_PARAMETERS:
        song = ", ".join(
            f"{m.value:g}".replace("-", "−") + (f" {m.unit}" if m.unit else "") for m in (literature.get(k) for k in p.song2000)
        ) or "—"
        cells = (p.name, p.symbol, p.value, song, p.brian2_example, p.reason)
        rows.append("| " + " | ".join(c.replace("-", "−") if c[:1] in "-0123456789" else c for c in cells) + " |")
    return "\n".join(rows)


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

    def define(self, device) -> None:
        b2.defaultclock.dt = _COMPETITION_DT
        n_learners, n_inputs = LEARNERS_PER_RUN, N_INPUTS
        self.controls = run_time_controls(device, check_every=SNAPSHOT_INTERVAL / 4, name="controls")
        # The correlated group shares a fluctuating rate: every group input
        # fires at r * (1 + c * x(t)), where x is one Ornstein-Uhlenbeck
        # process per learner (zero mean, unit variance, correlation time
        # ``tau_shared``). Shared rate fluctuations correlate the inputs on the
        # time scale of the STDP window without exact synchrony, which would
        # drive the neuron at unrealistic rates.
        self.shared = b2.NeuronGroup(
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
        self.inputs.x_shared = b2.linked_var(
            self.shared, "x", index=np.repeat(np.arange(n_learners), n_inputs)
        )
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
            method="euler",
            namespace=dict(_NEURON),
            name="post",
        )
        self.inhibition = b2.PoissonInput(
            self.post, "g_in", _N_INHIBITORY, _INHIBITORY_RATE, weight=_G_INHIBITORY
        )
        self.synapses = b2.Synapses(
            self.inputs,
            self.post,
            """
            w : 1
            dapre/dt = -apre / tau_stdp : 1 (event-driven)
            dapost/dt = -apost / tau_stdp : 1 (event-driven)
            """,
            on_pre="""
            g_ex_post += w
            apre += a_plus_post * g_max
            w = clip(w + plastic_post * apost, 0, g_max)
            """,
            on_post="""
            apost -= ltd_ratio * a_plus_post * g_max
            w = clip(w + plastic_post * apre, 0, g_max)
            """,
            namespace=dict(_NEURON),
            name="synapses",
        )
        self.synapses.connect(
            i=np.arange(n_learners * n_inputs), j=np.repeat(np.arange(n_learners), n_inputs)
        )
        self.post.v = _NEURON["v_rest"]
        # Initial weights uniform in [0, initial_weight * g_max] (1 is Brian2's
        # example), with a separate upper end for the group's inputs.
        self.synapses.w = (
            "rand() * g_max * (in_group_pre * group_initial_weight_post"
            " + (1 - in_group_pre) * initial_weight_post)"
        )
        self.inputs.next_spike = "-log(rand()) / rate"
        self.shared.x = "randn()"
        self.spikes = b2.SpikeMonitor(self.post, name="post_spikes")
        self.snapshots = b2.StateMonitor(
            self.synapses, "w", record=np.arange(n_learners * n_inputs), dt=SNAPSHOT_INTERVAL,
            name="weight_snapshots",
        )
        network = b2.Network(
            self.controls, self.shared, self.inputs, self.post, self.inhibition,
            self.synapses, self.spikes, self.snapshots,
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
        }

    def collect(self, *, duration_s: float, **settings) -> dict[str, np.ndarray]:
        """Read one run's results as plain arrays."""
        n_snapshots = int(round(duration_s / float(SNAPSHOT_INTERVAL / b2.second))) + 1
        weights = np.asarray(self.synapses.w[:])
        # The last row is the final state: a run that ends at the compiled length
        # stops before its last snapshot, and one stopped early completes one
        # more time step after it.
        recorded = self.recorded(self.snapshots, "w")[: n_snapshots - 1]
        recorded = np.vstack([recorded, weights[None, :]])
        snapshots = recorded.T / _G_MAX
        spike_index = np.asarray(self.spikes.i[:])
        spike_time = np.asarray(self.spikes.t[:] / b2.second)
        return {
            "weights": weights.reshape(LEARNERS_PER_RUN, N_INPUTS) / _G_MAX,
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
    spike_times : tuple of numpy.ndarray
        Per learner, the postsynaptic spike times (s).
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
    spike_times: tuple[np.ndarray, ...]

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
            rates.append(np.count_nonzero((spikes >= t0) & (spikes < t1)) / (t1 - t0))
        return np.array(rates) * b2.Hz

    def weights_after(self, elapsed: b2.Quantity) -> np.ndarray:
        """Weights of every learner after ``elapsed`` time, shape ``(n_learners, 1000)``."""
        shortest = float(np.min(self.duration / b2.second))
        seconds = check_quantity("elapsed", elapsed, b2.second, low=0.0, high=shortest)
        trial = float(SNAPSHOT_INTERVAL / b2.second)
        if not math.isclose(seconds / trial, round(seconds / trial), abs_tol=1e-9):
            raise ValueError(f"elapsed must be a multiple of the trial length {SNAPSHOT_INTERVAL}, got {elapsed}")
        return np.array([s[int(round(seconds / trial))] for s in self.snapshots])

    def select(self, mask: np.ndarray) -> "CompetitionResult":
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


def bimodal_fraction(weights: np.ndarray, margin: float = 0.1) -> np.ndarray:
    """Fraction of weights within ``margin`` of 0 or of ``g_max``, per row.

    Parameters
    ----------
    weights : numpy.ndarray
        Weights in units of ``g_max`` (0 to 1), shape ``(..., n_inputs)``.
    margin : float
        Width of each end band, as a fraction of ``g_max`` (0 to 0.5).
    """
    margin = check_number("margin", margin, low=0.0, high=0.5, low_inclusive=False)
    w = np.asarray(weights, dtype=float)
    if w.size == 0 or not np.all(np.isfinite(w)):
        raise ValueError("weights must be a non-empty array of finite values")
    if np.any(w < 0) or np.any(w > 1):
        raise ValueError("weights must be in units of g_max, within [0, 1]")
    return ((w <= margin) | (w >= 1.0 - margin)).mean(axis=-1)


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
    rate_hz = np.atleast_1d(check_quantity_array("input_rate", np.atleast_1d(input_rate) * 1.0, b2.Hz, low=1.0, high=80.0))
    n = rate_hz.size
    duration_s = check_quantity_array("duration", np.atleast_1d(duration) * 1.0, b2.second)
    trial = float(SNAPSHOT_INTERVAL / b2.second)
    if np.any(duration_s < trial) or np.any(duration_s > float(MAX_COMPETITION_DURATION / b2.second)):
        raise ValueError(
            f"duration must lie within [{SNAPSHOT_INTERVAL}, {MAX_COMPETITION_DURATION}], got {duration}"
        )
    if not np.allclose(duration_s / trial, np.round(duration_s / trial)):
        raise ValueError(f"duration must be a multiple of the trial length {SNAPSHOT_INTERVAL}, got {duration}")
    table = {"rate_hz": rate_hz}
    settings = (
        ("modulation", modulation), ("a_plus", a_plus), ("initial_weight", initial_weight),
        ("group_initial_weight", initial_weight if group_initial_weight is None else group_initial_weight),
        ("plastic", plastic), ("duration_s", duration_s),
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


def _run_chunk(job: tuple[dict[str, np.ndarray], float, int]) -> dict[str, np.ndarray]:
    settings, duration_s, seed = job
    return _CompetitionNetwork.shared().simulate(settings=settings, duration_s=duration_s, seed=seed)


def _chunks(table: dict[str, np.ndarray], group_size: int) -> list[tuple[np.ndarray, dict[str, np.ndarray], float]]:
    """Split learners into compiled-size runs of equal duration, longest first."""
    runs = []
    for duration_s in sorted(set(table["duration_s"].tolist()), reverse=True):
        members = np.flatnonzero(table["duration_s"] == duration_s)
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
                "group_size": group_size,
            }
            runs.append((index, settings, duration_s))
    return runs


def competition_experiment(
    input_rate: b2.Quantity,
    *,
    modulation: np.ndarray | float = 0.0,
    plastic: np.ndarray | bool = True,
    a_plus: np.ndarray | float = _A_PLUS,
    initial_weight: np.ndarray | float = 1.0,
    group_initial_weight: np.ndarray | float | None = None,
    duration: b2.Quantity = MAX_COMPETITION_DURATION,
    group_size: int = 200,
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
    table = _learner_table(
        input_rate, modulation, plastic, a_plus, initial_weight, group_initial_weight, duration
    )
    group_size = check_integer("group_size", group_size, low=0, high=N_INPUTS)
    seed = check_integer("seed", seed, low=0, high=2**31 - 1)
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    workers = check_integer("workers", workers, low=1, high=64)
    runs = _chunks(table, group_size)
    # One seed per run, derived from the run's position, so that splitting
    # the work over processes never changes the numbers.
    seeds = [int(np.random.SeedSequence([seed, k]).generate_state(1)[0] % 2**31) for k in range(len(runs))]
    jobs = [(settings, duration_s, seeds[k]) for k, (_, settings, duration_s) in enumerate(runs)]
    _CompetitionNetwork.shared()  # compile once, before any process is forked
    if workers == 1 or len(jobs) == 1:
        outputs = [_run_chunk(job) for job in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            outputs = pool.map(_run_chunk, jobs, chunksize=1)
    n = table["rate_hz"].size
    weights = np.zeros((n, N_INPUTS))
    snapshots: list[np.ndarray] = [np.empty(0)] * n
    spike_times: list[np.ndarray] = [np.empty(0)] * n
    for (index, _, _), output in zip(runs, outputs):
        for row, learner in enumerate(index):
            weights[learner] = output["weights"][row]
            snapshots[learner] = output["snapshots"][row]
            spike_times[learner] = output["spike_times"][row]
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
# The practice curve
# ---------------------------------------------------------------------------


def response_latency(
    pathway_weight: np.ndarray, cue_rate: b2.Quantity = 50.0 * b2.Hz
) -> b2.Quantity:
    """Time the practised pathway takes to drive the resting neuron to threshold.

    A cue makes every input of the pathway fire at ``cue_rate``. In the
    mean-field limit (many inputs, each a small conductance) they open a
    steady excitatory conductance ``g = tau_ex * cue_rate * sum(w)``, and the
    membrane relaxes from rest towards
    ``v_inf = (v_rest + g * e_ex) / (1 + g)`` with time constant
    ``tau_m / (1 + g)``. The latency is the time it takes to cross threshold;
    it is infinite when ``v_inf`` stays below threshold.

    Parameters
    ----------
    pathway_weight : numpy.ndarray
        Summed weight of the pathway's inputs, in units of ``g_max``
        (non-negative; any shape).
    cue_rate : brian2.Quantity
        Rate of each pathway input during the cue (Hz, 1 to 500).

    Returns
    -------
    brian2.Quantity
        Latency (time), the shape of ``pathway_weight``; ``inf`` where the
        pathway cannot reach threshold.
    """
    rate_hz = check_quantity("cue_rate", cue_rate, b2.Hz, low=1.0, high=500.0)
    weight = np.asarray(pathway_weight, dtype=float)
    if not np.all(np.isfinite(weight)) or np.any(weight < 0):
        raise ValueError("pathway_weight must be finite and non-negative (units of g_max)")
    n = _NEURON
    g = float(n["tau_ex"] / b2.second) * rate_hz * weight * _G_MAX
    v_rest, v_threshold, e_ex = (float(n[k] / b2.mV) for k in ("v_rest", "v_threshold", "e_ex"))
    v_inf = (v_rest + g * e_ex) / (1.0 + g)
    tau_eff_ms = float(n["tau_m"] / b2.ms) / (1.0 + g)
    with np.errstate(divide="ignore", invalid="ignore"):
        latency = np.where(
            v_inf > v_threshold,
            tau_eff_ms * np.log((v_inf - v_rest) / np.maximum(v_inf - v_threshold, 1e-300)),
            np.inf,
        )
    return latency * b2.ms


@dataclass(frozen=True)
class PracticeCurves:
    """Response latency of each learner's practised pathway, trial by trial.

    Attributes
    ----------
    trials : numpy.ndarray
        Trial numbers 1, 2, ... (the latency after that many trials).
    latency_ms : numpy.ndarray
        Shape ``(n_learners, n_trials)``, in ms.
    a_plus : numpy.ndarray
        Each learner's potentiation per pair (fraction of ``g_max``).
    trial_length_s : float
        Practice per trial (s).
    cue_rate_hz : float
        Rate of each pathway input during the test cue (Hz).
    """

    trials: np.ndarray
    latency_ms: np.ndarray
    a_plus: np.ndarray
    trial_length_s: float
    cue_rate_hz: float

    def average(self) -> np.ndarray:
        """The group curve: the mean latency over learners at each trial (ms)."""
        return self.latency_ms.mean(axis=0)


def practice_curves(
    result: CompetitionResult,
    trial_length: b2.Quantity = 10.0 * b2.second,
    cue_rate: b2.Quantity = 40.0 * b2.Hz,
) -> PracticeCurves:
    """Practice curves of the learners in a competition run.

    A *trial* is ``trial_length`` of practice: the learner's inputs fire as in
    :func:`competition_experiment`, the practised (correlated) group among
    them, with STDP on. After each trial the pathway is tested with a cue
    (:func:`response_latency`); the test itself does not change the weights.

    Parameters
    ----------
    result : CompetitionResult
        Learners with STDP on, a correlated group, and equal run lengths.
    trial_length : brian2.Quantity
        Practice per trial (s), a multiple of ``SNAPSHOT_INTERVAL`` (the interval
        between weight snapshots).
    cue_rate : brian2.Quantity
        Rate of each pathway input during the test cue (Hz).
    """
    if not isinstance(result, CompetitionResult):
        raise TypeError(f"result must be a CompetitionResult, got {type(result).__name__}")
    if result.group_size == 0 or not np.all(result.plastic):
        raise ValueError("result must have a correlated group (group_size > 0) and STDP on for every learner")
    lengths = {s.shape[0] for s in result.snapshots}
    if len(lengths) != 1:
        raise ValueError("result must hold learners with equal run lengths")
    step = float(SNAPSHOT_INTERVAL / b2.second)
    seconds = check_quantity("trial_length", trial_length, b2.second, low=step, high=float(np.min(result.duration / b2.second)))
    if not math.isclose(seconds / step, round(seconds / step), abs_tol=1e-9):
        raise ValueError(f"trial_length must be a multiple of {SNAPSHOT_INTERVAL}, got {trial_length}")
    stride = int(round(seconds / step))
    group = result.group_mask()
    pathway = np.array([s[stride::stride, group].sum(axis=1) for s in result.snapshots])
    latency = np.asarray(response_latency(pathway, cue_rate) / b2.ms)
    cue_hz = float(cue_rate / b2.Hz)
    return PracticeCurves(np.arange(1, pathway.shape[1] + 1), latency, result.a_plus.copy(), seconds, cue_hz)


def _power_law(n: np.ndarray, asymptote: float, amplitude: float, exponent: float) -> np.ndarray:
    return asymptote + amplitude * n ** (-exponent)


def _exponential_law(n: np.ndarray, asymptote: float, amplitude: float, rate: float) -> np.ndarray:
    return asymptote + amplitude * np.exp(-rate * (n - 1.0))


@dataclass(frozen=True)
class LawFit:
    """A three-parameter practice law fitted by least squares.

    ``power``: ``T(n) = asymptote + amplitude * n**(-shape)``;
    ``exponential``: ``T(n) = asymptote + amplitude * exp(-shape * (n - 1))``.
    Times in ms; ``sse`` is the sum of squared residuals (ms²) and
    ``r_squared`` the fraction of variance explained.
    """

    law: str
    asymptote: float
    amplitude: float
    shape: float
    sse: float
    r_squared: float

    def predict(self, trials: np.ndarray) -> np.ndarray:
        law = _power_law if self.law == "power" else _exponential_law
        return law(np.asarray(trials, dtype=float), self.asymptote, self.amplitude, self.shape)


PRACTICE_LAWS: tuple[str, ...] = ("power", "exponential")


def fit_practice_law(trials: np.ndarray, times: np.ndarray, law: str) -> LawFit:
    """Fit a power law or an exponential (each with an asymptote) to a practice curve.

    Both have three parameters, so their sums of squared residuals compare
    directly; this is the comparison of Heathcote, Brown & Mewhort (2000).

    Parameters
    ----------
    trials : numpy.ndarray
        Trial numbers (positive, increasing).
    times : numpy.ndarray
        Response time at each trial (ms, finite, positive).
    law : str
        ``"power"`` or ``"exponential"``.
    """
    check_choice("law", law, PRACTICE_LAWS)
    n = check_finite_array("trials", trials)
    y = check_finite_array("times", times)
    if n.shape != y.shape:
        raise ValueError(f"times must have the same shape as trials, got {y.shape} and {n.shape}")
    if n.size < 4:
        raise ValueError(f"trials must hold at least 4 points to fit 3 parameters, got {n.size}")
    if np.any(n < 1) or np.any(np.diff(n) <= 0):
        raise ValueError("trials must be increasing trial numbers starting at 1 or later")
    if np.any(y <= 0):
        raise ValueError("times must be positive (ms)")
    span = max(float(y.max() - y.min()), 1e-9)
    start = (float(y.min()) * 0.9, span, 0.5 if law == "power" else 3.0 / n.size)
    function = _power_law if law == "power" else _exponential_law
    params, _ = curve_fit(
        function, n, y, p0=start, bounds=([0.0, 0.0, 1e-6], [np.inf, np.inf, 50.0]), maxfev=20000
    )
    residuals = y - function(n, *params)
    sse = float(np.sum(residuals**2))
    total = float(np.sum((y - y.mean()) ** 2))
    return LawFit(law, *(float(p) for p in params), sse, 1.0 - sse / total if total > 0 else 1.0)


# ---------------------------------------------------------------------------
# The chapter's experiments, run together
# ---------------------------------------------------------------------------

#: Input rates of the rate sweep (Hz).
SWEEP_RATES_HZ: tuple[float, ...] = (10.0, 20.0, 30.0, 40.0)
#: Rate modulations of the practised group in the correlation grid.
GRID_MODULATIONS: tuple[float, ...] = (0.0, 0.5, 1.0)
#: The population of practice learners differs in STDP amplitude, over 1.5 decades.
PRACTICE_A_PLUS: tuple[float, ...] = tuple(float(a) for a in np.geomspace(0.0003, 0.009, 6))


@dataclass(frozen=True)
class CompetitionSuite:
    """The chapter's four competition experiments, from one call.

    Attributes
    ----------
    sweep : CompetitionResult
        STDP on, no correlated group, one learner per rate of
        ``SWEEP_RATES_HZ``, ``sweep_duration`` long.
    frozen : CompetitionResult
        The same rates with the weights frozen at their initial values.
    grid : CompetitionResult
        STDP on, a group of ``group_size`` inputs with a shared rate
        modulation, every rate × every non-zero modulation of
        ``GRID_MODULATIONS``, ``grid_duration`` long. (Modulation 0 is the
        sweep, read at ``grid_duration``.)
    practice : CompetitionResult
        Practice learners (one per value of ``PRACTICE_A_PLUS``) that start
        with weak weights and a stronger practised group.
    """

    sweep: CompetitionResult
    frozen: CompetitionResult
    grid: CompetitionResult
    practice: CompetitionResult
    grid_duration: b2.Quantity


def competition_suite(
    *,
    sweep_duration: b2.Quantity = 600.0 * b2.second,
    frozen_duration: b2.Quantity = 10.0 * b2.second,
    grid_duration: b2.Quantity = 60.0 * b2.second,
    practice_duration: b2.Quantity = 200.0 * b2.second,
    group_size: int = 100,
    practice_rate: b2.Quantity = 20.0 * b2.Hz,
    seed: int = 1,
    workers: int | None = None,
) -> CompetitionSuite:
    """Run the rate sweep, the frozen control, the correlation grid and the practice population.

    All four share one compiled network and run in parallel processes.

    Parameters
    ----------
    sweep_duration, frozen_duration, grid_duration, practice_duration : brian2.Quantity
        Run lengths (s; multiples of ``SNAPSHOT_INTERVAL``, at most 600 s).
        ``grid_duration`` must not exceed ``sweep_duration``.
    group_size : int
        Inputs in the practised group (1 to 1000).
    practice_rate : brian2.Quantity
        Input rate of the practice learners (Hz).
    seed : int
        Seed of the whole suite.
    workers : int, optional
        Parallel processes, as in :func:`competition_experiment`.
    """
    group_size = check_integer("group_size", group_size, low=1, high=N_INPUTS)
    sweep_s = check_quantity("sweep_duration", sweep_duration, b2.second, low=0.0)
    grid_s = check_quantity("grid_duration", grid_duration, b2.second, low=0.0, high=sweep_s)
    rates = np.array(SWEEP_RATES_HZ)
    modulations = np.array([m for m in GRID_MODULATIONS if m > 0])
    n_rates, n_practice = rates.size, len(PRACTICE_A_PLUS)
    n_grid = n_rates * modulations.size
    practice_hz = check_quantity("practice_rate", practice_rate, b2.Hz, low=1.0, high=80.0)
    rate = np.concatenate([rates, rates, np.tile(rates, modulations.size), np.full(n_practice, practice_hz)])
    modulation = np.concatenate([np.zeros(2 * n_rates), np.repeat(modulations, n_rates), np.ones(n_practice)])
    plastic = np.concatenate([np.ones(n_rates, bool), np.zeros(n_rates, bool), np.ones(n_grid + n_practice, bool)])
    a_plus = np.concatenate([np.full(2 * n_rates + n_grid, _A_PLUS), PRACTICE_A_PLUS])
    initial = np.concatenate([np.ones(2 * n_rates + n_grid), np.full(n_practice, 0.4)])
    group_initial = np.concatenate([np.ones(2 * n_rates + n_grid), np.ones(n_practice)])
    durations = [sweep_duration, frozen_duration, grid_duration, practice_duration]
    counts = [n_rates, n_rates, n_grid, n_practice]
    duration = np.concatenate(
        [np.full(n, check_quantity("duration", d, b2.second, low=0.0)) for d, n in zip(durations, counts)]
    )
    result = competition_experiment(
        rate * b2.Hz, modulation=modulation, plastic=plastic, a_plus=a_plus,
        initial_weight=initial, group_initial_weight=group_initial,
        duration=duration * b2.second, group_size=group_size, seed=seed, workers=workers,
    )
    role = np.repeat(np.arange(4), counts)
    return CompetitionSuite(*(result.select(role == k) for k in range(4)), grid_duration=grid_s * b2.second)
