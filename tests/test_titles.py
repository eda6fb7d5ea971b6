"""Notebook titles are short: each names its question or topic in at most 60 characters.

A title is what the navigation, the browser tab and a phone's first screen show; a finding belongs in
the first sentence below it, where it is glued from the computation (tests/test_prose_numbers.py).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 60
NOTEBOOKS = sorted(ROOT.glob("chapters/*/*.ipynb")) + sorted(ROOT.glob("book/*.ipynb"))


def title_problems(nb: dict, limit: int = LIMIT) -> list[str]:
    """The notebook's first markdown line must be its one ``# `` title, of at most ``limit`` characters."""
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    titles = [line[2:].strip() for text in markdown for line in text.splitlines() if line.startswith("# ")]
    if not titles:
        return ["no '# ' title"]
    problems = [] if len(titles) == 1 else [f"{len(titles)} '# ' headings; the book numbers only the first"]
    if len(titles[0]) > limit:
        problems.append(f"title has {len(titles[0])} characters (at most {limit}): {titles[0]!r}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_title_is_short(path):
    assert title_problems(json.loads(path.read_text(encoding="utf-8"))) == []


def test_a_long_title_and_a_second_title_are_caught():
    cell = lambda text: {"cell_type": "markdown", "source": text}  # noqa: E731
    long = {"cells": [cell("# " + "Mirror Lake's front desk waits fall after the new standard, by branch")]}
    assert "characters" in title_problems(long)[0]
    two = {"cells": [cell("# Waiting lines"), cell("# Another title")]}
    assert "2 '# ' headings" in title_problems(two)[0]
    assert title_problems({"cells": [cell("Just text")]}) == ["no '# ' title"]
