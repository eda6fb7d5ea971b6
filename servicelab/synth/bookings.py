"""Bookings at Mirror Lake Hotels in 2025: every booking in daily totals, and the identified
customers' bookings one by one.

The world (servicelab/synth/world.py) fixes how many bookings a year each branch receives (rooms x
occupancy x 365 / room nights per booking), who makes them (key accounts, other corporate
accounts, members, unidentified guests), through which channel, at what rate, and with what
margin.  Two data sets come out of one draw:

- ``booking_totals``: every booking of 2025, counted by arrival date, branch, segment and channel;
- ``hotel_transactions``: the bookings that carry a customer number (corporate accounts and
  members, about a fifth of all bookings), one row each, for grading customers by value.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, SEGMENTS, branch_field

YEAR = world.BOOKING_YEAR.value
DAYS = pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D")
CHANNELS: tuple[str, ...] = world.CHANNELS.value
#: Share of an identified customer's bookings made at its home branch (the rest spread like all bookings).
HOME_SHARE = 0.65
#: Spread of the room rate around its expected value (log-sd) for one booking.
RATE_LOG_SD = 0.08
EVENT_LOG_SD = 0.6


_LABELS = {"key account": "key accounts", "corporate": "other corporate accounts", "member": "members",
           "other": "unidentified guests"}


def _shares(shares: dict) -> str:
    return ", ".join(f"{value:.0%} by {_LABELS[key]}" for key, value in shares.items() if value > 0)


def _day_weights(segment: str) -> np.ndarray:
    """Relative chance of each day of the year as an arrival date (month x weekday profile)."""
    month = np.array([world.MONTH_PROFILE.value[segment][m - 1] for m in DAYS.month])
    weekday = np.array(world.WEEKDAY_PROFILE.value[segment])[DAYS.day_of_week]
    w = month / DAYS.days_in_month.to_numpy() * weekday
    return w / w.sum()


def _branch_p(segment: str) -> np.ndarray:
    n = np.array([world.bookings_per_year(b, segment) for b in BRANCHES])
    return n / n.sum()


def _type_total(customer_type: str, segment: str | None = None) -> float:
    mix = world.booking_mix()
    keep = mix["customer_type"] == customer_type
    if segment is not None:
        keep &= mix["segment"] == segment
    return float(mix.loc[keep, "bookings"].sum())


def _rate_lookup(branch: pd.Series, customer_type: pd.Series, month: np.ndarray) -> np.ndarray:
    """The world's expected rate for each (branch, customer type, month), looked up from a small table."""
    table = {(b, t, m): world.expected_rate(b, t, m)
             for b in BRANCHES for t in world.CUSTOMER_TYPES.value for m in range(1, 13)}
    return np.array([table[key] for key in zip(branch, customer_type, month)])


