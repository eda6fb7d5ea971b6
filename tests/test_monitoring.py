"""Monitoring (Chapter 8): the course's three channels and the sample sizes behind them.

Expected values: textbook figures (385 interviews for +/-5 points at 95 %; 63 per group for a
half-standard-deviation difference), and exact power computed independently of the closed forms
(scipy's binomial and normal distributions).
"""

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as scipy_stats

from servicelab import monitoring


COURSE = Path(__file__).resolve().parent.parent.parent / "shared" / "course" / "course-slides-zh-hant.txt"


@pytest.mark.skipif(not COURSE.is_file(), reason="the course material (../shared/course) is not beside the repository")
def test_channels_are_the_course_list_in_its_words():
    # Course slides, Chapter 8, 第二节 客户客服质量的监控, parts 一、二、三, read from the slides themselves.
    import opencc

    text = opencc.OpenCC("t2s").convert(COURSE.read_text(encoding="utf-8"))
    text = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňḿ\s]+\)", "", text)  # the extraction's pinyin glosses
    for number, (_, _, chinese) in zip("一二三", monitoring.MONITORING_CHANNELS):
        assert f"{number}、{chinese}" in text, chinese
    assert len(monitoring.MONITORING_CHANNELS) == 3


def test_margin_textbook_values():
    # The textbook 385: 1.96^2 x 0.25 / 0.05^2 = 384.16, rounded up.
    assert monitoring.visits_for_margin(0.5, 0.05) == 385
    # 1.96^2 x 0.16 / 0.01 = 61.5 -> 62.
    assert monitoring.visits_for_margin(0.8, 0.10) == 62
    # A pass rate of 0 or 1 needs no spread: one visit.
    assert monitoring.visits_for_margin(1.0, 0.1) == 1


def test_margin_is_met_by_the_wald_half_width():
    # At the returned n the normal half-width is within the margin, at n - 1 it is not.
    for p, m in [(0.5, 0.05), (0.7, 0.08), (0.9, 0.03)]:
        n = monitoring.visits_for_margin(p, m)
        half = lambda k: 1.959963984540054 * math.sqrt(p * (1 - p) / k)  # noqa: E731
        assert half(n) <= m + 1e-12 < half(n - 1)


def test_difference_textbook_value_and_exact_power():
    # 2 (1.95996 + 0.84162)^2 / 0.5^2 = 62.79 -> 63 per group (normal approximation).
    assert monitoring.visits_for_difference(sd=1, difference=0.5) == 63
    # Independent check: the power of the two-sided z-test at n, from the normal distribution.
    def power(n, sd=15, delta=10, alpha=0.05):
        shift = delta / (sd * math.sqrt(2 / n))
        z = scipy_stats.norm.ppf(1 - alpha / 2)
        return scipy_stats.norm.cdf(shift - z) + scipy_stats.norm.cdf(-shift - z)
    n = monitoring.visits_for_difference(sd=15, difference=10)
    assert power(n) >= 0.80 > power(n - 1)
    # The t-test, by the noncentral t (scipy), needs at most two more visits per group.
    def t_power(n, sd=15, delta=10):
        df = 2 * n - 2
        nc = delta / (sd * math.sqrt(2 / n))
        crit = scipy_stats.t.ppf(0.975, df)
        return scipy_stats.nct.sf(crit, df, nc) + scipy_stats.nct.cdf(-crit, df, nc)
    assert t_power(n + 2) >= 0.80


def test_detectable_difference_inverts_visits_for_difference():
    n = monitoring.visits_for_difference(sd=15, difference=10)
    assert monitoring.detectable_difference(sd=15, visits=n) <= 10 < monitoring.detectable_difference(sd=15, visits=n - 1)
    # Closed form: (1.95996 + 0.84162) x 15 x sqrt(2/4) = 29.71.
    assert monitoring.detectable_difference(sd=15, visits=4) == pytest.approx(29.7143, abs=1e-3)


def test_proportions_exact_power_by_enumeration():
    # Exact power of the pooled two-proportion z-test at the returned n, summing over every
    # outcome (k1, k2) with scipy's binomial probabilities: about 0.80, as planned.
    p1, p2 = 0.6, 0.8
    n = monitoring.visits_for_proportions(p1, p2)
    assert n == 82  # (1.96 sqrt(2 x 0.7 x 0.3) + 0.8416 sqrt(0.24 + 0.16))^2 / 0.04 = 81.2
    k = np.arange(n + 1)
    k1, k2 = np.meshgrid(k, k, indexing="ij")
    pooled = (k1 + k2) / (2 * n)
    se = np.sqrt(pooled * (1 - pooled) * 2 / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (k2 - k1) / n / se, 0.0)
    reject = np.abs(z) > scipy_stats.norm.ppf(0.975)
    prob = np.outer(scipy_stats.binom.pmf(k, n, p1), scipy_stats.binom.pmf(k, n, p2))
    assert float(prob[reject].sum()) == pytest.approx(0.80, abs=0.03)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.02, 0.3))
def test_more_precision_never_needs_fewer_visits(p, margin):
    assert monitoring.visits_for_margin(p, margin / 2) >= monitoring.visits_for_margin(p, margin)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: monitoring.visits_for_margin(1.2, 0.1), "pass_rate"),
        (lambda: monitoring.visits_for_margin(0.5, 0), "margin"),
        (lambda: monitoring.visits_for_difference(sd=0, difference=5), "sd"),
        (lambda: monitoring.visits_for_difference(sd=10, difference=5, power=1.0), "power"),
        (lambda: monitoring.visits_for_proportions(0.7, 0.7), "second"),
        (lambda: monitoring.detectable_difference(sd=10, visits=0), "visits"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)
