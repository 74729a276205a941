"""Render a record dict as a born-digital PDF, the way Word and WPS print these reports.

PyMuPDF drawing primitives only (no LibreOffice on CI): a title (agency and
year, on one line or two), some prose, and the three tables as ruled grids,
with the font PyMuPDF ships for simplified Chinese (Droid Sans Fallback,
``pymupdf.Font("china-s")``) embedded as a subset with a ToUnicode map, so
both PyMuPDF and pdfplumber read the text back.

A ``Look`` says how one report is printed: font sizes, margins, column widths,
header labels wrapped in narrow columns (``商业/企业``, ``社会/公益/组织``), 表三's
merged group labels in vertical writing (one character a line) or mid-height,
zeros printed as ``0``, blank, ``—`` or ``/``, a page break inside 表三 before a
given row (with or without the header rows repeated), rules stroked as lines
or filled as thin boxes (Word, WPS), and the page number in the footer. Some
reports print few rules or none (``ruling``: every cell's borders, none, a frame
round each table piece, horizontal rules only, or a frame and horizontal rules),
and figures centred or right-aligned in their cells (``align``).

The table structure comes from the record through ``render_text`` (``_t2_blocks``,
``_t3_rows``, ``_t4``) and ``strategies``, never from ``gxparse.catalog``.
``render`` also returns what it drew for every figure: the text, the page and
the cell's box, so a test can hold the parsed provenance to it.
"""

from __future__ import annotations

import functools
import importlib
from decimal import Decimal
from typing import Any

from attrs import define, field, frozen

from .render_text import INTRO, OUTRO, REVIEW_HEAD_COLS, T3_NOTE, _t2_blocks, _t3_rows, _t4
from .strategies import APPLICANT_LABELS, APPLICANTS, REVIEW_COLUMNS, REVIEW_GROUPS, sections
from .strategies import active_spec as _active_spec

pymupdf: Any = importlib.import_module("pymupdf")  # untyped: used through Any

PAGE_W, PAGE_H = 595.0, 842.0  # A4
PAD = 2.5  # pt between a cell's border and its text
RESULTS_GROUP = "三、本年度办理结果"
PAGE_NUMBERS = ("-{}-", "- {} -", "— {} —", "第{}页")

Box = tuple[float, float, float, float]


@functools.cache
def _font() -> Any:
    return pymupdf.Font("china-s")


@functools.cache
def _advance(ch: str) -> float:
    """A character's advance at 1 pt."""
    w: float = _font().text_length(ch, fontsize=1.0)
    return w


def width(text: str, size: float) -> float:
    return sum(_advance(ch) for ch in text) * size


