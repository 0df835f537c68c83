"""Chapter 5, model 2: the stretch reflex, a Brian2 network.

Muscle-spindle Ia afferents fire at a rate set by stretch and stretch
velocity; they excite alpha-motoneurons monosynaptically (the short-latency
response, SLR) and inhibit the antagonist through Ia interneurons; a copy of
the signal reaches motor cortex, whose output gives the long-latency response
(LLR); a slower, task-dependent route gives the voluntary response.
Conduction delays are path length / conduction velocity. The latency bands
come from Pruszynski & Scott (2012); the soleus H-reflex from Falco et al.
(1994). The network is compiled once (``cpp_standalone``) and every parameter
that a reader varies (path lengths, velocities, gains) is a run-time value.

References
----------
Pruszynski JA, Scott SH (2012). Exp Brain Res 218:341-359. :cite:`pruszynski2012optimal`
Kurtzer IL (2015). Front Integr Neurosci 8:99. :cite:`kurtzer2015long`
Falco FJE et al. (1994). Muscle Nerve 17:161-167. :cite:`falco1994h`
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import brian2 as b2
import numpy as np

from memsim.core.spiking import CompiledNetwork, run_time_controls
from memsim.core.validation import (
    check_number,
    check_seed,
)

__all__ = [
    "CENTRAL_DELAY_MS",
    "CONDUCTION_VELOCITY",
    "DESCENDING_DELAY_MS",
    "h_reflex_latency",
    "h_reflex_paths",
    "LEG_LENGTH_M",
    "reflex_latencies",
    "ReflexParameters",
    "ReflexResult",
    "SLOW_CONDUCTION_VELOCITY",
    "stretch_reflex",
    "THRESHOLD_MV",
]

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
            4 * _N_IA,
            _AFFERENT_EQS + "block : integer (constant)\n",
            threshold="rand() < rate*dt or abs(t - t_stim - delay_in) < 0.5*dt",
            namespace={"t_on": _ONSET * ms},
            dt=_DT,
            name="afferents",
        )
        self.afferents.block = np.repeat(np.arange(4), _N_IA)
        self.neurons = b2.NeuronGroup(
            self.n_neurons,
            _LIF_EQS
            + """
            w_aff : volt (constant)  # weight of its afferent input
            w_out : volt (constant)  # weight of its output (negative: inhibitory)
            source : integer (constant)
            pool : integer (constant)
            target : integer (constant)
            out_delay : second (constant)
            """,
            threshold="v > threshold",
            reset="v = 0*mV",
            refractory=3 * ms,
            method="euler",
            namespace={"tau": _TAU, "threshold": _THRESHOLD},
            dt=_DT,
            name="neurons",
        )
        self.neurons.source = np.concatenate([np.full(b[1], b[2]) for b in self.BLOCKS])
        self.neurons.target = np.concatenate([np.full(b[1], b[3]) for b in self.BLOCKS])
        self.neurons.pool = np.concatenate([np.full(b[1], k if k < 2 else -2) for k, b in enumerate(self.BLOCKS)])
        self.neurons.out_delay = np.concatenate([np.full(b[1], b[4]) for b in self.BLOCKS]) * ms
        self.input_synapses = b2.Synapses(
            self.afferents,
            self.neurons,
            on_pre="v += w_aff_post",
            dt=_DT,
            namespace={"central": _CENTRAL_DELAY},
            name="input_synapses",
        )
        self.input_synapses.connect(condition="block_pre == source_post", p=0.5)
        # one synapse in the cord before motoneurons and interneurons; the
        # cortical blocks' afferent delays already include the ascending route
        self.input_synapses.delay = "central * int(source_post < 2)"
        self.output_synapses = b2.Synapses(
            self.neurons, self.neurons, on_pre="v += w_out_pre", dt=_DT, name="output_synapses"
        )
        self.output_synapses.connect(condition="target_pre == pool_post", p=0.5)
        self.output_synapses.delay = "out_delay_pre"
        self.spikes = b2.SpikeMonitor(self.neurons, name="spikes")
        network = b2.Network(
            self.controls, self.afferents, self.neurons, self.input_synapses, self.output_synapses, self.spikes
        )
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
        w_out = dict(
            mn_ag=0.0, mn_an=0.0, in_ag=-1.5, in_an=-1.5, ctx=1.2 * p.transcortical_gain, vol=1.5 * p.voluntary_gain
        )
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
        if k + consecutive <= rate.size and above[k : k + consecutive].all():
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
        afferent_path_m=afferent,
        efferent_path_m=efferent,
        ia_velocity=ia_velocity,
        motor_velocity=motor_velocity,
        transcortical_gain=0.0,
        voluntary_gain=0.0,
    )
    ag, _ = _ReflexNetwork.shared().simulate(p=params, seed=seed, h_stimulus=True)
    t, agonist = _emg(ag, params.efferent_ms)
    return _onset(t, agonist, consecutive=1)
