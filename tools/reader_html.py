"""Sphinx extension: what the reader's browser receives (listed in ``_config.yml``).

1. Maths offline.  Pages load ``_static/mathjax/tex-chtml.js`` (``mathjax_path`` in
   ``_config.yml``), not a CDN.  The files MathJax needs -- the TeX-to-CommonHTML bundle, its
   web fonts, and the components it fetches on demand (TeX extensions, menu, accessibility
   tools) -- are copied from ``node_modules/mathjax/es5``, which ``npm ci`` fills from
   ``package-lock.json`` (``make install``, and so ``make book`` and ``make test``, run it).
   Nothing is committed and nothing is fetched at build time; if the package is missing the
   build stops and says what to run.

2. The PDF.  Once ``make pdf`` has built ``_build/latex/customer-service.pdf``, the HTML build
   copies it into the site and adds "Book (.pdf)" to every page's download menu.

3. Fixes for problems of the theme (pydata-sphinx-theme 0.17 / sphinx-book-theme 1.3, and
   Sphinx's HTML for citations) found by the accessibility scan in tests/test_browser.py.
   Each fix names the axe-core rule it answers:

   - ``summary-name``: the table of contents in the sidebar opens and closes each chapter
     with a ``<summary>`` that holds only an icon, so a screen reader announced nothing;
     it now reads "Sections of <chapter title>".
   - ``label-content-name-mismatch``: the search button showed "Search Ctrl+K" but told
     screen readers only "Search", and the "Show code cell source" toggles of notebook
     cells told them "Toggle hidden content": their names now come from the visible text.
     The colour-mode button's icons carried titles ("Light", "Dark") that contradicted
     its name "Color mode"; the icons are now decorative.
   - ``aria-required-children`` / ``aria-deprecated-role``: the reference list is a
     ``role="list"`` whose entries had the deprecated role ``doc-biblioentry``; they are
     now list items.
   - a console error on every page: the theme's colour mode defaulted to "" (``auto`` now,
     which follows the reader's system setting), and sphinx-thebe's configuration script
     was included twice.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"

#: What the page loads, and what MathJax fetches later relative to it.
MATHJAX_PARTS = (
    "tex-chtml.js",
    "a11y",
    "adaptors",
    "input/tex",
    "output/chtml",
    "output/chtml.js",
    "sre",
    "ui",
)


def _check(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    if not (MATHJAX / "tex-chtml.js").is_file():
        raise ExtensionError(
            f"MathJax is not installed in {MATHJAX.parent}: run 'make install' "
            "(or 'npm ci' in the repository root) before building the book."
        )
    if "://" in str(app.config.mathjax_path):
        raise ExtensionError(
            f"mathjax_path points to the network ({app.config.mathjax_path}); the book must read "
            "offline: set it to mathjax/tex-chtml.js in _config.yml."
        )


def _default_mode(app: Sphinx, config) -> None:
    """The theme reads its colour mode from the template variable ``default_mode``."""
    config.html_context = {"default_mode": "auto", **(config.html_context or {})}


def _unique_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        seen, unique = set(), []
        for script in scripts:
            key = (str(getattr(script, "filename", script) or ""), tuple(sorted(getattr(script, "attributes", {}).items())))
            if key not in seen:
                seen.add(key)
                unique.append(script)
        context["script_files"] = unique


_TAGS = re.compile(r"<[^>]+>")
_NAV_TOGGLE = re.compile(
    r"(<a\b[^>]*>(?P<title>(?:(?!</a>).)*)</a>\s*<details(?:\s[^>]*)?>\s*<summary)>(?=\s*<span class=\"toctree-toggle\")", re.S
)
_SEARCH_BUTTON = re.compile(r'(<button\b[^>]*\bsearch-button__button\b[^>]*?)\s+aria-label="[^"]*"')  # "Search", "搜索"
_BIBLIOENTRY = 'role="doc-biblioentry"'
_THEME_ICON_TITLE = re.compile(r'(<i class="theme-switch\b[^"]*"[^>]*?)\s+title="[^"]*"')
_CELL_TOGGLE = '<summary aria-label="Toggle hidden content">'


def _name_toggle(match: re.Match) -> str:
    title = html.unescape(_TAGS.sub("", match.group("title"))).strip()
    return f'{match.group(1)} aria-label="{html.escape("Sections of " + title)}">'


def fix_page(text: str) -> str:
    """Apply the accessibility fixes to one page's HTML (idempotent)."""
    text = _NAV_TOGGLE.sub(_name_toggle, text)
    text = _SEARCH_BUTTON.sub(r"\1", text)
    text = _THEME_ICON_TITLE.sub(r"\1", text)
    text = text.replace(_CELL_TOGGLE, "<summary>")
    return text.replace(_BIBLIOENTRY, 'role="listitem"')


def book_pdf(app: Sphinx) -> Path:
    """Where ``make pdf`` leaves the whole book as a PDF (``_build/latex/<targetname>.pdf``)."""
    documents = app.config.latex_documents or [("", "book.tex")]
    return ROOT / "_build" / "latex" / Path(documents[0][1]).with_suffix(".pdf").name


def _edition_folder(app: Sphinx) -> str:
    """The folder of this build's edition below the English site ("" for English; translations.py)."""
    from translations import edition

    return edition(app.config.language)[1]


def _pdf_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Once ``make pdf`` has made the PDF, offer it in every page's download menu (a translated
    edition offers the English PDF, which sits in the English site one folder up)."""
    pdf = book_pdf(app)
    if not pdf.is_file():
        return
    up = "../" if _edition_folder(app) else ""
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].append({
                "type": "link",
                "url": up + context["pathto"](pdf.name, 1),
                "text": "Book (.pdf)",
                "tooltip": "Download the whole book as one PDF",
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            })


def _copy_mathjax(outdir: Path) -> None:
    target = outdir / "_static" / "mathjax"
    stamp = target / ".version"
    version = (MATHJAX.parent / "package.json").read_text(encoding="utf-8")
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == version:
        return  # already copied by an earlier build into this folder
    for part in MATHJAX_PARTS:
        source = MATHJAX / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)
    shutil.copy2(MATHJAX.parent / "LICENSE", target / "LICENSE")
    stamp.write_text(version, encoding="utf-8")


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from translations import EDITIONS, translate_interface

    outdir = Path(app.outdir)
    english = not _edition_folder(app)
    _copy_mathjax(outdir)
    if book_pdf(app).is_file() and english:
        shutil.copy2(book_pdf(app), outdir / book_pdf(app).name)
    others = {folder for _, folder, _ in EDITIONS if folder}  # the translated sites inside this one
    for page in outdir.rglob("*.html"):  # every page, every build: 0.1 s, and idempotent
        parts = page.relative_to(outdir).parts
        if "_static" in parts or (english and parts[0] in others):
            continue
        text = page.read_text(encoding="utf-8")
        fixed = translate_interface(fix_page(text))  # a translated edition's words too (translations.py)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _default_mode)
    app.connect("builder-inited", _check)
    app.connect("html-page-context", _pdf_button, priority=800)  # after sphinx-book-theme's buttons
    app.connect("html-page-context", _unique_scripts, priority=900)  # after the themes add theirs
    app.connect("build-finished", _finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
