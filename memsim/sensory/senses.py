"""Chapter 5, model 1: the senses named in the seed text, sorted.

:data:`SENSES` has one row per sense named in the ELI5 repost, with its
receptor, its pathway, whether it feeds movement control directly, and the
state of the evidence. Human magnetoreception rests on one EEG study (Wang et
al. 2019) and is contested.

References
----------
Wang CX et al. (2019). eNeuro 6:ENEURO.0483-18.2019. :cite:`wang2019transduction`
Cordo PJ et al. (2002). J Neurophysiol 87:1186-1195. :cite:`cordo2002position`
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from memsim.core.validation import (
    check_choice,
)

__all__ = [
    "seed_sense_names",
    "seed_senses",
    "Sense",
    "SENSES",
]

# --------------------------------------------------------------------------
# 1. The senses of the seed text
# --------------------------------------------------------------------------

MOVEMENT_ROLES = ("direct", "indirect", "no")
_SEED_FILE = "data/eli5-muscle-memory.txt"  # packaged copy of the seed text


@dataclass(frozen=True)
class Sense:
    """One sense of the seed's list.

    Attributes
    ----------
    sense : str
        The seed's word for it (lower case).
    receptor : str
        The receptor (or receptors) that transduce it.
    pathway : str
        Where the signal goes first.
    movement : str
        Whether it feeds movement control: ``"direct"`` (its receptors drive
        skeletal-muscle activity through a reflex or an online feedback loop,
        with no decision in between: limb and posture control, but also
        breathing, shivering, scratching and startle), ``"indirect"`` (guides
        movement only through perception and choice) or ``"no"`` (drives
        behaviour through motivation only). One rule for every row: a sense
        with any such loop is ``"direct"``, even if it also acts through
        perception.
    evidence : str
        State of the evidence, in a few words.
    citation : str
        BibTeX key of a source we checked for this row, or ``""`` where the
        row rests on textbook physiology that we did not re-verify here.
    """

    sense: str
    receptor: str
    pathway: str
    movement: str
    evidence: str
    citation: str = ""

    def __post_init__(self) -> None:
        check_choice("movement", self.movement, MOVEMENT_ROLES)


#: One row per sense named in the seed, plus the five classic senses.
SENSES: tuple[Sense, ...] = (
    Sense(
        "thermoception",
        "warm and cold receptors (TRP channels on free nerve endings)",
        "small fibres, spinothalamic tract; hypothalamic thermoregulation",
        "direct",
        "established; skin cooling drives shivering, a thermoregulatory reflex of skeletal muscle",
    ),
    Sense(
        "itch",
        "itch-selective C fibres (pruriceptors)",
        "spinal dorsal horn, spinothalamic tract",
        "direct",
        "established; drives a spinal scratch reflex (shown in spinal animals; "
        "in people scratching is mostly felt as an urge)",
    ),
    Sense(
        "pressure",
        "skin mechanoreceptors (Merkel, Ruffini, Pacinian endings)",
        "dorsal columns to somatosensory cortex; spinal reflexes",
        "direct",
        "established; grip and balance corrections use it",
    ),
    Sense(
        "proprioception",
        "muscle spindles, joint and skin receptors",
        "Ia and II afferents to spinal cord, cerebellum and cortex",
        "direct",
        "established; human spindle afferents encode position",
        "cordo2002position",
    ),
    Sense("tension", "Golgi tendon organs", "Ib afferents to spinal interneurons", "direct", "established"),
    Sense(
        "pain",
        "nociceptors (A-delta and C fibres)",
        "spinothalamic tract; withdrawal reflex arc",
        "direct",
        "established; the withdrawal reflex is spinal",
    ),
    Sense(
        "equilibrioception",
        "vestibular hair cells (semicircular canals, otoliths)",
        "vestibular nuclei to spinal cord and eye muscles",
        "direct",
        "established; vestibulospinal and vestibulo-ocular reflexes",
    ),
    Sense(
        "stretch",
        "muscle spindle primary endings",
        "Ia afferents, monosynaptic to motoneurons",
        "direct",
        "established; the stretch reflex (modelled below)",
        "pruszynski2012optimal",
    ),
    Sense(
        "chemoreception",
        "carotid-body and brainstem chemoreceptors (blood CO2, O2 and pH); taste and smell have rows of their own",
        "brainstem respiratory centres",
        "direct",
        "established; sets the drive to the breathing muscles (diaphragm, intercostals) reflexly",
    ),
    Sense(
        "thirst",
        "osmoreceptors of the circumventricular organs",
        "hypothalamus",
        "no",
        "established; motivates drinking",
    ),
    Sense(
        "hunger",
        "gut and hypothalamic nutrient and hormone sensors",
        "vagus nerve, hypothalamus",
        "no",
        "established; motivates eating",
    ),
    Sense(
        "magnetoreception",
        "unknown in humans (magnetite proposed)",
        "unknown",
        "no",
        "contested: one EEG study (alpha-ERD) awaits independent replication",
        "wang2019transduction",
    ),
    Sense(
        "chronoception",
        "no receptor: timing is computed by brain circuits",
        "cerebellum, basal ganglia, cortex",
        "indirect",
        "a brain computation, not a sensory organ",
    ),
    Sense(
        "vision",
        "rods and cones",
        "optic nerve to thalamus and superior colliculus",
        "direct",
        "established; online feedback of reaching (slower than proprioception, modelled below) "
        "and optokinetic eye movements",
    ),
    Sense(
        "hearing",
        "cochlear hair cells",
        "auditory nerve to brainstem",
        "direct",
        "established; the acoustic startle reflex is a brainstem loop onto skeletal muscle",
    ),
    Sense("touch", "skin mechanoreceptors", "dorsal columns", "direct", "established; fast grip corrections"),
    Sense("taste", "taste receptor cells", "cranial nerves VII, IX, X", "no", "established"),
    Sense("smell", "olfactory receptor neurons", "olfactory bulb", "no", "established"),
)


def seed_senses(seed_text: str) -> tuple[str, ...]:
    """Parse the list of senses out of the seed text.

    The repost says "... also includes thermoception, itch, ..., chronoception
    and more."; this returns the listed words, lower case.

    Raises
    ------
    TypeError
        If ``seed_text`` is not a string.
    ValueError
        If the sentence is not found.
    """
    if not isinstance(seed_text, str):
        raise TypeError(f"seed_text must be a string, got {type(seed_text).__name__}")
    text = " ".join(seed_text.split())
    match = re.search(r"also includes (.+?) and more", text)
    if match is None:
        raise ValueError("seed_text must contain the sentence 'also includes ... and more'")
    return tuple(word.strip().lower() for word in match.group(1).split(",") if word.strip())


def seed_sense_names() -> tuple[str, ...]:
    """The senses that the seed text lists, from the copy packaged with memsim.

    The seed (the ELI5 repost the book examines) ships as
    ``memsim/data/eli5-muscle-memory.txt``, so the list is available
    wherever the package is installed; it is parsed by :func:`seed_senses`.

    Returns
    -------
    tuple of str
        The listed senses, lower case, in the seed's order.
    """
    text = resources.files("memsim").joinpath(_SEED_FILE).read_text(encoding="utf-8")
    return seed_senses(text)
