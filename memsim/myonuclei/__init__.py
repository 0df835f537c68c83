"""Chapter 3, the muscle's own memory: a myonuclear-domain model of one fibre.

One module per model; this package re-exports their public names.

* :mod:`~memsim.myonuclei.fibre`: the fibre model and its parameters;
* :mod:`~memsim.myonuclei.protocols`: the published protocols, training plans and the fit.
"""

from memsim.myonuclei.fibre import (
    DEFAULT,
    PHASE_KINDS,
    SOLVER_ATOL,
    FibreParameters,
    Phase,
    Trajectory,
    short_half_life,
    simulate,
    with_domain_ceiling,
    with_epigenetic_memory,
)
from memsim.myonuclei.protocols import (
    BENCHMARK_SCHEDULE,
    BRUUSGAARD,
    EGNER,
    FIT_TARGETS,
    FITTED,
    PSILANDER,
    BruusgaardProtocol,
    EgnerProtocol,
    PsilanderProtocol,
    bruusgaard_protocol,
    egner_protocol,
    fit_defaults,
    fit_residuals,
    onset_day,
    regrowth_advantage,
    training_plan,
)

__all__ = [
    "BENCHMARK_SCHEDULE",
    "BRUUSGAARD",
    "BruusgaardProtocol",
    "bruusgaard_protocol",
    "DEFAULT",
    "EGNER",
    "EgnerProtocol",
    "egner_protocol",
    "FibreParameters",
    "fit_defaults",
    "fit_residuals",
    "FIT_TARGETS",
    "FITTED",
    "onset_day",
    "Phase",
    "PHASE_KINDS",
    "PSILANDER",
    "PsilanderProtocol",
    "regrowth_advantage",
    "short_half_life",
    "simulate",
    "SOLVER_ATOL",
    "training_plan",
    "Trajectory",
    "with_domain_ceiling",
    "with_epigenetic_memory",
]
