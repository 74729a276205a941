"""Word documents read through their real table structure.

Each Word table becomes a grid (merges resolved by ``sources.docx``), each
grid row a layout row with column hints from the header above it, and the
paragraphs between tables one-cell rows, so headings and the title are seen
(see ``readers.grid``). A statutory table split into two Word tables around a
page break or a heading reads as one: rows are found by their labels.
Provenance: table index, grid row and column, raw cell text.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import evolve

from gxparse.assemble import Extraction, assemble
from gxparse.errors import ReaderError
from gxparse.readers.base import Detection, report_signal
from gxparse.readers.grid import block_rows
from gxparse.record import ReportWarning
from gxparse.sources.base import Document
from gxparse.sources.docx import DocxDocument
from gxparse.sources.grid import grids, text_of


class DocxTableReader:
    name: ClassVar[str] = "docx-table"
    formats: ClassVar[tuple[str, ...]] = ("docx",)

    def detect(self, doc: Document) -> Detection:
        if not isinstance(doc, DocxDocument):
            return Detection.no("not a Word document")
        signal = report_signal(text_of(doc.blocks))
        if signal == 0:
            return Detection.no("no report table landmarks in the document")
        tables = len(grids(doc.blocks))
        score = signal * (0.5 + 0.5 * min(1.0, tables / 3))
        return Detection(round(score, 3), (f"{tables} Word tables", f"landmarks {signal:.2f}"))

    def read(self, doc: Document) -> Extraction:
        if not isinstance(doc, DocxDocument):
            raise ReaderError("docx-table reads Word documents only")
        extraction = assemble(block_rows(doc.blocks), path=doc.path)
        if doc.converted_from:
            note = ReportWarning(
                "converted_by_libreoffice",
                f"legacy {doc.converted_from} file converted to DOCX with LibreOffice "
                "before reading",
                "source",
            )
            extraction = evolve(extraction, warnings=(note, *extraction.warnings))
        return extraction
