"""Shared Brian2 set-up: code-generation targets, build folders and seeding.

Every Brian2 simulation in memsim chooses its code-generation target here, on
purpose, and never falls back silently:

* ``numpy`` for short simulations (a few thousand time steps): no compiler,
  no cache, and fast enough when the Python overhead per step is small
  compared with the whole run.
* ``cpp_standalone`` for long ones: the network is compiled once into a
  persistent build folder and re-run with ``run_args``, which changes
  parameters without recompiling (about 10 ms of overhead per run).

Build folders live under one ignored cache folder, one sub-folder per notebook
and model, so that a warm cache makes a re-execution cheap and deleting the
folder makes it cold again (see ``make bench``).

References
----------
Stimberg M, Brette R, Goodman DFM (2019). Brian 2, an intuitive and efficient
neural simulator. eLife 8:e47314. :cite:`stimberg2019brian`
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import brian2 as b2
import numpy as np
from brian2.devices.cpp_standalone.device import CPPStandaloneDevice
from brian2.devices.device import reset_device

__all__ = [
    "CACHE_ENV_VAR",
    "StandaloneModel",
    "cache_root",
    "model_directory",
    "run_time_controls",
    "sort_clock_resets",
    "use_numpy_target",
]

#: Environment variable that overrides where Brian2 build folders are kept.
CACHE_ENV_VAR = "MEMSIM_CACHE_DIR"

_REPO_ROOT = Path(__file__).resolve().parent.parent


def cache_root() -> Path:
    """Return the folder that holds every Brian2 build folder and cache.

    It is ``$MEMSIM_CACHE_DIR`` when set, else ``.cache/brian2`` at the root
    of the repository (git-ignored).
    """
    override = os.environ.get(CACHE_ENV_VAR)
    root = Path(override) if override else _REPO_ROOT / ".cache" / "brian2"
    root.mkdir(parents=True, exist_ok=True)
    return root


def model_directory(notebook: str, model: str) -> Path:
    """Return the persistent build folder of one model used by one notebook.

    Parameters
    ----------
    notebook : str
        Short name of the notebook (e.g. ``"01_pathways"``), so that each
        notebook owns its folders and ``make bench`` can clear them.
    model : str
        Name of the model inside that notebook.
    """
    for label, value in (("notebook", notebook), ("model", model)):
        if not isinstance(value, str) or not value or "/" in value or value.startswith("."):
            raise ValueError(f"{label} must be a non-empty folder name, got {value!r}")
    return cache_root() / notebook / model


def _keep_caches_in_one_place() -> None:
    """Point Brian2's Cython cache at our cache folder, not the home directory.

    So that ``make bench`` can make every cache cold by clearing one folder.
    """
    b2.prefs.codegen.runtime.cython.cache_dir = str(cache_root() / "cython")


_keep_caches_in_one_place()


def use_numpy_target() -> None:
    """Run the following runtime simulations with the pure-numpy target.

    Chosen for short simulations: it needs no compiler and no cache, and
    Brian2's default ``auto`` would spend 13-40 s compiling Cython on a cold
    cache.
    """
    b2.set_device("runtime")
    b2.prefs.codegen.target = "numpy"


def sort_clock_resets(device: CPPStandaloneDevice) -> None:
    """Put the clock resets of the generated ``main.cpp`` in a fixed order.

    ``Network.run`` resets every clock by iterating over a set of clocks,
    which hash by memory address. With two clocks or more (a
    ``run_regularly`` or a monitor on its own ``dt``) the order of the reset
    lines therefore changes from one Python process to the next; ``main.cpp``
    is rewritten and ``make`` recompiles it, about 4 s instead of 1 s on a
    warm build folder. The resets are independent assignments, so sorting each
    run of consecutive ones by array name changes nothing but the order.

    Parameters
    ----------
    device : CPPStandaloneDevice
        A device whose networks have been run (defined), before ``build``.
    """
    clock_arrays = {
        device.get_array_name(clock.variables[name])
        for clock in device.clocks
        for name in ("timestep", "t")
    }

    def is_reset(entry: tuple) -> bool:
        kind, args = entry
        return kind == "set_by_single_value" and args[0] in clock_arrays

    queue, ordered, run = device.main_queue, [], []
    for entry in [*queue, ("end", None)]:
        if entry[0] != "end" and is_reset(entry):
            run.append(entry)
            continue
        ordered.extend(sorted(run, key=lambda e: e[1][0]))
        run = []
        if entry[0] != "end":
            ordered.append(entry)
    queue[:] = ordered


class StandaloneModel:
    """A Brian2 network compiled once with ``cpp_standalone`` and re-run cheaply.

    Each model owns a fresh :class:`CPPStandaloneDevice`, so that several
    compiled models can live in one Python process (e.g. two chapters'
    networks in one kernel) without ``device.reinit()`` wiping each other.

    Use it in two steps::

        model = StandaloneModel(model_directory("01_pathways", "pairing"))
        with model.building():
            ...  # create groups, a Network, and call net.run(duration)
        model.run({group.tau: 20 * b2.ms})  # re-run with new parameters
        values = monitor.w[:]                # read the results

    Parameters
    ----------
    directory : pathlib.Path
        Persistent build folder. Compilation is skipped by ``make`` when the
        generated code is unchanged, so a warm folder rebuilds in about a
        second.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.device = CPPStandaloneDevice()
        self.built = False

    @contextlib.contextmanager
    def building(self) -> Iterator[CPPStandaloneDevice]:
        """Activate this model's device while its network is defined, then compile.

        Within the block, ``Network.run`` only records the run; on exit the
        project is generated and compiled (not run) and the previously active
        device is restored, so later runtime simulations are unaffected.
        """
        if self.built:
            raise RuntimeError(f"model in {self.directory} is already built")
        previous_target = b2.prefs.codegen.target
        b2.set_device(self.device, build_on_run=False)
        try:
            yield self.device
            sort_clock_resets(self.device)
            self.device.build(
                directory=str(self.directory), compile=True, run=False, clean=False
            )
            self.built = True
        finally:
            reset_device()
            b2.prefs.codegen.target = previous_target

    def run(
        self, run_args: Mapping[Any, Any] | None = None, results_directory: str = "results"
    ) -> None:
        """Run the compiled binary, with run-time parameter values.

        Parameters
        ----------
        run_args : mapping, optional
            Maps state variables (``group.var``) or ``TimedArray`` objects to
            new values, as in :meth:`CPPStandaloneDevice.run`.
        results_directory : str
            Sub-folder of the build folder for this run's results. Runs that
            happen at the same time in different processes need different
            ones; values read afterwards come from the latest run's folder.
        """
        if not self.built:
            raise RuntimeError("call run() after the building() block has compiled the model")
        self.device.run(
            directory=str(self.directory),
            results_directory=results_directory,
            with_output=False,
            run_args=dict(run_args or {}),
        )

    def recorded(self, monitor: b2.StateMonitor, name: str) -> np.ndarray:
        """Values a ``StateMonitor`` recorded in the latest run, shape ``(n_times, n_recorded)``.

        Read from the results folder directly: Brian2 infers the shape of a
        recorded array from the previous read, which goes wrong when runs of
        different lengths follow each other in one process.
        """
        variable = monitor.variables[name]
        path = Path(self.device.results_dir) / self.device.get_array_filename(variable)
        n_recorded = len(monitor.record)
        return np.fromfile(path, dtype=variable.dtype).reshape(-1, n_recorded)


