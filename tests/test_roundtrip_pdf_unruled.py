"""Round trip through PDF with few rules or none: right, or wrong and flagged.

The renderer draws the same reports as ``test_roundtrip_pdf`` with some rules
left out (``Look.ruling``: no rules, only a frame, only horizontal rules, a
frame and horizontal rules) and the figures centred or right-aligned in their
cells. Such tables are read by header alignment (``pdf_unruled``), which flags
every row it reads (``unruled_alignment``). That blanket flag says nothing about
any one cell, so it is set aside here: a cell read wrong or not at all must be
named by some *other* warning, or by a failed check, exactly as ``gxparse.score``
decides (its ``silent``).
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

import gxparse
from gxparse import doubt
from gxparse.score import Score, score

from . import doubts
from . import test_properties as props
from .render_pdf import Look, render
from .strategies import APPLICANTS, REVIEW_COLUMNS, REVIEW_GROUPS, active_spec, layout_rows, reports
from .test_roundtrip_pdf import BACKENDS, TABLES, _norm, _parse, _quiet_record, looks, perturbed

RULINGS = ("none", "frame", "horizontal", "frame_horizontal")
BLANKET = "unruled_alignment"  # every unruled row carries it: no evidence about a cell


@st.composite
def unruled_looks(draw: st.DrawFn, record: dict[str, Any]) -> Look:
    return attrs.evolve(draw(looks(record)), ruling=draw(st.sampled_from(RULINGS)))


def strict_score(report: gxparse.Report, record: dict[str, Any]) -> Score:
    """``gxparse.score`` of the report with the blanket ``unruled_alignment`` flags dropped."""
    got = report.to_dict()
    got["warnings"] = [w for w in got["warnings"] if w["code"] != BLANKET]
    return score(got, record)


def _silent(result: Score) -> list[str]:
    return [f"{e.key}: expected {e.expected}, found {e.found}" for e in result.errors if e.silent]


@given(st.data())
def test_unruled_parse_is_right_or_flagged(data: st.DataObject) -> None:
    record = data.draw(reports())
    look = data.draw(unruled_looks(record))
    pdf, _ = render(record, look)
    report = _parse(pdf, BACKENDS[0])
    assert report.source.reader == "pdf-grid"
    assert report.to_dict()["meta"] == record["meta"]
    result = strict_score(report, record)
    assert not _silent(result), _silent(result)


# Known gap: docs/pdf.md reads every generated *fixture* in these styles right, but not
# every drawn look. Tight columns (a figure's cell only ~5 pt wider than it) print
# neighbouring labels under 0.45 em apart, so word building joins them; header words
# (``商业企科研机社会公法律服``), a blank mark and a figure (``/982``) and a group-label
# character beside a row label (``）4.保护…``, ``（1.属于国家秘`` + ``三密``) are split
# again where the page shows where (the reproductions below). Still not: a group
# character joined to a row label where nothing on that table piece shows where the row
# labels begin (``本区分处理的``: every line carries one, none of two characters), and
# some 表二 lines (``/5``: a blank mark and a figure within one column's reach). Every
# such cell is flagged (the test above). Seeded loops of 400 drawn reports (seeds 0, 1,
# 2): 396, 400 and 392 exact (380, 368 and 376 before these fixes).
@pytest.mark.xfail(reason="some tight-column joins: flagged, not right (see the comment above)")
@settings(phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(st.data())
def test_unruled_parse_is_right(data: st.DataObject) -> None:
    record = data.draw(reports())
    look = data.draw(unruled_looks(record))
    pdf, _ = render(record, look)
    result = strict_score(_parse(pdf, BACKENDS[0]), record)
    assert result.exact, [e.key for e in result.errors][:10]


READINGS = ("reading_by_rule", "reading_undecided")


def _blank_zeros_total_off() -> tuple[dict[str, Any], Look, str, str, str]:
    """What the property drew (falsifying, in ``pytest tests/test_pdf.py
    tests/test_roundtrip_pdf_unruled.py::test_one_bad_figure_unruled -p no:randomly``): a
    2021 report of nothing but zeros, printed blank, without rules, whose one bad figure
    is 结转下年度继续办理's 总计 (1). Its row prints blank x 6 and ``1``; it was read as a
    row printing its 总计 alone (``only_total``: applicant columns null, flagged) where the
    table is read right as zeros and R1 and R3 fail on the figure. The 总计 breaks its own
    column's R1, so the reading "only the division is not shown" has no support
    (``assemble._total_contradicted``)."""
    record: dict[str, Any] = {
        "meta": {"agency": "青岛市人力资源和社会保障局", "year": 2021, "template": "2021"},
        "active_disclosure": {
            k: {c: ("0" if c == "amount" else 0) for c, _, _ in cols}
            for k, (_, cols) in active_spec("2021").items()
        },
        "applications": {
            k: dict.fromkeys((*APPLICANTS, "total"), 0) for k, _, _ in layout_rows("split_other")
        },
        "review_litigation": {g: dict.fromkeys(REVIEW_COLUMNS, 0) for g in REVIEW_GROUPS},
    }
    record["applications"]["carried_forward"]["total"] = 1
    look = Look(
        size=9.0,
        body_size=10.5,
        title_size=16.0,
        margin=50.0,
        lead=1.15,
        zero="",
        t3_shares=(0, 0, 0, 0),
        group_styles=("vertical", "vertical"),
        active_label=0.2,
        ruling="none",
        page_number="",
        prose=0,
    )
    return record, look, "applications", "carried_forward", "total"


@given(perturbed(unruled_looks))
@example(case=_blank_zeros_total_off())
def test_one_bad_figure_unruled(case: tuple[dict[str, Any], Look, str, str, str]) -> None:
    """One figure off: nothing silent; every failed check uses the bad figure and names
    it, or uses a cell read by rule (``reading_by_rule`` picks the reading the row's
    rule accepts: in the bad row it may pick a wrong one, flagged); and with no two
    readings in the table, the table reads right and exactly the rules that use the
    figure fail."""
    record, look, table, row, col = case
    pdf, _ = render(record, look)
    report = _parse(pdf, BACKENDS[0])
    result = strict_score(report, record)
    assert not _silent(result), _silent(result)
    key = f"{table}.{row}.{col}"
    by_rule = {w.where for w in report.warnings if w.code == "reading_by_rule"}
    for c in report.failed_checks:
        assert key in c.cells or by_rule & set(c.cells), (c.rule, c.scope, c.cells)
    readings = [w for w in report.warnings if w.code in READINGS and w.where.startswith(table)]
    if not readings:
        assert _norm(report.to_dict()[table]) == _norm(record[table])
        failed = {(c.rule, c.scope) for c in report.failed_checks}
        assert failed == props._rules_using(table, row, col)


# -- reproductions of what these properties found --------------------------------------------


def _record(**figures: dict[str, int]) -> dict[str, Any]:
    """The quiet report of ``test_roundtrip_pdf`` with some figures set (``table.row``:
    {column: value}); 表三's 总计 column and rows stay consistent when the caller says so."""
    record = _quiet_record()
    for path, cols in figures.items():
        table, row = path.split(".", 1)
        record[table][row].update(cols)
    return record


