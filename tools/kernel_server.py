"""Start notebook kernels by forking a process that has already imported the heavy libraries.

    python tools/kernel_server.py serve SOCKET             the server (see :class:`KernelServer`)
    python tools/kernel_server.py launch SOCKET -f FILE    what its kernelspec runs (jupyter_client)

A fresh kernel spends most of a short notebook's time starting: the interpreter, ipykernel, then
the notebook's own ``import matplotlib.pyplot`` and ``scipy.stats``.  (``python
benchmarks/test_speed.py --skip-full --skip-fast --kernels`` times a notebook that only imports,
both ways, and the server's own start, paid once per run.)  The server imports those
once (``PRELOAD``) and forks a child for each kernel, which then starts ipykernel exactly as
``python -m ipykernel_launcher`` does: in the launcher's folder, with its environment, its
standard streams and its own session.  The notebook's ``import`` statements then find the
modules already loaded.  Nothing of the notebook's own runs before it starts: every kernel is a
fresh fork of the same unused server, so one notebook cannot see another's variables or
settings.

jupyter_client starts and stops the kernel through the small ``launch`` process, as it would
start ``ipykernel_launcher``: it passes its standard streams to the server with the request
(``SCM_RIGHTS``), forwards the signals it gets (an interrupt, say) to the kernel, and exits with
the kernel's exit code.  If the launcher is killed, the server kills its kernel.

Only the tests and the book build use it (``tools/execute_notebooks.py``, ``execute_many`` with
``preload=True``).  The committed outputs are written by fresh kernels (``execute_notebooks.py``
by default), so ``make test``, which compares them with the server's, shows that the two agree.
"""

from __future__ import annotations

import atexit
import importlib
import importlib.util
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

#: Imported by the server before it forks: what most notebooks import, and ipykernel itself.
PRELOAD = ("ipykernel.kernelapp", "numpy", "scipy.stats", "matplotlib", "matplotlib.pyplot")
#: Modules that must be imported in the kernel, not before, because they look at where they are
#: imported: pandas sets its display defaults for a terminal unless it is imported inside a
#: Jupyter kernel (wide frames would be cut to 80 columns with "..."); matplotlib's inline
#: backend hooks itself into the running IPython (pyplot imports it on first use).  The server
#: refuses to start if a preloaded module has pulled one of them in.
NOT_PRELOADED = ("pandas", "matplotlib_inline.backend_inline")
#: What ipykernel's kernelapp puts in MPLBACKEND before any user code runs (kernelapp.py).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Largest request (the launcher's environment, as JSON).
MAX_MESSAGE = 1 << 20


def _message(sock: socket.socket) -> dict | None:
    data = sock.recv(MAX_MESSAGE)
    return json.loads(data) if data else None


def _become_kernel(request: dict, streams: list[int], close: list, base_path: list[str]) -> None:
    """In the forked child: become ``python -m ipykernel_launcher`` started by the launcher."""
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the server's own handler is not the kernel's
        for item in close:  # the server's sockets and selector, closed in this child only
            item.close() if hasattr(item, "close") else os.close(item)
        os.setsid()  # its own session, as jupyter_client starts a kernel
        for target, fd in zip((0, 1, 2), streams):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # ipykernel read JPY_PARENT_PID when the server imported it, without the launcher's
        # environment: give the kernel the value it would have read (it watches its parent).
        parent = request["env"].get("JPY_PARENT_PID")
        extra = [f"--IPKernelApp.parent_handle={int(parent)}"] if parent else []
        sys.argv = [str(Path(importlib.util.find_spec("ipykernel_launcher").origin)), *request["argv"], *extra]
        sys.path[:] = base_path
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported on the kernel's stderr, like a failed start
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()  # what an interpreter's exit would run (ipykernel's, IPython's)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


