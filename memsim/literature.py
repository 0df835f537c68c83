"""Published measurements that the models are checked against.

Every number the book quotes from a paper lives here once, with its citation
key (present in ``book/references.bib``), where in the paper it comes from,
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
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from memsim.validation import check_number

__all__ = ["MEASUREMENTS", "Comparison", "Measurement", "compare", "comparison_table", "get"]

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
        if self.verified not in VERIFICATION_LEVELS:
            raise ValueError(f"verified must be one of {VERIFICATION_LEVELS}, got {self.verified!r}")

    def formatted(self, digits: int = 1) -> str:
        """The value with its unit, e.g. ``"16.8 ms"``; flags unverified values."""
        text = f"{self.value:.{digits}f}" + (f" {self.unit}" if self.unit else "")
        return text + (" (unverified)" if self.verified == "unverified" else "")


MEASUREMENTS: dict[str, Measurement] = {
    m.key: m
    for m in (
        Measurement(
            key="bi2001.tau_plus",
            description="decay time of the potentiation branch of the STDP window",
            value=16.8,
            unit="ms",
            citation="bi2001synaptic",
            source="exponential fit to the Bi & Poo (1998) data, Annu Rev Neurosci 2001",
            rel_tolerance=0.10,
            verified="secondary",
            note=(
                "Quoted by Pfister & Gerstner (2006), Table 4 caption: 'tau+ = 16.8 ms and "
                "tau- = 33.7 ms are taken from Bi and Poo (2001)'; the same defaults are used "
                "by NEST/NESTML's triplet STDP synapse."
            ),
        ),
        Measurement(
            key="bi2001.tau_minus",
            description="decay time of the depression branch of the STDP window",
            value=33.7,
            unit="ms",
            citation="bi2001synaptic",
            source="exponential fit to the Bi & Poo (1998) data, Annu Rev Neurosci 2001",
            rel_tolerance=0.10,
            verified="secondary",
            note="As for bi2001.tau_plus.",
        ),
        Measurement(
            key="bi1998.n_pairings",
            description="number of spike pairings in the STDP protocol",
            value=60,
            unit="",
            citation="bi1998synaptic",
            source="Fig. 7 caption ('60 pulses at 1 Hz')",
            rel_tolerance=0.01,
            verified="secondary",
            note="Seen quoted from the figure caption, not in the paper itself.",
        ),
        Measurement(
            key="bi1998.pairing_frequency",
            description="frequency of the spike pairings in the STDP protocol",
            value=1.0,
            unit="Hz",
            citation="bi1998synaptic",
            source="Fig. 7 caption ('60 pulses at 1 Hz')",
            rel_tolerance=0.01,
            verified="secondary",
            note="Seen quoted from the figure caption, not in the paper itself.",
        ),
        Measurement(
            key="bi1998.window",
            description="width of the LTP and of the LTD window",
            value=20.0,
            unit="ms",
            citation="bi1998synaptic",
            source="abstract: LTP for postsynaptic spiking 'within a time window of 20 msec "
            "after presynaptic activation', LTD 'within a window of 20 msec before'",
            rel_tolerance=0.5,
            verified="primary",
            note="A window width, not a time constant: the change is significant within it.",
        ),
        Measurement(
            key="sjostrom2001.min_frequency",
            description="lowest pairing frequency tested",
            value=0.1,
            unit="Hz",
            citation="sjostrom2001rate",
            source="pairing protocols at 0.1, 10, 20, 40 and 50 Hz (Methods/Fig. 1)",
            rel_tolerance=0.01,
            verified="secondary",
            note="Seen in a published NEURON model of the experiment, whose comment lists "
            "'5 pairings repeated at 0.1, 10, 20, 40, 50 Hz'.",
        ),
        Measurement(
            key="sjostrom2001.max_frequency",
            description="highest pairing frequency tested",
            value=50.0,
            unit="Hz",
            citation="sjostrom2001rate",
            source="pairing protocols at 0.1, 10, 20, 40 and 50 Hz (Methods/Fig. 1)",
            rel_tolerance=0.01,
            verified="secondary",
            note="As for sjostrom2001.min_frequency.",
        ),
    )
}


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


def comparison_table(comparisons: list[Comparison], digits: int = 1) -> str:
    """A Markdown table of published vs model values, with the verdict per row.

    Citations are rendered with MyST's ``{cite:t}`` role, so the table must be
    shown as Markdown in the book (e.g. with ``IPython.display.Markdown``).
    """
    rows = [
        "| quantity | published | source | model | within tolerance? |",
        "|---|---|---|---|---|",
    ]
    for comparison in comparisons:
        m = comparison.measurement
        unit = f" {m.unit}" if m.unit else ""
        tolerance = f"±{m.rel_tolerance:.0%}"
        verdict = "yes" if comparison.agrees else "no"
        if not math.isfinite(comparison.model_value):
            raise ValueError(f"model value for {m.key} is not finite")
        rows.append(
            f"| {m.description} | {m.formatted(digits)} | {{cite:t}}`{m.citation}` "
            f"| {comparison.model_value:.{digits}f}{unit} | {verdict} ({tolerance}) |"
        )
    return "\n".join(rows)
