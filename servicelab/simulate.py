"""Simulating a multi-server counter, one customer at a time.

:func:`simulate_counter` plays out a service counter (bank tellers, check-in desks,
call-centre agents) customer by customer and returns one record per customer: when
they arrived, started and finished service, which server they had, how long they
waited, whether they gave up (abandoned) and whether somebody who arrived after them
was served first (*overtaken*, the event that makes a queue feel unfair; Larson 1987).
The closed forms of :mod:`servicelab.queues` give averages for the simplest design; the
simulation also gives the spread of waits, the share overtaken, and the designs that
have no closed form.  The course slides (Chapter 6, 缩短客户实际排队时间) name four queue
designs; ``design=`` takes them, plus one variant of our own:

``"single_line"`` (单列排队)
    One serpentine line feeding every server, first come first served (FCFS).  A
    customer at the head of the line takes the server that has been free longest.
``"take_a_number"`` (叫号排队)
    Customers take a ticket and are called in ticket order: logically the same single
    FCFS queue, so the waits are *identical* to ``"single_line"`` with the same seed.
    What changes is how the wait feels: customers can sit, browse or step away instead
    of standing in line (see :mod:`servicelab.waiting`), which this model does not
    measure.
``"separate_lines"`` (多列排队)
    One line per server.  An arriving customer joins the shortest line (fewest
    customers waiting plus in service; ties broken at random) and stays in it.  With
    ``jockeying=True`` customers switch lines: whenever one line is two or more
    customers longer than another, the last customer of the longest line moves to
    the end of the shortest.
``"lines_by_type"`` (分类排队)
    Separate lines by type of customer: each class (drawn with ``class_probs``, or
    given with ``classes``) has its own FCFS line and its own servers,
    ``class_servers[k]`` of them (servers 0 .. class_servers[0] - 1 serve class 0, and
    so on).  A server never serves another class, even when idle: that is the pooling
    the design gives up.
``"priority"`` (our variant, not one of the course's four)
    One shared pool of servers that calls class 0 first: non-preemptive (a service
    under way is never interrupted), FCFS within a class; each class may have its own
    service rate.  Mean waits per class have a closed form,
    :func:`servicelab.queues.priority_mean_waits`.

Customers may abandon: with ``mean_patience`` each has an exponential patience, or
give ``patience_times``; a customer still waiting when patience runs out leaves.
Servers may work shifts (``shifts``): a server takes no customer before its shift
starts and starts no service after it ends (a service under way is finished), as
when a third desk opens at 08:00.

Random numbers come from separate streams for arrivals, service times, classes,
patience and tie-breaks, all derived from ``seed``: with the same seed, two designs
see exactly the same customers (common random numbers), so their difference is the
design's, not chance's.  Service times belong to customers, not to servers.

Around the simulator: :func:`wait_summary` summarises one run; :func:`replicate`
runs several designs over replications with paired seeds 1..R (compare them with
:func:`servicelab.stats.compare_replications`); :func:`replay` re-runs recorded days
(their own arrivals and service times) under another design, roster or service time;
:func:`arrival_rates`, :func:`peak_rate` and :func:`poisson_arrivals` turn recorded
arrival times into the time-varying arrivals of a simulated day, and
:func:`roster_shifts` turns a roster into shifts.

Algorithms: the single line, take-a-number and lines by type use the FCFS
multi-server recursion with a heap of server-free times (start = max(arrival,
earliest free server)), which stays exact with abandonment because in FCFS a customer
who leaves never delays anyone behind.  The other designs use a next-event simulation.

References: Kiefer and Wolfowitz (1955) for the recursion; Larson (1987) and
Rothkopf and Rech (1987) on queue designs; Brown et al. (2005) for lognormal
handle times; Palm (1943) / Garnett, Mandelbaum and Reiman (2002) for exponential
patience; Law (2015) for replications with common random numbers.

>>> from servicelab.simulate import simulate_counter
>>> records = simulate_counter(3, arrival_rate=2.0, service_rate=1.0, customers=5, seed=1)
>>> list(records.columns)
['customer', 'arrival', 'start', 'end', 'server', 'service', 'wait', 'abandoned', 'overtaken']
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from servicelab._validate import (
    columns, finite, flag, integer, non_empty, non_negative, non_negative_values, one_of, positive,
)
from servicelab.stats import batch_means

__all__ = [
    "DESIGNS",
    "SERVICE_DISTRIBUTIONS",
    "Peak",
    "arrival_rates",
    "peak_rate",
    "poisson_arrivals",
    "replay",
    "replicate",
    "roster_shifts",
    "simulate_counter",
    "wait_summary",
]

DESIGNS = ("single_line", "take_a_number", "separate_lines", "lines_by_type", "priority")
"""Queue designs understood by :func:`simulate_counter`."""

SERVICE_DISTRIBUTIONS = ("exponential", "lognormal", "deterministic")
"""Service-time distributions understood by :func:`simulate_counter`."""

_STREAMS = ("arrivals", "services", "classes", "patience", "ties")
_CLASSED = ("lines_by_type", "priority")


# --------------------------------------------------------------------------- inputs


def _streams(seed) -> dict[str, np.random.Generator]:
    """Independent generators for each source of randomness, derived from one seed."""
    if isinstance(seed, np.random.Generator):
        children = seed.spawn(len(_STREAMS))
    else:
        if seed is not None:
            seed = integer(seed, "seed", minimum=0)
        children = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(_STREAMS))]
    return dict(zip(_STREAMS, children))


def _arrivals(arrival_rate, arrival_times, customers, horizon, rng) -> np.ndarray:
    if arrival_times is not None:
        if arrival_rate is not None or horizon is not None:
            raise ValueError("give either arrival_times or arrival_rate (with customers or horizon), not both")
        times = non_negative_values(arrival_times, "arrival_times")
        if np.any(np.diff(times) < 0):
            raise ValueError("arrival_times must be sorted in increasing order")
        if customers is not None and integer(customers, "customers", minimum=1) != times.size:
            raise ValueError(f"customers={customers!r} does not match len(arrival_times)={times.size}")
        return times
    if arrival_rate is None:
        raise ValueError("give arrival_rate (customers per unit of time) or arrival_times")
    lam = positive(arrival_rate, "arrival_rate")
    if (customers is None) == (horizon is None):
        raise ValueError("with arrival_rate, give exactly one of customers= or horizon=")
    if customers is not None:
        n = integer(customers, "customers", minimum=1)
        return np.cumsum(rng.exponential(1.0 / lam, n))
    end = positive(horizon, "horizon")
    expected = lam * end
    times = np.cumsum(rng.exponential(1.0 / lam, int(expected + 6 * math.sqrt(expected) + 20)))
    while times[-1] <= end:
        more = np.cumsum(rng.exponential(1.0 / lam, int(expected / 4) + 100)) + times[-1]
        times = np.concatenate([times, more])
    times = times[times <= end]
    if times.size == 0:
        raise ValueError(f"no customer arrives before horizon={horizon!r}; lengthen the horizon")
    return times


def _per_class(value, name, n_classes) -> np.ndarray:
    """A positive scalar, or one positive value per class."""
    array = np.atleast_1d(np.asarray(value, dtype=float))
    if array.ndim != 1 or array.size not in (1, n_classes):
        raise ValueError(f"{name} must be one number or one number per class ({n_classes})")
    for v in array:
        positive(v, name)
    return np.broadcast_to(array, (n_classes,)) if array.size == 1 else array


def _service_times(n, service, service_rate, service_cv, service_times, classes, n_classes, rng) -> np.ndarray:
    if service_times is not None:
        times = non_negative_values(service_times, "service_times")
        if times.size != n:
            raise ValueError(f"service_times has {times.size} values; give one per customer ({n})")
        return times
    one_of(service, "service", SERVICE_DISTRIBUTIONS)
    rates = _per_class(service_rate, "service_rate", n_classes)
    mean = (1.0 / rates)[classes] if n_classes > 1 else np.full(n, 1.0 / rates[0])
    if service == "exponential":
        return rng.standard_exponential(n) * mean
    if service == "deterministic":
        return mean.copy()
    cv = positive(service_cv, "service_cv")
    sigma2 = math.log1p(cv * cv)
    # lognormal with the given mean and coefficient of variation
    return mean * np.exp(math.sqrt(sigma2) * rng.standard_normal(n) - sigma2 / 2.0)


def _patience(n, mean_patience, patience_times, rng) -> np.ndarray | None:
    if mean_patience is not None and patience_times is not None:
        raise ValueError("give mean_patience or patience_times, not both")
    if mean_patience is not None:
        return rng.standard_exponential(n) * positive(mean_patience, "mean_patience")
    if patience_times is not None:
        times = np.asarray(patience_times, dtype=float)
        if times.ndim == 0:
            times = np.full(n, non_negative(float(times), "patience_times"))
        if times.ndim != 1 or times.size != n:
            raise ValueError(f"patience_times must have one value per customer ({n})")
        if np.any(np.isnan(times)) or np.any(times < 0):
            raise ValueError("patience_times must be >= 0 (np.inf for a customer who never gives up)")
        return times
    return None


def _shifts(shifts, servers: int):
    """(opens, closes) arrays, one shift per server, or (None, None)."""
    if shifts is None:
        return None, None
    message = f"shifts must be one (start, end) pair per server ({servers}), end > start (np.inf for open-ended)"
    if isinstance(shifts, (str, bytes)):
        raise ValueError(message)
    try:
        pairs = [tuple(pair) for pair in shifts]
    except TypeError:
        raise ValueError(message) from None
    if len(pairs) != servers or any(len(pair) != 2 for pair in pairs):
        raise ValueError(message)
    opens = np.array([finite(pair[0], f"shifts[{k}] start") for k, pair in enumerate(pairs)])
    closes = np.empty(servers)
    for k, (_, end) in enumerate(pairs):
        value = float(end) if not isinstance(end, (bool, np.bool_)) else math.nan
        if math.isnan(value) or value <= opens[k]:
            raise ValueError(f"shifts[{k}]={pairs[k]!r}: the end must be later than the start (np.inf for open-ended)")
        closes[k] = value
    return opens, closes


# --------------------------------------------------------------------------- engines


def _single_line(arrivals, services, patience, servers):
    """FCFS multi-server recursion with a heap of server-free times.

    Customer i starts at max(arrival_i, earliest free time) and that server is then free
    at start + service (Kiefer and Wolfowitz 1955).  A customer whose offered wait would
    exceed their patience leaves and, FCFS, delays nobody behind.  The loop is plain
    Python over lists with a heap of floats (several million customers per CPU second);
    servers are labelled afterwards, see :func:`_label_servers`.
    """
    heap = [0.0] * servers
    replace = heapq.heapreplace
    start: list[float] = []
    add_start = start.append
    if patience is None:
        for arrive, duration in zip(arrivals.tolist(), services.tolist()):
            free = heap[0]
            if arrive > free:
                free = arrive
            replace(heap, free + duration)
            add_start(free)
    else:
        nan = math.nan
        for arrive, duration, limit in zip(arrivals.tolist(), services.tolist(), patience.tolist()):
            free = heap[0]
            if free > arrive:
                if free - arrive > limit:  # gives up before a server frees
                    add_start(nan)
                    continue
            else:
                free = arrive
            replace(heap, free + duration)
            add_start(free)
    start = np.array(start)
    served = ~np.isnan(start)
    end = np.where(served, start + services, np.nan)
    if patience is not None:
        end[~served] = arrivals[~served] + patience[~served]
    return start, end, _label_servers(end, served, servers), {}


def _label_servers(end, served, servers):
    """Which server served whom, after the fact.

    The values popped from the heap never decrease (each push is at least the value just
    popped), so the first ``servers`` served customers take the initially idle servers
    and the k-th served customer after them takes the server freed by the k-th earliest
    service completion (ties in the order of the customers).  That predecessor always
    came earlier: at least k + 1 completions of earlier customers are no later than the
    one popped, and a later customer cannot finish before it.  Following the links back
    to one of the first ``servers`` customers (pointer jumping) labels everyone, with
    the server that had been free longest, as in the event engine.
    """
    index = np.flatnonzero(served)
    m = index.size
    kind = np.int32 if m < 2**31 else np.int64  # half the memory traffic for the gathers below
    root = np.arange(m, dtype=kind)
    if m > servers:
        root[servers:] = np.argsort(end[index], kind="stable")[: m - servers]
    while m and root.max() >= servers:  # only the first `servers` customers point to themselves
        root = root[root]
    label = np.full(served.size, -1, dtype=np.int64)
    label[index] = root
    return label


def _single_line_shifts(arrivals, services, patience, opens, closes):
    """FCFS recursion when servers work shifts: a heap of (free time, server).

    Customer i takes the server free earliest; it starts at max(arrival_i, that time).  A
    server whose shift ends before that start takes nobody else and leaves the heap (start
    times never decrease in FCFS, so it would not be needed later either).
    """
    heap = [(float(o), k) for k, o in enumerate(opens)]
    heapq.heapify(heap)
    n = arrivals.size
    start = np.full(n, math.nan)
    server = np.full(n, -1, dtype=np.int64)
    close = closes.tolist()
    limits = patience.tolist() if patience is not None else None
    for i, (arrive, duration) in enumerate(zip(arrivals.tolist(), services.tolist())):
        while heap:
            free, k = heap[0]
            begin = free if free > arrive else arrive
            if begin >= close[k]:
                heapq.heappop(heap)
                continue
            break
        else:
            raise ValueError(f"shifts: every shift has ended before customer {i} (arrived at {arrive:g}) "
                             "could be served; end the last shift later (np.inf: until everyone is served)")
        if limits is not None and begin - arrive > limits[i]:
            continue  # gives up before a server frees; FCFS: delays nobody
        heapq.heapreplace(heap, (begin + duration, k))
        start[i] = begin
        server[i] = k
    served = server >= 0
    end = np.where(served, start + services, np.nan)
    if patience is not None:
        end[~served] = arrivals[~served] + patience[~served]
    return start, end, server, {}


def _lines_by_type(arrivals, services, patience, classes, class_servers, opens, closes):
    """One FCFS line per class, served only by that class's own servers."""
    n = arrivals.size
    start = np.full(n, math.nan)
    end = np.full(n, math.nan)
    server = np.full(n, -1, dtype=np.int64)
    first = 0
    for k, count in enumerate(class_servers):
        idx = np.flatnonzero(classes == k)
        if idx.size:
            own = patience[idx] if patience is not None else None
            if opens is None:
                s, e, label, _ = _single_line(arrivals[idx], services[idx], own, count)
            else:
                s, e, label, _ = _single_line_shifts(arrivals[idx], services[idx], own,
                                                     opens[first:first + count], closes[first:first + count])
            start[idx], end[idx] = s, e
            server[idx] = np.where(label >= 0, label + first, -1)
        first += count
    return start, end, server, {}


