"""Student copies and offline grading of the exercise sets.

The session fixture runs ``tools/student.py`` (``otter assign``) on every exercise
set once (once per test run, across the xdist workers; tests/grading_support.py), without
otter's own run of the solutions against the tests: that each set's solutions pass all
their tests, public and hidden, is proven from the run's single execution of the notebooks
(tests/test_notebooks.py), and again by grading them below.  The tests then check that no
solution survived into any student copy, that the grading spec agrees with otter's own
bundle, and grade a folder of made-up submissions to Exercise set 1 (a correct one, a partly
wrong one and several broken ones) with ``tools/grade.py``, asserting the points of each.
The hostile submissions are in ``tests/test_grading_hostile.py``; the
students' checks in ``tests/test_grading_checks.py``.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

import grading_support as support
from grading_support import ROOT, SETS, student

import grade  # noqa: E402  (tools/grade.py, on the path through grading_support)

pytestmark = pytest.mark.slow

#: Exercise set 1: auto-graded points per question (from the instructor notebook) and their total.
CH01_POINTS = {
    "q1_characteristics": 2,
    "q2_turned_away": 2,
    "q3_best_capacity": 2,
    "q4_least_consistent": 2,
    "q5_lifetime_value": 2,
    "q6_word_of_mouth": 1,
    "q7_gesture": 3,
}
CH01_TOTAL = sum(CH01_POINTS.values())  # 14


@pytest.fixture(scope="session")
def assigned(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    return support.assigned(tmp_path_factory)


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
    # No otter markers, no hidden tests, no example wrong answers (hidden tests live only in the bundle).
    assert not re.search(r"#\s*(BEGIN|END)\s+SOLUTION|#\s*SOLUTION\b", text)
    assert '"hidden": true' not in text and "BEGIN TEST CONFIG" not in text
    nb = nbformat.read(copy, as_version=4)
    for mistake in student.likely_mistakes(nbformat.read(path, as_version=4)):
        assert json.dumps(mistake["code"])[1:-1] not in text  # as JSON stores it
    # Every question's answer is left for the student: each auto-graded question has a placeholder.
    placeholders = sum(1 for c in nb.cells if c.cell_type == "code" and re.search(r"(=\s*|^)\.\.\.\s*$", c.source, re.M))
    auto = [q for q in student.questions(nbformat.read(path, as_version=4)) if not q["manual"]]
    assert placeholders >= len(auto)
    checks = [c.source for c in nb.cells if c.cell_type == "code" and "grader.check(" in c.source]
    assert len(checks) >= len(auto), "every auto-graded question keeps its check cell"
    # The checks load without the file name, from this book's package; their tests sit in the metadata.
    assert nb.cells[0].source == student.CHECKS_CELL.format(name=path.stem)
    assert "otter.Notebook" not in text
    assert set(nb.metadata["servicelab"]["checks"]) == {q["name"] for q in auto}
    # No outputs: nothing computed from a solution is shown.
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_grading_spec_agrees_with_otters_bundle(assigned, path):
    """Our spec (what grade.py tests with) has the tests otter assign put in its bundle: same cases,
    hidden flags, messages and points, per question (otter's files are the independent source)."""
    copies, errors = assigned
    if path.stem in errors:
        pytest.fail(f"otter assign failed for {path.stem}; see the test above")
    from otter.test_files.ok_test import OKTestFile

    spec = grade.load_spec(copies / "autograder", path.stem)
    with zipfile.ZipFile(copies / "autograder" / f"{path.stem}.zip") as archive:
        bundled = {Path(n).stem: archive.read(n).decode() for n in archive.namelist()
                   if n.startswith("tests/") and n.endswith(".py")}
    auto = [q for q in spec["questions"] if not q["manual"]]
    assert sorted(bundled) == sorted(q["name"] for q in auto)
    for question in auto:
        test = ast.literal_eval(bundled[question["name"]].split("test = ", 1)[1])
        otter_file = OKTestFile.from_spec(test, path=question["name"])
        cases = otter_file.test_cases
        assert len(cases) == len(question["tests"])
        for ours, theirs in zip(question["tests"], cases):
            assert ours["hidden"] == theirs.hidden
            assert ours["failure_message"] == theirs.failure_message
            assert ours["points"] == pytest.approx(theirs.points)
            assert ast.dump(ast.parse(ours["code"])) == ast.dump(ast.parse(_doctest_source(theirs.body)))
        assert question["points"] == pytest.approx(otter_file.possible)


def _doctest_source(body: str) -> str:
    import doctest

    return "\n".join(example.source for example in doctest.DocTestParser().get_examples(body))


def test_leak_check_catches_a_planted_solution(copies, tmp_path):
    """The leak check is not vacuous: a student copy with one solution line pasted back fails it."""
    instructor = ROOT / "exercises" / "ch01.ipynb"
    nb = nbformat.read(copies / "student" / "ch01.ipynb", as_version=4)
    secret = student.secret_lines(nbformat.read(instructor, as_version=4))[0]
    nb.cells.append(nbformat.v4.new_code_cell(secret))
    planted = tmp_path / "ch01.ipynb"
    nbformat.write(nb, planted)
    assert student.leaks(instructor, planted) == [secret]


def test_answer_names_are_what_the_tests_read_minus_the_set_up():
    """ch05's question 4 reads agents_a and patience, and agents from question 3; np and calls come from the set-up."""
    spec = student.grading_spec(nbformat.read(ROOT / "exercises" / "ch05.ipynb", as_version=4))
    names = {q["name"]: q["names"] for q in spec["questions"]}
    assert names["q4_erlang_a"] == ["patience", "agents_a", "agents"]
    assert names["q2_workload"] == ["workload", "aht", "tuesday_calls"]
    assert names["q7_cautions"] == []
    assert "import numpy as np" in spec["setup"] and "calls = data.load" in spec["setup"]


def test_checks_in_the_student_copy_work_for_a_student(copies, tmp_path):
    """A student who fills in right answers and runs the copy sees every public check pass."""
    from nbclient import NotebookClient

    nb = support.filled(copies / "student" / "ch01.ipynb", support.solutions(ROOT / "exercises" / "ch01.ipynb"))
    work = tmp_path / "ch01.ipynb"
    nbformat.write(nb, work)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    cells = support.answer_cells(nb)
    for question in CH01_POINTS:
        shown = support.shown(nb.cells[cells[question] + 1].outputs)
        assert shown == f"{question}: the checks pass.", (question, shown)


# --- grading ----------------------------------------------------------------------------------


def test_every_sets_solutions_get_full_marks_from_the_grader(assigned, tmp_path):
    """Each set's student copy with the instructor's solutions filled in, graded in the sandbox, earns every
    auto-graded point: every answer its tests read crosses as data (the expected totals are otter's, from
    the grading spec that test_grading_spec_agrees_with_otters_bundle compares with otter's bundle)."""
    copies, errors = assigned
    folder = tmp_path / "solved"
    folder.mkdir()
    for path in SETS:
        if path.stem not in errors:
            nbformat.write(support.filled(copies / "student" / path.name, support.solutions(path)),
                           folder / f"solved-{path.stem}.ipynb")
    out = tmp_path / "grades"
    assert grade.main([str(folder), "--bundles", str(copies / "autograder"), "--out", str(out), "--jobs", "2"]) == 0
    with (out / "gradebook.csv").open(newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["question"] != "total" and r["status"] != "manual"]
    assert rows and all(r["status"] == "passed" for r in rows), [r for r in rows if r["status"] != "passed"]
    assert not errors, errors


@pytest.fixture(scope="session")
def graded(copies, tmp_path_factory) -> dict[str, list[dict]]:
    """Grade made-up submissions to Exercise set 1; return the gradebook rows per student."""
    folder = tmp_path_factory.mktemp("submissions")
    handout = copies / "student" / "ch01.ipynb"
    solutions = support.solutions(ROOT / "exercises" / "ch01.ipynb")
    assert set(solutions) == set(CH01_POINTS)

    def submission(name: str, answers: dict[str, str], delete: tuple[str, ...] = ()) -> None:
        path = folder / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(support.filled(handout, answers, delete), path)

    # Everything right.
    submission("correct", solutions)
    # Two answers of the right type but wrong value: public tests pass, hidden ones fail.
    submission("partly-wrong", {**solutions, "q2_turned_away": "share_turned_away = 0.25\nshare_turned_away",
                                "q3_best_capacity": "best_capacity = 160\nbest_capacity"})
    # A cell that raises and a deleted answer cell: those questions score 0, the others count.
    submission("crash", {**solutions, "q2_turned_away": "raise RuntimeError('I gave up here')"},
               delete=("q4_least_consistent",))
    # An endless loop: its cell is stopped at the cell time limit, the rest of the notebook counts.
    submission("endless", {**solutions, "q1_characteristics": "while True:\n    pass"})
    # One folder per student, the file keeping the set's name.
    (folder / "li-na").mkdir()
    nbformat.write(support.filled(handout, solutions), folder / "li-na" / "ch01.ipynb")
    # A damaged file (not JSON), named so the set can still be told from its name.
    (folder / "damaged-ch01.ipynb").write_text('{"cells": [', encoding="utf-8")

    out = tmp_path_factory.mktemp("grades")
    status = grade.main([str(folder), "--bundles", str(copies / "autograder"), "--out", str(out),
                         "--timeout", "120", "--cell-timeout", "5", "--jobs", "2", "--lms", "canvas,moodle,blackboard"])
    assert status == 1, "one submission cannot be graded, so the exit status flags it"
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
    assert set(graded) - {"_out"} == {"correct", "partly-wrong", "crash", "endless", "li-na", "damaged-ch01"}


def test_correct_submission_gets_full_marks(graded):
    for who in ("correct", "li-na"):
        points = _points(graded[who])
        for question, maximum in CH01_POINTS.items():
            assert float(points[question]) == maximum, question
        assert float(points["total"]) == CH01_TOTAL == 14
        assert all(r["status"] == "passed" for r in graded[who] if r["question"] in CH01_POINTS)


def test_written_question_is_left_for_the_instructor(graded):
    row = next(r for r in graded["correct"] if r["question"] == "q8_reflection")
    assert row["status"] == "manual" and row["points"] == "" and row["max_points"] == "2"


def test_partly_wrong_submission_gets_public_points_only_where_wrong(graded):
    points = _points(graded["partly-wrong"])
    # q2 and q3: 1 public + 1 hidden test with 1 point each (the mistake checks are worth 0).
    assert float(points["q2_turned_away"]) == 1
    assert float(points["q3_best_capacity"]) == 1
    assert float(points["total"]) == CH01_TOTAL - 2 == 12
    feedback = (graded["_out"] / "feedback" / "ch01" / "partly-wrong.md").read_text()
    assert "Expected about 0.039" in feedback  # the hidden test's failure message reaches the student
    assert "Expected 120 seats" in feedback
    assert "That size serves the most guests" in feedback  # and the likely mistake is named
    assert "Traceback" not in feedback


def test_crash_and_deleted_cell_cost_only_their_questions(graded):
    points = _points(graded["crash"])
    assert float(points["q2_turned_away"]) == 0
    assert float(points["q4_least_consistent"]) == 0
    assert float(points["q5_lifetime_value"]) == 2
    assert float(points["total"]) == CH01_TOTAL - 4 == 10
    feedback = (graded["_out"] / "feedback" / "ch01" / "crash.md").read_text()
    assert "RuntimeError: I gave up here" in feedback


def test_endless_loop_costs_only_its_cell(graded):
    rows = {r["question"]: r for r in graded["endless"]}
    assert float(rows["q1_characteristics"]["points"]) == 0
    assert float(rows["total"]["points"]) == CH01_TOTAL - 2 and rows["total"]["status"] == "graded"
    feedback = (graded["_out"] / "feedback" / "ch01" / "endless.md").read_text()
    assert "CellTimeout: stopped after 5 s" in feedback


def test_damaged_file_is_reported_not_fatal(graded):
    rows = graded["damaged-ch01"]
    total = next(r for r in rows if r["question"] == "total")
    assert total["assignment"] == "ch01"
    assert total["status"] == "error" and float(total["points"]) == 0
    assert "JSON" in rows[0]["note"]


def test_every_student_gets_feedback(graded):
    folder = graded["_out"] / "feedback" / "ch01"
    assert sorted(p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.md")) == sorted(
        set(graded) - {"_out"})
    assert "14 / 14" in (folder / "correct.md").read_text()


def test_wide_gradebook_has_one_row_per_student(graded):
    out = graded["_out"]
    with (out / "gradebook-wide.csv").open(newline="") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert set(rows) == set(graded) - {"_out"}
    assert rows["partly-wrong"]["ch01 q2_turned_away"] == "1" and rows["partly-wrong"]["ch01 total"] == "12"
    assert rows["correct"]["ch01 q8_reflection"] == ""  # written answers: left for the instructor's marks
    assert rows["damaged-ch01"]["ch01 status"] == "error"
    with (out / "gradebook-canvas.csv").open(newline="") as handle:
        canvas = list(csv.reader(handle))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ch01 auto-graded"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "14"]


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


def test_check_cells_are_skipped_but_code_added_to_them_runs():
    assert grade.is_check_cell('grader.check("q1_characteristics")')
    assert grade.is_check_cell('# Run this cell first\nfrom servicelab.checks import Checks\ngrader = Checks("ch01")')
    assert grade.is_check_cell('import otter\ngrader = otter.Notebook("ch01.ipynb")')
    assert grade.is_check_cell("grader.check_all()")
    assert not grade.is_check_cell('grader.check("q1")\nbest_capacity = 80')
    assert not grade.is_check_cell("grader = 5")


def test_without_bubblewrap_grading_stops_with_a_clear_message(copies, tmp_path, monkeypatch, capsys):
    """No sandbox, no grading, unless the instructor asks for it by name."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    nbformat.write(nbformat.read(copies / "student" / "ch01.ipynb", as_version=4), folder / "nobody.ipynb")
    monkeypatch.setattr(grade.sandbox, "unavailable", lambda: "bubblewrap is not installed")
    args = [str(folder), "--bundles", str(copies / "autograder"), "--out", str(tmp_path / "grades")]
    assert grade.main(args) == 2
    message = capsys.readouterr().err
    assert "bubblewrap is not installed" in message and "--no-sandbox" in message
    assert not (tmp_path / "grades").exists()
    assert grade.main(args + ["--no-sandbox"]) == 0
    assert "WITHOUT a sandbox" in capsys.readouterr().err
