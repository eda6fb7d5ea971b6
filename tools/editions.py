"""The public and the instructor edition of the book, from one source (a Sphinx extension).

The exercise sets in ``exercises/`` are instructor notebooks: solutions and hidden tests sit
beside the questions (otter-grader's format, see CONTRIBUTING.md).  This extension decides,
while Sphinx reads each of them, what the reader of the built book sees:

``public`` (the default; ``make book``)
    the student form of every set: the questions, the starting code (each solution line
    replaced as ``otter assign`` replaces it in the student copy, by ``name = ...`` or
    ``...``), a prompt in place of each written answer, and the public checks folded under
    their code toggle.  Hidden tests, written solutions and the outputs of answer cells are
    left out, and these pages are not executed: the outputs shown (those of the set-up
    cells only) come from the committed notebook, which nbval keeps equal to a fresh run.
    The notebook a reader downloads from the page (``_sources/``) is that same student form,
    and the page has no launch buttons (they would open the instructor notebook).

``instructor`` (``make instructor``; ``python tools/editions.py instructor``)
    the instructor notebook with its solutions folded, and folded grading notes after each
    question: its points, how they are split over the tests, and each public or hidden
    test's code and messages.  Each page opens with a
    warning that the edition is not for students.

The in-book exercises of the chapters (sphinx-exercise) are the same in both editions:
their solutions stay folded under a button.

The edition is the Sphinx setting ``book_edition`` (``_config.yml``, ``sphinx: config:``).
``make book`` and the test build pass nothing and get the public edition.  The instructor
edition is built by this file's command line, which runs the same Jupyter Book build with
``book_edition = "instructor"``, into its own folder (default ``_build/instructor/html``),
reading the notebooks' outputs from the public build's jupyter-cache (``_build/.jupyter_cache``,
filled by ``make book`` or ``tools/warm_cache.py``) so that nothing is executed twice.

Launch buttons.  The repository (``repository: url, branch``) and the hub
(``launch_buttons: jupyterhub_url``) are configured in ``_config.yml`` only.  A button whose
target is not configured is not shown: without a repository URL there are no repository,
issue, Binder, Colab or JupyterHub buttons; without a hub URL no JupyterHub button.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import textwrap
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import student  # noqa: E402  (tools/student.py: the parsing of otter's format)

EDITIONS = ("public", "instructor")
DEFAULT_EDITION = "public"

#: The prompt otter assign puts in place of a written solution in the student copy.
WRITTEN_ANSWER_PROMPT = "_Type your answer here, replacing this text._"
#: Tags of the cells the book folds (code toggle) or does not show at all.
FOLD_INPUT, FOLD_CELL, REMOVE = "hide-input", "hide-cell", "remove-cell"

_QUESTION = re.compile(r"^\s*#\s*BEGIN\s+QUESTION\b", re.IGNORECASE)
_HIDDEN = re.compile(r"^\s*#.*\bhidden\b", re.IGNORECASE)

PUBLIC_NOTE = """\
:::{note}
This is the book's public edition of the exercise set: the questions, the starting code and the
public checks. Solutions and the hidden tests used for grading are not part of it. To work on
the set, open the notebook your instructor hands out (it is made with `make student`, see the
instructors' guide), fill in every `...`, and run its checks.
:::"""

INSTRUCTOR_NOTE = """\
:::{warning}
Instructor edition: this page shows the solutions, every test (public and hidden) and grading
notes. Do not publish it where students can read it; the public edition (`make book`) shows the
student form of this set.
:::"""


# --- reading otter's format --------------------------------------------------------------------


def is_exercise_set(notebook) -> bool:
    """True for an instructor notebook in otter's format (first cell: raw ``# ASSIGNMENT CONFIG``)."""
    cells = notebook.get("cells") or []
    return bool(cells) and cells[0].cell_type == "raw" and cells[0].source.lstrip().startswith("# ASSIGNMENT CONFIG")


def _walk(notebook):
    """Every cell with the blocks it sits in and the configuration of its question.

    Yields ``(blocks, question, cell)``: ``blocks`` is the set of open blocks (``QUESTION``,
    ``SOLUTION``, ``TESTS``), ``question`` the YAML of the enclosing ``# BEGIN QUESTION`` cell
    (``None`` outside a question).  Raw cells are yielded too, with the blocks open before them.
    """
    open_blocks: set[str] = set()
    question = None
    for cell in notebook.cells:
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        yield set(open_blocks), question, cell
        if cell.cell_type != "raw":
            continue
        if m := student._BEGIN.match(first):
            open_blocks.add(m.group(1).upper())
            if _QUESTION.match(first):
                question = yaml.safe_load(cell.source.split("\n", 1)[1] if "\n" in cell.source else "") or {}
        elif m := student._END.match(first):
            open_blocks.discard(m.group(1).upper())
            if m.group(1).upper() == "QUESTION":
                question = None


def split_test(source: str) -> tuple[dict, list[str]]:
    """A test cell's configuration (the ``# BEGIN TEST CONFIG`` docstring) and its code lines."""
    config_lines: list[str] = []
    code: list[str] = []
    inside = False
    for line in source.splitlines():
        if student._TEST_CONFIG.search(line):
            inside = not inside
            continue
        (config_lines if inside else code).append(line)
    config = yaml.safe_load("\n".join(config_lines)) if config_lines else {}
    config = config if isinstance(config, dict) else {}
    if code and _HIDDEN.match(code[0]):  # otter's older form: a "# HIDDEN" comment line
        config.setdefault("hidden", True)
    return config, code


def student_code(source: str) -> str:
    """A solution cell as the student copy has it: otter assign's own replacement of solutions."""
    from otter.assign.solutions import remove_ignored_lines, replace_solutions

    return "\n".join(replace_solutions(remove_ignored_lines(source.split("\n")), "python"))


def _tags(cell) -> list[str]:
    return cell.setdefault("metadata", {}).setdefault("tags", [])


def _set_tags(cell, add: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> None:
    tags = [t for t in _tags(cell) if t not in drop]
    tags += [t for t in add if t not in tags]
    if tags:
        cell.metadata["tags"] = tags
    else:
        cell.metadata.pop("tags", None)


def _markdown_cell(source: str, cell_id: str):
    """A new Markdown cell with a fixed id (nbformat draws a random one), so that building an
    edition twice writes the same notebook, the copy readers download included."""
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = re.sub(r"[^A-Za-z0-9_-]", "-", cell_id)[:64]
    return cell


def _note_after_title(cells: list, note: str) -> list:
    """Put ``note`` (a Markdown cell) after the first Markdown cell, the title."""
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            return cells[: index + 1] + [_markdown_cell(note, "edition-note")] + cells[index + 1 :]
    return [_markdown_cell(note, "edition-note")] + cells


def _wrap_comment(text: str) -> list[str]:
    return textwrap.wrap(" ".join(str(text).split()), width=92, initial_indent="# ", subsequent_indent="# ")


# --- the two editions ---------------------------------------------------------------------------


def public_notebook(notebook, note: bool = True):
    """The student form of an instructor notebook, as the public edition shows it.

    Solution code becomes the student's starting code (otter's replacement), written
    solutions become otter's prompt, hidden tests and raw cells are dropped, public tests
    keep their code (folded) and their failure message as a comment.  Only cells outside any
    question keep their outputs.  The page is marked not to be executed.
    """
    out = nbformat.from_dict(copy.deepcopy(dict(notebook)))
    cells = []
    for blocks, _question, cell in _walk(out):
        if cell.cell_type == "raw":
            continue
        if "TESTS" in blocks:
            if cell.cell_type != "code":
                continue
            config, code = split_test(cell.source)
            if config.get("hidden"):
                continue
            message = config.get("failure_message")
            header = ["# A public check" + (": if it fails, it says" if message else ".")]
            if message:
                header += _wrap_comment(message)
            cell.source = "\n".join(header + [line for line in code if line.strip()])
            _set_tags(cell, add=(FOLD_INPUT,), drop=(REMOVE, FOLD_CELL))
        elif "SOLUTION" in blocks:
            if cell.cell_type == "markdown":
                cell = _markdown_cell(WRITTEN_ANSWER_PROMPT, cell.id)  # in the answer's place, with its id
            elif cell.cell_type == "code":
                cell.source = student_code(cell.source)
                _set_tags(cell, drop=(FOLD_CELL, FOLD_INPUT, REMOVE))
        if cell.cell_type == "code" and "QUESTION" in blocks:
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    out.cells = _note_after_title(cells, PUBLIC_NOTE) if note else cells
    # Show the committed outputs; never execute the student form (its code is incomplete).
    out.metadata.setdefault("mystnb", {})["execution_mode"] = "off"
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _them(n: int) -> str:
    return "it" if n == 1 else "them"


def grading_notes(question: dict, tests: list[tuple[dict, list[str]]]) -> str:
    """A folded admonition: a question's points, and each test's code and messages.

    ``tests`` holds each test cell's configuration and code lines (:func:`split_test`).
    """
    name = question.get("name", "?")
    points = question.get("points")
    shown = f"{points:g} point{'s' if points != 1 else ''}" if isinstance(points, (int, float)) else "points not set"
    lines = [f"::::{{admonition}} Grading notes: {name}, {shown}", ":class: note dropdown", ""]
    if question.get("manual"):
        lines.append(
            "Graded by hand: `make grade` leaves this question's points empty (status `manual`) for "
            "you to fill in. The model answer above is one good answer, not the only one."
        )
    elif not tests:
        lines.append("This question has no tests.")
    else:
        hidden = sum(1 for config, _ in tests if config.get("hidden"))
        public = len(tests) - hidden
        split = f" share the {shown}, {points / len(tests):.3g} each" if isinstance(points, (int, float)) else ""
        lines.append(
            f"Graded automatically: {_count(len(tests), 'test')}{split}. "
            f"{_count(public, 'public test')} (the student runs {_them(public)} with `grader.check`), "
            f"{_count(hidden, 'hidden test')} (only `make grade` runs {_them(hidden)})."
        )
        for number, (config, code) in enumerate(tests, start=1):
            said = []
            if config.get("failure_message"):
                said.append(f"when it fails: \u201c{' '.join(str(config['failure_message']).split())}\u201d")
            if config.get("success_message"):
                said.append(f"when it passes: \u201c{' '.join(str(config['success_message']).split())}\u201d")
            kind = "hidden" if config.get("hidden") else "public"
            lines += ["", f"**Test {number}, {kind}.** " + (_sentence("; ".join(said)) if said else "No message.")]
            lines += ["", "```python", *[line for line in code if line.strip()], "```"]
    lines.append("::::")
    return "\n".join(lines)


def instructor_notebook(notebook, note: bool = True):
    """The instructor notebook as the instructor edition shows it.

    Solutions folded (code cells and written answers, as ``tools/student.py --book`` marks
    them) and, after each question, grading notes that show its tests.  The code cells are
    left exactly as they are (their tags too: jupyter-cache hashes cell metadata), so the
    page reads its outputs from the same cache entry as the public build's execution.
    """
    out = nbformat.from_dict(copy.deepcopy(dict(notebook)))
    cells, tests = [], []
    for blocks, question, cell in _walk(out):
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if cell.cell_type == "raw":
            if question is not None and (m := student._END.match(first)) and m.group(1).upper() == "QUESTION":
                cells.append(_markdown_cell(grading_notes(question, tests), f"grading-notes-{question['name']}"))
                tests = []
            continue
        if "TESTS" in blocks and cell.cell_type == "code":
            tests.append(split_test(cell.source))
            _set_tags(cell, add=(REMOVE,))  # shown in the grading notes instead
        elif "SOLUTION" in blocks and cell.cell_type == "code":
            _set_tags(cell, add=(FOLD_CELL,))
        elif "SOLUTION" in blocks and cell.cell_type == "markdown" and not student._DROPDOWN.match(cell.source):
            cell.source = f"::::{{admonition}} A model answer\n:class: dropdown\n\n{cell.source.strip()}\n::::"
        cells.append(cell)
    out.cells = _note_after_title(cells, INSTRUCTOR_NOTE) if note else cells
    return out


def edition_notebook(notebook, edition: str):
    if edition not in EDITIONS:
        raise ValueError(f"edition={edition!r} must be one of {', '.join(EDITIONS)}")
    return public_notebook(notebook) if edition == "public" else instructor_notebook(notebook)


# --- the Sphinx extension ----------------------------------------------------------------------


def _edition(app) -> str:
    return app.config.book_edition


def _check_config(app, config) -> None:
    """Refuse an unknown edition; show only the buttons whose target is configured."""
    from sphinx.errors import ConfigError

    if config.book_edition not in EDITIONS:
        raise ConfigError(
            f"book_edition={config.book_edition!r} must be one of {', '.join(EDITIONS)} "
            "(set in _config.yml under sphinx: config:)"
        )
    options = dict(config.html_theme_options or {})
    repository = str(options.get("repository_url") or "").strip()
    launch = dict(options.get("launch_buttons") or {})
    if repository:
        # The repository and issue buttons follow the repository URL (_config.yml: repository: url).
        options["use_repository_button"] = True
        options["use_issues_button"] = True
    else:
        for key in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
            options[key] = False
        # Binder, Colab and the hub all open a notebook from the repository.
        for key in ("binderhub_url", "colab_url", "jupyterhub_url", "deepnote_url"):
            launch[key] = ""
    for key in ("binderhub_url", "colab_url", "jupyterhub_url", "deepnote_url", "jupyterlite_url"):
        launch[key] = str(launch.get(key) or "").strip()
    options["launch_buttons"] = launch
    if config.book_edition == "instructor":
        options["announcement"] = "Instructor edition: solutions and hidden tests are shown. Do not publish."
    config.html_theme_options = options


_SET_CACHE: dict[tuple[str, float], bool] = {}


def _is_set_file(path: Path) -> bool:
    """Whether the notebook at ``path`` is an exercise set (cached by modification time)."""
    if path.suffix != ".ipynb" or not path.is_file():
        return False
    key = (str(path), path.stat().st_mtime)
    if key not in _SET_CACHE:
        try:
            _SET_CACHE[key] = is_exercise_set(nbformat.read(path, as_version=4))
        except Exception:  # not a notebook Sphinx could read either; it reports that itself
            _SET_CACHE[key] = False
    return _SET_CACHE[key]


def _rewrite(app, docname: str, source: list[str]) -> None:
    """``source-read``: give Sphinx the edition's form of an exercise set."""
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".ipynb":
        return
    try:
        notebook = nbformat.reads(source[0], as_version=4)
    except Exception:
        return  # MyST-NB reports a notebook it cannot read
    if is_exercise_set(notebook):
        source[0] = nbformat.writes(edition_notebook(notebook, _edition(app)))


def _buttons(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Public edition: an exercise set's page gets no launch buttons (they open the instructor notebook)."""
    if _edition(app) != "public" or "header_buttons" not in context:
        return
    if _is_set_file(Path(app.env.doc2path(pagename))):
        context["header_buttons"] = [b for b in context["header_buttons"] if b.get("label") != "launch-buttons"]


def _public_sources(app, exception) -> None:
    """Public edition: the notebook offered for download is the student form, not the source file."""
    if exception is not None or app.builder.format != "html" or _edition(app) != "public":
        return
    sources = Path(app.outdir) / "_sources"
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        if not _is_set_file(path):
            continue
        public = public_notebook(nbformat.read(path, as_version=4), note=False)
        public.metadata.pop("mystnb", None)
        for target in (sources / f"{docname}.ipynb", sources / f"{docname}.ipynb.txt"):
            if target.exists():
                nbformat.write(public, target)


def setup(app) -> dict:
    app.add_config_value("book_edition", DEFAULT_EDITION, "env", [str])
    app.connect("config-inited", _check_config, priority=400)
    app.connect("source-read", _rewrite)
    app.connect("html-page-context", _buttons, priority=700)  # after the theme adds its buttons (501)
    app.connect("build-finished", _public_sources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


# --- building an edition -----------------------------------------------------------------------


def sphinx(builder: str, out: Path, doctrees: Path, overrides: dict | None = None, cache: Path | None = None,
           source: Path = ROOT, toc: Path | None = None, config: Path | None = None,
           warningiserror: bool = True, jobs: int = 1, fresh: bool = False) -> int:
    """One Sphinx build of the book, as Jupyter Book's own (``build_sphinx``), into ``out``; 0 on
    success.  ``overrides`` are Sphinx settings; ``cache`` is the jupyter-cache to read the
    notebooks' outputs from; ``toc`` and ``config`` replace ``_toc.yml`` and ``_config.yml``.
    Used for the instructor edition here and for the translated editions (tools/i18n.py)."""
    from jupyter_book.sphinx import build_sphinx

    settings = {
        "external_toc_path": str((toc or source / "_toc.yml").resolve()),
        "latex_individualpages": False,
        **(overrides or {}),
    }
    if cache is not None:
        settings["nb_execution_cache_path"] = str(cache.resolve())
    result = build_sphinx(
        str(source),
        str(out),
        noconfig=True,
        path_config=str((config or source / "_config.yml").resolve()),
        confoverrides=settings,
        doctreedir=str(doctrees),
        builder=builder,
        warningiserror=warningiserror,
        keep_going=True,
        jobs=jobs,
        freshenv=fresh,
    )
    return 0 if result in (0, None) else 1


def build(edition: str, out: Path, cache: Path | None, source: Path = ROOT, toc: Path | None = None,
          config: Path | None = None, warningiserror: bool = True) -> int:
    """Build ``edition`` of the book into ``out/html`` with Jupyter Book's own build; 0 on success.

    ``cache`` is the jupyter-cache to read the notebooks' outputs from (the public build's);
    ``toc`` and ``config`` replace ``_toc.yml`` and ``_config.yml`` (the tests build the
    exercise sets alone, with a repository configured).
    """
    if edition not in EDITIONS:
        raise SystemExit(f"edition {edition!r} must be one of {', '.join(EDITIONS)}")
    return sphinx("html", out / "html", out / ".doctrees", {"book_edition": edition}, cache,
                  source=source, toc=toc, config=config, warningiserror=warningiserror)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build one edition of the book (make book builds the public one).")
    parser.add_argument("edition", choices=EDITIONS)
    parser.add_argument("--out", type=Path, default=None,
                        help="build folder; the HTML goes to OUT/html (default: _build/<edition>)")
    parser.add_argument("--cache", type=Path, default=ROOT / "_build" / ".jupyter_cache",
                        help="jupyter-cache holding the notebooks' outputs (default: the public build's, _build/.jupyter_cache)")
    parser.add_argument("--toc", type=Path, default=None, help="another table of contents (default: _toc.yml)")
    parser.add_argument("--config", type=Path, default=None, help="another configuration (default: _config.yml)")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "_build" / args.edition
    status = build(args.edition, out, args.cache, toc=args.toc, config=args.config)
    index = out / "html" / "index.html"
    if status == 0 and index.is_file():
        print(f"\nThe {args.edition} edition is built. Open {index.resolve()} in a browser.")
    return status


if __name__ == "__main__":
    sys.exit(main())
