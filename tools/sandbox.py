"""Run untrusted code (a student's notebook) in a bubblewrap sandbox, with limits.

The grader (``tools/grade.py``) runs each submission through :func:`run`.  On
Linux with bubblewrap (``apt-get install bubblewrap``), the command runs:

* in its own user, PID, network, IPC and UTS namespaces: no network but its
  own loopback, no view of other processes, not root (user ``nobody`` inside);
* on a read-only view of only what Python needs: ``/usr``, the Python
  installation, the virtual environment, the ``servicelab`` package and the
  data sets, plus the runner's own two files.  Nothing else of the machine is
  there: not the home folders, not the repository (so neither the exercise
  sets with their solutions nor the grading bundles), not the other
  submissions;
* with one private, size-limited, writable folder, ``/tmp`` (also ``HOME``),
  which disappears when the run ends;
* under a seccomp filter that refuses to start new processes (``fork``,
  ``vfork`` and ``clone`` without ``CLONE_THREAD``; threads are allowed), and a
  few kernel interfaces a notebook never needs (``ptrace``, ``mount``,
  ``bpf``, ``keyctl``, ...).  This, not ``RLIMIT_NPROC``, is what stops a fork
  bomb when the grader runs as root: the kernel does not apply that limit to
  processes whose user maps to root outside their namespace.  The filter
  exists for x86_64 and aarch64; elsewhere only the task limit (for an
  ordinary user) and the time limit hold;
* with limits the runner sets on itself before any student code runs (memory,
  tasks, file size, CPU time; see :class:`Limits`), a wall-clock time limit
  enforced from outside, and caps on how much output and result are read.

:func:`unavailable` says why the sandbox cannot be used here (bubblewrap
missing, user namespaces disabled, ...), so that the grader can stop with a
clear message; ``run(..., isolate=False)`` runs without isolation (same
limits, time limit and output caps, but the code sees the machine as the
grader's user does), for instructors who choose that explicitly.
"""

from __future__ import annotations

import errno
import functools
import os
import platform
import resource
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

KiB, MiB, GiB = 1024, 1024**2, 1024**3

#: What a folder looks like to code inside the sandbox.
SCRATCH = "/tmp"
RUNNER_DIR = "/grader"


@dataclass(frozen=True)
class Limits:
    """Resource limits for one run (defaults suit one exercise-set notebook)."""

    timeout: float = 300.0
    """wall-clock seconds for the whole run; then everything in it is killed"""
    cell_timeout: float = 60.0
    """seconds one notebook cell may run before the runner stops it (the other cells still run)"""
    memory: int = 3 * GiB
    """address space of each process (RLIMIT_AS)"""
    processes: int = 64
    """tasks, processes and threads together, in the sandbox (RLIMIT_NPROC)"""
    file_size: int = 64 * MiB
    """largest file a process may write (RLIMIT_FSIZE)"""
    scratch: int = 256 * MiB
    """size of the private writable folder /tmp"""
    output: int = 64 * KiB
    """bytes of printed output kept for the log (the rest is counted and dropped)"""
    result: int = 64 * MiB
    """bytes of answers read back; more makes the run fail"""

    def rlimits(self, sandboxed: bool) -> dict[str, int]:
        """The limits the runner sets on itself, by ``resource`` name."""
        limits = {
            "RLIMIT_AS": self.memory,
            "RLIMIT_FSIZE": self.file_size,
            "RLIMIT_CPU": int(self.timeout) + 5,
            "RLIMIT_CORE": 0,
        }
        if sandboxed:
            # Counted per user namespace, so only the sandbox's own tasks count.  Outside a
            # sandbox it would count every process of the grader's user: not set there.
            limits["RLIMIT_NPROC"] = self.processes
        return limits


@dataclass
class Run:
    """What came back from one run."""

    status: str
    """``"ok"`` (exit status 0), ``"timeout"`` (killed at the time limit) or ``"error"``"""
    returncode: int | None
    result: bytes
    """what the command wrote to its standard output (the answers channel)"""
    result_truncated: bool
    output: str
    """the first ``Limits.output`` bytes it wrote to standard error (the student's prints)"""
    output_bytes: int
    seconds: float


