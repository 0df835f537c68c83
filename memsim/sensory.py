"""Chapter 5: the parcel and the GPS (sensory input, reflexes and feedback control).

Four models of how sensory input shapes movement, from the fastest loop to
the slowest:

1. **The seed's senses, sorted** (:data:`SENSES`): one row per sense named in
   the ELI5 repost, with its receptor, its pathway, whether it feeds movement
   control directly, and the state of the evidence. Human magnetoreception
   rests on one EEG study (Wang et al. 2019) and is contested.
2. **The stretch reflex in Brian2** (:func:`stretch_reflex`,
   :func:`reflex_latencies`, :func:`h_reflex_latency`): muscle-spindle Ia
   afferents fire at a rate set by stretch and stretch velocity; they excite
   alpha-motoneurons monosynaptically (the short-latency response, SLR) and
   inhibit the antagonist through Ia interneurons; a copy of the signal
   reaches motor cortex, whose output gives the long-latency response (LLR);
   a slower, task-dependent route gives the voluntary response. Conduction
   delays are path length / conduction velocity. The latency bands come from
   Pruszynski & Scott (2012); the soleus H-reflex from Falco et al. (1994).
   The network is compiled once (``cpp_standalone``) and every parameter that
   a reader varies (path lengths, velocities, gains) is a run-time value.
3. **Cue combination** (:func:`cue_combination_experiment`): a simulated
   two-interval forced-choice (2IFC) experiment on visual and haptic height,
   after Ernst & Banks (2002). Psychometric functions are fitted by maximum
   likelihood (probit), with bootstrap confidence intervals; visual weights
   come from the shift of the point of subjective equality under a
   visual-haptic conflict.
4. **Delayed feedback control** (:func:`simulate_reach`,
   :func:`hold_force`): a point-mass "hand" follows a planned
   minimum-jerk reach while being pushed by noise and a bump; feedback comes
   late. A pure feedback controller oscillates as the delay grows; a forward
   model (steady-state Kalman filter plus a predictor that replays the motor
   commands sent during the delay, as in a Smith predictor) restores it
   (Wolpert, Ghahramani & Jordan 1995). Removing proprioception leaves the
   slow visual channel, and closing the eyes leaves none, the situation of
   deafferented patients such as GO (Rothwell et al. 1982).

All four are caricatures: see each function's notes for what they leave out.

References
----------
Pruszynski JA, Scott SH (2012). Exp Brain Res 218:341-359. :cite:`pruszynski2012optimal`
Kurtzer IL (2015). Front Integr Neurosci 8:99. :cite:`kurtzer2015long`
Falco FJE et al. (1994). Muscle Nerve 17:161-167. :cite:`falco1994h`
Ernst MO, Banks MS (2002). Nature 415:429-433. :cite:`ernst2002humans`
Wolpert DM, Ghahramani Z, Jordan MI (1995). Science 269:1880-1882. :cite:`wolpert1995internal`
Todorov E, Jordan MI (2002). Nat Neurosci 5:1226-1235. :cite:`todorov2002optimal`
Rothwell JC et al. (1982). Brain 105:515-542. :cite:`rothwell1982manual`
Wang CX et al. (2019). eNeuro 6:ENEURO.0483-18.2019. :cite:`wang2019transduction`
Cordo PJ et al. (2002). J Neurophysiol 87:1186-1195. :cite:`cordo2002position`
Cole J (1995). Pride and a Daily Marathon. MIT Press. :cite:`cole1995pride`
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from importlib import resources

import brian2 as b2
import numpy as np
from scipy.linalg import solve_discrete_are
from scipy.stats import norm

from memsim.spiking import CompiledNetwork, run_time_controls
from memsim.validation import (
    check_choice,
    check_finite_array,
    check_integer,
    check_number,
    check_seed,
)

__all__ = [
    "BUMP_DURATION_S",
    "BUMP_ONSET_S",
    "CENTRAL_DELAY_MS",
    "CHANNELS",
    "CHANNEL_DELAY_MS",
    "CONDUCTION_VELOCITY",
    "DESCENDING_DELAY_MS",
    "HOLD_TOLERANCE",
    "LEG_LENGTH_M",
    "LONG_DELAY_MS",
    "POSITION_GAIN",
    "REACH_DELAYS_MS",
    "REACH_DISTANCE_M",
    "REACH_DURATION_S",
    "SENSES",
    "SLOW_CONDUCTION_VELOCITY",
    "THRESHOLD_MV",
    "VELOCITY_GAIN",
    "CueResult",
    "ForceHold",
    "ReachResult",
    "ReflexParameters",
    "ReflexResult",
    "Sense",
    "critical_delay_ms",
    "cue_combination_experiment",
    "fit_psychometric",
    "h_reflex_latency",
    "h_reflex_paths",
    "hold_force",
    "mle_weights",
    "reflex_latencies",
    "seed_sense_names",
    "seed_senses",
    "simulate_reach",
    "stretch_reflex",
]

# --------------------------------------------------------------------------
# 1. The senses of the seed text
# --------------------------------------------------------------------------

MOVEMENT_ROLES = ("direct", "indirect", "no")
_SEED_FILE = "data/eli5-muscle-memory.txt"  # packaged copy of the seed text


@dataclass(frozen=True)
class Sense:
    """One sense of the seed's list.

    Attributes
    ----------
    sense : str
        The seed's word for it (lower case).
    receptor : str
        The receptor (or receptors) that transduce it.
    pathway : str
        Where the signal goes first.
    movement : str
        Whether it feeds movement control: ``"direct"`` (fast loops that set
        muscle activity), ``"indirect"`` (guides movement through perception
        and choice) or ``"no"`` (drives behaviour through motivation only).
    evidence : str
        State of the evidence, in a few words.
    citation : str
        BibTeX key of a source we checked for this row, or ``""`` where the
        row rests on textbook physiology that we did not re-verify here.
    """

    sense: str
    receptor: str
    pathway: str
    movement: str
    evidence: str
    citation: str = ""

    def __post_init__(self) -> None:
        check_choice("movement", self.movement, MOVEMENT_ROLES)


#: One row per sense named in the seed, plus the five classic senses.
SENSES: tuple[Sense, ...] = (
    Sense("thermoception", "warm and cold receptors (TRP channels on free nerve endings)",
          "small fibres, spinothalamic tract", "indirect", "established"),
    Sense("itch", "itch-selective C fibres (pruriceptors)", "spinothalamic tract", "indirect",
          "established; triggers the scratch reflex"),
    Sense("pressure", "skin mechanoreceptors (Merkel, Ruffini, Pacinian endings)",
          "dorsal columns to somatosensory cortex; spinal reflexes", "direct",
          "established; grip and balance corrections use it"),
    Sense("proprioception", "muscle spindles, joint and skin receptors",
          "Ia and II afferents to spinal cord, cerebellum and cortex", "direct",
          "established; human spindle afferents encode position", "cordo2002position"),
    Sense("tension", "Golgi tendon organs", "Ib afferents to spinal interneurons", "direct",
          "established"),
    Sense("pain", "nociceptors (A-delta and C fibres)", "spinothalamic tract; withdrawal reflex arc",
          "direct", "established; the withdrawal reflex is spinal"),
    Sense("equilibrioception", "vestibular hair cells (semicircular canals, otoliths)",
          "vestibular nuclei to spinal cord and eye muscles", "direct",
          "established; vestibulospinal and vestibulo-ocular reflexes"),
    Sense("stretch", "muscle spindle primary endings", "Ia afferents, monosynaptic to motoneurons",
          "direct", "established; the stretch reflex (modelled below)", "pruszynski2012optimal"),
    Sense("chemoreception", "carotid-body and brainstem chemoreceptors; taste and smell cells",
          "brainstem respiratory centres", "indirect", "established; drives breathing"),
    Sense("thirst", "osmoreceptors of the circumventricular organs", "hypothalamus", "no",
          "established; motivates drinking"),
    Sense("hunger", "gut and hypothalamic nutrient and hormone sensors", "vagus nerve, hypothalamus",
          "no", "established; motivates eating"),
    Sense("magnetoreception", "unknown in humans (magnetite proposed)",
          "unknown", "no",
          "contested: one EEG study (alpha-ERD) awaits independent replication",
          "wang2019transduction"),
    Sense("chronoception", "no receptor: timing is computed by brain circuits",
          "cerebellum, basal ganglia, cortex", "indirect",
          "a brain computation, not a sensory organ"),
    Sense("vision", "rods and cones", "optic nerve to thalamus and superior colliculus", "indirect",
          "established; slower feedback for reaching than proprioception"),
    Sense("hearing", "cochlear hair cells", "auditory nerve to brainstem", "indirect", "established"),
    Sense("touch", "skin mechanoreceptors", "dorsal columns", "direct",
          "established; fast grip corrections"),
    Sense("taste", "taste receptor cells", "cranial nerves VII, IX, X", "no", "established"),
    Sense("smell", "olfactory receptor neurons", "olfactory bulb", "no", "established"),
)


def seed_senses(seed_text: str) -> tuple[str, ...]:
    """Parse the list of senses out of the seed text.

    The repost says "... also includes thermoception, itch, ..., chronoception
    and more."; this returns the listed words, lower case.

    Raises
    ------
    TypeError
        If ``seed_text`` is not a string.
    ValueError
        If the sentence is not found.
    """
    if not isinstance(seed_text, str):
        raise TypeError(f"seed_text must be a string, got {type(seed_text).__name__}")
    text = " ".join(seed_text.split())
    match = re.search(r"also includes (.+?) and more", text)
    if match is None:
        raise ValueError("seed_text must contain the sentence 'also includes ... and more'")
    return tuple(word.strip().lower() for word in match.group(1).split(",") if word.strip())


def seed_sense_names() -> tuple[str, ...]:
    """The senses that the seed text lists, from the copy packaged with memsim.

    The seed (the ELI5 repost the book examines) ships as
    ``memsim/data/eli5-muscle-memory.txt``, so the list is available
    wherever the package is installed; it is parsed by :func:`seed_senses`.

    Returns
    -------
    tuple of str
        The listed senses, lower case, in the seed's order.
    """
    text = resources.files("memsim").joinpath(_SEED_FILE).read_text(encoding="utf-8")
    return seed_senses(text)


# --------------------------------------------------------------------------
# 2. The stretch reflex, in Brian2
# --------------------------------------------------------------------------

_DT = 0.1 * b2.ms
_DURATION = 300 * b2.ms
_ONSET = 100.0  # ms: perturbation (or stimulus) time in every run
_N_IA = 40  # afferents per group
_N_MN = 40  # motoneurons per muscle
_N_IN = 20  # Ia inhibitory interneurons per muscle
_N_CTX = 20  # cortical neurons of the transcortical and voluntary routes
#: Delay of one synapse in the spinal cord (ms). Compiled into the network:
#: changing it after the first run has no effect.
CENTRAL_DELAY_MS = 1.0
#: Motor cortex to the cervical cord (ms; assumed). Compiled in, like the above.
DESCENDING_DELAY_MS = 6.0
#: Spiking threshold of every model neuron (mV above rest). Compiled in.
THRESHOLD_MV = 10.0
#: Default conduction velocity of the Ia afferents and alpha-motor axons
#: (m/s; an assumption, not a verified human value).
CONDUCTION_VELOCITY = 60.0
#: A slower conduction velocity that the chapter compares with the default (m/s; illustrative).
SLOW_CONDUCTION_VELOCITY = 45.0
#: Default leg length of the H-reflex model (m, greater trochanter to floor; assumed).
LEG_LENGTH_M = 0.85
_CENTRAL_DELAY = CENTRAL_DELAY_MS * b2.ms
_DESCENDING_DELAY = DESCENDING_DELAY_MS * b2.ms
_TAU = 10 * b2.ms  # membrane time constant of every model neuron
_THRESHOLD = THRESHOLD_MV * b2.mV

_AFFERENT_EQS = """
delay_in : second (constant)
ramp : second (constant)
size : 1 (constant)
t_stim : second (constant)
r0 : Hz (constant)
k_len : Hz (constant)
k_vel : Hz (constant)
s_now = size*clip((t - t_on - delay_in)/ramp, 0, 1) : 1
s_before = size*clip((t - dt - t_on - delay_in)/ramp, 0, 1) : 1
rate = clip(r0 + k_len*s_now + k_vel*(s_now - s_before)*ramp/dt, 0*Hz, 1000*Hz) : Hz
"""

_LIF_EQS = """
dv/dt = (bias - v)/tau + sigma*sqrt(2/tau)*xi : volt
bias : volt (constant)
sigma : volt (constant)
"""


@dataclass(frozen=True)
class ReflexParameters:
    """Parameters of the stretch-reflex network (all run-time values).

    Attributes
    ----------
    afferent_path_m : float
        Spindle (or stimulation site) to spinal cord, along the nerve (m).
        Default 0.65 m: forearm flexors to the lower cervical cord (assumed).
    efferent_path_m : float
        Spinal cord to the muscle's end plates (m). Default 0.65 m.
    ia_velocity : float
        Conduction velocity of the Ia afferents (m/s). Default 60 m/s.
    motor_velocity : float
        Conduction velocity of the alpha-motor axons (m/s). Default 60 m/s.
    neuromuscular_ms : float
        End plate, muscle action potential and EMG pick-up (ms). Default 1.
    ascending_ms : float
        Spinal cord to motor cortex, relays and cortical processing included
        (ms). Default 25 (assumed).
    decision_ms : float
        Extra time of the voluntary, task-dependent route (ms). Default 60.
    stretch : float
        Size of the imposed stretch, as a fraction of the spindles' range
        (0 to 1). Default 1.
    ramp_ms : float
        Duration of the stretch ramp (ms). Default 25.
    spinal_gain, transcortical_gain, voluntary_gain : float
        Multipliers of the three routes' synaptic strengths (0 switches a
        route off; 0 to 3).
    """

    afferent_path_m: float = 0.65
    efferent_path_m: float = 0.65
    ia_velocity: float = CONDUCTION_VELOCITY
    motor_velocity: float = CONDUCTION_VELOCITY
    neuromuscular_ms: float = 1.0
    ascending_ms: float = 25.0
    decision_ms: float = 60.0
    stretch: float = 1.0
    ramp_ms: float = 25.0
    spinal_gain: float = 1.0
    transcortical_gain: float = 1.0
    voluntary_gain: float = 1.0

    def __post_init__(self) -> None:
        check_number("afferent_path_m", self.afferent_path_m, low=0.05, high=2.0)
        check_number("efferent_path_m", self.efferent_path_m, low=0.05, high=2.0)
        check_number("ia_velocity", self.ia_velocity, low=10.0, high=120.0)
        check_number("motor_velocity", self.motor_velocity, low=10.0, high=120.0)
        check_number("neuromuscular_ms", self.neuromuscular_ms, low=0.0, high=10.0)
        check_number("ascending_ms", self.ascending_ms, low=0.0, high=60.0)
        check_number("decision_ms", self.decision_ms, low=0.0, high=150.0)
        check_number("stretch", self.stretch, low=0.0, high=1.0)
        check_number("ramp_ms", self.ramp_ms, low=5.0, high=100.0)
        for name in ("spinal_gain", "transcortical_gain", "voluntary_gain"):
            check_number(name, getattr(self, name), low=0.0, high=3.0)

    @property
    def afferent_ms(self) -> float:
        """Peripheral afferent conduction time (ms)."""
        return 1000.0 * self.afferent_path_m / self.ia_velocity

    @property
    def efferent_ms(self) -> float:
        """Motor conduction time plus neuromuscular delay (ms)."""
        return 1000.0 * self.efferent_path_m / self.motor_velocity + self.neuromuscular_ms


@dataclass(frozen=True)
class ReflexResult:
    """EMG-like output of one run of the reflex network.

    Attributes
    ----------
    t_ms : ndarray
        Bin centres, relative to the perturbation (ms).
    agonist, antagonist : ndarray
        Population firing rate of the stretched muscle's and the antagonist's
        motoneurons, shifted by the efferent delay so that it is aligned like
        surface EMG (spikes/s per motoneuron, 1-ms bins).
    onset_ms : float
        First time after the perturbation at which the agonist rate exceeds
        the pre-perturbation mean by 4 standard deviations for 2 ms (NaN if
        never).
    params : ReflexParameters
    """

    t_ms: np.ndarray
    agonist: np.ndarray
    antagonist: np.ndarray
    onset_ms: float
    params: ReflexParameters


class _ReflexNetwork(CompiledNetwork):
    """The compiled network; every parameter a reader varies is a run-time value.

    To keep compilation short, the network has one afferent group and one
    group of integrate-and-fire neurons, each made of blocks:

    * afferents: agonist Ia, antagonist Ia, and two copies of the agonist
      signal as it arrives at motor cortex (transcortical route) and after a
      decision (voluntary route);
    * neurons: agonist and antagonist motoneurons, the two muscles' Ia
      inhibitory interneurons, and the cortical neurons of the two routes.
    """

    # neuron blocks: (name, size, afferent block feeding it, motoneuron pool it projects to, output delay)
    BLOCKS = (
        ("mn_ag", _N_MN, 0, -1, 0.0),
        ("mn_an", _N_MN, 1, -1, 0.0),
        ("in_ag", _N_IN, 0, 1, float(_CENTRAL_DELAY / b2.ms)),  # inhibits the antagonist
        ("in_an", _N_IN, 1, 0, float(_CENTRAL_DELAY / b2.ms)),
        ("ctx", _N_CTX, 2, 0, float(_DESCENDING_DELAY / b2.ms)),
        ("vol", _N_CTX, 3, 0, float(_DESCENDING_DELAY / b2.ms)),
    )

    notebook = "05_sensory_input"
    model = "stretch_reflex"

    def __init__(self) -> None:
        sizes = [b[1] for b in self.BLOCKS]
        self.starts = dict(zip([b[0] for b in self.BLOCKS], np.cumsum([0] + sizes[:-1])))
        self.n_neurons = int(sum(sizes))
        super().__init__()

    def define(self, device) -> None:
        ms = b2.ms
        self.controls = run_time_controls(device, check_every=10 * ms)
        # A stimulus at t_stim fires an afferent once on arrival (the
        # electrical volley of an H-reflex); otherwise afferents are Poisson.
        self.afferents = b2.NeuronGroup(
            4 * _N_IA, _AFFERENT_EQS + "block : integer (constant)\n",
            threshold="rand() < rate*dt or abs(t - t_stim - delay_in) < 0.5*dt",
            namespace={"t_on": _ONSET * ms}, dt=_DT, name="afferents",
        )
        self.afferents.block = np.repeat(np.arange(4), _N_IA)
        self.neurons = b2.NeuronGroup(
            self.n_neurons,
            _LIF_EQS + """
            w_aff : volt (constant)  # weight of its afferent input
            w_out : volt (constant)  # weight of its output (negative: inhibitory)
            source : integer (constant)
            pool : integer (constant)
            target : integer (constant)
            out_delay : second (constant)
            """,
            threshold="v > threshold", reset="v = 0*mV", refractory=3 * ms, method="euler",
            namespace={"tau": _TAU, "threshold": _THRESHOLD}, dt=_DT, name="neurons",
        )
        self.neurons.source = np.concatenate([np.full(b[1], b[2]) for b in self.BLOCKS])
        self.neurons.target = np.concatenate([np.full(b[1], b[3]) for b in self.BLOCKS])
        self.neurons.pool = np.concatenate([np.full(b[1], k if k < 2 else -2) for k, b in enumerate(self.BLOCKS)])
        self.neurons.out_delay = np.concatenate([np.full(b[1], b[4]) for b in self.BLOCKS]) * ms
        self.input_synapses = b2.Synapses(self.afferents, self.neurons, on_pre="v += w_aff_post", dt=_DT,
                                          namespace={"central": _CENTRAL_DELAY}, name="input_synapses")
        self.input_synapses.connect(condition="block_pre == source_post", p=0.5)
        # one synapse in the cord before motoneurons and interneurons; the
        # cortical blocks' afferent delays already include the ascending route
        self.input_synapses.delay = "central * int(source_post < 2)"
        self.output_synapses = b2.Synapses(self.neurons, self.neurons, on_pre="v += w_out_pre", dt=_DT,
                                           name="output_synapses")
        self.output_synapses.connect(condition="target_pre == pool_post", p=0.5)
        self.output_synapses.delay = "out_delay_pre"
        self.spikes = b2.SpikeMonitor(self.neurons, name="spikes")
        network = b2.Network(self.controls, self.afferents, self.neurons, self.input_synapses,
                             self.output_synapses, self.spikes)
        network.run(_DURATION)

    def _block_values(self, values: dict[str, float]) -> np.ndarray:
        return np.concatenate([np.full(b[1], float(values[b[0]])) for b in self.BLOCKS])

    def run_args(self, *, p: ReflexParameters, seed: int, h_stimulus: bool) -> dict:
        """Delays, stretch, stimulus, gains and seed of one run as run-time values."""
        ms, mV, Hz = b2.ms, b2.mV, b2.Hz
        size = 0.0 if h_stimulus else p.stretch
        blocks = (  # afferent delay (ms), stretch seen (negative: shortening), stimulus time (ms)
            (p.afferent_ms, size, _ONSET if h_stimulus else 1e6),
            (p.afferent_ms, -size, 1e6),  # the antagonist shortens
            (p.afferent_ms + p.ascending_ms, size, 1e6),
            (p.afferent_ms + p.ascending_ms + p.decision_ms, size, 1e6),
        )
        per_block = lambda k: np.repeat([b[k] for b in blocks], _N_IA)  # noqa: E731
        n_aff = 4 * _N_IA
        mn_bias = dict(mn_ag=6.0, mn_an=6.0, in_ag=4.0, in_an=4.0, ctx=4.0, vol=4.0)
        w_aff = dict(mn_ag=0.8 * p.spinal_gain, mn_an=0.8 * p.spinal_gain, in_ag=0.8, in_an=0.8, ctx=0.8, vol=0.8)
        w_out = dict(mn_ag=0.0, mn_an=0.0, in_ag=-1.5, in_an=-1.5, ctx=1.2 * p.transcortical_gain,
                     vol=1.5 * p.voluntary_gain)
        sigma = dict(mn_ag=2.0, mn_an=2.0, in_ag=1.5, in_an=1.5, ctx=1.5, vol=1.5)
        return {
            self.controls.seed: seed,
            self.afferents.delay_in: per_block(0) * ms,
            self.afferents.size: per_block(1),
            self.afferents.t_stim: per_block(2) * ms,
            self.afferents.ramp: np.full(n_aff, p.ramp_ms) * ms,
            self.afferents.r0: np.full(n_aff, 10.0) * Hz,
            self.afferents.k_len: np.full(n_aff, 60.0) * Hz,
            self.afferents.k_vel: np.full(n_aff, 200.0) * Hz,
            self.neurons.bias: self._block_values(mn_bias) * mV,
            self.neurons.sigma: self._block_values(sigma) * mV,
            self.neurons.w_aff: self._block_values(w_aff) * mV,
            self.neurons.w_out: self._block_values(w_out) * mV,
        }

    def collect(self, **settings) -> tuple[np.ndarray, np.ndarray]:
        """The agonist and antagonist motoneuron spike times (ms)."""
        ms = b2.ms
        i = np.asarray(self.spikes.i[:])
        t = np.asarray(self.spikes.t / ms)
        ag, an = self.starts["mn_ag"], self.starts["mn_an"]
        return t[(i >= ag) & (i < ag + _N_MN)].copy(), t[(i >= an) & (i < an + _N_MN)].copy()


def _emg(spike_ms: np.ndarray, efferent_ms: float) -> tuple[np.ndarray, np.ndarray]:
    """1-ms population rate (spikes/s per motoneuron), aligned to the perturbation."""
    edges = np.arange(-_ONSET, float(_DURATION / b2.ms) - _ONSET + 1.0, 1.0)
    counts, _ = np.histogram(spike_ms - _ONSET + efferent_ms, bins=edges)
    return 0.5 * (edges[1:] + edges[:-1]), counts * 1000.0 / _N_MN


def _onset(t_ms: np.ndarray, rate: np.ndarray, consecutive: int = 2) -> float:
    """First post-perturbation bin where the rate rises clearly above baseline.

    The level is the pre-perturbation mean plus the larger of 4 standard
    deviations of the background and a quarter of the response's peak above
    it, so that a chance fluctuation of the background firing is not read as
    a response; ``consecutive`` bins (1 ms each) must all exceed it (a
    synchronous H-reflex volley is read with ``consecutive=1``).
    """
    baseline = rate[(t_ms > -80) & (t_ms < 0)]
    peak = rate[t_ms > 0].max()
    level = baseline.mean() + max(4 * baseline.std(), 0.25 * (peak - baseline.mean()), 1e-9)
    above = rate > level
    for k in np.flatnonzero((t_ms > 0) & above):
        if k + consecutive <= rate.size and above[k:k + consecutive].all():
            return float(t_ms[k] - 0.5)  # the bin's start
    return float("nan")


def stretch_reflex(params: ReflexParameters | None = None, *, seed: int = 0) -> ReflexResult:
    """Stretch the agonist muscle and record both muscles' motoneurons.

    Parameters
    ----------
    params : ReflexParameters, optional
        Path lengths, velocities, delays and route gains.
    seed : int
        Seed of every random draw (Poisson afferents, membrane noise,
        connectivity); the same seed gives the same spikes.

    Returns
    -------
    ReflexResult

    Notes
    -----
    A caricature: rate-coded afferents with a fixed linear response to
    length and velocity (real spindles are nonlinear and fusimotor-driven),
    current-based leaky integrate-and-fire neurons, one cortical "relay"
    whose delay lumps the dorsal columns, thalamus and sensory cortex, and
    no muscle mechanics (the stretch is imposed, not a result of the
    response).
    """
    params = ReflexParameters() if params is None else params
    if not isinstance(params, ReflexParameters):
        raise TypeError(f"params must be ReflexParameters, got {type(params).__name__}")
    seed = check_seed("seed", seed)
    ag, an = _ReflexNetwork.shared().simulate(p=params, seed=seed, h_stimulus=False)
    t, agonist = _emg(ag, params.efferent_ms)
    _, antagonist = _emg(an, params.efferent_ms)
    return ReflexResult(t, agonist, antagonist, _onset(t, agonist), params)


def reflex_latencies(params: ReflexParameters | None = None, *, seed: int = 0) -> dict[str, float]:
    """Onset latency of each route, measured with the other routes switched off.

    Returns
    -------
    dict
        ``"SLR"``, ``"LLR"`` and ``"voluntary"`` onset latencies (ms after
        the perturbation), as an experimenter would read them off the EMG.
    """
    params = ReflexParameters() if params is None else params
    if not isinstance(params, ReflexParameters):
        raise TypeError(f"params must be ReflexParameters, got {type(params).__name__}")
    routes = {
        "SLR": dict(spinal_gain=1.0, transcortical_gain=0.0, voluntary_gain=0.0),
        "LLR": dict(spinal_gain=0.0, transcortical_gain=1.0, voluntary_gain=0.0),
        "voluntary": dict(spinal_gain=0.0, transcortical_gain=0.0, voluntary_gain=1.0),
    }
    return {name: stretch_reflex(replace(params, **gains), seed=seed).onset_ms for name, gains in routes.items()}


def h_reflex_paths(leg_length_m: float) -> tuple[float, float]:
    """Afferent and efferent nerve paths of the soleus H-reflex (m).

    Assumed geometry, scaled with leg length (greater trochanter to floor):
    stimulation in the popliteal fossa, half a leg length above the floor;
    the afferent volley runs knee -> hip (0.5 L) -> conus medullaris
    (0.39 L), the efferent one back down to the soleus end plates, 0.17 L
    below the knee.
    """
    leg = check_number("leg_length_m", leg_length_m, low=0.5, high=1.3)
    afferent = 0.89 * leg
    return afferent, afferent + 0.17 * leg


def h_reflex_latency(
    leg_length_m: float = LEG_LENGTH_M,
    *,
    ia_velocity: float = CONDUCTION_VELOCITY,
    motor_velocity: float = CONDUCTION_VELOCITY,
    seed: int = 0,
) -> float:
    """Onset latency of the soleus H-reflex in the network (ms).

    An electrical volley starts in every Ia afferent at the popliteal fossa;
    the latency is read from the motoneurons' first response, plus the
    motor conduction and neuromuscular delays.

    Parameters
    ----------
    leg_length_m : float
        Leg length (m, 0.5 to 1.3).
    ia_velocity, motor_velocity : float
        Conduction velocities (m/s, 10 to 120).
    seed : int
        Random seed.
    """
    seed = check_seed("seed", seed)
    afferent, efferent = h_reflex_paths(leg_length_m)
    params = ReflexParameters(
        afferent_path_m=afferent, efferent_path_m=efferent, ia_velocity=ia_velocity,
        motor_velocity=motor_velocity, transcortical_gain=0.0, voluntary_gain=0.0,
    )
    ag, _ = _ReflexNetwork.shared().simulate(p=params, seed=seed, h_stimulus=True)
    t, agonist = _emg(ag, params.efferent_ms)
    return _onset(t, agonist, consecutive=1)


# --------------------------------------------------------------------------
# 3. Cue combination (Ernst & Banks 2002)
# --------------------------------------------------------------------------


def mle_weights(sigma_visual: float, sigma_haptic: float) -> tuple[float, float, float]:
    """Reliability weights and combined noise of the maximum-likelihood estimate.

    Returns
    -------
    (w_visual, w_haptic, sigma_combined)
        ``w_i = (1/sigma_i^2) / sum_j (1/sigma_j^2)`` and
        ``sigma_VH^2 = sigma_V^2 sigma_H^2 / (sigma_V^2 + sigma_H^2)``.
    """
    sv = check_number("sigma_visual", sigma_visual, low=0.0, low_inclusive=False)
    sh = check_number("sigma_haptic", sigma_haptic, low=0.0, low_inclusive=False)
    w_v = sh**2 / (sv**2 + sh**2)
    return w_v, 1.0 - w_v, float(np.sqrt(sv**2 * sh**2 / (sv**2 + sh**2)))


def fit_psychometric(levels: np.ndarray, n_trials: np.ndarray, n_yes: np.ndarray,
                     iterations: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood cumulative-Gaussian fits, vectorised over data sets.

    Fits ``P(yes | x) = Phi((x - mu) / s)`` by Newton's method on the probit
    likelihood.

    Parameters
    ----------
    levels : ndarray, shape (k,)
        Stimulus levels (any unit, e.g. mm), finite, k >= 3.
    n_trials : ndarray, shape (k,)
        Trials per level: whole numbers >= 0, with trials at two or more
        distinct levels.
    n_yes : ndarray, shape (..., k)
        "Yes" counts, whole numbers in ``[0, n_trials]``; leading axes are
        independent data sets (e.g. bootstrap replicates).
    iterations : int
        Fisher-scoring steps (1 to 1000).

    Returns
    -------
    (mu, s) : ndarrays of shape ``n_yes.shape[:-1]``
        Point of subjective equality and spread (the JND: the distance from
        the 50 % to the 84 % point), in the units of ``levels``.

    Raises
    ------
    TypeError
        If ``iterations`` is not an integer.
    ValueError
        If a shape does not match, a value is not finite, a count is negative
        or fractional, ``n_yes`` exceeds ``n_trials``, or all trials are at one
        level.
    """
    iterations = check_integer("iterations", iterations, low=1, high=1000)
    x = np.asarray(levels, dtype=float)
    n = np.asarray(n_trials, dtype=float)
    y = np.asarray(n_yes, dtype=float)
    if x.ndim != 1 or x.size < 3 or n.shape != x.shape or y.ndim < 1 or y.shape[-1] != x.size:
        raise ValueError(
            "levels and n_trials must be 1-D arrays of one length k >= 3 and n_yes of shape (..., k), "
            f"got shapes {x.shape}, {n.shape} and {y.shape}"
        )
    check_finite_array("levels", x)
    for name, counts in (("n_trials", n), ("n_yes", y)):
        if not np.all(np.isfinite(counts)) or np.any(counts < 0) or np.any(counts != np.round(counts)):
            raise ValueError(f"{name} must hold whole numbers >= 0 (counts of trials)")
    if np.any(y > n):
        raise ValueError("n_yes must lie within [0, n_trials] at every level")
    if np.unique(x[n > 0]).size < 2:
        raise ValueError("levels and n_trials must put trials at two or more distinct levels")
    # Start from a linear regression of the empirical probits.
    p = np.clip((y + 0.5) / (n + 1.0), 1e-3, 1 - 1e-3)
    z = norm.ppf(p)
    xc = x - x.mean()
    b = (z * xc).sum(-1) / (xc**2).sum()
    a = z.mean(-1) - b * x.mean()
    b = np.maximum(b, 1e-3)
    for _ in range(iterations):
        eta = np.clip(a[..., None] + b[..., None] * x, -8, 8)
        phi, cdf = norm.pdf(eta), np.clip(norm.cdf(eta), 1e-10, 1 - 1e-10)
        # Fisher scoring for the probit model (expected information).
        u = (y - n * cdf) * phi / (cdf * (1 - cdf))
        wgt = n * phi**2 / (cdf * (1 - cdf))
        g = np.stack([u.sum(-1), (u * x).sum(-1)], -1)
        h00, h01, h11 = wgt.sum(-1), (wgt * x).sum(-1), (wgt * x * x).sum(-1)
        det = h00 * h11 - h01**2
        a = a + (h11 * g[..., 0] - h01 * g[..., 1]) / det
        b = np.maximum(b + (-h01 * g[..., 0] + h00 * g[..., 1]) / det, 1e-4)
    return -a / b, 1.0 / b


