"""Execute the book's notebooks in parallel into the build's jupyter-cache, before the build.

    python tools/warm_cache.py [BUILD_FOLDER] [--executed FOLDER] [--jobs N] [NOTEBOOK ...]

Jupyter Book (``execute_notebooks: cache``) executes the notebooks one after another while
it reads them.  This script runs them first, one process per core
(``tools/execute_notebooks.py``: the same folder and environment as the committed outputs, in
kernels forked from a preloaded server unless ``--fresh-kernels``; the tests compare the two),
and stores each executed notebook in the cache the build then reads
(``BUILD_FOLDER/.jupyter_cache``, default ``_build``): the build finds every notebook's outputs
there and executes nothing.  A notebook already cached with the same code is not run again,
unless ``--force``.

``--executed FOLDER`` also writes each executed notebook to ``FOLDER/<its path>`` and, for a
notebook that failed, ``FOLDER/<its path>.error.txt`` with the failing cell and the traceback:
the tests compare these with the committed outputs.  ``--timings FILE`` writes the seconds each
notebook took (JSON).

``--reuse FOLDER`` first takes notebooks executed earlier into the cache, from a folder written
with ``--executed`` (CI builds the PDF from the executions of the ``make test`` it just ran):
an executed copy is used only if its code cells are those of the notebook now, and if it ran to
the end.

A notebook that fails here is not cached; the build then executes it itself and reports the
error as usual.  Exit status 0 even then: the build or the tests report the failure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from execute_notebooks import Run, discover, execute_many  # noqa: E402


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks the book's table of contents lists (kept for callers of the old name)."""
    sys.path.insert(0, str(root / "tests"))
    from toc import documents

    return [root / f"{doc}.ipynb" for doc in documents(root) if (root / f"{doc}.ipynb").is_file()]


def _cache(build: Path):
    from jupyter_cache import get_cache

    return get_cache(build / ".jupyter_cache")


def cached(cache, path: Path) -> bool:
    """True when the cache holds an executed copy of ``path`` with its current code."""
    try:
        cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return False
    return True


def store(cache, run: Run) -> None:
    """Put a successfully executed notebook in the cache, keyed as MyST-NB will look it up.

    The key is a hash of the code cells and the notebook's ``kernelspec`` as they are in the
    file, so the executed copy gets the file's kernelspec back before it is stored.
    """
    from jupyter_cache.base import CacheBundleIn

    executed = nbformat.from_dict(run.notebook)
    original = nbformat.read(run.path, as_version=4)
    if "kernelspec" in original.metadata:
        executed.metadata["kernelspec"] = original.metadata["kernelspec"]
    else:
        executed.metadata.pop("kernelspec", None)
    bundle = CacheBundleIn(executed, str(run.path), data={"execution_seconds": run.seconds})
    cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def save_executed(folder: Path, run: Run, root: Path = ROOT) -> None:
    """Write the executed notebook (and, if it failed, what failed) under ``folder``."""
    try:
        relative = run.path.resolve().relative_to(root)
    except ValueError:
        relative = Path(run.path.name)
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    error_file = target.with_name(target.name + ".error.txt")
    if run.notebook is not None:
        nbformat.write(run.notebook, target)
    if run.ok:
        error_file.unlink(missing_ok=True)
    else:
        where = f"cell {run.failed_cell}" if run.failed_cell else "before any cell ran"
        error_file.write_text(f"{relative} failed ({where}) after {run.seconds:.1f} s:\n{run.error}\n", encoding="utf-8")


def reuse(cache, folder: Path, paths: list[Path]) -> list[Path]:
    """Cache the executed copies in ``folder`` of those ``paths`` whose code is unchanged.

    Returns the paths taken from ``folder``.
    """
    taken = []
    for path in paths:
        copy = folder / _name(path)
        if not copy.is_file() or copy.with_name(copy.name + ".error.txt").exists():
            continue
        executed = nbformat.read(copy, as_version=4)
        current = nbformat.read(path, as_version=4)
        code = [c.source for c in current.cells if c.cell_type == "code"]
        if code != [c.source for c in executed.cells if c.cell_type == "code"]:
            continue
        if any(c.get("execution_count") is None for c in executed.cells if c.cell_type == "code" and c.source.strip()):
            continue
        seconds = json.loads((folder / "seconds.json").read_text()).get(_name(path), 0.0) if (folder / "seconds.json").is_file() else 0.0
        store(cache, Run(path, seconds, executed))
        taken.append(path)
    return taken


