"""Quality: service indexes, hard and soft standards, control charts, SERVQUAL, IPA and recovery.

The tools of Chapter 8, in the order a quality manager meets them:

- a weighted **service quality indicator** in the style of FedEx's SQI, with the
  course's weights (:data:`SQI_WEIGHTS`, :func:`sqi`), and a **service performance
  index** that averages standards with weights summing to one (:func:`performance_index`);
- **hard standards**, the share of events within a threshold (:func:`share_within`,
  :func:`hard_standard`), and **soft standards**, survey scores against a target
  (:func:`soft_standard`);
- **control charts** that tell a real change from day-to-day noise: the p-chart and
  the individuals chart with the Western Electric rules (:func:`p_chart`,
  :func:`individuals_chart`, :func:`western_electric`);
- **SERVQUAL** gap scores on the 22 items and five dimensions of Parasuraman, Zeithaml
  and Berry (1988) (:data:`SERVQUAL_DIMENSIONS`, :func:`servqual_scores`);
- **importance-performance analysis** (Martilla and James 1977) (:func:`ipa`);
- **service recovery**: satisfaction against handling speed (:func:`fit_recovery_curve`,
  :func:`hours_for_target`) and the recovery paradox (:func:`recovery_paradox`);
- **first-contact resolution** and the repeat contacts it causes (:func:`contacts_per_issue`).

>>> sqi({"lost_packages": 2, "right_day_late": 40}, {"lost_packages": 50, "right_day_late": 1})
140.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from servicelab._validate import finite, fraction, non_empty, non_negative, positive

__all__ = [
    "D2",
    "IPA_QUADRANTS",
    "SERVQUAL_DIMENSIONS",
    "SERVQUAL_ITEMS",
    "SQI_LABELS",
    "SQI_WEIGHTS",
    "contacts_per_issue",
    "course_hard_standards",
    "course_ipa_points",
    "fit_recovery_curve",
    "hard_standard",
    "hours_for_target",
    "importance_weights",
    "individuals_chart",
    "ipa",
    "p_chart",
    "performance_index",
    "recovery_curve",
    "recovery_paradox",
    "repeat_contacts",
    "servqual_gaps",
    "servqual_scores",
    "service_level_curve",
    "share_within",
    "soft_standard",
    "sqi",
    "sqi_contributions",
    "sqi_weights",
    "western_electric",
]

# ---- service quality indicator -----------------------------------------------------------------

#: The course's SQI weights (service-standards slides, Q-21), failure type -> points per failure.
#: They are the figures of the course material, not FedEx's official list. The weight for
#: missing proof of delivery is not in the source: see :func:`sqi_weights`.
SQI_WEIGHTS = {
    "lost_packages": 50,
    "damaged_packages": 30,
    "wrong_day_late": 10,
    "complaints_reopened": 10,
    "invoice_adjustments": 3,
    "aircraft_delays": 3,
    "unanswered_enquiries": 3,
    "right_day_late": 1,
}

#: English and Chinese names of the SQI failure types.
SQI_LABELS = {
    "lost_packages": ("Lost packages", "包裹丢失"),
    "damaged_packages": ("Damaged packages", "包裹破损"),
    "wrong_day_late": ("Late, wrong day", "投递延迟晚于一天"),
    "complaints_reopened": ("Complaints reopened", "投诉事件再次发生"),
    "invoice_adjustments": ("Invoice adjustments", "修改发票"),
    "aircraft_delays": ("Aircraft delays", "飞机晚点"),
    "unanswered_enquiries": ("Enquiries not answered", "顾客查询不予回复"),
    "right_day_late": ("Late, right day", "投递延迟不晚于一天"),
    "missing_pod": ("Missing proof of delivery", "送达凭证丢失"),
}


def sqi_weights(missing_pod_weight: float) -> dict[str, float]:
    """The course's nine SQI weights, with the missing one supplied by the caller.

    The course lists missing proof of delivery as an indicator but its weight is
    **not in source**; it must be named explicitly so that every index states the
    assumption it rests on.

    >>> w = sqi_weights(missing_pod_weight=1)
    >>> len(w), w["lost_packages"], w["missing_pod"]
    (9, 50.0, 1.0)
    """
    weights = {key: float(value) for key, value in SQI_WEIGHTS.items()}
    weights["missing_pod"] = non_negative(missing_pod_weight, "missing_pod_weight")
    return weights


def _check_weights(weights, name: str = "weights") -> dict[str, float]:
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError(f"{name} must be a non-empty mapping of indicator -> weight")
    checked = {str(k): non_negative(v, f"{name}[{k!r}]") for k, v in weights.items()}
    return checked


def _counts_frame(counts, weights: dict[str, float]) -> tuple[pd.DataFrame, bool]:
    single = isinstance(counts, Mapping)
    frame = pd.DataFrame([counts]) if single else counts
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ValueError("counts must be a mapping or a non-empty DataFrame of failure counts")
    unknown = [c for c in frame.columns if c not in weights]
    if unknown:
        raise ValueError(f"counts has indicators with no weight: {unknown}; weights has {list(weights)}")
    absent = [k for k in weights if k not in frame.columns]
    if absent:
        raise ValueError(f"counts lacks the indicators {absent} that weights names")
    values = frame[list(weights)].apply(pd.to_numeric, errors="coerce")
    if values.isna().to_numpy().any():
        raise ValueError("counts must contain only numbers (found text or a missing value)")
    if (values.to_numpy() < 0).any():
        raise ValueError("counts must be >= 0 (a negative failure count was given)")
    return values.astype(float), single


def sqi_contributions(counts, weights: Mapping) -> pd.DataFrame:
    """Points each failure type adds to the index: :math:`w_i c_i`, one column per type.

    >>> sqi_contributions({"lost_packages": 2, "right_day_late": 40},
    ...                   {"lost_packages": 50, "right_day_late": 1}).iloc[0].tolist()
    [100.0, 40.0]
    """
    w = _check_weights(weights)
    values, _ = _counts_frame(counts, w)
    return values * pd.Series(w)


def sqi(counts, weights: Mapping):
    """Service quality indicator: the weighted count of failures.

    .. math::

        \\text{SQI}_t = \\sum_i w_i\\, c_{i,t}

    with :math:`c_{i,t}` failures of type :math:`i` on day :math:`t` and weight
    :math:`w_i` (points per failure). Lower is better; zero is a perfect day.
    FedEx built its SQI this way so that one lost package counts as much as fifty late
    ones (course weights, :data:`SQI_WEIGHTS`; see Zeithaml, Bitner and Gremler 2018).

    Parameters
    ----------
    counts : mapping or DataFrame
        Failure counts (>= 0), one column per indicator; exactly the indicators of
        ``weights``.
    weights : mapping
        Indicator -> points per failure, >= 0 (e.g. :func:`sqi_weights`).

    Returns
    -------
    float or pandas.Series
        The index for a single mapping, or one value per row of a DataFrame.

    >>> sqi({"lost_packages": 1, "damaged_packages": 0}, {"lost_packages": 50, "damaged_packages": 30})
    50.0
    """
    w = _check_weights(weights)
    values, single = _counts_frame(counts, w)
    index = values.to_numpy() @ np.array([w[k] for k in values.columns])
    if single:
        return float(index[0])
    return pd.Series(index, index=values.index, name="sqi")


def performance_index(scores, weights: Mapping):
    """A service performance index: the weighted average of standard scores.

    .. math::

        I = \\sum_k w_k s_k, \\qquad w_k \\ge 0, \\quad \\sum_k w_k = 1

    Because the weights sum to one, the index always lies between the lowest and
    the highest score, in the scores' own unit (e.g. % of standard met).

    Parameters
    ----------
    scores : mapping or DataFrame
        Standard -> score (a mapping, or a DataFrame with one column per standard).
    weights : mapping
        Standard -> weight, non-negative, summing to 1.

    >>> performance_index({"speed": 90, "accuracy": 70}, {"speed": 0.25, "accuracy": 0.75})
    75.0
    """
    w = _check_weights(weights)
    total = sum(w.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise ValueError(f"weights must sum to 1, but they sum to {total:g}")
    values, single = _scores_frame(scores, w)
    index = values.to_numpy() @ np.array([w[k] for k in values.columns])
    if single:
        return float(index[0])
    return pd.Series(index, index=values.index, name="index")


def _scores_frame(scores, weights: dict[str, float]) -> tuple[pd.DataFrame, bool]:
    single = isinstance(scores, Mapping)
    frame = pd.DataFrame([scores]) if single else scores
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ValueError("scores must be a mapping or a non-empty DataFrame")
    if set(frame.columns) != set(weights):
        raise ValueError(f"scores has standards {list(frame.columns)} but weights has {list(weights)}")
    values = frame[list(weights)].apply(pd.to_numeric, errors="coerce")
    if values.isna().to_numpy().any() or not np.isfinite(values.to_numpy(dtype=float)).all():
        raise ValueError("scores must contain only finite numbers")
    return values.astype(float), single


# ---- hard and soft standards ---------------------------------------------------------------------
def _events(values, completed, name: str = "values") -> tuple[np.ndarray, np.ndarray]:
    times = non_empty(values, name)
    if np.any(times < 0):
        raise ValueError(f"{name} must be >= 0 (a negative time was given)")
    if completed is None:
        done = np.ones(times.size, dtype=bool)
    else:
        done = np.asarray(completed)
        if done.shape != times.shape or done.dtype != bool:
            raise ValueError("completed must be a boolean sequence as long as values")
    return times, done


def share_within(values, threshold: float, *, completed=None) -> float:
    """Share of events completed within a threshold: the measure behind a hard standard.

    .. math::

        \\text{SL}(T) = \\frac{\\#\\{i : \\text{completed}_i \\text{ and } t_i \\le T\\}}{n}

    Events that were never completed (a call abandoned before it was answered)
    count as misses, so the share is over all ``n`` events offered.

    Parameters
    ----------
    values : sequence of float
        Times, >= 0 (seconds to answer, hours to return a call, ...).
    threshold : float
        The standard's limit :math:`T`, >= 0, in the unit of ``values``.
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
    limits = non_empty(thresholds, "thresholds")
    if np.any(limits < 0):
        raise ValueError("thresholds must be >= 0")
    shares = [float(np.mean(done & (times <= t))) for t in limits]
    return pd.DataFrame({"threshold": limits, "share_within": shares})


def hard_standard(values, threshold: float, target: float, *, completed=None) -> dict:
    """Check a hard standard of the form "``target`` of events within ``threshold``".

    Returns
    -------
    dict
        ``events``, ``share_within``, ``target``, ``met`` and ``shortfall``: how many
        more events would have had to be within the threshold to meet the target,
        :math:`\\max(0, \\lceil \\text{target}\\cdot n \\rceil - \\text{hits})`.

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
    standard error :math:`s/\\sqrt{n}`, and the top-two-box share (scores in the two
    highest points of the scale), a common second reading of the same survey.

    >>> soft_standard([9, 8, 10, 7, 6], target=8)
    {'responses': 5, 'mean': 8.0, 'standard_error': 0.707, 'top_two_box': 0.4, 'target': 8.0, 'met': True}
    """
    low, high = (finite(scale[0], "scale"), finite(scale[1], "scale")) if len(scale) == 2 else (None, None)
    if low is None or not low < high:
        raise ValueError(f"scale={scale!r} must be (lowest, highest) with lowest < highest")
    values = non_empty(scores, "scores")
    if np.any((values < low) | (values > high)):
        raise ValueError(f"scores must lie on the scale {low:g} to {high:g}")
    goal = finite(target, "target")
    if not low <= goal <= high:
        raise ValueError(f"target={target!r} must lie on the scale {low:g} to {high:g}")
    se = float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else float("nan")
    return {
        "responses": int(values.size),
        "mean": round(float(values.mean()), 3),
        "standard_error": round(se, 3),
        "top_two_box": round(float(np.mean(values >= high - 1)), 3),
        "target": goal,
        "met": bool(values.mean() >= goal),
    }


def course_hard_standards() -> pd.DataFrame:
    """The hard standards the course's service-standards slides quote (Q-24).

    ``threshold`` and ``unit`` give the time limit where there is one; ``target`` is the
    share to be met where the source states one (NaN: the source only says it is tracked).

    >>> course_hard_standards().shape
    (9, 5)
    """
    rows = [
        ("Formal goal example", "return customer calls", 4, "hours", 0.97),
        ("Social Security Administration", "calls connected", 5, "minutes", 0.95),
        ("Puget Sound Energy", "call-centre calls answered", 30, "seconds", np.nan),
        ("Southwest Airlines", "reply to letters", 14, "days", np.nan),
        ("Honeywell", "orders received the same day", 1, "days", np.nan),
        ("Honeywell", "order accuracy", np.nan, "", 1.00),
        ("Puget Sound Energy", "in-home appointments kept", np.nan, "", np.nan),
        ("Puget Sound Energy", "unplanned outage hours per customer per year", np.nan, "hours", np.nan),
        ("Puget Sound Energy", "unplanned outages per customer per year", np.nan, "", np.nan),
    ]
    return pd.DataFrame(rows, columns=["organisation", "standard", "threshold", "unit", "target"])


# ---- control charts ------------------------------------------------------------------------------

#: Mean of the range of two normal observations in units of sigma (Montgomery, Appendix VI, n = 2).
D2 = 1.128


def western_electric(values, center, sigma) -> pd.DataFrame:
    """Flag the Western Electric out-of-control rules 1-4 on a control chart.

    With :math:`z_i = (x_i - \\text{center}_i)/\\sigma_i`:

    1. one point beyond 3 sigma: :math:`|z_i| > 3`;
    2. two of three consecutive points beyond 2 sigma on the same side;
    3. four of five consecutive points beyond 1 sigma on the same side;
    4. eight consecutive points on the same side of the center line.

    A rule is flagged on the point that completes the pattern; for rules 2 and 3 that
    point must itself lie beyond the 2- or 1-sigma line. The rules come from the Western
    Electric Statistical Quality Control Handbook (1956); Montgomery (2013, chapter 5)
    discusses them with other sensitizing rules.

    Parameters
    ----------
    values : sequence of float
        The plotted statistic, in time order.
    center, sigma : float or sequence of float
        Center line and standard deviation of the statistic (per point if they vary,
        as in a p-chart with unequal samples); ``sigma`` > 0.

    Returns
    -------
    pandas.DataFrame
        Boolean columns ``rule1`` to ``rule4`` and ``signal`` (any rule).

    >>> flags = western_electric([0, 0.5, 2.5, 2.2, 3.4, 0], center=0, sigma=1)
    >>> flags["rule1"].tolist(), flags["rule2"].tolist()
    ([False, False, False, False, True, False], [False, False, False, True, True, False])
    """
    x = non_empty(values, "values")
    mid = np.broadcast_to(np.asarray(center, dtype=float), x.shape)
    sd = np.broadcast_to(np.asarray(sigma, dtype=float), x.shape)
    if not np.all(np.isfinite(mid)):
        raise ValueError("center must be finite")
    if not np.all(np.isfinite(sd)) or np.any(sd <= 0):
        raise ValueError("sigma must be > 0 (a control chart needs some variation)")
    z = (x - mid) / sd
    n = z.size

    def window_count(condition: np.ndarray, width: int) -> np.ndarray:
        counts = np.convolve(condition.astype(int), np.ones(width, dtype=int))[:n]
        counts[: width - 1] = 0  # a window needs `width` points
        return counts

    rule1 = np.abs(z) > 3
    rule2 = ((window_count(z > 2, 3) >= 2) & (z > 2)) | ((window_count(z < -2, 3) >= 2) & (z < -2))
    rule3 = ((window_count(z > 1, 5) >= 4) & (z > 1)) | ((window_count(z < -1, 5) >= 4) & (z < -1))
    rule4 = (window_count(z > 0, 8) == 8) | (window_count(z < 0, 8) == 8)
    frame = pd.DataFrame({"rule1": rule1, "rule2": rule2, "rule3": rule3, "rule4": rule4})
    frame["signal"] = frame.any(axis=1)
    return frame


def p_chart(defectives, sizes, *, center: float | None = None) -> pd.DataFrame:
    """Control chart for the fraction of failures per sample (p-chart), with 3-sigma limits.

    .. math::

        \\bar p = \\frac{\\sum_i d_i}{\\sum_i n_i}, \\qquad
        \\text{UCL}_i, \\text{LCL}_i = \\bar p \\pm 3\\sqrt{\\frac{\\bar p(1-\\bar p)}{n_i}}

    with the lower limit cut at 0 and the upper at 1 (Montgomery 2013, section 7.2).
    Unequal sample sizes give each sample its own limits.

    Parameters
    ----------
    defectives : sequence of int
        Failures in each sample (calls answered late, say), >= 0 and <= the sample size.
    sizes : int or sequence of int
        Sample sizes, > 0 (a single number for equal samples).
    center : float, optional
        A known standard :math:`p` to chart against instead of :math:`\\bar p`, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per sample: ``n``, ``defectives``, ``p``, ``center``, ``sigma``, ``lcl``,
        ``ucl`` and the :func:`western_electric` flags.

    >>> chart = p_chart([2, 4, 2, 12], sizes=50)
    >>> round(float(chart.loc[0, "center"]), 3), round(float(chart.loc[0, "ucl"]), 4), chart["rule1"].tolist()
    (0.1, 0.2273, [False, False, False, True])
    """
    d = non_empty(defectives, "defectives")
    n = np.broadcast_to(np.asarray(sizes, dtype=float), d.shape).copy() if np.ndim(sizes) == 0 else non_empty(sizes, "sizes")
    if n.shape != d.shape:
        raise ValueError("sizes must be one number or one per sample, as long as defectives")
    if np.any(n <= 0) or np.any(n != np.round(n)):
        raise ValueError("sizes must be whole numbers > 0")
    if np.any(d < 0) or np.any(d != np.round(d)):
        raise ValueError("defectives must be whole numbers >= 0 (a negative count was given)")
    if np.any(d > n):
        raise ValueError("defectives must not exceed the sample sizes")
    if center is None:
        p_bar = d.sum() / n.sum()
        if p_bar <= 0 or p_bar >= 1:
            raise ValueError("defectives: the overall fraction must be strictly between 0 and 1 for a p-chart")
    else:
        p_bar = fraction(center, "center", inclusive=False)
    p = d / n
    sigma = np.sqrt(p_bar * (1 - p_bar) / n)
    frame = pd.DataFrame(
        {
            "sample": np.arange(1, d.size + 1),
            "n": n.astype(int),
            "defectives": d.astype(int),
            "p": p,
            "center": p_bar,
            "sigma": sigma,
            "lcl": np.clip(p_bar - 3 * sigma, 0, 1),
            "ucl": np.clip(p_bar + 3 * sigma, 0, 1),
        }
    )
    return pd.concat([frame, western_electric(p, p_bar, sigma)], axis=1)


def individuals_chart(values, *, center: float | None = None, sigma: float | None = None) -> pd.DataFrame:
    """Individuals (X) chart with limits from the average moving range.

    .. math::

        \\overline{MR} = \\frac{1}{m-1}\\sum_{i=2}^{m} |x_i - x_{i-1}|, \\qquad
        \\hat\\sigma = \\frac{\\overline{MR}}{d_2}, \\quad d_2 = 1.128, \\qquad
        \\text{UCL}, \\text{LCL} = \\bar x \\pm 3\\hat\\sigma

    (Montgomery 2013, section 6.4). Use it for one number per period, such as a daily
    index or a daily service level.

    Parameters
    ----------
    values : sequence of float
        The measurements in time order (at least two).
    center, sigma : float, optional
        Known center and standard deviation (phase II); by default estimated from the data.

    >>> chart = individuals_chart([10, 12, 11, 13, 12])
    >>> round(float(chart.loc[0, "center"]), 2), round(float(chart.loc[0, "ucl"]), 3)
    (11.6, 15.589)
    """
    x = non_empty(values, "values")
    if x.size < 2:
        raise ValueError("values must hold at least two measurements for a moving range")
    moving = np.abs(np.diff(x))
    mid = x.mean() if center is None else finite(center, "center")
    sd = moving.mean() / D2 if sigma is None else positive(sigma, "sigma")
    if sd <= 0:
        raise ValueError("values do not vary at all; a control chart needs some variation")
    frame = pd.DataFrame(
        {
            "x": x,
            "moving_range": np.concatenate([[np.nan], moving]),
            "center": mid,
            "sigma": sd,
            "lcl": mid - 3 * sd,
            "ucl": mid + 3 * sd,
        }
    )
    return pd.concat([frame, western_electric(x, mid, sd)], axis=1)


# ---- SERVQUAL ------------------------------------------------------------------------------------

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

    .. math::

        G_{ij} = P_{ij} - E_{ij}

    for respondent :math:`i` and item :math:`j = 1, \\ldots, 22`. A negative gap means the
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
    if not isinstance(points, pd.DataFrame) or points.empty:
        raise ValueError("points must be a non-empty DataFrame with one column per SERVQUAL dimension")
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

    .. math::

        G_d = \\frac{1}{|d|}\\sum_{j \\in d} \\bar G_j, \\qquad
        \\text{SQ}_\\text{weighted} = \\sum_d w_d\\, G_d, \\quad \\sum_d w_d = 1

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
        w = _check_weights(weights)
        if set(w) != set(SERVQUAL_DIMENSIONS):
            raise ValueError(f"weights must name exactly the five dimensions {list(SERVQUAL_DIMENSIONS)}, not {list(w)}")
        total = sum(w.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"weights must sum to 1, but they sum to {total:g}")
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


# ---- importance-performance analysis -------------------------------------------------------------

#: Martilla and James's (1977) names for the four quadrants, by (importance high?, performance high?).
IPA_QUADRANTS = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


def course_ipa_points() -> pd.DataFrame:
    """The course's importance-performance example for a supplier (service-standards slides, Q-22).

    Two labels are cut off in the source; the fifth attribute has no coordinates and is left out.
    The course draws both axes from 7.0 to 10.0, with the dividing line at 8.0.

    >>> course_ipa_points()["importance"].tolist()
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
        Where the cross-hairs go: a fixed scale point (the course uses 8.0) or the
        data's means.

    >>> table = ipa(course_ipa_points(), importance_split=8.0, performance_split=8.0)
    >>> table["quadrant"].tolist()
    ['Concentrate here', 'Keep up the good work', 'Keep up the good work', 'Concentrate here']
    """
    if not isinstance(attributes, pd.DataFrame) or attributes.empty:
        raise ValueError("attributes must be a non-empty DataFrame")
    absent = [c for c in ("attribute", "importance", "performance") if c not in attributes.columns]
    if absent:
        raise ValueError(f"attributes is missing the columns {absent}")
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


# ---- service recovery -----------------------------------------------------------------------------
def recovery_curve(hours, *, floor: float, ceiling: float, time_constant: float) -> np.ndarray:
    """Satisfaction after a complaint as it decays with handling time (an illustrative model).

    .. math::

        S(h) = S_\\infty + (S_0 - S_\\infty)\\, e^{-h/\\tau}

    with ``ceiling`` :math:`S_0` (satisfaction with an instant remedy), ``floor``
    :math:`S_\\infty` (what is left after a very slow one) and ``time_constant``
    :math:`\\tau` in hours (after :math:`\\tau` hours, 63% of the possible loss has
    happened). The course shows such a curve (satisfaction about 3-10 against 2-24
    hours, for large and small customers) without data; the shape is our assumption.

    >>> recovery_curve([0, 6], floor=3, ceiling=9, time_constant=6).round(3).tolist()
    [9.0, 5.207]
    """
    h = non_empty(np.atleast_1d(hours), "hours")
    if np.any(h < 0):
        raise ValueError("hours must be >= 0")
    low = finite(floor, "floor")
    high = finite(ceiling, "ceiling")
    tau = positive(time_constant, "time_constant")
    return low + (high - low) * np.exp(-h / tau)


def _fit_given_tau(h: np.ndarray, s: np.ndarray, tau: float) -> tuple[float, float, float]:
    x = np.exp(-h / tau)
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, s, rcond=None)
    sse = float(np.sum((s - design @ coef) ** 2))
    return float(coef[0]), float(coef[0] + coef[1]), sse


