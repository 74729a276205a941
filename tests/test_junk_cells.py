"""A cell that is not a number keeps its place (issue #11).

Junk -- ``NaN``, ``1e5``, ``abc``, ``一二``, ``？``, ``~``, ``N/A``, ``#REF!``, ``1,2,3`` and
the like -- is put into one to three random figure cells of a consistent report, which is
then printed in each form gxparse reads (the variant fuzzer's ``Doc`` renderers: every
text layout, a web page, a Word document; and ``render_text``'s layouts with their
quirks) and parsed. The parse must

* leave each junk cell null, with a warning naming it (``table.row.column``) -- or, in
  the forms whose blank cells carry no column (``UNSURE_BLANKS``), at least naming its
  row when the row cannot show which column the junk holds;
* read every other value as it reads it without the junk: never shifted into a
  neighbour's column. In those forms a value of a row holding junk may instead be null,
  its row named by a warning; never another value.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from attrs import evolve
from hypothesis import Phase, given, note, settings
from hypothesis import strategies as st

import gxparse
from gxparse.labels import has_word, label_text
from gxparse.layout import Cell, Row
from gxparse.readers.text_wrapped import split_figures
from gxparse.record import Provenance
from gxparse.rows import split_row, unlabelled_values

from .make_docx_html_fixtures import make_record
from .render_text import EXPECTED_READER, RENDERERS, Quirks
from .render_text import tabbed as render_tabbed
from .strategies import APPLICANTS, reports
from .test_properties import quirks
from .variants.damage import Case, map_doc_cells, split_key, undamaged, zeros
from .variants.doc import Cell as DocCell
from .variants.doc import Table as DocTable
from .variants.render import all_renderers, render

TABLES = ("active_disclosure", "applications", "review_litigation")
JUNK = (
    "NaN",
    "1e5",
    "abc",
    "一二",
    "？",
    "~",
    "N/A",
    "#REF!",
    "1,2,3",
    "null",
    "#DIV/0!",
    "x",
    "*",
    "?",
    "六十九",
)
# Forms where a row's blank cells carry no column: the wrapped forms lose them (figures
# separated by spaces), and the tabbed, cell-a-line and web-copy forms print a label's
# spanned slot as one more blank cell, so a row with blank zeros can admit several
# alignments. Where R3 cannot tell which column the junk holds, the row is null, named by
# a warning. The grid forms (Markdown, HTML, DOCX) keep every column: the junk is named.
UNSURE_BLANKS = ("tabbed", "cells", "wrapped", "wrapped_side", "piped")
DOC_FORMS = [f for f in all_renderers() if f != "pdf"]  # PDF's readers are not text layouts

# A fraction of the loaded profile's examples (``ci``: 25): each example parses twice. No
# shrinking (as the variant fuzzer): a report's junk hangs on many draws and shrinking
# takes minutes; the failing example is printed whole instead.
few = settings(
    max_examples=max(4, settings().max_examples // 4),
    phases=[p for p in Phase if p != Phase.shrink],
)


def _value(got: dict[str, Any], key: str) -> Any:
    table, row, col = split_key(key)
    v = ((got.get(table) or {}).get(row) or {}).get(col)
    return Decimal(str(v)) if v is not None else None


def _wheres(got: dict[str, Any]) -> set[str]:
    return {w["where"] for w in got["warnings"] if isinstance(w.get("where"), str)}


def _row_named(wheres: set[str], key: str) -> bool:
    """Whether a warning names the cell ``key`` or its row (not only its table)."""
    table, row, _ = split_key(key)
    return key in wheres or f"{table}.{row}" in wheres


def _junk_cell_left_unread(got: dict[str, Any], key: str, row_level: bool) -> str | None:
    """What is wrong with how the parse reports the junk cell ``key`` (None: nothing)."""
    if _value(got, key) is not None:
        return f"junk cell {key} read as {_value(got, key)}"
    wheres = _wheres(got)
    if key in wheres or (row_level and _row_named(wheres, key)):
        return None
    return f"junk cell {key} null with no warning naming it (warnings at {sorted(wheres)})"


def _compare(
    got: dict[str, Any], baseline: dict[str, Any], junk: dict[str, str], row_level: bool
) -> list[str]:
    """Every problem with ``got`` (the parse with junk) against ``baseline`` (without)."""
    problems = [p for k in junk if (p := _junk_cell_left_unread(got, k, row_level)) is not None]
    junk_rows = {split_key(k)[:2] for k in junk}
    wheres = _wheres(got)
    for table in TABLES:
        for row, cols in baseline[table].items():
            for col in cols:
                key = f"{table}.{row}.{col}"
                if key in junk:
                    continue
                want, found = _value(baseline, key), _value(got, key)
                if found == want:
                    continue
                if found is None and row_level and (table, row) in junk_rows:
                    if _row_named(wheres, key):
                        continue
                    problems.append(f"{key} null and its row not named")
                else:
                    problems.append(f"{key}: {found} where the print without junk gives {want}")
    return problems


# ---------------------------------------------------------------- the Doc renderers


@st.composite
def junk_cases(draw: st.DrawFn) -> tuple[Case, Case, dict[str, str]]:
    """A report printed as the template prints it (zeros as one or another marker, or
    not), the same with junk in 1-3 figure cells, and the junk by cell key."""
    case = undamaged(draw(reports()))
    if draw(st.booleans()):
        case = zeros(case, random.Random(draw(st.integers(0, 2**16))))
    keys = sorted({c.key for t in case.doc.tables() for row in t.rows for c in row if c.key})
    picked = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True))
    junk = {k: draw(st.sampled_from(JUNK)) for k in picked}

    def fn(_t: DocTable, _r: int, c: DocCell) -> DocCell:
        return evolve(c, text=junk[c.key]) if c.key in junk else c

    damaged = evolve(case, doc=map_doc_cells(case.doc, fn), unknowable=case.unknowable | set(junk))
    return case, damaged, junk


@pytest.mark.parametrize("form", DOC_FORMS)
@few
@given(data=st.data())
def test_junk_cells_keep_their_place(form: str, data: st.DataObject) -> None:
    case, damaged, junk = data.draw(junk_cases(), label="case")
    note(f"form={form} junk={junk} variants={case.variants}")
    baseline = gxparse.parse(render(form, case)).to_dict()
    source = render(form, damaged)
    got = gxparse.parse(source).to_dict()
    problems = _compare(got, baseline, junk, form in UNSURE_BLANKS)
    if problems and isinstance(source, str):
        note(source)
    assert not problems, problems


# ---------------------------------------------------------------- render_text's layouts

_PLACEHOLDERS = ("918273", "918274", "918275")


@st.composite
def junk_texts(draw: st.DrawFn) -> tuple[str, str, str, dict[str, str]]:
    """(layout, text without junk, text with junk, junk by cell key), in one of
    ``render_text``'s layouts with its quirks. Each junk cell is printed as a placeholder
    figure (in each slot of a merged cell, where Markdown repeats it), then its text
    replaced."""
    record = draw(reports())
    layout = draw(st.sampled_from(sorted(RENDERERS)))
    q = draw(quirks(layout, record))
    keys = [f"{t}.{r}.{c}" for t in TABLES for r in record[t] for c in record[t][r]]
    picked = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True))
    junk = {k: draw(st.sampled_from(JUNK)) for k in picked}
    clean = RENDERERS[layout](record, q)
    marked = {t: {r: dict(cols) for r, cols in record[t].items()} for t in TABLES}
    marked["meta"] = record["meta"]
    for k, placeholder in zip(picked, _PLACEHOLDERS, strict=False):
        table, row, col = split_key(k)
        marked[table][row][col] = placeholder
    text = RENDERERS[layout](marked, q)
    for k, placeholder in zip(picked, _PLACEHOLDERS, strict=False):
        assert placeholder in text, (k, placeholder)
        text = text.replace(placeholder, junk[k])  # every slot of a merged cell
    return layout, clean, text, junk


@few
@given(junk_texts())
def test_junk_cells_keep_their_place_in_every_text_layout(
    case: tuple[str, str, str, dict[str, str]],
) -> None:
    layout, clean, text, junk = case
    note(text)
    baseline = gxparse.parse(clean)
    report = gxparse.parse(text)
    assert report.source.reader == baseline.source.reader == EXPECTED_READER[layout]
    problems = _compare(report.to_dict(), baseline.to_dict(), junk, layout in UNSURE_BLANKS)
    assert not problems, problems


# ---------------------------------------------------------------- the row of issue #11


@pytest.mark.parametrize("junk", ["NaN", "1e5", "abc", "一二", "？", "~"])
@pytest.mark.parametrize("column", ["natural_person", "commercial", "total"])
def test_a_junk_cell_in_a_tabbed_row_shifts_nothing(junk: str, column: str) -> None:
    """``一、本年新收…\\t\\tNaN\\t2\\t…``: the row's figures used to move one column left
    (the junk read as the end of the label), silently."""
    record = make_record(5)
    row = record["applications"]["received.new"]
    marked = {**record, "applications": {**record["applications"], "received.new": dict(row)}}
    marked["applications"]["received.new"][column] = "918273"
    text = render_tabbed(marked, Quirks()).replace("918273", junk)
    report = gxparse.parse(text)
    got = report.to_dict()["applications"]["received.new"]
    assert got == {**row, column: None}
    assert [(w.code, w.where) for w in report.warnings] == [
        ("not_a_number", f"applications.received.new.{column}")
    ]
    assert report.provenance[f"applications.received.new.{column}"].raw == junk


@pytest.mark.parametrize("junk", ["NaN", "1e5", "abc"])
def test_a_junk_figure_in_a_wrapped_row_keeps_its_place(junk: str) -> None:
    """Space-separated figures: the junk is counted among them, so a row that shows as
    many tokens as it has columns reads the junk's column as null and the rest right."""
    record = make_record(5)
    row = record["applications"]["result.granted"]
    marked = {**record, "applications": {**record["applications"], "result.granted": dict(row)}}
    marked["applications"]["result.granted"]["research"] = "918273"
    text = RENDERERS["wrapped"](marked, Quirks()).replace("918273", junk)
    report = gxparse.parse(text)
    assert report.to_dict()["applications"]["result.granted"] == {**row, "research": None}
    assert ("not_a_number", "applications.result.granted.research") in [
        (w.code, w.where) for w in report.warnings
    ]


