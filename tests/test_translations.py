"""The Chinese edition's catalogues: complete, current, and faithful to the English text's markup.

``tools/i18n.py`` keeps one catalogue per page (``locales/zh_CN/LC_MESSAGES/<page>.po``).  Here:

- what a translation must keep of its English (glued numbers, citations, cross-reference
  targets, inline code, maths, link URLs) is found, and each kind of loss is caught;
- ``check`` reports each kind of incomplete catalogue (missing, untranslated, fuzzy, obsolete,
  a catalogue for a page that is gone), planted in a copy;
- an English change leaves the old translation behind, and the check fails on it;
- the real catalogues against the English text extracted from this run's notebooks
  (``gettext_templates``, once per run): nothing missing, stale or inconsistent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from conftest import ROOT, book_environment, once, phase, shared_folder

sys.path.insert(0, str(ROOT / "tools"))
import i18n  # noqa: E402
from translations import INTERFACE, INTERFACE_DOMAIN  # noqa: E402

ENGLISH = ("Over {glue:text}`n_weeks:,.0f` weeks the branch served {glue:text}`guests:,.0f` guests "
           "{cite:p}`courseslides`; see {doc}`the firm's page <../../book/mirror-lake>`, "
           "{ref}`ch06`, `capacity.totals()` and $S = P - E$ ([data](https://example.org/d.csv)).")
CHINESE = ("{glue:text}`n_weeks:,.0f`周内，该分店接待了{glue:text}`guests:,.0f`位客人{cite:p}`courseslides`；"
           "见{doc}`镜湖酒店简介 <../../book/mirror-lake>`、{ref}`ch06`、`capacity.totals()`与$S = P - E$"
           "（[数据](https://example.org/d.csv)）。")


def test_kept_pieces_of_a_paragraph():
    pieces = i18n.kept(ENGLISH)
    assert pieces == {
        "glue {glue:text}`n_weeks:,.0f`": 1,
        "glue {glue:text}`guests:,.0f`": 1,
        "cite:p courseslides": 1,
        "doc ../../book/mirror-lake": 1,
        "ref ch06": 1,
        "code capacity.totals()": 1,
        "math S = P - E": 1,
        "link https://example.org/d.csv": 1,
    }


def test_a_faithful_translation_loses_nothing():
    """Link texts are translated; every target, number, citation, code and formula is kept."""
    assert i18n.lost(ENGLISH, CHINESE) == []


@pytest.mark.parametrize("fault, expected", [
    (("{glue:text}`guests:,.0f`位", "很多位"), "missing 'glue {glue:text}`guests:,.0f`'"),
    (("guests:,.0f", "guests:.0f"), "missing 'glue {glue:text}`guests:,.0f`'"),
    (("{cite:p}`courseslides`", "{cite:p}`standardsslides`"), "missing 'cite:p courseslides'"),
    (("<../../book/mirror-lake>", "<../../book/intro>"), "missing 'doc ../../book/mirror-lake'"),
    (("{ref}`ch06`", "{ref}`ch05`"), "missing 'ref ch06'"),
    (("`capacity.totals()`", "capacity.totals()"), "missing 'code capacity.totals()'"),
    (("$S = P - E$", "$S = E - P$"), "missing 'math S = P - E'"),
    (("(https://example.org/d.csv)", "(https://example.org/e.csv)"), "missing 'link https://example.org/d.csv'"),
])
def test_each_lost_piece_is_named(fault, expected):
    old, new = fault
    assert old in CHINESE
    problems = i18n.lost(ENGLISH, CHINESE.replace(old, new, 1))
    assert expected in problems, problems


def test_a_glued_number_twice_in_the_translation_is_caught():
    doubled = CHINESE + "{glue:text}`guests:,.0f`"
    assert i18n.lost(ENGLISH, doubled) == ["not in the English: 'glue {glue:text}`guests:,.0f`'"]


# --- check() on planted catalogues ------------------------------------------------------------


def _write(path: Path, entries: dict[str, str], fuzzy: tuple[str, ...] = (), locale: str | None = "zh_CN") -> None:
    catalog = Catalog(locale=locale)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


@pytest.fixture()
def planted(tmp_path):
    """One page's English (``pot/chapters/x.pot``) and a complete Chinese catalogue for it."""
    pot, locales = tmp_path / "pot", tmp_path / "locales"
    english = {"A title": "", ENGLISH: ""}
    _write(pot / "chapters" / "x.pot", english, locale=None)
    translated = {"A title": "一个标题", ENGLISH: CHINESE}
    _write(locales / "zh_CN" / "LC_MESSAGES" / "chapters" / "x.po", translated)
    return pot, locales, translated


