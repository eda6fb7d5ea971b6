"""Chapters 3 and 8 data: complaints, a courier's daily failures, call answer times, a SERVQUAL
survey and service-recovery outcomes.

Four of the five tables describe Mirror Lake Hotels (镜湖酒店集团), the book's running example:
its complaint log, the answer times of its reservation call centre in June 2026 (the same centre
Chapter 5 studies in March), a SERVQUAL survey of its guests and the outcomes of its service
recoveries.  The fifth, the daily failure counts behind a service quality indicator, comes from a
regional parcel courier instead, because the course's indicator and weights (FedEx's SQI) are
defined for parcel delivery.

Every table is synthetic, generated from a fixed seed.  Where a number comes from the course or
the literature, the resource's ``sources`` say so; every other number is an illustrative choice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource

BRANCHES = ("Hangzhou", "Shanghai", "Xiamen", "Chengdu")

# ------------------------------------------------------------------------------------------------
# The complaint log
# ------------------------------------------------------------------------------------------------

#: Where a complaint is raised: the four hotels and the reservation call centre.
COMPLAINT_UNITS = BRANCHES + ("Call centre",)
CHANNELS = ("front desk", "phone", "email", "online review", "WeChat")
CATEGORIES = (
    "room cleanliness", "noise", "slow check-in", "billing error", "booking error",
    "staff attitude", "broken facilities", "restaurant food", "Wi-Fi", "other",
)
REMEDIES = ("apology", "re-service", "room change", "refund", "voucher", "explanation")

_UNIT_SHARE = (0.27, 0.27, 0.19, 0.18, 0.09)
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
_START, _END = "2026-01-01", "2026-06-30"
_SPRING_FESTIVAL = ("2026-02-14", "2026-02-23")


def _pick(rng: np.random.Generator, shares: dict) -> str:
    keys = list(shares)
    p = np.array([shares[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _iso(stamp: pd.Timestamp) -> str:
    return stamp.strftime("%Y-%m-%dT%H:%M:%S")


def make_complaint_log() -> pd.DataFrame:
    """Six months of complaints at Mirror Lake Hotels, with the time of every handling step."""
    rng = np.random.default_rng(301)
    n_guests = 5000
    guest_value = np.round(np.exp(np.log(2400) + 0.85 * rng.standard_normal(n_guests)), -1)
    guest_value = np.clip(guest_value, 300, None)
    days = pd.date_range(_START, _END, freq="D")
    festival = pd.date_range(*_SPRING_FESTIVAL, freq="D")
    records = []
    unhappy: list[tuple[pd.Timestamp, int, str, str]] = []  # (time, guest, unit, category)
    for day in days:
        rate = 6.3 * (1.15 if day.day_of_week >= 5 else 1.0) * (1.6 if day in festival else 1.0)
        for _ in range(int(rng.poisson(rate))):
            recent = [u for u in unhappy if (day - u[0]) <= pd.Timedelta(days=30)]
            if recent and rng.random() < _REPEAT_SHARE:
                when, guest, unit, category = recent[int(rng.integers(len(recent)))]
                if rng.random() < 0.4:  # a repeat is often about something else
                    category = _pick(rng, _CALL_CENTRE_CATEGORY if unit == "Call centre" else _HOTEL_CATEGORY)
            else:
                guest = int(rng.integers(n_guests))
                unit = COMPLAINT_UNITS[int(rng.choice(len(COMPLAINT_UNITS), p=_UNIT_SHARE))]
                category = _pick(rng, _CALL_CENTRE_CATEGORY if unit == "Call centre" else _HOTEL_CATEGORY)
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
            remedy = _pick(rng, _REMEDY_BY_CATEGORY[category]) if valid else "explanation"
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
        frame[column] = [_iso(t) for t in frame[column]]
    frame["followed_up"] = [None if t is None or pd.isna(t) else _iso(t) for t in frame["followed_up"]]
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
        "Synthetic, seed 301. Complaints arrive as Poisson(6.3 a day), x1.15 at weekends and x1.6 "
        "over the Spring Festival (14-23 February). Each goes to a unit (Hangzhou 27%, Shanghai 27%, "
        "Xiamen 19%, Chengdu 18%, call centre 9%), a cause (hotels: room cleanliness 31%, noise 21%, "
        "slow check-in 16%, billing 7%, ...; call centre: booking errors 62%, ...) and a channel. "
        "Guests come from a pool of 5,000 whose annual spend is lognormal (median 2,400 yuan); 8% of "
        "complaints come back from a guest left unhappy in the past 30 days. Hours to first response "
        "are lognormal by channel (median 5 minutes at the front desk, 16 hours for online reviews), "
        "slower in Chengdu; judging and remedy times are lognormal, longer for serious cases and "
        "refunds. Deliberate process faults, for the audit: in 3.5% of valid cases the remedy was "
        "carried out before the complaint was judged, and 3-15% of cases (most in Shanghai) were "
        "never followed up. Satisfaction at follow-up falls with resolution time and severity and "
        "depends on the remedy; the chance of booking again rises with satisfaction. Illustrative "
        "parameters, not from a source."
    ),
    fields=COMPLAINT_LOG_FIELDS,
    make=make_complaint_log,
    sources=(
        "courseslides: the four complaint-handling steps (Chapter 3.3)",
        "satisfactionslides: at most one dissatisfied customer in three complains",
    ),
    primary_key=("complaint_id",),
    chapter=3,
)

# ------------------------------------------------------------------------------------------------
# A courier's daily failures for the service quality indicator
# ------------------------------------------------------------------------------------------------

SQI_INDICATORS = (
    "lost_packages", "damaged_packages", "wrong_day_late", "complaints_reopened",
    "invoice_adjustments", "aircraft_delays", "unanswered_enquiries", "right_day_late", "missing_pod",
)
#: Failures per 10,000 parcels on an ordinary day (aircraft delays are per flight instead).
_SQI_RATE = {
    "lost_packages": 0.35, "damaged_packages": 2.2, "wrong_day_late": 9.0, "complaints_reopened": 1.6,
    "invoice_adjustments": 5.0, "unanswered_enquiries": 3.5, "right_day_late": 70.0, "missing_pod": 4.0,
}
_FLIGHTS, _FLIGHT_DELAY = 16, 0.08


def make_sqi_daily_failures() -> pd.DataFrame:
    """Half a year of daily failure counts at a parcel courier."""
    rng = np.random.default_rng(302)
    days = pd.date_range(_START, _END, freq="D")
    rows = []
    for day in days:
        d = day.strftime("%Y-%m-%d")
        volume = 42000 * (1.0, 1.0, 1.0, 1.0, 1.05, 0.70, 0.45)[day.day_of_week]
        factor = {name: 1.0 for name in _SQI_RATE}
        delay = _FLIGHT_DELAY
        if "2026-02-02" <= d <= "2026-02-12":  # pre-festival rush: overloaded network
            volume *= 1.3
            factor["wrong_day_late"] = factor["right_day_late"] = 1.8
            factor["unanswered_enquiries"] = 1.6
        if "2026-02-14" <= d <= "2026-02-22":  # Spring Festival: little traffic
            volume *= 0.3
        if "2026-04-13" <= d <= "2026-04-26":  # new sorting machine, teething problems
            factor["damaged_packages"] = 3.0
            factor["missing_pod"] = 1.5
        if "2026-06-08" <= d <= "2026-06-10":  # storms ground flights
            delay = 0.5
            factor["wrong_day_late"] = 3.0
            factor["right_day_late"] = 1.8
        parcels = int(rng.poisson(volume * rng.gamma(100, 1 / 100)))
        counts = {}
        for name, rate in _SQI_RATE.items():
            mean = parcels / 10_000 * rate * factor[name] * rng.gamma(20, 1 / 20)
            counts[name] = int(rng.poisson(mean))
        counts["aircraft_delays"] = int(rng.binomial(_FLIGHTS, delay))
        rows.append({"date": d, "parcels": parcels, **{k: counts[k] for k in SQI_INDICATORS}})
    return pd.DataFrame(rows)[[f.name for f in SQI_FIELDS]]


_SQI_DESCRIPTIONS = {
    "lost_packages": "Parcels lost",
    "damaged_packages": "Parcels delivered damaged",
    "wrong_day_late": "Parcels delivered late, after the promised day",
    "complaints_reopened": "Customer complaints reopened after being closed",
    "invoice_adjustments": "Invoices that had to be corrected",
    "aircraft_delays": "Company flights that left late (of 16 a day)",
    "unanswered_enquiries": "Customer tracing enquiries not answered the same day",
    "right_day_late": "Parcels delivered on the promised day but after the promised time",
    "missing_pod": "Deliveries with no proof of delivery on file",
}

SQI_FIELDS = (
    Field("date", "date", "Calendar date", constraints={"required": True}),
    Field("parcels", "integer", "Parcels handled", unit="parcels", constraints={"required": True, "minimum": 0}),
) + tuple(
    Field(name, "integer", _SQI_DESCRIPTIONS[name], unit="flights" if name == "aircraft_delays" else "failures",
          constraints={"required": True, "minimum": 0})
    for name in SQI_INDICATORS
)

SQI_DAILY_FAILURES = Resource(
    name="sqi_daily_failures",
    title="Daily service failures of a parcel courier, by type (January to June 2026)",
    description=(
        "Daily counts of the nine failure types in the course's service quality indicator (SQI), "
        "for a regional parcel courier, 1 January to 30 June 2026, with the parcels handled each "
        "day. The setting is a courier, not Mirror Lake Hotels, because the indicator and its "
        "weights were built for parcel delivery. Used in Chapter 8 to compute a daily SQI, find "
        "which failures drive it and see how the missing weight changes it."
    ),
    process=(
        "Synthetic, seed 302. Parcels ~ Poisson(42,000 on a weekday, x0.70 Saturday, x0.45 Sunday, "
        "x a Gamma(100, 1/100) day factor). Each failure type is Poisson with a rate per 10,000 parcels "
        "(lost 0.35, damaged 2.2, wrong-day late 9, reopened complaints 1.6, invoice adjustments 5, "
        "unanswered enquiries 3.5, right-day late 70, missing proof of delivery 4) x a Gamma(20, 1/20) "
        "day factor; aircraft delays are Binomial(16 flights, 0.08). Four events: a pre-festival rush "
        "(2-12 February: volume x1.3, late deliveries x1.8), the Spring Festival lull (14-22 February: "
        "volume x0.3), a new sorting machine with teething problems (13-26 April: damaged x3), and "
        "storms (8-10 June: flight delay probability 0.5, wrong-day late x3). Illustrative parameters, "
        "not from a source."
    ),
    fields=SQI_FIELDS,
    make=make_sqi_daily_failures,
    sources=("standardsslides: the SQI failure types and weights (Q-21)",),
    primary_key=("date",),
    chapter=8,
)

# ------------------------------------------------------------------------------------------------
# Call answer times at the reservation call centre, June 2026
# ------------------------------------------------------------------------------------------------

_CALL_HOURS = np.arange(8, 22)
_CALL_SHAPE = np.array([0.45, 0.85, 1.00, 1.00, 0.80, 0.65, 0.85, 0.90, 0.85, 0.70, 0.55, 0.50, 0.50, 0.35])
_CALL_WEEKDAY = (1.00, 0.92, 0.90, 0.88, 0.90, 0.68, 0.75)
_MONDAY_CALLS = 1100


def make_call_answer_times() -> pd.DataFrame:
    """Four weeks of calls with the seconds each caller waited for an agent."""
    rng = np.random.default_rng(303)
    days = pd.date_range("2026-06-01", periods=30, freq="D")
    shape = _CALL_SHAPE / _CALL_SHAPE.sum()
    frames = []
    for day in days:
        d = day.strftime("%Y-%m-%d")
        volume = _MONDAY_CALLS * _CALL_WEEKDAY[day.day_of_week] * rng.gamma(200, 1 / 200)
        busy = -0.95 + 0.22 * rng.standard_normal()  # logit of the chance a call must queue
        mean_wait = 42.0
        if "2026-06-16" <= d <= "2026-06-18":  # bookings for the Dragon Boat Festival weekend
            volume *= 1.35
            busy += 0.55
        if d >= "2026-06-22":  # four new agents finish training
            busy -= 0.55
        calls_per_hour = rng.poisson(volume * shape)
        for hour, n in zip(_CALL_HOURS, calls_per_hour):
            logit = busy + 1.2 * (_CALL_SHAPE[hour - 8] - 0.7)
            wait_mean = mean_wait * (0.8 + 0.5 * _CALL_SHAPE[hour - 8])
            if d == "2026-06-15" and 10 <= hour <= 12:  # booking system down for three hours
                logit, wait_mean = 2.5, 160.0
            queued = rng.random(n) < 1 / (1 + np.exp(-logit))
            wait = np.where(queued, rng.exponential(wait_mean, n), rng.uniform(0, 6, n))
            patience = rng.exponential(150.0, n)
            abandoned = wait > patience
            wait = np.where(abandoned, patience, wait)
            minutes = np.sort(rng.integers(0, 60, n))
            frames.append(pd.DataFrame({
                "date": d,
                "time": [f"{hour:02d}:{m:02d}" for m in minutes],
                "wait_seconds": np.round(wait).astype(int),
                "answered": ~abandoned,
            }))
    calls = pd.concat(frames, ignore_index=True)
    calls.insert(0, "call_id", np.arange(1, len(calls) + 1))
    return calls[[f.name for f in CALL_FIELDS]]


CALL_FIELDS = (
    Field("call_id", "integer", "Call number", constraints={"required": True, "minimum": 1}),
    Field("date", "date", "Date of the call", constraints={"required": True}),
    Field("time", "string", "Hour and minute the call reached the queue (local time, HH:MM)",
          constraints={"required": True, "pattern": "(0[89]|1[0-9]|2[01]):[0-5][0-9]"}),
    Field("wait_seconds", "integer", "Seconds in the queue: until an agent answered, or until the caller hung up",
          unit="seconds", constraints={"required": True, "minimum": 0}),
    Field("answered", "boolean", "True if an agent answered; False if the caller hung up first",
          constraints={"required": True}),
)

CALL_ANSWER_TIMES = Resource(
    name="call_answer_times",
    title="Call answer times, Mirror Lake Hotels reservation call centre (June 2026)",
    description=(
        "Every call offered to the Mirror Lake Hotels reservation call centre in Hangzhou from 1 to 30 "
        "June 2026, 08:00 to 22:00: when it arrived, how many seconds the caller waited and whether an "
        "agent answered. The same centre that Chapter 5 studies in March. Used in Chapter 8 to check "
        "a hard standard (calls answered within 30 seconds) and to watch it with control charts."
    ),
    process=(
        "Synthetic, seed 303; a statistical model of waits, not a queue simulation. Calls per hour are "
        "Poisson around 1,100 a Monday x weekday factor (Sat 0.68, Sun 0.75) x intraday shape x a "
        "Gamma(200, 1/200) day factor. A call must queue with a probability whose logit is -0.95 + "
        "Normal(0, 0.22) for the day + a busy-hour term; a queued caller waits Exponential(about 42-63 s), "
        "others are answered in 0-6 s. Patience is Exponential(150 s): a caller who runs out hangs "
        "up, and wait_seconds is then the time to hanging up. Events: the booking system is down on "
        "15 June 10:00-13:00 (nearly every call queues, mean wait 160 s); Dragon Boat Festival bookings "
        "on 16-18 June (volume x1.35, more queueing); four trained agents join from 22 June (less "
        "queueing). Illustrative parameters, not from a source."
    ),
    fields=CALL_FIELDS,
    make=make_call_answer_times,
    sources=("standardsslides: the hard standard of call-centre calls answered within 30 seconds (Q-24)",),
    primary_key=("call_id",),
    chapter=8,
)

# ------------------------------------------------------------------------------------------------
# SERVQUAL survey
# ------------------------------------------------------------------------------------------------

DIMENSIONS = {
    "tangibles": range(1, 5), "reliability": range(5, 10), "responsiveness": range(10, 14),
    "assurance": range(14, 18), "empathy": range(18, 23),
}
_EXPECT = {"tangibles": 5.6, "reliability": 6.4, "responsiveness": 6.2, "assurance": 6.1, "empathy": 5.9}
_PERCEIVE = {
    "Hangzhou": {"tangibles": 6.0, "reliability": 5.7, "responsiveness": 5.5, "assurance": 5.9, "empathy": 5.4},
    "Shanghai": {"tangibles": 6.2, "reliability": 5.5, "responsiveness": 4.9, "assurance": 5.8, "empathy": 5.2},
    "Xiamen": {"tangibles": 5.4, "reliability": 5.9, "responsiveness": 5.8, "assurance": 5.9, "empathy": 5.8},
    "Chengdu": {"tangibles": 5.2, "reliability": 5.6, "responsiveness": 5.4, "assurance": 5.7, "empathy": 5.6},
}
_POINTS_ALPHA = {"business": (10, 34, 26, 17, 13), "leisure": (14, 30, 20, 18, 18)}


def _points(rng: np.random.Generator, alpha) -> np.ndarray:
    """100 points split over five dimensions, whole numbers, largest remainder rounding."""
    share = rng.dirichlet(np.asarray(alpha, dtype=float) * 2.5) * 100
    floor = np.floor(share).astype(int)
    short = 100 - floor.sum()
    floor[np.argsort(-(share - floor), kind="stable")[:short]] += 1
    return floor


def make_servqual_survey() -> pd.DataFrame:
    """A SERVQUAL survey of 360 guests: expectations, perceptions and importance points."""
    rng = np.random.default_rng(304)
    rows = []
    respondent = 0
    for branch in BRANCHES:
        for _ in range(90):
            respondent += 1
            segment = "business" if rng.random() < 0.45 else "leisure"
            halo_e, halo_p = 0.45 * rng.standard_normal(2)
            row = {"respondent_id": respondent, "branch": branch, "segment": segment}
            e_items, p_items = {}, {}
            for dim, items in DIMENSIONS.items():
                extra = 0.3 if segment == "business" and dim in ("responsiveness", "reliability") else 0.0
                for j in items:
                    e = _EXPECT[dim] + extra + halo_e + 0.6 * rng.standard_normal()
                    p = _PERCEIVE[branch][dim] - extra / 2 + halo_p + 0.75 * rng.standard_normal()
                    e_items[f"E{j:02d}"] = int(np.clip(np.rint(e), 1, 7))
                    p_items[f"P{j:02d}"] = int(np.clip(np.rint(p), 1, 7))
            row.update(e_items)
            row.update(p_items)
            for dim, pts in zip(DIMENSIONS, _points(rng, _POINTS_ALPHA[segment])):
                row[f"points_{dim}"] = int(pts)
            rows.append(row)
    return pd.DataFrame(rows)[[f.name for f in SERVQUAL_FIELDS]]


SERVQUAL_FIELDS = (
    (
        Field("respondent_id", "integer", "Respondent number", constraints={"required": True, "minimum": 1}),
        Field("branch", "string", "Hotel branch the guest stayed at", constraints={"required": True, "enum": list(BRANCHES)}),
        Field("segment", "string", "Purpose of the stay", constraints={"required": True, "enum": ["business", "leisure"]}),
    )
    + tuple(
        Field(f"E{j:02d}", "integer", f"Expectation, SERVQUAL item {j} ({dim})", unit="points (1-7)",
              constraints={"required": True, "minimum": 1, "maximum": 7})
        for dim, items in DIMENSIONS.items() for j in items
    )
    + tuple(
        Field(f"P{j:02d}", "integer", f"Perception of Mirror Lake Hotels, SERVQUAL item {j} ({dim})",
              unit="points (1-7)", constraints={"required": True, "minimum": 1, "maximum": 7})
        for dim, items in DIMENSIONS.items() for j in items
    )
    + tuple(
        Field(f"points_{dim}", "integer", f"Importance points given to {dim} (the five sum to 100)",
              unit="points (of 100)", constraints={"required": True, "minimum": 0, "maximum": 100})
        for dim in DIMENSIONS
    )
)

SERVQUAL_SURVEY = Resource(
    name="servqual_survey",
    title="SERVQUAL survey of Mirror Lake Hotels guests (spring 2026)",
    description=(
        "Answers of 360 guests, 90 per branch, to a SERVQUAL questionnaire: for each of the 22 items, "
        "how strongly they expect an excellent hotel to do it (E01-E22) and how strongly they feel "
        "Mirror Lake Hotels does it (P01-P22), both on a 1-7 scale, plus 100 points split over the "
        "five dimensions by importance. Items follow the 1988 instrument: tangibles 1-4, reliability "
        "5-9, responsiveness 10-13, assurance 14-17, empathy 18-22. Used in Chapter 8 for gap scores "
        "and the importance-performance matrix."
    ),
    process=(
        "Synthetic, seed 304. Each answer = dimension mean (expectations: tangibles 5.6 to reliability "
        "6.4; perceptions set per branch, e.g. Shanghai weak on responsiveness, Chengdu and Xiamen on "
        "tangibles) + the respondent's own halo ~ Normal(0, 0.45) + item noise (sd 0.6 for expectations, "
        "0.75 for perceptions), rounded and clipped to 1-7; business guests expect 0.3 more on reliability "
        "and responsiveness. Importance points ~ Dirichlet with reliability highest, rounded to whole "
        "points summing to 100. Illustrative parameters, not from a source."
    ),
    fields=SERVQUAL_FIELDS,
    make=make_servqual_survey,
    sources=(
        "parasuraman1988servqual: the 22 items and five dimensions",
        "parasuraman1991refinement: importance as 100 points split over the five dimensions",
    ),
    primary_key=("respondent_id",),
    chapter=8,
)

# ------------------------------------------------------------------------------------------------
# Service recovery outcomes
# ------------------------------------------------------------------------------------------------

RECOVERY_REMEDIES = ("apology only", "fix", "fix + compensation")
#: Satisfaction after a recovery = floor + (ceiling - floor) exp(-hours / tau) + remedy effect + noise.
_CURVE = {"corporate": (3.2, 9.4, 5.0), "individual": (4.2, 9.0, 12.0)}
_REMEDY_EFFECT = {"apology only": -1.3, "fix": 0.0, "fix + compensation": 0.5}
_NO_FAILURE_MEAN = {"corporate": 8.6, "individual": 8.3}


def make_recovery_outcomes() -> pd.DataFrame:
    """Guests surveyed after a stay: 700 who met a service failure and 300 who did not."""
    rng = np.random.default_rng(305)
    rows = []
    for case in range(1, 1001):
        branch = BRANCHES[int(rng.integers(4))]
        segment = "corporate" if rng.random() < 0.35 else "individual"
        failure = case <= 700
        if failure:
            remedy = RECOVERY_REMEDIES[int(rng.choice(3, p=[0.30, 0.45, 0.25]))]
            hours = float(np.clip(np.exp(np.log(5.0) + 0.95 * rng.standard_normal()), 0.2, 72))
            hours = round(hours, 1)
            floor, ceiling, tau = _CURVE[segment]
            score = floor + (ceiling - floor) * np.exp(-hours / tau) + _REMEDY_EFFECT[remedy]
            score += 0.9 * rng.standard_normal()
        else:
            remedy, hours = None, None
            score = _NO_FAILURE_MEAN[segment] + 1.0 * rng.standard_normal()
        satisfaction = int(np.clip(np.rint(score), 1, 10))
        logit = -3.2 + 0.52 * satisfaction - (0.35 if failure else 0.0)
        rows.append({
            "case_id": case,
            "branch": branch,
            "segment": segment,
            "failure": failure,
            "remedy": remedy,
            "response_hours": hours,
            "satisfaction": satisfaction,
            "would_return": bool(rng.random() < 1 / (1 + np.exp(-logit))),
        })
    frame = pd.DataFrame(rows)
    order = rng.permutation(len(frame))
    frame = frame.iloc[order].reset_index(drop=True)
    frame["case_id"] = np.arange(1, len(frame) + 1)
    return frame[[f.name for f in RECOVERY_FIELDS]]


RECOVERY_FIELDS = (
    Field("case_id", "integer", "Survey case number", constraints={"required": True, "minimum": 1}),
    Field("branch", "string", "Hotel branch", constraints={"required": True, "enum": list(BRANCHES)}),
    Field("segment", "string", "Corporate account guest (a large customer) or individual guest (a small one)",
          constraints={"required": True, "enum": ["corporate", "individual"]}),
    Field("failure", "boolean", "Did the guest meet a service failure during the stay?", constraints={"required": True}),
    Field("remedy", "string", "How the failure was put right; empty if there was no failure",
          constraints={"enum": list(RECOVERY_REMEDIES)}),
    Field("response_hours", "number", "Hours from the guest reporting the failure to the remedy; empty if no failure",
          unit="hours", constraints={"minimum": 0}),
    Field("satisfaction", "integer", "Overall satisfaction with the stay", unit="points (1-10)",
          constraints={"required": True, "minimum": 1, "maximum": 10}),
    Field("would_return", "boolean", "Says they would stay with Mirror Lake Hotels again", constraints={"required": True}),
)

RECOVERY_OUTCOMES = Resource(
    name="recovery_outcomes",
    title="Service recovery outcomes, Mirror Lake Hotels (first half of 2026)",
    description=(
        "A post-stay survey of 1,000 Mirror Lake Hotels guests: 700 who met a service failure (how it "
        "was put right and how many hours it took) and 300 who did not, with their overall "
        "satisfaction and whether they would come back, for corporate-account (large) and individual "
        "(small) guests. Used in Chapter 8 to study recovery: satisfaction by remedy and speed, the "
        "recovery paradox, and the handling time that keeps satisfaction above a target."
    ),
    process=(
        "Synthetic, seed 305. For a failure: remedy apology only 30%, fix 45%, fix + compensation 25%; "
        "response hours lognormal (median 5 h, log-sd 0.95, 0.2-72 h). Satisfaction = floor + (ceiling - "
        "floor) x exp(-hours / tau) + remedy effect (apology only -1.3, fix 0, fix + compensation +0.5) "
        "+ Normal(0, 0.9), with (floor, ceiling, tau) = (3.2, 9.4, 5 h) for corporate and (4.2, 9.0, "
        "12 h) for individual guests; without a failure, Normal(8.6 corporate, 8.3 individual; sd 1.0). "
        "Rounded and clipped to 1-10. P(would return) = logistic(-3.2 + 0.52 x satisfaction - 0.35 if "
        "there was a failure). The decay curve is an illustrative assumption: the course's chart of "
        "satisfaction against complaint-handling hours for large and small customers has no data."
    ),
    fields=RECOVERY_FIELDS,
    make=make_recovery_outcomes,
    sources=(
        "standardsslides: satisfaction against complaint-handling hours for large and small customers (Q-23)",
        "dematos2007recovery: the recovery paradox holds for satisfaction more than for repurchase intentions",
    ),
    primary_key=("case_id",),
    chapter=8,
)

RESOURCES = [COMPLAINT_LOG, SQI_DAILY_FAILURES, CALL_ANSWER_TIMES, SERVQUAL_SURVEY, RECOVERY_OUTCOMES]
