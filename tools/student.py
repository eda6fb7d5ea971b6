"""Make the student copies and the grading bundle of the exercise sets.

    python tools/student.py [NOTEBOOK ...] [--out build/exercises]

Each NOTEBOOK is an instructor notebook in otter-grader's assignment format
(``exercises/chNN.ipynb`` by default: all of them).  For each one this runs
``otter assign``, which executes the solutions against every test, public and
hidden, and stops with an error if one fails.  It then writes

* ``OUT/student/chNN.ipynb``: the copy to hand out (solutions replaced by
  ``...`` placeholders, written answers by a prompt, hidden tests removed,
  public tests kept inside the notebook for ``grader.check``, whose first
  cell loads this book's checks, ``servicelab.checks``, so that the copy
  checks under any file name);
* ``OUT/autograder/chNN.json``: the grading spec ``tools/grade.py`` grades
  with (set-up code, every test with its points and messages, the answer
  variables each question's tests read), and ``OUT/autograder/chNN.zip``,
  everything ``otter run`` needs; both hold the hidden tests (keep them away
  from students);

and finally checks that no line of solution code or written solution, and no
hidden test, survived into the student copy, and that every code cell of the
copy is valid Python.  Exit status 1 if anything failed.

    python tools/student.py --book [NOTEBOOK ...]

prepares instructor notebooks for the online book instead, in place: solution
code cells get the ``hide-cell`` tag (collapsed), test cells ``remove-cell``
(not shown) and written solutions a dropdown.  The student copy is unaffected.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "build" / "exercises"

_BEGIN = re.compile(r"^\s*#\s*BEGIN\s+(QUESTION|SOLUTION|TESTS)\b", re.IGNORECASE)
_END = re.compile(r"^\s*#\s*END\s+(QUESTION|SOLUTION|TESTS)\b", re.IGNORECASE)
_SOLUTION_TAIL = re.compile(r"#\s*SOLUTION\s*$")
_SOLUTION_BLOCK = re.compile(r"^\s*#\s*(BEGIN|END)\s+SOLUTION\b", re.IGNORECASE)
_TEST_CONFIG = re.compile(r'""?"?\s*#\s*(BEGIN|END)\s*TEST\s*CONFIG', re.IGNORECASE)


def exercise_notebooks(paths: list[str]) -> list[Path]:
    """The instructor notebooks named by ``paths`` (files or folders)."""
    found: list[Path] = []
    for item in paths or [str(ROOT / "exercises")]:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(path.glob("ch[0-9][0-9].ipynb")))
        elif path.suffix == ".ipynb" and path.is_file():
            found.append(path)
        else:
            raise SystemExit(f"not a notebook or folder: {item}")
    return found


def _blocks(notebook) -> list[tuple[set[str], nbformat.NotebookNode]]:
    """Pair every non-raw cell with the set of blocks (QUESTION, SOLUTION, TESTS) it sits in."""
    open_blocks: set[str] = set()
    out = []
    for cell in notebook.cells:
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if cell.cell_type == "raw":
            if m := _BEGIN.match(first):
                open_blocks.add(m.group(1).upper())
            elif m := _END.match(first):
                open_blocks.discard(m.group(1).upper())
            continue
        out.append((set(open_blocks), cell))
    return out


def secret_lines(notebook) -> list[str]:
    """The lines of an instructor notebook that must never reach a student.

    Solution code (lines ending in ``# SOLUTION`` and lines between
    ``# BEGIN SOLUTION`` / ``# END SOLUTION`` comments inside a solution
    block), written solutions (markdown cells inside a solution block) and
    the code of hidden tests.  Lines shorter than 8 characters are skipped:
    they are too generic to identify a leak (``)``, ``else:``).
    """
    lines: list[str] = []
    for blocks, cell in _blocks(notebook):
        source = cell.source.splitlines()
        if "SOLUTION" in blocks:
            if cell.cell_type == "markdown":
                lines.extend(source)
                continue
            inside = False
            for line in source:
                if _SOLUTION_BLOCK.match(line):
                    inside = line.strip().upper().split()[1] == "BEGIN"
                    continue
                if inside:
                    lines.append(line)
                elif _SOLUTION_TAIL.search(line):
                    lines.append(_SOLUTION_TAIL.sub("", line))
        elif "TESTS" in blocks and cell.cell_type == "code":
            config = "\n".join(source)
            hidden = re.search(r"^\s*hidden:\s*true\s*$", config, re.MULTILINE | re.IGNORECASE) or (
                source and re.match(r"^\s*#.*\bhidden\b", source[0], re.IGNORECASE)
            )
            if hidden:
                in_config = False
                for line in source:
                    if _TEST_CONFIG.search(line):
                        in_config = not in_config
                        continue
                    if not in_config:
                        lines.append(line)
    return [line.strip() for line in lines if len(line.strip()) >= 8]


def questions(notebook) -> list[dict]:
    """The questions of an instructor notebook: name, points and whether graded by hand."""
    found = []
    for cell in notebook.cells:
        lines = cell.source.strip().splitlines()
        if cell.cell_type == "raw" and lines and re.match(r"^#\s*BEGIN\s+QUESTION\b", lines[0], re.IGNORECASE):
            config = yaml.safe_load("\n".join(lines[1:])) or {}
            found.append({"name": config["name"], "points": config.get("points"),
                          "manual": bool(config.get("manual", False))})
    return found


_BEGIN_TEST_CONFIG = re.compile(r'^\s*"""\s*#\s*BEGIN\s+TEST\s+CONFIG', re.IGNORECASE)
_END_TEST_CONFIG = re.compile(r'^\s*"""\s*#\s*END\s+TEST\s+CONFIG', re.IGNORECASE)


