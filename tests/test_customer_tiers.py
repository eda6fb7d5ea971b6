"""Customer value, concentration and tiers (Chapter 4): Lorenz, Gini, ABC, RFM, long tail, rising customers.

Expected values come from hand computations and closed forms (uniform and Pareto distributions).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import customer_tiers


positive_values = st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=2, max_size=60).filter(
    lambda xs: sum(xs) > 1e-6
)


def test_gini_hand_computed_example():
    # Values 1, 2, 3, 4: mean absolute difference over all 16 ordered pairs = 20/16 = 1.25;
    # Gini = 1.25 / (2 x mean 2.5) = 0.25.
    assert customer_tiers.gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert customer_tiers.gini([4, 1, 3, 2]) == pytest.approx(0.25)  # order does not matter


def test_gini_extremes():
    assert customer_tiers.gini([7, 7, 7]) == 0.0  # perfect equality
    assert customer_tiers.gini([0] * 9 + [5]) == pytest.approx(0.9)  # one of n holds all: (n - 1)/n


def test_gini_of_uniform_distribution_is_one_third():
    # Closed form: uniform on [0, 1] has Gini 1/3.  At the n midpoint quantiles (2i - 1)/(2n)
    # the sample Gini is exactly (n^2 - 1) / (3 n^2).
    n = 1000
    x = (np.arange(1, n + 1) - 0.5) / n
    assert customer_tiers.gini(x) == pytest.approx((n**2 - 1) / (3 * n**2), rel=1e-12)
    assert customer_tiers.gini(x) == pytest.approx(1 / 3, abs=1e-6)


@pytest.mark.parametrize("alpha, tol", [(2.0, 2e-3), (3.0, 1e-3)])
def test_gini_of_pareto_distribution_is_one_over_two_alpha_minus_one(alpha, tol):
    # Closed form: a Pareto distribution with index alpha > 1 has Gini 1 / (2 alpha - 1).
    # Quantiles x = (1 - u)^(-1/alpha) at u = (i - 0.5)/n, n = 200,000.
    n = 200_000
    u = (np.arange(1, n + 1) - 0.5) / n
    x = (1 - u) ** (-1 / alpha)
    assert customer_tiers.gini(x) == pytest.approx(1 / (2 * alpha - 1), abs=tol)


def test_lorenz_curve_of_uniform_distribution_is_p_squared():
    # Closed form L(p) = p^2; at midpoint quantiles the sums are exact: sum_{i<=k} (2i-1) = k^2.
    n = 50
    x = (np.arange(1, n + 1) - 0.5) / n
    curve = customer_tiers.lorenz_curve(x)
    assert np.allclose(curve["value_share"], curve["customer_share"] ** 2)


def test_lorenz_curve_of_pareto_distribution():
    # Closed form L(p) = 1 - (1 - p)^(1 - 1/alpha) for alpha = 3.
    n, alpha = 100_000, 3.0
    u = (np.arange(1, n + 1) - 0.5) / n
    curve = customer_tiers.lorenz_curve((1 - u) ** (-1 / alpha))
    p = curve["customer_share"].to_numpy()[::5000]
    expected = 1 - (1 - p) ** (1 - 1 / alpha)
    assert np.allclose(curve["value_share"].to_numpy()[::5000], expected, atol=2e-3)


def test_top_twenty_percent_of_pareto_customers():
    # The "80/20 rule" holds for a Pareto index alpha = log(5)/log(4) = 1.161: the top 20 %
    # hold 0.2^(1 - 1/alpha) = 80 %.  Give each of n customers the *mean* of its quantile slice,
    # n alpha/(alpha - 1) [(1 - a)^(1 - 1/alpha) - (1 - b)^(1 - 1/alpha)] for the slice [a, b];
    # then the curve is exact at every k/n, even for this heavy tail.
    alpha = math.log(5) / math.log(4)
    n = 1000
    edges = np.arange(n + 1) / n
    power = 1 - 1 / alpha
    slice_means = n * alpha / (alpha - 1) * ((1 - edges[:-1]) ** power - (1 - edges[1:]) ** power)
    assert 0.2 ** power == pytest.approx(0.8)
    assert customer_tiers.top_share(slice_means, top=0.2) == pytest.approx(0.8, abs=1e-9)
    assert customer_tiers.top_share(slice_means, top=0.5) == pytest.approx(0.5**power, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(positive_values)
def test_gini_is_one_minus_twice_the_area_under_the_lorenz_curve(values):
    curve = customer_tiers.lorenz_curve(values)
    area = np.trapezoid(curve["value_share"], curve["customer_share"])
    assert customer_tiers.gini(values) == pytest.approx(1 - 2 * area, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(positive_values)
def test_gini_matches_the_mean_difference_definition(values):
    # Independent definition: G = sum_i sum_j |x_i - x_j| / (2 n^2 mean).
    x = np.asarray(values)
    brute = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert customer_tiers.gini(values) == pytest.approx(brute, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(positive_values)
def test_largest_first_curve_mirrors_the_lorenz_curve(values):
    # P(p) = 1 - L(1 - p).
    lorenz = customer_tiers.lorenz_curve(values)["value_share"].to_numpy()
    pareto = customer_tiers.lorenz_curve(values, largest_first=True)["value_share"].to_numpy()
    assert np.allclose(pareto, 1 - lorenz[::-1], atol=1e-9)


def test_lorenz_curve_hand_example():
    curve = customer_tiers.lorenz_curve([2, 1, 1])
    assert curve["value_share"].tolist() == [0.0, 0.25, 0.5, 1.0]
    assert curve["customer_share"].iloc[-1] == 1.0


def test_top_share_interpolates_between_customers():
    # Values 4, 3, 2, 1 (total 10): the top 25 % (one customer) hold 40 %, the top 50 % hold 70 %;
    # the top 37.5 % lie halfway: 55 %.
    assert customer_tiers.top_share([1, 2, 3, 4], 0.25) == pytest.approx(0.4)
    assert customer_tiers.top_share([1, 2, 3, 4], 0.375) == pytest.approx(0.55)


def transactions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b", "c"],
            "revenue": [500, 300, 200, 150, 50, 40],
            "date": pd.to_datetime(["2025-01-10", "2025-06-01", "2025-12-01", "2025-02-01", "2025-09-15", "2025-03-03"]),
        }
    )


def test_customer_value_by_hand():
    table = customer_tiers.customer_value(transactions(), as_of="2025-12-31")
    assert table.index.tolist() == ["a", "b", "c"]  # largest first
    assert table["value"].tolist() == [1000, 200, 40]
    assert table["transactions"].tolist() == [3, 2, 1]
    # 1 December -> 31 December = 30 days; 15 September -> 31 December = 107 days; 3 March -> 303 days.
    assert table["recency_days"].tolist() == [30, 107, 303]


def test_abc_tiers_by_hand():
    # Shares 50, 30, 10, 6, 4 %.  Before each customer: 0, 50, 80, 90, 96 %.  A while < 80 %,
    # B while < 95 %: the customer who crosses 80 % (the second) is still A.
    tiers = customer_tiers.abc_tiers(pd.Series([10, 6, 50, 30, 4], index=list("rspqt")))
    assert tiers.to_dict() == {"r": "B", "s": "B", "p": "A", "q": "A", "t": "C"}


@settings(max_examples=60, deadline=None)
@given(positive_values)
def test_tier_a_holds_at_least_share_a(values):
    tiers = customer_tiers.abc_tiers(values)
    x = np.asarray(values)
    assert x[(tiers == "A").to_numpy()].sum() >= 0.8 * x.sum() - 1e-9
    assert x[(tiers != "C").to_numpy()].sum() >= 0.95 * x.sum() - 1e-9


def test_rfm_scores_split_customers_into_equal_groups():
    table = pd.DataFrame({"recency_days": np.arange(10), "transactions": np.arange(10), "value": np.arange(10) * 100.0})
    scores = customer_tiers.rfm_scores(table)
    assert scores["M"].value_counts().to_dict() == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}
    # The most recent customer (0 days) gets R = 5; the largest spender M = 5.
    assert scores.loc[0, "R"] == 5 and scores.loc[9, "M"] == 5
    assert scores.loc[9, "rfm"] == "155" and scores.loc[9, "score"] == 11


def test_long_tail_by_hand():
    # Ten customers; the top 2 bring 60 of 100; the other 8 bring 40, two thirds of the head.
    tail = customer_tiers.long_tail([40, 20, 10, 10, 10, 10, 0, 0, 0, 0])
    assert tail["head_customers"] == 2 and tail["tail_customers"] == 8
    assert tail["tail_share"] == pytest.approx(0.4)
    assert tail["tail_to_head"] == pytest.approx(40 / 60)
    assert tail["mean_tail"] == pytest.approx(5.0)


def test_spend_by_period_and_rising_customers():
    wide = customer_tiers.spend_by_period(transactions())
    assert wide.columns.tolist() == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert wide.loc["b"].tolist() == [150.0, 0.0, 50.0, 0.0]
    table = pd.DataFrame({"Q1": [100.0, 100.0, 0.0, 900.0], "Q2": [300.0, 190.0, 80.0, 2000.0]}, index=list("abcd"))
    rising = customer_tiers.rising_customers(table, ["Q1"], ["Q2"], min_growth=1.0, max_early=500)
    # a: 300/100 - 1 = +200 % (flagged); b: +90 % (not); c: new (NaN, not); d: large (excluded by max_early).
    assert rising.loc["a", "growth"] == pytest.approx(2.0) and rising.loc["a", "rising"]
    assert not rising.loc["b", "rising"] and not rising.loc["c", "rising"] and not rising.loc["d", "rising"]
    assert math.isnan(rising.loc["c", "growth"])


def test_value_tiers_by_hand():
    # Ten customers; one key account (the largest, 50); the tail is the smallest 8 (80 %);
    # the one left in between (20) is tier B.
    values = pd.Series([5, 50, 1, 20, 2, 3, 1, 0, 4, 8], index=list("abcdefghij"))
    tiers = customer_tiers.value_tiers(values, key_accounts=1)
    assert tiers["b"] == "A" and tiers["d"] == "B"
    assert (tiers.drop(["b", "d"]) == "C").all()
    # Two key accounts and a 70 % tail: A = 50, 20; C = the 7 smallest; B = 8.
    tiers = customer_tiers.value_tiers(values, key_accounts=2, tail=0.7)
    assert tiers[tiers == "B"].index.tolist() == ["j"]


@settings(max_examples=60, deadline=None)
@given(positive_values, st.integers(min_value=1, max_value=5))
def test_value_tiers_sizes_and_order(values, top):
    n = len(values)
    if top + round(0.8 * n) > n:
        return
    tiers = customer_tiers.value_tiers(values, key_accounts=top)
    x = np.asarray(values)
    assert (tiers == "A").sum() == top and (tiers == "C").sum() == round(0.8 * n)
    # Nobody in a lower tier is worth more than anybody in a higher one.
    assert x[(tiers == "A").to_numpy()].min() >= x[(tiers != "A").to_numpy()].max()
    if (tiers == "B").any():
        assert x[(tiers == "B").to_numpy()].min() >= x[(tiers == "C").to_numpy()].max()


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: customer_tiers.gini([]), "values"),
        (lambda: customer_tiers.gini([1, -2, 3]), "values"),
        (lambda: customer_tiers.gini([0, 0]), "values"),
        (lambda: customer_tiers.gini("abc"), "values"),
        (lambda: customer_tiers.lorenz_curve([1, float("nan")]), "values"),
        (lambda: customer_tiers.top_share([1, 2], top=1.5), "top"),
        (lambda: customer_tiers.abc_tiers([1, 2, 3], a=0.9, b=0.8), "b"),
        (lambda: customer_tiers.abc_tiers([1, 2, 3], a=0), "a"),
        (lambda: customer_tiers.abc_tiers([1, 2, 3], labels=("A", "B")), "labels"),
        (lambda: customer_tiers.rfm_scores(pd.DataFrame({"x": [1]})), "table"),
        (lambda: customer_tiers.rfm_scores(pd.DataFrame({"recency_days": [1], "transactions": [1], "value": [1]}), bins=1), "bins"),
        (lambda: customer_tiers.customer_value([1, 2]), "transactions"),
        (lambda: customer_tiers.customer_value(transactions().assign(revenue=-1)), "transactions"),
        (lambda: customer_tiers.customer_value(transactions(), as_of="2025-06-01"), "as_of"),
        (lambda: customer_tiers.long_tail([1, 2, 3], head=0), "head"),
        (lambda: customer_tiers.spend_by_period(transactions(), freq="W"), "freq"),
        (lambda: customer_tiers.rising_customers(pd.DataFrame({"Q1": [1.0]}), ["Q1"], ["Q9"]), "late"),
        (lambda: customer_tiers.rising_customers(pd.DataFrame({"Q1": [1.0], "Q2": [2.0]}), ["Q1"], ["Q2"], min_late=-1), "min_late"),
        (lambda: customer_tiers.value_tiers([1, 2, 3], key_accounts=0), "key_accounts"),
        (lambda: customer_tiers.value_tiers([1, 2, 3], key_accounts=1, tail=1.0), "tail"),
        (lambda: customer_tiers.value_tiers([1, 2, 3], key_accounts=2, tail=0.8), "key_accounts"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)

