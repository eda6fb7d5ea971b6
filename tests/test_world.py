"""One Mirror Lake: the data sets agree wherever they describe the same thing.

Every data set describes Mirror Lake Hotels, defined once in servicelab/synth/world.py.  Each check
below compares two or more data sets (or a data set and the world) on a quantity they share, with a
stated tolerance and the reason for it.  The checks are functions of the frames, so each test can
also plant a fault in a copy of a frame and show that the check catches it.

Tolerances come from the sampling noise the generators put in: a Poisson count of n has a
relative standard error of about 1/sqrt(n), so a count of 24,000 calls is good to about 0.6% and a
branch's 300 complaints to about 6%; we allow about three standard errors, or more where the
description names another source of spread.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from servicelab import data
from servicelab.synth import _common, agents, bookings, world

BRANCHES = world.BRANCHES.value
SYNTH = Path(world.__file__).parent


class Frames(dict):
    """Data sets loaded once, on first use."""

    def __missing__(self, name):
        self[name] = data.load(name)
        return self[name]


@pytest.fixture(scope="module")
def frames() -> Frames:
    return Frames()


def close(what: str, value: float, expected: float, rel: float) -> None:
    """Fail with both numbers and the tolerance unless value is within rel of expected."""
    if not abs(value / expected - 1) <= rel:
        raise AssertionError(f"{what}: {value:,.4g} against {expected:,.4g} (tolerance {rel:.0%})")


# =============================================================================================
# The checks
# =============================================================================================

def check_calls_a_year(intervals: pd.DataFrame, kpis: pd.DataFrame, totals: pd.DataFrame) -> dict:
    """Calls a year, three ways, against the world's calls a year.

    - call log: the four March weeks' offered calls, scaled to a year by the world's month and
      weekday profiles (offered / expected for those days x calls a year). About 24,000 calls with a
      5% day-to-day factor: about 1.2% standard error; tolerance 4%.
    - agent KPIs: calls handled in the 52 weeks starting in 2025, divided by the share answered in
      the call log, against the world's expected calls for those weeks. The KPI generator assumes
      6% abandoned where the simulation gives about 5.8%; tolerance 3%.
    - bookings: every booking of 2025 by channel x the world's calls per booking of that channel.
      About 186,000 bookings: 0.3% noise; tolerance 2%.
    The call log and the KPIs must also agree with each other within 5%.
    """
    year = world.calls_per_year()
    days = pd.to_datetime(intervals["date"].unique())
    from_log = intervals["offered"].sum() / sum(world.expected_calls(d) for d in days) * year
    answered = intervals["answered"].sum() / intervals["offered"].sum()
    weeks = kpis.loc[kpis["week"].dt.year == world.BOOKING_YEAR.value, "week"].unique()
    handled = kpis.loc[kpis["week"].isin(weeks), "calls"].sum()
    expected = sum(world.expected_calls(d) for w in weeks for d in pd.date_range(w, periods=7))
    from_kpis = handled / answered / expected * year
    by_channel = totals.groupby("channel")["bookings"].sum()
    from_bookings = float((by_channel * pd.Series(world.CALLS_PER_BOOKING.value)).sum())
    close("calls a year from the call log", from_log, year, 0.04)
    close("calls a year from the agent KPIs", from_kpis, year, 0.03)
    close("calls a year from the bookings", from_bookings, year, 0.02)
    close("call log against agent KPIs", from_log, from_kpis, 0.05)
    return {"world": year, "call log": from_log, "agent KPIs": from_kpis, "bookings": from_bookings}


BRANCH_COLUMNS = {
    "hourly_demand": "branch", "checkins": "branch", "guest_survey": "branch", "booking_journey": "city",
    "complaint_log": "unit", "service_failures": "branch", "expectation_survey": "branch",
    "nps_survey": "branch", "servqual_survey": "branch", "kano_survey": "branch", "recovery_outcomes": "branch",
    "hotel_transactions": "branch", "booking_totals": "branch", "callcentre_calls": "branch",
    "mystery_shopping": "branch",
}
#: Data sets about one branch only.
ONE_BRANCH = {"checkins": "Hangzhou"}


def check_branch_lists(loaded: dict) -> None:
    """Every data set that names branches names the world's four (the complaint log adds the call
    centre; the Hangzhou check-in sample names only Hangzhou), and every schema lists them in the
    world's order. No tolerance: a name is right or wrong."""
    for name, column in BRANCH_COLUMNS.items():
        found = set(loaded[name][column]) - {"Call centre"}
        expected = {ONE_BRANCH[name]} if name in ONE_BRANCH else set(BRANCHES)
        assert found == expected, f"{name}.{column}: {sorted(found)} is not {sorted(expected)}"
    for resource in data.package()["resources"]:
        for field in resource["schema"]["fields"]:
            enum = field.get("constraints", {}).get("enum", [])
            if set(BRANCHES) & set(enum):
                assert [e for e in enum if e in BRANCHES] == list(BRANCHES), (resource["name"], field["name"])