_DEPART, _ABANDON, _OPEN = 0, 1, 2


def _event_engine(arrivals, services, patience, servers, design, jockeying, classes, n_classes, ties, opens=None):
    """Next-event simulation for separate lines (with or without jockeying) and priority classes.

    With ``opens``, server k starts work at opens[k] (an _OPEN event); before any server has
    opened, an arriving customer of separate lines joins the line of the first to open.
    """
    n = arrivals.size
    a = arrivals.tolist()
    s = services.tolist()
    pat = patience.tolist() if patience is not None else None
    cls = classes.tolist()
    tie = ties.tolist()
    start = [math.nan] * n
    end = [math.nan] * n
    server = [-1] * n
    joined = [-1] * n
    switched = [False] * n
    busy = [-1] * servers
    events: list = []
    counter = 0
    waiting: dict[int, int] = {}  # customer -> line (separate lines) or class (priority)
    separate = design == "separate_lines"
    is_open = [opens is None] * servers
    if separate:
        lines = [deque() for _ in range(servers)]
    else:
        queues = [deque() for _ in range(n_classes)]
        idle = deque(range(servers)) if opens is None else deque()
    if opens is not None:
        for k, when in enumerate(opens.tolist()):
            counter += 1
            heapq.heappush(events, (when, counter, _OPEN, k))
        first_open = int(np.argmin(opens))

    def begin(cust, k, t):
        nonlocal counter
        start[cust] = t
        server[cust] = k
        busy[k] = cust
        counter += 1
        heapq.heappush(events, (t + s[cust], counter, _DEPART, k))

    def length(k):
        return len(lines[k]) + (busy[k] >= 0)

    def balance(t):
        while True:
            active = [k for k in range(servers) if is_open[k]]
            if len(active) < 2:
                return
            sizes = [length(k) for k in range(servers)]
            longest = max(active, key=sizes.__getitem__)
            shortest = min(active, key=sizes.__getitem__)
            if sizes[longest] - sizes[shortest] < 2:
                return
            cust = lines[longest].pop()
            switched[cust] = True
            if busy[shortest] < 0:
                del waiting[cust]
                begin(cust, shortest, t)
            else:
                lines[shortest].append(cust)
                waiting[cust] = shortest

    def serve_next(k, t):
        """Server k is free (it has just opened or finished): it takes the next customer, if any."""
        if separate:
            if lines[k]:
                nxt = lines[k].popleft()
                del waiting[nxt]
                begin(nxt, k, t)
            if jockeying:
                balance(t)
            return
        for q in queues:
            if q:
                nxt = q.popleft()
                del waiting[nxt]
                begin(nxt, k, t)
                return
        idle.append(k)

    i = 0
    while i < n or events:
        if events and (i >= n or events[0][0] <= a[i]):
            t, _, kind, who = heapq.heappop(events)
            if kind == _OPEN:
                is_open[who] = True
                serve_next(who, t)
            elif kind == _DEPART:
                end[busy[who]] = t
                busy[who] = -1
                serve_next(who, t)
            else:
                cust = who
                where = waiting.pop(cust, None)
                if where is not None:  # still waiting: gives up now
                    (lines if separate else queues)[where].remove(cust)
                    end[cust] = t
                    if separate and jockeying:
                        balance(t)
            continue
        t = a[i]
        cust = i
        i += 1
        if separate:
            active = [k for k in range(servers) if is_open[k]] or [first_open]
            sizes = [length(k) for k in range(servers)]
            low = min(sizes[k] for k in active)
            options = [k for k in active if sizes[k] == low]
            k = options[int(tie[cust] * len(options))] if len(options) > 1 else options[0]
            joined[cust] = k
            if busy[k] < 0:
                begin(cust, k, t)
                continue
            lines[k].append(cust)
            waiting[cust] = k
        else:
            if idle:
                begin(cust, idle.popleft(), t)
                continue
            queues[cls[cust]].append(cust)
            waiting[cust] = cls[cust]
        if pat is not None and math.isfinite(pat[cust]):
            counter += 1
            heapq.heappush(events, (t + pat[cust], counter, _ABANDON, cust))
    extra = {}
    if separate:
        extra["line"] = np.array(joined, dtype=np.int64)
        extra["jockeyed"] = np.array(switched, dtype=bool)
    return np.array(start), np.array(end), np.array(server, dtype=np.int64), extra


