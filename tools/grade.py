"""Grade a folder of handed-in exercise-set notebooks, offline, each in a sandbox.

    python tools/grade.py SUBMISSIONS [--bundles build/exercises/autograder]
                          [--out build/grades] [--timeout 300] [--cell-timeout 60]
                          [--memory-mb 3072] [--jobs 1] [--lms canvas,moodle,blackboard]
                          [--roster roster.csv] [--no-sandbox]

SUBMISSIONS holds the notebooks students handed in, either flat
(``zhang-wei.ipynb``) or one folder per student (``zhang-wei/ch03.ipynb``).  The
student is the notebook's path inside SUBMISSIONS without ``.ipynb`` (or the
folder's, for ``<student>/chNN.ipynb``).  The exercise set is read from the
notebook's metadata (written by ``make student``), else from a ``chNN`` in its
path, else it is the only set there is.

How a submission is graded (the grading spec ``chNN.json`` that ``make student``
writes next to the bundle says what to run and test):

1. The notebook's code cells run in a sandbox (``tools/sandbox.py``:
   bubblewrap, no network, no view of the bundles, the tests or the other
   submissions, limits on time, memory, processes and output), one cell
   after another; a cell that fails or runs too long costs only itself.
2. The answer variables each question's tests read leave the sandbox as
   typed JSON (``tools/answers.py``), never as objects: a value that is not
   plain data (a number, text, a list, a dict, a NumPy array, a pandas
   table, ...) is refused and its question scores 0 with a note.
3. This process, which never ran student code, runs the set's own set-up
   cell and then every test, public and hidden, against the rebuilt values.
   Points are split over a question's tests as otter-grader splits them.

Written (``manual``) questions are listed with empty points for the
instructor.  Writes ``OUT/gradebook.csv`` (one row per student, set and
question, plus a ``total`` row), ``OUT/gradebook-wide.csv`` (one row per
student, a column per set and question; see ``tools/gradebook.py`` for the
LMS variants) and ``OUT/feedback/<set>/<student>.md``, replacing the results
of an earlier run in OUT.  Exit status 0 when every submission could be
graded, 1 otherwise (the gradebooks are written either way), 2 for bad usage
or when the sandbox is not available and ``--no-sandbox`` was not given.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

import answers  # noqa: E402  (tools/answers.py)
import gradebook  # noqa: E402  (tools/gradebook.py)
import sandbox  # noqa: E402  (tools/sandbox.py)

DEFAULT_BUNDLES = ROOT / "build" / "exercises" / "autograder"
DEFAULT_OUT = ROOT / "build" / "grades"
FIELDS = ["student", "assignment", "question", "points", "max_points", "status", "note"]

#: Status values in the gradebook.
PASSED, PARTIAL, FAILED, MANUAL = "passed", "partial", "failed", "manual"
INVALID, TIMEOUT, ERROR = "invalid", "timeout", "error"

#: A notebook larger than this is not read (a student copy is about 20 kB; outputs add a few MB).
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024


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
            return "" if x is None else f"{round(x, 4):g}"

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
    log: str = ""
    ok: bool = True


# --- the grading spec and the submission -------------------------------------------------------


def load_spec(bundles: Path, assignment: str) -> dict:
    """The grading spec ``make student`` wrote for a set (questions, tests, set-up)."""
    path = bundles / f"{assignment}.json"
    if not path.exists():
        raise FileNotFoundError(f"no grading spec {path}: run 'make student' again")
    spec = json.loads(path.read_text(encoding="utf-8"))
    if spec.get("format") != 1 or "setup" not in spec:
        raise ValueError(f"{path} was written by an older 'make student': run it again")
    return spec


def manifest(bundles: Path, assignment: str) -> list[dict]:
    """The questions of a set (name, points, manual, ...), as ``make student`` recorded them."""
    path = bundles / f"{assignment}.json"
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["questions"]


def available_sets(bundles: Path) -> list[str]:
    return sorted(p.stem for p in bundles.glob("ch*.json"))


def read_notebook(path: Path) -> dict:
    """A notebook file as plain JSON (never executed, never validated beyond what grading needs)."""
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"the file is {size / 2**20:.0f} MB, more than a notebook can be "
                         f"({MAX_NOTEBOOK_BYTES // 2**20} MB); clear its outputs and hand it in again")
    try:
        notebook = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"not a notebook: the file is not valid JSON ({str(error)[:80]})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError("not a notebook: there is no list of cells in it (a notebook of Jupyter's format 4 is expected)")
    return notebook


def _source(cell) -> str | None:
    source = cell.get("source") if isinstance(cell, dict) else None
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    return source if isinstance(source, str) else None


_CHECK_CALLS = ("check", "check_all")


def is_check_cell(source: str) -> bool:
    """Whether a cell only loads or runs the checks (``grader.check("q1")``, ...): the grader skips it.

    Only cells made of nothing else are skipped, so code a student adds to such
    a cell still runs.
    """
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    if not body:
        return False
    for node in body:
        if isinstance(node, ast.Import) and [a.name for a in node.names] == ["otter"]:
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "servicelab.checks":
            continue
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["grader"]:
            call = node.value
            if isinstance(call, ast.Call) and ast.unparse(call.func) in ("otter.Notebook", "Checks"):
                continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and ast.unparse(func.value) == "grader" and func.attr in _CHECK_CALLS:
                continue
        return False
    return True


def _check_target(source: str) -> str | None:
    """The question a ``grader.check("qN")`` cell checks."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    for node in body:
        if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and node.value.args
                and isinstance(node.value.args[0], ast.Constant) and ast.unparse(node.value.func) == "grader.check"):
            return node.value.args[0].value
    return None


