"""Published measurements that the models are checked against.

Every number the book quotes from a paper is stored once, in the packaged
table ``memsim/data/literature.toml``, which this module reads: each value has
its citation key (present in ``book/references.bib``), where in the paper it comes from,
the tolerance a model must meet to count as reproducing it, and whether we
could verify it against a source we could read. Notebooks glue these values
into the prose; tests compare model output with them.

``verified`` records how the value was checked:

* ``"primary"``: read in the paper itself or its abstract;
* ``"secondary"``: read where another published source quotes the paper
  (the note says which);
* ``"unverified"``: not checked; the text must say so when quoting it.

References
----------
Bi G-q, Poo M-m (1998). J Neurosci 18:10464-10472. :cite:`bi1998synaptic`
Bi G-q, Poo M-m (2001). Annu Rev Neurosci 24:139-166. :cite:`bi2001synaptic`
Pfister J-P, Gerstner W (2006). J Neurosci 26:9673-9682.
:cite:`pfister2006triplets`
Sjöström PJ, Turrigiano GG, Nelson SB (2001). Neuron 32:1149-1164.
:cite:`sjostrom2001rate`
Fusi S, Drew PJ, Abbott LF (2005). Neuron 45:599-611. :cite:`fusi2005cascade`
Smith MA, Ghazizadeh A, Shadmehr R (2006). PLoS Biol 4:e179.
:cite:`smith2006interacting`
Arthur W Jr, Bennett W Jr, Stanush PL, McNelly TL (1998). Hum Perform
11:57-101. :cite:`arthur1998factors`
Tatel CE, Ackerman PL (2025). Psychol Bull. :cite:`tatel2025procedural`
Egner IM, Bruusgaard JC, Eftestøl E, Gundersen K (2013). J Physiol 591:6221-6230.
:cite:`egner2013cellular`
Bruusgaard JC et al. (2010). PNAS 107:15111-15116. :cite:`bruusgaard2010myonuclei`
Bruusgaard JC et al. (2009). J Muscle Res Cell Motil 30:324 (abstract).
:cite:`bruusgaard2009myonuclei`
Spalding KL et al. (2005). Cell 122:133-143. :cite:`spalding2005retrospective`
Psilander N et al. (2019). J Appl Physiol 126:1636-1645. :cite:`psilander2019effects`
Conceição MS et al. (2018). Med Sci Sports Exerc 50:1385-1393. :cite:`conceicao2018muscle`
Seaborne RA et al. (2018). Sci Rep 8:1898. :cite:`seaborne2018human`
Walker MP et al. (2002). Neuron 35:205-211. :cite:`walker2002practice`
Euston DR, Tatsuno M, McNaughton BL (2007). Science 318:1147-1150. :cite:`euston2007fast`
Lee AK, Wilson MA (2002). Neuron. :cite:`lee2002memory`
Davidson TJ, Kloosterman F, Wilson MA (2009). Neuron 63:497-507. :cite:`davidson2009hippocampal`
de Vivo L et al. (2017). Science 355:507-510. :cite:`devivo2017ultrastructural`
Pruszynski JA, Scott SH (2012). Exp Brain Res 218:341-359. :cite:`pruszynski2012optimal`
Kurtzer IL (2015). Front Integr Neurosci 8:99. :cite:`kurtzer2015long`
Falco FJE et al. (1994). Muscle Nerve 17:161-167. :cite:`falco1994h`
Rothwell JC et al. (1982). Brain 105:515-542. :cite:`rothwell1982manual`
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass
from importlib import resources
from typing import Any

import brian2 as b2

from memsim.core.fields import quantity_field
from memsim.core.validation import check_integer, check_number

__all__ = [
    "EVIDENCE_KINDS",
    "MEASUREMENTS",
    "Comparison",
    "Measurement",
    "Provenance",
    "compare",
    "default_of",
    "departs",
    "derived_from",
    "get",
    "load_table",
    "parameter_sources",
    "provenance",
    "published",
    "source_of",
    "sourced",
]

VERIFICATION_LEVELS = ("primary", "secondary", "unverified")


@dataclass(frozen=True)
class Measurement:
    """One published value.

    Attributes
    ----------
    key : str
        Identifier used by notebooks and tests, e.g. ``"bi2001.tau_plus"``.
    description : str
        What was measured, in a few words.
    value : float
        The published value, in ``unit``.
    unit : str
        Unit of ``value`` (``""`` for dimensionless counts and ratios).
    citation : str
        BibTeX key in ``book/references.bib``.
    source : str
        Where in the paper: figure, table, abstract or text.
    rel_tolerance : float
        Relative deviation a model may show and still count as reproducing
        the value (0.1 means within 10 %).
    verified : str
        ``"primary"``, ``"secondary"`` or ``"unverified"``.
    note : str
        How it was verified, and caveats.
    """

    key: str
    description: str
    value: float
    unit: str
    citation: str
    source: str
    rel_tolerance: float
    verified: str
    note: str = ""

    def __post_init__(self) -> None:
        check_number("rel_tolerance", self.rel_tolerance, low=0.0, high=1.0, low_inclusive=False)
        if not isinstance(self.value, (int, float)) or isinstance(self.value, bool) or not math.isfinite(self.value):
            raise ValueError(f"value must be a finite number, got {self.value!r}")
        if self.verified not in VERIFICATION_LEVELS:
            raise ValueError(f"verified must be one of {VERIFICATION_LEVELS}, got {self.verified!r}")

    @property
    def quantity(self) -> b2.Quantity:
        """The value as a Brian2 quantity (e.g. ``16.8 * ms``; days become seconds).

        Raises
        ------
        ValueError
            If the unit is not a physical one (``"%"``, ``"SD"``, counts of
            sites): such values are used as plain numbers.
        """
        return self.value * self.brian2_unit

    @property
    def brian2_unit(self) -> b2.Quantity:
        """The table's unit as a Brian2 quantity (``ms`` for ``"ms"``, 86400 s for ``"days"``).

        Raises
        ------
        ValueError
            If the unit is not a physical one (see :attr:`quantity`).
        """
        if self.unit not in _BRIAN2_UNITS:
            raise ValueError(
                f"{self.key}: unit {self.unit!r} has no Brian2 equivalent; "
                f"units with one: {sorted(u for u in _BRIAN2_UNITS if u)}"
            )
        return _BRIAN2_UNITS[self.unit]

    def formatted(self, digits: int = 1) -> str:
        """The value with its unit, e.g. ``"16.8 ms"``; flags unverified values."""
        text = f"{self.value:.{digits}f}" + (f" {self.unit}" if self.unit else "")
        return text + (" (unverified)" if self.verified == "unverified" else "")


#: Brian2 unit of each physical unit the table uses; a calendar month is 1/12 of
#: a Julian year (365.25 days), as in the chapters' time axes.
_BRIAN2_UNITS: dict[str, b2.Quantity] = {
    "": b2.Quantity(1.0),
    "s": b2.second,
    "ms": b2.ms,
    "Hz": b2.Hz,
    "mV": b2.mV,
    "days": 86400.0 * b2.second,
    "weeks": 7 * 86400.0 * b2.second,
    "months": 365.25 / 12 * 86400.0 * b2.second,
    "years": 365.25 * 86400.0 * b2.second,
}

#: The packaged table of published values, one TOML table per key.
TABLE_FILE = "data/literature.toml"


def _measurement(key: str, entry: dict) -> Measurement:
    """One row of the table as a :class:`Measurement`; names the key if the row is malformed."""
    try:
        return Measurement(key=key, **entry)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{TABLE_FILE}: entry [{key!r}] is malformed: {error}") from None


def load_table(text: str) -> dict[str, Measurement]:
    """Parse a table of published values (the TOML of :data:`TABLE_FILE`).

    Raises
    ------
    ValueError
        If the text is not TOML, or an entry lacks a field or has a bad one;
        the message names the entry.
    """
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{TABLE_FILE} is not valid TOML: {error}") from None
    return {key: _measurement(key, entry) for key, entry in table.items()}


MEASUREMENTS: dict[str, Measurement] = load_table(
    resources.files("memsim").joinpath(TABLE_FILE).read_text(encoding="utf-8")
)


def get(key: str) -> Measurement:
    """Return the measurement stored under ``key``.

    Raises
    ------
    KeyError
        If no measurement has that key; the message lists the known keys.
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a string, got {type(key).__name__}")
    try:
        return MEASUREMENTS[key]
    except KeyError:
        raise KeyError(f"unknown measurement {key!r}; known: {sorted(MEASUREMENTS)}") from None


