"""Self-service economics (Chapter 4): channel costs, savings and break-even containment.

Expected values come from closed forms computed in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import self_service


def test_self_service_saving_closed_form():
    # S = N s (kappa c_a - c_s) - F = 10,000 x 0.3 x (0.8 x 20 - 2) - 5,000 = 37,000.
    result = self_service.self_service_saving(10_000, cost_assisted=20, cost_self=2, shift_share=0.3, containment=0.8, fixed_cost=5_000)
    assert result["saving"] == pytest.approx(37_000)
    assert result["returned"] == pytest.approx(600)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=1, max_value=100), st.floats(min_value=0, max_value=50), st.floats(min_value=0.01, max_value=1))
def test_saving_is_zero_at_break_even_containment(cost_assisted, cost_self, shift):
    kappa = self_service.break_even_containment(cost_assisted, cost_self)
    if kappa <= 1:
        result = self_service.self_service_saving(1000, cost_assisted=cost_assisted, cost_self=cost_self, shift_share=shift, containment=kappa)
        assert result["saving"] == pytest.approx(0, abs=1e-6 * 1000 * cost_assisted)


@settings(max_examples=50)
@given(st.floats(5, 100), st.floats(0, 4), st.floats(0.05, 1), st.floats(0, 200_000), st.integers(1_000, 100_000))
def test_saving_is_zero_at_break_even_containment_with_a_fixed_cost(cost_assisted, cost_self, shift, fixed, contacts):
    # Closed form: N s (kappa c_a - c_s) - F = 0 at kappa = (F / (N s) + c_s) / c_a.
    kappa = self_service.break_even_containment(cost_assisted, cost_self, fixed_cost=fixed, attempts=contacts * shift)
    if kappa <= 1:
        result = self_service.self_service_saving(contacts, cost_assisted=cost_assisted, cost_self=cost_self,
                                                  shift_share=shift, containment=kappa, fixed_cost=fixed)
        assert result["saving"] == pytest.approx(0, abs=1e-6 * contacts * cost_assisted + 1e-6 * fixed)


def test_a_fixed_cost_needs_the_attempts_it_is_spread_over():
    with pytest.raises(ValueError, match="fixed_cost"):
        self_service.break_even_containment(20, 2, fixed_cost=1000)
    # The chapter's exercise: 90,000 yuan over 50,000 x 0.4 attempts, 1.2 and 9 yuan a contact.
    assert self_service.break_even_containment(9, 1.2, fixed_cost=90_000, attempts=20_000) == pytest.approx((4.5 + 1.2) / 9)


def test_channel_costs_by_hand():
    table = self_service.channel_costs({"phone": 100, "app": 300}, {"app": 1.0, "phone": 20.0})
    assert table.loc["phone", "cost"] == 2000 and table.loc["app", "cost"] == 300
    assert table.loc["phone", "cost_share"] == pytest.approx(2000 / 2300)


def erlang_c_agents(calls: float, aht: float, level: float = 0.8, t: float = 20.0, interval: float = 1800.0) -> int:
    """Fewest agents for `level` answered within `t` seconds, from the textbook Erlang C sum."""
    a = calls * aht / interval
    c = math.floor(a) + 1
    while True:
        head = sum(a**k / math.factorial(k) for k in range(c))
        tail = a**c / math.factorial(c) * c / (c - a)
        p_wait = tail / (head + tail)
        if 1 - p_wait * math.exp(-(c - a) * t / aht) >= level:
            return c
        c += 1


def test_staffed_saving_against_erlang_c():
    # Two half hours of 100 and 40 calls, 180 s handle time; 20 % try the app, 75 % succeed,
    # so 15 % of calls go: 85 and 34 remain.  Agents from the Erlang C sum computed here.
    before = erlang_c_agents(100, 180) + erlang_c_agents(40, 180)
    after = erlang_c_agents(85, 180) + erlang_c_agents(34, 180)
    assert erlang_c_agents(100, 180) == 14  # the textbook example (Koole 2013 style): 14 agents
    result = self_service.staffed_saving([100.0, 40.0], aht=180, shift_share=0.2, containment=0.75, cost_self=1.0,
                                         cost_per_agent_hour=50.0, fixed_cost=10.0)
    assert result["agent_hours_before"] == before * 0.5 and result["agent_hours_after"] == after * 0.5
    assert result["attempts"] == pytest.approx(28.0)
    assert result["saving"] == pytest.approx((before - after) * 0.5 * 50 - 28 * 1.0 - 10)
    # Cost proportional to calls would claim 15 % of the agent cost.
    assert result["proportional_saving"] == pytest.approx(0.15 * before * 0.5 * 50 - 28 - 10)


def test_staffed_saving_counts_scheduled_staff_after_shrinkage():
    # 14 agents on the phones with 30 % shrinkage: ceil(14 / 0.7) = 20 staff for the half hour.
    result = self_service.staffed_saving([100.0], aht=180, shift_share=0.0, containment=1.0, cost_self=0,
                                         cost_per_agent_hour=50.0, shrinkage=0.30)
    assert result["agent_hours_before"] == 10.0 and result["saving"] == 0.0


def test_removing_calls_removes_fewer_agent_hours_in_a_large_centre():
    # Economies of scale: over a day of busy half hours, cutting 15 % of calls cuts fewer than 15 % of hours.
    day = np.linspace(60, 300, 28)
    result = self_service.staffed_saving(day, aht=300, shift_share=0.15, containment=1.0, cost_self=0,
                                         cost_per_agent_hour=50.0)
    assert 0 < result["hours_cut"] < result["calls_cut"] == pytest.approx(0.15)


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
def test_staffed_break_even_is_the_first_containment_that_pays():
    # Brute force on a fine grid, independent of the bisection.
    settings_ = dict(aht=240, shift_share=0.3, cost_self=0.9, cost_per_agent_hour=49.0, fixed_cost=500.0,
                     shrinkage=0.3)
    day = np.linspace(20, 120, 28)
    kappa = self_service.staffed_break_even(day, **settings_)
    grid = np.linspace(0, 1, 2001)
    savings = np.array([self_service.staffed_saving(day, containment=k, **settings_)["saving"] for k in grid])
    first = grid[np.argmax(savings >= 0)]
    assert kappa == pytest.approx(first, abs=1e-3)
    # Planted contrast: a fixed cost no containment can recover gives infinity.
    assert self_service.staffed_break_even(day, **{**settings_, "fixed_cost": 1e9}) == math.inf


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: self_service.channel_costs({"phone": 10}, {"app": 1}), "cost_per_contact"),
        (lambda: self_service.channel_costs({"phone": -10}, {"phone": 1}), "contacts"),
        (lambda: self_service.self_service_saving(100, cost_assisted=20, cost_self=2, shift_share=1.2), "shift_share"),
        (lambda: self_service.self_service_saving(100, cost_assisted=20, cost_self=2, shift_share=0.2, containment=-0.1), "containment"),
        (lambda: self_service.break_even_containment(0, 2), "cost_assisted"),
        (lambda: self_service.staffed_saving([-1.0], aht=180, shift_share=0.1, containment=0.5, cost_self=1,
                                             cost_per_agent_hour=50), "calls"),
        (lambda: self_service.staffed_saving([10.0], aht=0, shift_share=0.1, containment=0.5, cost_self=1,
                                             cost_per_agent_hour=50), "aht"),
        (lambda: self_service.staffed_saving([10.0], aht=180, shift_share=0.1, containment=0.5, cost_self=1,
                                             cost_per_agent_hour=0), "cost_per_agent_hour"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)

