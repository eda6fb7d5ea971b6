"""Loyalty scores: CSAT and the Net Promoter Score with bootstrap intervals, and the satisfaction-loyalty curve.

Chapter 9 (customer satisfaction, 客户满意) links satisfaction to loyalty.  Two survey scores
and one curve:

- **CSAT**, the percentage of customers at or above a satisfied rating (:func:`csat`);
- the **Net Promoter Score**, percent promoters (9-10) minus percent detractors (0-6) on
  the 0-10 recommendation question (:func:`nps`, :func:`nps_category`), and each answer's
  contribution to it, +1, 0 or -1 (:func:`nps_codes`);
- both with percentile bootstrap intervals (:func:`csat_ci`, :func:`nps_ci`) and per group
  (:func:`score_table`); to compare groups, bootstrap their *difference*
  (:func:`servicelab.stats.bootstrap_difference`, and for every pair of several groups
  :func:`servicelab.stats.pairwise_differences`), never the overlap of two intervals;
- the **satisfaction-loyalty curve**: the repurchase rate at each satisfaction level with
  Wilson intervals (:func:`loyalty_curve`).

>>> nps([10, 9, 8, 7, 6, 3])
0.0
>>> csat([5, 4, 3, 2, 5])
60.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab._validate import columns, in_range, same_length
from servicelab._validate import scale as scale_
from servicelab._validate import scores as _scores
from servicelab.stats import Interval, bootstrap_ci, wilson_interval

__all__ = ["csat", "csat_ci", "loyalty_curve", "nps", "nps_category", "nps_ci", "nps_codes", "score_table"]


def csat(scores, *, scale: tuple[int, int] = (1, 5), satisfied_from: int = 4) -> float:
    """Customer satisfaction score: percentage of ratings at or above ``satisfied_from``.

    ::

        CSAT = 100 x #{i : x_i >= k} / n

    On the usual 1-5 scale with k = 4 this is the "top-two-box" share of
    satisfied and very satisfied customers (percent).

    >>> csat([5, 4, 3, 2, 5])
    60.0
    """
    x = _scores(scores, "scores", scale, whole=True)
    low, high = scale_(scale)
    k = in_range(satisfied_from, "satisfied_from", low, high)
    return float(100.0 * np.mean(x >= k))


def nps_category(scores) -> np.ndarray:
    """Promoter (9-10), passive (7-8) or detractor (0-6) for answers on the 0-10 scale.

    >>> nps_category([10, 8, 6]).tolist()
    ['promoter', 'passive', 'detractor']
    """
    x = _scores(scores, "scores", (0, 10), whole=True)
    return np.where(x >= 9, "promoter", np.where(x >= 7, "passive", "detractor")).astype(object)


def nps(scores) -> float:
    """Net Promoter Score: percent promoters minus percent detractors (Reichheld 2003).

    Answers to "How likely is it that you would recommend us to a friend or
    colleague?" on the 0-10 scale: 9-10 are promoters, 0-6 detractors.

    ::

        NPS = 100 x (n_(9-10) - n_(0-6)) / n
                    = 100 x mean c,
        c_i = +1 if x_i >= 9, -1 if x_i <= 6, 0 otherwise

    so it runs from -100 (all detractors) to +100 (all promoters).

    >>> nps([10, 10, 9, 8, 3])
    40.0
    """
    x = _scores(scores, "scores", (0, 10), whole=True)
    return float(100.0 * (np.mean(x >= 9) - np.mean(x <= 6)))


def nps_ci(scores, *, n_resamples: int = 2000, confidence: float = 0.95, seed: int = 2026) -> Interval:
    """NPS with a percentile bootstrap interval (points, -100 to 100).

    >>> ci = nps_ci([10] * 6 + [8] * 2 + [3] * 2, seed=7)
    >>> ci.estimate, ci.n
    (40.0, 10)
    """
    x = _scores(scores, "scores", (0, 10), whole=True)
    return bootstrap_ci(x, nps, n_resamples=n_resamples, confidence=confidence, seed=seed)


def csat_ci(
    scores,
    *,
    scale: tuple[int, int] = (1, 5),
    satisfied_from: int = 4,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
) -> Interval:
    """CSAT (percent) with a percentile bootstrap interval.

    >>> csat_ci([5, 4, 3, 2, 5], seed=3).estimate
    60.0
    """
    x = _scores(scores, "scores", scale, whole=True)
    csat(x, scale=scale, satisfied_from=satisfied_from)  # validates satisfied_from

    def statistic(sample: np.ndarray) -> float:
        return float(100.0 * np.mean(sample >= satisfied_from))

    return bootstrap_ci(x, statistic, n_resamples=n_resamples, confidence=confidence, seed=seed)


def score_table(
    frame: pd.DataFrame,
    by: str,
    column: str,
    *,
    metric: str = "nps",
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
    **options,
) -> pd.DataFrame:
    """NPS or CSAT with bootstrap intervals for each group of a survey.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent.
    by : str
        Column that names the group (branch, segment, ...).
    column : str
        Column holding the scores.
    metric : {"nps", "csat"}
        Which score.  ``options`` go to :func:`csat_ci` (``scale``, ``satisfied_from``).
    n_resamples, confidence, seed
        As in :func:`bootstrap_ci`; every group uses the same seed.

    Returns
    -------
    pandas.DataFrame
        Index: the groups in sorted order; columns ``estimate``, ``low``, ``high``
        (points) and ``n``.
    """
    columns(frame, "frame", [by, column])
    if metric not in ("nps", "csat"):
        raise ValueError(f"metric={metric!r} must be one of ['nps', 'csat']")
    rows = {}
    for group, part in frame.groupby(by, sort=True):
        values = part[column].to_numpy()
        if metric == "nps":
            rows[group] = nps_ci(values, n_resamples=n_resamples, confidence=confidence, seed=seed)
        else:
            rows[group] = csat_ci(values, n_resamples=n_resamples, confidence=confidence, seed=seed, **options)
    out = pd.DataFrame.from_dict({k: v._asdict() for k, v in rows.items()}, orient="index")
    out.index.name = by
    return out


def loyalty_curve(satisfaction, repurchased, *, scale: tuple[int, int] = (1, 5), confidence: float = 0.95) -> pd.DataFrame:
    """Repurchase rate at each satisfaction level, with Wilson score intervals.

    Jones and Sasser (1995) found the curve far from straight: "completely
    satisfied" customers are much more loyal than merely "satisfied" ones.  Each
    level's rate is p_hat = x/n with the Wilson interval

    ::

        (p + z^2/(2n) +/- z sqrt(p(1 - p)/n + z^2/(4n^2))) / (1 + z^2/n)

    (computed by :func:`servicelab.stats.wilson_interval`).

    Parameters
    ----------
    satisfaction : sequence of int
        Each customer's satisfaction rating on ``scale``.
    repurchased : sequence of bool or 0/1
        Whether that customer bought again in the follow-up period.
    scale : (low, high)
        The satisfaction scale.
    confidence : float
        Coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per satisfaction level that occurs: ``n``, ``repurchased``,
        ``rate``, ``low``, ``high`` (shares, 0-1).

    >>> loyalty_curve([5, 5, 4, 4, 4, 1], [1, 1, 1, 0, 0, 0])["rate"].round(3).tolist()
    [0.0, 0.333, 1.0]
    """
    s = _scores(satisfaction, "satisfaction", scale, whole=True)
    r = np.asarray(repurchased)
    if r.ndim != 1 or r.size == 0:
        raise ValueError("repurchased must be a non-empty sequence of True/False")
    same_length(r, "repurchased", s, "satisfaction")
    try:
        r = r.astype(float)
    except (TypeError, ValueError):
        raise ValueError("repurchased must contain only True/False or 0/1") from None
    if not np.all((r == 0) | (r == 1)):
        raise ValueError("repurchased must contain only True/False or 0/1")
    table = pd.DataFrame({"level": s, "r": r}).groupby("level")["r"].agg(["size", "sum"])
    n = table["size"].to_numpy(dtype="int64")
    x = table["sum"].to_numpy(dtype="int64")
    w = wilson_interval(x, n, confidence=confidence)
    out = pd.DataFrame(
        {"n": n, "repurchased": x, "rate": w.estimate, "low": w.low, "high": w.high},
        index=pd.Index(table.index.astype("int64"), name="satisfaction"),
    )
    return out



def nps_codes(scores) -> np.ndarray:
    """Each 0-10 answer as its contribution to the NPS: +1 promoter, 0 passive, -1 detractor.

    NPS = 100 x mean(codes), so any tool for a mean (a bootstrap of a difference between two
    groups, say) works on the codes, and much faster than recomputing the categories.

    >>> nps_codes([10, 8, 6]).tolist()
    [1, 0, -1]
    >>> float(100 * nps_codes([10, 10, 9, 8, 3]).mean()) == nps([10, 10, 9, 8, 3])
    True
    """
    x = _scores(scores, "scores", (0, 10), whole=True)
    return np.where(x >= 9, 1, np.where(x <= 6, -1, 0)).astype("int64")
