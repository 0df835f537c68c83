"""The compiled-network layer never returns a wrong number.

Each test sets up one fault that used to give a silent wrong result or a
confusing error: two processes sharing a build folder, an interrupt, damaged
or deleted build files, bad arguments that cost a compilation, and a cache
that grew without bound. Faults are real: real processes, real signals, real
truncated files. The tiny network of ``tests/tiny_network.py`` compiles in
seconds; the chapter models are used where the fault was seen in them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import brian2 as b2
import numpy as np
import pytest

from memsim import pathways, sensory, sleep
from memsim.core import spiking
from memsim.core.spiking import BuildFault, CompiledNetwork
from tests.conftest import ROOT, requires_compiler
from tests.tiny_network import N_NEURONS, TinyNetwork

# Every test here builds or runs compiled networks: left out of make check.
pytestmark = [requires_compiler, pytest.mark.slow]


def child(code: str, cache: Path | None = None, **popen) -> subprocess.Popen:
    """Start a Python process running ``code`` in the repository root, output as text."""
    env = dict(os.environ)
    if cache is not None:
        env[spiking.CACHE_ENV_VAR] = str(cache)
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[str, str]:
    """Wait for a child; fail with its output if it failed."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"child failed ({process.returncode}):\n{out}\n{err}"
    return out, err


def digests(seed: int, n_runs: int, cache: Path) -> list[str]:
    """Digests of ``n_runs`` real runs (not remembered ones) of the tiny network, in a fresh process."""
    out, _ = finish(
        child(
            f"import runpy, sys; sys.argv = ['', '{seed}', '{n_runs}']; "
            "runpy.run_module('tests.tiny_network', run_name='__main__')",
            cache,
        )
    )
    return out.split()


@pytest.fixture(scope="module")
def tiny_cache(tmp_path_factory) -> Path:
    """A cache folder of this module's own, with the tiny network built in it."""
    cache = tmp_path_factory.mktemp("tiny-cache")
    digests(0, 1, cache)
    return cache


@pytest.fixture(scope="module")
def solo(tiny_cache) -> dict[int, str]:
    """Each seed's digest from a process that ran alone."""
    return {seed: digests(seed, 1, tiny_cache)[0] for seed in (0, 1)}


def tiny_folder(cache: Path) -> Path:
    return cache / TinyNetwork.notebook / TinyNetwork.model


# ---------------------------------------------------------------- concurrency


def test_two_processes_at_once_get_the_numbers_of_a_solo_run(tiny_cache, solo):
    assert solo[0] != solo[1]  # the seeds differ, so a swap would be seen
    runner = (
        "import runpy, sys; sys.argv = ['', '{}', '40']; runpy.run_module('tests.tiny_network', run_name='__main__')"
    )
    processes = {seed: child(runner.format(seed), tiny_cache) for seed in (0, 1)}
    for seed, process in processes.items():
        lines = finish(process)[0].split()
        assert len(lines) == 40
        assert set(lines) == {solo[seed]}, f"seed {seed}: {sorted(set(lines))}"


def test_a_cold_build_racing_a_run_in_another_process_changes_nothing(tmp_path):
    # Both processes compile into an empty folder at once: the build lock
    # makes one wait, and neither runs a half-written binary.
    runner = (
        "import runpy, sys; sys.argv = ['', '{}', '5']; runpy.run_module('tests.tiny_network', run_name='__main__')"
    )
    processes = [child(runner.format(seed), tmp_path) for seed in (0, 0)]
    outputs = [finish(p)[0].split() for p in processes]
    assert outputs[0] == outputs[1] and len(set(outputs[0])) == 1


def test_the_reflex_model_in_two_processes_at_once_matches_solo_runs():
    """The fault was first seen here: one process received the other's spikes."""
    solo = {seed: float(sensory.stretch_reflex(seed=seed).agonist.sum() / b2.Hz) for seed in (0, 1)}
    assert solo[0] != solo[1]
    code = (
        "import brian2 as b2\nfrom memsim import sensory\n"
        "for _ in range(15): print(repr(float(sensory.stretch_reflex(seed={}).agonist.sum() / b2.Hz)))"
    )
    processes = {seed: child(code.format(seed)) for seed in (0, 1)}
    for seed, process in processes.items():
        values = [float(v) for v in finish(process)[0].split()]
        assert values == [solo[seed]] * 15


