"""Helpers shared by the grading tests (``tests/test_grading*.py``); not a test module.

``otter assign`` takes most of a minute per exercise set, so the sets are
assigned once per test run (:func:`assigned`) and every grading test
module reuses the result.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import student  # noqa: E402  (tools/student.py)

SETS = sorted((ROOT / "exercises").glob("ch[0-9][0-9].ipynb"))

_ASSIGNED: dict[str, tuple[Path, dict[str, str]]] = {}


def _assign_all(out: Path) -> dict[str, str]:
    """otter assign on every set into ``out``; each failed set's error."""
    errors = {}
    for path in SETS:
        try:
            # otter's own run of the solutions against the tests is skipped: the run's single
            # execution of the notebooks proves it (tests/test_notebooks.py), and
            # test_grading.py grades every set's solutions.
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
    return errors


def assigned(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Run otter assign on every exercise set once per test run: the output folder and each failed set's error.

    Under pytest-xdist the first worker that asks does it, in the run's shared folder, and the
    others wait and reuse it (tests/conftest.py's ``once``).
    """
    if "all" not in _ASSIGNED:
        from conftest import once, shared_folder  # tests/conftest.py

        shared = shared_folder(tmp_path_factory)
        out = shared / "exercises"

        def produce() -> dict:
            if out.exists():
                shutil.rmtree(out)
            return {"errors": _assign_all(out)}

        _ASSIGNED["all"] = (out, once(shared, "otter-assign", produce)["errors"])
    return _ASSIGNED["all"]


def answer_cells(nb) -> dict[str, int]:
    """Index of the answer cell of each question in a student copy (the cell before its check)."""
    found = {}
    for i, cell in enumerate(nb.cells):
        match = re.search(r'grader\.check\("(\w+)"\)', cell.source)
        if match:
            found[match.group(1)] = i - 1
    return found


def solutions(instructor: Path) -> dict[str, str]:
    """The instructor's solution code for each question, with otter's markers removed."""
    nb = nbformat.read(instructor, as_version=4)
    found, current = {}, None
    for cell in nb.cells:
        lines = cell.source.strip().splitlines()
        if cell.cell_type == "raw" and lines and lines[0].startswith("# BEGIN QUESTION"):
            current = re.search(r"name:\s*(\w+)", cell.source).group(1)
        elif cell.cell_type == "code" and current and current not in found and re.search(r"#\s*(BEGIN\s+)?SOLUTION", cell.source):
            code = re.sub(r"\s*# (BEGIN |END )?SOLUTION", "", cell.source)
            found[current] = "\n".join(line for line in code.splitlines() if line.strip())
    return found


def filled(student_copy: Path, answers: dict[str, str], delete: tuple[str, ...] = ()):
    """A student copy with some answer cells replaced (and some deleted)."""
    nb = nbformat.read(student_copy, as_version=4)
    cells = answer_cells(nb)
    for question, source in answers.items():
        nb.cells[cells[question]].source = source
    for index in sorted((cells[q] for q in delete), reverse=True):
        del nb.cells[index]
    return nb


def shown(outputs) -> str:
    """What a student sees of a cell's outputs (plain text), joined."""
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") in ("execute_result", "display_data"):
            parts.append(str(output.get("data", {}).get("text/plain", "")))
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}")
    return "".join(parts)


def documented_example(folder: Path) -> Path:
    """The minimal set in CONTRIBUTING.md ("An exercise set"), assembled cell by cell, as ``folder/ch99.ipynb``."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## An exercise set", 1)[1]
    block = text.split("````text\n", 1)[1].split("````", 1)[0]
    parts = re.split(r"^\[(raw|markdown|code)\]\n", block, flags=re.M)[1:]
    make = {"raw": nbformat.v4.new_raw_cell, "markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    nb = nbformat.v4.new_notebook()
    nb.cells = [make[kind](source.strip("\n")) for kind, source in zip(parts[::2], parts[1::2])]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    path = folder / "ch99.ipynb"
    nbformat.write(nb, path)
    return path
