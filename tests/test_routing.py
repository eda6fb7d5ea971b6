"""Tiered call routing (Chapter 4, the AT&T case): pooled FIFO, pooled priority, separate centres.

Expected values come from hand-worked examples, from closed forms computed here in the test
(Erlang C for M/M/c; Cobham's formula for non-preemptive priorities with a common exponential
service time), and from an independent discrete-event model written with simpy, which must give
every caller exactly the same wait on the same calls.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import simpy
from hypothesis import given, settings, strategies as st

from servicelab import routing


# ---- independent reference values ------------------------------------------------------------

def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    """Mean wait in queue of M/M/c, from the textbook sum (Gross and Harris, section 2.3)."""
    a = lam / mu
    rho = a / c
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / (math.factorial(c) * (1 - rho))
    p_wait = tail / (head + tail)
    return p_wait / (c * mu - lam)


def cobham_waits(lams: list[float], mu: float, c: int) -> list[float]:
    """Mean wait of each class, M/M/c with non-preemptive priorities (Cobham 1954)."""
    lam = sum(lams)
    w0 = erlang_c_wait(lam, mu, c) * (1 - lam / (c * mu))   # C(c, a) / (c mu)
    out, before = [], 0.0
    for x in lams:
        after = before + x / (c * mu)
        out.append(w0 / ((1 - before) * (1 - after)))
        before = after
    return out


def exponential_calls(rates: dict, mu: float, n: int, seed: int) -> pd.DataFrame:
    """Poisson calls from several tiers with exponential handle times (drawn here, not by the module)."""
    rng = np.random.default_rng(seed)
    total = sum(rates.values())
    arrival = np.cumsum(rng.exponential(1 / total, n))
    tiers = list(rates)
    tier = rng.choice(len(tiers), size=n, p=[rates[t] / total for t in tiers])
    return pd.DataFrame({"arrival": arrival, "tier": np.asarray(tiers, dtype=object)[tier],
                         "handle": rng.exponential(1 / mu, n), "patience": np.inf})


def simpy_route(calls: pd.DataFrame, agents: int, order: list[str] | None) -> tuple[np.ndarray, np.ndarray]:
    """The same centre written with simpy: a PriorityResource, callers who renege after their patience."""
    env = simpy.Environment()
    desk = simpy.PriorityResource(env, capacity=agents)
    n = len(calls)
    wait = np.full(n, np.nan)
    answered = np.zeros(n, dtype=bool)
    rank = {t: k for k, t in enumerate(order)} if order else {}

    def caller(i, arrive, tier, handle, patience):
        yield env.timeout(arrive)
        with desk.request(priority=rank.get(tier, 0)) as request:
            timer = env.timeout(patience) if math.isfinite(patience) else env.event()
            result = yield request | timer
            if request in result:
                wait[i] = env.now - arrive
                answered[i] = True
                yield env.timeout(handle)
            else:
                wait[i] = patience

    for i, row in enumerate(calls.itertuples(index=False)):
        env.process(caller(i, row.arrival, row.tier, row.handle, row.patience))
    env.run()
    return wait, answered


# ---- hand-worked examples ---------------------------------------------------------------------

def test_one_agent_by_hand():
    # Calls at 0, 1, 2 (the last a key account), 10 s each, one agent.
    calls = pd.DataFrame({"arrival": [0.0, 1.0, 2.0], "tier": ["other", "other", "key"],
                          "handle": [10.0, 10.0, 10.0], "patience": [np.inf] * 3})
    # FIFO: starts at 0, 10, 20 -> waits 0, 9, 18.
    assert routing.route(calls, 1, "fifo")["wait"].tolist() == [0.0, 9.0, 18.0]
    # Priority: the key caller is taken at 10 (wait 8), the second other caller at 20 (wait 19).
    assert routing.route(calls, 1, "priority", order=["key", "other"])["wait"].tolist() == [0.0, 19.0, 8.0]
    # Separate centres of one agent each: the key caller never waits.
    assert routing.route(calls, 2, "separate", split={"key": 1, "other": 1})["wait"].tolist() == [0.0, 9.0, 0.0]


def test_a_caller_who_runs_out_of_patience_hangs_up():
    calls = pd.DataFrame({"arrival": [0.0, 1.0], "tier": ["a", "a"], "handle": [10.0, 10.0], "patience": [5.0, 5.0]})
    out = routing.route(calls, 1, "fifo")
    # The second caller would wait 9 s but gives up after 5 s.
    assert out["answered"].tolist() == [True, False] and out["wait"].tolist() == [0.0, 5.0]


def test_tier_summary_by_hand():
    records = pd.DataFrame({"arrival": [0.0, 1.0, 2.0, 3.0], "tier": ["a", "a", "b", "b"],
                            "wait": [0.0, 30.0, 10.0, 5.0], "answered": [True, True, True, False]})
    table = routing.tier_summary(records, target=20)
    # a: one of two within 20 s; b: one of two (the caller who hung up is a miss); all: 2 of 4.
    assert table["service_level"].to_dict() == {"a": 0.5, "b": 0.5, "all": 0.5}
    assert table.loc["b", "abandoned"] == 0.5 and table.loc["a", "mean_wait"] == 15.0
    # A warm-up drops the first two calls.
    assert routing.tier_summary(records, target=20, warmup=1.5).index.tolist() == ["b", "all"]


def test_fewest_agents_by_hand():
    table = pd.DataFrame({"agents": [2, 2, 3, 3, 4, 4], "replication": 1, "tier": ["a", "b"] * 3,
                          "service_level": [0.85, 0.70, 0.95, 0.78, 0.99, 0.90]})
    assert routing.fewest_agents(table, {"a": 0.8, "b": 0.8}, "fifo")["agents"] == 4
    separate = routing.fewest_agents(table, {"a": 0.8, "b": 0.8}, "separate")
    assert separate["split"] == {"a": 2, "b": 4} and separate["agents"] == 6


# ---- against closed forms ---------------------------------------------------------------------

def test_pooled_fifo_matches_erlang_c():
    # M/M/5 at 80 % load: lambda = 4 per unit, mu = 1.  Erlang C mean wait 0.554 (textbook sum).
    calls = exponential_calls({"key": 1.0, "other": 3.0}, mu=1.0, n=200_000, seed=11)
    out = routing.route(calls, 5, "fifo")
    expected = erlang_c_wait(4.0, 1.0, 5)
    assert expected == pytest.approx(0.5541, abs=1e-4)
    assert out["wait"].mean() == pytest.approx(expected, rel=0.06)


def test_pooled_priority_matches_cobham():
    # Two classes, common exponential service: Cobham's closed form for each class's mean wait.
    calls = exponential_calls({"key": 1.0, "other": 3.0}, mu=1.0, n=200_000, seed=12)
    out = routing.route(calls, 5, "priority", order=["key", "other"])
    key, other = cobham_waits([1.0, 3.0], 1.0, 5)
    means = out.groupby("tier")["wait"].mean()
    assert means["key"] == pytest.approx(key, rel=0.08)
    assert means["other"] == pytest.approx(other, rel=0.08)
    # Priority moves waiting, it does not remove it: the overall mean is Erlang C's (conservation).
    assert out["wait"].mean() == pytest.approx(erlang_c_wait(4.0, 1.0, 5), rel=0.06)


def test_separate_centres_are_each_an_erlang_c_queue():
    calls = exponential_calls({"key": 1.0, "other": 3.0}, mu=1.0, n=200_000, seed=13)
    out = routing.route(calls, 6, "separate", split={"key": 2, "other": 4})
    means = out.groupby("tier")["wait"].mean()
    assert means["key"] == pytest.approx(erlang_c_wait(1.0, 1.0, 2), rel=0.08)
    assert means["other"] == pytest.approx(erlang_c_wait(3.0, 1.0, 4), rel=0.08)


# ---- against an independent simulator ------------------------------------------------------------

@pytest.mark.parametrize("design", ["fifo", "priority"])
def test_every_caller_waits_as_long_as_in_a_simpy_model(design):
    calls = routing.tiered_calls({"key account": 0.004, "member": 0.003, "other": 0.03}, horizon=4 * 3600,
                                 handle_mean={"key account": 415, "member": 340, "other": 300},
                                 handle_cv=0.75, mean_patience=240, seed=5)
    order = ["key account", "member", "other"]
    ours = routing.route(calls, 11, design, **({"order": order} if design == "priority" else {}))
    wait, answered = simpy_route(calls, 11, order if design == "priority" else None)
    assert len(calls) > 400
    np.testing.assert_allclose(ours["wait"].to_numpy(), wait, rtol=0, atol=1e-6)
    assert (ours["answered"].to_numpy() == answered).all()


# ---- the calls ----------------------------------------------------------------------------------

def test_tiered_calls_have_the_rates_handle_times_and_patience_asked_for():
    calls = routing.tiered_calls({"a": 0.01, "b": 0.04}, horizon=400_000, handle_mean={"a": 400, "b": 200},
                                 handle_cv=0.7, mean_patience=240, seed=2)
    # 20,000 calls expected (Poisson: sd 141); a fifth from tier a (binomial sd 0.003).
    assert len(calls) == pytest.approx(20_000, abs=600)
    assert (calls["tier"] == "a").mean() == pytest.approx(0.2, abs=0.012)
    handle = calls.groupby("tier")["handle"]
    assert handle.mean()["a"] == pytest.approx(400, rel=0.03) and handle.mean()["b"] == pytest.approx(200, rel=0.03)
    assert (handle.std() / handle.mean())["b"] == pytest.approx(0.7, rel=0.08)
    assert calls["patience"].mean() == pytest.approx(240, rel=0.03)
    assert calls["arrival"].is_monotonic_increasing


def test_same_seed_same_calls():
    first = routing.tiered_calls({"a": 0.02}, horizon=3600, handle_mean=100, seed=9)
    second = routing.tiered_calls({"a": 0.02}, horizon=3600, handle_mean=100, seed=9)
    pd.testing.assert_frame_equal(first, second)


def test_replications_pair_the_designs_on_the_same_calls():
    designs = {"fifo": {"agents": 3, "design": "fifo"},
               "priority": {"agents": 3, "design": "priority", "order": ["a", "b"]}}
    runs = routing.replicate_routing({"a": 0.002, "b": 0.006}, designs, handle_mean=300, horizon=3600,
                                     replications=3)
    calls = runs.pivot_table(index=["replication", "tier"], columns="design", values="calls")
    assert (calls["fifo"] == calls["priority"]).all()


# ---- splitting agents between separate centres -----------------------------------------------------

def test_split_agents_is_the_best_of_all_splits():
    # Two centres, Erlang C service level of each split computed here; the best split by hand.
    calls, aht, c, t = {"key": 10.0, "other": 100.0}, {"key": 300.0, "other": 180.0}, 16, 20.0

    def level(n, h, k):
        lam, mu = n / 1800, 1 / h
        if k <= lam / mu:
            return -math.inf
        p_wait = erlang_c_wait(lam, mu, k) * (k * mu - lam)
        return 1 - p_wait * math.exp(-(k * mu - lam) * t)

    scores = {k: calls["key"] * level(calls["key"], aht["key"], k)
              + calls["other"] * level(calls["other"], aht["other"], c - k) for k in range(1, c)}
    best = max(scores, key=scores.get)
    assert routing.split_agents(calls, aht, c) == {"key": best, "other": c - best}


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=1000), st.integers(min_value=2, max_value=6))
def test_more_agents_never_lengthen_a_fifo_wait(seed, agents):
    # FCFS multi-server recursion: adding an agent cannot make any caller wait longer.
    calls = routing.tiered_calls({"a": 0.01, "b": 0.01}, horizon=2000, handle_mean=200, seed=seed)
    if len(calls) == 0:
        return
    fewer = routing.route(calls, agents, "fifo")["wait"].to_numpy()
    more = routing.route(calls, agents + 1, "fifo")["wait"].to_numpy()
    assert (more <= fewer + 1e-9).all()


def test_level_table_and_fewest_agents_on_a_small_case():
    rates = {"key": 0.003, "other": 0.02}
    table = routing.level_table(rates, "priority", [6, 8, 10], handle_mean={"key": 400, "other": 300},
                                horizon=3 * 3600, warmup=600, replications=3, order=["key", "other"])
    assert set(table["agents"]) == {6, 8, 10} and table.groupby("agents").size().tolist() == [6, 6, 6]
    # More agents, better service for every tier (on average over the same calls).
    means = table.groupby(["agents", "tier"])["service_level"].mean().unstack()
    assert (means.diff().dropna() >= -1e-9).all().all()


# ---- bad input names the parameter ------------------------------------------------------------

@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: routing.tiered_calls({}, horizon=10, handle_mean=1), "rates"),
        (lambda: routing.tiered_calls({"a": -1}, horizon=10, handle_mean=1), "rates"),
        (lambda: routing.tiered_calls({"a": 1}, horizon=0, handle_mean=1), "horizon"),
        (lambda: routing.tiered_calls({"a": 1, "b": 1}, horizon=10, handle_mean={"a": 1}), "handle_mean"),
        (lambda: routing.route(pd.DataFrame({"x": [1]}), 2, "fifo"), "calls"),
        (lambda: routing.route(_calls(), 0, "fifo"), "agents"),
        (lambda: routing.route(_calls(), 2, "lottery"), "design"),
        (lambda: routing.route(_calls(), 2, "priority"), "order"),
        (lambda: routing.route(_calls(), 2, "priority", order=["a"]), "order"),
        (lambda: routing.route(_calls(), 2, "separate"), "split"),
        (lambda: routing.route(_calls(), 3, "separate", split={"a": 1, "b": 1}), "split"),
        (lambda: routing.route(_calls(), 2, "fifo", split={"a": 1, "b": 1}), "split"),
        (lambda: routing.tier_summary(_calls(), target=-1), "records"),
        (lambda: routing.split_agents({"a": 10, "b": 10}, {"a": 100, "b": 100}, 1), "agents"),
        (lambda: routing.fewest_agents(pd.DataFrame({"agents": [1], "tier": ["a"], "service_level": [0.5]}),
                                       {"b": 0.8}, "fifo"), "targets"),
        (lambda: routing.level_table({"a": 0.01}, "priority", [2], handle_mean=100, horizon=100), "order"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)


def _calls() -> pd.DataFrame:
    return pd.DataFrame({"arrival": [0.0, 1.0], "tier": ["a", "b"], "handle": [5.0, 5.0], "patience": [np.inf] * 2})
