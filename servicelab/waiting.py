"""Waiting as customers feel it: a perceived-wait teaching model.

From the course slides' Chapter 6: to shorten the waiting time as it feels (缩短客户心理排队
时间), the course lists seven propositions, each "a ... wait feels shorter than a ... one"
(...的排队感觉比...的排队时间短): a wait that is filled (充实) rather than boring (无聊),
relaxed and pleasant (轻松愉快) rather than anxious and painful (焦虑痛苦), of a known length
(确定长度) rather than an unknown one, with its reason known (了解原因) rather than unknown,
reasonable (合理) rather than unreasonable, shared with a group (集体) rather than alone
(孤独), fair (公平) rather than unfair.  :data:`PROPOSITIONS` holds each item with the
course's own sentence.  The seven closely follow Maister (1985), whose list has eight; we
add his "pre-process waits feel longer than in-process waits" as an extension (its Chinese
label is ours).  The model turns each proposition into a *multiplier* on the actual
wait::

    perceived wait = actual wait x product of m_i over the propositions i NOT met,   m_i >= 1

**The multipliers are illustrative parameters chosen by the book's authors, not measured
constants.**  Maister stated his propositions qualitatively.  Field and laboratory
studies (Katz, Larson and Larson 1991; Taylor 1994; Hui and Tse 1996) support their
direction for some settings, but report effects that depend on the setting and on the
length of the wait, and that often show up in how a wait is *rated* rather than in how
long it is thought to be.  Treat the numbers as knobs for thinking, not as predictions,
and replace them with your own measurements (ask customers how long they think they
waited, and time them) before relying on them.  The multiplicative form, which treats the
propositions as independent, is also an assumption.

Appointments and no-shows are in :mod:`servicelab.appointments`; the queue designs
themselves in :mod:`servicelab.simulate`.

>>> round(perceived_wait(10.0), 1)           # nothing done: idle, anxious, unexplained ...
24.4
>>> perceived_wait(10.0, **{key: True for key in PROPOSITIONS})   # every proposition met
10.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from servicelab._validate import finite, flag, non_negative, non_negative_values, same_length

__all__ = [
    "PROPOSITIONS",
    "Proposition",
    "felt_waits",
    "perceived_wait",
    "proposition_table",
    "share_longer_than",
    "wait_multiplier",
    "what_each_buys",
]


@dataclass(frozen=True)
class Proposition:
    """One proposition on the psychology of waiting.

    Attributes
    ----------
    key : str
        The keyword argument that says whether the proposition is met.
    met : str
        The state that makes a wait feel shorter ("filled (occupied)").
    not_met : str
        The opposite state ("boring (idle)").
    chinese : str
        The two states in the course's Chinese ("充实 vs 无聊"); for Maister's extension,
        our own label.
    course_text : str
        The course's sentence for the proposition, as the slides write it (Simplified
        Chinese); empty for Maister's extension, which is not in the course.
    multiplier : float
        Factor on the actual wait when the proposition is *not* met (>= 1).
        Illustrative, chosen by the book's authors; not a measured constant.
    in_course : bool
        True for the course's seven; False for Maister's extension.
    evidence : str
        Where the idea comes from and what empirical work bears on it.
    """

    key: str
    met: str
    not_met: str
    chinese: str
    course_text: str
    multiplier: float
    in_course: bool
    evidence: str


#: The course's seven propositions, in the course's order, plus Maister's pre-process/in-process one.
#: Multipliers are the authors' illustrative parameters (see the module docstring).
PROPOSITIONS: dict[str, Proposition] = {
    p.key: p
    for p in (
        Proposition(
            "occupied", "filled (occupied)", "boring (idle)", "充实 vs 无聊",
            "充实的排队感觉比无聊的排队时间短", 1.20, True,
            "The course's first proposition; Maister (1985): occupied time feels shorter than "
            "unoccupied time; Katz, Larson and Larson (1991) tested a news board in a bank queue.",
        ),
        Proposition(
            "relaxed", "relaxed and pleasant", "anxious and painful", "轻松愉快 vs 焦虑痛苦",
            "轻松愉快的排队感觉比焦虑痛苦的排队时间短", 1.15, True,
            "The course's second proposition; Maister (1985): anxiety makes waits seem longer.",
        ),
        Proposition(
            "known_length", "of known length", "of unknown length", "确定长度 vs 不确定长度",
            "确定长度的排队感觉比不确定长度的排队时间短", 1.10, True,
            "The course's third proposition; Maister (1985); Hui and Tse (1996) found duration "
            "information helps most for waits of intermediate length.",
        ),
        Proposition(
            "explained", "with the reason known", "with the reason unknown", "了解原因 vs 不了解原因",
            "了解原因的排队感觉比不了解原因的排队时间短", 1.10, True,
            "The course's fourth proposition; Maister (1985): unexplained waits feel longer; "
            "Taylor (1994) links uncertainty and anger about a delay to lower service evaluations.",
        ),
        Proposition(
            "reasonable", "reasonable", "unreasonable", "合理 vs 不合理",
            "合理的排队感觉比不合理的排队时间短", 1.10, True,
            "The course's fifth proposition; the nearest of Maister's (1985) is 'the more "
            "valuable the service, the longer the customer will wait' (our reading).",
        ),
        Proposition(
            "in_group", "in a group", "alone", "集体 vs 孤独",
            "集体排队感觉比孤独排队时间短", 1.05, True,
            "The course's sixth proposition; Maister (1985): solo waits feel longer than group waits.",
        ),
        Proposition(
            "fair", "fair", "unfair", "公平 vs 不公平",
            "公平的排队感觉比不公平的排队时间短", 1.15, True,
            "The course's seventh proposition; Maister (1985); Larson (1987) on social justice "
            "in queues (being overtaken).",
        ),
        Proposition(
            "in_process", "in-process", "pre-process", "服务中 vs 服务前 (our label)", "", 1.10, False,
            "Maister (1985): pre-process waits feel longer than in-process waits; not in the "
            "course's list of seven.",
        ),
    )
}


def _multipliers(multipliers: Mapping[str, float] | None) -> dict[str, float]:
    """Defaults, overridden by any entries the caller gives (each checked >= 1)."""
    values = {key: p.multiplier for key, p in PROPOSITIONS.items()}
    if multipliers is None:
        return values
    if not isinstance(multipliers, Mapping):
        raise ValueError(f"multipliers={multipliers!r} must be a mapping of proposition to factor")
    for key, factor in multipliers.items():
        if key not in PROPOSITIONS:
            raise ValueError(f"multipliers has an unknown proposition {key!r}; "
                             f"known: {list(PROPOSITIONS)}")
        number = finite(factor, f"multipliers[{key!r}]")
        if number < 1:
            raise ValueError(f"multipliers[{key!r}]={factor!r} must be >= 1 "
                             "(a proposition not met never makes a wait feel shorter)")
        values[key] = number
    return values


def wait_multiplier(
    *,
    occupied: bool = False,
    relaxed: bool = False,
    known_length: bool = False,
    explained: bool = False,
    reasonable: bool = False,
    in_group: bool = False,
    fair: bool = False,
    in_process: bool = False,
    multipliers: Mapping[str, float] | None = None,
) -> float:
    """How much longer a wait feels than it is, under the teaching model.

    The product of the multipliers of every proposition that is *not* met:
    M = prod_(i not in met) m_i.  With every proposition met,
    M = 1 and the wait feels as long as it is.

    Parameters
    ----------
    occupied, relaxed, known_length, explained, reasonable, in_group, fair, in_process : bool
        True when the wait has that property.  The default (all False) is a wait
        where nothing has been done for the customer.
    multipliers : mapping, optional
        Override any of the default multipliers in :data:`PROPOSITIONS`; each >= 1.
        The defaults are illustrative, not measured.

    Returns
    -------
    float
        The factor M >= 1 (dimensionless).

    References
    ----------
    Maister (1985), "The psychology of waiting lines".

    Examples
    --------
    >>> round(wait_multiplier(occupied=True, relaxed=True, reasonable=True, fair=True,
    ...                       in_group=True, in_process=True), 3)   # uncertain and unexplained
    1.21
    """
    flags = {
        "occupied": occupied, "relaxed": relaxed, "known_length": known_length,
        "explained": explained, "reasonable": reasonable, "in_group": in_group,
        "fair": fair, "in_process": in_process,
    }
    factors = _multipliers(multipliers)
    product = 1.0
    for key, value in flags.items():
        if not flag(value, key):
            product *= factors[key]
    return product


def perceived_wait(actual_minutes, **conditions):
    """The wait a customer *feels*, under the teaching model: actual x multiplier.

    ::

        W_perceived = W_actual x M,
        M = prod_(i not in met) m_i (see :func:`wait_multiplier`)

    Parameters
    ----------
    actual_minutes : float or array-like of float
        Actual (stopwatch) waits, minutes, each >= 0.
    **conditions
        The keyword arguments of :func:`wait_multiplier`: which propositions the
        wait meets (``occupied=True``, ...) and optional ``multipliers``.

    Returns
    -------
    float or numpy.ndarray
        Perceived waits in minutes, the same shape as ``actual_minutes``.

    Notes
    -----
    The multipliers are the authors' illustrative parameters, not measured
    constants; see the module docstring.

    Examples
    --------
    >>> round(perceived_wait(8.0, occupied=True, relaxed=True, reasonable=True, fair=True), 2)
    11.18
    """
    factor = wait_multiplier(**conditions)
    if np.ndim(actual_minutes) == 0:
        return non_negative(actual_minutes, "actual_minutes") * factor
    waits = non_negative_values(np.ravel(actual_minutes), "actual_minutes")
    return waits.reshape(np.shape(actual_minutes)) * factor


def what_each_buys(actual_minutes: float, **conditions) -> pd.DataFrame:
    """Perceived minutes saved by meeting each unmet proposition on its own.

    For a wait of ``actual_minutes`` under ``conditions``, each proposition that
    is not yet met is switched on alone, and the perceived wait recomputed.
    The saving of proposition i is
    W_perceived (1 - 1/m_i).

    Parameters
    ----------
    actual_minutes : float
        The actual wait, minutes, >= 0.
    **conditions
        As for :func:`wait_multiplier`.

    Returns
    -------
    pandas.DataFrame
        One row per unmet proposition, largest saving first: ``proposition``,
        ``from`` (current state), ``to`` (improved state), ``multiplier``,
        ``perceived_before``, ``perceived_after`` and ``minutes_saved`` (minutes,
        rounded to 2 decimals).

    Examples
    --------
    >>> what_each_buys(10.0, relaxed=True, reasonable=True, fair=True, in_group=True,
    ...                in_process=True)[["proposition", "minutes_saved"]]
        proposition  minutes_saved
    0      occupied           2.42
    1  known_length           1.32
    2     explained           1.32
    """
    actual = non_negative(actual_minutes, "actual_minutes")
    multipliers = conditions.pop("multipliers", None)
    before = perceived_wait(actual, multipliers=multipliers, **conditions)
    rows = []
    for key, prop in PROPOSITIONS.items():
        if conditions.get(key, False):
            continue
        improved = dict(conditions, **{key: True})
        after = perceived_wait(actual, multipliers=multipliers, **improved)
        rows.append({
            "proposition": key,
            "from": prop.not_met,
            "to": prop.met,
            "multiplier": _multipliers(multipliers)[key],
            "perceived_before": round(before, 2),
            "perceived_after": round(after, 2),
            "minutes_saved": round(before - after, 2),
        })
    columns = ["proposition", "from", "to", "multiplier", "perceived_before", "perceived_after",
               "minutes_saved"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("minutes_saved", ascending=False, kind="stable").reset_index(drop=True)


def proposition_table(multipliers: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The propositions as a table: states, the course's wording, multiplier, evidence.

    Parameters
    ----------
    multipliers : mapping, optional
        Overrides of the default (illustrative) multipliers, each >= 1.

    Returns
    -------
    pandas.DataFrame
        One row per proposition: ``proposition``, ``feels_shorter_when``,
        ``feels_longer_when``, ``chinese``, ``course_text``, ``multiplier``,
        ``in_course``, ``evidence``.

    Examples
    --------
    >>> proposition_table()["in_course"].sum()
    np.int64(7)
    """
    factors = _multipliers(multipliers)
    return pd.DataFrame(
        [
            {
                "proposition": p.key,
                "feels_shorter_when": p.met,
                "feels_longer_when": p.not_met,
                "chinese": p.chinese,
                "course_text": p.course_text,
                "multiplier": factors[p.key],
                "in_course": p.in_course,
                "evidence": p.evidence,
            }
            for p in PROPOSITIONS.values()
        ]
    )


