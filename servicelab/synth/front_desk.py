"""The front desks of Mirror Lake Hotels: check-ins timed by receptionist, and the Hangzhou desk's
morning queue.

Receptionist codes, the date of Hangzhou's check-in standard, the desks open in the morning and
the number of guests checking out come from the world (servicelab/synth/world.py).
"""

from __future__ import annotations

import heapq
from functools import lru_cache

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import (
    CLOCK_PATTERN, RECEPTIONIST_PATTERN, WEEKDAYS, branch_field, clock, staff_code,
)

STANDARD = world.date_of(world.CHECKIN_STANDARD)
#: Four weeks before the standard, and four weeks starting four weeks after it (time to settle in).
BEFORE = pd.date_range(end=STANDARD - pd.Timedelta(days=1), periods=28, freq="D")
AFTER = pd.date_range(STANDARD + pd.Timedelta(days=28), periods=28, freq="D")
#: Share of check-ins the duty manager timed and the guest rated (a sampling choice, not a firm fact).
TIMED_SHARE = 0.10


@lru_cache(maxsize=None)
def receptionist_profiles(branch: str = "Hangzhou") -> pd.DataFrame:
    """Each receptionist's own check-in time (mean, spread) and warmth, before and after the standard.

    Shared by the check-in sample and the mystery-shopper visits, so that both see the same people.
    """
    seed = 102 + list(world.BRANCHES.value).index(branch)
    rng = np.random.default_rng(seed)
    n = world.RECEPTIONISTS.value[branch]
    mean = rng.normal(6.0, 1.6, size=n).clip(3.0, 10.0)
    sd = rng.uniform(1.0, 2.6, size=n)
    warmth = rng.normal(0.0, 0.7, size=n)
    return pd.DataFrame({
        "receptionist": [staff_code(branch, k) for k in range(1, n + 1)],
        "mean_before": mean, "sd_before": sd, "warmth_before": warmth,
        # The standard (a fixed sequence and checklist) pulls everyone toward five minutes and cuts each
        # person's own spread; warmth differences shrink a little.
        "mean_after": world.CHECKIN_TARGET_MINUTES.value + 0.35 * (mean - world.CHECKIN_TARGET_MINUTES.value),
        "sd_after": 0.55 * sd, "warmth_after": 0.6 * warmth,
    })


def make_checkins() -> pd.DataFrame:
    """A sample of Hangzhou check-ins, four weeks before and four weeks after the check-in standard."""
    rng = np.random.default_rng(112)
    staff = receptionist_profiles("Hangzhou")
    target = world.CHECKIN_TARGET_MINUTES.value
    rows = []
    for period, dates in (("before", BEFORE), ("after", AFTER)):
        arrivals = world.expected_arrivals(dates, "Hangzhou").groupby("date")["arrivals"].sum()
        for date in dates:
            n = int(rng.poisson(arrivals[date] * TIMED_SHARE))
            who = rng.integers(0, len(staff), size=n)
            for s in who:
                person = staff.iloc[s]
                minutes = max(1.5, rng.normal(person[f"mean_{period}"], person[f"sd_{period}"]))
                score = 8.6 + person[f"warmth_{period}"] - 0.35 * (minutes - target) + rng.normal(0, 0.8)
                rows.append(("Hangzhou", person["receptionist"], period, date.strftime("%Y-%m-%d"),
                             round(float(minutes), 1), int(np.clip(np.rint(score), 1, 10))))
    frame = pd.DataFrame(rows, columns=["branch", "receptionist", "period", "date", "minutes", "rating"])
    frame.insert(0, "checkin_id", np.arange(1, len(frame) + 1))
    return frame