def fit_recovery_curve(hours, satisfaction, *, tau_range: tuple[float, float] = (0.25, 200.0)) -> dict:
    """Least-squares fit of :func:`recovery_curve` to (hours, satisfaction) observations.

    For a fixed :math:`\\tau` the model is linear in floor and ceiling, so they follow
    from ordinary least squares; :math:`\\tau` is found by a log-spaced grid search over
    ``tau_range`` hours refined by golden-section search.

    Returns
    -------
    dict
        ``floor``, ``ceiling``, ``time_constant`` (hours) and ``rmse`` (satisfaction points).

    >>> h = np.array([0.5, 2, 4, 8, 12, 24])
    >>> fit = fit_recovery_curve(h, recovery_curve(h, floor=3, ceiling=9, time_constant=6))
    >>> round(fit["floor"], 3), round(fit["ceiling"], 3), round(fit["time_constant"], 3)
    (3.0, 9.0, 6.0)
    """
    h = non_empty(hours, "hours")
    s = non_empty(satisfaction, "satisfaction")
    if h.shape != s.shape:
        raise ValueError("hours and satisfaction must have the same length")
    if h.size < 3:
        raise ValueError("hours must hold at least three observations to fit three parameters")
    if np.any(h < 0):
        raise ValueError("hours must be >= 0")
    low_tau, high_tau = positive(tau_range[0], "tau_range"), positive(tau_range[1], "tau_range")
    if not low_tau < high_tau:
        raise ValueError(f"tau_range={tau_range!r} must be (low, high) with low < high")
    if np.ptp(h) == 0:
        raise ValueError("hours must vary to fit a curve")
    grid = np.geomspace(low_tau, high_tau, 400)
    sse = np.array([_fit_given_tau(h, s, t)[2] for t in grid])
    best = int(np.argmin(sse))
    a, b = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(80):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if _fit_given_tau(h, s, c)[2] < _fit_given_tau(h, s, d)[2]:
            b = d
        else:
            a = c
    tau = float((a + b) / 2)
    floor, ceiling, error = _fit_given_tau(h, s, tau)
    return {"floor": floor, "ceiling": ceiling, "time_constant": tau, "rmse": math.sqrt(error / h.size)}


