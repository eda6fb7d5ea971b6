"""Command line: rebuild or check the book's synthetic data files.

    python -m servicelab.synth [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from servicelab.data import data_dir
from servicelab.synth import all_resources, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servicelab.synth", description=__doc__)
    parser.add_argument("--out", type=Path, default=None, help="folder to write (default: the package's datasets/ folder)")
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing")
    args = parser.parse_args(argv)
    folder = args.out or data_dir()

    resources = all_resources()
    print(f"generating {len(resources)} data sets ...", flush=True)
    files = render(resources, progress=True)
    stale = []
    for name, content in files.items():
        path = folder / name
        if args.check:
            same = path.is_file() and path.read_bytes() == content
            print(f"  {'ok     ' if same else 'DIFFERS'} {name}")
            if not same:
                stale.append(name)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            print(f"  wrote {path} ({len(content):,} bytes)")
    extra = sorted(p.name for p in folder.glob("*.csv") if p.name not in files) if folder.is_dir() else []
    for name in extra:
        if args.check:
            print(f"  EXTRA   {name} (no generator makes it)")
        else:
            (folder / name).unlink()
            print(f"  removed {folder / name} (no generator makes it any more)")
    if args.check and extra:
        stale.extend(extra)
    if stale:
        print(f"{len(stale)} file(s) differ from their generator: run `python -m servicelab.synth`")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
