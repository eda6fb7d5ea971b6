"""How long grading takes: the old way (otter run) against the sandboxed grader.

    python benchmarks/grading_speed.py [--count 30] [--jobs 1] [--skip-old]

Makes Exercise set 1's student copy and grading bundle (``otter assign``, in a
temporary folder), then a folder of ``--count`` ordinary submissions: alternately
a fully solved copy and a partly solved one (questions 1 to 3 answered, the
rest left as ``...``).  It grades the folder twice, one submission after another
(``--jobs`` at a time for the new way):

* **old**: what ``tools/grade.py`` did before the sandbox, ``otter run`` on each
  notebook in its own subprocess and temporary folder (the student's code and
  the tests in one kernel);
* **new**: ``tools/grade.py`` as ``make grade`` runs it: each notebook in the
  bubblewrap sandbox, its answers back as data, the tests in the grading
  process.

It prints the wall-clock time of each (and per submission), the ratio new/old
(target: at most 2), the load average (on a shared machine the figures are only
as good as the quiet they were taken in), and whether both ways gave every
submission the same points.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))

import student  # noqa: E402  (tools/student.py)
from grading_support import filled, solutions  # noqa: E402  (tests/grading_support.py)

TARGET_RATIO = 2.0
PARTLY = ("q1_characteristics", "q2_turned_away", "q3_best_capacity")


def make_submissions(copy: Path, folder: Path, count: int) -> None:
    answers = solutions(ROOT / "exercises" / "ch01.ipynb")
    solved = filled(copy, answers)
    partly = filled(copy, {q: answers[q] for q in PARTLY})
    for i in range(count):
        nbformat.write(solved if i % 2 == 0 else partly, folder / f"student-{i + 1:02d}.ipynb")


def old_way(folder: Path, bundle: Path, timeout: float = 300) -> tuple[float, dict[str, float]]:
    """``otter run`` per submission, as the grader did before: (seconds, total points per student)."""
    otter = Path(sys.executable).parent / "otter"
    totals = {}
    started = time.monotonic()
    for notebook in sorted(folder.glob("*.ipynb")):
        with tempfile.TemporaryDirectory(prefix="old-grade-") as tmp:
            work = Path(tmp)
            (work / "submission").mkdir()
            (work / "out").mkdir()
            copy = work / "submission" / notebook.name
            shutil.copyfile(notebook, copy)
            env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "HOME": str(work)}
            subprocess.run([str(otter), "run", "--no-logo", "-a", str(bundle), "-o", str(work / "out"), str(copy)],
                           cwd=copy.parent, capture_output=True, text=True, env=env, timeout=timeout,
                           start_new_session=True)
            results = work / "out" / "results.json"
            if results.exists():
                tests = json.loads(results.read_text()).get("tests", [])
                totals[notebook.stem] = sum(float(t["score"]) for t in tests if "score" in t)
            else:
                totals[notebook.stem] = float("nan")
    return time.monotonic() - started, totals


def new_way(folder: Path, bundles: Path, out: Path, jobs: int) -> tuple[float, dict[str, float]]:
    """``tools/grade.py`` in a subprocess, as ``make grade`` runs it: (seconds, total points per student)."""
    started = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(folder), "--bundles", str(bundles),
                    "--out", str(out), "--jobs", str(jobs)], capture_output=True, text=True)
    seconds = time.monotonic() - started
    with (out / "gradebook.csv").open(newline="") as handle:
        totals = {r["student"]: float(r["points"]) for r in csv.DictReader(handle) if r["question"] == "total"}
    return seconds, totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=30, help="submissions to grade (default 30)")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at once by the new way (default 1)")
    parser.add_argument("--skip-old", action="store_true", help="time only the new way")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="grading-speed-") as tmp:
        work = Path(tmp)
        print("otter assign on Exercise set 1 ...", flush=True)
        copy, bundle = student.assign(ROOT / "exercises" / "ch01.ipynb", work / "exercises")
        folder = work / "submissions"
        folder.mkdir()
        make_submissions(copy, folder, args.count)
        print(f"{args.count} submissions (alternately solved and partly solved); "
              f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)

        new_seconds, new_totals = new_way(folder, bundle.parent, work / "grades", args.jobs)
        print(f"new (sandbox, --jobs {args.jobs}): {new_seconds:7.1f} s  ({new_seconds / args.count:5.2f} s each)",
              flush=True)
        if args.skip_old:
            return 0
        old_seconds, old_totals = old_way(folder, bundle)
        print(f"old (otter run, one at a time):  {old_seconds:7.1f} s  ({old_seconds / args.count:5.2f} s each)")
        ratio = new_seconds / old_seconds
        print(f"ratio new / old: {ratio:.2f} (target <= {TARGET_RATIO:g}: {'met' if ratio <= TARGET_RATIO else 'NOT met'})")
        agree = all(abs(new_totals.get(k, -1) - v) < 1e-9 for k, v in old_totals.items()) and len(new_totals) == len(old_totals)
        print(f"same points both ways: {'yes' if agree else 'NO'} "
              f"(solved {new_totals.get('student-01')}, partly solved {new_totals.get('student-02')} of 11)")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
