"""Whom to serve how: customer value, concentration, tiers, the long tail, modules and self-service.

Chapter 4 of the course asks a service team to grade its customers by the value they
bring (分级客服), to serve the few large ones with dedicated resources and the many small
ones cheaply, to customise through modules (模块化服务) and to let customers serve
themselves (自助客服).  This module holds the arithmetic behind those decisions:

- what each customer is worth, from a table of transactions (:func:`customer_value`);
- how concentrated that value is: the Lorenz curve (:func:`lorenz_curve`), the Gini
  coefficient (:func:`gini`) and the share of the top customers (:func:`top_share`);
- tiers: ABC classes by cumulative value (:func:`abc_tiers`) and RFM scores
  (:func:`rfm_scores`);
- the long tail (:func:`long_tail`) and the small customers who are growing
  (:func:`spend_by_period`, :func:`rising_customers`);
- modular customisation: how many offerings n modules make (:func:`configurations`) and
  what each extra module costs (:func:`modular_costs`);
- self-service: cost per contact by channel (:func:`channel_costs`) and what shifting a
  share of contacts to self-service saves (:func:`self_service_saving`).

Costs, prices and thresholds are not in the course: they are parameters to be varied.

>>> gini([1, 2, 3, 4])
0.25
>>> configurations([3, 4, 2])
24
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from servicelab._validate import finite, fraction, integer, non_negative, positive

__all__ = [
    "abc_tiers",
    "break_even_containment",
    "channel_costs",
    "configurations",
    "customer_value",
    "gini",
    "long_tail",
    "lorenz_curve",
    "modular_costs",
    "rfm_scores",
    "rising_customers",
    "self_service_saving",
    "spend_by_period",
    "top_share",
]


# ---------------------------------------------------------------------------------------------
# Input checks shared by the functions below
# ---------------------------------------------------------------------------------------------


def _values(values, name: str = "values") -> np.ndarray:
    """A non-empty 1-D array of finite, non-negative numbers with a positive total."""
    if isinstance(values, (str, bytes)) or values is None:
        raise ValueError(f"{name} must be a sequence of numbers, not {values!r}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must contain only numbers") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers")
    if np.any(array < 0):
        raise ValueError(f"{name} must not contain negative values (found {array.min():g})")
    if array.sum() <= 0:
        raise ValueError(f"{name} must have a positive total")
    return array


def _frame(frame, name: str, columns: Sequence[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} has no column(s) {missing}; it has {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{name} must have at least one row")
    return frame


def _series(values, name: str) -> pd.Series:
    """Values as a Series (keeping an index if there is one), checked like :func:`_values`."""
    if isinstance(values, pd.Series):
        _values(values.to_numpy(dtype=float, na_value=np.nan), name)
        return values.astype(float)
    return pd.Series(_values(values, name))


# ---------------------------------------------------------------------------------------------
# Customer value
# ---------------------------------------------------------------------------------------------


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
    frame = _frame(transactions, "transactions", [customer, amount, date])
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
    reference = dates.max() if as_of is None else _timestamp(as_of, "as_of")
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


def _timestamp(value, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} must be a date") from None
    if pd.isna(stamp):
        raise ValueError(f"{name}={value!r} must be a date")
    return stamp


# ---------------------------------------------------------------------------------------------
# Concentration: Lorenz curve, Gini coefficient, top share
# ---------------------------------------------------------------------------------------------


def lorenz_curve(values, *, largest_first: bool = False) -> pd.DataFrame:
    """Cumulative share of value against cumulative share of customers.

    With customers sorted from smallest to largest (the classic curve of
    Lorenz 1905), point :math:`k` is

    .. math::

        \\left(\\frac{k}{n},\\; \\frac{\\sum_{i \\le k} x_{(i)}}{\\sum_i x_i}\\right),
        \\qquad k = 0, 1, \\ldots, n .

    With ``largest_first=True`` the customers are taken from the largest down, which gives
    the Pareto or "top customers" curve that managers read as "the top 20 % bring 70 %".
    The two are mirror images: :math:`P(p) = 1 - L(1 - p)`.

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

    For values sorted in ascending order :math:`x_{(1)} \\le \\ldots \\le x_{(n)}`,

    .. math::

        G = \\frac{\\sum_{i=1}^{n} (2i - n - 1)\\, x_{(i)}}{n \\sum_{i=1}^{n} x_i},

    which equals one minus twice the area under the Lorenz curve (trapezoid rule).  It is
    at most :math:`(n-1)/n`, reached when one customer holds everything.  Closed forms for
    large samples: uniform values on [0, 1] give 1/3; Pareto values with index
    :math:`\\alpha > 1` give :math:`1/(2\\alpha - 1)`.

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