def wrap(text: str, room: float, size: float) -> list[str]:
    """Lines of ``text`` that fit ``room`` points, broken between any two characters."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and width(line + ch, size) > room:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines or [""]


@frozen
class Look:
    """How one report is printed."""

    size: float = 10.5  # table text
    body_size: float = 12.0
    title_size: float = 18.0
    title_lines: int = 1  # 2: the agency on a line of its own
    margin: float = 72.0
    lead: float = 1.3  # line height, in font sizes
    zero: str = "0"  # how a zero prints: "0", "" (blank), "—", "/"
    # 表三's spare width (beyond what its text needs) shared by the two group label
    # columns, the seven value columns and the label column, in these proportions
    t3_shares: tuple[int, int, int, int] = (1, 2, 1, 6)
    group_styles: tuple[str, str] = ("vertical", "mid")  # "vertical" (a glyph a line) or "mid"
    active_label: float = 0.3  # 表二's label column, as a share of the table's width
    break_before: str | None = None  # 表三 row key that opens a new page
    repeat_header: bool = False  # 表三's header rows drawn again after the break
    rules: str = "line"  # "line" (stroked) or "fill" (thin filled boxes, as Word and WPS)
    # which rules are printed: "all" (every cell's borders), "none", "frame" (each table
    # piece's outer border only), "horizontal" (the cells' top and bottom borders only),
    # "frame_horizontal" (both: a frame and horizontal rules, no vertical rule inside)
    ruling: str = "all"
    align: str = "centre"  # figures in their cells: "centre" or "right" (headers stay centred)
    page_number: str = "-{}-"  # "" for none
    prose: int = 1  # paragraphs of 总体情况 before the tables
    # every page turned by this many degrees (0, 90, 180 or 270), in one of three ways:
    # "shown" (drawn upright, with a /Rotate: shown turned), "printed" (drawn turned onto
    # a page whose /Rotate shows it upright again) or "drawn" (drawn turned, no /Rotate)
    turn: int = 0
    turned: str = "shown"


@frozen
class Drawn:
    """A figure as printed: its text, page (1-based) and the box of its cell."""

    text: str
    page: int
    box: Box


@define
class Cell:
    text: str
    col: int
    span: int = 1
    rows: int = 1
    kind: str = "label"  # label (left), head (centred), fig (centred), vertical
    key: str | None = None  # table.row.column of a figure


@define
class Table:
    widths: list[float]
    head: list[list[Cell]]
    body: list[list[Cell]]
    keys: list[str | None] = field(factory=list)  # body row keys (break_before)


@define
class Canvas:
    look: Look
    y: float = 0.0
    drawn: dict[str, Drawn] = field(factory=dict)
    # what to draw on each page, replayed at the end: a new page orphans the others' objects
    ops: list[list[tuple[Any, ...]]] = field(factory=list)

    @property
    def bottom(self) -> float:
        return PAGE_H - self.look.margin

    def new_page(self) -> None:
        self.ops.append([])
        self.y = self.look.margin

    def text(self, page: int, x: float, top: float, text: str, size: float) -> None:
        if text:
            self.ops[page].append(("text", x, top + 0.88 * size, text, size))

    def box(self, page: int, x0: float, top: float, x1: float, bottom: float) -> None:
        """A cell's borders, as many as ``Look.ruling`` prints."""
        ruling = self.look.ruling
        if ruling == "all":
            self.ops[page].append(("rules", _edges(x0, top, x1, bottom)))
        elif ruling in ("horizontal", "frame_horizontal"):
            self.ops[page].append(("rules", _edges(x0, top, x1, bottom)[:2]))

    def frame(self, page: int, x0: float, top: float, x1: float, bottom: float) -> None:
        """A table piece's outer border, when ``Look.ruling`` prints one."""
        if self.look.ruling in ("frame", "frame_horizontal"):
            self.ops[page].append(("rules", _edges(x0, top, x1, bottom)))

    def _draw_rules(self, shape: Any, edges: tuple[Box, ...]) -> None:
        for a, b, c, d in edges:
            if self.look.rules == "line":
                shape.draw_line((a, b), (c, d))
            else:  # a thin filled box along the rule, as Word and WPS print borders
                shape.draw_rect((a - 0.25, b - 0.25, c + 0.25, d + 0.25))
        if self.look.rules == "line":
            shape.finish(color=(0, 0, 0), width=0.5, closePath=False)
        else:
            shape.finish(color=None, fill=(0, 0, 0), width=0)

    def paragraph(self, text: str, size: float, centred: bool = False, indent: int = 2) -> None:
        room = PAGE_W - 2 * self.look.margin
        lead = self.look.lead * size
        indent_w = 0.0 if centred else indent * size
        for n, line in enumerate(wrap(text, room - indent_w, size)):
            if self.y + lead > self.bottom:
                self.new_page()
            x = self.look.margin + (indent_w if n == 0 else 0.0)
            if centred:
                x = (PAGE_W - width(line, size)) / 2
            self.text(len(self.ops) - 1, x, self.y, line, size)
            self.y += lead

    # -- tables ---------------------------------------------------------------------

    def table(self, t: Table) -> None:
        look, size = self.look, self.look.size
        lead = look.lead * size
        xs = [look.margin]
        for w in t.widths:
            xs.append(xs[-1] + w)
        rows = [*t.head, *t.body]
        nh = len(t.head)

        def room(c: Cell) -> float:
            return xs[c.col + c.span] - xs[c.col] - 2 * PAD

        def lines(c: Cell) -> list[str]:
            if c.kind == "vertical":
                return list(c.text)
            if not c.text:
                return []
            # a "\n" in a cell's text is a line break inside the cell
            return [ln for part in c.text.split("\n") for ln in wrap(part, room(c), size)]

        heights = [
            max([lead + 2 * PAD, *(len(lines(c)) * lead + 2 * PAD for c in r if c.rows == 1)])
            for r in rows
        ]
        for i, r in enumerate(rows):  # a merged cell taller than its rows stretches the last
            for c in r:
                if c.rows > 1:
                    need = len(lines(c)) * lead + 2 * PAD
                    have = sum(heights[i : i + c.rows])
                    if need > have:
                        heights[i + c.rows - 1] += need - have
        # place the rows: (page index, top) for every drawn instance of a row
        placed: list[list[tuple[int, float]]] = [[] for _ in rows]
        instances: list[list[int]] = [[]]  # row indices drawn on each page piece
        for i in range(len(rows)):
            forced = i >= nh and t.keys[i - nh] is not None and t.keys[i - nh] == look.break_before
            if (forced and i > nh) or self.y + heights[i] > self.bottom:
                self.new_page()
                instances.append([])
                if look.repeat_header and i >= nh:
                    for h in range(nh):
                        placed[h].append((len(self.ops) - 1, self.y))
                        instances[-1].append(h)
                        self.y += heights[h]
            placed[i].append((len(self.ops) - 1, self.y))
            instances[-1].append(i)
            self.y += heights[i]
        for page_no in sorted({p for ps in placed for p, _ in ps}):  # each piece's frame
            spans = [
                (top, top + heights[i])
                for i, ps in enumerate(placed)
                for p, top in ps
                if p == page_no
            ]
            self.frame(page_no, xs[0], min(t for t, _ in spans), xs[-1], max(b for _, b in spans))
        # draw each cell, piece by piece (a merged cell cut by a page break is split)
        for i, r in enumerate(rows):
            for c in r:
                span = range(i, i + c.rows)
                for start in range(len(placed[i])):
                    pieces = self._pieces(placed, heights, span, start, i < nh)
                    self._cell(c, pieces, xs, lines(c), size)

    def _pieces(
        self,
        placed: list[list[tuple[int, float]]],
        heights: list[float],
        span: range,
        start: int,
        header: bool,
    ) -> list[tuple[int, float, float]]:
        """(page, top, bottom) of the parts of a cell spanning ``span`` rows, per page."""
        out: list[tuple[int, float, float]] = []
        for j in span:
            # a header instance spans its own rows only; a body cell, the body rows
            k = start if header else 0
            if k >= len(placed[j]):
                k = len(placed[j]) - 1
            page, top = placed[j][k]
            bottom = top + heights[j]
            if out and out[-1][0] == page and abs(out[-1][2] - top) < 0.01:
                out[-1] = (page, out[-1][1], bottom)
            else:
                out.append((page, top, bottom))
        return out

    def _cell(
        self,
        c: Cell,
        pieces: list[tuple[int, float, float]],
        xs: list[float],
        lines: list[str],
        size: float,
    ) -> None:
        x0, x1 = xs[c.col], xs[c.col + c.span]
        lead = self.look.lead * size
        for page_no, top, bottom in pieces:
            self.box(page_no, x0, top, x1, bottom)
        if len(pieces) == 1:  # centred vertically
            page_no, top, bottom = pieces[0]
            y = (top + bottom - len(lines) * lead) / 2
            slots = [(page_no, y + n * lead) for n in range(len(lines))]
        else:  # flows from the top of the first part into the next
            slots = []
            for page_no, top, bottom in pieces:
                y = top + PAD
                while y + lead <= bottom - PAD + 0.01 and len(slots) < len(lines):
                    slots.append((page_no, y))
                    y += lead
            while len(slots) < len(lines):  # no room left: the rest overprints the last part
                slots.append(slots[-1])
        for line, (page_no, y) in zip(lines, slots, strict=True):
            if c.kind == "label":
                x = x0 + PAD
            elif c.kind == "fig" and self.look.align == "right":
                x = x1 - PAD - width(line, size)
            else:
                x = (x0 + x1 - width(line, size)) / 2
            self.text(page_no, x, y + (lead - size) / 2, line, size)
        if c.key is not None:
            page_no, top, bottom = pieces[0]
            self.drawn[c.key] = Drawn(c.text, page_no + 1, (x0, top, x1, bottom))

    def finish(self, *, stable: bool = False) -> bytes:
        """The PDF; ``stable``: without a new random file /ID, so the bytes repeat."""
        fmt = self.look.page_number
        if fmt:
            size = self.look.body_size - 1.5
            for n in range(len(self.ops)):
                label = fmt.format(n + 1)
                y = PAGE_H - self.look.margin / 2
                self.text(n, (PAGE_W - width(label, size)) / 2, y, label, size)
        doc = pymupdf.open()
        for ops in self.ops:
            page = doc.new_page(width=PAGE_W, height=PAGE_H)
            shape = page.new_shape()
            writer = pymupdf.TextWriter(page.rect)
            for op, *args in ops:
                if op == "text":
                    x, base, text, size = args
                    writer.append((x, base), text, font=_font(), fontsize=size)
                else:
                    self._draw_rules(shape, *args)
            shape.commit()
            writer.write_text(page)
        doc.subset_fonts()
        if self.look.turn:
            doc = turn_pages(doc, self.look.turn, self.look.turned)
        data: bytes = doc.tobytes(garbage=3, deflate=True, no_new_id=stable)
        doc.close()
        return data


