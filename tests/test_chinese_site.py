"""Checks on the built Chinese edition (``_build/html/zh``) that the English one has no need of.

The checks both editions share (offline, links, alt text, headings, tables, weight) run on each
in test_site.py, and the browser's (console, images, axe, search) in test_browser.py.  Here:

- every page says it is Chinese (``<html lang="zh-CN">``) and is translated: its title and the
  theme's words (search box, sidebar labels, footer) are Chinese;
- no role reached the reader as text (a glue or citation role the translation broke);
- every glued value of a page appears in the Chinese page as in the English one (numbers as
  they are; words such as a branch and dates in Chinese);
- the Chinese search index finds 排队 (queueing) on the chapter 6 pages, through jieba;
- the language switch leads to the same page in the other edition, both ways;
- the code cells are the English pages' byte for byte (so the browser's accessibility scan of
  the Chinese pages may leave them out: test_browser.py scans them in English).

These tests are their own group on the cores (``xdist_group("chinese")``): the Chinese build
runs beside the English one.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from site_pages import EXTRA_PAGES, PAGES, ROOT, content, page_file, site_html, soup
from translations import GLUED_DOMAIN, _catalogue_words, glued_words

pytestmark = [pytest.mark.book, pytest.mark.xdist_group("chinese")]

_HAN = re.compile(r"[\u4e00-\u9fff]")
_ROLE_TEXT = re.compile(r"\{(?:glue(?::\w+)?|cite:[pt]|doc|ref|term|numref)\}`")


@pytest.fixture(scope="module")
def zh(request) -> Path:
    return site_html(request, "zh")


#: Every page a reader reads (index.html only redirects to the first).
READ_PAGES = [name for name in PAGES + EXTRA_PAGES if name != "index"]


def _pages(html: Path, names=PAGES) -> list[tuple[str, Path]]:
    return [(name, page_file(html, name)) for name in names if page_file(html, name).is_file()]


def test_every_page_of_the_toc_is_built(zh):
    missing = [name for name in PAGES if not page_file(zh, name).is_file()]
    assert not missing, f"pages missing from the Chinese edition: {missing}"


def test_every_page_says_it_is_chinese(zh):
    wrong = {name: soup(path).html.get("lang") for name, path in _pages(zh, READ_PAGES)
             if soup(path).html.get("lang") != "zh-CN"}
    assert not wrong, f"pages not marked lang=zh-CN: {wrong}"


def test_titles_and_text_are_translated(zh):
    """Each page's title and its paragraphs are Chinese: inline code aside, a page's paragraphs hold
    at least one Chinese character for every three Latin letters (a Chinese character carries about
    as much as a short English word; names, units and abbreviations stay Latin).  The references
    page lists the literature as published and is left out."""
    problems = []
    for name, path in _pages(zh):
        page = soup(path)
        title = page.title.get_text() if page.title else ""
        if not _HAN.search(title):
            problems.append(f"{name}: title {title!r} has no Chinese")
        if name == "book/references":
            continue
        prose = " ".join(text for p in content(page).find_all("p") for text in p.find_all(string=True)
                         if not text.find_parent("code"))
        han = len(_HAN.findall(prose))
        latin = len(re.findall(r"[A-Za-z]", prose))
        if 3 * han < latin:
            problems.append(f"{name}: the paragraphs hold {han} Chinese characters against {latin} Latin letters")
    assert not problems, "\n".join(problems)


def test_the_interface_is_translated(zh):
    """The theme's words come from locales/zh_CN/LC_MESSAGES/_interface.po."""
    page = soup(page_file(zh, "chapters/ch06-time-space/index"))
    text = str(page)
    for english in ("Search this book...", 'aria-label="Sections of ', "Toggle primary sidebar", "列印成 PDF",
                    "Customer Service: Strategy, Technology and Management"):
        assert english not in text, f"{english!r} is left in English on the Chinese pages"
    assert "在本书中搜索" in text and "客户服务：策略、技术、管理" in text


def test_no_role_reaches_the_reader_as_text(zh):
    problems = []
    for name, path in _pages(zh):
        for match in _ROLE_TEXT.finditer(content(soup(path)).get_text(" ")):
            problems.append(f"{name}: {match.group(0)!r}")
    assert not problems, "roles printed as text (a translation broke their markup):\n" + "\n".join(problems[:40])


