"""SMART goals, the text lint and tracking (Chapter 7).

Sources of the expected values: the service-visibility handbook (the five criteria as it
explains them; the +200 % "mission impossible" case; the deadline example "by 31 May
2008"), hand computation on small series, and closed forms (compound growth, straight-line
plans).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import data, goals
from servicelab.goals import Goal

MONTHS = pd.date_range("2008-01-01", periods=9, freq="MS")


def well_formed(**changes) -> Goal:
    """A goal that should pass every criterion, with fields overridable per test."""
    fields = dict(
        what="Raise first-contact resolution", for_whom="reservation agents", metric="fcr",
        unit="share of calls", baseline=0.70, target=0.72, start="2025-07-07", deadline="2025-12-28",
        owner="call-centre manager", agreed=True, goal_id="G",
    )
    fields.update(changes)
    return Goal(**fields)


def steady_history(start="2024-07-01", weeks=53, level=0.66, step=0.001) -> pd.Series:
    """A weekly series rising by ``step`` a week: the best 25-week change is known exactly."""
    index = pd.date_range(start, periods=weeks, freq="7D")
    return pd.Series(level + step * np.arange(weeks), index=index)


# ---------------------------------------------------------------------------------------------
# The record
# ---------------------------------------------------------------------------------------------


def test_goal_parses_dates_and_infers_direction():
    g = Goal(what="Cut handle time", baseline=306, target=290, start="2025-07-07", deadline="2025-12-28")
    assert g.direction == "decrease" and g.sign == -1
    assert g.deadline == pd.Timestamp("2025-12-28")
    # A target equal to the baseline reads as "keep at least this level".
    assert Goal(what="Hold adherence", baseline=0.9, target=0.9).direction == "increase"


@pytest.mark.parametrize(
    "fields, name",
    [
        (dict(what=""), "what"),
        (dict(what="x", target="lots"), "target"),
        (dict(what="x", baseline=float("inf")), "baseline"),
        (dict(what="x", deadline="someday soon"), "deadline"),
        (dict(what="x", agreed="yes"), "agreed"),
        (dict(what="x", direction="up"), "direction"),
        (dict(what="x", owner=42), "owner"),
    ],
)
def test_goal_rejects_malformed_fields(fields, name):
    with pytest.raises(ValueError, match=name):
        Goal(**fields)


def test_goals_from_frame_turns_empty_cells_into_none():
    sheet = data.load("goal_sheet")
    records = {g.goal_id: g for g in goals.goals_from_frame(sheet)}
    assert len(records) == len(sheet) == 11
    vague = records["G03"]  # "Improve customer service quality."
    assert vague.metric is None and vague.target is None and vague.deadline is None and vague.agreed is None
    assert records["G09"].agreed is False


# ---------------------------------------------------------------------------------------------
# S, M, A, T: one goal that passes and goals that fail, each for a stated reason
# ---------------------------------------------------------------------------------------------


def test_specific_passes_a_named_metric_and_group():
    assert goals.check_specific(well_formed()).status == "pass"


@pytest.mark.parametrize(
    "changes, status, reason",
    [
        # The handbook: vague goals are a main reason teams fail.
        (dict(what="Improve service quality", metric=None, target=None), "fail", "direction or an aspiration"),
        (dict(what="Answer more calls", metric=None, target=None), "fail", "no metric and target"),
        (dict(for_whom=None), "fail", "neither who carries it"),
        (dict(what="Improve first-contact resolution"), "warn", "wording is vague (improve)"),
        (dict(what="Deliver Five Hearts service", metric=None, target=None), "warn", "names no metric"),
    ],
)
def test_specific_flags_vague_goals(changes, status, reason):
    finding = goals.check_specific(well_formed(**changes))
    assert finding.status == status
    assert reason in finding.reason


def test_measurable_reports_the_numbers():
    finding = goals.check_measurable(well_formed())
    assert finding.status == "pass"
    # 0.70 -> 0.72 is +0.02, +3 % (2.857 % rounded to whole percent).
    assert finding.numbers["change"] == pytest.approx(0.02)
    assert "from 0.7 to 0.72 (+0.02, +3%)" in finding.reason


@pytest.mark.parametrize(
    "changes, status, reason",
    [
        (dict(target=None), "fail", "no target"),
        (dict(metric=None), "fail", "no metric"),
        (dict(baseline=None), "warn", "no baseline"),
        (dict(unit=None), "warn", "no unit"),
    ],
)
def test_measurable_fails_without_metric_or_target(changes, status, reason):
    finding = goals.check_measurable(well_formed(**changes))
    assert (finding.status, reason in finding.reason) == (status, True)


@pytest.mark.parametrize(
    "agreed, owner, status",
    [
        (True, "call-centre manager", "pass"),
        (False, "head office", "fail"),  # imposed: the handbook's warning
        (None, "call-centre manager", "unknown"),  # nobody asked: the goal cannot tell
        (True, None, "warn"),  # accepted, but nobody owns it
    ],
)
def test_acceptable_depends_on_agreement_and_owner(agreed, owner, status):
    assert goals.check_acceptable(well_formed(agreed=agreed, owner=owner)).status == status


def test_time_bound_passes_the_handbooks_deadline_example():
    # The handbook's example of a deadline: "by 31 May 2008".
    finding = goals.check_time_bound(well_formed(start="2008-01-02", deadline="2008-05-31"))
    assert finding.status == "pass"
    assert finding.numbers["days"] == 150  # 2 January to 31 May 2008 (a leap year): 29+29+31+30+31


@pytest.mark.parametrize(
    "changes, status, reason",
    [
        (dict(deadline=None), "fail", "no deadline"),
        (dict(deadline="2025-07-01"), "fail", "not after the start"),
        (dict(start=None), "warn", "no start date"),
        (dict(deadline="2027-07-07"), "warn", "too far to steer by"),
    ],
)
def test_time_bound_fails_without_a_usable_deadline(changes, status, reason):
    finding = goals.check_time_bound(well_formed(**changes))
    assert finding.status == status and reason in finding.reason


# ---------------------------------------------------------------------------------------------
# R: judged against history
# ---------------------------------------------------------------------------------------------


def test_realistic_compares_with_the_best_stretch_of_history():
    # Weekly values 0.660, 0.661, ... for 53 weeks before 7 July 2025.  The goal spans
    # 7 July to 28 December: 174 days = 24.9 weeks -> 25 periods.  The best 25-week change is
    # the earliest (largest relative step): 0.025 / 0.660 = +3.79 %.
    history = steady_history()
    best = 0.025 / 0.660
    finding = goals.check_realistic(well_formed(baseline=0.70, target=0.72), history)
    assert finding.numbers["periods"] == 25
    assert finding.numbers["windows"] == 53 - 25
    assert finding.numbers["best_change"] == pytest.approx(best)
    assert finding.numbers["required_change"] == pytest.approx(0.02 / 0.70)  # 2.86 % < 3.79 %
    assert finding.status == "pass"


@pytest.mark.parametrize(
    "target, status",
    [
        (0.72, "pass"),  # +2.9 %, within the best +3.79 %
        (0.73, "warn"),  # +4.3 %: above the best, below 1.5 x best = 5.68 %
        (0.75, "fail"),  # +7.1 %: beyond 1.5 x best
    ],
)
def test_realistic_grades_pass_stretch_and_fantasy(target, status):
    assert goals.check_realistic(well_formed(target=target), steady_history()).status == status


def test_realistic_handles_goals_where_lower_is_better():
    # Handle time falling 1 s a week from 330 s to 278 s.  Every 25-week stretch falls 25 s;
    # relative to its starting value the largest is the last one, from 303 s: 25/303 = 8.25 %.
    index = pd.date_range("2024-07-01", periods=53, freq="7D")
    history = pd.Series(330.0 - np.arange(53), index=index)
    cut = well_formed(metric="aht", unit="s", baseline=300, target=285)  # needs 15/300 = 5 %
    finding = goals.check_realistic(cut, history)
    assert cut.direction == "decrease"
    assert finding.numbers["best_change"] == pytest.approx(25 / 303)
    assert finding.status == "pass"


def test_realistic_ignores_history_after_the_start():
    # A jump after the goal started must not make the target look realistic in hindsight.
    history = steady_history()
    later = pd.Series([0.95] * 10, index=pd.date_range("2025-07-14", periods=10, freq="7D"))
    finding = goals.check_realistic(well_formed(target=0.75), pd.concat([history, later]))
    assert finding.status == "fail"


def test_realistic_is_unknown_without_the_facts():
    assert goals.check_realistic(well_formed()).status == "unknown"  # no history
    finding = goals.check_realistic(well_formed(baseline=None), steady_history())
    assert finding.status == "unknown" and "baseline" in finding.reason
    short = steady_history(weeks=10)
    assert goals.check_realistic(well_formed(), short).status == "unknown"  # shorter than the horizon


def _app_bookings_by_month() -> pd.Series:
    """Mirror Lake's monthly app bookings (booking_totals), the history of goal G09."""
    totals = data.load("booking_totals")
    app = totals[totals["channel"] == "app"]
    return app.groupby(app["date"].dt.to_period("M").dt.to_timestamp())["bookings"].sum()


