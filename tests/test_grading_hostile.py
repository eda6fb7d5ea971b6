"""Hostile submissions: a student who reads the grader's source cannot game it or break it.

One folder of submissions to Exercise set 1 is graded in one run, in the
sandbox, two at a time:

* the five of issue 15, each a student copy with every answer left as ``...``
  and one extra cell at the end: it writes files (in ``/tmp`` and beside the grading
  bundles), reads the grading folder and the bundle, opens a connection to a
  server on this machine, replaces otter's test classes with ones that always
  pass, or stores answers whose comparisons and arithmetic always succeed.
  Each must earn 0 points (that is what its answers are worth) and leave no
  trace outside the sandbox;
* resource abuse on top of a correct notebook: a fork bomb, a memory hog, a
  cell that prints 50 MB, a notebook that deletes its own cells' outputs
  (and was saved without any): each cell costs only itself, so 14 / 14;
* a notebook that ignores the per-cell time limit: stopped at the
  submission's time limit, status ``timeout``;
* a correct notebook, which must be unaffected by its neighbours.

Then the same checks are shown to bite: graded without the sandbox
(``--no-sandbox``), the file-writing and network submissions do reach the
machine.
"""

from __future__ import annotations

import csv
import hashlib
import http.server
import shutil
import sys
import threading
import uuid
from pathlib import Path

import nbformat
import pytest

import grading_support as support
from grading_support import ROOT

import grade  # noqa: E402  (tools/grade.py)
import sandbox  # noqa: E402  (tools/sandbox.py)

pytestmark = pytest.mark.slow

TOKEN = uuid.uuid4().hex[:12]  # names the files a hostile cell tries to leave behind
MARKER = f"hostile-{TOKEN}"


class _Server:
    """A web server on this machine's loopback that records every request it gets."""

    def __init__(self) -> None:
        seen = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                seen.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"reached")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


def hostile_cells(bundles: Path, port: int) -> dict[str, str]:
    """The extra cell of each hostile submission (the answers stay ``...``)."""
    return {
        "writes-files": f"""
import pathlib
for folder in ["/tmp", {str(bundles)!r}, {str(ROOT / "build")!r}]:
    try:
        pathlib.Path(folder, "{MARKER}.txt").write_text("a student was here")
    except OSError as error:
        print("blocked:", error)
for bundle in pathlib.Path({str(bundles)!r}).glob("*.zip"):
    bundle.write_bytes(b"replaced")
""",
        "reads-bundles": f"""
import os, zipfile
print(os.listdir({str(bundles)!r}))
with zipfile.ZipFile({str(bundles / "ch01.zip")!r}) as z:
    leaked = z.read("tests/q2_turned_away.py").decode()
raise RuntimeError(leaked[:150])  # the error text goes into the student's feedback
""",
        "network": f"""
import urllib.request
reply = urllib.request.urlopen("http://127.0.0.1:{port}/{MARKER}", timeout=5).read()
""",
        "patches-otter": """
import otter.test_files.abstract_test as abstract, otter.test_files.ok_test as ok
def run(self, global_environment):
    self.test_case_results = [abstract.TestCaseResult(tc, None, True) for tc in self.test_cases]
ok.OKTestFile.run = run
abstract.TestFile.passed_all = property(lambda self: True)
abstract.TestFile.score = property(lambda self: self.possible)
import sys
for name, module in list(sys.modules.items()):  # and anything that looks like the grader's own code
    if any(word in name for word in ("grade", "answers", "checks")):
        for function in ("run_test", "score_question", "first_failure", "decode"):
            if function in vars(module):
                setattr(module, function, lambda *args, **kwargs: True)
print("patched")
""",
        "doctored-values": """
class Anything(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __le__(self, other): return True
    def __gt__(self, other): return True
    def __ge__(self, other): return True
    def __sub__(self, other): return Anything(0.0)
    def __rsub__(self, other): return Anything(0.0)
    def __abs__(self): return Anything(0.0)
    def __hash__(self): return 0
class Word(str):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __hash__(self): return hash("FD01")
class Keys(dict):
    def __eq__(self, other): return True
    def __getitem__(self, key): return Word("x")
characteristics = Keys(a=Word("a"), b=Word("b"), c=Word("c"), d=Word("d"))
share_turned_away = best_capacity = lifetime = net_reach = break_even = gesture_cost = Anything(0.05)
least_consistent = Word("FD01")
offer = Word("yes")
""",
    }


