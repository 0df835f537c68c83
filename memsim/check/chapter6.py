"""Checks for Chapter 6's exercises: three learners, and how a skill settles.

Each check recomputes the answer with the calls that the chapter's solution
makes, when it runs:

* ``ex-ch6-lms`` and ``ex-ch6-lesion``: the cerebellar adaptive filter trained
  by the least-mean-squares rule (Marr 1969, Albus 1971, Dean et al. 2010) in
  Martin et al.'s (1996) prism-throwing design
  (:func:`memsim.systems.simulate_prism`, :func:`memsim.systems.trials_to_fraction`);
  the learner writes a function, which the check runs on cases the exercise
  did not show;
* ``ex-ch6-trace``: temporal-difference learning with an eligibility trace,
  TD(lambda) (Sutton & Barto 2018), in the conditioning task of Schultz,
  Dayan & Montague (1997) (:func:`memsim.systems.condition`);
* ``ex-ch6-rest``: the competitive motor map after Wenger et al.'s (2017)
  weeks of practice (:func:`memsim.systems.practise_map`);
* ``ex-ch6-saturation``: anterograde interference in Smith et al.'s (2006)
  two-state model against Sing & Smith's (2010) saturation
  (:func:`memsim.systems.interference_saturation`, the range from
  :mod:`memsim.literature`).

References
----------
Marr D (1969). J Physiol 202:437-470. :cite:`marr1969theory`
Albus JS (1971). Math Biosci 10:25-61. :cite:`albus1971theory`
Dean P, Porrill J, Ekerot C-F, Jörntell H (2010). Nat Rev Neurosci 11:30-43. :cite:`dean2010cerebellar`
Martin TA, Keating JG, Goodkin HP, Bastian AJ, Thach WT (1996). Brain 119:1183-1198. :cite:`martin1996throwing`
Schultz W, Dayan P, Montague PR (1997). Science 275:1593-1599. :cite:`schultz1997neural`
Sutton RS, Barto AG (2018). Reinforcement Learning: An Introduction. MIT Press. :cite:`sutton2018reinforcement`
Wenger E et al. (2017). Cereb Cortex 27:2911-2925. :cite:`wenger2017repeated`
Smith MA, Ghazizadeh A, Shadmehr R (2006). PLoS Biol 4:e179. :cite:`smith2006interacting`
Sing GC, Smith MA (2010). PLoS Comput Biol 6:e1000893. :cite:`sing2010reduction`
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from memsim import literature, retention, systems
from memsim.check._core import Feedback, Tolerance, code, numeric

__all__ = ["CHECKS", "ch6_lesion", "ch6_lms", "ch6_rest", "ch6_saturation", "ch6_trace"]

# --------------------------------------------------------------------------- the cerebellum (code answers)

#: New cases for ``correction(prism_deg, learning_rate, n)``: prisms (degrees), learning rates and
#: counts of prism throws that the exercise does not show (it shows a 10-degree prism and eta = 0.2).
LMS_CASES: tuple[dict[str, float | int], ...] = (
    {"prism_deg": 7.5, "learning_rate": 0.35, "n": 4},
    {"prism_deg": -12.0, "learning_rate": 0.08, "n": 15},
    {"prism_deg": 25.0, "learning_rate": 0.6, "n": 1},
    {"prism_deg": 4.0, "learning_rate": 0.15, "n": 40},
)

#: The after-effect counts as washed out at this fraction of the first throw's error (a tenth).
WASHOUT_FRACTION = 0.1
#: Throws with prisms and after them in the solution's long schedule: enough to adapt and wash out fully.
LONG_PRISM_THROWS, LONG_AFTER_THROWS = 400, 400
#: New learning rates for ``washout_throws(learning_rate)``, none of them the default learner's rate or
#: one of its lesioned fractions that the solution prints, and none whose exact count is a whole number
#: (where rounding up and the simulation's count could part by floating-point noise).
LESION_CASES: tuple[dict[str, float], ...] = (
    {"learning_rate": 0.04},
    {"learning_rate": 0.15},
    {"learning_rate": 0.35},
    {"learning_rate": 0.6},
)


def _prism_correction(prism_deg: float, learning_rate: float, n: int) -> float:
    """The one-site learner's correction after ``n`` throws with the prism on (degrees)."""
    schedule = systems.PrismSchedule(prism_deg=prism_deg, n_prism=n, n_after=1)
    run = systems.simulate_prism(systems.CerebellarLearner.single(learning_rate), schedule)
    return float(run.correction[schedule.prism_off])


