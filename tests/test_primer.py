"""The primer (book/primer.ipynb) teaches the pandas the exercise sets use.

* Its eight sections exist as ``##`` headings: chapters and exercise sets link to their anchors.
* Every pandas method an exercise set calls is also called in the primer's code, so a new idiom in
  an exercise set without a primer section fails here.  The calls are read with ``ast`` from the
  exercise sets' code cells (not their hidden tests), against a fixed list of pandas methods.
* Each common error is shown for real: the cells tagged ``raises-exception`` hold the errors the
  section explains, and no other cell fails.
* The page sits in the table of contents after "How to use this book", and nbval reproduces it.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml
from myst_parser.mdit_to_docutils.base import default_slugify

ROOT = Path(__file__).resolve().parent.parent
PRIMER = ROOT / "book" / "primer.ipynb"
EXERCISE_SETS = sorted((ROOT / "exercises").glob("ch[0-9][0-9].ipynb"))

# The headings other pages link to, and their anchors as given in the task (issue 19).
SECTIONS = {
    "Selecting columns": "selecting-columns",
    "Filtering rows": "filtering-rows",
    "Grouping": "grouping",
    "Counting values": "counting-values",
    "Distinct values": "distinct-values",
    "Dates and times": "dates-and-times",
    "A first plot": "a-first-plot",
    "Common errors": "common-errors",
}

# Methods of DataFrames, Series, group-bys and the .dt accessor that a course like this uses.
PANDAS_METHODS = frozenset({
    "agg", "aggregate", "all", "any", "apply", "assign", "astype", "between", "clip", "corr", "count",
    "cumsum", "day_name", "describe", "diff", "drop", "drop_duplicates", "dropna", "duplicated",
    "explode", "fillna", "first", "groupby", "head", "idxmax", "idxmin", "isin", "isna", "last",
    "map", "max", "mean", "median", "melt", "merge", "min", "month_name", "nlargest", "notna",
    "nsmallest", "nunique", "pct_change", "pivot", "pivot_table", "plot", "quantile", "query",
    "rank", "rename", "resample", "reset_index", "round", "set_index", "shift", "size",
    "sort_index", "sort_values", "stack", "std", "sum", "tail", "to_numpy", "to_period",
    "to_timestamp", "total_seconds", "transform", "unique", "unstack", "value_counts", "var",
    "where",
})
# Methods that only count when called on the .str accessor (plain Python strings have them too).
STRING_METHODS = frozenset({"contains", "endswith", "len", "lower", "replace", "slice", "split",
                            "startswith", "strip", "upper"})
# Functions called on the pandas module itself: pd.to_datetime(...).
PANDAS_FUNCTIONS = frozenset({"concat", "crosstab", "cut", "date_range", "merge", "qcut",
                              "to_datetime", "to_numeric", "to_timedelta"})
# Attributes used without a call: selecting by label or position, the accessors, the labels.
PANDAS_ATTRIBUTES = frozenset({"columns", "dt", "iloc", "index", "loc", "shape", "str"})
OPERATORS = {ast.BitAnd: "&", ast.BitOr: "|", ast.Invert: "~"}


# ---- reading code ----------------------------------------------------------------------------------

def _parse(source: str) -> ast.Module:
    """A code cell as a syntax tree, without IPython's magics and shell lines."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


