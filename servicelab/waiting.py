"""Waiting as customers feel it: a perceived-wait teaching model, and appointments.

Two halves, both from the course's Chapter 6 ("reduce waiting time"):

1. **Psychological waiting time (心理排队时间).**  The course lists seven
   propositions: a wait feels shorter when it is occupied, relaxed, of known
   length, explained, reasonable, shared with a group and fair.  They restate
   Maister (1985), whose list has eight; we add his
   "pre-process waits feel longer than in-process waits" as an extension.  The
   model turns each proposition into a *multiplier* on the actual wait:

   .. math::

       W_{\\text{perceived}} = W_{\\text{actual}} \\times \\prod_{i\\,:\\,\\text{proposition } i
       \\text{ not met}} m_i, \\qquad m_i \\ge 1 .

   **The multipliers are illustrative parameters chosen by the book's authors,
   not measured constants.**  Maister stated his propositions qualitatively.
   Field and laboratory studies (Katz, Larson and Larson 1991; Taylor 1994;
   Hui and Tse 1996) support their direction for some settings, but report
   effects that depend on the setting and on the length of the wait, and that
   often show up in how a wait is *rated* rather than in how long it is thought
   to be.  Treat the numbers as knobs for thinking, not as predictions, and
   replace them with your own measurements (ask customers how long they think
   they waited, and time them) before relying on them.  The multiplicative form,
   which treats the propositions as independent, is also an assumption.

2. **Appointments (预约制度) and no-shows.**  The expected value of booking more
   customers than slots when some do not turn up, and the loss that a deposit
   recovers (:func:`overbooking_table`, :func:`best_bookings`,
   :func:`no_show_loss`).

>>> round(perceived_wait(10.0), 1)           # nothing done: idle, anxious, unexplained ...
24.4
>>> perceived_wait(10.0, **{key: True for key in PROPOSITIONS})   # every proposition met
10.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from servicelab._validate import finite, fraction, integer, non_empty, non_negative, positive

__all__ = [
    "PROPOSITIONS",
    "Proposition",
    "best_bookings",
    "no_show_loss",
    "overbooking_table",
    "perceived_wait",
    "proposition_table",
    "share_longer_than",
    "time_average_count",
    "wait_multiplier",
    "what_each_buys",
]


@dataclass(frozen=True)
class Proposition:
    """One proposition on the psychology of waiting.

    Attributes
    ----------
    key : str
        The keyword argument that says whether the proposition is met.
    met : str
        The state that makes a wait feel shorter ("occupied").
    not_met : str
        The opposite state ("unoccupied").
    chinese : str
        The course's wording.
    multiplier : float
        Factor on the actual wait when the proposition is *not* met (>= 1).
        Illustrative, chosen by the book's authors; not a measured constant.
    in_course : bool
        True for the course's seven; False for Maister's extension.
    evidence : str
        Where the idea comes from and what empirical work bears on it.
    """

    key: str
    met: str
    not_met: str
    chinese: str
    multiplier: float
    in_course: bool
    evidence: str


#: The course's seven propositions plus Maister's pre-process/in-process one.
#: Multipliers are the authors' illustrative parameters (see the module docstring).
PROPOSITIONS: dict[str, Proposition] = {
    p.key: p
    for p in (
        Proposition(
            "occupied", "occupied", "unoccupied (idle)", "有事可做 vs 无所事事", 1.20, True,
            "Maister (1985), proposition 1; Katz, Larson and Larson (1991) tested a news board "
            "in a bank queue.",
        ),
        Proposition(
            "relaxed", "relaxed", "anxious", "轻松愉快 vs 焦虑不安", 1.15, True,
            "Maister (1985), anxiety makes waits seem longer.",
        ),
        Proposition(
            "known_length", "of known length", "of uncertain length", "已知时长 vs 不确定", 1.10, True,
            "Maister (1985); Hui and Tse (1996) found duration information helps most for "
            "waits of intermediate length.",
        ),
        Proposition(
            "explained", "explained", "unexplained", "有解释 vs 无解释", 1.10, True,
            "Maister (1985); Taylor (1994) links uncertainty and anger about a delay to "
            "lower service evaluations.",
        ),
        Proposition(
            "reasonable", "reasonable", "unreasonable", "合理 vs 不合理", 1.10, True,
            "The course's fifth proposition; close to Maister's 'the more valuable the "
            "service, the longer people will wait'.",
        ),
        Proposition(
            "in_group", "in a group", "alone", "结伴 vs 独自", 1.05, True,
            "Maister (1985), solo waits feel longer than group waits.",
        ),
        Proposition(
            "fair", "fair", "unfair", "公平 vs 不公平", 1.15, True,
            "Maister (1985); Larson (1987) on social justice in queues (being overtaken).",
        ),
        Proposition(
            "in_process", "in-process", "pre-process", "服务中 vs 服务前", 1.10, False,
            "Maister (1985), pre-process waits feel longer than in-process waits; not in "
            "the course's list of seven.",
        ),
    )
}


def _multipliers(multipliers: Mapping[str, float] | None) -> dict[str, float]:
    """Defaults, overridden by any entries the caller gives (each checked >= 1)."""
    values = {key: p.multiplier for key, p in PROPOSITIONS.items()}
    if multipliers is None:
        return values
    if not isinstance(multipliers, Mapping):
        raise ValueError(f"multipliers={multipliers!r} must be a mapping of proposition to factor")
    for key, factor in multipliers.items():
        if key not in PROPOSITIONS:
            raise ValueError(f"multipliers has an unknown proposition {key!r}; "
                             f"known: {list(PROPOSITIONS)}")
        number = finite(factor, f"multipliers[{key!r}]")
        if number < 1:
            raise ValueError(f"multipliers[{key!r}]={factor!r} must be >= 1 "
                             "(a proposition not met never makes a wait feel shorter)")
        values[key] = number
    return values


def _flag(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}={value!r} must be True or False")
    return bool(value)


def wait_multiplier(
    *,
    occupied: bool = False,
    relaxed: bool = False,
    known_length: bool = False,
    explained: bool = False,
    reasonable: bool = False,
    in_group: bool = False,
    fair: bool = False,
    in_process: bool = False,
    multipliers: Mapping[str, float] | None = None,
) -> float:
    """How much longer a wait feels than it is, under the teaching model.

    The product of the multipliers of every proposition that is *not* met:
    :math:`M = \\prod_{i \\notin \\text{met}} m_i`.  With every proposition met,
    :math:`M = 1` and the wait feels as long as it is.

    Parameters
    ----------
    occupied, relaxed, known_length, explained, reasonable, in_group, fair, in_process : bool
        True when the wait has that property.  The default (all False) is a wait
        where nothing has been done for the customer.
    multipliers : mapping, optional
        Override any of the default multipliers in :data:`PROPOSITIONS`; each >= 1.
        The defaults are illustrative, not measured.

    Returns
    -------
    float
        The factor M >= 1 (dimensionless).

    References
    ----------
    Maister (1985), "The psychology of waiting lines".

    Examples
    --------
    >>> round(wait_multiplier(occupied=True, relaxed=True, reasonable=True, fair=True,
    ...                       in_group=True, in_process=True), 3)   # uncertain and unexplained
    1.21
    """
    flags = {
        "occupied": occupied, "relaxed": relaxed, "known_length": known_length,
        "explained": explained, "reasonable": reasonable, "in_group": in_group,
        "fair": fair, "in_process": in_process,
    }
    factors = _multipliers(multipliers)
    product = 1.0
    for key, value in flags.items():
        if not _flag(value, key):
            product *= factors[key]
    return product


def perceived_wait(actual_minutes, **conditions):
    """The wait a customer *feels*, under the teaching model: actual x multiplier.

    .. math::

        W_{\\text{perceived}} = W_{\\text{actual}} \\times M, \\qquad
        M = \\prod_{i \\notin \\text{met}} m_i \\quad\\text{(see :func:`wait_multiplier`)}

    Parameters
    ----------
    actual_minutes : float or array-like of float
        Actual (stopwatch) waits, minutes, each >= 0.
    **conditions
        The keyword arguments of :func:`wait_multiplier`: which propositions the
        wait meets (``occupied=True``, ...) and optional ``multipliers``.

    Returns
    -------
    float or numpy.ndarray
        Perceived waits in minutes, the same shape as ``actual_minutes``.

    Notes
    -----
    The multipliers are the authors' illustrative parameters, not measured
    constants; see the module docstring.

    Examples
    --------
    >>> round(perceived_wait(8.0, occupied=True, relaxed=True, reasonable=True, fair=True), 2)
    11.18
    """
    factor = wait_multiplier(**conditions)
    if np.ndim(actual_minutes) == 0:
        return non_negative(actual_minutes, "actual_minutes") * factor
    waits = non_empty(np.ravel(actual_minutes), "actual_minutes")
    if np.any(waits < 0):
        raise ValueError("actual_minutes must contain only values >= 0")
    return waits.reshape(np.shape(actual_minutes)) * factor


def what_each_buys(actual_minutes: float, **conditions) -> pd.DataFrame:
    """Perceived minutes saved by meeting each unmet proposition on its own.

    For a wait of ``actual_minutes`` under ``conditions``, each proposition that
    is not yet met is switched on alone, and the perceived wait recomputed.
    The saving of proposition :math:`i` is
    :math:`W_{\\text{perceived}} (1 - 1/m_i)`.

    Parameters
    ----------
    actual_minutes : float
        The actual wait, minutes, >= 0.
    **conditions
        As for :func:`wait_multiplier`.

    Returns
    -------
    pandas.DataFrame
        One row per unmet proposition, largest saving first: ``proposition``,
        ``from`` (current state), ``to`` (improved state), ``multiplier``,
        ``perceived_before``, ``perceived_after`` and ``minutes_saved`` (minutes,
        rounded to 2 decimals).

    Examples
    --------
    >>> what_each_buys(10.0, relaxed=True, reasonable=True, fair=True, in_group=True,
    ...                in_process=True)[["proposition", "minutes_saved"]]
        proposition  minutes_saved
    0      occupied           2.42
    1  known_length           1.32
    2     explained           1.32
    """
    actual = non_negative(actual_minutes, "actual_minutes")
    multipliers = conditions.pop("multipliers", None)
    before = perceived_wait(actual, multipliers=multipliers, **conditions)
    rows = []
    for key, prop in PROPOSITIONS.items():
        if conditions.get(key, False):
            continue
        improved = dict(conditions, **{key: True})
        after = perceived_wait(actual, multipliers=multipliers, **improved)
        rows.append({
            "proposition": key,
            "from": prop.not_met,
            "to": prop.met,
            "multiplier": _multipliers(multipliers)[key],
            "perceived_before": round(before, 2),
            "perceived_after": round(after, 2),
            "minutes_saved": round(before - after, 2),
        })
    columns = ["proposition", "from", "to", "multiplier", "perceived_before", "perceived_after",
               "minutes_saved"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("minutes_saved", ascending=False, kind="stable").reset_index(drop=True)


def proposition_table(multipliers: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The propositions as a table: states, the course's wording, multiplier, evidence.

    Parameters
    ----------
    multipliers : mapping, optional
        Overrides of the default (illustrative) multipliers, each >= 1.

    Returns
    -------
    pandas.DataFrame
        One row per proposition: ``proposition``, ``feels_shorter_when``,
        ``feels_longer_when``, ``chinese``, ``multiplier``, ``in_course``, ``evidence``.

    Examples
    --------
    >>> proposition_table()["in_course"].sum()
    np.int64(7)
    """
    factors = _multipliers(multipliers)
    return pd.DataFrame(
        [
            {
                "proposition": p.key,
                "feels_shorter_when": p.met,
                "feels_longer_when": p.not_met,
                "chinese": p.chinese,
                "multiplier": factors[p.key],
                "in_course": p.in_course,
                "evidence": p.evidence,
            }
            for p in PROPOSITIONS.values()
        ]
    )


