"""Input checks shared by every model: fail early, name the parameter, say the allowed range.

One message style throughout:

- a single value: ``"<name>=<value> must be ..."`` (``"arrival_rate=-1 must be > 0"``);
- one value of a sequence: ``"<name>[<position>]=<value> must be ..."`` (``"demand[3]=-5.0 must be >= 0"``);
- a whole sequence: ``"<name> must be ..."`` (``"demand must be a non-empty sequence of numbers"``);
- a table: ``"<frame name> is missing column(s) [...]; it has [...]"``.

Every model module calls these instead of writing its own checks.

>>> positive(2.5, "arrival_rate")
2.5
>>> positive(-1, "arrival_rate")
Traceback (most recent call last):
...
ValueError: arrival_rate=-1 must be > 0
>>> non_negative_values([3, -5, 2], "demand")
Traceback (most recent call last):
...
ValueError: demand[1]=-5.0 must be >= 0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "columns",
    "finite",
    "flag",
    "fraction",
    "in_range",
    "integer",
    "non_empty",
    "non_negative",
    "non_negative_values",
    "numbers",
    "one_of",
    "positive",
    "same_length",
    "scale",
    "scores",
    "timestamp",
    "weights",
    "whole_numbers",
]


# ---- single values ------------------------------------------------------------------------------


def finite(value, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}={value!r} must be a number")
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
        raise ValueError(f"{name}={value!r} must be between {low:g} and {high:g}")
    return number


def integer(value, name: str, *, minimum: int | None = None) -> int:
    """A whole number, optionally at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name}={value!r} must be a whole number")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name}={value!r} must be >= {minimum}")
    return value


def flag(value, name: str) -> bool:
    """True or False, and nothing else (not 1, not "yes")."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}={value!r} must be True or False")
    return bool(value)


def one_of(value, name: str, allowed: Iterable) -> object:
    """One of a fixed set of values."""
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{name}={value!r} must be one of {allowed}")
    return value


def timestamp(value, name: str) -> pd.Timestamp:
    """A date or date and time, as a :class:`pandas.Timestamp`."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} must be a date or a date and time") from None
    if pd.isna(stamp):
        raise ValueError(f"{name}={value!r} must be a date or a date and time, not missing")
    return stamp


def scale(value, name: str = "scale") -> tuple[float, float]:
    """A rating scale ``(lowest, highest)`` with lowest < highest."""
    try:
        low, high = value
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} must be a pair (lowest, highest)") from None
    low, high = finite(low, name), finite(high, name)
    if not low < high:
        raise ValueError(f"{name}={value!r} must have lowest < highest")
    return low, high


# ---- sequences ----------------------------------------------------------------------------------


def _first_bad(array: np.ndarray, bad: np.ndarray) -> tuple[str, float]:
    """Position (as text, for the message) and value of the first flagged entry."""
    position = np.argwhere(bad)[0]
    where = ", ".join(str(int(i)) for i in position)
    return where, array[tuple(position)].item()


def non_empty(values, name: str) -> np.ndarray:
    """A non-empty 1-D array of finite numbers."""
    if isinstance(values, (str, bytes)) or values is None:
        raise ValueError(f"{name}={values!r} must be a non-empty sequence of numbers")
    if not hasattr(values, "__len__"):
        values = list(values)
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a non-empty sequence of numbers (found text or another object)") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty sequence of numbers")
    bad = ~np.isfinite(array)
    if bad.any():
        where, value = _first_bad(array, bad)
        raise ValueError(f"{name}[{where}]={value!r} must be a finite number")
    return array


def non_negative_values(values, name: str) -> np.ndarray:
    """A non-empty 1-D array of finite numbers, each >= 0."""
    array = non_empty(values, name)
    bad = array < 0
    if bad.any():
        where, value = _first_bad(array, bad)
        raise ValueError(f"{name}[{where}]={value!r} must be >= 0")
    return array


def numbers(values, name: str, *, strictly_positive: bool = False) -> np.ndarray:
    """A number or an array of numbers (any shape), each finite and >= 0 (or > 0).

    Used by the vectorised models (:mod:`servicelab.queues`), which accept a scalar or an
    array and broadcast.  A scalar that fails is shown as given.
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={values!r} must be a number or an array of numbers") from None
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    relation = "> 0" if strictly_positive else ">= 0"
    bad = ~np.isfinite(array) | ((array <= 0) if strictly_positive else (array < 0))
    if bad.any():
        if array.ndim == 0:
            raise ValueError(f"{name}={values!r} must be a finite number {relation}")
        where, value = _first_bad(array, bad)
        raise ValueError(f"{name}[{where}]={value!r} must be a finite number {relation}")
    return array


def whole_numbers(values, name: str, *, minimum: int = 0) -> np.ndarray:
    """A whole number or an array of whole numbers (any shape), each >= ``minimum``, as int64."""
    array = np.asarray(values)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise ValueError(f"{name}={values!r} must be a whole number >= {minimum}")
    as_float = array.astype(float)
    bad = ~np.isfinite(as_float) | (as_float != np.round(as_float)) | (as_float < minimum)
    if bad.any():
        if array.ndim == 0:
            raise ValueError(f"{name}={values!r} must be a whole number >= {minimum}")
        where, value = _first_bad(as_float, bad)
        raise ValueError(f"{name}[{where}]={value!r} must be a whole number >= {minimum}")
    return as_float.astype(np.int64)


def scores(values, name: str, bounds: Sequence[float], *, whole: bool = False) -> np.ndarray:
    """A non-empty 1-D array of ratings on a scale (whole points only, if ``whole``).

    A single number is accepted as a one-element sequence.
    """
    low, high = scale(bounds)
    if np.ndim(values) == 0 and not isinstance(values, (str, bytes)) and values is not None:
        values = [values]
    array = non_empty(values, name)
    outside = (array < low) | (array > high)
    if outside.any():
        where, value = _first_bad(array, outside)
        raise ValueError(f"{name}[{where}]={value:g} must be on the scale {low:g} to {high:g}")
    if whole:
        fractional = array != np.round(array)
        if fractional.any():
            where, value = _first_bad(array, fractional)
            raise ValueError(f"{name}[{where}]={value:g} must be a whole point of the scale")
    return array


# ---- tables -------------------------------------------------------------------------------------


def columns(frame, name: str, required: Iterable[str] = ()) -> pd.DataFrame:
    """A DataFrame with at least one row and every column in ``required``."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{name} must have at least one row")
    return frame


def weights(value, name: str = "weights", *, sum_to_one: bool = False) -> dict[str, float]:
    """A non-empty mapping of label -> weight >= 0 (summing to 1, if ``sum_to_one``)."""
    if not isinstance(value, Mapping) or not value:
        raise ValueError(f"{name} must be a non-empty mapping of label -> weight")
    checked = {str(k): non_negative(v, f"{name}[{k!r}]") for k, v in value.items()}
    if sum_to_one:
        total = sum(checked.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"{name} must sum to 1, but they sum to {total:g}")
    return checked


def same_length(array, name: str, reference, reference_name: str) -> None:
    """Raise unless ``array`` has as many values as ``reference`` (paired data)."""
    if np.size(array) != np.size(reference):
        raise ValueError(f"{name} has {np.size(array)} values but {reference_name} has {np.size(reference)}; they must pair up")