def warm(
    build: Path,
    paths: list[Path] | None = None,
    executed: Path | None = None,
    jobs: int | None = None,
    force: bool = False,
    progress=print,
    reuse_from: Path | None = None,
    preload: bool = True,
) -> dict:
    """Execute ``paths`` (default: every notebook of the book) into ``build``'s cache.

    ``preload``: start the kernels from a server that has imported the heavy libraries already
    (``tools/kernel_server.py``); ``--fresh-kernels`` turns it off.

    Returns ``{"executed": [...], "failed": [...], "cached": [...], "seconds": {path: s},
    "wall_seconds": s, "jobs": n}`` with paths relative to the repository where possible.
    """
    start = time.perf_counter()
    paths = [Path(p).resolve() for p in (paths if paths is not None else discover())]
    cache = _cache(build)
    reused = reuse(cache, reuse_from, paths) if reuse_from is not None and reuse_from.is_dir() else []
    if reused:
        progress(f"reused {len(reused)} notebook(s) executed in {reuse_from}")
    todo = paths if force or executed else [p for p in paths if not cached(cache, p)]
    skipped = [p for p in paths if p not in todo]
    # Longest first (from the last run's timings, if any), so no core idles at the end.
    hints_file = build / ".notebook-seconds.json"
    hints = json.loads(hints_file.read_text()) if hints_file.is_file() else {}
    todo.sort(key=lambda p: -hints.get(_name(p), 0.0))
    outcome: dict = {"executed": [], "failed": [], "cached": [_name(p) for p in skipped], "seconds": {}}

    def done(run: Run, count: int, total: int) -> None:
        name = _name(run.path)
        outcome["seconds"][name] = round(run.seconds, 2)
        if executed is not None:
            save_executed(executed, run)
        if run.ok:
            store(cache, run)
            outcome["executed"].append(name)
            progress(f"[{count}/{total}] {name}: {run.seconds:.1f} s")
        else:
            outcome["failed"].append(name)
            where = f" in cell {run.failed_cell}" if run.failed_cell else ""
            progress(f"[{count}/{total}] {name}: FAILED{where} after {run.seconds:.1f} s")

    if todo:
        progress(f"executing {len(todo)} notebook(s), {jobs or 'one per core'} at a time ...")
        execute_many(todo, jobs, on_done=done, preload=preload)
    outcome["wall_seconds"] = round(time.perf_counter() - start, 2)
    outcome["jobs"] = jobs
    outcome["reused"] = [_name(p) for p in reused]
    build.mkdir(parents=True, exist_ok=True)
    if executed is not None:
        executed.mkdir(parents=True, exist_ok=True)
        (executed / "seconds.json").write_text(json.dumps(outcome["seconds"], indent=1, sort_keys=True) + "\n")
    hints_file.write_text(json.dumps({**hints, **outcome["seconds"]}, indent=1, sort_keys=True) + "\n")
    return outcome


def _name(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", nargs="?", default=str(ROOT / "_build"), help="the book's build folder (default: _build)")
    parser.add_argument("notebooks", nargs="*", help="notebooks to execute (default: every notebook of the book)")
    parser.add_argument("--executed", type=Path, help="also write the executed notebooks (and errors) under this folder")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="notebooks run at a time (default: one per core)")
    parser.add_argument("--force", action="store_true", help="execute even notebooks the cache already holds")
    parser.add_argument("--timings", type=Path, help="write the outcome and seconds per notebook to this JSON file")
    parser.add_argument("--reuse", type=Path, help="first cache the unchanged notebooks executed into this folder (--executed)")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="start every kernel from nothing, not from the preloaded kernel server (slower)")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.notebooks] or None
    outcome = warm(Path(args.build), paths, args.executed, args.jobs, args.force, reuse_from=args.reuse,
                   preload=not args.fresh_kernels)
    if args.timings:
        args.timings.write_text(json.dumps(outcome, indent=1) + "\n")
    print(
        f"warm_cache: executed {len(outcome['executed'])} notebook(s) in {outcome['wall_seconds']:.1f} s"
        + (f", {len(outcome['cached'])} already cached" if outcome["cached"] else "")
        + (f" ({len(outcome['reused'])} reused from {args.reuse})" if outcome["reused"] else "")
        + (f"; failed (left for the build to report): {', '.join(outcome['failed'])}" if outcome["failed"] else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
