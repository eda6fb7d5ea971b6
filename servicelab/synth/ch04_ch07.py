"""Chapters 4 and 7 data: whom to serve how, and goals and coaching for the people who serve.

- ``hotel_transactions``: a year of bookings by the corporate and individual customers of
  Mirror Lake Hotels (镜湖酒店集团), for tiering customers by value (Chapter 4);
- ``agent_kpis``: weekly KPIs of the 30 agents of the reservation call centre, with a
  training programme partway (Chapter 7);
- ``securities_recommendations``: the course's "mission impossible" case, monthly
  recommendations of a mobile securities-trading service by branch (Chapter 7, Q-37);
- ``goal_sheet``: the goals a service team wrote, good and bad, some of them the course's
  cases (Chapter 7).

All four are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource

BRANCHES = ("Hangzhou", "Shanghai", "Xiamen", "Chengdu")
CHANNELS = ("account manager", "phone", "app", "website")

# ---------------------------------------------------------------------------------------------
# Hotel transactions
# ---------------------------------------------------------------------------------------------

_YEAR_DAYS = pd.date_range("2025-01-01", "2025-12-31", freq="D")
# Relative booking intensity by month (stay date).  Leisure guests travel at Spring Festival
# (late January to early February 2025), May Day, in summer and in Golden Week (October);
# business travel dips in those holidays.  Illustrative, not from a source.
_MONTH_INDIVIDUAL = {1: 1.0, 2: 1.25, 3: 0.75, 4: 0.85, 5: 1.15, 6: 0.85, 7: 1.3, 8: 1.35, 9: 0.85, 10: 1.3, 11: 0.7, 12: 0.8}
_MONTH_CORPORATE = {1: 0.8, 2: 0.55, 3: 1.1, 4: 1.15, 5: 1.0, 6: 1.1, 7: 0.9, 8: 0.85, 9: 1.15, 10: 0.9, 11: 1.2, 12: 1.0}
_RATE_FACTOR = {"Hangzhou": 1.0, "Shanghai": 1.25, "Xiamen": 0.95, "Chengdu": 0.85}
_N_CORPORATE, _N_INDIVIDUAL = 420, 2580


def _day_weights(month_factor: dict, growth: float) -> np.ndarray:
    t = (np.arange(len(_YEAR_DAYS)) + 0.5) / len(_YEAR_DAYS)
    season = np.array([month_factor[d.month] for d in _YEAR_DAYS])
    w = season * np.exp(growth * (t - 0.5))
    return w / w.sum()


def make_hotel_transactions() -> pd.DataFrame:
    """One row per booking (a stay or an event) in 2025."""
    rng = np.random.default_rng(401)
    rows = []
    # Corporate accounts: booking frequency is heavily skewed (a few key accounts book weekly).
    for i in range(_N_CORPORATE):
        cid = f"CO{i + 1:04d}"
        rate = float(np.clip(rng.lognormal(np.log(5.0), 0.85), 1.0, 150.0))
        group = float(rng.lognormal(np.log(2.2), 0.45))
        home = BRANCHES[rng.choice(4, p=[0.4, 0.3, 0.12, 0.18])]
        kind_roll = rng.random()
        small = rate < 5.0
        if small and kind_roll < 0.16:
            growth = rng.uniform(1.3, 2.0)       # a small account that is taking off
        elif kind_roll > 0.93:
            growth = rng.normal(-1.2, 0.25)      # an account drifting away
        else:
            growth = rng.normal(0.0, 0.25)
        uplift = np.mean(np.exp(growth * (np.linspace(0, 1, 12) - 0.5)))
        count = 1 + rng.poisson(max(rate * uplift - 1.0, 0.05))
        days = rng.choice(len(_YEAR_DAYS), size=count, p=_day_weights(_MONTH_CORPORATE, growth))
        event_p = 0.05 + 0.07 * (rate > 20)
        for day in np.sort(days):
            branch = home if rng.random() < 0.7 else BRANCHES[rng.integers(4)]
            channel = CHANNELS[rng.choice(4, p=[0.55, 0.25, 0.12, 0.08])]
            nights = 1 + int(rng.poisson(group))
            price = 520.0 * _RATE_FACTOR[branch] * rng.lognormal(0, 0.08)
            if rng.random() < event_p:
                revenue = nights * price + rng.lognormal(np.log(26000), 0.6)
                kind = "event"
            else:
                revenue = nights * price
                kind = "stay"
            rows.append((_YEAR_DAYS[day], cid, "corporate", branch, channel, kind, nights, revenue))
    # Individual guests: most stay once or twice a year.
    for i in range(_N_INDIVIDUAL):
        cid = f"IN{i + 1:04d}"
        rate = float(rng.gamma(1.0, 1.3))
        home = BRANCHES[rng.choice(4, p=[0.35, 0.25, 0.25, 0.15])]
        growth = rng.normal(0.0, 0.3)
        count = 1 + rng.poisson(rate)
        days = rng.choice(len(_YEAR_DAYS), size=count, p=_day_weights(_MONTH_INDIVIDUAL, growth))
        for day in np.sort(days):
            branch = home if rng.random() < 0.6 else BRANCHES[rng.integers(4)]
            channel = CHANNELS[1 + rng.choice(3, p=[0.35, 0.45, 0.20])]
            nights = 1 + int(rng.poisson(1.2))
            price = 640.0 * _RATE_FACTOR[branch] * rng.lognormal(0, 0.15)
            if rng.random() < 0.01:
                revenue = nights * price + rng.lognormal(np.log(32000), 0.45)
                kind = "event"
            else:
                revenue = nights * price
                kind = "stay"
            rows.append((_YEAR_DAYS[day], cid, "individual", branch, channel, kind, nights, revenue))
    frame = pd.DataFrame(rows, columns=["date", "customer_id", "segment", "branch", "channel", "kind", "room_nights", "revenue"])
    frame = frame.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame["revenue"] = frame["revenue"].round(0).astype("int64")
    frame.insert(0, "booking_id", np.arange(1, len(frame) + 1))
    return frame


HOTEL_TRANSACTIONS = Resource(
    name="hotel_transactions",
    title="A year of bookings by Mirror Lake Hotels' customers",
    description=(
        "One row per booking in 2025 by the corporate accounts and individual guests of Mirror Lake "
        "Hotels' four branches: room stays and events (meetings, banquets), with the room nights, the "
        "revenue and the channel the booking came through. Used in Chapter 4 to grade customers by "
        "value, draw the Lorenz curve, size the long tail and find small accounts that are growing."
    ),
    process=(
        "Synthetic, seed 401. 420 corporate accounts book Poisson(lambda) times with lambda ~ "
        "LogNormal(ln 7, 1.05) (clipped to 1-260); 2,580 individual guests book 1 + Poisson(Gamma(0.9, 1)) "
        "times. Each customer has a home branch and a growth rate g: booking dates are drawn with "
        "weight season(month) x exp(g (t - 0.5)), t the fraction of the year; g ~ Normal(0, 0.25) for most "
        "accounts, Uniform(1.3, 2.0) for 16 % of the small corporate accounts (taking off) and "
        "Normal(-1.2, 0.25) for 7 % (drifting away), Normal(0, 0.3) for guests. Room nights are 1 + "
        "Poisson(group size); rates are 520 yuan (corporate) or 640 yuan (individual) a night times a "
        "branch factor (Shanghai 1.25, Hangzhou 1.0, Xiamen 0.95, Chengdu 0.85) and noise; 5-12 % of "
        "corporate and 1 % of individual bookings are events adding LogNormal(ln 26,000-32,000 yuan) of "
        "catering and meeting revenue. Calibrated only to the course's qualitative claim that value is "
        "concentrated in a few customers while about 80 % are small (Q-6); every parameter is illustrative."
    ),
    fields=(
        Field("booking_id", "integer", "Booking number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Arrival date", constraints={"required": True, "minimum": "2025-01-01", "maximum": "2025-12-31"}),
        Field("customer_id", "string", "Customer: CO.... corporate account, IN.... individual guest",
              constraints={"required": True, "pattern": "(CO|IN)[0-9]{4}"}),
        Field("segment", "string", "Corporate account or individual guest",
              constraints={"required": True, "enum": ["corporate", "individual"]}),
        Field("branch", "string", "Hotel branch", constraints={"required": True, "enum": list(BRANCHES)}),
        Field("channel", "string", "How the booking was made", constraints={"required": True, "enum": list(CHANNELS)}),
        Field("kind", "string", "A room stay, or an event (meeting, banquet) with its rooms",
              constraints={"required": True, "enum": ["stay", "event"]}),
        Field("room_nights", "integer", "Rooms x nights booked", unit="room nights",
              constraints={"required": True, "minimum": 1}),
        Field("revenue", "integer", "Revenue of the booking (rooms, plus catering and meeting rooms for events)",
              unit="yuan", constraints={"required": True, "minimum": 0}),
    ),
    make=make_hotel_transactions,
    primary_key=("booking_id",),
    chapter=4,
)


# ---------------------------------------------------------------------------------------------
# Agent KPIs
# ---------------------------------------------------------------------------------------------

KPI_WEEKS = pd.date_range("2024-07-01", "2025-12-22", freq="7D")   # 78 Mondays
TRAINING_WEEKS = (pd.Timestamp("2025-06-02"), pd.Timestamp("2025-06-09"))
N_AGENTS = 30
# Effect of the June 2025 programme (call handling, product knowledge, empathy) on a trained
# agent once it has fully set in, reached gradually over four weeks.  Illustrative.
_TRAINING_EFFECT = {"fcr": 0.05, "aht": -14.0, "csat": 0.12, "adherence": 0.0}


def _common_shocks(week: pd.Timestamp) -> dict:
    """What happens to every agent in a week: seasons, holidays and the new booking system."""
    aht = fcr = csat = 0.0
    calls = 1.0
    if week.month in (7, 8) or (week.month == 9 and week.day >= 22) or (week.month == 10 and week.day <= 7):
        calls, aht, csat = 1.2, 8.0, -0.04          # summer and Golden Week peaks
    if week.month == 1 and week.year == 2025 or (week.month == 2 and week.day <= 10):
        calls, aht, csat = 1.15, 6.0, -0.03          # Spring Festival
    # A new booking system goes live on 3 March 2025: slower calls, more call-backs, easing off.
    go_live = pd.Timestamp("2025-03-03")
    weeks_since = (week - go_live).days / 7
    if 0 <= weeks_since < 12:
        fade = 1 - weeks_since / 12
        aht += 22.0 * fade
        fcr -= 0.03 * fade
        csat -= 0.06 * fade
    # Slow improvement of the whole centre (better knowledge base), about +1.5 points of FCR a year.
    years = (week - KPI_WEEKS[0]).days / 365.25
    fcr += 0.015 * years
    return {"calls": calls, "aht": aht, "fcr": fcr, "csat": csat}


def make_agent_kpis() -> pd.DataFrame:
    """Weekly KPIs of each reservation agent, July 2024 to December 2025."""
    rng = np.random.default_rng(701)
    agents = [f"A{n:02d}" for n in range(1, N_AGENTS + 1)]
    tenure = rng.integers(2, 72, size=N_AGENTS)                       # months at 1 July 2024
    skill = rng.normal(0, 1, size=N_AGENTS)
    fcr0 = np.clip(0.70 + 0.035 * skill + 0.0003 * tenure + rng.normal(0, 0.015, N_AGENTS), 0.55, 0.85)
    aht0 = np.clip(320 - 10 * skill - 0.4 * tenure + rng.normal(0, 22, N_AGENTS), 230, 420)
    csat0 = np.clip(4.20 + 0.07 * skill + rng.normal(0, 0.10, N_AGENTS), 3.6, 4.8)
    adh0 = np.clip(rng.normal(0.915, 0.025, N_AGENTS), 0.80, 0.98)
    # A few agents with a distinct weakness, for the coaching notebook.
    adh0[6] = 0.84
    csat0[17] = 3.85
    aht0[23] = 395.0
    # The programme takes the 15 agents with the lowest first-contact resolution in Jan-May 2025
    # (supervisors nominate those who struggle): selection on a low level, not on a trend.
    pre_level = fcr0 + rng.normal(0, 0.01, N_AGENTS)
    trained = np.zeros(N_AGENTS, dtype=bool)
    trained[np.argsort(pre_level, kind="stable")[:15]] = True
    rows = []
    for week in KPI_WEEKS:
        shock = _common_shocks(week)
        in_training = TRAINING_WEEKS[0] <= week <= TRAINING_WEEKS[1]
        weeks_after = (week - TRAINING_WEEKS[1]).days / 7
        ramp = float(np.clip(weeks_after / 4, 0, 1))
        for a, agent in enumerate(agents):
            months = tenure[a] + (week - KPI_WEEKS[0]).days / 30.44
            learn = 8.0 * np.exp(-months / 6)                        # new agents are slower at first
            effect = {k: (v * ramp if trained[a] else 0.0) for k, v in _TRAINING_EFFECT.items()}
            share_on_phone = 0.5 if (in_training and trained[a]) else 1.0
            adherence = float(np.clip(adh0[a] + rng.normal(0, 0.015), 0.6, 1.0))
            calls = int(rng.poisson(175 * shock["calls"] * share_on_phone * adherence / 0.915))
            p_fcr = float(np.clip(fcr0[a] + shock["fcr"] + effect["fcr"], 0.3, 0.97))
            resolved = int(rng.binomial(calls, p_fcr))
            aht = aht0[a] + learn + shock["aht"] + effect["aht"] + rng.normal(0, 9)
            csat = csat0[a] + shock["csat"] + effect["csat"] + 0.6 * (p_fcr - 0.70) + rng.normal(0, 0.05)
            rows.append((week.strftime("%Y-%m-%d"), agent, bool(trained[a]), int(round(months)), calls,
                         round(float(aht), 1), round(resolved / calls, 3) if calls else 0.0,
                         round(float(np.clip(csat, 1, 5)), 2), round(adherence, 3)))
    return pd.DataFrame(rows, columns=["week", "agent", "trained", "tenure_months", "calls", "aht_seconds",
                                       "fcr", "csat", "adherence"])


AGENT_KPIS = Resource(
    name="agent_kpis",
    title="Weekly KPIs of the reservation call centre's agents",
    description=(
        "One row per agent and week, 1 July 2024 to 22 December 2025, for the 30 agents of Mirror Lake "
        "Hotels' reservation call centre in Hangzhou: calls handled, average handle time, first-contact "
        "resolution, customer satisfaction and schedule adherence. Fifteen agents, nominated because "
        "their first-contact resolution was the lowest, attended a two-week training programme on 2-13 "
        "June 2025 (trained = true). Used in Chapter 7 for goal tracking, a coaching dashboard and an "
        "honest estimate of what the training did."
    ),
    process=(
        "Synthetic, seed 701. Each agent has a skill score ~ Normal(0, 1) and tenure; base FCR = 0.70 + "
        "0.035 skill (plus tenure and noise), base AHT ~ 320 - 10 skill - 0.4 tenure s, base CSAT ~ 4.20 + "
        "0.07 skill, base adherence ~ Normal(0.915, 0.025); agents A07 (adherence), A18 (satisfaction) and "
        "A24 (handle time) are given one clear weakness. Every agent shares the same weekly shocks: summer, "
        "Golden Week and Spring Festival peaks (more calls, longer handling), a new booking system from 3 "
        "March 2025 (AHT +22 s, FCR -3 points, fading over 12 weeks) and a slow centre-wide FCR gain of 1.5 "
        "points a year. The training adds FCR +5 points, AHT -14 s and CSAT +0.12, ramping up over four "
        "weeks; trained agents take half their usual calls in the two training weeks. Calls ~ Poisson(175 x "
        "season x adherence / 0.915); resolved calls ~ Binomial(calls, FCR); AHT and CSAT carry Normal "
        "noise (9 s, 0.05). Effect sizes and levels are illustrative, not from a source."
    ),
    fields=(
        Field("week", "date", "Monday of the week", constraints={"required": True}),
        Field("agent", "string", "Agent code", constraints={"required": True, "pattern": "A[0-9]{2}"}),
        Field("trained", "boolean", "Attended the June 2025 training programme", constraints={"required": True}),
        Field("tenure_months", "integer", "Months since the agent joined", unit="months",
              constraints={"required": True, "minimum": 0}),
        Field("calls", "integer", "Calls handled in the week", unit="calls", constraints={"required": True, "minimum": 0}),
        Field("aht_seconds", "number", "Average handle time (talk, hold and wrap-up)", unit="seconds",
              constraints={"required": True, "minimum": 0}),
        Field("fcr", "number", "First-contact resolution: share of calls needing no further contact", unit="share (0-1)",
              constraints={"required": True, "minimum": 0, "maximum": 1}),
        Field("csat", "number", "Mean post-call satisfaction score", unit="points (1-5)",
              constraints={"required": True, "minimum": 1, "maximum": 5}),
        Field("adherence", "number", "Share of scheduled time spent in the planned activity", unit="share (0-1)",
              constraints={"required": True, "minimum": 0, "maximum": 1}),
    ),
    make=make_agent_kpis,
    primary_key=("week", "agent"),
    chapter=7,
)


# ---------------------------------------------------------------------------------------------
# The course's "mission impossible" case
# ---------------------------------------------------------------------------------------------

SECURITIES_BRANCHES = tuple(f"Branch {c}" for c in "ABCDEFGH")
# Month-by-month market drag in 2008: a falling stock market slowly erodes interest.  The
# handbook says only that October-November were flat against the first three quarters.
_SECURITIES_TREND = (1.04, 1.03, 1.00, 0.99, 1.01, 0.98, 0.97, 0.99, 0.97, 0.99, 1.00)


def make_securities_recommendations() -> pd.DataFrame:
    """Monthly recommendations of mobile securities trading by branch, January-November 2008."""
    rng = np.random.default_rng(702)
    base = rng.uniform(80, 320, size=len(SECURITIES_BRANCHES)).round(0)
    months = pd.date_range("2008-01-01", periods=len(_SECURITIES_TREND), freq="MS")
    rows = []
    for b, branch in enumerate(SECURITIES_BRANCHES):
        for month, trend in zip(months, _SECURITIES_TREND):
            count = int(rng.poisson(base[b] * trend * rng.gamma(200, 1 / 200)))
            rows.append((month.strftime("%Y-%m-%d"), branch, count))
    return pd.DataFrame(rows, columns=["month", "branch", "recommendations"])


SECURITIES_RECOMMENDATIONS = Resource(
    name="securities_recommendations",
    title="The 'mission impossible' case: mobile securities-trading recommendations by branch",
    description=(
        "The course's case (visibility handbook): a mobile operator's data-services department set its "
        "city branches a fourth-quarter target of +200 % recommendations of its weak mobile securities-"
        "trading product, in a falling stock market. One row per branch and month, January to November "
        "2008. October and November are flat against the first three quarters, as in the handbook (Q-37). "
        "Used in Chapter 7 to test the target against history."
    ),
    process=(
        "Synthetic, seed 702. Eight branches with a base level ~ Uniform(80, 320) recommendations a month; "
        "each month's count is Poisson(base x trend x Gamma(200, 1/200)), with a gently falling trend "
        "(1.04 in January to 0.97 in September, back to 0.99-1.00 in October and November) standing for "
        "the slumping market. Only the +200 % target and 'October-November flat against Q1-Q3' come from "
        "the source; the operator's name is withheld there, and the branch names and levels are invented."
    ),
    fields=(
        Field("month", "date", "First day of the month", constraints={"required": True}),
        Field("branch", "string", "City branch", constraints={"required": True, "enum": list(SECURITIES_BRANCHES)}),
        Field("recommendations", "integer", "Customers to whom front-line staff recommended the service",
              unit="recommendations", constraints={"required": True, "minimum": 0}),
    ),
    make=make_securities_recommendations,
    primary_key=("month", "branch"),
    chapter=7,
    sources=("visibilityhandbook",),
)


# ---------------------------------------------------------------------------------------------
# The goal sheet
# ---------------------------------------------------------------------------------------------

GOAL_START, GOAL_DEADLINE = "2025-07-07", "2025-12-28"


def _team_mean(kpis: pd.DataFrame, metric: str, start: str, end: str) -> float:
    weeks = pd.to_datetime(kpis["week"])
    window = kpis[(weeks >= pd.Timestamp(start)) & (weeks <= pd.Timestamp(end))]
    if metric in ("fcr", "aht_seconds", "csat"):
        weights = window["calls"]
        return float((window[metric] * weights).sum() / weights.sum())
    return float(window[metric].mean())


def make_goal_sheet() -> pd.DataFrame:
    """The goals written for the second half of 2025, plus the course's cases."""
    kpis = make_agent_kpis()
    recs = make_securities_recommendations()
    q3 = recs[(recs["month"] >= "2008-07-01") & (recs["month"] <= "2008-09-01")]
    q3_monthly = float(q3.groupby("month")["recommendations"].sum().mean())

    def base(metric: str, digits: int) -> float:
        # Baseline: the team's level over the four weeks before the goals start.
        return round(_team_mean(kpis, metric, "2025-06-09", "2025-06-30"), digits)

    centre = "Mirror Lake reservation call centre"
    rows = [
        dict(goal_id="G01", setting=centre,
             text="Raise the call centre's first-contact resolution from {fcr:.0%} to 75% by 28 December 2025.",
             what="Raise first-contact resolution", for_whom="reservation agents and their callers",
             metric="fcr", unit="share of calls", direction="increase", baseline=base("fcr", 3), target=0.75,
             start=GOAL_START, deadline=GOAL_DEADLINE, owner="Call-centre manager", agreed=True,
             rationale="Callers who must ring twice are the main source of complaints; agents proposed the figure"),
        dict(goal_id="G02", setting=centre,
             text="Bring average handle time down from {aht:.0f} s to 290 s by the end of December 2025, without lower satisfaction.",
             what="Bring average handle time down", for_whom="reservation agents",
             metric="aht_seconds", unit="seconds", direction="decrease", baseline=base("aht_seconds", 1), target=290.0,
             start=GOAL_START, deadline=GOAL_DEADLINE, owner="Team leader, shift A", agreed=True,
             rationale="Shorter calls free capacity for the summer and Golden Week peaks"),
        dict(goal_id="G03", setting=centre, text="Improve customer service quality.",
             what="Improve customer service quality", for_whom=None, metric=None, unit=None, direction=None,
             baseline=None, target=None, start=GOAL_START, deadline=None, owner=None, agreed=None,
             rationale="Quality matters"),
        dict(goal_id="G04", setting=centre, text="Agents should reach a satisfaction score of 4.5.",
             what="Reach a satisfaction score of 4.5", for_whom="reservation agents",
             metric="csat", unit="points (1-5)", direction="increase", baseline=base("csat", 2), target=4.5,
             start=GOAL_START, deadline=None, owner="Quality coach", agreed=True,
             rationale="The group's brand standard asks for 4.5"),
        dict(goal_id="G05", setting=centre,
             text="Schedule adherence of at least 97% every week from July to December 2025.",
             what="Keep to the published schedule", for_whom="reservation agents",
             metric="adherence", unit="share of scheduled time", direction="increase",
             baseline=base("adherence", 3), target=0.97, start=GOAL_START, deadline=GOAL_DEADLINE,
             owner="Workforce planner", agreed=False,
             rationale="Set by head office to match another group's benchmark"),
        dict(goal_id="G06", setting=centre,
             text="Lift post-call satisfaction from {csat:.2f} to 4.60 in the third quarter of 2025.",
             what="Lift post-call satisfaction", for_whom="reservation agents and their callers",
             metric="csat", unit="points (1-5)", direction="increase", baseline=base("csat", 2), target=4.60,
             start=GOAL_START, deadline="2025-09-28", owner="Quality coach", agreed=True,
             rationale="The brand standard; the team agreed to try"),
        dict(goal_id="G07", setting=centre, text="Answer more calls.",
             what="Answer more calls", for_whom="reservation agents", metric=None, unit=None, direction=None,
             baseline=None, target=None, start=None, deadline=None, owner=None, agreed=None, rationale=""),
        dict(goal_id="G08", setting=centre,
             text="Every agent who joins completes etiquette and booking-system training within four weeks of their first day, through 2025.",
             what="Complete etiquette and booking-system training", for_whom="new reservation agents",
             metric="share_trained_in_4_weeks", unit="share of new agents", direction="increase",
             baseline=0.6, target=1.0, start=GOAL_START, deadline=GOAL_DEADLINE, owner="Training officer",
             agreed=True, rationale="New agents are slowest and least sure in their first months"),
        dict(goal_id="G09", setting="Course case: mobile operator (visibility handbook)",
             text="Increase recommendations of mobile securities trading by 200% in Q4 2008.",
             what="Increase recommendations of mobile securities trading", for_whom="front-line staff of the city branches",
             metric="recommendations", unit="recommendations per month", direction="increase",
             baseline=round(q3_monthly, 0), target=round(3 * q3_monthly, 0), start="2008-10-01", deadline="2008-12-31",
             owner="Data-services department", agreed=False,
             rationale="Boost a weak data product (the handbook's 'mission impossible' case)"),
        dict(goal_id="G10", setting="Course case: mobile operator (visibility handbook)",
             text="Deliver 'Five Hearts' service for Satisfaction 100.",
             what="Deliver 'Five Hearts' service", for_whom="all customers", metric=None, unit=None, direction=None,
             baseline=None, target=None, start=None, deadline=None, owner="Marketing department", agreed=None,
             rationale="Widely publicised campaign whose content few customers knew (handbook)"),
        dict(goal_id="G11", setting="Course case: mobile operator (visibility handbook)",
             text="Challenge 3 Minutes: cut the average counter transaction to 3 minutes by 31 May 2008.",
             what="Cut the average counter transaction time", for_whom="branch counter staff",
             metric="transaction_minutes", unit="minutes", direction="decrease", baseline=4.5, target=3.0,
             start="2008-01-02", deadline="2008-05-31", owner="Branch managers", agreed=True,
             rationale="The handbook's case; customers wanted shorter waits, not shorter transactions. "
                       "Baseline, start and owner are illustrative, not in source"),
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
    title="A service team's goal sheet, with the course's cases",
    description=(
        "Eleven goals as a service team wrote them: eight set for the second half of 2025 by Mirror Lake "
        "Hotels' reservation call centre, good and bad, and three cases from the course's visibility "
        "handbook (the +200 % 'mission impossible' target, the 'Five Hearts' campaign and 'Challenge 3 "
        "Minutes'). Each goal is given twice: as free text and as a structured record (metric, baseline, "
        "target, dates, owner, whether the people who carry it agreed). Empty cells mean the goal does not "
        "say. Used in Chapter 7 to check goals against the SMART criteria and to track them."
    ),
    process=(
        "Written by hand in the generator, not sampled. Baselines of the call-centre goals are the team's "
        "call-weighted means over 9-30 June 2025 in agent_kpis; the baseline of the +200 % case is the "
        "branches' mean monthly total in July-September 2008 in securities_recommendations, and its target "
        "three times that. The 'Challenge 3 Minutes' baseline (4.5 min), start and owner are illustrative; "
        "only the 3-minute aim comes from the handbook."
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
    sources=("visibilityhandbook",),
)

RESOURCES = [HOTEL_TRANSACTIONS, AGENT_KPIS, SECURITIES_RECOMMENDATIONS, GOAL_SHEET]
