"""Chapter 2: why practised skills last, and why they need "dusting off".

**The cascade synapse** (Fusi, Drew & Abbott 2005). Each synapse has a
binary efficacy (weak or strong) and, for each efficacy, ``n`` metaplastic
levels. A potentiation event moves a weak synapse at level ``i`` to the top
level of the strong cascade with probability ``q_i``; it moves a strong
synapse at level ``i < n`` one level deeper with probability ``p_i``
(depression is the mirror image). With ``x = 1/2`` the probabilities are
(as we understand the paper; not checked against a copy we could read)

* ``q_i = x**(i - 1)`` for ``i < n`` and ``q_n = x**(n - 1) / (1 - x)``;
* ``p_i = x**i / (1 - x)`` for ``i < n``;

so deep levels are geometrically less plastic. A memory is one stored
pattern of potentiations and depressions; ongoing random plasticity events
(potentiation or depression with probability 1/2 each) then overwrite it.
The memory *signal* is the mean overlap between the synaptic efficacies and
the stored pattern, computed exactly from the transition matrices; its
*signal-to-noise ratio* (SNR) for ``N`` synapses is ``sqrt(N)`` times the
signal, because an unrelated pattern's overlap has standard deviation
``1/sqrt(N)``. A :func:`simulate_population` Monte Carlo run checks both.
A simple binary synapse (one level, transition probability ``q``) forgets
exponentially, ``signal ~ q (1 - q)**t``. Time is counted in plasticity
events per synapse, not in days: the model is not calibrated to a clock.

**How fast, and until when.** Fusi, Drew & Abbott built the cascade, with
``x = 1/2``, so that the signal would decay roughly as ``1/t`` (this is their
construction, not something fitted here); :func:`local_exponent` measures the
decay's local log-log slope, and :func:`cascade_cutoff` the time scale of the
slowest level, ``1/q_n``, beyond which the power law ends and the signal falls
exponentially. :data:`CASCADE_PROVENANCE` records that no parameter of the
cascade was set from a published value.

The chapter's practice protocol (synapses, repetitions, their spacing, the
break) is :data:`PRACTICE`. The two-state model of motor adaptation, the
chapter's second model, is in :mod:`memsim.retention.adaptation`.

References
----------
Fusi S, Drew PJ, Abbott LF (2005). Neuron 45:599-611. :cite:`fusi2005cascade`
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from memsim import literature
from memsim.core.validation import (
    check_finite_array,
    check_integer,
    check_number,
    check_seed,
)
from memsim.retention.adaptation import Smith2006Fit

__all__ = [
    "CASCADE_PROVENANCE",
    "cascade_cutoff",
    "local_exponent",
    "PRACTICE",
    "PracticeProtocol",
    "binary_synapse",
    "cascade_synapse",
    "depth_occupancy",
    "fit_exponential_rate",
    "fit_power_law",
    "mean_depth",
    "mean_signal",
    "memory_lifetime",
    "MonteCarloTrace",
    "Relearning",
    "relearning",
    "simulate_population",
    "SynapseModel",
    "training_state",
]

# ---------------------------------------------------------------------------
# The chapter's practice protocol
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeProtocol:
    """How the chapter trains, rests and retrains the cascade (the model's choices, not a paper's).

    Time is counted in plasticity events per synapse (see the module docstring).

    Attributes
    ----------
    n_levels : int
        Metaplastic levels of the chapter's cascade synapse.
    n_synapses : int
        Synapses that store the pattern (sets the noise, ``1/sqrt(N)``).
    spacing : int
        Unrelated plasticity events between successive repetitions.
    repetitions : tuple of int
        Numbers of repetitions compared (count).
    relearn_repetitions : int
        Repetitions in the original training of the relearning experiment.
    break_events : int
        Unrelated plasticity events during the break.
    criterion : float
        Fraction of the trained signal that counts as relearned.
    """

    n_levels: int = 15
    n_synapses: int = 10_000
    spacing: int = 10
    repetitions: tuple[int, ...] = (1, 2, 4, 8, 16, 32, 64)
    relearn_repetitions: int = 32
    break_events: int = 300
    criterion: float = 0.9


#: The chapter's practice protocol.
PRACTICE = PracticeProtocol()

#: What the cascade was set from: nothing published. Its rates are Fusi, Drew &
#: Abbott's construction (``x = 1/2``), not fitted to any value in the table. The
#: Smith et al. (2006) values are listed because the evidence check is
#: conservative: a value that set any parameter in this package (here, the
#: two-state model's, :mod:`memsim.retention.adaptation`) counts as an input of
#: every model in it, although the cascade uses none of them.
CASCADE_PROVENANCE = literature.provenance(
    "retention.cascade",
    2,
    "The cascade synapse (Fusi, Drew & Abbott 2005, x = 1/2); no parameter set from a published value.",
    inputs=literature.parameter_sources(Smith2006Fit),
)

# ---------------------------------------------------------------------------
# Synapses: cascade and binary
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SynapseModel:
    """A synapse with binary efficacy and ``n`` metaplastic levels per efficacy.

    States are numbered ``0 .. n-1`` for the weak levels (top to bottom) and
    ``n .. 2n-1`` for the strong levels.

    Attributes
    ----------
    name : str
        Label for legends.
    q : numpy.ndarray
        ``q[i]``: probability that an event of the opposite sign switches the
        efficacy of a synapse at level ``i + 1`` (dimensionless, shape ``(n,)``).
    p : numpy.ndarray
        ``p[i]``: probability that an event of the same sign moves a synapse
        from level ``i + 1`` to level ``i + 2`` (dimensionless, shape ``(n-1,)``).
    """

    name: str
    q: np.ndarray
    p: np.ndarray

    def __post_init__(self) -> None:
        q = check_finite_array("q", self.q)
        p = np.asarray(self.p, dtype=float).reshape(-1)
        if p.size != q.size - 1:
            raise ValueError(f"p must hold n - 1 = {q.size - 1} values, got {p.size}")
        if not np.all(np.isfinite(p)):
            raise ValueError("p must contain only finite values (no NaN or inf)")
        for label, values in (("q", q), ("p", p)):
            if np.any(values < 0) or np.any(values > 1):
                raise ValueError(f"{label} must hold probabilities in [0, 1], got {values}")
        if q[0] <= 0:
            raise ValueError("q[0] must be in (0, 1]: a synapse that never switches stores nothing")
        object.__setattr__(self, "q", q)
        object.__setattr__(self, "p", p)

    @property
    def n_levels(self) -> int:
        """Number of metaplastic levels per efficacy."""
        return int(self.q.size)

    @property
    def efficacy(self) -> np.ndarray:
        """Efficacy of each state: -1 (weak) or +1 (strong), shape ``(2n,)``."""
        return np.repeat([-1.0, 1.0], self.n_levels)

    def event_matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """Row-stochastic transition matrices of one potentiation and one depression event."""
        n = self.n_levels
        pot = np.zeros((2 * n, 2 * n))
        for i in range(n):
            # weak level i: switch to the top strong level with probability q_i
            pot[i, n] += self.q[i]
            pot[i, i] += 1.0 - self.q[i]
            # strong level i: sink one level deeper with probability p_i
            step = self.p[i] if i < n - 1 else 0.0
            pot[n + i, n + min(i + 1, n - 1)] += step
            pot[n + i, n + i] += 1.0 - step
        # depression mirrors potentiation: swap the weak and strong halves
        swap = np.r_[np.arange(n, 2 * n), np.arange(n)]
        dep = pot[np.ix_(swap, swap)]
        return pot, dep

    def random_event_matrix(self) -> np.ndarray:
        """Transition matrix of one ongoing, unrelated plasticity event (balanced)."""
        pot, dep = self.event_matrices()
        return 0.5 * (pot + dep)

    def equilibrium(self) -> np.ndarray:
        """Stationary distribution over the ``2n`` states under ongoing random events."""
        m = self.random_event_matrix()
        # solve pi (M - I) = 0 with sum(pi) = 1 as one least-squares system,
        # which stays accurate when the deepest levels are nearly frozen
        system = np.vstack([(m - np.eye(m.shape[0])).T, np.ones(m.shape[0])])
        rhs = np.zeros(m.shape[0] + 1)
        rhs[-1] = 1.0
        stationary = np.linalg.lstsq(system, rhs, rcond=None)[0]
        return np.clip(stationary, 0.0, None) / np.clip(stationary, 0.0, None).sum()


def cascade_synapse(n_levels: int = 10, x: float = 0.5) -> SynapseModel:
    """The cascade synapse of Fusi, Drew & Abbott (2005).

    Parameters
    ----------
    n_levels : int
        Metaplastic levels per efficacy, 2 to 30.
    x : float
        Ratio of successive transition probabilities, in (0, 0.5]; the paper
        uses 1/2. Larger values would make ``q_n`` exceed 1.

    Returns
    -------
    SynapseModel
    """
    n = check_integer("n_levels", n_levels, low=2, high=30)
    x = check_number("x", x, low=0.0, high=0.5, low_inclusive=False)
    if x ** (n - 1) < 1e-12:
        # below this the deepest levels never move within double precision
        raise ValueError(
            f"x**(n_levels - 1) must be at least 1e-12 for an accurate exact signal, "
            f"got {x ** (n - 1):.3g}; use fewer levels or a larger x"
        )
    i = np.arange(1, n + 1, dtype=float)
    q = x ** (i - 1)
    q[-1] = x ** (n - 1) / (1 - x)
    p = x ** i[:-1] / (1 - x)
    return SynapseModel(f"cascade, n = {n}", q, p)


def binary_synapse(q: float) -> SynapseModel:
    """A simple binary synapse that switches with probability ``q`` per event.

    Parameters
    ----------
    q : float
        Transition probability, in (0, 1].
    """
    q = check_number("q", q, low=0.0, high=1.0, low_inclusive=False)
    return SynapseModel(f"binary, q = {q:g}", np.array([q]), np.array([]))


# ---------------------------------------------------------------------------
# Exact memory signal
# ---------------------------------------------------------------------------


def _check_times(times: np.ndarray) -> np.ndarray:
    t = check_finite_array("times", times)
    if np.any(t < 0):
        raise ValueError("times must be non-negative (plasticity events after storage)")
    # events are discrete; fractional powers of a matrix with negative or
    # complex eigenvalues would not describe any population of synapses
    if np.any(t != np.round(t)):
        raise ValueError("times must be whole numbers of plasticity events")
    return t


def training_state(model: SynapseModel, repetitions: int = 1, spacing: int = 0) -> np.ndarray:
    """Distribution over states right after the pattern was stored ``repetitions`` times.

    By symmetry only synapses whose target is "strong" need tracking; the
    others are their mirror image. Training starts from equilibrium, and
    ``spacing`` unrelated events fall between successive repetitions.

    Parameters
    ----------
    model : SynapseModel
    repetitions : int
        Number of storage events, 1 to 10 000.
    spacing : int
        Unrelated plasticity events between repetitions, 0 to 10**6.

    Returns
    -------
    numpy.ndarray
        Probabilities over the ``2n`` states (sum 1).
    """
    _check_model(model)
    k = check_integer("repetitions", repetitions, low=1, high=10_000)
    s = check_integer("spacing", spacing, low=0, high=10**6)
    pot, _ = model.event_matrices()
    between = np.linalg.matrix_power(model.random_event_matrix(), s)
    state = model.equilibrium() @ pot
    for _ in range(k - 1):
        state = (state @ between) @ pot
    return state


def _check_model(model: SynapseModel) -> None:
    if not isinstance(model, SynapseModel):
        raise TypeError(f"model must be a SynapseModel, got {type(model).__name__}")


def _evolve_signal(model: SynapseModel, start: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Mean signal at (possibly non-integer) ``times`` after ``start``, by eigen-decomposition.

    ``signal(t) = start @ M**t @ efficacy = sum_k a_k lambda_k**t``; the
    decomposition makes any time as cheap as any other (no stepping).
    """
    m = model.random_event_matrix()
    values, vectors = np.linalg.eig(m)
    coefficients = (start @ vectors) * np.linalg.solve(vectors, model.efficacy)
    powers = values.astype(complex)[None, :] ** times[:, None]
    return np.real(powers @ coefficients)


