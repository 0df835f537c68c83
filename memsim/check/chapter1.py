"""Checks for Chapter 1's exercises: practice strengthens pathways (STDP).

The models are those of :mod:`memsim.pathways`: the pair-based additive STDP
rule in the pairing protocol of Bi & Poo (1998), with the time constants of
Bi & Poo (2001); the all-to-all and nearest-neighbour pairing schemes of
Morrison, Diesmann & Gerstner (2008) in the frequency experiment after
Sjöström, Turrigiano & Nelson (2001); the weight bands of the competition of
Song, Miller & Abbott (2000); and the power-law and exponential practice laws
compared by Heathcote, Brown & Mewhort (2000).

Each check recomputes the answer with the memsim call the chapter's solution
makes (the Brian2 pairing network is compiled once per process; each of its
runs then takes a fraction of a second) and never shows it.

References
----------
Bi G-q, Poo M-m (1998). J Neurosci 18:10464-10472.
Bi G-q, Poo M-m (2001). Annu Rev Neurosci 24:139-166.
Sjöström PJ, Turrigiano GG, Nelson SB (2001). Neuron 32:1149-1164.
Morrison A, Diesmann M, Gerstner W (2008). Biol Cybern 98:459-478.
Song S, Miller KD, Abbott LF (2000). Nat Neurosci 3:919-926.
Heathcote A, Brown S, Mewhort DJK (2000). Psychon Bull Rev 7:185-207.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import brian2 as b2
import numpy as np
from scipy.integrate import quad

from memsim import pathways
from memsim.check import _core
from memsim.check._core import Feedback, Tolerance

__all__ = ["CHECKS", "ch1_averaging", "ch1_balance", "ch1_ratio", "ch1_scheme", "ch1_uniform"]

#: The scheme exercise's threshold: the two schemes "differ" above this (percentage points).
SCHEME_THRESHOLD_PP = 1.0
#: Evenly spaced quantiles of the uniform distribution on [0, g_max]: a uniform start without sampling noise.
UNIFORM_QUANTILES = 100_000
#: The averaging exercise: learners, trials, and the learners' rates and curve (T = floor + height * exp(...)).
AVERAGING_LEARNERS = 8
AVERAGING_TRIALS = 30
AVERAGING_FLOOR_MS, AVERAGING_HEIGHT_MS = 2.0, 10.0
AVERAGING_SPANS = (3.0, 100.0)

#: Rules the balance exercise never shows (amplitudes as fractions of the weight, time constants in ms).
BALANCE_CASES: tuple[dict[str, float], ...] = (
    {"a_plus": 0.02, "tau_plus": 10.0, "a_minus": 0.004, "tau_minus": 30.0},
    {"a_plus": 0.006, "tau_plus": 25.0, "a_minus": 0.009, "tau_minus": 35.0},
    {"a_plus": 0.015, "tau_plus": 18.0, "a_minus": 0.004, "tau_minus": 12.0},
    {"a_plus": 0.003, "tau_plus": 40.0, "a_minus": 0.012, "tau_minus": 20.0},
)


def _combine(exercise: str, parts: Sequence[Feedback]) -> Feedback:
    """One verdict for a two-part answer: the worse part's, with both parts' messages."""
    order = ("right", "close", "wrong")
    worst = max((part.verdict for part in parts), key=order.index)
    messages = [part.message.removesuffix(".") for part in parts]
    return Feedback(exercise, worst, "; ".join(messages) + ".")


# ---------------------------------------------------------------------------
# ex-ch1-ratio
# ---------------------------------------------------------------------------


def _ltd_ratio() -> float:
    """Fitted LTD amplitude with doubled ``A-`` over that of the default rule, as the solution computes it."""
    rule = pathways.STDPRule()
    fits = [
        pathways.fit_stdp_window(result.delta_t, result.weight_change)
        for trial_rule in (rule, dataclasses.replace(rule, a_minus=2 * rule.a_minus))
        for result in [
            pathways.pairing_experiment(protocol=pathways.PAIRING, rule=trial_rule, seed=pathways.PAIRING_SEED)
        ]
    ]
    return fits[1].amplitude_minus / fits[0].amplitude_minus


def ch1_ratio(ratio: float | None) -> Feedback:
    """Check the LTD amplitude ratio after doubling ``A-`` (exercise ``ex-ch1-ratio``).

    Parameters
    ----------
    ratio : float or None
        The LTD amplitude fitted with ``A-`` doubled, divided by the one
        fitted with the chapter's rule (dimensionless), both from Bi & Poo's
        1 Hz protocol with the chapter's seed.

    Returns
    -------
    Feedback
        Right within 2 % of the model's ratio, close within 10 %: the answer
        is asked to two decimals, and the fit of the simulated window moves
        the ratio off its round value by far less than 2 %.
    """
    return _core.numeric(
        "ex-ch1-ratio",
        ratio,
        _ltd_ratio,
        name="ratio",
        what="the LTD amplitude ratio (dimensionless)",
        tolerance=Tolerance(right=0.02, close=0.10),
        hint="at 1 Hz each pair acts alone, so ask how a single pair's depression depends on A-.",
    )


# ---------------------------------------------------------------------------
# ex-ch1-scheme
# ---------------------------------------------------------------------------


def _lowest_differing_frequency() -> float:
    """Lowest sweep frequency (Hz) at which the schemes' mean changes at the negative interval differ by > 1 pp."""
    protocol = pathways.FREQUENCY_EXPERIMENT
    sweep = pathways.frequency_sweep(protocol=protocol, rule=pathways.STDPRule(), seed=pathways.PAIRING_SEED)
    interval_ms = float(np.min(np.asarray(protocol.delta_t / b2.ms)))
    for frequency in sorted(protocol.frequencies, key=lambda f: float(f / b2.Hz)):
        by_scheme = [
            100 * sub.weight_change[np.isclose(np.asarray(sub.delta_t / b2.ms), interval_ms)].mean()
            for scheme in pathways.PAIRING_SCHEMES
            for sub in [sweep.select(pairing=scheme, frequency=frequency)]
        ]
        if abs(by_scheme[0] - by_scheme[1]) > SCHEME_THRESHOLD_PP:
            return float(frequency / b2.Hz)
    raise RuntimeError("the two pairing schemes never differ by more than 1 percentage point: no answer exists")