def check_price_levels(totals, tx, guests, nps) -> pd.DataFrame:
    """Average rate per room night by branch, in four data sets, against the world's rates.

    - booking_totals: room revenue / room nights against the world's mean rate paid over its
      mix of customer types; about 90,000 room nights a branch: tolerance 2%.
    - hotel_transactions: the same by customer type against the world's type rate (tolerance 3%).
    - guest_survey (200 guests a branch) and nps_survey (600): the mean rate paid against the world's
      mean over the customer types of each segment; the spread of rates over types and seasons is
      about 15%, so a mean of 200 is good to about 1% and we allow 4% (3% for 600).
    All four order the branches as the world's best available rates do.
    """
    rows = {}
    r = totals.groupby("branch")[["room_revenue", "room_nights"]].sum()
    rows["booking_totals"] = r["room_revenue"] / r["room_nights"]
    rows["guest_survey"] = guests.groupby("branch")["rate_paid"].mean()
    rows["nps_survey"] = nps.groupby("branch")["rate_paid"].mean()
    table = pd.DataFrame(rows).loc[list(BRANCHES)]
    mix = world.booking_mix()
    for branch in BRANCHES:
        close(f"{branch} rate in booking_totals", table.loc[branch, "booking_totals"], world.mean_rate_paid(branch), 0.02)
        survey_expected = 0.0
        for segment in world.SEGMENTS.value:
            m = mix[(mix["branch"] == branch) & (mix["segment"] == segment)]
            rate = (m["bookings"] * m["customer_type"].map(lambda t: world.expected_rate(branch, t))).sum() / m["bookings"].sum()
            share = _common.business_share_of_stays(branch)
            survey_expected += rate * (share if segment == "business" else 1 - share)
        close(f"{branch} rate in guest_survey", table.loc[branch, "guest_survey"], survey_expected, 0.04)
        close(f"{branch} rate in nps_survey", table.loc[branch, "nps_survey"], survey_expected, 0.03)
    tiers = dict(zip(*np.unique(bookings.key_account_ids(), return_counts=True)))
    tier = np.where(tx["customer_id"].isin(tiers), "key account", tx["customer_type"])
    per = tx.assign(tier=tier).groupby(["branch", "tier"])[["room_revenue", "room_nights"]].sum()
    for (branch, kind), row in per.iterrows():
        close(f"{branch} {kind} rate in hotel_transactions", row["room_revenue"] / row["room_nights"],
              world.expected_rate(branch, kind), 0.03)
    order = sorted(BRANCHES, key=lambda b: -world.ROOM_RATE.value[b])
    for column in table:
        assert list(table[column].sort_values(ascending=False).index) == order, column
    return table


