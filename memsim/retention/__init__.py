"""Chapter 2, practised skills last: the cascade synapse and the two-state model.

One module per model; this package re-exports their public names.

* :mod:`~memsim.retention.cascade`: the cascade synapse of Fusi, Drew & Abbott (2005);
* :mod:`~memsim.retention.adaptation`: the two-state model of motor adaptation (Smith et al. 2006).
"""

from memsim.retention.adaptation import (
    SAVINGS,
    SMITH2006,
    SMITH2006_SINGLE_STATE,
    SMITH2006_TWO_STATE,
    SPONTANEOUS_RECOVERY,
    AdaptationModel,
    AdaptationRun,
    RecoveryProtocol,
    Savings,
    SavingsProtocol,
    Smith2006Fit,
    SpontaneousRecovery,
    savings,
    simulate_adaptation,
    spontaneous_recovery,
)
from memsim.retention.cascade import (
    PRACTICE,
    MonteCarloTrace,
    PracticeProtocol,
    Relearning,
    SynapseModel,
    binary_synapse,
    cascade_synapse,
    depth_occupancy,
    fit_exponential_rate,
    fit_power_law,
    mean_depth,
    mean_signal,
    memory_lifetime,
    relearning,
    simulate_population,
    training_state,
)

__all__ = [
    "AdaptationModel",
    "AdaptationRun",
    "binary_synapse",
    "cascade_synapse",
    "depth_occupancy",
    "fit_exponential_rate",
    "fit_power_law",
    "mean_depth",
    "mean_signal",
    "memory_lifetime",
    "MonteCarloTrace",
    "PRACTICE",
    "PracticeProtocol",
    "RecoveryProtocol",
    "Relearning",
    "relearning",
    "Savings",
    "SAVINGS",
    "savings",
    "SavingsProtocol",
    "simulate_adaptation",
    "simulate_population",
    "SMITH2006",
    "SMITH2006_SINGLE_STATE",
    "SMITH2006_TWO_STATE",
    "Smith2006Fit",
    "SPONTANEOUS_RECOVERY",
    "spontaneous_recovery",
    "SpontaneousRecovery",
    "SynapseModel",
    "training_state",
]
