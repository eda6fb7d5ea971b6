"""The built book in a real browser: headless Chromium over every page in the toc.

The book is served on 127.0.0.1 and every page is opened once (``survey`` below).  Any
request to another host is blocked and reported, so the checks also prove the pages work
offline.  For each page:

- no console errors and no uncaught script errors;
- every image has loaded (lazy images are made eager first);
- nothing is fetched from outside the site;
- an axe-core accessibility scan finds no serious or critical violations.

Both editions are surveyed: the English site and the Chinese one in its ``zh/`` folder.  Each
edition's survey runs with that edition's other checks (the English one in the "book" group, the
Chinese one in the "chinese" group, see tests/conftest.py), so the two surveys run on two cores at
once, each as soon as its edition is built.  On the Chinese pages axe leaves out the code cells,
which are the English pages' byte for byte (tests/test_chinese_site.py checks that) and are
scanned there.

Besides: the search page finds a Chapter 6 term in each edition (``queue``; 排队 in Chinese,
segmented by jieba), and screenshots of the home page and a
chapter page on a phone and a desktop are kept in ``_build/artifacts/`` with a per-page
report for each edition (``browser-report-en.json``, ``browser-report-zh.json``).

Needs Debian's ``chromium`` (``.ci/run`` installs it) and ``node_modules/axe-core``
(``make install``).  Without them these tests fail under CI (CI=true) and skip elsewhere.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from site_pages import (ARTIFACTS, EDITION_GROUPS, HOME, PAGES, ROOT, by_edition, folder_of, in_ci, page_file,
                        site_html)

pytestmark = pytest.mark.book

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
#: A page with a chapter's text and figures, for the screenshots.
CHAPTER_PAGE = next((p for p in PAGES if p.startswith("chapters/ch01-") and not p.endswith("index")), "chapters/ch01-introduction/index")
#: Chapter 6's subject, which the search must find, in each edition.
SEARCH_TERMS = {"en": "queue", "zh": "排队"}
SEARCH_CHAPTER = "chapters/ch06-time-space/"
#: What axe leaves out of its scan, by edition.  The Chinese pages' code cells are the English
#: pages' byte for byte (tests/test_chinese_site.py), so they are scanned once, in English.
AXE_EXCLUDE = {"en": [], "zh": [".cell_input"]}



def _missing(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (the browser tests must run in CI: .ci/run installs Chromium, make install installs axe-core)")
    pytest.skip(reason)


def _chromium() -> str:
    """Debian's Chromium (or the one named by $CHROMIUM)."""
    named = os.environ.get("CHROMIUM")
    found = named if named else shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not os.access(found, os.X_OK):
        _missing(f"Chromium is not installed ({named or 'chromium'} not found; apt-get install chromium)")
    return found


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server(request):
    """The whole site (the English edition, the Chinese one in its zh/ folder) on 127.0.0.1."""
    html = site_html(request)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(html)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", html
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium; Playwright gives it a fresh, temporary profile (user-data-dir)."""
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is pinned in requirements.txt
        _missing("Playwright for Python is not installed (pip install -r requirements.txt)")
    if not AXE.is_file():
        _missing(f"axe-core is not installed at {AXE} (run make install)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def blocked() -> list[str]:
    """URLs the pages tried to fetch from another host (refused, see ``browser``)."""
    return []


@pytest.fixture(scope="module")
def browser(chromium, server, blocked):
    """Open a browser context that may only talk to the local server.

    Requests to any other host are refused and recorded in ``blocked``.
    """
    base, _ = server
    # Only requests that do not go to the local server are intercepted (the pattern is
    # matched inside the browser, so the pages' own files load at full speed).
    elsewhere = re.compile("^(?!" + re.escape(base) + "/)")
    contexts = []

    def refuse(route):
        blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def open_context(**options):
        context = chromium.new_context(**{"viewport": DESKTOP, "service_workers": "block", **options})
        context.route(elsewhere, refuse)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


WAIT_FOR_PAGE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  for (const img of document.images) { img.loading = 'eager'; }
  await Promise.all(Array.from(document.images).map(img => img.complete ? null :
      new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done);
                            setTimeout(done, 10000); })));
  return true;
}"""