def check_staffing(intervals, kpis, jobs) -> dict:
    """Agents in three data sets against the world's headcount and shrinkage.

    - the rostered phone hours of a March week / (contract hours x (1 - shrinkage)) is the payroll the
      roster implies; it must be within 20% of the world's headcount and of the agents on the phones in
      the KPIs, because the roster is the centre's rule of thumb (not a plan from the headcount) and
      agents also answer the inbox;
    - the KPIs' agents each week are exactly those agent_employment has on the phones (hired more than
      the onboarding weeks before, not yet left): no tolerance;
    - the world's own requirement (handle hours / available hours) is within 15% of its headcount.
    """
    weekly_hours = intervals.groupby(pd.to_datetime(intervals["date"]).dt.to_period("W"))["agents"].sum() * 0.5
    implied = float(weekly_hours.mean() / (world.CONTRACT_HOURS.value * (1 - world.SHRINKAGE.value)))
    march = kpis[kpis["week"].isin(pd.to_datetime(intervals["date"]).unique())]
    on_phones = float(march.groupby("week")["agent"].size().mean())
    close("payroll implied by the March roster against the world's headcount", implied,
          world.AGENT_HEADCOUNT.value, 0.20)
    close("payroll implied by the March roster against the KPIs' agents", implied, on_phones, 0.20)
    close("the world's required agents against its headcount", world.required_agents_fte(),
          world.AGENT_HEADCOUNT.value, 0.15)
    people = jobs.groupby("agent")[["hire_date", "leave_date"]].first()
    start = people["hire_date"] + pd.Timedelta(weeks=world.ONBOARDING_WEEKS.value)
    for week, part in kpis.groupby("week"):
        end = week + pd.Timedelta(days=7)
        expected = people[(start < end) & (people["leave_date"].isna() | (people["leave_date"] > week))].index
        assert set(part["agent"]) == set(expected), f"week {week.date()}: KPI agents differ from the employed"
    return {"implied by roster": implied, "on the phones (KPIs)": on_phones,
            "world required": world.required_agents_fte(), "world headcount": world.AGENT_HEADCOUNT.value}


def check_receptionists(checkins, mystery) -> None:
    """Receptionist codes in the check-in sample and the mystery-shopper visits are the world's, each at
    its own branch; the Hangzhou sample sees every Hangzhou receptionist. No tolerance."""
    known = {b: {_common.staff_code(b, k) for k in range(1, world.RECEPTIONISTS.value[b] + 1)} for b in BRANCHES}
    for frame, name in ((checkins, "checkins"), (mystery, "mystery_shopping")):
        for branch, codes in frame.groupby("branch")["receptionist"]:
            unknown = set(codes) - known[branch]
            assert not unknown, f"{name}: {sorted(unknown)} are not {branch} receptionists"
    assert set(checkins["receptionist"]) == known["Hangzhou"]


def check_event_dates(checkins, mystery, kpis, complaints, june) -> dict:
    """The world's event dates, seen in the data sets that carry them.

    - Hangzhou's check-in standard: the check-in sample's 'before' weeks end before it and its 'after'
      weeks start after it; the mystery shoppers' Hangzhou check-ins are faster after it, by about as
      much as the sample says (the two differences within 1.0 minute: the shoppers timed about 40 visits
      in each period, whose means are good to about 0.4 minutes).
    - The training weeks: the only weeks in which trained agents took under 70% of their colleagues'
      calls are the world's training weeks (they took half; no tolerance on the dates).
    - The booking-system go-live: the largest week-on-week jump of the centre's handle time is in the
      go-live week.
    - The Spring Festival: complaints per expected stay over the world's festival days are 1.4 times
      those of other days; about 80 festival complaints give a ratio good to about 12%, so we allow
      1.4 +/- 0.35.
    - The booking-system outage: the day with the lowest share answered within 30 s is the outage day.
    """
    standard = world.date_of(world.CHECKIN_STANDARD)
    assert checkins.loc[checkins["period"] == "before", "date"].max() < standard
    assert checkins.loc[checkins["period"] == "after", "date"].min() >= standard
    sample = checkins.groupby("period")["minutes"].mean()
    hz = mystery[mystery["branch"] == "Hangzhou"]
    shopper = hz.groupby(hz["date"] >= standard)["checkin_minutes"].mean()
    drop_sample, drop_shopper = sample["before"] - sample["after"], shopper[False] - shopper[True]
    assert drop_shopper > 0 and abs(drop_sample - drop_shopper) < 1.0, (drop_sample, drop_shopper)

    per_week = kpis.groupby(["week", "trained"])["calls"].mean().unstack()
    low = per_week.index[per_week[True] / per_week[False] < 0.7]
    assert list(low) == list(agents.training_weeks()), list(low)

    weekly = (kpis["aht_seconds"] * kpis["calls"]).groupby(kpis["week"]).sum() / kpis.groupby("week")["calls"].sum()
    assert weekly.diff().idxmax() == world.date_of(world.BOOKING_SYSTEM_GO_LIVE), weekly.diff().idxmax()

    days = pd.date_range(*world.FIRST_HALF_2026.value, freq="D")
    stays = world.expected_arrivals(days).groupby("date")["arrivals"].sum()
    hotel = complaints[complaints["unit"] != "Call centre"]
    counts = hotel.groupby(hotel["received"].dt.normalize()).size().reindex(days, fill_value=0)
    festival = world.in_period(days, world.SPRING_FESTIVAL, 2026)
    ratio = (counts[festival].sum() / stays[festival].sum()) / (counts[~festival].sum() / stays[~festival].sum())
    assert abs(ratio - world.COMPLAINT_FESTIVAL_FACTOR.value) < 0.35, ratio

    hit = june["answered"] & (june["wait_seconds"] <= world.ANSWER_STANDARD_SECONDS.value)
    worst = hit.groupby(june["date"]).mean().idxmin()
    assert worst == pd.Timestamp(world.BOOKING_SYSTEM_OUTAGE.value[0]).normalize(), worst
    return {"check-in drop (sample)": drop_sample, "check-in drop (shoppers)": drop_shopper,
            "festival complaint ratio": ratio}


