"""Chapter 5, the parcel and the GPS: sensory input, reflexes and feedback control.

One module per model; this package re-exports their public names.

* :mod:`~memsim.sensory.senses`: the senses of the seed text, sorted;
* :mod:`~memsim.sensory.reflex`: the stretch reflex, a Brian2 network;
* :mod:`~memsim.sensory.cues`: visual-haptic cue combination (Ernst & Banks 2002);
* :mod:`~memsim.sensory.reach`: delayed feedback control and the forward model.
"""

from memsim.sensory.cues import (
    CueResult,
    cue_combination_experiment,
    fit_psychometric,
    mle_weights,
)
from memsim.sensory.reach import (
    BUMP_DURATION_S,
    BUMP_ONSET_S,
    CHANNEL_DELAY_MS,
    CHANNELS,
    HOLD_TOLERANCE,
    LONG_DELAY_MS,
    POSITION_GAIN,
    REACH_DELAYS_MS,
    REACH_DISTANCE_M,
    REACH_DURATION_S,
    VELOCITY_GAIN,
    ForceHold,
    ReachResult,
    critical_delay_ms,
    hold_force,
    simulate_reach,
)
from memsim.sensory.reflex import (
    CENTRAL_DELAY_MS,
    CONDUCTION_VELOCITY,
    DESCENDING_DELAY_MS,
    LEG_LENGTH_M,
    SLOW_CONDUCTION_VELOCITY,
    THRESHOLD_MV,
    ReflexParameters,
    ReflexResult,
    h_reflex_latency,
    h_reflex_paths,
    reflex_latencies,
    stretch_reflex,
)
from memsim.sensory.senses import (
    SENSES,
    Sense,
    seed_sense_names,
    seed_senses,
)

__all__ = [
    "BUMP_DURATION_S",
    "BUMP_ONSET_S",
    "CENTRAL_DELAY_MS",
    "CHANNEL_DELAY_MS",
    "CHANNELS",
    "CONDUCTION_VELOCITY",
    "critical_delay_ms",
    "cue_combination_experiment",
    "CueResult",
    "DESCENDING_DELAY_MS",
    "fit_psychometric",
    "ForceHold",
    "h_reflex_latency",
    "h_reflex_paths",
    "hold_force",
    "HOLD_TOLERANCE",
    "LEG_LENGTH_M",
    "LONG_DELAY_MS",
    "mle_weights",
    "POSITION_GAIN",
    "REACH_DELAYS_MS",
    "REACH_DISTANCE_M",
    "REACH_DURATION_S",
    "ReachResult",
    "reflex_latencies",
    "ReflexParameters",
    "ReflexResult",
    "seed_sense_names",
    "seed_senses",
    "Sense",
    "SENSES",
    "simulate_reach",
    "SLOW_CONDUCTION_VELOCITY",
    "stretch_reflex",
    "THRESHOLD_MV",
    "VELOCITY_GAIN",
]
