"""Bind memsim functions to ipywidgets controls.

Two kinds of explorable, usually used together:

* :class:`FrameExplorable` precomputes a grid of parameter values into PNG
  frames in a ``widgets.Stack`` whose index is ``jslink``-ed to the sliders.
  The link runs in the browser, so the static HTML book stays interactive
  with no kernel.
* :class:`Explorable` is a set of controls and a callback that recomputes
  and redraws a figure for any value. In a live kernel the callback re-runs
  the model (a numpy model in milliseconds, a compiled Brian2 model through
  ``run_args`` in well under a second).

Every explorable registers itself, so that ``make bench`` can time each live
callback (:func:`benchmark_explorables`) and each frame's rendering
(:func:`frame_statistics`) in a kernel that has executed the notebook.
"""

from __future__ import annotations

import base64
import html
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from memsim.render import plotting

__all__ = [
    "FRAME_REGISTRY",
    "REGISTRY",
    "Axis",
    "Explorable",
    "FrameExplorable",
    "STATIC_FRAME_KEY",
    "VIEW_MIME",
    "Render",
    "benchmark_explorables",
    "check_explorables",
    "figure_frame",
    "frame_html",
    "frame_statistics",
    "rendered",
]

#: Every live explorable created in this process, by name.
REGISTRY: dict[str, Explorable] = {}
#: Every precomputed explorable created in this process, by name.
FRAME_REGISTRY: dict[str, FrameExplorable] = {}


#: The MIME type of a widget's view in a notebook output.
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
#: Key of the default frame in a precomputed explorable's view (see
#: :meth:`FrameExplorable._repr_mimebundle_`).
STATIC_FRAME_KEY = "memsim_static_frame"


#: The one signature of every explorable's callback: keyword values in, a
#: figure and its alt text out.
Render = Callable[..., tuple[plt.Figure, str]]


def rendered(name: str, result: Any) -> tuple[plt.Figure, str]:
    """Check that an explorable's callback returned ``(figure, alt)``; return it.

    Raises
    ------
    TypeError
        Naming the explorable, if the callback returned anything else.
    """
    if (
        not isinstance(result, tuple)
        or len(result) != 2
        or not isinstance(result[0], plt.Figure)
        or not isinstance(result[1], str)
    ):
        raise TypeError(
            f"the callback of explorable {name!r} must return (matplotlib Figure, alt text), "
            f"got {type(result).__name__}"
        )
    return result


