"""The Chapter 2 and Chapter 9 data sets: shape, internal consistency, and the figures they are
calibrated to (the course's hotel case, the handbook's funnel cases, the satisfaction slides)."""

import numpy as np
import pytest

from servicelab import behaviour as beh
from servicelab import data
from servicelab import kano, loyalty, visibility
from servicelab import satisfaction as sat

NAMES = ["guest_survey", "booking_journey", "expectation_survey", "nps_survey", "visibility_survey", "kano_survey"]


@pytest.fixture(scope="module")
def frames():
    return {name: data.load(name) for name in NAMES}


def test_files_stay_modest():
    total = sum((data.data_dir() / f"{name}.csv").stat().st_size for name in NAMES)
    assert total < 2_000_000, f"{total:,} bytes: keep the chapters' data to a few MB at most"


def test_hotel_data_cover_the_four_branches_and_both_segments(frames):
    for name in ["guest_survey", "expectation_survey", "nps_survey", "kano_survey"]:
        frame = frames[name]
        assert set(frame["branch"]) == {"Hangzhou", "Shanghai", "Xiamen", "Chengdu"}, name
        assert set(frame["segment"]) == {"business", "leisure"}, name


def test_guest_survey_follows_the_course_hotel_case(frames):
    # Course slides, Chapter 2 opening case: business guests care about the lobby, a room fit for
    # work and hosting their clients, and are price-insensitive; leisure guests want comfort and
    # value for money.
    guests = frames["guest_survey"]
    table = beh.compare_segments(
        guests, "segment",
        ["imp_lobby", "imp_workspace", "imp_hosting", "imp_comfort", "imp_value", "price_sensitivity", "wtp"],
        first="business", second="leisure",
    )
    for column in ["imp_lobby", "imp_workspace", "imp_hosting", "wtp"]:
        assert table.loc[column, "low"] > 0, column
    for column in ["imp_comfort", "imp_value", "price_sensitivity"]:
        assert table.loc[column, "high"] < 0, column
    # Business guests mostly have the company pay; leisure guests pay their own way.
    payer = guests.groupby("segment")["payer"].apply(lambda s: (s == "company").mean())
    assert payer["business"] > 0.75 and payer["leisure"] < 0.10


def test_business_guests_buy_mostly_by_habit(frames):
    guests = frames["guest_survey"]
    types = beh.buying_behaviour(guests["involvement"], guests["brand_difference"])
    share = guests.assign(type=types).groupby("segment")["type"].value_counts(normalize=True)
    assert share["business"].idxmax() == "habitual"
    assert share["leisure"]["complex"] > share["business"]["complex"]


def test_booking_journey_funnels_shrink_and_leisure_drops_more_at_evaluation(frames):
    journey = frames["booking_journey"]
    conversions = {}
    for segment, part in journey.groupby("segment"):
        counts = beh.stage_counts(part["furthest_stage"])
        assert np.all(np.diff(counts.to_numpy()) <= 0)
        conversions[segment] = beh.conversion_funnel(counts)["conversion"]
    assert conversions["leisure"]["evaluation"] < conversions["business"]["evaluation"]


def test_expectation_survey_zones_are_well_formed(frames):
    survey = frames["expectation_survey"]
    assert (survey["desired"] >= survey["adequate"]).all()
    assert survey.groupby("respondent_id").size().eq(10).all()
    # Reliability has the narrowest zone of tolerance (Zeithaml, Berry and Parasuraman 1993).
    width = (survey["desired"] - survey["adequate"]).groupby(survey["dimension"]).mean()
    assert width.idxmin() == "reliability"
    # The branch stories: Xiamen's weakest dimension is responsiveness, Shanghai's empathy.
    gaps = sat.gap_summary(survey, ["branch", "dimension"])["gap"]
    assert gaps["Xiamen"].idxmin() == "responsiveness"
    assert gaps["Shanghai"].idxmin() == "empathy"


def test_nps_survey_silent_dissatisfied_and_loyalty_curve(frames):
    survey = frames["nps_survey"]
    # Satisfaction slides: of every three dissatisfied customers at most one complains.
    unhappy = survey[survey["csat"] <= 2]
    assert len(unhappy) > 100
    assert unhappy["complained"].mean() <= 1 / 3
    # Jones and Sasser (1995): repurchase rises with satisfaction, most steeply at the top.
    curve = loyalty.loyalty_curve(survey["csat"], survey["returned_12m"])["rate"]
    assert curve.is_monotonic_increasing
    assert curve[5] - curve[4] > curve[4] - curve[3]


def test_visibility_survey_matches_the_handbook_cases(frames):
    survey = frames["visibility_survey"]
    table = visibility.funnel_from_survey(survey, "initiative")  # also refuses non-nested flags
    # Handbook: the low-balance SMS reached everyone, yet about 30% did not know the service.
    assert 1 - table.loc["Low-balance SMS reminder", "awareness"] == pytest.approx(0.30, abs=0.03)
    # Handbook: in September 2008, 68% had not heard of the Gold-Medal Service campaign.
    assert 1 - table.loc["Gold-Medal Service campaign", "awareness"] == pytest.approx(0.68, abs=0.03)
    # Each of the other two leaks most at a different step: safety worries and poor gifts.
    assert table.loc["Online bill payment", "leakiest"] == "interest"
    assert table.loc["Points redemption", "leakiest"] == "perception"
    # The SMS reminder misses mostly the elderly.
    sms = visibility.funnel_from_survey(survey[survey["initiative"] == "Low-balance SMS reminder"], "segment")
    assert sms["awareness"].idxmin() == "Middle-aged and elderly"


def test_kano_survey_recovers_the_designed_categories(frames):
    table = kano.kano_summary(frames["kano_survey"])
    expected = {
        "Accurate bill at checkout": "M",
        "Hot water around the clock": "M",
        "Fast free Wi-Fi": "O",
        "Welcome tea with local snacks": "A",
        "Turndown service": "I",
        "Upselling calls to the room": "R",
    }
    for attribute, category in expected.items():
        assert table.loc[attribute, "category"] == category, attribute
    # The executive lounge delights business guests and leaves leisure guests cold.
    by_segment = kano.kano_summary(frames["kano_survey"], ["attribute", "segment"])
    assert by_segment.loc[("Executive lounge access", "business"), "category"] == "A"
    assert by_segment.loc[("Executive lounge access", "leisure"), "category"] == "I"
