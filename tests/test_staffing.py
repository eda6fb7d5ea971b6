"""Call-centre staffing (servicelab.staffing).

Expected values come from a published worked example (re-derived here with exact
fractions), from brute-force searches over the number of agents with the closed forms
of servicelab.queues, and from the definitions (shrinkage, occupancy, cost).
"""

import math
from fractions import Fraction
from math import factorial

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import queues, staffing, standards


def service_level_exact(a: Fraction, c: int, t_over_aht: float) -> float:
    """1 - C(c, a) exp(-(c - a) t / AHT), with C from the factorial formula in exact arithmetic."""
    top = a**c / factorial(c) * Fraction(c) / (c - a)
    p_wait = top / (sum(a**k / factorial(k) for k in range(c)) + top)
    return 1 - float(p_wait) * math.exp(-float(c - a) * t_over_aht)


def brute_force_agents(calls, aht, target_time, target_level, interval=1800, cap=None):
    """Smallest c that meets the target, by trying every c with queues.service_level."""
    lam, mu = calls / interval, 1 / aht
    load = Fraction(calls) * Fraction(aht) / interval  # exact: 201 calls x 600 s / 1800 s is 67, not 67 + 1e-15
    c = 1
    while True:
        if c > load and queues.service_level(lam, mu, c, target_time) >= target_level:
            if cap is None or lam / (c * mu) <= cap + 1e-12:
                return c
        c += 1


# --------------------------------------------------------------------------- published example


def test_call_centre_helper_worked_example():
    # Call Centre Helper, "Erlang C formula - made simple with an easy worked example":
    # 100 calls per 30 minutes, AHT 180 s, target 80 % answered within 20 s, shrinkage 30 %.
    # Published: 10 erlangs; 14 agents on the phones; 20 staff after shrinkage; occupancy 71.4 %.
    a = Fraction(100 * 180, 1800)
    exact = [service_level_exact(a, c, 20 / 180) for c in (13, 14)]
    assert exact[0] < 0.80 <= exact[1]  # 13 agents miss the target, 14 meet it
    assert staffing.erlangs(100, 180) == 10.0
    agents = staffing.agents_needed(100, 180, target_time=20, target_level=0.80)
    assert agents == 14
    assert staffing.scheduled_staff(agents, shrinkage=0.30) == 20
    perf = staffing.performance(100, 180, 14, target_time=20)
    assert round(perf["occupancy"], 4) == 0.7143
    assert perf["service_level"] == pytest.approx(exact[1], rel=1e-12)
    # The page also caps occupancy at 85 %, which 14 agents already satisfy.
    assert staffing.agents_needed(100, 180, target_time=20, target_level=0.80, max_occupancy=0.85) == 14


def test_course_standard_95_percent_within_five_minutes():
    # Course standard (US Social Security Administration): 95 % of calls connected within 5 minutes.
    # The standards live in one list (servicelab.standards); its thresholds feed staffing in seconds.
    std = standards.STANDARDS["ssa_connect_5min"]
    assert (std.seconds, std.target) == (300.0, 0.95)
    agents = staffing.agents_needed(360, 240, target_time=std.seconds, target_level=std.target)
    assert agents == brute_force_agents(360, 240, 300, 0.95)
    # The 30-second standard tracks a share without a target: the book supplies one.
    assert standards.STANDARDS["pse_answer_30s"].target is None
    assert standards.STANDARDS["pse_answer_30s"].seconds == 30.0


# --------------------------------------------------------------------------- search is right


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=800),
    st.floats(min_value=30, max_value=900),
    st.floats(min_value=0, max_value=120),
    st.floats(min_value=0.05, max_value=0.99),
)
def test_agents_needed_is_the_smallest_that_meets_the_target(calls, aht, target_time, level):
    c = staffing.agents_needed(calls, aht, target_time=target_time, target_level=level)
    assert c == brute_force_agents(calls, aht, target_time, level)
    assert staffing.performance(calls, aht, c, target_time=target_time)["service_level"] >= level


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=500), st.floats(min_value=60, max_value=600), st.floats(min_value=0.5, max_value=0.95))
def test_occupancy_cap_is_respected_and_tight(calls, aht, cap):
    c = staffing.agents_needed(calls, aht, target_time=20, target_level=0.5, max_occupancy=cap)
    assert c == brute_force_agents(calls, aht, 20, 0.5, cap=cap)
    assert calls * aht / 1800 / c <= cap + 1e-12


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=100), st.floats(min_value=60, max_value=600))
def test_more_calls_never_need_fewer_agents(calls, extra, aht):
    assert staffing.agents_needed(calls + extra, aht) >= staffing.agents_needed(calls, aht)


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=0.05, max_value=0.9), st.floats(min_value=0.001, max_value=0.09))
def test_a_higher_target_never_needs_fewer_agents(level, step):
    assert staffing.agents_needed(200, 240, target_level=level + step) >= staffing.agents_needed(200, 240, target_level=level)


