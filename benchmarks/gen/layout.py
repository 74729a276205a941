"""The three tables as printed: grids of labelled and valued cells with row/column spans.

Every renderer draws from these grids, so the DOCX, HTML and text forms of one report
print the same labels and the same figures in the same places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from catalog import (
    APPLICATION_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    RowLabel,
    application_rows,
    has_single_other,
)
from options import RenderOptions

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADERS = ("商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他")
REVIEW_HEADERS = ("结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计")


@dataclass(frozen=True)
class Cell:
    """One printed cell; ``key`` = (row key, column key) for a figure, None for a label."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    key: tuple[str, str] | None = None


@dataclass(frozen=True)
class Slot:
    """A cell as Word stores it in a row: the cell itself, or an empty vMerge continuation."""

    cell: Cell
    origin: bool

    @property
    def text(self) -> str:
        return self.cell.text if self.origin else ""


@dataclass(frozen=True)
class Grid:
    """A table: its cells (each once, at its top-left position) and its grid width."""

    name: str
    width: int
    height: int
    cells: tuple[Cell, ...]
    row_keys: tuple[str | None, ...]  # the record row key of each grid row, if any

    def origin_rows(self) -> list[list[Cell]]:
        """Cells starting in each row (what HTML writes), in column order."""
        rows: list[list[Cell]] = [[] for _ in range(self.height)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            rows[cell.row].append(cell)
        return rows

    def word_rows(self) -> list[list[Slot]]:
        """Cells as Word rows hold them: vertically merged cells repeat as empty slots."""
        rows: list[list[Slot]] = [[] for _ in range(self.height)]
        for cell in self.cells:
            for row in range(cell.row, cell.row + cell.rowspan):
                rows[row].append(Slot(cell, row == cell.row))
        return [sorted(row, key=lambda s: s.cell.col) for row in rows]


class _Builder:
    def __init__(self, name: str, width: int) -> None:
        self.name = name
        self.width = width
        self.cells: list[Cell] = []
        self.row_keys: list[str | None] = []

    def add(self, text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> None:
        self.cells.append(Cell(text, row, col, rowspan, colspan))

    def value(self, text: str, row: int, col: int, key: tuple[str, str], span: int = 1) -> None:
        self.cells.append(Cell(text, row, col, 1, span, key))

    def grid(self) -> Grid:
        return Grid(
            self.name, self.width, len(self.row_keys), tuple(self.cells), tuple(self.row_keys)
        )


# ---------------------------------------------------------------- printing figures


def printed(value: Any, zero_text: str) -> str:
    """A figure as the report prints it; zeros follow the report's zero style."""
    text = str(value)
    return zero_text if text in ("0", "0.0") else text


def halfwidth(label: str) -> str:
    """'（一）予以公开' -> '(一) 予以公开', '1.属于' -> '1. 属于', as in converted reports."""
    text = label.replace("（", " (").replace("）", ") ").replace("，", ", ")
    text = re.sub(r"^(\d)\.", r"\1. ", text.strip())
    return re.sub(r"\s+", " ", text).replace(" )", ")").replace("( ", "(").strip()


# ---------------------------------------------------------------- 表二


def _active_2021_rows() -> list[tuple[str, ...]]:
    return [
        ("section", "第二十条第（一）项"),
        ("header", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ("items", "regulations", "规章"),
        ("items", "normative_documents", "行政规范性文件"),
        ("section", "第二十条第（五）项"),
        ("header", "信息内容", "本年处理决定数量"),
        ("items", "licensing", "行政许可"),
        ("section", "第二十条第（六）项"),
        ("header", "信息内容", "本年处理决定数量"),
        ("items", "penalty", "行政处罚"),
        ("items", "coercion", "行政强制"),
        ("section", "第二十条第（八）项"),
        ("header", "信息内容", "本年收费金额（单位：万元）"),
        ("items", "fees", "行政事业性收费"),
    ]


def _active_2019_rows() -> list[tuple[str, ...]]:
    items = ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")
    return [
        ("section", "第二十条第（一）项"),
        ("header", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ("items", "regulations", "规章"),
        ("items", "normative_documents", "规范性文件"),
        ("section", "第二十条第（五）项"),
        ("header", *items),
        ("items", "licensing", "行政许可"),
        ("items", "other_services", "其他对外管理服务事项"),
        ("section", "第二十条第（六）项"),
        ("header", *items),
        ("items", "penalty", "行政处罚"),
        ("items", "coercion", "行政强制"),
        ("section", "第二十条第（八）项"),
        ("header", "信息内容", "上一年项目数量", "本年增/减", ""),
        ("items", "fees", "行政事业性收费"),
        ("section", "第二十条第（九）项"),
        ("header", "信息内容", "采购项目数量", "采购总金额", ""),
        ("items", "procurement", "政府集中采购"),
    ]


def active_grid(record: dict[str, Any], options: RenderOptions) -> Grid:
    """表二: 4 columns; single figures span the three value columns (2021 template)."""
    template = record["meta"]["template"]
    table = record["active_disclosure"]
    rows = _active_2021_rows() if template == "2021" else _active_2019_rows()
    grid = _Builder("active_disclosure", 4)
    for index, (kind, *rest) in enumerate(rows):
        grid.row_keys.append(rest[0] if kind == "items" else None)
        if kind == "section":
            grid.add(rest[0], index, 0, colspan=4)
        elif kind == "header":
            for col, text in enumerate(rest):
                grid.add(text, index, col, colspan=3 if (len(rest), col) == (2, 1) else 1)
        else:
            _active_values(grid, index, rest[0], rest[1], table[rest[0]], options)
    return grid.grid()


def _active_values(
    grid: _Builder,
    index: int,
    item: str,
    label: str,
    values: dict[str, Any],
    options: RenderOptions,
) -> None:
    grid.add(label, index, 0)
    columns = tuple(values)
    span = 3 if len(columns) == 1 else 1
    for offset, column in enumerate(columns):
        text = printed(values[column], options.zero_text)
        if item == "procurement" and column == "amount" and text:
            text += options.procurement_unit
        grid.value(text, index, 1 + offset, (item, column), span)
    if len(columns) == 2:
        grid.add("", index, 3)


# ---------------------------------------------------------------- 表三


def _spans(labels: tuple[RowLabel, ...], attr: str) -> dict[int, int]:
    """Row index (within ``labels``) -> rowspan, for runs of equal ``attr`` labels."""
    spans: dict[int, int] = {}
    start = 0
    for index in range(1, len(labels) + 1):
        current = getattr(labels[start], attr)
        if index == len(labels) or getattr(labels[index], attr) != current:
            if current is not None:
                spans[start] = index - start
            start = index
    return spans


def applications_grid(record: dict[str, Any], options: RenderOptions) -> Grid:
    """表三: 10 columns (3 label columns, 6 applicant columns, 总计), 3 header rows."""
    apps = record["applications"]
    labels = application_rows(has_single_other(apps))
    style = halfwidth if options.halfwidth_labels else str
    grid = _Builder("applications", 10)
    grid.add(style(NOTE), 0, 0, rowspan=3, colspan=3)
    grid.add("申请人情况", 0, 3, colspan=7)
    grid.add("自然人", 1, 3, rowspan=2)
    grid.add("法人或其他组织", 1, 4, colspan=5)
    grid.add("总计", 1, 9, rowspan=2)
    for offset, text in enumerate(APPLICANT_HEADERS):
        grid.add(text, 2, 4 + offset)
    grid.row_keys.extend([None, None, None])
    top_spans, mid_spans = _spans(labels, "top"), _spans(labels, "mid")
    for index, label in enumerate(labels):
        row = 3 + index
        grid.row_keys.append(label.key)
        if index in top_spans:
            grid.add(style(label.top or ""), row, 0, rowspan=top_spans[index])
        if index in mid_spans:
            grid.add(style(label.mid or ""), row, 1, rowspan=mid_spans[index])
        leaf = style(_leaf_text(label, options))
        if label.top is None:
            grid.add(leaf, row, 0, colspan=3)
        elif label.mid is None:
            grid.add(leaf, row, 1, colspan=2)
        else:
            grid.add(leaf, row, 2)
        for offset, column in enumerate(APPLICATION_COLUMNS):
            text = printed(apps[label.key][column], options.zero_text)
            grid.value(text, row, 3 + offset, (label.key, column))
    return grid.grid()


def _leaf_text(label: RowLabel, options: RenderOptions) -> str:
    if label.key == "received.new":
        return label.leaf.replace("新收", options.new_label)
    return label.leaf


# ---------------------------------------------------------------- 表四


def review_grid(record: dict[str, Any], options: RenderOptions) -> Grid:
    """表四: 15 columns; the template's 3 header rows, or 2 with the groups side by side."""
    table = record["review_litigation"]
    grid = _Builder("review_litigation", 15)
    if options.table4_header_rows == 3:
        grid.add("行政复议", 0, 0, colspan=5)
        grid.add("行政诉讼", 0, 5, colspan=10)
        for col, text in enumerate(REVIEW_HEADERS):
            grid.add(text, 1, col, rowspan=2)
        grid.add(options.direct_suit_label, 1, 5, colspan=5)
        grid.add("复议后起诉", 1, 10, colspan=5)
        header_rows = 3
    else:
        grid.add("行政复议", 0, 0, colspan=5)
        grid.add("行政诉讼（" + options.direct_suit_label + "）", 0, 5, colspan=5)
        grid.add("行政诉讼（复议后起诉）", 0, 10, colspan=5)
        for col, text in enumerate(REVIEW_HEADERS):
            grid.add(text, 1, col)
        header_rows = 2
    for group in range(1, 3):
        for offset, text in enumerate(REVIEW_HEADERS):
            grid.add(text, header_rows - 1, group * 5 + offset)
    grid.row_keys.extend([None] * header_rows)
    grid.row_keys.append("values")
    for index, group_key in enumerate(REVIEW_GROUPS):
        for offset, column in enumerate(REVIEW_COLUMNS):
            text = printed(table[group_key][column], options.zero_text)
            grid.value(text, header_rows, index * 5 + offset, (group_key, column))
    return grid.grid()


def report_grids(record: dict[str, Any], options: RenderOptions) -> tuple[Grid, Grid, Grid]:
    """表二, 表三 and 表四 of a record."""
    return (
        active_grid(record, options),
        applications_grid(record, options),
        review_grid(record, options),
    )