def _problems(pot: Path, locales: Path) -> list[str]:
    report = i18n.check("zh_CN", pot, locales)
    return [p for problems in report.problems.values() for p in problems]


def test_check_passes_a_complete_catalogue(planted):
    pot, locales, _ = planted
    report = i18n.check("zh_CN", pot, locales)
    assert (report.problems, report.translated, report.entries) == ({}, 2, 2)


@pytest.mark.parametrize("fault, expected", [
    ("untranslated", "untranslated: 'A title'"),
    ("fuzzy", "fuzzy (the English changed): 'A title'"),
    ("missing", "not in the catalogue (run update): 'A title'"),
    ("lost markup", "missing 'cite:p courseslides'"),
    ("extra entry", "obsolete (its English is gone): 'Gone'"),
    ("no catalogue", "no catalogue (2 entries to translate)"),
    ("page gone", "a catalogue for a page the book no longer has"),
])
def test_check_names_each_kind_of_problem(planted, fault, expected):
    pot, locales, translated = planted
    po = locales / "zh_CN" / "LC_MESSAGES" / "chapters" / "x.po"
    entries, fuzzy = dict(translated), ()
    if fault == "untranslated":
        entries["A title"] = ""
    elif fault == "fuzzy":
        fuzzy = ("A title",)
    elif fault == "missing":
        del entries["A title"]
    elif fault == "lost markup":
        entries[ENGLISH] = CHINESE.replace("{cite:p}`courseslides`", "")
    elif fault == "extra entry":
        entries["Gone"] = "已删除"
    if fault == "no catalogue":
        po.unlink()
    elif fault == "page gone":
        _write(po.parent / "y.po", {"Old": "旧"})
    else:
        _write(po, entries, fuzzy=fuzzy)
    assert any(expected in p for p in _problems(pot, locales)), _problems(pot, locales)


def test_an_english_change_leaves_a_stale_translation_that_fails(planted):
    """The English of a paragraph is edited and the catalogue is not: the old translation no
    longer matches any English, and the new English has none."""
    pot, locales, _ = planted
    _write(pot / "chapters" / "x.pot", {"A title": "", ENGLISH.replace("weeks", "days"): ""}, locale=None)
    problems = _problems(pot, locales)
    assert any(p.startswith("not in the catalogue") for p in problems), problems
    assert any(p.startswith("obsolete (its English is gone)") for p in problems), problems


def test_sphinx_intl_marks_a_changed_paragraph_fuzzy_and_check_fails(planted, tmp_path):
    """What a translator's ``update`` does with that edit: sphinx-intl keeps the old translation
    as a fuzzy guess for the new English, and the check refuses the guess."""
    pot, locales, _ = planted
    _write(pot / "chapters" / "x.pot", {"A title": "", ENGLISH.replace("served", "welcomed"): ""}, locale=None)
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot), "-l", "zh_CN",
                    "-d", str(locales), "-w", "0"], check=True, capture_output=True)
    problems = _problems(pot, locales)
    assert any(p.startswith("fuzzy (the English changed)") for p in problems), problems


# --- the real catalogues -------------------------------------------------------------------------


def test_interface_words_are_in_their_own_catalogue():
    path = i18n.LOCALES / "zh_CN" / "LC_MESSAGES" / f"{INTERFACE_DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = {m.id: m.string for m in read_po(handle) if m.id}
    assert set(catalog) == set(INTERFACE)
    assert catalog["Search this book..."] != "Search this book..."


@pytest.fixture(scope="session")
def gettext_templates(executed_notebooks, tmp_path_factory) -> Path:
    """The English text of every page, extracted once per run by Sphinx's gettext builder from
    the run's executed notebooks (their outputs hold the figures' alt texts)."""
    build = executed_notebooks.build

    def produce() -> dict:
        pot = build / "_build" / "gettext"
        with phase("translations: the English text extracted (gettext)"):
            result = subprocess.run(
                [sys.executable, str(ROOT / "tools" / "i18n.py"), "extract", "--pot", str(pot),
                 "--cache", str(build / "_build" / ".jupyter_cache")],
                cwd=ROOT, env=book_environment(), capture_output=True, text=True)
        (build / "gettext.log").write_text(result.stdout + result.stderr, encoding="utf-8")
        if result.returncode:
            raise RuntimeError("gettext extraction failed:\n" + "\n".join((result.stdout + result.stderr).splitlines()[-40:]))
        return {"pot": str(pot)}

    return Path(once(shared_folder(tmp_path_factory), "gettext", produce)["pot"])


