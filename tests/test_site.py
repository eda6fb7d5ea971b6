"""Checks on the built HTML of every page in the toc, without a browser.

- the book reads offline: no page loads a script, stylesheet, font or image from another host
  (links the reader may follow, such as launch and repository buttons, may point out);
- no broken links inside the book: every internal href and src resolves to a file, and every
  fragment to an id in that file;
- every image in the text has alt text and sits in a figure with a caption;
- headings go down one level at a time; every table has header cells;
- no page weighs more than 2 MB to download.

The browser checks (console errors, images, search, accessibility) are in test_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from site_pages import (
    ARTIFACTS,
    by_edition,
    EXTRA_PAGES,
    PAGES,
    anchors,
    content,
    css_references,
    css_urls,
    is_external,
    is_web,
    loaded_urls,
    page_file,
    page_resources,
    resolve,
    site_html,
    site_root,
    soup,
    transfer_size,
    urls,
)

pytestmark = pytest.mark.book

#: Largest download a page may need: text, figures, scripts and styles together.
MAX_PAGE_BYTES = 2 * 1024 * 1024


@pytest.fixture(scope="module", params=by_edition())
def html(request) -> Path:
    """Each edition's folder: the English site, and the Chinese one (``zh/``), each checked with
    the rest of its edition's checks (``site_pages.EDITION_GROUPS``)."""
    return site_html(request, request.param)


def _pages(html: Path, names=PAGES) -> list[tuple[str, Path]]:
    """(docname, file) of the built pages; a page missing from the build is test_book.py's to report."""
    return [(name, page_file(html, name)) for name in names if page_file(html, name).is_file()]


def test_toc_has_pages():
    assert len(PAGES) >= 11, f"the toc should list the front matter and nine chapters, found {PAGES}"


def test_no_page_loads_anything_from_another_host(html):
    problems = []
    sheets: set[Path] = set()
    for name, path in _pages(html, PAGES + EXTRA_PAGES):
        page = soup(path)
        for element, attr, url in loaded_urls(page):
            if is_web(url):
                problems.append(f"{name}: <{element.name} {attr}={url!r}> is fetched from another host")
            elif not is_external(url):
                target, _ = resolve(html, path, url)
                if target.suffix == ".css" and target.is_file():
                    sheets.add(target)
        for style in page.find_all("style"):
            for url in css_urls(style.get_text()):
                if is_web(url):
                    problems.append(f"{name}: inline <style> refers to {url}")
    # Stylesheets (and the sheets they import) must not pull fonts or images from outside either.
    seen: set[Path] = set()
    while sheets:
        sheet = sheets.pop()
        seen.add(sheet)
        for url in css_references(sheet):
            if is_web(url):
                problems.append(f"{sheet.relative_to(html)} refers to {url}")
            elif not is_external(url):
                target, _ = resolve(html, sheet, url)
                if target.suffix == ".css" and target.is_file() and target not in seen:
                    sheets.add(target)
    assert not problems, "the book must read offline:\n" + "\n".join(sorted(set(problems)))


def test_maths_is_rendered_by_a_copy_served_with_the_book(html):
    """MathJax is loaded from _static/mathjax, and the files it fetches later are there too."""
    mathjax = html / "_static" / "mathjax"
    assert (mathjax / "tex-chtml.js").is_file(), "MathJax was not copied into the site"
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("MathJax_Main-Regular.woff"))
    assert (mathjax / "input" / "tex" / "extensions").is_dir()
    with_maths = []
    for name, path in _pages(html):
        scripts = [s.get("src", "") for s in soup(path).find_all("script") if "mathjax" in s.get("src", "").lower()]
        if scripts:
            with_maths.append(name)
            for src in scripts:
                target, _ = resolve(html, path, src)
                assert target == mathjax / "tex-chtml.js", f"{name} loads MathJax from {src}"
    assert with_maths, "no page loads MathJax: the book has formulas, so at least one page should"


def test_internal_links_and_sources_resolve(html):
    problems = []
    site = site_root(html)  # the Chinese pages link to the English ones and to the English PDF
    for name, path in _pages(html, PAGES + EXTRA_PAGES):
        for element, attr, url in urls(soup(path)):
            if is_external(url) or url.strip() in {"", "#"}:
                continue
            target, fragment = resolve(html, path, url)
            where = f"{name}: <{element.name} {attr}={url!r}>"
            try:
                target.relative_to(site)
            except ValueError:
                problems.append(f"{where} points outside the site")
                continue
            if not target.is_file():
                problems.append(f"{where}: {PurePosixPath(target.relative_to(site))} does not exist")
            elif fragment and target.suffix == ".html" and fragment not in anchors(target):
                problems.append(f"{where}: no id {fragment!r} in {PurePosixPath(target.relative_to(site))}")
    assert not problems, f"{len(problems)} broken link(s) inside the book:\n" + "\n".join(problems[:80])


