"""Student copies and offline grading of the exercise sets (otter assign / otter run).

The session fixture runs ``tools/student.py`` (``otter assign``) on every exercise
set once, without otter's own run of the solutions against the tests: that each
set's solutions pass all their tests, public and hidden, is proven from the
run's single execution of the notebooks (tests/test_notebooks.py).  The tests then check that no solution survived into any student
copy, and grade a folder of made-up submissions to Exercise set 1 (a correct
one, a partly wrong one and several broken ones) with ``tools/grade.py``,
asserting the points of each.  Slow (about two minutes): otter starts a kernel
per notebook.
"""

from __future__ import annotations

import csv
import re
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import grade  # noqa: E402  (tools/grade.py)
import student  # noqa: E402  (tools/student.py)

pytestmark = pytest.mark.slow

SETS = sorted((ROOT / "exercises").glob("ch[0-9][0-9].ipynb"))

#: Exercise set 1: auto-graded points per question (from the instructor notebook) and their total.
CH01_POINTS = {
    "q1_characteristics": 2,
    "q2_turned_away": 2,
    "q3_best_capacity": 2,
    "q4_least_consistent": 2,
    "q5_lifetime_value": 2,
    "q6_word_of_mouth": 1,
}
CH01_TOTAL = sum(CH01_POINTS.values())  # 11


