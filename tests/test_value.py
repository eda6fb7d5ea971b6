"""Customer value (Chapter 1). The course's figures: 50 yuan x 12 visits; word of mouth 9-10 vs 5."""

import pytest
from hypothesis import given, strategies as st

from servicelab import value


def test_course_ripple_example_direct_value():
    # The service-standards slides: 50 yuan a visit, 12 visits a year = 600 yuan a year.
    assert value.annual_value(50, 12) == 600


def test_lifetime_value_closed_form():
    # Geometric sum: 600 * (1 - 0.8**5) / (1 - 0.8) = 600 * 3.3616 = 2016.96.
    assert value.lifetime_value(600, retention=0.8, years=5) == pytest.approx(2016.96)
    # With discounting, q = 0.9 / 1.1: 600 * (1 - q**3) / (1 - q).
    q = 0.9 / 1.1
    assert value.lifetime_value(600, 0.9, 3, discount_rate=0.1) == pytest.approx(600 * (1 - q**3) / (1 - q))


@given(
    st.floats(min_value=0, max_value=1e4),
    st.floats(min_value=0, max_value=0.99),
    st.integers(min_value=1, max_value=40),
)
def test_lifetime_value_matches_geometric_series(annual, r, years):
    expected = annual * (1 - r**years) / (1 - r)
    assert value.lifetime_value(annual, r, years) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_word_of_mouth_uses_course_figures():
    assert value.HAPPY_TELLS == 5 and 9 <= value.UNHAPPY_TELLS <= 10
    reach = value.word_of_mouth_reach(happy=100, unhappy=20)
    assert reach == {"hear_good": 500.0, "hear_bad": 190.0, "net": 310.0}


def test_ripple_signs_and_size():
    happy = value.ripple(600, 0.8, 5, happy=True, listeners_who_act=0.1)
    unhappy = value.ripple(600, 0.8, 5, happy=False, listeners_who_act=0.1)
    # Happy: 5 listeners x 0.1 x 2016.96 = 1008.48 won; unhappy: 9.5 x 0.1 x 2016.96 = 1916.11 lost.
    assert happy["ripple"] == pytest.approx(1008.48)
    assert unhappy["ripple"] == pytest.approx(-1916.11)
    assert unhappy["own"] == 600


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: value.annual_value(-50, 12), "spend_per_visit"),
        (lambda: value.lifetime_value(600, retention=1.2, years=5), "retention"),
        (lambda: value.lifetime_value(600, retention=0.8, years=0), "years"),
        (lambda: value.ripple(600, 0.8, 5, happy=True, listeners_who_act=2), "listeners_who_act"),
        (lambda: value.word_of_mouth_reach(happy=-1, unhappy=0), "happy"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_gesture_break_even_closed_form():
    # A = 180 yuan of margin a year, r = 0.7, T = 10, a = 0.05, p = 0.5.
    # CLV = 180 (1 - 0.7**10) / 0.3; swing = CLV (1 + (5 + 9.5) 0.05) - 180; break-even = 0.5 swing.
    clv = 180 * (1 - 0.7**10) / 0.3
    swing = clv * (1 + 14.5 * 0.05) - 180
    out = value.gesture_break_even(180, 0.7, 10, success=0.5, listeners_who_act=0.05)
    assert out["swing"] == pytest.approx(swing, abs=0.02)
    assert out["break_even"] == pytest.approx(0.5 * swing, abs=0.02)


def test_gesture_break_even_without_word_of_mouth_is_the_own_value_swing():
    # No listener acts: the swing is what the customer's own staying is worth beyond the first year.
    out = value.gesture_break_even(180, 0.6, 10, success=1.0, listeners_who_act=0.0)
    assert out["swing"] == pytest.approx(value.lifetime_value(180, 0.6, 10) - 180, abs=0.01)


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=0.3))
def test_gesture_break_even_grows_with_success_and_word_of_mouth(p, a):
    low = value.gesture_break_even(180, 0.8, 10, success=p, listeners_who_act=a)["break_even"]
    assert value.gesture_break_even(180, 0.8, 10, success=min(1.0, p + 0.1), listeners_who_act=a)["break_even"] >= low
    assert value.gesture_break_even(180, 0.8, 10, success=p, listeners_who_act=a + 0.05)["break_even"] >= low - 0.01


def test_gesture_break_even_rejects_a_success_outside_zero_to_one():
    with pytest.raises(ValueError, match="success"):
        value.gesture_break_even(180, 0.8, 10, success=1.5, listeners_who_act=0.1)
