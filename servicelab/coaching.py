"""Coaching with KPIs: the team's weekly figure, each agent's figure over a period, and who needs which help.

Chapter 7 of the course (客户服务人员的管理) asks managers to set goals, train and
coach their people.  The call centre's KPI table has one row per agent and week (calls,
handle time, first-contact resolution, satisfaction, schedule adherence).  Two questions
recur and are answered here once:

- what did the **team** achieve each week (:func:`team_weekly`)?  A per-call measure is
  weighted by each agent's calls, so a busy agent counts for more; a share of scheduled
  time (adherence) is a plain mean over agents;
- what did **each agent** achieve over a period (:func:`agent_means`), the basis of a
  coaching dashboard and of before/after comparisons.

Robust z-scores that flag an agent's weak measures, the false alarms such flags raise by
chance, and the difference-in-differences of a training are in :mod:`servicelab.stats`
(:func:`~servicelab.stats.robust_z`, :func:`~servicelab.stats.false_alarms`,
:func:`~servicelab.stats.diff_in_diff`).

>>> kpis = pd.DataFrame({"week": ["2025-01-06"] * 2, "agent": ["A01", "A02"],
...                      "calls": [100, 300], "fcr": [0.6, 0.8]})
>>> round(float(team_weekly(kpis, "fcr").iloc[0]), 3)
0.75
"""

from __future__ import annotations

import pandas as pd

from servicelab._validate import columns
from servicelab.stats import window_means

__all__ = ["agent_means", "team_weekly"]


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
