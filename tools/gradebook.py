"""Turn the long gradebook into wide ones: one row per student, for a spreadsheet or an LMS.

    python tools/gradebook.py build/grades/gradebook.csv [--out build/grades]
                              [--lms canvas,moodle,blackboard] [--roster roster.csv]
                              [--bundles build/exercises/autograder] [--print | --markdown]

``make grade`` writes ``gradebook.csv`` in the long form (a row per student,
set and question) and calls this module to write

* ``gradebook-wide.csv``: one row per student; for each exercise set a column
  per question (written questions empty, for your marks), the set's
  auto-graded total and its status; then the total over all sets;
* with ``--lms``, one file per learning-management system, in the shape its
  grade import reads (one column per exercise set, holding the auto-graded
  total): ``gradebook-canvas.csv`` (``Student, ID, SIS User ID, SIS Login ID,
  Section`` and a ``Points Possible`` row), ``gradebook-moodle.csv``
  (``First name, Last name, Username, ID number, Email address``: map one of
  them to the user on import) and ``gradebook-blackboard.csv`` (``Last Name,
  First Name, Username, Student ID``, every field quoted, as the Grade
  Center's upload expects).

An LMS knows students by its own identifiers, the grader by file names.  Name
each submission after the student's LMS username, or pass ``--roster``: a CSV
with a ``student`` column (the name in the gradebook) and any of
``first_name, last_name, username, email, student_id, canvas_id, section``.

``--print`` shows the wide gradebook as a table, ``--markdown`` as a Markdown
table to paste into a page (handy for a handful of students, as in the book's
closing note).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

#: The systems with an import format of their own.
LMS_FORMATS = ("canvas", "moodle", "blackboard")
ROSTER_FIELDS = ("first_name", "last_name", "username", "email", "student_id", "canvas_id", "section")


def _number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{round(x, 4):g}"


def read_long(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_roster(path: Path | None) -> dict[str, dict]:
    """The roster by gradebook name; empty without a file."""
    if path is None:
        return {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if "student" not in (reader.fieldnames or []):
            raise ValueError(f"{path}: the roster needs a 'student' column (the names in the gradebook)")
        unknown = [f for f in reader.fieldnames if f != "student" and f not in ROSTER_FIELDS]
        if unknown:
            raise ValueError(f"{path}: unknown roster column(s) {', '.join(unknown)}; "
                             f"use student and any of {', '.join(ROSTER_FIELDS)}")
        return {row["student"]: row for row in reader}


def question_order(rows: list[dict], manifests: dict[str, list[dict]] | None = None) -> dict[str, list[str]]:
    """Each set's questions in the set's own order (from its manifest, else as they appear)."""
    order: dict[str, list[str]] = {}
    for row in rows:
        if row["assignment"] == "?" or row["question"] == "total":
            continue
        names = order.setdefault(row["assignment"], [])
        if row["question"] not in names:
            names.append(row["question"])
    for assignment, questions in (manifests or {}).items():
        if questions:
            listed = [q["name"] for q in questions]
            order[assignment] = listed + [n for n in order.get(assignment, []) if n not in listed]
    return dict(sorted(order.items()))


def wide(rows: list[dict], manifests: dict[str, list[dict]] | None = None) -> tuple[list[str], list[dict], list[str]]:
    """The wide gradebook: (columns, one row per student, warnings).

    A student with two graded notebooks for one set (``zhang-wei.ipynb`` and
    ``zhang-wei/ch01.ipynb``) keeps the better total, with a warning.
    """
    order = question_order(rows, manifests)
    by_key: dict[tuple[str, str], list[dict]] = {}
    runs: dict[tuple[str, str], list[list[dict]]] = {}
    for row in rows:
        key = (row["student"], row["assignment"])
        by_key.setdefault(key, []).append(row)
        if row["question"] == "total":
            runs.setdefault(key, []).append(by_key.pop(key))
    warnings = []
    chosen: dict[tuple[str, str], list[dict]] = {}
    for key, graded in runs.items():
        if len(graded) > 1:
            warnings.append(f"{key[0]} has {len(graded)} graded notebooks for {key[1]}: keeping the best total")
        chosen[key] = max(graded, key=lambda g: _number(g[-1]["points"]) or 0)
    columns = ["student"]
    for assignment, questions in order.items():
        columns += [f"{assignment} {q}" for q in questions] + [f"{assignment} total", f"{assignment} status"]
    columns.append("total")
    students = sorted({student for student, _ in chosen})
    table = []
    for student in students:
        line = {column: "" for column in columns}
        line["student"] = student
        overall = 0.0
        for (who, assignment), graded in chosen.items():
            if who != student:
                continue
            for row in graded:
                name = f"{assignment} {row['question']}"
                if row["question"] == "total":
                    line[f"{assignment} total"] = row["points"]
                    line[f"{assignment} status"] = row["status"]
                    overall += _number(row["points"]) or 0
                elif name in line:
                    line[name] = row["points"]
        line["total"] = _fmt(overall)
        table.append(line)
    return columns, table, warnings


def maxima(rows: list[dict]) -> dict[str, float]:
    """Points possible of each set's auto-graded total (from its total rows)."""
    out: dict[str, float] = {}
    for row in rows:
        if row["question"] == "total" and row["assignment"] != "?" and row["max_points"]:
            out[row["assignment"]] = max(out.get(row["assignment"], 0), float(row["max_points"]))
    return out


