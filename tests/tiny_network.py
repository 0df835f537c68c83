"""A tiny compiled network that exercises :class:`memsim.core.spiking.CompiledNetwork`.

Small enough to compile in seconds, long enough (up to 2000 s of simulated
time) to be interrupted mid-run. Child processes import it by module path.
"""

from __future__ import annotations

import sys

import brian2 as b2
import numpy as np

from memsim.core.spiking import CompiledNetwork, run_time_controls

N_NEURONS = 20
MAX_DURATION = 2000 * b2.second


class TinyNetwork(CompiledNetwork):
    """Poisson neurons whose rates, seed and run length are run-time values."""

    notebook = "tests"
    model = "tiny"
    memo_size = 4

    def define(self, device) -> None:
        self.controls = run_time_controls(device, check_every=10 * b2.ms)
        self.neurons = b2.NeuronGroup(
            N_NEURONS,
            "rate : Hz (constant)\ngain : 1 (constant)",
            threshold="rand() < gain * rate * dt",
            dt=0.1 * b2.ms,
            name="neurons",
        )
        # An array set at build time (not a run-time value), so that the build
        # writes a static array that the binary reads at start.
        self.neurons.gain = np.ones(N_NEURONS)
        self.spikes = b2.SpikeMonitor(self.neurons, name="spikes")
        b2.Network(self.controls, self.neurons, self.spikes).run(MAX_DURATION)

    def run_args(self, *, rates_hz: np.ndarray, seed: int, duration_s: float) -> dict:
        return {
            self.controls.seed: seed,
            self.controls.stop_at: duration_s * b2.second,
            self.neurons.rate: np.asarray(rates_hz, dtype=float) * b2.Hz,
        }

    def collect(self, **settings) -> tuple[np.ndarray, np.ndarray]:
        return np.asarray(self.spikes.i[:]).copy(), np.asarray(self.spikes.t[:] / b2.second).copy()


def spikes(seed: int, duration_s: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Spike indices and times (s) of one run, rates 10..200 Hz."""
    rates = np.linspace(10.0, 200.0, N_NEURONS)
    return TinyNetwork.shared().simulate(rates_hz=rates, seed=seed, duration_s=duration_s)


def digest(seed: int, duration_s: float = 1.0) -> str:
    """A short text that identifies one run's spikes."""
    i, t = spikes(seed, duration_s)
    return f"{i.size}:{int(i.sum())}:{float(t.sum()):.9f}"


if __name__ == "__main__":  # python -m tests.tiny_network SEED N_RUNS: one digest per line
    seed, n_runs = int(sys.argv[1]), int(sys.argv[2])
    TinyNetwork.shared().forget_runs()
    for _ in range(n_runs):
        TinyNetwork.shared().forget_runs()
        print(digest(seed), flush=True)
