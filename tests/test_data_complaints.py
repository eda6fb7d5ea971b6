"""The complaint log holds what its description promises (steps in time order, the designed process
faults, a Pareto of causes)."""

from __future__ import annotations

import pytest

from servicelab import data
from servicelab.synth import complaints


@pytest.fixture(scope="module")
def log():
    return data.load("complaint_log")


def test_complaint_log_steps_run_forward_in_time(log):
    assert (log["first_response"] >= log["received"]).all()
    assert (log["judged"] >= log["first_response"]).all()
    followed = log["followed_up"].notna()
    assert (log.loc[followed, "followed_up"] >= log.loc[followed, "remedied"]).all()


def test_complaint_log_has_the_designed_faults(log):
    # 3.5% of valid cases: remedy before judgement; 3-15% never followed up, most in Shanghai.
    early = log["remedied"] < log["judged"]
    assert 0.015 < early.mean() < 0.06
    assert log.loc[early, "valid"].all()
    no_follow = log["followed_up"].isna().groupby(log["unit"]).mean()
    assert no_follow.idxmax() == "Shanghai" and 0.02 < no_follow.min()


def test_complaint_log_fields_agree(log):
    assert set(log["category"]) <= set(complaints.CATEGORIES)
    assert set(log["channel"]) <= set(complaints.CHANNELS)
    assert (log.loc[~log["valid"], "remedy"] == "explanation").all()
    assert (log.loc[log["valid"], "remedy"] != "explanation").all()
    # Satisfaction is asked at the follow-up, so it exists exactly when there was one.
    assert (log["satisfaction"].isna() == log["followed_up"].isna()).all()
    assert log["complaint_id"].is_unique and log["received"].is_monotonic_increasing


def test_complaint_causes_follow_a_pareto_shape(log):
    shares = log["category"].value_counts(normalize=True)
    assert shares.index[0] == "room cleanliness"
    assert shares.iloc[:3].sum() > 0.55
