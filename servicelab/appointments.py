"""Appointments and no-shows: how many to book into the slots, and what a deposit recovers.

The course slides (Chapter 6) cut waiting with an appointment system (预约制度) and list
six cautions for running one (预约制度实施的注意点); the fifth is that a booked customer
must be served promptly on arrival (必须保证预约客户到来时可以获得及时的服务), the sixth
that a prepayment or deposit (预付款或保证金) guards against the losses bookings can cause.
Booked customers who do not come (no-shows) leave slots empty; booking more customers
than slots (overbooking) fills them, at the price of customers who come and must wait,
or cannot be served at all.  Here:

- the expected outcome of booking more customers than slots, hour by hour, with the
  waiting that a double-booked hour causes (:func:`session_outcome`,
  :func:`overbooking_table`) and the best number to book (:func:`best_bookings`);
- the money lost to no-shows, net of forfeited deposits (:func:`no_show_loss`).

The session model: ``rooms`` customers can be served at once, for ``hours`` one-hour
slots.  Each booked customer comes, independently, with probability p, at the start of
the hour booked.  In each hour the customers present (those booked for the hour who came,
plus those still waiting from earlier hours) are served, ``rooms`` at most, first come
first served; the rest wait another hour.  Customers still waiting after the last hour
are the *overflow*: they cannot be served within the session.  With one hour this is the
plain binomial model: S ~ Binomial(B, p) come, min(S, K) are served, (S - K)^+ overflow.

The value of a slot, the cost of an overflow customer and the cost of an hour of waiting
are not in the course: they are parameters to be varied.

>>> best_bookings(20, 0.8, value_per_visit=100, overflow_cost=150)
24
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from servicelab._validate import fraction, integer, non_negative, positive, whole_numbers

__all__ = ["PLACEMENTS", "best_bookings", "no_show_loss", "overbooking_table", "session_outcome", "spread_bookings"]

PLACEMENTS = ("first", "spread", "last")
"""Where :func:`spread_bookings` puts the extra bookings: all in the first hour, one per
hour from the first hour on, or one per hour from the last hour back."""


def _probability(show_probability) -> float:
    p = fraction(show_probability, "show_probability")
    if p == 0:
        raise ValueError(f"show_probability={show_probability!r} must be > 0")
    return p


def session_outcome(bookings_per_hour, rooms: int, show_probability: float) -> dict[str, float]:
    """Expected outcome of one session, hour by hour, with waiting carried over.

    Exact, by carrying the probability distribution of the number still waiting from one
    hour to the next::

        present_h = waiting_(h-1) + A_h,   A_h ~ Binomial(b_h, p)
        served_h  = min(present_h, R),     waiting_h = present_h - served_h

    for b_h bookings in hour h and R rooms.  Every customer carried into the next hour
    waits that hour; those still waiting after the last hour are the overflow.

    Parameters
    ----------
    bookings_per_hour : sequence of int
        Customers booked for each one-hour slot of the session, each >= 0.
    rooms : int
        Customers served at once (treatment rooms, doctors), >= 1.
    show_probability : float
        Probability that a booked customer comes, in (0, 1].

    Returns
    -------
    dict
        ``bookings``, ``expected_shows``, ``expected_served`` (within the session),
        ``expected_idle`` (room-hours left empty), ``expected_wait_hours`` (customer-hours
        spent waiting for a room, overflow customers' hours included),
        ``p_wait`` (probability that at least one customer waits),
        ``expected_overflow`` and ``p_overflow`` (probability of at least one).

    References
    ----------
    Cayirli and Veral (2003) review appointment scheduling, overbooking and the
    trade-off between idle time and customers' waiting.

    Examples
    --------
    >>> out = session_outcome([5, 4], rooms=4, show_probability=0.5)   # overflow: all 9 come, 1/512
    >>> round(out["expected_overflow"] * 512, 9), round(out["p_wait"] * 32, 9)
    (1.0, 1.0)
    """
    plan = whole_numbers(bookings_per_hour, "bookings_per_hour")
    if plan.ndim != 1:
        raise ValueError("bookings_per_hour must be a sequence of whole numbers, one per hour")
    r = integer(rooms, "rooms", minimum=1)
    p = _probability(show_probability)
    waiting = np.array([1.0])  # distribution of the number waiting: P(W = w) = waiting[w]
    served = wait_hours = 0.0
    for b in plan.tolist():
        arrivals = stats.binom.pmf(np.arange(b + 1), b, p)
        present = np.convolve(waiting, arrivals)
        counts = np.arange(present.size)
        served += float(np.sum(present * np.minimum(counts, r)))
        carried = np.zeros(max(present.size - r, 1))
        carried[0] = present[: r + 1].sum()
        carried[1:] = present[r + 1:]
        waiting = carried
        wait_hours += float(np.sum(np.arange(waiting.size) * waiting))
    overflow = float(np.sum(np.arange(waiting.size) * waiting))
    return {
        "bookings": int(plan.sum()),
        "expected_shows": float(plan.sum() * p),
        "expected_served": served,
        "expected_idle": float(r * plan.size - served),
        "expected_wait_hours": wait_hours,
        "p_wait": _p_any_wait(plan, r, p),
        "expected_overflow": overflow,
        "p_overflow": float(waiting[1:].sum()),
    }


def _p_any_wait(plan: np.ndarray, rooms: int, p: float) -> float:
    """P(at least one customer waits): 1 - P(nobody is ever carried over).

    Nobody waits only if no hour has more than ``rooms`` customers present; while nobody
    has waited, the customers present in hour h are exactly those who came for hour h.
    """
    nobody = 1.0
    for b in plan.tolist():
        nobody *= float(stats.binom.cdf(rooms, b, p))
    return 1.0 - nobody


def spread_bookings(rooms: int, hours: int, extra: int, placement: str = "spread") -> np.ndarray:
    """Bookings per hour: every slot booked once, plus ``extra`` bookings placed by rule.

    Parameters
    ----------
    rooms, hours : int
        Rooms (customers served at once) and one-hour slots in the session, each >= 1.
    extra : int
        Bookings beyond the rooms x hours slots, >= 0.
    placement : {"first", "spread", "last"}
        "first": all extra bookings in the first hour; "spread": one per hour from the
        first hour on (round robin); "last": one per hour from the last hour back.

    Returns
    -------
    numpy.ndarray
        Bookings for each hour (int).

    Examples
    --------
    >>> spread_bookings(4, 4, 2).tolist(), spread_bookings(4, 4, 2, "last").tolist()
    ([5, 5, 4, 4], [4, 4, 5, 5])
    """
    r = integer(rooms, "rooms", minimum=1)
    h = integer(hours, "hours", minimum=1)
    e = integer(extra, "extra", minimum=0)
    if placement not in PLACEMENTS:
        raise ValueError(f"placement={placement!r} must be one of {list(PLACEMENTS)}")
    plan = np.full(h, r, dtype=np.int64)
    if placement == "first":
        plan[0] += e
    else:
        order = np.arange(h) if placement == "spread" else np.arange(h)[::-1]
        for k in range(e):
            plan[order[k % h]] += 1
    return plan


def overbooking_table(
    slots: int,
    show_probability: float,
    value_per_visit: float,
    overflow_cost: float,
    max_extra: int = 10,
    *,
    hours: int = 1,
    placement: str = "spread",
    wait_cost: float = 0.0,
    overflow_value: float = 0.0,
) -> pd.DataFrame:
    """Expected outcome of booking ``slots`` to ``slots + max_extra`` customers.

    The session has ``slots`` = rooms x ``hours`` slots (:func:`session_outcome`); the
    extra bookings are placed by ``placement`` (:func:`spread_bookings`).  With a value
    v per customer served in the session, a value v_o and a cost c per overflow customer
    and a cost w per customer-hour of waiting,

    ::

        E[net] = v E[served] + (v_o - c) E[overflow] - w E[wait hours].

    With ``hours=1`` and no waiting cost this is the plain binomial model,
    E[net] = v E[min(S, K)] - c E[(S - K)^+] for S ~ Binomial(B, p): overflow customers
    cannot be served and earn nothing (``overflow_value=0``); give ``overflow_value`` if
    they are served in overtime instead, with ``overflow_cost`` the overtime's cost.

    Parameters
    ----------
    slots : int
        Appointment slots in the session, >= 1; a whole multiple of ``hours``.
    show_probability : float
        Probability that a booked customer comes, in (0, 1].
    value_per_visit : float
        Value of a customer served in the session (money unit; a contribution margin,
        not a price, when profit is at stake), > 0.
    overflow_cost : float
        Cost of each customer who cannot be served in the session, >= 0.
    max_extra : int, default 10
        Largest number of extra bookings to tabulate, >= 0.
    hours : int, default 1
        One-hour slots in the session, >= 1 (rooms = slots / hours).
    placement : {"first", "spread", "last"}, default "spread"
        Where the extra bookings go (:func:`spread_bookings`).
    wait_cost : float, default 0
        Cost of one customer-hour of waiting for a room (goodwill, a free drink), >= 0.
    overflow_value : float, default 0
        Value still earned from an overflow customer (0 if sent away), >= 0.

    Returns
    -------
    pandas.DataFrame
        One row per number of bookings: ``bookings``, ``extra``, ``expected_shows``,
        ``expected_idle_slots``, ``expected_wait_hours``, ``expected_overflow``,
        ``p_overflow`` (probability at least one customer cannot be served) and
        ``expected_net`` (money unit).

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
    p = _probability(show_probability)
    v = positive(value_per_visit, "value_per_visit")
    c = non_negative(overflow_cost, "overflow_cost")
    extra_max = integer(max_extra, "max_extra", minimum=0)
    h = integer(hours, "hours", minimum=1)
    if k % h:
        raise ValueError(f"hours={hours!r} must divide slots={slots!r} into whole rooms")
    w = non_negative(wait_cost, "wait_cost")
    vo = non_negative(overflow_value, "overflow_value")
    rooms = k // h
    rows = []
    for extra in range(extra_max + 1):
        out = session_outcome(spread_bookings(rooms, h, extra, placement), rooms, p)
        rows.append({
            "bookings": k + extra,
            "extra": extra,
            "expected_shows": out["expected_shows"],
            "expected_idle_slots": out["expected_idle"],
            "expected_wait_hours": out["expected_wait_hours"],
            "expected_overflow": out["expected_overflow"],
            "p_overflow": out["p_overflow"],
            "expected_net": v * out["expected_served"] + (vo - c) * out["expected_overflow"]
            - w * out["expected_wait_hours"],
        })
    return pd.DataFrame(rows)


def best_bookings(
    slots: int,
    show_probability: float,
    value_per_visit: float,
    overflow_cost: float,
    max_extra: int = 30,
    **options,
) -> int:
    """Bookings that maximise the expected net value of :func:`overbooking_table`.

    In the one-hour model the expected net value is concave in the number of bookings,
    so the best number is where one more booking stops paying: the marginal booking adds
    p [v P(S_B < K) - c P(S_B >= K)], which falls as B grows.  With several hours the
    table is searched up to ``max_extra``.

    Parameters
    ----------
    slots, show_probability, value_per_visit, overflow_cost, max_extra
        As for :func:`overbooking_table` (``max_extra`` defaults to 30 here).
    **options
        ``hours``, ``placement``, ``wait_cost``, ``overflow_value`` of
        :func:`overbooking_table`.

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
    table = overbooking_table(slots, show_probability, value_per_visit, overflow_cost, max_extra, **options)
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
