"""Argument checks shared by every memsim model.

Each public model function validates its inputs with these helpers, so that
bad input fails early with a message that names the parameter and its valid
range instead of producing a silent NaN deep inside a simulation.
"""

from __future__ import annotations

import math
import numbers

import brian2 as b2
import numpy as np

__all__ = [
    "MAX_SEED",
    "check_choice",
    "check_finite_array",
    "check_integer",
    "check_number",
    "check_probability",
    "check_quantity",
    "check_quantity_array",
    "check_seed",
]


def _is_real_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_number(
    name: str,
    value: float,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a float after checking that it is a finite real in range.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : float
        The value to check (dimensionless).
    low, high : float
        Bounds of the valid range.
    low_inclusive, high_inclusive : bool
        Whether the bounds themselves are valid.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (a Brian2 quantity with units is
        rejected here too: this parameter is dimensionless).
    ValueError
        If ``value`` is NaN, infinite or outside the range.
    """
    if isinstance(value, b2.Quantity) and not value.is_dimensionless:
        raise TypeError(f"{name} must be a dimensionless number, got {value!r}")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if not _is_real_number(value):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    too_low = value < low if low_inclusive else value <= low
    too_high = value > high if high_inclusive else value >= high
    if too_low or too_high:
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        raise ValueError(f"{name} must be in {left}{low}, {high}{right}, got {value}")
    return value


def check_probability(name: str, value: float) -> float:
    """Check that ``value`` is a probability in [0, 1] and return it as a float."""
    return check_number(name, value, low=0.0, high=1.0)


def check_integer(name: str, value: int, *, low: int | None = None, high: int | None = None) -> int:
    """Check that ``value`` is an integer in ``[low, high]`` and return it.

    Raises
    ------
    TypeError
        If ``value`` is not an integer (floats such as 3.0 are rejected too, so
        that a count never silently truncates).
    ValueError
        If ``value`` is outside the range.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value}")
    return value


#: Largest seed any memsim model accepts: the compiled networks keep the seed
#: in a 32-bit signed integer.
MAX_SEED = 2**31 - 1


def check_seed(name: str, value: int | None, *, allow_none: bool = False) -> int | None:
    """Check a random seed: an integer in ``[0, MAX_SEED]``.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : int or None
        The seed.
    allow_none : bool
        Accept ``None`` (fresh, irreproducible randomness). Only numpy models
        whose docstring says so allow it; a compiled network needs an integer.

    Raises
    ------
    TypeError
        If ``value`` is not an integer (or is ``None`` where that is not allowed).
    ValueError
        If ``value`` is outside ``[0, MAX_SEED]``.
    """
    if value is None:
        if allow_none:
            return None
        raise TypeError(f"{name} must be an integer in [0, {MAX_SEED}], got None")
    return check_integer(name, value, low=0, high=MAX_SEED)


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """Check that ``value`` is one of ``choices`` and return it."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {choices}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value


def _require_unit(name: str, value: object, unit: b2.Quantity) -> None:
    if not isinstance(value, b2.Quantity):
        raise TypeError(f"{name} must be a Brian2 quantity in units of {unit!r}, got a plain {type(value).__name__}")
    if not b2.have_same_dimensions(value, unit):
        # Brian2's own error type, so callers can catch unit errors as usual.
        raise b2.DimensionMismatchError(f"{name} must have the units of {unit!r}", value.dim, unit.dim)


def check_quantity(
    name: str,
    value: b2.Quantity,
    unit: b2.Quantity,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Check a scalar Brian2 quantity and return its value in ``unit``.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : brian2.Quantity
        The quantity to check.
    unit : brian2.Quantity
        The unit that ``value`` must carry (e.g. ``b2.ms``); the bounds are
        given in this unit and the return value is expressed in it.
    low, high, low_inclusive, high_inclusive
        Valid range, in ``unit``.

    Raises
    ------
    TypeError
        If ``value`` is not a quantity.
    brian2.DimensionMismatchError
        If ``value`` has the wrong dimensions.
    ValueError
        If ``value`` is not a scalar, is NaN or infinite, or is out of range.
    """
    _require_unit(name, value, unit)
    if np.ndim(value) != 0:
        raise ValueError(f"{name} must be a scalar quantity, got shape {np.shape(value)}")
    magnitude = float(np.asarray(value / unit))
    try:
        return check_number(
            name,
            magnitude,
            low=low,
            high=high,
            low_inclusive=low_inclusive,
            high_inclusive=high_inclusive,
        )
    except ValueError as exc:
        raise ValueError(f"{exc} (in {unit})") from None


def check_finite_array(name: str, values: np.ndarray) -> np.ndarray:
    """Check that ``values`` is a non-empty 1-D array of finite reals."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite values (no NaN or inf)")
    return array


def check_quantity_array(
    name: str,
    values: b2.Quantity,
    unit: b2.Quantity,
    *,
    low: float = -math.inf,
    high: float = math.inf,
) -> np.ndarray:
    """Check a 1-D array quantity and return its magnitudes in ``unit``.

    Raises
    ------
    TypeError
        If ``values`` is not a quantity.
    brian2.DimensionMismatchError
        If ``values`` has the wrong dimensions.
    ValueError
        If ``values`` is empty, not 1-D, contains NaN or infinities, or has an
        element outside ``[low, high]`` (in ``unit``).
    """
    _require_unit(name, values, unit)
    magnitudes = check_finite_array(name, np.asarray(values / unit))
    if np.any(magnitudes < low) or np.any(magnitudes > high):
        raise ValueError(
            f"{name} must lie within [{low}, {high}] {unit}, got values from {magnitudes.min()} to {magnitudes.max()}"
        )
    return magnitudes