CHECKINS = Resource(
    name="checkins",
    title="Front-desk check-ins by receptionist, before and after Hangzhou's check-in standard",
    description=(
        "A sample of guests checked in at the Hangzhou branch by its twelve receptionists, over four "
        "weeks before (5 January to 1 February 2026) and four weeks after (2 to 29 March 2026) the branch "
        "introduced a check-in standard on 2 February 2026: a fixed sequence of steps, a checklist and a "
        "five-minute target. The duty manager timed about one check-in in ten; the guest rated it. Used "
        "in Chapter 1 to show heterogeneity (差异性) and what a standard does to it."
    ),
    process=(
        "Synthetic, seed 112 (receptionists seed 102), from the world: the standard's date, the receptionists "
        "and the daily arrivals (about one in ten arrivals is timed). Each receptionist has a personal mean "
        "time ~ Normal(6, 1.6) min (clipped to 3-10), a personal spread ~ Uniform(1.0, 2.6) min and a personal "
        "warmth ~ Normal(0, 0.7) rating points. Built in: after the standard the mean moves 65% of the way to "
        "5 min, the spread falls by 45% and warmth differences by 40%. Rating = 8.6 + warmth - 0.35 x "
        "(minutes - 5) + Normal(0, 0.8), rounded and clipped to 1-10. Illustrative parameters, not from a source."
    ),
    fields=(
        Field("checkin_id", "integer", "Check-in number", constraints={"required": True, "minimum": 1}),
        branch_field(),
        Field("receptionist", "string", "Receptionist code (branch code, FD, number)",
              constraints={"required": True, "pattern": RECEPTIONIST_PATTERN}),
        Field("period", "string", "Before or after the check-in standard",
              constraints={"required": True, "enum": ["before", "after"]}),
        Field("date", "date", "Date of the check-in", constraints={"required": True}),
        Field("minutes", "number", "Time from reaching the desk to holding a key card", unit="minutes",
              constraints={"required": True, "minimum": 0}),
        Field("rating", "integer", "Guest's rating of the check-in", unit="points (1-10)",
              constraints={"required": True, "minimum": 1, "maximum": 10}),
    ),
    make=make_checkins,
    primary_key=("checkin_id",),
    chapter=1,
)

# ------------------------------------------------------------------------------------------------
# The Hangzhou front desk: queue observations on weekday mornings
# ------------------------------------------------------------------------------------------------

#: Relative arrival rate at the desk by quarter hour from 07:00 to 12:00: peaks after breakfast and
#: before the noon check-out deadline (a shape, scaled to the world's check-outs).
DESK_SHAPE = (
    14, 18, 24, 30,      # 07:00-08:00
    44, 52, 58, 62,      # 08:00-09:00: after breakfast
    62, 56, 46, 38,      # 09:00-10:00
    32, 30, 32, 36,      # 10:00-11:00
    42, 48, 50, 30,      # 11:00-12:00: the noon check-out deadline
)
TASKS = tuple(world.DESK_TASK_SHARE.value)
#: Service-time medians (minutes) by task; lognormal with log-sd 0.45 (illustrative).
TASK_MEDIAN = {"check-out": 3.4, "enquiry": 1.6, "check-in": 5.0}
TASK_LOG_SD = 0.45
#: Exit survey: share of guests asked how long they think they waited.
SURVEY_SHARE = 0.30
#: Perceived / actual wait: lognormal around 1.45 (standard lobby) or 1.15 (screen and tea), log-sd 0.25.
PERCEIVED_FACTOR = {"standard": 1.45, "screen and tea": 1.15}
DESK_DATES = pd.bdate_range(*world.date_of(world.LOBBY_SCREEN_TRIAL))


def desk_rates(date) -> np.ndarray:
    """Guests arriving per minute at the Hangzhou desk, 07:00 to 12:00 (300 values).

    Scaled so that the morning's expected check-outs equal the world's desk check-outs and check-outs
    are their task share of all visits.
    """
    checkouts = world.desk_checkouts_per_morning(date, "Hangzhou")
    visitors = checkouts / world.DESK_TASK_SHARE.value["check-out"]
    shape = np.asarray(DESK_SHAPE, dtype=float)
    per_quarter = visitors * shape / shape.sum()
    return np.repeat(per_quarter / 15.0, 15)


