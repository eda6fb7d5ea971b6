"""Put the Colab cell first in every notebook, or bring it up to date.

    python tools/colab_cell.py [PATH ...]     # default: chapters/ book/ exercises/
    python tools/colab_cell.py --check [PATH ...]   # exit 1 if a notebook lacks the current cell

"Open in Colab" gives the reader a copy of one notebook, without the book's package.  The
Colab cell installs it there: on Google Colab only, it runs
``pip install "servicelab @ git+<repository>@v<version>"`` (the book's version, from
``pyproject.toml``; the repository URL from ``_config.yml``, ``repository: url``), falling
back to the configured branch when that tag does not exist.  Anywhere else (a computer, a
JupyterHub, Binder, nbval, the book's build) it does nothing and prints nothing, so the
committed outputs stay valid.  The book does not show it (tag ``remove-cell``).

The cell is the notebook's first cell; in an exercise set it follows the raw
``# ASSIGNMENT CONFIG`` cell, which otter-grader needs first.  It is recognised by its
metadata (``"servicelab": {"colab_cell": true}``), so running this again after the
repository or the version changed replaces it rather than adding a second one.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ("chapters", "book", "exercises")
MARKER = "colab_cell"
TAG = "remove-cell"
CELL_ID = "colab-install"


def settings(root: Path = ROOT) -> dict:
    """Repository URL and branch (``_config.yml``) and the package version (``pyproject.toml``)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    repository = config.get("repository") or {}
    with (root / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    return {
        "url": str(repository.get("url") or "").strip().rstrip("/"),
        "branch": str(repository.get("branch") or "main").strip(),
        "version": str(version),
    }


def cell_source(url: str, branch: str, version: str) -> str:
    """The code of the Colab cell (plain Python: no output and no effect outside Colab)."""
    if url:
        body = f'''\
    import importlib
    import subprocess
    import sys

    for ref in ("v{version}", "{branch}"):
        spec = "servicelab @ git+{url}@" + ref
        if subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", spec]).returncode == 0:
            importlib.invalidate_caches()
            print("installed", spec)
            break
    else:
        raise RuntimeError("could not install servicelab from {url}; see the book's 'How to use' page")'''
    else:
        body = '''\
    raise RuntimeError(
        "This book's repository is not configured (repository: url in _config.yml), so the "
        "servicelab package cannot be installed here. Ask your instructor for a link to the "
        "book's own copy, or run the notebook on a computer set up with 'make lab'."
    )'''
    return f'''\
# On Google Colab only: install this book's package, servicelab {version}.
# Anywhere else (your computer, a JupyterHub, Binder) this cell does nothing.
def _colab_install():
    try:
        import google.colab  # noqa: F401  (only Colab has it)
    except ImportError:
        return
    import importlib.util

    if importlib.util.find_spec("servicelab") is not None:
        return
{body}


_colab_install()
del _colab_install'''


def make_cell(source: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.id = CELL_ID  # fixed, so that refreshing the cell changes nothing else in the file
    cell.metadata = {"tags": [TAG], "servicelab": {MARKER: True}}
    return cell


def is_colab_cell(cell) -> bool:
    return cell.cell_type == "code" and bool(cell.get("metadata", {}).get("servicelab", {}).get(MARKER))


def _position(notebook) -> int:
    """Where the cell goes: first, or after otter's raw ``# ASSIGNMENT CONFIG`` cell."""
    cells = notebook.cells
    if cells and cells[0].cell_type == "raw" and cells[0].source.lstrip().startswith("# ASSIGNMENT CONFIG"):
        return 1
    return 0


def status(notebook, source: str) -> str:
    """``current``, ``stale`` (a Colab cell with other code, or misplaced) or ``missing``."""
    found = [i for i, cell in enumerate(notebook.cells) if is_colab_cell(cell)]
    if not found:
        return "missing"
    cell = notebook.cells[found[0]]
    if len(found) > 1 or found[0] != _position(notebook) or cell.source != source or cell.get("outputs"):
        return "stale"
    return "current"


def refresh(notebook, source: str):
    """Remove every Colab cell and insert the current one in its place (returns the notebook)."""
    notebook.cells = [cell for cell in notebook.cells if not is_colab_cell(cell)]
    notebook.cells.insert(_position(notebook), make_cell(source))
    return notebook


def notebooks(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for item in paths or [str(ROOT / p) for p in DEFAULT_PATHS]:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts)
        elif path.suffix == ".ipynb" and path.is_file():
            found.append(path)
        else:
            raise SystemExit(f"not a notebook or folder: {item}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: chapters/ book/ exercises/)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook lacks the current cell")
    args = parser.parse_args(argv)
    config = settings()
    if not config["url"]:
        print("warning: _config.yml has no repository url: on Colab the cell can only explain that "
              "servicelab cannot be installed. Set repository: url and run this again.", file=sys.stderr)
    source = cell_source(**config)
    outdated = 0
    for path in notebooks(args.paths):
        notebook = nbformat.read(path, as_version=4)
        state = status(notebook, source)
        if state == "current":
            continue
        outdated += 1
        if args.check:
            print(f"{path}: Colab cell {state}")
            continue
        nbformat.write(refresh(notebook, source), path)
        print(f"{path}: Colab cell {'added' if state == 'missing' else 'updated'}")
    if args.check and outdated:
        print(f"{outdated} notebook(s) need: python tools/colab_cell.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
