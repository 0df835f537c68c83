"""The shared argument checks: each rule raises the right error, naming the parameter."""

import math

import brian2 as b2
import numpy as np
import pytest

from memsim.core import validation as v


def test_number_in_range_is_returned_as_float():
    assert v.check_number("x", 3, low=0, high=5) == 3.0
    assert isinstance(v.check_number("x", np.float32(2.5)), float)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_number_rejects_nan_and_inf(bad):
    with pytest.raises(ValueError, match="x must be finite"):
        v.check_number("x", bad)


@pytest.mark.parametrize("bad", ["1", None, [1.0], True])
def test_number_rejects_non_numbers(bad):
    with pytest.raises(TypeError, match="x must be a real number"):
        v.check_number("x", bad)


def test_number_rejects_quantities_with_units():
    with pytest.raises(TypeError, match="x must be a dimensionless number"):
        v.check_number("x", 3 * b2.ms)


def test_number_range_message_names_the_bounds():
    with pytest.raises(ValueError, match=r"x must be in \(0.0, 1.0\], got 0.0"):
        v.check_number("x", 0.0, low=0.0, high=1.0, low_inclusive=False)


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_probability_range(bad):
    with pytest.raises(ValueError, match=r"p must be in \[0.0, 1.0\]"):
        v.check_probability("p", bad)


def test_integer_rejects_floats_and_bools():
    with pytest.raises(TypeError, match="n must be an integer"):
        v.check_integer("n", 3.0)
    with pytest.raises(TypeError, match="n must be an integer"):
        v.check_integer("n", True)


def test_integer_range():
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 10\], got 0"):
        v.check_integer("n", 0, low=1, high=10)


def test_seed_rejects_none_unless_allowed_and_rejects_negative():
    assert v.check_seed("seed", None, allow_none=True) is None
    with pytest.raises(TypeError, match=r"seed must be an integer in \[0, 2147483647\], got None"):
        v.check_seed("seed", None)
    with pytest.raises(ValueError, match="seed must be an integer"):
        v.check_seed("seed", v.MAX_SEED + 1)
    with pytest.raises(ValueError, match="seed must be an integer"):
        v.check_seed("seed", -1)


def test_choice():
    assert v.check_choice("mode", "a", ("a", "b")) == "a"
    with pytest.raises(ValueError, match="mode must be one of"):
        v.check_choice("mode", "c", ("a", "b"))
    with pytest.raises(TypeError, match="mode must be a string"):
        v.check_choice("mode", 1, ("a", "b"))


def test_quantity_returns_magnitude_in_unit():
    assert v.check_quantity("tau", 0.02 * b2.second, b2.ms) == pytest.approx(20.0)


def test_quantity_rejects_plain_numbers():
    with pytest.raises(TypeError, match="tau must be a Brian2 quantity"):
        v.check_quantity("tau", 20.0, b2.ms)


def test_quantity_wrong_units_raise_brian2_error_naming_parameter():
    with pytest.raises(b2.DimensionMismatchError, match="tau must have the units"):
        v.check_quantity("tau", 20 * b2.mV, b2.ms)


def test_quantity_negative_duration_rejected():
    with pytest.raises(ValueError, match=r"tau must be in \(0.0, inf\].*ms"):
        v.check_quantity("tau", -5 * b2.ms, b2.ms, low=0.0, low_inclusive=False)


def test_quantity_nan_rejected():
    with pytest.raises(ValueError, match="tau must be finite"):
        v.check_quantity("tau", np.nan * b2.ms, b2.ms)


def test_quantity_must_be_scalar():
    with pytest.raises(ValueError, match="tau must be a scalar"):
        v.check_quantity("tau", np.ones(2) * b2.ms, b2.ms)


def test_quantity_array_checks():
    values = v.check_quantity_array("dt", np.array([-1.0, 2.0]) * b2.ms, b2.ms, low=-5, high=5)
    np.testing.assert_array_equal(values, [-1.0, 2.0])
    with pytest.raises(ValueError, match="dt must lie within"):
        v.check_quantity_array("dt", np.array([10.0]) * b2.ms, b2.ms, low=-5, high=5)
    with pytest.raises(ValueError, match="dt must contain only finite values"):
        v.check_quantity_array("dt", np.array([np.nan]) * b2.ms, b2.ms)
    with pytest.raises(ValueError, match="dt must be a non-empty 1-D array"):
        v.check_quantity_array("dt", np.array([]) * b2.ms, b2.ms)
    with pytest.raises(b2.DimensionMismatchError, match="dt must have the units"):
        v.check_quantity_array("dt", np.array([1.0]) * b2.Hz, b2.ms)
