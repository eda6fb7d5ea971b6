"""Satisfaction (Chapter 9): S = P - E, zone of tolerance, CSAT, NPS, loyalty curve, funnel, Kano.

Every expected value below is worked out by hand in the comment beside it, or comes from an
independent implementation (scipy) or a closed form.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from servicelab import satisfaction as sat


# ---------------------------------------------------------------------------------------------
# S = P - E
# ---------------------------------------------------------------------------------------------
def test_gap_is_perception_minus_expectation_by_hand():
    # Three guests rate "check-in speed": expected 7, 8, 6; perceived 5, 8, 9.
    # S = 5-7, 8-8, 9-6 = -2, 0, +3 (the satisfaction slides' golden rule S = P - E).
    assert sat.gap([5, 8, 9], [7, 8, 6]).tolist() == [-2.0, 0.0, 3.0]


def test_gap_outcomes_follow_the_course_table():
    # Course slides, 9.1: P < E dissatisfied; P = E satisfied; P > E "more than I paid for".
    assert sat.gap_outcome([-2, 0, 3]).tolist() == ["dissatisfied", "satisfied", "highly satisfied"]
    # With a tolerance of 0.5 points a gap of -0.4 counts as expectations met.
    assert sat.gap_outcome(-0.4, tolerance=0.5) == "satisfied"
    assert sat.gap_outcome(0.6, tolerance=0.5) == "highly satisfied"


def _small_survey():
    # Two guests, three items in two dimensions.
    return pd.DataFrame(
        {
            "guest": [1, 1, 1, 2, 2, 2],
            "item": ["bill", "booking", "checkin"] * 2,
            "dimension": ["reliability", "reliability", "responsiveness"] * 2,
            "expectation": [9, 8, 7, 8, 8, 6],
            "perception": [7, 8, 8, 6, 9, 4],
        }
    )


def test_gap_summary_per_item_dimension_and_overall_by_hand():
    survey = _small_survey()
    # Items: bill (7-9 + 6-8)/2 = -2.0; booking (0 + 1)/2 = 0.5; checkin (1 + -2)/2 = -0.5.
    items = sat.gap_summary(survey, "item")
    assert items["gap"].to_dict() == {"bill": -2.0, "checkin": -0.5, "booking": 0.5}
    assert items.index.tolist() == ["bill", "checkin", "booking"]  # worst first
    assert items.loc["bill", "expectation"] == 8.5 and items.loc["bill", "perception"] == 6.5
    # Dimensions: reliability (-2 + 0 - 2 + 1)/4 = -0.75; responsiveness (1 - 2)/2 = -0.5.
    dims = sat.gap_summary(survey, "dimension")
    assert dims["gap"].to_dict() == {"reliability": -0.75, "responsiveness": -0.5}
    assert dims["n"].to_dict() == {"reliability": 4, "responsiveness": 2}
    # Overall: sum of gaps (-2 + 0 + 1 - 2 + 1 - 2) / 6 = -4/6.
    overall = sat.gap_summary(survey)
    assert overall.loc["overall", "gap"] == pytest.approx(-4 / 6)
    assert overall.loc["overall", "n"] == 6


@given(st.lists(st.tuples(st.integers(1, 9), st.integers(1, 9)), min_size=1, max_size=40))
def test_mean_gap_equals_mean_perception_minus_mean_expectation(pairs):
    frame = pd.DataFrame(pairs, columns=["perception", "expectation"])
    row = sat.gap_summary(frame).iloc[0]
    assert row["gap"] == pytest.approx(row["perception"] - row["expectation"])
    assert -8 <= row["gap"] <= 8


def test_zone_of_tolerance_positions_and_gaps_by_hand():
    # Adequate 5, desired 8 (Zeithaml, Berry and Parasuraman 1993): P = 4 is below the zone,
    # 5 and 8 are on its edges (inside), 9 is above desired.
    zone = sat.zone_of_tolerance([4, 5, 8, 9], adequate=[5] * 4, desired=[8] * 4)
    assert zone["position"].tolist() == ["below adequate", "within zone", "within zone", "above desired"]
    # Adequacy gap P - A and superiority gap P - D (Parasuraman et al. 1994's MSA and MSS).
    assert zone["adequacy"].tolist() == [-1.0, 0.0, 3.0, 4.0]
    assert zone["superiority"].tolist() == [-4.0, -3.0, 0.0, 1.0]


# ---------------------------------------------------------------------------------------------
# CSAT and NPS
# ---------------------------------------------------------------------------------------------
def test_csat_top_two_box_by_hand():
    # Ten ratings on 1-5; 4s and 5s: 5, 5, 4, 4, 4, 5, 4 = 7 of 10 -> 70%.
    scores = [5, 5, 4, 4, 4, 3, 2, 1, 5, 4]
    assert sat.csat(scores) == 70.0
    # Top box only (5s): 3 of 10 -> 30%.
    assert sat.csat(scores, satisfied_from=5) == 30.0


def test_nps_by_hand():
    # Reichheld (2003): 20 answers, 10 promoters (9-10), 6 passives (7-8), 4 detractors (0-6).
    # NPS = 100 x (10 - 4) / 20 = 30.
    scores = [10] * 7 + [9] * 3 + [8] * 4 + [7] * 2 + [6] * 2 + [3] * 2
    assert sat.nps(scores) == 30.0
    assert sat.nps_category(scores).tolist().count("passive") == 6
    # The extremes: all promoters +100, all detractors -100; 6 is a detractor, 7 a passive.
    assert sat.nps([9, 10]) == 100.0 and sat.nps([0, 6]) == -100.0 and sat.nps([7, 8]) == 0.0


@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_nps_is_bounded_and_equals_the_mean_of_plus_minus_codes(scores):
    codes = [1 if s >= 9 else (-1 if s <= 6 else 0) for s in scores]
    value = sat.nps(scores)
    assert -100 <= value <= 100
    assert value == pytest.approx(100 * np.mean(codes))


def test_bootstrap_is_seeded_and_reproducible():
    scores = [10, 9, 9, 8, 7, 6, 5, 10, 3, 9, 8, 10]
    first = sat.nps_ci(scores, seed=11)
    assert first == sat.nps_ci(scores, seed=11)
    assert first != sat.nps_ci(scores, seed=12)
    assert first.low <= first.estimate <= first.high


def test_bootstrap_of_the_mean_agrees_with_scipy():
    # Independent implementation: scipy.stats.bootstrap with the percentile method.
    rng = np.random.default_rng(5)
    sample = rng.normal(7.0, 1.5, size=200)
    ours = sat.bootstrap_ci(sample, np.mean, n_resamples=4000, seed=1)
    theirs = stats.bootstrap((sample,), np.mean, n_resamples=4000, method="percentile", rng=np.random.default_rng(2))
    assert ours.low == pytest.approx(theirs.confidence_interval.low, abs=0.04)
    assert ours.high == pytest.approx(theirs.confidence_interval.high, abs=0.04)


def test_nps_interval_width_matches_the_closed_form_standard_error():
    # With shares p+ and p- of promoters and detractors, Var(c) = p+ + p- - (p+ - p-)^2, so
    # SE(NPS) = 100 sqrt(Var(c) / n). Here p+ = 0.4, p- = 0.2, n = 500: SE = 100 sqrt(0.56/500) = 3.347.
    scores = [10] * 200 + [8] * 200 + [4] * 100
    ci = sat.nps_ci(scores, n_resamples=4000, seed=3)
    se = 100 * np.sqrt((0.4 + 0.2 - 0.2**2) / 500)
    assert ci.estimate == 20.0
    assert (ci.high - ci.low) / 2 == pytest.approx(1.96 * se, rel=0.08)


def test_score_table_gives_one_interval_per_group():
    frame = pd.DataFrame({"branch": ["A"] * 4 + ["B"] * 4, "recommend": [10, 10, 9, 2, 6, 6, 8, 9]})
    table = sat.score_table(frame, "branch", "recommend", n_resamples=200)
    # A: 3 promoters, 1 detractor of 4 -> 50; B: 1 promoter, 2 detractors of 4 -> -25.
    assert table["estimate"].to_dict() == {"A": 50.0, "B": -25.0}
    assert table["n"].tolist() == [4, 4]
    csat_table = sat.score_table(
        pd.DataFrame({"g": ["x"] * 3, "s": [5, 4, 1]}), "g", "s", metric="csat", n_resamples=200
    )
    assert csat_table.loc["x", "estimate"] == pytest.approx(200 / 3)


def test_loyalty_curve_rates_and_wilson_intervals_match_scipy():
    satisfaction = [5] * 10 + [4] * 20 + [3] * 5
    repurchased = [1] * 8 + [0] * 2 + [1] * 6 + [0] * 14 + [0] * 5
    curve = sat.loyalty_curve(satisfaction, repurchased)
    # Rates by hand: level 5: 8/10; level 4: 6/20; level 3: 0/5.
    assert curve["rate"].to_dict() == {3: 0.0, 4: 0.3, 5: 0.8}
    for level, k, n in [(5, 8, 10), (4, 6, 20), (3, 0, 5)]:
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert curve.loc[level, "low"] == pytest.approx(ci.low, abs=1e-9)
        assert curve.loc[level, "high"] == pytest.approx(ci.high, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# The visibility funnel (handbook, Q-29)
# ---------------------------------------------------------------------------------------------
COUNTS = {"target": 1000, "aware": 700, "interested": 280, "tried": 200, "perceived_well": 150}


def test_funnel_rates_as_the_handbook_writes_them():
    # Awareness 700/1000 = 0.70; interest 280/700 = 0.40; experience 200/700 (aware as the
    # denominator, as written) = 0.2857; perception 150/200 = 0.75.
    table = sat.funnel_rates(COUNTS)
    assert table["rate"].tolist() == pytest.approx([0.70, 0.40, 200 / 700, 0.75])
    assert table.loc["experience", "denominator"] == "aware"


def test_stagewise_experience_rate_and_the_link_between_the_two_readings():
    stagewise = sat.funnel_rates(COUNTS, definition="stagewise")
    # Stage to stage: tried / interested = 200/280 = 0.714.
    assert stagewise.loc["experience", "rate"] == pytest.approx(200 / 280)
    # The handbook's experience rate = interest rate x stage-to-stage experience rate.
    handbook = sat.funnel_rates(COUNTS)
    assert handbook.loc["experience", "rate"] == pytest.approx(0.40 * 200 / 280)


def test_leak_and_leakiest_stage_by_hand():
    table = sat.funnel_rates(COUNTS)
    # Lost at each step: 300, 420, 80, 50; leak shares 0.30, 0.60, 0.286, 0.25.
    assert table["lost"].tolist() == [300, 420, 80, 50]
    assert table["leak"].tolist() == pytest.approx([0.30, 0.60, 80 / 280, 0.25])
    assert sat.leakiest_stage(COUNTS) == "interest"


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
    table = sat.funnel_from_survey(survey, "segment")
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
    for stage, drop in zip(sat.FUNNEL_STAGES[1:], drops):
        level = max(level - drop, 0)
        counts[stage] = level
    rates = sat.funnel_rates(counts)["rate"].dropna()
    assert ((rates >= 0) & (rates <= 1)).all()


# ---------------------------------------------------------------------------------------------
# Kano
# ---------------------------------------------------------------------------------------------
# The standard Kano evaluation table as printed in Berger et al. (1993), "Kano's methods for
# understanding customer-defined quality", Center for Quality of Management Journal 2(4).
# Rows: functional answer; columns: dysfunctional answer; order like, must-be, neutral,
# live-with, dislike.
BERGER_1993 = [
    "Q A A A O",
    "R I I I M",
    "R I I I M",
    "R I I I M",
    "R R R R Q",
]


def test_kano_table_follows_berger_et_al_1993():
    for f, row in zip(sat.KANO_ANSWERS, BERGER_1993):
        for d, expected in zip(sat.KANO_ANSWERS, row.split()):
            assert sat.kano_category(f, d) == expected, (f, d)
    # Numeric codes 1-5 work the same way.
    assert sat.kano_category(1, 5) == "O" and sat.kano_category(2, 5) == "M" and sat.kano_category(5, 1) == "R"


def test_kano_summary_counts_category_better_worse_by_hand():
    frame = pd.DataFrame(
        {
            "attribute": ["lounge"] * 5 + ["bill"] * 4,
            "functional": ["like", "like", "like", "neutral", "like", "must-be", "neutral", "like", "must-be"],
            "dysfunctional": ["neutral", "live-with", "dislike", "neutral", "must-be",
                              "dislike", "dislike", "dislike", "neutral"],
        }
    )
    table = sat.kano_summary(frame)
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
    assert sat.kano_summary(frame).loc["x", "category"] == "M"


def test_service_class_mapping_of_the_handbook_four_classes():
    assert [sat.service_class(c) for c in "MOAIRQ"] == ["basic", "standard", "extended", "none", "none", "none"]
    assert sat.service_class("O", emotional=True) == "emotional"
    # An emotional gesture that customers do not miss when absent behaves like an extended service.
    assert sat.service_class("A", emotional=True) == "extended"
    assert list(sat.SERVICE_CLASSES.index) == ["basic", "standard", "extended", "emotional"]


# ---------------------------------------------------------------------------------------------
# Bad input: a ValueError that names the parameter
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: sat.gap([10], [5]), "perception"),
        (lambda: sat.gap([5], [0]), "expectation"),
        (lambda: sat.gap([5, 6], [5]), "perception"),
        (lambda: sat.gap([], []), "perception"),
        (lambda: sat.gap([5.5], [5]), "perception"),
        (lambda: sat.gap([5], [5], scale=(7, 1)), "scale"),
        (lambda: sat.gap_summary(pd.DataFrame(), "item"), "frame"),
        (lambda: sat.gap_summary(_small_survey(), "room"), "by"),
        (lambda: sat.gap_summary(_small_survey(), perception="p"), "frame"),
        (lambda: sat.gap_outcome([], tolerance=0), "s"),
        (lambda: sat.gap_outcome(1, tolerance=-1), "tolerance"),
        (lambda: sat.zone_of_tolerance([5], [6], [4]), "desired"),
        (lambda: sat.zone_of_tolerance([5], [12], [14]), "adequate"),
        (lambda: sat.csat([6, 5]), "scores"),
        (lambda: sat.csat([]), "scores"),
        (lambda: sat.csat([4, 5], satisfied_from=9), "satisfied_from"),
        (lambda: sat.nps([11]), "scores"),
        (lambda: sat.nps([-1, 5]), "scores"),
        (lambda: sat.nps([]), "scores"),
        (lambda: sat.nps_category([12]), "scores"),
        (lambda: sat.nps_ci([]), "scores"),
        (lambda: sat.csat_ci([0, 5]), "scores"),
        (lambda: sat.bootstrap_ci([], np.mean), "values"),
        (lambda: sat.bootstrap_ci([1, 2], np.mean, n_resamples=10), "n_resamples"),
        (lambda: sat.bootstrap_ci([1, 2], np.mean, confidence=1.0), "confidence"),
        (lambda: sat.bootstrap_ci([1, 2], "mean"), "statistic"),
        (lambda: sat.score_table(pd.DataFrame({"g": [], "s": []}), "g", "s"), "frame"),
        (lambda: sat.score_table(pd.DataFrame({"g": [1], "s": [5]}), "g", "s", metric="ces"), "metric"),
        (lambda: sat.score_table(pd.DataFrame({"g": [1], "s": [5]}), "h", "s"), "by"),
        (lambda: sat.loyalty_curve([5, 6], [1, 0]), "satisfaction"),
        (lambda: sat.loyalty_curve([5, 4], [1]), "repurchased"),
        (lambda: sat.loyalty_curve([5, 4], [1, 2]), "repurchased"),
        (lambda: sat.loyalty_curve([], []), "satisfaction"),
        (lambda: sat.funnel_rates({**COUNTS, "tried": 300}), "counts"),
        (lambda: sat.funnel_rates({**COUNTS, "target": 0, "aware": 0, "interested": 0, "tried": 0,
                                   "perceived_well": 0}), "counts"),
        (lambda: sat.funnel_rates({"target": 10}), "counts"),
        (lambda: sat.funnel_rates(COUNTS, definition="other"), "definition"),
        (lambda: sat.funnel_from_survey(pd.DataFrame({"aware": [False], "interested": [True], "tried": [False],
                                                      "perceived_well": [False]})), "survey"),
        (lambda: sat.funnel_from_survey(pd.DataFrame(columns=["aware", "interested", "tried", "perceived_well"])),
         "survey"),
        (lambda: sat.kano_category("love", "dislike"), "functional"),
        (lambda: sat.kano_category("like", 6), "dysfunctional"),
        (lambda: sat.kano_category([], []), "functional"),
        (lambda: sat.kano_summary(pd.DataFrame({"attribute": ["x"], "functional": ["like"]})), "frame"),
        (lambda: sat.service_class("X"), "category"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@settings(max_examples=30)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=30))
def test_csat_never_rises_with_a_stricter_threshold(scores):
    values = [sat.csat(scores, satisfied_from=k) for k in range(1, 6)]
    assert values[0] == 100.0
    assert all(a >= b for a, b in zip(values, values[1:]))
