"""Helpers that turn model results into the book: glue, explorables, figures and Markdown.

The models never import this package (a test checks it); the notebooks do.

* :mod:`~memsim.render.glue`: myst-nb glue, or a plain display without myst-nb;
* :mod:`~memsim.render.widgets`: explorable figures, live in a kernel and precomputed offline;
* :mod:`~memsim.render.plotting`: the book's figure style;
* :mod:`~memsim.render.markdown`: the scorecard, verdicts, comparison and parameter tables as Markdown.
"""
