"""The two editions: the public book never shows a solution or a hidden test; the instructor's does.

``tools/editions.py`` rewrites each exercise set while Sphinx reads it: the public edition
(``make book``) gets its student form, the instructor edition (``make instructor``) the
solutions and grading notes.  Checked here:

- the rewriting itself, on every exercise set, without a build: what the student form keeps
  and drops, that it is valid Python, that solution lines are replaced as otter assign's
  student copy replaces them, and that the instructor form leaves code cells (and so the
  jupyter-cache entry) untouched;
- the leak test, on built HTML: every solution line (``tools/student.py``'s
  ``secret_lines``) and every line of every hidden test is absent from every text file of the
  public site (pages, downloadable sources, search index), after HTML-unescaping and
  whitespace normalisation, and present in the instructor edition's page of that set, so the
  search provably finds what it looks for;
- launch buttons: none without a configured repository; with one, the configured repository,
  branch and hub, and none on the public edition's exercise sets (they would open the
  instructor notebook);
- the Colab cell (``tools/colab_cell.py``): silent and without effect outside Colab, the right
  ``pip install`` on Colab, one per notebook, up to date with ``_config.yml``.
"""

from __future__ import annotations

import ast
import html
import io
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import colab_cell  # noqa: E402  (tools/colab_cell.py)
import editions  # noqa: E402  (tools/editions.py)
import student  # noqa: E402  (tools/student.py)

SETS = sorted((ROOT / "exercises").glob("ch[0-9][0-9].ipynb"))
#: A repository and hub for the build with launch buttons (never contacted: links only).
REPOSITORY = "https://github.com/example-org/customer-service-book"
BRANCH = "term-2026"
HUB = "https://hub.example.org"


def _read(path: Path):
    return nbformat.read(path, as_version=4)


# --- what "a leak" means ------------------------------------------------------------------------

#: Typography Sphinx applies to prose (smart quotes, dashes, ellipsis) mapped back to ASCII.
_TYPOGRAPHY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "--",
                             "\u2014": "---", "\u2026": "...", "\u00a0": " "})
_TAG = re.compile(r"<[^>]+>")
#: Lines of MyST markup, not text: the dropdown around a written solution.
_MARKUP_LINE = re.compile(r"^\s*(:{3,}|`{3,}|:[\w-]+:)")


def normalise(text: str) -> str:
    """Text as compared: entities decoded, typography undone, emphasis marks and all whitespace removed."""
    text = html.unescape(text).translate(_TYPOGRAPHY)
    return re.sub(r"\s+", "", text.replace("*", "").replace("`", ""))


def page_text(raw: str) -> str:
    """Everything a file says, for the search: JSON escapes undone, tags removed, then normalised."""
    raw = raw.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
    return normalise(_TAG.sub("", raw))


def hidden_test_lines(notebook) -> list[str]:
    """The code lines of every hidden test (its assert lines; the configuration docstring aside)."""
    lines = []
    for blocks, _question, cell in editions._walk(notebook):
        if "TESTS" in blocks and cell.cell_type == "code":
            config, code = editions.split_test(cell.source)
            if config.get("hidden"):
                lines += [line.strip() for line in code if line.strip()]
    return lines


def needles(notebook) -> list[str]:
    """What must never reach a student: solution lines and hidden tests, normalised (8 characters or more)."""
    found = []
    for line in student.secret_lines(notebook) + hidden_test_lines(notebook):
        if _MARKUP_LINE.match(line):
            continue
        text = normalise(line)
        if len(text) >= 8 and text not in found:
            found.append(text)
    return found


def leaks(text: str, notebook, wanted: list[str] | None = None) -> list[str]:
    """The needles of ``notebook`` found in ``text`` (``wanted``: its needles, if already made)."""
    return [needle for needle in (needles(notebook) if wanted is None else wanted) if needle in text]


def test_every_set_has_solution_lines_and_hidden_tests_to_look_for():
    for path in SETS:
        notebook = _read(path)
        assert len(hidden_test_lines(notebook)) >= 4, f"{path.name}: too few hidden test lines found"
        assert len(needles(notebook)) >= 10, f"{path.name}: only {len(needles(notebook))} lines to look for"


def test_the_search_finds_a_planted_solution_through_html_and_typography():
    """A solution line survives as HTML (tags, entities, smart quotes): the search still sees it."""
    notebook = _read(ROOT / "exercises" / "ch02.ipynb")
    secret = next(line for line in student.secret_lines(notebook) if '"' in line)
    escaped = html.escape(secret).replace(" ", ' <span class="w"> </span>')
    page = f"<p>{escaped.replace('&quot;', '&#8220;', 1)}</p>"
    assert leaks(page_text(page), notebook), f"the planted line {secret!r} was not found in {page!r}"
    assert not leaks(page_text("<p>value_gap = ...</p>"), notebook)