def ch1_scheme(frequency_hz: float | None) -> Feedback:
    """Check the lowest pairing frequency at which the pairing schemes differ (exercise ``ex-ch1-scheme``).

    Parameters
    ----------
    frequency_hz : float or None
        The lowest frequency of the chapter's frequency sweep (Hz) at which
        all-to-all and nearest-neighbour pairing change the weight at the
        negative interval by more than 1 percentage point apart.

    Returns
    -------
    Feedback
        Right within 0.5 Hz, with no close band: the answer is one of the
        sweep's frequencies, which lie at least 4 Hz apart, so any other
        value is a different answer, not a rounding of this one.
    """
    return _core.numeric(
        "ex-ch1-scheme",
        frequency_hz,
        _lowest_differing_frequency,
        name="frequency_hz",
        what="the pairing frequency (Hz)",
        tolerance=Tolerance(right=0.5, close=0.5, relative=False),
        unit="Hz",
        hint="the schemes differ only through spikes older than the latest one, whose weight is about "
        "exp(-T/tau_minus) for a pairing period T.",
    )


# ---------------------------------------------------------------------------
# ex-ch1-balance
# ---------------------------------------------------------------------------


def _window_integral(a_plus: float, tau_plus: float, a_minus: float, tau_minus: float) -> float:
    """Integral of memsim's STDP window over all intervals (fraction of the weight × ms), by quadrature."""
    rule = pathways.STDPRule(tau_plus=tau_plus * b2.ms, tau_minus=tau_minus * b2.ms, a_plus=a_plus, a_minus=a_minus)

    def window(delta_t_ms: float) -> float:
        return float(pathways.stdp_window(np.array([delta_t_ms]) * b2.ms, rule)[0])

    ltd, _ = quad(window, -np.inf, 0.0)
    ltp, _ = quad(window, 0.0, np.inf)
    return float(ltd + ltp)


def ch1_balance(net_drift: Callable[..., float] | None) -> Feedback:
    """Check a function for the net drift of random firing (exercise ``ex-ch1-balance``).

    Parameters
    ----------
    net_drift : callable or None
        ``net_drift(a_plus, tau_plus, a_minus, tau_minus)``: the integral of
        the STDP window over all spike intervals, in fraction of the weight
        × ms, for amplitudes given as fractions of the weight and time
        constants in ms. It is run on four rules the exercise does not show
        and compared with memsim's window (:func:`memsim.pathways.stdp_window`)
        integrated numerically.

    Returns
    -------
    Feedback
        Right within 1 % on every rule, close within 5 %: the closed form is
        exact, 1 % also admits a careful numerical integral, and 5 % catches
        one cut off too early.
    """
    return _core.code(
        "ex-ch1-balance",
        net_drift,
        _window_integral,
        BALANCE_CASES,
        name="net_drift",
        tolerance=Tolerance(right=0.01, close=0.05),
        hint="each branch of the window is an exponential; integrate each over its own half of the intervals, "
        "minding the sign of the depression.",
    )


# ---------------------------------------------------------------------------
# ex-ch1-uniform
# ---------------------------------------------------------------------------


#: What the two answers of the uniform exercise are, for messages.
_UNIFORM_WHAT = {
    "share": "the share of weights near 0 (fraction)",
    "ratio": "the density ratio of the low band (dimensionless)",
}
#: The idea behind each answer, for a wrong one.
_UNIFORM_HINTS = {
    "share": "in a uniform distribution the share of a band is its width over the whole range.",
    "ratio": "a density is a share per unit of weight, and a uniform distribution has the same density everywhere.",
}
#: Their tolerance (see :func:`ch1_uniform`).
_UNIFORM_TOLERANCE = Tolerance(right=0.05, close=0.20)


