"""Re-execute notebooks in place so their committed outputs match a fresh run.

    python tools/execute_notebooks.py [PATH ...]

Each PATH is a notebook or a folder searched for notebooks.  Notebooks are run
top to bottom in a fresh kernel from their own folder, exactly as nbval runs
them in the tests, and saved with their new outputs.  Run this after a
deliberate change to a notebook, a data set or the servicelab package; then
``make test`` checks that the saved outputs are reproducible.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def notebooks(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for item in paths or ["chapters", "exercises"]:
        path = Path(item)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts)
        elif path.suffix == ".ipynb" and path.is_file():
            found.append(path)
        else:
            raise SystemExit(f"not a notebook or folder: {item}")
    return found


def execute(path: Path, timeout: int = 600) -> float:
    start = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(notebook, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    os.environ.setdefault("PYTHONHASHSEED", "0")
    paths = notebooks(argv)
    if not paths:
        print("no notebooks found")
        return 0
    for number, path in enumerate(paths, start=1):
        print(f"[{number}/{len(paths)}] {path} ...", end=" ", flush=True)
        seconds = execute(path)
        print(f"{seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
