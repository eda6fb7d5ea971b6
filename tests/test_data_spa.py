"""The Hangzhou spa's appointment book: every slot booked once, no-shows driven by lead time,
history, reminders and where the guest comes from (all built in, stated in the description)."""

from __future__ import annotations

import pytest

from servicelab import data
from servicelab.synth import world


@pytest.fixture(scope="module")
def book():
    return data.load("spa_appointments")


def test_every_slot_is_booked_once(book):
    spa = world.SPA.value
    per_session = book.groupby(["date", "session"]).size()
    assert (per_session == spa["rooms"] * spa["slots_per_room"]).all()
    assert set(book["session"]) == set(spa["sessions"])
    assert not book.duplicated(["date", "session", "slot"]).any()
    assert not book.duplicated(["date", "slot_time", "room"]).any()


def test_no_show_rate_and_its_drivers(book):
    missed = ~book["attended"]
    assert 0.10 < missed.mean() < 0.18
    assert missed[book["lead_days"] > 14].mean() > missed[book["lead_days"] <= 2].mean() + 0.05
    assert missed[book["prior_no_show"]].mean() > missed[~book["prior_no_show"]].mean() + 0.08
    assert missed[book["guest_type"] == "outside"].mean() > missed[book["guest_type"] == "in-house"].mean()
    # Reminders go only to bookings made at least two days ahead.
    assert not book.loc[book["lead_days"] < 2, "sms_reminder"].any()
