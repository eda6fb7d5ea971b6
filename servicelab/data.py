"""Load the book's data sets with their schema enforced.

Every CSV file in the package's ``servicelab/datasets/`` folder is described by one
Frictionless Data Package, ``datapackage.json``: its fields, their types, units and constraints, and
where the data come from.  :func:`load` reads a resource, checks every cell
against that description and returns a typed :class:`pandas.DataFrame`.  A file
that breaks its schema is refused with a :class:`DataValidationError` that names
the file, the row and the field, so a damaged download is caught before it
produces a wrong chart.

This module is the only place in :mod:`servicelab` that reads files.

Examples
--------
>>> from servicelab import data
>>> "hourly_demand" in data.names()
True
>>> demand = data.load("hourly_demand")
>>> demand["covers"].dtype
dtype('int64')
"""

from __future__ import annotations

import json
import math
import os
import re
from importlib import resources
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["DataValidationError", "data_dir", "describe", "load", "names", "package"]

#: Cell values that stand for "missing" unless a resource says otherwise.
DEFAULT_MISSING = ("",)

_TRUE = {"true", "True", "TRUE", "1", "yes"}
_FALSE = {"false", "False", "FALSE", "0", "no"}


class DataValidationError(ValueError):
    """A data file does not match its schema.

    Attributes
    ----------
    path : pathlib.Path
        The offending file.
    field : str or None
        The field (column) at fault, if one can be named.
    row : int or None
        The 1-based data row (the header is row 0), if one can be named.
    """

    def __init__(self, path: Path, message: str, field: str | None = None, row: int | None = None):
        self.path, self.field, self.row = Path(path), field, row
        where = [f"{self.path.name}"]
        if row is not None:
            where.append(f"row {row} (line {row + 1} of the file)")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}")


def data_dir() -> Path:
    """Return the folder that holds ``datapackage.json``.

    The environment variable ``SERVICELAB_DATA`` overrides the default, which is the
    ``datasets`` folder installed with the package (found with :mod:`importlib.resources`,
    so ``pip install`` of the package brings its data).

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    override = os.environ.get("SERVICELAB_DATA")
    if override:
        return Path(override)
    return Path(str(resources.files("servicelab").joinpath("datasets")))


def package(directory: Path | str | None = None) -> dict:
    """Return the parsed Data Package descriptor."""
    folder = Path(directory) if directory is not None else data_dir()
    path = folder / "datapackage.json"
    if not path.is_file():
        raise FileNotFoundError(f"no data package descriptor at {path}")
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def names(directory: Path | str | None = None) -> list[str]:
    """Names of all resources in the data package, in the descriptor's order."""
    return [resource["name"] for resource in package(directory)["resources"]]


def _resource(name: str, directory: Path | str | None) -> dict:
    resources = {resource["name"]: resource for resource in package(directory)["resources"]}
    if name not in resources:
        known = ", ".join(sorted(resources))
        raise KeyError(f"no data set named {name!r}; the data package has: {known}")
    return resources[name]


