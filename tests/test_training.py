"""Training return through fewer repeat contacts (Chapter 7).

Expected values: hand computation, and the geometric model of follow-up contacts checked by
simulation (an independent check of the 1/p factor).
"""

from __future__ import annotations

import numpy as np
import pytest

from servicelab import stats, training


def test_repeat_contacts_avoided_by_hand():
    # 20,000 calls, +4 points, follow-ups settle 80 %: 20,000 x 0.04 / 0.8 = 1,000.
    assert training.repeat_contacts_avoided(20000, 0.04, follow_up_fcr=0.8) == pytest.approx(1000)
    # A negative gain costs contacts.
    assert training.repeat_contacts_avoided(20000, -0.04, follow_up_fcr=0.8) == pytest.approx(-1000)


def test_follow_up_chain_has_mean_one_over_p_by_simulation():
    # Independent check of the 1/p factor: an unresolved caller rings until a contact settles it.
    rng = np.random.default_rng(5)
    p = 0.72
    follow_ups = rng.geometric(p, size=200000)        # contacts until the first success
    assert follow_ups.mean() == pytest.approx(1 / p, rel=0.01)
    # So 1,000 extra first-time resolutions save about 1,000 / 0.72 contacts.
    assert training.repeat_contacts_avoided(1000, 1.0, follow_up_fcr=p) == pytest.approx(1000 / p)


def test_classroom_cost_by_hand():
    # 15 agents x 2 weeks x 40 h x half their time x 49 yuan = 29,400 yuan.
    assert training.classroom_cost(trainees=15, weeks=2, share_of_time=0.5, hours_per_week=40,
                                   cost_per_hour=49) == pytest.approx(29400)


def test_training_return_carries_the_interval_through_every_step():
    gain = stats.Difference(0.047, 0.0385, 0.0557, 15, 13)
    table = training.training_return(gain=gain, calls=50000, follow_up_fcr=0.75, handle_seconds=318,
                                     cost_per_contact=9.4, cost=29400)
    assert table.index.tolist() == ["low", "estimate", "high"]
    # Every column that depends on the gain is increasing from low to high.
    for column in ("contacts_avoided", "agent_hours", "value", "net"):
        assert table[column].is_monotonic_increasing
    # Estimate by hand: 50,000 x 0.047 / 0.75 = 3,133.3 contacts; x 318 s = 276.8 h; x 9.4 = 29,453 yuan.
    row = table.loc["estimate"]
    avoided = 50000 * 0.047 / 0.75
    assert row["contacts_avoided"] == pytest.approx(avoided) and round(avoided, 1) == 3133.3
    assert row["agent_hours"] == pytest.approx(avoided * 318 / 3600)
    assert row["net"] == pytest.approx(avoided * 9.4 - 29400)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: training.repeat_contacts_avoided(-5, 0.1, follow_up_fcr=0.7), "calls"),
        (lambda: training.repeat_contacts_avoided(5, 1.5, follow_up_fcr=0.7), "fcr_gain"),
        (lambda: training.repeat_contacts_avoided(5, 0.1, follow_up_fcr=0), "first_contact_resolution"),
        (lambda: training.classroom_cost(trainees=3, weeks=1, share_of_time=1.5, hours_per_week=40,
                                         cost_per_hour=50), "share_of_time"),
        (lambda: training.training_return(gain=(0.05, 0.06, 0.07), calls=1, follow_up_fcr=0.7, handle_seconds=300,
                                          cost_per_contact=9, cost=0), "gain"),
        (lambda: training.training_return(gain=0.05, calls=1, follow_up_fcr=0.7, handle_seconds=300,
                                          cost_per_contact=9, cost=0), "gain"),
    ],
)
def test_bad_input_is_refused_with_its_name(call, name):
    with pytest.raises(ValueError, match=name):
        call()
