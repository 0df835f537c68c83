"""Chapter 1, model 3: practice curves from the competition network, and their laws.

The time the strengthened pathway of a competition learner takes to drive
the resting neuron to threshold (:func:`response_latency`, a mean-field
estimate) gives one point of a practice curve per trial. The curves are
fitted with the power law of Newell & Rosenbloom (1981) and the exponential
of Heathcote, Brown & Mewhort (2000).

References
----------
Song S, Miller KD, Abbott LF (2000). Nat Neurosci 3:919-926.
:cite:`song2000competitive`
Newell A, Rosenbloom PS (1981). In: Anderson JR (ed.), Cognitive Skills and
Their Acquisition, pp. 1-55. :cite:`newell1981mechanisms`
Heathcote A, Brown S, Mewhort DJK (2000). Psychon Bull Rev 7:185-207.
:cite:`heathcote2000power`
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import brian2 as b2
import numpy as np
from scipy.optimize import curve_fit

from memsim import literature
from memsim.core.fields import quantity_field
from memsim.core.validation import (
    check_choice,
    check_finite_array,
    check_quantity,
)
from memsim.pathways.competition import (
    COMPETITION_PROVENANCE,
    SNAPSHOT_INTERVAL,
    SONG_PARAMETERS,
    CompetitionResult,
)

__all__ = [
    "PRACTICE_PROVENANCE",
    "PRACTICE_TEST",
    "PracticeTest",
    "fit_practice_law",
    "LawFit",
    "practice_curves",
    "PRACTICE_LAWS",
    "PracticeCurves",
    "response_latency",
]

# ---------------------------------------------------------------------------
# The practice curve
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PracticeTest:
    """How the chapter turns practice into trials and tests each trial.

    A model choice, not a published protocol.

    Attributes
    ----------
    trial_length : brian2.Quantity
        Practice per trial (s), a multiple of ``SNAPSHOT_INTERVAL``.
    cue_rate : brian2.Quantity
        Rate of each pathway input during the test cue (Hz, 1 to 500).
    """

    trial_length: b2.Quantity = quantity_field(10.0 * b2.second)
    cue_rate: b2.Quantity = quantity_field(150.0 * b2.Hz)

    def __post_init__(self) -> None:
        check_quantity("trial_length", self.trial_length, b2.second, low=0.0, low_inclusive=False)
        check_quantity("cue_rate", self.cue_rate, b2.Hz, low=1.0, high=500.0)


#: The chapter's practice trials and their test cue.
PRACTICE_TEST = PracticeTest()

#: What the practice curves were set from: the competition model's inputs, and
#: one imposed result. Heathcote et al.'s (2000) finding that the exponential
#: fits every unaveraged data set better is not a prediction here: each
#: learner's pathway grows towards the ceiling ``g_max`` at a rate set by its
#: ``A+``, and the practised group was started moderately strong (after a weak
#: start had given each learner a Hebbian plateau) so that the demonstration of
#: the averaging artefact works. The exponential shape of one learner's curve
#: is a property of how the synthetic learners were built: an illustration.
PRACTICE_PROVENANCE = literature.provenance(
    "pathways.practice",
    1,
    "practice curves: response latency of competition learners with a pre-strengthened pathway (an illustration)",
    inputs=COMPETITION_PROVENANCE.inputs,
    imposed=("heathcote2000.exponential_better_fraction",),
)


def response_latency(pathway_weight: np.ndarray, cue_rate: b2.Quantity = PRACTICE_TEST.cue_rate) -> b2.Quantity:
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
        Rate of each pathway input during the cue (Hz, 1 to 500). Default:
        :data:`PRACTICE_TEST`'s, the chapter's test cue.

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
    song = SONG_PARAMETERS
    g = float(song.tau_ex / b2.second) * rate_hz * weight * song.g_max
    v_rest, v_threshold, e_ex = (float(v / b2.mV) for v in (song.v_rest, song.v_threshold, song.e_ex))
    v_inf = (v_rest + g * e_ex) / (1.0 + g)
    tau_eff_ms = float(song.tau_m / b2.ms) / (1.0 + g)
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
    latency : brian2.Quantity
        Response latency (time), shape ``(n_learners, n_trials)``.
    a_plus : numpy.ndarray
        Each learner's potentiation per pair (fraction of ``g_max``).
    trial_length : brian2.Quantity
        Practice per trial (s).
    cue_rate : brian2.Quantity
        Rate of each pathway input during the test cue (Hz).
    """

    trials: np.ndarray
    latency: b2.Quantity
    a_plus: np.ndarray
    trial_length: b2.Quantity
    cue_rate: b2.Quantity

    def average(self) -> b2.Quantity:
        """The group curve: the mean latency over learners at each trial (time)."""
        return self.latency.mean(axis=0)


def practice_curves(
    result: CompetitionResult,
    trial_length: b2.Quantity = PRACTICE_TEST.trial_length,
    cue_rate: b2.Quantity = PRACTICE_TEST.cue_rate,
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
        between weight snapshots). Default: :data:`PRACTICE_TEST`'s.
    cue_rate : brian2.Quantity
        Rate of each pathway input during the test cue (Hz). Default:
        :data:`PRACTICE_TEST`'s.
    """
    if not isinstance(result, CompetitionResult):
        raise TypeError(f"result must be a CompetitionResult, got {type(result).__name__}")
    if result.group_size == 0 or not np.all(result.plastic):
        raise ValueError("result must have a correlated group (group_size > 0) and STDP on for every learner")
    lengths = {s.shape[0] for s in result.snapshots}
    if len(lengths) != 1:
        raise ValueError("result must hold learners with equal run lengths")
    step = float(SNAPSHOT_INTERVAL / b2.second)
    seconds = check_quantity(
        "trial_length", trial_length, b2.second, low=step, high=float(np.min(result.duration / b2.second))
    )
    if not math.isclose(seconds / step, round(seconds / step), abs_tol=1e-9):
        raise ValueError(f"trial_length must be a multiple of {SNAPSHOT_INTERVAL}, got {trial_length}")
    stride = int(round(seconds / step))
    group = result.group_mask()
    pathway = np.array([s[stride::stride, group].sum(axis=1) for s in result.snapshots])
    latency = response_latency(pathway, cue_rate)
    return PracticeCurves(
        np.arange(1, pathway.shape[1] + 1), latency, result.a_plus.copy(), seconds * b2.second, cue_rate
    )


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
    params, _ = curve_fit(function, n, y, p0=start, bounds=([0.0, 0.0, 1e-6], [np.inf, np.inf, 50.0]), maxfev=20000)
    residuals = y - function(n, *params)
    sse = float(np.sum(residuals**2))
    total = float(np.sum((y - y.mean()) ** 2))
    asymptote, amplitude, shape = (float(p) for p in params)
    return LawFit(law, asymptote, amplitude, shape, sse, 1.0 - sse / total if total > 0 else 1.0)
