"""Shared fixtures: the repository's paths, one execution of every notebook and one book build.

``make test`` runs pytest on every core (pytest-xdist, ``--dist loadgroup``).  Each xdist
worker is a separate process with its own test session, so the expensive session fixtures
here are made *once per run* across workers with :func:`once`: the first worker that needs
one produces it under a file lock in the run's shared temporary folder; the others wait and
reuse it.  The chain is

    executed_notebooks   every notebook the selected tests need, executed once, in parallel
                         (tools/warm_cache.py), into the jupyter-cache of the test build;
                         under xdist begun as soon as a worker has collected the tests;
    built_book           the HTML book built from that warm cache (it executes nothing),
                         warnings as errors; test_book, test_site and test_browser use it;
    built_chinese        the Chinese edition from the same cache, into built_book's zh/.

A new expensive phase (another edition of the book, say) is one more fixture built the same
way; :func:`book_build` makes a build with other options.  Each phase's wall time is recorded
with :func:`phase` and printed at the end of the run ("phases" in the summary); set
``TEST_PHASES_JSON=path`` to also get them as JSON (benchmarks/test_speed.py does).

Scheduling (``--dist loadgroup``, see GroupScheduling): the tests on the built book form one
group, and so do the tests of a module that defines its own session or module fixture; a group runs on one
worker, so its fixtures run once; every other test is handed out one at a time.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from execute_notebooks import book_environment  # noqa: E402  (tools/: the environment of every build)

# Property tests: no per-example time limit (hypothesis's default "deadline" is 200 ms).  The
# tests run beside notebook kernels and a book build on every core, so an example can take longer
# for reasons that have nothing to do with the code; speed is measured by benchmarks/, never
# asserted by tests.
from hypothesis import settings  # noqa: E402

settings.register_profile("servicelab", deadline=None)
# make test-fast: a fifth of the examples per property test (make test runs them all).
settings.register_profile("fast", deadline=None, max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "servicelab"))

#: Wall seconds of each expensive phase this process ran (sent to the controller under xdist).
PHASES: dict[str, float] = {}
#: Notebook execution details for the summary (seconds per notebook).
NOTEBOOK_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# --- the fast loop: the package's and the data's tests only ---------------------------------------
#
# ``make test-fast`` sets TEST_SCOPE=package.  The test files then collected are those of the
# package and its data, by name: ``test_<module>.py`` for ``servicelab/<module>.py`` (or
# ``servicelab/synth/<module>.py``), ``test_data*.py``, ``test_stats_*.py``, and the package's
# docstrings and map; with ``NB=...`` also ``test_notebooks.py``.  The book's tooling (editions,
# translations, grading, site, ...) is left to ``make test``.  The other files are not even
# imported, which is half of what the loop saves.  Nor are the helper modules of tests/ collected
# for their doctests (``--doctest-modules``): they serve the book's tests, and importing
# site_pages alone loads Sphinx and BeautifulSoup in every worker.

PACKAGE_TEST_EXTRAS = {"docstrings", "package_map"}


def package_test(name: str) -> bool:
    """Is ``tests/<name>.py`` a test of the package or its data (see above)?"""
    subject = name.removeprefix("test_")
    package = ROOT / "servicelab"
    return (subject.startswith(("data", "stats_")) or subject in PACKAGE_TEST_EXTRAS
            or (package / f"{subject}.py").is_file() or (package / "synth" / f"{subject}.py").is_file())


def pytest_ignore_collect(collection_path: Path, config: pytest.Config):
    if os.environ.get("TEST_SCOPE") != "package" or collection_path.suffix != ".py":
        return None
    if collection_path.parent != ROOT / "tests" or collection_path.name == "conftest.py":
        return None
    if not collection_path.name.startswith("test_"):
        return True  # a helper module of the book's tests (see above)
    if collection_path.stem == "test_notebooks" and os.environ.get("TEST_NOTEBOOKS"):
        return None
    return None if package_test(collection_path.stem) else True


# --- once per run, across xdist workers ---------------------------------------------------------


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder all workers of this run share (the xdist docs' recipe)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(folder: Path, name: str, produce: Callable[[], dict]) -> dict:
    """Run ``produce()`` once per test run, whichever worker asks first; the others wait.

    ``produce`` returns a JSON-able dict, kept in ``folder/name.json``.  If it raises, the
    error is kept instead, and every worker that asks fails with it (nothing is retried).
    """
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / f"{name}.json"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not record.is_file():
                try:
                    result = {"ok": True, "value": produce()}
                except BaseException as error:  # noqa: BLE001 - reported to every worker
                    result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
                    if isinstance(error, (KeyboardInterrupt, SystemExit)):
                        raise
                record.write_text(json.dumps(result), encoding="utf-8")
            result = json.loads(record.read_text(encoding="utf-8"))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    if not result["ok"]:
        pytest.fail(f"{name}: {result['error']}", pytrace=False)
    return result["value"]


@contextmanager
def phase(name: str):
    """Record the wall time of an expensive step under ``name`` for the end-of-run summary."""
    start = time.perf_counter()
    try:
        yield
    finally:
        PHASES[name] = PHASES.get(name, 0.0) + time.perf_counter() - start


def _live(config: pytest.Config, line: str, log: Path | None = None) -> None:
    """Show a progress line now (outside output capture) and append it to ``log``.

    Under xdist a worker has no terminal: the line only goes to the log (``tail -f`` it).
    """
    if log is not None:
        with log.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is not None and not os.environ.get("PYTEST_XDIST_WORKER"):
        with capture.global_and_fixture_disabled():
            print(line, flush=True)


# --- notebooks ------------------------------------------------------------------------------------


@dataclass
class Executed:
    """Where the executed notebooks of this run are."""

    folder: Path  # executed copies, by their path in the repository
    build: Path  # the test build's output folder (its _build/.jupyter_cache holds them too)
    outcome: dict  # tools/warm_cache.py's outcome: executed, failed, seconds

    def notebook(self, name: str) -> Path:
        return self.folder / name

    def error(self, name: str) -> str | None:
        path = self.folder / f"{name}.error.txt"
        return path.read_text(encoding="utf-8") if path.is_file() else None


def needed_notebooks(items: list[pytest.Item]) -> list[Path]:
    """The notebooks the selected tests need: those compared one by one, and all of the
    book's (the toc's) when a test needs the built book."""
    from warm_cache import toc_notebooks

    needed: list[Path] = []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if isinstance(params.get("notebook"), str):
            needed.append((ROOT / params["notebook"]).resolve())
    if any(item.get_closest_marker("book") for item in items):
        needed.extend(p.resolve() for p in toc_notebooks(ROOT))
    return list(dict.fromkeys(needed))


def _execute_notebooks(session: pytest.Session, tmp_path_factory: pytest.TempPathFactory) -> Executed:
    """The notebooks the session's tests need, executed once per run (see ``executed_notebooks``)."""
    shared = shared_folder(tmp_path_factory)
    build = shared / "book"
    executed = shared / "executed"
    paths = needed_notebooks(session.items)

    def produce() -> dict:
        from warm_cache import warm

        with phase("notebooks: execute once, in parallel"):
            log = shared / "notebooks.log"
            outcome = warm(build / "_build", paths, executed=executed,
                           progress=lambda line: _live(session.config, f"  notebooks {line}", log))
        NOTEBOOK_SECONDS.update(outcome["seconds"])
        return outcome

    outcome = once(shared, "notebooks", produce)
    return Executed(executed, build, outcome)


