"""Complaints: the four-step handling workflow, service levels, Pareto analysis and the iceberg.

The course lists four steps for handling a complaint (处理客户的投诉), as headings
(一) to (四):

1. let the customer vent (让客户发泄);
2. record the key points and judge whether the complaint holds
   (记录投诉要点、判断投诉是否成立);
3. propose and carry out a remedy the customer accepts
   (提出并实施可以令客户接受的方案);
4. follow up (跟踪服务).

The course gives the steps as a list; turning the list into a workflow that checks the
order is this book's design.  :class:`Complaint` is a complaint record that takes the steps
in the course's order, with one exception: a minor complaint (severity up to
:data:`FAST_TRACK_MAX_SEVERITY`) may be fixed at once, right after the customer has been
heard, and judged afterwards (a *fast track*, in the spirit of the course's Chapter 8, which
asks firms to train and empower front-line staff to put things right promptly).  A remedy
before the judgement on a more serious case, or closing a case nobody followed up, raises
:class:`IllegalStepError` with a message that says which step is missing.  :func:`audit`
replays a whole complaint log through the workflow.

The rest of the module turns a log into decisions: how fast complaints are heard and
resolved (:func:`handling_times`, :func:`service_levels`), how many come back
(:func:`repeat_flags`, and the share by group with intervals, :func:`repeat_rates`), which
few causes produce most of them (:func:`pareto`), and how many unhappy customers and how
much revenue sit below the visible complaints (:func:`iceberg`).  The iceberg's figures come
from the course's supplements, not from the course slides: at most one dissatisfied customer
in three complains (the satisfaction slides); a customer served badly tells 9-10 people, one
served well tells 5 (the service-standards slides).

>>> c = Complaint("C1", received="2026-03-02 09:00", channel="front desk",
...               category="noise", severity=2)
>>> c.vent("2026-03-02 09:05")
>>> c.propose_remedy("2026-03-02 09:30", "room change", accepted=True)
Traceback (most recent call last):
...
servicelab.complaints.IllegalStepError: complaint C1: a remedy before the complaint is judged, on a severity-2 case (the fast track covers severity <= 1); do step 2 (record the key points and judge whether the complaint holds) first
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from servicelab._validate import columns, finite, flag, fraction, integer, non_negative, one_of, positive, timestamp
from servicelab import recovery
from servicelab.recovery import RECOVERY_STEPS
from servicelab.stats import wilson_interval
from servicelab.value import HAPPY_TELLS, UNHAPPY_TELLS

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "COMPLAIN_AT_MOST",
    "FAST_TRACK_MAX_SEVERITY",
    "FOUR_STEPS",
    "NINE_STEPS",
    "REMEDIES",
    "Complaint",
    "IllegalStepError",
    "audit",
    "handling_times",
    "iceberg",
    "pareto",
    "repeat_flags",
    "repeat_rates",
    "replay",
    "service_levels",
    "step_map",
]

#: Channels through which Mirror Lake Hotels receives complaints.
CHANNELS = ("front desk", "phone", "email", "online review", "WeChat")

#: Complaint causes used in the book's Mirror Lake Hotels log.
CATEGORIES = (
    "room cleanliness",
    "noise",
    "slow check-in",
    "billing error",
    "booking error",
    "staff attitude",
    "broken facilities",
    "restaurant food",
    "Wi-Fi",
    "other",
)

#: Remedies a complaint can end with; "explanation" is the remedy for a complaint that does not hold.
REMEDIES = ("apology", "re-service", "room change", "refund", "voucher", "explanation")

#: The satisfaction slides' upper bound on the share of dissatisfied customers who complain
#: ("三个顾客之中,最多只有一个会抱怨": at most one in three).
COMPLAIN_AT_MOST = 1 / 3

#: The most serious complaint that staff may fix at once, before judging it (our assumption:
#: 1 = minor cases only; 0 switches the fast track off).
FAST_TRACK_MAX_SEVERITY = 1

#: The course's four steps, as (key, English, Chinese).
FOUR_STEPS = (
    ("vent", "let the customer vent", "让客户发泄"),
    ("judge", "record the key points and judge whether the complaint holds", "记录投诉要点、判断投诉是否成立"),
    ("remedy", "propose and carry out a remedy the customer accepts", "提出并实施可以令客户接受的方案"),
    ("follow_up", "follow up", "跟踪服务"),
)

#: The satisfaction slides' nine steps (处理抱怨的步骤), as (English, Chinese, the course step we map it to).
NINE_STEPS = (
    ("accept the customer's anger", "接受顾客的愤怒", "vent"),
    ("acknowledge that the problem exists", "承认问题的存在", "vent"),
    ("show sincere concern", "表示由衷的关切", "vent"),
    ("cool the customer's emotions", "冷却顾客的情绪", "vent"),
    ("clarify the facts", "澄清事实的真相", "judge"),
    ("judge the grounds of the complaint", "判断抱怨的理由", "judge"),
    ("take the necessary action", "采取必要的行动", "remedy"),
    ("inform the appropriate people", "知会适当的人员", "follow_up"),
    ("review your own faults", "检讨自己的过失", "follow_up"),
)

_STEP_KEYS = tuple(key for key, _, _ in FOUR_STEPS)
_STEP_TEXT = {key: f"step {i} ({text})" for i, (key, text, _) in enumerate(FOUR_STEPS, start=1)}


class IllegalStepError(ValueError):
    """A complaint-handling step was taken out of the course's order."""


