"""Rates of events over an exposure (Chapter 7: leavers per agent-year).

Expected values: the tabulated exact Poisson limits (Garwood 1936; as tabulated by Ulm 1990 and in
most epidemiology texts: 10 events -> 4.795 to 18.390; 0 events -> 0 to 3.689), and, for the rate
ratio, an independent implementation: scipy's ``binomtest(...).proportion_ci(method="exact")``
(Clopper-Pearson) on the conditional binomial, mapped to the ratio by hand.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as scipy_stats

from servicelab import stats


@pytest.mark.parametrize(
    "k, low, high",
    [(10, 4.7954, 18.3904), (0, 0.0, 3.6889), (1, 0.0253, 5.5716), (5, 1.6235, 11.6683)],
)
def test_poisson_interval_matches_the_tabulated_exact_limits(k, low, high):
    ci = stats.poisson_rate_interval(k, 1.0)
    assert ci.estimate == k and ci.n == k
    assert ci.low == pytest.approx(low, abs=1e-4)
    assert ci.high == pytest.approx(high, abs=1e-4)


def test_poisson_interval_scales_with_exposure():
    # 8 leavers over 22.6 agent-years: the interval for the count, divided by 22.6.
    count = stats.poisson_rate_interval(8, 1.0)
    rate = stats.poisson_rate_interval(8, 22.6)
    assert rate.estimate == pytest.approx(8 / 22.6)
    assert rate.low == pytest.approx(count.low / 22.6) and rate.high == pytest.approx(count.high / 22.6)


def test_poisson_interval_inverts_the_poisson_tails():
    # Independent check of the definition: at the limits, P(X >= k | low) = P(X <= k | high) = 0.025.
    ci = stats.poisson_rate_interval(7, 1.0)
    assert scipy_stats.poisson.sf(6, ci.low) == pytest.approx(0.025, abs=1e-9)
    assert scipy_stats.poisson.cdf(7, ci.high) == pytest.approx(0.025, abs=1e-9)


@pytest.mark.parametrize("k1, t1, k2, t2", [(8, 22.6, 10, 24.2), (3, 7.8, 4, 7.8), (0, 10.0, 5, 12.0), (12, 30.0, 2, 5.0)])
def test_rate_ratio_matches_scipy_clopper_pearson(k1, t1, k2, t2):
    result = stats.rate_ratio_interval(k1, t1, k2, t2)
    ci = scipy_stats.binomtest(k1, k1 + k2, 0.5).proportion_ci(confidence_level=0.95, method="exact")

    def to_ratio(pi):
        return math.inf if pi >= 1 else pi / (1 - pi) * t2 / t1

    assert result.low == pytest.approx(to_ratio(ci.low), rel=1e-9, abs=1e-12)
    assert result.high == pytest.approx(to_ratio(ci.high), rel=1e-9)
    assert result.estimate == pytest.approx((k1 / t1) / (k2 / t2))
    assert (result.n_first, result.n_second) == (k1, k2)


def test_rate_ratio_of_equal_groups_is_one_and_its_interval_is_symmetric_on_the_log_scale():
    # Same count, same exposure: R = 1, and swapping the groups inverts the interval.
    r = stats.rate_ratio_interval(6, 10.0, 6, 10.0)
    assert r.estimate == 1.0
    assert r.low * r.high == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.integers(1, 40), st.floats(0.5, 50), st.floats(0.5, 50))
def test_rate_ratio_interval_contains_the_estimate(k1, k2, t1, t2):
    r = stats.rate_ratio_interval(k1, t1, k2, t2)
    assert r.low <= r.estimate <= r.high


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: stats.poisson_rate_interval(-1, 1.0), "events"),
        (lambda: stats.poisson_rate_interval(2.5, 1.0), "events"),
        (lambda: stats.poisson_rate_interval(3, 0.0), "exposure"),
        (lambda: stats.rate_ratio_interval(0, 1.0, 0, 1.0), "both 0"),
        (lambda: stats.rate_ratio_interval(1, 1.0, 2, -3.0), "exposure_second"),
        (lambda: stats.rate_ratio_interval(1, 1.0, 2, 1.0, confidence=1.0), "confidence"),
    ],
)
def test_bad_input_is_refused_with_its_name(call, name):
    with pytest.raises(ValueError, match=name):
        call()
