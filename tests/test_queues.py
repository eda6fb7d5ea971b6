"""Closed-form waiting-line models (servicelab.queues).

Every expected value is either a published worked example (named in the test) that is
re-derived here from the textbook formula with exact fractions and factorials, or an
independent computation (exact arithmetic, scipy's Poisson distribution, a truncated
birth-death chain solved directly).
"""

from fractions import Fraction
from math import factorial, isclose

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import linalg, stats

from servicelab import queues

# --------------------------------------------------------------------------- exact oracles


def erlang_b_exact(a: Fraction, c: int) -> Fraction:
    """B(c, a) = (a^c / c!) / sum_{k<=c} a^k / k!, in exact arithmetic."""
    return (a**c / factorial(c)) / sum(a**k / factorial(k) for k in range(c + 1))


def erlang_c_exact(a: Fraction, c: int) -> Fraction:
    """C(c, a) from the textbook formula with factorials (Kleinrock 1975, section 3.5)."""
    top = a**c / factorial(c) * Fraction(c) / (c - a)
    return top / (sum(a**k / factorial(k) for k in range(c)) + top)


def mmc_exact(lam: Fraction, mu: Fraction, c: int) -> dict:
    """P0, Lq, L, Wq, W of M/M/c from the steady-state probabilities (exact)."""
    a = lam / mu
    rho = a / c
    p0 = 1 / (sum(a**k / factorial(k) for k in range(c)) + a**c / (factorial(c) * (1 - rho)))
    lq = p0 * a**c * rho / (factorial(c) * (1 - rho) ** 2)
    return {"p0": p0, "Lq": lq, "Wq": lq / lam, "W": lq / lam + 1 / mu, "L": lq + a}


def birth_death_erlang_a(lam, mu, c, theta, t, states=600):
    """Erlang A by brute force: truncated birth-death chain plus, for the service level,
    the phase-type distribution of each caller's offered wait (matrix exponential).

    A caller who finds k others waiting must see k+1 departures from the queue head;
    with j callers ahead the next one happens at rate c*mu + j*theta, and the caller
    abandons at rate theta meanwhile.
    """
    n = np.arange(states)
    death = np.minimum(n, c) * mu + np.maximum(n - c, 0) * theta
    logp = np.zeros(states)
    for k in range(1, states):
        logp[k] = logp[k - 1] + np.log(lam) - np.log(death[k])
    p = np.exp(logp - logp.max())
    p /= p.sum()
    assert p[-1] < 1e-14, "truncation too short"
    p_wait = p[c:].sum()
    p_abandon = theta * np.sum(np.maximum(n - c, 0) * p) / lam
    served_wait_sum = 0.0
    answered = 1 - p_wait
    for k in range(states - c):
        if p[c + k] < 1e-16:
            continue
        rates = c * mu + np.arange(k, -1, -1) * theta  # k ahead, then k-1, ..., 0
        served_wait_sum += p[c + k] * np.prod(rates / (rates + theta)) * np.sum(1 / (rates + theta))
        m = len(rates)
        gen = np.zeros((m + 1, m + 1))
        for i in range(m):
            gen[i, i] = -(rates[i] + theta)
            gen[i, i + 1] = rates[i]  # the last phase leads to "answered"
        answered += p[c + k] * linalg.expm(gen * t)[0, m]
    return {
        "p_wait": p_wait,
        "p_abandon": p_abandon,
        "mean_wait_served": served_wait_sum / (1 - p_abandon),
        "answered_within": answered,
    }


# --------------------------------------------------------------------------- published examples


def test_county_hospital_two_doctors_hillier_lieberman():
    # Hillier and Lieberman, Introduction to Operations Research (10th ed., 2015), County Hospital
    # emergency-room example: patients arrive at 2 per hour, a doctor treats 3 per hour
    # (20 minutes each), two doctors (M/M/2).  Published: P0 = 0.5, Lq = 0.0833 (1/12),
    # L = 0.75, Wq = 0.0417 h (1/24), W = 0.375 h, P(Wq > 0) = 0.1667 (1/6).
    exact = mmc_exact(Fraction(2), Fraction(3), 2)
    assert exact["p0"] == Fraction(1, 2)
    assert (exact["Lq"], exact["L"], exact["Wq"], exact["W"]) == (
        Fraction(1, 12), Fraction(3, 4), Fraction(1, 24), Fraction(3, 8)
    )
    assert erlang_c_exact(Fraction(2, 3), 2) == Fraction(1, 6)
    m = queues.mmc(arrival_rate=2.0, service_rate=3.0, servers=2)
    assert round(m["mean_queue_length"], 4) == 0.0833
    assert round(m["mean_number_in_system"], 4) == 0.75
    assert round(m["mean_wait"], 4) == 0.0417
    assert round(m["mean_time_in_system"], 4) == 0.375
    assert round(m["p_wait"], 4) == 0.1667
    assert m["mean_wait"] == pytest.approx(float(exact["Wq"]), rel=1e-12)
    assert m["mean_number_in_system"] == pytest.approx(float(exact["L"]), rel=1e-12)


