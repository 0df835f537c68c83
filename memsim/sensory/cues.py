"""Chapter 5, model 3: visual-haptic cue combination, after Ernst & Banks (2002).

A simulated two-interval forced-choice (2IFC) experiment on visual and
haptic height. Psychometric functions are fitted by maximum likelihood
(probit), with bootstrap confidence intervals; visual weights come from the
shift of the point of subjective equality under a visual-haptic conflict.

References
----------
Ernst MO, Banks MS (2002). Nature 415:429-433. :cite:`ernst2002humans`
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.stats import norm

from memsim.core.validation import (
    check_finite_array,
    check_integer,
    check_number,
    check_seed,
)

__all__ = [
    "CUE_EXPERIMENT",
    "cue_combination_experiment",
    "CueProtocol",
    "CueResult",
    "fit_psychometric",
    "mle_weights",
]

# --------------------------------------------------------------------------
# 3. Cue combination (Ernst & Banks 2002)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CueProtocol:
    """The simulated visual-haptic experiment of Chapter 5 (after Ernst & Banks 2002).

    Attributes
    ----------
    sigma_haptic_mm : float
        Single-interval noise of the haptic cue (mm).
    visual_noise_mm : tuple of float
        Single-interval noise of the visual cue in the chapter's three
        observers (mm): below, equal to and above the haptic noise.
    conflict_mm : float
        Visual minus haptic height in the conflict conditions (mm).
    trials_per_level : int
        Trials per comparison level and condition.
    n_levels : int
        Comparison levels per condition.
    span_jnd : float
        The levels span +-``span_jnd`` combined JNDs around the expected
        point of subjective equality.
    n_bootstrap : int
        Bootstrap replicates of the fits.
    """

    sigma_haptic_mm: float = 1.5
    visual_noise_mm: tuple[float, ...] = (0.75, 1.5, 2.25)
    conflict_mm: float = 6.0
    trials_per_level: int = 80
    n_levels: int = 13
    span_jnd: float = 3.0
    n_bootstrap: int = 400


#: The chapter's cue-combination experiment.
CUE_EXPERIMENT = CueProtocol()


def mle_weights(sigma_visual_mm: float, sigma_haptic_mm: float) -> tuple[float, float, float]:
    """Reliability weights and combined noise of the maximum-likelihood estimate.

    Parameters
    ----------
    sigma_visual_mm, sigma_haptic_mm : float
        Noise of each cue (mm, > 0).

    Returns
    -------
    (w_visual, w_haptic, sigma_combined_mm)
        ``w_i = (1/sigma_i^2) / sum_j (1/sigma_j^2)`` (dimensionless) and
        ``sigma_VH^2 = sigma_V^2 sigma_H^2 / (sigma_V^2 + sigma_H^2)`` (mm).
    """
    sv = check_number("sigma_visual_mm", sigma_visual_mm, low=0.0, low_inclusive=False)
    sh = check_number("sigma_haptic_mm", sigma_haptic_mm, low=0.0, low_inclusive=False)
    w_v = sh**2 / (sv**2 + sh**2)
    return w_v, 1.0 - w_v, float(np.sqrt(sv**2 * sh**2 / (sv**2 + sh**2)))


def fit_psychometric(
    levels: np.ndarray, n_trials: np.ndarray, n_yes: np.ndarray, iterations: int = 30
) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood cumulative-Gaussian fits, vectorised over data sets.

    Fits ``P(yes | x) = Phi((x - mu) / s)`` by Newton's method on the probit
    likelihood.

    Parameters
    ----------
    levels : ndarray, shape (k,)
        Stimulus levels (any unit, e.g. mm), finite, k >= 3.
    n_trials : ndarray, shape (k,)
        Trials per level: whole numbers >= 0, with trials at two or more
        distinct levels.
    n_yes : ndarray, shape (..., k)
        "Yes" counts, whole numbers in ``[0, n_trials]``; leading axes are
        independent data sets (e.g. bootstrap replicates).
    iterations : int
        Fisher-scoring steps (1 to 1000).

    Returns
    -------
    (mu, s) : ndarrays of shape ``n_yes.shape[:-1]``
        Point of subjective equality and spread (the JND: the distance from
        the 50 % to the 84 % point), in the units of ``levels``.

    Raises
    ------
    TypeError
        If ``iterations`` is not an integer.
    ValueError
        If a shape does not match, a value is not finite, a count is negative
        or fractional, ``n_yes`` exceeds ``n_trials``, or all trials are at one
        level.
    """
    iterations = check_integer("iterations", iterations, low=1, high=1000)
    x = np.asarray(levels, dtype=float)
    n = np.asarray(n_trials, dtype=float)
    y = np.asarray(n_yes, dtype=float)
    if x.ndim != 1 or x.size < 3 or n.shape != x.shape or y.ndim < 1 or y.shape[-1] != x.size:
        raise ValueError(
            "levels and n_trials must be 1-D arrays of one length k >= 3 and n_yes of shape (..., k), "
            f"got shapes {x.shape}, {n.shape} and {y.shape}"
        )
    check_finite_array("levels", x)
    for name, counts in (("n_trials", n), ("n_yes", y)):
        if not np.all(np.isfinite(counts)) or np.any(counts < 0) or np.any(counts != np.round(counts)):
            raise ValueError(f"{name} must hold whole numbers >= 0 (counts of trials)")
    if np.any(y > n):
        raise ValueError("n_yes must lie within [0, n_trials] at every level")
    if np.unique(x[n > 0]).size < 2:
        raise ValueError("levels and n_trials must put trials at two or more distinct levels")
    # Start from a linear regression of the empirical probits.
    p = np.clip((y + 0.5) / (n + 1.0), 1e-3, 1 - 1e-3)
    z = norm.ppf(p)
    xc = x - x.mean()
    b = (z * xc).sum(-1) / (xc**2).sum()
    a = z.mean(-1) - b * x.mean()
    b = np.maximum(b, 1e-3)
    for _ in range(iterations):
        eta = np.clip(a[..., None] + b[..., None] * x, -8, 8)
        phi, cdf = norm.pdf(eta), np.clip(norm.cdf(eta), 1e-10, 1 - 1e-10)
        # Fisher scoring for the probit model (expected information).
        u = (y - n * cdf) * phi / (cdf * (1 - cdf))
        wgt = n * phi**2 / (cdf * (1 - cdf))
        g = np.stack([u.sum(-1), (u * x).sum(-1)], -1)
        h00, h01, h11 = wgt.sum(-1), (wgt * x).sum(-1), (wgt * x * x).sum(-1)
        det = h00 * h11 - h01**2
        a = a + (h11 * g[..., 0] - h01 * g[..., 1]) / det
        b = np.maximum(b + (-h01 * g[..., 0] + h00 * g[..., 1]) / det, 1e-4)
    return -a / b, 1.0 / b