def parse_test(source: str) -> dict:
    """One test cell: its code (without the config block) and its config, as otter assign reads it.

    Returns ``{"code", "hidden", "points", "failure_message", "success_message", "mistake"}``;
    ``mistake`` is this book's addition (the likely wrong answer the test names, see
    CONTRIBUTING.md, "An exercise set"); otter ignores it.
    """
    lines = source.strip("\n").splitlines()
    config: dict = {}
    start = 0
    hidden = bool(lines and lines[0].lstrip().startswith("#") and re.search(r"\bhidden\b", lines[0], re.I))
    if lines and _BEGIN_TEST_CONFIG.match(lines[0]):
        end = next((i for i, line in enumerate(lines) if i and _END_TEST_CONFIG.match(line)), None)
        if end is None:
            raise ValueError(f"a test config block is not closed: {lines[0]!r}")
        config = yaml.safe_load("\n".join(lines[1:end])) or {}
        if not isinstance(config, dict):
            raise ValueError(f"a test config is not a YAML mapping: {lines[1:end]}")
        start = end + 1
    elif hidden:
        start = 1
    code = "\n".join(lines[start:]).strip("\n")
    for node in ast.parse(code).body:
        if isinstance(node, ast.Expr):
            raise ValueError(f"test code must be assert statements, not a bare expression: {ast.unparse(node)[:60]!r}")
    mistake = config.get("mistake")
    if mistake is not None and not isinstance(mistake, str):
        raise ValueError(f"'mistake' must be Python code (a string), not {mistake!r}")
    return {
        "code": code,
        "hidden": bool(config.get("hidden", hidden)),
        "points": config.get("points"),
        "failure_message": config.get("failure_message"),
        "success_message": config.get("success_message"),
        "mistake": mistake,
    }


def _bound_names(code: str) -> set[str]:
    """Names a piece of code binds at its top level (imports, assignments, definitions, loops)."""
    names: set[str] = set()
    for node in ast.parse(code).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    raise ValueError("'from ... import *' in the set-up cell: import names explicitly")
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
    return names


def _used_names(code: str) -> list[str]:
    """Global names a test reads (in order of first use), leaving out names it binds itself."""
    tree = ast.parse(code)
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    bound |= {a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments) for a in n.args + n.kwonlyargs}
    used = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in bound and node.id not in used:
            used.append(node.id)
    return used