# --- the student form and the instructor form, without a build ----------------------------------


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_public_form_has_no_solution_and_no_hidden_test(path):
    notebook = _read(path)
    public = editions.public_notebook(notebook)
    text = normalise(nbformat.writes(public).replace('\\"', '"').replace("\\n", "\n"))
    assert not leaks(text, notebook)
    assert not [c for c in public.cells if c.cell_type == "raw"], "raw cells (otter's markers) left in"
    assert public.metadata["mystnb"]["execution_mode"] == "off", "the student form must not be executed"
    for number, cell in enumerate(public.cells):
        if cell.cell_type == "code":
            ast.parse(cell.source)  # valid Python, placeholders and all
    # Outputs only before the first question (the set-up cell's table), none after.
    first_question = next(i for i, c in enumerate(public.cells) if c.cell_type == "markdown" and "**Question" in c.source)
    assert not [c for c in public.cells[first_question:] if c.cell_type == "code" and c.get("outputs")]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_public_form_keeps_questions_starting_code_and_public_checks(path):
    notebook = _read(path)
    public = editions.public_notebook(notebook)
    questions = student.questions(notebook)
    prompts = [c for c in public.cells if c.cell_type == "markdown" and re.search(r"\*\*Question \d+", c.source)]
    assert len(prompts) == len(questions), "every question's text is shown"
    written = [c for c in public.cells if c.source == editions.WRITTEN_ANSWER_PROMPT]
    assert len(written) == sum(q["manual"] for q in questions), "a prompt in place of each written answer"
    public_tests = sum(
        1 for blocks, _q, c in editions._walk(notebook)
        if "TESTS" in blocks and c.cell_type == "code" and not editions.split_test(c.source)[0].get("hidden")
    )
    checks = [c for c in public.cells if c.cell_type == "code" and c.source.startswith("# A public check")]
    assert len(checks) == public_tests and all(editions.FOLD_INPUT in c.metadata["tags"] for c in checks)
    assert any(c.cell_type == "code" and "..." in c.source for c in public.cells), "starting code with placeholders"


def test_solution_lines_are_replaced_as_in_the_student_copy():
    """Expected value: otter-grader's documented rule, ``name = value  # SOLUTION`` becomes ``name = ...``,
    a ``# BEGIN SOLUTION`` block one ``...``; lines without a marker stay."""
    source = (
        'hangzhou = demand[demand["branch"] == "Hangzhou"]  # SOLUTION\n'
        'answers["a"] = "process"  # SOLUTION\n'
        "# BEGIN SOLUTION\nbest = max(profit, key=profit.get)\n# END SOLUTION\n"
        "best"
    )
    assert editions.student_code(source) == 'hangzhou = ...\nanswers["a"] = ...\n...\nbest'
    ch02 = editions.public_notebook(_read(ROOT / "exercises" / "ch02.ipynb"))
    assert "leisure_mean = ...\nbusiness_mean = ...\nvalue_gap = ...\nvalue_gap" in [c.source for c in ch02.cells]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_instructor_form_shows_grading_notes_and_keeps_code_cells(path):
    from jupyter_cache.cache.main import JupyterCacheBase

    notebook = _read(path)
    instructor = editions.instructor_notebook(notebook)
    notes = [c.source for c in instructor.cells if c.cell_type == "markdown" and "Grading notes:" in c.source]
    questions = student.questions(notebook)
    assert len(notes) == len(questions)
    for question, note in zip(questions, notes):
        assert f"Grading notes: {question['name']}, {question['points']:g} point" in note
    text = normalise("\n".join(notes))
    assert all(normalise(line) in text for line in hidden_test_lines(notebook)), "every hidden test is in the notes"
    # Same code cells, same cell metadata: the jupyter-cache entry of the public build is reused.
    cache = JupyterCacheBase(str(ROOT / "_build" / "unused-cache"))
    assert cache.create_hashed_notebook(instructor)[1] == cache.create_hashed_notebook(notebook)[1]


@pytest.mark.parametrize("edition", ["public", "instructor"])
def test_an_edition_is_the_same_notebook_every_time(edition):
    """Building an edition twice gives the same file (nbformat draws a random id for a new cell,
    so the notes and prompts an edition adds carry fixed ids), and a valid one: ids unique."""
    notebook = _read(SETS[0])
    first, second = (nbformat.writes(editions.edition_notebook(notebook, edition)) for _ in range(2))
    assert first == second
    made = nbformat.reads(first, as_version=4)
    nbformat.validate(made)
    ids = [cell.id for cell in made.cells]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


