"""Baselines: what a user would otherwise reach for, through one shared adapter.

Each baseline turns a PDF into a list of raw grids (a grid is a list of rows,
a row a list of cell strings; ``None`` for a cell a merged cell covers), and
``grids_to_record`` -- written once, shared by all three -- maps the grids
onto the record's JSON form. The adapter is deliberately the smallest
reasonable one, the same for every tool, so the comparison measures the
tools' grids and not the adapter:

- A row whose cell reads exactly like a table header switches the current
  table: 信息内容 or a 表二 column label -> 表二; 申请人情况/自然人/... -> 表三;
  行政复议/结果维持/... -> 表四. Later rows (also in later grids, so a table
  continued on the next page stays put) belong to it.
- Rows are mapped by label with ``gxparse.labels.best`` over the catalog's
  labels; columns by position: 表二 the cells after the label (empty ones
  dropped first when there are more cells than columns), 表三 the last 7
  cells, 表四 the last 15 cells of the first row of 15 figures (blank
  cells count as figures; an all-blank row gives way to a later one that
  is not).
- Cell text becomes a number with ``gxparse.numbers``; blank markers are 0.
- The template is 2019 when a 2019 表二 column label is seen, else 2021.
  Agency and year are not looked for, and no checks or warnings are made:
  these are the tools' tables, nothing more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gxparse import catalog, labels, numbers
from gxparse.serialize import number_to_json

Cell = str | None
Grid = list[list[Cell]]

_APP_COLS = len(catalog.APPLICANT_KEYS)
_REVIEW_CELLS = len(catalog.REVIEW_GROUP_KEYS) * len(catalog.REVIEW_COLUMN_KEYS)


# ---------------------------------------------------------------- the three tools


def pdfplumber_grids(path: str) -> list[Grid]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [table for page in pdf.pages for table in page.extract_tables()]


def pymupdf_grids(path: str) -> list[Grid]:
    import pymupdf

    with pymupdf.open(path) as doc:
        return [table.extract() for page in doc for table in page.find_tables().tables]


def camelot_grids(path: str) -> list[Grid]:
    import camelot

    tables = camelot.read_pdf(path, pages="all", flavor="lattice")
    return [table.df.values.tolist() for table in tables]


BASELINES: dict[str, Callable[[str], list[Grid]]] = {
    "pdfplumber": pdfplumber_grids,
    "pymupdf": pymupdf_grids,
    "camelot": camelot_grids,
}


# ---------------------------------------------------------------- the shared adapter


def _text(cell: Cell) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def _is_header(row: Sequence[Cell], words: Sequence[str]) -> bool:
    cores = {labels.core(w) for w in words}
    return any(labels.core(_text(c)) in cores for c in row if c)


def _detect_template(rows: Sequence[Sequence[Cell]]) -> str:
    return "2019" if any(_is_header(r, catalog.ACTIVE_MARKERS["2019"]) for r in rows) else "2021"


def _count(cell: Cell, *, money: bool = False, signed: bool = False) -> int | str | None:
    text = _text(cell)
    parsed = numbers.parse_money(text) if money else numbers.parse_count(text, signed=signed)
    return None if parsed.value is None else number_to_json(parsed.value)


def _label(cells: Sequence[Cell]) -> str:
    return "".join(_text(c) for c in cells if c and not numbers.looks_numeric(_text(c)))


def _active_row(row: Sequence[Cell], template: str) -> tuple[str, dict[str, Any]] | None:
    cells = list(row)
    first = next((i for i, c in enumerate(cells) if _text(c)), None)
    if first is None:
        return None
    items = catalog.active_items(template)
    key, _ = labels.best(_text(cells[first]), [(it.key, it.labels) for it in items])
    if key is None:
        return None
    item = next(it for it in items if it.key == key)
    values = [c for c in cells[first + 1 :] if c is not None]
    if len(values) > len(item.columns):
        values = [c for c in values if _text(c)] or values
    out: dict[str, Any] = {}
    for i, col in enumerate(item.columns):
        cell = values[i] if i < len(values) else None
        out[col.key] = None if cell is None else _count(cell, money=col.money, signed=col.signed)
    return key, out


def _application_row(row: Sequence[Cell]) -> tuple[str, dict[str, Any]] | None:
    if len(row) <= _APP_COLS:
        return None
    values = row[-_APP_COLS:]
    if not all(numbers.looks_numeric(_text(c)) for c in values):
        return None
    rows = catalog.ALL_APPLICATION_ROWS
    key, _ = labels.best(_label(row[:-_APP_COLS]), [(r.key, r.labels) for r in rows])
    if key is None:
        return None
    return key, {col: _count(c) for col, c in zip(catalog.APPLICANT_KEYS, values, strict=True)}


def _review_row(row: Sequence[Cell]) -> dict[str, dict[str, Any]] | None:
    if len(row) < _REVIEW_CELLS:
        return None
    values = row[-_REVIEW_CELLS:]
    if not all(c is not None and numbers.looks_numeric(_text(c)) for c in values):
        return None
    n = len(catalog.REVIEW_COLUMN_KEYS)
    return {
        group: {col: _count(values[g * n + i]) for i, col in enumerate(catalog.REVIEW_COLUMN_KEYS)}
        for g, group in enumerate(catalog.REVIEW_GROUP_KEYS)
    }


def _all_zero(review: dict[str, dict[str, Any]]) -> bool:
    return all(v in (0, None) for cols in review.values() for v in cols.values())


_HEADERS = (
    (catalog.REVIEW, (*(c.label for c in catalog.REVIEW_COLUMNS[:4]), "行政复议", "行政诉讼")),
    (catalog.APPLICATIONS, catalog.APPLICATION_HEADER_WORDS),
    (
        catalog.ACTIVE,
        ("信息内容", *catalog.ACTIVE_MARKERS["2021"], *catalog.ACTIVE_MARKERS["2019"]),
    ),
)


def grids_to_record(grids: Sequence[Sequence[Sequence[Cell]]]) -> dict[str, Any]:
    """The record (JSON form, tables and template only) that ``grids`` show."""
    rows = [list(r) for g in grids for r in g]
    template = _detect_template(rows)
    active: dict[str, dict[str, Any]] = {}
    apps: dict[str, dict[str, Any]] = {}
    review: dict[str, dict[str, Any]] = {}
    current: str | None = None
    for row in rows:
        header = next((t for t, words in _HEADERS if _is_header(row, words)), None)
        if header is not None:
            current = header
            continue
        if current == catalog.ACTIVE:
            found = _active_row(row, template)
            if found and found[0] not in active:
                active[found[0]] = found[1]
        elif current == catalog.APPLICATIONS:
            found = _application_row(row)
            if found and found[0] not in apps:
                apps[found[0]] = found[1]
        elif current == catalog.REVIEW:
            found_review = _review_row(row)
            # The first row of 15 figures, unless it is all blank and a later one is not.
            if found_review and (not review or (_all_zero(review) and not _all_zero(found_review))):
                review = found_review
    split = any(k.startswith("result.other.") for k in apps)
    layout = catalog.application_rows("split_other" if split else "single_other")
    empty = dict.fromkeys(catalog.APPLICANT_KEYS)
    return {
        "schema": "gxparse/record@1",
        "meta": {"agency": None, "year": None, "template": template},
        catalog.ACTIVE: {
            it.key: active.get(it.key, {c.key: None for c in it.columns})
            for it in catalog.active_items(template)
        },
        catalog.APPLICATIONS: {r.key: apps.get(r.key, dict(empty)) for r in layout},
        catalog.REVIEW: review
        or {g: dict.fromkeys(catalog.REVIEW_COLUMN_KEYS) for g in catalog.REVIEW_GROUP_KEYS},
        "checks": [],
        "warnings": [],
    }


def run_baseline(name: str, path: str) -> dict[str, Any]:
    """Extract ``path`` with baseline ``name`` and map its grids onto a record."""
    record = grids_to_record(BASELINES[name](path))
    data = Path(path).read_bytes()
    record["source"] = {
        "path": path,
        "sha256": hashlib.sha256(data).hexdigest(),
        "format": "pdf",
        "reader": f"baseline-{name}",
    }
    return record
