"""``gxparse.show``: every value gxparse read, on the page it came from, by status.

A ``Picture`` is a record's cells, each marked with its status, and -- for a PDF --
the pages that hold them, drawn in the frame their provenance boxes are in
(``show_pdf``). It is written as a self-contained HTML page (``show_html``: the
pages with a box around each value, or for DOCX, HTML and text the three tables;
the key, value, printed text, status and reason on hover) or, for a PDF page, a
PNG with the boxes drawn in.

A cell's status, most serious first:

* ``failed``: one of the cells a failed check used (``Check.cells``);
* ``missing``: the value is null (not found, or not a number);
* ``flagged``: its provenance carries a ``flag``, or a warning's ``where`` names the
  cell or its row;
* ``ok``: read plainly, and every check it is part of held.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from gxparse.errors import GxparseError
from gxparse.record import Number, Provenance, Report

if TYPE_CHECKING:
    from PIL.Image import Image

    from gxparse.sources import Input

FAILED = "failed"
MISSING = "missing"
FLAGGED = "flagged"
OK = "ok"
STATUSES = (OK, FLAGGED, FAILED, MISSING)  # the legend's order

DEFAULT_SCALE = 1.5  # pixels per PDF point: 108 dpi


class ShowError(GxparseError):
    """A picture cannot be drawn: no PDF to draw, no such page, an output it cannot write."""

    message = "cannot draw this report"

    def __init__(self, message: str | None = None, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}" if self.path else self.detail


@frozen
class Mark:
    """One cell of the record with its status and the reasons for it."""

    key: str  # table.row.column, as in the provenance and Check.cells
    table: str
    row: str
    column: str
    value: Number | None
    prov: Provenance | None
    status: str
    reasons: tuple[str, ...] = ()

    @property
    def boxed(self) -> bool:
        """True when the cell has a place on a page to draw a box around."""
        return self.prov is not None and self.prov.page is not None and self.prov.bbox is not None


@frozen
class PageImage:
    """A PDF page drawn in its provenance frame: ``scale`` pixels per point."""

    number: int  # 1-based
    image: Image
    scale: float

    @property
    def size(self) -> tuple[float, float]:
        """The page's width and height in points, in the frame the boxes are in."""
        return self.image.width / self.scale, self.image.height / self.scale


def marks(report: Report) -> tuple[Mark, ...]:
    """Every cell of ``report`` in record order, with its status."""
    failed: dict[str, list[str]] = {}
    for c in report.failed_checks:
        why = f"{c.rule} {c.scope} failed: expected {c.expected}, found {c.found}"
        for key in c.cells:
            failed.setdefault(key, []).append(why)
    warned: dict[str, list[str]] = {}
    for w in report.warnings:
        for where in (w.where or "").split(","):
            warned.setdefault(where.strip(), []).append(f"{w.code}: {w.message}")
    out = []
    for table, row, column, cell in report.cells():
        key = f"{table}.{row}.{column}"
        reasons = [*failed.get(key, ())]
        reasons += warned.get(key, []) + warned.get(f"{table}.{row}", [])
        flag = cell.prov.flag if cell.prov is not None else None
        if flag:
            reasons.append(f"flag: {flag}")
        if key in failed:
            status = FAILED
        elif cell.value is None:
            status = MISSING
        elif reasons:
            status = FLAGGED
        else:
            status = OK
        out.append(Mark(key, table, row, column, cell.value, cell.prov, status, tuple(reasons)))
    return tuple(out)


