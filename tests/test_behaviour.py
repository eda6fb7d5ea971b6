"""Customer behaviour (Chapter 2): Assael's four types, the decision funnel, segment comparisons."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st
from scipy import stats

from servicelab import behaviour as beh


def test_assael_grid_quadrants():
    # Assael (1987): high involvement + large brand differences = complex; high + small =
    # dissonance-reducing; low + large = variety-seeking; low + small = habitual.
    assert beh.buying_behaviour(7, 7) == "complex"
    assert beh.buying_behaviour(7, 1) == "dissonance-reducing"
    assert beh.buying_behaviour(1, 7) == "variety-seeking"
    assert beh.buying_behaviour(1, 1) == "habitual"
    assert list(beh.BEHAVIOUR_TYPES.index) == ["complex", "dissonance-reducing", "variety-seeking", "habitual"]
    assert list(beh.BEHAVIOUR_TYPES["chinese"]) == ["复杂型", "协调型", "变换型", "习惯型"]


def test_midpoint_counts_as_low_and_the_cut_can_move():
    # On 1-7 the default cut is 4, and "high" means above it: 4 is low, 5 is high.
    assert beh.buying_behaviour(4, 5) == "variety-seeking"
    assert beh.buying_behaviour(5, 4) == "dissonance-reducing"
    # Lower the cut to 3 and the same buyer (4, 4) becomes complex.
    assert beh.buying_behaviour(4, 4, cut=3) == "complex"


@given(st.lists(st.tuples(st.integers(1, 7), st.integers(1, 7)), min_size=1, max_size=30))
def test_every_buyer_gets_exactly_one_of_the_four_types(pairs):
    inv, diff = zip(*pairs)
    labels = beh.buying_behaviour(list(inv), list(diff))
    assert len(labels) == len(pairs)
    assert set(labels) <= set(beh.BEHAVIOUR_TYPES.index)


def test_conversion_funnel_by_hand():
    # 1000 travellers need a room; 600 find us (0.6); 300 shortlist us (0.5); 120 book (0.4);
    # 90 are satisfied afterwards (0.75). Lost on the way in: 0, 400, 300, 180, 30.
    table = beh.conversion_funnel([1000, 600, 300, 120, 90])
    assert list(table.index) == list(beh.DECISION_STAGES)
    assert table["conversion"].tolist() == pytest.approx([1.0, 0.6, 0.5, 0.4, 0.75])
    assert table["lost"].tolist() == [0, 400, 300, 180, 30]
    assert table["share_of_start"].tolist() == pytest.approx([1.0, 0.6, 0.3, 0.12, 0.09])


def test_stage_counts_from_furthest_stage():
    # Furthest stages: purchase, evaluation, post-purchase, need recognition.
    # Reaching each stage: need 4, search 3, evaluation 3, purchase 2, post-purchase 1.
    furthest = ["purchase", "evaluation", "post-purchase", "need recognition"]
    assert beh.stage_counts(furthest).tolist() == [4, 3, 3, 2, 1]


@given(st.lists(st.sampled_from(beh.DECISION_STAGES), min_size=1, max_size=50))
def test_stage_counts_never_grow_down_the_funnel(furthest):
    counts = beh.stage_counts(furthest).to_numpy()
    assert counts[0] == len(furthest)
    assert np.all(np.diff(counts) <= 0)
    table = beh.conversion_funnel(counts)
    assert table["lost"].sum() == counts[0] - counts[-1]


def test_compare_segments_matches_scipy_welch_interval():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "segment": ["business"] * 40 + ["leisure"] * 55,
            "workspace": np.r_[rng.normal(6.2, 0.8, 40), rng.normal(2.8, 1.1, 55)],
            "value": np.r_[rng.normal(3.7, 1.0, 40), rng.normal(6.1, 0.7, 55)],
        }
    )
    table = beh.compare_segments(frame, "segment", ["workspace", "value"], first="business", second="leisure")
    for column in ["workspace", "value"]:
        b = frame.loc[frame.segment == "business", column]
        l = frame.loc[frame.segment == "leisure", column]
        result = stats.ttest_ind(b, l, equal_var=False)
        ci = result.confidence_interval(0.95)
        assert table.loc[column, "difference"] == pytest.approx(b.mean() - l.mean())
        assert table.loc[column, "low"] == pytest.approx(ci.low)
        assert table.loc[column, "high"] == pytest.approx(ci.high)
    assert list(table.index) == ["workspace", "value"]  # largest difference first


def test_share_willing_to_pay_by_hand():
    # Five guests would pay at most 400, 550, 700, 900, 1200 yuan a night.
    # At 500: 4 of 5 (0.8); at 700: 3 of 5 (0.6, "at least" includes 700); at 1500: 0.
    share = beh.share_willing_to_pay([400, 550, 700, 900, 1200], [500, 700, 1500])
    assert share.tolist() == [0.8, 0.6, 0.0]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: beh.buying_behaviour(8, 4), "involvement"),
        (lambda: beh.buying_behaviour(4, 0), "brand_difference"),
        (lambda: beh.buying_behaviour([4, 5], [4]), "brand_difference"),
        (lambda: beh.buying_behaviour([], []), "involvement"),
        (lambda: beh.buying_behaviour(4, 4, cut=7), "cut"),
        (lambda: beh.buying_behaviour(4, 4, scale=(7, 1)), "scale"),
        (lambda: beh.conversion_funnel([]), "counts"),
        (lambda: beh.conversion_funnel([100, 120]), "counts"),
        (lambda: beh.conversion_funnel([0, 0]), "counts"),
        (lambda: beh.conversion_funnel([100, -1]), "counts"),
        (lambda: beh.conversion_funnel([100, 50], ["one"]), "stages"),
        (lambda: beh.stage_counts([]), "furthest"),
        (lambda: beh.stage_counts(["booking"]), "furthest"),
        (lambda: beh.compare_segments(pd.DataFrame({"s": ["a", "a", "b"], "x": [1, 2, 3]}), "s", ["x"],
                                      first="a", second="b"), "second"),
        (lambda: beh.compare_segments(pd.DataFrame({"s": ["a", "a"], "x": [1, 2]}), "s", ["x"],
                                      first="c", second="a"), "first"),
        (lambda: beh.compare_segments(pd.DataFrame({"s": ["a"], "x": [1]}), "t", ["x"], first="a", second="b"), "frame"),
        (lambda: beh.compare_segments(pd.DataFrame({"s": ["a"], "x": [1]}), "s", [], first="a", second="b"),
         "columns"),
        (lambda: beh.compare_segments(pd.DataFrame(), "s", ["x"], first="a", second="b"), "frame"),
        (lambda: beh.share_willing_to_pay([], [100]), "willingness"),
        (lambda: beh.share_willing_to_pay([100], [-5]), "prices"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_decision_roles_use_the_course_wording():
    # The course slides (Chapter 2, section 3): 发起者, 影响者, 决定者, 客户 (the buyer), 使用者.
    assert list(beh.DECISION_ROLES.index) == ["initiator", "influencer", "decider", "buyer", "user"]
    assert list(beh.DECISION_ROLES["chinese"]) == ["发起者", "影响者", "决定者", "客户", "使用者"]


def test_price_margins_by_hand():
    # Willingness 300, 500, 800, 1200; cost 100 a unit.
    # At 400: 3 of 4 buy, 0.75 x 300 = 225; at 800: 2 of 4, 0.5 x 700 = 350; at 1200: 1 of 4, 0.25 x 1100 = 275.
    table = beh.price_margins([300, 500, 800, 1200], [400, 800, 1200], unit_cost=100)
    assert table["share_willing"].tolist() == [0.75, 0.5, 0.25]
    assert table["margin_per_customer"].tolist() == pytest.approx([225.0, 350.0, 275.0])
    assert table["margin_per_customer"].idxmax() == 800


@given(st.lists(st.integers(0, 2000), min_size=1, max_size=40), st.integers(0, 500))
def test_price_margins_match_a_direct_count(willingness, cost):
    # Independent computation: loop over customers and prices.
    prices = [0, 250, 500, 750, 1000, 1500]
    table = beh.price_margins(willingness, prices, unit_cost=cost)
    for p in prices:
        buyers = sum(1 for w in willingness if w >= p)
        assert table.loc[float(p), "margin_per_customer"] == pytest.approx(buyers / len(willingness) * (p - cost))


def test_price_margins_rejects_a_negative_cost():
    with pytest.raises(ValueError, match="unit_cost"):
        beh.price_margins([300, 500], [400], unit_cost=-1)
