"""The notebook helpers: glue with and without myst-nb, the plot style, explorables."""

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from memsim.render import glue as glue_module
from memsim.render import plotting
from memsim.render import widgets as mwidgets


def test_glue_falls_back_to_display_without_myst_nb(monkeypatch):
    shown = []
    monkeypatch.setattr(glue_module, "_myst_glue", None)
    monkeypatch.setattr("IPython.display.display", lambda value: shown.append(value))
    glue_module.glue("value", 3.5, display=True)
    glue_module.glue("hidden", 1.0, display=False)
    assert shown == [3.5]
    assert not glue_module.glue_available()


def test_glue_passes_plain_python_scalars_to_myst_nb(monkeypatch):
    received = {}
    monkeypatch.setattr(glue_module, "_myst_glue", lambda n, v, display: received.update({n: v}))
    glue_module.glue("tau", np.float64(16.8))
    assert type(received["tau"]) is float


def test_glue_rejects_bad_names():
    with pytest.raises(ValueError, match="name must be a valid identifier"):
        glue_module.glue("not a name", 1)


def test_label_axes_requires_units():
    fig, ax = plotting.new_figure()
    plotting.label_axes(ax, "time (ms)", "rate (Hz)")
    assert ax.get_xlabel() == "time (ms)"
    with pytest.raises(ValueError, match="ylabel must end with its unit"):
        plotting.label_axes(ax, "time (ms)", "rate")
    plt.close(fig)


def test_new_figure_validates_size():
    with pytest.raises(ValueError, match=r"width must be in \(0, 6.8\] inches \(the content column\)"):
        plotting.new_figure(-1, 3)
    with pytest.raises(ValueError, match="width must be in"):
        plotting.new_figure(plotting.COLUMN_WIDTH_IN + 0.1, 3)
    with pytest.raises(ValueError, match="ncols must be an integer"):
        plotting.new_figure(4, 3, ncols=0)


def test_palette_is_okabe_ito():
    assert plotting.PALETTE["blue"] == "#0072B2"
    assert len(set(plotting.CYCLE)) == 8


def _draw(scale, shift):
    fig, ax = plt.subplots()
    ax.plot(np.arange(3) * scale + shift)
    return fig, f"a line of slope {scale} shifted by {shift}"


def test_explorable_redraws_on_change_with_alt_text_and_registers(monkeypatch):
    calls = []

    def draw(scale, shift):
        calls.append((scale, shift))
        return _draw(scale, shift)

    scale = widgets.FloatSlider(value=1.0, min=0.0, max=2.0)
    shift = widgets.Dropdown(options=[0, 1], value=0)
    explorable = mwidgets.Explorable("test_explorable", draw, {"scale": scale, "shift": shift})
    assert calls == [(1.0, 0)]
    scale.value = 2.0
    assert calls[-1] == (2.0, 0)
    shown = []
    monkeypatch.setattr(mwidgets, "display", shown.append)
    shift.value = 1
    (frame,) = shown
    assert '<img alt="a line of slope 2.0 shifted by 1"' in frame.value
    assert mwidgets.REGISTRY["test_explorable"] is explorable
    samples = explorable.sample_values(5)
    # Spread over the range on the slider's step (0.1), so that no two settings repeat.
    np.testing.assert_allclose([s["scale"] for s in samples], [0.0, 0.5, 1.0, 1.5, 2.0])
    assert [s["shift"] for s in samples] == [0, 1, 0, 1, 0]
    seeds = widgets.IntSlider(value=3, min=3, max=23)
    explorable = mwidgets.Explorable("seeds", lambda seed: _draw(seed, 0), {"seed": seeds}, initial_draw=False)
    assert [s["seed"] for s in explorable.sample_values(3)] == [3, 13, 23]


def test_sample_values_of_a_log_slider_are_values_not_exponents():
    rate = widgets.FloatLogSlider(value=0.005, base=10, min=-3, max=-2)
    explorable = mwidgets.Explorable("log_slider", lambda a: _draw(a, 0), {"a": rate}, initial_draw=False)
    np.testing.assert_allclose([s["a"] for s in explorable.sample_values(3)], [1e-3, 10**-2.5, 1e-2])