@dataclass(frozen=True)
class CueResult:
    """Fits of one simulated cue-combination experiment.

    Attributes
    ----------
    sigma_visual, sigma_haptic : float
        The simulated observer's single-cue noise (mm).
    jnd_visual, jnd_haptic, jnd_combined : float
        Fitted JNDs (mm) of the visual-alone, haptic-alone and combined
        (no-conflict) conditions; JND = spread of the psychometric function,
        i.e. sqrt(2) times the single-interval noise in 2IFC.
    jnd_ci : dict
        95 % bootstrap intervals of the three JNDs.
    weight_visual : float
        Visual weight fitted from the PSE shift under conflict.
    weight_ci : tuple
        Its 95 % bootstrap interval.
    weight_predicted : float
        MLE weight from the true single-cue noise.
    weight_from_jnds : float
        MLE weight predicted from the *fitted* single-cue JNDs, as Ernst &
        Banks did.
    jnd_predicted : float
        Combined JND predicted from the fitted single-cue JNDs.
    n_trials : int
        Trials per condition.
    curves : dict
        Per condition: (levels, proportion "comparison taller", mu, s).
    """

    sigma_visual: float
    sigma_haptic: float
    jnd_visual: float
    jnd_haptic: float
    jnd_combined: float
    jnd_ci: dict
    weight_visual: float
    weight_ci: tuple
    weight_predicted: float
    weight_from_jnds: float
    jnd_predicted: float
    n_trials: int
    curves: dict = field(repr=False)