def _dates_for(rng, counts: np.ndarray, segment_weights: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Arrival-day index of every booking: each customer's days drawn with weight season x exp(g (t - 0.5))."""
    t = (np.arange(len(DAYS)) + 0.5) / len(DAYS)
    out = []
    for n, g in zip(counts, growth):
        if n == 0:
            continue
        w = segment_weights * np.exp(g * (t - 0.5))
        cumulative = np.cumsum(w / w.sum())
        out.append(np.minimum(np.searchsorted(cumulative, rng.random(n)), len(DAYS) - 1))
    return np.concatenate(out)


@lru_cache(maxsize=1)
def _identified() -> pd.DataFrame:
    """Every booking of a corporate account or a member in the year, with its segment (internal)."""
    rng = np.random.default_rng(401)
    frames = []

    # Corporate accounts: a skewed size; the largest KEY_ACCOUNTS are the key accounts (大客户).
    n_accounts, n_key = world.CORPORATE_ACCOUNTS.value, world.KEY_ACCOUNTS.value
    size = np.sort(rng.lognormal(0.0, 1.1, size=n_accounts))[::-1]
    key = np.arange(n_accounts) < n_key
    roll = rng.random(n_accounts)
    small = ~key & (size < np.median(size))
    growth = np.where(small & (roll < 0.16), rng.uniform(1.3, 2.0, n_accounts),     # small accounts taking off
                      np.where(~key & (roll > 0.93), rng.normal(-1.2, 0.25, n_accounts),  # drifting away
                               rng.normal(0.0, 0.25, n_accounts)))
    t = (np.arange(12) + 0.5) / 12
    uplift = np.exp(np.outer(growth, t - 0.5)).mean(axis=1)
    weight = size * uplift
    expected = np.where(key, _type_total("key account") * weight / weight[key].sum(),
                        _type_total("corporate") * weight / weight[~key].sum())
    counts = rng.poisson(expected)
    home = rng.choice(len(BRANCHES), size=n_accounts, p=_branch_p("business"))
    day = _dates_for(rng, counts, _day_weights("business"), growth)
    owner = np.repeat(np.arange(n_accounts), counts)
    frames.append(pd.DataFrame({
        "customer_id": [f"CO{i + 1:04d}" for i in owner],
        "customer_type": "corporate",
        "tier": np.where(key[owner], "key account", "corporate"),
        "segment": "business",
        "home": home[owner],
        "day": day,
    }))

    # Members: every member stayed at least once; the number of further stays is skewed.
    n_members = world.MEMBERS.value
    total = _type_total("member")
    business_share = _type_total("member", "business") / total
    extra = rng.gamma(0.8, (total / n_members - 1) / 0.8, size=n_members)
    counts = 1 + rng.poisson(extra)
    member_business = rng.beta(2 * business_share / (1 - business_share), 2.0, size=n_members)
    growth = rng.normal(0.0, 0.3, n_members)
    primary = np.where(member_business > 0.5, "business", "leisure")
    home = np.where(primary == "business", rng.choice(len(BRANCHES), size=n_members, p=_branch_p("business")),
                    rng.choice(len(BRANCHES), size=n_members, p=_branch_p("leisure")))
    owner = np.repeat(np.arange(n_members), counts)
    segment = np.where(rng.random(owner.size) < member_business[owner], "business", "leisure")
    day = np.empty(owner.size, dtype=int)
    for s in SEGMENTS:  # dates drawn by segment, each member with its own growth
        chosen = segment == s
        per_member = np.bincount(owner[chosen], minlength=n_members)
        ordered = np.argsort(owner[chosen], kind="stable")
        days = _dates_for(rng, per_member, _day_weights(s), growth)
        slot = np.flatnonzero(chosen)[ordered]
        day[slot] = days
    frames.append(pd.DataFrame({
        "customer_id": [f"ME{i + 1:04d}" for i in owner],
        "customer_type": "member",
        "tier": "member",
        "segment": segment,
        "home": home[owner],
        "day": day,
    }))

    book = pd.concat(frames, ignore_index=True)
    n = len(book)
    # Branch: the home branch, or one drawn like all bookings of the segment.
    away = np.where(book["segment"] == "business",
                    rng.choice(len(BRANCHES), size=n, p=_branch_p("business")),
                    rng.choice(len(BRANCHES), size=n, p=_branch_p("leisure")))
    branch_index = np.where(rng.random(n) < HOME_SHARE, book["home"], away)
    book["branch"] = np.asarray(BRANCHES)[branch_index]
    # Channel, room nights, rate, events.
    channel = np.empty(n, dtype=object)
    for tier in ("key account", "corporate", "member"):
        chosen = (book["tier"] == tier).to_numpy()
        mix = world.CHANNEL_MIX.value[tier]
        channel[chosen] = rng.choice(list(mix), size=chosen.sum(), p=list(mix.values()))
    book["channel"] = channel
    mean_nights = book["segment"].map(world.ROOM_NIGHTS_PER_BOOKING.value).to_numpy()
    book["room_nights"] = 1 + rng.poisson(mean_nights - 1)
    month = DAYS.month.to_numpy()[book["day"].to_numpy()]
    base = _rate_lookup(book["branch"], book["tier"], month)
    rate = base * np.exp(RATE_LOG_SD * rng.standard_normal(n))
    book["room_revenue"] = np.rint(rate * book["room_nights"]).astype("int64")
    event = rng.random(n) < book["tier"].map(world.EVENT_SHARE.value).to_numpy()
    spend = np.exp(np.log(world.EVENT_SPEND_MEDIAN.value) + EVENT_LOG_SD * rng.standard_normal(n))
    book["other_revenue"] = np.where(event, np.rint(spend), 0).astype("int64")
    book["margin"] = np.rint(book["room_revenue"] * world.ROOM_MARGIN.value
                             + book["other_revenue"] * world.EVENT_MARGIN.value).astype("int64")
    book["date"] = DAYS[book["day"].to_numpy()]
    book = book.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    book.insert(0, "booking_id", np.arange(1, len(book) + 1))
    return book


def key_account_ids() -> list[str]:
    """The customer numbers of the key accounts (大客户), which the data do not flag: a chapter finds them."""
    book = _identified()
    return sorted(book.loc[book["tier"] == "key account", "customer_id"].unique())


def make_hotel_transactions() -> pd.DataFrame:
    """One row per booking of an identified customer (a corporate account or a member) in the year."""
    book = _identified()
    frame = book[["booking_id", "date", "customer_id", "customer_type", "branch", "channel", "room_nights",
                  "room_revenue", "other_revenue", "margin"]].copy()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    return frame


@lru_cache(maxsize=1)
def _totals() -> pd.DataFrame:
    rng = np.random.default_rng(402)
    expected = world.expected_arrivals(DAYS)
    other = world.CUSTOMER_TYPE_SHARE.value
    mix = world.CHANNEL_MIX.value["other"]
    frames = []
    for channel, share in mix.items():
        part = expected.copy()
        part["channel"] = channel
        part["mean"] = part["arrivals"] * part["segment"].map(lambda s: other[s]["other"]) * share
        frames.append(part)
    grid = pd.concat(frames, ignore_index=True)
    n = rng.poisson(grid["mean"].to_numpy())
    nights_mean = grid["segment"].map(world.ROOM_NIGHTS_PER_BOOKING.value).to_numpy()
    nights = n + rng.poisson(n * (nights_mean - 1))
    rate = _rate_lookup(grid["branch"], pd.Series("other", index=grid.index), grid["date"].dt.month.to_numpy())
    commission_free = nights * rate * np.exp(0.03 * rng.standard_normal(len(grid)))
    grid["bookings"] = n
    grid["room_nights"] = nights
    grid["room_revenue"] = np.rint(commission_free).astype("int64")

    # Add the identified customers' bookings, counted the same way.
    book = _identified()
    counted = book.groupby(["date", "branch", "segment", "channel"]).agg(
        bookings=("booking_id", "size"), room_nights=("room_nights", "sum"), room_revenue=("room_revenue", "sum"))
    keys = ["date", "branch", "segment", "channel"]
    table = grid.set_index(keys)[["bookings", "room_nights", "room_revenue"]]
    table = table.add(counted.reindex(table.index.union(counted.index), fill_value=0), fill_value=0)
    table = table.reset_index()
    # Leisure guests never book through the key-account team: that combination is left out.
    table = table[~((table["segment"] == "leisure") & (table["channel"] == "account manager"))]
    table["branch"] = pd.Categorical(table["branch"], BRANCHES)
    table["channel"] = pd.Categorical(table["channel"], CHANNELS)
    table = table.sort_values(keys).reset_index(drop=True)
    table["branch"] = table["branch"].astype(str)
    table["channel"] = table["channel"].astype(str)
    for column in ("bookings", "room_nights", "room_revenue"):
        table[column] = table[column].astype("int64")
    table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    return table[keys + ["bookings", "room_nights", "room_revenue"]]


def make_booking_totals() -> pd.DataFrame:
    return _totals().copy()


HOTEL_TRANSACTIONS = Resource(
    name="hotel_transactions",
    title="Bookings of identified customers, Mirror Lake Hotels (2025)",
    description=(
        "One row per booking in 2025 made by a customer Mirror Lake Hotels can identify: its 420 corporate "
        "accounts (customer numbers CO....) and the members of its loyalty programme who stayed that year "
        "(ME....). These are about a fifth of all bookings; the rest (guests who booked through travel "
        "platforms or without a membership) appear only in booking_totals. Each row has the arrival date, "
        "branch, channel, room nights, room revenue, other revenue (catering and meeting rooms of events) "
        "and the booking's contribution margin. Used in Chapter 4 to grade customers by value and margin, "
        "find the key accounts, draw the Lorenz curve, size the long tail and spot small accounts that grow."
    ),
    process=(
        "Synthetic, seed 401, from the world (servicelab/synth/world.py). Expected bookings by customer type come "
        "from the world's booking mix (bookings a year x customer-type share: business bookings "
        + _shares(world.CUSTOMER_TYPE_SHARE.value["business"]) + "; leisure bookings "
        + _shares(world.CUSTOMER_TYPE_SHARE.value["leisure"]) + "). "
        f"The {world.CORPORATE_ACCOUNTS.value} corporate accounts have sizes ~ LogNormal(0, 1.1); the "
        f"{world.KEY_ACCOUNTS.value} largest are the key accounts (大客户) and share the key-account bookings in "
        "proportion to size, the others share the corporate ones; counts are Poisson. The data do not flag key "
        "accounts: built in is that the top tier by revenue and by margin is (nearly all) those accounts. Each of "
        f"the {world.MEMBERS.value:,} members stays 1 + Poisson(Gamma) times. Arrival dates follow the segment's "
        "month and weekday profile x exp(g (t - 0.5)), t the fraction of the year, with growth g ~ Normal(0, 0.25) "
        "for most accounts, Uniform(1.3, 2.0) for 16% of the smaller corporate accounts (built in: they take off) "
        "and Normal(-1.2, 0.25) for 7% (drifting away), Normal(0, 0.3) for members. A customer books at its home "
        f"branch {HOME_SHARE:.0%} of the time. Channel by the world's channel mix of the customer type; room nights "
        "1 + Poisson(mean - 1) (" + ", ".join(f"{k} {v}" for k, v in world.ROOM_NIGHTS_PER_BOOKING.value.items())
        + "); rate = the branch's best available rate x the type's rate factor ("
        + ", ".join(f"{k} {v:.2f}" for k, v in world.RATE_FACTOR.value.items() if k != "other")
        + f") x (month demand factor)^{world.SEASON_RATE_ELASTICITY.value} x LogNormal(0, {RATE_LOG_SD}). Events ("
        + ", ".join(f"{v:.1%} of {k}" for k, v in world.EVENT_SHARE.value.items() if v > 0)
        + f" bookings) add LogNormal(ln {world.EVENT_SPEND_MEDIAN.value:,}, {EVENT_LOG_SD}) yuan of other revenue. "
        f"Margin = room revenue x {world.ROOM_MARGIN.value} + other revenue x {world.EVENT_MARGIN.value} (the "
        "world's contribution margins). All parameters are assumptions."
    ),
    fields=(
        Field("booking_id", "integer", "Booking number, in order of arrival date", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Arrival date", constraints={"required": True, "minimum": f"{YEAR}-01-01",
                                                           "maximum": f"{YEAR}-12-31"}),
        Field("customer_id", "string", "Customer: CO.... corporate account, ME.... member",
              constraints={"required": True, "pattern": "(CO|ME)[0-9]{4}"}),
        Field("customer_type", "string", "Corporate account or loyalty-programme member",
              constraints={"required": True, "enum": ["corporate", "member"]}),
        branch_field(),
        Field("channel", "string", "How the booking was made", constraints={"required": True, "enum": list(CHANNELS)}),
        Field("room_nights", "integer", "Rooms x nights booked", unit="room nights",
              constraints={"required": True, "minimum": 1}),
        Field("room_revenue", "integer", "Room revenue of the booking", unit="yuan",
              constraints={"required": True, "minimum": 0}),
        Field("other_revenue", "integer", "Catering and meeting-room revenue (events only; 0 for a plain stay)",
              unit="yuan", constraints={"required": True, "minimum": 0}),
        Field("margin", "integer", "Contribution margin of the booking (rooms 72%, events 35% of revenue)",
              unit="yuan", constraints={"required": True, "minimum": 0}),
    ),
    make=make_hotel_transactions,
    primary_key=("booking_id",),
    chapter=4,
)

