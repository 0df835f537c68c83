"""Chapter 6: one learning episode seen through all three learners (Doya 1999).

A learner reaches for a target through prisms, day after day, and is rewarded
when the reach lands close enough. Each system learns from what it receives:

* the cerebellum, from the error of each reach (:mod:`memsim.systems.cerebellum`);
* the basal ganglia, from the reward, learning to expect it at the target's
  appearance (:mod:`memsim.systems.basal_ganglia`);
* the motor cortex, from how often the practised movement is made
  (:mod:`memsim.systems.cortex`).

The three are run on one shared sequence of reaches; nothing here is fitted
to data. It is an illustration of the division of labour Doya proposed, with
the learning rates and timescales of the chapter's three models, not a model
of how the three systems interact (none of them reads another's output except
through behaviour: the reward depends on the cerebellum's accuracy).

References
----------
Doya K (1999). Neural Networks 12:961-974. :cite:`doya1999computations`
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from memsim.core.validation import check_integer, check_number, check_seed
from memsim.systems.basal_ganglia import ConditioningSchedule, TDLearner, condition
from memsim.systems.cerebellum import CerebellarLearner, PrismSchedule, simulate_prism
from memsim.systems.cortex import MotorMap, PracticeSchedule, practise_map

__all__ = ["Episode", "EpisodeRun", "division_of_labour"]


@dataclass(frozen=True)
class Episode:
    """Days of reaching through prisms, with a reward for landing near the target.

    Attributes
    ----------
    prism_deg : float
        Displacement of the prisms (degrees), in (0, 45].
    hit_radius_deg : float
        A reach that lands within this distance of the target is rewarded (degrees).
    trials_per_day : int
        Reaches per day (count).
    days : int
        Days of practice (count).
    extra_use : float
        How much more the practised movement is made on a practice day than
        on an ordinary one (multiple of ordinary use).
    motor_noise_deg : float
        Scatter of each reach about its aim (degrees).
    seed : int
        Seed of the scatter.
    """

    prism_deg: float = 10.0
    hit_radius_deg: float = 2.0
    trials_per_day: int = 50
    days: int = 28
    extra_use: float = 2.0
    motor_noise_deg: float = 1.0
    seed: int = 0

    def __post_init__(self) -> None:
        check_number("prism_deg", self.prism_deg, low=0.0, high=45.0, low_inclusive=False)
        check_number("hit_radius_deg", self.hit_radius_deg, low=0.0, high=45.0, low_inclusive=False)
        check_integer("trials_per_day", self.trials_per_day, low=1, high=1000)
        check_integer("days", self.days, low=1, high=365)
        check_number("extra_use", self.extra_use, low=0.0, high=50.0)
        check_number("motor_noise_deg", self.motor_noise_deg, low=0.0, high=45.0)
        check_seed("seed", self.seed)

    @property
    def n_trials(self) -> int:
        """Reaches in the whole episode (count)."""
        return self.trials_per_day * self.days


@dataclass(frozen=True)
class EpisodeRun:
    """What each learner did during the episode.

    Attributes
    ----------
    episode : Episode
    error : numpy.ndarray
        Landing error of each reach (degrees): the cerebellum's teaching signal.
    rewarded : numpy.ndarray
        Whether each reach was rewarded: the basal ganglia's teaching signal.
    cue_response : numpy.ndarray
        The basal ganglia's prediction error when the target appears, per reach (units of reward).
    reward_response : numpy.ndarray
        Their prediction error at the time of the reward (delivered or not), per reach.
    map_share : numpy.ndarray
        Share of the motor map held by the practised movement, from the day
        before practice (entry 0) to the last day (fraction).
    """

    episode: Episode
    error: np.ndarray
    rewarded: np.ndarray
    cue_response: np.ndarray
    reward_response: np.ndarray
    map_share: np.ndarray

    def half_time(self, which: str) -> float:
        """Reaches until a learner has made half its change (count; for the map, whole days of reaches).

        ``which`` is ``"cerebellum"`` (absolute error, smoothed over 5 reaches,
        halfway from its first to its last value), ``"basal ganglia"``
        (response at the target's appearance, halfway to its final value) or
        ``"cortex"`` (map share, halfway to its final change).
        """
        if which == "cerebellum":
            series = np.convolve(np.abs(self.error), np.ones(5) / 5, mode="valid")
            return float(_halfway(series))
        if which == "basal ganglia":
            return float(_halfway(self.cue_response))
        if which == "cortex":
            return float(_halfway(self.map_share) * self.episode.trials_per_day)
        raise ValueError(f"which must be one of ('cerebellum', 'basal ganglia', 'cortex'), got {which!r}")


def _halfway(series: np.ndarray) -> int:
    """First index at which a series has covered half the way from its first to its last value."""
    start, end = series[0], series[-1]
    if end == start:
        return 0
    covered = (series - start) / (end - start)
    return int(np.nonzero(covered >= 0.5)[0][0])


def division_of_labour(
    episode: Episode,
    cerebellum: CerebellarLearner | None = None,
    basal_ganglia: TDLearner | None = None,
    motor_map: MotorMap | None = None,
) -> EpisodeRun:
    """Run the three learners on one episode of practice.

    Parameters
    ----------
    episode : Episode
    cerebellum, basal_ganglia, motor_map
        The learners; default: each model's defaults.

    Returns
    -------
    EpisodeRun
    """
    if not isinstance(episode, Episode):
        raise TypeError(f"episode must be an Episode, got {type(episode).__name__}")
    cerebellum = CerebellarLearner() if cerebellum is None else cerebellum
    basal_ganglia = TDLearner() if basal_ganglia is None else basal_ganglia
    motor_map = MotorMap() if motor_map is None else motor_map
    # The prisms stay on for the whole episode; the schedule needs one throw after them, dropped here.
    reaches = simulate_prism(
        cerebellum,
        PrismSchedule(
            prism_deg=episode.prism_deg,
            n_before=0,
            n_prism=episode.n_trials,
            n_after=1,
            motor_noise_deg=episode.motor_noise_deg,
            seed=episode.seed,
        ),
    )
    error = reaches.error[: episode.n_trials]
    rewarded = np.abs(error) <= episode.hit_radius_deg
    # A coarse delay line is enough here: only the responses at the target and at the reward are read.
    schedule = ConditioningSchedule(
        reward_delay_s=1.0,
        n_trials=episode.n_trials,
        omitted=tuple(int(i) for i in np.nonzero(~rewarded)[0]),
        step_s=0.1,
        cue_s=0.2,
        trial_s=1.5,
    )
    responses = condition(basal_ganglia, schedule)
    practice = practise_map(motor_map, PracticeSchedule(extra_use=episode.extra_use, training_days=episode.days))
    return EpisodeRun(
        episode, error, rewarded, responses.at_cue, responses.at_reward, practice.of(practice.schedule.practised)
    )
