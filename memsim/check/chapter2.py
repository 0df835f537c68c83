"""Checks for Chapter 2's exercises: retention, forgetting and "dusting off".

The chapter's two models, each run by the checks exactly as the book's
solutions run them (through :mod:`memsim.retention`, at the moment of checking):

* the cascade synapse of Fusi, Drew & Abbott (2005), whose memory lifetime
  grows with practice (:func:`ch2_practice`);
* the two-state model of motor adaptation of Smith, Ghazizadeh & Shadmehr
  (2006) and its single-state comparison: the single state's output in an
  error clamp (:func:`ch2_single`, a function the learner writes) and the
  washout that erases the two-state model's savings (:func:`ch2_washout`).

References
----------
Fusi S, Drew PJ, Abbott LF (2005). Neuron 45:599-611.
Smith MA, Ghazizadeh A, Shadmehr R (2006). PLoS Biol 4:e179.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from memsim import retention
from memsim.check._core import Feedback, Tolerance, code, numeric

__all__ = ["CHECKS", "ch2_practice", "ch2_single", "ch2_washout"]

# The questions' own parameters (stated in the exercises), not their answers.
_FEWER_REPETITIONS = 32
_MORE_REPETITIONS = 64
_SAVINGS_THRESHOLD = 1.1

#: Cases the single-state exercise never shows: retention factor ``a``, start
#: ``x0`` (units of the perturbation, both signs, never 0) and trials ``n``
#: (including none, and a process that never decays).
_CLAMP_CASES: tuple[dict[str, float | int], ...] = (
    {"a": 0.97, "x0": 0.8, "n": 12},
    {"a": 0.9, "x0": -0.35, "n": 5},
    {"a": 0.995, "x0": 1.3, "n": 150},
    {"a": 0.85, "x0": -1.1, "n": 0},
    {"a": 1.0, "x0": 0.25, "n": 40},
)

_PRACTICE_TOLERANCE = Tolerance(right=0.01, close=0.05)
_SINGLE_TOLERANCE = Tolerance(right=1e-6, close=1e-3)
_WASHOUT_TOLERANCE = Tolerance(right=0.5, close=10.0, relative=False)


def _practice_ratio() -> float:
    """Lifetime after 64 repetitions over that after 32, in the chapter's cascade (dimensionless)."""
    practice = retention.PRACTICE
    cascade = retention.cascade_synapse(practice.n_levels)

    def lifetime(repetitions: int) -> float:
        return retention.memory_lifetime(cascade, practice.n_synapses, repetitions, practice.spacing)

    return lifetime(_MORE_REPETITIONS) / lifetime(_FEWER_REPETITIONS)


def ch2_practice(ratio: float | None) -> Feedback:
    """Check ``ex-ch2-practice``: how much longer 64 repetitions keep a memory than 32.

    Parameters
    ----------
    ratio : float or None
        The memory lifetime after 64 repetitions divided by the lifetime after
        32 (dimensionless), in the chapter's cascade synapse with its number
        of synapses and spacing between repetitions.

    Returns
    -------
    Feedback
        Right within 1 % of the ratio ``retention.memory_lifetime`` gives
        (rounding to two decimals moves a ratio near 2 by under 0.3 %, and
        the lifetimes are interpolated on a fine grid); close within 5 %.

    Raises
    ------
    TypeError, ValueError
        If ``ratio`` is not a finite number.
    """
    return numeric(
        "ex-ch2-practice",
        ratio,
        _practice_ratio,
        name="ratio",
        what="the lifetime ratio",
        tolerance=_PRACTICE_TOLERANCE,
        hint=(
            "compute the lifetime with retention.memory_lifetime for each number of repetitions, "
            "with the chapter's cascade, number of synapses and spacing, then divide the longer by the shorter."
        ),
    )


