"""The preloaded kernel server (tools/kernel_server.py) against kernels started from nothing.

The reference is a fresh ``python3`` kernel, as ``tools/execute_notebooks.py`` starts it for the
committed outputs: a notebook must give byte-for-byte the same outputs from the server.  (Every
notebook of the book is compared the same way by test_notebooks.py, whose committed outputs come
from fresh kernels; this module plants the traps one by one, and checks what a server must do
besides: each kernel starts clean, a cell past its time limit is interrupted, no process is
left behind, and the server refuses to start in a state that would change the outputs.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

from execute_notebooks import book_environment, execute  # tools/ (conftest puts it on the path)
from kernel_server import KernelServer

#: One cell per trap: where the kernel runs, its environment, hashing, a wide table (pandas
#: formats it for a terminal, cut to 80 columns, if it was imported outside a kernel), a figure
#: from the inline backend, text written to the standard error file descriptor by C code.
TRAPS = [
    "import os, sys\nprint(os.path.basename(os.getcwd()), os.environ.get('PYTHONHASHSEED'), hash('Mirror Lake'))",
    "print(os.environ.get('MPLBACKEND'), sys.argv[1:2], sys.path[0] == '')",
    "import pandas as pd\npd.DataFrame({f'a rather long column {i}': [i * 1000.5] for i in range(12)})",
    "import matplotlib.pyplot as plt\nplt.figure(figsize=(3, 2))\nplt.plot([1, 3, 2])\nplt.title('inline')\nplt.show()",
    "os.write(2, b'written to descriptor 2\\n'); print(pd.options.display.max_columns)",
]


def _notebook(folder: Path, name: str, sources: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    path = folder / name
    nbformat.write(notebook, path)
    return path


def _outputs(run) -> list:
    assert run.ok, run.error
    return [cell.outputs for cell in run.notebook.cells]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with KernelServer(tmp_path_factory.mktemp("server")).start(book_environment()) as started:
        yield started


def _children(pid: int) -> list[str]:
    listing = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True)
    return [line for line in listing.stdout.splitlines() if line.strip()]


def _wait_until(condition, seconds: float = 10.0) -> None:
    """Poll ``condition`` every 0.1 s for up to ``seconds`` (the callers assert afterwards)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_preloaded_kernel_gives_the_outputs_of_a_fresh_one(server, tmp_path):
    path = _notebook(tmp_path / "a folder", "traps.ipynb", TRAPS)
    fresh = _outputs(execute(path))
    preloaded = _outputs(execute(path, kernel_dir=str(server.kernel_dir())))
    assert [o["output_type"] for outputs in fresh for o in outputs].count("display_data") == 1, fresh
    assert "..." not in json.dumps(fresh[2]), "the reference should show the whole table"
    for number, (expected, got) in enumerate(zip(fresh, preloaded), start=1):
        assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True), (
            f"cell {number} differs from a fresh kernel:\n{TRAPS[number - 1]}")


def test_each_kernel_starts_clean(server, tmp_path):
    """Whatever one notebook changes (its variables, a library's settings, a module's attributes,
    the folder it runs in), the next kernel from the same server does not see it."""
    spoil = _notebook(tmp_path, "spoil.ipynb", [
        "import matplotlib, scipy.stats, os\nleft_over = 1\nmatplotlib.rcParams['lines.linewidth'] = 9\n"
        "scipy.stats.planted = True\nos.environ['PLANTED'] = '1'\nos.chdir('/')"])
    check = _notebook(tmp_path, "check.ipynb", [
        "import matplotlib, scipy.stats, os\nprint('left_over' in globals(), matplotlib.rcParams['lines.linewidth'], "
        "hasattr(scipy.stats, 'planted'), 'PLANTED' in os.environ, os.path.basename(os.getcwd()))"])
    kernels = str(server.kernel_dir())
    _outputs(execute(spoil, kernel_dir=kernels))
    printed = _outputs(execute(check, kernel_dir=kernels))[0][0]["text"].split()
    assert printed == ["False", "1.5", "False", "False", tmp_path.name]  # 1.5: matplotlib's default linewidth


def test_a_cell_past_its_time_limit_is_interrupted_and_nothing_is_left_running(server, tmp_path):
    path = _notebook(tmp_path, "slow.ipynb", ["import time\ntime.sleep(120)", "print('never')"])
    run = execute(path, timeout=3, kernel_dir=str(server.kernel_dir()))
    assert run.error and "CellTimeoutError" in run.error, run.error
    assert run.seconds < 60
    assert _children(server.process.pid) == []
    launchers = subprocess.run(["pgrep", "-f", f"kernel_server.py launch {server.socket}"], capture_output=True, text=True)
    assert launchers.stdout.strip() == ""


def test_killing_the_launcher_kills_its_kernel(server, tmp_path):
    """jupyter_client's last resort is to kill the process it started (the launcher): the kernel,
    the server's child, must go with it."""
    connection = tmp_path / "connection.json"
    from jupyter_client.connect import write_connection_file

    write_connection_file(str(connection))
    launcher = subprocess.Popen([sys.executable, str(ROOT / "tools" / "kernel_server.py"), "launch", str(server.socket),
                                 "-f", str(connection)], env=book_environment(), start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until(lambda: _children(server.process.pid))
        assert len(_children(server.process.pid)) == 1, "the server started no kernel"
    finally:
        launcher.kill()
        launcher.wait()
    _wait_until(lambda: not _children(server.process.pid))
    assert _children(server.process.pid) == []


def test_the_server_refuses_to_preload_a_module_that_must_load_in_the_kernel(tmp_path):
    """Planted: pandas among the preloaded modules (it would format tables for a terminal)."""
    code = ("import sys; sys.path.insert(0, 'tools'); import kernel_server as k; "
            "k.PRELOAD += ('pandas',); raise SystemExit(k.serve(sys.argv[1]))")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.sock")], cwd=ROOT,
                            env=book_environment(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "pandas imported by the preloaded modules" in result.stderr
    assert not (tmp_path / "s.sock").exists()


def test_a_server_that_cannot_start_says_so(tmp_path):
    """Planted: a socket path longer than a Unix socket address can hold (108 bytes)."""
    with pytest.raises(RuntimeError, match="did not start"):
        KernelServer(tmp_path / ("x" * 120)).start(book_environment())


def test_a_stray_connection_does_not_stop_the_server(server, tmp_path):
    """Something that connects and hangs up without asking for a kernel is ignored."""
    import socket

    stray = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    stray.connect(str(server.socket))
    stray.close()
    path = _notebook(tmp_path, "after.ipynb", ["print('still serving')"])
    assert _outputs(execute(path, kernel_dir=str(server.kernel_dir())))[0][0]["text"] == "still serving\n"
    assert server.process.poll() is None
