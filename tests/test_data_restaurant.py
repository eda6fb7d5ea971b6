"""The restaurant data (hourly_demand) hold what their description promises.

Expected values come from the world (servicelab/synth/world.py), which the generator reads: seats,
the hourly shape of each meal, and the rush that asks for more tables than there are seats.
"""

from __future__ import annotations

import pytest

from servicelab import data
from servicelab.synth import world


@pytest.fixture(scope="module")
def demand():
    return data.load("hourly_demand")


def test_one_row_per_branch_day_and_opening_hour(demand):
    first, last = world.RESTAURANT_HOURS.value
    assert demand.groupby(["branch", "date"]).size().eq(last - first + 1).all()
    assert demand["date"].nunique() == 28


def test_seats_column_is_the_worlds(demand):
    seats = demand.groupby("branch")["seats"].agg(["min", "max"])
    for branch, n in world.RESTAURANT_SEATS.value.items():
        assert tuple(seats.loc[branch]) == (n, n), branch


def test_meals_peak_where_the_shape_says(demand):
    # The world's meal shapes peak at 08:00, 12:00 and 18:00.
    by_hour = demand.groupby(["meal", "hour"])["covers"].mean()
    assert by_hour["breakfast"].idxmax() == 8
    assert by_hour["lunch"].idxmax() == 12
    assert by_hour["dinner"].idxmax() in (18, 19)


def test_perishability_the_rush_exceeds_seats_while_afternoons_idle(demand):
    # Dinner asks for 1.05 x seats in the peak hour of an average day (more at weekends), so at every
    # branch some evenings turn guests away; at 15:00 (shape 0.10 of the lunch peak) seats stand empty.
    for branch, part in demand.groupby("branch"):
        seats = part["seats"].iloc[0]
        assert (part.loc[part["hour"] == 18, "covers"] > seats).any(), branch
        assert part.loc[part["hour"] == 15, "covers"].mean() < 0.2 * seats, branch
