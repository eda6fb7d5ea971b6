"""The service-visibility funnel of the handbook (Chapter 9).

Expected values are computed by hand from the handbook's definitions.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from servicelab import visibility


COUNTS = {"target": 1000, "aware": 700, "interested": 280, "tried": 200, "perceived_well": 150}


def test_funnel_rates_as_the_handbook_writes_them():
    # Awareness 700/1000 = 0.70; interest 280/700 = 0.40; experience 200/700 (aware as the
    # denominator, as written) = 0.2857; perception 150/200 = 0.75.
    table = visibility.funnel_rates(COUNTS)
    assert table["rate"].tolist() == pytest.approx([0.70, 0.40, 200 / 700, 0.75])
    assert table.loc["experience", "denominator"] == "aware"


def test_stagewise_experience_rate_and_the_link_between_the_two_readings():
    stagewise = visibility.funnel_rates(COUNTS, definition="stagewise")
    # Stage to stage: tried / interested = 200/280 = 0.714.
    assert stagewise.loc["experience", "rate"] == pytest.approx(200 / 280)
    # The handbook's experience rate = interest rate x stage-to-stage experience rate.
    handbook = visibility.funnel_rates(COUNTS)
    assert handbook.loc["experience", "rate"] == pytest.approx(0.40 * 200 / 280)


def test_leak_and_leakiest_stage_by_hand():
    table = visibility.funnel_rates(COUNTS)
    # Lost at each step: 300, 420, 80, 50; leak shares 0.30, 0.60, 0.286, 0.25.
    assert table["lost"].tolist() == [300, 420, 80, 50]
    assert table["leak"].tolist() == pytest.approx([0.30, 0.60, 80 / 280, 0.25])
    assert visibility.leakiest_stage(COUNTS) == "interest"


def test_funnel_from_survey_counts_by_group():
    survey = pd.DataFrame(
        {
            "segment": ["a", "a", "a", "a", "b", "b"],
            "aware": [True, True, True, False, True, False],
            "interested": [True, True, False, False, False, False],
            "tried": [True, False, False, False, False, False],
            "perceived_well": [False, False, False, False, False, False],
        }
    )
    table = visibility.funnel_from_survey(survey, "segment")
    # Segment a: 4 targeted, 3 aware, 2 interested, 1 tried, 0 perceived well.
    assert table.loc["a", ["target", "aware", "interested", "tried", "perceived_well"]].tolist() == [4, 3, 2, 1, 0]
    assert table.loc["a", "awareness"] == 0.75 and table.loc["a", "experience"] == pytest.approx(1 / 3)
    assert table.loc["a", "experience_stagewise"] == 0.5
    # Segment a loses everyone who tried (1 of 1) at perception: the leakiest step.
    assert table.loc["a", "leakiest"] == "perception"
    # Segment b: 1 of 2 aware, then nobody interested.
    assert table.loc["b", "leakiest"] == "interest"


@given(st.lists(st.integers(0, 50), min_size=4, max_size=4), st.integers(1, 100))
def test_funnel_rates_lie_between_zero_and_one(drops, target):
    counts = {"target": target}
    level = target
    for stage, drop in zip(visibility.FUNNEL_STAGES[1:], drops):
        level = max(level - drop, 0)
        counts[stage] = level
    rates = visibility.funnel_rates(counts)["rate"].dropna()
    assert ((rates >= 0) & (rates <= 1)).all()


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: visibility.funnel_rates({**COUNTS, "tried": 300}), "counts"),
        (lambda: visibility.funnel_rates({"target": 10}), "counts"),
        (lambda: visibility.funnel_rates(COUNTS, definition="other"), "definition"),
        (lambda: visibility.funnel_from_survey(pd.DataFrame(columns=["aware", "interested", "tried", "perceived_well"])),
         "survey"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)



def test_funnel_intervals_are_wilson_intervals_of_each_step():
    # Independent value: scipy's binomtest Wilson interval (method "wilson") for each step,
    # reached / previous stage: 700/1000, 280/700, 200/280, 150/200.
    table = visibility.funnel_intervals(COUNTS)
    for (rate, row), (k, n) in zip(table.iterrows(), [(700, 1000), (280, 700), (200, 280), (150, 200)]):
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert row["conversion"] == pytest.approx(k / n)
        assert (row["low"], row["high"]) == pytest.approx((ci.low, ci.high))
        assert (row["leak_low"], row["leak_high"]) == pytest.approx((1 - ci.high, 1 - ci.low))
    assert table["base"].tolist() == [1000, 700, 280, 200]


def test_funnel_intervals_empty_stage_and_bad_counts():
    table = visibility.funnel_intervals({"target": 10, "aware": 0, "interested": 0, "tried": 0, "perceived_well": 0})
    assert table.loc["awareness", "conversion"] == 0.0 and np.isnan(table.loc["interest", "conversion"])
    with pytest.raises(ValueError, match="whole numbers"):
        visibility.funnel_intervals({"target": 10.5, "aware": 3, "interested": 2, "tried": 1, "perceived_well": 1})
