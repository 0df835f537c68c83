"""Every model parameter that claims a published source equals the table's value.

The models declare a default that follows a paper with
:func:`memsim.literature.sourced` and a purposeful departure with
:func:`memsim.literature.departs`. This test walks every dataclass of every
model module, finds each field so declared, and checks it against
``memsim/data/literature.toml``: a sourced default must equal the table's
value (as a Brian2 quantity where the field holds one), and a departure must
differ from it and say why. A model that typed its own copy of a published
value, and drifted, fails here.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import brian2 as b2
import pytest

from memsim import literature

CHAPTERS = ("pathways", "retention", "myonuclei", "sleep", "sensory", "systems")


def _model_modules() -> list:
    modules = []
    for chapter in CHAPTERS:
        package = importlib.import_module(f"memsim.{chapter}")
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            modules.append(importlib.import_module(info.name))
    return modules


def _declared_fields() -> list[tuple[str, dataclasses.Field]]:
    """``(module.Class.field, field)`` for every field declared with sourced() or departs()."""
    found = []
    for module in _model_modules():
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__):
                continue
            for field in dataclasses.fields(cls):
                if literature.source_of(field) is not None:
                    found.append((f"{module.__name__}.{name}.{field.name}", field))
    return found


DECLARED = _declared_fields()
SOURCED = [(name, f) for name, f in DECLARED if "source" in f.metadata]
DEPARTING = [(name, f) for name, f in DECLARED if "departs_from" in f.metadata]


def _as_table_unit(value, measurement: literature.Measurement) -> float:
    """A field's value in the unit of the table's entry (a quantity is divided by that unit)."""
    if isinstance(value, b2.Quantity) and not value.is_dimensionless:
        return float(value / measurement.brian2_unit)
    return float(value)


@pytest.mark.parametrize(("name", "field"), SOURCED, ids=[name for name, _ in SOURCED])
def test_a_sourced_default_is_the_tables_value(name, field):
    measurement = literature.get(field.metadata["source"])
    default = literature.default_of(field)
    if field.metadata.get("quantity"):
        assert isinstance(default, b2.Quantity), f"{name} should hold a Brian2 quantity"
        assert default.has_same_dimensions(measurement.quantity), f"{name}: unit differs from {measurement.unit}"
    assert _as_table_unit(default, measurement) == pytest.approx(measurement.value, rel=1e-12), name


def test_every_departure_differs_from_the_table_and_says_why():
    # A loop, not a parametrisation: no model departs from its paper today (Song's g_max was the last),
    # and an empty parametrisation would be a skip. test_literature checks departs() itself.
    for name, field in DEPARTING:
        measurement = literature.get(field.metadata["departs_from"])
        assert field.metadata["why"].strip(), name
        default = _as_table_unit(literature.default_of(field), measurement)
        assert default != pytest.approx(measurement.value, rel=1e-9), (
            f"{name} equals {measurement.key}: declare it with literature.sourced, not as a departure"
        )


def test_the_walk_finds_the_parameters_of_every_chapter_that_follows_a_paper():
    modules = {name.split(".")[1] for name, _ in DECLARED}
    assert {"pathways", "retention", "myonuclei"} <= modules, sorted(modules)
    keys = {literature.source_of(field) for _, field in DECLARED}
    assert {"bi2001.tau_plus", "bi2001.tau_minus", "smith2006.a_fast", "smith2006.b_slow"} <= keys


def test_the_walk_would_catch_a_drifted_copy(monkeypatch):
    """The check is real: a default that drifts from the table fails it."""
    name, field = next((n, f) for n, f in SOURCED if not f.metadata.get("quantity"))
    drifted = dataclasses.field(default=literature.default_of(field) * 1.01 + 1.0, metadata=field.metadata)
    with pytest.raises(AssertionError):
        test_a_sourced_default_is_the_tables_value(name, drifted)