@dataclass
class Complaint:
    """One complaint and where it stands in the four-step workflow.

    Parameters
    ----------
    complaint_id : str
        The case number.
    received : date-time
        When the complaint reached the firm.
    channel : str
        One of :data:`CHANNELS`.
    category : str
        The cause, one of :data:`CATEGORIES`.
    severity : int
        1 (minor), 2 (moderate) or 3 (serious).
    customer_id : str, optional
        Who complained (used to spot repeat complaints).
    customer_value : float, optional
        The customer's annual spend with the firm, in yuan, >= 0.
    fast_track_max_severity : int, optional
        The most serious case that may be fixed at once and judged afterwards, 0-3;
        default :data:`FAST_TRACK_MAX_SEVERITY` (minor cases only); 0 switches the fast
        track off.

    Notes
    -----
    Each step is a method that takes the time it happened (``at``); times may not run
    backwards.  :attr:`history` lists the steps taken.  The standard route follows the
    course's list: ``vent -> judge -> propose_remedy (accepted) -> follow_up -> close``.
    The fast track (our design) lets a minor case go ``vent -> propose_remedy (accepted)
    -> judge -> follow_up -> close``: the fix comes at once, the key points are still
    recorded and judged, and the follow-up still closes the loop.  A remedy the customer
    turns down leaves the case where it was, so another can be proposed.

    Examples
    --------
    >>> c = Complaint("C7", "2026-03-02 09:00", "phone", "billing error", severity=2)
    >>> c.vent("2026-03-02 09:02")
    >>> c.judge("2026-03-02 10:00", valid=True, key_points="charged twice for breakfast")
    >>> c.propose_remedy("2026-03-02 11:00", "refund", accepted=True)
    >>> c.follow_up("2026-03-04 10:00", satisfied=True)
    >>> c.close("2026-03-04 10:05")
    >>> c.status, c.route, c.hours_to_resolution
    ('closed', 'standard', 2.0)
    """

    complaint_id: str
    received: object
    channel: str
    category: str
    severity: int = 1
    customer_id: str = ""
    customer_value: float = 0.0
    fast_track_max_severity: int = FAST_TRACK_MAX_SEVERITY
    history: list = field(default_factory=list, init=False)
    valid: bool | None = field(default=None, init=False)
    key_points: str = field(default="", init=False)
    remedy: str | None = field(default=None, init=False)
    satisfied: bool | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if not str(self.complaint_id).strip():
            raise ValueError("complaint_id must be a non-empty case number")
        self.received = timestamp(self.received, "received")
        one_of(self.channel, "channel", CHANNELS)
        one_of(self.category, "category", CATEGORIES)
        self.severity = integer(self.severity, "severity", minimum=1)
        if self.severity > 3:
            raise ValueError(f"severity={self.severity!r} must be 1, 2 or 3")
        self.customer_value = non_negative(self.customer_value, "customer_value")
        self.fast_track_max_severity = integer(self.fast_track_max_severity, "fast_track_max_severity", minimum=0)
        if self.fast_track_max_severity > 3:
            raise ValueError(f"fast_track_max_severity={self.fast_track_max_severity!r} must be from 0 to 3")

    # ---- state ------------------------------------------------------------------------------
    @property
    def status(self) -> str:
        """``received``, ``heard``, ``judged``, ``fixed at once``, ``remedied``, ``followed up`` or ``closed``."""
        done = {step for step, _ in self.history if step != "remedy_refused"}
        for step, label in (("close", "closed"), ("follow_up", "followed up")):
            if step in done:
                return label
        if "remedy" in done:
            return "remedied" if "judge" in done else "fixed at once"
        if "judge" in done:
            return "judged"
        return "heard" if "vent" in done else "received"

    @property
    def route(self) -> str:
        """``fast track`` if the remedy came before the judgement, else ``standard``."""
        steps = [step for step, _ in self.history if step in ("judge", "remedy")]
        return "fast track" if steps[:1] == ["remedy"] else "standard"

    def _time_of(self, step: str) -> pd.Timestamp | None:
        for name, at in self.history:
            if name == step:
                return at
        return None

    def _hours_to(self, step: str) -> float | None:
        at = self._time_of(step)
        return None if at is None else (at - self.received) / pd.Timedelta(hours=1)

    @property
    def hours_to_first_response(self) -> float | None:
        """Hours from receipt to step 1, when the customer was first heard."""
        return self._hours_to("vent")

    @property
    def hours_to_resolution(self) -> float | None:
        """Hours from receipt to the accepted remedy (step 3)."""
        return self._hours_to("remedy")

    def _advance(self, at, allowed: tuple[str, ...], refusal: str) -> pd.Timestamp:
        if self.status == "closed":
            raise IllegalStepError(f"complaint {self.complaint_id}: the case is closed; no further steps")
        if self.status not in allowed:
            raise IllegalStepError(f"complaint {self.complaint_id}: {refusal}")
        stamp = timestamp(at, "at")
        last = self.history[-1][1] if self.history else self.received
        if stamp < last:
            raise ValueError(f"at={stamp} must not be earlier than the previous step ({last})")
        return stamp

    # ---- the four steps -----------------------------------------------------------------------
    def vent(self, at) -> None:
        """Step 1: the customer has been heard out."""
        stamp = self._advance(at, ("received",), "step 1 (let the customer vent) is already done")
        self.history.append(("vent", stamp))

    def judge(self, at, *, valid: bool, key_points: str = "") -> None:
        """Step 2: record the key points and decide whether the complaint holds.

        On the fast track this comes after the remedy: the fix was provisional, the
        record and the verdict still follow.
        """
        refusal = (
            f"judging before the customer has been heard; do {_STEP_TEXT['vent']} first"
            if self.status == "received"
            else f"the complaint has already been judged (status {self.status!r})"
        )
        stamp = self._advance(at, ("heard", "fixed at once"), refusal)
        flag(valid, "valid")
        self.valid = bool(valid)
        self.key_points = str(key_points)
        self.history.append(("judge", stamp))

    def propose_remedy(self, at, remedy: str, *, accepted: bool) -> None:
        """Step 3: propose a remedy; it counts as carried out only if the customer accepts it.

        Normally after step 2.  A minor case (severity up to ``fast_track_max_severity``)
        may be fixed right after step 1 and judged afterwards.  A complaint that does not
        hold still needs step 3: the remedy is then an explanation of the finding
        (``"explanation"``), which the customer must accept before the case can move on.
        """
        allowed = ["judged"]
        if self.severity <= self.fast_track_max_severity:
            allowed.append("heard")
        if self.status == "received":
            refusal = f"a remedy before the customer has been heard; do {_STEP_TEXT['vent']} first"
        elif self.status == "heard":
            limit = ("the fast track is off" if self.fast_track_max_severity == 0
                     else f"the fast track covers severity <= {self.fast_track_max_severity}")
            refusal = (f"a remedy before the complaint is judged, on a severity-{self.severity} case ({limit}); "
                       f"do {_STEP_TEXT['judge']} first")
        else:
            refusal = f"a remedy has already been carried out (status {self.status!r})"
        stamp = self._advance(at, tuple(allowed), refusal)
        one_of(remedy, "remedy", REMEDIES)
        flag(accepted, "accepted")
        if accepted:
            self.remedy = remedy
            self.history.append(("remedy", stamp))
        else:
            # The refusal is recorded but the case stays where it was.
            self.history.append(("remedy_refused", stamp))

    def follow_up(self, at, *, satisfied: bool) -> None:
        """Step 4: contact the customer after the remedy to check it worked."""
        if self.status == "followed up":
            refusal = "the case has already been followed up"
        elif self.status == "fixed at once":
            refusal = f"a follow-up before the complaint is judged; do {_STEP_TEXT['judge']} first"
        else:
            refusal = (
                f"a follow-up before a remedy the customer accepted; do {_STEP_TEXT['remedy']} first "
                f"(status {self.status!r})"
            )
        stamp = self._advance(at, ("remedied",), refusal)
        flag(satisfied, "satisfied")
        self.satisfied = bool(satisfied)
        self.history.append(("follow_up", stamp))

    def close(self, at) -> None:
        """Close the case; allowed only after step 4."""
        refusal = (
            f"closing without follow-up; do {_STEP_TEXT['follow_up']} first (status {self.status!r})"
        )
        stamp = self._advance(at, ("followed up",), refusal)
        self.history.append(("close", stamp))


