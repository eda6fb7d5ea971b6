"""The counter simulator (servicelab.simulate).

Three kinds of evidence: hand-worked traces with explicit times; agreement with closed
forms (Erlang C, Erlang A, Cobham's priority formula, Pollaczek-Khinchine), with a
tolerance taken from the simulation's own batch-means confidence interval; and agreement
with an independent simulator, Ciw (Palmer et al. 2019), on a shared M/M/3 scenario.
Statistical checks use 99 % intervals and fixed seeds, so they are deterministic.
"""

import math

import ciw
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from servicelab import queues
from servicelab.simulate import simulate_counter, wait_summary
from servicelab.stats import batch_means as _batch_means


def batch_means(values, batches=20, level=0.95):
    """Mean and half-width of the batch-means interval (servicelab.stats.batch_means, tested in test_stats)."""
    ci = _batch_means(values, batches=batches, confidence=level)
    return ci.estimate, ci.half_width


def overtaken_brute_force(records: pd.DataFrame) -> np.ndarray:
    """Definition, O(n^2): somebody who arrived strictly later started service earlier
    (than my start, or than my leaving if I gave up)."""
    arrival = records["arrival"].to_numpy()
    start = records["start"].to_numpy()
    own = np.where(records["abandoned"], records["end"], start)
    out = []
    for i in range(len(records)):
        later = (arrival > arrival[i]) & ~np.isnan(start)
        out.append(bool(np.any(start[later] < own[i])))
    return np.array(out)


def within(value, estimate, half_width):
    return abs(value - estimate) <= half_width


# --------------------------------------------------------------------------- hand-worked traces


def test_single_line_trace_by_hand():
    # Two servers; customers at 0, 0, 0, 1 needing 2, 3, 1, 1.  C0 -> server 0 (0-2), C1 -> server 1
    # (0-3), C2 waits for server 0 (2-3), C3 arrives at 1 and waits until 3, when both servers
    # free at once; it takes server 1, whose service (C1's) was the first of the two to finish
    # being scheduled, as a next-event simulation would order them.
    r = simulate_counter(2, arrival_times=[0, 0, 0, 1], service_times=[2, 3, 1, 1])
    assert r["start"].tolist() == [0, 0, 2, 3]
    assert r["end"].tolist() == [2, 3, 3, 4]
    assert r["server"].tolist() == [0, 1, 0, 1]
    assert r["wait"].tolist() == [0, 0, 2, 2]
    assert not r["overtaken"].any() and not r["abandoned"].any()
    events = simulate_counter(2, arrival_times=[0, 0, 0, 1], service_times=[2, 3, 1, 1], design="priority", classes=[0] * 4)
    assert events["server"].tolist() == [0, 1, 0, 1]


def test_zero_service_times_still_get_a_free_server():
    # Degenerate ties (services of length 0): every server still serves one customer at a time.
    r = simulate_counter(3, arrival_times=[0, 0, 0, 0, 0], service_times=[0, 0, 5, 5, 1])
    assert r["start"].tolist() == [0, 0, 0, 0, 0]
    for _, jobs in r.groupby("server"):
        jobs = jobs.sort_values(["start", "end"])
        assert (jobs["start"].to_numpy()[1:] >= jobs["end"].to_numpy()[:-1]).all()


def test_abandonment_trace_by_hand():
    # One server busy 0-5.  C1 (patience 2) leaves at 3; C2 (patience 10) starts at 5.
    r = simulate_counter(1, arrival_times=[0, 1, 2], service_times=[5, 1, 1], patience_times=[0, 2, 10])
    assert r["abandoned"].tolist() == [False, True, False]
    assert r.loc[1, "end"] == 3 and np.isnan(r.loc[1, "start"]) and r.loc[1, "server"] == -1
    assert r.loc[1, "wait"] == 2
    assert r.loc[2, "start"] == 5 and r.loc[2, "wait"] == 3
    # C1 left before anyone behind was served: not overtaken.
    assert not r["overtaken"].any()