def ch6_lms(correction: Callable[..., float] | None) -> Feedback:
    """Check the closed form of the one-target correction (ex-ch6-lms).

    Parameters
    ----------
    correction : callable or None
        Your function ``correction(prism_deg, learning_rate, n)``: the
        learned correction (degrees) of a one-site learner without forgetting
        (``a = 1``) after ``n >= 1`` throws through a prism of ``prism_deg``
        degrees, starting from no correction.

    Returns
    -------
    Feedback
        Run on four new prisms, learning rates and throw counts against the
        simulated learner. Right within a relative 1e-6 (for one target the
        closed form is exact, so only floating-point rounding separates it
        from the simulation), close within 0.1 % (e.g. rounded constants).
    """
    return code(
        "ex-ch6-lms",
        correction,
        _prism_correction,
        LMS_CASES,
        name="correction",
        tolerance=Tolerance(1e-6, 1e-3),
        hint="each throw corrects the fraction eta of the error that is left, so the error left after n throws "
        "shrinks geometrically from the prism's displacement, and the correction is the part no longer error.",
    )


def _washout_throws(learning_rate: float) -> float:
    """Throws until the after-effect of a full adaptation is down to a tenth, as the solution counts them."""
    run = systems.simulate_prism(
        systems.CerebellarLearner.single(learning_rate),
        systems.PrismSchedule(n_prism=LONG_PRISM_THROWS, n_after=LONG_AFTER_THROWS),
    )
    return float(systems.trials_to_fraction(run.after_errors, WASHOUT_FRACTION))


def ch6_lesion(washout_throws: Callable[..., float] | None) -> Feedback:
    """Check the washout count as a function of the learning rate (ex-ch6-lesion).

    Parameters
    ----------
    washout_throws : callable or None
        Your function ``washout_throws(learning_rate)``: for a one-site
        learner with learning rate ``0 < learning_rate < 1`` that has fully
        adapted, the number of throws after the first throw without prisms
        until the after-effect is at most a tenth of that first throw's
        (a whole number of throws).

    Returns
    -------
    Feedback
        Run on four new learning rates against the simulated washout. Right
        only when exact (the simulation counts whole throws), close within
        1 throw (rounded to the nearest throw instead of up, or not rounded).
    """
    return code(
        "ex-ch6-lesion",
        washout_throws,
        _washout_throws,
        LESION_CASES,
        name="washout_throws",
        tolerance=Tolerance(0.0, 1.0, relative=False),
        hint="after the prisms come off, the error shrinks by the same factor 1 - eta on every throw; "
        "find the first whole throw at which that product is down to a tenth.",
    )


# --------------------------------------------------------------------------- the basal ganglia

#: The exercise's grid of trace decays (lambda, steps of 0.1) and its criterion (fraction of the reward).
TRACE_GRID = tuple(round(0.1 * k, 1) for k in range(11))
TRACE_CRITERION = 0.1


def _smallest_trace() -> float:
    """The smallest lambda on the grid whose largest response between cue and reward is below the criterion."""
    for trace in TRACE_GRID:
        if (
            systems.condition(systems.TDLearner(trace_decay=trace), systems.CONDITIONING).intermediate_peak()
            < TRACE_CRITERION
        ):
            return trace
    raise RuntimeError("no trace decay on the exercise's grid meets its criterion: the exercise needs rewriting")


def ch6_trace(trace_decay: float | None) -> Feedback:
    """Check the smallest eligibility trace that makes the shift jump (ex-ch6-trace).

    Parameters
    ----------
    trace_decay : float or None
        The smallest lambda on the grid 0, 0.1, ..., 1 for which
        ``intermediate_peak()`` of the chapter's conditioning run is below
        0.1 of the reward (dimensionless).

    Returns
    -------
    Feedback
        Right within 0.01 (the answer is a grid value, so this only absorbs
        how it was typed), close within 0.11: one step of the grid off, e.g.
        the last lambda that still fails the criterion.
    """
    return numeric(
        "ex-ch6-trace",
        trace_decay,
        _smallest_trace,
        name="trace_decay",
        what="the smallest trace decay lambda",
        tolerance=Tolerance(0.01, 0.11, relative=False),
        hint="a longer trace lets the reward's error reach the cue directly, so the response between cue "
        "and reward falls as lambda grows: scan upwards from 0 and stop at the first lambda below the criterion.",
    )


