"""What a customer is worth: direct value, lifetime value and the ripple of word of mouth.

The ripple example (波动效应) of the service-standards slides, a supplement to the
course, starts from one regular customer who spends 50 yuan a visit and comes 12 times
a year: 600 yuan a year.  A customer who stays is worth that every year they stay; a
customer who talks changes what others spend.  The same slides' word-of-mouth figures:
a customer who gets poor service tells 9-10 people, one who gets good service tells 5.

Retention, discounting and how many listeners act on what they hear are not in the
course; here they are named parameters, to be varied.  When the question is whether a
cost pays (a recovery gesture, say), pass the customer's annual *margin*, not their
revenue: the firm keeps only the margin.

>>> annual_value(50, 12)
600.0
>>> round(lifetime_value(600, retention=0.8, years=5), 2)
2016.96
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab._validate import fraction, integer, non_negative

__all__ = [
    "HAPPY_TELLS",
    "UNHAPPY_TELLS",
    "annual_value",
    "gesture_break_even",
    "lifetime_value",
    "ripple",
    "value_by_year",
    "word_of_mouth_reach",
]

#: People a customer with a good experience tells, per the service-standards slides (a supplement).
HAPPY_TELLS = 5.0
#: People a customer with a poor experience tells: "9-10" in the slides; the midpoint.
UNHAPPY_TELLS = 9.5


def annual_value(spend_per_visit: float, visits_per_year: float) -> float:
    """Direct revenue from one customer in a year: spend per visit x visits per year.

    >>> annual_value(spend_per_visit=50, visits_per_year=12)
    600.0
    """
    return non_negative(spend_per_visit, "spend_per_visit") * non_negative(visits_per_year, "visits_per_year")


def value_by_year(annual: float, retention: float, years: int, discount_rate: float = 0.0) -> pd.DataFrame:
    """Year-by-year expected value of one new customer.

    In year t = 0, 1, ... the customer is still with the firm with
    probability r^t and their revenue is discounted by (1+d)^t.

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (1-based), ``still_a_customer``, ``expected_value`` and
        ``cumulative_value``.
    """
    annual = non_negative(annual, "annual")
    r = fraction(retention, "retention")
    n = integer(years, "years", minimum=1)
    d = non_negative(discount_rate, "discount_rate")
    t = np.arange(n)
    alive = r**t
    expected = annual * alive / (1 + d) ** t
    return pd.DataFrame(
        {
            "year": t + 1,
            "still_a_customer": alive,
            "expected_value": expected,
            "cumulative_value": np.cumsum(expected),
        }
    )


def lifetime_value(annual: float, retention: float, years: int, discount_rate: float = 0.0) -> float:
    """Expected revenue of one customer over ``years`` years.

    ::

        CLV = A sum_(t=0)^(T-1) (r / (1+d))^t
                    = A (1-q^T) / (1-q), q = r / (1+d)

    with annual value A, retention r (the share of customers who
    stay from one year to the next) and discount rate d.  Reichheld and
    Sasser (1990) show why retention drives what a customer is worth.

    >>> lifetime_value(600, retention=1.0, years=10)
    6000.0
    """
    return float(value_by_year(annual, retention, years, discount_rate)["expected_value"].sum())


def word_of_mouth_reach(
    happy: float, unhappy: float, happy_tells: float = HAPPY_TELLS, unhappy_tells: float = UNHAPPY_TELLS
) -> dict[str, float]:
    """How many people hear good and bad stories about the firm.

    >>> word_of_mouth_reach(happy=90, unhappy=10)
    {'hear_good': 450.0, 'hear_bad': 95.0, 'net': 355.0}
    """
    happy = non_negative(happy, "happy")
    unhappy = non_negative(unhappy, "unhappy")
    good = happy * non_negative(happy_tells, "happy_tells")
    bad = unhappy * non_negative(unhappy_tells, "unhappy_tells")
    return {"hear_good": good, "hear_bad": bad, "net": good - bad}


def ripple(
    annual: float,
    retention: float,
    years: int,
    *,
    happy: bool,
    listeners_who_act: float,
    discount_rate: float = 0.0,
    happy_tells: float = HAPPY_TELLS,
    unhappy_tells: float = UNHAPPY_TELLS,
) -> dict[str, float]:
    """One customer's value including the first ring of the ripple.

    A happy customer tells ``happy_tells`` people, and the share
    ``listeners_who_act`` of them become customers worth the same lifetime value.
    An unhappy customer leaves after the first year and tells ``unhappy_tells``
    people, and that share of them stay away: the firm loses their lifetime value.
    Only the first ring is counted (no friends of friends), which keeps the
    estimate conservative.

    Returns
    -------
    dict
        ``own`` (the customer's own expected revenue), ``ripple`` (value won or lost
        through the people they tell; negative for an unhappy customer) and ``total``.

    >>> ripple(600, 0.8, 5, happy=True, listeners_who_act=0.2)["ripple"]
    2016.96
    """
    clv = lifetime_value(annual, retention, years, discount_rate)
    share = fraction(listeners_who_act, "listeners_who_act")
    if happy:
        own = clv
        ring = non_negative(happy_tells, "happy_tells") * share * clv
    else:
        own = non_negative(annual, "annual")
        ring = -non_negative(unhappy_tells, "unhappy_tells") * share * clv
    return {"own": round(own, 2), "ripple": round(ring, 2), "total": round(own + ring, 2)}


def gesture_break_even(
    annual: float,
    retention: float,
    years: int,
    *,
    success: float,
    listeners_who_act: float,
    discount_rate: float = 0.0,
    happy_tells: float = HAPPY_TELLS,
    unhappy_tells: float = UNHAPPY_TELLS,
) -> dict[str, float]:
    """The most a recovery gesture may cost and still pay for itself, in expectation.

    A gesture (a free dessert, a discount) offered to an unhappy regular turns them
    into a happy one with probability p = ``success``; otherwise it changes nothing and
    its cost is lost.  With :func:`ripple`'s model of a happy and an unhappy customer,
    the value at stake is the swing

    ::

        swing      = total(happy) - total(unhappy)
                   = CLV (1 + (h + u) a) - A
        break_even = p x swing

    with annual value A, lifetime value CLV (:func:`lifetime_value`), h and u the
    people a happy and an unhappy customer tell, and a the share of listeners who act.
    A gesture whose cost to the firm is below ``break_even`` has a positive expected
    net value.  Pass the annual **margin** as ``annual`` (and the gesture's cost to the
    firm, not its menu price, when comparing): revenue overstates what the firm keeps.
    The model is optimistic about a success (the customer becomes fully happy) and
    pessimistic about a failure (the customer leaves after a year).

    Returns
    -------
    dict
        ``swing`` and ``break_even`` (units of ``annual``, over ``years`` years).

    >>> gesture_break_even(180, 0.6, 10, success=0.3, listeners_who_act=0.0)["break_even"]
    80.18
    """
    p = fraction(success, "success")
    common = {"listeners_who_act": listeners_who_act, "discount_rate": discount_rate,
              "happy_tells": happy_tells, "unhappy_tells": unhappy_tells}
    swing = (ripple(annual, retention, years, happy=True, **common)["total"]
             - ripple(annual, retention, years, happy=False, **common)["total"])
    return {"swing": round(swing, 2), "break_even": round(p * swing, 2)}
