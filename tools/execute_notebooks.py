"""Execute the book's notebooks: in place after a change, or in parallel for the tests and the build.

    python tools/execute_notebooks.py [PATH ...] [--jobs N]

Each PATH is a notebook or a folder searched for notebooks (default: every notebook of the
book, see :func:`discover`).  Each notebook is run top to bottom in a fresh kernel from its own
folder and saved with its new outputs.  Run this after a deliberate change to a notebook, a data
set or the servicelab package; ``make test`` then checks that the saved outputs are what a fresh
run gives.  ``--jobs`` runs that many notebooks at a time (default: one per core).

The same functions execute the notebooks for the tests and the book build
(``tools/warm_cache.py``), so the committed outputs, the outputs the tests compare them with and
the outputs the book shows are produced in the same way:

* a fresh ``python3`` kernel per notebook, started from the notebook's folder;
* ``PYTHONHASHSEED=0`` and no ``MPLBACKEND`` (figures use the inline backend, so they are
  saved in the outputs);
* a time limit per cell (``TIMEOUT`` seconds), and execution stops at the first error.

One difference, for speed: the tests and the book build (``execute_many(..., preload=True)``)
start each kernel by forking a server that has already imported ipykernel, numpy, scipy and
matplotlib, not pandas (``tools/kernel_server.py``, ``PRELOAD``; ``benchmarks/test_speed.py --kernels``
measures the saving).  This script writes
the committed outputs with kernels started from nothing, so ``make test``, which compares the
two, shows that a preloaded kernel gives the same outputs.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import nbformat

ROOT = Path(__file__).resolve().parent.parent
#: Seconds a single cell may run (the book's ``execute.timeout`` in _config.yml is the same).
TIMEOUT = 180
#: Folders that hold no notebook of the book.
SKIP_PARTS = {".venv", "_build", "build", "node_modules", ".ipynb_checkpoints", ".git"}
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def discover(root: Path = ROOT) -> list[Path]:
    """Every notebook of the book, in a stable order.

    The notebooks the table of contents lists (chapters, front and back matter, exercise sets,
    read from ``_toc.yml`` as Sphinx expands it), then any other notebook under ``chapters/``,
    ``book/`` and ``exercises/`` (a draft not yet in the toc is still checked).
    """
    sys.path.insert(0, str(root / "tests"))
    try:
        from toc import documents  # tests/toc.py expands _toc.yml as Sphinx does
    finally:
        sys.path.remove(str(root / "tests"))
    found = [root / f"{doc}.ipynb" for doc in documents(root) if (root / f"{doc}.ipynb").is_file()]
    for folder in ("chapters", "book", "exercises"):
        for path in sorted((root / folder).rglob("*.ipynb")):
            if path not in found and not SKIP_PARTS & set(path.relative_to(root).parts):
                found.append(path)
    return found


def notebooks(paths: Iterable[str]) -> list[Path]:
    """The notebooks named by ``paths`` (files or folders); all of the book's if none."""
    paths = list(paths)
    if not paths:
        return discover()
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*.ipynb")) if not SKIP_PARTS & set(p.parts)
            )
        elif path.suffix == ".ipynb" and path.is_file():
            found.append(path)
        else:
            raise SystemExit(f"not a notebook or folder: {item}")
    return found


@dataclass
class Run:
    """The outcome of executing one notebook."""

    path: Path
    seconds: float
    notebook: nbformat.NotebookNode | None = None  # executed (up to the failing cell if it failed)
    error: str | None = None  # None: every cell ran; else what went wrong, with the traceback
    failed_cell: int | None = None  # 1-based number of the cell that failed, counting all cells

    @property
    def ok(self) -> bool:
        return self.error is None


