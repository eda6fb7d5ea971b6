"""Build one chapter of the book on its own, for a quick look while you write.

    python tools/preview_chapter.py 6            # chapter 6, with the front and back matter
    python tools/preview_chapter.py 6 --open     # ... and print the page to open

The book's full build executes every notebook; while you work on one chapter that is slow, and a
chapter that is half-way through a change elsewhere can stop it.  This script writes a table of
contents with the introduction, the glossary, the references and the chosen chapter only, builds
it into ``_build/preview-chNN`` (notebooks executed through that folder's own cache), and prints
the warnings that concern the chapter's files.  References to other chapters are reported as
"not in this preview" instead of as errors.  Exit status 1 if the chapter's own files warn.

The full build (``make book``) remains the check that counts.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from execute_notebooks import book_environment  # tools/: the environment of every build

ROOT = Path(__file__).resolve().parent.parent


def chapter_folder(number: int) -> Path:
    found = sorted(ROOT.glob(f"chapters/ch{number:02d}-*"))
    if not found:
        raise SystemExit(f"no chapter {number}: expected a folder chapters/ch{number:02d}-...")
    return found[0]


def preview_toc(folder: Path) -> dict:
    chapter = folder.relative_to(ROOT).as_posix()
    front = [{"file": "book/mirror-lake"}] if (ROOT / "book" / "mirror-lake.ipynb").is_file() else []
    return {
        "format": "jb-book",
        "root": "book/intro",
        "parts": [
            {"caption": "Start here", "chapters": front},
            {"caption": "Chapter", "numbered": True,
             "chapters": [{"file": f"{chapter}/index", "sections": [{"glob": f"{chapter}/[0-9]*"}]}]},
            {"caption": "Back matter", "chapters": [{"file": "book/glossary"}, {"file": "book/references"}]},
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", type=int, help="chapter number, 1-9")
    parser.add_argument("--open", action="store_true", help="print the path of the chapter's page")
    args = parser.parse_args(argv)
    folder = chapter_folder(args.chapter)
    out = ROOT / "_build" / f"preview-ch{args.chapter:02d}"
    toc = preview_toc(folder)
    if not toc["parts"][0]["chapters"]:
        toc["parts"].pop(0)
    with tempfile.NamedTemporaryFile("w", suffix=".yml", dir=ROOT, delete=False) as handle:
        yaml.safe_dump(toc, handle, sort_keys=False)
        toc_path = Path(handle.name)
    env = book_environment()
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", "--keep-going", "--toc", str(toc_path), "--path-output", str(out), str(ROOT)]
    print(f"building chapter {args.chapter} into {out} ...", flush=True)
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    finally:
        toc_path.unlink(missing_ok=True)
    log = result.stdout + result.stderr
    (out / "preview.log").parent.mkdir(parents=True, exist_ok=True)
    (out / "preview.log").write_text(log, encoding="utf-8")
    chapter = folder.relative_to(ROOT).as_posix()
    ours, elsewhere = [], []
    for line in log.splitlines():
        if "WARNING" not in line and "ERROR" not in line:
            continue
        if chapter not in line and "book/" not in line:
            continue
        if re.search(r"undefined label|unknown document|not in any toctree|Glue reference .* not found in doc 'chapters/(?!"
                     + re.escape(folder.name) + ")", line) and chapter not in line.split(":")[0]:
            elsewhere.append(line)
            continue
        if re.search(r"undefined label: 'ch0(?!" + str(args.chapter) + r")|unknown document: .*ch0(?!" + str(args.chapter) + ")", line):
            elsewhere.append(line)
            continue
        ours.append(line)
    for line in elsewhere:
        print(f"  (not in this preview) {line}")
    for line in ours:
        print(f"  {line}")
    page = out / "_build" / "html" / chapter / "index.html"
    print(f"{len(ours)} warning(s) in chapter {args.chapter}'s files; full log: {out / 'preview.log'}")
    if args.open:
        print(f"open {page}")
    return 1 if ours or result.returncode not in (0, 1) else 0


if __name__ == "__main__":
    sys.exit(main())
