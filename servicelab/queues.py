"""Waiting lines in closed form: Erlang B, Erlang C (M/M/c), Little's law and Erlang A.

Every formula here describes a counter or a call centre in *steady state*: customers
arrive at random (a Poisson process at rate lambda), each takes an exponential
service time with mean 1/mu, and c servers (agents, tellers, desks)
work in parallel from one shared line.  The *offered load* is

::

    a = lambda / mu (erlangs: the average number of busy servers needed),

and the *utilisation* is rho = a / c.

Units
-----
Rates are per unit of time and every time that comes back is in that same unit:
give ``arrival_rate`` in calls per minute and ``service_rate`` in calls per minute per
agent, and the mean wait comes back in minutes.  Numbers of customers (``L``, ``Lq``)
and probabilities have no unit.  :mod:`servicelab.staffing` wraps these functions in
call-centre units (calls per half hour, handle time in seconds).

Models
------
- **Erlang B** (M/M/c/c, no waiting room): :func:`erlang_b`, the share of customers
  turned away.
- **Erlang C** (M/M/c, infinite patience): :func:`erlang_c` (probability of waiting),
  :func:`mean_wait`, :func:`service_level`, :func:`mean_queue_length`,
  :func:`mean_time_in_system`, :func:`mean_number_in_system`, :func:`utilisation`,
  or all at once with :func:`mmc`.  Needs rho < 1.
- **Priority classes** (M/M/c, non-preemptive): :func:`priority_mean_waits`.
- **Little's law** L = lambda W (:func:`littles_law`), true for any stable
  system, and the time-average number present measured from entry and exit times
  (:func:`time_average_count`).
- **Kingman's approximation** (G/G/c): the M/M/c wait scaled by the variability of
  arrivals and service, (ca^2 + cs^2) / 2 (:func:`kingman_wait`).
- **Erlang A** (M/M/c+M, exponential patience with rate theta):
  :func:`erlang_a`.  Callers who wait too long hang up, so the system is stable
  even when rho >= 1.

Numerical method: Erlang B by the recursion
B(0)=1, B(k) = a B(k-1) / (k + a B(k-1)), which never forms a^c or
c! and is stable for any number of servers (tested to 10 000); Erlang C from
C = c B / (c - a(1 - B)); Erlang A with the regularised incomplete gamma
function in log space.

References: Erlang (1917); Kleinrock (1975), section 3.5; Gans, Koole and Mandelbaum
(2003); Garnett, Mandelbaum and Reiman (2002); Mandelbaum and Zeltyn (2007); Little (1961).

>>> from servicelab import queues
>>> round(queues.erlang_c(offered_load=2.0, servers=3), 4)
0.4444
>>> round(queues.mean_wait(arrival_rate=2.0, service_rate=1.0, servers=3), 4)
0.4444
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate, special

from servicelab._validate import finite, integer, non_empty, non_negative, numbers, positive, same_length, whole_numbers

__all__ = [
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "kingman_wait",
    "littles_law",
    "mean_number_in_system",
    "mean_queue_length",
    "mean_time_in_system",
    "mean_wait",
    "mmc",
    "offered_load",
    "priority_mean_waits",
    "service_level",
    "time_average_count",
    "utilisation",
]


# --------------------------------------------------------------------------- input checks


def _out(array: np.ndarray, *inputs) -> float | np.ndarray:
    """Return a Python float when every input was a scalar, else the array."""
    if all(np.ndim(x) == 0 for x in inputs):
        return float(np.asarray(array).reshape(()))
    return array


def _check_stable(load: np.ndarray, servers: np.ndarray) -> None:
    """Raise a ValueError naming the load and the servers when rho >= 1."""
    load, servers = np.broadcast_arrays(load, servers)
    bad = load >= servers
    if np.any(bad):
        a = float(load[bad].flat[0])
        c = int(servers[bad].flat[0])
        raise ValueError(
            f"offered load a={a:g} erlangs needs more than servers={c} "
            f"(utilisation rho={a / c:.4g} must be < 1 for the queue to be stable; "
            f"add servers or use erlang_a, which lets callers abandon)"
        )


# --------------------------------------------------------------------------- Erlang B and C


def offered_load(arrival_rate, service_rate):
    """Offered load a = lambda / mu in erlangs.

    The average number of servers that would be busy if nobody had to wait or was
    turned away: 360 calls an hour of 4 minutes each is 360 x 4 / 60 = 24 erlangs.

    Parameters
    ----------
    arrival_rate : float or array
        lambda, customers per unit of time, >= 0.
    service_rate : float or array
        mu, customers one server completes per unit of time, > 0
        (1 / mean service time, in the same time unit).

    Returns
    -------
    float or numpy.ndarray
        a in erlangs (dimensionless).

    References
    ----------
    Erlang (1917); Gans, Koole and Mandelbaum (2003).

    Examples
    --------
    >>> offered_load(arrival_rate=6.0, service_rate=0.25)   # 6 calls/min, 4 min each
    24.0
    """
    lam = numbers(arrival_rate, "arrival_rate", strictly_positive=False)
    mu = numbers(service_rate, "service_rate", strictly_positive=True)
    return _out(lam / mu, arrival_rate, service_rate)


def utilisation(arrival_rate, service_rate, servers):
    """Utilisation rho = lambda / (c mu): the share of time a server is busy.

    In a stable M/M/c queue (Erlang C) every customer is eventually served, so
    rho is also the agents' *occupancy*.  No stability check here: a value
    of 1 or more is returned as it is (and tells you the queue would grow without end).

    Parameters
    ----------
    arrival_rate : float or array
        lambda, customers per unit of time, >= 0.
    service_rate : float or array
        mu, customers per server per unit of time, > 0.
    servers : int or array of int
        c, number of servers, >= 1.

    Returns
    -------
    float or numpy.ndarray
        rho (dimensionless).

    References
    ----------
    Kleinrock (1975), section 3.5.

    Examples
    --------
    >>> utilisation(arrival_rate=9.0, service_rate=1.0, servers=10)
    0.9
    """
    lam = numbers(arrival_rate, "arrival_rate", strictly_positive=False)
    mu = numbers(service_rate, "service_rate", strictly_positive=True)
    c = whole_numbers(servers, "servers", minimum=1)
    return _out(lam / (c * mu), arrival_rate, service_rate, servers)


def erlang_b(offered_load, servers):
    """Erlang B: probability that an arriving customer finds every server busy and is lost.

    The loss system M/M/c/c has no waiting room (a car park, hotel rooms for tonight,
    phone lines without a queue).  With offered load a and c servers

    ::

        B(c, a) = (a^c / c!) / (sum_(k=0)^c a^k / k!),

    computed without factorials by the recursion
    B(0, a) = 1, B(k, a) = a B(k-1, a) / (k + a B(k-1, a)).
    The formula holds for any service-time distribution with the same mean.

    Parameters
    ----------
    offered_load : float or array
        a = lambda/mu in erlangs, >= 0.
    servers : int or array of int
        c, >= 1.  Broadcasts against ``offered_load``.

    Returns
    -------
    float or numpy.ndarray
        Blocking probability in [0, 1].

    References
    ----------
    Erlang (1917); Kleinrock (1975), section 3.7.

    Examples
    --------
    >>> round(erlang_b(offered_load=2.0, servers=3), 4)      # (8/6) / (1 + 2 + 2 + 8/6)
    0.2105
    >>> erlang_b([1.0, 2.0], servers=[1, 2]).round(4)
    array([0.5, 0.4])
    """
    a = numbers(offered_load, "offered_load", strictly_positive=False)
    c = whole_numbers(servers, "servers", minimum=1)
    return _out(_erlang_b(a, c), offered_load, servers)


def _erlang_b(a: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Vectorised Erlang B recursion (inputs already checked)."""
    a, c = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(c, dtype=np.int64))
    if a.ndim == 0:
        b, load = 1.0, float(a)
        for k in range(1, int(c) + 1):
            b = load * b / (k + load * b)
        return np.asarray(b)
    result = np.empty(a.shape)
    b = np.ones(a.shape)
    top = int(c.max())
    for k in range(1, top + 1):
        b = a * b / (k + a * b)
        hit = c == k
        if np.any(hit):
            result[hit] = b[hit]
    return result