def book_environment() -> dict[str, str]:
    """The environment every notebook runs in and every book build is started with: this
    process's, with a fixed hash seed and no ``MPLBACKEND`` (the inline backend keeps figures in
    the outputs).  The tests, the benchmarks and tools/preview_chapter.py start builds with it."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def kernel_environment() -> None:
    """Set :func:`book_environment` in this process (the kernels it starts inherit it)."""
    environment = book_environment()
    os.environ.pop("MPLBACKEND", None)
    os.environ.update(environment)


def execute(path: Path, timeout: int = TIMEOUT, kernel_dir: str | None = None) -> Run:
    """Run one notebook in a fresh kernel from its folder; never raises for a failing cell.

    ``kernel_dir``: a folder of kernelspecs whose ``python3`` starts the kernel (a
    :class:`kernel_server.KernelServer`'s); by default, the environment's own ``python3``.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    kernel_environment()
    start = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in notebook.cells:  # a cell after a failure must not keep its committed outputs
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    options = {"kernel_manager_class": _manager_for(kernel_dir)} if kernel_dir is not None else {}
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}, **options
    )
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    except Exception:  # the kernel did not start, the file is damaged, ...
        error = traceback.format_exc()
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
    failed = None
    if error is not None:
        for number, cell in enumerate(notebook.cells, start=1):
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                failed = number
                break
    return Run(path, time.perf_counter() - start, notebook, error, failed)


def _manager_for(kernel_dir: str) -> type:
    """A kernel manager class whose kernelspecs are those in ``kernel_dir`` only.  (A class, not
    an instance: NotebookClient shuts down only the kernels of the managers it makes itself.)"""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class Manager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _kernel_spec_manager_default(self):
            return KernelSpecManager(kernel_dirs=[kernel_dir])

    return Manager


def _execute_in_worker(path: str, timeout: int, kernel_dir: str | None) -> tuple[str, float, str | None, str | None, int | None]:
    """Pool worker: execute and send the notebook back as JSON (NotebookNode does not pickle well)."""
    run = execute(Path(path), timeout, kernel_dir)
    text = nbformat.writes(run.notebook) if run.notebook is not None else None
    return path, run.seconds, text, run.error, run.failed_cell


def execute_many(
    paths: list[Path],
    jobs: int | None = None,
    timeout: int = TIMEOUT,
    on_done: Callable[[Run, int, int], None] | None = None,
    preload: bool = False,
) -> list[Run]:
    """Execute ``paths``, ``jobs`` at a time (default: one per core), each in its own process.

    Notebooks are handed out one at a time, longest first when ``paths`` is ordered that way,
    so both cores stay busy until the end.  ``on_done(run, done, total)`` is called in this
    process as each notebook finishes (for progress and for storing results).  ``preload``
    starts the kernels from a :class:`kernel_server.KernelServer` (see the module's docstring).
    Returns the runs in the order of ``paths``.
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    results: dict[str, Run] = {}
    with ExitStack() as stack:
        kernel_dir = None
        if preload and paths:
            from kernel_server import KernelServer

            kernel_dir = str(stack.enter_context(KernelServer().start(book_environment())).kernel_dir())
        # 'spawn': a fresh interpreter per worker, safe under pytest-xdist (whose workers run threads).
        context = multiprocessing.get_context("spawn")
        pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=kernel_environment))
        pending = {pool.submit(_execute_in_worker, str(p), timeout, kernel_dir) for p in paths}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                path, seconds, text, error, failed = future.result()
                notebook = nbformat.reads(text, as_version=4) if text is not None else None
                run = Run(Path(path), seconds, notebook, error, failed)
                results[path] = run
                if on_done:
                    on_done(run, len(results), len(paths))
    return [results[str(p)] for p in paths]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: every notebook of the book)")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="notebooks run at a time (default: one per core)")
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help=f"seconds per cell (default {TIMEOUT})")
    args = parser.parse_args(argv)
    paths = notebooks(args.paths)
    if not paths:
        print("no notebooks found")
        return 0
    failures = []

    def save(run: Run, done: int, total: int) -> None:
        if run.ok:
            nbformat.write(run.notebook, run.path)
            print(f"[{done}/{total}] {run.path}: {run.seconds:.1f} s, saved", flush=True)
        else:
            failures.append(run)
            where = f" in cell {run.failed_cell}" if run.failed_cell else ""
            print(f"[{done}/{total}] {run.path}: FAILED{where}, not saved\n{run.error}", flush=True)

    start = time.perf_counter()
    execute_many(paths, args.jobs, args.timeout, on_done=save)
    print(f"{len(paths) - len(failures)} of {len(paths)} notebook(s) executed and saved "
          f"in {time.perf_counter() - start:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
