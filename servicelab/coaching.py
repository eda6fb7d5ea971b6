"""Coaching with KPIs: the team's weekly figure, each agent's figure over a period, and who needs which help.

Chapter 7 of the course (客户服务的人员管理) is about the people who serve: their role
and recruitment, their training and their motivation; managing them week by week needs their
numbers.  The call centre's KPI table has one row per agent and week (calls,
handle time, first-contact resolution, satisfaction, schedule adherence).  Two questions
recur and are answered here once:

- what did the **team** achieve each week (:func:`team_weekly`)?  A per-call measure is
  weighted by each agent's calls, so a busy agent counts for more; a share of scheduled
  time (adherence) is a plain mean over agents;
- what did **each agent** achieve over a period (:func:`agent_means`), the basis of a
  coaching dashboard and of before/after comparisons.

A third question is who needs help on which measure (:func:`weak_spots`).  An agent is
flagged where a robust z-score (:func:`~servicelab.stats.robust_z`) falls below a cut; with
many agents and measures, some cells fall below any cut by chance, so the flags come with the
number of false alarms chance alone would give (:func:`flag_false_alarms`), and a stricter
procedure flags only a weakness seen in two separate periods.  The difference-in-differences
of a training is in :mod:`servicelab.stats` (:func:`~servicelab.stats.diff_in_diff`).

>>> kpis = pd.DataFrame({"week": ["2025-01-06"] * 2, "agent": ["A01", "A02"],
...                      "calls": [100, 300], "fcr": [0.6, 0.8]})
>>> round(float(team_weekly(kpis, "fcr").iloc[0]), 3)
0.75
"""

from __future__ import annotations

import pandas as pd

import numpy as np
from scipy import stats as _scipy_stats

from servicelab._validate import columns, finite, integer
from servicelab.stats import false_alarms, window_means

__all__ = ["agent_means", "flag_false_alarms", "team_weekly", "weak_spots"]


def team_weekly(kpis: pd.DataFrame, metric: str, *, weight: str | None = "calls", period: str = "week") -> pd.Series:
    """The whole team's value of a KPI in each period.

    With weights (calls handled by agent i in the week)::

        team value = sum_i(calls_i x value_i) / sum_i(calls_i)

    which is the value over all the team's calls when each agent's value is a per-call
    average (handle time, first-contact resolution, satisfaction).  With ``weight=None``
    every agent counts the same, right for a share of each agent's own time such as
    schedule adherence.

    Parameters
    ----------
    kpis : pandas.DataFrame
        One row per agent and period, with the ``period`` and ``metric`` columns (and
        the ``weight`` column, if given).
    metric : str
        The KPI column.
    weight : str or None, default "calls"
        Column of weights (>= 0), or None for a plain mean over agents.
    period : str, default "week"
        Column naming the period.

    Returns
    -------
    pandas.Series
        Indexed by period, in the units of ``metric``.
    """
    columns(kpis, "kpis", [period, metric] + ([weight] if weight is not None else []))
    if weight is None:
        return kpis.groupby(period)[metric].mean()
    total = (kpis[metric] * kpis[weight]).groupby(kpis[period]).sum()
    return total / kpis.groupby(period)[weight].sum()


def agent_means(kpis: pd.DataFrame, metric: str, period, *, agent: str = "agent", time: str = "week") -> pd.Series:
    """Each agent's mean of a KPI over the weeks from ``period[0]`` to ``period[1]``, both included.

    Parameters
    ----------
    kpis : pandas.DataFrame
        One row per agent and week.
    metric : str
        The KPI column.
    period : (start, end)
        First and last week, as dates or date strings ("2025-02-24").
    agent, time : str
        Columns naming the agent and the week.

    Returns
    -------
    pandas.Series
        Indexed by agent, in the units of ``metric``.

    Examples
    --------
    >>> kpis = pd.DataFrame({"week": pd.to_datetime(["2025-01-06", "2025-01-13"] * 2),
    ...                      "agent": ["A01", "A01", "A02", "A02"], "fcr": [0.6, 0.7, 0.8, 0.9]})
    >>> agent_means(kpis, "fcr", ("2025-01-06", "2025-01-13")).round(2).tolist()
    [0.65, 0.85]
    """
    return window_means(kpis, unit=agent, time=time, value=metric, window=period)


