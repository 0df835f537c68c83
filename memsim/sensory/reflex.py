"""Chapter 5, model 2: the stretch reflex, a Brian2 network.

Muscle-spindle Ia afferents fire at a rate set by stretch and stretch
velocity; they excite alpha-motoneurons monosynaptically (the short-latency
response, SLR) and inhibit the antagonist through Ia interneurons; a copy of
the signal reaches motor cortex, whose output gives the long-latency response
(LLR); a slower, task-dependent route gives the voluntary response.
Conduction delays are path length / conduction velocity. The latency bands
come from Pruszynski & Scott (2012); the soleus H-reflex from Falco et al.
(1994), whose latency is held out: the H-reflex runs at conduction
velocities taken from other studies (muscle-afferent and motor velocities of
the sciatic nerve, slowed by the age effect measured on the tibial nerve),
and its latency is a prediction. The network is compiled once (``cpp_standalone``) and every parameter
that a reader varies (path lengths, velocities, gains) is a run-time value.

References
----------
Pruszynski JA, Scott SH (2012). Exp Brain Res 218:341-359. :cite:`pruszynski2012optimal`
Kurtzer IL (2015). Front Integr Neurosci 8:99. :cite:`kurtzer2015long`
Falco FJE et al. (1994). Muscle Nerve 17:161-167. :cite:`falco1994h`
Conduction velocity in motor, cutaneous afferent, and muscle afferent fibers
within the same mixed nerve (1994). Muscle Nerve. :cite:`mixednerve1994conduction`
Tibial M- and F-waves in 100 adults aged 17-88 (title not recorded; 1983). Jpn J Rehabil Med 20:143.
:cite:`tibialage1983fwave`
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import cast

import brian2 as b2
import numpy as np

from memsim import literature
from memsim.core.fields import quantity_field
from memsim.core.spiking import CompiledNetwork, run_time_controls
from memsim.core.validation import (
    check_number,
    check_quantity,
    check_seed,
)

__all__ = [
    "CENTRAL_DELAY",
    "CONDUCTION_VELOCITY",
    "DESCENDING_DELAY",
    "H_REFLEX",
    "H_REFLEX_MODEL",
    "h_reflex_interval",
    "h_reflex_latency",
    "h_reflex_paths",
    "HReflexProtocol",
    "LATENCY_BANDS",
    "PACKAGE_INPUTS",
    "reflex_latencies",
    "ReflexParameters",
    "ReflexResult",
    "SLOW_CONDUCTION_VELOCITY",
    "STRETCH",
    "stretch_reflex",
    "STRETCH_REFLEX_MODEL",
    "StretchProtocol",
    "THRESHOLD",
]

_MPS = b2.meter / b2.second

# --------------------------------------------------------------------------
# 2. The stretch reflex, in Brian2
# --------------------------------------------------------------------------

_DT = 0.1 * b2.ms
_N_IA = 40  # afferents per group
_N_MN = 40  # motoneurons per muscle
_N_IN = 20  # Ia inhibitory interneurons per muscle
_N_CTX = 20  # cortical neurons of the transcortical and voluntary routes
#: Delay of one synapse in the spinal cord. Compiled into the network:
#: changing it after the first run has no effect.
CENTRAL_DELAY = 1.0 * b2.ms
#: Motor cortex to the cervical cord (assumed). Compiled in, like the above.
DESCENDING_DELAY = 6.0 * b2.ms
#: Spiking threshold of every model neuron (above rest). Compiled in.
THRESHOLD = 10.0 * b2.mV
#: Default conduction velocity of the Ia afferents and alpha-motor axons of the
#: stretch-reflex model (an assumption, not a verified human value). The
#: H-reflex comparison does not use it: it runs at the cohort's sourced
#: velocities, :attr:`HReflexProtocol.ia_velocities` and ``motor_velocities``.
CONDUCTION_VELOCITY = 60.0 * _MPS
#: A slower conduction velocity that the chapter compares with the default (illustrative).
SLOW_CONDUCTION_VELOCITY = 45.0 * _MPS
_TAU = 10 * b2.ms  # membrane time constant of every model neuron

#: The published latency bands of the three responses to a stretch (Pruszynski
#: & Scott 2012): ``name -> (start, end)``, quantities in time; the voluntary
#: response has no end (``inf``). Built from the table of published values.
LATENCY_BANDS: dict[str, tuple[b2.Quantity, b2.Quantity]] = {
    "SLR": (
        literature.published("pruszynski2012.slr_start", quantity=True),
        literature.published("pruszynski2012.slr_end", quantity=True),
    ),
    "LLR": (
        literature.published("pruszynski2012.slr_end", quantity=True),
        literature.published("pruszynski2012.llr_end", quantity=True),
    ),
    "voluntary": (literature.published("pruszynski2012.llr_end", quantity=True), np.inf * b2.ms),
}


@dataclass(frozen=True)
class StretchProtocol:
    """The imposed-stretch experiment of Chapter 5 (after Pruszynski & Scott 2012).

    Attributes
    ----------
    onset : brian2.Quantity
        Time of the perturbation (or of the H-reflex stimulus) in every run
        (time). Compiled into the network.
    duration : brian2.Quantity
        Length of every run (time). Compiled in.
    baseline : tuple of brian2.Quantity
        Window before the stretch, relative to it, over which background
        firing is measured (time): -60 to 0 ms.
    response : tuple of brian2.Quantity
        Window after the stretch over which the antagonist's inhibition is
        measured (time): 30 to 90 ms, the SLR and LLR before the voluntary
        response ends.
    """

    onset: b2.Quantity = quantity_field(100.0 * b2.ms)
    duration: b2.Quantity = quantity_field(300.0 * b2.ms)
    baseline: tuple[b2.Quantity, b2.Quantity] = quantity_field((-60.0 * b2.ms, 0.0 * b2.ms))
    response: tuple[b2.Quantity, b2.Quantity] = quantity_field((30.0 * b2.ms, 90.0 * b2.ms))


#: The chapter's stretch protocol.
STRETCH = StretchProtocol()


def _cohort_velocities(young_key: str, drop_key: str) -> tuple[b2.Quantity, b2.Quantity]:
    """(slowest, fastest) conduction velocity for a cohort aged 60-88 (speed).

    The fastest is the published mean of adults (``young_key``, m/s); the
    slowest is that mean slowed by the published age effect (``drop_key``, %
    decrease of adults over 70 against adults under 30). Between-subject
    spread is not included: the sources give means only.
    """
    fast = literature.get(young_key).value
    slow = fast * (1.0 - literature.get(drop_key).value / 100.0)
    return slow * _MPS, fast * _MPS


_IA_KEYS = ("mixednerve1994.muscle_afferent_cv", "tibialage1983.mcv_drop_over_70")
_MOTOR_KEYS = ("mixednerve1994.motor_cv", "tibialage1983.mcv_drop_over_70")
_AGEING = "young adults' mean, and that mean less the drop of tibial motor velocity over 70"


@dataclass(frozen=True)
class HReflexProtocol:
    """The soleus H-reflex experiment of Chapter 5 (after Falco et al. 1994).

    Falco et al.'s latency (healthy adults aged 60-88) is held out: nothing
    here is set from it.

    Attributes
    ----------
    leg_length : brian2.Quantity
        Default leg length, greater trochanter to floor (length; assumed,
        not sourced: we found no leg length for the cohort).
    leg_lengths : tuple of brian2.Quantity
        Leg lengths of the chapter's sensitivity sweep (length): 0.70 to
        1.05 m in 6 steps (assumed).
    velocities : tuple of brian2.Quantity
        Conduction velocities compared in the sweep (speed): the default and
        the slower one.
    ia_velocities : tuple of brian2.Quantity
        (slowest, fastest) Ia-afferent conduction velocity of the cohort
        (speed): the sciatic nerve's muscle-afferent mean, and that mean
        slowed by the age effect (:func:`_cohort_velocities`).
    motor_velocities : tuple of brian2.Quantity
        The same for the alpha-motor fibres (speed).
    """

    leg_length: b2.Quantity = quantity_field(0.85 * b2.meter)
    leg_lengths: tuple[b2.Quantity, ...] = quantity_field(tuple(float(x) * b2.meter for x in np.linspace(0.7, 1.05, 6)))
    velocities: tuple[b2.Quantity, ...] = quantity_field((CONDUCTION_VELOCITY, SLOW_CONDUCTION_VELOCITY))
    ia_velocities: tuple[b2.Quantity, b2.Quantity] = literature.derived_from(
        _IA_KEYS, _cohort_velocities(*_IA_KEYS), how=_AGEING
    )
    motor_velocities: tuple[b2.Quantity, b2.Quantity] = literature.derived_from(
        _MOTOR_KEYS, _cohort_velocities(*_MOTOR_KEYS), how=_AGEING
    )


#: The chapter's H-reflex protocol.
H_REFLEX = HReflexProtocol()

_ONSET_MS = float(STRETCH.onset / b2.ms)  # private float copies for the histogram code

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
    afferent_path : brian2.Quantity
        Spindle (or stimulation site) to spinal cord, along the nerve
        (length, 0.05 to 2 m). Default 0.65 m: forearm flexors to the lower
        cervical cord (assumed).
    efferent_path : brian2.Quantity
        Spinal cord to the muscle's end plates (length, 0.05 to 2 m). Default 0.65 m.
    ia_velocity : brian2.Quantity
        Conduction velocity of the Ia afferents (speed, 10 to 120 m/s). Default 60 m/s.
    motor_velocity : brian2.Quantity
        Conduction velocity of the alpha-motor axons (speed, 10 to 120 m/s). Default 60 m/s.
    neuromuscular : brian2.Quantity
        End plate, muscle action potential and EMG pick-up (time, 0 to 10 ms). Default 1 ms.
    ascending : brian2.Quantity
        Spinal cord to motor cortex, relays and cortical processing included
        (time, 0 to 60 ms). Default 25 ms (assumed).
    decision : brian2.Quantity
        Extra time of the voluntary, task-dependent route (time, 0 to 150 ms). Default 60 ms.
    stretch : float
        Size of the imposed stretch, as a fraction of the spindles' range
        (0 to 1). Default 1.
    ramp : brian2.Quantity
        Duration of the stretch ramp (time, 5 to 100 ms). Default 25 ms.
    spinal_gain, transcortical_gain, voluntary_gain : float
        Multipliers of the three routes' synaptic strengths (0 switches a
        route off; 0 to 3).
    """

    afferent_path: b2.Quantity = quantity_field(0.65 * b2.meter)
    efferent_path: b2.Quantity = quantity_field(0.65 * b2.meter)
    ia_velocity: b2.Quantity = quantity_field(CONDUCTION_VELOCITY)
    motor_velocity: b2.Quantity = quantity_field(CONDUCTION_VELOCITY)
    neuromuscular: b2.Quantity = quantity_field(1.0 * b2.ms)
    ascending: b2.Quantity = quantity_field(25.0 * b2.ms)
    decision: b2.Quantity = quantity_field(60.0 * b2.ms)
    stretch: float = 1.0
    ramp: b2.Quantity = quantity_field(25.0 * b2.ms)
    spinal_gain: float = 1.0
    transcortical_gain: float = 1.0
    voluntary_gain: float = 1.0

    def __post_init__(self) -> None:
        check_quantity("afferent_path", self.afferent_path, b2.meter, low=0.05, high=2.0)
        check_quantity("efferent_path", self.efferent_path, b2.meter, low=0.05, high=2.0)
        check_quantity("ia_velocity", self.ia_velocity, _MPS, low=10.0, high=120.0)
        check_quantity("motor_velocity", self.motor_velocity, _MPS, low=10.0, high=120.0)
        check_quantity("neuromuscular", self.neuromuscular, b2.ms, low=0.0, high=10.0)
        check_quantity("ascending", self.ascending, b2.ms, low=0.0, high=60.0)
        check_quantity("decision", self.decision, b2.ms, low=0.0, high=150.0)
        check_number("stretch", self.stretch, low=0.0, high=1.0)
        check_quantity("ramp", self.ramp, b2.ms, low=5.0, high=100.0)
        for name in ("spinal_gain", "transcortical_gain", "voluntary_gain"):
            check_number(name, getattr(self, name), low=0.0, high=3.0)

    @property
    def _afferent_ms(self) -> float:
        # Computed in floats as path (m) * 1000 / velocity (m/s), so that the
        # model's delays are bit-for-bit those of the float version.
        return 1000.0 * float(self.afferent_path / b2.meter) / float(self.ia_velocity / _MPS)

    @property
    def _efferent_ms(self) -> float:
        motor = 1000.0 * float(self.efferent_path / b2.meter) / float(self.motor_velocity / _MPS)
        return motor + float(self.neuromuscular / b2.ms)

    @property
    def afferent_delay(self) -> b2.Quantity:
        """Peripheral afferent conduction time (time)."""
        return self._afferent_ms * b2.ms

    @property
    def efferent_delay(self) -> b2.Quantity:
        """Motor conduction time plus neuromuscular delay (time)."""
        return self._efferent_ms * b2.ms


