"""The daily service failures: the hotel analogues of the SQI's nine failure types, per branch."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab import data
from servicelab.synth import service_failures, world


@pytest.fixture(scope="module")
def daily():
    return data.load("service_failures")


def test_one_row_per_day_and_branch_with_nine_failure_types(daily):
    first, last = (pd.Timestamp(d) for d in world.FIRST_HALF_2026.value)
    assert len(daily) == ((last - first).days + 1) * len(world.BRANCHES.value)
    assert list(daily.columns[-9:]) == list(service_failures.FAILURES)
    assert len(service_failures.ANALOGUES) == 9  # one analogue per type of the standards slides' list
    assert (daily.drop(columns=["date", "branch"]) >= 0).all().all()
    assert (daily["shuttle_late"] <= daily["shuttle_trips"]).all()


def test_built_in_events_show(daily):
    # Shanghai's luggage room move (property damaged x3) and Xiamen's rainstorm (half the shuttles late).
    shanghai = daily[daily["branch"] == "Shanghai"]
    moved = world.in_period(shanghai["date"], world.SHANGHAI_LUGGAGE_ROOM_MOVE)
    rate = shanghai["property_damaged"] / shanghai["departures"]
    assert rate[moved].mean() > 2 * rate[~moved].mean()
    xiamen = daily[daily["branch"] == "Xiamen"]
    storm = world.in_period(xiamen["date"], world.XIAMEN_RAINSTORM)
    late = xiamen["shuttle_late"] / xiamen["shuttle_trips"]
    assert late[storm].mean() > 0.3 > 0.15 > late[~storm].mean()


def test_rates_per_unit_match_the_world(daily):
    # Room not ready: 250 per 10,000 arrivals on ordinary days (x1.5 on event days, a few of 181).
    rate = daily["room_not_ready"].sum() / daily["arrivals"].sum() * 10_000
    assert rate == pytest.approx(world.SERVICE_FAILURE_RATES.value["room_not_ready"][0], rel=0.08)
