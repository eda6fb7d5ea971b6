"""Inference helpers (servicelab.stats), each checked against an independent value.

Sources of the expected values: scipy (ttest_ind with equal_var=False for Welch, ttest_rel and
ttest_1samp for paired and one-sample t intervals, binomtest for Wilson, bootstrap for the
percentile bootstrap, median_abs_deviation for the MAD, the binomial distribution for false
alarms); published worked examples (Newcombe 1998a, Table I, for Wilson intervals; Newcombe 1998b,
Table II, method 10, for differences of proportions); hand computations in the test; and coverage
of known true values in seeded simulations.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings, strategies as st
from scipy import signal
from scipy import stats as scipy_stats

from servicelab import loyalty, stats

finite_samples = st.lists(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=2, max_size=40)


# ---- bootstrap ----------------------------------------------------------------------------------
def test_bootstrap_is_seeded_and_reproducible():
    scores = [10, 9, 9, 8, 7, 6, 5, 10, 3, 9, 8, 10]
    first = loyalty.nps_ci(scores, seed=11)
    assert first == loyalty.nps_ci(scores, seed=11)
    assert first != loyalty.nps_ci(scores, seed=12)
    assert first.low <= first.estimate <= first.high


def test_bootstrap_of_the_mean_agrees_with_scipy():
    # Independent implementation: scipy.stats.bootstrap with the percentile method.
    rng = np.random.default_rng(5)
    sample = rng.normal(7.0, 1.5, size=200)
    ours = stats.bootstrap_ci(sample, np.mean, n_resamples=4000, seed=1)
    theirs = scipy_stats.bootstrap((sample,), np.mean, n_resamples=4000, method="percentile", rng=np.random.default_rng(2))
    assert ours.low == pytest.approx(theirs.confidence_interval.low, abs=0.04)
    assert ours.high == pytest.approx(theirs.confidence_interval.high, abs=0.04)


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
def test_bootstrap_interval_covers_the_true_mean_about_as_often_as_promised():
    # Coverage sanity: 300 normal samples of 40 with true mean 5; a 90 % interval should cover 5 in
    # about 270 of them (binomial sd about 5); the percentile bootstrap runs a little short at n = 40.
    rng = np.random.default_rng(2026)
    covered = 0
    for i in range(300):
        ci = stats.bootstrap_ci(rng.normal(5.0, 2.0, 40), np.mean, n_resamples=500, confidence=0.90, seed=i)
        covered += ci.low <= 5.0 <= ci.high
    assert 250 <= covered <= 290


def test_bootstrap_difference_of_independent_samples_agrees_with_scipy():
    rng = np.random.default_rng(8)
    a, b = rng.normal(8.0, 1.0, 150), rng.normal(7.5, 1.5, 120)
    ours = stats.bootstrap_difference(a, b, np.mean, n_resamples=4000, seed=3)
    theirs = scipy_stats.bootstrap((a, b), lambda x, y: np.mean(x) - np.mean(y), n_resamples=4000,
                                   method="percentile", vectorized=False, rng=np.random.default_rng(4))
    assert ours.estimate == pytest.approx(a.mean() - b.mean())
    assert (ours.n_first, ours.n_second) == (150, 120)
    assert ours.low == pytest.approx(theirs.confidence_interval.low, abs=0.04)
    assert ours.high == pytest.approx(theirs.confidence_interval.high, abs=0.04)
    # Large normal samples: close to Welch's interval too.
    welch = scipy_stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert ours.low == pytest.approx(welch.low, abs=0.06) and ours.high == pytest.approx(welch.high, abs=0.06)


def test_paired_bootstrap_agrees_with_scipy_and_is_narrower_when_pairs_share_noise():
    rng = np.random.default_rng(9)
    shared = rng.normal(0.0, 3.0, 100)
    before, after = shared + rng.normal(10.0, 0.5, 100), shared + rng.normal(10.4, 0.5, 100)
    paired = stats.bootstrap_difference(after, before, paired=True, n_resamples=4000, seed=5)
    theirs = scipy_stats.bootstrap((after, before), lambda x, y: np.mean(x) - np.mean(y), paired=True,
                                   n_resamples=4000, method="percentile", vectorized=False, rng=np.random.default_rng(6))
    assert paired.low == pytest.approx(theirs.confidence_interval.low, abs=0.02)
    assert paired.high == pytest.approx(theirs.confidence_interval.high, abs=0.02)
    independent = stats.bootstrap_difference(after, before, n_resamples=4000, seed=5)
    assert paired.high - paired.low < 0.3 * (independent.high - independent.low)


# ---- Welch, Wilson, Newcombe -----------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(finite_samples, finite_samples, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_welch_interval_equals_scipy(a, b, confidence):
    assume(np.var(a) > 1e-6 and np.var(b) > 1e-6)
    ours = stats.welch_interval(a, b, confidence=confidence)
    theirs = scipy_stats.ttest_ind(a, b, equal_var=False).confidence_interval(confidence)
    assert ours.estimate == pytest.approx(np.mean(a) - np.mean(b), abs=1e-9)
    assert ours.low == pytest.approx(theirs.low, rel=1e-7, abs=1e-7)
    assert ours.high == pytest.approx(theirs.high, rel=1e-7, abs=1e-7)


def test_welch_interval_of_constant_samples_is_the_point():
    d = stats.welch_interval([3, 3, 3], [1, 1])
    assert (d.estimate, d.low, d.high) == (2.0, 2.0, 2.0)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    # Newcombe (1998a), Table I, method 3 (Wilson's score interval), 95 %.
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_matches_newcombe_1998_table_1(k, n, low, high):
    w = stats.wilson_interval(k, n)
    assert (round(w.low, 4), round(w.high, 4)) == (low, high)
    assert w.estimate == k / n and w.n == n


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))), st.sampled_from([0.8, 0.95, 0.99]))
def test_wilson_interval_equals_scipy_binomtest(kn, confidence):
    k, n = kn
    ours = stats.wilson_interval(k, n, confidence=confidence)
    theirs = scipy_stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    assert ours.low == pytest.approx(theirs.low, abs=1e-12)
    assert ours.high == pytest.approx(theirs.high, abs=1e-12)


def test_wilson_interval_takes_arrays():
    w = stats.wilson_interval([0, 5, 10], [10, 10, 10])
    assert w.estimate.tolist() == [0.0, 0.5, 1.0] and w.n.tolist() == [10, 10, 10]
    assert w.low[0] == 0.0 and w.high[2] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("counts", "low", "high"),
    # Newcombe (1998b), Table II, method 10 (hybrid score interval without continuity correction), 95 %.
    [((56, 70, 48, 80), 0.0524, 0.3339), ((9, 10, 3, 10), 0.1705, 0.8090), ((5, 56, 0, 29), -0.0381, 0.1926),
     ((0, 10, 0, 20), -0.1611, 0.2775), ((10, 10, 0, 20), 0.6791, 1.0)],
)
def test_newcombe_interval_matches_newcombe_1998_table_2(counts, low, high):
    d = stats.newcombe_interval(*counts)
    assert d.estimate == pytest.approx(counts[0] / counts[1] - counts[2] / counts[3])
    assert (round(d.low, 4), round(d.high, 4)) == (low, high)


def test_newcombe_interval_is_built_from_the_two_wilson_intervals():
    # The construction, checked from scipy's Wilson intervals (Newcombe 1998b, eq. for method 10).
    a = scipy_stats.binomtest(30, 90).proportion_ci(method="wilson")
    b = scipy_stats.binomtest(12, 60).proportion_ci(method="wilson")
    p1, p2 = 30 / 90, 12 / 60
    d = stats.newcombe_interval(30, 90, 12, 60)
    assert d.low == pytest.approx(p1 - p2 - math.hypot(p1 - a.low, b.high - p2))
    assert d.high == pytest.approx(p1 - p2 + math.hypot(a.high - p1, p2 - b.low))


# ---- batch means ------------------------------------------------------------------------------------
def test_batch_means_by_hand():
    # Batches (1, 2) and (3, 4): means 1.5 and 3.5, sd sqrt(2), t(1, 0.975) = 12.7062.
    ci = stats.batch_means([1, 2, 3, 4], batches=2)
    assert ci.estimate == 2.5 and ci.n == 2
    assert ci.half_width == pytest.approx(12.706204736 * math.sqrt(2) / math.sqrt(2), rel=1e-9)
    assert (ci.low, ci.high) == (pytest.approx(2.5 - ci.half_width), pytest.approx(2.5 + ci.half_width))


def test_batch_means_covers_the_mean_of_a_correlated_series_where_the_naive_interval_does_not():
    # AR(1) series x_t = 0.9 x_(t-1) + e_t with true mean 0: successive values are strongly correlated.
    # Over 200 seeded series, 95 % batch-means intervals cover 0 in about 190 (allow 175-200); the naive
    # s/sqrt(n) interval, which assumes independence, covers far less (about 40 %).
    rng = np.random.default_rng(11)
    batch_hits = naive_hits = 0
    for _ in range(200):
        x = signal.lfilter([1.0], [1.0, -0.9], rng.normal(size=20_000))
        ci = stats.batch_means(x, batches=20)
        batch_hits += ci.low <= 0.0 <= ci.high
        naive = 1.96 * x.std(ddof=1) / math.sqrt(x.size)
        naive_hits += abs(x.mean()) <= naive
    assert 175 <= batch_hits <= 200
    assert naive_hits < 120


# ---- robust z-scores and false alarms ---------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), min_size=3, max_size=40))
def test_robust_z_uses_the_normal_consistent_mad_of_scipy(values):
    x = np.asarray(values)
    mad = scipy_stats.median_abs_deviation(x, scale="normal")
    assume(mad > 1e-6)
    assert stats.robust_z(x) == pytest.approx((x - np.median(x)) / mad, rel=1e-9, abs=1e-9)
    # Invariant to a change of unit and origin (seconds to minutes, a shifted baseline).
    assert stats.robust_z(60 * x + 7) == pytest.approx(stats.robust_z(x), rel=1e-6, abs=1e-6)


def test_robust_z_of_a_table_flips_measures_where_lower_is_better():
    table = pd.DataFrame({"fcr": [0.6, 0.7, 0.8, 0.9], "aht": [300.0, 280.0, 260.0, 200.0]}, index=list("abcd"))
    z = stats.robust_z(table, direction={"aht": -1})
    assert list(z.index) == list("abcd")
    assert z.loc["d", "aht"] > 0  # the shortest handle time scores best
    assert z["fcr"].tolist() == pytest.approx(((table["fcr"] - 0.75) / scipy_stats.median_abs_deviation(table["fcr"], scale="normal")).tolist())
    # One extreme agent barely moves everybody else's score (it would with the mean and SD).
    wild = table.copy()
    wild.loc["d", "fcr"] = 9.0
    assert stats.robust_z(wild)["fcr"]["a"] == pytest.approx(stats.robust_z(table)["fcr"]["a"])


@pytest.mark.parametrize("k, alpha", [(1, 0.05), (20, 0.05), (120, 0.1056), (500, 0.001)])
def test_false_alarms_follow_the_binomial_distribution(k, alpha):
    fa = stats.false_alarms(tests=k, alpha=alpha)
    assert fa["expected"] == pytest.approx(scipy_stats.binom.mean(k, alpha))
    assert fa["p_at_least_one"] == pytest.approx(scipy_stats.binom.sf(0, k, alpha), rel=1e-12)


def test_twenty_tests_at_five_percent_give_one_false_alarm_and_a_64_percent_chance_of_some():
    # The textbook figure: 1 - 0.95^20 = 0.6415.
    fa = stats.false_alarms(20, 0.05)
    assert fa["expected"] == pytest.approx(1.0) and round(fa["p_at_least_one"], 4) == 0.6415


# ---- difference-in-differences and event study ------------------------------------------------------
def _panel(effect: float, agents: int = 30, weeks: int = 20, start: int = 12, seed: int = 1) -> pd.DataFrame:
    """Agents x weeks with agent levels, a common weekly shock, noise, and ``effect`` for treated agents from ``start``."""
    rng = np.random.default_rng(seed)
    level = rng.normal(70, 5, agents)
    shock = rng.normal(0, 2, weeks)
    treated = np.arange(agents) < agents // 2
    rows = []
    for i in range(agents):
        for t in range(weeks):
            y = level[i] + shock[t] + rng.normal(0, 1.5) + (effect if treated[i] and t >= start else 0.0)
            rows.append((f"A{i:02d}", t, y, bool(treated[i])))
    return pd.DataFrame(rows, columns=["agent", "week", "fcr", "trained"])


def test_diff_in_diff_by_hand():
    # Treated agents rise by 10 and 9, controls by 2 and 1: DiD = 9.5 - 1.5 = 8.
    panel = pd.DataFrame({"agent": list("aabbccdd"), "week": [1, 2] * 4, "fcr": [60, 70, 62, 71, 60, 62, 61, 62],
                          "trained": [True] * 4 + [False] * 4})
    did = stats.diff_in_diff(panel, unit="agent", time="week", outcome="fcr", treated="trained",
                             before=(1, 1), after=(2, 2))
    assert did.estimate == 8.0 and (did.n_first, did.n_second) == (2, 2)


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
def test_diff_in_diff_is_the_unit_bootstrap_of_the_changes_and_covers_the_built_in_effect():
    panel = _panel(effect=3.0)
    did = stats.diff_in_diff(panel, unit="agent", time="week", outcome="fcr", treated="trained",
                             before=(4, 11), after=(12, 19), seed=7)
    # The same computation written out: per-agent window means, change, bootstrap of the difference.
    means = lambda lo, hi: panel[panel["week"].between(lo, hi)].groupby("agent")["fcr"].mean()  # noqa: E731
    change = means(12, 19) - means(4, 11)
    trained = panel.groupby("agent")["trained"].first()
    again = stats.bootstrap_difference(change[trained].to_numpy(), change[~trained].to_numpy(), seed=7)
    assert did == again
    assert did.low < 3.0 < did.high
    # With no effect built in, 95 % intervals cover zero in about 38 of 40 seeded panels (binomial: 33-40).
    covered = 0
    for seed in range(40):
        placebo = stats.diff_in_diff(_panel(effect=0.0, seed=100 + seed), unit="agent", time="week", outcome="fcr",
                                     treated="trained", before=(0, 5), after=(6, 11), n_resamples=500)
        covered += placebo.low < 0.0 < placebo.high
    assert 33 <= covered <= 40
    # Its width is close to Welch's interval on the same per-agent changes (15 agents a side).
    welch = scipy_stats.ttest_ind(change[trained], change[~trained], equal_var=False).confidence_interval(0.95)
    assert did.high - did.low == pytest.approx(welch.high - welch.low, rel=0.25)


def test_event_study_by_hand_and_on_a_panel_with_a_known_effect():
    panel = pd.DataFrame({"agent": list("aaabbbcccddd"), "week": [1, 2, 3] * 4,
                          "fcr": [60, 61, 70, 62, 63, 71, 60, 61, 62, 61, 62, 63], "trained": [True] * 6 + [False] * 6})
    table = stats.event_study(panel, unit="agent", time="week", outcome="fcr", treated="trained", reference=2)
    # Changes since week 2: treated (-1, 0, 9) and (-1, 0, 8); controls (-1, 0, 1) twice.
    assert table["estimate"].tolist() == [0.0, 0.0, 7.5]
    assert table.loc[2, ["low", "high"]].tolist() == [0.0, 0.0]
    assert table["treated_units"].tolist() == [2, 2, 2]
    study = stats.event_study(_panel(effect=3.0), unit="agent", time="week", outcome="fcr", treated="trained",
                              reference=11, seed=3)
    before, after = study.loc[:10], study.loc[12:]
    # Pre-period estimates hover around 0 (at most one of 11 intervals misses it by chance);
    # post-period intervals cover the built-in effect of 3 and exclude 0.
    assert ((before["low"] <= 0) & (before["high"] >= 0)).sum() >= 10
    assert ((after["low"] <= 3) & (after["high"] >= 3)).sum() >= 7 and (after["low"] > 0).all()


def test_did_refuses_a_treatment_that_changes_within_a_unit():
    panel = _panel(effect=0.0)
    panel.loc[panel.index[0], "trained"] = not panel.loc[panel.index[0], "trained"]
    with pytest.raises(ValueError, match="changes within unit"):
        stats.diff_in_diff(panel, unit="agent", time="week", outcome="fcr", treated="trained",
                           before=(0, 5), after=(6, 11))


def test_window_means_by_hand():
    panel = pd.DataFrame({"agent": ["a", "a", "a", "b"], "week": pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-13"]),
                          "fcr": [0.5, 0.7, 0.9, 0.4]})
    means = stats.window_means(panel, unit="agent", time="week", value="fcr", window=("2025-01-06", "2025-01-13"))
    assert means.to_dict() == {"a": pytest.approx(0.6), "b": 0.4}


# ---- paired simulation replications ----------------------------------------------------------------
def test_compare_replications_equals_paired_and_one_sample_t_intervals():
    rng = np.random.default_rng(12)
    common = rng.gamma(4.0, 2.0, 25)
    lines, one_line = common + rng.normal(3.0, 1.0, 25), common + rng.normal(0.0, 1.0, 25)
    table = stats.compare_replications(lines, one_line, names=("a line per desk", "one line"), confidence=0.9)
    diff = scipy_stats.ttest_rel(lines, one_line).confidence_interval(0.9)
    assert table.loc["difference", ["low", "high"]].tolist() == pytest.approx([diff.low, diff.high])
    single = scipy_stats.ttest_1samp(lines, 0.0).confidence_interval(0.9)
    assert table.loc["a line per desk", ["low", "high"]].tolist() == pytest.approx([single.low, single.high])
    assert table.loc["one line", "p95"] == pytest.approx(np.percentile(one_line, 95))
    assert table.loc["difference", "p5"] == pytest.approx(np.percentile(lines - one_line, 5))
    assert list(table.columns) == ["mean", "low", "high", "p5", "p50", "p95"]


# ---- bad input names the parameter ------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: stats.bootstrap_ci([], np.mean), "values"),
        (lambda: stats.bootstrap_ci([1, 2], np.mean, n_resamples=10), "n_resamples"),
        (lambda: stats.bootstrap_ci([1, 2], np.mean, confidence=1.0), "confidence"),
        (lambda: stats.bootstrap_ci([1, 2], "mean"), "statistic"),
        (lambda: stats.bootstrap_ci([1, 2], np.mean, seed=-1), "seed"),
        (lambda: stats.bootstrap_difference([1, 2], [1, float("nan")]), "second[1]"),
        (lambda: stats.bootstrap_difference([1, 2], [1, 2, 3], paired=True), "second"),
        (lambda: stats.bootstrap_difference([1, 2], [1, 2], paired="yes"), "paired"),
        (lambda: stats.welch_interval([1], [1, 2]), "first"),
        (lambda: stats.wilson_interval(5, 4), "successes"),
        (lambda: stats.wilson_interval(1, 0), "trials"),
        (lambda: stats.newcombe_interval(1, 10, 11, 10), "successes_second"),
        (lambda: stats.batch_means([1.0, 2.0, 3.0], batches=1), "batches"),
        (lambda: stats.batch_means([1.0, 2.0, 3.0], batches=5), "batches"),
        (lambda: stats.batch_means([], batches=2), "values"),
        (lambda: stats.batch_means([1.0, 2.0, 3.0, 4.0], batches=2, confidence=1.0), "confidence"),
        (lambda: stats.robust_z([1.0, 1.0, 1.0, 2.0]), "values"),
        (lambda: stats.robust_z([1.0, 2.0, 3.0], direction=2), "direction"),
        (lambda: stats.robust_z(pd.DataFrame({"x": [1.0, 2.0, 3.0]}), direction={"y": -1}), "direction"),
        (lambda: stats.false_alarms(0, 0.05), "tests"),
        (lambda: stats.false_alarms(10, 1.5), "alpha"),
        (lambda: stats.window_means(pd.DataFrame({"a": [1]}), unit="a", time="t", value="v", window=(0, 1)), "frame"),
        (lambda: stats.window_means(pd.DataFrame({"a": [1], "t": [1], "v": [1.0]}), unit="a", time="t", value="v", window=(5, 1)), "window"),
        (lambda: stats.event_study(_panel(0.0), unit="agent", time="week", outcome="fcr", treated="trained", reference=99), "reference"),
        (lambda: stats.compare_replications([1.0, 2.0], [1.0]), "second"),
        (lambda: stats.compare_replications([1.0, 2.0], [1.0, 3.0], percentiles=(101,)), "percentiles"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    # One message style: the message starts with the parameter's name ("<name>=<value> must be ...").
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value).startswith(name), str(error.value)
