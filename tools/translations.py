"""Sphinx extension: the book in more than one language (listed in ``_config.yml``).

The English pages and notebooks are the source.  A translation lives beside them as gettext
catalogues, one per page, in ``locales/<language>/LC_MESSAGES/<page>.po`` (Sphinx's standard
internationalisation, managed with sphinx-intl; ``tools/i18n.py`` updates and checks them).
Both editions read the same notebooks and the same executed outputs from the jupyter-cache:
nothing is executed twice.  ``make book`` builds the English edition into ``_build/html`` and
the Chinese one into ``_build/html/zh``.

What Sphinx and MyST-NB do not do on their own, and this extension adds:

1. Glued numbers in translated text.  Sphinx parses each translated paragraph as a small
   document of its own, and MyST-NB's ``{glue:text}`` role looks for the notebook's glued
   values in that small document, which has none.  In translated text the role names its
   page, so the value is read from the page's glued data, as for a role naming another page.

2. Text Sphinx would miss.  Table cells inside an admonition have no source file, and Sphinx
   leaves such text out of the catalogues; they are given their page's.  Exercise titles are
   rebuilt by sphinx-exercise after Sphinx extracts and translates; they are handled apart.

3. Alt text of the notebooks' figures.  MyST-NB chooses a figure's image only after Sphinx
   has translated the page, so Sphinx neither extracts nor translates its alt text.  The
   gettext builder is given the HTML builder's choice of outputs (so the alt texts enter the
   catalogues) and a late step translates them from the page's catalogue.

   Glued values that are words (a branch, a category, a date) are translated as well: dates by
   rule, the rest from the catalogue ``_glued.po``.

4. Chinese search that is quick.  Sphinx 7's Chinese indexer keeps every Latin word it has
   seen in a list and searches that list for each word it stems, which grows quadratically
   with the book, and runs jieba over all text, Latin included.  The same indexer with a set,
   and jieba on the Chinese runs only.

5. The language switch and the interface.  Every page of every edition has a button to the
   same page in the other edition (relative links: the site works offline), and the words of
   the theme (search box, buttons, labels) come from the catalogue ``_interface.po``.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from docutils import nodes
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

logger = logging.getLogger(__name__)

#: The editions: language code, the folder of its site below the English one, its own name.
EDITIONS = (
    ("en", "", "English"),
    ("zh_CN", "zh", "中文"),
)


def translated(config) -> bool:
    """True for the build of a translated edition (not the English one)."""
    return bool(config.language) and config.language != "en"


def catalogue_path(srcdir, folder: str, language: str, domain: str) -> Path:
    """Where the catalogue ``domain`` (a page, or ``_glued``, ``_interface``) of ``language`` is."""
    return Path(srcdir, folder, language, "LC_MESSAGES", f"{domain}.po")

# --- 1. glue in translated paragraphs ------------------------------------------------------

#: A glue role: ``{glue:text}`key:fmt``` (the page's own value), or ``page.ipynb::key:fmt``.
_GLUE_ROLE = re.compile(r"(\{glue(?::[a-z]+)?\}`)([^`]+)`")


def _name_page(match: re.Match, page: str) -> str:
    """The glue role of ``match`` with ``page`` named (and MyST-NB's default format, ``s``, spelt
    out: in ``page::key`` without a format the role would read ``page:`` as the key)."""
    role, content = match.group(1), match.group(2)
    if "::" in content:
        return match.group(0)
    return f"{role}{page}::{content}{'' if ':' in content else ':s'}`"


def _patch_translated_glue() -> None:
    """Make the glue roles of a translated paragraph name their page.

    The role then reads the value from the page's glued data once the page is read (as a
    role naming another page does), instead of from the small document that holds the
    translated paragraph, which has none.
    """
    from sphinx.transforms import i18n

    if getattr(i18n, "_book_patched", False):
        return
    original = i18n.publish_msgstr

    def publish_msgstr(app, source, source_path, *args, **kwargs):
        if "{glue" in source and str(source_path).endswith(".ipynb"):
            page = Path(str(source_path)).name
            source = _GLUE_ROLE.sub(lambda match: _name_page(match, page), source)
        _translating.active = True
        try:
            return original(app, source, source_path, *args, **kwargs)
        finally:
            _translating.active = False

    i18n.publish_msgstr = publish_msgstr
    i18n._book_patched = True


# --- 1a. the cost of translated text -------------------------------------------------------
#
# Every translated paragraph is parsed on its own (about 8,000 on the Chinese edition), and three
# steps of that parse are slow for reasons unrelated to the text: MyST builds a new Markdown
# parser, with all its plugins, for each one; it computes docutils' default settings afresh for
# a document it never uses; and every citation looks its pybtex and sphinxcontrib-bibtex plugins
# up by scanning all installed packages' entry points.  While Sphinx translates, the parser is
# made once per configuration; the settings and the plugins are looked up once.

_translating = threading.local()


def _patch_parse_costs() -> None:
    import functools
    import importlib.metadata

    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin
    from myst_parser.mdit_to_docutils import base

    if getattr(base, "_book_patched", False):
        return

    @functools.lru_cache(maxsize=None)
    def plugins(group: str, name: str | None = None) -> tuple:
        found = importlib.metadata.entry_points(group=group, **({"name": name} if name else {}))
        return tuple(found)

    # pybtex also lists a whole group (entry_points(group=...)) when it enumerates plugins
    pybtex.plugin.entry_points = lambda group, name=None: plugins(group, name)
    sphinxcontrib.bibtex.plugin._entry_points = lambda group, name: list(plugins(group, name))

    settings = {}
    new_document = base.new_document

    def make_document(source_path="notset", parser_cls=base.RSTParser):
        if parser_cls not in settings:
            from docutils.frontend import get_default_settings

            settings[parser_cls] = get_default_settings(parser_cls)
        return new_document(source_path, settings=settings[parser_cls].copy())

    base.make_document = make_document
    base._book_patched = True

    from myst_parser.parsers import sphinx_ as myst_sphinx

    create = myst_sphinx.create_md_parser
    made: dict = {}

    def create_md_parser(config, renderer):
        if not getattr(_translating, "active", False):
            return create(config, renderer)
        key = (id(config), renderer)
        if key not in made or made[key][0] is not config:
            made[key] = (config, create(config, renderer))
        return made[key][1]

    myst_sphinx.create_md_parser = create_md_parser


def _forget_translation_documents(app: Sphinx, doctree: nodes.document) -> None:
    """Detach translated nodes from the small documents Sphinx parsed them in.

    Those documents share the build's settings, which hold the whole build environment; a node
    that still points to one drags the environment into the page's pickled doctree (3 MB a page
    instead of 100 KB), and Sphinx unpickles other pages' doctrees again and again to number
    figures and resolve references.  A node without its own document finds the page's through
    its parent.
    """
    for node in doctree.findall():
        own = getattr(node, "_document", None)
        if own is not None and own is not doctree:
            node._document = None


# --- 1b. text that MyST parses inside a directive -----------------------------------------


class SourceOfNestedText(Transform):
    """Give Sphinx's translation the text it would miss: tables in boxes, exercise titles.

    A table inside an admonition (MyST's nested parse) comes out with paragraphs that have no
    source file, and Sphinx takes such text for its own built-in words and leaves it out of the
    catalogues; they are given the place of their page.

    An exercise's title ("The average call" in ``{exercise} The average call``) is translated
    here, while the page is read, but sphinx-exercise rebuilds the title after reading ("Exercise
    3 (The average call)"), so the gettext builder, which extracts from the finished page, never
    sees it; for that builder each title is also left in the page as a ``meta`` entry, which it
    extracts (the HTML has no such entries).

    This runs just before Sphinx's ``Locale`` transform (priority 20).
    """

    default_priority = 19

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(nodes.TextElement):
            if node.source or not node.rawsource:
                continue
            parent = node.parent
            while parent is not None and not parent.source:
                parent = parent.parent
            if parent is not None:
                node.source, node.line = parent.source, parent.line
        try:
            from sphinx_exercise.nodes import exercise_subtitle
        except ImportError:  # pragma: no cover - the book always has sphinx-exercise
            return
        env = self.document.settings.env
        gettext = env.app.builder.name == "gettext"
        for subtitle in list(self.document.findall(exercise_subtitle)):
            title = subtitle.parent
            subtitle.rawsource = subtitle.astext()
            subtitle.source, subtitle.line = title.source, title.line
            subtitle["translatable"] = True
            if gettext:
                entry = nodes.meta(content=subtitle.rawsource)
                entry.source, entry.line = title.source, title.line
                self.document += entry


class TranslatedExercisesForSolutions(Transform):
    """Let solutions name their exercise by its translated title.

    sphinx-exercise keeps a copy of each exercise, made while the page is parsed (before Sphinx
    translates it), from which a solution elsewhere takes its exercise's title ("Solution to
    Exercise 1 (...)"); the copy is made again from the translated exercise.
    """

    default_priority = 25  # after Sphinx's Locale (20)

    def apply(self, **kwargs) -> None:
        env = self.document.settings.env
        registry = getattr(env, "sphinx_exercise_registry", None)
        if not registry or not translated(env.config):
            return
        try:
            from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node
        except ImportError:  # pragma: no cover
            return
        for node in self.document.findall(lambda n: isinstance(n, (exercise_enumerable_node, exercise_node))):
            entry = registry.get(node.get("label"))
            if entry is not None and entry.get("docname") == env.docname:
                entry["node"] = node.deepcopy()


# --- 2. alt text of notebook figures --------------------------------------------------------

#: The outputs the gettext builder keeps: the HTML builder's, so that the catalogues hold the
#: figures' alt texts (MyST-NB knows no priorities for the gettext builder).
GETTEXT_MIME_PRIORITY = (
    ("gettext", "application/vnd.jupyter.widget-view+json", 10),
    ("gettext", "application/javascript", 20),
    ("gettext", "text/html", 30),
    ("gettext", "image/svg+xml", 40),
    ("gettext", "image/png", 50),
    ("gettext", "image/jpeg", 60),
    ("gettext", "text/markdown", 70),
    ("gettext", "text/latex", 80),
    ("gettext", "text/plain", 90),
)


class TranslateAltText(SphinxPostTransform):
    """Translate the alt text of images that appear only after MyST-NB's choice of outputs."""

    default_priority = 10  # after myst_nb's SelectMimeType (4)

    def run(self, **kwargs) -> None:
        config = self.config
        if not translated(config) or self.app.builder.name == "gettext":
            return
        dirs = [str(Path(self.app.srcdir, d)) for d in config.locale_dirs]
        domain = docname_to_domain(self.env.docname, config.gettext_compact)
        catalog, has_catalog = init_locale(dirs, config.language, domain)
        if not has_catalog:
            return
        for image in self.document.findall(nodes.image):
            alt = image.get("alt")
            if alt:
                chinese = catalog.gettext(alt)
                if chinese and chinese != alt:
                    image["alt"] = chinese


# --- 2b. glued words ------------------------------------------------------------------------
#
# Most glued values are numbers, which read the same in both editions.  Some are words: a
# branch, a complaint category, a verdict ("on track"), a date.  In a translated edition those
# words are translated too: dates by rule (2026年3月2日), the others from the catalogue
# ``_glued.po``, whose template ``tools/i18n.py extract`` writes from the notebooks' glued data.

GLUED_DOMAIN = "_glued"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = {"Monday": "星期一", "Tuesday": "星期二", "Wednesday": "星期三", "Thursday": "星期四",
             "Friday": "星期五", "Saturday": "星期六", "Sunday": "星期日"}
_DATE = re.compile(rf"(?:(?P<weekday>{'|'.join(_WEEKDAYS)}) ?)?(?:(?P<day>\d{{1,2}}) )?"
                   rf"(?P<month>{'|'.join(_MONTHS)})?(?: ?(?P<year>\d{{4}}))?")


def chinese_date(text: str) -> str | None:
    """A date as the English pages glue it ("2 March 2026", "March 2026", "Saturday 28 March",
    "Sunday", "May") in Chinese, or None if ``text`` is no date."""
    match = _DATE.fullmatch(text.strip())
    if not match or not (match["month"] or match["weekday"]) or (match["day"] and not match["month"]):
        return None
    date = (f"{match['year']}年" if match["year"] else "") + (
        f"{_MONTHS.index(match['month']) + 1}月" if match["month"] else "") + (
        f"{int(match['day'])}日" if match["day"] else "")
    weekday = _WEEKDAYS[match["weekday"]] if match["weekday"] else ""
    return f"{date}（{weekday}）" if date and weekday else date or weekday


def glued_words(text: str, catalogue: dict[str, str]) -> str:
    """The translation of a glued value: from the catalogue, a date by rule, else unchanged."""
    return catalogue.get(text) or chinese_date(text) or text


def needs_translation(value) -> bool:
    """A glued value whose words a translated edition translates: text with letters, no date."""
    return isinstance(value, str) and bool(re.search(r"[A-Za-z]", value)) and chinese_date(value) is None


class TranslateGluedWords(SphinxPostTransform):
    """Translate glued words (``{glue:text}`` values that are text) in a translated edition."""

    default_priority = 11  # after MyST-NB's ReplacePendingGlueReferences (5)

    def run(self, **kwargs) -> None:
        config = self.config
        if not translated(config) or self.app.builder.name == "gettext":
            return
        catalogue = _catalogue_words(self.app.srcdir, config.locale_dirs, config.language, GLUED_DOMAIN)
        for node in list(self.document.findall(nodes.inline)):
            if "pasted-text" not in node.get("classes", []):
                continue
            text = node.astext()
            words = glued_words(text, catalogue)
            if words != text:
                node.children = []
                node += nodes.Text(words)


# --- 3. quick Chinese search ----------------------------------------------------------------


#: Runs of Chinese characters (CJK unified ideographs and their extensions A and compatibility).
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def _chinese_search():
    """Sphinx's Chinese search language, made quick.

    - Its list of the Latin words seen so far becomes a set (it is searched for every word).
    - jieba segments only the runs of Chinese characters, without its HMM for unknown words:
      the Latin words and numbers are found by Sphinx's own pattern anyway, and most of the
      book's text that is not prose (tables, code, outputs) is Latin.
    """
    from sphinx.search import zh

    class QuickChinese(zh.SearchChinese):
        def init(self, options) -> None:
            super().init(options)
            self.latin_terms = _LatinTerms()

        def split(self, input: str) -> list[str]:
            chinese = []
            if zh.JIEBA:
                chinese = [word for run in _HAN.findall(input)
                           for word in zh.jieba.cut_for_search(run, HMM=False)]
            latin = [term.strip() for term in self.latin1_letters.findall(input)]
            self.latin_terms.extend(latin)
            return chinese + latin

    return QuickChinese


class _LatinTerms(set):
    """A set that accepts ``extend`` (Sphinx calls it as it would on a list)."""

    def extend(self, words) -> None:
        self.update(words)


# --- 4. the language switch and the interface --------------------------------------------

#: Words of the theme and of this book's own extensions that are not on any page: they are
#: translated in ``locales/<language>/LC_MESSAGES/_interface.po`` (``tools/i18n.py update``
#: writes its template).  Whole attribute values and element texts are replaced in the HTML of
#: a translated edition; ``Sections of `` is the start of the sidebar's labels (reader_html).
INTERFACE = (
    "Customer Service: Strategy, Technology and Management",
    "The servicelab authors",
    "Text licensed CC BY 4.0; code licensed MIT.",
    "Search this book...",
    "Color mode",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Main",
    "Page",
    "Sections of ",
    "Click to hide",
    "Click to show",
    "Book (.pdf)",
    "Download the whole book as one PDF",
    "English",
    "Read this page in English",
    "中文",
    "Read this page in Chinese",
    # sphinx-book-theme's own Chinese says 列印 (Taiwan's usage) where mainland Chinese says 打印.
    "列印成 PDF",
    # the parts of the table of contents in the sidebar (_toc.yml's captions)
    "Start here",
    "Chapters",
    "Exercise sets",
    "Back matter",
    # Sphinx 7.4's Chinese has no words yet for its anchor links
    "Link to this heading",
    "Link to this image",
    "Link to this table",
    "Link to this code",
    "Link to this equation",
    # MyST-NB's folds of code cells
    "Show code cell source",
    "Hide code cell source",
    "Show code cell content",
    "Hide code cell content",
    "Show code cell outputs",
    "Hide code cell outputs",
    # the footer (the year comes from _config.yml)
    "© Copyright",
    # the PDF's table of contents (LaTeX's \contentsname, set in _translated_config)
    "Contents",
)

#: Interface words replaced wherever they stand in the HTML, not only as a whole text or value.
_ANYWHERE = ("© Copyright",)

#: Set at ``config-inited``: msgid -> msgstr of this edition's interface catalogue.
_interface: dict[str, str] = {}

INTERFACE_DOMAIN = "_interface"


def interface_catalogue(srcdir: str | Path, locale_dirs, language: str) -> dict[str, str]:
    """The translated interface words of ``language`` (empty for English or a missing catalogue)."""
    return _catalogue_words(srcdir, locale_dirs, language, INTERFACE_DOMAIN)


_WORDS: dict[tuple, dict[str, str]] = {}


def _catalogue_words(srcdir: str | Path, locale_dirs, language: str, domain: str) -> dict[str, str]:
    """msgid -> msgstr of the translated entries of one catalogue that is not a page's (read once)."""
    from babel.messages.pofile import read_po

    if language in (None, "", "en"):
        return {}
    key = (str(srcdir), tuple(locale_dirs), language, domain)
    if key not in _WORDS:
        found: dict[str, str] = {}
        for folder in locale_dirs:
            path = catalogue_path(srcdir, folder, language, domain)
            if path.is_file():
                with path.open("rb") as handle:
                    for message in read_po(handle):
                        if message.id and message.string and not message.fuzzy:
                            found[message.id] = message.string
        _WORDS[key] = found
    return _WORDS[key]


def tr(text: str) -> str:
    """``text`` in this edition's language (itself if untranslated)."""
    return _interface.get(text, text)


def _translated_config(app: Sphinx, config) -> None:
    """Title, author, footer and search box in the edition's language."""
    _interface.clear()
    _interface.update(interface_catalogue(app.srcdir, config.locale_dirs, config.language))
    if not _interface:
        return
    config.html_title = tr(config.html_title)
    config.project = tr(config.project) if config.project else config.project
    config.author = tr(config.author)
    options = dict(config.html_theme_options or {})
    for key in ("search_bar_text", "extra_footer"):
        if key in options:
            options[key] = tr(options[key])
    config.html_theme_options = options
    # The PDF (tools/i18n.py pdf): LaTeX's word for its table of contents, set at \begin{document},
    # after the language packages set theirs.
    if tr("Contents") != "Contents":
        elements = dict(config.latex_elements or {})
        renew = "\\AtBeginDocument{\\renewcommand{\\contentsname}{%s}}\n" % tr("Contents")
        elements["preamble"] = elements.get("preamble", "") + renew
        config.latex_elements = elements


def _translated_pdf_title(app: Sphinx, env, docnames) -> None:
    """The PDF's title page in the edition's language (Jupyter Book sets it after the config)."""
    if _interface and app.builder.format == "latex":
        app.config.latex_documents = [(doc, target, tr(title), tr(author), *rest)
                                      for doc, target, title, author, *rest in app.config.latex_documents]


def edition(language: str | None) -> tuple[str, str, str]:
    """(code, folder, name) of the edition in ``language`` (English for none or an unknown one)."""
    return next((e for e in EDITIONS if e[0] == (language or "en")), EDITIONS[0])


def editions_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A button to the same page in the other editions, and ``hreflang`` links: relative, offline."""
    here, here_folder, _ = edition(app.config.language)
    up = "../" * (pagename.count("/") + (1 if here_folder else 0))
    tooltips = {"en": "Read this page in English", "zh_CN": "Read this page in Chinese"}
    links = []
    for code, folder, name in EDITIONS:
        href = f"{up}{folder + '/' if folder else ''}{pagename}.html"
        links.append((code, name, href))
        context.setdefault("metatags", "")
        context["metatags"] += f'\n<link rel="alternate" hreflang="{code.replace("_", "-")}" href="{href}" />'
    buttons = [{
        "type": "link",
        "url": href,
        "text": tr(name),
        "tooltip": tr(tooltips[code]),
        "icon": "fas fa-language",
        "label": f"edition-{code.split('_')[0]}",  # the link's class: btn-edition-zh, btn-edition-en
    } for code, name, href in links if code != here]
    context["header_buttons"] = buttons + list(context.get("header_buttons", []))


def translate_interface(page: str) -> str:
    """Replace the interface words of one page's HTML by their translations (idempotent; nothing
    in the English edition).  reader_html applies it with its own fixes, in one pass over the pages."""
    for english, translated in _interface.items():
        if english == translated:
            continue
        if english in _ANYWHERE:
            page = page.replace(english, translated)
            continue
        if english.endswith(" "):  # a prefix: "Sections of <chapter>"
            page = page.replace(f'aria-label="{english}', f'aria-label="{translated}')
            continue
        page = page.replace(f'="{english}"', f'="{translated}"')
        page = page.replace(f">{english}<", f">{translated}<")
        page = page.replace(f"'{english}'", f"'{translated}'")
    return page


#: Extensions that do not say whether Sphinx may read pages in parallel for HTML, and may.
PARALLEL_SAFE_FOR_HTML = {
    # replaces how section numbers are assigned, after all pages are read, in the main process
    "sphinx_multitoc_numbering",
    # its transforms act for the LaTeX builder only
    "sphinx_jupyterbook_latex",
}


def _parallel_reading(app: Sphinx, env, docnames) -> None:
    """Let ``make book`` read the pages of an HTML build on all cores (``tools/i18n.py -j``)."""
    if app.builder.format != "html":
        return
    for name in PARALLEL_SAFE_FOR_HTML:
        extension = app.extensions.get(name)
        if extension is not None and extension.parallel_read_safe is None:
            extension.parallel_read_safe = True


def _words_changed(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Every page again when ``_glued.po`` or ``_interface.po`` changed: they are no page's
    source, so Sphinx would not know that its pages show their words."""
    import hashlib

    if not translated(app.config):
        return []
    digest = hashlib.sha256()
    for folder in app.config.locale_dirs:
        for domain in (GLUED_DOMAIN, INTERFACE_DOMAIN):
            path = catalogue_path(app.srcdir, folder, app.config.language, domain)
            digest.update(path.read_bytes() if path.is_file() else b"-")
    before = getattr(env, "book_words_digest", None)
    env.book_words_digest = digest.hexdigest()
    return sorted(env.found_docs) if before is not None and before != env.book_words_digest else []


def setup(app: Sphinx) -> dict:
    _patch_translated_glue()
    _patch_parse_costs()
    app.add_transform(SourceOfNestedText)
    app.add_transform(TranslatedExercisesForSolutions)
    app.add_post_transform(TranslateAltText)
    app.add_post_transform(TranslateGluedWords)
    app.add_search_language(_chinese_search())
    app.connect("config-inited", _gettext_outputs)
    app.connect("env-before-read-docs", _parallel_reading)
    app.connect("doctree-read", _forget_translation_documents)
    app.connect("env-get-outdated", _words_changed)
    app.connect("env-before-read-docs", _translated_pdf_title)
    app.connect("config-inited", _translated_config)
    # after reader_html's PDF button (800), so that its words are translated too
    app.connect("html-page-context", editions_context, priority=850)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _gettext_outputs(app: Sphinx, config) -> None:
    """Give the gettext builder the HTML builder's choice of notebook outputs."""
    current = list(config.nb_mime_priority_overrides or [])
    config.nb_mime_priority_overrides = current + [item for item in GETTEXT_MIME_PRIORITY if item not in current]
