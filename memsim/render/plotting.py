"""One figure style for the whole book, and one way to turn a figure into pixels.

A colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"),
units on every axis, and an opaque white background so that figures stay
readable on the book's dark theme as well as its light one.

Every figure, glued or shown as an explorable's frame, is rendered by
:func:`figure_png`: at twice its display size, for sharp screens, with its
display size and its smallest text size written into the PNG. Figures are
sized for the book's content column (:data:`COLUMN_WIDTH_IN`), so the browser
never scales them down, and no text is smaller than :data:`MIN_FONT_PT`: the
browser tests read both back from each image and check the text against the
body's small print at the displayed size.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Generic, TypeVar

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image
from PIL.PngImagePlugin import PngInfo

Handles = TypeVar("Handles")

__all__ = [
    "COLUMN_WIDTH_IN",
    "FONT_PT",
    "MIN_FONT_PT",
    "PALETTE",
    "PIXEL_RATIO",
    "SCREEN_DPI",
    "ReusedFigure",
    "apply_style",
    "figure_png",
    "label_axes",
    "new_figure",
    "smallest_font_pt",
]

#: Okabe-Ito colours, by role.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: Default colour cycle (yellow last: it is hard to see on white).
CYCLE: tuple[str, ...] = tuple(
    PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black", "yellow")
)

#: CSS pixels per inch of figure at its display size (the browser's 96 is close;
#: 100 keeps the arithmetic readable).
SCREEN_DPI = 100
#: Pixels rendered per CSS pixel, for sharp text on high-density screens.
PIXEL_RATIO = 2
#: Widest figure, in inches: the book's content column is 688 CSS px at a
#: 1280 px window, so a figure no wider than this is never scaled down there.
COLUMN_WIDTH_IN = 6.8
#: The book's text size in figures (tick labels and legends included).
FONT_PT = 11.0
#: No text in a figure may be smaller: 10.5 pt at 100 px per inch is 14.6 CSS px,
#: just above the body's small print, 14.4 px (the browser tests measure it).
MIN_FONT_PT = 10.5


def apply_style() -> None:
    """Set matplotlib's defaults to the book's style, and render figures with :func:`figure_png`.

    In an IPython kernel this also registers :func:`figure_png` as the PNG
    formatter of matplotlib figures, so glued and displayed figures come out
    at twice their display size, with their size checked. Call it once per
    notebook (:func:`new_figure` does).
    """
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=CYCLE),
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "savefig.bbox": "tight",
            "figure.dpi": SCREEN_DPI,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": FONT_PT,
            "axes.titlesize": FONT_PT,
            "axes.labelsize": FONT_PT,
            "xtick.labelsize": FONT_PT,
            "ytick.labelsize": FONT_PT,
            "legend.fontsize": FONT_PT,
            "legend.title_fontsize": FONT_PT,
            "figure.titlesize": FONT_PT,
            "legend.frameon": False,
        }
    )
    _register_png_formatter()


def _register_png_formatter() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    if formatter.type_printers.get(Figure) is _png_for_display:
        return
    # Load the backend first: matplotlib-inline registers its own PNG formatter
    # when its backend module loads (on the first figure), replacing any other.
    plt.close(plt.figure())
    formatter.for_type(Figure, _png_for_display)


def _png_for_display(figure: Figure) -> tuple[bytes, dict[str, int]]:
    data, width, height = figure_png(figure)
    return data, {"width": width, "height": height}


def smallest_font_pt(figure: Figure) -> float:
    """Size of the smallest visible, non-empty text in a figure, in points.

    Tick labels are empty until the figure is drawn (or laid out with
    ``figure.draw_without_rendering()``). Returns ``inf`` for a figure
    with no text.
    """
    sizes = [
        text.get_fontsize()
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip() and text.get_figure() is not None
    ]
    return float(min(sizes)) if sizes else float("inf")


def figure_png(figure: Figure) -> tuple[bytes, int, int]:
    """Render a figure for the book: PNG bytes and its display size.

    The PNG has :data:`PIXEL_RATIO` pixels per CSS pixel. Its text chunks
    ``memsim:dpi`` and ``memsim:min-font-pt`` record the rendering resolution
    and the smallest text, which the browser tests read back.

    The figure is drawn once, into an Agg canvas at the PNG's resolution
    (its layout runs in that one draw), then cropped to its tight bounding box
    with :data:`PAD_IN` of margin, as ``savefig(bbox_inches="tight")`` would,
    and encoded by Pillow; only a figure whose text reaches beyond its edge is
    drawn a second time. ``savefig`` with a tight box lays a figure out three
    times and draws it twice, and a live explorable's redraw waits for this
    function.

    Returns
    -------
    (bytes, int, int)
        The PNG, and its display width and height in CSS pixels.

    Raises
    ------
    ValueError
        If any text is smaller than :data:`MIN_FONT_PT`, or the figure is
        wider than :data:`COLUMN_WIDTH_IN` (the page would scale it, and its
        text, down).
    """
    dpi = SCREEN_DPI * PIXEL_RATIO
    figure.set_dpi(dpi)
    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    canvas.draw()  # lays the figure out and gives tick labels their text
    smallest = smallest_font_pt(figure)
    if smallest < MIN_FONT_PT:
        raise ValueError(
            f"figure text must be at least MIN_FONT_PT = {MIN_FONT_PT:g} pt to be legible, "
            f"got {smallest:g} pt; drop the fontsize argument"
        )
    metadata = {"memsim:dpi": str(dpi), "memsim:min-font-pt": f"{min(smallest, 1000.0):g}"}
    tight = figure.get_tightbbox(canvas.get_renderer())
    buffer = io.BytesIO()
    if _inside(tight, figure, dpi):
        info = PngInfo()
        for key, value in metadata.items():
            info.add_text(key, value)
        # Opaque RGB (the figures' background is white); compression level 1 is
        # several times faster than Pillow's default 6, and the RGB file is no
        # larger than the RGBA file savefig wrote at level 6.
        Image.fromarray(_crop(canvas, tight.padded(PAD_IN), dpi)).save(
            buffer, format="png", pnginfo=info, compress_level=1
        )
    else:
        # Text reaches beyond the figure's edge, where the canvas has no pixels:
        # draw once more, into a canvas the size of the padded bounding box.
        figure.savefig(
            buffer,
            format="png",
            dpi=dpi,
            bbox_inches=tight.padded(PAD_IN),
            metadata=metadata,
            pil_kwargs={"compress_level": 1},
        )
    data = buffer.getvalue()
    width_px, height_px = Image.open(io.BytesIO(data)).size  # reads the header only
    width, height = round(width_px / PIXEL_RATIO), round(height_px / PIXEL_RATIO)
    if width > COLUMN_WIDTH_IN * SCREEN_DPI + 8:
        raise ValueError(
            f"figure must fit the content column, at most COLUMN_WIDTH_IN = {COLUMN_WIDTH_IN:g} in "
            f"({COLUMN_WIDTH_IN * SCREEN_DPI:g} px), got {width} px; make it narrower"
        )
    return data, width, height


#: Margin around a figure's tight bounding box, in inches (savefig's default pad).
PAD_IN = 0.1


def _inside(box: Bbox, figure: Figure, dpi: float) -> bool:
    """Whether a bounding box (inches) lies on the figure's canvas, to within a pixel."""
    width_in, height_in = figure.get_size_inches()
    slack = 1 / dpi
    return box.x0 >= -slack and box.y0 >= -slack and box.x1 <= width_in + slack and box.y1 <= height_in + slack


