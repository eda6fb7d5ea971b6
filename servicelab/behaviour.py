"""Customer behaviour: four ways to buy, the five-stage decision funnel, and what segments value.

Chapter 2's tools.  The course names four types of consumption behaviour (复杂型, 协调型,
变换型, 习惯型) without describing them; Assael's grid, the usual reading, sorts a purchase
by how involved the buyer is and how different the brands look to them.  The course's
five stages of a decision (引起需要, 收集信息, 评估方案, 消费决策, 购后行为) become a funnel
whose steps lose customers; two segments, such as a hotel's business and leisure guests,
are compared attribute by attribute on what they value; and stated willingness to pay
becomes a demand curve and the margin each price earns.

>>> buying_behaviour(involvement=6, brand_difference=6)
'complex'
>>> conversion_funnel([1000, 600, 300, 120, 90])["conversion"].round(2).tolist()
[1.0, 0.6, 0.5, 0.4, 0.75]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from servicelab._validate import columns as _columns
from servicelab._validate import finite, fraction, non_empty, non_negative, non_negative_values, same_length
from servicelab._validate import scale as scale_
from servicelab._validate import scores as _scores
from servicelab.stats import welch_interval

__all__ = [
    "BEHAVIOUR_TYPES",
    "DECISION_ROLES",
    "DECISION_STAGES",
    "buying_behaviour",
    "compare_segments",
    "conversion_funnel",
    "price_margins",
    "share_willing_to_pay",
    "stage_counts",
]

#: Assael's four buying behaviours (客户消费行为的类型) from involvement x perceived brand difference.
BEHAVIOUR_TYPES = pd.DataFrame(
    {
        "chinese": ["复杂型", "协调型", "变换型", "习惯型"],
        "involvement": ["high", "high", "low", "low"],
        "brand_difference": ["large", "small", "large", "small"],
        "what_the_buyer_does": [
            "searches and compares at length",
            "decides quickly, then seeks reassurance",
            "switches brands for novelty",
            "repeats the last purchase",
        ],
    },
    index=pd.Index(["complex", "dissonance-reducing", "variety-seeking", "habitual"], name="behaviour"),
)

#: The five stages of the consumption decision (客户消费决策的过程), in order.
DECISION_STAGES = ("need recognition", "information search", "evaluation", "purchase", "post-purchase")

#: The five participants in a decision (客户消费决策的参与者), in the course's words: the buyer
#: role is 客户 in the course (the person who actually makes the purchase).
DECISION_ROLES = pd.DataFrame(
    {
        "chinese": ["发起者", "影响者", "决定者", "客户", "使用者"],
        "does": [
            "first thinks of or proposes the purchase",
            "sways the final decision, directly or indirectly, with a view or opinion",
            "makes all or part of the final call: whether, what, how much, when, where",
            "makes the purchase: chooses the price and place, negotiates, closes the deal",
            "consumes or uses what was bought; judges it, and so shapes the next decision",
        ],
    },
    index=pd.Index(["initiator", "influencer", "decider", "buyer", "user"], name="role"),
)


def buying_behaviour(involvement, brand_difference, *, scale: tuple[float, float] = (1, 7), cut: float | None = None):
    """Assael's buying behaviour from involvement and perceived brand difference.

    =================  ======================  =====================
    involvement        large brand difference  small brand difference
    =================  ======================  =====================
    high               complex                 dissonance-reducing
    low                variety-seeking         habitual
    =================  ======================  =====================

    A score counts as *high* (or *large*) when it is above ``cut``, which defaults to
    the middle of the scale (4 on a 1-7 scale, so 4 itself is low).  The cut is a
    modelling choice, not Assael's; move it and see how many buyers change type.

    Parameters
    ----------
    involvement, brand_difference : float or sequence of float
        Ratings on ``scale`` (for example "how much effort did you put into choosing?"
        and "how different are the hotel brands you considered?").
    scale : (low, high)
        The rating scale.
    cut : float, optional
        Threshold inside the scale; default its midpoint.

    Returns
    -------
    str or numpy.ndarray of str
        One of ``BEHAVIOUR_TYPES.index`` per buyer.

    References
    ----------
    Assael (1987); Kotler and Keller (2016), ch. 6.

    >>> buying_behaviour([6, 6, 2, 2], [6, 2, 6, 2]).tolist()
    ['complex', 'dissonance-reducing', 'variety-seeking', 'habitual']
    """
    low, high = scale_(scale)
    threshold = (low + high) / 2 if cut is None else finite(cut, "cut")
    if not low <= threshold < high:
        raise ValueError(f"cut={cut!r} must lie in [{low:g}, {high:g})")
    scalar = np.ndim(involvement) == 0 and np.ndim(brand_difference) == 0
    inv = _scores(involvement, "involvement", (low, high))
    diff = _scores(brand_difference, "brand_difference", (low, high))
    same_length(diff, "brand_difference", inv, "involvement")
    high_inv, large_diff = inv > threshold, diff > threshold
    labels = np.where(
        high_inv,
        np.where(large_diff, "complex", "dissonance-reducing"),
        np.where(large_diff, "variety-seeking", "habitual"),
    ).astype(object)
    return str(labels[0]) if scalar else labels


def conversion_funnel(counts, stages: Sequence[str] | None = None) -> pd.DataFrame:
    """Stage-by-stage conversion of a funnel of customers.

    With N_k customers reaching stage k, the conversion into stage
    k is N_k / N_(k-1) (1 for the first stage), the share of the start
    is N_k / N_1, and N_(k-1) - N_k customers are lost on the way in.

    Parameters
    ----------
    counts : sequence of float
        Customers reaching each stage, non-increasing, first one > 0.
    stages : sequence of str, optional
        Stage names; default :data:`DECISION_STAGES` when there are five counts,
        otherwise "stage 1", "stage 2", ...

    Returns
    -------
    pandas.DataFrame
        Index: stage; columns ``count``, ``share_of_start``, ``conversion`` (0-1),
        ``lost`` (customers).

    >>> conversion_funnel([200, 150, 60], ["seen", "shortlisted", "booked"])["lost"].tolist()
    [0, 50, 90]
    """
    values = non_negative_values(np.atleast_1d(counts), "counts")
    if values[0] <= 0:
        raise ValueError(f"counts[0]={values[0]:g} must be > 0: nobody entered the funnel")
    rising = np.flatnonzero(np.diff(values) > 0)
    if rising.size:
        k = int(rising[0]) + 1
        raise ValueError(f"counts[{k}]={values[k]:g} exceeds counts[{k - 1}]={values[k - 1]:g}; a funnel cannot grow")
    if stages is None:
        names = list(DECISION_STAGES) if values.size == len(DECISION_STAGES) else [f"stage {i + 1}" for i in range(values.size)]
    else:
        names = list(stages)
        if len(names) != values.size:
            raise ValueError(f"stages has {len(names)} names but counts has {values.size} values")
    previous = np.concatenate([[values[0]], values[:-1]])
    with np.errstate(invalid="ignore", divide="ignore"):
        conversion = np.where(previous > 0, values / previous, np.nan)
    out = pd.DataFrame(
        {"count": values, "share_of_start": values / values[0], "conversion": conversion, "lost": previous - values},
        index=pd.Index(names, name="stage"),
    )
    if np.all(values == np.round(values)):
        out[["count", "lost"]] = out[["count", "lost"]].astype("int64")
    return out


def stage_counts(furthest, stages: Sequence[str] = DECISION_STAGES) -> pd.Series:
    """Customers reaching each stage, from each customer's furthest stage.

    A customer whose furthest stage is "evaluation" counts at need recognition,
    information search and evaluation.

    >>> stage_counts(["purchase", "evaluation", "need recognition"]).tolist()
    [3, 2, 2, 1, 0]
    """
    names = list(stages)
    if not names:
        raise ValueError("stages must name at least one stage")
    values = list(furthest) if not isinstance(furthest, str) else [furthest]
    if not values:
        raise ValueError("furthest must list at least one customer's furthest stage")
    position = {name: i for i, name in enumerate(names)}
    reached = np.zeros(len(names), dtype=np.int64)
    for value in values:
        if value not in position:
            raise ValueError(f"furthest has a stage {value!r} that is not one of {names}")
        reached[: position[value] + 1] += 1
    return pd.Series(reached, index=pd.Index(names, name="stage"), name="customers")


def compare_segments(
    frame: pd.DataFrame,
    by: str,
    columns: Iterable[str],
    *,
    first: str,
    second: str,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Compare two segments' mean ratings, attribute by attribute, with Welch intervals.

    For each column, the difference of means mean x_1 - mean x_2 and its
    Welch confidence interval

    ::

        (mean x_1 - mean x_2) +/- t_(nu, (1+c)/2) sqrt(s_1^2/n_1 + s_2^2/n_2),
        nu = (s_1^2/n_1 + s_2^2/n_2)^2 / ((s_1^2/n_1)^2/(n_1 - 1) + (s_2^2/n_2)^2/(n_2 - 1))

    (:func:`servicelab.stats.welch_interval`).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer.
    by : str
        Column naming the segment.
    columns : iterable of str
        Numeric columns to compare (importance ratings, say).
    first, second : str
        The two segments; each needs at least two customers.
    confidence : float
        Coverage of the intervals, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        Index: the columns; ``mean_<first>``, ``mean_<second>``, ``difference``,
        ``low``, ``high``; sorted by difference, largest first.

    >>> guests = pd.DataFrame({"segment": ["b", "b", "b", "l", "l", "l"], "desk": [7, 6, 7, 3, 4, 3]})
    >>> compare_segments(guests, "segment", ["desk"], first="b", second="l")["difference"].round(2).tolist()
    [3.33]
    """
    columns_ = list(columns)
    if not columns_:
        raise ValueError("columns must name at least one column to compare")
    _columns(frame, "frame", [by, *columns_])
    c = fraction(confidence, "confidence", inclusive=False)
    parts = {}
    for name, label in (("first", first), ("second", second)):
        part = frame[frame[by] == label]
        if len(part) < 2:
            raise ValueError(f"{name}={label!r} has {len(part)} rows in column {by!r}; need at least 2")
        parts[name] = part
    rows = {}
    for column in columns_:
        try:
            x = parts["first"][column].to_numpy(dtype=float)
            y = parts["second"][column].to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"frame[{column!r}] must be numeric") from None
        d = welch_interval(non_empty(x, f"frame[{column!r}]"), non_empty(y, f"frame[{column!r}]"), confidence=c)
        rows[column] = {f"mean_{first}": x.mean(), f"mean_{second}": y.mean(), "difference": d.estimate,
                        "low": d.low, "high": d.high}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "attribute"
    return out.sort_values("difference", ascending=False, kind="stable")


