"""How long each edition of the book takes to build: English alone against English and Chinese.

    python benchmarks/editions_speed.py [--jobs N] [--keep]

Both builds read the notebooks' outputs from the jupyter-cache of ``make book``
(``_build/.jupyter_cache``, filled by ``tools/warm_cache.py``: run ``make book`` once first), so
this measures what the translation adds, not notebook execution.  In a temporary folder, each
from nothing (no doctrees, no HTML):

1. the English edition, as ``make book`` builds it (``jupyter-book build``);
2. the Chinese edition, as ``make book`` builds it next (``tools/i18n.py build``, reading its
   pages on ``--jobs`` cores, default all), into the English site's ``zh/``;
3. the Chinese edition again with one core, for comparison.

Target (issue 16): the Chinese edition adds at most as much time as the English build takes.
The figures go to the terminal and to ``_build/artifacts/editions-speed.json``, with the core
count and the load average: on a shared machine they are only as good as the quiet they were
measured in.  Nothing here fails on a slow run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_speed import BIN, ROOT, _env  # the clean-build benchmark's environment (benchmarks/)

CACHE = ROOT / "_build" / ".jupyter_cache"


def _timed(label: str, command: list[str], log: Path) -> float:
    print(f"{label} ...", flush=True)
    started = time.perf_counter()
    with log.open("w") as out:
        result = subprocess.run(command, cwd=ROOT, env=_env(), stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{label} failed (exit {result.returncode}); see {log}")
    print(f"{label}: {seconds:.0f} s", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary build folder")
    args = parser.parse_args()
    if not CACHE.is_dir():
        raise SystemExit("no notebook cache in _build/.jupyter_cache: run 'make book' first")
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="editions-speed-"))
    try:
        out = work / "out"
        (out / "_build").mkdir(parents=True)
        shutil.copytree(CACHE, out / "_build" / ".jupyter_cache")
        cache = out / "_build" / ".jupyter_cache"
        english = _timed("English edition, clean", [
            str(BIN / "jupyter-book"), "build", "--warningiserror", "--keep-going",
            "--path-output", str(out), str(ROOT)], work / "english.log")
        chinese = _timed(f"Chinese edition, clean, {args.jobs} core(s)", [
            str(BIN / "python"), "tools/i18n.py", "build", "--lang", "zh_CN", "--jobs", str(args.jobs),
            "--build-root", str(out / "_build"), "--cache", str(cache)], work / "chinese.log")
        shutil.rmtree(out / "_build" / "zh")
        serial = chinese
        if args.jobs > 1:
            serial = _timed("Chinese edition, clean, 1 core", [
                str(BIN / "python"), "tools/i18n.py", "build", "--lang", "zh_CN", "--jobs", "1",
                "--build-root", str(out / "_build"), "--cache", str(cache)], work / "chinese-serial.log")
        figures = {
            "english_seconds": round(english, 1),
            "chinese_seconds": round(chinese, 1),
            "chinese_one_core_seconds": round(serial, 1),
            "jobs": args.jobs,
            "both_seconds": round(english + chinese, 1),
            "target": "Chinese edition <= English build",
            "met": chinese <= english,
            "cores": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    print()
    print(f"{'English alone':<32}{figures['english_seconds']:>8.0f} s")
    print(f"{'Chinese, ' + str(args.jobs) + ' core(s)':<32}{figures['chinese_seconds']:>8.0f} s "
          f"({figures['chinese_seconds'] / figures['english_seconds']:.2f} x English)")
    print(f"{'Chinese, 1 core':<32}{figures['chinese_one_core_seconds']:>8.0f} s")
    print(f"{'both editions (make book)':<32}{figures['both_seconds']:>8.0f} s")
    print(f"target: the Chinese edition adds at most the English build's time: "
          f"{'met' if figures['met'] else 'missed'}")
    print(f"cores {figures['cores']}, load before {figures['load_before']}, after {figures['load_after']}")
    artifacts = ROOT / "_build" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "editions-speed.json").write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
