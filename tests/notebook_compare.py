"""Compare a notebook's committed outputs with a fresh execution, cell by cell.

Used by tests/test_notebooks.py (every notebook of the book) and tests/test_notebook_compare.py
(planted faults).  The rules, as strict as nbval's and stricter on figures:

- every code cell keeps the same number of outputs: none added, none lost;
- the stream outputs of a cell are joined by name first, as nbval does (how printed text
  is cut into stream messages varies between runs; the text does not);
- each output keeps its type (stream name, result, display, error);
- every MIME type of every output is compared: ``text/plain``, ``text/html``, ``text/latex``,
  ``text/markdown``, JSON, the MyST-NB glue records ``application/papermill.record/*`` ...
  After the regular expressions of ``tests/nbval_sanitize.cfg`` (memory addresses) the text
  must be identical;
- figures (``image/png``, ``image/jpeg``, also inside glue records) are decoded and compared
  pixel by pixel: equal when the root-mean-square difference over all colour values (0-255)
  is at most ``IMAGE_TOLERANCE`` and the pixel size is the same (see :func:`compare_images`);
- not compared: execution counts, output metadata, error tracebacks (their name and message
  are compared), and the widget-view MIME type, whose model ids are random.
"""

from __future__ import annotations

import base64
import configparser
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SANITIZE_CONFIG = ROOT / "tests" / "nbval_sanitize.cfg"

#: Largest root-mean-square difference between two renderings of a figure that still counts as
#: the same figure, in colour levels (0-255) over every pixel and channel.  Anti-aliasing and
#: font-hinting differences between machines move edges by a fraction of a pixel and stay far
#: below it (about 0.1-0.5 in tests/test_notebook_compare.py); a changed bar, line or label
#: shifts whole edges and lies above it.
IMAGE_TOLERANCE = 1.0
#: A pixel counts as changed when a colour channel moves by more than this (for the report).
PIXEL_THRESHOLD = 32
IMAGE_TYPES = ("image/png", "image/jpeg")
NOT_COMPARED = {"application/vnd.jupyter.widget-view+json"}