# ---------------------------------------------------------------- the pieces


@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        ("（一）予以公开", True, True),
        ("三安全一稳定", True, True),
        ("規章", True, True),
        ("（一）", False, True),  # numbering: a piece of a label
        ("一、", False, True),
        ("）", False, True),  # a label's bracket broken off
        ("NaN", False, False),
        ("1e5", False, False),
        ("#REF!", False, False),
        ("N/A", False, False),
        ("？", False, False),
        ("~", False, False),
        ("一二", False, False),
        ("六十九", False, False),
        ("", False, False),
    ],
)
def test_words_and_labels(text: str, word: bool, label: bool) -> None:
    assert has_word(text) is word
    assert label_text(text) is label


def _row(*texts: str) -> Row:
    return Row(tuple(Cell(t, Provenance(raw=t)) for t in texts))


def test_split_row_ends_the_label_at_its_last_word() -> None:
    labels, values = split_row(_row("（三）不予公开", "1.属于国家秘密", "NaN", "2", "3"))
    assert [c.text for c in labels] == ["（三）不予公开", "1.属于国家秘密"]
    assert [c.text for c in values] == ["NaN", "2", "3"]
    labels, values = split_row(_row("四、结转下年度继续办理", "", "？", "", "", "4"))
    assert [c.text for c in labels] == ["四、结转下年度继续办理"]
    assert [c.text for c in values] == ["", "？", "", "", "4"]
    # numbering between the group label and the row label stays in the label
    labels, values = split_row(_row("三、本年度办理结果", "（一）", "予以公开", "1"))
    assert [c.text for c in labels] == ["三、本年度办理结果", "（一）", "予以公开"]
    # no cell that can be a label: left as it was (a label damaged past reading)
    labels, values = split_row(_row("????", "1", "2"))
    assert [c.text for c in labels] == ["????"]


