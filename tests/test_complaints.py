"""Complaint handling (Chapter 3): the four-step workflow, service levels, Pareto and the iceberg.

Expected values come from the course's four steps, the supplements' figures (at most 1 in 3
complain: the satisfaction slides; 9-10 vs 5 people told: the service-standards slides), closed
forms worked out in the comments, or published values (Newcombe 1998 for Wilson intervals).
"""

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import complaints
from servicelab.complaints import Complaint, IllegalStepError


def new(**overrides) -> Complaint:
    fields = dict(complaint_id="T1", received="2026-03-02 09:00", channel="front desk", category="noise", severity=2)
    fields.update(overrides)
    return Complaint(**fields)


# ---- the workflow -------------------------------------------------------------------------------
def test_the_four_steps_in_order_close_the_case():
    c = new()
    assert c.status == "received"
    c.vent("2026-03-02 09:05")
    c.judge("2026-03-02 09:40", valid=True, key_points="party next door until 2 a.m.")
    c.propose_remedy("2026-03-02 10:30", "room change", accepted=True)
    c.follow_up("2026-03-03 18:00", satisfied=True)
    c.close("2026-03-03 18:05")
    assert c.status == "closed"
    assert [step for step, _ in c.history] == ["vent", "judge", "remedy", "follow_up", "close"]
    # 09:00 -> 09:05 is 5 minutes; 09:00 -> 10:30 is 1.5 hours.
    assert c.hours_to_first_response == pytest.approx(5 / 60)
    assert c.hours_to_resolution == pytest.approx(1.5)


def test_a_remedy_before_the_complaint_is_judged_is_refused_on_a_serious_case():
    c = new(severity=2)
    c.vent("2026-03-02 09:05")
    with pytest.raises(IllegalStepError, match="a remedy before the complaint is judged, on a severity-2 case"):
        c.propose_remedy("2026-03-02 09:10", "voucher", accepted=True)
    assert c.status == "heard"  # nothing changed


def test_a_minor_case_may_be_fixed_at_once_and_judged_afterwards():
    c = new(severity=1, category="Wi-Fi")
    c.vent("2026-03-02 09:05")
    c.propose_remedy("2026-03-02 09:10", "re-service", accepted=True)
    assert c.status == "fixed at once"
    # The judgement still has to follow before the follow-up.
    with pytest.raises(IllegalStepError, match="a follow-up before the complaint is judged"):
        c.follow_up("2026-03-03 09:00", satisfied=True)
    c.judge("2026-03-02 09:30", valid=True, key_points="router in 1204 restarted")
    assert c.status == "remedied"
    c.follow_up("2026-03-03 09:00", satisfied=True)
    c.close("2026-03-03 09:05")
    assert c.route == "fast track"
    assert [step for step, _ in c.history] == ["vent", "remedy", "judge", "follow_up", "close"]
    # Resolution is the time of the fix: 09:00 -> 09:10.
    assert c.hours_to_resolution == pytest.approx(10 / 60)


def test_the_fast_track_can_be_switched_off():
    c = new(severity=1, fast_track_max_severity=0)
    c.vent("2026-03-02 09:05")
    with pytest.raises(IllegalStepError, match="the fast track is off"):
        c.propose_remedy("2026-03-02 09:10", "apology", accepted=True)


def test_no_remedy_before_the_customer_is_heard():
    c = new(severity=1)
    with pytest.raises(IllegalStepError, match="before the customer has been heard"):
        c.propose_remedy("2026-03-02 09:10", "apology", accepted=True)


def test_closing_without_follow_up_is_refused():
    c = new()
    c.vent("2026-03-02 09:05")
    c.judge("2026-03-02 09:40", valid=True)
    c.propose_remedy("2026-03-02 10:30", "room change", accepted=True)
    with pytest.raises(IllegalStepError, match="closing without follow-up"):
        c.close("2026-03-02 10:31")


@pytest.mark.parametrize(
    "steps, message",
    [
        ([], "judging before the customer has been heard"),
        (["vent", "judge"], "already been judged"),
    ],
)
def test_judging_out_of_order_is_refused(steps, message):
    c = new()
    if "vent" in steps:
        c.vent("2026-03-02 09:05")
    if "judge" in steps:
        c.judge("2026-03-02 09:10", valid=False)
    with pytest.raises(IllegalStepError, match=message):
        c.judge("2026-03-02 09:20", valid=True)


