"""The three plain-text layouts in which reports are found (see shared/seeds/).

* ``tab``: one table row a line, cells tab-separated, as Word/PDF converters write them
  (seeds 001, 004) -- including rows whose leading empty label cells collapsed;
* ``cells``: one cell a line, tab-indented, a blank line between rows, wrapped cell text
  continuing unindented, and ``[bookmark: _Hlk…]`` noise (seeds 000, 002);
* ``wrapped``: PDF-to-text output (seed 003): labels wrapped over lines, header words split
  (自然/人), figures space-separated, 表四's 15 figures on one line, page-start spaces.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Any

from layout import Grid, report_grids
from options import RenderOptions
from prose import ReportText

_CJK_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d)")
_DIGIT_CJK = re.compile(r"(?<=\d)(?=[\u4e00-\u9fff])")
_APPLICANT_WORDS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def _spaced(text: str) -> str:
    """'2023年收到159件' -> '2023 年收到 159 件', as PDF text extraction often gives."""
    return _DIGIT_CJK.sub(" ", _CJK_DIGIT.sub(" ", text))


def _prose_blocks(text: ReportText, options: RenderOptions) -> list[list[str]]:
    """Per section: heading + paragraphs; table ``i`` follows block ``i + 1`` (二/三/四)."""
    headings = text.headings(options.arabic_headings)
    return [
        [headings[0], *text.overview],
        [headings[1]],
        [headings[2]],
        [headings[3]],
        [headings[4], *text.problems, headings[5], *text.other],
    ]


# ---------------------------------------------------------------- tab-separated


def _expanded(grid: Grid) -> list[list[str]]:
    """Rows with every spanned cell followed by empty cells up to its span."""
    rows = []
    for slots in grid.word_rows():
        cells: list[str] = []
        for slot in slots:
            cells += [slot.text.replace("\n", " ")] + [""] * (slot.cell.colspan - 1)
        rows.append(cells)
    return rows


def _tab_applications(grid: Grid, options: RenderOptions) -> list[list[str]]:
    rows = [
        [grid.cells[0].text, "", "申请人情况", *[""] * 7],
        ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计", ""],
        ["", "", "", *_APPLICANT_WORDS, "", ""],
    ]
    collapsed = False
    word_rows = grid.word_rows()
    for index, key in enumerate(grid.row_keys):
        if key is None:
            continue
        collapsed = collapsed or key == options.tab_collapse_from
        slots = word_rows[index]
        labels = [s for s in slots if s.cell.key is None]
        values = [s.text for s in slots if s.cell.key is not None]
        leaf = labels[-1].text
        if len(labels) == 1 or collapsed:
            rows.append([leaf, "", *values, ""])
        elif len(labels) == 2:
            rows.append([labels[0].text, leaf, *values, ""])
        else:
            rows.append([labels[0].text, labels[1].text, leaf, *values])
    return rows


def render_tab(record: dict[str, Any], text: ReportText, options: RenderOptions) -> str:
    """Tab-separated rows (seeds 001/004)."""
    active, applications, review = report_grids(record, options)
    blocks = _prose_blocks(text, options)
    tables = [
        _expanded(active),
        _tab_applications(applications, options),
        _expanded(review),
    ]
    lines = ["", "", _spaced("".join(text.title)), ""]
    for index, block in enumerate(blocks):
        for paragraph in block:
            lines += [_spaced(paragraph), ""]
        if 1 <= index <= len(tables):
            lines += ["\t".join(row) for row in tables[index - 1]] + [""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- cell per line


def _cell_lines(text: str, rng: random.Random, options: RenderOptions) -> list[str]:
    lines = text.split("\n")
    if len(lines) == 1 and len(text) > 14 and rng.random() < 0.3:
        cut = rng.randint(10, len(text) - 3)
        lines = [text[:cut], text[cut:]]
    if text and options.cells_bookmarks and rng.random() < 0.08:
        lines[0] = f"[bookmark: _Hlk{rng.randint(10**7, 10**8 - 1)}]" + lines[0]
    return ["\t" + lines[0], *lines[1:]]


def _cells_table(grid: Grid, rng: random.Random, options: RenderOptions) -> list[str]:
    lines: list[str] = []
    for row in grid.word_rows():
        for slot in row:
            lines += _cell_lines(slot.text, rng, options)
        lines.append("")
    return lines


def render_cells(
    record: dict[str, Any], text: ReportText, options: RenderOptions, rng: random.Random
) -> str:
    """Each cell on its own tab-indented line, rows separated by blank lines (000/002)."""
    grids = report_grids(record, options)
    lines = ["", *text.title, ""]
    for index, block in enumerate(_prose_blocks(text, options)):
        lines += block
        if 1 <= index <= len(grids):
            lines += [*_cells_table(grids[index - 1], rng, options), ""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- PDF-to-text


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _wrap(text: str, width: float) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if current and _width(current + ch) > width:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current else lines


def _wrapped_prose(paragraph: str, state: dict[str, int], rng: random.Random) -> list[str]:
    out = []
    for line in _wrap(_CJK_DIGIT.sub(" ", paragraph), 28):
        state["lines"] += 1
        if state["lines"] % 38 == 0:  # a new PDF page: pdftotext starts it with a space
            line = " " + line
        out += [line, ""] if rng.random() < 0.9 else [line]
    return out


def _wrapped_active(grid: Grid) -> list[str]:
    lines = []
    for cells in grid.origin_rows():
        texts = [c.text for c in cells if c.text]
        lines += [" ".join(texts), ""]
    return lines


def _wrapped_applications(grid: Grid, rng: random.Random) -> list[str]:
    lines = ["申请人情况", "", "自然", "", "人", "", "法人或其他组织", ""]
    words = ["总计" + _APPLICANT_WORDS[0][:2], _APPLICANT_WORDS[0][2:]]
    for word in _APPLICANT_WORDS[1:]:
        words += _wrap(word, 2)
    for word in words:
        lines += [word, ""]
    for cells in grid.origin_rows()[3:]:
        labels = [c for c in cells if c.key is None]
        values = " ".join(c.text for c in cells if c.key is not None)
        for label in labels[:-1]:
            for part in _wrap(label.text, 3 if label.col == 0 else 4):
                lines += [part, ""]
        leaf = labels[-1]
        width = {0: 30, 1: 21}.get(leaf.col, 17)
        parts = _wrap(leaf.text, width)
        if len(parts) == 1:
            lines.append(f"{parts[0]} {values}")
            continue
        for part in parts[:-1]:
            lines += [part, ""]
        lines += [parts[-1], "", values, ""] if rng.random() < 0.5 else [parts[-1], values, ""]
    return lines


def _wrapped_review(grid: Grid) -> list[str]:
    rows = grid.origin_rows()
    lines = [" ".join(c.text for c in rows[0]), ""]
    for cells in rows[1:-1]:
        for cell in cells:
            if cell.colspan == 1:
                lines += [cell.text.replace("\n", "\n\n"), ""]
        groups = [cell.text for cell in cells if cell.colspan > 1]
        if groups:
            lines += [" ".join(groups), ""]
    lines += [" ".join(c.text for c in rows[-1]), ""]
    return lines


def render_wrapped(
    record: dict[str, Any], text: ReportText, options: RenderOptions, rng: random.Random
) -> str:
    """PDF-to-text style (seed 003); blank zero cells print as 0 (text keeps no columns)."""
    visible = replace(options, zero_text=options.zero_text or "0")
    active, applications, review = report_grids(record, visible)
    state = {"lines": 0}
    lines = [" " + text.title[0], *text.title[1:], ""]
    blocks = _prose_blocks(text, options)
    tables = [
        _wrapped_active(active),
        _wrapped_applications(applications, rng),
        _wrapped_review(review),
    ]
    for index, block in enumerate(blocks):
        for paragraph in block:
            lines += _wrapped_prose(paragraph, state, rng)
        if 1 <= index <= len(tables):
            lines += tables[index - 1]
    return "\n".join(lines) + "\n"
