"""The key-account audit: every key account scored on the fifteen expectations, by the client and by the team."""

from __future__ import annotations

import pytest

from servicelab import data, satisfaction
from servicelab.synth import account_audit, bookings, world


@pytest.fixture(scope="module")
def audit():
    return data.load("account_audit")


def test_every_key_account_on_every_expectation(audit):
    # Shared with hotel_transactions: the same 60 key accounts (world.KEY_ACCOUNTS), no others.
    assert sorted(audit["account_id"].unique()) == bookings.key_account_ids()
    assert audit["account_id"].nunique() == world.KEY_ACCOUNTS.value
    # Fifteen items, the length of the satisfaction slides' list that names them.
    assert sorted(audit["item"].unique()) == list(satisfaction.CLIENT_EXPECTATIONS.index)
    assert audit.groupby("account_id").size().eq(len(satisfaction.CLIENT_EXPECTATIONS)).all()


def test_branch_is_where_the_account_stays_most(audit):
    # Shared with hotel_transactions: the branch with the most 2025 room nights of each account.
    tx = data.load("hotel_transactions")
    nights = tx[tx["customer_id"].isin(audit["account_id"])].groupby(["customer_id", "branch"])["room_nights"].sum()
    top = nights.groupby(level=0).idxmax().map(lambda pair: pair[1])
    per_account = audit.drop_duplicates("account_id").set_index("account_id")["branch"]
    assert (per_account == top.reindex(per_account.index)).all()


def test_built_in_pattern_the_process_text_promises(audit):
    # The process text says the team rates itself higher than the clients, and the clients score
    # items 6, 9 and 12 lowest. With 60 accounts an item mean has a standard error of about 0.1.
    means = audit.groupby("item")[["client_score", "team_score"]].mean()
    assert (means["team_score"] > means["client_score"]).mean() > 0.9
    assert set(means["client_score"].nsmallest(3).index) == {6, 9, 12}
    assert means["client_score"].idxmax() in (10, 13)
    assert audit["month"].eq(account_audit.AUDIT_MONTH).all()