def _overtaken(arrivals, start, end, served) -> np.ndarray:
    """True where someone who arrived strictly later started service earlier.

    For a customer who gave up, "earlier" means before they left.
    """
    starts = np.where(served, start, np.inf)
    suffix = np.minimum.accumulate(starts[::-1])[::-1]
    suffix = np.append(suffix, np.inf)
    later = np.searchsorted(arrivals, arrivals, side="right")  # first customer who arrived strictly later
    own = np.where(served, start, end)
    return suffix[later] < own


# --------------------------------------------------------------------------- public API


def simulate_counter(
    servers,
    *,
    arrival_rate=None,
    arrival_times=None,
    customers=None,
    horizon=None,
    service_rate=1.0,
    service: str = "exponential",
    service_cv=1.0,
    service_times=None,
    design: str = "single_line",
    jockeying: bool = False,
    class_probs=None,
    classes=None,
    class_servers=None,
    mean_patience=None,
    patience_times=None,
    shifts=None,
    seed=None,
) -> pd.DataFrame:
    """Simulate a multi-server counter and return one record per customer.

    Parameters
    ----------
    servers : int
        Number of servers (tellers, agents), >= 1.
    arrival_rate : float, optional
        lambda, customers per unit of time, > 0: Poisson arrivals.  Give it
        with ``customers`` (how many arrive) or ``horizon`` (arrivals in [0, horizon];
        everyone who arrives is followed until they leave).
    arrival_times : sequence of float, optional
        Explicit arrival times, sorted, >= 0 (instead of ``arrival_rate``).
    customers : int, optional
        Number of customers, >= 1.
    horizon : float, optional
        Length of the arrival period, > 0, in the time unit of the rates.
    service_rate : float or sequence of float, default 1.0
        mu, services per unit of time per server (mean service time
        1/mu); with ``design="priority"`` or ``"lines_by_type"`` one rate per
        class is allowed.
    service : {"exponential", "lognormal", "deterministic"}, default "exponential"
        Service-time distribution with mean 1/mu.  Lognormal handle times fit
        call centres (Brown et al. 2005); set their spread with ``service_cv``.
    service_cv : float, default 1.0
        Coefficient of variation (sd / mean) of lognormal service times, > 0.
    service_times : sequence of float, optional
        One service time per customer (overrides ``service``).
    design : {"single_line", "take_a_number", "separate_lines", "lines_by_type", "priority"}
        Queue design (see the module notes).
    jockeying : bool, default False
        With ``"separate_lines"``: customers switch to a line two or more shorter.
    class_probs : sequence of float, optional
        With ``"priority"`` or ``"lines_by_type"``: share of customers in each class,
        summing to 1; with ``"priority"`` class 0 is called first.
    classes : sequence of int, optional
        Instead of ``class_probs``: the class of each customer (whole numbers from 0).
    class_servers : sequence of int, optional
        With ``"lines_by_type"`` (required there): how many servers each class has to
        itself, each >= 1, summing to ``servers``; one entry per class.
    mean_patience : float, optional
        Mean of an exponential patience, > 0: customers still waiting after their
        patience abandon.  Time unit of the rates.
    patience_times : float or sequence of float, optional
        Patience of each customer (or one value for all), >= 0; ``np.inf`` never
        abandons.
    shifts : sequence of (float, float), optional
        One (start, end) pair per server, in the time unit of the arrivals: the server
        takes no customer before ``start`` and starts no service at or after ``end``
        (it finishes the one under way); ``np.inf`` for no end.  Default: every server
        works from time 0 without end.  Ends need a FCFS design (single line,
        take-a-number, lines by type).  :func:`roster_shifts` builds them from a roster.
    seed : int or numpy.random.Generator, optional
        Seed for reproducible runs.

    Returns
    -------
    pandas.DataFrame
        One row per customer in arrival order: ``customer`` (0, 1, ...), ``arrival``,
        ``start`` (NaN if abandoned), ``end`` (service end, or the moment of
        abandoning), ``server`` (-1 if abandoned), ``service`` (service time received,
        NaN if abandoned), ``wait`` (time in queue, until service or abandoning),
        ``abandoned``, ``overtaken`` (someone who arrived later started service
        earlier); plus ``line`` and ``jockeyed`` for separate lines and ``class``
        for priority queues and lines by type.  Times in the unit of the rates.

    Raises
    ------
    ValueError
        For negative or zero rates, zero servers, empty or unsorted arrival times,
        an unknown design, or options that do not fit the design.

    References
    ----------
    Kiefer and Wolfowitz (1955); Larson (1987); Rothkopf and Rech (1987);
    Brown et al. (2005); Garnett, Mandelbaum and Reiman (2002).

    Examples
    --------
    >>> r = simulate_counter(2, arrival_times=[0.0, 0.0, 0.0, 1.0], service_times=[2.0, 3.0, 1.0, 1.0])
    >>> r[["start", "end", "server", "wait"]].values.tolist()
    [[0.0, 2.0, 0.0, 0.0], [0.0, 3.0, 1.0, 0.0], [2.0, 3.0, 0.0, 2.0], [3.0, 4.0, 1.0, 2.0]]
    >>> r = simulate_counter(2, arrival_times=[0.0, 0.0, 0.0, 0.5], service_times=[2.0, 3.0, 1.0, 1.0],
    ...                      design="separate_lines", seed=0)
    >>> r["overtaken"].tolist()   # one customer is stuck behind the slow service
    [False, False, True, False]
    >>> r = simulate_counter(2, arrival_times=[0.0, 0.0, 0.5], service_times=[3.0, 1.0, 1.0],
    ...                      design="lines_by_type", classes=[1, 1, 0], class_servers=[1, 1])
    >>> r["start"].tolist()   # the class-0 desk idles until its customer comes; class 1 waits
    [0.0, 3.0, 0.5]
    >>> simulate_counter(1, arrival_times=[0.0, 0.0], service_times=[1.0, 1.0], shifts=[(2.0, np.inf)])["start"].tolist()
    [2.0, 3.0]
    """
    c = integer(servers, "servers", minimum=1)
    one_of(design, "design", DESIGNS)
    flag(jockeying, "jockeying")
    if jockeying and design != "separate_lines":
        raise ValueError(f"jockeying=True needs design='separate_lines', not design={design!r}")
    classed = design in _CLASSED
    if classed:
        if (class_probs is None) == (classes is None):
            raise ValueError(f"design={design!r} needs class_probs (share of customers in each class) or classes, not both")
        if class_probs is not None:
            probs = np.asarray(class_probs, dtype=float)
            if probs.ndim != 1 or probs.size == 0 or not np.all(np.isfinite(probs)) or np.any(probs < 0):
                raise ValueError(f"class_probs={class_probs!r} must be a non-empty list of shares >= 0")
            if abs(probs.sum() - 1.0) > 1e-9:
                raise ValueError(f"class_probs={class_probs!r} must sum to 1 (they sum to {probs.sum():g})")
    elif class_probs is not None or classes is not None:
        raise ValueError(f"class_probs and classes need design='priority' or 'lines_by_type', not design={design!r}")
    if np.ndim(service_rate) > 0 and not classed:
        raise ValueError("one service_rate per class needs design='priority' or 'lines_by_type'; give a single number")
    if design == "lines_by_type":
        if class_servers is None:
            raise ValueError("class_servers is required with design='lines_by_type' (servers of each class)")
        own = np.asarray(class_servers)
        if (own.ndim != 1 or own.size == 0 or not np.issubdtype(own.dtype, np.integer) or np.any(own < 1)
                or int(own.sum()) != c):
            raise ValueError(f"class_servers={class_servers!r} must be whole numbers >= 1, one per class, "
                             f"summing to servers={c}")
        if class_probs is not None and own.size != np.asarray(class_probs).size:
            raise ValueError(f"class_servers={class_servers!r} needs one entry per class ({np.asarray(class_probs).size})")
    elif class_servers is not None:
        raise ValueError(f"class_servers needs design='lines_by_type', not design={design!r}")
    opens, closes = _shifts(shifts, c)
    fcfs = design in ("single_line", "take_a_number")
    if closes is not None and np.any(np.isfinite(closes)) and design in ("separate_lines", "priority"):
        raise ValueError(f"shifts with an end need a FCFS design (single line, take-a-number, lines by type), "
                         f"not design={design!r}; give np.inf as every end")
    rng = _streams(seed)
    arrivals = _arrivals(arrival_rate, arrival_times, customers, horizon, rng["arrivals"])
    n = arrivals.size
    if classed and classes is not None:
        given = np.asarray(classes)
        if given.ndim != 1 or given.size != n:
            raise ValueError(f"classes must have one class per customer ({n})")
        if not np.issubdtype(given.dtype, np.integer) or np.any(given < 0):
            raise ValueError("classes must be whole numbers >= 0 (0 = highest priority)")
        classes = given.astype(np.int64)
        n_classes = int(classes.max()) + 1
        if design == "lines_by_type":
            if n_classes > len(class_servers):
                raise ValueError(f"classes go up to {n_classes - 1} but class_servers={class_servers!r} "
                                 f"gives servers for {len(class_servers)} classes")
            n_classes = len(class_servers)
    elif classed:
        n_classes = probs.size
        classes = rng["classes"].choice(n_classes, size=n, p=probs / probs.sum())
    else:
        n_classes = 1
        classes = np.zeros(n, dtype=np.int64)
    services = _service_times(n, service, service_rate, service_cv, service_times, classes, n_classes, rng["services"])
    patience = _patience(n, mean_patience, patience_times, rng["patience"])
    if fcfs and opens is None:
        start, end, server, extra = _single_line(arrivals, services, patience, c)
    elif fcfs:
        start, end, server, extra = _single_line_shifts(arrivals, services, patience, opens, closes)
    elif design == "lines_by_type":
        start, end, server, extra = _lines_by_type(
            arrivals, services, patience, classes, [int(k) for k in class_servers], opens, closes
        )
    else:
        ties = rng["ties"].random(n)
        start, end, server, extra = _event_engine(
            arrivals, services, patience, c, design, jockeying, classes, n_classes, ties, opens
        )
    served = server >= 0
    wait = np.where(served, start, end) - arrivals
    records = {
        "customer": np.arange(n, dtype=np.int64),
        "arrival": arrivals,
        "start": start,
        "end": end,
        "server": server,
        "service": np.where(served, services, np.nan),
        "wait": wait,
        "abandoned": ~served,
        # One FCFS line never lets a later arrival start first (nor start while an earlier
        # customer is still waiting), so nobody there is overtaken.
        "overtaken": np.zeros(n, dtype=bool) if fcfs else _overtaken(arrivals, start, end, served),
    }
    records.update(extra)
    if classed:
        records["class"] = classes.astype(np.int64)
    return pd.DataFrame(records, copy=False)  # the arrays are fresh: no need to copy 10 columns


