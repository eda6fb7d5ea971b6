"""The goal sheet of Mirror Lake Hotels' service teams: goals as written, good and bad.

Baselines are computed from the other data sets (agent_kpis, booking_totals, frontdesk_queue), so a
goal can be checked against the history it was set on.
"""

from __future__ import annotations

import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth import agents, bookings, front_desk

GOAL_START, GOAL_DEADLINE = "2025-07-07", "2025-12-28"
CENTRE = "Mirror Lake reservation call centre"
YEAR = world.BOOKING_YEAR.value


def _team_mean(kpis: pd.DataFrame, metric: str, start: str, end: str) -> float:
    weeks = pd.to_datetime(kpis["week"])
    window = kpis[(weeks >= pd.Timestamp(start)) & (weeks <= pd.Timestamp(end))]
    if metric in ("fcr", "aht_seconds", "csat"):
        weights = window["calls"]
        return float((window[metric] * weights).sum() / weights.sum())
    return float(window[metric].mean())


def app_bookings_by_month() -> pd.Series:
    """Bookings made through the app in each month of the booking year (all branches)."""
    totals = bookings.make_booking_totals()
    app = totals[totals["channel"] == "app"]
    return app.groupby(app["date"].str[:7])["bookings"].sum()


def make_goal_sheet() -> pd.DataFrame:
    """The goals written for the second half of 2025 and spring 2026."""
    kpis = agents.make_agent_kpis()
    app = app_bookings_by_month()
    q3_app = float(app[["2025-07", "2025-08", "2025-09"]].mean())
    desk = front_desk.make_frontdesk_queue()
    checkout = round(float(desk.loc[desk["task"] == "check-out", "service_minutes"].mean()), 1)

    def base(metric: str, digits: int) -> float:
        # Baseline: the team's level over the four weeks before the goals start.
        return round(_team_mean(kpis, metric, "2025-06-09", "2025-06-30"), digits)

    rows = [
        dict(goal_id="G01", setting=CENTRE,
             text="Raise the call centre's first-contact resolution from {fcr:.0%} to 75% by 28 December 2025.",
             what="Raise first-contact resolution", for_whom="reservation agents and their callers",
             metric="fcr", unit="share of calls", direction="increase", baseline=base("fcr", 3), target=0.75,
             start=GOAL_START, deadline=GOAL_DEADLINE, owner="Call-centre manager", agreed=True,
             rationale="Callers who must ring twice are the main source of complaints; agents proposed the figure"),
        dict(goal_id="G02", setting=CENTRE,
             text="Bring average handle time down from {aht:.0f} s to 300 s by the end of December 2025, without lower satisfaction.",
             what="Bring average handle time down", for_whom="reservation agents",
             metric="aht_seconds", unit="seconds", direction="decrease", baseline=base("aht_seconds", 1), target=300.0,
             start=GOAL_START, deadline=GOAL_DEADLINE, owner="Team leader, team A", agreed=True,
             rationale="Shorter calls free capacity for the summer and Golden Week peaks"),
        dict(goal_id="G03", setting=CENTRE, text="Improve customer service quality.",
             what="Improve customer service quality", for_whom=None, metric=None, unit=None, direction=None,
             baseline=None, target=None, start=GOAL_START, deadline=None, owner=None, agreed=None,
             rationale="Quality matters"),
        dict(goal_id="G04", setting=CENTRE, text="Agents should reach a satisfaction score of 4.5.",
             what="Reach a satisfaction score of 4.5", for_whom="reservation agents",
             metric="csat", unit="points (1-5)", direction="increase", baseline=base("csat", 2), target=4.5,
             start=GOAL_START, deadline=None, owner="Quality coach", agreed=True,
             rationale="The group's brand standard asks for 4.5"),
        dict(goal_id="G05", setting=CENTRE,
             text="Schedule adherence of at least 97% every week from July to December 2025.",
             what="Keep to the published schedule", for_whom="reservation agents",
             metric="adherence", unit="share of scheduled time", direction="increase",
             baseline=base("adherence", 3), target=0.97, start=GOAL_START, deadline=GOAL_DEADLINE,
             owner="Workforce planner", agreed=False,
             rationale="Set by head office to match another group's benchmark"),
        dict(goal_id="G06", setting=CENTRE,
             text="Lift post-call satisfaction from {csat:.2f} to 4.60 in the third quarter of 2025.",
             what="Lift post-call satisfaction", for_whom="reservation agents and their callers",
             metric="csat", unit="points (1-5)", direction="increase", baseline=base("csat", 2), target=4.60,
             start=GOAL_START, deadline="2025-09-28", owner="Quality coach", agreed=True,
             rationale="The brand standard; the team agreed to try"),
        dict(goal_id="G07", setting=CENTRE, text="Answer more calls.",
             what="Answer more calls", for_whom="reservation agents", metric=None, unit=None, direction=None,
             baseline=None, target=None, start=None, deadline=None, owner=None, agreed=None, rationale=""),
        dict(goal_id="G08", setting=CENTRE,
             text="Every agent who joins completes etiquette and booking-system training within four weeks of their first day, through 2025.",
             what="Complete etiquette and booking-system training", for_whom="new reservation agents",
             metric="share_trained_in_4_weeks", unit="share of new agents", direction="increase",
             baseline=0.6, target=1.0, start=GOAL_START, deadline=GOAL_DEADLINE, owner="Training officer",
             agreed=True, rationale="New agents are slowest and least sure in their first months; baseline illustrative"),
        dict(goal_id="G09", setting="Mirror Lake head office (digital channels)",
             text="Triple the bookings made through the Mirror Lake app in the fourth quarter of 2025 (+200%).",
             what="Increase bookings through the app", for_whom="all four branches' front-line staff",
             metric="app_bookings", unit="bookings per month", direction="increase",
             baseline=round(q3_app, 0), target=round(3 * q3_app, 0), start=f"{YEAR}-10-01", deadline=f"{YEAR}-12-31",
             owner="Digital channels department", agreed=False,
             rationale="Modelled on the visibility handbook's 'mission impossible' case (+200% in one quarter); "
                       "the baseline is the July-September 2025 monthly mean of app bookings in booking_totals"),
        dict(goal_id="G10", setting="Mirror Lake head office (brand campaign)",
             text="Make every guest feel at home: 100% satisfaction (宾至如归).",
             what="Make every guest feel at home", for_whom="all guests", metric=None, unit=None, direction=None,
             baseline=None, target=None, start=None, deadline=None, owner="Marketing department", agreed=None,
             rationale="A slogan campaign modelled on the visibility handbook's 'Five Hearts' case: widely "
                       "publicised, with no measure behind it"),
        dict(goal_id="G11", setting="Mirror Lake Hangzhou front desk",
             text="Challenge 3 Minutes: cut the average check-out at the Hangzhou desk to 3 minutes by 31 May 2026.",
             what="Cut the average check-out time", for_whom="Hangzhou receptionists",
             metric="checkout_minutes", unit="minutes", direction="decrease", baseline=checkout, target=3.0,
             start="2026-03-16", deadline="2026-05-31", owner="Front-office manager, Hangzhou", agreed=True,
             rationale="Modelled on the visibility handbook's 'Challenge 3 Minutes' case, where customers wanted "
                       "shorter waits, not shorter transactions; the baseline is the mean check-out service time "
                       "in frontdesk_queue; start, owner and agreement are illustrative"),
    ]
    values = {"fcr": base("fcr", 3), "aht": base("aht_seconds", 1), "csat": base("csat", 2)}
    frame = pd.DataFrame(rows)
    frame["text"] = [t.format(**values) for t in frame["text"]]
    frame["agreed"] = frame["agreed"].map({True: "true", False: "false"})
    columns = ["goal_id", "setting", "text", "what", "for_whom", "metric", "unit", "direction", "baseline",
               "target", "start", "deadline", "owner", "agreed", "rationale"]
    return frame[columns]