BOOKING_TOTALS = Resource(
    name="booking_totals",
    title="All bookings by day, branch, segment and channel, Mirror Lake Hotels (2025)",
    description=(
        "Every booking (stay) that arrived at a Mirror Lake Hotels branch in 2025, counted by arrival date, "
        "branch, segment (business or leisure) and booking channel, with its room nights and room revenue "
        "(before any travel-platform commission). One row per combination, zeros included; leisure bookings "
        "through the key-account team do not exist and have no rows. The identified customers' bookings in "
        "hotel_transactions are part of these totals. Used for the firm's portrait, for channel economics "
        "(Chapter 4), for checking a goal against history (Chapter 7) and to scale other data sets."
    ),
    process=(
        "Synthetic, seed 402, from the world: the unidentified guests' bookings in each cell are Poisson around "
        "the world's expected arrivals (bookings a year x month factor / 12 / days in the month x weekday "
        "factor) x their share of the segment x their channel mix; their room nights add Poisson(bookings x "
        "(mean room nights - 1)); their revenue is room nights x the branch's best available rate x the month's "
        "season factor x LogNormal(0, 0.03). The identified customers' bookings (hotel_transactions) are then "
        "added cell by cell. Volumes are stable from year to year (a world assumption)."
    ),
    fields=(
        Field("date", "date", "Arrival date", constraints={"required": True, "minimum": f"{YEAR}-01-01",
                                                           "maximum": f"{YEAR}-12-31"}),
        branch_field(),
        Field("segment", "string", "Purpose of the stay", constraints={"required": True, "enum": list(SEGMENTS)}),
        Field("channel", "string", "How the booking was made", constraints={"required": True, "enum": list(CHANNELS)}),
        Field("bookings", "integer", "Bookings arriving", unit="bookings", constraints={"required": True, "minimum": 0}),
        Field("room_nights", "integer", "Rooms x nights of those bookings", unit="room nights",
              constraints={"required": True, "minimum": 0}),
        Field("room_revenue", "integer", "Room revenue of those bookings", unit="yuan",
              constraints={"required": True, "minimum": 0}),
    ),
    make=make_booking_totals,
    primary_key=("date", "branch", "segment", "channel"),
)

RESOURCES = [HOTEL_TRANSACTIONS, BOOKING_TOTALS]
