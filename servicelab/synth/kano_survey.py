"""The Mirror Lake Hotels Kano questionnaire: what delights guests and what they merely expect."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import SEGMENTS, branch_field, likert, respondents


# Chapter 9: Kano questionnaire
# =============================================================================================
KANO_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
# The evaluation table (Berger et al. 1993); duplicated here so the generator does not depend on
# the model it is used to test.
_TABLE = {
    "like": "QAAAO",
    "must-be": "RIIIM",
    "neutral": "RIIIM",
    "live-with": "RIIIM",
    "dislike": "RRRRQ",
}
_CELLS = {c: [(f, d) for f, row in _TABLE.items() for d, x in zip(KANO_ANSWERS, row) if x == c] for c in "AOMIRQ"}
# Which answer pairs people give for each category: the "clean" pair is the most common.
_CLEAN = {"A": ("like", "neutral"), "O": ("like", "dislike"), "M": ("must-be", "dislike"),
          "I": ("neutral", "neutral"), "R": ("dislike", "like")}
KANO_ATTRIBUTES = {
    # attribute: {segment: probabilities of A, O, M, I, R}
    "Accurate bill at checkout": {"business": [0.05, 0.20, 0.65, 0.10, 0.0], "leisure": [0.05, 0.20, 0.62, 0.13, 0.0]},
    "Hot water around the clock": {"business": [0.04, 0.18, 0.70, 0.08, 0.0], "leisure": [0.04, 0.18, 0.70, 0.08, 0.0]},
    "Fast free Wi-Fi": {"business": [0.08, 0.58, 0.26, 0.08, 0.0], "leisure": [0.15, 0.50, 0.15, 0.20, 0.0]},
    "Mobile check-in and digital key": {"business": [0.25, 0.50, 0.07, 0.18, 0.0], "leisure": [0.45, 0.20, 0.05, 0.30, 0.0]},
    "Welcome tea with local snacks": {"business": [0.45, 0.10, 0.03, 0.42, 0.0], "leisure": [0.62, 0.10, 0.03, 0.25, 0.0]},
    "Executive lounge access": {"business": [0.55, 0.15, 0.05, 0.25, 0.0], "leisure": [0.25, 0.05, 0.02, 0.68, 0.0]},
    "Birthday greeting and a small cake": {"business": [0.30, 0.45, 0.05, 0.20, 0.0], "leisure": [0.28, 0.52, 0.05, 0.15, 0.0]},
    "Staff greet me by name": {"business": [0.25, 0.55, 0.08, 0.12, 0.0], "leisure": [0.30, 0.45, 0.05, 0.20, 0.0]},
    "Turndown service": {"business": [0.12, 0.08, 0.03, 0.77, 0.0], "leisure": [0.20, 0.10, 0.03, 0.67, 0.0]},
    "Upselling calls to the room": {"business": [0.02, 0.02, 0.01, 0.30, 0.65], "leisure": [0.03, 0.02, 0.01, 0.34, 0.60]},
}


def make_kano_survey() -> pd.DataFrame:
    """400 guests x 10 attributes: answers to the functional and dysfunctional Kano questions."""
    rng = np.random.default_rng(206)
    rows = []
    for respondent, branch, segment in respondents(rng, 100):
        for attribute, mix in KANO_ATTRIBUTES.items():
            category = "AOMIR"[int(rng.choice(5, p=mix[segment]))]
            u = rng.random()
            if u < 0.03:  # a careless answer: any pair at all
                f, d = KANO_ANSWERS[int(rng.integers(0, 5))], KANO_ANSWERS[int(rng.integers(0, 5))]
            elif u < 0.75:
                f, d = _CLEAN[category]
            else:  # another pair that the table maps to the same category
                cells = _CELLS[category]
                f, d = cells[int(rng.integers(0, len(cells)))]
            rows.append((respondent, branch, segment, attribute, f, d))
    return pd.DataFrame(rows, columns=["respondent_id", "branch", "segment", "attribute", "functional", "dysfunctional"])


KANO_SURVEY = Resource(
    name="kano_survey",
    title="Mirror Lake Hotels Kano questionnaire",
    description=(
        "One row per guest and attribute: 400 guests (100 per branch) answered Kano's paired questions about "
        "ten features of a stay: 'If the hotel offers this, how do you feel?' (functional) and 'If it does "
        "not, how do you feel?' (dysfunctional), each answered like, must-be (I expect it), neutral, "
        "live-with or dislike. Used in Chapter 9 to find what delights and what is merely expected."
    ),
    process=(
        "Synthetic, seed 206. Each guest holds one Kano category per attribute, drawn from segment-specific "
        "probabilities (for example 'Accurate bill at checkout' must-be for about 65%; 'Executive lounge "
        "access' attractive for 55% of business guests but indifferent for 68% of leisure guests). The "
        "category is turned into an answer pair: the typical pair (72%), another pair that the Berger et al. "
        "(1993) table maps to the same category (25%), or a careless random pair (3%). Segment by the world's "
        "business share of the branch's stays. Built in: the category each attribute holds for most guests, so "
        "a Kano analysis recovers what was put in. The probabilities are assumptions."
    ),
    fields=(
        Field("respondent_id", "integer", "Guest number", constraints={"required": True, "minimum": 1}),
        branch_field(),
        Field("segment", "string", "Purpose of the stay", constraints={"required": True, "enum": list(SEGMENTS)}),
        Field("attribute", "string", "Feature of the stay asked about",
              constraints={"required": True, "enum": list(KANO_ATTRIBUTES)}),
        Field("functional", "string", "Feeling if the hotel offers the feature",
              constraints={"required": True, "enum": list(KANO_ANSWERS)}),
        Field("dysfunctional", "string", "Feeling if the hotel does not offer it",
              constraints={"required": True, "enum": list(KANO_ANSWERS)}),
    ),
    make=make_kano_survey,
    sources=("kano1984attractive", "berger1993kano", "visibilityhandbook (four service classes)"),
    primary_key=("respondent_id", "attribute"),
    chapter=9,
)

RESOURCES = [KANO_SURVEY]

