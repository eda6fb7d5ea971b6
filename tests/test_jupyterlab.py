"""The notebooks in JupyterLab (``make lab``): the book's MyST reads as it does in the HTML.

Without help, JupyterLab shows MyST markup as text: an in-book exercise appears as
``:label: ...`` and ``:class: dropdown`` lines with its solution in plain sight.  The
jupyterlab-myst extension (pinned in requirements.txt) renders it.  Here JupyterLab runs from
the book's environment on 127.0.0.1 with a token, on copies of two notebooks in a temporary
folder (so nothing can be saved into the repository), and headless Chromium opens:

- a chapter notebook with an in-book exercise and its folded solution, maths and citations
  (``chapters/ch01-introduction/03-customer-value.ipynb``);
- an exercise set, whose written answers sit in dropdown admonitions (``exercises/ch01.ipynb``).

For each, every Markdown cell must have been rendered, and no raw directive text
(``:label:``, ``:class:``, ``{exercise}``, a fence such as ``` ```{ ``` or ``:::{``) may be visible;
a folded solution stays hidden until its toggle is clicked.  The same check on a JupyterLab
with the extension disabled finds the raw text, so it can fail.  Screenshots go to
``_build/artifacts/jupyterlab-*.png``.

No chapter notebook has both an in-book exercise and an admonition, hence the two notebooks.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from site_pages import ARTIFACTS, ROOT, in_ci

pytestmark = pytest.mark.slow

CHAPTER = "chapters/ch01-introduction/03-customer-value.ipynb"
EXERCISE_SET = "exercises/ch01.ipynb"
#: Raw MyST that must never be visible once the extension renders the cells.
RAW_MYST = re.compile(r"^\s*:(label|class):|```\{|:::\{|\{(exercise|solution|admonition)\}", re.MULTILINE)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
#: The solution of the chapter notebook's exercise begins with this sentence (hidden while folded).
SOLUTION_START = "value.gesture_break_even(600 * 0.3, 0.7, 10"


def _missing(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (the JupyterLab test must run in CI)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings(folder: Path) -> None:
    """A fresh user: every cell in the page (no windowing), no autosave, no news or update checks."""
    values = {
        "notebook-extension/tracker": {"windowingMode": "none"},
        "docmanager-extension/plugin": {"autosave": False},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    for name, content in values.items():
        plugin, file = name.split("/")
        target = folder / "@jupyterlab" / plugin / f"{file}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(content), encoding="utf-8")


def start_lab(work: Path, myst: bool = True):
    """JupyterLab from this environment on copies of the two notebooks; returns (process, base URL, token)."""
    jupyter = Path(sys.executable).parent / "jupyter"
    if not jupyter.exists():
        _missing("jupyter is not installed in this environment (pip install -r requirements.txt)")
    notebooks = work / "notebooks"
    for relative in (CHAPTER, EXERCISE_SET):
        (notebooks / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, notebooks / relative)
    _settings(work / "settings")
    config = work / "config"
    if not myst:  # the planted fault: the same JupyterLab without the MyST renderer
        (config / "labconfig").mkdir(parents=True, exist_ok=True)
        (config / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": {"jupyterlab-myst": True}}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTERLAB_SETTINGS_DIR=str(work / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(work / "runtime"), JUPYTER_CONFIG_DIR=str(config))
    port, token = _free_port(), secrets.token_hex(16)
    command = [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={notebooks}", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI runs as root
    log = (work / "lab.log").open("w")
    process = subprocess.Popen(command, cwd=notebooks, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab stopped (exit {process.returncode}):\n{(work / 'lab.log').read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            return process, base, token
        except OSError:
            time.sleep(0.5)
    process.terminate()
    pytest.fail(f"JupyterLab did not answer within 120 s:\n{(work / 'lab.log').read_text()[-3000:]}")


def stop_lab(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def chromium():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        _missing("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - pinned in requirements.txt
        _missing("Playwright for Python is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    process, base, token = start_lab(tmp_path_factory.mktemp("lab"))
    yield base, token
    stop_lab(process)


MARKDOWN_TEXT = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .jp-Cell-inputWrapper'))
    .map(cell => cell.innerText)"""

