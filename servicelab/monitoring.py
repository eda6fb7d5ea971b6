"""Monitoring service quality: the course's three channels, and how much data tells a standard from noise.

Chapter 8 of the course slides names three ways to monitor quality (第二节 客户客服质量的监控):
complaint channels, regular satisfaction surveys, and inspection at the front line by a
quality-supervision firm (:data:`MONITORING_CHANNELS`).  Each produces a sample: a month's
complaints, a survey's answers, a few mystery-shopper visits.  The question a manager then
faces is statistical: how many observations does it take before a difference is more than
chance?  Here, in closed form (normal approximations, as used for planning):

- the visits needed to estimate a pass rate to within a margin (:func:`visits_for_margin`);
- the visits per branch needed to detect a difference in mean score between two branches
  (:func:`visits_for_difference`), and, the other way round, the smallest difference a given
  number of visits can detect (:func:`detectable_difference`);
- the visits per branch needed to detect a difference between two pass rates
  (:func:`visits_for_proportions`).

How many false alarms a monthly comparison of every branch gives by chance is
:func:`servicelab.stats.false_alarms`.

>>> visits_for_margin(0.5, 0.05)
385
>>> visits_for_difference(sd=15, difference=10)
36
"""

from __future__ import annotations

import math

from scipy import stats as _scipy_stats

from servicelab._validate import fraction, integer, positive

__all__ = [
    "MONITORING_CHANNELS",
    "detectable_difference",
    "visits_for_difference",
    "visits_for_margin",
    "visits_for_proportions",
]

#: The course's three channels for monitoring quality (第二节 一、二、三): key, our English, the
#: course slides' own words.
MONITORING_CHANNELS = (
    ("complaints", "open channels for customer complaints", "开通客户投诉的渠道"),
    ("surveys", "survey customer satisfaction regularly", "经常进行客户满意调查"),
    ("inspection", "set up, or commission, a quality-supervision firm to inspect at the front line",
     "成立或委托质量监督企业到服务第一线进行监督检查"),
)


def _z(probability: float) -> float:
    return float(_scipy_stats.norm.ppf(probability))


def _alpha_power(alpha, power) -> tuple[float, float]:
    a = fraction(alpha, "alpha", inclusive=False)
    b = fraction(power, "power", inclusive=False)
    return a, b


def visits_for_margin(pass_rate: float, margin: float, *, confidence: float = 0.95) -> int:
    """Visits needed to estimate a pass rate to within +/- ``margin``.

    ::

        n = ceil( z^2 p (1 - p) / m^2 ),   z = Phi^-1((1 + c) / 2)

    with p the pass rate expected (0.5 when nothing is known: the most visits), m the
    margin and c the confidence.  It plans the normal-approximation interval; the Wilson
    interval the book reports (:func:`servicelab.stats.wilson_interval`) is close to it at
    these sizes.

    Parameters
    ----------
    pass_rate : float
        Expected share of visits that pass, 0-1.
    margin : float
        Half-width wanted, in (0, 1) (0.1 = ten percentage points).
    confidence : float
        Coverage, in (0, 1).

    References
    ----------
    Cochran (1977), *Sampling Techniques*, 3rd ed., section 4.4.

    >>> visits_for_margin(0.5, 0.05), visits_for_margin(0.8, 0.10)
    (385, 62)
    """
    p = fraction(pass_rate, "pass_rate")
    m = fraction(margin, "margin", inclusive=False)
    c = fraction(confidence, "confidence", inclusive=False)
    z = _z((1 + c) / 2)
    return max(1, math.ceil(round(z**2 * p * (1 - p) / m**2, 9)))


def visits_for_difference(*, sd: float, difference: float, alpha: float = 0.05, power: float = 0.80) -> int:
    """Visits per branch needed to detect a difference in mean score between two branches.

    ::

        n = ceil( 2 (z_(1 - alpha/2) + z_power)^2 sd^2 / delta^2 )

    for a two-sided test at level ``alpha`` that finds a true difference ``delta`` with
    probability ``power``, when one visit's score varies with standard deviation ``sd``
    around its branch's mean (normal approximation; the t-test needs one or two more).

    Parameters
    ----------
    sd : float
        Visit-to-visit standard deviation of the score within a branch, > 0.
    difference : float
        The difference worth detecting, > 0, in the units of the score.
    alpha, power : float
        False-alarm rate of the test and the chance of detecting ``difference``, in (0, 1).

    References
    ----------
    Chow, Shao and Wang (2008), *Sample Size Calculations in Clinical Research*, 2nd ed.,
    section 3.2.

    >>> visits_for_difference(sd=1, difference=0.5)
    63
    """
    s = positive(sd, "sd")
    d = positive(difference, "difference")
    a, b = _alpha_power(alpha, power)
    z = _z(1 - a / 2) + _z(b)
    return max(2, math.ceil(round(2 * z**2 * s**2 / d**2, 9)))


def detectable_difference(*, sd: float, visits: int, alpha: float = 0.05, power: float = 0.80) -> float:
    """Smallest difference in mean score that ``visits`` per branch detect with the given power.

    The inverse of :func:`visits_for_difference`::

        delta = (z_(1 - alpha/2) + z_power) sd sqrt(2 / n)

    >>> round(detectable_difference(sd=15, visits=4), 1)
    29.7
    """
    s = positive(sd, "sd")
    n = integer(visits, "visits", minimum=1)
    a, b = _alpha_power(alpha, power)
    return float((_z(1 - a / 2) + _z(b)) * s * math.sqrt(2 / n))


def visits_for_proportions(first: float, second: float, *, alpha: float = 0.05, power: float = 0.80) -> int:
    """Visits per branch needed to detect that two pass rates differ.

    ::

        n = ceil( (z_(1 - alpha/2) sqrt(2 pbar (1 - pbar)) + z_power sqrt(p1 (1 - p1) + p2 (1 - p2)))^2
                  / (p1 - p2)^2 ),   pbar = (p1 + p2) / 2

    the usual formula for the pooled two-sample z-test, without continuity correction.

    Parameters
    ----------
    first, second : float
        The two pass rates (0-1), different from each other.
    alpha, power : float
        As in :func:`visits_for_difference`.

    References
    ----------
    Fleiss, Levin and Paik (2003), *Statistical Methods for Rates and Proportions*, 3rd ed.,
    section 4.2.

    >>> visits_for_proportions(0.6, 0.8)
    82
    """
    p1 = fraction(first, "first")
    p2 = fraction(second, "second")
    if p1 == p2:
        raise ValueError(f"second={second!r} must differ from first={first!r}: there is no difference to detect")
    a, b = _alpha_power(alpha, power)
    p_bar = (p1 + p2) / 2
    top = _z(1 - a / 2) * math.sqrt(2 * p_bar * (1 - p_bar)) + _z(b) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return max(2, math.ceil(round(top**2 / (p1 - p2) ** 2, 9)))