def check_complaints_per_stay(complaints) -> pd.Series:
    """Complaints per 1,000 stays at each branch, January to June 2026, against the world's rate.

    Expected stays are the world's arrivals over the period (the festival days weighted by the world's
    festival factor). A branch logs 200-450 complaints: 5-7% standard error; tolerance 20% a branch
    and 6% for the four together."""
    days = pd.date_range(*world.FIRST_HALF_2026.value, freq="D")
    arrivals = world.expected_arrivals(days).groupby(["date", "branch"])["arrivals"].sum().unstack()
    weight = np.where(world.in_period(days, world.SPRING_FESTIVAL, 2026), world.COMPLAINT_FESTIVAL_FACTOR.value, 1.0)
    stays = arrivals.mul(weight, axis=0).sum()
    counts = complaints["unit"].value_counts()
    rate = (counts.reindex(list(BRANCHES)) / stays[list(BRANCHES)] * 1000)
    for branch in BRANCHES:
        close(f"{branch} complaints per 1,000 stays", rate[branch], world.COMPLAINTS_PER_1000_STAYS.value, 0.20)
    close("complaints per 1,000 stays, all branches", counts[list(BRANCHES)].sum() / stays.sum() * 1000,
          world.COMPLAINTS_PER_1000_STAYS.value, 0.06)
    return rate


def check_restaurant(hourly) -> None:
    """Restaurant covers against the world's guests and seats.

    - breakfast covers a day against in-house guests x take-up (28 days x ~200 covers a branch: a
      Gamma(25) shock per hour gives about 3% noise on the total; tolerance 8%);
    - mean covers in the peak dinner hour (18:00) against seats x 1.05 x the mean weekday factor
      (28 evenings: tolerance 6%)."""
    for branch, part in hourly.groupby("branch"):
        breakfast = part[part["meal"] == "breakfast"].groupby("date")["covers"].sum()
        expected = np.mean([world.in_house_guests(d, branch) * world.BREAKFAST_TAKE_UP.value for d in breakfast.index])
        close(f"{branch} breakfast covers a day", breakfast.mean(), expected, 0.08)
        seats = world.RESTAURANT_SEATS.value[branch]
        assert (part["seats"] == seats).all(), f"{branch}: seats column is not the world's {seats}"
        dinner = part[part["hour"] == 18]
        weekday = np.mean([world.RESTAURANT_WEEKDAY.value[d.day_of_week] for d in dinner["date"]])
        close(f"{branch} dinner-rush covers", dinner["covers"].mean(),
              seats * world.MEAL_PEAK_PER_SEAT.value["dinner"] * weekday, 0.06)


def check_front_desk(desk) -> float:
    """Check-outs at the Hangzhou desk per morning against the world's departures less express
    check-outs: 10 mornings of about 120: Poisson 3%; tolerance 8%."""
    per_morning = desk[desk["task"] == "check-out"].groupby("date").size()
    expected = np.mean([world.desk_checkouts_per_morning(d) for d in per_morning.index])
    close("desk check-outs a morning", per_morning.mean(), expected, 0.08)
    return per_morning.mean()


