"""Seeded generators for the book's synthetic data sets.

Each module in this sub-package describes one or more data sets as
:class:`Resource` records: the fields with their types and units, where the
numbers come from, and a ``make`` function that builds the table from a fixed
seed.  Running::

    python -m servicelab.synth            # rewrite servicelab/datasets/*.csv and datapackage.json
    python -m servicelab.synth --check    # regenerate in memory and compare with the files

writes every CSV file and the one Frictionless descriptor ``datapackage.json`` into the package's
``datasets`` folder
from these records, so the description can never drift from the generator.  A
test regenerates everything and demands byte-for-byte equality with the
committed files.

Modules are discovered automatically: a new module only has to define a
module-level ``RESOURCES`` list.  Every module takes the firm it describes, Mirror Lake Hotels,
from :mod:`servicelab.synth.world`: volumes, prices, dates and staffing are defined there once.
"""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

__all__ = ["Field", "Resource", "all_resources", "descriptor", "render", "write"]

PACKAGE_NAME = "customer-service-book-data"
PACKAGE_TITLE = "Data sets of 'Customer Service: Strategy, Technology and Management'"


@dataclass(frozen=True)
class Field:
    """One column: Frictionless type, meaning, unit and constraints."""

    name: str
    type: str
    description: str
    unit: str | None = None
    constraints: dict = field(default_factory=dict)

    def descriptor(self) -> dict:
        out = {"name": self.name, "type": self.type, "description": self.description}
        if self.unit:
            out["unit"] = self.unit
        if self.constraints:
            out["constraints"] = dict(self.constraints)
        return out


@dataclass(frozen=True)
class Resource:
    """A data set: its description and the seeded function that makes it.

    ``sources`` lists the published figures the generator is calibrated to,
    as bibliography keys of ``book/references.bib`` or short citations;
    ``process`` says in plain words how the rows are generated.
    """

    name: str
    title: str
    description: str
    process: str
    fields: tuple[Field, ...]
    make: Callable[[], pd.DataFrame]
    sources: tuple[str, ...] = ()
    primary_key: tuple[str, ...] = ()
    chapter: int | None = None

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def descriptor(self) -> dict:
        schema: dict = {"fields": [f.descriptor() for f in self.fields]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        out = {
            "name": self.name,
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
            "generator": {"process": self.process, "module": self.make.__module__},
        }
        if self.chapter is not None:
            out["chapter"] = self.chapter
        if self.sources:
            out["sources"] = [{"title": s} for s in self.sources]
        return out


def all_resources() -> list[Resource]:
    """Every resource of every generator module, sorted by name."""
    found: dict[str, Resource] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for resource in getattr(module, "RESOURCES", []):
            if resource.name in found:
                raise ValueError(f"resource name {resource.name!r} is defined twice")
            found[resource.name] = resource
    return [found[name] for name in sorted(found)]


def descriptor(resources: list[Resource]) -> dict:
    """The Data Package descriptor for these resources."""
    return {
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": (
            "Synthetic data sets for the notebooks of the book. Every file is produced by a "
            "seeded generator in servicelab/synth; run `python -m servicelab.synth` to rebuild them. "
            "Each resource's generator.process says how, and its sources name the published "
            "figures it is calibrated to."
        ),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": [r.descriptor() for r in resources],
    }


def _check_frame(resource: Resource, frame: pd.DataFrame) -> None:
    expected = [f.name for f in resource.fields]
    if list(frame.columns) != expected:
        raise ValueError(
            f"generator for {resource.name!r} produced columns {list(frame.columns)}, "
            f"but its fields are {expected}"
        )


def render(resources: list[Resource] | None = None, progress: bool = False) -> dict[str, bytes]:
    """Build every file's bytes in memory: ``{file name: content}``; ``progress`` prints each name."""
    resources = all_resources() if resources is None else resources
    files: dict[str, bytes] = {}
    for number, resource in enumerate(resources, start=1):
        if progress:
            print(f"  [{number:2d}/{len(resources)}] {resource.name}", flush=True)
        frame = resource.make()
        _check_frame(resource, frame)
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n")
        files[resource.path] = buffer.getvalue().encode("utf-8")
    text = json.dumps(descriptor(resources), indent=2, ensure_ascii=False) + "\n"
    files["datapackage.json"] = text.encode("utf-8")
    return files


def write(directory: Path | str, resources: list[Resource] | None = None) -> list[Path]:
    """Write every data file and the descriptor into ``directory``."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render(resources).items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written
