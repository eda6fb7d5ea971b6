"""The complaint log of Mirror Lake Hotels (January to June 2026), with the time of every handling step.

Complaint volumes come from the world (servicelab/synth/world.py): complaints per 1,000 stays at each
branch, per 10,000 calls at the reservation call centre, more of them over the Spring Festival.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, iso, pick

#: Where a complaint is raised: the four hotels and the reservation call centre.
COMPLAINT_UNITS = BRANCHES + ("Call centre",)
CHANNELS = ("front desk", "phone", "email", "online review", "WeChat")
CATEGORIES = (
    "room cleanliness", "noise", "slow check-in", "billing error", "booking error",
    "staff attitude", "broken facilities", "restaurant food", "Wi-Fi", "other",
)
REMEDIES = ("apology", "re-service", "room change", "refund", "voucher", "explanation")

_HOTEL_CATEGORY = {  # shares of complaint causes at a hotel
    "room cleanliness": 0.31, "noise": 0.21, "slow check-in": 0.16, "billing error": 0.07,
    "booking error": 0.01, "staff attitude": 0.06, "broken facilities": 0.06,
    "restaurant food": 0.05, "Wi-Fi": 0.04, "other": 0.03,
}
_CALL_CENTRE_CATEGORY = {"booking error": 0.62, "staff attitude": 0.18, "billing error": 0.15, "other": 0.05}
_HOTEL_CHANNEL = (0.40, 0.20, 0.10, 0.17, 0.13)
_CALL_CENTRE_CHANNEL = (0.00, 0.70, 0.15, 0.00, 0.15)
#: Median hours to first response by channel, and its log-sd.
_RESPONSE_MEDIAN_H = {"front desk": 0.08, "phone": 0.25, "email": 5.0, "online review": 16.0, "WeChat": 0.8}
_RESPONSE_LOG_SD = {"front desk": 0.6, "phone": 0.8, "email": 0.8, "online review": 0.7, "WeChat": 0.9}
_UNIT_SLOWNESS = {"Hangzhou": 1.0, "Shanghai": 1.1, "Xiamen": 0.9, "Chengdu": 1.45, "Call centre": 1.0}
_VALID_SHARE = {
    "room cleanliness": 0.88, "noise": 0.70, "slow check-in": 0.85, "billing error": 0.90,
    "booking error": 0.90, "staff attitude": 0.75, "broken facilities": 0.92,
    "restaurant food": 0.80, "Wi-Fi": 0.85, "other": 0.60,
}
_REMEDY_BY_CATEGORY = {
    "room cleanliness": {"re-service": 0.60, "room change": 0.25, "apology": 0.15},
    "noise": {"room change": 0.60, "apology": 0.25, "voucher": 0.15},
    "slow check-in": {"apology": 0.70, "voucher": 0.30},
    "billing error": {"refund": 0.85, "apology": 0.15},
    "booking error": {"room change": 0.40, "voucher": 0.35, "apology": 0.25},
    "staff attitude": {"apology": 0.80, "voucher": 0.20},
    "broken facilities": {"re-service": 0.70, "room change": 0.30},
    "restaurant food": {"re-service": 0.40, "voucher": 0.40, "refund": 0.20},
    "Wi-Fi": {"re-service": 0.80, "apology": 0.20},
    "other": {"apology": 0.60, "voucher": 0.40},
}
#: Median hours from judgement to a remedy carried out.
_REMEDY_MEDIAN_H = {"apology": 0.5, "re-service": 1.5, "room change": 1.0, "refund": 36.0,
                    "voucher": 4.0, "explanation": 0.7}
_REMEDY_SATISFACTION = {"apology": -0.4, "re-service": 0.0, "room change": 0.4, "refund": 0.3,
                        "voucher": 0.2, "explanation": -1.2}
#: Share of cases never followed up, by unit (Shanghai's duty managers skip it most).
_NO_FOLLOW_UP = {"Hangzhou": 0.04, "Shanghai": 0.15, "Xiamen": 0.05, "Chengdu": 0.08, "Call centre": 0.03}
#: Share of valid cases where the remedy was carried out before the complaint was judged.
_REMEDY_FIRST = 0.035
#: Probability that a complaint comes from a recently unhappy complainer (a repeat).
_REPEAT_SHARE = 0.08


def expected_complaints(days) -> pd.DataFrame:
    """Expected complaints per day and unit: stays x rate per 1,000 stays (x the festival factor) at each
    branch; calls x rate per 10,000 calls at the call centre.  Stays on a day are the world's expected
    arrivals (a stable mix makes departures and arrivals alike)."""
    days = pd.DatetimeIndex(days)
    arrivals = world.expected_arrivals(days).groupby(["date", "branch"])["arrivals"].sum().unstack()[list(BRANCHES)]
    festival = np.zeros(len(days), dtype=bool)
    for year in world.SPRING_FESTIVAL.value:
        festival |= world.in_period(days, world.SPRING_FESTIVAL, year)
    factor = np.where(festival, world.COMPLAINT_FESTIVAL_FACTOR.value, 1.0)
    table = arrivals.mul(world.COMPLAINTS_PER_1000_STAYS.value / 1000 * factor, axis=0)
    calls = np.array([world.expected_calls(d) for d in days])
    table["Call centre"] = calls * world.CALL_CENTRE_COMPLAINTS_PER_10000_CALLS.value / 10000
    table.index = days
    return table


def make_complaint_log() -> pd.DataFrame:
    """Six months of complaints at Mirror Lake Hotels, with the time of every handling step."""
    rng = np.random.default_rng(301)
    n_guests = 5000
    guest_value = np.round(np.exp(np.log(2400) + 0.85 * rng.standard_normal(n_guests)), -1)
    guest_value = np.clip(guest_value, 300, None)
    days = pd.date_range(*world.FIRST_HALF_2026.value, freq="D")
    rates = expected_complaints(days)
    records = []
    unhappy: list[tuple[pd.Timestamp, int, str, str]] = []  # (time, guest, unit, category)
    for day in days:
        todays = rates.loc[day].to_dict()
        month_ago = day - pd.Timedelta(days=30)
        recent = [u for u in unhappy if u[0] >= month_ago]  # guests left unhappy in the past 30 days
        for _ in range(int(rng.poisson(sum(todays.values())))):
            if recent and rng.random() < _REPEAT_SHARE:
                when, guest, unit, category = recent[int(rng.integers(len(recent)))]
                if rng.random() < 0.4:  # a repeat is often about something else
                    category = pick(rng, _CALL_CENTRE_CATEGORY if unit == "Call centre" else _HOTEL_CATEGORY)
            else:
                guest = int(rng.integers(n_guests))
                unit = pick(rng, todays)
                category = pick(rng, _CALL_CENTRE_CATEGORY if unit == "Call centre" else _HOTEL_CATEGORY)
            channel_p = _CALL_CENTRE_CHANNEL if unit == "Call centre" else _HOTEL_CHANNEL
            channel = CHANNELS[int(rng.choice(len(CHANNELS), p=channel_p))]
            heavy = category in ("billing error", "staff attitude", "booking error")
            severity = int(rng.choice([1, 2, 3], p=[0.40, 0.40, 0.20] if heavy else [0.60, 0.31, 0.09]))
            if channel in ("online review", "email"):
                hour = int(rng.integers(0, 24))
            else:
                hour = int(rng.choice(np.arange(7, 24), p=_day_hours()))
            received = day + pd.Timedelta(hours=hour, minutes=int(rng.integers(60)))

            slow = _UNIT_SLOWNESS[unit]
            response_h = slow * np.exp(np.log(_RESPONSE_MEDIAN_H[channel]) + _RESPONSE_LOG_SD[channel] * rng.standard_normal())
            judge_h = np.exp(np.log(1.5) + 0.9 * rng.standard_normal()) * (1 + 0.8 * (severity - 1))
            valid = bool(rng.random() < _VALID_SHARE[category])
            remedy = pick(rng, _REMEDY_BY_CATEGORY[category]) if valid else "explanation"
            remedy_h = slow * np.exp(np.log(_REMEDY_MEDIAN_H[remedy]) + 0.8 * rng.standard_normal()) * (1 + 0.3 * (severity - 1))
            first_response = received + pd.Timedelta(minutes=max(1, round(response_h * 60)))
            judged = first_response + pd.Timedelta(minutes=max(1, round(judge_h * 60)))
            remedied = judged + pd.Timedelta(minutes=max(1, round(remedy_h * 60)))
            if valid and rng.random() < _REMEDY_FIRST:
                # The remedy went ahead before anyone judged the complaint: the step the workflow refuses.
                gap = (judged - first_response).total_seconds() / 60
                remedied = first_response + pd.Timedelta(minutes=max(1, round(rng.uniform(0.2, 0.8) * gap)))
                remedied = min(remedied, judged - pd.Timedelta(minutes=1))
            resolution_h = (remedied - received).total_seconds() / 3600
            followed = rng.random() >= _NO_FOLLOW_UP[unit]
            if followed:
                follow_h = np.exp(np.log(26) + 0.6 * rng.standard_normal())
                followed_up = remedied + pd.Timedelta(minutes=max(30, round(follow_h * 60)))
                score = (8.4 - 0.045 * min(resolution_h, 72) - 0.6 * (severity - 1)
                         + _REMEDY_SATISFACTION[remedy] - (0.4 if severity >= 2 and remedy == "apology" else 0)
                         + 1.3 * rng.standard_normal())
                satisfaction = int(np.clip(np.rint(score), 1, 10))
                logit = -1.6 + 0.42 * (satisfaction - 4)
            else:
                followed_up, satisfaction = None, None
                logit = -1.4
            logit += 0.3 * np.log(guest_value[guest] / 2400)
            rebooked = bool(rng.random() < 1 / (1 + np.exp(-logit)))
            if satisfaction is None or satisfaction <= 5:
                unhappy.append((received, guest, unit, category))
            records.append({
                "customer_id": f"G{guest + 1:05d}",
                "customer_value_yuan": int(guest_value[guest]),
                "unit": unit,
                "channel": channel,
                "category": category,
                "severity": severity,
                "received": received,
                "first_response": first_response,
                "judged": judged,
                "valid": valid,
                "remedy": remedy,
                "remedied": remedied,
                "followed_up": followed_up,
                "satisfaction": satisfaction,
                "rebooked": rebooked,
            })
        unhappy = [u for u in unhappy if (day - u[0]) <= pd.Timedelta(days=31)]
    frame = pd.DataFrame(records).sort_values("received", kind="stable").reset_index(drop=True)
    frame.insert(0, "complaint_id", [f"MLC{i:05d}" for i in range(1, len(frame) + 1)])
    for column in ("received", "first_response", "judged", "remedied"):
        frame[column] = [iso(t) for t in frame[column]]
    frame["followed_up"] = [None if t is None or pd.isna(t) else iso(t) for t in frame["followed_up"]]
    frame["satisfaction"] = frame["satisfaction"].astype("Int64")
    return frame[[f.name for f in COMPLAINT_LOG_FIELDS]]


def _day_hours() -> np.ndarray:
    """Relative frequency of complaints raised in person or by phone, 07:00 to 23:00."""
    shape = np.array([3, 5, 5, 4, 3, 3, 3, 3, 3, 4, 5, 6, 7, 7, 6, 5, 3], dtype=float)
    return shape / shape.sum()


COMPLAINT_LOG_FIELDS = (
    Field("complaint_id", "string", "Case number, in order of receipt",
          constraints={"required": True, "pattern": "MLC[0-9]{5}"}),
    Field("customer_id", "string", "Guest who complained (pseudonymous)",
          constraints={"required": True, "pattern": "G[0-9]{5}"}),
    Field("customer_value_yuan", "integer", "The guest's spend with Mirror Lake Hotels in the past year",
          unit="yuan", constraints={"required": True, "minimum": 0}),
    Field("unit", "string", "Hotel branch or the reservation call centre the complaint is about",
          constraints={"required": True, "enum": list(COMPLAINT_UNITS)}),
    Field("channel", "string", "How the complaint reached the firm",
          constraints={"required": True, "enum": list(CHANNELS)}),
    Field("category", "string", "Cause of the complaint", constraints={"required": True, "enum": list(CATEGORIES)}),
    Field("severity", "integer", "1 minor, 2 moderate, 3 serious", unit="level (1-3)",
          constraints={"required": True, "minimum": 1, "maximum": 3}),
    Field("received", "datetime", "When the complaint reached the firm (local time)", constraints={"required": True}),
    Field("first_response", "datetime", "Step 1: when the guest was first heard out by staff",
          constraints={"required": True}),
    Field("judged", "datetime", "Step 2: when the key points were recorded and the complaint judged",
          constraints={"required": True}),
    Field("valid", "boolean", "Step 2's verdict: does the complaint hold?", constraints={"required": True}),
    Field("remedy", "string", "Step 3: the remedy carried out (an explanation if the complaint did not hold)",
          constraints={"required": True, "enum": list(REMEDIES)}),
    Field("remedied", "datetime", "Step 3: when the remedy the guest accepted was carried out",
          constraints={"required": True}),
    Field("followed_up", "datetime", "Step 4: when staff followed up; empty if nobody did"),
    Field("satisfaction", "integer", "Guest's satisfaction with the handling, asked at the follow-up; empty if none",
          unit="points (1-10)", constraints={"minimum": 1, "maximum": 10}),
    Field("rebooked", "boolean", "Did the guest book again within six months of the complaint?",
          constraints={"required": True}),
)

COMPLAINT_LOG = Resource(
    name="complaint_log",
    title="Complaint log, Mirror Lake Hotels (January to June 2026)",
    description=(
        "Every complaint received by Mirror Lake Hotels' four branches and reservation call centre "
        "from 1 January to 30 June 2026, one row per complaint, with the time of each of the "
        "course's four handling steps (hear the guest out, record and judge, remedy, follow up), "
        "the verdict, the remedy, the guest's satisfaction at the follow-up and whether the guest "
        "booked again. Used in Chapter 3 to run the complaint workflow on real-looking records, "
        "draw a Pareto chart of causes, measure service levels and size the complaint iceberg."
    ),
    process=(
        "Synthetic, seed 301, volumes from the world (servicelab/synth/world.py): each branch's complaints "
        "are Poisson around its stays that day (the world's expected arrivals) x 15 per 1,000 stays, x1.4 over "
        "the Spring Festival holiday (15-23 February 2026); the call centre's around the world's expected calls "
        "x 6 per 10,000 calls. Each complaint gets a cause (hotels: room cleanliness 31%, noise 21%, slow "
        "check-in 16%, billing 7%, ...; call centre: booking errors 62%, ...) and a channel. Guests come from a "
        "pool of 5,000 whose annual spend is lognormal (median 2,400 yuan); 8% of complaints come back from a "
        "guest left unhappy in the past 30 days. Hours to first response are lognormal by channel (median 5 "
        "minutes at the front desk, 16 hours for online reviews), slower in Chengdu; judging and remedy times "
        "are lognormal, longer for serious cases and refunds. Built in for the audit: in 3.5% of valid cases "
        "the remedy was carried out before the complaint was judged (a quick fix at once, which may or may not "
        "be a fault), and 3-15% of cases (most in Shanghai) were never followed up. Satisfaction at follow-up "
        "falls with resolution time and severity and depends on the remedy; the chance of booking again rises "
        "with satisfaction, so the log shows that link by construction. Parameters are assumptions."
    ),
    fields=COMPLAINT_LOG_FIELDS,
    make=make_complaint_log,
    sources=(
        "courseslides: the four complaint-handling steps (第三章 第三节 售后服务, 六、处理客户的投诉)",
        "satisfactionslides: at most one dissatisfied customer in three complains",
    ),
    primary_key=("complaint_id",),
    chapter=3,
)


RESOURCES = [COMPLAINT_LOG]
