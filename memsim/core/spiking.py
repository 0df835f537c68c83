"""Shared Brian2 set-up: code-generation targets, build folders and seeding.

Every Brian2 simulation in memsim chooses its code-generation target here, on
purpose, and never falls back silently:

* ``numpy`` for short simulations (a few thousand time steps): no compiler,
  no cache, and fast enough when the Python overhead per step is small
  compared with the whole run.
* ``cpp_standalone`` for long ones: the network is compiled once into a
  persistent build folder and re-run with ``run_args``, which changes
  parameters without recompiling (about 10 ms of overhead per run).

Every compiled network is a subclass of :class:`CompiledNetwork`, the one
place that builds, locks, runs and repairs them: concurrent processes share a
build folder safely, an interrupted run raises instead of returning part of a
result, damaged or deleted build folders are rebuilt once, and nothing in the
cache grows without bound.

Build folders live under one ignored cache folder, one sub-folder per notebook
and model, so that a warm cache makes a re-execution cheap and deleting the
folder makes it cold again (see ``make bench``).

References
----------
Stimberg M, Brette R, Goodman DFM (2019). Brian 2, an intuitive and efficient
neural simulator. eLife 8:e47314. :cite:`stimberg2019brian`
"""

from __future__ import annotations

import abc
import contextlib
import copy
import fcntl
import gc
import hashlib
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import brian2 as b2
import numpy as np
from brian2.devices.cpp_standalone.device import CPPStandaloneDevice
from brian2.devices.device import reset_device

__all__ = [
    "CACHE_ENV_VAR",
    "BuildFault",
    "CompiledNetwork",
    "assigned_after_run_args",
    "cache_root",
    "forget_all_runs",
    "model_directory",
    "run_statistics",
    "run_time_controls",
    "sort_clock_resets",
    "use_numpy_target",
]

#: Environment variable that overrides where Brian2 build folders are kept.
CACHE_ENV_VAR = "MEMSIM_CACHE_DIR"

_REPO_ROOT = Path(__file__).resolve().parent.parent.parent


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
        device.get_array_name(clock.variables[name]) for clock in device.clocks for name in ("timestep", "t")
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


class BuildFault(RuntimeError):  # noqa: N818 (a fault of the build folder, not of the caller)
    """A compiled network's build folder is missing, damaged or could not run."""


