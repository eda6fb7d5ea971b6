"""The reservation agents of Mirror Lake Hotels: who worked when (employment and pay), and how each
did week by week (KPIs).

One simulated workforce feeds both data sets.  It starts with the world's headcount on 1 July
2024; agents leave at the world's quit rate (lower on the incentive scheme) and are replaced
after a few weeks of recruiting; every new agent trains for the world's onboarding weeks before
taking calls.  The calls the agents handle each week are the calls the world sends to the centre
(and, in the four simulated weeks of March 2026, exactly the answered calls of the call log).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth import call_centre

WEEKS = pd.date_range(*world.KPI_WEEKS.value, freq="7D")
TEAMS = ("A", "B", "C", "D")
#: Teams put on the incentive scheme from its start date (the others stay on base pay only).
INCENTIVE_TEAMS = ("B", "D")
LEAVE_REASONS = ("resigned: pay", "resigned: hours", "resigned: personal", "dismissed")
#: Share of calls that abandon, for weeks outside the simulated ones (about what the simulation gives).
ABANDON_SHARE = 0.06
#: Effect of the June 2025 training on a trained agent once fully set in (reached over four weeks).
TRAINING_EFFECT = {"fcr": 0.05, "aht": -14.0, "csat": 0.12}
#: First-contact resolution trend of the whole centre (better knowledge base), per year.
FCR_TREND = 0.015


def _quit_factor(tenure_months: float, grade: str) -> float:
    """Relative chance of leaving: new agents and the lowest grade leave more."""
    return (1.8 if tenure_months < 6 else 1.0) * {"A": 1.2, "B": 1.0, "C": 0.7}[grade] / 1.1


@lru_cache(maxsize=1)
def workforce() -> pd.DataFrame:
    """One row per agent employed at any time in the period: team, grade, hire and leave, and skills."""
    rng = np.random.default_rng(702)
    start = WEEKS[0]
    grades, grade_p = list(world.PAY_GRADE_MIX.value), list(world.PAY_GRADE_MIX.value.values())
    scheme_start = world.date_of(world.INCENTIVE_SCHEME_START)
    onboarding = pd.Timedelta(weeks=world.ONBOARDING_WEEKS.value)
    weekly = 1 - (1 - world.ANNUAL_QUIT_RATE.value) ** (1 / 52)
    agents = []

    def hire(date: pd.Timestamp, tenure_months: float = 0.0) -> None:
        number = len(agents) + 1
        agents.append({
            "agent": f"A{number:02d}",
            "team": TEAMS[(number - 1) % len(TEAMS)],
            "grade": grades[int(rng.choice(len(grades), p=grade_p))],
            "hire_date": date - pd.Timedelta(days=int(round(tenure_months * 30.44))),
            "leave_date": pd.NaT, "leave_reason": None,
            "skill": float(rng.normal(0, 1)),
        })

    for _ in range(world.AGENT_HEADCOUNT.value):
        hire(start, float(min(1 + rng.exponential(26.0), 96.0)))
    pending: list[pd.Timestamp] = []  # hire dates of replacements being recruited
    extra = world.date_of(world.NEW_AGENTS_ON_PHONES) - onboarding
    for week in WEEKS:
        if week == extra:
            for _ in range(4):
                hire(week)
        for date in [d for d in pending if d == week]:
            hire(date)
        pending = [d for d in pending if d != week]
        for a in agents:
            if not pd.isna(a["leave_date"]) or a["hire_date"] > week:
                continue
            tenure = (week - a["hire_date"]).days / 30.44
            p = weekly * _quit_factor(tenure, a["grade"])
            if a["team"] in INCENTIVE_TEAMS and week >= scheme_start:
                p *= world.INCENTIVE_QUIT_FACTOR.value
            if rng.random() < p:
                a["leave_date"] = week + pd.Timedelta(days=int(rng.integers(0, 5)))
                dismissed = rng.random() < 0.12
                if dismissed:
                    a["leave_reason"] = "dismissed"
                else:
                    pay_p = 0.55 if a["grade"] == "A" else 0.35
                    a["leave_reason"] = LEAVE_REASONS[int(rng.choice(3, p=[pay_p, 0.25, 0.75 - pay_p]))]
                pending.append(week + pd.Timedelta(weeks=2 + int(rng.poisson(2))))
    frame = pd.DataFrame(agents)
    frame["on_phones"] = frame["hire_date"] + onboarding
    end = pd.Timestamp(world.EMPLOYMENT_PERIOD.value[1])
    frame.loc[frame["leave_date"] > end, ["leave_date", "leave_reason"]] = [pd.NaT, None]
    return frame


def _common_shocks(week: pd.Timestamp) -> dict:
    """What happens to every agent in a week: busy seasons, holidays and the new booking system."""
    aht = fcr = csat = 0.0
    if week.month in (7, 8) or any(world.in_period([week, week + pd.Timedelta(days=6)], world.NATIONAL_DAY, y).any()
                                   for y in world.NATIONAL_DAY.value):
        aht, csat = 8.0, -0.04                       # summer and Golden Week peaks
    if any(world.in_period([week, week + pd.Timedelta(days=6)], world.SPRING_FESTIVAL, y).any()
           for y in world.SPRING_FESTIVAL.value):
        aht, csat = 6.0, -0.03                       # Spring Festival
    go_live = world.date_of(world.BOOKING_SYSTEM_GO_LIVE)
    settle = world.BOOKING_SYSTEM_SETTLING_WEEKS.value
    weeks_since = (week - go_live).days / 7
    if 0 <= weeks_since < settle:                    # new booking system: slower calls, more call-backs
        fade = 1 - weeks_since / settle
        aht += 22.0 * fade
        fcr -= 0.03 * fade
        csat -= 0.06 * fade
    fcr += FCR_TREND * (week - WEEKS[0]).days / 365.25
    return {"aht": aht, "fcr": fcr, "csat": csat}


def _answered_calls(rng: np.random.Generator) -> pd.Series:
    """Answered calls per KPI week: the call log's where it exists, else Poisson around the world's."""
    simulated = call_centre.simulated_calls()
    simulated = simulated[~simulated["abandoned"]]
    monday = pd.to_datetime(simulated["date"]) - pd.to_timedelta(pd.to_datetime(simulated["date"]).dt.day_of_week, "D")
    known = monday.value_counts()
    out = {}
    for week in WEEKS:
        if week in known.index:
            out[week] = int(known[week])
        else:
            expected = sum(world.expected_calls(week + pd.Timedelta(days=k)) for k in range(7))
            out[week] = int(rng.poisson(expected * (1 - ABANDON_SHARE)))
    return pd.Series(out)


def training_weeks() -> pd.DatetimeIndex:
    first, last = world.date_of(world.TRAINING_WEEKS)
    return pd.date_range(first, last, freq="7D")


def trained_agents() -> list[str]:
    """The 15 agents nominated for the June 2025 training (lowest first-contact resolution)."""
    return sorted(_kpis()[1])


@lru_cache(maxsize=1)
def _kpis() -> tuple[pd.DataFrame, tuple[str, ...]]:
    rng = np.random.default_rng(701)
    staff = workforce().copy()
    n = len(staff)
    skill = staff["skill"].to_numpy()
    tenure0 = ((WEEKS[0] - staff["hire_date"]).dt.days / 30.44).to_numpy()
    fcr0 = np.clip(0.70 + 0.035 * skill + 0.0003 * np.maximum(tenure0, 0) + rng.normal(0, 0.015, n), 0.55, 0.85)
    deviation = -10 * skill - 0.4 * (np.maximum(tenure0, 0) - 24) + rng.normal(0, 22, n)
    aht0 = world.mean_handle_seconds() + deviation - deviation[:world.AGENT_HEADCOUNT.value].mean()
    csat0 = np.clip(4.20 + 0.07 * skill + rng.normal(0, 0.10, n), 3.6, 4.8)
    adh0 = np.clip(rng.normal(0.915, 0.025, n), 0.80, 0.98)
    # A few agents with a distinct weakness, for the coaching notebook.
    adh0[6], csat0[17], aht0[23] = 0.84, 3.85, aht0[23] + 75.0
    # Training: the 15 agents with the lowest FCR over January-May 2025 among those on the phones all that
    # time and still employed when it starts (supervisors nominate those who struggle): selection on level.
    first, _ = world.date_of(world.TRAINING_WEEKS)
    window_start = pd.Timestamp(f"{first.year}-01-06")
    eligible = (staff["on_phones"] <= window_start) & (staff["leave_date"].isna() | (staff["leave_date"] > first))
    # What the supervisors saw: each agent's level over the window, new agents' learning curve included.
    window = pd.date_range(window_start, first - pd.Timedelta(days=7), freq="7D")
    months_in = (window.to_numpy()[None, :] - staff["hire_date"].to_numpy()[:, None]) / np.timedelta64(1, "D") / 30.44
    learning = (-0.04 * np.exp(-np.maximum(months_in, 0) / 4)).mean(axis=1)
    pre_level = fcr0 + learning + rng.normal(0, 0.01, n)
    order = np.argsort(np.where(eligible, pre_level, np.inf), kind="stable")
    trained = np.zeros(n, dtype=bool)
    trained[order[:15]] = True
    train_weeks = training_weeks()
    answered = _answered_calls(rng)

    on_phones = staff["on_phones"].to_numpy()
    hired = staff["hire_date"].to_numpy()
    left = staff["leave_date"].to_numpy()
    no_leave = pd.isna(staff["leave_date"]).to_numpy()
    codes = staff["agent"].to_numpy()
    rows = []
    for week in WEEKS:
        shock = _common_shocks(week)
        w0, w1 = week.to_datetime64(), (week + pd.Timedelta(days=7)).to_datetime64()
        active = (on_phones < w1) & (no_leave | (left > w0))
        idx = np.flatnonzero(active)
        end = np.where(no_leave[idx], w1, np.minimum(left[idx], w1))
        days_on = (end - np.maximum(on_phones[idx], w0)) / np.timedelta64(1, "D") / 7
        adherence = np.clip(adh0[idx] + rng.normal(0, 0.015, idx.size), 0.6, 1.0)
        in_training = week in train_weeks
        share = adherence * days_on * np.where(in_training & trained[idx], 0.5, 1.0)
        calls = rng.multinomial(answered[week], share / share.sum())
        ramp = float(np.clip((week - train_weeks[-1]).days / 7 / 4, 0, 1))
        months = (w0 - hired[idx]) / np.timedelta64(1, "D") / 30.44
        effect = {m: np.where(trained[idx], v * ramp, 0.0) for m, v in TRAINING_EFFECT.items()}
        learn_aht = 8.0 * np.exp(-months / 6)          # new agents are slower ...
        learn_fcr = -0.04 * np.exp(-months / 4)        # ... and resolve less at first
        p_fcr = np.clip(fcr0[idx] + shock["fcr"] + learn_fcr + effect["fcr"], 0.3, 0.97)
        resolved = rng.binomial(calls, p_fcr)
        aht = aht0[idx] + learn_aht + shock["aht"] + effect["aht"] + rng.normal(0, 9, idx.size)
        csat = csat0[idx] + shock["csat"] + effect["csat"] + 0.6 * (p_fcr - 0.70) + rng.normal(0, 0.05, idx.size)
        label = week.strftime("%Y-%m-%d")
        for k, i in enumerate(idx):
            c = int(calls[k])
            rows.append((label, codes[i], bool(trained[i]), int(round(months[k])), c, round(float(aht[k]), 1),
                         round(int(resolved[k]) / c, 3) if c else 0.0, round(float(np.clip(csat[k], 1, 5)), 2),
                         round(float(adherence[k]), 3)))
    frame = pd.DataFrame(rows, columns=["week", "agent", "trained", "tenure_months", "calls", "aht_seconds",
                                        "fcr", "csat", "adherence"])
    return frame, tuple(staff.loc[trained, "agent"])


def make_agent_kpis() -> pd.DataFrame:
    """Weekly KPIs of each reservation agent on the phones, July 2024 to June 2026."""
    return _kpis()[0].copy()


def make_agent_employment() -> pd.DataFrame:
    """One row per agent and month employed: grade, scheme, base pay and incentive paid."""
    staff = workforce()
    kpis = _kpis()[0].copy()
    kpis["month"] = pd.to_datetime(kpis["week"]).dt.to_period("M")
    kpis["resolved"] = kpis["fcr"] * kpis["calls"]
    kpis["csat_x_calls"] = kpis["csat"] * kpis["calls"]
    monthly = kpis.groupby(["agent", "month"]).agg(calls=("calls", "sum"), resolved=("resolved", "sum"),
                                                   csat_x=("csat_x_calls", "sum"), weeks=("week", "size"))
    targets = world.INCENTIVE_TARGETS.value
    half = world.INCENTIVE_MAX.value / 2
    scheme_start = world.date_of(world.INCENTIVE_SCHEME_START)
    first, last = (pd.Timestamp(d) for d in world.EMPLOYMENT_PERIOD.value)
    months = pd.period_range(first, last, freq="M")
    rows = []
    for _, a in staff.iterrows():
        for month in months:
            m_start, m_end = month.start_time, month.end_time.normalize()
            left = a["leave_date"]
            if a["hire_date"] > m_end or (not pd.isna(left) and left <= m_start):
                continue
            worked_from = max(m_start, a["hire_date"])
            worked_to = m_end if pd.isna(left) else min(m_end, left - pd.Timedelta(days=1))
            share = ((worked_to - worked_from).days + 1) / month.days_in_month
            base = round(world.PAY_GRADES.value[a["grade"]] * share)
            scheme = a["team"] in INCENTIVE_TEAMS and m_start >= scheme_start
            incentive = 0
            if scheme and (a["agent"], month) in monthly.index:
                perf = monthly.loc[(a["agent"], month)]
                if perf["weeks"] >= 2 and perf["calls"] > 0:
                    incentive += half if perf["resolved"] / perf["calls"] >= targets["fcr"] else 0
                    incentive += half if perf["csat_x"] / perf["calls"] >= targets["csat"] else 0
            rows.append((month.start_time.strftime("%Y-%m-%d"), a["agent"], a["team"],
                         a["hire_date"].strftime("%Y-%m-%d"),
                         None if pd.isna(left) else left.strftime("%Y-%m-%d"), a["leave_reason"],
                         a["grade"], bool(scheme), int(base), int(incentive)))
    return pd.DataFrame(rows, columns=["month", "agent", "team", "hire_date", "leave_date", "leave_reason",
                                       "pay_grade", "incentive_scheme", "base_pay", "incentive_paid"])


AGENT_KPIS = Resource(
    name="agent_kpis",
    title="Weekly KPIs of the reservation call centre's agents (July 2024 to June 2026)",
    description=(
        "One row per agent and week on the phones, 1 July 2024 to 29 June 2026, for the agents of Mirror Lake "
        "Hotels' reservation call centre in Hangzhou: calls handled, average handle time, first-contact "
        "resolution, customer satisfaction and schedule adherence. Agents come and go (see agent_employment): "
        "a new agent appears once trained, a leaver disappears. Fifteen agents, nominated because their "
        "first-contact resolution was the lowest, attended a two-week training programme on 2-13 June 2025 "
        "(trained = true). Used in Chapter 7 for goal tracking, a coaching dashboard and an honest estimate of "
        "what the training did."
    ),
    process=(
        "Synthetic, seed 701, on the workforce of agent_employment and the world's call volumes. Each week's "
        "answered calls are the world's expected calls x (1 - 0.06 abandoned), Poisson, or, in the four weeks "
        "of March 2026, exactly the answered calls of callcentre_intervals; they are shared among the agents on "
        "the phones (multinomial) in proportion to adherence x days on the phones, halved for trainees in the "
        "training weeks. Each agent has a skill score ~ Normal(0, 1) and tenure; base FCR = 0.70 + 0.035 skill "
        "(plus tenure and noise), base AHT = the world's mean handle time - 10 skill - 0.4 (tenure - 24 months) "
        "+ Normal(0, 22) s, base CSAT ~ 4.20 + 0.07 skill, base adherence ~ Normal(0.915, 0.025); agents A07 "
        "(adherence), A18 (satisfaction) and A24 (handle time) have one clear weakness; A07 and A24 left in "
        "2024 (see agent_employment), so from 2025 on only A18's remains in the data. New agents are slower "
        "(+8 s, fading over six months) and resolve less (-4 points, fading over four). Every agent shares the "
        "same weekly shocks: summer, Golden Week and Spring Festival peaks (longer handling), the new booking "
        "system from 14 October 2024 (AHT +22 s, FCR -3 points, CSAT -0.06, fading to nothing over 12 weeks, "
        "so from 6 January 2025 on there is no trace of it) and a slow centre-wide FCR gain of 1.5 points a "
        "year. Built in, the true effect of the training on a trained agent: FCR +0.05, AHT -14 s, CSAT +0.12, "
        "reached linearly over the four weeks after the programme. Resolved calls ~ Binomial(calls, FCR); AHT "
        "and CSAT carry Normal noise (9 s, 0.05). The incentive scheme has no effect on these measures. Effect "
        "sizes and levels are assumptions."
    ),
    fields=(
        Field("week", "date", "Monday of the week", constraints={"required": True}),
        Field("agent", "string", "Agent code", constraints={"required": True, "pattern": "A[0-9]{2}"}),
        Field("trained", "boolean", "Attended the June 2025 training programme", constraints={"required": True}),
        Field("tenure_months", "integer", "Months since the agent was hired", unit="months",
              constraints={"required": True, "minimum": 0}),
        Field("calls", "integer", "Calls handled in the week", unit="calls", constraints={"required": True, "minimum": 0}),
        Field("aht_seconds", "number", "Average handle time (talk, hold and wrap-up)", unit="seconds",
              constraints={"required": True, "minimum": 0}),
        Field("fcr", "number", "First-contact resolution: share of calls needing no further contact",
              unit="share (0-1)", constraints={"required": True, "minimum": 0, "maximum": 1}),
        Field("csat", "number", "Mean post-call satisfaction score", unit="points (1-5)",
              constraints={"required": True, "minimum": 1, "maximum": 5}),
        Field("adherence", "number", "Share of scheduled time spent in the planned activity", unit="share (0-1)",
              constraints={"required": True, "minimum": 0, "maximum": 1}),
    ),
    make=make_agent_kpis,
    primary_key=("week", "agent"),
    chapter=7,
)

AGENT_EMPLOYMENT = Resource(
    name="agent_employment",
    title="Employment and pay of the reservation agents (July 2024 to June 2026)",
    description=(
        "One row per reservation agent and month employed, July 2024 to June 2026: team, hire date, leave date "
        "and reason (empty while still employed on 30 June 2026), pay grade, whether the agent's team was on "
        "the incentive scheme that month, base pay paid (prorated in the months of joining and leaving) and the "
        "incentive paid. The agents are those of agent_kpis. Used in Chapter 7 to cost an incentive rule "
        "against the turnover it prevents (the world assumes 24,000 yuan to replace a leaver)."
    ),
    process=(
        "Synthetic, seed 702, from the world. The centre starts on 1 July 2024 with 32 agents (tenure 1 + "
        "Exponential(26) months, at most 96) in four teams; grades A, B, C (base pay 5,800, 6,600, 7,600 yuan a "
        "month) are drawn 45/35/20%. Each week an agent leaves with probability 1 - 0.70^(1/52) (a 30% annual "
        "quit rate) x 1.8 in the first six months x grade factor (A 1.2, B 1.0, C 0.7) / 1.1; built in: teams B "
        "and D, on the incentive scheme from 1 January 2025, leave at 0.60 times that rate. 12% of leavers are "
        "dismissed; the others resign for pay (more often in grade A), hours or personal reasons. A leaver is "
        "replaced by a hire 2 + Poisson(2) weeks later; four extra agents are hired on 25 May 2026 for the "
        "summer. New agents train for four weeks before taking calls. The incentive pays 450 yuan for a month's "
        "first-contact resolution of at least 0.74 and 450 yuan for satisfaction of at least 4.30 (from "
        "agent_kpis, months with at least two weeks on the phones). The scheme changes nobody's performance, "
        "only the chance of leaving. All parameters are assumptions."
    ),
    fields=(
        Field("month", "date", "First day of the month", constraints={"required": True}),
        Field("agent", "string", "Agent code (as in agent_kpis)", constraints={"required": True, "pattern": "A[0-9]{2}"}),
        Field("team", "string", "Team", constraints={"required": True, "enum": list(TEAMS)}),
        Field("hire_date", "date", "Date the agent was hired", constraints={"required": True}),
        Field("leave_date", "date", "Date the agent left; empty if still employed on 30 June 2026"),
        Field("leave_reason", "string", "Why the agent left; empty if still employed",
              constraints={"enum": list(LEAVE_REASONS)}),
        Field("pay_grade", "string", "Pay grade", constraints={"required": True, "enum": list(world.PAY_GRADES.value)}),
        Field("incentive_scheme", "boolean", "The agent's team was on the incentive scheme this month",
              constraints={"required": True}),
        Field("base_pay", "integer", "Base pay for the month (prorated if joining or leaving)", unit="yuan",
              constraints={"required": True, "minimum": 0}),
        Field("incentive_paid", "integer", "Incentive paid for the month's performance", unit="yuan",
              constraints={"required": True, "minimum": 0}),
    ),
    make=make_agent_employment,
    primary_key=("month", "agent"),
    chapter=7,
)

RESOURCES = [AGENT_KPIS, AGENT_EMPLOYMENT]
