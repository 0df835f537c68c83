"""Chapter 5, the parcel and the GPS: sensory input, reflexes and feedback control.

One module per model; this package re-exports their public names.

* :mod:`~memsim.sensory.senses`: the senses of the seed text, sorted;
* :mod:`~memsim.sensory.reflex`: the stretch reflex, a Brian2 network;
* :mod:`~memsim.sensory.cues`: visual-haptic cue combination (Ernst & Banks 2002);
* :mod:`~memsim.sensory.reach`: delayed feedback control and the forward model.
"""

from memsim.sensory.cues import (
    CUE_EXPERIMENT,
    CueProtocol,
    CueResult,
    cue_combination_experiment,
    fit_psychometric,
    mle_weights,
)
from memsim.sensory.reach import (
    CHANNEL_DELAY_MS,
    CHANNELS,
    FORCE_HOLD,
    FORCE_HOLD_MODEL,
    POSITION_GAIN,
    REACH,
    VELOCITY_GAIN,
    ForceHold,
    ForceHoldProtocol,
    ReachProtocol,
    ReachResult,
    critical_delay_ms,
    hold_force,
    simulate_reach,
)
from memsim.sensory.reflex import (
    CENTRAL_DELAY,
    CONDUCTION_VELOCITY,
    DESCENDING_DELAY,
    H_REFLEX,
    H_REFLEX_MODEL,
    LATENCY_BANDS,
    PACKAGE_INPUTS,
    SLOW_CONDUCTION_VELOCITY,
    STRETCH,
    STRETCH_REFLEX_MODEL,
    THRESHOLD,
    HReflexProtocol,
    ReflexParameters,
    ReflexResult,
    StretchProtocol,
    h_reflex_interval,
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
    "CENTRAL_DELAY",
    "CHANNEL_DELAY_MS",
    "CHANNELS",
    "CONDUCTION_VELOCITY",
    "critical_delay_ms",
    "cue_combination_experiment",
    "CUE_EXPERIMENT",
    "CueProtocol",
    "CueResult",
    "DESCENDING_DELAY",
    "fit_psychometric",
    "FORCE_HOLD",
    "FORCE_HOLD_MODEL",
    "ForceHold",
    "ForceHoldProtocol",
    "H_REFLEX",
    "H_REFLEX_MODEL",
    "h_reflex_interval",
    "h_reflex_latency",
    "h_reflex_paths",
    "hold_force",
    "HReflexProtocol",
    "LATENCY_BANDS",
    "mle_weights",
    "PACKAGE_INPUTS",
    "POSITION_GAIN",
    "REACH",
    "ReachProtocol",
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
    "STRETCH",
    "stretch_reflex",
    "STRETCH_REFLEX_MODEL",
    "StretchProtocol",
    "THRESHOLD",
    "VELOCITY_GAIN",
]