def test_priority_trace_by_hand():
    # One server busy 0-4 with C0.  C1 (class 1) arrives at 1, C2 (class 0) at 2: C2 goes first
    # at 4 and C1 follows at 5, overtaken by C2.
    r = simulate_counter(1, arrival_times=[0, 1, 2], service_times=[4, 1, 1], design="priority", classes=[0, 1, 0])
    assert r["start"].tolist() == [0, 5, 4]
    assert r["wait"].tolist() == [0, 4, 2]
    assert r["overtaken"].tolist() == [False, True, False]
    assert r["class"].tolist() == [0, 1, 0]


def test_priority_classes_can_have_their_own_service_rates():
    r = simulate_counter(
        2, arrival_rate=1.0, customers=20_000, design="priority", class_probs=[0.5, 0.5], service_rate=[2.0, 0.5], seed=1
    )
    means = r.groupby("class")["service"].mean()
    assert means[0] == pytest.approx(0.5, rel=0.05) and means[1] == pytest.approx(2.0, rel=0.05)


def test_separate_lines_stuck_behind_a_slow_service():
    # Two lines; C0 (2 min) and C1 (3 min) start at once; C2 joins one of them at 0, C3 the other at 0.5.
    r = simulate_counter(2, arrival_times=[0, 0, 0, 0.5], service_times=[2, 3, 1, 1], design="separate_lines", seed=0)
    assert r["line"].tolist() == r["server"].tolist()  # no jockeying: everyone stays in the line joined
    assert sorted(r["line"].tolist()[:2]) == [0, 1]
    behind_slow = r.loc[2, "line"] == r.loc[1, "line"]
    assert r["overtaken"].tolist() == [False, False, bool(behind_slow), False]


def test_jockeying_moves_the_last_in_line():
    # Two servers.  C0 needs 10 minutes, everyone else 1.  C1 starts at once on the other server;
    # C2..C5 split over the two lines.  From t = 2 the fast server's line is two shorter than the
    # slow one's, so the last customer there switches.  With jockeying nobody waits while a server
    # idles, as in one shared line, so the start times are the single line's: 0, 0, 1, 2, 3, 4.
    times = [0, 0, 0.1, 0.2, 0.3, 0.4]
    service = [10, 1, 1, 1, 1, 1]
    single = simulate_counter(2, arrival_times=times, service_times=service)
    assert single["start"].tolist() == [0, 0, 1, 2, 3, 4]
    jockey = simulate_counter(2, arrival_times=times, service_times=service, design="separate_lines", jockeying=True, seed=1)
    assert sorted(jockey["start"].tolist()) == [0, 0, 1, 2, 3, 4]
    assert jockey["jockeyed"].any()
    stay = simulate_counter(2, arrival_times=times, service_times=service, design="separate_lines", seed=1)
    assert stay["start"].max() >= 10  # without switching, someone waits behind the 10-minute service


# --------------------------------------------------------------------------- reproducibility


def test_same_seed_same_records_and_designs_share_customers():
    a = simulate_counter(3, arrival_rate=2.5, customers=500, seed=42)
    b = simulate_counter(3, arrival_rate=2.5, customers=500, seed=42)
    pd.testing.assert_frame_equal(a, b)
    c = simulate_counter(3, arrival_rate=2.5, customers=500, seed=43)
    assert not np.allclose(a["arrival"], c["arrival"])
    # Common random numbers: another design sees the same arrivals and service times.
    d = simulate_counter(3, arrival_rate=2.5, customers=500, seed=42, design="separate_lines")
    assert np.array_equal(a["arrival"], d["arrival"]) and np.array_equal(a["service"], d["service"])
    # A Generator works as the seed too, and is reproducible.
    g1 = simulate_counter(3, arrival_rate=2.5, customers=50, seed=np.random.default_rng(7))
    g2 = simulate_counter(3, arrival_rate=2.5, customers=50, seed=np.random.default_rng(7))
    pd.testing.assert_frame_equal(g1, g2)


def test_take_a_number_waits_exactly_like_one_line():
    one = simulate_counter(4, arrival_rate=3.5, customers=2000, seed=5, mean_patience=3.0)
    ticket = simulate_counter(4, arrival_rate=3.5, customers=2000, seed=5, mean_patience=3.0, design="take_a_number")
    pd.testing.assert_frame_equal(one, ticket)