def test_erlang_a_staffing_matches_a_brute_force_search():
    for calls, patience, max_abandon in [(100, 60, None), (300, 120, 0.03), (40, 30, None)]:
        c = staffing.agents_needed(calls, 180, target_time=20, target_level=0.8, mean_patience=patience, max_abandon=max_abandon)
        a, theta, t = calls * 180 / 1800, 180 / patience, 20 / 180

        def ok(k):
            r = queues.erlang_a(a, 1.0, k, theta, target=t)
            return r["answered_within"] >= 0.8 and (max_abandon is None or r["p_abandon"] <= max_abandon)

        assert ok(c) and not ok(c - 1)
        assert all(not ok(k) for k in range(1, c))


def test_impatient_callers_need_no_more_agents_than_erlang_c_says_for_a_loose_target():
    # With short patience the queue relieves itself; a 50 %-within-20-s target is reached with
    # fewer agents, and even with fewer agents than the offered load (which Erlang C forbids).
    erlang_c = staffing.agents_needed(300, 240, target_time=20, target_level=0.5)
    erlang_a = staffing.agents_needed(300, 240, target_time=20, target_level=0.5, mean_patience=30)
    assert erlang_a <= erlang_c


def test_thousands_of_agents():
    # 60 000 calls per half hour at 180 s: 6000 erlangs; the answer sits just above the load.
    c = staffing.agents_needed(60_000, 180)
    assert 6000 < c < 6100
    assert staffing.performance(60_000, 180, c)["service_level"] >= 0.8
    assert staffing.performance(60_000, 180, c - 1)["service_level"] < 0.8


# --------------------------------------------------------------------------- shrinkage, plan, cost


def test_scheduled_staff_rounds_up():
    # 14 / (1 - 0.3) = 20 exactly; 15 / 0.7 = 21.43 -> 22; no shrinkage leaves the number alone.
    assert staffing.scheduled_staff(14, 0.30) == 20
    assert staffing.scheduled_staff(15, 0.30) == 22
    assert staffing.scheduled_staff([0, 5, 9], 0.0).tolist() == [0, 5, 9]


def test_staffing_plan_interval_by_interval():
    forecast = pd.DataFrame(
        {"interval": ["08:00", "08:30", "09:00", "09:30"], "calls": [0, 100, 160, 90], "aht": [180, 180, 200, 240]}
    )
    plan = staffing.staffing_plan(forecast, target_time=20, target_level=0.8, shrinkage=0.3)
    assert list(plan.columns) == [
        "interval", "calls", "aht", "offered_load", "agents", "service_level", "asa", "occupancy", "p_abandon",
        "scheduled_staff",
    ]
    assert plan["interval"].tolist() == forecast["interval"].tolist()
    assert plan["calls"].tolist() == [0, 100, 160, 90]
    expected = [0] + [brute_force_agents(n, h, 20, 0.8) for n, h in zip([100, 160, 90], [180, 200, 240])]
    assert plan["agents"].tolist() == expected
    assert plan.loc[1, "agents"] == 14 and plan.loc[1, "scheduled_staff"] == 20
    assert (plan["service_level"] >= 0.8).all()
    assert plan["scheduled_staff"].tolist() == [math.ceil(c / 0.7 - 1e-9) for c in expected]
    busy = plan["offered_load"] / plan["agents"].replace(0, np.nan)
    assert np.allclose(plan["occupancy"].iloc[1:], busy.iloc[1:])


def test_staffing_plan_with_one_aht_and_abandonment():
    forecast = pd.DataFrame({"calls": [120, 240]})
    plan = staffing.staffing_plan(forecast, aht=200, mean_patience=90, max_abandon=0.05)
    assert plan["interval"].tolist() == [0, 1]
    assert (plan["p_abandon"] <= 0.05).all() and (plan["p_abandon"] > 0).all()
    assert (plan["service_level"] >= 0.8).all()


