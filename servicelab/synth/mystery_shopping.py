"""Mystery-shopper visits to the front desks of Mirror Lake Hotels (July 2025 to June 2026).

A mystery shopper checks in as an ordinary guest and scores the front desk against a checklist of
its standards.  The receptionists, their check-in times and the date of Hangzhou's check-in standard
are those of the world and of the check-in sample (front_desk.py), so the two data sets agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, RECEPTIONIST_PATTERN, branch_field
from servicelab.synth.front_desk import receptionist_profiles

#: The checklist (our own, in the spirit of the standards slides' hard and soft standards).
CHECKLIST = {
    "greeted_promptly": "Greeted within 30 seconds of reaching the desk",
    "eye_contact_smile": "Eye contact and a smile",
    "used_name": "Used the guest's name at least once",
    "confirmed_booking": "Confirmed dates, room type and rate",
    "checkin_within_5min": "Key card in hand within five minutes of reaching the desk",
    "explained_facilities": "Explained breakfast, Wi-Fi and the way to the room",
    "asked_invoice": "Asked whether an invoice (fapiao) is needed and its title",
    "offered_luggage_help": "Offered help with luggage",
    "farewell": "Closed with a farewell and an offer of further help",
    "desk_tidy": "Desk and lobby tidy",
}
#: Log-odds of passing each item at an average branch (illustrative).
_ITEM_LOGIT = {"greeted_promptly": 1.6, "eye_contact_smile": 2.0, "used_name": 0.2, "confirmed_booking": 1.2,
               "explained_facilities": 0.6, "asked_invoice": 0.9, "offered_luggage_help": 0.1, "farewell": 1.4,
               "desk_tidy": 2.2}
_BRANCH_LOGIT = {"Hangzhou": 0.30, "Shanghai": 0.10, "Xiamen": -0.25, "Chengdu": 0.0}
#: Items the Hangzhou check-in standard (fixed sequence and checklist) lifts, and by how much (log-odds).
_STANDARD_LIFT = {"confirmed_booking": 0.8, "explained_facilities": 0.9, "asked_invoice": 0.7}
VISITS_PER_MONTH = 4
SHOPPERS = tuple(f"S{k:02d}" for k in range(1, 7))
MONTHS = pd.period_range("2025-07", "2026-06", freq="M")


def make_mystery_shopping() -> pd.DataFrame:
    """Four visits a month to each branch's front desk, scored item by item."""
    rng = np.random.default_rng(801)
    standard = world.date_of(world.CHECKIN_STANDARD)
    staff = {b: receptionist_profiles(b) for b in BRANCHES}
    receptionist_logit = {b: rng.normal(0, 0.4, len(staff[b])) for b in BRANCHES}
    target = world.CHECKIN_TARGET_MINUTES.value
    rows = []
    for month in MONTHS:
        days = pd.date_range(month.start_time, month.end_time.normalize(), freq="D")
        for branch in BRANCHES:
            for date in np.sort(rng.choice(days, size=VISITS_PER_MONTH, replace=False)):
                date = pd.Timestamp(date)
                after = branch == "Hangzhou" and date >= standard
                k = int(rng.integers(len(staff[branch])))
                person = staff[branch].iloc[k]
                period = "after" if after else "before"
                minutes = max(1.5, rng.normal(person[f"mean_{period}"], person[f"sd_{period}"]))
                visit = rng.normal(0, 0.5)  # the shopper's day: strict or lenient, a busy or quiet desk
                passed = {}
                for item in CHECKLIST:
                    if item == "checkin_within_5min":
                        passed[item] = bool(minutes <= target)
                        continue
                    logit = (_ITEM_LOGIT[item] + _BRANCH_LOGIT[branch] + receptionist_logit[branch][k] + visit
                             + (_STANDARD_LIFT.get(item, 0.0) if after else 0.0))
                    passed[item] = bool(rng.random() < 1 / (1 + np.exp(-logit)))
                hour = int(rng.choice([14, 15, 16, 17, 18, 19, 20]))
                rows.append({"date": date.strftime("%Y-%m-%d"), "time": f"{hour:02d}:{int(rng.integers(60)):02d}",
                             "branch": branch, "shopper": SHOPPERS[int(rng.integers(len(SHOPPERS)))],
                             "receptionist": person["receptionist"], **passed,
                             "checkin_minutes": round(float(minutes), 1),
                             "score": int(round(100 * sum(passed.values()) / len(CHECKLIST)))})
    frame = pd.DataFrame(rows).sort_values(["date", "time"], kind="stable").reset_index(drop=True)
    frame.insert(0, "visit_id", np.arange(1, len(frame) + 1))
    return frame


MYSTERY_SHOPPING = Resource(
    name="mystery_shopping",
    title="Mystery-shopper visits to the front desks, Mirror Lake Hotels (July 2025 to June 2026)",
    description=(
        "Four mystery-shopper visits a month to each branch's front desk, July 2025 to June 2026: the shopper "
        "checked in as an ordinary guest and recorded, for ten items of the front-desk standards, whether the "
        "receptionist passed, timed the check-in, and gave an overall score (the share of items passed, out of "
        "100). Hangzhou introduced its check-in standard on 2 February 2026. Used in Chapter 8 to ask how many "
        "visits it takes to tell a branch's standard from noise."
    ),
    process=(
        "Synthetic, seed 801, from the world and front_desk.py: the receptionists are the world's, and each "
        "one's check-in time is drawn from the same personal profile as in the checkins sample (Hangzhou after "
        "2 February 2026: the standard's profile). 'Key card within five minutes' passes when the timed check-in "
        "is five minutes or less. Every other item passes with probability logistic(item level + branch effect "
        "(Hangzhou +0.30, Shanghai +0.10, Xiamen -0.25, Chengdu 0) + receptionist effect ~ Normal(0, 0.4) + "
        "visit effect ~ Normal(0, 0.5)); built in: after its standard Hangzhou passes 'confirmed booking', "
        "'explained facilities' and 'asked about the invoice' more often (+0.7 to +0.9 on the log-odds). The "
        "branch differences are small against the visit-to-visit noise on purpose. Visit dates are four "
        "distinct random days a month. The checklist and all parameters are assumptions."
    ),
    fields=(
        Field("visit_id", "integer", "Visit number, in date order", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date of the visit", constraints={"required": True}),
        Field("time", "string", "Time the shopper reached the desk (local time, HH:MM)",
              constraints={"required": True, "pattern": "[0-2][0-9]:[0-5][0-9]"}),
        branch_field(),
        Field("shopper", "string", "Mystery shopper", constraints={"required": True, "enum": list(SHOPPERS)}),
        Field("receptionist", "string", "Receptionist who served the shopper",
              constraints={"required": True, "pattern": RECEPTIONIST_PATTERN}),
    ) + tuple(
        Field(item, "boolean", f"Passed: {text}", constraints={"required": True}) for item, text in CHECKLIST.items()
    ) + (
        Field("checkin_minutes", "number", "Time from reaching the desk to holding a key card, timed by the shopper",
              unit="minutes", constraints={"required": True, "minimum": 0}),
        Field("score", "integer", "Overall score: items passed out of ten, x10", unit="points (0-100)",
              constraints={"required": True, "minimum": 0, "maximum": 100}),
    ),
    make=make_mystery_shopping,
    sources=("standardsslides: hard and soft service standards",),
    primary_key=("visit_id",),
    chapter=8,
)

RESOURCES = [MYSTERY_SHOPPING]