def share_longer_than(waits, threshold_minutes: float) -> float:
    """Share of customers whose wait exceeds a threshold (strictly longer).

    Used for promises such as "a small gift for anyone who waits more than
    20 minutes" (the service-visibility handbook).

    Parameters
    ----------
    waits : array-like of float
        Waits in minutes, each >= 0.
    threshold_minutes : float
        The threshold, minutes, >= 0.

    Returns
    -------
    float
        The share in [0, 1].

    Examples
    --------
    >>> share_longer_than([0, 5, 21, 30], 20)
    0.5
    """
    values = non_negative_values(waits, "waits")
    limit = non_negative(threshold_minutes, "threshold_minutes")
    return float(np.mean(values > limit))


def felt_waits(waits, overtaken, **conditions) -> np.ndarray:
    """Perceived wait of each customer of a queue, where being overtaken makes the wait unfair.

    A customer whom someone who arrived later overtook (served first) waited unfairly;
    everybody else waited fairly.  Each wait is turned into a felt wait by
    :func:`perceived_wait`, with ``fair=False`` for the overtaken and ``fair=True`` for
    the rest::

        felt_i = wait_i x M(conditions, fair = not overtaken_i)

    This is how the queue designs of :func:`servicelab.simulate.simulate_counter` are
    compared as customers feel them: a line per server overtakes many customers, one
    serpentine line none.

    Parameters
    ----------
    waits : array-like of float
        Actual waits, minutes, each >= 0 (the ``wait`` column of a simulation).
    overtaken : array-like of bool
        Whether each customer was overtaken (the ``overtaken`` column), one per wait.
    **conditions
        The other propositions the waits meet (``relaxed=True``, ...), as for
        :func:`wait_multiplier`; ``fair`` is set per customer and may not be given.

    Returns
    -------
    numpy.ndarray
        Felt waits, minutes, in the order of ``waits``.

    Examples
    --------
    >>> felt_waits([10.0, 10.0], [False, True], relaxed=True, reasonable=True).round(2).tolist()
    [16.77, 19.29]
    """
    if "fair" in conditions:
        raise ValueError("fair is set by overtaken (an overtaken customer waited unfairly); do not pass fair=")
    wait = non_negative_values(waits, "waits")
    over = np.asarray(overtaken)
    same_length(over, "overtaken", wait, "waits")
    if over.dtype != bool:
        raise ValueError("overtaken must hold True or False for each customer")
    fair = wait_multiplier(fair=True, **conditions)
    unfair = wait_multiplier(fair=False, **conditions)
    return wait * np.where(over, unfair, fair)

