"""Perishable capacity: what a fixed capacity does against demand that varies by the hour.

A service cannot be made ahead and stored (perishability, 不可储存性): a seat left
empty at 15:00 is lost, and it cannot serve a guest turned away at 19:00.  With
demand d_h in hour h and a fixed capacity K per hour,

::

    served_h = min(d_h, K),
    idle_h = max(K - d_h, 0),
    turned away_h = max(d_h - K, 0).

Idle capacity and turned-away demand happen in *different* hours, so they cannot
cancel out; that is the whole cost of perishability.

>>> from servicelab.capacity import hour_by_hour
>>> hour_by_hour([40, 130, 90], capacity=100)[["served", "idle", "turned_away"]].sum().tolist()
[230, 70, 30]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from servicelab._validate import non_empty, non_negative, non_negative_values, positive

__all__ = ["best_fixed_capacity", "capacity_profit", "capacity_scenarios", "hour_by_hour", "totals"]


def hour_by_hour(demand: Sequence[float], capacity: float) -> pd.DataFrame:
    """Split each hour's demand into served, idle capacity and turned away.

    Parameters
    ----------
    demand : sequence of float
        Customers (or units of work) arriving in each period, >= 0.
    capacity : float
        Customers the service can handle in one period, > 0 (the same every period).

    Returns
    -------
    pandas.DataFrame
        Columns ``demand``, ``capacity``, ``served``, ``idle``, ``turned_away``, one
        row per period, in the units of ``demand``.
    """
    values = non_negative_values(demand, "demand")
    cap = positive(capacity, "capacity")
    served = np.minimum(values, cap)
    frame = pd.DataFrame(
        {
            "demand": values,
            "capacity": np.full(values.size, cap),
            "served": served,
            "idle": cap - served,
            "turned_away": values - served,
        }
    )
    if np.all(values == np.round(values)) and float(cap).is_integer():
        frame = frame.astype("int64")
    return frame


def totals(demand: Sequence[float], capacity: float) -> dict[str, float]:
    """Totals for one capacity: served, idle, turned away, utilisation and loss shares.

    ``utilisation`` is served / (capacity x periods); ``share_turned_away`` is
    turned away / total demand.

    >>> s = totals([40, 130, 90], capacity=100)
    >>> s["utilisation"], s["share_turned_away"]
    (0.7667, 0.1154)
    """
    table = hour_by_hour(demand, capacity)
    total_demand = float(table["demand"].sum())
    total_capacity = float(table["capacity"].sum())
    return {
        "capacity": float(capacity),
        "demand": total_demand,
        "served": float(table["served"].sum()),
        "idle": float(table["idle"].sum()),
        "turned_away": float(table["turned_away"].sum()),
        "utilisation": round(float(table["served"].sum()) / total_capacity, 4),
        "share_turned_away": round(float(table["turned_away"].sum()) / total_demand, 4) if total_demand else 0.0,
    }


def capacity_scenarios(demand: Sequence[float], capacities: Sequence[float]) -> pd.DataFrame:
    """One row of :func:`totals` per candidate capacity.

    >>> capacity_scenarios([40, 130, 90], [80, 100, 130])["turned_away"].tolist()
    [60.0, 30.0, 0.0]
    """
    caps = non_empty(capacities, "capacities")
    return pd.DataFrame([totals(demand, c) for c in caps])


def _margins(margin_per_customer, size: int) -> np.ndarray:
    """The margin of one customer served in each period: one number for all, or one per period."""
    if np.ndim(margin_per_customer) == 0:
        return np.full(size, positive(margin_per_customer, "margin_per_customer"))
    margins = non_negative_values(margin_per_customer, "margin_per_customer")
    if margins.size != size:
        raise ValueError(
            f"margin_per_customer has {margins.size} values but demand has {size} periods; "
            "give one margin for all periods or one per period"
        )
    if not margins.any():
        raise ValueError("margin_per_customer must be > 0 in at least one period")
    return margins


def capacity_profit(demand: Sequence[float], capacities: Sequence[float], margin_per_customer,
                    cost_per_unit: float) -> pd.DataFrame:
    """Contribution, capacity cost and profit of each candidate capacity over all periods.

    For capacity K over H periods, with margin m_h of a customer served in period h
    (one number for all periods, or one per period: a dinner guest earns more than a
    breakfast guest) and cost c of one unit of capacity for one period::

        contribution(K) = sum_h m_h min(d_h, K)
        cost(K)         = c K H
        profit(K)       = contribution(K) - cost(K)

    Parameters
    ----------
    demand : sequence of float
        Demand in each period (>= 0).
    capacities : sequence of float
        Candidate capacities (>= 0).
    margin_per_customer : float or sequence of float
        Contribution margin of one customer served (yuan): one value, or one per period.
    cost_per_unit : float
        Cost of one unit of capacity for one period (yuan), >= 0.

    Returns
    -------
    pandas.DataFrame
        One row per capacity: ``capacity``, ``served``, ``contribution``, ``capacity_cost``,
        ``profit`` (yuan, over all periods).

    >>> capacity_profit([10, 20, 30, 40], [20, 30], margin_per_customer=4, cost_per_unit=1)["profit"].tolist()
    [200.0, 240.0]
    """
    values = non_negative_values(demand, "demand")
    caps = non_negative_values(non_empty(capacities, "capacities"), "capacities")
    margins = _margins(margin_per_customer, values.size)
    cost = non_negative(cost_per_unit, "cost_per_unit")
    served = np.minimum(values[None, :], caps[:, None])
    contribution = served @ margins
    capacity_cost = cost * caps * values.size
    return pd.DataFrame({
        "capacity": caps,
        "served": served.sum(axis=1),
        "contribution": contribution,
        "capacity_cost": capacity_cost,
        "profit": contribution - capacity_cost,
    })


def best_fixed_capacity(demand: Sequence[float], margin_per_customer, cost_per_unit: float) -> dict:
    """The capacity that earns most when the same capacity must be paid for every period.

    Profit for capacity K over H periods is
    sum_h m_h min(d_h, K) - c K H, with margin m_h per customer served in period h
    and cost c per unit of capacity per period.  One more unit of capacity earns
    m_h in every period whose demand exceeds K and costs c in every period, so it
    pays while sum_(h: d_h > K) m_h > c H.  With one margin m for all periods that is
    while the share of periods with d_h > K is above c/m: the best K is the
    (1 - c/m) quantile of period demand, the newsvendor's critical ratio applied to
    perishable capacity (Hillier and Lieberman 2015, the single-period model for
    perishable products).

    Parameters
    ----------
    demand : sequence of float
        Demand in each period (>= 0).
    margin_per_customer : float or sequence of float
        Contribution of one customer served, > 0: one value for all periods, or one per
        period (>= 0, not all zero).
    cost_per_unit : float
        Cost of one unit of capacity for one period, > 0 and below the mean margin
        (otherwise no capacity pays for itself).

    Returns
    -------
    dict
        ``capacity`` (an observed demand level; ties resolved to the smallest),
        ``critical_ratio`` = 1 - c / (mean margin), and ``profit`` at that capacity.

    >>> best_fixed_capacity([10, 20, 30, 40], margin_per_customer=4, cost_per_unit=1)["capacity"]
    30.0
    >>> best_fixed_capacity([10, 20, 30, 40], margin_per_customer=[1, 1, 1, 13], cost_per_unit=1)["capacity"]
    40.0
    """
    values = non_negative_values(demand, "demand")
    margins = _margins(margin_per_customer, values.size)
    cost = positive(cost_per_unit, "cost_per_unit")
    margin = float(margins.mean())
    if cost >= margin:
        raise ValueError(
            f"cost_per_unit={cost_per_unit!r} must be below the mean margin_per_customer={margin:g}, "
            "or no capacity pays for itself"
        )
    # Profit is piecewise linear in K with kinks at observed demand levels, so the
    # maximum lies at one of them: evaluate each.
    candidates = np.unique(values[values > 0])
    if candidates.size == 0:
        return {"capacity": 0.0, "critical_ratio": 1 - cost / margin, "profit": 0.0}
    table = capacity_profit(values, candidates, margins, cost)
    best = int(np.argmax(table["profit"].to_numpy()))
    return {
        "capacity": float(candidates[best]),
        "critical_ratio": 1 - cost / margin,
        "profit": float(table["profit"].iloc[best]),
    }