@pytest.mark.parametrize("patience", [None, 1.5])
def test_two_engines_agree_on_one_fcfs_line(patience):
    # The heap recursion (single line) and the event engine (priority with one class) are
    # independent implementations of the same FCFS queue: records must coincide.
    kwargs = dict(arrival_rate=2.7, customers=5000, seed=11, mean_patience=patience)
    fast = simulate_counter(3, **kwargs)
    events = simulate_counter(3, design="priority", class_probs=[1.0], **kwargs)
    for column in ["start", "end", "server", "wait", "abandoned", "overtaken"]:
        np.testing.assert_allclose(
            fast[column].to_numpy(dtype=float), events[column].to_numpy(dtype=float), rtol=0, atol=1e-9
        )


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=1, max_value=4),
    st.sampled_from(["single_line", "separate_lines", "separate_lines+jockeying", "priority"]),
    st.booleans(),
    st.integers(min_value=0, max_value=10_000),
)
def test_records_are_consistent(servers, design, patience, seed):
    kwargs = {"design": design.split("+")[0], "jockeying": design.endswith("jockeying")}
    if design == "priority":
        kwargs["class_probs"] = [0.3, 0.7]
    r = simulate_counter(
        servers, arrival_rate=servers * 1.1, customers=150, seed=seed, mean_patience=1.0 if patience else None, **kwargs
    )
    served = ~r["abandoned"]
    assert (r.loc[served, "start"] >= r.loc[served, "arrival"] - 1e-12).all()
    assert np.allclose(r.loc[served, "end"], r.loc[served, "start"] + r.loc[served, "service"])
    assert (r["wait"] >= 0).all() and (r.loc[~served, "server"] == -1).all()
    # No server ever serves two customers at once.
    for _, jobs in r[served].groupby("server"):
        jobs = jobs.sort_values("start")
        assert (jobs["start"].to_numpy()[1:] >= jobs["end"].to_numpy()[:-1] - 1e-9).all()
    np.testing.assert_array_equal(r["overtaken"].to_numpy(), overtaken_brute_force(r))
    if kwargs["design"] == "single_line":
        assert not r["overtaken"].any()  # FCFS: nobody is overtaken


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=5), st.integers(min_value=0, max_value=10_000))
def test_an_extra_server_never_makes_anyone_wait_longer(servers, seed):
    # FCFS with the same customers: each customer's wait is non-increasing in the number of servers.
    few = simulate_counter(servers, arrival_rate=servers * 0.9, customers=300, seed=seed)
    more = simulate_counter(servers + 1, arrival_rate=servers * 0.9, customers=300, seed=seed)
    assert (more["wait"].to_numpy() <= few["wait"].to_numpy() + 1e-12).all()


# --------------------------------------------------------------------------- closed forms


def test_single_line_matches_erlang_c():
    # M/M/3 with rho = 0.8: Erlang C gives Wq = 1.0787, P(wait) = 0.6472, P(Wq <= 0.5) = 0.5205.
    lam, mu, c, t = 2.4, 1.0, 3, 0.5
    r = simulate_counter(c, arrival_rate=lam, service_rate=mu, customers=1_000_000, seed=2026)
    kept = r.iloc[3000:]
    m = queues.mmc(lam, mu, c, target=t)
    mean, half = batch_means(kept["wait"], batches=30, level=0.99)
    assert within(m["mean_wait"], mean, half)
    p, half_p = batch_means((kept["wait"] > 0).astype(float), batches=30, level=0.99)
    assert within(m["p_wait"], p, half_p)
    sl, half_sl = batch_means((kept["wait"] <= t).astype(float), batches=30, level=0.99)
    assert within(m["service_level"], sl, half_sl)
    assert half < 0.05 * m["mean_wait"]  # the interval is tight enough to mean something


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
def test_jockeying_matches_one_line_on_average_and_separate_lines_do_worse():
    # With jockeying no server idles while someone waits, so the number in the system is the
    # M/M/c birth-death process and the mean wait is Erlang C's; without it, lines are worse.
    lam, c = 2.4, 3
    exact = queues.mean_wait(lam, 1.0, c)
    jockey = simulate_counter(c, arrival_rate=lam, customers=120_000, seed=7, design="separate_lines", jockeying=True)
    mean, half = batch_means(jockey["wait"].iloc[2000:], batches=30, level=0.99)
    assert within(exact, mean, half)
    lines = simulate_counter(c, arrival_rate=lam, customers=120_000, seed=7, design="separate_lines")
    mean_lines, half_lines = batch_means(lines["wait"].iloc[2000:], batches=30, level=0.99)
    assert mean_lines - half_lines > exact
    # Separate lines are less fair: many customers are overtaken; one line overtakes nobody.
    assert lines["overtaken"].mean() > 0.1 and jockey["overtaken"].mean() > 0.05


