"""Sphinx extension: the PDF numbers the course's chapters as the course does.

Jupyter Book turns each caption of ``_toc.yml`` into a LaTeX ``\\part`` and every page under it
into a numbered ``\\chapter``, so the "Start here" pages became chapters 1-3 and the course's
Chapter 1 the PDF's chapter 4.  This extension (LaTeX builds only) marks each part of the toc
as front matter, main matter, appendix or back matter and inserts, before the part, a LaTeX
command that switches numbering accordingly:

* front matter (the parts before the first ``numbered: true`` part): unnumbered chapters;
* main matter (the numbered parts): chapters numbered from 1, as in the course;
* appendix (unnumbered parts after the main matter, except the last): chapters lettered A, B, ...;
* back matter (the last part, when it follows the main matter): unnumbered.

The roles follow the toc's structure, not its captions, so a translated toc works unchanged;
``latex_matter_roles = {"caption": "front" | "main" | "appendix" | "back"}`` in the Sphinx
config overrides a part's role.  Register it in ``_config.yml`` under
``sphinx.local_extensions``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROLES = ("front", "main", "appendix", "back")

# Numbering switches for the report class Jupyter Book's LaTeX theme is built on (it has no
# \frontmatter or \mainmatter).  secnumdepth -2 numbers neither parts nor chapters; the parts
# themselves are never numbered ("Chapters", not "Part II Chapters").  The front matter keeps the
# table of contents' roman page numbers; page 1 is the first page of Chapter 1.
PREAMBLE = r"""
% latex_matter (tools/latex_matter.py): front and back matter unnumbered, the course's chapters from 1.
\makeatletter
\newcounter{matterSecnumdepth}\setcounter{matterSecnumdepth}{2}
\newif\ifmatterMainStarted
\newif\ifmatterAppendixStarted
\newcommand{\matterSave}{\ifnum\value{secnumdepth}>-2 \setcounter{matterSecnumdepth}{\value{secnumdepth}}\fi}
\newcommand{\matterPart}{\matterSave\setcounter{secnumdepth}{-2}}
\newcommand{\matterFront}{\matterSave\setcounter{secnumdepth}{-2}}
\newcommand{\matterMain}{\setcounter{secnumdepth}{\value{matterSecnumdepth}}%
  \ifmatterMainStarted\else\global\matterMainStartedtrue
    \setcounter{chapter}{0}\setcounter{figure}{0}\setcounter{table}{0}\pagenumbering{arabic}\fi}
\newcommand{\matterAppendix}{\setcounter{secnumdepth}{\value{matterSecnumdepth}}%
  \ifmatterAppendixStarted\else\global\matterAppendixStartedtrue\appendix\fi}
\newcommand{\matterBack}{\matterSave\setcounter{secnumdepth}{-2}}
% As sphinxmanual.cls's, but the front matter after the contents keeps roman page numbers.
\renewcommand{\sphinxtableofcontents}{%
  \pagenumbering{roman}%
  \begingroup\parskip\z@skip\sphinxtableofcontentshook\tableofcontents\endgroup
  \if@openright\cleardoublepage\else\clearpage\fi}
\makeatother
"""
COMMANDS = {"front": r"\matterFront", "main": r"\matterMain", "appendix": r"\matterAppendix", "back": r"\matterBack"}


def part_roles(parts: list[tuple[str, bool]], overrides: dict[str, str] | None = None) -> list[str]:
    """The role of each part, from its (caption, numbered) in toc order.

    >>> part_roles([("Start here", False), ("Chapters", True), ("Exercise sets", False), ("Back matter", False)])
    ['front', 'main', 'appendix', 'back']
    >>> part_roles([("A", False), ("B", False)])
    ['front', 'front']
    """
    overrides = overrides or {}
    numbered = [i for i, (_, is_numbered) in enumerate(parts) if is_numbered]
    roles = []
    for i, (caption, _) in enumerate(parts):
        if caption in overrides:
            role = overrides[caption]
        elif not numbered or i < numbered[0]:
            role = "front"
        elif i <= numbered[-1]:
            role = "main"
        elif i == len(parts) - 1:
            role = "back"
        else:
            role = "appendix"
        if role not in ROLES:
            raise ValueError(f"latex_matter_roles: {caption!r} has role {role!r}; use one of {ROLES}")
        roles.append(role)
    return roles


def toc_parts(app: Sphinx) -> list[tuple[str, bool]]:
    """(caption, numbered) of each part of the external toc (_toc.yml), in order."""
    site_map = getattr(app.config, "external_site_map", None)
    if site_map is None:
        return []
    return [(subtree.caption or "", bool(subtree.numbered)) for subtree in site_map.root.subtrees]


class InsertMatterCommands(SphinxPostTransform):
    """Around each part of the assembled LaTeX document, insert its numbering commands.

    Runs after sphinx-jupyterbook-latex has turned the toc captions into part sections (its
    post-transform has priority 700): ``\\matterPart`` before the part (an unnumbered part
    title), the role's command right after the title (for the chapters that follow).
    """

    default_priority = 750
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        if self.app.project.path2doc(self.document.get("source", "")) != self.config.root_doc:
            return
        parts = toc_parts(self.app)
        if not parts:
            return
        roles = part_roles(parts, self.config.latex_matter_roles)
        role_of = dict(zip((caption for caption, _ in parts), roles))
        done = set()
        for node in list(self.document.children):
            if not (isinstance(node, nodes.compound) and "toctree-wrapper" in node.get("classes", [])):
                continue
            start = node.next_node(addnodes.start_of_file)
            caption = start.get("docname") if start is not None else None
            section = start.next_node(nodes.section) if start is not None else None
            if caption not in role_of or caption in done or section is None or not isinstance(section[0], nodes.title):
                continue
            done.add(caption)
            node.parent.insert(node.parent.index(node), nodes.raw("", "\\matterPart\n", format="latex"))
            section.insert(1, nodes.raw("", COMMANDS[role_of[caption]] + "\n", format="latex"))
        missing = [c for c in role_of if c not in done]
        if missing:
            logger.warning("latex_matter: no LaTeX part found for toc caption(s) %s", ", ".join(missing))


def add_preamble(app: Sphinx, config) -> None:
    elements = config.latex_elements
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE


def setup(app: Sphinx) -> dict:
    app.add_config_value("latex_matter_roles", {}, "env", dict)
    app.connect("config-inited", add_preamble)
    app.add_post_transform(InsertMatterCommands)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
