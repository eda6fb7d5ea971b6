"""Read _toc.yml and expand it to the list of documents the book contains (used by the tests)."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

import yaml

SUFFIXES = (".md", ".ipynb")


def entries(toc: dict) -> list[dict]:
    """Every entry (file, glob or url) of a jb-book toc, depth first."""
    found = [{"file": toc["root"]}]

    def walk(items):
        for item in items or []:
            found.append(item)
            walk(item.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return found


#: Folders that hold no page of the book (never walked: .venv and node_modules are large).
SKIP = {".venv", "_build", "build", "node_modules", ".ipynb_checkpoints", ".git"}


def all_sources(root: Path) -> list[str]:
    """Docnames (path without suffix) of every page source in the repository."""
    names = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if d not in SKIP and not d.startswith(".")]
        for name in files:
            if name.endswith(SUFFIXES):
                rel = (Path(folder) / name).relative_to(root)
                names.append(rel.with_suffix("").as_posix())
    return sorted(names)


def documents(root: Path) -> list[str]:
    """Docnames the toc includes, with globs expanded as Sphinx does (name order)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    sources = all_sources(root)
    out: list[str] = []
    for entry in entries(toc):
        if "file" in entry:
            out.append(str(Path(entry["file"]).with_suffix("").as_posix()) if entry["file"].endswith(SUFFIXES) else entry["file"])
        elif "glob" in entry:
            out.extend(sorted(n for n in sources if fnmatch.fnmatchcase(n, entry["glob"]) and n not in out))
    return out