def turn_pages(src: Any, degrees: int, how: str) -> Any:
    """``src`` with every page turned ``degrees`` (see ``Look.turn``)."""
    if how == "shown":
        for page in src:
            page.set_rotation(degrees)
        return src
    out = pymupdf.open()
    for page in src:
        w, h = page.rect.width, page.rect.height
        new = out.new_page(width=h, height=w) if degrees % 180 else out.new_page(width=w, height=h)
        new.show_pdf_page(new.rect, src, page.number, rotate=degrees)
        if how == "printed":
            new.set_rotation(degrees)
    return out


def _edges(x0: float, top: float, x1: float, bottom: float) -> tuple[Box, ...]:
    """A box's borders: top, bottom, left, right."""
    return (
        (x0, top, x1, top),
        (x0, bottom, x1, bottom),
        (x0, top, x0, bottom),
        (x1, top, x1, bottom),
    )


# -- the three tables -------------------------------------------------------------------


def _fig(value: Any, look: Look) -> str:
    return look.zero if Decimal(str(value)) == 0 else str(value)


def _content(look: Look) -> float:
    return PAGE_W - 2 * look.margin


def active_table(rec: dict[str, Any], look: Look) -> Table:
    """表二: per 第二十条 item a heading row, a header row and its items."""
    total = _content(look)
    label = round(total * look.active_label, 1)
    widths = [label, *[(total - label) / 3] * 3]
    template = rec["meta"]["template"]
    spec = _active_spec(template)
    body: list[list[Cell]] = []
    blocks = _t2_blocks(rec)
    for (heading, cols, items), (_, keys) in zip(blocks, sections(template), strict=True):
        spans = {3: (1, 1, 1), 2: (1, 2), 1: (3,)}[len(cols)]
        body.append([Cell(heading, 0, 4, kind="head")])
        starts = [1 + sum(spans[:n]) for n in range(len(spans))]
        body.append(
            [Cell("信息内容", 0, kind="head")]
            + [Cell(h, s, n, kind="head") for h, s, n in zip(cols, starts, spans, strict=True)]
        )
        for (item_label, figs), key in zip(items, keys, strict=True):
            col_keys = [c for c, _, _ in spec[key][1]]
            body.append(
                [Cell(item_label, 0)]
                + [
                    Cell(_fig(v, look), s, n, kind="fig", key=f"active_disclosure.{key}.{ck}")
                    for v, s, n, ck in zip(figs, starts, spans, col_keys, strict=True)
                ]
            )
    return Table(widths, [], body, [None] * len(body))


