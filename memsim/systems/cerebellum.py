"""Chapter 6, learner 1: the cerebellum learns from errors (Marr, Albus, Ito).

Parallel fibres carry the context of a movement (here, the direction of the
target) to a Purkinje cell; its output is a weighted sum of them, the learned
correction. A climbing fibre signals the error of each movement, and the
synapses of the fibres that were active are changed in proportion to it. This
is an adaptive filter trained by the least-mean-squares (LMS) rule (Dean,
Porrill, Ekerot & Jörntell 2010), normalised so that the learning rate is the
fraction of an error corrected on the next movement::

    c(n)      = w(n) . phi(target n)              correction (degrees)
    e(n)      = p(n) - c(n)                        landing error (degrees)
    w(n + 1)  = a w(n) + eta e(n) phi / |phi|^2    climbing-fibre-driven change

with ``p(n)`` the displacement of the prism on throw ``n``. Taking the
prism off leaves the correction in place, so the first throws after it land on
the other side of the target: the after-effect, whose sign is opposite to the
perturbation's.

For one target the learner is Chapter 2's single-state model, with ``A = a``
and ``B = eta``; with two sites that both learn from the error (a fast,
forgetful one and a slow, retentive one) it is the two-state model. Which
sites those are (cerebellar cortex and deep nuclei, or cerebellum and cortex)
is contested; the chapter says so.

The protocol follows Martin et al. (1996): throws at a target, then throws
through wedge prisms, then throws with the prisms removed. Cerebellar damage
is modelled as a smaller learning rate, as Smith & Shadmehr (2005) measured
in patients with cerebellar degeneration.

References
----------
Marr D (1969). J Physiol 202:437-470. :cite:`marr1969theory`
Albus JS (1971). Math Biosci 10:25-61. :cite:`albus1971theory`
Ito M (2001). Physiol Rev 81:1143-1195. :cite:`ito2001cerebellar`
Dean P, Porrill J, Ekerot C-F, Jörntell H (2010). Nat Rev Neurosci 11:30-43.
:cite:`dean2010cerebellar`
Martin TA, Keating JG, Goodkin HP, Bastian AJ, Thach WT (1996). Brain
119:1183-1198. :cite:`martin1996throwing`
Smith MA, Shadmehr R (2005). J Neurophysiol 93:2809-2821.
:cite:`smith2005intact`
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from memsim import literature
from memsim.core.validation import check_integer, check_number, check_seed
from memsim.retention.adaptation import AdaptationModel
from memsim.systems.sources import chapter_provenance

__all__ = [
    "ADAPTED",
    "CEREBELLUM_PROVENANCE",
    "CerebellarLearner",
    "CerebellarSite",
    "PrismRun",
    "PrismSchedule",
    "fibre_activity",
    "simulate_prism",
    "trials_to_fraction",
]


#: An error at or below this fraction of the first prism throw's counts as adapted:
#: the chapter's reading of Martin et al.'s "hit the target" (the paper gives no criterion).
ADAPTED = 0.1


def _martin_rate() -> float:
    """Learning rate with which one site adapts in the middle of Martin et al.'s 10-30 throws.

    One site on one target corrects a fraction ``eta`` of the error per throw,
    so its error after ``n`` throws is ``(1 - eta)^n`` of the first.
    """
    return 1.0 - ADAPTED ** (1.0 / literature.published("martin1996.throws_to_adapt"))


@dataclass(frozen=True)
class CerebellarSite:
    """One site of error-driven plasticity: its learning rate and its retention.

    Attributes
    ----------
    name : str
        Label for legends (e.g. ``"cerebellar cortex"``).
    learning_rate : float
        ``eta``: fraction of an error corrected on the next throw at the same
        target, in (0, 1].
    retention : float
        ``a``: fraction of the learned weights kept from one throw to the
        next, in (0, 1] (1: no forgetting between throws).
    """

    name: str
    learning_rate: float
    retention: float = 1.0

    def __post_init__(self) -> None:
        check_number("learning_rate", self.learning_rate, low=0.0, high=1.0, low_inclusive=False)
        check_number("retention", self.retention, low=0.0, high=1.0, low_inclusive=False)


@dataclass(frozen=True)
class CerebellarLearner:
    """A Purkinje cell's adaptive filter: parallel-fibre inputs, climbing-fibre errors.

    Attributes
    ----------
    sites : tuple of CerebellarSite
        The sites that learn from the error; their corrections add up.
        Default: one site whose learning rate was set so that it adapts in
        the middle of Martin et al.'s range of throws (a calibration, see
        :data:`CEREBELLUM_PROVENANCE`).
    n_fibres : int
        Parallel fibres, each tuned to one target direction, spread evenly
        over ``fibre_span`` (count).
    tuning_width : float
        Standard deviation of a fibre's Gaussian tuning to target direction
        (degrees): how far learning at one target generalises to others.
    fibre_span : float
        Half-width of the range of target directions the fibres cover (degrees).
    """

    sites: tuple[CerebellarSite, ...] = (CerebellarSite("cerebellar cortex", _martin_rate()),)
    n_fibres: int = 41
    tuning_width: float = 15.0
    fibre_span: float = 60.0

    def __post_init__(self) -> None:
        if not self.sites or not all(isinstance(s, CerebellarSite) for s in self.sites):
            raise ValueError("sites must be a non-empty tuple of CerebellarSite")
        total = sum(s.learning_rate for s in self.sites)
        if total > 1.0:
            # together the sites would correct more than the whole error on each throw, and oscillate
            raise ValueError(f"the sites' learning_rate values must sum to at most 1, got {total:g}")
        check_integer("n_fibres", self.n_fibres, low=2, high=1000)
        check_number("tuning_width", self.tuning_width, low=0.0, high=180.0, low_inclusive=False)
        check_number("fibre_span", self.fibre_span, low=0.0, high=180.0, low_inclusive=False)

    @classmethod
    def single(cls, learning_rate: float, retention: float = 1.0) -> CerebellarLearner:
        """A learner with one site (the cerebellar cortex)."""
        return cls((CerebellarSite("cerebellar cortex", learning_rate, retention),))

    @classmethod
    def from_adaptation_model(cls, model: AdaptationModel, names: tuple[str, ...]) -> CerebellarLearner:
        """A learner whose sites have the retentions and learning rates of a multi-rate model.

        Parameters
        ----------
        model : memsim.retention.AdaptationModel
            Chapter 2's model (e.g. Smith et al.'s two-state fit).
        names : tuple of str
            The site each process is assigned to, in the model's order: the
            assignment is a hypothesis, and the chapter says which parts are contested.
        """
        if not isinstance(model, AdaptationModel):
            raise TypeError(f"model must be an AdaptationModel, got {type(model).__name__}")
        if len(names) != model.n_processes:
            raise ValueError(f"names must hold one site name per process ({model.n_processes}), got {len(names)}")
        sites = tuple(
            CerebellarSite(name, b, a) for name, a, b in zip(names, model.retention, model.learning_rate, strict=True)
        )
        return cls(sites)

    def with_learning_rate_scaled(self, factor: float) -> CerebellarLearner:
        """The same learner with every site's learning rate multiplied by ``factor`` in (0, 1].

        A model of cerebellar damage: fewer or weaker error-driven changes.
        """
        check_number("factor", factor, low=0.0, high=1.0, low_inclusive=False)
        sites = tuple(CerebellarSite(s.name, s.learning_rate * factor, s.retention) for s in self.sites)
        return CerebellarLearner(sites, self.n_fibres, self.tuning_width, self.fibre_span)


def fibre_activity(learner: CerebellarLearner, target_deg: float) -> np.ndarray:
    """Activity of each parallel fibre for a throw at ``target_deg`` (dimensionless, peak 1).

    Parameters
    ----------
    learner : CerebellarLearner
    target_deg : float
        Direction of the target (degrees), within the fibres' span.
    """
    target = check_number("target_deg", target_deg, low=-learner.fibre_span, high=learner.fibre_span)
    preferred = np.linspace(-learner.fibre_span, learner.fibre_span, learner.n_fibres)
    return np.exp(-0.5 * ((preferred - target) / learner.tuning_width) ** 2)


@dataclass(frozen=True)
class PrismSchedule:
    """Throws before, with and after prisms: Martin et al.'s (1996) design.

    Attributes
    ----------
    prism_deg : float
        Displacement of the visual field by the prisms (degrees), in
        [-45, 45], not zero. Martin et al.'s prism strength was not in what
        we could read; the default is the chapter's choice (the learner is
        linear, so the shape of its curves does not depend on it).
    n_before : int
        Throws without prisms (baseline).
    n_prism : int
        Throws with prisms on.
    n_after : int
        Throws after the prisms are removed (the after-effect and its washout).
    target_deg : float
        Direction of the target (degrees).
    motor_noise_deg : float
        Standard deviation of the scatter of each throw about its aim
        (degrees); 0 gives the mean curve.
    seed : int
        Seed of that scatter.
    """

    prism_deg: float = 10.0
    n_before: int = 10
    n_prism: int = 30
    n_after: int = 30
    target_deg: float = 0.0
    motor_noise_deg: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        check_number("prism_deg", self.prism_deg, low=-45.0, high=45.0)
        if self.prism_deg == 0.0:
            raise ValueError("prism_deg must be non-zero, in [-45, 45] degrees")
        check_integer("n_before", self.n_before, low=0, high=10_000)
        check_integer("n_prism", self.n_prism, low=1, high=10_000)
        check_integer("n_after", self.n_after, low=1, high=10_000)
        check_number("target_deg", self.target_deg, low=-180.0, high=180.0)
        check_number("motor_noise_deg", self.motor_noise_deg, low=0.0, high=45.0)
        check_seed("seed", self.seed)

    @property
    def displacement(self) -> np.ndarray:
        """The prism's displacement on each throw (degrees)."""
        return np.concatenate([np.zeros(self.n_before), np.full(self.n_prism, self.prism_deg), np.zeros(self.n_after)])

    @property
    def prism_off(self) -> int:
        """Index of the first throw after the prisms come off."""
        return self.n_before + self.n_prism


