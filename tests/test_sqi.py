"""Service quality indicators (Chapter 8): the SQI with the course's weights, the performance index.

Expected values come from the course's figures (service-standards slides) or closed forms.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import sqi


def test_sqi_weights_are_exactly_the_service_standards_slides_figures():
    # Service-standards slides, FedEx SQI table (syllabus Q-21); the missing-POD weight is not in source.
    assert sqi.SQI_WEIGHTS == {
        "lost_packages": 50,
        "damaged_packages": 30,
        "wrong_day_late": 10,
        "complaints_reopened": 10,
        "invoice_adjustments": 3,
        "aircraft_delays": 3,
        "unanswered_enquiries": 3,
        "right_day_late": 1,
    }
    assert list(sqi.SQI_WEIGHTS.values()) == [50, 30, 10, 10, 3, 3, 3, 1]
    assert "missing_pod" not in sqi.SQI_WEIGHTS


def test_missing_pod_weight_must_be_named():
    with pytest.raises(TypeError):
        sqi.sqi_weights()  # the caller has to state the assumption
    weights = sqi.sqi_weights(missing_pod_weight=5)
    assert weights["missing_pod"] == 5
    assert {k: v for k, v in weights.items() if k != "missing_pod"} == sqi.SQI_WEIGHTS


def test_sqi_is_the_weighted_count():
    # One day: 1 lost (50) + 2 damaged (60) + 3 wrong-day late (30) + 1 reopened (10)
    # + 4 invoice adjustments (12) + 0 aircraft + 2 enquiries (6) + 20 right-day late (20)
    # + 3 missing POD at an assumed weight 2 (6) = 194.
    counts = {"lost_packages": 1, "damaged_packages": 2, "wrong_day_late": 3, "complaints_reopened": 1,
              "invoice_adjustments": 4, "aircraft_delays": 0, "unanswered_enquiries": 2,
              "right_day_late": 20, "missing_pod": 3}
    assert sqi.sqi(counts, sqi.sqi_weights(missing_pod_weight=2)) == 194
    frame = pd.DataFrame([counts, {k: 0 for k in counts}])
    assert sqi.sqi(frame, sqi.sqi_weights(missing_pod_weight=2)).tolist() == [194, 0]
    parts = sqi.sqi_contributions(frame, sqi.sqi_weights(missing_pod_weight=2))
    assert parts.iloc[0].sum() == 194 and parts.loc[0, "lost_packages"] == 50


@settings(deadline=None)  # a busy machine must not turn a slow example into a failure
@given(st.lists(st.integers(min_value=0, max_value=500), min_size=9, max_size=9), st.integers(0, 8))
def test_sqi_never_falls_when_a_failure_is_added(counts, which):
    weights = sqi.sqi_weights(missing_pod_weight=1)
    base = dict(zip(weights, counts))
    more = dict(base)
    key = list(weights)[which]
    more[key] += 1
    assert sqi.sqi(more, weights) - sqi.sqi(base, weights) == pytest.approx(weights[key])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=6),
    st.lists(st.floats(min_value=0.01, max_value=1), min_size=6, max_size=6),
)
def test_performance_index_lies_between_its_parts(scores, raw):
    raw = raw[: len(scores)]
    weights = {f"s{i}": w / sum(raw) for i, w in enumerate(raw)}
    total = sum(weights.values())
    weights[f"s{len(scores) - 1}"] += 1 - total  # make the sum exactly one
    index = sqi.performance_index({f"s{i}": s for i, s in enumerate(scores)}, weights)
    assert min(scores) - 1e-9 <= index <= max(scores) + 1e-9


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: sqi.sqi_weights(missing_pod_weight=-1), "missing_pod_weight"),
        (lambda: sqi.sqi({"lost_packages": -1}, {"lost_packages": 50}), "counts"),
        (lambda: sqi.sqi({"lost_parcels": 1}, {"lost_packages": 50}), "counts"),
        (lambda: sqi.sqi({"lost_packages": 1}, {"lost_packages": -50}), "weights"),
        (lambda: sqi.performance_index({"a": 1, "b": 2}, {"a": 0.5, "b": 0.6}), "weights must sum to 1"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)



def test_hotel_analogues_keep_each_weight_and_match_the_data_description():
    # Each FedEx type keeps its weight under its hotel analogue (our mapping).
    weights = sqi.analogue_weights(sqi.sqi_weights(missing_pod_weight=3))
    assert weights == {"property_lost": 50, "property_damaged": 30, "guest_walked": 10, "complaints_reopened": 10,
                       "invoice_adjustments": 3, "shuttle_late": 3, "enquiries_unanswered": 3, "room_not_ready": 1,
                       "delivery_unsigned": 3}
    # The data set's own description names, for each column, the slides' failure type it stands for.
    from servicelab.synth.service_failures import ANALOGUES
    assert set(sqi.HOTEL_ANALOGUES.values()) == set(ANALOGUES)
    for fedex, column in sqi.HOTEL_ANALOGUES.items():
        assert ANALOGUES[column][0].startswith(sqi.SQI_LABELS[fedex][1]), (fedex, column)


def test_hotel_sqi_of_one_day_by_hand():
    # 1 property lost (50) + 2 rooms not ready (2) + 1 unsigned delivery at an assumed 3 (3) = 55.
    weights = sqi.analogue_weights(sqi.sqi_weights(missing_pod_weight=3))
    day = dict.fromkeys(weights, 0) | {"property_lost": 1, "room_not_ready": 2, "delivery_unsigned": 1}
    assert sqi.sqi(day, weights) == 55


def test_analogue_weights_refuses_gaps_and_clashes():
    with pytest.raises(ValueError, match="analogues has no analogue"):
        sqi.analogue_weights({"lost_packages": 50}, {"damaged_packages": "x"})
    with pytest.raises(ValueError, match="different analogue"):
        sqi.analogue_weights({"lost_packages": 50, "damaged_packages": 30}, {"lost_packages": "x", "damaged_packages": "x"})