def test_benchmark_times_the_model_alone_when_given():
    calls = []
    mwidgets.Explorable(
        "bench_model",
        lambda scale: _draw(scale, 0),
        {"scale": widgets.FloatSlider(value=1.0)},
        initial_draw=False,
        compute=lambda scale: calls.append(scale),
    )
    results = mwidgets.benchmark_explorables(n_calls=10)
    assert len(calls) == 10
    assert 0 < results["bench_model"]["model_median_s"] < results["bench_model"]["median_s"]
    with pytest.raises(TypeError, match="compute"):
        mwidgets.Explorable("bad_compute", _draw, {"scale": widgets.FloatSlider()}, compute=3)


def test_benchmark_times_every_registered_explorable():
    mwidgets.Explorable("bench_me", _draw, {"scale": widgets.FloatSlider(value=1.0), "shift": widgets.IntSlider()})
    results = mwidgets.benchmark_explorables(n_calls=10)
    assert results["bench_me"]["n_calls"] == 10
    assert 0 < results["bench_me"]["median_s"] <= results["bench_me"]["max_s"]
    with pytest.raises(ValueError, match="n_calls must be an integer >= 10"):
        mwidgets.benchmark_explorables(n_calls=3)


def test_a_callback_that_returns_only_a_figure_is_named_in_the_error():
    with pytest.raises(TypeError, match="explorable 'figure_only' must return \\(matplotlib Figure, alt text\\)"):
        mwidgets.Explorable("figure_only", lambda scale: _draw(scale, 0)[0], {"scale": widgets.FloatSlider()})
    frames = [mwidgets.Axis("a", "a", (1, 2))]
    with pytest.raises(TypeError, match="explorable 'frames_without_alt' must return"):
        mwidgets.FrameExplorable("frames_without_alt", lambda a: _render(a)[0], frames)


def test_check_explorables_calls_every_live_callback_once(monkeypatch):
    monkeypatch.setattr(mwidgets, "REGISTRY", {})
    calls = []

    def draw(scale):
        calls.append(scale)
        return _draw(scale, 0)

    mwidgets.Explorable("checked", draw, {"scale": widgets.FloatSlider(value=1.5)}, initial_draw=False)
    assert calls == []
    assert mwidgets.check_explorables() == ["checked"]
    assert calls == [1.5]
    mwidgets.Explorable(
        "figure_only_live", lambda scale: _draw(scale, 0)[0], {"scale": widgets.FloatSlider()}, initial_draw=False
    )
    with pytest.raises(TypeError, match="explorable 'figure_only_live' must return"):
        mwidgets.check_explorables()


def test_explorable_rejects_bad_arguments():
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        mwidgets.Explorable("", _draw, {"scale": widgets.FloatSlider()})
    with pytest.raises(TypeError, match="draw must be callable"):
        mwidgets.Explorable("x", None, {"scale": widgets.FloatSlider()})
    with pytest.raises(ValueError, match="controls must hold"):
        mwidgets.Explorable("x", _draw, {})


def _render(a, b="x"):
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, a])
    return fig, f"line rising to {a} for {b}"


def test_figure_frame_is_an_img_with_alt_text_and_an_opaque_png():
    import base64
    import io
    import re

    from PIL import Image

    plotting.apply_style()
    fig, alt = _render(3)
    frame = mwidgets.figure_frame(fig, alt + ' with "quotes"')
    assert 'alt="line rising to 3 for x with &quot;quotes&quot;"' in frame.value
    data = re.search(r"base64,([^\"]+)", frame.value).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    assert image.convert("RGBA").getchannel("A").getextrema()[0] == 255
    # Drawn at twice its display size, which the img's width and height give.
    width = int(re.search(r'width="(\d+)"', frame.value).group(1))
    assert image.size[0] == plotting.PIXEL_RATIO * width
    assert image.info["memsim:dpi"] == str(plotting.SCREEN_DPI * plotting.PIXEL_RATIO)
    assert float(image.info["memsim:min-font-pt"]) == plotting.FONT_PT
    with pytest.raises(ValueError, match="alt must describe"):
        mwidgets.figure_frame(_render(1)[0], "  ")


