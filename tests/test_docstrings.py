"""Docstrings read well in a terminal: what ``help()`` shows has no bare LaTeX.

Nothing renders the package's docstrings as mathematics: a reader meets them through
``help(servicelab.queues.erlang_c)`` or an editor's tooltip.  So a formula must be readable
as plain text (``W_q = C(c, a) / (c mu - lambda)``).  The rule checked on every public
function, class and module, as ``pydoc.render_doc(..., renderer=pydoc.plaintext)`` shows it:

- no inline ``:math:`...``` role;
- no LaTeX command (a backslash followed by letters, such as ``\\frac`` or ``\\lambda``),
  except inside a ``.. math::`` block that is followed by a plain-text version of the same
  formula (a ``::`` literal block with no LaTeX in it).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import pydoc
import re

import pytest

import servicelab

LATEX = re.compile(r"\\[A-Za-z]+")


def public_modules() -> list[str]:
    names = []
    for info in pkgutil.iter_modules(servicelab.__path__):
        if not info.name.startswith("_") and not info.ispkg:
            names.append(f"servicelab.{info.name}")
    return sorted(names)


def problems(text: str) -> list[str]:
    """Lines of rendered help that break the rule, with their line numbers."""
    found = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = re.match(r"^(\s*)\.\. math::\s*$", line)
        if directive:
            indent = len(directive.group(1))
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
                j += 1
            # The block must be followed by a plain-text formula: a "::" line and an indented block without LaTeX.
            k = j
            while k < len(lines) and not lines[k].strip():
                k += 1
            plain = k < len(lines) and lines[k].rstrip().endswith("::")
            if plain:
                body = []
                m = k + 1
                while m < len(lines) and (not lines[m].strip() or len(lines[m]) - len(lines[m].lstrip()) > indent):
                    body.append(lines[m])
                    m += 1
                plain = any(b.strip() for b in body) and not any(LATEX.search(b) for b in body)
            if not plain:
                found.append(f"line {i + 1}: '.. math::' block without a plain-text formula after it")
            i = j
            continue
        if ":math:" in line:
            found.append(f"line {i + 1}: inline :math: role: {line.strip()}")
        elif LATEX.search(line):
            found.append(f"line {i + 1}: LaTeX outside a paired '.. math::' block: {line.strip()}")
        i += 1
    return found


def documented_objects():
    for name in public_modules():
        module = importlib.import_module(name)
        yield name, module
        for attribute in getattr(module, "__all__", []):
            obj = getattr(module, attribute)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{name}.{attribute}", obj


@pytest.mark.parametrize(("name", "obj"), list(documented_objects()), ids=lambda x: x if isinstance(x, str) else "")
def test_help_text_has_no_bare_latex(name, obj):
    text = pydoc.render_doc(obj, renderer=pydoc.plaintext)
    assert problems(text) == [], f"{name}:\n" + "\n".join(problems(text))


def test_every_public_function_has_a_docstring_with_an_example_or_a_formula():
    missing = [name for name, obj in documented_objects() if not inspect.getdoc(obj)]
    assert missing == []


def test_the_check_catches_what_it_should():
    # Planted faults: each of these must be reported, and the good forms must pass.
    assert problems("Offered load :math:`a = \\lambda / \\mu`.")
    assert problems("    W_q = \\frac{C}{c\\mu - \\lambda}")
    assert problems(".. math::\n\n    W = \\frac{1}{\\mu}\n\nThat is the mean.")
    assert problems(".. math::\n\n    W = \\frac{1}{\\mu}\n\n::\n\n    W = \\frac{1}{mu}")
    assert not problems(".. math::\n\n    W = \\frac{1}{\\mu}\n\nIn plain text::\n\n    W = 1 / mu")
    assert not problems("Offered load a = lambda / mu, in erlangs.\n\n::\n\n    W_q = C(c, a) / (c mu - lambda)")
