"""Appointments and no-shows (Chapter 6): overbooking, the best number of bookings, no-show losses.

Expected values come from enumerating the binomial distribution in the test and from closed forms.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import appointments


def _net_by_enumeration(bookings, slots, p, v, c):
    """Independent check: sum over every number of shows with math.comb."""
    total = 0.0
    for shows in range(bookings + 1):
        prob = math.comb(bookings, shows) * p**shows * (1 - p) ** (bookings - shows)
        total += prob * (v * min(shows, slots) - c * max(shows - slots, 0))
    return total


def test_overbooking_table_matches_enumeration():
    table = appointments.overbooking_table(20, 0.8, value_per_visit=100, overflow_cost=150, max_extra=6)
    assert table["bookings"].tolist() == list(range(20, 27))
    for row in table.itertuples():
        assert row.expected_net == pytest.approx(_net_by_enumeration(row.bookings, 20, 0.8, 100, 150))
        assert row.expected_shows == pytest.approx(0.8 * row.bookings)
    # With exactly 20 bookings nobody can overflow, and 20 x 0.2 = 4 slots stand idle on average.
    assert table.loc[0, "expected_overflow"] == 0 and table.loc[0, "p_overflow"] == 0
    assert table.loc[0, "expected_idle_slots"] == pytest.approx(4.0)


def test_best_bookings_satisfies_the_marginal_condition():
    # Best B: the (B+1)-th booking no longer pays, the B-th still did.
    slots, p, v, c = 20, 0.8, 100.0, 150.0
    best = appointments.best_bookings(slots, p, v, c)
    assert best == 24
    net = [_net_by_enumeration(b, slots, p, v, c) for b in (best - 1, best, best + 1)]
    assert net[1] >= net[0] and net[1] >= net[2]


def test_best_bookings_edge_cases():
    # Everyone comes: no reason to overbook.
    assert appointments.best_bookings(10, 1.0, 100, 50) == 10
    # Overflow free: book as many as allowed.
    assert appointments.best_bookings(10, 0.7, 100, 0, max_extra=5) == 15
    # Overflow ruinous: stay at the number of slots.
    assert appointments.best_bookings(10, 0.9, 100, 1e6) == 10


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
@settings(deadline=None)  # several binomial tables per example: slow on a busy machine
@given(st.floats(min_value=0.3, max_value=0.95), st.floats(min_value=10, max_value=500))
def test_higher_overflow_cost_never_books_more(p, cost):
    assert appointments.best_bookings(15, p, 100, cost * 2) <= appointments.best_bookings(15, p, 100, cost)


def test_no_show_loss_hand_values():
    # 32 bookings x 20% no-show x 150 yuan = 960; a 50-yuan deposit recovers 32 x 0.2 x 50 = 320.
    assert appointments.no_show_loss(32, 0.2, 150) == 960.0
    assert appointments.no_show_loss(32, 0.2, 150, deposit=50) == 640.0
    # A deposit at least the slot's value removes the loss.
    assert appointments.no_show_loss(32, 0.2, 150, deposit=200) == 0.0


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: appointments.overbooking_table(0, 0.8, 100, 150), "slots"),
        (lambda: appointments.overbooking_table(2.5, 0.8, 100, 150), "slots"),
        (lambda: appointments.overbooking_table(20, 1.2, 100, 150), "show_probability"),
        (lambda: appointments.overbooking_table(20, 0.0, 100, 150), "show_probability"),
        (lambda: appointments.overbooking_table(20, 0.8, 0, 150), "value_per_visit"),
        (lambda: appointments.overbooking_table(20, 0.8, 100, -1), "overflow_cost"),
        (lambda: appointments.overbooking_table(20, 0.8, 100, 150, max_extra=-1), "max_extra"),
        (lambda: appointments.best_bookings(20, -0.1, 100, 150), "show_probability"),
        (lambda: appointments.best_bookings(20, 0.8, 100, 150, max_extra=1.5), "max_extra"),
        (lambda: appointments.no_show_loss(-1, 0.2, 150), "bookings"),
        (lambda: appointments.no_show_loss(10, 1.5, 150), "no_show_rate"),
        (lambda: appointments.no_show_loss(10, 0.2, -150), "value_per_visit"),
        (lambda: appointments.no_show_loss(10, 0.2, 150, deposit=-5), "deposit"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)



# ---- the session hour by hour: waiting inside the session (the course's caution 5) ------------------


def _session_by_enumeration(plan, rooms, p):
    """Independent check: every pattern of who comes (2^B of them), played out hour by hour."""
    import itertools

    bookings = [h for h, b in enumerate(plan) for _ in range(b)]
    totals = {"served": 0.0, "wait": 0.0, "overflow": 0.0, "any_wait": 0.0, "any_overflow": 0.0}
    for came in itertools.product([0, 1], repeat=len(bookings)):
        prob = math.prod(p if c else 1 - p for c in came)
        waiting, served, wait_hours = 0, 0, 0
        anyone = False
        for hour in range(len(plan)):
            present = waiting + sum(c for c, h in zip(came, bookings) if h == hour)
            served += min(present, rooms)
            waiting = present - min(present, rooms)
            wait_hours += waiting
            anyone = anyone or waiting > 0
        totals["served"] += prob * served
        totals["wait"] += prob * wait_hours
        totals["overflow"] += prob * waiting
        totals["any_wait"] += prob * anyone
        totals["any_overflow"] += prob * (waiting > 0)
    return totals


@pytest.mark.parametrize("plan, rooms, p", [([2, 1, 2], 1, 0.6), ([3, 2, 2, 1], 2, 0.85), ([4], 3, 0.7)])
def test_session_outcome_matches_enumeration(plan, rooms, p):
    out = appointments.session_outcome(plan, rooms, p)
    exact = _session_by_enumeration(plan, rooms, p)
    assert out["expected_served"] == pytest.approx(exact["served"])
    assert out["expected_wait_hours"] == pytest.approx(exact["wait"])
    assert out["expected_overflow"] == pytest.approx(exact["overflow"])
    assert out["p_wait"] == pytest.approx(exact["any_wait"])
    assert out["p_overflow"] == pytest.approx(exact["any_overflow"])
    assert out["expected_idle"] == pytest.approx(rooms * len(plan) - exact["served"])


def test_one_hour_session_is_the_binomial_model():
    # hours=1: served = min(S, K), overflow = (S - K)^+, and nobody waits inside the session.
    for extra in range(4):
        out = appointments.session_outcome([16 + extra], 16, 0.86)
        net = _net_by_enumeration(16 + extra, 16, 0.86, 1.0, 0.0)
        assert out["expected_served"] == pytest.approx(net)
        assert out["expected_wait_hours"] == pytest.approx(out["expected_overflow"])


def test_spread_bookings_places_the_extras():
    assert appointments.spread_bookings(4, 4, 0).tolist() == [4, 4, 4, 4]
    assert appointments.spread_bookings(4, 4, 5, "spread").tolist() == [6, 5, 5, 5]
    assert appointments.spread_bookings(4, 4, 2, "first").tolist() == [6, 4, 4, 4]
    assert appointments.spread_bookings(4, 4, 2, "last").tolist() == [4, 4, 5, 5]
    with pytest.raises(ValueError, match="placement"):
        appointments.spread_bookings(4, 4, 2, "middle")


def test_overbooking_table_counts_waiting_and_overflow_value():
    # E[net] = v E[served] + (v_o - c) E[overflow] - w E[wait hours], from session_outcome.
    table = appointments.overbooking_table(16, 0.86, 286, 520, max_extra=3, hours=4, placement="first",
                                           wait_cost=100, overflow_value=50)
    for row in table.itertuples():
        out = appointments.session_outcome(appointments.spread_bookings(4, 4, row.extra, "first"), 4, 0.86)
        assert row.expected_net == pytest.approx(286 * out["expected_served"] + (50 - 520) * out["expected_overflow"]
                                                 - 100 * out["expected_wait_hours"])
    # Waiting inside the session makes overbooking less attractive, never more.
    plain = appointments.best_bookings(16, 0.86, 286, 520)
    timed = appointments.best_bookings(16, 0.86, 286, 520, hours=4, placement="first", wait_cost=100)
    assert timed <= plain
    with pytest.raises(ValueError, match="hours"):
        appointments.overbooking_table(16, 0.86, 286, 520, hours=3)