def test_figure_png_refuses_small_text_and_figures_wider_than_the_column():
    plotting.apply_style()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], label="a line")
    ax.legend(fontsize=8)
    assert plotting.smallest_font_pt(fig) == 8
    with pytest.raises(ValueError, match=r"at least MIN_FONT_PT = 10.5 pt .* got 8 pt"):
        plotting.figure_png(fig)
    wide, _ = plt.subplots(figsize=(9, 3))
    with pytest.raises(ValueError, match=r"COLUMN_WIDTH_IN = 6.8 in \(680 px\), got \d+ px"):
        plotting.figure_png(wide)
    fits, _ = plt.subplots(figsize=(6.5, 3))
    _png, width, height = plotting.figure_png(fits)
    assert width <= 680 and height > 0
    plt.close("all")


def _savefig_tight(figure):
    """What ``savefig(bbox_inches="tight")`` makes of a figure, at the book's resolution, as RGB."""
    from PIL import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=plotting.SCREEN_DPI * plotting.PIXEL_RATIO, bbox_inches="tight")
    return Image.open(buffer).convert("RGB")


@pytest.mark.parametrize("beyond_the_edge", [False, True], ids=["on the canvas", "text beyond the edge"])
def test_figure_png_draws_what_savefig_with_a_tight_box_draws(beyond_the_edge):
    """One draw and a crop give savefig's image; text past the edge is drawn again, not cut."""
    from PIL import Image

    plotting.apply_style()
    fig, ax = plotting.new_figure(4, 3)
    ax.plot([0, 1, 2], [0, 1, 4], label="a curve")
    plotting.label_axes(ax, "x (s)", "y (m)")
    ax.legend()
    if beyond_the_edge:
        fig.text(1.02, 0.5, "a note past the right edge")
    data, width, height = plotting.figure_png(fig)
    ours = Image.open(io.BytesIO(data)).convert("RGB")
    theirs = _savefig_tight(fig)
    assert abs(ours.size[0] - theirs.size[0]) <= 2 and abs(ours.size[1] - theirs.size[1]) <= 2
    assert (width, height) == (round(ours.size[0] / 2), round(ours.size[1] / 2))
    if beyond_the_edge:
        assert width > 4 * plotting.SCREEN_DPI, "the note past the edge is in the image"
    # The same picture: compare the common area, allowing a pixel of offset from rounding.
    w, h = min(ours.size[0], theirs.size[0]), min(ours.size[1], theirs.size[1])
    a = np.asarray(ours, dtype=float)[:h, :w].mean(axis=2)
    b = np.asarray(theirs, dtype=float)[:h, :w].mean(axis=2)
    assert min(np.abs(np.roll(a, shift, axis=axis) - b).mean() for shift in (-1, 0, 1) for axis in (0, 1)) < 3
    plt.close("all")