def _uniform_start() -> tuple[float, float]:
    """Share of a uniform start within the low band, and that band's density ratio, from the chapter's definition."""
    bands = pathways.weight_bands((np.arange(UNIFORM_QUANTILES) + 0.5) / UNIFORM_QUANTILES)
    low_ratio, _ = bands.density_ratios()
    return float(bands.low), float(low_ratio)


def ch1_uniform(share: float | None, ratio: float | None) -> Feedback:
    """Check the low band of a uniform start (exercise ``ex-ch1-uniform``).

    Parameters
    ----------
    share : float or None
        Fraction of the weights at most ``0.1 g_max`` (the chapter's end
        band), before any learning (a fraction from 0 to 1, not a percentage).
    ratio : float or None
        Density of that band over the density of the middle (dimensionless).

    Returns
    -------
    Feedback
        Both answers are compared with the chapter's band measure
        (:func:`memsim.pathways.weight_bands`) applied to a uniform start
        without sampling noise. Each is right within 5 %, which admits
        rounding to one decimal, and close within 20 %, where a value read
        off one simulated snapshot (whose sampling noise is about 10 %) lands.
        The verdict is the worse of the two.
    """
    for key, answer in (("share", share), ("ratio", ratio)):
        if answer is not None:
            _core.as_number(answer, key, _UNIFORM_WHAT[key])  # raises, naming the parameter
    if share is None or ratio is None:
        missing = "share" if share is None else "ratio"
        return _core.no_answer("ex-ch1-uniform", _UNIFORM_WHAT[missing])
    expected = dict(zip(("share", "ratio"), _uniform_start(), strict=True))
    parts = [
        _core.numeric(
            "ex-ch1-uniform",
            answer,
            expected[key],
            name=key,
            what=_UNIFORM_WHAT[key],
            hint=_UNIFORM_HINTS[key],
            tolerance=_UNIFORM_TOLERANCE,
        )
        for key, answer in (("share", share), ("ratio", ratio))
    ]
    return _combine("ex-ch1-uniform", parts)


# ---------------------------------------------------------------------------
# ex-ch1-averaging
# ---------------------------------------------------------------------------


def _better_law(span: float) -> str:
    """The law with the smaller sum of squared residuals on the average of the exercise's exponential learners."""
    trials = np.arange(1, AVERAGING_TRIALS + 1.0)
    rates = np.geomspace(1.0 / span, 1.0, AVERAGING_LEARNERS)
    mean_curve = np.mean([AVERAGING_FLOOR_MS + AVERAGING_HEIGHT_MS * np.exp(-a * (trials - 1)) for a in rates], axis=0)
    sse = {law: pathways.fit_practice_law(trials, mean_curve, law).sse for law in pathways.PRACTICE_LAWS}
    return min(sse, key=lambda law: sse[law])


def ch1_averaging(law_span_3: str | None, law_span_100: str | None) -> Feedback:
    """Check which practice law fits the averaged learners better (exercise ``ex-ch1-averaging``).

    Parameters
    ----------
    law_span_3, law_span_100 : str or None
        ``"power"`` or ``"exponential"``: the law with the smaller sum of
        squared residuals on the average of the eight exponential learners,
        when their rates span a factor of 3, and a factor of 100.

    Returns
    -------
    Feedback
        Right only if both are what :func:`memsim.pathways.fit_practice_law`
        gives (a choice has no tolerance); a wrong answer does not say which
        of the two is wrong, as with two options that would give it away.
    """
    options = pathways.PRACTICE_LAWS
    answers = {"law_span_3": law_span_3, "law_span_100": law_span_100}
    for name, answer in answers.items():
        if answer is not None:
            _core.as_choice(answer, name, options)  # raises, naming the parameter
    missing = [name for name, answer in answers.items() if answer is None]
    if missing:
        return _core.no_answer("ex-ch1-averaging", f"one of {list(options)} for {missing[0]}")
    hint = (
        "a narrow spread of rates averages to nearly one exponential; a wide one mixes fast and slow drops, "
        "which a power law's long tail follows better."
    )
    parts = [
        _core.choice("ex-ch1-averaging", answer, _better_law(span), name=name, options=options, hint=hint)
        for (name, answer), span in zip(answers.items(), AVERAGING_SPANS, strict=True)
    ]
    if all(part.right for part in parts):
        return _combine("ex-ch1-averaging", parts)
    return Feedback("ex-ch1-averaging", "wrong", f"at least one of the two is not what the model gives. Hint: {hint}")


#: This chapter's checks, by exercise label.
CHECKS: dict[str, Callable[..., Feedback]] = {
    "ex-ch1-ratio": ch1_ratio,
    "ex-ch1-scheme": ch1_scheme,
    "ex-ch1-balance": ch1_balance,
    "ex-ch1-uniform": ch1_uniform,
    "ex-ch1-averaging": ch1_averaging,
}
