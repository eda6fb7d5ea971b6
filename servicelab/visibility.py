"""The service-visibility handbook's funnel: awareness, interest, experience, perception.

The service-visibility handbook follows a service initiative through its target group:
how many know about it (awareness), want it (interest), try it (experience) and come
away with a good perception.  Each step loses customers, and the step that loses the
largest share is where to act (the "drip", 滴漏效应).  Here:

- the four rates from stage counts, as the handbook writes them or stage to stage
  (:func:`funnel_rates`), and the leakiest step (:func:`leakiest_stage`);
- the same from a respondent-level survey, per group (:func:`funnel_from_survey`);
- each step's conversion and leak with Wilson intervals, so that a leak is read with its
  uncertainty (:func:`funnel_intervals`).

>>> leakiest_stage({"target": 1000, "aware": 600, "interested": 300, "tried": 150, "perceived_well": 120})
'interest'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from servicelab._validate import columns, non_negative

__all__ = ["FUNNEL_RATES", "FUNNEL_STAGES", "funnel_from_survey", "funnel_intervals", "funnel_rates", "leakiest_stage"]


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
    columns(survey, "survey", list(names.values()))
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



def funnel_intervals(counts: Mapping[str, float], *, confidence: float = 0.95) -> pd.DataFrame:
    """Each step's conversion and leak, stage to stage, with Wilson intervals.

    A survey estimates each step's conversion, reached / previous stage, from a sample,
    so the leakiest step is only as clear as the intervals allow.  The conversion of a
    step is a proportion of the customers who reached the step before it, with the
    Wilson score interval (:func:`servicelab.stats.wilson_interval`); the leak is one
    minus the conversion, with the interval turned round.

    Parameters
    ----------
    counts : mapping
        Customers at each stage, as in :func:`funnel_rates` (whole numbers).
    confidence : float
        Coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        Index: the four rates; columns ``reached``, ``base`` (customers at the previous
        stage), ``conversion``, ``low``, ``high``, ``leak``, ``leak_low``, ``leak_high``
        (shares, 0-1).  A step whose previous stage is empty has no rate (NaN).

    >>> counts = {"target": 1000, "aware": 600, "interested": 300, "tried": 150, "perceived_well": 120}
    >>> table = funnel_intervals(counts)
    >>> table["conversion"].tolist()
    [0.6, 0.5, 0.5, 0.8]
    >>> round(float(table.loc["interest", "leak_low"]), 3), round(float(table.loc["interest", "leak_high"]), 3)
    (0.46, 0.54)
    """
    from servicelab.stats import wilson_interval

    values = _funnel_counts(counts)
    if not all(float(v).is_integer() for v in values.values()):
        raise ValueError("counts must be whole numbers of customers for an interval")
    rows = []
    for before, stage in zip(FUNNEL_STAGES, FUNNEL_STAGES[1:]):
        base, reached = int(values[before]), int(values[stage])
        if base == 0:
            p = low = high = np.nan
        else:
            w = wilson_interval(reached, base, confidence=confidence)
            p, low, high = w.estimate, w.low, w.high
        rows.append({"rate": FUNNEL_RATES[stage], "reached": reached, "base": base, "conversion": p, "low": low,
                     "high": high, "leak": 1 - p, "leak_low": 1 - high, "leak_high": 1 - low})
    return pd.DataFrame(rows).set_index("rate")