def sanitizers(path: Path = SANITIZE_CONFIG) -> list[tuple[re.Pattern, str]]:
    """The (regex, replacement) pairs of an nbval sanitize file, in order."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s].get("replace", "")) for s in parser.sections()]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def sanitize(value, patterns) -> str:
    text = _text(value)
    for regex, replace in patterns:
        text = regex.sub(replace, text)
    return text


def joined_streams(outputs: list) -> list[dict]:
    """Outputs with the stream outputs of each name joined into the first one, as nbval does.

    How a cell's printed text is cut into stream messages varies between runs; the text does
    not.  Carriage returns and backspaces are applied, as a terminal shows them.
    """
    joined: list[dict] = []
    streams: dict[str, dict] = {}
    for output in outputs:
        output = dict(output)
        if output.get("output_type") == "stream":
            name = output.get("name")
            if name in streams:
                streams[name]["text"] = _text(streams[name]["text"]) + _text(output.get("text", ""))
                continue
            output["text"] = _text(output.get("text", ""))
            streams[name] = output
        joined.append(output)
    for output in streams.values():
        text = output["text"]
        while True:
            shorter = _BACKSPACE.sub("", text)
            if shorter == text:
                break
            text = shorter
        output["text"] = _CARRIAGE_RETURN.sub("", text)
    return joined


_CARRIAGE_RETURN = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)
_BACKSPACE = re.compile(r"[^\n]\x08")  # a character, then a backspace


# --- figures ----------------------------------------------------------------------------------


@dataclass
class ImageComparison:
    same: bool
    rms: float
    changed_pixels: int
    total_pixels: int
    box: tuple[int, int, int, int] | None  # left, top, right, bottom of the changed region
    detail: str

    def __str__(self) -> str:
        return self.detail


def _decode(data) -> "Image.Image":  # noqa: F821
    from PIL import Image

    raw = base64.b64decode(_text(data))
    image = Image.open(io.BytesIO(raw))
    image.load()
    # Transparent areas count as the white page they are shown on.
    page = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return Image.alpha_composite(page, image.convert("RGBA")).convert("RGB")


def compare_images(expected, actual, tolerance: float = IMAGE_TOLERANCE) -> ImageComparison:
    """Compare two base64-encoded images (as stored in a notebook).

    Identical data are the same figure.  Otherwise both are decoded to RGB (transparency on
    white) and must have the same size; the root-mean-square difference over every colour
    value (0-255), as ``matplotlib.testing.compare.calculate_rms`` computes it, must be at
    most ``tolerance``.  The report gives the RMS, how many pixels changed by more than
    ``PIXEL_THRESHOLD`` levels and where.
    """
    if _text(expected).strip() == _text(actual).strip():
        return ImageComparison(True, 0.0, 0, 0, None, "identical")
    try:
        a, b = _decode(expected), _decode(actual)
    except Exception as error:  # not an image at all
        return ImageComparison(False, float("inf"), 0, 0, None, f"cannot decode the figure: {error}")
    if a.size != b.size:
        return ImageComparison(
            False, float("inf"), 0, 0, None,
            f"size changed from {a.size[0]}x{a.size[1]} to {b.size[0]}x{b.size[1]} pixels",
        )
    x = np.asarray(a, dtype=np.int16)
    y = np.asarray(b, dtype=np.int16)
    difference = np.abs(x - y)
    rms = float(np.sqrt(np.mean(difference.astype(np.float64) ** 2)))
    changed = difference.max(axis=2) > PIXEL_THRESHOLD
    count = int(changed.sum())
    box = None
    if count:
        rows, cols = np.nonzero(changed)
        box = (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)
    same = rms <= tolerance
    where = f", within x {box[0]}-{box[2]}, y {box[1]}-{box[3]}" if box else ""
    detail = (
        f"RMS difference {rms:.2f} ({'within' if same else 'above'} the tolerance {tolerance}); "
        f"{count} of {changed.size} pixels changed by more than {PIXEL_THRESHOLD} levels{where}"
    )
    return ImageComparison(same, rms, count, int(changed.size), box, detail)


def save_image_diff(expected, actual, folder: Path, stem: str) -> list[Path]:
    """Write expected, actual and a difference picture (changed pixels in red) for a person."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    a, b = _decode(expected), _decode(actual)
    for label, image in (("expected", a), ("actual", b)):
        path = folder / f"{stem}-{label}.png"
        image.save(path)
        written.append(path)
    if a.size == b.size:
        x, y = np.asarray(a, dtype=np.int16), np.asarray(b, dtype=np.int16)
        changed = np.abs(x - y).max(axis=2) > PIXEL_THRESHOLD
        faded = (255 - (255 - np.asarray(a, dtype=np.uint8)) // 4).astype(np.uint8)
        faded[changed] = (220, 0, 0)
        path = folder / f"{stem}-diff.png"
        Image.fromarray(faded).save(path)
        written.append(path)
    return written


# --- notebooks --------------------------------------------------------------------------------


@dataclass
class Difference:
    cell: int  # 1-based number among all cells of the notebook, as in JupyterLab's cell order
    where: str
    expected: str
    actual: str
    images: tuple | None = None  # (expected, actual) base64 data of a changed figure

    def __str__(self) -> str:
        return f"cell {self.cell}, {self.where}:\n  committed: {_short(self.expected)}\n  fresh run: {_short(self.actual)}"


def _short(text: str, limit: int = 600) -> str:
    text = text if len(text) <= limit else text[:limit] + f" ... ({len(text)} characters)"
    return text.replace("\n", "\n             ")


def _describe(output: dict) -> str:
    kind = output.get("output_type", "?")
    if kind == "stream":
        return f"stream {output.get('name')}: {_short(_text(output.get('text', '')), 200)}"
    if kind == "error":
        return f"error {output.get('ename')}: {output.get('evalue')}"
    data = output.get("data", {})
    if "text/plain" in data:
        return f"{kind} {sorted(data)}: {_short(_text(data['text/plain']), 200)}"
    return f"{kind} {sorted(data)}"


def _is_image(mime: str) -> bool:
    return any(mime == t or mime.endswith("/" + t) for t in IMAGE_TYPES)


def compare_outputs(cell: int, expected: list, actual: list, patterns, tolerance: float) -> list[Difference]:
    """Differences between the outputs of one code cell (committed ``expected``, fresh ``actual``)."""
    expected, actual = joined_streams(expected), joined_streams(actual)
    found: list[Difference] = []
    if len(expected) != len(actual):
        return [Difference(
            cell, f"number of outputs: {len(expected)} committed, {len(actual)} in the fresh run",
            "\n".join(_describe(o) for o in expected) or "(no output)",
            "\n".join(_describe(o) for o in actual) or "(no output)",
        )]
    for number, (old, new) in enumerate(zip(expected, actual), start=1):
        label = f"output {number}"
        kind_old, kind_new = old.get("output_type"), new.get("output_type")
        if kind_old != kind_new or (kind_old == "stream" and old.get("name") != new.get("name")):
            found.append(Difference(cell, f"{label} type", _describe(old), _describe(new)))
            continue
        if kind_old == "stream":
            a, b = sanitize(old.get("text", ""), patterns), sanitize(new.get("text", ""), patterns)
            if a != b:
                found.append(Difference(cell, f"{label} ({old.get('name')})", a, b))
            continue
        if kind_old == "error":
            a = f"{old.get('ename')}: {sanitize(old.get('evalue', ''), patterns)}"
            b = f"{new.get('ename')}: {sanitize(new.get('evalue', ''), patterns)}"
            if a != b:
                found.append(Difference(cell, f"{label} (error)", a, b))
            continue
        old_data = {k: v for k, v in old.get("data", {}).items() if k not in NOT_COMPARED}
        new_data = {k: v for k, v in new.get("data", {}).items() if k not in NOT_COMPARED}
        if set(old_data) != set(new_data):
            found.append(Difference(
                cell, f"{label} formats", ", ".join(sorted(old_data)), ", ".join(sorted(new_data))
            ))
            continue
        for mime in sorted(old_data):
            if _is_image(mime):
                result = compare_images(old_data[mime], new_data[mime], tolerance)
                if not result.same:
                    found.append(Difference(
                        cell, f"{label} {mime} (figure changed)", "the committed figure",
                        str(result), images=(old_data[mime], new_data[mime]),
                    ))
            else:
                a, b = sanitize(old_data[mime], patterns), sanitize(new_data[mime], patterns)
                if a != b:
                    found.append(Difference(cell, f"{label} {mime}", a, b))
    return found


def compare_notebooks(committed, executed, patterns=None, tolerance: float = IMAGE_TOLERANCE) -> list[Difference]:
    """Every difference between a committed notebook's outputs and a fresh execution of it."""
    patterns = sanitizers() if patterns is None else patterns
    found: list[Difference] = []
    old_cells, new_cells = committed["cells"], executed["cells"]
    old_code = [(i, c) for i, c in enumerate(old_cells, start=1) if c.get("cell_type") == "code"]
    new_code = [c for c in new_cells if c.get("cell_type") == "code"]
    if len(old_code) != len(new_code) or any(_text(a["source"]) != _text(b["source"]) for (_, a), b in zip(old_code, new_code)):
        return [Difference(0, "code cells", "the committed code", "different code: the notebook changed while it ran")]
    for (number, old), new in zip(old_code, new_code):
        found.extend(compare_outputs(number, old.get("outputs", []), new.get("outputs", []), patterns, tolerance))
    return found


def report(name: str, differences: list[Difference], limit: int = 12) -> str:
    lines = [f"{name}: {len(differences)} output(s) differ from a fresh run. If the change is deliberate, "
             f"re-execute it: python tools/execute_notebooks.py {name}"]
    lines += [str(d) for d in differences[:limit]]
    if len(differences) > limit:
        lines.append(f"... and {len(differences) - limit} more")
    return "\n".join(lines)
