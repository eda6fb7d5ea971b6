"""Modular services: how many offerings a set of modules makes, and what each module costs.

Chapter 4 of the course customises service through modules (模块化服务): a few common
modules every customer gets and special modules with options, combined into packages.
More modules and options multiply the packages on offer while the design cost only adds
up (:func:`configurations`, :func:`modular_costs`).  Design costs are not in the course:
they are parameters to be varied.

>>> configurations([3, 4, 2])
24
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from servicelab._validate import integer, non_negative

__all__ = ["configurations", "modular_costs"]


def _options(options, name: str = "options") -> list[int]:
    if isinstance(options, (str, bytes)) or not isinstance(options, Sequence) or len(options) == 0:
        raise ValueError(f"{name} must be a non-empty list of option counts, one per module")
    return [integer(k, f"{name}[{i}]", minimum=1) for i, k in enumerate(options)]


def configurations(options: Sequence[int], optional: Sequence[bool] | None = None) -> int:
    """How many distinct offerings a set of modules can make.

    Each module contributes one of its options, so the count is the product
    prod_j m_j of the numbers of options (the course's point that more sub-modules
    mean more combinations: 服务的子模块越多 ... 服务的组合也就越多).  A module the customer may leave out counts one extra
    "none" option, m_j + 1 (Pine 1993 on mass customisation).

    Parameters
    ----------
    options : list of int
        Options per module, each at least 1.
    optional : list of bool, optional
        Whether each module may be left out.

    Examples
    --------
    >>> configurations([3, 4, 3])
    36
    >>> configurations([3, 4, 3], optional=[False, False, True])
    48
    """
    counts = _options(options)
    if optional is not None:
        if isinstance(optional, (str, bytes)) or len(optional) != len(counts):
            raise ValueError(f"optional must have one entry per module ({len(counts)}), got {optional!r}")
        counts = [m + (1 if bool(flag) else 0) for m, flag in zip(counts, optional)]
    return math.prod(counts)


def modular_costs(
    options: Sequence[int],
    *,
    cost_per_option: float,
    cost_per_interface: float = 0.0,
    bespoke_cost_per_offering: float | None = None,
    optional: Sequence[bool] | None = None,
) -> pd.DataFrame:
    """Offerings and design cost as modules are added one at a time.

    A firm that designs its service as modules designs each *option* once
    (``cost_per_option``) and each *interface* between two modules once
    (``cost_per_interface``), so with modules 1..k

    ::

        N_k = prod_(j <= k) m_j,
        C_k = c_o sum_(j <= k) m_j + c_i C(k, 2) .

    The k-th module costs c_o m_k + c_i (k-1): its options plus one interface to each
    module already there, a cost that grows by a constant step while the offerings multiply.
    Designing every offering one by one would cost c_b N_k.  A module the customer may leave
    out adds a "none" choice to the offerings (m_k + 1 in N_k) but nothing to design: the
    design cost counts only its m_k real options.

    Parameters
    ----------
    options : list of int
        Options per module, in the order modules are added (real options, not counting "none").
    cost_per_option, cost_per_interface, bespoke_cost_per_offering : float
        Design costs (yuan); not in the course, to be varied.
    optional : list of bool, optional
        Whether each module may be left out (see :func:`configurations`).

    Returns
    -------
    pandas.DataFrame
        One row per number of modules: ``modules``, ``offerings``, ``extra_module_cost``,
        ``modular_cost``, ``cost_per_offering`` and, if a bespoke cost is given,
        ``bespoke_cost``.

    Examples
    --------
    >>> modular_costs([3, 4], cost_per_option=100, cost_per_interface=50)
       modules  offerings  extra_module_cost  modular_cost  cost_per_offering
    0        1          3              300.0         300.0          100.000000
    1        2         12              450.0         750.0           62.500000
    >>> modular_costs([3, 4], cost_per_option=100, optional=[False, True])["offerings"].tolist()
    [3, 15]
    """
    counts = _options(options)
    choices = list(counts)
    if optional is not None:
        if isinstance(optional, (str, bytes)) or len(optional) != len(counts):
            raise ValueError(f"optional must have one entry per module ({len(counts)}), got {optional!r}")
        choices = [m + (1 if bool(flag) else 0) for m, flag in zip(counts, optional)]
    c_option = non_negative(cost_per_option, "cost_per_option")
    c_interface = non_negative(cost_per_interface, "cost_per_interface")
    rows = []
    total = 0.0
    for k, m in enumerate(counts, start=1):
        extra = c_option * m + c_interface * (k - 1)
        total += extra
        offerings = math.prod(choices[:k])
        rows.append({"modules": k, "offerings": offerings, "extra_module_cost": extra, "modular_cost": total,
                     "cost_per_offering": total / offerings})
    out = pd.DataFrame(rows)
    if bespoke_cost_per_offering is not None:
        out["bespoke_cost"] = non_negative(bespoke_cost_per_offering, "bespoke_cost_per_offering") * out["offerings"]
    return out

