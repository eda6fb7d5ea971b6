"""Service quality indicators: FedEx's SQI with the slides' weights, and a service performance index.

Chapter 8 (客户服务的质量管理) measures quality with indexes that add up failures or
standards with weights.  Two are here:

- the **service quality indicator** (SQI) in the style of FedEx's, with the weights the
  service-standards slides give (:data:`SQI_WEIGHTS`, :func:`sqi_weights`):
  SQI = sum over failure types of weight x count, lower is better (:func:`sqi`,
  :func:`sqi_contributions`); the same weights carried over to the hotel analogue of each
  failure type in Mirror Lake's data (:data:`HOTEL_ANALOGUES`, :func:`analogue_weights`), an
  assumption of this book;
- a **service performance index**, the weighted average of standard scores with weights
  summing to one, so the index stays between its lowest and highest part
  (:func:`performance_index`).

>>> sqi({"lost_packages": 2, "right_day_late": 40}, {"lost_packages": 50, "right_day_late": 1})
140.0
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from servicelab._validate import non_negative, weights as _weights

__all__ = [
    "HOTEL_ANALOGUES",
    "SQI_LABELS",
    "SQI_WEIGHTS",
    "analogue_weights",
    "performance_index",
    "sqi",
    "sqi_contributions",
    "sqi_weights",
]


#: FedEx's SQI weights as the service-standards slides give them, failure type -> points per
#: failure. They are the slides' figures, not FedEx's official list. The weight for missing
#: proof of delivery is not in the source: see :func:`sqi_weights`.
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


#: English and Chinese names of the SQI failure types, the Chinese as the service-standards slides
#: write it.  The last one is garbled in the extracted slides ("送祇凭证丢失"); 送货凭证丢失 is our
#: reading of it.
SQI_LABELS = {
    "lost_packages": ("Lost packages", "包裹丢失"),
    "damaged_packages": ("Damaged packages", "包裹破损"),
    "wrong_day_late": ("Late, wrong day", "投递延迟晚于一天"),
    "complaints_reopened": ("Complaints reopened", "投诉事件再次发生"),
    "invoice_adjustments": ("Invoice adjustments", "修改发票"),
    "aircraft_delays": ("Aircraft delays", "飞机晚点"),
    "unanswered_enquiries": ("Enquiries not answered", "顾客查询不予回复"),
    "right_day_late": ("Late, right day", "投递延迟不晚于一天"),
    "missing_pod": ("Missing proof of delivery", "送货凭证丢失"),
}


def sqi_weights(missing_pod_weight: float) -> dict[str, float]:
    """The nine SQI weights of the service-standards slides, with the missing one supplied by the caller.

    The slides list missing proof of delivery as an indicator but its weight is
    **not in source**; it must be named explicitly so that every index states the
    assumption it rests on.

    >>> w = sqi_weights(missing_pod_weight=1)
    >>> len(w), w["lost_packages"], w["missing_pod"]
    (9, 50.0, 1.0)
    """
    weights = {key: float(value) for key, value in SQI_WEIGHTS.items()}
    weights["missing_pod"] = non_negative(missing_pod_weight, "missing_pod_weight")
    return weights


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
    """Points each failure type adds to the index: w_i c_i, one column per type.

    >>> sqi_contributions({"lost_packages": 2, "right_day_late": 40},
    ...                   {"lost_packages": 50, "right_day_late": 1}).iloc[0].tolist()
    [100.0, 40.0]
    """
    w = _weights(weights)
    values, _ = _counts_frame(counts, w)
    return values * pd.Series(w)


def sqi(counts, weights: Mapping):
    """Service quality indicator: the weighted count of failures.

    ::

        SQI_t = sum_i w_i c_(i,t)

    with c_(i,t) failures of type i on day t and weight
    w_i (points per failure). Lower is better; zero is a perfect day.
    FedEx built its SQI this way, so that with the weights of the service-standards slides
    (:data:`SQI_WEIGHTS`) one lost package counts as much as fifty late ones (see also
    Zeithaml, Bitner and Gremler 2018).

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
    w = _weights(weights)
    values, single = _counts_frame(counts, w)
    index = values.to_numpy() @ np.array([w[k] for k in values.columns])
    if single:
        return float(index[0])
    return pd.Series(index, index=values.index, name="sqi")


def performance_index(scores, weights: Mapping):
    """A service performance index: the weighted average of standard scores.

    ::

        I = sum_k w_k s_k, w_k >= 0, sum_k w_k = 1

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
    w = _weights(weights, sum_to_one=True)
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



#: The hotel analogue of each FedEx failure type: SQI failure type -> column of Mirror Lake's
#: ``service_failures`` data set.  The correspondence is this book's assumption, not the slides':
#: a hotel loses or damages guests' property instead of parcels, "walks" a guest with a booking
#: to another hotel instead of delivering on the wrong day, runs late shuttles instead of late
#: aircraft, and has rooms not ready at the promised time instead of parcels late on the right day.
HOTEL_ANALOGUES = {
    "lost_packages": "property_lost",
    "damaged_packages": "property_damaged",
    "wrong_day_late": "guest_walked",
    "complaints_reopened": "complaints_reopened",
    "invoice_adjustments": "invoice_adjustments",
    "aircraft_delays": "shuttle_late",
    "unanswered_enquiries": "enquiries_unanswered",
    "right_day_late": "room_not_ready",
    "missing_pod": "delivery_unsigned",
}


def analogue_weights(weights: Mapping, analogues: Mapping | None = None) -> dict[str, float]:
    """Carry SQI weights over to the analogue failure types: ``{analogue: weight}``.

    Each failure type keeps its weight under the name of its analogue (by default
    :data:`HOTEL_ANALOGUES`, Mirror Lake's columns), so that the index of the analogues is
    SQI = sum_i w_i c_(analogue of i, t).  Every type in ``weights`` needs an analogue, and
    no two types may share one.

    >>> w = analogue_weights(sqi_weights(missing_pod_weight=3))
    >>> w["property_lost"], w["room_not_ready"], w["delivery_unsigned"]
    (50.0, 1.0, 3.0)
    """
    w = _weights(weights)
    table = dict(HOTEL_ANALOGUES if analogues is None else analogues)
    missing = [k for k in w if k not in table]
    if missing:
        raise ValueError(f"analogues has no analogue for {missing}; it maps {list(table)}")
    targets = [table[k] for k in w]
    if len(set(targets)) != len(targets):
        raise ValueError(f"analogues must map each failure type to a different analogue, not {targets}")
    return {table[k]: v for k, v in w.items()}
