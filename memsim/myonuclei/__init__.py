"""Chapter 3, the muscle's own memory: a myonuclear-domain model of one fibre.

One module per model; this package re-exports their public names.

* :mod:`~memsim.myonuclei.fibre`: the fibre model and its parameters;
* :mod:`~memsim.myonuclei.protocols`: the published protocols, training plans and the fit.
"""

from memsim.myonuclei.fibre import (
    DEFAULT,
    PHASE_KINDS,
    FibreParameters,
    Phase,
    Trajectory,
    short_half_life,
    simulate,
    with_epigenetic_memory,
)
from memsim.myonuclei.protocols import (
    EGNER_DAYS,
    bruusgaard_protocol,
    egner_protocol,
    fit_defaults,
    fit_residuals,
    onset_day,
    regrowth_advantage,
    training_plan,
)

__all__ = [
    "EGNER_DAYS",
    "bruusgaard_protocol",
    "DEFAULT",
    "egner_protocol",
    "FibreParameters",
    "fit_defaults",
    "fit_residuals",
    "onset_day",
    "Phase",
    "PHASE_KINDS",
    "regrowth_advantage",
    "short_half_life",
    "simulate",
    "training_plan",
    "Trajectory",
    "with_epigenetic_memory",
]