def _simulate_2ifc(rng, levels, per_level, sigma_v, sigma_h, w_v, conflict, cue):
    """'Comparison taller' counts of one condition of the 2IFC task.

    The standard (55 mm) carries the conflict, visual +conflict/2 and haptic
    -conflict/2; the comparison has no conflict. In each interval the
    observer's estimate is the cue(s) plus Gaussian noise, combined with
    weight w_v.
    """
    shape = (levels.size, per_level)
    sv = 0.5 * conflict
    if cue == "visual":
        standard = sv + sigma_v * rng.standard_normal(shape)
        comparison = levels[:, None] + sigma_v * rng.standard_normal(shape)
    elif cue == "haptic":
        standard = -sv + sigma_h * rng.standard_normal(shape)
        comparison = levels[:, None] + sigma_h * rng.standard_normal(shape)
    else:
        standard = w_v * (sv + sigma_v * rng.standard_normal(shape)) + (1 - w_v) * (
            -sv + sigma_h * rng.standard_normal(shape))
        comparison = levels[:, None] + w_v * sigma_v * rng.standard_normal(shape) + (
            1 - w_v) * sigma_h * rng.standard_normal(shape)
    return (comparison > standard).sum(axis=1)


def cue_combination_experiment(
    sigma_visual: float,
    sigma_haptic: float = 1.5,
    *,
    conflict: float = 6.0,
    trials_per_level: int = 80,
    n_bootstrap: int = 400,
    seed: int = 0,
) -> CueResult:
    """Simulate a visual-haptic 2IFC height-discrimination experiment and fit it.

    Five conditions: visual alone, haptic alone, and visual + haptic with a
    conflict of ``-conflict``, 0 and ``+conflict`` between the cues in the
    standard. Comparison heights (relative to the 55-mm standard) span
    +-3 combined JNDs in 13 levels.

    Parameters
    ----------
    sigma_visual, sigma_haptic : float
        Single-interval noise of each cue (mm, > 0; at most 20).
    conflict : float
        Visual minus haptic height in the conflict conditions (mm, 1 to 20).
    trials_per_level : int
        Trials per comparison level and condition (10 to 1000).
    n_bootstrap : int
        Bootstrap replicates (parametric: binomial redraws from the fitted
        psychometric functions; 50 to 5000).
    seed : int
        Random seed.

    Returns
    -------
    CueResult
    """
    sv = check_number("sigma_visual", sigma_visual, low=0.0, high=20.0, low_inclusive=False)
    sh = check_number("sigma_haptic", sigma_haptic, low=0.0, high=20.0, low_inclusive=False)
    conflict = check_number("conflict", conflict, low=1.0, high=20.0)
    per_level = check_integer("trials_per_level", trials_per_level, low=10, high=1000)
    n_boot = check_integer("n_bootstrap", n_bootstrap, low=50, high=5000)
    rng = np.random.default_rng(check_seed("seed", seed))
    w_v, _, s_vh = mle_weights(sv, sh)
    conditions = {
        "visual": ("visual", 0.0, sv), "haptic": ("haptic", 0.0, sh),
        "minus": ("both", -conflict, s_vh), "zero": ("both", 0.0, s_vh), "plus": ("both", conflict, s_vh),
    }
    n_levels = 13
    fits, boots, curves = {}, {}, {}
    for name, (cue, delta, s) in conditions.items():
        centre = (2 * w_v - 1) * delta / 2 if cue == "both" else 0.0
        levels = centre + np.linspace(-3, 3, n_levels) * np.sqrt(2) * s
        yes = _simulate_2ifc(rng, levels, per_level, sv, sh, w_v, delta, cue)
        n = np.full(n_levels, per_level)
        mu, spread = fit_psychometric(levels, n, yes)
        # Parametric bootstrap: redraw every level from the fitted function.
        p_fit = norm.cdf((levels - mu) / spread)
        boot_yes = rng.binomial(per_level, p_fit, size=(n_boot, n_levels))
        boots[name] = fit_psychometric(levels, n, boot_yes)
        fits[name] = (float(mu), float(spread))
        curves[name] = (levels, yes / per_level, float(mu), float(spread))

    def weight(mu_plus, mu_minus):
        # PSE = (2 w_v - 1) * conflict / 2, so w_v = 1/2 + (PSE+ - PSE-) / (2 conflict).
        return 0.5 + (mu_plus - mu_minus) / (2 * conflict)

    w_fit = weight(fits["plus"][0], fits["minus"][0])
    w_boot = weight(boots["plus"][0], boots["minus"][0])
    ci = lambda v: tuple(float(q) for q in np.percentile(v, [2.5, 97.5]))  # noqa: E731
    jv, jh = fits["visual"][1], fits["haptic"][1]
    w_from_jnds, _, jnd_pred = mle_weights(jv, jh)
    return CueResult(
        sigma_visual=sv, sigma_haptic=sh, jnd_visual=jv, jnd_haptic=jh, jnd_combined=fits["zero"][1],
        jnd_ci={"visual": ci(boots["visual"][1]), "haptic": ci(boots["haptic"][1]), "combined": ci(boots["zero"][1])},
        weight_visual=float(w_fit), weight_ci=ci(w_boot), weight_predicted=w_v,
        weight_from_jnds=w_from_jnds, jnd_predicted=jnd_pred, n_trials=per_level * n_levels, curves=curves,
    )


