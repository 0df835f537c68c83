"""Shared Brian2 set-up: build folders, targets, and clock-reset ordering.

The compiled-network layer's fault handling is tested in test_compiled_network.py.
"""

import brian2 as b2
import pytest

from memsim.core import spiking


def test_cache_root_follows_environment_override(tmp_path, monkeypatch):
    monkeypatch.setenv(spiking.CACHE_ENV_VAR, str(tmp_path / "cache"))
    assert spiking.cache_root() == tmp_path / "cache"
    assert spiking.model_directory("01_pathways", "stdp") == tmp_path / "cache" / "01_pathways" / "stdp"


def test_default_cache_is_inside_the_ignored_repo_folder(monkeypatch, root):
    monkeypatch.delenv(spiking.CACHE_ENV_VAR, raising=False)
    assert spiking.cache_root() == root / ".cache" / "brian2"
    assert ".cache/" in (root / ".gitignore").read_text()


@pytest.mark.parametrize("bad", ["", "../escape", ".hidden", 3])
def test_model_directory_rejects_bad_names(bad):
    with pytest.raises(ValueError, match="must be a non-empty folder name"):
        spiking.model_directory(bad, "model")


def test_use_numpy_target_is_explicit():
    spiking.use_numpy_target()
    assert b2.prefs.codegen.target == "numpy"
    assert b2.get_device().__class__.__name__ == "RuntimeDevice"


def test_clock_resets_are_sorted_so_that_main_cpp_is_the_same_in_every_process():
    from types import SimpleNamespace

    def clock(name):
        return SimpleNamespace(variables={"timestep": f"{name}_timestep", "t": f"{name}_t"})

    other = ("run_network", ("net", ["net.run(1.0);"]))
    queue = [
        ("set_by_single_value", ("b_timestep", 0, 0)),
        ("set_by_single_value", ("b_t", 0, 0.0)),
        ("set_by_single_value", ("a_timestep", 0, 0)),
        ("set_by_single_value", ("a_t", 0, 0.0)),
        other,
        ("set_by_single_value", ("weights", 0, 1.0)),
        ("set_by_single_value", ("b_t", 0, 0.0)),
        ("set_by_single_value", ("a_t", 0, 0.0)),
    ]
    device = SimpleNamespace(clocks=[clock("b"), clock("a")], main_queue=list(queue), get_array_name=lambda name: name)
    spiking.sort_clock_resets(device)
    names = [args[0] if kind == "set_by_single_value" else kind for kind, args in device.main_queue]
    # Each run of consecutive resets is sorted; other entries keep their places.
    assert names == ["a_t", "a_timestep", "b_t", "b_timestep", "run_network", "weights", "a_t", "b_t"]
