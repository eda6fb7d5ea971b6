"""stats.stratified_difference (added for Chapter 8): a difference of means compared within strata.

Expected values: hand computation (the Mantel-Haenszel risk difference, Greenland and Robins 1985),
and an independent route through pandas' groupby.
"""

import numpy as np
import pandas as pd
import pytest

from servicelab import stats


def test_hand_example_and_weights():
    # Stratum a: first 1/2 = 0.5, second 2/2 = 1.0, gap -0.5; stratum b: 0/2 - 1/2 = -0.5; weights 2 x 2 / 4 = 1.
    d = stats.stratified_difference([1, 0, 1, 1, 0, 0, 1, 0], [True, True, False, False, True, True, False, False],
                                    list("aaaabbbb"), seed=1)
    assert d.estimate == pytest.approx(-0.5)
    assert (d.n_first, d.n_second) == (4, 4)
    # A stratum with one group only is left out: adding one changes nothing.
    d2 = stats.stratified_difference([1, 0, 1, 1, 0, 0, 1, 0, 1], [True, True, False, False, True, True, False, False, True],
                                     list("aaaabbbbc"), seed=1)
    assert d2.estimate == pytest.approx(-0.5) and d2.n_first == 4


def test_agrees_with_a_pandas_groupby_and_removes_confounding():
    rng = np.random.default_rng(3)
    score = rng.integers(5, 11, 2000)
    failed = rng.random(2000) < np.where(score < 8, 0.8, 0.3)   # failures have lower scores ...
    p = 0.1 * (score - 4) - 0.1 * failed                          # ... and a true penalty of 0.1 at any score
    ret = (rng.random(2000) < p).astype(float)
    d = stats.stratified_difference(ret, failed, score, n_resamples=300, seed=2)
    frame = pd.DataFrame({"ret": ret, "failed": failed, "score": score})
    means = frame.groupby(["score", "failed"])["ret"].mean().unstack()
    n = frame.groupby(["score", "failed"]).size().unstack()
    weights = n[True] * n[False] / (n[True] + n[False])
    expected = ((means[True] - means[False]) * weights).sum() / weights.sum()
    assert d.estimate == pytest.approx(expected)
    # The plain difference mixes in the score; the stratified one is near the true -0.1.
    plain = ret[failed].mean() - ret[~failed].mean()
    assert plain < -0.2 and d.low < -0.1 < d.high


def test_one_stratum_is_the_plain_difference():
    values = np.array([3.0, 5.0, 4.0, 1.0, 2.0])
    first = np.array([True, True, True, False, False])
    d = stats.stratified_difference(values, first, np.zeros(5), n_resamples=200, seed=4)
    assert d.estimate == pytest.approx(4.0 - 1.5)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: stats.stratified_difference([1, 2], [True], [0, 0]), "first"),
        (lambda: stats.stratified_difference([1, 2], [1, 0], [0, 0]), "first"),
        (lambda: stats.stratified_difference([1, 2], [True, True], [0, 1]), "strata"),
        (lambda: stats.stratified_difference([1, 2], [True, False], [0, 0], n_resamples=5), "n_resamples"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)


def test_unequal_strata_use_mantel_haenszel_weights():
    # Stratum a: 3 first (mean 1), 1 second (mean 0): gap 1, weight 3 x 1 / 4 = 0.75.
    # Stratum b: 1 first (mean 0), 1 second (mean 1): gap -1, weight 1 x 1 / 2 = 0.5.
    # D = (0.75 - 0.5) / 1.25 = 0.2.
    d = stats.stratified_difference([1, 1, 1, 0, 0, 1], [True, True, True, False, True, False],
                                    list("aaaabb"), n_resamples=200, seed=1)
    assert d.estimate == pytest.approx(0.2)
