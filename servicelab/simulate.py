"""Simulating a multi-server counter, one customer at a time.

:func:`simulate_counter` plays out a service counter (bank tellers, check-in desks,
call-centre agents) customer by customer and returns one record per customer: when
they arrived, started and finished service, which server they had, how long they
waited, whether they gave up (abandoned) and whether somebody who arrived after them
was served first (*overtaken*, the event that makes a queue feel unfair; Larson 1987).
The closed forms of :mod:`servicelab.queues` give averages for the simplest design; the
simulation also gives the spread of waits, the share overtaken, and the designs that
have no closed form.  Queue designs (``design=``), from the course's Chapter 6:

``"single_line"``
    One serpentine line feeding every server, first come first served (FCFS).  A
    customer at the head of the line takes the server that has been free longest.
``"take_a_number"``
    Customers take a ticket and are called in ticket order: logically the same single
    FCFS queue, so the waits are *identical* to ``"single_line"`` with the same seed.
    What changes is how the wait feels: customers can sit, browse or step away instead
    of standing in line (see :mod:`servicelab.waiting`), which this model does not
    measure.
``"separate_lines"``
    One line per server.  An arriving customer joins the shortest line (fewest
    customers waiting plus in service; ties broken at random) and stays in it.  With
    ``jockeying=True`` customers switch lines: whenever one line is two or more
    customers longer than another, the last customer of the longest line moves to
    the end of the shortest.
``"priority"``
    Classified queues: each customer belongs to a class (drawn with ``class_probs``, or
    given with ``classes``; class 0 is served first), one shared pool of servers,
    non-preemptive (a service under way is never interrupted), FCFS within a class;
    each class may have its own service rate.  Mean waits per class have a closed
    form, :func:`servicelab.queues.priority_mean_waits`.

Customers may abandon: with ``mean_patience`` each has an exponential patience, or
give ``patience_times``; a customer still waiting when patience runs out leaves.

Random numbers come from separate streams for arrivals, service times, classes,
patience and tie-breaks, all derived from ``seed``: with the same seed, two designs
see exactly the same customers (common random numbers), so their difference is the
design's, not chance's.  Service times belong to customers, not to servers.

Algorithms: the single line (and take-a-number) uses the FCFS multi-server recursion
with a heap of server-free times (start = max(arrival, earliest free server)), which
stays exact with abandonment because in FCFS a customer who leaves never delays
anyone behind.  The other designs use a next-event simulation.

References: Kiefer and Wolfowitz (1955) for the recursion; Larson (1987) and
Rothkopf and Rech (1987) on queue designs; Brown et al. (2005) for lognormal
handle times; Palm (1943) / Garnett, Mandelbaum and Reiman (2002) for exponential
patience.

>>> from servicelab.simulate import simulate_counter
>>> records = simulate_counter(3, arrival_rate=2.0, service_rate=1.0, customers=5, seed=1)
>>> list(records.columns)
['customer', 'arrival', 'start', 'end', 'server', 'service', 'wait', 'abandoned', 'overtaken']
"""

from __future__ import annotations

import heapq
import math
from collections import deque

import numpy as np
import pandas as pd

from servicelab._validate import flag, integer, non_negative, non_negative_values, one_of, positive
from servicelab.stats import batch_means

__all__ = ["DESIGNS", "SERVICE_DISTRIBUTIONS", "simulate_counter", "wait_summary"]

DESIGNS = ("single_line", "take_a_number", "separate_lines", "priority")
"""Queue designs understood by :func:`simulate_counter`."""

SERVICE_DISTRIBUTIONS = ("exponential", "lognormal", "deterministic")
"""Service-time distributions understood by :func:`simulate_counter`."""

_STREAMS = ("arrivals", "services", "classes", "patience", "ties")


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


_DEPART, _ABANDON = 0, 1


