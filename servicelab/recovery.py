"""Service recovery: how satisfaction decays with handling time, and the recovery paradox.

The last section of Chapter 8 (客户服务质量的补救): when a service fails, putting it right
keeps the customer.  Here:

- the course's four steps of recovery (:data:`RECOVERY_STEPS`, in the course's Chinese
  :data:`RECOVERY_STEPS_CHINESE`), each tied to the step of the complaint workflow it
  supports (:mod:`servicelab.complaints`);
- an illustrative recovery curve, satisfaction falling from a ceiling towards a floor as
  handling time grows (:func:`recovery_curve`), fitted to data
  (:func:`fit_recovery_curve`), the longest handling time that keeps satisfaction at a
  target (:func:`hours_for_target`) and a bootstrap interval for it
  (:func:`hours_for_target_interval`);
- how much satisfaction each doubling of the handling time costs, overall or within strata
  such as the severity of the failure (:func:`doubling_slope`);
- the recovery paradox: are well-recovered customers more satisfied than those who never
  had a problem? One comparison (:func:`recovery_paradox`), or a family of them with
  intervals that allow for the number compared (:func:`paradox_table`).

>>> round(hours_for_target(6, floor=3, ceiling=9, time_constant=6), 3)
4.159
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from servicelab._validate import finite, fraction, integer, non_empty, non_negative_values, numbers, positive
from servicelab.stats import Interval, welch_interval

__all__ = [
    "RECOVERY_STEPS",
    "RECOVERY_STEPS_CHINESE",
    "doubling_slope",
    "fit_recovery_curve",
    "hours_for_target",
    "hours_for_target_interval",
    "paradox_table",
    "recovery_curve",
    "recovery_paradox",
]

#: The course's four steps of service recovery (二、客服质量补救的实施 (一)-(四)), in our English,
#: with the complaint step each supports (our reading). Training and empowering staff is not a
#: step of one case: it enables all four.
RECOVERY_STEPS = (
    ("face the customer sincerely", "vent"),
    ("train and empower front-line staff to recover promptly", "all"),
    ("give fitting compensation", "remedy"),
    ("track satisfaction with the recovery and learn the lesson", "follow_up"),
)


#: The four steps in the course slides' own words, in the order of :data:`RECOVERY_STEPS`.  The
#: third is garbled after 实施恰当 in the extracted slides; 实施恰当的补偿 is our reading of it.
RECOVERY_STEPS_CHINESE = (
    "以真诚的态度面对客户",
    "培训并授权给一线员工以及时有效地进行客服质量补救",
    "实施恰当的补偿",
    "跟踪客户对补救的满意程度并汲取教训",
)


def recovery_curve(hours, *, floor: float, ceiling: float, time_constant: float) -> np.ndarray:
    """Satisfaction after a complaint as it decays with handling time (an illustrative model).

    ::

        S(h) = S_inf + (S_0 - S_inf) exp(-h/tau)

    with ``ceiling`` S_0 (satisfaction with an instant remedy), ``floor``
    S_inf (what is left after a very slow one) and ``time_constant``
    tau in hours (after tau hours, 63% of the possible loss has
    happened). The service-standards slides show such a curve (satisfaction about 3-10
    against 2-24 hours, for large and small customers) without data; the shape is our
    assumption.

    >>> recovery_curve([0, 6], floor=3, ceiling=9, time_constant=6).round(3).tolist()
    [9.0, 5.207]
    """
    h = non_negative_values(np.atleast_1d(hours), "hours")
    low = finite(floor, "floor")
    high = finite(ceiling, "ceiling")
    tau = positive(time_constant, "time_constant")
    return low + (high - low) * np.exp(-h / tau)


def _fit_given_tau(h: np.ndarray, s: np.ndarray, tau) -> tuple:
    """Least-squares floor and ceiling for each tau (a scalar or an array), and the error left."""
    taus = np.atleast_1d(np.asarray(tau, dtype=float))
    x = np.exp(-h[np.newaxis, :] / taus[:, np.newaxis])
    x_mean = x.mean(axis=1, keepdims=True)
    s_mean = s.mean()
    sxx = ((x - x_mean) ** 2).sum(axis=1)
    sxy = ((x - x_mean) * (s - s_mean)).sum(axis=1)
    slope = np.divide(sxy, sxx, out=np.zeros_like(sxy), where=sxx > 0)
    intercept = s_mean - slope * x_mean[:, 0]
    sse = ((s - s_mean) ** 2).sum() - slope * sxy
    sse = np.maximum(sse, 0.0)
    if np.ndim(tau) == 0:
        return float(intercept[0]), float(intercept[0] + slope[0]), float(sse[0])
    return intercept, intercept + slope, sse


def fit_recovery_curve(hours, satisfaction, *, tau_range: tuple[float, float] = (0.25, 200.0)) -> dict:
    """Least-squares fit of :func:`recovery_curve` to (hours, satisfaction) observations.

    For a fixed tau the model is linear in floor and ceiling, so they follow
    from ordinary least squares; tau is found by a log-spaced grid search over
    ``tau_range`` hours (160 points), refined by five finer grids around the best point (each
    33 points between the best point's neighbours, so the bracket shrinks 16-fold each time).

    Returns
    -------
    dict
        ``floor``, ``ceiling``, ``time_constant`` (hours) and ``rmse`` (satisfaction points).

    >>> h = np.array([0.5, 2, 4, 8, 12, 24])
    >>> fit = fit_recovery_curve(h, recovery_curve(h, floor=3, ceiling=9, time_constant=6))
    >>> round(fit["floor"], 3), round(fit["ceiling"], 3), round(fit["time_constant"], 3)
    (3.0, 9.0, 6.0)
    """
    h = non_negative_values(hours, "hours")
    s = non_empty(satisfaction, "satisfaction")
    if h.shape != s.shape:
        raise ValueError("hours and satisfaction must have the same length")
    if h.size < 3:
        raise ValueError("hours must hold at least three observations to fit three parameters")
    low_tau, high_tau = positive(tau_range[0], "tau_range"), positive(tau_range[1], "tau_range")
    if not low_tau < high_tau:
        raise ValueError(f"tau_range={tau_range!r} must be (low, high) with low < high")
    if np.ptp(h) == 0:
        raise ValueError("hours must vary to fit a curve")
    grid = np.geomspace(low_tau, high_tau, 160)
    for _ in range(5):
        sse = _fit_given_tau(h, s, grid)[2]
        best = int(np.argmin(sse))
        a, b = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
        grid = np.linspace(a, b, 33)
    tau = float(grid[int(np.argmin(_fit_given_tau(h, s, grid)[2]))])
    floor, ceiling, error = _fit_given_tau(h, s, tau)
    return {"floor": floor, "ceiling": ceiling, "time_constant": tau, "rmse": math.sqrt(error / h.size)}


def hours_for_target(target: float, *, floor: float, ceiling: float, time_constant: float) -> float:
    """Longest handling time that keeps :func:`recovery_curve` at or above ``target``.

    ::

        h* = -tau ln((T - S_inf) / (S_0 - S_inf))

    Returns ``inf`` if the target is at or below the floor (any speed will do).

    >>> round(hours_for_target(6, floor=3, ceiling=9, time_constant=6), 3)
    4.159
    """
    goal = finite(target, "target")
    low = finite(floor, "floor")
    high = finite(ceiling, "ceiling")
    tau = positive(time_constant, "time_constant")
    if not high > low:
        raise ValueError(f"ceiling={ceiling!r} must be above floor={floor!r} for a decaying curve")
    if goal > high:
        raise ValueError(f"target={target!r} is above the ceiling {high:g}: no handling time reaches it")
    if goal <= low:
        return math.inf
    return -tau * math.log((goal - low) / (high - low))


def recovery_paradox(recovered, no_failure, *, confidence: float = 0.95) -> dict:
    """Compare satisfaction after a recovery with satisfaction when nothing went wrong.

    The recovery paradox is the finding that customers whose problem was put right
    very well can end up *more* satisfied than customers who had no problem (see de
    Matos, Henrique and Rossi 2007 for a meta-analysis).  The difference of means,
    mean(recovered) - mean(no failure), comes with Welch's t interval
    (:func:`servicelab.stats.welch_interval`), and ``paradox`` is True only if the
    whole interval lies above zero.  Picking the best of many recovery groups after
    looking at the data makes a chance "paradox" likely: decide the comparison first.

    Parameters
    ----------
    recovered, no_failure : sequence of float
        Satisfaction scores, each group with at least two.
    confidence : float
        Coverage of the interval, strictly between 0 and 1.

    Returns
    -------
    dict
        ``mean_recovered``, ``mean_no_failure``, ``difference``, ``ci_low``, ``ci_high``
        (scale points, rounded to 4 decimals) and ``paradox``.

    >>> out = recovery_paradox([9, 9, 8, 10, 9, 9], [8, 8, 9, 7, 8, 8])
    >>> out["difference"], out["paradox"]
    (1.0, True)
    """
    r = non_empty(recovered, "recovered")
    o = non_empty(no_failure, "no_failure")
    if r.size < 2 or o.size < 2:
        raise ValueError(f"recovered and no_failure must each hold at least two scores (they hold {r.size} and {o.size})")
    d = welch_interval(r, o, confidence=confidence)
    return {
        "mean_recovered": round(float(r.mean()), 4),
        "mean_no_failure": round(float(o.mean()), 4),
        "difference": round(d.estimate, 4),
        "ci_low": round(d.low, 4),
        "ci_high": round(d.high, 4),
        "paradox": bool(d.low > 0),
    }


def hours_for_target_interval(hours, satisfaction, target: float, *, n_resamples: int = 1000,
                              confidence: float = 0.95, seed: int = 2026):
    """:func:`hours_for_target` of a fitted curve, with a percentile bootstrap interval.

    The curve is fitted to the observations (:func:`fit_recovery_curve`) and inverted at
    ``target``; then the observations are resampled with replacement ``n_resamples``
    times, the curve refitted and inverted each time, and the (1 - c)/2 and (1 + c)/2
    quantiles of those handling times form the interval.  A resample whose curve never
    falls to the target gives an infinite time; the quantiles take no average across it.

    Parameters
    ----------
    hours, satisfaction : sequence of float
        One observation per guest: hours to the remedy and satisfaction after it.
    target : float
        The satisfaction to keep, in the units of ``satisfaction``.
    n_resamples, confidence, seed
        As in :func:`servicelab.stats.bootstrap_ci`.

    Returns
    -------
    servicelab.stats.Interval
        ``estimate`` (hours), ``low``, ``high`` and ``n`` (observations).

    References
    ----------
    Efron and Tibshirani (1993), *An Introduction to the Bootstrap*, chapter 13.

    >>> h = np.tile([0.5, 2, 4, 8, 12, 24], 5)
    >>> s = recovery_curve(h, floor=3, ceiling=9, time_constant=6) + np.tile([0.3, -0.3], 15)
    >>> ci = hours_for_target_interval(h, s, 6, n_resamples=200, seed=1)
    >>> ci.low < ci.estimate < ci.high
    True
    """
    h = non_negative_values(hours, "hours")
    s = non_empty(satisfaction, "satisfaction")
    if h.shape != s.shape:
        raise ValueError("hours and satisfaction must have the same length")
    goal = finite(target, "target")
    b = integer(n_resamples, "n_resamples", minimum=100)
    c = fraction(confidence, "confidence", inclusive=False)
    rng = np.random.default_rng(integer(seed, "seed", minimum=0))

    def limit(hh: np.ndarray, ss: np.ndarray) -> float:
        fit = fit_recovery_curve(hh, ss)
        if goal > fit["ceiling"] or fit["ceiling"] <= fit["floor"]:
            return 0.0  # no handling time reaches the target: the limit is zero hours
        return hours_for_target(goal, floor=fit["floor"], ceiling=fit["ceiling"], time_constant=fit["time_constant"])

    estimate = limit(h, s)
    replicates = []
    for _ in range(b):
        index = rng.integers(0, h.size, h.size)
        if np.ptp(h[index]) == 0:
            continue
        replicates.append(limit(h[index], s[index]))
    low, high = np.quantile(np.array(replicates), [(1 - c) / 2, (1 + c) / 2], method="inverted_cdf")
    return Interval(float(estimate), float(low), float(high), int(h.size))


def doubling_slope(hours, satisfaction, *, strata=None) -> float:
    """Change in satisfaction per doubling of the handling time, overall or within strata.

    The least-squares slope of satisfaction on log2(hours)::

        s_i = a_(g(i)) + b log2(h_i) + e_i

    with one intercept a_g per stratum g (for instance the severity of the failure) when
    ``strata`` is given, so that b compares fast and slow remedies *within* a stratum
    only; without strata there is one intercept.  If slow remedies are also the severe
    ones, the overall slope mixes the effect of time with that of severity, and the
    within-severity slope is the fairer reading (it is still no proof of cause: anything
    else that makes remedies slow and guests unhappy is left in it).

    Parameters
    ----------
    hours : sequence of float
        Hours to the remedy, > 0.
    satisfaction : sequence of float
        Satisfaction after it.
    strata : sequence, optional
        A label per observation; each stratum needs two different handling times.

    Returns
    -------
    float
        b, in satisfaction points per doubling of the hours (negative: slower is worse).

    >>> doubling_slope([1, 2, 4, 8], [9, 8, 7, 6])
    -1.0
    >>> doubling_slope([1, 2, 4, 8], [9, 8, 5, 4], strata=["minor", "minor", "major", "major"])
    -1.0
    """
    h = numbers(hours, "hours", strictly_positive=True)
    s = non_empty(satisfaction, "satisfaction")
    if h.shape != s.shape:
        raise ValueError("hours and satisfaction must have the same length")
    x = np.log2(h)
    if strata is None:
        groups = np.zeros(h.size, dtype=np.int64)
    else:
        labels = np.asarray(strata)
        if labels.shape != h.shape:
            raise ValueError("strata must hold one label per observation")
        groups = np.unique(labels, return_inverse=True)[1].ravel()
    sizes = np.bincount(groups)
    x_centred = x - (np.bincount(groups, weights=x) / sizes)[groups]
    s_centred = s - (np.bincount(groups, weights=s) / sizes)[groups]
    sxx = float(x_centred @ x_centred)
    if sxx == 0:
        raise ValueError("hours must vary within at least one stratum to fit a slope")
    return float(x_centred @ s_centred / sxx)


def paradox_table(groups, no_failure, *, family_confidence: float = 0.95) -> pd.DataFrame:
    """:func:`recovery_paradox` for several recovery groups at once, with intervals for the family.

    Comparing many groups of recovered guests with the no-failure guests and reporting the
    best is a search: with k groups and nothing there, a 95% interval clears zero for at
    least one of them far more often than 5% of the time.  Each interval here is
    Bonferroni-adjusted, at confidence 1 - (1 - family_confidence)/k, so that all k hold
    together with at least ``family_confidence``; ``paradox`` is True only where the
    adjusted interval lies above zero.

    Parameters
    ----------
    groups : mapping of label -> sequence of float
        Satisfaction scores of each recovery group (at least two each).
    no_failure : sequence of float
        Scores of the guests with no failure.
    family_confidence : float
        Joint coverage of the k intervals.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``n``, ``mean_recovered``, ``difference``, ``ci_low``,
        ``ci_high`` and ``paradox``.

    >>> t = paradox_table({"fast": [9, 9, 10, 9], "slow": [5, 6, 5, 6]}, [8, 8, 7, 8, 9])
    >>> t["difference"].tolist(), t["paradox"].tolist()
    ([1.25, -2.5], [True, False])
    """
    if not isinstance(groups, Mapping) or not groups:
        raise ValueError("groups must be a non-empty mapping of label -> scores")
    family = fraction(family_confidence, "family_confidence", inclusive=False)
    level = 1 - (1 - family) / len(groups)
    rows = {}
    for label, scores in groups.items():
        out = recovery_paradox(scores, no_failure, confidence=level)
        rows[label] = {"n": int(np.size(scores)), "mean_recovered": out["mean_recovered"],
                       "difference": out["difference"], "ci_low": out["ci_low"], "ci_high": out["ci_high"],
                       "paradox": out["paradox"]}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["n"] = table["n"].astype(int)
    table["paradox"] = table["paradox"].astype(bool)
    return table
