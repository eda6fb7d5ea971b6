"""Perceived waits and appointments (Chapter 6).

The perceived-wait model is a product of illustrative multipliers, so its expected values are
closed-form products worked by hand below.  The overbooking figures are checked against an
independent enumeration of the binomial distribution with ``math.comb``.
"""

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from servicelab import waiting

KEYS = list(waiting.PROPOSITIONS)
ALL_MET = {key: True for key in KEYS}


# ---- perceived waits -------------------------------------------------------------------------

def test_every_proposition_met_leaves_the_wait_as_it_is():
    # M = empty product = 1.
    assert waiting.wait_multiplier(**ALL_MET) == 1.0
    assert waiting.perceived_wait(12.5, **ALL_MET) == 12.5


def test_nothing_done_multiplies_every_default():
    # Hand product of the defaults 1.20 x 1.15 x 1.10 x 1.10 x 1.10 x 1.05 x 1.15 x 1.10 = 2.4397...
    expected = 1.20 * 1.15 * 1.10 * 1.10 * 1.10 * 1.05 * 1.15 * 1.10
    assert waiting.wait_multiplier() == pytest.approx(expected)
    assert waiting.perceived_wait(10.0) == pytest.approx(24.397, abs=1e-3)


@pytest.mark.parametrize("key", KEYS)
def test_one_unmet_proposition_applies_exactly_its_multiplier(key):
    conditions = dict(ALL_MET, **{key: False})
    assert waiting.wait_multiplier(**conditions) == pytest.approx(waiting.PROPOSITIONS[key].multiplier)


def test_course_has_seven_and_maister_adds_pre_process():
    table = waiting.proposition_table()
    assert len(table) == 8
    assert table["in_course"].sum() == 7
    assert table.loc[~table["in_course"], "proposition"].tolist() == ["in_process"]


def test_overridden_multiplier_is_used():
    # Only "occupied" unmet, and its multiplier set to 1.5: a 6-minute wait feels like 9.
    conditions = dict(ALL_MET, occupied=False)
    assert waiting.perceived_wait(6.0, multipliers={"occupied": 1.5}, **conditions) == pytest.approx(9.0)
    assert waiting.proposition_table({"occupied": 1.5}).set_index("proposition").loc["occupied", "multiplier"] == 1.5


def test_array_of_waits_keeps_its_shape():
    waits = np.array([[0.0, 5.0], [10.0, 20.0]])
    out = waiting.perceived_wait(waits, **dict(ALL_MET, fair=False))
    assert out.shape == (2, 2)
    assert out[1, 1] == pytest.approx(20.0 * 1.15)


def test_what_each_buys_is_the_closed_form_saving():
    # Unmet: occupied (1.20), known_length (1.10), explained (1.10). Before = 10 x 1.452 = 14.52.
    # Meeting proposition i alone saves before x (1 - 1/m_i): 2.42, 1.32, 1.32.
    table = waiting.what_each_buys(10.0, relaxed=True, reasonable=True, fair=True, in_group=True,
                                   in_process=True)
    assert table["proposition"].tolist() == ["occupied", "known_length", "explained"]
    assert table["perceived_before"].iloc[0] == pytest.approx(14.52)
    assert table["minutes_saved"].tolist() == pytest.approx([2.42, 1.32, 1.32])


def test_what_each_buys_is_empty_when_everything_is_met():
    assert waiting.what_each_buys(10.0, **ALL_MET).empty


@given(
    st.floats(min_value=0, max_value=240),
    st.fixed_dictionaries({key: st.booleans() for key in KEYS}),
    st.sampled_from(KEYS),
)
def test_meeting_one_more_proposition_never_lengthens_the_felt_wait(actual, conditions, key):
    before = waiting.perceived_wait(actual, **conditions)
    after = waiting.perceived_wait(actual, **dict(conditions, **{key: True}))
    assert after <= before + 1e-12
    assert before >= actual - 1e-12  # multipliers are >= 1


def test_share_longer_than_counts_strictly_longer():
    # 20 is not "more than 20 minutes": 21 and 30 are -> 2 of 4.
    assert waiting.share_longer_than([0, 20, 21, 30], 20) == 0.5
    assert waiting.share_longer_than([1, 2, 3], 60) == 0.0


def test_time_average_count_hand_values():
    # Two customers present 0-10 and 5-15: 20 customer-minutes over a 20-minute window = 1.0;
    # over 0-10 they contribute 10 + 5 = 15 customer-minutes in 10 minutes = 1.5.
    assert waiting.time_average_count([0, 5], [10, 15], 0, 20) == 1.0
    assert waiting.time_average_count([0, 5], [10, 15], 0, 10) == 1.5
    # Nobody present inside the window.
    assert waiting.time_average_count([0], [1], 5, 6) == 0.0


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 30)), min_size=1, max_size=40))
def test_littles_law_holds_exactly_when_the_window_covers_every_stay(stays):
    # L = lambda x W over a window containing every stay: sum of durations / window length.
    begin = np.array([b for b, _ in stays])
    end = begin + np.array([d for _, d in stays])
    t0, t1 = 0.0, 200.0
    rate = len(stays) / (t1 - t0)
    assert waiting.time_average_count(begin, end, t0, t1) == pytest.approx(rate * (end - begin).mean())


