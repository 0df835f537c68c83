"""Checks for Chapter 3's exercises: the muscle's own memory.

The chapter's model is the myonuclear-domain model of one muscle fibre
(:mod:`memsim.myonuclei`), calibrated to the mouse experiments of Egner et al.
(2013, steroid episode, withdrawal and overload retest) and Bruusgaard et al.
(2009, 2010, overload then denervation), and set beside Psilander et al.'s
(2019) human training study with the ceiling view of the domain theory
(Conceição et al. 2018). Each check runs the model as the book's solution
does, through :mod:`memsim.myonuclei`, at the moment of checking:

* :func:`ch3_halflife`: the shortest nuclear half-life that keeps 20 % growth
  at Egner's retest;
* :func:`ch3_order`: whether nuclei or size rise first in Bruusgaard's overload;
* :func:`ch3_design`: a training design that adds nuclei to the ceiling
  fibre, run through the model, and (optionally) its regrowth advantage.

References
----------
Egner IM, Bruusgaard JC, Eftestøl E, Gundersen K (2013). J Physiol 591:6221-6230.
Bruusgaard JC, Johansen IB, Egner IM, Rana ZA, Gundersen K (2010). PNAS 107:15111-15116.
Psilander N et al. (2019). J Appl Physiol 126:1636-1645.
Conceição MS et al. (2018). Med Sci Sports Exerc 50:1385-1393.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from memsim import myonuclei
from memsim.check._core import Feedback, Tolerance, as_number, choice, no_answer, numeric
from memsim.core.validation import check_number

__all__ = ["CHECKS", "ch3_design", "ch3_halflife", "ch3_order"]

# The questions' own parameters (stated in the exercises), not their answers.
_RETEST_GROWTH_PCT = 20.0  # treated growth at Egner's retest, %
_DESIGN_NUCLEI_PCT = 10.0  # extra nuclei the design must add, %
_DESIGN_CLOSE_PP = 1.0  # a design this many points short of it is close
_RETRAIN_WEEKS = 1.0  # retraining after which the regrowth advantage is read, weeks
_MAX_TRAIN_WEEKS = 520.0  # the model's longest training plan, weeks (ten years)

_HALFLIFE_TOLERANCE = Tolerance(right=0.03, close=0.10)
_DIFFERENCE_TOLERANCE = Tolerance(right=0.05, close=0.20)
_ORDER_OPTIONS = ("nuclei", "size", "together")


def _treated_growth_pct(half_life_days: float) -> float:
    """CSA growth of the treated muscle at Egner's retest (%), default fibre with this half-life (days)."""
    params = replace(myonuclei.DEFAULT, half_life_days=half_life_days)
    return float(myonuclei.egner_protocol(params)["treated_growth_pct"])


def _shortest_half_life(threshold_pct: float) -> float:
    """Shortest nuclear half-life (days) with at least ``threshold_pct`` treated growth at the retest.

    Bisection on a log scale; the treated growth rises with the half-life.
    The bracket starts at 1 day and at the default (long) half-life, and
    widens up to 1e6 days if the default does not reach the threshold.
    """
    low, high = 1.0, float(myonuclei.DEFAULT.half_life_days)
    if _treated_growth_pct(low) >= threshold_pct:
        return low
    while _treated_growth_pct(high) < threshold_pct:
        if high >= 1e6:
            raise RuntimeError(f"the treated growth stays below {threshold_pct} % for half-lives up to {high} days")
        low, high = high, min(10.0 * high, 1e6)
    while high / low > 1.0 + 1e-6:  # growth(low) < threshold <= growth(high)
        middle = math.sqrt(low * high)
        if _treated_growth_pct(middle) >= threshold_pct:
            high = middle
        else:
            low = middle
    return high


