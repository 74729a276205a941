"""A ``Picture`` as one self-contained HTML page: nothing is fetched, everything is escaped.

For a PDF each page drawn is an embedded PNG with a box over every value read
there, placed in percentages of the page so it stays on its figure however the
page is scaled; for DOCX, HTML and text the three tables are laid out with the
catalog's labels, one cell a value. Either way a cell's colour is its status and
its ``title`` (shown on hover) holds the key, the labels, the value, the printed
text, where it was read, the status and the reasons. A side list gives the
failed checks, the values not read (null) and the warnings. Every text that
comes from the document (agency, printed text, messages) is escaped.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Sequence
from html import escape
from itertools import groupby

from gxparse import catalog
from gxparse.record import Report
from gxparse.show import FAILED, FLAGGED, MISSING, OK, STATUSES, Mark, PageImage, Picture

LEGEND = {
    OK: "read, checks hold",
    FLAGGED: "flagged: read with a warning or a flag",
    FAILED: "part of a failed check",
    MISSING: "not read (null)",
}

_CSS = """
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",
"WenQuanYi Micro Hei",sans-serif;margin:0;color:#222}
header{padding:12px 20px;border-bottom:1px solid #ddd;background:#fafafa}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:16px 0 6px}
.facts{color:#555;margin:0}
.legend{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:16px}
.sw{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:-1px;border:2px solid}
.wrap{display:flex;align-items:flex-start;gap:20px;padding:12px 20px}
main{flex:1 1 auto;min-width:0}
aside{flex:0 0 330px;font-size:13px;position:sticky;top:8px;max-height:96vh;overflow:auto}
aside li{margin-bottom:4px;overflow-wrap:anywhere}
figure{margin:0 0 20px}figcaption{color:#555;margin-bottom:4px}
.sheet{position:relative;border:1px solid #bbb;max-width:100%}
.sheet img{display:block;width:100%;height:auto}
.box{position:absolute;box-sizing:border-box;border:2px solid}
.box:hover,td.v:hover{outline:3px solid #1565c0;z-index:2}
.ok{border-color:#169646;background:rgba(22,150,70,.16)}
.flagged{border-color:#e68c00;background:rgba(230,140,0,.22)}
.failed{border-color:#d71e28;background:rgba(215,30,40,.22)}
.missing{border-color:#787878;border-style:dashed;background:repeating-linear-gradient(
45deg,#f2f2f2,#f2f2f2 4px,#dcdcdc 4px,#dcdcdc 8px)}
table{border-collapse:collapse;margin-bottom:8px}
th,td{border:1px solid #999;padding:2px 6px;font-weight:normal}
th{background:#f0f0f0;text-align:left}
td.v{text-align:right;min-width:3em;border-width:2px}
code{font-size:12px}
"""


def document(picture: Picture) -> str:
    """The whole page."""
    report = picture.report
    meta = report.meta
    heading = f"{meta.agency or '(agency not read)'} {meta.year or '(year not read)'}"
    body = _pages(picture) if picture.pages else _tables(report, picture.marks)
    parts = [
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width">',
        # nothing may be fetched: no scripts, no remote images, styles, fonts or frames
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">",
        f"<title>gxparse show: {escape(heading)}</title><style>{_CSS}</style></head><body>",
        "<header>",
        f"<h1>{escape(heading)}</h1>",
        f'<p class="facts">{escape(_facts(report, picture))}</p>',
        _legend(picture.marks),
        '</header><div class="wrap"><main>',
        body,
        "</main><aside>",
        _side(report, picture.marks),
        "</aside></div></body></html>\n",
    ]
    return "".join(parts)


def _facts(report: Report, picture: Picture) -> str:
    src = report.source
    checks = f"{len(report.checks)} checks, {len(report.failed_checks)} failed"
    drawn = ""
    if picture.pages:
        numbers = ", ".join(str(p.number) for p in picture.pages)
        drawn = f"; page{'s' if len(picture.pages) > 1 else ''} {numbers} of {src.pages}"
    return (
        f"{src.path or '<input>'} ({src.format}, reader {src.reader}, "
        f"template {report.meta.template or '?'}); {checks}{drawn}"
    )


def _legend(marks: Sequence[Mark]) -> str:
    counts = {s: 0 for s in STATUSES}
    for m in marks:
        counts[m.status] += 1
    items = "".join(
        f'<li><span class="sw {s}"></span>{escape(LEGEND[s])} ({counts[s]})</li>' for s in STATUSES
    )
    return f'<ul class="legend">{items}</ul>'


# -- labels ---------------------------------------------------------------------------


def _items(report: Report) -> dict[str, catalog.Item]:
    template = report.meta.template
    found: dict[str, catalog.Item] = {}
    for name in ([template] if template else []) + list(catalog.TEMPLATES):
        for item in catalog.active_items(name):
            found.setdefault(item.key, item)
    return found


def _row_label(report: Report, table: str, row: str) -> str:
    if table == catalog.ACTIVE:
        item = _items(report).get(row)
        return item.label if item else row
    if table == catalog.APPLICATIONS:
        for r in catalog.ALL_APPLICATION_ROWS:
            if r.key == row:
                return f"{r.groups[-1]} {r.label}" if len(r.groups) > 1 else r.label
        return row
    for g in catalog.REVIEW_GROUPS:
        if g.key == row:
            return g.label
    return row


def _column_label(report: Report, table: str, row: str, column: str) -> str:
    if table == catalog.ACTIVE:
        item = _items(report).get(row)
        columns: Iterable[catalog.Column] = item.columns if item else ()
    elif table == catalog.APPLICATIONS:
        columns = catalog.APPLICANT_COLUMNS
    else:
        columns = catalog.REVIEW_COLUMNS
    return next((c.label for c in columns if c.key == column), column)


# -- a cell's hover text ----------------------------------------------------------------


def _show(value: object) -> str:
    return "" if value is None else str(value)


def hover(report: Report, mark: Mark) -> str:
    """What a cell's ``title`` says (plain text: escape it where it goes)."""
    label = _row_label(report, mark.table, mark.row)
    column = _column_label(report, mark.table, mark.row, mark.column)
    value = "null (not read)" if mark.value is None else _show(mark.value)
    lines = [f"{mark.key} = {value}", f"{catalog.TABLE_TITLES[mark.table]}: {label} / {column}"]
    prov = mark.prov
    if prov is not None:
        lines.append(f"printed: {prov.raw!r}")
        where = [f"{n} {getattr(prov, n)}" for n in ("page", "line", "table", "row", "col")
                 if getattr(prov, n) is not None]  # fmt: skip
        if prov.bbox is not None:
            where.append("box " + ", ".join(f"{v:g}" for v in prov.bbox))
        if where:
            lines.append("at " + ", ".join(where))
    lines.append(f"status: {mark.status}")
    lines += mark.reasons
    return "\n".join(lines)


def _attrs(report: Report, mark: Mark, kind: str) -> str:
    return (
        f'class="{kind} {mark.status}" id="{escape(mark.key)}" data-key="{escape(mark.key)}" '
        f'data-status="{mark.status}" title="{escape(hover(report, mark))}"'
    )


# -- PDF pages --------------------------------------------------------------------------


def _png(page: PageImage) -> str:
    """The page as a PNG data URL in 16 greys (the browser draws the boxes over it)."""
    from PIL import Image

    buf = io.BytesIO()
    grey = page.image.convert("L").quantize(16, dither=Image.Dither.NONE)
    grey.save(buf, format="PNG", compress_level=6)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _pages(picture: Picture) -> str:
    report = picture.report
    out = []
    boxes = picture.boxes
    for page in picture.pages:
        width, height = page.size
        out.append(
            f'<figure class="page" data-page="{page.number}"><figcaption>page {page.number}'
            f'</figcaption><div class="sheet" style="width:{page.image.width}px">'
            f'<img alt="page {page.number}" width="{page.image.width}" '
            f'height="{page.image.height}" src="{_png(page)}">'
        )
        for mark in boxes:
            assert mark.prov is not None and mark.prov.bbox is not None
            if mark.prov.page != page.number:
                continue
            x0, y0, x1, y1 = mark.prov.bbox
            pad = 1.5  # points around the glyphs' nominal box
            style = (
                f"left:{100 * (x0 - pad) / width:.3f}%;top:{100 * (y0 - pad) / height:.3f}%;"
                f"width:{100 * (x1 - x0 + 2 * pad) / width:.3f}%;"
                f"height:{100 * (y1 - y0 + 2 * pad) / height:.3f}%"
            )
            out.append(f'<a {_attrs(report, mark, "box")} style="{style}"></a>')
        out.append("</div></figure>")
    return "".join(out)


# -- the three tables -------------------------------------------------------------------


def _tables(report: Report, marks: Sequence[Mark]) -> str:
    by_key = {m.key: m for m in marks}
    out = []
    for name in catalog.TABLES:
        table = report.table(name)
        out.append(f"<h2>{escape(catalog.TABLE_TITLES[name])}</h2>")
        if not table:
            out.append("<p>(no rows)</p>")
            continue
        out.append(f'<table data-table="{name}">')
        for columns, rows in groupby(table.items(), key=lambda kv: tuple(kv[1])):
            row_list = list(rows)
            first = row_list[0][0]
            heads = "".join(
                f"<th>{escape(_column_label(report, name, first, c))}</th>" for c in columns
            )
            out.append(f"<tr><th></th>{heads}</tr>")
            for row, cells in row_list:
                tds = "".join(_td(report, by_key[f"{name}.{row}.{c}"]) for c in cells)
                out.append(f"<tr><th>{escape(_row_label(report, name, row))}</th>{tds}</tr>")
        out.append("</table>")
    return "".join(out)


def _td(report: Report, mark: Mark) -> str:
    return f"<td {_attrs(report, mark, 'v')}>{escape(_show(mark.value))}</td>"


# -- the side list ------------------------------------------------------------------------


def _side(report: Report, marks: Sequence[Mark]) -> str:
    out = []
    failed = report.failed_checks
    out.append(f"<h2>Failed checks ({len(failed)})</h2>")
    if failed:
        out.append('<ul class="failed-checks">')
        for c in failed:
            cells = ", ".join(_link(k) for k in c.cells)
            out.append(
                f"<li><b>{escape(c.rule)}</b> {escape(c.scope)}: expected {escape(str(c.expected))}"
                f", found {escape(str(c.found))} <details><summary>{len(c.cells)} cells</summary>"
                f"{cells}</details></li>"
            )
        out.append("</ul>")
    missing = [m for m in marks if m.status == MISSING]
    out.append(f"<h2>Not read ({len(missing)})</h2>")
    if missing:
        out.append('<ul class="missing-list">')
        for (table, row), group in groupby(missing, key=lambda m: (m.table, m.row)):
            nulls = list(group)
            columns = ", ".join(_link(m.key, m.column) for m in nulls)
            every = len(nulls) == len(report.table(table)[row])
            name = _link(nulls[0].key, f"{table}.{row}")
            head = f"{name}: " + ("every column" if every else columns)
            out.append(f"<li>{head}<br>{escape(_why(nulls))}</li>")
        out.append("</ul>")
    out.append(f"<h2>Warnings ({len(report.warnings)})</h2>")
    if report.warnings:
        opened = " open" if len(report.warnings) <= 12 else ""
        out.append(f'<details{opened}><summary>show</summary><ul class="warnings">')
        out.extend(
            f"<li><code>{escape(w.code)}</code> [{escape(w.where or '')}]: {escape(w.message)}</li>"
            for w in report.warnings
        )
        out.append("</ul></details>")
    return "".join(out)


def _link(key: str, text: str | None = None) -> str:
    """A link to a cell, named without its table (the headings say which)."""
    short = key.split(".", 1)[-1] if text is None else text
    return f'<a href="#{escape(key)}"><code>{escape(short)}</code></a>'


def _why(cells: Sequence[Mark]) -> str:
    """Why a row's cells are null: their distinct reasons, the row's own before each cell's
    restatement (``value_missing``) of it."""
    reasons = list(dict.fromkeys(r for m in cells for r in m.reasons))
    own = [r for r in reasons if not r.startswith("value_missing:")]
    return "; ".join(own or reasons) or "no value was found"
