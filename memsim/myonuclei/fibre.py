"""Chapter 3: the muscle's own memory, a myonuclear-domain model of one fibre.

A muscle fibre is one cell with many nuclei. The model follows two numbers
through a schedule of loading in days: the fibre's cross-sectional area
``a`` and its number of nuclei ``n``, both relative to an untrained control
fibre (1 = control). Their ratio ``a / n`` is the myonuclear domain, the
area each nucleus serves, also relative to control.

* **Growth** moves ``a`` toward a target set by the load, but never past the
  domain capacity ``d_max * n`` (Egner et al. 2013; Gundersen 2016).
* **Nuclei are added** by satellite-cell fusion when the load demands a
  domain larger than the threshold ``d_thr``. Fusion follows that demand with
  a lag (satellite cells must activate and divide first) and at a limited
  rate. Because the demand is that of the *load*, nuclei arrive before the
  fibre grows, as Bruusgaard et al. (2010) saw in vivo.
* **Nuclei are lost** with a half-life; homeostatic replacement holds the
  untrained count, so only extra nuclei decay. The default half-life is long
  (derived from Spalding et al. 2005, read as Gundersen 2016 reads it); a
  short alternative represents the view that nuclei are lost as fibres shrink.
* **Atrophy**: with less load, or with fewer nuclei than the size needs,
  ``a`` falls toward its new target with a time constant of about a week.
* **Optional epigenetic term** (after Seaborne et al. 2018): loading builds a
  slowly decaying "primed" state ``p`` that speeds growth and fusion.

The equations are integrated with :func:`scipy.integrate.solve_ivp`, one
piecewise-constant phase of the schedule at a time. Every default parameter
is derived from a published observation, fitted to several, or a stated
assumption; see :class:`FibreParameters` and
:func:`~memsim.myonuclei.protocols.fit_defaults`.

The model's ``d_max = 1`` (no growth without new nuclei) takes one side of a
contested question: McCarthy et al. (2011) found normal overload
hypertrophy in mice depleted of satellite cells, Egner, Bruusgaard &
Gundersen (2016) found that depletion prevents it.
:func:`without_satellite_cells` and :func:`growth_without_nuclei` play both sides.

References
----------
Egner IM, Bruusgaard JC, Eftestøl E, Gundersen K (2013). J Physiol
591:6221-6230. :cite:`egner2013cellular`
Bruusgaard JC, Johansen IB, Egner IM, Rana ZA, Gundersen K (2010). PNAS
107:15111-15116. :cite:`bruusgaard2010myonuclei`
Bruusgaard JC, Johansen IB, Egner IM, Gundersen K (2009). J Muscle Res Cell
Motil 30:324 (abstract). :cite:`bruusgaard2009myonuclei`
Spalding KL, Bhardwaj RD, Buchholz BA, Druid H, Frisén J (2005). Cell
122:133-143. :cite:`spalding2005retrospective`
Gundersen K (2016). J Exp Biol 219:235-242. :cite:`gundersen2016muscle`
Seaborne RA et al. (2018). Sci Rep 8:1898. :cite:`seaborne2018human`
Psilander N et al. (2019). J Appl Physiol 126:1636-1645.
:cite:`psilander2019effects`
McCarthy JJ et al. (2011). Development 138:3657-3666. :cite:`mccarthy2011effective`
Egner IM, Bruusgaard JC, Gundersen K (2016). Development 143:2898-2906.
:cite:`egner2016satellite`
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.integrate import solve_ivp

from memsim import literature
from memsim.core.validation import check_choice, check_number

__all__ = [
    "DEFAULT",
    "FibreParameters",
    "Phase",
    "PHASE_KINDS",
    "short_half_life",
    "simulate",
    "SOLVER_ATOL",
    "Trajectory",
    "growth_without_nuclei",
    "with_domain_ceiling",
    "with_epigenetic_memory",
    "without_satellite_cells",
]

#: The kinds of phase a schedule may contain. "detrain" is the habitual load
#: after training; "denervation" is unloading by cutting the nerve.
PHASE_KINDS: tuple[str, ...] = (
    "habitual",
    "overload",
    "steroid",
    "detrain",
    "unload",
    "denervation",
    "retrain",
)

# The calendar of the table (memsim.literature): a year is 365.25 days.
_DAYS_PER_YEAR = 365.25
_DAYS_PER_WEEK = 7.0
_MIN_PHASE_DAYS = 1e-6  # about 0.1 s: shorter phases are skipped
#: The solver's absolute tolerance (relative to control); states may undershoot zero by about this.
SOLVER_ATOL = 1e-6

# Every derived default below is computed from the table of published values,
# so that each published number is typed once, in memsim/data/literature.toml;
# the fields of FibreParameters record their sources with literature.derived_from,
# so that a comparison with any of them is never called a prediction.

# Egner et al. (2013): CSA was back to control "within about 3 weeks" of
# withdrawal (egner2013.recovery_days). We read "back" as: 90 % of the excess
# gone by then, so an exponential return has time constant recovery / ln(10).
_TAU_ATROPHY_DAYS = literature.get("egner2013.recovery_days").value / math.log(10.0)

# Spalding et al. (2005): cells of adult intercostal muscle have a mean age
# of spalding2005.muscle_age years. For a stationary population that renews
# at a constant rate, the mean age equals the mean lifetime, and half-life =
# ln 2 x mean lifetime. See FibreParameters for what this does and does not imply.
_LONG_HALF_LIFE_DAYS = math.log(2.0) * literature.get("spalding2005.muscle_age").value * _DAYS_PER_YEAR

# The short alternative: half-life such that only 1/8 of the extra nuclei is
# left after Egner's withdrawal (egner2013.withdrawal_days; three half-lives),
# i.e. nuclei gone on the time scale on which the fibre itself shrank back.
_SHORT_HALF_LIFE_DAYS = literature.published("egner2013.withdrawal_days") / 3.0

# Seaborne et al. (2018): hypomethylation after one bout was "maintained
# 22 weeks later" (seaborne2018.memory_weeks). A primed state that has kept
# half its value after that time decays with time constant weeks x 7 / ln 2 days.
_TAU_PRIMED_DAYS = literature.get("seaborne2018.memory_weeks").value * _DAYS_PER_WEEK / math.log(2.0)

# The ceiling view of the domain theory (Kadi; quoted by Conceição et al. 2018):
# nuclei are added only above +26 % CSA (conceicao2018.ceiling).
_CEILING_PCT = literature.published("conceicao2018.ceiling")

#: The largest domain the model allows when growth needs no new nuclei (the
#: upper end of ``d_max``'s range): see :func:`growth_without_nuclei`.
_UNLIMITED_DOMAIN = 5.0


@dataclass(frozen=True)
class FibreParameters:
    """Parameters of the fibre model. Areas and counts are relative to control.

    Every default is *derived* from a published value read from
    :mod:`memsim.literature` (the derivation is stated below and recorded
    with :func:`~memsim.literature.derived_from`), *fitted* to published
    values, or an *assumption* or *illustrative* choice, said so below. The
    fitted defaults are the chapter's all-data fit
    (:func:`~memsim.myonuclei.protocols.fit_defaults`, targets: the
    calibrated keys of :data:`~memsim.myonuclei.protocols.ALL_DATA_FIT`):
    Egner et al.'s (2013) steroid episode and retest, and Bruusgaard et
    al.'s (2009, 2010) overload. The chapter also fits each study alone
    (:data:`~memsim.myonuclei.protocols.EGNER_FIT`,
    :data:`~memsim.myonuclei.protocols.BRUUSGAARD_FIT`) to predict the other.

    Attributes
    ----------
    tau_growth_days : float
        Time constant of growth toward the target (days). *Fitted*; Egner
        et al.'s (2013) +31 % CSA in 6 days of overload (muscle treated with
        steroid 3 months earlier) and Bruusgaard et al.'s (2010) +35 % in 21
        days pull it in opposite directions.
    tau_atrophy_days : float
        Time constant of shrinkage (days). *Derived* from Egner et al.
        (2013), ``egner2013.recovery_days``: back to control within about
        3 weeks, read as 90 % of the excess gone in 21 days, so
        ``21 / ln 10`` = 9.1 days.
    d_max : float
        Largest domain a nucleus can serve, relative to control
        (dimensionless). *Fitted*, within [1, 2]; the all-data fit ends at
        the lower bound 1 (no growth without new nuclei), the held-out fits at
        or near it. That takes one side of a
        contested question (McCarthy et al. 2011 against Egner et al. 2016);
        :func:`growth_without_nuclei` takes the other.
    d_thr : float
        Domain the load must demand before satellite cells fuse
        (dimensionless). Default 1: any load above habitual recruits nuclei,
        as the meta-analysis of Conceição et al. (2018) found for
        hypertrophy of 10 % or less. Kadi's ceiling view corresponds to
        about 1.26 (:func:`with_domain_ceiling`). An *assumption*, varied in
        the chapter.
    k_fusion_per_day : float
        Gain of satellite-cell fusion per unit of excess demand (per day).
        *Fitted* (in the all-data fit: to Egner's nuclei +66 % after 14 days
        of steroid and the Bruusgaard (2009) abstract's +53 % after 6-10
        days of overload).
    max_fusion_per_day : float
        Cap on the fusion rate (control nuclei per day). *Fitted* with
        ``k_fusion_per_day``. (It used to be derived from the Bruusgaard
        abstract's +53 %, which would make that number an input of every
        fit; now no parameter is set from it outside the fits that target it.)
    tau_fusion_days : float
        Lag of satellite-cell fusion behind demand (days): activation and
        division come first. *Fitted* with ``k_fusion_per_day``; in the fits
        that use Egner's retest, also to "no significant growth" of control
        muscle in 6 days of overload. The all-data fit ends at the upper
        bound (10 days), so that fusion runs on for weeks after a load ends
        and nuclei keep rising after it: a fault of this lagged-rate form,
        reported in the chapter.
    half_life_days : float
        Half-life of the extra myonuclei (days); ``math.inf`` for permanent
        nuclei. *Derived* default: ``ln 2 x`` Spalding et al.'s (2005) mean
        cell age (``spalding2005.muscle_age``, 15.1 years), about 10.5 years:
        the half-life a steadily renewing population of that mean age would
        have. Spalding's figure averages *all* cells of the tissue, not only
        myonuclei, and a mean age is not a half-life: if myonuclei were
        permanent, the mean would be pulled down by faster-renewing cells.
        So the figure bounds nothing strictly; Gundersen (2016) reads it as
        myonuclei being stable for at least 15 years. Any value of years
        gives nearly the same predictions over the months the experiments last.
    load_overload : float
        Target CSA that synergist-ablation overload sets (relative).
        *Fitted* (in the all-data fit mainly to Bruusgaard et al. 2010: CSA
        +35 % after 21 days).
    load_steroid : float
        Target CSA that testosterone sets (relative). *Fitted* to Egner's
        +77 % after 14 days.
    load_unload : float
        Target CSA under denervation or unloading (relative). *Illustrative*
        (0.5): Bruusgaard et al. describe the denervated fibres as "severely
        atrophic"; we did not verify a number.
    steroid_capacity : float
        Factor by which testosterone raises the domain ceiling ``d_max``
        (dimensionless). *Fitted* with the others; the fits end at the upper
        bound 3, which means only that the steroid's growth was not limited
        by nuclei.
    epigenetic_gain : float
        How much a fully primed fibre speeds growth and fusion
        (dimensionless; rates are multiplied by ``1 + gain x p``). 0 (off)
        by default; see :func:`with_epigenetic_memory`.
    tau_primed_days : float
        Decay time of the primed state (days). *Derived* from Seaborne et
        al. (2018), ``seaborne2018.memory_weeks``: methylation changes
        "maintained 22 weeks later", read as half the priming left after
        22 weeks, so ``22 x 7 / ln 2`` days.
    priming_rate_per_day : float
        Rate at which loading builds the primed state (per day).
        *Illustrative*: 1/14, primed within a few weeks of loading.
    """

    # Fitted values: the all-data fit (protocols.fit_defaults), rounded to 3
    # significant digits; see the docstring for the targets.
    tau_growth_days: float = 24.2
    tau_atrophy_days: float = literature.derived_from(
        ("egner2013.recovery_days",), _TAU_ATROPHY_DAYS, how="recovery days / ln 10 (90 % of the excess gone)"
    )
    d_max: float = 1.0
    d_thr: float = 1.0
    k_fusion_per_day: float = 0.0782
    max_fusion_per_day: float = 0.306
    tau_fusion_days: float = 10.0
    half_life_days: float = literature.derived_from(
        ("spalding2005.muscle_age",), _LONG_HALF_LIFE_DAYS, how="ln 2 x mean cell age, in days"
    )
    load_overload: float = 2.99
    load_steroid: float = 2.75
    load_unload: float = 0.5
    steroid_capacity: float = 3.0
    epigenetic_gain: float = 0.0
    tau_primed_days: float = literature.derived_from(
        ("seaborne2018.memory_weeks",), _TAU_PRIMED_DAYS, how="weeks x 7 / ln 2 (half the priming left)"
    )
    priming_rate_per_day: float = 1.0 / 14.0

    def __post_init__(self) -> None:
        for name in ("tau_growth_days", "tau_atrophy_days", "tau_fusion_days", "tau_primed_days"):
            check_number(name, getattr(self, name), low=0.01, high=1e5)
        check_number("d_max", self.d_max, low=1.0, high=5.0)
        check_number("d_thr", self.d_thr, low=0.5, high=5.0)
        check_number("k_fusion_per_day", self.k_fusion_per_day, low=0.0, high=100.0)
        check_number("max_fusion_per_day", self.max_fusion_per_day, low=0.0, high=10.0)
        half_life = self.half_life_days
        if not (isinstance(half_life, (int, float)) and not isinstance(half_life, bool)):
            raise TypeError(f"half_life_days must be a real number of days, got {type(half_life).__name__}")
        if math.isnan(half_life) or half_life <= 0:
            raise ValueError(f"half_life_days must be in (0, inf] days, got {half_life}")
        for name in ("load_overload", "load_steroid"):
            check_number(name, getattr(self, name), low=1.0, high=10.0)
        check_number("load_unload", self.load_unload, low=0.0, high=1.0)
        check_number("steroid_capacity", self.steroid_capacity, low=1.0, high=5.0)
        check_number("epigenetic_gain", self.epigenetic_gain, low=0.0, high=20.0)
        check_number("priming_rate_per_day", self.priming_rate_per_day, low=0.0, high=10.0)

    @property
    def loss_rate_per_day(self) -> float:
        """Loss rate of extra nuclei, ``ln 2 / half_life_days`` (per day)."""
        return 0.0 if math.isinf(self.half_life_days) else math.log(2.0) / self.half_life_days

    def default_load(self, kind: str) -> float:
        """The target CSA that a phase of this kind sets (relative to control)."""
        check_choice("kind", kind, PHASE_KINDS)
        if kind in ("habitual", "detrain"):
            return 1.0
        if kind in ("overload", "retrain"):
            return self.load_overload
        if kind == "steroid":
            return self.load_steroid
        return self.load_unload

    def domain_bound(self) -> float:
        """Largest domain ``a / n`` the model allows, starting from control.

        Growth never passes ``d_max * n``. Only when nuclei are lost can the
        domain exceed ``d_max``, while the fibre shrinks after them; with
        ``r = a / n``, ``dr/dt <= (d_max - r) / tau_atrophy_days + r x loss_rate_per_day``,
        so ``r`` stays below ``d_max / (1 - loss_rate_per_day x tau_atrophy_days)``
        when that denominator is positive (infinite otherwise).
        """
        margin = 1.0 - self.loss_rate_per_day * self.tau_atrophy_days
        return self.d_max / margin if margin > 0 else math.inf


#: The chapter's default fibre: long-lived nuclei, no epigenetic term.
DEFAULT = FibreParameters()


def short_half_life(params: FibreParameters = DEFAULT) -> FibreParameters:
    """The same fibre with short-lived extra nuclei.

    The half-life (30 days) is a third of Egner's withdrawal
    (``egner2013.withdrawal_days``): only 1/8 of the extra nuclei is left
    when the retest begins.
    """
    return replace(params, half_life_days=_SHORT_HALF_LIFE_DAYS)


def with_domain_ceiling(params: FibreParameters = DEFAULT, ceiling_pct: float = _CEILING_PCT) -> FibreParameters:
    """The same fibre under the ceiling view of the domain theory.

    The domain may grow by ``ceiling_pct`` before nuclei are needed
    (``d_max = d_thr = 1 + ceiling_pct / 100``). The default is the 26 % that
    Conceição et al. (2018) quote for the view (``conceicao2018.ceiling``).

    Parameters
    ----------
    ceiling_pct : float
        Hypertrophy the domain absorbs without new nuclei (%, in [0, 400]).
    """
    ceiling = 1.0 + check_number("ceiling_pct", ceiling_pct, low=0.0, high=400.0) / 100.0
    return replace(params, d_max=ceiling, d_thr=ceiling)


def with_epigenetic_memory(params: FibreParameters = DEFAULT, gain: float = 1.0) -> FibreParameters:
    """The same fibre with the epigenetic term switched on.

    ``gain`` = 1 (a fully primed fibre grows and recruits nuclei twice as
    fast) is *illustrative*: Seaborne et al. (2018) report larger gains on
    reloading, not a rate constant.
    """
    return replace(params, epigenetic_gain=check_number("gain", gain, low=0.0, high=20.0))


def without_satellite_cells(params: FibreParameters = DEFAULT) -> FibreParameters:
    """The same fibre with its satellite cells depleted: no nuclei are added.

    Models the Pax7-DTA mice of McCarthy et al. (2011) and Egner et al.
    (2016) as a fibre whose fusion gain is zero (``k_fusion_per_day = 0``).
    Whether it can still grow depends on ``d_max``; see
    :func:`growth_without_nuclei`.
    """
    return replace(params, k_fusion_per_day=0.0)


def growth_without_nuclei(params: FibreParameters = DEFAULT) -> FibreParameters:
    """The same fibre under the other side of the depletion debate: growth needs no new nuclei.

    McCarthy et al. (2011) found normal overload hypertrophy in mice depleted
    of satellite cells. In the model that is a domain ceiling ``d_max`` high
    enough (5, the top of its range) never to limit growth, so the fibre
    grows toward its target whatever its nuclei; fusion still adds nuclei.
    """
    return replace(params, d_max=_UNLIMITED_DOMAIN)


@dataclass(frozen=True)
class Phase:
    """One piece of a schedule: a kind of loading held for some days.

    Attributes
    ----------
    kind : str
        One of :data:`PHASE_KINDS`.
    days : float
        Duration (days, >= 0).
    load : float or None
        Target CSA relative to control (>= 0); ``None`` takes the kind's
        default from the parameters.
    """

    kind: str
    days: float
    load: float | None = None

    def __post_init__(self) -> None:
        check_choice("kind", self.kind, PHASE_KINDS)
        check_number("days", self.days, low=0.0, high=100 * _DAYS_PER_YEAR)
        if self.load is not None:
            check_number("load", self.load, low=0.0, high=10.0)


@dataclass(frozen=True)
class Trajectory:
    """A simulated schedule.

    Attributes
    ----------
    t_days : numpy.ndarray
        Time (days since the start of the schedule).
    area, nuclei : numpy.ndarray
        Fibre CSA and nucleus count, relative to an untrained control.
    fusion_per_day : numpy.ndarray
        Satellite-cell fusion rate (control nuclei per day).
    primed : numpy.ndarray
        Epigenetic primed state (0 to 1).
    phase_index : numpy.ndarray
        Index into ``phases`` of the phase each sample belongs to.
    phases : tuple of Phase
        The schedule.
    params : FibreParameters
        The parameters used.
    """

    t_days: np.ndarray
    area: np.ndarray
    nuclei: np.ndarray
    fusion_per_day: np.ndarray
    primed: np.ndarray
    phase_index: np.ndarray
    phases: tuple[Phase, ...]
    params: FibreParameters = field(repr=False)

    @property
    def domain(self) -> np.ndarray:
        """Myonuclear domain ``area / nuclei``, relative to control."""
        return self.area / self.nuclei

    def boundaries(self) -> np.ndarray:
        """Start day of every phase, and the end day of the last (days)."""
        return np.concatenate([[0.0], np.cumsum([p.days for p in self.phases])])

    def at(self, day: float) -> dict[str, float]:
        """State at ``day`` (days since the start), linearly interpolated between samples."""
        day = check_number("day", day, low=0.0, high=float(self.t_days[-1]))
        return {
            "area": float(np.interp(day, self.t_days, self.area)),
            "nuclei": float(np.interp(day, self.t_days, self.nuclei)),
            "primed": float(np.interp(day, self.t_days, self.primed)),
        }


def _rhs(target: float, loaded: bool, capacity: float, p: FibreParameters):
    """Right-hand side for one phase; scalar Python maths, as it runs per step."""
    loss = p.loss_rate_per_day
    d_max = p.d_max * capacity
    priming = p.priming_rate_per_day if loaded else 0.0

    def rhs(_t: float, y: np.ndarray) -> list[float]:
        a, n, s, q = float(y[0]), float(y[1]), float(y[2]), float(y[3])
        boost = 1.0 + p.epigenetic_gain * q
        cap = d_max * n
        goal = target if target < cap else cap
        tau = p.tau_growth_days / boost if goal > a else p.tau_atrophy_days
        demand = target / (p.d_thr * n) - 1.0
        drive = p.k_fusion_per_day * boost * demand if demand > 0.0 else 0.0
        drive = drive if drive < p.max_fusion_per_day else p.max_fusion_per_day
        return [
            (goal - a) / tau,
            s - loss * (n - 1.0),
            (drive - s) * boost / p.tau_fusion_days,
            priming * (1.0 - q) - q / p.tau_primed_days,
        ]

    return rhs


def _check_schedule(schedule: Sequence[Phase]) -> tuple[Phase, ...]:
    if isinstance(schedule, Phase):
        schedule = (schedule,)
    phases = tuple(schedule)
    if not phases:
        raise ValueError("schedule must hold at least one Phase")
    for i, phase in enumerate(phases):
        if not isinstance(phase, Phase):
            raise TypeError(f"schedule[{i}] must be a Phase, got {type(phase).__name__}")
    if sum(p.days for p in phases) <= 0:
        raise ValueError("schedule must last longer than 0 days")
    return phases


def simulate(
    schedule: Sequence[Phase],
    params: FibreParameters = DEFAULT,
    dt_days: float = 0.5,
    initial: tuple[float, float, float, float] = (1.0, 1.0, 0.0, 0.0),
) -> Trajectory:
    """Integrate the fibre through a schedule, phase by phase.

    Parameters
    ----------
    schedule : sequence of Phase
        Consecutive phases; zero-length phases are skipped.
    params : FibreParameters
        Model parameters.
    dt_days : float
        Sampling interval of the returned trajectory (days, in (0, 30]).
        The solver chooses its own steps.
    initial : tuple
        Initial ``(area, nuclei, fusion, primed)``; the default is an
        untrained control fibre.

    Returns
    -------
    Trajectory
    """
    phases = _check_schedule(schedule)
    if not isinstance(params, FibreParameters):
        raise TypeError(f"params must be FibreParameters, got {type(params).__name__}")
    dt = check_number("dt_days", dt_days, low=0.0, high=30.0, low_inclusive=False)
    if len(initial) != 4:
        raise ValueError(f"initial must hold (area, nuclei, fusion, primed), got {len(initial)} values")
    y = np.array(
        [
            check_number("initial area", initial[0], low=0.0, high=10.0),
            check_number("initial nuclei", initial[1], low=0.01, high=10.0, low_inclusive=False),
            check_number("initial fusion", initial[2], low=0.0, high=10.0),
            check_number("initial primed", initial[3], low=0.0, high=1.0),
        ]
    )
    times, states, index = [np.zeros(1)], [y[:, None]], [np.zeros(1, dtype=int)]
    t0 = 0.0
    for i, phase in enumerate(phases):
        if phase.days < _MIN_PHASE_DAYS:  # nothing happens; the solver cannot take a zero step
            continue
        target = params.default_load(phase.kind) if phase.load is None else phase.load
        t1 = t0 + phase.days
        grid = np.linspace(t0, t1, max(2, int(math.ceil(phase.days / dt)) + 1))
        solution = solve_ivp(
            _rhs(target, target > 1.0, params.steroid_capacity if phase.kind == "steroid" else 1.0, params),
            (t0, t1),
            y,
            # LSODA at 1e-4 keeps the error below 1e-3 of control, far inside
            # the data's scatter, at half RK45's cost: a 2-year schedule must
            # integrate in 20 ms to keep the sliders live.
            method="LSODA",
            t_eval=grid,
            rtol=1e-4,
            atol=SOLVER_ATOL,
        )
        if not solution.success:  # pragma: no cover - the system is smooth within a phase
            raise RuntimeError(f"integration failed in phase {i} ({phase.kind}): {solution.message}")
        times.append(solution.t[1:])
        states.append(solution.y[:, 1:])
        index.append(np.full(grid.size - 1, i))
        y = solution.y[:, -1].copy()
        t0 = t1
    state = np.concatenate(states, axis=1)
    return Trajectory(
        t_days=np.concatenate(times),
        area=state[0],
        nuclei=state[1],
        fusion_per_day=state[2],
        primed=state[3],
        phase_index=np.concatenate(index),
        phases=phases,
        params=params,
    )
