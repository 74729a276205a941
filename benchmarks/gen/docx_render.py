"""Fill the official Word template (国办公开办函〔2021〕30号) with a generated report.

The 2021 tables are the template's own, filled in place with their merges kept; the 2019
表二 and the undivided （六） row are made by copying the template's own rows. Every table
is checked against its layout grid after editing, so what Word shows is what the gold says.
"""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from layout import Grid, report_grids
from options import RenderOptions
from prose import ReportText

TEMPLATE = Path(__file__).with_name("templates") / "official_2021_template.docx"
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_OTHER_FIRST_ROW = 23  # 表三 row of （六）1.申请人无正当理由… in the template
_TOTAL_ROW = 26  # 表三 row of （七）总计 in the template


def render_docx(
    record: dict[str, Any], text: ReportText, options: RenderOptions, path: Path
) -> None:
    """Write ``record`` as a DOCX built on the official template."""
    document = Document(str(TEMPLATE))
    active, applications, review = document.tables
    grids = report_grids(record, options)
    if record["meta"]["template"] == "2019":
        _rebuild_active_2019(active, grids[0])
    if "result.other" in record["applications"]:
        _single_other_row(applications)
    if options.table4_header_rows == 2:
        _two_header_rows(review)
    for table, grid in zip((active, applications, review), grids, strict=True):
        _check_structure(table, grid)
        _fill(table, grid, options)
    if options.repeat_header:
        for tr in applications._tbl.tr_lst[:3]:
            _insert_in_order(tr.get_or_add_trPr(), "w:tblHeader", ("w:jc", "w:hidden"))
    tables = [active._tbl, applications._tbl, review._tbl]
    second = _split(applications, grids[1], options.split_table3_before)
    _rebuild_body(document, text, options, tables, second)
    _set_default_font(document, options.font)
    document.core_properties.title = "".join(text.title)
    document.core_properties.author = record["meta"]["agency"]
    stamp = datetime(record["meta"]["year"] + 1, 1, 20, 9, 0, 0)
    document.core_properties.created = stamp
    document.core_properties.modified = stamp
    _save(document, path)


# ---------------------------------------------------------------- table structure


def _rebuild_active_2019(table: Table, grid: Grid) -> None:
    """表二 2019: section / 4-cell header / 4-cell item rows copied from the template."""
    rows = table._tbl.tr_lst
    section, header, item = rows[0], rows[1], rows[2]
    kinds = []
    for row_cells in grid.origin_rows():
        if len(row_cells) == 1:
            kinds.append(section)
        elif grid.row_keys[row_cells[0].row] is None:
            kinds.append(header)
        else:
            kinds.append(item)
    new_rows = [deepcopy(kind) for kind in kinds]
    for row in rows:
        table._tbl.remove(row)
    for row in new_rows:
        table._tbl.append(row)


def _single_other_row(table: Table) -> None:
    """Replace the three （六） rows by one row shaped like （七）总计 (label over 2 columns)."""
    rows = table._tbl.tr_lst
    rows[_OTHER_FIRST_ROW].addprevious(deepcopy(rows[_TOTAL_ROW]))
    for row in rows[_OTHER_FIRST_ROW:_TOTAL_ROW]:
        table._tbl.remove(row)


def _two_header_rows(table: Table) -> None:
    """表四 with the three groups side by side in row 1 and all 15 sub-headers in row 2."""
    rows = table._tbl.tr_lst
    groups = rows[0].tc_lst
    groups[1].grid_span = 5
    groups[1].addnext(deepcopy(groups[1]))
    for tc in rows[2].tc_lst[:5]:
        tc.vMerge = None
    table._tbl.remove(rows[1])


def _vmerge(tc: Any) -> str | None:
    merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
    if merge is None:
        return None
    return merge.get(qn("w:val")) or "continue"


def _word_cells(table: Table) -> dict[tuple[int, int], tuple[Any, int]]:
    """(row, grid column) -> (tc, gridSpan) for every tc of the table."""
    found = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            found[(r, col)] = (tc, tc.grid_span)
            col += tc.grid_span
    return found


