"""Material incentives (物质激励): what an incentive rule costs against the turnover it may prevent.

Chapter 7 of the course names four ways to motivate service staff, the first of them material
incentives, and its opening case adds a caution: a reward too large breeds complacency, one too
small does not motivate.  A manager who pays an incentive wants to know whether it pays for
itself.  One return that can be priced is turnover: every agent who leaves must be recruited
and trained again.  This module does that sum, honestly about how little one call centre's
leavers can tell:

- :func:`leave_rates`: leavers per agent-year in each group of agents over a period, with
  exact Poisson intervals (:func:`servicelab.stats.poisson_rate_interval`), and the
  incentive each group was paid;
- :func:`break_even_ratio`: by how much an incentive must cut the leave rate to pay for
  itself through replacement costs alone;
- :func:`incentive_balance`: the incentive's cost against the replacement cost it saves,
  at a rate ratio and at both ends of its interval
  (:func:`servicelab.stats.rate_ratio_interval`);
- :func:`leavers_needed`: how many leavers the comparison group must produce before a given
  rate ratio can be told from chance.

Every rate is per agent-year of employment.  The comparison of two groups is causal only if
the groups would have left at the same rate without the incentive; teams picked for a scheme
are not a random draw, so say so.

>>> round(break_even_ratio(cost_per_agent_year=3000, leave_rate=0.4, replacement_cost=24000), 3)
0.688
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from scipy import stats as _scipy_stats

from servicelab._validate import columns, fraction, non_negative, positive, timestamp
from servicelab.stats import poisson_rate_interval

__all__ = ["break_even_ratio", "incentive_balance", "leave_rates", "leavers_needed"]

DAYS_PER_YEAR = 365.25


def leave_rates(employment: pd.DataFrame, *, groups, start, end, paid: str | None = "incentive_paid",
                confidence: float = 0.95) -> pd.DataFrame:
    """Leavers per agent-year in each group of agents between ``start`` and ``end``.

    Each agent's exposure is the time employed inside the period::

        agent-years = days from max(hire date, start) to min(leave date, end) / 365.25

    and a leaver is an agent whose leave date (the first day no longer employed) falls
    inside the period, even on its first day.  The rate is leavers / agent-years, with
    Garwood's exact Poisson interval.

    Parameters
    ----------
    employment : pandas.DataFrame
        One row per agent and month (the ``agent_employment`` data set), with columns
        ``month``, ``agent``, ``hire_date`` and ``leave_date`` (empty while employed), the
        column named by ``groups`` (if a column) and ``paid`` (if given).
    groups : str or mapping
        A column that names each agent's group, fixed per agent (``"team"``), or a mapping
        from the ``team`` column to a group label (``{"B": "scheme", "D": "scheme", ...}``).
    start, end : date-like
        First and last day of the period (``end`` no later than the data's last day).
    paid : str or None, default "incentive_paid"
        Column of incentive paid each month (yuan), summed over the months of the period;
        None to skip.
    confidence : float
        Coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``agents`` (employed at some time in the period),
        ``agent_years``, ``leavers``, ``rate`` (leavers per agent-year), ``low``,
        ``high`` and, with ``paid``, ``paid`` (yuan over the period).

    Examples
    --------
    >>> staff = pd.DataFrame({"month": ["2025-01-01"] * 3, "agent": ["A", "B", "C"], "team": ["x", "x", "y"],
    ...                       "hire_date": ["2024-01-01"] * 3, "leave_date": [None, "2025-07-02", None]})
    >>> table = leave_rates(staff, groups="team", start="2025-01-01", end="2025-12-31", paid=None)
    >>> table["leavers"].tolist(), table["agent_years"].round(2).tolist()
    ([1, 0], [1.5, 1.0])
    """
    needed = ["month", "agent", "hire_date", "leave_date"] + ([paid] if paid is not None else [])
    if isinstance(groups, str):
        needed.append(groups)
    elif isinstance(groups, Mapping):
        needed.append("team")
    else:
        raise ValueError(f"groups={groups!r} must be a column name or a mapping from team to group")
    frame = columns(employment, "employment", needed)
    first, last = timestamp(start, "start"), timestamp(end, "end")
    if last < first:
        raise ValueError(f"end={end!r} must not be before start={start!r}")
    frame = frame.copy()
    for column in ("month", "hire_date", "leave_date"):
        frame[column] = pd.to_datetime(frame[column])
    if isinstance(groups, str):
        label = frame[groups]
    else:
        unknown = sorted(set(frame["team"]) - set(groups))
        if unknown:
            raise ValueError(f"groups has no label for team(s) {unknown}")
        label = frame["team"].map(groups)
    frame["_group"] = label
    agents = frame.groupby("agent").agg(group=("_group", "first"), groups=("_group", "nunique"),
                                        hire=("hire_date", "first"), leave=("leave_date", "first"))
    if (agents["groups"] > 1).any():
        bad = agents.index[agents["groups"] > 1][0]
        raise ValueError(f"agent {bad!r} belongs to more than one group; groups must be fixed per agent")
    begin = agents["hire"].where(agents["hire"] > first, first)
    stop_at = last + pd.Timedelta(days=1)
    finish = agents["leave"].where(agents["leave"].notna() & (agents["leave"] < stop_at), stop_at)
    years = ((finish - begin).dt.days.clip(lower=0)) / DAYS_PER_YEAR
    agents["agent_years"] = years
    agents["left"] = agents["leave"].notna() & (agents["leave"] >= first) & (agents["leave"] <= last)
    agents = agents[(years > 0) | agents["left"]]  # one who leaves on the first day still counts as a leaver
    rows = {}
    for group, members in agents.groupby("group", sort=True):
        exposure = float(members["agent_years"].sum())
        leavers = int(members["left"].sum())
        ci = poisson_rate_interval(leavers, exposure, confidence=confidence)
        row = {"agents": int(len(members)), "agent_years": exposure, "leavers": leavers,
               "rate": ci.estimate, "low": ci.low, "high": ci.high}
        if paid is not None:
            months = frame[(frame["_group"] == group) & (frame["month"] >= first) & (frame["month"] <= last)]
            row["paid"] = float(months[paid].sum())
        rows[group] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "group"
    return table


def break_even_ratio(cost_per_agent_year: float, leave_rate: float, replacement_cost: float) -> float:
    """The rate ratio at which an incentive pays for itself through fewer leavers.

    An incentive costing c a year per agent on it saves (1 - R) x q x C a year per agent,
    where q is the leave rate without it, C the cost of replacing a leaver and R the
    rate ratio (leave rate with the incentive / without).  It breaks even when::

        R* = 1 - c / (q x C)

    A scheme whose true ratio is below R* pays for itself on turnover alone.  R* <= 0
    means it cannot, even if nobody ever left.

    Parameters
    ----------
    cost_per_agent_year : float
        c, the incentive and its on-costs per agent-year on the scheme (yuan), >= 0.
    leave_rate : float
        q, leavers per agent-year without the incentive, > 0.
    replacement_cost : float
        C, yuan per leaver, > 0.

    Returns
    -------
    float
        R*, a ratio (may be negative).

    Examples
    --------
    >>> break_even_ratio(0, 0.3, 24000)
    1.0
    >>> break_even_ratio(9000, 0.3, 24000)   # costs more than every leaver would
    -0.25
    """
    c = non_negative(cost_per_agent_year, "cost_per_agent_year")
    q = positive(leave_rate, "leave_rate")
    cost = positive(replacement_cost, "replacement_cost")
    return 1 - c / (q * cost)


def incentive_balance(*, cost: float, agent_years: float, leave_rate: float, ratio,
                      replacement_cost: float) -> pd.DataFrame:
    """The incentive's cost against the replacement cost it saves, across the rate ratio's interval.

    For a rate ratio R (leave rate on the scheme / without it)::

        leavers avoided = agent-years on the scheme x q x (1 - R)
        saving          = leavers avoided x replacement cost
        net cost        = cost - saving            (> 0: the scheme costs more than it saves)

    evaluated at the estimate of R and at both ends of its interval.  Only R's uncertainty
    is carried; q (the comparison group's leave rate) is taken as known, which makes the
    range, if anything, too narrow.

    Parameters
    ----------
    cost : float
        What the scheme cost over the period (yuan), >= 0.
    agent_years : float
        Agent-years on the scheme over the same period, > 0.
    leave_rate : float
        q, leavers per agent-year in the comparison group, >= 0.
    ratio : Difference or (estimate, low, high)
        The rate ratio and its interval (:func:`servicelab.stats.rate_ratio_interval`).
    replacement_cost : float
        Yuan per leaver, > 0.

    Returns
    -------
    pandas.DataFrame
        Rows ``low end of ratio``, ``estimate``, ``high end of ratio``; columns
        ``ratio``, ``leavers_avoided``, ``saving``, ``cost`` and ``net_cost`` (yuan).

    Examples
    --------
    >>> table = incentive_balance(cost=60000, agent_years=20, leave_rate=0.4, ratio=(0.6, 0.3, 1.2),
    ...                           replacement_cost=24000)
    >>> table["leavers_avoided"].round(1).tolist(), table["net_cost"].round(0).tolist()
    ([5.6, 3.2, -1.6], [-74400.0, -16800.0, 98400.0])
    """
    spent = non_negative(cost, "cost")
    years = positive(agent_years, "agent_years")
    q = non_negative(leave_rate, "leave_rate")
    each = positive(replacement_cost, "replacement_cost")
    try:
        estimate, low, high = (float(v) for v in tuple(ratio)[:3])
    except (TypeError, ValueError):
        raise ValueError(f"ratio={ratio!r} must be a rate ratio with its interval (estimate, low, high)") from None
    if not (0 <= low <= estimate <= high):
        raise ValueError(f"ratio={ratio!r} must satisfy 0 <= low <= estimate <= high")
    rows = {}
    for name, r in (("low end of ratio", low), ("estimate", estimate), ("high end of ratio", high)):
        avoided = years * q * (1 - r) if math.isfinite(r) else -math.inf
        saving = avoided * each
        rows[name] = {"ratio": r, "leavers_avoided": avoided, "saving": saving, "cost": spent,
                      "net_cost": spent - saving}
    return pd.DataFrame.from_dict(rows, orient="index")


def leavers_needed(ratio: float, *, confidence: float = 0.95, power: float = 0.8) -> dict[str, float]:
    """Leavers needed to tell a rate ratio from 1, with equal exposure in both groups.

    The log of an observed rate ratio has variance about 1/k1 + 1/k2 (k1, k2 the leavers
    of the two groups).  With equal exposure k1 = R k2, and a two-sided test at level
    1 - c with the given power needs::

        k2 >= (z((1 + c)/2) + z(power))^2 x (1 + 1/R) / (ln R)^2

    leavers in the comparison group, and k2 (1 + R) in all.

    Parameters
    ----------
    ratio : float
        R, the true rate ratio to detect, > 0 and not 1.
    confidence : float
        1 - the test's level, strictly between 0 and 1.
    power : float
        Chance of detecting R, strictly between 0 and 1.

    Returns
    -------
    dict
        ``comparison`` (k2), ``scheme`` (k1 = R k2) and ``total`` leavers.

    References
    ----------
    Breslow and Day (1987), *Statistical Methods in Cancer Research* II, section 7.2 (the
    log rate ratio and its variance).

    Examples
    --------
    >>> round(leavers_needed(0.6)["comparison"])
    80
    """
    r = positive(ratio, "ratio")
    if r == 1:
        raise ValueError("ratio=1 must differ from 1: no sample can tell 1 from 1")
    c = fraction(confidence, "confidence", inclusive=False)
    p = fraction(power, "power", inclusive=False)
    z = float(_scipy_stats.norm.ppf((1 + c) / 2) + _scipy_stats.norm.ppf(p))
    comparison = z**2 * (1 + 1 / r) / math.log(r) ** 2
    return {"comparison": comparison, "scheme": r * comparison, "total": comparison * (1 + r)}
