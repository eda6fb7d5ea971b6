"""Run a student's notebook cells and hand back the answers as data (runs inside the sandbox).

``tools/grade.py`` starts this script, inside the sandbox of ``tools/sandbox.py``,
once per submission.  It reads one JSON object from standard input::

    {"cells": [{"index": 4, "source": "..."}, ...],   # the code cells to run, in order
     "names": ["share_turned_away", ...],              # the answer variables to hand back
     "cell_timeout": 60, "rlimits": {"RLIMIT_AS": ..., ...}}

It sets the resource limits on itself, runs the cells one by one in an
in-process IPython shell (no kernel: magics such as ``%matplotlib inline``
work, nothing listens on a socket), stops a cell that runs longer than
``cell_timeout`` seconds and goes on with the next, and writes JSON lines to
standard output: one ``{"cell": index, "error": ...}`` per cell as it finishes,
then ``{"answers": {name: {"ok": <typed JSON>} | {"refused": reason}}}``
(``tools/answers.py``).  Whatever the cells print goes to standard error.

Nothing here is trusted by the grader: the cells run in this process and can
change anything in it, including what is written back.  The grader therefore
reads the lines as plain data, checks every value as it rebuilds it, and runs
its tests elsewhere.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import signal
import sys


class CellTimeout(BaseException):
    """Raised inside a cell that ran too long (a BaseException, so ``except Exception`` does not hide it)."""


def _send(fd: int, record: dict) -> None:
    data = (json.dumps(record, allow_nan=False) + "\n").encode()
    while data:
        data = data[os.write(fd, data):]


def _seed_matplotlib_cache() -> None:
    """Copy the font list the grader prepared into matplotlib's (empty, private) cache folder.

    Saves each plotting notebook the second or so matplotlib takes to scan the fonts.
    """
    source, target = os.environ.get("GRADER_MPL_CACHE"), os.environ.get("MPLCONFIGDIR")
    if not (source and target and os.path.isdir(source)):
        return
    os.makedirs(target, exist_ok=True)
    for name in os.listdir(source):
        if name.endswith(".json"):
            with open(os.path.join(source, name), "rb") as src, open(os.path.join(target, name), "wb") as dst:
                dst.write(src.read())


def _flush() -> None:
    """Push what the cells printed to the log now (``os._exit`` would drop Python's buffers)."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:  # a cell may have replaced or closed them
            pass


def _error_text(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip().rstrip(":")
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:197] + "..."


def _forget_new_names(namespace: dict, names_before: set) -> None:
    """After a cell ran out of memory: drop the names it created, so the memory they hold is freed.

    A cell like ``hog = []; while True: hog.append(...)`` stops with MemoryError but leaves ``hog``
    holding all the memory the limit allows; every later cell would then fail too (or crash in a
    library that cannot allocate), and one bad cell would cost the whole notebook.  Names that
    existed before the cell are kept: the student's earlier work still counts.
    """
    for name in set(namespace) - names_before:
        del namespace[name]
    sys.last_value = sys.last_traceback = sys.last_exc = None  # a traceback keeps frames alive
    gc.collect()


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    for name, value in request["rlimits"].items():
        resource.setrlimit(getattr(resource, name), (value, value))
    _seed_matplotlib_cache()
    channel = os.dup(1)
    os.dup2(2, 1)  # from here on, anything printed goes to the log, not to the answers channel
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.append(here)
    import answers  # noqa: PLC0415  (tools/answers.py, next to this file)

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.ast_node_interactivity = "none"  # no reprs of last expressions: nobody reads them
    config.InteractiveShell.xmode = "minimal"
    shell = InteractiveShell.instance(config=config)
    shell.enable_gui = lambda gui=None: None  # %matplotlib inline and friends: nothing to show, nothing to fail
    sys.path.remove(here)

    def stop(signum, frame):
        raise CellTimeout(f"stopped after {request['cell_timeout']:g} s")

    signal.signal(signal.SIGALRM, stop)
    pid = os.getpid()
    for cell in request["cells"]:
        names_before = set(shell.user_ns)
        signal.setitimer(signal.ITIMER_REAL, float(request["cell_timeout"]))
        try:
            outcome = shell.run_cell(cell["source"], store_history=False)
        except CellTimeout as error:  # raised outside the cell's own code, in IPython's machinery
            outcome, error_text = None, _error_text(error)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if os.getpid() != pid:  # a process the cell forked (only possible without the sandbox)
            os._exit(0)
        if outcome is not None:
            error = outcome.error_before_exec or outcome.error_in_exec
            error_text = _error_text(error) if error is not None else None
            if isinstance(error, MemoryError):
                _forget_new_names(shell.user_ns, names_before)
        _flush()
        _send(channel, {"cell": cell["index"], "error": error_text})

    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    _send(channel, {"answers": answers.encode_all(shell.user_ns, request["names"])})
    os._exit(0)  # no exit handlers: nothing the cells registered runs after the answers are out


if __name__ == "__main__":
    sys.exit(main())