def test_figures_shown_in_a_kernel_use_the_book_renderer(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib.figure import Figure

    shell = InteractiveShell.instance()
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    plotting.apply_style()
    fig, _ax = plotting.new_figure(4, 2)
    data, metadata = shell.display_formatter.formatters["image/png"](fig)
    assert data.startswith(b"\x89PNG")
    _png, width, height = plotting.figure_png(fig)
    assert metadata == {"width": width, "height": height}
    shell.display_formatter.formatters["image/png"].pop(Figure)
    plt.close("all")


def test_a_frame_explorable_carries_its_default_frame_for_the_static_book():
    explorable = mwidgets.FrameExplorable(
        "static_frame", _render, [mwidgets.Axis("a", "height (mm)", (1, 2, 3), default=2)]
    )
    view = explorable._repr_mimebundle_()[mwidgets.VIEW_MIME]
    assert view["model_id"] == explorable.widget.model_id
    frame = view[mwidgets.STATIC_FRAME_KEY]
    assert frame["alt"] == "line rising to 3 for x"
    assert mwidgets.frame_html(**frame) == explorable.stack.children[2].value


def test_one_parameter_frames_are_jslinked_to_the_slider():
    explorable = mwidgets.FrameExplorable(
        "one_axis", _render, [mwidgets.Axis("a", "height (mm)", (1, 2, 3), default=1)]
    )
    assert len(explorable.stack.children) == 3
    assert explorable.stack.selected_index == 1
    assert explorable.sliders[0].index == 1
    assert [c.value.count("<img") for c in explorable.stack.children] == [1, 1, 1]
    assert "line rising to 2" in explorable.stack.children[1].value
    (link,) = explorable.links
    assert link.source == (explorable.sliders[0], "index")
    assert link.target == (explorable.stack, "selected_index")
    assert mwidgets.frame_statistics()["one_axis"]["frames"] == 3


def test_two_parameter_frames_are_a_stack_of_stacks():
    live = mwidgets.Explorable(
        "two_axis_live",
        _render,
        {"a": widgets.FloatSlider(), "b": widgets.Dropdown(options=["x", "y"])},
        initial_draw=False,
    )
    explorable = mwidgets.FrameExplorable(
        "two_axis",
        _render,
        [
            mwidgets.Axis("a", "height (mm)", (1, 2)),
            mwidgets.Axis("b", "label (text)", ("x", "y", "z"), default=2, fmt="{}"),
        ],
        live=live,
    )
    assert len(explorable.stack.children) == 2
    assert all(len(inner.children) == 3 and inner.selected_index == 2 for inner in explorable.stack.children)
    assert "line rising to 2 for y" in explorable.stack.children[1].children[1].value
    linked_inner = {id(link.target[0]) for link in explorable.links if link.source == (explorable.sliders[1], "index")}
    assert linked_inner == {id(inner) for inner in explorable.stack.children}
    assert isinstance(explorable.widget.children[-1], widgets.Accordion)


def test_frame_explorable_rejects_bad_arguments():
    with pytest.raises(ValueError, match="axes must hold 1 or 2"):
        mwidgets.FrameExplorable("bad", _render, [])
    with pytest.raises(ValueError, match="must hold at least 2 values"):
        mwidgets.Axis("a", "height (mm)", (1,))
    with pytest.raises(ValueError, match="default must be an index"):
        mwidgets.Axis("a", "height (mm)", (1, 2), default=2)
    with pytest.raises(TypeError, match="render must be callable"):
        mwidgets.FrameExplorable("bad", None, [mwidgets.Axis("a", "height (mm)", (1, 2))])


def test_rounded_numbers_never_show_a_negative_zero():
    from memsim.render import markdown

    assert markdown.rounded(-0.0003, 1) == "0.0"
    assert markdown.rounded(-0.04, 2) == "−0.04"
    assert markdown.rounded(2.345, 1) == "2.3"
    assert markdown.rounded(-12.0, 0) == "−12"


def test_reused_figure_builds_once_and_keeps_its_first_layout():
    builds = []

    def build():
        fig, ax = plotting.new_figure(4, 3)
        (line,) = ax.plot([0, 1], [0, 1])
        ax.set_ylim(0, 2)
        builds.append(fig)
        return fig, line

    view = plotting.ReusedFigure(build)
    fig, line = view.get()
    first, _, _ = plotting.figure_png(fig)
    position = fig.axes[0].get_position().bounds
    again, line_again = view.get()
    assert again is fig and line_again is line and len(builds) == 1
    assert fig.get_layout_engine() is None or type(fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    line.set_ydata([1, 2])
    updated, _, _ = plotting.figure_png(fig)
    assert fig.axes[0].get_position().bounds == position, "the layout of the first draw is kept"
    assert updated != first
    with pytest.raises(TypeError, match="build must be callable"):
        plotting.ReusedFigure(None)
    plt.close("all")