def share_longer_than(waits, threshold_minutes: float) -> float:
    """Share of customers whose wait exceeds a threshold (strictly longer).

    Used for promises such as "a small gift for anyone who waits more than
    20 minutes" (the service-visibility handbook).

    Parameters
    ----------
    waits : array-like of float
        Waits in minutes, each >= 0.
    threshold_minutes : float
        The threshold, minutes, >= 0.

    Returns
    -------
    float
        The share in [0, 1].

    Examples
    --------
    >>> share_longer_than([0, 5, 21, 30], 20)
    0.5
    """
    values = non_empty(waits, "waits")
    if np.any(values < 0):
        raise ValueError("waits must contain only values >= 0")
    limit = non_negative(threshold_minutes, "threshold_minutes")
    return float(np.mean(values > limit))


def time_average_count(begin, end, window_start: float, window_end: float) -> float:
    """Time-average number of customers present in a window, from their entry and exit times.

    Each customer is present from ``begin`` to ``end`` (for the line: from arriving
    to starting service; for the desks: from starting to finishing service).  The
    time average over the window :math:`[t_0, t_1)` is

    .. math::

        \\bar N = \\frac{1}{t_1 - t_0} \\sum_i \\big|[b_i, e_i) \\cap [t_0, t_1)\\big|,

    the total time customers spent in the window divided by its length.  With
    ``begin`` = arrival and ``end`` = start of service it is the mean number in line,
    :math:`L_q`, which Little's law equates to :math:`\\lambda W_q` when every
    customer's stay lies inside the window.

    Parameters
    ----------
    begin, end : array-like of float
        Entry and exit times of each customer, in one time unit (minutes, say),
        with ``end >= begin`` element by element.
    window_start, window_end : float
        The window, in the same unit, with ``window_end > window_start``.

    Returns
    -------
    float
        Mean number present over the window (customers).

    References
    ----------
    Little (1961).

    Examples
    --------
    >>> time_average_count([0, 5], [10, 15], 0, 20)   # 10 + 10 customer-minutes over 20 minutes
    1.0
    >>> time_average_count([0, 5], [10, 15], 0, 10)   # 10 + 5 customer-minutes over 10 minutes
    1.5
    """
    starts = non_empty(begin, "begin")
    ends = non_empty(end, "end")
    if starts.shape != ends.shape:
        raise ValueError(f"end must have the same length as begin ({ends.size} != {starts.size})")
    if np.any(ends < starts):
        raise ValueError("end must be >= begin for every customer")
    t0 = finite(window_start, "window_start")
    t1 = finite(window_end, "window_end")
    if t1 <= t0:
        raise ValueError(f"window_end={window_end!r} must be > window_start={window_start!r}")
    overlap = np.clip(np.minimum(ends, t1) - np.maximum(starts, t0), 0, None)
    return float(overlap.sum() / (t1 - t0))


def overbooking_table(
    slots: int,
    show_probability: float,
    value_per_visit: float,
    overflow_cost: float,
    max_extra: int = 10,
) -> pd.DataFrame:
    """Expected outcome of booking ``slots`` to ``slots + max_extra`` customers.

    Each booked customer turns up independently with probability :math:`p`,
    so the number who come is :math:`S \\sim \\text{Binomial}(B, p)` for
    :math:`B` bookings.  With :math:`K` slots, a visit worth :math:`v` and a cost
    :math:`c` for each customer beyond the slots (overtime, a long wait, a
    walk-away),

    .. math::

        E[\\text{net}] = v \\, E[\\min(S, K)] - c \\, E[(S - K)^+].

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
    :math:`p\\,[v\\,P(S_{B} < K) - c\\,P(S_{B} \\ge K)]`, which falls as :math:`B`
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

    .. math::

        L = B \\, q \\, \\max(v - d, 0)

    for :math:`B` bookings, no-show rate :math:`q`, slot value :math:`v` and a
    deposit :math:`d` that a customer who does not come forfeits.  The slot is
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