def test_call_centre_helper_worked_example_probability_of_waiting():
    # Call Centre Helper, "Erlang C formula - made simple with an easy worked example":
    # 100 calls in 30 minutes, AHT 180 s -> 10 erlangs; with 11 agents the probability
    # that a call waits is 68.21 %.  Independent check with exact fractions.
    a = Fraction(100 * 180, 1800)
    assert a == 10
    assert round(float(erlang_c_exact(a, 11)), 4) == 0.6821
    assert round(queues.erlang_c(10.0, 11), 4) == 0.6821
    # Service level with 11 agents, 20 s target: 1 - C e^{-(c - a) t / AHT}.
    expected = 1 - float(erlang_c_exact(a, 11)) * np.exp(-(11 - 10) * 20 / 180)
    assert queues.service_level(100 / 1800, 1 / 180, 11, 20) == pytest.approx(expected, rel=1e-12)
    assert round(expected, 4) == 0.3896


def test_erlang_b_table_ten_circuits_one_percent():
    # Standard Erlang B traffic tables, as printed in teletraffic-engineering handbooks and
    # call-centre texts: 10 circuits carry 4.461 erlangs at a 1 % grade of service (blocking).
    exact = erlang_b_exact(Fraction(4461, 1000), 10)
    assert round(float(exact), 4) == 0.0100
    assert round(queues.erlang_b(4.461, 10), 4) == 0.0100
    assert queues.erlang_b(4.461, 10) == pytest.approx(float(exact), rel=1e-12)


def test_erlang_c_small_example_by_hand():
    # a = 2 erlangs, c = 3: C = (8/6 x 3) / (1 + 2 + 2 + 4) = 4/9; Wq = C / (c mu - lam) = 4/9.
    assert erlang_c_exact(Fraction(2), 3) == Fraction(4, 9)
    assert queues.erlang_c(2.0, 3) == pytest.approx(4 / 9, rel=1e-14)
    assert queues.mean_wait(2.0, 1.0, 3) == pytest.approx(4 / 9, rel=1e-14)


# --------------------------------------------------------------------------- numerical stability


def test_ten_thousand_servers_match_scipy_poisson():
    # Independent: B(c, a) = P(N = c) / P(N <= c) for N ~ Poisson(a) (scipy, log space).
    a, c = 9900.0, 10_000
    b_ref = np.exp(stats.poisson.logpmf(c, a) - stats.poisson.logcdf(c, a))
    assert queues.erlang_b(a, c) == pytest.approx(b_ref, rel=1e-9)
    c_ref = c * b_ref / (c - a * (1 - b_ref))
    assert queues.erlang_c(a, c) == pytest.approx(c_ref, rel=1e-9)
    wait = queues.mean_wait(a, 1.0, c)
    assert np.isfinite(wait) and 0 < wait < 1


def test_halfin_whitt_limit_for_many_servers():
    # Halfin and Whitt (1981): with c = a + beta sqrt(a), C(c, a) -> 1 / (1 + beta Phi(beta) / phi(beta)).
    a = 10_000.0
    beta = 1.0
    c = int(a + beta * np.sqrt(a))
    limit = 1 / (1 + beta * stats.norm.cdf(beta) / stats.norm.pdf(beta))
    assert queues.erlang_c(a, c) == pytest.approx(limit, rel=0.02)


def test_vectorised_matches_scalar():
    loads = np.array([0.5, 2.0, 7.5, 9.9])
    servers = np.array([1, 3, 10, 12])
    vector = queues.erlang_c(loads, servers)
    assert isinstance(vector, np.ndarray)
    for x, a, c in zip(vector, loads, servers):
        assert x == pytest.approx(queues.erlang_c(float(a), int(c)), rel=1e-14)
    grid = queues.mean_wait(9.0, 1.0, np.arange(10, 20))
    assert np.all(np.diff(grid) < 0)


