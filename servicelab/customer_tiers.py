"""Customer tiers: what each customer is worth, how concentrated value is, and who to serve how.

Chapter 4 of the course asks a service team to grade its customers by the value they
bring (分级客服), to serve the few large ones with dedicated resources and the many small
ones cheaply, and to watch for small customers who are growing.  Here:

- what each customer is worth, from a table of transactions (:func:`customer_value`);
- how concentrated that value is: the Lorenz curve (:func:`lorenz_curve`), the Gini
  coefficient (:func:`gini`) and the share of the top customers (:func:`top_share`);
- tiers: ABC classes by cumulative value (:func:`abc_tiers`), RFM scores
  (:func:`rfm_scores`), and the course's big and small customers (:func:`value_tiers`): the
  few key accounts (大客户) a dedicated team can serve, and the 80 % of customers in the long tail;
- the long tail (:func:`long_tail`) and the small customers who are growing
  (:func:`spend_by_period`, :func:`rising_customers`).

Thresholds such as the 80 % and 95 % of an ABC analysis are conventions, not the course's:
they are parameters to be varied.

>>> gini([1, 2, 3, 4])
0.25
>>> top_share([4, 3, 2, 1], top=0.5)
0.7
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from servicelab._validate import columns, finite, fraction, integer, non_negative, non_negative_values, timestamp

__all__ = [
    "abc_tiers",
    "customer_value",
    "gini",
    "long_tail",
    "lorenz_curve",
    "rfm_scores",
    "rising_customers",
    "spend_by_period",
    "top_share",
    "value_tiers",
]


def _values(values, name: str = "values") -> np.ndarray:
    """One value per customer: non-negative numbers with a positive total."""
    array = non_negative_values(values, name)
    if array.sum() <= 0:
        raise ValueError(f"{name} must have a positive total (every value is 0)")
    return array


def _series(values, name: str) -> pd.Series:
    """Values as a Series (keeping an index if there is one), checked like :func:`_values`."""
    if isinstance(values, pd.Series):
        _values(values.to_numpy(dtype=float, na_value=np.nan), name)
        return values.astype(float)
    return pd.Series(_values(values, name))


def customer_value(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    amount: str = "revenue",
    date: str = "date",
    as_of=None,
) -> pd.DataFrame:
    """Value, frequency and recency of every customer in a table of transactions.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction.
    customer, amount, date : str
        Names of the columns holding the customer's id, the amount (yuan, >= 0) and the date.
    as_of : date-like, optional
        The day recency is measured from; defaults to the last transaction date.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer, sorted by value (largest first): ``value`` (sum of amounts, yuan),
        ``transactions`` (count), ``first`` and ``last`` (dates) and ``recency_days``
        (days from the last transaction to ``as_of``).  These are the R, F and M of
        rfm_scores (Hughes 1994).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b"], "revenue": [100, 50, 30],
    ...                   "date": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-01"])})
    >>> customer_value(t)[["value", "transactions", "recency_days"]]
                 value  transactions  recency_days
    customer_id
    a            150.0             2             0
    b             30.0             1            28
    """
    frame = columns(transactions, "transactions", [customer, amount, date])
    amounts = pd.to_numeric(frame[amount], errors="coerce").astype(float)
    if amounts.isna().any() or not np.all(np.isfinite(amounts.to_numpy())):
        raise ValueError(f"transactions[{amount!r}] must hold finite numbers only")
    if (amounts < 0).any():
        raise ValueError(f"transactions[{amount!r}] must not be negative (refunds belong in a separate column)")
    try:
        dates = pd.to_datetime(frame[date])
    except (TypeError, ValueError):
        raise ValueError(f"transactions[{date!r}] must hold dates") from None
    if dates.isna().any():
        raise ValueError(f"transactions[{date!r}] has missing dates")
    reference = dates.max() if as_of is None else timestamp(as_of, "as_of")
    if reference < dates.max():
        raise ValueError(f"as_of={as_of!r} is before the last transaction ({dates.max().date()})")
    work = pd.DataFrame({"customer": frame[customer].to_numpy(), "amount": amounts.to_numpy(), "date": dates.to_numpy()})
    grouped = work.groupby("customer", sort=True)
    table = pd.DataFrame(
        {
            "value": grouped["amount"].sum(),
            "transactions": grouped["amount"].size().astype("int64"),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    )
    table["recency_days"] = (reference - table["last"]).dt.days.astype("int64")
    table.index.name = customer
    return table.sort_values(["value", "transactions"], ascending=[False, False], kind="stable")


def lorenz_curve(values, *, largest_first: bool = False) -> pd.DataFrame:
    """Cumulative share of value against cumulative share of customers.

    With customers sorted from smallest to largest (the classic curve of
    Lorenz 1905), point k is

    ::

        (k / n, sum_(i <= k) x_(i) / sum_i x_i),
        k = 0, 1, ..., n .

    With ``largest_first=True`` the customers are taken from the largest down, which gives
    the Pareto or "top customers" curve that managers read as "the top 20 % bring 70 %".
    The two are mirror images: P(p) = 1 - L(1 - p).

    Parameters
    ----------
    values : sequence of float
        One non-negative value per customer (yuan), with a positive total.
    largest_first : bool
        Sort from the largest customer down instead of from the smallest up.

    Returns
    -------
    pandas.DataFrame
        ``customer_share`` and ``value_share``, both from 0 to 1, with n + 1 rows.

    Examples
    --------
    >>> lorenz_curve([1, 1, 2])
       customer_share  value_share
    0        0.000000         0.00
    1        0.333333         0.25
    2        0.666667         0.50
    3        1.000000         1.00
    """
    x = np.sort(_values(values))
    if largest_first:
        x = x[::-1]
    n = x.size
    share = np.concatenate([[0.0], np.cumsum(x) / x.sum()])
    share[-1] = 1.0
    return pd.DataFrame({"customer_share": np.arange(n + 1) / n, "value_share": share})


def gini(values) -> float:
    """Gini coefficient of customer value: 0 when all are equal, near 1 when one has it all.

    For values sorted in ascending order x_(1) <= ... <= x_(n),

    ::

        G = sum_(i=1)^n (2i - n - 1) x_(i) / (n sum_(i=1)^n x_i),

    which equals one minus twice the area under the Lorenz curve (trapezoid rule).  It is
    at most (n-1)/n, reached when one customer holds everything.  Closed forms for
    large samples: uniform values on [0, 1] give 1/3; Pareto values with index
    alpha > 1 give 1/(2 alpha - 1).

    Parameters
    ----------
    values : sequence of float
        One non-negative value per customer, with a positive total.

    Returns
    -------
    float

    Examples
    --------
    >>> gini([5, 5, 5, 5])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    """
    x = np.sort(_values(values))
    n = x.size
    ranks = np.arange(1, n + 1)
    g = float(np.sum((2 * ranks - n - 1) * x) / (n * x.sum()))
    return round(g, 12) + 0.0


def top_share(values, top: float = 0.2) -> float:
    """Share of total value that the largest ``top`` fraction of customers bring.

    Read off the largest-first curve of :func:`lorenz_curve`, interpolating linearly
    between customers when ``top * n`` is not a whole number.

    Examples
    --------
    >>> top_share([10, 0, 0, 0, 0], top=0.2)
    1.0
    >>> round(top_share([4, 3, 2, 1], top=0.5), 3)
    0.7
    """
    share = fraction(top, "top")
    curve = lorenz_curve(values, largest_first=True)
    return float(np.interp(share, curve["customer_share"], curve["value_share"]))


def abc_tiers(values, a: float = 0.8, b: float = 0.95, labels: Sequence[str] = ("A", "B", "C")) -> pd.Series:
    """Grade customers A, B or C by their place in the cumulative share of value.

    Customers are sorted from the largest down.  A customer is in tier A while the value of
    the customers *before* them is below share ``a`` of the total (so the customer who
    crosses the line is still in A), in tier B while it is below ``b``, and in C after
    that.  With the defaults, the A customers bring the first 80 % of value, B the next
    15 % and C the last 5 %: the usual ABC analysis.  Ties keep their input order.

    Parameters
    ----------
    values : sequence or pandas.Series
        One non-negative value per customer; a Series keeps its index (customer ids).
    a, b : float
        Cumulative shares closing tiers A and B, with 0 < a < b <= 1.
    labels : three str
        Names of the tiers.

    Returns
    -------
    pandas.Series
        The tier of each customer, in the input order and with the input index.

    Examples
    --------
    >>> abc_tiers(pd.Series([50, 30, 10, 6, 4], index=list("pqrst"))).tolist()
    ['A', 'A', 'B', 'B', 'C']
    """
    series = _series(values, "values")
    a = fraction(a, "a", inclusive=False)
    b = fraction(b, "b")
    if not a < b:
        raise ValueError(f"b={b!r} must be larger than a={a!r}")
    labels = tuple(labels)
    if len(labels) != 3:
        raise ValueError(f"labels={labels!r} must name exactly three tiers")
    order = np.argsort(-series.to_numpy(), kind="stable")
    sorted_values = series.to_numpy()[order]
    before = (np.cumsum(sorted_values) - sorted_values) / sorted_values.sum()
    tier_sorted = np.where(before < a - 1e-12, labels[0], np.where(before < b - 1e-12, labels[1], labels[2]))
    tiers = np.empty(series.size, dtype=object)
    tiers[order] = tier_sorted
    return pd.Series(tiers, index=series.index, name="tier")


def rfm_scores(
    table: pd.DataFrame,
    *,
    recency: str = "recency_days",
    frequency: str = "transactions",
    monetary: str = "value",
    bins: int = 5,
) -> pd.DataFrame:
    """Recency, frequency and monetary scores from 1 (worst) to ``bins`` (best).

    Each customer is ranked on the three measures of Hughes (1994):
    how recently they bought (fewer days is better), how often, and how much.  The rank is
    cut into ``bins`` equal-sized groups, so with five bins each score holds a fifth of the
    customers.  Ties are broken by the table's order, which keeps the groups equal in size.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer, such as the output of :func:`customer_value`.
    recency, frequency, monetary : str
        Column names (days since last purchase; number of purchases; value).
    bins : int
        Number of score levels, at least 2.

    Returns
    -------
    pandas.DataFrame
        ``R``, ``F``, ``M`` (integers), ``rfm`` (the three digits as text, e.g. "545") and
        ``score`` (their sum), with the table's index.

    Examples
    --------
    >>> t = pd.DataFrame({"recency_days": [5, 200], "transactions": [9, 1], "value": [900, 40]})
    >>> rfm_scores(t, bins=2)
       R  F  M  rfm  score
    0  2  2  2  222      6
    1  1  1  1  111      3
    """
    frame = columns(table, "table", [recency, frequency, monetary])
    k = integer(bins, "bins", minimum=2)
    if k > 9:
        raise ValueError(f"bins={bins!r} must be at most 9 so each score is one digit")
    scores = {}
    for label, column, better_high in (("R", recency, False), ("F", frequency, True), ("M", monetary, True)):
        numbers = pd.to_numeric(frame[column], errors="coerce").astype(float)
        if numbers.isna().any():
            raise ValueError(f"table[{column!r}] must hold numbers only")
        key = numbers if better_high else -numbers
        rank = key.rank(method="first").to_numpy()
        scores[label] = np.ceil(rank * k / len(frame)).astype("int64")
    out = pd.DataFrame(scores, index=frame.index)
    out["rfm"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    out["score"] = out[["R", "F", "M"]].sum(axis=1)
    return out


def long_tail(values, head: float = 0.2) -> pd.Series:
    """What the many small customers add up to, next to the few large ones.

    The largest ``round(head * n)`` customers form the head; everybody else is the tail.
    The course's reading of long-tail theory (Anderson 2006) is that the tail,
    about 80 % of customers, buys little each but may together rival the head.

    Returns
    -------
    pandas.Series
        ``customers``, ``head_customers``, ``tail_customers``, ``head_value``,
        ``tail_value``, ``head_share``, ``tail_share``, ``tail_to_head`` (tail value divided
        by head value), ``mean_head`` and ``mean_tail`` (value per customer).

    Examples
    --------
    >>> long_tail([40, 20, 10, 10, 10, 10, 0, 0, 0, 0])[["head_share", "tail_share", "tail_to_head"]]
    head_share      0.6
    tail_share      0.4
    tail_to_head    0.666667
    dtype: float64
    """
    x = np.sort(_values(values))[::-1]
    share = fraction(head, "head", inclusive=False)
    n = x.size
    n_head = int(round(share * n))
    if n_head < 1 or n_head >= n:
        raise ValueError(f"head={head!r} leaves an empty head or tail for {n} customers")
    head_value, tail_value = float(x[:n_head].sum()), float(x[n_head:].sum())
    total = head_value + tail_value
    return pd.Series(
        {
            "customers": float(n),
            "head_customers": float(n_head),
            "tail_customers": float(n - n_head),
            "head_value": head_value,
            "tail_value": tail_value,
            "head_share": head_value / total,
            "tail_share": tail_value / total,
            "tail_to_head": tail_value / head_value if head_value > 0 else math.inf,
            "mean_head": head_value / n_head,
            "mean_tail": tail_value / (n - n_head),
        }
    )


def spend_by_period(
    transactions: pd.DataFrame,
    *,
    freq: str = "Q",
    customer: str = "customer_id",
    amount: str = "revenue",
    date: str = "date",
) -> pd.DataFrame:
    """A customers-by-period table of spending, with zeros where a customer bought nothing.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction.
    freq : {"M", "Q", "Y"}
        Month, quarter or year.

    Returns
    -------
    pandas.DataFrame
        One row per customer, one column per period (labelled like ``2025Q1``).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b"], "revenue": [100.0, 50.0, 30.0],
    ...                   "date": pd.to_datetime(["2025-01-05", "2025-05-01", "2025-05-20"])})
    >>> spend_by_period(t)
                 2025Q1  2025Q2
    customer_id
    a             100.0    50.0
    b               0.0    30.0
    """
    if freq not in ("M", "Q", "Y"):
        raise ValueError(f"freq={freq!r} must be one of ['M', 'Q', 'Y']")
    frame = columns(transactions, "transactions", [customer, amount, date])
    amounts = pd.to_numeric(frame[amount], errors="coerce").astype(float)
    if amounts.isna().any() or (amounts < 0).any():
        raise ValueError(f"transactions[{amount!r}] must hold non-negative numbers")
    periods = pd.to_datetime(frame[date]).dt.to_period(freq).astype(str)
    work = pd.DataFrame({customer: frame[customer].to_numpy(), "period": periods.to_numpy(), "amount": amounts.to_numpy()})
    wide = work.pivot_table(index=customer, columns="period", values="amount", aggfunc="sum", fill_value=0.0)
    wide.columns.name = None
    return wide.astype(float)


def rising_customers(
    by_period: pd.DataFrame,
    early: Sequence[str],
    late: Sequence[str],
    *,
    min_growth: float = 1.0,
    max_early: float | None = None,
    min_late: float = 0.0,
) -> pd.DataFrame:
    """Customers whose spending per period grew by at least ``min_growth`` from early to late.

    Growth is mean s_late / mean s_early - 1, the change in mean
    spending per period; ``min_growth=1.0`` asks for a doubling.  Customers with no spending
    in the early periods have no growth rate (NaN) and are never flagged: they are new, not
    growing.  ``max_early`` keeps only customers who were small in the early periods, which
    is the course's question: which small customers might become large ones?

    Beware regression to the mean: among many small customers some double by chance.
    Check the flagged customers on later periods before investing in them.

    Returns
    -------
    pandas.DataFrame
        ``early`` and ``late`` (mean spending per period), ``growth`` and ``rising``
        (bool), sorted with the fastest risers first.

    Examples
    --------
    >>> wide = pd.DataFrame({"Q1": [100.0, 100.0, 0.0], "Q2": [300.0, 90.0, 50.0]}, index=["a", "b", "c"])
    >>> rising_customers(wide, ["Q1"], ["Q2"])
       early   late  growth  rising
    a  100.0  300.0     2.0    True
    b  100.0   90.0    -0.1   False
    c    0.0   50.0     NaN   False
    """
    if not isinstance(by_period, pd.DataFrame) or by_period.empty:
        raise ValueError("by_period must be a non-empty DataFrame of spending per customer and period")
    for name, columns in (("early", early), ("late", late)):
        if isinstance(columns, str) or len(columns) == 0:
            raise ValueError(f"{name} must be a non-empty list of period columns")
        unknown = [c for c in columns if c not in by_period.columns]
        if unknown:
            raise ValueError(f"{name} names period(s) {unknown} that are not columns of by_period")
    if set(early) & set(late):
        raise ValueError(f"early and late must not share periods ({sorted(set(early) & set(late))})")
    growth_floor = finite(min_growth, "min_growth")
    floor_late = non_negative(min_late, "min_late")
    ceiling = None if max_early is None else non_negative(max_early, "max_early")
    early_mean = by_period[list(early)].astype(float).mean(axis=1)
    late_mean = by_period[list(late)].astype(float).mean(axis=1)
    if (early_mean < 0).any() or (late_mean < 0).any():
        raise ValueError("by_period must not hold negative spending")
    growth = (late_mean / early_mean.where(early_mean > 0)) - 1
    rising = (growth >= growth_floor) & (late_mean >= floor_late)
    if ceiling is not None:
        rising &= early_mean <= ceiling
    out = pd.DataFrame({"early": early_mean, "late": late_mean, "growth": growth, "rising": rising.fillna(False).astype(bool)})
    return out.sort_values(["rising", "growth"], ascending=[False, False], na_position="last", kind="stable")



def value_tiers(values, key_accounts: int, tail: float = 0.8, labels: Sequence[str] = ("A", "B", "C")) -> pd.Series:
    """Key accounts, the rest of the head, and the long tail, by rank of value.

    The course's tiered service (分级客服) distinguishes big customers (大客户), served by a
    dedicated organisation with the firm's best resources, from the small customers of the long
    tail, "80 %" of the customers in its reading of long-tail theory (courseslides, Chapter 4).
    Customers are ranked from the largest value down:

    - tier A: the ``key_accounts`` largest, as many as a dedicated team can serve;
    - tier C: the smallest round(``tail`` x n) customers, the long tail;
    - tier B: everyone in between.

    Rank value on *margin* when the tiers decide what it is worth spending on a customer.
    Ties keep their input order.

    Parameters
    ----------
    values : sequence or pandas.Series
        One non-negative value per customer; a Series keeps its index.
    key_accounts : int
        Size of tier A, >= 1.
    tail : float, default 0.8
        Share of customers in tier C, in (0, 1).
    labels : three str
        Names of the tiers.

    Returns
    -------
    pandas.Series
        The tier of each customer, in the input order and with the input index.

    Examples
    --------
    >>> value_tiers(pd.Series([5, 50, 1, 20, 2, 3, 1, 0, 4, 8], index=list("abcdefghij")), key_accounts=1).tolist()
    ['C', 'A', 'C', 'B', 'C', 'C', 'C', 'C', 'C', 'C']
    """
    series = _series(values, "values")
    n_top = integer(key_accounts, "key_accounts", minimum=1)
    share = fraction(tail, "tail", inclusive=False)
    labels = tuple(labels)
    if len(labels) != 3:
        raise ValueError(f"labels={labels!r} must name exactly three tiers")
    n = series.size
    n_tail = int(round(share * n))
    if n_top + n_tail > n:
        raise ValueError(f"key_accounts={key_accounts!r} and tail={tail!r} overlap for {n} customers")
    order = np.argsort(-series.to_numpy(), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    tiers = np.where(rank < n_top, labels[0], np.where(rank >= n - n_tail, labels[2], labels[1]))
    return pd.Series(tiers.astype(object), index=series.index, name="tier")
