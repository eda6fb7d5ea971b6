"""Modular services (Chapter 4): configurations and modular design costs.

Expected values come from closed forms computed in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import modular


def test_configurations_is_the_product_of_options():
    assert modular.configurations([3, 4, 3, 2, 3]) == 216  # 3 x 4 x 3 x 2 x 3
    assert modular.configurations([2] * 10) == 1024  # ten yes/no modules: 2^10
    assert modular.configurations([3, 4], optional=[False, True]) == 15  # 3 x (4 + "none")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=8), st.integers(min_value=1, max_value=6))
def test_another_module_multiplies_the_offerings(options, extra):
    assert modular.configurations(options + [extra]) == extra * modular.configurations(options)


def test_modular_costs_closed_form():
    # Four modules of 3 options, 100 yuan an option, 40 yuan an interface:
    # the k-th module costs 300 + 40 (k - 1); total after 4 = 1200 + 40 x 6 = 1440; 81 offerings.
    table = modular.modular_costs([3, 3, 3, 3], cost_per_option=100, cost_per_interface=40, bespoke_cost_per_offering=50)
    assert table["extra_module_cost"].tolist() == [300, 340, 380, 420]
    assert table["modular_cost"].iloc[-1] == 1440
    assert table["offerings"].tolist() == [3, 9, 27, 81]
    assert table["bespoke_cost"].iloc[-1] == 50 * 81
    assert table["cost_per_offering"].iloc[-1] == pytest.approx(1440 / 81)


def test_an_optional_module_adds_a_choice_but_no_design_cost():
    # The chapter's wedding exercise: hall 3, menu 6, theme 4, photographer 2 or none.
    # Offerings 3 x 6 x 4 x (2 + 1) = 216; the photographer module costs 2 x 5,000 for its options
    # plus 3 x 2,000 to fit the three modules already there = 16,000 ("none" needs no design).
    table = modular.modular_costs([3, 6, 4, 2], cost_per_option=5000, cost_per_interface=2000,
                                  optional=[False, False, False, True])
    assert table["offerings"].tolist() == [3, 18, 72, 216]
    assert table["extra_module_cost"].iloc[-1] == 16_000
    same = modular.modular_costs([3, 6, 4, 2], cost_per_option=5000, cost_per_interface=2000)
    assert (table["modular_cost"] == same["modular_cost"]).all()
    assert table["offerings"].iloc[-1] == modular.configurations([3, 6, 4, 2], optional=[False, False, False, True])


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: modular.configurations([]), "options"),
        (lambda: modular.configurations([3, 0]), "options[1]"),
        (lambda: modular.configurations([3, 2], optional=[True]), "optional"),
        (lambda: modular.modular_costs([3], cost_per_option=-1), "cost_per_option"),
        (lambda: modular.modular_costs([3, 2], cost_per_option=1, optional=[True]), "optional"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)