def test_the_song_model_in_two_processes_at_once_matches_solo_runs():
    """In the Song model, 1 run in 8 came back wrong this way."""
    code = (
        "import numpy as np, brian2 as b2\n"
        "from memsim import pathways\n"
        "for _ in range({runs}):\n"
        "    r = pathways.competition_experiment(np.array([10.0, 40.0]) * b2.Hz, duration=4 * b2.second,"
        " seed={seed}, workers=1)\n"
        "    print(repr(float(r.weights.sum())), sum(s.size for s in r.spike_times), flush=True)\n"
    )
    solo = {seed: finish(child(code.format(runs=1, seed=seed)))[0].split() for seed in (0, 1)}
    assert solo[0] != solo[1]
    processes = {seed: child(code.format(runs=8, seed=seed)) for seed in (0, 1)}
    for seed, process in processes.items():
        lines = finish(process)[0].split()
        assert [lines[k : k + 2] for k in range(0, len(lines), 2)] == [solo[seed]] * 8


# ---------------------------------------------------------------- interrupts


def test_sigint_during_a_run_raises_keyboard_interrupt_and_returns_nothing(tiny_cache):
    code = (
        "from tests import tiny_network as t\n"
        "t.digest(0)\n"
        "print('READY', flush=True)\n"
        "try:\n"
        "    print('RESULT', t.digest(0, duration_s=2000.0), flush=True)\n"
        "except KeyboardInterrupt as error:\n"
        "    print('INTERRUPTED', error, flush=True)\n"
        "print('AFTER', t.digest(0), flush=True)\n"
    )
    process = child(code, tiny_cache)
    assert process.stdout.readline().strip() == "READY"
    time.sleep(1.0)
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)  # to the Python process only, as `kill -INT` would
    out, err = finish(process, timeout=120)
    assert time.perf_counter() - sent < 10, "the binary was not stopped"
    assert "RESULT" not in out and "INTERRUPTED" in out, out + err
    assert "no result" in out
    # The next run, after the interrupt, is a whole and correct one.
    assert out.split("AFTER")[1].split()[0] == digests(0, 1, tiny_cache)[0]


def test_jupyters_stop_button_during_a_600_s_competition_run_raises():
    """Jupyter signals the kernel's process group: the kernel and the binary both get SIGINT."""
    code = (
        "import numpy as np, brian2 as b2\n"
        "from memsim import pathways\n"
        "pathways.competition_experiment(np.array([10.0]) * b2.Hz, duration=2 * b2.second, workers=1)\n"
        "print('READY', flush=True)\n"
        "try:\n"
        "    r = pathways.competition_experiment(np.array([10.0]) * b2.Hz, duration=600 * b2.second,"
        " seed=1, workers=1)\n"
        "    print('RESULT', r.output_rate(), len(r.snapshots[0]), flush=True)\n"
        "except KeyboardInterrupt:\n"
        "    print('INTERRUPTED', flush=True)\n"
    )
    process = child(code, start_new_session=True)
    assert process.stdout.readline().strip() == "READY", process.stderr.read()
    time.sleep(2.0)
    os.killpg(process.pid, signal.SIGINT)
    out, err = finish(process, timeout=300)
    assert out.split() == ["INTERRUPTED"], out + err


# ---------------------------------------------------------------- damage


def damaged_under_a_built_model(damage: str, cache: Path, solo: dict[int, str]) -> str:
    """Build in a child process, run ``damage`` (code with ``network`` in scope), then run.

    Asserts that the run gives the solo numbers and that the warning names the
    build folder; returns the child's standard error.
    """
    code = f"from tests import tiny_network as t\nnetwork = t.TinyNetwork.shared()\n{damage}\nprint(t.digest(0))\n"
    out, err = finish(child(code, cache))
    assert out.split()[-1] == solo[0]
    assert f"{tiny_folder(cache)}" in err and "rebuilding it from scratch" in err
    return err


def test_truncated_build_files_are_rebuilt_not_read(tiny_cache, solo):
    folder = tiny_folder(tiny_cache)
    # A crash or a full disk during another process's build leaves them so.
    damaged_under_a_built_model(
        "for path in (network.directory / 'static_arrays').iterdir():\n    path.write_bytes(b'')", tiny_cache, solo
    )
    static = [p for p in (folder / "static_arrays").iterdir() if p.is_file()]
    assert static and all(p.stat().st_size > 0 for p in static)
    # A new process finds them damaged too, and rewrites them when it builds.
    for path in static:
        path.write_bytes(b"")
    assert digests(0, 1, tiny_cache) == [solo[0]]


def test_run_value_files_are_written_atomically_and_checked(tmp_path):
    class HalfWriter:
        """Writes half its bytes, then fails, like a full disk."""

        nbytes = 8

        def tofile(self, path):
            Path(path).write_bytes(b"1234")
            raise OSError("No space left on device")

    target = tmp_path / "init_values.dat"
    with pytest.raises(OSError, match="No space"):
        spiking._write_atomically(target, HalfWriter())
    assert not target.exists()  # never a truncated file under the real name
    spiking._write_atomically(target, np.arange(3.0))
    assert np.array_equal(np.fromfile(target), np.arange(3.0))