def _clamp_reference(a: float, x0: float, n: int) -> float:
    """The single-state output after ``n`` error-clamp trials from ``x0``, simulated trial by trial."""
    model = retention.AdaptationModel((a,), (0.0,), "single-state")
    trials = n + 1
    run = retention.simulate_adaptation(
        model, np.zeros(trials), clamp=np.ones(trials, dtype=bool), initial=np.array([x0])
    )
    return float(run.output[n])


def ch2_single(clamp_output: Callable[..., float] | None) -> Feedback:
    """Check ``ex-ch2-single``: the single-state model's output in an error clamp, in closed form.

    Parameters
    ----------
    clamp_output : callable or None
        The learner's function ``clamp_output(a, x0, n)``: the output ``x(n)``
        (units of the perturbation) after ``n`` error-clamp trials (a whole
        number, ``n >= 0``) of a single process with retention factor ``a``
        (per trial, in (0, 1]) that starts at ``x0``.

    Returns
    -------
    Feedback
        The function is run on cases the exercise does not show and compared
        with ``retention.simulate_adaptation`` run trial by trial through the
        clamp. Right within a relative 1e-6 on every case (a closed form and
        ``n`` multiplications differ only by floating-point rounding); close
        within 0.1 % (a formula that is nearly, but not exactly, the model's).

    Raises
    ------
    TypeError
        If ``clamp_output`` is not callable.
    """
    return code(
        "ex-ch2-single",
        clamp_output,
        _clamp_reference,
        _CLAMP_CASES,
        name="clamp_output",
        tolerance=_SINGLE_TOLERANCE,
        hint="on an error-clamp trial the error is zero, so each trial only multiplies the state by A.",
    )


def _first_washout_below(threshold: float) -> int:
    """The fewest null washout trials after which the savings ratio is below ``threshold`` (trials).

    Bisection on the washout length; the savings ratio falls as the washout
    lengthens. The upper end starts at the chapter's long washout and doubles
    until the ratio there is below the threshold.
    """

    def ratio(washout: int) -> float:
        return retention.savings(washout=washout).ratio

    low = 0
    if ratio(low) < threshold:
        return low
    high = retention.SAVINGS.long_washout
    while ratio(high) >= threshold:
        if high >= 100_000:
            raise RuntimeError(f"the savings ratio stays at or above {threshold} for washouts up to {high} trials")
        low, high = high, min(2 * high, 100_000)
    while high - low > 1:  # ratio(low) >= threshold > ratio(high)
        middle = (low + high) // 2
        if ratio(middle) < threshold:
            high = middle
        else:
            low = middle
    return high


def ch2_washout(trials: float | None) -> Feedback:
    """Check ``ex-ch2-washout``: the washout that erases the two-state model's savings.

    Parameters
    ----------
    trials : int or None
        The fewest null washout trials (a whole number of trials) after which
        the savings ratio of ``retention.savings(washout=trials)`` is below 1.1.

    Returns
    -------
    Feedback
        Right if it is that whole number (within 0.5 trials): the question has
        one answer, found exactly by a scan or a bisection. Close within 10
        trials, an answer from a coarse scan or the last washout still at or
        above 1.1.

    Raises
    ------
    TypeError, ValueError
        If ``trials`` is not a finite number.
    """
    return numeric(
        "ex-ch2-washout",
        trials,
        lambda: float(_first_washout_below(_SAVINGS_THRESHOLD)),
        name="trials",
        what="the number of washout trials",
        tolerance=_WASHOUT_TOLERANCE,
        unit="trials",
        hint=(
            "the savings ratio falls as the washout lengthens, so find the first whole number of null "
            "trials at which it is below 1.1, for example by bisection."
        ),
    )


#: This chapter's checks, by exercise label.
CHECKS: dict[str, Callable[..., Feedback]] = {
    "ex-ch2-practice": ch2_practice,
    "ex-ch2-single": ch2_single,
    "ex-ch2-washout": ch2_washout,
}
