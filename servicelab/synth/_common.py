"""Helpers shared by the generators (not a generator itself: no RESOURCES)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field
from servicelab.synth import world

BRANCHES: tuple[str, ...] = world.BRANCHES.value
SEGMENTS: tuple[str, ...] = world.SEGMENTS.value
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Clock times are written HH:MM:SS (read them with ``pandas.to_timedelta``).
CLOCK_PATTERN = "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]"


def branch_field(description: str = "Hotel branch") -> Field:
    return Field("branch", "string", description, constraints={"required": True, "enum": list(BRANCHES)})


def likert(rng: np.random.Generator, mean, sd: float, size=None, low: int = 1, high: int = 7) -> np.ndarray:
    """Whole-point ratings: a normal draw rounded and clipped to the scale."""
    return np.clip(np.rint(rng.normal(mean, sd, size=size)), low, high).astype(int)


def pick(rng: np.random.Generator, shares: dict) -> str:
    """One key of ``shares``, drawn with probability proportional to its value."""
    keys = list(shares)
    p = np.array([shares[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def iso(stamp: pd.Timestamp) -> str:
    return stamp.strftime("%Y-%m-%dT%H:%M:%S")


def clock(seconds) -> list[str]:
    """Seconds after midnight as HH:MM:SS."""
    seconds = np.asarray(seconds, dtype=int)
    return [f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in seconds]


def business_share_of_stays(branch: str) -> float:
    """Share of a branch's bookings (stays) made by business guests (derived from the world)."""
    return world.bookings_per_year(branch, "business") / world.bookings_per_year(branch)


def segments(rng: np.random.Generator, branch: str, n: int) -> np.ndarray:
    """Draw ``n`` guests' segments with the branch's business share of stays."""
    return np.where(rng.random(n) < business_share_of_stays(branch), "business", "leisure")


def respondents(rng: np.random.Generator, per_branch: int):
    """Survey respondents branch by branch: yields (number from 1, branch, segment).

    Each branch's segments are drawn with :func:`segments` when the branch's turn comes, so the
    random draws of the caller's loop body and of the segments interleave as in a plain nested loop.
    """
    number = 0
    for branch in BRANCHES:
        for segment in segments(rng, branch, per_branch):
            number += 1
            yield number, branch, segment


def staff_code(branch: str, number: int) -> str:
    """A receptionist's code: branch code, FD, two digits (HZ-FD07)."""
    return f"{world.BRANCH_CODES.value[branch]}-FD{number:02d}"


RECEPTIONIST_PATTERN = "(HZ|SH|XM|CD)-FD[0-9]{2}"


def draw_stay(rng: np.random.Generator, branch: str, segment: str) -> tuple[str, int, float]:
    """One surveyed stay: the guest's customer type, the month of the stay and the nightly rate paid.

    Type from the world's customer-type shares of the segment; month from the segment's month profile;
    rate = the world's expected rate for the branch, type and month x LogNormal(0, 0.08), to 10 yuan.
    """
    shares = world.CUSTOMER_TYPE_SHARE.value[segment]
    kind = pick(rng, shares)
    profile = np.asarray(world.MONTH_PROFILE.value[segment], dtype=float)
    month = int(rng.choice(12, p=profile / profile.sum())) + 1
    rate = world.expected_rate(branch, kind, month) * np.exp(0.08 * rng.standard_normal())
    return kind, month, float(np.round(rate, -1))
