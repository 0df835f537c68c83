"""One figure style for the whole book.

A colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"),
units on every axis, and an opaque white background so that figures stay
readable on the book's dark theme as well as its light one.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler

__all__ = ["PALETTE", "apply_style", "label_axes", "new_figure"]

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


def apply_style() -> None:
    """Set matplotlib's defaults to the book's style (call once per notebook)."""
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=CYCLE),
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "savefig.bbox": "tight",
            "figure.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": 10,
            "legend.frameon": False,
        }
    )


def new_figure(width: float = 6.0, height: float = 3.5, ncols: int = 1) -> tuple[plt.Figure, object]:
    """Create a figure in the book's style.

    Parameters
    ----------
    width, height : float
        Size in inches.
    ncols : int
        Number of side-by-side axes.

    Returns
    -------
    (Figure, Axes or array of Axes)
    """
    if not (0 < width <= 20 and 0 < height <= 20):
        raise ValueError(f"width and height must be in (0, 20] inches, got {width} x {height}")
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
