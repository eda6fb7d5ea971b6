"""The bibliography parses: every entry closes its braces, and no key is defined twice.

A merge that drops an entry's closing brace makes the bibliography parser swallow the entries after
it, so citations later in the book stop resolving without any error pointing at the cause.
"""
from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

BIB = Path(__file__).resolve().parent.parent / "book" / "references.bib"


def entry_problems(text: str) -> list[str]:
    """Each entry (from its ``@type{`` to the next one) must balance its braces; keys must be unique."""
    problems = []
    starts = [m.start() for m in re.finditer(r"^@\w+\{", text, flags=re.M)]
    for begin, end in zip(starts, starts[1:] + [len(text)]):
        chunk = text[begin:end]
        key = chunk[chunk.index("{") + 1 : chunk.index(",")]
        depth = 0
        closed_at = None
        for i, ch in enumerate(chunk):
            depth += ch == "{"
            depth -= ch == "}"
            if depth == 0 and ch == "}":
                closed_at = i
                break
        if closed_at is None:
            problems.append(f"{key}: the entry never closes its braces")
        elif chunk[closed_at + 1 :].strip() and not all(
            line.lstrip().startswith("%") or not line.strip() for line in chunk[closed_at + 1 :].splitlines()
        ):
            problems.append(f"{key}: text after the entry's closing brace")
    counts = collections.Counter(re.findall(r"^@\w+\{([^,]+),", text, flags=re.M))
    problems += [f"{key}: defined {n} times" for key, n in counts.items() if n > 1]
    return problems


def test_bibliography_entries_are_well_formed():
    assert entry_problems(BIB.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "planted, expected",
    [
        ("@book{a,\n  title = {A},\n  year = {2001}\n\n@book{b,\n  year = {2002}\n}\n", "a: the entry never closes"),
        ("@book{a,\n  year = {2001}\n}\n@book{a,\n  year = {2002}\n}\n", "a: defined 2 times"),
    ],
)
def test_a_planted_fault_is_named(planted, expected):
    assert any(p.startswith(expected) for p in entry_problems(planted))