def _assert_right(record: dict[str, Any], look: Look) -> None:
    pdf, _ = render(record, look)
    for backend in BACKENDS:
        report = _parse(pdf, backend)
        got = report.to_dict()
        for table in TABLES:
            assert _norm(got[table]) == _norm(record[table]), (backend, table)
        assert report.ok, [c.message for c in report.failed_checks]
        assert {w.code for w in doubts.own(report)} <= {BLANKET}, report.warnings
        # every value the blanket warning covers is flagged at its own cell
        covered = {
            k
            for w in report.warnings
            if w.code == BLANKET
            for k in doubt.scope(w.where, doubt.cell_keys(report))
        }
        flagged = {k for k, (code, _) in doubt.doubtful(report).items() if code == BLANKET}
        assert covered == flagged


def test_a_figure_right_aligned_past_the_last_header_label_is_in_the_last_column() -> None:
    """表二 right-aligned, no rules: 现行有效件数's figure sits at the cell's right edge,
    past the header label's end and its 12 pt widening. It was dropped, and the cell read
    as blank (0) -- silently -- and the one-column sections' figures were lost."""
    record = _record(**{"active_disclosure.normative_documents": {"in_force": 1}})
    _assert_right(
        record, Look(size=9.0, margin=50.0, active_label=0.2, ruling="none", align="right")
    )


