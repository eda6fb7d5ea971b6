"""The data convention: one Frictionless data package inside the servicelab package, loaded with
its schema enforced, and every file reproduced exactly by its seeded generator."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import servicelab
from servicelab import data, synth
from servicelab.synth import __main__ as synth_cli
from servicelab.synth import restaurant

DTYPE_KIND = {"integer": "iu", "number": "f", "boolean": "b", "date": "M", "datetime": "M", "time": "m", "string": "O"}


def test_every_resource_loads_with_schema_types():
    package = data.package()
    assert package["resources"], "the data package lists no resources"
    for resource in package["resources"]:
        frame = data.load(resource["name"])
        assert len(frame) > 0, resource["name"]
        for field in resource["schema"]["fields"]:
            kind = frame[field["name"]].dtype.kind
            assert kind in DTYPE_KIND[field["type"]], (resource["name"], field["name"], kind)


@pytest.mark.slow  # every data set, parsed cell by cell: in make test, not in the quick loop (make test-fast)
def test_parsing_each_distinct_value_once_gives_the_cell_by_cell_frame(monkeypatch):
    """data.load parses each distinct text of a column once and spreads the results over the rows
    (about three times faster on the whole package: 2.7 s against 0.9 s); the frame must be the
    one the cell-by-cell parse builds, to the dtype.  Planted faults this caught: a text column
    that came back as pandas' string dtype instead of object, and a column spread with its codes
    shifted by one row."""
    package = data.package()
    fast = {resource["name"]: data.load(resource["name"]) for resource in package["resources"]}
    monkeypatch.setattr(data, "_by_distinct_value", lambda texts, check, missing: None)
    for name, frame in fast.items():
        slow = data.load(name)
        pd.testing.assert_frame_equal(frame, slow, check_dtype=True, check_exact=True, obj=name)


def test_a_bad_value_repeated_is_reported_at_its_first_row(data_copy):
    for row in (9, 5):
        _corrupt(data_copy, "checkins.csv", row=row, column="rating", text="11")
    with pytest.raises(data.DataValidationError, match="above the maximum 10") as caught:
        data.load("checkins", data_copy)
    assert caught.value.row == 5


def test_every_resource_is_described():
    # The convention: a title, a description, the generating process, and every field described;
    # numeric fields carry a unit.
    for resource in data.package()["resources"]:
        name = resource["name"]
        assert resource.get("title") and resource.get("description"), name
        assert resource.get("generator", {}).get("process"), f"{name}: say how the data were generated"
        for field in resource["schema"]["fields"]:
            assert field.get("description"), f"{name}.{field['name']} has no description"
            if field["type"] == "number":
                assert field.get("unit"), f"{name}.{field['name']} is a number with no unit"


@pytest.mark.slow  # every data set at once: in make test, not in the quick loop (make test-fast)
def test_frictionless_finds_the_package_valid():
    # An independent implementation of the Data Package standard checks every file.
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(data.data_dir() / "datapackage.json"))
    problems = [] if report.valid else report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, problems[:10]


@pytest.mark.slow  # every data set at once: in make test, not in the quick loop (make test-fast)
def test_generators_reproduce_the_committed_files_exactly():
    rendered = synth.render()
    folder = data.data_dir()
    committed = {p.name for p in folder.iterdir() if p.suffix in (".csv", ".json")}
    assert committed == set(rendered), "servicelab/datasets/ has files no generator makes, or misses some"
    for name, content in rendered.items():
        assert (folder / name).read_bytes() == content, f"{name} differs from its generator: run make data"


@pytest.fixture()
def data_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data.data_dir(), folder)
    return folder


def _corrupt(folder, file, row, column, text):
    path = folder / file
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = text
    frame.to_csv(path, index=False, lineterminator="\n")


def test_text_in_a_numeric_column_names_file_field_and_row(data_copy):
    _corrupt(data_copy, "hourly_demand.csv", row=17, column="covers", text="lots")
    with pytest.raises(data.DataValidationError) as caught:
        data.load("hourly_demand", data_copy)
    error = caught.value
    assert (error.path.name, error.field, error.row) == ("hourly_demand.csv", "covers", 17)
    message = str(error)
    assert "hourly_demand.csv" in message and "'covers'" in message and "row 17" in message
    assert "'lots' is not an integer" in message


@pytest.mark.parametrize(
    "column, text, expected",
    [
        ("minutes", "abc", "is not a number"),
        ("rating", "11", "above the maximum 10"),
        ("period", "during", "is not one of"),
        ("receptionist", "X1", "does not match the pattern"),
        ("date", "2026-02-30", "is not a valid date"),
        ("branch", "", "a value is required"),
    ],
)
def test_constraint_violations_are_refused(data_copy, column, text, expected):
    _corrupt(data_copy, "checkins.csv", row=5, column=column, text=text)
    with pytest.raises(data.DataValidationError, match=expected) as caught:
        data.load("checkins", data_copy)
    assert caught.value.field == column and caught.value.row == 5


def test_missing_column_is_refused(data_copy):
    path = data_copy / "checkins.csv"
    pd.read_csv(path).drop(columns="rating").to_csv(path, index=False)
    with pytest.raises(data.DataValidationError, match=r"missing columns \['rating'\]"):
        data.load("checkins", data_copy)


def test_duplicate_primary_key_is_refused(data_copy):
    path = data_copy / "checkins.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[3, "checkin_id"] = frame.loc[2, "checkin_id"]
    frame.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(data.DataValidationError, match="duplicate primary key") as caught:
        data.load("checkins", data_copy)
    assert caught.value.row == 4


def test_unknown_name_lists_what_exists():
    with pytest.raises(KeyError, match="hourly_demand"):
        data.load("no_such_data")


def test_the_data_live_inside_the_package_and_are_declared_as_package_data(root):
    # pip install must bring the data: they sit in servicelab/datasets and pyproject.toml declares them.
    folder = data.data_dir()
    assert folder == Path(servicelab.__file__).parent / "datasets"
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["servicelab"]
    package = Path(servicelab.__file__).parent
    declared = {p.relative_to(package).as_posix() for pattern in patterns for p in package.glob(pattern)}
    shipped = {f"datasets/{p.name}" for p in folder.iterdir()}
    assert shipped == declared, shipped ^ declared
    assert not (root / "data").exists(), "the old data/ folder is back: the data live in servicelab/datasets"


def test_environment_variable_points_the_loader_elsewhere(data_copy, monkeypatch):
    monkeypatch.setenv("SERVICELAB_DATA", str(data_copy))
    assert data.data_dir() == data_copy
    assert len(data.load("hourly_demand")) > 0


def test_check_flags_a_changed_and_an_extra_file(tmp_path, monkeypatch, capsys):
    # The command line on one small resource: write, check (clean), then plant a change and a stray file.
    monkeypatch.setattr(synth_cli, "all_resources", lambda: [restaurant.HOURLY_DEMAND])
    assert synth_cli.main(["--out", str(tmp_path)]) == 0
    assert synth_cli.main(["--check", "--out", str(tmp_path)]) == 0
    path = tmp_path / "hourly_demand.csv"
    path.write_bytes(path.read_bytes().replace(b"Hangzhou", b"Hangzhuo", 1))
    (tmp_path / "old_set.csv").write_text("a\n1\n")
    assert synth_cli.main(["--check", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "DIFFERS hourly_demand.csv" in out and "EXTRA   old_set.csv" in out
    # Writing again repairs the file and removes what no generator makes.
    assert synth_cli.main(["--out", str(tmp_path)]) == 0
    assert not (tmp_path / "old_set.csv").exists()


def test_every_csv_stays_small():
    # Each file under about 3 MB keeps the repository and the installed package light.
    for path in data.data_dir().glob("*.csv"):
        assert path.stat().st_size < 3_000_000, f"{path.name}: {path.stat().st_size:,} bytes"