def check_kpis_match_the_call_log(kpis, intervals) -> None:
    """In the four simulated weeks, the calls the agents handled are the calls the log answered (no
    tolerance), and their call-weighted handle time is the log's within 5% (agents' levels are drawn
    separately around the world's mean handle time)."""
    answered = intervals.groupby(pd.to_datetime(intervals["date"]).dt.to_period("W"))["answered"].sum()
    answered.index = answered.index.start_time
    handled = kpis[kpis["week"].isin(answered.index)].groupby("week")["calls"].sum()
    assert handled.to_dict() == answered.to_dict(), (handled.to_dict(), answered.to_dict())
    part = kpis[kpis["week"].isin(answered.index)]
    kpi_aht = float((part["aht_seconds"] * part["calls"]).sum() / part["calls"].sum())
    log_aht = float((intervals["mean_handle_seconds"] * intervals["answered"]).sum() / intervals["answered"].sum())
    close("agents' handle time against the call log's", kpi_aht, log_aht, 0.05)


def check_call_mix(calls, totals) -> None:
    """Which branch and which caller tier the logged calls come from, against the shares the world's
    bookings imply; about 5,900 calls: each share within three binomial standard errors. The branch
    shares are also recomputed from booking_totals (bookings x calls per booking of the channel)."""
    n = len(calls)
    per_channel = pd.Series(world.CALLS_PER_BOOKING.value)
    from_totals = totals.groupby(["branch", "channel"])["bookings"].sum().unstack()[per_channel.index] @ per_channel
    from_totals = from_totals / from_totals.sum()
    for column, shares in (("branch", world.call_branch_shares()), ("caller_tier", world.caller_tier_shares())):
        observed = calls[column].value_counts(normalize=True)
        for key, p in shares.items():
            se = np.sqrt(p * (1 - p) / n)
            assert abs(observed.get(key, 0.0) - p) < 3 * se, (column, key, observed.get(key), p)
    for branch in BRANCHES:
        close(f"{branch} share of calls from booking_totals", from_totals[branch], world.call_branch_shares()[branch], 0.03)


def check_bookings_against_the_world(totals, tx) -> None:
    """Bookings a year in booking_totals against the world (rooms x occupancy x 365 / room nights per
    booking): 2% for all, 5% a branch, because key accounts book in lumps (the largest books over a
    thousand times a year, 65% at its home branch). The identified customers' share of bookings
    against the world's share of key-account, corporate and member bookings: 5%."""
    close("bookings a year", totals["bookings"].sum(), world.bookings_per_year(), 0.02)
    for branch, n in totals.groupby("branch")["bookings"].sum().items():
        close(f"{branch} bookings a year", n, world.bookings_per_year(branch), 0.05)
    mix = world.booking_mix()
    share = mix.loc[mix["customer_type"].isin(world.IDENTIFIED_TYPES.value), "bookings"].sum() / mix["bookings"].sum()
    close("identified share of bookings", len(tx) / totals["bookings"].sum(), share, 0.05)


def check_volumes_in_2026(failures, inbox) -> None:
    """The 2026 data sets' volumes against the world: arrivals a branch over half a year (about
    15,000-30,000: 1% noise; tolerance 3%), enquiries (calls and messages about a branch: tolerance 3%)
    and the inbox's messages over four weeks (about 2,800: 2% noise; tolerance 6%)."""
    days = pd.date_range(*world.FIRST_HALF_2026.value, freq="D")
    arrivals = world.expected_arrivals(days).groupby("branch")["arrivals"].sum()
    enquiries = sum(world.expected_calls(d) + world.messages_per_day(d) for d in days)
    for branch, part in failures.groupby("branch"):
        close(f"{branch} arrivals in 2026", part["arrivals"].sum(), arrivals[branch], 0.03)
        close(f"{branch} enquiries in 2026", part["enquiries"].sum(), enquiries * world.call_branch_shares()[branch], 0.03)
    dates = pd.to_datetime(inbox["date"].unique())
    close("messages in the inbox", len(inbox), sum(world.messages_per_day(d) for d in dates), 0.06)


# =============================================================================================
# The checks hold on the committed data
# =============================================================================================

def test_calls_a_year_agree(frames):
    check_calls_a_year(frames["callcentre_intervals"], frames["agent_kpis"], frames["booking_totals"])


def test_branch_lists_are_identical(frames):
    check_branch_lists(frames)


def test_price_levels_agree(frames):
    check_price_levels(frames["booking_totals"], frames["hotel_transactions"], frames["guest_survey"],
                       frames["nps_survey"])


def test_staffing_agrees(frames):
    check_staffing(frames["callcentre_intervals"], frames["agent_kpis"], frames["agent_employment"])


