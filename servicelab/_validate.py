"""Input checks shared by every model: fail early, name the parameter, say the allowed range.

>>> positive(2.5, "arrival_rate")
2.5
>>> positive(-1, "arrival_rate")
Traceback (most recent call last):
...
ValueError: arrival_rate=-1 must be > 0
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

__all__ = ["finite", "fraction", "in_range", "integer", "non_empty", "non_negative", "positive", "one_of"]


def finite(value, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} must be a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{name}={value!r} must be a finite number")
    return number


def positive(value, name: str) -> float:
    """A finite number strictly greater than zero."""
    number = finite(value, name)
    if number <= 0:
        raise ValueError(f"{name}={value!r} must be > 0")
    return number


def non_negative(value, name: str) -> float:
    """A finite number greater than or equal to zero."""
    number = finite(value, name)
    if number < 0:
        raise ValueError(f"{name}={value!r} must be >= 0")
    return number


def fraction(value, name: str, *, inclusive: bool = True) -> float:
    """A number in [0, 1] (or (0, 1) when ``inclusive`` is False)."""
    number = finite(value, name)
    ok = 0 <= number <= 1 if inclusive else 0 < number < 1
    if not ok:
        bounds = "[0, 1]" if inclusive else "(0, 1)"
        raise ValueError(f"{name}={value!r} must be in {bounds}")
    return number


def in_range(value, name: str, low: float, high: float) -> float:
    """A number in the closed interval [low, high]."""
    number = finite(value, name)
    if not low <= number <= high:
        raise ValueError(f"{name}={value!r} must be between {low} and {high}")
    return number


def integer(value, name: str, *, minimum: int | None = None) -> int:
    """A whole number, optionally at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name}={value!r} must be a whole number")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name}={value!r} must be >= {minimum}")
    return value


def non_empty(values: Iterable, name: str) -> np.ndarray:
    """A non-empty 1-D array of finite numbers."""
    array = np.asarray(list(values) if not hasattr(values, "__len__") else values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty sequence of numbers")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers")
    return array


def one_of(value, name: str, allowed: Iterable) -> object:
    """One of a fixed set of values."""
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{name}={value!r} must be one of {allowed}")
    return value
