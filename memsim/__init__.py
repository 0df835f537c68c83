"""memsim: the models behind *Muscle Memory, Computed*.

Layout
------
One subpackage per chapter, one module per model, each re-exported by the
subpackage:

* :mod:`memsim.pathways` (Chapter 1): pairing, competition, practice;
* :mod:`memsim.retention` (Chapter 2): cascade, adaptation;
* :mod:`memsim.myonuclei` (Chapter 3): fibre, protocols;
* :mod:`memsim.sleep` (Chapter 4): replay, dreams;
* :mod:`memsim.sensory` (Chapter 5): senses, reflex, cues, reach;
* :mod:`memsim.systems` (Chapter 6): cerebellum, basal_ganglia, cortex,
  consolidation, episode (and sources, what their parameters were set from).

Under them, :mod:`memsim.core` holds the shared compiled-network layer and the
argument checks; beside them, :mod:`memsim.literature` reads the table of
published values (``memsim/data/literature.toml``) and :mod:`memsim.claims`
the claims and verdicts (``memsim/data/claims.md``, ``verdicts.toml``). The
book-rendering helpers are in :mod:`memsim.render`, which no model imports.
Data flows one way: notebook → memsim → results → figure and glue.

Units
-----
One rule for the whole package:

* the Brian2 models (:mod:`memsim.pathways`, :mod:`memsim.sleep.replay`,
  :mod:`memsim.sensory.reflex`) take and return Brian2 quantities at their
  public API, and the fields of their results are quantities too;
* the numpy models take and return plain floats, and every such name says its
  unit (``_days``, ``_ms``, ``_hz``, ``_s``); a dimensionless value has no suffix;
* a generic curve fitter (:func:`memsim.pathways.fit_practice_law`) takes plain
  arrays and returns its parameters in the unit of the data it was given.

Values read from :mod:`memsim.literature` are plain numbers in the unit the
table states; :attr:`memsim.literature.Measurement.quantity` gives a Brian2
quantity.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    # The version is written once, in pyproject.toml; an installed memsim knows it.
    __version__ = version("memsim")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