def _check_structure(table: Table, grid: Grid) -> None:
    """Fail loudly unless the Word table has exactly the grid's merges."""
    cells = _word_cells(table)
    if len(table._tbl.tr_lst) != grid.height:
        raise AssertionError(f"{grid.name}: {len(table._tbl.tr_lst)} rows, grid has {grid.height}")
    for cell in grid.cells:
        tc, span = cells[(cell.row, cell.col)]
        merge = _vmerge(tc)
        if span != cell.colspan or (merge == "restart") != (cell.rowspan > 1):
            raise AssertionError(f"{grid.name}: cell {cell} does not match the template")
        for below in range(cell.row + 1, cell.row + cell.rowspan):
            if _vmerge(cells[(below, cell.col)][0]) != "continue":
                raise AssertionError(f"{grid.name}: {cell} is not merged down to row {below}")


# ---------------------------------------------------------------- filling

# Elements that must follow <w:jc> in a w:pPr, and <w:sz>/<w:szCs> in a w:rPr.
_AFTER_JC = ("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:rPr", "w:sectPr")
_AFTER_SZ = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:shd",
    "w:vertAlign",
    "w:lang",
    "w:eastAsianLayout",
)


def _insert_in_order(parent: Any, tag: str, followers: tuple[str, ...], **attrs: str) -> Any:
    """Insert a new ``tag`` element before the first of ``followers`` (schema order)."""
    element = OxmlElement(tag, attrs={qn(f"w:{k}"): v for k, v in attrs.items()})
    for name in followers:
        follower = parent.find(qn(name))
        if follower is not None:
            follower.addprevious(element)
            return element
    parent.append(element)
    return element


def _run_xml(text: str, font: str, pt: float, bold: bool = False) -> str:
    size = round(pt * 2)
    fonts = f'w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"'
    props = f"<w:rFonts {fonts}/>{'<w:b/><w:bCs/>' if bold else ''}"
    props += f'<w:kern w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    parts = []
    for index, line in enumerate(text.split("\n")):
        escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        breaker = "<w:br/>" if index else ""
        parts.append(f'{breaker}<w:t xml:space="preserve">{escaped}</w:t>')
    return f"<w:r {nsdecls('w')}><w:rPr>{props}</w:rPr>{''.join(parts)}</w:r>"


def _set_cell(tc: Any, text: str, options: RenderOptions, align: str | None) -> None:
    """Write ``text`` into a cell, aligned ``align`` (None: keep the template's)."""
    paragraphs = tc.p_lst
    for extra in paragraphs[1:]:
        tc.remove(extra)
    paragraph = paragraphs[0]
    for child in list(paragraph):
        if child.tag != qn("w:pPr"):
            paragraph.remove(child)
    if align is not None:
        properties = paragraph.get_or_add_pPr()
        for old in properties.findall(qn("w:jc")):
            properties.remove(old)
        _insert_in_order(properties, "w:jc", _AFTER_JC, val=align)
    if text:
        paragraph.append(parse_xml(_run_xml(text, options.font, options.table_pt)))


def _fill(table: Table, grid: Grid, options: RenderOptions) -> None:
    cells = _word_cells(table)
    first = min((cell.col for cell in grid.cells if cell.key is not None), default=0)
    for cell in grid.cells:
        tc = cells[(cell.row, cell.col)][0]
        align = None
        if cell.key is not None:
            align = "center"
            if options.value_align == "edges" and grid.name == "applications":
                # pairs from the first value column: never against a label cell
                align = "right" if (cell.col - first) % 2 == 0 else "left"
                _no_side_margin(tc)
        _set_cell(tc, cell.text, options, align)
    _set_borders(table, options.table_borders)
    size = str(round(options.table_pt * 2))
    for properties in table._tbl.iter(qn("w:rPr")):
        for tag in ("w:szCs", "w:sz"):
            element = properties.find(qn(tag))
            if element is None:
                element = _insert_in_order(properties, tag, _AFTER_SZ)
            element.set(qn("w:val"), size)
    for spacing in table._tbl.iter(qn("w:spacing")):  # compact rows: no HTML auto spacing
        spacing.set(qn("w:beforeAutospacing"), "0")
        spacing.set(qn("w:afterAutospacing"), "0")


_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
# the borders drawn under each style (BORDERS in options.py)
_DRAWN = {
    "all": _SIDES,
    "none": (),
    "horizontal": ("top", "bottom", "insideH"),
    "frame": ("top", "left", "bottom", "right"),
    "frame_horizontal": ("top", "left", "bottom", "right", "insideH"),
}


