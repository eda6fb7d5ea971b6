"""The Mirror Lake Hotels satisfaction and recommendation survey, with value for price and a 12-month follow-up."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import SEGMENTS, branch_field, draw_stay, respondents


_BRANCH_MOOD = {"Hangzhou": 0.35, "Shanghai": 0.05, "Xiamen": -0.30, "Chengdu": 0.15}
# Probability of staying again within 12 months by satisfaction (1-5): steep at the top, after
# Jones and Sasser (1995); business guests return more often.
_RETURN = {1: 0.06, 2: 0.10, 3: 0.17, 4: 0.30, 5: 0.62}
# Probability of complaining by satisfaction: the satisfaction slides say at most one in three
# dissatisfied customers complains.
_COMPLAIN = {1: 0.30, 2: 0.25, 3: 0.06, 4: 0.015, 5: 0.005}
#: How much a rate 10% above the branch's mean rate lowers the latent value-for-price rating (x10).
_VALUE_PRICE = 3.0


def make_nps_survey() -> pd.DataFrame:
    """2400 guests (600 per branch): CSAT, likelihood to recommend, complaint, and whether they came back."""
    rng = np.random.default_rng(204)
    rows = []
    for respondent, branch, segment in respondents(rng, 600):
        latent = rng.normal(_BRANCH_MOOD[branch], 1.0)
        # CSAT 1-5 from cut points on the latent satisfaction.
        csat = int(1 + np.searchsorted([-1.9, -1.1, -0.2, 0.9], latent))
        recommend = int(np.clip(np.rint(7.2 + 1.55 * latent + rng.normal(0, 0.9)), 0, 10))
        complained = bool(rng.random() < _COMPLAIN[csat])
        p_return = _RETURN[csat] * (1.25 if segment == "business" else 0.85)
        returned = bool(rng.random() < min(p_return, 0.95))
        _, month, rate = draw_stay(rng, branch, segment)
        # Value for price: the stay's quality against what the guest paid, relative to the branch's usual rate.
        relative = rate / world.mean_rate_paid(branch) - 1
        value = 0.55 * latent - _VALUE_PRICE * relative + rng.normal(0, 0.7)
        value_for_price = int(1 + np.searchsorted([-1.5, -0.7, 0.2, 1.1], value))
        rows.append((respondent, branch, segment, f"{world.BOOKING_YEAR.value}-{month:02d}", rate, csat,
                     value_for_price, recommend, complained, returned))
    return pd.DataFrame(rows, columns=["respondent_id", "branch", "segment", "stay_month", "rate_paid", "csat",
                                       "value_for_price", "recommend", "complained", "returned_12m"])


NPS_SURVEY = Resource(
    name="nps_survey",
    title="Mirror Lake Hotels satisfaction and recommendation survey, with a 12-month follow-up",
    description=(
        "One row per guest surveyed after a 2025 stay (600 per branch): the month of the stay and the nightly rate "
        "paid (from the booking system), overall satisfaction on a 1-5 scale (CSAT), the guest's rating of value "
        "for price (1-5), likelihood to recommend on the 0-10 NPS scale, whether the guest complained during the stay, "
        "and whether the guest stayed with Mirror Lake again within 12 months (from the booking system). "
        "Used in Chapter 9 for CSAT, NPS, value for price, the satisfaction-loyalty curve and silent "
        "dissatisfaction."
    ),
    process=(
        "Synthetic, seed 204. Segment by the world's business share of the branch's stays; month of stay from "
        "the segment's month profile and rate paid = the world's expected rate for the branch, customer type and "
        "month x LogNormal(0, 0.08). Latent satisfaction ~ Normal(branch effect, 1): Hangzhou +0.35, Shanghai "
        "+0.05, Xiamen -0.30, Chengdu +0.15. CSAT by cut points -1.9, -1.1, -0.2, 0.9; recommend = 7.2 + 1.55 x "
        "latent + Normal(0, 0.9), rounded and clipped to 0-10. Built in: value for price = 0.55 x latent - 3.0 x "
        "(rate paid / the branch's mean rate - 1) + Normal(0, 0.7), cut at -1.5, -0.7, 0.2, 1.1, so guests who "
        "paid more than usual rate value lower. Complaint probability by CSAT 1-5: 0.30, 0.25, 0.06, 0.015, 0.005, "
        "so that at most one in three dissatisfied guests complains (satisfaction slides). Built in: return "
        "probability by CSAT 0.06, 0.10, 0.17, 0.30, 0.62, x1.25 business and x0.85 leisure, a curve steepest at "
        "the top as Jones and Sasser (1995) report; the data illustrate that finding, they cannot test it. Levels "
        "are assumptions."
    ),
    fields=(
        Field("respondent_id", "integer", "Guest number", constraints={"required": True, "minimum": 1}),
        branch_field(),
        Field("segment", "string", "Purpose of the stay", constraints={"required": True, "enum": list(SEGMENTS)}),
        Field("stay_month", "string", "Month of the stay (YYYY-MM)",
              constraints={"required": True, "pattern": "2025-(0[1-9]|1[0-2])"}),
        Field("rate_paid", "number", "Nightly room rate paid for the stay", unit="yuan",
              constraints={"required": True, "minimum": 0}),
        Field("csat", "integer", "Overall satisfaction with the stay (1 very dissatisfied, 5 very satisfied)",
              unit="points (1-5)", constraints={"required": True, "minimum": 1, "maximum": 5}),
        Field("value_for_price", "integer", "Guest's rating of the stay's value for the price paid "
              "(1 very poor, 5 very good)", unit="points (1-5)",
              constraints={"required": True, "minimum": 1, "maximum": 5}),
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


RESOURCES = [NPS_SURVEY]