# --------------------------------------------------------------------------- property tests


@settings(max_examples=60, deadline=None)
@given(st.fractions(min_value=0, max_value=40, max_denominator=20), st.integers(min_value=1, max_value=40))
def test_erlang_b_recursion_equals_direct_formula(a, c):
    assert queues.erlang_b(float(a), c) == pytest.approx(float(erlang_b_exact(Fraction(float(a)), c)), rel=1e-11, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=30), st.floats(min_value=0.02, max_value=0.98))
def test_erlang_c_equals_direct_formula(c, rho):
    a = Fraction(rho * c)
    assert queues.erlang_c(float(a), c) == pytest.approx(float(erlang_c_exact(a, c)), rel=1e-10)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=0.1, max_value=200),
    st.floats(min_value=0.2, max_value=5),
    st.floats(min_value=0.0, max_value=3),
)
def test_more_agents_never_lengthen_the_wait(lam, mu, target):
    first = int(lam / mu) + 1
    servers = np.arange(first, first + 15)
    waits = queues.mean_wait(lam, mu, servers)
    levels = queues.service_level(lam, mu, servers, target)
    assert np.all(np.diff(waits) <= 1e-15)
    assert np.all(np.diff(levels) >= -1e-15)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.1, max_value=100), st.floats(min_value=0.1, max_value=5), st.floats(min_value=0.05, max_value=0.97))
def test_littles_law_holds_for_the_closed_forms(lam, mu, rho):
    c = max(1, int(np.ceil(lam / (mu * rho))))
    m = queues.mmc(lam, mu, c)
    assert m["mean_number_in_system"] == pytest.approx(lam * m["mean_time_in_system"], rel=1e-12)
    assert m["mean_queue_length"] == pytest.approx(lam * m["mean_wait"], rel=1e-12)
    assert queues.mean_queue_length(lam, mu, c) == pytest.approx(
        queues.littles_law(arrival_rate=lam, time_in_system=queues.mean_wait(lam, mu, c)), rel=1e-12
    )
    assert queues.mean_number_in_system(lam, mu, c) == pytest.approx(lam * queues.mean_time_in_system(lam, mu, c), rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=60), st.floats(min_value=0.3, max_value=0.95), st.floats(min_value=0.0, max_value=2.0))
def test_erlang_a_tends_to_erlang_c_as_patience_grows(c, rho, target):
    lam = rho * c
    a = queues.erlang_a(lam, 1.0, c, patience_rate=1e-7, target=target)
    m = queues.mmc(lam, 1.0, c, target=target)
    assert a["p_wait"] == pytest.approx(m["p_wait"], abs=1e-4)
    assert a["mean_wait_served"] == pytest.approx(m["mean_wait"], rel=1e-3, abs=1e-6)
    assert a["service_level"] == pytest.approx(m["service_level"], abs=1e-4)
    assert a["p_abandon"] < 1e-4


# --------------------------------------------------------------------------- Erlang A


@pytest.mark.parametrize(
    ("lam", "mu", "c", "theta", "t"),
    [
        (9.0, 1.0, 10, 0.5, 0.5),  # under-staffed a little, moderate patience
        (12.0, 1.0, 10, 2.0, 0.3),  # overloaded (rho = 1.2): only abandonment keeps it stable
        (3.0, 0.5, 4, 0.1, 1.0),  # patient callers, long handle times
        (0.8, 1.0, 1, 1.0, 0.25),  # one agent
    ],
)
def test_erlang_a_matches_a_brute_force_birth_death_chain(lam, mu, c, theta, t):
    ref = birth_death_erlang_a(lam, mu, c, theta, t)
    got = queues.erlang_a(lam, mu, c, theta, target=t)
    for key in ("p_wait", "p_abandon", "mean_wait_served", "answered_within"):
        assert got[key] == pytest.approx(ref[key], rel=1e-9), key
    # Little's law on the queue and the abandonment flow: theta Lq = lam P(abandon).
    assert got["mean_queue_length"] * theta == pytest.approx(lam * got["p_abandon"], rel=1e-12)
    assert got["service_level"] == pytest.approx(got["answered_within"] / (1 - got["p_abandon"]), rel=1e-12)
    assert got["occupancy"] == pytest.approx(lam * (1 - got["p_abandon"]) / (c * mu), rel=1e-12)


