"""Service commitments (承诺服务): a promise the operation can keep, and what breaking it costs.

The course (Chapter 3, pre-sale service) describes a commitment as a contract-like promise
with two parts: what the customer will get, stated so that the customer can judge whether it
was delivered, and what the firm will do, and how it will compensate, if it was not.  Its
forms are guarantees of quality, of time limits and of added value (:data:`FORMS`).

This module prices one time-limit guarantee (服务时限的保证) of the kind "we answer your
call within T seconds, or Y is on us", from a log of waits:

- :func:`kept_share`: the share of contacts on which a promise of T seconds is kept;
- :func:`promise_threshold`: the shortest T, in whole steps of seconds, that is kept on at
  least a stated share of contacts (the reliability the firm wants);
- :func:`daily_promises`: contacts and broken promises day by day;
- :func:`promise_costs`: for several T, the share kept and the payouts per month, each with a
  bootstrap interval over days (a day's waits hang together, so days, not calls, are
  resampled);
- :func:`break_even_sales`: how many extra sales a month would pay for the payouts.

A promise counts as broken for a contact that waited longer than T, whether it was answered
later or the caller hung up after T; a caller who hung up before T had no broken promise.
Which reliability to aim for, what to pay out and how many customers claim are the firm's
choices: they are parameters here, never defaults taken from a source.

>>> kept_share([5, 12, 30, 45, 80], threshold=30)
0.6
>>> promise_threshold([5, 12, 30, 45, 80], reliability=0.8, step=10)
50
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab import stats
from servicelab._validate import columns, fraction, integer, non_negative, non_negative_values, positive

__all__ = [
    "FORMS",
    "PARTS",
    "break_even_sales",
    "daily_promises",
    "kept_share",
    "promise_costs",
    "promise_threshold",
]

#: The course's three forms of a commitment, as (English, Chinese).
FORMS = (
    ("quality guarantee", "服务质量的保证"),
    ("time-limit guarantee", "服务时限的保证"),
    ("added-value guarantee", "服务附加值的保证"),
)

#: The course's two parts of a commitment, as (English, Chinese key words of the course).
PARTS = (
    ("what the customer will get from the service: its content and standard", "能够从服务中得到什么"),
    ("what the firm will do, and how it compensates, if the promise is not kept", "如果承诺没有实现,企业将采取什么行动"),
)


def kept_share(waits, threshold: float) -> float:
    """Share of contacts whose wait was at most ``threshold`` seconds (the promise was kept).

    ::

        kept(T) = #{i : w_i <= T} / n

    the empirical distribution function of the waits at T.

    Parameters
    ----------
    waits : sequence of float
        Seconds each contact waited (until answered, or until the caller hung up), >= 0.
    threshold : float
        The promised time T in seconds, >= 0.

    Returns
    -------
    float
        A share between 0 and 1.

    Examples
    --------
    >>> kept_share([0, 10, 20, 30, 40], threshold=20)
    0.6
    """
    w = non_negative_values(waits, "waits")
    t = non_negative(threshold, "threshold")
    return float(np.mean(w <= t))


def promise_threshold(waits, *, reliability: float, step: int = 10) -> int:
    """The shortest promise T (a whole multiple of ``step`` seconds) kept on at least ``reliability`` of contacts.

    ::

        T* = min { T = k * step, k = 1, 2, ... : kept(T) >= reliability }

    It always exists: a T at or above the longest wait keeps every promise.

    Parameters
    ----------
    waits : sequence of float
        Seconds each contact waited, >= 0.
    reliability : float
        The share of contacts on which the promise must be kept, in (0, 1].
    step : int
        Promises are stated in whole steps of this many seconds (10: "within 60 seconds").

    Returns
    -------
    int
        T* in seconds.

    Examples
    --------
    >>> promise_threshold(range(1, 101), reliability=0.95, step=5)
    95
    """
    w = non_negative_values(waits, "waits")
    r = fraction(reliability, "reliability")
    if r == 0:
        raise ValueError(f"reliability={reliability!r} must be > 0")
    s = integer(step, "step", minimum=1)
    candidates = np.arange(s, max(int(np.ceil(w.max() / s)), 1) * s + s, s)
    kept = np.array([np.mean(w <= t) for t in candidates])
    return int(candidates[np.argmax(kept >= r - 1e-12)])


def _day_table(calls: pd.DataFrame, day: str, wait: str) -> pd.DataFrame:
    frame = columns(calls, "calls", [day, wait])
    if frame.empty:
        raise ValueError("calls must hold at least one contact")
    non_negative_values(frame[wait].to_numpy(dtype=float), f"calls[{wait!r}]")
    return frame


def daily_promises(calls: pd.DataFrame, threshold: float, *, day: str = "date",
                   wait: str = "wait_seconds") -> pd.DataFrame:
    """Contacts, broken promises and the share kept, day by day, for a promise of ``threshold`` seconds.

    Parameters
    ----------
    calls : pandas.DataFrame
        One row per contact, with a ``day`` column and a ``wait`` column (seconds).
    threshold : float
        The promised time T in seconds, >= 0.
    day, wait : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by day: ``contacts``, ``broken`` (waits longer than T) and ``kept_share``.

    Examples
    --------
    >>> calls = pd.DataFrame({"date": ["d1", "d1", "d2"], "wait_seconds": [10, 90, 30]})
    >>> daily_promises(calls, 60)["broken"].tolist()
    [1, 0]
    """
    frame = _day_table(calls, day, wait)
    t = non_negative(threshold, "threshold")
    broken = (frame[wait] > t).groupby(frame[day]).agg(["size", "sum"])
    table = pd.DataFrame({"contacts": broken["size"].astype("int64"), "broken": broken["sum"].astype("int64")})
    table["kept_share"] = 1 - table["broken"] / table["contacts"]
    return table


def promise_costs(
    calls: pd.DataFrame,
    thresholds,
    *,
    payout: float,
    claim_share: float = 1.0,
    days_per_month: float = 30.0,
    day: str = "date",
    wait: str = "wait_seconds",
    confidence: float = 0.95,
    n_resamples: int = 2000,
    seed: int = 2026,
) -> pd.DataFrame:
    """Share kept and payouts per month of each candidate promise, with bootstrap intervals over days.

    For a promise of T seconds, with n_d contacts and b_d(T) broken promises on day d of D days::

        kept(T)            = sum_d (n_d - b_d) / sum_d n_d
        broken per month   = mean_d b_d(T) * days_per_month
        payouts per month  = broken per month * claim_share * payout

    The intervals resample whole days with replacement (:func:`servicelab.stats.bootstrap_ci`
    on the day index), because waits on one day share its volume and staffing; every
    threshold uses the same resampled days, so the rows can be compared with each other.

    Parameters
    ----------
    calls : pandas.DataFrame
        One row per contact, with a ``day`` and a ``wait`` column (seconds, >= 0).
    thresholds : sequence of float
        Candidate promises T in seconds, each >= 0.
    payout : float
        What one claimed payout costs the firm, in yuan, >= 0 (its cost, not its price).
    claim_share : float
        Share of broken promises that are claimed and paid, in [0, 1]; 1 gives the upper bound.
    days_per_month : float
        Days in the month the payouts are stated for, > 0.
    day, wait : str
        Column names.
    confidence, n_resamples, seed
        As in :func:`servicelab.stats.bootstrap_ci`.

    Returns
    -------
    pandas.DataFrame
        One row per threshold: ``threshold_seconds``, ``kept_share`` with ``kept_low`` and
        ``kept_high``, ``broken_per_month``, ``payouts_per_month`` (yuan) with
        ``payouts_low`` and ``payouts_high``.

    Examples
    --------
    >>> calls = pd.DataFrame({"date": ["d1"] * 3 + ["d2"] * 4,
    ...                       "wait_seconds": [5, 50, 100, 5, 5, 200, 300]})
    >>> table = promise_costs(calls, [60], payout=60, days_per_month=30)
    >>> table.loc[0, ["broken_per_month", "payouts_per_month"]].tolist()
    [45.0, 2700.0]
    """
    frame = _day_table(calls, day, wait)
    values = np.atleast_1d(np.asarray(thresholds, dtype=float))
    if values.size == 0:
        raise ValueError("thresholds must name at least one promise")
    cost = non_negative(payout, "payout")
    claimed = fraction(claim_share, "claim_share")
    scale = positive(days_per_month, "days_per_month") * claimed * cost
    rows = []
    for position, threshold in enumerate(values):
        t = non_negative(threshold, f"thresholds[{position}]")
        daily = daily_promises(frame, t, day=day, wait=wait)
        contacts = daily["contacts"].to_numpy(dtype=float)
        broken = daily["broken"].to_numpy(dtype=float)
        days = np.arange(len(daily), dtype=float)

        def kept(index, contacts=contacts, broken=broken):
            rows_ = index.astype(int)
            return 1 - broken[rows_].sum() / contacts[rows_].sum()

        def per_month(index, broken=broken):
            return broken[index.astype(int)].mean()

        share = stats.bootstrap_ci(days, kept, n_resamples=n_resamples, confidence=confidence, seed=seed)
        month = stats.bootstrap_ci(days, per_month, n_resamples=n_resamples, confidence=confidence, seed=seed)
        rows.append({
            "threshold_seconds": t,
            "kept_share": share.estimate,
            "kept_low": share.low,
            "kept_high": share.high,
            "broken_per_month": month.estimate * positive(days_per_month, "days_per_month"),
            "payouts_per_month": month.estimate * scale,
            "payouts_low": month.low * scale,
            "payouts_high": month.high * scale,
        })
    return pd.DataFrame(rows)


def break_even_sales(monthly_cost: float, margin_per_sale: float) -> float:
    """Extra sales a month whose margin pays for a month's payouts.

    ::

        N = payouts per month / margin per sale

    Parameters
    ----------
    monthly_cost : float
        The payouts of a month, in yuan, >= 0.
    margin_per_sale : float
        The contribution margin of one extra sale (a booking), in yuan, > 0.

    Returns
    -------
    float
        Sales a month.

    Examples
    --------
    >>> break_even_sales(59_000, 1_180)
    50.0
    """
    return non_negative(monthly_cost, "monthly_cost") / positive(margin_per_sale, "margin_per_sale")
