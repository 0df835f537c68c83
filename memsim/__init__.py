"""memsim: the models behind *Muscle Memory, Computed*.

One module per chapter (``plasticity``, ...) plus shared helpers
(``spiking``, ``literature``, ``plotting``, ``widgets``, ``glue``,
``claims``, ``validation``). Notebooks call memsim; memsim never imports
from the notebooks or the book.
"""

__version__ = "0.1.0"