def _erlang_c(a: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Erlang C from Erlang B, for a < c (inputs already checked)."""
    b = _erlang_b(a, c)
    return c * b / (c - a * (1.0 - b))


def erlang_c(offered_load, servers):
    """Erlang C: probability that an arriving customer has to wait (M/M/c).

    ::

        C(c, a) = (a^c / c!) (c / (c - a)) / [sum_(k=0)^(c-1) a^k / k!  +  (a^c / c!) (c / (c - a))]
                = c B(c, a) / (c - a (1 - B(c, a))),

    where B is :func:`erlang_b`.  By PASTA (Poisson arrivals see time
    averages) this is also the long-run share of time all c servers are busy.

    Parameters
    ----------
    offered_load : float or array
        a = lambda/mu in erlangs, >= 0.
    servers : int or array of int
        c, >= 1, with a < c.

    Returns
    -------
    float or numpy.ndarray
        Probability of waiting, in [0, 1).

    Raises
    ------
    ValueError
        If a >= c (utilisation rho = a/c >= 1: the line grows
        without end), naming both values.

    References
    ----------
    Erlang (1917); Kleinrock (1975), section 3.5; Gans, Koole and Mandelbaum (2003).

    Examples
    --------
    >>> round(erlang_c(offered_load=2.0, servers=3), 4)       # 4/9
    0.4444
    >>> erlang_c(10.5, 10)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: offered load a=10.5 erlangs needs more than servers=10 (utilisation rho=1.05 must be < 1 ...
    """
    a = numbers(offered_load, "offered_load", strictly_positive=False)
    c = whole_numbers(servers, "servers", minimum=1)
    _check_stable(a, c)
    return _out(_erlang_c(a, c), offered_load, servers)


def _queue_length(a: np.ndarray, c: np.ndarray) -> np.ndarray:
    """L_q = C(c, a) rho / (1 - rho), rho = a / c (inputs already checked and stable)."""
    rho = a / c
    return _erlang_c(a, c) * rho / (1.0 - rho)


def _mmc_inputs(arrival_rate, service_rate, servers):
    lam = numbers(arrival_rate, "arrival_rate", strictly_positive=False)
    mu = numbers(service_rate, "service_rate", strictly_positive=True)
    c = whole_numbers(servers, "servers", minimum=1)
    a = lam / mu
    _check_stable(a, c)
    return lam, mu, c, a


def mean_wait(arrival_rate, service_rate, servers):
    """Mean time in the queue W_q of an M/M/c system (Erlang C), before service starts.

    ::

        W_q = C(c, a) / (c mu - lambda).

    Averaged over all customers, including the 1 - C who do not wait at
    all; call centres call it the *average speed of answer* (ASA).

    Parameters
    ----------
    arrival_rate : float or array
        lambda, customers per unit of time, >= 0.
    service_rate : float or array
        mu, customers per server per unit of time, > 0.
    servers : int or array of int
        c, >= 1, with lambda < c mu.

    Returns
    -------
    float or numpy.ndarray
        W_q in the time unit of the rates.

    References
    ----------
    Kleinrock (1975), section 3.5.

    Examples
    --------
    >>> round(mean_wait(arrival_rate=9.0, service_rate=1.0, servers=10), 4)
    0.6687
    """
    lam, mu, c, a = _mmc_inputs(arrival_rate, service_rate, servers)
    return _out(_erlang_c(a, c) / (c * mu - lam), arrival_rate, service_rate, servers)


def service_level(arrival_rate, service_rate, servers, target):
    """Share of customers whose wait is at most ``target``: P(W_q <= t) in M/M/c.

    ::

        P(W_q <= t) = 1 - C(c, a) exp(-(c mu - lambda) t).

    The call-centre *service level* "80 % of calls answered within 20 seconds" is
    this probability with t = 20 s.

    Parameters
    ----------
    arrival_rate : float or array
        lambda, customers per unit of time, >= 0.
    service_rate : float or array
        mu, customers per server per unit of time, > 0.
    servers : int or array of int
        c, >= 1, with lambda < c mu.
    target : float or array
        t, the acceptable wait, >= 0, in the time unit of the rates.

    Returns
    -------
    float or numpy.ndarray
        Probability in [0, 1].

    References
    ----------
    Kleinrock (1975), section 3.5; Gans, Koole and Mandelbaum (2003).

    Examples
    --------
    >>> # 100 calls per 30 min, 180 s handle time, 11 agents, target 20 s (time unit: seconds)
    >>> round(service_level(100 / 1800, 1 / 180, servers=11, target=20), 4)
    0.3896
    """
    lam, mu, c, a = _mmc_inputs(arrival_rate, service_rate, servers)
    t = numbers(target, "target", strictly_positive=False)
    value = 1.0 - _erlang_c(a, c) * np.exp(-(c * mu - lam) * t)
    return _out(value, arrival_rate, service_rate, servers, target)


def mean_queue_length(arrival_rate, service_rate, servers):
    """Mean number waiting L_q = lambda W_q = C(c,a) rho/(1-rho) in M/M/c.

    Parameters
    ----------
    arrival_rate, service_rate, servers
        As in :func:`mean_wait`.

    Returns
    -------
    float or numpy.ndarray
        L_q, customers.

    References
    ----------
    Kleinrock (1975), section 3.5; Little (1961).

    Examples
    --------
    >>> round(mean_queue_length(2.0, 1.0, 3), 4)      # (4/9) x (2/3) / (1/3)
    0.8889
    """
    lam, mu, c, a = _mmc_inputs(arrival_rate, service_rate, servers)
    return _out(_queue_length(a, c), arrival_rate, service_rate, servers)


def mean_time_in_system(arrival_rate, service_rate, servers):
    """Mean time in the system W = W_q + 1/mu (queue plus service) in M/M/c.

    Parameters
    ----------
    arrival_rate, service_rate, servers
        As in :func:`mean_wait`.

    Returns
    -------
    float or numpy.ndarray
        W, in the time unit of the rates.

    References
    ----------
    Kleinrock (1975), section 3.5.

    Examples
    --------
    >>> round(mean_time_in_system(2.0, 1.0, 3), 4)     # 4/9 + 1
    1.4444
    """
    lam, mu, c, a = _mmc_inputs(arrival_rate, service_rate, servers)
    return _out(_erlang_c(a, c) / (c * mu - lam) + 1.0 / mu, arrival_rate, service_rate, servers)


def mean_number_in_system(arrival_rate, service_rate, servers):
    """Mean number in the system L = L_q + a = lambda W in M/M/c.

    Parameters
    ----------
    arrival_rate, service_rate, servers
        As in :func:`mean_wait`.

    Returns
    -------
    float or numpy.ndarray
        L, customers (waiting plus in service).

    References
    ----------
    Kleinrock (1975), section 3.5; Little (1961).

    Examples
    --------
    >>> round(mean_number_in_system(2.0, 1.0, 3), 4)   # 8/9 + 2
    2.8889
    """
    lam, mu, c, a = _mmc_inputs(arrival_rate, service_rate, servers)
    return _out(_queue_length(a, c) + a, arrival_rate, service_rate, servers)


def mmc(arrival_rate: float, service_rate: float, servers: int, target: float | None = None) -> dict[str, float]:
    """Every steady-state figure of one M/M/c (Erlang C) system, as a dict.

    Parameters
    ----------
    arrival_rate : float
        lambda, customers per unit of time, >= 0.
    service_rate : float
        mu, customers per server per unit of time, > 0.
    servers : int
        c, >= 1, with lambda < c mu.
    target : float, optional
        Acceptable wait t (time unit of the rates); adds ``service_level``.

    Returns
    -------
    dict
        ``offered_load`` (a, erlangs), ``utilisation`` (rho),
        ``p_wait`` (C), ``mean_wait`` (W_q), ``mean_time_in_system``
        (W), ``mean_queue_length`` (L_q), ``mean_number_in_system``
        (L), ``mean_wait_if_delayed`` (W_q / C = 1/(c mu-lambda)),
        and ``service_level`` (P(W_q <= t)) when ``target`` is given.

    References
    ----------
    Kleinrock (1975), section 3.5.

    Examples
    --------
    >>> m = mmc(arrival_rate=2.0, service_rate=1.0, servers=3)
    >>> round(m["p_wait"], 4), round(m["mean_wait"], 4), round(m["mean_number_in_system"], 4)
    (0.4444, 0.4444, 2.8889)
    """
    lam = non_negative(arrival_rate, "arrival_rate")
    mu = positive(service_rate, "service_rate")
    c = integer(servers, "servers", minimum=1)
    a = lam / mu
    _check_stable(np.asarray(a), np.asarray(c))
    p = float(_erlang_c(np.asarray(a), np.asarray(c)))
    wq = p / (c * mu - lam)
    result = {
        "offered_load": a,
        "utilisation": a / c,
        "p_wait": p,
        "mean_wait": wq,
        "mean_time_in_system": wq + 1.0 / mu,
        "mean_queue_length": lam * wq,
        "mean_number_in_system": lam * (wq + 1.0 / mu),
        "mean_wait_if_delayed": 1.0 / (c * mu - lam),
    }
    if target is not None:
        t = non_negative(target, "target")
        result["service_level"] = 1.0 - p * math.exp(-(c * mu - lam) * t)
    return result


# --------------------------------------------------------------------------- Little's law


def littles_law(*, arrival_rate=None, time_in_system=None, number_in_system=None) -> float:
    """Little's law L = lambda W: give any two, get the third.

    Holds for any stable system in the long run, whatever the arrival pattern,
    service times or queue discipline: the average number present equals the
    arrival rate times the average time each one stays.  It applies to the whole
    system (L = lambda W), to the line alone (L_q = lambda W_q) and
    to the servers (busy servers = lambda / mu).

    Parameters
    ----------
    arrival_rate : float, optional
        lambda, arrivals per unit of time, > 0.
    time_in_system : float, optional
        W, mean time each customer stays, >= 0, in the same time unit.
    number_in_system : float, optional
        L, mean number present, >= 0.

    Returns
    -------
    float
        The one quantity not given.

    References
    ----------
    Little (1961).

    Examples
    --------
    >>> littles_law(arrival_rate=120, time_in_system=0.25)   # 120 guests/h, 15 min each
    30.0
    >>> littles_law(arrival_rate=120, number_in_system=30)
    0.25
    """
    given = {
        "arrival_rate": arrival_rate,
        "time_in_system": time_in_system,
        "number_in_system": number_in_system,
    }
    missing = [name for name, value in given.items() if value is None]
    if len(missing) != 1:
        raise ValueError(
            "littles_law needs exactly two of arrival_rate, time_in_system, number_in_system; "
            f"missing={missing}"
        )
    if missing[0] == "number_in_system":
        return non_negative(arrival_rate, "arrival_rate") * non_negative(time_in_system, "time_in_system")
    if missing[0] == "time_in_system":
        return non_negative(number_in_system, "number_in_system") / positive(arrival_rate, "arrival_rate")
    return non_negative(number_in_system, "number_in_system") / positive(time_in_system, "time_in_system")


def time_average_count(begin, end, window_start: float, window_end: float) -> float:
    """Time-average number of customers present in a window, from their entry and exit times.

    Each customer is present from ``begin`` to ``end`` (for the line: from arriving
    to starting service; for the desks: from starting to finishing service).  The
    time average over the window [t_0, t_1) is

    ::

        mean N = (1 / (t_1 - t_0)) sum_i |[b_i, e_i) intersect [t_0, t_1)|,

    the total time customers spent in the window divided by its length.  With
    ``begin`` = arrival and ``end`` = start of service it is the mean number in line,
    L_q, which Little's law equates to lambda W_q when every
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
    same_length(ends, "end", starts, "begin")
    if np.any(ends < starts):
        raise ValueError("end must be >= begin for every customer")
    t0 = finite(window_start, "window_start")
    t1 = finite(window_end, "window_end")
    if t1 <= t0:
        raise ValueError(f"window_end={window_end!r} must be > window_start={window_start!r}")
    overlap = np.clip(np.minimum(ends, t1) - np.maximum(starts, t0), 0, None)
    return float(overlap.sum() / (t1 - t0))



def kingman_wait(arrival_rate, service_rate, servers=1, *, arrival_scv=1.0, service_scv=1.0):
    """Kingman's approximation of the mean wait when arrivals or service times are not exponential.

    Scale the M/M/c mean wait (:func:`mean_wait`) by the variability of arrivals and
    service::

        W_q ~= W_q(M/M/c) x (ca^2 + cs^2) / 2

    where ca^2 and cs^2 are the squared coefficients of variation (variance / mean^2) of
    the time between arrivals and of the service time.  Exponential times have
    scv = 1, so M/M/c is returned unchanged; constant service (cs^2 = 0) halves the wait.
    With one server and Poisson arrivals (ca^2 = 1) the formula is the exact
    Pollaczek-Khinchine mean wait of M/G/1; for several servers (the Allen-Cunneen form)
    and other arrivals it is an approximation, best in heavy traffic.

    Parameters
    ----------
    arrival_rate : float or array
        lambda, customers per unit of time, >= 0.
    service_rate : float or array
        mu, customers per server per unit of time, > 0.
    servers : int or array of int, default 1
        c, >= 1, with lambda < c mu.
    arrival_scv : float, default 1
        ca^2 of the times between arrivals, >= 0 (1 for Poisson arrivals).
    service_scv : float, default 1
        cs^2 of the service times, >= 0 (1 exponential, 0 constant).

    Returns
    -------
    float or numpy.ndarray
        Approximate mean wait in queue, in the time unit of the rates.

    References
    ----------
    Kingman (1961), *Proc. Cambridge Phil. Soc.* 57, 902-904; Allen (1990),
    *Probability, Statistics and Queueing Theory*, 2nd ed., section 6.4;
    Hopp and Spearman (2008), *Factory Physics*, 3rd ed., chapter 8.

    Examples
    --------
    >>> round(kingman_wait(0.8, 1.0, 1, service_scv=0.0), 4)   # M/D/1: rho / (2 mu (1 - rho)) = 2
    2.0
    >>> round(kingman_wait(0.8, 1.0, 1), 4)                    # M/M/1: rho / (mu (1 - rho)) = 4
    4.0
    """
    ca2 = numbers(arrival_scv, "arrival_scv")
    cs2 = numbers(service_scv, "service_scv")
    base = np.asarray(mean_wait(arrival_rate, service_rate, servers))
    return _out(base * (ca2 + cs2) / 2, arrival_rate, service_rate, servers, arrival_scv, service_scv)


# --------------------------------------------------------------------------- Erlang A


def _log_a_function(x: float, z: float) -> float:
    """log of A(x, z) = sum_(k >= 0) z^k Gamma(x+1)/Gamma(x+k+1).

    Equals x e^z z^(-x) gamma(x, z); computed from scipy's regularised
    incomplete gamma when that does not underflow, else by summing the series
    (which then converges quickly because z is well below x).
    """
    if z <= 0.0:
        return 0.0
    p = special.gammainc(x, z)
    if p > 1e-250:
        return float(special.gammaln(x + 1.0) + z - x * math.log(z) + math.log(p))
    total, term, k = 1.0, 1.0, 0
    chunk = 4096
    while True:
        ks = np.arange(k + 1, k + chunk + 1, dtype=float)
        terms = term * np.cumprod(z / (x + ks))
        total += float(terms.sum())
        term = float(terms[-1])
        k += chunk
        if term < 1e-17 * total:
            return math.log(total)
        if k > 50_000_000:  # pragma: no cover - needs absurdly small patience rates
            raise ValueError("patience_rate is too small relative to service_rate for erlang_a; use erlang_c")


def _mean_log_ratio(x: float, y: float) -> float:
    """Mean of u >= 0 under the density proportional to exp(-(x+1)u - y e^{-u}).

    For a caller who waits and is then served, u = theta x (wait), so the mean wait of
    delayed-and-served callers is this mean divided by theta.
    """
    u0 = max(0.0, math.log(y / (x + 1.0))) if y > 0 else 0.0
    peak = y * math.exp(-u0)
    slope = abs(peak - (x + 1.0))
    scale = 1.0 / max(slope, math.sqrt(peak), 1e-300)

    def phi(w):  # log density relative to its peak, at u = u0 + w * scale (expm1 keeps precision)
        d = w * scale
        return -(x + 1.0) * d - peak * math.expm1(-d)

    low = max(-u0 / scale, -60.0)
    high = 60.0 + 60.0 / ((x + 1.0) * scale)
    pieces = [(low, 0.0), (0.0, high)] if low < 0 else [(0.0, high)]
    weight = first = 0.0
    for a, b in pieces:
        weight += integrate.quad(lambda w: math.exp(phi(w)), a, b, limit=200, epsabs=0.0, epsrel=1e-10)[0]
        first += integrate.quad(lambda w: w * math.exp(phi(w)), a, b, limit=200, epsabs=1e-13, epsrel=1e-10)[0]
    return u0 + scale * first / weight


def erlang_a(arrival_rate, service_rate, servers, patience_rate, target=None) -> dict[str, float]:
    """Erlang A (M/M/c+M): a call centre whose callers hang up when they lose patience.

    Each caller's patience is exponential with rate theta (mean patience
    1/theta); a caller still waiting when patience runs out abandons.  With
    a = lambda/mu, rho = lambda/(c mu), x = c mu/theta,
    y = lambda/theta, B = B(c, a) (Erlang B) and

    ::

        A(x, y) = sum_(k >= 0) (y^k) / ((x+1)(x+2)...(x+k))
                = (x e^y) / (y^x) gamma(x, y),

    the steady state gives

    ::

        P(wait) = (A B) / (1 + (A - 1) B),
        P(abandon) = P(wait) (1 / (rho A) + 1 - 1 / rho),
        E[W] = P(abandon) / theta,
        P(V > t) = P(wait) gamma(x, y exp(-theta t)) / gamma(x, y),
        P(served, W <= t) = 1 - P(wait)
            + (P(wait) / rho) (1 - P(V>t) / P(wait)
            - (1 - exp(-c mu t + y - y exp(-theta t))) / A),

    where V is the *offered* wait (how long a caller would wait if infinitely
    patient).  The mean wait of callers who wait and are then answered is
    E[U]/theta, where U >= 0 has density proportional to
    exp(-(x+1)u - y exp(-u)) (computed by numerical integration).  Unlike
    Erlang C, the system is stable for any load, and with
    theta -> 0 it tends to Erlang C when rho < 1.

    Parameters
    ----------
    arrival_rate : float
        lambda, calls per unit of time, > 0.
    service_rate : float
        mu, calls per agent per unit of time, > 0.
    servers : int
        c, agents, >= 1.
    patience_rate : float
        theta = 1 / mean patience, per unit of time, > 0.
    target : float, optional
        Acceptable wait t (time unit of the rates), >= 0.

    Returns
    -------
    dict
        ``p_wait`` (share who wait at all), ``p_abandon`` (share who hang up),
        ``mean_wait`` (mean time in queue over all callers, abandoners included),
        ``mean_wait_served`` (mean wait of the callers who are answered),
        ``mean_queue_length`` (L_q = lambda E[W]), ``occupancy`` (share of agent
        time busy, lambda(1 - P(abandon))/(c mu)) and, with ``target``:
        ``answered_within`` (share of *all* callers answered within t),
        ``service_level`` (share of *answered* callers answered within t) and
        ``p_wait_longer`` (P(V > t), share whose offered wait exceeds t).

    References
    ----------
    Palm (1943) as presented by Garnett, Mandelbaum and Reiman (2002);
    Mandelbaum and Zeltyn (2007); derivation of ``answered_within`` by
    integrating the offered-wait density against the survival of patience.

    Examples
    --------
    >>> r = erlang_a(arrival_rate=9.0, service_rate=1.0, servers=10, patience_rate=0.5, target=0.5)
    >>> round(r["p_wait"], 4), round(r["p_abandon"], 4)
    (0.4689, 0.067)
    >>> round(r["service_level"], 4)
    0.9225
    """
    lam = positive(arrival_rate, "arrival_rate")
    mu = positive(service_rate, "service_rate")
    c = integer(servers, "servers", minimum=1)
    theta = positive(patience_rate, "patience_rate")
    a = lam / mu
    rho = lam / (c * mu)
    x, y = c * mu / theta, lam / theta
    log_a = _log_a_function(x, y)
    b = float(_erlang_b(np.asarray(a), np.asarray(c)))
    if b <= 0.0:
        p_wait = 0.0
    else:
        ratio = math.log1p(-b) - math.log(b) - log_a if b < 1.0 else -math.inf
        p_wait = 1.0 / (1.0 + math.exp(min(ratio, 700.0)))
    # P(abandon | wait) = 1/(rho A) + 1 - 1/rho, written to avoid cancellation for small rho.
    inv_a = math.exp(-log_a)
    abandon_if_wait = 1.0 - (1.0 - inv_a) / rho
    abandon_if_wait = min(max(abandon_if_wait, 0.0), 1.0)
    p_abandon = p_wait * abandon_if_wait
    served_if_wait = 1.0 - abandon_if_wait
    if p_wait > 0.0 and served_if_wait > 0.0:
        mean_served_delayed = _mean_log_ratio(x, y) / theta
    else:
        mean_served_delayed = 0.0
    p_served = 1.0 - p_abandon
    result = {
        "p_wait": p_wait,
        "p_abandon": p_abandon,
        "mean_wait": p_abandon / theta,
        "mean_wait_served": p_wait * served_if_wait * mean_served_delayed / p_served if p_served > 0 else 0.0,
        "mean_queue_length": lam * p_abandon / theta,
        "occupancy": rho * p_served,
    }
    if target is not None:
        t = non_negative(target, "target")
        z = y * math.exp(-theta * t)
        exponent = -c * mu * t + y - z
        log_tail = exponent + _log_a_function(x, z) - log_a  # P(V > t) / P(wait)
        tail = math.exp(log_tail) if log_tail > -745 else 0.0
        corner = math.exp(exponent - log_a) if exponent - log_a > -745 else 0.0  # <= tail
        within_if_wait = (1.0 - tail - inv_a + corner) / rho
        within_if_wait = min(max(within_if_wait, 0.0), served_if_wait)
        answered = min((1.0 - p_wait) + p_wait * within_if_wait, p_served)
        result["answered_within"] = answered
        result["service_level"] = min(answered / p_served, 1.0) if p_served > 0 else 0.0
        result["p_wait_longer"] = min(p_wait * tail, p_wait)
    return result


# --------------------------------------------------------------------------- priority classes


def priority_mean_waits(arrival_rates, service_rate, servers) -> np.ndarray:
    """Mean wait of each class in an M/M/c queue with non-preemptive priorities.

    Classes are served in order (class 0 first), first come first served within a
    class, and a service under way is never interrupted.  With a common service rate
    mu, total load a = sum_i lambda_i / mu and
    sigma_k = sum_(i <= k) lambda_i / (c mu),

    ::

        W_(q,k) = (C(c, a) / (c mu)) / ((1 - sigma_(k-1))(1 - sigma_k)),
        sigma_(-1) = 0.

    With one class this is the Erlang C mean wait.  Priority does not change the
    average over all customers (weighted by lambda_k); it moves waiting from
    the favoured classes onto the others.

    Parameters
    ----------
    arrival_rates : sequence of float
        lambda_k per class, >= 0, highest priority first, customers per unit of time.
    service_rate : float
        mu, the same for every class, > 0.
    servers : int
        c, >= 1, with total load below c.

    Returns
    -------
    numpy.ndarray
        Mean wait in queue per class, time unit of the rates.

    References
    ----------
    Cobham (1954); Kleinrock (1976), *Queueing Systems, Volume 2: Computer Applications*.

    Examples
    --------
    >>> priority_mean_waits([1.0, 1.0], service_rate=1.0, servers=3).round(4)   # Erlang C mean wait 0.4444
    array([0.2222, 0.6667])
    """
    lam = numbers(arrival_rates, "arrival_rates", strictly_positive=False)
    if lam.ndim != 1:
        raise ValueError("arrival_rates must be a 1-D sequence, one rate per class")
    mu = positive(service_rate, "service_rate")
    c = integer(servers, "servers", minimum=1)
    a = float(lam.sum()) / mu
    _check_stable(np.asarray(a), np.asarray(c))
    w0 = float(_erlang_c(np.asarray(a), np.asarray(c))) / (c * mu)
    sigma = np.cumsum(lam) / (c * mu)
    before = np.concatenate([[0.0], sigma[:-1]])
    return w0 / ((1.0 - before) * (1.0 - sigma))
