"""Checks that help the student: one plain sentence, the likely mistake named, any file name.

The harness (:func:`mistake_problems`) takes a set's student copy, fills in
every answer with the instructor's solution, and then, for each likely wrong
answer the set declares (a public test's ``mistake:``, see CONTRIBUTING.md,
"An exercise set"), runs the wrong answer, the question's check, and the
solution again to put things back, all in one Jupyter kernel, under a file
name the student chose.  Each such check must show exactly one output: the
message of the test that declares the mistake, nothing else (no traceback, no
doctest transcript).  Expected values come from the instructor notebook
itself (its messages), not from the code under test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

import grading_support as support
from grading_support import ROOT, student

pytestmark = pytest.mark.slow

from servicelab.checks import Checks, first_failure

#: The sets whose likely-mistake checks are in place (the others follow as their chapters are rewritten).
DEMONSTRATED = ("ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07", "ch08", "ch09")
WITH_MISTAKES = [p for p in support.SETS if student.likely_mistakes(nbformat.read(p, as_version=4))]


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    out, errors = support.assigned(tmp_path_factory)
    for name in DEMONSTRATED:
        assert name not in errors, errors.get(name)
    return out


def _plain(nb, mistakes: list[dict], solutions: dict[str, str]) -> tuple[object, list[tuple[int, str, str]]]:
    """Append, per mistake: the wrong answer, the check, the solution again. Returns (notebook, expectations)."""
    expectations = []
    for question in support.answer_cells(nb):
        expectations.append((support.answer_cells(nb)[question] + 1, question, "passes"))
    for mistake in mistakes:
        nb.cells.append(nbformat.v4.new_code_cell(mistake["code"]))
        nb.cells.append(nbformat.v4.new_code_cell(f'grader.check("{mistake["question"]}")'))
        expectations.append((len(nb.cells) - 1, mistake["question"], mistake["message"]))
        nb.cells.append(nbformat.v4.new_code_cell(solutions[mistake["question"]]))
    return nb, expectations


def _execute(nb, folder: Path, name: str):
    """Save ``nb`` as ``folder/name`` and run it there in a fresh kernel (the checks read the saved file)."""
    from nbclient import NotebookClient

    folder.mkdir(parents=True, exist_ok=True)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, folder / name)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def mistake_problems(copy: Path, instructor: Path, folder: Path, mistakes: list[dict] | None = None) -> list[str]:
    """Everything wrong with a set's checks: a solved question that does not pass, a mistake not named in one message."""
    solutions = support.solutions(instructor)
    if mistakes is None:
        mistakes = student.likely_mistakes(nbformat.read(instructor, as_version=4))
    nb = support.filled(copy, solutions)
    nb, expectations = _plain(nb, mistakes, solutions)
    nb = _execute(nb, folder, "my work, renamed.ipynb")  # not chNN.ipynb: the checks must not need it
    problems = []
    for index, cell in enumerate(nb.cells):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            problems.append(f"cell {index} ({cell.source[:50]!r}) raised {errors[0]['ename']}: {errors[0]['evalue']}")
    for index, question, expected in expectations:
        outputs = nb.cells[index].outputs
        text = [str(o.get("data", {}).get("text/plain", "")) for o in outputs if o.get("output_type") == "execute_result"]
        if expected == "passes":
            if support.shown(outputs) != f"{question}: the checks pass.":
                problems.append(f"{question}: the solution does not pass its check: {support.shown(outputs)[:200]!r}")
        elif len(outputs) != 1 or text != [expected]:
            problems.append(f"{question}: expected the one message {expected!r}, the check showed {support.shown(outputs)[:300]!r}")
    return problems


@pytest.mark.parametrize("path", WITH_MISTAKES, ids=lambda p: p.stem)
def test_each_likely_mistake_is_named_in_one_plain_message(copies, path, tmp_path):
    problems = mistake_problems(copies / "student" / path.name, path, tmp_path / "work")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", DEMONSTRATED)
def test_every_auto_graded_question_names_a_likely_mistake(name):
    path = ROOT / "exercises" / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    covered = {m["question"] for m in student.likely_mistakes(nb)}
    auto = {q["name"] for q in student.questions(nb) if not q["manual"]}
    assert auto <= covered, f"questions without a likely mistake: {sorted(auto - covered)}"


def test_harness_catches_a_check_that_does_not_name_the_mistake(copies, tmp_path):
    """Plant two faults: a 'mistake' that is no mistake (the check passes) and a message the check never shows."""
    instructor = ROOT / "exercises" / "ch01.ipynb"
    mistakes = student.likely_mistakes(nbformat.read(instructor, as_version=4))
    q5 = [m for m in mistakes if m["question"] == "q5_lifetime_value"]
    planted = [
        {**q5[0], "code": "lifetime = lifetime"},  # the right answer: the check passes, names nothing
        {**q5[1], "message": "A message no test has."},
    ]
    problems = mistake_problems(copies / "student" / "ch01.ipynb", instructor, tmp_path / "work", planted)
    assert len(problems) == 2, problems
    assert "the checks pass" in problems[0] and "A message no test has." in problems[1]


