"""Kano categories, Better/Worse coefficients and the handbook's service classes (Chapter 9).

Expected values come from the evaluation table of Berger et al. (1993) and hand counts.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from servicelab import kano


BERGER_1993 = [
    "Q A A A O",
    "R I I I M",
    "R I I I M",
    "R I I I M",
    "R R R R Q",
]


def test_kano_table_follows_berger_et_al_1993():
    for f, row in zip(kano.KANO_ANSWERS, BERGER_1993):
        for d, expected in zip(kano.KANO_ANSWERS, row.split()):
            assert kano.kano_category(f, d) == expected, (f, d)
    # Numeric codes 1-5 work the same way.
    assert kano.kano_category(1, 5) == "O" and kano.kano_category(2, 5) == "M" and kano.kano_category(5, 1) == "R"


def test_kano_summary_counts_category_better_worse_by_hand():
    frame = pd.DataFrame(
        {
            "attribute": ["lounge"] * 5 + ["bill"] * 4,
            "functional": ["like", "like", "like", "neutral", "like", "must-be", "neutral", "like", "must-be"],
            "dysfunctional": ["neutral", "live-with", "dislike", "neutral", "must-be",
                              "dislike", "dislike", "dislike", "neutral"],
        }
    )
    table = kano.kano_summary(frame)
    # lounge: A, A, O, I, A -> A = 3, O = 1, I = 1: attractive.
    # Better = (3 + 1) / 5 = 0.8; Worse = -(1 + 0) / 5 = -0.2.
    assert table.loc["lounge", ["A", "O", "M", "I"]].tolist() == [3, 1, 0, 1]
    assert table.loc["lounge", "category"] == "A"
    assert table.loc["lounge", "better"] == pytest.approx(0.8)
    assert table.loc["lounge", "worse"] == pytest.approx(-0.2)
    assert table.loc["lounge", "service_class"] == "extended"
    # bill: M, M, O, I -> must-be; Better = 1/4, Worse = -(1 + 2)/4 = -0.75.
    assert table.loc["bill", "category"] == "M"
    assert table.loc["bill", ["better", "worse"]].tolist() == pytest.approx([0.25, -0.75])
    assert table.loc["bill", "service_class"] == "basic"


def test_kano_ties_are_broken_must_be_first():
    # One M and one O: tie -> M (order M > O > A > I).
    frame = pd.DataFrame({"attribute": ["x", "x"], "functional": ["neutral", "like"],
                          "dysfunctional": ["dislike", "dislike"]})
    assert kano.kano_summary(frame).loc["x", "category"] == "M"


def test_service_class_mapping_of_the_handbook_four_classes():
    assert [kano.service_class(c) for c in "MOAIRQ"] == ["basic", "standard", "extended", "none", "none", "none"]
    assert kano.service_class("O", emotional=True) == "emotional"
    # An emotional gesture that customers do not miss when absent behaves like an extended service.
    assert kano.service_class("A", emotional=True) == "extended"
    assert list(kano.SERVICE_CLASSES.index) == ["basic", "standard", "extended", "emotional"]


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: kano.kano_category("love", "dislike"), "functional"),
        (lambda: kano.kano_category("like", 6), "dysfunctional"),
        (lambda: kano.kano_category([], []), "functional"),
        (lambda: kano.kano_summary(pd.DataFrame({"attribute": ["x"], "functional": ["like"]})), "frame"),
        (lambda: kano.service_class("X"), "category"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)



# ---- category strength and Fong's test ----------------------------------------------------------------
def _answers(counts: dict, attribute: str = "x") -> pd.DataFrame:
    """A survey whose answer pairs give exactly these category counts (the clean pair of each)."""
    clean = {"A": ("like", "neutral"), "O": ("like", "dislike"), "M": ("must-be", "dislike"),
             "I": ("neutral", "neutral"), "R": ("dislike", "like"), "Q": ("like", "like")}
    rows = [(attribute, *clean[c]) for c, k in counts.items() for _ in range(k)]
    return pd.DataFrame(rows, columns=["attribute", "functional", "dysfunctional"])


def test_category_strength_by_hand_for_a_close_call():
    # The review's example: 140 attractive against 132 one-dimensional of 400 answers.
    # By hand: d = 8/400 = 0.02; se = sqrt((0.35 + 0.33 - 0.0004)/400) = 0.041218; z = 1.959964,
    # so the interval is 0.02 +/- 0.080786. Fong: Q = 1.65 sqrt(272 x 528 / 800) = 22.107 > 8.
    survey = _answers({"A": 140, "O": 132, "M": 27, "I": 92, "R": 9})
    row = kano.category_strength(survey).loc["x"]
    assert (row["first"], row["second"], row["n_first"], row["n_second"], row["n"]) == ("A", "O", 140, 132, 400)
    assert row["strength"] == pytest.approx(0.02)
    assert row["low"] == pytest.approx(0.02 - 0.080786, abs=1e-5)
    assert row["high"] == pytest.approx(0.02 + 0.080786, abs=1e-5)
    assert row["fong_q"] == pytest.approx(22.107, abs=1e-3)
    assert not row["distinct"]


def test_category_strength_clear_must_be():
    # 257 must-be against 74 one-dimensional of 400: Q = 1.65 sqrt(331 x 469 / 800) = 22.98 < 183.
    survey = _answers({"M": 257, "O": 74, "A": 23, "I": 44, "Q": 2})
    row = kano.category_strength(survey).loc["x"]
    assert (row["first"], row["second"]) == ("M", "O")
    assert row["fong_q"] == pytest.approx(1.65 * np.sqrt(331 * 469 / 800))
    assert row["distinct"] and row["low"] > 0


def test_strength_interval_agrees_with_a_bootstrap():
    # Independent check of the Wald interval: resample the 400 respondents (scipy's percentile
    # bootstrap of the mean of +1 for the first category, -1 for the second, 0 otherwise).
    counts = {"A": 150, "I": 120, "O": 80, "M": 40, "R": 10}
    row = kano.category_strength(_answers(counts)).loc["x"]
    codes = np.repeat([1.0, -1.0, 0.0], [150, 120, 130])
    boot = stats.bootstrap((codes,), np.mean, confidence_level=0.95, method="percentile",
                           n_resamples=4000, random_state=np.random.default_rng(1)).confidence_interval
    assert row["low"] == pytest.approx(boot.low, abs=0.01)
    assert row["high"] == pytest.approx(boot.high, abs=0.01)


def test_strength_ties_follow_the_modal_tie_break():
    row = kano.category_strength(_answers({"A": 5, "O": 5, "I": 2})).loc["x"]
    assert (row["first"], row["second"], row["strength"]) == ("O", "A", 0.0)
    assert kano.kano_summary(_answers({"A": 5, "O": 5, "I": 2})).loc["x", "category"] == row["first"]


def test_strength_by_segment_and_bad_confidence():
    frame = pd.concat([_answers({"A": 30, "I": 5}).assign(segment="business"),
                       _answers({"I": 30, "A": 5}).assign(segment="leisure")])
    table = kano.category_strength(frame, ["attribute", "segment"])
    assert table.loc[("x", "business"), "first"] == "A" and table.loc[("x", "leisure"), "first"] == "I"
    with pytest.raises(ValueError, match="^confidence"):
        kano.category_strength(frame, confidence=1.2)