def _event_engine(arrivals, services, patience, servers, design, jockeying, classes, n_classes, ties):
    """Next-event simulation for separate lines (with or without jockeying) and priority classes."""
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
    if separate:
        lines = [deque() for _ in range(servers)]
    else:
        queues = [deque() for _ in range(n_classes)]
        idle = deque(range(servers))

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
            sizes = [length(k) for k in range(servers)]
            longest = max(range(servers), key=sizes.__getitem__)
            shortest = min(range(servers), key=sizes.__getitem__)
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

    i = 0
    while i < n or events:
        if events and (i >= n or events[0][0] <= a[i]):
            t, _, kind, who = heapq.heappop(events)
            if kind == _DEPART:
                k = who
                end[busy[k]] = t
                busy[k] = -1
                if separate:
                    if lines[k]:
                        nxt = lines[k].popleft()
                        del waiting[nxt]
                        begin(nxt, k, t)
                    if jockeying:
                        balance(t)
                else:
                    for q in queues:
                        if q:
                            nxt = q.popleft()
                            del waiting[nxt]
                            begin(nxt, k, t)
                            break
                    else:
                        idle.append(k)
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
            sizes = [length(k) for k in range(servers)]
            low = min(sizes)
            options = [k for k in range(servers) if sizes[k] == low]
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
    mean_patience=None,
    patience_times=None,
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
        1/mu); with ``design="priority"`` one rate per class is allowed.
    service : {"exponential", "lognormal", "deterministic"}, default "exponential"
        Service-time distribution with mean 1/mu.  Lognormal handle times fit
        call centres (Brown et al. 2005); set their spread with ``service_cv``.
    service_cv : float, default 1.0
        Coefficient of variation (sd / mean) of lognormal service times, > 0.
    service_times : sequence of float, optional
        One service time per customer (overrides ``service``).
    design : {"single_line", "take_a_number", "separate_lines", "priority"}
        Queue design (see the module notes).
    jockeying : bool, default False
        With ``"separate_lines"``: customers switch to a line two or more shorter.
    class_probs : sequence of float, optional
        With ``"priority"``: share of customers in each class, summing to 1; class 0
        has the highest priority.
    classes : sequence of int, optional
        With ``"priority"``, instead of ``class_probs``: the class of each customer
        (0 = highest priority).
    mean_patience : float, optional
        Mean of an exponential patience, > 0: customers still waiting after their
        patience abandon.  Time unit of the rates.
    patience_times : float or sequence of float, optional
        Patience of each customer (or one value for all), >= 0; ``np.inf`` never
        abandons.
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
        for priority queues.  Times in the unit of the rates.

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
    """
    c = integer(servers, "servers", minimum=1)
    one_of(design, "design", DESIGNS)
    flag(jockeying, "jockeying")
    if jockeying and design != "separate_lines":
        raise ValueError(f"jockeying=True needs design='separate_lines', not design={design!r}")
    if design == "priority":
        if (class_probs is None) == (classes is None):
            raise ValueError("design='priority' needs class_probs (share of customers in each class) or classes, not both")
        if class_probs is not None:
            probs = np.asarray(class_probs, dtype=float)
            if probs.ndim != 1 or probs.size == 0 or not np.all(np.isfinite(probs)) or np.any(probs < 0):
                raise ValueError(f"class_probs={class_probs!r} must be a non-empty list of shares >= 0")
            if abs(probs.sum() - 1.0) > 1e-9:
                raise ValueError(f"class_probs={class_probs!r} must sum to 1 (they sum to {probs.sum():g})")
    elif class_probs is not None or classes is not None:
        raise ValueError(f"class_probs and classes need design='priority', not design={design!r}")
    if np.ndim(service_rate) > 0 and design != "priority":
        raise ValueError("one service_rate per class needs design='priority'; give a single number")
    rng = _streams(seed)
    arrivals = _arrivals(arrival_rate, arrival_times, customers, horizon, rng["arrivals"])
    n = arrivals.size
    if design == "priority" and classes is not None:
        given = np.asarray(classes)
        if given.ndim != 1 or given.size != n:
            raise ValueError(f"classes must have one class per customer ({n})")
        if not np.issubdtype(given.dtype, np.integer) or np.any(given < 0):
            raise ValueError("classes must be whole numbers >= 0 (0 = highest priority)")
        classes = given.astype(np.int64)
        n_classes = int(classes.max()) + 1
    elif design == "priority":
        n_classes = probs.size
        classes = rng["classes"].choice(n_classes, size=n, p=probs / probs.sum())
    else:
        n_classes = 1
        classes = np.zeros(n, dtype=np.int64)
    services = _service_times(n, service, service_rate, service_cv, service_times, classes, n_classes, rng["services"])
    patience = _patience(n, mean_patience, patience_times, rng["patience"])
    fcfs = design in ("single_line", "take_a_number")
    if fcfs:
        start, end, server, extra = _single_line(arrivals, services, patience, c)
    else:
        ties = rng["ties"].random(n)
        start, end, server, extra = _event_engine(
            arrivals, services, patience, c, design, jockeying, classes, n_classes, ties
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
    if design == "priority":
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
