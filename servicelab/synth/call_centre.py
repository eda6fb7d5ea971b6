"""The reservation call centre of Mirror Lake Hotels: a call-by-call log, its half-hourly report,
and the answer times of June 2026.

The centre in Hangzhou answers for all four branches, 08:00 to 22:00.  Its volume comes from the
world (servicelab/synth/world.py): bookings x calls per booking of their channel, spread over the
year by the month profile, over the week by the weekday profile and over the day by the intraday
shape.  Each call carries the branch it is about and the caller's tier (key account, member,
other), in the shares the world's bookings imply; key accounts' calls take longer, as in the
course's AT&T case.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, CLOCK_PATTERN, WEEKDAYS, clock

OPEN_HOUR, CLOSE_HOUR = world.CALL_CENTRE_HOURS.value
INTERVALS = tuple(f"{h:02d}:{m:02d}" for h in range(OPEN_HOUR, CLOSE_HOUR) for m in (0, 30))
INTRADAY = np.asarray(world.CALL_INTRADAY.value, dtype=float)
TIERS = tuple(world.TIER_HANDLE_FACTOR.value)
#: Day-to-day variation of volume beyond Poisson noise: a Gamma(400, 1/400) factor (CV 5%).
DAY_SHAPE = 400.0
START, WEEKS = world.CALL_WEEKS.value
DATES = pd.date_range(START, periods=7 * WEEKS, freq="D")


def mean_calls(date) -> np.ndarray:
    """Expected calls per half hour on a date (before the day shock): the world's calls x intraday shape."""
    return world.expected_calls(date) * INTRADAY / INTRADAY.sum()


def roster(date) -> np.ndarray:
    """Agents on the phones per half hour: the centre's own rule of thumb, not an Erlang plan.

    The planners staff each half hour at the expected workload in agent-hours (calls x mean handle
    time / 30 min) divided by 0.85, rounded up, plus one.  Lunch breaks take two agents off the
    phones from 12:00 to 13:30 and evening shifts thin out after 18:00, so some intervals are
    under-staffed: that is what the notebooks find.
    """
    load = mean_calls(date) * world.mean_handle_seconds() / 1800.0
    agents = np.ceil(load / 0.85).astype(int) + 1
    for i, label in enumerate(INTERVALS):
        if label in ("12:00", "12:30", "13:00"):
            agents[i] -= 2
        elif label >= "18:00":
            agents[i] -= 1
    return np.maximum(agents, 2)