def _set_borders(table: Table, style: str) -> None:
    """Rule the table as ``style`` says; "all" leaves the template's borders alone.

    Otherwise every cell's own borders go and the table's borders are set, as a
    report author does by selecting the table and choosing fewer borders.
    """
    if style == "all":
        return
    drawn = _DRAWN[style]
    for tag in ("w:tcBorders", "w:tblBorders"):  # the cells' and rows' (w:tblPrEx) own
        for borders in list(table._tbl.iter(qn(tag))):
            borders.getparent().remove(borders)
    properties = table._tbl.tblPr
    sides = "".join(
        f'<w:{side} w:val="{"single" if side in drawn else "nil"}" w:sz="4" w:space="0" '
        'w:color="auto"/>'
        for side in _SIDES
    )
    element = parse_xml(f"<w:tblBorders {nsdecls('w')}>{sides}</w:tblBorders>")
    followers = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    for name in followers:
        follower = properties.find(qn(name))
        if follower is not None:
            follower.addprevious(element)
            break
    else:
        properties.append(element)


def _no_side_margin(tc: Any) -> None:
    """No left/right cell margin: the text runs to the cell's edge."""
    properties = tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:tcMar")):
        properties.remove(old)
    margins = parse_xml(
        f'<w:tcMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tcMar>'
    )
    follower = next(
        (
            properties.find(qn(n))
            for n in ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
            if properties.find(qn(n)) is not None
        ),
        None,
    )
    if follower is not None:
        follower.addprevious(margins)
    else:
        properties.append(margins)


def _split(table: Table, grid: Grid, before: str | None) -> Any | None:
    """Cut 表三 into two Word tables at row ``before``; return the second <w:tbl>."""
    if before is None:
        return None
    at = grid.row_keys.index(before)
    second = deepcopy(table._tbl)
    for tr in second.tr_lst[:at]:
        second.remove(tr)
    for tr in table._tbl.tr_lst[at:]:
        table._tbl.remove(tr)
    for tc in second.tr_lst[0].tc_lst:
        if _vmerge(tc) == "continue":
            tc.vMerge = "restart"
    for tr in second.tr_lst:  # the repeated header belongs to the first part only
        for header in tr.findall(f"{qn('w:trPr')}/{qn('w:tblHeader')}"):
            header.getparent().remove(header)
    return second


# ---------------------------------------------------------------- body


def _paragraph(
    text: str,
    options: RenderOptions,
    *,
    pt: float | None = None,
    bold: bool = False,
    center: bool = False,
    indent: bool = True,
    new_page: bool = False,
) -> Any:
    size = pt or options.body_pt
    align = "center" if center else "both"
    first_line = '<w:ind w:firstLineChars="200"/>' if indent and not center else ""
    page_break = "<w:pageBreakBefore/>" if new_page else ""
    spacing = '<w:spacing w:before="0" w:after="0" w:line="312" w:lineRule="auto"/>'
    run = _run_xml(text, options.font, size, bold) if text else ""
    return parse_xml(
        f"<w:p {nsdecls('w')}><w:pPr>{page_break}{spacing}{first_line}"
        f'<w:jc w:val="{align}"/></w:pPr>{run}</w:p>'
    )


def _rebuild_body(
    document: Any,
    text: ReportText,
    options: RenderOptions,
    tables: list[Any],
    second_part: Any | None,
) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    headings = text.headings()
    title_pt = max(18.0, options.body_pt + 6)
    blocks: list[Any] = [
        _paragraph(line, options, pt=title_pt, bold=True, center=True) for line in text.title
    ]
    blocks.append(_paragraph("", options))
    blocks.append(_paragraph(headings[0], options, bold=True))
    blocks += [_paragraph(p, options) for p in text.overview]
    for heading, table in zip(headings[1:4], tables, strict=True):
        new_page = table is tables[1] and options.table3_new_page
        blocks += [_paragraph(heading, options, bold=True, new_page=new_page), table]
        if table is tables[1] and second_part is not None:
            blocks += [_paragraph("", options), second_part]
        blocks.append(_paragraph("", options))
    blocks.append(_paragraph(headings[4], options, bold=True))
    blocks += [_paragraph(p, options) for p in text.problems]
    blocks.append(_paragraph(headings[5], options, bold=True))
    blocks += [_paragraph(p, options) for p in text.other]
    section = body.find(qn("w:sectPr"))
    for block in blocks:
        section.addprevious(block)


def _set_default_font(document: Any, font: str) -> None:
    roots = (document.styles.element, document.element.body)
    for fonts in (element for root in roots for element in root.iter(qn("w:rFonts"))):
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), font)


def _save(document: Any, path: Path) -> None:
    """Save with fixed zip timestamps so that the same seed gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
