"""Chapters 5 and 6 data: a call-centre log, an inbox, front-desk queue observations and a clinic's
appointment book.

The call centre and the inbox belong to Mirror Lake Hotels (镜湖酒店集团), the book's running
example: its reservation call centre in Hangzhou answers for all four branches.  The queue
observations come from the front desk of the Hangzhou branch during the morning check-out rush.
The appointment book comes from a hospital outpatient clinic instead, because the course's own
examples of appointment systems (预约制度) are hospitals, and the published no-show figures the
generator is calibrated to come from health care.

Every table is synthetic, generated from a fixed seed.  Where a shape is calibrated to published
work, the resource's ``sources`` say so; every other number is an illustrative choice.
"""

from __future__ import annotations

import heapq
from functools import lru_cache

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource

BRANCHES = ("Hangzhou", "Shanghai", "Xiamen", "Chengdu")
#: Clock times are written HH:MM:SS (read them with ``pandas.to_timedelta``).
_CLOCK = "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# ------------------------------------------------------------------------------------------------
# The reservation call centre
# ------------------------------------------------------------------------------------------------

#: Opening hours of the call centre: 08:00 to 22:00, in 28 half-hour intervals.
OPEN_HOUR, CLOSE_HOUR = 8, 22
INTERVALS = tuple(f"{h:02d}:{m:02d}" for h in range(OPEN_HOUR, CLOSE_HOUR) for m in (0, 30))

#: Relative call volume per half hour (peak = 1): a late-morning peak, a lunch dip, an afternoon
#: plateau and a small evening bump of leisure travellers booking after work.  The two-peaked
#: working-day shape follows the typical intraday pattern described by Gans, Koole and
#: Mandelbaum (2003); the evening bump is our assumption for a hotel's reservation line.
INTRADAY_SHAPE = (
    0.35, 0.55, 0.80, 0.95, 1.00, 1.00, 0.95, 0.85, 0.60, 0.55, 0.70, 0.85, 0.92, 0.92,
    0.88, 0.82, 0.75, 0.68, 0.58, 0.48, 0.42, 0.42, 0.45, 0.48, 0.50, 0.45, 0.35, 0.22,
)
#: Mean calls offered on a Monday (the busiest day) and the other days relative to it.
MONDAY_CALLS = 1400
WEEKDAY_FACTOR = (1.00, 0.92, 0.90, 0.88, 0.90, 0.68, 0.75)
#: Day-to-day variation of volume beyond Poisson noise: a Gamma(400, 1/400) factor (CV 5%).
DAY_SHAPE = 400.0
#: Handle time: lognormal with median 190 s and log-sd 0.70 (mean about 243 s).
HANDLE_MEDIAN_S, HANDLE_LOG_SD = 190.0, 0.70
#: Patience: exponential with mean 240 s.
PATIENCE_MEAN_S = 240.0
#: Which hotel a call is about.
BRANCH_SHARE = (0.35, 0.30, 0.20, 0.15)
CALL_START = "2026-03-02"
CALL_WEEKS = 4


def _mean_calls(weekday: int) -> np.ndarray:
    """Expected calls per half hour on an average day of this weekday (before the day shock)."""
    shape = np.asarray(INTRADAY_SHAPE)
    return MONDAY_CALLS * WEEKDAY_FACTOR[weekday] * shape / shape.sum()


def _roster(weekday: int) -> np.ndarray:
    """Agents on the phones per half hour: the centre's own rule of thumb, not an Erlang plan.

    The planners staff each half hour at the expected workload in agent-hours (calls x mean handle
    time / 30 min) divided by 0.85, rounded up, plus one.  Lunch breaks take two agents off the
    phones from 12:00 to 13:30 and evening shifts thin out after 18:00, so some intervals are
    under-staffed: that is what the notebooks find.
    """
    mean_handle = HANDLE_MEDIAN_S * np.exp(HANDLE_LOG_SD**2 / 2)
    load = _mean_calls(weekday) * mean_handle / 1800.0
    agents = np.ceil(load / 0.85).astype(int) + 1
    for i, label in enumerate(INTERVALS):
        if label in ("12:00", "12:30", "13:00"):
            agents[i] -= 2
        elif label >= "18:00":
            agents[i] -= 1
    return np.maximum(agents, 2)


