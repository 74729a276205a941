"""Web pages read through their HTML tables (rowspan/colspan expanded).

Portal pages wrap a report in navigation, breadcrumbs, share buttons,
footers and often a list of the agency's other annual reports, whose titles
look like this one's. The report's own title is the last title-like
paragraph that is not a link before the first statutory table (failing
that, the page's ``<title>``); reading starts there, so the metadata comes
from it and not from the list. The rest is the DOCX reading (see
``readers.grid``): one row per grid row with column hints from the header,
paragraphs as one-cell rows. Provenance: table index, grid row and column
after span expansion, raw cell text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from gxparse import catalog as cat
from gxparse.assemble import Extraction, assemble
from gxparse.errors import ReaderError
from gxparse.labels import compact, core, simplified
from gxparse.layout import Row
from gxparse.meta import find_meta
from gxparse.readers.base import Detection, report_signal
from gxparse.readers.grid import block_rows, paragraph_row
from gxparse.sources.base import Document
from gxparse.sources.grid import Block, Grid, Paragraph, grids, text_of
from gxparse.sources.html import HtmlDocument

_TITLE_WORDS = ("政府信息公开", "报告")
_TITLE_MAX = 80  # characters of a title line, at most


def _heading(text: str) -> bool:
    c = core(text)
    return any(
        core(h) in c and len(c) <= len(core(h)) + 14
        for t in cat.TABLES
        for h in cat.TABLE_HEADINGS[t]
    )


def first_table(blocks: Sequence[Block]) -> int:
    """Index of the block where the report's tables begin (its first heading or table)."""
    for i, b in enumerate(blocks):
        if isinstance(b, Paragraph) and _heading(b.text):
            return i
        if isinstance(b, Grid) and report_signal(text_of([b])) > 0:
            return i
    return len(blocks)


def _title_like(p: Block) -> bool:
    if not isinstance(p, Paragraph) or p.link:
        return False
    text = simplified(compact(p.text))  # a title in traditional characters too
    if len(text) > _TITLE_MAX or not all(w in text for w in _TITLE_WORDS):
        return False
    if "报告" not in text[-8:]:  # a sentence about the report, not its title
        return False
    return any(ch.isdigit() for ch in text) or "年度" in text


def title_index(blocks: Sequence[Block]) -> int | None:
    """Index of the paragraph where the report's title starts, if there is one."""
    end = first_table(blocks)
    found = [i for i in range(end) if _title_like(blocks[i])]
    if not found:
        return None
    i = found[-1]
    block = blocks[i]
    agency, _, _ = find_meta([block.text if isinstance(block, Paragraph) else ""])
    prev = blocks[i - 1] if i > 0 else None
    if (
        agency is None
        and isinstance(prev, Paragraph)
        and not prev.link
        and len(compact(prev.text)) <= 40
    ):
        return i - 1  # a title printed on two lines: agency above "YYYY年…报告"
    return i


def page_rows(doc: HtmlDocument) -> list[Row]:
    """Rows from the report's title on; the page <title> first when the body has none."""
    blocks = doc.blocks
    start = title_index(blocks)
    if start is not None:
        return block_rows(blocks[start:])
    rows = block_rows(blocks)
    if doc.title:
        return [paragraph_row(doc.title, index=-1), *rows]
    return rows


class HtmlTableReader:
    name: ClassVar[str] = "html-table"
    formats: ClassVar[tuple[str, ...]] = ("html",)

    def detect(self, doc: Document) -> Detection:
        if not isinstance(doc, HtmlDocument):
            return Detection.no("not an HTML page")
        tables = grids(doc.blocks)
        if not tables:
            return Detection.no("the page has no tables")
        signal = report_signal(text_of(doc.blocks))
        if signal == 0:
            return Detection.no("no report table landmarks on the page")
        report_tables = sum(1 for g in tables if report_signal(text_of([g])) > 0)
        if report_tables == 0:
            return Detection.no("no table holds report labels")
        score = signal * (0.5 + 0.5 * min(1.0, report_tables / 3))
        return Detection(
            round(score, 3),
            (
                f"{report_tables} of {len(tables)} tables hold report labels",
                f"landmarks {signal:.2f}",
            ),
        )

    def read(self, doc: Document) -> Extraction:
        if not isinstance(doc, HtmlDocument):
            raise ReaderError("html-table reads HTML pages only")
        return assemble(page_rows(doc), path=doc.path)
