"""A SERVQUAL survey of Mirror Lake Hotels guests (spring 2026): expectations, perceptions, importance points."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource
from servicelab.synth._common import BRANCHES, branch_field, business_share_of_stays

# ------------------------------------------------------------------------------------------------

DIMENSIONS = {
    "tangibles": range(1, 5), "reliability": range(5, 10), "responsiveness": range(10, 14),
    "assurance": range(14, 18), "empathy": range(18, 23),
}
_EXPECT = {"tangibles": 5.6, "reliability": 6.4, "responsiveness": 6.2, "assurance": 6.1, "empathy": 5.9}
_PERCEIVE = {
    "Hangzhou": {"tangibles": 6.0, "reliability": 5.7, "responsiveness": 5.5, "assurance": 5.9, "empathy": 5.4},
    "Shanghai": {"tangibles": 6.2, "reliability": 5.5, "responsiveness": 4.9, "assurance": 5.8, "empathy": 5.2},
    "Xiamen": {"tangibles": 5.4, "reliability": 5.9, "responsiveness": 5.8, "assurance": 5.9, "empathy": 5.8},
    "Chengdu": {"tangibles": 5.2, "reliability": 5.6, "responsiveness": 5.4, "assurance": 5.7, "empathy": 5.6},
}
_POINTS_ALPHA = {"business": (10, 34, 26, 17, 13), "leisure": (14, 30, 20, 18, 18)}


def _points(rng: np.random.Generator, alpha) -> np.ndarray:
    """100 points split over five dimensions, whole numbers, largest remainder rounding."""
    share = rng.dirichlet(np.asarray(alpha, dtype=float) * 2.5) * 100
    floor = np.floor(share).astype(int)
    short = 100 - floor.sum()
    floor[np.argsort(-(share - floor), kind="stable")[:short]] += 1
    return floor


def make_servqual_survey() -> pd.DataFrame:
    """A SERVQUAL survey of 360 guests: expectations, perceptions and importance points."""
    rng = np.random.default_rng(304)
    rows = []
    respondent = 0
    for branch in BRANCHES:
        for _ in range(90):
            respondent += 1
            segment = "business" if rng.random() < business_share_of_stays(branch) else "leisure"
            halo_e, halo_p = 0.45 * rng.standard_normal(2)
            row = {"respondent_id": respondent, "branch": branch, "segment": segment}
            e_items, p_items = {}, {}
            for dim, items in DIMENSIONS.items():
                extra = 0.3 if segment == "business" and dim in ("responsiveness", "reliability") else 0.0
                for j in items:
                    e = _EXPECT[dim] + extra + halo_e + 0.6 * rng.standard_normal()
                    p = _PERCEIVE[branch][dim] - extra / 2 + halo_p + 0.75 * rng.standard_normal()
                    e_items[f"E{j:02d}"] = int(np.clip(np.rint(e), 1, 7))
                    p_items[f"P{j:02d}"] = int(np.clip(np.rint(p), 1, 7))
            row.update(e_items)
            row.update(p_items)
            for dim, pts in zip(DIMENSIONS, _points(rng, _POINTS_ALPHA[segment])):
                row[f"points_{dim}"] = int(pts)
            rows.append(row)
    return pd.DataFrame(rows)[[f.name for f in SERVQUAL_FIELDS]]


SERVQUAL_FIELDS = (
    (
        Field("respondent_id", "integer", "Respondent number", constraints={"required": True, "minimum": 1}),
        branch_field("Hotel branch the guest stayed at"),
        Field("segment", "string", "Purpose of the stay", constraints={"required": True, "enum": ["business", "leisure"]}),
    )
    + tuple(
        Field(f"E{j:02d}", "integer", f"Expectation, SERVQUAL item {j} ({dim})", unit="points (1-7)",
              constraints={"required": True, "minimum": 1, "maximum": 7})
        for dim, items in DIMENSIONS.items() for j in items
    )
    + tuple(
        Field(f"P{j:02d}", "integer", f"Perception of Mirror Lake Hotels, SERVQUAL item {j} ({dim})",
              unit="points (1-7)", constraints={"required": True, "minimum": 1, "maximum": 7})
        for dim, items in DIMENSIONS.items() for j in items
    )
    + tuple(
        Field(f"points_{dim}", "integer", f"Importance points given to {dim} (the five sum to 100)",
              unit="points (of 100)", constraints={"required": True, "minimum": 0, "maximum": 100})
        for dim in DIMENSIONS
    )
)

SERVQUAL_SURVEY = Resource(
    name="servqual_survey",
    title="SERVQUAL survey of Mirror Lake Hotels guests (spring 2026)",
    description=(
        "Answers of 360 guests, 90 per branch, to a SERVQUAL questionnaire: for each of the 22 items, "
        "how strongly they expect an excellent hotel to do it (E01-E22) and how strongly they feel "
        "Mirror Lake Hotels does it (P01-P22), both on a 1-7 scale, plus 100 points split over the "
        "five dimensions by importance. Items follow the 1988 instrument: tangibles 1-4, reliability "
        "5-9, responsiveness 10-13, assurance 14-17, empathy 18-22. Used in Chapter 8 for gap scores "
        "and the importance-performance matrix."
    ),
    process=(
        "Synthetic, seed 304. Segment by the world's business share of the branch's stays. Each answer = dimension mean (expectations: tangibles 5.6 to reliability "
        "6.4; perceptions set per branch, e.g. Shanghai weak on responsiveness, Chengdu and Xiamen on "
        "tangibles) + the respondent's own halo ~ Normal(0, 0.45) + item noise (sd 0.6 for expectations, "
        "0.75 for perceptions), rounded and clipped to 1-7; business guests expect 0.3 more on reliability "
        "and responsiveness. Importance points ~ Dirichlet with reliability highest, rounded to whole "
        "points summing to 100. Built in: the branch patterns above and reliability as the most important "
        "dimension, so the survey illustrates them by construction. Parameters are assumptions."
    ),
    fields=SERVQUAL_FIELDS,
    make=make_servqual_survey,
    sources=(
        "parasuraman1988servqual: the 22 items and five dimensions",
        "parasuraman1991refinement: importance as 100 points split over the five dimensions",
    ),
    primary_key=("respondent_id",),
    chapter=8,
)


RESOURCES = [SERVQUAL_SURVEY]
