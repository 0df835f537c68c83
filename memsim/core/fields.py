"""Dataclass fields whose defaults are Brian2 quantities.

A Brian2 quantity is a numpy array, which :mod:`dataclasses` refuses as a
shared default; each instance must get its own copy. :func:`quantity_field`
does that once for every model's parameter and protocol dataclasses.
"""

from __future__ import annotations

import copy
from dataclasses import field
from typing import Any

__all__ = ["quantity_field"]


def quantity_field(value: Any, *, metadata: dict[str, Any] | None = None) -> Any:
    """A dataclass field whose default is ``value`` (a quantity, or a tuple of them), copied per instance.

    Examples
    --------
    >>> import brian2 as b2
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Protocol:
    ...     onset: b2.Quantity = quantity_field(100.0 * b2.ms)
    >>> Protocol().onset
    100. * msecond
    """
    return field(default_factory=lambda: copy.deepcopy(value), metadata=metadata or {})