class Explorable:
    """Controls plus a callback that redraws a matplotlib figure.

    Parameters
    ----------
    name : str
        Unique name, used by ``make bench``.
    draw : callable
        ``draw(**values) -> (Figure, alt_text)``, the signature every
        explorable's callback has (see :data:`Render`); receives one keyword
        per control. The alt text describes the figure for readers who cannot
        see it, and is shown with it.
    controls : mapping of str to ipywidgets.ValueWidget
        The controls, keyed by the keyword they feed. Sliders should set
        ``continuous_update=False`` when ``draw`` re-runs a simulation.
    initial_draw : bool
        Draw the default figure at once. Free-value controls beside a
        precomputed :class:`FrameExplorable` skip it: the frames already show
        the default, and a headless build should not pay for it twice.
    compute : callable, optional
        ``compute(**values)``: the model run alone, without drawing. Only
        :func:`benchmark_explorables` calls it, to report the model's share
        of a re-run separately from matplotlib's drawing.
    """

    def __init__(
        self,
        name: str,
        draw: Render,
        controls: Mapping[str, widgets.ValueWidget],
        initial_draw: bool = True,
        compute: Callable[..., Any] | None = None,
    ) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        if not callable(draw):
            raise TypeError("draw must be callable")
        if not controls:
            raise ValueError("controls must hold at least one control")
        if compute is not None and not callable(compute):
            raise TypeError("compute must be callable or None")
        self.name = name
        self.draw = draw
        self.compute = compute
        self.controls = dict(controls)
        self.output = widgets.Output()
        self.output.add_class("memsim-live-output")
        self.widget = widgets.VBox(
            [widgets.HBox(list(self.controls.values()), layout={"flex_flow": "row wrap"}), self.output]
        )
        # The static book has no kernel: its script (book/_ext/static) finds the
        # panel by this class and says so in place of the dead controls.
        self.widget.add_class("memsim-live")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        REGISTRY[name] = self
        if initial_draw:
            self.refresh()
        else:
            with self.output:
                print("Move a control to re-run the model.")

    def values(self) -> dict[str, Any]:
        """Current value of every control."""
        return {key: control.value for key, control in self.controls.items()}

    def refresh(self) -> None:
        """Recompute and redraw the figure (with its alt text) for the current control values."""
        figure, alt = rendered(self.name, self.draw(**self.values()))
        with self.output:
            self.output.clear_output(wait=True)
            display(figure_frame(figure, alt))

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def _ipython_display_(self) -> None:
        display(self.widget)

    def sample_values(self, n: int) -> list[dict[str, Any]]:
        """``n`` control settings spread over each control's range, as a reader can set them.

        A numeric control takes ``n`` evenly spaced values from its minimum to
        its maximum, on its step; a control with options cycles through them.
        The settings differ from one another, so that no timed re-run is
        answered from a compiled network's memory of an earlier run.
        """
        per_control = {}
        for key, control in self.controls.items():
            if hasattr(control, "options") and control.options:
                options = [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
                per_control[key] = [options[k % len(options)] for k in range(n)]
            elif isinstance(control, widgets.FloatLogSlider):
                # min and max are exponents of base here, not values.
                per_control[key] = [control.base**e for e in _spread(control.min, control.max, control.step, n)]
            elif isinstance(control, (widgets.IntSlider, widgets.IntRangeSlider, widgets.BoundedIntText)):
                # Integer controls (a seed, a count) must receive integers, as in the page.
                per_control[key] = [int(v) for v in _spread(control.min, control.max, 1, n)]
            elif hasattr(control, "min") and hasattr(control, "max"):
                per_control[key] = _spread(control.min, control.max, getattr(control, "step", 0) or 0, n)
            else:
                per_control[key] = [control.value] * n
        return [{key: values[k] for key, values in per_control.items()} for k in range(n)]


def _spread(low: float, high: float, step: float, n: int) -> list[float]:
    """``n`` values from ``low`` to ``high``, evenly spaced, each rounded to the nearest step from ``low``."""
    values = [low + (high - low) * k / max(n - 1, 1) for k in range(n)]
    if step > 0:
        values = [min(high, low + round((v - low) / step) * step) for v in values]
    return values


def benchmark_explorables(n_calls: int = 10) -> dict[str, dict[str, float]]:
    """Time every registered explorable's callback (compute and draw).

    Parameters
    ----------
    n_calls : int
        Calls per explorable (at least 10, so the median is meaningful).

    Returns
    -------
    dict
        ``{name: {"median_s": ..., "max_s": ..., "n_calls": ...}}`` in seconds,
        for the whole re-run as :meth:`Explorable.refresh` makes it (model,
        figure and PNG, without the widget's message); explorables with a
        ``compute`` callable also get ``"model_median_s"``, the model alone.
    """
    if not isinstance(n_calls, int) or n_calls < 10:
        raise ValueError(f"n_calls must be an integer >= 10, got {n_calls!r}")
    # Here, not at the top: a numpy-only chapter's widgets need not import Brian2.
    from memsim.core import spiking

    results = {}
    for name, explorable in REGISTRY.items():
        latencies = []
        for values in explorable.sample_values(n_calls):
            spiking.forget_all_runs()  # time the model, not a remembered run
            start = time.perf_counter()
            # What the reader waits for: the model, the figure and its PNG (the frame).
            _frame_png(*rendered(name, explorable.draw(**values)))
            latencies.append(time.perf_counter() - start)
        results[name] = {
            "median_s": statistics.median(latencies),
            "max_s": max(latencies),
            "n_calls": n_calls,
        }
        if explorable.compute is not None:
            model_latencies = []
            for values in explorable.sample_values(n_calls):
                spiking.forget_all_runs()
                start = time.perf_counter()
                explorable.compute(**values)
                model_latencies.append(time.perf_counter() - start)
            results[name]["model_median_s"] = statistics.median(model_latencies)
    return results


def check_explorables() -> list[str]:
    """Call every live explorable's callback once, at its controls' current values.

    A live explorable beside precomputed frames is built with
    ``initial_draw=False``, so executing a notebook never calls it; this does,
    and checks that it returns ``(figure, alt)``. The Binder test runs it at the
    end of every notebook.

    Returns
    -------
    list of str
        The names of the explorables checked.

    Raises
    ------
    TypeError
        Naming the explorable whose callback returns anything else.
    """
    checked = []
    for name, explorable in REGISTRY.items():
        figure, _alt = rendered(name, explorable.draw(**explorable.values()))
        plt.close(figure)
        checked.append(name)
    return checked


@dataclass(frozen=True)
class Axis:
    """One parameter of a precomputed explorable.

    Attributes
    ----------
    name : str
        Keyword under which each value is passed to the render function.
    label : str
        Slider caption, with the unit (e.g. ``"pairing frequency (Hz)"``).
    values : tuple
        The grid of values, in slider order.
    default : int
        Index of the value the static book shows first.
    fmt : str
        Format of a value in the slider's read-out.
    """

    name: str
    label: str
    values: tuple
    default: int = 0
    fmt: str = "{:g}"

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"name must be a valid identifier, got {self.name!r}")
        if len(self.values) < 2:
            raise ValueError(f"values of axis {self.name!r} must hold at least 2 values")
        if not 0 <= self.default < len(self.values):
            raise ValueError(f"default must be an index in [0, {len(self.values) - 1}], got {self.default}")

    def labels(self) -> list[str]:
        return [self.fmt.format(v) for v in self.values]