@dataclass(frozen=True)
class PrismRun:
    """Errors and corrections of a prism experiment, throw by throw.

    Attributes
    ----------
    schedule : PrismSchedule
    error : numpy.ndarray
        Landing error of each throw (degrees; positive on the prism's side).
    site_corrections : numpy.ndarray
        Shape ``(throws, sites)``: each site's correction before each throw (degrees).
    weights : numpy.ndarray
        Shape ``(sites, fibres)``: the parallel-fibre weights after the last throw.
    """

    schedule: PrismSchedule
    error: np.ndarray
    site_corrections: np.ndarray
    weights: np.ndarray = field(repr=False)

    @property
    def correction(self) -> np.ndarray:
        """Net learned correction before each throw (degrees)."""
        return self.site_corrections.sum(axis=1)

    @property
    def adapted_fraction(self) -> float:
        """Correction before the last prism throw, as a fraction of the prism's displacement."""
        return float(self.correction[self.schedule.prism_off - 1] / self.schedule.prism_deg)

    @property
    def after_effect(self) -> float:
        """Landing error of the first throw without prisms (degrees; opposite in sign to the prism)."""
        return float(self.error[self.schedule.prism_off])

    @property
    def after_effect_fraction(self) -> float:
        """The after-effect as a fraction of the prism's displacement (negative: the other side)."""
        return self.after_effect / self.schedule.prism_deg

    @property
    def prism_errors(self) -> np.ndarray:
        """Landing errors of the throws with prisms on (degrees)."""
        s = self.schedule
        return self.error[s.n_before : s.prism_off]

    @property
    def after_errors(self) -> np.ndarray:
        """Landing errors of the throws after the prisms came off (degrees)."""
        return self.error[self.schedule.prism_off :]


