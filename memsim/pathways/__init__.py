"""Chapter 1, practice strengthens pathways: spike-timing-dependent plasticity.

One module per model; this package re-exports their public names.

* :mod:`~memsim.pathways.pairing`: the pairing protocol of Bi & Poo (1998) and the STDP window;
* :mod:`~memsim.pathways.competition`: synaptic competition after Song, Miller & Abbott (2000);
* :mod:`~memsim.pathways.practice`: practice curves from the competition network, and their laws.
"""

from memsim.pathways.competition import (
    COMPETITION,
    COMPETITION_PARAMETERS,
    LEARNERS_PER_RUN,
    MAX_COMPETITION_DURATION,
    N_INPUTS,
    SHARED_RATE_CORRELATION_TIME,
    SNAPSHOT_INTERVAL,
    SONG_PARAMETERS,
    CompetitionProtocol,
    CompetitionResult,
    CompetitionSuite,
    ModelParameter,
    SongParameters,
    bimodal_fraction,
    competition_experiment,
    competition_suite,
)
from memsim.pathways.pairing import (
    FREQUENCY_EXPERIMENT,
    HIGH_FREQUENCY_PAIRING,
    PAIRING,
    PAIRING_SCHEMES,
    FrequencyProtocol,
    PairingProtocol,
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
    PRACTICE_TEST,
    LawFit,
    PracticeCurves,
    PracticeTest,
    fit_practice_law,
    practice_curves,
    response_latency,
)

__all__ = [
    "bimodal_fraction",
    "COMPETITION",
    "competition_experiment",
    "COMPETITION_PARAMETERS",
    "competition_suite",
    "CompetitionProtocol",
    "CompetitionResult",
    "CompetitionSuite",
    "fit_practice_law",
    "fit_stdp_window",
    "FREQUENCY_EXPERIMENT",
    "frequency_sweep",
    "FrequencyProtocol",
    "HIGH_FREQUENCY_PAIRING",
    "LawFit",
    "LEARNERS_PER_RUN",
    "MAX_COMPETITION_DURATION",
    "ModelParameter",
    "N_INPUTS",
    "PAIRING",
    "pairing_experiment",
    "PAIRING_SCHEMES",
    "PairingProtocol",
    "PairingResult",
    "practice_curves",
    "PRACTICE_LAWS",
    "PRACTICE_TEST",
    "PracticeCurves",
    "PracticeTest",
    "response_latency",
    "SHARED_RATE_CORRELATION_TIME",
    "SNAPSHOT_INTERVAL",
    "SONG_PARAMETERS",
    "SongParameters",
    "stdp_window",
    "STDPRule",
    "WindowFit",
]
