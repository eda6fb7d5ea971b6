"""The checks in a student copy of an exercise set: one plain sentence per question.

``make student`` writes each student copy with this first code cell::

    from servicelab.checks import Checks
    grader = Checks("ch05")

and a cell ``grader.check("q3_agents")`` after each answer.  A check runs the
question's public tests (stored in the notebook's metadata) against the
student's variables and shows either that they pass or the message of **one**
test that fails, and nothing else: no traceback, no doctest transcript.
Tests written for a likely mistake (a number from the chapter, the wrong
column, minutes for seconds; marked ``"mistake": true``) speak first, since
their message names what went wrong; a mistake test that cannot even run on
the answer (it raises something other than ``AssertionError``) does not apply
to it.  Then the other tests, in order (CONTRIBUTING.md, "An exercise set").

The checks read their tests from the notebook file, which they find whatever
its name: the path Jupyter gives the kernel (``JPY_SESSION_NAME``), VS Code's
``__vsc_ipynb_file__``, or else the newest notebook of this exercise set in
the working folder.

>>> tests = [{"code": "assert 0 <= share <= 1", "message": "share is a fraction between 0 and 1."},
...          {"code": "assert abs(share - 6.1) > 0.05", "message": "That is a percentage: divide by 100.", "mistake": True},
...          {"code": "assert abs(share - 0.061) > 0.0005", "message": "That is the share for all branches.", "mistake": True}]
>>> first_failure(tests, {"share": 0.061})
'That is the share for all branches.'
>>> first_failure(tests, {"share": 6.1})
'That is a percentage: divide by 100.'
>>> first_failure(tests, {"share": 7.5})
'share is a fraction between 0 and 1.'
>>> first_failure(tests, {"share": "5%"})
'share is a fraction between 0 and 1.'
>>> first_failure(tests, {"share": 0.052}) is None
True
>>> first_failure(tests, {"share": ...})
'`share` still holds `...`: put your answer in its place, run that cell, then run this check again.'
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["Checks", "first_failure"]


def _names(code: str) -> list[str]:
    """Global names a test reads, in order (the names it binds itself are left out)."""
    tree = ast.parse(code)
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in bound | set(out):
            if not hasattr(builtins, node.id):
                out.append(node.id)
    return out


def first_failure(tests: list[dict], env: dict[str, Any]) -> str | None:
    """The message of the first test in ``tests`` that fails against ``env`` (None: all pass).

    Each test is ``{"code": "assert ...", "message": "...", "mistake": bool}``.
    Mistake tests go first and count only when their assertion fails; then
    every test in order.  A name the tests need that is missing from ``env``,
    or still holds the ``...`` placeholder, gets its own message, since no
    test can say anything useful about it.
    """
    for test in tests:
        for name in _names(test["code"]):
            if name not in env:
                return (f"`{name}` is not defined yet: run the cell that sets it (and the cells above it), "
                        "then run this check again.")
            if env[name] is Ellipsis:
                return f"`{name}` still holds `...`: put your answer in its place, run that cell, then run this check again."
    for test in tests:
        if test.get("mistake") and _outcome(test["code"], env) is AssertionError:
            return test["message"]
    for test in tests:
        if _outcome(test["code"], env) is not None:
            return test["message"]
    return None


def _outcome(code: str, env: dict[str, Any]) -> type[BaseException] | None:
    """None if a test passes, else the type of the exception it raised."""
    try:
        exec(compile(code, "<check>", "exec"), dict(env))  # noqa: S102  (the set's own public test)
    except Exception as error:
        return type(error)
    return None


class Result:
    """What a check shows: one sentence (Jupyter displays its ``repr``)."""

    def __init__(self, question: str, message: str | None):
        self.question = question
        self.message = message
        self.passed = message is None

    def __repr__(self) -> str:
        return f"{self.question}: the checks pass." if self.passed else self.message

    def __bool__(self) -> bool:
        return self.passed


class Results(list):
    """The results of :meth:`Checks.check_all`, one line per question."""

    def __repr__(self) -> str:
        return "\n".join(f"{r.question}: the checks pass." if r.passed else f"{r.question}: {r.message}" for r in self)


def _tests_in(path: Path, assignment: str) -> dict | None:
    """The checks stored in a notebook file for ``assignment``, or None."""
    try:
        with open(path, encoding="utf-8") as handle:
            meta = json.load(handle).get("metadata", {}).get("servicelab", {})
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(meta, dict) and meta.get("assignment") == assignment and isinstance(meta.get("checks"), dict):
        return meta["checks"]
    return None


class Checks:
    """The checks of one exercise set (``Checks("ch05")``); ``notebook`` names the file if need be."""

    def __init__(self, assignment: str, notebook: str | os.PathLike | None = None):
        self.assignment = assignment
        self._notebook = notebook
        self._tests: dict | None = None

    def _candidates(self, env: dict[str, Any]) -> list[Path]:
        if self._notebook is not None:
            return [Path(self._notebook)]
        found = []
        session = os.environ.get("JPY_SESSION_NAME")
        if session:
            found += [Path(session), Path(Path(session).name)]
        if isinstance(env.get("__vsc_ipynb_file__"), str):
            found.append(Path(env["__vsc_ipynb_file__"]))
        try:
            here = sorted(Path.cwd().glob("*.ipynb"), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            here = []
        return found + here[:50]

    def _load(self, env: dict[str, Any]) -> dict:
        if self._tests is None:
            for path in self._candidates(env):
                tests = _tests_in(path, self.assignment) if path.suffix == ".ipynb" else None
                if tests is not None:
                    self._tests = tests
                    break
            else:
                raise LookupError(
                    f"The checks could not find this notebook: no notebook of exercise set {self.assignment} in "
                    f"{Path.cwd()}. Keep the notebook in the folder you opened it from, or name it: "
                    f'grader = Checks("{self.assignment}", notebook="your-file.ipynb").'
                )
        return self._tests

    def check(self, question: str, env: dict[str, Any] | None = None) -> Result:
        """Run the public tests of ``question`` against the caller's variables (or ``env``)."""
        env = sys._getframe(1).f_globals if env is None else env
        try:
            tests = self._load(env)
        except LookupError as problem:
            return Result(question, str(problem))
        if question not in tests:
            return Result(question, f"There is no question {question!r} in exercise set {self.assignment}.")
        return Result(question, first_failure(tests[question], env))

    def check_all(self, env: dict[str, Any] | None = None) -> Results:
        """Run the checks of every question, in order."""
        env = sys._getframe(1).f_globals if env is None else env
        try:
            tests = self._load(env)
        except LookupError as problem:
            return Results([Result("checks", str(problem))])
        return Results(Result(q, first_failure(tests[q], env)) for q in tests)