def test_priority_classes_match_cobham():
    # Two classes, 30 % priority: Cobham (1954) M/M/c non-preemptive mean waits.
    lam, c, share = 2.4, 3, 0.3
    exact = queues.priority_mean_waits([share * lam, (1 - share) * lam], 1.0, c)
    r = simulate_counter(c, arrival_rate=lam, customers=200_000, seed=8, design="priority", class_probs=[share, 1 - share])
    kept = r.iloc[2000:]
    for k in (0, 1):
        waits = kept.loc[kept["class"] == k, "wait"]
        mean, half = batch_means(waits, batches=30, level=0.99)
        assert within(exact[k], mean, half), (k, exact[k], mean, half)


def test_abandonment_matches_erlang_a():
    # M/M/10+M overloaded (rho = 1.2), mean patience 0.5 (theta = 2), target 0.1.
    lam, c, theta, t = 12.0, 10, 2.0, 0.1
    exact = queues.erlang_a(lam, 1.0, c, theta, target=t)
    r = simulate_counter(c, arrival_rate=lam, customers=300_000, seed=9, mean_patience=1 / theta)
    kept = r.iloc[3000:]
    checks = {
        "p_abandon": kept["abandoned"].astype(float),
        "mean_wait": kept["wait"],
        "answered_within": (~kept["abandoned"] & (kept["wait"] <= t)).astype(float),
    }
    for key, series in checks.items():
        mean, half = batch_means(series, batches=30, level=0.99)
        assert within(exact[key], mean, half), (key, exact[key], mean, half)
    s = wait_summary(r, warmup=3000, target=t)
    assert s["service_level"] == pytest.approx(checks["answered_within"].mean())


def test_deterministic_service_matches_pollaczek_khinchine():
    # M/D/1: Wq = rho / (2 mu (1 - rho)) (Pollaczek-Khinchine); rho = 0.7 -> 1.1667.
    r = simulate_counter(1, arrival_rate=0.7, service="deterministic", customers=200_000, seed=10)
    exact = 0.7 / (2 * (1 - 0.7))
    mean, half = batch_means(r["wait"].iloc[2000:], batches=30, level=0.99)
    assert within(exact, mean, half)


def test_lognormal_service_has_the_requested_mean_and_spread():
    # Brown et al. (2005): handle times are lognormal.  Mean 1/mu = 4, cv 1.2.
    r = simulate_counter(5, arrival_rate=1.0, service_rate=0.25, service="lognormal", service_cv=1.2, customers=200_000, seed=4)
    s = r["service"].to_numpy()
    assert s.mean() == pytest.approx(4.0, rel=0.02)
    assert s.std() / s.mean() == pytest.approx(1.2, rel=0.05)
    assert np.log(s).std() == pytest.approx(math.sqrt(math.log(1 + 1.2**2)), rel=0.01)


def test_horizon_generates_poisson_arrivals_in_the_window():
    r = simulate_counter(2, arrival_rate=5.0, horizon=2000.0, seed=12)
    assert r["arrival"].max() <= 2000.0
    assert abs(len(r) - 10_000) < 4 * math.sqrt(10_000)  # Poisson count: mean and sd sqrt(10 000)


# --------------------------------------------------------------------------- independent simulator