# ---- appointments ----------------------------------------------------------------------------

def _net_by_enumeration(bookings, slots, p, v, c):
    """Independent check: sum over every number of shows with math.comb."""
    total = 0.0
    for shows in range(bookings + 1):
        prob = math.comb(bookings, shows) * p**shows * (1 - p) ** (bookings - shows)
        total += prob * (v * min(shows, slots) - c * max(shows - slots, 0))
    return total


def test_overbooking_table_matches_enumeration():
    table = waiting.overbooking_table(20, 0.8, value_per_visit=100, overflow_cost=150, max_extra=6)
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
    best = waiting.best_bookings(slots, p, v, c)
    assert best == 24
    net = [_net_by_enumeration(b, slots, p, v, c) for b in (best - 1, best, best + 1)]
    assert net[1] >= net[0] and net[1] >= net[2]


def test_best_bookings_edge_cases():
    # Everyone comes: no reason to overbook.
    assert waiting.best_bookings(10, 1.0, 100, 50) == 10
    # Overflow free: book as many as allowed.
    assert waiting.best_bookings(10, 0.7, 100, 0, max_extra=5) == 15
    # Overflow ruinous: stay at the number of slots.
    assert waiting.best_bookings(10, 0.9, 100, 1e6) == 10


@given(st.floats(min_value=0.3, max_value=0.95), st.floats(min_value=10, max_value=500))
def test_higher_overflow_cost_never_books_more(p, cost):
    assert waiting.best_bookings(15, p, 100, cost * 2) <= waiting.best_bookings(15, p, 100, cost)


def test_no_show_loss_hand_values():
    # 32 bookings x 20% no-show x 150 yuan = 960; a 50-yuan deposit recovers 32 x 0.2 x 50 = 320.
    assert waiting.no_show_loss(32, 0.2, 150) == 960.0
    assert waiting.no_show_loss(32, 0.2, 150, deposit=50) == 640.0
    # A deposit at least the slot's value removes the loss.
    assert waiting.no_show_loss(32, 0.2, 150, deposit=200) == 0.0


# ---- every public function refuses bad input, naming the parameter ---------------------------

@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: waiting.wait_multiplier(occupied="yes"), "occupied"),
        (lambda: waiting.wait_multiplier(fair=1), "fair"),
        (lambda: waiting.wait_multiplier(multipliers={"occupied": 0.8}), "multipliers['occupied']"),
        (lambda: waiting.wait_multiplier(multipliers={"boredom": 1.2}), "multipliers"),
        (lambda: waiting.wait_multiplier(multipliers=[1.2]), "multipliers"),
        (lambda: waiting.perceived_wait(-1.0), "actual_minutes"),
        (lambda: waiting.perceived_wait(float("nan")), "actual_minutes"),
        (lambda: waiting.perceived_wait([3.0, -2.0]), "actual_minutes"),
        (lambda: waiting.perceived_wait([]), "actual_minutes"),
        (lambda: waiting.perceived_wait(5.0, explained="no"), "explained"),
        (lambda: waiting.what_each_buys(-3.0), "actual_minutes"),
        (lambda: waiting.what_each_buys(3.0, relaxed=None), "relaxed"),
        (lambda: waiting.proposition_table({"fair": "high"}), "multipliers['fair']"),
        (lambda: waiting.share_longer_than([], 20), "waits"),
        (lambda: waiting.time_average_count([], [], 0, 1), "begin"),
        (lambda: waiting.time_average_count([0, 1], [2], 0, 5), "end"),
        (lambda: waiting.time_average_count([3], [2], 0, 5), "end"),
        (lambda: waiting.time_average_count([0], [2], "a", 5), "window_start"),
        (lambda: waiting.time_average_count([0], [2], 5, 5), "window_end"),
        (lambda: waiting.share_longer_than([1, -1], 20), "waits"),
        (lambda: waiting.share_longer_than([1, 2], -5), "threshold_minutes"),
        (lambda: waiting.overbooking_table(0, 0.8, 100, 150), "slots"),
        (lambda: waiting.overbooking_table(2.5, 0.8, 100, 150), "slots"),
        (lambda: waiting.overbooking_table(20, 1.2, 100, 150), "show_probability"),
        (lambda: waiting.overbooking_table(20, 0.0, 100, 150), "show_probability"),
        (lambda: waiting.overbooking_table(20, 0.8, 0, 150), "value_per_visit"),
        (lambda: waiting.overbooking_table(20, 0.8, 100, -1), "overflow_cost"),
        (lambda: waiting.overbooking_table(20, 0.8, 100, 150, max_extra=-1), "max_extra"),
        (lambda: waiting.best_bookings(20, -0.1, 100, 150), "show_probability"),
        (lambda: waiting.best_bookings(20, 0.8, 100, 150, max_extra=1.5), "max_extra"),
        (lambda: waiting.no_show_loss(-1, 0.2, 150), "bookings"),
        (lambda: waiting.no_show_loss(10, 1.5, 150), "no_show_rate"),
        (lambda: waiting.no_show_loss(10, 0.2, -150), "value_per_visit"),
        (lambda: waiting.no_show_loss(10, 0.2, 150, deposit=-5), "deposit"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name)
