"""Mystery-shopper visits: four a month per branch, scored item by item against the checklist."""

from __future__ import annotations

import pytest

from servicelab import data
from servicelab.synth import mystery_shopping, world


@pytest.fixture(scope="module")
def visits():
    return data.load("mystery_shopping")


def test_four_visits_a_month_per_branch(visits):
    per_month = visits.groupby([visits["date"].dt.to_period("M"), "branch"]).size()
    assert (per_month == mystery_shopping.VISITS_PER_MONTH).all()
    assert len(per_month) == 12 * len(world.BRANCHES.value)


def test_score_is_the_share_of_items_passed(visits):
    items = list(mystery_shopping.CHECKLIST)
    assert (visits["score"] == (100 * visits[items].sum(axis=1) / len(items)).round().astype(int)).all()
    timed = visits["checkin_minutes"] <= world.CHECKIN_TARGET_MINUTES.value
    assert (visits["checkin_within_5min"] == timed).all()


def test_branch_differences_are_small_against_visit_noise(visits):
    # On purpose: the branches' mean scores differ by less than one visit-to-visit standard deviation,
    # so a few visits cannot rank them (the chapter's question).
    means = visits.groupby("branch")["score"].mean()
    assert means.max() - means.min() < visits["score"].std()