def ciw_waits(lam, mu, c, max_time, seed):
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=lam)],
        service_distributions=[ciw.dists.Exponential(rate=mu)],
        number_of_servers=[c],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(max_time)
    records = sorted(sim.get_all_records(), key=lambda rec: rec.arrival_date)
    return np.array([rec.waiting_time for rec in records])


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
def test_agrees_with_ciw_on_mm3():
    # Shared scenario: M/M/3, lambda = 2, mu = 1 (rho = 2/3); Erlang C: Wq = 4/9.
    lam, mu, c = 2.0, 1.0, 3
    theirs = ciw_waits(lam, mu, c, max_time=15_000, seed=2026)[500:]
    ours = simulate_counter(c, arrival_rate=lam, service_rate=mu, customers=theirs.size + 500, seed=2026)["wait"].iloc[500:]
    m_ciw, h_ciw = batch_means(theirs, batches=20, level=0.99)
    m_ours, h_ours = batch_means(ours, batches=20, level=0.99)
    # Each mean lies in the other's interval, and Erlang C lies in both.
    assert within(m_ours, m_ciw, h_ciw) and within(m_ciw, m_ours, h_ours)
    assert within(4 / 9, m_ciw, h_ciw) and within(4 / 9, m_ours, h_ours)


# --------------------------------------------------------------------------- summaries and bad input


