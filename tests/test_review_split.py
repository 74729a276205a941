"""表四 printed as two tables (行政复议 apart from 行政诉讼) with its zeros left blank, read
back in every form.

A group of 表四 that is all zeros then prints a whole row of blank cells under its own
header: five under 行政复议's, or ten under 行政诉讼's. That row is the table's row of
figures (the header above names as many columns as it has cells), so the figures of the
table after it keep their columns. Read as nothing, the second table's figures slid one
group to the left (fixtures/fuzz_t4_split_blank_zeros, found by the variant fuzzer).

When every group is zero the whole of 表四 prints blank, which reads as zeros or as
nothing known depending on how the report prints its zeros elsewhere
(``assemble._blank_review``); that case is not this test's, so one group at least
prints a figure here.
"""

from __future__ import annotations

import random

import pytest
from attrs import evolve
from hypothesis import given, note
from hypothesis import strategies as st

from .strategies import REVIEW_COLUMNS, REVIEW_GROUPS, reports
from .variants.build import REVIEW
from .variants.damage import (
    Case,
    is_zero,
    map_doc_cells,
    split_table4,
    truth_value,
    undamaged,
)
from .variants.doc import Cell, Table
from .variants.judge import parse_and_judge
from .variants.render import all_renderers

FORMS = sorted(all_renderers())  # the text forms, html, and docx/pdf where they render


def _blank_zeros_in_review(case: Case) -> Case:
    """Every zero of 表四 printed as an empty cell."""

    def fn(table: Table, _: int, c: Cell) -> Cell:
        if table.name != REVIEW or c.key is None:
            return c
        return evolve(c, text="") if is_zero(truth_value(case.record, c.key)) else c

    return evolve(case, doc=map_doc_cells(case.doc, fn))


@st.composite
def split_blank_cases(draw: st.DrawFn) -> Case:
    """A report whose 表四 has one or two groups all zero, printed as two tables
    (adjacent, or with （续表） between them) with its zeros blank."""
    record = draw(reports())
    zero = draw(st.sets(st.sampled_from(range(len(REVIEW_GROUPS))), min_size=1, max_size=2))
    review = record[REVIEW]
    for n, g in enumerate(REVIEW_GROUPS):
        if n in zero:
            review[g] = dict.fromkeys(REVIEW_COLUMNS, 0)
        elif review[g]["total"] == 0:  # a figure in every group not chosen to be zero
            parts = [draw(st.integers(0, 30)) for _ in range(3)]
            parts.append(draw(st.integers(1, 30)))
            review[g] = dict(zip(REVIEW_COLUMNS, [*parts, sum(parts)], strict=True))
    case = split_table4(undamaged(record), random.Random(draw(st.integers(0, 2**32 - 1))))
    return _blank_zeros_in_review(case)


@pytest.mark.parametrize("form", FORMS)
@given(case=split_blank_cases())
def test_a_review_table_split_in_two_with_blank_zeros_reads_back(form: str, case: Case) -> None:
    verdict, _ = parse_and_judge(case, form)
    note(f"{form} {case.variants} {case.record[REVIEW]}")
    assert not verdict.error, verdict.error
    wrong = [(e.key, e.expected, e.found) for e in verdict.score.errors if e.table == REVIEW]
    assert wrong == []
    assert not verdict.silent


def test_the_fuzzers_document_reads_back() -> None:
    """The fuzzer's find itself (v1-0241's 表四) in every form: 行政复议 blank, then
    未经复议直接起诉 6 6 30 24 66 and 复议后起诉 blank blank blank 5 5."""
    from .make_docx_html_fixtures import make_record

    record = make_record(0)
    record[REVIEW] = {
        "review": dict.fromkeys(REVIEW_COLUMNS, 0),
        "litigation_direct": dict(zip(REVIEW_COLUMNS, (6, 6, 30, 24, 66), strict=True)),
        "litigation_after_review": dict(zip(REVIEW_COLUMNS, (0, 0, 0, 5, 5), strict=True)),
    }
    for seed in range(8):  # both variants of split_table4: adjacent and with_caption
        case = _blank_zeros_in_review(split_table4(undamaged(record), random.Random(seed)))
        for form in FORMS:
            verdict, _ = parse_and_judge(case, form)
            wrong = [
                (e.key, e.expected, e.found) for e in verdict.score.errors if e.table == REVIEW
            ]
            assert wrong == [], (form, case.variants)