def _resolve_points(total, tests: list[dict], question: str) -> list[float]:
    """Points of each test as otter resolves them (question total split over tests without their own)."""
    from otter.test_files.abstract_test import TestCase, TestFile

    if isinstance(total, dict):
        total = total.get("each", 1) * len(tests)
    cases = [TestCase("", t["code"], t["hidden"], t["points"], None, None) for t in tests]
    try:
        resolved = TestFile.resolve_test_file_points(total, cases)
    except (ValueError, TypeError, AssertionError) as error:
        raise ValueError(f"{question}: {error}") from None
    return [float(case.points) for case in resolved]


def grading_spec(notebook) -> dict:
    """Everything ``tools/grade.py`` needs to grade a set, read from its instructor notebook.

    ``setup``: the code cells outside every question (imports, data), which the
    grader runs itself, in a clean process; per question: ``name``, ``points``,
    ``manual``, ``all_or_nothing``, ``names`` (the answer variables its tests
    read: the names the tests use that the set-up does not define) and
    ``tests`` (code, hidden, resolved points, messages).  Holds the hidden
    tests: it belongs in the grading bundle, never with students.
    """
    setup: list[str] = []
    found: list[dict] = []
    current: dict | None = None
    in_tests = False
    for cell in notebook.cells:
        lines = cell.source.strip().splitlines()
        first = lines[0] if lines else ""
        if cell.cell_type == "raw":
            if re.match(r"^#\s*BEGIN\s+QUESTION\b", first, re.I):
                config = yaml.safe_load("\n".join(lines[1:])) or {}
                current = {"name": config["name"], "points": config.get("points"), "manual": bool(config.get("manual", False)),
                           "all_or_nothing": bool(config.get("all_or_nothing", False)), "tests": []}
                found.append(current)
            elif re.match(r"^#\s*END\s+QUESTION\b", first, re.I):
                current = None
            elif re.match(r"^#\s*BEGIN\s+TESTS\b", first, re.I):
                in_tests = True
            elif re.match(r"^#\s*END\s+TESTS\b", first, re.I):
                in_tests = False
            continue
        if cell.cell_type != "code":
            continue
        if current is None:
            setup.append(cell.source)
        elif in_tests:
            current["tests"].append(parse_test(cell.source))
    setup_code = "\n\n".join(setup)
    defined = _bound_names(setup_code)
    import builtins

    for question in found:
        tests = question["tests"]
        if question["manual"]:
            question["names"] = []
            continue
        if not tests:
            raise ValueError(f"{question['name']}: an auto-graded question needs tests")
        for test, points in zip(tests, _resolve_points(question["points"], tests, question["name"])):
            test["points"] = points
        names: list[str] = []
        for test in tests:
            names += [n for n in _used_names(test["code"]) if n not in defined and not hasattr(builtins, n) and n not in names]
        question["names"] = names
        question["points"] = sum(t["points"] for t in tests)
    return {"setup": setup_code, "questions": found}


def likely_mistakes(notebook) -> list[dict]:
    """The likely wrong answers a set declares: ``{"question", "code", "message"}`` per public test with a ``mistake``."""
    out = []
    for question in grading_spec(notebook)["questions"]:
        for test in question["tests"]:
            if test["mistake"]:
                if test["hidden"]:
                    raise ValueError(f"{question['name']}: a 'mistake' belongs on a public test, which students see")
                out.append({"question": question["name"], "code": test["mistake"], "message": test["failure_message"]})
    return out


#: The first code cell of a student copy: the checks, which find their notebook whatever its name.
CHECKS_CELL = (
    "# Run this cell first: it loads the checks of this exercise set.\n"
    "from servicelab.checks import Checks\n"
    'grader = Checks("{name}")'
)


