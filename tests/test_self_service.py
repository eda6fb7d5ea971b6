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


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: self_service.channel_costs({"phone": 10}, {"app": 1}), "cost_per_contact"),
        (lambda: self_service.channel_costs({"phone": -10}, {"phone": 1}), "contacts"),
        (lambda: self_service.self_service_saving(100, cost_assisted=20, cost_self=2, shift_share=1.2), "shift_share"),
        (lambda: self_service.self_service_saving(100, cost_assisted=20, cost_self=2, shift_share=0.2, containment=-0.1), "containment"),
        (lambda: self_service.break_even_containment(0, 2), "cost_assisted"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)