# ---------------------------------------------------------------------------------------------
# Tiers: ABC and RFM
# ---------------------------------------------------------------------------------------------


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
    frame = _frame(table, "table", [recency, frequency, monetary])
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


# ---------------------------------------------------------------------------------------------
# The long tail and the small customers who grow
# ---------------------------------------------------------------------------------------------


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
    frame = _frame(transactions, "transactions", [customer, amount, date])
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

    Growth is :math:`\\bar{s}_\\text{late} / \\bar{s}_\\text{early} - 1`, the change in mean
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


# ---------------------------------------------------------------------------------------------
# Modular customisation
# ---------------------------------------------------------------------------------------------


def _options(options, name: str = "options") -> list[int]:
    if isinstance(options, (str, bytes)) or not isinstance(options, Sequence) or len(options) == 0:
        raise ValueError(f"{name} must be a non-empty list of option counts, one per module")
    return [integer(k, f"{name}[{i}]", minimum=1) for i, k in enumerate(options)]


def configurations(options: Sequence[int], optional: Sequence[bool] | None = None) -> int:
    """How many distinct offerings a set of modules can make.

    Each module contributes one of its options, so the count is the product
    :math:`\\prod_j m_j` of the numbers of options (the course's point that more sub-modules
    mean more combinations; Q-7).  A module the customer may leave out counts one extra
    "none" option, :math:`m_j + 1` (Pine 1993 on mass customisation).

    Parameters
    ----------
    options : list of int
        Options per module, each at least 1.
    optional : list of bool, optional
        Whether each module may be left out.

    Examples
    --------
    >>> configurations([3, 4, 3])
    36
    >>> configurations([3, 4, 3], optional=[False, False, True])
    48
    """
    counts = _options(options)
    if optional is not None:
        if isinstance(optional, (str, bytes)) or len(optional) != len(counts):
            raise ValueError(f"optional must have one entry per module ({len(counts)}), got {optional!r}")
        counts = [m + (1 if bool(flag) else 0) for m, flag in zip(counts, optional)]
    return math.prod(counts)


def modular_costs(
    options: Sequence[int],
    *,
    cost_per_option: float,
    cost_per_interface: float = 0.0,
    bespoke_cost_per_offering: float | None = None,
) -> pd.DataFrame:
    """Offerings and design cost as modules are added one at a time.

    A firm that designs its service as modules designs each *option* once
    (``cost_per_option``) and each *interface* between two modules once
    (``cost_per_interface``), so with modules :math:`1..k`

    .. math::

        N_k = \\prod_{j \\le k} m_j, \\qquad
        C_k = c_o \\sum_{j \\le k} m_j + c_i \\binom{k}{2} .

    The k-th module costs :math:`c_o m_k + c_i (k-1)`: its options plus one interface to each
    module already there, a cost that grows by a constant step while the offerings multiply.
    Designing every offering one by one would cost :math:`c_b N_k`.

    Parameters
    ----------
    options : list of int
        Options per module, in the order modules are added.
    cost_per_option, cost_per_interface, bespoke_cost_per_offering : float
        Design costs (yuan); not in the course, to be varied.

    Returns
    -------
    pandas.DataFrame
        One row per number of modules: ``modules``, ``offerings``, ``extra_module_cost``,
        ``modular_cost``, ``cost_per_offering`` and, if a bespoke cost is given,
        ``bespoke_cost``.

    Examples
    --------
    >>> modular_costs([3, 4], cost_per_option=100, cost_per_interface=50)
       modules  offerings  extra_module_cost  modular_cost  cost_per_offering
    0        1          3              300.0         300.0          100.000000
    1        2         12              450.0         750.0           62.500000
    """
    counts = _options(options)
    c_option = non_negative(cost_per_option, "cost_per_option")
    c_interface = non_negative(cost_per_interface, "cost_per_interface")
    rows = []
    total = 0.0
    for k, m in enumerate(counts, start=1):
        extra = c_option * m + c_interface * (k - 1)
        total += extra
        offerings = math.prod(counts[:k])
        rows.append({"modules": k, "offerings": offerings, "extra_module_cost": extra, "modular_cost": total,
                     "cost_per_offering": total / offerings})
    out = pd.DataFrame(rows)
    if bespoke_cost_per_offering is not None:
        out["bespoke_cost"] = non_negative(bespoke_cost_per_offering, "bespoke_cost_per_offering") * out["offerings"]
    return out


# ---------------------------------------------------------------------------------------------
# Self-service economics
# ---------------------------------------------------------------------------------------------