def test_follow_up_needs_an_accepted_remedy():
    c = new()
    c.vent("2026-03-02 09:05")
    c.judge("2026-03-02 09:40", valid=True)
    c.propose_remedy("2026-03-02 10:00", "apology", accepted=False)  # the guest turns it down
    assert c.status == "judged"
    with pytest.raises(IllegalStepError, match="a follow-up before a remedy the customer accepted"):
        c.follow_up("2026-03-02 12:00", satisfied=False)
    c.propose_remedy("2026-03-02 10:20", "room change", accepted=True)
    c.follow_up("2026-03-02 12:00", satisfied=True)
    assert c.remedy == "room change" and c.hours_to_resolution == pytest.approx(80 / 60)


def test_an_invalid_complaint_still_needs_an_explanation_and_a_follow_up():
    c = new(category="other")
    c.vent("2026-03-02 09:05")
    c.judge("2026-03-02 09:40", valid=False, key_points="charge was the minibar, as signed")
    c.propose_remedy("2026-03-02 09:50", "explanation", accepted=True)
    c.follow_up("2026-03-03 09:00", satisfied=True)
    c.close("2026-03-03 09:01")
    assert c.valid is False and c.status == "closed"


def test_nothing_happens_after_closing():
    c = new()
    for step, at in [("vent", "09:05"), ("judge", "09:10")]:
        getattr(c, step)(f"2026-03-02 {at}", **({"valid": True} if step == "judge" else {}))
    c.propose_remedy("2026-03-02 09:30", "apology", accepted=True)
    c.follow_up("2026-03-02 12:00", satisfied=True)
    c.close("2026-03-02 12:01")
    with pytest.raises(IllegalStepError, match="closed"):
        c.vent("2026-03-02 12:05")


def test_time_cannot_run_backwards():
    c = new()
    with pytest.raises(ValueError, match="at="):
        c.vent("2026-03-02 08:00")  # before the complaint was received


@pytest.mark.parametrize(
    "overrides, name",
    [
        ({"category": "rude parrot"}, "category"),
        ({"channel": "carrier pigeon"}, "channel"),
        ({"severity": 4}, "severity"),
        ({"severity": 0}, "severity"),
        ({"customer_value": -10}, "customer_value"),
        ({"received": "not a date"}, "received"),
        ({"complaint_id": " "}, "complaint_id"),
        ({"fast_track_max_severity": 4}, "fast_track_max_severity"),
        ({"fast_track_max_severity": -1}, "fast_track_max_severity"),
    ],
)
def test_bad_records_name_the_parameter(overrides, name):
    with pytest.raises(ValueError, match=name):
        new(**overrides)


def test_unknown_remedy_is_refused():
    c = new()
    c.vent("2026-03-02 09:05")
    c.judge("2026-03-02 09:10", valid=True)
    with pytest.raises(ValueError, match="remedy"):
        c.propose_remedy("2026-03-02 09:20", "free puppy", accepted=True)


# ---- replay and audit ---------------------------------------------------------------------------
def _record(**overrides):
    row = dict(complaint_id="L1", received="2026-01-05 20:00", channel="phone", category="Wi-Fi", severity=1,
               first_response="2026-01-05 20:05", judged="2026-01-05 20:30", valid=True, remedy="re-service",
               remedied="2026-01-05 21:00", followed_up="2026-01-06 20:00", satisfaction=8)
    row.update(overrides)
    return row


def test_audit_finds_each_kind_of_fault():
    log = pd.DataFrame([
        _record(complaint_id="ok"),
        _record(complaint_id="early, minor", remedied="2026-01-05 20:10"),
        _record(complaint_id="early, serious", severity=3, remedied="2026-01-05 20:10"),
        _record(complaint_id="no-follow-up", followed_up=None),
    ])
    result = complaints.audit(log).set_index("complaint_id")
    assert result["legal"].tolist() == [True, True, False, False]
    assert result["fast_track"].tolist() == [False, True, False, False]
    assert result["fault"].tolist() == ["", "", "remedy before judgement", "no follow-up"]
    assert "a remedy before the complaint is judged" in result.loc["early, serious", "problem"]
    assert "closing without follow-up" in result.loc["no-follow-up", "problem"]
    # Without the fast track, the minor early fix is a fault too.
    strict = complaints.audit(log, fast_track_max_severity=0).set_index("complaint_id")
    assert strict.loc["early, minor", "fault"] == "remedy before judgement"