ALL_RENDERED = """() => {
  const cells = Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell'));
  return cells.length > 0 && cells.every(cell => {
    const out = cell.querySelector('.myst, .jp-MarkdownOutput');
    return out && out.innerText.trim().length > 0;
  });
}"""


def open_notebook(browser, base: str, token: str, relative: str):
    """Open a notebook in JupyterLab and wait until every Markdown cell is rendered; returns the page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # JupyterLab talks only to its own server here; anything else is refused.
    context.route(re.compile("^(?!" + re.escape(base) + "/)"), lambda route: route.abort())
    page = context.new_page()
    # A workspace of its own (reset), so that no notebook opened earlier is restored beside it.
    page.goto(f"{base}/lab/workspaces/{Path(relative).stem}-{secrets.token_hex(4)}/tree/{relative}?reset&token={token}",
              wait_until="load", timeout=90000)
    page.wait_for_selector(".jp-NotebookPanel .jp-MarkdownCell", timeout=90000)
    page.wait_for_function(ALL_RENDERED, timeout=90000)
    page.wait_for_timeout(500)
    return page


def markdown_text(page) -> str:
    """The visible text of the notebook's Markdown cells (no-break spaces as spaces)."""
    return "\n".join(page.evaluate(MARKDOWN_TEXT)).replace("\u00a0", " ")


def raw_myst(page) -> list[str]:
    """Lines of raw MyST visible in the notebook's Markdown cells."""
    return [line.strip() for line in markdown_text(page).splitlines() if RAW_MYST.search(line)]


def _screenshot(page, name: str, anchor: str | None = None) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if anchor:
        page.locator(".jp-MarkdownCell", has_text=anchor).first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    out = ARTIFACTS / f"jupyterlab-{name}.png"
    page.screenshot(path=str(out))
    return out


def test_chapter_notebook_renders_exercise_solution_and_maths(chromium, lab):
    base, token = lab
    page = open_notebook(chromium, base, token, CHAPTER)
    try:
        assert not raw_myst(page), f"raw MyST visible in JupyterLab: {raw_myst(page)[:10]}"
        text = markdown_text(page)
        assert "Exercise 1 (A budget for putting things right)" in text, "the exercise is not rendered as one"
        assert "Solution to Exercise 1" in text
        assert SOLUTION_START not in text, "the solution should be folded until the reader opens it"
        assert page.locator(".jp-MarkdownCell .katex, .jp-MarkdownCell mjx-container").count() > 0, "maths not typeset"
        shot = _screenshot(page, "exercise", anchor="Solution to Exercise 1")
        assert shot.stat().st_size > 20_000
        page.get_by_text("Solution to Exercise 1").first.click()
        page.wait_for_timeout(500)
        assert SOLUTION_START in markdown_text(page), "the folded solution does not open"
        _screenshot(page, "exercise-solution-open", anchor="Solution to Exercise 1")
    finally:
        page.context.close()


def test_exercise_set_renders_its_dropdown_answers(chromium, lab):
    base, token = lab
    page = open_notebook(chromium, base, token, EXERCISE_SET)
    try:
        assert not raw_myst(page), f"raw MyST visible in JupyterLab: {raw_myst(page)[:10]}"
        text = markdown_text(page)
        assert "A model answer" in text and "Question 1" in text
        _screenshot(page, "exercise-set", anchor="A model answer")
    finally:
        page.context.close()


def test_without_the_extension_the_raw_markup_shows(chromium, tmp_path):
    """The planted fault: JupyterLab's own Markdown renderer shows the directives as text."""
    process, base, token = start_lab(tmp_path, myst=False)
    try:
        page = open_notebook(chromium, base, token, CHAPTER)
        try:
            found = raw_myst(page)
            _screenshot(page, "without-myst", anchor="ch01-ex-recovery-budget")
        finally:
            page.context.close()
    finally:
        stop_lab(process)
    assert ":label: ch01-ex-recovery-budget" in found and ":class: dropdown" in found, found