# Brian2's own ``stop()`` sets this flag in standalone mode; Network::run
# checks it before every time step.
_STOP_CODE = """
double memsim_stop_if(int condition)
{
    if (condition) Network::_globally_stopped = true;
    return 0.0;
}
"""


@b2.implementation("cpp", _STOP_CODE, headers=['"network.h"'])
@b2.check_units(condition=1, result=1)
def memsim_stop_if(condition: int) -> float:
    """Stop the running standalone simulation when ``condition`` is true."""
    raise NotImplementedError("memsim_stop_if exists only in cpp_standalone code")


def run_time_controls(
    device: CPPStandaloneDevice, check_every: b2.Quantity, name: str = "controls"
) -> b2.NeuronGroup:
    """A one-neuron group that makes the seed and the run length run-time values.

    A compiled binary normally bakes in both. Here ``controls.seed`` seeds
    every random-number generator when the binary starts, and the run stops
    at the first check (every ``check_every``) at or after
    ``controls.stop_at``. Both are set with ``run_args``, so one binary serves
    runs of any length up to the compiled one, each reproducible from its seed.
    The run ends with the time step at which the stop time is checked and
    reached; that step still completes.

    Call it inside :meth:`StandaloneModel.building`, before any random
    initialisation (``rand()`` in a string expression) and before
    ``Network.run``. It calls ``device.apply_run_args()``, so run-time values
    are applied at this point of the initialisation.

    Parameters
    ----------
    device : CPPStandaloneDevice
        The device yielded by ``StandaloneModel.building()``.
    check_every : brian2.Quantity
        How often the stop time is checked (time). The run ends within one
        check interval of ``stop_at``; a run length that is a multiple of it
        ends exactly.
    name : str
        Name of the group (unique within the network).

    Returns
    -------
    brian2.NeuronGroup
        Add it to the network; set ``group.seed`` (integer) and
        ``group.stop_at`` (time) in ``run_args``.
    """
    controls = b2.NeuronGroup(
        1,
        """
        seed : integer (constant)
        stop_at : second (constant)
        stopping : 1
        """,
        name=name,
        namespace={"memsim_stop_if": memsim_stop_if},
    )
    controls.stop_at = 1e9 * b2.second
    controls.run_regularly("stopping = memsim_stop_if(int(t >= stop_at))", dt=check_every)
    device.apply_run_args()
    seed_array = device.get_array_name(controls.variables["seed"])
    device.insert_code(
        "main",
        "for (size_t _k = 0; _k < brian::_random_generators.size(); _k++)\n"
        f"    brian::_random_generators[_k].seed((unsigned long) brian::{seed_array}[0] + _k);",
    )
    return controls
