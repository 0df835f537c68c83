"""The shared layer under every model: compiled Brian2 networks and argument checks.

* :mod:`~memsim.core.spiking`: :class:`~memsim.core.spiking.CompiledNetwork`, compile once, run many times, safely;
* :mod:`~memsim.core.fields`: dataclass fields whose defaults are Brian2 quantities;
* :mod:`~memsim.core.validation`: checks that reject bad input with the parameter's name and valid range.
"""