# --- seccomp: no new processes -------------------------------------------------------------------

_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
#: Per architecture: (clone, clone3, syscalls refused with EPERM).
_SYSCALLS = {
    "x86_64": (56, 435, {
        57: "fork", 58: "vfork", 101: "ptrace", 103: "syslog", 155: "pivot_root", 163: "acct",
        165: "mount", 166: "umount2", 167: "swapon", 168: "swapoff", 169: "reboot", 175: "init_module",
        176: "delete_module", 246: "kexec_load", 248: "add_key", 249: "request_key", 250: "keyctl",
        272: "unshare", 298: "perf_event_open", 303: "name_to_handle_at", 304: "open_by_handle_at",
        308: "setns", 313: "finit_module", 321: "bpf", 323: "userfaultfd", 425: "io_uring_setup",
        426: "io_uring_enter", 427: "io_uring_register",
    }),
    "aarch64": (220, 435, {
        39: "umount2", 40: "mount", 41: "pivot_root", 89: "acct", 97: "unshare", 104: "kexec_load",
        105: "init_module", 106: "delete_module", 116: "syslog", 117: "ptrace", 142: "reboot",
        217: "add_key", 218: "request_key", 219: "keyctl", 224: "swapon", 225: "swapoff",
        241: "perf_event_open", 264: "name_to_handle_at", 265: "open_by_handle_at", 268: "setns",
        273: "finit_module", 280: "bpf", 282: "userfaultfd", 425: "io_uring_setup",
        426: "io_uring_enter", 427: "io_uring_register",
    }),
}
_CLONE_THREAD = 0x00010000


def seccomp_program(machine: str | None = None) -> bytes | None:
    """A classic-BPF seccomp filter (the bytes bubblewrap's ``--seccomp`` reads), or None if the
    architecture is not one we have syscall numbers for.

    New processes are refused with EPERM (``clone`` is allowed only with
    ``CLONE_THREAD``, that is for threads); ``clone3`` answers ENOSYS, which
    makes the C library fall back on ``clone``.  A system call of another
    architecture (32-bit calls on a 64-bit machine) kills the process.
    """
    machine = machine or platform.machine()
    if machine not in _SYSCALLS:
        return None
    clone, clone3, refused = _SYSCALLS[machine]
    ld_abs, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, kill = 0x7FFF0000, 0x80000000
    eperm, enosys = 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS

    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> tuple[int, int, int, int]:
        return (code, jt, jf, k)

    # Layout: header, one "equal?" test per refused call, the clone tests, then the returns.
    numbers = sorted(refused)
    body = [op(ld_abs, 4)]  # seccomp_data.arch
    body.append(op(jeq, _AUDIT_ARCH[machine], 1, 0))
    body.append(op(ret, kill))
    body.append(op(ld_abs, 0))  # seccomp_data.nr
    tests_start = len(body)
    n_tests = 1 + len(numbers) + 2  # x32 test, refused calls, clone3, clone
    # Offsets of the return instructions after the tests and the clone-flag check (3 instructions).
    after = tests_start + n_tests + 2  # ld args[0]; jset
    ret_allow, ret_eperm, ret_enosys = after, after + 1, after + 2

    def jump_to(target: int, here: int) -> int:
        return target - here - 1

    here = len(body)
    body.append(op(jge, 0x40000000, jump_to(ret_eperm, here), 0))  # x32 ABI calls on x86_64
    for number in numbers:
        here = len(body)
        body.append(op(jeq, number, jump_to(ret_eperm, here), 0))
    here = len(body)
    body.append(op(jeq, clone3, jump_to(ret_enosys, here), 0))
    here = len(body)
    body.append(op(jeq, clone, 0, jump_to(ret_allow, here)))
    body.append(op(ld_abs, 16))  # seccomp_data.args[0], low 32 bits (little-endian)
    here = len(body)
    body.append(op(jset, _CLONE_THREAD, jump_to(ret_allow, here), jump_to(ret_eperm, here)))
    assert len(body) == ret_allow
    body += [op(ret, allow), op(ret, eperm), op(ret, enosys)]
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in body)


