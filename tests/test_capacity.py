"""Perishable capacity (Chapter 1). Expected values are worked by hand in each test."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from servicelab import capacity


def test_hour_by_hour_splits_each_hour():
    # Hand-worked: capacity 100 against 40, 130, 90 -> served 40,100,90; idle 60,0,10; away 0,30,0.
    table = capacity.hour_by_hour([40, 130, 90], capacity=100)
    assert table["served"].tolist() == [40, 100, 90]
    assert table["idle"].tolist() == [60, 0, 10]
    assert table["turned_away"].tolist() == [0, 30, 0]


def test_summary_shares():
    s = capacity.totals([40, 130, 90], capacity=100)
    assert s["utilisation"] == pytest.approx(230 / 300, abs=1e-4)
    assert s["share_turned_away"] == pytest.approx(30 / 260, abs=1e-4)
    assert s["idle"] == 70 and s["turned_away"] == 30


def test_idle_and_turned_away_coexist_even_when_totals_match():
    # Total demand 200 equals total capacity 2 x 100, yet perishability wastes 50 and loses 50.
    s = capacity.totals([50, 150], capacity=100)
    assert (s["idle"], s["turned_away"]) == (50, 50)


@given(
    st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=50),
    st.integers(min_value=1, max_value=500),
)
def test_conservation(demand, cap):
    # Every customer is either served or turned away; every unit of capacity is either used or idle.
    t = capacity.hour_by_hour(demand, cap)
    assert (t["served"] + t["turned_away"] == t["demand"]).all()
    assert (t["served"] + t["idle"] == t["capacity"]).all()


@given(st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=40))
def test_more_capacity_never_turns_more_away(demand):
    table = capacity.capacity_scenarios(demand, [10, 50, 100, 200, 400])
    assert np.all(np.diff(table["turned_away"].to_numpy()) <= 0)
    assert np.all(np.diff(table["idle"].to_numpy()) >= 0)


def test_best_capacity_is_the_critical_ratio_quantile_and_beats_brute_force():
    rng = np.random.default_rng(7)
    demand = rng.poisson(80, size=200).astype(float)
    margin, cost = 60.0, 15.0  # critical ratio 1 - 15/60 = 0.75
    best = capacity.best_fixed_capacity(demand, margin, cost)
    assert best["critical_ratio"] == pytest.approx(0.75)
    # Brute force over every integer capacity (independent of the implementation's search).
    grid = np.arange(0, 200)
    profits = [margin * np.minimum(demand, k).sum() - cost * k * demand.size for k in grid]
    assert best["profit"] == pytest.approx(max(profits))
    # Newsvendor: the optimum satisfies P(d > K) <= c/m <= P(d >= K).
    k = best["capacity"]
    assert np.mean(demand > k) <= cost / margin <= np.mean(demand >= k)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: capacity.hour_by_hour([10, 20], capacity=0), "capacity"),
        (lambda: capacity.hour_by_hour([], capacity=5), "demand"),
        (lambda: capacity.hour_by_hour([10, -1], capacity=5), "demand"),
        (lambda: capacity.best_fixed_capacity([10, 20], margin_per_customer=5, cost_per_unit=6), "cost_per_unit"),
        (lambda: capacity.capacity_scenarios([10], []), "capacities"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_best_capacity_with_a_margin_per_hour_beats_brute_force():
    # Breakfast hours earn 26.4 yuan a guest, dinner hours 58.8 (the world's spend x 30 % margin);
    # the optimum is checked against an independent search over every integer capacity.
    rng = np.random.default_rng(11)
    demand = rng.poisson(90, size=120).astype(float)
    margins = np.where(np.arange(120) % 2 == 0, 26.4, 58.8)
    best = capacity.best_fixed_capacity(demand, margins, 3.0)
    grid = np.arange(0, 200)
    profits = [(margins * np.minimum(demand, k)).sum() - 3.0 * k * demand.size for k in grid]
    assert best["profit"] == pytest.approx(max(profits))
    # Marginal condition: the margin earned in hours busier than K no longer covers c per hour.
    k = best["capacity"]
    assert margins[demand > k].sum() <= 3.0 * demand.size <= margins[demand >= k].sum()


def test_capacity_profit_hand_worked():
    # Demand 10, 20, 30, 40; margins 1, 1, 1, 13; cost 1 per unit and period.
    # K = 30: served 10 + 20 + 30 + 30 = 90; contribution 10 + 20 + 30 + 390 = 450; cost 30 x 4 = 120.
    table = capacity.capacity_profit([10, 20, 30, 40], [30], [1, 1, 1, 13], 1)
    row = table.iloc[0]
    assert (row["served"], row["contribution"], row["capacity_cost"], row["profit"]) == (90, 450, 120, 330)


def test_one_margin_and_a_margin_per_period_agree():
    demand = [12, 0, 7, 30, 18]
    one = capacity.capacity_profit(demand, [5, 15, 25], 4.0, 0.5)
    many = capacity.capacity_profit(demand, [5, 15, 25], [4.0] * 5, 0.5)
    pd.testing.assert_frame_equal(one, many)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: capacity.capacity_profit([10, 20], [10], [1, 2, 3], 1), "margin_per_customer"),
        (lambda: capacity.capacity_profit([10, 20], [10], [0, 0], 1), "margin_per_customer"),
        (lambda: capacity.capacity_profit([10, 20], [-5], 2, 1), "capacities"),
        (lambda: capacity.capacity_profit([10, 20], [10], 2, -1), "cost_per_unit"),
        (lambda: capacity.best_fixed_capacity([10, 20], [1, 2], cost_per_unit=2), "margin_per_customer"),
    ],
)
def test_bad_margins_and_costs_name_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