# --------------------------------------------------------------------------
# 4. Delayed feedback control and the forward model
# --------------------------------------------------------------------------

CHANNELS = ("proprioception", "vision", "none")
#: Sensor noise (position m, velocity m/s) of each channel (assumed).
_CHANNEL_NOISE = {"proprioception": (0.004, 0.04), "vision": (0.002, None)}
#: Default feedback delay of each channel (ms; assumed, within the ranges quoted in the chapter).
CHANNEL_DELAY_MS = {"proprioception": 50.0, "vision": 120.0, "none": 0.0}
_MASS = 1.0  # kg, effective mass of the hand and arm
_DT_CONTROL = 0.004  # s (4-ms steps: fine enough for 50-150 ms delays, and fast)
#: Default feedback gains of the reach controller: position (N/m) and velocity (N s/m).
#: Without a forward model the loop is stable only below :func:`critical_delay_ms` of delay.
POSITION_GAIN = 25.0
VELOCITY_GAIN = 5.0
#: Default reach distance (m) and duration (s).
REACH_DISTANCE_M = 0.2
REACH_DURATION_S = 0.5
#: The bump (the "traffic"): onset after the reach starts, and duration (s).
BUMP_ONSET_S = 0.15
BUMP_DURATION_S = 0.05
#: A delay longer than the default gains tolerate well (ms): there the chapter compares the controllers.
LONG_DELAY_MS = 100.0
#: Feedback delays that the chapter compares (ms).
REACH_DELAYS_MS = (0.0, 50.0, LONG_DELAY_MS, 150.0)
#: Band around the target force within which a hold counts as held (fraction of the target).
HOLD_TOLERANCE = 0.10