def wait_summary(records: pd.DataFrame, *, target=None, warmup: int = 0, batches: int = 20) -> dict[str, float]:
    """How long customers waited in one simulation run, with a batch-means interval for the mean wait.

    Parameters
    ----------
    records : pandas.DataFrame
        Output of :func:`simulate_counter`.
    target : float, optional
        Acceptable wait (time unit of the run); adds ``service_level``, the share of
        *all* customers served within ``target`` (those who abandon count as misses),
        and ``share_over_target``, the share who waited longer than ``target``.
    warmup : int, default 0
        Number of first customers to drop (the counter starts empty, which is not
        typical of the long run).
    batches : int, default 20
        Batches for :func:`servicelab.stats.batch_means`.

    Returns
    -------
    dict
        ``customers``, ``mean_wait`` (all customers, time in queue including before
        abandoning), ``mean_wait_ci`` (half-width, 95 %), ``sd_wait``, ``p95_wait``,
        ``max_wait``, ``p_wait`` (share who waited at all), ``mean_wait_served``,
        ``share_abandoned``, ``share_overtaken`` and, with ``target``,
        ``service_level`` and ``share_over_target``.  One run's ``max_wait`` and
        ``p95_wait`` vary a lot from run to run: compare designs over replications
        (:func:`servicelab.stats.compare_replications`).

    References
    ----------
    Law (2015), section 9.5.3, for batch means.

    Examples
    --------
    >>> r = simulate_counter(2, arrival_times=[0.0, 0.0, 0.0, 1.0], service_times=[2.0, 3.0, 1.0, 1.0])
    >>> s = wait_summary(r, batches=2)
    >>> s["mean_wait"], s["p_wait"]
    (1.0, 0.5)
    """
    if not isinstance(records, pd.DataFrame) or not {"wait", "abandoned", "overtaken"} <= set(records.columns):
        raise ValueError("records must be the DataFrame returned by simulate_counter")
    skip = integer(warmup, "warmup", minimum=0)
    kept = records.iloc[skip:]
    if len(kept) == 0:
        raise ValueError(f"warmup={warmup!r} drops every one of the {len(records)} customers")
    wait = kept["wait"].to_numpy(dtype=float)
    abandoned = kept["abandoned"].to_numpy(dtype=bool)
    half = batch_means(wait, batches=min(batches, wait.size)).half_width if wait.size >= 2 else math.nan
    served_wait = wait[~abandoned]
    result = {
        "customers": int(len(kept)),
        "mean_wait": float(wait.mean()),
        "mean_wait_ci": half,
        "sd_wait": float(wait.std(ddof=1)) if wait.size > 1 else 0.0,
        "p95_wait": float(np.quantile(wait, 0.95)),
        "max_wait": float(wait.max()),
        "p_wait": float(np.mean(wait > 0)),
        "mean_wait_served": float(served_wait.mean()) if served_wait.size else math.nan,
        "share_abandoned": float(abandoned.mean()),
        "share_overtaken": float(kept["overtaken"].mean()),
    }
    if target is not None:
        t = non_negative(target, "target")
        result["service_level"] = float(np.mean(~abandoned & (wait <= t)))
        result["share_over_target"] = float(np.mean(wait > t))
    return result