@contextlib.contextmanager
def _folder_lock(directory: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold an inter-process lock on one build folder.

    Building (which rewrites the sources, the static arrays and the binary)
    takes the lock exclusively; running the binary takes it shared, so that
    any number of processes run at once but none runs while another builds.
    The lock file sits beside the folder, so it outlives the folder being
    deleted and rebuilt. ``flock`` locks are released when the file closes,
    also when a process dies.
    """
    lock_path = directory.parent / f".{directory.name}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


def _write_atomically(path: Path, values: np.ndarray) -> None:
    """Write ``values`` raw to ``path`` through a temporary file and a rename.

    A reader sees either no file or the whole file, never a truncated one (an
    interrupted write, a crash or a full disk leave only the temporary file).
    The size is checked after the rename, before the binary reads it.
    """
    temporary = path.with_name(path.name + ".tmp")
    values.tofile(temporary)
    os.replace(temporary, path)
    if path.stat().st_size != values.nbytes:
        raise BuildFault(f"run-time value file {path} has {path.stat().st_size} bytes, expected {values.nbytes}")


def _process_alive(pid: int) -> bool:
    """Whether a process with this id is running (its run folder may be in use)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


# The line Brian2 writes into main() where run-time values are applied, and the
# build-time assignments that a later entry of main() can make.
_APPLY_RUN_ARGS = "set_from_command_line(args);"
_ASSIGNMENTS = ("set_by_single_value", "set_by_constant", "set_by_array", "set_array_by_array")


def assigned_after_run_args(device: CPPStandaloneDevice) -> set[str]:
    """Arrays that a build-time assignment writes after the run-time values are applied.

    ``run_time_controls`` applies the run-time values early in ``main()``, so
    that the seed is set before any random initialisation. A value assigned
    after that point (``group.x = array`` in ``define``) silently replaces the
    run-time value of ``x``. Assignments by string expressions are code
    objects and are not seen here.

    Parameters
    ----------
    device : CPPStandaloneDevice
        A device whose network has been defined.

    Returns
    -------
    set of str
        Brian2's array names (``device.get_array_name(variable)``).
    """
    queue = device.main_queue
    applied = [k for k, (kind, args) in enumerate(queue) if kind == "insert_code" and args == _APPLY_RUN_ARGS]
    if not applied:  # Brian2 applies them just before the first run, after every assignment
        return set()
    return {args[0] for kind, args in queue[applied[0] + 1 :] if kind in _ASSIGNMENTS}


# Lines the compiled binary prints when a value or static array could not be
# read; it carries on with whatever was in memory, so they must stop the run.
_READ_ERRORS = ("Error reading", "Could not read", "Error opening static array")

_INSTANCES: dict[type, CompiledNetwork] = {}


class CompiledNetwork(abc.ABC):
    """A Brian2 network compiled once with ``cpp_standalone`` and re-run cheaply.

    Every compiled network in memsim is a subclass. It names its build folder
    (:attr:`notebook`, :attr:`model`) and implements three methods:

    * :meth:`define` creates the groups and a ``Network`` and calls
      ``network.run`` once, with the longest run it will ever need;
    * :meth:`run_args` maps one request's settings to run-time values
      (``{group.variable: values, timed_array: values}``);
    * :meth:`collect` reads that run's results into plain arrays.

    :meth:`simulate` then runs one request. What it guarantees:

    * **Concurrency.** Each run gets its own results folder and its own
      run-time value files; runs hold a shared lock on the build folder and
      builds an exclusive one. Any number of processes (notebooks, tests,
      forked workers) can use one build folder at once and get the numbers a
      solo run gives.
    * **Interrupts.** A ``SIGINT`` during a run (Jupyter's stop button, Ctrl+C)
      stops the binary and raises ``KeyboardInterrupt``; the partial result is
      discarded, never returned.
    * **Damage.** Run-time value files are written atomically and checked
      before use; a missing binary, a static array of the wrong size, a failed
      compilation or a failed run rebuilds the folder from scratch once, with
      a warning that names it. A second failure raises :class:`BuildFault`.
    * **Bounded cache.** A run's folder is deleted once its results are read,
      folders left by dead processes are deleted at the next build, and the
      in-process memory of runs (:attr:`memo_size`) is a bounded LRU.

    Arguments are checked by the public model functions before they call
    :meth:`shared`, so that a typo never costs a compilation.
    """

    #: Short name of the notebook that owns the build folder, e.g. ``"01_pathways"``.
    notebook: ClassVar[str]
    #: Name of the model inside that notebook; the build folder's name.
    model: ClassVar[str]
    #: How many recent runs to remember in this process (0: none). Runs are
    #: deterministic given their run-time values, so a remembered run is the
    #: same run.
    memo_size: ClassVar[int] = 0

    def __init__(self) -> None:
        self.directory = model_directory(self.notebook, self.model)
        #: Runs of the binary in this process, and seconds spent in their
        #: simulation loops (runs answered from memory are not counted).
        self.runs = 0
        self.loop_seconds = 0.0
        #: The latest run's simulation loop and whole binary (s).
        self.last_loop_seconds = 0.0
        self.last_binary_seconds = 0.0
        #: Seconds the latest build took (definition, code generation and compilation).
        self.build_seconds = 0.0
        self._memo: OrderedDict[str, Any] = OrderedDict()
        self._compile()

    @classmethod
    def shared(cls) -> CompiledNetwork:
        """The process-wide instance of this network, built on first use.

        Forked worker processes inherit it already built.
        """
        if cls not in _INSTANCES:
            _INSTANCES[cls] = cls()
        return _INSTANCES[cls]

    # -- what a subclass provides --------------------------------------------

    @abc.abstractmethod
    def define(self, device: CPPStandaloneDevice) -> None:
        """Create the network's objects on ``device`` and call ``Network.run`` once."""

    @abc.abstractmethod
    def run_args(self, *args: Any, **settings: Any) -> dict[Any, Any]:
        """Run-time values of one request, keyed by ``group.variable`` or ``TimedArray``.

        Subclasses name their own keyword settings; ``*args: Any, **settings: Any``
        is the signature a type checker accepts any such override of.
        """

    @abc.abstractmethod
    def collect(self, *args: Any, **settings: Any) -> Any:
        """Read the latest run's results (plain arrays, copied out of Brian2)."""

    # -- building --------------------------------------------------------------

    def _build(self, *, fresh: bool) -> None:
        """Define the network on a new device and compile it into the build folder.

        ``fresh`` deletes the folder first. A new device each time, because a
        Brian2 device builds once; the subclass's objects are re-created.
        """
        self._forget_objects()
        start = time.perf_counter()
        device = CPPStandaloneDevice()
        previous_target = b2.prefs.codegen.target
        b2.set_device(device, build_on_run=False)
        try:
            self.define(device)
            sort_clock_resets(device)
            self._overwritten = assigned_after_run_args(device)
            with _folder_lock(self.directory, exclusive=True):
                if fresh:
                    shutil.rmtree(self.directory, ignore_errors=True)
                self._remove_leftovers()
                try:
                    device.build(directory=str(self.directory), compile=True, run=False, clean=False)
                except (RuntimeError, OSError) as error:
                    # Brian2's advice to pass clean=True does not apply: memsim rebuilds by itself.
                    reason = str(error).split(" Consider running")[0]
                    raise BuildFault(f"could not build the compiled network in {self.directory}: {reason}") from error
            self.build_seconds = time.perf_counter() - start
        finally:
            reset_device()
            b2.prefs.codegen.target = previous_target
        self.device = device

    def _forget_objects(self) -> None:
        """Drop the previous build's device and Brian2 objects before a rebuild.

        Brian2 names code objects uniquely among the objects alive in the
        process; while the old ones live, the new code would be named
        ``..._codeobject_1``, differ from what every other process generates,
        and be recompiled by the next process that builds.
        """
        brian_types = (CPPStandaloneDevice, b2.BrianObject, b2.TimedArray)
        for name in [name for name, value in vars(self).items() if isinstance(value, brian_types)]:
            delattr(self, name)
        gc.collect()  # the objects refer to each other in cycles

    def _compile(self) -> None:
        """Build, and rebuild from scratch once if the folder turns out damaged."""
        try:
            self._build(fresh=False)
        except BuildFault as error:
            warnings.warn(
                f"{error}; deleting that folder and building it again from scratch",
                RuntimeWarning,
                stacklevel=3,
            )
            try:
                self._build(fresh=True)
            except BuildFault as second:
                raise BuildFault(
                    f"the compiled network in {self.directory} failed to build twice, the second "
                    f"time from scratch: {second}"
                ) from second

    def _remove_leftovers(self) -> None:
        """Delete run folders of processes that have died, and Brian2's cached value files.

        Called under the exclusive lock. memsim never writes ``static_arrays/init_*``
        files (its run-time values live in each run's own folder), so any there
        are left from older versions and only take space.
        """
        for leftover in (self.directory / "static_arrays").glob("init_*"):
            leftover.unlink(missing_ok=True)
        for run_folder in (self.directory / "runs").glob("*"):
            pid = run_folder.name.split("-", 1)[0]
            if not pid.isdigit() or not _process_alive(int(pid)):
                shutil.rmtree(run_folder, ignore_errors=True)

    def _check_build(self) -> None:
        """Raise :class:`BuildFault` if the binary or a static array is missing or the wrong size."""
        binary = self.directory / "main"
        if not binary.is_file():
            raise BuildFault(f"the compiled binary {binary} is missing")
        for name, values in self.device.static_arrays.items():
            path = self.directory / "static_arrays" / name
            size = path.stat().st_size if path.is_file() else -1
            if size != values.nbytes:
                raise BuildFault(f"static array {path} has {size} bytes, expected {values.nbytes}")

    # -- running ---------------------------------------------------------------

    def simulate(self, **settings: Any) -> Any:
        """Run the binary for one request and return :meth:`collect`'s result.

        Parameters
        ----------
        **settings
            Passed to :meth:`run_args` and :meth:`collect`; already validated.

        Raises
        ------
        KeyboardInterrupt
            If the run was interrupted; nothing is returned.
        BuildFault
            If the run fails again after the folder was rebuilt from scratch.
        """
        key = self._memo_key(self.run_args(**settings)) if self.memo_size else None
        if key is not None and key in self._memo:
            self._memo.move_to_end(key)
            return copy.deepcopy(self._memo[key])
        try:
            result = self._run(settings)
        except BuildFault as fault:
            warnings.warn(
                f"the compiled network in {self.directory} is damaged ({fault}); rebuilding it from scratch",
                RuntimeWarning,
                stacklevel=2,
            )
            self._build(fresh=True)
            try:
                result = self._run(settings)
            except BuildFault as second:
                raise BuildFault(
                    f"the compiled network in {self.directory} failed again after it was rebuilt from scratch: {second}"
                ) from second
        if key is not None:
            self._memo[key] = copy.deepcopy(result)
            while len(self._memo) > self.memo_size:
                self._memo.popitem(last=False)
        return result

    @classmethod
    def forget_runs(cls) -> None:
        """Forget the shared instance's remembered runs, so that the next request really runs.

        Builds nothing: a network not built yet remembers nothing.
        """
        if cls in _INSTANCES:
            _INSTANCES[cls]._memo.clear()

    def _memo_key(self, run_args: Mapping[Any, Any]) -> str:
        """Digest of every run-time value (the compiled network itself is fixed)."""
        digest = hashlib.sha256()
        for key, value in run_args.items():
            name = key.name if isinstance(key, b2.TimedArray) else f"{key.group_name}.{key.name}"
            array = np.ascontiguousarray(np.asarray(value))
            digest.update(f"{name}|{array.dtype}|{array.shape}|{b2.get_dimensions(value)}".encode())
            digest.update(array.tobytes())
        return digest.hexdigest()

    def _run(self, settings: Mapping[str, Any]) -> Any:
        """One run in a folder of its own: values in, binary, results out, folder deleted."""
        run_folder = self.directory / "runs" / f"{os.getpid()}-{uuid.uuid4().hex}"
        try:
            with _folder_lock(self.directory, exclusive=False):
                self._check_build()
                run_folder.mkdir(parents=True)
                arguments = self._write_run_args(self.run_args(**settings), run_folder)
                self._execute(arguments, run_folder)
            self._read_run_info(run_folder)
            return self.collect(**settings)
        finally:
            shutil.rmtree(run_folder, ignore_errors=True)

    def _write_run_args(self, run_args: Mapping[Any, Any], run_folder: Path) -> list[str]:
        """Command-line arguments of the binary; array values go to files in the run's folder."""
        device, arguments = self.device, []
        for key, value in run_args.items():
            if isinstance(key, b2.TimedArray):
                name, text, file_name, array = device._prepare_timed_array_run_arg(key, value)
            else:
                name, text, file_name, array = device._prepare_variableview_run_arg(key, value)
                if device.get_array_name(key.variable, access_data=False) in self._overwritten:
                    raise RuntimeError(
                        f"{name} is assigned in {type(self).__name__}.define after the run-time values "
                        "are applied, so its run-time value would be ignored; assign it before "
                        "run_time_controls(), or only at run time"
                    )
            if file_name:
                path = run_folder / file_name
                _write_atomically(path, array)
                text = str(path)  # absolute: the binary reads a value that starts with "/" as a file
            arguments.append(f"{name}={text}")
        # Values set on the command line are no longer the ones Brian2 knows.
        for argument in arguments:
            name = argument.split("=", 1)[0]
            for variable in device.array_cache:
                if hasattr(variable.owner, "name") and f"{variable.owner.name}.{variable.name}" == name:
                    device.array_cache[variable] = None
        for clock in device.clocks:
            device.array_cache[clock.variables["t"]] = None
        return arguments

    def _execute(self, arguments: list[str], run_folder: Path) -> None:
        """Run the binary; turn SIGINT into ``KeyboardInterrupt`` and any failure into :class:`BuildFault`."""
        command = [str(self.directory / "main"), "--results_dir", f"{run_folder}{os.sep}", *arguments]
        interrupted = False
        with open(run_folder / "output.txt", "w+b") as output:
            start = time.perf_counter()
            try:
                process = subprocess.Popen(command, cwd=self.directory, stdout=output, stderr=subprocess.STDOUT)
            except OSError as error:
                raise BuildFault(f"could not start {command[0]}: {error}") from error

            def stop(signum: int, frame: Any) -> None:
                nonlocal interrupted
                interrupted = True
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGINT)

            in_main_thread = threading.current_thread() is threading.main_thread()
            previous = signal.signal(signal.SIGINT, stop) if in_main_thread else None
            try:
                returncode = process.wait()
            except BaseException:
                process.kill()
                process.wait()
                raise
            finally:
                if in_main_thread:
                    # None: the handler was not set from Python; the default is the closest.
                    signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
            self.last_binary_seconds = time.perf_counter() - start
            output.seek(0)
            printed = output.read().decode(errors="replace")
        if interrupted:
            raise KeyboardInterrupt(f"run of the compiled network in {self.directory} interrupted; no result")
        if returncode != 0 or any(marker in printed for marker in _READ_ERRORS):
            tail = "\n".join(printed.splitlines()[-10:])
            raise BuildFault(f"{command[0]} failed (exit code {returncode}):\n{tail}")

    def _read_run_info(self, run_folder: Path) -> None:
        """Point Brian2 at this run's results, and check them as Brian2 would."""
        device = self.device
        info = run_folder / "last_run_info.txt"
        if not info.is_file():
            raise BuildFault(f"the run in {self.directory} wrote no results")
        loop_seconds, _completed = info.read_text().split()
        self.last_loop_seconds = float(loop_seconds)
        self.loop_seconds += self.last_loop_seconds
        self.runs += 1
        device.results_dir = f"{run_folder}{os.sep}"
        device.has_been_run = True
        checked = set()
        for variable in device.arrays:
            owner = variable.owner
            try:
                if isinstance(owner, b2.Group) and owner.name not in checked:
                    owner._check_for_invalid_states()  # NaN or huge values from the integration
                    checked.add(owner.name)
            except ReferenceError:
                pass

    def recorded(self, monitor: b2.StateMonitor, name: str) -> np.ndarray:
        """Values a ``StateMonitor`` recorded in the latest run, shape ``(n_times, n_recorded)``.

        Read from the results folder directly: Brian2 infers the shape of a
        recorded array from the previous read, which goes wrong when runs of
        different lengths follow each other in one process. Call it from
        :meth:`collect`.
        """
        variable = monitor.variables[name]
        path = Path(self.device.results_dir) / self.device.get_array_filename(variable)
        return np.fromfile(path, dtype=variable.dtype).reshape(-1, len(monitor.record))