def test_an_unknown_edition_is_refused():
    with pytest.raises(ValueError, match="edition='teacher' must be one of public, instructor"):
        editions.edition_notebook(_read(SETS[0]), "teacher")


def test_other_notebooks_are_not_exercise_sets():
    chapter = next((ROOT / "chapters").glob("ch01-*/0*.ipynb"))
    assert not editions.is_exercise_set(_read(chapter))
    assert all(editions.is_exercise_set(_read(p)) for p in SETS)


# --- launch buttons, without a build -------------------------------------------------------------


def _config(url="", hub="", edition="public"):
    options = {"repository_url": url, "repository_branch": BRANCH,
               "launch_buttons": {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.research.google.com",
                                  "jupyterhub_url": hub, "notebook_interface": "jupyterlab"}}
    return SimpleNamespace(book_edition=edition, html_theme_options=options)


def test_no_repository_means_no_repository_or_launch_buttons():
    config = _config()
    editions._check_config(None, config)
    options = config.html_theme_options
    assert options["use_repository_button"] is False and options["use_issues_button"] is False
    assert not any(options["launch_buttons"][k] for k in ("binderhub_url", "colab_url", "jupyterhub_url"))


def test_a_configured_repository_turns_its_buttons_on_and_an_empty_hub_stays_off():
    config = _config(url=REPOSITORY)
    editions._check_config(None, config)
    options = config.html_theme_options
    assert options["use_repository_button"] is True
    assert options["launch_buttons"]["colab_url"] and options["launch_buttons"]["jupyterhub_url"] == ""


def test_an_unknown_edition_in_the_configuration_stops_the_build():
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="book_edition='draft'"):
        editions._check_config(None, _config(edition="draft"))


def test_public_exercise_pages_lose_their_launch_buttons():
    app = SimpleNamespace(config=SimpleNamespace(book_edition="public"),
                          env=SimpleNamespace(doc2path=lambda name: ROOT / f"{name}.ipynb"))
    buttons = [{"label": "download-buttons"}, {"label": "launch-buttons"}]
    for page, kept in (("exercises/ch01", ["download-buttons"]),
                       ("chapters/ch01-introduction/01-perishability", ["download-buttons", "launch-buttons"])):
        context = {"header_buttons": list(buttons)}
        editions._buttons(app, page, "page.html", context, None)
        assert [b["label"] for b in context["header_buttons"]] == kept, page
    app.config.book_edition = "instructor"
    context = {"header_buttons": list(buttons)}
    editions._buttons(app, "exercises/ch01", "page.html", context, None)
    assert len(context["header_buttons"]) == 2


# --- the built editions -----------------------------------------------------------------------


def _site_text(html_dir: Path) -> dict[str, str]:
    """Every text file a reader of the site can fetch (pages, sources, search index), searchable."""
    texts = {}
    for path in sorted(html_dir.rglob("*")):
        relative = path.relative_to(html_dir)
        if not path.is_file() or relative.parts[0] == "_static" or path.suffix not in {".html", ".js", ".json", ".txt", ".ipynb", ".md"}:
            continue
        texts[str(relative)] = page_text(path.read_text(encoding="utf-8", errors="replace"))
    return texts


@pytest.fixture(scope="module")
def public_html(request) -> Path:
    from site_pages import site_html

    return site_html(request)


def taught_in_the_chapters() -> str:
    """The normalised text of every page that is not an exercise set: what the book shows openly.

    A solution line that a chapter's notebook also prints (``before = checkins[...]``, say) is
    no secret of the set; the site-wide search leaves it out.  The set's own page and
    downloadable notebook are still searched for every line.
    """
    from toc import documents

    texts: list[str] = []
    for doc in documents(ROOT):
        if doc.startswith("exercises/"):
            continue
        for suffix in (".ipynb", ".md"):
            path = ROOT / f"{doc}{suffix}"
            if path.suffix == ".ipynb" and path.is_file():
                text = "\n".join(c.source for c in _read(path).cells)
            elif path.is_file():
                text = path.read_text(encoding="utf-8")
            else:
                continue
            texts.append(normalise(text))
    return "\n".join(texts)


