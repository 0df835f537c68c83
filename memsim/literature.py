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
from dataclasses import MISSING, Field, dataclass, field
from importlib import resources
from typing import Any

import brian2 as b2

from memsim.core.fields import quantity_field
from memsim.core.validation import check_number

__all__ = [
    "MEASUREMENTS",
    "Comparison",
    "Measurement",
    "compare",
    "default_of",
    "departs",
    "get",
    "load_table",
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


@dataclass(frozen=True)
class Comparison:
    """A model value set beside a published one."""

    measurement: Measurement
    model_value: float

    @property
    def relative_error(self) -> float:
        """``|model - published| / |published|`` (dimensionless)."""
        return abs(self.model_value - self.measurement.value) / abs(self.measurement.value)

    @property
    def agrees(self) -> bool:
        """Whether the model is within the stored tolerance of the published value."""
        return self.relative_error <= self.measurement.rel_tolerance


def compare(key: str, model_value: float) -> Comparison:
    """Set a model value beside the published value stored under ``key``."""
    value = check_number("model_value", model_value)
    return Comparison(get(key), value)
