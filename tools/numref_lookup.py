"""Sphinx extension: resolve ``{numref}`` references without re-reading the target page each time.

Sphinx 7.4 resolves every numbered reference (``{numref}`` to a figure, a table, a section) by
unpickling the whole doctree of the page it points to (``StandardDomain._resolve_numref_xref``
calls ``env.get_doctree``), only to look up the labelled node's type and number.  The book's
notebook pages are large (their figures are inside), and every reference to one of their figures
cost a full read of the page (the commit that added this extension measured the builds).

This subclass of the standard domain hands that method a lookup that unpickles each page once
per build and keeps it for the references that follow.  Nothing else changes: the method
itself is Sphinx's, and the doctrees it is given are the ones it would have read (pages are no
longer read or changed once Sphinx resolves references; the kept copies are dropped whenever
Sphinx reads pages again, at ``env-updated``).  ``tests/test_numref_lookup.py`` checks both.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain


class NumrefLookupDomain(StandardDomain):
    """Sphinx's standard domain, reading each referenced page at most once per build."""

    def __init__(self, env) -> None:
        super().__init__(env)
        self._read_pages: dict[str, nodes.document] = {}

    def _resolve_numref_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        read = self._read_pages

        def get_doctree(docname: str) -> nodes.document:
            if docname not in read:
                read[docname] = type(env).get_doctree(env, docname)
            return read[docname]

        env.get_doctree = get_doctree  # only for this call: Sphinx's method looks it up on env
        try:
            return super()._resolve_numref_xref(env, fromdocname, builder, typ, target, node, contnode)
        finally:
            del env.get_doctree


def _forget_pages(app: Sphinx, env) -> None:
    env.get_domain("std")._read_pages.clear()


def setup(app: Sphinx) -> dict:
    app.add_domain(NumrefLookupDomain, override=True)
    app.connect("env-updated", _forget_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
