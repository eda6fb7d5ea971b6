"""Inference helpers used across the chapters: intervals, differences, false alarms, DiD.

Every chapter that compares two things (two branches' NPS, a trained and an untrained
group of agents, two queue designs) needs the same few tools, and they live here, once:

- intervals for one sample: the percentile bootstrap (:func:`bootstrap_ci`), the Wilson
  interval for a proportion (:func:`wilson_interval`) and batch means for a correlated
  series such as the waits of one simulation run (:func:`batch_means`);
- intervals for a **difference**, which is what a comparison needs (two overlapping
  intervals do not mean "no difference"): the bootstrap (:func:`bootstrap_difference`,
  independent or paired), Welch's t interval for a difference of means
  (:func:`welch_interval`) and Newcombe's interval for a difference of proportions
  (:func:`newcombe_interval`);
- robust z-scores (median and MAD) that one outlier cannot distort (:func:`robust_z`), and
  how many false alarms chance gives when many such flags are raised (:func:`false_alarms`);
- difference-in-differences over units with a bootstrap interval (:func:`diff_in_diff`),
  its event-study view period by period (:func:`event_study`), and the per-unit window
  means both are built on (:func:`window_means`);
- a summary of paired simulation replications (:func:`compare_replications`).

Every random draw comes from ``numpy.random.default_rng(seed)``: the same seed gives the
same interval.  Results are NamedTuples (:class:`Interval`, :class:`Difference`) or
DataFrames, in the units of the data.

>>> welch_interval([5, 6, 7, 8], [1, 2, 3, 4]).estimate
4.0
>>> round(false_alarms(tests=120, alpha=0.05)["expected"], 1)
6.0
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats as _scipy_stats

from servicelab._validate import columns, fraction, integer, non_empty

__all__ = [
    "Difference",
    "Interval",
    "batch_means",
    "bootstrap_ci",
    "bootstrap_difference",
    "compare_replications",
    "diff_in_diff",
    "event_study",
    "false_alarms",
    "newcombe_interval",
    "pairwise_differences",
    "poisson_rate_interval",
    "rate_ratio_interval",
    "robust_z",
    "stratified_difference",
    "welch_interval",
    "wilson_interval",
    "window_means",
]

#: 1 / Phi^-1(3/4) = 1.4826...: scales the median absolute deviation to the standard
#: deviation of a normal distribution.
MAD_TO_SD = 1.0 / float(_scipy_stats.norm.ppf(0.75))


class Interval(NamedTuple):
    """A point estimate with a confidence interval and the sample size behind it."""

    estimate: float
    low: float
    high: float
    n: int

    @property
    def half_width(self) -> float:
        """Half the width of the interval, (high - low) / 2."""
        return (self.high - self.low) / 2


class Difference(NamedTuple):
    """A difference, first minus second, with its confidence interval and both sample sizes."""

    estimate: float
    low: float
    high: float
    n_first: int
    n_second: int


def _settings(n_resamples, confidence, seed) -> tuple[int, float, np.random.Generator]:
    b = integer(n_resamples, "n_resamples", minimum=100)
    c = fraction(confidence, "confidence", inclusive=False)
    rng = np.random.default_rng(integer(seed, "seed", minimum=0))
    return b, c, rng


def _statistic(statistic) -> Callable:
    if not callable(statistic):
        raise ValueError(f"statistic={statistic!r} must be a function of one array")
    return statistic


# ---- bootstrap ----------------------------------------------------------------------------------


def bootstrap_ci(
    values,
    statistic: Callable[[np.ndarray], float],
    *,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
) -> Interval:
    """Percentile bootstrap confidence interval of ``statistic``.

    Draw ``n_resamples`` samples of size n with replacement from ``values``, compute the
    statistic on each, and take the quantiles (1 - c)/2 and (1 + c)/2 of those
    replicates as the interval (c = ``confidence``).  The estimate is the statistic of
    the whole sample.  Units: those of the statistic.

    Parameters
    ----------
    values : sequence of float
        The sample (non-empty, finite).
    statistic : callable
        Maps a 1-D array to a number (``numpy.mean``, an NPS, ...).
    n_resamples : int
        Number of bootstrap samples, >= 100.
    confidence : float
        Coverage of the interval, strictly between 0 and 1.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same interval.

    Returns
    -------
    Interval
        ``estimate``, ``low``, ``high`` and ``n``.

    References
    ----------
    Efron and Tibshirani (1993), *An Introduction to the Bootstrap*, chapter 13.

    Examples
    --------
    >>> ci = bootstrap_ci([3, 4, 5, 5, 4, 2, 5], np.mean, seed=1)
    >>> ci.low < ci.estimate < ci.high
    True
    """
    x = non_empty(values, "values")
    statistic = _statistic(statistic)
    b, c, rng = _settings(n_resamples, confidence, seed)
    index = rng.integers(0, x.size, size=(b, x.size))
    replicates = np.array([statistic(x[row]) for row in index], dtype=float)
    low, high = np.quantile(replicates, [(1 - c) / 2, (1 + c) / 2])
    return Interval(float(statistic(x)), float(low), float(high), int(x.size))


def bootstrap_difference(
    first,
    second,
    statistic: Callable[[np.ndarray], float] = np.mean,
    *,
    paired: bool = False,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
) -> Difference:
    """Percentile bootstrap interval of statistic(first) - statistic(second).

    Independent samples (two branches' surveys, trained and untrained agents): each
    sample is resampled on its own, n1 from ``first`` and n2 from ``second``, in every
    replicate.  Paired samples (the same customers or the same simulated days measured
    twice): the *pairs* are resampled together, which keeps what they share.  The
    interval is the (1 - c)/2 and (1 + c)/2 quantiles of the replicated differences.

    Parameters
    ----------
    first, second : sequence of float
        The two samples; with ``paired=True`` of equal length, pair by pair.
    statistic : callable, default numpy.mean
        Maps a 1-D array to a number.
    paired : bool
        Resample pairs instead of each sample separately.
    n_resamples, confidence, seed
        As in :func:`bootstrap_ci`.

    Returns
    -------
    Difference
        ``estimate`` (first minus second, units of the statistic), ``low``, ``high``,
        ``n_first``, ``n_second``.

    References
    ----------
    Efron and Tibshirani (1993), sections 8.3 (two samples) and 8.4 (paired data).

    Examples
    --------
    >>> d = bootstrap_difference([8, 9, 7, 9, 8, 9], [5, 6, 7, 5, 6, 6], seed=3)
    >>> round(d.estimate, 3), d.low > 0
    (2.5, True)
    """
    x = non_empty(first, "first")
    y = non_empty(second, "second")
    statistic = _statistic(statistic)
    if not isinstance(paired, (bool, np.bool_)):
        raise ValueError(f"paired={paired!r} must be True or False")
    if paired and x.size != y.size:
        raise ValueError(f"second has {y.size} values but first has {x.size}; paired samples need one pair each")
    b, c, rng = _settings(n_resamples, confidence, seed)
    if paired:
        index = rng.integers(0, x.size, size=(b, x.size))
        replicates = np.array([statistic(x[row]) - statistic(y[row]) for row in index], dtype=float)
    else:
        index_x = rng.integers(0, x.size, size=(b, x.size))
        index_y = rng.integers(0, y.size, size=(b, y.size))
        replicates = np.array([statistic(x[i]) - statistic(y[j]) for i, j in zip(index_x, index_y)], dtype=float)
    low, high = np.quantile(replicates, [(1 - c) / 2, (1 + c) / 2])
    return Difference(float(statistic(x) - statistic(y)), float(low), float(high), int(x.size), int(y.size))


# ---- closed-form intervals -----------------------------------------------------------------------


def welch_interval(first, second, *, confidence: float = 0.95) -> Difference:
    """Welch's t interval for a difference of two means (unequal variances allowed).

    With means m1, m2, variances s1^2, s2^2 (n - 1 in the denominator) and sizes n1, n2::

        d  = m1 - m2
        se = sqrt(s1^2/n1 + s2^2/n2)
        df = se^4 / ((s1^2/n1)^2/(n1 - 1) + (s2^2/n2)^2/(n2 - 1))     (Welch-Satterthwaite)
        d +/- t(df, (1 + c)/2) * se

    When both samples are constant (se = 0) the interval is the point itself.

    Parameters
    ----------
    first, second : sequence of float
        The two samples, each with at least two values.
    confidence : float
        Coverage, strictly between 0 and 1.

    Returns
    -------
    Difference
        ``estimate`` (first minus second, units of the data), ``low``, ``high``,
        ``n_first``, ``n_second``.

    References
    ----------
    Welch (1947), *Biometrika* 34, 28-35.

    Examples
    --------
    >>> d = welch_interval([7, 6, 7], [3, 4, 3])
    >>> round(d.estimate, 2), round(d.low, 2), round(d.high, 2)
    (3.33, 2.02, 4.64)
    """
    x = non_empty(first, "first")
    y = non_empty(second, "second")
    if x.size < 2 or y.size < 2:
        raise ValueError(f"first and second need at least two values each (they have {x.size} and {y.size})")
    c = fraction(confidence, "confidence", inclusive=False)
    vx, vy = x.var(ddof=1) / x.size, y.var(ddof=1) / y.size
    se = math.sqrt(vx + vy)
    diff = float(x.mean() - y.mean())
    if se > 0:
        dof = (vx + vy) ** 2 / (vx**2 / (x.size - 1) + vy**2 / (y.size - 1))
        half = float(_scipy_stats.t.ppf((1 + c) / 2, dof)) * se
    else:
        half = 0.0
    return Difference(diff, diff - half, diff + half, int(x.size), int(y.size))


def _counts(successes, trials, name: str):
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    if k.size == 0 or n.size == 0:
        raise ValueError(f"successes and trials{name} must not be empty")
    if np.any(~np.isfinite(n) | (n < 1) | (n != np.round(n))):
        raise ValueError(f"trials{name}={trials!r} must be whole numbers >= 1")
    if np.any(~np.isfinite(k) | (k < 0) | (k != np.round(k)) | (k > n)):
        raise ValueError(f"successes{name}={successes!r} must be whole numbers from 0 to the trials")
    return k, n


def _wilson(k, n, z):
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return p, np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def wilson_interval(successes, trials, *, confidence: float = 0.95) -> Interval:
    """Wilson's score interval for a proportion (k successes in n trials).

    With p = k/n and z the (1 + c)/2 quantile of the standard normal::

        (p + z^2/(2n) +/- z * sqrt(p(1 - p)/n + z^2/(4n^2))) / (1 + z^2/n)

    Unlike the textbook p +/- z*sqrt(p(1-p)/n), it never leaves [0, 1] and keeps its
    coverage for small n and for p near 0 or 1.  Scalars give floats; arrays (one
    proportion per element) give arrays.

    Parameters
    ----------
    successes : int or array of int
        k, from 0 to ``trials``.
    trials : int or array of int
        n, >= 1.
    confidence : float
        Coverage, strictly between 0 and 1.

    Returns
    -------
    Interval
        ``estimate`` (p, a share 0-1), ``low``, ``high``, ``n`` (the trials).

    References
    ----------
    Wilson (1927), *JASA* 22, 209-212; Newcombe (1998a), *Statistics in Medicine* 17,
    857-872 (method 3).

    Examples
    --------
    >>> w = wilson_interval(81, 263)
    >>> round(w.low, 4), round(w.high, 4)
    (0.2553, 0.3662)
    """
    k, n = _counts(successes, trials, "")
    c = fraction(confidence, "confidence", inclusive=False)
    z = float(_scipy_stats.norm.ppf((1 + c) / 2))
    p, low, high = _wilson(k, n, z)
    if np.ndim(p) == 0:
        return Interval(float(p), float(low), float(high), int(n))
    return Interval(p, low, high, n.astype("int64"))


def newcombe_interval(
    successes_first, trials_first, successes_second, trials_second, *, confidence: float = 0.95
) -> Difference:
    """Newcombe's hybrid score interval for a difference of two independent proportions.

    With p1 = k1/n1, p2 = k2/n2 and their Wilson intervals (l1, u1), (l2, u2)::

        d    = p1 - p2
        low  = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
        high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)

    It behaves well where the simple Wald interval does not (small samples, shares near
    0 or 1) and needs no iteration.

    Parameters
    ----------
    successes_first, trials_first, successes_second, trials_second : int
        k1 of n1 and k2 of n2.
    confidence : float
        Coverage, strictly between 0 and 1.

    Returns
    -------
    Difference
        ``estimate`` (p1 - p2, a difference of shares), ``low``, ``high``, ``n_first``
        (n1), ``n_second`` (n2).

    References
    ----------
    Newcombe (1998b), "Interval estimation for the difference between independent
    proportions", *Statistics in Medicine* 17, 873-890, method 10.

    Examples
    --------
    >>> d = newcombe_interval(56, 70, 48, 80)
    >>> round(d.estimate, 4), round(d.low, 4), round(d.high, 4)
    (0.2, 0.0524, 0.3339)
    """
    k1, n1 = _counts(successes_first, trials_first, "_first")
    k2, n2 = _counts(successes_second, trials_second, "_second")
    if k1.ndim or k2.ndim:
        raise ValueError("newcombe_interval takes one count per group (whole numbers, not arrays)")
    c = fraction(confidence, "confidence", inclusive=False)
    z = float(_scipy_stats.norm.ppf((1 + c) / 2))
    p1, l1, u1 = _wilson(k1, n1, z)
    p2, l2, u2 = _wilson(k2, n2, z)
    d = float(p1 - p2)
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Difference(d, float(low), float(high), int(n1), int(n2))


def batch_means(values, batches: int = 20, confidence: float = 0.95) -> Interval:
    """Mean of a correlated output series and its confidence interval by batch means.

    Successive waits in a queue are correlated, so the usual s/sqrt(n) is too narrow.
    Cut the series into b consecutive batches of equal size (values left over at the
    end are dropped); the batch averages m_1 .. m_b are nearly independent when batches
    are long, and::

        mean(m) +/- t(b - 1, (1 + c)/2) * sd(m) / sqrt(b)

    Parameters
    ----------
    values : sequence of float
        The output series in time order (e.g. waits in arrival order, after warm-up).
    batches : int, default 20
        Number of batches b, >= 2 and at most the number of values.
    confidence : float, default 0.95
        Coverage, strictly between 0 and 1.

    Returns
    -------
    Interval
        ``estimate`` (mean of the batched values, units of ``values``), ``low``,
        ``high``, ``n`` (the batches); ``half_width`` gives the +/- part.

    References
    ----------
    Law (2015), *Simulation Modeling and Analysis*, 5th ed., section 9.5.3.

    Examples
    --------
    >>> ci = batch_means([1.0, 2.0, 3.0, 4.0], batches=2)   # batch means 1.5, 3.5; t(1, 0.975) = 12.706
    >>> ci.estimate, round(ci.half_width, 4)
    (2.5, 12.7062)
    """
    data = non_empty(values, "values")
    b = integer(batches, "batches", minimum=2)
    if b > data.size:
        raise ValueError(f"batches={batches!r} must be <= the number of values ({data.size})")
    c = fraction(confidence, "confidence", inclusive=False)
    size = data.size // b
    means = data[: size * b].reshape(b, size).mean(axis=1)
    centre = float(means.mean())
    half = float(_scipy_stats.t.ppf((1 + c) / 2, b - 1) * means.std(ddof=1) / math.sqrt(b))
    return Interval(centre, centre - half, centre + half, b)


# ---- robust scores and false alarms --------------------------------------------------------------


def robust_z(values, *, direction=1):
    """Robust z-scores: distance from the median in units of the scaled MAD.

    For each column (or the one series)::

        z = direction * (x - median(x)) / (1.4826 * median(|x - median(x)|))

    1.4826 = 1/Phi^-1(3/4) makes the MAD estimate the standard deviation when the data
    are normal; unlike the mean and SD, one extreme agent cannot shift the scale for
    everybody else.  ``direction`` = -1 flips a measure where lower is better (handle
    time), so that negative always means worse.

    Parameters
    ----------
    values : sequence of float, pandas.Series or pandas.DataFrame
        One value per unit (agent, branch); a DataFrame is scored column by column.
    direction : +1, -1, or a mapping of column -> +1/-1
        Which way is better for each measure.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        Scores of the same shape and labels (dimensionless).

    Raises
    ------
    ValueError
        If a measure has a MAD of zero (more than half the units share one value).

    References
    ----------
    Rousseeuw and Croux (1993), *JASA* 88, 1273-1283; Iglewicz and Hoaglin (1993).

    Examples
    --------
    >>> robust_z([1.0, 2.0, 3.0, 4.0, 100.0]).round(3).tolist()
    [-1.349, -0.674, 0.0, 0.674, 65.426]
    """
    if isinstance(values, pd.DataFrame):
        columns(values, "values")
        signs = _directions(direction, list(values.columns))
        out = {}
        for column in values.columns:
            array = non_empty(values[column].to_numpy(dtype=float), f"values[{column!r}]")
            out[column] = _robust(array, f"values[{column!r}]") * signs[column]
        return pd.DataFrame(out, index=values.index)
    sign = _sign(direction, "direction")
    array = non_empty(values, "values")
    z = _robust(array, "values") * sign
    if isinstance(values, pd.Series):
        return pd.Series(z, index=values.index, name=values.name)
    return z


def _robust(array: np.ndarray, name: str) -> np.ndarray:
    centre = np.median(array)
    mad = np.median(np.abs(array - centre))
    if mad == 0:
        raise ValueError(f"{name} has a median absolute deviation of 0: more than half the values are equal")
    return (array - centre) / (MAD_TO_SD * mad)


def _sign(value, name: str) -> int:
    if isinstance(value, (bool, np.bool_)) or value not in (1, -1):
        raise ValueError(f"{name}={value!r} must be +1 (higher is better) or -1 (lower is better)")
    return int(value)


def _directions(direction, names: list) -> dict:
    if isinstance(direction, (Mapping, pd.Series)):
        unknown = [k for k in direction.keys() if k not in names]
        if unknown:
            raise ValueError(f"direction names column(s) {unknown} that values does not have")
        return {name: _sign(direction.get(name, 1), f"direction[{name!r}]") for name in names}
    sign = _sign(direction, "direction")
    return {name: sign for name in names}


def false_alarms(tests: int, alpha: float = 0.05) -> dict[str, float]:
    """How many false alarms chance alone gives when ``tests`` independent checks run at level alpha.

    If nothing is really wrong anywhere, each check still fires with probability alpha, so::

        expected false alarms      = k * alpha
        P(at least one false alarm) = 1 - (1 - alpha)^k

    (the number of false alarms is Binomial(k, alpha)).  A robust z cut at -1.25 is a
    check at level alpha = Phi(-1.25), about 0.106.

    Parameters
    ----------
    tests : int
        k, the number of independent checks (agents x measures, days x rules), >= 1.
    alpha : float
        The chance that one check fires when nothing is wrong, in (0, 1).

    Returns
    -------
    dict
        ``tests``, ``alpha``, ``expected`` (false alarms, a count) and
        ``p_at_least_one`` (a probability).

    References
    ----------
    Any account of multiple testing, e.g. Wasserman (2004), *All of Statistics*, 10.7.

    Examples
    --------
    >>> fa = false_alarms(tests=20, alpha=0.05)
    >>> fa["expected"], round(fa["p_at_least_one"], 4)
    (1.0, 0.6415)
    """
    k = integer(tests, "tests", minimum=1)
    a = fraction(alpha, "alpha", inclusive=False)
    return {"tests": k, "alpha": a, "expected": k * a, "p_at_least_one": float(-math.expm1(k * math.log1p(-a)))}


# ---- difference-in-differences ---------------------------------------------------------------------


def window_means(frame: pd.DataFrame, *, unit: str, time: str, value: str, window) -> pd.Series:
    """Each unit's mean of ``value`` over the rows whose ``time`` lies in ``window`` (both ends included).

    Parameters
    ----------
    frame : pandas.DataFrame
        A panel: one row per unit and period (an agent's week, say).
    unit, time, value : str
        Columns naming the unit, the period and the measure.
    window : (start, end)
        First and last period to include, comparable with the ``time`` column.

    Returns
    -------
    pandas.Series
        Indexed by unit, in the units of ``value``; units with no row in the window are
        left out.

    Examples
    --------
    >>> panel = pd.DataFrame({"agent": ["a", "a", "b", "b"], "week": [1, 2, 1, 2], "fcr": [0.6, 0.8, 0.5, 0.7]})
    >>> window_means(panel, unit="agent", time="week", value="fcr", window=(1, 2)).round(2).tolist()
    [0.7, 0.6]
    """
    columns(frame, "frame", [unit, time, value])
    try:
        start, end = window
    except (TypeError, ValueError):
        raise ValueError(f"window={window!r} must be a pair (start, end)") from None
    times = frame[time]
    if isinstance(start, str) and pd.api.types.is_datetime64_any_dtype(times):
        start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start > end:
        raise ValueError(f"window={window!r} must have start <= end")
    rows = frame[(times >= start) & (times <= end)]
    if rows.empty:
        raise ValueError(f"window={window!r} holds no rows of frame[{time!r}]")
    return rows.groupby(unit)[value].mean()


def _treated(frame: pd.DataFrame, unit: str, treated: str) -> pd.Series:
    flags = frame.groupby(unit)[treated].agg(["first", "nunique"])
    if (flags["nunique"] > 1).any():
        bad = flags.index[flags["nunique"] > 1][0]
        raise ValueError(f"frame[{treated!r}] changes within unit {bad!r}; it must be fixed per unit")
    values = flags["first"]
    if not values.isin([True, False]).all():
        raise ValueError(f"frame[{treated!r}] must hold True or False")
    values = values.astype(bool)
    if values.all() or not values.any():
        raise ValueError(f"frame[{treated!r}] must mark some units treated and some not")
    return values


def diff_in_diff(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated: str,
    before,
    after,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
) -> Difference:
    """Difference-in-differences with a bootstrap interval over units.

    Each unit's change is its mean outcome in the ``after`` window minus its mean in the
    ``before`` window (:func:`window_means`); the estimate is::

        DiD = mean(change | treated) - mean(change | not treated)

    The interval resamples *units* (agents, branches) with replacement, treated and
    control separately, because a unit's weeks are not independent of each other
    (:func:`bootstrap_difference`).  The estimate is causal only under parallel trends:
    without the treatment, both groups would have changed alike.  Check that with
    :func:`event_study` and with a placebo (a window pair before the treatment).

    Parameters
    ----------
    frame : pandas.DataFrame
        A panel, one row per unit and period.
    unit, time, outcome : str
        Columns naming the unit, the period and the measure.
    treated : str
        Column of True/False, fixed within each unit.
    before, after : (start, end)
        The two windows, both ends included.
    n_resamples, confidence, seed
        As in :func:`bootstrap_ci`.

    Returns
    -------
    Difference
        ``estimate`` (units of ``outcome``), ``low``, ``high``, ``n_first`` (treated
        units) and ``n_second`` (control units).

    References
    ----------
    Angrist and Pischke (2009), *Mostly Harmless Econometrics*, chapter 5; Bertrand,
    Duflo and Mullainathan (2004) on serial correlation and why to resample units.

    Examples
    --------
    >>> panel = pd.DataFrame({"agent": list("aabbccdd"), "week": [1, 2] * 4,
    ...                       "fcr": [60, 70, 62, 71, 60, 62, 61, 62], "trained": [True] * 4 + [False] * 4})
    >>> did = diff_in_diff(panel, unit="agent", time="week", outcome="fcr", treated="trained",
    ...                    before=(1, 1), after=(2, 2))
    >>> did.estimate, did.n_first, did.n_second
    (8.0, 2, 2)
    """
    columns(frame, "frame", [unit, time, outcome, treated])
    flags = _treated(frame, unit, treated)
    change = (window_means(frame, unit=unit, time=time, value=outcome, window=after)
              - window_means(frame, unit=unit, time=time, value=outcome, window=before)).dropna()
    flags = flags.reindex(change.index)
    first, second = change[flags], change[~flags]
    if first.empty or second.empty:
        raise ValueError("both groups need units with data in the before and after windows")
    return bootstrap_difference(first.to_numpy(), second.to_numpy(), np.mean,
                                n_resamples=n_resamples, confidence=confidence, seed=seed)


def event_study(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated: str,
    reference,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
) -> pd.DataFrame:
    """Treated-minus-control difference in every period, relative to a reference period.

    For unit i in period t, its change since the reference period r is
    y(i, t) - y(i, r); the effect in period t is::

        effect(t) = mean over treated units of the change - mean over control units of it

    so effect(r) = 0 by construction.  Before the treatment the effects should hover
    around zero (parallel pre-trends); after it they trace the effect over time.  Each
    period's interval comes from one shared bootstrap over units (the same resampled
    agents in every period), treated and control resampled separately.

    Parameters
    ----------
    frame : pandas.DataFrame
        A panel, one row per unit and period (several rows are averaged).
    unit, time, outcome, treated : str
        Columns as in :func:`diff_in_diff`.
    reference : value of ``time``
        The period every change is measured from (usually the last one before treatment).
    n_resamples, confidence, seed
        As in :func:`bootstrap_ci`.

    Returns
    -------
    pandas.DataFrame
        Indexed by period: ``estimate``, ``low``, ``high`` (units of ``outcome``),
        ``treated_units`` and ``control_units`` with data in that period.

    References
    ----------
    Angrist and Pischke (2009), section 5.2; Freyaldenhoven et al. (2021) on plotting
    event studies.

    Examples
    --------
    >>> panel = pd.DataFrame({"agent": list("aaabbbcccddd"), "week": [1, 2, 3] * 4,
    ...                       "fcr": [60, 61, 70, 62, 63, 71, 60, 61, 62, 61, 62, 63],
    ...                       "trained": [True] * 6 + [False] * 6})
    >>> event_study(panel, unit="agent", time="week", outcome="fcr", treated="trained",
    ...             reference=2)["estimate"].tolist()
    [0.0, 0.0, 7.5]
    """
    columns(frame, "frame", [unit, time, outcome, treated])
    flags = _treated(frame, unit, treated)
    wide = frame.pivot_table(index=unit, columns=time, values=outcome, aggfunc="mean")
    if reference not in wide.columns:
        raise ValueError(f"reference={reference!r} is not a period of frame[{time!r}]")
    relative = wide.sub(wide[reference], axis=0)
    flags = flags.reindex(relative.index)
    t = relative[flags.to_numpy()].to_numpy(dtype=float)
    c = relative[~flags.to_numpy()].to_numpy(dtype=float)
    b, conf, rng = _settings(n_resamples, confidence, seed)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "mean of empty slice": a period a group lacks
        estimate = np.nanmean(t, axis=0) - np.nanmean(c, axis=0)
        pick_t = rng.integers(0, t.shape[0], size=(b, t.shape[0]))
        pick_c = rng.integers(0, c.shape[0], size=(b, c.shape[0]))
        replicates = np.nanmean(t[pick_t], axis=1) - np.nanmean(c[pick_c], axis=1)
        low, high = np.nanquantile(replicates, [(1 - conf) / 2, (1 + conf) / 2], axis=0)
    out = pd.DataFrame(
        {"estimate": estimate, "low": low, "high": high,
         "treated_units": np.isfinite(t).sum(axis=0), "control_units": np.isfinite(c).sum(axis=0)},
        index=relative.columns,
    )
    out.index.name = time
    return out


# ---- simulation replications ------------------------------------------------------------------


def compare_replications(
    first,
    second,
    *,
    names: tuple[str, str] = ("first", "second"),
    confidence: float = 0.95,
    percentiles: tuple[float, ...] = (5, 50, 95),
) -> pd.DataFrame:
    """Summary of paired simulation replications of two designs.

    Run each design R times, replication r of both with the same seed (common random
    numbers), and record one output per run (its mean wait, its 95th-percentile wait,
    its longest wait).  The table gives, for each design and for the paired difference
    d_r = first_r - second_r:

    - the mean over replications with a t interval, mean +/- t(R - 1, (1 + c)/2) * sd / sqrt(R)
      (for the difference this is the paired t interval, which is what decides between
      the designs);
    - percentiles across replications, so one lucky or unlucky run cannot make the
      headline (the spread of "the longest wait" from run to run is large).

    Parameters
    ----------
    first, second : sequence of float
        One output per replication, paired by replication (same length, >= 2).
    names : (str, str)
        Labels for the two designs.
    confidence : float
        Coverage of the intervals, strictly between 0 and 1.
    percentiles : tuple of float
        Percentiles (0-100) to report across replications.

    Returns
    -------
    pandas.DataFrame
        Rows ``names[0]``, ``names[1]`` and ``"difference"``; columns ``mean``,
        ``low``, ``high`` and ``p<q>`` for each percentile, in the units of the output.

    References
    ----------
    Law (2015), *Simulation Modeling and Analysis*, 5th ed., sections 10.2 (paired-t
    comparison of two systems) and 11.2 (common random numbers).

    Examples
    --------
    >>> table = compare_replications([5.0, 6.0, 7.0], [4.0, 4.5, 5.0], names=("many lines", "one line"))
    >>> float(table.loc["difference", "mean"])
    1.5
    """
    x = non_empty(first, "first")
    y = non_empty(second, "second")
    if x.size != y.size:
        raise ValueError(f"second has {y.size} replications but first has {x.size}; they must be paired")
    if x.size < 2:
        raise ValueError("first and second need at least two replications each")
    c = fraction(confidence, "confidence", inclusive=False)
    try:
        label_x, label_y = names
    except (TypeError, ValueError):
        raise ValueError(f"names={names!r} must be a pair of labels") from None
    qs = [float(q) for q in percentiles]
    if any(not 0 <= q <= 100 for q in qs):
        raise ValueError(f"percentiles={percentiles!r} must lie between 0 and 100")
    t = float(_scipy_stats.t.ppf((1 + c) / 2, x.size - 1))
    rows = {}
    for label, values in ((label_x, x), (label_y, y), ("difference", x - y)):
        mean = float(values.mean())
        half = t * float(values.std(ddof=1)) / math.sqrt(values.size)
        row = {"mean": mean, "low": mean - half, "high": mean + half}
        row.update({f"p{q:g}": float(np.percentile(values, q)) for q in qs})
        rows[label] = row
    return pd.DataFrame.from_dict(rows, orient="index")


# ---- many groups compared pair by pair (added for Chapter 9) -----------------------------------


def pairwise_differences(
    groups: Mapping,
    statistic: Callable[[np.ndarray], float] = np.mean,
    *,
    adjust: str | None = None,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
) -> pd.DataFrame:
    """Every pair of groups compared by a bootstrap interval of their difference.

    To rank k groups (four branches' NPS, say), compare each pair through the interval of
    its *difference*, statistic(first) - statistic(second), from
    :func:`bootstrap_difference` (independent samples, each pair resampled with the same
    ``seed``).  Two separate intervals that overlap do not show that two groups are alike,
    and two that do not overlap are a stricter test than the difference needs.

    k groups give m = k (k - 1) / 2 comparisons, so even when all groups are alike about
    m (1 - c) intervals miss zero by chance (:func:`false_alarms`).  ``adjust="bonferroni"``
    widens every interval to confidence 1 - (1 - c) / m, which keeps the chance of *any*
    false alarm below 1 - c.

    Parameters
    ----------
    groups : mapping
        Group name -> sample (sequence of numbers), at least two groups; pairs follow
        the mapping's order (first minus second).
    statistic : callable, default numpy.mean
        Maps a 1-D array to a number (``servicelab.loyalty.nps``, ...).
    adjust : {None, "bonferroni"}
        Whether to widen the intervals for the number of comparisons.
    n_resamples, confidence, seed
        As in :func:`bootstrap_ci`.

    Returns
    -------
    pandas.DataFrame
        One row per pair, index ``"first - second"``; columns ``first``, ``second``,
        ``estimate``, ``low``, ``high`` (units of the statistic), ``confidence`` (of each
        interval, after any adjustment) and ``excludes_zero`` (the interval lies wholly
        above or below zero).

    References
    ----------
    Efron and Tibshirani (1993), section 8.3; Schenker and Gentleman (2001), "On judging
    the significance of differences by examining the overlap between confidence
    intervals", *The American Statistician* 55, 182-186; Bonferroni adjustment as in
    Wasserman (2004), *All of Statistics*, 10.7.

    Examples
    --------
    >>> table = pairwise_differences({"a": [5, 6, 7, 6], "b": [1, 2, 2, 1], "c": [5, 7, 6, 6]}, seed=1)
    >>> table.index.tolist()
    ['a - b', 'a - c', 'b - c']
    >>> table["excludes_zero"].tolist()
    [True, False, True]
    """
    if not isinstance(groups, (Mapping, pd.Series)) or len(groups) < 2:
        raise ValueError("groups must map at least two group names to their samples")
    if adjust not in (None, "bonferroni"):
        raise ValueError(f"adjust={adjust!r} must be None or 'bonferroni'")
    c = fraction(confidence, "confidence", inclusive=False)
    names = list(groups.keys())
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    level = 1 - (1 - c) / len(pairs) if adjust == "bonferroni" else c
    rows = {}
    for a, b in pairs:
        d = bootstrap_difference(groups[a], groups[b], statistic, n_resamples=n_resamples,
                                 confidence=level, seed=seed)
        rows[f"{a} - {b}"] = {"first": a, "second": b, "estimate": d.estimate, "low": d.low, "high": d.high,
                              "confidence": level, "excludes_zero": bool(d.low > 0 or d.high < 0)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "pair"
    return out


# ---- rates of events over an exposure (Chapter 7: leavers per agent-year) ------------------------


def poisson_rate_interval(events, exposure, *, confidence: float = 0.95) -> Interval:
    """Rate of events per unit of exposure, with Garwood's exact Poisson interval.

    With k events over an exposure t (agent-years, say) the rate is k / t.  The exact
    interval for the Poisson mean, from chi-square quantiles (Garwood 1936), divided by t::

        low  = chi2((1 - c)/2, 2k) / 2 / t          (0 when k = 0)
        high = chi2((1 + c)/2, 2k + 2) / 2 / t

    It is conservative (covers at least c) and stays honest for the small counts of one
    team's leavers, where the normal approximation k/t +/- z sqrt(k)/t fails.

    Parameters
    ----------
    events : int
        k, a whole number >= 0.
    exposure : float
        t, > 0, in the unit the rate is wanted per (agent-years, months, calls).
    confidence : float
        Coverage, strictly between 0 and 1.

    Returns
    -------
    Interval
        ``estimate`` (k / t, events per unit of exposure), ``low``, ``high``, ``n`` (k).

    References
    ----------
    Garwood (1936), *Biometrika* 28, 437-442; Ulm (1990), *American Journal of
    Epidemiology* 131, 373-375 (the chi-square form).

    Examples
    --------
    >>> ci = poisson_rate_interval(10, 1.0)          # the tabulated exact limits for 10 events
    >>> round(ci.low, 3), round(ci.high, 3)
    (4.795, 18.39)
    """
    k = integer(events, "events", minimum=0)
    t = float(exposure) if not isinstance(exposure, (bool, np.bool_)) else math.nan
    if not math.isfinite(t) or t <= 0:
        raise ValueError(f"exposure={exposure!r} must be a number > 0")
    c = fraction(confidence, "confidence", inclusive=False)
    low = 0.0 if k == 0 else float(_scipy_stats.chi2.ppf((1 - c) / 2, 2 * k)) / 2
    high = float(_scipy_stats.chi2.ppf((1 + c) / 2, 2 * k + 2)) / 2
    return Interval(k / t, low / t, high / t, k)


def rate_ratio_interval(events_first, exposure_first, events_second, exposure_second, *,
                        confidence: float = 0.95) -> Difference:
    """Ratio of two Poisson rates, first / second, with the exact conditional interval.

    Given the total K = k1 + k2, the count k1 is Binomial(K, pi) with
    pi = t1 R / (t1 R + t2), where R is the rate ratio.  A Clopper-Pearson interval
    (pi_low, pi_high) for pi, from beta quantiles, maps back to R::

        R = (k1 / t1) / (k2 / t2)
        R_low  = pi_low / (1 - pi_low) x t2 / t1
        R_high = pi_high / (1 - pi_high) x t2 / t1

    Use it to compare the leave rates of two groups of agents; a ratio below 1 means
    the first group leaves less often.  With few events the interval is wide, and it
    should be: it is what the data can say.

    Parameters
    ----------
    events_first, events_second : int
        k1 and k2, whole numbers >= 0, not both 0.
    exposure_first, exposure_second : float
        t1 and t2, > 0, in the same unit.
    confidence : float
        Coverage, strictly between 0 and 1.

    Returns
    -------
    Difference
        ``estimate`` (R, a ratio; inf when k2 = 0), ``low``, ``high``, ``n_first`` (k1)
        and ``n_second`` (k2).  Here the "difference" is a ratio.

    References
    ----------
    Breslow and Day (1987), *Statistical Methods in Cancer Research* II, section 2.3;
    Clopper and Pearson (1934), *Biometrika* 26, 404-413.

    Examples
    --------
    >>> r = rate_ratio_interval(8, 22.6, 10, 24.2)
    >>> round(r.estimate, 3), r.low < 1 < r.high
    (0.857, True)
    """
    k1 = integer(events_first, "events_first", minimum=0)
    k2 = integer(events_second, "events_second", minimum=0)
    if k1 + k2 == 0:
        raise ValueError("events_first and events_second are both 0: no events, no ratio")
    t1, t2 = (float(t) if not isinstance(t, (bool, np.bool_)) else math.nan for t in (exposure_first, exposure_second))
    for name, t, raw in (("exposure_first", t1, exposure_first), ("exposure_second", t2, exposure_second)):
        if not math.isfinite(t) or t <= 0:
            raise ValueError(f"{name}={raw!r} must be a number > 0")
    c = fraction(confidence, "confidence", inclusive=False)
    total = k1 + k2
    a = (1 - c) / 2
    pi_low = 0.0 if k1 == 0 else float(_scipy_stats.beta.ppf(a, k1, total - k1 + 1))
    pi_high = 1.0 if k1 == total else float(_scipy_stats.beta.ppf(1 - a, k1 + 1, total - k1))

    def ratio(pi: float) -> float:
        return math.inf if pi >= 1 else pi / (1 - pi) * t2 / t1

    estimate = math.inf if k2 == 0 else (k1 / t1) / (k2 / t2)
    return Difference(float(estimate), ratio(pi_low), ratio(pi_high), k1, k2)


# ---- comparisons within strata (appended for Chapter 8) ------------------------------------------


def _stratified_gap(values: np.ndarray, first: np.ndarray, strata: np.ndarray, n_strata: int) -> float:
    w = first.astype(float)
    n1 = np.bincount(strata, weights=w, minlength=n_strata)
    n0 = np.bincount(strata, weights=1 - w, minlength=n_strata)
    s1 = np.bincount(strata, weights=values * w, minlength=n_strata)
    s0 = np.bincount(strata, weights=values * (1 - w), minlength=n_strata)
    both = (n1 > 0) & (n0 > 0)
    if not both.any():
        return float("nan")
    gap = s1[both] / n1[both] - s0[both] / n0[both]
    weight = n1[both] * n0[both] / (n1[both] + n0[both])
    return float((gap * weight).sum() / weight.sum())


def stratified_difference(values, first, strata, *, n_resamples: int = 2000, confidence: float = 0.95,
                          seed: int = 2026) -> Difference:
    """Difference of means between two groups compared within strata, with a bootstrap interval.

    Within each stratum g that holds members of both groups, the difference of means
    d_g = mean(values | first, g) - mean(values | second, g); the estimate averages them with
    Mantel-Haenszel weights, largest where both groups are well represented::

        D = sum_g w_g d_g / sum_g w_g,   w_g = n1_g n0_g / (n1_g + n0_g)

    so it answers: at the same stratum, how different are the two groups?  For a yes/no
    outcome it is the Mantel-Haenszel risk difference.  Strata with only one group are left
    out.  The interval resamples whole rows with replacement (as :func:`bootstrap_ci` does).

    Parameters
    ----------
    values : sequence of float
        The outcome (1/0 for a yes/no answer gives a difference of shares).
    first : sequence of bool
        True for members of the first group, False for the second.
    strata : sequence
        A label per row (a satisfaction score, a severity, a branch).
    n_resamples, confidence, seed
        As in :func:`bootstrap_ci`.

    Returns
    -------
    Difference
        ``estimate`` (first minus second, units of ``values``), ``low``, ``high``,
        ``n_first``, ``n_second`` (rows in strata that hold both groups).

    References
    ----------
    Greenland and Robins (1985), "Estimation of a common effect parameter from sparse
    follow-up data", *Biometrics* 41, 55-68 (the Mantel-Haenszel risk difference).

    Examples
    --------
    >>> d = stratified_difference([1, 0, 1, 1, 0, 0, 1, 0], [True, True, False, False, True, True, False, False],
    ...                           ["a", "a", "a", "a", "b", "b", "b", "b"], seed=1)
    >>> d.estimate   # stratum a: 0.5 - 1.0; stratum b: 0.0 - 0.5; equal weights 2 x 2 / 4 = 1
    -0.5
    """
    y = non_empty(values, "values")
    flags = np.asarray(first)
    labels = np.asarray(strata)
    if flags.shape != y.shape or labels.shape != y.shape:
        raise ValueError("first and strata must hold one entry per value")
    if flags.dtype != bool:
        raise ValueError("first must hold True or False for every value")
    groups = np.unique(labels, return_inverse=True)[1].ravel()
    k = int(groups.max()) + 1
    has_both = (np.bincount(groups, weights=flags.astype(float), minlength=k) > 0) & (
        np.bincount(groups, weights=(~flags).astype(float), minlength=k) > 0)
    if not has_both.any():
        raise ValueError("strata must include at least one stratum with members of both groups")
    keep = has_both[groups]
    y, flags, groups = y[keep], flags[keep], groups[keep]
    b, c, rng = _settings(n_resamples, confidence, seed)
    estimate = _stratified_gap(y, flags, groups, k)
    replicates = []
    for _ in range(b):
        rows = rng.integers(0, y.size, y.size)
        replicates.append(_stratified_gap(y[rows], flags[rows], groups[rows], k))
    replicates = np.array(replicates)
    low, high = np.nanquantile(replicates, [(1 - c) / 2, (1 + c) / 2])
    return Difference(estimate, float(low), float(high), int(flags.sum()), int((~flags).sum()))
