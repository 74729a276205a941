"""The variant renderers: a ``Doc`` printed as DOCX and as PDF reads back as it was built.

A small hand-built ``Doc`` holds the renderers to the model (merges, line breaks inside
cells, short rows, a table over several pages, the same bytes every time); a clean
``build(record)`` parses back with gxparse to the record's three tables, in both forms
and on both PDF backends.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import gxparse
from gxparse import pipeline
from gxparse.sources import docx as docx_source
from gxparse.sources import pdf as pdf_source
from gxparse.sources.grid import Grid

from .make_docx_html_fixtures import make_record
from .render_pdf import PAGE_H, PAGE_W, pymupdf, width
from .strategies import reports
from .test_roundtrip_pdf import _assert_provenance
from .variants.build import build
from .variants.doc import Cell, Doc, Para, Table, slots
from .variants.render_docx import docx
from .variants.render_pdf import column_widths, fit, render

TABLES = ("active_disclosure", "applications", "review_litigation")
BACKENDS = pdf_source.available_backends()

# a table with every kind of merge: a header over two rows and two columns, a group
# label down three rows, a line break inside a cell, a short row; then a long one
SMALL = Table(
    (
        (Cell("项目", rowspan=2, colspan=2), Cell("数量", colspan=3)),
        (Cell("甲"), Cell("乙\n丙"), Cell("合计")),
        (
            Cell("第一组", rowspan=3),
            Cell("一项"),
            *(Cell(str(v), key=f"t.a.{c}") for v, c in ((12, "x"), (34567, "y"), (34579, "z"))),
        ),
        (Cell("二项\n（续）"), *(Cell("0", key=f"t.b.{c}") for c in "xyz")),
        (Cell("三项"), Cell("5", key="t.c.x")),  # short: two slots left empty
        (Cell("总计", colspan=2), *(Cell(str(v), key=f"t.d.{c}") for v, c in ((17, "x"),))),
    ),
    name="t",
)
LONG = Table(
    tuple(
        (Cell(f"第{n}行的标签文字"), Cell(str(n * 37), key=f"long.r{n}.v")) for n in range(1, 121)
    ),
    name="long",
)
DOC = Doc(
    (
        Para("某某市某某局2023年政府信息公开工作年度报告"),
        Para("一、总体情况"),
        Para("本报告根据条例要求编制。"),
        SMALL,
        Para("长表如下。"),
        LONG,
    )
)


def _norm(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        r: {c: Decimal(v) if isinstance(v, str) else v for c, v in cols.items()}
        for r, cols in table.items()
    }


def _cells(table: Table) -> set[tuple[str, int, int, int, int]]:
    """(text, row, col, rowspan, colspan) of every cell, from the model's grid."""
    out = set()
    for r, row in enumerate(slots(table)):
        for k, s in enumerate(row):
            if s is not None and s[1]:
                out.add((s[0].text, r, k, s[0].rowspan, s[0].colspan))
    return out


# -- DOCX -------------------------------------------------------------------------------


def test_docx_grid_is_the_model() -> None:
    data = docx(DOC)
    assert docx(DOC) == data  # stable bytes
    doc = docx_source.load(data)
    grids = [b for b in doc.blocks if isinstance(b, Grid)]
    assert len(grids) == 2
    for grid, table in zip(grids, (SMALL, LONG), strict=True):
        got = {(c.text, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells}
        assert got == _cells(table)
    texts = [b.text for b in doc.blocks if not isinstance(b, Grid)]
    assert texts == [b.text for b in DOC.blocks if isinstance(b, Para)]
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert '<w:gridSpan w:val="3"/>' in body and '<w:vMerge w:val="restart"/>' in body
    assert "<w:vMerge/>" in body and '<w:gridAfter w:val="2"/>' in body
    assert "<w:br/>" in body and body.count("<w:insideV ") == 2


# -- PDF --------------------------------------------------------------------------------


def test_column_widths() -> None:
    size = 10.5
    widths = column_widths(SMALL, 400.0, size)
    assert widths is not None and abs(sum(widths) - 400.0) < 0.01
    label, figs = widths[:2], widths[2:]
    assert min(label) > max(figs)  # label columns wide, figure columns narrow
    assert min(figs) >= width("99999", size) + 5  # a five-digit figure fits
    assert column_widths(SMALL, 60.0, size) is None  # cannot fit
    noted = Table(((*(Cell("12345（其中修订12件）", key=f"n.r.{k}") for k in range(15)),),))
    size, widths = fit(noted, 475.0)  # too long for one line even at 7.5 pt: wrapped
    assert size == 9.5 and abs(sum(widths) - 475.0) < 0.01  # as for five-digit figures
    assert render(Doc((noted,)))[1].keys() == {f"n.r.{k}" for k in range(15)}


def test_pdf_draws_the_model() -> None:
    data, drawn = render(DOC)
    assert render(DOC)[0] == data  # stable bytes
    keys = {c.key for t in (SMALL, LONG) for r in t.rows for c in r if c.key}
    assert set(drawn) == keys
    pdf = pymupdf.open(stream=data, filetype="pdf")
    assert pdf.page_count >= 3  # the long table breaks across pages
    assert all(p.rect == pymupdf.Rect(0, 0, PAGE_W, PAGE_H) for p in pdf)  # A4
    text = "".join(p.get_text() for p in pdf)
    assert text.count("数量") == 1  # the header is not repeated
    assert "乙\n丙" in text and "二项\n（续）" in text  # line breaks inside cells
    for key, d in drawn.items():  # every figure inside its ruled cell, on its page
        page = pdf[d.page - 1]
        assert page.get_textbox(pymupdf.Rect(d.box)).strip() == d.text, key
    assert {d.page for k, d in drawn.items() if k.startswith("long.")} >= {1, 2, 3}
    assert len(pdf[0].get_drawings()) > 0  # ruled


# -- round trip through gxparse -----------------------------------------------------------


def _assert_round_trip(record: dict[str, Any], report: gxparse.Report) -> None:
    got = report.to_dict()
    assert got["meta"] == record["meta"]
    for table in TABLES:
        assert _norm(got[table]) == _norm(record[table]), table
    assert report.ok, [c.message for c in report.failed_checks]


def _both(record: dict[str, Any]) -> None:
    doc = build(record)
    report = gxparse.parse(docx(doc))
    assert report.source.reader == "docx-table"
    _assert_round_trip(record, report)
    pdf, drawn = render(doc)
    for backend in BACKENDS:
        report = pipeline.run(pdf_source.load(pdf, path="report.pdf", backend=backend))
        assert report.source.reader == "pdf-grid", backend
        _assert_round_trip(record, report)
        _assert_provenance(report, drawn)  # every figure read from the cell it was drawn in


@pytest.mark.parametrize(
    "seed, template, single_other",
    [(1, "2021", False), (2, "2021", True), (3, "2019", True)],
)
def test_built_report_round_trips(seed: int, template: str, single_other: bool) -> None:
    _both(make_record(seed, template=template, single_other=single_other))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_built_reports_round_trip(record: dict[str, Any]) -> None:
    _both(record)
