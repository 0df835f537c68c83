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
from memsim.claims import CHAPTERS, CLAIMS, Verdict, claim, short_answer, verdict
from memsim.literature import Comparison

if TYPE_CHECKING:
    from memsim.pathways.competition import ModelParameter
    from memsim.pathways.crosscheck import SongCrossCheck

__all__ = [
    "short_answer_markdown",
    "comparison_table",
    "crosscheck_table",
    "evidence_glue_key",
    "parameter_table",
    "rounded",
    "scorecard_markdown",
    "verdict_markdown",
    "verdict_table_markdown",
]


def verdict_markdown(claim_id: str) -> str:
    """The verdict as a Markdown paragraph, for the chapter's verdict section."""
    c, v = claim(claim_id), verdict(claim_id)
    return f"**{c.id}** “{c.quote}”\n\n**Verdict: {v.label}.** {v.reason}\n\n*Evidence:* {v.evidence}"


def _predictions_cell(v: Verdict, link_prefix: str) -> str:
    """How the verdict's predictions came out, per chapter, pasted from each chapter's glue."""
    from memsim.evidence import split_row  # the evidence registry imports every model

    chapters = sorted({split_row(row)[0].chapter for row in v.predictions})
    if not chapters:
        return "none"
    parts = []
    for number in chapters:
        count = sum(split_row(row)[0].chapter == number for row in v.predictions)
        doc = f"{link_prefix}{CHAPTERS[number].docname}.ipynb"
        parts.append(f"Ch. {number}: {count} ({{glue:text}}`{doc}::{evidence_glue_key(v.claim_id)}:s`)")
    return "; ".join(parts)


def _not_evidence_cell(v: Verdict) -> str:
    """How many rows on the claim are not evidence, by kind (e.g. "3 calibrated, 1 input")."""
    from memsim.evidence import row_kind

    kinds = [row_kind(row) for row in v.not_evidence]
    counts = [f"{kinds.count(kind)} {kind}" for kind in literature.EVIDENCE_KINDS if kinds.count(kind)]
    return ", ".join(counts) or "none"


def evidence_glue_key(claim_id: str) -> str:
    """The glue key under which a chapter stores how a claim's predictions came out."""
    claim(claim_id)
    return f"evidence_{claim_id}"


