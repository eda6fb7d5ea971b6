"""Quality management (Chapter 8): SQI, standards, control charts, SERVQUAL, IPA, recovery.

Each expected value names its source: the course's figures (service-standards slides), a
textbook worked example (Montgomery 2013), the SERVQUAL instrument (Parasuraman, Zeithaml and
Berry 1988), or a closed form computed independently in the test.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import quality


# ---- service quality indicator ------------------------------------------------------------------
def test_sqi_weights_are_exactly_the_course_figures():
    # Service-standards slides, FedEx SQI table (syllabus Q-21); the missing-POD weight is not in source.
    assert quality.SQI_WEIGHTS == {
        "lost_packages": 50,
        "damaged_packages": 30,
        "wrong_day_late": 10,
        "complaints_reopened": 10,
        "invoice_adjustments": 3,
        "aircraft_delays": 3,
        "unanswered_enquiries": 3,
        "right_day_late": 1,
    }
    assert list(quality.SQI_WEIGHTS.values()) == [50, 30, 10, 10, 3, 3, 3, 1]
    assert "missing_pod" not in quality.SQI_WEIGHTS


def test_missing_pod_weight_must_be_named():
    with pytest.raises(TypeError):
        quality.sqi_weights()  # the caller has to state the assumption
    weights = quality.sqi_weights(missing_pod_weight=5)
    assert weights["missing_pod"] == 5
    assert {k: v for k, v in weights.items() if k != "missing_pod"} == quality.SQI_WEIGHTS


def test_sqi_is_the_weighted_count():
    # One day: 1 lost (50) + 2 damaged (60) + 3 wrong-day late (30) + 1 reopened (10)
    # + 4 invoice adjustments (12) + 0 aircraft + 2 enquiries (6) + 20 right-day late (20)
    # + 3 missing POD at an assumed weight 2 (6) = 194.
    counts = {"lost_packages": 1, "damaged_packages": 2, "wrong_day_late": 3, "complaints_reopened": 1,
              "invoice_adjustments": 4, "aircraft_delays": 0, "unanswered_enquiries": 2,
              "right_day_late": 20, "missing_pod": 3}
    assert quality.sqi(counts, quality.sqi_weights(missing_pod_weight=2)) == 194
    frame = pd.DataFrame([counts, {k: 0 for k in counts}])
    assert quality.sqi(frame, quality.sqi_weights(missing_pod_weight=2)).tolist() == [194, 0]
    parts = quality.sqi_contributions(frame, quality.sqi_weights(missing_pod_weight=2))
    assert parts.iloc[0].sum() == 194 and parts.loc[0, "lost_packages"] == 50


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=9, max_size=9), st.integers(0, 8))
def test_sqi_never_falls_when_a_failure_is_added(counts, which):
    weights = quality.sqi_weights(missing_pod_weight=1)
    base = dict(zip(weights, counts))
    more = dict(base)
    key = list(weights)[which]
    more[key] += 1
    assert quality.sqi(more, weights) - quality.sqi(base, weights) == pytest.approx(weights[key])


@settings(max_examples=60)
@given(
    st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=6),
    st.lists(st.floats(min_value=0.01, max_value=1), min_size=6, max_size=6),
)
def test_performance_index_lies_between_its_parts(scores, raw):
    raw = raw[: len(scores)]
    weights = {f"s{i}": w / sum(raw) for i, w in enumerate(raw)}
    total = sum(weights.values())
    weights[f"s{len(scores) - 1}"] += 1 - total  # make the sum exactly one
    index = quality.performance_index({f"s{i}": s for i, s in enumerate(scores)}, weights)
    assert min(scores) - 1e-9 <= index <= max(scores) + 1e-9


# ---- hard and soft standards -------------------------------------------------------------------
def test_share_within_counts_abandoned_events_as_misses():
    waits = [5, 12, 40, 25, 29, 31]
    assert quality.share_within(waits, 30) == pytest.approx(4 / 6)
    assert quality.share_within(waits, 30, completed=[True, False, True, True, True, True]) == pytest.approx(3 / 6)


def test_hard_standard_97_percent_within_4_hours():
    # The course's formal goal: return calls within 4 hours at least 97% of the time.
    # 100 calls, 95 within 4 h: 95% < 97%, two more needed.
    hours = [1.0] * 95 + [5.0] * 5
    check = quality.hard_standard(hours, threshold=4, target=0.97)
    assert check == {"events": 100, "share_within": 0.95, "target": 0.97, "met": False, "shortfall": 2}
    assert quality.hard_standard([1.0] * 97 + [5.0] * 3, threshold=4, target=0.97)["met"]


@given(st.lists(st.floats(min_value=0, max_value=600), min_size=1, max_size=50),
       st.floats(min_value=0, max_value=600), st.floats(min_value=0, max_value=600))
def test_service_level_never_falls_as_the_threshold_rises(waits, a, b):
    low, high = sorted([a, b])
    assert quality.share_within(waits, low) <= quality.share_within(waits, high)


def test_soft_standard_mean_and_standard_error():
    scores = [9, 8, 10, 7, 6, 8]
    check = quality.soft_standard(scores, target=8.5)
    assert check["mean"] == pytest.approx(8.0)
    assert check["standard_error"] == pytest.approx(np.std(scores, ddof=1) / math.sqrt(6), abs=1e-3)
    assert check["met"] is False and check["top_two_box"] == pytest.approx(2 / 6, abs=1e-3)


def test_course_hard_standards_table():
    table = quality.course_hard_standards()
    row = table[table["standard"] == "calls connected"].iloc[0]
    assert (row["threshold"], row["unit"], row["target"]) == (5, "minutes", 0.95)
    row = table[table["standard"] == "return customer calls"].iloc[0]
    assert (row["threshold"], row["unit"], row["target"]) == (4, "hours", 0.97)


# ---- control charts -----------------------------------------------------------------------------
# Montgomery (2013), Introduction to Statistical Quality Control, 7th ed., Section 7.2.1 (Example 7.1), the
# frozen orange-juice can example: 30 samples of n = 50 cans, nonconforming cans per sample.
ORANGE_JUICE = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
                8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]


def test_p_chart_matches_montgomery_orange_juice_example():
    chart = quality.p_chart(ORANGE_JUICE, sizes=50)
    # The formula, computed here independently: p-bar = 347 / 1500, limits p-bar +- 3 sqrt(p(1-p)/50).
    p_bar = 347 / 1500
    half_width = 3 * math.sqrt(p_bar * (1 - p_bar) / 50)
    assert sum(ORANGE_JUICE) == 347
    assert chart["center"].iloc[0] == pytest.approx(p_bar)
    assert chart["ucl"].iloc[0] == pytest.approx(p_bar + half_width)
    assert chart["lcl"].iloc[0] == pytest.approx(p_bar - half_width)
    # The values printed in the book, to four decimals.
    assert round(p_bar, 4) == 0.2313
    assert round(chart["ucl"].iloc[0], 4) == 0.4102 and round(chart["lcl"].iloc[0], 4) == 0.0524
    # Samples 15 and 23 plot above the upper limit, as in the book.
    assert chart.loc[chart["rule1"], "sample"].tolist() == [15, 23]


def test_p_chart_with_unequal_samples_has_one_limit_per_sample():
    chart = quality.p_chart([5, 10], sizes=[100, 400])
    p_bar = 15 / 500
    assert chart["ucl"].tolist() == pytest.approx(
        [p_bar + 3 * math.sqrt(p_bar * (1 - p_bar) / n) for n in (100, 400)]
    )
    assert chart["lcl"].iloc[0] == 0  # cut at zero


def test_individuals_chart_uses_moving_range_over_d2():
    x = [10.0, 12.0, 11.0, 15.0, 13.0, 12.0]
    chart = quality.individuals_chart(x)
    mr_bar = np.mean(np.abs(np.diff(x)))  # (2 + 1 + 4 + 2 + 1) / 5 = 2.0
    assert mr_bar == 2.0
    assert chart["sigma"].iloc[0] == pytest.approx(2.0 / 1.128)
    assert chart["ucl"].iloc[0] == pytest.approx(np.mean(x) + 3 * 2.0 / 1.128)
    # 3 / d2 = 2.66, the factor printed in control-chart tables.
    assert 3 / quality.D2 == pytest.approx(2.66, abs=0.001)


def test_western_electric_rules_fire_where_they_should():
    rule = quality.western_electric
    # Rule 1: one point beyond 3 sigma.
    assert rule([0, 0, 3.2, 0], 0, 1)["rule1"].tolist() == [False, False, True, False]
    # Rule 2: two of three beyond 2 sigma on the same side; opposite sides do not count.
    assert rule([2.5, 0, 2.1], 0, 1)["rule2"].tolist() == [False, False, True]
    assert not rule([2.5, 0, -2.1], 0, 1)["rule2"].any()
    # Rule 3: four of five beyond 1 sigma on the same side.
    assert rule([1.5, 1.2, 0.2, 1.1, 1.3], 0, 1)["rule3"].tolist() == [False] * 4 + [True]
    assert not rule([1.5, 1.2, 0.2, 0.9, 1.3], 0, 1)["rule3"].any()
    # Rule 4: eight in a row on one side, flagged on the eighth.
    flags = rule([0.1] * 8, 0, 1)["rule4"].tolist()
    assert flags == [False] * 7 + [True]
    assert not rule([0.1] * 7 + [-0.1], 0, 1)["rule4"].any()


def test_in_control_normal_data_rarely_signals():
    # For independent normal data, rule 1 fires with probability 0.0027 per point.
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1, size=20_000)
    flags = quality.western_electric(x, 0, 1)
    assert flags["rule1"].mean() == pytest.approx(0.0027, abs=0.0012)


# ---- SERVQUAL -----------------------------------------------------------------------------------
def test_servqual_items_follow_parasuraman_zeithaml_berry_1988():
    # Parasuraman, Zeithaml and Berry (1988), Journal of Retailing 64(1): tangibles items 1-4,
    # reliability 5-9, responsiveness 10-13, assurance 14-17, empathy 18-22.
    assert quality.SERVQUAL_DIMENSIONS == {
        "tangibles": (1, 2, 3, 4),
        "reliability": (5, 6, 7, 8, 9),
        "responsiveness": (10, 11, 12, 13),
        "assurance": (14, 15, 16, 17),
        "empathy": (18, 19, 20, 21, 22),
    }
    items = [j for group in quality.SERVQUAL_DIMENSIONS.values() for j in group]
    assert sorted(items) == list(range(1, 23)) and len(set(items)) == 22
    assert sorted(quality.SERVQUAL_ITEMS) == list(range(1, 23))


def test_servqual_scores_equal_an_independent_computation():
    rng = np.random.default_rng(11)
    e = rng.integers(1, 8, size=(40, 22))
    p = rng.integers(1, 8, size=(40, 22))
    weights = {"tangibles": 0.1, "reliability": 0.35, "responsiveness": 0.25, "assurance": 0.2, "empathy": 0.1}
    table = quality.servqual_scores(e, p, weights=weights)
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
    good = pd.DataFrame([[20, 30, 20, 15, 15], [10, 40, 20, 20, 10]], columns=list(quality.SERVQUAL_DIMENSIONS))
    assert quality.importance_weights(good)["reliability"] == pytest.approx(0.35)
    bad = good.copy()
    bad.loc[1, "empathy"] = 15  # row sums to 105
    with pytest.raises(ValueError, match="points must sum to 100"):
        quality.importance_weights(bad)


# ---- importance-performance analysis -------------------------------------------------------------
def test_course_ipa_points_and_quadrants():
    # Service-standards slides: four (importance, performance) points, split at 8.0.
    points = quality.course_ipa_points()
    assert list(zip(points["importance"], points["performance"])) == [
        (9.04, 7.63), (9.18, 8.01), (9.24, 8.14), (9.02, 7.84)
    ]
    table = quality.ipa(points, importance_split=8.0, performance_split=8.0)
    assert table["quadrant"].tolist() == [
        "Concentrate here", "Keep up the good work", "Keep up the good work", "Concentrate here"
    ]
    # Gaps 1.41, 1.17, 1.10, 1.18: priorities 1, 3, 4, 2.
    assert table["priority"].tolist() == [1, 3, 4, 2]


def test_ipa_quadrant_names_follow_martilla_and_james():
    attributes = pd.DataFrame({"attribute": list("abcd"), "importance": [9, 9, 7, 7], "performance": [7, 9, 7, 9]})
    table = quality.ipa(attributes, importance_split=8, performance_split=8)
    assert table["quadrant"].tolist() == ["Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"]


# ---- recovery and first-contact resolution -------------------------------------------------------
def test_recovery_curve_fit_recovers_known_parameters():
    hours = np.array([0.5, 1, 2, 4, 6, 8, 12, 18, 24, 36])
    truth = dict(floor=3.5, ceiling=9.2, time_constant=7.0)
    fit = quality.fit_recovery_curve(hours, quality.recovery_curve(hours, **truth))
    assert fit["floor"] == pytest.approx(3.5, abs=1e-4)
    assert fit["ceiling"] == pytest.approx(9.2, abs=1e-4)
    assert fit["time_constant"] == pytest.approx(7.0, rel=1e-4)


def test_hours_for_target_inverts_the_curve():
    # Closed form: h = -tau ln((T - floor) / (ceiling - floor)) = 7 ln(5.7 / 3.5).
    hours = quality.hours_for_target(7.0, floor=3.5, ceiling=9.2, time_constant=7.0)
    assert hours == pytest.approx(7 * math.log(5.7 / 3.5))
    assert quality.recovery_curve(hours, floor=3.5, ceiling=9.2, time_constant=7.0)[0] == pytest.approx(7.0)
    assert quality.hours_for_target(3.0, floor=3.5, ceiling=9.2, time_constant=7.0) == math.inf


def test_recovery_paradox_interval():
    recovered = [9, 10, 9, 8, 10, 9, 9, 10]
    no_failure = [8, 8, 9, 7, 8, 8, 9, 8]
    out = quality.recovery_paradox(recovered, no_failure)
    se = math.sqrt(np.var(recovered, ddof=1) / 8 + np.var(no_failure, ddof=1) / 8)
    # Means 74 / 8 = 9.25 and 65 / 8 = 8.125: a difference of 1.125.
    assert out["difference"] == pytest.approx(1.125)
    assert out["ci_low"] == pytest.approx(1.125 - 1.96 * se, abs=1e-4)
    assert out["paradox"] is True
    assert quality.recovery_paradox(no_failure, recovered)["paradox"] is False


def test_first_contact_resolution_is_geometric():
    # fewer than 50% resolved at the first call; at p = 0.5 each issue takes 1/p = 2 calls.
    assert quality.contacts_per_issue(0.5) == 2.0
    assert quality.repeat_contacts(1000, 0.5) == 1000.0
    # Simulated check of the mean of a geometric distribution.
    rng = np.random.default_rng(3)
    assert rng.geometric(0.4, size=200_000).mean() == pytest.approx(quality.contacts_per_issue(0.4), rel=0.01)


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: quality.sqi_weights(missing_pod_weight=-1), "missing_pod_weight"),
        (lambda: quality.sqi({"lost_packages": -1}, {"lost_packages": 50}), "counts"),
        (lambda: quality.sqi({"lost_parcels": 1}, {"lost_packages": 50}), "counts"),
        (lambda: quality.sqi({"lost_packages": 1}, {"lost_packages": -50}), "weights"),
        (lambda: quality.performance_index({"a": 1, "b": 2}, {"a": 0.5, "b": 0.6}), "weights must sum to 1"),
        (lambda: quality.share_within([1, -2], 30), "values"),
        (lambda: quality.share_within([1, 2], -30), "threshold"),
        (lambda: quality.hard_standard([1, 2], 4, target=1.2), "target"),
        (lambda: quality.soft_standard([11, 9], target=8), "scores"),
        (lambda: quality.p_chart([3, -1], sizes=50), "defectives"),
        (lambda: quality.p_chart([3, 60], sizes=50), "defectives"),
        (lambda: quality.p_chart([3, 4], sizes=[50, 0]), "sizes"),
        (lambda: quality.individuals_chart([5.0]), "values"),
        (lambda: quality.western_electric([1, 2], 0, 0), "sigma"),
        (lambda: quality.servqual_gaps([5] * 21, [5] * 21), "expectations"),
        (lambda: quality.servqual_gaps([5] * 22, [8] * 22), "perceptions"),
        (lambda: quality.servqual_scores([5] * 22, [5] * 22, weights={"tangibles": 1.0}), "weights"),
        (lambda: quality.servqual_scores([5] * 22, [5] * 22, weights=dict.fromkeys(quality.SERVQUAL_DIMENSIONS, 0.3)),
         "weights must sum to 1"),
        (lambda: quality.ipa(quality.course_ipa_points(), importance_split="high", performance_split=8), "importance_split"),
        (lambda: quality.recovery_curve([1], floor=3, ceiling=9, time_constant=0), "time_constant"),
        (lambda: quality.hours_for_target(11, floor=3, ceiling=9, time_constant=5), "target"),
        (lambda: quality.contacts_per_issue(0), "first_contact_resolution"),
        (lambda: quality.repeat_contacts(-5, 0.5), "issues"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