def test_course_case_plus_200_percent_is_flagged_from_the_data():
    # The handbook's +200 % case, at Mirror Lake: triple app bookings in Q4 while they were flat.
    sheet = {g.goal_id: g for g in goals.goals_from_frame(data.load("goal_sheet"))}
    case = sheet["G09"]
    assert case.target == pytest.approx(3 * case.baseline, abs=1)  # +200 %
    history = _app_bookings_by_month()
    finding = goals.check_realistic(case, history)
    assert finding.status == "fail"
    assert finding.numbers["periods"] == 3  # October to December, monthly data
    assert finding.numbers["required_change"] == pytest.approx(2.0, abs=0.002)
    # The best three-month change in January-September (February's dip to May) was under 25 %: far from +200 %.
    assert finding.numbers["best_change"] < 0.25
    assert "+200.0%" in finding.reason or "+199.9%" in finding.reason
    # Tripling in three months needs 3**(1/3) - 1 = 44.2 % growth every month.
    assert finding.numbers["required_per_period"] == pytest.approx(3 ** (1 / 3) - 1, abs=0.002)


def test_required_growth_per_period_closed_form():
    assert goals.required_growth_per_period(100, 300, 3) == pytest.approx(3 ** (1 / 3) - 1)
    assert goals.required_growth_per_period(50, 50, 12) == 0


