"""Appointments and no-shows: how many to book into the slots, and what a deposit recovers.

Chapter 6 of the course cuts waiting with appointments (预约制度), and warns that booked
customers who do not come leave slots empty; its advice includes a deposit or prepayment
(预付款或保证金) against that loss.  With each booked customer coming independently with
probability p, the number who come is Binomial(bookings, p).  Here:

- the expected outcome of booking more customers than slots (:func:`overbooking_table`)
  and the best number to book (:func:`best_bookings`);
- the money lost to no-shows, net of forfeited deposits (:func:`no_show_loss`).

The value of a slot and the cost of an overflow customer are not in the course: they are
parameters to be varied.

>>> best_bookings(20, 0.8, value_per_visit=100, overflow_cost=150)
24
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from servicelab._validate import fraction, integer, non_negative, positive

__all__ = ["best_bookings", "no_show_loss", "overbooking_table"]


def overbooking_table(
    slots: int,
    show_probability: float,
    value_per_visit: float,
    overflow_cost: float,
    max_extra: int = 10,
) -> pd.DataFrame:
    """Expected outcome of booking ``slots`` to ``slots + max_extra`` customers.

    Each booked customer turns up independently with probability p,
    so the number who come is S ~ Binomial(B, p) for
    B bookings.  With K slots, a visit worth v and a cost
    c for each customer beyond the slots (overtime, a long wait, a
    walk-away),

    ::

        E[net] = v E[min(S, K)] - c E[(S - K)^+].

    Parameters
    ----------
    slots : int
        Appointment slots in the session, >= 1.
    show_probability : float
        Probability that a booked customer comes, in (0, 1].
    value_per_visit : float
        Value of a slot that is used (yuan, or any money unit), > 0.
    overflow_cost : float
        Cost of each customer who comes when every slot is taken, >= 0.
    max_extra : int, default 10
        Largest number of extra bookings to tabulate, >= 0.

    Returns
    -------
    pandas.DataFrame
        One row per number of bookings: ``bookings``, ``extra``, ``expected_shows``,
        ``expected_idle_slots``, ``expected_overflow``, ``p_overflow`` (probability at
        least one customer is beyond the slots) and ``expected_net`` (money unit).

    References
    ----------
    Cayirli and Veral (2003) review outpatient scheduling, including overbooking.

    Examples
    --------
    >>> t = overbooking_table(20, 0.8, value_per_visit=100, overflow_cost=150, max_extra=6)
    >>> int(t.loc[t["expected_net"].idxmax(), "bookings"])
    24
    """
    k = integer(slots, "slots", minimum=1)
    p = fraction(show_probability, "show_probability")
    if p == 0:
        raise ValueError(f"show_probability={show_probability!r} must be > 0")
    v = positive(value_per_visit, "value_per_visit")
    c = non_negative(overflow_cost, "overflow_cost")
    extra_max = integer(max_extra, "max_extra", minimum=0)
    rows = []
    for bookings in range(k, k + extra_max + 1):
        shows = np.arange(bookings + 1)
        pmf = stats.binom.pmf(shows, bookings, p)
        used = float(np.sum(pmf * np.minimum(shows, k)))
        over = float(np.sum(pmf * np.maximum(shows - k, 0)))
        rows.append({
            "bookings": bookings,
            "extra": bookings - k,
            "expected_shows": bookings * p,
            "expected_idle_slots": k - used,
            "expected_overflow": over,
            "p_overflow": float(stats.binom.sf(k, bookings, p)),
            "expected_net": v * used - c * over,
        })
    return pd.DataFrame(rows)


def best_bookings(
    slots: int,
    show_probability: float,
    value_per_visit: float,
    overflow_cost: float,
    max_extra: int = 30,
) -> int:
    """Bookings that maximise the expected net value of :func:`overbooking_table`.

    The expected net value is concave in the number of bookings, so the best
    number is where one more booking stops paying: the marginal booking adds
    p [v P(S_B < K) - c P(S_B >= K)], which falls as B
    grows.

    Parameters
    ----------
    slots, show_probability, value_per_visit, overflow_cost, max_extra
        As for :func:`overbooking_table` (``max_extra`` defaults to 30 here).

    Returns
    -------
    int
        The best number of bookings (the smallest, if several tie).

    Examples
    --------
    >>> best_bookings(20, 0.8, value_per_visit=100, overflow_cost=150)
    24
    >>> best_bookings(20, 1.0, value_per_visit=100, overflow_cost=150)   # everyone comes
    20
    """
    table = overbooking_table(slots, show_probability, value_per_visit, overflow_cost, max_extra)
    return int(table.loc[table["expected_net"].idxmax(), "bookings"])


def no_show_loss(
    bookings: int,
    no_show_rate: float,
    value_per_visit: float,
    deposit: float = 0.0,
) -> float:
    """Expected money lost to no-shows in one session, net of forfeited deposits.

    ::

        L = B q max(v - d, 0)

    for B bookings, no-show rate q, slot value v and a
    deposit d that a customer who does not come forfeits.  The slot is
    assumed to stay empty (no overbooking, no walk-in to fill it).

    Parameters
    ----------
    bookings : int
        Customers booked, >= 0.
    no_show_rate : float
        Share of booked customers who do not come, in [0, 1].
    value_per_visit : float
        Value of a used slot (money unit), >= 0.
    deposit : float, default 0
        Deposit or prepayment kept when a customer does not come, >= 0.

    Returns
    -------
    float
        Expected loss in the money unit of ``value_per_visit``.

    Examples
    --------
    >>> no_show_loss(32, 0.2, value_per_visit=150)
    960.0
    >>> no_show_loss(32, 0.2, value_per_visit=150, deposit=50)
    640.0
    """
    b = integer(bookings, "bookings", minimum=0)
    q = fraction(no_show_rate, "no_show_rate")
    v = non_negative(value_per_visit, "value_per_visit")
    d = non_negative(deposit, "deposit")
    return float(b * q * max(v - d, 0.0))