@pytest.mark.book
def test_public_site_has_no_solution_and_no_hidden_test(public_html):
    texts = _site_text(public_html)
    assert any(name.startswith("exercises/") for name in texts), "the exercise sets are missing from the build"
    assert "_sources/exercises/ch01.ipynb" in texts, "the downloadable notebook of a set should be checked too"
    taught = taught_in_the_chapters()
    found, shared = [], set()
    for path in SETS:
        notebook = _read(path)
        wanted = needles(notebook)  # once per set, not once per file of the site
        own = {f"exercises/{path.stem}.html", f"_sources/exercises/{path.stem}.ipynb"}
        for name, text in texts.items():
            for needle in leaks(text, notebook, wanted):
                if name in own or needle not in taught:
                    found.append(f"{name}: {needle[:70]}")
                else:
                    shared.add(f"{path.stem}: {needle[:70]}")
    if shared:
        print(f"{len(shared)} solution line(s) also printed by a chapter page (not counted):\n" + "\n".join(sorted(shared)))
    assert not found, f"{len(found)} solution or hidden-test line(s) in the public edition:\n" + "\n".join(found[:40])


@pytest.mark.book
def test_public_sets_show_their_questions_and_the_edition_note(public_html):
    page = page_text((public_html / "exercises" / "ch02.html").read_text(encoding="utf-8"))
    assert normalise("This is the book's public edition of the exercise set") in page
    assert normalise("value_gap = ...") in page
    downloaded = _read(public_html / "_sources" / "exercises" / "ch02.ipynb")
    assert "mystnb" not in downloaded.metadata and not editions.is_exercise_set(downloaded)


@pytest.mark.book
def test_public_site_without_a_repository_has_no_launch_or_repository_buttons(public_html):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    if (config.get("repository") or {}).get("url"):
        pytest.skip("_config.yml names a repository: its buttons are checked by the instructor build")
    for page in [public_html / "exercises" / "ch01.html", next((public_html / "chapters").glob("ch01-*/01-*.html"))]:
        text = page.read_text(encoding="utf-8")
        assert "launch-buttons" not in text and "repository-button" not in text, f"{page.name} shows a button without a target"
        assert "hub.example.edu" not in text and "servicelab-book/customer-service" not in text


@pytest.fixture(scope="module")
def instructor_html(public_html, tmp_path_factory) -> Path:
    """The instructor edition of the exercise sets, built as `make instructor` builds it.

    To stay quick it builds the exercise sets alone (a table of contents of just them) and
    reads their outputs from the public build's jupyter-cache.  Its configuration names a
    repository, a branch and a hub, so the launch buttons are checked here too.
    """
    out = tmp_path_factory.mktemp("instructor")
    # The sets link to the primer's sections ("Pandas you will use here"), and the primer to the
    # firm's page, which cites the bibliography: all three come along.
    names = [f"exercises/{p.stem}" for p in SETS] + ["book/primer", "book/mirror-lake", "book/references"]
    toc = out / "_toc.yml"
    toc.write_text(yaml.safe_dump({"format": "jb-book", "root": names[0],
                                   "chapters": [{"file": n} for n in names[1:]]}), encoding="utf-8")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["repository"].update(url=REPOSITORY, branch=BRANCH)
    config["launch_buttons"]["jupyterhub_url"] = HUB
    # Extension folders are resolved from the configuration file's folder: make them absolute.
    config["sphinx"]["local_extensions"] = {k: str(ROOT / v) for k, v in config["sphinx"]["local_extensions"].items()}
    config_file = out / "_config.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    command = [sys.executable, str(ROOT / "tools" / "editions.py"), "instructor", "--out", str(out / "build"),
               "--cache", str(public_html.parent / ".jupyter_cache"), "--toc", str(toc), "--config", str(config_file)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    (out / "build.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        pytest.fail(f"instructor build failed (exit {result.returncode}); log in {out / 'build.log'}\n{tail}")
    return out / "build" / "html"


@pytest.mark.book
@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_instructor_edition_shows_every_solution_line_and_hidden_test(instructor_html, path):
    """The same search that finds nothing in the public site finds every line here."""
    page = page_text((instructor_html / "exercises" / f"{path.stem}.html").read_text(encoding="utf-8"))
    notebook = _read(path)
    missing = [needle for needle in needles(notebook) if needle not in page]
    assert not missing, f"{len(missing)} line(s) not found in the instructor page:\n" + "\n".join(missing[:20])
    assert normalise("Grading notes:") in page and normalise("Instructor edition") in page


@pytest.mark.book
def test_instructor_edition_launch_buttons_use_the_configured_repository_and_hub(instructor_html):
    text = html.unescape((instructor_html / "exercises" / "ch01.html").read_text(encoding="utf-8"))
    org_repo = REPOSITORY.split("github.com/")[1]
    assert f"https://colab.research.google.com/github/{org_repo}/blob/{BRANCH}/exercises/ch01.ipynb" in text
    assert f"https://mybinder.org/v2/gh/{org_repo}/{BRANCH}" in text
    assert f"{HUB}/hub/user-redirect/git-pull?" in text and f"branch={BRANCH}" in text
    assert REPOSITORY in text, "the repository button"


# --- the Colab cell -----------------------------------------------------------------------------


def _run_cell(source: str) -> tuple[str, dict]:
    namespace: dict = {}
    printed = io.StringIO()
    with redirect_stdout(printed):
        exec(compile(source, "<colab cell>", "exec"), namespace)
    namespace.pop("__builtins__", None)
    return printed.getvalue(), namespace


@pytest.mark.parametrize("url", [REPOSITORY, ""])
def test_colab_cell_does_nothing_outside_colab(url):
    assert "google.colab" not in sys.modules
    source = colab_cell.cell_source(url=url, branch="main", version="0.1.0")
    printed, namespace = _run_cell(source)
    assert printed == "" and namespace == {}, "no output and no names left behind (nbval compares outputs)"


def test_colab_cell_installs_the_books_version_on_colab(monkeypatch):
    import importlib.util
    import types

    calls = []
    google, colab = types.ModuleType("google"), types.ModuleType("google.colab")
    google.__path__, google.colab = [], colab
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: calls.append(command) or SimpleNamespace(returncode=0))
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "servicelab" else real(name, *a))
    printed, _ = _run_cell(colab_cell.cell_source(url=REPOSITORY, branch=BRANCH, version="0.1.0"))
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet", f"servicelab @ git+{REPOSITORY}@v0.1.0"]]
    assert printed.strip() == f"installed servicelab @ git+{REPOSITORY}@v0.1.0"
    # Without a configured repository it says so, on Colab only.
    with pytest.raises(RuntimeError, match="repository is not configured"):
        _run_cell(colab_cell.cell_source(url="", branch="main", version="0.1.0"))


