"""Goals a service team can actually meet: SMART checks, a text lint and progress tracking.

The service-visibility handbook, a supplement to the course, teaches the SMART principle (SMART原则) for the
goals a service team sets its people.  Its header spells the letters *Specific,
Measurable, Attractive, Realistic, Traceable*, but its explanations use *Acceptable* and
*Timed*; this module follows the explained version, the five criteria in :data:`CRITERIA`.
The acronym goes back to Doran (1981), whose letters were Specific, Measurable,
Assignable, Realistic and Time-related; :data:`LETTER_VARIANTS` lists the readings.

What is here:

- :class:`Goal`, a goal record (what, for whom, metric, unit, baseline, target, start,
  deadline, owner, whether the people who carry it agreed, rationale);
- one check per criterion (:func:`check_specific`, :func:`check_measurable`,
  :func:`check_acceptable`, :func:`check_realistic`, :func:`check_time_bound`), each
  returning a :class:`Finding` that says *why*, with the numbers, not just a pass mark;
  :func:`check_goal` runs all five and :func:`smart_table` a whole goal sheet;
- :func:`lint_goal_text`, a lint for goals written as free text, which says what text can
  and cannot tell;
- :func:`track` and :func:`track_goals`: given observed KPI values, is each goal on track,
  at risk or off track, and by how much?

"Realistic" is judged against history: the change a target needs is compared with the
largest change the team achieved over any stretch of the same length before the goal
started.  That is a generous yardstick (the luckiest stretch of history), so a target that
fails it is far out of reach.

>>> g = Goal(what="Raise first-contact resolution", for_whom="reservation agents",
...          metric="fcr", unit="share of calls", baseline=0.70, target=0.74,
...          start="2025-07-07", deadline="2025-12-28", owner="call-centre manager", agreed=True)
>>> check_measurable(g).status
'pass'
>>> check_time_bound(Goal(what="Answer calls faster")).reason
'no deadline: without one, appraisal is impossible or unfair, and staff and managers disagree on urgency'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from servicelab._validate import columns, finite, fraction, integer, positive, timestamp

__all__ = [
    "CRITERIA",
    "LETTER_VARIANTS",
    "STATUSES",
    "DIRECTION_WORDS",
    "VAGUE_WORDS",
    "Finding",
    "Goal",
    "check_acceptable",
    "check_goal",
    "check_measurable",
    "check_realistic",
    "check_specific",
    "check_time_bound",
    "goals_from_frame",
    "history_changes",
    "lint_goal_text",
    "required_growth_per_period",
    "smart_table",
    "track",
    "track_goals",
]

#: The five criteria as the handbook explains them.
CRITERIA = ("Specific", "Measurable", "Acceptable", "Realistic", "Time-bound")

#: Outcomes of a check, from best to worst; "unknown" means the check lacks the facts to judge.
STATUSES = ("pass", "warn", "fail", "unknown")

#: Words the letters of SMART stand for in different sources.
LETTER_VARIANTS = {
    "S": ("Specific",),
    "M": ("Measurable",),
    "A": ("Acceptable (the handbook's explanation)", "Attractive (the handbook's header)",
          "Assignable (Doran 1981)", "Achievable", "Agreed"),
    "R": ("Realistic", "Relevant"),
    "T": ("Timed / Time-bound (the handbook's explanation)", "Traceable (the handbook's header)",
          "Time-related (Doran 1981)"),
}

#: Words that promise effort or quality without saying what result (English and Chinese).
VAGUE_WORDS = (
    "improve", "enhance", "strengthen", "optimise", "optimize", "better", "maximise", "maximize",
    "minimise", "minimize", "try", "strive", "ensure", "promote", "support", "focus on", "work on",
    "as much as possible", "as soon as possible", "asap", "excellent", "world-class", "first-class",
    "high quality", "quality",
    "改善", "加强", "努力", "优化", "尽量", "尽快",
)

#: Words that give a direction ("raise", "cut"): concrete once a number says how far.
DIRECTION_WORDS = (
    "raise", "increase", "lift", "grow", "reduce", "cut", "lower", "decrease", "shorten", "more", "less",
    "faster", "fewer", "提高", "提升", "降低", "减少", "增加",
)

_RANK = {status: rank for rank, status in enumerate(("pass", "unknown", "warn", "fail"))}


@dataclass(frozen=True)
class Finding:
    """The result of one check: the criterion, a status from :data:`STATUSES` and why.

    ``numbers`` carries the figures behind the verdict (for the Realistic check: the
    required change, the best change in history and so on).
    """

    criterion: str
    status: str
    reason: str
    numbers: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status={self.status!r} must be one of {list(STATUSES)}")


def _worst(statuses: Sequence[str]) -> str:
    return max(statuses, key=lambda s: _RANK[s]) if statuses else "pass"


def _optional_text(value, name: str) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}={value!r} must be text or None")
    value = value.strip()
    return value or None


def _optional_number(value, name: str) -> float | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name}={value!r} must be a number or None")
    return finite(value, name)


def _optional_date(value, name: str) -> pd.Timestamp | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return timestamp(value, name).normalize()


@dataclass(frozen=True)
class Goal:
    """A goal as a team would write it on a goal sheet.

    Only ``what`` is required: a goal that leaves the rest blank is a valid record that
    fails the SMART checks, which is the point of checking it.

    Parameters
    ----------
    what : str
        The expected result or behaviour, in words.
    for_whom : str, optional
        Who carries the goal or whom it serves (a team, a customer group).
    metric, unit : str, optional
        The measure that shows whether the goal is met, and its unit.
    baseline, target : float, optional
        The metric's value when the goal is set, and the value to reach.
    start, deadline : date-like, optional
        When the goal starts and when it must be met.
    owner : str, optional
        The person accountable.
    agreed : bool, optional
        Whether the people who carry the goal accepted it (None if nobody asked).
    rationale : str
        Why the goal matters.
    direction : {"increase", "decrease"}, optional
        Which way is better; inferred from target and baseline when not given
        (a target equal to the baseline is read as "keep at least this level").
    goal_id : str
        A label for tables.
    """

    what: str
    for_whom: str | None = None
    metric: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    start: pd.Timestamp | None = None
    deadline: pd.Timestamp | None = None
    owner: str | None = None
    agreed: bool | None = None
    rationale: str = ""
    direction: str | None = None
    goal_id: str = ""

    def __post_init__(self):
        what = _optional_text(self.what, "what")
        if what is None:
            raise ValueError("what must describe the goal in words (got an empty value)")
        set_ = object.__setattr__
        set_(self, "what", what)
        for name in ("for_whom", "metric", "unit", "owner"):
            set_(self, name, _optional_text(getattr(self, name), name))
        set_(self, "rationale", _optional_text(self.rationale, "rationale") or "")
        set_(self, "goal_id", _optional_text(self.goal_id, "goal_id") or "")
        for name in ("baseline", "target"):
            set_(self, name, _optional_number(getattr(self, name), name))
        for name in ("start", "deadline"):
            set_(self, name, _optional_date(getattr(self, name), name))
        agreed = self.agreed
        if agreed is pd.NA or (isinstance(agreed, float) and math.isnan(agreed)):
            agreed = None
        if agreed is not None and not isinstance(agreed, (bool, np.bool_)):
            raise ValueError(f"agreed={self.agreed!r} must be True, False or None")
        set_(self, "agreed", None if agreed is None else bool(agreed))
        direction = self.direction
        if direction is None and self.baseline is not None and self.target is not None:
            direction = "decrease" if self.target < self.baseline else "increase"
        if direction is not None and direction not in ("increase", "decrease"):
            raise ValueError(f"direction={self.direction!r} must be 'increase', 'decrease' or None")
        set_(self, "direction", direction)

    @property
    def sign(self) -> int:
        """+1 if higher values are better, -1 if lower values are better."""
        return -1 if self.direction == "decrease" else 1

    def as_dict(self) -> dict:
        """The record as a plain dictionary."""
        return asdict(self)


def goals_from_frame(frame: pd.DataFrame) -> list[Goal]:
    """Goals from a goal sheet with one row per goal and columns named like :class:`Goal`'s fields.

    Columns that are not fields (a free-text version of the goal, say) are ignored;
    missing cells become None.

    >>> sheet = pd.DataFrame({"goal_id": ["G1"], "what": ["Cut handle time"], "target": [280.0]})
    >>> goals_from_frame(sheet)[0].target
    280.0
    """
    columns(frame, "frame", ["what"])
    names = [f for f in Goal.__dataclass_fields__ if f in frame.columns]
    goals = []
    for record in frame[names].to_dict(orient="records"):
        clean = {k: (None if (v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))) else v)
                 for k, v in record.items()}
        goals.append(Goal(**clean))
    return goals


def _goal(goal) -> Goal:
    if not isinstance(goal, Goal):
        raise ValueError(f"goal must be a servicelab.goals.Goal, not {type(goal).__name__}")
    return goal


def _find_words(text: str, words: Sequence[str] = VAGUE_WORDS) -> list[str]:
    lowered = text.lower()
    found = []
    for word in words:
        if re.search(r"[\u4e00-\u9fff]", word):
            hit = word in text
        else:
            hit = re.search(r"(?<![a-z])" + re.escape(word) + r"(?![a-z])", lowered) is not None
        if hit:
            found.append(word)
    return found


# ---------------------------------------------------------------------------------------------
# The five checks
# ---------------------------------------------------------------------------------------------


def check_specific(goal: Goal) -> Finding:
    """S: does the goal say in concrete words what is expected, of or for whom?

    - **fail** when nobody is named (no ``for_whom``), or when the goal gives only a
      direction or an aspiration ("improve quality", "answer more calls") and names no
      metric and no target to pin it down;
    - **warn** when it names no metric but at least avoids vague words, or when vague words
      ("improve", "ensure quality") sit next to a metric that rescues them: the sentence
      people read is still vague;
    - **pass** otherwise.  Direction words such as "raise" or "cut" are fine once a metric
      and a target say how far.

    >>> check_specific(Goal(what="Improve service quality")).status
    'fail'
    >>> check_specific(Goal(what="Raise first-contact resolution", for_whom="agents",
    ...                     metric="fcr", target=0.75)).status
    'pass'
    """
    goal = _goal(goal)
    problems, status = [], []
    vague = _find_words(goal.what, VAGUE_WORDS)
    direction = _find_words(goal.what, DIRECTION_WORDS)
    pinned = goal.metric is not None and goal.target is not None
    if goal.for_whom is None:
        problems.append("says neither who carries it nor whom it serves")
        status.append("fail")
    if not pinned and (vague or direction):
        words = ", ".join(vague + direction)
        problems.append(f"gives only a direction or an aspiration ({words}) with no metric and target to pin it down")
        status.append("fail")
    elif goal.metric is None:
        problems.append("names no metric, so 'done' depends on whom you ask")
        status.append("warn")
    elif vague:
        problems.append(f"the wording is vague ({', '.join(vague)}), though the metric '{goal.metric}' pins it down")
        status.append("warn")
    if not problems:
        return Finding("Specific", "pass", f"states the result expected ({goal.metric}) and who carries it ({goal.for_whom})")
    return Finding("Specific", _worst(status), "; ".join(problems), {"vague_words": vague, "direction_words": direction})


def check_measurable(goal: Goal) -> Finding:
    """M: is there a metric, a unit and a number to reach, and a baseline to start from?

    >>> check_measurable(Goal(what="Cut waiting", metric="wait", unit="minutes", target=3)).status
    'warn'
    """
    goal = _goal(goal)
    if goal.metric is None or goal.target is None:
        missing = [name for name in ("metric", "target") if getattr(goal, name) is None]
        return Finding("Measurable", "fail", f"no {' and no '.join(missing)}: no data can show whether it was met")
    gaps = [name for name in ("baseline", "unit") if getattr(goal, name) is None]
    if gaps:
        return Finding(
            "Measurable", "warn",
            f"target {goal.target:g} on '{goal.metric}', but no {' and no '.join(gaps)}: "
            "nobody can say how far today is from the target",
        )
    change = goal.target - goal.baseline
    relative = f", {change / goal.baseline:+.0%}" if goal.baseline else ""
    return Finding(
        "Measurable", "pass",
        f"'{goal.metric}' in {goal.unit}: from {goal.baseline:g} to {goal.target:g} ({change:+g}{relative})",
        {"baseline": goal.baseline, "target": goal.target, "change": change},
    )


def check_acceptable(goal: Goal) -> Finding:
    """A: did the people who carry the goal accept it, and does someone own it?

    An imposed goal meets resistance and hands people an excuse for failure; nobody can
    tell from the goal itself whether it was accepted, so a missing record is "unknown".

    >>> check_acceptable(Goal(what="x", agreed=False, owner="head office")).status
    'fail'
    """
    goal = _goal(goal)
    if goal.agreed is False:
        return Finding("Acceptable", "fail",
                       "imposed without the agreement of the people who carry it: expect quiet resistance "
                       "and a ready excuse for missing it")
    if goal.agreed is None:
        return Finding("Acceptable", "unknown",
                       "no record of whether the people who carry it accepted it: ask them before relying on it")
    if goal.owner is None:
        return Finding("Acceptable", "warn", "agreed by the team, but nobody is named as owner")
    return Finding("Acceptable", "pass", f"agreed by the people who carry it; owner: {goal.owner}")


def _history(history, name: str = "history") -> pd.Series:
    if not isinstance(history, pd.Series):
        raise ValueError(f"{name} must be a pandas Series of metric values indexed by date")
    try:
        index = pd.DatetimeIndex(history.index)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be indexed by dates") from None
    values = pd.to_numeric(history, errors="coerce").astype(float)
    series = pd.Series(values.to_numpy(), index=index).sort_index()
    series = series[series.notna()]
    if not np.all(np.isfinite(series.to_numpy())):
        raise ValueError(f"{name} must hold finite numbers")
    if series.index.has_duplicates:
        raise ValueError(f"{name} has more than one value for the same date")
    return series


def history_changes(history: pd.Series, periods: int, *, direction: str = "increase",
                    relative: bool = True) -> pd.Series:
    """Every change the metric made over ``periods`` consecutive periods, in the good direction.

    For values v_0, v_1, ... the change starting at t is
    d (v_(t+h) - v_t) / v_t (relative) or d (v_(t+h) - v_t) (absolute),
    with d = +1 when higher is better and -1 when lower is better.

    >>> h = pd.Series([100.0, 110, 99, 120], index=pd.date_range("2025-01-01", periods=4, freq="MS"))
    >>> history_changes(h, 1).round(3).tolist()
    [0.1, -0.1, 0.212]
    """
    series = _history(history)
    h = integer(periods, "periods", minimum=1)
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction={direction!r} must be 'increase' or 'decrease'")
    if len(series) <= h:
        raise ValueError(f"history has {len(series)} values, too few for changes over periods={h}")
    v = series.to_numpy()
    sign = 1.0 if direction == "increase" else -1.0
    diff = v[h:] - v[:-h]
    if relative:
        if np.any(v[:-h] <= 0):
            raise ValueError("history must be positive for relative changes; use relative=False")
        diff = diff / v[:-h]
    return pd.Series(sign * diff, index=series.index[:-h], name="change")


def required_growth_per_period(baseline: float, target: float, periods: int) -> float:
    """Compound change per period that turns ``baseline`` into ``target`` in ``periods`` periods.

    (T/B)^(1/h) - 1.  Tripling in three months needs 3^(1/3) - 1 = 44% a month.

    >>> round(required_growth_per_period(100, 300, 3), 4)
    0.4422
    """
    b = positive(baseline, "baseline")
    t = positive(target, "target")
    h = integer(periods, "periods", minimum=1)
    return (t / b) ** (1 / h) - 1


def check_realistic(goal: Goal, history: pd.Series | None = None, *, stretch: float = 1.5,
                    relative: bool = True) -> Finding:
    """R: is the target within reach, judged against what the team has achieved before?

    The goal's horizon, from ``start`` to ``deadline``, is converted into a number of
    periods h of the history (its median spacing).  The change the target needs,
    (T - B)/B in the good direction, is compared with every change the metric made
    over h consecutive periods before the goal started (:func:`history_changes`):

    - **pass** if the required change is no larger than the best change in history;
    - **warn** (a stretch) if it is larger, but at most ``stretch`` times the best;
    - **fail** if it is larger still, or if the metric never moved the right way over
      h periods while the target asks it to.

    The best stretch of history is a generous yardstick; the median change is reported too.
    History says nothing about new resources: a target backed by more people, systems or
    money can be realistic beyond its history, and the reason then belongs in the goal's
    rationale.

    Parameters
    ----------
    goal : Goal
        Needs ``baseline``, ``target``, ``start`` and ``deadline``; otherwise the finding is
        "unknown", saying what is missing.
    history : pandas.Series, optional
        Past values of the metric, indexed by date, at a regular spacing (weeks, months).
        Only values before ``goal.start`` are used.
    stretch : float
        How many times the best historical change still counts as a stretch, not a fantasy.
    relative : bool
        Compare relative changes (default) or absolute ones (for metrics near zero).

    Examples
    --------
    >>> h = pd.Series([100.0, 102, 98, 101, 104, 100], index=pd.date_range("2008-04-01", periods=6, freq="MS"))
    >>> g = Goal(what="Triple sales", for_whom="branches", metric="sales", baseline=100, target=300,
    ...          start="2008-10-01", deadline="2008-12-31")
    >>> check_realistic(g, h).status
    'fail'
    """
    goal = _goal(goal)
    ratio = positive(stretch, "stretch")
    if ratio < 1:
        raise ValueError(f"stretch={stretch!r} must be >= 1 (a multiple of the best historical change)")
    missing = [name for name in ("baseline", "target", "start", "deadline") if getattr(goal, name) is None]
    if missing:
        return Finding("Realistic", "unknown", f"cannot judge: the goal has no {', '.join(missing)}")
    if goal.deadline <= goal.start:
        return Finding("Realistic", "unknown", "cannot judge: the deadline is not after the start")
    if history is None:
        return Finding("Realistic", "unknown",
                       "cannot judge from the goal alone: compare the target with the team's history")
    series = _history(history)
    series = series[series.index < goal.start]
    if len(series) < 3:
        return Finding("Realistic", "unknown", f"only {len(series)} values of history before the start: too few to judge")
    spacing = float(np.median(np.diff(series.index.to_numpy()).astype("timedelta64[D]").astype(float)))
    if spacing <= 0:
        raise ValueError("history must have distinct dates")
    horizon_days = (goal.deadline - goal.start).days
    h = max(1, int(round(horizon_days / spacing)))
    if relative and goal.baseline <= 0:
        raise ValueError(f"goal.baseline={goal.baseline!r} must be > 0 for relative changes; use relative=False")
    gap = goal.sign * (goal.target - goal.baseline)
    required = gap / goal.baseline if relative else gap
    if len(series) <= h:
        return Finding("Realistic", "unknown",
                       f"the goal spans {h} periods but history before the start has only {len(series)} values")
    changes = history_changes(series, h, direction=goal.direction or "increase", relative=relative)
    best, median = float(changes.max()), float(changes.median())
    fmt = (lambda x: f"{x:+.1%}") if relative else (lambda x: f"{x:+.3g}")
    numbers = {"required_change": required, "best_change": best, "median_change": median,
               "periods": h, "windows": int(len(changes)), "period_days": spacing}
    if relative and goal.target > 0 and goal.baseline > 0 and goal.direction == "increase":
        numbers["required_per_period"] = required_growth_per_period(goal.baseline, goal.target, h)
    context = (f"needs {fmt(required)} in {h} periods; the best the metric did over any {h} periods "
               f"before the start was {fmt(best)} (median {fmt(median)}, {len(changes)} stretches)")
    if required <= 0:
        return Finding("Realistic", "pass", f"asks for no improvement on the baseline ({fmt(required)})", numbers)
    if required <= best:
        return Finding("Realistic", "pass", context, numbers)
    if best > 0 and required <= ratio * best:
        return Finding("Realistic", "warn", f"a stretch: {context}", numbers)
    return Finding("Realistic", "fail", f"beyond anything in history: {context}", numbers)


def check_time_bound(goal: Goal, *, max_days: int = 400) -> Finding:
    """T: is there a deadline, after the start, and close enough to steer by?

    >>> check_time_bound(Goal(what="x", start="2025-07-07", deadline="2025-12-28")).status
    'pass'
    """
    goal = _goal(goal)
    limit = integer(max_days, "max_days", minimum=1)
    if goal.deadline is None:
        return Finding("Time-bound", "fail",
                       "no deadline: without one, appraisal is impossible or unfair, and staff and managers "
                       "disagree on urgency")
    when = goal.deadline.date().isoformat()
    if goal.start is None:
        return Finding("Time-bound", "warn", f"deadline {when}, but no start date, so the time allowed is unclear")
    days = (goal.deadline - goal.start).days
    if days <= 0:
        return Finding("Time-bound", "fail", f"the deadline {when} is not after the start {goal.start.date().isoformat()}")
    if days > limit:
        return Finding("Time-bound", "warn",
                       f"deadline {when} is {days} days away: too far to steer by; add milestones",
                       {"days": days})
    return Finding("Time-bound", "pass", f"deadline {when}, {days} days after the start", {"days": days})


def check_goal(goal: Goal, history: pd.Series | None = None, **realistic_options) -> pd.DataFrame:
    """All five SMART checks for one goal, as a table of findings.

    >>> check_goal(Goal(what="Improve service quality"))["status"].tolist()
    ['fail', 'fail', 'unknown', 'unknown', 'fail']
    """
    goal = _goal(goal)
    findings = [
        check_specific(goal),
        check_measurable(goal),
        check_acceptable(goal),
        check_realistic(goal, history, **realistic_options),
        check_time_bound(goal),
    ]
    return pd.DataFrame(
        {"criterion": [f.criterion for f in findings], "status": [f.status for f in findings],
         "reason": [f.reason for f in findings]}
    )


def smart_table(goals: Sequence[Goal], histories: Mapping[str, pd.Series] | None = None,
                **realistic_options) -> pd.DataFrame:
    """One row per goal, one column per criterion, and ``smart``: True if all five pass.

    ``histories`` maps a goal's ``goal_id`` to the history its Realistic check uses.

    >>> smart_table([Goal(what="Improve service quality", goal_id="G1")])
       Specific Measurable Acceptable Realistic Time-bound  smart
    G1     fail       fail    unknown   unknown       fail  False
    """
    if isinstance(goals, Goal) or not isinstance(goals, Sequence) or len(goals) == 0:
        raise ValueError("goals must be a non-empty list of Goal records")
    histories = {} if histories is None else histories
    if not isinstance(histories, Mapping):
        raise ValueError("histories must map goal_id to a Series of past values")
    rows, index = [], []
    for number, goal in enumerate(goals, start=1):
        goal = _goal(goal)
        findings = check_goal(goal, histories.get(goal.goal_id), **realistic_options)
        rows.append(dict(zip(findings["criterion"], findings["status"])))
        index.append(goal.goal_id or f"goal {number}")
    table = pd.DataFrame(rows, index=index, columns=list(CRITERIA))
    table["smart"] = (table[list(CRITERIA)] == "pass").all(axis=1)
    return table


# ---------------------------------------------------------------------------------------------
# A lint for goals written as free text
# ---------------------------------------------------------------------------------------------

_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_TIME_PATTERNS = (
    r"\b\d{4}-\d{1,2}-\d{1,2}\b",                                   # 2025-12-31
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",                                  # 31/12/2025
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\.?(?:\s+\d{{4}})?\b",   # 31 May 2008
    rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b",  # May 31, 2008
    rf"\b(?:end of|by|in|before|until)\s+{_MONTHS}(?:\s+\d{{4}})?\b",  # by June 2026
    r"\b(?:q[1-4]|h[12])(?:\s+\d{4})?\b",                             # Q4 2008, H2
    r"\b(?:fy)?\s?20\d{2}\b",                                         # a year
    r"\bwithin\s+(?:\d+|one|two|three|four|six|twelve)\s+(?:day|week|month|quarter|year)s?\b",
    r"\b(?:end|close) of (?:the )?(?:day|week|month|quarter|year)\b",
    r"\b(?:this|next) (?:week|month|quarter|year)\b",
    r"\b(?:every|each|per) (?:day|week|month|quarter|year)\b",
    r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?",
    r"\d{1,2}月\d{1,2}日",
    r"第[一二三四1-4]季度",
)
_NUMBER = re.compile(r"(?<![A-Za-z])[-+]?\d+(?:[.,]\d+)?\s*(?:%|percent|per cent|pts|points|seconds|secs?|s\b|minutes|mins?|hours|h\b|yuan|元|calls|days|weeks)?", re.I)


def _time_expressions(text: str) -> list[str]:
    found = []
    for pattern in _TIME_PATTERNS:
        found += [m.group(0).strip() for m in re.finditer(pattern, text, flags=re.I)]
    return found


def lint_goal_text(text: str) -> pd.DataFrame:
    """Read a goal written as free text and say what text alone can and cannot tell.

    The lint looks for three things words can show: a vague word ("improve", "改善") or a bare
    direction ("raise", "提高") with no number to say how far (Specific), a number to reach other than a date (Measurable) and a
    date or period (Time-bound).  Two criteria are beyond any text check: whether the people
    who carry the goal accepted it (Acceptable) and whether the number is within reach
    (Realistic).  Those are reported as "unknown", with what would settle them.

    The checks are simple patterns, not language understanding: "by 2025" counts as a
    deadline even though a goal due "by 2025" from a 2019 plan is hardly time-bound, and a
    number counts as a target even if it is a room number.  Treat a pass as "nothing
    obviously missing", never as proof of a good goal.

    Returns
    -------
    pandas.DataFrame
        ``criterion``, ``status`` and ``reason``, one row per SMART criterion.

    Examples
    --------
    >>> lint_goal_text("Improve customer service quality.")["status"].tolist()
    ['fail', 'fail', 'unknown', 'unknown', 'fail']
    >>> lint_goal_text("Raise first-contact resolution from 70% to 74% by 28 December 2025.")["status"].tolist()
    ['pass', 'pass', 'unknown', 'unknown', 'pass']
    """
    if not isinstance(text, str):
        raise ValueError(f"text={text!r} must be a string")
    stripped = text.strip()
    if not stripped:
        raise ValueError("text must not be empty")
    times = _time_expressions(stripped)
    remainder = stripped
    for expression in sorted(times, key=len, reverse=True):
        remainder = re.sub(re.escape(expression), " ", remainder, flags=re.I)
    numbers = [m.group(0).strip() for m in _NUMBER.finditer(remainder) if re.search(r"\d", m.group(0))]
    vague = _find_words(stripped, VAGUE_WORDS)
    direction = _find_words(stripped, DIRECTION_WORDS)
    words = re.findall(r"[A-Za-z]+|[\u4e00-\u9fff]", stripped)

    if len(words) < 3:
        specific = ("fail", f"only {len(words)} word(s): too short to say what is expected")
    elif (vague or direction) and not numbers:
        found = ", ".join(vague + direction)
        specific = ("fail", f"only a direction or an aspiration ({found}) with no number: it says which way, not how far")
    elif vague:
        specific = ("warn", f"vague wording ({', '.join(vague)}), though a number ({', '.join(numbers)}) gives it a target")
    elif direction:
        specific = ("pass", f"a direction ({', '.join(direction)}) made concrete by a number ({', '.join(numbers)})")
    else:
        specific = ("pass", "no vague words found (text cannot show whether the words are concrete enough)")
    if numbers:
        measurable = ("pass", f"a number to reach: {', '.join(numbers)} (text cannot show that data exist to measure it)")
    else:
        measurable = ("fail", "no number other than a date: nothing to measure against")
    if times:
        timed = ("pass", f"a time limit: {', '.join(dict.fromkeys(times))}")
    else:
        timed = ("fail", "no date or period: when will anyone know whether it was met?")
    acceptable = ("unknown", "text cannot show whether the people who carry the goal accepted it: ask them")
    realistic = ("unknown", "text cannot show whether the target is within reach: compare it with history")
    rows = [("Specific", *specific), ("Measurable", *measurable), ("Acceptable", *acceptable),
            ("Realistic", *realistic), ("Time-bound", *timed)]
    return pd.DataFrame(rows, columns=["criterion", "status", "reason"])


# ---------------------------------------------------------------------------------------------
# Tracking
# ---------------------------------------------------------------------------------------------


def track(goal: Goal, observed: pd.Series, *, as_of=None, window: int = 4, tolerance: float = 0.25) -> pd.Series:
    """Is a goal on track, at risk or off track, and by how much?

    The plan is a straight line from the baseline at ``start`` to the target at
    ``deadline``.  At ``as_of`` the planned value is

    ::

        P = B + f (T - B), f = (as_of - start) / (deadline - start)
        in [0, 1],

    and the current value C is the mean of the last ``window`` observations up to
    ``as_of`` (weekly KPIs are noisy).  The gap is d (C - P), positive when ahead,
    with d = +/- 1 the good direction.  The goal is

    - **on track** if the gap is zero or positive;
    - **at risk** if it is behind by at most ``tolerance`` times the whole required change
      |T - B|;
    - **off track** if it is further behind.  A goal that asks only to hold a level
      (T = B) is on track or off track, with no band in between.

    On or after the deadline the verdict is final: **met** or **missed**.

    ``projected`` extends the least-squares line through the observations since ``start``
    to the deadline: where the current pace leads.

    Parameters
    ----------
    goal : Goal
        Needs ``baseline``, ``target``, ``start`` and ``deadline``.
    observed : pandas.Series
        Observed values of the goal's metric, indexed by date.
    as_of : date-like, optional
        The day of the review; defaults to the last observation.
    window : int
        Observations averaged into the current value.
    tolerance : float
        Width of the "at risk" band as a share of the required change.

    Returns
    -------
    pandas.Series
        ``as_of``, ``elapsed`` (share of the time used), ``baseline``, ``target``,
        ``planned``, ``current``, ``gap``, ``progress`` (share of the required change
        achieved), ``projected`` and ``status``.

    Examples
    --------
    >>> g = Goal(what="Raise FCR", baseline=0.70, target=0.74, start="2025-07-07", deadline="2025-12-29")
    >>> weeks = pd.date_range("2025-07-07", periods=13, freq="7D")
    >>> t = track(g, pd.Series(0.70 + 0.001 * np.arange(13), index=weeks), window=1)
    >>> t["status"], round(t["gap"], 4)
    ('at risk', -0.0072)
    """
    goal = _goal(goal)
    missing = [name for name in ("baseline", "target", "start", "deadline") if getattr(goal, name) is None]
    if missing:
        raise ValueError(f"goal {goal.goal_id or goal.what!r} has no {', '.join(missing)}: tracking needs all four")
    if goal.deadline <= goal.start:
        raise ValueError(f"goal {goal.goal_id or goal.what!r}: deadline must be after start")
    k = integer(window, "window", minimum=1)
    band = fraction(tolerance, "tolerance")
    series = _history(observed, "observed")
    stamp = series.index.max() if as_of is None else _optional_date(as_of, "as_of")
    if stamp is None:
        raise ValueError(f"as_of={as_of!r} must be a date")
    since = series[(series.index >= goal.start) & (series.index <= stamp)]
    if since.empty:
        raise ValueError(f"observed has no values between the goal's start ({goal.start.date()}) and as_of ({stamp.date()})")
    span = (goal.deadline - goal.start).days
    elapsed = min(max((stamp - goal.start).days / span, 0.0), 1.0)
    planned = goal.baseline + elapsed * (goal.target - goal.baseline)
    current = float(since.iloc[-k:].mean())
    sign = goal.sign
    gap = sign * (current - planned)
    required = abs(goal.target - goal.baseline)
    progress = sign * (current - goal.baseline) / required if required > 0 else math.nan
    if len(since) >= 3:
        days = (since.index - goal.start).days.to_numpy(dtype=float)
        slope, intercept = np.polyfit(days, since.to_numpy(), 1)
        projected = float(intercept + slope * span)
    else:
        projected = math.nan
    tiny = 1e-12 * max(1.0, abs(goal.target))
    if stamp >= goal.deadline:
        status = "met" if gap >= -tiny else "missed"
    elif gap >= -tiny:
        status = "on track"
    elif required > 0 and -gap <= band * required + tiny:
        status = "at risk"
    else:
        status = "off track"
    return pd.Series(
        {"as_of": stamp, "elapsed": elapsed, "baseline": goal.baseline, "target": goal.target,
         "planned": planned, "current": current, "gap": gap, "progress": progress,
         "projected": projected, "status": status},
        name=goal.goal_id or None,
    )


def track_goals(goals: Sequence[Goal], observed: Mapping[str, pd.Series], *, as_of=None,
                window: int = 4, tolerance: float = 0.25) -> pd.DataFrame:
    """Track every goal that has a series in ``observed`` (keyed by ``goal_id``).

    Goals without a series, or without the baseline, target and dates that tracking
    needs, are listed with status "not trackable" so they do not vanish from the review.
    """
    if isinstance(goals, Goal) or not isinstance(goals, Sequence) or len(goals) == 0:
        raise ValueError("goals must be a non-empty list of Goal records")
    if not isinstance(observed, Mapping):
        raise ValueError("observed must map goal_id to a Series of observed values")
    rows = {}
    for number, goal in enumerate(goals, start=1):
        goal = _goal(goal)
        key = goal.goal_id or f"goal {number}"
        trackable = all(getattr(goal, n) is not None for n in ("baseline", "target", "start", "deadline"))
        if goal.goal_id in observed and trackable:
            rows[key] = track(goal, observed[goal.goal_id], as_of=as_of, window=window, tolerance=tolerance)
        else:
            rows[key] = pd.Series({"status": "not trackable"})
    columns = ["as_of", "elapsed", "baseline", "target", "planned", "current", "gap", "progress", "projected", "status"]
    table = pd.DataFrame(rows).T.reindex(columns=columns)
    table["as_of"] = pd.to_datetime(table["as_of"])
    for column in columns[1:-1]:
        table[column] = pd.to_numeric(table[column]).astype(float)
    return table
