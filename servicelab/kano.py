"""Kano's questions: which service features delight, which are merely expected, and the handbook's service classes.

Kano asks each customer two questions about a feature: how do you feel if it is there
(functional), and if it is not (dysfunctional)?  The pair of answers places the feature
as attractive, one-dimensional, must-be, indifferent, reverse or questionable
(:func:`kano_category`, by the standard evaluation table :data:`KANO_TABLE`).  Over a
survey, each feature gets its modal category and Berger's Better and Worse coefficients
(:func:`kano_summary`), and a measure of how clearly that category beats the runner-up
(:func:`category_strength`: the share gap with its interval, and Fong's test).  The service-visibility handbook sorts services into four classes
(basic, standard, extended, emotional); :func:`service_class` maps a Kano category to the
class it behaves like, a mapping that is ours (the handbook does not name Kano).

>>> kano_category("like", "dislike")
'O'
>>> service_class("M")
'basic'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from servicelab._validate import columns

__all__ = ["KANO_ANSWERS", "KANO_CATEGORIES", "KANO_TABLE", "SERVICE_CLASSES", "category_strength", "kano_category",
           "kano_summary", "service_class"]


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

    ::

        Better = (A + O) / (A + O + M + I),
        Worse = -(O + M) / (A + O + M + I),

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
    columns(frame, "frame", [functional, dysfunctional])
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



def category_strength(
    frame: pd.DataFrame,
    by: str | Sequence[str] = "attribute",
    *,
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """How clearly each attribute's most frequent Kano category beats the runner-up.

    A modal category is only a label: an attribute with 140 attractive and 132
    one-dimensional answers out of 400 is not "attractive" in any useful sense.  Two
    measures say how far to trust the label.

    - **Category strength**, the share gap between the first and second categories
      (Lee and Newcomb 1997), with a Wald interval for a difference of two shares of one
      multinomial sample::

          d = (a - b) / n,   se = sqrt((a/n + b/n - d^2) / n),   d +/- z se

    - **Fong's test** (Fong 1996): the two counts differ significantly when::

          |a - b| > Q = 1.65 sqrt((a + b)(2n - a - b) / (2n))

    (a, b: counts of the first and second categories, n: answers of the attribute).
    When the test fails, the attribute is a mix of the two categories, and the
    decision should not rest on the label alone.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per (respondent, attribute) with the two answers.
    by : str or list of str
        Column(s) naming the attribute (add "segment" to split by segment).
    functional, dysfunctional : str
        Answer columns.
    confidence : float
        Coverage of the interval of the strength.

    Returns
    -------
    pandas.DataFrame
        One row per attribute: ``first`` and ``second`` (category letters, ties broken
        M > O > A > I > R > Q as in :func:`kano_summary`), their counts ``n_first`` and
        ``n_second``, ``n``, ``strength`` (share gap, 0-1) with ``low`` and ``high``,
        ``fong_q`` (answers) and ``distinct`` (True when |a - b| > Q).

    References
    ----------
    Fong (1996), "Using the self-stated importance questionnaire to interpret Kano
    questionnaire results", *Center for Quality of Management Journal* 5(3), 21-24;
    Lee and Newcomb (1997), "Applying the Kano methodology to meet customer requirements:
    NASA's microgravity science program", *Quality Management Journal* 4(3), 95-110.

    >>> survey = pd.DataFrame({"attribute": ["tea"] * 10,
    ...                        "functional": ["like"] * 7 + ["neutral"] * 3,
    ...                        "dysfunctional": ["neutral"] * 6 + ["dislike"] + ["neutral"] * 3})
    >>> row = category_strength(survey).loc["tea"]
    >>> row["first"], row["second"], round(float(row["strength"]), 2), round(float(row["fong_q"]), 2), bool(row["distinct"])
    ('A', 'I', 0.3, 3.67, False)
    """
    from scipy import stats as _scipy_stats

    from servicelab._validate import fraction

    c = fraction(confidence, "confidence", inclusive=False)
    z = float(_scipy_stats.norm.ppf((1 + c) / 2))
    counts = kano_summary(frame, by, functional=functional, dysfunctional=dysfunctional)
    rows = []
    for _, row in counts.iterrows():
        ordered = sorted(_KANO_PRIORITY, key=lambda letter: (-row[letter], _KANO_PRIORITY.index(letter)))
        first, second = ordered[0], ordered[1]
        a, b, n = int(row[first]), int(row[second]), int(row["n"])
        d = (a - b) / n
        se = np.sqrt(max(a / n + b / n - d * d, 0.0) / n)
        q = 1.65 * np.sqrt((a + b) * (2 * n - a - b) / (2 * n))
        rows.append({"first": first, "second": second, "n_first": a, "n_second": b, "n": n, "strength": d,
                     "low": d - z * se, "high": d + z * se, "fong_q": float(q), "distinct": bool(abs(a - b) > q)})
    return pd.DataFrame(rows, index=counts.index)
