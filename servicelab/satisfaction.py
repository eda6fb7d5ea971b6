"""Satisfaction: perception against expectation, CSAT and NPS, the visibility funnel and Kano.

The satisfaction slides call it the golden rule (黄金定律): satisfaction is what the
customer perceives minus what they expected,

.. math::

    S = P - E .

A negative :math:`S` is disappointment, zero is satisfaction, a positive :math:`S`
is "more than I paid for" (物超所值).  This module computes that gap for one survey
item, a dimension or a whole service; places a perception inside or outside the
customer's zone of tolerance (容忍区域); summarises a survey as CSAT or Net Promoter
Score with a seeded bootstrap interval; draws the satisfaction-loyalty curve;
computes the service-visibility funnel of the course's handbook; and sorts service
features with Kano's paired questions into the handbook's four service classes.

>>> gap([7, 5, 6], [6, 6, 6], scale=(1, 7)).tolist()
[1.0, -1.0, 0.0]
>>> nps([10, 9, 8, 7, 6, 3])
0.0
>>> kano_category("like", "dislike")
'O'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from servicelab._validate import finite, fraction, integer, non_negative

__all__ = [
    "FUNNEL_STAGES",
    "FUNNEL_RATES",
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_TABLE",
    "OUTCOMES",
    "SERVICE_CLASSES",
    "Interval",
    "bootstrap_ci",
    "csat",
    "csat_ci",
    "funnel_from_survey",
    "funnel_rates",
    "gap",
    "gap_outcome",
    "gap_summary",
    "kano_category",
    "kano_summary",
    "leakiest_stage",
    "loyalty_curve",
    "nps",
    "nps_category",
    "nps_ci",
    "score_table",
    "service_class",
    "zone_of_tolerance",
]


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------
def _scale(scale, name: str = "scale") -> tuple[float, float]:
    try:
        low, high = scale
    except (TypeError, ValueError):
        raise ValueError(f"{name}={scale!r} must be a pair (lowest, highest)") from None
    low, high = finite(low, name), finite(high, name)
    if not low < high:
        raise ValueError(f"{name}={scale!r} must have lowest < highest")
    return low, high


def _scores(values, name: str, scale, *, whole: bool = True) -> np.ndarray:
    """A non-empty 1-D array of ratings inside ``scale`` (whole points unless ``whole`` is False)."""
    low, high = _scale(scale)
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must contain only numbers") from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty sequence of scores")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite scores (no missing values)")
    outside = (array < low) | (array > high)
    if outside.any():
        bad = array[outside][0]
        raise ValueError(f"{name} has a score {bad:g} outside the scale {low:g} to {high:g}")
    if whole and not np.all(array == np.round(array)):
        bad = array[array != np.round(array)][0]
        raise ValueError(f"{name} has a score {bad:g} that is not a whole point of the scale")
    return array


def _same_length(name: str, array: np.ndarray, reference: np.ndarray, reference_name: str) -> None:
    if array.size != reference.size:
        raise ValueError(f"{name} has {array.size} values but {reference_name} has {reference.size}")


def _columns(frame, name: str, columns: Iterable[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame")
    if frame.empty:
        raise ValueError(f"{name} has no rows")
    for column in columns:
        if column not in frame.columns:
            raise ValueError(f"{name} has no column {column!r}")
    return frame


# --------------------------------------------------------------------------------------------
# S = P - E
# --------------------------------------------------------------------------------------------
def gap(perception, expectation, *, scale: tuple[float, float] = (1, 9)) -> np.ndarray:
    """Satisfaction gap S = P - E, response by response.

    Parameters
    ----------
    perception, expectation : sequence of int
        Ratings of the same items by the same customers, on one scale (points).
    scale : (low, high)
        The rating scale; every score must be a whole point inside it. Default 1 to 9.

    Returns
    -------
    numpy.ndarray
        :math:`S_i = P_i - E_i` in scale points; negative means the service fell short
        of what the customer expected.

    References
    ----------
    The satisfaction slides' golden rule S = P - E; Oliver (1980) for expectation
    disconfirmation.

    >>> gap([8, 6], [7, 8]).tolist()
    [1.0, -2.0]
    """
    p = _scores(perception, "perception", scale)
    e = _scores(expectation, "expectation", scale)
    _same_length("perception", p, e, "expectation")
    return p - e


def gap_summary(
    frame: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    perception: str = "perception",
    expectation: str = "expectation",
    scale: tuple[float, float] = (1, 9),
) -> pd.DataFrame:
    """Mean expectation, perception and gap S = P - E per item, per dimension, or overall.

    Each row of ``frame`` is one customer's rating of one item.  The gap of a group
    is the mean of its responses' gaps, which equals mean P minus mean E.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long-form survey: one row per (customer, item), with the two score columns.
    by : str, list of str or None
        Column(s) to group by ("item", "dimension", "branch", ...); None gives one
        row, ``overall``, over every response.
    perception, expectation : str
        Names of the score columns.
    scale : (low, high)
        The rating scale (points).

    Returns
    -------
    pandas.DataFrame
        Columns ``expectation``, ``perception``, ``gap`` (points) and ``n``
        (responses), one row per group, sorted by gap (worst first).

    >>> survey = pd.DataFrame({"item": ["bill", "bill", "wifi", "wifi"],
    ...                        "expectation": [8, 8, 6, 7], "perception": [6, 7, 7, 7]})
    >>> gap_summary(survey, "item")["gap"].tolist()
    [-1.5, 0.5]
    """
    groups = [] if by is None else ([by] if isinstance(by, str) else list(by))
    _columns(frame, "frame", [perception, expectation])
    for column in groups:
        if column not in frame.columns:
            raise ValueError(f"by={column!r} is not a column of frame")
    s = gap(frame[perception].to_numpy(), frame[expectation].to_numpy(), scale=scale)
    work = pd.DataFrame({"expectation": frame[expectation].to_numpy(dtype=float),
                         "perception": frame[perception].to_numpy(dtype=float), "gap": s})
    if not groups:
        out = pd.DataFrame([{**work.mean().to_dict(), "n": len(work)}], index=pd.Index(["overall"]))
    else:
        for column in groups:
            work[column] = frame[column].to_numpy()
        grouped = work.groupby(groups, sort=True)
        out = grouped[["expectation", "perception", "gap"]].mean()
        out["n"] = grouped.size()
    out["n"] = out["n"].astype("int64")
    return out.sort_values("gap", kind="stable")


OUTCOMES = ("dissatisfied", "satisfied", "highly satisfied")


def gap_outcome(s, *, tolerance: float = 0.0):
    """The course's three outcomes of comparing perception with expectation.

    ======================  ==============================================
    S = P - E               outcome
    ======================  ==============================================
    below ``-tolerance``    ``"dissatisfied"`` (disappointment)
    within ``±tolerance``   ``"satisfied"`` (expectation met)
    above ``+tolerance``    ``"highly satisfied"`` (物超所值, more than paid for)
    ======================  ==============================================

    ``tolerance`` (points, >= 0) treats small gaps as "met"; the course gives none,
    so the default is 0.  A scalar gives a string, a sequence an array of strings.

    >>> gap_outcome(-0.4), gap_outcome(-0.4, tolerance=0.5), gap_outcome(1)
    ('dissatisfied', 'satisfied', 'highly satisfied')
    """
    tol = non_negative(tolerance, "tolerance")
    scalar = np.ndim(s) == 0
    try:
        values = np.atleast_1d(np.asarray(s, dtype=float))
    except (TypeError, ValueError):
        raise ValueError("s must contain only numbers") from None
    if values.size == 0:
        raise ValueError("s must not be empty")
    if not np.all(np.isfinite(values)):
        raise ValueError("s must contain only finite gaps")
    labels = np.where(values < -tol, OUTCOMES[0], np.where(values > tol, OUTCOMES[2], OUTCOMES[1]))
    return str(labels[0]) if scalar else labels.astype(object)


def zone_of_tolerance(perception, adequate, desired, *, scale: tuple[float, float] = (1, 9)) -> pd.DataFrame:
    """Where each perception falls against the customer's zone of tolerance.

    The zone runs from *adequate* service (适当服务, the least the customer will
    accept) up to *desired* service (理想服务, what they hope for)
    (Zeithaml, Berry and Parasuraman 1993).  Two gaps locate a perception:

    .. math::

        \\text{adequacy} = P - A, \\qquad \\text{superiority} = P - D

    (Parasuraman, Zeithaml and Berry 1994 call them MSA and MSS).

    Parameters
    ----------
    perception, adequate, desired : sequence of int
        One value per response, on one scale (points).  ``desired >= adequate``.
    scale : (low, high)
        The rating scale.

    Returns
    -------
    pandas.DataFrame
        Columns ``adequacy`` and ``superiority`` (points) and ``position``:
        ``"below adequate"`` (a bad perception), ``"within zone"`` (boundaries
        included) or ``"above desired"``.

    >>> zone_of_tolerance([4, 6, 9], adequate=[5, 5, 5], desired=[8, 8, 8])["position"].tolist()
    ['below adequate', 'within zone', 'above desired']
    """
    p = _scores(perception, "perception", scale)
    a = _scores(adequate, "adequate", scale)
    d = _scores(desired, "desired", scale)
    _same_length("adequate", a, p, "perception")
    _same_length("desired", d, p, "perception")
    if np.any(d < a):
        i = int(np.flatnonzero(d < a)[0])
        raise ValueError(f"desired={d[i]:g} is below adequate={a[i]:g} (response {i}); desired must be >= adequate")
    position = np.where(p < a, "below adequate", np.where(p > d, "above desired", "within zone"))
    return pd.DataFrame({"adequacy": p - a, "superiority": p - d, "position": position.astype(object)})


# --------------------------------------------------------------------------------------------
# CSAT and NPS, with bootstrap intervals
# --------------------------------------------------------------------------------------------
class Interval(NamedTuple):
    """A point estimate with a confidence interval and the sample size behind it."""

    estimate: float
    low: float
    high: float
    n: int


def csat(scores, *, scale: tuple[int, int] = (1, 5), satisfied_from: int = 4) -> float:
    """Customer satisfaction score: percentage of ratings at or above ``satisfied_from``.

    .. math::

        \\text{CSAT} = 100 \\times \\frac{\\#\\{i : x_i \\ge k\\}}{n}

    On the usual 1-5 scale with :math:`k = 4` this is the "top-two-box" share of
    satisfied and very satisfied customers (percent).

    >>> csat([5, 4, 3, 2, 5])
    60.0
    """
    x = _scores(scores, "scores", scale)
    low, high = _scale(scale)
    k = finite(satisfied_from, "satisfied_from")
    if not low <= k <= high:
        raise ValueError(f"satisfied_from={satisfied_from!r} must be on the scale {low:g} to {high:g}")
    return float(100.0 * np.mean(x >= k))


def nps_category(scores) -> np.ndarray:
    """Promoter (9-10), passive (7-8) or detractor (0-6) for answers on the 0-10 scale.

    >>> nps_category([10, 8, 6]).tolist()
    ['promoter', 'passive', 'detractor']
    """
    x = _scores(scores, "scores", (0, 10))
    return np.where(x >= 9, "promoter", np.where(x >= 7, "passive", "detractor")).astype(object)


def nps(scores) -> float:
    """Net Promoter Score: percent promoters minus percent detractors (Reichheld 2003).

    Answers to "How likely is it that you would recommend us to a friend or
    colleague?" on the 0-10 scale: 9-10 are promoters, 0-6 detractors.

    .. math::

        \\text{NPS} = 100 \\times \\frac{n_{9\\text{-}10} - n_{0\\text{-}6}}{n}
                    = 100 \\times \\overline{c}, \\quad
        c_i = \\begin{cases} +1 & x_i \\ge 9 \\\\ -1 & x_i \\le 6 \\\\ 0 & \\text{else} \\end{cases}

    so it runs from -100 (all detractors) to +100 (all promoters).

    >>> nps([10, 10, 9, 8, 3])
    40.0
    """
    x = _scores(scores, "scores", (0, 10))
    return float(100.0 * (np.mean(x >= 9) - np.mean(x <= 6)))


def bootstrap_ci(
    values,
    statistic: Callable[[np.ndarray], float],
    *,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
) -> Interval:
    """Percentile bootstrap confidence interval of ``statistic`` (Efron and Tibshirani 1993).

    Draw ``n_resamples`` samples of size :math:`n` with replacement from ``values``
    using ``numpy.random.default_rng(seed)``, compute the statistic on each, and
    take the :math:`(1-c)/2` and :math:`(1+c)/2` quantiles.  The same seed gives the
    same interval.

    Parameters
    ----------
    values : sequence of float
        The sample (non-empty, finite).
    statistic : callable
        Maps a 1-D array to a number (``nps``, ``csat``, ``numpy.mean``, ...).
    n_resamples : int
        Number of bootstrap samples, >= 100.
    confidence : float
        Coverage of the interval, strictly between 0 and 1.
    seed : int
        Seed of the random generator.

    Returns
    -------
    Interval
        ``estimate`` (the statistic on the full sample), ``low``, ``high``, ``n``.

    >>> ci = bootstrap_ci([3, 4, 5, 5, 4, 2, 5], np.mean, seed=1)
    >>> ci.low < ci.estimate < ci.high
    True
    """
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("values must contain only numbers") from None
    if x.ndim != 1 or x.size == 0:
        raise ValueError("values must be a non-empty sequence")
    if not np.all(np.isfinite(x)):
        raise ValueError("values must contain only finite numbers")
    if not callable(statistic):
        raise ValueError("statistic must be a function of one array")
    b = integer(n_resamples, "n_resamples", minimum=100)
    c = fraction(confidence, "confidence", inclusive=False)
    seed = integer(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    index = rng.integers(0, x.size, size=(b, x.size))
    replicates = np.array([statistic(x[row]) for row in index], dtype=float)
    low, high = np.quantile(replicates, [(1 - c) / 2, (1 + c) / 2])
    return Interval(float(statistic(x)), float(low), float(high), int(x.size))


def nps_ci(scores, *, n_resamples: int = 2000, confidence: float = 0.95, seed: int = 2026) -> Interval:
    """NPS with a percentile bootstrap interval (points, -100 to 100).

    >>> ci = nps_ci([10] * 6 + [8] * 2 + [3] * 2, seed=7)
    >>> ci.estimate, ci.n
    (40.0, 10)
    """
    x = _scores(scores, "scores", (0, 10))
    return bootstrap_ci(x, nps, n_resamples=n_resamples, confidence=confidence, seed=seed)


def csat_ci(
    scores,
    *,
    scale: tuple[int, int] = (1, 5),
    satisfied_from: int = 4,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
) -> Interval:
    """CSAT (percent) with a percentile bootstrap interval.

    >>> csat_ci([5, 4, 3, 2, 5], seed=3).estimate
    60.0
    """
    x = _scores(scores, "scores", scale)
    csat(x, scale=scale, satisfied_from=satisfied_from)  # validates satisfied_from

    def statistic(sample: np.ndarray) -> float:
        return float(100.0 * np.mean(sample >= satisfied_from))

    return bootstrap_ci(x, statistic, n_resamples=n_resamples, confidence=confidence, seed=seed)


def score_table(
    frame: pd.DataFrame,
    by: str,
    column: str,
    *,
    metric: str = "nps",
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 2026,
    **options,
) -> pd.DataFrame:
    """NPS or CSAT with bootstrap intervals for each group of a survey.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent.
    by : str
        Column that names the group (branch, segment, ...).
    column : str
        Column holding the scores.
    metric : {"nps", "csat"}
        Which score.  ``options`` go to :func:`csat_ci` (``scale``, ``satisfied_from``).
    n_resamples, confidence, seed
        As in :func:`bootstrap_ci`; every group uses the same seed.

    Returns
    -------
    pandas.DataFrame
        Index: the groups in sorted order; columns ``estimate``, ``low``, ``high``
        (points) and ``n``.
    """
    _columns(frame, "frame", [])
    if by not in frame.columns:
        raise ValueError(f"by={by!r} is not a column of frame")
    if column not in frame.columns:
        raise ValueError(f"column={column!r} is not a column of frame")
    if metric not in ("nps", "csat"):
        raise ValueError(f"metric={metric!r} must be one of ['nps', 'csat']")
    rows = {}
    for group, part in frame.groupby(by, sort=True):
        values = part[column].to_numpy()
        if metric == "nps":
            rows[group] = nps_ci(values, n_resamples=n_resamples, confidence=confidence, seed=seed)
        else:
            rows[group] = csat_ci(values, n_resamples=n_resamples, confidence=confidence, seed=seed, **options)
    out = pd.DataFrame.from_dict({k: v._asdict() for k, v in rows.items()}, orient="index")
    out.index.name = by
    return out


def loyalty_curve(satisfaction, repurchased, *, scale: tuple[int, int] = (1, 5), confidence: float = 0.95) -> pd.DataFrame:
    """Repurchase rate at each satisfaction level, with Wilson score intervals.

    Jones and Sasser (1995) found the curve far from straight: "completely
    satisfied" customers are much more loyal than merely "satisfied" ones.  Each
    level's rate is :math:`\\hat p = x/n` with the Wilson interval

    .. math::

        \\frac{\\hat p + \\frac{z^2}{2n} \\pm z\\sqrt{\\frac{\\hat p(1-\\hat p)}{n} + \\frac{z^2}{4n^2}}}
             {1 + \\frac{z^2}{n}} .

    Parameters
    ----------
    satisfaction : sequence of int
        Each customer's satisfaction rating on ``scale``.
    repurchased : sequence of bool or 0/1
        Whether that customer bought again in the follow-up period.
    scale : (low, high)
        The satisfaction scale.
    confidence : float
        Coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per satisfaction level that occurs: ``n``, ``repurchased``,
        ``rate``, ``low``, ``high`` (shares, 0-1).

    >>> loyalty_curve([5, 5, 4, 4, 4, 1], [1, 1, 1, 0, 0, 0])["rate"].round(3).tolist()
    [0.0, 0.333, 1.0]
    """
    from scipy.stats import norm

    s = _scores(satisfaction, "satisfaction", scale)
    r = np.asarray(repurchased)
    if r.ndim != 1 or r.size == 0:
        raise ValueError("repurchased must be a non-empty sequence of True/False")
    _same_length("repurchased", r, s, "satisfaction")
    try:
        r = r.astype(float)
    except (TypeError, ValueError):
        raise ValueError("repurchased must contain only True/False or 0/1") from None
    if not np.all((r == 0) | (r == 1)):
        raise ValueError("repurchased must contain only True/False or 0/1")
    c = fraction(confidence, "confidence", inclusive=False)
    z = float(norm.ppf(0.5 + c / 2))
    table = pd.DataFrame({"level": s, "r": r}).groupby("level")["r"].agg(["size", "sum"])
    n = table["size"].to_numpy(dtype=float)
    x = table["sum"].to_numpy(dtype=float)
    p = x / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    out = pd.DataFrame(
        {"n": n.astype("int64"), "repurchased": x.astype("int64"), "rate": p, "low": centre - half, "high": centre + half},
        index=pd.Index(table.index.astype("int64"), name="satisfaction"),
    )
    return out


# --------------------------------------------------------------------------------------------
# The service-visibility funnel of the course's handbook
# --------------------------------------------------------------------------------------------
#: Stages of the visibility funnel, in order: target group, then the four customer-side stages.
FUNNEL_STAGES = ("target", "aware", "interested", "tried", "perceived_well")
#: The four rates, keyed by the stage they measure.
FUNNEL_RATES = {"aware": "awareness", "interested": "interest", "tried": "experience", "perceived_well": "perception"}


def _funnel_counts(counts: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(counts, (Mapping, pd.Series)):
        raise ValueError(f"counts must map each stage {list(FUNNEL_STAGES)} to a number of customers")
    values = {}
    for stage in FUNNEL_STAGES:
        if stage not in counts:
            raise ValueError(f"counts has no stage {stage!r}; it needs {list(FUNNEL_STAGES)}")
        values[stage] = non_negative(counts[stage], f"counts[{stage!r}]")
    if values["target"] == 0:
        raise ValueError("counts['target'] must be > 0: the target group is empty")
    for before, after in zip(FUNNEL_STAGES, FUNNEL_STAGES[1:]):
        if values[after] > values[before]:
            raise ValueError(
                f"counts[{after!r}]={values[after]:g} exceeds counts[{before!r}]={values[before]:g}; "
                "each stage must be reached through the one before it"
            )
    return values


def funnel_rates(counts: Mapping[str, float], *, definition: str = "handbook") -> pd.DataFrame:
    """The four visibility rates of the handbook's funnel, and what leaks at each step.

    The handbook defines, among the respondents of an initiative's target group,

    ==============  ============================================  =======================
    rate            handbook's formula                            stage-to-stage reading
    ==============  ============================================  =======================
    awareness       aware / target                                same
    interest        interested / aware                            same
    experience      tried / **aware** (as written)                tried / interested
    perception      perceived well / those who formed a view      same (view = tried)
    ==============  ============================================  =======================

    The handbook divides the experience rate by the *aware* group, which makes it
    interest rate x stage-to-stage experience rate: two leaks in one number.  We
    take "those who formed a perception" to be those who tried.  ``definition``
    chooses ``"handbook"`` (as written) or ``"stagewise"``.

    Parameters
    ----------
    counts : mapping
        Customers at each stage: ``target``, ``aware``, ``interested``, ``tried``,
        ``perceived_well`` (each stage a subset of the one before).
    definition : {"handbook", "stagewise"}
        Denominator of the experience rate.

    Returns
    -------
    pandas.DataFrame
        Index: the four rates; columns ``count`` (customers reaching the stage),
        ``denominator`` (stage divided by), ``rate`` (0-1), ``lost`` (customers of
        the previous stage who did not reach this one) and ``leak`` (lost / previous
        stage, 0-1).  ``lost`` and ``leak`` are always stage to stage.

    >>> counts = {"target": 1000, "aware": 600, "interested": 300, "tried": 150, "perceived_well": 120}
    >>> funnel_rates(counts)["rate"].tolist()
    [0.6, 0.5, 0.25, 0.8]
    >>> funnel_rates(counts, definition="stagewise")["rate"].tolist()
    [0.6, 0.5, 0.5, 0.8]
    """
    values = _funnel_counts(counts)
    if definition not in ("handbook", "stagewise"):
        raise ValueError(f"definition={definition!r} must be one of ['handbook', 'stagewise']")
    rows = []
    for before, stage in zip(FUNNEL_STAGES, FUNNEL_STAGES[1:]):
        denominator = "aware" if (stage == "tried" and definition == "handbook") else before
        d = values[denominator]
        lost = values[before] - values[stage]
        rows.append(
            {
                "rate_name": FUNNEL_RATES[stage],
                "count": values[stage],
                "denominator": denominator,
                "rate": values[stage] / d if d > 0 else np.nan,
                "lost": lost,
                "leak": lost / values[before] if values[before] > 0 else np.nan,
            }
        )
    out = pd.DataFrame(rows).set_index("rate_name")
    out.index.name = "rate"
    if all(float(v).is_integer() for v in values.values()):
        out[["count", "lost"]] = out[["count", "lost"]].astype("int64")
    return out


def leakiest_stage(counts: Mapping[str, float]) -> str:
    """The rate whose step loses the largest share of the customers who reached it.

    The "drip" (滴漏效应) is measured stage to stage (lost / previous stage), so a
    step is not blamed for losses further up the funnel.  Ties go to the earlier step.

    >>> leakiest_stage({"target": 1000, "aware": 600, "interested": 300, "tried": 150, "perceived_well": 120})
    'interest'
    """
    table = funnel_rates(counts, definition="stagewise")
    leaks = table["leak"].fillna(-1.0)
    return str(leaks.idxmax())


def funnel_from_survey(
    survey: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    stages: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Funnel counts, rates and the leakiest step for each group of a respondent-level survey.

    Every row of ``survey`` is one respondent of the target group, with True/False
    columns for reaching each stage.  A respondent flagged at a stage must be
    flagged at every earlier stage; otherwise the survey is refused.

    Parameters
    ----------
    survey : pandas.DataFrame
        Columns ``aware``, ``interested``, ``tried``, ``perceived_well`` (booleans)
        plus the grouping columns.
    by : str, list of str or None
        Group by these columns (segment, channel, ...); None gives one row, ``all``.
    stages : mapping, optional
        Other column names for the four stages, e.g. ``{"aware": "knows_it"}``.

    Returns
    -------
    pandas.DataFrame
        One row per group: the five counts, the handbook's four rates
        (``awareness``, ``interest``, ``experience`` with the aware group as
        denominator, ``perception``), ``experience_stagewise`` (tried / interested),
        ``overall`` (perceived well / target) and ``leakiest`` (see
        :func:`leakiest_stage`).

    >>> survey = pd.DataFrame({"aware": [1, 1, 1, 0], "interested": [1, 1, 0, 0],
    ...                        "tried": [1, 0, 0, 0], "perceived_well": [1, 0, 0, 0]})
    >>> funnel_from_survey(survey)[["awareness", "interest", "experience", "overall"]].round(3).iloc[0].tolist()
    [0.75, 0.667, 0.333, 0.25]
    """
    names = {stage: stage for stage in FUNNEL_STAGES[1:]}
    if stages is not None:
        unknown = set(stages) - set(names)
        if unknown:
            raise ValueError(f"stages has unknown keys {sorted(unknown)}; use {list(names)}")
        names.update(stages)
    groups = [] if by is None else ([by] if isinstance(by, str) else list(by))
    _columns(survey, "survey", list(names.values()))
    for column in groups:
        if column not in survey.columns:
            raise ValueError(f"by={column!r} is not a column of survey")
    flags = {}
    for stage, column in names.items():
        values = survey[column].to_numpy()
        try:
            numeric = values.astype(float)
        except (TypeError, ValueError):
            raise ValueError(f"survey column {column!r} must hold True/False") from None
        if not np.all((numeric == 0) | (numeric == 1)):
            raise ValueError(f"survey column {column!r} must hold True/False")
        flags[stage] = numeric.astype(bool)
    order = list(names)
    for before, stage in zip(order, order[1:]):
        broken = flags[stage] & ~flags[before]
        if broken.any():
            row = int(np.flatnonzero(broken)[0])
            raise ValueError(
                f"survey column {names[stage]!r} is True in row {row} where {names[before]!r} is False; "
                "a respondent can only reach a stage through the one before it"
            )
    work = pd.DataFrame({stage: flags[stage] for stage in order})
    work.insert(0, "target", True)
    if groups:
        for column in groups:
            work[column] = survey[column].to_numpy()
        counts = work.groupby(groups, sort=True)[list(FUNNEL_STAGES)].sum()
    else:
        counts = pd.DataFrame([work[list(FUNNEL_STAGES)].sum()], index=pd.Index(["all"]))
    counts = counts.astype("int64")
    rows = []
    for _, row in counts.iterrows():
        c = row.to_dict()
        hb = funnel_rates(c)["rate"]
        rows.append(
            {
                "awareness": hb["awareness"],
                "interest": hb["interest"],
                "experience": hb["experience"],
                "perception": hb["perception"],
                "experience_stagewise": c["tried"] / c["interested"] if c["interested"] else np.nan,
                "overall": c["perceived_well"] / c["target"],
                "leakiest": leakiest_stage(c),
            }
        )
    rates = pd.DataFrame(rows, index=counts.index)
    return pd.concat([counts, rates], axis=1)


# --------------------------------------------------------------------------------------------
# Kano: what delights, what is merely expected
# --------------------------------------------------------------------------------------------
#: The five answers to each Kano question, in the order of the evaluation table.
KANO_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
#: Kano categories: Attractive, One-dimensional, Must-be, Indifferent, Reverse, Questionable.
KANO_CATEGORIES = {
    "A": "attractive",
    "O": "one-dimensional",
    "M": "must-be",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
#: The standard Kano evaluation table (Berger et al. 1993): rows are the answer to the
#: functional question ("if the hotel has this, how do you feel?"), columns the answer to the
#: dysfunctional question ("if it does not, how do you feel?").
KANO_TABLE = pd.DataFrame(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ],
    index=pd.Index(KANO_ANSWERS, name="functional"),
    columns=pd.Index(KANO_ANSWERS, name="dysfunctional"),
)
#: Tie-break among equally frequent categories, by their weight on product decisions
#: (must-be first): M > O > A > I, then R and Q.
_KANO_PRIORITY = ("M", "O", "A", "I", "R", "Q")

#: The handbook's four service classes with the Kano category each behaves like.
SERVICE_CLASSES = pd.DataFrame(
    {
        "chinese": ["基础服务", "标准服务", "延伸服务", "情感服务"],
        "kano": ["M", "O", "A", "O (emotional gesture)"],
        "if_done_well": ["no gain", "up if rivals lag", "up", "strongly up"],
        "if_not_done": ["strong dissatisfaction", "down if rivals do it", "no drop", "down"],
        "management_label": ["urgent and important", "one step ahead", "icing on the cake", "personalised"],
    },
    index=pd.Index(["basic", "standard", "extended", "emotional"], name="service_class"),
)


def _kano_answer(value, name: str) -> str:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in KANO_ANSWERS:
            return text
        raise ValueError(f"{name}={value!r} must be one of {list(KANO_ANSWERS)} or a code 1-5")
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}={value!r} must be one of {list(KANO_ANSWERS)} or a code 1-5")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} must be one of {list(KANO_ANSWERS)} or a code 1-5") from None
    if number not in (1, 2, 3, 4, 5):
        raise ValueError(f"{name}={value!r} must be one of {list(KANO_ANSWERS)} or a code 1-5")
    return KANO_ANSWERS[int(number) - 1]