@dataclass(frozen=True)
class ReachResult:
    """Trajectories of a batch of simulated reaches.

    Attributes
    ----------
    t : ndarray
        Time (s).
    position : ndarray, shape (n_trials, n_steps)
        Hand position (m).
    plan : ndarray
        Planned (minimum-jerk) position (m).
    endpoint_error : float
        Root-mean-square distance from the target over the hold period
        (after the movement and the bump have ended), over trials (m).
    overshoot : float
        Mean over trials of the largest excursion past the target (m).
    """

    t: np.ndarray
    position: np.ndarray
    plan: np.ndarray
    endpoint_error: float
    overshoot: float


def critical_delay_ms(position_gain: float = POSITION_GAIN, velocity_gain: float = VELOCITY_GAIN) -> float:
    """Longest feedback delay at which the pure-feedback reach is still stable (ms).

    Without a forward model, the error ``e`` of the point-mass hand obeys
    ``m e'' = -K_p e(t - d) - K_v e'(t - d)``. Its characteristic equation
    ``m s^2 + (K_v s + K_p) exp(-s d) = 0`` has a root on the imaginary axis,
    ``s = i w``, when ``m w^2 = |K_p + i K_v w|`` and
    ``d = atan2(K_v w, K_p) / w``; below that delay every root lies in the
    left half-plane, above it the loop oscillates with growing amplitude.

    Parameters
    ----------
    position_gain : float
        ``K_p`` (N/m, > 0 and at most 400).
    velocity_gain : float
        ``K_v`` (N s/m, 0 to 80).

    Returns
    -------
    float
        The critical delay (ms); 0 when ``K_v = 0`` (an undamped loop is
        never stable with delay).

    Notes
    -----
    The linear, noise-free loop of :func:`simulate_reach` with a continuous
    delay; the simulation's 4-ms time steps shift the boundary slightly.
    """
    kp = check_number("position_gain", position_gain, low=0.0, high=400.0, low_inclusive=False)
    kv = check_number("velocity_gain", velocity_gain, low=0.0, high=80.0)
    # m^2 w^4 - K_v^2 w^2 - K_p^2 = 0, solved for w^2
    w = math.sqrt((kv**2 + math.sqrt(kv**4 + 4 * _MASS**2 * kp**2)) / (2 * _MASS**2))
    return 1000.0 * math.atan2(kv * w, kp) / w