def test_chinese_search_finds_queueing_in_chapter_six(zh):
    """The search index of the Chinese edition segments Chinese with jieba: 排队 is a term, and it
    points to chapter 6's pages."""
    text = (zh / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1: text.rindex(")")])
    pages = index["terms"].get("排队")
    assert pages is not None, "排队 is not a term of the Chinese search index"
    pages = pages if isinstance(pages, list) else [pages]
    docnames = [index["docnames"][i] for i in pages]
    assert sum(d.startswith("chapters/ch06-time-space/") for d in docnames) >= 3, docnames


def _switch(page, code: str) -> str | None:
    """The href of the page's button to the ``code`` edition (tools/translations.py)."""
    link = page.find("a", class_=f"btn-edition-{code}")
    return link.get("href") if link else None


def test_the_switch_leads_to_the_same_page_in_the_other_edition(request, zh):
    english = site_html(request, "en")
    problems = []
    for name in READ_PAGES:
        for html, code, other in ((zh, "en", english), (english, "zh", zh)):
            path = page_file(html, name)
            if not path.is_file():
                continue
            href = _switch(soup(path), code)
            if href is None:
                problems.append(f"{path.relative_to(english)}: no link to the {code} edition")
                continue
            target = (path.parent / href).resolve()
            if target != page_file(other, name).resolve():
                problems.append(f"{path.relative_to(english)}: the {code} link {href!r} leads to {target}")
    assert not problems, "\n".join(problems[:40])


def test_code_cells_are_the_english_pages_byte_for_byte(request, zh):
    """Nothing of a code cell is translated; test_browser.py relies on it (axe scans the Chinese
    pages without their code cells).  Planted: one changed character in a cell is named."""
    english = site_html(request, "en")
    differing, cells = [], 0
    for name, path in _pages(zh):
        ours = [str(cell) for cell in soup(path).select(".cell_input")]
        theirs = [str(cell) for cell in soup(page_file(english, name)).select(".cell_input")]
        cells += len(theirs)
        if ours != theirs:
            differing.append(name)
    assert cells, "no code cell found in the English edition"
    assert not differing, f"code cells that differ from the English page's: {differing}"


def test_every_glued_value_is_in_both_editions(request, zh):
    """A translated paragraph keeps its glued values: each page shows the same pasted values as
    the English page, numbers as they are, words and dates in Chinese (``_glued.po``, by rule).
    Only a value that is Chinese on the English page (the course's term glued beside its English,
    ``tools/i18n.py``: ``_zh``) may be missing, since the English value already says it."""
    english = site_html(request, "en")
    words = _catalogue_words(ROOT, ["locales"], "zh_CN", GLUED_DOMAIN)
    assert words.get("Hangzhou") == "杭州"
    problems = []
    for name, path in _pages(zh):
        shown = [span.get_text() for span in content(soup(page_file(english, name))).find_all(class_="pasted-text")]
        en = Counter(glued_words(text, words) for text in shown)
        cn = Counter(span.get_text() for span in content(soup(path)).find_all(class_="pasted-text"))
        missing = {v: n for v, n in (en - cn).items() if not (_HAN.search(v) and v in shown)}
        extra = dict(cn - en)
        if missing or extra:
            problems.append(f"{name}: only in English {missing}, only in Chinese {extra}")
    assert not problems, "\n".join(problems[:30])


#: Three English words in a row: an untranslated phrase (names such as "Erlang C" are shorter).
_ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b")


def test_headings_box_titles_and_captions_are_chinese(zh):
    """No heading, box title (exercises, solutions, "Our explanation") or figure caption of the
    Chinese pages holds an English phrase: exercise titles, which sphinx-exercise rebuilds after
    Sphinx translates (and copies into their solutions), and notebook figures' captions included."""
    problems = []
    for name, path in _pages(zh):
        for element in content(soup(path)).select("p.admonition-title, h1, h2, h3, h4, figcaption"):
            text = " ".join(t for t in element.find_all(string=True) if not t.find_parent(["code", "math"]))
            text = re.sub(r"“[^”]*”", "", text)  # a quoted message (a Python error) stays as Python prints it
            if _ENGLISH_PHRASE.search(text) or (re.search(r"[A-Za-z]{3}", text) and not _HAN.search(text)):
                problems.append(f"{name}: {text[:70]!r}")
    assert not problems, "left in English:\n" + "\n".join(problems[:40])
