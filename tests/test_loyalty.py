"""CSAT, NPS, score tables and the satisfaction-loyalty curve (Chapter 9).

Expected values are computed by hand, from closed-form standard errors or from scipy's binomtest.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from servicelab import loyalty


def test_csat_top_two_box_by_hand():
    # Ten ratings on 1-5; 4s and 5s: 5, 5, 4, 4, 4, 5, 4 = 7 of 10 -> 70%.
    scores = [5, 5, 4, 4, 4, 3, 2, 1, 5, 4]
    assert loyalty.csat(scores) == 70.0
    # Top box only (5s): 3 of 10 -> 30%.
    assert loyalty.csat(scores, satisfied_from=5) == 30.0


def test_nps_by_hand():
    # Reichheld (2003): 20 answers, 10 promoters (9-10), 6 passives (7-8), 4 detractors (0-6).
    # NPS = 100 x (10 - 4) / 20 = 30.
    scores = [10] * 7 + [9] * 3 + [8] * 4 + [7] * 2 + [6] * 2 + [3] * 2
    assert loyalty.nps(scores) == 30.0
    assert loyalty.nps_category(scores).tolist().count("passive") == 6
    # The extremes: all promoters +100, all detractors -100; 6 is a detractor, 7 a passive.
    assert loyalty.nps([9, 10]) == 100.0 and loyalty.nps([0, 6]) == -100.0 and loyalty.nps([7, 8]) == 0.0


@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_nps_is_bounded_and_equals_the_mean_of_plus_minus_codes(scores):
    codes = [1 if s >= 9 else (-1 if s <= 6 else 0) for s in scores]
    value = loyalty.nps(scores)
    assert -100 <= value <= 100
    assert value == pytest.approx(100 * np.mean(codes))


def test_nps_interval_width_matches_the_closed_form_standard_error():
    # With shares p+ and p- of promoters and detractors, Var(c) = p+ + p- - (p+ - p-)^2, so
    # SE(NPS) = 100 sqrt(Var(c) / n). Here p+ = 0.4, p- = 0.2, n = 500: SE = 100 sqrt(0.56/500) = 3.347.
    scores = [10] * 200 + [8] * 200 + [4] * 100
    ci = loyalty.nps_ci(scores, n_resamples=4000, seed=3)
    se = 100 * np.sqrt((0.4 + 0.2 - 0.2**2) / 500)
    assert ci.estimate == 20.0
    assert (ci.high - ci.low) / 2 == pytest.approx(1.96 * se, rel=0.08)


def test_score_table_gives_one_interval_per_group():
    frame = pd.DataFrame({"branch": ["A"] * 4 + ["B"] * 4, "recommend": [10, 10, 9, 2, 6, 6, 8, 9]})
    table = loyalty.score_table(frame, "branch", "recommend", n_resamples=200)
    # A: 3 promoters, 1 detractor of 4 -> 50; B: 1 promoter, 2 detractors of 4 -> -25.
    assert table["estimate"].to_dict() == {"A": 50.0, "B": -25.0}
    assert table["n"].tolist() == [4, 4]
    csat_table = loyalty.score_table(
        pd.DataFrame({"g": ["x"] * 3, "s": [5, 4, 1]}), "g", "s", metric="csat", n_resamples=200
    )
    assert csat_table.loc["x", "estimate"] == pytest.approx(200 / 3)


def test_loyalty_curve_rates_and_wilson_intervals_match_scipy():
    satisfaction = [5] * 10 + [4] * 20 + [3] * 5
    repurchased = [1] * 8 + [0] * 2 + [1] * 6 + [0] * 14 + [0] * 5
    curve = loyalty.loyalty_curve(satisfaction, repurchased)
    # Rates by hand: level 5: 8/10; level 4: 6/20; level 3: 0/5.
    assert curve["rate"].to_dict() == {3: 0.0, 4: 0.3, 5: 0.8}
    for level, k, n in [(5, 8, 10), (4, 6, 20), (3, 0, 5)]:
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert curve.loc[level, "low"] == pytest.approx(ci.low, abs=1e-9)
        assert curve.loc[level, "high"] == pytest.approx(ci.high, abs=1e-9)


@settings(max_examples=30)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=30))
def test_csat_never_rises_with_a_stricter_threshold(scores):
    values = [loyalty.csat(scores, satisfied_from=k) for k in range(1, 6)]
    assert values[0] == 100.0
    assert all(a >= b for a, b in zip(values, values[1:]))


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: loyalty.csat([6, 5]), "scores"),
        (lambda: loyalty.csat([]), "scores"),
        (lambda: loyalty.csat([4, 5], satisfied_from=9), "satisfied_from"),
        (lambda: loyalty.nps([11]), "scores"),
        (lambda: loyalty.nps([-1, 5]), "scores"),
        (lambda: loyalty.nps([]), "scores"),
        (lambda: loyalty.nps_category([12]), "scores"),
        (lambda: loyalty.nps_ci([]), "scores"),
        (lambda: loyalty.csat_ci([0, 5]), "scores"),
        (lambda: loyalty.score_table(pd.DataFrame({"g": [], "s": []}), "g", "s"), "frame"),
        (lambda: loyalty.score_table(pd.DataFrame({"g": [1], "s": [5]}), "g", "s", metric="ces"), "metric"),
        (lambda: loyalty.score_table(pd.DataFrame({"g": [1], "s": [5]}), "h", "s"), "frame"),
        (lambda: loyalty.loyalty_curve([5, 6], [1, 0]), "satisfaction"),
        (lambda: loyalty.loyalty_curve([5, 4], [1]), "repurchased"),
        (lambda: loyalty.loyalty_curve([5, 4], [1, 2]), "repurchased"),
        (lambda: loyalty.loyalty_curve([], []), "satisfaction"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)



def test_nps_codes_by_hand_and_their_mean_is_the_nps():
    # By hand: 10 and 9 are promoters (+1), 7 and 8 passives (0), 0 to 6 detractors (-1).
    assert loyalty.nps_codes([0, 6, 7, 8, 9, 10]).tolist() == [-1, -1, 0, 0, 1, 1]
    rng = np.random.default_rng(8)
    for _ in range(20):
        answers = rng.integers(0, 11, size=int(rng.integers(1, 200)))
        assert 100 * loyalty.nps_codes(answers).mean() == pytest.approx(loyalty.nps(answers))
    with pytest.raises(ValueError, match="^scores"):
        loyalty.nps_codes([11])
