"""Chapter 1, practice strengthens pathways: spike-timing-dependent plasticity.

One module per model; this package re-exports their public names.

* :mod:`~memsim.pathways.pairing`: the pairing protocol of Bi & Poo (1998) and the STDP window;
* :mod:`~memsim.pathways.competition`: synaptic competition after Song, Miller & Abbott (2000);
* :mod:`~memsim.pathways.practice`: practice curves from the competition network, and their laws.
"""

from memsim.pathways.competition import (
    COMPETITION_PARAMETERS,
    GRID_MODULATIONS,
    LEARNERS_PER_RUN,
    MAX_COMPETITION_DURATION,
    N_INPUTS,
    PRACTICE_A_PLUS,
    SHARED_RATE_CORRELATION_TIME,
    SNAPSHOT_INTERVAL,
    SWEEP_RATES_HZ,
    CompetitionResult,
    CompetitionSuite,
    ModelParameter,
    bimodal_fraction,
    competition_experiment,
    competition_suite,
)
from memsim.pathways.pairing import (
    PAIRING_SCHEMES,
    PairingResult,
    STDPRule,
    WindowFit,
    fit_stdp_window,
    frequency_sweep,
    pairing_experiment,
    stdp_window,
)
from memsim.pathways.practice import (
    PRACTICE_LAWS,
    LawFit,
    PracticeCurves,
    fit_practice_law,
    practice_curves,
    response_latency,
)

__all__ = [
    "bimodal_fraction",
    "competition_experiment",
    "COMPETITION_PARAMETERS",
    "competition_suite",
    "CompetitionResult",
    "CompetitionSuite",
    "fit_practice_law",
    "fit_stdp_window",
    "frequency_sweep",
    "GRID_MODULATIONS",
    "LawFit",
    "LEARNERS_PER_RUN",
    "MAX_COMPETITION_DURATION",
    "ModelParameter",
    "N_INPUTS",
    "pairing_experiment",
    "PAIRING_SCHEMES",
    "PairingResult",
    "PRACTICE_A_PLUS",
    "practice_curves",
    "PRACTICE_LAWS",
    "PracticeCurves",
    "response_latency",
    "SHARED_RATE_CORRELATION_TIME",
    "SNAPSHOT_INTERVAL",
    "stdp_window",
    "STDPRule",
    "SWEEP_RATES_HZ",
    "WindowFit",
]