def _modules(tree: ast.Module) -> set[str]:
    """Names bound by imports (np, pd, data, staffing, ...)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def pandas_idioms(sources: list[str]) -> set[str]:
    """The pandas methods, functions, attributes and operators a list of code cells uses.

    A call on an imported module counts only for pandas' own functions (``pd.to_timedelta``);
    ``np.where`` or ``data.load`` do not.  String methods count only on ``.str``.
    """
    trees = [_parse(source) for source in sources]
    modules = set().union(*(_modules(tree) for tree in trees)) if trees else set()
    found: set[str] = set()
    for tree in trees:
        called = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                called.add(id(node.func))
                name, receiver = node.func.attr, node.func.value
                if isinstance(receiver, ast.Name) and receiver.id in modules:
                    if receiver.id == "pd" and name in PANDAS_FUNCTIONS:
                        found.add(f"pd.{name}")
                    continue
                on_str = isinstance(receiver, ast.Attribute) and receiver.attr == "str"
                if name in STRING_METHODS:
                    if on_str:
                        found.add(f"str.{name}")
                elif name in PANDAS_METHODS:
                    found.add(name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and id(node) not in called and node.attr in PANDAS_ATTRIBUTES:
                if not (isinstance(node.value, ast.Name) and node.value.id in modules):
                    found.add(node.attr)
            elif isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(node.op) in OPERATORS:
                found.add(OPERATORS[type(node.op)])
    return found


def exercise_code(notebook: dict) -> list[str]:
    """The code cells of an exercise set that a student sees or writes: not its tests."""
    sources, in_tests = [], False
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw":
            first = source.strip().splitlines()[0].upper() if source.strip() else ""
            if re.match(r"#\s*BEGIN\s+TESTS\b", first):
                in_tests = True
            elif re.match(r"#\s*END\s+TESTS\b", first):
                in_tests = False
        elif cell["cell_type"] == "code" and not in_tests:
            sources.append(source)
    return sources


def code_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def headings(notebook: dict, level: int = 2) -> list[str]:
    """The text of every heading of one level in the markdown cells (outside code fences)."""
    found = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in "".join(cell["source"]).splitlines():
            if re.match(r"\s*(`{3,}|~{3,})", line):
                fenced = not fenced
            elif not fenced and (m := re.match(rf"#{{{level}}}\s+(.+?)\s*$", line)):
                found.append(m.group(1))
    return found


def missing_sections(notebook: dict) -> list[str]:
    present = Counter(headings(notebook))
    return [title for title in SECTIONS if present[title] != 1]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---- the sections and their anchors ----------------------------------------------------------------

def test_the_eight_sections_exist_once_each_in_order():
    notebook = load(PRIMER)
    assert not missing_sections(notebook), f"missing or repeated '## ' sections: {missing_sections(notebook)}"
    order = [h for h in headings(notebook) if h in SECTIONS]
    assert order == list(SECTIONS), order


def test_the_anchors_are_the_ones_other_pages_link_to():
    # MyST's own slug function against the task's anchors.  The setting must reach Sphinx:
    # jupyter-book 1.x ignores myst_heading_anchors under `parse:`, so it belongs in sphinx.config.
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"].get("myst_heading_anchors", 0) >= 2
    assert {default_slugify(title): anchor for title, anchor in SECTIONS.items()} == {
        a: a for a in SECTIONS.values()}


def test_the_primers_own_links_to_its_sections_resolve():
    notebook = load(PRIMER)
    anchors = {default_slugify(h) for level in (2, 3) for h in headings(notebook, level)}
    links = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            links |= set(re.findall(r"\]\(#([\w-]+)\)", "".join(cell["source"])))
    assert links, "the primer links to none of its sections"
    assert links <= anchors, f"links to sections that do not exist: {sorted(links - anchors)}"


def test_a_removed_section_is_found():
    notebook = load(PRIMER)
    for cell in notebook["cells"]:
        cell["source"] = "".join(cell["source"]).replace("## Distinct values", "## Distinct value")
    assert missing_sections(notebook) == ["Distinct values"]


# ---- every pandas idiom of the exercise sets is taught ---------------------------------------------

def test_the_fixed_lists_are_real_pandas():
    # pandas itself is the independent reference: each name must exist where the test assumes it.
    series = pd.Series([1.0, 2.0])
    owners = [pd.DataFrame, pd.Series, series.groupby([0, 1]),
              pd.Series(pd.to_datetime(["2026-03-23"])).dt, pd.Series(pd.to_timedelta(["1h"])).dt]
    unknown = [name for name in PANDAS_METHODS if not any(callable(getattr(o, name, None)) for o in owners)]
    assert not unknown, unknown
    text = pd.Series(["a"]).str
    assert not [name for name in STRING_METHODS if not callable(getattr(text, name, None))]
    assert not [name for name in PANDAS_FUNCTIONS if not callable(getattr(pd, name, None))]
    assert all(hasattr(pd.DataFrame, name) or hasattr(pd.Series, name) for name in PANDAS_ATTRIBUTES)


def test_the_collector_finds_pandas_calls_and_ignores_the_rest():
    code = (
        "import numpy as np\nimport pandas as pd\nfrom servicelab import data\n"
        "calls = data.load('callcentre_calls')\n"
        "top = calls['branch'].value_counts().idxmax()\n"
        "late = calls[(calls['wait_seconds'] > 60) & ~calls['abandoned']]\n"
        "hour = calls['arrival_time'].str.startswith('09')\n"
        "minutes = pd.to_timedelta(calls['arrival_time']).dt.total_seconds()\n"
        "flag = np.where(calls['abandoned'], 1, 0)\n"
        "ok = 'abc'.startswith('a') and all(v for v in {'a': 1}.values())\n"
        "first = calls.loc[0, 'branch']\n"
    )
    assert pandas_idioms([code]) == {"value_counts", "idxmax", "&", "~", "str", "str.startswith",
                                     "pd.to_timedelta", "dt", "total_seconds", "loc"}


def test_the_exercise_sets_are_read():
    # If nothing were found, the reader of the exercise sets would be broken, not the primer
    # complete.  Every exercise set groups or selects with .loc; together they use a dozen idioms
    # or more (31 when this test was written).
    assert len(EXERCISE_SETS) == 9
    used = set().union(*(pandas_idioms(exercise_code(load(p))) for p in EXERCISE_SETS))
    assert {"groupby", "loc"} <= used and len(used) >= 12, sorted(used)


@pytest.mark.parametrize("path", EXERCISE_SETS, ids=[p.stem for p in EXERCISE_SETS])
def test_every_pandas_idiom_of_an_exercise_set_is_in_the_primer(path):
    taught = pandas_idioms(code_cells(load(PRIMER)))
    used = pandas_idioms(exercise_code(load(path)))
    assert used <= taught, (
        f"{path.name} uses pandas that the primer (book/primer.ipynb) never shows: "
        f"{sorted(used - taught)}; add it to the primer's section on it"
    )


def test_a_new_idiom_in_an_exercise_set_fails():
    # Plant the fault: an exercise solution that reshapes with pivot_table, which the primer lacks.
    taught = pandas_idioms(code_cells(load(PRIMER)))
    planted = "table = calls.pivot_table(index='weekday', columns='branch', values='wait_seconds')"
    assert pandas_idioms([planted]) - taught == {"pivot_table"}


def test_tests_of_an_exercise_set_are_not_read():
    notebook = {"cells": [
        {"cell_type": "code", "source": ["x = calls['branch'].nunique()"]},
        {"cell_type": "raw", "source": ["# BEGIN TESTS"]},
        {"cell_type": "code", "source": ["assert calls.pivot_table(index='date').shape"]},
        {"cell_type": "raw", "source": ["# END TESTS"]},
    ]}
    assert pandas_idioms(exercise_code(notebook)) == {"nunique"}


# ---- the common errors are shown for real ----------------------------------------------------------

EXPECTED_ERRORS = [          # in the order the section explains them
    ("KeyError", "'wait_second'"),
    ("KeyError", "0"),
    ("ValueError", "The truth value of a Series is ambiguous"),
    ("TypeError", "Cannot perform 'rand_'"),
    ("ChainedAssignmentError", "chained assignment"),
    ("TypeError", "Invalid comparison between dtype=datetime64"),
    ("NameError", "name 'shanghai_calls' is not defined"),
    ("TypeError", "'ellipsis'"),
]


def test_each_common_error_is_raised_in_a_cell_allowed_to_fail():
    notebook = load(PRIMER)
    shown = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        tagged = "raises-exception" in cell["metadata"].get("tags", [])
        assert tagged == bool(errors), f"cell {''.join(cell['source'])[:60]!r}: tagged {tagged}, errors {errors}"
        shown += [(e["ename"], e["evalue"]) for e in errors]
    assert len(shown) == len(EXPECTED_ERRORS), shown
    for (ename, evalue), (want_name, want_text) in zip(shown, EXPECTED_ERRORS):
        assert ename == want_name and want_text in evalue, (ename, evalue)


def test_exercises_have_folded_solutions():
    text = "\n".join("".join(c["source"]) for c in load(PRIMER)["cells"] if c["cell_type"] == "markdown")
    labels = re.findall(r"```\{exercise\}[^\n]*\n:label: (\S+)", text)
    solutions = re.findall(r"```\{solution\} (\S+)\n:class: dropdown", text)
    assert len(labels) >= len(SECTIONS) and labels == solutions, (labels, solutions)


# ---- in the book, reproducible ---------------------------------------------------------------------

def test_the_primer_follows_how_to_use_in_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    start = next(part for part in toc["parts"] if part["caption"] == "Start here")
    files = [entry.get("file") for entry in start["chapters"]]
    assert files.index("book/primer") == files.index("book/how-to-use") + 1, files


@pytest.mark.slow
def test_nbval_reproduces_the_primer():
    """As the chapters are tested: the committed outputs must match a fresh run."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
               "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), str(PRIMER)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