def test_erlang_a_is_stable_when_erlang_c_is_not():
    with pytest.raises(ValueError, match="rho=1.2"):
        queues.mean_wait(12.0, 1.0, 10)
    r = queues.erlang_a(12.0, 1.0, 10, patience_rate=1.0)
    # Offered 12 erlangs to 10 agents: at least 2/12 of the calls must abandon.
    assert r["p_abandon"] > 2 / 12
    assert 0.9 < r["occupancy"] < 1.0


def test_erlang_a_with_many_servers_does_not_overflow():
    r = queues.erlang_a(9800.0, 1.0, 10_000, patience_rate=0.2, target=0.01)
    assert all(np.isfinite(v) for v in r.values())
    assert 0 < r["p_wait"] < 1 and 0 <= r["p_abandon"] < r["p_wait"]


# --------------------------------------------------------------------------- priority classes


def test_priority_waits_average_to_erlang_c():
    # Cobham (1954): the arrival-weighted mean over classes equals the FCFS (Erlang C) mean wait.
    rates = np.array([0.5, 1.0, 0.9])
    waits = queues.priority_mean_waits(rates, 1.0, 3)
    assert np.all(np.diff(waits) > 0)
    assert np.average(waits, weights=rates) == pytest.approx(queues.mean_wait(rates.sum(), 1.0, 3), rel=1e-12)
    assert queues.priority_mean_waits([2.4], 1.0, 3)[0] == pytest.approx(queues.mean_wait(2.4, 1.0, 3), rel=1e-14)


# --------------------------------------------------------------------------- Little's law and bad input


def test_littles_law_solves_for_the_missing_quantity():
    # 120 guests an hour who stay 15 minutes: 30 guests present on average.
    assert queues.littles_law(arrival_rate=120, time_in_system=0.25) == 30
    assert queues.littles_law(arrival_rate=120, number_in_system=30) == 0.25
    assert queues.littles_law(time_in_system=0.25, number_in_system=30) == 120
    with pytest.raises(ValueError, match="exactly two"):
        queues.littles_law(arrival_rate=1.0)


