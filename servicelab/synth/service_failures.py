"""Mirror Lake Hotels' daily service failures by branch, for a service quality indicator (SQI).

The service-standards slides give FedEx's SQI: nine failure types of a parcel service, each with a
weight.  Here each type has a hotel analogue, counted every day at each branch against the volume
it can happen to (arrivals, departures, shuttle trips, enquiries), all from the world.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES, branch_field

#: The hotel analogue of each FedEx SQI failure type (standardsslides), in the slides' order.
ANALOGUES = {
    "property_lost": ("包裹丢失 lost package", "Guest property lost by the hotel (luggage room, laundry, room moves)"),
    "property_damaged": ("包裹破损 damaged package", "Guest property damaged in the hotel's care"),
    "guest_walked": ("投递延迟晚于一天 late, wrong day",
                     "Booking not honoured: the guest was sent ('walked') to another hotel"),
    "complaints_reopened": ("投诉事件再次发生 complaint reopened", "Guest complaints reopened after being closed"),
    "invoice_adjustments": ("修改发票 invoice adjusted", "Invoices (fapiao) that had to be reissued or corrected"),
    "shuttle_late": ("飞机晚点 aircraft late", "Airport or station shuttle trips that left late"),
    "enquiries_unanswered": ("顾客查询不予回复 enquiry unanswered",
                             "Calls and messages about the branch not answered the same day"),
    "room_not_ready": ("投递延迟不晚于一天 late, right day", "Room not ready at the promised check-in time"),
    "delivery_unsigned": ("送货凭证丢失 proof of delivery missing",
                          "Deliveries to a room (room service, laundry, parcels) with no guest signature on file"),
}
FAILURES = tuple(ANALOGUES)
DAYS = pd.date_range(*world.FIRST_HALF_2026.value, freq="D")


def _volumes(rng: np.random.Generator) -> pd.DataFrame:
    """Daily arrivals, departures, shuttle trips and enquiries per branch, around the world's expectations."""
    expected = world.expected_arrivals(DAYS).groupby(["date", "branch"])["arrivals"].sum()
    calls = np.array([world.expected_calls(d) for d in DAYS])
    messages = np.array([world.messages_per_day(d) for d in DAYS])
    frames = []
    for branch in BRANCHES:
        arrivals = expected.xs(branch, level="branch").to_numpy()
        share = world.call_branch_shares()[branch]
        frames.append(pd.DataFrame({
            "date": DAYS, "branch": branch,
            "arrivals": rng.poisson(arrivals),
            "departures": rng.poisson(arrivals),
            "shuttle_trips": world.SHUTTLE_TRIPS_PER_DAY.value[branch],
            "enquiries": rng.poisson((calls + messages) * share),
        }))
    return pd.concat(frames, ignore_index=True)


def make_service_failures() -> pd.DataFrame:
    """Half a year of daily failure counts at the four branches."""
    rng = np.random.default_rng(302)
    table = _volumes(rng)
    luggage = world.in_period(table["date"], world.SHANGHAI_LUGGAGE_ROOM_MOVE) & (table["branch"] == "Shanghai").to_numpy()
    storm = world.in_period(table["date"], world.XIAMEN_RAINSTORM) & (table["branch"] == "Xiamen").to_numpy()
    festival = world.in_period(table["date"], world.SPRING_FESTIVAL, 2026)
    # Walks happen when the hotel is full: more of them in the branch's busiest months.
    month_demand = np.array([world.demand_factor(b, d.month) for b, d in zip(table["branch"], table["date"])])
    factor = {name: np.ones(len(table)) for name in FAILURES}
    factor["property_damaged"][luggage] = 3.0
    factor["property_lost"][luggage] = 2.0
    factor["room_not_ready"][storm] = 1.5
    factor["room_not_ready"][festival] = 1.5
    factor["guest_walked"] = np.exp(4.0 * (month_demand - 1.0))
    day_shock = rng.gamma(20, 1 / 20, size=(len(table), len(FAILURES)))
    for j, name in enumerate(FAILURES):
        rate, unit = world.SERVICE_FAILURE_RATES.value[name]
        if name == "shuttle_late":
            p = np.where(storm, 0.5, rate / 10_000)
            table[name] = rng.binomial(table["shuttle_trips"].to_numpy(), p)
            continue
        base = table[unit.replace(" ", "_")].to_numpy()
        table[name] = rng.poisson(base / 10_000 * rate * factor[name] * day_shock[:, j])
    table = table.sort_values("date", kind="stable").reset_index(drop=True)  # branches stay in world order
    table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    return table