def mean_signal(model: SynapseModel, times: np.ndarray, repetitions: int = 1, spacing: int = 0) -> np.ndarray:
    """Exact mean memory signal ``times`` plasticity events after the last repetition.

    Parameters
    ----------
    model : SynapseModel
    times : array_like
        Non-negative times, in plasticity events per synapse after storage.
    repetitions, spacing : int
        See :func:`training_state`.

    Returns
    -------
    numpy.ndarray
        Mean overlap between efficacies and the stored pattern
        (dimensionless, between -1 and 1).
    """
    t = _check_times(times)
    return _evolve_signal(model, training_state(model, repetitions, spacing), t)


def depth_occupancy(model: SynapseModel, repetitions: int = 1, spacing: int = 0) -> np.ndarray:
    """Fraction of synapses at each level of the *correct* efficacy after training.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``: probability that a synapse holds the stored value at
        level 1 (most plastic) ... level n (least plastic).
    """
    return training_state(model, repetitions, spacing)[model.n_levels :]


def mean_depth(model: SynapseModel, repetitions: int = 1, spacing: int = 0) -> float:
    """Mean level (1 = most plastic) of the synapses that carry the memory.

    The memory is carried by the *excess* of correct-efficacy synapses over
    equilibrium; this is the mean level of that excess.

    Returns
    -------
    float
        Mean level, between 1 and ``n``.
    """
    excess = depth_occupancy(model, repetitions, spacing) - model.equilibrium()[model.n_levels :]
    levels = np.arange(1, model.n_levels + 1)
    return float(np.sum(levels * excess) / np.sum(excess))