def test_wait_summary_counts_what_it_says():
    r = simulate_counter(1, arrival_times=[0, 1, 2, 3], service_times=[3, 1, 1, 1], patience_times=[0, 5, 0.5, 5])
    # C0 0-3; C1 waits 2 (3-4); C2 gives up at 2.5; C3 waits 1 (4-5).
    s = wait_summary(r, target=1.5, batches=2)
    assert s["customers"] == 4
    assert s["share_abandoned"] == 0.25
    assert s["mean_wait"] == pytest.approx((0 + 2 + 0.5 + 1) / 4)
    assert s["mean_wait_served"] == pytest.approx(1.0)
    assert s["service_level"] == 0.5  # C0 (0) and C3 (1) are served within 1.5
    assert s["p_wait"] == 0.75
    assert s["share_over_target"] == 0.25  # only C1 (2) waited longer than 1.5


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(servers=0, arrival_rate=1.0, customers=10), "servers"),
        (dict(servers=2.5, arrival_rate=1.0, customers=10), "servers"),
        (dict(servers=2, arrival_rate=-1.0, customers=10), "arrival_rate"),
        (dict(servers=2, arrival_rate=0.0, customers=10), "arrival_rate"),
        (dict(servers=2, arrival_rate=1.0, customers=0), "customers"),
        (dict(servers=2, arrival_rate=1.0), "customers"),
        (dict(servers=2, arrival_rate=1.0, customers=10, horizon=5.0), "customers"),
        (dict(servers=2, arrival_rate=1.0, horizon=-5.0), "horizon"),
        (dict(servers=2), "arrival_rate"),
        (dict(servers=2, arrival_times=[]), "arrival_times"),
        (dict(servers=2, arrival_times=[2.0, 1.0]), "arrival_times"),
        (dict(servers=2, arrival_times=[-1.0, 1.0]), "arrival_times"),
        (dict(servers=2, arrival_times=[1.0], arrival_rate=1.0), "arrival_times"),
        (dict(servers=2, arrival_times=[1.0, 2.0], customers=3), "customers"),
        (dict(servers=2, arrival_rate=1.0, customers=10, service_rate=0.0), "service_rate"),
        (dict(servers=2, arrival_rate=1.0, customers=10, service="gamma"), "service"),
        (dict(servers=2, arrival_rate=1.0, customers=10, service="lognormal", service_cv=0), "service_cv"),
        (dict(servers=2, arrival_rate=1.0, customers=3, service_times=[1.0]), "service_times"),
        (dict(servers=2, arrival_rate=1.0, customers=2, service_times=[1.0, -1.0]), "service_times"),
        (dict(servers=2, arrival_rate=1.0, customers=10, design="fastest"), "design"),
        (dict(servers=2, arrival_rate=1.0, customers=10, jockeying=True), "jockeying"),
        (dict(servers=2, arrival_rate=1.0, customers=10, design="priority"), "class_probs"),
        (dict(servers=2, arrival_rate=1.0, customers=10, design="priority", class_probs=[0.5, 0.6]), "class_probs"),
        (dict(servers=2, arrival_rate=1.0, customers=10, class_probs=[0.5, 0.5]), "class_probs"),
        (dict(servers=2, arrival_rate=1.0, customers=2, design="priority", classes=[0, -1]), "classes"),
        (dict(servers=2, arrival_rate=1.0, customers=2, design="priority", classes=[0]), "classes"),
        (dict(servers=2, arrival_rate=1.0, customers=10, service_rate=[1.0, 2.0]), "service_rate"),
        (dict(servers=2, arrival_rate=1.0, customers=10, design="priority", class_probs=[0.5, 0.5], service_rate=[1.0, 2.0, 3.0]), "service_rate"),
        (dict(servers=2, arrival_rate=1.0, customers=10, mean_patience=0.0), "mean_patience"),
        (dict(servers=2, arrival_rate=1.0, customers=2, patience_times=[1.0, -1.0]), "patience_times"),
        (dict(servers=2, arrival_rate=1.0, customers=2, mean_patience=1.0, patience_times=[1.0, 1.0]), "patience"),
        (dict(servers=2, arrival_rate=1.0, customers=10, seed=-1), "seed"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        simulate_counter(**kwargs)


def test_summary_helpers_reject_bad_input():
    r = simulate_counter(1, arrival_times=[0.0, 1.0], service_times=[1.0, 1.0])
    with pytest.raises(ValueError, match="warmup"):
        wait_summary(r, warmup=2)
    with pytest.raises(ValueError, match="records"):
        wait_summary(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="target"):
        wait_summary(r, target=-1)


# --------------------------------------------------------------------------- shifts and lines by type


def test_a_server_that_opens_later_takes_nobody_before_it_opens():
    # Server 1 opens at 5.  C0 takes server 0 (0-10); C1 waits for server 1 (5-15); C2 for server 0 (10-20).
    r = simulate_counter(2, arrival_times=[0, 0, 0], service_times=[10, 10, 10], shifts=[(0, np.inf), (5, np.inf)])
    assert r["start"].tolist() == [0, 5, 10]
    assert r["server"].tolist() == [0, 1, 0]


def test_a_server_whose_shift_ends_starts_no_new_service():
    # Server 0 works until 3.  C0: s0 0-2; C1: s1 0-5; C2: s0 2-4 (starts before 3); C3 (arrives 1)
    # would start on s0 at 4, after its shift: s0 leaves, and C3 waits for s1 at 5.
    r = simulate_counter(2, arrival_times=[0, 0, 0, 1], service_times=[2, 5, 2, 1], shifts=[(0, 3), (0, np.inf)])
    assert r["start"].tolist() == [0, 0, 2, 5]
    assert r["server"].tolist() == [0, 1, 0, 1]
    with pytest.raises(ValueError, match="shifts"):
        simulate_counter(1, arrival_times=[0, 0], service_times=[5, 1], shifts=[(0, 3)])


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=10_000))
def test_shift_engines_agree(servers, seed):
    # Three implementations of one FCFS line whose servers open at different times must coincide:
    # the shift recursion, the event engine (priority, one class) and, with every shift from 0,
    # the plain heap recursion.
    rng = np.random.default_rng(seed)
    opens = np.sort(rng.uniform(0, 20, size=servers))
    shifts = [(float(o), np.inf) for o in opens]
    kwargs = dict(arrival_rate=servers * 0.9, customers=300, seed=seed, mean_patience=2.0 if seed % 2 else None)
    fcfs = simulate_counter(servers, shifts=shifts, **kwargs)
    events = simulate_counter(servers, shifts=shifts, design="priority", class_probs=[1.0], **kwargs)
    for column in ["start", "end", "wait", "abandoned"]:
        np.testing.assert_allclose(fcfs[column].to_numpy(float), events[column].to_numpy(float), atol=1e-9)
    plain = simulate_counter(servers, **kwargs)
    from_zero = simulate_counter(servers, shifts=[(0.0, np.inf)] * servers, **kwargs)
    for column in ["start", "end", "wait", "abandoned"]:
        np.testing.assert_allclose(plain[column].to_numpy(float), from_zero[column].to_numpy(float), atol=1e-9)