def test_replay_rebuilds_the_times():
    c = complaints.replay(_record())
    assert c.status == "closed"
    assert c.hours_to_first_response == pytest.approx(5 / 60) and c.hours_to_resolution == pytest.approx(1.0)
    assert c.satisfied is True  # 8 of 10


def test_replay_rejects_an_unknown_category():
    with pytest.raises(ValueError, match="category"):
        complaints.replay(_record(category="ghosts"))


# ---- service levels -----------------------------------------------------------------------------
def _log():
    return pd.DataFrame({
        "customer_id": ["a", "b", "a", "c"],
        "channel": ["phone", "email", "phone", "email"],
        "received": pd.to_datetime(["2026-01-01 08:00", "2026-01-01 09:00", "2026-01-10 10:00", "2026-01-11 10:00"]),
        "first_response": pd.to_datetime(["2026-01-01 08:10", "2026-01-01 15:00", "2026-01-10 10:30", "2026-01-11 11:00"]),
        "remedied": pd.to_datetime(["2026-01-01 12:00", "2026-01-03 09:00", "2026-01-10 11:00", pd.NaT]),
    })


def test_service_levels_by_hand():
    levels = complaints.service_levels(_log(), response_target_hours=1, resolution_target_hours=24)
    row = levels.loc["all"]
    # Response hours 1/6, 6, 0.5, 1: three of four within 1 h. Resolution 4, 48, 1, never: two of four.
    assert row["complaints"] == 4
    assert row["response_within_target"] == pytest.approx(0.75)
    assert row["resolved_within_target"] == pytest.approx(0.5)
    assert row["median_hours_to_response"] == pytest.approx(0.75)  # median of 1/6, 0.5, 1, 6
    # Customer a complains again after 9 days: one repeat in four.
    assert row["repeat_share"] == pytest.approx(0.25)
    by_channel = complaints.service_levels(_log(), response_target_hours=1, resolution_target_hours=24, by="channel")
    assert by_channel.loc["phone", "response_within_target"] == 1.0
    assert by_channel.loc["email", "resolved_within_target"] == 0.0


def test_service_levels_reject_unknown_group_and_bad_target():
    with pytest.raises(ValueError, match=r"log is missing column\(s\) \['colour'\]"):
        complaints.service_levels(_log(), response_target_hours=1, resolution_target_hours=24, by="colour")
    with pytest.raises(ValueError, match="response_target_hours"):
        complaints.service_levels(_log(), response_target_hours=0, resolution_target_hours=24)


def test_repeat_rates_compare_groups_by_share_with_wilson_intervals():
    # Group x: 118 customers complain once and 15 complain twice, a day apart: 148 complaints,
    # 15 of them repeats.  Newcombe (1998a, Table I) gives the Wilson interval of 15 of 148
    # as 0.0624 to 0.1605.  Group y: 10 complaints, no repeat (Wilson low end 0).
    day1, day2 = pd.Timestamp("2026-01-01"), pd.Timestamp("2026-01-02")
    once = pd.DataFrame({"customer_id": [f"c{i}" for i in range(118)], "group": "x", "received": day1})
    twice = pd.DataFrame({"customer_id": [f"r{i}" for i in range(15)] * 2, "group": "x",
                          "received": [day1] * 15 + [day2] * 15})
    other = pd.DataFrame({"customer_id": [f"y{i}" for i in range(10)], "group": "y", "received": day1})
    table = complaints.repeat_rates(pd.concat([once, twice, other], ignore_index=True), by="group")
    assert table.index.tolist() == ["x", "y"]
    assert (table.loc["x", "complaints"], table.loc["x", "repeats"]) == (148, 15)
    assert table.loc["x", "repeat_rate"] == pytest.approx(15 / 148)
    assert (round(table.loc["x", "low"], 4), round(table.loc["x", "high"], 4)) == (0.0624, 0.1605)
    assert table.loc["y", "repeat_rate"] == 0 and table.loc["y", "low"] == 0


def test_repeat_rates_need_the_group_column():
    with pytest.raises(ValueError, match=r"log is missing column\(s\) \['colour'\]"):
        complaints.repeat_rates(_log(), by="colour")


def test_repeat_window():
    log = _log()
    assert complaints.repeat_flags(log, window_days=30).tolist() == [False, False, True, False]
    assert complaints.repeat_flags(log, window_days=5).tolist() == [False, False, False, False]