def _identity(student: str, roster: dict[str, dict]) -> dict[str, str]:
    """What the LMS files say about a student: the roster's fields, else the gradebook name as username."""
    entry = roster.get(student, {})
    ident = {field: (entry.get(field) or "").strip() for field in ROSTER_FIELDS}
    if not ident["username"]:
        ident["username"] = student
    return ident


def lms_table(system: str, rows: list[dict], roster: dict[str, dict]) -> tuple[list[str], list[list[str]], int]:
    """(header, rows, csv quoting) of one LMS's import file: one column per set, the auto-graded total."""
    columns, table, _ = wide(rows)
    sets = [c[: -len(" total")] for c in columns if c.endswith(" total") and c != "total"]
    possible = maxima(rows)
    set_columns = [f"{s} auto-graded" for s in sets]
    out: list[list[str]] = []
    if system == "canvas":
        header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *set_columns]
        out.append(["Points Possible", "", "", "", "", *[_fmt(possible.get(s)) for s in sets]])
        for line in table:
            who = _identity(line["student"], roster)
            name = ", ".join(x for x in (who["last_name"], who["first_name"]) if x) or line["student"]
            out.append([name, who["canvas_id"], who["student_id"], who["username"], who["section"],
                        *[line[f"{s} total"] for s in sets]])
        return header, out, csv.QUOTE_MINIMAL
    if system == "moodle":
        header = ["First name", "Last name", "Username", "ID number", "Email address", *set_columns]
        for line in table:
            who = _identity(line["student"], roster)
            out.append([who["first_name"], who["last_name"], who["username"], who["student_id"], who["email"],
                        *[line[f"{s} total"] for s in sets]])
        return header, out, csv.QUOTE_MINIMAL
    if system == "blackboard":
        header = ["Last Name", "First Name", "Username", "Student ID", *set_columns]
        for line in table:
            who = _identity(line["student"], roster)
            out.append([who["last_name"], who["first_name"], who["username"], who["student_id"],
                        *[line[f"{s} total"] for s in sets]])
        return header, out, csv.QUOTE_ALL
    raise ValueError(f"unknown LMS {system!r}; choose from {', '.join(LMS_FORMATS)}")


def write_all(rows: list[dict], manifests: dict[str, list[dict]], out: Path, lms: list[str],
              roster: dict[str, dict] | None = None) -> list[Path]:
    """Write the wide gradebook and the LMS files asked for; return their paths."""
    columns, table, warnings = wide(rows, manifests)
    for warning in warnings:
        print(f"gradebook: {warning}", file=sys.stderr)
    written = [out / "gradebook-wide.csv"]
    with written[0].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(table)
    for system in lms:
        header, lines, quoting = lms_table(system, rows, roster or {})
        path = out / f"gradebook-{system}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, quoting=quoting)
            writer.writerow(header)
            writer.writerows(lines)
        written.append(path)
    return written


def show(columns: list[str], table: list[dict]) -> str:
    """The wide gradebook as a plain-text table (a column per field, aligned)."""
    cells = [columns] + [[line[c] for c in columns] for line in table]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return "\n".join("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip() for row in cells)


def markdown(columns: list[str], table: list[dict]) -> str:
    """The wide gradebook as a Markdown (MyST) pipe table, numbers right-aligned."""
    numeric = [c != "student" and not c.endswith(" status") for c in columns]
    lines = ["| " + " | ".join(columns) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(line[c] for c in columns) + " |" for line in table]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gradebook", type=Path, help="the long gradebook.csv written by make grade")
    parser.add_argument("--out", type=Path, help="folder for the wide files (default: the gradebook's folder)")
    parser.add_argument("--lms", default="", help=f"comma-separated: any of {', '.join(LMS_FORMATS)}")
    parser.add_argument("--roster", type=Path, help="CSV: student, and any of " + ", ".join(ROSTER_FIELDS))
    parser.add_argument("--bundles", type=Path, help="grading bundles, for the questions' order")
    parser.add_argument("--print", action="store_true", help="print the wide gradebook as a table")
    parser.add_argument("--markdown", action="store_true", help="print it as a Markdown table (for a page of the book)")
    args = parser.parse_args(argv)
    rows = read_long(args.gradebook)
    lms = [name.strip().lower() for name in args.lms.split(",") if name.strip()]
    if unknown := [name for name in lms if name not in LMS_FORMATS]:
        parser.error(f"--lms: unknown {', '.join(unknown)} (choose from {', '.join(LMS_FORMATS)})")
    try:
        roster = read_roster(args.roster)
    except (OSError, ValueError) as error:
        parser.error(str(error))
    manifests = {}
    if args.bundles:
        for path in sorted(args.bundles.glob("ch*.json")):
            manifests[path.stem] = json.loads(path.read_text(encoding="utf-8"))["questions"]
    if args.print or args.markdown:
        columns, table, _ = wide(rows, manifests)
        print(markdown(columns, table) if args.markdown else show(columns, table))
        return 0
    written = write_all(rows, manifests, args.out or args.gradebook.parent, lms, roster)
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
