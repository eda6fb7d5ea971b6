"""Answers as data: a typed JSON form for the values a student's notebook leaves behind.

The grader never runs its tests in the process that ran a student's code.  The
sandboxed runner (``tools/grade_runner.py``) turns each answer variable into
plain JSON with :func:`encode`; the grading process rebuilds the values with
:func:`decode` and runs the tests against them.  Only these types cross, and
each is matched **exactly** (``type(x) is float``, never ``isinstance``), so an
object with doctored comparisons or arithmetic (a subclass of ``float`` whose
``__eq__`` always answers True, say) is refused instead of passed along:

=====================  =========================================================
Python                 ``None``, ``bool``, ``int``, ``float``, ``str``, and
                       ``list``, ``tuple``, ``set``, ``frozenset``, ``dict`` of them
NumPy                  scalars and arrays of bool, int, uint, float, str,
                       datetime64 and timedelta64; object arrays whose items
                       are themselves allowed
pandas                 ``Series``, ``DataFrame`` and their ``Index`` (plain,
                       range or multi-level) with numeric, bool, datetime,
                       string, object or category columns
=====================  =========================================================

Everything else raises :class:`Refused` with a sentence for the student.  The
encoder runs next to student code, so its output is never trusted: the
decoder checks every tag, dtype and size itself and raises
:class:`Malformed` on anything it does not expect.  No pickle, no ``eval``.

>>> decode(encode([1, 2.5, "a", None, True]))
[1, 2.5, 'a', None, True]
>>> class Always(float):
...     def __eq__(self, other):
...         return True
>>> encode(Always(0.5))
Traceback (most recent call last):
    ...
answers.Refused: is of type Always (a subclass of float, with its own behaviour); store a plain number, e.g. float(x)
"""

from __future__ import annotations

import math
import sys
from typing import Any

#: Containers may nest this deep, and hold at most this many values in all.
MAX_DEPTH = 32
MAX_ITEMS = 2_000_000

#: NumPy dtypes that cross as they are (by their ``str(dtype)`` name).
NUMERIC_DTYPES = {
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64",
}
#: pandas' nullable dtypes (missing values are ``pd.NA``).
MASKED_DTYPES = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64", "boolean"}
TIME_UNITS = {"s", "ms", "us", "ns"}
TIME_DTYPES = {f"{kind}64[{unit}]" for kind in ("datetime", "timedelta") for unit in TIME_UNITS}

_PLAIN = {type(None): "none", bool: "bool", int: "int", float: "float", str: "str"}
_SEQUENCES = {list: "list", tuple: "tuple", set: "set", frozenset: "frozenset"}


class Refused(ValueError):
    """A value that cannot cross as data; the message completes "``name`` ..."."""


class Malformed(ValueError):
    """Encoded data that does not follow the format (damaged, or forged by student code)."""


# --- encoding (runs in the sandbox, next to student code) ----------------------------------------


def _type_name(value: Any) -> str:
    return type(value).__name__


def _refuse_subclass(value: Any) -> None:
    """Refuse a subclass of an allowed type with a message that says what to store instead."""
    np = sys.modules.get("numpy")
    pd = sys.modules.get("pandas")
    bases: list[tuple[type, str]] = [(bool, "True or False"), (int, "whole number, e.g. int(x)"),
                                     (float, "number, e.g. float(x)"), (str, "text, e.g. str(x)"),
                                     (list, "list"), (tuple, "tuple"), (dict, "dict"), (set, "set")]
    if np is not None:
        bases.append((np.ndarray, "NumPy array, e.g. np.asarray(x)"))
        bases.append((np.generic, "number"))
    if pd is not None:
        bases += [(pd.DataFrame, "DataFrame"), (pd.Series, "Series"), (pd.Index, "Index")]
    for base, plain in bases:
        if isinstance(value, base):
            raise Refused(f"is of type {_type_name(value)} (a subclass of {base.__name__}, with its own behaviour); "
                          f"store a plain {plain}")


