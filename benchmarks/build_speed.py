"""How long the book takes to build: clean, and again after one page changes.

    python benchmarks/build_speed.py [--serial] [--keep]

The book's sources are copied into a temporary folder (so a page can be edited without
touching the working tree) and built there exactly as ``make book`` builds them:

1. clean build: empty build folder and empty notebook cache, so every notebook is executed
   (``tools/warm_cache.py`` runs them in parallel, one per core, then ``jupyter-book build``);
2. rebuild, nothing changed;
3. rebuild after one Markdown page changes (a sentence appended to a chapter's index.md);
4. rebuild after one notebook's text changes (a Markdown cell edited: the notebook is read
   again, its outputs come from the cache).

``--serial`` also times a clean build without the parallel step, as Jupyter Book alone
does it.  The figures go to the terminal and to ``_build/artifacts/build-speed.json``, with the
machine's core count and load average: on a shared machine they are only as good as the
quiet it was run in.  Targets: clean <= 60 s on 2 cores, rebuild <= 10 s.
"""

from __future__ import annotations

import argparse
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
BIN = Path(sys.executable).parent
SKIP = shutil.ignore_patterns(
    ".git", ".venv", "_build", "build", "node_modules", ".hypothesis", ".pytest_cache", ".jupyter_cache",
    "__pycache__", ".ipynb_checkpoints", "*.egg-info",
)
TARGETS = {"clean": 60.0, "rebuild": 10.0}


def _env() -> dict[str, str]:
    """The environment of every book build (tools/execute_notebooks.py)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from execute_notebooks import book_environment

    return book_environment()


def _run(command: list[str], cwd: Path, log: Path) -> tuple[float, int]:
    start = time.perf_counter()
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        code = subprocess.run(command, cwd=cwd, env=_env(), stdout=out, stderr=subprocess.STDOUT).returncode
    return time.perf_counter() - start, code


def build(src: Path, out: Path, log: Path, parallel: bool = True) -> dict:
    """One build as ``make book`` does it; returns the seconds of each step and the exit code."""
    steps = {}
    if parallel:
        steps["warm_cache_s"], _ = _run([str(BIN / "python"), "tools/warm_cache.py", str(out / "_build")], src, log)
    seconds, code = _run(
        [str(BIN / "jupyter-book"), "build", "--warningiserror", "--keep-going", "--path-output", str(out), "."], src, log
    )
    steps["jupyter_book_s"] = seconds
    steps["total_s"] = round(sum(steps.values()), 1)
    steps["exit_code"] = code
    return steps


def _edit_markdown(src: Path) -> str:
    page = sorted(src.glob("chapters/*/index.md"))[0]
    with page.open("a", encoding="utf-8") as f:
        f.write("\nThis sentence was added to time a rebuild.\n")
    return str(page.relative_to(src))


def _edit_notebook(src: Path) -> str | None:
    for path in sorted(src.glob("chapters/*/[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source += "\n\nThis sentence was added to time a rebuild."
                nbformat.write(nb, path)
                return str(path.relative_to(src))
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serial", action="store_true", help="also time a clean build without the parallel step")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="build-speed-"))
    src, log = work / "src", work / "build.log"
    shutil.copytree(ROOT, src, ignore=SKIP)
    (src / "node_modules").symlink_to(ROOT / "node_modules")
    notebooks = len(list(src.glob("chapters/*/*.ipynb")) + list(src.glob("exercises/*.ipynb")))
    report: dict = {
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "notebooks": notebooks,
        "log": str(log),
    }
    print(f"building a copy of the book in {work} ({notebooks} notebooks, {os.cpu_count()} cores, "
          f"load average {report['load_average_before'][0]:.1f})", flush=True)

    if args.serial:
        report["clean_serial"] = build(src, work / "serial", log, parallel=False)
        print(f"clean build, notebooks one after another: {report['clean_serial']['total_s']:.1f} s", flush=True)
    out = work / "out"
    report["clean"] = build(src, out, log)
    print(f"clean build (notebooks in parallel, then the book): {report['clean']['total_s']:.1f} s", flush=True)
    report["rebuild_unchanged"] = build(src, out, log)
    print(f"rebuild, nothing changed: {report['rebuild_unchanged']['total_s']:.1f} s", flush=True)
    report["rebuild_markdown_page"] = {"page": _edit_markdown(src), **build(src, out, log)}
    print(f"rebuild after editing {report['rebuild_markdown_page']['page']}: "
          f"{report['rebuild_markdown_page']['total_s']:.1f} s", flush=True)
    page = _edit_notebook(src)
    if page:
        report["rebuild_notebook_page"] = {"page": page, **build(src, out, log)}
        print(f"rebuild after editing the text of {page}: {report['rebuild_notebook_page']['total_s']:.1f} s", flush=True)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average after: {report['load_average_after'][0]:.1f} (targets: clean <= {TARGETS['clean']:.0f} s, "
          f"rebuild <= {TARGETS['rebuild']:.0f} s on an otherwise idle 2-core machine)")

    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
        report["log"] = None
    artifacts = ROOT / "_build" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "build-speed.json").write_text(json.dumps(report, indent=1) + "\n")
    failed = [k for k, v in report.items() if isinstance(v, dict) and v.get("exit_code") not in (0, None)]
    if failed:
        print(f"note: the build reported warnings or errors in: {', '.join(failed)} (see the log with --keep)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