# --------------------------------------------------------------------------- days and replications


def _clock(text, name: str) -> float:
    """Minutes after midnight of a clock time "HH:MM" or "HH:MM:SS"."""
    parts = str(text).split(":")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (2, 3) or not 0 <= numbers[0] < 48 or not all(0 <= x < 60 for x in numbers[1:]):
        raise ValueError(f"{name}={text!r} must be a clock time 'HH:MM' or 'HH:MM:SS'")
    return numbers[0] * 60 + numbers[1] + (numbers[2] / 60 if len(numbers) == 3 else 0.0)


def roster_shifts(roster: Mapping[str, int], *, end: str | None = None) -> list[tuple[float, float]]:
    """Shifts, in minutes after midnight, from a roster of how many desks are open from when.

    ``{"07:00": 2, "08:00": 3}`` means two desks from 07:00 and a third from 08:00.  When
    the number falls, the desks opened last close first.  Desks still open at the end of
    the roster stay open until ``end`` (default: until every customer is served).

    Parameters
    ----------
    roster : mapping of str to int
        Clock time ("HH:MM") -> number of desks open from then, >= 0, times increasing.
    end : str, optional
        Clock time at which every desk still open stops starting services.

    Returns
    -------
    list of (float, float)
        One (start, end) pair per desk, ready for ``simulate_counter(shifts=...)``.

    Examples
    --------
    >>> roster_shifts({"07:00": 2, "08:00": 3})
    [(420.0, inf), (420.0, inf), (480.0, inf)]
    >>> roster_shifts({"07:00": 2, "08:30": 3, "10:00": 2}, end="12:00")
    [(420.0, 720.0), (420.0, 720.0), (510.0, 600.0)]
    """
    if not isinstance(roster, Mapping) or not roster:
        raise ValueError(f"roster={roster!r} must be a mapping of clock time to desks open, e.g. {{'07:00': 2}}")
    final = math.inf if end is None else _clock(end, "end")
    shifts: list[list[float]] = []
    open_now: list[int] = []
    previous = -math.inf
    for time, count in roster.items():
        minute = _clock(time, "roster")
        if minute <= previous:
            raise ValueError(f"roster times must increase: {time!r} comes after an equal or later time")
        previous = minute
        wanted = integer(count, f"roster[{time!r}]", minimum=0)
        while len(open_now) < wanted:
            shifts.append([minute, final])
            open_now.append(len(shifts) - 1)
        while len(open_now) > wanted:
            shifts[open_now.pop()][1] = minute
    if final <= previous:
        raise ValueError(f"end={end!r} must come after the roster's last time")
    if not shifts:
        raise ValueError(f"roster={roster!r} never opens a desk")
    return [(float(a), float(b)) for a, b in shifts]


