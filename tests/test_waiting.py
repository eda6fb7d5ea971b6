"""Perceived waits (Chapter 6): the teaching model of the propositions on waiting.

Expected values are products of the documented multipliers, computed in the test.
"""

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from servicelab import waiting


KEYS = list(waiting.PROPOSITIONS)


ALL_MET = {key: True for key in KEYS}


def test_every_proposition_met_leaves_the_wait_as_it_is():
    # M = empty product = 1.
    assert waiting.wait_multiplier(**ALL_MET) == 1.0
    assert waiting.perceived_wait(12.5, **ALL_MET) == 12.5


def test_nothing_done_multiplies_every_default():
    # Hand product of the defaults 1.20 x 1.15 x 1.10 x 1.10 x 1.10 x 1.05 x 1.15 x 1.10 = 2.4397...
    expected = 1.20 * 1.15 * 1.10 * 1.10 * 1.10 * 1.05 * 1.15 * 1.10
    assert waiting.wait_multiplier() == pytest.approx(expected)
    assert waiting.perceived_wait(10.0) == pytest.approx(24.397, abs=1e-3)


@pytest.mark.parametrize("key", KEYS)
def test_one_unmet_proposition_applies_exactly_its_multiplier(key):
    conditions = dict(ALL_MET, **{key: False})
    assert waiting.wait_multiplier(**conditions) == pytest.approx(waiting.PROPOSITIONS[key].multiplier)


def test_course_has_seven_and_maister_adds_pre_process():
    table = waiting.proposition_table()
    assert len(table) == 8
    assert table["in_course"].sum() == 7
    assert table.loc[~table["in_course"], "proposition"].tolist() == ["in_process"]


def test_overridden_multiplier_is_used():
    # Only "occupied" unmet, and its multiplier set to 1.5: a 6-minute wait feels like 9.
    conditions = dict(ALL_MET, occupied=False)
    assert waiting.perceived_wait(6.0, multipliers={"occupied": 1.5}, **conditions) == pytest.approx(9.0)
    assert waiting.proposition_table({"occupied": 1.5}).set_index("proposition").loc["occupied", "multiplier"] == 1.5


def test_array_of_waits_keeps_its_shape():
    waits = np.array([[0.0, 5.0], [10.0, 20.0]])
    out = waiting.perceived_wait(waits, **dict(ALL_MET, fair=False))
    assert out.shape == (2, 2)
    assert out[1, 1] == pytest.approx(20.0 * 1.15)


def test_what_each_buys_is_the_closed_form_saving():
    # Unmet: occupied (1.20), known_length (1.10), explained (1.10). Before = 10 x 1.452 = 14.52.
    # Meeting proposition i alone saves before x (1 - 1/m_i): 2.42, 1.32, 1.32.
    table = waiting.what_each_buys(10.0, relaxed=True, reasonable=True, fair=True, in_group=True,
                                   in_process=True)
    assert table["proposition"].tolist() == ["occupied", "known_length", "explained"]
    assert table["perceived_before"].iloc[0] == pytest.approx(14.52)
    assert table["minutes_saved"].tolist() == pytest.approx([2.42, 1.32, 1.32])


def test_what_each_buys_is_empty_when_everything_is_met():
    assert waiting.what_each_buys(10.0, **ALL_MET).empty


@given(
    st.floats(min_value=0, max_value=240),
    st.fixed_dictionaries({key: st.booleans() for key in KEYS}),
    st.sampled_from(KEYS),
)
def test_meeting_one_more_proposition_never_lengthens_the_felt_wait(actual, conditions, key):
    before = waiting.perceived_wait(actual, **conditions)
    after = waiting.perceived_wait(actual, **dict(conditions, **{key: True}))
    assert after <= before + 1e-12
    assert before >= actual - 1e-12  # multipliers are >= 1


def test_share_longer_than_counts_strictly_longer():
    # 20 is not "more than 20 minutes": 21 and 30 are -> 2 of 4.
    assert waiting.share_longer_than([0, 20, 21, 30], 20) == 0.5
    assert waiting.share_longer_than([1, 2, 3], 60) == 0.0


