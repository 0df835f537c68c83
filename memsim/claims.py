"""The ELI5 claims under test, and the verdict each chapter gives.

The claims and their verbatim quotes are parsed from ``memsim/data/claims.md``,
a copy of the project's shared claims list kept in the repository so that a
fresh clone can check the quotes (``tests/test_claims.py``); its SHA-256, and
that of the seed text, are pinned in ``memsim/data/SHA256SUMS``. The verdicts are
written once, by the chapter that examines the claim, as data in
``memsim/data/verdicts.toml``; the chapter, the scorecard (``book/claims.md``)
and the intro all render them (with :mod:`memsim.render.markdown`), so nothing
is typed twice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from memsim.core.validation import check_choice

__all__ = [
    "CHAPTERS",
    "CLAIMS",
    "VERDICT_LABELS",
    "Chapter",
    "Claim",
    "ShortAnswerParagraph",
    "Verdict",
    "claim",
    "load_verdicts",
    "parse_claims",
    "short_answer",
    "verdict",
]

#: Labels a verdict may take.
VERDICT_LABELS: tuple[str, ...] = ("right", "partly right", "wrong", "open", "not yet examined")


@dataclass(frozen=True)
class Chapter:
    """A chapter of the book that gives verdicts."""

    number: int
    title: str
    docname: str  # path of the notebook without suffix, relative to the book root


@dataclass(frozen=True)
class Claim:
    """One claim of the seed text: id, verbatim quote, and who judges it."""

    id: str
    quote: str
    chapter_note: str  # the chapter column of the claims list, verbatim


@dataclass(frozen=True)
class Verdict:
    """A chapter's verdict on a claim, with a one-line reason and its evidence."""

    claim_id: str
    label: str
    reason: str
    evidence: str
    chapter: int | None  # None: given in the introduction
    requires: tuple[int, ...] = ()  # chapters whose results the verdict draws on
    # Comparison rows ("<provenance name>:<table key>", see memsim.evidence) the
    # verdict rests on: predictions only. tests/test_evidence.py checks their kind.
    predictions: tuple[str, ...] = ()
    # Rows on the same question that are not evidence for it (inputs,
    # calibrations, illustrations): the scorecard counts them apart.
    not_evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_choice("label", self.label, VERDICT_LABELS)
        for group in ("predictions", "not_evidence"):
            rows = getattr(self, group)
            if isinstance(rows, str) or not all(isinstance(r, str) and r.count(":") == 1 for r in rows):
                raise ValueError(f"{group} must be a list of '<provenance>:<key>' row ids, got {rows!r}")


#: Chapters written so far; a claim whose chapter is missing here is "not yet examined".
CHAPTERS: dict[int, Chapter] = {
    1: Chapter(1, "Train tracks: how practice strengthens pathways", "notebooks/01_pathways"),
    2: Chapter(2, 'Riding a bike again: retention, forgetting and "dusting off"', "notebooks/02_retention"),
    3: Chapter(3, "The muscle's own memory: myonuclei", "notebooks/03_myonuclei"),
    4: Chapter(4, "Rewiring at night: sleep, replay and downscaling", "notebooks/04_sleep_replay"),
    5: Chapter(5, "The parcel and the GPS: sensory input, reflexes and feedback control", "notebooks/05_sensory_input"),
    6: Chapter(6, "Where the memory lives: three learners, and how a skill settles", "notebooks/06_learning_systems"),
}

_ROW = re.compile(r'^\| (C\d+) \| "(.*)" \| (.*) \|$')