def memory_lifetime(
    model: SynapseModel,
    n_synapses: int = PRACTICE.n_synapses,
    repetitions: int = 1,
    spacing: int = 0,
    max_time: float = 1e9,
) -> float:
    """Time after the last repetition at which the SNR falls to 1.

    Parameters
    ----------
    model : SynapseModel
    n_synapses : int
        Synapses storing the pattern (sets the noise, ``1/sqrt(N)``), 1 to 10**12.
    repetitions, spacing : int
        See :func:`training_state`.
    max_time : float
        Latest time searched, in events (up to 1e12).

    Returns
    -------
    float
        Lifetime in plasticity events (interpolated between grid points);
        0 if the SNR starts below 1, ``inf`` if it stays above 1 until ``max_time``.
    """
    n = check_integer("n_synapses", n_synapses, low=1, high=10**12)
    horizon = check_number("max_time", max_time, low=1.0, high=1e12)
    threshold = 1.0 / np.sqrt(n)
    start = training_state(model, repetitions, spacing)
    times = np.unique(np.round(np.concatenate([[0.0], np.geomspace(1.0, horizon, 4000)])))
    signal = _evolve_signal(model, start, times)
    below = np.nonzero(signal < threshold)[0]
    if below.size == 0:
        return float("inf")
    j = int(below[0])
    if j == 0:
        return 0.0
    # linear interpolation between the last grid point above and the first below
    t0, t1, s0, s1 = times[j - 1], times[j], signal[j - 1], signal[j]
    return float(t0 + (s0 - threshold) * (t1 - t0) / (s0 - s1))