# ---- replaying a log through the workflow ------------------------------------------------------
_LOG_COLUMNS = ("complaint_id", "received", "channel", "category", "severity",
                "first_response", "judged", "valid", "remedy", "remedied", "followed_up")


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def replay(record: Mapping, *, fast_track_max_severity: int = FAST_TRACK_MAX_SEVERITY) -> Complaint:
    """Rebuild one logged complaint by taking its steps in the order they happened.

    ``record`` needs the columns of the book's ``complaint_log`` data set:
    ``complaint_id, received, channel, category, severity, first_response, judged,
    valid, remedy, remedied, followed_up`` (and optionally ``customer_id``,
    ``customer_value_yuan``, ``satisfaction``).  A missing time means the step was not
    taken.  The case is closed at the follow-up time.  ``fast_track_max_severity`` is
    passed to :class:`Complaint`.

    Raises
    ------
    IllegalStepError
        If the record breaks the workflow (a remedy logged before the judgement on a case
        too serious for the fast track, no follow-up, ...).
    ValueError
        If a field is malformed (an unknown category, a time running backwards).

    Examples
    --------
    >>> row = dict(complaint_id="C2", received="2026-01-05 20:00", channel="phone",
    ...            category="noise", severity=2, first_response="2026-01-05 20:03",
    ...            judged="2026-01-05 20:30", valid=True, remedy="room change",
    ...            remedied="2026-01-05 21:00", followed_up=None)
    >>> replay(row)
    Traceback (most recent call last):
    ...
    servicelab.complaints.IllegalStepError: complaint C2: closing without follow-up; do step 4 (follow up) first (status 'remedied')
    """
    absent = [c for c in _LOG_COLUMNS if c not in record]
    if absent:
        raise ValueError(f"record is missing the fields {absent}")
    value = record.get("customer_value_yuan", 0.0)
    complaint = Complaint(
        str(record["complaint_id"]),
        record["received"],
        record["channel"],
        record["category"],
        severity=record["severity"],
        customer_id=str(record.get("customer_id", "")),
        customer_value=0.0 if _missing(value) else value,
        fast_track_max_severity=fast_track_max_severity,
    )
    steps = []
    if not _missing(record["first_response"]):
        steps.append((timestamp(record["first_response"], "first_response"), 0, "vent"))
    if not _missing(record["judged"]):
        steps.append((timestamp(record["judged"], "judged"), 1, "judge"))
    if not _missing(record["remedied"]):
        steps.append((timestamp(record["remedied"], "remedied"), 2, "remedy"))
    if not _missing(record["followed_up"]):
        steps.append((timestamp(record["followed_up"], "followed_up"), 3, "follow_up"))
    # Take the steps in the order they actually happened: that is what the audit checks.
    steps.sort(key=lambda item: (item[0], item[1]))
    satisfaction = record.get("satisfaction")
    satisfied = bool(not _missing(satisfaction) and float(satisfaction) >= 7)
    for at, _, step in steps:
        if step == "vent":
            complaint.vent(at)
        elif step == "judge":
            complaint.judge(at, valid=bool(record["valid"]))
        elif step == "remedy":
            complaint.propose_remedy(at, record["remedy"], accepted=True)
        else:
            complaint.follow_up(at, satisfied=satisfied)
    last = steps[-1][0] if steps else complaint.received
    complaint.close(last)
    return complaint


