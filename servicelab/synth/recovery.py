"""Service recovery outcomes at Mirror Lake Hotels (first half of 2026): what a failure and its remedy did."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, branch_field

# ------------------------------------------------------------------------------------------------

_MIX = world.booking_mix()
_CORPORATE_SHARE = float(_MIX.loc[_MIX["customer_type"].isin(["key account", "corporate"]), "bookings"].sum()
                         / _MIX["bookings"].sum())
RECOVERY_REMEDIES = ("apology only", "fix", "fix + compensation")
#: Satisfaction after a recovery = floor + (ceiling - floor) exp(-hours / tau) + remedy effect + noise.
_CURVE = {"corporate": (3.2, 9.4, 5.0), "individual": (4.2, 9.0, 12.0)}
_REMEDY_EFFECT = {"apology only": -1.3, "fix": 0.0, "fix + compensation": 0.5}
_NO_FAILURE_MEAN = {"corporate": 8.6, "individual": 8.3}


def make_recovery_outcomes() -> pd.DataFrame:
    """Guests surveyed after a stay: 700 who met a service failure and 300 who did not."""
    rng = np.random.default_rng(305)
    rows = []
    for case in range(1, 1001):
        branch = BRANCHES[int(rng.integers(4))]
        segment = "corporate" if rng.random() < 0.35 else "individual"
        failure = case <= 700
        if failure:
            remedy = RECOVERY_REMEDIES[int(rng.choice(3, p=[0.30, 0.45, 0.25]))]
            hours = float(np.clip(np.exp(np.log(5.0) + 0.95 * rng.standard_normal()), 0.2, 72))
            hours = round(hours, 1)
            floor, ceiling, tau = _CURVE[segment]
            score = floor + (ceiling - floor) * np.exp(-hours / tau) + _REMEDY_EFFECT[remedy]
            score += 0.9 * rng.standard_normal()
        else:
            remedy, hours = None, None
            score = _NO_FAILURE_MEAN[segment] + 1.0 * rng.standard_normal()
        satisfaction = int(np.clip(np.rint(score), 1, 10))
        logit = -3.2 + 0.52 * satisfaction - (0.35 if failure else 0.0)
        rows.append({
            "case_id": case,
            "branch": branch,
            "segment": segment,
            "failure": failure,
            "remedy": remedy,
            "response_hours": hours,
            "satisfaction": satisfaction,
            "would_return": bool(rng.random() < 1 / (1 + np.exp(-logit))),
        })
    frame = pd.DataFrame(rows)
    order = rng.permutation(len(frame))
    frame = frame.iloc[order].reset_index(drop=True)
    frame["case_id"] = np.arange(1, len(frame) + 1)
    return frame[[f.name for f in RECOVERY_FIELDS]]


RECOVERY_FIELDS = (
    Field("case_id", "integer", "Survey case number", constraints={"required": True, "minimum": 1}),
    branch_field(),
    Field("segment", "string", "Corporate account guest (a large customer) or individual guest (a small one)",
          constraints={"required": True, "enum": ["corporate", "individual"]}),
    Field("failure", "boolean", "Did the guest meet a service failure during the stay?", constraints={"required": True}),
    Field("remedy", "string", "How the failure was put right; empty if there was no failure",
          constraints={"enum": list(RECOVERY_REMEDIES)}),
    Field("response_hours", "number", "Hours from the guest reporting the failure to the remedy; empty if no failure",
          unit="hours", constraints={"minimum": 0}),
    Field("satisfaction", "integer", "Overall satisfaction with the stay", unit="points (1-10)",
          constraints={"required": True, "minimum": 1, "maximum": 10}),
    Field("would_return", "boolean", "Says they would stay with Mirror Lake Hotels again", constraints={"required": True}),
)

RECOVERY_OUTCOMES = Resource(
    name="recovery_outcomes",
    title="Service recovery outcomes, Mirror Lake Hotels (first half of 2026)",
    description=(
        "A post-stay survey of 1,000 Mirror Lake Hotels guests: 700 who met a service failure (how it "
        "was put right and how many hours it took) and 300 who did not, with their overall "
        "satisfaction and whether they would come back, for corporate-account (large) and individual "
        "(small) guests. Used in Chapter 8 to study recovery: satisfaction by remedy and speed, the "
        "recovery paradox, and the handling time that keeps satisfaction above a target."
    ),
    process=(
        "Synthetic, seed 305. Branch uniform; corporate-account guests are over-sampled to 35% of the survey "
        f"(they make about {_CORPORATE_SHARE:.0%} of the world's bookings). For a failure: remedy apology only 30%, "
        "fix 45%, fix + compensation 25%; response hours lognormal (median 5 h, log-sd 0.95, 0.2-72 h), drawn "
        "independently of the failure's severity (there is no severity in these data, so no confounding by it is "
        "built in). Satisfaction = floor + (ceiling - floor) x exp(-hours / tau) + remedy effect (apology only "
        "-1.3, fix 0, fix + compensation +0.5) + Normal(0, 0.9), with (floor, ceiling, tau) = (3.2, 9.4, 5 h) "
        "for corporate and (4.2, 9.0, 12 h) for individual guests; without a failure, Normal(8.6 corporate, "
        "8.3 individual; sd 1.0). Rounded and clipped to 1-10. P(would return) = logistic(-3.2 + 0.52 x "
        "satisfaction - 0.35 if there was a failure). Built in, therefore: a recovery paradox for satisfaction "
        "only (a fast fix with compensation scores above the no-failure mean, 9.9 vs 8.6 for corporate guests "
        "at zero hours) and a failure penalty on returning at any satisfaction, the pattern de Matos et al. "
        "(2007) report; the data illustrate that finding and cannot confirm it. The decay curve is our "
        "assumption: the standards slides' chart of satisfaction against complaint-handling hours for large and "
        "small customers gives no numbers."
    ),
    fields=RECOVERY_FIELDS,
    make=make_recovery_outcomes,
    sources=(
        "standardsslides: satisfaction against complaint-handling hours for large and small customers",
        "dematos2007recovery: the recovery paradox holds for satisfaction more than for repurchase intentions",
    ),
    primary_key=("case_id",),
    chapter=8,
)


RESOURCES = [RECOVERY_OUTCOMES]
