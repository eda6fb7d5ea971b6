"""The appointment book of the Hangzhou spa at Mirror Lake Hotels, with no-shows.

The course's examples of appointment systems (预约制度) come from health care, and so do the published
no-show figures; here the same decision (how much to overbook) is taken at Mirror Lake's own
appointment service, its spa, whose rooms, sessions and price come from the world.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import WEEKDAYS

SPA = world.SPA.value
DATES = pd.date_range(world.CALL_WEEKS.value[0], periods=56, freq="D")
GUEST_TYPES = ("in-house", "outside")
#: Share of treatments booked by guests staying in the hotel (the rest by local members and visitors).
IN_HOUSE_SHARE = 0.55
#: Mean lead time in days (geometric): hotel guests book shortly before, outside guests well ahead.
LEAD_MEAN = {"in-house": 1.5, "outside": 9.0}
#: No-show model (logit): intercept, per ln(1 + lead days), prior no-show, SMS reminder, outside guest.
#: The directions follow what Dantas et al. (2018) found most often in health care (longer lead times and
#: earlier no-shows go with more no-shows); the sizes, and the reminder's effect, are assumptions.
NO_SHOW_LOGIT = (-2.6, 0.40, 1.0, -0.45, 0.35)


def slots() -> pd.DataFrame:
    """Every bookable slot of a day: session, slot number, start time and treatment room."""
    rows = []
    for session, start in SPA["sessions"].items():
        hours, minutes = (int(x) for x in start.split(":"))
        slot = 0
        for k in range(SPA["slots_per_room"]):
            begin = hours * 60 + minutes + k * SPA["slot_minutes"]
            for room in range(1, SPA["rooms"] + 1):
                slot += 1
                rows.append((session, slot, f"{begin // 60:02d}:{begin % 60:02d}", room))
    return pd.DataFrame(rows, columns=["session", "slot", "slot_time", "room"])


def make_spa_appointments() -> pd.DataFrame:
    """Eight weeks of the spa's appointment book: who was booked, and who came."""
    rng = np.random.default_rng(504)
    b0, b_lead, b_prior, b_sms, b_outside = NO_SHOW_LOGIT
    grid = slots()
    rows = []
    for date in DATES:
        for session, slot, time, room in grid.itertuples(index=False):
            guest = GUEST_TYPES[int(rng.random() >= IN_HOUSE_SHARE)]
            lead = int(min(rng.geometric(1 / (1 + LEAD_MEAN[guest])) - 1, 60))
            prior = bool(rng.uniform() < (0.10 if guest == "in-house" else 0.22))
            sms = bool(lead >= 2 and rng.uniform() < 0.55)
            logit = b0 + b_lead * np.log1p(lead) + b_prior * prior + b_sms * sms + b_outside * (guest == "outside")
            no_show = bool(rng.uniform() < 1 / (1 + np.exp(-logit)))
            rows.append((date.strftime("%Y-%m-%d"), WEEKDAYS[date.day_of_week], session, slot, time, room, guest,
                         lead, prior, sms, not no_show))
    frame = pd.DataFrame(rows, columns=["date", "weekday", "session", "slot", "slot_time", "room", "guest_type",
                                        "lead_days", "prior_no_show", "sms_reminder", "attended"])
    frame.insert(0, "appointment_id", np.arange(1, len(frame) + 1))
    return frame


SPA_APPOINTMENTS = Resource(
    name="spa_appointments",
    title="The Hangzhou spa's appointment book, with no-shows (eight weeks of spring 2026)",
    description=(
        "Every booked treatment at the spa of Mirror Lake Hotels' Hangzhou branch from 2 March to 26 April "
        "2026: four treatment rooms, an afternoon session (13:00) and an evening session (17:00) of four "
        "one-hour slots each, so sixteen slots a session. For each booking: whether the guest was staying in "
        "the hotel, how many days ahead it was booked, whether the guest had missed a treatment before, whether "
        "an SMS reminder was sent, and whether the guest came. A treatment costs 520 yuan (a world fact). Used "
        "in Chapter 6 to decide how much to overbook."
    ),
    process=(
        "Synthetic, seed 504; rooms, sessions and slots from the world. Every slot is booked once (the spa is "
        "full in these weeks). 55% of bookings are by hotel guests, whose lead time is Geometric with mean 1.5 "
        "days, the others' 9 days (capped at 60); 10% of hotel guests and 22% of outside guests have missed "
        "before; 55% of bookings made two or more days ahead get an SMS reminder. Built in: P(no-show) = "
        "logistic(-2.6 + 0.40 ln(1 + lead days) + 1.0 prior + (-0.45) reminder + 0.35 outside guest), about "
        "one in seven overall, so lead time, earlier no-shows and reminders matter by construction. The "
        "directions follow the health-care literature; the sizes are assumptions."
    ),
    fields=(
        Field("appointment_id", "integer", "Appointment number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date of the treatment", constraints={"required": True}),
        Field("weekday", "string", "Day of the week", constraints={"required": True, "enum": list(WEEKDAYS)}),
        Field("session", "string", "Spa session", constraints={"required": True, "enum": list(SPA["sessions"])}),
        Field("slot", "integer", "Slot number in the session", constraints={
            "required": True, "minimum": 1, "maximum": SPA["rooms"] * SPA["slots_per_room"]}),
        Field("slot_time", "string", "Start time of the slot (local time, HH:MM)",
              constraints={"required": True, "pattern": "[0-2][0-9]:[0-5][0-9]"}),
        Field("room", "integer", "Treatment room", constraints={"required": True, "minimum": 1, "maximum": SPA["rooms"]}),
        Field("guest_type", "string", "Staying in the hotel, or coming from outside",
              constraints={"required": True, "enum": list(GUEST_TYPES)}),
        Field("lead_days", "integer", "Days between booking and treatment", unit="days",
              constraints={"required": True, "minimum": 0}),
        Field("prior_no_show", "boolean", "True if the guest missed an earlier treatment", constraints={"required": True}),
        Field("sms_reminder", "boolean", "True if an SMS reminder was sent the day before", constraints={"required": True}),
        Field("attended", "boolean", "True if the guest came; False for a no-show", constraints={"required": True}),
    ),
    make=make_spa_appointments,
    sources=(
        "dantas2018noshow: in health care, long lead times and a history of no-shows are the most often "
        "reported determinants of no-shows",
        "cayirli2003outpatient: appointment scheduling with no-shows and overbooking",
    ),
    primary_key=("appointment_id",),
    chapter=6,
)

RESOURCES = [SPA_APPOINTMENTS]
