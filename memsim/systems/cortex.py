"""Chapter 6, learner 3: the cortex learns from statistics (a competitive Hebbian map).

Primary motor cortex holds a map of movements. Training a skilled movement
enlarges its share of the map: in squirrel monkeys trained to retrieve
pellets from small wells, the digit representation grew and the wrist and
forearm representation shrank (Nudo et al. 1996); in people, the area of M1
activated by a practised finger sequence grew over weeks (Karni et al. 1995).

The model is a one-dimensional self-organising map (Kohonen 1982): units on a
line of cortex, each preferring one point of a movement axis running from the
shoulder to the digits. Each day the map moves every unit's preference towards
the movements it and its neighbours won, weighted by how often each movement
was made (the batch form of Kohonen's rule, applied with a plasticity ``rate``
per day). Units compete, so a movement made more often takes units from its
neighbours. A movement's representation is the share of units whose
preference lies closer to it than to any other movement.

Map sizes in a model and a monkey are not on one scale, so the amount of
practice that gives a matched expansion would be a calibration. What the model
predicts is the direction of every change and the shape of its time course:
Wenger et al. (2017) report that grey matter in motor cortex grew over the
first weeks of practice and then shrank back while the skill was kept.

References
----------
Kohonen T (1982). Biol Cybern 43:59-69. :cite:`kohonen1982self`
Nudo RJ, Milliken GW, Jenkins WM, Merzenich MM (1996). J Neurosci 16:785-807.
:cite:`nudo1996use`
Karni A et al. (1995). Nature 377:155-158. :cite:`karni1995functional`
Wenger E et al. (2017). Cereb Cortex 27:2911-2925. :cite:`wenger2017repeated`
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from memsim import literature
from memsim.core.validation import check_integer, check_number
from memsim.systems.sources import chapter_provenance

__all__ = [
    "MAP_PROVENANCE",
    "MOVEMENTS",
    "MapRun",
    "MotorMap",
    "PracticeSchedule",
    "develop_map",
    "practise_map",
    "representation",
]

#: The movements along the map's axis, proximal to distal, one unit of the axis apart.
MOVEMENTS: tuple[str, ...] = ("shoulder", "elbow", "wrist and forearm", "digits")


@dataclass(frozen=True)
class MotorMap:
    """A one-dimensional competitive map of movements.

    Attributes
    ----------
    n_units : int
        Units (cortical columns) along the map (count).
    neighbourhood : float
        Standard deviation of the cooperation between units (units of the
        map): how far a winning unit drags its neighbours.
    rate : float
        Fraction of the way each unit's preference moves to its daily target,
        per day of use, in (0, 1].
    movement_spread : float
        Standard deviation of the movements made around each movement's
        centre (units of the movement axis, where neighbouring movements are 1 apart).
    """

    n_units: int = 80
    neighbourhood: float = 3.0
    rate: float = 0.3
    movement_spread: float = 0.5

    def __post_init__(self) -> None:
        check_integer("n_units", self.n_units, low=len(MOVEMENTS) * 2, high=2000)
        check_number("neighbourhood", self.neighbourhood, low=0.1, high=self.n_units / 4)
        check_number("rate", self.rate, low=0.0, high=1.0, low_inclusive=False)
        check_number("movement_spread", self.movement_spread, low=0.05, high=2.0)


def _movement_grid(motor_map: MotorMap) -> np.ndarray:
    """Points of the movement axis at which the use density is evaluated (axis units)."""
    spread = motor_map.movement_spread
    return np.linspace(-3 * spread, len(MOVEMENTS) - 1 + 3 * spread, 4 * motor_map.n_units)


def _use_density(motor_map: MotorMap, shares: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """How often each grid point of the movement axis is used, given each movement's share (sums to 1)."""
    centres = np.arange(len(MOVEMENTS))
    bumps = np.exp(-0.5 * ((grid[:, None] - centres[None, :]) / motor_map.movement_spread) ** 2)
    density = bumps @ shares
    return density / density.sum()