def scorecard_markdown(link_prefix: str = "../") -> str:
    """The scorecard: one row per claim with quote, chapter section, verdict, reason and evidence.

    The *predictions* column counts the model predictions the verdict rests
    on, and pastes how they came out from the chapters that made them (myst-nb
    glue across documents, so it only renders in the book); *not evidence*
    counts the rows on the same question that match by construction.

    Parameters
    ----------
    link_prefix : str
        Relative path from the page that shows the table to the book root.
    """
    rows = [
        "| id | claim (verbatim) | chapter | verdict | reason | predictions (outcome) | not evidence |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in CLAIMS:
        v = verdict(c.id)
        reason = v.reason.replace("|", "\\|")
        rows.append(
            f"| {c.id} | “{c.quote}” | {_verdict_section_link(c.id, link_prefix)} | **{v.label}** | {reason} "
            f"| {_predictions_cell(v, link_prefix)} | {_not_evidence_cell(v)} |"
        )
    return "\n".join(rows)


#: Anchor of the section where each chapter gives its verdicts (MyST heading anchors).
VERDICT_SECTION = "verdict-on-the-claims"
#: Anchor of the introduction's own verdict (on C1).
INTRO_VERDICT_SECTION = "two-meanings-of-muscle-memory"


def _verdict_section_link(claim_id: str, link_prefix: str, text: str | None = None) -> str:
    """A link to the section that gives the claim's verdict, named by its chapter's title."""
    v = verdict(claim_id)
    if v.label == "not yet examined" or (v.chapter is not None and v.chapter not in CHAPTERS):
        return "not yet examined"
    if v.chapter is None:
        return f"[{text or 'Introduction'}]({link_prefix}book/intro.md#{INTRO_VERDICT_SECTION})"
    chapter = CHAPTERS[v.chapter]
    name = text or f"{chapter.number}. {chapter.title}"
    return f"[{name}]({link_prefix}{chapter.docname}.ipynb#{VERDICT_SECTION})"


def short_answer_markdown(link_prefix: str = "../") -> str:
    """The book's short answer, each paragraph followed by its claims' verdicts, linked.

    Raises
    ------
    ValueError
        If a paragraph was written for a verdict that a chapter no longer gives
        (see :func:`memsim.claims.short_answer`).
    """
    blocks = []
    for paragraph in short_answer():
        by_label: dict[str, list[str]] = {}
        for claim_id in paragraph.verdicts:
            link = _verdict_section_link(claim_id, link_prefix, claim_id)
            by_label.setdefault(verdict(claim_id).label, []).append(link)
        verdicts = "; ".join(f"{', '.join(links)}: *{label}*" for label, links in by_label.items())
        blocks.append(f"{paragraph.text} ({verdicts})")
    return "\n\n".join(blocks)


def verdict_table_markdown(link_prefix: str = "../") -> str:
    """The claims, quoted verbatim, with their verdicts and the chapter section that gives each."""
    rows = ["| claim (verbatim) | verdict | where it is tested |", "|---|---|---|"]
    for c in CLAIMS:
        v = verdict(c.id)
        rows.append(f"| **{c.id}** “{c.quote}” | **{v.label}** | {_verdict_section_link(c.id, link_prefix)} |")
    return "\n".join(rows)


def rounded(value: float, digits: int) -> str:
    """``value`` to ``digits`` decimals, with a true minus sign and never a negative zero.

    A value that rounds to zero is shown as "0.0", not "−0.0", which reads as
    a small negative number.
    """
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = f"{0.0:.{digits}f}"
    return text.replace("-", "−")


def _model_cell(comparison: Comparison, digits: int) -> str:
    m = comparison.measurement
    unit = f" {m.unit}" if m.unit else ""
    if not math.isfinite(comparison.model_value):
        raise ValueError(f"model value for {m.key} is not finite")
    text = rounded(comparison.model_value, digits)
    if comparison.model_range is not None:
        low, high = comparison.model_range
        text += f" (range {rounded(low, digits)}–{rounded(high, digits)})"
    return text + unit.replace("-", "−")


def comparison_table(comparisons: list[Comparison], digits: int = 1) -> str:
    """A Markdown table of published vs model values: the kind of evidence, and the outcome, per row.

    Only a row whose kind is *prediction* can agree or miss; the others (the
    model was given the value, fitted to it, or had its mechanism put in by
    hand) match by construction, and the table says so instead of "yes".
    Citations are rendered with MyST's ``{cite:t}`` role, so the table must be
    shown as Markdown in the book (e.g. with ``IPython.display.Markdown``).
    """
    rows = [
        "| quantity | published | source | model | evidence | within tolerance? |",
        "|---|---|---|---|---|---|",
    ]
    for comparison in comparisons:
        m = comparison.measurement
        tolerance = f"±{m.rel_tolerance:.0%}"
        outcome = "yes" if comparison.agrees else "no"
        if comparison.kind == "prediction":
            outcome = f"**{'agrees' if comparison.agrees else 'misses'}** ({tolerance})"
        else:
            outcome = f"{outcome} ({tolerance}); not evidence"
        rows.append(
            f"| {m.description} | {m.formatted(digits)} | {{cite:t}}`{m.citation}` "
            f"| {_model_cell(comparison, digits)} | {{term}}`{comparison.kind}<{_KIND_TERMS[comparison.kind]}>` "
            f"| {outcome} |"
        )
    return "\n".join(rows)


#: The glossary term that explains each evidence kind.
_KIND_TERMS: dict[str, str] = {kind: f"{kind} (evidence)" for kind in literature.EVIDENCE_KINDS}


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


def crosscheck_table(check: SongCrossCheck) -> str:
    """The stored Brian2/NEST comparison: per input rate and simulator, mean ± s.d. over seeds.

    Columns: output rate (Hz), mean weight (units of ``g_max``), and the shares
    of weights below 0.1 and above 0.9 ``g_max`` (fractions); the last column
    says whether the rate's four statistics lie within the tolerance rule
    (:func:`memsim.pathways.crosscheck_agreement`).
    """
    agreement = check.agreement()
    header = (
        "| input rate (Hz) | simulator | output rate (Hz) | mean w / g_max | share below 0.1 g_max "
        "| share above 0.9 g_max | within tolerance |\n|---|---|---|---|---|---|---|\n"
    )
    digits = {"output_rate_hz": 1, "mean_weight": 3, "share_low": 3, "share_high": 3}
    rows = []
    for k, rate in enumerate(check.protocol.rates_hz):
        within = all(abs(agreement.difference[n][k]) <= agreement.bound[n][k] for n in digits)
        for simulator in ("brian2", "nest"):
            stats = check.statistics[simulator]
            cells = [f"{stats.mean(n)[k]:.{d}f} ± {stats.sd(n)[k]:.{d}f}" for n, d in digits.items()]
            label = {"brian2": "Brian2", "nest": "NEST"}[simulator]
            verdict = ("yes" if within else "**no**") if simulator == "nest" else ""
            rows.append(f"| {rate:g} | {label} | " + " | ".join(cells) + f" | {verdict} |")
    return header + "\n".join(rows)