def test_a_value_the_binary_cannot_read_is_an_error_not_a_silent_default(tiny_cache, solo):
    code = (
        "import warnings\n"
        "from tests import tiny_network as t\n"
        "from memsim.core import spiking\n"
        "network = t.TinyNetwork.shared()\n"
        "original = spiking._write_atomically\n"
        "def truncating(path, values):\n"
        "    original(path, values)\n"
        "    path.write_bytes(b'')  # damaged after its check, before the binary reads it\n"
        "spiking._write_atomically = truncating\n"
        "try:\n"
        "    t.digest(5)\n"
        "except spiking.BuildFault as fault:\n"
        "    print('FAULT', 'does not match expected size' in str(fault))\n"
    )
    out, err = finish(child(code, tiny_cache))
    assert out.split() == ["FAULT", "True"], out + err


def test_a_corrupt_object_file_is_rebuilt_with_a_message_naming_the_folder(tiny_cache, solo):
    folder = tiny_folder(tiny_cache)
    # An object whose source is not regenerated: make trusts it as up to date.
    damaged = folder / "code_objects" / "spikes_codeobject.o"
    assert damaged.is_file(), sorted(p.name for p in (folder / "code_objects").iterdir())
    damaged.write_bytes(b"not an object file")
    os.utime(folder / "main", (1, 1))  # older than the object: make relinks, and the link fails
    out, err = finish(child("from tests import tiny_network as t; print(t.digest(1))", tiny_cache))
    assert out.split()[-1] == solo[1]  # after the compiler's log of the failed link
    assert str(folder) in err and "building it again from scratch" in err


def test_a_corrupt_binary_is_rebuilt(tiny_cache, solo):
    damaged_under_a_built_model("(network.directory / 'main').write_bytes(b'#!/bin/sh\\nexit 3\\n')", tiny_cache, solo)


def test_a_build_folder_deleted_under_a_running_kernel_is_rebuilt(tiny_cache, solo):
    # make clean, with the kernel still up
    damaged_under_a_built_model("import shutil; t.digest(1); shutil.rmtree(network.directory)", tiny_cache, solo)
    assert digests(1, 1, tiny_cache) == [solo[1]]  # and the rebuilt folder serves the next process


def test_a_network_that_fails_to_build_twice_names_its_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(spiking.CACHE_ENV_VAR, str(tmp_path))

    class Broken(CompiledNetwork):
        notebook, model = "tests", "broken"

        def define(self, device):
            group = b2.NeuronGroup(1, "v : 1", name="broken_group")
            device.insert_code("main", "this is not C++;")  # generates, then fails to compile
            b2.Network(group).run(1 * b2.ms)

        def run_args(self, **settings):
            return {}

        def collect(self, **settings):
            return None

    with pytest.warns(RuntimeWarning, match="building it again from scratch"), pytest.raises(BuildFault) as raised:
        Broken()
    assert str(tmp_path / "tests" / "broken") in str(raised.value)
    assert "twice" in str(raised.value)


# ---------------------------------------------------------------- validation first


COMPILED_CALLS = {
    "sensory.stretch_reflex": lambda seed: sensory.stretch_reflex(seed=seed),
    "sensory.reflex_latencies": lambda seed: sensory.reflex_latencies(seed=seed),
    "sensory.h_reflex_latency": lambda seed: sensory.h_reflex_latency(seed=seed),
    "sleep.practice": lambda seed: sleep.practice(seed),
    "sleep.recall_test": lambda seed: sleep.recall_test(sleep.initial_weights(0), seed),
    "sleep.sleep": lambda seed: sleep.sleep(sleep.initial_weights(0), seed=seed),
    "sleep.wake": lambda seed: sleep.wake(sleep.initial_weights(0), seed=seed),
    "sleep.night_vs_day": lambda seed: sleep.night_vs_day(seed),
    "sleep.interference": lambda seed: sleep.interference(sleep.initial_weights(0), seed=seed),
    "sleep.dream_generalisation": lambda seed: sleep.dream_generalisation(seed=seed),
    "pathways.competition_experiment": lambda seed: pathways.competition_experiment(
        np.array([10.0]) * b2.Hz, seed=seed
    ),
}


@pytest.mark.parametrize("name", sorted(COMPILED_CALLS))
@pytest.mark.parametrize("seed, error", [(None, TypeError), ("1", TypeError), (-1, ValueError), (2**31, ValueError)])
def test_a_bad_seed_is_named_before_anything_compiles(no_compiling, name, seed, error):
    with pytest.raises(error, match="seed"):
        COMPILED_CALLS[name](seed)


