"""Checks for Chapter 4's exercises: sleep, replay and downscaling.

The models are those of :mod:`memsim.sleep`: the Brian2 sequence network
that practises Walker et al.'s (2002) finger-tapping sequence, replays it in
sleep through pair-based STDP and is then downscaled by hand after the
synaptic homeostasis hypothesis (de Vivo et al. 2017); and the numpy model of
Hoel's (2021) overfitted-brain hypothesis, a readout trained with and without
noisy "dreamed" copies of its examples.

Each check recomputes the answer with the memsim call the chapter's solution
makes and never shows it. The network is compiled once per process, and its
runs are remembered (:func:`memsim.sleep.clear_run_cache`), so in the chapter
a check repeats no run; on its own a check runs the network for about a
second.

References
----------
Walker MP, Brakefield T, Morgan A, Hobson JA, Stickgold R (2002). Neuron 35:205-211.
de Vivo L et al. (2017). Science 355:507-510.
Hoel E (2021). Patterns 2:100244.
"""

from __future__ import annotations

from collections.abc import Callable

from memsim import sleep
from memsim.check import _core
from memsim.check._core import Feedback, Tolerance

__all__ = ["CHECKS", "DREAM_NOISES", "ch4_dreams", "ch4_naive", "ch4_uniform"]

#: The dream exercise's noise levels (units of the spread of the inputs).
DREAM_NOISES: tuple[float, ...] = (0.1, 0.5, 1.0, 2.0, 5.0)


# ---------------------------------------------------------------------------
# ex-ch4-naive
# ---------------------------------------------------------------------------


def _naive_error_pct() -> float:
    """Recall errors (%) of the naive network after the chapter's first sleep, as the solution computes them."""
    night = sleep.NIGHT
    seed = night.seeds[0]
    slept = sleep.sleep(sleep.initial_weights(seed), seed=seed + night.sleep_seed_offset)
    return 100 * sleep.recall_test(slept.weights, seed=seed + night.test_seed_offset).error_rate


def ch4_naive(error_pct: float | None) -> Feedback:
    """Check the recall errors after sleep without practice (exercise ``ex-ch4-naive``).

    Parameters
    ----------
    error_pct : float or None
        Percentage of recall trials (0 to 100) with a missing or out-of-order
        element, when the naive network (``initial_weights(0)``) has slept
        with the seed of the chapter's first sleep and is tested with the
        seed of its recall tests.

    Returns
    -------
    Feedback
        Right within half a percentage point, which admits rounding to a whole
        percent; close within 10, a guess near the answer. A recall test has
        few trials, so one trial more or less moves the rate by far more
        than 10 points: that is a different answer.
    """
    return _core.numeric(
        "ex-ch4-naive",
        error_pct,
        _naive_error_pct,
        name="error_pct",
        what="the percentage of failed recall trials (%)",
        tolerance=Tolerance(right=0.5, close=10.0, relative=False),
        unit="percentage points",
        hint="replay can only strengthen an order that the weights already hold, and the naive forward and "
        "backward weights are equal on average.",
    )


# ---------------------------------------------------------------------------
# ex-ch4-uniform
# ---------------------------------------------------------------------------


def _uniform_factor() -> float:
    """Forward-to-backward ratio after uniform downscaling over the ratio before, on the chapter's slept weights."""
    weights = sleep.night_vs_day(seed=sleep.NIGHT.seeds[0]).slept.weights
    scaled = sleep.downscale(weights, sleep.DOWNSCALING.strength, spare_percentile=100.0)
    return sleep.signal_to_noise(scaled) / sleep.signal_to_noise(weights)


def ch4_uniform(factor: float | None) -> Feedback:
    """Check how uniform downscaling changes the forward-to-backward ratio (exercise ``ex-ch4-uniform``).

    Parameters
    ----------
    factor : float or None
        The forward-to-backward weight ratio after uniform downscaling at
        the chapter's strength, divided by the ratio before it
        (dimensionless), for the network after the chapter's first sleep.

    Returns
    -------
    Feedback
        Right within 1 %, close within 5 %: the answer is asked to two
        decimals, and a factor a few percent off means a scaling that treats
        the two directions differently.
    """
    return _core.numeric(
        "ex-ch4-uniform",
        factor,
        _uniform_factor,
        name="factor",
        what="the change of the forward-to-backward ratio (factor, dimensionless)",
        tolerance=Tolerance(right=0.01, close=0.05),
        hint="ask whether uniform scaling treats the forward synapses any differently from the backward ones.",
    )


# ---------------------------------------------------------------------------
# ex-ch4-dreams
# ---------------------------------------------------------------------------


def _best_dream_noise() -> float:
    """The exercise's noise level with the highest mean held-out accuracy with dreams."""
    accuracy = {
        noise: float(sleep.dream_generalisation(n_seeds=sleep.DREAMS.n_seeds, dream_noise=noise).test_dream.mean())
        for noise in DREAM_NOISES
    }
    return max(DREAM_NOISES, key=lambda noise: accuracy[noise])


def ch4_dreams(noise: float | None) -> Feedback:
    """Check the dream noise that generalises best (exercise ``ex-ch4-dreams``).

    Parameters
    ----------
    noise : float or None
        The one of :data:`DREAM_NOISES` (in units of the spread of the
        inputs) whose dreamed copies give the highest held-out accuracy,
        averaged over the chapter's repetitions.

    Returns
    -------
    Feedback
        Right within 1 %, with no close band: the answer is one of five
        levels at least a factor of 2 apart, so any other value is a
        different answer, not a rounding of this one.
    """
    return _core.numeric(
        "ex-ch4-dreams",
        noise,
        _best_dream_noise,
        name="noise",
        what="the dream noise (units of the input spread)",
        tolerance=Tolerance(right=0.01, close=0.01),
        hint="too little noise repeats the same examples and too much blurs the two classes, so the best "
        "regulariser lies where neither happens.",
    )


#: This chapter's checks, by exercise label.
CHECKS: dict[str, Callable[..., Feedback]] = {
    "ex-ch4-naive": ch4_naive,
    "ex-ch4-uniform": ch4_uniform,
    "ex-ch4-dreams": ch4_dreams,
}