def share_willing_to_pay(willingness, prices) -> pd.Series:
    """Share of customers whose willingness to pay is at least each price.

    ::

        D(p) = #{i : w_i >= p} / n

    the demand curve implied by stated willingness to pay (a reservation price per
    customer).

    Parameters
    ----------
    willingness : sequence of float
        Each customer's highest acceptable price (yuan), >= 0.
    prices : sequence of float
        Prices to evaluate (yuan), >= 0.

    Returns
    -------
    pandas.Series
        Share (0-1) indexed by price.

    >>> share_willing_to_pay([300, 500, 800, 1200], [400, 800]).tolist()
    [0.75, 0.5]
    """
    w = non_negative_values(np.atleast_1d(willingness), "willingness")
    p = non_negative_values(np.atleast_1d(prices), "prices")
    share = (w[None, :] >= p[:, None]).mean(axis=1)
    return pd.Series(share, index=pd.Index(p, name="price"), name="share_willing")


def price_margins(willingness, prices, unit_cost: float = 0.0) -> pd.DataFrame:
    """Share of customers who would buy at each price, and the margin each price earns.

    With stated willingness to pay w_i of n customers and a cost c per unit sold::

        D(p)      = #{i : w_i >= p} / n          (share willing to pay p)
        margin(p) = D(p) x (p - c)               (margin per customer asked)

    The price with the largest ``margin_per_customer`` earns the most from this group of
    customers when each buys one unit and nothing else limits sales (no capacity limit, no
    competitor's reply).  Stated willingness to pay tends to overstate what people pay, so
    read the result as a first estimate.

    Parameters
    ----------
    willingness : sequence of float
        Each customer's highest acceptable price (yuan), >= 0.
    prices : sequence of float
        Prices to evaluate (yuan), >= 0.
    unit_cost : float
        Cost of one unit sold (yuan), >= 0: for a hotel room, the cost of an occupied room night.

    Returns
    -------
    pandas.DataFrame
        Index: price; columns ``share_willing`` (0-1) and ``margin_per_customer`` (yuan).

    >>> table = price_margins([300, 500, 800, 1200], [400, 800], unit_cost=100)
    >>> table["margin_per_customer"].tolist()
    [225.0, 350.0]
    """
    cost = non_negative(unit_cost, "unit_cost")
    share = share_willing_to_pay(willingness, prices)
    out = pd.DataFrame({"share_willing": share.to_numpy()}, index=share.index)
    out["margin_per_customer"] = out["share_willing"] * (out.index.to_numpy(dtype=float) - cost)
    return out
