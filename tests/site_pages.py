"""Helpers for the checks on the built HTML (tests/test_site.py and tests/test_browser.py).

The checks run on every page the table of contents lists, read from ``_toc.yml`` through
``toc.documents``, so a chapter added later is checked without touching the tests.
"""

from __future__ import annotations

import gzip
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from toc import documents
from translations import EDITIONS as BOOK_EDITIONS  # tools/, on the path through conftest.py

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "_build" / "artifacts"

#: Every page the toc lists (docnames such as ``chapters/ch01-introduction/index``).
PAGES = documents(ROOT)
#: The landing page of the book (``index.html`` only redirects to it).
HOME = PAGES[0]
#: Pages Sphinx adds beside the toc's own.
EXTRA_PAGES = ["index", "search", "genindex"]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


#: The editions, by short language code, and the folder of each below the English site.
EDITIONS = {code.split("_")[0]: folder for code, folder, _ in BOOK_EDITIONS}
#: The group of tests (and so the core) each edition's checks on the built site run in: with the
#: rest of that edition's checks, right after its build (tests/conftest.py, ``group_of``), so
#: that the two editions are built and checked on two cores at once.
EDITION_GROUPS = {"en": "book", "zh": "chinese"}


def by_edition(*editions: str) -> list:
    """Test parameters for the editions (all of them if none is named), each marked with the
    group its checks run in."""
    return [pytest.param(e, marks=pytest.mark.xdist_group(EDITION_GROUPS[e]), id=e)
            for e in (editions or sorted(EDITIONS))]


def folder_of(edition: str) -> str:
    """The edition's folder in the site, as a URL prefix ("" or "zh/")."""
    return f"{EDITIONS[edition]}/" if EDITIONS[edition] else ""


def site_html(request: pytest.FixtureRequest, edition: str = "en") -> Path:
    """The built book's HTML folder (of ``edition``: ``zh`` is the Chinese one, in ``zh/``).

    The session fixtures ``built_book`` and ``built_chinese`` (tests/conftest.py) build them
    once.  While working on the checks themselves, ``BOOK_HTML=/path/to/_build/html`` points
    them at an existing build instead (never used by ``make test``).
    """
    override = os.environ.get("BOOK_HTML")
    if override:
        html = Path(override).resolve() / EDITIONS[edition]
        if not (html / "index.html").is_file():
            pytest.fail(f"BOOK_HTML={override} holds no {EDITIONS[edition]}/index.html")
        return html
    if edition == "zh":
        return request.getfixturevalue("built_chinese")
    return request.getfixturevalue("built_book")


def site_root(html: Path) -> Path:
    """The whole site (the English edition's folder) that ``html``, an edition's folder, is in."""
    return html.parent if html.name in {f for f in EDITIONS.values() if f} else html


def page_file(html: Path, docname: str) -> Path:
    return html / f"{docname}.html"


@lru_cache(maxsize=None)
def _soup(path: str, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    return _soup(str(path), path.stat().st_mtime)


def content(page: BeautifulSoup):
    """The article: the page's own text, without the theme's header, sidebars and footer."""
    article = page.select_one("article.bd-article") or page.select_one("main")
    assert article is not None, "page has no <article class='bd-article'> or <main>"
    return article


def is_external(url: str) -> bool:
    """True for a URL that leaves the site (any scheme, or protocol-relative ``//host``)."""
    parts = urlsplit(url.strip())
    return bool(parts.scheme or parts.netloc or url.strip().startswith("//"))


def is_web(url: str) -> bool:
    """True for a URL the browser would fetch from another host (http, https, //host)."""
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https"} or url.strip().startswith("//")


def resolve(html: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file a site-internal URL on ``page`` points to, and its fragment."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        target = html / path.lstrip("/")
    else:
        target = page.parent / path
    target = Path(os.path.normpath(target))
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


@lru_cache(maxsize=None)
def _anchors(path: str, mtime: float) -> frozenset[str]:
    text = Path(path).read_text(encoding="utf-8")
    found = set(re.findall(r"""\bid\s*=\s*["']([^"']+)["']""", text))
    found |= set(re.findall(r"""<a\b[^>]*\bname\s*=\s*["']([^"']+)["']""", text))
    return frozenset(found)


def anchors(path: Path) -> frozenset[str]:
    """Every ``id`` (and ``<a name>``) in an HTML file: the fragments a link may point to."""
    return _anchors(str(path), path.stat().st_mtime)


#: Elements and the attribute holding a URL the page links to or loads.
URL_ATTRIBUTES = (
    ("a", "href"),
    ("link", "href"),
    ("area", "href"),
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
)


def urls(page: BeautifulSoup):
    """(tag, attribute, url) for every URL in a page."""
    for tag, attr in URL_ATTRIBUTES:
        for element in page.find_all(tag):
            value = element.get(attr)
            if value:
                yield element, attr, value
    for meta in page.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
        match = re.search(r"url\s*=\s*(\S+)", meta.get("content", ""), re.I)
        if match:
            yield meta, "content", match.group(1).strip("'\"")


def loaded_urls(page: BeautifulSoup):
    """URLs the browser fetches while showing the page (not links the reader may follow)."""
    for element, attr, url in urls(page):
        if element.name in {"a", "area", "meta"}:
            continue
        if element.name == "link":
            rel = {r.lower() for r in element.get("rel", [])}
            if not rel & {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon", "manifest"}:
                continue
        yield element, attr, url


CSS_URL = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?([^"')\s;]+)""", re.I)


def css_urls(text: str) -> list[str]:
    """URLs CSS text imports or refers to (fonts, images), as written."""
    return [u for u in CSS_URL.findall(text) if not u.startswith("data:")]


def css_references(path: Path) -> list[str]:
    return css_urls(path.read_text(encoding="utf-8", errors="replace"))


def css_imports(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return re.findall(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""", text, re.I)


COMPRESSIBLE = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".xml", ".ttf"}


@lru_cache(maxsize=None)
def _transfer_size(path: str, mtime: float) -> int:
    data = Path(path).read_bytes()
    if Path(path).suffix.lower() in COMPRESSIBLE:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def transfer_size(path: Path) -> int:
    """Bytes a reader downloads for a file from a host that compresses text (gzip -6)."""
    return _transfer_size(str(path), path.stat().st_mtime)


def page_resources(html: Path, page_path: Path) -> set[Path]:
    """Files the page loads: scripts, stylesheets (and what they @import), images, preloads.

    A page that loads MathJax also counts every MathJax web font, an upper bound on what
    MathJax fetches for the symbols on the page.
    """
    found: set[Path] = set()
    page = soup(page_path)
    for _element, _attr, url in loaded_urls(page):
        if is_external(url):
            continue
        target, _ = resolve(html, page_path, url)
        if target.is_file():
            found.add(target)
    stack = [p for p in found if p.suffix == ".css"]
    while stack:
        sheet = stack.pop()
        for url in css_imports(sheet):
            if is_external(url):
                continue
            target, _ = resolve(html, sheet, url)
            if target.is_file() and target not in found:
                found.add(target)
                stack.append(target)
    mathjax = html / "_static" / "mathjax"
    if any(p.parent == mathjax for p in found):
        found |= set((mathjax / "output" / "chtml" / "fonts").rglob("*.woff"))
    return found