def test_a_frame_alone_does_not_part_rows() -> None:
    """A frame only, 表三 cut by a page break: the piece on the next page has its frame's
    top and bottom and no rule between them. Those two were taken as row rules, and the
    whole piece read as one row (its figures run together into one number, unflagged)."""
    record = _record(
        **{
            "applications.result.unavailable.not_held": {"natural_person": 2, "total": 2},
            "applications.result.other.other": {"research": 3, "total": 3},
            "applications.result.total": {"natural_person": 3, "research": 3, "total": 6},
            "applications.received.new": {"natural_person": 3, "research": 3, "total": 6},
        }
    )
    look = Look(ruling="frame", break_before="result.denied.third_party")
    _assert_right(record, look)


def test_figures_beside_a_group_label_fragment_join_the_row_above() -> None:
    """No rules, a long wrapped row label (（二）部分公开（区分处理的，…）) whose figures are
    centred on a line that carries only a character of the vertical group label beside
    them (``本``): that character was taken as the line's own row label, so the figures
    started a row of their own and 部分公开 read as blank (0), unflagged."""
    record = _record(
        **{
            "applications.result.partially_granted": {"natural_person": 83, "total": 83},
            "applications.result.total": {"natural_person": 84, "total": 84},
            "applications.received.new": {"natural_person": 84, "total": 84},
        }
    )
    look = Look(size=10.0, margin=60.0, lead=1.15, t3_shares=(0, 3, 0, 1), ruling="none")
    _assert_right(record, look)


def test_figures_far_apart_are_not_a_page_number() -> None:
    """``106`` ``/`` ``2`` in 表二's three columns (zeros printed ``/``) read as the line
    ``106 / 2``, which looks like a page number (page 106 of 2) and was dropped: the row
    read as blank, unflagged."""
    record = _record(**{"active_disclosure.normative_documents": {"issued": 106, "in_force": 2}})
    look = Look(size=12.0, margin=90.0, lead=1.3, zero="/", active_label=0.2, ruling="none")
    _assert_right(record, look)


def test_group_numbering_is_not_joined_to_a_numbered_row_label() -> None:
    """（三）不予公开 wrapped mid-height beside 1.属于国家秘密: its first line ``（三）`` is bare
    numbering, which was joined to the label on its right as a label's own number
    (``（三）1.属于国家秘密``), so the row was not found (flagged, but wrong)."""
    record = _record(
        **{
            "applications.received.new": {"natural_person": 2237, "research": 151, "total": 2388},
            "applications.result.denied.state_secret": {
                "natural_person": 23,
                "research": 151,
                "total": 174,
            },
            "applications.result.total": {"natural_person": 23, "research": 151, "total": 174},
            "applications.carried_forward": {"natural_person": 2214, "total": 2214},
        }
    )
    look = Look(
        size=11.0,
        body_size=12.0,
        title_size=16.0,
        margin=60.0,
        lead=1.5,
        zero="/",
        t3_shares=(6, 4, 2, 1),
        group_styles=("vertical", "mid"),
        page_number="- {} -",
        ruling="none",
    )
    _assert_right(record, look)


def test_a_row_label_column_behind_a_vertical_group_label_is_split_off() -> None:
    """A vertical group label (三、本年度办理结果) runs down the left of every line, so no
    line's first label starts the row labels' column; the mid-height ``（三）不`` ran into
    ``1.属于国家秘`` beside it, and the row was not found (flagged, but wrong)."""
    figures = {"natural_person": 198, "total": 198}
    record = _record(
        **{
            f"applications.{row}": figures
            for row in ("received.new", "result.denied.state_secret", "result.total")
        }
    )
    look = Look(
        size=11.0,
        margin=60.0,
        lead=1.5,
        t3_shares=(6, 4, 2, 0),
        group_styles=("vertical", "mid"),
        ruling="none",
    )
    _assert_right(record, look)