def _desks() -> list[tuple[float, int]]:
    """(minute the desk opens, desk number) from the world's morning roster."""
    opened, out = 0, []
    for time, count in world.MORNING_DESKS.value.items():
        hours, minutes = (int(x) for x in time.split(":"))
        for desk in range(opened + 1, count + 1):
            out.append((hours * 60.0 + minutes, desk))
        opened = count
    return out


def _desk_day(rng: np.random.Generator, date) -> pd.DataFrame:
    """One morning at the desk: one serpentine line, first come first served."""
    rates = desk_rates(date)
    peak = rates.max()
    t, arrivals = 0.0, []
    while True:  # thinning: candidates at the peak rate, kept with probability rate / peak
        t += rng.exponential(1 / peak)
        if t >= rates.size:
            break
        if rng.uniform() < rates[int(t)] / peak:
            arrivals.append(7 * 60 + t)
    arrivals = np.asarray(arrivals)
    n = arrivals.size
    task_index = rng.choice(len(TASKS), size=n, p=list(world.DESK_TASK_SHARE.value.values()))
    medians = np.asarray([TASK_MEDIAN[t] for t in TASKS])[task_index]
    service = medians * np.exp(TASK_LOG_SD * rng.standard_normal(n))
    desks = _desks()
    heapq.heapify(desks)
    start = np.empty(n)
    desk_of = np.empty(n, dtype=int)
    for i in range(n):
        free, desk = heapq.heappop(desks)
        start[i] = max(arrivals[i], free)
        desk_of[i] = desk
        heapq.heappush(desks, (start[i] + service[i], desk))
    end = start + service
    in_queue = np.array([np.sum((arrivals[:i] <= arrivals[i]) & (start[:i] > arrivals[i])) for i in range(n)])
    return pd.DataFrame({
        "arrival": arrivals, "start": start, "end": end, "desk": desk_of,
        "task": np.asarray(TASKS)[task_index], "queue_on_arrival": in_queue,
    })


def make_frontdesk_queue() -> pd.DataFrame:
    """Ten weekday mornings of guests at the Hangzhou front desk, with an exit survey."""
    rng = np.random.default_rng(503)
    frames = []
    for d, date in enumerate(DESK_DATES):
        day = _desk_day(rng, date)
        setup = "standard" if d % 2 == 0 else "screen and tea"
        for column in ("arrival", "start", "end"):  # whole seconds, so minutes agree with the clock
            day[column] = np.rint(day[column] * 60) / 60
        wait = day["start"] - day["arrival"]
        surveyed = rng.uniform(size=len(day)) < SURVEY_SHARE
        felt = wait * PERCEIVED_FACTOR[setup] * np.exp(0.25 * rng.standard_normal(len(day)))
        # People answer in round numbers: whole minutes under 10, multiples of 5 above.
        felt = np.where(felt < 10, np.rint(felt), 5 * np.rint(felt / 5))
        day["date"] = date.strftime("%Y-%m-%d")
        day["weekday"] = WEEKDAYS[date.day_of_week]
        day["lobby_setup"] = setup
        day["wait_minutes"] = wait.round(2)
        day["service_minutes"] = (day["end"] - day["start"]).round(2)
        day["perceived_wait_minutes"] = np.where(surveyed, felt, np.nan)
        frames.append(day)
    desk = pd.concat(frames, ignore_index=True)
    return pd.DataFrame({
        "visit_id": np.arange(1, len(desk) + 1),
        "date": desk["date"],
        "weekday": desk["weekday"],
        "lobby_setup": desk["lobby_setup"],
        "task": desk["task"],
        "arrival_time": clock(np.rint(desk["arrival"] * 60)),
        "start_time": clock(np.rint(desk["start"] * 60)),
        "end_time": clock(np.rint(desk["end"] * 60)),
        "desk": desk["desk"].astype(int),
        "queue_on_arrival": desk["queue_on_arrival"].astype(int),
        "wait_minutes": desk["wait_minutes"],
        "service_minutes": desk["service_minutes"],
        "perceived_wait_minutes": desk["perceived_wait_minutes"].astype("Int64"),
    })


