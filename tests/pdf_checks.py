"""Reading the built PDF for tests/test_pdf.py: pages, text, fonts, the XeLaTeX log, the contents.

Uses poppler's command-line tools (``pdfinfo``, ``pdftotext``, ``pdffonts``; Debian's
poppler-utils, which ``make pdf`` installs with TeX).  The parsing functions take text, so
tests/test_pdf.py can show each check failing on planted input without a PDF.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "_build" / "latex" / "customer-service.pdf"
LOG = PDF.with_suffix(".log")

#: Font names that carry Chinese glyphs (the preamble in _config.yml sets WenQuanYi Micro Hei).
CJK_FONTS = re.compile(r"WenQuanYi|MicroHei|Noto\w*CJK|SourceHan|Fandol|SimSun|SimHei|AR\w*PL", re.IGNORECASE)
#: XeLaTeX's note for a character no font in use can draw (it is left out of the PDF).
MISSING = re.compile(r"^Missing character: There is no (.+?) in font (.+?)!", re.MULTILINE)


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.MULTILINE)
    assert match, f"pdfinfo found no page count in {pdf}"
    return int(match.group(1))


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text in reading order (UTF-8), optionally of pages ``first`` to ``last``."""
    command = ["pdftotext", "-enc", "UTF-8"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    return _run(*command, str(pdf), "-")


@dataclass
class Font:
    name: str
    type: str
    embedded: bool
    unicode: bool


def parse_pdffonts(output: str) -> list[Font]:
    """The fonts listed by ``pdffonts`` (columns: name, type, encoding, emb, sub, uni, object ID).

    A long name pushes the other columns to the right, so each row is read from its end: object
    number and generation, then uni, sub, emb, the encoding (one word), the type (one or more
    words), and the name first.

    >>> out = '''name                                 type              encoding         emb sub uni object ID
    ... ------------------------------------ ----------------- ---------------- --- --- --- ---------
    ... ABCDEF+FreeSerif                     CID Type 0C       Identity-H       yes yes yes      6  0
    ... NKTJAE+LatinModernMath-Regular-Identity-H CID Type 0C       Identity-H       yes yes yes    258  0
    ... GHIJKL+WenQuanYiMicroHei             CID TrueType      Identity-H       no  yes no      12  0'''
    >>> for f in parse_pdffonts(out):
    ...     print(f.name, "|", f.type, "|", f.embedded, f.unicode)
    ABCDEF+FreeSerif | CID Type 0C | True True
    NKTJAE+LatinModernMath-Regular-Identity-H | CID Type 0C | True True
    GHIJKL+WenQuanYiMicroHei | CID TrueType | False False
    """
    rows = output.splitlines()
    start = next((i + 1 for i, line in enumerate(rows) if line.startswith("---")), len(rows))
    fonts = []
    for line in rows[start:]:
        words = line.split()
        if len(words) < 8:
            continue
        fonts.append(Font(words[0], " ".join(words[1:-6]), words[-5] == "yes", words[-3] == "yes"))
    return fonts


def fonts(pdf: Path) -> list[Font]:
    return parse_pdffonts(_run("pdffonts", str(pdf)))


def missing_characters(log: str) -> list[str]:
    """XeLaTeX's "Missing character" notes: each character the PDF silently lacks.

    >>> missing_characters("Missing character: There is no 囧 (U+56E7) in font FreeSerif/OT:script=latn;!")
    ['囧 (U+56E7) in FreeSerif/OT:script=latn;']
    """
    return [f"{char} in {font}" for char, font in MISSING.findall(log)]


# --- the book's chapters and how the PDF numbers them ------------------------------------------------


def title_of(docname: str, root: Path = ROOT) -> str:
    """A page's title: its first ``# `` heading (Markdown) or first Markdown cell heading (notebook)."""
    md, nb = root / f"{docname}.md", root / f"{docname}.ipynb"
    if md.is_file():
        source = md.read_text(encoding="utf-8")
    else:
        import nbformat

        source = "\n".join(c.source for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "markdown")
    match = re.search(r"^# (.+?)\s*$", source, re.MULTILINE)
    assert match, f"{docname} has no '# ' title"
    return re.sub(r"[*_`]", "", match.group(1))


def course_chapters(root: Path = ROOT) -> list[tuple[int, str]]:
    """(course chapter number, title) of each chapter page, from its folder ``chapters/chNN-...``."""
    found = []
    for index in sorted(root.glob("chapters/ch[0-9][0-9]-*/index.md")):
        number = int(re.match(r"ch(\d\d)", index.parent.name).group(1))
        found.append((number, title_of(index.relative_to(root).with_suffix("").as_posix(), root)))
    return found


def front_matter_pages(root: Path = ROOT) -> list[str]:
    """Titles of the pages in the toc's parts before the first numbered part (the front matter)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    titles = []
    for part in toc.get("parts", []):
        if part.get("numbered"):
            break
        for chapter in part.get("chapters", []):
            if "file" in chapter:
                titles.append(title_of(str(Path(chapter["file"]).with_suffix("")), root))
    return titles


def _squash(value: str) -> str:
    """Text without spaces, quotes made plain (PDF text wraps lines and curls quotes)."""
    value = value.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", "", value)


#: A line of the contents as ``pdftotext -layout`` gives it: an optional number or letter
#: (chapter 3, appendix B, section 3.2), the title, a page number (arabic or roman).
CONTENTS_LINE = re.compile(r"^\s*(?:(?P<number>\d+(?:\.\d+)*|[A-Z])\s+)?(?P<title>\S.*?)\s+(?P<page>\d+|[ivxlc]+)\s*$")


def contents_entries(contents: str) -> list[tuple[str | None, str]]:
    """(number or None, title) of each line of the contents that ends with a page number."""
    entries = []
    for line in contents.splitlines():
        match = CONTENTS_LINE.match(line)
        if match:
            entries.append((match.group("number"), match.group("title")))
    return entries


def numbering_problems(contents: str, chapters: list[tuple[int, str]], front: list[str]) -> list[str]:
    """How the PDF's table of contents departs from the course's numbering (empty: it does not).

    ``contents`` is the text of the contents pages (``pdftotext -layout``).  Each course chapter
    must be listed with its course number ("3  What customer service covers (客户服务的内容)  41"),
    and each front-matter page with no number.  A title is matched by its first 30 characters
    (a long title wraps onto a second line).
    """
    entries = [(number, _squash(title)) for number, title in contents_entries(contents)]
    problems = []
    for number, title in chapters:
        key = _squash(title)[:30]
        found = [n for n, t in entries if t.startswith(key)]
        if not found:
            problems.append(f"chapter {number} ({title}) is not in the contents")
        elif found[0] != str(number):
            problems.append(f"the course's chapter {number} ({title}) is numbered {found[0] or 'nothing'} in the PDF")
    for title in front:
        key = _squash(title)[:30]
        found = [n for n, t in entries if t.startswith(key)]
        if not found:
            problems.append(f"front-matter page {title!r} is not in the contents")
        elif found[0] is not None:
            problems.append(f"front-matter page {title!r} is numbered {found[0]} in the PDF")
    return problems


def contents_text(pdf: Path, limit: int = 40) -> str:
    """Text of the first pages (the title page and the contents), laid out as printed."""
    return _run("pdftotext", "-enc", "UTF-8", "-layout", "-f", "1", "-l", str(limit), str(pdf), "-")