def add_checks(student_copy: Path, spec: dict, name: str) -> None:
    """Give a student copy this book's checks in place of otter's.

    The public tests go into the notebook's metadata (``servicelab.checks``),
    with a flag for the tests that name a likely mistake but without the
    example wrong answers themselves.  Otter's ``otter.Notebook("chNN.ipynb")``
    cell, which stops working when the file is renamed, is replaced; otter's
    own metadata stays, so that otter's tools (``otter run``) still accept the
    copy.
    """
    nb = nbformat.read(student_copy, as_version=4)
    checks = {
        q["name"]: [{"code": t["code"], "message": t["failure_message"] or f"Check {q['name']} failed.",
                     "mistake": bool(t["mistake"])} for t in q["tests"] if not t["hidden"]]
        for q in spec["questions"] if not q["manual"]
    }
    nb.metadata["servicelab"] = {"assignment": name, "checks": checks}
    replaced = False
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"^\s*grader\s*=\s*otter\.Notebook\(", cell.source, re.M):
            cell.source = CHECKS_CELL.format(name=name)
            replaced = True
    if not replaced:
        raise RuntimeError(f"{student_copy}: otter's set-up cell (grader = otter.Notebook(...)) was not found")
    nbformat.write(nb, student_copy)


SOLUTION_TAG, TEST_TAG = "hide-cell", "remove-cell"
_DROPDOWN = re.compile(r"^\s*:{3,}\{(admonition|dropdown)\}")


def book_ready(notebook) -> list[str]:
    """What is missing for the online book to show ``notebook`` well (empty list: nothing).

    The book shows an exercise set with its solutions collapsed: solution code
    cells carry the ``hide-cell`` tag, written solutions sit in a dropdown, and
    test cells carry ``remove-cell`` (the book does not show them).
    """
    problems = []
    for number, (blocks, cell) in enumerate(_blocks(notebook), start=1):
        tags = cell.get("metadata", {}).get("tags", [])
        if "SOLUTION" in blocks and cell.cell_type == "code" and SOLUTION_TAG not in tags:
            problems.append(f"solution code cell {number} lacks the {SOLUTION_TAG} tag")
        if "SOLUTION" in blocks and cell.cell_type == "markdown" and not _DROPDOWN.match(cell.source):
            problems.append(f"written solution cell {number} is not in a dropdown")
        if "TESTS" in blocks and cell.cell_type == "code" and TEST_TAG not in tags:
            problems.append(f"test cell {number} lacks the {TEST_TAG} tag")
    return problems


def prepare_for_book(path: Path) -> bool:
    """Add the tags and dropdowns of :func:`book_ready` to an instructor notebook in place.

    Idempotent; cell sources of code cells and outputs are untouched, so nbval
    results do not change.  Returns whether the file was changed.
    """
    notebook = nbformat.read(path, as_version=4)
    if not book_ready(notebook):
        return False
    for blocks, cell in _blocks(notebook):
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if "SOLUTION" in blocks and cell.cell_type == "code" and SOLUTION_TAG not in tags:
            tags.append(SOLUTION_TAG)
        if "TESTS" in blocks and cell.cell_type == "code" and TEST_TAG not in tags:
            tags.append(TEST_TAG)
        if "SOLUTION" in blocks and cell.cell_type == "markdown" and not _DROPDOWN.match(cell.source):
            cell.source = f"::::{{admonition}} A model answer\n:class: dropdown\n\n{cell.source.strip()}\n::::"
        if not tags:
            del cell["metadata"]["tags"]
    nbformat.write(notebook, path)
    return True


def student_text(notebook) -> str:
    """Everything a student can read in a notebook: cell sources, outputs and metadata."""
    return nbformat.writes(notebook)


def leaks(instructor: Path, student: Path) -> list[str]:
    """Secret lines of ``instructor`` that appear anywhere in ``student`` (empty list: none)."""
    secrets = secret_lines(nbformat.read(instructor, as_version=4))
    student_nb = nbformat.read(student, as_version=4)
    # Compare against each cell line and against the JSON (tests are stored in the metadata).
    visible = [line.strip() for cell in student_nb.cells for line in cell.source.splitlines()]
    blob = student_text(student_nb)
    found = []
    for line in secrets:
        # json.dumps escapes quotes and backslashes; compare the plain line and its JSON form.
        escaped = line.replace("\\", "\\\\").replace('"', '\\"')
        if line in visible or line in blob or escaped in blob:
            found.append(line)
    return found