def ch3_halflife(half_life_days: float | None) -> Feedback:
    """Check ``ex-ch3-halflife``: how long extra nuclei must live for the retest to show growth.

    Parameters
    ----------
    half_life_days : float or None
        The shortest half-life of the extra nuclei (days) for which the
        treated muscle of the default fibre still grows by at least 20 % in
        the overload of Egner et al.'s retest (``myonuclei.egner_protocol``,
        ``treated_growth_pct``), all other parameters at their defaults.

    Returns
    -------
    Feedback
        Right within 3 % of the half-life found by bisection: a scan in steps
        of 5 days, or the answer rounded to the nearest 5 days, lands inside.
        Close within 10 %, a scan in steps of tens of days.

    Raises
    ------
    TypeError, ValueError
        If ``half_life_days`` is not a finite number.
    """
    arguments: dict[str, Any] = {
        "name": "half_life_days",
        "what": "the half-life in days",
        "tolerance": _HALFLIFE_TOLERANCE,
        "hint": (
            "the treated growth rises with the half-life, so narrow down, by a scan or a bisection on "
            "half_life_days with the other parameters at their defaults, where it first reaches 20 %."
        ),
    }
    return numeric("ex-ch3-halflife", half_life_days, lambda: _shortest_half_life(_RETEST_GROWTH_PCT), **arguments)


def _first_to_rise() -> str:
    """``"nuclei"``, ``"size"`` or ``"together"``: which rises 10 % first in Bruusgaard's overload (default fibre)."""
    trajectory = myonuclei.bruusgaard_protocol()
    rise = myonuclei.BRUUSGAARD.onset_rise
    nuclei_day = myonuclei.onset_day(trajectory.t_days, trajectory.nuclei, rise)
    size_day = myonuclei.onset_day(trajectory.t_days, trajectory.area, rise)
    if nuclei_day < size_day:
        return "nuclei"
    if size_day < nuclei_day:
        return "size"
    return "together"


def ch3_order(first: str | None) -> Feedback:
    """Check ``ex-ch3-order``: in the default model, do nuclei or size rise first?

    Parameters
    ----------
    first : str or None
        ``"nuclei"``, ``"size"`` or ``"together"`` (on the same day): which
        first rises by 10 % above its start (the chapter's onset criterion)
        in Bruusgaard et al.'s overload, ``myonuclei.bruusgaard_protocol``
        with the default fibre. Case and surrounding spaces are ignored.

    Returns
    -------
    Feedback
        Right or wrong; no tolerance (one of three options), compared with
        the onset days ``myonuclei.onset_day`` finds in the model's trajectory.

    Raises
    ------
    ValueError
        If ``first`` is not one of the three options.
    """
    return choice(
        "ex-ch3-order",
        first,
        _first_to_rise,
        name="first",
        options=_ORDER_OPTIONS,
        hint=(
            "compare the days on which the number of nuclei and the cross-sectional area first rise "
            "10 % above their start in Bruusgaard's overload, and remember what drives fusion in the model."
        ),
    )