#: Short names of the faults the audit reports, keyed by the start of the workflow's message.
_FAULTS = (
    ("a remedy before the complaint is judged", "remedy before judgement"),
    ("closing without follow-up", "no follow-up"),
)


def audit(log: pd.DataFrame, *, fast_track_max_severity: int = FAST_TRACK_MAX_SEVERITY) -> pd.DataFrame:
    """Replay every complaint of a log and report which ones break the workflow.

    Parameters
    ----------
    log : pandas.DataFrame
        The columns :func:`replay` needs.
    fast_track_max_severity : int
        The most serious case that may be fixed before it is judged (0 = none).

    Returns
    -------
    pandas.DataFrame
        One row per complaint: ``complaint_id``, ``legal`` (True if the whole case
        follows the workflow and was closed after a follow-up), ``problem`` (the error
        message, empty if legal), ``fast_track`` (True for a legal case fixed at once and
        judged afterwards) and ``fault`` (a short name of the problem: ``remedy before
        judgement``, ``no follow-up``, another message, or empty).

    Examples
    --------
    >>> log = pd.DataFrame([dict(complaint_id="C3", received="2026-01-05 20:00", channel="email",
    ...     category="Wi-Fi", severity=1, first_response="2026-01-05 23:00",
    ...     judged="2026-01-06 09:00", valid=True, remedy="re-service",
    ...     remedied="2026-01-06 08:00", followed_up="2026-01-07 10:00")])
    >>> audit(log).loc[0, ["legal", "fast_track"]].tolist()
    [True, True]
    >>> audit(log, fast_track_max_severity=0).loc[0, "fault"]
    'remedy before judgement'
    """
    columns(log, "log", _LOG_COLUMNS)
    limit = integer(fast_track_max_severity, "fast_track_max_severity", minimum=0)
    rows = []
    for record in log.to_dict("records"):
        try:
            case = replay(record, fast_track_max_severity=limit)
        except IllegalStepError as error:
            message = str(error)
            detail = message.split(": ", 1)[-1]
            fault = next((name for start, name in _FAULTS if detail.startswith(start)), detail.split(";")[0])
            rows.append((record["complaint_id"], False, message, False, fault))
        else:
            rows.append((record["complaint_id"], True, "", case.route == "fast track", ""))
    return pd.DataFrame(rows, columns=["complaint_id", "legal", "problem", "fast_track", "fault"])