@pytest.mark.book
def test_every_catalogue_is_complete_and_current(gettext_templates):
    """The Chinese edition translates every paragraph, title, caption and alt text of the book,
    from the English it has now, keeping its glued numbers, citations and links."""
    report = i18n.check("zh_CN", gettext_templates)
    assert report.pages >= 60, f"only {report.pages} pages extracted"
    lines = [f"{page}: {p}" for page, problems in sorted(report.problems.items()) for p in problems]
    assert not lines, (f"{len(lines)} problems in the Chinese catalogues (python tools/i18n.py check):\n"
                       + "\n".join(lines[:60]))


@pytest.mark.book
def test_alt_texts_and_captions_are_in_the_catalogues(gettext_templates):
    """The figures' alt texts (chosen by MyST-NB after Sphinx translates) reach the catalogues."""
    template = gettext_templates / "chapters" / "ch01-introduction" / "01-perishability.pot"
    with template.open("rb") as handle:
        english = [m.id for m in read_po(handle) if m.id]
    assert any(text.startswith("Stacked bar chart of guests per opening hour") for text in english)
    assert any(text.startswith("Guests asking for a table in each hour") for text in english)


@pytest.mark.book
def test_tables_inside_boxes_are_in_the_catalogues(gettext_templates):
    """A table inside an "Our explanation" box (chapter 3's ten customer types) is translated."""
    template = gettext_templates / "chapters" / "ch03-content" / "index.pot"
    with template.open("rb") as handle:
        english = {m.id for m in read_po(handle) if m.id}
    assert "A suggested approach" in english


@pytest.mark.parametrize("english, chinese", [
    # The Chinese calendar order: year 年, month 月, day 日, the weekday after in brackets.
    ("2 March 2026", "2026年3月2日"),
    ("March 2026", "2026年3月"),
    ("10 February", "2月10日"),
    ("Saturday 28 March", "3月28日（星期六）"),
    ("Monday 23 March 2026", "2026年3月23日（星期一）"),
    ("Sunday", "星期日"),
    ("May", "5月"),
])
def test_glued_dates_read_in_chinese(english, chinese):
    from translations import chinese_date, needs_translation

    assert chinese_date(english) == chinese
    assert not needs_translation(english)  # a date needs no catalogue entry


@pytest.mark.parametrize("value", ["online review", "Hangzhou", "HZ-FD09", "08:00 to 22:00", "All"])
def test_glued_words_go_to_the_catalogue(value):
    from translations import chinese_date, needs_translation

    assert chinese_date(value) is None and needs_translation(value)


@pytest.mark.parametrize("value", [42, 0.25, "2026", "12:30", "95%", "杭州"])
def test_numbers_and_chinese_stay_as_they_are(value):
    from translations import needs_translation

    assert not needs_translation(value)


def test_glued_words_come_from_the_catalogue_then_the_date_rule():
    from translations import glued_words

    words = {"Hangzhou": "杭州"}
    assert [glued_words(t, words) for t in ("Hangzhou", "2 March 2026", "Shanghai", "1,234")] == [
        "杭州", "2026年3月2日", "Shanghai", "1,234"]


def test_a_chinese_glued_value_may_be_left_out_of_the_chinese():
    """"no surprises" (不要吓我): the English glues the course's Chinese beside the English value;
    in Chinese the English value already prints as 不要吓我, so the _zh value may go; no other."""
    english = "The lowest item is {glue:text}`lowest_item` ({glue:text}`lowest_item_zh`, {glue:text}`score:.1f`)."
    assert i18n.lost(english, "最低的一项是{glue:text}`lowest_item`（{glue:text}`score:.1f`分）。") == []
    assert i18n.lost(english, "最低的一项是{glue:text}`lowest_item_zh`（{glue:text}`score:.1f`分）。") == [
        "missing 'glue {glue:text}`lowest_item`'"]