def local_exponent(model: SynapseModel, time: float, ratio: float = 1.1) -> float:
    """Local power-law exponent of the signal after one storage event, ``-d ln S / d ln t``.

    Estimated from the exact signal at the whole times nearest ``time / ratio``
    and ``time * ratio``. Unlike a fit over a window (:func:`fit_power_law`),
    it does not depend on where the window starts and ends.

    Parameters
    ----------
    model : SynapseModel
    time : float
        Time after storage, in plasticity events, 10 to 1e9.
    ratio : float
        Half-width of the estimate on a log scale (dimensionless), in (1, 2].

    Returns
    -------
    float
        The exponent (dimensionless); 1 for a ``1/t`` decay, positive when the
        signal decays.

    Raises
    ------
    ValueError
        If ``time`` or ``ratio`` is out of range, or the signal is not positive
        at both times (it has decayed below numerical precision).
    """
    _check_model(model)
    t = check_number("time", time, low=10.0, high=1e9)
    r = check_number("ratio", ratio, low=1.0, high=2.0, low_inclusive=False)
    times = np.array([np.round(t / r), np.round(t * r)])
    signal = mean_signal(model, times)
    if np.any(signal <= 0):
        raise ValueError(f"the signal is not positive near time = {t:g}; pick an earlier time")
    return float(-np.log(signal[1] / signal[0]) / np.log(times[1] / times[0]))


def cascade_cutoff(model: SynapseModel) -> float:
    """Time scale of the least plastic level, ``1 / q_n``, in plasticity events.

    A memory cannot outlast the synapses that hold it longest: beyond about
    ``1/q_n`` events even the deepest level has been overwritten, and the
    power-law decay gives way to an exponential one. For the cascade with
    ``x = 1/2`` and ``n`` levels, ``1/q_n = 2**(n - 2)``: each added level
    doubles the cutoff.
    """
    _check_model(model)
    return float(1.0 / model.q[-1])


