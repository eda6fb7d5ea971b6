"""Every notebook's committed outputs equal a fresh run: text, tables, glue records and figures.

The notebooks are executed once per test run (``executed_notebooks`` in conftest.py, in
parallel, the same executions the book build then uses); each test here compares one
notebook's committed outputs with its fresh run, cell by cell, with the rules in
``tests/notebook_compare.py``.  A changed figure leaves the committed, the fresh and a
difference picture in ``_build/artifacts/figure-diffs/``.

One chapter only:  ``pytest tests/test_notebooks.py -k ch05``  (executes only those notebooks), or
``TEST_NOTEBOOKS=ch05`` (what ``make test-fast NB=ch05`` sets).

The same execution proves that every exercise set's solutions pass all their tests, public
and hidden: in the instructor notebook each test is a code cell of ``assert`` statements run
right after its solution, so a failing test stops the notebook with an error.
``test_exercise_solutions_pass_their_tests`` says so per set, naming the test cell; the
grading tests then run ``otter assign`` without executing the sets again.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

from notebook_compare import compare_notebooks, report, save_image_diff, sanitizers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import student  # noqa: E402  (tools/student.py: otter's blocks in an exercise set)
from execute_notebooks import discover  # noqa: E402

#: TEST_NOTEBOOKS=ch05,ch06 keeps the notebooks whose path contains one of those (make test-fast NB=...).
ONLY = [part for part in os.environ.get("TEST_NOTEBOOKS", "").split(",") if part.strip()]
NOTEBOOKS = [
    name for name in (p.relative_to(ROOT).as_posix() for p in discover(ROOT))
    if not ONLY or any(part.strip() in name for part in ONLY)
]
ALL_NOTEBOOKS = [p.relative_to(ROOT).as_posix() for p in discover(ROOT)]
DIFFS = ROOT / "_build" / "artifacts" / "figure-diffs"

pytestmark = pytest.mark.notebook


def test_the_book_has_notebooks():
    assert len(ALL_NOTEBOOKS) >= 9, f"expected the chapters' notebooks and the nine exercise sets, found {ALL_NOTEBOOKS}"
    assert NOTEBOOKS, f"TEST_NOTEBOOKS={os.environ.get('TEST_NOTEBOOKS')} matches no notebook"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_outputs(notebook, executed_notebooks):
    error = executed_notebooks.error(notebook)
    if error:
        pytest.fail(f"{notebook} did not run to the end in a fresh kernel:\n{error}", pytrace=False)
    fresh = executed_notebooks.notebook(notebook)
    assert fresh.is_file(), f"{notebook} was not executed in this run"
    committed = nbformat.read(ROOT / notebook, as_version=4)
    differences = compare_notebooks(committed, nbformat.read(fresh, as_version=4), sanitizers())
    for number, difference in enumerate(d for d in differences if d.images):
        stem = re.sub(r"[^\w.-]+", "_", f"{notebook}-cell{difference.cell}-{number}")
        written = save_image_diff(*difference.images, DIFFS, stem)
        difference.actual += f"\n(pictures: {', '.join(str(p.relative_to(ROOT)) for p in written)})"
    assert not differences, report(notebook, differences)


EXERCISE_SETS = [n for n in NOTEBOOKS if re.fullmatch(r"exercises/ch\d\d\.ipynb", n)]


def test_cells_that_failed(executed) -> list[str]:
    """The test cells of an executed instructor notebook that did not run or raised."""
    problems = []
    numbers = {id(cell): n for n, cell in enumerate(executed.cells, start=1)}
    for blocks, cell in student._blocks(executed):
        if "TESTS" not in blocks or cell.cell_type != "code":
            continue
        first = next((line for line in cell.source.splitlines() if line.strip() and "TEST CONFIG" not in line), "")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            problems.append(f"cell {numbers[id(cell)]} ({first.strip()[:60]}): {errors[0].get('ename')}: {errors[0].get('evalue')}")
        elif cell.get("execution_count") is None:
            problems.append(f"cell {numbers[id(cell)]} ({first.strip()[:60]}) did not run")
    return problems


test_cells_that_failed.__test__ = False  # a helper, not a test


@pytest.mark.parametrize("notebook", EXERCISE_SETS)
def test_exercise_solutions_pass_their_tests(notebook, executed_notebooks):
    error = executed_notebooks.error(notebook)
    if error:
        pytest.fail(f"{notebook} did not run to the end in a fresh kernel:\n{error}", pytrace=False)
    fresh = executed_notebooks.notebook(notebook)
    assert fresh.is_file(), f"{notebook} was not executed in this run"
    executed = nbformat.read(fresh, as_version=4)
    tests = [c for b, c in student._blocks(executed) if "TESTS" in b and c.cell_type == "code"]
    assert tests, f"{notebook} has no test cells"
    problems = test_cells_that_failed(executed)
    assert not problems, f"{notebook}: tests that the solutions do not pass:\n" + "\n".join(problems)


def test_a_failing_test_cell_is_named():
    """Planted: an error in one test cell of an executed exercise set is reported with its cell."""
    path = ROOT / next(n for n in ALL_NOTEBOOKS if re.fullmatch(r"exercises/ch\d\d\.ipynb", n))
    executed = nbformat.read(path, as_version=4)  # the committed notebook, outputs as executed
    assert test_cells_that_failed(executed) == []
    cell = next(c for b, c in student._blocks(executed) if "TESTS" in b and c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="", traceback=[])]
    problems = test_cells_that_failed(executed)
    assert len(problems) == 1 and "AssertionError" in problems[0]
    number = executed.cells.index(cell) + 1
    assert problems[0].startswith(f"cell {number} ")
