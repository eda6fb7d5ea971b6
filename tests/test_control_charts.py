"""Control charts (Chapter 8): p-chart, individuals chart, Western Electric rules.

Expected values come from a textbook worked example (Montgomery 2013) or closed forms computed in the test.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import control_charts


# Montgomery (2013), Introduction to Statistical Quality Control, 7th ed., Section 7.2.1 (Example 7.1), the
# frozen orange-juice can example: 30 samples of n = 50 cans, nonconforming cans per sample.
ORANGE_JUICE = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
                8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]


def test_p_chart_matches_montgomery_orange_juice_example():
    chart = control_charts.p_chart(ORANGE_JUICE, sizes=50)
    # The formula, computed here independently: p-bar = 347 / 1500, limits p-bar +- 3 sqrt(p(1-p)/50).
    p_bar = 347 / 1500
    half_width = 3 * math.sqrt(p_bar * (1 - p_bar) / 50)
    assert sum(ORANGE_JUICE) == 347
    assert chart["center"].iloc[0] == pytest.approx(p_bar)
    assert chart["ucl"].iloc[0] == pytest.approx(p_bar + half_width)
    assert chart["lcl"].iloc[0] == pytest.approx(p_bar - half_width)
    # The values printed in the book, to four decimals.
    assert round(p_bar, 4) == 0.2313
    assert round(chart["ucl"].iloc[0], 4) == 0.4102 and round(chart["lcl"].iloc[0], 4) == 0.0524
    # Samples 15 and 23 plot above the upper limit, as in the book.
    assert chart.loc[chart["rule1"], "sample"].tolist() == [15, 23]


def test_p_chart_with_unequal_samples_has_one_limit_per_sample():
    chart = control_charts.p_chart([5, 10], sizes=[100, 400])
    p_bar = 15 / 500
    assert chart["ucl"].tolist() == pytest.approx(
        [p_bar + 3 * math.sqrt(p_bar * (1 - p_bar) / n) for n in (100, 400)]
    )
    assert chart["lcl"].iloc[0] == 0  # cut at zero


def test_individuals_chart_uses_moving_range_over_d2():
    x = [10.0, 12.0, 11.0, 15.0, 13.0, 12.0]
    chart = control_charts.individuals_chart(x)
    mr_bar = np.mean(np.abs(np.diff(x)))  # (2 + 1 + 4 + 2 + 1) / 5 = 2.0
    assert mr_bar == 2.0
    assert chart["sigma"].iloc[0] == pytest.approx(2.0 / 1.128)
    assert chart["ucl"].iloc[0] == pytest.approx(np.mean(x) + 3 * 2.0 / 1.128)
    # 3 / d2 = 2.66, the factor printed in control-chart tables.
    assert 3 / control_charts.D2 == pytest.approx(2.66, abs=0.001)


def test_western_electric_rules_fire_where_they_should():
    rule = control_charts.western_electric
    # Rule 1: one point beyond 3 sigma.
    assert rule([0, 0, 3.2, 0], 0, 1)["rule1"].tolist() == [False, False, True, False]
    # Rule 2: two of three beyond 2 sigma on the same side; opposite sides do not count.
    assert rule([2.5, 0, 2.1], 0, 1)["rule2"].tolist() == [False, False, True]
    assert not rule([2.5, 0, -2.1], 0, 1)["rule2"].any()
    # Rule 3: four of five beyond 1 sigma on the same side.
    assert rule([1.5, 1.2, 0.2, 1.1, 1.3], 0, 1)["rule3"].tolist() == [False] * 4 + [True]
    assert not rule([1.5, 1.2, 0.2, 0.9, 1.3], 0, 1)["rule3"].any()
    # Rule 4: eight in a row on one side, flagged on the eighth.
    flags = rule([0.1] * 8, 0, 1)["rule4"].tolist()
    assert flags == [False] * 7 + [True]
    assert not rule([0.1] * 7 + [-0.1], 0, 1)["rule4"].any()


def test_in_control_normal_data_rarely_signals():
    # For independent normal data, rule 1 fires with probability 0.0027 per point.
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1, size=20_000)
    flags = control_charts.western_electric(x, 0, 1)
    assert flags["rule1"].mean() == pytest.approx(0.0027, abs=0.0012)


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: control_charts.p_chart([3, -1], sizes=50), "defectives"),
        (lambda: control_charts.p_chart([3, 60], sizes=50), "defectives"),
        (lambda: control_charts.p_chart([3, 4], sizes=[50, 0]), "sizes"),
        (lambda: control_charts.individuals_chart([5.0]), "values"),
        (lambda: control_charts.western_electric([1, 2], 0, 0), "sigma"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)

