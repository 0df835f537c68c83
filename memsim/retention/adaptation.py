"""Chapter 2, model 2: the two-state model of motor adaptation (Smith et al. 2006).

A fast and a slow process both learn from the same error,

    x_f(n+1) = A_f x_f(n) + B_f e(n),   x_s(n+1) = A_s x_s(n) + B_s e(n),
    x(n) = x_f(n) + x_s(n),             e(n) = f(n) - x(n),

with ``e(n) = 0`` on error-clamp trials. The published fit
(``A_f, B_f, A_s, B_s``) and the single-state comparison (``A, B``) are read
from :mod:`memsim.literature` into :data:`SMITH2006`. The model produces
savings and spontaneous recovery; a single state produces neither. The
chapter's trial counts are :data:`SPONTANEOUS_RECOVERY` and :data:`SAVINGS`.

:data:`TWO_STATE_PROVENANCE` records that the model was given Smith et al.'s
parameters; a value measured in another study (Ethier, Zee & Shadmehr 2008,
saccade adaptation) was set from none of them, so the model's
:func:`time_constants` and error sensitivities can be set beside it as a
prediction: do the reaching fit's two processes carry over to another
adaptive system?

References
----------
Smith MA, Ghazizadeh A, Shadmehr R (2006). PLoS Biol 4:e179.
:cite:`smith2006interacting`
Zarahn E, Weston GD, Liang J, Mazzoni P, Krakauer JW (2008). J Neurophysiol
100:2537-2548. :cite:`zarahn2008explaining`
Ethier V, Zee DS, Shadmehr R (2008). J Neurophysiol 99:2577-2583.
:cite:`ethier2008spontaneous`
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from memsim import literature
from memsim.core.validation import (
    check_finite_array,
    check_integer,
    check_number,
)

__all__ = [
    "AdaptationModel",
    "AdaptationRun",
    "RecoveryProtocol",
    "Savings",
    "SAVINGS",
    "savings",
    "SavingsProtocol",
    "simulate_adaptation",
    "SMITH2006",
    "SMITH2006_SINGLE_STATE",
    "SMITH2006_TWO_STATE",
    "Smith2006Fit",
    "SPONTANEOUS_RECOVERY",
    "spontaneous_recovery",
    "SpontaneousRecovery",
    "time_constants",
    "TWO_STATE_PROVENANCE",
]

# ---------------------------------------------------------------------------
# Two-state model of motor adaptation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AdaptationModel:
    """A linear multi-rate model of trial-by-trial motor adaptation.

    Attributes
    ----------
    retention : tuple of float
        Retention factor ``A`` of each process, per trial, in (0, 1].
    learning_rate : tuple of float
        Error sensitivity ``B`` of each process, per trial, in [0, 1).
    name : str
        Label for legends.
    """

    retention: tuple[float, ...]
    learning_rate: tuple[float, ...]
    name: str = "model"

    def __post_init__(self) -> None:
        if len(self.retention) != len(self.learning_rate) or not self.retention:
            raise ValueError("retention and learning_rate must hold one value per process")
        for a in self.retention:
            check_number("retention", a, low=0.0, high=1.0, low_inclusive=False)
        for b in self.learning_rate:
            check_number("learning_rate", b, low=0.0, high=1.0, high_inclusive=False)
        if sum(self.learning_rate) >= 1.0:
            raise ValueError(
                f"learning_rate must sum to less than 1 (got {sum(self.learning_rate)}): "
                "larger total error sensitivity makes the adaptation overshoot and oscillate"
            )

    @property
    def n_processes(self) -> int:
        return len(self.retention)


@dataclass(frozen=True)
class Smith2006Fit:
    """The published parameters of Smith, Ghazizadeh & Shadmehr (2006), per trial.

    Attributes
    ----------
    a_fast, b_fast : float
        Retention factor and learning rate of the fast process (dimensionless).
    a_slow, b_slow : float
        Retention factor and learning rate of the slow process (dimensionless).
    a_single, b_single : float
        Retention factor and learning rate of the single-state comparison
        model (dimensionless).
    """

    a_fast: float = literature.sourced("smith2006.a_fast")
    b_fast: float = literature.sourced("smith2006.b_fast")
    a_slow: float = literature.sourced("smith2006.a_slow")
    b_slow: float = literature.sourced("smith2006.b_slow")
    a_single: float = literature.sourced("smith2006.a_single")
    b_single: float = literature.sourced("smith2006.b_single")

    def two_state(self) -> AdaptationModel:
        """The two-state model: fast then slow process."""
        return AdaptationModel((self.a_fast, self.a_slow), (self.b_fast, self.b_slow), "two-state")

    def single_state(self) -> AdaptationModel:
        """The single-state comparison model."""
        return AdaptationModel((self.a_single,), (self.b_single,), "single-state")


#: The parameters of Smith et al. (2006), read from :mod:`memsim.literature`.
SMITH2006 = Smith2006Fit()
#: Two-state fit of Smith, Ghazizadeh & Shadmehr (2006): fast then slow process.
SMITH2006_TWO_STATE = SMITH2006.two_state()
#: The single-state comparison model of Smith et al. (2006).
SMITH2006_SINGLE_STATE = SMITH2006.single_state()

#: What the two-state model was set from: every parameter is Smith et al.'s
#: (2006), an input. Nothing was fitted here, and no other published value set
#: a parameter, so comparisons with other studies are predictions.
TWO_STATE_PROVENANCE = literature.provenance(
    "retention.two_state",
    2,
    "The two-state model of motor adaptation, given the parameters of Smith et al. (2006).",
    parameters=(SMITH2006,),
)


def time_constants(model: AdaptationModel) -> tuple[float, ...]:
    """Time constant of each process's decay without error, ``-1 / ln A``, in trials.

    On error-clamp trials each process decays as ``A**n = exp(-n / tau)``.

    Raises
    ------
    ValueError
        If a process has ``A = 1`` (it never decays; its time constant is infinite).
    """
    if not isinstance(model, AdaptationModel):
        raise TypeError(f"model must be an AdaptationModel, got {type(model).__name__}")
    if any(a == 1.0 for a in model.retention):
        raise ValueError("retention must be below 1 for a finite time constant")
    return tuple(float(-1.0 / np.log(a)) for a in model.retention)


@dataclass(frozen=True)
class RecoveryProtocol:
    """Adaptation, reversal, error clamp: the spontaneous-recovery paradigm of Smith et al. (2006).

    The trial counts are the chapter's choice (long enough for the slow
    process to approach its plateau and for the rebound to peak and fade),
    not the paper's; the reversal lasts until the net output reaches zero.

    Attributes
    ----------
    n_adapt : int
        Adaptation trials (perturbation +1).
    n_clamp : int
        Error-clamp trials after the reversal.
    max_reverse : int
        Most reversal trials (perturbation -1) allowed before giving up.
    """

    n_adapt: int = 400
    n_clamp: int = 300
    max_reverse: int = 1000


#: The chapter's spontaneous-recovery protocol (trial counts).
SPONTANEOUS_RECOVERY = RecoveryProtocol()


@dataclass(frozen=True)
class SavingsProtocol:
    """Adapt, undo the adaptation, relearn: the savings paradigm (the chapter's trial counts).

    Attributes
    ----------
    n_adapt : int
        Adaptation trials before the adaptation is undone.
    criterion : float
        Net output that counts as learned (fraction of the perturbation).
    n_relearn : int
        Trials simulated in each learning phase.
    long_washout : int
        Null trials of the "long washout" alternative to the reversal, long
        enough for the slow process to decay (trials).
    """

    n_adapt: int = 400
    criterion: float = 0.5
    n_relearn: int = 1000
    long_washout: int = 1000


#: The chapter's savings protocol (trial counts and criterion).
SAVINGS = SavingsProtocol()


@dataclass(frozen=True)
class AdaptationRun:
    """States and net output of an adaptation experiment.

    Attributes
    ----------
    perturbation : numpy.ndarray
        Perturbation ``f(n)`` on each trial (units of the perturbation).
    clamp : numpy.ndarray
        Whether each trial was an error-clamp trial.
    states : numpy.ndarray
        Shape ``(trials, processes)``: each process's state at the start of a trial.
    """

    perturbation: np.ndarray
    clamp: np.ndarray
    states: np.ndarray

    @property
    def output(self) -> np.ndarray:
        """Net adaptation ``x(n)``, the sum of the processes (units of the perturbation)."""
        return self.states.sum(axis=1)


def simulate_adaptation(
    model: AdaptationModel,
    perturbation: np.ndarray,
    clamp: np.ndarray | None = None,
    initial: np.ndarray | None = None,
) -> AdaptationRun:
    """Run the multi-rate model trial by trial.

    Parameters
    ----------
    model : AdaptationModel
    perturbation : array_like
        ``f(n)`` per trial, finite (units of the perturbation, 1 = full).
    clamp : array_like of bool, optional
        Error-clamp trials (error forced to zero). Default: none.
    initial : array_like, optional
        State of each process before the first trial. Default: zeros.
    """
    if not isinstance(model, AdaptationModel):
        raise TypeError(f"model must be an AdaptationModel, got {type(model).__name__}")
    f = check_finite_array("perturbation", perturbation)
    c = np.zeros(f.size, dtype=bool) if clamp is None else np.asarray(clamp, dtype=bool)
    if c.shape != f.shape:
        raise ValueError(f"clamp must have the perturbation's shape {f.shape}, got {c.shape}")
    a = np.asarray(model.retention)
    b = np.asarray(model.learning_rate)
    x = np.zeros(model.n_processes) if initial is None else np.array(initial, dtype=float)
    if x.shape != a.shape or not np.all(np.isfinite(x)):
        raise ValueError(f"initial must hold {a.size} finite values, one per process")
    states = np.empty((f.size, a.size))
    for n in range(f.size):
        states[n] = x
        error = 0.0 if c[n] else f[n] - x.sum()
        x = a * x + b * error
    return AdaptationRun(f, c, states)


@dataclass(frozen=True)
class SpontaneousRecovery:
    """Adapt, reverse until the output is back at zero, then clamp the error.

    Attributes
    ----------
    run : AdaptationRun
    n_adapt, n_reverse, n_clamp : int
        Trials in each phase; ``n_reverse`` is set by the output reaching zero.
    rebound : float
        Peak net output during the clamp (units of the perturbation);
        positive when the adaptation reappears, at most 0 when it does not.
    """

    run: AdaptationRun
    n_adapt: int
    n_reverse: int
    n_clamp: int
    rebound: float


def _trials(name: str, value: int) -> int:
    return check_integer(name, value, low=1, high=100_000)


def spontaneous_recovery(
    model: AdaptationModel = SMITH2006_TWO_STATE,
    n_adapt: int = SPONTANEOUS_RECOVERY.n_adapt,
    n_clamp: int = SPONTANEOUS_RECOVERY.n_clamp,
    max_reverse: int = SPONTANEOUS_RECOVERY.max_reverse,
) -> SpontaneousRecovery:
    """Smith et al.'s (2006) paradigm: adaptation, brief reversal, error clamp.

    The reversal (perturbation -1) lasts exactly until the net output first
    reaches zero or below, as in the experiment, so behaviour looks "washed
    out" when the clamp begins. Trial counts default to :data:`SPONTANEOUS_RECOVERY`.
    """
    if not isinstance(model, AdaptationModel):
        raise TypeError(f"model must be an AdaptationModel, got {type(model).__name__}")
    na, nc = _trials("n_adapt", n_adapt), _trials("n_clamp", n_clamp)
    limit = _trials("max_reverse", max_reverse)
    adapted = simulate_adaptation(model, np.ones(na))
    x = adapted.states[-1]
    a, b = np.asarray(model.retention), np.asarray(model.learning_rate)
    x = a * x + b * (1.0 - x.sum())  # the last adaptation trial's update
    n_reverse = 0
    while x.sum() > 0:
        if n_reverse >= limit:
            raise ValueError(f"output did not reach zero within max_reverse = {limit} trials")
        x = a * x + b * (-1.0 - x.sum())
        n_reverse += 1
    f = np.r_[np.ones(na), -np.ones(n_reverse), np.zeros(nc)]
    clamp = np.r_[np.zeros(na + n_reverse, dtype=bool), np.ones(nc, dtype=bool)]
    run = simulate_adaptation(model, f, clamp)
    rebound = float(run.output[na + n_reverse :].max())
    return SpontaneousRecovery(run, na, n_reverse, nc, rebound)


@dataclass(frozen=True)
class Savings:
    """Naive learning against relearning after the output was brought back to zero.

    Attributes
    ----------
    naive : AdaptationRun
    relearn : AdaptationRun
        Starts from the states left after adaptation and reversal (or washout).
    criterion : float
        Output that counts as learned (units of the perturbation).
    naive_trials, relearn_trials : int
        Trials to reach the criterion.
    """

    naive: AdaptationRun
    relearn: AdaptationRun
    criterion: float
    naive_trials: int
    relearn_trials: int

    @property
    def ratio(self) -> float:
        """Naive over relearning trials to criterion (> 1 means savings; ``inf`` if none needed)."""
        if self.relearn_trials == 0:
            return float("inf")
        return self.naive_trials / self.relearn_trials


def _trials_to(output: np.ndarray, criterion: float) -> int:
    reached = np.nonzero(output >= criterion)[0]
    if reached.size == 0:
        raise ValueError(f"criterion {criterion} is never reached; lower it or add trials")
    return int(reached[0])


def savings(
    model: AdaptationModel = SMITH2006_TWO_STATE,
    n_adapt: int = SAVINGS.n_adapt,
    washout: int | None = None,
    criterion: float = SAVINGS.criterion,
    n_relearn: int = SAVINGS.n_relearn,
) -> Savings:
    """Adapt, undo the adaptation, then relearn; compare with naive learning.

    Defaults from :data:`SAVINGS`.

    Parameters
    ----------
    model : AdaptationModel
    n_adapt : int
        Adaptation trials before the break.
    washout : int or None
        ``None``: reverse the perturbation until the output reaches zero (the
        paradigm in which Smith et al.'s model predicts savings). An integer:
        that many null trials (perturbation 0) instead.
    criterion : float
        Output that counts as learned, in (0, 1).
    n_relearn : int
        Trials simulated in each learning phase.
    """
    level = check_number("criterion", criterion, low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
    nr = _trials("n_relearn", n_relearn)
    if washout is None:
        undone = spontaneous_recovery(model, n_adapt, n_clamp=1)
        states = undone.run.states[undone.n_adapt + undone.n_reverse]
    else:
        nw = check_integer("washout", washout, low=0, high=100_000)
        na = _trials("n_adapt", n_adapt)
        run = simulate_adaptation(model, np.r_[np.ones(na), np.zeros(nw + 1)])
        states = run.states[-1]
    naive = simulate_adaptation(model, np.ones(nr))
    relearn = simulate_adaptation(model, np.ones(nr), initial=states)
    return Savings(naive, relearn, level, _trials_to(naive.output, level), _trials_to(relearn.output, level))
