"""The goal sheet's baselines come from the data sets the goals were set on."""

from __future__ import annotations

import numpy as np
import pytest

from servicelab import data


@pytest.fixture(scope="module")
def sheet():
    return data.load("goal_sheet").set_index("goal_id")


def test_call_centre_baselines_come_from_the_kpis(sheet):
    kpis = data.load("agent_kpis")
    window = kpis[(kpis["week"] >= "2025-06-09") & (kpis["week"] <= "2025-06-30")]
    assert sheet.loc["G01", "baseline"] == pytest.approx(round(np.average(window["fcr"], weights=window["calls"]), 3))
    assert sheet.loc["G05", "baseline"] == pytest.approx(round(window["adherence"].mean(), 3))


def test_app_goal_is_three_times_the_third_quarter(sheet):
    totals = data.load("booking_totals")
    app = totals[totals["channel"] == "app"]
    monthly = app.groupby(app["date"].dt.month)["bookings"].sum()
    q3 = monthly[[7, 8, 9]].mean()
    assert sheet.loc["G09", "baseline"] == pytest.approx(round(q3), abs=0.5)
    assert sheet.loc["G09", "target"] == pytest.approx(3 * sheet.loc["G09", "baseline"], abs=1)
    # The history the goal ignores: no month of the year came even halfway to the target.
    assert monthly.max() < 0.5 * sheet.loc["G09", "target"]


def test_checkout_goal_baseline_is_the_desk_data(sheet):
    desk = data.load("frontdesk_queue")
    mean = desk.loc[desk["task"] == "check-out", "service_minutes"].mean()
    assert sheet.loc["G11", "baseline"] == pytest.approx(round(mean, 1))
    assert sheet.loc["G03", ["metric", "target", "deadline"]].isna().all()