def simulate_prism(
    learner: CerebellarLearner,
    schedule: PrismSchedule,
    target_sequence: np.ndarray | None = None,
) -> PrismRun:
    """Throw at targets through a prism schedule, learning from each throw's error.

    Parameters
    ----------
    learner : CerebellarLearner
    schedule : PrismSchedule
    target_sequence : array_like, optional
        Target direction of each throw (degrees, within the fibres' span).
        Default: ``schedule.target_deg`` on every throw.

    Returns
    -------
    PrismRun
    """
    if not isinstance(learner, CerebellarLearner):
        raise TypeError(f"learner must be a CerebellarLearner, got {type(learner).__name__}")
    if not isinstance(schedule, PrismSchedule):
        raise TypeError(f"schedule must be a PrismSchedule, got {type(schedule).__name__}")
    displacement = schedule.displacement
    n_throws = displacement.size
    if target_sequence is None:
        targets = np.full(n_throws, schedule.target_deg)
    else:
        targets = np.asarray(target_sequence, dtype=float)
        if targets.shape != (n_throws,):
            raise ValueError(f"target_sequence must hold one direction per throw ({n_throws}), got {targets.shape}")
    # Each target's fibre pattern, and its normalised copy for the LMS step.
    patterns = np.stack([fibre_activity(learner, float(t)) for t in targets])
    normalised = patterns / np.sum(patterns**2, axis=1, keepdims=True)
    rates = np.array([s.learning_rate for s in learner.sites])[:, None]
    keep = np.array([s.retention for s in learner.sites])[:, None]
    noise = np.random.default_rng(schedule.seed).normal(0.0, schedule.motor_noise_deg, n_throws)
    weights = np.zeros((len(learner.sites), learner.n_fibres))
    corrections = np.empty((n_throws, len(learner.sites)))
    errors = np.empty(n_throws)
    for n in range(n_throws):
        corrections[n] = weights @ patterns[n]
        errors[n] = displacement[n] - corrections[n].sum() + noise[n]
        weights = keep * weights + rates * errors[n] * normalised[n]
    return PrismRun(schedule, errors, corrections, weights)


def trials_to_fraction(errors: np.ndarray, fraction: float) -> int:
    """Throws until the absolute error first falls to ``fraction`` of the first throw's (count).

    Parameters
    ----------
    errors : array_like
        Errors of consecutive throws (any unit).
    fraction : float
        Target fraction of the first error, in (0, 1).

    Returns
    -------
    int
        Throws after the first until the error is at or below the target
        (``len(errors)`` if it never is).
    """
    e = np.abs(np.asarray(errors, dtype=float))
    check_number("fraction", fraction, low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
    if e.size == 0 or not np.all(np.isfinite(e)):
        raise ValueError("errors must be a non-empty array of finite values")
    # a relative margin of 1e-9: an error that reaches the target fraction exactly must count
    # as reaching it, whatever the last bit of floating-point rounding
    below = np.nonzero(e <= fraction * e[0] * (1 + 1e-9))[0]
    return int(below[0]) if below.size else int(e.size)


#: The default learner was calibrated to Martin et al.'s adaptation speed; the
#: after-effect, the washout and the effect of a lower rate were set from nothing.
CEREBELLUM_PROVENANCE = chapter_provenance(
    "systems.cerebellum",
    "The cerebellar adaptive filter, its learning rate set so that it adapts in the middle of "
    "Martin et al.'s (1996) range of throws.",
)