@pytest.fixture(scope="session")
def executed_notebooks(request, tmp_path_factory) -> Executed:
    """Every notebook the selected tests need, executed once per run, in parallel.

    Fresh every run (an empty cache): a change to the package or the data that alters an
    output is caught even when the notebook itself did not change.  Under xdist the execution
    has usually begun before any test asks for it (``pytest_collection_finish``).
    """
    return _execute_notebooks(request.session, tmp_path_factory)


#: The thread that began executing the notebooks as soon as this worker had collected.
_EARLY: list[threading.Thread] = []


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """On an xdist worker, begin executing the notebooks the selected tests need at once, in a
    thread, instead of when the first test that needs them comes up: their kernels then run
    beside the package's tests rather than after them (in ``make test-fast NB=ch05`` a notebook
    test comes up halfway through).  Whichever worker gets there first executes them (``once``);
    the test that needs them waits for the same record.  Failures are left to that test.  Only
    on a worker: there nothing is printed, so the thread never touches the terminal's capture.
    """
    factory = getattr(session.config, "_tmp_path_factory", None)
    if not os.environ.get("PYTEST_XDIST_WORKER") or factory is None or session.config.option.collectonly:
        return
    if not any("executed_notebooks" in getattr(item, "fixturenames", ()) for item in session.items):
        return

    def begin() -> None:
        try:
            _execute_notebooks(session, factory)
        except BaseException:  # noqa: BLE001 - the test that needs the notebooks reports it
            pass

    thread = threading.Thread(target=begin, name="notebooks", daemon=True)
    thread.start()
    _EARLY.append(thread)