def abusive_cells(submission_path: Path) -> dict[str, str]:
    """Extra cells that abuse resources, put into an otherwise correct notebook."""
    return {
        "fork-bomb": "import os\nwhile True:\n    os.fork()",
        "memory-hog": "hog = []\nwhile True:\n    hog.append(bytearray(50 * 2**20))",
        "prints-megabytes": "for _ in range(50):\n    print('x' * 2**20)",
        "deletes-outputs": f"""
import glob, json
for path in glob.glob("*.ipynb") + [{str(submission_path)!r}]:
    try:
        nb = json.load(open(path))
        for cell in nb["cells"]:
            cell.pop("outputs", None)
        json.dump(nb, open(path, "w"))
    except OSError as error:
        print("blocked:", error)
""",
    }


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _with_cell(handout: Path, answers: dict[str, str], extra: str, after: int | str | None = None):
    """The handout with ``answers`` filled in and one extra cell, after cell ``after`` (None: at the end;
    "imports": right after the cell that imports and loads the data, wherever the set puts it)."""
    nb = support.filled(handout, answers)
    if after == "imports":  # the cell that loads the data (the checks' own cell comes before it)
        after = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "data.load(" in c.source)
    nb.cells.insert(len(nb.cells) if after is None else after + 1, nbformat.v4.new_code_cell(extra))
    return nb


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """Grade every hostile submission in one run; return (rows by student, out folder, evidence)."""
    reason = sandbox.unavailable()
    if reason:
        pytest.fail(f"the sandbox is needed for these tests and is not available: {reason} "
                    "(.ci/run installs bubblewrap)")
    out, errors = support.assigned(tmp_path_factory)
    assert "ch01" not in errors, errors.get("ch01")
    work = tmp_path_factory.mktemp("hostile")
    bundles = work / "autograder"  # a copy, so that a broken sandbox could not spoil the other tests' bundles
    shutil.copytree(out / "autograder", bundles)
    handout = out / "student" / "ch01.ipynb"
    solutions = support.solutions(ROOT / "exercises" / "ch01.ipynb")
    folder = work / "submissions"
    folder.mkdir()
    server = _Server()
    try:
        for name, cell in hostile_cells(bundles, server.port).items():
            nbformat.write(_with_cell(handout, {}, cell), folder / f"{name}.ipynb")
        for name, cell in abusive_cells(folder / "deletes-outputs.ipynb").items():
            nb = _with_cell(handout, solutions, cell, after="imports")  # early: the answers after it must still count
            if name == "deletes-outputs":
                for c in nb.cells:
                    if c.cell_type == "code":
                        c.pop("outputs", None)
                        c.pop("execution_count", None)
            path = folder / f"{name}.ipynb"
            path.write_text(nbformat.writes(nb, version=4) if name != "deletes-outputs"
                            else __import__("json").dumps(nb), encoding="utf-8")
        nbformat.write(_with_cell(handout, solutions,
                                  "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass",
                                  after="imports"),
                       folder / "ignores-cell-limit.ipynb")
        nbformat.write(support.filled(handout, solutions), folder / "honest.ipynb")
        before = {"submissions": _digest(folder), "bundles": _digest(bundles)}
        grades = work / "grades"
        status = grade.main([str(folder), "--bundles", str(bundles), "--out", str(grades), "--timeout", "40",
                             "--cell-timeout", "10", "--memory-mb", "1024", "--jobs", "2"])
        evidence = {
            "status": status,
            "before": before,
            "after": {"submissions": _digest(folder), "bundles": _digest(bundles)},
            "requests": list(server.requests),
            "left_behind": [str(p) for p in (Path("/tmp") / f"{MARKER}.txt", bundles / f"{MARKER}.txt",
                                             ROOT / "build" / f"{MARKER}.txt") if p.exists()],
        }
    finally:
        server.close()
    with (grades / "gradebook.csv").open(newline="") as handle:
        rows: dict[str, dict[str, dict]] = {}
        for row in csv.DictReader(handle):
            rows.setdefault(row["student"], {})[row["question"]] = row
    return rows, grades, evidence


ISSUE_15 = ["writes-files", "reads-bundles", "network", "patches-otter", "doctored-values"]
ABUSIVE = ["fork-bomb", "memory-hog", "prints-megabytes", "deletes-outputs"]


@pytest.mark.parametrize("name", ISSUE_15)
def test_hostile_submission_earns_what_its_answers_are_worth(hostile_run, name):
    rows, _, _ = hostile_run
    assert float(rows[name]["total"]["points"]) == 0, rows[name]["total"]
    assert rows[name]["total"]["status"] == "graded"


def test_patching_the_test_classes_from_inside_changes_nothing(hostile_run):
    rows, grades, _ = hostile_run
    assert "patched" in (grades / "logs" / "ch01" / "patches-otter.log").read_text()  # the patch did run
    assert float(rows["patches-otter"]["total"]["points"]) == 0


def test_doctored_values_are_refused_as_not_data(hostile_run):
    rows, grades, _ = hostile_run
    questions = {q: r for q, r in rows["doctored-values"].items() if q not in ("total", "q8_reflection")}
    assert {r["status"] for r in questions.values()} == {"invalid"}
    assert "subclass of float" in questions["q2_turned_away"]["note"]
    feedback = (grades / "feedback" / "ch01" / "doctored-values.md").read_text()
    assert "store a plain number" in feedback


def test_nothing_outside_the_sandbox_changed(hostile_run):
    _, _, evidence = hostile_run
    assert evidence["left_behind"] == []
    assert evidence["after"]["bundles"] == evidence["before"]["bundles"], "a grading bundle changed"
    assert evidence["after"]["submissions"] == evidence["before"]["submissions"], "a submission changed"


