"""Checks for Chapter 5's exercises: sensory input, reflexes and feedback control.

Each check recomputes the answer with the call that the chapter's solution
makes, when it runs:

* ``ex-ch5-giraffe``: the short-latency stretch reflex (SLR) of the Brian2
  reflex network (:func:`memsim.sensory.reflex_latencies`), after the latency
  bands of Pruszynski & Scott (2012), with nerve paths three times as long;
* ``ex-ch5-cues``: the maximum-likelihood combination of a visual and a
  haptic cue (:func:`memsim.sensory.mle_weights`), after Ernst & Banks (2002);
* ``ex-ch5-gains``: the critical delay of a delayed feedback loop without a
  forward model (:func:`memsim.sensory.critical_delay_ms`), after Wolpert,
  Ghahramani & Jordan (1995), with fourfold softer gains.

References
----------
Pruszynski JA, Scott SH (2012). Exp Brain Res 218:341-359. :cite:`pruszynski2012optimal`
Ernst MO, Banks MS (2002). Nature 415:429-433. :cite:`ernst2002humans`
Wolpert DM, Ghahramani Z, Jordan MI (1995). Science 269:1880-1882. :cite:`wolpert1995internal`
"""

from __future__ import annotations

from collections.abc import Callable

import brian2 as b2

from memsim import sensory
from memsim.check._core import Feedback, Tolerance, numeric

__all__ = ["CHECKS", "ch5_cues", "ch5_gains", "ch5_giraffe"]

# The exercises' own parameters (stated in their text), not their answers.
#: How many times longer than the model's default paths the giraffe's nerve paths are.
GIRAFFE_PATH_FACTOR = 3.0
#: The better cue's noise in the chapter's solution (mm); the answer does not depend on it.
CUE_SIGMA_VISUAL_MM = 0.75
#: How many times noisier the worse cue is than the better one.
CUE_NOISE_RATIO = 4.0
#: By how much both feedback gains are divided.
GAIN_DIVISOR = 4.0


def _giraffe_slr_ms() -> float:
    """The SLR latency with both nerve paths tripled, as the solution computes it (ms)."""
    base = sensory.ReflexParameters()
    params = sensory.ReflexParameters(
        afferent_path=GIRAFFE_PATH_FACTOR * base.afferent_path,
        efferent_path=GIRAFFE_PATH_FACTOR * base.efferent_path,
    )
    return float(sensory.reflex_latencies(params)["SLR"] / b2.ms)


def ch5_giraffe(latency_ms: float | None) -> Feedback:
    """Check the giraffe's short-latency reflex (ex-ch5-giraffe).

    Parameters
    ----------
    latency_ms : float or None
        The SLR's onset latency (ms) that the reflex model gives with
        ``afferent_path`` and ``efferent_path`` three times their defaults
        (default seed), to the nearest ms.

    Returns
    -------
    Feedback
        Right within 1 ms, close within 5 ms. The model reads the onset off
        a rate histogram with 1-ms bins, so a bin either way (another seed,
        or a prediction from conduction times alone) is still right; 5 ms
        is less than a tenth of the shift that the longer paths cause.
    """
    return numeric(
        "ex-ch5-giraffe",
        latency_ms,
        _giraffe_slr_ms,
        name="latency_ms",
        what="the giraffe's SLR latency in ms",
        tolerance=Tolerance(1.0, 5.0, relative=False),
        unit="ms",
        hint="the SLR is a single synapse between two nerve paths, so tripling both paths adds "
        "the extra conduction time of each path to the default latency, not the total path time.",
    )


def _cue_gain_pct() -> float:
    """How much the combined JND beats the better cue's, as the solution computes it (%)."""
    _, _, combined = sensory.mle_weights(CUE_SIGMA_VISUAL_MM, CUE_NOISE_RATIO * CUE_SIGMA_VISUAL_MM)
    return 100.0 * (1.0 - combined / CUE_SIGMA_VISUAL_MM)


def ch5_cues(gain_pct: float | None) -> Feedback:
    """Check the gain of combining two unequal cues (ex-ch5-cues).

    Parameters
    ----------
    gain_pct : float or None
        By how much the combined JND is smaller than the better single cue's,
        as a percentage of the better cue's JND, when the other cue is four
        times noisier (to 0.1 %).

    Returns
    -------
    Feedback
        Right within 0.1 percentage points (an answer rounded to 0.1 % is
        right), close within 1 point: the gain is a few percent, and
        comparing variances instead of standard deviations roughly doubles it.
    """
    return numeric(
        "ex-ch5-cues",
        gain_pct,
        _cue_gain_pct,
        name="gain_pct",
        what="the combined JND's gain over the better cue in %",
        tolerance=Tolerance(0.1, 1.0, relative=False),
        unit="percentage points",
        hint="the reliabilities (one over each variance) add, and the JND is a standard deviation, "
        "so compare the combined standard deviation with the better cue's, not the variances or weights.",
    )


def _soft_critical_delay_ms() -> float:
    """The critical delay with both gains divided by four, as the solution computes it (ms)."""
    return sensory.critical_delay_ms(
        position_gain=sensory.POSITION_GAIN / GAIN_DIVISOR, velocity_gain=sensory.VELOCITY_GAIN / GAIN_DIVISOR
    )


def ch5_gains(delay_ms: float | None) -> Feedback:
    """Check the critical delay of the gentle controller (ex-ch5-gains).

    Parameters
    ----------
    delay_ms : float or None
        The longest feedback delay (ms) at which the pure-feedback loop,
        without a forward model, stays stable when ``position_gain`` and
        ``velocity_gain`` are a quarter of their defaults (to the nearest ms).

    Returns
    -------
    Feedback
        Right within 1 % (the critical delay follows exactly from the loop's
        equation, so only rounding separates a right answer), close within
        5 % (an estimate read off simulated reaches, whose 4-ms steps shift
        the boundary).
    """
    return numeric(
        "ex-ch5-gains",
        delay_ms,
        _soft_critical_delay_ms,
        name="delay_ms",
        what="the critical delay with fourfold softer gains in ms",
        tolerance=Tolerance(0.01, 0.05),
        unit="ms",
        hint="the loop turns unstable when the delay uses up the phase lead of the velocity term at the "
        "frequency where the loop's gain is one; softer gains lower that frequency, so pass both softer gains.",
    )


#: This chapter's checks, by exercise label.
CHECKS: dict[str, Callable[..., Feedback]] = {
    "ex-ch5-giraffe": ch5_giraffe,
    "ex-ch5-cues": ch5_cues,
    "ex-ch5-gains": ch5_gains,
}