def code_cells(notebook: dict) -> list[dict]:
    """The code cells to run: ``{"index", "source", "question"}`` (question: the check that follows it)."""
    cells, pending = [], []
    for index, cell in enumerate(notebook["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = _source(cell)
        if source is None or not source.strip():
            continue
        if is_check_cell(source):
            target = _check_target(source)
            for item in pending:
                item["question"] = target
            pending = []
            continue
        item = {"index": index, "source": source, "question": None}
        cells.append(item)
        pending.append(item)
    return cells


def which_assignment(path: Path, relative: Path, sets: list[str]) -> str | None:
    """The exercise set a submission belongs to, or None if it cannot be told."""
    try:
        metadata = read_notebook(path).get("metadata") or {}
        for name in (metadata.get("servicelab", {}).get("assignment"), metadata.get("otter", {}).get("assignment_name")):
            if name in sets:
                return name
    except (OSError, ValueError, AttributeError):  # a damaged file: fall back on its name
        pass
    for part in reversed(relative.parts):
        for candidate in sets:
            if candidate in part:
                return candidate
    return sets[0] if len(sets) == 1 else None


def student_name(relative: Path, assignment: str | None) -> str:
    """``zhang-wei.ipynb`` and ``zhang-wei/ch01.ipynb`` both belong to ``zhang-wei``."""
    if assignment and relative.stem == assignment and len(relative.parts) > 1:
        return relative.parent.as_posix()
    return relative.with_suffix("").as_posix()


# --- running the notebook (in the sandbox) and reading its answers -----------------------------


@dataclass
class Execution:
    status: str  # "ok", TIMEOUT or ERROR
    note: str = ""
    values: dict = field(default_factory=dict)
    refused: dict = field(default_factory=dict)
    cell_errors: dict = field(default_factory=dict)  # notebook cell index -> error text
    log: str = ""
    seconds: float = 0.0


_MPL_LOCK = threading.Lock()
_MPL_CACHE: list[tempfile.TemporaryDirectory] = []


def matplotlib_cache() -> Path | None:
    """A folder holding matplotlib's font list, built once per grading run (None if that fails).

    Each sandbox starts with an empty home folder, where matplotlib would scan
    the fonts again for every plotting notebook; the runner copies this list in.
    """
    with _MPL_LOCK:
        if not _MPL_CACHE:
            folder = tempfile.TemporaryDirectory(prefix="grade-mpl-")
            env = {"MPLCONFIGDIR": folder.name, "MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"}
            try:
                subprocess.run([sys.executable, "-I", "-c", "import matplotlib.font_manager"], env=env,
                               capture_output=True, timeout=120, check=True)
            except (OSError, subprocess.SubprocessError):
                pass
            _MPL_CACHE.append(folder)
        folder = Path(_MPL_CACHE[0].name)
        return folder if any(folder.glob("fontlist*.json")) else None


def _runner_files() -> dict[str, Path]:
    files = {f"{sandbox.RUNNER_DIR}/grade_runner.py": TOOLS / "grade_runner.py",
             f"{sandbox.RUNNER_DIR}/answers.py": TOOLS / "answers.py"}
    cache = matplotlib_cache()
    if cache is not None:
        files[f"{sandbox.RUNNER_DIR}/mpl-cache"] = cache
    return files


def _data_dir() -> Path:
    from servicelab import data

    return Path(data.data_dir()).resolve()


def execute(cells: list[dict], names: list[str], limits: sandbox.Limits, isolate: bool) -> Execution:
    """Run the cells in the sandbox and rebuild the named answers from what comes back."""
    import servicelab

    request = {"cells": [{"index": c["index"], "source": c["source"]} for c in cells], "names": names,
               "cell_timeout": limits.cell_timeout, "rlimits": limits.rlimits(sandboxed=isolate)}
    python = str(sandbox.python_executable())
    venv_bin = str(Path(python).parent)
    env = {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "USER": "student",
           "SERVICELAB_DATA": str(_data_dir()), "PATH": f"{venv_bin}:/usr/bin:/bin"}
    stdin = json.dumps(request).encode()
    if isolate:
        env.update(HOME=sandbox.SCRATCH, TMPDIR=sandbox.SCRATCH, MPLCONFIGDIR=f"{sandbox.SCRATCH}/matplotlib",
                   GRADER_MPL_CACHE=f"{sandbox.RUNNER_DIR}/mpl-cache")
        binds = sandbox.python_binds() + [Path(servicelab.__file__).resolve().parent, _data_dir()]
        argv = [python, "-I", f"{sandbox.RUNNER_DIR}/grade_runner.py"]
        run = sandbox.run(argv, stdin=stdin, limits=limits, binds=binds, files=_runner_files(), env=env)
    else:
        with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
            env.update(HOME=scratch, TMPDIR=scratch, MPLCONFIGDIR=f"{scratch}/matplotlib",
                       GRADER_MPL_CACHE=str(matplotlib_cache() or ""))
            argv = [sys.executable, "-I", str(TOOLS / "grade_runner.py")]
            run = sandbox.run(argv, stdin=stdin, limits=limits, env=env, isolate=False, cwd=Path(scratch))

    outcome = Execution("ok", log=run.output, seconds=run.seconds)
    if run.output_bytes > limits.output:
        outcome.log += f"\n[... {run.output_bytes - limits.output:,} more bytes of output not kept]"
    last_cell, encoded = None, None
    if run.result_truncated:
        return Execution(ERROR, f"the answers were larger than {limits.result // 2**20} MiB", log=outcome.log)
    for line in run.result.decode("utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            return Execution(ERROR, "the grading run wrote something that is not answers (did a cell write to "
                             "the runner's output?)", log=outcome.log)
        if isinstance(record, dict) and isinstance(record.get("cell"), int):
            last_cell = record["cell"]
            if record.get("error"):
                outcome.cell_errors[last_cell] = str(record["error"])[:300]
        elif isinstance(record, dict) and isinstance(record.get("answers"), dict):
            encoded = record["answers"]
    if run.status == TIMEOUT or encoded is None:
        running = next((c["index"] for c in cells if last_cell is None or c["index"] > last_cell), None)
        where = f" while running cell {running}" if running else ""
        if run.status == TIMEOUT:
            return Execution(TIMEOUT, f"the notebook ran longer than {limits.timeout:g} s{where} and was stopped",
                             log=outcome.log, cell_errors=outcome.cell_errors)
        how = (f"exit status {run.returncode}" + (" (killed: too much memory?)" if run.returncode in (-9, 137) else "")
               if run.returncode else "no answers came back")
        return Execution(ERROR, f"the grading run ended early{where} ({how})", log=outcome.log,
                         cell_errors=outcome.cell_errors)
    for name in names:
        item = encoded.get(name)
        if isinstance(item, dict) and "ok" in item:
            try:
                outcome.values[name] = answers.decode(item["ok"])
            except answers.Malformed:
                outcome.refused[name] = "could not be read back as data"
        elif isinstance(item, dict) and isinstance(item.get("refused"), str):
            outcome.refused[name] = item["refused"][:300]
        else:
            outcome.refused[name] = "did not come back from the grading run"
    return outcome


# --- testing (in this process, which never runs student code) ------------------------------------


class SetupCache:
    """Each set's set-up cell (imports, data), run once per grading run in a namespace of its own."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: dict[str, dict] = {}

    def namespace(self, assignment: str, code: str) -> dict:
        with self._lock:
            if assignment not in self._done:
                namespace: dict = {"__name__": f"setup_{assignment}"}
                exec(compile(code, f"<set-up of {assignment}>", "exec"), namespace)  # noqa: S102  (the set's own code)
                self._done[assignment] = namespace
            return self._done[assignment]


SETUP = SetupCache()


def run_test(code: str, env: dict) -> bool:
    """Whether a test (a few ``assert`` statements) passes against ``env``."""
    try:
        exec(compile(code, "<test>", "exec"), dict(env))  # noqa: S102  (the set's own test, on plain data)
    except Exception:
        return False
    return True


def score_question(question: dict, passed: list[bool]) -> float:
    """Points earned: the points of the tests passed (or all or nothing, if the question says so)."""
    possible = sum(t["points"] for t in question["tests"])
    if question.get("all_or_nothing"):
        return possible if all(passed) else 0.0
    return sum(t["points"] for t, ok in zip(question["tests"], passed) if ok)


def _nice(x: float) -> str:
    return f"{round(x, 4):g}"


def grade_one(submission: Path, relative: Path, bundles: Path, limits: sandbox.Limits, isolate: bool = True) -> Graded:
    """Grade one submission; never raises: every failure becomes rows with a status."""
    sets = available_sets(bundles)
    assignment = which_assignment(submission, relative, sets)
    student = student_name(relative, assignment)
    if assignment is None:
        graded = Graded(student, "?", ok=False)
        note = f"cannot tell which exercise set this is (sets: {', '.join(sets) or 'none'})"
        graded.rows.append(Row(student, "?", "total", 0, None, ERROR, note))
        graded.feedback.append(f"Not graded: {note}.")
        return graded

    graded = Graded(student, assignment)
    spec = load_spec(bundles, assignment)
    questions = spec["questions"]
    auto = [q for q in questions if not q.get("manual")]
    names = list(dict.fromkeys(n for q in auto for n in q["names"]))
    try:
        cells = code_cells(read_notebook(submission))
        outcome = execute(cells, names, limits, isolate)
    except (OSError, ValueError) as error:
        cells, outcome = [], Execution(ERROR, f"could not be graded: {error}")
    graded.log = outcome.log

    if outcome.status != "ok":
        graded.ok = False
        for q in auto:
            graded.rows.append(Row(student, assignment, q["name"], 0, q["points"], outcome.status, outcome.note))
        graded.feedback.append(f"**Not graded automatically**: {outcome.note}. Every auto-graded question scores 0; "
                               "ask your instructor to look at the notebook.")
    else:
        base = dict(SETUP.namespace(assignment, spec["setup"]))
        base.update(outcome.values)
        by_question: dict[str | None, list[str]] = {}
        for cell in cells:
            if cell["index"] in outcome.cell_errors:
                first = cell["source"].strip().splitlines()[0][:60]
                by_question.setdefault(cell["question"], []).append(
                    f"The cell starting `{first}` stopped with an error: {outcome.cell_errors[cell['index']]}")
        for q in auto:
            maximum = sum(t["points"] for t in q["tests"])
            lines = list(by_question.get(q["name"], []))
            refused = {n: outcome.refused[n] for n in q["names"] if n in outcome.refused}
            unreadable = {n: r for n, r in refused.items() if not r.startswith(("is still `...`", "is not defined"))}
            if refused:
                lines += [f"`{n}` {reason.rstrip('.?')}." for n, reason in refused.items()]
                status = INVALID if unreadable else FAILED
                note = "; ".join(f"{n} {reason}" for n, reason in refused.items())
                graded.rows.append(Row(student, assignment, q["name"], 0, maximum, status, note[:300]))
                graded.feedback.append(f"### {q['name']}: 0 / {_nice(maximum)}\n\n" + "\n".join(f"- {x}" for x in lines))
                continue
            passed = [run_test(t["code"], base) for t in q["tests"]]
            score = score_question(q, passed)
            verdict = PASSED if score >= maximum - 1e-9 else PARTIAL if score > 0 else FAILED
            graded.rows.append(Row(student, assignment, q["name"], score, maximum, verdict))
            if all(passed):
                lines.append("all tests passed")
                lines += [t["success_message"] for t in q["tests"] if t.get("success_message")]
            else:
                lines += list(dict.fromkeys(t["failure_message"] or "a test failed"
                                            for t, ok in zip(q["tests"], passed) if not ok))
            graded.feedback.append(f"### {q['name']}: {_nice(score)} / {_nice(maximum)}\n\n"
                                   + "\n".join(f"- {x}" for x in lines))
        if by_question.get(None):
            graded.feedback.append("### Other cells\n\n" + "\n".join(f"- {x}" for x in by_question[None]))

    for q in questions:
        if q.get("manual"):
            graded.rows.append(Row(student, assignment, q["name"], None, q.get("points"), MANUAL,
                                   "written answer: graded by the instructor"))
            graded.feedback.append(f"### {q['name']}: graded by your instructor")

    scored = [r for r in graded.rows if r.status != MANUAL]
    total = sum(r.points or 0 for r in scored)
    maximum = sum(r.max_points or 0 for r in scored)
    graded.rows.append(Row(student, assignment, "total", total, maximum,
                           "graded" if graded.ok else graded.rows[0].status,
                           "auto-graded questions only" if any(q.get("manual") for q in questions) else ""))
    return graded


def write_feedback(folder: Path, graded: Graded) -> Path:
    total = graded.rows[-1]
    path = folder / (graded.assignment if graded.assignment != "?" else "unknown") / f"{graded.student}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    out_of = "" if total.max_points is None else f" / {_nice(total.max_points)}"
    text = [f"# Feedback: {graded.student}, exercise set {graded.assignment}", "",
            f"Auto-graded score: **{_nice(total.points or 0)}{out_of}**", ""]
    text += [block + "\n" for block in graded.feedback]
    path.write_text("\n".join(text), encoding="utf-8")
    return path


def submissions(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path, help="folder of handed-in notebooks")
    parser.add_argument("--bundles", type=Path, default=DEFAULT_BUNDLES,
                        help="folder of grading bundles written by 'make student'")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the gradebooks and feedback")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed per submission (default 300)")
    parser.add_argument("--cell-timeout", type=float, default=60,
                        help="seconds allowed per cell; a slower cell is stopped and the next one runs (default 60)")
    parser.add_argument("--memory-mb", type=int, default=3072, help="memory per submission, in MiB (default 3072)")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at the same time (default 1)")
    parser.add_argument("--lms", default="", help="also write gradebooks to import into these systems: "
                        "any of canvas, moodle, blackboard, comma-separated (see the instructors' guide)")
    parser.add_argument("--roster", type=Path, help="CSV naming each student in the LMS files: student, and any of "
                        + ", ".join(gradebook.ROSTER_FIELDS))
    parser.add_argument("--no-sandbox", action="store_true",
                        help="grade without isolation (the notebooks can then read and write what your user can, "
                             "and reach the network); only for machines without bubblewrap")
    args = parser.parse_args(argv)

    if not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS={args.submissions} is not a folder")
    if not available_sets(args.bundles):
        parser.error(f"no grading bundles in {args.bundles}: run 'make student' first")
    for assignment in available_sets(args.bundles):
        try:
            load_spec(args.bundles, assignment)
        except (OSError, ValueError) as error:
            parser.error(str(error))
    lms = [name.strip().lower() for name in args.lms.split(",") if name.strip()]
    unknown = [name for name in lms if name not in gradebook.LMS_FORMATS]
    if unknown:
        parser.error(f"--lms: unknown {', '.join(unknown)} (choose from {', '.join(gradebook.LMS_FORMATS)})")
    try:
        roster = gradebook.read_roster(args.roster)
    except (OSError, ValueError) as error:
        parser.error(str(error))
    found = submissions(args.submissions)
    if not found:
        parser.error(f"no .ipynb files in {args.submissions}")
    isolate = not args.no_sandbox
    if isolate and (reason := sandbox.unavailable()):
        print(f"grade: cannot grade safely here: {reason}.\n"
              "Student notebooks are untrusted code, so the grader runs them in a sandbox (bubblewrap).\n"
              "Install it, or, on a machine that holds nothing you would mind a student reading or\n"
              "changing, pass --no-sandbox (make grade ... GRADE_OPTIONS=--no-sandbox).", file=sys.stderr)
        return 2
    if not isolate:
        print("grade: WARNING: grading WITHOUT a sandbox (--no-sandbox): each notebook runs with your rights.",
              file=sys.stderr)
    limits = sandbox.Limits(timeout=args.timeout, cell_timeout=min(args.cell_timeout, args.timeout),
                            memory=args.memory_mb * sandbox.MiB)

    started = time.monotonic()
    done = [0]
    lock = threading.Lock()

    def job(path: Path) -> Graded:
        graded = grade_one(path, path.relative_to(args.submissions), args.bundles, limits, isolate)
        with lock:
            done[0] += 1
            total = graded.rows[-1]
            out_of = "" if total.max_points is None else f" / {_nice(total.max_points)}"
            print(f"[{done[0]}/{len(found)}] {graded.student:30s} {graded.assignment:6s} "
                  f"{_nice(total.points or 0)}{out_of}  {total.status}", flush=True)
        return graded

    print(f"grading {len(found)} notebook(s) {'in the sandbox' if isolate else 'WITHOUT a sandbox'}: "
          f"{sandbox.describe(limits)}", flush=True)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(job, found))

    args.out.mkdir(parents=True, exist_ok=True)
    for folder in ("feedback", "logs"):  # the gradebook is rewritten, so the files of an earlier run go too
        if (args.out / folder).is_dir():
            shutil.rmtree(args.out / folder)
    long_path = args.out / "gradebook.csv"
    with long_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for graded in results:
            writer.writerows(row.as_dict() for row in graded.rows)
            write_feedback(args.out / "feedback", graded)
            if graded.log.strip():
                log = args.out / "logs" / graded.assignment / f"{graded.student}.log"
                log.parent.mkdir(parents=True, exist_ok=True)
                log.write_text(graded.log, encoding="utf-8")
    rows = [row.as_dict() for graded in results for row in graded.rows]
    written = gradebook.write_all(rows, {g.assignment: manifest(args.bundles, g.assignment) for g in results
                                         if g.assignment != "?"}, args.out, lms, roster)
    elapsed = time.monotonic() - started
    print(f"graded {len(results)} notebook(s) in {elapsed:.0f} s; wrote {long_path}, "
          + ", ".join(str(p) for p in written) + f" and feedback in {args.out / 'feedback'}")
    return 0 if all(g.ok for g in results) else 1


if __name__ == "__main__":
    sys.exit(main())
