"""Training (客服人员的培训): what a programme returns through fewer repeat contacts.

Chapter 7 of the course asks for training that is systematic, timely and targeted, and lists
its methods and contents; it does not price it.  One return of a call-centre programme can be
priced from data the centre already has: a caller whose problem is solved at the first
contact does not ring again.  The chain, each link a stated model:

1. the programme's effect on first-contact resolution (FCR), with its interval, from a
   difference-in-differences (:func:`servicelab.stats.diff_in_diff`);
2. repeat contacts avoided: each extra call resolved first time saves the follow-up chain,
   which takes 1/p contacts on average when each contact resolves with probability p
   (:func:`servicelab.standards.contacts_per_issue`)::

       repeat contacts avoided = calls x FCR gain x 1/p

3. agent hours (contacts x handle time) and their value at the firm's cost per call;
4. against the programme's cost: the trainees' paid time away from the phones
   (:func:`classroom_cost`) and any fee.

:func:`training_return` carries the interval of step 1 through every step (each step is
increasing in the gain, so the ends of the interval map to the ends of the result).

>>> round(repeat_contacts_avoided(10000, 0.05, follow_up_fcr=0.75))
667
"""

from __future__ import annotations

import pandas as pd

from servicelab._validate import finite, fraction, non_negative, positive
from servicelab.standards import contacts_per_issue

__all__ = ["classroom_cost", "repeat_contacts_avoided", "training_return"]


def repeat_contacts_avoided(calls: float, fcr_gain: float, *, follow_up_fcr: float) -> float:
    """Contacts saved when ``calls`` are resolved at the first contact ``fcr_gain`` more often.

    ::

        avoided = calls x gain x 1/p

    where p = ``follow_up_fcr`` is the chance that a follow-up contact settles the issue
    (the centre's usual first-contact resolution): an unresolved call brings its caller
    back, and the follow-ups are geometric with mean 1/p.  A negative gain gives a
    negative number (extra contacts).

    Parameters
    ----------
    calls : float
        Calls handled by the trained agents in the period, >= 0.
    fcr_gain : float
        Change in the share of calls resolved first time (0.05 for +5 points), in [-1, 1].
    follow_up_fcr : float
        p, in (0, 1].

    Returns
    -------
    float
        Contacts (calls) avoided.

    Examples
    --------
    >>> repeat_contacts_avoided(1000, 0.0, follow_up_fcr=0.7)
    0.0
    """
    n = non_negative(calls, "calls")
    gain = finite(fcr_gain, "fcr_gain")
    if not -1 <= gain <= 1:
        raise ValueError(f"fcr_gain={fcr_gain!r} must be between -1 and 1 (a change in a share)")
    return n * gain * contacts_per_issue(follow_up_fcr)


def classroom_cost(*, trainees: int, weeks: float, share_of_time: float, hours_per_week: float,
                   cost_per_hour: float) -> float:
    """The paid time trainees spend away from the phones, in yuan.

    ::

        cost = trainees x weeks x hours per week x share of time in training x cost per hour

    Parameters
    ----------
    trainees : int
        Agents trained, >= 0.
    weeks : float
        Length of the programme, >= 0.
    share_of_time : float
        Share of their paid hours spent in training during those weeks, 0-1.
    hours_per_week : float
        Paid hours a week, > 0.
    cost_per_hour : float
        Employer's cost of a paid hour (yuan), > 0.

    Returns
    -------
    float
        Yuan.

    Examples
    --------
    >>> classroom_cost(trainees=15, weeks=2, share_of_time=0.5, hours_per_week=40, cost_per_hour=50)
    30000.0
    """
    people = non_negative(trainees, "trainees")
    length = non_negative(weeks, "weeks")
    share = fraction(share_of_time, "share_of_time")
    hours = positive(hours_per_week, "hours_per_week")
    rate = positive(cost_per_hour, "cost_per_hour")
    return people * length * hours * share * rate


def training_return(*, gain, calls: float, follow_up_fcr: float, handle_seconds: float,
                    cost_per_contact: float, cost: float) -> pd.DataFrame:
    """What a training programme returned through fewer repeat contacts, across the gain's interval.

    For each of the gain's low end, estimate and high end::

        contacts avoided = calls x gain x 1/p            (repeat_contacts_avoided)
        agent hours      = contacts avoided x handle seconds / 3600
        value            = contacts avoided x cost per contact
        net              = value - cost

    The value is what the firm's cost per call says those contacts cost; it turns into
    money saved only if the freed hours are taken out of the roster or used for other
    work (with queueing, fewer calls free fewer agents than in proportion).

    Parameters
    ----------
    gain : Difference or (estimate, low, high)
        The programme's effect on first-contact resolution (a change in a share) and its
        interval, from :func:`servicelab.stats.diff_in_diff`.
    calls : float
        Calls the trained agents handled over the period the return is counted, >= 0.
    follow_up_fcr : float
        p, the chance a follow-up contact settles the issue, in (0, 1].
    handle_seconds : float
        Mean handle time of a contact, > 0.
    cost_per_contact : float
        Yuan per call, >= 0.
    cost : float
        The programme's cost (yuan), >= 0.

    Returns
    -------
    pandas.DataFrame
        Rows ``low``, ``estimate``, ``high``; columns ``fcr_gain``, ``contacts_avoided``,
        ``agent_hours``, ``value``, ``cost`` and ``net`` (yuan).

    Examples
    --------
    >>> table = training_return(gain=(0.05, 0.03, 0.07), calls=100000, follow_up_fcr=0.75,
    ...                         handle_seconds=300, cost_per_contact=9, cost=30000)
    >>> table["contacts_avoided"].round().tolist()
    [4000.0, 6667.0, 9333.0]
    >>> table["net"].round().tolist()
    [6000.0, 30000.0, 54000.0]
    """
    try:
        estimate, low, high = (float(v) for v in tuple(gain)[:3])
    except (TypeError, ValueError):
        raise ValueError(f"gain={gain!r} must be an effect with its interval (estimate, low, high)") from None
    if not low <= estimate <= high:
        raise ValueError(f"gain={gain!r} must satisfy low <= estimate <= high")
    seconds = positive(handle_seconds, "handle_seconds")
    price = non_negative(cost_per_contact, "cost_per_contact")
    spent = non_negative(cost, "cost")
    rows = {}
    for name, g in (("low", low), ("estimate", estimate), ("high", high)):
        avoided = repeat_contacts_avoided(calls, g, follow_up_fcr=follow_up_fcr)
        value = avoided * price
        rows[name] = {"fcr_gain": g, "contacts_avoided": avoided, "agent_hours": avoided * seconds / 3600,
                      "value": value, "cost": spent, "net": value - spent}
    return pd.DataFrame.from_dict(rows, orient="index")
