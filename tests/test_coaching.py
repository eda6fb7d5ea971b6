"""Coaching with KPIs (Chapter 7): the team's weekly figure and each agent's figure over a period.

Expected values are computed by hand in each test.
"""

import numpy as np
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


# ---- weak spots and the false alarms they raise ----------------------------------------------------

Z_NOW = pd.DataFrame({"fcr": [-2.1, 0.3, -1.3, 0.0], "csat": [0.4, -1.25, -0.2, 1.1]},
                     index=["A", "B", "C", "D"])
Z_BEFORE = pd.DataFrame({"fcr": [-1.8, 0.1, 0.5, -1.9], "csat": [0.0, -1.6, -0.1, 0.9]},
                        index=["A", "B", "C", "D"])


def test_weak_spots_flags_cells_at_or_below_the_cut_worst_first():
    # By hand: A/fcr -2.1, C/fcr -1.3, B/csat -1.25 (at the cut counts).
    flags = coaching.weak_spots(Z_NOW, -1.25)
    assert list(zip(flags["agent"], flags["measure"])) == [("A", "fcr"), ("C", "fcr"), ("B", "csat")]
    assert flags["z"].tolist() == [-2.1, -1.3, -1.25]


def test_weak_spots_with_an_earlier_period_keeps_only_persistent_weaknesses():
    # C/fcr was fine before (0.5): a bad spell, not kept; D/fcr was weak only before: not kept.
    flags = coaching.weak_spots(Z_NOW, -1.25, earlier=Z_BEFORE)
    assert list(zip(flags["agent"], flags["measure"])) == [("A", "fcr"), ("B", "csat")]
    assert flags["z_earlier"].tolist() == [-1.8, -1.6]


def test_flag_false_alarms_is_cells_times_the_normal_tail():
    # Phi(-1.25) = 0.105650 (normal table); 30 agents x 4 measures = 120 cells -> 12.678 expected.
    one = coaching.flag_false_alarms(120, -1.25)
    assert one["alpha"] == pytest.approx(0.105650, abs=1e-6)
    assert one["expected"] == pytest.approx(12.678, abs=1e-3)
    # Two independent periods: alpha^2 = 0.011162 -> 1.339 expected.
    two = coaching.flag_false_alarms(120, -1.25, periods=2)
    assert two["expected"] == pytest.approx(120 * 0.105650**2, rel=1e-4)
    # Phi(-2.326) = 0.01: 100 cells give one false flag.
    assert coaching.flag_false_alarms(100, -2.326348)["expected"] == pytest.approx(1.0, abs=1e-5)


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
def test_flag_false_alarms_matches_a_simulation_of_identical_agents():
    # Independent check: 2000 teams of 30 identical agents x 4 measures, scored with robust_z.
    from servicelab import stats

    rng = np.random.default_rng(7)
    counts = []
    for _ in range(2000):
        z = stats.robust_z(pd.DataFrame(rng.normal(size=(30, 4))))
        counts.append(int((z <= -1.25).to_numpy().sum()))
    # The robust scale from 30 agents is itself noisy, so the simulated mean sits a little above
    # the normal-tail figure (12.68); within 10 % of it.
    assert np.mean(counts) == pytest.approx(coaching.flag_false_alarms(120, -1.25)["expected"], rel=0.10)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: coaching.weak_spots(Z_NOW, 0.5), "cut"),
        (lambda: coaching.weak_spots(Z_NOW, -1.0, earlier=Z_BEFORE.iloc[:2]), "earlier"),
        (lambda: coaching.weak_spots(pd.DataFrame(), -1.0), "z must be"),
        (lambda: coaching.flag_false_alarms(0, -1.25), "tests"),
        (lambda: coaching.flag_false_alarms(10, -1.25, periods=0), "periods"),
    ],
)
def test_weak_spot_input_errors_name_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