def _simulate_day(rng: np.random.Generator, date: pd.Timestamp, agents: np.ndarray) -> pd.DataFrame:
    """One day of calls through a first-come-first-served queue with impatient callers.

    Agent ``k`` is on the phones in interval ``j`` when ``k < agents[j]``; an agent who is mid-call at
    the end of a shift finishes the call.  Calls are answered in arrival order by the first agent free
    and on duty; a caller whose patience runs out first hangs up.
    """
    rates = mean_calls(date) * rng.gamma(DAY_SHAPE, 1 / DAY_SHAPE)
    arrivals = []
    for j, mean in enumerate(rates):
        n = rng.poisson(mean)
        arrivals.append(np.sort(OPEN_HOUR * 3600 + j * 1800 + rng.uniform(0, 1800, size=n)))
    arrivals = np.concatenate(arrivals)
    n_calls = arrivals.size
    shares = world.caller_tier_shares()
    tier = rng.choice(len(TIERS), size=n_calls, p=[shares[t] for t in TIERS])
    branch_share = world.call_branch_shares()
    branch = rng.choice(len(BRANCHES), size=n_calls, p=[branch_share[b] for b in BRANCHES])
    factor = np.asarray([world.TIER_HANDLE_FACTOR.value[t] for t in TIERS])[tier]
    median, log_sd = world.HANDLE_TIME.value["median"], world.HANDLE_TIME.value["log_sd"]
    handle = factor * np.exp(np.log(median) + log_sd * rng.standard_normal(n_calls))
    patience = rng.exponential(world.PATIENCE_MEAN.value, size=n_calls)

    n_agents = int(agents.max())
    # Earliest time >= t at which agent k is on duty, via each agent's next on-duty interval start.
    on_duty = np.array([[k < a for a in agents] for k in range(n_agents)])
    n_int = len(agents)
    next_start = np.full((n_agents, n_int + 1), np.inf)
    for k in range(n_agents):
        for j in range(n_int - 1, -1, -1):
            next_start[k, j] = OPEN_HOUR * 3600 + j * 1800.0 if on_duty[k, j] else next_start[k, j + 1]
    free_at = np.full(n_agents, float(OPEN_HOUR * 3600))

    def ready(k: int, t: float) -> float:
        j = int((t - OPEN_HOUR * 3600) // 1800)
        if j >= n_int:
            return np.inf
        return t if on_duty[k, j] else next_start[k, j]

    wait = np.empty(n_calls)
    abandoned = np.zeros(n_calls, dtype=bool)
    for i in range(n_calls):
        a = arrivals[i]
        starts = [ready(k, max(a, free_at[k])) for k in range(n_agents)]
        k = int(np.argmin(starts))
        start = starts[k]
        if start - a > patience[i]:
            wait[i], abandoned[i] = patience[i], True
            continue
        wait[i] = start - a
        free_at[k] = start + handle[i]
    return pd.DataFrame({
        "arrival": arrivals, "wait": wait, "abandoned": abandoned,
        "handle": np.where(abandoned, np.nan, handle),
        "tier": np.asarray(TIERS)[tier], "branch": np.asarray(BRANCHES)[branch],
    })


@lru_cache(maxsize=1)
def _simulate_all_weeks() -> pd.DataFrame:
    rng = np.random.default_rng(501)
    frames = []
    for date in DATES:
        agents = roster(date)
        frame = _simulate_day(rng, date, agents)
        frame["date"] = date.strftime("%Y-%m-%d")
        frame["weekday"] = WEEKDAYS[date.day_of_week]
        frame["interval_index"] = ((frame["arrival"] - OPEN_HOUR * 3600) // 1800).astype(int)
        frames.append(frame)
    calls = pd.concat(frames, ignore_index=True)
    calls["wait"] = calls["wait"].round(0)
    calls["handle"] = calls["handle"].round(0)
    calls["arrival"] = np.floor(calls["arrival"]).astype(int)
    return calls


def simulated_calls() -> pd.DataFrame:
    """Every simulated call of the four weeks (a copy): arrival s, wait s, abandoned, handle s, tier, branch."""
    return _simulate_all_weeks().copy()


def make_callcentre_calls() -> pd.DataFrame:
    """Call-by-call log of the last of the four weeks."""
    calls = simulated_calls()
    calls = calls[calls["date"].isin(DATES[-7:].strftime("%Y-%m-%d"))].reset_index(drop=True)
    return pd.DataFrame({
        "call_id": np.arange(1, len(calls) + 1),
        "date": calls["date"],
        "weekday": calls["weekday"],
        "arrival_time": clock(calls["arrival"]),
        "interval": [INTERVALS[j] for j in calls["interval_index"]],
        "branch": calls["branch"],
        "caller_tier": calls["tier"],
        "wait_seconds": calls["wait"].astype(int),
        "abandoned": calls["abandoned"].astype(bool),
        "handle_seconds": calls["handle"].astype("Int64"),
    })


def make_callcentre_intervals() -> pd.DataFrame:
    """Half-hourly report of all four weeks, aggregated from the same calls."""
    calls = simulated_calls()
    calls["answered"] = ~calls["abandoned"]
    calls["in_20s"] = calls["answered"] & (calls["wait"] <= world.SERVICE_LEVEL_TARGET.value["seconds"])
    calls["answered_wait"] = calls["wait"].where(calls["answered"])
    grid = pd.MultiIndex.from_product([DATES.strftime("%Y-%m-%d"), range(len(INTERVALS))],
                                      names=["date", "interval_index"])
    grouped = calls.groupby(["date", "interval_index"])
    table = pd.DataFrame({
        "offered": grouped.size(),
        "answered": grouped["answered"].sum(),
        "abandoned": grouped["abandoned"].sum(),
        "answered_within_20s": grouped["in_20s"].sum(),
        "mean_handle_seconds": grouped["handle"].mean().round(1),
        "mean_answer_wait_seconds": grouped["answered_wait"].mean().round(1),
    }).reindex(grid)
    counts = ["offered", "answered", "abandoned", "answered_within_20s"]
    table[counts] = table[counts].fillna(0).astype(int)
    table = table.reset_index()
    table["weekday"] = [WEEKDAYS[pd.Timestamp(d).day_of_week] for d in table["date"]]
    table["interval"] = [INTERVALS[j] for j in table["interval_index"]]
    rosters = {d: roster(d) for d in DATES.strftime("%Y-%m-%d")}
    table["agents"] = [int(rosters[d][j]) for d, j in zip(table["date"], table["interval_index"])]
    columns = ["date", "weekday", "interval", "agents", "offered", "answered", "abandoned",
               "answered_within_20s", "mean_handle_seconds", "mean_answer_wait_seconds"]
    return table[columns]


_CALL_SOURCES = (
    "brown2005statistical: call-centre service (handle) times are close to lognormal; arrivals are "
    "Poisson with a rate that varies over the day; customers' patience is roughly exponential.",
    "gans2003callcenters: typical intraday arrival pattern with a late-morning peak, a lunch dip and "
    "an afternoon plateau; Monday the busiest weekday; half-hour reporting intervals; the 80/20 "
    "service-level convention.",
    "courseslides: the AT&T case (Chapter 4 opening case), where high-value callers get unhurried service.",
)

def _shares(shares: dict) -> str:
    return ", ".join(f"{key} {value:.0%}" for key, value in shares.items())


_VOLUME = (
    "Calls per half hour are Poisson around the world's expected calls for the date (bookings a year x calls "
    f"per booking of their channel, about {world.calls_per_year() / world.bookings_per_year():.2f} calls per "
    "booking, x the month factor / 12 / days in the month x the weekday factor: "
    + ", ".join(f"{d} {f:.2f}" for d, f in zip(WEEKDAYS, world.CALL_WEEKDAY.value))
    + " relative to Monday) x the intraday shape (late-morning peak, lunch dip, afternoon "
    "plateau, small evening bump) x a Gamma(400, 1/400) day factor, with uniform arrival times inside each "
    "half hour."
)

CALLCENTRE_CALLS = Resource(
    name="callcentre_calls",
    title="Reservation call centre, call by call, Mirror Lake Hotels (one week of March 2026)",
    description=(
        "Every call offered to the Mirror Lake Hotels reservation call centre in Hangzhou, which answers for "
        "all four branches, from Monday 23 to Sunday 29 March 2026, 08:00 to 22:00. One row per call: when it "
        "arrived, which branch it was about, the caller's tier (key account, member or other), how long the "
        "caller waited, whether the caller hung up before an agent answered (abandoned) and, if answered, how "
        "long the call took. Used in Chapter 5 for handle times, patience, staffing with Erlang C and Erlang A, "
        "pooling the branches' calls in one centre, and routing by caller tier."
    ),
    process=(
        "Synthetic, seed 501, simulated call by call from the world (servicelab/synth/world.py). " + _VOLUME
        + " Each call is about a branch and comes from a caller tier in the shares the world's bookings imply "
        f"({_shares(world.call_branch_shares())}; {_shares(world.caller_tier_shares())}). Handle times are "
        f"lognormal (median {world.HANDLE_TIME.value['median']:.0f} s, log-sd {world.HANDLE_TIME.value['log_sd']:.2f}) "
        f"x a tier factor ({', '.join(f'{t} {f:.2f}' for t, f in world.TIER_HANDLE_FACTOR.value.items())}), so "
        "built in: key accounts' calls take longer, as the AT&T case describes. Patience is exponential with mean "
        f"{world.PATIENCE_MEAN.value:.0f} s: the assumption of Erlang A, so Erlang A fits these data by construction. Calls are answered first "
        "come, first served, regardless of tier, by the agents rostered for the half hour (a rule of thumb: "
        "workload / 0.85 + 1, minus two agents over lunch 12:00-13:30 and one after 18:00); a caller whose "
        "patience runs out first hangs up, and wait_seconds is then the time until hanging up. This file is the "
        "last of the four simulated weeks; callcentre_intervals aggregates all four. Parameters are assumptions "
        "in the shapes the cited studies report."
    ),
    fields=(
        Field("call_id", "integer", "Call number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date of the call", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True, "enum": list(WEEKDAYS)}),
        Field("arrival_time", "string", "Time the call reached the queue (local time, HH:MM:SS)",
              constraints={"required": True, "pattern": CLOCK_PATTERN}),
        Field("interval", "string", "Half-hour reporting interval the call arrived in (start time)",
              constraints={"required": True, "enum": list(INTERVALS)}),
        Field("branch", "string", "Hotel branch the call is about",
              constraints={"required": True, "enum": list(BRANCHES)}),
        Field("caller_tier", "string", "Caller's tier: a key account's booker, a loyalty member, or other",
              constraints={"required": True, "enum": list(TIERS)}),
        Field("wait_seconds", "integer",
              "Seconds in the queue: until an agent answered, or until the caller hung up",
              unit="seconds", constraints={"required": True, "minimum": 0}),
        Field("abandoned", "boolean", "True if the caller hung up before being answered",
              constraints={"required": True}),
        Field("handle_seconds", "integer", "Talk plus after-call work, seconds; empty for abandoned calls",
              unit="seconds", constraints={"minimum": 1}),
    ),
    make=make_callcentre_calls,
    sources=_CALL_SOURCES,
    primary_key=("call_id",),
    chapter=5,
)

CALLCENTRE_INTERVALS = Resource(
    name="callcentre_intervals",
    title="Reservation call centre, half-hourly report, Mirror Lake Hotels (four weeks of March 2026)",
    description=(
        "The half-hourly report of the Mirror Lake Hotels reservation call centre from 2 to 29 March 2026: "
        "agents rostered, calls offered, answered and abandoned, calls answered within 20 seconds, mean handle "
        "time and mean wait of answered calls. One row per date and half hour, 08:00 to 22:00. Used in "
        "Chapter 5 to forecast the load by weekday and half hour and to staff it."
    ),
    process=(
        "Synthetic, seed 501: the same simulation as callcentre_calls, run for four weeks and aggregated by half "
        "hour (the last week matches callcentre_calls exactly). Means are empty where no call was answered. "
        "The rostered agents follow the centre's rule of thumb, not an Erlang plan, so some half hours are "
        "under-staffed by construction."
    ),
    fields=(
        Field("date", "date", "Date", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True, "enum": list(WEEKDAYS)}),
        Field("interval", "string", "Start of the half-hour interval (local time)",
              constraints={"required": True, "enum": list(INTERVALS)}),
        Field("agents", "integer", "Agents rostered on the phones in the interval", unit="agents",
              constraints={"required": True, "minimum": 0}),
        Field("offered", "integer", "Calls that reached the queue", unit="calls",
              constraints={"required": True, "minimum": 0}),
        Field("answered", "integer", "Calls answered by an agent", unit="calls",
              constraints={"required": True, "minimum": 0}),
        Field("abandoned", "integer", "Calls whose caller hung up before an answer", unit="calls",
              constraints={"required": True, "minimum": 0}),
        Field("answered_within_20s", "integer", "Calls answered after waiting 20 seconds or less",
              unit="calls", constraints={"required": True, "minimum": 0}),
        Field("mean_handle_seconds", "number", "Mean handle time of answered calls", unit="seconds",
              constraints={"minimum": 0}),
        Field("mean_answer_wait_seconds", "number", "Mean wait of answered calls (average speed of answer)",
              unit="seconds", constraints={"minimum": 0}),
    ),
    make=make_callcentre_intervals,
    sources=_CALL_SOURCES,
    primary_key=("date", "interval"),
    chapter=5,
)

