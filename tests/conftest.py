"""Shared fixtures: the repository's paths and one book build per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the whole book once, warnings as errors, into a temporary folder.

    Returns the folder holding ``index.html``.  Every test that needs the
    HTML (pages exist, links resolve, browser checks) shares this build.
    """
    out = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", "--warningiserror", "--keep-going", "--path-output", str(out), str(ROOT)]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONHASHSEED"] = "0"
    # As `make book` does: execute the notebooks in parallel into the build's cache first.
    warm = [sys.executable, str(ROOT / "tools" / "warm_cache.py"), str(out / "_build")]
    warmed = subprocess.run(warm, cwd=ROOT, env=env, capture_output=True, text=True)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    log = out / "build.log"
    log.write_text(warmed.stdout + warmed.stderr + "\n" + result.stdout + "\n" + result.stderr)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
        pytest.fail(f"book build failed (exit {result.returncode}); full log in {log}\n{tail}")
    return out / "_build" / "html"
