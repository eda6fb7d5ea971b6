"""Heterogeneity: how much the same service varies, and how much of that is the provider.

The course gives two causes of heterogeneity (差异性): different people perform the
same service differently, and the same person performs differently in different
states (its examples: two chefs of one hotel, and a singer who never sings a song
the same way twice).  With a service measure y (minutes, a rating) recorded for each
customer and the provider who served them, the law of total variance splits the
spread into exactly these two parts:

::

    total   = (1/n) sum_i (y_i - mean y)^2
    between = (1/n) sum_j n_j (mean y_j - mean y)^2          (between providers)
    within  = (1/n) sum_j sum_(i in j) (y_i - mean y_j)^2    (within providers)
    total   = between + within

A service standard aims at both: it pulls providers towards one way of working
(smaller *between*) and makes each person's own work steadier (smaller *within*).

>>> import pandas as pd
>>> df = pd.DataFrame({"who": ["a", "a", "b", "b"], "minutes": [4.0, 6.0, 8.0, 10.0]})
>>> split = variance_split(df, "who", "minutes")
>>> split["total"], split["between"], split["within"]
(5.0, 4.0, 1.0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab._validate import columns, finite, fraction, non_empty

__all__ = ["by_provider", "compare_groups", "share_between", "variance_split"]


def by_provider(frame: pd.DataFrame, provider: str, value: str) -> pd.DataFrame:
    """Mean, standard deviation, 10th and 90th percentile and count of ``value`` for each provider.

    Rows are sorted by mean, so the quickest provider comes first.
    """
    columns(frame, "frame", [provider, value])
    grouped = frame.groupby(provider)[value]
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "mean": grouped.mean(),
            "sd": grouped.std(ddof=1),
            "p10": grouped.quantile(0.10),
            "p90": grouped.quantile(0.90),
        }
    )
    return table.sort_values("mean").round(2)


def variance_split(frame: pd.DataFrame, provider: str, value: str) -> dict[str, float]:
    """Split the (population) variance of ``value`` into between- and within-provider parts.

    Returns
    -------
    dict
        ``total``, ``between``, ``within`` (in squared units of ``value``) and
        ``share_between`` = between / total, the share of the spread explained by
        *who* served the customer.  Rounded to 4 decimals.
    """
    columns(frame, "frame", [provider, value])
    y = non_empty(frame[value].to_numpy(dtype=float), f"frame[{value!r}]")
    grand = y.mean()
    group_means = frame.groupby(provider)[value].transform("mean").to_numpy(dtype=float)
    total = float(np.mean((y - grand) ** 2))
    between = float(np.mean((group_means - grand) ** 2))
    within = float(np.mean((y - group_means) ** 2))
    return {
        "total": round(total, 4),
        "between": round(between, 4),
        "within": round(within, 4),
        "share_between": round(between / total, 4) if total > 0 else 0.0,
    }


def compare_groups(
    frame: pd.DataFrame, group: str, provider: str, value: str, *, limit: float, quantile: float = 0.9
) -> pd.DataFrame:
    """Compare the spread of a service measure across groups (before and after a standard, say).

    Parameters
    ----------
    frame : DataFrame
        One row per customer.
    group : str
        Column naming the group (e.g. ``"period"``).
    provider : str
        Column naming who served the customer.
    value : str
        The service measure (e.g. minutes).
    limit : float
        A threshold customers notice (e.g. a check-in over 8 minutes); the table
        reports the share of customers above it.
    quantile : float
        Which upper quantile to report (default the 90th percentile).

    Returns
    -------
    pandas.DataFrame
        One row per group: customers, mean, sd, the upper quantile, share above
        ``limit``, the spread of provider means (sd between providers) and the
        share of variance between providers.
    """
    columns(frame, "frame", [group, provider, value])
    limit = finite(limit, "limit")
    q = fraction(quantile, "quantile", inclusive=False)
    rows = {}
    for name, part in frame.groupby(group, sort=False):
        split = variance_split(part, provider, value)
        rows[name] = {
            "customers": int(len(part)),
            "mean": part[value].mean(),
            "sd": part[value].std(ddof=1),
            f"p{round(q * 100)}": part[value].quantile(q),
            f"share_over_{limit:g}": (part[value] > limit).mean(),
            "sd_of_provider_means": part.groupby(provider)[value].mean().std(ddof=1),
            "share_between": split["share_between"],
        }
    return pd.DataFrame.from_dict(rows, orient="index").round(3)


def share_between(values, providers) -> float:
    """Share of the variance of ``values`` that lies between providers: between / total.

    The same quantity as ``variance_split(...)["share_between"]`` (unrounded), computed
    on arrays, fast enough to bootstrap::

        share_between = sum_j n_j (mean y_j - mean y)^2 / sum_i (y_i - mean y)^2

    With few customers per provider the share is biased upwards: each provider's mean
    carries sampling noise of its own, which counts as "between".

    Parameters
    ----------
    values : sequence of float
        The service measure, one per customer (at least two).
    providers : sequence
        Who served each customer, same length.

    Returns
    -------
    float
        A share from 0 to 1 (0 when all values are equal).

    >>> share_between([4.0, 6.0, 8.0, 10.0], ["a", "a", "b", "b"])
    0.8
    """
    y = non_empty(values, "values")
    who = np.asarray(providers)
    if who.shape != y.shape:
        raise ValueError(f"providers has {who.size} entries but values has {y.size}; give one provider per value")
    if y.size < 2:
        raise ValueError(f"values has {y.size} entry; need at least 2")
    codes, index = np.unique(who, return_inverse=True)
    counts = np.bincount(index, minlength=codes.size)
    means = np.bincount(index, weights=y, minlength=codes.size) / counts
    grand = y.mean()
    total = float(((y - grand) ** 2).sum())
    if total == 0:
        return 0.0
    return float((counts * (means - grand) ** 2).sum() / total)
