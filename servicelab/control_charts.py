"""Control charts: telling a real change in a service measure from day-to-day noise.

Chapter 8 asks managers to monitor quality (客户客服质量的监控, as the course slides title
the section).  A control chart draws a measure in time order with a centre line and limits
three standard deviations away; a point beyond the limits, or a run of points on one side,
signals that something changed.  Here:

- the **p-chart** for the share of failures per sample (:func:`p_chart`);
- the **individuals chart** for one number per period, with limits from the moving
  range (:func:`individuals_chart`);
- the **Western Electric rules** that flag out-of-control patterns (:func:`western_electric`);
- what those rules cost on a process that has not changed: the chance of at least one false
  alarm over a chart's points, with known limits or limits estimated from a short phase I
  (:func:`in_control_signals`), and the average run length to the first false alarm
  (:func:`average_run_length`).

Every rule added raises the chance of a false alarm on a stable process: with all four
rules the average run length falls from about 370 points to about 92 (Champ and Woodall
1987).

>>> chart = p_chart([2, 4, 2, 12], sizes=50)
>>> chart["rule1"].tolist()
[False, False, False, True]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab._validate import finite, fraction, integer, non_empty, positive, whole_numbers

__all__ = ["D2", "average_run_length", "in_control_signals", "individuals_chart", "p_chart", "western_electric"]


#: Mean of the range of two normal observations in units of sigma (Montgomery, Appendix VI, n = 2).
D2 = 1.128


def _window_count(condition: np.ndarray, width: int) -> np.ndarray:
    """How many of the last ``width`` points (this one included) meet ``condition``, row by row.

    Zero where fewer than ``width`` points exist yet: a window needs all its points.
    """
    total = np.cumsum(condition.astype(np.int64), axis=1)
    counts = total.copy()
    counts[:, width:] = total[:, width:] - total[:, :-width]
    counts[:, : width - 1] = 0
    return counts


def _rules(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The four Western Electric rules on standardised values, one series per row."""
    rule1 = np.abs(z) > 3
    rule2 = ((_window_count(z > 2, 3) >= 2) & (z > 2)) | ((_window_count(z < -2, 3) >= 2) & (z < -2))
    rule3 = ((_window_count(z > 1, 5) >= 4) & (z > 1)) | ((_window_count(z < -1, 5) >= 4) & (z < -1))
    rule4 = (_window_count(z > 0, 8) == 8) | (_window_count(z < 0, 8) == 8)
    return rule1, rule2, rule3, rule4


def western_electric(values, center, sigma) -> pd.DataFrame:
    """Flag the Western Electric out-of-control rules 1-4 on a control chart.

    With z_i = (x_i - center_i)/sigma_i:

    1. one point beyond 3 sigma: |z_i| > 3;
    2. two of three consecutive points beyond 2 sigma on the same side;
    3. four of five consecutive points beyond 1 sigma on the same side;
    4. eight consecutive points on the same side of the center line.

    A rule is flagged on the point that completes the pattern; for rules 2 and 3 that
    point must itself lie beyond the 2- or 1-sigma line. The rules come from the Western
    Electric Statistical Quality Control Handbook (1956); Montgomery (2013, chapter 5)
    discusses them with other sensitizing rules.

    Parameters
    ----------
    values : sequence of float
        The plotted statistic, in time order.
    center, sigma : float or sequence of float
        Center line and standard deviation of the statistic (per point if they vary,
        as in a p-chart with unequal samples); ``sigma`` > 0.

    Returns
    -------
    pandas.DataFrame
        Boolean columns ``rule1`` to ``rule4`` and ``signal`` (any rule).

    >>> flags = western_electric([0, 0.5, 2.5, 2.2, 3.4, 0], center=0, sigma=1)
    >>> flags["rule1"].tolist(), flags["rule2"].tolist()
    ([False, False, False, False, True, False], [False, False, False, True, True, False])
    """
    x = non_empty(values, "values")
    mid = np.broadcast_to(np.asarray(center, dtype=float), x.shape)
    sd = np.broadcast_to(np.asarray(sigma, dtype=float), x.shape)
    if not np.all(np.isfinite(mid)):
        raise ValueError("center must be finite")
    if not np.all(np.isfinite(sd)) or np.any(sd <= 0):
        raise ValueError("sigma must be > 0 (a control chart needs some variation)")
    z = (x - mid) / sd
    rule1, rule2, rule3, rule4 = _rules(z[np.newaxis, :])
    rule1, rule2, rule3, rule4 = rule1[0], rule2[0], rule3[0], rule4[0]
    frame = pd.DataFrame({"rule1": rule1, "rule2": rule2, "rule3": rule3, "rule4": rule4})
    frame["signal"] = frame.any(axis=1)
    return frame


