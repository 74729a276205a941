"""Write a ``Doc`` as a Word document, merges done as Word does them.

python-docx's blank document, A4: every paragraph a ``w:p`` (the title lines centred
and bold, headings bold), every table a ``w:tbl`` with all borders single lines.
A column span is a ``w:gridSpan`` on the cell; a row span a ``w:vMerge="restart"``
cell followed, in every row it covers, by an empty ``w:vMerge`` (continue) cell of the
same span; a short row ends in ``w:gridAfter``. A ``"\\n"`` in a cell's text is a soft
line break (``w:br``). Column widths are the PDF renderer's (label columns wide, figure
columns narrow). The package's entry timestamps are fixed, so the bytes repeat.
"""

from __future__ import annotations

import io
from typing import Any

from ..make_docx_html_fixtures import _qn, _set_span, _set_text, _stable_zip
from .doc import Doc, Para, Table, slots
from .render_pdf import fit, title_lines

A4 = (11906, 16838)  # twips
MARGIN = 1134  # twips: 2 cm
BORDERS = ("top", "left", "bottom", "right", "insideH", "insideV")


def _el(parent: Any, tag: str, **attrs: str) -> Any:
    el = parent.makeelement(_qn(tag), {_qn(k): v for k, v in attrs.items()})
    parent.append(el)
    return el


def _borders(tbl: Any) -> None:
    tblpr = tbl.find(_qn("tblPr"))
    old = tblpr.find(_qn("tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = tblpr.makeelement(_qn("tblBorders"), {})
    for side in BORDERS:
        _el(borders, side, val="single", sz="4", space="0", color="000000")
    # schema order: tblStyle, ..., tblW, jc, ..., tblBorders, ..., tblLook
    look = tblpr.find(_qn("tblLook"))
    if look is not None:
        look.addprevious(borders)
    else:
        tblpr.append(borders)


def _tc(tr: Any, width: int, colspan: int, vmerge: str | None, text: str) -> Any:
    tc = _el(tr, "tc")
    tcpr = _el(tc, "tcPr")
    _el(tcpr, "tcW", w=str(width), type="dxa")
    _set_span(tc, colspan)  # gridSpan, after tcW
    if vmerge == "restart":
        _el(tcpr, "vMerge", val="restart")
    elif vmerge == "continue":
        _el(tcpr, "vMerge")
    _el(tcpr, "vAlign", val="center")
    p = _el(tc, "p")
    _el(_el(p, "pPr"), "jc", val="center")
    if text:
        _set_text(tc, text)
    return tc


def _widths(table: Table, total: int) -> list[int]:
    """Column widths in twips: the PDF renderer's."""
    _, widths = fit(table, total / 20)
    return [round(w * 20) for w in widths]


def _table(document: Any, table: Table, total: int) -> None:
    grid = slots(table)
    ncols = len(grid[0]) if grid else 0
    widths = _widths(table, total)
    tbl = document.add_table(rows=0, cols=ncols)._tbl
    _borders(tbl)
    for gc, w in zip(tbl.find(_qn("tblGrid")).findall(_qn("gridCol")), widths, strict=True):
        gc.set(_qn("w"), str(w))
    cells = [[None if s is None else s[0] for s in row] for row in grid]
    for r, row in enumerate(grid):
        tr = _el(tbl, "tr")
        k = 0
        last = max((n + 1 for n, s in enumerate(row) if s is not None), default=0)
        while k < last:
            s = row[k]
            if s is None:  # a hole inside the row: an empty cell
                _tc(tr, widths[k], 1, None, "")
                k += 1
                continue
            cell, origin = s
            left = k  # the cell's columns in this row, from k on
            while k < ncols and cells[r][k] is cell:
                k += 1
            span = k - left
            w = sum(widths[left:k])
            if origin or r == 0 or cells[r - 1][left] is not cell:  # the cell's first row
                down = r + 1 < len(grid) and cells[r + 1][left] is cell
                _tc(tr, w, span, "restart" if down else None, cell.text)
            else:
                _tc(tr, w, span, "continue", "")
        if last < ncols:
            trpr = tr.makeelement(_qn("trPr"), {})
            tr.insert(0, trpr)
            _el(trpr, "gridAfter", val=str(ncols - last))


def _para(document: Any, block: Para, *, title: bool) -> None:
    p = document.add_paragraph()
    heading = block.heading is not None or block.text[1:2] == "、"
    if title:
        _el(p._p.get_or_add_pPr(), "jc", val="center")
    _set_text(p._p, block.text)
    if title or heading:
        for r in p._p.findall(_qn("r")):
            rpr = r.makeelement(_qn("rPr"), {})
            _el(rpr, "b")
            r.insert(0, rpr)


def docx(doc: Doc) -> bytes:
    """``doc`` as a .docx package (the same bytes every time)."""
    import docx as python_docx

    document = python_docx.Document()
    sect = document.sections[0]._sectPr
    pgsz = sect.find(_qn("pgSz"))
    pgsz.set(_qn("w"), str(A4[0]))
    pgsz.set(_qn("h"), str(A4[1]))
    pgmar = sect.find(_qn("pgMar"))
    for side in ("left", "right", "top", "bottom"):
        pgmar.set(_qn(side), str(MARGIN))
    total = A4[0] - 2 * MARGIN
    title = title_lines(doc)
    for n, block in enumerate(doc.blocks):
        if isinstance(block, Para):
            _para(document, block, title=n < title)
        else:
            _table(document, block, total)
    out = io.BytesIO()
    document.save(out)
    return _stable_zip(out.getvalue())
