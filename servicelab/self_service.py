"""Self-service economics: cost per contact by channel, what shifting contacts saves, and the break-even.

Chapter 4 of the course lets customers serve themselves (自助客服): an app or a website
answers routine requests at a fraction of an agent's cost, but only the attempts that
succeed (containment) save anything; the rest come back to an agent.  Here:

- contacts and cost by channel (:func:`channel_costs`);
- the saving from moving a share of assisted contacts to self-service
  (:func:`self_service_saving`);
- the containment at which self-service breaks even (:func:`break_even_containment`);
- the saving when the agents are staffed for a service level, interval by interval
  (:func:`staffed_saving`): fewer calls do not remove agents one for one, because a smaller
  centre needs more spare capacity per call for the same service level (Erlang C), and the
  containment at which that saving breaks even (:func:`staffed_break_even`).

Costs and shares are not in the course: they are parameters to be varied.

>>> break_even_containment(cost_assisted=25, cost_self=2)
0.08
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from servicelab import staffing
from servicelab._validate import fraction, non_negative, non_negative_values, positive

__all__ = ["break_even_containment", "channel_costs", "self_service_saving", "staffed_break_even", "staffed_saving"]


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

    ::

        S = N s (kappa c_a - c_s) - F,

    with contacts N, shift share s, containment kappa, assisted and
    self-service costs per contact c_a, c_s and fixed cost F of
    running the self-service channel.  Self-service pays per contact only if
    kappa > c_s / c_a (:func:`break_even_containment`).  Customers as
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


def break_even_containment(cost_assisted: float, cost_self: float, *, fixed_cost: float = 0.0,
                           attempts: float | None = None) -> float:
    """The share of self-service attempts that must succeed for self-service to save money.

    Setting the saving of :func:`self_service_saving`, A (kappa c_a - c_s) - F with
    A = N s attempts, to zero gives::

        kappa* = (F / A + c_s) / c_a

    and, without a fixed cost, kappa* = c_s / c_a.  Above 1, self-service cannot pay at
    any containment.

    Parameters
    ----------
    cost_assisted, cost_self : float
        Cost of one assisted and one self-service contact (yuan), c_a > 0, c_s >= 0.
    fixed_cost : float, default 0
        Fixed cost F of running the self-service channel in the period (yuan), >= 0.
    attempts : float, optional
        Self-service attempts A in the period (contacts x shift share), > 0; needed when
        there is a fixed cost.

    Examples
    --------
    >>> break_even_containment(cost_assisted=25, cost_self=2)
    0.08
    >>> round(break_even_containment(cost_assisted=9, cost_self=1.2, fixed_cost=90_000, attempts=20_000), 4)
    0.6333
    """
    c_a = positive(cost_assisted, "cost_assisted")
    c_s = non_negative(cost_self, "cost_self")
    fixed = non_negative(fixed_cost, "fixed_cost")
    if attempts is None:
        if fixed > 0:
            raise ValueError(f"fixed_cost={fixed_cost!r} needs attempts= (the self-service attempts it is spread over)")
        return c_s / c_a
    return (fixed / positive(attempts, "attempts") + c_s) / c_a


def staffed_saving(
    calls,
    *,
    aht: float,
    shift_share: float,
    containment: float,
    cost_self: float,
    cost_per_agent_hour: float,
    fixed_cost: float = 0.0,
    shrinkage: float = 0.0,
    target_time: float = 20.0,
    target_level: float = 0.80,
    interval: float = 1800.0,
) -> dict[str, float]:
    """What moving calls to self-service saves when agents are staffed for a service level.

    In every interval the centre staffs the fewest agents that answer ``target_level`` of
    calls within ``target_time`` (Erlang C, :func:`servicelab.staffing.agents_needed`) and
    schedules ceil(c / (1 - shrinkage)) staff.  Of each interval's n calls, the share
    ``shift_share`` try self-service and the share ``containment`` of those succeed; the
    rest call anyway, so n (1 - s kappa) calls remain.  The saving is

    ::

        S = H_before w - H_after w - N s c_s - F,

    with H the scheduled agent hours over all intervals, w the cost of an agent hour,
    N s the self-service attempts at c_s each and F the fixed cost.  Because Erlang C has
    economies of scale, removing a share of the calls removes a smaller share of the agent
    hours: ``proportional_saving`` is what treating agent cost as proportional to calls would
    claim, for comparison.

    Parameters
    ----------
    calls : sequence of float
        Calls forecast for each interval (e.g. every half hour of a year), >= 0.
    aht : float
        Average handle time, seconds, > 0.
    shift_share, containment : float
        Share of calls that try self-service, and share of attempts that succeed, in [0, 1].
    cost_self : float
        Cost of one self-service attempt, yuan, >= 0.
    cost_per_agent_hour : float
        Cost of one scheduled agent hour, yuan, > 0.
    fixed_cost : float, default 0
        Fixed cost of the self-service channel over the period, yuan, >= 0.
    shrinkage : float, default 0
        Share of paid time off the phones, in [0, 1).
    target_time, target_level, interval
        As in :func:`servicelab.staffing.agents_needed`.

    Returns
    -------
    dict
        ``calls_before``, ``calls_after``, ``attempts``, ``agent_hours_before``,
        ``agent_hours_after``, ``hours_cut`` (share of agent hours saved), ``calls_cut`` (share
        of calls removed), ``agent_cost_before``, ``agent_cost_after``, ``self_service_cost``,
        ``fixed_cost``, ``saving`` and ``proportional_saving`` (yuan over the period).

    References
    ----------
    Gans, Koole and Mandelbaum (2003) on the economies of scale of staffing.

    Examples
    --------
    >>> r = staffed_saving([100.0], aht=180, shift_share=0.15, containment=1.0, cost_self=0.0,
    ...                    cost_per_agent_hour=50.0)
    >>> r["agent_hours_before"], r["agent_hours_after"]     # 14 agents for 100 calls, 12 for 85
    (7.0, 6.0)
    >>> round(r["calls_cut"], 2), round(r["hours_cut"], 3)
    (0.15, 0.143)
    """
    volume = non_negative_values(calls, "calls")
    handle = positive(aht, "aht")
    s = fraction(shift_share, "shift_share")
    kappa = fraction(containment, "containment")
    c_s = non_negative(cost_self, "cost_self")
    wage = positive(cost_per_agent_hour, "cost_per_agent_hour")
    fixed = non_negative(fixed_cost, "fixed_cost")
    length = positive(interval, "interval")
    after = volume * (1.0 - s * kappa)

    def hours(load: np.ndarray) -> float:
        values, counts = np.unique(load, return_counts=True)
        agents = np.array([staffing.agents_needed(v, handle, target_time=target_time, target_level=target_level,
                                                  interval=length) for v in values])
        staff = staffing.scheduled_staff(agents, shrinkage)
        return float(np.sum(np.asarray(staff) * counts) * length / 3600.0)

    h_before, h_after = hours(volume), hours(after)
    attempts = float(volume.sum() * s)
    cost_before, cost_after = h_before * wage, h_after * wage
    self_cost = attempts * c_s
    total = float(volume.sum())
    per_call = cost_before / total if total > 0 else 0.0
    return {
        "calls_before": total,
        "calls_after": float(after.sum()),
        "attempts": attempts,
        "agent_hours_before": h_before,
        "agent_hours_after": h_after,
        "hours_cut": 1.0 - h_after / h_before if h_before > 0 else 0.0,
        "calls_cut": s * kappa,
        "agent_cost_before": cost_before,
        "agent_cost_after": cost_after,
        "self_service_cost": self_cost,
        "fixed_cost": fixed,
        "saving": cost_before - cost_after - self_cost - fixed,
        "proportional_saving": total * s * kappa * per_call - self_cost - fixed,
    }


def staffed_break_even(calls, *, tolerance: float = 1e-4, **kwargs) -> float:
    """The containment at which :func:`staffed_saving` first reaches zero.

    The staffed saving never falls as containment rises (more contained attempts leave fewer
    calls, and fewer calls never need more agents), so the smallest containment with a
    saving >= 0 is found by bisection on [0, 1].  Returns ``inf`` when even full containment
    does not pay, and 0 when self-service pays at any containment.

    Parameters
    ----------
    calls : sequence of float
        As in :func:`staffed_saving`.
    tolerance : float, default 1e-4
        Width of the final bracket, > 0.
    **kwargs
        Every other argument of :func:`staffed_saving` except ``containment``.

    Examples
    --------
    >>> k = staffed_break_even([100.0] * 4, aht=180, shift_share=0.5, cost_self=1.0, cost_per_agent_hour=50.0,
    ...                        fixed_cost=200.0)
    >>> round(k, 3)      # about 73 calls left per half hour: 10 agents instead of 14
    0.541
    """
    if "containment" in kwargs:
        raise ValueError("containment is what staffed_break_even finds; do not pass it")
    step = positive(tolerance, "tolerance")

    def saving(kappa: float) -> float:
        return staffed_saving(calls, containment=kappa, **kwargs)["saving"]

    if saving(1.0) < 0:
        return math.inf
    if saving(0.0) >= 0:
        return 0.0
    low, high = 0.0, 1.0
    while high - low > step:
        middle = (low + high) / 2
        if saving(middle) >= 0:
            high = middle
        else:
            low = middle
    return high