def arrival_rates(times, *, days: int, start: float, end: float, width: float = 15.0) -> pd.Series:
    """Mean arrivals per unit of time in consecutive windows, averaged over several days.

    Window k is [start + k width, start + (k + 1) width); its rate is the number of
    arrivals in it, summed over the days, divided by days x width.

    Parameters
    ----------
    times : sequence of float
        Arrival times of every day, pooled, in one unit (minutes after midnight, say).
    days : int
        Number of days the times come from, >= 1.
    start, end : float
        The period covered; (end - start) must be a whole number of windows.
    width : float, default 15
        Window length, > 0.

    Returns
    -------
    pandas.Series
        Arrivals per unit of time, indexed by the start of each window (name ``rate``).

    Examples
    --------
    >>> arrival_rates([0.5, 1.0, 1.5, 2.5, 3.5, 3.9], days=2, start=0, end=4, width=2).tolist()
    [0.75, 0.75]
    """
    values = non_empty(times, "times")
    d = integer(days, "days", minimum=1)
    low, high, w = finite(start, "start"), finite(end, "end"), positive(width, "width")
    if high <= low:
        raise ValueError(f"end={end!r} must be later than start={start!r}")
    windows = (high - low) / w
    if abs(windows - round(windows)) > 1e-9:
        raise ValueError(f"width={width!r} must divide the period end - start = {high - low:g} into whole windows")
    k = int(round(windows))
    edges = low + w * np.arange(k + 1)
    counts, _ = np.histogram(values[(values >= low) & (values < high)], bins=edges)
    return pd.Series(counts / (d * w), index=pd.Index(edges[:-1], name="window_start"), name="rate")


