"""Coaching with KPIs (Chapter 7): the team's weekly figure and each agent's figure over a period.

Expected values are computed by hand in each test.
"""

import pandas as pd
import pytest

from servicelab import coaching

KPIS = pd.DataFrame({
    "week": pd.to_datetime(["2025-01-06"] * 3 + ["2025-01-13"] * 3),
    "agent": ["A", "B", "C"] * 2,
    "calls": [100, 300, 100, 200, 200, 0],
    "fcr": [0.50, 0.70, 0.90, 0.60, 0.80, 0.10],
    "adherence": [0.90, 0.80, 1.00, 0.95, 0.85, 0.75],
})


def test_team_weekly_weights_per_call_measures_by_calls():
    # Week 1: (100 x 0.5 + 300 x 0.7 + 100 x 0.9) / 500 = 0.70; week 2: (200 x 0.6 + 200 x 0.8) / 400 = 0.70
    # (agent C took no calls that week, so C's 0.10 does not count).
    team = coaching.team_weekly(KPIS, "fcr")
    assert team.tolist() == pytest.approx([0.70, 0.70])
    # A share of each agent's own time: every agent counts the same.
    assert coaching.team_weekly(KPIS, "adherence", weight=None).tolist() == pytest.approx([0.90, 0.85])


def test_agent_means_over_a_period_include_both_ends():
    means = coaching.agent_means(KPIS, "fcr", ("2025-01-06", "2025-01-13"))
    assert means.to_dict() == {"A": pytest.approx(0.55), "B": pytest.approx(0.75), "C": pytest.approx(0.50)}
    assert coaching.agent_means(KPIS, "fcr", ("2025-01-07", "2025-01-13"))["A"] == pytest.approx(0.60)


def test_bad_input_names_the_frame():
    with pytest.raises(ValueError) as error:
        coaching.team_weekly(KPIS, "csat")
    assert str(error.value).startswith("kpis is missing column(s) ['csat']")
