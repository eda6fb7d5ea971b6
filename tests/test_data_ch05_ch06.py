"""The Chapter 5 and 6 data sets hold the calibration targets their descriptions promise.

Each check names the figure it comes from: the published shape the generator is calibrated to
(Brown et al. 2005; Gans, Koole and Mandelbaum 2003; Dantas et al. 2018) or the generator's own
stated parameter.  The data are seeded, so these are exact properties of the committed files; a
change to a generator that breaks a promise in its description fails here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from servicelab import data
from servicelab.synth import ch05_ch06 as gen

MINE = ("callcentre_calls", "callcentre_intervals", "inbox_messages", "frontdesk_queue",
        "clinic_appointments")


@pytest.fixture(scope="module")
def calls() -> pd.DataFrame:
    return data.load("callcentre_calls")


@pytest.fixture(scope="module")
def intervals() -> pd.DataFrame:
    return data.load("callcentre_intervals")


@pytest.fixture(scope="module")
def desk() -> pd.DataFrame:
    frame = data.load("frontdesk_queue")
    for column in ("arrival_time", "start_time", "end_time"):
        frame[column] = pd.to_timedelta(frame[column])
    return frame


@pytest.fixture(scope="module")
def book() -> pd.DataFrame:
    return data.load("clinic_appointments")


def test_files_are_modest_in_size():
    total = sum((data.data_dir() / f"{name}.csv").stat().st_size for name in MINE)
    assert total < 1_500_000


# ---- call centre -----------------------------------------------------------------------------

def test_handle_times_are_lognormal_with_the_stated_parameters(calls):
    # Brown et al. (2005): handle times close to lognormal. Generator: median 190 s, log-sd 0.70.
    logs = np.log(calls["handle_seconds"].dropna().astype(float).to_numpy())
    assert np.exp(np.median(logs)) == pytest.approx(190, rel=0.05)
    assert logs.std() == pytest.approx(0.70, abs=0.03)
    assert abs(stats.skew(logs)) < 0.1
    assert stats.kstest(logs, "norm", args=(logs.mean(), logs.std())).pvalue > 0.01


def test_patience_estimate_matches_exponential_mean(calls):
    # With exponential patience (rate theta), abandonments = theta x total time spent waiting by
    # everyone, so the estimator sum(wait) / abandonments recovers the mean patience, 240 s.
    estimate = calls["wait_seconds"].sum() / calls["abandoned"].sum()
    assert estimate == pytest.approx(gen.PATIENCE_MEAN_S, rel=0.15)


def test_service_level_and_abandonment_are_typical(intervals):
    offered = intervals["offered"].sum()
    assert 0.03 < intervals["abandoned"].sum() / offered < 0.08
    assert 0.70 < intervals["answered_within_20s"].sum() / offered < 0.90


def test_intraday_pattern_has_late_morning_peak_and_lunch_dip(intervals):
    # Gans, Koole and Mandelbaum (2003): a late-morning peak and a dip over lunch.
    by_interval = intervals.groupby("interval")["offered"].mean()
    assert by_interval.idxmax() in ("10:00", "10:30", "11:00")
    assert by_interval["12:30"] < 0.7 * by_interval["10:30"]
    assert by_interval["12:30"] < by_interval["14:00"]


def test_monday_busiest_and_weekends_quietest(intervals):
    by_day = intervals.groupby("weekday")["offered"].sum()
    assert by_day.idxmax() == "Monday"
    assert by_day[["Saturday", "Sunday"]].max() < by_day[["Tuesday", "Wednesday", "Thursday", "Friday"]].min()


def test_interval_report_adds_up(intervals):
    assert (intervals["answered"] + intervals["abandoned"] == intervals["offered"]).all()
    assert (intervals["answered_within_20s"] <= intervals["answered"]).all()
    assert len(intervals) == 28 * len(gen.INTERVALS)


def test_call_log_is_the_last_week_of_the_report(calls, intervals):
    last = intervals[intervals["date"] >= calls["date"].min()]
    counts = calls.groupby([calls["date"], calls["interval"]]).size()
    merged = last.set_index(["date", "interval"])["offered"]
    assert counts.reindex(merged.index, fill_value=0).equals(merged)
    assert calls["abandoned"].sum() == last["abandoned"].sum()
    # Abandoned calls have no handle time; answered calls all do.
    assert calls.loc[calls["abandoned"], "handle_seconds"].isna().all()
    assert calls.loc[~calls["abandoned"], "handle_seconds"].notna().all()


# ---- inbox -----------------------------------------------------------------------------------

def test_topic_shares_match_the_generator():
    messages = data.load("inbox_messages")
    shares = messages["topic"].value_counts(normalize=True)
    for topic, share in gen.TOPIC_SHARE.items():
        assert shares[topic] == pytest.approx(share, abs=0.03)
    # Complaints and lost property always need a person.
    needs_person = messages["topic"].isin(["complaint", "lost_property"])
    assert not messages.loc[needs_person, "bot_answerable"].any()


# ---- front desk ------------------------------------------------------------------------------

def test_front_desk_times_are_consistent(desk):
    wait = (desk["start_time"] - desk["arrival_time"]).dt.total_seconds() / 60
    service = (desk["end_time"] - desk["start_time"]).dt.total_seconds() / 60
    assert np.allclose(wait, desk["wait_minutes"], atol=0.01)
    assert np.allclose(service, desk["service_minutes"], atol=0.01)
    # One line, first come first served: within a day, guests start in the order they arrived.
    for _, day in desk.groupby("date"):
        assert day["start_time"].is_monotonic_increasing


def test_at_most_three_desks_busy_and_third_opens_at_eight(desk):
    for _, day in desk.groupby("date"):
        events = sorted([(t, 1) for t in day["start_time"]] + [(t, -1) for t in day["end_time"]],
                        key=lambda e: (e[0], e[1]))
        busy = np.cumsum([e[1] for e in events])
        assert busy.max() <= 3
    assert (desk.loc[desk["desk"] == 3, "start_time"] >= pd.Timedelta(hours=8)).all()


def test_some_guests_cross_the_twenty_minute_gift_line(desk):
    # The gift promise only bites if some waits pass 20 minutes, but few.
    share = (desk["wait_minutes"] > 20).mean()
    assert 0.01 < share < 0.10


def test_survey_shows_screen_and_tea_shrinks_the_felt_wait(desk):
    surveyed = desk.dropna(subset=["perceived_wait_minutes"])
    surveyed = surveyed[surveyed["wait_minutes"] >= 5]
    ratio = surveyed["perceived_wait_minutes"].astype(float) / surveyed["wait_minutes"]
    medians = ratio.groupby(surveyed["lobby_setup"]).median()
    assert medians["standard"] == pytest.approx(1.45, abs=0.12)
    assert medians["screen and tea"] == pytest.approx(1.15, abs=0.12)
    assert desk["perceived_wait_minutes"].notna().mean() == pytest.approx(0.30, abs=0.03)


# ---- clinic ----------------------------------------------------------------------------------

def test_no_show_rate_is_in_the_published_range(book):
    # Dantas et al. (2018): average no-show rate of the order of 23% across 105 studies.
    rate = 1 - book["attended"].mean()
    assert 0.15 < rate < 0.27


def test_no_shows_rise_with_lead_time_and_past_no_shows(book):
    # Dantas et al. (2018): lead time and prior no-shows are the most reported determinants.
    missed = ~book["attended"]
    assert missed[book["lead_days"] > 14].mean() > missed[book["lead_days"] <= 2].mean() + 0.05
    assert missed[book["prior_no_show"]].mean() > missed[~book["prior_no_show"]].mean() + 0.08


def test_every_slot_is_booked_once(book):
    per_session = book.groupby(["date", "session"]).size()
    assert (per_session == 16).all()
    assert len(per_session) == 80
