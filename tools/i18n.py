"""The book's translations: catalogues, their checks, and the build of a translated edition.

    python tools/i18n.py extract                 the English text into message templates (Sphinx's
                                                 gettext builder), _build/gettext/<page>.pot
    python tools/i18n.py update [--lang zh_CN]   extract, then update the catalogues (sphinx-intl)
    python tools/i18n.py check  [--lang zh_CN]   is every catalogue complete and current?
    python tools/i18n.py status [--lang zh_CN]   how much of each page is translated
    python tools/i18n.py build  [--lang zh_CN]   build that edition into _build/html/<folder>
    python tools/i18n.py pdf    [--lang zh_CN]   that edition as a PDF (XeLaTeX, as make pdf)

The English pages and notebooks are the source.  Their text is extracted into message
templates (``_build/gettext/<page>.pot``), one per page, by the same Jupyter Book
configuration that builds the book, and the translations are kept in
``locales/<language>/LC_MESSAGES/<page>.po`` (sphinx-intl's layout).  Each catalogue entry is
one paragraph, title, list item, caption or alt text, written in MyST Markdown: a translation
keeps the roles of its English text (glued numbers, citations, cross-references) and
translates the words around them.

``check`` fails on any entry that is missing, untranslated, fuzzy (its English changed since
it was translated) or obsolete (its English is gone), and on a translation that lost or
changed a glued number, a citation, a cross-reference's target, inline code or maths of its
English text.  ``tests/test_translations.py`` runs it.

The translated edition reads the notebooks' outputs from the English build's jupyter-cache
(``_build/.jupyter_cache``): nothing is executed for it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from translations import EDITIONS, GLUED_DOMAIN, INTERFACE, INTERFACE_DOMAIN, needs_translation  # noqa: E402

LOCALES = ROOT / "locales"
POT = ROOT / "_build" / "gettext"
LANGUAGES = {code: folder for code, folder, _ in EDITIONS if code != "en"}

# --- what a translation must keep -----------------------------------------------------------

_GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`[^`]+`")
_ROLE = re.compile(r"\{([a-z]+(?::[a-z]+)?)\}`([^`]*)`")
_CODE = re.compile(r"(?<!`)`([^`{}]+)`(?!`)")
_MATH = re.compile(r"(?<![\\$])\$([^$\s][^$]*?)\$")
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _role_target(role: str, content: str) -> str:
    """The part of a role that must not change: its target (a link's text may be translated)."""
    match = re.search(r"<([^<>]+)>\s*$", content)
    if match and role in ("doc", "ref", "numref", "term"):
        return match.group(1)
    return content


def kept(text: str) -> Counter:
    """The pieces of ``text`` its translation must contain unchanged, counted."""
    pieces: Counter = Counter()
    without_glue = _GLUE.sub(" ", text)
    pieces.update(f"glue {m}" for m in _GLUE.findall(text))
    for role, content in _ROLE.findall(without_glue):
        if role in ("doc", "ref", "numref", "term"):
            pieces[f"{role} {_role_target(role, content)}"] += 1
        else:
            pieces[f"{role} {content}"] += 1
    without_roles = _ROLE.sub(" ", without_glue)
    pieces.update(f"code {m}" for m in _CODE.findall(without_roles))
    pieces.update(f"math {m.strip()}" for m in _MATH.findall(without_roles))
    pieces.update(f"link {m}" for m in _LINK.findall(without_roles))
    return pieces


#: A glued value whose key ends in ``_zh`` is the course's Chinese, glued so that English readers
#: see it beside the English ("no surprises" (不要吓我)); a Chinese translation may leave it out,
#: since the glued English value already prints in Chinese there (``_glued.po``).
_CHINESE_GLUE = re.compile(r"glue \{glue(?::[a-z]+)?\}`[^`]*_zh(?::[^`]*)?`")


def lost(english: str, translation: str) -> list[str]:
    """What the translation dropped or changed of the English text's kept pieces."""
    want, have = kept(english), kept(translation)
    problems = [f"missing {piece!r}" for piece in sorted((want - have).elements())
                if not _CHINESE_GLUE.fullmatch(piece)]
    problems += [f"not in the English: {piece!r}" for piece in sorted((have - want).elements())]
    return problems


# --- catalogues -----------------------------------------------------------------------------


@dataclass
class Report:
    """What ``check`` found in one language's catalogues."""

    pages: int = 0
    entries: int = 0
    translated: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)

    def add(self, page: str, problem: str) -> None:
        self.problems.setdefault(page, []).append(problem)


