"""Mirror Lake Hotels audits its key accounts against the satisfaction slides' fifteen client expectations.

The satisfaction slides list fifteen expectations a client brings to a service partnership
(客户在合作中的心理期望).  Mirror Lake's account team scored itself on each of them for every key
account (大客户), and the main contact at each account scored the team on the same items.  The
items are stored by their number in the slides' list; ``servicelab.satisfaction.CLIENT_EXPECTATIONS``
names them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, branch_field
from servicelab.synth.bookings import key_account_ids, make_hotel_transactions

ITEMS = 15
#: The month of the audit (an assumption).
AUDIT_MONTH = "2026-06"
#: Where the clients' scores sit on the 1-5 scale before item and account effects (an assumption).
_CLIENT_LEVEL = 3.9
#: How each expectation fares with the clients, in scale points (assumptions). The weak items: no
#: surprises (6: incidents reach the client before the team reports them), share my worries (9: few
#: unprompted ideas) and be reasonable (12: charges the client queries); the strong: be there for
#: me (10: calls returned), be loyal (13) and care about me (1).
_CLIENT_ITEM = {1: 0.2, 2: 0.0, 3: 0.1, 4: 0.0, 5: 0.1, 6: -1.0, 7: -0.2, 8: 0.1, 9: -0.8, 10: 0.4, 11: -0.3,
                12: -0.7, 13: 0.3, 14: 0.1, 15: -0.1}
#: The team scores itself higher, and sees only a quarter of each item's effect (assumptions).
_TEAM_LEVEL = 4.3
_TEAM_SIGHT = 0.25
_ACCOUNT_SD = 0.45
_CLIENT_NOISE = 0.65
_TEAM_NOISE = 0.45


def main_branches() -> pd.Series:
    """The branch where each key account stayed most room nights in 2025 (ties: the world's branch order)."""
    tx = make_hotel_transactions()
    keys = key_account_ids()
    nights = tx[tx["customer_id"].isin(keys)].pivot_table(index="customer_id", columns="branch",
                                                           values="room_nights", aggfunc="sum", fill_value=0)
    nights = nights.reindex(columns=list(BRANCHES), fill_value=0)
    return nights.idxmax(axis=1).reindex(keys)


def make_account_audit() -> pd.DataFrame:
    """60 key accounts x 15 expectations: the client's score and the team's self-score (1-5)."""
    rng = np.random.default_rng(207)
    branches = main_branches()
    rows = []
    for account, branch in branches.items():
        mood = rng.normal(0.0, _ACCOUNT_SD)
        for item in range(1, ITEMS + 1):
            effect = _CLIENT_ITEM[item]
            client = _CLIENT_LEVEL + mood + effect + rng.normal(0.0, _CLIENT_NOISE)
            team = _TEAM_LEVEL + _TEAM_SIGHT * (effect + mood) + rng.normal(0.0, _TEAM_NOISE)
            rows.append((account, branch, AUDIT_MONTH, item, int(np.clip(np.rint(client), 1, 5)),
                         int(np.clip(np.rint(team), 1, 5))))
    return pd.DataFrame(rows, columns=["account_id", "branch", "month", "item", "client_score", "team_score"])


ACCOUNT_AUDIT = Resource(
    name="account_audit",
    title="Mirror Lake Hotels key-account audit against the fifteen client expectations",
    description=(
        f"One row per key account and expectation: for each of the {world.KEY_ACCOUNTS.value} key accounts "
        "(大客户), the main contact's score of Mirror Lake's account team, and the team's own score for that "
        f"account, on each of the {ITEMS} client expectations of the satisfaction slides (客户在合作中的心理期望), "
        "1 (poor) to 5 (excellent). The item is the expectation's number in the slides' list; "
        "servicelab.satisfaction.CLIENT_EXPECTATIONS names it. The account ids are those of hotel_transactions, "
        "and branch is where the account stayed most room nights in 2025. Used in Chapter 9 for a self-audit "
        "against the satisfaction slides' checklists."
    ),
    process=(
        "Synthetic, seed 207. The key accounts are the 60 top corporate accounts of the bookings generator; "
        "branch = the branch with the most 2025 room nights. Client score = 3.9 + account mood Normal(0, 0.45) + "
        "item effect + Normal(0, 0.65); team score = 4.3 + 0.25 x (item effect + account mood) + Normal(0, 0.45); "
        "both rounded and clipped to 1-5. Built in: the team rates itself higher than its clients do and sees "
        "only a quarter of each item's weakness; the clients score three items lowest (6 no surprises -1.0, "
        "9 share my worries -0.8, 12 be reasonable -0.7) and 10 (be there for me) highest (+0.4), so the audit "
        "finds what was put there. All levels are assumptions; only the fifteen items come from the "
        "satisfaction slides."
    ),
    fields=(
        Field("account_id", "string", "Key account (customer number of hotel_transactions)",
              constraints={"required": True, "pattern": "CO[0-9]{4}"}),
        branch_field(),
        Field("month", "string", "Month of the audit (YYYY-MM)", constraints={"required": True, "pattern": "[0-9]{4}-[0-9]{2}"}),
        Field("item", "integer", "Number of the expectation in the satisfaction slides' list (1-15)",
              constraints={"required": True, "minimum": 1, "maximum": ITEMS}),
        Field("client_score", "integer", "The account's main contact's score of the account team on this item",
              unit="points (1-5)", constraints={"required": True, "minimum": 1, "maximum": 5}),
        Field("team_score", "integer", "The account team's score of itself on this item for this account",
              unit="points (1-5)", constraints={"required": True, "minimum": 1, "maximum": 5}),
    ),
    make=make_account_audit,
    sources=("satisfactionslides (the fifteen client expectations)",),
    primary_key=("account_id", "item"),
    chapter=9,
)

RESOURCES = [ACCOUNT_AUDIT]
