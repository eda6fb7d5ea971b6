"""Chapter 2 and Chapter 9 data: guests, journeys, expectations, NPS, visibility funnel, Kano.

The hotel data describe Mirror Lake Hotels (镜湖酒店集团), the book's running example.
The visibility-funnel survey is set where the course's service-visibility handbook is
set: a mobile-telecom operator.  All of it is synthetic; the few published figures the
generators are calibrated to are named in each resource's ``sources``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource

BRANCHES = ("Hangzhou", "Shanghai", "Xiamen", "Chengdu")
SEGMENTS = ("business", "leisure")

# Share of business guests at each branch (illustrative): Shanghai is a business city,
# Xiamen a holiday one.
_BUSINESS_SHARE = {"Hangzhou": 0.50, "Shanghai": 0.65, "Xiamen": 0.30, "Chengdu": 0.45}


def _likert(rng: np.random.Generator, mean, sd: float, size, low: int = 1, high: int = 7) -> np.ndarray:
    """Whole-point ratings: a normal draw rounded and clipped to the scale."""
    return np.clip(np.rint(rng.normal(mean, sd, size=size)), low, high).astype(int)


def _segments(rng: np.random.Generator, branch: str, n: int) -> np.ndarray:
    return np.where(rng.random(n) < _BUSINESS_SHARE[branch], "business", "leisure")


# =============================================================================================
# Chapter 2: the hotel guest survey
# =============================================================================================
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
    guest = 0
    for branch in BRANCHES:
        segments = _segments(rng, branch, 200)
        for segment in segments:
            guest += 1
            business = segment == "business"
            payer = ("company" if rng.random() < 0.85 else "self") if business else (
                "self" if rng.random() < 0.95 else "company")
            nights = int(1 + rng.poisson(1.2 if business else 2.0))
            # Willingness to pay for one night (yuan): lognormal; business guests whose company pays
            # accept far more, and a high price reads as status to them.
            wtp_median = 950 if business else 560
            if payer == "company":
                wtp_median *= 1.15
            wtp = float(np.round(rng.lognormal(np.log(wtp_median), 0.28), -1))
            rate = float(np.round(min(wtp, rng.normal(680 if business else 540, 70)), -1))
            sensitivity = int(_likert(rng, 2.8 if business else 5.6, 1.1, None))
            status = int(_likert(rng, 5.2 if business else 2.9, 1.2, None))
            behaviour = rng.choice(list(_BEHAVIOUR_MIX[segment]), p=list(_BEHAVIOUR_MIX[segment].values()))
            high_inv, large_diff = _QUADRANT[behaviour]
            involvement = int(_likert(rng, 5.5 if high_inv else 2.7, 0.9, None))
            difference = int(_likert(rng, 5.4 if large_diff else 2.8, 0.9, None))
            leniency = rng.normal(0.0, 0.4)
            importance = [int(_likert(rng, _IMPORTANCE[segment][a], 0.8, None)) for a in GUEST_ATTRIBUTES]
            performance = [int(_likert(rng, _PERFORMANCE[branch][a] + leniency, 0.9, None)) for a in GUEST_ATTRIBUTES]
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
        "Synthetic, seed 201. Business share by branch: Hangzhou 0.50, Shanghai 0.65, Xiamen 0.30, "
        "Chengdu 0.45. Importance ~ Normal(segment mean, 0.8) and performance ~ Normal(branch mean + guest "
        "leniency, 0.9), rounded and clipped to 1-7; segment means follow the course's hotel case (business "
        "guests: lobby, workspace, hosting; leisure guests: comfort, value, sightseeing). Willingness to pay "
        "~ Lognormal(median 950 yuan business, 560 leisure; x1.15 if the company pays; sigma 0.28). Each "
        "guest buys in one of Assael's four ways (business: 45% habitual; leisure: 40% complex), which sets "
        "involvement and brand difference near 5.5 (high) or 2.7 (low). All parameters illustrative."
    ),
    fields=(
        Field("guest_id", "integer", "Guest number", constraints={"required": True, "minimum": 1}),
        Field("branch", "string", "Hotel branch", constraints={"required": True, "enum": list(BRANCHES)}),
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


# =============================================================================================
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
    rows = []
    for prospect in range(1, 3001):
        city = BRANCHES[int(rng.integers(0, 4))]
        segment = "business" if rng.random() < _BUSINESS_SHARE[city] else "leisure"
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
        "Synthetic, seed 202. City uniform; business share as in guest_survey. Step probabilities "
        "(search, shortlist, book, satisfied): business 0.62, 0.70, 0.58, 0.82; leisure 0.55, 0.48, 0.50, 0.70. "
        "The first three steps are multiplied by a source lift (personal 1.18, commercial 0.88, public 1.00, "
        "experiential 1.25); a company travel desk raises the shortlist step by 15%, a family decider lowers "
        "the booking step by 10%; every step is capped at 0.97. All parameters illustrative."
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


# =============================================================================================
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
    respondent = 0
    for branch in BRANCHES:
        segments = _segments(rng, branch, 100)
        for segment in segments:
            respondent += 1
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
        "Synthetic, seed 203. Desired ~ Normal(item level + guest demandingness, 0.6), business guests 0.3 "
        "higher; adequate = desired - Normal(item zone width, 0.5), the zone narrowest for reliability items; "
        "expectation = adequate + 0.65 x zone + Normal(0, 0.6); perception ~ Normal(branch x item level + guest "
        "leniency, 0.9). All rounded and clipped to 1-9, adequate <= desired. Branch patterns are illustrative: "
        "Xiamen slow at check-in, Shanghai impersonal, Chengdu with billing errors."
    ),
    fields=(
        Field("respondent_id", "integer", "Guest number", constraints={"required": True, "minimum": 1}),
        Field("branch", "string", "Hotel branch", constraints={"required": True, "enum": list(BRANCHES)}),
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


# =============================================================================================
# Chapter 9: NPS survey with a repurchase follow-up
# =============================================================================================
_BRANCH_MOOD = {"Hangzhou": 0.35, "Shanghai": 0.05, "Xiamen": -0.30, "Chengdu": 0.15}
# Probability of staying again within 12 months by satisfaction (1-5): steep at the top, after
# Jones and Sasser (1995); business guests return more often.
_RETURN = {1: 0.06, 2: 0.10, 3: 0.17, 4: 0.30, 5: 0.62}
# Probability of complaining by satisfaction: the satisfaction slides say at most one in three
# dissatisfied customers complains.
_COMPLAIN = {1: 0.30, 2: 0.25, 3: 0.06, 4: 0.015, 5: 0.005}


def make_nps_survey() -> pd.DataFrame:
    """2400 guests (600 per branch): CSAT, likelihood to recommend, complaint, and whether they came back."""
    rng = np.random.default_rng(204)
    rows = []
    respondent = 0
    for branch in BRANCHES:
        segments = _segments(rng, branch, 600)
        for segment in segments:
            respondent += 1
            latent = rng.normal(_BRANCH_MOOD[branch], 1.0)
            # CSAT 1-5 from cut points on the latent satisfaction.
            csat = int(1 + np.searchsorted([-1.9, -1.1, -0.2, 0.9], latent))
            recommend = int(np.clip(np.rint(7.2 + 1.55 * latent + rng.normal(0, 0.9)), 0, 10))
            complained = bool(rng.random() < _COMPLAIN[csat])
            p_return = _RETURN[csat] * (1.25 if segment == "business" else 0.85)
            returned = bool(rng.random() < min(p_return, 0.95))
            month = int(rng.integers(1, 13))
            rows.append((respondent, branch, segment, f"2025-{month:02d}", csat, recommend, complained, returned))
    return pd.DataFrame(rows, columns=["respondent_id", "branch", "segment", "stay_month", "csat", "recommend",
                                       "complained", "returned_12m"])


NPS_SURVEY = Resource(
    name="nps_survey",
    title="Mirror Lake Hotels satisfaction and recommendation survey, with a 12-month follow-up",
    description=(
        "One row per guest surveyed after a 2025 stay (600 per branch): overall satisfaction on a 1-5 scale "
        "(CSAT), likelihood to recommend on the 0-10 NPS scale, whether the guest complained during the stay, "
        "and whether the guest stayed with Mirror Lake again within 12 months (from the booking system). "
        "Used in Chapter 9 for CSAT, NPS, the satisfaction-loyalty curve and silent dissatisfaction."
    ),
    process=(
        "Synthetic, seed 204. Latent satisfaction ~ Normal(branch effect, 1): Hangzhou +0.35, Shanghai +0.05, "
        "Xiamen -0.30, Chengdu +0.15. CSAT by cut points -1.9, -1.1, -0.2, 0.9; recommend = 7.2 + 1.55 x latent "
        "+ Normal(0, 0.9), rounded and clipped to 0-10. Complaint probability by CSAT 1-5: 0.30, 0.25, 0.06, "
        "0.015, 0.005, so that at most one in three dissatisfied guests complains (satisfaction slides). "
        "Return probability by CSAT: 0.06, 0.10, 0.17, 0.30, 0.62, x1.25 business and x0.85 leisure, a curve "
        "steepest at the top as Jones and Sasser (1995) report. Levels illustrative."
    ),
    fields=(
        Field("respondent_id", "integer", "Guest number", constraints={"required": True, "minimum": 1}),
        Field("branch", "string", "Hotel branch", constraints={"required": True, "enum": list(BRANCHES)}),
        Field("segment", "string", "Purpose of the stay", constraints={"required": True, "enum": list(SEGMENTS)}),
        Field("stay_month", "string", "Month of the stay (YYYY-MM)",
              constraints={"required": True, "pattern": "2025-(0[1-9]|1[0-2])"}),
        Field("csat", "integer", "Overall satisfaction with the stay (1 very dissatisfied, 5 very satisfied)",
              unit="points (1-5)", constraints={"required": True, "minimum": 1, "maximum": 5}),
        Field("recommend", "integer", "How likely the guest is to recommend Mirror Lake to a friend or colleague",
              unit="points (0-10)", constraints={"required": True, "minimum": 0, "maximum": 10}),
        Field("complained", "boolean", "Guest complained to staff or by phone, e-mail or app during the stay",
              constraints={"required": True}),
        Field("returned_12m", "boolean", "Guest stayed at any Mirror Lake branch again within 12 months",
              constraints={"required": True}),
    ),
    make=make_nps_survey,
    sources=("satisfactionslides (at most 1 in 3 dissatisfied customers complains)", "reichheld2003one",
             "jones1995defect"),
    primary_key=("respondent_id",),
    chapter=9,
)


# =============================================================================================
# Chapter 9: the service-visibility funnel (telecom operator)
# =============================================================================================
INITIATIVES = ("Low-balance SMS reminder", "Gold-Medal Service campaign", "Online bill payment", "Points redemption")
TELECOM_SEGMENTS = ("Middle-aged and elderly", "Business people", "Wage earners", "Urban white-collar", "Students")
CHANNELS = ("Branch", "Hotline", "SMS", "Online")
_SEGMENT_MIX = [0.22, 0.14, 0.26, 0.20, 0.18]
# Preferred service channel by segment (Branch, Hotline, SMS, Online), after the handbook's
# segmentation sources; illustrative.
_CHANNEL_MIX = {
    "Middle-aged and elderly": [0.60, 0.25, 0.10, 0.05],
    "Business people": [0.10, 0.30, 0.30, 0.30],
    "Wage earners": [0.35, 0.20, 0.35, 0.10],
    "Urban white-collar": [0.10, 0.15, 0.40, 0.35],
    "Students": [0.10, 0.05, 0.45, 0.40],
}
# Stage probabilities (aware, interested | aware, tried | interested, perceived well | tried) by
# initiative, then multiplied by segment and channel factors for the awareness step.
_FUNNEL_BASE = {
    "Low-balance SMS reminder": (0.75, 0.80, 0.85, 0.85),
    "Gold-Medal Service campaign": (0.32, 0.55, 0.60, 0.72),
    "Online bill payment": (0.66, 0.38, 0.70, 0.86),
    "Points redemption": (0.80, 0.72, 0.70, 0.45),
}
_AWARE_SEGMENT = {"Middle-aged and elderly": 0.62, "Business people": 1.08, "Wage earners": 0.97,
                  "Urban white-collar": 1.12, "Students": 1.15}
_AWARE_CHANNEL = {  # how well each initiative's launch media reach people who prefer each channel
    "Low-balance SMS reminder": {"Branch": 0.70, "Hotline": 0.90, "SMS": 1.15, "Online": 1.10},
    "Gold-Medal Service campaign": {"Branch": 1.20, "Hotline": 1.00, "SMS": 0.90, "Online": 0.90},
    "Online bill payment": {"Branch": 0.75, "Hotline": 0.90, "SMS": 1.05, "Online": 1.30},
    "Points redemption": {"Branch": 0.90, "Hotline": 0.95, "SMS": 1.08, "Online": 1.05},
}
# Interest in online payment is held back by worries about safety, most among older customers.
_INTEREST_SEGMENT = {"Middle-aged and elderly": 0.55, "Business people": 1.25, "Wage earners": 0.85,
                     "Urban white-collar": 1.30, "Students": 1.35}


def make_visibility_survey() -> pd.DataFrame:
    """1500 target-group respondents per initiative: aware, interested, tried, perceived well."""
    rng = np.random.default_rng(205)
    rows = []
    respondent = 0
    for initiative in INITIATIVES:
        base = _FUNNEL_BASE[initiative]
        for _ in range(1500):
            respondent += 1
            segment = TELECOM_SEGMENTS[int(rng.choice(5, p=_SEGMENT_MIX))]
            channel = CHANNELS[int(rng.choice(4, p=_CHANNEL_MIX[segment]))]
            p_aware = base[0] * _AWARE_SEGMENT[segment] * _AWARE_CHANNEL[initiative][channel]
            p_interest = base[1] * (_INTEREST_SEGMENT[segment] if initiative == "Online bill payment" else 1.0)
            probabilities = [p_aware, p_interest, base[2], base[3]]
            flags = []
            reached = True
            for p in probabilities:
                reached = reached and bool(rng.random() < min(p, 0.98))
                flags.append(reached)
            rows.append((respondent, initiative, segment, channel, *flags))
    return pd.DataFrame(rows, columns=["respondent_id", "initiative", "segment", "channel", "aware", "interested",
                                       "tried", "perceived_well"])


VISIBILITY_SURVEY = Resource(
    name="visibility_survey",
    title="Service-visibility funnel survey of a mobile operator's initiatives",
    description=(
        "A mobile-telecom operator (the setting of the course's service-visibility handbook) surveyed 1,500 "
        "customers from the target group of each of four service initiatives: whether each respondent knew of "
        "the initiative (aware), wanted to try it (interested), had used it (tried) and came away with a good "
        "impression (perceived_well), with the respondent's segment (the handbook's five) and preferred "
        "service channel. Used in Chapter 9 for the visibility funnel and its rates."
    ),
    process=(
        "Synthetic, seed 205. Segment mix 22/14/26/20/18% (middle-aged and elderly, business people, wage "
        "earners, urban white-collar, students); preferred channel drawn by segment. Base stage probabilities "
        "(aware, interested | aware, tried | interested, perceived well | tried): SMS reminder 0.75, 0.80, 0.85, "
        "0.85; Gold-Medal campaign 0.32, 0.55, 0.60, 0.72; online bill payment 0.66, 0.38, 0.70, 0.86; points "
        "redemption 0.80, 0.72, 0.70, 0.45. Awareness is multiplied by segment factors (elderly 0.62 ... "
        "students 1.15) and by how well each launch medium reaches each channel; interest in online payment "
        "by a segment factor for safety worries. Calibrated so that about 30% of the SMS reminder's target "
        "group is unaware of it and about 68% has not heard of the Gold-Medal campaign, the handbook's figures."
    ),
    fields=(
        Field("respondent_id", "integer", "Respondent number", constraints={"required": True, "minimum": 1}),
        Field("initiative", "string", "Service initiative asked about", constraints={"required": True, "enum": list(INITIATIVES)}),
        Field("segment", "string", "Customer segment (the handbook's five)",
              constraints={"required": True, "enum": list(TELECOM_SEGMENTS)}),
        Field("channel", "string", "Respondent's preferred service channel",
              constraints={"required": True, "enum": list(CHANNELS)}),
        Field("aware", "boolean", "Knew of the initiative", constraints={"required": True}),
        Field("interested", "boolean", "Wanted to try it (asked only of those aware)", constraints={"required": True}),
        Field("tried", "boolean", "Had used it (only those interested)", constraints={"required": True}),
        Field("perceived_well", "boolean", "Came away with a good impression (only those who tried)",
              constraints={"required": True}),
    ),
    make=make_visibility_survey,
    sources=("visibilityhandbook (funnel rates; ~30% unaware of the low-balance SMS; 68% unaware of the "
             "Gold-Medal campaign in September 2008)",),
    primary_key=("respondent_id",),
    chapter=9,
)


# =============================================================================================
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
    respondent = 0
    for branch in BRANCHES:
        segments = _segments(rng, branch, 100)
        for segment in segments:
            respondent += 1
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
        "(1993) table maps to the same category (25%), or a careless random pair (3%). Illustrative."
    ),
    fields=(
        Field("respondent_id", "integer", "Guest number", constraints={"required": True, "minimum": 1}),
        Field("branch", "string", "Hotel branch", constraints={"required": True, "enum": list(BRANCHES)}),
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

RESOURCES = [GUEST_SURVEY, BOOKING_JOURNEY, EXPECTATION_SURVEY, NPS_SURVEY, VISIBILITY_SURVEY, KANO_SURVEY]
