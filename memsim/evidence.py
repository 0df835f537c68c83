"""Every model-vs-published comparison in the book, and the kind of evidence it is.

A comparison is named by the model that made it and the published value it
is set beside: ``"<provenance name>:<table key>"`` (a *row*). Each model
declares its :class:`~memsim.literature.Provenance` (what its parameters and
fits were set from) next to its code; this module collects them, so that a
row's kind (input, calibrated, imposed or prediction) is derived, not typed.
The verdicts (``memsim/data/verdicts.toml``) cite rows; only predictions may
support a verdict, and ``tests/test_evidence.py`` checks that they do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

from memsim import myonuclei, pathways, retention, sensory, sleep, systems
from memsim.claims import CLAIMS, verdict
from memsim.literature import Comparison, Provenance

__all__ = [
    "MODEL_PACKAGES",
    "Tally",
    "provenances",
    "row_kind",
    "split_row",
    "tally",
]

#: The subpackages whose models are compared with published values.
MODEL_PACKAGES: tuple[ModuleType, ...] = (pathways, retention, myonuclei, sleep, sensory, systems)


def provenances() -> dict[str, Provenance]:
    """Every model's provenance, by name, from the packages' exported constants.

    Raises
    ------
    ValueError
        If two different provenances share a name.
    """
    found: dict[str, Provenance] = {}
    for package in MODEL_PACKAGES:
        for value in vars(package).values():
            if isinstance(value, Provenance):
                if found.get(value.name, value) != value:
                    raise ValueError(f"two provenances are named {value.name!r}")
                found[value.name] = value
    return found


def split_row(row_id: str) -> tuple[Provenance, str]:
    """The provenance and table key of a row id ``"<provenance name>:<table key>"``.

    Raises
    ------
    ValueError
        If the id is malformed or names no known provenance.
    """
    if not isinstance(row_id, str) or row_id.count(":") != 1:
        raise ValueError(f"row_id must look like '<provenance name>:<table key>', got {row_id!r}")
    name, key = row_id.split(":")
    known = provenances()
    if name not in known:
        raise ValueError(f"row {row_id!r} names no known provenance; known: {sorted(known)}")
    return known[name], key


def row_kind(row_id: str) -> str:
    """The evidence kind of a row (derived from its model's provenance)."""
    model, key = split_row(row_id)
    return model.kind(key)


@dataclass(frozen=True)
class Tally:
    """How a claim's predictions from one chapter came out."""

    claim_id: str
    chapter: int
    agree: int
    miss: int

    def text(self) -> str:
        """E.g. ``"2 agree, 1 misses"``."""
        agree = "agrees" if self.agree == 1 else "agree"
        miss = "misses" if self.miss == 1 else "miss"
        return f"{self.agree} {agree}, {self.miss} {miss}"


def tally(chapter: int, comparisons: Iterable[Comparison]) -> list[Tally]:
    """Count, for each claim, how its cited predictions from this chapter came out.

    Parameters
    ----------
    chapter : int
        The chapter that made the comparisons.
    comparisons : iterable of Comparison
        All the comparisons the chapter shows.

    Raises
    ------
    ValueError
        If a verdict cites a prediction of this chapter that is not among the
        comparisons, or a cited row is not a prediction: a verdict must never
        rest on a row the reader cannot see, or on one that is not evidence.
    """
    shown = {c.row_id: c for c in comparisons}
    tallies = []
    for claim in CLAIMS:
        cited = [r for r in verdict(claim.id).predictions if split_row(r)[0].chapter == chapter]
        if not cited:
            continue
        missing = [r for r in cited if r not in shown]
        if missing:
            raise ValueError(f"{claim.id} cites rows that chapter {chapter} does not show: {missing}")
        not_predictions = [r for r in cited if shown[r].kind != "prediction"]
        if not_predictions:
            raise ValueError(f"{claim.id} cites rows that are not predictions: {not_predictions}")
        agree = sum(shown[r].agrees for r in cited)
        tallies.append(Tally(claim.id, chapter, agree, len(cited) - agree))
    return tallies