# ------------------------------------------------------------------------------------------------
# Call answer times, June 2026: a statistical model of waits, not a queue simulation
# ------------------------------------------------------------------------------------------------

#: The month of the booking-system outage (June 2026), every day of it.
_OUTAGE_MONTH = pd.Timestamp(world.BOOKING_SYSTEM_OUTAGE.value[0]).to_period("M")
JUNE = pd.date_range(_OUTAGE_MONTH.start_time, _OUTAGE_MONTH.end_time.normalize(), freq="D")
HOURS = np.arange(OPEN_HOUR, CLOSE_HOUR)
#: Relative calls per hour: the world's half-hour shape, two half hours to an hour (peak hour = 1).
HOUR_SHAPE = INTRADAY.reshape(-1, 2).sum(axis=1) / INTRADAY.reshape(-1, 2).sum(axis=1).max()


def make_call_answer_times() -> pd.DataFrame:
    """Every call of June 2026 with the seconds its caller waited for an agent."""
    rng = np.random.default_rng(303)
    outage_start, outage_end = (pd.Timestamp(t) for t in world.BOOKING_SYSTEM_OUTAGE.value)
    festival = world.date_of(world.DRAGON_BOAT, 2026)[0]
    rush = pd.date_range(festival - pd.Timedelta(days=3), festival - pd.Timedelta(days=1))
    joined = world.date_of(world.NEW_AGENTS_ON_PHONES)
    shape = HOUR_SHAPE / HOUR_SHAPE.sum()
    frames = []
    for day in JUNE:
        volume = world.expected_calls(day) * rng.gamma(200, 1 / 200)
        busy = -0.95 + 0.22 * rng.standard_normal()  # logit of the chance a call must queue
        if day in rush:  # bookings for the Dragon Boat Festival weekend
            volume *= 1.35
            busy += 0.55
        if day >= joined:  # four newly trained agents on the phones
            busy -= 0.55
        calls_per_hour = rng.poisson(volume * shape)
        for hour, n in zip(HOURS, calls_per_hour):
            level = HOUR_SHAPE[hour - OPEN_HOUR]
            logit = busy + 1.2 * (level - 0.7)
            wait_mean = 42.0 * (0.8 + 0.5 * level)
            if outage_start <= day + pd.Timedelta(hours=int(hour)) < outage_end:
                logit, wait_mean = 2.5, 160.0
            queued = rng.random(n) < 1 / (1 + np.exp(-logit))
            wait = np.where(queued, rng.exponential(wait_mean, n), rng.uniform(0, 6, n))
            patience = rng.exponential(world.PATIENCE_MEAN.value, n)
            abandoned = wait > patience
            wait = np.where(abandoned, patience, wait)
            minutes = np.sort(rng.integers(0, 60, n))
            frames.append(pd.DataFrame({
                "date": day.strftime("%Y-%m-%d"),
                "time": [f"{hour:02d}:{m:02d}" for m in minutes],
                "wait_seconds": np.round(wait).astype(int),
                "answered": ~abandoned,
            }))
    calls = pd.concat(frames, ignore_index=True)
    calls.insert(0, "call_id", np.arange(1, len(calls) + 1))
    return calls


