"""The machinery of the exercise checks: one verdict type and three kinds of check.

A check compares a learner's answer with the answer that the book's own
solution computes, by calling the same memsim function the solution calls,
at the moment of checking (never a stored constant): a change to a model
moves the expected answer with it. A check never shows the expected answer.
It says

* **right**: within the stated tolerance for "right";
* **close**: within the wider tolerance for "close", but not right;
* **wrong**: with a hint that points to the idea, not to the number;
* **no answer yet**: the learner's cell still holds ``None``.

Three kinds:

* :func:`numeric`: a number, with tolerances relative to the expected value
  (or absolute, where the expected value may be zero);
* :func:`choice`: one of a few named options (which law wins, which comes first);
* :func:`code`: a function the learner wrote, run on cases the exercise did
  not show, against the memsim reference.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Feedback", "Tolerance", "as_choice", "as_number", "choice", "code", "no_answer", "numeric"]

#: The verdicts a check can give.
VERDICTS = ("right", "close", "wrong", "no answer yet")


@dataclass(frozen=True)
class Feedback:
    """What a check says about one answer.

    Attributes
    ----------
    exercise : str
        The exercise's label in the book (e.g. ``"ex-ch2-washout"``).
    verdict : str
        ``"right"``, ``"close"``, ``"wrong"`` or ``"no answer yet"``.
    message : str
        One or two sentences for the learner; never the expected answer.
    """

    exercise: str
    verdict: str
    message: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")

    @property
    def right(self) -> bool:
        """Whether the answer was right."""
        return self.verdict == "right"

    def __str__(self) -> str:
        return f"{self.verdict.capitalize()} ({self.exercise}): {self.message}"

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:
        # What a notebook shows when a check is the last line of a cell.
        printer.text(str(self))


@dataclass(frozen=True)
class Tolerance:
    """How near an answer must be to count as right, or as close.

    Attributes
    ----------
    right, close : float
        Largest accepted difference, relative to the expected value
        (``relative=True``, e.g. 0.05 for 5 %) or absolute, in the answer's
        unit (``relative=False``); ``close >= right``.
    relative : bool
        Whether the two bounds are fractions of the expected value.
    """

    right: float
    close: float
    relative: bool = True

    def __post_init__(self) -> None:
        if not (0 <= self.right <= self.close and math.isfinite(self.close)):
            raise ValueError(f"need 0 <= right <= close < inf, got right={self.right}, close={self.close}")

    def describe(self, unit: str) -> tuple[str, str]:
        """The two bounds in words: ``("to within 2 %", "within 10 %")``, or ``("exactly", "within 1")``."""

        def amount(bound: float) -> str:
            if self.relative:
                return f"{100 * bound:g} %"
            return f"{bound:g} {unit}" if unit else f"{bound:g}"

        right = f"to within {amount(self.right)}" if self.right > 0 else "exactly"
        return right, f"within {amount(self.close)}"

    def bounds(self, expected: float) -> tuple[float, float]:
        """The right and close bounds on ``|answer - expected|``, in the answer's unit."""
        scale = abs(expected) if self.relative else 1.0
        return self.right * scale, self.close * scale


def no_answer(exercise: str, what: str) -> Feedback:
    """The verdict for an answer still ``None``: what to put in its place."""
    return Feedback(exercise, "no answer yet", f"replace None with {what}, then run the cell again.")


def as_number(answer: Any, name: str, what: str) -> float:
    """``answer`` as a float; raises naming ``name`` and ``what`` unless it is a finite real number."""
    # bool is a numbers.Real, but True is never meant as a count or a ratio.
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise TypeError(f"{name} must be a number ({what}), got {type(answer).__name__} {answer!r}")
    value = float(answer)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number ({what}), got {value}")
    return value


