"""Pairwise bootstrap differences (servicelab.stats.pairwise_differences), added for Chapter 9.

Expected values: each row is the bootstrap interval of one difference (checked against
bootstrap_difference with the same seed, and against scipy's Welch interval for large normal
samples, an independent method); the Bonferroni level 1 - (1 - c)/m by hand; the false-alarm
rate of a 95% interval when all groups are alike (0.05 per comparison, the binomial tolerance);
and the overlap fallacy planted on purpose (Schenker and Gentleman 2001): two intervals that
overlap while the interval of the difference excludes zero.
"""

import numpy as np
import pytest
from scipy import stats as scipy_stats

from servicelab import loyalty, stats


def _standardised(n, seed):
    x = np.random.default_rng(seed).normal(size=n)
    return (x - x.mean()) / x.std(ddof=1)


def test_each_pair_is_the_bootstrap_interval_of_its_difference():
    rng = np.random.default_rng(5)
    groups = {name: rng.integers(0, 11, size=120) for name in ("Hangzhou", "Shanghai", "Xiamen")}
    table = stats.pairwise_differences(groups, loyalty.nps, n_resamples=500, seed=9)
    assert table.index.tolist() == ["Hangzhou - Shanghai", "Hangzhou - Xiamen", "Shanghai - Xiamen"]
    for _, row in table.iterrows():
        d = stats.bootstrap_difference(groups[row["first"]], groups[row["second"]], loyalty.nps,
                                       n_resamples=500, seed=9)
        assert (row["estimate"], row["low"], row["high"]) == (d.estimate, d.low, d.high)


def test_agrees_with_welch_interval_for_large_normal_samples():
    # Independent value: scipy's Welch t interval of the difference of two means. For n = 400 per
    # group the percentile bootstrap and Welch agree to within a few per cent of the width.
    rng = np.random.default_rng(11)
    a, b = rng.normal(10, 2, 400), rng.normal(9.5, 3, 400)
    row = stats.pairwise_differences({"a": a, "b": b}, seed=3).iloc[0]
    welch = scipy_stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    width = welch.high - welch.low
    assert row["low"] == pytest.approx(welch.low, abs=0.08 * width)
    assert row["high"] == pytest.approx(welch.high, abs=0.08 * width)


def test_bonferroni_level_and_wider_intervals():
    rng = np.random.default_rng(2)
    groups = {k: rng.normal(0, 1, 60) for k in "abcd"}
    plain = stats.pairwise_differences(groups, seed=4)
    wide = stats.pairwise_differences(groups, adjust="bonferroni", seed=4)
    # Four groups, six pairs: 1 - 0.05/6 by hand.
    assert len(plain) == 6
    assert wide["confidence"].unique().tolist() == [pytest.approx(1 - 0.05 / 6)]
    assert (wide["low"] <= plain["low"]).all() and (wide["high"] >= plain["high"]).all()


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
def test_false_alarm_rate_when_all_groups_are_alike():
    # 100 surveys of four identical groups: 600 comparisons. Each 95% interval should miss zero
    # about 5% of the time (expected 30; binomial sd sqrt(600 x 0.05 x 0.95) = 5.3). Pairs share groups, so the rate
    # of *any* false alarm is at most the independent 1 - 0.95^6 = 0.265 of stats.false_alarms.
    rng = np.random.default_rng(21)
    hits, any_hit = 0, 0
    for _ in range(100):
        groups = {k: rng.normal(0, 1, 40) for k in "abcd"}
        table = stats.pairwise_differences(groups, n_resamples=200, seed=int(rng.integers(1e6)))
        hits += int(table["excludes_zero"].sum())
        any_hit += int(table["excludes_zero"].any())
    assert 30 - 4 * 5.3 < hits < 30 + 4 * 5.3
    assert any_hit / 100 <= stats.false_alarms(tests=6)["p_at_least_one"] + 0.08


def test_overlapping_intervals_can_hide_a_real_difference():
    # Planted: the same standardised sample, shifted by 0.25. Each mean's 95% interval has a
    # half-width of about 1.96 / sqrt(200) = 0.139, so the two intervals overlap (0.25 < 0.277),
    # but the difference's half-width is about 1.96 * sqrt(2/200) = 0.196 < 0.25: a real gap that
    # the overlap rule would call "no difference".
    a = _standardised(200, 1)
    b = a - 0.25
    ci_a = stats.bootstrap_ci(a, np.mean, seed=1)
    ci_b = stats.bootstrap_ci(b, np.mean, seed=1)
    assert ci_b.high > ci_a.low  # the two intervals overlap
    row = stats.pairwise_differences({"a": a, "b": b}, seed=1).iloc[0]
    assert row["estimate"] == pytest.approx(0.25)
    assert row["excludes_zero"] and row["low"] > 0


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="at least two"):
        stats.pairwise_differences({"a": [1, 2, 3]})
    with pytest.raises(ValueError, match="adjust="):
        stats.pairwise_differences({"a": [1, 2], "b": [3, 4]}, adjust="holm")
    with pytest.raises(ValueError, match="confidence="):
        stats.pairwise_differences({"a": [1, 2], "b": [3, 4]}, confidence=1.5)
