"""Service recovery (Chapter 8): the recovery curve, its fit and inverse, the recovery paradox.

Expected values come from closed forms or from scipy's Welch test.
"""

import math

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