# --------------------------------------------------------------------------- the cortex

#: Days of ordinary use after training in the solution: a year.
REST_DAYS = 52 * 7
DAYS_PER_WEEK = 7


def _weeks_to_half() -> float:
    """Weeks after training until the digits' extra share is at most half of that at the end of training."""
    run = systems.practise_map(systems.MotorMap(), systems.PracticeSchedule(rest_days=REST_DAYS))
    digits = run.of("digits")
    extra = digits - digits[0]
    end = run.schedule.training_days
    halved = np.nonzero(extra[end:] <= extra[end] / 2)[0]
    if halved.size == 0:
        raise RuntimeError("the digits' extra share does not halve within the rest: the exercise needs rewriting")
    return float(halved[0]) / DAYS_PER_WEEK


def ch6_rest(weeks: float | None) -> Feedback:
    """Check how fast the map gives back the digits' extra space (ex-ch6-rest).

    Parameters
    ----------
    weeks : float or None
        Weeks of ordinary use, counted from the end of training, until the
        digits' extra share of the map (above their share before training)
        has fallen to half of what it was at the end of training (to 0.1
        week).

    Returns
    -------
    Feedback
        Right within 0.1 week (less than the one day with which the map is
        updated, so a count rounded to 0.1 week is right), close within 0.5
        week.
    """
    return numeric(
        "ex-ch6-rest",
        weeks,
        _weeks_to_half,
        name="weeks",
        what="the weeks until the extra share halves",
        tolerance=Tolerance(0.1, 0.5, relative=False),
        unit="weeks",
        hint="measure the extra share against the share before training, and count the weeks from the end "
        "of training, not from its start.",
    )


# --------------------------------------------------------------------------- consolidation

#: The exercise's grid of slow-process error sensitivities B_s (per trial); A_s, A_f and B_f are kept.
SATURATION_GRID = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)


def _smallest_saturating_b() -> float:
    """The smallest B_s on the grid whose interference levels off within Sing & Smith's range."""
    sing = literature.get("sing2010.saturation")
    low, high = sing.value * (1 - sing.rel_tolerance), sing.value * (1 + sing.rel_tolerance)
    longest = int(literature.get("sing2010.longest_a").value)
    window = int(literature.get("sing2010.window").value)
    fit = retention.SMITH2006_TWO_STATE
    for b_slow in SATURATION_GRID:
        model = retention.AdaptationModel(fit.retention, (fit.learning_rate[0], b_slow), "two-state")
        if low <= systems.interference_saturation(model, longest, window=window) <= high:
            return b_slow
    raise RuntimeError("no B_s on the exercise's grid saturates in Sing & Smith's range: the exercise needs rewriting")


def ch6_saturation(b_slow: float | None) -> Feedback:
    """Check the slow process's error sensitivity that matches Sing & Smith (ex-ch6-saturation).

    Parameters
    ----------
    b_slow : float or None
        The smallest ``B_s`` (per trial) on the grid 0.005, 0.01, 0.02, 0.05,
        0.1, 0.2, 0.5 for which the two-state model's anterograde
        interference levels off within Sing & Smith's range of trials of A.

    Returns
    -------
    Feedback
        Right within 1 % (the answer is a grid value, so this only absorbs
        how it was typed). No separate close band: neighbouring grid values
        are at least twice apart, so a neighbour is wrong, not close.
    """
    return numeric(
        "ex-ch6-saturation",
        b_slow,
        _smallest_saturating_b,
        name="b_slow",
        what="the smallest B_s on the grid",
        tolerance=Tolerance(0.01, 0.01),
        hint="a larger B_s fills the slow process sooner, so the interference it carries levels off sooner: "
        "go up the grid and stop at the first B_s whose saturation lies inside the range, at both of its ends.",
    )


#: This chapter's checks, by exercise label.
CHECKS: dict[str, Callable[..., Feedback]] = {
    "ex-ch6-lms": ch6_lms,
    "ex-ch6-trace": ch6_trace,
    "ex-ch6-rest": ch6_rest,
    "ex-ch6-saturation": ch6_saturation,
    "ex-ch6-lesion": ch6_lesion,
}