GOAL_SHEET = Resource(
    name="goal_sheet",
    title="Mirror Lake Hotels' goal sheet: goals as the teams wrote them",
    description=(
        "Eleven goals set at Mirror Lake Hotels: eight by the reservation call centre for the second half of "
        "2025, good and bad; a head-office target to triple app bookings in one quarter; a slogan campaign; and "
        "the Hangzhou front desk's 'Challenge 3 Minutes'. The last three are modelled on the visibility "
        "handbook's cases ('mission impossible', 'Five Hearts', 'Challenge 3 Minutes'). Each goal is given "
        "twice: as free text and as a structured record (metric, baseline, target, dates, owner, whether the "
        "people who carry it agreed). Empty cells mean the goal does not say. Used in Chapter 7 to check goals "
        "against the SMART criteria and against the history they were set on."
    ),
    process=(
        "Written by hand in the generator, not sampled. Baselines are computed from the other data sets: the "
        "call-centre goals from the team's call-weighted means over 9-30 June 2025 in agent_kpis; the app goal "
        "from the July-September 2025 monthly mean of app bookings in booking_totals (its target is three times "
        "that); the check-out goal from the mean check-out service time in frontdesk_queue. G08's baseline and "
        "the start dates, owners and agreement of G09-G11 are illustrative, as the rationale says."
    ),
    fields=(
        Field("goal_id", "string", "Goal label", constraints={"required": True, "pattern": "G[0-9]{2}"}),
        Field("setting", "string", "Where the goal was set", constraints={"required": True}),
        Field("text", "string", "The goal as written", constraints={"required": True}),
        Field("what", "string", "The expected result in a few words", constraints={"required": True}),
        Field("for_whom", "string", "Who carries the goal or whom it serves"),
        Field("metric", "string", "The measure that shows whether it is met"),
        Field("unit", "string", "Unit of the metric"),
        Field("direction", "string", "Whether higher or lower values are better",
              constraints={"enum": ["increase", "decrease"]}),
        Field("baseline", "number", "Value of the metric when the goal is set", unit="unit of the metric"),
        Field("target", "number", "Value to reach by the deadline", unit="unit of the metric"),
        Field("start", "date", "When the goal starts"),
        Field("deadline", "date", "When the goal must be met"),
        Field("owner", "string", "Who is accountable"),
        Field("agreed", "boolean", "Whether the people who carry the goal accepted it (empty: nobody asked)"),
        Field("rationale", "string", "Why the goal was set"),
    ),
    make=make_goal_sheet,
    primary_key=("goal_id",),
    chapter=7,
    sources=("visibilityhandbook: the 'mission impossible', 'Five Hearts' and 'Challenge 3 Minutes' cases",),
)

RESOURCES = [GOAL_SHEET]