@dataclass(frozen=True)
class ReflexResult:
    """EMG-like output of one run of the reflex network.

    Attributes
    ----------
    t : brian2.Quantity
        Bin centres, relative to the perturbation (time array, 1-ms bins).
    agonist, antagonist : brian2.Quantity
        Population firing rate of the stretched muscle's and the antagonist's
        motoneurons, shifted by the efferent delay so that it is aligned like
        surface EMG (rate arrays: spikes/s per motoneuron, 1-ms bins).
    onset : brian2.Quantity
        First time after the perturbation at which the agonist rate exceeds
        the pre-perturbation mean by 4 standard deviations for 2 ms (time;
        NaN ms if never).
    params : ReflexParameters
    """

    t: b2.Quantity
    agonist: b2.Quantity
    antagonist: b2.Quantity
    onset: b2.Quantity
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
        ("in_ag", _N_IN, 0, 1, float(CENTRAL_DELAY / b2.ms)),  # inhibits the antagonist
        ("in_an", _N_IN, 1, 0, float(CENTRAL_DELAY / b2.ms)),
        ("ctx", _N_CTX, 2, 0, float(DESCENDING_DELAY / b2.ms)),
        ("vol", _N_CTX, 3, 0, float(DESCENDING_DELAY / b2.ms)),
    )

    notebook = "05_sensory_input"
    model = "stretch_reflex"

    def __init__(self) -> None:
        sizes = [b[1] for b in self.BLOCKS]
        self.starts = dict(zip([b[0] for b in self.BLOCKS], np.cumsum([0] + sizes[:-1]), strict=True))
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
            namespace={"t_on": STRETCH.onset},
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
            namespace={"tau": _TAU, "threshold": THRESHOLD},
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
            namespace={"central": CENTRAL_DELAY},
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
        network.run(STRETCH.duration)

    def _block_values(self, values: dict[str, float]) -> np.ndarray:
        return np.concatenate([np.full(b[1], float(values[b[0]])) for b in self.BLOCKS])

    def run_args(self, *, p: ReflexParameters, seed: int, h_stimulus: bool) -> dict:
        """Delays, stretch, stimulus, gains and seed of one run as run-time values."""
        ms, mv, hz = b2.ms, b2.mV, b2.Hz
        size = 0.0 if h_stimulus else p.stretch
        ascending_ms = float(p.ascending / ms)
        blocks = (  # afferent delay (ms), stretch seen (negative: shortening), stimulus time (ms)
            (p._afferent_ms, size, _ONSET_MS if h_stimulus else 1e6),
            (p._afferent_ms, -size, 1e6),  # the antagonist shortens
            (p._afferent_ms + ascending_ms, size, 1e6),
            (p._afferent_ms + ascending_ms + float(p.decision / ms), size, 1e6),
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
            self.afferents.ramp: np.full(n_aff, float(p.ramp / ms)) * ms,
            self.afferents.r0: np.full(n_aff, 10.0) * hz,
            self.afferents.k_len: np.full(n_aff, 60.0) * hz,
            self.afferents.k_vel: np.full(n_aff, 200.0) * hz,
            self.neurons.bias: self._block_values(mn_bias) * mv,
            self.neurons.sigma: self._block_values(sigma) * mv,
            self.neurons.w_aff: self._block_values(w_aff) * mv,
            self.neurons.w_out: self._block_values(w_out) * mv,
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
    edges = np.arange(-_ONSET_MS, float(STRETCH.duration / b2.ms) - _ONSET_MS + 1.0, 1.0)
    counts, _ = np.histogram(spike_ms - _ONSET_MS + efferent_ms, bins=edges)
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
    seed = cast(int, check_seed("seed", seed))  # an int: None is rejected
    ag, an = _ReflexNetwork.shared().simulate(p=params, seed=seed, h_stimulus=False)
    t, agonist = _emg(ag, params._efferent_ms)
    _, antagonist = _emg(an, params._efferent_ms)
    return ReflexResult(t * b2.ms, agonist * b2.Hz, antagonist * b2.Hz, _onset(t, agonist) * b2.ms, params)


def reflex_latencies(params: ReflexParameters | None = None, *, seed: int = 0) -> dict[str, b2.Quantity]:
    """Onset latency of each route, measured with the other routes switched off.

    Returns
    -------
    dict
        ``"SLR"``, ``"LLR"`` and ``"voluntary"`` onset latencies after the
        perturbation (time), as an experimenter would read them off the EMG.
    """
    params = ReflexParameters() if params is None else params
    if not isinstance(params, ReflexParameters):
        raise TypeError(f"params must be ReflexParameters, got {type(params).__name__}")
    routes = {
        "SLR": dict(spinal_gain=1.0, transcortical_gain=0.0, voluntary_gain=0.0),
        "LLR": dict(spinal_gain=0.0, transcortical_gain=1.0, voluntary_gain=0.0),
        "voluntary": dict(spinal_gain=0.0, transcortical_gain=0.0, voluntary_gain=1.0),
    }
    return {name: stretch_reflex(replace(params, **gains), seed=seed).onset for name, gains in routes.items()}


#: Fractions of the leg length (greater trochanter to floor) that make up the
#: H-reflex's nerve paths (assumed geometry): popliteal fossa to hip (0.5) plus
#: hip to conus medullaris (0.39), and popliteal fossa to the soleus end plates.
_AFFERENT_FRACTION, _KNEE_TO_SOLEUS = 0.89, 0.17


def h_reflex_paths(leg_length: b2.Quantity) -> tuple[b2.Quantity, b2.Quantity]:
    """Afferent and efferent nerve paths of the soleus H-reflex (lengths).

    Assumed geometry, scaled with leg length (greater trochanter to floor,
    0.5 to 1.3 m): stimulation in the popliteal fossa, half a leg length
    above the floor; the afferent volley runs knee -> hip (0.5 L) -> conus
    medullaris (0.39 L), the efferent one back down to the soleus end
    plates, 0.17 L below the knee.
    """
    leg = check_quantity("leg_length", leg_length, b2.meter, low=0.5, high=1.3)
    afferent = _AFFERENT_FRACTION * leg
    return afferent * b2.meter, (afferent + _KNEE_TO_SOLEUS * leg) * b2.meter


def h_reflex_latency(
    leg_length: b2.Quantity | None = None,
    *,
    ia_velocity: b2.Quantity = CONDUCTION_VELOCITY,
    motor_velocity: b2.Quantity = CONDUCTION_VELOCITY,
    seed: int = 0,
) -> b2.Quantity:
    """Onset latency of the soleus H-reflex in the network (time).

    An electrical volley starts in every Ia afferent at the popliteal fossa;
    the latency is read from the motoneurons' first response, plus the
    motor conduction and neuromuscular delays.

    Parameters
    ----------
    leg_length : brian2.Quantity, optional
        Leg length (length, 0.5 to 1.3 m); :data:`H_REFLEX` ``.leg_length`` if omitted.
    ia_velocity, motor_velocity : brian2.Quantity
        Conduction velocities (speed, 10 to 120 m/s).
    seed : int
        Random seed.
    """
    seed = cast(int, check_seed("seed", seed))  # an int: None is rejected
    afferent, efferent = h_reflex_paths(H_REFLEX.leg_length if leg_length is None else leg_length)
    params = ReflexParameters(
        afferent_path=afferent,
        efferent_path=efferent,
        ia_velocity=ia_velocity,
        motor_velocity=motor_velocity,
        transcortical_gain=0.0,
        voluntary_gain=0.0,
    )
    ag, _ = _ReflexNetwork.shared().simulate(p=params, seed=seed, h_stimulus=True)
    t, agonist = _emg(ag, params._efferent_ms)
    return _onset(t, agonist, consecutive=1) * b2.ms


def h_reflex_interval(
    leg_length: b2.Quantity | None = None, *, seed: int = 0
) -> tuple[b2.Quantity, b2.Quantity, b2.Quantity]:
    """The H-reflex latency predicted for the cohort, over its sourced conduction velocities (time).

    Runs :func:`h_reflex_latency` at the slowest and the fastest pair of
    :data:`H_REFLEX` ``.ia_velocities`` and ``.motor_velocities``, and at
    their midpoints.

    Parameters
    ----------
    leg_length : brian2.Quantity, optional
        Leg length (length, 0.5 to 1.3 m); :data:`H_REFLEX` ``.leg_length`` if omitted.
    seed : int
        Random seed.

    Returns
    -------
    (low, middle, high) : brian2.Quantity
        Latency at the fastest velocities, at the midpoints, and at the
        slowest (time).
    """
    (ia_slow, ia_fast), (mn_slow, mn_fast) = H_REFLEX.ia_velocities, H_REFLEX.motor_velocities
    pairs = ((ia_fast, mn_fast), ((ia_slow + ia_fast) / 2, (mn_slow + mn_fast) / 2), (ia_slow, mn_slow))
    low, middle, high = (h_reflex_latency(leg_length, ia_velocity=ia, motor_velocity=mn, seed=seed) for ia, mn in pairs)
    return low, middle, high


#: The table keys that set a value anywhere in this chapter's package (the
#: latency bands drawn beside the reflex, and the cohort's conduction
#: velocities); every model of the chapter declares them as inputs, so none
#: of them can be called a prediction.
PACKAGE_INPUTS: frozenset[str] = frozenset(
    ("pruszynski2012.slr_start", "pruszynski2012.slr_end", "pruszynski2012.llr_end")
) | literature.parameter_sources(HReflexProtocol)

#: What the stretch-reflex network was set from. Its LLR and voluntary delays
#: were chosen to land in Pruszynski & Scott's bands, which are also drawn
#: beside it: every latency-band row is an input, not evidence.
STRETCH_REFLEX_MODEL = literature.provenance(
    "sensory.stretch_reflex",
    5,
    "Brian2 stretch reflex: assumed paths and 60 m/s; ascending and decision delays chosen to fit the latency bands",
    parameters=(ReflexParameters, HReflexProtocol),
    inputs=PACKAGE_INPUTS,
)

#: What the H-reflex run was set from: the cohort's conduction velocities
#: (sourced), an assumed leg length and geometry. Falco et al.'s latency and
#: its correlation with leg length are held out.
H_REFLEX_MODEL = literature.provenance(
    "sensory.h_reflex",
    5,
    "the reflex network's H-reflex at sourced cohort velocities and an assumed 85-cm leg; Falco 1994 held out",
    parameters=(ReflexParameters, HReflexProtocol),
    inputs=PACKAGE_INPUTS,
)