def _day(motor_map: MotorMap, preferences: np.ndarray, density: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """One day of use: each unit moves towards the mean of what it and its neighbours won."""
    winners = np.argmin(np.abs(grid[:, None] - preferences[None, :]), axis=1)
    units = np.arange(motor_map.n_units)
    cooperation = np.exp(-0.5 * ((units[:, None] - winners[None, :]) / motor_map.neighbourhood) ** 2)
    weighted = cooperation * density[None, :]
    target = weighted @ grid / weighted.sum(axis=1)
    return preferences + motor_map.rate * (target - preferences)


def representation(preferences: np.ndarray) -> np.ndarray:
    """Share of the map representing each movement of :data:`MOVEMENTS` (fractions, sum 1).

    A point of the map represents the movement whose centre is nearest its
    preference. The map stays ordered, so each movement holds one stretch of
    it; the borders between stretches are found by linear interpolation
    between units, so that a share changes smoothly rather than one unit at a time.

    Raises
    ------
    ValueError
        If the preferences are not finite, or not ordered along the map.
    """
    p = np.asarray(preferences, dtype=float)
    if p.ndim != 1 or p.size < 2 or not np.all(np.isfinite(p)):
        raise ValueError("preferences must be a 1-D array of at least 2 finite values")
    if np.any(np.diff(p) < 0):
        raise ValueError("preferences must be ordered along the map (non-decreasing)")
    position = np.arange(p.size, dtype=float)
    # A unit's territory runs half a unit either side of it: the map spans [-0.5, n - 0.5].
    borders = np.interp(np.arange(len(MOVEMENTS) - 1) + 0.5, p, position)
    edges = np.concatenate([[-0.5], borders, [p.size - 0.5]])
    return np.diff(edges) / p.size


@functools.lru_cache(maxsize=32)
def _developed(motor_map: MotorMap, days: int) -> np.ndarray:
    grid = _movement_grid(motor_map)
    density = _use_density(motor_map, np.full(len(MOVEMENTS), 1 / len(MOVEMENTS)), grid)
    preferences = np.linspace(0, len(MOVEMENTS) - 1, motor_map.n_units)
    for _ in range(days):
        preferences = _day(motor_map, preferences, density, grid)
    preferences.setflags(write=False)
    return preferences


def develop_map(motor_map: MotorMap, days: int = 400) -> np.ndarray:
    """The map after development under even use of every movement: each unit's preference (axis units).

    Starts from preferences spread evenly over the axis and runs ``days`` of
    even use, long enough to settle. The result is cached per map and number of days.
    """
    if not isinstance(motor_map, MotorMap):
        raise TypeError(f"motor_map must be a MotorMap, got {type(motor_map).__name__}")
    check_integer("days", days, low=1, high=100_000)
    # cached: a live explorable re-runs practice from the same developed map
    return _developed(motor_map, days).copy()


@dataclass(frozen=True)
class PracticeSchedule:
    """Days of training one movement, then days of ordinary use.

    Attributes
    ----------
    practised : str
        The trained movement, one of :data:`MOVEMENTS`.
    extra_use : float
        How much more the trained movement is used while training, as a
        multiple of its ordinary use, in (-1, 50]: 0 is no training, and a
        negative value is less use than ordinary (-0.9: a tenth of it, as in a cast).
    training_days : int
        Days of training (count, at least 1); default: Wenger et al.'s
        7 weeks, one update of the map a day.
    rest_days : int
        Days of ordinary use after training (count).
    """

    practised: str = "digits"
    extra_use: float = 2.0
    training_days: int = literature.derived_from(
        ("wenger2017.training_weeks",),
        int(round(7 * literature.published("wenger2017.training_weeks"))),
        "Wenger et al.'s weeks of practice, at one update of the map a day",
    )
    rest_days: int = 0

    def __post_init__(self) -> None:
        if self.practised not in MOVEMENTS:
            raise ValueError(f"practised must be one of {MOVEMENTS}, got {self.practised!r}")
        check_number("extra_use", self.extra_use, low=-1.0, high=50.0, low_inclusive=False)
        check_integer("training_days", self.training_days, low=1, high=10_000)
        check_integer("rest_days", self.rest_days, low=0, high=10_000)

    def shares(self, training: bool) -> np.ndarray:
        """Each movement's share of use on a training day or an ordinary day (fractions, sum 1)."""
        use = np.ones(len(MOVEMENTS))
        if training:
            use[MOVEMENTS.index(self.practised)] += self.extra_use
        return use / use.sum()


@dataclass(frozen=True)
class MapRun:
    """Representation of every movement on every day.

    Attributes
    ----------
    schedule : PracticeSchedule
    shares : numpy.ndarray
        Shape ``(days + 1, movements)``: share of the map per movement, from
        the day before training (row 0) to the last day.
    preferences : numpy.ndarray
        Each unit's preference on the last day (axis units).
    """

    schedule: PracticeSchedule
    shares: np.ndarray
    preferences: np.ndarray

    def of(self, movement: str) -> np.ndarray:
        """The share of one movement, day by day (fraction of the map)."""
        if movement not in MOVEMENTS:
            raise ValueError(f"movement must be one of {MOVEMENTS}, got {movement!r}")
        return self.shares[:, MOVEMENTS.index(movement)]

    def change(self, movement: str, day: int | None = None) -> float:
        """Relative change of a movement's share from before training to ``day`` (default: the last)."""
        series = self.of(movement)
        day = series.size - 1 if day is None else check_integer("day", day, low=0, high=series.size - 1)
        return float(series[day] / series[0] - 1.0)

    def peak_day(self, movement: str) -> int:
        """The training day on which a movement's share first reached its largest value."""
        training = self.of(movement)[: self.schedule.training_days + 1]
        return int(np.argmax(np.round(training, 12)))


def practise_map(motor_map: MotorMap, schedule: PracticeSchedule, start: np.ndarray | None = None) -> MapRun:
    """Train one movement for ``training_days``, then return to ordinary use for ``rest_days``.

    Parameters
    ----------
    motor_map : MotorMap
    schedule : PracticeSchedule
    start : array_like, optional
        Preferences before training (axis units); default :func:`develop_map`'s.

    Returns
    -------
    MapRun
    """
    if not isinstance(motor_map, MotorMap):
        raise TypeError(f"motor_map must be a MotorMap, got {type(motor_map).__name__}")
    if not isinstance(schedule, PracticeSchedule):
        raise TypeError(f"schedule must be a PracticeSchedule, got {type(schedule).__name__}")
    preferences = develop_map(motor_map) if start is None else np.array(start, dtype=float)
    if preferences.shape != (motor_map.n_units,) or not np.all(np.isfinite(preferences)):
        raise ValueError(f"start must hold {motor_map.n_units} finite preferences")
    grid = _movement_grid(motor_map)
    training = _use_density(motor_map, schedule.shares(True), grid)
    ordinary = _use_density(motor_map, schedule.shares(False), grid)
    days = schedule.training_days + schedule.rest_days
    shares = np.empty((days + 1, len(MOVEMENTS)))
    shares[0] = representation(preferences)
    for day in range(1, days + 1):
        density = training if day <= schedule.training_days else ordinary
        preferences = _day(motor_map, preferences, density, grid)
        shares[day] = representation(preferences)
    return MapRun(schedule, shares, preferences)


#: The map was given Wenger et al.'s training time; nothing was set from when
#: their grey matter peaked, so the model's peak day is a prediction.
MAP_PROVENANCE = chapter_provenance(
    "systems.cortex_map",
    "The competitive map of movements, trained for Wenger et al.'s (2017) 7 weeks; its "
    "neighbourhood, plasticity rate and extra use are the chapter's choices.",
    parameters=(PracticeSchedule,),
)