def applications_table(rec: dict[str, Any], look: Look) -> Table:
    """表三: three header rows, then a row per record row with merged group labels."""
    size = look.size
    rows = _t3_rows(rec)
    figs = [[_fig(v, look) for v in values] for _, _, _, values, _ in rows]
    need = max(width(f, size) for r in figs for f in r) + 2 * PAD
    value_w = max(need, size + 2 * PAD)
    a = b = size + 2 * PAD  # a glyph a line at least
    c = 6 * size + 2 * PAD
    spare = _content(look) - a - b - c - 7 * value_w
    assert spare >= 0, "the figures do not fit the page"
    sa, sb, sv, sc = look.t3_shares
    total = sa + sb + 7 * sv + sc or 1
    a, b, c = a + spare * sa / total, b + spare * sb / total, c + spare * sc / total
    widths = [a, b, c, *[value_w + spare * sv / total] * 7]
    head = [
        [Cell(T3_NOTE, 0, 3, 3, kind="head"), Cell("申请人情况", 3, 7, kind="head")],
        [
            Cell(APPLICANT_LABELS[0], 3, rows=2, kind="head"),
            Cell("法人或其他组织", 4, 5, kind="head"),
            Cell(APPLICANT_LABELS[6], 9, rows=2, kind="head"),
        ],
        [Cell(label, 4 + n, kind="head") for n, label in enumerate(APPLICANT_LABELS[1:6])],
    ]
    n_results = sum(1 for key, *_ in rows if key.startswith("result."))
    group_sizes: dict[str, int] = {}
    for _, group, *_ in rows:
        group_sizes[group] = group_sizes.get(group, 0) + 1
    body: list[list[Cell]] = []
    for (key, group, label, _, first), row_figs in zip(rows, figs, strict=True):
        cells: list[Cell] = []
        if key == "result.granted":
            cells.append(Cell(RESULTS_GROUP, 0, rows=n_results, kind=_group_kind(look, 0)))
        if not group:
            cells.append(Cell(label, 0, 3))
        elif group == RESULTS_GROUP:
            cells.append(Cell(label, 1, 2))
        else:
            if first:
                cells.append(Cell(group, 1, rows=group_sizes[group], kind=_group_kind(look, 1)))
            cells.append(Cell(label, 2))
        cells += [
            Cell(f, 3 + n, kind="fig", key=f"applications.{key}.{col}")
            for n, (f, col) in enumerate(zip(row_figs, (*APPLICANTS, "total"), strict=True))
        ]
        body.append(cells)
    return Table(widths, head, body, [key for key, *_ in rows])