@frozen
class Picture:
    """A report's cells by status and, for a PDF, the pages drawn that hold them."""

    report: Report
    marks: tuple[Mark, ...]
    pages: tuple[PageImage, ...] = ()

    @property
    def boxes(self) -> tuple[Mark, ...]:
        """The marks drawn as boxes: those on a page shown here."""
        shown = {p.number for p in self.pages}
        return tuple(m for m in self.marks if m.boxed and m.prov and m.prov.page in shown)

    def html(self) -> str:
        """The picture as one self-contained HTML page."""
        from gxparse.show_html import document

        return document(self)

    def _repr_html_(self) -> str:  # Jupyter
        return self.html()

    def png(self, number: int | None = None) -> Image:
        """Page ``number`` (the first shown if None) with its boxes drawn in, as an RGB image."""
        from gxparse.show_pdf import draw_boxes

        if not self.pages:
            raise ShowError(
                "a PNG needs a PDF page; this report is "
                f"{self.report.source.format}: write HTML instead",
                path=self.report.source.path,
            )
        page = self.pages[0] if number is None else self._page(number)
        return draw_boxes(page, [m for m in self.boxes if m.prov and m.prov.page == page.number])

    def _page(self, number: int) -> PageImage:
        for p in self.pages:
            if p.number == number:
                return p
        shown = ", ".join(str(p.number) for p in self.pages)
        raise ShowError(f"page {number} is not drawn here (pages {shown})")

    def save(self, path: str | os.PathLike[str]) -> list[Path]:
        """Write ``path``: ``.html`` (or ``.htm``) the page, ``.png`` the drawn page(s).

        PNG holds one page: with several pages drawn, each goes to ``NAME-pN.png``.
        Returns the files written.
        """
        out = Path(path)
        suffix = out.suffix.lower()
        if suffix in (".html", ".htm"):
            out.write_text(self.html(), encoding="utf-8")
            return [out]
        if suffix != ".png":
            raise ShowError(f"write .html or .png, not {suffix or 'a file with no suffix'}",
                            path=str(out))  # fmt: skip
        if len(self.pages) <= 1:
            self.png().save(out, optimize=True)
            return [out]
        written = []
        for p in self.pages:
            name = out.with_name(f"{out.stem}-p{p.number}{out.suffix}")
            self.png(p.number).save(name, optimize=True)
            written.append(name)
        return written


def show(
    target: Report | Input,
    *,
    page: int | None = None,
    source: Input | None = None,
    scale: float = DEFAULT_SCALE,
) -> Picture:
    """Draw what gxparse read from a report.

    ``target`` is a ``Report`` or anything ``gxparse.parse`` takes (it is parsed).
    For a PDF the pages are drawn -- ``page`` alone (1-based) or, by default, every
    page that holds a value -- from ``source`` (the PDF's path or bytes), else from
    ``target``, else from the record's ``source.path``; the file must be the one the
    record was read from (same SHA-256). Other formats draw no pages: their picture
    is the three tables.
    """
    if isinstance(target, Report):
        report = target
    else:
        from gxparse.api import parse

        report = parse(target)
        source = target if source is None else source
    if report.source.format != "pdf":
        if page is not None:
            raise ShowError(f"--page needs a PDF; this report is {report.source.format}",
                            path=report.source.path)  # fmt: skip
        return Picture(report, marks(report))
    found = marks(report)
    data, name = _pdf_bytes(report, source)
    numbers = _pages(report, found, page, name)
    from gxparse.show_pdf import render

    return Picture(report, found, render(data, numbers, scale=scale, path=name))


def _pdf_bytes(report: Report, source: Input | None) -> tuple[bytes, str | None]:
    """The PDF the record was read from, checked against its SHA-256."""
    name = report.source.path
    if source is None:
        if not name or not Path(name).is_file():
            raise ShowError(
                "the PDF is needed to draw its pages and the record's source.path does not "
                "name a file here: pass source= (the PDF's path or bytes; --source on the "
                "command line)",
                path=name or "<record>",
            )
        source = name
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise ShowError(f"cannot read the PDF: {exc.strerror or exc}", path=name) from None
    elif isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = source.read()
    if hashlib.sha256(data).hexdigest() != report.source.sha256:
        raise ShowError(
            "this is not the file the record was read from (its SHA-256 differs)",
            path=name or "<bytes>",
        )
    return data, name


def _pages(
    report: Report, found: Sequence[Mark], page: int | None, name: str | None
) -> tuple[int, ...]:
    count = report.source.pages
    if page is not None:
        if page < 1 or (count is not None and page > count):
            raise ShowError(f"no page {page}: the PDF has {count} page(s)", path=name)
        return (page,)
    return tuple(sorted({m.prov.page for m in found if m.boxed and m.prov and m.prov.page}))
