"""Satisfaction as the gap between perception and expectation, and the zone of tolerance.

The satisfaction slides call it the golden rule (黄金定律): satisfaction is what the
customer perceives minus what they expected, S = P - E.  A negative S is disappointment,
zero is satisfaction, a positive S is "more than I paid for" (物超所值).  Here:

- the gap for each response (:func:`gap`) and by item, dimension or overall
  (:func:`gap_summary`), and the course's three outcomes (:func:`gap_outcome`);
- where a perception falls against the customer's zone of tolerance (容忍区域), from
  adequate to desired service (:func:`zone_of_tolerance`);
- the satisfaction slides' checklists, in their Chinese: the six principles
  (:data:`SIX_PRINCIPLES`), the seven deadly kisses (:data:`DEADLY_KISSES`) and the fifteen
  expectations of a client (:data:`CLIENT_EXPECTATIONS`), and a self-audit against them that
  sets the team's own scores beside the clients' (:func:`audit_summary`).

Scores for CSAT and NPS are in :mod:`servicelab.loyalty`, the handbook's visibility funnel in
:mod:`servicelab.visibility` and Kano's questions in :mod:`servicelab.kano`.

>>> gap([7, 5, 6], [6, 6, 6], scale=(1, 7)).tolist()
[1.0, -1.0, 0.0]
>>> gap_outcome([-1, 0, 2]).tolist()
['dissatisfied', 'satisfied', 'highly satisfied']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from servicelab._validate import columns, non_empty, non_negative, same_length
from servicelab._validate import scores as _scores

__all__ = ["CLIENT_EXPECTATIONS", "DEADLY_KISSES", "OUTCOMES", "SIX_PRINCIPLES", "audit_summary", "gap", "gap_outcome",
           "gap_summary", "zone_of_tolerance"]


def gap(perception, expectation, *, scale: tuple[float, float] = (1, 9)) -> np.ndarray:
    """Satisfaction gap S = P - E, response by response.

    Parameters
    ----------
    perception, expectation : sequence of int
        Ratings of the same items by the same customers, on one scale (points).
    scale : (low, high)
        The rating scale; every score must be a whole point inside it. Default 1 to 9.

    Returns
    -------
    numpy.ndarray
        S_i = P_i - E_i in scale points; negative means the service fell short
        of what the customer expected.

    References
    ----------
    The satisfaction slides' golden rule S = P - E; Oliver (1980) for expectation
    disconfirmation.

    >>> gap([8, 6], [7, 8]).tolist()
    [1.0, -2.0]
    """
    p = _scores(perception, "perception", scale, whole=True)
    e = _scores(expectation, "expectation", scale, whole=True)
    same_length(p, "perception", e, "expectation")
    return p - e


def gap_summary(
    frame: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    perception: str = "perception",
    expectation: str = "expectation",
    scale: tuple[float, float] = (1, 9),
) -> pd.DataFrame:
    """Mean expectation, perception and gap S = P - E per item, per dimension, or overall.

    Each row of ``frame`` is one customer's rating of one item.  The gap of a group
    is the mean of its responses' gaps, which equals mean P minus mean E.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long-form survey: one row per (customer, item), with the two score columns.
    by : str, list of str or None
        Column(s) to group by ("item", "dimension", "branch", ...); None gives one
        row, ``overall``, over every response.
    perception, expectation : str
        Names of the score columns.
    scale : (low, high)
        The rating scale (points).

    Returns
    -------
    pandas.DataFrame
        Columns ``expectation``, ``perception``, ``gap`` (points) and ``n``
        (responses), one row per group, sorted by gap (worst first).

    >>> survey = pd.DataFrame({"item": ["bill", "bill", "wifi", "wifi"],
    ...                        "expectation": [8, 8, 6, 7], "perception": [6, 7, 7, 7]})
    >>> gap_summary(survey, "item")["gap"].tolist()
    [-1.5, 0.5]
    """
    groups = [] if by is None else ([by] if isinstance(by, str) else list(by))
    columns(frame, "frame", [perception, expectation])
    for column in groups:
        if column not in frame.columns:
            raise ValueError(f"by={column!r} is not a column of frame")
    s = gap(frame[perception].to_numpy(), frame[expectation].to_numpy(), scale=scale)
    work = pd.DataFrame({"expectation": frame[expectation].to_numpy(dtype=float),
                         "perception": frame[perception].to_numpy(dtype=float), "gap": s})
    if not groups:
        out = pd.DataFrame([{**work.mean().to_dict(), "n": len(work)}], index=pd.Index(["overall"]))
    else:
        for column in groups:
            work[column] = frame[column].to_numpy()
        grouped = work.groupby(groups, sort=True)
        out = grouped[["expectation", "perception", "gap"]].mean()
        out["n"] = grouped.size()
    out["n"] = out["n"].astype("int64")
    return out.sort_values("gap", kind="stable")


OUTCOMES = ("dissatisfied", "satisfied", "highly satisfied")


def gap_outcome(s, *, tolerance: float = 0.0):
    """The course's three outcomes of comparing perception with expectation.

    ======================  ==============================================
    S = P - E               outcome
    ======================  ==============================================
    below ``-tolerance``    ``"dissatisfied"`` (disappointment)
    within ``±tolerance``   ``"satisfied"`` (expectation met)
    above ``+tolerance``    ``"highly satisfied"`` (物超所值, more than paid for)
    ======================  ==============================================

    ``tolerance`` (points, >= 0) treats small gaps as "met"; the course gives none,
    so the default is 0.  A scalar gives a string, a sequence an array of strings.

    >>> gap_outcome(-0.4), gap_outcome(-0.4, tolerance=0.5), gap_outcome(1)
    ('dissatisfied', 'satisfied', 'highly satisfied')
    """
    tol = non_negative(tolerance, "tolerance")
    scalar = np.ndim(s) == 0
    values = non_empty(np.atleast_1d(s), "s")
    labels = np.where(values < -tol, OUTCOMES[0], np.where(values > tol, OUTCOMES[2], OUTCOMES[1]))
    return str(labels[0]) if scalar else labels.astype(object)


def zone_of_tolerance(perception, adequate, desired, *, scale: tuple[float, float] = (1, 9)) -> pd.DataFrame:
    """Where each perception falls against the customer's zone of tolerance.

    The zone runs from *adequate* service (适当服务, the least the customer will
    accept) up to *desired* service (理想服务, what they hope for)
    (Zeithaml, Berry and Parasuraman 1993).  Two gaps locate a perception:

    ::

        adequacy = P - A, superiority = P - D

    (Parasuraman, Zeithaml and Berry 1994 call them MSA and MSS).

    Parameters
    ----------
    perception, adequate, desired : sequence of int
        One value per response, on one scale (points).  ``desired >= adequate``.
    scale : (low, high)
        The rating scale.

    Returns
    -------
    pandas.DataFrame
        Columns ``adequacy`` and ``superiority`` (points) and ``position``:
        ``"below adequate"`` (a bad perception), ``"within zone"`` (boundaries
        included) or ``"above desired"``.

    >>> zone_of_tolerance([4, 6, 9], adequate=[5, 5, 5], desired=[8, 8, 8])["position"].tolist()
    ['below adequate', 'within zone', 'above desired']
    """
    p = _scores(perception, "perception", scale, whole=True)
    a = _scores(adequate, "adequate", scale, whole=True)
    d = _scores(desired, "desired", scale, whole=True)
    same_length(a, "adequate", p, "perception")
    same_length(d, "desired", p, "perception")
    if np.any(d < a):
        i = int(np.flatnonzero(d < a)[0])
        raise ValueError(f"desired={d[i]:g} is below adequate={a[i]:g} (response {i}); desired must be >= adequate")
    position = np.where(p < a, "below adequate", np.where(p > d, "above desired", "within zone"))
    return pd.DataFrame({"adequacy": p - a, "superiority": p - d, "position": position.astype(object)})



# ---- the satisfaction slides' checklists, as a self-audit ------------------------------------------
#
# The lists are the satisfaction slides' (客户满意度的有效经营), quoted in their Chinese; the English
# wording and the link from each expectation to the deadly kiss it guards against are ours.


def _checklist(items, extra=None) -> pd.DataFrame:
    frame = pd.DataFrame(items, columns=["chinese", "english"], index=pd.RangeIndex(1, len(items) + 1, name="number"))
    if extra:
        for name, values in extra.items():
            frame[name] = values
    return frame


#: The satisfaction slides' six principles of customer service (客户服务六大原则).
SIX_PRINCIPLES = _checklist([
    ("好品质就有好报偿", "good quality is rewarded"),
    ("以客户的角度重新定义你的行业", "redefine your business from the customer's side"),
    ("倾听、倾听、倾听", "listen, listen, listen"),
    ("令人难以置信地快速反应", "respond unbelievably fast"),
    ("第一线作业人员决定品质", "front-line staff decide quality"),
    ("激励人心的领导", "inspiring leadership"),
])

#: The satisfaction slides' seven deadly kisses (七个致命之吻): why clients leave their agency.
DEADLY_KISSES = _checklist([
    ("自满或不负责任", "complacency or irresponsibility"),
    ("缺乏警觉性", "a lack of alertness"),
    ("傲慢和顽强", "arrogance and obstinacy"),
    ("不平衡的肤浅欺骗", "one-sided, superficial deception"),
    ("推诿和夸口,导致不信任", "passing the buck and boasting, which breed distrust"),
    ("隔绝与疏离", "isolation and distance"),
    ("贪得无厌", "insatiable greed"),
])

#: The satisfaction slides' fifteen expectations a client brings to a partnership
#: (客户在合作中的心理期望), with the deadly kiss each one guards against (our reading).
CLIENT_EXPECTATIONS = _checklist(
    [
        ("关心我", "care about me"),
        ("深入了解我的事业", "understand my business"),
        ("解救我", "rescue me"),
        ("与我对等", "treat me as an equal"),
        ("用我能懂的方式沟通", "speak my language"),
        ("不要吓我", "no surprises"),
        ("指导我", "guide me"),
        ("有能力", "be competent"),
        ("为我分忧", "share my worries"),
        ("与我同在", "be there for me"),
        ("要能创新", "innovate"),
        ("要合理", "be reasonable"),
        ("要忠诚", "be loyal"),
        ("把我当做一个人", "treat me as a person"),
        ("要有弹性", "be flexible"),
    ],
    extra={"guards_against": [6, 1, 1, 4, 3, 2, 6, 1, 2, 6, 1, 7, 5, 3, 3]},
)


def audit_summary(
    frame: pd.DataFrame,
    *,
    item: str = "item",
    client: str = "client_score",
    team: str = "team_score",
    scale: tuple[int, int] = (1, 5),
    failing_at: int = 2,
    confidence: float = 0.95,
    seed: int = 2026,
) -> pd.DataFrame:
    """Item by item: what the clients score, what the team thinks, and how many clients it fails.

    A self-audit against a checklist (the fifteen expectations, say) is worth most when the
    clients score the same items: the team's own view is what it *expects* the client to
    perceive, the client's score what the client *does* perceive.  Each row of ``frame`` is
    one client's score of one item and the team's self-score for that client.  Per item:

    - the clients' mean score, with a percentile bootstrap interval over clients
      (:func:`servicelab.stats.bootstrap_ci`);
    - the team's mean self-score and the **overrating**, team minus client, with a *paired*
      bootstrap interval (:func:`servicelab.stats.bootstrap_difference`): the same clients
      are scored twice;
    - the share of clients who score the item ``failing_at`` or lower, with a Wilson
      interval: the satisfaction slides warn that dissatisfaction on any single front can
      lose the client.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per (client, item), with the item and the two score columns.
    item, client, team : str
        Column names.
    scale : (low, high)
        The scoring scale (points), whole numbers.
    failing_at : int
        Highest score that counts as failing the client on the item.
    confidence, seed
        Coverage of the intervals and the bootstrap seed (every item uses the same seed).

    Returns
    -------
    pandas.DataFrame
        One row per item (sorted): ``n``, ``client``, ``client_low``, ``client_high``,
        ``team``, ``overrating``, ``overrating_low``, ``overrating_high`` (points) and
        ``failing``, ``failing_low``, ``failing_high`` (shares, 0-1).

    >>> audit = pd.DataFrame({"item": [1, 1, 1, 1, 2, 2, 2, 2], "client_score": [4, 5, 4, 3, 2, 3, 2, 4],
    ...                       "team_score": [4, 5, 5, 4, 4, 4, 3, 4]})
    >>> table = audit_summary(audit, seed=1)
    >>> table["client"].tolist(), table["overrating"].tolist(), table["failing"].tolist()
    ([4.0, 2.75], [0.5, 1.0], [0.0, 0.5])
    """
    from servicelab._validate import integer
    from servicelab.stats import bootstrap_ci, bootstrap_difference, wilson_interval

    columns(frame, "frame", [item, client, team])
    low, high = scale
    c_scores = _scores(frame[client].to_numpy(), client, scale, whole=True)
    t_scores = _scores(frame[team].to_numpy(), team, scale, whole=True)
    cut = integer(failing_at, "failing_at")
    if not low <= cut < high:
        raise ValueError(f"failing_at={failing_at!r} must lie from {low} to {high - 1} on the scale {scale}")
    work = pd.DataFrame({"item": frame[item].to_numpy(), "client": c_scores, "team": t_scores})
    rows = {}
    for key, part in work.groupby("item", sort=True):
        c, t = part["client"].to_numpy(), part["team"].to_numpy()
        mean = bootstrap_ci(c, np.mean, confidence=confidence, seed=seed)
        gap_ = bootstrap_difference(t, c, np.mean, paired=True, confidence=confidence, seed=seed)
        fail = wilson_interval(int((c <= cut).sum()), c.size, confidence=confidence)
        rows[key] = {"n": c.size, "client": mean.estimate, "client_low": mean.low, "client_high": mean.high,
                     "team": float(t.mean()), "overrating": gap_.estimate, "overrating_low": gap_.low,
                     "overrating_high": gap_.high, "failing": fail.estimate, "failing_low": fail.low,
                     "failing_high": fail.high}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = item
    return out
