"""The booking data (hotel_transactions, booking_totals) hold what their descriptions promise.

Expected values come from the world (servicelab/synth/world.py) and from the generator's stated
parameters (servicelab/synth/bookings.py); computations are written out here, independent of the
chapters' models.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicelab import data
from servicelab.synth import bookings, world


@pytest.fixture(scope="module")
def tx() -> pd.DataFrame:
    frame = data.load("hotel_transactions")
    frame["revenue"] = frame["room_revenue"] + frame["other_revenue"]
    return frame


@pytest.fixture(scope="module")
def totals() -> pd.DataFrame:
    return data.load("booking_totals")


def test_transactions_cover_one_year_of_identified_customers(tx):
    year = world.BOOKING_YEAR.value
    assert tx["date"].dt.year.eq(year).all()
    corporate = tx["customer_id"].str.startswith("CO")
    assert (corporate == (tx["customer_type"] == "corporate")).all()
    # Every member who stayed in the year appears (each has at least one booking); accounts with an
    # expected handful of bookings may have none.
    assert tx.loc[~corporate, "customer_id"].nunique() == world.MEMBERS.value
    assert 0.95 * world.CORPORATE_ACCOUNTS.value <= tx.loc[corporate, "customer_id"].nunique() <= world.CORPORATE_ACCOUNTS.value
    assert "travel platform" not in set(tx["channel"])
    assert tx["booking_id"].is_monotonic_increasing and tx["date"].is_monotonic_increasing


def test_margin_is_the_worlds_contribution_margins(tx):
    expected = tx["room_revenue"] * world.ROOM_MARGIN.value + tx["other_revenue"] * world.EVENT_MARGIN.value
    assert np.abs(tx["margin"] - expected).max() <= 0.5


def test_key_accounts_are_the_top_tier_by_revenue_and_by_margin(tx):
    # S13: about 60 corporate key accounts (大客户) should be what a top tier by value finds.
    keys = set(bookings.key_account_ids())
    assert len(keys) == world.KEY_ACCOUNTS.value
    n = world.KEY_ACCOUNTS.value
    for measure in ("revenue", "margin"):
        top = tx.groupby("customer_id")[measure].sum().nlargest(n).index
        assert len(keys & set(top)) >= 0.9 * n, measure
        assert all(c.startswith("CO") for c in top), measure


def test_value_is_concentrated_but_the_unidentified_tail_outearns_the_key_accounts(tx, totals):
    value = np.sort(tx.groupby("customer_id")["revenue"].sum().to_numpy())
    n = value.size
    gini = float((2 * np.arange(1, n + 1) - n - 1) @ value / (n * value.sum()))
    assert gini > 0.75
    keys = tx[tx["customer_id"].isin(bookings.key_account_ids())]
    assert keys["revenue"].sum() > 0.5 * tx["revenue"].sum()
    # The course's long tail: the many small, unidentified bookings together bring more room revenue
    # than the key accounts bring in total.
    unidentified = totals["room_revenue"].sum() - tx["room_revenue"].sum()
    assert unidentified > 2 * keys["revenue"].sum()


def test_small_corporate_risers_keep_growing_but_lucky_members_do_not(tx):
    # Built in: 16% of the smaller corporate accounts take off (growth 1.3-2.0 a year); members only
    # fluctuate.  Flag small customers whose third quarter doubled their first-half quarterly mean;
    # most corporate ones keep it up in the fourth quarter, most members fall back.
    stays = tx[tx["other_revenue"] == 0]
    q = stays.pivot_table(index="customer_id", columns=stays["date"].dt.quarter, values="revenue",
                          aggfunc="sum", fill_value=0)
    kept = {}
    for prefix in ("CO", "ME"):
        group = q[q.index.str.startswith(prefix)]
        h1 = group[1] + group[2]
        group = group[(h1 > 0) & (h1 <= h1.quantile(0.8))]
        early = (group[1] + group[2]) / 2
        flagged = (group[3] >= 2 * early) & (group[3] >= 2000)
        assert flagged.sum() >= 20, prefix
        kept[prefix] = float((group.loc[flagged, 4] > early[flagged]).mean())
    assert kept["CO"] > 0.7 > 0.45 > kept["ME"]


def test_totals_grid_and_identified_bookings_inside_it(tx, totals):
    # One row per date x branch x segment x channel, leisure bookings by the key-account team excluded.
    days = totals["date"].nunique()
    assert days == 365
    assert len(totals) == days * len(world.BRANCHES.value) * (2 * len(world.CHANNELS.value) - 1)
    leisure = totals[totals["segment"] == "leisure"]
    assert "account manager" not in set(leisure["channel"])
    # Every identified booking is counted in the totals: per date, branch and channel never more.
    ident = tx.groupby(["date", "branch", "channel"]).size()
    total = totals.groupby(["date", "branch", "channel"])["bookings"].sum()
    assert (ident <= total.reindex(ident.index)).all()
    assert (totals["room_nights"] >= totals["bookings"]).all()
    assert ((totals["bookings"] == 0) == (totals["room_revenue"] == 0)).all()


def test_channel_mix_follows_the_world(totals):
    # Expected channel shares from the world's booking mix; with ~186,000 bookings the shares are
    # within 1 point unless the generator ignores the mix.
    mix = world.booking_mix().groupby("channel")["bookings"].sum()
    expected = mix / mix.sum()
    observed = totals.groupby("channel")["bookings"].sum() / totals["bookings"].sum()
    for channel in world.CHANNELS.value:
        assert observed[channel] == pytest.approx(expected[channel], abs=0.01), channel
