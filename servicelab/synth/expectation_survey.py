"""The Mirror Lake Hotels expectation and perception survey: adequate, desired, expected and perceived service."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import SEGMENTS, branch_field, likert, respondents


# Chapter 9: expectations, zone of tolerance and perceptions
# =============================================================================================
# Ten items in the five SERVQUAL dimensions (Parasuraman, Zeithaml and Berry 1988).
EXPECTATION_ITEMS = {
    "room_clean": ("tangibles", "The room is clean and well kept"),
    "public_areas": ("tangibles", "The lobby and restaurant look inviting"),
    "booking_honoured": ("reliability", "The booking is honoured exactly as made"),
    "bill_correct": ("reliability", "The bill is right the first time"),
    "checkin_fast": ("responsiveness", "Check-in takes no more than five minutes"),
    "requests_prompt": ("responsiveness", "Requests are answered promptly"),
    "staff_knowledge": ("assurance", "Staff know the hotel and the city"),
    "feel_safe": ("assurance", "I feel safe and my data are protected"),
    "preferences_remembered": ("empathy", "Staff remember my preferences"),
    "individual_attention": ("empathy", "Staff give me individual attention"),
}
# Desired level (1-9) and zone width by item: reliability has the narrowest zone (customers
# tolerate least variation there; Zeithaml, Berry and Parasuraman 1993).
_DESIRED = {"room_clean": 8.5, "public_areas": 7.4, "booking_honoured": 8.7, "bill_correct": 8.6,
            "checkin_fast": 8.0, "requests_prompt": 8.1, "staff_knowledge": 7.6, "feel_safe": 8.4,
            "preferences_remembered": 6.9, "individual_attention": 7.3}
_ZONE = {"room_clean": 1.6, "public_areas": 2.4, "booking_honoured": 1.1, "bill_correct": 1.2,
         "checkin_fast": 2.0, "requests_prompt": 1.9, "staff_knowledge": 2.3, "feel_safe": 1.5,
         "preferences_remembered": 2.8, "individual_attention": 2.6}
# Perception (1-9) by branch and item: Hangzhou strong; Xiamen slow at the desk in the holiday
# rush; Shanghai efficient but impersonal; Chengdu warm but with billing errors.
_PERCEIVED = {
    "Hangzhou": {"room_clean": 8.0, "public_areas": 7.8, "booking_honoured": 8.3, "bill_correct": 8.2,
                 "checkin_fast": 7.4, "requests_prompt": 7.5, "staff_knowledge": 7.6, "feel_safe": 8.0,
                 "preferences_remembered": 6.6, "individual_attention": 7.1},
    "Shanghai": {"room_clean": 7.9, "public_areas": 7.9, "booking_honoured": 8.4, "bill_correct": 8.3,
                 "checkin_fast": 7.6, "requests_prompt": 7.1, "staff_knowledge": 7.0, "feel_safe": 8.1,
                 "preferences_remembered": 4.9, "individual_attention": 5.4},
    "Xiamen": {"room_clean": 7.6, "public_areas": 7.2, "booking_honoured": 7.9, "bill_correct": 8.0,
               "checkin_fast": 5.4, "requests_prompt": 5.9, "staff_knowledge": 7.2, "feel_safe": 7.8,
               "preferences_remembered": 6.2, "individual_attention": 6.6},
    "Chengdu": {"room_clean": 7.7, "public_areas": 7.3, "booking_honoured": 7.6, "bill_correct": 6.6,
                "checkin_fast": 7.1, "requests_prompt": 7.3, "staff_knowledge": 7.4, "feel_safe": 7.9,
                "preferences_remembered": 7.0, "individual_attention": 7.5},
}


def make_expectation_survey() -> pd.DataFrame:
    """400 guests (100 per branch) x 10 items: adequate, desired, expected and perceived levels."""
    rng = np.random.default_rng(203)
    rows = []
    for respondent, branch, segment in respondents(rng, 100):
        demanding = rng.normal(0.0, 0.45) + (0.3 if segment == "business" else 0.0)
        leniency = rng.normal(0.0, 0.45)
        for item, (dimension, _) in EXPECTATION_ITEMS.items():
            desired = float(np.clip(np.rint(rng.normal(_DESIRED[item] + demanding, 0.6)), 2, 9))
            width = max(0.0, rng.normal(_ZONE[item], 0.5))
            adequate = float(np.clip(np.rint(desired - width), 1, desired))
            # What the guest predicted, from promises, word of mouth and past stays: inside the
            # zone on average, nearer the desired end.
            expected = float(np.clip(np.rint(adequate + 0.65 * (desired - adequate) + rng.normal(0, 0.6)), 1, 9))
            perceived = float(np.clip(np.rint(rng.normal(_PERCEIVED[branch][item] + leniency, 0.9)), 1, 9))
            rows.append((respondent, branch, segment, item, dimension, int(adequate), int(desired),
                         int(expected), int(perceived)))
    return pd.DataFrame(rows, columns=["respondent_id", "branch", "segment", "item", "dimension", "adequate",
                                       "desired", "expectation", "perception"])


def _nine(name: str, description: str) -> Field:
    return Field(name, "integer", description, unit="points (1-9)",
                 constraints={"required": True, "minimum": 1, "maximum": 9})


EXPECTATION_SURVEY = Resource(
    name="expectation_survey",
    title="Mirror Lake Hotels expectation and perception survey",
    description=(
        "One row per guest and item: 400 guests (100 per branch) rated ten service items, grouped in the five "
        "SERVQUAL dimensions, four times on a 1-9 scale: the adequate level they would accept, the level they "
        "desire, the level they expected from Mirror Lake before the stay, and what they perceived. Used in "
        "Chapter 9 for S = P - E and the zone of tolerance."
    ),
    process=(
        "Synthetic, seed 203. Segment by the world's business share of the branch's stays. Desired ~ "
        "Normal(item level + guest demandingness, 0.6), business guests 0.3 "
        "higher; adequate = desired - Normal(item zone width, 0.5), the zone narrowest for reliability items; "
        "expectation = adequate + 0.65 x zone + Normal(0, 0.6); perception ~ Normal(branch x item level + guest "
        "leniency, 0.9). All rounded and clipped to 1-9, adequate <= desired. Built in: the narrowest zone "
        "for reliability (Zeithaml, Berry and Parasuraman 1993) and the branch patterns (Xiamen slow at check-in, "
        "Shanghai impersonal, Chengdu with billing errors), so the survey shows them by construction. "
        "Parameters are assumptions."
    ),
    fields=(
        Field("respondent_id", "integer", "Guest number", constraints={"required": True, "minimum": 1}),
        branch_field(),
        Field("segment", "string", "Purpose of the stay", constraints={"required": True, "enum": list(SEGMENTS)}),
        Field("item", "string", "Service item rated", constraints={"required": True, "enum": list(EXPECTATION_ITEMS)}),
        Field("dimension", "string", "SERVQUAL dimension of the item",
              constraints={"required": True,
                           "enum": ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]}),
        _nine("adequate", "Lowest level of this item the guest would accept (adequate service)"),
        _nine("desired", "Level of this item the guest hopes for (desired service)"),
        _nine("expectation", "Level the guest expected from Mirror Lake before the stay"),
        _nine("perception", "Level the guest perceived during the stay"),
    ),
    make=make_expectation_survey,
    sources=("satisfactionslides (S = P - E)", "visibilityhandbook (zone of tolerance)", "zeithaml1993expectations",
             "parasuraman1988servqual"),
    primary_key=("respondent_id", "item"),
    chapter=9,
)


RESOURCES = [EXPECTATION_SURVEY]
