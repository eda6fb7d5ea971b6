"""The call-centre data (callcentre_calls, callcentre_intervals, call_answer_times) hold the shapes
their descriptions promise: the published shapes they are calibrated to (Brown et al. 2005; Gans,
Koole and Mandelbaum 2003) and the world's parameters (servicelab/synth/world.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from servicelab import data
from servicelab.synth import call_centre, world


@pytest.fixture(scope="module")
def calls() -> pd.DataFrame:
    return data.load("callcentre_calls")


@pytest.fixture(scope="module")
def intervals() -> pd.DataFrame:
    return data.load("callcentre_intervals")


@pytest.fixture(scope="module")
def june() -> pd.DataFrame:
    return data.load("call_answer_times")


def test_handle_times_are_lognormal_with_the_worlds_parameters(calls):
    # Brown et al. (2005): handle times close to lognormal. World: median 240 s, log-sd 0.70 for
    # 'other' callers.
    other = calls[calls["caller_tier"] == "other"]
    logs = np.log(other["handle_seconds"].dropna().astype(float).to_numpy())
    assert np.exp(np.median(logs)) == pytest.approx(world.HANDLE_TIME.value["median"], rel=0.05)
    assert logs.std() == pytest.approx(world.HANDLE_TIME.value["log_sd"], abs=0.03)
    assert stats.kstest(logs, "norm", args=(logs.mean(), logs.std())).pvalue > 0.01


def test_key_accounts_calls_take_longer_as_in_the_att_case(calls):
    # C2: the world's tier factors (key account 1.40, member 1.10) on the median handle time.
    medians = calls.groupby("caller_tier")["handle_seconds"].median().astype(float)
    factors = world.TIER_HANDLE_FACTOR.value
    assert medians["key account"] / medians["other"] == pytest.approx(factors["key account"], rel=0.12)
    assert medians["member"] / medians["other"] == pytest.approx(factors["member"], rel=0.12)


def test_patience_estimate_matches_exponential_mean(calls):
    # With exponential patience (rate theta), abandonments = theta x total time spent waiting by
    # everyone, so sum(wait) / abandonments recovers the world's mean patience, 240 s.
    estimate = calls["wait_seconds"].sum() / calls["abandoned"].sum()
    assert estimate == pytest.approx(world.PATIENCE_MEAN.value, rel=0.15)


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
    assert len(intervals) == 28 * len(call_centre.INTERVALS)


def test_call_log_is_the_last_week_of_the_report(calls, intervals):
    last = intervals[intervals["date"] >= calls["date"].min()]
    counts = calls.groupby([calls["date"], calls["interval"]]).size()
    merged = last.set_index(["date", "interval"])["offered"]
    assert counts.reindex(merged.index, fill_value=0).equals(merged)
    assert calls["abandoned"].sum() == last["abandoned"].sum()
    assert calls.loc[calls["abandoned"], "handle_seconds"].isna().all()
    assert calls.loc[~calls["abandoned"], "handle_seconds"].notna().all()


def test_monday_peak_needs_a_dozen_or_more_agents(intervals):
    # The brief for the firm: the Monday peak should need on the order of 12-20 agents at 80/20.
    # Erlang C written out (independent of servicelab.queues): smallest c with SL >= 0.80.
    mondays = intervals[intervals["weekday"] == "Monday"]
    peak = mondays.groupby("interval")["offered"].mean().max()
    aht = float((intervals["mean_handle_seconds"] * intervals["answered"]).sum() / intervals["answered"].sum())
    a = peak * aht / 1800
    c = int(np.floor(a)) + 1
    while True:
        b = 1.0
        for k in range(1, c + 1):
            b = a * b / (k + a * b)
        p_wait = c * b / (c - a * (1 - b))
        if 1 - p_wait * np.exp(-(c - a) * 20 / aht) >= 0.80:
            break
        c += 1
    assert 12 <= c <= 20


def test_june_answer_times_show_the_worlds_events(june):
    assert (june["wait_seconds"] >= 0).all() and june["date"].nunique() == 30
    assert 0.88 < june["answered"].mean() < 0.97
    hit = june["answered"] & (june["wait_seconds"] <= world.ANSWER_STANDARD_SECONDS.value)
    daily = hit.groupby(june["date"]).mean()
    outage = pd.Timestamp(world.BOOKING_SYSTEM_OUTAGE.value[0]).normalize()
    assert daily.idxmin() == outage
    joined = world.date_of(world.NEW_AGENTS_ON_PHONES)
    assert daily[daily.index >= joined].mean() > daily[daily.index < outage].mean()