def _float(value: float) -> float | str:
    return value if math.isfinite(value) else repr(value)  # 'nan', 'inf', '-inf'


class _Encoder:
    def __init__(self) -> None:
        self.items = 0

    def count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise Refused(f"holds more than {MAX_ITEMS:,} values, too many to grade")

    def value(self, value: Any, depth: int = 0) -> dict:
        if depth > MAX_DEPTH:
            raise Refused(f"is nested more than {MAX_DEPTH} levels deep")
        self.count()
        kind = type(value)
        if value is Ellipsis:
            raise Refused("is still `...`: the question was not answered")
        if kind in _PLAIN:
            tag = _PLAIN[kind]
            if tag == "none":
                return {"t": "none"}
            if tag == "float":
                return {"t": "float", "v": _float(value)}
            if tag == "int" and value.bit_length() > 4000:
                raise Refused("is a whole number with more than 1,200 digits")
            return {"t": tag, "v": value}
        if kind in _SEQUENCES:
            items = [self.value(item, depth + 1) for item in value]
            if kind in (set, frozenset):
                items.sort(key=repr)  # sets have no order; keep the encoding deterministic
            return {"t": _SEQUENCES[kind], "items": items}
        if kind is dict:
            return {"t": "dict", "items": [[self.value(k, depth + 1), self.value(v, depth + 1)] for k, v in value.items()]}
        np = sys.modules.get("numpy")
        pd = sys.modules.get("pandas")
        if np is not None and kind is np.ndarray:
            return self.ndarray(value, depth)
        if np is not None and isinstance(value, np.generic) and kind.__module__ == "numpy":
            return self.scalar(value)
        if pd is not None and kind is pd.Series:
            return {"t": "series", "data": self.column(value.array, value.dtype, depth), "index": self.index(value.index, depth),
                    "name": self.label(value.name, depth)}
        if pd is not None and kind is pd.DataFrame:
            return {"t": "dataframe", "columns": self.index(value.columns, depth), "index": self.index(value.index, depth),
                    "data": [self.column(value.iloc[:, i].array, value.dtypes.iloc[i], depth) for i in range(value.shape[1])]}
        if pd is not None and kind in (pd.Index, pd.RangeIndex, pd.MultiIndex, pd.DatetimeIndex):
            return self.index(value, depth)
        _refuse_subclass(value)
        if callable(value):
            raise Refused(f"is of type {_type_name(value)} (something to call), not a value; store the result instead")
        raise Refused(f"is of type {_type_name(value)}, which the grader cannot read as data; store a number, text, "
                      "True/False, a list, a dict, or a NumPy array or pandas table")

    def scalar(self, value: Any) -> dict:
        dtype = str(value.dtype)
        if dtype in NUMERIC_DTYPES:
            plain = value.item()
            return {"t": "np", "dtype": dtype, "v": _float(plain) if isinstance(plain, float) else plain}
        if value.dtype.kind == "U":
            return {"t": "np", "dtype": "str", "v": str(value)}
        if dtype in TIME_DTYPES:
            return {"t": "np", "dtype": dtype, "v": int(value.view("int64"))}
        raise Refused(f"is a NumPy {dtype} value, which the grader cannot read as data")

    def ndarray(self, value: Any, depth: int) -> dict:
        shape = list(value.shape)
        flat = value.reshape(-1)
        self.count(flat.size)
        return {"t": "ndarray", "shape": shape, **self.flat(flat, value.dtype, depth)}

    def flat(self, flat: Any, dtype: Any, depth: int) -> dict:
        """A one-dimensional NumPy array as ``{"dtype": ..., "v": [...]}`` (or ``"items"`` for objects)."""
        name = str(dtype)
        if name in NUMERIC_DTYPES:
            values = flat.tolist()
            if dtype.kind == "f":
                values = [_float(v) for v in values]
            return {"dtype": name, "v": values}
        if dtype.kind == "U":
            return {"dtype": "str", "v": [str(v) for v in flat.tolist()]}
        if name in TIME_DTYPES:
            return {"dtype": name, "v": flat.view("int64").tolist()}
        if dtype.kind == "O":
            return {"dtype": "object", "items": [self.value(v, depth + 1) for v in flat.tolist()]}
        raise Refused(f"holds NumPy {name} values, which the grader cannot read as data")

    def column(self, array: Any, dtype: Any, depth: int) -> dict:
        """The values of a Series, a DataFrame column or an Index."""
        pd = sys.modules["pandas"]
        np = sys.modules["numpy"]
        self.count(len(array))
        if isinstance(dtype, pd.StringDtype):
            values = [None if v is None or (type(v) is float and math.isnan(v)) or v is pd.NA else v for v in array.tolist()]
            if not all(v is None or type(v) is str for v in values):
                raise Refused("holds text that is not plain text")
            return {"dtype": "string" if dtype.na_value is pd.NA else "str", "v": values}
        if isinstance(dtype, pd.CategoricalDtype):
            categories = self.index(dtype.categories, depth)
            return {"dtype": "category", "ordered": bool(dtype.ordered), "categories": categories,
                    "codes": np.asarray(array.codes).astype("int64").tolist()}
        if isinstance(dtype, np.dtype):
            return self.flat(np.asarray(array), dtype, depth)
        if str(dtype) in MASKED_DTYPES and type(dtype).__module__.startswith("pandas"):
            values = array.to_numpy(dtype=object, na_value=None).tolist()
            return {"dtype": str(dtype), "v": [_float(v) if type(v) is float else v for v in values]}
        raise Refused(f"holds pandas {dtype} values, which the grader cannot read as data")

    def index(self, index: Any, depth: int) -> dict:
        pd = sys.modules["pandas"]
        kind = type(index)
        if kind is pd.RangeIndex:
            return {"t": "index", "kind": "range", "start": index.start, "stop": index.stop, "step": index.step,
                    "name": self.label(index.name, depth)}
        if kind is pd.MultiIndex:
            return {"t": "index", "kind": "multi", "names": [self.label(n, depth) for n in index.names],
                    "levels": [self.column(index.get_level_values(i).array, index.levels[i].dtype, depth)
                               for i in range(index.nlevels)]}
        if kind in (pd.Index, pd.DatetimeIndex):
            return {"t": "index", "kind": "values", "name": self.label(index.name, depth),
                    "data": self.column(index.array, index.dtype, depth)}
        raise Refused(f"has an index of type {_type_name(index)}, which the grader cannot read as data")

    def label(self, name: Any, depth: int) -> dict:
        """The name of a Series, an Index or a column: a plain value."""
        return self.value(name, depth + 1)


