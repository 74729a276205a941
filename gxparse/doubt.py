"""Which values of a record are in doubt, named cell by cell.

Readers and the assembler say what they could not read plainly in warnings, often
about a whole row (``applications.result.granted``) or table (``review_litigation``).
This module turns those into a verdict for each cell, so that a program can list the
doubtful values of a record without reading messages:

- a **null** value is *missing*; it is named by a warning whose ``where`` is its own
  ``table.row.column`` (``value_missing`` unless a warning already names it);
- a cell of a 表三 row the record cannot hold (printed in the other layout and dropped) is
  named ``value_dropped``;
- a value **decided** rather than read plainly -- by a rule, by alignment, by a reading
  choice, or one an OCR engine was unsure of -- is *flagged*: its provenance ``flag``
  holds the reason code (a value with no provenance, such as a blank table read as
  zeros, has none to hold it), and a warning names its cell (``value_flagged`` unless
  one already does).

``DECIDED`` is the catalog of the warning codes that put the values they name in doubt;
a code not in it says nothing about values (``template_from_year``, ``meta_ambiguous``,
``row_not_in_template``...). The module knows only the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import evolve

from gxparse.catalog import ALL_APPLICATION_ROWS, APPLICANT_KEYS, APPLICATIONS, REVIEW, TABLES
from gxparse.record import Report, ReportWarning, Value

MISSING = "value_missing"
FLAGGED = "value_flagged"
DROPPED = "value_dropped"  # a cell of a row the record could not hold (another layout's)

# warning code -> why a value it names was decided rather than read plainly
DECIDED: Mapping[str, str] = {
    "reading_by_rule": "read the only way a rule holds (the rule no longer checks it)",
    "alignment_by_rule": "placed in the only column alignment a rule admits",
    "alignment_uncertain": "placed by the column alignment of similar rows",
    "cells_run_together": "parted from figures printed run together",
    "row_by_position": "its row was known by position, not by its label",
    "unruled_alignment": "placed by aligning it with the column headings (no ruling lines)",
    "extra_cells": "its row prints more figures than the template has columns",
    "duplicate_row": "its row is printed twice; the first was kept",
    "ocr_rule_choice": "read by OCR as the one alternative the engine offered that makes its rules hold",
    "ocr_low_confidence": "read by OCR with low confidence, and no rule confirms it",
}
# Not in it: ``blank_as_zero`` (a table printed all blank, read as zeros because the
# report prints its zeros as empty cells elsewhere) -- the record's contract reads a blank
# cell as 0, and the report's own convention confirms it; the warning stays as a note.

# warning code at one cell -> why it puts the other values of its row in doubt
ROW_DECIDED: Mapping[str, str] = {
    "cell_missing": "a cell printed in its row was not placed, so the row's columns are in doubt",
}


def cell_keys(report: Report) -> list[str]:
    """Every cell of the record as ``table.row.column``, in record order."""
    return [f"{t}.{r}.{c}" for t, r, c, _ in report.cells()]


def scope(where: str | None, keys: Iterable[str]) -> list[str]:
    """The cells a warning's ``where`` names: one cell, a row's cells or a table's."""
    if not where or where.split(".", 1)[0] not in TABLES:
        return []
    return [k for k in keys if k == where or k.startswith(where + ".")]


def printed_row(cell: str) -> str:
    """What is printed in one line with ``cell``: its row, or the whole of 表四, whose three
    groups stand side by side in one printed row."""
    table = cell.split(".", 1)[0]
    return table if table == REVIEW else cell.rsplit(".", 1)[0]


def doubtful(report: Report) -> dict[str, tuple[str, str]]:
    """Each missing or flagged cell -> ``(code, reason)``.

    ``code`` is ``value_missing`` for a null; for a flagged value, its provenance flag
    or the code of the warning that put it in doubt.
    """
    keys = cell_keys(report)
    values = {f"{t}.{r}.{c}": v for t, r, c, v in report.cells()}
    out: dict[str, tuple[str, str]] = {}
    for key in keys:
        v = values[key]
        if v.value is None:
            out[key] = (MISSING, "")
        elif v.prov is not None and v.prov.flag:
            out[key] = (v.prov.flag, {**DECIDED, **ROW_DECIDED}.get(v.prov.flag, v.prov.flag))
    for w in report.warnings:
        if w.code in DECIDED:
            for key in scope(w.where, keys):
                out.setdefault(key, (w.code, DECIDED[w.code]))
        elif w.code in ROW_DECIDED and w.where in values:
            for key in scope(printed_row(w.where), keys):
                out.setdefault(key, (w.code, ROW_DECIDED[w.code]))
    return out


def _dropped(report: Report, w: ReportWarning) -> list[str]:
    """The cells of a 表三 row a warning names that the record does not hold (a row of the
    other layout, dropped): each is named too, so that no value is lost unnamed."""
    table, _, row = (w.where or "").partition(".")
    if table != APPLICATIONS or row in report.applications:
        return []
    if row not in {r.key for r in ALL_APPLICATION_ROWS}:
        return []
    return [f"{table}.{row}.{col}" for col in APPLICANT_KEYS]


def _why_missing(key: str, warnings: Iterable[ReportWarning], keys: list[str]) -> str:
    """The message of the nearest warning over a null cell (its row's, else its table's)."""
    best: ReportWarning | None = None
    for w in warnings:
        if (
            w.where
            and key.startswith(w.where + ".")
            and (best is None or len(w.where) > len(best.where or ""))
        ):
            best = w
    if best is None:
        return "no figure was found for this cell; the value is null"
    return f"the value is null: {best.message} [{best.code} at {best.where}]"


def mark(report: Report) -> Report:
    """The record with each doubtful cell flagged in its provenance and named by a warning
    of its own (added after the record's warnings, in record order). Idempotent."""
    keys = cell_keys(report)
    named = {w.where for w in report.warnings if w.where}
    doubt = doubtful(report)
    added = [
        ReportWarning(DROPPED, f"not in the record: {w.message} [{w.code} at {w.where}]", key)
        for w in report.warnings
        for key in _dropped(report, w)
        if key not in named
    ]
    if not doubt and not added:
        return report
    tables = {name: {r: dict(cols) for r, cols in report.table(name).items()} for name in TABLES}
    for key in keys:
        if key not in doubt:
            continue
        code, reason = doubt[key]
        table, rest = key.split(".", 1)
        row, col = rest.rsplit(".", 1)
        value = tables[table][row][col]
        if code == MISSING:
            if key not in named:
                added.append(ReportWarning(MISSING, _why_missing(key, report.warnings, keys), key))
            continue
        if value.prov is not None and value.prov.flag is None:
            tables[table][row][col] = Value(value.value, evolve(value.prov, flag=code))
        if key not in named:
            added.append(ReportWarning(FLAGGED, f"value {value.value}: {reason}", key))
    return evolve(
        report,
        active_disclosure=tables[TABLES[0]],
        applications=tables[TABLES[1]],
        review_litigation=tables[TABLES[2]],
        warnings=(*report.warnings, *added),
    )