def test_receptionists_are_the_worlds(frames):
    check_receptionists(frames["checkins"], frames["mystery_shopping"])


def test_event_dates_agree(frames):
    check_event_dates(frames["checkins"], frames["mystery_shopping"], frames["agent_kpis"], frames["complaint_log"],
                      frames["call_answer_times"])


def test_complaints_per_stay(frames):
    check_complaints_per_stay(frames["complaint_log"])


def test_restaurant_covers_against_guests_and_seats(frames):
    check_restaurant(frames["hourly_demand"])


def test_front_desk_checkouts_against_departures(frames):
    check_front_desk(frames["frontdesk_queue"])


def test_kpis_handle_the_call_logs_calls(frames):
    check_kpis_match_the_call_log(frames["agent_kpis"], frames["callcentre_intervals"])


def test_call_mix_follows_the_bookings(frames):
    check_call_mix(frames["callcentre_calls"], frames["booking_totals"])


def test_bookings_against_the_world(frames):
    check_bookings_against_the_world(frames["booking_totals"], frames["hotel_transactions"])


def test_2026_volumes_against_the_world(frames):
    check_volumes_in_2026(frames["service_failures"], frames["inbox_messages"])


def test_spa_and_goal_sheet_use_the_worlds_numbers(frames):
    spa = frames["spa_appointments"]
    assert spa.groupby(["date", "session"]).size().eq(world.SPA.value["rooms"] * world.SPA.value["slots_per_room"]).all()
    assert world.SPA.value["branch"] in BRANCHES


# =============================================================================================
# Each check catches a planted fault
# =============================================================================================

def test_planted_extra_calls_in_the_log_are_caught(frames):
    intervals = frames["callcentre_intervals"].copy()
    intervals[["offered", "answered"]] = (intervals[["offered", "answered"]] * 1.15).round().astype(int)
    with pytest.raises(AssertionError, match="call log"):
        check_calls_a_year(intervals, frames["agent_kpis"], frames["booking_totals"])


def test_planted_branch_name_is_caught(frames):
    planted = Frames(frames)
    survey = frames["nps_survey"].copy()
    survey.loc[survey["branch"] == "Chengdu", "branch"] = "Chongqing"
    planted["nps_survey"] = survey
    with pytest.raises(AssertionError, match="nps_survey"):
        check_branch_lists(planted)


def test_planted_price_rise_is_caught(frames):
    totals = frames["booking_totals"].copy()
    shanghai = totals["branch"] == "Shanghai"
    totals.loc[shanghai, "room_revenue"] = (totals.loc[shanghai, "room_revenue"] * 1.08).round()
    with pytest.raises(AssertionError, match="Shanghai rate in booking_totals"):
        check_price_levels(totals, frames["hotel_transactions"], frames["guest_survey"], frames["nps_survey"])


def test_planted_overstaffed_roster_is_caught(frames):
    intervals = frames["callcentre_intervals"].copy()
    intervals["agents"] = intervals["agents"] * 2
    with pytest.raises(AssertionError, match="roster"):
        check_staffing(intervals, frames["agent_kpis"], frames["agent_employment"])


def test_planted_agent_who_had_left_is_caught(frames):
    jobs = frames["agent_employment"]
    leaver = jobs.dropna(subset=["leave_date"]).iloc[0]
    ghost = frames["agent_kpis"].iloc[[0]].copy()
    ghost[["agent", "week"]] = [leaver["agent"], frames["agent_kpis"]["week"].max()]
    kpis = pd.concat([frames["agent_kpis"], ghost], ignore_index=True)
    with pytest.raises(AssertionError, match="KPI agents differ"):
        check_staffing(frames["callcentre_intervals"], kpis, jobs)


def test_planted_unknown_receptionist_is_caught(frames):
    checkins = frames["checkins"].copy()
    checkins.loc[0, "receptionist"] = "HZ-FD13"
    with pytest.raises(AssertionError, match="HZ-FD13"):
        check_receptionists(checkins, frames["mystery_shopping"])


def test_planted_shift_of_the_festival_is_caught(frames):
    # Move every complaint by two weeks: the festival's extra complaints leave the festival days.
    log = frames["complaint_log"].copy()
    log["received"] = log["received"] + pd.Timedelta(days=14)
    with pytest.raises(AssertionError):
        check_event_dates(frames["checkins"], frames["mystery_shopping"], frames["agent_kpis"], log,
                          frames["call_answer_times"])


