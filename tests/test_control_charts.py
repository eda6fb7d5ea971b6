"""Control charts (Chapter 8): p-chart, individuals chart, Western Electric rules.

Expected values come from a textbook worked example (Montgomery 2013) or closed forms computed in the test.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as scipy_stats

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



def test_rule_one_false_alarms_match_the_closed_form():
    # Known limits, rule 1 alone: each point fires with P(|Z| > 3) = 0.0026998, so over 30 points
    # P(at least one) = 1 - (1 - 0.0026998)^30 = 0.0780; the simulation's standard error is about 0.0019.
    per_point = 2 * scipy_stats.norm.sf(3)
    out = control_charts.in_control_signals(30, rules=[1], replications=20_000, seed=5)
    assert out["p_any"] == pytest.approx(1 - (1 - per_point) ** 30, abs=0.008)
    assert out["expected"] == pytest.approx(30 * per_point, abs=0.01)


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
def test_average_run_lengths_match_champ_and_woodall():
    # In-control ARL: 1 / 0.0027 = 370.4 for rule 1 alone; 91.75 with all four Western Electric
    # rules (Champ and Woodall 1987, Technometrics 29, table 1). Tolerance: four standard errors.
    one = control_charts.average_run_length(rules=[1], replications=4000, seed=11)
    assert one["arl"] == pytest.approx(1 / (2 * scipy_stats.norm.sf(3)), abs=4 * one["standard_error"])
    four = control_charts.average_run_length(rules=[1, 2, 3, 4], replications=4000, seed=12)
    assert four["arl"] == pytest.approx(91.75, abs=4 * four["standard_error"])
    assert four["censored"] == 0


def test_estimated_limits_and_more_rules_raise_false_alarms():
    known_one = control_charts.in_control_signals(30, rules=[1], replications=5000, seed=1)["p_any"]
    known_four = control_charts.in_control_signals(30, rules=[1, 2, 3, 4], replications=5000, seed=1)["p_any"]
    short_four = control_charts.in_control_signals(30, rules=[1, 2, 3, 4], phase_one=14, replications=5000, seed=1)["p_any"]
    assert known_one < known_four < short_four


def test_vectorised_rules_agree_with_a_plain_loop():
    # Rules 1-4 written out point by point, as the handbook states them, on random series.
    rng = np.random.default_rng(8)
    for _ in range(20):
        z = rng.normal(0, 1.3, 40)
        flags = control_charts.western_electric(z, 0, 1)
        for i in range(z.size):
            r1 = abs(z[i]) > 3
            w3, w5, w8 = z[max(0, i - 2): i + 1], z[max(0, i - 4): i + 1], z[max(0, i - 7): i + 1]
            r2 = i >= 2 and ((z[i] > 2 and (w3 > 2).sum() >= 2) or (z[i] < -2 and (w3 < -2).sum() >= 2))
            r3 = i >= 4 and ((z[i] > 1 and (w5 > 1).sum() >= 4) or (z[i] < -1 and (w5 < -1).sum() >= 4))
            r4 = i >= 7 and ((w8 > 0).all() or (w8 < 0).all())
            assert list(flags.loc[i, ["rule1", "rule2", "rule3", "rule4"]]) == [r1, r2, r3, r4], i


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: control_charts.in_control_signals(0), "points"),
        (lambda: control_charts.in_control_signals(10, rules=[5]), "rules"),
        (lambda: control_charts.in_control_signals(10, phase_one=20), "phase_one"),
        (lambda: control_charts.average_run_length(replications=5), "replications"),
    ],
)
def test_simulation_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)
