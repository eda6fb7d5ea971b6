"""SERVQUAL and importance-performance analysis: where perceived service falls short, and what to fix first.

Two survey tools for Chapter 8 (客户服务的质量管理), both from the literature:

- **SERVQUAL** (Parasuraman, Zeithaml and Berry 1988): 22 paired statements, what the
  customer expects (E) and what they perceive (P), in five dimensions (tangibles,
  reliability, responsiveness, assurance, empathy); the gap G = P - E item by item
  (:func:`servqual_gaps`), by dimension and overall with importance weights
  (:func:`servqual_scores`, :func:`importance_weights`), and each respondent's mean per
  dimension, the unit a bootstrap resamples (:func:`dimension_means`);
- **importance-performance analysis** (Martilla and James 1977): each attribute in one of
  four quadrants, "concentrate here" being important and underperforming (:func:`ipa`),
  with the example of the service-standards slides (:func:`slides_ipa_points`).

>>> servqual_gaps([6] * 22, [5] * 22).iloc[0, :3].tolist()
[-1.0, -1.0, -1.0]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from servicelab._validate import columns, finite, positive, weights as _weights

__all__ = [
    "IPA_QUADRANTS",
    "SERVQUAL_DIMENSIONS",
    "SERVQUAL_ITEMS",
    "dimension_means",
    "importance_weights",
    "ipa",
    "servqual_gaps",
    "servqual_scores",
    "slides_ipa_points",
]


#: The five SERVQUAL dimensions and their item numbers (Parasuraman, Zeithaml and Berry 1988).
SERVQUAL_DIMENSIONS = {
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
}


#: Short paraphrases of the 22 SERVQUAL statements (our wording, not the instrument's).
SERVQUAL_ITEMS = {
    1: "up-to-date equipment",
    2: "visually appealing facilities",
    3: "neat, well-dressed staff",
    4: "facilities fit the type of service",
    5: "does what it promised by the time promised",
    6: "sympathetic and reassuring when problems arise",
    7: "dependable",
    8: "delivers the service at the time promised",
    9: "keeps accurate records",
    10: "tells customers exactly when service will happen",
    11: "prompt service from staff",
    12: "staff always willing to help",
    13: "staff never too busy to respond",
    14: "staff can be trusted",
    15: "customers feel safe in their dealings",
    16: "staff are polite",
    17: "staff have the support to do their jobs well",
    18: "individual attention",
    19: "personal attention from staff",
    20: "staff know what customers need",
    21: "has customers' best interests at heart",
    22: "opening hours convenient for all customers",
}


def _servqual_matrix(values, name: str, scale: tuple[float, float]) -> np.ndarray:
    array = np.asarray(values.to_numpy() if isinstance(values, pd.DataFrame) else values, dtype=float)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2 or array.shape[1] != 22 or array.shape[0] == 0:
        raise ValueError(f"{name} must have 22 columns, one per SERVQUAL item (got shape {np.shape(values)})")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers")
    low, high = scale
    if np.any((array < low) | (array > high)):
        raise ValueError(f"{name} must lie on the scale {low:g} to {high:g}")
    return array


def servqual_gaps(expectations, perceptions, *, scale: tuple[float, float] = (1, 7)) -> pd.DataFrame:
    """SERVQUAL gap scores, perception minus expectation, item by item.

    ::

        G_ij = P_ij - E_ij

    for respondent i and item j = 1, ..., 22. A negative gap means the
    service falls short of what the customer expected (Parasuraman et al. 1988).

    Parameters
    ----------
    expectations, perceptions : array-like or DataFrame
        Shape (respondents, 22) or (22,), scores on ``scale`` (1-7 in the instrument),
        columns in item order.

    Returns
    -------
    pandas.DataFrame
        One row per respondent, columns 1..22.

    >>> servqual_gaps([6] * 22, [5] * 22).iloc[0, :3].tolist()
    [-1.0, -1.0, -1.0]
    """
    e = _servqual_matrix(expectations, "expectations", scale)
    p = _servqual_matrix(perceptions, "perceptions", scale)
    if e.shape != p.shape:
        raise ValueError(f"expectations {e.shape} and perceptions {p.shape} must have the same shape")
    return pd.DataFrame(p - e, columns=list(range(1, 23)))


def importance_weights(points, *, total: float = 100) -> dict[str, float]:
    """Average dimension weights from respondents who each split ``total`` points over the five dimensions.

    Each row of ``points`` must sum to ``total`` (100 in the SERVQUAL importance question
    of Parasuraman, Zeithaml and Berry 1991). The mean allocation divided by ``total``
    gives weights that sum to 1.

    >>> pts = pd.DataFrame({"tangibles": [10, 20], "reliability": [40, 30], "responsiveness": [20, 20],
    ...                     "assurance": [20, 10], "empathy": [10, 20]})
    >>> importance_weights(pts)
    {'tangibles': 0.15, 'reliability': 0.35, 'responsiveness': 0.2, 'assurance': 0.15, 'empathy': 0.15}
    """
    columns(points, "points", SERVQUAL_DIMENSIONS)
    if set(points.columns) != set(SERVQUAL_DIMENSIONS):
        raise ValueError(f"points must have exactly the columns {list(SERVQUAL_DIMENSIONS)}, not {list(points.columns)}")
    whole = positive(total, "total")
    values = points[list(SERVQUAL_DIMENSIONS)].to_numpy(dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError("points must be finite and >= 0")
    sums = values.sum(axis=1)
    bad = np.flatnonzero(~np.isclose(sums, whole))
    if bad.size:
        raise ValueError(f"points must sum to {whole:g} in every row; row {bad[0]} sums to {sums[bad[0]]:g}")
    mean = values.mean(axis=0) / whole
    return {dim: float(w) for dim, w in zip(SERVQUAL_DIMENSIONS, mean)}


def servqual_scores(
    expectations, perceptions, *, weights: Mapping | None = None, scale: tuple[float, float] = (1, 7)
) -> pd.DataFrame:
    """SERVQUAL by dimension: mean expectation, perception and gap, and the weighted overall score.

    ::

        G_d = (1/|d|) sum_(j in d) mean G_j,
        SQ_weighted = sum_d w_d G_d, sum_d w_d = 1

    with the item-to-dimension mapping of :data:`SERVQUAL_DIMENSIONS` (tangibles 1-4,
    reliability 5-9, responsiveness 10-13, assurance 14-17, empathy 18-22;
    Parasuraman, Zeithaml and Berry 1988). The last row, ``overall``, holds the
    unweighted mean of the five dimension gaps and, in ``weighted_gap``, the weighted
    score.

    Parameters
    ----------
    expectations, perceptions : array-like or DataFrame
        Shape (respondents, 22), items in order, on ``scale``.
    weights : mapping, optional
        Dimension -> importance weight, >= 0, summing to 1 (see
        :func:`importance_weights`); default equal weights of 0.2.

    >>> e = [6] * 22
    >>> p = [6] * 4 + [4] * 5 + [5] * 13
    >>> table = servqual_scores(e, p)
    >>> table["gap"].round(2).tolist()
    [0.0, -2.0, -1.0, -1.0, -1.0, -1.0]
    """
    gaps = servqual_gaps(expectations, perceptions, scale=scale)
    e = _servqual_matrix(expectations, "expectations", scale)
    p = _servqual_matrix(perceptions, "perceptions", scale)
    if weights is None:
        w = {dim: 0.2 for dim in SERVQUAL_DIMENSIONS}
    else:
        w = _weights(weights, sum_to_one=True)
        if set(w) != set(SERVQUAL_DIMENSIONS):
            raise ValueError(f"weights must name exactly the five dimensions {list(SERVQUAL_DIMENSIONS)}, not {list(w)}")
    rows = {}
    for dim, items in SERVQUAL_DIMENSIONS.items():
        columns = [j - 1 for j in items]
        gap = float(gaps.iloc[:, columns].to_numpy().mean())
        rows[dim] = {
            "items": f"{items[0]}-{items[-1]}",
            "expectation": float(e[:, columns].mean()),
            "perception": float(p[:, columns].mean()),
            "gap": gap,
            "weight": w[dim],
            "weighted_gap": w[dim] * gap,
        }
    table = pd.DataFrame(rows).T
    for column in ("expectation", "perception", "gap", "weight", "weighted_gap"):
        table[column] = table[column].astype(float)
    overall = {
        "items": "1-22",
        "expectation": table["expectation"].mean(),
        "perception": table["perception"].mean(),
        "gap": table["gap"].mean(),
        "weight": table["weight"].sum(),
        "weighted_gap": table["weighted_gap"].sum(),
    }
    table.loc["overall"] = pd.Series(overall)
    return table


#: Martilla and James's (1977) names for the four quadrants, by (importance high?, performance high?).
IPA_QUADRANTS = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


def slides_ipa_points() -> pd.DataFrame:
    """The importance-performance example of the service-standards slides: a supplier's attributes.

    Two labels are cut off in the source; the fifth attribute has no coordinates and is left out.
    The slides draw both axes from 7.0 to 10.0, with the dividing line at 8.0.

    >>> slides_ipa_points()["importance"].tolist()
    [9.04, 9.18, 9.24, 9.02]
    """
    rows = [
        ('"Give me ..." (label cut off in the source)', 9.04, 7.63),
        ("Take responsibility for their mistakes", 9.18, 8.01),
        ("Equipment performs as the vendor claimed", 9.24, 8.14),
        ("Installation", 9.02, 7.84),
    ]
    return pd.DataFrame(rows, columns=["attribute", "importance", "performance"])


def ipa(
    attributes: pd.DataFrame, *, importance_split: float, performance_split: float
) -> pd.DataFrame:
    """Importance-performance analysis: place each attribute in one of four quadrants.

    An attribute at or above ``importance_split`` is important; at or above
    ``performance_split`` it performs well. The quadrants (Martilla and James 1977):

    ============== ===================== =====================
    importance     performance low       performance high
    ============== ===================== =====================
    high           Concentrate here      Keep up the good work
    low            Low priority          Possible overkill
    ============== ===================== =====================

    Improvement priority ranks attributes by the gap importance - performance (1 =
    largest gap), a simple reading when both are on the same scale.

    Parameters
    ----------
    attributes : DataFrame
        Columns ``attribute``, ``importance`` and ``performance``.
    importance_split, performance_split : float
        Where the cross-hairs go: a fixed scale point (the slides use 8.0) or the
        data's means.

    >>> table = ipa(slides_ipa_points(), importance_split=8.0, performance_split=8.0)
    >>> table["quadrant"].tolist()
    ['Concentrate here', 'Keep up the good work', 'Keep up the good work', 'Concentrate here']
    """
    columns(attributes, "attributes", ["attribute", "importance", "performance"])
    i_split = finite(importance_split, "importance_split")
    p_split = finite(performance_split, "performance_split")
    table = attributes[["attribute", "importance", "performance"]].copy()
    for column in ("importance", "performance"):
        values = pd.to_numeric(table[column], errors="coerce")
        if values.isna().any() or not np.isfinite(values.to_numpy()).all():
            raise ValueError(f"attributes[{column!r}] must contain only finite numbers")
        table[column] = values.astype(float)
    high_i = table["importance"] >= i_split
    high_p = table["performance"] >= p_split
    table["quadrant"] = [IPA_QUADRANTS[(bool(a), bool(b))] for a, b in zip(high_i, high_p)]
    table["gap"] = table["importance"] - table["performance"]
    table["priority"] = table["gap"].rank(ascending=False, method="min").astype(int)
    return table



def dimension_means(items, *, scale: tuple[float, float] = (1, 7)) -> pd.DataFrame:
    """Each respondent's mean over the items of each SERVQUAL dimension.

    ::

        x_(i,d) = (1/|d|) sum_(j in d) x_(i,j)

    Give it expectations, perceptions or gaps (perception minus expectation: use
    ``scale=(-6, 6)`` on the 1-7 instrument). One row per respondent is what a bootstrap
    resamples, so that the items a guest answered stay together.

    Parameters
    ----------
    items : array-like or DataFrame
        Shape (respondents, 22), items in order, on ``scale``.
    scale : (low, high)
        The range the values must lie in.

    Returns
    -------
    pandas.DataFrame
        One row per respondent (the index of ``items`` if it is a DataFrame), one column per
        dimension.

    >>> dimension_means([[6] * 4 + [4] * 5 + [5] * 13]).round(2).iloc[0].tolist()
    [6.0, 4.0, 5.0, 5.0, 5.0]
    """
    array = _servqual_matrix(items, "items", scale)
    index = items.index if isinstance(items, pd.DataFrame) else None
    means = {dim: array[:, [j - 1 for j in numbers]].mean(axis=1) for dim, numbers in SERVQUAL_DIMENSIONS.items()}
    return pd.DataFrame(means, index=index)
