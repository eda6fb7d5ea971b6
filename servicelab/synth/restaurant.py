"""The all-day restaurants of Mirror Lake Hotels: covers asked for, hour by hour.

Breakfast demand comes from the guests staying in the hotel (the world's rooms, occupancy and
guests per room); lunch and dinner demand is set per seat, so that the dinner rush asks for more
tables than there are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, WEEKDAYS, branch_field

MEALS = ("breakfast", "lunch", "dinner")
#: The four weeks of the data set (those of the call centre's March weeks).
DATES = pd.date_range(world.CALL_WEEKS.value[0], periods=7 * world.CALL_WEEKS.value[1], freq="D")


def _meal_of(hour: int) -> str:
    for meal, shape in world.MEAL_SHAPE.value.items():
        if hour in shape:
            return meal
    raise ValueError(f"hour={hour} is not an opening hour of the restaurant")


def expected_covers(branch: str, date, hour: int) -> float:
    """Mean covers asking for a table in one opening hour (before the day-to-day shock).

    Breakfast: in-house guests x take-up x the hour's share of breakfast.  Lunch and dinner:
    seats x peak covers per seat x hourly shape x weekday factor.
    """
    day = pd.Timestamp(date)
    meal = _meal_of(hour)
    shape = world.MEAL_SHAPE.value[meal]
    if meal == "breakfast":
        share = shape[hour] / sum(shape.values())
        return world.in_house_guests(day, branch) * world.BREAKFAST_TAKE_UP.value * share
    seats = world.RESTAURANT_SEATS.value[branch]
    return seats * world.MEAL_PEAK_PER_SEAT.value[meal] * shape[hour] * world.RESTAURANT_WEEKDAY.value[day.day_of_week]


def make_hourly_demand() -> pd.DataFrame:
    """Four weeks of covers asked for per opening hour at each branch's restaurant."""
    rng = np.random.default_rng(101)
    first, last = world.RESTAURANT_HOURS.value
    rows = []
    for branch in BRANCHES:
        seats = world.RESTAURANT_SEATS.value[branch]
        for date in DATES:
            for hour in range(first, last + 1):
                mean = expected_covers(branch, date, hour)
                covers = int(rng.poisson(mean * rng.gamma(25.0, 1 / 25.0)))
                rows.append((branch, date.strftime("%Y-%m-%d"), WEEKDAYS[date.day_of_week], hour, _meal_of(hour),
                             seats, covers))
    return pd.DataFrame(rows, columns=["branch", "date", "weekday", "hour", "meal", "seats", "covers"])


HOURLY_DEMAND = Resource(
    name="hourly_demand",
    title="Restaurant demand by hour, Mirror Lake Hotels (March 2026)",
    description=(
        "Guests (covers) who asked for a table in each opening hour (06:00 to 21:00) of the all-day "
        "restaurant at the four Mirror Lake Hotels branches, 2 to 29 March 2026, with the restaurant's "
        "seats. Used in Chapter 1 to show perishability: seats left empty in a quiet hour cannot be kept "
        "for the rush."
    ),
    process=(
        "Synthetic, seed 101, from the world (servicelab/synth/world.py). Breakfast: mean covers = guests "
        "staying in the hotel (rooms x occupancy x month factor x guests per room) x breakfast take-up 0.60 "
        "x the hour's share of breakfast. Lunch and dinner: mean covers = seats x covers per seat in the "
        "peak hour (lunch 0.85, dinner 1.05) x hourly shape x weekday factor (Monday 0.90 to Saturday "
        "1.20). Each hour's count is Poisson around that mean times a Gamma(25, 1/25) shock. Built in: the "
        "dinner rush asks for more tables than there are seats on busy days, while afternoons leave most "
        "seats empty. All levels are assumptions, not measurements."
    ),
    fields=(
        branch_field(),
        Field("date", "date", "Calendar date", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True, "enum": list(WEEKDAYS)}),
        Field("hour", "integer", "Start of the opening hour (local time, 24-hour clock)", unit="hour",
              constraints={"required": True, "minimum": 0, "maximum": 23}),
        Field("meal", "string", "Meal period of the hour", constraints={"required": True, "enum": list(MEALS)}),
        Field("seats", "integer", "Seats in the branch's restaurant", unit="seats",
              constraints={"required": True, "minimum": 1}),
        Field("covers", "integer", "Guests asking for a table in that hour", unit="guests",
              constraints={"required": True, "minimum": 0}),
    ),
    make=make_hourly_demand,
    primary_key=("branch", "date", "hour"),
    chapter=1,
)

RESOURCES = [HOURLY_DEMAND]