CALL_ANSWER_TIMES = Resource(
    name="call_answer_times",
    title="Call answer times, Mirror Lake Hotels reservation call centre (June 2026)",
    description=(
        "Every call offered to the Mirror Lake Hotels reservation call centre in Hangzhou from 1 to 30 June "
        "2026, 08:00 to 22:00: when it arrived, how many seconds the caller waited and whether an agent "
        "answered. The same centre that Chapter 5 studies in March. Used in Chapter 8 to check a hard standard "
        "(calls answered within 30 seconds) and to watch it with control charts."
    ),
    process=(
        "Synthetic, seed 303, a statistical model of waits, not a queue simulation. Calls per hour are Poisson "
        "around the world's expected calls for the date (as in callcentre_calls) x the intraday shape by hour x "
        "a Gamma(200, 1/200) day factor. A call must queue with a probability whose logit is -0.95 + Normal(0, "
        "0.22) for the day + a busy-hour term; a queued caller waits Exponential(about 42-55 s), others are "
        "answered in 0-6 s. Patience is Exponential(240 s): a caller who runs out hangs up, and wait_seconds is "
        "then the time to hanging up. Built-in events, dated in the world: the booking system is down on 15 June "
        "10:00-13:00 (nearly every call queues, mean wait 160 s); bookings for the Dragon Boat Festival holiday "
        "(19-21 June) on the three days before it (volume x1.35, more queueing); four newly trained agents take "
        "calls from 22 June (less queueing). Parameters are assumptions."
    ),
    fields=(
        Field("call_id", "integer", "Call number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date of the call", constraints={"required": True}),
        Field("time", "string", "Hour and minute the call reached the queue (local time, HH:MM)",
              constraints={"required": True, "pattern": "(0[89]|1[0-9]|2[01]):[0-5][0-9]"}),
        Field("wait_seconds", "integer", "Seconds in the queue: until an agent answered, or until the caller hung up",
              unit="seconds", constraints={"required": True, "minimum": 0}),
        Field("answered", "boolean", "True if an agent answered; False if the caller hung up first",
              constraints={"required": True}),
    ),
    make=make_call_answer_times,
    sources=("standardsslides: the hard standard of call-centre calls answered within 30 seconds",),
    primary_key=("call_id",),
    chapter=8,
)

RESOURCES = [CALLCENTRE_CALLS, CALLCENTRE_INTERVALS, CALL_ANSWER_TIMES]
