"""The Chapter 4 and 7 data sets have the properties their descriptions promise.

Each test names the claim of the resource's description (data/datapackage.json) it checks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicelab import customer_tiers, data, goals

MINE = ("hotel_transactions", "agent_kpis", "securities_recommendations", "goal_sheet")


@pytest.fixture(scope="module")
def bookings() -> pd.DataFrame:
    return data.load("hotel_transactions")


@pytest.fixture(scope="module")
def kpis() -> pd.DataFrame:
    return data.load("agent_kpis")


def test_files_stay_modest():
    sizes = {name: (data.data_dir() / f"{name}.csv").stat().st_size for name in MINE}
    assert sum(sizes.values()) < 2_000_000, sizes


def test_bookings_cover_one_year_of_three_thousand_customers(bookings):
    assert bookings["date"].min() >= pd.Timestamp("2025-01-01")
    assert bookings["date"].max() <= pd.Timestamp("2025-12-31")
    assert bookings["customer_id"].nunique() == 420 + 2580
    # The id prefix and the segment agree.
    corporate = bookings["customer_id"].str.startswith("CO")
    assert (corporate == (bookings["segment"] == "corporate")).all()


def test_customer_value_is_skewed_but_the_tail_matters(bookings):
    # value concentrated in few customers, yet the ~80 % of small customers add up.
    value = customer_tiers.customer_value(bookings)["value"]
    assert 0.55 <= customer_tiers.gini(value) <= 0.8
    assert 0.6 <= customer_tiers.top_share(value, 0.2) <= 0.8
    tail = customer_tiers.long_tail(value, head=0.2)
    # The tail's total is comparable with the 2 % of largest accounts ("may out-earn big ones").
    assert tail["tail_share"] >= 0.8 * customer_tiers.top_share(value, 0.02)


def test_small_corporate_risers_keep_growing_but_lucky_guests_do_not(bookings):
    # The description: 16 % of small corporate accounts are taking off; guests only fluctuate.
    stays = customer_tiers.spend_by_period(bookings[bookings["kind"] == "stay"])
    h1 = stays[["2025Q1", "2025Q2"]].sum(axis=1)
    small = stays[(h1 > 0) & (h1 <= h1.quantile(0.8))]
    kept = {}
    for prefix in ("CO", "IN"):
        group = small[small.index.str.startswith(prefix)]
        flagged = customer_tiers.rising_customers(group, ["2025Q1", "2025Q2"], ["2025Q3"], min_growth=1.0, min_late=2000)
        chosen = flagged[flagged["rising"]].index
        kept[prefix] = float((group.loc[chosen, "2025Q4"] > flagged.loc[chosen, "early"]).mean())
    assert kept["CO"] > 0.6 > 0.45 > kept["IN"]


def test_agent_panel_is_complete(kpis):
    assert kpis["agent"].nunique() == 30 and kpis["week"].nunique() == 78
    assert len(kpis) == 30 * 78
    trained = kpis.groupby("agent")["trained"].first()
    assert trained.sum() == 15


def _period_means(kpis, metric, start, end):
    weeks = kpis[(kpis["week"] >= start) & (kpis["week"] <= end)]
    return weeks.groupby("agent")[metric].mean()


def test_training_effect_is_recovered_by_difference_in_differences(kpis):
    # The generator adds +5 points of FCR and -14 s of AHT to trained agents after June 2025.
    trained = kpis.groupby("agent")["trained"].first()
    estimates = {}
    for metric in ("fcr", "aht_seconds"):
        before = _period_means(kpis, metric, "2025-02-24", "2025-05-26")
        after = _period_means(kpis, metric, "2025-07-07", "2025-09-29")
        change = after - before
        estimates[metric] = change[trained].mean() - change[~trained].mean()
        naive = change[trained].mean()
        # The common shocks (new booking system, summer) bias the naive before/after.
        assert abs(naive - estimates[metric]) > (0.01 if metric == "fcr" else 5)
    assert estimates["fcr"] == pytest.approx(0.05, abs=0.015)
    assert estimates["aht_seconds"] == pytest.approx(-14, abs=5)


def test_trained_agents_were_the_weaker_ones(kpis):
    # The description: nominated because their first-contact resolution was the lowest.
    before = _period_means(kpis, "fcr", "2025-01-06", "2025-05-26")
    trained = kpis.groupby("agent")["trained"].first()
    assert before[trained].max() < before[~trained].median()


def test_securities_case_is_flat_in_october_and_november():
    # October-November flat against the first three quarters.
    recs = data.load("securities_recommendations")
    monthly = recs.groupby("month")["recommendations"].sum()
    q1_q3 = monthly[monthly.index < "2008-10-01"].mean()
    oct_nov = monthly[monthly.index >= "2008-10-01"].mean()
    assert oct_nov == pytest.approx(q1_q3, rel=0.05)
    # No branch comes close to +200 %: none gains even 50 % on its third-quarter level.
    by_branch = recs.pivot(index="month", columns="branch", values="recommendations")
    q3 = by_branch.loc["2008-07-01":"2008-09-01"].mean()
    assert (by_branch.loc["2008-10-01":].mean() < 1.5 * q3).all()


def test_goal_sheet_baselines_come_from_the_kpis(kpis):
    sheet = data.load("goal_sheet").set_index("goal_id")
    window = kpis[(kpis["week"] >= "2025-06-09") & (kpis["week"] <= "2025-06-30")]
    fcr = np.average(window["fcr"], weights=window["calls"])
    assert sheet.loc["G01", "baseline"] == pytest.approx(round(fcr, 3))
    assert sheet.loc["G05", "baseline"] == pytest.approx(round(window["adherence"].mean(), 3))
    # The +200 % case: target three times the July-September monthly mean.
    assert sheet.loc["G09", "target"] == pytest.approx(3 * sheet.loc["G09", "baseline"], abs=1)
    assert goals.goals_from_frame(sheet.reset_index())[0].goal_id == "G01"
