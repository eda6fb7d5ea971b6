"""The PDF of the whole book: built with XeLaTeX and checked as a reader would find it.

``make pdf-check`` builds ``_build/latex/customer-service.pdf`` (installing Debian's TeX packages
if needed) and runs the tests marked ``pdf`` here; ``.ci/run`` does so after ``make test``.  They
are kept out of ``make test`` because the PDF takes a TeX installation and another minute or
two to build, and a contributor without TeX must still be able to run the suite.  They skip
unless ``PDF_CHECK=1`` (set by ``make pdf-check``, where a missing PDF is a failure) or
``BOOK_PDF=path`` names a PDF to check.

What is checked: the page count lies in a sane range; the nine chapters are there under their
titles, which carry the course's Chinese names; the Chinese text is set in an embedded CJK
font and can be extracted; XeLaTeX reported no missing character; and the PDF numbers the
course's chapters as the course does (the "Start here" pages are unnumbered front matter, see
tools/latex_matter.py).  The tests without the ``pdf`` mark show each check failing on planted
input; they run in ``make test``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pdf_checks
from pdf_checks import (
    course_chapters,
    front_matter_pages,
    missing_characters,
    numbering_problems,
    parse_pdffonts,
)

ROOT = Path(__file__).resolve().parent.parent
#: Pages: 314 when this check was written (Nov 2026).  Fewer than 200 means chapters are missing;
#: more than 800, that something runs away (a whole data table printed, say).
PAGES = (200, 800)


@pytest.fixture(scope="module")
def pdf() -> Path:
    """The PDF to check: only under ``make pdf-check`` (PDF_CHECK=1), which has just built it, or
    one named with BOOK_PDF.  A PDF left in _build by an earlier ``make pdf`` may be stale (built
    from other sources), so ``make test`` and ``make test-fast`` skip these tests, in CI too:
    ``.ci/run`` runs ``make pdf-check`` after ``make test``."""
    if not (os.environ.get("PDF_CHECK") or os.environ.get("BOOK_PDF")):
        pytest.skip("the PDF is checked by make pdf-check (PDF_CHECK=1) or with BOOK_PDF=path")
    path = Path(os.environ.get("BOOK_PDF", pdf_checks.PDF))
    if not path.is_file():
        pytest.fail(f"no PDF at {path}: build it with make pdf-check")
    return path


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return pdf_checks.text(pdf)


@pytest.mark.pdf
def test_page_count_is_sane(pdf):
    count = pdf_checks.pages(pdf)
    assert PAGES[0] <= count <= PAGES[1], f"{pdf.name} has {count} pages; expected {PAGES[0]}-{PAGES[1]}"


@pytest.mark.pdf
def test_the_nine_chapters_are_there_with_their_course_names(text):
    chapters = course_chapters(ROOT)
    assert len(chapters) == 9, chapters
    flat = pdf_checks._squash(text)
    missing = [f"{n}: {t}" for n, t in chapters if pdf_checks._squash(t) not in flat]
    assert not missing, "chapter titles not found in the PDF's text:\n" + "\n".join(missing)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in title) for _, title in chapters), (
        "every chapter title should carry the course's Chinese name"
    )


@pytest.mark.pdf
def test_chinese_is_set_in_an_embedded_cjk_font(pdf, text):
    fonts = pdf_checks.fonts(pdf)
    cjk = [f for f in fonts if pdf_checks.CJK_FONTS.search(f.name)]
    assert cjk, "no CJK font in the PDF: " + ", ".join(f.name for f in fonts)
    not_embedded = [f.name for f in fonts if not f.embedded]
    assert not not_embedded, f"fonts not embedded (a reader without them sees substitutes): {not_embedded}"
    assert all(f.unicode for f in cjk), "a CJK font lacks a ToUnicode map: its text cannot be searched or copied"
    chinese = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    assert chinese > 1000, f"only {chinese} Chinese characters could be extracted from the PDF"


@pytest.mark.pdf
def test_xelatex_reported_no_missing_character(pdf):
    log = pdf.with_suffix(".log")
    assert log.is_file(), f"no XeLaTeX log beside {pdf}"
    assert log.stat().st_mtime >= pdf.stat().st_mtime - 600, "the log is older than the PDF"
    missing = missing_characters(log.read_text(encoding="utf-8", errors="replace"))
    assert not missing, f"{len(missing)} character(s) are missing from the PDF (no font had them):\n" + "\n".join(
        sorted(set(missing))[:30]
    )


@pytest.mark.pdf
def test_the_course_chapters_keep_their_numbers(pdf):
    """Chapter 1 of the PDF is the course's Chapter 1: the front matter is not numbered."""
    problems = numbering_problems(pdf_checks.contents_text(pdf), course_chapters(ROOT), front_matter_pages(ROOT))
    assert not problems, "\n".join(problems)