def kano_category(functional, dysfunctional):
    """Kano category from one pair of answers, by the standard evaluation table.

    Answers are ``"like"``, ``"must-be"`` (I expect it), ``"neutral"``,
    ``"live-with"`` or ``"dislike"``, or their codes 1-5 in that order.  Scalars
    give a letter (A, O, M, I, R, Q); sequences give an array of letters.

    >>> kano_category("like", "neutral"), kano_category("neutral", "dislike"), kano_category(1, 1)
    ('A', 'M', 'Q')
    """
    scalar = np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0
    f = np.atleast_1d(np.asarray(functional, dtype=object))
    d = np.atleast_1d(np.asarray(dysfunctional, dtype=object))
    if f.size == 0:
        raise ValueError("functional must not be empty")
    if f.size != d.size:
        raise ValueError(f"dysfunctional has {d.size} answers but functional has {f.size}")
    letters = np.array(
        [KANO_TABLE.at[_kano_answer(a, "functional"), _kano_answer(b, "dysfunctional")] for a, b in zip(f, d)],
        dtype=object,
    )
    return str(letters[0]) if scalar else letters


def kano_summary(
    frame: pd.DataFrame,
    by: str | Sequence[str] = "attribute",
    *,
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    emotional: Iterable[str] = (),
) -> pd.DataFrame:
    """Count Kano categories per attribute; the modal category, Better/Worse and service class.

    The category of an attribute is the most frequent answer category (ties broken
    M > O > A > I > R > Q).  Berger et al. (1993) also give the customer-satisfaction
    coefficients

    .. math::

        \\text{Better} = \\frac{A + O}{A + O + M + I}, \\qquad
        \\text{Worse} = -\\frac{O + M}{A + O + M + I},

    the share of customers whom the feature would please, and (with a minus sign)
    whom its absence would displease.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per (respondent, attribute) with the two answers.
    by : str or list of str
        Column(s) naming the attribute (add "segment" to compare segments).
    functional, dysfunctional : str
        Answer columns.
    emotional : iterable of str
        Attributes that are emotional gestures (birthday greetings, greeting by
        name); see :func:`service_class`.

    Returns
    -------
    pandas.DataFrame
        Counts ``A, O, M, I, R, Q``, ``n``, ``category``, ``better``, ``worse`` and
        ``service_class``, one row per attribute (or attribute and segment).

    >>> survey = pd.DataFrame({"attribute": ["bill"] * 3,
    ...                        "functional": ["neutral", "must-be", "like"],
    ...                        "dysfunctional": ["dislike", "dislike", "dislike"]})
    >>> row = kano_summary(survey).loc["bill"]
    >>> int(row["M"]), int(row["O"]), row["category"], round(float(row["better"]), 3), float(row["worse"])
    (2, 1, 'M', 0.333, -1.0)
    """
    groups = [by] if isinstance(by, str) else list(by)
    _columns(frame, "frame", [functional, dysfunctional])
    for column in groups:
        if column not in frame.columns:
            raise ValueError(f"by={column!r} is not a column of frame")
    emotional = set(emotional)
    letters = kano_category(frame[functional].to_numpy(), frame[dysfunctional].to_numpy())
    work = frame[groups].copy()
    work["category"] = letters
    counts = work.groupby(groups + ["category"], sort=True).size().unstack("category", fill_value=0)
    for letter in KANO_CATEGORIES:
        if letter not in counts.columns:
            counts[letter] = 0
    counts = counts[list(KANO_CATEGORIES)].astype("int64")
    counts.columns.name = None
    counts["n"] = counts[list(KANO_CATEGORIES)].sum(axis=1)
    order = list(_KANO_PRIORITY)

    def modal(row) -> str:
        best = max(row[letter] for letter in order)
        return next(letter for letter in order if row[letter] == best)

    counts["category"] = counts.apply(modal, axis=1)
    core = counts[["A", "O", "M", "I"]].sum(axis=1).astype(float).replace(0.0, np.nan)
    counts["better"] = (counts["A"] + counts["O"]) / core
    counts["worse"] = -(counts["O"] + counts["M"]) / core
    attribute_level = counts.index.get_level_values(0) if counts.index.nlevels > 1 else counts.index
    counts["service_class"] = [
        service_class(cat, emotional=attr in emotional) for cat, attr in zip(counts["category"], attribute_level)
    ]
    return counts


def service_class(category: str, *, emotional: bool = False) -> str:
    """The handbook's service class that a Kano category behaves like.

    =====================  =======================================================
    Kano category          service class
    =====================  =======================================================
    M, must-be             ``"basic"``: no credit when done, strong blame when not
    O, one-dimensional     ``"standard"``; ``"emotional"`` if ``emotional=True``
    A, attractive          ``"extended"``: lifts perception, no drop if absent
    I, R, Q                ``"none"``: not worth offering as it stands
    =====================  =======================================================

    The questionnaire cannot tell a standard feature from an emotional gesture: both
    please when present and disappoint when absent.  What the initiative *is* (a
    function the industry offers, or a personal gesture) decides, hence ``emotional``.
    This mapping is our reading; the handbook does not name Kano.

    >>> service_class("M"), service_class("O"), service_class("O", emotional=True), service_class("I")
    ('basic', 'standard', 'emotional', 'none')
    """
    if category not in KANO_CATEGORIES:
        raise ValueError(f"category={category!r} must be one of {list(KANO_CATEGORIES)}")
    if category == "M":
        return "basic"
    if category == "O":
        return "emotional" if emotional else "standard"
    if category == "A":
        return "extended"
    return "none"
