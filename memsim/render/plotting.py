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

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

__all__ = [
    "COLUMN_WIDTH_IN",
    "FONT_PT",
    "MIN_FONT_PT",
    "PALETTE",
    "PIXEL_RATIO",
    "SCREEN_DPI",
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
    # Tick labels get their text only when drawn; lay the figure out first.
    figure.draw_without_rendering()
    smallest = smallest_font_pt(figure)
    if smallest < MIN_FONT_PT:
        raise ValueError(
            f"figure text must be at least MIN_FONT_PT = {MIN_FONT_PT:g} pt to be legible, "
            f"got {smallest:g} pt; drop the fontsize argument"
        )
    dpi = SCREEN_DPI * PIXEL_RATIO
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=dpi,
        metadata={"memsim:dpi": str(dpi), "memsim:min-font-pt": f"{min(smallest, 1000.0):g}"},
    )
    data = buffer.getvalue()
    width_px, height_px = Image.open(io.BytesIO(data)).size
    width, height = round(width_px / PIXEL_RATIO), round(height_px / PIXEL_RATIO)
    # savefig's tight bounding box may add a few pixels of labels and padding.
    if width > COLUMN_WIDTH_IN * SCREEN_DPI + 8:
        raise ValueError(
            f"figure must fit the content column, at most COLUMN_WIDTH_IN = {COLUMN_WIDTH_IN:g} in "
            f"({COLUMN_WIDTH_IN * SCREEN_DPI:g} px), got {width} px; make it narrower"
        )
    return data, width, height


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
