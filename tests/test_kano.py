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