def test_planted_wrong_training_weeks_are_caught(frames):
    kpis = frames["agent_kpis"].copy()
    kpis["week"] = kpis["week"] + pd.Timedelta(weeks=1)
    with pytest.raises(AssertionError):
        check_event_dates(frames["checkins"], frames["mystery_shopping"], kpis, frames["complaint_log"],
                          frames["call_answer_times"])


def test_planted_missing_complaints_are_caught(frames):
    log = frames["complaint_log"]
    drop = log[log["unit"] == "Xiamen"].sample(frac=0.4, random_state=1).index
    with pytest.raises(AssertionError, match="Xiamen complaints"):
        check_complaints_per_stay(log.drop(index=drop))


def test_planted_seats_are_caught(frames):
    hourly = frames["hourly_demand"].copy()
    hourly.loc[hourly["branch"] == "Xiamen", "seats"] += 30
    with pytest.raises(AssertionError, match="seats"):
        check_restaurant(hourly)


def test_planted_double_checkouts_are_caught(frames):
    desk = frames["frontdesk_queue"]
    doubled = pd.concat([desk, desk[desk["task"] == "check-out"].sample(frac=0.3, random_state=1)])
    with pytest.raises(AssertionError, match="check-outs"):
        check_front_desk(doubled)


def test_planted_kpi_call_count_is_caught(frames):
    kpis = frames["agent_kpis"].copy()
    row = kpis.index[kpis["week"] == pd.Timestamp(world.CALL_WEEKS.value[0])][0]
    kpis.loc[row, "calls"] += 1
    with pytest.raises(AssertionError):
        check_kpis_match_the_call_log(kpis, frames["callcentre_intervals"])


def test_planted_branch_skew_in_the_call_log_is_caught(frames):
    calls = frames["callcentre_calls"].copy()
    calls.loc[calls.sample(frac=0.1, random_state=2).index, "branch"] = "Xiamen"
    with pytest.raises(AssertionError, match="branch"):
        check_call_mix(calls, frames["booking_totals"])


def test_planted_lost_bookings_are_caught(frames):
    totals = frames["booking_totals"].copy()
    totals.loc[totals["branch"] == "Chengdu", "bookings"] //= 2
    with pytest.raises(AssertionError, match="bookings"):
        check_bookings_against_the_world(totals, frames["hotel_transactions"])


def test_planted_inbox_gap_is_caught(frames):
    inbox = frames["inbox_messages"]
    with pytest.raises(AssertionError, match="messages"):
        check_volumes_in_2026(frames["service_failures"], inbox[inbox["date"] != inbox["date"].min()].iloc[::2])


# =============================================================================================
# The world itself: every fact documented, shares and profiles well formed, no constant restated
# =============================================================================================

def test_every_fact_has_a_unit_and_a_known_source_or_is_an_assumption(root):
    keys = set(re.findall(r"@\w+\{([^,]+),", (root / "book" / "references.bib").read_text(encoding="utf-8")))
    table = world.fact_table()
    assert len(table) >= 60 and table["assumption"].any() and (~table["assumption"]).any()
    for name, fact in world.facts().items():
        assert fact.unit, f"{name} has no unit"
        assert fact.assumption == (fact.source is None)
        for key in fact.keys:
            assert key in keys, f"{name}: source {key!r} is not in book/references.bib"


def test_shares_sum_to_one_and_profiles_average_one():
    shares = [world.CUSTOMER_TYPE_SHARE.value["business"], world.CUSTOMER_TYPE_SHARE.value["leisure"],
              world.MESSAGE_CHANNEL_SHARE.value, world.MESSAGE_TOPIC_SHARE.value, world.PAY_GRADE_MIX.value,
              world.DESK_TASK_SHARE.value, *world.CHANNEL_MIX.value.values()]
    for share in shares:
        assert sum(share.values()) == pytest.approx(1.0), share
    for profile in (*world.MONTH_PROFILE.value.values(), *world.WEEKDAY_PROFILE.value.values(),
                    world.MESSAGE_WEEKDAY.value):
        assert np.mean(profile) == pytest.approx(1.0), profile
    assert sum(world.call_branch_shares().values()) == pytest.approx(1.0)
    assert sum(world.caller_tier_shares().values()) == pytest.approx(1.0)


