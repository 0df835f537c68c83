"""The ELI5 claims under test, and the verdict each chapter gives.

The claims and their verbatim quotes are parsed from ``memsim/data/claims.md``,
a copy of the project's shared claims list kept in the repository so that a
fresh clone can check the quotes (``tests/test_claims.py``); its SHA-256, and
that of the seed text, are pinned in ``memsim/data/SHA256SUMS``. The verdicts are
written here once, by the chapter that examines the claim, and the chapter,
the scorecard (``book/claims.md``) and the intro all render them from here, so
nothing is typed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from memsim.validation import check_choice

__all__ = [
    "CHAPTERS",
    "CLAIMS",
    "VERDICT_LABELS",
    "Chapter",
    "Claim",
    "Verdict",
    "claim",
    "claims_map_markdown",
    "parse_claims",
    "scorecard_markdown",
    "verdict",
    "verdict_markdown",
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

    def __post_init__(self) -> None:
        check_choice("label", self.label, VERDICT_LABELS)


#: Chapters written so far; a claim whose chapter is missing here is "not yet examined".
CHAPTERS: dict[int, Chapter] = {
    1: Chapter(1, "Train tracks: how practice strengthens pathways", "notebooks/01_pathways"),
    2: Chapter(2, "Riding a bike again: retention, forgetting and \"dusting off\"", "notebooks/02_retention"),
    3: Chapter(3, "The muscle's own memory: myonuclei", "notebooks/03_myonuclei"),
    4: Chapter(4, "Rewiring at night: sleep, replay and downscaling", "notebooks/04_sleep_replay"),
    5: Chapter(5, "The parcel and the GPS: sensory input, reflexes and feedback control", "notebooks/05_sensory_input"),
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
        Claim(m.group(1), m.group(2), m.group(3))
        for m in (_ROW.match(line) for line in text.splitlines())
        if m
    )
    if not claims:
        raise ValueError("text must contain a claims table with rows like '| C1 | \"...\" | ... |'")
    return claims


CLAIMS: tuple[Claim, ...] = parse_claims(
    resources.files("memsim").joinpath("data/claims.md").read_text(encoding="utf-8")
)

# The verdicts, written by the chapter that examines each claim. The evidence
# points to the chapter's sections; the numbers behind it are computed there.
_VERDICTS: dict[str, Verdict] = {
    v.claim_id: v
    for v in (
        Verdict(
            "C1",
            "partly right",
            "For skills, yes: what practice changes is in the brain and spinal cord, not in "
            "the muscles. But muscles do keep a memory of their own past growth, in extra "
            "nuclei (firmly in rodents, contested in humans) and possibly in their DNA "
            "methylation, so the phrase names two memories, one of them really in the muscle.",
            "Chapter 1 (where skill learning changes the nervous system; STDP and competition "
            "between synapses) and Chapter 3 (the myonuclear-domain model against Egner et al. "
            "2013 and Bruusgaard et al. 2010, and the human counter-evidence).",
            None,
            (1, 3),
        ),
        Verdict(
            "C2",
            "partly right",
            "Repetition does reinforce connections, but only those whose input fires "
            "just before the cell it drives; the same practice weakens connections with "
            "the opposite timing, and not 'anything at all' is stored this way.",
            "Chapter 1: the simulated Bi & Poo pairing protocol (potentiation and "
            "depression from the same number of repetitions), and the pairing-frequency "
            "section; motor-cortex LTP and LTD after skill learning in rats.",
            1,
        ),
        Verdict(
            "C3",
            "wrong",
            "The lasting changes of skill learning sit mostly in the brain (motor cortex, "
            "cerebellum, basal ganglia) and partly in spinal circuits, not in the motor "
            "nerves themselves getting 'stronger' with use.",
            "Chapter 1, 'The biology': learning-induced LTP in motor cortex, new "
            "stabilised spines, cerebellar LTD, and reflex conditioning in the spinal cord.",
            1,
        ),
        Verdict(
            "C4",
            "partly right",
            "Practice does lay specific tracks: inputs used together win strong synapses, "
            "and a practised memory resists being overwritten and comes back faster after a "
            "break. But laying one track tears up others, the tracks keep changing while the "
            "inputs fire, and skills do decay measurably without use.",
            "Chapter 1: competition between synapses under STDP (the practised group wins, the "
            "other inputs lose, the output rate is regulated) and the practice curve; "
            "Chapter 2: the cascade synapse and the two-state model (savings after a break), "
            "and the skill-decay meta-analyses.",
            1,
        ),
        Verdict(
            "C6",
            "partly right",
            "Training does add nuclei to muscle fibres, and in rodents they outlast the "
            "lost size for months and speed regrowth; in humans that the nuclei stay, and "
            "that they are what makes retraining faster, is contested and rests mainly on "
            "rodent data.",
            "Chapter 3: the myonuclear-domain model reproduces Egner et al. (2013) and the "
            "Bruusgaard et al. (2010) time course only with long-lived nuclei; Psilander et "
            "al. (2019) found no faster regrowth in a previously trained human leg (but no "
            "nuclei had been added); Snijders et al. (2020) and Seaborne et al. (2018, an "
            "epigenetic alternative).",
            3,
        ),
        Verdict(
            "C5",
            "partly right",
            "Practice does protect a skill, and relearning after a break is faster than "
            "first learning ('dusting off'); but skills are lost more often than 'very "
            "rarely': without use, performance measurably declines over months, though "
            "physical and speed-based skills decline less than cognitive, accuracy-based ones.",
            "Chapter 2: the cascade synapse (repetition pushes a memory into slow states, "
            "lengthening its life and speeding relearning), the two-state model (savings and "
            "spontaneous recovery), and the skill-decay meta-analyses of Arthur et al. (1998) "
            "and Tatel & Ackerman (2025).",
            2,
        ),
        Verdict(
            "C7",
            "partly right",
            "Some of the wiring continues in sleep: the day's sequences are replayed, compressed, "
            "and in a model that replay strengthens them further. But most of the wiring is laid "
            "down during practice itself, and whether sleep improves a motor skill or only "
            "protects it is contested.",
            "Chapter 4: the spiking sequence network (practice lays down the chain; replay in "
            "sleep strengthens it, the matched wake period does not), Walker et al. (2002) "
            "against Rickard et al. (2008) and Nettersheim et al. (2015).",
            4,
        ),
        Verdict(
            "C8",
            "partly right",
            "Recent experience is replayed in sleep and replay can strengthen the pathways it "
            "uses; but sleep also weakens most synapses (in mouse cortex, sparing the "
            "largest), and that sleep builds new pathways or links old ones has "
            "little direct evidence.",
            "Chapter 4: replay-driven STDP in the model, compressed replay in rodents (Euston et "
            "al. 2007; Lee & Wilson 2002), the de Vivo et al. (2017) synapse measurements and "
            "the downscaling model (which, in the model, neither protects a learned sequence "
            "from a reversed second one nor makes the second one learnable).",
            4,
        ),
        Verdict(
            "C9",
            "partly right",
            "Muscles are actively switched off, but in REM sleep (atonia, by descending "
            "GABA/glycine inhibition of motoneurons), not through all of sleep. That this is "
            "'to facilitate the rewiring' has no evidence; what is known is that without "
            "atonia people act out their dreams (REM sleep behaviour disorder).",
            "Chapter 4, 'Muscles switched off': Brooks & Peever (2012), Peever (2011).",
            4,
        ),
        Verdict(
            "C10",
            "open",
            "That dreams are 'test data' is a hypothesis (Hoel's overfitted-brain hypothesis), "
            "not a finding: noise injection does help a learner generalise, as a small model "
            "shows, but nothing yet shows that dreams do this for the brain.",
            "Chapter 4, 'Dreams as test data': a readout trained on few examples with and "
            "without noisy 'dreamed' copies; Hoel (2021).",
            4,
        ),
        Verdict(
            "C11",
            "partly right",
            "Movement does use far more than five senses: stretch, tension, pressure, balance and "
            "position feed movement control directly and fast. But the list mixes categories: "
            "thirst and hunger drive behaviour through motivation, chronoception is a brain "
            "computation with no receptor, and human magnetoreception is contested (one EEG study).",
            "Chapter 5: the sense table (receptor, pathway, role in movement, evidence per sense) "
            "and the stretch-reflex model; Wang et al. (2019) for magnetoreception.",
            5,
        ),
        Verdict(
            "C12",
            "partly right",
            "The division of labour holds: a goal is set, a plan is made without conscious "
            "micromanagement, and sensory feedback corrects it on the way; with feedback as late as vision's "
            "that only works with an internal forward model. But the fastest corrections are reflexes "
            "that act before the 'driver' knows of the traffic, and the long-latency response runs "
            "through motor cortex itself, so the route-planner and the driver are not separate boxes.",
            "Chapter 5: SLR, LLR and voluntary latencies in the Brian2 reflex model (Pruszynski & "
            "Scott 2012), the delayed-feedback reach with and without a forward model (Wolpert, "
            "Ghahramani & Jordan 1995), and deafferentation (Rothwell et al. 1982).",
            5,
        ),
    )
}


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
    if given is not None and (given.chapter is None or given.chapter in CHAPTERS):
        if all(number in CHAPTERS for number in given.requires):
            return given
    note = claim(claim_id).chapter_note
    return Verdict(claim_id, "not yet examined", f"Waits for: {note}.", "", None)


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
    return (
        f"**{c.id}** “{c.quote}”\n\n"
        f"**Verdict: {v.label}.** {v.reason}\n\n*Evidence:* {v.evidence}"
    )


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
        rows.append(
            f"| {c.id} | “{c.quote}” | {_chapter_link(v, link_prefix)} "
            f"| **{v.label}** | {reason} |"
        )
    return "\n".join(rows)


def claims_map_markdown() -> str:
    """A list of the claims with the chapter that examines each, for the intro."""
    return "\n".join(f"- **{c.id}** ({c.chapter_note}): “{c.quote}”" for c in CLAIMS)
