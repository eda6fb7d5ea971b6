"""Service standards: the slides' list of standards, hard standards, soft standards, first-contact resolution.

Chapter 8 turns what customers want into standards a team can meet.  A **hard standard**
counts or times something ("95 % of calls connected within 5 minutes"); a **soft
standard** rests on what customers say (a survey score).  Here:

- :data:`STANDARDS`, the one list of the standards the service-standards slides name, each
  with its organisation, threshold, target share, unit and the bibliography key of its
  source; :func:`standards_table` shows it as a table, a standard's threshold in seconds
  feeds :mod:`servicelab.staffing` directly, and :func:`check_standard` holds a firm's own
  times against one of them;
- the measure behind every hard standard, the share of events completed within a
  threshold (:func:`share_within`), over a range of thresholds (:func:`service_level_curve`),
  and against a target (:func:`hard_standard`);
- a soft standard, the mean survey score against a target (:func:`soft_standard`);
- first-contact resolution and the repeat contacts it costs (:func:`contacts_per_issue`,
  :func:`repeat_contacts`).

>>> STANDARDS["ssa_connect_5min"].seconds, STANDARDS["ssa_connect_5min"].target
(300.0, 0.95)
>>> share_within([5, 12, 40, 25], threshold=30)
0.75
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from servicelab._validate import fraction, in_range, non_negative, non_negative_values
from servicelab._validate import scale as _scale
from servicelab._validate import scores as _scores
from servicelab.stats import wilson_interval

__all__ = [
    "STANDARDS",
    "Standard",
    "check_standard",
    "contacts_per_issue",
    "hard_standard",
    "repeat_contacts",
    "service_level_curve",
    "share_within",
    "soft_standard",
    "standards_table",
]

_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}


@dataclass(frozen=True)
class Standard:
    """One service standard as a source states it.

    Attributes
    ----------
    key : str
        Short name, the key in :data:`STANDARDS`.
    organisation : str
        Who set the standard.
    standard : str
        What is measured, in our English.
    chinese : str
        The source's own wording.
    threshold : float or None
        The time limit, in ``unit``; None where the standard has no time limit.
    unit : str
        ``"seconds"``, ``"minutes"``, ``"hours"``, ``"days"`` or ``""`` (no time limit).
    target : float or None
        Share of events that must meet it (0-1); None where the source says the share
        is tracked but states no target (then a user must choose one).
    source : str
        Key of the source in ``book/references.bib``.
    """

    key: str
    organisation: str
    standard: str
    chinese: str
    threshold: float | None
    unit: str
    target: float | None
    source: str

    @property
    def seconds(self) -> float | None:
        """The threshold in seconds (None without a time limit)."""
        if self.threshold is None:
            return None
        return float(self.threshold) * _SECONDS[self.unit]


#: The standards the service-standards slides name, and the call-centre
#: industry's 80/20 convention that the book uses beside them (Cleveland 2012).
STANDARDS: dict[str, Standard] = {
    s.key: s
    for s in (
        Standard("return_calls_4h", "Formal goal example", "return customer calls",
                 "4小时内回复顾客电话，实现比例不低于97%", 4, "hours", 0.97, "standardsslides"),
        Standard("ssa_connect_5min", "Social Security Administration", "calls connected",
                 "95%的电话在5分钟内接通", 5, "minutes", 0.95, "standardsslides"),
        Standard("pse_answer_30s", "Puget Sound Energy", "call-centre calls answered",
                 "呼叫中心30秒内接电话的比例", 30, "seconds", None, "standardsslides"),
        Standard("southwest_letters_14d", "Southwest Airlines", "reply to letters",
                 "两周内回复信件", 14, "days", None, "standardsslides"),
        Standard("honeywell_same_day", "Honeywell", "orders received the same day",
                 "当日订货当日收到", 1, "days", None, "standardsslides"),
        Standard("honeywell_accuracy", "Honeywell", "order accuracy",
                 "订单100%正确", None, "", 1.0, "standardsslides"),
        Standard("pse_appointments", "Puget Sound Energy", "in-home appointments kept",
                 "家中预定承诺兑现的百分比", None, "", None, "standardsslides"),
        Standard("pse_outage_hours", "Puget Sound Energy", "unplanned outage hours per customer per year",
                 "每年非受迫性停电的时间", None, "hours", None, "standardsslides"),
        Standard("pse_outages", "Puget Sound Energy", "unplanned outages per customer per year",
                 "每年每个顾客非受迫性停电的次数", None, "", None, "standardsslides"),
        Standard("industry_80_20", "Call-centre industry convention", "calls answered",
                 "", 20, "seconds", 0.80, "cleveland2012callcenter"),
    )
}


def standards_table(source: str | None = None) -> pd.DataFrame:
    """:data:`STANDARDS` as a table, optionally only those from one source.

    ``threshold`` and ``unit`` give the time limit where there is one; ``target`` is the
    share to be met where the source states one (NaN: the source only says it is tracked).

    >>> standards_table("standardsslides").shape
    (9, 7)
    >>> sorted(set(standards_table()["source"]))
    ['cleveland2012callcenter', 'standardsslides']
    """
    rows = [asdict(s) for s in STANDARDS.values() if source is None or s.source == source]
    if not rows:
        known = sorted({s.source for s in STANDARDS.values()})
        raise ValueError(f"source={source!r} names no standard; the sources are {known}")
    table = pd.DataFrame(rows).set_index("key")
    table[["threshold", "target"]] = table[["threshold", "target"]].astype(float)
    return table[["organisation", "standard", "chinese", "threshold", "unit", "target", "source"]]


def _events(values, completed, name: str = "values") -> tuple[np.ndarray, np.ndarray]:
    times = non_negative_values(values, name)
    if completed is None:
        done = np.ones(times.size, dtype=bool)
    else:
        done = np.asarray(completed)
        if done.shape != times.shape or done.dtype != bool:
            raise ValueError("completed must be a boolean sequence as long as values")
    return times, done


def share_within(values, threshold: float, *, completed=None) -> float:
    """Share of events completed within a threshold: the measure behind a hard standard.

    ::

        SL(T) = #{i : completed_i and t_i <= T} / n

    Events that were never completed (a call abandoned before it was answered)
    count as misses, so the share is over all ``n`` events offered.

    Parameters
    ----------
    values : sequence of float
        Times, >= 0 (seconds to answer, hours to return a call, ...).
    threshold : float
        The standard's limit T, >= 0, in the unit of ``values``.
    completed : sequence of bool, optional
        Whether each event was completed; default all.

    >>> share_within([5, 12, 40, 25], threshold=30)
    0.75
    >>> share_within([5, 12, 40, 25], threshold=30, completed=[True, False, True, True])
    0.5
    """
    times, done = _events(values, completed)
    limit = non_negative(threshold, "threshold")
    return float(np.mean(done & (times <= limit)))


def service_level_curve(values, thresholds, *, completed=None) -> pd.DataFrame:
    """:func:`share_within` at several thresholds: the service-level curve.

    >>> service_level_curve([5, 12, 40, 25], [10, 30, 60])["share_within"].tolist()
    [0.25, 0.75, 1.0]
    """
    times, done = _events(values, completed)
    limits = non_negative_values(thresholds, "thresholds")
    shares = [float(np.mean(done & (times <= t))) for t in limits]
    return pd.DataFrame({"threshold": limits, "share_within": shares})


def hard_standard(values, threshold: float, target: float, *, completed=None) -> dict:
    """Check a hard standard of the form "``target`` of events within ``threshold``".

    Returns
    -------
    dict
        ``events``, ``share_within``, ``target``, ``met`` and ``shortfall``: how many
        more events would have had to be within the threshold to meet the target,
        max(0, ceil( target * n ) - hits).

    >>> hard_standard([1, 2, 3, 5, 9], threshold=4, target=0.97)
    {'events': 5, 'share_within': 0.6, 'target': 0.97, 'met': False, 'shortfall': 2}
    """
    times, done = _events(values, completed)
    goal = fraction(target, "target")
    limit = non_negative(threshold, "threshold")
    hits = int(np.sum(done & (times <= limit)))
    n = times.size
    needed = math.ceil(round(goal * n, 9))
    return {
        "events": n,
        "share_within": hits / n,
        "target": goal,
        "met": hits >= needed,
        "shortfall": max(0, needed - hits),
    }


def soft_standard(scores, *, target: float, scale: tuple[float, float] = (1, 10)) -> dict:
    """Check a soft standard: the mean survey score against a target.

    Soft standards rest on what customers say, so the check reports the mean, its
    standard error s/sqrt(n), and the top-two-box share (scores in the two
    highest points of the scale), a common second reading of the same survey.

    >>> soft_standard([9, 8, 10, 7, 6], target=8)
    {'responses': 5, 'mean': 8.0, 'standard_error': 0.707, 'top_two_box': 0.4, 'target': 8.0, 'met': True}
    """
    low, high = _scale(scale)
    values = _scores(scores, "scores", (low, high))
    goal = in_range(target, "target", low, high)
    se = float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else float("nan")
    return {
        "responses": int(values.size),
        "mean": round(float(values.mean()), 3),
        "standard_error": round(se, 3),
        "top_two_box": round(float(np.mean(values >= high - 1)), 3),
        "target": goal,
        "met": bool(values.mean() >= goal),
    }


def contacts_per_issue(first_contact_resolution: float) -> float:
    """Expected contacts to settle one issue when each contact settles it with probability p.

    The number of contacts is geometric, so its mean is 1/p. The telecom hotline of
    the service-visibility handbook resolved fewer than 50% of calls at the first
    call: at p = 0.5 every issue takes two calls on average.

    >>> contacts_per_issue(0.5)
    2.0
    """
    p = fraction(first_contact_resolution, "first_contact_resolution")
    if p == 0:
        raise ValueError("first_contact_resolution=0 must be > 0: no issue would ever be settled")
    return 1 / p


def repeat_contacts(issues: float, first_contact_resolution: float) -> float:
    """Extra contacts caused by issues not settled first time: N(1/p - 1).

    >>> repeat_contacts(1000, 0.4)
    1500.0
    """
    n = non_negative(issues, "issues")
    return n * (contacts_per_issue(first_contact_resolution) - 1)



def check_standard(key: str, values, *, unit: str, completed=None, target: float | None = None,
                   confidence: float = 0.95) -> dict:
    """Hold a firm's own times against one of :data:`STANDARDS`, with an interval for the share.

    The standard's threshold is converted into ``unit`` (the unit of ``values``), the share
    of events completed within it is checked against the standard's target share
    (:func:`hard_standard`), and Wilson's interval for that share
    (:func:`servicelab.stats.wilson_interval`) says how far chance alone could move it.
    Where the source names a threshold but no target share (it only says the share is
    tracked), the caller must supply ``target``: the choice is the firm's, and the result
    says so in ``target_from``.

    Parameters
    ----------
    key : str
        A key of :data:`STANDARDS` with a time threshold.
    values : sequence of float
        Times, >= 0, in ``unit``.
    unit : str
        ``"seconds"``, ``"minutes"``, ``"hours"`` or ``"days"``.
    completed : sequence of bool, optional
        Whether each event was completed; an uncompleted one is a miss.
    target : float, optional
        Target share (0-1); overrides the standard's own, required where it has none.
    confidence : float
        Coverage of the interval for the share.

    Returns
    -------
    dict
        ``standard`` (the key), ``source``, ``threshold`` (in ``unit``), ``events``,
        ``share_within``, ``low``, ``high``, ``target``, ``target_from`` ("source" or
        "chosen"), ``met`` and ``shortfall`` (events short of the target).

    >>> out = check_standard("ssa_connect_5min", [30, 120, 290, 400], unit="seconds")
    >>> out["threshold"], out["share_within"], out["target"], out["met"], out["shortfall"]
    (300.0, 0.75, 0.95, False, 1)
    """
    if key not in STANDARDS:
        raise ValueError(f"key={key!r} must be one of {list(STANDARDS)}")
    standard = STANDARDS[key]
    if standard.seconds is None:
        raise ValueError(f"key={key!r} names a standard without a time threshold; it cannot be checked against times")
    if unit not in _SECONDS:
        raise ValueError(f"unit={unit!r} must be one of {list(_SECONDS)}")
    if target is None and standard.target is None:
        raise ValueError(f"target=None: the source of {key!r} states no target share, so name one (0-1)")
    goal = standard.target if target is None else fraction(target, "target")
    threshold = standard.seconds / _SECONDS[unit]
    result = hard_standard(values, threshold, goal, completed=completed)
    hits = round(result["share_within"] * result["events"])
    interval = wilson_interval(hits, result["events"], confidence=confidence)
    return {
        "standard": key,
        "source": standard.source,
        "threshold": threshold,
        "events": result["events"],
        "share_within": result["share_within"],
        "low": float(interval.low),
        "high": float(interval.high),
        "target": goal,
        "target_from": "source" if target is None else "chosen",
        "met": result["met"],
        "shortfall": result["shortfall"],
    }