# --- the book ---------------------------------------------------------------------------------------


def book_build(out: Path, extra: list[str] | None = None) -> Path:
    """Build the HTML book into ``out`` (warnings as errors); return the html folder.

    The notebooks' outputs come from ``out/_build/.jupyter_cache``, filled by
    :func:`executed_notebooks`.  ``extra`` adds options to ``jupyter-book build`` (another
    edition's configuration, say).  The full log is kept in ``out/build.log``.
    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", "--warningiserror", "--keep-going", *(extra or []),
               "--path-output", str(out), str(ROOT)]
    result = subprocess.run(command, cwd=ROOT, env=book_environment(), capture_output=True, text=True)
    log = out / "build.log"
    log.write_text(result.stdout + "\n" + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
        raise RuntimeError(f"book build failed (exit {result.returncode}); full log in {log}\n{tail}")
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def built_book(executed_notebooks: Executed, tmp_path_factory) -> Path:
    """The whole book, built once per run, warnings as errors, from the run's executed notebooks.

    Returns the folder holding ``index.html``.  Every test that needs the HTML (pages exist,
    links resolve, browser checks) shares this build.
    """
    out = executed_notebooks.build

    def produce() -> dict:
        with phase("book: HTML build from the warm cache"):
            html = book_build(out)
        return {"html": str(html), "log": str(out / "build.log")}

    return Path(once(shared_folder(tmp_path_factory), "book", produce)["html"])


@pytest.fixture(scope="session")
def built_chinese(executed_notebooks: Executed, tmp_path_factory) -> Path:
    """The Chinese edition, built once per run from the same warm cache (executing nothing),
    warnings as errors, into the English site's ``zh/`` (``tools/i18n.py build``, as ``make book``).

    It does not wait for the English build: the tests that need only the Chinese edition are
    their own group (``xdist_group("chinese")``), so the two builds run on two cores at once.
    """
    out = executed_notebooks.build

    def produce() -> dict:
        with phase("book: Chinese edition from the same cache"):
            result = subprocess.run(
                [sys.executable, str(ROOT / "tools" / "i18n.py"), "build", "--lang", "zh_CN",
                 "--build-root", str(out / "_build"), "--cache", str(out / "_build" / ".jupyter_cache")],
                cwd=ROOT, env=book_environment(), capture_output=True, text=True)
        log = out / "build-zh.log"
        log.write_text(result.stdout + "\n" + result.stderr, encoding="utf-8")
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
            raise RuntimeError(f"Chinese build failed (exit {result.returncode}); full log in {log}\n{tail}")
        return {"html": str(out / "_build" / "html" / "zh")}

    return Path(once(shared_folder(tmp_path_factory), "book-zh", produce)["html"])


# --- scheduling on the cores --------------------------------------------------------------------------
#
# pytest-xdist's own ``--dist loadgroup`` marks a group by appending "@group" to ``item._nodeid``,
# which pytest 9 no longer reads (the id lives in ``item._id``), so with the pinned versions it
# groups nothing.  Instead, the workers write the group of each test to a file in the run's
# shared folder while collecting, and the controller schedules with GroupScheduling below, which
# reads it, in the order _order() gives.

GROUPS_FILE = "xdist-groups.json"


def _own_shared_fixture(item: pytest.Item) -> bool:
    """True if the test uses a session- or module-scoped fixture defined in its own module.

    Split over two workers, such a module would set its fixture up on each (a module fixture
    such as the hostile-grading run or the wheel's fresh environment costs a minute or more).
    """
    module = item.nodeid.split("::")[0]
    info = getattr(item, "_fixtureinfo", None)
    for definitions in (info.name2fixturedefs.values() if info else []):
        for definition in definitions:
            if definition.scope in ("session", "module") and definition.baseid == module:
                return True
    return False


def group_of(item: pytest.Item) -> str | None:
    """The group a test runs in (on one worker, with the others of its group), or None.

    All tests on the built English book form one group, "book": its worker executes the
    notebooks, builds the book, then runs the checks on the build in collection order
    (test_book, test_browser, test_site).  The Chinese edition's checks, its browser survey
    included, are the group "chinese" (``xdist_group``), on the other worker.
    """
    for mark in item.iter_markers("xdist_group"):
        return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
    if item.get_closest_marker("book"):
        return "book"
    if _own_shared_fixture(item):
        return item.nodeid.split("::")[0]
    return None


def _order(items: list[pytest.Item], groups: dict[str, str | None]) -> None:
    """Sort ``items`` for the cores, in place (a stable sort: within a rank, collection order).

    The English edition's group first, the Chinese edition's second: executing the notebooks,
    building an edition and surveying it in the browser are the longest chains of the run, and
    xdist hands the first two groups to the two workers at the start, so the two editions are
    built and surveyed on two cores at once.  Then the other groups (each sets up its own
    expensive fixture, the grading runs for instance), then the single tests, handed out one at
    a time.
    """
    items.sort(key=lambda item: {"book": 0, "chinese": 1, None: 3}.get(groups[item.nodeid], 2))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """Order the tests for the cores and, on an xdist worker, record each test's group."""
    groups = {item.nodeid: group_of(item) for item in items}
    _order(items, groups)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = Path(config.option.basetemp).parent if config.option.basetemp else None
        if shared is not None:
            shared.mkdir(parents=True, exist_ok=True)
            temporary = shared / f"{GROUPS_FILE}.{os.environ['PYTEST_XDIST_WORKER']}"
            temporary.write_text(json.dumps({k: v for k, v in groups.items() if v}), encoding="utf-8")
            temporary.replace(shared / GROUPS_FILE)


try:  # pytest-xdist is pinned; without it the tests simply run in one process
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pragma: no cover
    LoadScopeScheduling = None

if LoadScopeScheduling is not None:

    class GroupScheduling(LoadScopeScheduling):
        """Hand out tests one at a time, except that each group goes to one worker as a whole."""

        def __init__(self, config, log=None):
            super().__init__(config, log)
            config.option.loadscopereorder = False  # keep the order of pytest_collection_modifyitems
            self.groups: dict[str, str] = {}

        def _split_scope(self, nodeid: str) -> str:
            return self.groups.get(nodeid, nodeid)

        def schedule(self) -> None:
            if self.collection is None:
                factory = getattr(self.config, "_tmp_path_factory", None)
                base = factory.getbasetemp() if factory else None
                path = Path(base) / GROUPS_FILE if base else None
                if path is not None and path.is_file():
                    self.groups = json.loads(path.read_text(encoding="utf-8"))
            super().schedule()

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_make_scheduler(config, log):
        if config.getvalue("dist") == "loadgroup":
            return GroupScheduling(config, log)
        return None


# --- end-of-run summary -----------------------------------------------------------------------------

_COLLECTED: dict[str, float] = {}
_COLLECTED_NOTEBOOKS: dict[str, float] = {}


def pytest_sessionfinish(session):
    for thread in _EARLY:  # a worker that needed no notebook itself still waits for their execution to end
        thread.join()
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the figures to the controller
        workeroutput["phases"] = json.dumps(PHASES)
        workeroutput["notebook_seconds"] = json.dumps(NOTEBOOK_SECONDS)
    else:
        _COLLECTED.update(PHASES)
        _COLLECTED_NOTEBOOKS.update(NOTEBOOK_SECONDS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    output = getattr(node, "workeroutput", {}) or {}
    for name, seconds in json.loads(output.get("phases", "{}")).items():
        _COLLECTED[name] = _COLLECTED.get(name, 0.0) + seconds
    _COLLECTED_NOTEBOOKS.update(json.loads(output.get("notebook_seconds", "{}")))


def pytest_terminal_summary(terminalreporter, config):
    if not _COLLECTED:
        return
    write = terminalreporter.write_line
    terminalreporter.section("phases (wall time, once per run)")
    for name, seconds in _COLLECTED.items():
        write(f"{seconds:7.1f} s  {name}")
    if _COLLECTED_NOTEBOOKS:
        slowest = sorted(_COLLECTED_NOTEBOOKS.items(), key=lambda kv: -kv[1])[:5]
        write(f"          {len(_COLLECTED_NOTEBOOKS)} notebooks; slowest: "
              + ", ".join(f"{Path(n).stem} {s:.1f} s" for n, s in slowest))
    target = os.environ.get("TEST_PHASES_JSON")
    if target:
        Path(target).write_text(json.dumps({"phases": _COLLECTED, "notebooks": _COLLECTED_NOTEBOOKS}, indent=1) + "\n")