def published(key: str, *, quantity: bool = False) -> Any:
    """The table's value of ``key``: a float in the table's unit, or a Brian2 quantity.

    Use it for a model default that follows the paper, so that the value is
    typed once, in ``memsim/data/literature.toml``.
    """
    measurement = get(key)
    return measurement.quantity if quantity else measurement.value


def sourced(key: str, *, quantity: bool = False) -> Any:
    """A dataclass field whose default is the published value of ``key``, and says so.

    The field's metadata records ``{"source": key}``; ``tests/test_published_parameters.py``
    walks every such field and checks that its default equals the table's value.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Rule:
    ...     tau_plus: float = sourced("bi2001.tau_plus")  # ms
    >>> Rule().tau_plus
    16.8
    """
    value = published(key, quantity=quantity)
    metadata = {"source": key, "quantity": quantity}
    if quantity:
        return quantity_field(value, metadata=metadata)
    return field(default=value, metadata=metadata)


def departs(key: str, value: Any, why: str) -> Any:
    """A dataclass field whose default departs on purpose from the published value of ``key``.

    The departure is recorded in the field's metadata (``{"departs_from": key,
    "why": why}``); the test of published parameters checks that the value
    really differs from the table's and that a reason is given.
    """
    get(key)  # the key must exist
    if not isinstance(why, str) or not why.strip():
        raise ValueError(f"why must say why the model departs from {key}")
    metadata = {"departs_from": key, "why": why}
    if isinstance(value, b2.Quantity):
        return quantity_field(value, metadata=metadata)
    return field(default=value, metadata=metadata)


