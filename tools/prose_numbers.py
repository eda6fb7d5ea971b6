"""Find numbers typed into the book's prose that should come from the code or a citation.

    python tools/prose_numbers.py [PATH ...]       # list bare numbers; exit 1 if any
    python tools/prose_numbers.py --summary        # counts: glued, cited, assumed, allowed, bare

The book's rule: every number a reader sees is inserted from the computation (MyST-NB
``glue``), or is a fact from the course or the literature with its citation in the same
sentence, or is an assumption that says it is one.  This module reads every place a reader
sees text -- chapter and front-matter pages, notebooks' markdown cells, figure captions and
alt text in cell metadata, and the literal strings a code cell puts into a figure's title,
labels or annotations -- and reports each number that is none of these, naming the file, the
cell and the number with its context.

A number is accepted when

* it is inserted by a ``{glue...}`` role (it is not in the text at all);
* its sentence (or table) carries a ``{cite...}`` role: a cited fact;
* its sentence marks an assumption or an example ("assume", "assumption", "illustrative",
  "suppose", "for example", "e.g.", "say we", "hypothetical");
* it is of a kind that is not a result: a year (1900-2099), a single digit (list counts,
  small ordinals, scale ends), part of a name or code (``4Ps``, ``A01``, ``M/M/1``, ``ISO 9000``,
  ``Q4``), a reference to a chapter, section, figure, table, question, exercise, step or part,
  a number in maths, in code or in a link target;
* it is listed, with a reason, in ``tests/prose_numbers_allow.yml``.

The allowed kinds are deliberately narrow: a data-derived count, share, time or date has to be
glued or cited.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOW_FILE = ROOT / "tests" / "prose_numbers_allow.yml"

# --------------------------------------------------------------------------------------------
# What counts as a number, and which contexts make it acceptable
# --------------------------------------------------------------------------------------------

NUMBER = re.compile(
    r"(?<![\w.:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"                      # a time of day, 08:00
    r"|(?<![\w.])[-−+]?\d{1,3}(?:[,\u202f ]\d{3})+(?:\.\d+)?(?!\d)"       # 12,345.6
    r"|(?<![\w.])[-−+]?\d+(?:\.\d+)?(?![\d])"                            # 42, 0.75
)
# Expressions that are idioms or scale ends, not results: "24 hours a day", "1 to 10", "0-10".
IDIOM = re.compile(r"\b(?:Python|CC BY|Attribution|Sphinx|pandas|NumPy|matplotlib|JupyterLab|Jupyter Book|MyST-NB|"
                   r"otter-grader|Chromium|Debian|Node\.?js|npm)\s+v?\d+(?:\.\d+)+\b"   # versions
                   r"|\b24[- ]hours?\b|\b24 ?/ ?7\b|\b7 ?/ ?24\b|\b[01] ?(?:-|–|to) ?(?:4|5|7|9|10|100)\b")

ASSUMPTION = re.compile(
    r"\b(assum\w*|illustrat\w*|suppose\w*|hypothetical\w*|for example|for instance|e\.g\.|say we|imagine|"
    r"made[- ]up|invented|fictional|suggest\w*)\b",
    re.IGNORECASE,
)

# Words that, right before a number, make it a reference or an ordinal rather than a result.
REFERENCE_WORDS = (
    r"chapters?|sections?|figures?|fig\.|tables?|questions?|exercises?|steps?|parts?|notebooks?|"
    r"items?|cells?|pages?|appendix|lessons?|rules?|propositions?|principles?|levels?|stages?|"
    r"types?|phases?|version|v|no\.|number|nos\.|option|options|scenario|scenarios|case|cases|"
    r"model|models|group|groups|round|rounds|week|weeks|day|days|month|year|quarter|set|sets|"
    r"iso|gb|gb/t|h|q|s|c|f|p|n|w|iii|ii|i"
)
REFERENCE = re.compile(
    rf"\b(?:{REFERENCE_WORDS})\s+(?:\d+(?:\.\d+)*(?:[a-z])?)(?:\s*(?:,|and|or|to|-|–|&)\s*\d+(?:\.\d+)*)*$",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(?:19|20)\d{2}$")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A day of a date ("3 March", "March 3"): data, even when it is a single digit.
DAY_AFTER = re.compile(rf"^\s*(?:st|nd|rd|th)?\s+{_MONTHS}\b", re.IGNORECASE)
DAY_BEFORE = re.compile(rf"\b{_MONTHS}\s+$", re.IGNORECASE)


@dataclass
class Finding:
    """One bare number: where it is and what surrounds it."""

    path: str
    where: str          # "line 12", "cell 3", "cell 7 (caption)", ...
    number: str
    context: str

    def __str__(self) -> str:
        return f"{self.path}, {self.where}: {self.number!r} in \u00ab{self.context}\u00bb"


@dataclass
class Counts:
    glued: int = 0
    cited: int = 0
    assumed: int = 0
    given: int = 0
    allowed: int = 0
    bare: int = 0

    def __str__(self) -> str:
        return (f"glued {self.glued}, cited {self.cited}, assumed {self.assumed}, given {self.given}, "
                f"allowed {self.allowed}, bare {self.bare}")

    def add(self, other: "Counts") -> None:
        for name in ("glued", "cited", "assumed", "given", "allowed", "bare"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


# --------------------------------------------------------------------------------------------
# Masking: remove what is not prose (code, maths, roles, links, labels, directive options)
# --------------------------------------------------------------------------------------------

CITE_MARK = "\u27e6CITE\u27e7"
GLUE_MARK = "\u27e6GLUE\u27e7"

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}|:{3,})\s*(\{[^}]*\})?(.*)$")
_CODE_DIRECTIVES = {"{code-cell}", "{code}", "{code-block}", "{math}", "{literalinclude}", "{glue:figure}",
                    "{glue:math}", "{raw}", "{mermaid}", "{bibliography}", "{toctree}", "{tableofcontents}",
                    "{csv-table}", "{list-table}"}
# Directives whose body is prose but whose argument is an identifier or a path.
_ID_ARGUMENT = {"{solution}", "{glue}", "{glue:any}", "{figure}", "{image}", "{include}", "{glossary}"}


def _mask_inline(text: str) -> str:
    """Replace non-prose inline spans: glue and cite roles become markers, the rest goes."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\{glue(?::\w+)?\}`[^`]*`", GLUE_MARK, text)
    text = re.sub(r"\{cite(?::\w+)?\}`[^`]*`", CITE_MARK, text)
    text = re.sub(r"\{(?:ref|doc|numref|eq|term|download|prf:ref|math|abbr|sub|sup|index|label)\}`[^`]*`", " ", text)
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", text)                      # any other role
    text = re.sub(r"``.*?``|`[^`\n]*`", " ", text)                          # inline code
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)                     # display maths
    text = re.sub(r"(?<![\\\w])\$(?=\S)[^$\n]*?(?<=\S)\$(?!\w)", " ", text)  # inline maths
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)                  # images: keep alt
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)                   # links: keep text
    text = re.sub(r"\[\^[^\]]*\]", " ", text)                               # footnote refs
    text = re.sub(r"<[^>\n]+>", " ", text)                                  # html tags
    text = re.sub(r"https?://\S+", " ", text)
    return text


