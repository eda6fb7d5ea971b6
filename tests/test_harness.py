"""The test harness itself (tests/conftest.py): an expensive step runs once per run.

``once`` is what makes the notebooks execute once although several callers ask for them at the
same moment: the thread an xdist worker starts as soon as it has collected, the fixture of the
first test that needs them on that worker, and the same two on the other worker.  Expected, from
``once``'s contract: ``produce`` runs exactly one time, and every caller gets its value (or its
error).  Callers in one process must exclude each other too, which ``flock`` does (each caller
opens the lock file itself) and POSIX record locks (``lockf``) would not.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from conftest import ROOT, once

#: A second process calling ``once`` like the other xdist worker; prints the value it got.
OTHER_WORKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from conftest import once
    folder, count, raises = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "raise"
    def produce():
        with count.open("a") as out:
            out.write("x")
        time.sleep(0.5)
        if raises:
            raise ValueError("planted failure")
        return {{"by": "process"}}
    print(once(folder, "step", produce)["by"])
""")


def _callers(folder: Path, count: Path, produce_value: dict, raises: bool = False):
    """Two threads of this process and one other process ask for the same step at once."""
    def produce() -> dict:
        with count.open("a") as out:
            out.write("x")
        threading.Event().wait(0.5)  # long enough for every caller to be waiting
        if raises:
            raise ValueError("planted failure")
        return produce_value

    got: list = []
    start = threading.Barrier(2)

    def ask() -> None:
        start.wait()
        try:
            got.append(once(folder, "step", produce))
        except BaseException as error:  # pytest.fail raises an outcome exception, not an Exception
            got.append(error)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    other = subprocess.run([sys.executable, "-c", OTHER_WORKER.format(tests=str(ROOT / "tests")), str(folder), str(count),
                            "raise" if raises else "return"],
                           capture_output=True, text=True, timeout=120)
    for thread in threads:
        thread.join(timeout=120)
    return got, other


def test_once_runs_an_expensive_step_once_for_every_caller(tmp_path):
    count = tmp_path / "count"
    got, other = _callers(tmp_path / "shared", count, {"by": "thread"})
    assert count.read_text() == "x", "produce ran more than once"
    value = got[0]["by"] if len(got) == 2 and isinstance(got[0], dict) else None
    assert got == [{"by": value}] * 2, got
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == value


def test_once_gives_every_caller_the_error(tmp_path):
    count = tmp_path / "count"
    got, other = _callers(tmp_path / "shared", count, {}, raises=True)
    assert count.read_text() == "x", "produce ran again after it had failed"
    assert len(got) == 2 and all("planted failure" in str(error) for error in got), got
    assert other.returncode != 0 and "planted failure" in other.stdout + other.stderr