BROKEN_IMAGES = """() => Array.from(document.images)
  .filter(img => !(img.complete && img.naturalWidth > 0))
  .map(img => img.getAttribute('src'))"""

RUN_AXE = """async (exclude) => {
  const context = exclude.length ? {exclude: exclude.map(selector => [selector])} : document;
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.length, where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""

PAGE_BYTES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  return (nav ? nav.decodedBodySize : 0) + res.reduce((s, r) => s + (r.decodedBodySize || 0), 0);
}"""


def _visit(page, url: str, blocked: list[str], exclude: list[str] = ()) -> dict:
    """Open one page in ``page`` (a tab the survey reuses: a new tab per page starts a renderer
    each time, a third of the survey's time), wait for maths and images, and record what went
    wrong.  The listeners are this visit's own, removed when it ends."""
    console: list[str] = []
    failed: list[str] = []
    listeners = {
        "console": lambda m: console.append(m.text) if m.type == "error" else None,
        "pageerror": lambda e: console.append(f"uncaught: {e}"),
        "requestfailed": lambda r: failed.append(f"{r.url} ({r.failure})"),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    start, opened = len(blocked), time.monotonic()
    try:
        response = page.goto(url, wait_until="load", timeout=30000)
        page.evaluate(WAIT_FOR_PAGE)
        page.wait_for_timeout(100)  # let late console messages arrive
        result = {
            "status": response.status if response else None,
            "broken_images": page.evaluate(BROKEN_IMAGES),
            "images": page.evaluate("() => document.images.length"),
            "bytes_loaded": page.evaluate(PAGE_BYTES),
        }
        page.add_script_tag(path=str(AXE))
        result["violations"] = page.evaluate(RUN_AXE, list(exclude))
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    result.update(console_errors=console, failed_requests=failed, external_requests=blocked[start:],
                  seconds=round(time.monotonic() - opened, 2))
    return result


@pytest.fixture(scope="module", params=by_edition("en", "zh"))
def survey(request, browser, server, blocked):
    """Open every page of one edition once, in the light theme, and record what happened."""
    edition = request.param
    base, html = server
    site_html(request, edition)  # the Chinese edition is built by its own fixture, into html/zh
    folder = folder_of(edition)
    results = {}
    started = time.monotonic()
    light = browser(color_scheme="light").new_page()
    for name in PAGES:
        if page_file(html, folder + name).is_file():  # test_book.py reports pages missing from the build
            results[folder + name] = _visit(light, f"{base}/{folder}{name}.html", blocked, AXE_EXCLUDE[edition])
    light.close()
    if edition == "en":  # the home page and a chapter page again in the dark theme: contrast must hold there too
        dark = browser(color_scheme="dark").new_page()
        for name in (HOME, CHAPTER_PAGE):
            if page_file(html, name).is_file():
                results[f"{name} (dark)"] = _visit(dark, f"{base}/{name}.html", blocked)
        dark.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"browser-report-{edition}.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(f"\nbrowser survey of {len(results)} page views ({edition}) took {time.monotonic() - started:.0f} s")
    return results


def _problems(survey: dict, key: str) -> dict:
    return {name: r[key] for name, r in survey.items() if r[key]}


def test_every_page_opens(survey):
    assert survey, "no page of the toc was opened"
    bad = {name: r["status"] for name, r in survey.items() if r["status"] != 200}
    assert not bad, f"pages that did not load: {bad}"


def test_no_console_errors(survey):
    bad = _problems(survey, "console_errors")
    assert not bad, "console errors:\n" + "\n".join(f"{n}: {e}" for n, errors in bad.items() for e in errors)


def test_every_image_loads(survey):
    bad = _problems(survey, "broken_images")
    assert not bad, "images that did not load:\n" + "\n".join(f"{n}: {src}" for n, srcs in bad.items() for src in srcs)


def test_nothing_is_fetched_from_another_host(survey):
    bad = _problems(survey, "external_requests")
    assert not bad, "requests that left the site (the book must read offline):\n" + "\n".join(
        f"{n}: {u}" for n, urls in bad.items() for u in urls
    )


def test_no_failed_requests(survey):
    bad = {n: [f for f in fs if "blockedbyclient" not in f.lower() and "ERR_BLOCKED_BY_CLIENT" not in f] for n, fs in _problems(survey, "failed_requests").items()}
    bad = {n: fs for n, fs in bad.items() if fs}
    assert not bad, "requests that failed:\n" + "\n".join(f"{n}: {f}" for n, fs in bad.items() for f in fs)


def test_accessibility_scan_finds_no_serious_or_critical_violation(survey):
    bad = {}
    for name, result in survey.items():
        serious = [v for v in result.get("violations", []) if v["impact"] in {"serious", "critical"}]
        if serious:
            bad[name] = serious
    assert not bad, "axe-core found serious or critical problems:\n" + "\n".join(
        f"{name}: [{v['impact']}] {v['id']} ({v['help']}), {v['nodes']} element(s), e.g. {v['where']}"
        for name, violations in bad.items()
        for v in violations
    )


@pytest.mark.parametrize("edition", by_edition("en", "zh"))
def test_search_finds_chapter_six(request, browser, server, blocked, edition):
    base, html = server
    site_html(request, edition)
    folder, term = folder_of(edition), SEARCH_TERMS[edition]
    if not page_file(html, folder + SEARCH_CHAPTER + "index").is_file():
        pytest.fail("Chapter 6 is missing from the build")
    page = browser().new_page()
    try:
        page.goto(f"{base}/{folder}search.html?q={term}", wait_until="load")
        page.wait_for_selector("#search-results ul.search li a", timeout=30000)
        page.wait_for_function(
            "() => !document.querySelector('#search-progress') || "
            "document.querySelector('#search-progress').textContent.trim() === ''",
            timeout=30000,
        )
        links = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.href)")
    finally:
        page.close()
    assert any(f"/{folder}{SEARCH_CHAPTER}" in link for link in links), (
        f"searching for {term!r} in {folder or 'the English edition'} found {len(links)} result(s), "
        f"none in Chapter 6: {links[:10]}"
    )