def _per_channel(values, name: str) -> pd.Series:
    if isinstance(values, Mapping):
        values = pd.Series(dict(values), dtype=float)
    if not isinstance(values, pd.Series) or values.empty:
        raise ValueError(f"{name} must be a non-empty mapping or Series from channel to number")
    numbers = values.astype(float)
    if not np.all(np.isfinite(numbers.to_numpy())) or (numbers < 0).any():
        raise ValueError(f"{name} must hold finite, non-negative numbers")
    return numbers


def channel_costs(contacts, cost_per_contact) -> pd.DataFrame:
    """Contacts, cost and share of cost for each service channel.

    Parameters
    ----------
    contacts : mapping or pandas.Series
        Contacts per period, by channel.
    cost_per_contact : mapping or pandas.Series
        Fully loaded cost of one contact (yuan), by channel; must cover the same channels.

    Returns
    -------
    pandas.DataFrame
        Indexed by channel: ``contacts``, ``cost_per_contact``, ``cost``, ``contact_share``,
        ``cost_share``.

    Examples
    --------
    >>> channel_costs({"phone": 100, "app": 300}, {"phone": 20.0, "app": 1.0})
             contacts  cost_per_contact    cost  contact_share  cost_share
    channel
    phone       100.0              20.0  2000.0           0.25    0.869565
    app         300.0               1.0   300.0           0.75    0.130435
    """
    volume = _per_channel(contacts, "contacts")
    unit = _per_channel(cost_per_contact, "cost_per_contact")
    if set(volume.index) != set(unit.index):
        raise ValueError(
            f"cost_per_contact covers channels {sorted(unit.index)}, but contacts covers {sorted(volume.index)}"
        )
    if volume.sum() <= 0:
        raise ValueError("contacts must have a positive total")
    unit = unit.reindex(volume.index)
    cost = volume * unit
    out = pd.DataFrame({"contacts": volume, "cost_per_contact": unit, "cost": cost,
                        "contact_share": volume / volume.sum(),
                        "cost_share": cost / cost.sum() if cost.sum() > 0 else 0.0})
    out.index.name = "channel"
    return out


def self_service_saving(
    contacts: float,
    *,
    cost_assisted: float,
    cost_self: float,
    shift_share: float,
    containment: float = 1.0,
    fixed_cost: float = 0.0,
) -> dict[str, float]:
    """What moving a share of assisted contacts to self-service saves.

    Of ``contacts`` assisted contacts, the share ``shift_share`` try self-service instead.
    Only the share ``containment`` of them finish there; the rest fail and come back to an
    agent, so the firm pays twice for them.  The saving in the period is

    .. math::

        S = N s\\,(\\kappa\\, c_a - c_s) - F,

    with contacts :math:`N`, shift share :math:`s`, containment :math:`\\kappa`, assisted and
    self-service costs per contact :math:`c_a`, :math:`c_s` and fixed cost :math:`F` of
    running the self-service channel.  Self-service pays per contact only if
    :math:`\\kappa > c_s / c_a` (:func:`break_even_containment`).  Customers as
    co-producers of self-service are discussed by Meuter et al. (2000).

    Returns
    -------
    dict
        ``shifted``, ``returned`` (failed self-service contacts that come back),
        ``cost_before``, ``cost_after`` and ``saving`` (yuan per period).

    Examples
    --------
    >>> self_service_saving(10_000, cost_assisted=20, cost_self=2, shift_share=0.3, containment=0.8)
    {'shifted': 3000.0, 'returned': 600.0, 'cost_before': 200000.0, 'cost_after': 158000.0, 'saving': 42000.0}
    """
    n = non_negative(contacts, "contacts")
    c_a = non_negative(cost_assisted, "cost_assisted")
    c_s = non_negative(cost_self, "cost_self")
    s = fraction(shift_share, "shift_share")
    kappa = fraction(containment, "containment")
    fixed = non_negative(fixed_cost, "fixed_cost")
    shifted = n * s
    returned = shifted * (1 - kappa)
    before = n * c_a
    after = (n - shifted) * c_a + shifted * c_s + returned * c_a + fixed
    return {"shifted": shifted, "returned": returned, "cost_before": before, "cost_after": after,
            "saving": before - after}


def break_even_containment(cost_assisted: float, cost_self: float) -> float:
    """The share of self-service attempts that must succeed for self-service to save money.

    Setting the per-contact saving :math:`\\kappa c_a - c_s` to zero gives
    :math:`\\kappa^* = c_s / c_a`.  Above 1, self-service cannot pay at any containment.

    Examples
    --------
    >>> break_even_containment(cost_assisted=25, cost_self=2)
    0.08
    """
    c_a = positive(cost_assisted, "cost_assisted")
    c_s = non_negative(cost_self, "cost_self")
    return c_s / c_a