@dataclass(frozen=True)
class CueResult:
    """Fits of one simulated cue-combination experiment.

    Attributes
    ----------
    sigma_visual_mm, sigma_haptic_mm : float
        The simulated observer's single-cue noise (mm).
    jnd_visual_mm, jnd_haptic_mm, jnd_combined_mm : float
        Fitted JNDs (mm) of the visual-alone, haptic-alone and combined
        (no-conflict) conditions; JND = spread of the psychometric function,
        i.e. sqrt(2) times the single-interval noise in 2IFC.
    jnd_ci_mm : dict
        95 % bootstrap intervals of the three JNDs (mm).
    weight_visual : float
        Visual weight fitted from the PSE shift under conflict.
    weight_ci : tuple
        Its 95 % bootstrap interval.
    weight_predicted : float
        MLE weight from the true single-cue noise.
    weight_from_jnds : float
        MLE weight predicted from the *fitted* single-cue JNDs, as Ernst &
        Banks did.
    jnd_predicted_mm : float
        Combined JND predicted from the fitted single-cue JNDs (mm).
    n_trials : int
        Trials per condition.
    curves : dict
        Per condition: (levels (mm), proportion "comparison taller", mu (mm), s (mm)).
    """

    sigma_visual_mm: float
    sigma_haptic_mm: float
    jnd_visual_mm: float
    jnd_haptic_mm: float
    jnd_combined_mm: float
    jnd_ci_mm: dict
    weight_visual: float
    weight_ci: tuple
    weight_predicted: float
    weight_from_jnds: float
    jnd_predicted_mm: float
    n_trials: int
    curves: dict = field(repr=False)


def _simulate_2ifc(rng, levels, per_level, sigma_v, sigma_h, w_v, conflict, cue):
    """'Comparison taller' counts of one condition of the 2IFC task.

    The standard (55 mm) carries the conflict, visual +conflict/2 and haptic
    -conflict/2; the comparison has no conflict. In each interval the
    observer's estimate is the cue(s) plus Gaussian noise, combined with
    weight w_v.
    """
    shape = (levels.size, per_level)
    sv = 0.5 * conflict
    if cue == "visual":
        standard = sv + sigma_v * rng.standard_normal(shape)
        comparison = levels[:, None] + sigma_v * rng.standard_normal(shape)
    elif cue == "haptic":
        standard = -sv + sigma_h * rng.standard_normal(shape)
        comparison = levels[:, None] + sigma_h * rng.standard_normal(shape)
    else:
        standard = w_v * (sv + sigma_v * rng.standard_normal(shape)) + (1 - w_v) * (
            -sv + sigma_h * rng.standard_normal(shape)
        )
        comparison = (
            levels[:, None]
            + w_v * sigma_v * rng.standard_normal(shape)
            + (1 - w_v) * sigma_h * rng.standard_normal(shape)
        )
    return (comparison > standard).sum(axis=1)