@pytest.mark.xdist_group(EDITION_GROUPS["en"])
@pytest.mark.parametrize("viewport", ["phone", "desktop", "desktop-dark"])
def test_screenshots(browser, server, blocked, viewport):
    """Screenshots of the home page and a chapter page, kept for a person to look at."""
    base, html = server
    phone = viewport.startswith("phone")
    size = PHONE if phone else DESKTOP
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser(viewport=size, device_scale_factor=2 if phone else 1, is_mobile=phone, has_touch=phone,
                   color_scheme="dark" if viewport.endswith("dark") else "light").new_page()
    try:
        for label, name in (("home", HOME), ("chapter", CHAPTER_PAGE)):
            page.goto(f"{base}/{name}.html", wait_until="load")
            page.evaluate(WAIT_FOR_PAGE)
            out = ARTIFACTS / f"{label}-{viewport}.png"
            page.screenshot(path=str(out))
            assert out.stat().st_size > 10_000, f"{out} looks empty"
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= size["width"] + 1, f"{name} scrolls sideways on a {viewport} ({width}px wide)"
            figures = page.locator(".bd-article figure")
            if label == "chapter" and figures.count():
                figures.first.screenshot(path=str(ARTIFACTS / f"figure-{viewport}.png"))
    finally:
        page.close()