# Directives whose body states an exercise: its numbers are the question's given values.
_GIVEN = {"{exercise}"}


def _prose_lines(markdown: str, kind: str = "prose") -> list[tuple[int, str, str]]:
    """``(line number, text, kind)`` of the lines a reader sees as prose, block syntax removed.

    ``kind`` is "prose", or "given" inside an ``{exercise}`` directive (the question's data).
    """
    out: list[tuple[int, str, str]] = []
    skip_until: str | None = None
    in_math = False
    stack: list[tuple[str, str]] = []            # open directive fences: (marks, kind inside)
    for number, line in enumerate(markdown.splitlines(), start=1):
        stripped = line.strip()
        current = stack[-1][1] if stack else kind
        if skip_until is not None:
            if stripped.startswith(skip_until) and stripped.strip(skip_until[0]) == "":
                skip_until = None
            continue
        if stripped.startswith("$$"):
            if not (len(stripped) > 2 and stripped.endswith("$$") and stripped != "$$"):
                in_math = not in_math
            continue
        if in_math:
            continue
        fence = _FENCE.match(line)
        if fence:
            marks, directive, rest = fence.group(2), fence.group(3), fence.group(4).strip()
            if directive is None and stack and stripped == stack[-1][0]:
                stack.pop()                                                # closing a directive
                continue
            if directive is None and marks[0] != ":":
                skip_until = marks                                          # ```python ... ```
                continue
            if directive is None:
                continue
            if directive in _CODE_DIRECTIVES:
                skip_until = marks
                continue
            inner = "given" if directive in _GIVEN else current
            stack.append((marks, inner))
            if rest and directive not in _ID_ARGUMENT:
                out.append((number, rest, inner))                          # a directive's title
            continue
        if re.match(r"^\s*:[\w-]+:", line):                                 # directive options
            continue
        if re.match(r"^\s*\([\w:.-]+\)=\s*$", line) or stripped.startswith("%") or stripped == "+++":
            continue
        if re.match(r"^\s*\|?\s*:?-{3,}", stripped):                         # table rule
            continue
        text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", " ", line)               # list markers
        text = re.sub(r"^\s*#{1,6}\s+", " ", text)                           # heading markers
        text = re.sub(r"^\s*>\s?", " ", text)
        out.append((number, text, current))
    return out


