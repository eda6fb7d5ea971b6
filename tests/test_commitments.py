"""Service commitments (Chapter 3): the share of promises kept, the shortest reliable promise, payouts.

Expected values are worked out by hand in the comments (counts of waits above a threshold), or
come from an independent library (scipy's bootstrap for the interval of the monthly payouts).
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as scipy_stats

from servicelab import commitments


def test_kept_share_counts_a_wait_equal_to_the_promise_as_kept():
    # Waits 0, 10, 20, 30, 40 s and a promise of 20 s: 0, 10 and 20 are kept, 3 of 5.
    # (With "<" instead of "<=", the share would be 2 of 5: this test catches that slip.)
    assert commitments.kept_share([0, 10, 20, 30, 40], threshold=20) == pytest.approx(0.6)


def test_promise_threshold_is_the_empirical_quantile_rounded_up_to_the_step():
    waits = np.arange(1, 101)  # 1..100 s, one contact each
    # kept(90) = 90/100 < 0.95; kept(95) = 0.95; kept(100) = 1.
    assert commitments.promise_threshold(waits, reliability=0.95, step=5) == 95
    assert commitments.promise_threshold(waits, reliability=0.95, step=10) == 100
    # Any reliability is reached at the longest wait at the latest.
    assert commitments.promise_threshold(waits, reliability=1.0, step=30) == 120


def _two_days():
    # Day 1: waits 5, 50, 100 (one above 60 s); day 2: 5, 5, 200, 300 (two above 60 s).
    return pd.DataFrame({"date": ["d1"] * 3 + ["d2"] * 4, "wait_seconds": [5, 50, 100, 5, 5, 200, 300]})


def test_daily_promises_by_hand():
    table = commitments.daily_promises(_two_days(), 60)
    assert table["contacts"].tolist() == [3, 4]
    assert table["broken"].tolist() == [1, 2]
    assert table["kept_share"].tolist() == pytest.approx([2 / 3, 2 / 4])


def test_promise_costs_by_hand():
    table = commitments.promise_costs(_two_days(), [60, 400], payout=60, claim_share=0.5, days_per_month=30)
    first = table.iloc[0]
    # 3 broken in 2 days: 1.5 a day, 45 in a 30-day month; half claimed at 60 yuan: 1,350 yuan.
    assert first["kept_share"] == pytest.approx(4 / 7)
    assert first["broken_per_month"] == pytest.approx(45.0)
    assert first["payouts_per_month"] == pytest.approx(1350.0)
    assert first["payouts_low"] <= first["payouts_per_month"] <= first["payouts_high"]
    # A promise longer than every wait is always kept and costs nothing, with no uncertainty.
    last = table.iloc[1]
    assert (last["kept_share"], last["kept_low"], last["kept_high"]) == (1.0, 1.0, 1.0)
    assert last["payouts_per_month"] == last["payouts_high"] == 0.0


def test_identical_days_give_an_interval_of_zero_width():
    calls = pd.concat([_two_days().assign(date=f"day{i}") for i in range(10)])
    row = commitments.promise_costs(calls, [60], payout=10).iloc[0]
    # Every day has 3 broken promises of 7: every resample gives the same answer.
    assert row["kept_low"] == pytest.approx(row["kept_high"]) == pytest.approx(4 / 7)
    assert row["payouts_low"] == pytest.approx(row["payouts_high"]) == pytest.approx(3 * 30 * 10)


def test_payout_interval_agrees_with_scipy_bootstrap():
    # Independent check: scipy's percentile bootstrap of the mean daily broken count,
    # scaled to a month, should give nearly the same interval (different random draws).
    rng = np.random.default_rng(7)
    rows = []
    for d in range(40):
        n = int(rng.integers(200, 400))
        scale = rng.uniform(20, 60)
        rows.append(pd.DataFrame({"date": d, "wait_seconds": rng.exponential(scale, n)}))
    calls = pd.concat(rows, ignore_index=True)
    ours = commitments.promise_costs(calls, [90], payout=50, days_per_month=30, n_resamples=4000).iloc[0]
    broken = (calls["wait_seconds"] > 90).groupby(calls["date"]).sum().to_numpy(dtype=float)
    theirs = scipy_stats.bootstrap((broken,), np.mean, method="percentile", n_resamples=4000,
                                   random_state=np.random.default_rng(11)).confidence_interval
    assert ours["payouts_per_month"] == pytest.approx(broken.mean() * 30 * 50)
    assert ours["payouts_low"] == pytest.approx(theirs.low * 30 * 50, rel=0.03)
    assert ours["payouts_high"] == pytest.approx(theirs.high * 30 * 50, rel=0.03)


def test_break_even_sales():
    # 59,000 yuan of payouts / 1,180 yuan margin a booking = 50 bookings.
    assert commitments.break_even_sales(59_000, 1_180) == pytest.approx(50.0)


@settings(deadline=None)
@given(st.lists(st.integers(0, 600), min_size=1, max_size=60), st.integers(0, 600), st.integers(0, 600))
def test_a_longer_promise_is_kept_at_least_as_often(waits, a, b):
    short, long = sorted((a, b))
    assert commitments.kept_share(waits, short) <= commitments.kept_share(waits, long)


@settings(deadline=None)
@given(st.lists(st.integers(0, 600), min_size=1, max_size=60), st.floats(0.05, 1.0))
def test_promise_threshold_meets_its_reliability_and_is_the_shortest(waits, reliability):
    t = commitments.promise_threshold(waits, reliability=reliability, step=10)
    assert commitments.kept_share(waits, t) >= reliability - 1e-12
    if t > 10:
        assert commitments.kept_share(waits, t - 10) < reliability


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: commitments.kept_share([10, -1], 5), r"waits\[1\]"),
        (lambda: commitments.kept_share([10], -5), "threshold"),
        (lambda: commitments.promise_threshold([10], reliability=1.5), "reliability"),
        (lambda: commitments.promise_threshold([10], reliability=0), "reliability"),
        (lambda: commitments.promise_threshold([10], reliability=0.9, step=0), "step"),
        (lambda: commitments.promise_costs(_two_days(), [60], payout=-1), "payout"),
        (lambda: commitments.promise_costs(_two_days(), [60], payout=1, claim_share=2), "claim_share"),
        (lambda: commitments.promise_costs(_two_days(), [-60], payout=1), r"thresholds\[0\]"),
        (lambda: commitments.promise_costs(_two_days(), [], payout=1), "thresholds"),
        (lambda: commitments.promise_costs(_two_days().drop(columns="date"), [60], payout=1),
         r"calls is missing column"),
        (lambda: commitments.break_even_sales(100, 0), "margin_per_sale"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_course_lists():
    assert [chinese for _, chinese in commitments.FORMS] == ["服务质量的保证", "服务时限的保证", "服务附加值的保证"]
    assert len(commitments.PARTS) == 2
