"""Bind memsim functions to ipywidgets controls.

An :class:`Explorable` is a set of controls and a callback that recomputes
and redraws a figure. In a live kernel the callback re-runs the model (a
numpy model in milliseconds, a compiled Brian2 model through ``run_args`` in
well under a second). Executed headless, as in the book build, it draws the
figure for the default values once, so the static page shows the default
figure.

Every explorable registers itself, so that ``make bench`` can time each
callback in a kernel that has executed the notebook
(:func:`benchmark_explorables`).
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

__all__ = ["REGISTRY", "Explorable", "benchmark_explorables"]

#: Every explorable created in this process, by name.
REGISTRY: dict[str, "Explorable"] = {}


class Explorable:
    """Controls plus a callback that redraws a matplotlib figure.

    Parameters
    ----------
    name : str
        Unique name, used by ``make bench``.
    draw : callable
        ``draw(**values) -> matplotlib.figure.Figure``; receives one keyword
        per control.
    controls : mapping of str to ipywidgets.ValueWidget
        The controls, keyed by the keyword they feed. Sliders should set
        ``continuous_update=False`` when ``draw`` re-runs a simulation.
    """

    def __init__(
        self,
        name: str,
        draw: Callable[..., plt.Figure],
        controls: Mapping[str, widgets.ValueWidget],
    ) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        if not callable(draw):
            raise TypeError("draw must be callable")
        if not controls:
            raise ValueError("controls must hold at least one control")
        self.name = name
        self.draw = draw
        self.controls = dict(controls)
        self.output = widgets.Output()
        self.widget = widgets.VBox(
            [widgets.HBox(list(self.controls.values()), layout={"flex_flow": "row wrap"}), self.output]
        )
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        REGISTRY[name] = self
        self.refresh()

    def values(self) -> dict[str, Any]:
        """Current value of every control."""
        return {key: control.value for key, control in self.controls.items()}

    def refresh(self) -> None:
        """Recompute and redraw the figure for the current control values."""
        figure = self.draw(**self.values())
        with self.output:
            self.output.clear_output(wait=True)
            display(figure)
        plt.close(figure)

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def _ipython_display_(self) -> None:
        display(self.widget)

    def sample_values(self, n: int) -> list[dict[str, Any]]:
        """``n`` control settings that cycle through each control's range."""
        per_control = {}
        for key, control in self.controls.items():
            if hasattr(control, "options") and control.options:
                per_control[key] = [
                    opt[1] if isinstance(opt, tuple) else opt for opt in control.options
                ]
            elif hasattr(control, "min") and hasattr(control, "max"):
                per_control[key] = [control.min + (control.max - control.min) * f for f in (0.0, 0.5, 1.0)]
            else:
                per_control[key] = [control.value]
        cycles = {key: itertools.cycle(values) for key, values in per_control.items()}
        return [{key: next(cycle) for key, cycle in cycles.items()} for _ in range(n)]


def benchmark_explorables(n_calls: int = 10) -> dict[str, dict[str, float]]:
    """Time every registered explorable's callback (compute and draw).

    Parameters
    ----------
    n_calls : int
        Calls per explorable (at least 10, so the median is meaningful).

    Returns
    -------
    dict
        ``{name: {"median_s": ..., "max_s": ..., "n_calls": ...}}`` in seconds.
    """
    if not isinstance(n_calls, int) or n_calls < 10:
        raise ValueError(f"n_calls must be an integer >= 10, got {n_calls!r}")
    results = {}
    for name, explorable in REGISTRY.items():
        latencies = []
        for values in explorable.sample_values(n_calls):
            start = time.perf_counter()
            figure = explorable.draw(**values)
            figure.canvas.draw()  # include rendering, as the reader waits for it
            latencies.append(time.perf_counter() - start)
            plt.close(figure)
        results[name] = {
            "median_s": statistics.median(latencies),
            "max_s": max(latencies),
            "n_calls": n_calls,
        }
    return results
