"""Chapter 6, where the memory lives: three learners (cerebellum, basal ganglia, cortex) and how a skill settles.

One module per model; this package re-exports their public names.

* :mod:`~memsim.systems.cerebellum`: an adaptive filter that learns from errors (Marr, Albus, Ito);
* :mod:`~memsim.systems.basal_ganglia`: temporal-difference learning from reward (Schultz, Dayan & Montague 1997);
* :mod:`~memsim.systems.cortex`: a competitive Hebbian map of movements (Kohonen 1982);
* :mod:`~memsim.systems.consolidation`: interference between opposite tasks in the two-state model;
* :mod:`~memsim.systems.episode`: one episode of practice seen through all three learners (Doya 1999);
* :mod:`~memsim.systems.sources`: the published values the chapter's parameters were set from.
"""

from memsim.systems.basal_ganglia import (
    CONDITIONING,
    ConditioningRun,
    ConditioningSchedule,
    SequenceRun,
    SequenceTask,
    TDLearner,
    condition,
    learn_sequence,
)
from memsim.systems.cerebellum import (
    ADAPTED,
    CEREBELLUM_PROVENANCE,
    CerebellarLearner,
    CerebellarSite,
    PrismRun,
    PrismSchedule,
    fibre_activity,
    simulate_prism,
    trials_to_fraction,
)
from memsim.systems.consolidation import (
    FAST_DECAY_S,
    INTERFERENCE_PROVENANCE,
    SECONDS_PER_HOUR,
    SLOW_DECAY_RANGE_S,
    AnterogradeInterference,
    InterferenceProtocol,
    RetrogradeInterference,
    TimeDecay,
    anterograde_interference,
    anterograde_reductions,
    interference_saturation,
    loss_after_rest,
    retrograde_interference,
    session,
)
from memsim.systems.cortex import (
    MAP_PROVENANCE,
    MOVEMENTS,
    MapRun,
    MotorMap,
    PracticeSchedule,
    develop_map,
    practise_map,
    representation,
)
from memsim.systems.episode import (
    Episode,
    EpisodeRun,
    division_of_labour,
)
from memsim.systems.sources import (
    SET_FROM,
    chapter_provenance,
)

__all__ = [
    "ADAPTED",
    "anterograde_interference",
    "anterograde_reductions",
    "AnterogradeInterference",
    "CerebellarLearner",
    "CerebellarSite",
    "chapter_provenance",
    "CEREBELLUM_PROVENANCE",
    "condition",
    "CONDITIONING",
    "ConditioningRun",
    "ConditioningSchedule",
    "develop_map",
    "division_of_labour",
    "Episode",
    "EpisodeRun",
    "FAST_DECAY_S",
    "fibre_activity",
    "INTERFERENCE_PROVENANCE",
    "interference_saturation",
    "InterferenceProtocol",
    "learn_sequence",
    "loss_after_rest",
    "MAP_PROVENANCE",
    "MapRun",
    "MotorMap",
    "MOVEMENTS",
    "PracticeSchedule",
    "practise_map",
    "PrismRun",
    "PrismSchedule",
    "representation",
    "retrograde_interference",
    "RetrogradeInterference",
    "SECONDS_PER_HOUR",
    "SequenceRun",
    "SequenceTask",
    "session",
    "simulate_prism",
    "SET_FROM",
    "SLOW_DECAY_RANGE_S",
    "TDLearner",
    "TimeDecay",
    "trials_to_fraction",
]
