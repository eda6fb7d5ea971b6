"""Every number a reader sees is inserted from the code, cited, or marked as an assumption.

`tools/prose_numbers.py` reads every page, every notebook's markdown cells, figure captions, alt
text and the literal text of figure titles and labels.  A number typed into the prose that is not
glued (MyST-NB ``glue``), not in a sentence with a ``{cite}``, not marked as an assumption or an
example, and not of an allowed kind (years, single digits, references such as "Chapter 6", names
and codes such as "4Ps" or "A01", the given values of an exercise) fails here, with the file, the
cell or line, the number and its context.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import prose_numbers as pn  # noqa: E402

ALLOW = pn.load_allow()
FILES = pn.book_files(ROOT)


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_no_bare_numbers(path):
    _, findings = pn.check_file(path, ALLOW, ROOT)
    assert not findings, (
        f"{len(findings)} number(s) typed into the prose: glue them from the computation, cite the "
        "source in the same sentence, or say that they are an assumption:\n"
        + "\n".join(f"  {f}" for f in findings)
    )


def test_allow_list_entries_are_still_needed():
    """An allow-list entry whose text no longer occurs in its file is stale."""
    stale = []
    for file, snippets in ALLOW.items():
        path = ROOT / file
        text = " ".join(path.read_text(encoding="utf-8").split()) if path.is_file() else ""
        stale += [f"{file}: {s!r}" for s in snippets if s not in text]
    assert not stale, "stale entries in tests/prose_numbers_allow.yml:\n" + "\n".join(stale)


# ---- the check can fail: planted numbers --------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "The restaurant turns away 28 % of its guests at the peak.",
        "# Pareto: three causes make 80 % of complaints",
        "On 3 March 2025 the new booking system went live.",
        "| branch | calls |\n|---|---|\n| Hangzhou | 1,204 |",
        "The call centre opens at 08:00.",
        "```{solution} ch01-ex-x\n:class: dropdown\n\nAbout 2,750 yuan.\n```",
    ],
)
def test_a_planted_bare_number_is_found(text):
    counts, bare = pn.check_markdown(text)
    assert bare and counts.bare == len(bare), f"missed the number in {text!r}"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("The restaurant turns away {glue:text}`turned_away:.0%` of its guests.", "glued"),
        ("A guest who gets poor service tells 9 to 10 people {cite:p}`standardsslides`.", "cited"),
        ("We assume that 10 % of listeners act on what they hear.", "assumed"),
        ("```{exercise} Idle seats\n:label: ch01-ex-idle\n\nThe restaurant seats 120.\n```", "given"),
        ("Chapter 6 and Section 3.2 use the 4Ps, agent A01 and an M/M/1 queue in 2025.", "allowed"),
        ("Ratings run from 1 to 10; some desks open 24 hours a day.", "allowed"),
        ("The wait is $W = 1/(\\mu - \\lambda)$ and the code is `rng(2026)`.", None),
    ],
)
def test_glued_cited_assumed_given_and_allowed_numbers_pass(text, kind):
    counts, bare = pn.check_markdown(text)
    assert not bare, bare
    if kind:
        assert getattr(counts, kind) >= 1


def test_a_planted_number_in_a_real_notebook_is_found_with_its_cell(tmp_path):
    notebook_path = next(p for p in FILES if p.suffix == ".ipynb" and "chapters" in p.parts)
    target = tmp_path / notebook_path.name
    shutil.copy(notebook_path, target)
    notebook = json.loads(target.read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "markdown")
    notebook["cells"][index]["source"] = ["The peak needs 17 agents.\n"]
    target.write_text(json.dumps(notebook), encoding="utf-8")
    _, findings = pn.check_file(target, {}, tmp_path)
    planted = [f for f in findings if f.number == "17"]
    assert planted and planted[0].where == f"cell {index}"


def test_literal_numbers_in_figure_titles_are_found():
    code = (
        'ax.set_title("Three causes make 80 % of complaints")\n'
        'ax.plot(x, y, label=f"retention {r:.0%}")\n'
        'ax.set_xlabel("Hour of the day")\n'
    )
    texts = pn.figure_strings(code)
    assert texts == ["Three causes make 80 % of complaints", "Hour of the day"]
    assert pn.check_markdown(texts[0])[1]