def test_history_changes_by_hand():
    h = pd.Series([100.0, 110, 99, 120], index=MONTHS[:4])
    # Two-month changes: 99/100 - 1 = -1 %, 120/110 - 1 = +9.09 %.
    assert goals.history_changes(h, 2).round(4).tolist() == [-0.01, 0.0909]
    assert goals.history_changes(h, 1, relative=False).tolist() == [10.0, -11.0, 21.0]
    assert goals.history_changes(h, 1, direction="decrease", relative=False).tolist() == [-10.0, 11.0, -21.0]


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.66, max_value=0.9), st.floats(min_value=0.66, max_value=0.9))
def test_asking_for_less_never_makes_a_goal_less_realistic(t1, t2):
    order = {"pass": 0, "warn": 1, "fail": 2}
    low, high = sorted([t1, t2])
    history = steady_history()
    easy = goals.check_realistic(well_formed(target=low, direction="increase"), history).status
    hard = goals.check_realistic(well_formed(target=high, direction="increase"), history).status
    assert order[easy] <= order[hard]


# ---------------------------------------------------------------------------------------------
# All five together, and the goal sheet
# ---------------------------------------------------------------------------------------------


def test_a_well_formed_goal_passes_all_five():
    findings = goals.check_goal(well_formed(), steady_history())
    assert findings["criterion"].tolist() == list(goals.CRITERIA)
    assert (findings["status"] == "pass").all(), findings


def test_goal_sheet_verdicts():
    sheet = data.load("goal_sheet")
    records = goals.goals_from_frame(sheet)
    kpis = data.load("agent_kpis")
    fcr = kpis.groupby("week").apply(lambda d: np.average(d["fcr"], weights=d["calls"]), include_groups=False)
    table = goals.smart_table(records, {"G01": fcr, "G09": _app_bookings_by_month()})
    # G01 is the sheet's well-formed goal: FCR 72 % -> 75 % by 28 December 2025, agreed.
    assert table.loc["G01", "smart"]
    # G03 "Improve customer service quality." fails S, M and T; A and R cannot be judged.
    assert table.loc["G03", list(goals.CRITERIA)].tolist() == ["fail", "fail", "unknown", "unknown", "fail"]
    # G09, the +200 % case, fails A (imposed) and R (beyond history).
    assert table.loc["G09", ["Acceptable", "Realistic"]].tolist() == ["fail", "fail"]
    assert table["smart"].sum() == 1


# ---------------------------------------------------------------------------------------------
# The text lint
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Improve customer service quality.", ["fail", "fail", "unknown", "unknown", "fail"]),
        ("Raise first-contact resolution from 70% to 74% by 28 December 2025.", ["pass", "pass", "unknown", "unknown", "pass"]),
        ("Increase recommendations of mobile securities trading by 200% in Q4 2008.", ["pass", "pass", "unknown", "unknown", "pass"]),
        # A number that is only part of the time limit is not a target.
        ("Answer calls faster within 4 weeks.", ["fail", "fail", "unknown", "unknown", "pass"]),
        # Vague words next to a number: a warning, not a pass.
        ("Improve service quality to a score of 4.5 by June 2026.", ["warn", "pass", "unknown", "unknown", "pass"]),
        ("提高服务质量", ["fail", "fail", "unknown", "unknown", "fail"]),
        ("2008年5月31日前把业务办理时间降低到3分钟", ["pass", "pass", "unknown", "unknown", "pass"]),
    ],
)
def test_lint_reads_what_text_can_show(text, expected):
    assert goals.lint_goal_text(text)["status"].tolist() == expected


def test_lint_says_what_it_cannot_tell():
    reasons = goals.lint_goal_text("Raise FCR to 75% by 28 December 2025.").set_index("criterion")["reason"]
    assert "cannot show whether the people who carry the goal accepted it" in reasons["Acceptable"]
    assert "compare it with history" in reasons["Realistic"]