# ---- bad input names the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: waiting.wait_multiplier(occupied="yes"), "occupied"),
        (lambda: waiting.wait_multiplier(fair=1), "fair"),
        (lambda: waiting.wait_multiplier(multipliers={"occupied": 0.8}), "multipliers['occupied']"),
        (lambda: waiting.wait_multiplier(multipliers={"boredom": 1.2}), "multipliers"),
        (lambda: waiting.wait_multiplier(multipliers=[1.2]), "multipliers"),
        (lambda: waiting.perceived_wait(-1.0), "actual_minutes"),
        (lambda: waiting.perceived_wait(float("nan")), "actual_minutes"),
        (lambda: waiting.perceived_wait([3.0, -2.0]), "actual_minutes"),
        (lambda: waiting.perceived_wait([]), "actual_minutes"),
        (lambda: waiting.perceived_wait(5.0, explained="no"), "explained"),
        (lambda: waiting.what_each_buys(-3.0), "actual_minutes"),
        (lambda: waiting.what_each_buys(3.0, relaxed=None), "relaxed"),
        (lambda: waiting.proposition_table({"fair": "high"}), "multipliers['fair']"),
        (lambda: waiting.share_longer_than([], 20), "waits"),
        (lambda: waiting.share_longer_than([1, -1], 20), "waits"),
        (lambda: waiting.share_longer_than([1, 2], -5), "threshold_minutes"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)


def test_felt_waits_apply_the_unfair_multiplier_only_to_the_overtaken():
    waits = np.array([4.0, 10.0, 0.0, 7.5])
    over = np.array([False, True, False, True])
    felt = waiting.felt_waits(waits, over, relaxed=True, occupied=True)
    # Independently: perceived_wait on each group with fair set as the proposition says.
    assert felt[~over] == pytest.approx(waiting.perceived_wait(waits[~over], relaxed=True, occupied=True, fair=True))
    assert felt[over] == pytest.approx(waiting.perceived_wait(waits[over], relaxed=True, occupied=True, fair=False))
    # Being overtaken costs exactly the fairness multiplier (1.15 by default).
    assert felt[1] / waiting.felt_waits([10.0], [False], relaxed=True, occupied=True)[0] == pytest.approx(1.15)
    with pytest.raises(ValueError, match="fair"):
        waiting.felt_waits(waits, over, fair=True)
    with pytest.raises(ValueError, match="overtaken"):
        waiting.felt_waits(waits, over[:2])



# ---- the course's own wording --------------------------------------------------------------------
COURSE = __import__("pathlib").Path(__file__).resolve().parent.parent.parent / "shared" / "course"


def _course_text() -> str:
    import opencc

    raw = (COURSE / "course-slides-zh-hant.txt").read_text(encoding="utf-8")
    return "".join(opencc.OpenCC("t2s").convert(raw).split())


def _missing_wording(propositions, text):
    """Course sentences and Chinese labels that the course slides do not contain."""
    missing = []
    for p in propositions.values():
        if not p.in_course:
            continue
        if p.course_text not in text:
            missing.append(p.course_text)
        missing += [part for part in p.chinese.split(" vs ") if part not in text]
    return missing


@pytest.mark.skipif(not COURSE.is_dir(), reason="the course material (../shared/course) is not beside the repository")
def test_propositions_use_the_course_wording():
    text = _course_text()
    assert not _missing_wording(waiting.PROPOSITIONS, text)
    # The course's order: (1) ... (7), and the seven sentences appear in the slides in that order.
    positions = [text.index(p.course_text) for p in waiting.PROPOSITIONS.values() if p.in_course]
    assert positions == sorted(positions)
    # Planted fault: the paraphrase an earlier version used (有事可做 vs 无所事事) is caught.
    import dataclasses

    wrong = dict(waiting.PROPOSITIONS)
    wrong["occupied"] = dataclasses.replace(wrong["occupied"], chinese="有事可做 vs 无所事事")
    assert _missing_wording(wrong, text) == ["有事可做", "无所事事"]