def numeric(
    exercise: str,
    answer: Any,
    expected: float | Callable[[], float],
    *,
    name: str,
    what: str,
    tolerance: Tolerance,
    hint: str,
    unit: str = "",
) -> Feedback:
    """Check a number against the expected value.

    Parameters
    ----------
    exercise : str
        The exercise's label.
    answer : number or None
        The learner's answer; ``None`` means not answered yet.
    expected : float or callable
        The solution's value, or a function that computes it from memsim;
        the function runs only once the answer is known to be a number, so
        ``None`` or a mistyped answer costs no model run.
    name, what : str
        The answer's parameter name and what it is, with its unit, for
        messages (e.g. ``"trials"``, ``"the washout length in trials"``).
    tolerance : Tolerance
        The bounds for right and close; stated in every message.
    hint : str
        Shown with a wrong answer: the idea to revisit, never the number.
    unit : str
        The answer's unit, for absolute tolerances.

    Raises
    ------
    TypeError, ValueError
        If ``answer`` is not a finite real number (naming ``name``).
    """
    if answer is None:
        return no_answer(exercise, what)
    value = as_number(answer, name, what)
    expected = expected() if callable(expected) else expected
    right_bound, close_bound = tolerance.bounds(expected)
    difference = abs(value - expected)
    right, close = tolerance.describe(unit)
    if difference <= right_bound:
        return Feedback(exercise, "right", f"{what} agrees with the solution {right}.")
    if difference <= close_bound:
        return Feedback(
            exercise,
            "close",
            f"{what} is {close} of the solution, but not {right}; check your rounding or your last step.",
        )
    direction = "too large" if value > expected else "too small"
    return Feedback(exercise, "wrong", f"{what} is {direction}. Hint: {hint}")


def choice(
    exercise: str,
    answer: Any,
    expected: str | Callable[[], str],
    *,
    name: str,
    options: Sequence[str],
    hint: str,
) -> Feedback:
    """Check one named option (case and surrounding spaces ignored).

    ``expected`` is the right option, or a function that computes it from
    memsim; the function runs only for an answer that is one of ``options``.

    Raises
    ------
    ValueError
        If ``answer`` is not one of ``options`` (naming ``name`` and listing them).
    """
    if answer is None:
        return no_answer(exercise, f"one of {list(options)}")
    chosen = as_choice(answer, name, options)
    expected = expected() if callable(expected) else expected
    if expected not in options:
        raise ValueError(f"expected must be one of {list(options)}, got {expected!r}")
    if chosen == expected:
        return Feedback(exercise, "right", f"{name} = {chosen!r} is what the model gives.")
    return Feedback(exercise, "wrong", f"not what the model gives. Hint: {hint}")


def as_choice(answer: Any, name: str, options: Sequence[str]) -> str:
    """``answer`` as one of ``options`` (lower case, stripped); raises naming ``name`` and listing them."""
    if not isinstance(answer, str) or answer.strip().lower() not in options:
        raise ValueError(f"{name} must be one of {list(options)}, got {answer!r}")
    return answer.strip().lower()


def code(
    exercise: str,
    function: Any,
    reference: Callable[..., float],
    cases: Sequence[Mapping[str, Any]],
    *,
    name: str,
    tolerance: Tolerance,
    hint: str,
) -> Feedback:
    """Run a learner's function on unseen cases and compare it with memsim's reference.

    Parameters
    ----------
    function : callable or None
        The learner's function; called with each case's keywords.
    reference : callable
        Computes the right value for a case, from memsim.
    cases : sequence of mapping
        Keyword arguments the exercise did not show the learner.
    tolerance : Tolerance
        Per case; a case within ``close`` but not ``right`` makes the whole
        answer close, any case beyond ``close`` makes it wrong.

    Raises
    ------
    TypeError
        If ``function`` is not callable (naming ``name``).
    """
    if function is None:
        return no_answer(exercise, f"your function {name}")
    if not callable(function):
        raise TypeError(f"{name} must be a function, got {type(function).__name__}")
    if not cases:
        raise ValueError("cases must hold at least one case")
    worst = "right"
    for case in cases:
        arguments = ", ".join(f"{key}={value!r}" for key, value in case.items())
        try:
            value = float(function(**case))
        except Exception as error:  # the learner's code: report any failure, never raise it on
            return Feedback(exercise, "wrong", f"{name}({arguments}) raised {type(error).__name__}: {error}")
        expected = float(reference(**case))
        right_bound, close_bound = tolerance.bounds(expected)
        difference = abs(value - expected) if math.isfinite(value) else math.inf
        if difference > close_bound:
            return Feedback(
                exercise,
                "wrong",
                f"{name}({arguments}) returned {value:.6g}, which is not {tolerance.describe('')[1]} of the "
                f"model's value. Hint: {hint}",
            )
        if difference > right_bound:
            worst = "close"
    right, close = tolerance.describe("")
    if worst == "close":
        return Feedback(
            exercise, "close", f"on {len(cases)} new cases {name} is {close} of the model, but not {right}."
        )
    return Feedback(exercise, "right", f"on {len(cases)} new cases {name} agrees with the model {right}.")