# --- the checks can fail (planted input; no PDF needed) -------------------------------------------

CONTENTS_AS_BUILT_BEFORE = """\
                                        Contents

I    Start here                                                                3
1    How to use this book                                                      5
2    For instructors                                                           9
II   Chapters                                                                 25
3    Introduction to customer service (客户服务概论)                           27
     3.1   Why customers matter (客户的重要性) . . . . . . . . . . . . . . . . .  30
4    Customer behaviour (客户消费行为分析)                                     61
"""

CONTENTS_AS_WANTED = """\
                                        Contents

Start here                                                                    iii
How to use this book                                                            v
For instructors                                                                ix
Chapters                                                                         1
1    Introduction to customer service (客户服务概论)                            3
     1.1   Why customers matter (客户的重要性) . . . . . . . . . . . . . . . . .  6
2    Customer behaviour (客户消费行为分析)                                     37
"""

CHAPTERS = [(1, "Introduction to customer service (客户服务概论)"), (2, "Customer behaviour (客户消费行为分析)")]
FRONT = ["How to use this book", "For instructors"]


def test_numbering_check_catches_front_matter_counted_as_chapters():
    problems = numbering_problems(CONTENTS_AS_BUILT_BEFORE, CHAPTERS, FRONT)
    assert "the course's chapter 1 (Introduction to customer service (客户服务概论)) is numbered 3 in the PDF" in problems
    assert "front-matter page 'How to use this book' is numbered 1 in the PDF" in problems
    assert numbering_problems(CONTENTS_AS_WANTED, CHAPTERS, FRONT) == []


def test_numbering_check_catches_a_missing_chapter():
    problems = numbering_problems(CONTENTS_AS_WANTED, CHAPTERS + [(3, "What customer service covers (客户服务的内容)")], FRONT)
    assert problems == ["chapter 3 (What customer service covers (客户服务的内容)) is not in the contents"]


def test_missing_glyph_check_reads_xelatex_log():
    log = (
        "Overfull \\hbox (1.2pt too wide) in paragraph at lines 10--12\n"
        "Missing character: There is no ⏳ (U+23F3) in font FreeSerif/OT:script=latn;language=dflt;!\n"
    )
    assert missing_characters(log) == ["⏳ (U+23F3) in FreeSerif/OT:script=latn;language=dflt;"]
    assert missing_characters("Output written on customer-service.pdf (314 pages).") == []


def test_font_check_sees_an_unembedded_cjk_font():
    output = (
        "name                                 type              encoding         emb sub uni object ID\n"
        "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
        "AAAAAA+FreeSerif                     CID Type 0C       Identity-H       yes yes yes      7  0\n"
        "WenQuanYiMicroHei                    CID TrueType      Identity-H       no  no  yes     15  0\n"
    )
    fonts = parse_pdffonts(output)
    cjk = [f for f in fonts if pdf_checks.CJK_FONTS.search(f.name)]
    assert [f.name for f in cjk] == ["WenQuanYiMicroHei"] and not cjk[0].embedded
    assert fonts[0].embedded and fonts[0].type == "CID Type 0C"


def test_the_chapters_and_front_matter_are_read_from_the_repository():
    chapters = course_chapters(ROOT)
    assert [n for n, _ in chapters] == list(range(1, 10))
    assert front_matter_pages(ROOT), "the toc's first part (front matter) lists no page"
