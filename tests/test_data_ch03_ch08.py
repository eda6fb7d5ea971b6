"""Checks on the generated data of Chapters 3 and 8: each table says what its description says.

The generators are in servicelab/synth/ch03_ch08.py; tests/test_data.py already checks that the
committed files match them byte for byte.
"""

import numpy as np
import pandas as pd
import pytest

from servicelab import complaints, data, servqual, sqi


@pytest.fixture(scope="module")
def log():
    return data.load("complaint_log")


def test_complaint_log_steps_run_forward_in_time(log):
    assert (log["first_response"] >= log["received"]).all()
    assert (log["judged"] >= log["first_response"]).all()
    followed = log["followed_up"].notna()
    assert (log.loc[followed, "followed_up"] >= log.loc[followed, "remedied"]).all()


def test_complaint_log_has_the_designed_faults(log):
    # 3.5% of valid cases: remedy before judgement; 4-15% never followed up, most in Shanghai.
    early = log["remedied"] < log["judged"]
    assert 0.015 < early.mean() < 0.06
    assert log.loc[early, "valid"].all()
    no_follow = log["followed_up"].isna().groupby(log["unit"]).mean()
    assert no_follow.idxmax() == "Shanghai" and 0.03 < no_follow.min()
    # The audit finds exactly those faults.
    audit = complaints.audit(log)
    assert (~audit["legal"]).sum() == (early | log["followed_up"].isna()).sum()


def test_complaint_log_fields_agree(log):
    assert set(log["category"]) <= set(complaints.CATEGORIES)
    assert set(log["channel"]) <= set(complaints.CHANNELS)
    assert set(log["remedy"]) <= set(complaints.REMEDIES)
    assert (log.loc[~log["valid"], "remedy"] == "explanation").all()
    assert (log.loc[log["valid"], "remedy"] != "explanation").all()
    # Satisfaction is asked at the follow-up, so it exists exactly when there was one.
    assert (log["satisfaction"].isna() == log["followed_up"].isna()).all()
    assert 1000 < len(log) < 1500  # about 6.3 a day for 181 days


def test_complaint_causes_follow_a_pareto_shape(log):
    table = complaints.pareto(log["category"].value_counts(), allowed=complaints.CATEGORIES)
    assert table["cause"].iloc[0] == "room cleanliness"
    assert table["cumulative_share"].iloc[2] > 0.55  # the top three causes


def test_sqi_counts_and_events():
    daily = data.load("sqi_daily_failures")
    assert len(daily) == 181 and (daily.drop(columns="date") >= 0).all().all()
    assert daily["aircraft_delays"].max() <= 16
    assert set(sqi.sqi_weights(missing_pod_weight=1)) <= set(daily.columns)
    rate = daily["damaged_packages"] / daily["parcels"]
    sorter = daily["date"].between("2026-04-13", "2026-04-26")
    assert rate[sorter].mean() > 2 * rate[~sorter].mean()


def test_call_answer_times():
    calls = data.load("call_answer_times")
    assert (calls["wait_seconds"] >= 0).all()
    assert calls["date"].nunique() == 30
    assert 0.85 < calls["answered"].mean() < 0.95
    hit = calls["answered"] & (calls["wait_seconds"] <= 30)
    daily = hit.groupby(calls["date"]).mean()
    assert daily.idxmin() == pd.Timestamp("2026-06-15")  # the booking system outage
    assert daily[daily.index >= "2026-06-22"].mean() > daily[daily.index < "2026-06-15"].mean()


def test_servqual_survey():
    survey = data.load("servqual_survey")
    assert survey.groupby("branch").size().tolist() == [90, 90, 90, 90]
    points = survey[[f"points_{d}" for d in servqual.SERVQUAL_DIMENSIONS]]
    assert (points.sum(axis=1) == 100).all()
    answers = survey[[f"{k}{j:02d}" for k in "EP" for j in range(1, 23)]]
    assert answers.isin(range(1, 8)).all().all()
    # Reliability gets the most importance points, as in Parasuraman, Berry and Zeithaml (1991).
    assert points.mean().idxmax() == "points_reliability"


def test_recovery_outcomes():
    rec = data.load("recovery_outcomes")
    failed = rec[rec["failure"]]
    fine = rec[~rec["failure"]]
    assert len(failed) == 700 and len(fine) == 300
    assert fine["remedy"].isna().all() and fine["response_hours"].isna().all()
    assert failed["remedy"].notna().all() and failed["response_hours"].notna().all()
    # Slower recovery, lower satisfaction, for both kinds of guest.
    for _, part in failed.groupby("segment"):
        assert np.corrcoef(part["response_hours"], part["satisfaction"])[0, 1] < -0.3