def hours_for_target(target: float, *, floor: float, ceiling: float, time_constant: float) -> float:
    """Longest handling time that keeps :func:`recovery_curve` at or above ``target``.

    .. math::

        h^* = -\\tau \\ln\\frac{T - S_\\infty}{S_0 - S_\\infty}

    Returns ``inf`` if the target is at or below the floor (any speed will do).

    >>> round(hours_for_target(6, floor=3, ceiling=9, time_constant=6), 3)
    4.159
    """
    goal = finite(target, "target")
    low = finite(floor, "floor")
    high = finite(ceiling, "ceiling")
    tau = positive(time_constant, "time_constant")
    if not high > low:
        raise ValueError(f"ceiling={ceiling!r} must be above floor={floor!r} for a decaying curve")
    if goal > high:
        raise ValueError(f"target={target!r} is above the ceiling {high:g}: no handling time reaches it")
    if goal <= low:
        return math.inf
    return -tau * math.log((goal - low) / (high - low))


def recovery_paradox(recovered, no_failure) -> dict:
    """Compare satisfaction after a recovery with satisfaction when nothing went wrong.

    The recovery paradox is the finding that customers whose problem was put right
    very well can end up *more* satisfied than customers who had no problem (see de
    Matos, Henrique and Rossi 2007 for a meta-analysis). The difference of means
    comes with a large-sample 95% interval,

    .. math::

        \\bar x_r - \\bar x_0 \\pm 1.96\\sqrt{s_r^2/n_r + s_0^2/n_0},

    and ``paradox`` is True only if the whole interval lies above zero.

    >>> out = recovery_paradox([9, 9, 8, 10, 9, 9], [8, 8, 9, 7, 8, 8])
    >>> out["difference"], out["paradox"]
    (1.0, True)
    """
    r = non_empty(recovered, "recovered")
    o = non_empty(no_failure, "no_failure")
    if r.size < 2 or o.size < 2:
        raise ValueError("recovered and no_failure must each hold at least two scores")
    diff = float(r.mean() - o.mean())
    se = math.sqrt(r.var(ddof=1) / r.size + o.var(ddof=1) / o.size)
    low, high = diff - 1.96 * se, diff + 1.96 * se
    return {
        "mean_recovered": round(float(r.mean()), 4),
        "mean_no_failure": round(float(o.mean()), 4),
        "difference": round(diff, 4),
        "ci_low": round(low, 4),
        "ci_high": round(high, 4),
        "paradox": bool(low > 0),
    }


# ---- first-contact resolution -----------------------------------------------------------------------
def contacts_per_issue(first_contact_resolution: float) -> float:
    """Expected contacts to settle one issue when each contact settles it with probability p.

    The number of contacts is geometric, so its mean is :math:`1/p`. The course's
    telecom hotline resolved fewer than 50% of calls at the first call (Q-36): at
    :math:`p = 0.5` every issue takes two calls on average.

    >>> contacts_per_issue(0.5)
    2.0
    """
    p = fraction(first_contact_resolution, "first_contact_resolution")
    if p == 0:
        raise ValueError("first_contact_resolution=0 must be > 0: no issue would ever be settled")
    return 1 / p


def repeat_contacts(issues: float, first_contact_resolution: float) -> float:
    """Extra contacts caused by issues not settled first time: :math:`N(1/p - 1)`.

    >>> repeat_contacts(1000, 0.4)
    1500.0
    """
    n = non_negative(issues, "issues")
    return n * (contacts_per_issue(first_contact_resolution) - 1)
