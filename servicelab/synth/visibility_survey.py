"""The visibility of Mirror Lake Hotels' own service initiatives: a funnel survey of its guests.

The service-visibility handbook follows a service from awareness to interest, trial and the
impression it leaves (知晓, 兴趣, 体验, 感知).  Mirror Lake surveyed its guests about four of its own
initiatives, each leaking at a different stage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world

INITIATIVES = {
    "WeChat self check-in": "微信自助入住",
    "E-invoice by WeChat": "微信电子发票",
    "Late check-out by app": "App延迟退房",
    "Member service pledge": "会员服务承诺",
}
GUEST_SEGMENTS = ("Corporate traveller", "Independent business traveller", "Family", "Young leisure",
                  "Senior leisure")
CHANNELS = ("Front desk", "Phone", "WeChat", "App")
#: How leisure guests split into families, young travellers and seniors (an assumption of this survey).
_LEISURE_SPLIT = (0.42, 0.36, 0.22)
#: Preferred service channel by segment (Front desk, Phone, WeChat, App).
_CHANNEL_MIX = {
    "Corporate traveller": (0.15, 0.25, 0.30, 0.30),
    "Independent business traveller": (0.15, 0.15, 0.40, 0.30),
    "Family": (0.35, 0.20, 0.35, 0.10),
    "Young leisure": (0.10, 0.05, 0.50, 0.35),
    "Senior leisure": (0.55, 0.35, 0.10, 0.00),
}
#: Base stage probabilities (aware, interested | aware, tried | interested, perceived well | tried).
_FUNNEL_BASE = {
    "WeChat self check-in": (0.66, 0.74, 0.55, 0.82),   # leaks at trial: the desk checks guests in anyway
    "E-invoice by WeChat": (0.60, 0.85, 0.78, 0.52),    # leaks at perception: wrong invoice titles
    "Late check-out by app": (0.34, 0.82, 0.60, 0.86),  # leaks at awareness: hardly promoted
    "Member service pledge": (0.70, 0.30, 0.62, 0.76),  # leaks at interest: a promise nobody asks for
}
_AWARE_SEGMENT = {"Corporate traveller": 1.10, "Independent business traveller": 1.05, "Family": 0.95,
                  "Young leisure": 1.15, "Senior leisure": 0.55}
#: How well each initiative's launch reached guests who prefer each channel.
_AWARE_CHANNEL = {
    "WeChat self check-in": {"Front desk": 0.75, "Phone": 0.70, "WeChat": 1.30, "App": 1.10},
    "E-invoice by WeChat": {"Front desk": 0.90, "Phone": 0.85, "WeChat": 1.20, "App": 1.00},
    "Late check-out by app": {"Front desk": 0.60, "Phone": 0.60, "WeChat": 0.90, "App": 1.60},
    "Member service pledge": {"Front desk": 1.15, "Phone": 1.00, "WeChat": 0.95, "App": 0.95},
}
#: E-invoices interest business travellers above all.
_INTEREST_SEGMENT = {"Corporate traveller": 1.10, "Independent business traveller": 1.10, "Family": 0.80,
                     "Young leisure": 0.85, "Senior leisure": 0.70}


def segment_mix() -> np.ndarray:
    """Share of each guest segment: business travellers split by the world's corporate share, leisure by
    an assumed split."""
    mix = world.booking_mix()
    total = mix["bookings"].sum()
    corporate = mix.loc[mix["customer_type"].isin(["key account", "corporate"]), "bookings"].sum() / total
    business = mix.loc[mix["segment"] == "business", "bookings"].sum() / total
    leisure = 1 - business
    return np.array([corporate, business - corporate, *(leisure * np.asarray(_LEISURE_SPLIT))])


def make_visibility_survey() -> pd.DataFrame:
    """1,500 guests per initiative: aware, interested, tried, perceived well."""
    rng = np.random.default_rng(205)
    shares = segment_mix()
    rows = []
    respondent = 0
    for initiative in INITIATIVES:
        base = _FUNNEL_BASE[initiative]
        for _ in range(1500):
            respondent += 1
            segment = GUEST_SEGMENTS[int(rng.choice(len(GUEST_SEGMENTS), p=shares))]
            channel = CHANNELS[int(rng.choice(len(CHANNELS), p=_CHANNEL_MIX[segment]))]
            p_aware = base[0] * _AWARE_SEGMENT[segment] * _AWARE_CHANNEL[initiative][channel]
            p_interest = base[1] * (_INTEREST_SEGMENT[segment] if initiative == "E-invoice by WeChat" else 1.0)
            flags, reached = [], True
            for p in (p_aware, p_interest, base[2], base[3]):
                reached = reached and bool(rng.random() < min(p, 0.98))
                flags.append(reached)
            rows.append((respondent, initiative, segment, channel, *flags))
    return pd.DataFrame(rows, columns=["respondent_id", "initiative", "segment", "channel", "aware", "interested",
                                       "tried", "perceived_well"])


VISIBILITY_SURVEY = Resource(
    name="visibility_survey",
    title="Service-visibility funnel survey of Mirror Lake Hotels' own initiatives",
    description=(
        "Mirror Lake Hotels asked 1,500 guests about each of four of its service initiatives: WeChat self "
        "check-in (微信自助入住), e-invoices by WeChat (微信电子发票), late check-out booked in the app (App延迟退房) "
        "and the member service pledge (会员服务承诺). For each respondent: whether they knew of the initiative "
        "(aware), wanted to use it (interested), had used it (tried) and came away with a good impression "
        "(perceived_well), the four stages of the service-visibility handbook's funnel, with the guest's segment "
        "and preferred service channel. Used in Chapter 9 for the visibility funnel and where it leaks."
    ),
    process=(
        "Synthetic, seed 205. Segments: corporate travellers and independent business travellers in the world's "
        "shares of bookings; leisure guests split 42/36/22% into families, young and senior travellers (an "
        "assumption). Preferred channel drawn by segment. Base stage probabilities (aware, interested | aware, "
        "tried | interested, perceived well | tried): WeChat self check-in 0.66, 0.74, 0.55, 0.82; e-invoice "
        "0.60, 0.85, 0.78, 0.52; late check-out by app 0.34, 0.82, 0.60, 0.86; member pledge 0.70, 0.30, 0.62, "
        "0.76. Awareness is multiplied by a segment factor (senior leisure guests 0.55 ... young 1.15) and by how "
        "well each launch reached guests of each preferred channel; interest in e-invoices by a segment factor. "
        "Built in: each initiative leaks most at a different stage (self check-in: trial, as the desk checks "
        "interested guests in the usual way, and senior guests are the least aware of it; e-invoice: perception; "
        "late check-out: awareness; pledge: interest), so the funnel finds what was put there. All parameters are assumptions; only the funnel's stages come from the handbook."
    ),
    fields=(
        Field("respondent_id", "integer", "Respondent number", constraints={"required": True, "minimum": 1}),
        Field("initiative", "string", "Service initiative asked about",
              constraints={"required": True, "enum": list(INITIATIVES)}),
        Field("segment", "string", "Guest segment", constraints={"required": True, "enum": list(GUEST_SEGMENTS)}),
        Field("channel", "string", "Guest's preferred service channel",
              constraints={"required": True, "enum": list(CHANNELS)}),
        Field("aware", "boolean", "Knew of the initiative", constraints={"required": True}),
        Field("interested", "boolean", "Wanted to use it (only those aware)", constraints={"required": True}),
        Field("tried", "boolean", "Had used it (only those interested)", constraints={"required": True}),
        Field("perceived_well", "boolean", "Came away with a good impression (only those who tried)",
              constraints={"required": True}),
    ),
    make=make_visibility_survey,
    sources=("visibilityhandbook: the awareness-interest-experience-perception funnel",),
    primary_key=("respondent_id",),
    chapter=9,
)

RESOURCES = [VISIBILITY_SURVEY]
