"""Chapter 4, model 2: dreams as test data, a numpy caricature of Hoel (2021).

:func:`dream_generalisation` trains a linear readout on a few examples, with
and without noisy, corrupted "dreamed" copies of them added to training, and
measures how well each generalises. It is the overfitted-brain hypothesis in
its smallest form: it leaves out everything about how dreams are generated.

References
----------
Hoel E (2021). Patterns 2:100244. :cite:`hoel2021overfitted`
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from memsim.core.validation import (
    check_integer,
    check_number,
    check_seed,
)

__all__ = [
    "DREAMS",
    "dream_generalisation",
    "DreamProtocol",
    "DreamResult",
]


@dataclass(frozen=True)
class DreamProtocol:
    """The dream demonstration of Chapter 4 (after Hoel 2021).

    Attributes
    ----------
    n_seeds : int
        Independent repetitions.
    n_train : int
        Training examples per class.
    n_features : int
        Input dimensions; two of them separate the classes.
    dream_noise : float
        Noise of the dreamed copies, in units of the input s.d. (dimensionless).
    n_dreams : int
        Dreamed copies per training example.
    n_test : int
        Held-out examples per class.
    """

    n_seeds: int = 10
    n_train: int = 12
    n_features: int = 20
    dream_noise: float = 1.5
    n_dreams: int = 20
    n_test: int = 500


#: The chapter's dream demonstration.
DREAMS = DreamProtocol()

# ---------------------------------------------------------------------------
# Dreams as test data (Hoel 2021), numpy
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DreamResult:
    """Train and held-out accuracy of a readout, per seed, with and without dreams."""

    train_plain: np.ndarray
    test_plain: np.ndarray
    train_dream: np.ndarray
    test_dream: np.ndarray

    @property
    def gap_plain(self) -> np.ndarray:
        """Generalisation gap (train minus held-out accuracy) without dreams, per seed."""
        return self.train_plain - self.test_plain

    @property
    def gap_dream(self) -> np.ndarray:
        """Generalisation gap with dreamed examples, per seed."""
        return self.train_dream - self.test_dream


def _readout(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Minimum-norm least-squares readout (with bias) mapping inputs to ±1 labels."""
    design = np.c_[x, np.ones(len(x))]
    return np.linalg.lstsq(design, y, rcond=None)[0]


def _accuracy(weights: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.sign(np.c_[x, np.ones(len(x))] @ weights) == y))


def _draw(rng: np.random.Generator, centre: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` examples of each class: labels ±1 times the class centre, plus unit Gaussian noise."""
    y = np.repeat([1.0, -1.0], n)
    x = y[:, None] * centre + rng.normal(0.0, 1.0, (2 * n, centre.size))
    return x, y


def dream_generalisation(
    n_seeds: int = DREAMS.n_seeds,
    n_train: int = DREAMS.n_train,
    n_features: int = DREAMS.n_features,
    dream_noise: float = DREAMS.dream_noise,
    n_dreams: int = DREAMS.n_dreams,
    seed: int = 0,
) -> DreamResult:
    """A readout trained on few examples, with and without noisy "dreamed" copies.

    Two classes differ along two of ``n_features`` input dimensions; the
    others are irrelevant fluctuations of the same size. With about as many
    training examples as input dimensions, a least-squares readout fits the
    fluctuations of its few examples (it overfits) and generalises poorly.
    The "dream" condition adds ``n_dreams`` corrupted copies of every example
    (Gaussian noise of s.d. ``dream_noise``) before fitting, the noise
    injection of Hoel's (2021) hypothesis.

    Parameters
    ----------
    n_seeds : int
        Independent repetitions (2 to 200).
    n_train : int
        Training examples per class (2 to 100).
    n_features : int
        Input dimensions (3 to 500).
    dream_noise : float
        Noise of the dreamed copies, in units of the input s.d. (0 to 10).
    n_dreams : int
        Dreamed copies per example (1 to 200).
    seed : int
        Seed of the first repetition.
    """
    n_seeds = check_integer("n_seeds", n_seeds, low=2, high=200)
    n_train = check_integer("n_train", n_train, low=2, high=100)
    n_features = check_integer("n_features", n_features, low=3, high=500)
    dream_noise = check_number("dream_noise", dream_noise, low=0.0, high=10.0)
    n_dreams = check_integer("n_dreams", n_dreams, low=1, high=200)
    seed = cast(int, check_seed("seed", seed))  # an int: None is rejected
    results = np.zeros((4, n_seeds))
    for s in range(n_seeds):
        rng = np.random.default_rng(seed + s)
        centre = np.zeros(n_features)
        centre[:2] = 1.0
        x_train, y_train = _draw(rng, centre, n_train)
        x_test, y_test = _draw(rng, centre, DREAMS.n_test)
        plain = _readout(x_train, y_train)
        dreamed_x = np.repeat(x_train, n_dreams, axis=0)
        dreamed_x = dreamed_x + rng.normal(0.0, dream_noise, dreamed_x.shape)
        dream = _readout(np.r_[x_train, dreamed_x], np.r_[y_train, np.repeat(y_train, n_dreams)])
        results[:, s] = (
            _accuracy(plain, x_train, y_train),
            _accuracy(plain, x_test, y_test),
            _accuracy(dream, x_train, y_train),
            _accuracy(dream, x_test, y_test),
        )
    return DreamResult(*results)