class Peak(NamedTuple):
    """The busiest window of a day: when it starts and ends, and its arrival rate."""

    start: float
    end: float
    rate: float


def peak_rate(times, *, days: int, start: float, end: float, width: float = 60.0, step: float = 15.0) -> Peak:
    """The busiest window of a given length: the highest mean arrival rate over the days.

    Windows of length ``width`` start every ``step`` from ``start`` and lie inside
    [start, end]; the one with the most arrivals (the earliest, if several tie) is the
    peak.  One definition of "the peak", used wherever a peak rate is needed.

    Parameters
    ----------
    times, days, start, end
        As for :func:`arrival_rates`.
    width : float, default 60
        Length of the window (an hour, in minutes), > 0, at most end - start.
    step : float, default 15
        Spacing of the window starts, > 0; ``width`` must be a whole number of steps
        and (end - start) a whole number of steps.

    Returns
    -------
    Peak
        ``start`` and ``end`` of the busiest window and its ``rate`` (arrivals per unit
        of time, averaged over the days).

    Examples
    --------
    >>> peak_rate([1, 2, 2.5, 3, 3.5, 7], days=1, start=0, end=8, width=2, step=1)
    Peak(start=2.0, end=4.0, rate=2.0)
    """
    w, s = positive(width, "width"), positive(step, "step")
    ratio = w / s
    if abs(ratio - round(ratio)) > 1e-9:
        raise ValueError(f"width={width!r} must be a whole number of steps (step={step!r})")
    if w > finite(end, "end") - finite(start, "start"):
        raise ValueError(f"width={width!r} must fit between start={start!r} and end={end!r}")
    fine = arrival_rates(times, days=days, start=start, end=end, width=s)
    per_window = fine.rolling(int(round(ratio))).mean().dropna()
    best = per_window.to_numpy().argmax()
    begin = float(fine.index[best])
    return Peak(begin, begin + w, float(per_window.iloc[best]))


def poisson_arrivals(rates, *, width: float, start: float = 0.0, seed=None) -> np.ndarray:
    """Arrival times of a Poisson process whose rate is constant within each window.

    In window k, [start + k width, start + (k + 1) width), the number of arrivals is
    Poisson(rates[k] x width) and, given the number, the times are independent and
    uniform in the window: the exact construction of a piecewise-constant Poisson process.

    Parameters
    ----------
    rates : sequence of float
        Arrivals per unit of time in each window, each >= 0 (e.g. :func:`arrival_rates`).
    width : float
        Window length, > 0.
    start : float, default 0
        Start of the first window.
    seed : int or numpy.random.Generator, optional
        For reproducible draws.

    Returns
    -------
    numpy.ndarray
        Sorted arrival times (possibly empty).

    Examples
    --------
    >>> times = poisson_arrivals([0.0, 2.0], width=10.0, start=100.0, seed=1)
    >>> bool(times.min() >= 110.0), bool(np.all(np.diff(times) >= 0))
    (True, True)
    """
    r = non_negative_values(rates, "rates")
    w = positive(width, "width")
    low = finite(start, "start")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    counts = rng.poisson(r * w)
    window = np.repeat(np.arange(r.size), counts)
    return np.sort(low + w * (window + rng.random(window.size)))


