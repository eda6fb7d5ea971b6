"""Mirror Lake Hotels (镜湖酒店集团): the one definition of the firm every data set describes.

The book's synthetic data sets all describe one fictional hotel group.  This module says what
that group *is*: its branches, rooms, restaurants and front desks, its guests and how they book,
its reservation call centre, prices and margins, staff, costs and the dates of the events the
chapters study.  Every generator in :mod:`servicelab.synth` takes its volumes, prices, dates and
staffing from here, so that two data sets never disagree about the firm they describe.

Each fact is a :class:`Fact`: a value with its unit and, where the course or the literature
gives the figure, its source (a key of ``book/references.bib``).  A fact without a source is an
**assumption**: a plausible value chosen for teaching, not a measurement.  Quantities that follow
from the facts (bookings a year, calls a year, cost per call ...) are computed by the functions
below, never typed in a second time.

>>> BRANCHES.value
('Hangzhou', 'Shanghai', 'Xiamen', 'Chengdu')
>>> ROOMS.unit, ROOMS.assumption
('rooms', True)
>>> round(room_nights_per_year())
375950
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "Fact", "facts", "fact_table", "derived_table",
    "room_nights_per_year", "bookings_per_year", "booking_mix", "expected_arrivals",
    "in_house_guests", "demand_factor", "season_rate_factor", "expected_rate", "mean_rate_paid",
    "calls_per_year", "call_month_factor", "call_weekday_factor", "expected_calls",
    "caller_tier_shares", "call_branch_shares", "mean_handle_seconds", "messages_per_day",
    "agent_cost_per_hour", "cost_per_contact", "required_agents_fte", "desk_checkouts_per_morning",
    "date_of", "in_period",
]


@dataclass(frozen=True)
class Fact:
    """One fact about the firm: its value, unit, source and a short note.

    ``source`` is a bibliography key of ``book/references.bib`` (optionally followed by a
    locator in parentheses), or ``None`` for an assumption made for this book.
    """

    value: Any
    unit: str
    source: str | None = None
    note: str = ""

    @property
    def assumption(self) -> bool:
        """True when no source gives this value: it is our choice, made for teaching."""
        return self.source is None

    @property
    def keys(self) -> tuple[str, ...]:
        """The bibliography keys of the source (several are separated by semicolons), without locators."""
        if self.source is None:
            return ()
        return tuple(part.strip().split(" ")[0] for part in self.source.split(";"))


def _d(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


# =============================================================================================
# The firm and its branches
# =============================================================================================

FIRM = Fact(("Mirror Lake Hotels", "镜湖酒店集团"), "name", None,
            "A fictional hotel group, the book's running example.")
BRANCHES = Fact(("Hangzhou", "Shanghai", "Xiamen", "Chengdu"), "branches", None,
                "Four full-service hotels; the order is used in every table.")
BRANCH_CHINESE = Fact({"Hangzhou": "杭州", "Shanghai": "上海", "Xiamen": "厦门", "Chengdu": "成都"},
                      "name", None, "Chinese names of the branch cities.")
BRANCH_CODES = Fact({"Hangzhou": "HZ", "Shanghai": "SH", "Xiamen": "XM", "Chengdu": "CD"}, "code", None,
                    "Two-letter codes used in staff codes.")
ROOMS = Fact({"Hangzhou": 420, "Shanghai": 380, "Xiamen": 260, "Chengdu": 240}, "rooms", None,
             "Guest rooms per branch; Hangzhou is the flagship by the lake.")
OCCUPANCY = Fact({"Hangzhou": 0.80, "Shanghai": 0.84, "Xiamen": 0.74, "Chengdu": 0.76}, "share of room nights",
                 None, "Annual mean share of rooms sold each night.")
BUSINESS_SHARE = Fact({"Hangzhou": 0.50, "Shanghai": 0.65, "Xiamen": 0.30, "Chengdu": 0.45},
                      "share of room nights", None,
                      "Room nights sold to business guests; the rest are leisure guests. Shanghai is a "
                      "business city, Xiamen a holiday one.")
SEGMENTS = Fact(("business", "leisure"), "segments", "courseslides (Chapter 2 opening case)",
                "Business (商务客人) and leisure (观光客人) guests, the course's two largest groups of hotel guests.")
ROOM_NIGHTS_PER_BOOKING = Fact({"business": 1.8, "leisure": 2.3}, "room nights per booking", None,
                               "Rooms x nights of a typical booking.")
GUESTS_PER_ROOM = Fact({"business": 1.15, "leisure": 1.9}, "guests per occupied room", None, "")
#: Arrivals by month, relative to the year's mean month (each profile averages 1).
MONTH_PROFILE = Fact(
    {"business": (1.00, 0.80, 1.08, 1.05, 1.05, 1.05, 0.92, 0.88, 1.08, 0.92, 1.12, 1.05),
     "leisure": (0.95, 1.05, 0.85, 0.95, 1.05, 0.90, 1.15, 1.20, 0.90, 1.15, 0.85, 1.00)},
    "factor (mean 1)", None,
    "Arrivals by month, January to December. Business travel dips at the Spring Festival and in "
    "summer; leisure travel peaks at the Spring Festival, May Day, in summer and in Golden Week.")
#: Arrivals by weekday (Monday first), relative to the mean day (each profile averages 1).
WEEKDAY_PROFILE = Fact(
    {"business": (1.30, 1.20, 1.10, 0.90, 0.55, 0.45, 1.50),
     "leisure": (0.75, 0.75, 0.80, 0.95, 1.45, 1.40, 0.90)},
    "factor (mean 1)", None,
    "Arrivals by weekday, Monday to Sunday: business guests arrive on Sunday evening and early in "
    "the week, leisure guests at the weekend.")
VOLUME_GROWTH = Fact(0.0, "share a year", None,
                     "Volumes are stable from 2024 to 2026, so a week of any year can be scaled to a year "
                     "with the month and weekday profiles.")

# =============================================================================================
# Customers and how they book
# =============================================================================================

CUSTOMER_TYPES = Fact(("key account", "corporate", "member", "other"), "types", None,
                      "Who books: a key account (大客户) with its own account manager, another corporate "
                      "account (协议客户), a member of the loyalty programme, or an unidentified guest.")
CUSTOMER_TYPE_SHARE = Fact(
    {"business": {"key account": 0.15, "corporate": 0.10, "member": 0.08, "other": 0.67},
     "leisure": {"key account": 0.0, "corporate": 0.0, "member": 0.05, "other": 0.95}},
    "share of bookings", None,
    "Bookings by customer type within each segment. Key accounts and corporate accounts book business "
    "stays only.")
CORPORATE_ACCOUNTS = Fact(420, "accounts", None, "Companies with a negotiated rate (协议客户), key accounts included.")
KEY_ACCOUNTS = Fact(60, "accounts", None,
                    "The largest corporate accounts, served by the key-account team: the course's 大客户, "
                    "for whom the firm concentrates its best resources (集中优势资源服务于大客户).")
MEMBERS = Fact(6000, "members", None, "Members of the loyalty programme who stayed in the year.")
CHANNELS = Fact(("account manager", "phone", "app", "website", "travel platform"), "channels", None,
                "Booking channels: the key-account team, the reservation call centre, the Mirror Lake app "
                "(with its WeChat mini-program), the website, and online travel platforms.")
CHANNEL_MIX = Fact(
    {"key account": {"account manager": 0.70, "phone": 0.20, "app": 0.05, "website": 0.05, "travel platform": 0.0},
     "corporate": {"account manager": 0.0, "phone": 0.40, "app": 0.30, "website": 0.30, "travel platform": 0.0},
     "member": {"account manager": 0.0, "phone": 0.25, "app": 0.50, "website": 0.25, "travel platform": 0.0},
     "other": {"account manager": 0.0, "phone": 0.16, "app": 0.08, "website": 0.14, "travel platform": 0.62}},
    "share of bookings", None, "How each type of customer books.")
IDENTIFIED_TYPES = Fact(("key account", "corporate", "member"), "types", None,
                        "Customer types whose bookings carry a customer number: the bookings in hotel_transactions.")
EVENT_SHARE = Fact({"key account": 0.08, "corporate": 0.03, "member": 0.005, "other": 0.0}, "share of bookings",
                   None, "Bookings that are events (meetings, banquets) with their rooms.")
EVENT_SPEND_MEDIAN = Fact(28000, "yuan per event", None,
                          "Median catering and meeting-room revenue of an event (lognormal, log-sd 0.6).")

# =============================================================================================
# Prices and margins
# =============================================================================================

ROOM_RATE = Fact({"Hangzhou": 780, "Shanghai": 960, "Xiamen": 690, "Chengdu": 620}, "yuan per room night", None,
                 "Best available rate of a standard room, averaged over the year.")
RATE_FACTOR = Fact({"key account": 0.80, "corporate": 0.86, "member": 0.92, "other": 1.00}, "factor", None,
                   "Rate paid relative to the best available rate, by customer type (negotiated and member rates).")
SEASON_RATE_ELASTICITY = Fact(0.5, "factor", None,
                              "Rates move with demand: rate = base x (month demand factor) ^ 0.5.")
ROOM_MARGIN = Fact(0.72, "share of room revenue", None,
                   "Contribution margin of a room night (revenue less housekeeping, amenities, laundry, energy).")
RESTAURANT_MARGIN = Fact(0.30, "share of restaurant revenue", None, "Contribution margin of a restaurant cover.")
EVENT_MARGIN = Fact(0.35, "share of event revenue", None, "Contribution margin of catering and meeting rooms.")
PLATFORM_COMMISSION = Fact(0.15, "share of room revenue", None, "Commission paid to an online travel platform.")

# =============================================================================================
# Restaurants
# =============================================================================================

RESTAURANT_SEATS = Fact({"Hangzhou": 140, "Shanghai": 150, "Xiamen": 110, "Chengdu": 110}, "seats", None,
                        "Seats in each branch's all-day restaurant.")
RESTAURANT_HOURS = Fact((6, 21), "hour of day", None, "First and last hour a table can be asked for.")
#: Relative demand by opening hour within each meal (the peak hour of each meal = 1).
MEAL_SHAPE = Fact(
    {"breakfast": {6: 0.35, 7: 0.85, 8: 1.00, 9: 0.60, 10: 0.20},
     "lunch": {11: 0.55, 12: 1.00, 13: 0.62, 14: 0.15, 15: 0.10, 16: 0.12},
     "dinner": {17: 0.47, 18: 1.00, 19: 0.95, 20: 0.52, 21: 0.21}},
    "factor", None, "Hourly shape of demand within each meal.")
BREAKFAST_TAKE_UP = Fact(0.60, "share of in-house guests", None, "Guests in the hotel who come down to breakfast.")
MEAL_PEAK_PER_SEAT = Fact({"lunch": 0.85, "dinner": 1.05}, "covers per seat", None,
                          "Mean covers asking for a table in the peak hour of lunch and dinner, per seat, on an "
                          "average day (weekday factor 1): the dinner rush asks for more seats than there are.")
RESTAURANT_WEEKDAY = Fact((0.90, 0.92, 0.95, 0.97, 1.10, 1.20, 1.05), "factor", None,
                          "Lunch and dinner demand by weekday (Monday first): Friday and Saturday busiest.")
SPEND_PER_COVER = Fact({"breakfast": 88, "lunch": 138, "dinner": 196}, "yuan per cover", None,
                       "Mean restaurant spend per guest.")

# =============================================================================================
# Front desks
# =============================================================================================

FRONT_DESK_COUNTERS = Fact({"Hangzhou": 4, "Shanghai": 4, "Xiamen": 3, "Chengdu": 3}, "counters", None,
                           "Check-in counters installed in each lobby.")
RECEPTIONISTS = Fact({"Hangzhou": 12, "Shanghai": 12, "Xiamen": 8, "Chengdu": 8}, "receptionists", None,
                     "Front-desk staff on the payroll; codes are branch code + FD + number, e.g. HZ-FD07.")
MORNING_DESKS = Fact({"07:00": 2, "08:00": 3}, "desks open", None,
                     "Hangzhou's weekday-morning roster: two desks from 07:00, a third from 08:00.")
EXPRESS_CHECKOUT_SHARE = Fact(0.15, "share of departures", None,
                              "Guests who check out by WeChat and drop the key card, never visiting the desk.")
MORNING_CHECKOUT_SHARE = Fact(0.92, "share of desk check-outs", None, "Desk check-outs made between 07:00 and 12:00.")
DESK_TASK_SHARE = Fact({"check-out": 0.62, "enquiry": 0.28, "check-in": 0.10}, "share of morning desk visits",
                       None, "What guests come to the desk for between 07:00 and 12:00.")
CHECKIN_TARGET_MINUTES = Fact(5.0, "minutes", None, "The five-minute target of Hangzhou's check-in standard.")
RECEPTIONIST_COST_PER_HOUR = Fact(42.0, "yuan per hour", None, "Employer's cost of a receptionist hour.")
SHUTTLE_TRIPS_PER_DAY = Fact({"Hangzhou": 14, "Shanghai": 18, "Xiamen": 12, "Chengdu": 10}, "trips per day", None,
                             "Scheduled airport and railway-station shuttle trips.")

# =============================================================================================
# The reservation call centre and the inbox
# =============================================================================================

CALL_CENTRE_BRANCH = Fact("Hangzhou", "branch", None, "The reservation call centre sits in Hangzhou and serves all four branches.")
CALL_CENTRE_HOURS = Fact((8, 22), "hour of day", None, "Open 08:00 to 22:00 every day, in 28 half-hour intervals.")
CALLS_PER_BOOKING = Fact(
    {"account manager": 1.0, "phone": 4.0, "app": 0.6, "website": 1.1, "travel platform": 1.5},
    "calls per booking", None,
    "Calls to the reservation centre per booking, by the channel the booking was made through: "
    "enquiries (also those that never book), the booking call itself, changes, cancellations and questions.")
CALL_WEEKDAY = Fact((1.00, 0.92, 0.90, 0.88, 0.90, 0.68, 0.75), "factor (Monday = 1)",
                    "gans2003callcenters (Monday the busiest day)",
                    "Calls by weekday relative to Monday; the levels are our assumption.")
CALL_INTRADAY = Fact(
    (0.35, 0.55, 0.80, 0.95, 1.00, 1.00, 0.95, 0.85, 0.60, 0.55, 0.70, 0.85, 0.92, 0.92,
     0.88, 0.82, 0.75, 0.68, 0.58, 0.48, 0.42, 0.42, 0.45, 0.48, 0.50, 0.45, 0.35, 0.22),
    "factor (peak = 1)", "gans2003callcenters (late-morning peak, lunch dip, afternoon plateau)",
    "Calls per half hour from 08:00 to 22:00; the small evening bump of leisure bookers is our assumption.")
HANDLE_TIME = Fact({"median": 240.0, "log_sd": 0.70}, "seconds", "brown2005statistical (handle times lognormal)",
                   "Handle time (talk, hold, wrap-up) of a call from an 'other' caller; the parameters are our assumption.")
TIER_HANDLE_FACTOR = Fact({"key account": 1.40, "member": 1.10, "other": 1.00}, "factor", None,
                          "Handle time by caller tier: key accounts get unhurried service, as the course's AT&T case "
                          "describes for high-value customers (courseslides, Chapter 4 opening case).")
PATIENCE_MEAN = Fact(240.0, "seconds", None,
                     "Mean patience of a caller. Patience is exponential: the assumption of Erlang A "
                     "(Garnett, Mandelbaum and Reiman 2002), built into the simulated call log.")
SERVICE_LEVEL_TARGET = Fact({"share": 0.80, "seconds": 20}, "share within seconds",
                            "gans2003callcenters (the common 80/20 convention)",
                            "80% of calls answered within 20 seconds.")
ANSWER_STANDARD_SECONDS = Fact(30, "seconds", "standardsslides (呼叫中心30秒内接电话的比例)",
                               "The hard standard of calls answered within 30 seconds.")
AGENT_HEADCOUNT = Fact(32, "agents", None, "Reservation agents on the payroll (full-time equivalents) in a steady month.")
CONTRACT_HOURS = Fact(40, "hours per week", None, "Paid hours of a full-time agent.")
SHRINKAGE = Fact(0.30, "share of paid time", None,
                 "Paid time not available for contacts: breaks, leave, sickness, training, meetings.")
AGENT_OCCUPANCY = Fact(0.64, "share of available time", None,
                       "Share of available agent time spent handling calls and messages, averaged over a 14-hour, "
                       "seven-day operation (quiet evenings included).")
PAY_GRADES = Fact({"A": 5800, "B": 6600, "C": 7600}, "yuan per month", None,
                  "Monthly base pay of a reservation agent by grade.")
PAY_GRADE_MIX = Fact({"A": 0.45, "B": 0.35, "C": 0.20}, "share of agents", None, "Agents by grade.")
EMPLOYER_ONCOST = Fact(0.32, "share of pay", None,
                       "Employer's social insurance and housing fund contributions on top of pay.")
INCENTIVE_MAX = Fact(900, "yuan per month", None,
                     "Most an agent on the incentive scheme can earn in a month: 450 yuan for first-contact "
                     "resolution at or above 0.74 and 450 yuan for satisfaction at or above 4.30.")
INCENTIVE_TARGETS = Fact({"fcr": 0.74, "csat": 4.30}, "share / points (1-5)", None,
                         "Monthly targets of the incentive scheme.")
ANNUAL_QUIT_RATE = Fact(0.30, "share of agents a year", None,
                        "Agents who leave in a year without the incentive scheme (resignations and dismissals).")
INCENTIVE_QUIT_FACTOR = Fact(0.60, "factor", None,
                             "The incentive scheme multiplies an agent's chance of leaving by this factor "
                             "(built into agent_employment).")
REPLACEMENT_COST = Fact(24000, "yuan per leaver", None,
                        "Recruiting, four weeks' training and the slower first months of a replacement agent.")
ONBOARDING_WEEKS = Fact(4, "weeks", None, "New agents train for four weeks before they take calls.")
MESSAGES_PER_BOOKING = Fact(0.20, "messages per booking", None,
                            "Written messages (WeChat, web chat, e-mail) per booking, all channels.")
MESSAGE_CHANNEL_SHARE = Fact({"WeChat": 0.62, "web chat": 0.25, "email": 0.13}, "share of messages", None, "")
MESSAGE_TOPIC_SHARE = Fact(
    {"booking": 0.21, "change_cancel": 0.15, "invoice": 0.10, "facilities": 0.15, "check_in_out": 0.10,
     "loyalty": 0.08, "complaint": 0.11, "lost_property": 0.05, "other": 0.05},
    "share of messages", None,
    "What written messages are about, as staff label them; 'other' is greetings and messages with no request.")
MESSAGE_WEEKDAY = Fact((1.10, 1.05, 1.00, 1.00, 1.05, 0.85, 0.95), "factor (mean 1)", None, "Messages by weekday.")
MESSAGE_HANDLE_SECONDS = Fact(150.0, "seconds", None, "Agent time to read and answer a message.")
SELF_SERVICE_COST = Fact({"app": 0.9, "website": 1.2}, "yuan per transaction", None,
                         "Running cost of a booking or change made without staff.")

# =============================================================================================
# Service quality
# =============================================================================================

COMPLAINTS_PER_1000_STAYS = Fact(15.0, "complaints per 1,000 stays", None,
                                 "Complaints logged about a branch (all channels), per 1,000 stays.")
COMPLAINT_FESTIVAL_FACTOR = Fact(1.4, "factor", None,
                                 "Complaints per stay are higher over the Spring Festival holiday (crowds, stretched staff).")
CALL_CENTRE_COMPLAINTS_PER_10000_CALLS = Fact(6.0, "complaints per 10,000 calls", None,
                                              "Complaints logged about the reservation call centre.")
SERVICE_FAILURE_RATES = Fact(
    {"property_lost": (2.0, "departures"), "property_damaged": (6.0, "departures"),
     "guest_walked": (8.0, "arrivals"), "complaints_reopened": (10.0, "departures"),
     "invoice_adjustments": (40.0, "departures"), "shuttle_late": (600.0, "shuttle trips"),
     "enquiries_unanswered": (25.0, "enquiries"), "room_not_ready": (250.0, "arrivals"),
     "delivery_unsigned": (30.0, "departures")},
    "failures per 10,000 units", None,
    "Daily service failures of the hotel analogues of the FedEx SQI's nine failure types (standardsslides), "
    "per 10,000 of the volume each is counted against, on an ordinary day.")
SPA = Fact({"branch": "Hangzhou", "rooms": 4, "sessions": {"afternoon": "13:00", "evening": "17:00"},
            "slots_per_room": 4, "slot_minutes": 60}, "spa", None,
           "The Hangzhou spa: four treatment rooms, two sessions a day of four one-hour slots each.")
SPA_PRICE = Fact(520, "yuan per treatment", None, "Price of a one-hour treatment.")
SPA_MARGIN = Fact(0.55, "share of spa revenue", None, "Contribution margin of a treatment (therapist paid per session).")

# =============================================================================================
# Events
# =============================================================================================

BOOKING_SYSTEM_GO_LIVE = Fact(_d("2024-10-14"), "date", None,
                              "A new booking system goes live in the call centre; calls are slower for a while.")
BOOKING_SYSTEM_SETTLING_WEEKS = Fact(12, "weeks", None, "Weeks until handling is back to normal after the go-live.")
INCENTIVE_SCHEME_START = Fact(_d("2025-01-01"), "date", None,
                              "The call centre puts the agents of two of its four teams on an incentive scheme.")
TRAINING_WEEKS = Fact((_d("2025-06-02"), _d("2025-06-13")), "dates", None,
                      "A two-week training programme (call handling, product knowledge, empathy) for 15 agents.")
CHECKIN_STANDARD = Fact(_d("2026-02-02"), "date", None,
                        "Hangzhou introduces a check-in standard: a fixed sequence of steps, a checklist and a "
                        "five-minute target.")
LOBBY_SCREEN_TRIAL = Fact((_d("2026-03-02"), _d("2026-03-13")), "dates", None,
                          "On alternate weekdays Hangzhou's lobby shows each guest's place in line and the expected "
                          "wait, with tea and newspapers beside the line.")
SHANGHAI_LUGGAGE_ROOM_MOVE = Fact((_d("2026-04-13"), _d("2026-04-26")), "dates", None,
                                  "Shanghai's luggage room moves to a temporary store during building work.")
XIAMEN_RAINSTORM = Fact((_d("2026-06-08"), _d("2026-06-10")), "dates", None,
                        "Rainstorms flood Xiamen's airport road; shuttles run late.")
BOOKING_SYSTEM_OUTAGE = Fact(("2026-06-15T10:00", "2026-06-15T13:00"), "date-times", None,
                             "The booking system is down for three hours.")
NEW_AGENTS_ON_PHONES = Fact(_d("2026-06-22"), "date", None,
                            "Four agents hired in May 2026 finish their training and take calls.")
SPRING_FESTIVAL = Fact({2025: (_d("2025-01-28"), _d("2025-02-04")), 2026: (_d("2026-02-15"), _d("2026-02-23"))},
                       "dates", "statecouncil2024holidays; statecouncil2025holidays",
                       "The Spring Festival public holiday (春节), first and last day.")
NATIONAL_DAY = Fact({2024: (_d("2024-10-01"), _d("2024-10-07")), 2025: (_d("2025-10-01"), _d("2025-10-08"))},
                    "dates", "statecouncil2023holidays; statecouncil2024holidays",
                    "The National Day holiday (Golden Week, 国庆节); in 2025 joined with the Mid-Autumn Festival.")
DRAGON_BOAT = Fact({2026: (_d("2026-06-19"), _d("2026-06-21"))}, "dates", "statecouncil2025holidays",
                   "The Dragon Boat Festival holiday (端午节).")

# =============================================================================================
# The periods the data sets cover
# =============================================================================================

BOOKING_YEAR = Fact(2025, "year", None, "Calendar year of the bookings data.")
KPI_WEEKS = Fact((_d("2024-07-01"), _d("2026-06-29")), "dates", None, "Mondays of the first and last KPI week.")
EMPLOYMENT_PERIOD = Fact((_d("2024-07-01"), _d("2026-06-30")), "dates", None,
                         "Period of the agents' employment records.")
CALL_WEEKS = Fact((_d("2026-03-02"), 4), "date, weeks", None, "The call centre's simulated weeks: four from Monday 2 March 2026.")
FIRST_HALF_2026 = Fact((_d("2026-01-01"), _d("2026-06-30")), "dates", None,
                       "Period of the complaint log and the daily service failures.")


# =============================================================================================
# Listing the facts
# =============================================================================================

def facts() -> dict[str, Fact]:
    """Every fact of the module, by name, in the order they are defined.

    >>> "ROOMS" in facts() and all(isinstance(f, Fact) for f in facts().values())
    True
    """
    return {name: value for name, value in globals().items() if isinstance(value, Fact)}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, (tuple, list)):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def fact_table() -> pd.DataFrame:
    """One row per fact: name, value (as text), unit, source (empty for an assumption), note."""
    rows = [
        {"fact": name, "value": _show(f.value), "unit": f.unit, "source": f.source or "",
         "assumption": f.assumption, "note": f.note}
        for name, f in facts().items()
    ]
    return pd.DataFrame(rows)


# =============================================================================================
# Derived quantities: computed from the facts, never typed in twice
# =============================================================================================

def _branches(branch: str | None) -> tuple[str, ...]:
    if branch is None:
        return BRANCHES.value
    if branch not in BRANCHES.value:
        raise ValueError(f"branch={branch!r} must be one of {list(BRANCHES.value)}")
    return (branch,)


@lru_cache(maxsize=None)
def room_nights_per_year(branch: str | None = None, segment: str | None = None) -> float:
    """Room nights sold in a year: rooms x occupancy x 365 (x the segment's share).

    >>> round(room_nights_per_year("Hangzhou"))
    122640
    """
    total = 0.0
    for b in _branches(branch):
        nights = ROOMS.value[b] * OCCUPANCY.value[b] * 365
        if segment is not None:
            share = BUSINESS_SHARE.value[b]
            nights *= share if segment == "business" else 1 - share
        total += nights
    return total


@lru_cache(maxsize=None)
def bookings_per_year(branch: str | None = None, segment: str | None = None) -> float:
    """Bookings (stays) a year: room nights / room nights per booking, by segment.

    >>> round(bookings_per_year())
    186171
    """
    segments = SEGMENTS.value if segment is None else (segment,)
    return sum(room_nights_per_year(b, s) / ROOM_NIGHTS_PER_BOOKING.value[s]
               for b in _branches(branch) for s in segments)


@lru_cache(maxsize=1)
def booking_mix() -> pd.DataFrame:
    """Expected bookings a year by branch, segment, customer type and channel (all combinations)."""
    rows = []
    for b in BRANCHES.value:
        for s in SEGMENTS.value:
            n = bookings_per_year(b, s)
            for t in CUSTOMER_TYPES.value:
                for c in CHANNELS.value:
                    share = CUSTOMER_TYPE_SHARE.value[s][t] * CHANNEL_MIX.value[t][c]
                    rows.append((b, s, t, c, n * share))
    frame = pd.DataFrame(rows, columns=["branch", "segment", "customer_type", "channel", "bookings"])
    return frame[frame["bookings"] > 0].reset_index(drop=True)


def _month_factor(segment: str, month: int) -> float:
    return MONTH_PROFILE.value[segment][month - 1]


def expected_arrivals(dates, branch: str | None = None) -> pd.DataFrame:
    """Expected arrivals (bookings starting) per date, branch and segment.

    arrivals = bookings a year x month factor / 12 / days in the month x weekday factor,
    so a month's arrivals add up (nearly: the weekday mix of a month varies) to its share of the
    year.  ``dates`` is anything :func:`pandas.to_datetime` accepts.
    """
    days = pd.DatetimeIndex(pd.to_datetime(dates))
    rows = []
    for b in _branches(branch):
        for s in SEGMENTS.value:
            year = bookings_per_year(b, s)
            month = np.array([_month_factor(s, m) for m in days.month])
            weekday = np.array(WEEKDAY_PROFILE.value[s])[days.day_of_week]
            arrivals = year * month / 12 / days.days_in_month.to_numpy() * weekday
            rows.append(pd.DataFrame({"date": days, "branch": b, "segment": s, "arrivals": arrivals}))
    return pd.concat(rows, ignore_index=True)


@lru_cache(maxsize=None)
def demand_factor(branch: str, month: int) -> float:
    """A branch's arrivals in a month relative to its mean month (segments weighted by room nights)."""
    share = BUSINESS_SHARE.value[branch]
    return share * _month_factor("business", month) + (1 - share) * _month_factor("leisure", month)


def season_rate_factor(branch: str, month: int) -> float:
    """Rates move with demand: (demand factor) ^ elasticity."""
    return demand_factor(branch, month) ** SEASON_RATE_ELASTICITY.value


@lru_cache(maxsize=None)
def expected_rate(branch: str, customer_type: str = "other", month: int | None = None) -> float:
    """Expected rate paid per room night (yuan): best available rate x type factor x season factor.

    Without a month: the room-night-weighted mean of the season factor over the year.
    """
    base = ROOM_RATE.value[branch] * RATE_FACTOR.value[customer_type]
    if month is not None:
        return base * season_rate_factor(branch, month)
    weights = np.array([demand_factor(branch, m) for m in range(1, 13)])
    seasons = np.array([season_rate_factor(branch, m) for m in range(1, 13)])
    return float(base * (weights * seasons).sum() / weights.sum())


@lru_cache(maxsize=None)
def mean_rate_paid(branch: str, segment: str | None = None) -> float:
    """Average rate paid per room night at a branch over its mix of customer types (and a segment)."""
    mix = booking_mix()
    mix = mix[mix["branch"] == branch]
    if segment is not None:
        mix = mix[mix["segment"] == segment]
    nights = mix["bookings"] * mix["segment"].map(ROOM_NIGHTS_PER_BOOKING.value)
    rates = mix["customer_type"].map(lambda t: expected_rate(branch, t))
    return float((nights * rates).sum() / nights.sum())


def in_house_guests(date, branch: str) -> float:
    """Guests staying in the hotel on the night before ``date``: rooms x occupancy x month factor x guests per room."""
    day = pd.Timestamp(date)
    guests = 0.0
    for s in SEGMENTS.value:
        nights = room_nights_per_year(branch, s) / 365 * _month_factor(s, day.month)
        guests += nights * GUESTS_PER_ROOM.value[s]
    return guests


def calls_per_year(by: str | None = None):
    """Calls a year to the reservation centre: bookings x calls per booking of their channel.

    With ``by`` a column of :func:`booking_mix` (e.g. ``"branch"``), a Series of calls by it.
    """
    if by is None:
        return float(_calls_by(None).sum())
    return _calls_by(by).copy()


@lru_cache(maxsize=None)
def _calls_by(by: str | None) -> pd.Series:
    mix = booking_mix()
    calls = mix["bookings"] * mix["channel"].map(CALLS_PER_BOOKING.value)
    return calls if by is None else calls.groupby(mix[by]).sum()


@lru_cache(maxsize=None)
def call_month_factor(month: int) -> float:
    """Calls in a month relative to the mean month: the arrivals' month profile, weighted by calls."""
    by_segment = calls_per_year("segment")
    total = by_segment.sum()
    return float(sum(by_segment[s] / total * _month_factor(s, month) for s in SEGMENTS.value))


def call_weekday_factor(weekday: int) -> float:
    """Calls on a weekday (Monday = 0) relative to the mean day of the week."""
    profile = np.asarray(CALL_WEEKDAY.value)
    return float(profile[weekday] / profile.mean())


def expected_calls(date) -> float:
    """Expected calls offered on a date: calls a year x month factor / 12 / days in month x weekday factor."""
    day = pd.Timestamp(date)
    return calls_per_year() * call_month_factor(day.month) / 12 / day.days_in_month * call_weekday_factor(day.day_of_week)


@lru_cache(maxsize=1)
def _tier_shares() -> tuple:
    mix = booking_mix()
    calls = mix["bookings"] * mix["channel"].map(CALLS_PER_BOOKING.value)
    tier = mix["customer_type"].map({"key account": "key account", "member": "member"}).fillna("other")
    shares = calls.groupby(tier).sum() / calls.sum()
    return tuple((t, float(shares[t])) for t in TIER_HANDLE_FACTOR.value)


def caller_tier_shares() -> dict[str, float]:
    """Share of calls from key accounts, members and other callers (corporate bookers count as other).

    Derived from the bookings of each customer type and the calls their channels bring.
    """
    return dict(_tier_shares())


def call_branch_shares() -> dict[str, float]:
    """Share of calls about each branch (derived from its bookings and their channels)."""
    by_branch = calls_per_year("branch")
    return {b: float(by_branch[b] / by_branch.sum()) for b in BRANCHES.value}


def mean_handle_seconds() -> float:
    """Mean handle time of a call over the tier mix: median x exp(log_sd^2 / 2) x tier factor."""
    lognormal_mean = HANDLE_TIME.value["median"] * np.exp(HANDLE_TIME.value["log_sd"] ** 2 / 2)
    shares = caller_tier_shares()
    return float(lognormal_mean * sum(shares[t] * TIER_HANDLE_FACTOR.value[t] for t in shares))


def messages_per_day(date=None) -> float:
    """Written messages expected on a date (or on the mean day when ``date`` is None)."""
    mean = bookings_per_year() * MESSAGES_PER_BOOKING.value / 365
    if date is None:
        return mean
    day = pd.Timestamp(date)
    profile = np.asarray(MESSAGE_WEEKDAY.value)
    return float(mean * call_month_factor(day.month) * profile[day.day_of_week] / profile.mean())


def agent_cost_per_hour() -> float:
    """Employer's cost of a paid agent hour: mean base pay x (1 + on-costs) / paid hours a month."""
    pay = sum(PAY_GRADES.value[g] * PAY_GRADE_MIX.value[g] for g in PAY_GRADES.value)
    hours_a_month = CONTRACT_HOURS.value * 52 / 12
    return pay * (1 + EMPLOYER_ONCOST.value) / hours_a_month


def _handle_hours_per_year() -> float:
    calls = calls_per_year() * mean_handle_seconds() / 3600
    messages = messages_per_day() * 365 * MESSAGE_HANDLE_SECONDS.value / 3600
    return calls + messages


def required_agents_fte() -> float:
    """Agents (full-time equivalents) that a year's calls and messages need.

    handle hours / (paid hours a year x (1 - shrinkage) x occupancy).
    """
    available = CONTRACT_HOURS.value * 52 * (1 - SHRINKAGE.value) * AGENT_OCCUPANCY.value
    return _handle_hours_per_year() / available


def cost_per_contact() -> dict[str, float]:
    """Cost of one contact by channel, in yuan.

    - phone call: the agents' payroll cost spread over handle time, times a call's mean handle time;
    - message: the same cost per handled second, times a message's handle time;
    - app and website: the running cost per self-service transaction;
    - front desk: a receptionist's cost for a four-minute visit.
    """
    payroll = AGENT_HEADCOUNT.value * CONTRACT_HOURS.value * 52 * agent_cost_per_hour()
    per_second = payroll / (_handle_hours_per_year() * 3600)
    return {
        "phone": per_second * mean_handle_seconds(),
        "message": per_second * MESSAGE_HANDLE_SECONDS.value,
        "app": SELF_SERVICE_COST.value["app"],
        "website": SELF_SERVICE_COST.value["website"],
        "front desk": RECEPTIONIST_COST_PER_HOUR.value * 4 / 60,
    }


def desk_checkouts_per_morning(date, branch: str = "Hangzhou") -> float:
    """Check-outs expected at the desk between 07:00 and 12:00: departures x (1 - express) x morning share.

    Departures on a date are the arrivals of earlier days; with a stable mix we use the mean
    day of the month (arrivals a year x month factor / days).
    """
    day = pd.Timestamp(date)
    departures = sum(bookings_per_year(branch, s) * _month_factor(s, day.month) / 12 / day.days_in_month
                     for s in SEGMENTS.value)
    return departures * (1 - EXPRESS_CHECKOUT_SHARE.value) * MORNING_CHECKOUT_SHARE.value


def date_of(fact: Fact, year: int | None = None):
    """A fact's date (or date range) as pandas Timestamps; ``year`` picks a year of a holiday fact."""
    value = fact.value[year] if year is not None else fact.value
    if isinstance(value, tuple):
        return tuple(pd.Timestamp(v) for v in value)
    return pd.Timestamp(value)


def in_period(dates, fact: Fact, year: int | None = None) -> np.ndarray:
    """Boolean array: which of ``dates`` fall within the fact's date range (both ends included)."""
    first, last = date_of(fact, year)
    days = pd.DatetimeIndex(pd.to_datetime(dates)).normalize()
    return np.asarray((days >= first) & (days <= last))


def derived_table() -> pd.DataFrame:
    """The firm's key derived figures: name, value, unit and how each is computed."""
    costs = cost_per_contact()
    rows = [
        ("rooms", sum(ROOMS.value.values()), "rooms", "sum of ROOMS"),
        ("room nights a year", room_nights_per_year(), "room nights", "rooms x occupancy x 365"),
        ("bookings a year", bookings_per_year(), "bookings", "room nights / room nights per booking"),
        ("calls a year", calls_per_year(), "calls", "bookings x calls per booking of their channel"),
        ("mean calls on the first Monday of the call log", expected_calls(CALL_WEEKS.value[0]), "calls",
         "calls a year x month and weekday factors"),
        ("mean handle time", mean_handle_seconds(), "seconds", "lognormal mean x caller-tier mix"),
        ("messages a day", messages_per_day(), "messages", "bookings x messages per booking / 365"),
        ("agents needed", required_agents_fte(), "FTE", "handle hours / (paid hours x (1 - shrinkage) x occupancy)"),
        ("agent cost per hour", agent_cost_per_hour(), "yuan", "mean base pay x (1 + on-costs) / paid hours"),
        ("cost per call", costs["phone"], "yuan", "payroll / handle seconds x mean handle time"),
        ("cost per message", costs["message"], "yuan", "payroll / handle seconds x message handle time"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value", "unit", "how"])