def test_no_network_from_the_sandbox(hostile_run):
    rows, grades, evidence = hostile_run
    assert evidence["requests"] == []
    feedback = (grades / "feedback" / "ch01" / "network.md").read_text()
    assert "URLError" in feedback or "refused" in feedback.lower()


def test_grading_folder_and_hidden_tests_are_invisible(hostile_run):
    rows, grades, _ = hostile_run
    feedback = (grades / "feedback" / "ch01" / "reads-bundles.md").read_text()
    assert "FileNotFoundError" in feedback
    assert "0.0523" not in feedback and "hidden" not in feedback
    log = grades / "logs" / "ch01" / "reads-bundles.log"
    assert not log.exists() or "q2_turned_away.py" not in log.read_text()


@pytest.mark.parametrize("name", ABUSIVE)
def test_abusive_cell_costs_only_itself(hostile_run, name):
    rows, grades, _ = hostile_run
    assert float(rows[name]["total"]["points"]) == 14, rows[name]
    assert rows[name]["total"]["status"] == "graded"


def test_abuse_is_stopped_by_the_limits_and_reported(hostile_run):
    _, grades, _ = hostile_run
    feedback = {name: (grades / "feedback" / "ch01" / f"{name}.md").read_text() for name in ABUSIVE}
    assert "PermissionError" in feedback["fork-bomb"]  # no new processes in the sandbox
    assert "MemoryError" in feedback["memory-hog"]
    log = (grades / "logs" / "ch01" / "prints-megabytes.log").read_text()
    assert len(log) < 100_000 and "more bytes of output not kept" in log


def test_endless_cell_that_ignores_its_limit_is_stopped_with_the_submission(hostile_run):
    rows, _, _ = hostile_run
    total = rows["ignores-cell-limit"]["total"]
    assert total["status"] == "timeout" and float(total["points"]) == 0
    assert "40 s" in rows["ignores-cell-limit"]["q1_characteristics"]["note"]


def test_honest_neighbour_is_unaffected(hostile_run):
    rows, _, evidence = hostile_run
    assert float(rows["honest"]["total"]["points"]) == 14
    assert evidence["status"] == 1  # the timed-out submission could not be graded; the others were


# --- the checks above bite: without the sandbox, the same cells reach the machine ---------------


def test_without_the_sandbox_the_same_cells_reach_the_machine(tmp_path, tmp_path_factory):
    out, errors = support.assigned(tmp_path_factory)
    bundles = tmp_path / "autograder"
    shutil.copytree(out / "autograder", bundles)
    folder = tmp_path / "submissions"
    folder.mkdir()
    server = _Server()
    try:
        cells = hostile_cells(bundles, server.port)
        handout = out / "student" / "ch01.ipynb"
        for name in ("writes-files", "network"):
            nbformat.write(_with_cell(handout, {}, cells[name]), folder / f"{name}.ipynb")
        grade.main([str(folder), "--bundles", str(bundles), "--out", str(tmp_path / "grades"), "--timeout", "60",
                    "--no-sandbox"])
        assert (bundles / f"{MARKER}.txt").exists(), "unsandboxed, the cell writes beside the bundles"
        assert (bundles / "ch01.zip").read_bytes() == b"replaced"
        assert server.requests == [f"/{MARKER}"], "unsandboxed, the cell reaches the server"
    finally:
        server.close()
        Path("/tmp", f"{MARKER}.txt").unlink(missing_ok=True)
        (ROOT / "build" / f"{MARKER}.txt").unlink(missing_ok=True)


# --- an environment reached through a symbolic link ------------------------------------------------


def test_environment_behind_a_symbolic_link_starts_in_the_sandbox(tmp_path, monkeypatch):
    """A checkout may borrow another's environment (``.venv`` a link to it, as
    benchmarks/test_speed.py --clone does).  The sandbox mounts the environment at its real path,
    so the grader must start Python by that path: with ``sys.executable`` (the link's path) every
    submission scored 0, "error", and this test failed the same way before
    ``sandbox.python_executable``."""
    reason = sandbox.unavailable()
    if reason:
        pytest.fail(f"the sandbox is needed for this test and is not available: {reason}")
    real = Path(sys.prefix).resolve()
    inside = Path(sys.executable).relative_to(sys.prefix)
    link = tmp_path / "borrowed" / ".venv"
    link.parent.mkdir()
    link.symlink_to(real, target_is_directory=True)
    monkeypatch.setattr(sys, "prefix", str(link))
    monkeypatch.setattr(sys, "executable", str(link / inside))
    python = sandbox.python_executable()
    run = sandbox.run([str(python), "-I", "-c", "import sys, pandas; sys.stdout.write(sys.prefix)"],
                      stdin=b"", limits=sandbox.Limits(), binds=sandbox.python_binds())
    assert run.status == "ok", run.output
    assert run.result.decode() == str(real)
