"""Render a record dict into the plain-text layouts real users send.

Each renderer reproduces the quirks of a seed: ``tabbed`` (001/004: tab
fields, blank-as-zero, rows whose leading label cells collapsed),
``cells`` (000/002: one cell a line, blank lines between rows, bookmark
noise, labels wrapped onto unindented lines), ``wrapped`` (003: PDF text
with wrapped labels, split header words, space-separated figures), ``piped``
(a portal page copied as text, real_variants §6 forms a and b) and ``markdown``
(GFM pipe tables from a converter, merged cells repeated or emptied).
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from .make_docx_html_fixtures import (
    HEADINGS,
    HCell,
    Style,
    active_grid,
    applications_grid,
    review_grid,
)
from .strategies import (
    APPLICANT_LABELS,
    APPLICANTS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    active_spec,
    layout_rows,
    sections,
)

REVIEW_HEAD_COLS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@frozen
class Quirks:
    blank_zero: bool = False  # zeros printed as empty cells (tabbed, cells)
    collapse: frozenset[str] = frozenset()  # row keys whose leading label cells collapsed (tabbed)
    half_width: bool = False  # (一) and "1. " instead of （一） and "1."
    noise: bool = False  # [bookmark: _Hlk…] before labels (cells)
    wrap: int = (
        0  # wrap labels longer than this onto continuation lines (cells, wrapped); 0 = never
    )
    title_one_line: bool = False
    new_variant: bool = False  # 本年新增 instead of 本年新收
    direct_variant: bool = False  # 未经复议直接诉讼 instead of 直接起诉
    spaced: bool = False  # blank line between every line (wrapped)
    marker: str = ""  # how a zero is printed when blank_zero is set: "" (empty cell), "/", "—"
    tab_ends: bool = False  # piped: one-cell lines end in a tab instead of " |"
    row_lines: bool = False  # piped: one table row a line (form a) instead of one cell a line
    lead_pipe: bool = False  # piped form (a): rows begin with "| "
    repeat_merged: bool = False  # markdown: a merged cell's text in every slot (else empty slots)
    bold: bool = False  # markdown: headings as **bold** paragraphs, header cells in bold


def _label(text: str, q: Quirks) -> str:
    if q.new_variant:
        text = text.replace("本年新收", "本年新增")
    if q.half_width:
        text = text.replace("（", "(").replace("）", ") ")
        for n in range(1, 9):
            text = text.replace(f"{n}.", f"{n}. ")
    return text


def _fig(value: Any, q: Quirks) -> str:
    if q.blank_zero and value in (0, "0"):
        return q.marker
    return str(value)


def _title(rec: dict[str, Any], q: Quirks) -> list[str]:
    agency, year = rec["meta"]["agency"], rec["meta"]["year"]
    if q.title_one_line:
        return [f"{agency} {year} 年政府信息公开 工作年度报告"]
    return [agency, f"{year}年政府信息公开工作年度报告"]


INTRO = [
    "一、总体情况",
    "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。",
]
OUTRO = [
    "五、存在的主要问题及改进情况",
    "信息公开的及时性还需进一步提高。",
    "六、其他需要报告的事项",
    "无。",
]


def _t2_blocks(rec: dict[str, Any]) -> list[tuple[str, list[str], list[tuple[str, list[Any]]]]]:
    """(section heading, column headers, [(item label, figures)]) for 表二."""
    template = rec["meta"]["template"]
    spec = active_spec(template)
    out = []
    for heading, keys in sections(template):
        cols = [h for _, h, _ in spec[keys[0]][1]]
        items = [
            (spec[k][0], [rec["active_disclosure"][k][c] for c, _, _ in spec[k][1]]) for k in keys
        ]
        out.append((heading, cols, items))
    return out


def _t3_rows(rec: dict[str, Any]) -> list[tuple[str, str, str, list[Any], bool]]:
    """(row key, group label, label, figures, first of its group) for 表三."""
    layout = "split_other" if "result.other.other" in rec["applications"] else "single_other"
    out = []
    prev_group = None
    for key, group, label in layout_rows(layout):
        values = [rec["applications"][key][c] for c in (*_APPLICANT_KEYS,)]
        out.append((key, group, label, values, group != prev_group))
        prev_group = group
    return out


_APPLICANT_KEYS = (*APPLICANTS, "total")


def _t4(rec: dict[str, Any]) -> list[Any]:
    return [rec["review_litigation"][g][c] for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]


# -- tabbed -----------------------------------------------------------------------


def tabbed(rec: dict[str, Any], q: Quirks) -> str:
    lines = [*_title(rec, q), *INTRO, "二、主动公开政府信息情况"]
    for heading, cols, items in _t2_blocks(rec):
        lines.append(heading + "\t\t\t")
        lines.append("\t".join(["信息内容", *cols, *[""] * (3 - len(cols))]))
        for label, figs in items:
            lines.append("\t".join([label, *[_fig(f, q) for f in figs], *[""] * (3 - len(figs))]))
    lines += [
        "三、收到和处理政府信息公开申请情况",
        f"{T3_NOTE}\t\t申请人情况\t\t\t\t\t\t总计\t",
        "\t\t自然人\t法人或其他组织\t\t\t\t\t\t",
        "\t\t\t" + "\t".join(APPLICANT_LABELS[1:6]) + "\t\t",
    ]
    for key, group, label, values, first in _t3_rows(rec):
        figs = [_fig(v, q) for v in values]
        label = _label(label, q)
        if key in q.collapse or not group:
            lines.append("\t".join([label, "", *figs, ""]))
        elif group.startswith("三、"):
            lines.append("\t".join([_label(group, q) if first else "", label, *figs, ""]))
        else:
            lines.append("\t".join(["", _label(group, q) if first else "", label, *figs]))
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t\t\t\t\t行政诉讼" + "\t" * 9,
        "\t".join(
            [
                *REVIEW_HEAD_COLS,
                "未经复议直接诉讼" if q.direct_variant else "未经复议直接起诉",
                "",
                "",
                "",
                "",
                "复议后起诉",
                "",
                "",
                "",
                "",
            ]
        ),
        "\t" * 5 + "\t".join(REVIEW_HEAD_COLS * 2),
        "\t".join(_fig(v, q) for v in _t4(rec)),
    ]
    return "\n".join([*lines, *OUTRO]) + "\n"


# -- cells ------------------------------------------------------------------------


def _cell_lines(text: str, q: Quirks, n: int) -> list[str]:
    prefix = f"[bookmark: _Hlk{66973412 + n}]" if q.noise and text and n % 3 == 0 else ""
    if q.wrap and len(text) > q.wrap:
        return ["\t" + prefix + text[: q.wrap], text[q.wrap :]]
    return ["\t" + prefix + text]


def cells(rec: dict[str, Any], q: Quirks) -> str:
    lines = ["", *_title(rec, q), *INTRO, "2、 主动公开政府信息情况"]
    n = 0

    def row(texts: list[str]) -> None:
        nonlocal n
        for t in texts:
            n += 1
            lines.extend(_cell_lines(t, q, n))
        lines.append("")

    for heading, cols, items in _t2_blocks(rec):
        row([heading])
        row(["信息内容", *cols])
        for label, figs in items:
            row([label, *[_fig(f, q) for f in figs]])
    lines += ["", "3、 收到和处理政府信息公开申请情况"]
    row([T3_NOTE, "申请人情况"])
    row(["", APPLICANT_LABELS[0], "法人或其他组织", "总计"])
    row(["", "", *APPLICANT_LABELS[1:6], ""])
    for _, group, label, values, first in _t3_rows(rec):
        figs = [_fig(v, q) for v in values]
        label = _label(label, q)
        if not group:
            row([label, *figs])
        elif group.startswith("三、"):
            row([_label(group, q) if first else "", label, *figs])
        else:
            row(["", _label(group, q) if first else "", label, *figs])
    lines += ["", "4、 因政府信息公开工作被申请行政复议、提起行政诉讼情况"]
    row(["行政复议", "行政诉讼"])
    row([*REVIEW_HEAD_COLS, "未经复议直接起诉", "复议后起诉"])
    row([""] * 5 + list(REVIEW_HEAD_COLS * 2))
    row([_fig(v, q) for v in _t4(rec)])
    return "\n".join([*lines, *OUTRO]) + "\n"


# -- wrapped ----------------------------------------------------------------------


def _wrap(text: str, width: int) -> list[str]:
    if width <= 0 or len(text) <= width:
        return [text]
    return [text[i : i + width] for i in range(0, len(text), width)]


def wrapped(rec: dict[str, Any], q: Quirks) -> str:
    width = q.wrap or 16
    lines = [" " + _title(rec, q)[0], *_title(rec, q)[1:], *INTRO, "二、主动公开政府信息情况"]
    for heading, cols, items in _t2_blocks(rec):
        lines += [heading, " ".join(["信息内容", *cols])]
        lines += [" ".join([label, *(_fig(f, q) for f in figs)]) for label, figs in items]
    lines += [
        " 三、收到和处理政府信息公开申请情况",
        "申请人情况",
        "自然",
        "人",
        "法人或其他组织",
        "总计商业",
        "企业",
        "科研",
        "机构",
        "社会",
        "公益",
        "组织",
        "法律",
        "服务",
        "机构",
        "其他",
    ]
    for key, group, label, values, first in _t3_rows(rec):
        if group and first:
            lines += _wrap(_label(group, q), 3)
        figs = " ".join(_fig(v, q) for v in values)
        parts = _wrap(_label(label, q), width)
        if len(parts) == 1 and key != "result.partially_granted":
            lines.append(f"{parts[0]} {figs}")
        else:
            lines += [*parts, figs]
    lines += [
        " 四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 行政诉讼",
        "结果",
        "维持",
        "结果",
        "纠正",
        "其他",
        "结果",
        "尚未",
        "审结",
        "总计",
        "未经复议直接起诉 复议后起诉",
        *(["结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总计"] * 2),
        " ".join(_fig(v, q) for v in _t4(rec)),
    ]
    lines += OUTRO
    if q.spaced:
        lines = [x for line in lines for x in (line, "")]
    return "\n".join(lines) + "\n"


# -- piped and markdown: the DOCX/HTML generator's grids, copied from a web page or converted --


def _grids(rec: dict[str, Any], q: Quirks) -> list[tuple[str, list[list[HCell]]]]:
    """(heading, grid) per statutory table, labels printed with the quirks."""
    style = Style(zero=q.marker if q.blank_zero else "0")
    out = []
    for heading, grid in (
        (HEADINGS[1], active_grid(rec, style)),
        (HEADINGS[2], applications_grid(rec, style)),
        (HEADINGS[3], review_grid(rec, style)),
    ):
        for row in grid:
            for c in row:
                if c.text and not _is_figure(c.text, q):
                    c.text = _label(c.text, q)
                    if q.direct_variant:
                        c.text = c.text.replace("未经复议直接起诉", "未经复议直接诉讼")
        out.append((heading, grid))
    return out


def _is_figure(text: str, q: Quirks) -> bool:
    return text == q.marker or text.lstrip("+-").replace(".", "", 1).isdigit()


def piped(rec: dict[str, Any], q: Quirks) -> str:
    """Web copy of a portal page (real_variants §6): one cell a line ending " |" (form b,
    rows not marked, spacer lines of pipes), or one row a line with "|||" padding (form a)."""
    end = "\t" if q.tab_ends else " |"
    lines = [*_title(rec, q), *INTRO]
    for heading, grid in _grids(rec, q):
        lines += [heading, "||||"]
        for row in grid:
            if q.row_lines:
                line = " ".join(f"{c.text} |" + "|" * (c.colspan - 1) for c in row)
                lines.append(("| " if q.lead_pipe else "") + line)
            else:
                lines += [f"{c.text}{end}" for c in row]
            if q.spaced:
                lines.append("|" * 4)
    return "\n".join([*lines, *OUTRO]) + "\n"


def _slots(grid: list[list[HCell]], repeat: bool) -> list[list[str]]:
    """The grid's slots: a merged cell's text in its first slot, and in the others too if
    ``repeat`` (as converters print merges)."""
    taken: dict[tuple[int, int], str] = {}
    for r, row in enumerate(grid):
        k = 0
        for c in row:
            while (r, k) in taken:
                k += 1
            for dr in range(c.rowspan):
                for dk in range(c.colspan):
                    first = dr == 0 and dk == 0
                    taken[(r + dr, k + dk)] = c.text if first or repeat else ""
            k += c.colspan
    ncols = max(k for _, k in taken) + 1
    return [[taken.get((r, k), "") for k in range(ncols)] for r in range(len(grid))]


def markdown(rec: dict[str, Any], q: Quirks) -> str:
    """What a DOCX-to-Markdown converter gives: # title, headings, GFM pipe tables."""
    title = _title(rec, q)
    lines = [f"# {' '.join(title)}" if q.title_one_line else f"# {title[0]}", ""]
    if not q.title_one_line:
        lines += [f"## {title[1]}", ""]
    lines += [f"**{INTRO[0]}**" if q.bold else f"## {INTRO[0]}", "", INTRO[1], ""]
    for heading, grid in _grids(rec, q):
        lines += [f"**{heading}**" if q.bold else f"## {heading}", ""]
        slots = _slots(grid, q.repeat_merged)
        for r, row in enumerate(slots):
            cells = [
                f"**{t}**" if q.bold and t and grid_header(grid, r) else t.replace("|", "\\|")
                for t in row
            ]
            lines.append("| " + " | ".join(cells) + " |")
            if r == 0:
                lines.append("|" + "|".join("---" for _ in row) + "|")
        lines.append("")
    for line in OUTRO:
        lines += [f"- {line}" if line[0] not in "五六" else f"## {line}", ""]
    return "\n".join(lines)


def grid_header(grid: list[list[HCell]], r: int) -> bool:
    return all(c.header for c in grid[r])


RENDERERS = {
    "tabbed": tabbed,
    "cells": cells,
    "wrapped": wrapped,
    "piped": piped,
    "markdown": markdown,
}
EXPECTED_READER = {
    "tabbed": "text-tabbed",
    "cells": "text-cells",
    "wrapped": "text-wrapped",
    "piped": "text-piped",
    "markdown": "text-markdown",
}