def test_cost_curve_trades_cost_for_service():
    curve = staffing.cost_curve(100, 180, cost_per_agent_hour=40.0, shrinkage=0.3)
    assert curve["agents"].iloc[0] == 11  # first stable number above 10 erlangs
    assert curve["service_level"].iloc[-1] >= 0.99 and curve["service_level"].iloc[-2] < 0.99
    assert np.all(np.diff(curve["service_level"]) > 0) and np.all(np.diff(curve["cost_per_hour"]) >= 0)
    assert (curve["cost_per_hour"] == curve["scheduled_staff"] * 40.0).all()
    # Each extra agent buys less service level than the one before (past the steep start).
    gains = np.diff(curve["service_level"].to_numpy())
    assert np.all(np.diff(gains[1:]) < 0)
    picked = staffing.cost_curve(100, 180, cost_per_agent_hour=40.0, agents=[12, 20])
    assert picked["agents"].tolist() == [12, 20]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: staffing.agents_needed(-5, 180), "calls"),
        (lambda: staffing.agents_needed(100, 0), "aht"),
        (lambda: staffing.agents_needed(100, 180, target_time=-1), "target_time"),
        (lambda: staffing.agents_needed(100, 180, target_level=1.0), "target_level"),
        (lambda: staffing.agents_needed(100, 180, target_level=0.0), "target_level"),
        (lambda: staffing.agents_needed(100, 180, interval=0), "interval"),
        (lambda: staffing.agents_needed(100, 180, max_occupancy=1.5), "max_occupancy"),
        (lambda: staffing.agents_needed(100, 180, max_occupancy=0), "max_occupancy"),
        (lambda: staffing.agents_needed(100, 180, mean_patience=-3), "mean_patience"),
        (lambda: staffing.agents_needed(100, 180, max_abandon=0.05), "max_abandon"),
        (lambda: staffing.performance(100, 180, 0), "agents"),
        (lambda: staffing.performance(100, 180, 10), "servers=10"),  # 10 erlangs on 10 agents: unstable
        (lambda: staffing.erlangs(100, -180), "aht"),
        (lambda: staffing.scheduled_staff(10, 1.0), "shrinkage"),
        (lambda: staffing.scheduled_staff(10, -0.1), "shrinkage"),
        (lambda: staffing.scheduled_staff(-1, 0.3), "agents"),
        (lambda: staffing.scheduled_staff([], 0.3), "agents"),
        (lambda: staffing.staffing_plan(pd.DataFrame({"calls": [], "aht": []})), "forecast"),
        (lambda: staffing.staffing_plan([100, 200]), "forecast"),
        (lambda: staffing.staffing_plan(pd.DataFrame({"volume": [1]})), "calls"),
        (lambda: staffing.staffing_plan(pd.DataFrame({"calls": [10]})), "aht"),
        (lambda: staffing.staffing_plan(pd.DataFrame({"calls": [-1], "aht": [180]})), "calls"),
        (lambda: staffing.staffing_plan(pd.DataFrame({"calls": [10], "aht": [0]})), "aht"),
        (lambda: staffing.staffing_plan(pd.DataFrame({"calls": [10], "aht": [180]}), shrinkage=1), "shrinkage"),
        (lambda: staffing.cost_curve(100, 180, cost_per_agent_hour=0), "cost_per_agent_hour"),
        (lambda: staffing.cost_curve(0, 180, cost_per_agent_hour=40), "calls"),
        (lambda: staffing.cost_curve(100, 180, cost_per_agent_hour=40, agents=[]), "agents"),
        (lambda: staffing.cost_curve(100, 180, cost_per_agent_hour=40, agents=[0]), "agents"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_no_calls_need_no_agents():
    assert staffing.agents_needed(0, 180) == 0
    assert staffing.performance(0, 180, 1)["service_level"] == 1.0


# --------------------------------------------------------------------------- pooling


def test_pooling_staffs_each_line_and_the_pool_like_a_brute_force_search():
    # Three branch lines of 100, 60 and 30 calls per half hour at 180 s.  Each line's agents and the
    # pool's come from trying every number of agents with queues.service_level (an independent path
    # from the Erlang B recursion in agents_needed).
    calls = {"A": 100, "B": 60, "C": 30}
    table = staffing.pooling(calls, aht=180)
    for line, n in calls.items():
        assert table.loc[line, "agents"] == brute_force_agents(n, 180, 20, 0.80)
    assert table.loc["separate lines", "agents"] == sum(brute_force_agents(n, 180, 20, 0.80) for n in calls.values())
    assert table.loc["pooled", "agents"] == brute_force_agents(190, 180, 20, 0.80)
    assert table.loc["pooled", "agents"] < table.loc["separate lines", "agents"]
    # Loads add up: 190 x 180 / 1800 = 19 erlangs on both sides.
    assert table.loc["pooled", "offered_load"] == pytest.approx(19.0)
    assert table.loc["separate lines", "offered_load"] == pytest.approx(19.0)
    assert (table["service_level"] >= 0.80).all()


def test_pooling_with_one_aht_per_line_uses_the_call_weighted_mean():
    # 100 calls of 180 s and 50 of 360 s: pooled AHT (100 x 180 + 50 x 360) / 150 = 240 s, load 20 erlangs.
    table = staffing.pooling({"short": 100, "long": 50}, aht={"short": 180, "long": 360})
    assert table.loc["pooled", "aht"] == pytest.approx(240.0)
    assert table.loc["pooled", "offered_load"] == pytest.approx(20.0)
    assert table.loc["pooled", "agents"] == brute_force_agents(150, 240, 20, 0.80)


def test_one_line_gains_nothing_from_pooling():
    table = staffing.pooling({"only": 100}, aht=180)
    assert table.loc["pooled", "agents"] == table.loc["separate lines", "agents"] == 14


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=300), min_size=2, max_size=5), st.floats(min_value=60, max_value=600))
def test_pooling_never_needs_more_agents_than_separate_lines(volumes, aht):
    # Sub-additivity: the pooled line could always split its agents as the separate lines do.
    table = staffing.pooling({f"line{i}": v for i, v in enumerate(volumes)}, aht=aht)
    assert table.loc["pooled", "agents"] <= table.loc["separate lines", "agents"]


