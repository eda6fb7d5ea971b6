"""How long the tests take: `make test` phase by phase, and the fast loop.

    python benchmarks/test_speed.py [--skip-full] [--skip-fast] [--fast NB] [--pdf] [--clone] [--kernels] [--imports]

Runs, from the repository root (the virtual environment must exist: `make install`),

1. ``make test`` (or, with ``--clone``, ``make test`` in a fresh ``git clone`` of the committed
   state that borrows this checkout's ``.venv`` and ``node_modules``), and prints
   - its wall time against the target (4 minutes on 2 cores) and the machine's busy core-seconds
     during it, Chromium's renderers included, which set a floor: busy / cores,
   - the once-per-run phases the test harness records (notebook execution, book build, ...:
     ``TEST_PHASES_JSON``, see tests/conftest.py) with the notebooks' own seconds,
   - the test time of each test file, summed over the workers (from pytest's JUnit XML), so
     the files that dominate show;
2. ``make test-fast`` and ``make test-fast NB=<chapter>`` (default ``ch05``): the contributor's
   loop, target 30 seconds;
3. with ``--pdf``: ``make pdf-check`` (the PDF build and its checks);
4. with ``--kernels``: a notebook's start in a fresh kernel against one forked from the
   preloaded kernel server the tests use (tools/kernel_server.py);
5. with ``--imports``: what starting a process costs, the import of each heavy module timed in
   a fresh interpreter (best of three): every pytest worker, notebook kernel, book build and
   grading run pays some of these, so a slow import multiplies (``import nbformat`` once took
   3.9 s through jsonschema's rfc3987-syntax, see requirements.txt).

The figures go to the terminal and to ``_build/artifacts/test-speed.json`` with the number of
cores and the load average before and after: on a shared machine the figures are only as good
as the quiet they were measured in.  Nothing here fails on a slow run; it measures.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"make test": 240.0, "make test-fast": 30.0}


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def busy_core_seconds() -> float | None:
    """Core-seconds every CPU of the machine has spent busy since boot (/proc/stat), or None.

    Taken before and after a command on a quiet machine, the difference is the command's CPU
    time *including* processes it did not wait for itself: Chromium's renderers, which
    ``getrusage`` misses (one ``make test`` on 2026-11-28 kept the machine busy for 1,234
    core-seconds; getrusage counted 854).  Divided by the cores it is the shortest wall time the command could
    take here, however well its work were spread.
    """
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(v) for v in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run(command: list[str], cwd: Path, log: Path, env: dict | None = None) -> tuple[float, float, int]:
    """Run ``command``, its output appended to ``log``.

    Returns (wall seconds, CPU seconds, exit status); the CPU time is the machine's busy
    core-seconds during the run (:func:`busy_core_seconds`; on a machine without /proc/stat,
    user + system of the command and every process it waited for).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = busy_core_seconds()
    start = time.perf_counter()
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        status = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=out, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = busy_core_seconds() - busy if busy is not None else (
        (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return wall, cpu, status


def per_file(junit: Path) -> dict[str, float]:
    """Seconds of test time per test file (setup, call and teardown; summed over workers)."""
    totals: dict[str, float] = collections.defaultdict(float)
    if not junit.is_file():
        return {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = case.get("classname", "").replace(".", "/")
        key = name.split("/")[0] + "/" + name.split("/")[1] + ".py" if "/" in name else name
        totals[key] += float(case.get("time", 0))
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


#: Modules whose import every process of the test run, the build or a notebook pays, in order.
IMPORTS = ["nbformat", "pandas", "matplotlib.pyplot", "scipy.special", "scipy.stats", "servicelab.stats",
           "servicelab.data", "ipykernel.kernelapp", "myst_nb", "sphinx.application", "pytest", "hypothesis"]


def import_seconds(module: str, repeat: int = 3) -> float:
    """Best of ``repeat`` wall times of ``python -c "import module"`` in a fresh interpreter."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


#: A notebook that only starts: the imports most chapters begin with.
KERNEL_PROBE = "import pandas as pd\nimport matplotlib.pyplot as plt\nfrom servicelab import data, stats"


def kernel_seconds(work: Path, repeat: int = 3) -> dict[str, float]:
    """Best of ``repeat`` wall times to run KERNEL_PROBE in a kernel started from nothing and in
    one forked from the preloaded kernel server (tools/kernel_server.py), start and stop included."""
    import nbformat

    sys.path.insert(0, str(ROOT / "tools"))
    from execute_notebooks import book_environment, execute
    from kernel_server import KernelServer

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(KERNEL_PROBE)]
    path = work / "probe.ipynb"
    nbformat.write(notebook, path)
    start = time.perf_counter()
    with KernelServer(work / "kernel-server").start(book_environment()) as server:
        server_start = time.perf_counter() - start
        preloaded = min(execute(path, kernel_dir=str(server.kernel_dir())).seconds for _ in range(repeat))
    fresh = min(execute(path).seconds for _ in range(repeat))
    return {"fresh kernel": round(fresh, 2), "preloaded kernel": round(preloaded, 2),
            "kernel server start (once per run)": round(server_start, 2)}


def clone(work: Path) -> Path:
    """A fresh clone of the committed state, with this checkout's environment borrowed."""
    target = work / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)], check=True)
    for name in (".venv", "node_modules"):
        if (ROOT / name).exists():
            (target / name).symlink_to(ROOT / name)
    # The clone's files are newer than the borrowed install stamps: age them, or make would
    # reinstall (into the borrowed .venv).
    old = min((ROOT / ".venv" / ".installed").stat().st_mtime, (ROOT / "node_modules" / ".installed").stat().st_mtime) - 60
    for name in ("requirements.txt", "pyproject.toml", "tools/ipython_kernel_config.json", "package.json", "package-lock.json"):
        if (target / name).exists():
            os.utime(target / name, (old, old))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-full", action="store_true", help="do not time make test")
    parser.add_argument("--fast", default="ch05", help="chapter for make test-fast NB=... (default ch05; '' to skip)")
    parser.add_argument("--skip-fast", action="store_true", help="do not time make test-fast")
    parser.add_argument("--pdf", action="store_true", help="also time make pdf-check")
    parser.add_argument("--clone", action="store_true", help="run make test in a fresh clone of the committed state")
    parser.add_argument("--imports", action="store_true", help="also time the import of each heavy module")
    parser.add_argument("--kernels", action="store_true",
                        help="also time a notebook's start in a fresh kernel and in a preloaded one")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="test-speed-"))
    log = work / "run.log"
    where = clone(work) if args.clone else ROOT
    report: dict = {"cores": os.cpu_count(), "load_average_before": _load(), "log": str(log), "where": str(where)}
    print(f"timing the tests in {where} ({os.cpu_count()} cores, load average {report['load_average_before']}); "
          f"output in {log}", flush=True)

    if not args.skip_full:
        phases_file, junit = work / "phases.json", work / "junit.xml"
        seconds, cpu, status = run(["make", "test", f"PYTEST_ARGS=--junitxml={junit}"], where, log,
                                   env={"TEST_PHASES_JSON": str(phases_file)})
        phases = json.loads(phases_file.read_text()) if phases_file.is_file() else {}
        report["make test"] = {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "exit_status": status,
                               **phases, "test_seconds_per_file": per_file(junit)}
        print(f"\nmake test: {seconds:.1f} s wall (target {TARGETS['make test']:.0f} s), {cpu:.0f} core-seconds busy "
              f"(the whole machine), so at least {cpu / (os.cpu_count() or 1):.0f} s on its {os.cpu_count()} cores "
              f"however the work is spread; exit status {status}")
        for name, value in phases.get("phases", {}).items():
            print(f"  {value:7.1f} s  {name}")
        notebooks = phases.get("notebooks", {})
        if notebooks:
            print(f"           ({len(notebooks)} notebooks, {sum(notebooks.values()):.0f} s of kernel time; slowest "
                  + ", ".join(f"{Path(k).stem} {v:.0f} s" for k, v in sorted(notebooks.items(), key=lambda kv: -kv[1])[:3]) + ")")
        print("  test time per file, summed over workers (the largest):")
        for name, value in list(report["make test"]["test_seconds_per_file"].items())[:12]:
            print(f"  {value:7.1f} s  {name}")

    fast = [] if args.skip_fast else [("make test-fast", ["make", "test-fast"])]
    if args.fast and not args.skip_fast:
        fast.append((f"make test-fast NB={args.fast}", ["make", "test-fast", f"NB={args.fast}"]))
    for label, command in fast:
        seconds, cpu, status = run(command, ROOT, log)
        report[label] = {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "exit_status": status}
        print(f"{label}: {seconds:.1f} s wall (target {TARGETS['make test-fast']:.0f} s), {cpu:.0f} s CPU, "
              f"exit status {status}", flush=True)

    if args.pdf:
        # As CI does: the PDF build takes the notebooks make test has just executed here.
        reuse = [] if args.skip_full or args.clone else ["REUSE=_build/test-run/executed"]
        seconds, cpu, status = run(["make", "pdf-check", *reuse], ROOT, log)
        report["make pdf-check"] = {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "exit_status": status}
        print(f"make pdf-check: {seconds:.1f} s wall, {cpu:.0f} s CPU, exit status {status}", flush=True)

    if args.imports:
        bare = import_seconds("sys")
        report["imports"] = {"python": round(bare, 2)}
        print(f"start-up: python itself {bare:.2f} s; each import below in a fresh interpreter, best of three")
        for module in IMPORTS:
            seconds = import_seconds(module)
            report["imports"][module] = round(seconds, 2)
            print(f"  {seconds:5.2f} s  import {module}", flush=True)

    if args.kernels:
        report["kernels"] = kernel_seconds(work)
        print("a notebook that only imports pandas, pyplot and servicelab (start and stop included, best of three):")
        for name, value in report["kernels"].items():
            print(f"  {value:5.2f} s  {name}", flush=True)

    report["load_average_after"] = _load()
    print(f"load average after: {report['load_average_after']}")
    artifacts = ROOT / "_build" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "test-speed.json").write_text(json.dumps(report, indent=1) + "\n")
    if args.clone:
        shutil.rmtree(work / "clone", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