def fit_power_law(times: np.ndarray, signal: np.ndarray) -> tuple[float, float]:
    """Least-squares slope of ``log signal`` against ``log time``.

    Parameters
    ----------
    times : array_like
        Positive whole times (plasticity events), at least two of them
        distinct.
    signal : array_like
        Positive signal at those times (dimensionless).

    Returns
    -------
    (exponent, prefactor)
        ``signal ~ prefactor * time**(-exponent)``; the exponent is positive
        for a decaying signal.

    Raises
    ------
    ValueError
        If the arrays differ in length or hold fewer than 3 values, if
        ``times`` are fractional or all equal (no slope to fit), or if
        ``times`` or ``signal`` is not positive.
    """
    t = _check_times(times)
    s = check_finite_array("signal", signal)
    if t.size != s.size or t.size < 3:
        raise ValueError("times and signal must have the same length, at least 3")
    if np.ptp(t) == 0:
        raise ValueError(f"times must hold at least two distinct values to fit a slope, got all {t[0]:g}")
    if np.any(t <= 0) or np.any(s <= 0):
        raise ValueError("times and signal must be positive for a log-log fit")
    slope, intercept = np.polyfit(np.log(t), np.log(s), 1)
    return float(-slope), float(np.exp(intercept))


def fit_exponential_rate(times: np.ndarray, signal: np.ndarray) -> float:
    """Decay rate ``r`` of ``signal ~ exp(-r t)`` from a least-squares fit of ``log signal``.

    Parameters
    ----------
    times : array_like
        Non-negative whole times (plasticity events), at least two of them
        distinct.
    signal : array_like
        Positive signal at those times (dimensionless).

    Returns
    -------
    float
        Rate per plasticity event.

    Raises
    ------
    ValueError
        If the arrays differ in length or hold fewer than 3 values, if
        ``times`` are negative, fractional or all equal (no slope to fit), or
        if ``signal`` is not positive.
    """
    t = _check_times(times)
    s = check_finite_array("signal", signal)
    if t.size != s.size or t.size < 3:
        raise ValueError("times and signal must have the same length, at least 3")
    if np.ptp(t) == 0:
        raise ValueError(f"times must hold at least two distinct values to fit a rate, got all {t[0]:g}")
    if np.any(s <= 0):
        raise ValueError("signal must be positive for a log-linear fit")
    return float(-np.polyfit(t, np.log(s), 1)[0])


@dataclass(frozen=True)
class Relearning:
    """Memory left after a break, and how fast it comes back.

    Attributes
    ----------
    signal_after_training : float
        Signal right after the original training (dimensionless).
    signal_after_break : float
        Signal at the end of the break (dimensionless).
    criterion : float
        Signal that counts as "learned": a fraction of the trained signal.
    naive_repetitions : int
        Repetitions a naive population needs to reach the criterion.
    relearn_repetitions : int
        Repetitions needed after the break (0 if the criterion is still met).
    """

    signal_after_training: float
    signal_after_break: float
    criterion: float
    naive_repetitions: int
    relearn_repetitions: int

    @property
    def savings_ratio(self) -> float:
        """Naive over relearning repetitions (``inf`` if nothing needs relearning)."""
        if self.relearn_repetitions == 0:
            return float("inf")
        return self.naive_repetitions / self.relearn_repetitions


def _repetitions_to(model: SynapseModel, start: np.ndarray, criterion: float, spacing: int, limit: int) -> int:
    pot, _ = model.event_matrices()
    between = np.linalg.matrix_power(model.random_event_matrix(), spacing)
    state, count = start, 0
    while state @ model.efficacy < criterion:
        if count >= limit:
            raise ValueError(f"criterion not reached within {limit} repetitions; lower criterion")
        state = (state @ between if count else state) @ pot
        count += 1
    return count