def cue_combination_experiment(
    sigma_visual_mm: float,
    sigma_haptic_mm: float = CUE_EXPERIMENT.sigma_haptic_mm,
    *,
    conflict_mm: float = CUE_EXPERIMENT.conflict_mm,
    trials_per_level: int = CUE_EXPERIMENT.trials_per_level,
    n_bootstrap: int = CUE_EXPERIMENT.n_bootstrap,
    seed: int = 0,
) -> CueResult:
    """Simulate a visual-haptic 2IFC height-discrimination experiment and fit it.

    Five conditions: visual alone, haptic alone, and visual + haptic with a
    conflict of ``-conflict_mm``, 0 and ``+conflict_mm`` between the cues in
    the standard. Comparison heights (relative to the 55-mm standard) span
    +-``CUE_EXPERIMENT.span_jnd`` combined JNDs in ``CUE_EXPERIMENT.n_levels`` levels.

    Parameters
    ----------
    sigma_visual_mm, sigma_haptic_mm : float
        Single-interval noise of each cue (mm, > 0; at most 20).
    conflict_mm : float
        Visual minus haptic height in the conflict conditions (mm, 1 to 20).
    trials_per_level : int
        Trials per comparison level and condition (10 to 1000).
    n_bootstrap : int
        Bootstrap replicates (parametric: binomial redraws from the fitted
        psychometric functions; 50 to 5000).
    seed : int
        Random seed.

    Returns
    -------
    CueResult
    """
    sv = check_number("sigma_visual_mm", sigma_visual_mm, low=0.0, high=20.0, low_inclusive=False)
    sh = check_number("sigma_haptic_mm", sigma_haptic_mm, low=0.0, high=20.0, low_inclusive=False)
    conflict = check_number("conflict_mm", conflict_mm, low=1.0, high=20.0)
    per_level = check_integer("trials_per_level", trials_per_level, low=10, high=1000)
    n_boot = check_integer("n_bootstrap", n_bootstrap, low=50, high=5000)
    rng = np.random.default_rng(check_seed("seed", seed))
    w_v, _, s_vh = mle_weights(sv, sh)
    conditions = {
        "visual": ("visual", 0.0, sv),
        "haptic": ("haptic", 0.0, sh),
        "minus": ("both", -conflict, s_vh),
        "zero": ("both", 0.0, s_vh),
        "plus": ("both", conflict, s_vh),
    }
    n_levels = CUE_EXPERIMENT.n_levels
    fits, boots, curves = {}, {}, {}
    for name, (cue, delta, s) in conditions.items():
        centre = (2 * w_v - 1) * delta / 2 if cue == "both" else 0.0
        span = CUE_EXPERIMENT.span_jnd
        levels = centre + np.linspace(-span, span, n_levels) * np.sqrt(2) * s
        yes = _simulate_2ifc(rng, levels, per_level, sv, sh, w_v, delta, cue)
        n = np.full(n_levels, per_level)
        mu, spread = fit_psychometric(levels, n, yes)
        # Parametric bootstrap: redraw every level from the fitted function.
        p_fit = norm.cdf((levels - mu) / spread)
        boot_yes = rng.binomial(per_level, p_fit, size=(n_boot, n_levels))
        boots[name] = fit_psychometric(levels, n, boot_yes)
        fits[name] = (float(mu), float(spread))
        curves[name] = (levels, yes / per_level, float(mu), float(spread))

    def weight(mu_plus, mu_minus):
        # PSE = (2 w_v - 1) * conflict / 2, so w_v = 1/2 + (PSE+ - PSE-) / (2 conflict).
        return 0.5 + (mu_plus - mu_minus) / (2 * conflict)

    w_fit = weight(fits["plus"][0], fits["minus"][0])
    w_boot = weight(boots["plus"][0], boots["minus"][0])
    ci = lambda v: tuple(float(q) for q in np.percentile(v, [2.5, 97.5]))  # noqa: E731
    jv, jh = fits["visual"][1], fits["haptic"][1]
    w_from_jnds, _, jnd_pred = mle_weights(jv, jh)
    return CueResult(
        sigma_visual_mm=sv,
        sigma_haptic_mm=sh,
        jnd_visual_mm=jv,
        jnd_haptic_mm=jh,
        jnd_combined_mm=fits["zero"][1],
        jnd_ci_mm={
            "visual": ci(boots["visual"][1]),
            "haptic": ci(boots["haptic"][1]),
            "combined": ci(boots["zero"][1]),
        },
        weight_visual=float(w_fit),
        weight_ci=ci(w_boot),
        weight_predicted=w_v,
        weight_from_jnds=w_from_jnds,
        jnd_predicted_mm=jnd_pred,
        n_trials=per_level * n_levels,
        curves=curves,
    )
