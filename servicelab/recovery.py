"""Service recovery: how satisfaction decays with handling time, and the recovery paradox.

The last part of Chapter 8 of the course (客户服务质量的补救): when a service fails,
putting it right fast and well keeps the customer.  Here:

- the course's four steps of recovery (:data:`RECOVERY_STEPS`), each tied to the step of
  the complaint workflow it supports (:mod:`servicelab.complaints`);
- an illustrative recovery curve, satisfaction falling from a ceiling towards a floor as
  handling time grows (:func:`recovery_curve`), fitted to data
  (:func:`fit_recovery_curve`), and the longest handling time that keeps satisfaction at a
  target (:func:`hours_for_target`);
- the recovery paradox: are well-recovered customers more satisfied than those who never
  had a problem? (:func:`recovery_paradox`).

>>> round(hours_for_target(6, floor=3, ceiling=9, time_constant=6), 3)
4.159
"""

from __future__ import annotations

import math

import numpy as np

from servicelab._validate import finite, non_empty, non_negative_values, positive
from servicelab.stats import welch_interval

__all__ = [
    "RECOVERY_STEPS",
    "fit_recovery_curve",
    "hours_for_target",
    "recovery_curve",
    "recovery_paradox",
]

#: The course's four steps of service recovery (Chapter 8), with the complaint step each supports.
#: Training and empowering staff is not a step of one case: it enables all four.
RECOVERY_STEPS = (
    ("face the customer sincerely", "vent"),
    ("train and empower front-line staff to recover promptly", "all"),
    ("give fitting compensation", "remedy"),
    ("track satisfaction with the recovery and learn the lesson", "follow_up"),
)


def recovery_curve(hours, *, floor: float, ceiling: float, time_constant: float) -> np.ndarray:
    """Satisfaction after a complaint as it decays with handling time (an illustrative model).

    ::

        S(h) = S_inf + (S_0 - S_inf) exp(-h/tau)

    with ``ceiling`` S_0 (satisfaction with an instant remedy), ``floor``
    S_inf (what is left after a very slow one) and ``time_constant``
    tau in hours (after tau hours, 63% of the possible loss has
    happened). The course shows such a curve (satisfaction about 3-10 against 2-24
    hours, for large and small customers) without data; the shape is our assumption.

    >>> recovery_curve([0, 6], floor=3, ceiling=9, time_constant=6).round(3).tolist()
    [9.0, 5.207]
    """
    h = non_negative_values(np.atleast_1d(hours), "hours")
    low = finite(floor, "floor")
    high = finite(ceiling, "ceiling")
    tau = positive(time_constant, "time_constant")
    return low + (high - low) * np.exp(-h / tau)


def _fit_given_tau(h: np.ndarray, s: np.ndarray, tau: float) -> tuple[float, float, float]:
    x = np.exp(-h / tau)
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, s, rcond=None)
    sse = float(np.sum((s - design @ coef) ** 2))
    return float(coef[0]), float(coef[0] + coef[1]), sse


def fit_recovery_curve(hours, satisfaction, *, tau_range: tuple[float, float] = (0.25, 200.0)) -> dict:
    """Least-squares fit of :func:`recovery_curve` to (hours, satisfaction) observations.

    For a fixed tau the model is linear in floor and ceiling, so they follow
    from ordinary least squares; tau is found by a log-spaced grid search over
    ``tau_range`` hours refined by golden-section search.

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
    grid = np.geomspace(low_tau, high_tau, 400)
    sse = np.array([_fit_given_tau(h, s, t)[2] for t in grid])
    best = int(np.argmin(sse))
    a, b = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(80):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if _fit_given_tau(h, s, c)[2] < _fit_given_tau(h, s, d)[2]:
            b = d
        else:
            a = c
    tau = float((a + b) / 2)
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
