"""Chapter 1 data: a restaurant's hourly demand and front-desk check-ins.

Both describe Mirror Lake Hotels (镜湖酒店集团), the book's running example.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource

BRANCHES = ("Hangzhou", "Shanghai", "Xiamen", "Chengdu")

# Relative demand by hour for an all-day hotel restaurant (06:00 to 21:00 openings):
# breakfast, lunch and dinner peaks.  Illustrative shape, not from a source.
_HOURLY_SHAPE = {
    6: 0.35, 7: 0.85, 8: 1.00, 9: 0.60, 10: 0.20, 11: 0.55, 12: 0.95, 13: 0.60,
    14: 0.15, 15: 0.10, 16: 0.12, 17: 0.45, 18: 0.95, 19: 0.90, 20: 0.50, 21: 0.20,
}
# Covers (guests) in the peak hour of an ordinary weekday, by branch.
_PEAK_COVERS = {"Hangzhou": 150, "Shanghai": 135, "Xiamen": 105, "Chengdu": 115}
# Weekend uplift of lunch and dinner (Friday evening and Saturday busiest).
_WEEKDAY_FACTOR = {0: 0.90, 1: 0.92, 2: 0.95, 3: 0.97, 4: 1.10, 5: 1.20, 6: 1.05}


def make_hourly_demand() -> pd.DataFrame:
    """Four weeks of covers requested per hour at each branch's restaurant."""
    rng = np.random.default_rng(101)
    dates = pd.date_range("2026-03-02", periods=28, freq="D")
    rows = []
    for branch in BRANCHES:
        for date in dates:
            factor = _WEEKDAY_FACTOR[date.day_of_week]
            for hour, shape in _HOURLY_SHAPE.items():
                meal_factor = factor if hour >= 11 else 1.0
                mean = _PEAK_COVERS[branch] * shape * meal_factor
                covers = int(rng.poisson(mean * rng.gamma(25.0, 1 / 25.0)))
                rows.append((branch, date.strftime("%Y-%m-%d"), date.day_name(), hour, covers))
    return pd.DataFrame(rows, columns=["branch", "date", "weekday", "hour", "covers"])


HOURLY_DEMAND = Resource(
    name="hourly_demand",
    title="Restaurant demand by hour, Mirror Lake Hotels",
    description=(
        "Guests (covers) who asked for a table in each opening hour of the all-day restaurant at "
        "the four Mirror Lake Hotels branches, 2 to 29 March 2026. Used in Chapter 1 to show "
        "perishability: seats left empty in a quiet hour cannot be kept for the rush."
    ),
    process=(
        "Synthetic. Mean covers = branch peak (Hangzhou 150, Shanghai 135, Xiamen 105, Chengdu 115) "
        "x hourly shape (breakfast, lunch and dinner peaks) x weekday factor for lunch and dinner "
        "(Mon 0.90 to Sat 1.20); each hour's count is Poisson around that mean times a Gamma(25, 1/25) "
        "day-to-day shock, seed 101. The shape and levels are illustrative, not from a source."
    ),
    fields=(
        Field("branch", "string", "Hotel branch", constraints={"required": True, "enum": list(BRANCHES)}),
        Field("date", "date", "Calendar date", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True}),
        Field("hour", "integer", "Start of the opening hour (local time, 24-hour clock)", unit="hour",
              constraints={"required": True, "minimum": 0, "maximum": 23}),
        Field("covers", "integer", "Guests asking for a table in that hour", unit="guests",
              constraints={"required": True, "minimum": 0}),
    ),
    make=make_hourly_demand,
    primary_key=("branch", "date", "hour"),
    chapter=1,
)


def make_checkins() -> pd.DataFrame:
    """Check-in times and guest ratings by receptionist, before and after a check-in standard."""
    rng = np.random.default_rng(102)
    rows = []
    staff = [f"FD{n:02d}" for n in range(1, 13)]
    # Each receptionist has a personal mean time and a personal consistency (heterogeneity).
    personal_mean = rng.normal(6.0, 1.6, size=len(staff)).clip(3.0, 10.0)
    personal_sd = rng.uniform(1.0, 2.6, size=len(staff))
    warmth = rng.normal(0.0, 0.7, size=len(staff))
    periods = {
        "before": pd.date_range("2026-01-05", periods=28, freq="D"),
        "after": pd.date_range("2026-03-02", periods=28, freq="D"),
    }
    guest = 0
    for period, dates in periods.items():
        for s, name in enumerate(staff):
            if period == "after":
                # The standard (a fixed sequence and checklist) pulls everyone toward 5 minutes
                # and cuts each person's own spread; warmth differences shrink a little.
                mean = 5.0 + 0.35 * (personal_mean[s] - 5.0)
                sd = 0.55 * personal_sd[s]
                warm = 0.6 * warmth[s]
            else:
                mean, sd, warm = personal_mean[s], personal_sd[s], warmth[s]
            n_guests = int(rng.integers(30, 46))
            days = rng.choice(len(dates), size=n_guests)
            minutes = np.clip(rng.normal(mean, sd, size=n_guests), 1.5, None)
            score = 8.6 + warm - 0.35 * (minutes - 5.0) + rng.normal(0, 0.8, size=n_guests)
            score = np.clip(np.rint(score), 1, 10).astype(int)
            for day, m, r in zip(days, minutes, score):
                guest += 1
                rows.append((guest, "Hangzhou", name, period, dates[day].strftime("%Y-%m-%d"),
                             round(float(m), 1), int(r)))
    frame = pd.DataFrame(
        rows, columns=["checkin_id", "branch", "receptionist", "period", "date", "minutes", "rating"]
    )
    return frame.sort_values(["period", "date", "checkin_id"], ascending=[False, True, True]).reset_index(drop=True)


CHECKINS = Resource(
    name="checkins",
    title="Front-desk check-ins by receptionist, before and after a check-in standard",
    description=(
        "One row per guest checked in at the Hangzhou branch by one of twelve receptionists, over "
        "four weeks before (January 2026) and four weeks after (March 2026) the branch introduced a "
        "check-in standard: a fixed sequence of steps, a checklist and a five-minute target. Used in "
        "Chapter 1 to show heterogeneity (差异性) and what a standard does to it."
    ),
    process=(
        "Synthetic, seed 102. Each receptionist has a personal mean time ~ Normal(6, 1.6) min "
        "(clipped to 3-10), a personal spread ~ Uniform(1.0, 2.6) min and a personal warmth ~ "
        "Normal(0, 0.7) rating points. After the standard, the mean moves 65% of the way to 5 min, the "
        "spread falls by 45% and warmth differences by 40%. Rating = 8.6 + warmth - 0.35 x (minutes - 5) "
        "+ Normal(0, 0.8), rounded and clipped to 1-10. Illustrative parameters, not from a source."
    ),
    fields=(
        Field("checkin_id", "integer", "Check-in number", constraints={"required": True, "minimum": 1}),
        Field("branch", "string", "Hotel branch", constraints={"required": True, "enum": list(BRANCHES)}),
        Field("receptionist", "string", "Receptionist code", constraints={"required": True, "pattern": "FD[0-9]{2}"}),
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

RESOURCES = [HOURLY_DEMAND, CHECKINS]
