"""Round trip through Word and the web: a consistent report, rendered, parses back equal.

The renderer (``make_docx_html_fixtures``) fills the official template or
writes a portal page from the record alone; the strategy (``strategies``)
knows nothing of how it is printed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import gxparse

from .make_docx_html_fixtures import Style, render_docx, render_html
from .strategies import reports

TABLES = ("active_disclosure", "applications", "review_litigation")


def _norm(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        r: {c: Decimal(v) if isinstance(v, str) else v for c, v in cols.items()}
        for r, cols in table.items()
    }


@st.composite
def styles(draw: st.DrawFn, record: dict[str, Any], form: str) -> Style:
    rows = list(record["applications"])[1:]
    return Style(
        zero=draw(st.sampled_from(["0", "", "—", "/"])),
        split_before=draw(st.one_of(st.none(), st.sampled_from(rows))),
        split_heading=draw(st.booleans()),
        title_lines=draw(st.sampled_from([1, 2])),
        numbered_headings=form == "docx" and draw(st.booleans()),
        split_runs=form == "docx" and draw(st.booleans()),
        notes=draw(st.booleans()),
        html_style=draw(st.sampled_from(["word", "cms"])),
        encoding=draw(st.sampled_from(["utf-8", "gbk"])),
        charset_meta=draw(st.sampled_from(["right", "missing", "wrong"])),
        years_list=draw(st.sampled_from([None, "before", "after"])),
    )


def _assert_round_trip(record: dict[str, Any], data: bytes, reader: str) -> None:
    report = gxparse.parse(data)
    assert report.source.reader == reader
    got = report.to_dict()
    assert got["meta"] == record["meta"]
    for table in TABLES:
        assert _norm(got[table]) == _norm(record[table]), table
    assert report.ok, [c.message for c in report.failed_checks]


@given(st.data())
def test_docx_round_trip(data: st.DataObject) -> None:
    record = data.draw(reports())
    style = data.draw(styles(record, "docx"))
    _assert_round_trip(record, render_docx(record, style), "docx-table")


@given(st.data())
def test_html_round_trip(data: st.DataObject) -> None:
    record = data.draw(reports())
    style = data.draw(styles(record, "html"))
    _assert_round_trip(record, render_html(record, style), "html-table")
