"""Answers as data (``tools/answers.py``) and the sandbox's seccomp filter (``tools/sandbox.py``).

Quick tests, no otter and no kernel.  Round trips are checked against the
values themselves (pandas' and NumPy's own equality, exact types); the filter
is checked by running its BPF program in a small interpreter written here from
the kernel's documented semantics (Documentation/userspace-api/seccomp_filter.rst).
"""

from __future__ import annotations

import errno
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import answers  # noqa: E402  (tools/answers.py)
import sandbox  # noqa: E402  (tools/sandbox.py)
from servicelab import data  # noqa: E402


def roundtrip(value):
    """Encode, go through JSON text (what crosses the pipe), decode."""
    return answers.decode(json.loads(json.dumps(answers.encode(value), allow_nan=False)))


# --- what crosses, exactly ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    0, -7, 2**70, 2.5, -0.0, float("inf"), "FD04", "镜湖", "", None, True, False,
    [1, "a", None], (1, 2.5), {"a": 1, 2: [3]}, {1, 2, 3}, frozenset({"x"}), {(1, "a"): {"b": 2}},
    np.float64(0.0523), np.float32(1.5), np.int64(14), np.int32(-3), np.uint8(200), np.bool_(True), np.str_("booking"),
])
def test_plain_values_come_back_equal_and_of_the_same_type(value):
    back = roundtrip(value)
    assert type(back) is type(value) and back == value


def test_nan_comes_back_as_nan():
    assert math.isnan(roundtrip(float("nan"))) and type(roundtrip(np.float64("nan"))) is np.float64


@pytest.mark.parametrize("array", [
    np.arange(12).reshape(3, 4), np.array([1.5, np.nan, -np.inf]), np.array(["a", "bc"]), np.array([True, False]),
    np.array(["2026-03-02", "NaT"], dtype="datetime64[ns]"), np.array([1, "a", None], dtype=object),
    np.zeros((0, 3)), np.array(5.0),
])
def test_arrays_keep_values_dtype_and_shape(array):
    back = roundtrip(array)
    assert type(back) is np.ndarray and back.dtype == array.dtype and back.shape == array.shape
    assert np.array_equal(back, array, equal_nan=array.dtype.kind in "fc") or (
        array.dtype.kind == "M" and np.array_equal(back.view("int64"), array.view("int64")))


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
@pytest.mark.parametrize("name", data.names())  # every data set the package ships (servicelab/datasets)
def test_every_data_set_of_the_book_crosses_unchanged(name):
    frame = data.load(name)
    pd.testing.assert_frame_equal(roundtrip(frame), frame, check_exact=True)


def test_series_and_indexes_cross_unchanged():
    checkins = data.load("checkins")
    by_person = checkins.groupby(["receptionist", "period"])["minutes"].agg(["mean", "std"])
    pd.testing.assert_frame_equal(roundtrip(by_person), by_person, check_exact=True)
    counts = data.load("inbox_messages")["topic"].value_counts()
    pd.testing.assert_series_equal(roundtrip(counts), counts, check_exact=True)
    labels = pd.Series(["low", "high", "low"], name="tier").astype(pd.CategoricalDtype(["low", "high"], ordered=True))
    pd.testing.assert_series_equal(roundtrip(labels), labels)
    nullable = pd.Series([1, None, 3], dtype="Int64", index=pd.Index(["a", "b", "c"], dtype=object))
    pd.testing.assert_series_equal(roundtrip(nullable), nullable)
    assert roundtrip(pd.RangeIndex(2, 10, 3)).equals(pd.RangeIndex(2, 10, 3))


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    | st.tuples(children, children),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(plain)
def test_any_plain_structure_comes_back_equal(value):
    assert roundtrip(value) == value


# --- what is refused -------------------------------------------------------------------------


class Always(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class Word(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class Frame(pd.DataFrame):
    pass


@pytest.mark.parametrize(("value", "says"), [
    (Always(0.5), "subclass of float"),
    (Word("FD04"), "subclass of str"),
    (type("Count", (int,), {})(1), "subclass of int"),
    (type("Keys", (dict,), {})(a=1), "subclass of dict"),
    (Frame({"a": [1]}), "subclass of DataFrame"),
    (np.ma.masked_array([1, 2]), "subclass of ndarray"),
    ([1, Always(2.0)], "subclass of float"),
    ({"a": Word("b")}, "subclass of str"),
    (np.array([Always(1.0)], dtype=object), "subclass of float"),
    (pd.Series([Word("x")], dtype=object), "subclass of str"),
    (len, "something to call"),
    (lambda: 1, "something to call"),
    (np, "which the grader cannot read"),
    (..., "still `...`"),
    (object(), "which the grader cannot read"),
    (pd.Series(pd.period_range("2026-01", periods=2, freq="M")), "cannot read"),
])
def test_values_that_are_not_plain_data_are_refused_with_a_reason(value, says):
    with pytest.raises(answers.Refused) as refused:
        answers.encode(value)
    assert says in str(refused.value)


def test_refusals_are_per_name_and_name_what_is_missing():
    encoded = answers.encode_all({"a": 1.5, "b": Always(1.0), "c": ...}, ["a", "b", "c", "d"])
    assert "ok" in encoded["a"]
    assert "subclass of float" in encoded["b"]["refused"]
    assert "still `...`" in encoded["c"]["refused"]
    assert "not defined" in encoded["d"]["refused"]


def test_too_deep_or_too_large_is_refused():
    deep: list = []
    for _ in range(answers.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(answers.Refused, match="nested"):
        answers.encode(deep)
    with pytest.raises(answers.Refused, match="more than"):
        answers.encode(np.zeros(answers.MAX_ITEMS + 1))


# --- what the decoder accepts (its input may be forged) ------------------------------------------


@pytest.mark.parametrize("forged", [
    None, [], "x", {}, {"t": "pickle", "v": "..."}, {"t": "int", "v": "12"}, {"t": "int", "v": True},
    {"t": "float", "v": "1e9999x"}, {"t": "np", "dtype": "object", "v": 1}, {"t": "np", "dtype": "float64", "v": "nan!"},
    {"t": "ndarray", "dtype": "float64", "shape": [3], "v": [1.0]},
    {"t": "ndarray", "dtype": "V8", "shape": [1], "v": [1]},
    {"t": "ndarray", "dtype": "int64", "shape": [-1], "v": []},
    {"t": "series", "data": {"dtype": "int64", "v": [1, 2]}, "index": {"t": "index", "kind": "range", "start": 0,
                                                                      "stop": 5, "step": 1}, "name": {"t": "none"}},
    {"t": "index", "kind": "range", "start": 0, "stop": 10**12, "step": 1, "name": {"t": "none"}},
    {"t": "dict", "items": [[{"t": "list", "items": []}, {"t": "none"}]]},
    {"t": "list", "items": [{"t": "list", "items": []}] * 3 + [{"t": "bogus"}]},
])
def test_forged_or_damaged_data_is_malformed_never_a_crash(forged):
    with pytest.raises(answers.Malformed):
        answers.decode(forged)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["t", "v", "items", "dtype", "shape", "kind", "index", "data", "name", "x"]) | st.text(max_size=3),
        children, max_size=5),
    max_leaves=25,
)


