"""tools/numref_lookup.py: numbered references read their target page once per build, and resolve
exactly as Sphinx resolves them.

A small Sphinx project: page ``a`` holds two labelled figures and a labelled table, and both
pages refer to them with ``:numref:`` five times; page ``a`` also refers to a figure on page
``b``.  Expected:

- the HTML of both pages is byte for byte what Sphinx writes without the extension (Sphinx's own
  resolution is the reference), and says "Fig. 2" and "Table 1" where it should;
- without the extension Sphinx reads page ``a``'s doctree once per reference (five times, plus
  once to write the page); with it, once for all the references.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

PAGES = {
    "index.rst": "Book\n====\n\n.. toctree::\n\n   a\n   b\n",
    "a.rst": """Page A
======

.. _first:

.. figure:: pixel.png

   The first figure.

.. _second:

.. figure:: pixel.png

   The second figure.

.. _waits:

.. table:: Waits

   ===== =====
   queue wait
   ===== =====
   one   3
   ===== =====

See :numref:`second`, :numref:`waits` and :numref:`third`.
""",
    "b.rst": """Page B
======

:numref:`first`, :numref:`second`, and :numref:`Table {number} <waits>`.

.. _third:

.. figure:: pixel.png

   The third figure, on page B.
""",
}
#: A 1x1 PNG, so that the figures have an image.
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7356a810000000049454e44ae426082")
REFERENCES = 5


def _build(tmp_path: Path, extension: bool) -> tuple[dict[str, str], int]:
    """Build the project; return the HTML of pages a and b and how often page a's doctree was read."""
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import docutils_namespace

    source = tmp_path / "source"
    source.mkdir()
    for name, text in PAGES.items():
        (source / name).write_text(text, encoding="utf-8")
    (source / "pixel.png").write_bytes(PIXEL)
    conf = "numfig = True\n" + ("extensions = ['numref_lookup']\n" if extension else "")
    (source / "conf.py").write_text(conf, encoding="utf-8")
    reads = []
    original = BuildEnvironment.get_doctree

    def counting(env, docname):
        reads.append(docname)
        return original(env, docname)

    BuildEnvironment.get_doctree = counting
    warnings = io.StringIO()
    try:
        with docutils_namespace():  # each build registers its directives afresh, as sphinx-build does
            app = Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"), "html",
                         status=None, warning=warnings, freshenv=True)
            app.build()
    finally:
        BuildEnvironment.get_doctree = original
    assert app.statuscode == 0 and not warnings.getvalue(), warnings.getvalue()
    html = {page: (tmp_path / "html" / f"{page}.html").read_text(encoding="utf-8") for page in ("a", "b")}
    return html, reads.count("a")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    return {extension: _build(tmp_path_factory.mktemp(f"numref-{extension}"), extension) for extension in (False, True)}


def test_references_resolve_as_sphinx_resolves_them(builds):
    plain, _ = builds[False]
    looked_up, _ = builds[True]
    assert looked_up == plain
    assert "Fig. 2" in looked_up["a"] and "Table 1" in looked_up["a"] and "Fig. 3" in looked_up["a"]
    assert "Fig. 1" in looked_up["b"] and "Fig. 2" in looked_up["b"] and "Table 1" in looked_up["b"]


def test_each_target_page_is_read_once_for_all_its_references(builds):
    _, plain_reads = builds[False]
    _, looked_up_reads = builds[True]
    assert plain_reads - looked_up_reads == REFERENCES - 1, (plain_reads, looked_up_reads)


def test_the_kept_pages_are_dropped_when_sphinx_reads_again():
    from numref_lookup import NumrefLookupDomain, _forget_pages

    class Env:
        def __init__(self):
            self.domain = NumrefLookupDomain.__new__(NumrefLookupDomain)
            self.domain._read_pages = {"a": object()}

        def get_domain(self, name):
            assert name == "std"
            return self.domain

    env = Env()
    _forget_pages(None, env)
    assert env.domain._read_pages == {}
