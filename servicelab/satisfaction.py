"""Satisfaction as the gap between perception and expectation, and the zone of tolerance.

The satisfaction slides call it the golden rule (黄金定律): satisfaction is what the
customer perceives minus what they expected, S = P - E.  A negative S is disappointment,
zero is satisfaction, a positive S is "more than I paid for" (物超所值).  Here:

- the gap for each response (:func:`gap`) and by item, dimension or overall
  (:func:`gap_summary`), and the course's three outcomes (:func:`gap_outcome`);
- where a perception falls against the customer's zone of tolerance (容忍区域), from
  adequate to desired service (:func:`zone_of_tolerance`).

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

__all__ = ["OUTCOMES", "gap", "gap_outcome", "gap_summary", "zone_of_tolerance"]


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