def syntax_errors(student_copy: Path) -> list[str]:
    """Code cells of a student copy that are not valid Python (``...`` placeholders are valid).

    A multi-line statement marked ``# SOLUTION`` line by line leaves a broken
    cell behind; the fix is a ``# BEGIN SOLUTION`` / ``# END SOLUTION`` block.
    """
    problems = []
    notebook = nbformat.read(student_copy, as_version=4)
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        try:
            ast.parse(cell.source)
        except SyntaxError as error:
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            problems.append(f"cell {number} ({first[:50]!r}...): {error.msg}, line {error.lineno}")
    return problems


def assign(notebook: Path, out: Path, run_tests: bool = True) -> tuple[Path, Path]:
    """Run ``otter assign`` on one instructor notebook; return (student copy, autograder zip).

    Also writes ``OUT/autograder/NAME.json``, the grading spec of :func:`grading_spec`
    (what ``tools/grade.py`` grades with), and gives the student copy this
    book's checks (:func:`add_checks`).  ``run_tests=False`` skips otter's own run of the
    solutions against the tests (the test suite proves that from the notebook execution it
    already has; tests/test_notebooks.py).
    """
    name = notebook.stem
    try:
        grading_spec(nbformat.read(notebook, as_version=4))  # fail early, with a clear message
    except (ValueError, KeyError, SyntaxError, yaml.YAMLError) as error:
        raise RuntimeError(f"{notebook}: {error}") from None
    otter = Path(sys.executable).parent / "otter"
    with tempfile.TemporaryDirectory(prefix=f"otter-{name}-") as tmp:
        result = subprocess.run(
            [str(otter), "assign", "--no-pdfs", *([] if run_tests else ["--no-run-tests"]),
             str(notebook.resolve()), tmp],
            capture_output=True,
            text=True,
            cwd=notebook.parent,
        )
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-40:])
            raise RuntimeError(f"otter assign failed for {notebook}:\n{tail}")
        zips = sorted(Path(tmp, "autograder").glob("*.zip"))
        if len(zips) != 1:
            raise RuntimeError(f"otter assign wrote {len(zips)} autograder zips for {notebook}")
        (out / "student").mkdir(parents=True, exist_ok=True)
        (out / "autograder").mkdir(parents=True, exist_ok=True)
        student = out / "student" / f"{name}.ipynb"
        bundle = out / "autograder" / f"{name}.zip"
        shutil.copyfile(Path(tmp, "student", notebook.name), student)
        shutil.copyfile(zips[0], bundle)
    spec = grading_spec(nbformat.read(notebook, as_version=4))
    add_checks(student, spec, name)
    record = {"assignment": name, "format": 1, **spec}
    (out / "autograder" / f"{name}.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    return student, bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="instructor notebooks or folders (default: exercises/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build/exercises)")
    parser.add_argument("--book", action="store_true",
                        help="only prepare the instructor notebooks for the online book (tags, dropdowns), in place")
    args = parser.parse_args(argv)
    if args.book:
        for notebook in exercise_notebooks(args.notebooks):
            changed = prepare_for_book(notebook)
            print(f"{notebook}: {'prepared for the book' if changed else 'already book-ready'}")
        return 0
    failures = 0
    for notebook in exercise_notebooks(args.notebooks):
        try:
            student, bundle = assign(notebook, args.out)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            failures += 1
            continue
        leaked = leaks(notebook, student)
        if leaked:
            failures += 1
            print(f"{notebook}: solution text found in the student copy:", file=sys.stderr)
            for line in leaked:
                print(f"    {line}", file=sys.stderr)
            student.unlink()
            continue
        broken = syntax_errors(student)
        if broken:
            failures += 1
            print(f"{notebook}: the student copy has code that is not valid Python (mark multi-line "
                  "statements with # BEGIN SOLUTION / # END SOLUTION, not # SOLUTION on each line):",
                  file=sys.stderr)
            for problem in broken:
                print(f"    {problem}", file=sys.stderr)
            continue
        print(f"{notebook.name}: solutions pass their tests; wrote {student} and {bundle}")
    if failures:
        print(f"{failures} exercise set(s) failed", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