def _read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def templates(pot: Path = POT) -> dict[str, Path]:
    """Page name -> its message template, from the last ``update`` (or gettext build)."""
    return {str(p.relative_to(pot).with_suffix("")): p for p in sorted(pot.rglob("*.pot"))
            if "_static" not in p.parts}


def catalogue(page: str, language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{page}.po"


def check(language: str, pot: Path = POT, locales: Path = LOCALES) -> Report:
    """Compare the catalogues of ``language`` with the English text of the last extraction."""
    report = Report()
    pages = templates(pot)
    if not pages:
        raise SystemExit(f"no message templates in {pot}: run 'python tools/i18n.py update' first")
    folder = locales / language / "LC_MESSAGES"
    for extra in sorted(set(str(p.relative_to(folder).with_suffix("")) for p in folder.rglob("*.po")) - set(pages)):
        report.add(extra, "a catalogue for a page the book no longer has")
    for page, template in pages.items():
        report.pages += 1
        english = [m.id for m in _read(template) if m.id]
        path = folder / f"{page}.po"
        if not path.is_file():
            report.entries += len(english)
            report.add(page, f"no catalogue ({len(english)} entries to translate)")
            continue
        po = _read(path)
        entries = {m.id: m for m in po if m.id}
        for msgid in english:
            report.entries += 1
            message = entries.get(msgid)
            if message is None:
                report.add(page, f"not in the catalogue (run update): {msgid[:70]!r}")
            elif not message.string:
                report.add(page, f"untranslated: {msgid[:70]!r}")
            elif message.fuzzy:
                report.add(page, f"fuzzy (the English changed): {msgid[:70]!r}")
            else:
                problems = lost(msgid, message.string)
                if problems:
                    report.add(page, f"{msgid[:50]!r}: " + "; ".join(problems))
                else:
                    report.translated += 1
        for msgid in sorted(set(entries) - set(english)):
            report.add(page, f"obsolete (its English is gone): {msgid[:70]!r}")
        if po.obsolete:
            report.add(page, f"{len(po.obsolete)} obsolete entries (#~) left in the catalogue")
    return report


# --- commands -------------------------------------------------------------------------------


CACHE = ROOT / "_build" / ".jupyter_cache"


def _sphinx(builder: str, out: Path, doctrees: Path, overrides: dict, cache: Path = CACHE, jobs: int = 1,
            fresh: bool = False) -> int:
    from editions import sphinx

    return sphinx(builder, out, doctrees, overrides, cache, jobs=jobs, fresh=fresh)


def _write_template(path: Path, entries: dict[str, list[str]]) -> None:
    """A message template (``.pot``) of ``entries``: msgid -> comments saying where it is used."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="Customer Service: Strategy, Technology and Management")
    for text, comments in entries.items():
        catalog.add(text, auto_comments=comments)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


def extract(pot: Path = POT, cache: Path = CACHE, doctrees: Path = ROOT / "_build" / ".doctrees-gettext") -> int:
    """The English text of every page into ``pot`` (reads the notebooks' outputs from the cache),
    and the interface's words (``translations.INTERFACE``) into ``_interface.pot``."""
    # Every page read afresh: what reaches the catalogues also depends on tools/translations.py.
    status = _sphinx("gettext", pot, doctrees, {}, cache, fresh=True)
    _write_template(pot / f"{INTERFACE_DOMAIN}.pot", {text: [] for text in INTERFACE})
    glued = glued_words(pot.parent / "jupyter_execute")
    _write_template(pot / f"{GLUED_DOMAIN}.pot", {text: [", ".join(sorted(glued[text]))] for text in sorted(glued)})
    return status


def glued_words(folder: Path) -> dict[str, set[str]]:
    """The glued values that are words (not numbers or dates), with the ``page::key`` of each,
    from the glue records MyST-NB writes beside the build (``<page>.glue.json``)."""
    import ast
    import json

    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.glue.json")):
        page = str(path.relative_to(folder))[: -len(".glue.json")]
        for key, record in json.loads(path.read_text(encoding="utf-8")).items():
            plain = record.get("data", {}).get("text/plain")
            if plain is None:
                continue
            try:
                value = ast.literal_eval(plain)
            except (ValueError, SyntaxError):
                value = plain
            if needs_translation(value):
                found.setdefault(value, set()).add(f"{page}::{key}")
    return found


def update(language: str) -> int:
    status = extract()
    if status:
        return status
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(POT), "-l", language,
                    "-d", str(LOCALES), "-w", "0"], check=True, stdout=subprocess.DEVNULL)
    folder = LOCALES / language / "LC_MESSAGES"
    pages = templates()
    for path in sorted(folder.rglob("*.po")):
        if str(path.relative_to(folder).with_suffix("")) not in pages:
            print(f"removing the catalogue of a page the book no longer has: {path.relative_to(ROOT)}")
            path.unlink()
    for path in sorted(folder.rglob("*.mo")):
        path.unlink()
    return 0