def test_colab_cell_goes_first_once_and_after_otters_config(tmp_path):
    source = colab_cell.cell_source(**colab_cell.settings())
    chapter = _read(next((ROOT / "chapters").glob("ch01-*/01-*.ipynb")))
    exercise = _read(ROOT / "exercises" / "ch01.ipynb")
    for notebook, position in ((chapter, 0), (exercise, 1)):
        colab_cell.refresh(notebook, "old code")
        assert colab_cell.status(notebook, source) == "stale"
        colab_cell.refresh(notebook, source)
        colab_cell.refresh(notebook, source)
        marked = [i for i, c in enumerate(notebook.cells) if colab_cell.is_colab_cell(c)]
        assert marked == [position] and colab_cell.status(notebook, source) == "current"
        assert notebook.cells[position].metadata["tags"] == ["remove-cell"]
    assert exercise.cells[0].source.startswith("# ASSIGNMENT CONFIG")


def test_notebooks_with_a_colab_cell_have_the_current_one():
    """After a change of repository, branch or version: python tools/colab_cell.py."""
    source = colab_cell.cell_source(**colab_cell.settings())
    with_cell = []
    for path in colab_cell.notebooks([]):
        notebook = _read(path)
        if any(colab_cell.is_colab_cell(c) for c in notebook.cells):
            with_cell.append(path.relative_to(ROOT).as_posix())
            assert colab_cell.status(notebook, source) == "current", f"{path}: run python tools/colab_cell.py"
    assert "exercises/ch02.ipynb" in with_cell


# --- Binder ---------------------------------------------------------------------------------------


def test_binder_installs_the_pinned_environment_and_the_package():
    """repo2docker reads binder/: the same pins as make install, the package, the same Python."""
    lines = [line.strip() for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    included = [line.split(None, 1)[1] for line in lines if line.startswith("-r ")]
    assert [(ROOT / "binder" / path).resolve() for path in included] == [ROOT / "requirements.txt"]
    pinned = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^-e \.$", pinned, re.M) and re.search(r"^jupyterlab_myst==", pinned, re.M)
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", (
        f"binder/runtime.txt says {runtime}; the book is built and tested with Python {sys.version.split()[0]}"
    )


@pytest.mark.parametrize("path", colab_cell.notebooks([]), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_notebook_has_the_current_colab_cell(path):
    # Issue 14: every notebook's hidden first cell installs the book's package on Colab; a new or
    # edited notebook without it (or with one out of date with _config.yml) fails here:
    # run `python tools/colab_cell.py`.
    notebook = nbformat.read(path, as_version=4)
    assert colab_cell.status(notebook, colab_cell.cell_source(**colab_cell.settings())) == "current"
