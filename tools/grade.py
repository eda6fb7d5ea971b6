"""Grade a folder of handed-in exercise-set notebooks, offline and without Docker.

    python tools/grade.py SUBMISSIONS [--bundles build/exercises/autograder]
                          [--out build/grades] [--timeout 300] [--jobs 1]

SUBMISSIONS holds the notebooks students handed in, either flat
(``zhang-wei.ipynb``) or one folder per student (``zhang-wei/ch03.ipynb``).  The
student is the notebook's path inside SUBMISSIONS without ``.ipynb`` (or the
folder's, for ``<student>/chNN.ipynb``).  The
exercise set is read from the notebook's metadata (``otter.assignment_name``,
written by ``make student``), else from a ``chNN`` in its path, else it is the
only bundle there is.

Each submission is graded by ``otter run`` against its set's bundle
(``make student`` writes the bundles) in its own subprocess and temporary
folder, with a time limit, so an endless loop, a crash or a damaged file gives
one clear row and the other submissions are still graded.  Written
(``manual``) questions are listed with empty points for the instructor.

Writes ``OUT/gradebook.csv`` (one row per student, set and question, plus a
``total`` row) and ``OUT/feedback/<set>/<student>.md``, replacing the results
of an earlier run in OUT.  Exit status 0 when every
submission could be graded, 1 otherwise (the gradebook is written either way).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUNDLES = ROOT / "build" / "exercises" / "autograder"
DEFAULT_OUT = ROOT / "build" / "grades"
FIELDS = ["student", "assignment", "question", "points", "max_points", "status", "note"]

#: Status values in the gradebook.
PASSED, PARTIAL, FAILED, MANUAL = "passed", "partial", "failed", "manual"
TIMEOUT, ERROR = "timeout", "error"


@dataclass
class Row:
    student: str
    assignment: str
    question: str
    points: float | None
    max_points: float | None
    status: str
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        def fmt(x):
            return "" if x is None else f"{x:g}"

        return {
            "student": self.student,
            "assignment": self.assignment,
            "question": self.question,
            "points": fmt(self.points),
            "max_points": fmt(self.max_points),
            "status": self.status,
            "note": self.note,
        }


@dataclass
class Graded:
    student: str
    assignment: str
    rows: list[Row] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    ok: bool = True


def manifest(bundles: Path, assignment: str) -> list[dict]:
    """The questions of a set (name, points, manual), as ``make student`` recorded them."""
    path = bundles / f"{assignment}.json"
    if not path.exists():
        return []
    return json.loads(path.read_text())["questions"]


def which_assignment(path: Path, relative: Path, bundles: list[str]) -> str | None:
    """The exercise set a submission belongs to, or None if it cannot be told."""
    try:
        notebook = nbformat.read(path, as_version=4)
        name = notebook.metadata.get("otter", {}).get("assignment_name")
        if name in bundles:
            return name
    except Exception:  # a damaged file: fall back on its name
        pass
    for part in reversed(relative.parts):
        match = re.search(r"ch\d\d", part)
        if match and match.group(0) in bundles:
            return match.group(0)
    return bundles[0] if len(bundles) == 1 else None


def student_name(relative: Path, assignment: str | None) -> str:
    """``zhang-wei.ipynb`` and ``zhang-wei/ch01.ipynb`` both belong to ``zhang-wei``."""
    if assignment and relative.stem == assignment and len(relative.parts) > 1:
        return relative.parent.as_posix()
    return relative.with_suffix("").as_posix()


def _kill(process: subprocess.Popen) -> None:
    """Stop a grading run and everything it started (otter starts a kernel in its own session)."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for child in children:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    process.wait()