FRONTDESK_QUEUE = Resource(
    name="frontdesk_queue",
    title="Front-desk queue observations, Mirror Lake Hotels Hangzhou (ten weekday mornings)",
    description=(
        "Every guest who came to the front desk of the Hangzhou branch between 07:00 and 12:00 on "
        "ten weekdays, 2 to 13 March 2026: when they joined the single serpentine line, when a desk "
        "took them and when they left, what they came for, how many were waiting when they "
        "arrived and, for the three in ten asked in an exit survey, how long they thought they had "
        "waited. On alternate days the lobby had a screen showing each guest's place in line and "
        "expected wait, with tea and newspapers beside the line. Used in Chapter 6 for waiting "
        "times, perceived waits, the 20-minute gift promise and Little's law."
    ),
    process=(
        "Synthetic, seed 503, from the world: the morning's check-outs are Hangzhou's departures (bookings "
        "a year x month factor / days in the month) less the 15% who check out by WeChat, 92% of them before "
        "noon; check-outs are 62% of desk visits (enquiries 28%, early check-ins 10%). Arrivals are a Poisson "
        "process whose rate changes every quarter hour (peaks after breakfast and before the noon check-out "
        "deadline), drawn by thinning. Service times are lognormal (medians: check-out 3.4 min, enquiry 1.6, "
        "check-in 5.0; log-sd 0.45). Two desks from 07:00, a third from 08:00 (the world's roster), one line, "
        "first come first served. Built in: perceived wait = actual wait x a lognormal factor around 1.45 "
        "(standard lobby) or 1.15 (screen and tea), log-sd 0.25, reported in whole minutes below 10 and in "
        "multiples of 5 above; so the screen-and-tea effect is there by construction. Service times and the "
        "perception factors are assumptions chosen to teach, not measurements."
    ),
    fields=(
        Field("visit_id", "integer", "Guest visit number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True, "enum": list(WEEKDAYS)}),
        Field("lobby_setup", "string", "Lobby that day: standard, or a wait-time screen with tea",
              constraints={"required": True, "enum": ["standard", "screen and tea"]}),
        Field("task", "string", "What the guest came for", constraints={"required": True, "enum": list(TASKS)}),
        Field("arrival_time", "string", "Time the guest joined the line (local time, HH:MM:SS)",
              constraints={"required": True, "pattern": CLOCK_PATTERN}),
        Field("start_time", "string", "Time a desk began serving the guest (local time, HH:MM:SS)",
              constraints={"required": True, "pattern": CLOCK_PATTERN}),
        Field("end_time", "string", "Time the guest left the desk (local time, HH:MM:SS)",
              constraints={"required": True, "pattern": CLOCK_PATTERN}),
        Field("desk", "integer", "Desk that served the guest", constraints={"required": True, "minimum": 1,
                                                                            "maximum": 4}),
        Field("queue_on_arrival", "integer", "Guests waiting in line (not being served) when this guest arrived",
              unit="guests", constraints={"required": True, "minimum": 0}),
        Field("wait_minutes", "number", "Time in line before being served", unit="minutes",
              constraints={"required": True, "minimum": 0}),
        Field("service_minutes", "number", "Time at the desk", unit="minutes",
              constraints={"required": True, "minimum": 0}),
        Field("perceived_wait_minutes", "integer",
              "Exit survey: how long the guest thinks they waited; empty if not asked", unit="minutes",
              constraints={"minimum": 0}),
    ),
    make=make_frontdesk_queue,
    primary_key=("visit_id",),
    chapter=6,
)

RESOURCES = [CHECKINS, FRONTDESK_QUEUE]