SERVICE_FAILURES = Resource(
    name="service_failures",
    title="Daily service failures by branch, Mirror Lake Hotels (January to June 2026)",
    description=(
        "For each day from 1 January to 30 June 2026 and each branch: the volumes a failure can happen to "
        "(arrivals, departures, shuttle trips, enquiries by phone and message) and the count of nine failure "
        "types, the hotel analogues of the nine in FedEx's service quality indicator (SQI) in the "
        "service-standards slides: guest property lost (lost package), damaged (damaged package), booking not "
        "honoured so the guest was walked to another hotel (late, wrong day), complaints reopened, invoices "
        "adjusted, shuttles late (aircraft late), enquiries not answered the same day, room not ready at the "
        "promised time (late, right day), and deliveries to a room without a guest signature (missing proof of "
        "delivery). Used in Chapter 8 to compute a daily SQI, find which failures drive it and see how the "
        "missing weight changes it."
    ),
    process=(
        "Synthetic, seed 302, from the world. Arrivals and departures are Poisson around the world's expected "
        "arrivals; enquiries Poisson around the world's calls and messages x the branch's share of them; shuttle "
        "trips fixed per branch. Each failure is Poisson with the world's rate per 10,000 units (property lost 2 "
        "and damaged 6 per 10,000 departures; walked 8 per 10,000 arrivals, x exp(4 (month demand - 1)) so walks "
        "rise in full months; complaints reopened 10, invoices adjusted 40 and unsigned deliveries 30 per 10,000 "
        "departures; rooms not ready 250 per 10,000 arrivals; enquiries unanswered 25 per 10,000) x a Gamma(20, "
        "1/20) day factor; a shuttle is late with probability 0.06. Built-in events, dated in the world: "
        "Shanghai's luggage room moves to a temporary store on 13-26 April (property damaged x3, lost x2 there); "
        "rainstorms in Xiamen on 8-10 June (half the shuttles late, rooms not ready x1.5); the Spring Festival "
        "holiday (rooms not ready x1.5). Rates are assumptions, not measurements."
    ),
    fields=(
        Field("date", "date", "Calendar date", constraints={"required": True}),
        branch_field(),
        Field("arrivals", "integer", "Guests (bookings) arriving", unit="arrivals", constraints={"required": True, "minimum": 0}),
        Field("departures", "integer", "Guests (bookings) leaving", unit="departures",
              constraints={"required": True, "minimum": 0}),
        Field("shuttle_trips", "integer", "Scheduled shuttle trips", unit="trips", constraints={"required": True, "minimum": 0}),
        Field("enquiries", "integer", "Calls and messages about the branch", unit="enquiries",
              constraints={"required": True, "minimum": 0}),
    ) + tuple(
        Field(name, "integer", f"{text} (SQI analogue of {slide})",
              unit="trips" if name == "shuttle_late" else "failures", constraints={"required": True, "minimum": 0})
        for name, (slide, text) in ANALOGUES.items()
    ),
    make=make_service_failures,
    sources=("standardsslides: FedEx's service quality indicator, its nine failure types and their weights",),
    primary_key=("date", "branch"),
    chapter=8,
)

RESOURCES = [SERVICE_FAILURES]