@pytest.mark.slow  # a simulation or many property examples: make test, not test-fast
@settings(max_examples=300, deadline=None)
@given(json_values)
def test_decoder_raises_only_malformed_on_arbitrary_json(value):
    try:
        answers.decode(value)
    except answers.Malformed:
        pass


# --- the seccomp filter ----------------------------------------------------------------------

SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x80000000, 0x7FFF0000, 0x00050000


def run_bpf(program: bytes, arch: int, nr: int, arg0: int = 0) -> int:
    """Run a classic-BPF seccomp program on one system call, as the kernel would (the subset it uses)."""
    seccomp_data = struct.pack("=iIQ6Q", nr, arch, 0, arg0, 0, 0, 0, 0, 0)
    code = [struct.unpack("=HBBI", program[i:i + 8]) for i in range(0, len(program), 8)]
    pc, acc = 0, 0
    while True:
        op, jt, jf, k = code[pc]
        if op == 0x20:  # ld [k]
            acc = struct.unpack_from("=I", seccomp_data, k)[0]
            pc += 1
        elif op in (0x15, 0x35, 0x45):  # jeq, jge, jset
            hit = {0x15: acc == k, 0x35: acc >= k, 0x45: bool(acc & k)}[op]
            pc += 1 + (jt if hit else jf)
        elif op == 0x06:  # ret k
            return k
        else:
            raise AssertionError(f"unexpected instruction {op:#x}")


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_seccomp_filter_refuses_new_processes_and_allows_threads(machine):
    program = sandbox.seccomp_program(machine)
    arch = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}[machine]
    clone, clone3 = {"x86_64": (56, 435), "aarch64": (220, 435)}[machine]
    clone_thread = 0x00010000 | 0x00000100 | 0x00000800  # CLONE_THREAD | CLONE_VM | CLONE_FILES, as pthreads
    assert run_bpf(program, arch, clone, clone_thread) == SECCOMP_RET_ALLOW
    assert run_bpf(program, arch, clone, 17) == SECCOMP_RET_ERRNO | errno.EPERM  # SIGCHLD only: fork()
    assert run_bpf(program, arch, clone3) == SECCOMP_RET_ERRNO | errno.ENOSYS
    read, write, openat = {"x86_64": (0, 1, 257), "aarch64": (63, 64, 56)}[machine]
    for ordinary in (read, write, openat):
        assert run_bpf(program, arch, ordinary) == SECCOMP_RET_ALLOW
    ptrace, mount = {"x86_64": (101, 165), "aarch64": (117, 40)}[machine]
    assert run_bpf(program, arch, ptrace) == SECCOMP_RET_ERRNO | errno.EPERM
    assert run_bpf(program, arch, mount) == SECCOMP_RET_ERRNO | errno.EPERM
    assert run_bpf(program, 0x40000003, 2) == SECCOMP_RET_KILL_PROCESS  # a 32-bit x86 call: killed
    if machine == "x86_64":
        assert run_bpf(program, arch, 57) == SECCOMP_RET_ERRNO | errno.EPERM  # fork
        assert run_bpf(program, arch, 58) == SECCOMP_RET_ERRNO | errno.EPERM  # vfork
        assert run_bpf(program, arch, 0x40000000 | 57) == SECCOMP_RET_ERRNO | errno.EPERM  # x32 ABI


def test_interpreter_would_see_a_filter_that_allows_fork():
    """The check above can fail: a program that allows everything is caught."""
    allow_all = struct.pack("=HBBI", 0x06, 0, 0, SECCOMP_RET_ALLOW)
    assert run_bpf(allow_all, 0xC000003E, 57) == SECCOMP_RET_ALLOW != SECCOMP_RET_ERRNO | errno.EPERM


def test_unknown_architecture_has_no_filter():
    assert sandbox.seccomp_program("riscv64") is None
