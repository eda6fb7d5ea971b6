"""Material incentives against turnover (Chapter 7).

Expected values: hand computation on small staff tables (days / 365.25), the closed form of the
break-even ratio, the incentive balance worked by hand, and, for the leavers a comparison needs, a
simulation of Poisson counts (an independent check of the log-rate-ratio formula).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from servicelab import data, incentives, stats

STAFF = pd.DataFrame({
    "month": ["2025-01-01"] * 4,
    "agent": ["A", "B", "C", "D"],
    "team": ["B", "B", "A", "A"],
    "hire_date": ["2024-01-01", "2024-01-01", "2025-04-01", "2024-06-01"],
    "leave_date": [None, "2025-07-02", None, "2025-01-01"],
    "incentive_paid": [450, 900, 0, 0],
})
SCHEME = {"A": "other", "B": "scheme", "C": "other", "D": "scheme"}


def test_leave_rates_count_exposure_and_leavers_by_hand():
    table = incentives.leave_rates(STAFF, groups=SCHEME, start="2025-01-01", end="2025-12-31")
    # scheme: A employed all 365 days, B from 1 Jan to 1 Jul (182 days) -> 547 / 365.25 agent-years, 1 leaver.
    assert table.loc["scheme", "agent_years"] == pytest.approx(547 / 365.25)
    assert table.loc["scheme", "leavers"] == 1
    assert table.loc["scheme", "paid"] == 1350
    # other: C from 1 Apr (275 days); D left on the first day: no exposure, still a leaver.
    assert table.loc["other", "agent_years"] == pytest.approx(275 / 365.25)
    assert table.loc["other", "leavers"] == 1
    assert table.loc["other", "agents"] == 2
    # The interval is the exact Poisson one for one event, divided by the exposure.
    one = stats.poisson_rate_interval(1, 547 / 365.25)
    assert (table.loc["scheme", "low"], table.loc["scheme", "high"]) == pytest.approx((one.low, one.high))


def test_leave_rates_accept_a_group_column():
    table = incentives.leave_rates(STAFF, groups="team", start="2025-01-01", end="2025-06-30", paid=None)
    assert sorted(table.index) == ["A", "B"] and "paid" not in table.columns
    # Nobody in team B left in the first half (B left on 2 July).
    assert table.loc["B", "leavers"] == 0


def test_leave_rates_on_the_employment_data_match_the_world_notes():
    # world-changes: from January 2025 on, 10 left teams A and C and 8 left teams B and D.
    employment = data.load("agent_employment")
    table = incentives.leave_rates(employment, groups={"A": "A+C", "C": "A+C", "B": "B+D", "D": "B+D"},
                                   start="2025-01-01", end="2026-06-30")
    assert table.loc["A+C", "leavers"] == 10 and table.loc["B+D", "leavers"] == 8
    # Only the scheme teams were paid an incentive.
    assert table.loc["A+C", "paid"] == 0 and table.loc["B+D", "paid"] > 0


def test_break_even_ratio_closed_form():
    # c = 2,880 a year, q = 0.4, C = 24,000: 1 - 2880 / 9600 = 0.70.
    assert incentives.break_even_ratio(2880, 0.4, 24000) == pytest.approx(0.70)


def test_incentive_balance_by_hand():
    table = incentives.incentive_balance(cost=50000, agent_years=25, leave_rate=0.4, ratio=(0.8, 0.5, 1.5),
                                         replacement_cost=24000)
    # At R = 0.8: 25 x 0.4 x 0.2 = 2 leavers avoided, 48,000 saved, net cost 2,000.
    assert table.loc["estimate", "leavers_avoided"] == pytest.approx(2.0)
    assert table.loc["estimate", "net_cost"] == pytest.approx(2000)
    # At R = 1.5 the scheme "causes" 5 more leavers: net cost 50,000 + 120,000.
    assert table.loc["high end of ratio", "net_cost"] == pytest.approx(170000)
    # Break-even consistency: at R* the net cost is zero.
    r_star = incentives.break_even_ratio(50000 / 25, 0.4, 24000)
    at_star = incentives.incentive_balance(cost=50000, agent_years=25, leave_rate=0.4, ratio=(r_star, r_star, r_star),
                                           replacement_cost=24000)
    assert at_star.loc["estimate", "net_cost"] == pytest.approx(0, abs=1e-6)


def test_leavers_needed_closed_form_and_simulation():
    # Closed form: (1.959964 + 0.841621)^2 x (1 + 1/0.6) / ln(0.6)^2 = 80.21.
    need = incentives.leavers_needed(0.6)
    assert need["comparison"] == pytest.approx(7.848879 * (1 + 1 / 0.6) / math.log(0.6) ** 2, rel=1e-6)
    assert need["total"] == pytest.approx(need["comparison"] * 1.6)
    # Independent check by simulation: with that many expected leavers, a Wald test of the log
    # rate ratio rejects R = 1 in about 80 % of samples.
    rng = np.random.default_rng(11)
    k2 = rng.poisson(need["comparison"], 20000)
    k1 = rng.poisson(need["scheme"], 20000)
    ok = (k1 > 0) & (k2 > 0)
    z = np.log(k1[ok] / k2[ok]) / np.sqrt(1 / k1[ok] + 1 / k2[ok])
    assert np.mean(np.abs(z) > 1.959964) == pytest.approx(0.80, abs=0.02)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: incentives.leave_rates(STAFF, groups={"A": "x"}, start="2025-01-01", end="2025-12-31"), "team"),
        (lambda: incentives.leave_rates(STAFF, groups=3, start="2025-01-01", end="2025-12-31"), "groups"),
        (lambda: incentives.leave_rates(STAFF, groups=SCHEME, start="2025-12-31", end="2025-01-01"), "end"),
        (lambda: incentives.leave_rates(STAFF.drop(columns="leave_date"), groups=SCHEME, start="2025-01-01",
                                        end="2025-12-31"), "leave_date"),
        (lambda: incentives.break_even_ratio(1000, 0, 24000), "leave_rate"),
        (lambda: incentives.incentive_balance(cost=1, agent_years=1, leave_rate=0.3, ratio=(0.5, 0.6, 0.9),
                                              replacement_cost=1), "ratio"),
        (lambda: incentives.leavers_needed(1.0), "ratio"),
        (lambda: incentives.leavers_needed(0.5, power=1.0), "power"),
    ],
)
def test_bad_input_is_refused_with_its_name(call, name):
    with pytest.raises(ValueError, match=name):
        call()
