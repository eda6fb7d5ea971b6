"""Build the whole book with warnings as errors and check that its pages are there.

The build reads every notebook's outputs from the run's warm cache (conftest.py: the
notebooks are executed once per run, before the build), so it must execute none itself.
"""

from pathlib import Path

import pytest

from toc import documents

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.book


def test_build_has_a_page_for_every_toc_entry(built_book):
    assert (built_book / "index.html").is_file()
    missing = [d for d in documents(ROOT) if not (built_book / f"{d}.html").is_file()]
    assert not missing, f"pages missing from the build: {missing}"


def test_chapter_one_pages_show_their_figures(built_book):
    pages = sorted((built_book / "chapters" / "ch01-introduction").glob("0*.html"))
    assert len(pages) >= 3, "Chapter 1 should have at least three notebooks"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<figure" in html and "<img" in html, f"{page.name} shows no figure"
        images = [part.split('"')[0] for part in html.split('<img src="')[1:]]
        for src in images:
            assert (page.parent / src).resolve().is_file(), f"{page.name}: image {src} is missing"


def test_glossary_and_references_render(built_book):
    glossary = (built_book / "book" / "glossary.html").read_text(encoding="utf-8")
    assert "不可储存性" in glossary and "Perishability" in glossary
    references = (built_book / "book" / "references.html").read_text(encoding="utf-8")
    assert "Maister" in references


def test_build_executed_no_notebook_itself(built_book):
    """The notebooks run once per test run, in parallel, before the build; the build only reads them.

    MyST-NB logs "Executing notebook" for a notebook it finds no cached outputs for (and "Using
    cached notebook" for the others), so a line of the first kind means a notebook ran twice.
    """
    log = (built_book.parent.parent / "build.log").read_text(encoding="utf-8")
    executed = [line for line in log.splitlines() if "Executing notebook" in line]
    cached = [line for line in log.splitlines() if "Using cached notebook" in line]
    assert not executed, "the build executed notebooks the cache should have held:\n" + "\n".join(executed[:10])
    assert cached, "the build log shows no notebook read from the cache; has MyST-NB's log changed?"
