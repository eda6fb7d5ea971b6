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