def test_the_firm_is_plausible_as_a_whole():
    # The brief: occupancy never above 100% in any month; 30-odd agents; calls per booking of order 1-2.
    for branch in BRANCHES:
        peak = max(world.demand_factor(branch, m) for m in range(1, 13)) * world.OCCUPANCY.value[branch]
        assert peak < 0.97, branch
    assert 30 <= world.AGENT_HEADCOUNT.value < 40
    assert 1.0 < world.calls_per_year() / world.bookings_per_year() < 2.5
    assert world.cost_per_contact()["phone"] > world.cost_per_contact()["message"] > world.cost_per_contact()["app"]


#: Event dates: no generator may type one of these again (they come from the world).
def _world_dates() -> set[str]:
    found = set()

    def walk(value):
        if hasattr(value, "isoformat"):
            found.add(value.isoformat()[:10])
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (tuple, list)):
            for v in value:
                walk(v)
        elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", value):
            found.add(value[:10])

    for fact in world.facts().values():
        walk(fact.value)
    return found


def restated_constants(source: str) -> list[str]:
    """World facts a generator's source types again: an event date, or the list of branches."""
    problems = [f"date {d}" for d in sorted(_world_dates()) if d in source]
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List)):
            names = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if set(BRANCHES) <= set(names):
                problems.append(f"branch list at line {node.lineno}")
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            if set(BRANCHES) <= set(keys):
                problems.append(f"a table by branch at line {node.lineno}")
    return problems


def test_no_generator_restates_a_world_fact():
    # Per-branch survey parameters (a branch's mood in a survey) are the survey's own assumptions, not
    # facts of the firm; they may be tables by branch.  Everything else by branch comes from the world.
    survey_tables = {"nps_survey.py", "expectation_survey.py", "guest_survey.py", "servqual_survey.py",
                     "complaints.py", "mystery_shopping.py"}
    for path in sorted(SYNTH.glob("*.py")):
        if path.name in ("world.py", "__init__.py", "__main__.py"):
            continue
        problems = restated_constants(path.read_text(encoding="utf-8"))
        if path.name in survey_tables:
            problems = [p for p in problems if not p.startswith("a table by branch")]
        assert not problems, f"{path.name} restates world facts: {problems}"


def test_the_restatement_check_catches_a_planted_constant():
    planted = 'STANDARD = "2026-02-02"\nBRANCHES = ("Hangzhou", "Shanghai", "Xiamen", "Chengdu")\n'
    problems = restated_constants(planted)
    assert "date 2026-02-02" in problems and any(p.startswith("branch list") for p in problems)


# =============================================================================================
# The firm page shows the world's figures
# =============================================================================================

def _glued(root) -> dict:
    """The values book/mirror-lake.ipynb glued into its prose, from its committed outputs."""
    import json

    notebook = json.loads((root / "book" / "mirror-lake.ipynb").read_text(encoding="utf-8"))
    values = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                text = output["data"][record["mime_prefix"] + "text/plain"]
                values[record["name"]] = ast.literal_eval(text)
    return values


def test_the_firm_page_shows_the_worlds_figures(root, frames):
    # The page's outputs are committed; after a change to the world they must be re-executed
    # (python tools/execute_notebooks.py book/mirror-lake.ipynb), or this test fails.
    glued = _glued(root)
    assert all(isinstance(v, (int, float, str)) for v in glued.values()), "glue plain numbers, not numpy ones"
    assert glued["rooms"] == sum(world.ROOMS.value.values())
    assert glued["bookings_world"] == pytest.approx(world.bookings_per_year())
    assert glued["bookings_2025"] == frames["booking_totals"]["bookings"].sum()
    assert glued["calls_world"] == pytest.approx(world.calls_per_year())
    assert glued["headcount"] == world.AGENT_HEADCOUNT.value
    assert glued["cost_call"] == pytest.approx(world.cost_per_contact()["phone"])
    assert glued["n_facts"] == len(world.facts())
    assert glued["n_datasets"] == len(data.names())
    assert glued["key_accounts"] == world.KEY_ACCOUNTS.value


def test_every_glue_key_the_page_uses_is_glued(root):
    import json

    notebook = json.loads((root / "book" / "mirror-lake.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    used = set(re.findall(r"\{glue:text\}`([a-z_0-9]+)", text))
    assert used and used <= set(_glued(root)), used - set(_glued(root))