def _wide_received() -> dict[str, Any]:
    """The quiet report with four-digit figures in every applicant column of 本年新收 and
    结转下年度 (so 表三's columns are only a little wider than the figures), consistent."""
    big = dict(zip(APPLICANTS, (1151, 1152, 1153, 1154, 1155, 1156), strict=True))
    new = {**big, "natural_person": 1152}
    return _record(
        **{
            "applications.received.new": {**new, "total": sum(new.values())},
            "applications.carried_forward": {**big, "total": sum(big.values())},
        }
    )


def test_header_labels_of_tight_columns_printed_as_one_word_are_split() -> None:
    """Four-digit figures, 12 pt text: 表三's header labels of neighbouring columns print
    under 0.45 em apart and are built into one word (``商业企科研机社会公法律服``, then
    ``益组织务机构``). No column model was found, and 表三 read as missing (flagged)."""
    look = Look(
        size=12.0,
        title_size=16.0,
        margin=90.0,
        zero="—",
        t3_shares=(0, 2, 5, 6),
        group_styles=("mid", "vertical"),
        active_label=0.2,
        repeat_header=True,
        rules="fill",
        ruling="frame",
        page_number="第{}页",
    )
    _assert_right(_wide_received(), look)


def test_a_blank_mark_joined_to_the_next_columns_figure_is_split() -> None:
    """Blanks printed ``/``, right-aligned, tight columns: 其他's ``/`` and 总计's ``982``
    print as one word ``/982``, which is no figure, so the line was not taken as a row
    of the table and 本年新收 and the rows after it read as missing (flagged)."""
    record = _record(
        **{
            "applications.received.new": {"natural_person": 982, "total": 982},
            "applications.carried_forward": {"natural_person": 981, "total": 981},
        }
    )
    look = Look(
        size=10.0,
        margin=50.0,
        zero="/",
        t3_shares=(0, 0, 0, 2),
        group_styles=("vertical", "vertical"),
        active_label=0.2,
        ruling="frame_horizontal",
        align="right",
        page_number="- {} -",
        prose=0,
    )
    _assert_right(record, look)


def test_a_group_label_character_joined_to_a_row_label_is_cut_off() -> None:
    """No rules, vertical group labels set close left of the row labels: a character of
    （三）不予公开 and the row label beside it print as one word (``）4.保护第三方合法权``,
    ``不益``), so the row label was not matched and the rows read as missing (flagged)."""
    look = Look(
        size=12.0,
        title_size=22.0,
        margin=60.0,
        zero="",
        t3_shares=(2, 0, 1, 3),
        active_label=0.2,
        rules="fill",
        ruling="none",
        align="right",
        page_number="第{}页",
        prose=4,
    )
    _assert_right(_record(**{"review_litigation.review": {"upheld": 1, "total": 1}}), look)


def test_a_blank_last_row_beside_no_other_label_is_no_group_label_fragment() -> None:
    """A frame only, blanks printed as nothing: 四、结转下年度继续办理 (all blank) comes
    last, its label left of （七）总计's above it and nothing below, so it was taken for
    a piece of a group label and joined to 总计: the row read as missing (flagged)."""
    look = Look(
        size=10.0,
        body_size=16.0,
        title_size=16.0,
        margin=50.0,
        lead=1.15,
        zero="",
        t3_shares=(3, 0, 0, 0),
        group_styles=("vertical", "vertical"),
        active_label=0.2,
        ruling="frame",
        align="right",
        page_number="",
        prose=2,
    )
    _assert_right(_record(**{"review_litigation.review": {"upheld": 1, "total": 1}}), look)


def test_a_group_character_shows_where_row_labels_begin_when_no_line_does() -> None:
    """Frame and horizontal rules, 表三 broken later: on the first page every line of
    （三）不予公开's rows carries a character of it, joined to the row label
    (``（1.属于国家秘``, ``三密``), so no line shows where the row labels begin. The
    two-character ``三密`` does (its gap can only lie after ``三``); without it the row
    was not matched (flagged)."""
    look = Look(
        size=12.0,
        body_size=10.5,
        title_lines=2,
        margin=90.0,
        lead=1.15,
        zero="",
        t3_shares=(3, 0, 6, 0),
        group_styles=("mid", "vertical"),
        break_before="result.not_processed.duplicate",
        rules="fill",
        ruling="frame_horizontal",
        page_number="- {} -",
    )
    _assert_right(_record(**{"review_litigation.review": {"upheld": 1, "total": 1}}), look)
