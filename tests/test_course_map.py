"""The book maps onto the course: glossary terms in the course's Chinese, a concordance per chapter.

* Every glossary term has its Chinese, where that Chinese wording comes from, and a meaning; the term's
  chapter is its file (``book/glossary/chNN.csv``).  Where the source is the course slides or a
  supplement, every part of the Chinese term occurs in that document (compared in Simplified
  Chinese, after OpenCC's traditional-to-simplified conversion), so a student can find it there.
* Every chapter page has a concordance, "From the course to this book", labelled
  ``(chNN-concordance)=``: a table whose rows name the course's sections (第一节 ...) and their
  numbered parts (一、...) as listed in ``book/course-outline.yml``, each row with a link into the
  book.

The course material is read from ``../shared/course`` beside the repository (as in CI); the
source checks are skipped, with a reason, only if that folder is absent.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT.parent / "shared" / "course"
OUTLINE = yaml.safe_load((ROOT / "book" / "course-outline.yml").read_text(encoding="utf-8"))["chapters"]
NUMERALS = "一二三四五六七八九十"

#: Value of the glossary's "Chinese wording from" column -> the document that holds that wording.
SOURCES = {
    "course slides": ["course-slides-zh-hant.txt", "course-slides-ch1-5-zh-hans.txt"],
    "service-standards slides": ["service-standards-slides.txt"],
    "service-visibility handbook": ["service-visibility-handbook.txt"],
    "satisfaction slides": ["satisfaction-slides.txt"],
    "literature": [],
    "ours": [],
}
GLOSSARY_COLUMNS = ["English", "Chinese", "Chinese wording from", "Meaning"]
GLOSSARIES = sorted((ROOT / "book" / "glossary").glob("ch[0-9][0-9].csv"))
CHAPTER_PAGES = sorted(ROOT.glob("chapters/ch[0-9][0-9]-*/index.md"))


def _normalise(text: str) -> str:
    """Simplified Chinese without pinyin glosses, spaces or punctuation variants."""
    import opencc

    text = re.sub(r"\([a-zàáǎèéěìíǐòóǒùúǔüǘǚǜāēīōūńňḿ\s]+\)", "", text)   # extraction's pinyin
    text = opencc.OpenCC("t2s").convert(text)
    return re.sub(r"[\s\u3000]+", "", text)


@lru_cache(maxsize=None)
def _document(name: str) -> str:
    return _normalise((COURSE / name).read_text(encoding="utf-8"))


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == GLOSSARY_COLUMNS, f"{path.name}: columns must be {GLOSSARY_COLUMNS}"
        return list(reader)


def test_every_chapter_has_a_glossary():
    assert [p.stem for p in GLOSSARIES] == [f"ch{n:02d}" for n in range(1, 10)]


@pytest.mark.parametrize("path", GLOSSARIES, ids=[p.stem for p in GLOSSARIES])
def test_glossary_terms_have_chinese_source_and_meaning(path):
    problems = []
    for number, row in enumerate(_rows(path), start=2):
        if not row["English"].strip() or not row["Meaning"].strip():
            problems.append(f"line {number}: english and meaning are required")
        if not re.search(r"[\u4e00-\u9fff]", row["Chinese"]):
            problems.append(f"line {number} ({row['English']}): no Chinese term")
        if row["Chinese wording from"] not in SOURCES:
            problems.append(f"line {number} ({row['English']}): 'Chinese wording from'={row['Chinese wording from']!r} "
                            f"must be one of {sorted(SOURCES)}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.skipif(not COURSE.is_dir(), reason="the course material (../shared/course) is not beside the repository")
@pytest.mark.parametrize("path", GLOSSARIES, ids=[p.stem for p in GLOSSARIES])
def test_glossary_chinese_is_found_in_its_source(path):
    missing = []
    for row in _rows(path):
        documents = SOURCES.get(row["Chinese wording from"], [])
        if not documents:
            continue
        text = "".join(_document(name) for name in documents)
        parts = [p for p in re.split(r"\s*[/、,，;；]\s*|\s+", row["Chinese"]) if re.search(r"[\u4e00-\u9fff]", p)]
        absent = [p for p in parts if _normalise(p) not in text]
        if absent:
            missing.append(f"{row['English']}: {absent} not in the {row['Chinese wording from']}")
    assert not missing, f"{path.name}: Chinese said to come from a source that does not contain it:\n" + "\n".join(missing)


def _concordance(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    number = int(page.parent.name[2:4])
    label = f"(ch{number:02d}-concordance)="
    assert label in text, f"{page.parent.name}/index.md has no concordance section labelled {label}"
    after = text.split(label, 1)[1]
    table = re.search(r"((?:^\|.*\n?)+)", after, flags=re.M)
    assert table, f"{page.parent.name}: no table after {label}"
    return table.group(1)


@pytest.mark.parametrize("page", CHAPTER_PAGES, ids=[p.parent.name for p in CHAPTER_PAGES])
def test_chapter_concordance_lists_every_section_and_part(page):
    number = int(page.parent.name[2:4])
    table = _concordance(page)
    flat = re.sub(r"\s+", "", table)
    missing = []
    for s, section in enumerate(OUTLINE[number]["sections"]):
        heading = f"第{NUMERALS[s]}节{section['title']}"
        if heading not in flat:
            missing.append(heading)
        for p, part in enumerate(section["parts"]):
            if f"{NUMERALS[p]}、{part}" not in flat:
                missing.append(f"{NUMERALS[p]}、{part}")
    assert not missing, f"{page.parent.name}: the concordance does not name: {missing}"
    rows = [r for r in table.splitlines()[2:] if r.strip()]
    unlinked = [r for r in rows if not re.search(r"\{(?:ref|doc|numref)\}`", r)]
    assert not unlinked, f"{page.parent.name}: concordance rows without a link into the book: {unlinked}"


def test_concordance_check_can_fail(tmp_path):
    page = CHAPTER_PAGES[0]
    text = page.read_text(encoding="utf-8")
    if "-concordance)=" not in text:
        pytest.skip("chapter 1 has no concordance yet")
    first = OUTLINE[1]["sections"][0]["parts"][0]
    broken = tmp_path / "ch01-introduction" / "index.md"
    broken.parent.mkdir()
    broken.write_text(text.replace(f"一、{first}", "一、(removed)"), encoding="utf-8")
    with pytest.raises(AssertionError, match=first):
        test_chapter_concordance_lists_every_section_and_part(broken)
