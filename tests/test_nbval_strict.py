"""nbval really compares outputs: a changed number in a committed output must fail the run."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "chapters" / "ch01-introduction" / "03-customer-value.ipynb"


def _run_nbval(path: Path) -> subprocess.CompletedProcess:
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
        "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), str(path),
    ]
    return subprocess.run(command, cwd=path.parent, capture_output=True, text=True)


def test_changed_output_number_fails_and_original_passes(tmp_path):
    original = tmp_path / NOTEBOOK.name
    shutil.copy(NOTEBOOK, original)
    result = _run_nbval(original)
    assert result.returncode == 0, result.stdout[-2000:]

    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    # The course's ripple example: 50 yuan x 12 visits = 600 yuan a year. Change it to 601.
    changed = False
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain")
            if text == "600.0" or text == ["600.0"]:
                output["data"]["text/plain"] = "601.0"
                changed = True
    assert changed, "the notebook no longer shows the course's 600 yuan; update this test"
    tampered = tmp_path / "tampered.ipynb"
    tampered.write_text(json.dumps(notebook), encoding="utf-8")
    result = _run_nbval(tampered)
    assert result.returncode != 0
    assert "601.0" in result.stdout and "600.0" in result.stdout