def describe(name: str, directory: Path | str | None = None) -> pd.DataFrame:
    """A table of a resource's fields: name, type, unit and description.

    >>> describe("hourly_demand").loc[0, "field"]
    'branch'
    """
    resource = _resource(name, directory)
    rows = [
        {
            "field": field["name"],
            "type": field["type"],
            "unit": field.get("unit", ""),
            "description": field.get("description", ""),
        }
        for field in resource["schema"]["fields"]
    ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class _Check:
    """How one field is parsed and what its values must satisfy."""

    name: str
    type: str
    required: bool
    minimum: float | None
    maximum: float | None
    enum: tuple | None
    pattern: re.Pattern | None
    fmt: str | None

    @classmethod
    def from_descriptor(cls, field: dict) -> "_Check":
        constraints = field.get("constraints", {})
        pattern = constraints.get("pattern")
        return cls(
            name=field["name"],
            type=field.get("type", "string"),
            required=bool(constraints.get("required", False)),
            minimum=constraints.get("minimum"),
            maximum=constraints.get("maximum"),
            enum=tuple(constraints["enum"]) if "enum" in constraints else None,
            pattern=re.compile(pattern) if pattern else None,
            fmt=field.get("format"),
        )

    def parse(self, text: str):
        """Convert one cell, or raise ValueError saying why it is not valid."""
        if self.type == "string":
            value = text
        elif self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", text):
                raise ValueError(f"{text!r} is not an integer")
            value = int(text)
        elif self.type == "number":
            try:
                value = float(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a number") from None
            if math.isnan(value):
                raise ValueError(f"{text!r} is not a number")
        elif self.type == "boolean":
            if text in _TRUE:
                value = True
            elif text in _FALSE:
                value = False
            else:
                raise ValueError(f"{text!r} is not a boolean (true/false)")
        elif self.type in ("date", "datetime", "time"):
            try:
                value = pd.Timestamp(text) if self.type != "time" else pd.Timedelta(text)
            except (ValueError, TypeError):
                raise ValueError(f"{text!r} is not a valid {self.type}") from None
        else:
            raise ValueError(f"field type {self.type!r} is not supported by servicelab.data")
        if self.enum is not None:
            allowed = self.enum if self.type == "string" else tuple(self.enum)
            if value not in allowed:
                raise ValueError(f"{text!r} is not one of {list(allowed)}")
        if self.pattern is not None and not self.pattern.fullmatch(text):
            raise ValueError(f"{text!r} does not match the pattern {self.pattern.pattern!r}")
        if self.minimum is not None and value < _bound(self.minimum, self.type):
            raise ValueError(f"{text} is below the minimum {self.minimum}")
        if self.maximum is not None and value > _bound(self.maximum, self.type):
            raise ValueError(f"{text} is above the maximum {self.maximum}")
        return value


def _bound(limit, kind: str):
    if kind in ("date", "datetime"):
        return pd.Timestamp(limit)
    if kind == "time":
        return pd.Timedelta(limit)
    return limit


def _column(values: list, check: _Check) -> pd.Series:
    """Build a typed column; missing values become NA of the right kind."""
    if check.type == "integer":
        if any(v is None for v in values):
            return pd.array(values, dtype="Int64")
        return np.array(values, dtype="int64")
    if check.type == "number":
        return np.array([np.nan if v is None else v for v in values], dtype="float64")
    if check.type == "boolean":
        if any(v is None for v in values):
            return pd.array(values, dtype="boolean")
        return np.array(values, dtype=bool)
    if check.type in ("date", "datetime"):
        return pd.to_datetime(pd.Series(values, dtype="object"))
    if check.type == "time":
        return pd.to_timedelta(pd.Series(values, dtype="object"))
    return pd.Series(values, dtype="object")


def _cell_by_cell(texts: list[str], check: _Check, missing: set[str], path: Path):
    """Parse a column one cell at a time; the first bad cell raises, naming its row."""
    parsed = []
    for index, text in enumerate(texts):
        if text in missing:
            if check.required:
                raise DataValidationError(path, "a value is required", check.name, index + 1)
            parsed.append(None)
            continue
        try:
            parsed.append(check.parse(text))
        except ValueError as error:
            raise DataValidationError(path, str(error), check.name, index + 1) from None
    return _column(parsed, check)


def _by_distinct_value(texts: list[str], check: _Check, missing: set[str]):
    """The column :func:`_cell_by_cell` builds, parsing each distinct text once.

    A data set's columns repeat their values (dates, branches, scores): the same parse of each
    distinct text, spread back over the rows, is the same column, in a fraction of the time.
    Returns None when a text is bad, so that :func:`_cell_by_cell` finds the first bad row.
    """
    codes, distinct = pd.factorize(np.asarray(texts, dtype=object))
    parsed = []
    for text in distinct.tolist():
        if text in missing:
            if check.required:
                return None
            parsed.append(None)
            continue
        try:
            parsed.append(check.parse(text))
        except ValueError:
            return None
    column = _column(parsed, check)
    if isinstance(column, pd.Series):  # dates, times and text: keep the Series' dtype (text stays object)
        return column.take(codes).reset_index(drop=True)
    return column.take(codes)


def load(name: str, directory: Path | str | None = None) -> pd.DataFrame:
    """Load a data set by name, checking it against its schema.

    Parameters
    ----------
    name : str
        The resource's name in ``datapackage.json`` (see :func:`names`).
    directory : path, optional
        Folder holding ``datapackage.json``; defaults to :func:`data_dir`.

    Returns
    -------
    pandas.DataFrame
        One column per schema field, in schema order, with integer, float,
        boolean, datetime or string (object) dtype as the schema says.

    Raises
    ------
    KeyError
        If no resource has that name.
    DataValidationError
        If the header differs from the schema or any cell breaks a type or a
        constraint; the message names the file, the row and the field.
    """
    folder = Path(directory) if directory is not None else data_dir()
    resource = _resource(name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise FileNotFoundError(f"data set {name!r} should be at {path}, but there is no such file")
    schema = resource["schema"]
    checks = [_Check.from_descriptor(field) for field in schema["fields"]]
    missing = set(schema.get("missingValues", DEFAULT_MISSING))

    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    expected = [check.name for check in checks]
    if list(raw.columns) != expected:
        absent = [c for c in expected if c not in raw.columns]
        extra = [c for c in raw.columns if c not in expected]
        detail = []
        if absent:
            detail.append(f"missing columns {absent}")
        if extra:
            detail.append(f"unexpected columns {extra}")
        if not detail:
            detail.append(f"columns are in the order {list(raw.columns)}, expected {expected}")
        raise DataValidationError(path, "header does not match the schema: " + "; ".join(detail), row=0)

    columns = {}
    for check in checks:
        texts = raw[check.name].tolist()
        column = _by_distinct_value(texts, check, missing)
        columns[check.name] = column if column is not None else _cell_by_cell(texts, check, missing, path)

    frame = pd.DataFrame(columns)
    keys = schema.get("primaryKey")
    if keys:
        keys = [keys] if isinstance(keys, str) else list(keys)
        duplicated = frame.duplicated(subset=keys)
        if duplicated.any():
            row = int(np.flatnonzero(duplicated.to_numpy())[0]) + 1
            raise DataValidationError(path, f"duplicate primary key {keys}", ", ".join(keys), row)
    return frame