def test_separate_lines_when_a_desk_opens_later():
    # Desk 1 opens at 5.  C1 and C2 must queue at desk 0 (the only one open).  Without switching
    # they stay there (starts 10 and 11).  With switching the last of them, C2, moves to desk 1 at 5
    # (5-6); at 6 desk 1 is free while C1 still waits behind C0, so C1 moves too and starts at 6.
    times, service, shifts = [0, 1, 2], [10, 1, 1], [(0, np.inf), (5, np.inf)]
    stay = simulate_counter(2, arrival_times=times, service_times=service, shifts=shifts, design="separate_lines")
    assert stay["start"].tolist() == [0, 10, 11] and stay["line"].tolist() == [0, 0, 0]
    move = simulate_counter(2, arrival_times=times, service_times=service, shifts=shifts,
                            design="separate_lines", jockeying=True)
    assert move["start"].tolist() == [0, 6, 5]
    assert move["overtaken"].tolist() == [False, True, False]
    with pytest.raises(ValueError, match="FCFS"):
        simulate_counter(2, arrival_times=times, service_times=service, shifts=[(0, 9), (5, np.inf)],
                         design="separate_lines")


def test_lines_by_type_is_one_fcfs_line_per_class():
    # Each class's records equal a single line of that class's customers alone, on its own servers.
    r = simulate_counter(3, arrival_rate=2.0, customers=3000, seed=3, design="lines_by_type",
                         class_probs=[0.3, 0.7], class_servers=[1, 2], service_rate=[2.0, 0.8])
    for k, (first, count) in enumerate([(0, 1), (1, 2)]):
        part = r[r["class"] == k]
        alone = simulate_counter(count, arrival_times=part["arrival"].to_numpy(),
                                 service_times=part["service"].to_numpy())
        np.testing.assert_allclose(part["wait"].to_numpy(), alone["wait"].to_numpy(), atol=1e-12)
        assert set(part["server"]) <= set(range(first, first + count))  # nobody borrows another class's desk
    # Customers are overtaken only by the other class: within a class the line is FCFS.
    assert r["overtaken"].any()
    for k in (0, 1):
        part = r[r["class"] == k].reset_index(drop=True)
        assert not (np.diff(part["start"].to_numpy()) < -1e-12).any()


def test_lines_by_type_check_their_arguments():
    with pytest.raises(ValueError, match="class_servers"):
        simulate_counter(3, arrival_rate=1.0, customers=10, design="lines_by_type", class_probs=[0.5, 0.5])
    with pytest.raises(ValueError, match="class_servers"):
        simulate_counter(3, arrival_rate=1.0, customers=10, design="lines_by_type", class_probs=[0.5, 0.5],
                         class_servers=[1, 1])
    with pytest.raises(ValueError, match="class_servers"):
        simulate_counter(3, arrival_rate=1.0, customers=10, class_servers=[1, 2])
    with pytest.raises(ValueError, match="shifts"):
        simulate_counter(2, arrival_rate=1.0, customers=10, shifts=[(0, np.inf)])
    with pytest.raises(ValueError, match="shifts"):
        simulate_counter(1, arrival_rate=1.0, customers=10, shifts=[(5, 5)])


# --------------------------------------------------------------------------- rosters, rates, replays


def test_roster_shifts_open_and_close_desks():
    from servicelab.simulate import roster_shifts

    assert roster_shifts({"07:00": 2, "08:00": 3}) == [(420.0, np.inf), (420.0, np.inf), (480.0, np.inf)]
    # A fourth desk from 08:30 to 10:00: the desk opened last closes first.
    assert roster_shifts({"07:00": 2, "08:00": 3, "08:30": 4, "10:00": 3}, end="12:00")[3] == (510.0, 600.0)
    for bad in ({}, {"7 o'clock": 2}, {"08:00": 2, "07:00": 3}, {"07:00": -1}, {"07:00": 0}):
        with pytest.raises(ValueError):
            roster_shifts(bad)


