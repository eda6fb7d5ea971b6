"""Heterogeneity (Chapter 1): the variance split is checked against numpy and a hand example."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from servicelab import variability


def test_hand_worked_split():
    # Providers a: 4, 6 (mean 5) and b: 8, 10 (mean 9); grand mean 7.
    # Total = (9 + 1 + 1 + 9)/4 = 5; between = (4 + 4 + 4 + 4)/4 = 4; within = (1+1+1+1)/4 = 1.
    df = pd.DataFrame({"who": list("aabb"), "m": [4.0, 6.0, 8.0, 10.0]})
    assert variability.variance_split(df, "who", "m") == {
        "total": 5.0, "between": 4.0, "within": 1.0, "share_between": 0.8,
    }


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
@given(
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.floats(min_value=0, max_value=60, allow_nan=False)),
        min_size=2,
        max_size=60,
    )
)
def test_law_of_total_variance(rows):
    df = pd.DataFrame(rows, columns=["who", "m"])
    split = variability.variance_split(df, "who", "m")
    assert split["total"] == pytest.approx(np.var(df["m"].to_numpy()), abs=1e-3)
    assert split["between"] + split["within"] == pytest.approx(split["total"], abs=1e-3)


def test_by_provider_matches_pandas():
    df = pd.DataFrame({"who": list("aaabbb"), "m": [1.0, 2.0, 3.0, 10.0, 20.0, 30.0]})
    table = variability.by_provider(df, "who", "m")
    assert table.loc["a", "mean"] == 2.0 and table.loc["b", "sd"] == 10.0
    assert table.index.tolist() == ["a", "b"]


def test_standard_cuts_spread_in_the_checkin_data():
    from servicelab import data

    checkins = data.load("checkins")
    table = variability.compare_groups(checkins, "period", "receptionist", "minutes", limit=8)
    # The generator shrinks personal spread by 45% and pulls means 65% towards 5 min after the standard.
    assert table.loc["after", "sd"] < table.loc["before", "sd"]
    assert table.loc["after", "sd_of_provider_means"] < table.loc["before", "sd_of_provider_means"]
    assert table.loc["after", "share_over_8"] < table.loc["before", "share_over_8"]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda df: variability.variance_split(df, "nobody", "m"), "nobody"),
        (lambda df: variability.by_provider(df.iloc[0:0], "who", "m"), "frame"),
        (lambda df: variability.compare_groups(df, "who", "who", "m", limit=1, quantile=1.5), "quantile"),
    ],
)
def test_bad_input(call, name):
    df = pd.DataFrame({"who": list("ab"), "m": [1.0, 2.0]})
    with pytest.raises(ValueError, match=name):
        call(df)


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
@given(
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.floats(min_value=0, max_value=60, allow_nan=False)),
        min_size=2,
        max_size=60,
    )
)
def test_share_between_agrees_with_the_variance_split(rows):
    # Two independent computations (pandas groupby in variance_split, numpy bincount here).
    df = pd.DataFrame(rows, columns=["who", "m"])
    expected = variability.variance_split(df, "who", "m")["share_between"]
    assert variability.share_between(df["m"], df["who"]) == pytest.approx(expected, abs=1e-4)


def test_share_between_hand_worked_and_bad_input():
    # Hand example of test_hand_worked_split: between 4 / total 5.
    assert variability.share_between([4.0, 6.0, 8.0, 10.0], list("aabb")) == pytest.approx(0.8)
    assert variability.share_between([3.0, 3.0, 3.0], list("abc")) == 0.0
    with pytest.raises(ValueError, match="providers"):
        variability.share_between([1.0, 2.0], ["a"])