def replay(visits: pd.DataFrame, *, arrival: str, service: str, shifts, by: str | None = None,
           design: str = "single_line", class_column: str | None = None, **options) -> pd.DataFrame:
    """Re-run recorded days through the simulator: their own arrivals and service times.

    Each day (each value of ``by``) is played out with its recorded arrival times and
    service times under ``design`` and ``shifts``.  Replayed as recorded, a FCFS single
    line reproduces the recorded waits; change a column first (service times cut by a
    tenth, say) or the shifts (a fourth desk at the peak) to see what that change would
    have done to the same guests.  Deterministic for FCFS designs.

    Parameters
    ----------
    visits : pandas.DataFrame
        One row per customer.
    arrival, service : str
        Columns with each customer's arrival time and service time (same unit).
    shifts : sequence of (float, float)
        One (start, end) per server, as for :func:`simulate_counter`.
    by : str, optional
        Column that separates the days; each day starts with every server free.
    design : str, default "single_line"
        Any design of :func:`simulate_counter`.
    class_column : str, optional
        Column with each customer's class (whole numbers from 0), for "lines_by_type"
        and "priority".
    **options
        Other keyword arguments of :func:`simulate_counter` (``class_servers``, ``seed``,
        ``jockeying`` ...).

    Returns
    -------
    pandas.DataFrame
        The simulator's records, one row per visit, in the order and with the index of
        ``visits`` (``customer`` counts from 0 within each day), plus the ``by`` column.

    Examples
    --------
    >>> days = pd.DataFrame({"day": [1, 1, 1], "at": [0.0, 0.0, 1.0], "takes": [2.0, 2.0, 1.0]})
    >>> replay(days, arrival="at", service="takes", shifts=[(0, np.inf)], by="day")["wait"].tolist()
    [0.0, 2.0, 3.0]
    """
    needed = [arrival, service] + ([by] if by is not None else []) + ([class_column] if class_column else [])
    frame = columns(visits, "visits", needed)
    if len(frame) == 0:
        raise ValueError("visits must hold at least one customer")
    servers = len(shifts) if hasattr(shifts, "__len__") else 0
    groups = frame.groupby(by, sort=True) if by is not None else [(None, frame)]
    parts = []
    for key, day in groups:
        ordered = day.sort_values(arrival, kind="stable")
        given = dict(options)
        if class_column:
            given["classes"] = ordered[class_column].to_numpy()
        records = simulate_counter(
            servers, arrival_times=ordered[arrival].to_numpy(dtype=float),
            service_times=ordered[service].to_numpy(dtype=float), shifts=shifts, design=design, **given,
        )
        records.index = ordered.index
        if by is not None:
            records.insert(0, by, key)
        parts.append(records)
    return pd.concat(parts).loc[frame.index]


def replicate(customers: Callable[[int], Mapping], designs: Mapping[str, Mapping], replications: int, *,
              servers: int, shifts=None, target=None,
              measures: Mapping[str, Callable[[pd.DataFrame], float]] | None = None,
              first_seed: int = 1) -> pd.DataFrame:
    """Run several queue designs over replications with paired seeds; one row per run.

    Replication r uses seed ``first_seed + r``: ``customers(seed)`` draws that
    replication's customers once, and every design serves those same customers (common
    random numbers), so the difference between two designs in a replication is the
    designs' and not chance's.  Compare designs on any column with
    :func:`servicelab.stats.compare_replications` (paired by replication).

    Parameters
    ----------
    customers : callable
        ``customers(seed)`` returns keyword arguments of :func:`simulate_counter` that
        describe the customers: ``arrival_times``, ``service_times``, and optionally
        ``classes`` (passed only to designs that use classes) and ``patience_times``.
    designs : mapping of str to mapping
        Design name -> keyword arguments of :func:`simulate_counter`
        (``{"design": "separate_lines", "jockeying": True}``).
    replications : int
        Number of replications R, >= 2.
    servers : int
        Servers, as for :func:`simulate_counter`.
    shifts : sequence of (float, float), optional
        Shifts of the servers (a design's own ``shifts`` overrides them).
    target : float, optional
        Acceptable wait, passed to :func:`wait_summary`.
    measures : mapping of str to callable, optional
        Extra outputs: name -> function of a run's records returning one number (the
        mean felt wait, say).
    first_seed : int, default 1
        Seed of the first replication, >= 0.

    Returns
    -------
    pandas.DataFrame
        Columns ``replication`` (the seed), ``design``, every key of
        :func:`wait_summary`, then the ``measures``.

    References
    ----------
    Law (2015), *Simulation Modeling and Analysis*, 5th ed., sections 10.2 and 11.2.

    Examples
    --------
    >>> def guests(seed):
    ...     return {"arrival_times": poisson_arrivals([0.5] * 4, width=30.0, seed=seed)}
    >>> runs = replicate(guests, {"one line": {}, "a line each": {"design": "separate_lines"}}, 3,
    ...                  servers=2, target=5.0)
    >>> runs[["replication", "design"]].values.tolist()[:2]
    [[1, 'one line'], [1, 'a line each']]
    """
    if not callable(customers):
        raise ValueError("customers must be a function of the seed that returns the customers' arguments")
    if not isinstance(designs, Mapping) or not designs:
        raise ValueError("designs must be a non-empty mapping of name to simulate_counter arguments")
    r = integer(replications, "replications", minimum=2)
    first = integer(first_seed, "first_seed", minimum=0)
    extra = dict(measures or {})
    rows = []
    for seed in range(first, first + r):
        drawn = dict(customers(seed))
        for name, options in designs.items():
            given = dict(drawn)
            if options.get("design", "single_line") not in _CLASSED:
                given.pop("classes", None)
            settings = {"shifts": shifts, **options}
            records = simulate_counter(servers, seed=seed, **given, **settings)
            row = {"replication": seed, "design": name, **wait_summary(records, target=target)}
            for label, measure in extra.items():
                row[label] = float(measure(records))
            rows.append(row)
    return pd.DataFrame(rows)