def test_a_row_of_figures_under_no_label_keeps_its_junk() -> None:
    assert [c.text for c in unlabelled_values(_row("", "NaN", "3"))] == ["", "NaN", "3"]
    assert [c.text for c in unlabelled_values(_row("结果维持", "3"))] == ["3"]


@pytest.mark.parametrize(
    ("line", "label", "figures"),
    [
        ("（一）予以公开 NaN 2 3", "（一）予以公开", ["NaN", "2", "3"]),
        ("（一）予以公开 1 2 abc", "（一）予以公开", ["1", "2", "abc"]),
        ("（一）予以公开 1 一二 3", "（一）予以公开", ["1", "一二", "3"]),
        # one figure beside the junk: no row of several columns to count it in
        ("行政事业性收费 3 NaN", "行政事业性收费 3 NaN", []),
        ("行政许可 NaN", "行政许可 NaN", []),
        ("（二）部分公开 ） 1 2", "（二）部分公开 ）", ["1", "2"]),
    ],
)
def test_wrapped_lines_count_junk_among_their_figures(
    line: str, label: str, figures: list[str]
) -> None:
    assert split_figures(line) == (label, figures)


def test_digits_ending_a_junk_token_are_not_figures_glued_to_a_label() -> None:
    """``行政事业性收费 1e5``: the 5 is no figure printed onto the label (``规章000``)."""
    record = make_record(5)
    marked = {
        **record,
        "active_disclosure": {**record["active_disclosure"], "fees": {"amount": "918273"}},
    }
    text = RENDERERS["wrapped"](marked, Quirks()).replace("918273", "1e5")
    report = gxparse.parse(text)
    assert report.get("active_disclosure", "fees", "amount") is None
    assert any((w.where or "").startswith("active_disclosure.fees") for w in report.warnings)