def derived_from(keys: tuple[str, ...], value: Any, how: str) -> Any:
    """A dataclass field whose default was computed from published values (not equal to any).

    The keys are recorded in the field's metadata (``{"set_from": keys, "how":
    how}``), so that :func:`parameter_sources` counts them among the values the
    model was set from, and no comparison with them is called a prediction.
    """
    if isinstance(keys, str) or not keys:
        raise ValueError("keys must be a non-empty tuple of table keys")
    for key in keys:
        get(key)
    if not isinstance(how, str) or not how.strip():
        raise ValueError(f"how must say how the value was derived from {keys}")
    metadata = {"set_from": tuple(keys), "how": how}
    if isinstance(value, b2.Quantity):
        return quantity_field(value, metadata=metadata)
    return field(default=value, metadata=metadata)


def default_of(model_field: Field) -> Any:
    """The default value of a dataclass field, whether given directly or by a factory."""
    if model_field.default is not MISSING:
        return model_field.default
    if model_field.default_factory is not MISSING:
        return model_field.default_factory()
    raise ValueError(f"field {model_field.name!r} has no default")


def source_of(model_field: Field) -> str | None:
    """The table key a dataclass field follows (:func:`sourced`) or departs from (:func:`departs`)."""
    return model_field.metadata.get("source") or model_field.metadata.get("departs_from")


#: The kinds of evidence a model-vs-published comparison can be, weakest first
#: (defined in the book's glossary). Only a prediction can support a verdict.
EVIDENCE_KINDS: tuple[str, ...] = ("input", "calibrated", "imposed", "prediction")


def parameter_sources(*parameters: Any) -> frozenset[str]:
    """The table keys that the fields of dataclasses were set from.

    Walks every field of each dataclass instance or class given (and of any
    dataclass held in a field), collecting the keys recorded by
    :func:`sourced` (``"source"``) and :func:`derived_from` (``"set_from"``).
    A field that :func:`departs` from a value was not set from it.
    """
    keys: set[str] = set()
    for obj in parameters:
        if not is_dataclass(obj):
            raise TypeError(f"parameters must be dataclass instances or classes, got {type(obj).__name__}")
        for model_field in fields(obj):
            if "source" in model_field.metadata:
                keys.add(model_field.metadata["source"])
            keys.update(model_field.metadata.get("set_from", ()))
            value = getattr(obj, model_field.name, None) if not isinstance(obj, type) else None
            if is_dataclass(value):
                keys |= parameter_sources(value)
    return frozenset(keys)


@dataclass(frozen=True)
class Provenance:
    """What one model (or one fit of it) was set from: the basis of every comparison's kind.

    Attributes
    ----------
    name : str
        Short id, unique in the book, e.g. ``"myonuclei.egner_fit"``; a
        comparison row is named ``"<name>:<table key>"``.
    chapter : int
        The chapter that runs the model.
    description : str
        One line for readers: which model, set from what.
    inputs : frozenset of str
        Table keys the model's parameters were given.
    calibrated : frozenset of str
        Table keys that were fit targets, or that set a parameter.
    imposed : frozenset of str
        Table keys whose effect was put into the model by hand (an
        illustration, not a test).
    """

    name: str
    chapter: int
    description: str
    inputs: frozenset[str] = frozenset()
    calibrated: frozenset[str] = frozenset()
    imposed: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or ":" in self.name:
            raise ValueError(f"name must be a non-empty string without ':', got {self.name!r}")
        check_integer("chapter", self.chapter, low=1)
        for group in ("inputs", "calibrated", "imposed"):
            keys = getattr(self, group)
            if isinstance(keys, str):
                raise TypeError(f"{group} must be a collection of table keys, not one string")
            object.__setattr__(self, group, frozenset(keys))
            for key in getattr(self, group):
                get(key)  # every key must be in the table

    def kind(self, key: str) -> str:
        """The evidence kind of a comparison with the value stored under ``key``.

        ``"input"`` if a parameter was given the value, ``"calibrated"`` if it
        was a fit target or set a parameter, ``"imposed"`` if its mechanism was
        put in by hand, else ``"prediction"``.
        """
        get(key)
        if key in self.inputs:
            return "input"
        if key in self.calibrated:
            return "calibrated"
        if key in self.imposed:
            return "imposed"
        return "prediction"

    def row_id(self, key: str) -> str:
        """The name of the comparison of this model with ``key``: ``"<name>:<key>"``."""
        get(key)
        return f"{self.name}:{key}"