def _looks_like_a_file_name(alt: str, src: str) -> bool:
    alt = alt.strip().lower()
    return alt == src.strip().lower() or alt.endswith((".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp")) or alt.startswith("../")


def test_every_figure_has_alt_text_and_a_caption(html):
    problems = []
    for name, path in _pages(html):
        for img in content(soup(path)).find_all("img"):
            src = img.get("src", "")
            alt = (img.get("alt") or "").strip()
            if not alt or _looks_like_a_file_name(alt, src):
                problems.append(f"{name}: image {PurePosixPath(src).name} has no alt text (set mystnb.image.alt or :alt:)")
            figure = img.find_parent("figure")
            caption = figure.find("figcaption") if figure else None
            if caption is None or not caption.get_text(strip=True):
                problems.append(f"{name}: image {PurePosixPath(src).name} has no caption (set mystnb.figure.caption or use a figure)")
        for figure in content(soup(path)).find_all("figure"):
            caption = figure.find("figcaption")
            if caption is None or not caption.get_text(strip=True):
                problems.append(f"{name}: a <figure> (id={figure.get('id')}) has no caption")
    assert not problems, "\n".join(sorted(set(problems)))


def test_headings_go_down_one_level_at_a_time(html):
    problems = []
    for name, path in _pages(html):
        headings = content(soup(path)).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
        levels = [int(h.name[1]) for h in headings]
        if not levels or levels[0] != 1 or levels.count(1) != 1:
            problems.append(f"{name}: the text should open with its only h1, found levels {levels[:6]}")
        for previous, (level, heading) in zip(levels, list(zip(levels, headings))[1:]):
            if level > previous + 1:
                title = heading.get_text(" ", strip=True).rstrip("#").strip()
                problems.append(f"{name}: h{previous} is followed by h{level} ({title[:60]!r})")
    assert not problems, "\n".join(problems)


def test_every_table_has_header_cells(html):
    problems = []
    for name, path in _pages(html):
        for number, table in enumerate(content(soup(path)).find_all("table"), start=1):
            if table.find_parent(class_="highlight") or "highlighttable" in table.get("class", []):
                continue  # line-numbered code, not data
            if table.find("th") is None:
                problems.append(f"{name}: table {number} has no header cells (<th>)")
    assert not problems, "\n".join(problems)


def test_no_page_weighs_more_than_2_mb(html):
    """Each page's download: HTML, images, scripts and stylesheets it loads.

    Text files (HTML, JavaScript, CSS, SVG) are counted gzip-compressed, as any static host
    serves them and as web page weight is usually reported; images and fonts as they are.
    The uncompressed total is written to the report beside it.
    """
    report = {}
    for name, path in _pages(html, PAGES + EXTRA_PAGES):
        files = {path} | page_resources(html, path)
        transfer = sum(transfer_size(f) for f in files)
        raw = sum(f.stat().st_size for f in files)
        images = sum(f.stat().st_size for f in files if f.parent.name == "_images" or f.suffix in {".png", ".jpg", ".svg"})
        report[name] = {"download_bytes": transfer, "uncompressed_bytes": raw, "image_bytes": images, "files": len(files)}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    edition = "zh" if site_root(html) != html else "en"
    (ARTIFACTS / f"page-weight-{edition}.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    heaviest = max(report, key=lambda n: report[n]["download_bytes"])
    print(f"heaviest page: {heaviest}: {report[heaviest]['download_bytes'] / 1e6:.2f} MB to download, "
          f"{report[heaviest]['uncompressed_bytes'] / 1e6:.2f} MB uncompressed")
    over = {n: r["download_bytes"] for n, r in report.items() if r["download_bytes"] > MAX_PAGE_BYTES}
    assert not over, "pages heavier than 2 MB (use SVG or smaller PNG figures, fewer images per page):\n" + "\n".join(
        f"{n}: {b / 1e6:.2f} MB" for n, b in sorted(over.items())
    )