def test_a_failed_check_shows_one_sentence_not_a_transcript(copies, tmp_path):
    """Run the untouched student copy: every check names what is missing, in one sentence, no traceback."""
    nb = nbformat.read(copies / "student" / "ch05.ipynb", as_version=4)
    nb = _execute(nb, tmp_path, "ch05.ipynb")
    checks = support.answer_cells(nb)
    for question, index in checks.items():
        outputs = nb.cells[index + 1].outputs
        text = support.shown(outputs)
        assert len(outputs) == 1 and "\n" not in text.strip(), (question, text)
        assert "still holds `...`" in text or "is not defined yet" in text, (question, text)
        for noise in ("Traceback", "Trying:", "Expecting", "AssertionError", "Failed example"):
            assert noise not in text


def test_documented_example_works_and_names_its_mistake(tmp_path):
    """The minimal set in CONTRIBUTING.md, assembled cell by cell, passes otter assign; it carries a likely
    mistake, and the harness finds that its check names it."""
    path = support.documented_example(tmp_path)
    out = tmp_path / "out"
    assert student.main([str(path), "--out", str(out)]) == 0
    assert [q["name"] for q in student.questions(nbformat.read(path, as_version=4))] == ["q1_idle", "q2_reflect"]
    mistakes = student.likely_mistakes(nbformat.read(path, as_version=4))
    assert [m["question"] for m in mistakes] == ["q1_idle"]
    problems = mistake_problems(out / "student" / "ch99.ipynb", path, tmp_path / "work")
    assert not problems, "\n".join(problems)


# --- finding the notebook, quickly, without a kernel ---------------------------------------------


def _copy_with_checks(copies: Path, folder: Path, name: str, assignment: str = "ch01") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(copies / "student" / f"{assignment}.ipynb", target)
    return target


def test_checks_find_a_renamed_notebook_among_others(copies, tmp_path, monkeypatch):
    _copy_with_checks(copies, tmp_path, "zhang-wei.ipynb")
    _copy_with_checks(copies, tmp_path, "other-set.ipynb", "ch05")
    (tmp_path / "notes.ipynb").write_text("not a notebook at all")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    result = Checks("ch01").check("q2_turned_away", {"share_turned_away": 5.23, "np": __import__("numpy")})
    assert repr(result) == "share_turned_away should be one number between 0 and 1 (a fraction, not a percentage)."


def test_checks_use_the_path_jupyter_gives(copies, tmp_path, monkeypatch):
    elsewhere = _copy_with_checks(copies, tmp_path / "course" / "week3", "my answers.ipynb")
    monkeypatch.chdir(tmp_path)  # no notebook here: only the session's path leads to it
    monkeypatch.setenv("JPY_SESSION_NAME", str(elsewhere))
    result = Checks("ch01").check("q3_best_capacity", {"best_capacity": 120})
    assert result.passed and repr(result) == "q3_best_capacity: the checks pass."


def test_checks_say_plainly_when_the_notebook_cannot_be_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    text = repr(Checks("ch01").check("q1_characteristics", {}))
    assert text.startswith("The checks could not find this notebook") and "\n" not in text


def test_check_all_gives_one_line_per_question(copies, tmp_path, monkeypatch):
    _copy_with_checks(copies, tmp_path, "anything.ipynb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    lines = repr(Checks("ch01").check_all({"best_capacity": 160})).splitlines()
    names = [q["name"] for q in student.questions(nbformat.read(ROOT / "exercises" / "ch01.ipynb", as_version=4))
             if not q["manual"]]
    assert [line.split(":")[0] for line in lines] == names
    assert lines[2].startswith("q3_best_capacity: That size serves the most guests")


def test_mistake_checks_speak_first_and_only_when_their_assert_fails():
    tests = [
        {"code": "assert isinstance(x, float) and 0 <= x <= 1", "message": "form", "mistake": False},
        {"code": "assert abs(x - 5.2) > 0.1", "message": "percent", "mistake": True},
    ]
    assert first_failure(tests, {"x": 5.2}) == "percent"  # both fail; the named mistake speaks
    assert first_failure(tests, {"x": "5.2"}) == "form"  # the mistake test cannot run on text: it does not apply
    assert first_failure(tests, {"x": 0.5}) is None
    assert first_failure(tests, {}).startswith("`x` is not defined yet")
    assert first_failure(tests, {"x": ...}).startswith("`x` still holds `...`")