def test_h_reflex_checks_every_argument_before_compiling(no_compiling):
    with pytest.raises(ValueError, match="leg_length"):
        sensory.h_reflex_latency(2.0 * b2.meter)
    with pytest.raises((TypeError, ValueError), match="leg_length"):
        sensory.h_reflex_latency(0.85)  # a length without its unit
    with pytest.raises(ValueError, match="velocity"):
        sensory.h_reflex_latency(ia_velocity=500.0 * b2.meter / b2.second)


def test_a_fresh_process_with_a_typo_fails_at_once_and_builds_nothing(tmp_path):
    start = time.perf_counter()
    process = child("from memsim import sensory\nsensory.h_reflex_latency(seed='0')", tmp_path)
    _, err = process.communicate(timeout=120)
    assert process.returncode != 0 and "seed must be an integer" in err
    assert time.perf_counter() - start < 30  # a cold compile takes 45-60 s
    assert not (tmp_path / "05_sensory_input").exists()


# ---------------------------------------------------------------- a bounded cache


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_distinct_runs_leave_nothing_behind(tiny_cache):
    folder = tiny_folder(tiny_cache)
    digests(0, 1, tiny_cache)
    before = folder_size(folder)
    code = (
        "import numpy as np\n"
        "from tests import tiny_network as t\n"
        "for k in range(30):\n"
        "    t.TinyNetwork.shared().simulate(rates_hz=np.full(t.N_NEURONS, 10.0 + k), seed=k, duration_s=0.1)\n"
        "print(len(t.TinyNetwork.shared()._memo))\n"
    )
    out, _ = finish(child(code, tiny_cache))
    assert int(out) == TinyNetwork.memo_size  # the in-process memory is bounded too
    assert not list((folder / "runs").iterdir())
    assert not list((folder / "static_arrays").glob("init_*"))
    assert abs(folder_size(folder) - before) < 10_000  # only the build's own files, rewritten


def test_leftovers_of_dead_processes_and_of_older_versions_are_removed(tiny_cache):
    folder = tiny_folder(tiny_cache)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    leftover = folder / "runs" / f"{dead.stdout.strip()}-0123"
    leftover.mkdir(parents=True)
    (leftover / "weights.dat").write_bytes(b"x" * 1000)
    old_value_file = folder / "static_arrays" / "init_neurons_rate_0123.dat"
    old_value_file.write_bytes(b"x" * 1000)
    digests(0, 1, tiny_cache)  # a new process builds (warm), and cleans up
    assert not leftover.exists() and not old_value_file.exists()


def test_remembered_runs_are_copies(tiny_cache, monkeypatch):
    monkeypatch.setenv(spiking.CACHE_ENV_VAR, str(tiny_cache))
    monkeypatch.setattr(spiking, "_INSTANCES", {})
    from tests import tiny_network

    first = tiny_network.spikes(3)
    first[0][:] = -1  # a caller changing its result
    again = tiny_network.spikes(3)
    assert TinyNetwork.shared().runs == 1  # the second was remembered
    assert (again[0] >= 0).all()
    TinyNetwork.forget_runs()
    assert np.array_equal(tiny_network.spikes(3)[1], again[1])
    assert TinyNetwork.shared().runs == 2


def test_a_network_that_is_not_built_forgets_nothing_and_builds_nothing(monkeypatch):
    monkeypatch.setattr(spiking, "_INSTANCES", {})
    TinyNetwork.forget_runs()
    assert spiking.run_statistics() == {}


def test_a_run_time_value_that_the_build_overwrites_is_an_error(tiny_cache, monkeypatch):
    monkeypatch.setenv(spiking.CACHE_ENV_VAR, str(tiny_cache))
    monkeypatch.setattr(spiking, "_INSTANCES", {})

    class GainAtRunTime(TinyNetwork):
        """Sets ``gain`` at run time, but ``define`` assigns it after the run-time values."""

        def run_args(self, **settings):
            return {**super().run_args(**settings), self.neurons.gain: np.full(self.neurons.N, 2.0)}

    network = GainAtRunTime.shared()
    gain = network.device.get_array_name(network.neurons.variables["gain"], access_data=False)
    rate = network.device.get_array_name(network.neurons.variables["rate"], access_data=False)
    assert gain in spiking.assigned_after_run_args(network.device)
    assert rate not in spiking.assigned_after_run_args(network.device)
    with pytest.raises(RuntimeError, match="neurons.gain is assigned in GainAtRunTime.define after"):
        network.simulate(rates_hz=np.full(N_NEURONS, 10.0), seed=0, duration_s=0.1)


def test_build_fault_is_a_runtime_error():
    assert issubclass(BuildFault, RuntimeError)