def _simulate_day(rng: np.random.Generator, weekday: int, agents: np.ndarray) -> list[tuple]:
    """One day of calls through a first-come-first-served queue with impatient callers.

    Agent ``k`` is on the phones in interval ``j`` when ``k < agents[j]``; an agent who is
    mid-call at the end of a shift finishes the call.  Calls are answered in arrival order by the
    first agent free and on duty; a caller whose patience runs out first hangs up.  Returns
    (arrival s, wait s, abandoned, handle s or nan) per call, arrival in seconds after midnight.
    """
    day_factor = rng.gamma(DAY_SHAPE, 1 / DAY_SHAPE)
    rates = _mean_calls(weekday) * day_factor
    arrivals = []
    for j, mean in enumerate(rates):
        n = rng.poisson(mean)
        start = OPEN_HOUR * 3600 + j * 1800
        arrivals.append(np.sort(start + rng.uniform(0, 1800, size=n)))
    arrivals = np.concatenate(arrivals)
    n_calls = arrivals.size
    handle = np.exp(np.log(HANDLE_MEDIAN_S) + HANDLE_LOG_SD * rng.standard_normal(n_calls))
    patience = rng.exponential(PATIENCE_MEAN_S, size=n_calls)

    n_agents = int(agents.max())
    on_duty = np.array([[k < a for a in agents] for k in range(n_agents)])  # agent x interval
    free_at = np.full(n_agents, float(OPEN_HOUR * 3600))
    close = CLOSE_HOUR * 3600

    def next_on_duty(k: int, t: float) -> float:
        """Earliest time >= t at which agent k is on duty (inf if never again today)."""
        j = int((t - OPEN_HOUR * 3600) // 1800)
        if j < 0:
            j, t = 0, float(OPEN_HOUR * 3600)
        while j < len(agents):
            if on_duty[k, j]:
                return max(t, OPEN_HOUR * 3600 + j * 1800.0)
            j += 1
        return np.inf

    rows = []
    for i in range(n_calls):
        a = arrivals[i]
        start = min(next_on_duty(k, max(a, free_at[k])) for k in range(n_agents))
        if start == np.inf or start > close:
            start = np.inf
        wait = start - a
        if wait > patience[i]:
            rows.append((a, patience[i], True, np.nan))
            continue
        k = min(range(n_agents), key=lambda k: (next_on_duty(k, max(a, free_at[k])), k))
        free_at[k] = start + handle[i]
        rows.append((a, wait, False, handle[i]))
    return rows


def _calls_all_weeks() -> pd.DataFrame:
    """Every call of the four weeks (kept in memory; only the last week is written out)."""
    return _simulate_all_weeks().copy()


@lru_cache(maxsize=1)
def _simulate_all_weeks() -> pd.DataFrame:
    rng = np.random.default_rng(501)
    dates = pd.date_range(CALL_START, periods=7 * CALL_WEEKS, freq="D")
    frames = []
    for date in dates:
        weekday = date.day_of_week
        agents = _roster(weekday)
        rows = _simulate_day(rng, weekday, agents)
        frame = pd.DataFrame(rows, columns=["arrival", "wait", "abandoned", "handle"])
        frame["date"] = date.strftime("%Y-%m-%d")
        frame["weekday"] = WEEKDAYS[weekday]
        frame["interval_index"] = ((frame["arrival"] - OPEN_HOUR * 3600) // 1800).astype(int)
        frame["agents"] = agents[frame["interval_index"].to_numpy()]
        frame["branch"] = rng.choice(BRANCHES, size=len(frame), p=BRANCH_SHARE)
        frames.append(frame)
    calls = pd.concat(frames, ignore_index=True)
    calls["wait"] = calls["wait"].round(0)
    calls["handle"] = calls["handle"].round(0)
    calls["arrival"] = np.floor(calls["arrival"]).astype(int)
    return calls


def _clock(seconds) -> list[str]:
    seconds = np.asarray(seconds, dtype=int)
    return [f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in seconds]


def make_callcentre_calls() -> pd.DataFrame:
    """Call-by-call log of the last of the four weeks (23 to 29 March 2026)."""
    calls = _calls_all_weeks()
    last_week = pd.date_range(CALL_START, periods=7 * CALL_WEEKS, freq="D")[-7:].strftime("%Y-%m-%d")
    calls = calls[calls["date"].isin(last_week)].reset_index(drop=True)
    out = pd.DataFrame({
        "call_id": np.arange(1, len(calls) + 1),
        "date": calls["date"],
        "weekday": calls["weekday"],
        "arrival_time": _clock(calls["arrival"]),
        "interval": [INTERVALS[j] for j in calls["interval_index"]],
        "branch": calls["branch"],
        "wait_seconds": calls["wait"].astype(int),
        "abandoned": calls["abandoned"].astype(bool),
        "handle_seconds": calls["handle"].astype("Int64"),
    })
    return out


def make_callcentre_intervals() -> pd.DataFrame:
    """Half-hourly report of all four weeks, aggregated from the same calls."""
    calls = _calls_all_weeks()
    calls["answered"] = ~calls["abandoned"]
    calls["in_20s"] = calls["answered"] & (calls["wait"] <= 20)
    calls["answered_wait"] = calls["wait"].where(calls["answered"])
    dates = pd.date_range(CALL_START, periods=7 * CALL_WEEKS, freq="D")
    grid = pd.MultiIndex.from_product(
        [dates.strftime("%Y-%m-%d"), range(len(INTERVALS))], names=["date", "interval_index"]
    )
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
    table["agents"] = [
        int(_roster(pd.Timestamp(d).day_of_week)[j]) for d, j in zip(table["date"], table["interval_index"])
    ]
    columns = ["date", "weekday", "interval", "agents", "offered", "answered", "abandoned",
               "answered_within_20s", "mean_handle_seconds", "mean_answer_wait_seconds"]
    return table[columns]


_CALL_SOURCES = (
    "brown2005statistical: call-centre service (handle) times are close to lognormal; arrivals are "
    "Poisson with a rate that varies over the day; customers' patience is roughly exponential.",
    "gans2003callcenters: typical intraday arrival pattern with a late-morning peak, a lunch dip and "
    "an afternoon plateau; Monday the busiest weekday; half-hour reporting intervals; the 80/20 "
    "service-level convention.",
)

CALLCENTRE_CALLS = Resource(
    name="callcentre_calls",
    title="Reservation call centre, call by call, Mirror Lake Hotels (one week)",
    description=(
        "Every call offered to the Mirror Lake Hotels reservation call centre in Hangzhou, which "
        "answers for all four branches, from Monday 23 to Sunday 29 March 2026, 08:00 to 22:00. "
        "One row per call: when it arrived, how long the caller waited, whether the caller hung "
        "up before an agent answered (abandoned) and, if answered, how long the call took. Used in "
        "Chapter 5 to look at handle times, patience and staffing with Erlang C and Erlang A."
    ),
    process=(
        "Synthetic, seed 501, simulated call by call. Calls per half hour are Poisson around "
        f"{MONDAY_CALLS} calls on an average Monday x weekday factor (Mon 1.00, Tue 0.92, Wed 0.90, Thu 0.88, Fri 0.90, Sat 0.68, Sun 0.75) x "
        "intraday shape (late-morning peak, lunch dip, afternoon plateau, small evening bump) x a "
        "Gamma(400, 1/400) day factor, with uniform arrival times inside each half hour. Handle times "
        "are lognormal (median 190 s, log-sd 0.70, mean about 243 s); patience is exponential "
        "(mean 240 s). Calls are answered first come, first served by the agents rostered for the "
        "half hour (a rule of thumb: workload / 0.85 + 1, minus two agents over lunch 12:00-13:30 "
        "and one after 18:00); a caller whose patience runs out first hangs up, and wait_seconds "
        "is then the time until hanging up. This file is the last of the four simulated weeks; "
        "callcentre_intervals aggregates all four. Parameters are illustrative choices in the "
        "shapes the cited studies report."
    ),
    fields=(
        Field("call_id", "integer", "Call number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date of the call", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True, "enum": list(WEEKDAYS)}),
        Field("arrival_time", "string", "Time the call reached the queue (local time, HH:MM:SS)",
              constraints={"required": True, "pattern": _CLOCK}),
        Field("interval", "string", "Half-hour reporting interval the call arrived in (start time)",
              constraints={"required": True, "enum": list(INTERVALS)}),
        Field("branch", "string", "Hotel branch the call is about",
              constraints={"required": True, "enum": list(BRANCHES)}),
        Field("wait_seconds", "integer",
              "Seconds in the queue: until an agent answered, or until the caller hung up",
              unit="seconds", constraints={"required": True, "minimum": 0}),
        Field("abandoned", "boolean", "True if the caller hung up before being answered",
              constraints={"required": True}),
        Field("handle_seconds", "integer",
              "Talk plus after-call work, seconds; empty for abandoned calls",
              unit="seconds", constraints={"minimum": 1}),
    ),
    make=make_callcentre_calls,
    sources=_CALL_SOURCES,
    primary_key=("call_id",),
    chapter=5,
)

CALLCENTRE_INTERVALS = Resource(
    name="callcentre_intervals",
    title="Reservation call centre, half-hourly report, Mirror Lake Hotels (four weeks)",
    description=(
        "The half-hourly report of the Mirror Lake Hotels reservation call centre from 2 to 29 "
        "March 2026: agents rostered, calls offered, answered and abandoned, calls answered within "
        "20 seconds, mean handle time and mean wait of answered calls. One row per date and half "
        "hour, 08:00 to 22:00. Used in Chapter 5 to forecast the load by weekday and half hour and "
        "to staff it."
    ),
    process=(
        "Synthetic, seed 501: the same simulation as callcentre_calls, run for four weeks and "
        "aggregated by half hour (the last week matches callcentre_calls exactly). Means are empty "
        "where no call was answered."
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
        Field("mean_answer_wait_seconds", "number",
              "Mean wait of answered calls (average speed of answer)", unit="seconds",
              constraints={"minimum": 0}),
    ),
    make=make_callcentre_intervals,
    sources=_CALL_SOURCES,
    primary_key=("date", "interval"),
    chapter=5,
)

# ------------------------------------------------------------------------------------------------
# The inbox: messages to the WeChat official account and web chat
# ------------------------------------------------------------------------------------------------

TOPICS = ("booking", "change_cancel", "invoice", "facilities", "check_in_out", "loyalty",
          "complaint", "lost_property")

# (topic, template, a self-service bot with the FAQ and booking-system access could fully answer it)
# Some templates are written to trip up keyword rules on purpose: typos, pinyin and Chinese words,
# negations, and messages that mention one topic's words while being about another.
_TEMPLATES = (
    ("booking", "Do you have a twin room at {branch} on {date}?", True),
    ("booking", "I'd like to book {n} nights at {branch} from {date}.", True),
    ("booking", "Is there a family room available for {n} people on {date}?", True),
    ("booking", "how much is a king room in {branch} this weekend", True),
    ("booking", "want to reserve a room near the lake, {n} nights, what's the best price", True),
    ("booking", "Can my company get a corporate rate for {n} rooms at {branch}?", False),
    ("change_cancel", "Please cancel my reservation {code}.", True),
    ("change_cancel", "I need to change my booking {code} to {date}.", True),
    ("change_cancel", "can I move my check-in date to {date}? booking {code}", True),
    ("change_cancel", "pls cancle booking {code}, flight delayed", True),
    ("change_cancel", "My plans changed, is the deposit refundable if I don't come on {date}?", False),
    ("invoice", "Please send me the fapiao for my stay at {branch}.", True),
    ("invoice", "How do I get an invoice with my company's tax number?", True),
    ("invoice", "需要开发票, booking {code}", True),
    ("invoice", "the receipt you emailed has the wrong company name", False),
    ("invoice", "Can I get a reciept for the restaurant bill?", True),
    ("facilities", "What time is breakfast served?", True),
    ("facilities", "Is there parking at the {branch} hotel?", True),
    ("facilities", "Do the rooms have wifi?", True),
    ("facilities", "Is the swimming pool open in {month}?", True),
    ("facilities", "do you have a gym", True),
    ("facilities", "Can you arrange a baby cot in the room?", True),
    ("check_in_out", "What time is check-in at {branch}?", True),
    ("check_in_out", "Can I check out late on {date}?", False),
    ("check_in_out", "Can I leave my luggage after check-out?", True),
    ("check_in_out", "we arrive at 6am, can we get the room early", False),
    ("loyalty", "How many points do I have?", True),
    ("loyalty", "My points from the stay on {date} were not credited.", False),
    ("loyalty", "how do I upgrade to gold member", True),
    ("loyalty", "can I use points to pay for a room at {branch}", True),
    ("complaint", "The room was dirty when we arrived and nobody came to clean it.", False),
    ("complaint", "I waited {mins} minutes at the front desk to check in. Unacceptable.", False),
    ("complaint", "Very noisy room, could not sleep. I want a refund.", False),
    ("complaint", "I booked a sea-view room but got a room facing the car park!", False),
    ("complaint", "breakfast was cold and the staff were rude", False),
    ("complaint", "you charged my card twice for booking {code}", False),
    ("complaint", "Can you cancel the noise from the bar next door? It's 1am.", False),
    ("lost_property", "I left my phone charger in room {room}.", False),
    ("lost_property", "Did anyone find a blue scarf in the lobby on {date}?", False),
    ("lost_property", "forgot my glasses in the room {room}, can you post them", False),
)
#: Share of messages per topic (illustrative).
TOPIC_SHARE = {
    "booking": 0.22, "change_cancel": 0.16, "invoice": 0.10, "facilities": 0.16,
    "check_in_out": 0.11, "loyalty": 0.08, "complaint": 0.12, "lost_property": 0.05,
}
CHANNELS = ("WeChat", "web chat", "email")
CHANNEL_SHARE = (0.62, 0.25, 0.13)


def make_inbox_messages() -> pd.DataFrame:
    """Two thousand messages to Mirror Lake Hotels, with the topic a person assigned to each."""
    rng = np.random.default_rng(502)
    n = 2000
    by_topic = {t: [(text, bot) for topic, text, bot in _TEMPLATES if topic == t] for t in TOPICS}
    topics = rng.choice(TOPICS, size=n, p=[TOPIC_SHARE[t] for t in TOPICS])
    dates = pd.date_range("2026-03-02", periods=28, freq="D")
    months = ("March", "April", "May", "June", "July", "August")
    rows = []
    for i, topic in enumerate(topics, start=1):
        text, bot = by_topic[topic][rng.integers(len(by_topic[topic]))]
        day = dates[rng.integers(len(dates))]
        stay = day + pd.Timedelta(days=int(rng.integers(1, 60)))
        fill = {
            "branch": BRANCHES[rng.choice(4, p=BRANCH_SHARE)],
            "date": f"{stay.day} {stay.strftime('%B')}",
            "n": int(rng.integers(1, 5)),
            "code": f"ML{rng.integers(100000, 999999)}",
            "room": int(rng.integers(2, 19)) * 100 + int(rng.integers(1, 40)),
            "mins": int(rng.choice([25, 30, 40, 45, 50])),
            "month": months[rng.integers(len(months))],
        }
        message = text.format(**fill)
        rows.append((i, day.strftime("%Y-%m-%d"), rng.choice(CHANNELS, p=CHANNEL_SHARE), message,
                     topic, bool(bot)))
    return pd.DataFrame(rows, columns=["message_id", "date", "channel", "text", "topic", "bot_answerable"])


INBOX_MESSAGES = Resource(
    name="inbox_messages",
    title="Customer messages to Mirror Lake Hotels, with their topics",
    description=(
        "Two thousand written messages that reached Mirror Lake Hotels through its WeChat official "
        "account, web chat and e-mail from 2 to 29 March 2026, each with the topic a staff member "
        "assigned and whether a self-service bot with the FAQ and access to the booking system "
        "could have answered it fully. Used in Chapter 5 to sort messages by topic and size the "
        "work a bot could take. Real messages would mostly be in Chinese; these are in English so "
        "every reader can follow the rules that classify them."
    ),
    process=(
        "Synthetic, seed 502. A topic is drawn with fixed shares (booking 22%, change or cancel 16%, "
        "facilities 16%, complaint 12%, check-in/out 11%, invoice 10%, loyalty 8%, lost property "
        "5%); then one of a few templates for that topic is drawn and filled with a branch, date, "
        "booking code or room number. Some templates carry typos, pinyin or Chinese words, or "
        "another topic's words, as real messages do. Shares and templates are illustrative, not "
        "from a source."
    ),
    fields=(
        Field("message_id", "integer", "Message number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date the message arrived", constraints={"required": True}),
        Field("channel", "string", "Channel the message came through",
              constraints={"required": True, "enum": list(CHANNELS)}),
        Field("text", "string", "The message as written", constraints={"required": True}),
        Field("topic", "string", "Topic assigned by a staff member (the reference label)",
              constraints={"required": True, "enum": list(TOPICS)}),
        Field("bot_answerable", "boolean",
              "True if a bot with the FAQ and booking-system access could answer it fully",
              constraints={"required": True}),
    ),
    make=make_inbox_messages,
    primary_key=("message_id",),
    chapter=5,
)

# ------------------------------------------------------------------------------------------------
# The front desk of the Hangzhou branch: queue observations on weekday mornings
# ------------------------------------------------------------------------------------------------

#: Guests arriving per hour at the desk, 07:00 to 12:00, by quarter hour (illustrative).
_DESK_RATE = (  # per hour, for each quarter hour from 07:00
    14, 18, 24, 30,      # 07:00-08:00
    44, 52, 58, 62,      # 08:00-09:00: after breakfast
    62, 56, 46, 38,      # 09:00-10:00
    32, 30, 32, 36,      # 10:00-11:00
    42, 48, 50, 30,      # 11:00-12:00: the noon check-out deadline
)
#: Task mix and service-time medians (minutes); lognormal with log-sd 0.45.
_TASKS = ("check-out", "enquiry", "check-in")
_TASK_SHARE = (0.62, 0.28, 0.10)
_TASK_MEDIAN = (3.4, 1.6, 5.0)
_TASK_LOG_SD = 0.45
#: Desks open: two from 07:00, three from 08:00.
_DESKS_FROM = ((7 * 60, 2), (8 * 60, 3))
#: Exit survey: share of guests asked how long they think they waited.
_SURVEY_SHARE = 0.30
#: Lobby set-up: on alternate days the branch tried a screen showing each guest's place in line and
#: the expected wait, plus tea and newspapers beside the line.  Perceived / actual wait in the
#: exit survey is lognormal around 1.45 (standard lobby) or 1.15 (screen and tea), log-sd 0.25.
#: These are illustrative parameters for a teaching example, not measurements.
_PERCEIVED_FACTOR = {"standard": 1.45, "screen and tea": 1.15}
DESK_DATES = pd.bdate_range("2026-03-02", periods=10)


def _desk_day(rng: np.random.Generator) -> pd.DataFrame:
    """One morning at the desk: one serpentine line, first come first served."""
    rates = np.repeat(np.asarray(_DESK_RATE, dtype=float) / 60.0, 15)  # per minute, 07:00-12:00
    # Thinning: candidate arrivals at the peak rate, kept with probability rate / peak.
    peak = rates.max()
    t, arrivals = 0.0, []
    while True:
        t += rng.exponential(1 / peak)
        if t >= rates.size:
            break
        if rng.uniform() < rates[int(t)] / peak:
            arrivals.append(7 * 60 + t)
    arrivals = np.asarray(arrivals)
    n = arrivals.size
    task_index = rng.choice(len(_TASKS), size=n, p=_TASK_SHARE)
    medians = np.asarray(_TASK_MEDIAN)[task_index]
    service = medians * np.exp(_TASK_LOG_SD * rng.standard_normal(n))

    # Desks as a heap of (free-from time, desk number); desk 3 opens at 08:00.
    desks = [(7 * 60.0, 1), (7 * 60.0, 2), (8 * 60.0, 3)]
    heapq.heapify(desks)
    start = np.empty(n)
    desk_of = np.empty(n, dtype=int)
    for i in range(n):
        free, desk = heapq.heappop(desks)
        start[i] = max(arrivals[i], free)
        desk_of[i] = desk
        heapq.heappush(desks, (start[i] + service[i], desk))
    end = start + service
    in_queue = np.array([np.sum((arrivals[:i] <= arrivals[i]) & (start[:i] > arrivals[i])) for i in range(n)])
    return pd.DataFrame({
        "arrival": arrivals, "start": start, "end": end, "desk": desk_of,
        "task": np.asarray(_TASKS)[task_index], "queue_on_arrival": in_queue,
    })


def _hhmmss(minutes) -> list[str]:
    seconds = np.rint(np.asarray(minutes) * 60).astype(int)
    return [f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in seconds]


def make_frontdesk_queue() -> pd.DataFrame:
    """Ten weekday mornings of guests at the Hangzhou front desk, with an exit survey."""
    rng = np.random.default_rng(503)
    frames = []
    for d, date in enumerate(DESK_DATES):
        day = _desk_day(rng)
        setup = "standard" if d % 2 == 0 else "screen and tea"
        # Round clock times to whole seconds first, so that the minutes agree with the clock.
        for column in ("arrival", "start", "end"):
            day[column] = np.rint(day[column] * 60) / 60
        wait = day["start"] - day["arrival"]
        surveyed = rng.uniform(size=len(day)) < _SURVEY_SHARE
        factor = _PERCEIVED_FACTOR[setup] * np.exp(0.25 * rng.standard_normal(len(day)))
        felt = wait * factor
        # People answer in round numbers: whole minutes under 10, multiples of 5 above.
        felt = np.where(felt < 10, np.rint(felt), 5 * np.rint(felt / 5))
        day["date"] = date.strftime("%Y-%m-%d")
        day["weekday"] = WEEKDAYS[date.day_of_week]
        day["lobby_setup"] = setup
        day["wait_minutes"] = wait.round(2)
        day["service_minutes"] = (day["end"] - day["start"]).round(2)
        day["perceived_wait_minutes"] = np.where(surveyed, felt, np.nan)
        frames.append(day)
    desk = pd.concat(frames, ignore_index=True)
    out = pd.DataFrame({
        "visit_id": np.arange(1, len(desk) + 1),
        "date": desk["date"],
        "weekday": desk["weekday"],
        "lobby_setup": desk["lobby_setup"],
        "task": desk["task"],
        "arrival_time": _hhmmss(desk["arrival"]),
        "start_time": _hhmmss(desk["start"]),
        "end_time": _hhmmss(desk["end"]),
        "desk": desk["desk"].astype(int),
        "queue_on_arrival": desk["queue_on_arrival"].astype(int),
        "wait_minutes": desk["wait_minutes"],
        "service_minutes": desk["service_minutes"],
        "perceived_wait_minutes": desk["perceived_wait_minutes"].astype("Int64"),
    })
    return out


FRONTDESK_QUEUE = Resource(
    name="frontdesk_queue",
    title="Front-desk queue observations, Mirror Lake Hotels Hangzhou (ten weekday mornings)",
    description=(
        "Every guest who came to the front desk of the Hangzhou branch between 07:00 and 12:00 on "
        "ten weekdays, 2 to 13 March 2026: when they joined the single serpentine line, when a desk "
        "took them and when they left, what they came for, how many were waiting when they "
        "arrived and, for the three in ten asked in an exit survey, how long they thought they had "
        "waited. On alternate days the lobby had a screen showing each guest's place in line and "
        "expected wait, with tea and newspapers beside the line. Used in Chapter 6 for waiting "
        "times, perceived waits, the 20-minute gift promise and Little's law."
    ),
    process=(
        "Synthetic, seed 503. Arrivals are a Poisson process whose rate changes every quarter hour "
        "(14 to 62 guests an hour, peaks after breakfast and before the noon check-out deadline), "
        "drawn by thinning. Tasks: check-out 62% (median 3.4 min), enquiry 28% (1.6 min), check-in "
        "10% (5.0 min), lognormal with log-sd 0.45. Two desks from 07:00, a third from 08:00, one "
        "line, first come first served. Perceived wait = actual wait x a lognormal factor around "
        "1.45 (standard lobby) or 1.15 (screen and tea) with log-sd 0.25, reported in whole "
        "minutes below 10 and in multiples of 5 above. All parameters are illustrative, chosen to "
        "teach, not measured."
    ),
    fields=(
        Field("visit_id", "integer", "Guest visit number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True, "enum": list(WEEKDAYS)}),
        Field("lobby_setup", "string", "Lobby that day: standard, or a wait-time screen with tea",
              constraints={"required": True, "enum": ["standard", "screen and tea"]}),
        Field("task", "string", "What the guest came for", constraints={"required": True, "enum": list(_TASKS)}),
        Field("arrival_time", "string", "Time the guest joined the line (local time, HH:MM:SS)",
              constraints={"required": True, "pattern": _CLOCK}),
        Field("start_time", "string", "Time a desk began serving the guest (local time, HH:MM:SS)",
              constraints={"required": True, "pattern": _CLOCK}),
        Field("end_time", "string", "Time the guest left the desk (local time, HH:MM:SS)",
              constraints={"required": True, "pattern": _CLOCK}),
        Field("desk", "integer", "Desk that served the guest (1-3)", constraints={"required": True, "minimum": 1, "maximum": 3}),
        Field("queue_on_arrival", "integer", "Guests waiting in line (not being served) when this guest arrived",
              unit="guests", constraints={"required": True, "minimum": 0}),
        Field("wait_minutes", "number", "Time in line before being served", unit="minutes",
              constraints={"required": True, "minimum": 0}),
        Field("service_minutes", "number", "Time at the desk", unit="minutes",
              constraints={"required": True, "minimum": 0}),
        Field("perceived_wait_minutes", "integer",
              "Exit survey: how long the guest thinks they waited; empty if not asked", unit="minutes",
              constraints={"minimum": 0}),
    ),
    make=make_frontdesk_queue,
    primary_key=("visit_id",),
    chapter=6,
)

# ------------------------------------------------------------------------------------------------
# A hospital outpatient clinic's appointment book
# ------------------------------------------------------------------------------------------------

_SLOTS_PER_SESSION = 16
_SESSION_START = {"morning": 8 * 60, "afternoon": 13 * 60 + 30}
_SLOT_MINUTES = 15
#: No-show model (logit): intercept, per log(1 + lead days), prior no-show, SMS reminder.
#: Calibrated so that about one booking in five is missed, with more no-shows for bookings made
#: far ahead and for patients who missed before (the two strongest determinants in Dantas et al.
#: 2018, whose review puts the average no-show rate around 23%).  The reminder effect is an
#: illustrative assumption.
_NO_SHOW_LOGIT = (-2.0, 0.38, 1.0, -0.45)


def make_clinic_appointments() -> pd.DataFrame:
    """Eight weeks of a clinic's appointment book: who was booked, and who came."""
    rng = np.random.default_rng(504)
    dates = pd.bdate_range("2026-03-02", periods=40)
    b0, b_lead, b_prior, b_sms = _NO_SHOW_LOGIT
    rows = []
    appointment = 0
    for date in dates:
        for session, start in _SESSION_START.items():
            for slot in range(1, _SLOTS_PER_SESSION + 1):
                appointment += 1
                lead = int(min(rng.geometric(1 / 9.0) - 1, 60))
                prior = bool(rng.uniform() < 0.18)
                sms = bool(lead >= 2 and rng.uniform() < 0.55)
                logit = b0 + b_lead * np.log1p(lead) + b_prior * prior + b_sms * sms
                no_show = bool(rng.uniform() < 1 / (1 + np.exp(-logit)))
                minutes = start + (slot - 1) * _SLOT_MINUTES
                rows.append((appointment, date.strftime("%Y-%m-%d"), WEEKDAYS[date.day_of_week], session,
                             slot, f"{minutes // 60:02d}:{minutes % 60:02d}", lead, prior, sms, not no_show))
    return pd.DataFrame(rows, columns=["appointment_id", "date", "weekday", "session", "slot",
                                       "slot_time", "lead_days", "prior_no_show", "sms_reminder",
                                       "attended"])


CLINIC_APPOINTMENTS = Resource(
    name="clinic_appointments",
    title="A hospital outpatient clinic's appointment book, with no-shows (eight weeks)",
    description=(
        "Every booked appointment at one doctor's outpatient clinic, morning and afternoon sessions "
        "of 16 fifteen-minute slots, on the forty weekdays from 2 March to 24 April 2026: how many "
        "days ahead it was booked, whether the patient had missed an appointment before, whether an "
        "SMS reminder was sent, and whether the patient came. A hospital rather than a hotel, "
        "because the course's examples of appointment systems are hospitals. Used in Chapter 6 to "
        "decide how much to overbook."
    ),
    process=(
        "Synthetic, seed 504. Every slot is booked once. Lead time ~ Geometric (mean about 8 days, "
        "capped at 60); 18% of patients have missed before; 55% of bookings made two or more days "
        "ahead get an SMS reminder. Probability of a no-show = logistic(-2.0 + 0.38 ln(1 + lead "
        "days) + 1.0 prior + (-0.45) reminder), which gives about one no-show in five overall."
    ),
    fields=(
        Field("appointment_id", "integer", "Appointment number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date of the appointment", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True, "enum": list(WEEKDAYS[:5])}),
        Field("session", "string", "Clinic session", constraints={"required": True, "enum": ["morning", "afternoon"]}),
        Field("slot", "integer", "Slot number in the session", constraints={"required": True, "minimum": 1, "maximum": 16}),
        Field("slot_time", "string", "Start time of the slot (local time, HH:MM)",
              constraints={"required": True, "pattern": "[0-2][0-9]:[0-5][0-9]"}),
        Field("lead_days", "integer", "Days between booking and appointment", unit="days",
              constraints={"required": True, "minimum": 0}),
        Field("prior_no_show", "boolean", "True if the patient missed an earlier appointment",
              constraints={"required": True}),
        Field("sms_reminder", "boolean", "True if an SMS reminder was sent the day before",
              constraints={"required": True}),
        Field("attended", "boolean", "True if the patient came; False for a no-show",
              constraints={"required": True}),
    ),
    make=make_clinic_appointments,
    sources=(
        "dantas2018noshow: across 105 studies the average no-show rate is of the order of 23%; "
        "long lead times and a history of no-shows are the most often reported determinants.",
        "cayirli2003outpatient: review of outpatient appointment scheduling, including no-shows "
        "and overbooking.",
    ),
    primary_key=("appointment_id",),
    chapter=6,
)

RESOURCES = [CALLCENTRE_CALLS, CALLCENTRE_INTERVALS, INBOX_MESSAGES, FRONTDESK_QUEUE, CLINIC_APPOINTMENTS]
