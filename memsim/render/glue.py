"""Glue computed values into the book's prose, with or without myst-nb.

In the book build, :func:`glue` is myst-nb's ``glue``: the value is stored in
the notebook's outputs and the prose shows it through ``{glue:text}`` and
``{glue:figure}``. In Binder or a plain Jupyter install, myst-nb (and the
Sphinx stack it pulls in, about 40 packages) is not installed: the runtime
requirements hold only what the models need. Then :func:`glue` simply shows
the value, so every notebook still runs and still displays its numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from memsim.literature import Comparison

__all__ = ["glue", "glue_available", "glue_evidence"]

try:
    from myst_nb import glue as _myst_glue
except ImportError:  # Binder and plain Jupyter: see the module docstring.
    _myst_glue = None


def glue_available() -> bool:
    """Whether myst-nb is installed, i.e. glued values reach the book's prose."""
    return _myst_glue is not None


def glue(name: str, value: Any, display: bool = False) -> None:
    """Store ``value`` under ``name`` for the book's ``{glue:...}`` roles.

    Parameters
    ----------
    name : str
        Key used in the prose, e.g. ``{glue:text}`tau_plus_fit:.1f```.
    value : Any
        A number, string or matplotlib figure.
    display : bool
        Also show the value in the notebook where it is glued. Without
        myst-nb, values are shown only when ``display`` is true.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a valid identifier, got {name!r}")
    if isinstance(value, np.generic):
        # numpy scalars print as "np.float64(...)", which {glue:text} cannot format.
        value = value.item()
    if _myst_glue is not None:
        _myst_glue(name, value, display=display)
    elif display:
        from IPython.display import display as show

        show(value)


def glue_evidence(chapter: int, comparisons: list[Comparison]) -> None:
    """Glue how each claim's predictions from this chapter came out, for the scorecard.

    For every claim whose verdict cites predictions of this chapter, stores
    e.g. ``"2 agree, 1 misses"`` under :func:`~memsim.render.markdown.evidence_glue_key`;
    the scorecard pastes it. Raises if a cited prediction is not among
    ``comparisons`` or is not a prediction (see :func:`memsim.evidence.tally`).
    """
    from memsim.evidence import tally
    from memsim.render.markdown import evidence_glue_key

    for result in tally(chapter, comparisons):
        glue(evidence_glue_key(result.claim_id), result.text(), display=False)