# --- the sandbox ---------------------------------------------------------------------------------


def _system_binds() -> list[str]:
    """bubblewrap arguments for the read-only system: /usr, the top-level links into it, a few /etc files."""
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for name in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime"):
        if os.path.exists(name):
            args += ["--ro-bind", name, name]
    return args


def _covered(path: Path, by: list[Path]) -> bool:
    return any(path == other or other in path.parents for other in by)


def bwrap_command(argv: list[str], binds: list[Path], files: dict[str, Path], env: dict[str, str],
                  limits: Limits, seccomp_fd: int | None) -> list[str]:
    """The full bubblewrap command line.

    ``binds``: folders (or files) shown read-only at their own path; ``files``:
    read-only files shown at another path inside (``{"/grader/x.py": host_path}``).
    """
    bwrap = shutil.which("bwrap")
    args = [bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--uid", "65534", "--gid", "65534",
            "--hostname", "sandbox", "--die-with-parent", "--new-session", "--clearenv"]
    args += _system_binds()
    # The scratch folder first, so that anything bound below /tmp (a repository cloned there) shows on top of it.
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(limits.scratch), "--tmpfs", SCRATCH]
    shown: list[Path] = [Path("/usr")]
    for path in sorted({Path(p).resolve() for p in binds}, key=lambda p: len(p.parts)):
        if not _covered(path, shown):
            args += ["--ro-bind", str(path), str(path)]
            shown.append(path)
    for inside, host in files.items():
        args += ["--ro-bind", str(Path(host).resolve()), inside]
    args += ["--remount-ro", "/", "--chdir", SCRATCH]
    for key, value in env.items():
        args += ["--setenv", key, value]
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    return args + ["--", *argv]


def python_binds() -> list[Path]:
    """What a Python of this virtual environment needs to start: its installation and the environment."""
    paths = {Path(sys.base_prefix), Path(sys.prefix), Path(sys.executable).resolve().parent}
    return sorted(p.resolve() for p in paths)


def python_executable() -> Path:
    """This environment's Python, by a path that exists inside the sandbox.

    The sandbox mounts the environment at its real path (:func:`python_binds`), so a ``.venv``
    that is itself a symbolic link (a checkout borrowing another's environment) is reached
    through its target.  Only the folders are resolved: the ``python`` link itself must stay
    inside the environment, where Python finds its ``pyvenv.cfg``.
    """
    executable = Path(sys.executable)
    try:
        return Path(sys.prefix).resolve() / executable.relative_to(sys.prefix)
    except ValueError:  # not inside the environment's folder
        return executable.parent.resolve() / executable.name


def _pipe_with(data: bytes) -> int:
    """A pipe's read end that yields ``data`` (small: it must fit in the pipe's buffer)."""
    read, write = os.pipe()
    os.write(write, data)
    os.close(write)
    return read


