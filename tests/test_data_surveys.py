"""The guest surveys (guest_survey, booking_journey, expectation_survey, nps_survey, servqual_survey,
kano_survey, visibility_survey, recovery_outcomes) show what their generators build in: the course's
hotel case, the literature's shapes, the funnel leaks.  Computations are written out here,
independent of the chapters' models, and each names the figure it checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicelab import data
from servicelab.synth import visibility_survey, world

BRANCHES = set(world.BRANCHES.value)
STAGES = ("need recognition", "information search", "evaluation", "purchase", "post-purchase")


def _difference(frame, column, by="segment", first="business", second="leisure"):
    """Difference of means with a normal 95% interval (Welch's standard error)."""
    a, b = frame.loc[frame[by] == first, column], frame.loc[frame[by] == second, column]
    diff = a.mean() - b.mean()
    se = np.sqrt(a.var() / len(a) + b.var() / len(b))
    return diff - 1.96 * se, diff + 1.96 * se


@pytest.fixture(scope="module")
def guests():
    return data.load("guest_survey")


def test_hotel_surveys_cover_the_four_branches_and_both_segments():
    for name in ("guest_survey", "expectation_survey", "nps_survey", "kano_survey", "servqual_survey"):
        frame = data.load(name)
        assert set(frame["branch"]) == BRANCHES, name
        assert set(frame["segment"]) == {"business", "leisure"}, name


def test_guest_survey_follows_the_course_hotel_case(guests):
    # Course slides, Chapter 2 opening case: business guests care about the lobby, a room fit for work
    # and hosting their clients, and care little about price; leisure guests want comfort and value.
    for column in ("imp_lobby", "imp_workspace", "imp_hosting", "wtp"):
        assert _difference(guests, column)[0] > 0, column
    for column in ("imp_comfort", "imp_value", "price_sensitivity"):
        assert _difference(guests, column)[1] < 0, column
    payer = guests.groupby("segment")["payer"].apply(lambda s: (s == "company").mean())
    assert payer["business"] > 0.75 and payer["leisure"] < 0.10


def test_business_guests_buy_mostly_by_habit(guests):
    # Assael's grid: high involvement and large brand differences at 4 and above on the 1-7 scales.
    high_inv, large_diff = guests["involvement"] >= 4, guests["brand_difference"] >= 4
    kind = np.select([high_inv & large_diff, high_inv & ~large_diff, ~high_inv & large_diff],
                     ["complex", "dissonance-reducing", "variety-seeking"], "habitual")
    share = pd.crosstab(guests["segment"], kind, normalize="index")
    assert share.loc["business"].idxmax() == "habitual"
    assert share.loc["leisure", "complex"] > share.loc["business", "complex"]


def test_booking_journey_funnels_shrink_and_leisure_drops_more_at_evaluation():
    journey = data.load("booking_journey")
    conversions = {}
    for segment, part in journey.groupby("segment"):
        reached = np.array([(part["furthest_stage"].map(STAGES.index) >= k).sum() for k in range(len(STAGES))])
        assert np.all(np.diff(reached) <= 0)
        conversions[segment] = reached[2] / reached[1]
    assert conversions["leisure"] < conversions["business"]


def test_expectation_survey_zones_are_well_formed():
    survey = data.load("expectation_survey")
    assert (survey["desired"] >= survey["adequate"]).all()
    assert survey.groupby("respondent_id").size().eq(10).all()
    # Reliability has the narrowest zone of tolerance (Zeithaml, Berry and Parasuraman 1993).
    width = (survey["desired"] - survey["adequate"]).groupby(survey["dimension"]).mean()
    assert width.idxmin() == "reliability"
    # Built in: Xiamen's weakest dimension is responsiveness, Shanghai's empathy (gap = P - E).
    gaps = (survey["perception"] - survey["expectation"]).groupby([survey["branch"], survey["dimension"]]).mean()
    assert gaps["Xiamen"].idxmin() == "responsiveness"
    assert gaps["Shanghai"].idxmin() == "empathy"


def test_nps_survey_silent_dissatisfied_loyalty_curve_and_value_for_price():
    survey = data.load("nps_survey")
    # Satisfaction slides: of every three dissatisfied customers at most one complains.
    unhappy = survey[survey["csat"] <= 2]
    assert len(unhappy) > 100 and unhappy["complained"].mean() <= 1 / 3
    # Jones and Sasser (1995): repurchase rises with satisfaction, most steeply at the top. (The two
    # lowest scores hold few guests and built-in rates 0.06 and 0.10, too close to order reliably.)
    curve = survey.groupby("csat")["returned_12m"].mean()
    assert max(curve[1], curve[2]) < curve[3] < curve[4] < curve[5]
    assert curve[5] - curve[4] > curve[4] - curve[3]
    # Built in (C7): at the same satisfaction, guests who paid above their branch's mean rate rate value lower.
    relative = survey["rate_paid"] / survey["branch"].map(lambda b: world.mean_rate_paid(b))
    for csat in (3, 4):
        part = survey[survey["csat"] == csat]
        high = relative[part.index] > 1.05
        assert part.loc[high, "value_for_price"].mean() < part.loc[~high, "value_for_price"].mean() - 0.1, csat


def test_servqual_points_and_items():
    survey = data.load("servqual_survey")
    assert survey.groupby("branch").size().tolist() == [90, 90, 90, 90]
    dims = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
    points = survey[[f"points_{d}" for d in dims]]
    assert (points.sum(axis=1) == 100).all()
    # Reliability gets the most importance points, as in Parasuraman, Berry and Zeithaml (1991).
    assert points.mean().idxmax() == "points_reliability"


# The Kano evaluation table (Berger et al. 1993): functional answer by row, dysfunctional by column.
_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
_TABLE = {"like": "QAAAO", "must-be": "RIIIM", "neutral": "RIIIM", "live-with": "RIIIM", "dislike": "RRRRQ"}


def _kano_category(frame):
    evaluated = [_TABLE[f][_ANSWERS.index(d)] for f, d in zip(frame["functional"], frame["dysfunctional"])]
    return pd.Series(evaluated, index=frame.index).groupby([frame[c] for c in ["attribute"]]).agg(
        lambda s: s.value_counts().idxmax())


def test_kano_survey_recovers_the_designed_categories():
    survey = data.load("kano_survey")
    category = _kano_category(survey)
    expected = {"Accurate bill at checkout": "M", "Hot water around the clock": "M", "Fast free Wi-Fi": "O",
                "Welcome tea with local snacks": "A", "Turndown service": "I", "Upselling calls to the room": "R"}
    for attribute, cat in expected.items():
        assert category[attribute] == cat, attribute
    lounge = survey[survey["attribute"] == "Executive lounge access"]
    by_segment = {s: _kano_category(part)["Executive lounge access"] for s, part in lounge.groupby("segment")}
    assert by_segment == {"business": "A", "leisure": "I"}


def test_visibility_funnel_leaks_where_it_was_built_to():
    survey = data.load("visibility_survey")
    flags = survey[["aware", "interested", "tried", "perceived_well"]]
    assert (flags.astype(int).diff(axis=1).iloc[:, 1:] <= 0).all().all()  # nested: each stage only after the one before
    g = survey.groupby("initiative")
    steps = pd.DataFrame({
        "aware": g["aware"].mean(),
        "interest": g["interested"].sum() / g["aware"].sum(),
        "trial": g["tried"].sum() / g["interested"].sum(),
        "perception": g["perceived_well"].sum() / g["tried"].sum(),
    })
    expected = {"WeChat self check-in": "trial", "E-invoice by WeChat": "perception",
                "Late check-out by app": "aware", "Member service pledge": "interest"}
    assert steps.idxmin(axis=1).to_dict() == expected
    assert set(survey["initiative"]) == set(visibility_survey.INITIATIVES)
    self_check_in = survey[survey["initiative"] == "WeChat self check-in"]
    assert self_check_in.groupby("segment")["aware"].mean().idxmin() == "Senior leisure"


def test_recovery_outcomes():
    rec = data.load("recovery_outcomes")
    failed, fine = rec[rec["failure"]], rec[~rec["failure"]]
    assert len(failed) == 700 and len(fine) == 300
    assert fine["remedy"].isna().all() and fine["response_hours"].isna().all()
    assert failed["remedy"].notna().all() and failed["response_hours"].notna().all()
    # Built in: slower recovery, lower satisfaction, for both kinds of guest.
    for _, part in failed.groupby("segment"):
        assert np.corrcoef(part["response_hours"], part["satisfaction"])[0, 1] < -0.3