@pytest.fixture(scope="session")
def assigned(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Run otter assign on every exercise set: the output folder and the error of each set that failed."""
    out = tmp_path_factory.mktemp("exercises")
    errors = {}
    for path in SETS:
        try:
            copy, _ = student.assign(path, out, run_tests=False)
        except RuntimeError as error:
            errors[path.stem] = str(error)
            continue
        leaked = student.leaks(path, copy)
        if leaked:
            errors[path.stem] = "solution text in the student copy: " + "; ".join(leaked)
        broken = student.syntax_errors(copy)
        if broken:
            errors[path.stem] = "student copy is not valid Python: " + "; ".join(broken)
    return out, errors


@pytest.fixture(scope="session")
def copies(assigned) -> Path:
    """The output folder, for tests that need Exercise set 1 (which must have been assigned)."""
    out, errors = assigned
    assert "ch01" not in errors, errors.get("ch01")
    return out


# --- student copies ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_solutions_pass_their_tests_and_stay_out_of_the_student_copy(assigned, path):
    out, errors = assigned
    assert path.stem not in errors, errors.get(path.stem)


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_student_copy_contains_no_solution(assigned, path):
    copies, errors = assigned
    if path.stem in errors:
        pytest.fail(f"otter assign failed for {path.stem}; see the test above")
    copy = copies / "student" / path.name
    assert copy.is_file()
    assert student.leaks(path, copy) == []
    text = copy.read_text(encoding="utf-8")
    # No otter markers, no hidden tests (hidden tests live only in the grading bundle).
    assert not re.search(r"#\s*(BEGIN|END)\s+SOLUTION|#\s*SOLUTION\b", text)
    assert '"hidden": true' not in text
    assert "BEGIN TEST CONFIG" not in text
    # Every question's answer is left for the student: each auto-graded question has a placeholder.
    nb = nbformat.read(copy, as_version=4)
    placeholders = sum(1 for c in nb.cells if c.cell_type == "code" and re.search(r"(=\s*|^)\.\.\.\s*$", c.source, re.M))
    auto = [q for q in student.questions(nbformat.read(path, as_version=4)) if not q["manual"]]
    assert placeholders >= len(auto)
    checks = [c.source for c in nb.cells if c.cell_type == "code" and "grader.check(" in c.source]
    assert len(checks) >= len(auto), "every auto-graded question keeps its check cell"
    # No outputs: nothing computed from a solution is shown.
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_grading_bundle_holds_the_hidden_tests(assigned, path):
    copies, errors = assigned
    if path.stem in errors:
        pytest.fail(f"otter assign failed for {path.stem}; see the test above")
    bundle = copies / "autograder" / f"{path.stem}.zip"
    with zipfile.ZipFile(bundle) as archive:
        tests = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("tests/"))
    assert "'hidden': True" in tests
    manifest = grade.manifest(copies / "autograder", path.stem)
    assert [q["name"] for q in manifest] == [q["name"] for q in student.questions(nbformat.read(path, as_version=4))]


def test_leak_check_catches_a_planted_solution(copies, tmp_path):
    """The leak check is not vacuous: a student copy with one solution line pasted back fails it."""
    instructor = ROOT / "exercises" / "ch01.ipynb"
    nb = nbformat.read(copies / "student" / "ch01.ipynb", as_version=4)
    secret = student.secret_lines(nbformat.read(instructor, as_version=4))[0]
    nb.cells.append(nbformat.v4.new_code_cell(secret))
    planted = tmp_path / "ch01.ipynb"
    nbformat.write(nb, planted)
    assert student.leaks(instructor, planted) == [secret]


def test_documented_example_works(tmp_path):
    """The minimal set in CONTRIBUTING.md, assembled cell by cell, passes otter assign."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## An exercise set", 1)[1]
    block = text.split("````text\n", 1)[1].split("````", 1)[0]
    parts = re.split(r"^\[(raw|markdown|code)\]\n", block, flags=re.M)[1:]
    make = {"raw": nbformat.v4.new_raw_cell, "markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    nb = nbformat.v4.new_notebook()
    nb.cells = [make[kind](source.strip("\n")) for kind, source in zip(parts[::2], parts[1::2])]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    path = tmp_path / "ch99.ipynb"
    nbformat.write(nb, path)
    assert student.main([str(path), "--out", str(tmp_path / "out")]) == 0
    assert [q["name"] for q in student.questions(nb)] == ["q1_idle", "q2_reflect"]


# --- grading ----------------------------------------------------------------------------------


def _answer_cells(nb) -> dict[str, int]:
    """Index of the answer cell of each question in a student copy (the cell before its check)."""
    found = {}
    for i, cell in enumerate(nb.cells):
        match = re.search(r'grader\.check\("(\w+)"\)', cell.source)
        if match:
            found[match.group(1)] = i - 1
    return found


def _solutions(instructor: Path) -> dict[str, str]:
    """The instructor's solution code for each question, with otter's markers removed."""
    nb = nbformat.read(instructor, as_version=4)
    found, current = {}, None
    for cell in nb.cells:
        lines = cell.source.strip().splitlines()
        if cell.cell_type == "raw" and lines and lines[0].startswith("# BEGIN QUESTION"):
            current = re.search(r"name:\s*(\w+)", cell.source).group(1)
        elif cell.cell_type == "code" and current and current not in found and "# SOLUTION" in cell.source:
            code = re.sub(r"\s*# (BEGIN |END )?SOLUTION", "", cell.source)
            found[current] = "\n".join(line for line in code.splitlines() if line.strip())
    return found


def test_checks_in_the_student_copy_work_for_a_student(copies, tmp_path):
    """A student who fills in right answers and runs the copy sees every public check pass."""
    from nbclient import NotebookClient

    nb = nbformat.read(copies / "student" / "ch01.ipynb", as_version=4)
    cells = _answer_cells(nb)
    for question, source in _solutions(ROOT / "exercises" / "ch01.ipynb").items():
        nb.cells[cells[question]].source = source
    work = tmp_path / "ch01.ipynb"  # students keep the file name: the checks read their tests from it
    nbformat.write(nb, work)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    for question in CH01_POINTS:
        outputs = nb.cells[cells[question] + 1].outputs
        shown = " ".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
        assert "passed" in shown and "failed" not in shown.lower(), (question, shown)


@pytest.fixture(scope="session")
def graded(copies, tmp_path_factory) -> dict[str, list[dict]]:
    """Grade five made-up submissions to Exercise set 1; return the gradebook rows per student."""
    folder = tmp_path_factory.mktemp("submissions")
    handout = nbformat.read(copies / "student" / "ch01.ipynb", as_version=4)
    solutions = _solutions(ROOT / "exercises" / "ch01.ipynb")
    assert set(solutions) == set(CH01_POINTS)

    def submission(name: str, answers: dict[str, str], delete: tuple[str, ...] = ()) -> None:
        nb = nbformat.reads(nbformat.writes(handout), as_version=4)
        cells = _answer_cells(nb)
        for question, source in answers.items():
            nb.cells[cells[question]].source = source
        for index in sorted((cells[q] for q in delete), reverse=True):
            del nb.cells[index]
        path = folder / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)

    # Everything right.
    submission("correct", solutions)
    # Two answers of the right type but wrong value: public tests pass, hidden ones fail.
    submission(
        "partly-wrong",
        {
            **solutions,
            "q2_turned_away": "share_turned_away = 0.25\nshare_turned_away",
            "q3_best_capacity": "best_capacity = 140\nbest_capacity",
        },
    )
    # A cell that raises and a deleted answer cell: those questions score 0, the others count.
    submission(
        "crash",
        {**solutions, "q2_turned_away": "raise RuntimeError('I gave up here')"},
        delete=("q4_least_consistent",),
    )
    # An endless loop: stopped by the time limit, the other submissions are still graded.
    submission("endless", {**solutions, "q1_characteristics": "while True:\n    pass"})
    # A damaged file (not JSON), named so the set can still be told from its name.
    (folder / "damaged-ch01.ipynb").write_text('{"cells": [', encoding="utf-8")

    out = tmp_path_factory.mktemp("grades")
    status = grade.main(
        [str(folder), "--bundles", str(copies / "autograder"), "--out", str(out), "--timeout", "60", "--jobs", "2"]
    )
    assert status == 1, "two submissions cannot be graded, so the exit status flags them"
    with (out / "gradebook.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_student: dict[str, list[dict]] = {}
    for row in rows:
        by_student.setdefault(row["student"], []).append(row)
    by_student["_out"] = out  # type: ignore[assignment]
    return by_student


def _points(rows: list[dict]) -> dict[str, str]:
    return {row["question"]: row["points"] for row in rows}


def test_gradebook_columns(graded):
    out = graded["_out"]
    header = (out / "gradebook.csv").read_text().splitlines()[0]
    assert header == "student,assignment,question,points,max_points,status,note"
    assert set(graded) - {"_out"} == {"correct", "partly-wrong", "crash", "endless", "damaged-ch01"}


def test_correct_submission_gets_full_marks(graded):
    points = _points(graded["correct"])
    for question, maximum in CH01_POINTS.items():
        assert float(points[question]) == maximum, question
    assert float(points["total"]) == CH01_TOTAL == 11
    assert all(r["status"] == "passed" for r in graded["correct"] if r["question"] in CH01_POINTS)


def test_written_question_is_left_for_the_instructor(graded):
    row = next(r for r in graded["correct"] if r["question"] == "q7_reflection")
    assert row["status"] == "manual" and row["points"] == "" and row["max_points"] == "2"


def test_partly_wrong_submission_gets_public_points_only_where_wrong(graded):
    points = _points(graded["partly-wrong"])
    # q2 and q3: 1 public + 1 hidden test, 2 points, so the public test is worth 1.
    assert float(points["q2_turned_away"]) == 1
    assert float(points["q3_best_capacity"]) == 1
    assert float(points["total"]) == CH01_TOTAL - 2 == 9
    feedback = (graded["_out"] / "feedback" / "ch01" / "partly-wrong.md").read_text()
    assert "Expected about 0.052" in feedback  # the hidden test's failure message reaches the student
    assert "Expected 80 guests an hour" in feedback


def test_crash_and_deleted_cell_cost_only_their_questions(graded):
    points = _points(graded["crash"])
    assert float(points["q2_turned_away"]) == 0
    assert float(points["q4_least_consistent"]) == 0
    assert float(points["q5_lifetime_value"]) == 2
    assert float(points["total"]) == CH01_TOTAL - 4 == 7


def test_endless_loop_is_stopped_with_a_clear_row(graded):
    rows = graded["endless"]
    total = next(r for r in rows if r["question"] == "total")
    assert total["status"] == "timeout" and float(total["points"]) == 0
    assert all(r["status"] == "timeout" for r in rows if r["question"] in CH01_POINTS)
    assert "stopped" in rows[0]["note"]


def test_damaged_file_is_reported_not_fatal(graded):
    rows = graded["damaged-ch01"]
    total = next(r for r in rows if r["question"] == "total")
    assert total["assignment"] == "ch01"
    assert total["status"] == "error" and float(total["points"]) == 0
    assert "JSON" in rows[0]["note"]


def test_every_student_gets_feedback(graded):
    folder = graded["_out"] / "feedback" / "ch01"
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(set(graded) - {"_out"})
    assert "11 / 11" in (folder / "correct.md").read_text()


def test_student_is_the_file_or_the_folder():
    assert grade.student_name(Path("zhang-wei.ipynb"), "ch01") == "zhang-wei"
    assert grade.student_name(Path("zhang-wei/ch01.ipynb"), "ch01") == "zhang-wei"
    assert grade.student_name(Path("zhang-wei/draft.ipynb"), "ch01") == "zhang-wei/draft"


def test_set_is_told_from_metadata_then_name(tmp_path):
    damaged = tmp_path / "zhang-ch03.ipynb"
    damaged.write_text("not a notebook")
    assert grade.which_assignment(damaged, Path("zhang-ch03.ipynb"), ["ch01", "ch03"]) == "ch03"
    assert grade.which_assignment(damaged, Path("zhang.ipynb"), ["ch01", "ch03"]) is None
    assert grade.which_assignment(damaged, Path("zhang.ipynb"), ["ch01"]) == "ch01"
