"""Execute the book's notebooks in parallel into the build's jupyter-cache, before the build.

    python tools/warm_cache.py [BUILD_FOLDER]      # default: _build

Jupyter Book (``execute_notebooks: cache``) executes the notebooks one after another
while it reads them.  This script runs the same notebooks first, one process per core, with
jupyter-cache's own parallel executor, into the cache the build then reads
(``BUILD_FOLDER/.jupyter_cache``): the build finds every notebook's outputs there and
executes nothing.  Notebooks run from their own folder, as in the build and in nbval.

It only speeds the build up.  A notebook already cached with the same code is not run again;
a notebook that fails here is simply left out of the cache, and the build then executes it
itself and reports the error as usual.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from toc import documents  # noqa: E402  (tests/toc.py expands _toc.yml as Sphinx does)


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    return [root / f"{doc}.ipynb" for doc in documents(root) if (root / f"{doc}.ipynb").is_file()]


def warm(build: Path, timeout: int = 180) -> dict[str, list[str]]:
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(build / ".jupyter_cache")
    records = [cache.add_nb_to_project(str(path)) for path in toc_notebooks()]
    logger = logging.getLogger("warm_cache")
    executor = load_executor("local-parallel", cache=cache, logger=logger)
    result = executor.run_and_cache(filter_pks=[r.pk for r in records], timeout=timeout, allow_errors=False)
    return {"executed": result.succeeded, "failed": result.excepted + result.errored}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", nargs="?", default=str(ROOT / "_build"), help="the book's build folder (default: _build)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    outcome = warm(Path(args.build))
    took = time.perf_counter() - start
    print(f"warm_cache: executed {len(outcome['executed'])} notebook(s) in parallel in {took:.1f} s"
          + (f"; left for the build to report: {', '.join(Path(p).name for p in outcome['failed'])}" if outcome["failed"] else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