def figure_frame(figure: plt.Figure, alt: str) -> widgets.HTML:
    """Render a figure into an ``<img>`` frame with alt text, and close the figure.

    ``widgets.Image`` has no alt attribute, so the frame is HTML holding a
    base64 PNG from :func:`memsim.render.plotting.figure_png`: drawn at twice
    its display size, which the ``width`` and ``height`` attributes give.
    """
    return widgets.HTML(frame_html(**_frame_png(figure, alt)))


def _frame_png(figure: plt.Figure, alt: str) -> dict[str, Any]:
    """A figure as base64 PNG with its alt text and display size; closes the figure."""
    if not alt or not alt.strip():
        plt.close(figure)
        raise ValueError("alt must describe what the frame shows")
    try:
        png, width, height = plotting.figure_png(figure)
    finally:
        plt.close(figure)
    return {"png": base64.b64encode(png).decode("ascii"), "alt": alt, "width": width, "height": height}


def frame_html(png: str, alt: str, width: int, height: int) -> str:
    """The ``<img>`` of one frame: base64 PNG, alt text, display size in CSS pixels."""
    return (
        f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{png}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto">'
    )


class FrameExplorable:
    """An explorable that stays live in the static book, with no kernel.

    Every combination of one or two parameter grids is rendered once into a
    PNG frame. Frames sit in a ``widgets.Stack``; each slider's index is
    ``jslink``-ed to the stack's ``selected_index``, so the browser switches
    frames by itself from the widget state embedded in the page. With two
    parameters the outer stack holds one inner stack per value of the first
    parameter, and the second slider is linked to every inner stack.

    Parameters
    ----------
    name : str
        Unique name (for ``make bench`` and the browser tests).
    render : callable
        ``render(**values) -> (Figure, alt_text)`` for one grid point: the
        same signature as :class:`Explorable`'s ``draw`` (:data:`Render`).
    axes : list of Axis
        One or two parameter grids.
    live : Explorable, optional
        Free-value controls that re-run the model in a live kernel; shown
        below the frames, collapsed, as they need a running kernel.
    """

    def __init__(
        self,
        name: str,
        render: Render,
        axes: list[Axis],
        live: Explorable | None = None,
    ) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        if not callable(render):
            raise TypeError("render must be callable")
        if not 1 <= len(axes) <= 2:
            raise ValueError(f"axes must hold 1 or 2 Axis objects, got {len(axes)}")
        self.name = name
        self.axes = list(axes)
        self.frame_times: list[float] = []
        self.default_values = {axis.name: axis.values[axis.default] for axis in self.axes}
        self.static_frame: dict[str, Any] = {}  # the default frame, for pages without JavaScript
        self.links: list[widgets.Widget] = []  # the jslinks, slider index -> stack index
        self.sliders = [
            widgets.SelectionSlider(
                options=axis.labels(),
                index=axis.default,
                description=axis.label,
                continuous_update=True,
                style={"description_width": "initial"},
                layout={"width": "32em"},
            )
            for axis in self.axes
        ]
        for slider in self.sliders:
            slider.add_class("memsim-frame-slider")  # found by the browser tests
        self.stack = self._build(render)
        children: list[widgets.Widget] = [*self.sliders, self.stack]
        if live is not None:
            accordion = widgets.Accordion(children=[live.widget])
            accordion.set_title(0, "Free values: re-run the model (needs a running kernel)")
            accordion.selected_index = None
            children.append(accordion)
        self.widget = widgets.VBox(children, layout={"border": "1px solid #ccc", "padding": "6px"})
        self.widget.add_class("memsim-explorable")
        FRAME_REGISTRY[name] = self

    def _render_frame(self, render: Callable, values: dict[str, Any]) -> widgets.HTML:
        start = time.perf_counter()
        frame = _frame_png(*rendered(self.name, render(**values)))
        if values == self.default_values:
            self.static_frame = frame
        self.frame_times.append(time.perf_counter() - start)
        return widgets.HTML(frame_html(**frame))

    def _build(self, render: Callable) -> widgets.Stack:
        first = self.axes[0]
        if len(self.axes) == 1:
            frames = [self._render_frame(render, {first.name: v}) for v in first.values]
            stack = widgets.Stack(frames, selected_index=first.default)
            self.links.append(widgets.jslink((self.sliders[0], "index"), (stack, "selected_index")))
            return stack
        second = self.axes[1]
        inner_stacks = []
        for v1 in first.values:
            frames = [self._render_frame(render, {first.name: v1, second.name: v2}) for v2 in second.values]
            inner = widgets.Stack(frames, selected_index=second.default)
            self.links.append(widgets.jslink((self.sliders[1], "index"), (inner, "selected_index")))
            inner_stacks.append(inner)
        outer = widgets.Stack(inner_stacks, selected_index=first.default)
        self.links.append(widgets.jslink((self.sliders[0], "index"), (outer, "selected_index")))
        return outer

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The widget's view, carrying its default frame for the static book.

        Jupyter ignores the extra key; the book's build (``book/_ext``) turns
        it into an ordinary image in the page, shown until the widgets load,
        or for good when JavaScript is off.
        """
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle[VIEW_MIME] = {**bundle[VIEW_MIME], STATIC_FRAME_KEY: self.static_frame}
        return bundle


def frame_statistics() -> dict[str, dict[str, float]]:
    """Frame count and render time of every precomputed explorable in this process.

    Returns
    -------
    dict
        ``{name: {"frames": ..., "median_render_s": ..., "total_render_s": ...}}``;
        render times in seconds, simulation included where ``render`` simulates.
    """
    return {
        name: {
            "frames": len(explorable.frame_times),
            "median_render_s": statistics.median(explorable.frame_times),
            "total_render_s": sum(explorable.frame_times),
        }
        for name, explorable in FRAME_REGISTRY.items()
        if explorable.frame_times
    }
