"""Booking journeys of travellers to the four Mirror Lake cities: how far each got with Mirror Lake."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, SEGMENTS, branch_field, business_share_of_stays


# Chapter 2: the booking journey
# =============================================================================================
JOURNEY_STAGES = ("need recognition", "information search", "evaluation", "purchase", "post-purchase")
INFO_SOURCES = ("personal", "commercial", "public", "experiential")
DECIDERS = ("guest", "company travel desk", "family")
# Probability of moving on from each stage to the next, by segment and by where the prospect
# first heard of Mirror Lake (illustrative): referrals and past stays convert best.
_STEP = {
    "business": [0.62, 0.70, 0.58, 0.82],
    "leisure": [0.55, 0.48, 0.50, 0.70],
}
_SOURCE_LIFT = {"personal": 1.18, "commercial": 0.88, "public": 1.00, "experiential": 1.25}
_SOURCE_MIX = {
    "business": [0.25, 0.30, 0.10, 0.35],
    "leisure": [0.35, 0.40, 0.15, 0.10],
}
_DECIDER_MIX = {"business": [0.35, 0.60, 0.05], "leisure": [0.55, 0.0, 0.45]}


def make_booking_journey() -> pd.DataFrame:
    """3000 travellers with a trip to one of the four cities: how far each got with Mirror Lake."""
    rng = np.random.default_rng(202)
    bookings = np.array([world.bookings_per_year(b) for b in BRANCHES])
    city_p = bookings / bookings.sum()
    rows = []
    for prospect in range(1, 3001):
        city = BRANCHES[int(rng.choice(len(BRANCHES), p=city_p))]
        segment = "business" if rng.random() < business_share_of_stays(city) else "leisure"
        source = rng.choice(INFO_SOURCES, p=_SOURCE_MIX[segment])
        decider = rng.choice(DECIDERS, p=_DECIDER_MIX[segment])
        lift = _SOURCE_LIFT[source]
        steps = list(_STEP[segment])
        if decider == "company travel desk":
            steps[1] = min(steps[1] * 1.15, 0.97)  # a corporate rate keeps Mirror Lake on the list
        if decider == "family":
            steps[2] *= 0.90  # one more person to persuade
        furthest = 0
        for k, p in enumerate(steps):
            p = min(p * (lift if k < 3 else 1.0), 0.97)
            if rng.random() < p:
                furthest = k + 1
            else:
                break
        rows.append((prospect, city, segment, source, decider, JOURNEY_STAGES[furthest]))
    return pd.DataFrame(rows, columns=["prospect_id", "city", "segment", "info_source", "decider", "furthest_stage"])


BOOKING_JOURNEY = Resource(
    name="booking_journey",
    title="Booking journeys of travellers to the four Mirror Lake cities",
    description=(
        "One row per traveller in a panel of 3,000 people who needed a hotel in Hangzhou, Shanghai, Xiamen "
        "or Chengdu: segment, where they first heard of Mirror Lake Hotels (personal, commercial, public or "
        "experiential source), who made the final choice, and the furthest stage of the decision process "
        "they reached with Mirror Lake: need recognition (a trip, but Mirror Lake never came up), "
        "information search (found it), evaluation (shortlisted it), purchase (booked and stayed), "
        "post-purchase (satisfied and would book again). Used in Chapter 2's decision-journey notebook."
    ),
    process=(
        "Synthetic, seed 202. City in proportion to the world's bookings per branch; each city's business share "
        "is the world's business share of the branch's stays. Step probabilities "
        "(search, shortlist, book, satisfied): business 0.62, 0.70, 0.58, 0.82; leisure 0.55, 0.48, 0.50, 0.70. "
        "The first three steps are multiplied by a source lift (personal 1.18, commercial 0.88, public 1.00, "
        "experiential 1.25); a company travel desk raises the shortlist step by 15%, a family decider lowers "
        "the booking step by 10%; every step is capped at 0.97. Built in: leisure travellers convert less than business "
        "travellers at every step, their shortlist and booking steps about equally weak (0.48 and 0.50 before "
        "the lifts, the booking step lower for a family decider), and referrals convert best, so the funnel "
        "shows that by construction. All parameters are "
        "assumptions."
    ),
    fields=(
        Field("prospect_id", "integer", "Traveller number", constraints={"required": True, "minimum": 1}),
        Field("city", "string", "City of the trip (and of the Mirror Lake branch there)",
              constraints={"required": True, "enum": list(BRANCHES)}),
        Field("segment", "string", "Purpose of the trip", constraints={"required": True, "enum": list(SEGMENTS)}),
        Field("info_source", "string", "Where the traveller first heard of Mirror Lake Hotels",
              constraints={"required": True, "enum": list(INFO_SOURCES)}),
        Field("decider", "string", "Who made the final choice of hotel",
              constraints={"required": True, "enum": list(DECIDERS)}),
        Field("furthest_stage", "string", "Furthest stage of the decision reached with Mirror Lake",
              constraints={"required": True, "enum": list(JOURNEY_STAGES)}),
    ),
    make=make_booking_journey,
    sources=("courseslides (Chapter 2.3: five roles and five stages)", "kotler2016marketing"),
    primary_key=("prospect_id",),
    chapter=2,
)


RESOURCES = [BOOKING_JOURNEY]