def encode(value: Any) -> dict:
    """The typed JSON form of ``value``; :class:`Refused` if it is not plain data."""
    return _Encoder().value(value)


def encode_all(namespace: dict, names: list[str]) -> dict:
    """Encode each of ``names`` found in ``namespace``: ``{name: {"ok": ...} | {"refused": reason}}``."""
    out = {}
    for name in names:
        if name not in namespace:
            out[name] = {"refused": "is not defined: was its cell run, and did it finish without an error?"}
            continue
        try:
            out[name] = {"ok": encode(namespace[name])}
        except Refused as reason:
            out[name] = {"refused": str(reason)}
        except Exception as error:  # a broken object (its tolist raises, say): say so, refuse it
            out[name] = {"refused": f"could not be read as data ({type(error).__name__})"}
    return out


# --- decoding (runs in the clean grading process) -----------------------------------------------


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise Malformed(what)


def _key(data: Any, key: str, kinds: type | tuple[type, ...]) -> Any:
    _expect(isinstance(data, dict) and key in data and isinstance(data[key], kinds), f"expected {key!r}")
    return data[key]


def _plain_float(v: Any) -> float:
    if type(v) is str:
        _expect(v in ("nan", "inf", "-inf"), f"bad float {v[:20]!r}")
        return float(v)
    _expect(type(v) in (int, float), "bad float")
    return float(v)