def _design_runs(load: float, train_weeks: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """The design on the ceiling fibre with long-lived and with short-lived extra nuclei.

    Train at ``load`` (target CSA, relative to control) for ``train_weeks``,
    stop for Psilander et al.'s detraining weeks, retrain for one week.
    """
    ceiling = myonuclei.with_domain_ceiling(myonuclei.DEFAULT)
    off_weeks = myonuclei.PSILANDER.detrain_weeks
    long_lived = myonuclei.regrowth_advantage(train_weeks, off_weeks, _RETRAIN_WEEKS, ceiling, load=load)
    short_lived = myonuclei.regrowth_advantage(
        train_weeks, off_weeks, _RETRAIN_WEEKS, myonuclei.short_half_life(ceiling), load=load
    )
    return long_lived, short_lived


def _extra_nuclei_pct(run: dict[str, Any], train_weeks: float) -> float:
    """Peak extra nuclei of the trained fibre before retraining begins (%, relative to control)."""
    trained = run["trained"]
    before_retraining = trained.t_days <= 7.0 * (train_weeks + myonuclei.PSILANDER.detrain_weeks)
    return float(100.0 * (np.max(trained.nuclei[before_retraining]) - 1.0))


def ch3_design(load: float | None, train_weeks: float | None, difference_pp: float | None = None) -> Feedback:
    """Check ``ex-ch3-design``: a training design that adds nuclei to the ceiling fibre.

    Parameters
    ----------
    load : float or None
        The training load: the target CSA it sets, relative to control
        (1 = untrained), in [0, 10].
    train_weeks : float or None
        How long the fibre trains at that load (weeks), in (0, 520].
    difference_pp : float or None, optional
        The regrowth advantage of the design with long-lived nuclei minus the
        advantage with short-lived nuclei (percentage points), after
        Psilander et al.'s detraining and one week of retraining at the same
        load (``myonuclei.regrowth_advantage``). Leave it out to check the
        design alone.

    Returns
    -------
    Feedback
        The design is run through the model on the ceiling fibre
        (``myonuclei.with_domain_ceiling``, long-lived nuclei). It is right if
        the fibre's nuclei peak at least 10 % above control before retraining
        begins (the exercise's own bar, so no tolerance below it makes it
        right), close within 1 point of that bar, wrong otherwise. A given
        ``difference_pp`` is then compared with the model's difference for
        the same design: right within 5 % (the two advantages, a few points
        each, are read rounded to a tenth of a point), close within 20 %.

    Raises
    ------
    TypeError, ValueError
        If ``load``, ``train_weeks`` or ``difference_pp`` is not a finite
        number, or ``load`` or ``train_weeks`` is out of range.
    """
    exercise = "ex-ch3-design"
    if load is None or train_weeks is None:
        return no_answer(exercise, "a training load (relative to control) and a training time (weeks)")
    load_value = check_number("load", load, low=0.0, high=10.0)
    weeks = check_number("train_weeks", train_weeks, low=0.0, high=_MAX_TRAIN_WEEKS, low_inclusive=False)
    what_difference = "the difference in regrowth advantage in percentage points"
    if difference_pp is not None:
        as_number(difference_pp, "difference_pp", what_difference)
    long_run, short_run = _design_runs(load_value, weeks)
    extra = _extra_nuclei_pct(long_run, weeks)
    if extra < _DESIGN_NUCLEI_PCT - _DESIGN_CLOSE_PP:
        return Feedback(
            exercise,
            "wrong",
            "your design adds fewer than 10 % nuclei to the ceiling fibre. Hint: nuclei are added only while "
            "the load demands a domain above the ceiling (ceiling.d_thr), and only as fast as satellite "
            "cells fuse, so look at both the load and the training time.",
        )
    if extra < _DESIGN_NUCLEI_PCT:
        return Feedback(
            exercise,
            "close",
            "your design adds nearly, but not quite, 10 % nuclei to the ceiling fibre; a little more load or "
            "training time will do.",
        )
    design_ok = "your design adds at least 10 % nuclei to the ceiling fibre"
    if difference_pp is None:
        return Feedback(
            exercise,
            "right",
            f"{design_ok}. Now compute its regrowth advantage for both half-lives and pass the difference "
            "as difference_pp to check that too.",
        )
    expected = float(long_run["advantage_pp"]) - float(short_run["advantage_pp"])
    verdict = numeric(
        exercise,
        difference_pp,
        expected,
        name="difference_pp",
        what=what_difference,
        tolerance=_DIFFERENCE_TOLERANCE,
        hint=(
            "run myonuclei.regrowth_advantage for your design on the ceiling fibre with the long and with the "
            "short half-life, after the detraining and one week of retraining, and subtract the two advantages."
        ),
    )
    return Feedback(exercise, verdict.verdict, f"{design_ok}; {verdict.message}")


#: This chapter's checks, by exercise label.
CHECKS: dict[str, Callable[..., Feedback]] = {
    "ex-ch3-halflife": ch3_halflife,
    "ex-ch3-order": ch3_order,
    "ex-ch3-design": ch3_design,
}
