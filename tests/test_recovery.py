"""Service recovery (Chapter 8): the recovery curve, its fit and inverse, the recovery paradox.

Expected values come from closed forms or from scipy's Welch test.
"""

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as scipy_stats

from servicelab import recovery


def test_recovery_curve_fit_recovers_known_parameters():
    hours = np.array([0.5, 1, 2, 4, 6, 8, 12, 18, 24, 36])
    truth = dict(floor=3.5, ceiling=9.2, time_constant=7.0)
    fit = recovery.fit_recovery_curve(hours, recovery.recovery_curve(hours, **truth))
    assert fit["floor"] == pytest.approx(3.5, abs=1e-4)
    assert fit["ceiling"] == pytest.approx(9.2, abs=1e-4)
    assert fit["time_constant"] == pytest.approx(7.0, rel=1e-4)


def test_hours_for_target_inverts_the_curve():
    # Closed form: h = -tau ln((T - floor) / (ceiling - floor)) = 7 ln(5.7 / 3.5).
    hours = recovery.hours_for_target(7.0, floor=3.5, ceiling=9.2, time_constant=7.0)
    assert hours == pytest.approx(7 * math.log(5.7 / 3.5))
    assert recovery.recovery_curve(hours, floor=3.5, ceiling=9.2, time_constant=7.0)[0] == pytest.approx(7.0)
    assert recovery.hours_for_target(3.0, floor=3.5, ceiling=9.2, time_constant=7.0) == math.inf


def test_recovery_paradox_interval():
    recovered = [9, 10, 9, 8, 10, 9, 9, 10]
    no_failure = [8, 8, 9, 7, 8, 8, 9, 8]
    out = recovery.recovery_paradox(recovered, no_failure)
    # Means 74 / 8 = 9.25 and 65 / 8 = 8.125: a difference of 1.125.
    assert out["difference"] == pytest.approx(1.125)
    # Welch's interval, from scipy independently of servicelab.stats.
    ci = scipy_stats.ttest_ind(recovered, no_failure, equal_var=False).confidence_interval(0.95)
    assert (out["ci_low"], out["ci_high"]) == (pytest.approx(ci.low, abs=1e-4), pytest.approx(ci.high, abs=1e-4))
    assert out["paradox"] is True
    assert recovery.recovery_paradox(no_failure, recovered)["paradox"] is False


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: recovery.recovery_curve([1], floor=3, ceiling=9, time_constant=0), "time_constant"),
        (lambda: recovery.hours_for_target(11, floor=3, ceiling=9, time_constant=5), "target"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)



COURSE = Path(__file__).resolve().parent.parent.parent / "shared" / "course" / "course-slides-zh-hant.txt"


@pytest.mark.skipif(not COURSE.is_file(), reason="the course material (../shared/course) is not beside the repository")
def test_recovery_steps_in_the_course_words():
    # Course slides, Chapter 8, 二、客服质量补救的实施 (一)-(四), read from the slides themselves.
    import opencc

    text = opencc.OpenCC("t2s").convert(COURSE.read_text(encoding="utf-8"))
    text = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňḿ\s]+\)", "", text)  # the extraction's pinyin glosses
    steps = recovery.RECOVERY_STEPS_CHINESE
    assert len(steps) == len(recovery.RECOVERY_STEPS) == 4
    for number, step in zip("一二三四", steps):
        # The third step is garbled after 实施恰当 in the extraction: compare what survives.
        legible = step if number != "三" else "实施恰当"
        assert f"({number}){legible}" in text, step


def test_doubling_slope_overall_and_within_strata_against_least_squares():
    rng = np.random.default_rng(4)
    severity = rng.integers(1, 4, 300)
    hours = np.exp(rng.normal(1 + 0.6 * severity, 0.8))      # severe failures take longer ...
    sat = 9 - 1.2 * severity - 0.5 * np.log2(hours) + rng.normal(0, 0.5, 300)  # ... and anger more
    # Overall: numpy's polyfit on log2(hours), an independent least-squares routine.
    assert recovery.doubling_slope(hours, sat) == pytest.approx(np.polyfit(np.log2(hours), sat, 1)[0])
    # Within severity: least squares with one dummy per severity (numpy's lstsq).
    design = np.column_stack([np.log2(hours)] + [(severity == g).astype(float) for g in (1, 2, 3)])
    coef = np.linalg.lstsq(design, sat, rcond=None)[0]
    within = recovery.doubling_slope(hours, sat, strata=severity)
    assert within == pytest.approx(coef[0])
    # Severity confounds the overall slope: it is steeper than the true -0.5; the within slope is close.
    assert recovery.doubling_slope(hours, sat) < -0.8 and within == pytest.approx(-0.5, abs=0.1)


def test_hours_for_target_interval_covers_the_truth():
    rng = np.random.default_rng(9)
    hours = rng.uniform(0.2, 24, 200)
    sat = recovery.recovery_curve(hours, floor=3, ceiling=9, time_constant=6) + rng.normal(0, 0.6, 200)
    truth = recovery.hours_for_target(7, floor=3, ceiling=9, time_constant=6)   # 6 ln(3/2) = 2.43 h
    ci = recovery.hours_for_target_interval(hours, sat, 7, n_resamples=300, seed=2)
    assert ci.low < truth < ci.high and ci.low < ci.estimate < ci.high and ci.n == 200


def test_paradox_table_widens_intervals_for_the_family():
    groups = {"a": [9, 10, 9, 8, 10, 9, 9, 10], "b": [8, 8, 9, 8, 8, 9, 8, 8]}
    no_failure = [8, 8, 9, 7, 8, 8, 9, 8]
    table = recovery.paradox_table(groups, no_failure)
    single = recovery.recovery_paradox(groups["a"], no_failure)
    # Two comparisons: each interval at 97.5 % (Bonferroni), wider than the single 95 % one.
    assert table.loc["a", "ci_low"] < single["ci_low"] and table.loc["a", "ci_high"] > single["ci_high"]
    ci = scipy_stats.ttest_ind(groups["a"], no_failure, equal_var=False).confidence_interval(0.975)
    assert table.loc["a", "ci_low"] == pytest.approx(ci.low, abs=1e-4)
    assert table["n"].tolist() == [8, 8]