def _crop(canvas: FigureCanvasAgg, box: Bbox, dpi: float) -> np.ndarray:
    """The drawn canvas cut to ``box`` (inches) as RGB; where the box leaves the canvas, white."""
    rgba = np.asarray(canvas.buffer_rgba())
    rows, columns = rgba.shape[:2]
    # Bounding boxes count from the bottom in inches, array rows from the top in pixels.
    left, right = round(box.x0 * dpi), round(box.x1 * dpi)
    top, bottom = rows - round(box.y1 * dpi), rows - round(box.y0 * dpi)
    pixels = np.full((bottom - top, right - left, 3), 255, dtype=np.uint8)
    inside = rgba[max(top, 0) : min(bottom, rows), max(left, 0) : min(right, columns), :3]
    pixels[max(-top, 0) : max(-top, 0) + inside.shape[0], max(-left, 0) : max(-left, 0) + inside.shape[1]] = inside
    return pixels


def new_figure(width: float = COLUMN_WIDTH_IN, height: float = 3.5, ncols: int = 1) -> tuple[plt.Figure, object]:
    """Create a figure in the book's style.

    Parameters
    ----------
    width, height : float
        Size in inches; ``width`` at most :data:`COLUMN_WIDTH_IN`, the
        content column, so the page never scales the figure down (the
        default leaves room for labels that the tight bounding box adds).
    ncols : int
        Number of side-by-side axes.

    Returns
    -------
    (Figure, Axes or array of Axes)
    """
    if not (0 < width <= COLUMN_WIDTH_IN and 0 < height <= 20):
        raise ValueError(
            f"width must be in (0, {COLUMN_WIDTH_IN:g}] inches (the content column) and height in "
            f"(0, 20], got {width} x {height}"
        )
    if not isinstance(ncols, int) or not 1 <= ncols <= 6:
        raise ValueError(f"ncols must be an integer in [1, 6], got {ncols!r}")
    apply_style()
    return plt.subplots(1, ncols, figsize=(width, height), layout="constrained")


class ReusedFigure(Generic[Handles]):
    """One figure for every redraw of an explorable: built once, then updated in place.

    An explorable's callback runs once per frame and once per live re-run.
    Building a new figure each time costs its axes, its ticks and a
    constrained layout on every draw; updating the artists of one figure
    (``line.set_data``, ``collection.set_offsets``, ``text.set_text``) and
    drawing it with its layout fixed costs about a third less. Give the
    axes fixed limits, so that the layout of the first draw fits every later one.

    Parameters
    ----------
    build : callable
        ``build() -> (figure, handles)``: the figure and whatever the callback
        updates (artists, axes), called on first use.

    Examples
    --------
    >>> view = ReusedFigure(lambda: ...)  # doctest: +SKIP
    >>> figure, lines = view.get()  # doctest: +SKIP
    """

    def __init__(self, build: Callable[[], tuple[Figure, Handles]]) -> None:
        if not callable(build):
            raise TypeError("build must be callable")
        self._build = build
        self._made: tuple[Figure, Handles] | None = None

    def get(self) -> tuple[Figure, Handles]:
        """The figure and its handles: built on the first call; later, with the layout it was drawn with."""
        if self._made is None:
            self._made = self._build()
        else:
            # Laid out by its first draw (figure_png); the axes' limits are fixed.
            self._made[0].set_layout_engine("none")
        return self._made


def label_axes(ax: plt.Axes, xlabel: str, ylabel: str, title: str | None = None) -> None:
    """Label both axes; each label must carry its unit in parentheses.

    Raises
    ------
    ValueError
        If a label has no ``(unit)`` part: the book's figures always state units.
    """
    for name, label in (("xlabel", xlabel), ("ylabel", ylabel)):
        if "(" not in label or not label.rstrip().endswith(")"):
            raise ValueError(f"{name} must end with its unit in parentheses, got {label!r}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
