"""The notebook comparison can fail: each planted fault below is caught and named.

The faults are planted in a copy of a committed notebook, which is compared with the committed
notebook itself (standing in for a fresh run); nothing is executed here.  What the comparison
must let through (a memory address, text split into several stream messages, a figure whose
lines moved by a tenth of a pixel) is checked the same way.
"""

from __future__ import annotations

import base64
import copy
import io
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from PIL import Image, ImageDraw

from notebook_compare import IMAGE_TOLERANCE, compare_images, compare_notebooks, sanitizers

ROOT = Path(__file__).resolve().parent.parent
#: The notebook the planted faults go into: Chapter 1's customer-value notebook, today.
#: The chapters are rewritten from time to time: if it no longer has what the planted faults
#: need (a figure, an HTML table, a number as a result), the first notebook of the book that
#: has them stands in.
PREFERRED = ROOT / "chapters" / "ch01-introduction" / "03-customer-value.ipynb"


def _outputs(notebook):
    """(cell number, output) for every output of every code cell."""
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            yield number, output


NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _number_result(notebook):
    """(cell number, output) of the first result that is a bare number, or None."""
    return next(((n, o) for n, o in _outputs(notebook) if o.get("output_type") == "execute_result"
                 and NUMBER.fullmatch("".join(o.get("data", {}).get("text/plain", "")).strip())), None)


def _suitable(notebook) -> bool:
    kinds = {k for _, o in _outputs(notebook) for k in o.get("data", {})}
    return {"image/png", "text/html"} <= kinds and _number_result(notebook) is not None


@pytest.fixture(scope="module")
def committed():
    from execute_notebooks import discover  # tools/, on the path through conftest

    for path in dict.fromkeys([PREFERRED, *discover()]):
        if path.is_file():
            notebook = nbformat.read(path, as_version=4)
            if _suitable(notebook):
                return notebook
    pytest.fail("no committed notebook has a figure, an HTML table and a number as a result")


def _png(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _first_figure(notebook):
    for number, output in _outputs(notebook):
        if "image/png" in output.get("data", {}):
            return number, output
    raise AssertionError("the notebook shows no figure")


def test_a_notebook_equals_itself(committed):
    assert compare_notebooks(committed, copy.deepcopy(committed), sanitizers()) == []


def test_a_changed_number_is_caught_and_shown(committed):
    tampered = copy.deepcopy(committed)
    number, output = _number_result(tampered)
    before = "".join(output["data"]["text/plain"]).strip()
    after = before[:-1] + str((int(before[-1]) + 1) % 10)  # the last digit, one up
    output["data"]["text/plain"] = after
    differences = compare_notebooks(committed, tampered, sanitizers())
    assert [d.cell for d in differences] == [number]
    assert "text/plain" in differences[0].where
    assert before in str(differences[0]) and after in str(differences[0])


def test_a_changed_table_is_caught(committed):
    tampered = copy.deepcopy(committed)
    number, output = next((n, o) for n, o in _outputs(tampered) if "text/html" in o.get("data", {}))
    html = "".join(output["data"]["text/html"])
    output["data"]["text/html"] = html.replace("</td>", " </td>", 1)
    differences = compare_notebooks(committed, tampered, sanitizers())
    assert [(d.cell, "text/html" in d.where) for d in differences] == [(number, True)]


def test_a_lost_and_an_added_output_are_caught(committed):
    lost = copy.deepcopy(committed)
    number, _ = next(_outputs(lost))
    lost.cells[number - 1].outputs.pop()
    differences = compare_notebooks(committed, lost, sanitizers())
    assert len(differences) == 1 and differences[0].cell == number and "number of outputs" in differences[0].where

    added = copy.deepcopy(committed)
    cell = next(c for c in added.cells if c.cell_type == "code")
    cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text="UserWarning: something changed\n"))
    differences = compare_notebooks(committed, added, sanitizers())
    assert len(differences) == 1 and "UserWarning" in differences[0].actual


def test_a_changed_glue_record_is_caught(committed):
    """MyST-NB's glue stores a value as a display output with papermill.record MIME types."""
    glued = copy.deepcopy(committed)
    cell = next(c for c in glued.cells if c.cell_type == "code")
    record = {"application/papermill.record/text/plain": "600.0"}
    cell.outputs.append(nbformat.v4.new_output("display_data", data=record, metadata={"scrapbook": {"name": "ripple"}}))
    changed = copy.deepcopy(glued)
    next(c for c in changed.cells if c.cell_type == "code").outputs[-1]["data"][
        "application/papermill.record/text/plain"] = "601.0"
    assert compare_notebooks(glued, copy.deepcopy(glued), sanitizers()) == []
    differences = compare_notebooks(glued, changed, sanitizers())
    assert len(differences) == 1 and "papermill.record" in differences[0].where


