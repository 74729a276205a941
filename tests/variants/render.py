"""Print a ``Doc`` in each text form gxparse reads (and as a web page).

- ``tabbed``: one row a line, cells joined by tabs, every covered slot an empty field
  (``fixtures/seed_001_tabbed``).
- ``cells``: one cell a tab-indented line, a blank line after each row; a merged cell
  continued from the row above prints as an empty cell, its further lines unindented
  (``fixtures/seed_000_cells``: Word's text export).
- ``wrapped``: a PDF text layer: labels wrapped at 16 characters, the row's figures
  space-separated at the end of its last line, blank cells gone
  (``fixtures/seed_003_wrapped``); 表二's header cells side by side, 表三's and 表四's
  narrow ones in pieces, a line each (``wrapped_side``: every header side by side, line
  by line, as a flipbook text layer prints them).
- ``piped``: a web page copied as text (real_variants.md §6(b)): one cell a line ending in
  `` |``, ``|`` spacer lines where a cell spans columns, rows not marked.
- ``markdown``: ``| a | b |`` tables with a ``|---|`` line after the first row; merged
  slots blank (``markdown_repeat``: the merged cell's text repeated).
- ``html``: a portal page, ``<table>`` with rowspan/colspan, UTF-8.

``prepare(form, case)`` adapts a damaged document to a form before printing: in
``wrapped`` a zero printed blank would vanish with no trace, so it prints as ``—``
(blank cells whose figure is unknowable still vanish).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from attrs import evolve

from .damage import Case, map_doc_cells
from .doc import Cell, Doc, Para, Table, slots

Renderer = Callable[[Doc], str | bytes]


def _one_line(text: str, sep: str = " ") -> str:
    return sep.join(part.strip() for part in text.split("\n"))


def _para_lines(doc_block: Para) -> list[str]:
    return [doc_block.text]


# ---------------------------------------------------------------------- tabbed


def _tabbed_table(table: Table) -> list[str]:
    lines = []
    for row in slots(table):
        fields = []
        for slot in row:
            if slot is None or not slot[1]:
                fields.append("")
            else:
                fields.append(_one_line(slot[0].text))
        lines.append("\t".join(fields))
    return lines


def tabbed(doc: Doc) -> str:
    lines: list[str] = []
    for b in doc.blocks:
        lines.extend(_para_lines(b) if isinstance(b, Para) else _tabbed_table(b))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- cells


def _cells_table(table: Table) -> list[str]:
    lines: list[str] = []
    for row in slots(table):
        previous: Cell | None = None
        for slot in row:
            if slot is None:
                continue
            cell, origin = slot
            if cell is previous:  # a slot covered from the left: the same Word cell
                continue
            previous = cell
            if not origin:  # continued from the row above (vMerge): an empty cell
                lines.append("\t")
                continue
            first, *rest = cell.text.split("\n")
            lines.append("\t" + first)
            lines.extend(rest)
        lines.append("")
    return lines


def cells(doc: Doc) -> str:
    lines: list[str] = [""]
    for b in doc.blocks:
        if isinstance(b, Para):
            lines.append(b.text)
        else:
            lines.extend(_cells_table(b))
            lines.append("")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- wrapped

LABEL_WIDTH = 16
PROSE_WIDTH = 38


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    return [text[i : i + width] for i in range(0, len(text), width)]


def _side_by_side(row: tuple[Cell, ...]) -> list[str]:
    """Header cells side by side, line by line (a long note wrapped in its column first)."""
    out: list[str] = []
    short = []
    for c in row:
        if len(c.text) > LABEL_WIDTH:
            out.extend(_wrap(_one_line(c.text, ""), LABEL_WIDTH))
        elif c.text.strip():
            short.append(c.text.split("\n"))
    for k in range(max((len(p) for p in short), default=0)):
        out.append(" ".join(p[k] for p in short if k < len(p) and p[k].strip()))
    return out


def _narrow(row: tuple[Cell, ...]) -> list[str]:
    """Header cells of a narrow-columned table (表三, 表四), as seed 003 prints them: cells
    spanning columns side by side on one line, a one-column cell in pieces of two
    characters (or its own lines) one per line, a long note wrapped in its column."""
    out: list[str] = []
    run: list[str] = []
    for c in row:
        text = c.text.strip()
        if not text:
            continue
        if c.colspan > 1 and len(text) <= LABEL_WIDTH:
            run.append(_one_line(text))
            continue
        if run:
            out.append(" ".join(run))
            run = []
        if len(text) > LABEL_WIDTH:
            out.extend(_wrap(_one_line(text, ""), LABEL_WIDTH))
        elif "\n" in text:
            out.extend(line.strip() for line in text.split("\n") if line.strip())
        else:
            out.extend(_wrap("".join(text.split()), 2))
    if run:
        out.append(" ".join(run))
    return out


def _wrapped_row(table: Table, r: int, *, side_by_side: bool) -> list[str]:
    row = table.rows[r]
    if not any(c.key for c in row):  # a header row
        if side_by_side or table.name == "active_disclosure":
            return _side_by_side(row)
        return _narrow(row)
    out: list[str] = []
    labels = []
    for c in row:
        if c.key is not None or not c.text.strip():
            continue
        if c.rowspan > 1:  # a group label down the side: its own narrow lines first
            out.extend(_wrap(_one_line(c.text, ""), 3))
        else:
            labels.append(_one_line(c.text))
    figures = " ".join(c.text.strip() for c in row if c.key is not None and c.text.strip())
    label_lines = _wrap(" ".join(labels), LABEL_WIDTH) if labels else []
    if label_lines and figures:
        label_lines[-1] += " " + figures
    elif figures:
        label_lines = [figures]
    return out + label_lines


def _wrapped(doc: Doc, *, side_by_side: bool) -> str:
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            lines.extend(_wrap(b.text, PROSE_WIDTH))
        else:
            for r in range(len(b.rows)):
                lines.extend(_wrapped_row(b, r, side_by_side=side_by_side))
    return "\n".join(lines) + "\n"


def wrapped(doc: Doc) -> str:
    return _wrapped(doc, side_by_side=False)


def wrapped_side(doc: Doc) -> str:
    """``wrapped`` with every header row printed side by side, line by line (the
    flipbook text layer of real_variants.md §4)."""
    return _wrapped(doc, side_by_side=True)


# ---------------------------------------------------------------------- piped


def _piped_table(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        for c in row:
            text = _one_line(c.text)
            lines.append(f"{text} |")  # a blank cell: " |" (a line of pipes alone is a spacer)
            if c.colspan > 1:
                lines.append("|" * (c.colspan - 1))
    return lines


def piped(doc: Doc) -> str:
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            lines.append(b.text)
        else:
            lines.append("||||")
            lines.extend(_piped_table(b))
            lines.append("||||")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- markdown


def _md_escape(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def _markdown_table(table: Table, *, repeat: bool) -> list[str]:
    grid = slots(table)
    out = []
    for n, row in enumerate(grid):
        fields = []
        for slot in row:
            if slot is None or (not slot[1] and not repeat):
                fields.append("")
            else:
                fields.append(_md_escape(slot[0].text))
        out.append("| " + " | ".join(fields) + " |")
        if n == 0:
            out.append("|" + "|".join("---" for _ in row) + "|")
    return out


def _markdown(doc: Doc, *, repeat: bool) -> str:
    parts: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            parts.append(b.text)
        else:
            parts.append("\n".join(_markdown_table(b, repeat=repeat)))
    return "\n\n".join(parts) + "\n"


def markdown(doc: Doc) -> str:
    return _markdown(doc, repeat=False)


def markdown_repeat(doc: Doc) -> str:
    return _markdown(doc, repeat=True)


# ---------------------------------------------------------------------- html


def _html_cell(c: Cell) -> str:
    span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
        f' colspan="{c.colspan}"' if c.colspan > 1 else ""
    )
    text = "<br>".join(escape(line) for line in c.text.split("\n"))
    return f"<td{span}><p>{text}</p></td>"


def _html_table(table: Table) -> str:
    body = "".join("<tr>" + "".join(_html_cell(c) for c in row) + "</tr>" for row in table.rows)
    return f'<table border="1" cellspacing="0" style="width:100%"><tbody>{body}</tbody></table>'


def html(doc: Doc) -> bytes:
    first = doc.blocks[0]
    page_title = first.text if isinstance(first, Para) else "政府信息公开工作年度报告"
    article = "".join(
        f"<p>{escape(b.text)}</p>" if isinstance(b, Para) else _html_table(b) for b in doc.blocks
    )
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{escape(page_title)}</title>"
        "<style>td{border:1px solid #000}</style></head><body>"
        '<div class="header"><nav><a href="/">首页</a><a href="/xxgk/">政府信息公开</a>'
        '<a href="/xxgk/ndbg/">政府信息公开年报</a></nav></div>'
        '<div class="crumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>'
        f'<div class="article">{article}</div>'
        "<footer><p>主办：某某市人民政府办公室 网站标识码：0000000000</p></footer>"
        "</body></html>"
    )
    return page.encode("utf-8")


# ---------------------------------------------------------------------- registry

RENDERERS: dict[str, Renderer] = {
    "tabbed": tabbed,
    "cells": cells,
    "wrapped": wrapped,
    "piped": piped,
    "markdown": markdown,
    "html": html,
}
EXTRA_RENDERERS: dict[str, Renderer] = {
    "markdown_repeat": markdown_repeat,
    "wrapped_side": wrapped_side,
}

try:  # another helper's renderers: used when present
    from . import render_docx as _render_docx
except ImportError:  # pragma: no cover - depends on the checkout
    _render_docx = None  # type: ignore[assignment]
try:
    from . import render_pdf as _render_pdf
except ImportError:  # pragma: no cover
    _render_pdf = None  # type: ignore[assignment]

BLANK_ZERO_IN_WRAPPED = "—"


def prepare(form: str, case: Case) -> Doc:
    """``case.doc`` adapted to ``form``: in ``wrapped`` a zero never prints blank."""
    if not form.startswith("wrapped"):
        return case.doc

    def fn(_: Table, __: int, c: Cell) -> Cell:
        if c.key is None or c.text.strip() or c.key in case.unknowable:
            return c
        return evolve(c, text=BLANK_ZERO_IN_WRAPPED)

    return map_doc_cells(case.doc, fn)


def render(form: str, case: Case) -> str | bytes:
    return all_renderers()[form](prepare(form, case))


def all_renderers() -> dict[str, Renderer]:
    """Every form available here: the text forms and html, plus docx and pdf when their
    renderers exist."""
    out = {**RENDERERS, **EXTRA_RENDERERS}
    for name, module in (("docx", _render_docx), ("pdf", _render_pdf)):
        fn = getattr(module, name, None)  # render_docx.docx, render_pdf.pdf: Doc -> bytes
        if callable(fn):
            out[name] = fn
    return out
