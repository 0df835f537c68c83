"""Check your answer: one function per exercise of the book.

Each exercise says how to call its check, e.g. ``check.ch2_washout(trials)``
after ``from memsim import check``. A check runs the same memsim call as the
book's solution, compares your answer with the result, and says *right*,
*close* (within a tolerance it states) or *wrong* with a hint; it never shows
the solution's value. Where the answer is a function you wrote, the check
runs it on cases the exercise did not show.

:data:`CHECKS` maps each exercise's label in the book (``ex-ch2-washout``)
to its check; the machinery is in :mod:`memsim.check._core`.
"""

from __future__ import annotations

from collections.abc import Callable

from memsim.check import chapter1, chapter2, chapter3, chapter4, chapter5, chapter6
from memsim.check._core import Feedback, Tolerance

_CHAPTERS = (chapter1, chapter2, chapter3, chapter4, chapter5, chapter6)

#: Every exercise's check, by the exercise's label in the book.
CHECKS: dict[str, Callable[..., Feedback]] = {
    label: function for chapter in _CHAPTERS for label, function in chapter.CHECKS.items()
}

# Re-export each check by its name (check.ch2_washout), from its chapter's module.
globals().update({function.__name__: function for function in CHECKS.values()})

__all__ = ["CHECKS", "Feedback", "Tolerance", *sorted(function.__name__ for function in CHECKS.values())]