class KernelServer:
    """The forking server: :meth:`start` it, point a kernelspec at it (:meth:`kernel_dir`), stop it.

    Used from the process that executes notebooks; the server itself is a separate process
    (``serve``) so that it has no threads when it forks.
    """

    def __init__(self, folder: Path | None = None):
        """``folder`` holds the socket and the kernelspec; by default a temporary folder,
        removed by :meth:`stop`."""
        self.temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="kernels-") if folder is None else folder)
        self.socket = self.folder / "kernels.sock"
        self.process: subprocess.Popen | None = None

    def start(self, env: dict[str, str] | None = None) -> "KernelServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "serve", str(self.socket)],
            env=env, stdout=subprocess.PIPE, start_new_session=True, text=True)
        line = self.process.stdout.readline().strip()
        if line != "ready":
            self.stop()
            raise RuntimeError(f"the kernel server did not start (it said {line!r}); see its stderr above")
        spec = self.folder / "kernels" / "python3"
        spec.mkdir(parents=True, exist_ok=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, str(Path(__file__).resolve()), "launch", str(self.socket),
                     "-f", "{connection_file}"],
            "display_name": "Python 3", "language": "python", "interrupt_mode": "signal",
        }, indent=1), encoding="utf-8")
        return self

    def kernel_dir(self) -> Path:
        """The folder to give jupyter_client's KernelSpecManager (``kernel_dirs``)."""
        return self.folder / "kernels"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "KernelServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(path: str) -> int:
    """The server's loop: one thread, a selector over the listening socket, each launcher's
    connection and each kernel's pidfd."""
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    base_path = sys.path[1:]  # as ipykernel_launcher leaves it: without the script's own folder
    for name in PRELOAD:
        importlib.import_module(name)
    early = [name for name in NOT_PRELOADED if name in sys.modules]
    if early:
        print(f"kernel server: {', '.join(early)} imported by the preloaded modules; they must load in the kernel", file=sys.stderr)
        return 1
    if threading.active_count() != 1:
        print(f"kernel server: {threading.active_count()} threads after the imports; forking is unsafe", file=sys.stderr)
        return 1
    os.environ.pop("MPLBACKEND", None)  # the kernel sets it itself, from the launcher's environment
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    Path(path).unlink(missing_ok=True)
    listener.bind(path)
    listener.listen(64)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, ("accept", None))
    kernels: dict[int, tuple[socket.socket, int]] = {}  # pid -> (launcher connection, pidfd)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("ready", flush=True)
    try:
        while True:
            for key, _ in selector.select():
                kind, pid = key.data
                if kind == "accept":
                    connection, _ = listener.accept()
                    data, streams, _, _ = socket.recv_fds(connection, MAX_MESSAGE, 3)
                    if not data or len(streams) != 3:  # not a launcher's request: ignore it
                        for fd in streams:
                            os.close(fd)
                        connection.close()
                        continue
                    close = [listener, selector, connection] + [c for c, _ in kernels.values()] + [f for _, f in kernels.values()]
                    child = os.fork()
                    if child == 0:
                        _become_kernel(json.loads(data), streams, close, base_path)
                    for fd in streams:
                        os.close(fd)
                    pidfd = os.pidfd_open(child)
                    kernels[child] = (connection, pidfd)
                    connection.send(json.dumps({"pid": child}).encode())
                    selector.register(connection, selectors.EVENT_READ, ("launcher", child))
                    selector.register(pidfd, selectors.EVENT_READ, ("kernel", child))
                elif kind == "launcher":  # the launcher is gone (killed): its kernel goes too
                    connection, pidfd = kernels[pid]
                    selector.unregister(connection)
                    if not connection.recv(MAX_MESSAGE):
                        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                elif kind == "kernel":  # the kernel exited: tell its launcher how
                    connection, pidfd = kernels.pop(pid)
                    _, status = os.waitpid(pid, 0)
                    selector.unregister(pidfd)
                    os.close(pidfd)
                    try:
                        connection.send(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
                    except OSError:
                        pass
                    try:
                        selector.unregister(connection)
                    except (KeyError, ValueError):
                        pass
                    connection.close()
    finally:
        for pid, (connection, pidfd) in kernels.items():
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        Path(path).unlink(missing_ok=True)


def launch(path: str, argv: list[str]) -> int:
    """The kernelspec's command: ask the server at ``path`` for a kernel, then stand for it."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    connection.connect(path)
    request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
    socket.send_fds(connection, [json.dumps(request).encode()], [0, 1, 2])
    kernel = _message(connection)["pid"]

    def forward(signum, _frame):
        try:
            os.kill(kernel, signum)
        except ProcessLookupError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(signum, forward)
    answer = _message(connection)
    if answer is None:
        print("kernel server: the server went away", file=sys.stderr)
        return 1
    code = answer["exit"]
    return code if code >= 0 else 128 - code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) >= 2 and argv[0] == "serve":
        return serve(argv[1])
    if len(argv) >= 2 and argv[0] == "launch":
        return launch(argv[1], argv[2:])
    print("\n".join(__doc__.splitlines()[2:4]), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