def step_map() -> pd.DataFrame:
    """The complaint and recovery procedures of the course's sources, side by side.

    Each row is one step of the satisfaction slides' nine-step list (:data:`NINE_STEPS`)
    or of the course's Chapter 8 recovery list (:data:`servicelab.recovery.RECOVERY_STEPS`),
    with its Chinese where the list carries it, and the course's four-step complaint step
    we map it to (the mapping is ours).

    >>> table = step_map()
    >>> table.groupby("procedure").size().to_dict()
    {'four-step recovery (course)': 4, 'nine steps (satisfaction slides)': 9}
    """
    names = {key: f"{i}. {text}" for i, (key, text, _) in enumerate(FOUR_STEPS, start=1)}
    names["all"] = "all four (an enabler)"
    rows = [("nine steps (satisfaction slides)", i, text, chinese, names[key])
            for i, (text, chinese, key) in enumerate(NINE_STEPS, start=1)]
    # The recovery module keeps the course's Chinese of its steps beside the list, where it has it.
    recovery_chinese = getattr(recovery, "RECOVERY_STEPS_CHINESE", ("",) * len(RECOVERY_STEPS))
    for i, ((text, key), chinese) in enumerate(zip(RECOVERY_STEPS, recovery_chinese), start=1):
        rows.append(("four-step recovery (course)", i, text, chinese, names[key]))
    return pd.DataFrame(rows, columns=["procedure", "number", "step", "Chinese", "course_step"])