def relearning(
    model: SynapseModel,
    repetitions: int,
    break_events: int,
    spacing: int = 0,
    criterion: float = PRACTICE.criterion,
) -> Relearning:
    """Train, pause, then retrain the same pattern until it is back to criterion.

    Parameters
    ----------
    model : SynapseModel
    repetitions : int
        Repetitions in the original training, 1 to 10 000.
    break_events : int
        Unrelated plasticity events during the break, 0 to 10**9.
    spacing : int
        Unrelated events between repetitions, in training and retraining.
    criterion : float
        Fraction of the trained signal that counts as relearned, in (0, 1].

    Returns
    -------
    Relearning
    """
    trained = training_state(model, repetitions, spacing)
    n_break = check_integer("break_events", break_events, low=0, high=10**9)
    fraction = check_number("criterion", criterion, low=0.0, high=1.0, low_inclusive=False)
    after_break = trained @ np.linalg.matrix_power(model.random_event_matrix(), n_break)
    level = fraction * float(trained @ model.efficacy)
    limit = 100 * repetitions + 100
    return Relearning(
        signal_after_training=float(trained @ model.efficacy),
        signal_after_break=float(after_break @ model.efficacy),
        criterion=level,
        naive_repetitions=_repetitions_to(model, model.equilibrium(), level, spacing, limit),
        relearn_repetitions=_repetitions_to(model, after_break, level, spacing, limit),
    )


# ---------------------------------------------------------------------------
# Monte Carlo population
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MonteCarloTrace:
    """A simulated population: the stored pattern's signal and the noise.

    Attributes
    ----------
    times : numpy.ndarray
        Plasticity events since storage, ``0 .. n_events``.
    signal : numpy.ndarray
        Mean over replicas of the overlap with the stored pattern.
    signal_sem : numpy.ndarray
        Standard error of that mean.
    noise_sd : float
        Standard deviation of the overlap with patterns that were never
        stored (pooled over replicas and times).
    n_synapses : int
        Synapses per replica.
    """

    times: np.ndarray
    signal: np.ndarray
    signal_sem: np.ndarray
    noise_sd: float
    n_synapses: int

    @property
    def snr(self) -> np.ndarray:
        """Signal-to-noise ratio, signal over the noise's standard deviation."""
        return self.signal / self.noise_sd


def simulate_population(
    model: SynapseModel,
    n_synapses: int = 1000,
    n_replicas: int = 16,
    n_events: int = 300,
    seed: int | None = 0,
) -> MonteCarloTrace:
    """Store one random pattern, then apply random plasticity events, synapse by synapse.

    Every synapse of every replica is simulated at once (a ``(replicas,
    synapses)`` array of states), one plasticity event per synapse per step.

    Parameters
    ----------
    model : SynapseModel
    n_synapses : int
        Synapses per replica, 10 to 100 000.
    n_replicas : int
        Independent populations, 2 to 1000.
    n_events : int
        Random events after storage, 1 to 100 000.
    seed : int or None
        Seed of the random generator; the same seed gives the same numbers.
    """
    _check_model(model)
    n = check_integer("n_synapses", n_synapses, low=10, high=100_000)
    r = check_integer("n_replicas", n_replicas, low=2, high=1000)
    steps = check_integer("n_events", n_events, low=1, high=100_000)
    rng = np.random.default_rng(check_seed("seed", seed, allow_none=True))
    pot, dep = model.event_matrices()
    # cumulative rows: the next state is the first column whose cumulative
    # probability exceeds a uniform draw (inverse-CDF sampling, vectorised)
    cumulative = np.stack([np.cumsum(pot, axis=1), np.cumsum(dep, axis=1)])
    cumulative[:, :, -1] = 1.0  # guard against rounding just below 1
    efficacy = model.efficacy
    states = rng.choice(2 * model.n_levels, size=(r, n), p=model.equilibrium())
    target = rng.choice([-1.0, 1.0], size=(r, n))

    def apply(kind: np.ndarray, states_: np.ndarray) -> np.ndarray:
        rows = cumulative[kind, states_]
        return np.sum(rng.random((r, n, 1)) >= rows, axis=-1).clip(max=2 * model.n_levels - 1)

    states = apply((target < 0).astype(int), states)  # storage: the pattern's own events
    overlaps = np.empty((steps + 1, r))
    noise = np.empty((steps + 1, r))
    for step in range(steps + 1):
        w = efficacy[states]
        overlaps[step] = np.mean(w * target, axis=1)
        # a fresh never-stored pattern each step, so the noise samples are independent
        noise[step] = np.mean(w * rng.choice([-1.0, 1.0], size=(r, n)), axis=1)
        if step < steps:
            states = apply(rng.integers(0, 2, size=(r, n)), states)
    return MonteCarloTrace(
        times=np.arange(steps + 1, dtype=float),
        signal=overlaps.mean(axis=1),
        signal_sem=overlaps.std(axis=1, ddof=1) / np.sqrt(r),
        noise_sd=float(noise.std(ddof=1)),
        n_synapses=n,
    )
