"""Read _toc.yml and expand it to the list of documents the book contains (used by the tests)."""

from __future__ import annotations

import fnmatch
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


def all_sources(root: Path) -> list[str]:
    """Docnames (path without suffix) of every page source in the repository."""
    names = []
    for suffix in SUFFIXES:
        for path in root.rglob(f"*{suffix}"):
            rel = path.relative_to(root)
            if rel.parts[0] in {".venv", "_build", "build", "node_modules"} or ".ipynb_checkpoints" in rel.parts:
                continue
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
