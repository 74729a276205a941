"""Property tests: consistent reports survive every text layout, and rules name bad cells."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import gxparse
from gxparse import checks
from gxparse.record import Value

from .render_text import EXPECTED_READER, RENDERERS, Quirks
from .strategies import REVIEW_GROUPS, reports

TABLES = ("active_disclosure", "applications", "review_litigation")
RESULT_LEAF_PREFIX = "result."


def _norm(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        r: {c: Decimal(v) if isinstance(v, str) else v for c, v in cols.items()}
        for r, cols in table.items()
    }


@st.composite
def quirks(draw: st.DrawFn, layout: str, record: dict[str, Any]) -> Quirks:
    rows = list(record["applications"])
    marker = draw(st.sampled_from(["/", "—"] if layout == "wrapped" else ["", "", "/", "—"]))
    return Quirks(
        blank_zero=draw(st.booleans()),
        marker=marker,
        collapse=frozenset(draw(st.lists(st.sampled_from(rows), max_size=4)))
        if layout == "tabbed"
        else frozenset(),
        half_width=draw(st.booleans()),
        noise=layout == "cells" and draw(st.booleans()),
        wrap=draw(st.sampled_from([0, 9, 14])) if layout != "tabbed" else 0,
        title_one_line=draw(st.booleans()),
        new_variant=draw(st.booleans()),
        direct_variant=draw(st.booleans()),
        spaced=layout in ("wrapped", "piped") and draw(st.booleans()),
        tab_ends=layout == "piped" and draw(st.booleans()),
        row_lines=layout == "piped" and draw(st.booleans()),
        lead_pipe=layout == "piped" and draw(st.booleans()),
        repeat_merged=layout == "markdown" and draw(st.booleans()),
        bold=layout == "markdown" and draw(st.booleans()),
    )


@st.composite
def rendered(draw: st.DrawFn) -> tuple[dict[str, Any], str, str]:
    record = draw(reports())
    layout = draw(st.sampled_from(sorted(RENDERERS)))
    q = draw(quirks(layout, record))
    return record, layout, RENDERERS[layout](record, q)


@given(rendered())
def test_text_layouts_parse_back_equal(case: tuple[dict[str, Any], str, str]) -> None:
    record, layout, text = case
    report = gxparse.parse(text)
    got = report.to_dict()
    assert report.source.reader == EXPECTED_READER[layout]
    assert got["meta"] == record["meta"]
    for t in TABLES:
        assert _norm(got[t]) == _norm(record[t]), t


@given(rendered())
def test_consistent_reports_pass_every_rule(case: tuple[dict[str, Any], str, str]) -> None:
    record, _, text = case
    report = gxparse.parse(text)
    assert report.ok
    n_rows = len(record["applications"])
    assert len(report.checks) == 7 + 7 + n_rows + 3  # R1, R2 per column; R3 per row; R4 per group
    assert {c.rule for c in report.checks} == {"R1", "R2", "R3", "R4"}


def _rules_using(table: str, row: str, col: str) -> set[tuple[str, str]]:
    """Which (rule, scope) checks use the cell, derived from the rules' definitions."""
    if table == "review_litigation":
        return {("R4", row)}
    out = {("R3", row)}
    if row in ("received.new", "received.carried_over", "result.total", "carried_forward"):
        out.add(("R1", col))
    if row.startswith(RESULT_LEAF_PREFIX):
        out.add(("R2", col))
    return out


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[dict[str, Any], str, str, str, str]:
    record = draw(reports())
    table = draw(st.sampled_from(["applications", "review_litigation"]))
    row = draw(st.sampled_from(sorted(record[table])))
    col = draw(st.sampled_from(sorted(record[table][row])))
    delta = draw(st.integers(1, 50))
    record[table][row][col] += delta
    layout = draw(st.sampled_from(sorted(RENDERERS)))
    return record, RENDERERS[layout](record, Quirks()), table, row, col


@given(corrupted())
def test_one_bad_cell_fails_exactly_the_rules_that_use_it(
    case: tuple[dict[str, Any], str, str, str, str],
) -> None:
    record, text, table, row, col = case
    report = gxparse.parse(text)
    assert _norm(report.to_dict()[table]) == _norm(record[table])
    failed = {(c.rule, c.scope) for c in report.failed_checks}
    assert failed == _rules_using(table, row, col)
    key = f"{table}.{row}.{col}"
    assert all(key in c.cells for c in report.failed_checks)


@given(reports())
def test_checks_alone_name_a_perturbed_cell(record: dict[str, Any]) -> None:
    apps = {r: {c: Value(v) for c, v in cols.items()} for r, cols in record["applications"].items()}
    review = {
        g: {c: Value(v) for c, v in cols.items()} for g, cols in record["review_litigation"].items()
    }
    assert all(c.ok for c in checks.run(apps, review))
    for g in REVIEW_GROUPS:
        bad = {**review, g: {**review[g], "pending": Value(review[g]["pending"].value + 1)}}  # type: ignore[operator]
        failed = [c for c in checks.run(apps, bad) if not c.ok]
        assert [(c.rule, c.scope) for c in failed] == [("R4", g)]


@given(rendered())
def test_json_round_trip(case: tuple[dict[str, Any], str, str]) -> None:
    _, _, text = case
    report = gxparse.parse(text)
    again = gxparse.Report.from_json(report.to_json())
    assert again == report
    assert json.loads(again.to_json()) == json.loads(report.to_json())