@functools.lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why the sandbox cannot run here (None: it can).  Tries the real thing once."""
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux and bubblewrap; this is {sys.platform}"
    if shutil.which("bwrap") is None:
        return ("bubblewrap is not installed (on Debian or Ubuntu: sudo apt-get install bubblewrap; "
                "on Fedora: sudo dnf install bubblewrap)")
    program = seccomp_program()
    fd = _pipe_with(program) if program is not None else None
    try:
        command = bwrap_command(["/bin/true"], [], {}, {}, Limits(), fd)
        result = subprocess.run(command, capture_output=True, text=True, timeout=60,
                                pass_fds=(fd,) if fd is not None else ())
    except (OSError, subprocess.SubprocessError) as error:
        return f"bubblewrap could not start: {error}"
    finally:
        if fd is not None:
            os.close(fd)
    if result.returncode != 0:
        detail = " ".join(result.stderr.split())[:300]
        hint = ""
        if "namespace" in detail.lower() or "permission" in detail.lower():
            hint = (" (user namespaces look disabled for this user: on Debian, sysctl "
                    "kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 and later, an AppArmor "
                    "profile for bwrap, or run as root)")
        return f"bubblewrap fails here: {detail}{hint}"
    return None


def _reader(stream, cap: int, chunks: list[bytes], total: list[int]) -> None:
    """Read ``stream`` to its end, keeping the first ``cap`` bytes."""
    kept = 0
    while True:
        block = stream.read(65536)
        if not block:
            break
        total[0] += len(block)
        if kept < cap:
            chunks.append(block[: cap - kept])
            kept += len(chunks[-1])
    stream.close()


def _writer(stream, data: bytes) -> None:
    try:
        stream.write(data)
        stream.close()
    except (BrokenPipeError, OSError):  # the command did not read it all (it crashed, say)
        pass


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def run(argv: list[str], *, stdin: bytes, limits: Limits, binds: list[Path] = (),
        files: dict[str, Path] | None = None, env: dict[str, str] | None = None, isolate: bool = True,
        cwd: Path | None = None) -> Run:
    """Run ``argv`` (in the sandbox unless ``isolate`` is False), feeding it ``stdin``.

    Standard output is the result channel (at most ``limits.result`` bytes),
    standard error the log (the first ``limits.output`` bytes are kept).  The
    whole run is killed after ``limits.timeout`` seconds.  Never raises for
    anything the command does.
    """
    env = dict(env or {})
    fds: tuple[int, ...] = ()
    seccomp_fd = None
    if isolate:
        reason = unavailable()
        if reason:
            raise RuntimeError(f"the sandbox is not available: {reason}")
        program = seccomp_program()
        if program is not None:
            seccomp_fd = _pipe_with(program)
            fds = (seccomp_fd,)
        command = bwrap_command(argv, list(binds), files or {}, env, limits, seccomp_fd)
        popen_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    else:
        command = list(argv)
        popen_env = env
    started = time.monotonic()
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=popen_env, cwd=cwd, pass_fds=fds, start_new_session=True)
    finally:
        if seccomp_fd is not None:
            os.close(seccomp_fd)
    result: list[bytes] = []
    result_total = [0]
    output: list[bytes] = []
    output_total = [0]
    threads = [
        threading.Thread(target=_writer, args=(process.stdin, stdin), daemon=True),
        threading.Thread(target=_reader, args=(process.stdout, limits.result, result, result_total), daemon=True),
        threading.Thread(target=_reader, args=(process.stderr, limits.output, output, output_total), daemon=True),
    ]
    for thread in threads:
        thread.start()
    status = "ok"
    try:
        process.wait(timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        status = "timeout"
        _kill_group(process)
    if not isolate:  # anything the command left running in its session goes too
        _kill_group(process)
    for thread in threads[1:]:
        thread.join(timeout=10)
    if status == "ok" and process.returncode != 0:
        status = "error"
    return Run(
        status=status,
        returncode=process.returncode,
        result=b"".join(result),
        result_truncated=result_total[0] > limits.result,
        output=b"".join(output).decode("utf-8", errors="replace"),
        output_bytes=output_total[0],
        seconds=time.monotonic() - started,
    )


def set_limits(rlimits: dict[str, int]) -> None:
    """Set resource limits on this process, soft and hard alike (used by the runner on itself)."""
    for name, value in rlimits.items():
        resource.setrlimit(getattr(resource, name), (value, value))


def describe(limits: Limits) -> str:
    """One line for logs: the limits in force."""
    d = asdict(limits)
    return (f"time {d['timeout']:g} s (cell {d['cell_timeout']:g} s), memory {limits.memory // MiB} MiB, "
            f"{limits.processes} tasks, files {limits.file_size // MiB} MiB, /tmp {limits.scratch // MiB} MiB")