def forget_all_runs() -> None:
    """Forget every compiled network's remembered runs, so that the next request of each really runs.

    ``make bench`` calls it before each timed re-run of an explorable: a
    remembered run would time a copy, not the model.
    """
    for network in _INSTANCES.values():
        network._memo.clear()


def run_statistics() -> dict[str, dict[str, float]]:
    """Runs and timings of every compiled network built in this process.

    Returns
    -------
    dict
        ``{"notebook/model": {...}}`` with ``runs``, ``loop_seconds`` (all
        runs' simulation loops), ``last_loop_seconds``,
        ``last_binary_seconds`` (the latest run's loop, and its whole binary
        process) and ``build_seconds`` (the latest build), all in seconds.
    """
    return {
        f"{network.notebook}/{network.model}": {
            "runs": network.runs,
            "loop_seconds": network.loop_seconds,
            "last_loop_seconds": network.last_loop_seconds,
            "last_binary_seconds": network.last_binary_seconds,
            "build_seconds": network.build_seconds,
        }
        for network in _INSTANCES.values()
    }


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


def run_time_controls(device: CPPStandaloneDevice, check_every: b2.Quantity, name: str = "controls") -> b2.NeuronGroup:
    """A one-neuron group that makes the seed and the run length run-time values.

    A compiled binary normally bakes in both. Here ``controls.seed`` seeds
    every random-number generator when the binary starts, and the run stops
    at the first check (every ``check_every``) at or after
    ``controls.stop_at``. Both are set with ``run_args``, so one binary serves
    runs of any length up to the compiled one, each reproducible from its seed.
    The run ends with the time step at which the stop time is checked and
    reached; that step still completes.

    Call it inside :meth:`CompiledNetwork.define`, before any random
    initialisation (``rand()`` in a string expression) and before
    ``Network.run``. It calls ``device.apply_run_args()``, so run-time values
    are applied at this point of the initialisation.

    Parameters
    ----------
    device : CPPStandaloneDevice
        The device passed to :meth:`CompiledNetwork.define`.
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