def test_simulated_pool_matches_erlang_c_with_exponential_handle_times():
    # Exponential handle times and infinite patience are Erlang C's assumptions, so the simulated
    # steady-state service level of 14 agents on 100 calls per half hour at 180 s must agree with the
    # closed form, 0.888 (the worked example above), within the replications' sampling error.
    handle = np.random.default_rng(7).exponential(180.0, size=200_000)
    runs = staffing.simulate_pooling({"a": 60, "b": 40}, {"a": 9, "b": 7}, 14, handle_times=handle,
                                     hours=12, warmup=2, replications=12)
    pooled = runs.loc[runs["design"] == "pooled", "service_level"]
    expected = staffing.performance(100, 180, 14)["service_level"]
    assert expected == pytest.approx(0.8884, abs=1e-4)
    assert abs(pooled.mean() - expected) < 3 * pooled.std(ddof=1) / np.sqrt(len(pooled)) + 0.005
    # Each separate line on its own: 60 calls on 9 agents and 40 on 7, from the closed forms.
    sep = runs.loc[runs["design"] == "separate lines", "service_level"]
    expected_sep = (60 * staffing.performance(60, 180, 9)["service_level"] + 40 * staffing.performance(40, 180, 7)["service_level"]) / 100
    assert abs(sep.mean() - expected_sep) < 3 * sep.std(ddof=1) / np.sqrt(len(sep)) + 0.005


def test_simulated_designs_meet_the_same_callers():
    # Common random numbers: in every replication both designs count the same callers, and with one
    # line and the same agents the two designs are the same queue, so every figure agrees exactly.
    runs = staffing.simulate_pooling({"only": 80}, {"only": 11}, 11, handle_times=[100.0, 200.0, 400.0],
                                     hours=2, replications=3, mean_patience=240)
    wide = runs.pivot(index="replication", columns="design")
    for column in ("calls", "service_level", "mean_wait", "abandoned"):
        assert (wide[(column, "pooled")] == wide[(column, "separate lines")]).all()
    again = staffing.simulate_pooling({"only": 80}, {"only": 11}, 11, handle_times=[100.0, 200.0, 400.0],
                                      hours=2, replications=3, mean_patience=240)
    pd.testing.assert_frame_equal(runs, again)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: staffing.pooling({}, aht=180), "calls"),
        (lambda: staffing.pooling([100, 50], aht=180), "calls"),
        (lambda: staffing.pooling({"a": -1}, aht=180), "calls"),
        (lambda: staffing.pooling({"a": 0, "b": 0}, aht=180), "calls"),
        (lambda: staffing.pooling({"a": 10}, aht={"b": 180}), "aht"),
        (lambda: staffing.simulate_pooling({"a": 10}, {"b": 3}, 3, handle_times=[100]), "agents"),
        (lambda: staffing.simulate_pooling({"a": 10}, {"a": 3}, 0, handle_times=[100]), "pooled_agents"),
        (lambda: staffing.simulate_pooling({"a": 10}, {"a": 3}, 3, handle_times=[]), "handle_times"),
        (lambda: staffing.simulate_pooling({"a": 10}, {"a": 3}, 3, handle_times=[0.0]), "handle_times"),
        (lambda: staffing.simulate_pooling({"a": 10}, {"a": 3}, 3, handle_times=[100], replications=1), "replications"),
        (lambda: staffing.simulate_pooling({"a": 10}, {"a": 3}, 3, handle_times=[100], hours=0), "hours"),
    ],
)
def test_pooling_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_a_whole_number_load_needs_one_agent_more_than_it():
    # 201 calls x 600 s in 1800 s is exactly 67 erlangs; 67 agents would be busy all the time (rho = 1),
    # so the fewest that can meet any target is 68 (hypothesis found this case).
    assert staffing.agents_needed(201, 600) == brute_force_agents(201, 600, 20, 0.80) >= 68
