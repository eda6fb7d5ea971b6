"""Satisfaction as S = P - E and the zone of tolerance (Chapter 9).

Expected values are computed by hand in each test (the satisfaction slides' golden rule).
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from servicelab import satisfaction


def test_gap_is_perception_minus_expectation_by_hand():
    # Three guests rate "check-in speed": expected 7, 8, 6; perceived 5, 8, 9.
    # S = 5-7, 8-8, 9-6 = -2, 0, +3 (the satisfaction slides' golden rule S = P - E).
    assert satisfaction.gap([5, 8, 9], [7, 8, 6]).tolist() == [-2.0, 0.0, 3.0]


def test_gap_outcomes_follow_the_course_table():
    # Course slides, 9.1: P < E dissatisfied; P = E satisfied; P > E "more than I paid for".
    assert satisfaction.gap_outcome([-2, 0, 3]).tolist() == ["dissatisfied", "satisfied", "highly satisfied"]
    # With a tolerance of 0.5 points a gap of -0.4 counts as expectations met.
    assert satisfaction.gap_outcome(-0.4, tolerance=0.5) == "satisfied"
    assert satisfaction.gap_outcome(0.6, tolerance=0.5) == "highly satisfied"


def _small_survey():
    # Two guests, three items in two dimensions.
    return pd.DataFrame(
        {
            "guest": [1, 1, 1, 2, 2, 2],
            "item": ["bill", "booking", "checkin"] * 2,
            "dimension": ["reliability", "reliability", "responsiveness"] * 2,
            "expectation": [9, 8, 7, 8, 8, 6],
            "perception": [7, 8, 8, 6, 9, 4],
        }
    )


def test_gap_summary_per_item_dimension_and_overall_by_hand():
    survey = _small_survey()
    # Items: bill (7-9 + 6-8)/2 = -2.0; booking (0 + 1)/2 = 0.5; checkin (1 + -2)/2 = -0.5.
    items = satisfaction.gap_summary(survey, "item")
    assert items["gap"].to_dict() == {"bill": -2.0, "checkin": -0.5, "booking": 0.5}
    assert items.index.tolist() == ["bill", "checkin", "booking"]  # worst first
    assert items.loc["bill", "expectation"] == 8.5 and items.loc["bill", "perception"] == 6.5
    # Dimensions: reliability (-2 + 0 - 2 + 1)/4 = -0.75; responsiveness (1 - 2)/2 = -0.5.
    dims = satisfaction.gap_summary(survey, "dimension")
    assert dims["gap"].to_dict() == {"reliability": -0.75, "responsiveness": -0.5}
    assert dims["n"].to_dict() == {"reliability": 4, "responsiveness": 2}
    # Overall: sum of gaps (-2 + 0 + 1 - 2 + 1 - 2) / 6 = -4/6.
    overall = satisfaction.gap_summary(survey)
    assert overall.loc["overall", "gap"] == pytest.approx(-4 / 6)
    assert overall.loc["overall", "n"] == 6


@given(st.lists(st.tuples(st.integers(1, 9), st.integers(1, 9)), min_size=1, max_size=40))
def test_mean_gap_equals_mean_perception_minus_mean_expectation(pairs):
    frame = pd.DataFrame(pairs, columns=["perception", "expectation"])
    row = satisfaction.gap_summary(frame).iloc[0]
    assert row["gap"] == pytest.approx(row["perception"] - row["expectation"])
    assert -8 <= row["gap"] <= 8


def test_zone_of_tolerance_positions_and_gaps_by_hand():
    # Adequate 5, desired 8 (Zeithaml, Berry and Parasuraman 1993): P = 4 is below the zone,
    # 5 and 8 are on its edges (inside), 9 is above desired.
    zone = satisfaction.zone_of_tolerance([4, 5, 8, 9], adequate=[5] * 4, desired=[8] * 4)
    assert zone["position"].tolist() == ["below adequate", "within zone", "within zone", "above desired"]
    # Adequacy gap P - A and superiority gap P - D (Parasuraman et al. 1994's MSA and MSS).
    assert zone["adequacy"].tolist() == [-1.0, 0.0, 3.0, 4.0]
    assert zone["superiority"].tolist() == [-4.0, -3.0, 0.0, 1.0]


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: satisfaction.gap([10], [5]), "perception"),
        (lambda: satisfaction.gap([5], [0]), "expectation"),
        (lambda: satisfaction.gap([5, 6], [5]), "perception"),
        (lambda: satisfaction.gap([], []), "perception"),
        (lambda: satisfaction.gap([5.5], [5]), "perception"),
        (lambda: satisfaction.gap([5], [5], scale=(7, 1)), "scale"),
        (lambda: satisfaction.gap_summary(pd.DataFrame(), "item"), "frame"),
        (lambda: satisfaction.gap_summary(_small_survey(), "room"), "by"),
        (lambda: satisfaction.gap_summary(_small_survey(), perception="p"), "frame"),
        (lambda: satisfaction.gap_outcome([], tolerance=0), "s"),
        (lambda: satisfaction.gap_outcome(1, tolerance=-1), "tolerance"),
        (lambda: satisfaction.zone_of_tolerance([5], [6], [4]), "desired"),
        (lambda: satisfaction.zone_of_tolerance([5], [12], [14]), "adequate"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)



# ---- the satisfaction slides' checklists and the self-audit -------------------------------------------
COURSE = __import__("pathlib").Path(__file__).resolve().parents[2] / "shared" / "course"


def test_checklists_have_the_slides_lengths_and_every_kiss_is_guarded():
    # The satisfaction slides list six principles, seven deadly kisses and fifteen expectations.
    assert len(satisfaction.SIX_PRINCIPLES) == 6
    assert len(satisfaction.DEADLY_KISSES) == 7
    assert len(satisfaction.CLIENT_EXPECTATIONS) == 15
    guards = satisfaction.CLIENT_EXPECTATIONS["guards_against"]
    assert set(guards) == set(satisfaction.DEADLY_KISSES.index)


@pytest.mark.skipif(not (COURSE / "satisfaction-slides.txt").is_file(), reason="the course material is not beside the repository")
def test_checklists_quote_the_satisfaction_slides():
    # Every Chinese item occurs in the satisfaction slides (punctuation aside), so a student finds it there.
    import re

    def plain(text):
        return re.sub(r"[\s,，、•]", "", text)

    slides = plain((COURSE / "satisfaction-slides.txt").read_text(encoding="utf-8"))
    for table in (satisfaction.SIX_PRINCIPLES, satisfaction.DEADLY_KISSES, satisfaction.CLIENT_EXPECTATIONS):
        for chinese in table["chinese"]:
            assert plain(chinese) in slides, chinese


def test_audit_summary_by_hand_and_against_independent_intervals():
    rng = np.random.default_rng(3)
    client = rng.integers(1, 6, size=300)
    team = np.clip(client + rng.integers(0, 3, size=300), 1, 5)
    audit = pd.DataFrame({"item": 1, "client_score": client, "team_score": team})
    row = satisfaction.audit_summary(audit).loc[1]
    # By hand: the means and the share of clients at 2 or below.
    assert row["client"] == pytest.approx(client.mean())
    assert row["overrating"] == pytest.approx((team - client).mean())
    assert row["failing"] == pytest.approx(np.mean(client <= 2))
    # Independent: scipy's Wilson interval for the failing share, and the paired t interval
    # (ttest_rel) for the overrating, which a paired bootstrap of 300 pairs matches closely.
    wilson = stats.binomtest(int((client <= 2).sum()), 300).proportion_ci(method="wilson")
    assert (row["failing_low"], row["failing_high"]) == pytest.approx((wilson.low, wilson.high))
    paired = stats.ttest_rel(team, client).confidence_interval(0.95)
    width = paired.high - paired.low
    assert row["overrating_low"] == pytest.approx(paired.low, abs=0.1 * width)
    assert row["overrating_high"] == pytest.approx(paired.high, abs=0.1 * width)
    assert row["client_low"] < row["client"] < row["client_high"]


def test_audit_summary_refuses_bad_scores_and_threshold():
    audit = pd.DataFrame({"item": [1, 1], "client_score": [4, 6], "team_score": [4, 5]})
    with pytest.raises(ValueError, match="^client_score"):
        satisfaction.audit_summary(audit)
    ok = audit.assign(client_score=[4, 5])
    with pytest.raises(ValueError, match="^failing_at"):
        satisfaction.audit_summary(ok, failing_at=5)
    with pytest.raises(ValueError, match="^frame"):
        satisfaction.audit_summary(ok.drop(columns="team_score"))
