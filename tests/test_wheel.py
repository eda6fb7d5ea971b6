"""The package works anywhere: a wheel of ``servicelab`` installed into a clean environment.

"Open in Colab", a JupyterHub image or a student's own Python get the book's package with
``pip install`` (from the repository or a built wheel), not from this working tree.  So:

- every third-party module the package imports is declared in ``pyproject.toml``
  (``[project] dependencies``), read from the source with ``ast`` (no environment needed);
- a wheel built from the repository, installed into a fresh virtual environment in a
  temporary folder (pip brings the dependencies, at the versions requirements.txt pins),
  imports every module of the package and loads every data set, run from a folder outside
  the repository with no ``SERVICELAB_DATA`` or ``PYTHONPATH`` to help it.

The data sets travel with the package once they live inside it (``servicelab/datasets/``,
found with importlib.resources).  Until then the data test is an expected failure: marked
strict, so that it turns into an error the day it starts passing and the mark is removed.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "servicelab"

#: Import names whose distribution has another name on PyPI.
DISTRIBUTION = {"yaml": "pyyaml", "sklearn": "scikit-learn", "PIL": "pillow"}


def declared() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    return {re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in project["dependencies"]}


def imported(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Top-level third-party modules imported anywhere in the package, with the files importing them."""
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in {"servicelab", "__future__"}:
                    continue
                found.setdefault(top, []).append(path.name)
    return found


def test_every_imported_package_is_a_declared_dependency():
    needed = {DISTRIBUTION.get(name, name).lower().replace("_", "-"): files for name, files in imported().items()}
    assert "numpy" in needed and "scipy" in needed, f"the import scan found {sorted(needed)}"
    missing = {name: files[:3] for name, files in needed.items() if name not in declared()}
    assert not missing, f"add to [project] dependencies in pyproject.toml: {missing}"


def test_the_import_scan_sees_a_planted_import(tmp_path):
    (tmp_path / "module.py").write_text("import os\nfrom statsmodels.api import OLS\nfrom . import sibling\n")
    assert set(imported(tmp_path)) == {"statsmodels"}


def _pins() -> str:
    """requirements.txt without the editable install: a constraints file for pip."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if re.match(r"^[A-Za-z0-9_.\-\[\]]+==", line.strip())) + "\n"


def _run(command: list[str], cwd: Path, env: dict | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        pytest.fail(f"{' '.join(map(str, command))} failed (exit {result.returncode}):\n{tail}")
    return result


@pytest.fixture(scope="module")
def clean_env(tmp_path_factory) -> dict:
    """A wheel of the package installed in a new virtual environment; returns its python and a folder to run in."""
    work = tmp_path_factory.mktemp("wheel")
    wheels = work / "wheels"
    # The wheel, built by setuptools from pyproject.toml as pip would build it for any user.
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(wheels), str(ROOT)], cwd=work)
    built = sorted(wheels.glob("servicelab-*.whl"))
    assert len(built) == 1, f"expected one servicelab wheel, found {built}"
    env_dir = work / "env"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    constraints = work / "constraints.txt"
    constraints.write_text(_pins(), encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "SERVICELAB_DATA", "VIRTUAL_ENV", "PYTHONHOME"}}
    # --no-compile: pip would byte-compile every module of numpy, scipy, pandas and matplotlib (more
    # than half of the install's time); the tests import what they need and Python compiles that.
    _run([str(python), "-m", "pip", "install", "--no-input", "--progress-bar", "off", "--no-compile",
          "--constraint", str(constraints), str(built[0])], cwd=work, env=clean)
    outside = work / "elsewhere"
    outside.mkdir()
    return {"python": python, "cwd": outside, "env": clean, "wheel": built[0]}


def _python(clean_env: dict, code: str) -> subprocess.CompletedProcess:
    return _run([str(clean_env["python"]), "-c", code], cwd=clean_env["cwd"], env=clean_env["env"], timeout=300)


@pytest.mark.slow
def test_installed_wheel_imports_every_module(clean_env):
    code = (
        "import importlib, pkgutil, servicelab\n"
        "assert 'site-packages' in servicelab.__file__, servicelab.__file__\n"
        "mods = [m.name for m in pkgutil.walk_packages(servicelab.__path__, 'servicelab.') if not m.name.endswith('__main__')]\n"
        "[importlib.import_module(m) for m in mods]\n"
        "print(len(mods), servicelab.__file__)\n"
    )
    out = _python(clean_env, code).stdout.split()
    assert int(out[0]) >= 10, f"only {out[0]} modules found in the installed package"
    # The working tree's package is ROOT/servicelab; the fresh environment itself may sit under ROOT
    # (make test keeps its temporary files in _build/test-run).
    assert not out[1].startswith(str(ROOT / "servicelab")), "the test imported the working tree, not the installed wheel"


@pytest.mark.slow
@pytest.mark.xfail(
    not (PACKAGE / "datasets").is_dir(),
    reason="the data sets are not yet inside the package (servicelab/datasets/): data_dir() looks beside the source tree",
    strict=True,
)
def test_installed_wheel_loads_every_data_set(clean_env):
    code = (
        "from servicelab import data\n"
        "names = data.names()\n"
        "frames = [data.load(n) for n in names]\n"
        "assert all(len(f) > 0 for f in frames)\n"
        "print(len(names))\n"
    )
    count = int(_python(clean_env, code).stdout.split()[0])
    expected = len(list((ROOT / "data").glob("*.csv"))) or len(list((PACKAGE / "datasets").glob("*.csv")))
    assert count == expected, f"the installed package lists {count} data sets; the repository has {expected}"
