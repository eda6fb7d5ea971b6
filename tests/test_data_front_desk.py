"""The front-desk data (checkins, frontdesk_queue) hold what their descriptions promise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicelab import data
from servicelab.synth import front_desk, world


@pytest.fixture(scope="module")
def checkins():
    return data.load("checkins")


@pytest.fixture(scope="module")
def desk():
    frame = data.load("frontdesk_queue")
    for column in ("arrival_time", "start_time", "end_time"):
        frame[column] = pd.to_timedelta(frame[column])
    return frame


def test_checkins_fall_in_the_two_periods_around_the_standard(checkins):
    standard = world.date_of(world.CHECKIN_STANDARD)
    before = checkins[checkins["period"] == "before"]["date"]
    after = checkins[checkins["period"] == "after"]["date"]
    assert before.max() < standard <= after.min()
    assert set(checkins["branch"]) == {"Hangzhou"}


def test_the_standard_narrows_the_spread_and_moves_the_mean_to_five_minutes(checkins):
    # Generator: after the standard each receptionist's spread falls by 45% and the mean moves 65% of
    # the way to the five-minute target.
    stats = checkins.groupby("period")["minutes"].agg(["mean", "std"])
    assert stats.loc["after", "std"] < 0.7 * stats.loc["before", "std"]
    target = world.CHECKIN_TARGET_MINUTES.value
    assert abs(stats.loc["after", "mean"] - target) < 0.6 * abs(stats.loc["before", "mean"] - target)
    # Receptionists differ less after the standard (heterogeneity shrinks).
    spread = checkins.groupby(["period", "receptionist"])["minutes"].mean().groupby("period").std()
    assert spread["after"] < 0.6 * spread["before"]


def test_front_desk_times_are_consistent(desk):
    wait = (desk["start_time"] - desk["arrival_time"]).dt.total_seconds() / 60
    service = (desk["end_time"] - desk["start_time"]).dt.total_seconds() / 60
    assert np.allclose(wait, desk["wait_minutes"], atol=0.01)
    assert np.allclose(service, desk["service_minutes"], atol=0.01)
    # One line, first come first served: within a day, guests start in the order they arrived.
    for _, day in desk.groupby("date"):
        assert day["start_time"].is_monotonic_increasing


def test_desks_open_as_the_worlds_roster_says(desk):
    # Two desks from 07:00, a third from 08:00: never more than three busy, desk 3 never before 08:00.
    for _, day in desk.groupby("date"):
        events = sorted([(t, 1) for t in day["start_time"]] + [(t, -1) for t in day["end_time"]],
                        key=lambda e: (e[0], e[1]))
        assert np.cumsum([e[1] for e in events]).max() <= max(world.MORNING_DESKS.value.values())
    assert (desk.loc[desk["desk"] == 3, "start_time"] >= pd.Timedelta(hours=8)).all()


def test_some_guests_cross_the_twenty_minute_gift_line(desk):
    # The gift promise only bites if some waits pass 20 minutes, but few.
    share = (desk["wait_minutes"] > 20).mean()
    assert 0.01 < share < 0.10


def test_survey_shows_screen_and_tea_shrinks_the_felt_wait(desk):
    # Built in: perceived / actual wait has median 1.45 (standard lobby) and 1.15 (screen and tea).
    surveyed = desk.dropna(subset=["perceived_wait_minutes"])
    surveyed = surveyed[surveyed["wait_minutes"] >= 5]
    ratio = surveyed["perceived_wait_minutes"].astype(float) / surveyed["wait_minutes"]
    medians = ratio.groupby(surveyed["lobby_setup"]).median()
    assert medians["standard"] == pytest.approx(front_desk.PERCEIVED_FACTOR["standard"], abs=0.12)
    assert medians["screen and tea"] == pytest.approx(front_desk.PERCEIVED_FACTOR["screen and tea"], abs=0.12)
    assert desk["perceived_wait_minutes"].notna().mean() == pytest.approx(front_desk.SURVEY_SHARE, abs=0.03)