def run_otter(submission: Path, bundle: Path, timeout: float) -> tuple[str, dict | None, str]:
    """Run ``otter run`` on one submission in a fresh folder.

    Returns (status, results, log): status is ``"ok"``, ``TIMEOUT`` or ``ERROR``;
    results is otter's ``results.json`` as a dict when there is one.
    """
    otter = Path(sys.executable).parent / "otter"
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        work = Path(tmp)
        copy = work / "submission" / submission.name
        copy.parent.mkdir()
        shutil.copyfile(submission, copy)
        (work / "out").mkdir()
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "HOME": str(work)}
        process = subprocess.Popen(
            [str(otter), "run", "--no-logo", "-a", str(bundle.resolve()), "-o", str(work / "out"), str(copy)],
            cwd=copy.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
        try:
            log, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            return TIMEOUT, None, f"stopped after {timeout:g} s"
        results = work / "out" / "results.json"
        if process.returncode != 0 or not results.exists():
            return ERROR, None, log
        return "ok", json.loads(results.read_text()), log


def _test_feedback(output: str) -> list[str]:
    """Turn otter's per-question output into short lines: which test passed, and its message."""
    if "All test cases passed" in output:
        lines = ["all tests passed"]
        lines += [f"{m.strip()}" for m in re.findall(r"- \d+ message: (.*)", output)]
        return lines
    messages = dict(re.findall(r"- (\d+) message: (.*)", output))
    results = re.findall(r"- (\d+) result:\s*\n\s*(\S+) Test case (passed|failed)", output)
    lines = []
    for number, _, verdict in results:
        line = f"test {number}: {verdict}"
        if number in messages and verdict == "failed":
            line += f". {messages[number].strip()}"
        lines.append(line)
    return lines or [output.strip()]


def _last_error(log: str) -> str:
    """The last line of otter's log (usually the exception), on one line and at most 160 characters."""
    lines = [line for line in log.strip().splitlines() if line.strip() and "Kernel is running over TCP" not in line]
    last = " ".join(lines[-1].split()) if lines else "no output"
    return last if len(last) <= 160 else last[:157] + "..."


def grade_one(submission: Path, relative: Path, bundles: Path, timeout: float) -> Graded:
    """Grade one submission; never raises: every failure becomes rows with a status."""
    available = sorted(p.stem for p in bundles.glob("*.zip"))
    assignment = which_assignment(submission, relative, available)
    student = student_name(relative, assignment)
    if assignment is None:
        graded = Graded(student, "?", ok=False)
        note = f"cannot tell which exercise set this is (bundles: {', '.join(available) or 'none'})"
        graded.rows.append(Row(student, "?", "total", 0, None, ERROR, note))
        graded.feedback.append(f"Not graded: {note}.")
        return graded

    graded = Graded(student, assignment)
    questions = manifest(bundles, assignment)
    auto = [q for q in questions if not q.get("manual")]
    status, results, log = run_otter(submission, bundles / f"{assignment}.zip", timeout)

    if status != "ok":
        graded.ok = False
        note = (
            f"the notebook ran longer than {timeout:g} s (an endless loop?) and was stopped"
            if status == TIMEOUT
            else f"could not be graded: {_last_error(log)}"
        )
        for q in auto:
            graded.rows.append(Row(student, assignment, q["name"], 0, q.get("points"), status, note))
        graded.feedback.append(f"**Not graded automatically**: {note}. Every auto-graded question scores 0; "
                               "ask your instructor to look at the notebook.")
    else:
        by_name = {t["name"]: t for t in results.get("tests", []) if "score" in t}
        names = [q["name"] for q in auto] or sorted(by_name)
        names += [n for n in sorted(by_name) if n not in names]
        for name in names:
            test = by_name.get(name)
            if test is None:
                points = next((q.get("points") for q in auto if q["name"] == name), None)
                graded.rows.append(Row(student, assignment, name, 0, points, FAILED, "no result"))
                graded.feedback.append(f"### {name}: 0\n\nNo result for this question.")
                continue
            score, maximum = float(test["score"]), float(test["max_score"])
            verdict = PASSED if score >= maximum else PARTIAL if score > 0 else FAILED
            graded.rows.append(Row(student, assignment, name, score, maximum, verdict))
            lines = "\n".join(f"- {line}" for line in _test_feedback(test.get("output", "")))
            graded.feedback.append(f"### {name}: {score:g} / {maximum:g}\n\n{lines}")

    for q in questions:
        if q.get("manual"):
            graded.rows.append(Row(student, assignment, q["name"], None, q.get("points"), MANUAL,
                                   "written answer: graded by the instructor"))
            graded.feedback.append(f"### {q['name']}: graded by your instructor")

    scored = [r for r in graded.rows if r.status != MANUAL]
    total = sum(r.points or 0 for r in scored)
    maximum = sum(r.max_points or 0 for r in scored) if all(r.max_points is not None for r in scored) else None
    graded.rows.append(Row(student, assignment, "total", total, maximum,
                           "graded" if graded.ok else graded.rows[0].status,
                           "auto-graded questions only" if any(q.get("manual") for q in questions) else ""))
    return graded


def write_feedback(folder: Path, graded: Graded) -> Path:
    total = graded.rows[-1]
    path = folder / (graded.assignment if graded.assignment != "?" else "unknown") / f"{graded.student}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    out_of = "" if total.max_points is None else f" / {total.max_points:g}"
    text = [f"# Feedback: {graded.student}, exercise set {graded.assignment}", "",
            f"Auto-graded score: **{(total.points or 0):g}{out_of}**", ""]
    text += [block + "\n" for block in graded.feedback]
    path.write_text("\n".join(text))
    return path


def submissions(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path, help="folder of handed-in notebooks")
    parser.add_argument("--bundles", type=Path, default=DEFAULT_BUNDLES,
                        help="folder of grading bundles written by 'make student'")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the gradebook and feedback")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed per submission (default 300)")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at the same time (default 1)")
    args = parser.parse_args(argv)

    if not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS={args.submissions} is not a folder")
    if not any(args.bundles.glob("*.zip")):
        parser.error(f"no grading bundles in {args.bundles}: run 'make student' first")
    found = submissions(args.submissions)
    if not found:
        parser.error(f"no .ipynb files in {args.submissions}")

    def job(path: Path) -> Graded:
        return grade_one(path, path.relative_to(args.submissions), args.bundles, args.timeout)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(job, found))

    args.out.mkdir(parents=True, exist_ok=True)
    feedback = args.out / "feedback"
    if feedback.is_dir():  # the gradebook is rewritten, so the feedback of an earlier run goes too
        shutil.rmtree(feedback)
    gradebook = args.out / "gradebook.csv"
    with gradebook.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for graded in results:
            writer.writerows(row.as_dict() for row in graded.rows)
            write_feedback(feedback, graded)
    for graded in results:
        total = graded.rows[-1]
        out_of = "" if total.max_points is None else f" / {total.max_points:g}"
        print(f"{graded.student:30s} {graded.assignment:6s} {(total.points or 0):g}{out_of}  {total.status}")
    print(f"wrote {gradebook} and {len(results)} feedback file(s) in {feedback}")
    return 0 if all(g.ok for g in results) else 1


if __name__ == "__main__":
    sys.exit(main())
