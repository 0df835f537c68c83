"""The published values that Chapter 6's model parameters were set from, and how.

Each model of the chapter declares its :class:`~memsim.literature.Provenance`
with all of them (:func:`chapter_provenance`), not only its own: a value that
set one model's parameter is never counted as a prediction by another of the
chapter's models (``tests/test_evidence.py`` walks the whole package).
"""

from __future__ import annotations

from memsim import literature

__all__ = ["SET_FROM", "chapter_provenance"]

#: Table key -> how it set a parameter: ``"calibrated"`` (a fit target) or ``"input"``.
SET_FROM: dict[str, str] = {
    # the cerebellar learning rate adapts in the middle of Martin et al.'s range of throws
    "martin1996.throws_to_adapt": "calibrated",
    # the map is trained for Wenger et al.'s 7 weeks
    "wenger2017.training_weeks": "input",
    # the fast process decays in time with Zhou et al.'s time constant
    "zhou2017.decay_tau": "input",
    # the slow process lasts at least the day over which after-effects were kept
    "shadmehr1998.aftereffect_retention": "input",
}


def chapter_provenance(
    name: str, description: str, *, parameters: tuple = (), inputs: tuple[str, ...] = ()
) -> literature.Provenance:
    """A Chapter 6 model's provenance: its own parameters and inputs, and :data:`SET_FROM`.

    Parameters
    ----------
    name, description
        See :class:`memsim.literature.Provenance`.
    parameters : tuple of dataclass instances or classes
        Parameter sets whose sourced fields are inputs.
    inputs : tuple of str
        Further table keys the model was given (a protocol's durations, say).
    """
    return literature.provenance(
        name,
        6,
        description,
        parameters=parameters,
        inputs=tuple(inputs) + tuple(k for k, how in SET_FROM.items() if how == "input"),
        calibrated=tuple(k for k, how in SET_FROM.items() if how == "calibrated"),
    )