# --------------------------------------------------------------------------------------------
# Units: sentences and tables
# --------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;:。；！？])[\"')\]»”’]*\s+(?=[A-Z0-9(\"“‘*_{\u27e6\u4e00-\u9fff])")


def _units(lines: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Group prose lines into units ``(first line, text, kind)``: a sentence, or a whole table."""
    units: list[tuple[int, str, str]] = []
    paragraph: list[tuple[int, str, str]] = []
    table: list[tuple[int, str, str]] = []

    def flush_paragraph() -> None:
        if not paragraph:
            return
        start, kind = paragraph[0][0], paragraph[0][2]
        text = _mask_inline(" ".join(t for _, t, _ in paragraph))
        for sentence in _SENTENCE_END.split(text):
            if sentence.strip():
                units.append((start, sentence.strip(), kind))
        paragraph.clear()

    def flush_table() -> None:
        if table:
            units.append((table[0][0], _mask_inline(" | ".join(t for _, t, _ in table)), table[0][2]))
            table.clear()

    for number, text, kind in lines:
        if text.strip().startswith("|"):
            flush_paragraph()
            table.append((number, text, kind))
            continue
        flush_table()
        if not text.strip() or (paragraph and paragraph[-1][2] != kind):
            flush_paragraph()
        if text.strip():
            paragraph.append((number, text, kind))
    flush_paragraph()
    flush_table()
    return units


# --------------------------------------------------------------------------------------------
# Judging one unit
# --------------------------------------------------------------------------------------------

def _is_identifier(text: str, start: int, end: int) -> bool:
    """The number is glued to letters (A01, 4Ps, Q4, 3rd, 24h), or part of a slash code (M/M/1)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalpha() or after.isalpha() and not text[end:end + 2] in ("% ",):
        return True
    if before in "/_" or after in "/_":
        return True
    if before == "-" and start > 1 and text[start - 2].isalpha():       # "COVID-19", "ISO-9001"
        return True
    return False


def _judge(unit: str, allow: list[str], kind: str = "prose") -> tuple[Counts, list[tuple[str, str]]]:
    counts = Counts(glued=unit.count(GLUE_MARK))
    bare: list[tuple[str, str]] = []
    cited = CITE_MARK in unit
    assumed = bool(ASSUMPTION.search(unit))
    idioms = [m.span() for m in IDIOM.finditer(unit)]
    for match in NUMBER.finditer(unit):
        if any(a <= match.start() < b for a, b in idioms):
            counts.allowed += 1
            continue
        token = match.group(0).lstrip("+-−")
        start, end = match.start(), match.end()
        digits = token.replace(",", "").replace("\u202f", "").replace(" ", "")
        if _is_identifier(unit, start, end):
            counts.allowed += 1
            continue
        head = unit[:start].rstrip()
        is_day = bool(DAY_AFTER.match(unit[end:end + 12]) or DAY_BEFORE.search(unit[max(0, start - 12):start]))
        if YEAR.match(digits) or (re.match(r"^\d$", digits) and not is_day):
            counts.allowed += 1
            continue
        if REFERENCE.search(unit[max(0, start - 40):end]):
            counts.allowed += 1
            continue
        if head.endswith(("第", "Chapter", "chapter")):
            counts.allowed += 1
            continue
        if cited:
            counts.cited += 1
            continue
        if kind == "given":
            counts.given += 1
            continue
        if assumed:
            counts.assumed += 1
            continue
        context = unit[max(0, start - 60):end + 40].replace(GLUE_MARK, "\u2039glue\u203a").replace(CITE_MARK, "\u2039cite\u203a")
        context = re.sub(r"\s+", " ", context).strip()
        if any(snippet in re.sub(r"\s+", " ", unit) for snippet in allow):
            counts.allowed += 1
            continue
        counts.bare += 1
        bare.append((match.group(0), context))
    return counts, bare


def check_markdown(markdown: str, allow: list[str] | None = None, kind: str = "prose"
                   ) -> tuple[Counts, list[tuple[int, str, str]]]:
    """Counts and bare numbers ``(line, number, context)`` of one markdown text.

    ``kind="given"`` treats the whole text as an exercise's statement (its numbers are given).
    """
    total = Counts()
    found: list[tuple[int, str, str]] = []
    for line, unit, kind in _units(_prose_lines(markdown, kind)):
        counts, bare = _judge(unit, allow or [], kind)
        total.add(counts)
        found.extend((line, number, context) for number, context in bare)
    return total, found


# --------------------------------------------------------------------------------------------
# Figure text in code cells
# --------------------------------------------------------------------------------------------

_FIGURE_CALLS = {"set_title", "suptitle", "title", "set_xlabel", "set_ylabel", "xlabel", "ylabel", "text",
                 "annotate", "figtext", "set_label"}
_FIGURE_KEYWORDS = {"title", "label", "xlabel", "ylabel"}


def figure_strings(code: str) -> list[str]:
    """Literal (non-f-string) text a code cell puts into a figure's titles, labels and notes."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found: list[str] = []

    def literal(node) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in _FIGURE_CALLS and node.args:
            literal(node.args[0] if name not in ("text", "figtext") else node.args[-1])
        for keyword in node.keywords:
            if keyword.arg in _FIGURE_KEYWORDS:
                literal(keyword.value)
    return found


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------

def load_allow(path: Path = ALLOW_FILE) -> dict[str, list[str]]:
    """``{file: [snippet, ...]}`` from the allow list (each entry has a reason)."""
    if not path.is_file():
        return {}
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    allow: dict[str, list[str]] = {}
    for entry in entries:
        if not entry.get("reason"):
            raise ValueError(f"{path}: entry {entry!r} has no reason")
        allow.setdefault(entry["file"], []).append(re.sub(r"\s+", " ", entry["text"]))
    return allow


def check_file(path: Path, allow: dict[str, list[str]] | None = None, root: Path = ROOT) -> tuple[Counts, list[Finding]]:
    """Counts and findings for one page (.md) or notebook (.ipynb)."""
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    snippets = (allow or {}).get(relative, [])
    total = Counts()
    findings: list[Finding] = []
    if path.suffix == ".md":
        counts, bare = check_markdown(path.read_text(encoding="utf-8"), snippets)
        total.add(counts)
        findings += [Finding(relative, f"line {line}", n, c) for line, n, c in bare]
        return total, findings
    notebook = json.loads(path.read_text(encoding="utf-8"))
    blocks: set[str] = set()                 # otter-grader blocks the cell sits in (exercise sets)
    for index, cell in enumerate(notebook.get("cells", [])):
        source = "".join(cell.get("source", []))
        if cell.get("cell_type") == "raw":
            first = source.strip().splitlines()[0].upper() if source.strip() else ""
            if m := re.match(r"#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS)\b", first):
                (blocks.add if m.group(1) == "BEGIN" else blocks.discard)(m.group(2))
            continue
        if cell.get("cell_type") == "markdown":
            # An exercise set's question states given values; its written solution is the
            # instructor's model answer: neither can use glue (plain Markdown in Jupyter).
            kind = "given" if "QUESTION" in blocks else "prose"
            counts, bare = check_markdown(source, snippets, kind)
            total.add(counts)
            findings += [Finding(relative, f"cell {index}", n, c) for _, n, c in bare]
        elif cell.get("cell_type") == "code":
            mystnb = cell.get("metadata", {}).get("mystnb", {})
            texts = {
                "caption": mystnb.get("figure", {}).get("caption", ""),
                "alt text": mystnb.get("image", {}).get("alt", ""),
            }
            for part, text in texts.items():
                if text:
                    counts, bare = check_markdown(text, snippets)
                    total.add(counts)
                    findings += [Finding(relative, f"cell {index} ({part})", n, c) for _, n, c in bare]
            for text in figure_strings(source):
                counts, bare = check_markdown(text, snippets)
                total.add(counts)
                findings += [Finding(relative, f"cell {index} (figure text)", n, c) for _, n, c in bare]
    return total, findings


def book_files(root: Path = ROOT) -> list[Path]:
    """Every page and notebook a reader sees: chapters, front and back matter, exercise sets."""
    files: list[Path] = []
    for pattern in ("book/*.md", "book/*.ipynb", "chapters/*/*.md", "chapters/*/*.ipynb", "exercises/ch*.ipynb"):
        files += sorted(p for p in root.glob(pattern) if ".ipynb_checkpoints" not in p.parts)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="pages or notebooks (default: the whole book)")
    parser.add_argument("--summary", action="store_true", help="print counts per file and in total")
    args = parser.parse_args(argv)
    paths: list[Path] = []
    for item in args.paths:
        item = item.resolve()
        if item.is_dir():
            paths += sorted(p for p in item.rglob("*") if p.suffix in (".md", ".ipynb") and ".ipynb_checkpoints" not in p.parts)
        else:
            paths.append(item)
    paths = paths or book_files()
    allow = load_allow()
    grand = Counts()
    problems = 0
    for path in paths:
        counts, findings = check_file(path, allow)
        grand.add(counts)
        problems += len(findings)
        for finding in findings:
            print(finding)
        if args.summary:
            rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            print(f"  {rel}: {counts}")
    print(f"total: {grand} in {len(paths)} file(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