def parse_claims(text: str) -> tuple[Claim, ...]:
    """Parse the claims table (``| C1 | "quote" | chapter |`` rows) of a claims list.

    Raises
    ------
    ValueError
        If no claim rows are found.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    claims = tuple(
        Claim(m.group(1), m.group(2), m.group(3)) for m in (_ROW.match(line) for line in text.splitlines()) if m
    )
    if not claims:
        raise ValueError("text must contain a claims table with rows like '| C1 | \"...\" | ... |'")
    return claims


CLAIMS: tuple[Claim, ...] = parse_claims(
    resources.files("memsim").joinpath("data/claims.md").read_text(encoding="utf-8")
)

#: The packaged verdicts, one TOML table per claim id.
VERDICTS_FILE = "data/verdicts.toml"


def load_verdicts(text: str) -> dict[str, Verdict]:
    """Parse the verdicts (the TOML of :data:`VERDICTS_FILE`), keyed by claim id.

    Raises
    ------
    ValueError
        If the text is not TOML, or an entry lacks a field, has an unknown one
        or a label outside :data:`VERDICT_LABELS`; the message names the claim.
    """
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{VERDICTS_FILE} is not valid TOML: {error}") from None
    verdicts = {}
    for claim_id, entry in table.items():
        fields = dict(entry)
        for group in ("requires", "predictions", "not_evidence"):
            fields[group] = tuple(fields.get(group, ()))
        fields.setdefault("chapter", None)
        try:
            verdicts[claim_id] = Verdict(claim_id=claim_id, **fields)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{VERDICTS_FILE}: verdict [{claim_id}] is malformed: {error}") from None
    return verdicts


# The verdicts are written by the chapter that examines each claim, as data
# beside the claims list. The evidence points to the chapter's sections; the
# numbers behind it are computed there.
_VERDICTS: dict[str, Verdict] = load_verdicts(
    resources.files("memsim").joinpath(VERDICTS_FILE).read_text(encoding="utf-8")
)


def claim(claim_id: str) -> Claim:
    """Return the claim with this id (``"C1"`` … ``"C12"``)."""
    for c in CLAIMS:
        if c.id == claim_id:
            return c
    raise ValueError(f"claim_id must be one of {[c.id for c in CLAIMS]}, got {claim_id!r}")


def verdict(claim_id: str) -> Verdict:
    """Return the verdict on a claim; ``"not yet examined"`` until a chapter gives one."""
    claim(claim_id)  # validates the id
    given = _VERDICTS.get(claim_id)
    chapter_written = given is not None and (given.chapter is None or given.chapter in CHAPTERS)
    if given is not None and chapter_written and all(number in CHAPTERS for number in given.requires):
        return given
    # The claims list's chapter column is a note for authors, not for readers.
    return Verdict(claim_id, "not yet examined", "The chapter that tests it has not been written yet.", "", None)


SHORT_ANSWER_FILE = "data/short_answer.toml"


@dataclass(frozen=True)
class ShortAnswerParagraph:
    """A paragraph of the book's short answer, and the verdicts it was written against."""

    text: str
    verdicts: dict[str, str]  # claim id -> the verdict label the paragraph assumes


def load_short_answer(text: str) -> tuple[ShortAnswerParagraph, ...]:
    """Parse the short answer (the TOML of :data:`SHORT_ANSWER_FILE`).

    Raises
    ------
    ValueError
        If a paragraph has no text, names an unknown claim or a label outside
        :data:`VERDICT_LABELS`.
    """
    paragraphs = []
    for index, entry in enumerate(tomllib.loads(text).get("paragraph", [])):
        if not str(entry.get("text", "")).strip():
            raise ValueError(f"{SHORT_ANSWER_FILE}: paragraph {index + 1} has no text")
        assumed = dict(entry.get("verdicts", {}))
        for claim_id, label in assumed.items():
            claim(claim_id)
            check_choice(f"verdicts.{claim_id}", label, VERDICT_LABELS)
        paragraphs.append(ShortAnswerParagraph(" ".join(entry["text"].split()), assumed))
    return tuple(paragraphs)


def short_answer(
    paragraphs: tuple[ShortAnswerParagraph, ...] | None = None,
) -> tuple[ShortAnswerParagraph, ...]:
    """The book's short answer, checked against the chapters' current verdicts.

    Parameters
    ----------
    paragraphs : tuple of ShortAnswerParagraph, optional
        The paragraphs to check; by default those of :data:`SHORT_ANSWER_FILE`.

    Raises
    ------
    ValueError
        If a paragraph assumes a verdict that a chapter no longer gives, naming
        the claim and both labels: the answer must be rewritten with the verdict.
    """
    if paragraphs is None:
        paragraphs = load_short_answer(resources.files("memsim").joinpath(SHORT_ANSWER_FILE).read_text("utf-8"))
    for paragraph in paragraphs:
        for claim_id, assumed in paragraph.verdicts.items():
            now = verdict(claim_id).label
            if now != assumed:
                raise ValueError(
                    f"the short answer ({SHORT_ANSWER_FILE}) was written for {claim_id} being {assumed!r}, "
                    f"but its verdict is now {now!r}: rewrite the paragraph that begins "
                    f"{paragraph.text[:40]!r} and its verdicts"
                )
    return paragraphs
