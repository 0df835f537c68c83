"""The book's Markdown: verdicts, the scorecard, the claims map, comparison and parameter tables.

Everything here renders data that lives elsewhere (:mod:`memsim.claims`,
:mod:`memsim.literature`, the models' parameter lists); nothing here is a
number or a verdict of its own. Citations use MyST's ``{cite:t}`` role, so the
output must be shown as Markdown in the book (e.g. with
``IPython.display.Markdown``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from memsim import literature
from memsim.claims import CHAPTERS, CLAIMS, Verdict, claim, verdict
from memsim.literature import Comparison

if TYPE_CHECKING:
    from memsim.pathways.competition import ModelParameter

__all__ = [
    "claims_map_markdown",
    "comparison_table",
    "parameter_table",
    "scorecard_markdown",
    "verdict_markdown",
]


def _chapter_link(v: Verdict, prefix: str) -> str:
    if v.label == "not yet examined":
        return "—"
    if v.chapter is None:
        return f"[Introduction]({prefix}book/intro.md)"
    number = v.chapter
    if number not in CHAPTERS:
        return "—"
    chapter = CHAPTERS[number]
    return f"[Chapter {number}]({prefix}{chapter.docname}.ipynb)"


def verdict_markdown(claim_id: str) -> str:
    """The verdict as a Markdown paragraph, for the chapter's verdict section."""
    c, v = claim(claim_id), verdict(claim_id)
    return f"**{c.id}** “{c.quote}”\n\n**Verdict: {v.label}.** {v.reason}\n\n*Evidence:* {v.evidence}"


def scorecard_markdown(link_prefix: str = "../") -> str:
    """The scorecard: one row per claim with quote, chapter, verdict and reason.

    Parameters
    ----------
    link_prefix : str
        Relative path from the page that shows the table to the book root.
    """
    rows = ["| id | claim (verbatim) | chapter | verdict | reason |", "|---|---|---|---|---|"]
    for c in CLAIMS:
        v = verdict(c.id)
        reason = v.reason.replace("|", "\\|")
        rows.append(f"| {c.id} | “{c.quote}” | {_chapter_link(v, link_prefix)} | **{v.label}** | {reason} |")
    return "\n".join(rows)


def claims_map_markdown() -> str:
    """A list of the claims with the chapter that examines each, for the intro."""
    return "\n".join(f"- **{c.id}** ({c.chapter_note}): “{c.quote}”" for c in CLAIMS)


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


def parameter_table(parameters: Sequence[ModelParameter]) -> str:
    """A model's parameters as a Markdown table, with their sources.

    Song et al.'s values come from :mod:`memsim.literature`, where each is
    stored with how it was checked.

    Parameters
    ----------
    parameters : sequence of ModelParameter
        For example :data:`memsim.pathways.COMPETITION_PARAMETERS`.
    """
    rows = [
        "| parameter | symbol | this model | Song et al. (2000) | Brian2 example | why this value |",
        "|---|---|---|---|---|---|",
    ]
    for p in parameters:
        song = (
            ", ".join(
                f"{m.value:g}".replace("-", "−") + (f" {m.unit}" if m.unit else "")
                for m in (literature.get(k) for k in p.song2000)
            )
            or "—"
        )
        cells = (p.name, p.symbol, p.value, song, p.brian2_example, p.reason)
        rows.append("| " + " | ".join(c.replace("-", "−") if c[:1] in "-0123456789" else c for c in cells) + " |")
    return "\n".join(rows)