def provenance(
    name: str,
    chapter: int,
    description: str,
    *,
    parameters: tuple[Any, ...] = (),
    inputs: tuple[str, ...] | frozenset[str] = (),
    calibrated: tuple[str, ...] | frozenset[str] = (),
    imposed: tuple[str, ...] | frozenset[str] = (),
) -> Provenance:
    """A model's :class:`Provenance`, with its inputs read from its parameters.

    Parameters
    ----------
    name, chapter, description
        See :class:`Provenance`.
    parameters : tuple of dataclass instances or classes
        The model's parameter sets; every key they were set from
        (:func:`parameter_sources`) becomes an input.
    inputs : collection of str
        Further keys the model was given (a protocol's timing, say).
    calibrated : collection of str
        Fit targets, and keys a parameter was derived from.
    imposed : collection of str
        Keys whose effect was put in by hand.
    """
    for group, keys in (("inputs", inputs), ("calibrated", calibrated), ("imposed", imposed)):
        if isinstance(keys, str):
            raise TypeError(f"{group} must be a collection of table keys, not one string")
    return Provenance(
        name,
        chapter,
        description,
        inputs=parameter_sources(*parameters) | frozenset(inputs),
        calibrated=frozenset(calibrated),
        imposed=frozenset(imposed),
    )


@dataclass(frozen=True)
class Comparison:
    """A model value set beside a published one, with the kind of evidence it is.

    Attributes
    ----------
    measurement : Measurement
        The published value.
    model_value : float
        The model's value, in the measurement's unit.
    provenance : Provenance
        What the model was set from; it decides :attr:`kind`.
    model_range : tuple of float, optional
        ``(low, high)``: the spread of the model's value over the parameter
        sets or inputs it was run with (e.g. a sourced range of conduction
        velocities), in the measurement's unit.
    """

    measurement: Measurement
    model_value: float
    provenance: Provenance
    model_range: tuple[float, float] | None = None

    @property
    def kind(self) -> str:
        """``"input"``, ``"calibrated"``, ``"imposed"`` or ``"prediction"`` (see :data:`EVIDENCE_KINDS`)."""
        return self.provenance.kind(self.measurement.key)

    @property
    def row_id(self) -> str:
        """``"<provenance name>:<table key>"``, as verdicts cite it."""
        return self.provenance.row_id(self.measurement.key)

    @property
    def relative_error(self) -> float:
        """``|model - published| / |published|`` (dimensionless)."""
        return abs(self.model_value - self.measurement.value) / abs(self.measurement.value)

    @property
    def agrees(self) -> bool:
        """Whether the model is within the stored tolerance of the published value.

        With a :attr:`model_range`, whether that range overlaps the published
        value's tolerance band.
        """
        if self.model_range is None:
            return self.relative_error <= self.measurement.rel_tolerance
        low, high = self.model_range
        band = abs(self.measurement.value) * self.measurement.rel_tolerance
        return low <= self.measurement.value + band and high >= self.measurement.value - band


def compare(
    key: str,
    model_value: float,
    *,
    provenance: Provenance,
    model_range: tuple[float, float] | None = None,
) -> Comparison:
    """Set a model value beside the published value stored under ``key``.

    Parameters
    ----------
    key : str
        Table key of the published value.
    model_value : float
        The model's value, in the table's unit for ``key``.
    provenance : Provenance
        What the model was set from; the comparison's evidence kind is
        derived from it, never typed.
    model_range : (float, float), optional
        The spread of the model's value, ``low <= model_value <= high``.

    Raises
    ------
    ValueError
        If a value is not finite, or ``model_range`` does not bracket ``model_value``.
    """
    value = check_number("model_value", model_value)
    if not isinstance(provenance, Provenance):
        raise TypeError(f"provenance must be a Provenance, got {type(provenance).__name__}")
    if model_range is not None:
        low = check_number("model_range[0]", model_range[0])
        high = check_number("model_range[1]", model_range[1])
        if not low <= value <= high:
            raise ValueError(f"model_range must bracket model_value ({value}), got ({low}, {high})")
        model_range = (low, high)
    return Comparison(get(key), value, provenance, model_range)
