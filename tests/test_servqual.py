"""SERVQUAL and importance-performance analysis (Chapter 8).

Expected values come from the SERVQUAL instrument (Parasuraman, Zeithaml and Berry 1988), the course's
IPA example (service-standards slides) or an independent computation in the test.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import servqual


def test_servqual_items_follow_parasuraman_zeithaml_berry_1988():
    # Parasuraman, Zeithaml and Berry (1988), Journal of Retailing 64(1): tangibles items 1-4,
    # reliability 5-9, responsiveness 10-13, assurance 14-17, empathy 18-22.
    assert servqual.SERVQUAL_DIMENSIONS == {
        "tangibles": (1, 2, 3, 4),
        "reliability": (5, 6, 7, 8, 9),
        "responsiveness": (10, 11, 12, 13),
        "assurance": (14, 15, 16, 17),
        "empathy": (18, 19, 20, 21, 22),
    }
    items = [j for group in servqual.SERVQUAL_DIMENSIONS.values() for j in group]
    assert sorted(items) == list(range(1, 23)) and len(set(items)) == 22
    assert sorted(servqual.SERVQUAL_ITEMS) == list(range(1, 23))


def test_servqual_scores_equal_an_independent_computation():
    rng = np.random.default_rng(11)
    e = rng.integers(1, 8, size=(40, 22))
    p = rng.integers(1, 8, size=(40, 22))
    weights = {"tangibles": 0.1, "reliability": 0.35, "responsiveness": 0.25, "assurance": 0.2, "empathy": 0.1}
    table = servqual.servqual_scores(e, p, weights=weights)
    gaps = (p - e).mean(axis=0)
    expected = {
        "tangibles": gaps[0:4].mean(), "reliability": gaps[4:9].mean(), "responsiveness": gaps[9:13].mean(),
        "assurance": gaps[13:17].mean(), "empathy": gaps[17:22].mean(),
    }
    for dim, gap in expected.items():
        assert table.loc[dim, "gap"] == pytest.approx(gap)
    assert table.loc["overall", "weighted_gap"] == pytest.approx(sum(weights[d] * g for d, g in expected.items()))
    assert table.loc["overall", "gap"] == pytest.approx(np.mean(list(expected.values())))


def test_importance_points_must_sum_to_100():
    good = pd.DataFrame([[20, 30, 20, 15, 15], [10, 40, 20, 20, 10]], columns=list(servqual.SERVQUAL_DIMENSIONS))
    assert servqual.importance_weights(good)["reliability"] == pytest.approx(0.35)
    bad = good.copy()
    bad.loc[1, "empathy"] = 15  # row sums to 105
    with pytest.raises(ValueError, match="points must sum to 100"):
        servqual.importance_weights(bad)


def test_slides_ipa_points_and_quadrants():
    # Service-standards slides: four (importance, performance) points, split at 8.0.
    points = servqual.slides_ipa_points()
    assert list(zip(points["importance"], points["performance"])) == [
        (9.04, 7.63), (9.18, 8.01), (9.24, 8.14), (9.02, 7.84)
    ]
    table = servqual.ipa(points, importance_split=8.0, performance_split=8.0)
    assert table["quadrant"].tolist() == [
        "Concentrate here", "Keep up the good work", "Keep up the good work", "Concentrate here"
    ]
    # Gaps 1.41, 1.17, 1.10, 1.18: priorities 1, 3, 4, 2.
    assert table["priority"].tolist() == [1, 3, 4, 2]


def test_ipa_quadrant_names_follow_martilla_and_james():
    attributes = pd.DataFrame({"attribute": list("abcd"), "importance": [9, 9, 7, 7], "performance": [7, 9, 7, 9]})
    table = servqual.ipa(attributes, importance_split=8, performance_split=8)
    assert table["quadrant"].tolist() == ["Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"]


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: servqual.servqual_gaps([5] * 21, [5] * 21), "expectations"),
        (lambda: servqual.servqual_gaps([5] * 22, [8] * 22), "perceptions"),
        (lambda: servqual.servqual_scores([5] * 22, [5] * 22, weights={"tangibles": 1.0}), "weights"),
        (lambda: servqual.servqual_scores([5] * 22, [5] * 22, weights=dict.fromkeys(servqual.SERVQUAL_DIMENSIONS, 0.3)),
         "weights must sum to 1"),
        (lambda: servqual.ipa(servqual.slides_ipa_points(), importance_split="high", performance_split=8), "importance_split"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)



def test_dimension_means_average_the_items_of_each_dimension():
    # Respondent 1: 6 on tangibles (items 1-4), 4 on reliability (5-9), 5 elsewhere; respondent 2 all 3.
    values = pd.DataFrame([[6] * 4 + [4] * 5 + [5] * 13, [3] * 22], index=["r1", "r2"])
    means = servqual.dimension_means(values)
    assert means.loc["r1"].tolist() == [6.0, 4.0, 5.0, 5.0, 5.0]
    assert means.loc["r2"].tolist() == [3.0] * 5
    # Their average equals servqual_scores' dimension means (the same mapping, another route).
    scores = servqual.servqual_scores(values, values)
    assert means.mean().tolist() == pytest.approx(scores["perception"].iloc[:5].tolist())
    # Gaps lie on -6..6 and must be allowed with that scale.
    with pytest.raises(ValueError, match="scale"):
        servqual.dimension_means([[-1] * 22])
    assert servqual.dimension_means([[-1] * 22], scale=(-6, 6)).iloc[0].tolist() == [-1.0] * 5
