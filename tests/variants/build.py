"""A consistent record printed as the official template prints it: ``build(record) -> Doc``.

The three statutory tables come from the grids of ``tests/make_docx_html_fixtures.py``
(``active_grid``, ``applications_grid``, ``review_grid``), whose labels are typed in
``tests/strategies.py`` independently of ``gxparse.catalog``; here every figure cell gets
the ``key`` of the record value it prints. Figures print as plain ASCII (a zero as ``0``);
the damages in ``damage.py`` print them other ways.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..make_docx_html_fixtures import (
    HCell,
    Style,
    active_grid,
    applications_grid,
    review_grid,
)
from ..strategies import APPLICANTS, REVIEW_COLUMNS, REVIEW_GROUPS, active_spec, sections
from .doc import Cell, Doc, Para, Table

ACTIVE = "active_disclosure"
APPLICATIONS = "applications"
REVIEW = "review_litigation"

HEADINGS = {
    ACTIVE: "二、主动公开政府信息情况",
    APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    REVIEW: "四、政府信息公开行政复议、行政诉讼情况",
}
OVERVIEW = "一、总体情况"
PROBLEMS = "五、存在的主要问题及改进情况"
OTHER = "六、其他需要报告的事项"

OVERVIEW_TEXT = (
    "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{year}年1月1日起至"
    "{year}年12月31日止。本年度，本机关认真贯彻落实条例规定，扎实推进政务公开工作，"
    "全年主动公开政府信息{n}条。"
)
PROBLEMS_TEXT = "信息公开的及时性和解读的针对性还需进一步提高。下一步，本机关将加强培训，完善制度。"
OTHER_TEXT = "本年度未收取信息处理费。"


def fmt(value: Any) -> str:
    """A record value as the template prints it: ``7``, ``-3``, ``1926.4174``."""
    if isinstance(value, str):
        return value
    return str(value)


def _cell(h: HCell, key: str | None = None) -> Cell:
    return Cell(h.text, rowspan=h.rowspan, colspan=h.colspan, key=key)


def _active_keys(record: dict[str, Any]) -> list[list[str]]:
    """Per data row of 表二 (in printed order), the keys of its figure cells."""
    template = record["meta"]["template"]
    spec = active_spec(template)
    out = []
    for _, items in sections(template):
        for item in items:
            out.append([f"{ACTIVE}.{item}.{col}" for col, _, _ in spec[item][1]])
    return out


def active_table(record: dict[str, Any]) -> Table:
    grid = active_grid(record, Style())
    keys = iter(_active_keys(record))
    rows = []
    for hrow in grid:
        if len(hrow) == 1 or hrow[0].header:
            rows.append(tuple(_cell(h) for h in hrow))
            continue
        figure_keys = next(keys)
        label, *figures = hrow
        rows.append(
            (_cell(label), *(_cell(h, k) for h, k in zip(figures, figure_keys, strict=True)))
        )
    return Table(tuple(rows), name=ACTIVE)


def applications_table(record: dict[str, Any]) -> Table:
    grid = applications_grid(record, Style())
    row_keys = list(record[APPLICATIONS])
    columns = (*APPLICANTS, "total")
    rows = [tuple(_cell(h) for h in hrow) for hrow in grid[:3]]
    for row_key, hrow in zip(row_keys, grid[3:], strict=True):
        labels, figures = hrow[:-7], hrow[-7:]
        rows.append(
            (
                *(_cell(h) for h in labels),
                *(
                    _cell(h, f"{APPLICATIONS}.{row_key}.{c}")
                    for h, c in zip(figures, columns, strict=True)
                ),
            )
        )
    return Table(tuple(rows), name=APPLICATIONS)


def review_table(record: dict[str, Any]) -> Table:
    grid = review_grid(record, Style())
    keys = [f"{REVIEW}.{g}.{c}" for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    rows = [tuple(_cell(h) for h in hrow) for hrow in grid[:3]]
    rows.append(tuple(_cell(h, k) for h, k in zip(grid[3], keys, strict=True)))
    return Table(tuple(rows), name=REVIEW)


def title(record: dict[str, Any]) -> str:
    meta = record["meta"]
    return f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"


def build(record: dict[str, Any]) -> Doc:
    """The report as the official template prints it, every figure in plain ASCII."""
    year = record["meta"]["year"]
    published = sum(
        int(Decimal(str(v)))
        for item in record[ACTIVE].values()
        for v in item.values()
        if Decimal(str(v)) >= 0
    )
    return Doc(
        (
            Para(title(record)),
            Para(OVERVIEW),
            Para(OVERVIEW_TEXT.format(year=year, n=published % 997 + 3)),
            Para(HEADINGS[ACTIVE], heading=ACTIVE),
            active_table(record),
            Para(HEADINGS[APPLICATIONS], heading=APPLICATIONS),
            applications_table(record),
            Para(HEADINGS[REVIEW], heading=REVIEW),
            review_table(record),
            Para(PROBLEMS),
            Para(PROBLEMS_TEXT),
            Para(OTHER),
            Para(OTHER_TEXT),
        )
    )
