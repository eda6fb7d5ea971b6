"""The table of contents and the files on disk agree both ways."""

import fnmatch
from pathlib import Path

import yaml

from toc import SUFFIXES, all_sources, documents, entries

ROOT = Path(__file__).resolve().parent.parent


def _exists(docname: str) -> bool:
    return any((ROOT / f"{docname}{suffix}").is_file() for suffix in SUFFIXES)


def test_every_toc_entry_exists():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for entry in entries(toc):
        if "file" in entry:
            assert _exists(entry["file"]), f"_toc.yml lists {entry['file']}, which does not exist"
        elif "glob" in entry:
            matched = [d for d in all_sources(ROOT) if fnmatch.fnmatchcase(d, entry["glob"])]
            assert matched, f"_toc.yml glob {entry['glob']} matches no page"


def test_every_chapter_page_and_notebook_is_in_the_toc():
    listed = set(documents(ROOT))
    for docname in all_sources(ROOT):
        if docname.startswith("chapters/"):
            assert docname in listed, f"{docname} is under chapters/ but not in _toc.yml"


def test_chapters_are_in_course_order():
    chapter_pages = [d for d in documents(ROOT) if d.startswith("chapters/") and d.endswith("/index")]
    numbers = [int(d.split("/")[1][2:4]) for d in chapter_pages]
    assert numbers == list(range(1, len(numbers) + 1)), chapter_pages


def test_toc_helper_expands_globs_in_name_order(tmp_path):
    # A self-check of the expansion used above, on a made-up book.
    (tmp_path / "chapters" / "ch01-x").mkdir(parents=True)
    for name in ("index.md", "02-b.ipynb", "01-a.ipynb", "notes.md"):
        (tmp_path / "chapters" / "ch01-x" / name).write_text("")
    (tmp_path / "intro.md").write_text("")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n- file: chapters/ch01-x/index\n"
        "  sections:\n  - glob: chapters/ch01-x/[0-9]*\n"
    )
    assert documents(tmp_path) == ["intro", "chapters/ch01-x/index", "chapters/ch01-x/01-a", "chapters/ch01-x/02-b"]