def _min_jerk(t: np.ndarray, distance: float, duration: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tau = np.clip(t / duration, 0, 1)
    pos = distance * (10 * tau**3 - 15 * tau**4 + 6 * tau**5)
    vel = distance / duration * (30 * tau**2 - 60 * tau**3 + 30 * tau**4)
    acc = distance / duration**2 * (60 * tau - 180 * tau**2 + 120 * tau**3)
    return pos, vel, acc


def _kalman_gain(channel: str, motor_noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Steady-state Kalman gain and measurement matrix of one sensory channel."""
    dt = _DT_CONTROL
    a = np.array([[1.0, dt], [0.0, 1.0]])
    q = np.diag([1e-12, (motor_noise * dt / _MASS) ** 2])
    pos_sd, vel_sd = _CHANNEL_NOISE[channel]
    h = np.eye(2) if vel_sd is not None else np.array([[1.0, 0.0]])
    r = np.diag([pos_sd**2] + ([vel_sd**2] if vel_sd is not None else []))
    p = solve_discrete_are(a.T, h.T, q, r)
    k = p @ h.T @ np.linalg.inv(h @ p @ h.T + r)
    return k, h


def simulate_reach(
    channel: str = "proprioception",
    *,
    delay_ms: float | None = None,
    forward_model: bool = True,
    distance: float = REACH_DISTANCE_M,
    duration: float = REACH_DURATION_S,
    bump: float = 2.0,
    motor_noise: float = 0.5,
    position_gain: float = POSITION_GAIN,
    velocity_gain: float = VELOCITY_GAIN,
    n_trials: int = 40,
    seed: int = 0,
) -> ReachResult:
    """Simulate reaches of a point-mass hand with delayed, noisy feedback.

    The controller sends the planned force (mass x planned acceleration of a
    minimum-jerk reach) plus feedback ``K_p (x_plan - x_hat) + K_v (v_plan -
    v_hat)``. Without a forward model, ``x_hat, v_hat`` is the delayed
    measurement itself, taken as if it were current. With one, a
    steady-state Kalman filter estimates the state ``delay`` ago from the
    measurements and the motor commands (efference copy), and a predictor
    replays the commands sent since then to estimate the present state. With
    ``channel="none"`` (no feedback at all) the forward model runs open loop
    on the commands alone, as in the dark.

    Parameters
    ----------
    channel : str
        ``"proprioception"`` (position and velocity, default delay 50 ms),
        ``"vision"`` (position only, 120 ms) or ``"none"``.
    delay_ms : float, optional
        Feedback delay (ms, 0 to 250); the channel's default if omitted.
    forward_model : bool
        Use the Kalman filter and predictor.
    distance, duration : float
        Reach distance (m, 0.01 to 0.5) and duration (s, 0.2 to 2).
    bump : float
        Peak of a force pulse pushing the hand :data:`BUMP_ONSET_S` into the
        reach, for :data:`BUMP_DURATION_S` (N, 0 to 20): the "traffic".
    motor_noise : float
        Standard deviation of force noise per step (N, 0 to 5).
    position_gain : float
        Feedback gain ``K_p`` on the position error (N/m, 0 to 400).
    velocity_gain : float
        Feedback gain ``K_v`` on the velocity error (N s/m, 0 to 80).
    n_trials : int
        Trials simulated at once (1 to 500).
    seed : int
        Random seed.

    Notes
    -----
    One channel at a time: a healthy subject has both proprioception and
    vision, and combining two channels with different delays is left out.
    The gains are fixed; an optimal controller (Todorov & Jordan 2002) would
    also retune them to the delay and the task.
    """
    check_choice("channel", channel, CHANNELS)
    delay = CHANNEL_DELAY_MS[channel] if delay_ms is None else check_number("delay_ms", delay_ms, low=0.0, high=250.0)
    if not isinstance(forward_model, bool):
        raise TypeError(f"forward_model must be a bool, got {type(forward_model).__name__}")
    distance = check_number("distance", distance, low=0.01, high=0.5)
    duration = check_number("duration", duration, low=0.2, high=2.0)
    bump = check_number("bump", bump, low=0.0, high=20.0)
    motor_noise = check_number("motor_noise", motor_noise, low=0.0, high=5.0)
    kp = check_number("position_gain", position_gain, low=0.0, high=400.0)
    kv = check_number("velocity_gain", velocity_gain, low=0.0, high=80.0)
    n = check_integer("n_trials", n_trials, low=1, high=500)
    rng = np.random.default_rng(check_seed("seed", seed))
    dt = _DT_CONTROL
    lag = int(round(delay / 1000.0 / dt))
    t = np.arange(0.0, duration + 0.8, dt)
    steps = t.size
    plan, plan_v, plan_a = _min_jerk(t, distance, duration)
    pulse = bump * ((t >= BUMP_ONSET_S) & (t < BUMP_ONSET_S + BUMP_DURATION_S))
    noise = motor_noise * rng.standard_normal((steps, n))
    # time-major arrays (step, trial): the replay window is then a contiguous block
    x = np.zeros((steps, n))
    v = np.zeros((steps, n))
    u = np.zeros((steps, n))
    h = None
    if channel != "none":
        k, h = _kalman_gain(channel, max(motor_noise, 1e-3))
        pos_sd, vel_sd = _CHANNEL_NOISE[channel]
        meas_noise = rng.standard_normal((steps, n, h.shape[0])) * np.array(
            [pos_sd] + ([vel_sd] if vel_sd is not None else []))
    back = max(1, int(round(0.01 / dt)))  # vision: velocity from frames 10 ms apart
    est_x, est_v = np.zeros(n), np.zeros(n)  # filter estimate of the state `lag` steps ago
    two_signals = channel != "none" and h.shape[0] == 2
    lever = (lag - 1 - np.arange(lag)) * dt**2 / _MASS  # replay weights of the delayed commands
    for i in range(steps - 1):
        j = i - lag  # the moment the newest measurement describes
        if channel == "none":
            # Open loop: the internal model integrates the commands, nothing corrects it.
            hat_x, hat_v = est_x, est_v
        elif forward_model:
            if j >= 0:
                innov_x = x[j] + meas_noise[j, :, 0] - est_x
                if two_signals:
                    innov_v = v[j] + meas_noise[j, :, 1] - est_v
                    est_x, est_v = (est_x + k[0, 0] * innov_x + k[0, 1] * innov_v,
                                    est_v + k[1, 0] * innov_x + k[1, 1] * innov_v)
                else:
                    est_x, est_v = est_x + k[0, 0] * innov_x, est_v + k[1, 0] * innov_x
            # replay the commands sent during the delay (exact for the model's dynamics)
            window = u[max(j, 0):i]
            steps_back = window.shape[0]
            hat_x = est_x + steps_back * dt * est_v + lever[lag - steps_back:] @ window
            hat_v = est_v + dt / _MASS * window.sum(axis=0)
        else:
            j = max(j, 0)
            hat_x = x[j] + meas_noise[j, :, 0]
            if two_signals:
                hat_v = v[j] + meas_noise[j, :, 1]
            else:
                old = max(j - back, 0)
                hat_v = (hat_x - x[old] - meas_noise[old, :, 0]) / (back * dt)
        u[i] = _MASS * plan_a[i] + kp * (plan[i] - hat_x) + kv * (plan_v[i] - hat_v)
        v[i + 1] = v[i] + dt * (u[i] + pulse[i] + noise[i]) / _MASS
        x[i + 1] = x[i] + dt * v[i]
        if channel == "none" or (forward_model and j >= 0):
            # advance the filter's estimate by one step with the command sent then
            m = i if channel == "none" else j
            est_x, est_v = est_x + dt * est_v, est_v + dt * u[m] / _MASS
    hold = t >= duration + 0.3
    error = float(np.sqrt(np.mean((x[hold] - distance) ** 2)))
    overshoot = float(np.mean(np.maximum(x.max(axis=0) - distance, 0.0)))
    return ReachResult(t, np.ascontiguousarray(x.T), plan, error, overshoot)


@dataclass(frozen=True)
class ForceHold:
    """A batch of attempts to hold a steady force.

    Attributes
    ----------
    t : ndarray
        Time (s).
    force : ndarray, shape (n_trials, n_steps)
        Produced force (N).
    hold_time : float
        Median time until the force first leaves the band of
        +-:data:`HOLD_TOLERANCE` around the target (s; the trial length if it
        never does).
    """

    t: np.ndarray
    force: np.ndarray
    hold_time: float


def hold_force(
    channel: str = "proprioception",
    *,
    target: float = 5.0,
    drift: float = 0.3,
    duration: float = 10.0,
    n_trials: int = 50,
    seed: int = 0,
) -> ForceHold:
    """Try to hold a steady force with drifting muscle output and delayed feedback.

    The muscle's output per unit command wanders (a random walk of
    ``drift`` N per sqrt(s), standing for fatigue and changing recruitment);
    feedback of the force (tendon organs and skin for ``"proprioception"``,
    seeing the force for ``"vision"``, each as late as in ``CHANNEL_DELAY_MS``)
    corrects it with an integral controller; with ``"none"`` nothing does.

    Parameters
    ----------
    channel : str
        ``"proprioception"``, ``"vision"`` or ``"none"``.
    target : float
        Force to hold (N, 0.5 to 50).
    drift : float
        Random-walk intensity of the output (N/sqrt(s), 0 to 10).
    duration : float
        Trial length (s, 1 to 60).
    n_trials : int
        Trials (1 to 500).
    seed : int
        Random seed.
    """
    check_choice("channel", channel, CHANNELS)
    target = check_number("target", target, low=0.5, high=50.0)
    drift = check_number("drift", drift, low=0.0, high=10.0)
    duration = check_number("duration", duration, low=1.0, high=60.0)
    n = check_integer("n_trials", n_trials, low=1, high=500)
    rng = np.random.default_rng(check_seed("seed", seed))
    dt = 0.005
    t = np.arange(0.0, duration, dt)
    # The same feedback delays as the reach, so the two tasks are one body.
    lag = int(round(CHANNEL_DELAY_MS[channel] / 1000.0 / dt))
    gain = {"proprioception": 4.0, "vision": 1.5, "none": 0.0}[channel]  # integral gain (1/s)
    disturbance = np.cumsum(drift * np.sqrt(dt) * rng.standard_normal((n, t.size)), axis=1)
    command = np.full(n, target)
    force = np.zeros((n, t.size))
    for i in range(t.size):
        force[:, i] = command + disturbance[:, i]
        seen = force[:, max(i - lag, 0)]
        command = command + dt * gain * (target - seen)
    outside = np.abs(force - target) > HOLD_TOLERANCE * target
    first = np.where(outside.any(axis=1), outside.argmax(axis=1) * dt, duration)
    return ForceHold(t, force, float(np.median(first)))