# ---- service levels ---------------------------------------------------------------------------
def handling_times(log: pd.DataFrame) -> pd.DataFrame:
    """Hours from receipt to first response and to resolution, for each complaint.

    ::

        t_response = t_first response - t_received,
        t_resolution = t_remedied - t_received

    in hours.  A complaint with no remedy time gets NaN for resolution.

    Returns
    -------
    pandas.DataFrame
        The log with two added columns, ``hours_to_response`` and ``hours_to_resolution``.

    >>> log = pd.DataFrame({"received": pd.to_datetime(["2026-01-01 08:00"]),
    ...                     "first_response": pd.to_datetime(["2026-01-01 08:30"]),
    ...                     "remedied": pd.to_datetime(["2026-01-01 14:00"])})
    >>> handling_times(log)[["hours_to_response", "hours_to_resolution"]].iloc[0].tolist()
    [0.5, 6.0]
    """
    columns(log, "log", ("received", "first_response", "remedied"))
    out = log.copy()
    received = pd.to_datetime(out["received"])
    hour = pd.Timedelta(hours=1)
    out["hours_to_response"] = (pd.to_datetime(out["first_response"]) - received) / hour
    out["hours_to_resolution"] = (pd.to_datetime(out["remedied"]) - received) / hour
    negative = (out["hours_to_response"] < 0) | (out["hours_to_resolution"] < 0)
    if negative.any():
        first = out.index[negative.to_numpy()][0]
        raise ValueError(f"log has a step before the complaint was received (row {first})")
    return out


def repeat_flags(log: pd.DataFrame, window_days: float = 30) -> pd.Series:
    """Flag complaints from a customer who already complained in the previous ``window_days``.

    A repeat complaint is the clearest sign that the first remedy did not hold.

    >>> log = pd.DataFrame({"customer_id": ["a", "b", "a", "a"],
    ...                     "received": pd.to_datetime(["2026-01-01", "2026-01-02",
    ...                                                 "2026-01-20", "2026-03-30"])})
    >>> repeat_flags(log, window_days=30).tolist()
    [False, False, True, False]
    """
    columns(log, "log", ("customer_id", "received"))
    window = pd.Timedelta(days=positive(window_days, "window_days"))
    received = pd.to_datetime(log["received"])
    order = np.argsort(received.to_numpy(), kind="stable")
    flags = np.zeros(len(log), dtype=bool)
    last_seen: dict = {}
    customers = log["customer_id"].to_numpy()
    times = received.to_numpy()
    for i in order:
        previous = last_seen.get(customers[i])
        if previous is not None and times[i] - previous <= window.to_timedelta64():
            flags[i] = True
        last_seen[customers[i]] = times[i]
    return pd.Series(flags, index=log.index, name="repeat")


def repeat_rates(log: pd.DataFrame, *, by: str, window_days: float = 30,
                 confidence: float = 0.95) -> pd.DataFrame:
    """Share of each group's complaints that are repeats, with Wilson intervals.

    Groups of different sizes (causes, branches) are compared by their *rate*, not by the
    count of repeats: a large group has more repeats simply because it has more
    complaints.  For group g with n_g complaints of which r_g are repeats
    (:func:`repeat_flags`)::

        rate_g = r_g / n_g, with the Wilson interval of r_g in n_g
        (:func:`servicelab.stats.wilson_interval`).

    Parameters
    ----------
    log : pandas.DataFrame
        Columns ``customer_id``, ``received`` and ``by``.
    by : str
        The column to group by (``"category"``, ``"unit"`` ...).
    window_days : float
        A complaint is a repeat if the same customer complained within this many days before.
    confidence : float
        Coverage of the intervals, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by group, sorted by rate (highest first): ``complaints``, ``repeats``,
        ``repeat_rate``, ``low``, ``high``.

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b", "c"], "category": ["noise"] * 3 + ["Wi-Fi"],
    ...                     "received": pd.to_datetime(["2026-01-01", "2026-01-05", "2026-01-06", "2026-01-07"])})
    >>> repeat_rates(log, by="category")[["complaints", "repeats"]].to_dict("index")
    {'noise': {'complaints': 3, 'repeats': 1}, 'Wi-Fi': {'complaints': 1, 'repeats': 0}}
    """
    columns(log, "log", ["customer_id", "received", by])
    flags = repeat_flags(log, window_days)
    counts = flags.groupby(log[by]).agg(["size", "sum"])
    interval = wilson_interval(counts["sum"].to_numpy(), counts["size"].to_numpy(), confidence=confidence)
    table = pd.DataFrame({
        "complaints": counts["size"].astype("int64"),
        "repeats": counts["sum"].astype("int64"),
        "repeat_rate": interval.estimate,
        "low": interval.low,
        "high": interval.high,
    }, index=counts.index)
    return table.sort_values(["repeat_rate", "complaints"], ascending=[False, False], kind="stable")