class _Decoder:
    def __init__(self) -> None:
        import numpy
        import pandas

        self.np, self.pd = numpy, pandas
        self.items = 0

    def count(self, n: int = 1) -> None:
        self.items += n
        _expect(self.items <= MAX_ITEMS, "too many values")

    def value(self, data: Any, depth: int = 0) -> Any:
        _expect(depth <= MAX_DEPTH, "nested too deep")
        self.count()
        tag = _key(data, "t", str)
        np, pd = self.np, self.pd
        if tag == "none":
            return None
        if tag == "bool":
            return _key(data, "v", bool)
        if tag == "int":
            v = _key(data, "v", int)
            _expect(type(v) is int, "bad int")
            return v
        if tag == "float":
            return _plain_float(data.get("v"))
        if tag == "str":
            return _key(data, "v", str)
        if tag in ("list", "tuple", "set", "frozenset"):
            items = [self.value(item, depth + 1) for item in _key(data, "items", list)]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        if tag == "dict":
            pairs = _key(data, "items", list)
            _expect(all(isinstance(p, list) and len(p) == 2 for p in pairs), "bad dict")
            return {self.value(k, depth + 1): self.value(v, depth + 1) for k, v in pairs}
        if tag == "np":
            dtype = _key(data, "dtype", str)
            v = data.get("v")
            if dtype == "str":
                _expect(type(v) is str, "bad numpy str")
                return np.str_(v)
            if dtype in TIME_DTYPES:
                _expect(type(v) is int, "bad numpy time")
                return np.array([v], dtype="int64").view(dtype)[0]
            _expect(dtype in NUMERIC_DTYPES, f"unknown dtype {dtype[:20]!r}")
            if dtype.startswith("float"):
                v = _plain_float(v)
            else:
                _expect(type(v) in (int, bool), "bad numpy number")
            return np.dtype(dtype).type(v)
        if tag == "ndarray":
            shape = _key(data, "shape", list)
            _expect(all(type(n) is int and n >= 0 for n in shape) and len(shape) <= 32, "bad shape")
            flat = self.flat(data, depth)
            _expect(math.prod(shape) == flat.size, "shape does not match the values")
            return flat.reshape(shape)
        if tag == "series":
            index = self.index(_key(data, "index", dict), depth)
            values, dtype = self.column(_key(data, "data", dict), depth)
            _expect(len(values) == len(index), "series index length")
            return pd.Series(values, index=index, dtype=dtype, name=self.value(data.get("name"), depth + 1), copy=False)
        if tag == "dataframe":
            columns = self.index(_key(data, "columns", dict), depth)
            index = self.index(_key(data, "index", dict), depth)
            arrays = [self.column(c, depth) for c in _key(data, "data", list)]
            _expect(len(arrays) == len(columns), "dataframe columns")
            _expect(all(len(a) == len(index) for a, _ in arrays), "dataframe column length")
            frame = pd.DataFrame({i: pd.Series(a, index=index, dtype=t, copy=False) for i, (a, t) in enumerate(arrays)},
                                 index=index)
            frame.columns = columns
            return frame
        if tag == "index":
            return self.index(data, depth)
        raise Malformed(f"unknown tag {tag[:20]!r}")

    def flat(self, data: dict, depth: int) -> Any:
        np = self.np
        dtype = _key(data, "dtype", str)
        if dtype == "object":
            items = [self.value(v, depth + 1) for v in _key(data, "items", list)]
            out = np.empty(len(items), dtype=object)
            out[:] = items
            return out
        values = _key(data, "v", list)
        self.count(len(values))
        if dtype == "str":
            _expect(all(type(v) is str for v in values), "bad str array")
            return np.array(values, dtype=str) if values else np.array([], dtype="<U1")
        if dtype in TIME_DTYPES:
            _expect(all(type(v) is int for v in values), "bad time array")
            return np.array(values, dtype="int64").view(dtype)
        _expect(dtype in NUMERIC_DTYPES, f"unknown dtype {dtype[:20]!r}")
        if dtype.startswith("float"):
            values = [_plain_float(v) for v in values]
        elif dtype == "bool":
            _expect(all(type(v) is bool for v in values), "bad bool array")
        else:
            _expect(all(type(v) is int for v in values), "bad int array")
        return np.array(values, dtype=dtype)

    def column(self, data: dict, depth: int) -> tuple[Any, Any]:
        """The values of a pandas column and the dtype to build it with (None: the values' own)."""
        pd, np = self.pd, self.np
        dtype = _key(data, "dtype", str)
        if dtype in ("str", "string"):
            values = _key(data, "v", list)
            self.count(len(values))
            _expect(all(v is None or type(v) is str for v in values), "bad string column")
            return pd.array(values, dtype=pd.StringDtype(na_value=pd.NA if dtype == "string" else np.nan)), None
        if dtype in MASKED_DTYPES:
            values = _key(data, "v", list)
            self.count(len(values))
            plain = {"boolean": (bool,)}.get(dtype, (int,) if "Int" in dtype else (int, float, str))
            _expect(all(v is None or type(v) in plain for v in values), f"bad {dtype} column")
            if dtype.startswith("Float"):
                values = [None if v is None else _plain_float(v) for v in values]
            return pd.array(values, dtype=dtype), None
        if dtype == "category":
            categories = self.index(_key(data, "categories", dict), depth)
            codes = _key(data, "codes", list)
            self.count(len(codes))
            _expect(all(type(c) is int and -1 <= c < len(categories) for c in codes), "bad category codes")
            categorical = pd.CategoricalDtype(categories, ordered=bool(data.get("ordered")))
            return pd.Categorical.from_codes(codes, dtype=categorical), None
        values = self.flat(data, depth)
        return values, (object if dtype == "object" else None)

    def index(self, data: dict, depth: int) -> Any:
        pd = self.pd
        _expect(_key(data, "t", str) == "index", "expected an index")
        kind = _key(data, "kind", str)
        if kind == "range":
            start, stop, step = (_key(data, k, int) for k in ("start", "stop", "step"))
            _expect(step != 0 and len(range(start, stop, step)) <= MAX_ITEMS, "bad range")
            self.count(len(range(start, stop, step)))
            return pd.RangeIndex(start, stop, step, name=self.value(data.get("name"), depth + 1))
        if kind == "values":
            values, dtype = self.column(_key(data, "data", dict), depth)
            return pd.Index(values, dtype=dtype, name=self.value(data.get("name"), depth + 1), copy=False)
        if kind == "multi":
            levels = [pd.Index(v, dtype=t, copy=False) for v, t in (self.column(c, depth) for c in _key(data, "levels", list))]
            names = [self.value(n, depth + 1) for n in _key(data, "names", list)]
            _expect(levels and len(names) == len(levels), "bad multi-index")
            _expect(len({len(level) for level in levels}) == 1, "multi-index levels differ in length")
            return pd.MultiIndex.from_arrays(levels, names=names)
        raise Malformed(f"unknown index kind {kind[:20]!r}")


def decode(data: Any) -> Any:
    """Rebuild a value from :func:`encode`'s form; :class:`Malformed` if ``data`` does not follow it."""
    try:
        return _Decoder().value(data)
    except Malformed:
        raise
    except (TypeError, ValueError, KeyError, IndexError, OverflowError, RecursionError) as error:
        raise Malformed(f"{type(error).__name__}: {error}"[:200]) from None