def build(language: str, build_root: Path = ROOT / "_build", cache: Path = CACHE, jobs: int = 1) -> int:
    """Build the ``language`` edition and put it into the English site, ``<build_root>/html/<folder>``.

    Sphinx builds it in ``<build_root>/<folder>/html``, with its own doctrees, reading the
    notebooks' outputs from ``cache`` (the English build's), and the copy follows:
    MyST-NB writes the notebooks' files beside the build folder (``<build>/../jupyter_execute``),
    which inside the English site would land among its pages.
    """
    import shutil

    folder = LANGUAGES[language]
    build_dir = build_root / folder
    started = time.perf_counter()
    status = _sphinx("html", build_dir / "html", build_dir / ".doctrees", {"language": language}, cache, jobs)
    target = build_root / "html" / folder
    if status == 0:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(build_dir / "html", target)
    print(f"{language} edition: {time.perf_counter() - started:.0f} s; open {target / 'index.html'}")
    return status


def pdf(language: str, build_root: Path = ROOT / "_build", cache: Path = CACHE) -> int:
    """The ``language`` edition as one PDF, with the TeX set-up of ``make pdf`` (XeLaTeX, xeCJK):
    ``<build_root>/<folder>/latex/<targetname>.pdf``."""
    folder = LANGUAGES[language]
    latex = build_root / folder / "latex"
    started = time.perf_counter()
    status = _sphinx("latex", latex, build_root / folder / ".doctrees-latex", {"language": language}, cache)
    if status == 0:
        status = subprocess.run(["make", "all-pdf"], cwd=latex, stdout=subprocess.DEVNULL).returncode
    made = sorted(latex.glob("*.pdf"))
    print(f"{language} PDF: {time.perf_counter() - started:.0f} s; {made[0] if made else 'none written'}")
    return status if made else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("extract", "update", "check", "status", "build", "pdf"))
    parser.add_argument("--lang", default="zh_CN", choices=sorted(LANGUAGES))
    parser.add_argument("--no-extract", action="store_true",
                        help="check against the templates already in _build/gettext")
    parser.add_argument("-j", "--jobs", type=int, default=1,
                        help="build: read the pages in this many processes (make book: every core)")
    parser.add_argument("--pot", type=Path, default=POT,
                        help="extract, check: the folder of the English message templates (default _build/gettext)")
    parser.add_argument("--build-root", type=Path, default=ROOT / "_build",
                        help="build: the build folder whose html/ is the English site (default _build)")
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="build: the jupyter-cache with the notebooks' outputs (default _build/.jupyter_cache)")
    args = parser.parse_args(argv)
    if args.command == "extract":
        return extract(args.pot.resolve(), args.cache, args.pot.resolve().parent / ".doctrees-gettext")
    if args.command == "update":
        return update(args.lang)
    if args.command == "pdf":
        return pdf(args.lang, args.build_root.resolve(), args.cache)
    if args.command == "build":
        return build(args.lang, args.build_root.resolve(), args.cache, args.jobs)
    if not args.no_extract and extract(args.pot.resolve(), args.cache):
        return 1
    report = check(args.lang, args.pot.resolve())
    if args.command == "status":
        for page, problems in sorted(report.problems.items()):
            print(f"{len(problems):5d}  {page}")
    else:
        for page, problems in sorted(report.problems.items()):
            print(f"{page}:")
            for problem in problems[:20]:
                print(f"    {problem}")
            if len(problems) > 20:
                print(f"    ... and {len(problems) - 20} more")
    print(f"{args.lang}: {report.translated} of {report.entries} entries translated and consistent, "
          f"{report.pages} pages, {sum(map(len, report.problems.values()))} problems")
    return 0 if not report.problems else 1


if __name__ == "__main__":
    sys.exit(main())