def test_what_legitimately_differs_is_not_a_failure(committed):
    """A memory address (tests/nbval_sanitize.cfg) and text split into several stream messages."""
    before = copy.deepcopy(committed)
    after = copy.deepcopy(committed)
    for notebook, address in ((before, "0x7f3a5c2b1d90"), (after, "0x55d0c0ffee42")):
        cell = next(c for c in notebook.cells if c.cell_type == "code")
        cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=f"<object at {address}>\nsecond line\n"))
    split = next(c for c in after.cells if c.cell_type == "code")
    text = split.outputs[-1]["text"]
    split.outputs[-1]["text"] = text[:10]
    split.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text[10:]))
    assert compare_notebooks(before, after, sanitizers()) == []
    # Without the sanitising patterns the address is a difference: the patterns do the work.
    assert len(compare_notebooks(before, after, [])) == 1


def test_a_line_drawn_on_a_committed_figure_fails_and_names_its_cell(committed):
    number, output = _first_figure(committed)
    tampered = copy.deepcopy(committed)
    figure = next(o for n, o in _outputs(tampered) if n == number and "image/png" in o.get("data", {}))
    image = Image.open(io.BytesIO(base64.b64decode("".join(figure["data"]["image/png"])))).convert("RGBA")
    ImageDraw.Draw(image).line([(60, 60), (image.width - 60, image.height - 60)], fill=(200, 0, 0, 255), width=2)
    figure["data"]["image/png"] = _png(image)
    differences = compare_notebooks(committed, tampered, sanitizers())
    assert [d.cell for d in differences] == [number]
    assert "figure changed" in differences[0].where and differences[0].images is not None
    result = compare_images(output["data"]["image/png"], figure["data"]["image/png"])
    assert not result.same and result.rms > 5 * IMAGE_TOLERANCE
    # The changed region is where the line was drawn.
    left, top, right, bottom = result.box
    assert left >= 55 and top >= 55 and right <= image.width - 55 and bottom <= image.height - 55


def test_a_resized_figure_fails(committed):
    _, output = _first_figure(committed)
    image = Image.open(io.BytesIO(base64.b64decode("".join(output["data"]["image/png"]))))
    smaller = image.resize((image.width - 10, image.height))
    result = compare_images(output["data"]["image/png"], _png(smaller))
    assert not result.same and "size changed" in str(result)


def _chart(point: float = 2.0, bar: float = 4.0) -> str:
    """A small chart rendered with the book's matplotlib: a bar and a line through ``point``."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4))
    ax.bar(range(4), [3, 5, bar, 6])
    ax.plot([0, 1, 2, 3], [2, point, 3, 5], "k-", lw=1.5)
    ax.set_ylim(0, 7)
    ax.set_title("Idle seats by hour")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def test_subpixel_noise_passes_but_a_changed_value_fails():
    """Tolerance calibration, with matplotlib drawing (about 44 pixels per unit on the y axis):

    - a line vertex moved by 0.002 units, a tenth of a pixel, changes only anti-aliased edge
      pixels: RMS about 0.3, within the tolerance;
    - the same vertex moved by 0.04 units (two pixels) or a bar 2 % taller: RMS 5 or more, caught.
    """
    base = _chart()
    noise = compare_images(base, _chart(point=2.002))
    assert noise.same and 0 < noise.rms <= IMAGE_TOLERANCE, noise
    for changed in (_chart(point=2.04), _chart(bar=4.08)):
        result = compare_images(base, changed)
        assert not result.same and result.rms > 3 * IMAGE_TOLERANCE, result
        assert result.changed_pixels > 0


def test_difference_pictures_are_written(committed, tmp_path):
    from notebook_compare import save_image_diff

    _, output = _first_figure(committed)
    image = Image.open(io.BytesIO(base64.b64decode("".join(output["data"]["image/png"])))).convert("RGBA")
    ImageDraw.Draw(image).rectangle([(20, 20), (60, 60)], fill=(0, 0, 0, 255))
    written = save_image_diff(output["data"]["image/png"], _png(image), tmp_path, "planted")
    assert [p.name for p in written] == ["planted-expected.png", "planted-actual.png", "planted-diff.png"]
    diff = np.asarray(Image.open(written[2]).convert("RGB"))
    assert (diff[30:50, 30:50] == (220, 0, 0)).all(), "the changed square is marked red"
