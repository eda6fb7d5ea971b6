"""Wide gradebooks and the LMS import files (``tools/gradebook.py``), from a long gradebook written here.

Quick: the expected tables are written out by hand from the rows below.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import gradebook  # noqa: E402  (tools/gradebook.py)

FIELDS = ["student", "assignment", "question", "points", "max_points", "status", "note"]


def long_rows() -> list[dict]:
    text = """\
zhang-wei,ch01,q1_characteristics,2,2,passed,
zhang-wei,ch01,q2_turned_away,1,2,partial,
zhang-wei,ch01,q7_reflection,,2,manual,written answer
zhang-wei,ch01,total,3,4,graded,auto-graded questions only
li-na,ch01,q1_characteristics,0,2,timeout,stopped
li-na,ch01,q2_turned_away,0,2,timeout,stopped
li-na,ch01,q7_reflection,,2,manual,written answer
li-na,ch01,total,0,4,timeout,auto-graded questions only
li-na,ch05,q1_hours,0.5,1,partial,
li-na,ch05,total,0.5,1,graded,
"""
    return [dict(zip(FIELDS, line.split(","))) for line in text.strip().splitlines()]


def test_wide_gradebook_has_a_row_per_student_and_a_column_per_set_and_question():
    columns, table, warnings = gradebook.wide(long_rows())
    assert columns == ["student", "ch01 q1_characteristics", "ch01 q2_turned_away", "ch01 q7_reflection", "ch01 total",
                       "ch01 status", "ch05 q1_hours", "ch05 total", "ch05 status", "total"]
    assert table == [
        {"student": "li-na", "ch01 q1_characteristics": "0", "ch01 q2_turned_away": "0", "ch01 q7_reflection": "",
         "ch01 total": "0", "ch01 status": "timeout", "ch05 q1_hours": "0.5", "ch05 total": "0.5",
         "ch05 status": "graded", "total": "0.5"},
        {"student": "zhang-wei", "ch01 q1_characteristics": "2", "ch01 q2_turned_away": "1", "ch01 q7_reflection": "",
         "ch01 total": "3", "ch01 status": "graded", "ch05 q1_hours": "", "ch05 total": "", "ch05 status": "",
         "total": "3"},
    ]
    assert warnings == []


def test_a_second_notebook_for_the_same_set_keeps_the_better_total_and_warns():
    rows = long_rows() + [dict(r, points="1" if r["question"] == "total" else r["points"])
                          for r in long_rows() if r["student"] == "li-na" and r["assignment"] == "ch01"]
    _, table, warnings = gradebook.wide(rows)
    assert next(t for t in table if t["student"] == "li-na")["ch01 total"] == "1"
    assert warnings == ["li-na has 2 graded notebooks for ch01: keeping the best total"]


def test_canvas_file_has_its_identity_columns_and_points_possible():
    roster = {"zhang-wei": {"student": "zhang-wei", "first_name": "Wei", "last_name": "Zhang", "username": "zw2026",
                            "student_id": "20260001", "canvas_id": "4711", "section": "A"}}
    header, lines, quoting = gradebook.lms_table("canvas", long_rows(), roster)
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ch01 auto-graded", "ch05 auto-graded"]
    assert lines == [["Points Possible", "", "", "", "", "4", "1"],
                     ["li-na", "", "", "li-na", "", "0", "0.5"],
                     ["Zhang, Wei", "4711", "20260001", "zw2026", "A", "3", ""]]
    assert quoting == csv.QUOTE_MINIMAL


def test_moodle_and_blackboard_files_name_the_user_as_each_system_expects(tmp_path):
    written = gradebook.write_all(long_rows(), {}, tmp_path, ["moodle", "blackboard"])
    assert [p.name for p in written] == ["gradebook-wide.csv", "gradebook-moodle.csv", "gradebook-blackboard.csv"]
    moodle = (tmp_path / "gradebook-moodle.csv").read_text().splitlines()
    assert moodle[0] == "First name,Last name,Username,ID number,Email address,ch01 auto-graded,ch05 auto-graded"
    assert moodle[1] == ",,li-na,,,0,0.5"
    blackboard = (tmp_path / "gradebook-blackboard.csv").read_text().splitlines()
    assert blackboard[0] == '"Last Name","First Name","Username","Student ID","ch01 auto-graded","ch05 auto-graded"'
    assert blackboard[2] == '"","","zhang-wei","","3",""'


def test_roster_must_name_the_students_and_use_known_columns(tmp_path):
    good = tmp_path / "roster.csv"
    good.write_text("\ufeffstudent,username,email\nzhang-wei,zw2026,zw@example.edu\n", encoding="utf-8")
    assert gradebook.read_roster(good)["zhang-wei"]["email"] == "zw@example.edu"
    (tmp_path / "no-key.csv").write_text("name,username\nWei,zw\n")
    with pytest.raises(ValueError, match="'student' column"):
        gradebook.read_roster(tmp_path / "no-key.csv")
    (tmp_path / "typo.csv").write_text("student,user_name\nzhang-wei,zw\n")
    with pytest.raises(ValueError, match="unknown roster column"):
        gradebook.read_roster(tmp_path / "typo.csv")


def test_wide_gradebook_prints_as_an_aligned_table(tmp_path, capsys):
    path = tmp_path / "gradebook.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(r for r in long_rows() if r["assignment"] == "ch01")
    assert gradebook.main([str(path), "--print"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["student", "ch01", "q1_characteristics", "ch01", "q2_turned_away", "ch01",
                                "q7_reflection", "ch01", "total", "ch01", "status", "total"]
    assert lines[2].split() == ["zhang-wei", "2", "1", "3", "graded", "3"]
    assert lines[2].index("graded") == lines[0].index("ch01 status")  # columns line up


def test_wide_gradebook_as_markdown_for_a_page_of_the_book(tmp_path, capsys):
    path = tmp_path / "gradebook.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(r for r in long_rows() if r["assignment"] == "ch05")
    assert gradebook.main([str(path), "--markdown"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "| student | ch05 q1_hours | ch05 total | ch05 status | total |",
        "|---|---:|---:|---|---:|",
        "| li-na | 0.5 | 0.5 | graded | 0.5 |",
    ]