def p_chart(defectives, sizes, *, center: float | None = None) -> pd.DataFrame:
    """Control chart for the fraction of failures per sample (p-chart), with 3-sigma limits.

    ::

        mean p = sum_i d_i / sum_i n_i,
        UCL_i, LCL_i = mean p +/- 3 sqrt(mean p (1 - mean p) / n_i)

    with the lower limit cut at 0 and the upper at 1 (Montgomery 2013, section 7.2).
    Unequal sample sizes give each sample its own limits.

    Parameters
    ----------
    defectives : sequence of int
        Failures in each sample (calls answered late, say), >= 0 and <= the sample size.
    sizes : int or sequence of int
        Sample sizes, > 0 (a single number for equal samples).
    center : float, optional
        A known standard p to chart against instead of mean p, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per sample: ``n``, ``defectives``, ``p``, ``center``, ``sigma``, ``lcl``,
        ``ucl`` and the :func:`western_electric` flags.

    >>> chart = p_chart([2, 4, 2, 12], sizes=50)
    >>> round(float(chart.loc[0, "center"]), 3), round(float(chart.loc[0, "ucl"]), 4), chart["rule1"].tolist()
    (0.1, 0.2273, [False, False, False, True])
    """
    d = whole_numbers(non_empty(defectives, "defectives"), "defectives", minimum=0).astype(float)
    n = np.full(d.shape, finite(sizes, "sizes")) if np.ndim(sizes) == 0 else non_empty(sizes, "sizes")
    n = whole_numbers(n, "sizes", minimum=1).astype(float)
    if n.shape != d.shape:
        raise ValueError(f"sizes has {n.size} values but defectives has {d.size}; give one size or one per sample")
    over = np.flatnonzero(d > n)
    if over.size:
        i = int(over[0])
        raise ValueError(f"defectives[{i}]={d[i]:g} must not exceed sizes[{i}]={n[i]:g}")
    if center is None:
        p_bar = d.sum() / n.sum()
        if p_bar <= 0 or p_bar >= 1:
            raise ValueError("defectives: the overall fraction must be strictly between 0 and 1 for a p-chart")
    else:
        p_bar = fraction(center, "center", inclusive=False)
    p = d / n
    sigma = np.sqrt(p_bar * (1 - p_bar) / n)
    frame = pd.DataFrame(
        {
            "sample": np.arange(1, d.size + 1),
            "n": n.astype(int),
            "defectives": d.astype(int),
            "p": p,
            "center": p_bar,
            "sigma": sigma,
            "lcl": np.clip(p_bar - 3 * sigma, 0, 1),
            "ucl": np.clip(p_bar + 3 * sigma, 0, 1),
        }
    )
    return pd.concat([frame, western_electric(p, p_bar, sigma)], axis=1)


def individuals_chart(values, *, center: float | None = None, sigma: float | None = None) -> pd.DataFrame:
    """Individuals (X) chart with limits from the average moving range.

    ::

        mean(MR) = (1/(m-1)) sum_(i=2)^m |x_i - x_(i-1)|,
        sigma_hat = mean(MR) / d_2, d_2 = 1.128,
        UCL, LCL = mean x +/- 3 sigma_hat

    (Montgomery 2013, section 6.4). Use it for one number per period, such as a daily
    index or a daily service level.

    Parameters
    ----------
    values : sequence of float
        The measurements in time order (at least two).
    center, sigma : float, optional
        Known center and standard deviation (phase II); by default estimated from the data.

    >>> chart = individuals_chart([10, 12, 11, 13, 12])
    >>> round(float(chart.loc[0, "center"]), 2), round(float(chart.loc[0, "ucl"]), 3)
    (11.6, 15.589)
    """
    x = non_empty(values, "values")
    if x.size < 2:
        raise ValueError("values must hold at least two measurements for a moving range")
    moving = np.abs(np.diff(x))
    mid = x.mean() if center is None else finite(center, "center")
    sd = moving.mean() / D2 if sigma is None else positive(sigma, "sigma")
    if sd <= 0:
        raise ValueError("values do not vary at all; a control chart needs some variation")
    frame = pd.DataFrame(
        {
            "x": x,
            "moving_range": np.concatenate([[np.nan], moving]),
            "center": mid,
            "sigma": sd,
            "lcl": mid - 3 * sd,
            "ucl": mid + 3 * sd,
        }
    )
    return pd.concat([frame, western_electric(x, mid, sd)], axis=1)



_RULE_NUMBERS = (1, 2, 3, 4)


def _rule_set(rules) -> tuple[int, ...]:
    try:
        chosen = tuple(sorted({int(r) for r in rules}))
    except (TypeError, ValueError):
        raise ValueError(f"rules={rules!r} must be a collection of rule numbers from 1 to 4") from None
    if not chosen or any(r not in _RULE_NUMBERS for r in chosen):
        raise ValueError(f"rules={rules!r} must be a non-empty collection of rule numbers from 1 to 4")
    return chosen


def _signals(z: np.ndarray, rules: tuple[int, ...]) -> np.ndarray:
    flags = _rules(z)
    out = np.zeros(z.shape, dtype=bool)
    for r in rules:
        out |= flags[r - 1]
    return out


