"""Tiered call routing: one pooled centre with priorities, or separate centres per tier.

The course's Chapter 4 opens with AT&T (美国电话电报公司), which recognises each caller's value
and sends the call to one of several independent service centres, each serving one level of
customer.  Two ways of giving valuable callers faster service are compared here with a queueing
model, customer by customer:

``"fifo"``
    One pooled centre, every agent answers every caller, first come first served: no tiering.
``"priority"``
    One pooled centre; a free agent takes the waiting caller of the highest tier first
    (non-preemptive: a call under way is never interrupted), first come first served within a
    tier.
``"separate"``
    One centre per tier with its own agents (a ``split`` of the agents), each first come first
    served: the AT&T design.

A tier's calls arrive as a Poisson stream with its own rate and its own handle times
(lognormal, as call-centre handle times are; Brown et al. 2005); callers hang up after an
exponential patience.  :func:`tiered_calls` draws the calls once, so that every design meets
*the same* callers (common random numbers: the difference between designs is the design's, not
chance's); :func:`route` plays them through a design with :func:`servicelab.simulate.simulate_counter`;
:func:`tier_summary` gives each tier's waits and service level; :func:`replicate_routing` repeats
this over seeds 1..R.  :func:`split_agents` finds the best split of a fixed number of agents
among separate centres; :func:`level_table` and :func:`fewest_agents` the fewest agents a design
needs to meet a service-level target for each tier.

Pooling is the classical reason a shared centre needs fewer agents than separate ones for the
same service (the economies of scale of the Erlang C formula; Gans, Koole and Mandelbaum 2003);
priorities move waiting from the favoured tiers to the others without changing the total work
(Kleinrock 1976).  Handle times, patience and rates are parameters: take them from the data.

>>> calls = tiered_calls({"key": 0.01, "other": 0.05}, horizon=3600, handle_mean={"key": 400, "other": 300},
...                      seed=1)
>>> sorted(calls["tier"].unique())
['key', 'other']
>>> table = tier_summary(route(calls, 21, "priority", order=["key", "other"]), target=20)
>>> table["service_level"].round(2).to_dict()     # key callers first: most answered within 20 s
{'other': 0.25, 'key': 0.83, 'all': 0.37}
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from servicelab import staffing
from servicelab._validate import fraction, integer, non_negative, one_of, positive
from servicelab.simulate import simulate_counter

__all__ = [
    "ROUTING_DESIGNS",
    "fewest_agents",
    "level_table",
    "replicate_routing",
    "route",
    "split_agents",
    "tier_summary",
    "tiered_calls",
]

ROUTING_DESIGNS = ("fifo", "priority", "separate")
"""Routing designs understood by :func:`route`."""


def _rates(rates) -> dict[str, float]:
    if not isinstance(rates, Mapping) or len(rates) == 0:
        raise ValueError("rates must be a non-empty mapping from tier to calls per second")
    out = {str(tier): positive(rate, f"rates[{tier!r}]") for tier, rate in rates.items()}
    return out


def _per_tier(value, name: str, tiers: Sequence[str]) -> dict[str, float]:
    """One positive number for every tier, or a mapping that covers every tier."""
    if isinstance(value, Mapping):
        missing = [t for t in tiers if t not in value]
        if missing:
            raise ValueError(f"{name} has no value for tier(s) {missing}")
        return {t: positive(value[t], f"{name}[{t!r}]") for t in tiers}
    number = positive(value, name)
    return {t: number for t in tiers}


def tiered_calls(
    rates: Mapping[str, float],
    horizon: float,
    *,
    handle_mean: Mapping[str, float] | float,
    handle_cv: Mapping[str, float] | float = 1.0,
    mean_patience: float | None = None,
    seed=None,
) -> pd.DataFrame:
    """Calls from several caller tiers over ``horizon`` seconds: who calls when, for how long.

    The tiers' Poisson streams are merged: calls arrive at the total rate
    Lambda = sum_k lambda_k, and each call belongs to tier k with probability lambda_k / Lambda.
    A tier-k call's handle time is lognormal with mean ``handle_mean[k]`` and coefficient of
    variation ``handle_cv[k]``; its caller's patience is exponential with mean ``mean_patience``
    (infinite without it).

    Parameters
    ----------
    rates : mapping
        Calls per second of each tier, > 0.
    horizon : float
        Seconds over which calls arrive, > 0.
    handle_mean : float or mapping
        Mean handle time in seconds, one for all tiers or one per tier, > 0.
    handle_cv : float or mapping, default 1.0
        Coefficient of variation (sd / mean) of the handle time, > 0.  A lognormal with log-sd
        s has cv = sqrt(exp(s^2) - 1).
    mean_patience : float, optional
        Mean patience in seconds, > 0.
    seed : int, optional
        Seed: the same seed gives the same calls.

    Returns
    -------
    pandas.DataFrame
        One row per call in arrival order: ``arrival`` (s), ``tier``, ``handle`` (s) and
        ``patience`` (s, ``inf`` without ``mean_patience``).

    Examples
    --------
    >>> calls = tiered_calls({"a": 0.02, "b": 0.08}, horizon=36_000, handle_mean=100, seed=3)
    >>> round(float((calls["tier"] == "a").mean()), 2)
    0.2
    """
    lam = _rates(rates)
    tiers = list(lam)
    end = positive(horizon, "horizon")
    means = _per_tier(handle_mean, "handle_mean", tiers)
    cvs = _per_tier(handle_cv, "handle_cv", tiers)
    patience = None if mean_patience is None else positive(mean_patience, "mean_patience")
    rng = np.random.default_rng(seed)
    total = sum(lam.values())
    n = int(rng.poisson(total * end))
    arrival = np.sort(rng.uniform(0.0, end, size=n))
    probs = np.array([lam[t] for t in tiers]) / total
    index = rng.choice(len(tiers), size=n, p=probs)
    sigma2 = np.log1p(np.array([cvs[t] for t in tiers]) ** 2)[index]
    mean = np.array([means[t] for t in tiers])[index]
    handle = mean * np.exp(np.sqrt(sigma2) * rng.standard_normal(n) - sigma2 / 2.0)
    waits = rng.standard_exponential(n) * patience if patience is not None else np.full(n, np.inf)
    return pd.DataFrame({"arrival": arrival, "tier": np.asarray(tiers, dtype=object)[index],
                         "handle": handle, "patience": waits})


def _calls(calls) -> pd.DataFrame:
    needed = {"arrival", "tier", "handle", "patience"}
    if not isinstance(calls, pd.DataFrame) or not needed <= set(calls.columns):
        raise ValueError(f"calls must be the DataFrame of tiered_calls, with columns {sorted(needed)}")
    if len(calls) == 0:
        raise ValueError("calls is empty: no call arrived; lengthen the horizon")
    return calls


def route(
    calls: pd.DataFrame,
    agents: int,
    design: str,
    *,
    order: Sequence[str] | None = None,
    split: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Play the same calls through one routing design.

    Parameters
    ----------
    calls : pandas.DataFrame
        From :func:`tiered_calls`.
    agents : int
        Agents on the phones in all, >= 1.
    design : {"fifo", "priority", "separate"}
        See the module notes.
    order : list of str
        With ``"priority"``: every tier, highest priority first.
    split : mapping
        With ``"separate"``: agents of each tier's centre, >= 1 each, adding up to ``agents``.

    Returns
    -------
    pandas.DataFrame
        The calls with ``wait`` (s, until answered or until hanging up), ``answered`` (bool) and
        ``start`` (s, NaN for a caller who hung up).

    Examples
    --------
    >>> calls = pd.DataFrame({"arrival": [0.0, 1.0, 2.0], "tier": ["other", "other", "key"],
    ...                       "handle": [10.0, 10.0, 10.0], "patience": [np.inf] * 3})
    >>> route(calls, 1, "fifo")["wait"].tolist()          # the key caller waits behind both
    [0.0, 9.0, 18.0]
    >>> route(calls, 1, "priority", order=["key", "other"])["wait"].tolist()   # served second
    [0.0, 19.0, 8.0]
    """
    frame = _calls(calls)
    c = integer(agents, "agents", minimum=1)
    one_of(design, "design", ROUTING_DESIGNS)
    tiers = list(pd.unique(frame["tier"]))
    if order is not None and design != "priority":
        raise ValueError(f"order is used only with design='priority', not design={design!r}")
    if split is not None and design != "separate":
        raise ValueError(f"split is used only with design='separate', not design={design!r}")
    arrival = frame["arrival"].to_numpy(dtype=float)
    handle = frame["handle"].to_numpy(dtype=float)
    patience = frame["patience"].to_numpy(dtype=float)
    out = frame.copy()
    if design in ("fifo", "priority"):
        kwargs = {}
        if design == "priority":
            if order is None:
                raise ValueError("order must list every tier, highest priority first (design='priority' needs it)")
            rank = {str(t): k for k, t in enumerate(order)}
            unknown = [t for t in tiers if t not in rank]
            if unknown or len(rank) != len(order):
                raise ValueError(f"order={list(order)!r} must name every tier once; missing {unknown}")
            kwargs = {"design": "priority", "classes": frame["tier"].map(rank).to_numpy(dtype=np.int64)}
        records = simulate_counter(c, arrival_times=arrival, service_times=handle, patience_times=patience, **kwargs)
        out["start"] = records["start"].to_numpy()
        out["wait"] = records["wait"].to_numpy()
        out["answered"] = ~records["abandoned"].to_numpy()
        return out
    if split is None:
        raise ValueError("split must give the agents of each tier's centre (design='separate' needs it)")
    parts = {str(t): integer(k, f"split[{t!r}]", minimum=1) for t, k in split.items()}
    missing = [t for t in tiers if t not in parts]
    if missing:
        raise ValueError(f"split has no centre for tier(s) {missing}")
    if sum(parts.values()) != c:
        raise ValueError(f"split={parts!r} adds up to {sum(parts.values())} agents, not agents={c}")
    out["start"] = np.nan
    out["wait"] = np.nan
    out["answered"] = False
    for tier in tiers:
        mask = (frame["tier"] == tier).to_numpy()
        records = simulate_counter(parts[tier], arrival_times=arrival[mask], service_times=handle[mask],
                                   patience_times=patience[mask])
        out.loc[mask, "start"] = records["start"].to_numpy()
        out.loc[mask, "wait"] = records["wait"].to_numpy()
        out.loc[mask, "answered"] = ~records["abandoned"].to_numpy()
    out["answered"] = out["answered"].astype(bool)
    return out