def _group_kind(look: Look, n: int) -> str:
    return "vertical" if look.group_styles[n] == "vertical" else "head"


def review_table(rec: dict[str, Any], look: Look) -> Table:
    """表四: 行政复议 and the two kinds of 行政诉讼, five columns each, one row of figures."""
    widths = [_content(look) / 15] * 15
    head = [
        [Cell("行政复议", 0, 5, kind="head"), Cell("行政诉讼", 5, 10, kind="head")],
        [Cell(h, n, rows=2, kind="head") for n, h in enumerate(REVIEW_HEAD_COLS)]
        + [Cell("未经复议直接起诉", 5, 5, kind="head"), Cell("复议后起诉", 10, 5, kind="head")],
        [Cell(h, 5 + n, kind="head") for n, h in enumerate(REVIEW_HEAD_COLS * 2)],
    ]
    keys = [f"review_litigation.{g}.{c}" for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    figs = [
        Cell(_fig(v, look), n, kind="fig", key=k)
        for n, (v, k) in enumerate(zip(_t4(rec), keys, strict=True))
    ]
    return Table(widths, head, [figs], [None])


# -- the document ---------------------------------------------------------------------------

PROSE = (
    "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{year}年1月1日起至"
    "{year}年12月31日止。本机关坚持以公开为常态、不公开为例外，持续深化政务公开。"
)


def render(rec: dict[str, Any], look: Look) -> tuple[bytes, dict[str, Drawn]]:
    """The PDF, and what was drawn for every figure (``table.row.column`` keys)."""
    canvas = Canvas(look)
    canvas.new_page()
    agency, year = rec["meta"]["agency"], rec["meta"]["year"]
    title = [agency, f"{year}年政府信息公开工作年度报告"]
    if look.title_lines == 1:
        title = ["".join(title)]
    for line in title:
        canvas.paragraph(line, look.title_size, centred=True)
    canvas.y += look.body_size
    canvas.paragraph(INTRO[0], look.body_size, indent=0)
    for n in range(look.prose):
        canvas.paragraph(INTRO[1] if n else PROSE.format(year=year), look.body_size)
    canvas.paragraph("二、主动公开政府信息情况", look.body_size, indent=0)
    canvas.table(active_table(rec, look))
    canvas.paragraph("三、收到和处理政府信息公开申请情况", look.body_size, indent=0)
    canvas.table(applications_table(rec, look))
    canvas.paragraph("四、政府信息公开行政复议、行政诉讼情况", look.body_size, indent=0)
    canvas.table(review_table(rec, look))
    for n, line in enumerate(OUTRO):
        canvas.paragraph(line, look.body_size, indent=0 if n % 2 == 0 else 2)
    drawn = canvas.drawn
    return canvas.finish(), drawn