def weak_spots(z: pd.DataFrame, cut: float = -1.25, *, earlier: pd.DataFrame | None = None) -> pd.DataFrame:
    """The cells (agent, measure) whose robust z-score is at or below ``cut``.

    With ``earlier`` (the same agents and measures scored over an earlier, separate
    period) a cell is flagged only if it is at or below the cut in **both** periods: a
    weakness that persists rather than a bad few weeks.

    Parameters
    ----------
    z : pandas.DataFrame
        Robust z-scores, one row per agent and one column per measure, negative = worse
        (:func:`servicelab.stats.robust_z` with the direction of each measure).
    cut : float, default -1.25
        Flag at or below this score (< 0).
    earlier : pandas.DataFrame, optional
        Scores of the same agents and measures in an earlier period.

    Returns
    -------
    pandas.DataFrame
        One row per flagged cell, worst first: ``agent``, ``measure``, ``z`` (and
        ``z_earlier`` with ``earlier``).

    Examples
    --------
    >>> z = pd.DataFrame({"fcr": [-2.0, 0.1, -1.3], "csat": [0.5, -1.6, 0.2]}, index=["A01", "A02", "A03"])
    >>> weak_spots(z)[["agent", "measure"]].values.tolist()
    [['A01', 'fcr'], ['A02', 'csat'], ['A03', 'fcr']]
    >>> before = pd.DataFrame({"fcr": [-1.9, 0.0, 0.4], "csat": [0.1, -1.4, 0.3]}, index=["A01", "A02", "A03"])
    >>> weak_spots(z, earlier=before)["agent"].tolist()
    ['A01', 'A02']
    """
    limit = finite(cut, "cut")
    if limit >= 0:
        raise ValueError(f"cut={cut!r} must be < 0 (a score below the team's median)")
    if not isinstance(z, pd.DataFrame) or z.empty:
        raise ValueError("z must be a non-empty DataFrame of scores, one row per agent and one column per measure")
    long = z.rename_axis(index="agent", columns="measure").stack().rename("z").reset_index()
    flagged = long["z"] <= limit
    if earlier is not None:
        if not isinstance(earlier, pd.DataFrame):
            raise ValueError("earlier must be a DataFrame like z, or None")
        if set(earlier.index) != set(z.index) or set(earlier.columns) != set(z.columns):
            raise ValueError("earlier must score the same agents (rows) and measures (columns) as z")
        before = earlier.rename_axis(index="agent", columns="measure").stack().rename("z_earlier")
        long = long.join(before, on=["agent", "measure"])
        flagged &= long["z_earlier"] <= limit
    return long[flagged].sort_values("z", kind="stable").reset_index(drop=True)


def flag_false_alarms(cells: int, cut: float = -1.25, *, periods: int = 1) -> dict[str, float]:
    """How many cells a robust-z cut flags by chance alone, if no agent really differed.

    If every agent had the same true level, each score would be roughly standard normal,
    so one cell falls at or below the cut with probability alpha = Phi(cut); a flag that
    needs the cut in ``periods`` separate periods (independent noise) has alpha^periods.
    Over ``cells`` = agents x measures the count of false flags is Binomial(cells, alpha)::

        expected false flags = cells x Phi(cut)^periods

    (:func:`servicelab.stats.false_alarms`).  At the cut -1.25, alpha is about 0.106: 120
    cells give about 12.7 flags by chance; asking for two periods gives about 1.3.

    Parameters
    ----------
    cells : int
        Agents x measures scored, >= 1.
    cut : float
        The cut (< 0).
    periods : int, default 1
        Separate periods in which a cell must fall below the cut, >= 1.

    Returns
    -------
    dict
        ``tests`` (cells), ``alpha`` (chance per cell), ``expected`` (false flags) and
        ``p_at_least_one``.

    Examples
    --------
    >>> round(flag_false_alarms(120, -1.25)["expected"], 1)
    12.7
    >>> round(flag_false_alarms(120, -1.25, periods=2)["expected"], 2)
    1.34
    """
    limit = finite(cut, "cut")
    if limit >= 0:
        raise ValueError(f"cut={cut!r} must be < 0 (a score below the team's median)")
    k = integer(periods, "periods", minimum=1)
    alpha = float(_scipy_stats.norm.cdf(limit)) ** k
    return false_alarms(tests=cells, alpha=alpha)