# ---------------------------------------------------------------------------------------------
# Tracking
# ---------------------------------------------------------------------------------------------


def test_track_by_hand():
    # 0.70 -> 0.74 from 7 July to 29 December 2025 (175 days).  On 29 September (84 days in)
    # the plan stands at 0.70 + 0.48 x 0.04 = 0.7192.  Observations rise 0.001 a week, so the
    # last one is 0.712; gap = 0.712 - 0.7192 = -0.0072, inside the at-risk band 0.25 x 0.04 = 0.01.
    g = well_formed(baseline=0.70, target=0.74, deadline="2025-12-29")
    weeks = pd.date_range("2025-07-07", periods=13, freq="7D")
    t = goals.track(g, pd.Series(0.70 + 0.001 * np.arange(13), index=weeks), window=1)
    assert t["elapsed"] == pytest.approx(84 / 175)
    assert t["planned"] == pytest.approx(0.7192)
    assert t["gap"] == pytest.approx(-0.0072)
    assert t["progress"] == pytest.approx(0.012 / 0.04)
    assert t["status"] == "at risk"
    # The straight line through the observations reaches 0.70 + 0.001 x 25 = 0.725 on 29 December.
    assert t["projected"] == pytest.approx(0.725)


@pytest.mark.parametrize(
    "level, status",
    [(0.7200, "on track"), (0.7100, "at risk"), (0.7050, "off track")],
)
def test_track_status_bands(level, status):
    # Halfway through, the plan stands at 0.72; the at-risk band reaches down to 0.72 - 0.01.
    g = well_formed(baseline=0.70, target=0.74, start="2025-01-01", deadline="2025-01-21")
    observed = pd.Series([level], index=[pd.Timestamp("2025-01-11")])
    assert goals.track(g, observed)["status"] == status


def test_track_after_the_deadline_is_met_or_missed():
    g = well_formed(metric="aht", baseline=300, target=290, start="2025-07-07", deadline="2025-12-28")
    weeks = pd.date_range("2025-07-07", "2025-12-29", freq="7D")
    assert goals.track(g, pd.Series(289.0, index=weeks))["status"] == "met"
    assert goals.track(g, pd.Series(295.0, index=weeks))["status"] == "missed"


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.6, max_value=0.8), st.floats(min_value=0.0, max_value=0.05))
def test_better_results_never_worsen_the_status(level, extra):
    order = {"on track": 0, "at risk": 1, "off track": 2}
    g = well_formed(baseline=0.70, target=0.74)
    weeks = pd.date_range("2025-07-07", periods=8, freq="7D")
    worse = goals.track(g, pd.Series(level, index=weeks))["status"]
    better = goals.track(g, pd.Series(level + extra, index=weeks))["status"]
    assert order[better] <= order[worse]


def test_track_goals_keeps_untrackable_goals_in_the_review():
    table = goals.track_goals(
        [well_formed(goal_id="G1"), Goal(what="Improve quality", goal_id="G2")],
        {"G1": pd.Series([0.71, 0.72], index=pd.to_datetime(["2025-07-14", "2025-07-21"]))},
    )
    assert table.loc["G2", "status"] == "not trackable"
    assert table.loc["G1", "status"] in {"on track", "at risk", "off track"}


# ---------------------------------------------------------------------------------------------
# Bad input names the parameter
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: goals.check_specific("a goal"), "goal"),
        (lambda: goals.check_realistic(well_formed(), [0.7, 0.71]), "history"),
        (lambda: goals.check_realistic(well_formed(), steady_history(), stretch=0.5), "stretch"),
        (lambda: goals.check_time_bound(well_formed(), max_days=0), "max_days"),
        (lambda: goals.history_changes(steady_history(), 0), "periods"),
        (lambda: goals.history_changes(steady_history(), 2, direction="up"), "direction"),
        (lambda: goals.required_growth_per_period(0, 10, 3), "baseline"),
        (lambda: goals.lint_goal_text(42), "text"),
        (lambda: goals.lint_goal_text("   "), "text"),
        (lambda: goals.smart_table([]), "goals"),
        (lambda: goals.smart_table([well_formed()], histories=[1, 2]), "histories"),
        (lambda: goals.track(Goal(what="x"), steady_history()), "goal"),
        (lambda: goals.track(well_formed(), steady_history(), window=0), "window"),
        (lambda: goals.track(well_formed(), steady_history(), tolerance=2), "tolerance"),
        (lambda: goals.track(well_formed(), steady_history(weeks=5)), "observed"),
        (lambda: goals.track_goals([well_formed()], observed=[1]), "observed"),
        (lambda: goals.goals_from_frame(pd.DataFrame({"x": [1]})), "frame"),
        (lambda: goals.Finding("Specific", "maybe", "?"), "status"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