def test_arrival_rates_and_peak_by_hand():
    from servicelab.simulate import arrival_rates, peak_rate

    # Two days pooled; windows [0, 2) and [2, 4): 3 and 3 arrivals -> 3 / (2 days x 2) = 0.75 each.
    assert arrival_rates([0.5, 1.0, 1.5, 2.5, 3.5, 3.9], days=2, start=0, end=4, width=2).tolist() == [0.75, 0.75]
    # Brute force: every window of width 4 starting on a step of 1 in [0, 12].
    rng = np.random.default_rng(5)
    times = np.sort(rng.uniform(0, 12, 80))
    counts = [np.sum((times >= a) & (times < a + 4)) for a in range(0, 9)]
    peak = peak_rate(times, days=2, start=0, end=12, width=4, step=1)
    assert peak.start == float(np.argmax(counts)) and peak.end == peak.start + 4
    assert peak.rate == pytest.approx(max(counts) / (2 * 4))
    with pytest.raises(ValueError, match="width"):
        arrival_rates(times, days=1, start=0, end=10, width=3)
    with pytest.raises(ValueError, match="width"):
        peak_rate(times, days=1, start=0, end=12, width=5, step=2)


def test_poisson_arrivals_are_poisson():
    from scipy import stats as scipy_stats

    from servicelab.simulate import poisson_arrivals

    # Counts per window: Poisson(rate x width), so mean and variance both 5 and 20.
    rng = np.random.default_rng(6)
    counts = np.array([np.histogram(poisson_arrivals([0.5, 2.0], width=10.0, seed=rng), bins=[0, 10, 20])[0]
                       for _ in range(4000)])
    assert counts.mean(axis=0) == pytest.approx([5, 20], rel=0.03)
    assert counts.var(axis=0) == pytest.approx([5, 20], rel=0.08)
    # With one rate throughout, the gaps are exponential with mean 1/rate (KS test against scipy).
    times = poisson_arrivals([1.5] * 200, width=10.0, seed=7)
    assert scipy_stats.kstest(np.diff(times), "expon", args=(0, 1 / 1.5)).pvalue > 0.01


def test_replay_reproduces_the_recorded_front_desk():
    # frontdesk_queue was generated by its own FCFS loop (servicelab.synth.front_desk), with times
    # rounded to whole seconds afterwards; replaying its arrivals and service times through one line
    # with the world's roster must give back every recorded wait, to within that rounding.
    from servicelab import data
    from servicelab.simulate import replay, roster_shifts
    from servicelab.synth import world

    desk = data.load("frontdesk_queue")
    desk["arrival"] = pd.to_timedelta(desk["arrival_time"]).dt.total_seconds() / 60
    records = replay(desk, arrival="arrival", service="service_minutes", by="date",
                     shifts=roster_shifts(world.MORNING_DESKS.value))
    assert records.index.equals(desk.index)
    assert np.abs(records["wait"] - desk["wait_minutes"]).max() < 0.1  # a few seconds of rounding
    # Planted fault: a roster with three desks from 07:00 does not reproduce the data.
    wrong = replay(desk, arrival="arrival", service="service_minutes", by="date",
                   shifts=roster_shifts({"07:00": 3}))
    assert np.abs(wrong["wait"] - desk["wait_minutes"]).max() > 1.0


def test_replicate_pairs_the_designs_by_seed():
    from servicelab.simulate import poisson_arrivals, replicate

    def guests(seed):
        rng = np.random.default_rng(seed)
        times = poisson_arrivals([0.8] * 8, width=15.0, seed=rng)
        return {"arrival_times": times, "service_times": rng.exponential(3.0, times.size),
                "classes": rng.integers(0, 2, times.size)}

    designs = {"one line": {}, "tickets": {"design": "take_a_number"}, "lines": {"design": "separate_lines"},
               "by type": {"design": "lines_by_type", "class_servers": [1, 2]}}
    runs = replicate(guests, designs, 4, servers=3, target=5.0, measures={"guests": len})
    assert runs["replication"].tolist() == [r for r in (1, 2, 3, 4) for _ in designs]
    # Every design of a replication saw the same guests; take-a-number waits exactly like one line.
    assert (runs.groupby("replication")["guests"].nunique() == 1).all()
    wide = runs.pivot(index="replication", columns="design", values="mean_wait")
    assert np.allclose(wide["one line"], wide["tickets"])
    with pytest.raises(ValueError, match="replications"):
        replicate(guests, designs, 1, servers=3)
