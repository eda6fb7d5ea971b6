"""Every chapter has its exercises: at least four in the text and one exercise set.

In-book exercises are sphinx-exercise directives in a chapter's ``index.md`` or
in the Markdown cells of its notebooks.  Exercise sets are otter-grader
notebooks in ``exercises/`` (format: CONTRIBUTING.md, "An exercise set").  These
checks are static and quick; ``tests/test_grading.py`` runs otter on the sets.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import student  # noqa: E402  (tools/student.py)
from toc import documents  # noqa: E402

MIN_IN_BOOK = 4
MIN_QUESTIONS = 4

EXERCISE = re.compile(r"^[ \t]*(?:`{3,}|:{3,})\{exercise\}", re.MULTILINE)
SOLUTION = re.compile(r"^[ \t]*(`{3,}|:{3,})\{solution\}[ \t]*(\S+)[ \t]*\n((?:[ \t]*:[\w-]+:.*\n)*)", re.MULTILINE)
LABEL = re.compile(r"^[ \t]*:label:[ \t]*(\S+)", re.MULTILINE)
GATED = re.compile(r"\{(?:exercise|solution)-(?:start|end)\}")


def chapters() -> list[str]:
    """Chapter folders listed in the toc, e.g. ``chapters/ch01-introduction``."""
    return [d.rsplit("/", 1)[0] for d in documents(ROOT) if re.fullmatch(r"chapters/ch\d\d-[^/]+/index", d)]


def chapter_text(folder: str) -> str:
    """The chapter's index.md plus the Markdown cells of its notebooks."""
    path = ROOT / folder
    parts = [(path / "index.md").read_text(encoding="utf-8")]
    for notebook in sorted(path.glob("*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        parts += [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    return "\n\n".join(parts)


def number(folder: str) -> str:
    return re.search(r"ch(\d\d)", folder).group(1)


CHAPTERS = chapters()


def test_toc_lists_nine_chapters():
    assert len(CHAPTERS) == 9, CHAPTERS


@pytest.mark.parametrize("folder", CHAPTERS)
def test_chapter_has_enough_in_book_exercises(folder):
    text = chapter_text(folder)
    count = len(EXERCISE.findall(text))
    assert count >= MIN_IN_BOOK, f"{folder} has {count} in-book exercises; it needs at least {MIN_IN_BOOK}"


@pytest.mark.parametrize("folder", CHAPTERS)
def test_in_book_exercises_are_labelled_and_solutions_fold(folder):
    text = chapter_text(folder)
    assert not GATED.search(text), f"{folder} uses gated exercises or solutions; use plain directives"
    labels = [m for m in LABEL.findall(text) if "-ex-" in m]
    assert all(label.startswith(f"ch{number(folder)}-ex-") for label in labels), labels
    assert len(labels) == len(set(labels)), f"{folder}: duplicate exercise labels {labels}"
    for fence, target, options in SOLUTION.findall(text):
        assert target in labels, f"{folder}: a solution points to {target}, which is not an exercise label"
        assert re.search(r":class:.*\bdropdown\b", options), f"{folder}: the solution to {target} is not a dropdown"


def test_solutions_are_not_hidden_with_the_broken_option():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    assert "hide_solutions" not in sphinx_config


def test_exercise_counter_counts_what_the_book_renders():
    text = (
        "```{exercise} A\n:label: ch01-ex-a\n\nText\n```\n\n"
        "::::{exercise} B\n:label: ch01-ex-b\n::::\n\n"
        "Not an exercise: ```{note}\n"
        "```{solution} ch01-ex-a\n:class: dropdown\n\nAnswer\n```\n"
    )
    assert len(EXERCISE.findall(text)) == 2
    assert SOLUTION.findall(text)[0][1] == "ch01-ex-a"


# --- exercise sets --------------------------------------------------------------------------


@pytest.mark.parametrize("folder", CHAPTERS)
def test_chapter_has_an_exercise_set(folder):
    path = ROOT / "exercises" / f"ch{number(folder)}.ipynb"
    assert path.is_file(), f"{folder} has no exercise set {path.relative_to(ROOT)}"


def exercise_sets() -> list[Path]:
    return sorted((ROOT / "exercises").glob("ch[0-9][0-9].ipynb"))


def _config(notebook) -> dict:
    first = notebook.cells[0]
    assert first.cell_type == "raw" and first.source.lstrip().startswith("# ASSIGNMENT CONFIG"), (
        "the first cell must be the raw '# ASSIGNMENT CONFIG' cell"
    )
    return yaml.safe_load(first.source.split("\n", 1)[1])


def _tests_by_question(notebook) -> dict[str, list[str]]:
    """Source of each test cell, grouped by question name."""
    found: dict[str, list[str]] = {}
    current = None
    in_tests = False
    for cell in notebook.cells:
        lines = cell.source.strip().splitlines()
        first = lines[0] if lines else ""
        if cell.cell_type == "raw":
            if re.match(r"#\s*BEGIN\s+QUESTION", first, re.I):
                current = yaml.safe_load("\n".join(lines[1:]))["name"]
                found[current] = []
            elif re.match(r"#\s*BEGIN\s+TESTS", first, re.I):
                in_tests = True
            elif re.match(r"#\s*END\s+TESTS", first, re.I):
                in_tests = False
            continue
        if in_tests and cell.cell_type == "code":
            found[current].append(cell.source)
    return found


@pytest.mark.parametrize("path", exercise_sets(), ids=lambda p: p.stem)
def test_exercise_set_follows_the_format(path):
    notebook = nbformat.read(path, as_version=4)
    config = _config(notebook)
    assert config.get("name") == path.stem, f"ASSIGNMENT CONFIG name must be {path.stem!r}"
    assert config.get("tests") == {"files": False, "ok_format": True}, "copy the config cell verbatim"
    assert config.get("generate") is True and config.get("export_cell") is False

    questions = student.questions(notebook)
    names = [q["name"] for q in questions]
    assert len(questions) >= MIN_QUESTIONS, f"{path.stem} has {len(questions)} questions; at least {MIN_QUESTIONS}"
    assert len(names) == len(set(names)), f"duplicate question names {names}"
    assert all(re.fullmatch(r"q\d+_[a-z0-9_]+", n) for n in names), names
    assert any(q["manual"] for q in questions), "add a written reflection question (manual: true)"

    tests = _tests_by_question(notebook)
    for q in questions:
        if q["manual"]:
            continue
        cells = tests.get(q["name"], [])
        hidden = [c for c in cells if re.search(r"^hidden:\s*true\s*$", c, re.M | re.I)]
        assert cells and len(hidden) < len(cells), f"{path.stem} {q['name']}: needs a public test"
        assert hidden, f"{path.stem} {q['name']}: needs a hidden test"
        for source in cells:
            assert re.search(r"^failure_message:", source, re.M), (
                f"{path.stem} {q['name']}: every test needs a failure_message"
            )
            assert "print(" not in source, f"{path.stem} {q['name']}: test cells must not print"


@pytest.mark.parametrize("path", exercise_sets(), ids=lambda p: p.stem)
def test_exercise_set_is_ready_for_the_online_book(path):
    problems = student.book_ready(nbformat.read(path, as_version=4))
    assert not problems, f"run: python tools/student.py --book {path.relative_to(ROOT)}\n" + "\n".join(problems)


@pytest.mark.parametrize("path", exercise_sets(), ids=lambda p: p.stem)
def test_exercise_set_has_no_myst_roles_for_students(path):
    """The student copy is read in Jupyter, which shows {ref}`x` literally."""
    notebook = nbformat.read(path, as_version=4)
    for blocks, cell in student._blocks(notebook):
        if cell.cell_type == "markdown" and "SOLUTION" not in blocks:
            assert not re.search(r"\{(ref|doc|cite:[tp]|numref|term)\}`", cell.source), cell.source[:200]
