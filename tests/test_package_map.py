"""The package map in CONTRIBUTING.md stays in step with the modules of servicelab.

A maintainer finds a control chart or Kano by looking the idea up in the map; a map that names
a module that is gone, or leaves out a new one, sends them the wrong way.  Also checked: every
``servicelab/...`` path CONTRIBUTING.md mentions exists (it once named a module that did not),
and the package docstring (what ``help(servicelab)`` shows) lists every public module.
"""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest

import servicelab

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def map_rows(text: str) -> dict[str, str]:
    """Module -> chapter, from the table under the "Package map" heading."""
    section = text.split("### Package map", 1)
    if len(section) < 2:
        raise AssertionError("CONTRIBUTING.md has no '### Package map' section")
    rows = {}
    for line in section[1].split("\n## ", 1)[0].splitlines():
        match = re.match(r"^\|\s*`([\w.]+)`\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$", line)
        if match:
            module, chapter, ideas = match.groups()
            if module in rows:
                raise AssertionError(f"the package map lists {module} twice")
            rows[module] = chapter
    return rows


def modules() -> set[str]:
    return {info.name for info in pkgutil.iter_modules(servicelab.__path__)}


def test_every_module_is_in_the_map_and_every_mapped_module_exists():
    rows = map_rows(CONTRIBUTING.read_text(encoding="utf-8"))
    assert sorted(modules() - set(rows)) == [], "modules missing from the package map in CONTRIBUTING.md"
    assert sorted(set(rows) - modules()) == [], "the package map names modules that do not exist"


def test_every_row_names_a_chapter_and_every_chapter_has_a_module():
    rows = map_rows(CONTRIBUTING.read_text(encoding="utf-8"))
    assert all(ch == "all" or ch in {str(n) for n in range(1, 10)} for ch in rows.values()), rows
    assert {ch for ch in rows.values() if ch != "all"} == {str(n) for n in range(1, 10)}


def test_paths_named_in_contributing_exist():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    paths = set(re.findall(r"`(servicelab/[\w/.]+\.py)`", text))
    assert paths, "expected CONTRIBUTING.md to point at a module by path"
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []


def test_the_package_docstring_lists_every_public_module():
    doc = servicelab.__doc__
    missing = sorted(m for m in modules() if not m.startswith("_") and f"servicelab.{m}`" not in doc)
    assert missing == []


def test_the_map_check_catches_a_missing_and_a_stale_row():
    # Planted faults: drop a row, add a row for a module that does not exist.
    text = CONTRIBUTING.read_text(encoding="utf-8")
    without = "\n".join(line for line in text.splitlines() if not line.startswith("| `kano` |"))
    assert "kano" in modules() - set(map_rows(without))
    stale = text.replace("| `kano` |", "| `quality` | 8 | gone |\n| `kano` |")
    assert "quality" in set(map_rows(stale)) - modules()
    with pytest.raises(AssertionError, match="twice"):
        map_rows(text.replace("| `kano` |", "| `kano` | 9 | again |\n| `kano` |"))