# ---- Pareto -------------------------------------------------------------------------------------
def test_pareto_sorts_and_marks_the_vital_few():
    counts = {"noise": 20, "billing error": 50, "Wi-Fi": 5, "room cleanliness": 25}
    table = complaints.pareto(counts)
    assert table["cause"].tolist() == ["billing error", "room cleanliness", "noise", "Wi-Fi"]
    assert table["cumulative_share"].tolist() == pytest.approx([0.50, 0.75, 0.95, 1.00])
    # Before "noise" the cumulative share is 75% < 80%, so noise is still among the vital few.
    assert table["vital_few"].tolist() == [True, True, True, False]


@settings(deadline=None)  # slow only on a busy machine
@given(st.dictionaries(st.sampled_from(complaints.CATEGORIES), st.integers(0, 1000), min_size=1).filter(
    lambda d: sum(d.values()) > 0))
def test_pareto_cumulative_share_rises_to_one(counts):
    table = complaints.pareto(counts, allowed=complaints.CATEGORIES)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert table["cumulative_share"].is_monotonic_increasing
    assert table["vital_few"].iloc[0]


@pytest.mark.parametrize(
    "counts, kwargs, message",
    [
        ({"noise": -3, "Wi-Fi": 5}, {}, "counts must be >= 0"),
        ({"noise": 0}, {}, "counts must not all be zero"),
        ({"alien visit": 3}, {"allowed": complaints.CATEGORIES}, "unknown categories"),
        ({"noise": 3}, {"vital_share": 1.5}, "vital_share"),
        ({}, {}, "counts"),
    ],
)
def test_pareto_bad_input(counts, kwargs, message):
    with pytest.raises(ValueError, match=message):
        complaints.pareto(counts, **kwargs)


# ---- the iceberg --------------------------------------------------------------------------------
def test_iceberg_uses_the_supplements_figures():
    # At most 1 in 3 complain (satisfaction slides): 120 complaints mean at least 360 unhappy guests,
    # 240 of them silent. They tell 9.5 people each (9-10, service-standards slides): 3,420 people.
    # A happy guest tells 5: 684 happy guests to match.
    # Lost: 240 x 0.5 + 120 x 0.2 = 144 guests x 2,400 yuan = 345,600 yuan a year; at a 0.72 margin
    # 248,832 yuan of contribution.
    ice = complaints.iceberg(120, annual_value=2400, silent_defection=0.5, complainer_defection=0.2, margin=0.72)
    assert ice == {
        "complaints": 120.0,
        "unhappy_customers": 360.0,
        "silent_unhappy": 240.0,
        "people_told": 3420.0,
        "customers_lost": 144.0,
        "revenue_at_risk": 345600.0,
        "happy_equivalent": 684.0,
        "margin_at_risk": 248832.0,
    }
    assert complaints.COMPLAIN_AT_MOST == pytest.approx(1 / 3)


@given(st.floats(0, 1e5), st.floats(0.01, 1))
def test_iceberg_never_shows_fewer_unhappy_than_complaints(n, share):
    ice = complaints.iceberg(n, annual_value=1, silent_defection=0, complainer_defection=0, complain_share=share)
    assert ice["unhappy_customers"] >= ice["complaints"] - 1e-6


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"complaints": -1}, "complaints"),
        ({"complain_share": 0}, "complain_share"),
        ({"silent_defection": 1.5}, "silent_defection"),
        ({"annual_value": -5}, "annual_value"),
        ({"margin": 1.2}, "margin"),
    ],
)
def test_iceberg_bad_input(kwargs, name):
    args = dict(complaints=10, annual_value=100, silent_defection=0.5, complainer_defection=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        complaints.iceberg(**args)


# ---- mapping the procedures ---------------------------------------------------------------------
def test_step_map_covers_every_step_once():
    table = complaints.step_map()
    nine = table[table["procedure"].str.startswith("nine")]
    assert nine["number"].tolist() == list(range(1, 10))
    # The satisfaction slides' Chinese for each of the nine steps.
    assert nine["Chinese"].tolist()[0] == "接受顾客的愤怒" and nine["Chinese"].tolist()[-1] == "检讨自己的过失"
    # Every one of the course's four steps gets at least one of the nine.
    assert nine["course_step"].nunique() == 4
    recovery = table[table["procedure"].str.contains("recovery")]
    assert len(recovery) == 4
    assert [key for key, _, _ in complaints.FOUR_STEPS] == ["vent", "judge", "remedy", "follow_up"]