def service_levels(
    log: pd.DataFrame,
    *,
    response_target_hours: float,
    resolution_target_hours: float,
    by: str | None = None,
    repeat_window_days: float = 30,
) -> pd.DataFrame:
    """The service-level measures of complaint handling, overall or by group.

    For each group: number of complaints, median and 90th percentile of hours to
    first response, the share answered within ``response_target_hours``, median hours
    to resolution, the share resolved within ``resolution_target_hours`` (a complaint
    never resolved counts as a miss), and the share that are repeat complaints
    (:func:`repeat_flags`).

    Parameters
    ----------
    log : DataFrame
        Columns ``received``, ``first_response``, ``remedied``, ``customer_id`` and, if
        used, the ``by`` column.
    response_target_hours, resolution_target_hours : float
        The firm's targets, hours > 0.
    by : str, optional
        A column to group by (``"channel"``, ``"branch"`` ...).

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": ["a", "b"],
    ...     "received": pd.to_datetime(["2026-01-01 08:00", "2026-01-01 09:00"]),
    ...     "first_response": pd.to_datetime(["2026-01-01 08:30", "2026-01-01 13:00"]),
    ...     "remedied": pd.to_datetime(["2026-01-01 10:00", "2026-01-03 09:00"])})
    >>> levels = service_levels(log, response_target_hours=1, resolution_target_hours=24)
    >>> levels[["complaints", "response_within_target", "resolved_within_target"]].iloc[0].tolist()
    [2.0, 0.5, 0.5]
    """
    response_target = positive(response_target_hours, "response_target_hours")
    resolution_target = positive(resolution_target_hours, "resolution_target_hours")
    if by is not None:
        columns(log, "log", [by])
    times = handling_times(log)
    times["repeat"] = repeat_flags(log, repeat_window_days)

    def summarise(part: pd.DataFrame) -> pd.Series:
        response = part["hours_to_response"]
        resolution = part["hours_to_resolution"]
        return pd.Series(
            {
                "complaints": float(len(part)),
                "median_hours_to_response": response.median(),
                "p90_hours_to_response": response.quantile(0.9),
                "response_within_target": float((response <= response_target).mean()),
                "median_hours_to_resolution": resolution.median(),
                "resolved_within_target": float((resolution <= resolution_target).mean()),
                "repeat_share": float(part["repeat"].mean()),
            }
        )

    if by is None:
        return summarise(times).to_frame("all").T
    groups = {name: summarise(part) for name, part in times.groupby(by, sort=True)}
    table = pd.DataFrame(groups).T
    table.index.name = by
    return table