def tier_summary(records: pd.DataFrame, *, target: float = 20.0, warmup: float = 0.0) -> pd.DataFrame:
    """Each tier's waits and service level in one run, and all calls together.

    The service level is the share of *offered* calls answered within ``target`` seconds (a
    caller who hangs up counts as a miss), as call centres report it.

    Parameters
    ----------
    records : pandas.DataFrame
        Output of :func:`route`.
    target : float, default 20
        Answer-time threshold, seconds, >= 0.
    warmup : float, default 0
        Calls arriving before this time (s) are left out: the centre starts empty.

    Returns
    -------
    pandas.DataFrame
        One row per tier (in order of first appearance) and ``"all"``: ``calls``,
        ``mean_wait`` (s, all calls), ``p90_wait`` (s), ``service_level`` and ``abandoned``
        (share).

    Examples
    --------
    >>> r = pd.DataFrame({"arrival": [0.0, 1.0, 2.0], "tier": ["a", "a", "b"],
    ...                   "wait": [0.0, 30.0, 10.0], "answered": [True, True, True]})
    >>> tier_summary(r, target=20)["service_level"].round(3).tolist()
    [0.5, 1.0, 0.667]
    """
    needed = {"arrival", "tier", "wait", "answered"}
    if not isinstance(records, pd.DataFrame) or not needed <= set(records.columns):
        raise ValueError(f"records must be the DataFrame of route, with columns {sorted(needed)}")
    t = non_negative(target, "target")
    start = non_negative(warmup, "warmup")
    kept = records[records["arrival"] >= start]
    if len(kept) == 0:
        raise ValueError(f"warmup={warmup!r} leaves no call")
    rows = {}
    groups = [(tier, kept[kept["tier"] == tier]) for tier in pd.unique(kept["tier"])] + [("all", kept)]
    for tier, part in groups:
        wait = part["wait"].to_numpy(dtype=float)
        answered = part["answered"].to_numpy(dtype=bool)
        rows[tier] = {
            "calls": int(len(part)),
            "mean_wait": float(wait.mean()),
            "p90_wait": float(np.quantile(wait, 0.9)),
            "service_level": float(np.mean(answered & (wait <= t))),
            "abandoned": float(np.mean(~answered)),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "tier"
    return table


def replicate_routing(
    rates: Mapping[str, float],
    designs: Mapping[str, Mapping],
    *,
    handle_mean,
    handle_cv=1.0,
    mean_patience: float | None = None,
    horizon: float,
    warmup: float = 0.0,
    target: float = 20.0,
    replications: int = 20,
) -> pd.DataFrame:
    """Run several designs R times on the same calls (seeds 1..R) and summarise each run by tier.

    Replication r draws its calls with seed r (:func:`tiered_calls`) and plays them through
    every design, so the designs are paired replication by replication: compare them with
    :func:`servicelab.stats.compare_replications`.

    Parameters
    ----------
    rates, handle_mean, handle_cv, mean_patience, horizon
        As in :func:`tiered_calls`.
    designs : mapping
        Name -> keyword arguments of :func:`route` (``agents``, ``design`` and ``order`` or
        ``split``).
    warmup, target
        As in :func:`tier_summary`.
    replications : int, default 20
        R, >= 2.

    Returns
    -------
    pandas.DataFrame
        One row per replication, design and tier (and ``"all"``): ``replication``, ``design``,
        ``tier`` and the columns of :func:`tier_summary`.

    Examples
    --------
    >>> runs = replicate_routing({"key": 0.01, "other": 0.04}, {"pooled": {"agents": 20, "design": "fifo"}},
    ...                          handle_mean=300, horizon=3600, replications=2)
    >>> runs[["replication", "design", "tier"]].drop_duplicates().shape[0]
    6
    """
    if not isinstance(designs, Mapping) or len(designs) == 0:
        raise ValueError("designs must be a non-empty mapping from a name to the arguments of route")
    r_count = integer(replications, "replications", minimum=2)
    frames = []
    for r in range(1, r_count + 1):
        calls = tiered_calls(rates, horizon, handle_mean=handle_mean, handle_cv=handle_cv,
                             mean_patience=mean_patience, seed=r)
        for name, arguments in designs.items():
            options = dict(arguments)
            if "agents" not in options or "design" not in options:
                raise ValueError(f"designs[{name!r}] must give agents= and design=")
            table = tier_summary(route(calls, **options), target=target, warmup=warmup).reset_index()
            table.insert(0, "design", name)
            table.insert(0, "replication", r)
            frames.append(table)
    return pd.concat(frames, ignore_index=True)


def split_agents(
    calls: Mapping[str, float],
    aht: Mapping[str, float],
    agents: int,
    *,
    target_time: float = 20.0,
    interval: float = 1800.0,
    mean_patience: float | None = None,
) -> dict[str, int]:
    """The best split of ``agents`` among separate centres, one per tier.

    Every split with at least one agent per centre is tried (and, with Erlang C, more agents
    than the centre's offered load); the one with the highest share of *all* calls answered
    within ``target_time`` wins, each centre's service level from Erlang C, or Erlang A with
    ``mean_patience`` (:func:`servicelab.staffing.performance`), weighted by its calls.

    Parameters
    ----------
    calls : mapping
        Calls per interval of each tier, > 0.
    aht : mapping
        Mean handle time of each tier, seconds, > 0.
    agents : int
        Agents to share out, at least one per tier.
    target_time, interval, mean_patience
        As in :func:`servicelab.staffing.performance`.

    Returns
    -------
    dict
        Agents per tier.

    Examples
    --------
    >>> split_agents({"key": 10, "other": 100}, {"key": 180, "other": 180}, 18)
    {'key': 2, 'other': 16}
    """
    volume = _rates(calls)
    tiers = list(volume)
    handle = _per_tier(aht, "aht", tiers)
    c = integer(agents, "agents", minimum=len(tiers))
    best, best_level = None, -math.inf
    for cut in itertools.combinations(range(1, c), len(tiers) - 1):
        sizes = np.diff((0, *cut, c))
        level = 0.0
        for tier, k in zip(tiers, sizes):
            load = volume[tier] * handle[tier] / interval
            if mean_patience is None and k <= load:
                level = -math.inf
                break
            perf = staffing.performance(volume[tier], handle[tier], int(k), target_time=target_time,
                                        interval=interval, mean_patience=mean_patience)
            level += volume[tier] * perf["service_level"]
        if level > best_level + 1e-12:
            best, best_level = dict(zip(tiers, (int(k) for k in sizes))), level
    if best is None:
        raise ValueError(f"agents={agents!r} cannot make every separate centre stable; add agents")
    return best


def level_table(
    rates: Mapping[str, float],
    design: str,
    agents: Sequence[int],
    *,
    handle_mean,
    handle_cv=1.0,
    mean_patience: float | None = None,
    horizon: float,
    warmup: float = 0.0,
    target_time: float = 20.0,
    replications: int = 20,
    order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each tier's service level for several numbers of agents, replication by replication.

    Replication r draws its calls with seed r (:func:`tiered_calls`), so every number of
    agents meets the same callers.  A pooled design (``"fifo"``, ``"priority"``) runs all
    calls with c agents in one centre.  Separate centres share nothing, so for
    ``"separate"`` each tier's calls are run *alone* in a centre of c agents: the row
    (c, tier) is that tier's own centre with c agents.

    Parameters
    ----------
    rates, handle_mean, handle_cv, mean_patience, horizon
        As in :func:`tiered_calls`.
    design : {"fifo", "priority", "separate"}
    agents : list of int
        Numbers of agents to try (per centre for ``"separate"``), each >= 1.
    warmup, target_time
        As in :func:`tier_summary` (``target_time`` is its ``target``).
    replications : int, default 20
        R, >= 2.
    order : list of str
        With ``"priority"``: the tiers, highest priority first.

    Returns
    -------
    pandas.DataFrame
        One row per number of agents, replication and tier: ``agents``, ``replication``,
        ``tier``, ``calls``, ``mean_wait`` (s), ``service_level`` and ``abandoned``.

    Examples
    --------
    >>> t = level_table({"key": 0.005, "other": 0.03}, "separate", [2, 3], handle_mean=200,
    ...                 horizon=3600, replications=2)
    >>> t.groupby(["agents", "tier"]).size().tolist()
    [2, 2, 2, 2]
    """
    lam = _rates(rates)
    tiers = list(lam)
    one_of(design, "design", ROUTING_DESIGNS)
    counts = [integer(c, "agents", minimum=1) for c in agents]
    if not counts:
        raise ValueError("agents must list at least one number of agents")
    r_count = integer(replications, "replications", minimum=2)
    if design == "priority" and order is None:
        raise ValueError("order must list every tier, highest priority first (design='priority' needs it)")
    rows = []
    for r in range(1, r_count + 1):
        calls = tiered_calls(lam, horizon, handle_mean=handle_mean, handle_cv=handle_cv,
                             mean_patience=mean_patience, seed=r)
        for c in counts:
            if design == "separate":
                tables = [tier_summary(route(calls[calls["tier"] == t].reset_index(drop=True), c, "fifo"),
                                       target=target_time, warmup=warmup).loc[[t]] for t in tiers]
                table = pd.concat(tables)
            else:
                options = {"order": order} if design == "priority" else {}
                table = tier_summary(route(calls, c, design, **options), target=target_time, warmup=warmup)
                table = table.loc[[t for t in tiers if t in table.index]]
            table = table.reset_index()
            table.insert(0, "replication", r)
            table.insert(0, "agents", c)
            rows.append(table)
    out = pd.concat(rows, ignore_index=True)
    return out[["agents", "replication", "tier", "calls", "mean_wait", "service_level", "abandoned"]]


def fewest_agents(table: pd.DataFrame, targets: Mapping[str, float], design: str) -> dict:
    """The fewest agents that meet every tier's service-level target, from :func:`level_table`.

    A tier meets its target when its service level, averaged over the replications, reaches
    ``targets[tier]``.  A pooled design needs the smallest c at which every tier meets its
    target.  Separate centres do not share agents: each centre gets the smallest c at which
    its own tier meets the target, and the design needs the sum.

    Returns
    -------
    dict
        ``agents`` (in all), ``split`` (agents per centre for ``"separate"``, else None) and
        ``levels`` (mean service level of each tier with those agents).

    Examples
    --------
    >>> t = pd.DataFrame({"agents": [2, 2, 3, 3], "replication": [1, 1, 1, 1], "tier": ["a", "b"] * 2,
    ...                   "service_level": [0.85, 0.70, 0.95, 0.90]})
    >>> fewest_agents(t, {"a": 0.8, "b": 0.8}, "fifo")["agents"]
    3
    >>> fewest_agents(t, {"a": 0.8, "b": 0.8}, "separate")["split"]
    {'a': 2, 'b': 3}
    """
    needed = {"agents", "tier", "service_level"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise ValueError(f"table must be the DataFrame of level_table, with columns {sorted(needed)}")
    one_of(design, "design", ROUTING_DESIGNS)
    if not isinstance(targets, Mapping):
        raise ValueError("targets must be a mapping from tier to the required service level")
    tiers = list(pd.unique(table["tier"]))
    missing = [t for t in tiers if t not in targets]
    if missing:
        raise ValueError(f"targets has no service level for tier(s) {missing}")
    goal = {t: fraction(targets[t], f"targets[{t!r}]") for t in tiers}
    mean = table.groupby(["agents", "tier"])["service_level"].mean().unstack("tier")
    ok = pd.DataFrame({t: mean[t] >= goal[t] for t in tiers})
    if design == "separate":
        split, levels = {}, {}
        for t in tiers:
            if not ok[t].any():
                raise ValueError(f"table has no number of agents that meets the target of tier {t!r}; try more agents")
            k = int(ok.index[ok[t].to_numpy()].min())
            split[t], levels[t] = k, float(mean.loc[k, t])
        return {"agents": sum(split.values()), "split": split, "levels": levels}
    every = ok.all(axis=1)
    if not every.any():
        raise ValueError("table has no number of agents that meets every target; try more agents")
    c = int(every.index[every.to_numpy()].min())
    return {"agents": c, "split": None, "levels": {t: float(mean.loc[c, t]) for t in tiers}}
