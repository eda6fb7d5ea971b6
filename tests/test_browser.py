"""The built book in a real browser: headless Chromium over every page in the toc.

The book is served on 127.0.0.1 and every page is opened once (``survey`` below).  Any
request to another host is blocked and reported, so the checks also prove the pages work
offline.  For each page:

- no console errors and no uncaught script errors;
- every image has loaded (lazy images are made eager first);
- nothing is fetched from outside the site;
- an axe-core accessibility scan finds no serious or critical violations;
- the text of every notebook cell (its highlighted source and its outputs) contrasts enough with
  its background (``CELL_CONTRAST``).

The axe scan runs only the rules that can fail this test, and leaves the cells' colour contrast
to ``CELL_CONTRAST``; ``test_trimmed_scan_finds_what_the_full_scan_finds`` shows on a planted
page that nothing is lost:

- axe gives every violation of a rule that rule's own impact (``_finalizeRuleResult`` in axe.js),
  so a rule whose impact is minor or moderate can never report a serious or critical violation.
  The survey switches those rules off.
- A cell's colours come from the theme and Pygments: one span per token of the source, one table
  cell per value of a data frame.  On a long notebook page they are most of the page's elements,
  and axe's ``color-contrast`` works out each one's background through the layout, by far its
  slowest rule.  ``CELL_CONTRAST`` reads the computed colours instead (a cell's text sits on flat
  background colours of its ancestors: nothing is positioned over it) and computes the WCAG ratio
  itself; axe's ``color-contrast`` skips the cells.  Every other axe rule still scans them.

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
from urllib.parse import urlsplit

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


#: Where the test server serves axe-core, beside the site (not in it: the built site never holds it).
#: Loaded from this address on the page's own server, not inlined, so that Chromium keeps its
#: compiled code between pages (V8's code cache, which inline scripts do not get).
AXE_URL = "/__survey__/axe.min.js"


class _QuietHandler(SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if urlsplit(path).path == AXE_URL:
            return str(AXE)
        return super().translate_path(path)

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

#: The survey's axe run: ``exclude`` are selectors axe leaves out altogether; the rules whose
#: impact is minor or moderate are switched off (they cannot fail the test, see the docstring);
#: ``color-contrast`` skips the elements inside ``cells`` (``CELL_CONTRAST`` checks them).
RUN_AXE = """async ([exclude, cells]) => {
  const rules = {};
  for (const rule of axe._audit.rules) {
    if (!['minor', 'moderate', 'serious', 'critical'].includes(rule.impact)) {
      throw new Error(`axe rule ${rule.id} has no impact of its own: the survey cannot tell whether it may be skipped`);
    }
    if (rule.impact === 'minor' || rule.impact === 'moderate') { rules[rule.id] = {enabled: false}; }
  }
  if (cells) {
    const contrast = axe._audit.rules.find(rule => rule.id === 'color-contrast');
    const matches = contrast.matches;
    contrast.matches = (node, virtualNode) => !node.closest(cells) && matches.call(contrast, node, virtualNode);
  }
  const context = exclude.length ? {exclude: exclude.map(selector => [selector])} : document;
  const result = await axe.run(context, {resultTypes: ['violations'], rules});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.length, where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""

#: A notebook cell's text: its Pygments-highlighted source (not the cell's copy button) and its outputs.
CELLS = ".cell_input pre, .cell_output"

#: The WCAG 2 contrast of the text of every cell (``selector``) against its background, from
#: the computed colours.  Returns the failures, one per distinct (colour, background, size): the
#: ratio, the threshold (4.5, or 3 for large text, as axe), an example of the text and where it
#: is.  Text that is not shown (hidden, not laid out, under an ancestor of opacity 0: a heading's
#: link or a copy button until hovered) is skipped, as axe skips it.  An element whose background
#: cannot be read as one colour (an image, a gradient, partial opacity, a colour that is not rgb)
#: is a failure, with the reason: the check never guesses.
CELL_CONTRAST = """(selector) => {
  const parse = (text) => {
    const m = text.match(/^rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?\\)$/);
    return m ? {r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4]} : null;
  };
  const over = (top, below) => ({r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a),
                                 b: top.b * top.a + below.b * (1 - top.a), a: 1});
  const luminance = (c) => {
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== 'none') { return {why: `background image on ${e.tagName.toLowerCase()}.${e.getAttribute('class')}`}; }
      if (parseFloat(style.opacity) === 0) { return {hidden: true}; }
      if (parseFloat(style.opacity) < 1) { return {why: `opacity ${style.opacity} on ${e.tagName.toLowerCase()}.${e.getAttribute('class')}`}; }
      const colour = parse(style.backgroundColor);
      if (!colour) { return {why: `background ${style.backgroundColor} is not rgb`}; }
      if (colour.a > 0) { layers.push(colour); }
      if (colour.a >= 1) { break; }
    }
    return {colour: layers.reverse().reduce((below, top) => over(top, below), {r: 255, g: 255, b: 255, a: 1})};
  };
  const failures = new Map();
  for (const cell of document.querySelectorAll(selector)) {
    for (const element of [cell, ...cell.querySelectorAll('*')]) {
      const text = Array.from(element.childNodes).filter(n => n.nodeType === Node.TEXT_NODE)
          .map(n => n.textContent).join('').trim();
      if (!text) { continue; }
      const style = getComputedStyle(element);
      if (style.visibility !== 'visible' || element.getClientRects().length === 0) { continue; }  // not shown, as axe
      const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
      const needed = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
      const where = element.tagName.toLowerCase() + (element.getAttribute('class') ? '.' + element.getAttribute('class').split(' ').join('.') : '');
      const fg = parse(style.color), bg = background(element);
      if (bg.hidden) { continue; }  // under an invisible ancestor (a copy button until hovered), as axe
      let ratio = null, why = bg.why || (fg ? null : `colour ${style.color} is not rgb`);
      if (!why) {
        const [a, b] = [luminance(over(fg, bg.colour)), luminance(bg.colour)];
        ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio >= needed) { continue; }
      }
      const key = `${style.color}|${bg.colour ? JSON.stringify(bg.colour) : why}|${needed}`;
      if (!failures.has(key)) {
        failures.set(key, {ratio: ratio === null ? null : Math.round(ratio * 100) / 100, needed, why,
                           colour: style.color, text: text.slice(0, 40), where});
      }
    }
  }
  return Array.from(failures.values());
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
        result["cell_contrast"] = page.evaluate(CELL_CONTRAST, CELLS)
        page.add_script_tag(url=AXE_URL)  # on the page's own server
        result["violations"] = page.evaluate(RUN_AXE, [list(exclude), CELLS])
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


def test_cells_contrast_with_their_background(survey):
    bad = _problems(survey, "cell_contrast")
    assert not bad, "notebook cells whose text is too faint (WCAG 2 contrast, computed colours):\n" + "\n".join(
        f"{name}: {f['where']} {f['text']!r} in {f['colour']}: "
        + (f"ratio {f['ratio']} < {f['needed']}" if f["ratio"] is not None else f"cannot tell ({f['why']})")
        for name, failures in bad.items() for f in failures
    )


#: A page with one problem of each kind the trimmed scan must still find, and one it may skip:
#: an image without alt text (critical), faint prose (serious, axe's color-contrast), faint code in
#: a cell's source and a faint value in its output table (serious, left to CELL_CONTRAST), a faint
#: link that is hidden until hovered (not a violation), and no <h1> and no landmarks (moderate: skipped).
PLANTED = """<!DOCTYPE html><html lang="en"><head><title>planted</title>
<style>.faint { color: #bbbbbb; } .highlight { background: #f8f8f8; } .highlight .c1 { color: #d07070; }
.dataframe tr:nth-child(even) { background: #e8e8e8; } .dataframe .low { color: #9a9aff; }</style>
</head><body>
<p>Readable prose, then <span class="faint">faint prose that fails</span>.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
<div class="cell_input"><div class="highlight"><pre><span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>  <span class="c1"># a faint comment</span></pre></div></div>
<div class="cell_output"><table class="dataframe"><tr><th>branch</th><th>rooms</th></tr>
<tr><td>Hangzhou</td><td class="low">420</td></tr></table>
<p>A heading link shown on hover <a href="#x" style="visibility: hidden; color: #eeeeee">#</a></p></div>
</body></html>"""


def test_trimmed_scan_finds_what_the_full_scan_finds(chromium):
    """The survey's scan (RUN_AXE with CELL_CONTRAST) against axe's full default scan, on PLANTED.

    Expected, from the full scan itself: the same serious and critical rules fail; the only
    nodes the trimmed color-contrast leaves out are the cell's faint comment and faint value,
    which CELL_CONTRAST reports with the ratios axe computed for them (within 0.05); the
    moderate rules are not run.
    """
    page = chromium.new_page()
    try:
        page.set_content(PLANTED)
        page.add_script_tag(path=str(AXE))
        full = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => ({target: n.target.join(' '),
                ratio: n.any.length && n.any[0].data ? n.any[0].data.contrastRatio : null}))}))""")
        trimmed = page.evaluate(RUN_AXE, [[], CELLS])
        computed = page.evaluate(CELL_CONTRAST, CELLS)
    finally:
        page.close()
    grave = {v["id"] for v in full if v["impact"] in {"serious", "critical"}}
    assert {"image-alt", "color-contrast"} <= grave, f"the planted page no longer plants what it should: {full}"
    assert any(v["impact"] == "moderate" for v in full), "the planted page should also break a moderate rule"
    assert {v["id"] for v in trimmed} == grave
    assert all(v["impact"] in {"serious", "critical"} for v in trimmed)
    full_contrast = next(v for v in full if v["id"] == "color-contrast")["nodes"]
    in_cells = {n["target"]: n["ratio"] for n in full_contrast if ".c1" in n["target"] or ".low" in n["target"]}
    assert len(in_cells) == 2, full_contrast
    assert next(v for v in trimmed if v["id"] == "color-contrast")["nodes"] == len(full_contrast) - 2
    assert sorted(f["text"] for f in computed) == ["# a faint comment", "420"], computed
    for found in computed:
        axe_ratio = next(r for target, r in in_cells.items() if target.endswith(found["where"].split(".")[-1]))
        assert abs(found["ratio"] - axe_ratio) < 0.05, (found, in_cells)


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