# ---- Pareto analysis --------------------------------------------------------------------------
def pareto(counts, *, vital_share: float = 0.8, allowed=None) -> pd.DataFrame:
    """Rank causes by count and mark the "vital few" that make up ``vital_share`` of the total.

    Sorted from the largest cause down, with

    ::

        share_k = n_k / sum_j n_j,
        cumulative_k = sum_(j <= k) share_j .

    A cause is in the vital few if the causes ranked before it cover less than
    ``vital_share`` of the total: the vital few are the smallest set of top causes that
    reaches it.  Juran called this separating the vital few from the useful many.

    Parameters
    ----------
    counts : mapping or Series
        Cause -> count (or any non-negative weight: severity points, yuan refunded).
    vital_share : float
        Share of the total the vital few must reach, in (0, 1]; 0.8 by convention.
    allowed : sequence, optional
        If given, every cause must be one of these (e.g. :data:`CATEGORIES`).

    Examples
    --------
    >>> table = pareto({"noise": 30, "Wi-Fi": 10, "billing error": 60})
    >>> table["cumulative_share"].round(2).tolist(), table["vital_few"].tolist()
    ([0.6, 0.9, 1.0], [True, True, False])
    """
    share_needed = fraction(vital_share, "vital_share")
    if share_needed == 0:
        raise ValueError(f"vital_share={vital_share!r} must be > 0")
    series = pd.Series(counts, dtype="object") if isinstance(counts, Mapping) else pd.Series(counts)
    if series.empty:
        raise ValueError("counts must name at least one cause")
    if allowed is not None:
        unknown = [cause for cause in series.index if cause not in set(allowed)]
        if unknown:
            raise ValueError(f"counts has unknown categories {unknown}; allowed are {list(allowed)}")
    values = np.array([finite(v, "counts") for v in series.to_numpy()], dtype=float)
    if np.any(values < 0):
        raise ValueError("counts must be >= 0 (a negative count was given)")
    total = values.sum()
    if total <= 0:
        raise ValueError("counts must not all be zero")
    table = pd.DataFrame({"cause": [str(c) for c in series.index], "count": values})
    table = table.sort_values(["count", "cause"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table["share"] = table["count"] / total
    table["cumulative_share"] = table["share"].cumsum()
    before = table["cumulative_share"] - table["share"]
    table["vital_few"] = before < share_needed - 1e-12
    return table


# ---- the complaint iceberg ----------------------------------------------------------------------
def iceberg(
    complaints: float,
    *,
    annual_value: float,
    silent_defection: float,
    complainer_defection: float,
    complain_share: float = COMPLAIN_AT_MOST,
    unhappy_tells: float = UNHAPPY_TELLS,
    happy_tells: float = HAPPY_TELLS,
    margin: float = 1.0,
) -> dict[str, float]:
    """From the complaints a firm sees to the unhappy customers and revenue it does not.

    ::

        U = C / s, S = U - C, T = U t_u,
        L = S d_s + C d_c, R = L v, M = R m

    with complaints C, the share of unhappy customers who complain s (the satisfaction
    slides: *at most* one in three, so U is a lower bound), silent unhappy customers S,
    people told T (the service-standards slides: 9-10 per unhappy customer), customers
    lost L, revenue at risk R per year and the margin at risk M (the part of R that is
    contribution, with margin share m).

    Parameters
    ----------
    complaints : float
        Complaints received in the period, >= 0.
    annual_value : float
        Yuan a customer spends per year, >= 0.
    silent_defection : float
        Share of silent unhappy customers who do not come back, in [0, 1]. Not in
        any source: a named assumption.
    complainer_defection : float
        Share of complainers who do not come back after handling, in [0, 1]. Not in
        any source; measure it from your own log.
    complain_share : float
        Share of unhappy customers who complain, in (0, 1]; default 1/3 (the
        satisfaction slides' "at most one in three").
    unhappy_tells, happy_tells : float
        People told by an unhappy / a happy customer; defaults 9.5 (the midpoint of
        9-10) and 5 (the service-standards slides).
    margin : float
        Contribution margin as a share of revenue, in [0, 1]; default 1 (revenue).

    Returns
    -------
    dict
        ``complaints``, ``unhappy_customers``, ``silent_unhappy``, ``people_told``,
        ``customers_lost``, ``revenue_at_risk``, ``happy_equivalent`` (how many happy
        customers it takes to be heard by as many people as the unhappy ones tell) and
        ``margin_at_risk``.

    Examples
    --------
    >>> ice = iceberg(100, annual_value=1000, silent_defection=0.5, complainer_defection=0.2, margin=0.7)
    >>> ice["unhappy_customers"], ice["people_told"], ice["revenue_at_risk"], ice["margin_at_risk"]
    (300.0, 2850.0, 120000.0, 84000.0)
    """
    c = non_negative(complaints, "complaints")
    s = fraction(complain_share, "complain_share")
    if s == 0:
        raise ValueError(f"complain_share={complain_share!r} must be > 0")
    value = non_negative(annual_value, "annual_value")
    d_silent = fraction(silent_defection, "silent_defection")
    d_complainer = fraction(complainer_defection, "complainer_defection")
    tells_bad = non_negative(unhappy_tells, "unhappy_tells")
    tells_good = positive(happy_tells, "happy_tells")
    m = fraction(margin, "margin")
    unhappy = c / s
    silent = unhappy - c
    told = unhappy * tells_bad
    lost = silent * d_silent + c * d_complainer
    return {
        "complaints": c,
        "unhappy_customers": round(unhappy, 6),
        "silent_unhappy": round(silent, 6),
        "people_told": round(told, 6),
        "customers_lost": round(lost, 6),
        "revenue_at_risk": round(lost * value, 6),
        "happy_equivalent": round(told / tells_good, 6),
        "margin_at_risk": round(lost * value * m, 6),
    }