def test_unstable_erlang_c_names_the_load_servers_and_rho():
    with pytest.raises(ValueError) as info:
        queues.erlang_c(10.5, 10)
    message = str(info.value)
    assert "a=10.5" in message and "servers=10" in message and "rho=1.05" in message and "< 1" in message
    with pytest.raises(ValueError, match="rho=1 "):
        queues.mean_wait(3.0, 1.0, 3)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: queues.erlang_b(-1.0, 3), "offered_load"),
        (lambda: queues.erlang_b(2.0, 0), "servers"),
        (lambda: queues.erlang_b(2.0, 2.5), "servers"),
        (lambda: queues.erlang_c(float("nan"), 3), "offered_load"),
        (lambda: queues.erlang_c([1.0, -2.0], 3), "offered_load"),
        (lambda: queues.offered_load(-1.0, 1.0), "arrival_rate"),
        (lambda: queues.offered_load(1.0, 0.0), "service_rate"),
        (lambda: queues.utilisation(1.0, 1.0, 0), "servers"),
        (lambda: queues.mean_wait(-2.0, 1.0, 3), "arrival_rate"),
        (lambda: queues.mean_wait(2.0, -1.0, 3), "service_rate"),
        (lambda: queues.service_level(2.0, 1.0, 3, -1.0), "target"),
        (lambda: queues.mean_queue_length(2.0, 1.0, 0), "servers"),
        (lambda: queues.mean_time_in_system(2.0, 0.0, 3), "service_rate"),
        (lambda: queues.mean_number_in_system(2.0, 1.0, -3), "servers"),
        (lambda: queues.mmc(2.0, 1.0, 3, target=-5), "target"),
        (lambda: queues.mmc(2.0, 1.0, True), "servers"),
        (lambda: queues.erlang_a(0.0, 1.0, 3, 1.0), "arrival_rate"),
        (lambda: queues.erlang_a(2.0, 1.0, 3, 0.0), "patience_rate"),
        (lambda: queues.erlang_a(2.0, 1.0, 3, 1.0, target=-1), "target"),
        (lambda: queues.priority_mean_waits([1.0, -1.0], 1.0, 3), "arrival_rates"),
        (lambda: queues.priority_mean_waits([], 1.0, 3), "arrival_rates"),
        (lambda: queues.littles_law(arrival_rate=-1, time_in_system=2), "arrival_rate"),
        (lambda: queues.littles_law(arrival_rate=0, number_in_system=2), "arrival_rate"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_zero_arrivals_mean_no_waiting():
    assert queues.erlang_b(0.0, 3) == 0.0
    assert queues.erlang_c(0.0, 3) == 0.0
    assert queues.mean_wait(0.0, 1.0, 1) == 0.0
    assert isclose(queues.service_level(0.0, 1.0, 2, 0.0), 1.0)


# --------------------------------------------------------------------------- time-average count (Little's law)
def test_time_average_count_hand_values():
    # Two customers present 0-10 and 5-15: 20 customer-minutes over a 20-minute window = 1.0;
    # over 0-10 they contribute 10 + 5 = 15 customer-minutes in 10 minutes = 1.5.
    assert queues.time_average_count([0, 5], [10, 15], 0, 20) == 1.0
    assert queues.time_average_count([0, 5], [10, 15], 0, 10) == 1.5
    # Nobody present inside the window.
    assert queues.time_average_count([0], [1], 5, 6) == 0.0


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 30)), min_size=1, max_size=40))
def test_littles_law_holds_exactly_when_the_window_covers_every_stay(stays):
    # L = lambda x W over a window containing every stay: sum of durations / window length.
    begin = np.array([b for b, _ in stays])
    end = begin + np.array([d for _, d in stays])
    t0, t1 = 0.0, 200.0
    rate = len(stays) / (t1 - t0)
    assert queues.time_average_count(begin, end, t0, t1) == pytest.approx(rate * (end - begin).mean())


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: queues.time_average_count([], [], 0, 1), "begin"),
        (lambda: queues.time_average_count([0, 1], [2], 0, 5), "end"),
        (lambda: queues.time_average_count([3], [2], 0, 5), "end"),
        (lambda: queues.time_average_count([0], [2], "a", 5), "window_start"),
        (lambda: queues.time_average_count([0], [2], 5, 5), "window_end"),
    ],
)
def test_time_average_count_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --------------------------------------------------------------------------- Kingman's approximation
@settings(max_examples=40)
@given(st.floats(0.05, 0.95), st.integers(1, 8))
def test_kingman_with_exponential_times_is_erlang_c(rho, c):
    # ca^2 = cs^2 = 1 leaves the M/M/c wait unchanged.
    assert queues.kingman_wait(rho * c, 1.0, c) == pytest.approx(queues.mean_wait(rho * c, 1.0, c), rel=1e-12)


@settings(max_examples=40)
@given(st.floats(0.05, 0.95), st.floats(0.1, 5.0), st.floats(0.0, 4.0))
def test_kingman_is_exact_for_m_g_1(rho, mu, scv):
    # Pollaczek-Khinchine (Kleinrock 1975, eq. 5.105): W_q = lambda E[S^2] / (2 (1 - rho)), E[S^2] = (1 + cs^2) / mu^2.
    lam = rho * mu
    exact = lam * (1 + scv) / mu**2 / (2 * (1 - rho))
    assert queues.kingman_wait(lam, mu, 1, service_scv=scv) == pytest.approx(exact, rel=1e-10)


def test_kingman_m_d_1_closed_form():
    # M/D/1: W_q = rho / (2 mu (1 - rho)); at rho = 0.9, mu = 1: 4.5, half the M/M/1 wait of 9.
    assert queues.kingman_wait(0.9, 1.0, 1, service_scv=0.0) == pytest.approx(4.5)
    assert queues.kingman_wait(0.9, 1.0, 1) == pytest.approx(9.0)


def test_kingman_approximates_m_d_3_by_simulation():
    # An approximation for c > 1: within 10 % of a long seeded simulation of M/D/3 at rho = 0.85.
    from servicelab.simulate import simulate_counter

    records = simulate_counter(3, arrival_rate=2.55, service_rate=1.0, service="deterministic", customers=400_000, seed=4)
    simulated = records["wait"].iloc[20_000:].mean()
    assert queues.kingman_wait(2.55, 1.0, 3, service_scv=0.0) == pytest.approx(simulated, rel=0.10)


def test_kingman_rejects_bad_variability():
    with pytest.raises(ValueError, match="service_scv"):
        queues.kingman_wait(0.5, 1.0, 1, service_scv=-1)
    with pytest.raises(ValueError, match="offered load"):
        queues.kingman_wait(3.0, 1.0, 2)