def in_control_signals(points: int, *, rules=(1, 2, 3, 4), phase_one: int | None = None,
                       replications: int = 20_000, seed: int = 2026) -> dict:
    """False alarms of an individuals chart on a process that has not changed, by simulation.

    Each replication draws ``points`` independent Normal(0, 1) values: a stable process,
    with no signal to find.  The chart's limits are either known (center 0, sigma 1) or,
    with ``phase_one`` = m, estimated like :func:`individuals_chart` does from the first m
    values (center = their mean, sigma = mean moving range / d2); the chosen Western
    Electric ``rules`` are then applied to all ``points`` values.  Every signal is a false
    alarm.  With known limits and rule 1 alone the answer has a closed form,
    P(at least one) = 1 - (1 - 0.0027)^n, which the tests use as a check.

    Parameters
    ----------
    points : int
        Points on the chart, n >= 1 (days in a month, say).
    rules : collection of int
        Which Western Electric rules are applied (1-4).
    phase_one : int, optional
        Points the limits are estimated from (>= 2, at most ``points``); None for known limits.
    replications : int
        Simulated charts, >= 100.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    dict
        ``points``, ``rules``, ``phase_one``, ``p_any`` (share of charts with at least one
        false alarm), ``expected`` (mean number of points flagged per chart) and
        ``replications``.

    References
    ----------
    Champ and Woodall (1987), *Technometrics* 29, 393-399 (exact run lengths of the rules);
    Montgomery (2013), section 6.4 (phase I and phase II).

    >>> out = in_control_signals(30, rules=[1], replications=4000, seed=1)
    >>> 0.05 < out["p_any"] < 0.11
    True
    """
    n = integer(points, "points", minimum=1)
    chosen = _rule_set(rules)
    reps = integer(replications, "replications", minimum=100)
    rng = np.random.default_rng(integer(seed, "seed", minimum=0))
    values = rng.standard_normal((reps, n))
    if phase_one is None:
        z = values
    else:
        m = integer(phase_one, "phase_one", minimum=2)
        if m > n:
            raise ValueError(f"phase_one={phase_one!r} must be <= points={n}")
        base = values[:, :m]
        center = base.mean(axis=1, keepdims=True)
        sigma = np.abs(np.diff(base, axis=1)).mean(axis=1, keepdims=True) / D2
        z = (values - center) / sigma
    flags = _signals(z, chosen)
    return {
        "points": n,
        "rules": list(chosen),
        "phase_one": None if phase_one is None else int(phase_one),
        "p_any": float(flags.any(axis=1).mean()),
        "expected": float(flags.sum(axis=1).mean()),
        "replications": reps,
    }


def average_run_length(*, rules=(1, 2, 3, 4), replications: int = 4000, max_points: int = 4000,
                       seed: int = 2026) -> dict:
    """Average number of points until the first false alarm on a stable process (known limits), by simulation.

    Each replication draws Normal(0, 1) values until one of the chosen Western Electric
    ``rules`` fires; the run length is the number of points up to and including that one.
    The in-control average run length (ARL0) of rule 1 alone is 1/0.0027 = 370.4; with all
    four rules it is 91.75 (Champ and Woodall 1987), the figures the tests check against.

    Parameters
    ----------
    rules : collection of int
        Which Western Electric rules are applied (1-4).
    replications : int
        Simulated runs, >= 100.
    max_points : int
        Longest run simulated, >= 10; a run with no alarm by then counts as ``max_points``
        (``censored`` says how many), so keep it well above the answer.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    dict
        ``rules``, ``arl`` (points), ``standard_error`` (points), ``censored`` (runs
        with no alarm) and ``replications``.

    References
    ----------
    Champ and Woodall (1987), "Exact results for Shewhart control charts with supplementary
    runs rules", *Technometrics* 29, 393-399.

    >>> out = average_run_length(rules=[1, 2, 3, 4], replications=500, seed=3)
    >>> 75 < out["arl"] < 110
    True
    """
    chosen = _rule_set(rules)
    reps = integer(replications, "replications", minimum=100)
    longest = integer(max_points, "max_points", minimum=10)
    rng = np.random.default_rng(integer(seed, "seed", minimum=0))
    lengths = np.empty(reps, dtype=float)
    batch = max(1, 4_000_000 // longest)
    for start in range(0, reps, batch):
        size = min(batch, reps - start)
        flags = _signals(rng.standard_normal((size, longest)), chosen)
        fired = flags.any(axis=1)
        first = np.where(fired, flags.argmax(axis=1) + 1, longest)
        lengths[start:start + size] = first
    censored = int((lengths >= longest).sum())
    return {
        "rules": list(chosen),
        "arl": float(lengths.mean()),
        "standard_error": float(lengths.std(ddof=1) / np.sqrt(reps)),
        "censored": censored,
        "replications": reps,
    }
