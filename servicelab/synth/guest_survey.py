"""The Mirror Lake Hotels guest survey: business and leisure guests, what they value and what they paid.

Branches, the business share of each branch's stays and the room rates come from the world
(servicelab/synth/world.py); what guests value follows the course's opening case of Chapter 2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import SEGMENTS, branch_field, draw_stay, likert, respondents


# Attributes of a stay, from the course's opening case: business guests want an impressive
# lobby, a room fit for work and a higher level of service when they host their own clients;
# leisure guests want a homely, restful room, good value and help with sightseeing.
GUEST_ATTRIBUTES = {
    "lobby": "An impressive, cultured lobby",
    "workspace": "A room equipped for work (desk, chair, light, stationery)",
    "hosting": "A higher level of service when I receive my own clients",
    "tidiness": "A clean, tidy room",
    "comfort": "A homely, restful room to recover in",
    "value": "Value for money",
    "sights": "Help with sightseeing and getting about",
    "checkin": "Fast check-in",
}
# Mean importance (1-7) by segment.
_IMPORTANCE = {
    "business": {"lobby": 5.9, "workspace": 6.3, "hosting": 5.8, "tidiness": 6.4, "comfort": 4.6,
                 "value": 3.7, "sights": 2.9, "checkin": 6.0},
    "leisure": {"lobby": 3.9, "workspace": 2.8, "hosting": 2.4, "tidiness": 6.2, "comfort": 6.3,
                "value": 6.2, "sights": 5.6, "checkin": 5.0},
}
# Mean performance (1-7) by branch: what the hotel delivers, the same for every guest type,
# give or take a personal tendency to rate high or low.
_PERFORMANCE = {
    "Hangzhou": {"lobby": 6.0, "workspace": 5.2, "hosting": 5.4, "tidiness": 6.1, "comfort": 5.6,
                 "value": 4.9, "sights": 5.7, "checkin": 5.6},
    "Shanghai": {"lobby": 6.2, "workspace": 5.9, "hosting": 5.7, "tidiness": 6.0, "comfort": 4.9,
                 "value": 4.1, "sights": 4.8, "checkin": 5.0},
    "Xiamen": {"lobby": 5.1, "workspace": 4.3, "hosting": 4.2, "tidiness": 5.8, "comfort": 6.0,
               "value": 5.3, "sights": 6.0, "checkin": 4.6},
    "Chengdu": {"lobby": 5.5, "workspace": 4.9, "hosting": 4.8, "tidiness": 5.9, "comfort": 5.7,
                "value": 5.6, "sights": 5.4, "checkin": 5.4},
}
# Assael's four behaviours: how likely each segment is to buy a stay in each way (illustrative).
_BEHAVIOUR_MIX = {
    "business": {"complex": 0.20, "dissonance-reducing": 0.25, "variety-seeking": 0.10, "habitual": 0.45},
    "leisure": {"complex": 0.40, "dissonance-reducing": 0.20, "variety-seeking": 0.25, "habitual": 0.15},
}
_QUADRANT = {  # (high involvement?, large brand difference?)
    "complex": (True, True),
    "dissonance-reducing": (True, False),
    "variety-seeking": (False, True),
    "habitual": (False, False),
}


def make_guest_survey() -> pd.DataFrame:
    """800 guests, 200 per branch: who they are, what they value, how they rate the stay."""
    rng = np.random.default_rng(201)
    rows = []
    for guest, branch, segment in respondents(rng, 200):
        business = segment == "business"
        kind, _, rate = draw_stay(rng, branch, segment)
        if kind in ("key account", "corporate"):
            payer = "company"
        else:
            payer = ("company" if rng.random() < 0.80 else "self") if business else (
                "self" if rng.random() < 0.95 else "company")
        nights = int(1 + rng.poisson(1.2 if business else 2.0))
        # Willingness to pay for the next night (yuan): lognormal around the branch's own rate level;
        # business guests whose company pays accept far more, and a high price reads as status to them.
        wtp_median = world.ROOM_RATE.value[branch] * (1.25 if business else 0.85)
        if payer == "company":
            wtp_median *= 1.15
        wtp = float(np.round(rng.lognormal(np.log(wtp_median), 0.28), -1))
        sensitivity = int(likert(rng, 2.8 if business else 5.6, 1.1, None))
        status = int(likert(rng, 5.2 if business else 2.9, 1.2, None))
        behaviour = rng.choice(list(_BEHAVIOUR_MIX[segment]), p=list(_BEHAVIOUR_MIX[segment].values()))
        high_inv, large_diff = _QUADRANT[behaviour]
        involvement = int(likert(rng, 5.5 if high_inv else 2.7, 0.9, None))
        difference = int(likert(rng, 5.4 if large_diff else 2.8, 0.9, None))
        leniency = rng.normal(0.0, 0.4)
        importance = [int(likert(rng, _IMPORTANCE[segment][a], 0.8, None)) for a in GUEST_ATTRIBUTES]
        performance = [int(likert(rng, _PERFORMANCE[branch][a] + leniency, 0.9, None)) for a in GUEST_ATTRIBUTES]
        rows.append([guest, branch, segment, payer, nights, rate, wtp, sensitivity, status,
                     involvement, difference, *importance, *performance])
    columns = (["guest_id", "branch", "segment", "payer", "nights", "rate_paid", "wtp", "price_sensitivity",
                "price_signals_status", "involvement", "brand_difference"]
               + [f"imp_{a}" for a in GUEST_ATTRIBUTES] + [f"perf_{a}" for a in GUEST_ATTRIBUTES])
    return pd.DataFrame(rows, columns=columns)


def _rating(name: str, description: str) -> Field:
    return Field(name, "integer", description, unit="points (1-7)",
                 constraints={"required": True, "minimum": 1, "maximum": 7})


GUEST_SURVEY = Resource(
    name="guest_survey",
    title="Mirror Lake Hotels guest survey: business and leisure guests",
    description=(
        "One row per guest surveyed after a stay at one of the four Mirror Lake Hotels branches (200 per "
        "branch): segment, who paid, the rate paid and the most they would pay, price sensitivity, how "
        "involved they were in choosing and how different hotel brands seem to them, and, for eight "
        "attributes of a stay, how important each is (imp_*) and how well the branch performed (perf_*). "
        "Used in Chapter 2 to compare what business and leisure guests value."
    ),
    process=(
        "Synthetic, seed 201, from the world (servicelab/synth/world.py): each branch's business share of stays, "
        "and the rate paid = the world's expected rate for the branch, the guest's customer type (drawn from the "
        "world's shares: key account, corporate, member, other) and the month of the stay x LogNormal(0, 0.08). "
        "Importance ~ Normal(segment mean, 0.8) and performance ~ Normal(branch mean + guest leniency, 0.9), "
        "rounded and clipped to 1-7; built in: the segment means follow the course's hotel case (business guests: "
        "lobby, workspace, hosting; leisure guests: comfort, value, sightseeing), so the survey illustrates the "
        "case, it cannot confirm it. Corporate-account guests' companies pay, other business guests' 80% of the "
        "time. Willingness to pay ~ Lognormal(median the branch's best available rate x 1.25 for business, x0.85 "
        "for leisure guests; x1.15 if the company pays; sigma 0.28). Each guest buys in one of Assael's four ways "
        "(business: 45% habitual; leisure: 40% complex), which sets involvement and brand difference near 5.5 "
        "(high) or 2.7 (low). All parameters are assumptions."
    ),
    fields=(
        Field("guest_id", "integer", "Guest number", constraints={"required": True, "minimum": 1}),
        branch_field(),
        Field("segment", "string", "Purpose of the stay", constraints={"required": True, "enum": list(SEGMENTS)}),
        Field("payer", "string", "Who paid for the room", constraints={"required": True, "enum": ["company", "self"]}),
        Field("nights", "integer", "Nights stayed", unit="nights", constraints={"required": True, "minimum": 1}),
        Field("rate_paid", "number", "Room rate paid per night", unit="yuan",
              constraints={"required": True, "minimum": 0}),
        Field("wtp", "number", "Highest nightly rate the guest would accept for the next stay", unit="yuan",
              constraints={"required": True, "minimum": 0}),
        _rating("price_sensitivity", "'The price decides where I stay' (1 disagree, 7 agree)"),
        _rating("price_signals_status", "'A higher price tells my clients I take them seriously' (1-7)"),
        _rating("involvement", "'I put a lot of effort into choosing this hotel' (1-7)"),
        _rating("brand_difference", "'Hotel brands differ a lot from one another' (1-7)"),
        *[_rating(f"imp_{a}", f"Importance: {text}") for a, text in GUEST_ATTRIBUTES.items()],
        *[_rating(f"perf_{a}", f"Performance: {text}") for a, text in GUEST_ATTRIBUTES.items()],
    ),
    make=make_guest_survey,
    sources=("courseslides (Chapter 2 opening case: business vs leisure guests)", "assael1987consumer"),
    primary_key=("guest_id",),
    chapter=2,
)


RESOURCES = [GUEST_SURVEY]
