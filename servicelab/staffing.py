"""Staffing a call centre: how many agents a service-level target needs, interval by interval.

The queueing formulas of :mod:`servicelab.queues` in the units a workforce planner uses:

- ``calls``: calls forecast for one interval (a count), ``interval`` its length in
  seconds (1800, a half hour, by default);
- ``aht``: average handle time in seconds (talk plus hold plus after-call work);
- ``target_time``: the answer-time threshold in seconds ("answered within 20 s");
- ``target_level``: the share that must meet it (0.80 for "80 % within 20 s").

The offered load is a = calls x AHT / interval erlangs.
Erlang C (:func:`servicelab.queues.service_level`) gives the service level of c
agents; the smallest c that reaches the target (and keeps occupancy
a/c under a cap, if one is given) is the number of agents *on the phones*.
*Shrinkage* s (breaks, training, meetings, absence: paid time off the phones)
turns it into staff to schedule, ceil( c / (1 - s) ).  Give
``mean_patience`` to let callers hang up (Erlang A, :func:`servicelab.queues.erlang_a`),
which needs fewer agents than Erlang C when patience is short.

*Pooling*: :func:`pooling` staffs several lines (one per branch, say) separately and
as one pooled line with the same target, and :func:`simulate_pooling` checks the
comparison by simulating both designs with the same callers.

The course's standards ("95 % of calls connected within 5 minutes", "calls answered
within 30 seconds") and the industry's 80/20 convention are listed once, with their
sources, in :data:`servicelab.standards.STANDARDS`; a standard's ``seconds`` and
``target`` are this module's ``target_time`` and ``target_level``.

References: Gans, Koole and Mandelbaum (2003); Koole (2013); Cleveland (2012);
Garnett, Mandelbaum and Reiman (2002).

>>> from servicelab import staffing
>>> staffing.agents_needed(calls=100, aht=180, target_time=20, target_level=0.8)
14
>>> staffing.scheduled_staff(14, shrinkage=0.30)
20
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from servicelab import queues
from servicelab._validate import columns, fraction, integer, non_empty, non_negative, non_negative_values, positive, whole_numbers

__all__ = [
    "agents_needed",
    "cost_curve",
    "erlangs",
    "performance",
    "pooling",
    "scheduled_staff",
    "simulate_pooling",
    "staffing_plan",
]


def _load(calls, aht, interval) -> tuple[float, float]:
    """Offered load in erlangs and the AHT, checked.

    The models below work in units of one handle time (service rate 1, arrival rate
    = load), so that 100 calls x 180 s / 1800 s is exactly 10 erlangs.
    """
    calls = non_negative(calls, "calls")
    aht = positive(aht, "aht")
    interval = positive(interval, "interval")
    return calls * aht / interval, aht


def _shrinkage(value) -> float:
    """Share of paid time off the phones, in [0, 1)."""
    s = fraction(value, "shrinkage")
    if s >= 1:
        raise ValueError(f"shrinkage={value!r} must be < 1 (nobody would be on the phones)")
    return s


def erlangs(calls, aht, interval: float = 1800.0) -> float:
    """Workload in erlangs: a = calls x AHT / interval.

    The average number of agents busy on calls if no call ever waited.

    Parameters
    ----------
    calls : float
        Calls in the interval, >= 0.
    aht : float
        Average handle time, seconds, > 0.
    interval : float, default 1800
        Interval length, seconds, > 0.

    Returns
    -------
    float
        Erlangs.

    References
    ----------
    Gans, Koole and Mandelbaum (2003).

    Examples
    --------
    >>> erlangs(calls=360, aht=240, interval=3600)   # 360 calls an hour, 4 minutes each
    24.0
    """
    return _load(calls, aht, interval)[0]


def performance(calls, aht, agents, *, target_time=20.0, interval: float = 1800.0, mean_patience=None) -> dict[str, float]:
    """What ``agents`` agents on the phones achieve in one interval.

    Erlang C (callers wait as long as it takes) unless ``mean_patience`` is given,
    then Erlang A (exponential patience with that mean).  With Erlang C,
    SL = 1 - C(c, a) exp(-(c - a) t/AHT).

    Parameters
    ----------
    calls : float
        Calls in the interval, >= 0.
    aht : float
        Average handle time, seconds, > 0.
    agents : int
        Agents on the phones, >= 1 (and > offered load for Erlang C).
    target_time : float, default 20
        Answer-time threshold, seconds, >= 0.
    interval : float, default 1800
        Interval length, seconds.
    mean_patience : float, optional
        Mean time a caller waits before hanging up, seconds, > 0 (Erlang A).

    Returns
    -------
    dict
        ``agents``, ``offered_load`` (erlangs), ``service_level`` (share of *offered*
        calls answered within ``target_time``), ``p_wait``, ``asa`` (average speed of
        answer: mean wait in seconds; with Erlang A the mean wait of answered calls),
        ``occupancy`` (share of agent time on calls) and ``p_abandon`` (0 for Erlang C).

    Raises
    ------
    ValueError
        If a parameter is out of range, or Erlang C is unstable (agents <= load).

    References
    ----------
    Gans, Koole and Mandelbaum (2003); Garnett, Mandelbaum and Reiman (2002).

    Examples
    --------
    >>> p = performance(calls=100, aht=180, agents=14, target_time=20)
    >>> round(p["service_level"], 4), round(p["asa"], 1), round(p["occupancy"], 4)
    (0.8884, 7.8, 0.7143)
    """
    a, aht = _load(calls, aht, interval)
    c = integer(agents, "agents", minimum=1)
    t = non_negative(target_time, "target_time") / aht
    if a == 0:
        return {"agents": c, "offered_load": 0.0, "service_level": 1.0, "p_wait": 0.0, "asa": 0.0, "occupancy": 0.0, "p_abandon": 0.0}
    if mean_patience is None:
        m = queues.mmc(a, 1.0, c, target=t)
        return {
            "agents": c,
            "offered_load": a,
            "service_level": m["service_level"],
            "p_wait": m["p_wait"],
            "asa": m["mean_wait"] * aht,
            "occupancy": m["utilisation"],
            "p_abandon": 0.0,
        }
    theta = aht / positive(mean_patience, "mean_patience")
    r = queues.erlang_a(a, 1.0, c, theta, target=t)
    return {
        "agents": c,
        "offered_load": a,
        "service_level": r["answered_within"],
        "p_wait": r["p_wait"],
        "asa": r["mean_wait_served"] * aht,
        "occupancy": r["occupancy"],
        "p_abandon": r["p_abandon"],
    }


def agents_needed(
    calls,
    aht,
    *,
    target_time=20.0,
    target_level=0.80,
    interval: float = 1800.0,
    max_occupancy=None,
    mean_patience=None,
    max_abandon=None,
) -> int:
    """The fewest agents on the phones that meet a service-level target.

    Erlang C: the smallest c > a with
    1 - C(c, a) exp(-(c-a) t/AHT) >= ``target_level`` and, if
    ``max_occupancy`` is given, a / c <= ``max_occupancy``.  With
    ``mean_patience`` (Erlang A) the service level is the share of *all* offered calls
    answered within ``target_time`` (a caller who hangs up counts as a miss), and
    ``max_abandon`` can cap the share who hang up.  The search steps up one agent at
    a time from the offered load, updating Erlang B by its recursion, so it is fast
    even for thousands of agents.

    Parameters
    ----------
    calls : float
        Calls in the interval, >= 0 (0 calls need 0 agents).
    aht : float
        Average handle time, seconds, > 0.
    target_time : float, default 20
        Answer-time threshold, seconds, >= 0.
    target_level : float, default 0.80
        Required share answered within ``target_time``, in (0, 1).
    interval : float, default 1800
        Interval length, seconds.
    max_occupancy : float, optional
        Highest acceptable share of agent time on calls, in (0, 1] (e.g. 0.85).
    mean_patience : float, optional
        Mean patience, seconds, > 0: switches to Erlang A.
    max_abandon : float, optional
        Highest acceptable share of callers who hang up, in (0, 1); needs ``mean_patience``.

    Returns
    -------
    int
        Agents on the phones (before shrinkage; see :func:`scheduled_staff`).

    References
    ----------
    Gans, Koole and Mandelbaum (2003); Koole (2013).

    Examples
    --------
    >>> agents_needed(calls=100, aht=180, target_time=20, target_level=0.80)
    14
    >>> agents_needed(calls=100, aht=180, target_time=20, target_level=0.80, max_occupancy=0.70)
    15
    >>> agents_needed(calls=100, aht=180, target_time=300, target_level=0.95)  # course: 95 % in 5 min
    12
    """
    a, aht = _load(calls, aht, interval)
    t = non_negative(target_time, "target_time") / aht
    level = fraction(target_level, "target_level", inclusive=False)
    cap = None if max_occupancy is None else fraction(max_occupancy, "max_occupancy")
    if cap is not None and cap == 0:
        raise ValueError(f"max_occupancy={max_occupancy!r} must be in (0, 1]")
    if max_abandon is not None and mean_patience is None:
        raise ValueError("max_abandon needs mean_patience (abandonment is modelled only with Erlang A)")
    if a == 0:
        return 0
    if mean_patience is not None:
        theta = aht / positive(mean_patience, "mean_patience")
        ab = None if max_abandon is None else fraction(max_abandon, "max_abandon", inclusive=False)
        return _agents_erlang_a(a, theta, t, level, cap, ab)
    c = max(1, math.floor(a) + 1)
    if cap is not None:
        c = max(c, math.ceil(a / cap - 1e-12))
    b = float(queues._erlang_b(np.asarray(a), np.asarray(c)))
    while True:
        p_wait = c * b / (c - a * (1.0 - b))
        sl = 1.0 - p_wait * math.exp(-(c - a) * t)
        if sl >= level:
            return c
        c += 1
        b = a * b / (c + a * b)


def _agents_erlang_a(a, theta, t, level, cap, max_abandon) -> int:
    """Smallest c meeting the targets under Erlang A (time unit: one AHT)."""

    def ok(c: int) -> bool:
        r = queues.erlang_a(a, 1.0, c, theta, target=t)
        if r["answered_within"] < level:
            return False
        if max_abandon is not None and r["p_abandon"] > max_abandon:
            return False
        return cap is None or r["occupancy"] <= cap

    low = 1
    high = max(1, math.ceil(a))
    while not ok(high):
        low, high = high + 1, 2 * high
    while low < high:  # smallest c in [low, high] with ok(c): ok is monotone in c
        mid = (low + high) // 2
        if ok(mid):
            high = mid
        else:
            low = mid + 1
    return high


def scheduled_staff(agents, shrinkage):
    """Staff to schedule so that ``agents`` are on the phones after shrinkage.

    ::

        staff = ceil( c / (1 - s) ),

    where the shrinkage s is the share of paid time not available for calls
    (breaks, training, meetings, absence).  Shrinkage is a local figure to measure;
    none is given in the course.

    Parameters
    ----------
    agents : int or array of int
        Agents needed on the phones, >= 0.
    shrinkage : float
        Share of paid time off the phones, in [0, 1).

    Returns
    -------
    int or numpy.ndarray
        Staff to schedule.

    References
    ----------
    Cleveland (2012); Koole (2013).

    Examples
    --------
    >>> scheduled_staff(14, shrinkage=0.30)
    20
    >>> scheduled_staff([0, 7, 14], shrinkage=0.30).tolist()
    [0, 10, 20]
    """
    s = _shrinkage(shrinkage)
    values = whole_numbers(agents, "agents", minimum=0).astype(float)
    staff = np.ceil(values / (1.0 - s) - 1e-9).astype(np.int64)
    return int(staff) if staff.ndim == 0 else staff


def staffing_plan(
    forecast: pd.DataFrame,
    *,
    aht=None,
    target_time=20.0,
    target_level=0.80,
    shrinkage=0.0,
    max_occupancy=None,
    interval: float = 1800.0,
    mean_patience=None,
    max_abandon=None,
) -> pd.DataFrame:
    """A staffing plan, interval by interval, from a forecast of calls.

    For each row: the agents :func:`agents_needed` for the target, what they achieve
    (:func:`performance`), and the staff to schedule after shrinkage
    (:func:`scheduled_staff`).

    Parameters
    ----------
    forecast : pandas.DataFrame
        One row per interval, with a ``calls`` column (calls forecast, >= 0), an ``aht``
        column (seconds) unless ``aht`` is given, and optionally an ``interval``
        column (a label or start time, copied through).
    aht : float, optional
        Average handle time in seconds for every interval, overriding the column.
    target_time, target_level, max_occupancy, mean_patience, max_abandon
        As in :func:`agents_needed`.
    shrinkage : float, default 0
        Share of paid time off the phones, in [0, 1) (not in source: measure locally).
    interval : float, default 1800
        Length of each row's interval, seconds.

    Returns
    -------
    pandas.DataFrame
        Columns ``interval``, ``calls``, ``aht`` (s), ``offered_load`` (erlangs),
        ``agents`` (on the phones), ``service_level`` (achieved), ``asa`` (s),
        ``occupancy``, ``p_abandon`` and ``scheduled_staff``.

    References
    ----------
    Gans, Koole and Mandelbaum (2003); Cleveland (2012).

    Examples
    --------
    >>> import pandas as pd
    >>> plan = staffing_plan(pd.DataFrame({"interval": ["09:00", "09:30"], "calls": [100, 160], "aht": [180, 180]}),
    ...                      shrinkage=0.30)
    >>> plan[["interval", "agents", "scheduled_staff"]].values.tolist()
    [['09:00', 14, 20], ['09:30', 20, 29]]
    """
    columns(forecast, "forecast", ["calls"] if aht is not None else ["calls", "aht"])
    s = _shrinkage(shrinkage)
    calls = non_negative_values(forecast["calls"].to_numpy(dtype=float), "forecast['calls']")
    if aht is not None:
        handle = np.full(calls.size, positive(aht, "aht"))
    else:
        handle = non_empty(forecast["aht"].to_numpy(dtype=float), "forecast['aht']")
        if np.any(handle <= 0):
            raise ValueError("forecast['aht'] must contain only values > 0 (seconds)")
    labels = forecast["interval"].tolist() if "interval" in forecast.columns else list(range(len(forecast)))
    rows = []
    shown_calls = forecast["calls"].tolist()
    for label, shown, n, h in zip(labels, shown_calls, calls, handle):
        c = agents_needed(
            n, h, target_time=target_time, target_level=target_level, interval=interval,
            max_occupancy=max_occupancy, mean_patience=mean_patience, max_abandon=max_abandon,
        )
        if c == 0:
            perf = {"offered_load": 0.0, "service_level": 1.0, "asa": 0.0, "occupancy": 0.0, "p_abandon": 0.0}
        else:
            perf = performance(n, h, c, target_time=target_time, interval=interval, mean_patience=mean_patience)
        rows.append(
            {
                "interval": label,
                "calls": shown,
                "aht": h,
                "offered_load": perf["offered_load"],
                "agents": c,
                "service_level": perf["service_level"],
                "asa": perf["asa"],
                "occupancy": perf["occupancy"],
                "p_abandon": perf["p_abandon"],
                "scheduled_staff": scheduled_staff(c, s),
            }
        )
    return pd.DataFrame(rows)


def cost_curve(
    calls,
    aht,
    *,
    cost_per_agent_hour,
    agents: Sequence[int] | None = None,
    target_time=20.0,
    interval: float = 1800.0,
    shrinkage=0.0,
    mean_patience=None,
) -> pd.DataFrame:
    """Cost per hour against service level, one row per number of agents.

    The curve a manager reads to choose a target: each extra agent costs the same,
    but buys less and less service level.  Cost counts scheduled staff, so it
    includes shrinkage: cost = ceil( c/(1-s) ) x the hourly cost.

    Parameters
    ----------
    calls : float
        Calls in the interval, > 0.
    aht : float
        Average handle time, seconds, > 0.
    cost_per_agent_hour : float
        Loaded cost of one scheduled staff member for one hour, > 0, in any currency
        (not in source: a parameter).
    agents : sequence of int, optional
        Numbers of agents to tabulate.  Default: from the smallest stable number
        (just above the offered load; from 1 with ``mean_patience``) up to the first
        number reaching a 99 % service level.
    target_time : float, default 20
        Answer-time threshold, seconds.
    interval : float, default 1800
        Interval length, seconds.
    shrinkage : float, default 0
        Share of paid time off the phones, in [0, 1).
    mean_patience : float, optional
        Mean patience, seconds (Erlang A; then any number of agents is allowed).

    Returns
    -------
    pandas.DataFrame
        Columns ``agents``, ``service_level``, ``asa`` (s), ``p_wait``, ``occupancy``,
        ``p_abandon``, ``scheduled_staff`` and ``cost_per_hour``.

    References
    ----------
    Gans, Koole and Mandelbaum (2003); Koole (2013).

    Examples
    --------
    >>> curve = cost_curve(calls=100, aht=180, cost_per_agent_hour=40.0)
    >>> curve[["agents", "cost_per_hour"]].head(3).values.tolist()
    [[11.0, 440.0], [12.0, 480.0], [13.0, 520.0]]
    >>> curve["service_level"].round(3).tolist()[:4]
    [0.39, 0.64, 0.796, 0.888]
    """
    a, _ = _load(calls, aht, interval)
    if a == 0:
        raise ValueError("calls=0 gives no curve: there is nothing to answer")
    price = positive(cost_per_agent_hour, "cost_per_agent_hour")
    s = _shrinkage(shrinkage)
    if agents is None:
        start = 1 if mean_patience is not None else math.floor(a) + 1
        top = agents_needed(calls, aht, target_time=target_time, target_level=0.99, interval=interval, mean_patience=mean_patience)
        counts = list(range(start, max(top, start) + 1))
    else:
        counts = [integer(c, "agents", minimum=1) for c in agents]
        if not counts:
            raise ValueError("agents must not be empty")
    rows = []
    for c in counts:
        p = performance(calls, aht, c, target_time=target_time, interval=interval, mean_patience=mean_patience)
        staff = scheduled_staff(c, s)
        rows.append(
            {
                "agents": c,
                "service_level": p["service_level"],
                "asa": p["asa"],
                "p_wait": p["p_wait"],
                "occupancy": p["occupancy"],
                "p_abandon": p["p_abandon"],
                "scheduled_staff": staff,
                "cost_per_hour": staff * price,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- pooling


def _line_values(values, name: str, lines: list[str] | None = None) -> dict[str, float]:
    """A mapping line -> number (or one number for every line), checked."""
    if isinstance(values, Mapping):
        if not values:
            raise ValueError(f"{name} must name at least one line")
        out = {str(k): float(v) for k, v in values.items()}
        if lines is not None and sorted(out) != sorted(lines):
            raise ValueError(f"{name} must give a value for each line {lines}; it has {sorted(out)}")
        return out
    if lines is None:
        raise ValueError(f"{name} must be a mapping from line name to a number")
    return {line: float(values) for line in lines}


def pooling(
    calls,
    aht,
    *,
    target_time=20.0,
    target_level=0.80,
    interval: float = 1800.0,
    mean_patience=None,
    max_abandon=None,
) -> pd.DataFrame:
    """Agents for separate lines, one per group of callers, against one pooled line.

    Each line (a branch's own number, say) is staffed on its own with
    :func:`agents_needed`; the pooled centre answers all the calls from one queue
    with the same target.  Pooling needs fewer agents for the same service level
    because one queue never leaves an agent idle while a caller waits on another
    line: the offered loads add up, a_pooled = sum a_i, but the safety margin
    above the load grows only about as sqrt(a) (square-root staffing, Halfin and
    Whitt 1981), so the sum of the separate lines' margins exceeds the pooled one.

    The pooled line's AHT is the call-weighted mean of the lines' AHTs
    (sum calls_i x AHT_i / sum calls_i), so its offered load is the sum of theirs.

    Parameters
    ----------
    calls : mapping of str to float
        Calls per interval on each line, >= 0 (at least one line).
    aht : float or mapping of str to float
        Average handle time in seconds, > 0: one value for every line, or one per line.
    target_time, target_level, interval, mean_patience, max_abandon
        As in :func:`agents_needed` (the same target for every line and the pool).

    Returns
    -------
    pandas.DataFrame
        One row per line, then ``"separate lines"`` (the sums of calls, load and
        agents) and ``"pooled"``; columns ``calls``, ``aht`` (s), ``offered_load``
        (erlangs), ``agents``, ``service_level`` (achieved) and ``occupancy``.
        The service level and occupancy of ``"separate lines"`` are call-weighted
        means over the lines.

    References
    ----------
    Gans, Koole and Mandelbaum (2003), section 4 (economies of scale); Halfin and
    Whitt (1981); Koole (2013).

    Examples
    --------
    >>> table = pooling({"north": 50, "south": 50}, aht=180)
    >>> table["agents"].tolist()
    [8, 8, 16, 14]
    """
    load = _line_values(calls, "calls")
    lines = list(load)
    handle = _line_values(aht, "aht", lines)
    for line in lines:
        non_negative(load[line], f"calls[{line!r}]")
        positive(handle[line], f"aht[{line!r}]")
    total = sum(load.values())
    if total == 0:
        raise ValueError("calls must have at least one line with calls > 0")
    options = dict(target_time=target_time, target_level=target_level, interval=interval,
                   mean_patience=mean_patience, max_abandon=max_abandon)
    rows = {}
    for line in lines:
        rows[line] = _pool_row(load[line], handle[line], options)
    pooled_aht = sum(load[line] * handle[line] for line in lines) / total
    separate = {
        "calls": total,
        "aht": pooled_aht,
        "offered_load": sum(rows[line]["offered_load"] for line in lines),
        "agents": sum(rows[line]["agents"] for line in lines),
        "service_level": sum(load[line] * rows[line]["service_level"] for line in lines) / total,
        "occupancy": sum(load[line] * rows[line]["occupancy"] for line in lines) / total,
    }
    rows["separate lines"] = separate
    rows["pooled"] = _pool_row(total, pooled_aht, options)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["agents"] = table["agents"].astype(int)
    return table


def _pool_row(calls: float, aht: float, options: dict) -> dict:
    c = agents_needed(calls, aht, **options)
    if c == 0:
        return {"calls": calls, "aht": aht, "offered_load": 0.0, "agents": 0, "service_level": 1.0, "occupancy": 0.0}
    perf = performance(calls, aht, c, target_time=options["target_time"], interval=options["interval"],
                       mean_patience=options["mean_patience"])
    return {"calls": calls, "aht": aht, "offered_load": perf["offered_load"], "agents": c,
            "service_level": perf["service_level"], "occupancy": perf["occupancy"]}


def simulate_pooling(
    calls,
    agents,
    pooled_agents,
    *,
    handle_times,
    hours: float = 4.0,
    warmup: float = 1.0,
    interval: float = 1800.0,
    target_time=20.0,
    mean_patience=None,
    replications: int = 20,
    first_seed: int = 1,
) -> pd.DataFrame:
    """Simulate separate lines and one pooled line with the same callers, replication by replication.

    A check of :func:`pooling` that does not lean on Erlang's assumptions about
    handle times: each replication draws Poisson arrivals on every line at its
    rate (``calls`` per ``interval``, held constant) for ``warmup + hours`` hours,
    gives each caller a handle time resampled from ``handle_times`` (an observed
    sample, so their real shape is kept) and, with ``mean_patience``, an
    exponential patience.  The *same* callers then meet two designs (common random
    numbers): every line answered by its own ``agents[line]``, and all lines
    answered first come, first served by ``pooled_agents``.  Callers who arrive
    in the warm-up are served but not counted, so the figures describe the
    steady state that Erlang C describes.  Replication r uses seed
    ``first_seed + r - 1``.

    Parameters
    ----------
    calls : mapping of str to float
        Calls per interval on each line, > 0.
    agents : mapping of str to int
        Agents answering each line on its own, >= 1, for the same lines as ``calls``.
    pooled_agents : int
        Agents answering the pooled line, >= 1.
    handle_times : array-like of float, or mapping of str to array-like
        Observed handle times in seconds (> 0) to resample from: one sample for every
        line, or one per line.
    hours : float, default 4
        Hours of arrivals that are counted, > 0.
    warmup : float, default 1
        Hours of arrivals before them that are simulated but not counted, >= 0.
    interval : float, default 1800
        Length in seconds of the interval ``calls`` refers to.
    target_time : float, default 20
        Answer-time threshold, seconds, >= 0.
    mean_patience : float, optional
        Mean of an exponential patience, seconds, > 0; without it nobody hangs up
        (Erlang C's world).
    replications : int, default 20
        Number of replications, >= 2.
    first_seed : int, default 1
        Seed of the first replication, >= 0.

    Returns
    -------
    pandas.DataFrame
        One row per replication and design (``"separate lines"``, ``"pooled"``):
        ``replication``, ``seed``, ``design``, ``calls`` (counted callers),
        ``service_level`` (share of counted callers answered within
        ``target_time``; a caller who hangs up counts as a miss), ``mean_wait`` (s,
        over all counted callers) and ``abandoned`` (share who hung up).  Pair the
        designs by replication, e.g. with :func:`servicelab.stats.compare_replications`.

    References
    ----------
    Law (2015), section 11.2 (common random numbers); Brown et al. (2005) on the
    shape of handle times; Gans, Koole and Mandelbaum (2003).

    Examples
    --------
    >>> runs = simulate_pooling({"north": 50, "south": 50}, {"north": 8, "south": 8}, 14,
    ...                         handle_times=[120.0, 180.0, 240.0], hours=1, warmup=0.5, replications=2)
    >>> runs.groupby("design")["calls"].sum().tolist()   # the same callers meet both designs
    [362, 362]
    """
    from servicelab.simulate import simulate_counter  # chapter 6's simulator, imported where it is used

    rate = _line_values(calls, "calls")
    lines = list(rate)
    for line in lines:
        positive(rate[line], f"calls[{line!r}]")
    staff = {line: integer(v, f"agents[{line!r}]", minimum=1)
             for line, v in (agents.items() if isinstance(agents, Mapping) else [])}
    if sorted(staff) != sorted(lines):
        raise ValueError(f"agents must give the agents of each line {lines}; it has {sorted(staff)}")
    pooled = integer(pooled_agents, "pooled_agents", minimum=1)
    if isinstance(handle_times, Mapping):
        samples = {str(k): non_empty(v, f"handle_times[{k!r}]") for k, v in handle_times.items()}
        if sorted(samples) != sorted(lines):
            raise ValueError(f"handle_times must give a sample for each line {lines}; it has {sorted(samples)}")
    else:
        one = non_empty(handle_times, "handle_times")
        samples = {line: one for line in lines}
    for line, sample in samples.items():
        if np.any(sample <= 0):
            raise ValueError(f"handle_times for line {line!r} must all be > 0 (seconds)")
    counted = positive(hours, "hours") * 3600.0
    start = non_negative(warmup, "warmup") * 3600.0
    length = positive(interval, "interval")
    target = non_negative(target_time, "target_time")
    patience_mean = None if mean_patience is None else positive(mean_patience, "mean_patience")
    runs = integer(replications, "replications", minimum=2)
    seed0 = integer(first_seed, "first_seed", minimum=0)
    horizon = start + counted

    rows = []
    for r in range(1, runs + 1):
        seed = seed0 + r - 1
        rng = np.random.default_rng(seed)
        parts = []
        for line in lines:
            lam = rate[line] / length
            n = int(rng.poisson(lam * horizon))
            arrival = np.sort(rng.uniform(0.0, horizon, size=n))
            service = rng.choice(samples[line], size=n, replace=True)
            patience = (np.full(n, np.inf) if patience_mean is None
                        else rng.exponential(patience_mean, size=n))
            parts.append(pd.DataFrame({"line": line, "arrival": arrival, "service": service, "patience": patience}))
        callers = pd.concat(parts, ignore_index=True)
        outcomes = {"separate lines": [], "pooled": []}
        for line, part in callers.groupby("line", sort=False):
            if len(part):
                outcomes["separate lines"].append(_run(simulate_counter, staff[line], part))
        outcomes["pooled"].append(_run(simulate_counter, pooled, callers.sort_values("arrival", kind="stable")))
        for design, frames in outcomes.items():
            result = pd.concat(frames, ignore_index=True)
            result = result[result["arrival"] >= start]
            n = len(result)
            within = (~result["abandoned"]) & (result["wait"] <= target)
            rows.append({
                "replication": r, "seed": seed, "design": design, "calls": n,
                "service_level": float(within.mean()) if n else float("nan"),
                "mean_wait": float(result["wait"].mean()) if n else float("nan"),
                "abandoned": float(result["abandoned"].mean()) if n else float("nan"),
            })
    return pd.DataFrame(rows)


def _run(simulate_counter, servers: int, callers: pd.DataFrame) -> pd.DataFrame:
    """One design's run over a table of callers (arrival, service, patience), sorted by arrival."""
    if callers.empty:
        return pd.DataFrame({"arrival": [], "wait": [], "abandoned": []})
    out = simulate_counter(servers, arrival_times=callers["arrival"].to_numpy(),
                           service_times=callers["service"].to_numpy(),
                           patience_times=callers["patience"].to_numpy())
    return out[["arrival", "wait", "abandoned"]]