def test_the_rule_places_a_junk_cell_among_blank_cells() -> None:
    """A collapsed tabbed row (``1. 本机关不掌握…\\t\\t\\t62\\t\\t30\\t\\tNaN\\t492\\t``) admits two
    alignments of its blank cells; R3 cannot hold with 总计 as a blank zero beside 62 and 30,
    so the junk takes the column the rule leaves it."""
    record = make_record(5)
    key = "result.unavailable.not_held"
    row = dict(zip((*APPLICANTS, "total"), (0, 62, 0, 30, 0, 400, 492), strict=True))
    marked = {**record, "applications": {**record["applications"], key: {**row}}}
    marked["applications"][key]["other_org"] = "918273"
    q = Quirks(blank_zero=True, collapse=frozenset({key}))
    text = render_tabbed(marked, q).replace("918273", "六十九")
    report = gxparse.parse(text)
    assert report.to_dict()["applications"][key] == {**row, "other_org": None}
    assert {(w.code, w.where) for w in report.warnings} >= {
        ("not_a_number", f"applications.{key}.other_org"),
        ("alignment_by_rule", f"applications.{key}"),
    }


def test_junk_in_the_last_rows_of_table_3_leaves_table_4_alone() -> None:
    """Rows holding junk still mark where 表三 runs: with 总计 and 结转 rows no longer
    counted as its rows, 表三 ran on to 表四's figures (their header line ends in 总计) in
    a PDF text layer printing headers side by side, and 表四 was lost."""
    record = make_record(5)
    junk = {
        "applications.result.total.legal_services": "一二",
        "applications.carried_forward.research": "null",
    }

    def fn(_t: DocTable, _r: int, c: DocCell) -> DocCell:
        return evolve(c, text=junk[c.key]) if c.key in junk else c

    case = undamaged(record)
    damaged = evolve(case, doc=map_doc_cells(case.doc, fn))
    got = gxparse.parse(render("wrapped_side", damaged)).to_dict()
    baseline = gxparse.parse(render("wrapped_side", case)).to_dict()
    assert got["review_litigation"] == baseline["review_litigation"] == record["review_litigation"]
    assert not _compare(got, baseline, junk, row_level=False)
